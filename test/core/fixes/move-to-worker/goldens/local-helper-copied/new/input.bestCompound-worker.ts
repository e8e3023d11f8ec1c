// The loop of `bestCompound` in input.ts, moved here to run in a worker thread so that the main thread's event loop stays free.
import { parentPort, workerData } from 'node:worker_threads';

const WEIGHTS = [3, 1, 4, 1, 5, 9, 2, 6];

/** A cheap, deterministic score for a word. */
function score(word: string): number {
  let total = 0;
  for (let i = 0; i < word.length; i++) total += word.charCodeAt(i) * WEIGHTS[i % WEIGHTS.length]!;
  return total % 1009;
}

export interface BestCompoundLoopInput {
  words: string[];
}

export interface BestCompoundLoopOutput {
  best: string;
}

function bestCompoundLoop(input: BestCompoundLoopInput): BestCompoundLoopOutput {
  const { words } = input;
  let best = '';
  let bestScore = -1;
  for (const first of words) {
    for (const second of words) {
      const candidate = score(first + second);
      if (candidate > bestScore) {
        bestScore = candidate;
        best = first + second;
      }
    }
  }
  return { best };
}

if (parentPort) parentPort.postMessage(bestCompoundLoop(workerData as BestCompoundLoopInput));
