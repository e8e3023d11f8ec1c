import { ts } from 'ts-morph';

/**
 * Moving code into another file at another depth: re-indent it line by line, but never inside a
 * multi-line template literal (its text is the program's data), and drop `export`/`default` modifiers of
 * copied declarations (the worker module keeps them private).
 */

/** Offsets of line starts inside [start, end) that lie within a template literal or string (left untouched). */
function protectedLineStarts(root: ts.Node, sourceFile: ts.SourceFile, start: number, end: number): Set<number> {
  const out = new Set<number>();
  const text = sourceFile.text;
  const stack: ts.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.end <= start || node.pos >= end) continue;
    if (ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node) ||
        ts.isStringLiteral(node)) {
      const from = node.getStart(sourceFile);
      for (let i = text.indexOf('\n', from); i !== -1 && i < node.end - 1; i = text.indexOf('\n', i + 1)) out.add(i + 1);
      continue;
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return out;
}

export function lineIndentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/**
 * The text of [start, end) with every line after the first moved from the indentation of the line where
 * `start` is to `targetIndent`. `roots` are the nodes covering the range (to find template literals).
 */
export function reindentedText(sourceFile: ts.SourceFile, roots: readonly ts.Node[], start: number, end: number, targetIndent: string, cut: ReadonlyArray<[number, number]> = []): string {
  const text = sourceFile.text;
  const base = lineIndentAt(text, start);
  const protectedStarts = new Set<number>();
  for (const root of roots) for (const s of protectedLineStarts(root, sourceFile, start, end)) protectedStarts.add(s);
  let out = '';
  let cursor = start;
  const cuts = [...cut].sort((a, b) => a[0] - b[0]);
  const emit = (from: number, to: number): void => {
    let i = from;
    while (i < to) {
      const nl = text.indexOf('\n', i);
      const lineEnd = nl === -1 || nl >= to ? to : nl + 1;
      out += text.slice(i, lineEnd);
      i = lineEnd;
      if (lineEnd < to && text[lineEnd - 1] === '\n' && !protectedStarts.has(lineEnd)) {
        // Lines indented less than the first one (blank lines, odd formatting) stay as they are.
        const nextNewline = text.indexOf('\n', lineEnd);
        const blank = /^[ \t]*\r?$/.test(text.slice(lineEnd, nextNewline === -1 ? to : nextNewline));
        if (!blank && text.startsWith(base, lineEnd)) {
          out += targetIndent;
          i = lineEnd + base.length;
        }
      }
    }
  };
  for (const [from, to] of cuts) {
    emit(cursor, from);
    cursor = to;
  }
  emit(cursor, end);
  return out;
}

/** A top-level declaration's text (with its JSDoc) for the worker module, without `export`/`default`. */
export function declarationTextForCopy(node: ts.Node, sourceFile: ts.SourceFile): string {
  const start = node.getStart(sourceFile, /*includeJsDocComment*/ true);
  const cuts: Array<[number, number]> = [];
  if (ts.canHaveModifiers(node)) {
    for (const modifier of ts.getModifiers(node) ?? []) {
      if (modifier.kind === ts.SyntaxKind.ExportKeyword || modifier.kind === ts.SyntaxKind.DefaultKeyword) {
        let to = modifier.end;
        while (sourceFile.text[to] === ' ' || sourceFile.text[to] === '\t') to++;
        cuts.push([modifier.getStart(sourceFile), to]);
      }
    }
  }
  return reindentedText(sourceFile, [node], start, node.end, '', cuts);
}
