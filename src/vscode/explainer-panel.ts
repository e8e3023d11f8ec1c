import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { isRuleId } from '../core/finding';
import type { EditorFix, Span } from '../core/service/protocol';
import { applyFix } from './code-actions';
import { toRange } from './diagnostics';
import type { DocumentAnalyzer } from './document-analyzer';
import { buildExampleModel, buildFindingExplainer, matchFinding, type BuiltExplainer } from './explainer-content';
import { renderExplainerHtml, renderLoadingHtml, type HtmlAssets } from './explainer-html';
import { EXPLAINER_VIEW_TYPE, parseExplainerTarget, parseWebviewMessage, parseWebviewState, type ExplainerModel, type ExtensionToWebview } from './explainer-protocol';
import { shiftRange } from './explainer-range';
import { editorSettingsOf, settingsFor } from './settings';
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

/** What a message from the panel led to (returned to tests through ExplainerHandle.receive). */
export type MessageOutcome =
  | { accepted: false; reason: string }
  | { accepted: true; type: 'applyFix'; applied: boolean }
  | { accepted: true; type: 'reveal' }
  | { accepted: true; type: 'refresh' };

/**
 * What `show` (and so the `workloadShape.openExplainer` command) resolves to: the model the panel
 * now shows, and the panel's own message handler, so in-host tests can act as the webview does.
 */
export interface ExplainerHandle {
  readonly model: ExplainerModel;
  receive(message: unknown): Promise<MessageOutcome>;
}

/** Locations the panel was given, with the document version they belong to. */
interface Rendered {
  renderId: string;
  model: ExplainerModel;
  target?: ExplainerTarget;
  version?: number;
  fixes: Map<string, EditorFix>;
  locations: Map<string, Span>;
}

const ANALYSIS_ATTEMPTS = 3;

/**
 * The explainer: one panel, reused and revealed; rebuilt from its target after a window reload.
 * Every message from the webview is parsed and then checked against what this render sent: a
 * reveal may only name a location the panel was given, an apply only the fix it was offered.
 */
export class ExplainerPanel {
  static readonly viewType = EXPLAINER_VIEW_TYPE;
  private static current: ExplainerPanel | undefined;

