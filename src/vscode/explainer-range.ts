/**
 * Keeps a range on the same code while the document is edited around it, as editor decorations
 * do, so "Go to code" still lands on the explained lines after edits elsewhere. Pure.
 */

/** The protocol's position and span, under the short names this module has always used. */
export type { Position as Pos, Span as Range } from '../core/service/protocol';
import type { Position as Pos, Span as Range } from '../core/service/protocol';
export interface RangeChange {
  /** In the document as it was before this change. */
  range: Range;
  text: string;
}

function before(a: Pos, b: Pos): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function same(a: Pos, b: Pos): boolean {
  return a.line === b.line && a.character === b.character;
}

/**
 * Where `p` ends up after `change`. Text inserted exactly at the range's start goes before the
 * range (it pushes the start along); a position inside replaced text moves to that text's edge.
 */
function shiftPosition(p: Pos, change: RangeChange, edge: 'start' | 'end'): Pos {
  const { start, end } = change.range;
  const insertion = same(start, end);
  if (before(p, start)) return p;
  if (same(p, start) && !(insertion && edge === 'start')) return p;
  const lines = change.text.split(/\r?\n/);
  const lastLength = lines[lines.length - 1]!.length;
  const insertedEnd: Pos = { line: start.line + lines.length - 1, character: lines.length === 1 ? start.character + lastLength : lastLength };
  if (before(p, end)) return edge === 'start' ? start : insertedEnd;
  if (p.line === end.line) return { line: insertedEnd.line, character: insertedEnd.character + (p.character - end.character) };
  return { line: p.line + insertedEnd.line - end.line, character: p.character };
}

/** The range after a document change event's changes, applied in the order given (as VS Code reports them). */
export function shiftRange(range: Range, changes: readonly RangeChange[]): Range {
  let current = range;
  for (const change of changes) {
    const start = shiftPosition(current.start, change, 'start');
    const end = shiftPosition(current.end, change, 'end');
    current = { start, end: before(end, start) ? start : end };
  }
  return current;
}
