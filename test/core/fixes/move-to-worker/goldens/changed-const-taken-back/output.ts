import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { DistinctDigestsLoopInput, DistinctDigestsLoopOutput } from './input.distinctDigests-worker.js';

/** Runs the loop of `distinctDigests` in a worker thread (input.distinctDigests-worker.js), so the event loop stays free while it computes. */
function runDistinctDigestsLoopInWorker(input: DistinctDigestsLoopInput): Promise<DistinctDigestsLoopOutput> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./input.distinctDigests-worker.js', import.meta.url), { workerData: input });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker stopped with exit code ${code}`)));
  });
}

export async function distinctDigests(seeds: string[]): Promise<string> {
  let seen = new Set<string>();
  seen.add('');
  ({ seen } = await runDistinctDigestsLoopInWorker({ seeds, seen }));
  seen.delete('');
  return `${seen.size} distinct`;
}