  private rendered: Rendered | undefined;
  private generation = 0;
  private documentChanged = false;
  private readonly disposables: vscode.Disposable[] = [];

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly services: ExplainerServices,
  ) {
    panel.webview.options = webviewOptions(services.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(services.extensionUri, 'media', 'explainer-icon.svg');
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)),
      vscode.workspace.onDidChangeTextDocument((event) => this.onDocumentChanged(event)),
    );
  }

  static async show(services: ExplainerServices, target?: ExplainerTarget): Promise<ExplainerHandle> {
    const checked = target === undefined ? undefined : validTarget(target);
    if (target !== undefined && !checked) services.log.warn('explainer: ignored a malformed target; showing the example');
    if (!ExplainerPanel.current) {
      const panel = vscode.window.createWebviewPanel(ExplainerPanel.viewType, 'Concurrency vs Parallelism', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, webviewOptions(services.extensionUri));
      ExplainerPanel.current = new ExplainerPanel(panel, services);
    } else {
      ExplainerPanel.current.panel.reveal(undefined, false);
    }
    return ExplainerPanel.current.render(checked);
  }

  /** After a window reload: the serializer hands back the panel and the state the webview kept. */
  static async revive(services: ExplainerServices, panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    ExplainerPanel.current?.panel.dispose();
    const explainer = new ExplainerPanel(panel, services);
    ExplainerPanel.current = explainer;
    const target = parseWebviewState(state).target;
    await explainer.render(target ? validTarget(target) : undefined);
  }

  /** Reads the model when asked: a render superseded by a newer one hands out the newer model. */
  private handle(): ExplainerHandle {
    const panel = this;
    return {
      get model() {
        return panel.rendered?.model ?? buildExampleModel();
      },
      receive: (message) => this.receive(message),
    };
  }

  private assets(renderId: string): HtmlAssets {
    const webview = this.panel.webview;
    const root = this.services.extensionUri;
    return {
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'media', 'explainer.css')).toString(),
      renderId,
    };
  }

  private async render(target: ExplainerTarget | undefined): Promise<ExplainerHandle> {
    const generation = ++this.generation;
    const renderId = randomBytes(9).toString('base64url');
    if (target) this.panel.webview.html = renderLoadingHtml(this.assets(renderId));
    let built: BuiltExplainer & { version?: number };
    try {
      built = target ? await this.buildForTarget(target, renderId) : { model: buildExampleModel(), fixes: new Map(), locations: new Map() };
    } catch (error) {
      this.services.log.error(`explainer: ${error instanceof Error ? error.message : String(error)}`);
      built = { model: buildExampleModel('Workload Shape could not read this problem, so here is the built-in example.'), fixes: new Map(), locations: new Map() };
    }
    // A newer show() (another code action, a refresh) won meanwhile: its render stands.
    if (generation !== this.generation) return this.handle();
    const found = built.model.mode === 'finding';
    this.rendered = { renderId, model: built.model, target: found ? target : undefined, version: built.version, fixes: built.fixes, locations: built.locations };
    this.documentChanged = false;
    this.panel.title = found && built.model.functionName ? `Explain: ${built.model.functionName}` : 'Concurrency vs Parallelism';
    this.panel.webview.html = renderExplainerHtml(built.model, this.assets(renderId));
    return this.handle();
  }

  private async buildForTarget(target: ExplainerTarget, renderId: string): Promise<BuiltExplainer & { version?: number }> {
    const uri = vscode.Uri.parse(target.uri, true);
    const document = await vscode.workspace.openTextDocument(uri);
    const settings = editorSettingsOf(settingsFor(document.uri));
    for (let attempt = 0; attempt < ANALYSIS_ATTEMPTS; attempt++) {
      const version = document.version;
      this.services.analyzer.ensureSynced(document);
      const analysis = await this.services.client.request({ kind: 'analyze', uri: target.uri, version, settings }).response;
      if (analysis.kind === 'stale' || document.version !== version) continue; // edited meanwhile: read again
      if (analysis.kind !== 'analysis') throw new Error(`analysis of ${uri.fsPath} failed: ${analysis.kind === 'error' ? analysis.message : analysis.kind}`);
      const finding = matchFinding(analysis.findings, target);
      const where = `${vscode.workspace.asRelativePath(uri)}:${target.range.start.line + 1}`;
      if (!finding) {
        return {
          model: buildExampleModel(`Workload Shape no longer reports ${target.ruleId} at ${where}: perhaps it was fixed. Here is the built-in example instead.`),
          fixes: new Map(),
          locations: new Map(),
        };
      }
      const fixes = await this.services.client.request({ kind: 'fixes', uri: target.uri, version, settings, span: finding.span, ruleId: finding.ruleId }).response;
      if (fixes.kind === 'stale' || document.version !== version) continue;
      const built = buildFindingExplainer({
        target: { uri: target.uri, ruleId: finding.ruleId, range: finding.span },
        finding,
        text: document.getText(),
        fileLabel: vscode.workspace.asRelativePath(uri),
        fixes: fixes.kind === 'fixes' ? fixes.fixes : [],
        refused: fixes.kind === 'fixes' ? fixes.refused : [],
        renderId,
      });
      for (const refusal of fixes.kind === 'fixes' ? fixes.refused : []) this.services.log.info(`explainer: ${finding.ruleId}: fix '${refusal.fixId}' not offered: ${refusal.reason}`);
      return { ...built, version };
    }
    throw new Error(`${uri.fsPath} kept changing while it was analysed`);
  }

  /** The single entry for messages from the webview (and from tests, through the handle). */
  private async receive(raw: unknown): Promise<MessageOutcome> {
    const message = parseWebviewMessage(raw);
    const rendered = this.rendered;
    const refuse = (reason: string): MessageOutcome => {
      this.services.log.warn(`explainer: refused a message from the panel: ${reason}`);
      return { accepted: false, reason };
    };
    if (!message) return refuse('not a message of the explainer protocol');
    if (!rendered) return refuse('nothing rendered yet');
    switch (message.type) {
      case 'reveal': {
        const range = rendered.locations.get(message.locationId);
        if (!range || !rendered.target) return refuse(`unknown location '${message.locationId}'`);
        await this.reveal(rendered.target.uri, range);
        return { accepted: true, type: 'reveal' };
      }
      case 'applyFix': {
        const fix = rendered.fixes.get(message.fixId);
        if (!fix || !rendered.target || rendered.version === undefined) return refuse(`unknown fix '${message.fixId}'`);
        rendered.fixes.delete(message.fixId); // once: a second click must not apply it twice
        const applied = await applyFix({ uri: rendered.target.uri, version: rendered.version, fix }, this.services.log);
        if (applied) {
          this.post({ type: 'fixResult', fixId: message.fixId, outcome: 'applied', text: 'Fix applied. Undo (Ctrl+Z in the editor) takes it back.' });
        } else {
          const stale = this.documentChanged;
          if (!stale) rendered.fixes.set(message.fixId, fix);
          this.post({
            type: 'fixResult',
            fixId: message.fixId,
            outcome: stale ? 'stale' : 'failed',
            text: stale ? 'The file changed after this fix was computed, so it was not applied. Refresh to compute it again.' : 'The fix could not be applied; see the Workload Shape log.',
          });
        }
        return { accepted: true, type: 'applyFix', applied };
      }
      case 'refresh': {
        if (!rendered.target) return refuse('nothing to refresh');
        await this.render(rendered.target);
        return { accepted: true, type: 'refresh' };
      }
    }
  }

  private async reveal(uriText: string, span: Span): Promise<void> {
    const uri = vscode.Uri.parse(uriText, true);
    const document = await vscode.workspace.openTextDocument(uri);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uriText);
    const range = document.validateRange(toRange(span));
    const editor = await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, selection: range, preserveFocus: false });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /**
   * An edit of the explained document: the fix computed for the old version can no longer be
   * applied (applyFix would refuse it anyway), and the locations move with the text.
   */
  private onDocumentChanged(event: vscode.TextDocumentChangeEvent): void {
    const rendered = this.rendered;
    if (!rendered?.target || event.contentChanges.length === 0 || event.document.uri.toString() !== rendered.target.uri) return;
    for (const [id, span] of rendered.locations) rendered.locations.set(id, shiftRange(span, event.contentChanges));
    rendered.target = { ...rendered.target, range: shiftRange(rendered.target.range, event.contentChanges) };
    if (event.document.version === rendered.version) return;
    if (!this.documentChanged && rendered.fixes.size > 0) {
      this.post({ type: 'documentChanged', text: 'The file changed since this explanation was made. Refresh to see it for the current code.' });
    }
    this.documentChanged = true;
  }

  private post(message: ExtensionToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  private dispose(): void {
    if (ExplainerPanel.current === this) ExplainerPanel.current = undefined;
    this.generation++;
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist')],
  };
}

/** A target from a command argument or restored state: well-formed, and one of our rules. */
function validTarget(raw: unknown): ExplainerTarget | undefined {
  const target = parseExplainerTarget(raw);
  return target && isRuleId(target.ruleId) ? target : undefined;
}

export function registerExplainerSerializer(services: ExplainerServices): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(ExplainerPanel.viewType, {
    deserializeWebviewPanel: (panel, state) => ExplainerPanel.revive(services, panel, state),
  });
}
