import { ts } from 'ts-morph';
import { collectAccesses, isAssignmentOperator, rootOf, type Accesses } from './data-flow';
import { BODY_READERS, classifyAwaitedOperation, classifyOperation, conflicts, independentOperations, isCalendarComputation, isClockRead, isGuardCall, isInstrumentationCall, isKnownSynchronousCall, isPureCall, type CallEffect, type SequencingIntent } from './effects';
import type { TypeOracle } from './rule';
import { classMethodNamed, functionOfBinding, isFunctionScope, memoKind, sameFileCallee, type Binding, type ScopeIndex } from './scope';
import { isWithin, stripExpression as strip } from './index-loop';

/**
 * May two await statements of one statement list overlap (PRECISION.md, the five conditions)?
 * And, over a whole statement list, the maximal runs of awaits that may. Shared by the
 * sequential-awaits rule (which reports the runs) and the Promise.all fix (which rewrites them and
 * needs the same answer, plus the statements between the awaits that it has to move after the group).
 *
 * Timing model behind the checks: in `const [a, b] = await Promise.all([f(), g()])` both operands are
 * evaluated (synchronously, in order) before either result exists, and every result is assigned after
 * all have settled. So a later operand must not use an earlier *result*, while writing a result can
 * no longer disturb an operation that was already started.
 */

export interface IndependenceEnv {
  readonly scopes: ScopeIndex;
  readonly types: TypeOracle | undefined;
  /** The function (or source file) whose statements are analysed. */
  readonly owner: ts.Node;
  /** Bindings that hold a transaction/connection inside one (`trx` of `db.transaction(async (trx) => …)`, a client after `BEGIN`). */
  readonly transactionBindings: ReadonlySet<Binding>;
  /** Receiver texts (for `this.x` receivers) that began a transaction in this function. */
  readonly transactionReceivers: ReadonlySet<string>;
  /** Per-env cache of what `this.method()` bodies write. */
  readonly methodWrites: Map<string, boolean>;
}

/** Where an await's result goes. The write happens after every operation of a group has settled. */
export interface ResultTarget {
  kind: 'discard' | 'declare' | 'assign';
  /** Bindings declared or assigned. */
  writes: Set<Binding>;
  /** Undeclared names assigned (globals). */
  freeWrites: Set<string>;
  /** `this.<name> = await …` */
  thisWrites: Set<string>;
  /** `obj.a.b = await …`: the object binding changed and the property path written. */
  property: { root: Binding | string; path: string } | undefined;
  /** Reads done by the target itself (element keys, default values in patterns). */
  reads: Accesses | undefined;
}

export interface AwaitMember {
  statement: ts.Statement;
  awaitExpression: ts.AwaitExpression;
  /** The awaited call, `new` or tagged template (parentheses and assertions stripped). */
  operation: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression;
  effect: CallEffect;
  label: string;
  /** What evaluating the awaited operand touches (arguments, callbacks passed to it). */
  operand: Accesses;
  target: ResultTarget;
  /** What the member changes and reads, for the pairwise checks: computed on first use (see footprintOf). */
  footprint?: Footprint;
}

export type StatementRole =
  | { kind: 'member'; member: AwaitMember }
  /** Ends any group: effects, control transfer, an await that cannot join. */
  | { kind: 'barrier'; reason: string }
  /** Runs no await and changes nothing outside local variables: may sit between members (the fix moves it after them). */
  | { kind: 'between'; accesses: Accesses }
  /** Does nothing when reached (function/type declarations). */
  | { kind: 'neutral' };

export interface AwaitGroup {
  members: AwaitMember[];
  /** Statements between the first and the last member that are not members (to be moved after the group). */
  between: ts.Statement[];
  /**
   * Statements between members that a later member needs and that need nothing of the earlier ones
   * (`const key = \`recent:${userId}\``): they move above the group instead. In source order.
   */
  hoisted: ts.Statement[];
}

// ---------------------------------------------------------------------------------------------
// Environment

const TRANSACTION_METHODS = new Set([
  'query', 'execute', 'exec', 'raw', 'begin', 'beginTransaction', 'startTransaction', 'transaction', '$transaction',
  'withTransaction', 'startSession', 'transact',
]);

/**
 * A class, not an object literal with getters: V8 builds such a literal on a slow path that does not
 * leave it in the young generation, and the old object then kept its function's whole tree alive
 * through every minor GC (0.8 s of copying on the generated 2,000-file corpus).
 */
class Env implements IndependenceEnv {
  readonly methodWrites = new Map<string, boolean>();
  private scanned: { bindings: Set<Binding>; receivers: Set<string> } | undefined;

  constructor(readonly owner: ts.Node, readonly scopes: ScopeIndex, readonly types: TypeOracle | undefined) {}

  /** Asked for on the first member only: most functions never begin a transaction. */
  private scan(): { bindings: Set<Binding>; receivers: Set<string> } {
    return (this.scanned ??= scanTransactions(this.owner, this.scopes));
  }

  get transactionBindings(): ReadonlySet<Binding> {
    return this.scan().bindings;
  }

  get transactionReceivers(): ReadonlySet<string> {
    return this.scan().receivers;
  }
}

export function createIndependenceEnv(owner: ts.Node, scopes: ScopeIndex, types: TypeOracle | undefined): IndependenceEnv {
  return new Env(owner, scopes, types);
}

/** `BEGIN`, `startTransaction()`, `transaction(async (trx) => …)` somewhere in the body (cheap text test first). */
const TRANSACTION_TEXT = /begin|transact|start\s*transaction|session/i;

function scanTransactions(owner: ts.Node, scopes: ScopeIndex): { bindings: Set<Binding>; receivers: Set<string> } {
  const bindings = new Set<Binding>();
  const receivers = new Set<string>();

  // A callback handed to a transaction API runs inside it: its parameters are the transaction.
  if (isFunctionScope(owner) && owner.parent && ts.isCallExpression(owner.parent) && owner.parent.arguments.includes(owner as ts.Expression)) {
    const effect = classifyOperation(owner.parent, scopes);
    if (effect.intent === 'transaction') {
      for (const parameter of owner.parameters) {
        if (ts.isIdentifier(parameter.name)) {
          const binding = scopes.resolve(parameter.name);
          if (binding) bindings.add(binding);
        }
      }
    }
  }

  // `await client.query('BEGIN')`, `await queryRunner.startTransaction()`: that receiver is in a transaction from here on.
  const body = bodyOf(owner);
  if (!body || !TRANSACTION_TEXT.test(body.getSourceFile().text.slice(body.pos, body.end))) return { bindings, receivers };
  const stack: ts.Node[] = [body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node !== body && (isFunctionScope(node) || ts.isClassLike(node))) continue;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && TRANSACTION_METHODS.has(node.expression.name.text)) {
      const effect = classifyOperation(node, scopes);
      if (effect.intent === 'transaction') {
        const receiver = node.expression.expression;
        const root = rootOf(receiver);
        if (root && ts.isIdentifier(root)) {
          const binding = scopes.resolve(root);
          if (binding) bindings.add(binding);
        } else if (root) {
          receivers.add(compact(receiver));
        }
      }
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return { bindings, receivers };
}

function bodyOf(owner: ts.Node): ts.Node | undefined {
  if (ts.isSourceFile(owner)) return owner;
  if (isFunctionScope(owner)) return owner.body;
  return owner;
}

function compact(node: ts.Node): string {
  return node.getText().replace(/\s+/g, '');
}

// ---------------------------------------------------------------------------------------------
// One statement

/** `await x`, `(await x).data`, `(await x) as T`: the await whose result the expression is, if any. */
export function awaitOfResult(expression: ts.Expression): ts.AwaitExpression | undefined {
  let e = strip(expression);
  // `(await f()).data`, `(await pool.query(…)).rows[0].total`: a part of the result, read after the await.
  while ((ts.isPropertyAccessExpression(e) || (ts.isElementAccessExpression(e) && ts.isLiteralExpression(strip(e.argumentExpression)))) &&
    !e.questionDotToken) e = strip(e.expression);
  if (ts.isAwaitExpression(e)) return e;
  // `JSON.parse(await readFile(path, 'utf8'))`: the value of the await, passed through a built-in conversion.
  const wrapped = valueWrapperOf(e);
  return wrapped?.inner;
}

/** Built-ins that turn an awaited value into another, synchronously: `JSON.parse(await …)`, `Number(await …)`. */
const VALUE_WRAPPERS = new Set(['JSON.parse', 'Number', 'String', 'Boolean', 'BigInt', 'parseInt', 'parseFloat', 'Buffer.from']);

/** `JSON.parse(await op, …)`: the wrapping call and its await, when the await is the first argument and the only one. */
export function valueWrapperOf(expression: ts.Expression): { call: ts.CallExpression; inner: ts.AwaitExpression } | undefined {
  const e = strip(expression);
  if (!ts.isCallExpression(e) || e.arguments.length === 0 || !VALUE_WRAPPERS.has(e.expression.getText())) return undefined;
  const first = strip(e.arguments[0]!);
  if (!ts.isAwaitExpression(first)) return undefined;
  if (e.arguments.slice(1).some((a) => containsAwait(a))) return undefined;
  return { call: e, inner: first };
}

function emptyTarget(kind: ResultTarget['kind']): ResultTarget {
  return { kind, writes: new Set(), freeWrites: new Set(), thisWrites: new Set(), property: undefined, reads: undefined };
}

