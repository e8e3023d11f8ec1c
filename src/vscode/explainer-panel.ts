import * as vscode from 'vscode';
import type { Span } from '../core/service/protocol';
import type { DocumentAnalyzer } from './document-analyzer';
import type { AnalysisWorkerClient } from './worker-client';

/** Where the explainer was opened from: a finding in a document, or nothing (built-in example). */
export interface ExplainerTarget {
  uri: string;
  ruleId: string;
  range: Span;
}

export interface ExplainerServices {
  client: AnalysisWorkerClient;
  analyzer: DocumentAnalyzer;
  log: vscode.LogOutputChannel;
  extensionUri: vscode.Uri;
}

/** First version: one reused panel; the full explainer (timeline, code side by side) replaces it. */
export class ExplainerPanel {
  static readonly viewType = 'workloadShape.explainer';
  private static current: ExplainerPanel | undefined;

  private constructor(private readonly panel: vscode.WebviewPanel) {
    panel.onDidDispose(() => {
      if (ExplainerPanel.current === this) ExplainerPanel.current = undefined;
    });
  }

  static show(services: ExplainerServices, target?: ExplainerTarget): void {
    if (!ExplainerPanel.current) {
      const panel = vscode.window.createWebviewPanel(ExplainerPanel.viewType, 'Concurrency vs Parallelism', vscode.ViewColumn.Beside, {
        enableScripts: false,
        localResourceRoots: [vscode.Uri.joinPath(services.extensionUri, 'media'), vscode.Uri.joinPath(services.extensionUri, 'dist')],
      });
      ExplainerPanel.current = new ExplainerPanel(panel);
    }
    const current = ExplainerPanel.current;
    current.panel.webview.html = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${current.panel.webview.cspSource};"></head><body><h1>Concurrency vs parallelism</h1><p>${target ? escapeHtml(target.ruleId) : 'example'}</p></body></html>`;
    current.panel.reveal();
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function registerExplainerSerializer(_services: ExplainerServices): vscode.Disposable {
  return new vscode.Disposable(() => undefined);
}
