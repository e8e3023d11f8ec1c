import type { CodeComparison, CodeLine } from './explainer-protocol';

/**
 * The user's code next to the fixed code: the lines of the finding (and the fix's edits that touch
 * them) before and after the fix, with changed lines marked. Edits elsewhere in the file (imports, a
 * helper) and new files are listed under the comparison. Pure: text and spans in, lines out.
 */

/** The protocol's position and span, under the short names this module has always used. */
export type { Position as Pos, Span as Range } from '../core/service/protocol';
import type { Position as Pos, Span as Range } from '../core/service/protocol';
export interface RangeEdit {
  span: Range;
  newText: string;
}
export interface FixFiles {
  files: Array<{ fileName: string; create: boolean; edits: RangeEdit[]; text?: string }>;
}

/** Lines shown per side before the rest is summarised; a comparison taller than a screen is not read. */
const MAX_LINES = 40;
const MAX_OTHER_LINES = 30;
/** Unchanged lines shown around the change. */
const CONTEXT = 1;

export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export function offsetAt(starts: readonly number[], text: string, pos: Pos): number {
  const line = Math.min(Math.max(pos.line, 0), starts.length - 1);
  const lineEnd = line + 1 < starts.length ? starts[line + 1]! - 1 : text.length;
  return Math.min(starts[line]! + Math.max(pos.character, 0), lineEnd);
}

function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

/** Text of a span (for lane labels: the await expression, the loop header). */
export function textOf(text: string, span: Range): string {
  const starts = lineStarts(text);
  return text.slice(offsetAt(starts, text, span.start), offsetAt(starts, text, span.end));
}

/** Removes the indentation all non-blank lines share, so snippets start at the left edge. */
export function dedent(lines: readonly string[]): string[] {
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(common, /^[ \t]*/.exec(l)![0].length)));
}

/** Which lines of `a` and `b` are not part of their longest common subsequence (small inputs only). */
export function changedLines(a: readonly string[], b: readonly string[]): { a: boolean[]; b: boolean[] } {
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i]!.trim() === b[j]!.trim() ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const changedA = new Array<boolean>(n).fill(true);
  const changedB = new Array<boolean>(m).fill(true);
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i]!.trim() === b[j]!.trim()) {
      changedA[i++] = false;
      changedB[j++] = false;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) i++;
    else j++;
  }
  return { a: changedA, b: changedB };
}

function capped(lines: CodeLine[], max: number): CodeLine[] {
  if (lines.length <= max) return lines;
  return [...lines.slice(0, max), { text: `… ${lines.length - max} more lines`, changed: false }];
}

function cappedText(text: string, max: number): string {
  const lines = dedent(splitLines(text.replace(/^\s*\n/, '').replace(/\s+$/, '')));
  return lines.length <= max ? lines.join('\n') : [...lines.slice(0, max), `… ${lines.length - max} more lines`].join('\n');
}

function baseName(fileName: string): string {
  return fileName.split(/[\\/]/).pop() ?? fileName;
}

/**
 * The comparison for a finding's range and, when there is one, the fix. Edits touching the shown
 * lines are shown in place; the region grows to hold every edit that overlaps it.
 */
export function compareCode(text: string, findingSpan: Range, fix: FixFiles | undefined, fileLabel: string): CodeComparison {
  const starts = lineStarts(text);
  const fileLines = splitLines(text);
  const lastLine = fileLines.length - 1;
  const edits = (fix?.files ?? []).filter((f) => !f.create).flatMap((f) => f.edits);
  const created = (fix?.files ?? []).filter((f) => f.create);

  let first = Math.min(findingSpan.start.line, lastLine);
  let last = Math.min(findingSpan.end.line, lastLine);
  const inside = new Set<RangeEdit>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const edit of edits) {
      if (inside.has(edit)) continue;
      if (edit.span.start.line <= last && edit.span.end.line >= first) {
        inside.add(edit);
        first = Math.min(first, edit.span.start.line);
        last = Math.max(last, edit.span.end.line);
        grew = true;
      }
    }
  }
  first = Math.max(0, first - CONTEXT);
  last = Math.min(lastLine, last + CONTEXT);

  const regionStart = starts[first]!;
  const regionEnd = last + 1 < starts.length ? starts[last + 1]! - 1 : text.length;
  const currentText = text.slice(regionStart, regionEnd).replace(/\r$/, '');
  const currentLines = splitLines(currentText);

  let fixedLines: string[] = [];
  if (fix && inside.size > 0) {
    const relative = [...inside]
      .map((e) => ({ start: offsetAt(starts, text, e.span.start) - regionStart, end: offsetAt(starts, text, e.span.end) - regionStart, newText: e.newText }))
      .sort((a, b) => b.start - a.start);
    let fixed = text.slice(regionStart, regionEnd);
    for (const e of relative) fixed = fixed.slice(0, e.start) + e.newText + fixed.slice(Math.min(e.end, fixed.length));
    fixedLines = splitLines(fixed.replace(/\r$/, ''));
  }

  // Dedent both sides by the same amount so unchanged lines line up.
  const both = dedent([...currentLines, ...fixedLines]);
  const current = both.slice(0, currentLines.length);
  const fixedShown = both.slice(currentLines.length);
  const changed = changedLines(current, fixedShown);

  const otherChanges: CodeComparison['otherChanges'] = [];
  for (const edit of edits) {
    if (inside.has(edit)) continue;
    const insertion = edit.span.start.line === edit.span.end.line && edit.span.start.character === edit.span.end.character;
    const where = insertion
      ? `Adds at line ${edit.span.start.line + 1}`
      : edit.span.start.line === edit.span.end.line
        ? `Changes line ${edit.span.start.line + 1}`
        : `Changes lines ${edit.span.start.line + 1}–${edit.span.end.line + 1}`;
    otherChanges.push({ where, text: cappedText(edit.newText, MAX_OTHER_LINES) });
  }
  for (const file of created) otherChanges.push({ where: `Creates ${baseName(file.fileName)}`, text: cappedText(file.text ?? '', MAX_OTHER_LINES) });

  return {
    fileLabel,
    currentCaption: `Now (${fileLabel}, line ${first + 1})`,
    fixedCaption: fix ? 'With the fix' : 'No automatic fix',
    current: capped(
      current.map((line, i) => ({ text: line, changed: fix !== undefined && inside.size > 0 && changed.a[i]!, line: first + i + 1 })),
      MAX_LINES,
    ),
    fixed: capped(
      fixedShown.map((line, i) => ({ text: line, changed: changed.b[i]! })),
      MAX_LINES,
    ),
    otherChanges,
  };
}

/** Code for the built-in example, both sides given as text. */
export function compareExample(current: string, fixed: string, fileLabel: string): CodeComparison {
  const a = splitLines(current);
  const b = splitLines(fixed);
  const changed = changedLines(a, b);
  return {
    fileLabel,
    currentCaption: 'Now',
    fixedCaption: 'With the fix',
    current: a.map((text, i) => ({ text, changed: changed.a[i]!, line: i + 1 })),
    fixed: b.map((text, i) => ({ text, changed: changed.b[i]! })),
    otherChanges: [],
  };
}
