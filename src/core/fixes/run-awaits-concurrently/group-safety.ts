import { ts } from 'ts-morph';
import { collectAccesses, rootOf, type Accesses } from '../../data-flow';
import { classifyOperation, conflicts, independentOperations, isPureCall, labelOf, type CallEffect } from '../../effects';
import { betweenBlocker, createIndependenceEnv, effectOfAwaited, failureKeepsPartialResults, findAwaitGroups, groupFoundWith, type AwaitGroup as ModelGroup, operationsOf as operationsOfAwaited, overlapBlocker, refersToStoredRecord, roleOf, type AwaitMember } from '../../independence';
import type { TypeOracle } from '../../rule';
import { collectBindingIdentifiers, isFunctionScope, memoKind, type Binding, type ScopeIndex } from '../../scope';
import { describeStatement, isUsingDeclaration, type AwaitGroup, type AwaitStep } from './await-group';
import { stripExpression as strip } from '../../index-loop';

/**
 * Re-checks, independently of the rule, that a group of awaits may start together and that the
 * statements between them may move after it. PRECISION.md: data, effects, intent, control.
 * Returns the reason the rewrite is unsafe, or undefined.
 */

interface Operation {
  effect: CallEffect;
}

interface StepFacts {
  step: AwaitStep;
  label: string;
  operand: Accesses;
  /** The awaited operation (a call chain counts as one); empty for `await value`. */
  operations: Operation[];
  /** Bindings the step's result is stored into. */
  results: Set<Binding>;
  /** Unresolved names assigned (globals). */
  freeResults: Set<string>;
  /** Bindings whose object gets a property set (`obj.p = await …`). */
  targetRoots: Set<Binding>;
  /** Bindings read to evaluate the target (root object, element keys). */
  targetReads: Set<Binding>;
  /** `this.<name>` targets ('*' for computed). */
  thisTargets: Set<string>;
}

function ordinal(index: number): string {
  const n = index + 1;
  const words = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
  return words[index] ?? `${n}th`;
}

/**
 * The awaited operation (a call chain counts as one). Calls in its arguments run synchronously
 * before it starts, as they did before the fix; only the operation runs while others are in flight.
 */
function operationsOf(operand: ts.Expression, scopes: ScopeIndex, types: TypeOracle | undefined): Operation[] {
  const main = strip(operand);
  if (ts.isCallExpression(main) || ts.isNewExpression(main) || ts.isTaggedTemplateExpression(main)) {
    // A `Promise.all([…])` of a literal list: each operation it starts (the same view the rule takes).
    return operationsOfAwaited(main, effectOfAwaited(main, scopes, types), { scopes, types }).map(({ effect }) => ({ effect }));
  }
  return [];
}

/** Is a binding declared outside the function that holds `location`? */
function isOuterBinding(binding: Binding, location: ts.Node): boolean {
  let fn: ts.Node | undefined = location.parent;
  while (fn && !isFunctionScope(fn) && !ts.isSourceFile(fn)) fn = fn.parent;
  if (!fn || ts.isSourceFile(fn)) return true; // top level: any function may read it
  for (let p: ts.Node | undefined = binding.declaration; p; p = p.parent) if (p === fn) return false;
  return true;
}

/**
 * Identifier, `a.b.c`, `this.x`, `a['k']`, `a[key]`: targets whose evaluation calls nothing. They are
 * evaluated after every await once combined, so what they read is checked not to change meanwhile.
 */
function isSimpleTarget(target: ts.Expression): boolean {
  let e = target;
  while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    if (e.questionDotToken || (ts.isPropertyAccessExpression(e) && ts.isPrivateIdentifier(e.name))) return false;
    if (ts.isElementAccessExpression(e) && !ts.isStringLiteralLike(e.argumentExpression) && !ts.isNumericLiteral(e.argumentExpression) &&
        !ts.isIdentifier(e.argumentExpression)) return false;
    e = e.expression;
  }
  return ts.isIdentifier(e) || e.kind === ts.SyntaxKind.ThisKeyword;
}