/** Recognise the statement shapes a group can hold; undefined when the statement is not one. */
function memberShape(statement: ts.Statement, scopes: ScopeIndex): { awaitExpression: ts.AwaitExpression; target: ResultTarget } | undefined {
  if (ts.isExpressionStatement(statement)) {
    const expression = strip(statement.expression);
    if (ts.isAwaitExpression(expression)) return { awaitExpression: expression, target: emptyTarget('discard') };
    if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const awaitExpression = awaitOfResult(expression.right);
      if (!awaitExpression) return undefined;
      const target = assignmentTarget(expression.left, scopes);
      return target ? { awaitExpression, target } : undefined;
    }
    return undefined;
  }
  if (ts.isVariableStatement(statement)) {
    const list = statement.declarationList;
    if (isAwaitUsing(list)) return undefined; // disposes with an await at scope exit
    if (list.declarations.length !== 1) return undefined;
    const declaration = list.declarations[0]!;
    if (!declaration.initializer) return undefined;
    const awaitExpression = awaitOfResult(declaration.initializer);
    if (!awaitExpression) return undefined;
    const target = declaredTarget(declaration, scopes);
    if (!ts.isIdentifier(declaration.name)) target.reads = collectAccesses(declaration.name, scopes); // defaults, computed keys
    return { awaitExpression, target };
  }
  return undefined;
}

/**
 * A declaration whose one await sits inside its initializer: `const title = \`${(await jira.getIssue(key)).summary}\``,
 * `const totals = sumCharges(await stripe.charges.list(q), currency)`. Everything else the initializer calls runs
 * after the await, and must change nothing (pure built-ins, logging, or a plain helper of this file); whatever it
 * reads counts as read by the await, so a later await that needs it stays apart.
 */
function embeddedMemberShape(statement: ts.Statement, scopes: ScopeIndex): { awaitExpression: ts.AwaitExpression; target: ResultTarget } | undefined {
  if (!ts.isVariableStatement(statement) || isAwaitUsing(statement.declarationList) || statement.declarationList.declarations.length !== 1) return undefined;
  const declaration = statement.declarationList.declarations[0]!;
  const initializer = declaration.initializer;
  if (!initializer) return undefined;
  const awaits = unconditionalAwaits(initializer);
  if (!awaits || awaits.length !== 1) return undefined;
  const awaitExpression = awaits[0]!;
  const rest = collectAccesses(initializer, scopes);
  for (const call of rest.calls) {
    if (call.pos >= awaitExpression.pos && call.end <= awaitExpression.end) continue;
    if (!(isPureCall(call, scopes) || isInstrumentationCall(call, scopes) || isPlainLocalHelper(call, scopes))) return undefined;
  }
  const target = declaredTarget(declaration, scopes);
  if (!ts.isIdentifier(declaration.name)) collectAccesses(declaration.name, scopes, rest);
  rest.awaits = rest.awaits.filter((a) => a !== awaitExpression); // the member's own await, not one nested in it
  target.reads = rest;
  return { awaitExpression, target };
}

/** `sumCharges(list, currency)`: a plain function of this file that computes a value and changes nothing outside itself. */
function isPlainLocalHelper(call: ts.CallExpression | ts.NewExpression, scopes: ScopeIndex): boolean {
  if (!ts.isCallExpression(call)) return false;
  const callee = strip(call.expression);
  const fn = ts.isIdentifier(callee) ? functionOfBinding(scopes.resolve(callee)) : undefined;
  if (!fn?.body || !returnsPlainValue(call, scopes)) return false;
  const body = bodySummary(fn, scopes);
  if (body.changesOutside || body.accesses.awaits.length > 0) return false;
  return body.accesses.calls.every((c) => isPureCall(c, scopes) || isInstrumentationCall(c, scopes));
}

export interface BodySummary {
  /** Everything the body reads, writes and calls (nested callbacks included). */
  accesses: Accesses;
  /** Bindings declared outside the function that the body reads, assigns or changes. */
  outerReads: Binding[];
  outerWrites: Binding[];
  outerMutates: Binding[];
  /** It assigns or changes something outside itself: outer bindings, `this`, globals, an outer object through a method. */
  changesOutside: boolean;
}

const BODY_SUMMARIES = memoKind<ts.Node, BodySummary>('body summaries');

/** What a function of this file does to the world outside it, walked once per function (see `functionOfBinding`). */
export function bodySummary(fn: ts.FunctionLikeDeclaration, scopes: ScopeIndex): BodySummary {
  const summaries = scopes.memo(BODY_SUMMARIES);
  let summary = summaries.get(fn);
  if (summary) return summary;
  const accesses = collectAccesses(fn.body!, scopes);
  const outside = (b: Binding): boolean => !isWithin(b.scope, fn);
  const outerWrites = [...accesses.writes].filter(outside);
  const outerMutates = [...accesses.mutates].filter(outside);
  summary = {
    accesses,
    outerReads: [...accesses.reads].filter(outside),
    outerWrites,
    outerMutates,
    changesOutside: outerWrites.length > 0 || outerMutates.length > 0 || accesses.thisWrites.size > 0 || accesses.freeWrites.size > 0 ||
      accesses.methodMutations.some((m) => outside(m.binding)),
  };
  summaries.set(fn, summary);
  return summary;
}

/** The names a declaration binds, as the target its initializer's result is written to. */
function declaredTarget(declaration: ts.VariableDeclaration, scopes: ScopeIndex): ResultTarget {
  const target = emptyTarget('declare');
  const names: ts.Identifier[] = [];
  collectNames(declaration.name, names);
  for (const id of names) {
    const binding = scopes.resolve(id);
    if (binding) target.writes.add(binding);
  }
  return target;
}

/** `await using x = …` (AwaitUsing shares its bits with Const, so compare the whole mask). */
function isAwaitUsing(list: ts.VariableDeclarationList): boolean {
  return (list.flags & ts.NodeFlags.BlockScoped) === ts.NodeFlags.AwaitUsing;
}

function collectNames(name: ts.BindingName, out: ts.Identifier[]): void {
  if (ts.isIdentifier(name)) {
    out.push(name);
    return;
  }
  for (const element of name.elements) if (ts.isBindingElement(element)) collectNames(element.name, out);
}

function assignmentTarget(left: ts.Expression, scopes: ScopeIndex): ResultTarget | undefined {
  const target = emptyTarget('assign');
  const l = strip(left);
  if (ts.isIdentifier(l)) {
    const binding = scopes.resolve(l);
    if (binding) {
      if (binding.kind === 'import' || binding.kind === 'const') return undefined;
      target.writes.add(binding);
    } else {
      target.freeWrites.add(l.text);
    }
    return target;
  }
  if (ts.isPropertyAccessExpression(l) || ts.isElementAccessExpression(l)) {
    const root = rootOf(l);
    if (!root) return undefined;
    if (root.kind === ts.SyntaxKind.ThisKeyword) {
      if (ts.isPropertyAccessExpression(l) && l.expression.kind === ts.SyntaxKind.ThisKeyword) {
        target.thisWrites.add(l.name.text);
        return target;
      }
      target.thisWrites.add('*');
      return target;
    }
    const binding = scopes.resolve(root as ts.Identifier);
    target.property = { root: binding ?? (root as ts.Identifier).text, path: propertyPath(l) };
    // obj[key] = …: the key is read (the object itself is what changes, tracked as `property`).
    target.reads = elementKeyReads(l, scopes);
    return target;
  }
  return undefined; // destructuring assignment: rare with await, left to a human
}

function elementKeyReads(target: ts.Expression, scopes: ScopeIndex): Accesses | undefined {
  let reads: Accesses | undefined;
  let e = strip(target);
  while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    if (ts.isElementAccessExpression(e)) reads = collectAccesses(e.argumentExpression, scopes, reads);
    e = strip(e.expression);
  }
  return reads;
}

/** `a.b[c].d` → "b.?.d" (computed parts are wildcards). */
function propertyPath(expression: ts.Expression): string {
  const parts: string[] = [];
  let e = strip(expression);
  while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    if (ts.isPropertyAccessExpression(e)) parts.push(e.name.text);
    else parts.push(ts.isStringLiteralLike(e.argumentExpression) || ts.isNumericLiteral(e.argumentExpression) ? e.argumentExpression.text : '?');
    e = strip(e.expression);
  }
  return parts.reverse().join('.');
}

function pathsOverlap(a: string, b: string): boolean {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] === '?' || pb[i] === '?') return true;
    if (pa[i] !== pb[i]) return false;
  }
  return true; // one is a prefix of the other
}

const NEUTRAL_KINDS = new Set([
  ts.SyntaxKind.FunctionDeclaration, ts.SyntaxKind.InterfaceDeclaration, ts.SyntaxKind.TypeAliasDeclaration,
  ts.SyntaxKind.EmptyStatement,
]);

/** The role a statement plays for grouping. */
export function roleOf(statement: ts.Statement, env: IndependenceEnv): StatementRole {
  return roleAsking(statement, env, true);
}

/** `askTypes` false: an await the checker would call "not a promise" is still a member (findAwaitGroups asks later). */
function roleAsking(statement: ts.Statement, env: IndependenceEnv, askTypes: boolean): StatementRole {
  if (NEUTRAL_KINDS.has(statement.kind)) return { kind: 'neutral' };
  const shape = memberShape(statement, env.scopes) ?? embeddedMemberShape(statement, env.scopes);
  if (!shape) {
    // Any await inside makes it a barrier; finding one stops early, where collecting every access would not.
    if (ts.isVariableStatement(statement) && isAwaitUsing(statement.declarationList)) return { kind: 'barrier', reason: 'await-using' };
    if (containsAwait(statement)) return { kind: 'barrier', reason: 'await-in-other-position' };
    const accesses = collectAccesses(statement, env.scopes);
    const impurity = impurityOf(accesses, env);
    return impurity ? { kind: 'barrier', reason: impurity } : { kind: 'between', accesses };
  }
  return memberRole(statement, shape.awaitExpression, shape.target, env, askTypes);
}

