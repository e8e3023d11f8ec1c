import { Worker } from 'node:worker_threads';
import type { RhymingPairsLoopInput, RhymingPairsLoopOutput } from './input.rhymingPairs-worker.js';

/** Runs the loop of `rhymingPairs` in a worker thread (input.rhymingPairs-worker.js), so the event loop stays free while it computes. */
function runRhymingPairsLoopInWorker(input: RhymingPairsLoopInput): Promise<RhymingPairsLoopOutput> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./input.rhymingPairs-worker.js', import.meta.url), { workerData: input });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker stopped with exit code ${code}`)));
  });
}

/** How many ordered pairs of different words share their last two letters. */
export async function rhymingPairs(text: string): Promise<number> {
  const words = text.toLowerCase().split(' ');
  const { matches } = await runRhymingPairsLoopInWorker({ words });
  return matches;
}
