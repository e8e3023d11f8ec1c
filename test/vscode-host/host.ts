// A real VS Code for tests on machines that cannot download desktop VS Code: code-server (VS Code
// 1.100's server and web workbench, same Node extension host as the desktop app) on 127.0.0.1,
// rendered by Debian's Chromium through playwright-core. Used by the runTests shim (mocha inside the
// extension host) and by the UI driver (tests that click through the workbench).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { chromium, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';

/** The exports of install.mjs that this module relies on. */
export interface Installer {
  isInstalled(): boolean;
  ensureInstalled(): Promise<void>;
  codeServerEntry: string;
  chromiumPath: string;
}

export interface HostOptions {
  /** Folder to open (absolute path); without it the window opens empty. */
  folder?: string;
  /** Open a throw-away copy of `folder`, so edits (and saves) never touch the original. */
  copyFolder?: boolean;
  /** A `.code-workspace` file to open instead of a folder. */
  workspaceFile?: string;
  /** File to open in the editor once the workbench is up. */
  openFile?: string;
  /** Extension folders loaded as in an Extension Development Host. */
  extensionDevelopmentPaths?: string[];
  /** Compiled mocha entry (`run()`), a file or a folder with index.js. */
  extensionTestsPath?: string;
  /** User settings written before start (settings.json). */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server; it reaches the extension host. */
  env?: NodeJS.ProcessEnv;
  /** Lines the extension host logs (console.* in extensions and tests), rebuilt as text. */
  onExtensionHostLine?: (line: string, severity: string) => void;
  /** Browser viewport; the default fits the workbench with editor, sidebar and panel. */
  viewport?: { width: number; height: number };
}

export interface VsCodeHost {
  page: Page;
  context: BrowserContext;
  /** http://127.0.0.1:PORT */
  origin: string;
  /** The folder the window opened (the copy when `copyFolder` was set). */
  folder: string | undefined;
  /** Resolves with the code passed to `window.codeAutomationExit` (end of an extension test run). */
  automationExit: Promise<number>;
  /** Rejects when code-server exits unexpectedly; for racing against other waits. */
  serverDied: Promise<never>;
  /** Everything code-server printed so far (for failure messages). */
  serverOutput(): string;
  close(): Promise<void>;
}

const verbose = process.env.WORKLOAD_SHAPE_VSCODE_VERBOSE === '1';

/** Settings that keep a fresh profile quiet and deterministic: no welcome page, trust, updates or git scans. */
const quietSettings: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'chat.commandCenter.enabled': false,
  // code-server saves edits on its own after a delay; tests must never write into the fixtures.
  'files.autoSave': 'off',
};

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** The repository root (holds package.json and test/vscode-host/install.mjs), from source or out/. */
export function findRepoRoot(start: string = __dirname): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'test', 'vscode-host', 'install.mjs'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No repository root above ${start}`);
  }
}

export async function loadInstaller(): Promise<Installer> {
  const script = join(findRepoRoot(), 'test', 'vscode-host', 'install.mjs');
  return (await import(pathToFileURL(script).href)) as Installer;
}

/** Installs code-server and Chromium on first use, then starts both and loads the workbench. */
export async function startVsCodeHost(options: HostOptions): Promise<VsCodeHost> {
  const installer = await loadInstaller();
  await installer.ensureInstalled();

  const root = mkdtempSync(join(tmpdir(), 'workload-shape-vscode-'));
  const dirs = {
    tmp: join(root, 'tmp'),
    config: join(root, 'config'),
    data: join(root, 'data'),
    userData: join(root, 'user-data'),
    extensions: join(root, 'extensions'),
    profile: join(root, 'chromium'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ ...quietSettings, ...options.settings }, null, 2));
  let folder = options.folder && resolve(options.folder);
  if (folder && options.copyFolder) {
    // Same base name, so the explorer and window title read as for the original.
    const copy = join(root, 'workspaces', basename(folder));
    cpSync(folder, copy, { recursive: true });
    folder = copy;
  }

  const removeRoot = () => rmSync(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  let server: CodeServer | undefined;
  // Last resort when the process exits without close() (timeout or signal during start-up, uncaught
  // error): no code-server or temp folder outlives it. Playwright ends its own browser.
  const onExit = () => {
    server?.kill();
    try {
      removeRoot();
    } catch {
      // a process still writing there; nothing more to do while exiting
    }
  };
  process.once('exit', onExit);
  const cleanups: Array<() => Promise<void> | void> = [removeRoot, () => void process.removeListener('exit', onExit)];
  const close = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        if (verbose) console.error('[vscode-host] cleanup:', error);
      }
    }
  };

  try {
    const running = (server = launchCodeServer(installer.codeServerEntry, dirs, options.env));
    cleanups.push(() => running.stop());
    const origin = await running.ready;

    const context = await chromium.launchPersistentContext(dirs.profile, {
      executablePath: installer.chromiumPath,
      headless: true,
      args: chromiumArgs,
      viewport: options.viewport ?? { width: 1440, height: 900 },
      // Signals are the caller's business (the shim closes everything on SIGINT/SIGTERM).
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    cleanups.push(() => context.close());
    // Re-registered so it runs after Playwright's own exit handler has killed Chromium, which
    // otherwise keeps writing into the profile being removed.
    process.removeListener('exit', onExit);
    process.once('exit', onExit);
    const page = context.pages()[0] ?? (await context.newPage());

    let exitWith!: (code: number) => void;
    const automationExit = new Promise<number>((resolveExit) => (exitWith = resolveExit));
    await page.exposeFunction('codeAutomationExit', (code: number) => exitWith(Number(code)));

    const forward = extensionHostForwarder(options.onExtensionHostLine);
    page.on('console', forward);
    if (verbose) page.on('pageerror', (error) => console.error('[vscode-host] page error:', error.message));

    await page.goto(workbenchUrl(origin, { ...options, folder }), { waitUntil: 'domcontentloaded' });
    return { page, context, origin, folder, automationExit, serverDied: running.died, serverOutput: running.output, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** `vscode-remote://127.0.0.1:PORT/abs/path`: how the web workbench names files on the server. */
