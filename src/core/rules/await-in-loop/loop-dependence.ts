import { ts } from 'ts-morph';
import { classifyCall, classifyOperation, isInstrumentationCall, isLoggingCall, nameWords, SINGLE_RECORD_READS, viaTransactionClient, type CallEffect } from '../../effects';
import { isAssignmentOperator as isAssignment, rootOf } from '../../data-flow';
import { bodySummary, returnsPlainValue as returnsPlainValueOf } from '../../independence';
import { classMethodNamed, constInitializer, functionOfBinding, isFunctionScope, isReferenceIdentifier, sameFileCallee, type Binding, type ScopeIndex } from '../../scope';
import { functionName } from '../../execution-context';
import type { LoopShape } from './loop-shape';
import { isWithin, lastNameOf, outermostExpression } from '../../index-loop';
import { stripExpression } from './loop-shape';
import {
  calleeParts, callsPromptLibrary, isErrorLogging, MIGRATION_NAME, ORDERED_APPEND_NAMES, runsInTransactionCallback, sequencingReasonOf, TRANSACTION_ARGUMENT, type SequencingReason,
} from './sequencing-calls';

/**
 * Do the iterations of a loop depend on each other? PRECISION.md, "An await inside a loop may
 * become Promise.all". The answer is "independent" only when every check passes; anything the
 * analysis does not understand counts as dependent.
 */
export type DependenceReason =
  | SequencingReason
  | 'accumulator' | 'shared-object' | 'instance-state' | 'global-write' | 'collection-mutated' | 'collector-read'
  | 'exit' | 'continue-after-await' | 'yield' | 'for-await' | 'await-not-a-call' | 'same-operation'
  | 'same-resource' | 'index-arithmetic' | 'pipeline' | 'sorted-collection' | 'batch' | 'stated-order' | 'synchronous-callee';

export type LoopVerdict =
  /** `perItemAwaits`: awaits of a call whose inputs differ per iteration, in source order (nested loops' included). */
  | { independent: true; perItemAwaits: ts.AwaitExpression[] }
  | { independent: false; reason: DependenceReason; at: ts.Node };

