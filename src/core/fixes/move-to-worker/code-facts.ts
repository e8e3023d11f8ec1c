import { ts } from 'ts-morph';
import { isFunctionScope, isReferenceIdentifier, type Binding, type ScopeIndex } from '../../scope';
import { stripExpression as unwrap } from '../../index-loop';

/**
 * What a piece of code (the extracted loop, or a function we would copy into the worker) needs from the
 * code around it and what it does to it: the outer bindings it reads and writes, the objects it changes,
 * the globals and type names it uses, and the first construct that cannot run in a worker thread.
 * One iterative walk over compiler nodes; nested functions count (a callback runs inside the loop too).
 */

/** A place where an object is changed: `o.k = v`, `o[i]++`, `delete o.k`, `o.push(x)`, `randomFillSync(o)`. */
export interface MutationSite {
  node: ts.Node;
  /** The identifier the changed object is reached from, when there is one. */
  root: ts.Identifier | undefined;
  binding: Binding | undefined;
  /** 0 when the root's own object changes (`o.k = v`, `o.push(x)`); 1+ when an object reached through it does (`o[i].k = v`). */
  depth: number;
}

/** A value stored into a binding declared inside the code: its initializer or an assignment (`undefined`: not a plain value). */
export interface LocalStore {
  binding: Binding;
  value: ts.Expression | undefined;
}

export interface CodeFacts {
  /** Bindings declared outside the code that it reads, with the first read. */
  reads: Map<Binding, ts.Identifier>;
  /** Bindings declared outside the code that it assigns, with the first assignment. */
  writes: Map<Binding, ts.Node>;
  /** Names that resolve to no binding of the file (globals), with the first use. */
  globals: Map<string, ts.Identifier>;
  globalWrites: Map<string, ts.Identifier>;
  mutations: MutationSite[];
  /** Stores into bindings declared inside the code, to judge whether they hold fresh objects. */
  localStores: LocalStore[];
  /** Leftmost identifiers of type references (`Item` in `Item[]`, `ns` in `ns.T`). */
  typeNames: ts.Identifier[];
  /** Type parameters declared inside the code (their references are not outer types). */
  localTypeParameters: Set<string>;
  /** The first construct that cannot move to a worker thread, with why. */
  problem?: { node: ts.Node; reason: string };
}

/** Methods that change their receiver (Array, Map, Set, typed arrays, Date, DataView, Buffer, URLSearchParams). */
const MUTATING_METHODS = new Set([
  'push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin',
  'set', 'add', 'delete', 'clear', 'append', 'swap16', 'swap32', 'swap64',
]);
const MUTATING_METHOD_PATTERN = /^(set|write)[A-Z0-9]/;
/** Functions and methods that write into an argument: name → argument index. */
const ARGUMENT_WRITERS = new Map<string, number>([
  ['randomFillSync', 0], ['randomFill', 0], ['getRandomValues', 0], ['readSync', 1], ['readvSync', 1],
  ['encodeInto', 1], ['copy', 0], ['assign', 0], ['defineProperty', 0], ['defineProperties', 0],
  ['setPrototypeOf', 0], ['deleteProperty', 0],
]);

/** Globals that exist and behave the same in a worker thread and have no effect outside it. */
export const WORKER_SAFE_GLOBALS: ReadonlySet<string> = new Set([
  'undefined', 'NaN', 'Infinity', 'Math', 'JSON', 'Number', 'String', 'Boolean', 'BigInt', 'Symbol', 'Array', 'Object',
  'Map', 'Set', 'WeakMap', 'WeakSet', 'Date', 'RegExp', 'Error', 'TypeError', 'RangeError', 'SyntaxError', 'EvalError',
  'URIError', 'AggregateError', 'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'encodeURIComponent', 'decodeURIComponent',
  'encodeURI', 'decodeURI', 'ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray',
  'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array',
  'BigUint64Array', 'Buffer', 'TextEncoder', 'TextDecoder', 'URL', 'URLSearchParams', 'structuredClone', 'Intl',
  'Reflect', 'atob', 'btoa', 'crypto',
]);

/** Why the global `name` keeps code from moving to a worker thread (undefined: it may move). */
export function globalProblem(name: string): string | undefined {
  if (WORKER_SAFE_GLOBALS.has(name)) return undefined;
  return GLOBAL_REASONS[name] ?? `\`${name}\` is not known to exist and behave the same in a worker thread`;
}

