import { ts } from 'ts-morph';
import { isFunctionScope } from '../../scope';
import { stripExpression as unwrap } from '../../index-loop';

/**
 * Lazy initialisation: a sync call whose result is cached so it runs once per process, the first time a
 * handler needs it. It blocks one request once; a reviewer would not ask to change it.
 *
 *   template ??= readFileSync('layout.html', 'utf8');
 *   if (!this.key) this.key = readFileSync('key.pem');
 *   if (!initialized) { await initWasm(readFileSync(path)); initialized = true; }
 *   if (cached) return cached; cached = readFileSync(path);
 */

/** A memo slot: `x`, `this.x`, `Cls.x`, `this.cache.x`. */
function slotText(expression: ts.Expression): string | undefined {
  const e = unwrap(expression);
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) {
    const base = e.expression.kind === ts.SyntaxKind.ThisKeyword ? 'this' : slotText(e.expression);
    return base === undefined ? undefined : `${base}.${e.name.text}`;
  }
  return undefined;
}

function isNullish(expression: ts.Expression): boolean {
  const e = unwrap(expression);
  return e.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(e) && e.text === 'undefined') || (ts.isVoidExpression(e));
}

/** The slot a condition finds empty: `!x`, `x === undefined`, `x == null`, `typeof x === 'undefined'`. */
function emptySlotTested(condition: ts.Expression): string | undefined {
  const c = unwrap(condition);
  if (ts.isPrefixUnaryExpression(c) && c.operator === ts.SyntaxKind.ExclamationToken) return slotText(c.operand);
  if (ts.isBinaryExpression(c)) {
    const op = c.operatorToken.kind;
    if (op !== ts.SyntaxKind.EqualsEqualsEqualsToken && op !== ts.SyntaxKind.EqualsEqualsToken) return undefined;
    if (isNullish(c.right)) return slotText(c.left);
    if (isNullish(c.left)) return slotText(c.right);
    const typeOf = ts.isTypeOfExpression(unwrap(c.left)) ? (unwrap(c.left) as ts.TypeOfExpression) : undefined;
    if (typeOf && ts.isStringLiteral(unwrap(c.right)) && (unwrap(c.right) as ts.StringLiteral).text === 'undefined') return slotText(typeOf.expression);
  }
  return undefined;
}

/** The slot a condition finds filled: `x`, `x !== undefined`, `x != null`. */
function filledSlotTested(condition: ts.Expression): string | undefined {
  const c = unwrap(condition);
  if (ts.isIdentifier(c) || ts.isPropertyAccessExpression(c)) return slotText(c);
  if (ts.isBinaryExpression(c)) {
    const op = c.operatorToken.kind;
    if (op !== ts.SyntaxKind.ExclamationEqualsEqualsToken && op !== ts.SyntaxKind.ExclamationEqualsToken) return undefined;
    if (isNullish(c.right)) return slotText(c.left);
    if (isNullish(c.left)) return slotText(c.right);
  }
  return undefined;
}

const ASSIGNMENTS = new Set([ts.SyntaxKind.EqualsToken, ts.SyntaxKind.QuestionQuestionEqualsToken, ts.SyntaxKind.BarBarEqualsToken]);

/** Does `root` (not counting nested functions) assign the slot, with a value `value` accepts if given? Iterative. */
function assignsSlot(root: ts.Node, slot: string, value?: (assigned: ts.BinaryExpression) => boolean): boolean {
  const stack: ts.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isBinaryExpression(node) && ASSIGNMENTS.has(node.operatorToken.kind) && slotText(node.left) === slot && (!value || value(node))) return true;
    ts.forEachChild(node, (child) => {
      if (!isFunctionScope(child)) stack.push(child);
    });
  }
  return false;
}

/** `if (x) return x;` (or a block ending in return/throw). */
function returnsWhenFilled(statement: ts.Statement): string | undefined {
  if (!ts.isIfStatement(statement) || statement.elseStatement) return undefined;
  const then = statement.thenStatement;
  const last = ts.isBlock(then) ? then.statements[then.statements.length - 1] : then;
  if (!last || !(ts.isReturnStatement(last) || ts.isThrowStatement(last))) return undefined;
  return filledSlotTested(statement.expression);
}

/** `this.running = false` (or null, undefined, 0): the slot emptied again. */
function empties(assignment: ts.BinaryExpression): boolean {
  const value = unwrap(assignment.right);
  return assignment.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    (value.kind === ts.SyntaxKind.FalseKeyword || isNullish(value) || (ts.isNumericLiteral(value) && value.text === '0'));
}

export function isOneTimeInitialization(call: ts.CallExpression): boolean {
  let child: ts.Node = call;
  for (let node: ts.Node | undefined = call.parent; node && !isFunctionScope(node) && !ts.isSourceFile(node); child = node, node = node.parent) {
    if (ts.isBinaryExpression(node) && node.right === child) {
      const op = node.operatorToken.kind;
      if (op === ts.SyntaxKind.QuestionQuestionEqualsToken || op === ts.SyntaxKind.BarBarEqualsToken) return true;
      // `x ?? (x = readFileSync(…))`
      if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) {
        const right = unwrap(node.right);
        const slot = slotText(node.left);
        if (slot && ts.isBinaryExpression(right) && right.operatorToken.kind === ts.SyntaxKind.EqualsToken && slotText(right.left) === slot) return true;
      }
    }
    if (ts.isIfStatement(node) && node.thenStatement === child) {
      const slot = emptySlotTested(node.expression);
      if (slot && assignsSlot(node.thenStatement, slot)) return true;
    }
    if (ts.isBlock(node) && ts.isStatement(child)) {
      const statements = node.statements;
      const at = statements.indexOf(child as ts.Statement);
      for (let i = 0; i < at; i++) {
        const slot = returnsWhenFilled(statements[i]!);
        // `if (this.running) return; this.running = true; try { … } finally { this.running = false; }`: a tick that
        // must not overlap itself runs every time, not once.
        if (slot && statements.slice(at).some((s) => assignsSlot(s, slot)) && !assignsSlot(node, slot, empties)) return true;
      }
    }
  }
  return false;
}