const COLLECTOR_METHODS = new Set(['push', 'add', 'set']);
/** Synchronous in-place changes of a shared collection or object: order-sensitive across iterations. */
const MUTATING_METHODS = new Set(['pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'clear', 'delete']);
/**
 * Collections of steps run in order: migrations, seeds, scripts whatever is done with them
 * (`db.query(migration.sql)`), and code (hooks, plugins, middleware) when the loop runs the item.
 */
const STEP_DATA_WORD = /(migration|step|stage|phase|seed|seeder|patch|script|command|fixture|pipeline|initiali[sz]er)(s|es)?$/;
/**
 * Steps that are code: steps when the loop runs them (`await hook(ctx)`, `app.register(plugin)`); `hooks`
 * holding webhooks the loop only reads (`axios.head(hook.url)`) are endpoints.
 */
const CALLABLE_STEP_WORD = /(middleware|hook|plugin|handler|listener|callback|reducer|interceptor|guard|transform|transformer|pipe)(s|es)?$/;
/** Both: the whole path of an inner loop (`field.hooks.beforeDuplicate`) names steps it runs. */
const PIPELINE_WORD = new RegExp(`${STEP_DATA_WORD.source}|${CALLABLE_STEP_WORD.source}`);
/** A list named for the order it is in: `ERASURE_ORDER`, `bootSequence`, `shutdownOrder` (not `orders`, which is data). */
function namesAnOrder(name: string): boolean {
  const words = nameWords(name);
  return words.length > 0 && /^(order|sequence)$/.test(words[words.length - 1]!);
}
/** `answers.push(await …)`, `byId.set(key, await …)`: the awaited result goes straight into a collection. */
function resultCollected(awaited: ts.Node): boolean {
  const node = outermostExpression(awaited);
  const call = node.parent;
  return ts.isCallExpression(call) && call.arguments.includes(node as ts.Expression) && ts.isPropertyAccessExpression(call.expression) &&
    COLLECTOR_METHODS.has(call.expression.name.text);
}

/** Names of what a step works on rather than what it is asked about: connections, contexts, state, builders. */
const WORKED_ON = /^(db|database|conn|connection|client|pool|knex|tx|trx|transaction|session|queryRunner|manager|ctx|context|state|store|app|server|router|program|builder|doc|document|acc|accumulator|memo|config|env|options|opts)$/i;

/** An argument that is data handed to each item (`parcel`, `{ from, to }`, `'EUR'`), not something it works on. */
function isPlainData(argument: ts.Expression): boolean {
  const e = stripExpression(argument);
  if (ts.isStringLiteralLike(e) || ts.isNumericLiteral(e) || ts.isObjectLiteralExpression(e)) return true;
  const last = lastNameOf(e);
  return last !== undefined && !WORKED_ON.test(last) && !/(Client|Connection|Context|State|Store|Builder|Manager|Session|Tx)$/.test(last);
}

/** An event hook a plugin, process or action implements: `onActivate`, `onTransitionEnd`, `beforeSave`, `afterCreate`. */
const EVENT_HOOK_NAME = /^(on|before|after)[A-Z]/;

/** Items that are steps only when the loop runs them (`await task.run(ctx)`); `processJob(job)` is per item. */
const RUNNABLE_WORD = /(task|job|rule|action|check|test|spec|suite)s?$/;

/**
 * Whether a word of the names in `text` ends in one of `pattern`'s words: `beforeHooks` and `prehooks` name
 * hooks; `subscriptionIds` names no script and `checkoutItems` no check.
 */
function namesWord(text: string, pattern: RegExp): boolean {
  return text.split(/[^\w$]+/).some((name) => name !== '' && nameWords(name).some((word) => pattern.test(word)));
}

/** Effects-model resources that name a whole table, service or module rather than one key in it. */
const COLLECTION_LEVEL_RESOURCE = /^(receiver|module|table|sql|db|orm|collection|service):/;

/** Methods that compute a value and change nothing; calling one as a statement is harmless. */
const PURE_METHODS = new Set([
  'map', 'filter', 'reduce', 'find', 'findIndex', 'some', 'every', 'slice', 'concat', 'join', 'includes', 'indexOf',
  'flat', 'flatMap', 'at', 'keys', 'values', 'entries', 'toString', 'trim', 'split', 'startsWith', 'endsWith',
  'replace', 'toLowerCase', 'toUpperCase', 'get', 'has', 'forEach', 'then', 'catch', 'finally',
]);

/** Globals whose methods called as statements change nothing shared between iterations (console is ordered output). */
const BUILT_IN_NAMESPACES = new Set(['Object', 'Array', 'JSON', 'Math', 'Promise', 'Reflect', 'Number', 'String', 'Date', 'Symbol', 'BigInt']);

const PROMISE_COMBINATORS = new Set(['all', 'allSettled', 'any', 'race']);
/** Writing back a record that was read: Mongoose documents, Sequelize and TypeORM active records. */
const RECORD_SAVES = new Set(['save', 'update', 'increment', 'decrement', 'updateOne']);

/**
 * A cache key that names one record by its own id: `user:{u.id}`, `session:{sessionId}`, `device:{device.deviceId}`.
 * A field naming another record (`device:{reading.deviceId}`) may be the same for two items of a batch.
 */
function namesOwnRecord(resource: string): boolean {
  for (const match of resource.matchAll(/\{([^{}@]*)@\d+\}/g)) {
    const parts = match[1]!.split('.');
    const last = parts[parts.length - 1]!;
    if (parts.length === 1 ? /(id|Id|ID|uuid|Uuid)$/.test(last) : /^(_?id|ID|Id|uuid)$/.test(last)) return true;
    const owner = /^(\w+?)(Id|ID|Uuid)$/.exec(last)?.[1]?.toLowerCase();
    if (parts.length > 1 && owner && parts[parts.length - 2]!.toLowerCase().includes(owner)) return true;
  }
  return false;
}
/** Methods that run the SQL text they are given (pg, mysql2, knex.raw, Sequelize, pg-promise, Prisma's unsafe raw). */
const SQL_RUNNERS = new Set(['query', 'execute', 'exec', 'raw', 'run', 'none', 'any', 'many', 'multi', 'unsafe', '$executeRawUnsafe', '$queryRawUnsafe']);

/** `INSERT INTO t … FROM t`, `UPDATE t SET n = (SELECT … FROM t …)`: a write that reads its own table. */
function readsTheTableItWrites(sql: string): boolean {
  const written = /^\s*(?:INSERT\s+INTO|UPDATE)\s+("?[\w.]+"?)/i.exec(sql)?.[1];
  if (!written) return false;
  const table = written.replace(/"/g, '').toLowerCase();
  return [...sql.matchAll(/\b(?:FROM|JOIN)\s+("?[\w.]+"?)/gi)].some((m) => m[1]!.replace(/"/g, '').toLowerCase() === table);
}

/** The strings of a literal list (`const statements = ['CREATE …', `ALTER …`]`), or undefined when it is not one. */
function literalStrings(collection: ts.Expression, scopes: ScopeIndex): string[] | undefined {
  let e: ts.Expression | undefined = stripExpression(collection);
  if (ts.isIdentifier(e)) {
    const initializer = constInitializer(scopes.resolve(e));
    e = initializer && stripExpression(initializer);
  }
  if (!e || !ts.isArrayLiteralExpression(e)) return undefined;
  const texts: string[] = [];
  for (const element of e.elements) {
    if (ts.isStringLiteralLike(element)) texts.push(element.text);
    else if (ts.isTemplateExpression(element)) texts.push(element.head.text);
    else return undefined;
  }
  return texts;
}
/** A collection of batches: each iteration is already a concurrent group, and the loop bounds how many run. */
const BATCH_COLLECTION = /chunk|batch|page|group|slice|window|bucket|partition/i;
/** `for (const ids of chunk(all, 100)) await db.update(ids)`: the list is cut into groups so that each round stays small. */
const BATCHING_FUNCTIONS = /^(chunk|chunks|chunked|batch|batches|batched|splitEvery|inGroupsOf|partitionBy|toChunks|chunkArray|splitIntoChunks)$/i;

/**
 * A comment in or right above the loop that says the order is deliberate: "one at a time so hooks run",
 * "concurrent writes interleave on one connection", "run these one after another".
 */
const STATED_ORDER = /one (at a|by) (time|one)|one-by-one|one after (the )?(other|another)|sequential(ly)?\b|\bserial(ly|i[sz]ed?)?\b|in (the )?(same |right |correct |this |reverse |reversed |sorted |original |insertion )?order\b|in sequence|(not|never|avoid|don'?t|do not)( run| do| be)?( them| it| this)? (in )?parallel|concurrent(ly)? .*(interleave|race|conflict|deadlock|hang)|\binterleav|race condition|rate.?limit|throttl|(not|avoid|don'?t|to not) (to )?(overload|overwhelm|hammer|hang)/i;
/** `if (options.sequential) for (…) await …; else await Promise.all(…)`: the loop is the chosen sequential path. */
/** Keys that name the one record a call writes. */
const RECORD_KEY = /^(id|_id|uuid)$/;
/** Calls that make a new record: an `id` they are given points at something else (a parent, an owner). */
const CREATING_NAME = /^(create|insert|add|push|send|post|enqueue|publish|emit|notify|log|track|record)/i;
const APPLY_NAME = /^(apply|reapply|replay|rebase|promote)([A-Z_]|$)/;
/** Keys that name where a message goes: one thread or chat for every iteration keeps the order readers see. */
const CONVERSATION_KEY = /^(channel|channelId|channel_id|thread|thread_ts|threadTs|threadId|thread_id|chat|chatId|chat_id|conversation|conversationId|room|roomId|topic|to)$/;
const CONVERSATION_NAME = /(chat|channel|thread|room|conversation)(Id|_id|Ts)?$/i;
/** A chat bot's answers: Telegraf's and grammY's `reply…`, discord.js's `followUp` and `react`. */
const CHAT_ANSWER_METHOD = /^(reply(With[A-Z]\w*)?|followUp|react)$/;
/** Callback parameters named for being called back, whatever they do. */
const GENERIC_CALLBACK = /^(fn|func|f|cb|callback|iteratee|iterator|task|handler|step|worker|visitor|visit|mapper|action|run|exec|execute|op|operation|job)$/i;
/** Helpers whose name says they walk a list in some order: `eachSeries`, `forEachAsync`, `mapSequential`, `runInOrder`. */
const ITERATION_HELPER = /each|series|sequen|serial|iterate|inorder|in_order|oneby|oneat|forof|mapasync|runall/i;
/** A list of changes (`changes`, `patches`, `mutations`, `ops`): written one on top of another, the last must win. */
const CHANGE_LIST = /change|mutation|operation|^ops$|edit|diff|delta|journal|revision|event/i;
const SEQUENTIAL_FLAG = /sequential|serial|inOrder|ordered|oneByOne|oneAtATime|parallel|concurren/i;

/** `for (const m of messages.sort(byPriority))`: the loop runs in an order chosen on purpose. */
const ORDERING_METHODS = new Set(['sort', 'toSorted', 'reverse', 'toReversed']);
/** HTTP client methods that replace or remove what a URL names (a POST to one URL adds a new thing each time). */
const URL_REPLACING_METHODS = new Set(['put', 'patch', 'delete', 'del']);
/**
 * `[...scans].sort(byTime)`, `rows.toSorted((a, b) => a.seq - b.seq)`, `items.slice().reverse()`: a list put in an
 * order of its own. A bare `.sort()` (file names sorted for a stable output) says nothing about the loop.
 */
function isOrderingCall(expression: ts.Expression): boolean {
  const e = stripExpression(expression);
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression) || !ORDERING_METHODS.has(e.expression.name.text)) return false;
  const method = e.expression.name.text;
  return method === 'reverse' || method === 'toReversed' || e.arguments.length > 0;
}
/** `for (const child of sortedChildren)`: a collection put in order for this loop. */
const ORDERED_NAME = /^(sorted|ordered|reversed)([A-Z_]|$)/;

const ARITHMETIC = new Set([
  ts.SyntaxKind.PlusToken, ts.SyntaxKind.MinusToken, ts.SyntaxKind.AsteriskToken, ts.SyntaxKind.SlashToken,
  ts.SyntaxKind.PercentToken, ts.SyntaxKind.AsteriskAsteriskToken,
]);


class Dependent {
  constructor(readonly reason: DependenceReason, readonly at: ts.Node) {}
}

/** The last identifier of a collection expression, for naming checks: `config.migrations` → `migrations`. */
function collectionName(collection: ts.Expression): string | undefined {
  let e = stripExpression(collection);
  for (;;) {
    if (ts.isCallExpression(e)) {
      // Object.values(hooks), hooks.entries()
      const args = e.arguments;
      if (ts.isPropertyAccessExpression(e.expression) && ts.isIdentifier(e.expression.expression) && e.expression.expression.text === 'Object' && args[0]) {
        e = stripExpression(args[0]);
      } else e = stripExpression(e.expression);
    } else if (ts.isPropertyAccessExpression(e)) {
      if (['entries', 'keys', 'values'].includes(e.name.text)) e = stripExpression(e.expression);
      else return e.name.text;
    } else if (ts.isIdentifier(e)) return e.text;
    else return undefined;
  }
}

export function analyseLoop(shape: LoopShape, scopes: ScopeIndex): LoopVerdict {
  try {
    return new LoopAnalysis(shape, scopes).run();
  } catch (error) {
    if (error instanceof Dependent) return { independent: false, reason: error.reason, at: error.at };
    throw error;
  }
}

class LoopAnalysis {
  private readonly loopStart: number;
  private readonly loopEnd: number;
  /** Identifiers of the body; resolved at the end, and only those named like a collection results go into. */
  private readonly identifiers: ts.Identifier[] = [];
  /** Outer collections results are put into, and how many references do only that. */
  private readonly collectorUses = new Map<Binding, number>();
  /** Names declared by the loop or in it: an identifier with another name cannot be per-iteration. */
  private declaredNames: Set<string> | undefined;
  /** The body reads `record.kinesis`/`record.dynamodb` of the item (see readsStreamRecords), once asked. */
  private streamRecords: boolean | undefined;
  private readonly awaits: ts.AwaitExpression[] = [];
  private readonly continues: ts.Node[] = [];
  /** `break`s that leave the loop; judged once every await is known. */
  private readonly breaks: ts.BreakStatement[] = [];
  /** Outer collections that iterations push/add/set into. */
  private readonly appendedTo = new Set<Binding>();
  /** Calls in the body of functions of this file (`check()`): they may read what the iterations collect. */
  private readonly helperCalls: Array<{ call: ts.CallExpression; helper: ts.FunctionLikeDeclaration }> = [];
  private iterationNames: RegExp | undefined;
  /** Each awaited call's effect, classified once (several checks ask about the same awaits). */
  private readonly effects = new Map<ts.CallExpression, CallEffect>();

  constructor(private readonly shape: LoopShape, private readonly scopes: ScopeIndex) {
    this.loopStart = shape.loop.pos;
    this.loopEnd = shape.loop.end;
  }

  private fail(reason: DependenceReason, at: ts.Node): never {
    throw new Dependent(reason, at);
  }

  /** Declared by the loop or anywhere inside it (including in callbacks there): not shared with code outside. */
  isDeclaredInLoop = (binding: Binding): boolean => {
    if (this.shape.itemBindings.has(binding)) return true;
    const at = binding.declaration.pos;
    return at >= this.loopStart && at < this.loopEnd;
  };

  /**
   * Declared by the loop (its item or index) or in its body at the loop's own level: a fresh value
   * every iteration. A callback's parameter (`users.map((user) => …)`) is not, even if it shadows the item.
   */
  private isPerIteration(binding: Binding): boolean {
    if (this.shape.itemBindings.has(binding)) return true;
    if (!this.isDeclaredInLoop(binding)) return false;
    for (let p: ts.Node | undefined = binding.scope; p && p !== this.shape.loop; p = p.parent) {
      if (isFunctionScope(p)) return false;
    }
    return true;
  }

  /** `i`, `id`: a plain name of this iteration's own (not `i + 1`). */
  private isPerIterationName(expression: ts.Expression): boolean {
    const e = stripExpression(expression);
    const binding = ts.isIdentifier(e) ? this.scopes.resolve(e) : undefined;
    return binding !== undefined && this.isPerIteration(binding);
  }

  private isIndexBinding(binding: Binding): boolean {
    return this.shape.index !== undefined && this.shape.itemBindings.has(binding);
  }

  /** Does the code mention anything that differs per iteration? */
  private variesPerIteration(node: ts.Node): boolean {
    const names = this.namesDeclaredInLoop();
    const stack: ts.Node[] = [node];
    while (stack.length > 0) {
      const current = stack.pop()!;
      if (ts.isIdentifier(current)) {
        if (names.has(current.text) && isReferenceIdentifier(current)) {
          const binding = this.scopes.resolve(current);
          if (binding && this.isPerIteration(binding)) return true;
        }
        continue;
      }
      ts.forEachChild(current, (child) => {
        stack.push(child);
      });
    }
    return false;
  }

  private namesDeclaredInLoop(): Set<string> {
    if (this.declaredNames) return this.declaredNames;
    const names = new Set<string>();
    for (const binding of this.shape.itemBindings) names.add(binding.name);
    const stack: ts.Node[] = [this.shape.body];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (ts.isIdentifier(node)) {
        const parent = node.parent;
        if ((ts.isVariableDeclaration(parent) || ts.isBindingElement(parent) || ts.isParameter(parent) ||
             ts.isFunctionDeclaration(parent) || ts.isClassDeclaration(parent)) && parent.name === node) names.add(node.text);
        continue;
      }
      ts.forEachChild(node, (child) => {
        stack.push(child);
      });
    }
    return (this.declaredNames = names);
  }

  run(): LoopVerdict {
    const { body } = this.shape;
    // Iterative walk; `nested` is true inside functions declared in the body (callbacks may run at any time,
    // so their writes count, but their awaits and returns are their own).
    const stack: Array<{ node: ts.Node; nested: boolean }> = [{ node: body, nested: false }];
    while (stack.length > 0) {
      const { node, nested } = stack.pop()!;
      if (node === this.shape.indexIncrement) continue;
      this.visit(node, nested);
      const childNested = nested || isFunctionScope(node);
      ts.forEachChild(node, (child) => {
        stack.push({ node: child, nested: childNested });
      });
    }

    if (runsInTransactionCallback(this.shape.loop)) this.fail('transaction', this.shape.loop);
    if (isUndoStep(this.shape.loop)) this.fail('transaction', this.shape.loop);
    const ordered = stripExpression(this.shape.collection);
    if (ts.isCallExpression(ordered) && ts.isPropertyAccessExpression(ordered.expression) && ORDERING_METHODS.has(ordered.expression.name.text)) {
      this.fail('sorted-collection', ordered);
    }
    const orderedName = collectionName(ordered);
    if (orderedName !== undefined && ORDERED_NAME.test(orderedName)) this.fail('sorted-collection', ordered);
    this.checkSortedBefore(ordered);
    // `for (const ids of chunk(all, 100))`, or `const chunks = chunk(all, 100); for (const ids of chunks)`.
    const held = ts.isIdentifier(ordered) ? constInitializer(this.scopes.resolve(ordered)) : undefined;
    const cut = ts.isCallExpression(ordered) ? ordered : held && stripExpression(held);
    if (cut && ts.isCallExpression(cut)) {
      const { name } = calleeParts(cut);
      if (name !== undefined && BATCHING_FUNCTIONS.test(name)) this.fail('batch', ordered);
    }
    this.checkStatedOrder();

    // for (const url of queue) { …; queue.push(next) }: a work list, not a fixed collection.
    const collectionRoot = rootOf(stripExpression(this.shape.collection));
    const collectionBinding = collectionRoot && ts.isIdentifier(collectionRoot) ? this.scopes.resolve(collectionRoot) : undefined;
    if (collectionBinding && this.appendedTo.has(collectionBinding)) this.fail('collection-mutated', this.shape.collection);

    if (this.collectorUses.size > 0) {
      // Results collected into an array or map are fine only if no iteration reads that collection.
      const names = new Set([...this.collectorUses.keys()].map((binding) => binding.name));
      const references = new Map<Binding, number>();
      for (const id of this.identifiers) {
        if (!names.has(id.text) || !isReferenceIdentifier(id)) continue;
        const binding = this.scopes.resolve(id);
        if (binding) references.set(binding, (references.get(binding) ?? 0) + 1);
      }
      for (const [binding, uses] of this.collectorUses) {
        if ((references.get(binding) ?? 0) > uses) this.fail('collector-read', binding.declaration);
      }
      // `failures.push(id); assertNoFailures();` where the closure throws when `failures` is not empty: the read
      // is in the helper's body, and run together the iterations would see one another's entries.
      for (const { call, helper } of this.helperCalls) {
        const reads = bodySummary(helper, this.scopes).outerReads;
        for (const binding of this.collectorUses.keys()) if (reads.includes(binding)) this.fail('collector-read', call);
      }
    }

    this.awaits.sort((a, b) => a.pos - b.pos);
    const firstAwait = this.awaits[0];
    if (firstAwait) {
      for (const node of this.continues) if (node.pos > firstAwait.pos) this.fail('continue-after-await', node);
    }
    // `if (i >= MAX_PREVIEWS) break;` before anything is awaited, on the index or item alone: the loop takes a
    // prefix of the collection, decided before any work starts. Any other break ends the loop on a result.
    for (const node of this.breaks) {
      if (!firstAwait || node.pos > firstAwait.pos || !this.decidedByItemAlone(node)) this.fail('exit', node);
    }
    this.checkGetOrCreate();
    const perItemAwaits = this.awaits.filter((awaited) => this.checkAwait(awaited));
    return { independent: true, perItemAwaits };
  }

  private visit(node: ts.Node, nested: boolean): void {
    switch (node.kind) {
      case ts.SyntaxKind.Identifier:
        this.identifiers.push(node as ts.Identifier);
        return;
      case ts.SyntaxKind.AwaitExpression:
        if (!nested) this.awaits.push(node as ts.AwaitExpression);
        return;
      case ts.SyntaxKind.ForOfStatement:
        if (!nested && (node as ts.ForOfStatement).awaitModifier) this.fail('for-await', node);
        this.checkForTarget(node as ts.ForOfStatement);
        return;
      case ts.SyntaxKind.ForInStatement:
        this.checkForTarget(node as ts.ForInStatement);
        return;
      case ts.SyntaxKind.YieldExpression:
        if (!nested) this.fail('yield', node);
        return;
      case ts.SyntaxKind.ReturnStatement:
        if (!nested) this.fail('exit', node);
        return;
      case ts.SyntaxKind.ThrowStatement:
        if (!nested && this.throwEscapes(node)) this.fail('exit', node);
        return;
      case ts.SyntaxKind.BreakStatement:
        if (!nested && this.leavesLoop(node as ts.BreakStatement)) this.breaks.push(node as ts.BreakStatement);
        return;
      case ts.SyntaxKind.ContinueStatement:
        if (!nested) this.checkContinue(node as ts.ContinueStatement);
        return;
      case ts.SyntaxKind.BinaryExpression: {
        const binary = node as ts.BinaryExpression;
        if (isAssignment(binary.operatorToken.kind)) this.checkWrite(binary.left, binary.operatorToken.kind, node);
        return;
      }
      case ts.SyntaxKind.PrefixUnaryExpression:
      case ts.SyntaxKind.PostfixUnaryExpression: {
        const unary = node as ts.PrefixUnaryExpression | ts.PostfixUnaryExpression;
        if (unary.operator === ts.SyntaxKind.PlusPlusToken || unary.operator === ts.SyntaxKind.MinusMinusToken) {
          this.checkWrite(unary.operand, unary.operator, node);
        }
        return;
      }
      case ts.SyntaxKind.DeleteExpression:
        this.checkWrite((node as ts.DeleteExpression).expression, ts.SyntaxKind.DeleteKeyword, node);
        return;
      case ts.SyntaxKind.ElementAccessExpression:
        this.checkIndexArithmetic(node as ts.ElementAccessExpression);
        return;
      case ts.SyntaxKind.CallExpression:
      case ts.SyntaxKind.NewExpression:
        this.checkCall(node as ts.CallExpression | ts.NewExpression);
        return;
      default:
        return;
    }
  }

  private addCollectorUse(binding: Binding): void {
    this.collectorUses.set(binding, (this.collectorUses.get(binding) ?? 0) + 1);
  }

  /** `for (x of …)` without a declaration writes `x` each time round. */
  private checkForTarget(node: ts.ForOfStatement | ts.ForInStatement): void {
    if (!ts.isVariableDeclarationList(node.initializer)) this.checkWrite(node.initializer, ts.SyntaxKind.EqualsToken, node);
  }

  private checkWrite(target: ts.Expression, operator: ts.SyntaxKind, at: ts.Node): void {
    const t = stripExpression(target);
    if (ts.isArrayLiteralExpression(t)) {
      for (const element of t.elements) this.checkWrite(ts.isSpreadElement(element) ? element.expression : element, operator, at);
      return;
    }
    if (ts.isObjectLiteralExpression(t)) {
      for (const property of t.properties) {
        if (ts.isShorthandPropertyAssignment(property)) this.checkWrite(property.name, operator, at);
        else if (ts.isPropertyAssignment(property)) this.checkWrite(property.initializer, operator, at);
        else if (ts.isSpreadAssignment(property)) this.checkWrite(property.expression, operator, at);
      }
      return;
    }
    if (ts.isBinaryExpression(t) && t.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      this.checkWrite(t.left, operator, at); // a default value in a destructuring target
      return;
    }
    if (ts.isIdentifier(t)) {
      const binding = this.scopes.resolve(t);
      if (!binding) this.fail('global-write', at);
      // The index of an index loop carries over to the next iteration; so does anything declared outside.
      if (!this.isDeclaredInLoop(binding) || this.isIndexBinding(binding)) this.fail('accumulator', at);
      return;
    }
    if (ts.isPropertyAccessExpression(t) || ts.isElementAccessExpression(t)) {
      const root = rootOf(t);
      if (!root) return; // getThing().x = …: a fresh object
      if (root.kind === ts.SyntaxKind.ThisKeyword) this.fail('instance-state', at);
      const binding = this.scopes.resolve(root as ts.Identifier);
      // process.env[envVar] = secret: one variable per item, like a slot per item in a result map.
      if (!binding && operator === ts.SyntaxKind.EqualsToken && ts.isElementAccessExpression(t) && stripExpression(t.expression).getText() === 'process.env' &&
          this.variesPerIteration(t.argumentExpression)) return;
      if (!binding) this.fail('global-write', at);
      if (this.isDeclaredInLoop(binding)) return; // changing this iteration's own item
      // rows[i].status = …: a property of this iteration's own element.
      for (let e: ts.Expression = stripExpression(t.expression); ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e); e = stripExpression(e.expression)) {
        if (ts.isElementAccessExpression(e) && this.isPerIterationName(e.argumentExpression)) return;
      }
      // results[item.id] = …: one slot per item, the same whichever order the iterations finish in. Also one level
      // down, matrix[depot.name][category] = …: the row is fixed for this loop, the slot is the item's.
      const inner = stripExpression(t.expression);
      if (ts.isElementAccessExpression(t) && operator === ts.SyntaxKind.EqualsToken &&
          (ts.isIdentifier(inner) || ((ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner)) && ts.isIdentifier(root))) &&
          this.variesPerIteration(t.argumentExpression)) {
        this.addCollectorUse(binding);
        return;
      }
      this.fail('shared-object', at);
    }
  }

  /** items[i - 1], rows[index + 1]: an iteration reaching another's item. */
  private checkIndexArithmetic(access: ts.ElementAccessExpression): void {
    const argument = stripExpression(access.argumentExpression);
    if (ts.isBinaryExpression(argument) && ARITHMETIC.has(argument.operatorToken.kind) && this.variesPerIteration(argument)) {
      this.fail('index-arithmetic', access);
    }
  }

  private checkCall(call: ts.CallExpression | ts.NewExpression): void {
    const { name, receiver, root } = calleeParts(call);
    const callee = stripExpression(call.expression);
    const helper = ts.isCallExpression(call) ? sameFileCallee(call, this.scopes) : undefined;
    if (helper?.body) this.helperCalls.push({ call: call as ts.CallExpression, helper });

    const awaited = ts.isAwaitExpression(stripParentheses(call).parent);
    if (ts.isCallExpression(call) && name !== undefined && (COLLECTOR_METHODS.has(name) || MUTATING_METHODS.has(name)) &&
        receiver.length > 0 && ts.isPropertyAccessExpression(callee) && !awaited) {
      const target = stripExpression(callee.expression);
      const targetRoot = rootOf(target);
      if (targetRoot?.kind === ts.SyntaxKind.ThisKeyword) this.fail('instance-state', call);
      const targetBinding = targetRoot && ts.isIdentifier(targetRoot) ? this.scopes.resolve(targetRoot) : undefined;
      // A global collection (declared in another script, or on window) cannot be checked for other uses.
      if (targetRoot && ts.isIdentifier(targetRoot) && !targetBinding) this.fail('global-write', call);
      if (targetBinding && !this.isDeclaredInLoop(targetBinding)) {
        if (COLLECTOR_METHODS.has(name) && ts.isIdentifier(target)) {
          // map.set('latest', x) keeps only the last: the key has to vary per iteration.
          if (name === 'set' && !(call.arguments[0] && this.variesPerIteration(call.arguments[0]))) this.fail('shared-object', call);
          this.addCollectorUse(targetBinding);
          this.appendedTo.add(targetBinding);
          return; // results.push(x): Promise.all + map keeps the order, whatever the receiver is called
        }
        if (MUTATING_METHODS.has(name)) this.fail('collection-mutated', call);
      }
    }

    const sequencing = sequencingReasonOf(call, this.scopes, this.isDeclaredInLoop);
    if (sequencing === 'ordered-output' && isErrorLogging(call, this.shape.loop)) return;
    if (sequencing) this.fail(sequencing, call);

    // await Promise.all(chunk.map(send)) over `chunks`: batches of a fixed size, sized on purpose.
    // Promise.all([a(id), b(id)]) runs one item's own operations together and is per item.
    if (name !== undefined && PROMISE_COMBINATORS.has(name) && root?.text === 'Promise' && receiver.length === 1 &&
        !this.scopes.resolve(root) && ts.isCallExpression(call) && this.isBatch(call)) {
      this.fail('batch', call);
    }

    // hash.update(chunk); zip.file(name, data); emitter.emit(…): a call made only for what it does to a
    // shared object, in iteration order.
    if (!awaited && ts.isExpressionStatement(stripParentheses(call).parent) && ts.isPropertyAccessExpression(callee) &&
        !PURE_METHODS.has(callee.name.text)) {
      const targetRoot = rootOf(callee.expression);
      if (targetRoot?.kind === ts.SyntaxKind.ThisKeyword) this.fail('instance-state', call);
      const targetBinding = targetRoot && ts.isIdentifier(targetRoot) ? this.scopes.resolve(targetRoot) : undefined;
      const shared = targetBinding
        ? !this.isDeclaredInLoop(targetBinding) && !targetBinding.import && !targetBinding.required
        : targetRoot !== undefined && ts.isIdentifier(targetRoot) && !BUILT_IN_NAMESPACES.has(targetRoot.text);
      // (A metric per item, `metrics.gauge(\`rows.\${table}\`, n)`, is the same in any order; printed lines are not.)
      const metric = isInstrumentationCall(call, this.scopes) && !isLoggingCall(call, this.scopes);
      if (shared && classifyCall(call, this.scopes).access !== 'read' && !metric) this.fail('shared-object', call);
    }

    // Object.assign(acc, …) merges into a shared object.
    if (name === 'assign' && root?.text === 'Object' && !this.scopes.resolve(root) && ts.isCallExpression(call) && call.arguments[0]) {
      const first = rootOf(stripExpression(call.arguments[0]));
      const firstBinding = first && ts.isIdentifier(first) ? this.scopes.resolve(first) : undefined;
      if (first?.kind === ts.SyntaxKind.ThisKeyword || (firstBinding && !this.isDeclaredInLoop(firstBinding))) this.fail('shared-object', call);
    }

    if (ORDERED_APPEND_NAMES.has(name ?? '') && ts.isCallExpression(call)) {
      // appendFileSync('audit.log', line): one file (or list, or topic) written by every iteration.
      const first = call.arguments[0];
      if (!first || !this.variesPerIteration(first)) this.fail('same-resource', call);
    }
  }

  private isBatch(call: ts.CallExpression): boolean {
    const collection = collectionName(this.shape.collection);
    if (collection && BATCH_COLLECTION.test(collection)) return true;
    const argument = call.arguments[0] && stripExpression(call.arguments[0]);
    if (!argument || !ts.isCallExpression(argument) || !ts.isPropertyAccessExpression(argument.expression)) return false;
    const mapped = rootOf(argument.expression.expression);
    const binding = mapped && ts.isIdentifier(mapped) ? this.scopes.resolve(mapped) : undefined;
    return binding !== undefined && this.shape.itemBindings.has(binding);
  }

  /** Does a resource key of the effects model name something of this iteration's own? */
  private resourceVaries(resource: string): boolean {
    // Names in keys are written `{name@declarationOffset}`: the offset tells which binding.
    const start = this.shape.loop.getStart();
    const itemOffsets = new Set([...this.shape.itemBindings].map((binding) => binding.declaration.getStart()));
    for (const match of resource.matchAll(/\{[^{}@]*@(\d+)\}/g)) {
      const offset = Number(match[1]);
      if ((offset >= start && offset < this.loopEnd) || itemOffsets.has(offset)) return true;
    }
    // Other keys carry source text (`http:\`${base}/users/${id}\``, `receiver:user`): look for the loop's own names.
    return this.mentionsIterationName(resource.replace(/\{[^{}@]*@\d+\}/g, ' '));
  }

  private mentionsIterationName(text: string): boolean {
    if (!this.iterationNames) {
      const names = new Set<string>();
      for (const binding of this.shape.itemBindings) names.add(binding.name);
      const stack: ts.Node[] = [this.shape.body];
      while (stack.length > 0) {
        const node = stack.pop()!;
        if (ts.isIdentifier(node)) {
          const binding = ts.isVariableDeclaration(node.parent) || ts.isBindingElement(node.parent) ? this.scopes.resolve(node) : undefined;
          if (binding && binding.declaration === node && this.isPerIteration(binding)) names.add(binding.name);
          continue;
        }
        ts.forEachChild(node, (child) => {
          stack.push(child);
        });
      }
      const escaped = [...names].map((n) => n.replace(/[$]/g, '\\$'));
      this.iterationNames = escaped.length > 0 ? new RegExp(`(^|[^\\w$])(${escaped.join('|')})(?![\\w$])`) : /(?!)/;
    }
    return this.iterationNames.test(text);
  }

  /** Fails when the await keeps iterations in order; true when it waits for something specific to this iteration. */
  private checkAwait(awaited: ts.AwaitExpression): boolean {
    const operand = stripExpression(awaited.expression);
    if (ts.isTaggedTemplateExpression(operand)) return this.checkTaggedQuery(operand, awaited);
    if (!ts.isCallExpression(operand)) this.fail('await-not-a-call', awaited);
    const varies = this.variesPerIteration(operand);
    const effect = this.effectOf(operand);
    if (effect.intent) this.fail(effect.intent, awaited);
    if (effect.access === 'write' && effect.resource !== undefined && !this.resourceVaries(effect.resource)) {
      // A file, URL or cache key written by every iteration conflicts. A table or service (`receiver:db.users`)
      // is coarser than what one call writes in it: rows keyed by this iteration's inputs are its own.
      if (!COLLECTION_LEVEL_RESOURCE.test(effect.resource) || !varies) this.fail('same-resource', awaited);
    }
    // The same call with the same inputs every time round (flush(), page.click('#next')) is not per item.
    if (!varies && effect.access !== 'read') this.fail('same-operation', awaited);
    // Replies posted into one Slack thread, messages to one chat: readers see them in the order they were sent.
    if (effect.notification && this.sameConversation(operand)) this.fail('ordered-output', awaited);
    // `ctx.reply(chunk)`, `message.react(emoji)`, `channel.send(part)`: messages into the one chat a bot answers.
    if (this.postsIntoOneChat(operand)) this.fail('ordered-output', awaited);
    // for (const change of changes) await redis.set(change.key, …): replaying changes in the order they happened.
    if (effect.access !== 'read' && this.appliesChanges()) this.fail('pipeline', awaited);
    // update({ id: doc.id, data: perLocale }): the same record rewritten by every iteration.
    if (effect.access === 'write' && this.sameRecordEveryTime(operand)) this.fail('same-resource', awaited);
    // `UPDATE events SET seats = seats - $1 WHERE id = $2` with [r.seats, eventId]: one row, changed by every iteration.
    if (effect.access === 'write' && this.sameRowEveryTime(operand)) this.fail('same-resource', awaited);
    // `api.put(\`orders/\${orderId}/status\`, { json: { status: next } })`: one URL replaced by every iteration.
    if (effect.access === 'write' && this.sameUrlReplaced(operand)) this.fail('same-resource', awaited);
    this.checkPipeline(operand, awaited);
    this.checkSynchronousCallee(operand, awaited);
    this.checkSharedArguments(operand, awaited);
    return varies;
  }

  /**
   * sql`SELECT … WHERE channel = ${channel}`: a query the effects model reads as a SELECT, keyed by this
   * iteration's values. Anything else written as a template (an INSERT, a statement of a transaction handed
   * in as a parameter, a tag it cannot read) keeps the loop as it is.
   */
  private checkTaggedQuery(query: ts.TaggedTemplateExpression, awaited: ts.AwaitExpression): boolean {
    const effect = classifyOperation(query, this.scopes);
    if (effect.intent) this.fail(effect.intent, awaited);
    if (effect.access !== 'read') this.fail('await-not-a-call', awaited);
    const tag = rootOf(query.tag);
    const binding = tag && ts.isIdentifier(tag) ? this.scopes.resolve(tag) : undefined;
    if (!binding || binding.kind === 'parameter') this.fail('await-not-a-call', awaited);
    return this.variesPerIteration(query.template);
  }

  /**
   * `for (const migration of migrations) await migration.up(db)`, `for (const hook of hooks) await hook(ctx)`:
   * the items are steps applied in order to something shared.
   */
  private checkPipeline(call: ts.CallExpression, at: ts.Node): void {
    const name = this.shape.index ? undefined : collectionName(this.shape.collection);
    const { root, receiver } = calleeParts(call);
    const rootBinding = root ? this.scopes.resolve(root) : undefined;
    if (name && (namesWord(name, STEP_DATA_WORD) || namesAnOrder(name))) this.fail('pipeline', at);
    if (name && namesWord(name, CALLABLE_STEP_WORD)) {
      // The item called (`hook(ctx)`, `plugin.setup()`) or handed over whole (`app.register(plugin, opts)`).
      if ((rootBinding !== undefined && this.shape.itemBindings.has(rootBinding)) || call.arguments.some((a) => this.itemNamedBy(a))) this.fail('pipeline', at);
      // Also inside a wrapper's callback: `await tryCatch(tracer.startActiveSpan('onSuccess()', async () => { await hook.fn(ctx) }))`.
      if (this.callsItemWithin(call)) this.fail('pipeline', at);
    }
    // `async function eachSeries(items, fn) { for (const x of items) await fn(x) }`: a helper handed both the
    // items and the callback; the order it calls back in is its contract.
    // A domain helper that is handed a loader (`measureBlobs(keys, load)`) is not such a contract: it needs an
    // iteration-helper name or a generic callback name to count.
    if (rootBinding && receiver.length === 0 && rootBinding.kind === 'parameter' && this.collectionIsParameterOf(rootBinding) &&
        (GENERIC_CALLBACK.test(rootBinding.name) || this.enclosingFunctionName(rootBinding)?.match(ITERATION_HELPER))) {
      this.fail('pipeline', at);
    }
    // applyChange(change), replay(event), promote(c): state transitions applied one on top of another.
    const { name: calleeName } = calleeParts(call);
    if ([calleeName, ...receiver].some((part) => part !== undefined && APPLY_NAME.test(part))) this.fail('pipeline', at);
    if (calleeName !== undefined && MIGRATION_NAME.test(calleeName)) this.fail('schema-change', at);
    // `for (const hook of hooks) await hook(ctx)` nested in this loop: each item runs a chain of steps.
    if (rootBinding && rootBinding !== undefined && !this.shape.itemBindings.has(rootBinding)) {
      const scope = rootBinding.scope;
      if ((ts.isForOfStatement(scope) || ts.isForInStatement(scope)) && scope.pos >= this.loopStart && scope.end <= this.loopEnd) {
        // The whole path: `field.hooks.beforeDuplicate` is a list of hooks.
        if (namesWord(scope.expression.getText(), PIPELINE_WORD)) this.fail('pipeline', at);
      }
    }
    this.checkRecursion(call, at);
    if (this.runsStatementScript(call)) this.fail('pipeline', at);
    // `await process.onTransitionEnd(from, to, data)`, `await action.onActivate(ctx, order)`, also wrapped
    // (`await awaitPromiseOrObservable(p.onTransitionEnd(…))`): each item's event hook, called in the order the
    // items were configured, every one handed the same event. Hooks build on what earlier ones did.
    for (const hook of [call, ...call.arguments.map(stripExpression).filter(ts.isCallExpression)]) {
      const parts = calleeParts(hook);
      const hookRoot = parts.root ? this.scopes.resolve(parts.root) : undefined;
      if (parts.name !== undefined && EVENT_HOOK_NAME.test(parts.name) && parts.receiver.length > 0 && hookRoot && this.isPerIteration(hookRoot) &&
          hook.arguments.some((a) => !this.variesPerIteration(a))) this.fail('pipeline', at);
    }
    if (!rootBinding || !this.shape.itemBindings.has(rootBinding) || this.shape.index) return;
    if (receiver.length === 0) this.fail('pipeline', at); // the item itself is called
    if (name && namesWord(name, RUNNABLE_WORD)) this.fail('pipeline', at);
    // `migration.up(db)`: each item applied to one shared thing. `carrier.quote(parcel)` with the answers
    // collected is every item asked the same question, unless what it is handed is a connection or a state.
    const shared = call.arguments.filter((argument) => !this.variesPerIteration(argument));
    if (shared.length > 0 && !((resultCollected(at) || this.collectedThroughConstant(at)) && shared.every(isPlainData))) this.fail('pipeline', at);
  }

  /**
   * `const odds = await feed.latest(eventId); quotes.push(odds);`: the answer is named, then only collected, as
   * `quotes.push(await feed.latest(eventId))` would be.
   */
  private collectedThroughConstant(awaited: ts.Node): boolean {
    const declaration = outermostExpression(awaited).parent;
    if (!ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name) || declaration.initializer !== outermostExpression(awaited)) return false;
    const binding = this.scopes.resolve(declaration.name);
    if (!binding || binding.kind !== 'const') return false;
    let uses = 0;
    let onlyCollected = true;
    const stack: ts.Node[] = [this.shape.loop];
    while (stack.length > 0 && onlyCollected) {
      const node = stack.pop()!;
      if (ts.isIdentifier(node) && node.text === binding.name && isReferenceIdentifier(node) && this.scopes.resolve(node) === binding) {
        uses++;
        onlyCollected = resultCollected(node);
      }
      ts.forEachChild(node, (child) => {
        stack.push(child);
      });
    }
    return onlyCollected && uses > 0;
  }

  /**
   * `for (const ddl of statements) await client.query(ddl)`: the item is the SQL text itself, so the loop runs a
   * script, one statement after another (a table before its index, an insert before the update that needs it).
   * Only a literal list of SELECTs, which read and change nothing, may overlap.
   */
  private runsStatementScript(call: ts.CallExpression): boolean {
    const binding = this.shape.index ? undefined : call.arguments[0] && this.itemNamedBy(call.arguments[0]);
    const declaration = binding?.declaration.parent;
    if (!binding || !declaration || !ts.isVariableDeclaration(declaration) || declaration.name !== binding.declaration) return false;
    const { name } = calleeParts(call);
    if (name === undefined || !SQL_RUNNERS.has(name)) return false;
    const texts = literalStrings(this.shape.collection, this.scopes);
    return texts === undefined || texts.some((text) => !/^\s*(SELECT|WITH)\b/i.test(text) || /\b(INSERT|UPDATE|DELETE|CREATE|ALTER|DROP)\b/i.test(text));
  }

  /**
   * `let tag = await tags.findUnique({ where: { slug } }); if (!tag) tag = await tags.create(…)`: get-or-create.
   * Two items can lead to the same record (two names normalise to one slug); overlapped, both find nothing
   * and both create it.
   */
  private checkGetOrCreate(): void {
    const reads = new Map<string, ts.AwaitExpression>();
    // `const n = await redis.get(key); await redis.set(key, n + 1)` with `key` built from the item's fields
    // (`views:${day}:${path}`): two items with the same key overlap and one count is lost. A key naming a
    // record by its id is that item's own.
    const cacheReads = new Set<string>();
    // `const item = await Stock.findOne({ sku: line.sku })` … `item.available -= qty; await item.save()`: a
    // read-modify-write of a record found by a field two items may share; overlapped, one update is lost.
    const fetchedRecords = new Set<Binding>();
    for (const awaited of this.awaits) {
      const operand = stripExpression(awaited.expression);
      if (!ts.isCallExpression(operand)) continue;
      const fetched = this.fetchedRecordBinding(awaited, operand);
      if (fetched) fetchedRecords.add(fetched);
      // `INSERT INTO cards … SELECT MAX(position) + 1 FROM cards`: each statement reads what the previous one wrote.
      const sql = operand.arguments[0] && stripExpression(operand.arguments[0]);
      const sqlText = sql && (ts.isStringLiteralLike(sql) ? sql.text : ts.isTemplateExpression(sql) ? sql.getText() : undefined);
      if (sqlText !== undefined && readsTheTableItWrites(sqlText)) this.fail('same-resource', awaited);
      const callee = stripExpression(operand.expression);
      if (ts.isPropertyAccessExpression(callee) && RECORD_SAVES.has(callee.name.text) && ts.isIdentifier(stripExpression(callee.expression))) {
        const saved = this.scopes.resolve(stripExpression(callee.expression) as ts.Identifier);
        if (saved && fetchedRecords.has(saved)) this.fail('same-resource', awaited);
      }
      const effect = this.effectOf(operand);
      const resource = effect.resource;
      if (resource?.startsWith('receiver:')) {
        if (effect.access === 'read') reads.set(resource, awaited);
        else if (effect.access === 'write' && reads.has(resource) && this.isConditional(awaited)) this.fail('same-resource', awaited);
      } else if (resource?.startsWith('cache:') && !resource.endsWith('#?')) {
        if (effect.access === 'read') cacheReads.add(resource);
        else if (effect.access === 'write' && cacheReads.has(resource) && !namesOwnRecord(resource)) {
          this.fail('same-resource', awaited);
        }
      }
    }
  }

  /** The binding an awaited single-record read lands in, unless the record is found by its own id. */
  private fetchedRecordBinding(awaited: ts.AwaitExpression, call: ts.CallExpression): Binding | undefined {
    const declaration = outermostExpression(awaited).parent;
    if (!ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name)) return undefined;
    let link: ts.Expression = call;
    let finder: ts.CallExpression | undefined;
    while (ts.isCallExpression(link) && ts.isPropertyAccessExpression(link.expression)) {
      if (SINGLE_RECORD_READS.has(link.expression.name.text)) finder = link;
      link = stripExpression(link.expression.expression);
    }
    if (!finder || /ById|ByPk/.test((finder.expression as ts.PropertyAccessExpression).name.text)) return undefined;
    const filter = finder.arguments[0];
    if (filter && /(^|[{,\s])(_id|id|uuid)\s*[:,}]/.test(filter.getText())) return undefined;
    return this.scopes.resolve(declaration.name);
  }

  private effectOf(call: ts.CallExpression): CallEffect {
    let effect = this.effects.get(call);
    if (!effect) this.effects.set(call, (effect = classifyCall(call, this.scopes)));
    return effect;
  }

  /** A message to one channel, thread, chat or recipient from every iteration: `{ channel, thread_ts: parent.ts }`. */
  /**
   * A chat bot's answer on the object every iteration shares: `ctx.reply(…)`/`ctx.replyWithPhoto(…)` (Telegraf,
   * grammY), `interaction.followUp(…)`, `message.react(…)` (discord.js), `channel.send(…)` / `thread.send(…)`.
   * Readers see the messages, and reactions, in the order they arrive.
   */
  private postsIntoOneChat(call: ts.CallExpression): boolean {
    const callee = stripExpression(call.expression);
    if (!ts.isPropertyAccessExpression(callee)) return false;
    const method = callee.name.text;
    const receiver = stripExpression(callee.expression);
    const chatMethod = CHAT_ANSWER_METHOD.test(method) || (method === 'send' && CONVERSATION_NAME.test(receiver.getText()));
    return chatMethod && !this.variesPerIteration(receiver);
  }

  private sameConversation(call: ts.CallExpression): boolean {
    for (const argument of call.arguments) {
      const e = stripExpression(argument);
      if (ts.isObjectLiteralExpression(e)) {
        for (const property of e.properties) {
          const name = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? property.name.text : undefined;
          if (!name || !CONVERSATION_KEY.test(name)) continue;
          const value = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
          if (value && !this.variesPerIteration(value)) return true;
        }
      } else if ((ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) && CONVERSATION_NAME.test(e.getText()) && !this.variesPerIteration(e)) {
        return true;
      }
    }
    return false;
  }

  /** Inside an `if` (or `??`/`||`) within the loop body. */
  private isConditional(node: ts.Node): boolean {
    for (let p = node.parent; p && p !== this.shape.loop; p = p.parent) {
      if (ts.isIfStatement(p) || ts.isConditionalExpression(p)) return true;
      if (ts.isBinaryExpression(p) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionEqualsToken, ts.SyntaxKind.BarBarEqualsToken].includes(p.operatorToken.kind)) return true;
    }
    return false;
  }

  /** Is the `if` around a break a test of the item or index and constants only? */
  private decidedByItemAlone(node: ts.BreakStatement): boolean {
    let guard: ts.IfStatement | undefined;
    for (let p = node.parent; p && p !== this.shape.loop; p = p.parent) {
      if (ts.isIfStatement(p)) {
        guard = p;
        break;
      }
    }
    if (!guard) return false;
    const stack: ts.Node[] = [guard.expression];
    while (stack.length > 0) {
      const current = stack.pop()!;
      if (ts.isCallExpression(current) || ts.isAwaitExpression(current)) return false;
      if (ts.isIdentifier(current) && isReferenceIdentifier(current)) {
        const binding = this.scopes.resolve(current);
        if (!binding) continue; // undefined, NaN, Infinity
        if (this.isPerIteration(binding)) continue;
        if (binding.kind === 'const' && !this.isDeclaredInLoop(binding)) continue;
        return false;
      }
      ts.forEachChild(current, (child) => {
        stack.push(child);
      });
    }
    return true;
  }

  /**
   * `for (const record of event.Records) … record.kinesis.data`: records of a Kinesis or DynamoDB stream, in the
   * order they happened; the same key may come twice and the later record must win.
   */
  private readsStreamRecords(): boolean {
    if (this.streamRecords !== undefined) return this.streamRecords;
    this.streamRecords = false;
    const stack: ts.Node[] = [this.shape.body];
    while (stack.length > 0 && !this.streamRecords) {
      const node = stack.pop()!;
      if (ts.isPropertyAccessExpression(node) && (node.name.text === 'kinesis' || node.name.text === 'dynamodb') && this.itemNamedBy(node.expression)) {
        this.streamRecords = true;
      }
      ts.forEachChild(node, (child) => {
        stack.push(child);
      });
    }
    return this.streamRecords;
  }

  /**
   * Is the loop item called inside a callback among `call`'s arguments (`hook(ctx)`, `hook.fn(ctx)` in
   * `span(async () => …)`)? A call of the item's own getter as an argument (`fetch(hook.url())`) reads it.
   */
  private callsItemWithin(call: ts.CallExpression): boolean {
    const stack: Array<{ node: ts.Node; inCallback: boolean }> = call.arguments.map((node) => ({ node, inCallback: false }));
    while (stack.length > 0) {
      const { node, inCallback } = stack.pop()!;
      if (inCallback && ts.isCallExpression(node)) {
        const { root } = calleeParts(node);
        const binding = root ? this.scopes.resolve(root) : undefined;
        if (binding && this.shape.itemBindings.has(binding)) return true;
      }
      const inside = inCallback || ts.isArrowFunction(node) || ts.isFunctionExpression(node);
      ts.forEachChild(node, (child) => {
        stack.push({ node: child, inCallback: inside });
      });
    }
    return false;
  }

  /** The loop item an expression names (`hook`, `record`), if it is one. */
  private itemNamedBy(expression: ts.Expression): Binding | undefined {
    const e = stripExpression(expression);
    const binding = ts.isIdentifier(e) ? this.scopes.resolve(e) : undefined;
    return binding && this.shape.itemBindings.has(binding) ? binding : undefined;
  }

  /** The loop walks a list of changes, or runs in a function named for applying them (`replayChanges`, `applyPatches`). */
  private appliesChanges(): boolean {
    const name = this.shape.index ? undefined : collectionName(this.shape.collection);
    if (name !== undefined && CHANGE_LIST.test(name)) return true;
    if (this.readsStreamRecords()) return true;
    for (let p: ts.Node | undefined = this.shape.loop.parent; p; p = p.parent) {
      if (!isFunctionScope(p)) continue;
      const own = p.name && ts.isIdentifier(p.name) ? p.name.text : undefined;
      const holder = p.parent;
      const held = holder && (ts.isVariableDeclaration(holder) || ts.isPropertyAssignment(holder)) && ts.isIdentifier(holder.name) ? holder.name.text : undefined;
      return [own, held].some((n) => n !== undefined && APPLY_NAME.test(n));
    }
    return false;
  }

  /**
   * `await sanitize(join, { errors, promises })`, `await processCollection(c, report)`: an outer list or map
   * created right here, empty, handed to every call. The callee fills it, so with the calls overlapped its
   * contents would come in completion order.
   */
  private checkSharedArguments(call: ts.CallExpression, at: ts.Node): void {
    for (const argument of call.arguments) {
      const e = stripExpression(argument);
      const names: ts.Identifier[] = [];
      if (ts.isIdentifier(e)) names.push(e);
      else if (ts.isObjectLiteralExpression(e)) {
        for (const property of e.properties) {
          if (ts.isShorthandPropertyAssignment(property)) names.push(property.name);
          else if (ts.isPropertyAssignment(property) && ts.isIdentifier(stripExpression(property.initializer))) {
            names.push(stripExpression(property.initializer) as ts.Identifier);
          }
        }
      }
      for (const name of names) {
        const binding = this.scopes.resolve(name);
        if (binding && !this.isDeclaredInLoop(binding) && isEmptyContainer(binding)) this.fail('shared-object', at);
      }
    }
  }

  /**
   * `for (const child of node.children) await walk(child)`: a recursive walk. The fan-out multiplies at every
   * level, and such walks usually share what they collect (visited sets, the list of results, a tree built in
   * order), so the visit order is the contract.
   */
  private checkRecursion(call: ts.CallExpression, at: ts.Node): void {
    const callee = stripExpression(call.expression);
    let name: string | undefined;
    if (ts.isIdentifier(callee)) name = callee.text;
    else if (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword) name = callee.name.text;
    if (name === undefined) return;
    for (let p: ts.Node | undefined = this.shape.loop.parent; p; p = p.parent) {
      if (!isFunctionScope(p)) continue;
      const own = p.name && (ts.isIdentifier(p.name) || ts.isPrivateIdentifier(p.name)) ? p.name.text : undefined;
      const holder = p.parent;
      const held = holder && (ts.isVariableDeclaration(holder) || ts.isPropertyDeclaration(holder) || ts.isPropertyAssignment(holder)) &&
        ts.isIdentifier(holder.name) ? holder.name.text : undefined;
      if (own === name || held === name) this.fail('pipeline', at);
    }
  }

  /** The call names its record by an `id` that is the same on every iteration. */
  private sameRecordEveryTime(call: ts.CallExpression): boolean {
    const { name } = calleeParts(call);
    if (name === undefined || CREATING_NAME.test(name)) return false;
    for (const argument of call.arguments) {
      const e = stripExpression(argument);
      if (!ts.isObjectLiteralExpression(e)) continue;
      for (const property of e.properties) {
        if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) continue;
        if (!ts.isIdentifier(property.name) || !RECORD_KEY.test(property.name.text)) continue;
        const value = ts.isPropertyAssignment(property) ? property.initializer : property.name;
        if (!this.variesPerIteration(value)) return true;
      }
    }
    return false;
  }

  /**
   * An UPDATE or DELETE run as SQL text whose WHERE picks the row by its id from a parameter that is the same on
   * every iteration (`WHERE id = $2` with `[r.seats, eventId]`, or `WHERE id = ?`): each statement changes the row
   * the previous one left, and what it finds there (a seat count, a balance) decides what it does.
   */
  private sameRowEveryTime(call: ts.CallExpression): boolean {
    const { name } = calleeParts(call);
    if (name === undefined || !SQL_RUNNERS.has(name)) return false;
    const sql = call.arguments[0] && stripExpression(call.arguments[0]);
    const values = call.arguments[1] && stripExpression(call.arguments[1]);
    if (!sql || !ts.isStringLiteralLike(sql) || !values || !ts.isArrayLiteralExpression(values)) return false;
    const text = sql.text;
    const where = /^\s*(?:UPDATE|DELETE\s+FROM)\b[\s\S]*?\bWHERE\b([\s\S]*)$/i.exec(text)?.[1];
    if (where === undefined) return false;
    const placeholders = [...text.matchAll(/\$(\d+)|\?/g)];
    const whereStart = text.length - where.length;
    for (const match of where.matchAll(/(?:^|[\s(])(?:"?\w+"?\.)?"?(\w+)"?\s*=\s*(\$(\d+)|\?)/g)) {
      if (!RECORD_KEY.test(match[1]!.toLowerCase())) continue;
      const at = whereStart + match.index! + match[0].length - match[2]!.length;
      const position = match[3] !== undefined ? Number(match[3]) - 1 : placeholders.findIndex((p) => p.index === at);
      const value = values.elements[position];
      if (value !== undefined && !ts.isSpreadElement(value) && !this.variesPerIteration(value)) return true;
    }
    return false;
  }

  /** A PUT, PATCH or DELETE whose URL (a string or template as the first argument) is the same for every iteration. */
  private sameUrlReplaced(call: ts.CallExpression): boolean {
    const { name, receiver } = calleeParts(call);
    if (name === undefined || receiver.length === 0 || !URL_REPLACING_METHODS.has(name)) return false;
    const url = call.arguments[0] && stripExpression(call.arguments[0]);
    return url !== undefined && (ts.isStringLiteralLike(url) || ts.isTemplateExpression(url)) && !this.variesPerIteration(url);
  }

  /** `sortPackageFiles(config, files); for (const f of files) …`, `jobs.sort(byPriority)`: put in order just before the loop. */
  private checkSortedBefore(collection: ts.Expression): void {
    if (!ts.isIdentifier(collection)) return;
    const binding = this.scopes.resolve(collection);
    const loop = ts.isLabeledStatement(this.shape.loop.parent) ? this.shape.loop.parent : this.shape.loop;
    const block = loop.parent;
    if (!binding || !(ts.isBlock(block) || ts.isSourceFile(block))) return;
    const at = block.statements.indexOf(loop as ts.Statement);
    for (let k = Math.max(0, at - 2); k < at; k++) {
      const statement = block.statements[k]!;
      // `const chronological = [...scans].sort(byTime)` just before the loop: a copy put in order for it.
      if (ts.isVariableStatement(statement) && statement.declarationList.declarations.some((d) => d.name === binding.declaration && d.initializer !== undefined && isOrderingCall(d.initializer))) {
        this.fail('sorted-collection', statement);
      }
      if (!ts.isExpressionStatement(statement)) continue;
      const call = stripExpression(statement.expression);
      if (!ts.isCallExpression(call)) continue;
      const callee = stripExpression(call.expression);
      const sortsReceiver = ts.isPropertyAccessExpression(callee) && ORDERING_METHODS.has(callee.name.text) &&
        ts.isIdentifier(stripExpression(callee.expression)) && this.scopes.resolve(stripExpression(callee.expression) as ts.Identifier) === binding;
      const name = lastNameOf(callee) ?? '';
      const sortsArgument = /^sort/i.test(name) && call.arguments.some((a) => {
        const e = stripExpression(a);
        return ts.isIdentifier(e) && this.scopes.resolve(e) === binding;
      });
      if (sortsReceiver || sortsArgument) this.fail('sorted-collection', statement);
    }
  }

  private enclosingFunctionName(parameter: Binding): string | undefined {
    const fn = parameter.scope;
    if (!isFunctionScope(fn)) return undefined;
    if (fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
    const holder = fn.parent;
    return holder && (ts.isVariableDeclaration(holder) || ts.isPropertyAssignment(holder)) && ts.isIdentifier(holder.name) ? holder.name.text : undefined;
  }

  /** Is the loop's collection a parameter of the same function that declares `parameter`? */
  private collectionIsParameterOf(parameter: Binding): boolean {
    const root = rootOf(stripExpression(this.shape.collection));
    const binding = root && ts.isIdentifier(root) ? this.scopes.resolve(root) : undefined;
    return binding !== undefined && binding.kind === 'parameter' && binding.scope === parameter.scope;
  }

  /** A comment, or the branch of a `sequential` flag, that says this loop runs in order on purpose. */
  private checkStatedOrder(): void {
    const loop = this.shape.loop;
    const sourceFile = loop.getSourceFile();
    const text = sourceFile.text;
    // Comments right above the loop (and above a label on it), and every comment inside it.
    const starts = new Set<number>([ts.isLabeledStatement(loop.parent) ? loop.parent.pos : loop.pos]);
    const stack: ts.Node[] = [loop];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node !== loop) starts.add(node.pos);
      ts.forEachChild(node, (child) => {
        stack.push(child);
      });
    }
    starts.add(loop.end - 1);
    // Comments on the statements around it: the enclosing `try`/block statements up to the function, and
    // the two statements just before the loop (a comment there often explains the loop below).
    for (let p: ts.Node = loop; p.parent && !isFunctionScope(p.parent) && !ts.isSourceFile(p.parent); p = p.parent) {
      const list = ts.isBlock(p.parent) || ts.isModuleBlock(p.parent) ? p.parent.statements : undefined;
      if (list) {
        const at = list.indexOf(p as ts.Statement);
        for (let k = Math.max(0, at - 2); k < at; k++) {
          starts.add(list[k]!.pos);
          for (const range of ts.getTrailingCommentRanges(text, list[k]!.end) ?? []) {
            if (STATED_ORDER.test(text.slice(range.pos, range.end))) this.fail('stated-order', loop);
          }
        }
      }
      if (ts.isStatement(p.parent)) starts.add(p.parent.pos);
    }
    for (const start of starts) {
      for (const range of ts.getLeadingCommentRanges(text, start) ?? []) {
        if (STATED_ORDER.test(text.slice(range.pos, range.end))) this.fail('stated-order', loop);
      }
    }
    // The closing brace's own leading comments (a comment on the body's last line).
    if (ts.isBlock(loop.statement)) {
      const closing = loop.statement.end - 1;
      const before = text.lastIndexOf('\n', closing);
      const line = text.slice(before + 1, closing);
      if (/\/\/|\/\*/.test(line) && STATED_ORDER.test(line)) this.fail('stated-order', loop);
    }
    let child: ts.Node = loop;
    for (let p = loop.parent; p && !isFunctionScope(p); child = p, p = p.parent) {
      if (ts.isIfStatement(p) && (p.thenStatement === child || p.elseStatement === child) &&
          SEQUENTIAL_FLAG.test(p.expression.getText(sourceFile))) {
        this.fail('stated-order', p.expression);
      }
    }
  }

  /**
   * `await computeTotals(rows)` where `computeTotals` is an `async function` of this file that never awaits:
   * its promise is already settled when it returns, so running several together overlaps nothing.
   */
  private checkSynchronousCallee(call: ts.CallExpression, at: ts.Node): void {
    const target = sameFileCallee(call, this.scopes, { properties: true });
    if (!target || !target.body || !ts.isBlock(target.body)) return;
    if (usesOuterTransaction(target)) this.fail('transaction', at);
    // issueInvoice(order) → nextInvoiceNumber() bumps a module-level counter: every iteration shares it.
    if (writesModuleState(target, this.scopes, 3)) this.fail('global-write', at);
    // installForTarget(name) → resolveOptions() → multiselect(…): each item asks the person at the terminal.
    if (asksTheUser(target, this.scopes, 3)) this.fail('interactive', at);
    if (this.closureChangesShared(target)) this.fail('shared-object', at);
    // this.add(doc) → this.buffer.push(doc), flushed when full: every iteration changes the same instance.
    if (isThisCall(call) && writesInstanceState(target, 3)) this.fail('instance-state', at);
    const isAsync = ts.canHaveModifiers(target) && (ts.getModifiers(target) ?? []).some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
    // `await normalizeRow(row)` of a plain function of this file that builds and returns a value: nothing to overlap.
    if (!isAsync && returnsPlainValueOf(call, this.scopes)) this.fail('synchronous-callee', at);
    if (!isAsync || target.asteriskToken) return;
    if (!neverWaits(target.body)) return;
    this.fail('synchronous-callee', at);
  }

  /**
   * `fetchPaginated(url)` → `allPages.push(page)`, `seenIds.add(page.id)`: a closure of the enclosing function that
   * waits and changes a variable or collection of that function declared outside the loop. Run together, the
   * iterations would make those changes in the order their requests finish, not in the order of the items.
   * (Module state is `writesModuleState`'s question.)
   */
  private closureChangesShared(target: ts.FunctionLikeDeclaration): boolean {
    if (!target.body || !ts.isBlock(target.body) || neverWaits(target.body)) return false;
    const body = bodySummary(target, this.scopes);
    const shared = (binding: Binding): boolean =>
      !ts.isSourceFile(binding.scope) && !isWithin(binding.scope, target) && !this.isDeclaredInLoop(binding);
    return body.outerWrites.some(shared) || body.outerMutates.some(shared) || body.accesses.methodMutations.some((m) => shared(m.binding));
  }

  private checkContinue(node: ts.ContinueStatement): void {
    const target = this.jumpTarget(node);
    if (target === 'inside') return;
    if (target === this.shape.loop) this.continues.push(node);
    else this.fail('exit', node); // continue outer: leaves this loop
  }

  private leavesLoop(node: ts.BreakStatement): boolean {
    return this.jumpTarget(node) !== 'inside';
  }

  /** Where a break/continue goes: a statement inside the body ('inside'), this loop, or a statement outside it. */
  private jumpTarget(node: ts.BreakOrContinueStatement): 'inside' | ts.Node {
    const label = node.label?.text;
    const loop = this.shape.loop;
    for (let p: ts.Node = node.parent; p !== loop; p = p.parent) {
      if (label !== undefined) {
        if (ts.isLabeledStatement(p) && p.label.text === label) return 'inside';
      } else if (ts.isIterationStatement(p, false) || (ts.isSwitchStatement(p) && ts.isBreakStatement(node))) {
        return 'inside';
      }
    }
    if (label === undefined) return loop;
    return ts.isLabeledStatement(loop.parent) && loop.parent.label.text === label ? loop : loop.parent;
  }

  /** A throw leaves the loop unless a `try … catch` inside the body catches it. */
  private throwEscapes(node: ts.Node): boolean {
    let child: ts.Node = node;
    for (let p = node.parent; p && p !== this.shape.loop; child = p, p = p.parent) {
      if (ts.isTryStatement(p) && p.tryBlock === child && p.catchClause) return false;
    }
    return true;
  }
}

