import * as vscode from 'vscode';
import type { EditorFix } from '../core/service/protocol';
import { ruleIdOf, toRange, toSpan } from './diagnostics';
import type { DocumentAnalyzer } from './document-analyzer';
import { editorSettingsOf, settingsFor } from './settings';
import type { AnalysisWorkerClient } from './worker-client';
import { docsUrl } from '../core/rule';
import { isRuleId } from '../core/finding';

export const APPLY_FIX_COMMAND = 'workloadShape.applyFix';

export interface ApplyFixArguments {
  uri: string;
  version: number;
  fix: EditorFix;
}

/**
 * Per diagnostic: the fixes the worker can make safely (the safest preferred), "Disable <rule> for
 * this line", "Explain: concurrency vs parallelism" and "Show documentation". Fixes run through a
 * command so they are applied only if the document is still at the version they were computed for.
 */
export class WorkloadShapeCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(
    private readonly client: AnalysisWorkerClient,
    private readonly analyzer: DocumentAnalyzer,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext, token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    const ours = context.diagnostics.filter((d) => ruleIdOf(d) !== undefined);
    if (ours.length === 0) return [];
    const settings = editorSettingsOf(settingsFor(document.uri));
    this.analyzer.ensureSynced(document);
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      const ruleId = ruleIdOf(diagnostic)!;
      if (!isRuleId(ruleId)) continue;
      const version = document.version;
      const { response } = this.client.request({ kind: 'fixes', uri: document.uri.toString(), version, settings, span: toSpan(diagnostic.range), ruleId });
      const answer = await response;
      if (token.isCancellationRequested) return [];
      if (answer.kind !== 'fixes') continue;
      for (const refusal of answer.refused) this.log.info(`${ruleId}: fix '${refusal.fixId}' not offered: ${refusal.reason}`);
      const fixes = answer.fixes.filter((f) => f.fixId !== 'disable-next-line');
      for (const fix of fixes) actions.push(this.fixAction(document, version, fix, diagnostic));
      const disable = answer.fixes.find((f) => f.fixId === 'disable-next-line');
      if (disable) actions.push(this.fixAction(document, version, disable, diagnostic));
      const explain = new vscode.CodeAction('Explain: concurrency vs parallelism', vscode.CodeActionKind.QuickFix);
      explain.diagnostics = [diagnostic];
      explain.command = {
        title: explain.title,
        command: 'workloadShape.openExplainer',
        arguments: [{ uri: document.uri.toString(), ruleId, range: toSpan(diagnostic.range) }],
      };
      actions.push(explain);
      const docs = new vscode.CodeAction(`Show documentation for ${ruleId}`, vscode.CodeActionKind.QuickFix);
      docs.diagnostics = [diagnostic];
      docs.command = { title: docs.title, command: 'workloadShape.showRuleDocs', arguments: [ruleId] };
      actions.push(docs);
    }
    return actions;
  }

  private fixAction(document: vscode.TextDocument, version: number, fix: EditorFix, diagnostic: vscode.Diagnostic): vscode.CodeAction {
    const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
    action.diagnostics = [diagnostic];
    action.isPreferred = fix.preferred;
    const args: ApplyFixArguments = { uri: document.uri.toString(), version, fix };
    action.command = { title: fix.title, command: APPLY_FIX_COMMAND, arguments: [args] };
    return action;
  }
}

/** Apply a fix if the document is still at the version it was computed for. */
export async function applyFix(args: ApplyFixArguments, log: vscode.LogOutputChannel): Promise<boolean> {
  const uri = vscode.Uri.parse(args.uri);
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === args.uri);
  if (!document || document.version !== args.version) {
    void vscode.window.showWarningMessage('Workload Shape: the file changed after this fix was computed, so it was not applied. Try the quick fix again.');
    return false;
  }
  const edit = new vscode.WorkspaceEdit();
  for (const file of args.fix.files) {
    if (file.create) {
      const target = vscode.Uri.file(file.fileName);
      edit.createFile(target, { overwrite: false, ignoreIfExists: false });
      edit.insert(target, new vscode.Position(0, 0), file.text ?? '');
    } else {
      for (const e of file.edits) edit.replace(uri, toRange(e.span), e.newText);
    }
  }
  const applied = await vscode.workspace.applyEdit(edit);
  log.info(`${applied ? 'applied' : 'could not apply'} fix '${args.fix.fixId}' to ${uri.fsPath}`);
  if (applied) {
    for (const file of args.fix.files) {
      if (file.create) {
        const created = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file.fileName);
        await created?.save();
      }
    }
  }
  return applied;
}

export function ruleDocsUri(ruleId: string): vscode.Uri {
  return vscode.Uri.parse(docsUrl(ruleId as never));
}
