import { ts } from 'ts-morph';
import { isFunctionScope, type FunctionScope, type ScopeIndex } from '../../scope';
import { isWithin } from '../../index-loop';

/**
 * Can `await` go in front of this call without changing more than timing? The nearest enclosing function
 * must already be async (making it async would hand its callers a promise), the call must sit where `await`
 * is allowed at all, and no value read before the wait may be written back after it (a lost update).
 */

export type AwaitPosition = { ok: true; fn: FunctionScope } | { ok: false; reason: string };

function isAsync(fn: FunctionScope): boolean {
  return ts.canHaveModifiers(fn) && (ts.getModifiers(fn)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ?? false);
}

function skipOuter(node: ts.Node): ts.Node {
  let n = node;
  while (n.parent && (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isSatisfiesExpression(n.parent) || ts.isNonNullExpression(n.parent))) {
    n = n.parent;
  }
  return n;
}

function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  let callee: ts.Expression = call.expression;
  while (ts.isParenthesizedExpression(callee) || ts.isNonNullExpression(callee)) callee = callee.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

function nameOf(fn: FunctionScope): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name.text;
  if ((ts.isMethodDeclaration(fn) || ts.isGetAccessorDeclaration(fn) || ts.isSetAccessorDeclaration(fn)) && !ts.isComputedPropertyName(fn.name)) {
    return fn.name.getText();
  }
  const holder = skipOuter(fn).parent;
  if (holder && ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) return holder.name.text;
  if (holder && (ts.isPropertyAssignment(holder) || ts.isPropertyDeclaration(holder)) && !ts.isComputedPropertyName(holder.name)) return holder.name.getText();
  return undefined;
}