/** Bindings a target reads to find where to store (its root object and element keys). */
function targetReads(target: ts.Expression, scopes: ScopeIndex): Set<Binding> {
  const reads = new Set<Binding>();
  let e = target;
  while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    if (ts.isElementAccessExpression(e) && ts.isIdentifier(e.argumentExpression)) {
      const key = scopes.resolve(e.argumentExpression);
      if (key) reads.add(key);
    }
    e = e.expression;
  }
  if (ts.isIdentifier(e) && e !== target) {
    const root = scopes.resolve(e);
    if (root) reads.add(root);
  }
  return reads;
}

function thisTargetName(target: ts.Expression): string | undefined {
  const root = rootOf(target);
  if (!root || root.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  let e = target;
  while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    if (e.expression.kind === ts.SyntaxKind.ThisKeyword) return ts.isPropertyAccessExpression(e) ? e.name.text : '*';
    e = e.expression;
  }
  return '*';
}

function factsOf(step: AwaitStep, scopes: ScopeIndex, types: TypeOracle | undefined): StepFacts | string {
  const operand = step.await.expression;
  const accesses = collectAccesses(operand, scopes);
  const facts: StepFacts = {
    step,
    label: labelOf(operand),
    operand: accesses,
    operations: operationsOf(operand, scopes, types),
    results: new Set(),
    freeResults: new Set(),
    targetRoots: new Set(),
    targetReads: new Set(),
    thisTargets: new Set(),
  };
  if (accesses.hasControlTransfer) return `\`${facts.label}\` contains a \`yield\``;
  if (step.kind === 'declare') {
    for (const id of collectBindingIdentifiers(step.declaration.name)) {
      const binding = scopes.resolve(id);
      if (binding) facts.results.add(binding);
    }
  } else if (step.kind === 'assign') {
    const target = step.target;
    if (!isSimpleTarget(target)) {
      return `\`${target.getText()}\` is not a plain variable or property, so it cannot be assigned from a destructuring`;
    }
    facts.targetReads = targetReads(target, scopes);
    if (ts.isIdentifier(target)) {
      const binding = scopes.resolve(target);
      if (binding) facts.results.add(binding);
      else facts.freeResults.add(target.text);
    } else {
      const root = rootOf(target);
      if (root && ts.isIdentifier(root)) {
        const binding = scopes.resolve(root);
        if (binding) facts.targetRoots.add(binding);
        else facts.freeResults.add(root.text);
      }
      const thisName = thisTargetName(target);
      if (thisName) facts.thisTargets.add(thisName);
    }
  }
  return facts;
}

function firstShared<T>(a: Iterable<T>, b: ReadonlySet<T>): T | undefined {
  for (const item of a) if (b.has(item)) return item;
  return undefined;
}

function bindingsChangedBy(accesses: Accesses): Set<Binding> {
  const changed = new Set<Binding>([...accesses.writes, ...accesses.mutates]);
  for (const m of accesses.methodMutations) changed.add(m.binding);
  return changed;
}

/** Does code call a method directly on `this` (which may read any field), or pass `this` along? */
function usesWholeThis(accesses: Accesses): boolean {
  if (accesses.thisReads.has('*')) return true;
  return accesses.calls.some((c) => {
    const callee = strip(c.expression);
    return ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword;
  });
}

/** `used`: whether each operation's result is kept (awaited for its value, not only for what it does). */
function conflictReason(a: Operation, b: Operation, aWhere: string, bWhere: string, used = { a: false, b: false }): string | undefined {
  if (!conflicts(a.effect, b.effect) || independentOperations(a.effect, b.effect, used.a, used.b)) return undefined;
  const withIntent = a.effect.intent ? a : b.effect.intent ? b : undefined;
  if (withIntent) {
    return `\`${withIntent.effect.label}\` looks like a deliberate ${withIntent.effect.intent} step, so what follows it must wait for it`;
  }
  const describe = (o: Operation): string => (o.effect.access === 'unknown' ? 'may change' : o.effect.access === 'write' ? 'writes' : 'reads');
  return `\`${a.effect.label}\` (${aWhere}) ${describe(a)} and \`${b.effect.label}\` (${bWhere}) ${describe(b)} what may be the same resource, so their order matters`;
}

