// The loop of `summarize` in input.ts, moved here to run in a worker thread so that the main thread's event loop stays free.
import { parentPort, workerData } from 'node:worker_threads';

export interface SummarizeLoopInput {
  orders: any;
}

export interface SummarizeLoopOutput {
  total: number;
  lines: number;
}

function summarizeLoop(input: SummarizeLoopInput): SummarizeLoopOutput {
  const { orders } = input;
  let total = 0;
  let lines = 0;
  for (const order of orders) {
    const normalised = JSON.parse(JSON.stringify(order));
    for (const line of normalised.lines) {
      total += line.qty * line.price;
      lines++;
    }
  }
  return { total, lines };
}

if (parentPort) parentPort.postMessage(summarizeLoop(workerData as SummarizeLoopInput));
