// Runs first (files run in name order): the extension is not active yet, so this measures what a
// user waits for after opening a TypeScript file in a fresh window — activation, the analysis
// worker's start-up and the first analysis — and, for comparison, the same once everything is warm.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { AnalysisWorkerClient } from '../../src/vscode/worker-client';
import { api, EXTENSION_ID, fixtureUri, ourDiagnostics, waitFor, waitForDiagnostics, writeArtifact } from './workspace-fixture';

/** A worker of our own next to the extension's: start it, open a file, wait for its diagnosis. */
async function startAndDiagnose(extensionPath: string, codeCacheDir: string | undefined, file: vscode.Uri, lingerMs = 0): Promise<number> {
  const quiet = { info() {}, warn() {}, error() {}, debug() {}, trace() {} } as unknown as vscode.LogOutputChannel;
  const client = new AnalysisWorkerClient(extensionPath, quiet, codeCacheDir);
  try {
    const started = performance.now();
    const settings = { severities: {}, loopCost: { largeIterationCount: 10_000, nestedDepth: 2 }, useTypes: true };
    client.notify({ kind: 'open', uri: file.toString(), fileName: file.fsPath, version: 1, text: readFileSync(file.fsPath, 'utf8') });
    const answer = await client.request({ kind: 'diagnose', uri: file.toString(), version: 1, settings }).response;
    assert.equal(answer.kind, 'diagnosis');
    const elapsed = Math.round(performance.now() - started);
    // Kept alive past the worker's idle second, when it (re)writes a cache it did not start from.
    if (lingerMs > 0) await new Promise((resolve) => setTimeout(resolve, lingerMs));
    return elapsed;
  } finally {
    client.dispose();
  }
}

// The times are measurements, printed and written to test-artifacts/first-diagnostic.json, not assertions:
// a shared 2-core CI machine makes any budget either too loose to mean anything or flaky (the repository
// keeps timing out of its assertions; `npm run bench` is where speed is compared). What is asserted is what
// must hold on any machine: the diagnostics arrive, and the code cache is accepted.

describe('time to first diagnostic', function () {
  this.timeout(60_000);
  const figures: Record<string, number> = {};

  after(() => {
    const path = writeArtifact('first-diagnostic.json', figures);
    console.log(
      `FIRST-DIAGNOSTIC: cold ${figures.coldMs} ms (activation ${figures.activationMs} ms), next file ${figures.warmMs} ms; ` +
        `worker start to first diagnosis ${figures.workerStartNoCacheMs} ms without code cache, ${figures.workerStartWithCacheMs} ms with → ${path}`,
    );
  });

  it('shows the first diagnostic soon after a TypeScript file opens in a fresh window', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    assert.equal(extension.isActive, false, 'the extension must not be active before a TypeScript file opens (this file must run first)');
    // The fixture the team measures by hand: two awaits, so the first answer needs type information.
    const uri = fixtureUri('src/sequential.ts');
    const started = performance.now();
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    await waitFor(() => extension.isActive, `${EXTENSION_ID} to activate`);
    figures.activationMs = Math.round(performance.now() - started);
    await waitForDiagnostics(uri, (d) => d.length > 0, 'the first diagnostic');
    figures.coldMs = Math.round(performance.now() - started);
    assert.ok(ourDiagnostics(uri).some((d) => d.code !== undefined), 'the first diagnostic is one of ours, with its rule id');
  });

  it('shows diagnostics of the next file within the debounce and one analysis', async () => {
    await api();
    const uri = fixtureUri('src/config-loader.ts');
    assert.equal(ourDiagnostics(uri).length, 0);
    const started = performance.now();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await waitForDiagnostics(uri, (d) => d.length > 0, 'diagnostics of a second file');
    figures.warmMs = Math.round(performance.now() - started);
    assert.ok(ourDiagnostics(uri).length > 0);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('starts the analysis worker from its code cache, which V8 accepts', async () => {
    const { client } = await api();
    const cacheFile = client.codeCacheFile;
    assert.ok(cacheFile, 'the extension keeps a code cache in its global storage');
    // Written once the worker has answered and been idle for a second.
    await waitFor(() => existsSync(cacheFile), `the code cache ${cacheFile}`, 30_000);
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    const file = fixtureUri('src/notify.ts');
    // Interleaved, best of two each: this machine's load varies from one second to the next.
    const withoutCache: number[] = [];
    const withCache: number[] = [];
    for (let i = 0; i < 2; i++) {
      withoutCache.push(await startAndDiagnose(extensionPath, undefined, file));
      withCache.push(await startAndDiagnose(extensionPath, dirname(cacheFile), file));
    }
    figures.workerStartNoCacheMs = Math.min(...withoutCache);
    figures.workerStartWithCacheMs = Math.min(...withCache);
    // A rejected cache is rewritten a second after the worker goes idle: an accepted one stays as it was.
    const before = statSync(cacheFile).mtimeMs;
    await startAndDiagnose(extensionPath, dirname(cacheFile), file, 2_500);
    assert.equal(statSync(cacheFile).mtimeMs, before, 'V8 rejected the code cache, so the worker rewrote it');
  });
});
