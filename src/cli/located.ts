import type { FileResult, Finding, RuleId, Severity } from '../core/finding';
import { lineIndex } from '../core/line-index';

/** A finding placed in a file with 1-based line/column, ready for any output format. */
export interface LocatedFinding {
  ruleId: RuleId | null;
  messageId: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  message: string;
  fixable: boolean;
  /** Why no fix is offered, when the finding has one that was refused. */
  notFixableReason?: string;
  related: Array<{ line: number; column: number; endLine: number; endColumn: number; message: string }>;
  /** True for "could not parse / read" entries. */
  fatal?: boolean;
}

/** Offsets → 1-based line/column for reports. */
function oneBased(text: string): (offset: number) => { line: number; column: number } {
  const at = lineIndex(text);
  return (offset) => {
    const p = at(offset);
    return { line: p.line + 1, column: p.character + 1 };
  };
}

export interface FixInfo {
  fixable: boolean;
  reason?: string;
}

export function locate(result: FileResult, text: string, fixInfo: (finding: Finding) => FixInfo = () => ({ fixable: false })): LocatedFinding[] {
  if (!result.parseProblem && result.findings.length === 0) return []; // most files: no line table to build
  const at = oneBased(text);
  if (result.parseProblem) {
    const start = at(result.parseProblem.range.start);
    const end = at(result.parseProblem.range.end);
    return [{
      ruleId: null,
      messageId: 'parseError',
      file: result.fileName,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      severity: 'error',
      message: `Parsing error: ${result.parseProblem.message} (file skipped)`,
      fixable: false,
      related: [],
      fatal: true,
    }];
  }
  return result.findings.map((finding) => {
    const start = at(finding.range.start);
    const end = at(finding.range.end);
    const fix = fixInfo(finding);
    return {
      ruleId: finding.ruleId,
      messageId: finding.messageId,
      file: result.fileName,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      severity: finding.severity,
      message: finding.message,
      fixable: fix.fixable,
      ...(fix.reason ? { notFixableReason: fix.reason } : {}),
      related: finding.related.map((r) => {
        const s = at(r.range.start);
        const e = at(r.range.end);
        return { line: s.line, column: s.column, endLine: e.line, endColumn: e.column, message: r.message };
      }),
    };
  });
}

export function unreadableEntry(file: string, reason: string): LocatedFinding {
  return {
    ruleId: null,
    messageId: 'unreadable',
    file,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
    severity: 'error',
    message: `Cannot analyse: ${reason} (file skipped)`,
    fixable: false,
    related: [],
    fatal: true,
  };
}
