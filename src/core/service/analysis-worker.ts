import { parentPort } from 'node:worker_threads';
import { AnalysisService } from './analysis-service';
import { toFindingPages } from './finding-pages';
import type { Request, Response } from './protocol';

/**
 * The analysis worker thread. Messages are queued and drained on a later tick, so document
 * changes and cancellations that arrived meanwhile are applied first and stale analyses are
 * answered with 'stale' instead of being computed.
 */
const service = new AnalysisService();
const queue: Request[] = [];
const cancelled = new Set<number>();
let draining = false;

function reply(response: Response): void {
  parentPort!.postMessage(response);
}

function isDocumentUpdate(r: Request): boolean {
  return r.kind === 'open' || r.kind === 'change' || r.kind === 'close' || r.kind === 'cancel';
}

function handleUpdate(request: Request): void {
  switch (request.kind) {
    case 'open':
      service.open(request.uri, request.fileName, request.version, request.text);
      break;
    case 'change':
      if (!service.change(request.uri, request.version, request.changes)) {
        reply({ kind: 'error', id: request.id, message: `change for unknown document ${request.uri}` });
        return;
      }
      break;
    case 'close':
      service.close(request.uri);
      break;
    case 'cancel':
      // Only work still queued can be cancelled; work already answered needs nothing.
      if (queue.some((r) => r.id === request.target)) cancelled.add(request.target);
      break;
    default:
      return;
  }
  reply({ kind: 'ok', id: request.id });
}

function handleWork(request: Request): void {
  if (cancelled.delete(request.id)) {
    reply({ kind: 'cancelled', id: request.id });
    return;
  }
  const started = performance.now();
  switch (request.kind) {
    case 'analyze': {
      if (service.versionOf(request.uri) !== request.version) return reply({ kind: 'stale', id: request.id });
      const result = service.analyze(request.uri, request.settings);
      if (!result) return reply({ kind: 'stale', id: request.id });
      return reply({ kind: 'analysis', id: request.id, uri: request.uri, version: request.version, ...result, ms: performance.now() - started });
    }
    case 'diagnose': {
      if (service.versionOf(request.uri) !== request.version) return reply({ kind: 'stale', id: request.id });
      const result = service.analyze(request.uri, request.settings);
      if (!result) return reply({ kind: 'stale', id: request.id });
      const { findings, ...rest } = result;
      return reply({ kind: 'diagnosis', id: request.id, uri: request.uri, version: request.version, ...rest, ...toFindingPages(findings), ms: performance.now() - started });
    }
    case 'fixes': {
      if (service.versionOf(request.uri) !== request.version) return reply({ kind: 'stale', id: request.id });
      const result = service.fixes(request.uri, request.settings, request.span, request.ruleId);
      if (!result) return reply({ kind: 'stale', id: request.id });
      return reply({ kind: 'fixes', id: request.id, uri: request.uri, version: request.version, ...result });
    }
    case 'analyzeFiles': {
      const results = service.analyzeFiles(request.files, request.settings).map(({ findings, ...rest }) => ({ ...rest, ...toFindingPages(findings) }));
      return reply({ kind: 'files', id: request.id, results });
    }
    default:
      return undefined;
  }
}

function drain(): void {
  // Apply every queued document update and cancellation first: they make earlier work stale.
  for (let i = 0; i < queue.length; ) {
    if (isDocumentUpdate(queue[i]!)) handleUpdate(queue.splice(i, 1)[0]!);
    else i++;
  }
  const next = queue.shift();
  if (next) {
    try {
      handleWork(next);
    } catch (error) {
      reply({ kind: 'error', id: next.id, message: (error as Error).message });
    }
  }
  if (queue.length > 0) setImmediate(drain);
  else draining = false;
}

parentPort!.on('message', (request: Request) => {
  queue.push(request);
  if (!draining) {
    draining = true;
    setImmediate(drain);
  }
});
