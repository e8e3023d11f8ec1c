// The loop of `distinctDigests` in input.ts, moved here to run in a worker thread so that the main thread's event loop stays free.
import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';

export interface DistinctDigestsLoopInput {
  seeds: string[];
  seen: Set<string>;
}

export interface DistinctDigestsLoopOutput {
  seen: Set<string>;
}

function distinctDigestsLoop(input: DistinctDigestsLoopInput): DistinctDigestsLoopOutput {
  const { seeds, seen } = input;
  for (const seed of seeds) {
    let h = seed;
    for (let i = 0; i < 100; i++) h = createHash('md5').update(h).digest('hex').slice(0, 3);
    seen.add(h);
  }
  return { seen };
}

if (parentPort) parentPort.postMessage(distinctDigestsLoop(workerData as DistinctDigestsLoopInput));
