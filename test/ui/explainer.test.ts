// UI test of the explainer panel in a real workbench (code-server in Chromium): opened through the
// quick fix menu of a sequential-awaits problem, read from the webview's DOM, photographed in a
// light, a dark and a high-contrast theme (test-artifacts/explainer-*.png), used by keyboard, and
// its "Apply fix" button clicked. Run with `npm run test:ui`.
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Locator } from 'playwright-core';
import { findRepoRoot } from '../vscode-host/host';
import { openWorkbench, type Workbench } from '../vscode-host/workbench';

const root = findRepoRoot();
const fixtureWorkspace = join(root, 'test', 'fixtures', 'workspace');
const artifacts = join(root, 'test-artifacts');

/** The one browser API the checks below use (the tests compile without the DOM lib). */
interface Browser {
  getComputedStyle(element: unknown): { stroke: string; outlineStyle: string };
}

/** Picker label, and the class VS Code puts on the webview's body for that kind of theme. */
const themes = [
  { name: 'light', label: 'Light Modern', bodyClass: 'vscode-light' },
  { name: 'dark', label: 'Dark Modern', bodyClass: 'vscode-dark' },
  { name: 'high-contrast', label: 'Dark High Contrast', bodyClass: 'vscode-high-contrast' },
] as const;

describe('explainer panel (UI)', function () {
  this.timeout(300_000);
  let workbench: Workbench;
  let panel: FrameLocator;

  const webview = (): Locator => workbench.page.locator('iframe.webview.ready').first();

  async function shoot(name: string, target: Locator = webview()): Promise<string> {
    mkdirSync(artifacts, { recursive: true });
    const path = join(artifacts, `${name}.png`);
    await target.screenshot({ path });
    return path;
  }

  /** Picks a colour theme through "Preferences: Color Theme" (the quick pick stays open between the two steps). */
  async function useTheme(label: string, bodyClass: string): Promise<void> {
    const page = workbench.page;
    // Keys pressed while the webview has focus stay in the webview: give the workbench focus first.
    await page.locator('.tabs-container .tab').filter({ hasText: 'sequential.ts' }).first().click();
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input').first();
    await input.waitFor();
    await input.fill('>Preferences: Color Theme');
    // "Browse Color Themes in Marketplace" matches too and may come first: walk to the right row.
    const focusedRow = page.locator('.quick-input-list .monaco-list-row.focused');
    await focusedRow.filter({ hasText: 'Color Theme' }).waitFor();
    for (let tries = 0; !/^Preferences: Color Theme/.test((await focusedRow.innerText()).trim()); tries++) {
      if (tries > 8) throw new Error('no "Preferences: Color Theme" command in the palette');
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Light' }).first().waitFor();
    await input.fill(label);
    await page.locator('.quick-input-list .monaco-list-row.focused').filter({ hasText: label }).waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await panel.locator(`body.${bodyClass}`).waitFor();
  }

  /** Stops the animation and draws every picture complete, so screenshots show the whole story. */
  async function showAll(): Promise<void> {
    for (const button of await panel.locator('[data-action="end"]').all()) await button.click();
    await panel.locator('[data-picture][data-playing="true"]').waitFor({ state: 'detached' });
  }

  before(async () => {
    workbench = await openWorkbench({
      folder: fixtureWorkspace,
      settings: { 'workbench.colorTheme': 'Default Light Modern', 'editor.minimap.enabled': false },
    });
    await workbench.openFile('sequential.ts');
    await workbench.waitForSquiggle('warning');
    await workbench.quickFix('Explain: concurrency vs parallelism', { problem: 'loadDashboard' });
    panel = workbench.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await panel.locator('h1').filter({ hasText: 'loadDashboard' }).waitFor({ timeout: 60_000 });
    // The Problems panel was only needed to reach the problem; the explainer gets the height.
    await workbench.page.keyboard.press('Control+J');
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await workbench?.screenshot(`failed-${this.currentTest.fullTitle()}`).catch(() => undefined);
  });

  after(async () => {
    await workbench?.close();
  });

  it('labels the lanes with the calls of loadDashboard', async () => {
    const lanes = await panel.locator('.timeline').first().locator('li.lane').all();
    const labels = await Promise.all(lanes.map((lane) => lane.getAttribute('data-label')));
    assert.deepEqual(labels, ['JavaScript thread', 'fetchUser(customerId)', 'fetchOrders(customerId)']);
    const summaries = await panel.locator('.summary').allInnerTexts();
    assert.equal(summaries.length, 2);
    assert.match(summaries[0]!, /add up/);
    assert.match(summaries[1]!, /slowest/);
  });

  it('animates and steps the timeline', async () => {
    const picture = panel.locator('[data-picture]').first();
    await picture.locator('[data-action="step"]').click();
    const first = Number(await picture.getAttribute('data-time'));
    await picture.locator('[data-action="step"]').click();
    const second = Number(await picture.getAttribute('data-time'));
    assert.ok(second > first, `a step moves the clock forward (${first} → ${second} ms)`);
    assert.match(await picture.locator('[data-live]').innerText(), /^At \d+ ms\./);
    await picture.locator('[data-action="play"]').click();
    await picture.and(panel.locator('[data-playing="false"]')).waitFor({ timeout: 15_000 });
    assert.equal(await picture.getAttribute('data-time'), await picture.getAttribute('data-scale'), 'play runs to the end');
  });

  for (const theme of themes) {
    it(`reads well in the ${theme.name} theme`, async () => {
      await useTheme(theme.label, theme.bodyClass);
      await showAll();
      await panel.locator('h1').scrollIntoViewIfNeeded();
      await shoot(`explainer-${theme.name}-top`);
      await panel.locator('.code-compare').first().scrollIntoViewIfNeeded();
      await shoot(`explainer-${theme.name}-code`);
      await workbench.screenshot(`explainer-${theme.name}-workbench`);
      // Theme colours arrive as --vscode-* variables; the bars must not fall back to nothing.
      const fill = await panel.locator('rect.seg-wait').first().evaluate((rect) => (globalThis as unknown as Browser).getComputedStyle(rect).stroke);
      assert.notEqual(fill, 'none');
    });
  }

  it('is usable by keyboard, with a visible focus', async () => {
    const play = panel.locator('[data-action="play"]').first();
    await play.focus();
    await workbench.page.keyboard.press('Tab');
    const focused = panel.locator(':focus');
    assert.equal(await focused.getAttribute('data-action'), 'step');
    const outline = await focused.evaluate((element) => (globalThis as unknown as Browser).getComputedStyle(element).outlineStyle);
    assert.notEqual(outline, 'none', 'the focused button shows an outline');
    await workbench.page.keyboard.press('Enter');
    assert.match(await panel.locator('[data-live]').first().innerText(), /^At \d+ ms\./, 'Enter on Step steps');
    await shoot('explainer-high-contrast-focus', panel.locator('.controls').first().locator('xpath=..'));
  });

  it('applies the fix from its button and says so', async () => {
    await useTheme('Light Modern', 'vscode-light');
    const apply = panel.locator('[data-action="apply-fix"]');
    await apply.scrollIntoViewIfNeeded();
    await apply.click();
    await panel.locator('[data-fix-status]').filter({ hasText: 'Fix applied' }).waitFor();
    assert.equal(await apply.isDisabled(), true);
    await shoot('explainer-light-applied', panel.locator('.fix').first());
    await workbench.page.locator('.editor-group-container .monaco-editor .view-lines').first().waitFor();
    const editors = await workbench.page.locator('.editor-group-container .monaco-editor .view-lines').allInnerTexts();
    assert.ok(
      editors.some((text) => /await Promise\.all\(\[/.test(text.replace(/\u00a0/g, ' '))),
      'the editor shows the Promise.all rewrite',
    );
  });

  it('explains a blocking loop with a worker lane (dark theme)', async () => {
    await useTheme('Dark Modern', 'vscode-dark');
    await workbench.openFile('checksum.ts');
    await workbench.waitForSquiggle('warning');
    await workbench.quickFix('Explain: concurrency vs parallelism', { problem: 'handleChecksum' });
    await panel.locator('h1').filter({ hasText: 'handleChecksum' }).waitFor();
    await workbench.page.keyboard.press('Control+J');
    const lanes = await Promise.all((await panel.locator('.timeline').nth(1).locator('li.lane').all()).map((lane) => lane.getAttribute('data-label')));
    assert.ok(lanes.includes('Worker thread'), `lanes after the fix: ${lanes.join(', ')}`);
    assert.match(await panel.locator('.timeline').first().locator('rect.seg-cpu').first().getAttribute('data-text') ?? '', /for \(let i = 0/);
    await showAll();
    await panel.locator('h1').scrollIntoViewIfNeeded();
    await shoot('explainer-dark-blocking-loop-top');
    await panel.locator('.code-compare').first().scrollIntoViewIfNeeded();
    await shoot('explainer-dark-blocking-loop-code');
  });

  it('comes back after a window reload (the serializer rebuilds it from its target)', async () => {
    const page = workbench.page;
    // A mark on the page's window that only a real reload removes.
    await page.evaluate(() => ((globalThis as unknown as { beforeReload?: boolean }).beforeReload = true));
    // Through the workbench's own command: an orderly shutdown saves the panel's state first.
    await page.locator('.tabs-container .tab').first().click();
    await workbench.runCommand('Developer: Reload Window').catch(() => undefined); // the widget vanishes with the page
    await workbench.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await panel.locator('h1').filter({ hasText: 'handleChecksum' }).waitFor({ timeout: 60_000 });
    assert.equal(await page.evaluate(() => (globalThis as unknown as { beforeReload?: boolean }).beforeReload), undefined, 'the window really reloaded');
    assert.ok(await panel.locator('[data-action="apply-fix"]').isEnabled(), 'the restored panel offers the fix again');
  });

  it('shows the built-in example from the command palette', async () => {
    await workbench.page.locator('.tabs-container .tab').first().click();
    await workbench.runCommand('Workload Shape: Explain: Concurrency vs Parallelism');
    await panel.locator('h1').filter({ hasText: 'Concurrency vs parallelism' }).waitFor();
    assert.equal(await panel.locator('[data-picture]').count(), 2);
    await showAll();
    await panel.locator('h1').scrollIntoViewIfNeeded();
    await shoot('explainer-dark-example-top');
    await panel.locator('[data-picture]').nth(1).scrollIntoViewIfNeeded();
    await showAll();
    await shoot('explainer-dark-example-computing');
  });

  it('with reduced motion, opens still and complete', async () => {
    await workbench.page.emulateMedia({ reducedMotion: 'reduce' });
    try {
      // The example is already showing: wait for the new render, not the old page.
      const previousRender = await panel.locator('#explainer').getAttribute('data-render');
      await workbench.page.locator('.tabs-container .tab').first().click();
      await workbench.runCommand('Workload Shape: Explain: Concurrency vs Parallelism');
      await panel.locator(`#explainer[data-render]:not([data-render="${previousRender}"])`).waitFor();
      const picture = panel.locator('[data-picture]').first();
      await picture.and(panel.locator('[data-time]')).waitFor();
      assert.equal(await picture.getAttribute('data-time'), await picture.getAttribute('data-scale'), 'the whole picture, no animation');
      // In the example the picture starts below the fold; coming into view would start it playing.
      await picture.scrollIntoViewIfNeeded();
      await workbench.page.waitForTimeout(600);
      assert.equal(await picture.getAttribute('data-time'), await picture.getAttribute('data-scale'), 'and it stays still in view');
      await picture.locator('[data-action="step"]').click();
      assert.match(await picture.locator('[data-live]').innerText(), /^At \d+ ms\./, 'stepping still works');
    } finally {
      await workbench.page.emulateMedia({ reducedMotion: null });
    }
  });
});
