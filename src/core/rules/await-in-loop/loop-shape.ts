import { ts } from 'ts-morph';
import { isStepByOne, isZero, mentionsBinding, refersTo, stripExpression } from '../../index-loop';

export { stripExpression };
import { collectBindingIdentifiers, type Binding, type ScopeIndex } from '../../scope';

/**
 * The loop forms whose iterations can be mapped one-to-one onto `items.map(async …)`: `for…of`,
 * `for…in`, a classic `for` stepping an index through an array, and the same as a `while`. Every
 * other loop (`do…while`, `while (hasMore)`, retry counters, stepped batches) is not recognised,
 * so the rule stays silent on it.
 */
export interface LoopShape {
  loop: ts.IterationStatement;
  body: ts.Statement;
  /** The collection as written in the header (`users`, `Object.entries(map)`, `rows` of `rows.length`). */
  collection: ts.Expression;
  /** Names the loop declares for each item (`const { id, name } of …`) or its index. */
  itemBindings: Set<Binding>;
  /** For the `while` form: the statement advancing the index, which is not a write across iterations. */
  indexIncrement?: ts.Statement;
  /** For index loops: the index binding, which iterations may read but not do arithmetic with to reach others. */
  index?: Binding;
}


function isBlockScoped(list: ts.VariableDeclarationList): boolean {
  return (list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) !== 0;
}

/** `a`, `this.a`, `req.body.ids`: an expression that names the same array every time it is evaluated. */
function isStableReference(expression: ts.Expression): boolean {
  let e = stripExpression(expression);
  while (ts.isPropertyAccessExpression(e)) e = stripExpression(e.expression);
  return ts.isIdentifier(e) || e.kind === ts.SyntaxKind.ThisKeyword;
}

/** `X.length` → X, when X is a stable reference. */
function lengthOf(expression: ts.Expression): ts.Expression | undefined {
  const e = stripExpression(expression);
  if (ts.isPropertyAccessExpression(e) && e.name.text === 'length' && isStableReference(e.expression)) return e.expression;
  return undefined;
}




/** The bindings declared in a loop's own header (`for (const x of …)`). */
function headerBindings(list: ts.VariableDeclarationList, scopes: ScopeIndex): Set<Binding> {
  const out = new Set<Binding>();
  for (const declaration of list.declarations) {
    for (const id of collectBindingIdentifiers(declaration.name)) {
      const binding = scopes.resolve(id);
      if (binding) out.add(binding);
    }
  }
  return out;
}

/** `i < X.length`, or `i < n` where `n` was declared in the header as `n = X.length`. */
function boundOf(condition: ts.Expression | undefined, index: Binding, lengthAliases: Map<Binding, ts.Expression>, scopes: ScopeIndex): ts.Expression | undefined {
  if (!condition) return undefined;
  const c = stripExpression(condition);
  if (!ts.isBinaryExpression(c) || c.operatorToken.kind !== ts.SyntaxKind.LessThanToken || !refersTo(c.left, index, scopes)) return undefined;
  const direct = lengthOf(c.right);
  if (direct) return direct;
  const right = stripExpression(c.right);
  if (ts.isIdentifier(right)) {
    const alias = scopes.resolve(right);
    if (alias) return lengthAliases.get(alias);
  }
  return undefined;
}

/** `for (let i = xs.length - 1; i >= 0; i--)`: the same items, visited from the end. */
function descendingForShape(loop: ts.ForStatement, scopes: ScopeIndex): LoopShape | undefined {
  const init = loop.initializer;
  if (!init || !ts.isVariableDeclarationList(init) || !(init.flags & ts.NodeFlags.Let) || init.declarations.length !== 1) return undefined;
  const first = init.declarations[0]!;
  const start = first.initializer && stripExpression(first.initializer);
  if (!ts.isIdentifier(first.name) || !start || !ts.isBinaryExpression(start) || start.operatorToken.kind !== ts.SyntaxKind.MinusToken) return undefined;
  const collection = lengthOf(start.left);
  const one = stripExpression(start.right);
  if (!collection || !ts.isNumericLiteral(one) || Number(one.text) !== 1) return undefined;
  const index = scopes.resolve(first.name);
  const c = loop.condition && stripExpression(loop.condition);
  if (!index || !c || !ts.isBinaryExpression(c) || !refersTo(c.left, index, scopes)) return undefined;
  const bound = stripExpression(c.right);
  const zeroBound = (c.operatorToken.kind === ts.SyntaxKind.GreaterThanEqualsToken && isZero(bound)) ||
    (c.operatorToken.kind === ts.SyntaxKind.GreaterThanToken && ts.isPrefixUnaryExpression(bound) && bound.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(bound.operand) && Number(bound.operand.text) === 1);
  const step = loop.incrementor && stripExpression(loop.incrementor);
  const stepsDown = step !== undefined && (ts.isPostfixUnaryExpression(step) || ts.isPrefixUnaryExpression(step)) &&
    step.operator === ts.SyntaxKind.MinusMinusToken && refersTo(step.operand, index, scopes);
  if (!zeroBound || !stepsDown) return undefined;
  return { loop, body: loop.statement, collection, itemBindings: headerBindings(init, scopes), index };
}

