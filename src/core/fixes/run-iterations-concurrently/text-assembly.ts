import { ts } from 'ts-morph';

/** A replacement inside a copied span of the original text. */
export interface InnerEdit {
  start: number;
  end: number;
  newText: string;
}

/**
 * Builds new code out of spans of the original text and remembers which spans were copied, so
 * that every comment in the replaced region that did not travel with a copied span can be kept
 * above the new code (a fix never drops a comment).
 */
export class TextAssembly {
  private readonly kept: Array<[number, number]> = [];

  constructor(private readonly text: string) {}

  /** The original text of [start, end) with `edits` applied; the parts between edits count as kept. */
  copy(start: number, end: number, edits: readonly InnerEdit[] = []): string {
    const sorted = [...edits].sort((a, b) => a.start - b.start);
    let out = '';
    let cursor = start;
    for (const edit of sorted) {
      out += this.text.slice(cursor, edit.start) + edit.newText;
      this.kept.push([cursor, edit.start]);
      cursor = edit.end;
    }
    this.kept.push([cursor, end]);
    return out + this.text.slice(cursor, end);
  }

  copyNode(node: ts.Node, sourceFile: ts.SourceFile, edits: readonly InnerEdit[] = []): string {
    return this.copy(node.getStart(sourceFile), node.getEnd(), edits);
  }

  /** Comments inside `roots` (limited to [start, end)) that no copied span carries, in source order. */
  droppedComments(roots: readonly ts.Node[], sourceFile: ts.SourceFile, start: number, end: number): string[] {
    const found = new Map<number, string>();
    const stack: ts.Node[] = [...roots];
    while (stack.length > 0) {
      const node = stack.pop()!;
      // Comments live in the trivia in front of tokens; visiting every token's full start finds them all.
      const children = node.getChildren(sourceFile);
      if (children.length === 0 || node.kind === ts.SyntaxKind.EndOfFileToken) {
        // Trailing ranges are the comments on the previous token's line, leading ones those on the lines after.
        const ranges = [...(ts.getTrailingCommentRanges(this.text, node.pos) ?? []), ...(ts.getLeadingCommentRanges(this.text, node.pos) ?? [])];
        for (const range of ranges) {
          if (range.pos >= start && range.end <= end && !this.isKept(range.pos, range.end)) {
            found.set(range.pos, this.text.slice(range.pos, range.end));
          }
        }
      }
      for (const child of children) if (!ts.isJSDoc(child)) stack.push(child);
    }
    return [...found.entries()].sort((a, b) => a[0] - b[0]).map(([, comment]) => comment);
  }

  private isKept(start: number, end: number): boolean {
    return this.kept.some(([a, b]) => start >= a && end <= b);
  }
}

/** The whitespace before `position` on its line, or undefined when code precedes it on that line. */
export function indentationAt(text: string, position: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', position - 1) + 1;
  const before = text.slice(lineStart, position);
  return /^[ \t]*$/.test(before) ? before : undefined;
}
