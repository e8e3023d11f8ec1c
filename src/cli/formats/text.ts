import * as path from 'node:path';
import type { LocatedFinding } from '../located';

/** ESLint's "stylish" shape: a header per file, one line per finding, a summary line. */
export function formatText(findings: readonly LocatedFinding[], cwd: string, color: boolean): string {
  const paint = (code: string, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const byFile = new Map<string, LocatedFinding[]>();
  for (const f of findings) {
    let list = byFile.get(f.file);
    if (!list) byFile.set(f.file, (list = []));
    list.push(f);
  }
  const lines: string[] = [];
  for (const [file, list] of byFile) {
    lines.push(paint('4', path.relative(cwd, file) || file));
    for (const f of list) {
      const severity = f.severity === 'error' ? paint('31', 'error') : f.severity === 'warning' ? paint('33', 'warning') : paint('36', f.severity);
      lines.push(`  ${`${f.line}:${f.column}`.padEnd(8)} ${severity.padEnd(color ? 16 : 8)} ${f.message}  ${paint('2', f.ruleId ?? '')}`.trimEnd());
    }
    lines.push('');
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const others = findings.length - errors - warnings;
  const fixable = findings.filter((f) => f.fixable).length;
  if (findings.length === 0) return '';
  let summary = `✖ ${findings.length} problem${findings.length === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${others ? `, ${others} info` : ''})`;
  if (fixable > 0) summary += `\n  ${fixable} of them can be fixed with the \`--fix\` option.`;
  lines.push(paint(errors > 0 ? '31;1' : '33;1', summary));
  return lines.join('\n') + '\n';
}
