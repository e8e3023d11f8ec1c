/**
 * Synchronous Node.js APIs that block the event loop, and the asynchronous API to use instead.
 * Node's guide "Don't Block the Event Loop" lists them: every synchronous `fs` call, the sync forms of
 * `crypto`'s key derivation and generation, `zlib.*Sync`, and `child_process.execSync`/`spawnSync`/`execFileSync`.
 *
 * The rule reads this table to decide what to report; a fix reads it to know what to import instead.
 */

export type SyncApiFamily = 'fs' | 'crypto' | 'zlib' | 'child_process' | 'glob';

/**
 * How the replacement is called:
 * - `promise`: a function of the same contract that returns a promise (`readFile` from 'node:fs/promises');
 *   `await replacement(...sameArguments)` is a drop-in change.
 * - `promisify`: a callback API; `await promisify(replacement)(...sameArguments)` is a drop-in change
 *   (crypto and zlib then run the work on the libuv thread pool, off the event loop).
 * - `file-handle`: the fd-based call becomes a method of the `FileHandle` that `open()` from
 *   'node:fs/promises' returns; the surrounding code changes from fds to handles, so there is no drop-in fix.
 * - `different-shape`: an async API exists but its contract differs (`spawnSync` returns the output,
 *   `spawn` returns a process to listen to); a person has to rewrite the call.
 */
export type ReplacementKind = 'promise' | 'promisify' | 'file-handle' | 'different-shape';

export interface AsyncReplacement {
  /** Module to import it from, as a fix should write it. */
  module: string;
  /** Export to import (for `file-handle`, the FileHandle method name). */
  exportName: string;
  kind: ReplacementKind;
  /** Human text for messages: "readFile from 'node:fs/promises'". */
  text: string;
}

export interface SyncApi {
  family: SyncApiFamily;
  /** Module specifiers that export it, as written in imports and require calls. */
  modules: readonly string[];
  /** The synchronous export, e.g. 'readFileSync'. */
  name: string;
  replacement: AsyncReplacement;
  /**
   * False for calls we list (so a fix knows them) but do not report: `existsSync` and fs-extra's
   * `pathExistsSync` are a single stat, cost microseconds on a local disk, and their async forms change the
   * code's shape (`access` rejects instead of returning false). See the rule's docs page.
   */
  reported: boolean;
}

const FS_MODULES = ['fs', 'node:fs', 'graceful-fs'] as const;
const FS_EXTRA = ['fs-extra'] as const;
const CRYPTO_MODULES = ['crypto', 'node:crypto'] as const;
const ZLIB_MODULES = ['zlib', 'node:zlib'] as const;
const CHILD_PROCESS_MODULES = ['child_process', 'node:child_process'] as const;

/** `fooSync` in 'fs' whose promise form `foo` lives in 'node:fs/promises'. */
const FS_WITH_PROMISE_FORM = [
  'access', 'appendFile', 'chmod', 'chown', 'copyFile', 'cp', 'lchown', 'lutimes', 'link', 'lstat', 'mkdir',
  'mkdtemp', 'open', 'opendir', 'readdir', 'readFile', 'readlink', 'realpath', 'rename', 'rm', 'rmdir', 'stat',
  'statfs', 'symlink', 'truncate', 'unlink', 'utimes', 'writeFile', 'glob',
] as const;

/** fd-based `fooSync` → the FileHandle method that does the same. */
const FS_FD_TO_FILE_HANDLE: ReadonlyArray<readonly [string, string]> = [
  ['closeSync', 'close'], ['fchmodSync', 'chmod'], ['fchownSync', 'chown'], ['fdatasyncSync', 'datasync'],
  ['fstatSync', 'stat'], ['fsyncSync', 'sync'], ['ftruncateSync', 'truncate'], ['futimesSync', 'utimes'],
  ['readSync', 'read'], ['readvSync', 'readv'], ['writeSync', 'write'], ['writevSync', 'writev'],
];

/** fs-extra's own sync helpers; fs-extra returns a promise from the same name without `Sync` when no callback is given. */
const FS_EXTRA_OWN = [
  'readJson', 'writeJson', 'outputFile', 'outputJson', 'ensureDir', 'ensureFile', 'ensureLink', 'ensureSymlink',
  'mkdirp', 'mkdirs', 'copy', 'move', 'remove', 'emptyDir', 'createFile',
] as const;

const CRYPTO_CALLBACK_FORMS = ['pbkdf2', 'scrypt', 'randomFill', 'generateKeyPair', 'generateKey', 'generatePrime', 'checkPrime', 'hkdf'] as const;

const ZLIB_CALLBACK_FORMS = [
  'deflate', 'inflate', 'deflateRaw', 'inflateRaw', 'gzip', 'gunzip', 'unzip', 'brotliCompress', 'brotliDecompress',
  'zstdCompress', 'zstdDecompress',
] as const;