/** Every impure call of a statement, callbacks included (a callback may run at any time). */
function impureCalls(accesses: Accesses, scopes: ScopeIndex): Operation[] {
  return accesses.calls.filter((c) => !isPureCall(c, scopes)).map((c) => ({ effect: classifyOperation(c, scopes) }));
}

export interface SafetyContext {
  scopes: ScopeIndex;
  types: TypeOracle | undefined;
}

export function unsafeReason(group: AwaitGroup, context: SafetyContext): string | undefined {
  const { scopes, types } = context;
  const first = group.statements[0]!;
  if (scopes.lookup('Promise', first)) return '`Promise` is a local name here, so `Promise.all` would not be the built-in';

  const facts: StepFacts[] = [];
  for (const step of group.steps) {
    const f = factsOf(step, scopes, types);
    if (typeof f === 'string') return f;
    facts.push(f);
  }

  if (types) {
    const thenables = group.steps.filter((s) => types.isThenable(s.await.expression) !== false);
    if (thenables.length < 2) {
      const plain = group.steps.find((s) => types.isThenable(s.await.expression) === false)!;
      return `\`${labelOf(plain.await.expression)}\` is not a promise, so there is nothing to overlap`;
    }
  }

  // Pattern defaults (`const { a = f() } = await …`) run after the await; after the fix, after all of them.
  for (const [i, f] of facts.entries()) {
    if (f.step.kind !== 'declare' || ts.isIdentifier(f.step.declaration.name)) continue;
    const pattern = collectAccesses(f.step.declaration.name, scopes);
    if (pattern.calls.some((c) => !isPureCall(c, scopes))) {
      return `the destructuring defaults of the ${ordinal(i)} await call functions, which would then run after every await`;
    }
    for (const later of facts.slice(i + 1)) {
      const changed = firstShared(pattern.reads, bindingsChangedBy(later.operand));
      if (changed) return `the destructuring defaults of the ${ordinal(i)} await read \`${changed.name}\`, which \`${later.label}\` may change`;
    }
  }

  // Assignment targets are evaluated after every await once combined: their roots must not change meanwhile.
  const changedAnywhere = new Set<Binding>();
  for (const f of facts) for (const b of bindingsChangedBy(f.operand)) changedAnywhere.add(b);
  for (const f of facts) for (const b of f.results) changedAnywhere.add(b);
  for (const m of group.moved) {
    if (!isNeutral(m.statement)) for (const b of bindingsChangedBy(collectAccesses(m.statement, scopes))) changedAnywhere.add(b);
  }
  for (const [i, f] of facts.entries()) {
    const root = firstShared(f.targetReads, changedAnywhere);
    if (root) return `the target of the ${ordinal(i)} await uses \`${root.name}\`, which another statement of the group changes`;
  }

  // Data and effects between each pair of awaits.
  for (let j = 1; j < facts.length; j++) {
    const later = facts[j]!;
    for (let i = 0; i < j; i++) {
      const earlier = facts[i]!;
      const where = `the ${ordinal(j)} await (\`${later.label}\`)`;
      const byResult = firstShared(later.operand.reads, new Set([...earlier.results, ...earlier.targetRoots]));
      if (byResult) return `${where} reads \`${byResult.name}\`, written by the ${ordinal(i)} (\`${earlier.label}\`)`;
      const byFreeResult = firstShared(later.operand.freeReads, earlier.freeResults);
      if (byFreeResult) return `${where} reads \`${byFreeResult}\`, written by the ${ordinal(i)} (\`${earlier.label}\`)`;
      const byCall = firstShared(later.operand.reads, bindingsChangedBy(earlier.operand));
      if (byCall) return `${where} reads \`${byCall.name}\`, which the ${ordinal(i)} (\`${earlier.label}\`) may change while it runs`;
      const byFreeCall = firstShared(later.operand.freeReads, earlier.operand.freeWrites);
      if (byFreeCall) return `${where} reads \`${byFreeCall}\`, which the ${ordinal(i)} (\`${earlier.label}\`) may change while it runs`;
      const thisField = firstShared(later.operand.thisReads, new Set([...earlier.thisTargets, ...earlier.operand.thisWrites]));
      if (thisField) return `${where} reads \`this.${thisField}\`, written by the ${ordinal(i)} (\`${earlier.label}\`)`;
      if (earlier.thisTargets.size > 0 && usesWholeThis(later.operand)) {
        return `${where} calls a method of \`this\`, which may read \`this.${[...earlier.thisTargets][0]}\` set by the ${ordinal(i)} await`;
      }
      const impureLater = later.operand.calls.some((c) => !isPureCall(c, scopes));
      if (impureLater) {
        for (const b of earlier.results) {
          if (earlier.step.kind === 'assign' && isOuterBinding(b, earlier.step.statement)) {
            return `\`${b.name}\` lives outside this function, and ${where} may read it before the ${ordinal(i)} await sets it`;
          }
        }
        const free = [...earlier.freeResults][0];
        if (free !== undefined) return `\`${free}\` is a global, and ${where} may read it before the ${ordinal(i)} await sets it`;
      }
      for (const a of earlier.operations) {
        for (const b of later.operations) {
          const used = { a: earlier.step.kind !== 'discard', b: later.step.kind !== 'discard' };
          const reason = conflictReason(a, b, `${ordinal(i)} await`, `${ordinal(j)} await`, used);
          if (reason) return reason;
          if (conflicts(a.effect, b.effect) && refersToStoredRecord(earlier.step.await.expression, a.effect, later.operand.reads, scopes)) {
            return `${where} refers to the record the ${ordinal(i)} (\`${earlier.label}\`) stores, which might not exist yet`;
          }
        }
      }
    }
  }

  return movedStatementsReason(group, facts, scopes) ?? sharedModelReason(group, facts, scopes, types);
}

