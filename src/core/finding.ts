/** Plain data that leaves the engine: no ts nodes, no vscode types. Offsets are 0-based into the file text. */

export const RULE_IDS = ['sequential-awaits', 'await-in-loop', 'blocking-loop', 'blocking-sync-call'] as const;
export type RuleId = (typeof RULE_IDS)[number];

export function isRuleId(value: string): value is RuleId {
  return (RULE_IDS as readonly string[]).includes(value);
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

/** Most severe first. */
export const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

export function isSeverity(value: string): value is Severity {
  return (SEVERITY_ORDER as readonly string[]).includes(value);
}

/** Is `severity` at least as severe as `floor`? */
export function isAtLeast(severity: Severity, floor: Severity): boolean {
  return SEVERITY_ORDER.indexOf(severity) <= SEVERITY_ORDER.indexOf(floor);
}

export interface TextRange {
  /** 0-based offset of the first character. */
  start: number;
  /** 0-based offset one past the last character. */
  end: number;
}

export interface RelatedLocation {
  range: TextRange;
  message: string;
}

export interface Finding {
  ruleId: RuleId;
  messageId: string;
  /** The message with its placeholders filled in. */
  message: string;
  range: TextRange;
  related: RelatedLocation[];
  severity: Severity;
  /** Placeholder values; fixes may read them too. */
  data: Record<string, string | number>;
}

export interface ParseProblem {
  message: string;
  range: TextRange;
}

export interface FileResult {
  fileName: string;
  findings: Finding[];
  /** Set when the file did not parse; its findings are then empty. */
  parseProblem?: ParseProblem;
}
