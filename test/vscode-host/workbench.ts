// Driver for UI tests: a real VS Code workbench (code-server 1.100 in Chromium, see host.ts) with
// our extension loaded from the repository, and the few gestures our tests need. Selectors and
// keyboard paths are the ones that proved reliable in VS Code 1.100's web workbench (mouse clicks
// on overlay widgets are often intercepted; the keyboard is not).
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { findRepoRoot, startVsCodeHost, type VsCodeHost } from './host';

export type SquiggleKind = 'error' | 'warning' | 'info' | 'hint';

export interface WorkbenchOptions {
  /**
   * Workspace folder (absolute path). The window opens a throw-away copy: VS Code saves the results
   * of code actions (files.refactoring.autoSave), which must not rewrite the repository's fixtures.
   */
  folder: string;
  /** Extension under test; defaults to the repository root. */
  extensionDevelopmentPath?: string;
  /** User settings (settings.json) on top of the harness's quiet defaults. */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and the extension host. */
  env?: NodeJS.ProcessEnv;
}

export interface Workbench {
  page: Page;
  /** The folder the window has open (the copy of `options.folder`); read files here after edits. */
  readonly folder: string;
  /** Lines the extension host logged so far (extensions' console output). */
  readonly extensionHostLog: readonly string[];
  /** Opens a workspace file by name through Quick Open (Ctrl+P) and waits for its editor tab. */
  openFile(name: string): Promise<void>;
  /** Text of the visible lines of the active editor (Monaco's non-breaking spaces made plain). */
  editorText(): Promise<string>;
  /** Waits for a squiggle of this kind in the active editor and returns it. */
  waitForSquiggle(kind: SquiggleKind, timeoutMs?: number): Promise<Locator>;
  /** Hovers the first squiggle of this kind (mouse over its box) and returns the hover's text. */
  hoverSquiggle(kind: SquiggleKind): Promise<string>;
  /** Shows the Problems panel (Ctrl+Shift+M). */
  openProblems(): Promise<void>;
  /** Text of each row of the Problems panel (file, problem and related-information rows, in display order). */
  problemRows(): Promise<string[]>;
  /** Opens the first Problems row containing `text`: the editor gets focus with the cursor on that problem. */
  focusProblem(text: string): Promise<void>;
  /**
   * Applies the quick fix whose title contains `titleSubstring` at the cursor (Ctrl+. → arrows →
   * Enter). With `problem`, first focuses the Problems row containing that text.
   */
  quickFix(titleSubstring: string, options?: { problem?: string }): Promise<void>;
  /** Runs a command by its palette title (F1, `>title`, Enter). */
  runCommand(title: string): Promise<void>;
  /** Waits until the extension host has logged a line matching `pattern`. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Saves a PNG of the page to test-artifacts/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

const defaultTimeoutMs = 30_000;

export async function openWorkbench(options: WorkbenchOptions): Promise<Workbench> {
  const root = findRepoRoot();
  const log: string[] = [];
  const host = await startVsCodeHost({
    folder: options.folder,
    copyFolder: true,
    extensionDevelopmentPaths: [options.extensionDevelopmentPath ?? root],
    settings: options.settings,
    env: options.env,
    onExtensionHostLine: (line) => log.push(line),
  });
  try {
    await raceServer(host, host.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 }));
    await raceServer(host, host.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 }));
  } catch (error) {
    await host.close();
    throw error;
  }
  return new WorkbenchDriver(host, log, join(root, 'test-artifacts'));
}

/** Fails fast with code-server's output instead of a selector timeout when the server dies. */
function raceServer<T>(host: VsCodeHost, wait: Promise<T>): Promise<T> {
  return Promise.race([wait, host.serverDied]);
}

class WorkbenchDriver implements Workbench {
  readonly page: Page;
  readonly folder: string;

  constructor(
    private readonly host: VsCodeHost,
    readonly extensionHostLog: string[],
    private readonly artifactsDir: string,
  ) {
    this.page = host.page;
    this.folder = host.folder!;
  }

  async openFile(name: string): Promise<void> {
    const input = await this.openQuickInput('Control+P');
    await input.fill(name);
    const first = this.page.locator('.quick-input-list .monaco-list-row').first();
    await first.filter({ hasText: basename(name) }).waitFor({ timeout: defaultTimeoutMs });
    await this.page.keyboard.press('Enter');
    await this.page.locator('.tabs-container .tab.active').filter({ hasText: basename(name) }).waitFor({ timeout: defaultTimeoutMs });
    await this.page.locator('.editor-group-container .monaco-editor .view-lines').first().waitFor({ timeout: defaultTimeoutMs });
  }

  async editorText(): Promise<string> {
    const text = await this.activeEditor().locator('.view-lines').innerText();
    return text.replace(/\u00a0/g, ' ');
  }

  async waitForSquiggle(kind: SquiggleKind, timeoutMs = defaultTimeoutMs): Promise<Locator> {
    const squiggle = this.activeEditor().locator(`.squiggly-${kind}`).first();
    await squiggle.waitFor({ timeout: timeoutMs });
    return squiggle;
  }

