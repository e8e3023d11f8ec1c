import type { ts } from 'ts-morph';
import { parseSource } from '../engine';
import type { Finding } from '../finding';
import { projectFactsFor } from '../project-facts';
import type { TypeOracle } from '../rule';
import { scopeIndexFor } from '../scope';
import type { Fix, FixInput, FixOutcome, ProjectFacts, ProposedFix } from './fix';
import { disableNextLineFix } from './disable-next-line/disable-next-line';
import { moveToWorkerFix } from './move-to-worker/move-to-worker';
import { runAwaitsConcurrentlyFix } from './run-awaits-concurrently/run-awaits-concurrently';
import { runIterationsBoundedFix } from './run-iterations-bounded/run-iterations-bounded';
import { runIterationsConcurrentlyFix } from './run-iterations-concurrently/run-iterations-concurrently';
import { useAsyncApiFix } from './use-async-api/use-async-api';

/** Every fix, in order of preference for a finding they share (the disable comment comes last). */
export const ALL_FIXES: readonly Fix[] = [
  runAwaitsConcurrentlyFix,
  runIterationsConcurrentlyFix,
  runIterationsBoundedFix,
  moveToWorkerFix,
  useAsyncApiFix,
  disableNextLineFix,
];

export interface FixContext {
  fileName: string;
  text: string;
  /** A parse of `text` to reuse; parsed here when absent. */
  sourceFile?: ts.SourceFile;
  types?: TypeOracle;
  project?: ProjectFacts;
}

/** Every fix outcome for a finding: the applicable ones and, for the others, why not. */
export function fixesFor(finding: Finding, context: FixContext): FixOutcome[] {
  const sourceFile = context.sourceFile ?? parseSource(context.fileName, context.text);
  const input: FixInput = {
    finding,
    fileName: context.fileName,
    text: context.text,
    sourceFile,
    scopes: scopeIndexFor(sourceFile),
    types: context.types,
    project: context.project ?? projectFactsFor(context.fileName),
  };
  const outcomes: FixOutcome[] = [];
  for (const fix of ALL_FIXES) {
    if (!fix.ruleIds.includes(finding.ruleId)) continue;
    try {
      outcomes.push(fix.create(input));
    } catch (error) {
      // A fix that trips over unexpected code is not offered; the finding still stands.
      outcomes.push({ ok: false, fixId: fix.id, reason: `internal error: ${(error as Error).message}` });
    }
  }
  return outcomes;
}

/** The fix `--fix` applies: the preferred applicable one that is not the disable comment. */
export function preferredFix(outcomes: readonly FixOutcome[]): ProposedFix | undefined {
  const applicable = outcomes.flatMap((o) => (o.ok && o.fix.fixId !== 'disable-next-line' ? [o.fix] : []));
  return applicable.find((f) => f.preferred) ?? applicable[0];
}

/** For reports: is there a real fix, and if not, the first reason given. */
export function fixInfoFor(finding: Finding, context: FixContext): { fixable: boolean; reason?: string } {
  const outcomes = fixesFor(finding, context);
  if (preferredFix(outcomes)) return { fixable: true };
  const refused = outcomes.find((o): o is Extract<FixOutcome, { ok: false }> => !o.ok && o.fixId !== 'disable-next-line');
  return refused ? { fixable: false, reason: refused.reason } : { fixable: false };
}
