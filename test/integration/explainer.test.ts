// The explainer panel in a real VS Code: opened from the "Explain" code action of a sequential-awaits
// diagnostic, it names the real calls in its lanes, reveals only the locations it was given, and
// its "Apply fix" changes the document. The command resolves to the panel's handle (its model and
// its message handler), so the test talks to the panel exactly as the webview does.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';

const extensionId = 'workload-shape.workload-shape';
const explainTitle = 'Explain: concurrency vs parallelism';

/** The shape of what workloadShape.openExplainer resolves to (src/vscode/explainer-panel.ts). */
interface Lane {
  label: string;
}
interface Handle {
  model: {
    mode: 'finding' | 'example';
    title: string;
    functionName?: string;
    notice?: string;
    scenarios: Array<{ before: { lanes: Lane[] }; after: { lanes: Lane[] }; fix?: { id: string; title: string } }>;
  };
  receive(message: unknown): Promise<{ accepted: boolean; applied?: boolean; reason?: string }>;
}

async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function explainerTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('workloadShape.explainer'));
}

function sequentialDiagnostic(uri: vscode.Uri): vscode.Diagnostic | undefined {
  return vscode.languages.getDiagnostics(uri).find((d) => d.source === 'workload-shape' && typeof d.code === 'object' && d.code.value === 'sequential-awaits');
}

