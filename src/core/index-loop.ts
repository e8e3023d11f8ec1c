import { ts } from 'ts-morph';
import type { Binding, ScopeIndex } from './scope';

/** Shapes of index loops (`for (let i = 0; i < xs.length; i++)`), shared by the await-in-loop rule and its fix. */

/** Drop parentheses, `as`, `satisfies`, `!` and `<T>` casts around an expression. */
export function stripExpression(expression: ts.Expression): ts.Expression {
  let e = expression;
  while (
    ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) ||
    ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e)
  ) e = e.expression;
  return e;
}

/**
 * The other way up: the outermost of the parentheses and type assertions wrapped around `node` (`(x as T)!`), whose
 * parent is where the value goes.
 */
export function outermostExpression(node: ts.Node): ts.Node {
  let n = node;
  while (n.parent && (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isSatisfiesExpression(n.parent) ||
    ts.isNonNullExpression(n.parent) || ts.isTypeAssertionExpression(n.parent))) n = n.parent;
  return n;
}

/** The name an expression ends in: `foo` for `foo`, `bar` for `x.y.bar`; undefined for anything else (`a[0]`, `f()`). */
export function lastNameOf(expression: ts.Expression): string | undefined {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  return undefined;
}

/** Is `node` `ancestor` itself or inside it (by the parent chain)? */
export function isWithin(node: ts.Node, ancestor: ts.Node): boolean {
  for (let n: ts.Node | undefined = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

export function isZero(expression: ts.Expression | undefined): boolean {
  return expression !== undefined && ts.isNumericLiteral(expression) && Number(expression.text) === 0;
}

/** Is the expression (unwrapped) a reference to exactly this binding? */
export function refersTo(expression: ts.Expression, binding: Binding, scopes: ScopeIndex): boolean {
  const e = stripExpression(expression);
  return ts.isIdentifier(e) && scopes.resolve(e) === binding;
}

/** `i++`, `++i`, `i += 1`, `i = i + 1`. */
export function isStepByOne(expression: ts.Expression, index: Binding, scopes: ScopeIndex): boolean {
  const e = stripExpression(expression);
  if ((ts.isPostfixUnaryExpression(e) || ts.isPrefixUnaryExpression(e)) && e.operator === ts.SyntaxKind.PlusPlusToken) {
    return refersTo(e.operand, index, scopes);
  }
  if (!ts.isBinaryExpression(e) || !refersTo(e.left, index, scopes)) return false;
  const one = (x: ts.Expression) => ts.isNumericLiteral(x) && Number(x.text) === 1;
  if (e.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken) return one(e.right);
  if (e.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return false;
  const r = stripExpression(e.right);
  return ts.isBinaryExpression(r) && r.operatorToken.kind === ts.SyntaxKind.PlusToken &&
    ((refersTo(r.left, index, scopes) && one(r.right)) || (one(r.left) && refersTo(r.right, index, scopes)));
}

/** Does anything under `root` refer to `binding` (resolved, so shadowing does not count)? */
export function mentionsBinding(root: ts.Node, binding: Binding, scopes: ScopeIndex): boolean {
  const stack: ts.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isIdentifier(node)) {
      if (node.text === binding.name && scopes.resolve(node) === binding) return true;
      continue;
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return false;
}
