// The loop of `sumReadings` in input.ts, moved here to run in a worker thread so that the main thread's event loop stays free.
import { parentPort, workerData } from 'node:worker_threads';

export interface SumReadingsLoopInput {
  rows: string[];
}

export interface SumReadingsLoopOutput {
  sum: number;
}

function sumReadingsLoop(input: SumReadingsLoopInput): SumReadingsLoopOutput {
  const { rows } = input;
  let sum = 0;
  for (const row of rows) {
    const reading = JSON.parse(row);
    if (typeof reading.value !== 'number') throw new RangeError(`not a number: ${row}`);
    sum += reading.value;
  }
  return { sum };
}

if (parentPort) parentPort.postMessage(sumReadingsLoop(workerData as SumReadingsLoopInput));
