// UI smoke test: a real VS Code workbench (code-server in Chromium) with the extension loaded from
// this repository, driven from plain Node. Run with `npm run test:ui`.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { findRepoRoot } from '../vscode-host/host';
import { openWorkbench, type Workbench } from '../vscode-host/workbench';

const fixtureWorkspace = join(findRepoRoot(), 'test', 'fixtures', 'workspace');

describe('workbench (UI smoke)', function () {
  this.timeout(180_000);
  let workbench: Workbench | undefined;

  before(async () => {
    workbench = await openWorkbench({ folder: fixtureWorkspace });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench) {
      await workbench.screenshot(`failed-${this.currentTest.fullTitle()}`).catch(() => undefined);
    }
  });

  after(async () => {
    await workbench?.close();
  });

  it('shows a TypeScript file of the fixture workspace in the editor', async () => {
    await workbench!.openFile('sequential.ts');
    const text = await workbench!.editorText();
    assert.match(text, /export async function loadDashboard\(customerId: string\)/);
    assert.match(text, /const user = await fetchUser\(customerId\);/);
    assert.match(text, /const orders = await fetchOrders\(customerId\);/);
    await workbench!.screenshot('ui-smoke-sequential-ts');
  });
});
