import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import type { ClosePairsLoopInput, ClosePairsLoopOutput } from './input.closePairs-worker.js';

interface Point {
  x: number;
  y: number;
}

/** Runs the loop of `closePairs` in a worker thread (input.closePairs-worker.js), so the event loop stays free while it computes. */
function runClosePairsLoopInWorker(input: ClosePairsLoopInput): Promise<ClosePairsLoopOutput> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'input.closePairs-worker.js'), { workerData: input });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker stopped with exit code ${code}`)));
  });
}

/** Every pair of points closer than `limit` (by index). */
export async function closePairs(points: Point[], limit: number): Promise<Array<[number, number]>> {
  const { pairs } = await runClosePairsLoopInWorker({ points, limit });
  return pairs;
}
