import type { RuleId } from '../finding';
import type { Rule } from '../rule';
import { sequentialAwaits } from './sequential-awaits/sequential-awaits';
import { awaitInLoop } from './await-in-loop/await-in-loop';
import { blockingLoop } from './blocking-loop/blocking-loop';
import { blockingSyncCall } from './blocking-sync-call/blocking-sync-call';

export const ALL_RULES: readonly Rule[] = [sequentialAwaits, awaitInLoop, blockingLoop, blockingSyncCall];

export function ruleById(id: RuleId): Rule {
  const rule = ALL_RULES.find((r) => r.meta.id === id);
  if (!rule) throw new Error(`unknown rule ${id}`);
  return rule;
}
