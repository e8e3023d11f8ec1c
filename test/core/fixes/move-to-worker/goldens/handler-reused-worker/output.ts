import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { HandlerLoopInput, HandlerLoopOutput, HandlerLoopReply } from './input.handler-worker.js';

interface Reply {
  send(body: string): void;
}

interface Router {
  post(path: string, handler: (req: { body: string }, res: Reply) => Promise<void>): void;
}

let handlerLoopWorker: ((input: HandlerLoopInput) => Promise<HandlerLoopOutput>) | undefined;

/** Runs the loop of the POST /fingerprint handler in a worker thread (input.handler-worker.js) that is started once and reused. */
function runHandlerLoopInWorker(input: HandlerLoopInput): Promise<HandlerLoopOutput> {
  handlerLoopWorker ??= startHandlerLoopWorker();
  return handlerLoopWorker(input);
}

/** Starts the worker; it is unref()ed while idle, and a crash rejects the pending calls (the next call starts a new one). */
function startHandlerLoopWorker(): (input: HandlerLoopInput) => Promise<HandlerLoopOutput> {
  const worker = new Worker(new URL('./input.handler-worker.js', import.meta.url));
  const pending = new Map<number, { resolve(output: HandlerLoopOutput): void; reject(error: unknown): void }>();
  let lastId = 0;
  const run = (input: HandlerLoopInput): Promise<HandlerLoopOutput> =>
    new Promise((resolve, reject) => {
      const id = ++lastId;
      worker.postMessage({ id, input });
      pending.set(id, { resolve, reject });
      worker.ref();
    });
  const fail = (error: unknown): void => {
    if (handlerLoopWorker === run) handlerLoopWorker = undefined;
    for (const call of pending.values()) call.reject(error);
    pending.clear();
  };
  worker.on('message', (reply: HandlerLoopReply) => {
    const call = pending.get(reply.id);
    pending.delete(reply.id);
    if (pending.size === 0) worker.unref();
    if (reply.ok) call?.resolve(reply.output);
    else call?.reject(reply.error);
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`worker stopped with exit code ${code}`)));
  worker.unref();
  return run;
}

export function routes(app: Router): void {
  app.post('/fingerprint', async (req, res) => {
    const text = req.body;
    const { fingerprint } = await runHandlerLoopInWorker({ text });
    res.send(fingerprint);
  });
}