function build(): SyncApi[] {
  const apis: SyncApi[] = [];
  const add = (family: SyncApiFamily, modules: readonly string[], name: string, replacement: AsyncReplacement, reported = true): void => {
    apis.push({ family, modules, name, replacement, reported });
  };

  for (const base of FS_WITH_PROMISE_FORM) {
    add('fs', FS_MODULES, `${base}Sync`, { module: 'node:fs/promises', exportName: base, kind: 'promise', text: `${base} from 'node:fs/promises'` });
    add('fs', FS_EXTRA, `${base}Sync`, { module: 'fs-extra', exportName: base, kind: 'promise', text: `${base} from 'fs-extra' (it returns a promise when given no callback)` });
  }
  for (const [name, method] of FS_FD_TO_FILE_HANDLE) {
    const replacement: AsyncReplacement = {
      module: 'node:fs/promises',
      exportName: method,
      kind: 'file-handle',
      text: `the ${method}() method of a FileHandle from open() in 'node:fs/promises'`,
    };
    add('fs', FS_MODULES, name, replacement);
    add('fs', FS_EXTRA, name, replacement);
  }
  const exists: AsyncReplacement = {
    module: 'node:fs/promises',
    exportName: 'access',
    kind: 'different-shape',
    text: `access from 'node:fs/promises' (it rejects when the path is missing)`,
  };
  add('fs', FS_MODULES, 'existsSync', exists, false);
  add('fs', FS_EXTRA, 'existsSync', exists, false);
  add('fs', FS_EXTRA, 'pathExistsSync', { module: 'fs-extra', exportName: 'pathExists', kind: 'promise', text: `pathExists from 'fs-extra'` }, false);
  for (const base of FS_EXTRA_OWN) {
    add('fs', FS_EXTRA, `${base}Sync`, { module: 'fs-extra', exportName: base, kind: 'promise', text: `${base} from 'fs-extra' (it returns a promise when given no callback)` });
  }

  for (const base of CRYPTO_CALLBACK_FORMS) {
    add('crypto', CRYPTO_MODULES, `${base}Sync`, {
      module: 'node:crypto',
      exportName: base,
      kind: 'promisify',
      text: `${base} from 'node:crypto' wrapped in util.promisify (it runs on the libuv thread pool)`,
    });
  }
  for (const base of ZLIB_CALLBACK_FORMS) {
    add('zlib', ZLIB_MODULES, `${base}Sync`, {
      module: 'node:zlib',
      exportName: base,
      kind: 'promisify',
      text: `${base} from 'node:zlib' wrapped in util.promisify (it runs on the libuv thread pool)`,
    });
  }

  add('child_process', CHILD_PROCESS_MODULES, 'execSync', {
    module: 'node:child_process', exportName: 'exec', kind: 'promisify', text: `exec from 'node:child_process' wrapped in util.promisify`,
  });
  add('child_process', CHILD_PROCESS_MODULES, 'execFileSync', {
    module: 'node:child_process', exportName: 'execFile', kind: 'promisify', text: `execFile from 'node:child_process' wrapped in util.promisify`,
  });
  add('child_process', CHILD_PROCESS_MODULES, 'spawnSync', {
    module: 'node:child_process',
    exportName: 'spawn',
    kind: 'different-shape',
    text: `spawn from 'node:child_process', awaiting its 'close' event (or a promisified execFile)`,
  });

  add('glob', ['glob'], 'globSync', { module: 'glob', exportName: 'glob', kind: 'promise', text: `glob from 'glob'` });
  // bcrypt and bcryptjs: the sync forms run the whole key stretching (cost 10–12: 50–300 ms) on the calling thread.
  // Their async forms return a promise when given no callback; the import shape differs between the two
  // packages (native addon vs plain JS, default vs named exports), so the fix leaves the rewrite to a person.
  for (const [name, base] of [['hashSync', 'hash'], ['compareSync', 'compare']] as const) {
    add('crypto', ['bcrypt', 'bcryptjs'], name, {
      module: 'bcrypt', exportName: base, kind: 'different-shape', text: `await bcrypt.${base}(…) (it returns a promise when given no callback)`,
    });
  }
  return apis;
}

export const SYNC_APIS: readonly SyncApi[] = build();

/** Every sync export name in the table: the cheap first test before anything is resolved. */
export const SYNC_API_NAMES: ReadonlySet<string> = new Set(SYNC_APIS.map((api) => api.name));

const BY_MODULE_AND_NAME = new Map<string, SyncApi>();
for (const api of SYNC_APIS) {
  for (const module of api.modules) BY_MODULE_AND_NAME.set(`${module}\0${api.name}`, api);
}

/** Modules whose exports the table lists (for scanning imports). */
export const SYNC_API_MODULES: ReadonlySet<string> = new Set(SYNC_APIS.flatMap((api) => api.modules));

/** The table entry for `name` exported by `module`, if it is a known blocking sync API. */
export function syncApiFor(module: string, name: string): SyncApi | undefined {
  return BY_MODULE_AND_NAME.get(`${module}\0${name}`);
}
