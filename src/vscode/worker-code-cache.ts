import { statSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Starting the analysis worker means compiling a 7–14 MB bundle (TypeScript and ts-morph) and then
 * every function the first analyses call: about a second on an idle machine, five under the load of
 * VS Code starting up, and all of it before the first diagnostic. V8 can keep that work: the worker
 * is loaded through `vm.Script` with the code cache of the previous start (written once the first
 * analyses are done, so the functions they compiled are in it). Measured: first diagnosis 1.0–1.3 s
 * → 0.26–0.45 s after worker start. A cache that does not match (another bundle, Node or V8) is
 * rejected by V8 and rewritten; the file name carries the bundle's size and time so a new build
 * never meets an old cache.
 */

export function codeCacheFileFor(script: string, cacheDir: string): string | undefined {
  try {
    const { size, mtimeMs } = statSync(script);
    return path.join(cacheDir, `${path.basename(script, '.js')}-${size}-${Math.round(mtimeMs)}-${process.version}-${process.arch}.v8cache`);
  } catch {
    return undefined;
  }
}

/**
 * Runs as the worker's entry (`new Worker(CODE_CACHE_LOADER, { eval: true, workerData })`): loads
 * `workerData.script` as CommonJS with the cached data of `workerData.cacheFile`, and writes a fresh
 * cache once the worker has answered something and then been idle for a second.
 */
export const CODE_CACHE_LOADER = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { createRequire, wrap } = require('node:module');
const { script, cacheFile } = workerData;
let cachedData;
try { cachedData = fs.readFileSync(cacheFile); } catch {}
const compiled = new vm.Script(wrap(fs.readFileSync(script, 'utf8')), { filename: script, cachedData });
const module_ = { exports: {}, filename: script, id: script };
compiled.runInThisContext().call(module_.exports, module_.exports, createRequire(script), module_, script, path.dirname(script));
if (cachedData === undefined || compiled.cachedDataRejected) {
  let timer;
  const write = () => {
    parentPort.off('message', later);
    try {
      const dir = path.dirname(cacheFile);
      fs.mkdirSync(dir, { recursive: true });
      const prefix = path.basename(script, '.js') + '-';
      for (const old of fs.readdirSync(dir)) if (old.startsWith(prefix) && old.endsWith('.v8cache')) fs.rmSync(path.join(dir, old), { force: true });
      fs.writeFileSync(cacheFile + '.tmp', compiled.createCachedData());
      fs.renameSync(cacheFile + '.tmp', cacheFile);
    } catch {}
  };
  const later = () => { clearTimeout(timer); timer = setTimeout(write, 1000); timer.unref(); };
  parentPort.on('message', later);
}
`;
