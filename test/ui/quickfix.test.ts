// A person's path through the real workbench (code-server in Chromium, see test/vscode-host): open
// a file with sequential awaits, see the squiggle and the Problems entry, press Ctrl+. and pick the
// Promise.all fix, see the file change; then open the explainer from the command palette.
// Screenshots go to test-artifacts/quickfix-*.png.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { findRepoRoot } from '../vscode-host/host';
import { openWorkbench, type Workbench } from '../vscode-host/workbench';

const fixtureWorkspace = join(findRepoRoot(), 'test', 'fixtures', 'workspace');

describe('quick fix in the workbench (UI)', function () {
  this.timeout(180_000);
  let workbench: Workbench;

  before(async () => {
    workbench = await openWorkbench({ folder: fixtureWorkspace });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await workbench.screenshot(`failed-${this.currentTest.fullTitle()}`).catch(() => undefined);
  });

  after(async () => {
    await workbench?.close();
  });

  it('shows the squiggle and the Problems entry for three sequential awaits', async () => {
    // A fresh window: VS Code's TypeScript servers, the workbench and our worker all start now.
    const started = performance.now();
    await workbench.openFile('profile.ts');
    const squiggle = await workbench.waitForSquiggle('warning', 60_000);
    console.log(`UI-FIRST-SQUIGGLE: ${Math.round(performance.now() - started)} ms from Quick Open to the squiggle of profile.ts`);
    // The finding starts at `const account` (line 13): the squiggle is drawn on that line.
    const box = await squiggle.boundingBox();
    assert.ok(box && box.width > 0);
    await workbench.openProblems();
    await workbench.page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'independent awaits' }).first().waitFor();
    const rows = await workbench.problemRows();
    const problem = rows.find((row) => row.includes('3 independent awaits run one after another in loadProfile'));
    assert.ok(problem, `Problems rows: ${rows.join(' | ')}`);
    assert.match(problem, /workload-shape/, 'the source is shown');
    assert.match(problem, /sequential-awaits/, 'the rule id is shown');
    assert.match(problem, /\[Ln 13, Col 3\]/, 'at the first await');
    assert.ok(rows.some((row) => row.includes('await 2 of 3: fetchInvoices(accountId)')), 'related information is listed under the problem');
    await workbench.screenshot('quickfix-1-squiggle-and-problems');
  });

  it('applies the Promise.all fix chosen with Ctrl+.', async () => {
    await workbench.quickFix('Run 3 awaits concurrently with Promise.all', { problem: '3 independent awaits' });
    await workbench.page.locator('.editor-group-container.active .view-lines').filter({ hasText: 'await Promise.all([' }).waitFor();
    const text = await workbench.editorText();
    assert.match(text, /const \[account, invoices, tickets\] = await Promise\.all\(\[/);
    assert.match(text, /^\s+fetchInvoices\(accountId\),$/m);
    assert.doesNotMatch(text, /const account = await fetchAccount/);
    // Re-analysed: nothing left to report in this file, neither in the editor nor in Problems.
    await workbench.page.locator('.editor-group-container.active .monaco-editor .squiggly-warning').first().waitFor({ state: 'detached', timeout: 30_000 });
    await workbench.page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'independent awaits' }).first().waitFor({ state: 'detached', timeout: 30_000 });
    await workbench.screenshot('quickfix-2-applied');
  });

  it('opens the explainer from the command palette', async () => {
    await workbench.runCommand('Workload Shape: Explain: Concurrency vs Parallelism');
    await workbench.page.locator('.tabs-container .tab.active').filter({ hasText: 'Concurrency vs Parallelism' }).waitFor();
    const panel = workbench.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const heading = panel.locator('h1').first();
    await heading.waitFor({ timeout: 60_000 });
    assert.ok((await heading.innerText()).trim().length > 0);
    await workbench.screenshot('quickfix-3-explainer');
  });
});