function classicForShape(loop: ts.ForStatement, scopes: ScopeIndex): LoopShape | undefined {
  const init = loop.initializer;
  if (!init || !ts.isVariableDeclarationList(init) || !(init.flags & ts.NodeFlags.Let)) return undefined;
  const [first, ...rest] = init.declarations;
  if (!first || !ts.isIdentifier(first.name) || !isZero(first.initializer) || rest.length > 1) return undefined;
  const index = scopes.resolve(first.name);
  if (!index) return undefined;
  const lengthAliases = new Map<Binding, ts.Expression>();
  for (const declaration of rest) {
    const collection = declaration.initializer && lengthOf(declaration.initializer);
    const alias = ts.isIdentifier(declaration.name) ? scopes.resolve(declaration.name) : undefined;
    if (!collection || !alias) return undefined;
    lengthAliases.set(alias, collection);
  }
  const collection = boundOf(loop.condition, index, lengthAliases, scopes);
  if (!collection || !loop.incrementor || !isStepByOne(loop.incrementor, index, scopes)) return undefined;
  return { loop, body: loop.statement, collection, itemBindings: headerBindings(init, scopes), index };
}

/**
 * `let i = 0; while (i < X.length) { …; i++; }`: the declaration right before the loop, the
 * increment as the body's last statement, and no use of `i` after the loop.
 */
function whileIndexShape(loop: ts.WhileStatement, scopes: ScopeIndex): LoopShape | undefined {
  const condition = stripExpression(loop.expression);
  if (!ts.isBinaryExpression(condition) || !ts.isIdentifier(stripExpression(condition.left))) return undefined;
  const index = scopes.resolve(stripExpression(condition.left) as ts.Identifier);
  if (!index || index.kind !== 'let') return undefined;
  const collection = boundOf(condition, index, new Map(), scopes);
  if (!collection) return undefined;

  const container = loop.parent;
  if (!ts.isBlock(container) && !ts.isSourceFile(container)) return undefined;
  const statements = container.statements;
  const at = statements.indexOf(loop);
  const previous = at > 0 ? statements[at - 1] : undefined;
  if (!previous || !ts.isVariableStatement(previous) || previous.declarationList.declarations.length !== 1) return undefined;
  const declaration = previous.declarationList.declarations[0]!;
  if (declaration.name !== index.declaration || !isZero(declaration.initializer)) return undefined;

  if (!ts.isBlock(loop.statement)) return undefined;
  const last = loop.statement.statements[loop.statement.statements.length - 1];
  if (!last || !ts.isExpressionStatement(last) || !isStepByOne(last.expression, index, scopes)) return undefined;

  for (let k = at + 1; k < statements.length; k++) {
    if (mentionsBinding(statements[k]!, index, scopes)) return undefined;
  }
  return { loop, body: loop.statement, collection, itemBindings: new Set([index]), indexIncrement: last, index };
}


export function loopShapeOf(loop: ts.IterationStatement, scopes: ScopeIndex): LoopShape | undefined {
  if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) {
    if (ts.isForOfStatement(loop) && loop.awaitModifier) return undefined;
    const init = loop.initializer;
    if (!ts.isVariableDeclarationList(init) || !isBlockScoped(init)) return undefined;
    return { loop, body: loop.statement, collection: loop.expression, itemBindings: headerBindings(init, scopes) };
  }
  if (ts.isForStatement(loop)) return classicForShape(loop, scopes) ?? descendingForShape(loop, scopes);
  if (ts.isWhileStatement(loop)) return whileIndexShape(loop, scopes);
  return undefined;
}

/** Literal collections up to this size are "small": an unbounded Promise.all over them is fine. */
const SMALL_LITERAL_SIZE = 16;

/** `UTM_PARAMS`, `SUPPORTED_LOCALES`: the name of a constant of the code. */
const CONSTANT_NAME = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/;

/**
 * Is the collection a small literal written in the code (directly, or through a `const`, or an imported constant)?
 * Anything else — a parameter, a query result, request input — may be large.
 */
export function isSmallLiteralCollection(collection: ts.Expression, scopes: ScopeIndex): boolean {
  let e = stripExpression(collection);
  // items.entries() / .keys() / .values(), Object.keys(x) / values / entries
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
    const name = e.expression.name.text;
    const target = stripExpression(e.expression.expression);
    if ((name === 'entries' || name === 'keys' || name === 'values') && e.arguments.length === 0) {
      e = target;
    } else if ((name === 'entries' || name === 'keys' || name === 'values') && ts.isIdentifier(target) && target.text === 'Object' &&
      !scopes.resolve(target) && e.arguments.length === 1) {
      e = stripExpression(e.arguments[0]!);
    }
  }
  if (ts.isIdentifier(e)) {
    const binding = scopes.resolve(e);
    // `import { UTM_PARAMS } from '@/lib/constants'`: a list named as a constant of the code is fixed when it is written.
    if (binding?.kind === 'import' && CONSTANT_NAME.test(binding.name)) return true;
    if (!binding || binding.kind !== 'const') return false;
    const declaration = binding.declaration.parent;
    if (!ts.isVariableDeclaration(declaration) || declaration.name !== binding.declaration || !declaration.initializer) return false;
    e = stripExpression(declaration.initializer);
  }
  if (ts.isArrayLiteralExpression(e)) {
    return e.elements.length <= SMALL_LITERAL_SIZE && !e.elements.some((element) => ts.isSpreadElement(element));
  }
  if (ts.isObjectLiteralExpression(e)) {
    return e.properties.length <= SMALL_LITERAL_SIZE && !e.properties.some((property) => ts.isSpreadAssignment(property));
  }
  return false;
}