/**
 * Does an async function body never wait for anything? No `await`, no `for await`, and every `return`
 * gives a plain value (not a call or a `new`, which could be a promise it hands on). Nested functions are
 * their own business.
 */
/** Names whose calls return a plain value, never a promise. */
const PLAIN_VALUE_OWNERS = new Set(['Math', 'JSON', 'Object', 'Array', 'Number', 'String', 'Boolean', 'Date', 'BigInt', 'Symbol']);

function returnsPlainValue(call: ts.CallExpression | ts.NewExpression): boolean {
  const callee = stripExpression(call.expression);
  if (ts.isIdentifier(callee)) return PLAIN_VALUE_OWNERS.has(callee.text);
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && PLAIN_VALUE_OWNERS.has(callee.expression.text);
}

/** `const report = []`, `let seen = new Map()`: a container created empty, to be filled. */
function isEmptyContainer(binding: Binding): boolean {
  const declaration = binding.declaration.parent;
  if (!ts.isVariableDeclaration(declaration) || declaration.name !== binding.declaration || !declaration.initializer) return false;
  const init = stripExpression(declaration.initializer);
  if (ts.isArrayLiteralExpression(init)) return init.elements.length === 0;
  if (ts.isObjectLiteralExpression(init)) return init.properties.length === 0;
  return ts.isNewExpression(init) && ts.isIdentifier(init.expression) && ['Map', 'Set', 'Array'].includes(init.expression.text) &&
    (init.arguments?.length ?? 0) === 0;
}