function memberRole(statement: ts.Statement, awaitExpression: ts.AwaitExpression, target: ResultTarget, env: IndependenceEnv, askTypes: boolean): StatementRole {
  const operand = collectAccesses(awaitExpression.expression, env.scopes);
  if (target.reads) mergeInto(operand, target.reads);
  addClosureAccesses(operand, env.scopes);
  // `await (await fetch(url)).json()`: one request and the reading of its body, the idiom for a GET.
  const bodyRead = readsBodyOf(awaitExpression.expression);
  const nestedOnlyInBodyRead = bodyRead !== undefined && operand.awaits.length === 1 && operand.awaits[0] === bodyRead.inner;
  if ((operand.awaits.length > 0 && !nestedOnlyInBodyRead) || operand.forAwaits.length > 0) return { kind: 'barrier', reason: 'nested-await' };
  if (operand.hasControlTransfer) return { kind: 'barrier', reason: 'control-transfer' };
  const operation = nestedOnlyInBodyRead ? bodyRead.request : strip(awaitExpression.expression);
  if (!(ts.isCallExpression(operation) || ts.isNewExpression(operation) || ts.isTaggedTemplateExpression(operation))) {
    // `await p` of a promise started earlier, `await value`, `await (c ? a() : b())`: nothing (certain) to overlap.
    return { kind: 'barrier', reason: 'not-an-operation' };
  }
  if (isAlreadyStarted(operation) || isPromiseShortcut(operation, env.scopes)) return { kind: 'barrier', reason: 'not-an-operation' };
  // `await Promise.all([...])` twice in a row is often deliberate batching; it already overlaps inside. A
  // Promise.all of a literal list next to a single independent await may take it in (see overlapBlocker).
  if (isPromiseCombinator(operation, env.scopes) && !isLiteralListCombinator(operation)) return { kind: 'barrier', reason: 'already-concurrent' };
  if (askTypes && env.types && env.types.isThenable(operation) === false) return NOT_A_PROMISE;
  if (!env.types && returnsPlainValue(operation, env.scopes)) return { kind: 'barrier', reason: 'not-a-promise' };
  // `await JSON.parse(text)`: a built-in that returns a plain value.
  if (ts.isCallExpression(operation) && isKnownSynchronousCall(operation, env.scopes)) return { kind: 'barrier', reason: 'not-a-promise' };

  let effect = effectOfAwaited(operation, env.scopes, env.types);
  if (!effect.intent && inTransaction(operation, env)) effect = { ...effect, intent: 'transaction' };
  if (!effect.intent && isGuardCall(operation, target.kind === 'discard')) effect = { ...effect, intent: 'lifecycle' };
  if (!effect.intent && isThisMethodCall(operation)) {
    const pacing = thisMethodPacing(operation as ts.CallExpression, env, 0);
    if (pacing) effect = { ...effect, intent: pacing };
  }
  if (effect.intent) return { kind: 'barrier', reason: effect.intent };
  if (effect.access !== 'unknown' && isThisMethodCall(operation)) {
    const writes = thisMethodWrites(operation as ts.CallExpression, env);
    if (writes) effect = { ...effect, access: 'write', resource: 'this' };
  }
  // A "read" whose result is thrown away is awaited for what it does (loadPlugins(), validate(x)):
  // only known read APIs (fs.access, a GET) are trusted then.
  // A probe (`redis.ping()`, `db.healthCheck()`) is awaited for its round trip, and that is still only a read.
  if (target.kind === 'discard' && effect.access === 'read' && effect.basis !== 'api' && !isProbe(operation)) effect = { ...effect, access: 'unknown' };

  const member: AwaitMember = { statement, awaitExpression, operation, effect, label: effect.label, operand, target };
  return { kind: 'member', member };
}

/**
 * `fetch(url, { headers: authHeaders() })` where `const authHeaders = () => ({ Authorization: \`Bearer ${token}\` })`:
 * calling a function of this file reads (and writes) what its body touches outside itself. One level deep.
 */
function addClosureAccesses(operand: Accesses, scopes: ScopeIndex): void {
  for (const call of [...operand.calls]) {
    const callee = strip(call.expression);
    if (!ts.isIdentifier(callee)) continue;
    const fn = functionOfBinding(scopes.resolve(callee));
    if (!fn?.body) continue;
    const body = bodySummary(fn, scopes);
    for (const b of body.outerReads) operand.reads.add(b);
    for (const b of body.outerWrites) operand.writes.add(b);
    for (const b of body.outerMutates) operand.mutates.add(b);
    for (const name of body.accesses.freeWrites) operand.freeWrites.add(name);
  }
}

/**
 * The effect of an awaited operation for grouping (shared with the Promise.all fix): retry wrappers judged
 * by what they wrap, and `loaders.product(sku)` — a property holding a function, not a method — judged as
 * a call on its own receiver: the object is only a bag of functions.
 */
/** Effects of awaited operations, asked by the rule (for each grouping it tries) and again by the fix. Never changed once made. */
const AWAITED_EFFECTS = memoKind<ts.Node, { types: TypeOracle | undefined; effect: CallEffect }>('effects of awaited operations');

export function effectOfAwaited(operation: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression, scopes: ScopeIndex, types: TypeOracle | undefined): CallEffect {
  const known = scopes.memo(AWAITED_EFFECTS);
  const cached = known.get(operation);
  if (cached && cached.types === types) return cached.effect;
  const effect = computeEffectOfAwaited(operation, scopes, types);
  known.set(operation, { types, effect });
  return effect;
}

function computeEffectOfAwaited(operation: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression, scopes: ScopeIndex, types: TypeOracle | undefined): CallEffect {
  const effect = classifyAwaitedOperation(operation, scopes);
  if (effect.access === 'unknown' && effect.resource?.startsWith('receiver:') && isFunctionValuedProperty(operation, types)) {
    return { ...effect, resource: `${effect.resource}.${((operation as ts.CallExpression).expression as ts.PropertyAccessExpression).name.text}` };
  }
  if (effect.access === 'unknown' && !effect.intent && ts.isCallExpression(operation)) {
    const callee = strip(operation.expression);
    const fn = ts.isIdentifier(callee) ? functionOfBinding(scopes.resolve(callee)) : undefined;
    if (fn && onlyReads(fn, scopes)) return { ...effect, access: 'read', basis: 'name', resource: `fn:${callee.getText()}` };
  }
  return effect;
}

const readOnlyFunctions = new WeakMap<ts.Node, boolean>();

/**
 * `async function probe(url) { const t0 = Date.now(); const res = await fetch(url).catch(() => null); return { ok: …, ms: Date.now() - t0 }; }`:
 * an async function of this file whose every await is a read (by the effects model), that calls nothing else
 * but value-only functions, loggers and clocks, and changes nothing outside itself. Calling it is a read;
 * two calls with different arguments are two lookups. One level deep: a helper that calls another helper is unknown.
 */
function onlyReads(fn: ts.FunctionLikeDeclaration, scopes: ScopeIndex): boolean {
  let known = readOnlyFunctions.get(fn);
  if (known !== undefined) return known;
  readOnlyFunctions.set(fn, false); // a recursive helper is not a plain read
  known = computeOnlyReads(fn, scopes);
  readOnlyFunctions.set(fn, known);
  return known;
}

function computeOnlyReads(fn: ts.FunctionLikeDeclaration, scopes: ScopeIndex): boolean {
  const isAsync = (ts.getCombinedModifierFlags(fn as ts.Declaration) & ts.ModifierFlags.Async) !== 0;
  if (!isAsync || fn.asteriskToken || !fn.body || !ts.isBlock(fn.body)) return false;
  const body = bodySummary(fn, scopes);
  const inner = body.accesses;
  if (body.changesOutside || inner.forAwaits.length > 0 || inner.awaits.length === 0) return false;
  const operations: ts.Node[] = [];
  for (const awaited of inner.awaits) {
    const operation = strip(awaited.expression);
    if (!(ts.isCallExpression(operation) || ts.isNewExpression(operation) || ts.isTaggedTemplateExpression(operation))) return false;
    const effect = classifyAwaitedOperation(operation, scopes);
    if (effect.access !== 'read' || effect.intent || effect.basis !== 'api') return false;
    operations.push(operation);
  }
  const inOperation = (node: ts.Node): boolean => operations.some((o) => node.pos >= o.pos && node.end <= o.end);
  // `return res.json() as Promise<T>`: the body of a response it fetched, handed back unawaited.
  const readsFetchedBody = (call: ts.CallExpression | ts.NewExpression): boolean =>
    ts.isCallExpression(call) && classifyOperation(call, scopes).resource?.startsWith('response:') === true;
  return inner.calls.every((call) => inOperation(call) || isPureCall(call, scopes) || isInstrumentationCall(call, scopes) || isClockRead(call, scopes) ||
    readsFetchedBody(call));
}

/** With types: is `obj.fn` in `obj.fn(x)` a property whose declared type is a function type (not a method)? */
function isFunctionValuedProperty(operation: ts.Node, types: TypeOracle | undefined): boolean {
  if (!types?.withChecker || !ts.isCallExpression(operation) || !ts.isPropertyAccessExpression(operation.expression)) return false;
  return types.withChecker(operation.expression, (checker, node) => {
    const symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(node) ? node.name : node);
    const declarations = symbol?.declarations ?? [];
    return declarations.length > 0 && declarations.every((d) =>
      (ts.isPropertySignature(d) || ts.isPropertyDeclaration(d)) && d.type !== undefined && !ts.isTypeLiteralNode(d.type) &&
      checker.getTypeAtLocation(d).getCallSignatures().length > 0);
  }) === true;
}

