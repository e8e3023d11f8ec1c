import { ts } from 'ts-morph';
import type { TypeOracle } from '../../rule';
import type { ScopeIndex } from '../../scope';

/**
 * Is an expression known to be an array (so `.map` exists and indexes it like a loop would)?
 * Answers from declarations and well-known array producers; the type checker, when present, can
 * only add a "yes". "Don't know" is false: callers then use `Array.from`, which takes any
 * iterable, or refuse where only an array will do.
 */
export function isKnownArray(expression: ts.Expression, scopes: ScopeIndex, types: TypeOracle | undefined): boolean {
  return syntacticArray(expression, scopes, 0) || typeSaysArray(expression, types);
}

const ARRAY_RETURNING_METHODS = new Set([
  'map', 'filter', 'slice', 'concat', 'flat', 'flatMap', 'toSorted', 'toReversed', 'toSpliced', 'with', 'sort', 'reverse',
]);
const OBJECT_ARRAY_FUNCTIONS = new Set(['keys', 'values', 'entries']);

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

function syntacticArray(expression: ts.Expression, scopes: ScopeIndex, depth: number): boolean {
  if (depth > 8) return false;
  let e = expression;
  while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  if (ts.isArrayLiteralExpression(e)) return true;
  if (ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) {
    if (ts.isTypeReferenceNode(e.type) && ts.isIdentifier(e.type.typeName) && e.type.typeName.text === 'const') {
      return syntacticArray(e.expression, scopes, depth + 1);
    }
    return isArrayTypeNode(e.type) || (ts.isSatisfiesExpression(e) && syntacticArray(e.expression, scopes, depth + 1));
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
    return ARRAY_RETURNING_METHODS.has(name) && syntacticArray(receiver, scopes, depth + 1);
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
      return binding.kind === 'const' && declaration.initializer !== undefined && syntacticArray(declaration.initializer, scopes, depth + 1);
    }
  }
  return false;
}