/**
 * Does the function run its queries in a transaction it does not own — `{ transaction: ctx.state.transaction }`,
 * `{ transaction }` from the closure, or through the client of the caller's transaction
 * (`this.prismaService.txClient().field.create(…)`)? Then every call made from the loop shares one connection.
 */
function usesOuterTransaction(fn: ts.FunctionLikeDeclaration): boolean {
  const outside = (node: ts.Node): boolean => {
    let e: ts.Node = node;
    while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isNonNullExpression(e) || ts.isParenthesizedExpression(e)) {
      e = e.expression;
    }
    if (!ts.isIdentifier(e)) return false;
    // A name with no declaration inside the function comes from around it.
    const name = e.text;
    const stack: ts.Node[] = [fn];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if ((ts.isVariableDeclaration(n) || ts.isParameter(n) || ts.isBindingElement(n)) && ts.isIdentifier(n.name) && n.name.text === name) return false;
      ts.forEachChild(n, (child) => {
        stack.push(child);
      });
    }
    return true;
  };
  const stack: ts.Node[] = [fn.body!];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isCallExpression(node) && viaTransactionClient(node.expression)) return true;
    if ((ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) && ts.isIdentifier(node.name) && TRANSACTION_ARGUMENT.test(node.name.text)) {
      const value = ts.isPropertyAssignment(node) ? stripExpression(node.initializer) : node.name;
      if (outside(value)) return true;
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return false;
}

