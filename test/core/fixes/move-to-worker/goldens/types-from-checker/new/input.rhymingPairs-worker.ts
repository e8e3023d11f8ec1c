// The loop of `rhymingPairs` in input.ts, moved here to run in a worker thread so that the main thread's event loop stays free.
import { parentPort, workerData } from 'node:worker_threads';

export interface RhymingPairsLoopInput {
  words: string[];
}

export interface RhymingPairsLoopOutput {
  matches: number;
}

function rhymingPairsLoop(input: RhymingPairsLoopInput): RhymingPairsLoopOutput {
  const { words } = input;
  let matches = 0;
  for (const a of words) {
    for (const b of words) {
      if (a !== b && a.slice(-2) === b.slice(-2)) matches++;
    }
  }
  return { matches };
}

if (parentPort) parentPort.postMessage(rhymingPairsLoop(workerData as RhymingPairsLoopInput));
