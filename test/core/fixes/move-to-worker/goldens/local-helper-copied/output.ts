import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import type { BestCompoundLoopInput, BestCompoundLoopOutput } from './input.bestCompound-worker.js';

const WEIGHTS = [3, 1, 4, 1, 5, 9, 2, 6];

/** A cheap, deterministic score for a word. */
function score(word: string): number {
  let total = 0;
  for (let i = 0; i < word.length; i++) total += word.charCodeAt(i) * WEIGHTS[i % WEIGHTS.length]!;
  return total % 1009;
}

/** Runs the loop of `bestCompound` in a worker thread (input.bestCompound-worker.js), so the event loop stays free while it computes. */
function runBestCompoundLoopInWorker(input: BestCompoundLoopInput): Promise<BestCompoundLoopOutput> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'input.bestCompound-worker.js'), { workerData: input });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker stopped with exit code ${code}`)));
  });
}

export async function bestCompound(words: string[]): Promise<string> {
  const { best } = await runBestCompoundLoopInWorker({ words });
  return best;
}