/** `(await fetch(url)).json()`: the inner await and its request, when the operand is exactly that. */
export function readsBodyOf(operand: ts.Expression): { inner: ts.AwaitExpression; request: ts.CallExpression; method: string } | undefined {
  const outer = strip(operand);
  if (!ts.isCallExpression(outer) || outer.arguments.length > 0 || !ts.isPropertyAccessExpression(outer.expression)) return undefined;
  if (!BODY_READERS.has(outer.expression.name.text)) return undefined;
  const inner = strip(outer.expression.expression);
  if (!ts.isAwaitExpression(inner)) return undefined;
  const request = strip(inner.expression);
  return ts.isCallExpression(request) ? { inner, request, method: outer.expression.name.text } : undefined;
}

function mergeInto(into: Accesses, from: Accesses): void {
  for (const b of from.reads) into.reads.add(b);
  for (const b of from.writes) into.writes.add(b);
  for (const b of from.mutates) into.mutates.add(b);
  for (const n of from.freeReads) into.freeReads.add(n);
  for (const n of from.freeWrites) into.freeWrites.add(n);
  for (const n of from.thisReads) into.thisReads.add(n);
  for (const n of from.thisWrites) into.thisWrites.add(n);
  into.calls.push(...from.calls);
  into.awaits.push(...from.awaits);
  into.forAwaits.push(...from.forAwaits);
  into.methodMutations.push(...from.methodMutations);
  into.hasControlTransfer ||= from.hasControlTransfer;
}

/** `p.then(…)`, `p.catch(…)` on a promise held in a variable: it already runs. */
function isAlreadyStarted(operation: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression): boolean {
  let e: ts.Expression = operation;
  for (;;) {
    e = strip(e);
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && ['then', 'catch', 'finally'].includes(e.expression.name.text)) {
      e = e.expression.expression;
      continue;
    }
    break;
  }
  return e !== operation && !(ts.isCallExpression(e) || ts.isNewExpression(e) || ts.isTaggedTemplateExpression(e));
}

const PROBE_NAME = /^(ping|healthCheck|healthcheck|checkHealth|isHealthy|isReady)$/;

/** `redis.ping()`, `client.healthCheck()`: a call made to see whether the other side answers. */
function isProbe(operation: ts.Node): boolean {
  if (!ts.isCallExpression(operation)) return false;
  const callee = strip(operation.expression);
  return ts.isPropertyAccessExpression(callee) && PROBE_NAME.test(callee.name.text);
}

/**
 * Without a type checker: is the callee a function of this file that plainly returns no promise?
 * (not async, and either a return type without Promise/Thenable or only plain values returned)
 */
export function returnsPlainValue(operation: ts.Node, scopes: ScopeIndex): boolean {
  if (!ts.isCallExpression(operation)) return false;
  const fn = sameFileCallee(operation, scopes);
  if (!fn) return false;
  if ((ts.getCombinedModifierFlags(fn as ts.Declaration) & ts.ModifierFlags.Async) !== 0) return false;
  if (ts.isFunctionLike(fn) && (fn as ts.FunctionLikeDeclaration).asteriskToken) return false;
  if (fn.type) return !/\b(Promise|PromiseLike|Thenable|Awaitable|MaybePromise|any|unknown)\b/.test(fn.type.getText());
  const body = (fn as ts.FunctionLikeDeclaration).body;
  if (!body) return false;
  if (!ts.isBlock(body)) return isPlainValue(body, scopes);
  let plain = true;
  let returns = 0;
  const stack: ts.Node[] = [body];
  while (stack.length > 0 && plain) {
    const node = stack.pop()!;
    if (isFunctionScope(node)) continue;
    if (ts.isReturnStatement(node)) {
      returns++;
      if (node.expression && !isPlainValue(node.expression, scopes)) plain = false;
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return plain && returns > 0;
}

/** A literal, a name, or an object/array/template/arithmetic built only from those and pure calls (`s.trim()`). */
function isPlainValue(expression: ts.Expression, scopes: ScopeIndex): boolean {
  const stack: ts.Node[] = [expression];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isAwaitExpression(node) || ts.isTaggedTemplateExpression(node)) return false;
    // A callback handed to a pure call (`mine.reduce((n, c) => n + c.amount, 0)`) runs inside it; any other function is the value.
    if (isFunctionScope(node) && !(ts.isCallExpression(node.parent) && node.parent.arguments.some((a) => a === node))) return false;
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && (node === expression || !isPureCall(node, scopes))) return false;
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return true;
}

function isPromiseCombinator(operation: ts.Node, scopes: ScopeIndex): boolean {
  if (!ts.isCallExpression(operation)) return false;
  const callee = strip(operation.expression);
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Promise' &&
    !scopes.resolve(callee.expression) && ['all', 'allSettled', 'race', 'any'].includes(callee.name.text);
}

/** The operations an awaited operand starts: itself, or each call of a literal-list `Promise.all`. */
export function operationsOf(operation: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression, effect: CallEffect,
  env: { scopes: ScopeIndex; types: TypeOracle | undefined }): Array<{ node: ts.Node; effect: CallEffect }> {
  if (!isLiteralListCombinator(operation)) return [{ node: operation, effect }];
  return combinedElements(operation).map((element) =>
    ts.isCallExpression(element) || ts.isNewExpression(element) || ts.isTaggedTemplateExpression(element)
      ? { node: element, effect: effectOfAwaited(element, env.scopes, env.types) }
      : { node: element, effect: { resource: undefined, access: 'unknown' as const, intent: undefined, label: element.getText() } });
}

/** `Promise.all([a(), b()])`, `Promise.allSettled([…])`: a fixed list of operations another one can join. */
function isLiteralListCombinator(operation: ts.Node): boolean {
  if (!ts.isCallExpression(operation)) return false;
  const callee = strip(operation.expression);
  const list = operation.arguments[0] && strip(operation.arguments[0]);
  return ts.isPropertyAccessExpression(callee) && (callee.name.text === 'all' || callee.name.text === 'allSettled') &&
    operation.arguments.length === 1 && list !== undefined && ts.isArrayLiteralExpression(list) && !list.elements.some(ts.isSpreadElement);
}

function combinedElements(operation: ts.Node): ts.Expression[] {
  const list = strip((operation as ts.CallExpression).arguments[0]!) as ts.ArrayLiteralExpression;
  return list.elements.map(strip);
}

/** `Promise.resolve(x)`, `Promise.reject(e)`: a value, not an operation. */
function isPromiseShortcut(operation: ts.Node, scopes: ScopeIndex): boolean {
  if (!ts.isCallExpression(operation)) return false;
  const callee = strip(operation.expression);
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Promise' &&
    !scopes.resolve(callee.expression) && (callee.name.text === 'resolve' || callee.name.text === 'reject');
}

function inTransaction(operation: ts.Expression, env: IndependenceEnv): boolean {
  if (env.transactionBindings.size === 0 && env.transactionReceivers.size === 0) return false;
  let e: ts.Expression = strip(operation);
  // Walk down the chain to the receiver: trx('users').insert(…), client.query(…), this.runner.manager.save(…).
  for (;;) {
    if (ts.isCallExpression(e) || ts.isTaggedTemplateExpression(e)) {
      const callee = strip(ts.isCallExpression(e) ? e.expression : e.tag);
      if (ts.isPropertyAccessExpression(callee)) {
        if (env.transactionReceivers.has(compact(callee.expression))) return true;
        e = strip(callee.expression);
        continue;
      }
      e = callee;
      continue;
    }
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
      if (env.transactionReceivers.has(compact(e))) return true;
      e = strip(e.expression);
      continue;
    }
    break;
  }
  if (ts.isIdentifier(e)) {
    const binding = env.scopes.resolve(e);
    return binding !== undefined && env.transactionBindings.has(binding);
  }
  return false;
}

function isThisMethodCall(operation: ts.Node): boolean {
  return ts.isCallExpression(operation) && ts.isPropertyAccessExpression(operation.expression) &&
    operation.expression.expression.kind === ts.SyntaxKind.ThisKeyword;
}

/** Does `this.m()` (a method of the enclosing class in this file) change `this` or outer state? */
function thisMethodWrites(call: ts.CallExpression, env: IndependenceEnv): boolean {
  const name = (call.expression as ts.PropertyAccessExpression).name.text;
  const cached = env.methodWrites.get(name);
  if (cached !== undefined) return cached;
  let result = false;
  const method = classMethodNamed(call, name, { properties: true });
  if (method?.body) {
    const body = bodySummary(method, env.scopes);
    result = body.changesOutside || body.accesses.methodMutations.some((m) => isThisRooted(m.call));
  }
  env.methodWrites.set(name, result);
  return result;
}

const PACING_INTENTS: ReadonlySet<SequencingIntent> = new Set(['rate-limit', 'lock', 'sleep']);

/**
 * `await this.fetchPageInfo(id)`, where `fetchPageInfo` calls `this.fetchWithRetry(…)`, which waits for
 * `await this.limiter()` before each request: the class paces every call it makes, so two of them one after
 * another are already as fast as the limit allows. Followed through methods of the same class, two levels down.
 */
