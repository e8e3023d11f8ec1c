// Runs inside a real VS Code extension host (desktop via @vscode/test-electron, or code-server via
// test/vscode-host/shim.ts) with test/fixtures/workspace open.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

const extensionId = 'workload-shape.workload-shape';

async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('extension smoke', () => {
  it('is loaded from the development path', () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is not among the loaded extensions`);
    assert.equal((extension.packageJSON as { name?: string }).name, 'workload-shape');
  });

  it('opens the fixture workspace', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1);
    assert.equal(path.basename(folders[0]!.uri.fsPath), 'workspace');
  });

  it('activates when a TypeScript file of the workspace opens', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension);
    const folder = vscode.workspace.workspaceFolders![0]!;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'src', 'sequential.ts'));
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'typescript');
    await waitFor(() => extension.isActive, `${extensionId} to activate`);
  });
});