  async hoverSquiggle(kind: SquiggleKind): Promise<string> {
    const squiggle = await this.waitForSquiggle(kind);
    // Locator.hover() is intercepted by the view lines above the decoration; move the mouse instead.
    const box = await squiggle.boundingBox();
    if (!box) throw new Error(`The ${kind} squiggle has no bounding box`);
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
    const hover = this.page.locator('.monaco-hover').filter({ visible: true }).first();
    await hover.waitFor({ timeout: defaultTimeoutMs });
    return (await hover.innerText()).replace(/\u00a0/g, ' ');
  }

  async openProblems(): Promise<void> {
    if (!(await this.page.locator('.markers-panel').isVisible())) await this.page.keyboard.press('Control+Shift+M');
    await this.page.locator('.markers-panel').waitFor({ timeout: defaultTimeoutMs });
  }

  async problemRows(): Promise<string[]> {
    await this.openProblems();
    const rows = await this.page.locator('.markers-panel .monaco-list-row').allInnerTexts();
    return rows.map((row) => row.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim());
  }

  async focusProblem(text: string): Promise<void> {
    await this.openProblems();
    const row = this.page.locator('.markers-panel .monaco-list-row').filter({ hasText: text }).first();
    await row.waitFor({ timeout: defaultTimeoutMs });
    // A click selects the row and moves the editor's cursor there but leaves focus in the panel
    // (where Ctrl+. opens the panel's own menu); Enter opens the problem with focus in the editor.
    await row.click();
    await this.page.keyboard.press('Enter');
    await this.activeEditor().and(this.page.locator('.monaco-editor.focused')).waitFor({ timeout: defaultTimeoutMs });
  }

  async quickFix(titleSubstring: string, options: { problem?: string } = {}): Promise<void> {
    if (options.problem !== undefined) await this.focusProblem(options.problem);
    const focused = this.page.locator('.action-widget .monaco-list-row.focused');
    // Right after a file opens, Ctrl+. can answer "No code actions available" (or a partial list)
    // while the language servers and our analysis are still starting: ask again until the deadline.
    const deadline = Date.now() + defaultTimeoutMs;
    let offered: string[] = [];
    for (;;) {
      await this.page.keyboard.press('Control+.');
      const shown = await focused.waitFor({ timeout: 3000 }).then(
        () => true,
        () => false,
      );
      if (shown) {
        offered = await this.focusAction(focused, titleSubstring);
        if (offered.length === 0) break; // focused row is the wanted action
      }
      await this.page.keyboard.press('Escape');
      if (Date.now() > deadline) {
        throw new Error(`No quick fix containing "${titleSubstring}" at the cursor; offered: ${offered.map((t) => `"${t}"`).join(', ') || 'nothing'}`);
      }
      await this.page.waitForTimeout(500);
    }
    await this.page.keyboard.press('Enter');
    await focused.waitFor({ state: 'hidden', timeout: defaultTimeoutMs });
  }

  /**
   * Moves the action list's focus to the first action containing `titleSubstring`; returns [] when
   * it is focused, else every title passed (arrow keys skip group headers, and wrap around).
   */
  private async focusAction(focused: Locator, titleSubstring: string): Promise<string[]> {
    const seen: string[] = [];
    for (;;) {
      const title = (await focused.innerText()).trim();
      if (title.includes(titleSubstring)) return [];
      if (seen.includes(title)) return seen;
      seen.push(title);
      await this.page.keyboard.press('ArrowDown');
    }
  }

  async runCommand(title: string): Promise<void> {
    await this.fillQuickInput('F1', `>${title}`);
    const focused = this.page.locator('.quick-input-list .monaco-list-row.focused');
    try {
      await focused.filter({ hasText: title }).waitFor({ timeout: defaultTimeoutMs });
    } catch {
      const offered = await this.page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
      await this.page.keyboard.press('Escape');
      throw new Error(`No command titled "${title}" in the palette; offered: ${offered.join(' | ') || 'nothing'}`);
    }
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: defaultTimeoutMs });
  }

  async waitForLog(pattern: RegExp, timeoutMs = defaultTimeoutMs): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = this.extensionHostLog.find((candidate) => pattern.test(candidate));
      if (line !== undefined) return line;
      if (Date.now() > deadline) throw new Error(`No extension host log line matching ${pattern} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(this.artifactsDir, { recursive: true });
    const path = join(this.artifactsDir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  close(): Promise<void> {
    return this.host.close();
  }

  private activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  private async openQuickInput(shortcut: string): Promise<Locator> {
    await this.page.keyboard.press(shortcut);
    const input = this.page.locator('.quick-input-widget input').first();
    await input.waitFor({ timeout: defaultTimeoutMs });
    return input;
  }

  /**
   * Open the palette (or Quick Open) and type into it. A webview that has just taken focus, or a
   * window still settling after a reload, can close the palette between opening and typing (seen in
   * CI), so the whole step is retried a few times, from a workbench that has focus.
   */
  private async fillQuickInput(shortcut: string, text: string): Promise<void> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 4; attempt++) {
      try {
        if (attempt > 0) {
          await this.page.keyboard.press('Escape');
          // Focus back to the workbench: the active editor tab (a webview may hold the keyboard).
          await this.page.locator('.tabs-container .tab.active').first().click({ timeout: 5_000 }).catch(() => undefined);
        }
        await this.page.keyboard.press(shortcut);
        const input = this.page.locator('.quick-input-widget input').first();
        await input.waitFor({ state: 'visible', timeout: 10_000 });
        await input.fill(text, { timeout: 10_000 });
        return;
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  }
}
