import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import type { SummarizeLoopInput, SummarizeLoopOutput } from './input.summarize-worker.js';

/** Runs the loop of `summarize` in a worker thread (input.summarize-worker.js), so the event loop stays free while it computes. */
function runSummarizeLoopInWorker(input: SummarizeLoopInput): Promise<SummarizeLoopOutput> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'input.summarize-worker.js'), { workerData: input });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker stopped with exit code ${code}`)));
  });
}

/** Totals of an order export: every order is re-serialised to normalise it, then summed. */
export async function summarize(body: string): Promise<string> {
  const orders = JSON.parse(body);
  const { total, lines } = await runSummarizeLoopInWorker({ orders });
  return `${lines} lines, total ${total.toFixed(2)}`;
}
