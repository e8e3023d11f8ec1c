import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * dist/cli.js loads its bundle with V8's code cache of an earlier run (src/cli/code-cache.ts). The
 * cache must never change what the CLI says: not when it is written, used, rejected (another
 * build, or garbage), turned off, or shared with the worker threads.
 */

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist/cli.js');
/** The sample's sources twenty times over: enough files for several batches, so worker threads really run. */
function manyFiles(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-cache-files-'));
  const src = path.join(root, 'examples/sample-project/src');
  for (let copy = 0; copy < 20; copy++) {
    fs.mkdirSync(path.join(dir, `copy-${copy}`));
    for (const f of fs.readdirSync(src)) fs.copyFileSync(path.join(src, f), path.join(dir, `copy-${copy}`, f));
  }
  return dir;
}

function run(args: string[], cacheHome: string, extraEnv: Record<string, string> = {}) {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: cacheHome };
  delete env.WORKLOAD_SHAPE_CODE_CACHE;
  Object.assign(env, extraEnv);
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', env });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function cachesIn(cacheHome: string): string[] {
  const dir = path.join(cacheHome, 'workload-shape');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.v8cache')) : [];
}

describe('CLI code cache', () => {
  let cacheHome: string;
  let sample: string;
  let reference: { code: number | null; stdout: string; stderr: string };

  before(() => {
    assert.ok(fs.existsSync(cli), 'dist/cli.js is built (npm run build)');
    cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-cache-'));
    sample = manyFiles();
    reference = run(['--format', 'json', sample], cacheHome, { WORKLOAD_SHAPE_CODE_CACHE: '0' });
    assert.equal(reference.code, 1, reference.stderr);
    assert.ok((JSON.parse(reference.stdout) as unknown[]).length >= 20 * 4, 'findings in every copy');
  });

  after(() => {
    fs.rmSync(cacheHome, { recursive: true, force: true });
    fs.rmSync(sample, { recursive: true, force: true });
  });

  it('writes no cache when turned off', () => {
    assert.deepEqual(cachesIn(cacheHome), []);
  });

  it('writes no cache after a run that analysed nothing (it would hold none of the analysis)', () => {
    assert.equal(run(['--version'], cacheHome).code, 0);
    assert.equal(run(['--no-such-flag'], cacheHome).code, 2);
    assert.deepEqual(cachesIn(cacheHome), []);
  });

  it('writes one cache in the user cache folder after a run, then runs from it with the same output', () => {
    const first = run(['--format', 'json', sample], cacheHome);
    assert.deepEqual(first, reference);
    const caches = cachesIn(cacheHome);
    assert.equal(caches.length, 1, caches.join(', '));
    assert.match(caches[0]!, /^cli-bundle-\d+-\d+-v[\d.]+-\w+\.v8cache$/);
    const written = fs.statSync(path.join(cacheHome, 'workload-shape', caches[0]!)).mtimeMs;
    const second = run(['--format', 'json', sample], cacheHome);
    assert.deepEqual(second, reference);
    // An accepted cache is not rewritten.
    assert.equal(fs.statSync(path.join(cacheHome, 'workload-shape', caches[0]!)).mtimeMs, written);
  });

  it('worker threads load the same bundle from the cache and say the same', () => {
    const threads = run(['--format', 'json', '--jobs', '3', sample], cacheHome);
    assert.deepEqual(threads, reference);
  });

  it('a damaged cache is rejected by V8, the run is unchanged, and the cache is rewritten', () => {
    const file = path.join(cacheHome, 'workload-shape', cachesIn(cacheHome)[0]!);
    fs.writeFileSync(file, Buffer.from('not a code cache at all'));
    assert.deepEqual(run(['--format', 'json', sample], cacheHome), reference);
    assert.deepEqual(run(['--format', 'json', '--jobs', '2', sample], cacheHome), reference);
    assert.ok(fs.statSync(file).size > 1000, 'rewritten');
  });

  it('a cache folder that cannot be made is no reason to fail', () => {
    const blocked = path.join(cacheHome, 'a-file');
    fs.writeFileSync(blocked, '');
    assert.deepEqual(run(['--format', 'json', sample], blocked), reference);
  });
});
