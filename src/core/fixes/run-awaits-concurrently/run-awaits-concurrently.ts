import { ts } from 'ts-morph';
import { parseProblemOf, parseSource } from '../../engine';
import { detectCodeStyle, type Fix, type FixAvailability, type FixInput, type FixOutcome } from '../fix';
import { groupOf, type AwaitGroup } from './await-group';
import { declarationShape, type ShapeResult } from './declaration-shape';
import { hoistedStatements, unsafeReason } from './group-safety';
import { buildReplacement } from './promise-all-text';

/**
 * `const a = await f(); const b = await g();` → `const [a, b] = await Promise.all([f(), g()]);`
 * for a `sequential-awaits` finding. The group is re-derived from the tree and re-checked; the
 * rewrite keeps declarations, annotations, patterns, comments and formatting. See the docs page.
 */

const FIX_ID = 'run-awaits-concurrently';

/** Can [start, end) of `text` hold a whole comment? Every comment starts with `//` or `/*`. */
function mayHoldComment(text: string, start: number, end: number): boolean {
  for (let i = text.indexOf('/', start); i >= 0 && i < end - 1; i = text.indexOf('/', i + 1)) {
    const next = text.charCodeAt(i + 1);
    if (next === 47 /* / */ || next === 42 /* * */) return true;
  }
  return false;
}

/** Every comment in [start, end) of a parsed text, found through the tree (so strings and templates never fool it). */
function commentsIn(sourceFile: ts.SourceFile, start: number, end: number): string[] {
  const text = sourceFile.text;
  // The walk below asks for every token's trivia (getChildren); most groups have no comment at all.
  if (!mayHoldComment(text, start, end)) return [];
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

interface Probe {
  file: ts.SourceFile;
  /** Where the window's text starts in `file`. */
  offset: number;
  statements: readonly ts.Statement[];
}

/**
 * Parse a window of statements on its own (a whole-file parse per fix is the dominant cost on big
 * files). Below the top level the window goes inside an async generator, so `await`, `yield`,
 * `return` and `this` parse as they did.
 */
function probe(fileName: string, windowText: string, topLevel: boolean): Probe {
  const prefix = topLevel ? '' : 'async function* probe() {\n';
  const file = parseSource(fileName, `${prefix}${windowText}${topLevel ? '' : '\n}'}`);
  const wrapper = file.statements[0];
  const statements = topLevel ? file.statements : wrapper && ts.isFunctionDeclaration(wrapper) && wrapper.body ? wrapper.body.statements : [];
  return { file, offset: prefix.length, statements };
}

/** The group and its declaration shape once every semantic check passed (shared by `available` and `create`). */
function checkGroup(input: FixInput): { ok: true; group: AwaitGroup; shaped: Extract<ShapeResult, { ok: true }> } | { ok: false; reason: string } {
  const { sourceFile, scopes, types } = input;
  const grouped = groupOf(input.finding, sourceFile);
  if (!grouped.ok) return grouped;
  const group = grouped.group;
  // A statement a later await needs (`const key = …` between two reads) goes above the group.
  group.hoisted = hoistedStatements(group, { scopes, types });
  if (group.hoisted.length > 0) group.moved = group.moved.filter((m) => !group.hoisted.includes(m.statement));
  const unsafe = unsafeReason(group, { scopes, types });
  if (unsafe) return { ok: false, reason: unsafe };
  const shaped = declarationShape(group.steps, sourceFile, scopes, types);
  if (!shaped.ok) return shaped;
  return { ok: true, group, shaped };
}

/** Does the statement's text end with its own `;` (not one ASI would add)? */
function endsWithSemicolon(statement: ts.Statement, text: string): boolean {
  if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isBlock(statement) || ts.isIfStatement(statement) ||
      ts.isIterationStatement(statement, false) || ts.isTryStatement(statement) || ts.isSwitchStatement(statement)) return true;
  return text.charCodeAt(statement.getEnd() - 1) === 59; // ';'
}

/** Directives that apply to the next line only: moving them would make them apply elsewhere. */
const LINE_DIRECTIVE = /@ts-(expect-error|ignore)\b/;

