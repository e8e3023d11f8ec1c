import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import type { StretchLoopInput, StretchLoopOutput } from './input.stretch-worker.js';

/** Runs the loop of `stretch` in a worker thread (input.stretch-worker.js), so the event loop stays free while it computes. */
function runStretchLoopInWorker(input: StretchLoopInput): Promise<StretchLoopOutput> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'input.stretch-worker.js'), { workerData: input });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker stopped with exit code ${code}`)));
  });
}

/** Stretches a password by hashing it many times (deliberately slow). */
export async function stretch(password: string, salt: string): Promise<string> {
  const rounds = 100_000;
  const { digest } = await runStretchLoopInWorker({ salt, password });
  return `${rounds}:${digest}`;
}
