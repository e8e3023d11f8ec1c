import type { ts } from 'ts-morph';
import type { ScopeIndex } from './scope';

/**
 * Where a piece of code runs, and so whether blocking there matters (PRECISION.md: "A loop blocks the
 * event loop when it runs where blocking matters"). Async functions, request/message/event handlers,
 * timer and stream callbacks: yes. Startup code, one-shot scripts, worker threads: no.
 *
 * (First version of the contract; the blocking-sync-call work fills it in.)
 */
export interface ExecutionContext {
  blockingMatters: boolean;
  /** Human description for messages: "async function handleRequest", "the 'request' handler"… */
  where: string;
}

export function executionContextOf(_node: ts.Node, _scopes: ScopeIndex): ExecutionContext {
  return { blockingMatters: false, where: 'unknown' };
}