/** Globals worth a specific reason when refused. */
const GLOBAL_REASONS: Record<string, string> = {
  console: '`console` output from a worker thread is forwarded asynchronously and could interleave differently',
  process: '`process` in a worker thread is not the main thread\'s (exit codes, listeners and `process.env` changes stay in the worker)',
  performance: '`performance.now()` in a worker thread counts from the worker\'s start, not the main thread\'s',
  setTimeout: 'timers started in the worker would fire after it has sent its result',
  setInterval: 'timers started in the worker would fire after it has sent its result',
  setImmediate: 'timers started in the worker would fire after it has sent its result',
  queueMicrotask: 'microtasks queued in the worker would run after it has sent its result',
  require: '`require` inside the loop would load modules in the worker',
  globalThis: 'the worker thread has its own global object',
  global: 'the worker thread has its own global object',
  fetch: 'a request started in the worker would not be awaited',
};

function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** The identifier an object expression is reached from, and how many steps (`.k`, `[i]`, `.get(k)`) away it is. */
export function objectRoot(expression: ts.Expression): { root: ts.Identifier | undefined; depth: number } {
  let e = unwrap(expression);
  let depth = 0;
  for (;;) {
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
      e = unwrap(e.expression);
      depth++;
    } else if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(unwrap(e.expression))) {
      // `groups.get(k)` yields an object reached through `groups`.
      e = unwrap((unwrap(e.expression) as ts.PropertyAccessExpression).expression);
      depth++;
    } else break;
  }
  return { root: ts.isIdentifier(e) ? e : undefined, depth };
}

