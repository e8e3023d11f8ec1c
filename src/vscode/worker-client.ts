import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import type { Request, RequestWithoutId, Response } from '../core/service/protocol';

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

  constructor(private readonly extensionPath: string, private readonly log: vscode.LogOutputChannel) {}

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const script = path.join(this.extensionPath, 'dist', 'analysis-worker.js');
    const worker = new Worker(script, { name: 'workload-shape-analysis' });
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
