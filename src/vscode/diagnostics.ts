import * as vscode from 'vscode';
import type { RuleId, Severity } from '../core/finding';
import { docsUrl } from '../core/rule';
import type { EditorFinding, Span } from '../core/service/protocol';

export const SOURCE = 'workload-shape';

export function toRange(span: Span): vscode.Range {
  return new vscode.Range(span.start.line, span.start.character, span.end.line, span.end.character);
}

export function toSpan(range: vscode.Range): Span {
  return { start: { line: range.start.line, character: range.start.character }, end: { line: range.end.line, character: range.end.character } };
}

function severityOf(severity: Severity): vscode.DiagnosticSeverity {
  switch (severity) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    case 'info':
      return vscode.DiagnosticSeverity.Information;
    default:
      return vscode.DiagnosticSeverity.Hint;
  }
}

/** Parsed once per rule: a large file has thousands of findings of the same four rules. */
const docsUris = new Map<RuleId, vscode.Uri>();

function docsUriOf(ruleId: RuleId): vscode.Uri {
  let uri = docsUris.get(ruleId);
  if (!uri) docsUris.set(ruleId, (uri = vscode.Uri.parse(docsUrl(ruleId))));
  return uri;
}

/** A finding as VS Code shows it: source, rule id linked to its docs, related locations. */
export function toDiagnostic(uri: vscode.Uri, finding: EditorFinding): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(finding.span), finding.message, severityOf(finding.severity));
  diagnostic.source = SOURCE;
  diagnostic.code = { value: finding.ruleId, target: docsUriOf(finding.ruleId) };
  diagnostic.relatedInformation = finding.related.map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, toRange(r.span)), r.message));
  return diagnostic;
}

/** The rule id of one of our diagnostics, or undefined for anybody else's. */
export function ruleIdOf(diagnostic: vscode.Diagnostic): string | undefined {
  if (diagnostic.source !== SOURCE) return undefined;
  const code = diagnostic.code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return typeof code === 'string' ? code : undefined;
}

/** Hands the event loop back between pages, so other work (and typing) is not held up. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The diagnostics of a file from the worker's pages of findings (finding-pages.ts), one page per
 * turn of the event loop. Resolves with undefined when `wanted` says the result is no longer
 * needed (a newer version, a closed document). When the worker left findings out, a notice says
 * how many, as VS Code itself does past its limit.
 */
export async function diagnosticsFromPages(uri: vscode.Uri, pages: readonly string[], total: number, wanted: () => boolean): Promise<vscode.Diagnostic[] | undefined> {
  const diagnostics: vscode.Diagnostic[] = [];
  for (const page of pages) {
    if (diagnostics.length > 0) {
      await yieldToEventLoop();
      if (!wanted()) return undefined;
    }
    for (const finding of JSON.parse(page) as EditorFinding[]) diagnostics.push(toDiagnostic(uri, finding));
  }
  if (total > diagnostics.length) {
    const notice = new vscode.Diagnostic(
      new vscode.Range(0, 0, 0, 0),
      `${total - diagnostics.length} more Workload Shape findings in this file are not shown (at most ${diagnostics.length} per file).`,
      vscode.DiagnosticSeverity.Information,
    );
    notice.source = SOURCE;
    diagnostics.push(notice);
  }
  return diagnostics;
}
