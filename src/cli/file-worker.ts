import { parentPort, workerData } from 'node:worker_threads';
import { BatchAnalyzer, type BatchConfig } from './batch';
import { fixInfoFor } from '../core/fixes';

/** Worker thread: analyses the batches of files the main thread sends, returns located findings. */
const analyzer = new BatchAnalyzer(workerData as BatchConfig, fixInfoFor);

parentPort!.on('message', (message: { id: number; files: string[] }) => {
  const result = analyzer.analyze(message.files);
  parentPort!.postMessage({ id: message.id, ...result });
});
