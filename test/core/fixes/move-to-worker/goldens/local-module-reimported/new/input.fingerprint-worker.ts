// The loop of `fingerprint` in input.ts, moved here to run in a worker thread so that the main thread's event loop stays free.
import { adler32 } from './checksum';
import { parentPort, workerData } from 'node:worker_threads';

export interface FingerprintLoopInput {
  text: string;
}

export interface FingerprintLoopOutput {
  value: number;
}

function fingerprintLoop(input: FingerprintLoopInput): FingerprintLoopOutput {
  const { text } = input;
  let value = 0;
  for (let i = 0; i < 60_000; i++) {
    value = (value * 31 + adler32(`${i}:${text}`)) % 1_000_003;
  }
  return { value };
}

if (parentPort) parentPort.postMessage(fingerprintLoop(workerData as FingerprintLoopInput));
