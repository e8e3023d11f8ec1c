import { isMainThread, parentPort } from 'node:worker_threads';
import { BatchAnalyzer, type BatchConfig } from './batch';
import { fixInfoFor } from '../core/fixes';

/** What an analysis worker thread is started with (the same bundle as the CLI: see run.ts). */
export interface CliWorkerData {
  workloadShapeCliWorker: true;
  config: BatchConfig;
}

export function isCliWorker(data: unknown): data is CliWorkerData {
  return !isMainThread && typeof data === 'object' && data !== null && (data as Partial<CliWorkerData>).workloadShapeCliWorker === true;
}

/** Worker thread: analyses the batches of files the main thread sends, returns located findings. */
export function startFileWorker(data: CliWorkerData): void {
  const analyzer = new BatchAnalyzer(data.config, fixInfoFor);
  parentPort!.on('message', (message: { id: number; files: string[] }) => {
    const result = analyzer.analyze(message.files);
    parentPort!.postMessage({ id: message.id, ...result });
  });
}
