import { ts } from 'ts-morph';
import type { TypeOracle } from './rule';
import type { ScopeIndex } from './scope';

/**
 * Is an expression known to be an array? Two askers, two degrees of trust:
 * - a fix (the default) must be sure: `.map` exists and indexes it like a loop would. It answers from
 *   declarations and well-known array producers; the type checker, when present, can only add a "yes".
 *   "Don't know" is false: callers then use `Array.from`, which takes any iterable, or refuse where only
 *   an array will do.
 * - a rule's cost estimate (`trustMethodNames`) asks whether `list.includes(x)` is a scan of a list or a
 *   substring search. There a `.map/.filter/.split(…)` result counts as an array whatever its receiver,
 *   `await` of an array is one, and a checker's answer is final: a string says no.
 */
export function isKnownArray(expression: ts.Expression, scopes: ScopeIndex, types: TypeOracle | undefined, options: ArrayTrust = {}): boolean {
  if (options.trustMethodNames && types?.withChecker) {
    const answer = types.withChecker(skip(expression), (checker, node) => {
      const type = checker.getTypeAtLocation(node);
      return checker.isArrayType(type) || checker.isTupleType(type);
    });
    if (answer !== undefined) return answer;
  }
  return syntacticArray(expression, scopes, 0, options) || (!options.trustMethodNames && typeSaysArray(expression, types));
}

export interface ArrayTrust {
  /** A call of an array-building method name is an array, whatever its receiver; `await` passes an array through. */
  trustMethodNames?: boolean;
}

const ARRAY_RETURNING_METHODS = new Set([
  'map', 'filter', 'slice', 'concat', 'flat', 'flatMap', 'toSorted', 'toReversed', 'toSpliced', 'with', 'sort', 'reverse',
]);
const OBJECT_ARRAY_FUNCTIONS = new Set(['keys', 'values', 'entries']);
/** Names that, in code that is not about arrays, still almost always build one (`_.pluck`, `rows.splice`). */
const TRUSTED_ARRAY_METHODS = new Set([...ARRAY_RETURNING_METHODS, 'split', 'splice', 'pluck']);

function skip(expression: ts.Expression): ts.Expression {
  let e = expression;
  while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
  return e;
}

function typeSaysArray(expression: ts.Expression, types: TypeOracle | undefined): boolean {
  const text = types?.typeText?.(expression);
  if (!text) return false;
  return /^(readonly\s+)?[\w$.<>, ]+\[\]$/.test(text) || /^(Readonly)?Array<.*>$/.test(text) || /^(readonly\s+)?\[.*\]$/.test(text);
}

export function isArrayTypeNode(type: ts.TypeNode | undefined): boolean {
  if (!type) return false;
  if (ts.isParenthesizedTypeNode(type)) return isArrayTypeNode(type.type);
  if (ts.isArrayTypeNode(type) || ts.isTupleTypeNode(type)) return true;
  if (ts.isTypeOperatorNode(type) && type.operator === ts.SyntaxKind.ReadonlyKeyword) return isArrayTypeNode(type.type);
  if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) {
    return type.typeName.text === 'Array' || type.typeName.text === 'ReadonlyArray';
  }
  return false;
}

function isGlobal(identifier: ts.Expression, name: string, scopes: ScopeIndex): boolean {
  return ts.isIdentifier(identifier) && identifier.text === name && scopes.resolve(identifier) === undefined;
}

function syntacticArray(expression: ts.Expression, scopes: ScopeIndex, depth: number, options: ArrayTrust): boolean {
  if (depth > 8) return false;
  let e = expression;
  while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  if (ts.isArrayLiteralExpression(e)) return true;
  if (options.trustMethodNames) {
    e = skip(e);
    if (ts.isAwaitExpression(e)) return syntacticArray(e.expression, scopes, depth + 1, options);
    if (ts.isCallExpression(e)) {
      const callee = skip(e.expression);
      // `text.split()` with no separator is the whole text in one item: nothing to scan.
      if (ts.isPropertyAccessExpression(callee) && TRUSTED_ARRAY_METHODS.has(callee.name.text)) return callee.name.text !== 'split' || e.arguments.length > 0;
    }
  }
  if (ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) {
    if (ts.isTypeReferenceNode(e.type) && ts.isIdentifier(e.type.typeName) && e.type.typeName.text === 'const') {
      return syntacticArray(e.expression, scopes, depth + 1, options);
    }
    return isArrayTypeNode(e.type) || (ts.isSatisfiesExpression(e) && syntacticArray(e.expression, scopes, depth + 1, options));
  }
  if (ts.isAwaitExpression(e)) {
    // await Promise.all([...]) resolves to an array.
    const inner = e.expression;
    return ts.isCallExpression(inner) && ts.isPropertyAccessExpression(inner.expression) &&
      isGlobal(inner.expression.expression, 'Promise', scopes) && ['all', 'allSettled'].includes(inner.expression.name.text);
  }
  if (ts.isNewExpression(e)) return isGlobal(e.expression, 'Array', scopes);
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
    const name = e.expression.name.text;
    const receiver = e.expression.expression;
    if (isGlobal(receiver, 'Object', scopes)) return OBJECT_ARRAY_FUNCTIONS.has(name);
    if (isGlobal(receiver, 'Array', scopes)) return name === 'from' || name === 'of';
    if (name === 'split') return true;
    return ARRAY_RETURNING_METHODS.has(name) && syntacticArray(receiver, scopes, depth + 1, options);
  }
  if (ts.isIdentifier(e)) {
    const binding = scopes.resolve(e);
    if (!binding) return false;
    const declaration = binding.declaration.parent;
    if (ts.isParameter(declaration) && declaration.name === binding.declaration) {
      return declaration.dotDotDotToken !== undefined || isArrayTypeNode(declaration.type);
    }
    if (ts.isVariableDeclaration(declaration) && declaration.name === binding.declaration) {
      if (declaration.type) return isArrayTypeNode(declaration.type);
      // A `let` may be reassigned to anything; a `const`'s initializer says what it is.
      return binding.kind === 'const' && declaration.initializer !== undefined && syntacticArray(declaration.initializer, scopes, depth + 1, options);
    }
  }
  return false;
}
