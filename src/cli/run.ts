import * as path from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { fixInfoFor } from '../core/fixes';
import type { CliWorkerData } from './file-worker';
import { BatchAnalyzer, type BatchConfig, type BatchResult } from './batch';
import type { LocatedFinding } from './located';

export interface RunProgress {
  (done: number, total: number): void;
}

const BATCH_SIZE = 40;
/**
 * One thread unless --jobs says otherwise. Measured side by side (docs/decisions/0004): on 2 cores
 * worker threads were no faster than one thread on a real 1,400-file repository (0.86x), on the
 * generated 2,000-file corpus (0.95x) and on TypeORM; a single Node process already keeps ~1.3
 * cores busy with V8's background compilation and GC, and a second analysing isolate costs ~50%
 * more CPU (its own heap and GC) than it saves. Main thread only coordinating: worse still.
 */
export function defaultJobs(_fileCount: number, _config: BatchConfig): number {
  return 1;
}

/**
 * A worker runs the CLI's launcher (dist/cli.js), which loads the bundle with the code cache the
 * CLI's runs wrote instead of compiling TypeScript again; the bundle (src/cli.ts) starts the file
 * worker when it finds its worker data. Unbundled (out/), src/cli.js directly.
 */
function startWorker(config: BatchConfig): Worker {
  const workerData: CliWorkerData = { workloadShapeCliWorker: true, config };
  const bundled = __filename === path.join(__dirname, 'cli-bundle.js');
  return new Worker(bundled ? path.join(__dirname, 'cli.js') : path.join(__dirname, '..', 'cli.js'), { workerData });
}

/**
 * Analyse files on `jobs` threads: the main thread works too, and each worker keeps two batches
 * queued so it never waits for the main thread to finish its own batch.
 */
export async function analyzeAll(files: readonly string[], config: BatchConfig, jobs: number, progress?: RunProgress): Promise<BatchResult> {
  const batches: string[][] = [];
  for (let i = 0; i < files.length; i += BATCH_SIZE) batches.push(files.slice(i, i + BATCH_SIZE));
  const results: BatchResult[] = new Array(batches.length);
  let done = 0;
  const finish = (index: number, result: BatchResult) => {
    results[index] = result;
    done += batches[index]!.length;
    progress?.(done, files.length);
  };

  const main = new BatchAnalyzer(config, fixInfoFor);
  let next = 0;
  const workers: Worker[] = [];
  const workerCount = Math.min(jobs - 1, Math.max(0, batches.length - 1));
  let failure: Error | undefined;

  await new Promise<void>((resolve) => {
    let outstanding = 0;
    const maybeDone = () => {
      if (next >= batches.length && outstanding === 0) resolve();
    };
    const feed = (worker: Worker) => {
      if (next >= batches.length) return;
      const id = next++;
      outstanding++;
      worker.postMessage({ id, files: batches[id] });
    };
    for (let w = 0; w < workerCount; w++) {
      const worker = startWorker(config);
      worker.on('message', (message: { id: number } & BatchResult) => {
        outstanding--;
        finish(message.id, { entries: message.entries, unreadable: message.unreadable });
        feed(worker);
        maybeDone();
      });
      worker.on('error', (error) => {
        failure ??= error;
        outstanding = 0;
        next = batches.length;
        resolve();
      });
      workers.push(worker);
      feed(worker);
      feed(worker);
    }
    const mainLoop = async () => {
      while (next < batches.length) {
        const id = next++;
        finish(id, main.analyze(batches[id]!));
        if (workers.length > 0) await yieldToLoop(); // let worker results in, feed them
      }
      maybeDone();
    };
    void mainLoop();
  });
  await Promise.all(workers.map((w) => w.terminate()));
  if (failure) throw failure;

  const entries: LocatedFinding[] = [];
  let unreadable = 0;
  for (const r of results) {
    if (!r) continue;
    entries.push(...r.entries);
    unreadable += r.unreadable;
  }
  return { entries, unreadable };
}
