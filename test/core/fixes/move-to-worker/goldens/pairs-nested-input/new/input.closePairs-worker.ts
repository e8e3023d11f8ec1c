// The loop of `closePairs` in input.ts, moved here to run in a worker thread so that the main thread's event loop stays free.
import { parentPort, workerData } from 'node:worker_threads';

interface Point {
  x: number;
  y: number;
}

export interface ClosePairsLoopInput {
  points: Point[];
  limit: number;
}

export interface ClosePairsLoopOutput {
  pairs: Array<[number, number]>;
}

function closePairsLoop(input: ClosePairsLoopInput): ClosePairsLoopOutput {
  const { points, limit } = input;
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const dx = points[i]!.x - points[j]!.x;
      const dy = points[i]!.y - points[j]!.y;
      if (dx * dx + dy * dy < limit * limit) pairs.push([i, j]);
    }
  }
  return { pairs };
}

if (parentPort) parentPort.postMessage(closePairsLoop(workerData as ClosePairsLoopInput));