/** The function (or module) whose body holds the group. */
function ownerOf(statement: ts.Node): ts.Node {
  let node: ts.Node | undefined = statement.parent;
  while (node && !isFunctionScope(node) && !ts.isSourceFile(node)) node = node.parent;
  return node ?? statement.getSourceFile();
}

const BARRIERS: Record<string, string> = {
  'await-in-other-position': 'awaits in a position the group cannot hold',
  'await-using': 'is an `await using` declaration',
  'nested-await': 'awaits inside its operand',
  'control-transfer': 'may leave the function',
  'not-an-operation': 'awaits a value or a promise that already runs, so there is nothing to start together',
  'not-a-promise': 'does not await a promise',
  'already-concurrent': 'is already a `Promise.all`/`allSettled`; back-to-back batches are often deliberate (to limit load)',
  'shared-state': 'changes state shared beyond this function',
  'call-between': 'calls a function that may depend on the order',
};

const BLOCKERS: Record<string, string> = {
  data: 'uses data the other produces or changes',
  'this-state': 'shares state on `this` with the other',
  'shared-state': 'may see module state the other changes',
  effects: 'may touch the same resource as the other',
  'uses-statement-between': 'uses what a statement between them computes',
  'changes-statement-between': 'changes what a statement between them uses',
  'already-concurrent': 'is a `Promise.all`/`allSettled` right after another; back-to-back batches are often deliberate (to limit load)',
  'same-operation': 'repeats an operation of the other (a re-read, not a second thing to wait for)',
};

/**
 * The group the rule's own model finds for these awaits today (the same members), or undefined: asked
 * once per fix attempt and shared by the hoisting and the safety check (the grouping asks the checker).
 * Kept with the parse, by first statement: every attempt on the same awaits (each code-action request)
 * finds the answer of the first.
 */
