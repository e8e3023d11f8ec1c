import type { ts } from 'ts-morph';
import type { Finding, RuleId } from './finding';

/**
 * ESLint-style suppression comments:
 *   // workload-shape-disable-next-line [rule-id[, rule-id]]
 *   // workload-shape-disable-line [rule-id...]          (at the end of the line)
 *   /* workload-shape-disable [rule-id...] *\/           (anywhere: the whole file)
 * No rule ids means every rule.
 */
const COMMENT = /\/[/*]\s*workload-shape-(disable-next-line|disable-line|disable)(?![\w-])([^\n*]*)/g;

interface Suppressions {
  wholeFile: Set<RuleId> | 'all' | undefined;
  /** 0-based line → rules suppressed there ('all' for every rule). */
  lines: Map<number, Set<string> | 'all'>;
}

function parseRuleList(text: string): Set<string> | 'all' {
  const ids = text
    .replace(/--.*$/, '') // allow "-- reason" like ESLint
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return ids.length === 0 ? 'all' : new Set(ids);
}

function merge(a: Set<string> | 'all' | undefined, b: Set<string> | 'all'): Set<string> | 'all' {
  if (a === 'all' || b === 'all') return 'all';
  return new Set([...(a ?? []), ...b]);
}

export function findSuppressions(sourceFile: ts.SourceFile): Suppressions {
  const text = sourceFile.text;
  const result: Suppressions = { wholeFile: undefined, lines: new Map() };
  if (!text.includes('workload-shape-disable')) return result;
  COMMENT.lastIndex = 0;
  for (let match = COMMENT.exec(text); match; match = COMMENT.exec(text)) {
    const kind = match[1];
    const rules = parseRuleList(match[2] ?? '');
    const line = sourceFile.getLineAndCharacterOfPosition(match.index).line;
    if (kind === 'disable') {
      result.wholeFile = merge(result.wholeFile as Set<string> | 'all' | undefined, rules) as Set<RuleId> | 'all';
    } else {
      const target = kind === 'disable-next-line' ? line + 1 : line;
      result.lines.set(target, merge(result.lines.get(target), rules));
    }
  }
  return result;
}

function covers(set: Set<string> | 'all' | undefined, ruleId: string): boolean {
  return set === 'all' || (set !== undefined && set.has(ruleId));
}

export function applySuppressions(sourceFile: ts.SourceFile, findings: Finding[]): Finding[] {
  const suppressions = findSuppressions(sourceFile);
  if (suppressions.wholeFile === undefined && suppressions.lines.size === 0) return findings;
  return findings.filter((finding) => {
    if (covers(suppressions.wholeFile, finding.ruleId)) return false;
    const line = sourceFile.getLineAndCharacterOfPosition(finding.range.start).line;
    return !covers(suppressions.lines.get(line), finding.ruleId);
  });
}
