import { adler32 } from './checksum';
import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import type { FingerprintLoopInput, FingerprintLoopOutput } from './input.fingerprint-worker.js';

/** Runs the loop of `fingerprint` in a worker thread (input.fingerprint-worker.js), so the event loop stays free while it computes. */
function runFingerprintLoopInWorker(input: FingerprintLoopInput): Promise<FingerprintLoopOutput> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'input.fingerprint-worker.js'), { workerData: input });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker stopped with exit code ${code}`)));
  });
}

export async function fingerprint(text: string): Promise<number> {
  const { value } = await runFingerprintLoopInWorker({ text });
  return value;
}
