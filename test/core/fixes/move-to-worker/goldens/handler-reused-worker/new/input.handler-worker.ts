// The loop of the POST /fingerprint handler in input.ts, moved here to run in a worker thread so that the main thread's event loop stays free.
import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';

export interface HandlerLoopInput {
  text: string;
}

export interface HandlerLoopOutput {
  fingerprint: string;
}

function handlerLoop(input: HandlerLoopInput): HandlerLoopOutput {
  const { text } = input;
  let fingerprint = '';
  for (let i = 0; i < 40_000; i++) {
    fingerprint = createHash('sha256').update(fingerprint + text).digest('hex');
  }
  return { fingerprint };
}

export type HandlerLoopReply = { id: number; ok: true; output: HandlerLoopOutput } | { id: number; ok: false; error: unknown };

parentPort?.on('message', ({ id, input }: { id: number; input: HandlerLoopInput }) => {
  let reply: HandlerLoopReply;
  try {
    reply = { id, ok: true, output: handlerLoop(input) };
  } catch (error) {
    reply = { id, ok: false, error };
  }
  parentPort!.postMessage(reply);
});