/** The name a callee is called by: `f` for `f()`, `m` for `a.b.m()`. */
export function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = unwrap(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

export function isWithin(node: ts.Node, start: number, end: number): boolean {
  return node.pos >= start && node.end <= end;
}

/**
 * Walk `roots` (consecutive statements or one function) and collect its facts. Bindings whose declaration
 * lies inside [start, end) are the code's own; everything else is outer.
 */
export function collectCodeFacts(
  roots: readonly ts.Node[],
  scopes: ScopeIndex,
  sourceFile: ts.SourceFile,
  options: { functionRoot?: boolean; subject?: string } = {},
): CodeFacts {
  const start = roots[0]!.pos;
  const end = roots[roots.length - 1]!.end;
  const facts: CodeFacts = {
    reads: new Map(),
    writes: new Map(),
    globals: new Map(),
    globalWrites: new Map(),
    mutations: [],
    localStores: [],
    typeNames: [],
    localTypeParameters: new Set(),
  };
  const rootSet = new Set(roots);
  const who = options.subject ?? 'the loop';
  const inside = (binding: Binding): boolean => isWithin(binding.declaration, start, end);
  const fail = (node: ts.Node, reason: string): void => {
    if (!facts.problem) facts.problem = { node, reason };
  };
  const line = (node: ts.Node): number => sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;

  /** The nearest enclosing function or class inside the code (undefined: the code's own level). */
  const nearestFunction = (node: ts.Node): ts.Node | undefined => {
    for (let p = node.parent; p; p = p.parent) {
      if (rootSet.has(p)) return options.functionRoot && isFunctionScope(p) ? p : undefined;
      if (isFunctionScope(p) || ts.isClassLike(p) || ts.isClassStaticBlockDeclaration(p)) return p;
    }
    return undefined;
  };
  /** `this`/`arguments` belong to the nearest non-arrow function or class, if it is inside the code (a copied function's own `this` does not count). */
  const ownsThis = (node: ts.Node, isArguments: boolean): boolean => {
    for (let p = node.parent; p; p = p.parent) {
      if (rootSet.has(p)) return isArguments && !!options.functionRoot && isFunctionScope(p) && !ts.isArrowFunction(p);
      if ((isFunctionScope(p) && !ts.isArrowFunction(p)) || ts.isClassLike(p) || ts.isClassStaticBlockDeclaration(p)) return true;
    }
    return false;
  };

  const recordMutation = (node: ts.Node, target: ts.Expression, extraDepth: number): void => {
    // `[...xs].sort()`, `xs.slice().reverse()`: the changed object was just made, nobody else holds it.
    if (isFreshValue(target, scopes)) return;
    const { root, depth } = objectRoot(target);
    const binding = root ? scopes.resolve(root) : undefined;
    facts.mutations.push({ node, root, binding, depth: depth + extraDepth });
    if (root && !binding) facts.globalWrites.set(root.text, root);
  };

  const recordRead = (id: ts.Identifier): void => {
    const binding = scopes.resolve(id);
    if (!binding) {
      if (!facts.globals.has(id.text)) facts.globals.set(id.text, id);
      return;
    }
    if (!inside(binding) && !facts.reads.has(binding)) facts.reads.set(binding, id);
  };

  const recordWrite = (id: ts.Identifier, value: ts.Expression | undefined): void => {
    const binding = scopes.resolve(id);
    if (!binding) {
      facts.globalWrites.set(id.text, id);
      return;
    }
    if (inside(binding)) facts.localStores.push({ binding, value });
    else if (!facts.writes.has(binding)) facts.writes.set(binding, id);
  };

  /** Assignment targets: identifiers are writes, property accesses change an object, patterns recurse. */
  const writeTarget = (target: ts.Expression, value: ts.Expression | undefined, alsoRead: boolean): void => {
    const t = unwrap(target);
    if (ts.isArrayLiteralExpression(t)) {
      for (const element of t.elements) writeTarget(ts.isSpreadElement(element) ? element.expression : element, undefined, false);
      return;
    }
    if (ts.isObjectLiteralExpression(t)) {
      for (const property of t.properties) {
        if (ts.isShorthandPropertyAssignment(property)) {
          writeTarget(property.name, undefined, false);
          if (property.objectAssignmentInitializer) stack.push(property.objectAssignmentInitializer);
        } else if (ts.isPropertyAssignment(property)) {
          if (ts.isComputedPropertyName(property.name)) stack.push(property.name.expression);
          writeTarget(property.initializer, undefined, false);
        } else if (ts.isSpreadAssignment(property)) writeTarget(property.expression, undefined, false);
      }
      return;
    }
    if (ts.isBinaryExpression(t) && t.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      writeTarget(t.left, undefined, false); // a default value in a destructuring target
      stack.push(t.right);
      return;
    }
    if (ts.isIdentifier(t)) {
      recordWrite(t, value);
      if (alsoRead) recordRead(t);
      return;
    }
    if (ts.isPropertyAccessExpression(t) || ts.isElementAccessExpression(t)) {
      recordMutation(t, t.expression, 0);
      stack.push(t.expression);
      if (ts.isElementAccessExpression(t)) stack.push(t.argumentExpression);
      return;
    }
    stack.push(t);
  };

  const stack: ts.Node[] = [...roots].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    switch (node.kind) {
      case ts.SyntaxKind.Identifier: {
        const id = node as ts.Identifier;
        if (!isReferenceIdentifier(id)) continue;
        if (id.text === 'arguments' && !scopes.resolve(id) && !ownsThis(id, true)) {
          fail(id, `${who} uses \`arguments\` of the function around it (line ${line(id)})`);
          continue;
        }
        recordRead(id);
        continue;
      }
      case ts.SyntaxKind.ThisKeyword:
        if (!ownsThis(node, false)) fail(node, `${who} uses \`this\` (line ${line(node)}), which cannot be sent to a worker thread`);
        continue;
      case ts.SyntaxKind.SuperKeyword:
        if (!ownsThis(node, false)) fail(node, `${who} uses \`super\` (line ${line(node)})`);
        continue;
      case ts.SyntaxKind.AwaitExpression:
        fail(node, `${who} awaits (line ${line(node)}): it already gives the event loop back, and a worker cannot await the main thread's promises`);
        break;
      case ts.SyntaxKind.YieldExpression:
        fail(node, `${who} yields (line ${line(node)})`);
        break;
      case ts.SyntaxKind.ForOfStatement:
        if ((node as ts.ForOfStatement).awaitModifier) fail(node, `${who} contains \`for await\` (line ${line(node)})`);
        break;
      case ts.SyntaxKind.ReturnStatement:
        if (!nearestFunction(node)) fail(node, `${who} returns from the function around it (line ${line(node)})`);
        break;
      case ts.SyntaxKind.BreakStatement:
      case ts.SyntaxKind.ContinueStatement: {
        const jump = node as ts.BreakOrContinueStatement;
        if (jump.label && !labelDeclaredWithin(jump, jump.label.text, rootSet)) {
          fail(node, `${who} jumps to the label \`${jump.label.text}\` outside it (line ${line(node)})`);
        }
        break;
      }
      case ts.SyntaxKind.MetaProperty:
        fail(node, `${who} uses \`${node.getText(sourceFile)}\` (line ${line(node)}), which means something else in a worker module`);
        continue;
      case ts.SyntaxKind.CallExpression: {
        const call = node as ts.CallExpression;
        if (call.expression.kind === ts.SyntaxKind.ImportKeyword) fail(node, `${who} imports a module dynamically (line ${line(node)})`);
        noteCall(call);
        break;
      }
      case ts.SyntaxKind.NewExpression:
        break;
      case ts.SyntaxKind.JsxElement:
      case ts.SyntaxKind.JsxSelfClosingElement:
      case ts.SyntaxKind.JsxFragment:
        fail(node, `${who} contains JSX (line ${line(node)})`);
        continue;
      case ts.SyntaxKind.WithStatement:
        fail(node, '`with` cannot be analysed');
        continue;
      case ts.SyntaxKind.TypeReference: {
        const name = (node as ts.TypeReferenceNode).typeName;
        facts.typeNames.push(leftmost(name));
        for (const arg of (node as ts.TypeReferenceNode).typeArguments ?? []) stack.push(arg);
        continue;
      }
      case ts.SyntaxKind.ExpressionWithTypeArguments: {
        const e = (node as ts.ExpressionWithTypeArguments);
        if (ts.isHeritageClause(e.parent) && e.parent.token === ts.SyntaxKind.ImplementsKeyword) {
          const target = e.expression;
          if (ts.isIdentifier(target)) facts.typeNames.push(target);
          else if (ts.isPropertyAccessExpression(target)) facts.typeNames.push(leftmost(target));
          for (const arg of e.typeArguments ?? []) stack.push(arg);
          continue;
        }
        break;
      }
      case ts.SyntaxKind.TypeParameter:
        facts.localTypeParameters.add((node as ts.TypeParameterDeclaration).name.text);
        break;
      case ts.SyntaxKind.VariableDeclaration: {
        const decl = node as ts.VariableDeclaration;
        if (ts.isIdentifier(decl.name)) {
          const binding = scopes.resolve(decl.name);
          const isLoopVariable = ts.isVariableDeclarationList(decl.parent) && (ts.isForOfStatement(decl.parent.parent) || ts.isForInStatement(decl.parent.parent));
          if (binding) facts.localStores.push({ binding, value: isLoopVariable ? undefined : decl.initializer ?? FRESH_UNDEFINED });
        } else {
          for (const id of patternIdentifiers(decl.name)) {
            const binding = scopes.resolve(id);
            if (binding) facts.localStores.push({ binding, value: undefined });
          }
          stack.push(decl.name);
        }
        if (decl.type) stack.push(decl.type);
        if (decl.initializer) stack.push(decl.initializer);
        continue;
      }
      case ts.SyntaxKind.Parameter:
      case ts.SyntaxKind.BindingElement:
      case ts.SyntaxKind.CatchClause:
        // Parameters, destructured names and catch variables hold values that come from elsewhere.
        for (const id of declaredIdentifiers(node)) {
          const binding = scopes.resolve(id);
          if (binding) facts.localStores.push({ binding, value: undefined });
        }
        break;
      case ts.SyntaxKind.BinaryExpression: {
        const binary = node as ts.BinaryExpression;
        if (isAssignmentOperator(binary.operatorToken.kind)) {
          const plain = binary.operatorToken.kind === ts.SyntaxKind.EqualsToken;
          const logical = binary.operatorToken.kind === ts.SyntaxKind.QuestionQuestionEqualsToken ||
            binary.operatorToken.kind === ts.SyntaxKind.BarBarEqualsToken || binary.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandEqualsToken;
          // `x = v` and `x ??= v` store v; arithmetic compound assignments store a primitive.
          writeTarget(binary.left, plain || logical ? binary.right : PRIMITIVE_RESULT, !plain);
          stack.push(binary.right);
          continue;
        }
        break;
      }
      case ts.SyntaxKind.PrefixUnaryExpression:
      case ts.SyntaxKind.PostfixUnaryExpression: {
        const unary = node as ts.PrefixUnaryExpression | ts.PostfixUnaryExpression;
        if (unary.operator === ts.SyntaxKind.PlusPlusToken || unary.operator === ts.SyntaxKind.MinusMinusToken) {
          writeTarget(unary.operand, PRIMITIVE_RESULT, true);
          continue;
        }
        break;
      }
      case ts.SyntaxKind.DeleteExpression: {
        const target = unwrap((node as ts.DeleteExpression).expression);
        if (ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) recordMutation(node, target.expression, 0);
        break;
      }
      case ts.SyntaxKind.ForInStatement: {
        const loop = node as ts.ForInStatement;
        if (!ts.isVariableDeclarationList(loop.initializer)) {
          writeTarget(loop.initializer, undefined, false);
          stack.push(loop.expression, loop.statement);
          continue;
        }
        break;
      }
      default:
        break;
    }
    if (node.kind === ts.SyntaxKind.ForOfStatement) {
      const loop = node as ts.ForOfStatement;
      if (!ts.isVariableDeclarationList(loop.initializer)) {
        writeTarget(loop.initializer, undefined, false);
        stack.push(loop.statement, loop.expression);
        continue;
      }
    }
    const children: ts.Node[] = [];
    ts.forEachChild(node, (child) => {
      children.push(child);
    });
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return facts;

  function noteCall(call: ts.CallExpression): void {
    const callee = unwrap(call.expression);
    const name = calleeName(call);
    if (ts.isPropertyAccessExpression(callee) && name) {
      const receiver = callee.expression;
      if (MUTATING_METHODS.has(name) || MUTATING_METHOD_PATTERN.test(name)) recordMutation(call, receiver, 0);
      else if ((name === 'exec' || name === 'test') && mayBeStatefulRegex(receiver, scopes)) recordMutation(call, receiver, 0);
    }
    // `Array.prototype.push.call(xs, …)`, `[].splice.apply(xs, …)` change their first argument.
    if ((name === 'call' || name === 'apply') && ts.isPropertyAccessExpression(callee) && ts.isPropertyAccessExpression(unwrap(callee.expression))) {
      const method = (unwrap(callee.expression) as ts.PropertyAccessExpression).name.text;
      const target = call.arguments[0];
      if ((MUTATING_METHODS.has(method) || MUTATING_METHOD_PATTERN.test(method)) && target && !ts.isSpreadElement(target)) recordMutation(call, target, 0);
    }
    const written = name !== undefined ? ARGUMENT_WRITERS.get(name) : undefined;
    const argument = written !== undefined ? call.arguments[written] : undefined;
    if (argument && !ts.isSpreadElement(argument)) recordMutation(call, argument, 0);
    // `Atomics.add(view, …)` and friends write into their first argument.
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Atomics' && call.arguments[0]) {
      recordMutation(call, call.arguments[0], 0);
    }
  }
}