describe('explainer panel (in VS Code)', function () {
  this.timeout(90_000);
  let document: vscode.TextDocument;
  let onDisk: string;

  before(async () => {
    await vscode.extensions.getExtension(extensionId)!.activate();
    const folder = vscode.workspace.workspaceFolders![0]!;
    const uri = vscode.Uri.joinPath(folder.uri, 'src', 'sequential.ts');
    onDisk = readFileSync(uri.fsPath, 'utf8');
    document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
  });

  after(async () => {
    // The fixture lives in the repository: put the editor back and make sure nothing was saved.
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    if (document.isDirty) await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal(readFileSync(document.uri.fsPath, 'utf8'), onDisk, 'the fixture file on disk is unchanged');
  });

  it('opens from the diagnostic\'s code action with lanes named after the real calls, and applies the fix', async () => {
    const diagnostic = await waitFor(() => sequentialDiagnostic(document.uri), 'the sequential-awaits diagnostic');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range);
    const explain = actions.find((action) => action.title === explainTitle);
    assert.ok(explain?.command, `an "${explainTitle}" code action; offered: ${actions.map((a) => a.title).join(', ')}`);

    const handle = await vscode.commands.executeCommand<Handle>(explain.command.command, ...(explain.command.arguments ?? []));
    assert.ok(handle, 'the command resolves to the panel handle');
    const { model } = handle;
    assert.equal(model.mode, 'finding');
    assert.equal(model.functionName, 'loadDashboard');
    const scenario = model.scenarios[0]!;
    const callLanes = (lanes: Lane[]) => lanes.map((lane) => lane.label).filter((label) => label !== 'JavaScript thread');
    assert.deepEqual(callLanes(scenario.before.lanes), ['fetchUser(customerId)', 'fetchOrders(customerId)']);
    assert.deepEqual(callLanes(scenario.after.lanes), ['fetchUser(customerId)', 'fetchOrders(customerId)']);
    // The workbench reports its tabs to the extension host asynchronously.
    await waitFor(() => (explainerTabs().length > 0 ? true : undefined), 'the explainer tab');
    assert.equal(explainerTabs().length, 1, 'one explainer tab');

    // The panel refuses what it did not send.
    assert.equal((await handle.receive({ type: 'applyFix', fixId: 'someone-elses-fix' })).accepted, false);
    assert.equal((await handle.receive({ type: 'reveal', locationId: 'await-9' })).accepted, false);
    assert.equal((await handle.receive({ type: 'reveal', uri: 'file:///etc/passwd' })).accepted, false);
    assert.equal(document.getText(), onDisk, 'refused messages changed nothing');

    // "Go to" an await: the editor selects exactly that await.
    assert.equal((await handle.receive({ type: 'reveal', locationId: 'await-2' })).accepted, true);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), document.uri.toString());
    assert.equal(document.getText(editor.selection), 'await fetchOrders(customerId)');

    // "Apply fix": the version-checked applyFix rewrites the two awaits into one Promise.all.
    const fix = scenario.fix;
    assert.ok(fix, 'a fix is offered');
    const applied = await handle.receive({ type: 'applyFix', fixId: fix.id });
    assert.deepEqual({ accepted: applied.accepted, applied: applied.applied }, { accepted: true, applied: true });
    assert.match(document.getText(), /const \[user, orders\] = await Promise\.all\(\[\s*fetchUser\(customerId\),\s*fetchOrders\(customerId\),\s*\]\);/);
    assert.doesNotMatch(document.getText(), /const user = await fetchUser/);
    // A fix applies once.
    assert.equal((await handle.receive({ type: 'applyFix', fixId: fix.id })).accepted, false);
  });

  it('after an edit, refuses the old fix, follows the code for "Go to", and refreshes', async () => {
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    if (document.isDirty) await vscode.commands.executeCommand('workbench.action.files.revert');
    // Right after the revert, the last analysis may still be of the fixed text (edits are debounced): ask
    // again until the explanation is of the reverted text, which has the group and its fix.
    const deadline = Date.now() + 30_000;
    let handle: Handle;
    for (;;) {
      const diagnostic = await waitFor(() => sequentialDiagnostic(document.uri), 'the sequential-awaits diagnostic again');
      handle = await vscode.commands.executeCommand<Handle>('workloadShape.openExplainer', {
        uri: document.uri.toString(),
        ruleId: 'sequential-awaits',
        range: { start: diagnostic.range.start, end: diagnostic.range.end },
      });
      if (handle.model.scenarios[0]?.fix || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const oldFix = handle.model.scenarios[0]!.fix!;
    assert.ok(oldFix, 'the explanation of the reverted text offers its fix');

    // Two lines inserted above the function: the fix was computed for the previous version.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(0, 0), '// one\n// two\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const stale = await handle.receive({ type: 'applyFix', fixId: oldFix.id });
    assert.deepEqual({ accepted: stale.accepted, applied: stale.applied }, { accepted: true, applied: false });
    assert.match(document.getText(), /const user = await fetchUser\(customerId\);/, 'the stale fix changed nothing');

    // "Go to" still lands on the await, two lines further down.
    assert.equal((await handle.receive({ type: 'reveal', locationId: 'await-1' })).accepted, true);
    const editor = vscode.window.activeTextEditor!;
    assert.equal(document.getText(editor.selection), 'await fetchUser(customerId)');

    // Refresh computes the explanation and the fix for the current text, and that fix applies.
    assert.equal((await handle.receive({ type: 'refresh' })).accepted, true);
    const fresh = handle.model.scenarios[0]!.fix!;
    assert.notEqual(fresh.id, oldFix.id);
    assert.equal((await handle.receive({ type: 'applyFix', fixId: fresh.id })).applied, true);
    assert.match(document.getText(), /^\/\/ one\n\/\/ two\n/);
    assert.match(document.getText(), /await Promise\.all\(\[/);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('reuses the one panel and shows the built-in example from the palette', async () => {
    const handle = await vscode.commands.executeCommand<Handle>('workloadShape.openExplainer');
    assert.equal(handle.model.mode, 'example');
    assert.deepEqual(
      handle.model.scenarios[0]!.before.lanes.map((lane) => lane.label),
      ['JavaScript thread', 'getUser(id)', 'getOrders(id)'],
    );
    await new Promise((resolve) => setTimeout(resolve, 500)); // time for a second tab to be reported, if one opened
    assert.equal(explainerTabs().length, 1, 'still one explainer tab');
  });

  it('shows the example, not an error, for a malformed target or a finding that is gone', async () => {
    const malformed = await vscode.commands.executeCommand<Handle>('workloadShape.openExplainer', { uri: 42, ruleId: '<b>', range: null });
    assert.equal(malformed.model.mode, 'example');
    // The file's first lines (a comment) hold no finding.
    const gone = await vscode.commands.executeCommand<Handle>('workloadShape.openExplainer', {
      uri: document.uri.toString(),
      ruleId: 'sequential-awaits',
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } },
    });
    assert.equal(gone.model.mode, 'example');
    assert.match(gone.model.notice ?? '', /no longer reports sequential-awaits/);
  });
});