/** Why a non-async function cannot simply be made async. */
function notAsyncReason(fn: FunctionScope): string {
  if (ts.isConstructorDeclaration(fn)) return 'the call is in a constructor, which cannot be async';
  if (ts.isGetAccessorDeclaration(fn) || ts.isSetAccessorDeclaration(fn)) return `the call is in the accessor \`${nameOf(fn) ?? '(computed)'}\`, which cannot be async`;
  const outer = skipOuter(fn);
  const parent = outer.parent;
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && parent && (ts.isCallExpression(parent) || ts.isNewExpression(parent)) &&
      parent.arguments?.includes(outer as ts.Expression)) {
    const callee = ts.isNewExpression(parent) ? `new ${calleeName(parent) ?? '…'}` : calleeName(parent);
    const target = callee ? `\`${callee}\`` : 'the function it is passed to';
    return `the enclosing callback passed to ${target} is not async; making it async would change what ${target} gets back (a promise it may not wait for)`;
  }
  const name = nameOf(fn);
  return `the enclosing function${name ? ` \`${name}\`` : ''} is not async; making it async would change its callers (they would get a promise)`;
}

export function awaitPositionOf(call: ts.CallExpression): AwaitPosition {
  let child: ts.Node = call;
  for (let node: ts.Node | undefined = call.parent; node; child = node, node = node.parent) {
    if (ts.isSourceFile(node)) return { ok: false, reason: 'the call is at module top level, where blocking only delays start-up (and `await` needs an ES module)' };
    if (ts.isParameter(node) && child === node.initializer) return { ok: false, reason: 'the call is in a default parameter value, where `await` is not allowed' };
    if (ts.isPropertyDeclaration(node) && child === node.initializer) return { ok: false, reason: 'the call is in a class field initializer, where `await` is not allowed' };
    if (ts.isClassStaticBlockDeclaration(node)) return { ok: false, reason: 'the call is in a class static block, where `await` is not allowed' };
    if (ts.isDecorator(node) || (ts.isComputedPropertyName(node) && ts.isClassElement(node.parent))) {
      return { ok: false, reason: 'the call is in a class member name or decorator, which is evaluated when the class is defined' };
    }
    if (ts.isHeritageClause(node)) return { ok: false, reason: 'the call is in a class heritage clause, which is evaluated when the class is defined' };
    if (isFunctionScope(node)) {
      if (ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) {
        if (isAsync(node)) return { ok: true, fn: node };
      }
      return { ok: false, reason: notAsyncReason(node) };
    }
  }
  return { ok: false, reason: 'the call is not inside a function' };
}

// ---------------------------------------------------------------------------------------------
// Lost updates: `total += readFileSync(p).length` reads `total` before the wait and writes it after.

const COMPOUND_ASSIGNMENTS = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.PlusEqualsToken, ts.SyntaxKind.MinusEqualsToken, ts.SyntaxKind.AsteriskEqualsToken, ts.SyntaxKind.AsteriskAsteriskEqualsToken,
  ts.SyntaxKind.SlashEqualsToken, ts.SyntaxKind.PercentEqualsToken, ts.SyntaxKind.LessThanLessThanEqualsToken,
  ts.SyntaxKind.GreaterThanGreaterThanEqualsToken, ts.SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken, ts.SyntaxKind.AmpersandEqualsToken,
  ts.SyntaxKind.BarEqualsToken, ts.SyntaxKind.CaretEqualsToken, ts.SyntaxKind.AmpersandAmpersandEqualsToken, ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
]);

/** `x`, `this.x`, `a.b.c` as text; undefined for anything else. */
function slotText(expression: ts.Expression): string | undefined {
  let e = expression;
  while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (e.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isPropertyAccessExpression(e)) {
    const base = slotText(e.expression);
    return base === undefined ? undefined : `${base}.${e.name.text}`;
  }
  return undefined;
}

/** Does `root` read `slot` in text before `before`? Iterative. */
function readsSlotBefore(root: ts.Node, slot: string, before: number): boolean {
  const stack: ts.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.getStart() >= before) continue;
    if ((ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) && node.getEnd() <= before && slotText(node) === slot) return true;
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return false;
}

/**
 * A variable no other task can touch: declared in `fn` itself and never mentioned by a function nested in it
 * (`let body = ''; body += readFileSync(p)` stays safe).
 */
function isPrivateLocal(slot: ts.Expression, fn: ts.Node, scopes: ScopeIndex): boolean {
  let e = slot;
  while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  if (!ts.isIdentifier(e)) return false;
  const binding = scopes.resolve(e);
  if (!binding || !isWithin(binding.scope, fn) || (binding.kind !== 'let' && binding.kind !== 'var' && binding.kind !== 'parameter')) return false;
  let mentionedByClosure = false;
  const stack: Array<{ node: ts.Node; nested: boolean }> = [{ node: fn, nested: false }];
  while (stack.length > 0 && !mentionedByClosure) {
    const { node, nested } = stack.pop()!;
    if (nested && ts.isIdentifier(node) && node.text === binding.name && scopes.resolve(node) === binding) mentionedByClosure = true;
    ts.forEachChild(node, (child) => {
      stack.push({ node: child, nested: nested || isFunctionScope(child) });
    });
  }
  return !mentionedByClosure;
}

/** The reason the wait would open a lost update, or undefined. Looks up to the enclosing function. */
export function lostUpdateReason(call: ts.CallExpression, fn: ts.Node, scopes: ScopeIndex): string | undefined {
  let child: ts.Node = call;
  for (let node: ts.Node = call.parent; node !== fn; child = node, node = node.parent) {
    if (!ts.isBinaryExpression(node) || node.right !== child) continue;
    if (isPrivateLocal(node.left, fn, scopes)) continue;
    const op = node.operatorToken.kind;
    const slot = slotText(node.left);
    if (COMPOUND_ASSIGNMENTS.has(op)) {
      const target = node.left.getText();
      return `\`${target} ${node.operatorToken.getText()} …\` reads \`${target}\` before the wait and writes it after: another task could change it in between (a lost update)`;
    }
    if (op === ts.SyntaxKind.EqualsToken && slot !== undefined && readsSlotBefore(node.right, slot, call.getStart())) {
      return `\`${slot}\` is read before the wait and written after it: another task could change it in between (a lost update)`;
    }
  }
  return undefined;
}

/** Does `await call` need parentheses where the call stands (`readFileSync(p).toString()`)? */
export function needsParentheses(call: ts.CallExpression): boolean {
  const parent = call.parent;
  if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === call) return true;
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression === call) return true;
  if (ts.isTaggedTemplateExpression(parent) && parent.tag === call) return true;
  if (ts.isNonNullExpression(parent)) return true;
  if (ts.isBinaryExpression(parent) && parent.left === call && parent.operatorToken.kind === ts.SyntaxKind.AsteriskAsteriskToken) return true;
  return false;
}
