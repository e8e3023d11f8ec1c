import { ts } from 'ts-morph';
import { collectBindingIdentifiers, isFunctionScope, isReferenceIdentifier, type Binding, type ScopeIndex } from './scope';

/**
 * Which bindings a piece of code reads and writes, resolved by binding (not by name).
 * Conservative by design: code inside nested functions counts, because a callback may run at any time.
 */
export interface Accesses {
  reads: Set<Binding>;
  /** Bindings assigned, declared, incremented or destructured into. */
  writes: Set<Binding>;
  /** Bindings whose object is changed through a property (`x.a = 1`, `x[i]++`, `delete x.a`). */
  mutates: Set<Binding>;
  /** Names that resolved to no binding in this file (globals, ambient declarations). */
  freeReads: Set<string>;
  freeWrites: Set<string>;
  /** `this.<name>` reads and writes; '*' for computed access. */
  thisReads: Set<string>;
  thisWrites: Set<string>;
  /** Calls and `new` expressions, outermost first. */
  calls: Array<ts.CallExpression | ts.NewExpression>;
  /** Contains a `yield`, `return`, `throw`, `break` or `continue` at this function level (awaits are listed in `awaits`). */
  hasControlTransfer: boolean;
  /** `await` expressions at this function level (not inside nested functions), outermost first. */
  awaits: ts.AwaitExpression[];
  /** `for await` loops at this function level. */
  forAwaits: ts.ForOfStatement[];
  /**
   * Calls of a known mutating method on a binding's object (`list.push(x)`, `seen.add(k)`, `Object.assign(o, …)`).
   * Kept apart from `mutates` (which is assignments only) so each consumer decides whether a method call counts.
   */
  methodMutations: Array<{ binding: Binding; call: ts.CallExpression }>;
}

/** Methods of Array, Map, Set, URLSearchParams and FormData that change the receiver. */
export const MUTATING_METHODS: ReadonlySet<string> = new Set([
  'push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin',
  'set', 'add', 'delete', 'clear', 'append',
]);

export function emptyAccesses(): Accesses {
  return {
    reads: new Set(),
    writes: new Set(),
    mutates: new Set(),
    freeReads: new Set(),
    freeWrites: new Set(),
    thisReads: new Set(),
    thisWrites: new Set(),
    calls: [],
    hasControlTransfer: false,
    awaits: [],
    forAwaits: [],
    methodMutations: [],
  };
}

export function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** The root identifier of `a.b[c].d` (or `this`), if any. */
export function rootOf(expression: ts.Expression): ts.Identifier | ts.ThisExpression | undefined {
  let e: ts.Expression = expression;
  for (;;) {
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isNonNullExpression(e) || ts.isParenthesizedExpression(e)) {
      e = e.expression;
    } else if (ts.isAsExpression(e) || ts.isTypeAssertionExpression(e) || ts.isSatisfiesExpression(e)) {
      e = e.expression;
    } else break;
  }
  if (ts.isIdentifier(e)) return e;
  if (e.kind === ts.SyntaxKind.ThisKeyword) return e as ts.ThisExpression;
  return undefined;
}

