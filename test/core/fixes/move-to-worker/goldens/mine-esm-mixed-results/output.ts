import * as crypto from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { MineLoopInput, MineLoopOutput } from './input.mine-worker.js';

/** Runs the loop of `mine` in a worker thread (input.mine-worker.js), so the event loop stays free while it computes. */
function runMineLoopInWorker(input: MineLoopInput): Promise<MineLoopOutput> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./input.mine-worker.js', import.meta.url), { workerData: input });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker stopped with exit code ${code}`)));
  });
}

export async function mine(prefix: string, difficulty: number): Promise<string> {
  let attempts = 0;
  let best = '';
  const label = `${prefix}/${difficulty}`;
  const mineLoopResult = await runMineLoopInWorker({ prefix, attempts, best });
  ({ attempts, best } = mineLoopResult);
  const { nonce } = mineLoopResult;
  attempts += 1;
  return `${label}: ${best} (nonce ${nonce}, ${attempts} attempts)`;
}
