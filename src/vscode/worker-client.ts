import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import type { Request, RequestWithoutId, Response } from '../core/service/protocol';
import { CODE_CACHE_LOADER, codeCacheFileFor } from './worker-code-cache';

/**
 * The extension host's side of the analysis worker: starts it on first use (so activation never
 * loads TypeScript), matches answers to requests by id, and restarts it after a crash.
 */
export class AnalysisWorkerClient implements vscode.Disposable {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, (response: Response) => void>();
  private readonly restarted = new vscode.EventEmitter<void>();
  /** Fires after the worker was restarted: documents must be opened again. */
  readonly onDidRestart = this.restarted.event;
  private disposed = false;

  /** Where the worker's compiled code is kept between starts (see worker-code-cache.ts), if anywhere. */
  readonly codeCacheFile: string | undefined;
  private readonly script: string;

  constructor(extensionPath: string, private readonly log: vscode.LogOutputChannel, codeCacheDir?: string) {
    this.script = path.join(extensionPath, 'dist', 'analysis-worker.js');
    this.codeCacheFile = codeCacheDir ? codeCacheFileFor(this.script, codeCacheDir) : undefined;
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const script = this.script;
    const name = 'workload-shape-analysis';
    const worker = this.codeCacheFile
      ? new Worker(CODE_CACHE_LOADER, { eval: true, name, workerData: { script, cacheFile: this.codeCacheFile } })
      : new Worker(script, { name });
    worker.on('message', (response: Response) => {
      const resolve = this.pending.get(response.id);
      if (!resolve) return;
      this.pending.delete(response.id);
      resolve(response);
    });
    const failed = (reason: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      for (const [id, resolve] of this.pending) resolve({ kind: 'error', id, message: reason });
      this.pending.clear();
      if (!this.disposed) {
        this.log.error(`analysis worker stopped: ${reason}; it restarts on the next request`);
        this.restarted.fire();
      }
    };
    worker.on('error', (error) => failed(error.message));
    worker.on('exit', (code) => failed(`exited with code ${code}`));
    this.worker = worker;
    this.log.info(`analysis worker started (${script})`);
    return worker;
  }

  get running(): boolean {
    return this.worker !== undefined;
  }

  /** Send a request; the promise resolves with the worker's answer (never rejects). */
  request(message: RequestWithoutId): { id: number; response: Promise<Response> } {
    const id = this.nextId++;
    const response = new Promise<Response>((resolve) => {
      this.pending.set(id, resolve);
      try {
        this.ensure().postMessage({ ...message, id } as Request);
      } catch (error) {
        this.pending.delete(id);
        resolve({ kind: 'error', id, message: (error as Error).message });
      }
    });
    return { id, response };
  }

  /** Fire-and-forget notifications (document sync, cancellation) — answered with 'ok'. */
  notify(message: RequestWithoutId): void {
    void this.request(message).response;
  }

  cancel(target: number): void {
    if (this.pending.has(target)) this.notify({ kind: 'cancel', target });
  }

  dispose(): void {
    this.disposed = true;
    this.restarted.dispose();
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }
}
