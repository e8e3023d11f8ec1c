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

/** What every fix of a finding is given. */
export function fixInputFor(finding: Finding, context: FixContext): FixInput {
  const sourceFile = context.sourceFile ?? parseSource(context.fileName, context.text);
  return {
    finding,
    fileName: context.fileName,
    text: context.text,
    sourceFile,
    scopes: scopeIndexFor(sourceFile),
    types: context.types,
    project: context.project ?? projectFactsFor(context.fileName),
  };
}

/** Every fix outcome for a finding: the applicable ones and, for the others, why not. */
export function fixesFor(finding: Finding, context: FixContext): FixOutcome[] {
  const input = fixInputFor(finding, context);
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

export interface FixInfo {
  fixable: boolean;
  reason?: string;
}

/** For reports, from every outcome: is there a real fix (one `--fix` would apply), and if not, the first reason given. */
export function fixInfoOf(outcomes: readonly FixOutcome[]): FixInfo {
  if (preferredFix(outcomes)) return { fixable: true };
  const refused = outcomes.find((o): o is Extract<FixOutcome, { ok: false }> => !o.ok && o.fixId !== 'disable-next-line');
  return refused ? { fixable: false, reason: refused.reason } : { fixable: false };
}

/**
 * For reports: the answer of `fixInfoOf(fixesFor(finding, context))`, cheaply. The fixes are asked
 * in order of preference and only until one applies; a fix that can tell its availability without
 * building its edits (`available`) is asked that way; the disable comment, which never counts, is
 * not asked at all. On the generated 2,000-file corpus, building every finding's edits only to
 * print `fixable` was a fifth of the CLI's time (docs/decisions/0007).
 */
export function fixInfoFor(finding: Finding, context: FixContext): FixInfo {
  let input: FixInput | undefined;
  let reason: string | undefined;
  for (const fix of ALL_FIXES) {
    if (fix.id === 'disable-next-line' || !fix.ruleIds.includes(finding.ruleId)) continue;
    input ??= fixInputFor(finding, context);
    let ok: boolean;
    let refusal: string | undefined;
    try {
      if (fix.available) {
        const availability = fix.available(input);
        ok = availability.ok;
        if (!availability.ok) refusal = availability.reason;
      } else {
        const outcome = fix.create(input);
        ok = outcome.ok;
        if (!outcome.ok) refusal = outcome.reason;
      }
    } catch (error) {
      ok = false;
      refusal = `internal error: ${(error as Error).message}`;
    }
    if (ok) return { fixable: true };
    reason ??= refusal;
  }
  return reason !== undefined ? { fixable: false, reason } : { fixable: false };
}
