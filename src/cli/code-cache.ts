import * as fs from 'node:fs';
import { createRequire, wrap } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { codeCacheFileFor } from '../vscode/worker-code-cache';

/**
 * The CLI's bundle (TypeScript, ts-morph and us: 7 MB minified) loaded with V8's code cache, the
 * mechanism the editor's analysis worker uses (src/vscode/worker-code-cache.ts: same cache file
 * names, so a new build never meets an old cache, and V8 rejects one made by another Node or V8).
 * Compiling the bundle and then every function a run calls was 0.5–0.6 s of every run.
 *
 * The cache lives in the user's cache folder (never a shared temporary one: V8 trusts the code in
 * a cache it accepts). WORKLOAD_SHAPE_CODE_CACHE=0 turns it off; a folder that cannot be written
 * only means no cache.
 */

function cliCodeCacheDir(): string | undefined {
  const setting = process.env.WORKLOAD_SHAPE_CODE_CACHE;
  if (setting === '0' || setting === 'off' || setting === 'false') return undefined;
  let base = process.env.XDG_CACHE_HOME;
  if (!base) {
    const home = os.homedir();
    if (!home) return undefined;
    base =
      process.platform === 'win32'
        ? process.env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local')
        : process.platform === 'darwin'
          ? path.join(home, 'Library', 'Caches')
          : path.join(home, '.cache');
  }
  return path.join(base, 'workload-shape');
}

/** How many caches of one script to keep (several builds side by side, as in an A/B benchmark). */
const KEEP = 4;

export interface LoadedScript<T> {
  exports: T;
  /**
   * Writes the cache when there was none or V8 rejected it. Call it once the run is done: the
   * cache then holds every function the run compiled, not only the top level.
   */
  saveCache(): void;
}

/** Load a CommonJS script through vm.Script with the code cache of an earlier run. */
export function loadWithCodeCache<T>(script: string): LoadedScript<T> {
  const dir = cliCodeCacheDir();
  const cacheFile = dir ? codeCacheFileFor(script, dir) : undefined;
  let cachedData: Buffer | undefined;
  if (cacheFile) {
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      // no cache yet
    }
  }
  const compiled = new vm.Script(wrap(fs.readFileSync(script, 'utf8')), { filename: script, cachedData });
  const module_ = { exports: {} as T, filename: script, id: script, loaded: false };
  (compiled.runInThisContext() as (...args: unknown[]) => void).call(
    module_.exports, module_.exports, createRequire(script), module_, script, path.dirname(script),
  );
  module_.loaded = true;
  let pending = cacheFile !== undefined && (cachedData === undefined || compiled.cachedDataRejected === true);
  return {
    exports: module_.exports,
    saveCache() {
      if (!pending || !cacheFile) return;
      pending = false;
      try {
        fs.mkdirSync(path.dirname(cacheFile), { recursive: true, mode: 0o700 });
        const temporary = `${cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(temporary, compiled.createCachedData());
        fs.renameSync(temporary, cacheFile);
        prune(path.dirname(cacheFile), `${path.basename(script, '.js')}-`);
      } catch {
        // A cache is an optimisation: never a reason to fail.
      }
    },
  };
}

function prune(dir: string, prefix: string): void {
  const caches = fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.v8cache'))
    .map((f) => ({ file: path.join(dir, f), time: fs.statSync(path.join(dir, f)).mtimeMs }))
    .sort((a, b) => b.time - a.time);
  for (const old of caches.slice(KEEP)) fs.rmSync(old.file, { force: true });
}
