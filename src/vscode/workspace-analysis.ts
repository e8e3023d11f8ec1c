import * as vscode from 'vscode';
import { diagnosticsFromPages, yieldToEventLoop } from './diagnostics';
import { editorSettingsOf, settingsFor } from './settings';
import type { AnalysisWorkerClient } from './worker-client';

const BATCH = 40;

/**
 * "Analyse Workspace": every TypeScript file, in batches, in the worker; a cancellable progress
 * notification; results in the Problems panel. Open documents keep their live diagnostics.
 */
export async function analyseWorkspace(client: AnalysisWorkerClient, collection: vscode.DiagnosticCollection, log: vscode.LogOutputChannel): Promise<{ files: number; findings: number; cancelled: boolean }> {
  const settings = settingsFor(undefined);
  const exclude = ['**/node_modules/**', '**/dist/**', '**/out/**', '**/*.d.ts', ...settings.exclude];
  const uris = await vscode.workspace.findFiles('**/*.{ts,tsx,mts,cts}', `{${exclude.join(',')}}`);
  const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
  const targets = uris.filter((u) => u.scheme === 'file' && !/\.d\.[mc]?ts$/.test(u.path));
  let findings = 0;
  let done = 0;
  const started = Date.now();
  const cancelled = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Workload Shape: analysing workspace', cancellable: true },
    async (progress, token) => {
      for (let i = 0; i < targets.length; i += BATCH) {
        if (token.isCancellationRequested) return true;
        const batch = targets.slice(i, i + BATCH);
        const { response } = client.request({ kind: 'analyzeFiles', files: batch.map((u) => u.fsPath), settings: editorSettingsOf(settings) });
        const answer = await response;
        if (answer.kind !== 'files') {
          log.error(`workspace analysis failed: ${answer.kind === 'error' ? answer.message : answer.kind}`);
          continue;
        }
        for (const result of answer.results) {
          const uri = vscode.Uri.file(result.fileName);
          if (result.problem) log.warn(`${vscode.workspace.asRelativePath(uri)}: skipped: ${result.problem}`);
          if (open.has(uri.toString())) continue; // live analysis owns open documents
          // One file's pages at a time, yielding between them: the event loop stays free for typing.
          const diagnostics = await diagnosticsFromPages(uri, result.pages, result.total, () => !token.isCancellationRequested);
          if (!diagnostics) return true;
          collection.set(uri, diagnostics);
          findings += result.total;
          await yieldToEventLoop();
        }
        done += batch.length;
        progress.report({ message: `${done}/${targets.length} files`, increment: (batch.length / targets.length) * 100 });
      }
      return false;
    },
  );
  log.info(`workspace analysis: ${done}/${targets.length} files, ${findings} findings in ${Date.now() - started} ms${cancelled ? ' (cancelled)' : ''}`);
  return { files: done, findings, cancelled };
}
