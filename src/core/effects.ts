import { ts } from 'ts-morph';
import type { ScopeIndex } from './scope';

/**
 * The effects model: what resource a call touches and whether it reads or writes it, and whether
 * the call expresses an intent to run in sequence (sleeps, locks, transactions, lifecycle).
 * PRECISION.md, rules 2 and 3.
 *
 * (First version of the contract; the sequential-awaits work fills in the model.)
 */
export type Access = 'read' | 'write' | 'unknown';

export type SequencingIntent = 'sleep' | 'lock' | 'transaction' | 'lifecycle' | 'rate-limit' | 'retry';

export interface CallEffect {
  /** A key naming what is touched: 'fs:<path text>', 'http:<url text>', 'receiver:db.users', 'module:./cache'… undefined when unknown. */
  resource: string | undefined;
  access: Access;
  intent: SequencingIntent | undefined;
  /** Short human label for messages, e.g. "getUser(id)". */
  label: string;
}

export function classifyCall(call: ts.CallExpression | ts.NewExpression, _scopes: ScopeIndex): CallEffect {
  return { resource: undefined, access: 'unknown', intent: undefined, label: call.expression.getText() };
}

/** Do two effects need to stay in order? Reads commute with reads; a write conflicts with any access to the same resource. */
export function conflicts(a: CallEffect, b: CallEffect): boolean {
  if (a.intent || b.intent) return true;
  if (a.resource === undefined || b.resource === undefined) return a.access !== 'read' || b.access !== 'read';
  if (a.resource !== b.resource) return false;
  return a.access !== 'read' || b.access !== 'read';
}
