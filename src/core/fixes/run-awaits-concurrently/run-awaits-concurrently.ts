import { ts } from 'ts-morph';
import { parseProblemOf, parseSource } from '../../engine';
import { detectCodeStyle, type Fix, type FixInput, type FixOutcome } from '../fix';
import { groupOf } from './await-group';
import { declarationShape } from './declaration-shape';
import { unsafeReason } from './group-safety';
import { buildReplacement } from './promise-all-text';

/**
 * `const a = await f(); const b = await g();` → `const [a, b] = await Promise.all([f(), g()]);`
 * for a `sequential-awaits` finding. The group is re-derived from the tree and re-checked; the
 * rewrite keeps declarations, annotations, patterns, comments and formatting. See the docs page.
 */

const FIX_ID = 'run-awaits-concurrently';

/** Every comment in [start, end) of a parsed text, found through the tree (so strings and templates never fool it). */
function commentsIn(sourceFile: ts.SourceFile, start: number, end: number): string[] {
  const text = sourceFile.text;
  const seen = new Map<number, string>();
  const add = (ranges: ts.CommentRange[] | undefined): void => {
    for (const r of ranges ?? []) if (r.pos >= start && r.end <= end) seen.set(r.pos, text.slice(r.pos, r.end));
  };
  const stack: ts.Node[] = [sourceFile];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.end < start || node.pos > end) continue;
    add(ts.getLeadingCommentRanges(text, node.pos));
    add(ts.getTrailingCommentRanges(text, node.end));
    if (node.kind >= ts.SyntaxKind.FirstNode || node.kind === ts.SyntaxKind.SyntaxList) stack.push(...node.getChildren(sourceFile));
  }
  return [...seen.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => t);
}

function missingComment(before: string[], after: string[]): string | undefined {
  const remaining = [...after];
  for (const comment of before) {
    const at = remaining.indexOf(comment);
    if (at < 0) return comment;
    remaining.splice(at, 1);
  }
  return undefined;
}

/** The statement list that holds the whole of [start, end), and the starts of its statements. */
function enclosingStatementStarts(sourceFile: ts.SourceFile, start: number, end: number): number[] {
  let container: ts.Node & { statements: ts.NodeArray<ts.Statement> } = sourceFile;
  let node: ts.Node | undefined = sourceFile;
  while (node) {
    if (ts.isBlock(node) || ts.isModuleBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node)) container = node;
    let next: ts.Node | undefined;
    ts.forEachChild(node, (child) => {
      if (!next && child.pos <= start && child.end >= end) next = child;
    });
    node = next;
  }
  return container.statements.map((s) => s.getStart(sourceFile));
}

/** Directives that apply to the next line only: moving them would make them apply elsewhere. */
const LINE_DIRECTIVE = /@ts-(expect-error|ignore)\b/;

export const runAwaitsConcurrentlyFix: Fix = {
  id: FIX_ID,
  ruleIds: ['sequential-awaits'],
  create(input: FixInput): FixOutcome {
    const refuse = (reason: string): FixOutcome => ({ ok: false, fixId: FIX_ID, reason });
    const { sourceFile, text, scopes, types } = input;

    const grouped = groupOf(input.finding, sourceFile);
    if (!grouped.ok) return refuse(grouped.reason);
    const group = grouped.group;

    const unsafe = unsafeReason(group, { scopes, types });
    if (unsafe) return refuse(unsafe);

    const shaped = declarationShape(group.steps, sourceFile, scopes, types);
    if (!shaped.ok) return refuse(shaped.reason);

    const replacement = buildReplacement(group, shaped.shape, text, sourceFile, detectCodeStyle(text));
    const output = text.slice(0, replacement.start) + replacement.text + text.slice(replacement.end);
    const directive = commentsIn(sourceFile, replacement.start, replacement.end).find((c) => LINE_DIRECTIVE.test(c));
    if (directive !== undefined) {
      return refuse(`the comment \`${directive.trim().slice(0, 40)}\` applies to one line, which would no longer be the line it is meant for`);
    }

    // Safety nets: the result must parse, and no comment may be lost on the way.
    const fixed = parseSource(input.fileName, output);
    if (parseProblemOf(fixed) && !parseProblemOf(sourceFile)) return refuse('internal: the rewritten code would not parse');
    const lost = missingComment(
      commentsIn(sourceFile, replacement.start, replacement.end),
      commentsIn(fixed, replacement.start, replacement.start + replacement.text.length),
    );
    if (lost !== undefined) return refuse(`internal: the rewrite would drop the comment \`${lost.slice(0, 40)}\``);
    // In files that mix semicolon styles, a moved line could run into the next one (`a\n(b)` is a call).
    const newEnd = replacement.start + replacement.text.length;
    const fixedStarts = enclosingStatementStarts(fixed, replacement.start, newEnd);
    const inside = fixedStarts.filter((at) => at >= replacement.start && at < newEnd).length;
    const originalStarts = enclosingStatementStarts(sourceFile, replacement.start, replacement.end);
    const following = originalStarts.find((at) => at >= replacement.end);
    if (inside !== 1 + group.moved.length || (following !== undefined && !fixedStarts.includes(following + newEnd - replacement.end))) {
      return refuse('the rewritten statements would run into each other in this file\'s mix of semicolon styles; add the missing semicolons first');
    }

    const count = group.steps.length;
    const moved = group.moved.length;
    return {
      ok: true,
      fix: {
        fixId: FIX_ID,
        title: `Run ${count} awaits concurrently with Promise.all (all start even if one fails)`,
        safety: 'changes-error-order',
        behaviourNote:
          `Promise.all starts all ${count} operations at once: if one fails, the others have still started and keep running, ` +
          'and the first rejection is the one thrown.' +
          (moved > 0 ? ` The ${moved === 1 ? 'statement' : `${moved} statements`} between the awaits now run${moved === 1 ? 's' : ''} after all of them.` : ''),
        preferred: true,
        edits: [{ start: replacement.start, end: replacement.end, newText: replacement.text }],
        newFiles: [],
      },
    };
  },
};
