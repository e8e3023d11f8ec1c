// The loop of `mine` in input.ts, moved here to run in a worker thread so that the main thread's event loop stays free.
import * as crypto from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';

export interface MineLoopInput {
  prefix: string;
  attempts: number;
  best: string;
}

export interface MineLoopOutput {
  attempts: number;
  best: string;
  nonce: number;
}

function mineLoop(input: MineLoopInput): MineLoopOutput {
  const { prefix } = input;
  let { attempts, best } = input;
  let nonce = -1;
  // Try every nonce and keep the smallest hash.
  for (let i = 0; i < 150_000; i++) {
    const hash = crypto.createHash('sha1').update(`${prefix}:${i}`).digest('hex');
    attempts++;
    if (best === '' || hash < best) {
      best = hash;
      nonce = i;
    }
  }
  return { attempts, best, nonce };
}

if (parentPort) parentPort.postMessage(mineLoop(workerData as MineLoopInput));
