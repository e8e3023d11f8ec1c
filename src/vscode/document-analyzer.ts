import * as vscode from 'vscode';
import type { AnalysisWorkerClient } from './worker-client';
import { diagnosticsFromPages } from './diagnostics';
import { editorSettingsOf, isExcluded, settingsFor } from './settings';
import type { AnalysisStatus } from './status';

const LANGUAGES = new Set(['typescript', 'typescriptreact']);
const SCHEMES = new Set(['file', 'untitled', 'vscode-remote']);

export function isRelevant(document: vscode.TextDocument): boolean {
  return LANGUAGES.has(document.languageId) && SCHEMES.has(document.uri.scheme);
}

/**
 * Keeps the worker's copy of each open TypeScript document in sync (incremental changes, sent at
 * once — they are small) and asks for analysis after a debounce; an edit cancels the queued
 * analysis of the previous version. Diagnostics are published only for the version they describe.
 */
export class DocumentAnalyzer implements vscode.Disposable {
  private readonly synced = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly inFlight = new Map<string, number>();
  /** The latest run per document: an older run that is still converting must not publish. */
  private readonly latestRun = new Map<string, object>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly analysed = new vscode.EventEmitter<{ uri: vscode.Uri; version: number; count: number; total: number }>();
  /**
   * Fires after diagnostics for a document version were published (used by tests and the
   * explainer): `count` diagnostics published, `total` findings made (more when past the limit).
   */
  readonly onDidAnalyse = this.analysed.event;

  constructor(
    private readonly client: AnalysisWorkerClient,
    readonly collection: vscode.DiagnosticCollection,
    private readonly status: AnalysisStatus,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      this.analysed,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.changed(e)),
      vscode.workspace.onDidSaveTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidCloseTextDocument((d) => this.closed(d)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('workloadShape')) this.reanalyseAll();
      }),
      client.onDidRestart(() => {
        this.synced.clear();
        this.reanalyseAll();
      }),
    );
    this.reanalyseAll();
  }

  reanalyseAll(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  private changed(event: vscode.TextDocumentChangeEvent): void {
    const document = event.document;
    if (!isRelevant(document)) return;
    const key = document.uri.toString();
    const known = this.synced.get(key);
    if (known !== undefined && event.contentChanges.length > 0) {
      this.client.notify({
        kind: 'change',
        uri: key,
        version: document.version,
        changes: event.contentChanges.map((c) => ({ rangeOffset: c.rangeOffset, rangeLength: c.rangeLength, text: c.text })),
      });
      this.synced.set(key, document.version);
    }
    const previous = this.inFlight.get(key);
    if (previous !== undefined) this.client.cancel(previous);
    this.schedule(document, settingsFor(document.uri).debounceMs);
  }

  private closed(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.latestRun.delete(key);
    this.collection.delete(document.uri);
    if (this.synced.delete(key)) this.client.notify({ kind: 'close', uri: key });
  }

  schedule(document: vscode.TextDocument, delayMs: number): void {
    if (!isRelevant(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.run(document);
      }, delayMs),
    );
  }

  /** Make sure the worker holds this exact version; send the whole text when in doubt. */
  ensureSynced(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (this.synced.get(key) === document.version) return;
    this.client.notify({ kind: 'open', uri: key, fileName: document.uri.fsPath || document.fileName, version: document.version, text: document.getText() });
    this.synced.set(key, document.version);
  }

  private async run(document: vscode.TextDocument): Promise<void> {
    if (document.isClosed) return;
    const run = {};
    this.latestRun.set(document.uri.toString(), run);
    const settings = settingsFor(document.uri);
    if (!settings.enable || isExcluded(document, settings.exclude)) {
      this.collection.delete(document.uri);
      if (!settings.enable) this.status.disabled();
      return;
    }
    this.ensureSynced(document);
    const key = document.uri.toString();
    const version = document.version;
    const { id, response } = this.client.request({ kind: 'diagnose', uri: key, version, settings: editorSettingsOf(settings) });
    this.inFlight.set(key, id);
    this.status.busy(`analysing ${vscode.workspace.asRelativePath(document.uri)}`);
    const answer = await response;
    if (this.inFlight.get(key) === id) this.inFlight.delete(key);
    if (answer.kind === 'diagnosis') {
      // Else a newer version (or a settings change) is on its way.
      const current = () => !document.isClosed && document.version === answer.version && this.latestRun.get(key) === run;
      if (!current()) return;
      const diagnostics = await diagnosticsFromPages(document.uri, answer.pages, answer.total, current);
      if (!diagnostics) return;
      this.collection.set(document.uri, diagnostics);
      this.status.analysed(answer.ms, answer.total, answer.usedTypes);
      this.log.debug(`${vscode.workspace.asRelativePath(document.uri)} v${version}: ${answer.total} findings in ${answer.ms.toFixed(1)} ms${answer.parseProblem ? ` (does not parse yet: ${answer.parseProblem})` : ''}`);
      this.analysed.fire({ uri: document.uri, version, count: diagnostics.length, total: answer.total });
    } else if (answer.kind === 'error') {
      this.log.error(`analysis of ${document.uri.fsPath} failed: ${answer.message}`);
      this.status.failed(answer.message);
      this.synced.delete(key); // resend the whole text next time
    } else {
      this.status.idle();
    }
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const d of this.disposables) d.dispose();
  }
}