const MODEL_GROUPS = memoKind<ts.Statement, Array<{ steps: readonly ts.Statement[]; last: ts.Statement; types: TypeOracle | undefined; found: ModelGroup | null }>>('model groups by first statement');

function modelGroupOf(group: AwaitGroup, context: SafetyContext): ModelGroup | undefined {
  const first = group.statements[0]!;
  const last = group.statements[group.statements.length - 1]!;
  const stepStatements = group.steps.map((s) => s.statement);
  const byFirst = context.scopes.memo(MODEL_GROUPS);
  let known = byFirst.get(first);
  const same = known?.find((k) => k.types === context.types && k.last === last && k.steps.length === stepStatements.length &&
    k.steps.every((s, i) => s === stepStatements[i]));
  if (same) return same.found ?? undefined;
  const env = createIndependenceEnv(ownerOf(first), context.scopes, context.types);
  const found = groupFoundWith(stepStatements, context.scopes, context.types) ?? findAwaitGroups(group.statements, env).find((g) =>
    g.members.length === stepStatements.length && g.members.every((m, i) => m.statement === stepStatements[i])) ?? null;
  if (!known) byFirst.set(first, (known = []));
  known.push({ steps: stepStatements, last, types: context.types, found });
  return found ?? undefined;
}

/**
 * The statements between the awaits that the rule's grouping moves above the group (a later await needs
 * what they compute, and they need nothing of the earlier awaits). Empty when the rule finds no such group.
 */
export function hoistedStatements(group: AwaitGroup, context: SafetyContext): ts.Statement[] {
  return modelGroupOf(group, context)?.hoisted ?? [];
}

/**
 * The same independence model the rule uses, asked again on today's code: the group must still be
 * one of the groups it finds (this also covers transactions and `try`/`catch` handlers that see
 * how far the awaits got).
 */
function sharedModelReason(group: AwaitGroup, facts: readonly StepFacts[], scopes: ScopeIndex, types: TypeOracle | undefined): string | undefined {
  const env = createIndependenceEnv(ownerOf(group.statements[0]!), scopes, types);
  const modelGroup = modelGroupOf(group, { scopes, types });
  if (modelGroup) {
    return failureKeepsPartialResults(modelGroup, env)
      ? 'inside this `try`, a failure leaves the results already assigned for the code after it; with Promise.all none would be (Promise.allSettled keeps each result, but that is a rewrite to make by hand)'
      : undefined;
  }
  const stepStatements = group.steps.map((s) => s.statement);
  const members: AwaitMember[] = [];
  for (const [i, statement] of stepStatements.entries()) {
    const role = roleOf(statement, env);
    if (role.kind !== 'member') {
      const why = role.kind === 'barrier' ? BARRIERS[role.reason] ?? `is a deliberate ${role.reason} step` : 'is not an await the model recognises';
      return `the ${ordinal(i)} await (\`${facts[i]!.label}\`) ${why}`;
    }
    members.push(role.member);
  }
  for (let j = 1; j < members.length; j++) {
    for (let i = 0; i < j; i++) {
      const blocker = overlapBlocker(members[i]!, members[j]!, env);
      if (blocker) return `the ${ordinal(j)} await (\`${facts[j]!.label}\`) ${BLOCKERS[blocker] ?? blocker} (the ${ordinal(i)}, \`${facts[i]!.label}\`)`;
    }
  }
  for (const { statement, after } of group.moved) {
    const role = roleOf(statement, env);
    if (role.kind === 'barrier') return `the statement \`${describeStatement(statement)}\` between the awaits ${BARRIERS[role.reason] ?? role.reason}`;
    if (role.kind !== 'between') continue;
    for (const [j, member] of members.entries()) {
      if (j <= after) continue;
      const blocker = betweenBlocker(role.accesses, member);
      if (blocker) return `the ${ordinal(j)} await (\`${facts[j]!.label}\`) ${BLOCKERS[blocker] ?? blocker} (\`${describeStatement(statement)}\`)`;
    }
  }
  // What is left in the model is the `try` check: a handler that sees how far the awaits got.
  return 'the awaits no longer form one group: inside this `try`, the `catch`/`finally` (or state that outlives it) would see a different outcome when one of the awaits fails';
}