export function collectAccesses(root: ts.Node, scopes: ScopeIndex, into: Accesses = emptyAccesses()): Accesses {
  const acc = into;

  // Iterative (like the engine's walk): generated code can nest far deeper than the call stack allows.
  const writeTarget = (first: ts.Expression): void => {
    const targets: ts.Expression[] = [first];
    while (targets.length > 0) {
      const target = targets.pop()!;
      // Destructuring assignment: [a, b] = …, ({ a, b: c } = …)
      if (ts.isArrayLiteralExpression(target)) {
        for (const element of target.elements) targets.push(ts.isSpreadElement(element) ? element.expression : element);
      } else if (ts.isObjectLiteralExpression(target)) {
        for (const property of target.properties) {
          if (ts.isShorthandPropertyAssignment(property)) targets.push(property.name);
          else if (ts.isPropertyAssignment(property)) targets.push(property.initializer);
          else if (ts.isSpreadAssignment(property)) targets.push(property.expression);
        }
      } else if (ts.isBinaryExpression(target) && target.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        targets.push(target.left); // default value in a destructuring target
      } else if (ts.isParenthesizedExpression(target) || ts.isNonNullExpression(target) || ts.isAsExpression(target)) {
        targets.push(target.expression);
      } else if (ts.isIdentifier(target)) {
        const binding = scopes.resolve(target);
        if (binding) acc.writes.add(binding);
        else acc.freeWrites.add(target.text);
      } else if (ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) {
        const base = rootOf(target);
        if (base && base.kind === ts.SyntaxKind.ThisKeyword) {
          acc.thisWrites.add(ts.isPropertyAccessExpression(target) && target.expression.kind === ts.SyntaxKind.ThisKeyword ? target.name.text : '*');
        } else if (base && ts.isIdentifier(base)) {
          const binding = scopes.resolve(base);
          if (binding) acc.mutates.add(binding);
          else acc.freeWrites.add(base.text);
        }
      }
    }
  };

  const recordMethodMutation = (call: ts.CallExpression): void => {
    const callee = call.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    let target: ts.Expression | undefined;
    if (MUTATING_METHODS.has(callee.name.text)) {
      target = callee.expression;
    } else if (callee.name.text === 'assign' && ts.isIdentifier(callee.expression) && callee.expression.text === 'Object' &&
               !scopes.resolve(callee.expression)) {
      target = call.arguments[0];
    }
    const base = target && rootOf(target);
    if (!base || !ts.isIdentifier(base)) return;
    const binding = scopes.resolve(base);
    if (binding) acc.methodMutations.push({ binding, call });
  };

  // Children are visited in source order: `calls` lists outermost (and earlier) calls first.
  const stack: ts.Node[] = [root];
  const pending: ts.Node[] = [];
  const collect = (child: ts.Node): void => {
    pending.push(child);
  };
  const pushPending = (): void => {
    for (let i = pending.length - 1; i >= 0; i--) stack.push(pending[i]!);
    pending.length = 0;
  };

  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isIdentifier(node)) {
      if (isReferenceIdentifier(node)) {
        const binding = scopes.resolve(node);
        if (binding) acc.reads.add(binding);
        else acc.freeReads.add(node.text);
      }
      continue;
    }
    if (node.kind === ts.SyntaxKind.ThisKeyword) {
      const parent = node.parent;
      acc.thisReads.add(ts.isPropertyAccessExpression(parent) && parent.expression === node ? parent.name.text : '*');
      continue;
    }
    if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind)) {
      writeTarget(node.left);
      // Compound assignments (+=, ??=) also read their target.
      if (node.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !(ts.isIdentifier(node.left))) pending.push(node.left);
      pending.push(node.right);
      pushPending();
      continue;
    }
    if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
        (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) {
      writeTarget(node.operand);
      stack.push(node.operand);
      continue;
    }
    if (ts.isDeleteExpression(node)) {
      writeTarget(node.expression);
      stack.push(node.expression);
      continue;
    }
    if (ts.isVariableDeclaration(node)) {
      for (const id of collectBindingIdentifiers(node.name)) {
        const binding = scopes.resolve(id);
        if (binding) acc.writes.add(binding);
      }
      // Default values and computed keys in patterns are reads.
      if (!ts.isIdentifier(node.name)) ts.forEachChild(node.name, collect);
      if (node.initializer) pending.push(node.initializer);
      pushPending();
      continue;
    }
    if ((ts.isForOfStatement(node) || ts.isForInStatement(node)) && !ts.isVariableDeclarationList(node.initializer)) {
      writeTarget(node.initializer as ts.Expression);
    }
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) acc.calls.push(node);
    if (ts.isCallExpression(node)) recordMethodMutation(node);
    if (ts.isAwaitExpression(node) && !isInsideNestedFunction(node, root)) acc.awaits.push(node);
    if (ts.isForOfStatement(node) && node.awaitModifier && !isInsideNestedFunction(node, root)) acc.forAwaits.push(node);
    if ((ts.isReturnStatement(node) || ts.isThrowStatement(node) || ts.isBreakOrContinueStatement(node) || ts.isYieldExpression(node))) {
      if (!isInsideNestedFunction(node, root)) acc.hasControlTransfer = true;
    }
    ts.forEachChild(node, collect);
    pushPending();
  }
  return acc;
}

function isInsideNestedFunction(node: ts.Node, root: ts.Node): boolean {
  if (node === root) return false; // the root itself (a `return` statement analysed on its own) is at this level
  for (let p = node.parent; p && p !== root; p = p.parent) if (isFunctionScope(p)) return true;
  return false;
}

export function intersects<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const item of small) if (large.has(item)) return true;
  return false;
}