/** Sentinels for stores whose value is not an expression of the code. */
const FRESH_UNDEFINED = ts.factory.createIdentifier('undefined');
export const PRIMITIVE_RESULT = ts.factory.createNumericLiteral(0);

/** `re.exec()`/`re.test()` move `lastIndex` of global and sticky regular expressions. */
function mayBeStatefulRegex(receiver: ts.Expression, scopes: ScopeIndex): boolean {
  const e = unwrap(receiver);
  if (ts.isRegularExpressionLiteral(e)) return /\/[a-z]*[gy][a-z]*$/.test(e.text);
  if (!ts.isIdentifier(e)) return true;
  const binding = scopes.resolve(e);
  const decl = binding?.declaration.parent;
  if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isRegularExpressionLiteral(decl.initializer)) {
    return /\/[a-z]*[gy][a-z]*$/.test(decl.initializer.text);
  }
  return true;
}

function labelDeclaredWithin(node: ts.Node, label: string, roots: ReadonlySet<ts.Node>): boolean {
  for (let p: ts.Node | undefined = node.parent; p; p = p.parent) {
    if (ts.isLabeledStatement(p) && p.label.text === label) return true;
    if (roots.has(p)) return false;
    if (isFunctionScope(p)) return false;
  }
  return false;
}

function leftmost(name: ts.EntityName | ts.PropertyAccessExpression): ts.Identifier {
  let n: ts.Node = name;
  while (ts.isQualifiedName(n) || ts.isPropertyAccessExpression(n)) n = ts.isQualifiedName(n) ? n.left : n.expression;
  return n as ts.Identifier;
}

