import * as vscode from 'vscode';
import type { Severity } from '../core/finding';
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

/** A finding as VS Code shows it: source, rule id linked to its docs, related locations. */
export function toDiagnostic(uri: vscode.Uri, finding: EditorFinding): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(finding.span), finding.message, severityOf(finding.severity));
  diagnostic.source = SOURCE;
  diagnostic.code = { value: finding.ruleId, target: vscode.Uri.parse(docsUrl(finding.ruleId)) };
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