export function remoteUri(origin: string, absolutePath: string): string {
  const authority = new URL(origin).host;
  const path = resolve(absolutePath).split('/').map(encodeURIComponent).join('/');
  return `vscode-remote://${authority}${path}`;
}

/**
 * code-server's CLI rejects --extensionDevelopmentPath/--extensionTestsPath, but the web workbench
 * takes both (and a file to open) from the `payload` query parameter.
 */
export function workbenchUrl(origin: string, options: HostOptions): string {
  const payload: Array<[string, string]> = [];
  for (const path of options.extensionDevelopmentPaths ?? []) payload.push(['extensionDevelopmentPath', remoteUri(origin, path)]);
  if (options.extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(origin, options.extensionTestsPath)]);
  if (options.openFile) payload.push(['openFile', remoteUri(origin, options.openFile)]);

  const query = new URLSearchParams();
  if (options.folder) query.set('folder', resolve(options.folder));
  else if (options.workspaceFile) query.set('workspace', resolve(options.workspaceFile));
  else query.set('ew', 'true');
  if (payload.length > 0) query.set('payload', JSON.stringify(payload));
  return `${origin}/?${query.toString()}`;
}

interface CodeServer {
  /** Resolves with http://127.0.0.1:PORT once the server listens. */
  ready: Promise<string>;
  died: Promise<never>;
  output(): string;
  /** Graceful: SIGTERM to the process group, SIGKILL after 3 s. */
  stop(): Promise<void>;
  /** Immediate and synchronous, for process exit. */
  kill(): void;
}

function launchCodeServer(
  entry: string,
  dirs: { tmp: string; config: string; data: string; userData: string; extensions: string },
  extraEnv: NodeJS.ProcessEnv | undefined,
): CodeServer {
  const args = [
    entry,
    '--bind-addr', '127.0.0.1:0',
    '--auth', 'none',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
  ];
  // Own TMPDIR/XDG dirs: code-server writes its config and sockets there and leaves sockets behind.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // No extension marketplace (open-vsx by default): tests never install from it, and its failed
    // lookups on offline machines would print alarming stack traces.
    EXTENSIONS_GALLERY: '{}',
    ...extraEnv,
    TMPDIR: dirs.tmp,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
  };
  delete env.VSCODE_IPC_HOOK_CLI; // set when run from a VS Code terminal; would redirect the server
  // Its own process group, so stop() also ends the extension host and language servers it spawned.
  const child = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (verbose) process.stderr.write(`[code-server] ${chunk.toString()}`);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);

  const exited = new Promise<number | string>((resolveExit) => child.once('exit', (code, signal) => resolveExit(code ?? signal ?? 'unknown')));
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  let stopping = false;
  const stop = async () => {
    stopping = true;
    if (child.exitCode !== null || child.signalCode !== null) return killGroup('SIGKILL');
    killGroup('SIGTERM');
    const timer = setTimeout(() => killGroup('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
    killGroup('SIGKILL'); // children that ignored SIGTERM
  };

  const died = exited.then((code) => {
    throw new Error(`code-server exited (${code})${stopping ? '' : ` unexpectedly:\n${output}`}`);
  });
  died.catch(() => undefined); // observed only by callers that race against it

  const ready = new Promise<string>((resolveOrigin, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start within 60 s:\n${output}`)), 60_000);
    const check = () => {
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveOrigin(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    died.catch((error: Error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  return { ready, died, output: () => output, stop, kill: () => killGroup('SIGKILL') };
}

/**
 * The workbench logs its own start-up through the same logger (and format) as the extension host's
 * console during a test run; these known lines are not the tests' output.
 */
const workbenchChatter =
  /^(Resolving connection token|Ignoring fetching additional builtin extensions|Resolved connection token|Creating a socket|Updating additional builtin extensions cache|\[Service Worker\]|ChatSessionStore:|No search provider registered for scheme|Creation of workbench contribution)/;

/**
 * The remote extension host's console arrives in the page as
 * `console.log('%c INFO', 'color: …', ...originalArgs)`; rebuild the original line from the args.
 * Lines are emitted in order although reading the arguments is asynchronous.
 */
function extensionHostForwarder(onLine: HostOptions['onExtensionHostLine']): (message: ConsoleMessage) => void {
  let queue = Promise.resolve();
  return (message) => {
    if (!onLine && !verbose) return;
    const argsRead = Promise.all(message.args().map((arg) => arg.jsonValue().catch(() => String(arg))));
    queue = queue.then(async () => {
      const args: unknown[] = await argsRead.catch(() => [message.text()]);
      const marker = typeof args[0] === 'string' ? /^%c\s*(INFO|WARN|ERR|DEBUG|TRACE)$/.exec(args[0]) : null;
      const line = marker && typeof args[1] === 'string' ? format(...args.slice(2)) : undefined;
      if (line !== undefined && !workbenchChatter.test(line)) {
        onLine?.(line, marker![1]!);
      } else if (verbose) {
        console.error(`[browser ${message.type()}] ${message.text()}`);
      }
    });
  };
}