export const runAwaitsConcurrentlyFix: Fix = {
  id: FIX_ID,
  ruleIds: ['sequential-awaits'],
  available(input: FixInput): FixAvailability {
    const checked = checkGroup(input);
    if (!checked.ok) return checked;
    // The text-level safety nets of `create` can only refuse when the text around the group holds a comment
    // (a line directive, or one the rewrite could lose) or a statement without its semicolon: ask it then.
    const { group } = checked;
    const container = group.statements[0]!.parent as ts.Node & { statements: ts.NodeArray<ts.Statement> };
    const last = container.statements.indexOf(group.statements[group.statements.length - 1]!);
    const window = [...group.statements, ...(container.statements[last + 1] ? [container.statements[last + 1]!] : [])];
    const windowText = input.text.slice(window[0]!.getFullStart(), window[window.length - 1]!.getEnd());
    const plain = !/\/\/|\/\*/.test(windowText) && window.every((statement) => endsWithSemicolon(statement, input.text));
    if (plain) return { ok: true };
    const outcome = this.create(input);
    return outcome.ok ? { ok: true } : { ok: false, reason: outcome.reason };
  },
  create(input: FixInput): FixOutcome {
    const refuse = (reason: string): FixOutcome => ({ ok: false, fixId: FIX_ID, reason });
    const { sourceFile, text } = input;

    const checked = checkGroup(input);
    if (!checked.ok) return refuse(checked.reason);
    const { group, shaped } = checked;

    const replacement = buildReplacement(group, shaped.shape, text, sourceFile, detectCodeStyle(text));
    // A comment is part of the text, so a text without a directive holds no comment with one.
    const directive = LINE_DIRECTIVE.test(text.slice(replacement.start, replacement.end))
      ? commentsIn(sourceFile, replacement.start, replacement.end).find((c) => LINE_DIRECTIVE.test(c))
      : undefined;
    if (directive !== undefined) {
      return refuse(`the comment \`${directive.trim().slice(0, 40)}\` applies to one line, which would no longer be the line it is meant for`);
    }

    // Safety nets on the group and the statement after it: the result parses, keeps every comment,
    // and has its statements where they belong (in a file that mixes semicolon styles, a moved line
    // could run into the next one: `a\n(b)` is a call).
    const container = group.statements[0]!.parent as ts.Node & { statements: ts.NodeArray<ts.Statement> };
    const following = container.statements[container.statements.indexOf(group.statements[group.statements.length - 1]!) + 1];
    const windowEnd = following ? following.getEnd() : replacement.end;
    const topLevel = ts.isSourceFile(container);
    // The original window is parsed only when a check needs it: when the rewrite does not parse
    // (did the original?), or when the replaced text may hold comments (are they all kept?).
    const windowText = text.slice(replacement.start, windowEnd);
    let original: Probe | undefined;
    const before = (): Probe => (original ??= probe(input.fileName, windowText, topLevel));
    const after = probe(input.fileName, replacement.text + text.slice(replacement.end, windowEnd), topLevel);
    if (parseProblemOf(after.file) && !parseProblemOf(before().file)) return refuse('internal: the rewritten code would not parse');
    const newLength = replacement.text.length;
    const replacedLength = replacement.end - replacement.start;
    const commentsBefore = mayHoldComment(windowText, 0, replacedLength) ? commentsIn(before().file, before().offset, before().offset + replacedLength) : [];
    // Nothing to lose when there was no comment (missingComment would look at none of `after`'s).
    const lost = commentsBefore.length === 0 ? undefined : missingComment(commentsBefore, commentsIn(after.file, after.offset, after.offset + newLength));
    if (lost !== undefined) return refuse(`internal: the rewrite would drop the comment \`${lost.slice(0, 40)}\``);
    // Empty statements are left out: the `;` of `;[a, b] = …` is one.
    const starts = after.statements.filter((st) => !ts.isEmptyStatement(st)).map((st) => st.getStart(after.file) - after.offset);
    const expected = 1 + group.moved.filter((m) => !ts.isEmptyStatement(m.statement)).length + group.hoisted.length;
    const followingAt = following ? newLength + following.getStart(sourceFile) - replacement.end : undefined;
    if (starts.filter((at) => at < newLength).length !== expected || (followingAt !== undefined && !starts.includes(followingAt))) {
      return refuse('the rewritten statements would run into each other in this file\'s mix of semicolon styles; add the missing semicolons first');
    }

    const count = group.steps.length;
    const moved = group.moved.length;
    const hoisted = group.hoisted.length;
    return {
      ok: true,
      fix: {
        fixId: FIX_ID,
        title: `Run ${count} awaits concurrently with Promise.all (all start even if one fails)`,
        safety: 'changes-error-order',
        behaviourNote:
          `Promise.all starts all ${count} operations at once: if one fails, the others have still started and keep running, ` +
          'and the first rejection is the one thrown.' +
          (hoisted > 0 ? ` The ${hoisted === 1 ? 'statement' : `${hoisted} statements`} between the awaits that a later one needs now run${hoisted === 1 ? 's' : ''} before all of them.` : '') +
          (moved > 0 ? ` The ${moved === 1 ? 'statement' : `${moved} statements`} between the awaits now run${moved === 1 ? 's' : ''} after all of them.` : ''),
        preferred: true,
        edits: [{ start: replacement.start, end: replacement.end, newText: replacement.text }],
        newFiles: [],
      },
    };
  },
};