function patternIdentifiers(name: ts.BindingName): ts.Identifier[] {
  const out: ts.Identifier[] = [];
  const stack: ts.BindingName[] = [name];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (ts.isIdentifier(n)) out.push(n);
    else for (const element of n.elements) if (ts.isBindingElement(element)) stack.push(element.name);
  }
  return out;
}

function declaredIdentifiers(node: ts.Node): ts.Identifier[] {
  if (ts.isParameter(node)) return patternIdentifiers(node.name);
  if (ts.isBindingElement(node)) return ts.isIdentifier(node.name) ? [node.name] : [];
  if (ts.isCatchClause(node) && node.variableDeclaration) return patternIdentifiers(node.variableDeclaration.name);
  return [];
}

/**
 * Does the expression evaluate to an object nobody else holds (a literal, `new X()`, a parsed or cloned
 * value, a new array from a copying method)? Primitives count too: they cannot be shared.
 */
export function isFreshValue(expression: ts.Expression | undefined, scopes: ScopeIndex): boolean {
  if (!expression) return false;
  if (expression === PRIMITIVE_RESULT || expression === FRESH_UNDEFINED) return true;
  const e = unwrap(expression);
  switch (e.kind) {
    case ts.SyntaxKind.NumericLiteral:
    case ts.SyntaxKind.BigIntLiteral:
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
    case ts.SyntaxKind.TemplateExpression:
    case ts.SyntaxKind.TrueKeyword:
    case ts.SyntaxKind.FalseKeyword:
    case ts.SyntaxKind.NullKeyword:
    case ts.SyntaxKind.RegularExpressionLiteral:
    case ts.SyntaxKind.ArrayLiteralExpression:
    case ts.SyntaxKind.ObjectLiteralExpression:
    case ts.SyntaxKind.NewExpression:
    case ts.SyntaxKind.PrefixUnaryExpression:
    case ts.SyntaxKind.PostfixUnaryExpression:
    case ts.SyntaxKind.TypeOfExpression:
    case ts.SyntaxKind.VoidExpression:
      return true;
    case ts.SyntaxKind.Identifier:
      return (e as ts.Identifier).text === 'undefined' && !scopes.resolve(e as ts.Identifier);
    case ts.SyntaxKind.BinaryExpression: {
      const op = (e as ts.BinaryExpression).operatorToken.kind;
      // `a ?? b`, `a || b`, `a && b` and `a, b` may give back one of their operands.
      if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.AmpersandAmpersandToken ||
          op === ts.SyntaxKind.CommaToken || isAssignmentOperator(op)) return false;
      return true; // arithmetic, comparison, string concatenation: primitives
    }
    case ts.SyntaxKind.ConditionalExpression:
      return isFreshValue((e as ts.ConditionalExpression).whenTrue, scopes) && isFreshValue((e as ts.ConditionalExpression).whenFalse, scopes);
    case ts.SyntaxKind.CallExpression: {
      const call = e as ts.CallExpression;
      const callee = unwrap(call.expression);
      if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && !scopes.resolve(callee.expression)) {
        const owner = callee.expression.text;
        const method = callee.name.text;
        if (owner === 'JSON' && method === 'parse') return true;
        if (owner === 'Array' && (method === 'from' || method === 'of')) return true;
        if (owner === 'Object' && (method === 'fromEntries' || method === 'entries' || method === 'keys' || method === 'values')) return true;
        if (owner === 'Buffer' && (method === 'from' || method === 'alloc' || method === 'concat')) return true;
        if (owner === 'Math' || owner === 'Number' || owner === 'String') return true;
      }
      if (ts.isIdentifier(callee) && !scopes.resolve(callee) && ['structuredClone', 'String', 'Number', 'Boolean', 'BigInt', 'parseInt', 'parseFloat', 'Array', 'Symbol'].includes(callee.text)) return true;
      // Copying methods: a new array (or string) every time.
      if (ts.isPropertyAccessExpression(callee) && COPYING_METHODS.has(callee.name.text)) return true;
      return false;
    }
    default:
      return false;
  }
}

const COPYING_METHODS = new Set([
  'slice', 'map', 'filter', 'concat', 'flat', 'flatMap', 'toSorted', 'toReversed', 'toSpliced', 'with', 'split',
  'match', 'matchAll', 'keys', 'values', 'entries', 'toString', 'toFixed', 'join', 'trim', 'toLowerCase', 'toUpperCase',
  'digest', 'padStart', 'padEnd', 'repeat', 'replace', 'replaceAll', 'charAt', 'charCodeAt', 'codePointAt', 'indexOf',
  'includes', 'startsWith', 'endsWith', 'localeCompare', 'substring',
]);
