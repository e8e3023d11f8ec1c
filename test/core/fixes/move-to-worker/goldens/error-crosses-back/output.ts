import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import type { SumReadingsLoopInput, SumReadingsLoopOutput } from './input.sumReadings-worker.js';

/** Runs the loop of `sumReadings` in a worker thread (input.sumReadings-worker.js), so the event loop stays free while it computes. */
function runSumReadingsLoopInWorker(input: SumReadingsLoopInput): Promise<SumReadingsLoopOutput> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'input.sumReadings-worker.js'), { workerData: input });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker stopped with exit code ${code}`)));
  });
}

export async function sumReadings(rows: string[]): Promise<number> {
  const { sum } = await runSumReadingsLoopInWorker({ rows });
  return sum;
}
