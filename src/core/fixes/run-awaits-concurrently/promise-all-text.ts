import { ts } from 'ts-morph';
import type { CodeStyle } from '../fix';
import type { AwaitGroup, AwaitStep } from './await-group';
import type { DeclarationShape } from './declaration-shape';
import { readsBodyOf } from '../../independence';

/**
 * The text that replaces a group: leading comments of the later awaits, the combined statement
 * (one line, or one element per line when comments or width ask for it), then the statements
 * that sat between the awaits, with their own comments.
 */

/** Lines wider than this go one element per line (Prettier's default width). */
const PRINT_WIDTH = 80;

export interface Replacement {
  start: number;
  end: number;
  text: string;
}

function commentText(text: string, range: ts.CommentRange): string {
  return text.slice(range.pos, range.end);
}

function leadingComments(text: string, statement: ts.Statement): string[] {
  return (ts.getLeadingCommentRanges(text, statement.pos) ?? []).map((r) => commentText(text, r));
}

function trailingCommentRanges(text: string, statement: ts.Statement): ts.CommentRange[] {
  return ts.getTrailingCommentRanges(text, statement.end) ?? [];
}

/**
 * Comments inside a step that fall between the pieces we copy (`const /* a *\/ x = /* b *\/ await f()`).
 * The gaps hold only keywords and punctuation, so a plain pattern finds their comments.
 */
