#!/usr/bin/env node
// One-time, dev-only setup of a real VS Code for the integration and UI tests: code-server (the npm
// build of VS Code's server + web workbench) in a project-local folder, plus Debian's Chromium to
// render the workbench. Desktop VS Code cannot be downloaded on our CI machines; code-server comes
// from the npm registry and everything else from Debian, both of which are reachable.
//
// Idempotent: does nothing when a previous run finished (stamp file), so callers may run it before
// every test run. Safe in CI (`CI=true`, no stdin) and as root.
//
//   node test/vscode-host/install.mjs        (or: npm run vscode:setup)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3'; // last release whose engines accept Node 20 (VS Code 1.100.3)
// Pinned by code-server 4.100.3's lib/vscode/npm-shrinkwrap.json (@vscode/ripgrep 1.15.11), whose
// postinstall fetches ripgrep release v13.0.0-10 from GitHub unless this archive is already cached.
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_RELEASE = 'v13.0.0-10';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const installDir = join(repoRoot, '.vscode-test', 'code-server');
export const codeServerEntry = join(installDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const chromiumPath = process.env.WORKLOAD_SHAPE_CHROMIUM || '/usr/bin/chromium';
const stampFile = join(installDir, 'installed.json');
const lockDir = join(repoRoot, '.vscode-test', 'code-server.lock');
const log = (message) => console.log(`[vscode-host] ${message}`);

export function isInstalled() {
  return readStamp() === CODE_SERVER_VERSION && existsSync(codeServerEntry) && existsSync(chromiumPath);
}

/** Installs whatever is missing; resolves once code-server and Chromium are usable. */
export async function ensureInstalled() {
  if (isInstalled()) return;
  if (platform() !== 'linux') {
    throw new Error('The code-server test host is set up on Linux only; elsewhere run with WORKLOAD_SHAPE_VSCODE=desktop.');
  }
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  if (nodeMajor !== 20) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} needs Node 20 (its native modules are built for it); this is Node ${process.versions.node}.`);
  }
  await withLock(async () => {
    if (isInstalled()) return; // another process finished while we waited
    const started = Date.now();
    installDebianPackages();
    if (readStamp() !== CODE_SERVER_VERSION || !existsSync(codeServerEntry)) installCodeServer();
    if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath} after installing packages.`);
    log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(stampFile, 'utf8')).codeServer;
  } catch {
    return undefined;
  }
}

function installDebianPackages() {
  const needsCodeServer = readStamp() !== CODE_SERVER_VERSION || !existsSync(codeServerEntry);
  const missing = [];
  // Build tools only matter while code-server's native modules (argon2, kerberos) compile.
  if (needsCodeServer) {
    for (const pkg of ['build-essential', 'python3', 'libkrb5-dev']) if (!dpkgInstalled(pkg)) missing.push(pkg);
  }
  if (!which('rg')) missing.push('ripgrep');
  if (!existsSync(chromiumPath)) missing.push('chromium');
  if (missing.length === 0) return;

  const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (!which('apt-get')) throw new Error(`Missing: ${missing.join(', ')}. Install them (Debian: ${command}).`);
  const asRoot = process.getuid?.() === 0;
  const prefix = asRoot ? [] : which('sudo') ? ['sudo', '-n'] : undefined;
  if (!prefix) throw new Error(`Missing: ${missing.join(', ')}. As root, run: ${command}`);
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run([...prefix, 'apt-get', 'update'], { env });
  run([...prefix, 'apt-get', 'install', '-y', '--no-install-recommends', ...missing], { env });
}

function installCodeServer() {
  log(`installing code-server@${CODE_SERVER_VERSION} into ${installDir}`);
  rmSync(stampFile, { force: true });
  mkdirSync(installDir, { recursive: true });
  // Its own package.json keeps npm from walking up to (and editing) the project's manifest.
  writeFileSync(
    join(installDir, 'package.json'),
    JSON.stringify(
      {
        name: 'workload-shape-vscode-host',
        private: true,
        description: 'Dev-only VS Code (code-server) for the tests; written by test/vscode-host/install.mjs',
        dependencies: { 'code-server': CODE_SERVER_VERSION },
      },
      null,
      2,
    ) + '\n',
  );

  // A private TMPDIR holding a pre-filled ripgrep download cache: @vscode/ripgrep's postinstall uses
  // the cached archive instead of GitHub, and the archive is Debian's rg.
  const tmp = join(installDir, 'tmp');
  const cacheDir = join(tmp, `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  mkdirSync(cacheDir, { recursive: true });
  const archive = join(cacheDir, `ripgrep-${RIPGREP_RELEASE}-${ripgrepTarget()}.tar.gz`);
  const rg = which('rg');
  if (!rg) throw new Error('ripgrep (rg) is required to install code-server offline.');
  run(['tar', '-czhf', archive, '-C', dirname(rg), 'rg']);

  const env = {
    ...process.env,
    TMPDIR: tmp,
    npm_config_unsafe_perm: 'true', // code-server's postinstall refuses to run as root otherwise
    npm_config_yes: 'true', // its postinstall runs `npx node-gyp`, which must not prompt
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  // argon2 and kerberos compile from source (their prebuilt binaries are on GitHub); node-gyp would
  // download Node's headers from nodejs.org unless pointed at the ones installed with Node itself.
  const nodePrefix = dirname(dirname(process.execPath));
  if (!env.npm_config_nodedir && existsSync(join(nodePrefix, 'include', 'node', 'node.h'))) env.npm_config_nodedir = nodePrefix;
  run(['npm', 'install', '--no-audit', '--no-fund', '--omit=dev'], { cwd: installDir, env });

  const bundledRg = join(installDir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  if (!existsSync(codeServerEntry) || !existsSync(bundledRg)) {
    throw new Error(`code-server install is incomplete (missing ${existsSync(codeServerEntry) ? bundledRg : codeServerEntry}).`);
  }
  writeFileSync(stampFile, JSON.stringify({ codeServer: CODE_SERVER_VERSION, installedAt: new Date().toISOString() }) + '\n');
  rmSync(tmp, { recursive: true, force: true });
}

function ripgrepTarget() {
  switch (arch()) {
    case 'x64':
      return 'x86_64-unknown-linux-musl';
    case 'arm64':
      return 'aarch64-unknown-linux-musl';
    default:
      throw new Error(`No ripgrep cache recipe for ${arch()}`);
  }
}

/** Serialises concurrent installers (integration runner and UI tests may start together). */
async function withLock(body) {
  mkdirSync(dirname(lockDir), { recursive: true });
  const deadline = Date.now() + 15 * 60_000;
  for (let waited = false; ; waited = true) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      if (!waited) log('another process is installing; waiting for it');
      // A lock older than any real install belongs to a process that died.
      if (Date.now() - statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs > 20 * 60_000) rmSync(lockDir, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lockDir}; remove it if no install is running.`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  try {
    await body();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function dpkgInstalled(pkg) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

function which(command) {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function run(argv, options = {}) {
  const result = spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`\`${argv.join(' ')}\` failed with exit code ${result.status ?? result.signal}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  ensureInstalled().then(
    () => log(`code-server ${CODE_SERVER_VERSION} and Chromium available (${Date.now() - started} ms)`),
    (error) => {
      console.error(`[vscode-host] setup failed: ${error.message}`);
      process.exitCode = 1;
    },
  );
}