/** Statements that do nothing when reached (hoisted functions, types): moving them changes nothing. */
const isNeutral = (s: ts.Statement): boolean =>
  ts.isFunctionDeclaration(s) || ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isEmptyStatement(s);

/** Anything that runs and can be re-run later, except declarations with a temporal dead zone or module meaning. */
const MOVABLE = (s: ts.Statement): boolean =>
  !(ts.isClassDeclaration(s) || ts.isEnumDeclaration(s) || ts.isModuleDeclaration(s) || ts.isImportDeclaration(s) ||
    ts.isImportEqualsDeclaration(s) || ts.isExportDeclaration(s) || ts.isExportAssignment(s) ||
    (ts.isVariableStatement(s) && isUsingDeclaration(s.declarationList)));

/** A statement between awaits runs, after the fix, once every operation has started and finished. */
function movedStatementsReason(group: AwaitGroup, facts: StepFacts[], scopes: ScopeIndex): string | undefined {
  for (const { statement, after } of group.moved) {
    if (isNeutral(statement)) continue;
    const text = `\`${describeStatement(statement)}\``;
    if (!MOVABLE(statement)) return `the statement ${text} between the awaits cannot be moved after them`;
    const accesses = collectAccesses(statement, scopes);
    if (accesses.awaits.length > 0 || accesses.forAwaits.length > 0) return `the statement ${text} between the awaits waits itself`;
    if (accesses.hasControlTransfer) return `the statement ${text} between the awaits may leave the function`;
    const changed = bindingsChangedBy(accesses);
    const calls = impureCalls(accesses, scopes);
    for (const later of facts.slice(after + 1)) {
      const where = `\`${later.label}\``;
      const read = firstShared(later.operand.reads, changed);
      if (read) return `${where} reads \`${read.name}\`, set by ${text} before it`;
      const freeRead = firstShared(later.operand.freeReads, accesses.freeWrites);
      if (freeRead) return `${where} reads \`${freeRead}\`, set by ${text} before it`;
      const changedByLater = firstShared(accesses.reads, bindingsChangedBy(later.operand));
      if (changedByLater) return `${text} reads \`${changedByLater.name}\`, which ${where} may change`;
      const laterTargets = new Set([...later.results, ...later.targetRoots]);
      const readTarget = firstShared(accesses.reads, laterTargets);
      if (readTarget && later.step.kind === 'assign') return `${text} reads \`${readTarget.name}\` before a later await assigns it`;
      const writtenTarget = firstShared(changed, laterTargets);
      if (writtenTarget) return `${text} writes \`${writtenTarget.name}\`, which a later await also assigns`;
      const freeTarget = firstShared([...accesses.freeReads, ...accesses.freeWrites], later.freeResults);
      if (freeTarget) return `${text} uses \`${freeTarget}\`, which a later await assigns`;
      if (later.thisTargets.size > 0 && (accesses.thisReads.size > 0 || accesses.thisWrites.size > 0)) {
        return `${text} uses \`this\`, whose \`${[...later.thisTargets][0]}\` a later await assigns`;
      }
      const thisField = firstShared(later.operand.thisReads, accesses.thisWrites);
      if (thisField) return `${where} reads \`this.${thisField}\`, set by ${text} before it`;
      if (accesses.thisWrites.size > 0 && usesWholeThis(later.operand)) return `${where} calls a method of \`this\` after ${text} changes it`;
      for (const call of calls) {
        for (const operation of later.operations) {
          const reason = conflictReason(call, operation, 'between the awaits', 'a later await');
          if (reason) return reason;
        }
      }
    }
  }
  return undefined;
}
