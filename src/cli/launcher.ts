import * as path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { runAsCommand } from './command';
import { loadWithCodeCache } from './code-cache';

/**
 * `dist/cli.js`: loads the CLI's bundle (`dist/cli-bundle.js`, from src/cli.ts) with V8's code
 * cache of an earlier run (see code-cache.ts), and writes that cache after a run that analysed
 * files on this thread, so the functions of the analysis are in it. Contains no TypeScript itself.
 * Analysis worker threads start here too (run.ts): the bundle, loaded from the same cache, finds
 * its worker data and serves batches; only the main thread writes the cache.
 */

interface CliBundle {
  main(argv: readonly string[]): Promise<number>;
  /** Files analysed on this thread so far. */
  filesAnalysedHere(): number;
}

const bundle = loadWithCodeCache<CliBundle>(path.join(__dirname, 'cli-bundle.js'));

export async function main(argv: readonly string[]): Promise<number> {
  try {
    return await bundle.exports.main(argv);
  } finally {
    if (bundle.exports.filesAnalysedHere() > 0) bundle.saveCache();
  }
}

if (isMainThread && require.main === module) runAsCommand(main);
