// The extension in a real VS Code extension host, on test/fixtures/workspace: diagnostics of every
// rule (code, docs link, exact ranges, related locations), live updates as the text changes,
// code actions and the version-checked fix command, settings applied without a reload, the
// workspace analysis and the explainer panel. Expected positions are counted from the fixture text
// (0-based lines and UTF-16 characters, as VS Code has them); each is spelled out beside it.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as vscode from 'vscode';
import type { WorkloadShapeApi } from '../../src/extension';
import {
  analysisOf,
  api,
  keepFixturesUnsaved,
  fixtureUri,
  openFixture,
  ourDiagnostics,
  plain,
  revert,
  ruleOf,
  SOURCE,
  waitFor,
  waitForDiagnostics,
} from './workspace-fixture';

const DOCS = 'https://github.com/workload-shape/workload-shape/blob/main/src/core/rules';

function docsLink(ruleId: string): string {
  return `${DOCS}/${ruleId}/${ruleId}.md`;
}

/** The one diagnostic of `ruleId` on `uri`, once the analyzer has published it. */
async function onlyDiagnostic(uri: vscode.Uri, ruleId: string): Promise<vscode.Diagnostic> {
  const diagnostics = await waitForDiagnostics(uri, (d) => d.some((x) => ruleOf(x) === ruleId), `a ${ruleId} diagnostic`);
  assert.deepEqual(diagnostics.map(ruleOf), [ruleId], `exactly one finding in ${vscode.workspace.asRelativePath(uri)}`);
  return diagnostics[0]!;
}

function assertIdentity(diagnostic: vscode.Diagnostic, ruleId: string): void {
  assert.equal(diagnostic.source, SOURCE);
  assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning, 'default severity');
  const code = diagnostic.code as { value: string | number; target: vscode.Uri };
  assert.equal(typeof code, 'object', 'code carries a link to the rule docs');
  assert.equal(code.value, ruleId);
  assert.equal(code.target.toString(true), docsLink(ruleId));
  assert.ok(diagnostic.message.length > 20, 'the message says why');
}

function related(diagnostic: vscode.Diagnostic): Array<{ uri: string; range: ReturnType<typeof plain> }> {
  return (diagnostic.relatedInformation ?? []).map((r) => ({ uri: r.location.uri.toString(), range: plain(r.location.range) }));
}

/**
 * Our quick fixes at a diagnostic, as VS Code's code action machinery returns them (it drops the
 * actions' diagnostics on the way, so ours are told apart by their commands).
 */
async function codeActionsAt(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const all = await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
  return all.filter((a): a is vscode.CodeAction => 'kind' in a && a.command?.command.startsWith('workloadShape.') === true);
}

/** Applies a WorkspaceEdit that replaces `find` (first occurrence) in the document. */
async function replaceText(document: vscode.TextDocument, find: string, replacement: string): Promise<void> {
  const at = document.getText().indexOf(find);
  assert.ok(at >= 0, `"${find}" in ${vscode.workspace.asRelativePath(document.uri)}`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(at), document.positionAt(at + find.length)), replacement);
  assert.ok(await vscode.workspace.applyEdit(edit), 'edit applied');
}

