import * as path from 'node:path';
import * as vscode from 'vscode';
import { applyFix, APPLY_FIX_COMMAND, ruleDocsUri, WorkloadShapeCodeActions, type ApplyFixArguments } from './vscode/code-actions';
import { SOURCE } from './vscode/diagnostics';
import { DocumentAnalyzer } from './vscode/document-analyzer';
import { AnalysisStatus } from './vscode/status';
import { AnalysisWorkerClient } from './vscode/worker-client';
import { analyseWorkspace } from './vscode/workspace-analysis';
import { ExplainerPanel, registerExplainerSerializer, type ExplainerTarget } from './vscode/explainer-panel';

/** What the extension exposes to its integration tests (and to nobody else). */
export interface WorkloadShapeApi {
  analyzer: DocumentAnalyzer;
  collection: vscode.DiagnosticCollection;
  client: AnalysisWorkerClient;
}

/**
 * Activation only wires: the analysis worker (which loads TypeScript) starts on the first
 * document to analyse, never on the extension host thread.
 */
export function activate(context: vscode.ExtensionContext): WorkloadShapeApi {
  const log = vscode.window.createOutputChannel('Workload Shape', { log: true });
  const collection = vscode.languages.createDiagnosticCollection(SOURCE);
  const status = new AnalysisStatus();
  const client = new AnalysisWorkerClient(context.extensionPath, log, context.globalStorageUri.scheme === 'file' ? context.globalStorageUri.fsPath : undefined);
  const analyzer = new DocumentAnalyzer(client, collection, status, log);
  const selector: vscode.DocumentSelector = [
    { language: 'typescript', scheme: 'file' },
    { language: 'typescriptreact', scheme: 'file' },
    { language: 'typescript', scheme: 'untitled' },
    { language: 'typescriptreact', scheme: 'untitled' },
  ];
  const services = { client, analyzer, log, extensionUri: context.extensionUri };

  context.subscriptions.push(
    log,
    collection,
    status,
    client,
    analyzer,
    vscode.languages.registerCodeActionsProvider(selector, new WorkloadShapeCodeActions(client, analyzer, log), WorkloadShapeCodeActions.metadata),
    vscode.commands.registerCommand(APPLY_FIX_COMMAND, (args: ApplyFixArguments) => applyFix(args, log)),
    vscode.commands.registerCommand('workloadShape.showLog', () => log.show()),
    vscode.commands.registerCommand('workloadShape.analyseWorkspace', () => analyseWorkspace(client, collection, log)),
    vscode.commands.registerCommand('workloadShape.openExplainer', (target?: ExplainerTarget) => ExplainerPanel.show(services, target)),
    vscode.commands.registerCommand('workloadShape.showRuleDocs', async (ruleId: string) => {
      const bundled = vscode.Uri.file(path.join(context.extensionPath, 'dist', 'docs', `${ruleId}.md`));
      try {
        await vscode.workspace.fs.stat(bundled);
        await vscode.commands.executeCommand('markdown.showPreview', bundled);
      } catch {
        await vscode.env.openExternal(ruleDocsUri(ruleId));
      }
    }),
    registerExplainerSerializer(services),
  );
  log.info('Workload Shape activated');
  return { analyzer, collection, client };
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