/** What to look for in a function's body and in the functions of this file it calls (see `reaches`). */
interface ReachSearch {
  /** A node that answers yes. */
  hit(node: ts.Node): boolean;
  /** The function of this file a node calls, searched too (one level less deep). */
  callee(node: ts.Node): ts.FunctionLikeDeclaration | undefined;
  /** Functions nested in the body run some other time: not searched. */
  skipNested?: boolean;
  /** Asked when the body had no hit: what the body shows as a whole (from what `hit` noted on the way). */
  wholeBody?(): boolean;
}

/**
 * Does `fn`, or a function it calls `depth` levels down, answer the search? Each function is searched once, with a
 * fresh search (`start`), so what `hit` notes belongs to one body. Iterative: nesting depth is the input's to choose.
 */
function reaches(fn: ts.FunctionLikeDeclaration, depth: number, start: () => ReachSearch, seen = new Set<ts.Node>()): boolean {
  if (!fn.body || seen.has(fn)) return false;
  seen.add(fn);
  const search = start();
  const stack: ts.Node[] = [fn.body];
  const push = (child: ts.Node): void => {
    stack.push(child);
  };
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (search.skipNested && isFunctionScope(node)) continue;
    if (search.hit(node)) return true;
    if (depth > 0) {
      const callee = search.callee(node);
      if (callee && reaches(callee, depth - 1, start, seen)) return true;
    }
    ts.forEachChild(node, push);
  }
  return search.wholeBody?.() ?? false;
}