describe('Workload Shape in VS Code', function () {
  this.timeout(90_000);
  let workloadShape: WorkloadShapeApi;

  const fixtureFiles = ['profile.ts', 'notify.ts', 'checksum.ts', 'config-loader.ts', 'shipping.ts', 'audit.ts', 'inventory/stock-report.ts'].map((f) => fixtureUri(`src/${f}`).fsPath);
  const onDisk = new Map<string, string>();

  before(async () => {
    workloadShape = await api();
    await keepFixturesUnsaved();
    for (const file of fixtureFiles) onDisk.set(file, readFileSync(file, 'utf8'));
  });

  after(() => {
    // Edits are the tests' own business: none may reach the repository's fixture files.
    for (const file of fixtureFiles) assert.equal(readFileSync(file, 'utf8'), onDisk.get(file), `${file} was saved`);
  });

  afterEach(async () => {
    for (const document of vscode.workspace.textDocuments) await revert(document);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  describe('diagnostics of each rule', () => {
    it('sequential-awaits: the group of awaits, each await as related information', async () => {
      const uri = fixtureUri('src/profile.ts');
      await openFixture('src/profile.ts');
      const diagnostic = await onlyDiagnostic(uri, 'sequential-awaits');
      assertIdentity(diagnostic, 'sequential-awaits');
      // Lines 13–15 (1-based) hold the three awaits; the finding spans from `const account` to the
      // `;` after `fetchTickets(accountId)` (2 spaces + 46 characters).
      assert.deepEqual(plain(diagnostic.range), [[12, 2], [14, 48]]);
      // Each related location is one `await …(accountId)` expression: `  const account = ` is 18
      // characters, `await fetchAccount(accountId)` 29; `  const invoices = ` 19 and 30;
      // `  const tickets = ` 18 and 29.
      assert.deepEqual(related(diagnostic), [
        { uri: uri.toString(), range: [[12, 18], [12, 47]] },
        { uri: uri.toString(), range: [[13, 19], [13, 49]] },
        { uri: uri.toString(), range: [[14, 18], [14, 47]] },
      ]);
    });

    it('await-in-loop: the awaited call, with the loop as related information', async () => {
      const uri = fixtureUri('src/notify.ts');
      await openFixture('src/notify.ts');
      const diagnostic = await onlyDiagnostic(uri, 'await-in-loop');
      assertIdentity(diagnostic, 'await-in-loop');
      // Line 6: `    await sendEmail(address, subject);` — the await expression, characters 4–37.
      assert.deepEqual(plain(diagnostic.range), [[5, 4], [5, 37]]);
      // Line 5: the loop's header `for (const address of addresses)`, characters 2–34.
      assert.deepEqual(related(diagnostic), [{ uri: uri.toString(), range: [[4, 2], [4, 34]] }]);
    });

    it('blocking-loop: the loop, with the bound that makes it heavy as related information', async () => {
      const uri = fixtureUri('src/checksum.ts');
      await openFixture('src/checksum.ts');
      const diagnostic = await onlyDiagnostic(uri, 'blocking-loop');
      assertIdentity(diagnostic, 'blocking-loop');
      // Lines 4–6: from `for` (character 2) to the loop's closing brace (character 3).
      assert.deepEqual(plain(diagnostic.range), [[3, 2], [5, 3]]);
      // `  for (let i = 0; i < ` is 22 characters, then the bound `5_000_000` (9).
      assert.deepEqual(related(diagnostic), [{ uri: uri.toString(), range: [[3, 22], [3, 31]] }]);
    });

    it('blocking-sync-call: the call', async () => {
      const uri = fixtureUri('src/config-loader.ts');
      await openFixture('src/config-loader.ts');
      const diagnostic = await onlyDiagnostic(uri, 'blocking-sync-call');
      assertIdentity(diagnostic, 'blocking-sync-call');
      // Line 5: `  const text = ` is 15 characters, `readFileSync(path, 'utf8')` 26.
      assert.deepEqual(plain(diagnostic.range), [[4, 15], [4, 41]]);
      assert.deepEqual(related(diagnostic), []);
    });
  });

  describe('with the project\'s types', () => {
    it('stays silent on awaits of plain values (a Date, a Map) and reports the independent promises', async () => {
      const { document } = await openFixture('src/inventory/stock-report.ts');
      // Only `quote` (lines 12–13) awaits promises; `stockReport` awaits a Date and a Map, which only
      // the standard library's types tell apart from promises.
      const diagnostic = await onlyDiagnostic(document.uri, 'sequential-awaits');
      assert.deepEqual(plain(diagnostic.range), [[11, 2], [12, 48]]);
      assert.equal(workloadShape.analyzer.collection.get(document.uri)?.length, 1, 'the published diagnostics, not a moment in between');
    });
  });

  describe('as the text changes', () => {
    it('drops the finding after the debounce once the second await needs the first one’s result', async () => {
      const { document } = await openFixture('src/shipping.ts');
      const uri = document.uri;
      const before = await onlyDiagnostic(uri, 'sequential-awaits');
      assert.deepEqual(plain(before.range), [[10, 2], [11, 46]]);
      await replaceText(document, 'fetchCarrier(orderId)', 'fetchCarrier(order.warehouseId)');
      // Until the debounced analysis of the new version, the old diagnostic stays (no flicker).
      assert.equal(ourDiagnostics(uri).length, 1);
      await analysisOf(workloadShape, document);
      assert.deepEqual(ourDiagnostics(uri), []);
    });

    it('while typing, analyses only the version the typing stopped at', async () => {
      const { document, editor } = await openFixture('src/shipping.ts');
      await onlyDiagnostic(document.uri, 'sequential-awaits');
      const published: number[] = [];
      const listener = workloadShape.analyzer.onDidAnalyse((e) => {
        if (e.uri.toString() === document.uri.toString()) published.push(e.version);
      });
      try {
        // Replace the argument `orderId` of fetchCarrier keystroke by keystroke.
        const line = document.lineAt(11).text;
        const start = line.indexOf('(orderId)') + 1;
        assert.equal(start, 37, '`  const carrier = await fetchCarrier(` is 37 characters');
        await editor.edit((b) => b.delete(new vscode.Range(11, start, 11, start + 'orderId'.length)));
        const typed = 'order.warehouseId';
        for (let i = 0; i < typed.length; i++) {
          await editor.edit((b) => b.insert(new vscode.Position(11, start + i), typed[i]!));
        }
        const finalVersion = document.version;
        await analysisOf(workloadShape, document);
        assert.equal(published[published.length - 1], finalVersion);
        // 18 versions were typed; the debounce (300 ms) lets through at most a few when the
        // machine stalls between keystrokes, never one per keystroke.
        assert.ok(published.length <= 4, `analyses published while typing: versions ${published.join(', ')}`);
        assert.deepEqual(ourDiagnostics(document.uri), [], 'the awaits are dependent now');
      } finally {
        listener.dispose();
      }
    });

    it('clears the diagnostics of a file when it closes', async () => {
      // A file no other test opens, opened through the workbench: the extension host holds no
      // reference of its own (openTextDocument keeps documents alive for minutes), so closing the
      // editor closes the document.
      const uri = fixtureUri('src/audit.ts');
      await vscode.commands.executeCommand('vscode.open', uri);
      await onlyDiagnostic(uri, 'blocking-sync-call');
      const closed = new Promise<void>((resolve) => {
        const listener = vscode.workspace.onDidCloseTextDocument((d) => {
          if (d.uri.toString() !== uri.toString()) return;
          listener.dispose();
          resolve();
        });
      });
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await closed;
      await waitForDiagnostics(uri, (d) => d.length === 0, 'no diagnostics after closing');
    });
  });

  describe('code actions', () => {
    it('offers the Promise.all fix (preferred), the disable comment, the explainer and the docs', async () => {
      const uri = fixtureUri('src/profile.ts');
      await openFixture('src/profile.ts');
      const diagnostic = await onlyDiagnostic(uri, 'sequential-awaits');
      const actions = await codeActionsAt(uri, diagnostic);
      assert.deepEqual(
        actions.map((a) => a.title),
        [
          'Run 3 awaits concurrently with Promise.all (all start even if one fails)',
          'Disable sequential-awaits for this line',
          'Explain: concurrency vs parallelism',
          'Show documentation for sequential-awaits',
        ],
      );
      for (const action of actions) assert.equal(action.kind?.value, vscode.CodeActionKind.QuickFix.value, action.title);
      assert.deepEqual(
        actions.map((a) => a.isPreferred === true),
        [true, false, false, false],
      );
      assert.equal(actions[0]!.command?.command, 'workloadShape.applyFix');
      assert.equal(actions[2]!.command?.command, 'workloadShape.openExplainer');
      assert.equal(actions[3]!.command?.command, 'workloadShape.showRuleDocs');
    });

    it('offers a preferred fix, the disable comment and the explainer for every rule', async () => {
      const expected: Array<[string, string, RegExp]> = [
        ['src/notify.ts', 'await-in-loop', /^Run up to \d+ iterations at a time/],
        ['src/checksum.ts', 'blocking-loop', /^Move this loop to a worker thread/],
        ['src/config-loader.ts', 'blocking-sync-call', /^Use await readFile\b/],
      ];
      for (const [file, ruleId, preferredTitle] of expected) {
        const uri = fixtureUri(file);
        await openFixture(file);
        const actions = await codeActionsAt(uri, await onlyDiagnostic(uri, ruleId));
        const titles = actions.map((a) => a.title);
        const preferred = actions.filter((a) => a.isPreferred);
        assert.equal(preferred.length, 1, `${ruleId}: one preferred action among ${titles.join(' | ')}`);
        assert.match(preferred[0]!.title, preferredTitle, ruleId);
        assert.ok(titles.includes(`Disable ${ruleId} for this line`), `${ruleId}: ${titles.join(' | ')}`);
        assert.ok(titles.includes('Explain: concurrency vs parallelism'), `${ruleId}: ${titles.join(' | ')}`);
      }
    });

    it('applies the Promise.all fix through its command, without saving', async () => {
      const { document } = await openFixture('src/profile.ts');
      const onDisk = readFileSync(document.uri.fsPath, 'utf8');
      const diagnostic = await onlyDiagnostic(document.uri, 'sequential-awaits');
      const fix = (await codeActionsAt(document.uri, diagnostic)).find((a) => a.isPreferred);
      assert.ok(fix?.command);
      const applied = await vscode.commands.executeCommand<boolean>(fix.command.command, ...(fix.command.arguments ?? []));
      assert.equal(applied, true);
      // One statement replaces the three; the line would be wider than 80 columns, so one element
      // per line with trailing commas, indented from the function body.
      const expected = onDisk.replace(
        [
          '  const account = await fetchAccount(accountId);',
          '  const invoices = await fetchInvoices(accountId);',
          '  const tickets = await fetchTickets(accountId);',
        ].join('\n'),
        [
          '  const [account, invoices, tickets] = await Promise.all([',
          '    fetchAccount(accountId),',
          '    fetchInvoices(accountId),',
          '    fetchTickets(accountId),',
          '  ]);',
        ].join('\n'),
      );
      assert.notEqual(expected, onDisk, 'the fixture holds the three awaits');
      assert.equal(document.getText(), expected);
      assert.equal(document.isDirty, true, 'a fix is an edit, not a save');
      assert.equal(readFileSync(document.uri.fsPath, 'utf8'), onDisk);
      await analysisOf(workloadShape, document);
      assert.deepEqual(ourDiagnostics(document.uri), [], 'nothing left to report after the fix');
    });

    it('inserts the disable comment, which silences the finding', async () => {
      const { document } = await openFixture('src/config-loader.ts');
      const diagnostic = await onlyDiagnostic(document.uri, 'blocking-sync-call');
      const disable = (await codeActionsAt(document.uri, diagnostic)).find((a) => a.title === 'Disable blocking-sync-call for this line');
      assert.ok(disable?.command);
      assert.equal(await vscode.commands.executeCommand<boolean>(disable.command.command, ...(disable.command.arguments ?? [])), true);
      assert.equal(document.lineAt(4).text, '  // workload-shape-disable-next-line blocking-sync-call');
      assert.equal(document.lineAt(5).text, "  const text = readFileSync(path, 'utf8');");
      await analysisOf(workloadShape, document);
      assert.deepEqual(ourDiagnostics(document.uri), []);
    });

    it('refuses a fix computed for an older version of the document', async () => {
      const { document } = await openFixture('src/profile.ts');
      const diagnostic = await onlyDiagnostic(document.uri, 'sequential-awaits');
      const fix = (await codeActionsAt(document.uri, diagnostic)).find((a) => a.isPreferred);
      assert.ok(fix?.command);
      const edit = new vscode.WorkspaceEdit();
      edit.insert(document.uri, new vscode.Position(0, 0), '// edited after the fix was computed\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const edited = document.getText();
      const applied = await vscode.commands.executeCommand<boolean>(fix.command.command, ...(fix.command.arguments ?? []));
      assert.equal(applied, false);
      assert.equal(document.getText(), edited, 'the stale fix changed nothing');
    });
  });

  describe('settings, applied without a reload', () => {
    const settingsFile = fixtureUri('.vscode/settings.json').fsPath;
    const vscodeFolder = fixtureUri('.vscode').fsPath;
    let hadSettingsFolder = false;

    before(() => {
      hadSettingsFolder = existsSync(vscodeFolder);
    });

    afterEach(async () => {
      const config = vscode.workspace.getConfiguration('workloadShape');
      await config.update('rules.sequential-awaits.severity', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('rules.blocking-loop.severity', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('enable', undefined, vscode.ConfigurationTarget.Workspace);
    });

    after(() => {
      // The fixture folder is the repository's: leave no settings file behind.
      if (!hadSettingsFolder && existsSync(vscodeFolder)) rmSync(vscodeFolder, { recursive: true, force: true });
      assert.ok(hadSettingsFolder || !existsSync(settingsFile));
    });

    it('follows workloadShape.rules.sequential-awaits.severity: off, then error', async () => {
      const uri = fixtureUri('src/profile.ts');
      await openFixture('src/profile.ts');
      await onlyDiagnostic(uri, 'sequential-awaits');
      const config = () => vscode.workspace.getConfiguration('workloadShape', uri);
      await config().update('rules.sequential-awaits.severity', 'off', vscode.ConfigurationTarget.Workspace);
      await waitForDiagnostics(uri, (d) => d.length === 0, 'the rule switched off');
      await config().update('rules.sequential-awaits.severity', 'error', vscode.ConfigurationTarget.Workspace);
      const [diagnostic] = await waitForDiagnostics(uri, (d) => d.length === 1, 'the rule back on');
      assert.equal(diagnostic!.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(ruleOf(diagnostic!), 'sequential-awaits');
    });

    it('blocking-loop ranks by evidence until a severity is set: info for a join of two unsized lists', async () => {
      const document = await vscode.workspace.openTextDocument({
        language: 'typescript',
        content: [
          'export async function totals(users: User[], orders: Order[]) {',
          '  for (const user of users) {',
          '    for (const order of orders) if (order.userId === user.id) user.total += order.amount;',
          '  }',
          '  return users;',
          '}',
          '',
        ].join('\n'),
      });
      await vscode.window.showTextDocument(document);
      const uri = document.uri;
      const [ranked] = await waitForDiagnostics(uri, (d) => d.length === 1, 'the join reported');
      assert.equal(ruleOf(ranked!), 'blocking-loop');
      assert.equal(ranked!.severity, vscode.DiagnosticSeverity.Information, 'heavy only if the lists are large: information');
      const config = () => vscode.workspace.getConfiguration('workloadShape', uri);
      await config().update('rules.blocking-loop.severity', 'warning', vscode.ConfigurationTarget.Workspace);
      await waitForDiagnostics(uri, (d) => d.length === 1 && d[0]!.severity === vscode.DiagnosticSeverity.Warning, 'the setting applies to every finding');
      await config().update('rules.blocking-loop.severity', 'default', vscode.ConfigurationTarget.Workspace);
      await waitForDiagnostics(uri, (d) => d.length === 1 && d[0]!.severity === vscode.DiagnosticSeverity.Information, 'default: ranked again');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    it('follows workloadShape.enable', async () => {
      const uri = fixtureUri('src/checksum.ts');
      await openFixture('src/checksum.ts');
      await onlyDiagnostic(uri, 'blocking-loop');
      const config = vscode.workspace.getConfiguration('workloadShape', uri);
      await config.update('enable', false, vscode.ConfigurationTarget.Workspace);
      await waitForDiagnostics(uri, (d) => d.length === 0, 'the extension disabled');
      await config.update('enable', undefined, vscode.ConfigurationTarget.Workspace);
      await onlyDiagnostic(uri, 'blocking-loop');
    });
  });

  describe('commands', () => {
    it('Analyse Workspace reports files that are not open in the Problems panel', async () => {
      const uri = fixtureUri('src/reports/monthly.ts');
      assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'monthly.ts is never opened');
      assert.deepEqual(ourDiagnostics(uri), []);
      const result = await vscode.commands.executeCommand<{ files: number; findings: number; cancelled: boolean }>('workloadShape.analyseWorkspace');
      assert.equal(result.cancelled, false);
      assert.ok(result.files >= 7, `files analysed: ${result.files}`);
      const diagnostics = ourDiagnostics(uri);
      assert.deepEqual(diagnostics.map(ruleOf), ['sequential-awaits']);
      // Lines 6–7: `  const revenue = …;` to the end of `  const costs = await fetchCosts(month);` (40).
      assert.deepEqual(plain(diagnostics[0]!.range), [[5, 2], [6, 40]]);
      assert.equal((diagnostics[0]!.code as { target: vscode.Uri }).target.toString(true), docsLink('sequential-awaits'));
      assert.equal(diagnostics[0]!.relatedInformation?.length, 2);
    });

    it('Explain opens the explainer in a webview tab', async () => {
      await vscode.commands.executeCommand('workloadShape.openExplainer');
      const explainerTab = () =>
        vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('workloadShape.explainer'));
      const tab = await waitFor(explainerTab, 'a webview tab of the explainer', 10_000);
      assert.ok(tab.isActive);
      await vscode.window.tabGroups.close(tab);
    });
  });
});