function gapComments(text: string, sourceFile: ts.SourceFile, step: AwaitStep): string[] {
  const pieces: Array<[number, number]> = [];
  const keep = (node: ts.Node | undefined): void => {
    if (node) pieces.push([node.getStart(sourceFile), node.getEnd()]);
  };
  if (step.kind === 'declare') {
    keep(step.declaration.name);
    keep(step.declaration.type);
  } else if (step.kind === 'assign') {
    keep(step.target);
  }
  keep(step.await.expression);
  pieces.sort((a, b) => a[0] - b[0]);
  const comments: string[] = [];
  let cursor = step.statement.getStart(sourceFile);
  for (const [start, end] of [...pieces, [step.statement.getEnd(), step.statement.getEnd()] as [number, number]]) {
    const gap = text.slice(cursor, start);
    for (const m of gap.matchAll(/\/\/[^\r\n]*|\/\*[\s\S]*?\*\//g)) comments.push(m[0]);
    cursor = Math.max(cursor, end);
  }
  return comments;
}

/** Does the text of a node hold a string or template whose value spans lines (re-indenting would change it)? */
function hasMultilineLiteral(node: ts.Node, sourceFile: ts.SourceFile): boolean {
  const stack: ts.Node[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if ((ts.isStringLiteralLike(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) &&
        /[\r\n]/.test(n.getText(sourceFile))) return true;
    ts.forEachChild(n, (child) => {
      stack.push(child);
    });
  }
  return false;
}

/** Parenthesize an operand for `operand as T` unless it already binds tighter than `as`. */
function castable(text: string, operand: ts.Expression): string {
  const tight = ts.isCallExpression(operand) || ts.isNewExpression(operand) || ts.isIdentifier(operand) ||
    ts.isPropertyAccessExpression(operand) || ts.isElementAccessExpression(operand) || ts.isParenthesizedExpression(operand) ||
    ts.isTaggedTemplateExpression(operand);
  return tight ? text : `(${text})`;
}

/** Could a statement starting with `[` be glued onto the previous one (no-semicolon style)? */
function needsAsiGuard(previous: ts.Statement | undefined, sourceFile: ts.SourceFile): boolean {
  if (!previous) return false;
  if (previous.getText(sourceFile).trimEnd().endsWith(';')) return false;
  // Statements that end with a block cannot continue into `[`; anything ending in an expression can.
  let s: ts.Node = previous;
  for (;;) {
    if (ts.isBlock(s) || ts.isClassDeclaration(s) || ts.isInterfaceDeclaration(s) || ts.isEnumDeclaration(s) || ts.isModuleDeclaration(s) ||
        ts.isSwitchStatement(s) || ts.isTryStatement(s) || ts.isFunctionDeclaration(s)) return isBodilessFunction(s);
    if (ts.isIfStatement(s)) s = s.elseStatement ?? s.thenStatement;
    else if (ts.isForStatement(s) || ts.isForInStatement(s) || ts.isForOfStatement(s) || ts.isWhileStatement(s) || ts.isLabeledStatement(s)) s = s.statement;
    else return true;
  }
}

/** An overload signature without `;` ends in a type, which `[` could continue. */
function isBodilessFunction(node: ts.Node): boolean {
  return ts.isFunctionDeclaration(node) && !node.body;
}

/**
 * Where one element of the result goes: the declared name or pattern, or the assignment target;
 * properties read from the result (`(await f()).data`) become an object pattern (`{ data: x }`).
 */
function patternOf(step: AwaitStep, indentTo: (node: ts.Node) => string): string {
  if (step.kind === 'discard') return '';
  const node = step.kind === 'declare' ? step.declaration.name : step.target;
  const base = indentTo(node);
  if (step.path.length === 0) return base;
  const last = step.path[step.path.length - 1]!;
  let pattern = ts.isIdentifier(node) && node.text === last ? `{ ${last} }` : `{ ${last}: ${base} }`;
  for (let i = step.path.length - 2; i >= 0; i--) pattern = `{ ${step.path[i]}: ${pattern} }`;
  return pattern;
}

/** One element of the new `Promise.all([...])` and where its result goes. */
interface Slot {
  /** The element's text (already re-indented for the one-element-per-line layout). */
  element: string;
  /** The pattern or target for its result; '' for a hole. */
  target: string;
  comments: string[];
}

/** Leading whitespace of the line that holds `position`. */
function lineIndentAt(text: string, position: number): string {
  const lineStart = text.lastIndexOf('\n', position - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, position))![0];
}

/**
 * A node's text with its continuation lines moved from the indentation of the line it starts on
 * to `indent`; unchanged when a string or template spans lines (that would change its value).
 */
function reindented(node: ts.Node, text: string, sourceFile: ts.SourceFile, indent: string): string {
  const nodeText = node.getText(sourceFile);
  if (!/[\r\n]/.test(nodeText) || hasMultilineLiteral(node, sourceFile)) return nodeText;
  const from = lineIndentAt(text, node.getStart(sourceFile));
  return nodeText.replace(/(\r?\n)([ \t]*)(?=([^\r\n]?))/g, (_m, br: string, ws: string, next: string) => {
    if (next === '') return br; // blank line: no trailing whitespace
    return br + indent + (ws.startsWith(from) ? ws.slice(from.length) : '');
  });
}

/** The indentation one level in, as the enclosing block uses it (the file-wide guess can be fooled by JSDoc). */
function indentUnitFor(first: ts.Statement, text: string, sourceFile: ts.SourceFile, fallback: string): string {
  const container = first.parent;
  if (ts.isSourceFile(container)) return fallback;
  const outer = lineIndentAt(text, container.getStart(sourceFile));
  const own = lineIndentAt(text, first.getStart(sourceFile));
  return own.length > outer.length && own.startsWith(outer) ? own.slice(outer.length) : fallback;
}

/** Was there an empty line before the statement (or before its leading comments)? Moved statements keep it. */
function hasBlankLineBefore(text: string, statement: ts.Statement, sourceFile: ts.SourceFile): boolean {
  const comments = ts.getLeadingCommentRanges(text, statement.pos) ?? [];
  const until = comments.length > 0 ? comments[0]!.pos : statement.getStart(sourceFile);
  return /\n[ \t]*\r?\n/.test(text.slice(statement.pos, until));
}

export function buildReplacement(
  group: AwaitGroup,
  shape: DeclarationShape,
  text: string,
  sourceFile: ts.SourceFile,
  style: CodeStyle,
): Replacement {
  const first = group.statements[0]!;
  const last = group.statements[group.statements.length - 1]!;
  const start = first.getStart(sourceFile);
  const lastTrailing = trailingCommentRanges(text, last);
  const end = lastTrailing.length > 0 ? lastTrailing[lastTrailing.length - 1]!.end : last.getEnd();
  // The line break these lines use (a file may mix them); the file's habit when the group is one line.
  const localBreak = /\r?\n/.exec(text.slice(start, end)) ?? /\r?\n/.exec(text.slice(end));
  const nl = localBreak ? localBreak[0] : style.newline;

  const indent = lineIndentAt(text, start);
  const innerIndent = indent + indentUnitFor(first, text, sourceFile, style.indentUnit);
  const inner = (node: ts.Node): string => reindented(node, text, sourceFile, innerIndent);

  // Comments that go before the combined statement, in source order.
  const before: string[] = [];
  group.steps.forEach((step, index) => {
    if (index > 0) before.push(...leadingComments(text, step.statement));
    before.push(...gapComments(text, sourceFile, step));
  });

  // The elements, each with where its result goes; a step's end-of-line comments stay with it.
  const slots: Slot[] = [];
  for (const step of group.steps) {
    const comments = trailingCommentRanges(text, step.statement).map((r) => commentText(text, r));
    const operand = step.await.expression;
    // `(await fetch(u)).json()` would wait inside the array, one request after the other: start the request
    // and read its body in a `.then` instead.
    const bodyRead = readsBodyOf(operand);
    let element = bodyRead ? `${inner(bodyRead.request)}.then((response) => response.${bodyRead.method}())` : inner(operand);
    if (step.wrapper) {
      const rest = step.wrapper.arguments.slice(1).map((a) => `, ${a.getText(sourceFile)}`).join('');
      const conversion = `${step.wrapper.expression.getText(sourceFile)}(value${rest})`;
      element = `${element}.then((value) => ${step.castWrapper ? step.castWrapper(conversion) : conversion})`;
    }
    const cast = shape.elementCasts.get(step);
    if (cast !== undefined) element = `${castable(element, operand)} as PromiseLike<${cast}>`;
    slots.push({ element, target: patternOf(step, inner), comments });
  }

  const targets = slots.map((s) => s.target);
  while (targets.length > 0 && targets[targets.length - 1] === '') targets.pop();
  const semicolon = last.getText(sourceFile).trimEnd().endsWith(';') ? ';' : '';
  const call = 'await Promise.all([';
  const typePart = shape.tupleType ? `: ${shape.tupleType}` : '';
  const lead = shape.form === 'declare' ? `${shape.modifiers}${shape.keyword} ` : shape.form === 'assign' && needsAsiGuard(group.previous, sourceFile) ? ';' : '';

  let head: string;
  if (shape.form === 'discard') {
    head = call;
  } else {
    const flatPattern = `[${targets.join(', ')}]`;
    const patternFits = !/[\r\n]/.test(flatPattern) && indent.length + `${lead}${flatPattern}${typePart} = ${call}`.length <= PRINT_WIDTH;
    const pattern = patternFits ? flatPattern : `[${nl}${targets.map((t) => `${innerIndent}${t},`).join(nl)}${nl}${indent}]`;
    head = `${lead}${pattern}${typePart} = ${call}`;
  }
  const tail = `])${semicolon}`;

  const singleLine = `${head}${slots.map((s) => s.element).join(', ')}${tail}`;
  const oneLine = !/[\r\n]/.test(singleLine) && slots.every((s) => s.comments.length === 0) && indent.length + singleLine.length <= PRINT_WIDTH;
  const statement = oneLine
    ? singleLine
    : [head, ...slots.map((s) => `${innerIndent}${s.element},${s.comments.length > 0 ? ` ${s.comments.join(' ')}` : ''}`), `${indent}${tail}`].join(nl);

  const parts: string[] = [];
  // Statements a later await needs, above the combined statement, in their order, with their comments.
  for (const hoisted of group.hoisted) {
    for (const comment of leadingComments(text, hoisted)) parts.push(comment, nl, indent);
    parts.push(hoisted.getText(sourceFile));
    const trailing = trailingCommentRanges(text, hoisted);
    if (trailing.length > 0) parts.push(' ', trailing.map((r) => commentText(text, r)).join(' '));
    parts.push(nl, indent);
  }
  for (const comment of before) parts.push(comment, nl, indent);
  parts.push(statement);
  for (const { statement: moved } of group.moved) {
    parts.push(hasBlankLineBefore(text, moved, sourceFile) ? nl + nl : nl, indent);
    for (const comment of leadingComments(text, moved)) parts.push(comment, nl, indent);
    parts.push(moved.getText(sourceFile));
    const trailing = trailingCommentRanges(text, moved);
    if (trailing.length > 0) parts.push(' ', trailing.map((r) => commentText(text, r)).join(' '));
  }
  return { start, end, text: parts.join('') };
}