/** What an assignment (`x = …`, `x += …`) or an increment (`x++`, `--x`) writes; undefined for any other node. */
function assignedTarget(node: ts.Node): ts.Expression | undefined {
  if (ts.isBinaryExpression(node) && isAssignment(node.operatorToken.kind)) return node.left;
  if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
      (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) return node.operand;
  return undefined;
}

/** `helper(x)`, `const helper = async () => …`: the function of this file a plain call names. */
function plainCallee(node: ts.Node, scopes: ScopeIndex): ts.FunctionLikeDeclaration | undefined {
  if (!ts.isCallExpression(node)) return undefined;
  const callee = stripExpression(node.expression);
  return ts.isIdentifier(callee) ? functionOfBinding(scopes.resolve(callee), { anyVariable: true }) : undefined;
}

/**
 * Does a function of this file (or one it calls, `depth` levels down) assign a module-level variable:
 * `lastNumber += 1`, `state.cursor = next`? Calls into other functions of the file are followed by name.
 */
function writesModuleState(fn: ts.FunctionLikeDeclaration, scopes: ScopeIndex, depth: number): boolean {
  const isModuleVariable = (id: ts.Identifier): boolean => {
    const binding = scopes.resolve(id);
    return binding !== undefined && ts.isSourceFile(binding.scope) && (binding.kind === 'let' || binding.kind === 'var');
  };
  const isModuleRooted = (target: ts.Expression): boolean => {
    const root = rootOf(stripExpression(target));
    return root !== undefined && ts.isIdentifier(root) && (isModuleVariable(root) || isModuleObject(root, scopes));
  };
  const moduleCollection = (target: ts.Expression): Binding | undefined => {
    const e = stripExpression(target);
    const binding = ts.isIdentifier(e) && !/cache|memo/i.test(e.text) ? scopes.resolve(e) : undefined;
    return binding && ts.isSourceFile(binding.scope) && isEmptyContainer(binding) ? binding : undefined;
  };
  return reaches(fn, depth, () => {
    // `if (knownEmails.has(email)) … knownEmails.add(email)`: a module-level collection checked, then filled (not a cache or memo).
    const checked = new Set<Binding>();
    const filled = new Set<Binding>();
    return {
      hit(node) {
        if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
          const collection = moduleCollection(node.expression.expression);
          const method = node.expression.name.text;
          if (collection && (method === 'has' || method === 'get' || method === 'includes')) checked.add(collection);
          if (collection && (method === 'add' || method === 'set' || method === 'push')) filled.add(collection);
        }
        const written = assignedTarget(node);
        return written !== undefined && isModuleRooted(written);
      },
      callee: (node) => plainCallee(node, scopes),
      wholeBody: () => [...filled].some((collection) => checked.has(collection)),
    };
  });
}

