// Shared by the in-host integration tests: the fixture workspace, the extension's test API, and
// waits for diagnostics and analyses (never fixed sleeps: the host's speed varies a lot in CI).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import type { WorkloadShapeApi } from '../../src/extension';

export const EXTENSION_ID = 'workload-shape.workload-shape';
export const SOURCE = 'workload-shape';

/** The repository root, from out/test/integration (compiled) — where test-artifacts/ lives. */
export const repoRoot = resolve(__dirname, '..', '..', '..');

export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('The integration tests need test/fixtures/workspace open as the window folder');
  return folder;
}

export function fixtureUri(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder().uri, ...relativePath.split('/'));
}

export async function api(): Promise<WorkloadShapeApi> {
  const extension = vscode.extensions.getExtension<WorkloadShapeApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  return extension.isActive ? extension.exports : extension.activate();
}

/**
 * code-server defaults `files.autoSave` to afterDelay (desktop VS Code: off), which would write the
 * tests' edits into the repository's fixture files a second later. Off for the whole run.
 */
export async function keepFixturesUnsaved(): Promise<void> {
  const files = vscode.workspace.getConfiguration('files');
  if (files.get('autoSave') !== 'off') await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
}

export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function ruleOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : code === undefined ? undefined : String(code);
}

/** Resolves once `condition` holds, checking on every diagnostics change and every 100 ms. */
export async function waitFor<T>(condition: () => T | undefined | false, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = condition();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise<void>((resolveWait) => {
      const timer = setTimeout(done, 100);
      const listener = vscode.languages.onDidChangeDiagnostics(done);
      function done() {
        clearTimeout(timer);
        listener.dispose();
        resolveWait();
      }
    });
  }
}

/** Our diagnostics of `uri` once `accept` approves them. */
export function waitForDiagnostics(uri: vscode.Uri, accept: (diagnostics: vscode.Diagnostic[]) => boolean, what: string, timeoutMs?: number): Promise<vscode.Diagnostic[]> {
  return waitFor(() => {
    const diagnostics = ourDiagnostics(uri);
    return accept(diagnostics) ? diagnostics : undefined;
  }, `${what} (${vscode.workspace.asRelativePath(uri)})`, timeoutMs);
}

/**
 * Resolves when the analyzer publishes diagnostics for the document's current version: `count`
 * diagnostics, `total` findings. Call it before the analysis can finish (right after the change).
 */
export function analysisOf(workloadShape: WorkloadShapeApi, document: vscode.TextDocument, timeoutMs = 30_000): Promise<{ count: number; total: number }> {
  const version = document.version;
  return new Promise((resolveAnalysis, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`No analysis of ${vscode.workspace.asRelativePath(document.uri)} v${version} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = workloadShape.analyzer.onDidAnalyse((event) => {
      if (event.uri.toString() !== document.uri.toString() || event.version !== version) return;
      clearTimeout(timer);
      listener.dispose();
      resolveAnalysis({ count: event.count, total: event.total });
    });
  });
}

export async function openFixture(relativePath: string): Promise<{ document: vscode.TextDocument; editor: vscode.TextEditor }> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(relativePath));
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  return { document, editor };
}

/** Undo unsaved edits of a test: the fixture files on disk are shared with other tests. */
export async function revert(document: vscode.TextDocument): Promise<void> {
  if (!document.isDirty) return;
  await vscode.window.showTextDocument(document, { preview: false });
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await waitFor(() => !document.isDirty, `${vscode.workspace.asRelativePath(document.uri)} to be reverted`, 10_000);
}

export function range(startLine: number, startCharacter: number, endLine: number, endCharacter: number): vscode.Range {
  return new vscode.Range(startLine, startCharacter, endLine, endCharacter);
}

/** `[[startLine, startChar], [endLine, endChar]]`, for readable deepEqual failures. */
export function plain(r: vscode.Range): [[number, number], [number, number]] {
  return [
    [r.start.line, r.start.character],
    [r.end.line, r.end.character],
  ];
}

export function writeArtifact(name: string, value: unknown): string {
  const dir = join(repoRoot, 'test-artifacts');
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
  return path;
}
