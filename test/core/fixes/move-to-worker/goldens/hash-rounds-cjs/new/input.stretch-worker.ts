// The loop of `stretch` in input.ts, moved here to run in a worker thread so that the main thread's event loop stays free.
import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';

export interface StretchLoopInput {
  salt: string;
  password: string;
}

export interface StretchLoopOutput {
  digest: string;
}

function stretchLoop(input: StretchLoopInput): StretchLoopOutput {
  const { salt, password } = input;
  let digest = salt + password;
  for (let i = 0; i < 100_000; i++) {
    digest = createHash('sha256').update(digest).digest('hex');
  }
  return { digest };
}

if (parentPort) parentPort.postMessage(stretchLoop(workerData as StretchLoopInput));