/**
 * Does a function of this file (or one it calls, `depth` levels down) call a prompt library? Then every item of a
 * loop over it waits for an answer, and the person answers one question at a time.
 */
function asksTheUser(fn: ts.FunctionLikeDeclaration, scopes: ScopeIndex, depth: number): boolean {
  return reaches(fn, depth, () => ({
    hit: (node) => ts.isCallExpression(node) && callsPromptLibrary(node, scopes),
    callee: (node) => plainCallee(node, scopes),
  }));
}

/** Verbs of compensation: the steps that take back what a failed operation did. */
const UNDO_VERBS = new Set(['rollback', 'undo', 'revert', 'compensate', 'unwind', 'rewind', 'restore']);

/**
 * `async function rollbackCreatedSchedules(ids)`, `const undo = async () => { for … }`: a loop in a function named for
 * undoing work runs on a failure path, step by step on purpose (PRECISION.md counts `rollback` with transactions).
 */
function isUndoStep(loop: ts.Node): boolean {
  for (let p = loop.parent; p && !ts.isSourceFile(p); p = p.parent) {
    if (!isFunctionScope(p)) continue;
    const name = functionName(p);
    return name !== undefined && UNDO_VERBS.has(nameWords(name)[0]?.toLowerCase() ?? '');
  }
  return false;
}