function thisMethodPacing(call: ts.CallExpression, env: IndependenceEnv, depth: number): SequencingIntent | undefined {
  const method = classMethodNamed(call, (call.expression as ts.PropertyAccessExpression).name.text, { properties: true });
  if (!method?.body) return undefined;
  // Kept per file: every function of a class that awaits `this.query(…)` asks about the same method.
  const known = env.scopes.memo(METHOD_PACING);
  let entry = known.get(method);
  if (!entry) known.set(method, (entry = {}));
  const key = depth < 1 ? 'followed' : 'own';
  const cached = entry[key];
  if (cached !== undefined) return cached ?? undefined;
  entry[key] = null; // a recursive method paces nothing by calling itself
  let found: SequencingIntent | undefined;
  const stack: ts.Node[] = [method.body];
  while (stack.length > 0 && !found) {
    const node = stack.pop()!;
    if (isFunctionScope(node)) continue; // a callback handed over runs when its receiver decides
    if (ts.isCallExpression(node)) {
      const intent = classifyOperation(node, env.scopes).intent;
      if (intent && PACING_INTENTS.has(intent)) found = intent;
      else if (depth < 1 && isThisMethodCall(node)) found = thisMethodPacing(node, env, depth + 1);
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  entry[key] = found ?? null;
  return found;
}

/** Per method: the pacing its own calls wait for (`own`), and with the methods it calls on `this` (`followed`); null while asked, or none. */
const METHOD_PACING = memoKind<ts.Node, { own?: SequencingIntent | null; followed?: SequencingIntent | null }>('pacing of class methods');

function isThisRooted(call: ts.CallExpression): boolean {
  const callee = call.expression;
  return ts.isPropertyAccessExpression(callee) && rootOf(callee.expression)?.kind === ts.SyntaxKind.ThisKeyword;
}

/** Is a binding visible to code outside the analysed function (module state, an enclosing closure)? */
function isOuter(binding: Binding, env: IndependenceEnv): boolean {
  if (ts.isSourceFile(env.owner)) return ts.isSourceFile(binding.scope) && binding.kind !== 'const' && binding.kind !== 'import';
  return !isWithin(binding.scope, env.owner);
}

/** `const seen = new Set()`, `const ids: string[] = []`, `const acc = {}` declared in the analysed function. */
function isFreshLocalObject(binding: Binding, env: IndependenceEnv): boolean {
  if (isOuter(binding, env) || binding.kind === 'parameter') return false;
  const declaration = binding.declaration.parent;
  if (!ts.isVariableDeclaration(declaration) || declaration.name !== binding.declaration || !declaration.initializer) return false;
  const init = strip(declaration.initializer);
  if (ts.isArrayLiteralExpression(init) || ts.isObjectLiteralExpression(init)) return true;
  return ts.isNewExpression(init) && ts.isIdentifier(init.expression) && ['Map', 'Set', 'Array', 'URLSearchParams', 'FormData'].includes(init.expression.text);
}

/** Is `node` inside the arguments of a log or metric call (within its statement)? */
function insideInstrumentation(node: ts.Node, env: IndependenceEnv): boolean {
  for (let p: ts.Node | undefined = node.parent; p && !ts.isStatement(p) && !isFunctionScope(p); p = p.parent) {
    if (ts.isCallExpression(p) && p.expression !== node && isInstrumentationCall(p, env.scopes)) return true;
  }
  return false;
}

/**
 * A clock read that only feeds log lines and metrics: `log.debug({ ms: performance.now() - t0 })`, or
 * `const t0 = performance.now()` whose every use is such an argument. Moved after the group it measures
 * something else, which only the log shows. A time the function computes with or returns (a benchmark,
 * `mid - start`) is not instrumentation.
 */
function clockOnlyInstruments(call: ts.CallExpression | ts.NewExpression, env: IndependenceEnv): boolean {
  if (insideInstrumentation(call, env)) return true;
  const declaration = call.parent;
  if (!ts.isVariableDeclaration(declaration) || declaration.initializer !== call || !ts.isIdentifier(declaration.name)) return false;
  const binding = env.scopes.resolve(declaration.name);
  const body = bodyOf(env.owner);
  if (!binding || !body) return false;
  let uses = 0;
  const stack: ts.Node[] = [body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isIdentifier(node) && node !== declaration.name && node.text === binding.name && env.scopes.resolve(node) === binding) {
      if (!insideInstrumentation(node, env)) return false;
      uses++;
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return uses > 0;
}

/** Why a statement without awaits cannot sit between members (undefined: it can). */
function impurityOf(accesses: Accesses, env: IndependenceEnv): string | undefined {
  if (accesses.hasControlTransfer) return 'control-transfer';
  if (accesses.thisWrites.size > 0 || accesses.freeWrites.size > 0) return 'shared-state';
  for (const b of accesses.writes) if (isOuter(b, env)) return 'shared-state';
  // Changing an object is only local when this function made it: a parameter's object is the caller's too.
  for (const b of accesses.mutates) if (!isFreshLocalObject(b, env)) return 'shared-state';
  for (const m of accesses.methodMutations) if (!isFreshLocalObject(m.binding, env)) return 'shared-state';
  for (const call of accesses.calls) {
    if (isPureCall(call, env.scopes) || isInstrumentationCall(call, env.scopes)) continue;
    if (isClockRead(call, env.scopes) && clockOnlyInstruments(call, env)) continue;
    if (isCalendarComputation(call, env.scopes)) continue;
    // list.push(x) on a local list: a local change, checked against the members like any write.
    if (ts.isCallExpression(call) && accesses.methodMutations.some((m) => m.call === call)) continue;
    return 'call-between';
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Two members

export interface Footprint {
  /** Bindings changed while the operand is evaluated or the operation runs (not the result assignment). */
  opChanges: Set<Binding>;
  /** Bindings the operand reads. */
  opReads: Set<Binding>;
  /** Bindings the result is assigned to. */
  resultWrites: Set<Binding>;
  property: ResultTarget['property'];
}

function footprintOf(member: AwaitMember): Footprint {
  return (member.footprint ??= computeFootprint(member));
}

function computeFootprint(member: AwaitMember): Footprint {
  const opChanges = new Set<Binding>([...member.operand.writes, ...member.operand.mutates]);
  for (const m of member.operand.methodMutations) {
    if (m.call !== member.operation) opChanges.add(m.binding);
  }
  const opReads = new Set(member.operand.reads);
  return { opChanges, opReads, resultWrites: member.target.writes, property: member.target.property };
}

function some<T>(items: Iterable<T>, test: (item: T) => boolean): boolean {
  for (const item of items) if (test(item)) return true;
  return false;
}

function hasAny<T>(set: ReadonlySet<T>, items: Iterable<T>): boolean {
  return some(items, (item) => set.has(item));
}

function thisHit(written: ReadonlySet<string>, read: ReadonlySet<string>): boolean {
  if (written.size === 0) return false;
  if (written.has('*') || read.has('*')) return read.size > 0;
  return hasAny(read, written);
}

function callsThisMethod(accesses: Accesses): boolean {
  return accesses.calls.some((call) => {
    const callee = strip(call.expression);
    return ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword;
  });
}

function hasImpureCall(accesses: Accesses, env: IndependenceEnv): boolean {
  return accesses.calls.some((call) => !isPureCall(call, env.scopes));
}

/**
 * Why `later` must wait for `earlier` (both members of one statement list, `earlier` first), or
 * undefined when they may overlap.
 */
export function overlapBlocker(earlier: AwaitMember, later: AwaitMember, env: IndependenceEnv): string | undefined {
  const e = footprintOf(earlier);
  const l = footprintOf(later);
  const eOut = later.operand;
  const eIn = earlier.operand;

  // 1. Data: the later operand uses an earlier result or something the earlier operation changes.
  const earlierChanges = new Set([...e.opChanges, ...e.resultWrites]);
  if (hasAny(earlierChanges, l.opReads) || hasAny(earlierChanges, l.opChanges) || hasAny(earlierChanges, l.resultWrites)) return 'data';
  if (e.property) {
    const root = e.property.root;
    if (typeof root !== 'string' && (l.opReads.has(root) || l.opChanges.has(root) || l.resultWrites.has(root))) return 'data';
    if (typeof root === 'string' && (eOut.freeReads.has(root) || eOut.freeWrites.has(root))) return 'data';
    if (l.property && l.property.root === root && pathsOverlap(e.property.path, l.property.path)) return 'data';
  }
  // The later operand changes what the earlier one uses while it may still run.
  if (hasAny(l.opChanges, e.opReads) || hasAny(l.opChanges, e.opChanges)) return 'data';
  if (l.property && typeof l.property.root !== 'string' && (e.resultWrites.has(l.property.root) || e.opChanges.has(l.property.root))) return 'data';

  // Globals by name.
  const eFreeWrites = new Set([...eIn.freeWrites, ...earlier.target.freeWrites]);
  if (hasAny(eFreeWrites, eOut.freeReads) || hasAny(eFreeWrites, eOut.freeWrites) || hasAny(eOut.freeWrites, eIn.freeReads)) return 'data';

  // 2a. `this` state: fields written by one and read by the other; a write then any this-method call.
  const eThisWrites = new Set([...eIn.thisWrites, ...earlier.target.thisWrites]);
  if (thisHit(eThisWrites, eOut.thisReads) || thisHit(eThisWrites, eOut.thisWrites)) return 'this-state';
  if (eThisWrites.size > 0 && callsThisMethod(eOut)) return 'this-state';
  if (thisHit(eOut.thisWrites, eIn.thisReads) || (eOut.thisWrites.size > 0 && callsThisMethod(eIn))) return 'this-state';
  if (thisHit(earlier.target.thisWrites, later.target.thisWrites)) return 'this-state';

  // 2b. Module (or enclosing closure) state written by one, while the other calls code that may read it.
  const earlierOuter = some(earlierChanges, (b) => isOuter(b, env)) ||
    (e.property !== undefined && (typeof e.property.root === 'string' || isOuter(e.property.root, env))) || eFreeWrites.size > 0;
  if (earlierOuter && hasImpureCall(eOut, env)) return 'shared-state';
  const laterOuter = some(l.opChanges, (b) => isOuter(b, env)) || eOut.freeWrites.size > 0;
  if (laterOuter && hasImpureCall(eIn, env)) return 'shared-state';

  // Two batches in a row stay two batches (often deliberate, to limit load).
  if (isPromiseCombinator(earlier.operation, env.scopes) && isPromiseCombinator(later.operation, env.scopes)) return 'already-concurrent';

  // 2c. Effects on resources. The same operation twice (`await getCount(); await getCount()`) is a re-read
  // (before/after, polling), not two things to overlap.
  // A `Promise.all([…])` of a literal list is judged by each operation it starts.
  const earlierUsed = earlier.target.kind !== 'discard';
  const laterUsed = later.target.kind !== 'discard';
  for (const a of operationsOf(earlier.operation, earlier.effect, env)) {
    for (const b of operationsOf(later.operation, later.effect, env)) {
      if (conflicts(a.effect, b.effect) &&
          (!independentOperations(a.effect, b.effect, earlierUsed, laterUsed) || refersToStoredRecord(a.node, a.effect, later.operand.reads, env.scopes))) {
        return 'effects';
      }
    }
  }
  if (compact(earlier.operation) === compact(later.operation)) return 'same-operation';
  // `await getEventUserFormatted(eventId)` (which awaits `getEvent(eventId)` itself) then `await getEvent(eventId)`:
  // the second read repeats one the first already made. The change to make is to read once, not to overlap.
  if (awaitsInsideCallee(earlier.operation, compact(later.operation), env.scopes) ||
      awaitsInsideCallee(later.operation, compact(earlier.operation), env.scopes)) return 'same-operation';
  // `await Promise.all([getUser(id), getOrders(id)])` then `await getUser(id)`: a re-read of one of its elements.
  if (isLiteralListCombinator(earlier.operation) && combinedElements(earlier.operation).some((e) => compact(e) === compact(later.operation))) {
    return 'same-operation';
  }
  return undefined;
}

/**
 * Does `operation` call a function of this file whose body (not its nested functions) awaits exactly `text`, once
 * its parameters are read as the arguments passed? `getEventUserFormatted(eventId)` with `async (id) => { … await
 * getEvent(id) … }` awaits `getEvent(eventId)`.
 */
function awaitsInsideCallee(operation: ts.Node, text: string, scopes: ScopeIndex): boolean {
  const known = scopes.memo(AWAITED_INSIDE_CALLEE);
  let texts = known.get(operation);
  if (!texts) known.set(operation, (texts = awaitedInsideCallee(operation, scopes)));
  return texts.has(text);
}

/** What `awaitsInsideCallee` compares with, per operation: asked for every pair of a group's members. */
const AWAITED_INSIDE_CALLEE = memoKind<ts.Node, ReadonlySet<string>>('awaits inside a same-file callee, as called');

function awaitedInsideCallee(operation: ts.Node, scopes: ScopeIndex): ReadonlySet<string> {
  const texts = new Set<string>();
  if (!ts.isCallExpression(operation)) return texts;
  const callee = strip(operation.expression);
  const fn = ts.isIdentifier(callee) ? functionOfBinding(scopes.resolve(callee)) : undefined;
  if (!fn?.body || !ts.isBlock(fn.body)) return texts;
  const argumentOf = new Map<string, string>();
  fn.parameters.forEach((parameter, i) => {
    const argument = operation.arguments[i];
    if (ts.isIdentifier(parameter.name) && argument) argumentOf.set(parameter.name.text, compact(argument));
  });
  const asCalled = (inner: string): string => inner.replace(/(?<![.\w$])[A-Za-z_$][\w$]*/g, (name) => argumentOf.get(name) ?? name);
  const stack: ts.Node[] = [fn.body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isAwaitExpression(node)) texts.add(asCalled(compact(strip(node.expression))));
    ts.forEachChild(node, (child) => {
      if (!isFunctionScope(child)) stack.push(child);
    });
  }
  return texts;
}

/** Property names that give a stored record its identity: `{ id: orderId }`, `{ Key: key }`. */
const IDENTITY_KEYS = /^(id|_id|uuid|guid|key|Key|slug|pk|PK)$/;

/**
 * Does a later operation refer to the record an earlier write stored? `insert({ id: orderId, … })` then
 * `insert({ orderId, … })` (a foreign key), `s3.send(new PutObjectCommand({ Key: key }))` then
 * `db.files.insert({ key })`, `orders.save(order)` then `items.insert(order.lines)`. Overlapped, the later
 * write could land before what it points at exists.
 */
export function refersToStoredRecord(operation: ts.Node, effect: CallEffect, laterReads: ReadonlySet<Binding>, scopes: ScopeIndex): boolean {
  if (effect.access !== 'write' || laterReads.size === 0) return false;
  const identities = new Set<Binding>();
  const stack: ts.Node[] = [];
  const visitArguments = (node: ts.Node): void => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) for (const a of node.arguments ?? []) stack.push(a);
  };
  for (let e: ts.Node = strip(operation as ts.Expression); ; ) {
    visitArguments(e);
    if ((ts.isCallExpression(e) || ts.isNewExpression(e)) && ts.isPropertyAccessExpression(strip(e.expression))) {
      e = strip((strip(e.expression) as ts.PropertyAccessExpression).expression);
      continue;
    }
    break;
  }
  while (stack.length > 0) {
    const node = strip(stack.pop() as ts.Expression);
    if (ts.isIdentifier(node)) {
      // The whole record passed by name: `save(order)`.
      const binding = scopes.resolve(node);
      if (binding) identities.add(binding);
      continue;
    }
    if (ts.isNewExpression(node) || ts.isCallExpression(node)) {
      visitArguments(node);
      continue;
    }
    if (!ts.isObjectLiteralExpression(node)) continue;
    for (const property of node.properties) {
      if (ts.isShorthandPropertyAssignment(property) && IDENTITY_KEYS.test(property.name.text)) {
        const binding = scopes.resolve(property.name);
        if (binding) identities.add(binding);
      } else if (ts.isPropertyAssignment(property)) {
        const name = ts.isIdentifier(property.name) || ts.isStringLiteral(property.name) ? property.name.text : '';
        const value = strip(property.initializer);
        if (IDENTITY_KEYS.test(name)) {
          const root = rootOf(value);
          const binding = root && ts.isIdentifier(root) ? scopes.resolve(root) : undefined;
          if (binding) identities.add(binding);
        } else if (ts.isObjectLiteralExpression(value)) {
          stack.push(value); // `{ data: { id } }`, `{ Item: { pk } }`
        }
      }
    }
  }
  for (const binding of identities) if (laterReads.has(binding)) return true;
  return false;
}

export function mayOverlap(earlier: AwaitMember, later: AwaitMember, env: IndependenceEnv): boolean {
  return overlapBlocker(earlier, later, env) === undefined;
}

/**
 * Why a statement between members cannot be moved after a later member (undefined: it can):
 * the later member uses what it computes, or changes what it reads.
 */
export function betweenBlocker(between: Accesses, later: AwaitMember): string | undefined {
  const changes = new Set<Binding>([...between.writes, ...between.mutates, ...between.methodMutations.map((m) => m.binding)]);
  const l = footprintOf(later);
  if (hasAny(changes, l.opReads) || hasAny(changes, l.opChanges) || hasAny(changes, l.resultWrites)) return 'uses-statement-between';
  if (l.property && typeof l.property.root !== 'string' && changes.has(l.property.root)) return 'uses-statement-between';
  const used = new Set<Binding>([...between.reads, ...changes]);
  if (hasAny(used, l.opChanges) || hasAny(used, l.resultWrites)) return 'changes-statement-between';
  if (l.property && typeof l.property.root !== 'string' && used.has(l.property.root)) return 'changes-statement-between';
  if (thisHit(later.target.thisWrites, between.thisReads) || thisHit(later.operand.thisWrites, between.thisReads)) return 'changes-statement-between';
  return undefined;
}

interface BetweenStatement {
  statement: ts.Statement;
  accesses: Accesses;
  hoisted: boolean;
}

/**
 * Can every statement between the members stay in the group once `later` joins? One that `later` does not
 * care about moves after the group; one that `later` needs (it computes an argument) moves above the group
 * when it needs nothing of the earlier members and of the statements it would jump over. Marks the hoisted
 * ones; false when some statement can go neither way.
 */
function placeBetweenStatements(statements: BetweenStatement[], later: AwaitMember, earlier: readonly AwaitMember[]): boolean {
  const hoist: BetweenStatement[] = [];
  for (const [i, candidate] of statements.entries()) {
    if (candidate.hoisted) continue;
    const reason = betweenBlocker(candidate.accesses, later);
    if (reason === undefined) continue;
    if (reason !== 'uses-statement-between' || !onlyFeeds(candidate.accesses, later)) return false;
    const jumpedOver = statements.slice(0, i).filter((s) => !s.hoisted && !hoist.includes(s)).map((s) => s.accesses);
    if (hoistBlocker(candidate.accesses, earlier, jumpedOver) !== undefined) return false;
    hoist.push(candidate);
  }
  for (const h of hoist) h.hoisted = true;
  return true;
}

/** The statement computes something the later operand reads, and touches nothing else of the later await. */
function onlyFeeds(between: Accesses, later: AwaitMember): boolean {
  const changes = changedBy(between);
  const l = footprintOf(later);
  if (hasAny(changes, l.resultWrites) || hasAny(changes, l.opChanges)) return false;
  if (l.property && typeof l.property.root !== 'string' && changes.has(l.property.root)) return false;
  return hasAny(changes, l.opReads);
}

function changedBy(accesses: Accesses): Set<Binding> {
  return new Set<Binding>([...accesses.writes, ...accesses.mutates, ...accesses.methodMutations.map((m) => m.binding)]);
}

/**
 * Why a statement between members cannot run before all of them (undefined: it can): it uses a result or
 * something an earlier operation changes, or changes what an earlier operand reads; or a statement it would
 * jump over (one that moves after the group) computes what it reads or reads what it changes.
 */
function hoistBlocker(between: Accesses, earlier: readonly AwaitMember[], jumpedOver: readonly Accesses[]): string | undefined {
  const changes = changedBy(between);
  if (between.thisWrites.size > 0 || between.freeWrites.size > 0) return 'shared-state';
  for (const member of earlier) {
    const e = footprintOf(member);
    if (hasAny(between.reads, e.resultWrites) || hasAny(between.reads, e.opChanges)) return 'reads-earlier-result';
    if (hasAny(changes, e.opReads) || hasAny(changes, e.opChanges) || hasAny(changes, e.resultWrites)) return 'changes-earlier-input';
    if (e.property && typeof e.property.root !== 'string' && (between.reads.has(e.property.root) || changes.has(e.property.root))) return 'reads-earlier-result';
    if (e.property && typeof e.property.root === 'string' && between.freeReads.has(e.property.root)) return 'reads-earlier-result';
    if (thisHit(member.target.thisWrites, between.thisReads) || thisHit(member.operand.thisWrites, between.thisReads)) return 'reads-earlier-result';
    if (hasAny(between.freeReads, member.target.freeWrites) || hasAny(between.freeReads, member.operand.freeWrites)) return 'reads-earlier-result';
  }
  for (const other of jumpedOver) {
    const otherChanges = changedBy(other);
    if (hasAny(between.reads, otherChanges) || hasAny(changes, other.reads) || hasAny(changes, otherChanges)) return 'order-between';
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// A statement list

const NOT_A_PROMISE: StatementRole = { kind: 'barrier', reason: 'not-a-promise' };

/**
 * The maximal runs of consecutive awaits in `statements` that may all overlap, in order. A run
 * may contain movable statements between its members; a dependent await starts a new run.
 * The type checker is asked only about the awaits that end up in a group, not about every await
 * (a question can cost as much as parsing a file, and most awaits never join a group): one found
 * not to await a promise is a barrier, as `roleOf` would have said, and the statements are
 * grouped again knowing it.
 */
export function findAwaitGroups(statements: readonly ts.Statement[], env: IndependenceEnv): AwaitGroup[] {
  const roles = new Map<ts.Statement, StatementRole>();
  const promises = new Set<ts.Statement>();
  for (;;) {
    const groups = groupStatements(statements, env, roles);
    let notPromise: AwaitMember | undefined;
    if (env.types) {
      const types = env.types;
      notPromise = groups.flatMap((g) => g.members).find((m) => {
        if (promises.has(m.statement)) return false;
        if (types.isThenable(m.operation) === false) return true;
        promises.add(m.statement);
        return false;
      });
    }
    if (!notPromise) {
      const found = groups.filter((group) => !catchDistinguishes(group, env) && !commentSaysSequential(group));
      const groupsFound = env.scopes.memo(GROUPS_FOUND);
      for (const group of found) groupsFound.set(group.members[0]!.statement, { types: env.types, group });
      return found;
    }
    roles.set(notPromise.statement, NOT_A_PROMISE);
  }
}

/** The groups found so far, by first member: the Promise.all fix asks about the group the rule just reported. */
const GROUPS_FOUND = memoKind<ts.Statement, { types: TypeOracle | undefined; group: AwaitGroup }>('await groups found');

/**
 * The group `findAwaitGroups` found with exactly these member statements, asked with the same scope index
 * and type oracle (so the same question on the same tree), or undefined: the fix then groups again. A group's
 * members, the statements between them and their roles decide it, so the statements around the group —
 * which the fix does not pass — change nothing.
 */
export function groupFoundWith(members: readonly ts.Statement[], scopes: ScopeIndex, types: TypeOracle | undefined): AwaitGroup | undefined {
  const known = members[0] && scopes.memo(GROUPS_FOUND).get(members[0]);
  if (!known || known.types !== types) return undefined;
  const group = known.group;
  return group.members.length === members.length && group.members.every((m, i) => m.statement === members[i]) ? group : undefined;
}

function groupStatements(statements: readonly ts.Statement[], env: IndependenceEnv, roles: Map<ts.Statement, StatementRole>): AwaitGroup[] {
  const groups: AwaitGroup[] = [];
  let members: AwaitMember[] = [];
  /** Statements between members so far: each moves after the group, or above it (`hoisted`). */
  let between: BetweenStatement[] = [];
  let pending: BetweenStatement[] = [];

  const close = (): void => {
    if (members.length >= 2) {
      groups.push({
        members,
        between: between.filter((b) => !b.hoisted).map((b) => b.statement),
        hoisted: between.filter((b) => b.hoisted).map((b) => b.statement),
      });
    }
    members = [];
    between = [];
    pending = [];
  };

  // After the list's last await no member can join: the statements there are pending, and pending
  // statements only count once a later member comes. And a last await with no group open would be alone.
  let lastAwait = statements.length - 1;
  while (lastAwait >= 0 && !containsAwait(statements[lastAwait]!)) lastAwait--;
  for (let index = 0; index <= lastAwait; index++) {
    const statement = statements[index]!;
    if (members.length === 0 && index === lastAwait) break;
    // Until a group opens, a statement without an await can neither join nor end one: skip the analysis.
    if (members.length === 0 && !containsAwait(statement)) continue;
    let role = roles.get(statement);
    if (!role) roles.set(statement, (role = roleAsking(statement, env, false)));
    switch (role.kind) {
      case 'neutral':
        break;
      case 'barrier':
        close();
        break;
      case 'between':
        if (members.length > 0) pending.push({ statement, accesses: role.accesses, hoisted: false });
        break;
      case 'member': {
        const member = role.member;
        // A group as long as MAX_GROUP is generated code: it ends there, so checking each new member against
        // every earlier one stays linear in the length of the list.
        const blocked = members.length > 0 && (members.length >= MAX_GROUP ||
          members.some((m) => overlapBlocker(m, member, env) !== undefined) || !placeBetweenStatements([...between, ...pending], member, members));
        if (blocked) close();
        if (members.length > 0) between.push(...pending);
        pending = [];
        members.push(member);
        break;
      }
    }
  }
  close();
  return groups;
}

// ---------------------------------------------------------------------------------------------
// Awaits inside one expression

const MAX_INLINE_AWAITS = 16;
const MAX_GROUP = 32;

/** Operators whose right side runs only sometimes: an await there is conditional. */
const SHORT_CIRCUIT = new Set([
  ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken,
  ts.SyntaxKind.AmpersandAmpersandEqualsToken, ts.SyntaxKind.BarBarEqualsToken, ts.SyntaxKind.QuestionQuestionEqualsToken,
]);

/**
 * The awaits one expression statement evaluates unconditionally, in evaluation order, or undefined when the
 * statement is not such a place: a conditional, a short circuit, an optional chain, an assignment or `++`
 * inside the expression (a later operand could read what it wrote), or an await inside another's operand.
 */
function unconditionalAwaits(root: ts.Node): ts.AwaitExpression[] | undefined {
  const found: ts.AwaitExpression[] = [];
  let usable = true;
  const visit = (node: ts.Node): void => {
    if (!usable || isFunctionScope(node) || ts.isClassLike(node)) return;
    if (ts.isAwaitExpression(node)) {
      found.push(node);
      if (containsAwait(node.expression)) usable = false;
      return;
    }
    if (ts.isConditionalExpression(node) || ts.isPrefixUnaryExpression(node) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken) ||
        ts.isPostfixUnaryExpression(node) || ts.isDeleteExpression(node) || ts.isYieldExpression(node) ||
        (ts.isBinaryExpression(node) && (SHORT_CIRCUIT.has(node.operatorToken.kind) || isAssignmentOperator(node.operatorToken.kind) ||
          node.operatorToken.kind === ts.SyntaxKind.CommaToken)) ||
        ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isCallExpression(node)) && node.questionDotToken)) {
      if (containsAwait(node)) usable = false;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(root);
  return usable ? found : undefined;
}

/** The expression of a statement that may hold awaits side by side: `return {…}`, `res.json({…});`, `const page = {…}`. */
function inlineExpressionOf(statement: ts.Statement): ts.Expression | undefined {
  if (ts.isReturnStatement(statement)) return statement.expression;
  if (ts.isExpressionStatement(statement)) return statement.expression;
  if (ts.isVariableStatement(statement) && !isAwaitUsing(statement.declarationList) && statement.declarationList.declarations.length === 1) {
    const declaration = statement.declarationList.declarations[0]!;
    return declaration.initializer && ts.isIdentifier(declaration.name) ? declaration.initializer : undefined;
  }
  return undefined;
}

/**
 * `return { inStock: (await stock(sku)) > 0, reviews: await reviews(sku) }`: two or more awaits side by side
 * in one expression (an object or array literal, call arguments, a template), each an operation that needs
 * nothing of the others, run one after another where they could overlap. Everything else evaluated while
 * they run must be pure or instrumentation: a call that runs after the first await and before the last
 * would otherwise change its place in the order.
 */
export function findInlineAwaitGroup(statement: ts.Statement, env: IndependenceEnv): AwaitGroup | undefined {
  const expression = inlineExpressionOf(statement);
  if (!expression) return undefined;
  const awaits = unconditionalAwaits(expression);
  // Dozens of awaits in one expression is generated code; the pairwise checks would cost more than they tell.
  if (!awaits || awaits.length < 2 || awaits.length > MAX_INLINE_AWAITS) return undefined;
  const members: AwaitMember[] = [];
  for (const awaitExpression of awaits) {
    const role = memberRole(statement, awaitExpression, emptyTarget('declare'), env, false);
    if (role.kind !== 'member') return undefined;
    for (const earlier of members) if (overlapBlocker(earlier, role.member, env) !== undefined) return undefined;
    members.push(role.member);
  }
  const first = awaits[0]!;
  const last = awaits[awaits.length - 1]!;
  const inOperands = (node: ts.Node): boolean => awaits.some((a) => node.pos >= a.pos && node.end <= a.end);
  const calls: Array<ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression> = [];
  const collect = (node: ts.Node): void => {
    if (isFunctionScope(node) || ts.isClassLike(node) || inOperands(node)) return;
    if (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isTaggedTemplateExpression(node)) calls.push(node);
    ts.forEachChild(node, collect);
  };
  collect(expression);
  for (const call of calls) {
    const runsBetween = call.end > first.end && call.end <= last.pos;
    if (runsBetween && (ts.isTaggedTemplateExpression(call) || !(isPureCall(call, env.scopes) || isInstrumentationCall(call, env.scopes)))) return undefined;
  }
  if (env.types) {
    const types = env.types;
    if (members.some((m) => types.isThenable(m.operation) === false)) return undefined;
  }
  const group: AwaitGroup = { members, between: [], hoisted: [] };
  return catchDistinguishes(group, env) || commentSaysSequential(group) ? undefined : group;
}

/** Comments a reviewer would read as "keep these in order". */
const SEQUENTIAL_COMMENT = new RegExp(
  [
    '\\bsequential(ly)?\\b', '\\bserial(ly|ized|ised)?\\b', '\\bone (at a|after (the )?other)\\b', '\\bin (this |that |the same )?order\\b(?! to)',
    '\\border (matters|is important|dependent)\\b', '\\brate.?limit', '\\bthrottl', '\\b(not|never|don\'t|do not) (run )?(in )?parallel',
    '\\b(not|never|don\'t|do not) (run )?concurrent', '\\bmust (run|happen|come|complete|finish) (after|before|first)',
    '\\b(after|before) (the )?(first|previous|above|other)', '\\bwait(s)? for\\b', '\\bdeliberately\\b', '\\bon purpose\\b',
    '\\bintentional', '\\bavoid (a )?(race|deadlock|thundering)', '\\bone connection\\b', '\\bsame connection\\b',
  ].join('|'),
  'i',
);

function commentSaysSequential(group: AwaitGroup): boolean {
  const sourceFile = group.members[0]!.statement.getSourceFile();
  const text = sourceFile.text;
  const statements = [...group.members.map((m) => m.statement), ...group.between, ...group.hoisted];
  for (const statement of statements) {
    const ranges = [
      ...(ts.getLeadingCommentRanges(text, statement.getFullStart()) ?? []),
      ...(ts.getTrailingCommentRanges(text, statement.getEnd()) ?? []),
    ];
    for (const range of ranges) if (SEQUENTIAL_COMMENT.test(text.slice(range.pos, range.end))) return true;
  }
  return false;
}

/** Does the statement (or expression) await anything at its own function level? (an early-exit walk) */
function containsAwait(root: ts.Node): boolean {
  const stack: ts.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier)) return true;
    if (ts.isVariableDeclarationList(node) && (node.flags & ts.NodeFlags.BlockScoped) === ts.NodeFlags.AwaitUsing) return true;
    if (isFunctionScope(node) || ts.isClassLike(node)) continue;
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return false;
}

/** The handlers (`catch` blocks, `finally` blocks) and `try` statements around a group's first statement, innermost first. */
function handlersAround(group: AwaitGroup, env: IndependenceEnv): { handlers: ts.Block[]; tries: ts.TryStatement[] } {
  const handlers: ts.Block[] = [];
  const tries = tryStatementsAround(group.members[0]!.statement, env);
  for (const t of tries) {
    if (t.catchClause) handlers.push(t.catchClause.block);
    if (t.finallyBlock) handlers.push(t.finallyBlock);
  }
  return { handlers, tries };
}

/** What the members (and the statements between them) assign or change, and whether a member writes `this` or a property. */
function writtenByGroup(group: AwaitGroup, env: IndependenceEnv): { written: Set<Binding>; writesState: boolean; writesFree: boolean } {
  const written = new Set<Binding>();
  let writesState = false;
  let writesFree = false;
  for (const member of group.members) {
    for (const b of member.target.writes) written.add(b);
    for (const b of member.operand.writes) written.add(b);
    if (member.target.property && typeof member.target.property.root !== 'string') written.add(member.target.property.root);
    if (member.target.thisWrites.size > 0 || member.target.property) writesState = true;
    if (member.target.freeWrites.size > 0) writesFree = true;
  }
  for (const statement of [...group.between, ...group.hoisted]) {
    const accesses = collectAccesses(statement, env.scopes);
    for (const b of accesses.writes) written.add(b);
    for (const b of accesses.mutates) written.add(b);
  }
  return { written, writesState, writesFree };
}

/**
 * Inside a `try`, sequential awaits stop at the first failure and the handler sees how far they got;
 * with Promise.all every operation starts and no result is assigned. PRECISION.md keeps them apart when
 * the handler answers each failure differently: it classifies what was thrown, or reads what the group
 * writes. (A handler that only logs is the same handler either way.)
 */
function catchDistinguishes(group: AwaitGroup, env: IndependenceEnv): boolean {
  const { handlers } = handlersAround(group, env);
  if (handlers.length === 0) return false;
  // `catch (err) { if (err instanceof StripeError) … else if (isAxiosError(err)) … }`: the handler answers by which
  // call failed. With Promise.all, when both fail, which error it sees depends on timing.
  if (handlers.some(classifiesErrors)) return true;
  const { written, writesFree } = writtenByGroup(group, env);
  if (writesFree) return true;
  return handlers.some((handler) => hasAny(collectAccesses(handler, env.scopes).reads, written));
}

/**
 * Does a failure inside the group's `try` leave results that code after the `try` still uses? With the
 * awaits one after another, `user` keeps its value when `getOrders` fails and the function goes on with
 * it; with Promise.all nothing is assigned. The rule still reports the group (a reviewer would overlap
 * the calls, perhaps with Promise.allSettled), but the Promise.all rewrite would change what a failure
 * returns, so the fix asks this and is not offered. False when every handler leaves the function.
 */
export function failureKeepsPartialResults(group: AwaitGroup, env: IndependenceEnv): boolean {
  const { handlers, tries } = handlersAround(group, env);
  if (handlers.length === 0) return false;
  const handlersLeave = tries.every((t) =>
    !t.finallyBlock && t.catchClause !== undefined && (blockAlwaysExits(t.catchClause.block) || isLastStatementOf(t, env.owner)));
  if (handlersLeave) return false;
  const { written, writesState } = writtenByGroup(group, env);
  if (writesState) return true;
  const innermostTry = tries[0]!.tryBlock;
  for (const b of written) if (!isWithin(b.scope, innermostTry) && !isDeclaredInGroup(b, group)) return true;
  return false;
}

/** Two or more tests of what was thrown: `instanceof`, `isAxiosError(err)`, `err.code === …`, `err.name === …`. */
function classifiesErrors(handler: ts.Block): boolean {
  const clause = handler.parent;
  const variable = ts.isCatchClause(clause) && clause.variableDeclaration && ts.isIdentifier(clause.variableDeclaration.name)
    ? clause.variableDeclaration.name.text : undefined;
  if (variable === undefined) return false;
  let tests = 0;
  const stack: ts.Node[] = [handler];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isFunctionScope(node)) continue;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword && node.left.getText() === variable) tests++;
    else if (ts.isCallExpression(node) && /^is\w*Error$/.test(node.expression.getText().split('.').pop() ?? '') &&
      node.arguments.some((a) => a.getText() === variable)) tests++;
    else if (ts.isBinaryExpression(node) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken].includes(node.operatorToken.kind) &&
      /^\w+\??\.(code|name|type|status|statusCode)$/.test(node.left.getText()) && node.left.getText().startsWith(variable)) tests++;
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return tests >= 2;
}