function isThisCall(call: ts.CallExpression): boolean {
  const callee = stripExpression(call.expression);
  return ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword;
}

const INSTANCE_MUTATORS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'set', 'add', 'delete', 'clear', 'sort', 'reverse', 'fill']);

/**
 * Does a method (or one it calls on `this`, `depth` levels down) change the instance: `this.count++`,
 * `this.buffer = []`, `this.buffer.push(doc)`?
 */
function writesInstanceState(fn: ts.FunctionLikeDeclaration, depth: number): boolean {
  const onThis = (target: ts.Expression): boolean => {
    let e = stripExpression(target);
    while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) e = stripExpression(e.expression);
    return e.kind === ts.SyntaxKind.ThisKeyword;
  };
  return reaches(fn, depth, () => ({
    skipNested: true,
    hit(node) {
      const written = assignedTarget(node);
      if (written !== undefined && onThis(written)) return true;
      if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return false;
      const receiver = stripExpression(node.expression.expression);
      const mutator = node.expression.name.text;
      const memo = (mutator === 'set' || mutator === 'add' || mutator === 'delete') && /cache|memo/i.test(receiver.getText());
      return INSTANCE_MUTATORS.has(mutator) && !memo && receiver.kind !== ts.SyntaxKind.ThisKeyword && onThis(receiver);
    },
    // `this.flush()`: a method of the class, called on the instance.
    callee: (node) => ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) &&
      stripExpression(node.expression.expression).kind === ts.SyntaxKind.ThisKeyword ? classMethodNamed(node, node.expression.name.text) : undefined,
  }));
}

/** `const state = { cursor: 0 }` at module level: a plain object literal held by the module (not a client or a Map). */
function isModuleObject(id: ts.Identifier, scopes: ScopeIndex): boolean {
  const binding = scopes.resolve(id);
  if (!binding || !ts.isSourceFile(binding.scope) || binding.kind !== 'const') return false;
  const declaration = binding.declaration.parent;
  return ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined &&
    (ts.isObjectLiteralExpression(stripExpression(declaration.initializer)) || ts.isArrayLiteralExpression(stripExpression(declaration.initializer)));
}

function neverWaits(body: ts.Block): boolean {
  const stack: ts.Node[] = [body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isAwaitExpression(node) || ts.isYieldExpression(node)) return false;
    if (ts.isForOfStatement(node) && node.awaitModifier) return false;
    if (ts.isReturnStatement(node) && node.expression) {
      let e = stripExpression(node.expression);
      while (ts.isConditionalExpression(e)) e = stripExpression(e.whenTrue);
      if ((ts.isCallExpression(e) || ts.isNewExpression(e)) && !returnsPlainValue(e)) return false;
      if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) return false;
    }
    ts.forEachChild(node, (child) => {
      if (!isFunctionScope(child) && !ts.isClassLike(child)) stack.push(child);
    });
  }
  return true;
}

function stripParentheses(node: ts.Expression): ts.Expression {
  let e: ts.Expression = node;
  while (ts.isParenthesizedExpression(e.parent)) e = e.parent;
  return e;
}