/** Is `statement` the last statement of the function's body (falling out of it returns)? */
function isLastStatementOf(statement: ts.Statement, owner: ts.Node): boolean {
  const body = isFunctionScope(owner) ? owner.body : undefined;
  if (!body || !ts.isBlock(body)) return false;
  return body.statements[body.statements.length - 1] === statement;
}

function tryStatementsAround(first: ts.Node, env: IndependenceEnv): ts.TryStatement[] {
  const found: ts.TryStatement[] = [];
  for (let node: ts.Node = first; node.parent && node !== env.owner; node = node.parent) {
    if (ts.isTryStatement(node.parent) && node.parent.tryBlock === node) found.push(node.parent);
    if (isFunctionScope(node.parent)) break;
  }
  return found;
}

/** A block whose last statement returns or throws (so control never falls out of it). */
function blockAlwaysExits(block: ts.Block): boolean {
  const last = block.statements[block.statements.length - 1];
  if (!last) return false;
  if (ts.isReturnStatement(last) || ts.isThrowStatement(last)) return true;
  if (ts.isBlock(last)) return blockAlwaysExits(last);
  if (ts.isIfStatement(last) && last.elseStatement) {
    const branch = (s: ts.Statement) => (ts.isBlock(s) ? blockAlwaysExits(s) : ts.isReturnStatement(s) || ts.isThrowStatement(s));
    return branch(last.thenStatement) && branch(last.elseStatement);
  }
  return false;
}

function isDeclaredInGroup(binding: Binding, group: AwaitGroup): boolean {
  return group.members.some((m) => m.target.kind === 'declare' && m.target.writes.has(binding));
}
