import { ts } from 'ts-morph';
import { constInitializer, type Binding, type ScopeIndex } from '../../scope';
import { TRANSACTION_CLIENT_NAME, viaTransactionClient } from '../../effects';
import { stripExpression } from './loop-shape';

/**
 * Calls that show a loop is sequential on purpose, recognised from what a loop body typically
 * contains (the effects model answers for single calls; these are the loop-shaped patterns):
 * throttling, retries and polling, locks and transactions, lifecycle steps, ordered output,
 * interactive prompts, child processes, hand-made batches, and one connection/page/stream
 * shared by every iteration.
 */
export type SequencingReason =
  | 'sleep' | 'rate-limit' | 'retry' | 'lock' | 'transaction' | 'lifecycle' | 'ordered-output'
  | 'interactive' | 'process' | 'shared-session' | 'schema-change' | 'directory-order';

/**
 * A transaction, session or unit of work handed to each call (`create(row, { transaction })`,
 * `service.update(data, sharedContext)`, `repo.save(x, em)`): every iteration runs on the same
 * connection, so the queries queue up anyway, and ORMs do not allow concurrent work on one.
 */
export const TRANSACTION_ARGUMENT = /^(tx|trx|txn|transaction|transactionManager|trxManager|session|queryRunner|sharedContext|entityManager|em|manager)$/;
/** `processCollection(c, delay)`, `send(msg, { throttleMs })`: the caller paces the calls it makes one by one. */
const PACING_ARGUMENT = /(^|[a-z])(delay|throttle|sleep|pause|backoff)(ms|seconds|secs)?$/i;

/** Libraries that ask the person at the terminal: one question at a time. */
const PROMPT_LIBRARIES = ['inquirer', '@inquirer/prompts', 'prompts', 'enquirer', '@clack/prompts'];
/** readline asks too (`rl.question`), but a function that uses it may only be reading the lines of a file. */
const READLINE_MODULES = ['readline', 'node:readline', 'readline/promises', 'node:readline/promises'];

const MODULE_REASONS: ReadonlyMap<string, SequencingReason> = new Map<string, SequencingReason>([
  ...['p-limit', 'p-throttle', 'bottleneck', 'p-queue', 'async-sema', 'limiter', 'rate-limiter-flexible', 'p-ratelimit', 'throttled-queue']
    .map((m) => [m, 'rate-limit'] as const),
  ...['async-mutex', 'proper-lockfile', 'redlock', 'async-lock'].map((m) => [m, 'lock'] as const),
  ...['p-retry', 'async-retry', 'retry', 'promise-retry', 'exponential-backoff', 'p-wait-for', 'wait-on', 'p-whilst', 'p-do-whilst']
    .map((m) => [m, 'retry'] as const),
  ...['delay', 'sleep-promise', 'timers/promises', 'node:timers/promises', 'timers', 'node:timers'].map((m) => [m, 'sleep'] as const),
  ...[...PROMPT_LIBRARIES, ...READLINE_MODULES].map((m) => [m, 'interactive'] as const),
  ...['child_process', 'node:child_process', 'execa', 'zx', 'shelljs', 'cross-spawn'].map((m) => [m, 'process'] as const),
]);

const SLEEP_NAME = /^(sleep|delay|wait|pause|nap|backoff|throttle|setTimeout|setImmediate|nextTick|yieldToEventLoop)/i;
const RETRY_NAME = /retry|retries|backoff|attempt|poll/i;
/** Plain calls (`limit(() => …)`); as methods these names are common in query builders (`.limit(10)`). */
const RATE_LIMIT_FUNCTIONS = new Set(['limit', 'limiter', 'throttle', 'throttled', 'schedule', 'enqueue']);
const RATE_LIMIT_METHODS = new Set(['schedule', 'removeTokens', 'consume', 'waitTurn', 'enqueue', 'wrap']);
/** Not a bare `bucket`: that is S3 or Cloud Storage far more often than a token bucket, which says so. */
const RATE_LIMIT_RECEIVER = /limiter|throttl|bottleneck|semaphore|ratelimit|token_?bucket|leaky_?bucket|^queue$|Queue$/i;
const LOCK_NAMES = new Set(['lock', 'unlock', 'acquire', 'release', 'acquireLock', 'releaseLock', 'withLock', 'runExclusive', 'waitForUnlock']);
const LOCK_RECEIVER = /^(lock|mutex|semaphore|redlock)$|Lock$|Mutex$/;
const TRANSACTION_NAMES = new Set([
  'begin', 'beginTransaction', 'startTransaction', 'commit', 'commitTransaction', 'rollback', 'abortTransaction',
  'transaction', '$transaction', 'withTransaction', 'savepoint', 'startSession',
]);
const TRANSACTION_RECEIVER = /^(tx|trx|transaction|session|queryRunner|txn)$/;
const LIFECYCLE_NAMES = new Set([
  'connect', 'disconnect', 'login', 'logout', 'authenticate', 'init', 'initialize', 'open', 'close', 'flush', 'drain',
  'start', 'stop', 'listen', 'shutdown', 'setup', 'teardown', 'migrate', 'up', 'down', 'seed', 'publish', 'deploy', 'install',
]);
const OUTPUT_NAMES = new Set(['write', 'writeln', 'writeLine', 'print', 'println', 'echo', 'emit', 'cork', 'uncork']);
const OUTPUT_FUNCTIONS = new Set(['log', 'print', 'println', 'echo', 'printf', 'info', 'warn', 'debug', 'write', 'writeln', 'writeLine']);
const OUTPUT_RECEIVER = /^(console|log|logger|out|output|stdout|stderr|res|response|reply|bar|progress|progressBar|spinner|pb|ui)$|Logger$|Bar$|Progress$|Spinner$/i;
/** Plain calls or calls on a prompt library (as methods, `select`/`input` are query-builder words). */
const INTERACTIVE_NAMES = new Set(['prompt', 'ask', 'question', 'confirm', 'select', 'input', 'password', 'readLine', 'getInput', 'askQuestion', 'checkbox', 'rawlist', 'expand', 'editor']);
const INTERACTIVE_RECEIVER = new Set(['inquirer', 'prompts', 'enquirer', 'rl', 'readline', 'prompt', 'cli', 'terminal']);
const PROCESS_NAMES = new Set(['exec', 'execa', 'execaCommand', 'execFile', 'spawn', 'fork', 'execSync', 'spawnSync', 'execFileSync', 'execCommand', 'runCommand', 'sh', 'shell']);
/** One page, browser, socket, stream or connection serves every iteration: its calls queue up or interleave badly. */
/**
 * Clients whose "connection" overlaps concurrent commands: Redis pipelines them on one socket, and a Mongo
 * connection (`mongoose.connection`, a `MongoClient`) is a pool.
 */
const MULTIPLEXED_CLIENT_MODULES = new Set(['ioredis', 'redis', '@redis/client', '@upstash/redis', 'mongoose', 'mongodb']);
const SHARED_SESSION_RECEIVER = new Set([
  'page', 'browser', 'driver', 'tab', 'frame', 'socket', 'ws', 'websocket', 'stream', 'writer', 'reader', 'rl', 'readline',
  'cursor', 'iterator', 'port', 'serialPort', 'terminal', 'term', 'shell', 'ssh', 'sftp', 'ftp', 'imap', 'channel', 'conn',
  'connection', 'git', 'repl', 'editor', 'workbook', 'sheet', 'worksheet', 'zip', 'archive', 'tar',
]);
/** DDL: tables referencing each other are created and dropped in order. */
const SCHEMA_NAME = /^(create|drop|alter|truncate|rename|attach|detach)(Old|New|Temp|Tmp|Join|Link|Pivot)?(Table|Schema|Index|Collection|Database|View|Type|Enum|Column|Partition)/;
/** `await runMigrations(…)`, `await loadModuleMigrations(…)`: awaited migration steps (a plain `migrateConfig(x)` is a transform). */
export const MIGRATION_NAME = /[mM]igrat(e|ion)|^(upgrade|downgrade)[A-Z]/;
const SCHEMA_SQL = /^\s*(create|drop|alter|truncate)\b/i;
/** A binding holding one connection (`const client = await pool.connect()`): its queries run one at a time anyway. */
const CONNECTION_FACTORIES = new Set([
  'connect', 'getConnection', 'acquire', 'getClient', 'createConnection', 'reserve',
  'getTransaction', 'startTransaction', 'beginTransaction', 'transaction', 'startSession',
  // TypeORM: a query runner holds one connection of the pool.
  'createQueryRunner',
]);

/** Appending in order to one file, list or stream: ordered output even when awaited. */
export const ORDERED_APPEND_NAMES = new Set([
  'appendFile', 'appendFileSync', 'writeFile', 'writeFileSync', 'rpush', 'lpush', 'rPush', 'lPush', 'xadd', 'xAdd',
  'publish', 'sendToQueue', 'append',
]);

const OUTPUT_IN_CATCH_IS_FINE = /^(console|log|logger)$|Logger$/i;

/** `catch (err) { logger.error(…) }`: error reports are not output whose order anyone relies on. */
export function isErrorLogging(call: ts.CallExpression | ts.NewExpression, stopAt: ts.Node): boolean {
  const { receiver } = calleeParts(call);
  const last = receiver[receiver.length - 1];
  if (last === undefined || !OUTPUT_IN_CATCH_IS_FINE.test(last)) return false;
  for (let p: ts.Node = call.parent; p !== stopAt; p = p.parent) {
    if (isFunctionLike(p)) return false;
    if (ts.isCatchClause(p)) return true;
  }
  return false;
}

function isFunctionLike(node: ts.Node): boolean {
  return ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node);
}

export interface CalleeParts {
  /** The called name: `c` of `a.b.c()`, `f` of `f()`. */
  name: string | undefined;
  /** Property names and identifiers of the receiver chain, outermost first: `a`, `b` of `a.b.c()`. */
  receiver: string[];
  /** The identifier the chain starts from, if any (`a`, or `f` itself for a plain call). */
  root: ts.Identifier | undefined;
}

export function calleeParts(call: ts.CallExpression | ts.NewExpression): CalleeParts {
  const callee = stripExpression(call.expression);
  let name: string | undefined;
  let target: ts.Expression | undefined;
  if (ts.isIdentifier(callee)) {
    return { name: callee.text, receiver: [], root: callee };
  } else if (ts.isPropertyAccessExpression(callee)) {
    name = callee.name.text;
    target = callee.expression;
  } else if (ts.isElementAccessExpression(callee)) {
    name = ts.isStringLiteralLike(callee.argumentExpression) ? callee.argumentExpression.text : undefined;
    target = callee.expression;
  }
  const receiver: string[] = [];
  let root: ts.Identifier | undefined;
  // Walk a.b(x).c down to its root, collecting names; calls in the chain (db.collection('x')) are passed through.
  let e = target && stripExpression(target);
  while (e) {
    if (ts.isPropertyAccessExpression(e)) {
      receiver.unshift(e.name.text);
      e = stripExpression(e.expression);
    } else if (ts.isElementAccessExpression(e)) {
      if (ts.isStringLiteralLike(e.argumentExpression)) receiver.unshift(e.argumentExpression.text);
      e = stripExpression(e.expression);
    } else if (ts.isCallExpression(e)) {
      e = stripExpression(e.expression);
    } else if (ts.isIdentifier(e)) {
      receiver.unshift(e.text);
      root = e;
      e = undefined;
    } else {
      if (e.kind === ts.SyntaxKind.ThisKeyword) receiver.unshift('this');
      e = undefined;
    }
  }
  return { name, receiver, root };
}

/** The questions of the prompt libraries (not their `log`, `spinner`, `intro` or `isCancel`). */
const PROMPT_FUNCTIONS = new Set([
  'prompt', 'prompts', 'text', 'input', 'select', 'multiselect', 'groupMultiselect', 'selectKey', 'confirm', 'password', 'checkbox',
  'expand', 'rawlist', 'editor', 'number', 'search', 'autocomplete', 'group', 'toggle',
]);

/** Does the call ask a question through a prompt library (`multiselect` from '@clack/prompts', `inquirer.prompt`)? */
export function callsPromptLibrary(call: ts.CallExpression, scopes: ScopeIndex): boolean {
  const { name, root } = calleeParts(call);
  if (name === undefined || !PROMPT_FUNCTIONS.has(name)) return false;
  const module = root ? moduleOf(scopes.resolve(root), scopes) : undefined;
  return module !== undefined && PROMPT_LIBRARIES.includes(module);
}

/** The module a binding comes from: imported, required, or created by calling something imported (`pLimit(2)`, `new Bottleneck()`). */
function moduleOf(binding: Binding | undefined, scopes: ScopeIndex): string | undefined {
  if (!binding) return undefined;
  const direct = binding.import?.module ?? binding.required?.module;
  if (direct) return direct;
  const declaration = binding.declaration.parent;
  if (!ts.isVariableDeclaration(declaration) || declaration.name !== binding.declaration || !declaration.initializer) return undefined;
  let init = stripExpression(declaration.initializer);
  if (ts.isAwaitExpression(init)) init = stripExpression(init.expression);
  if (!ts.isCallExpression(init) && !ts.isNewExpression(init)) return undefined;
  const { root } = calleeParts(init);
  const source = root ? scopes.resolve(root) : undefined;
  return source ? (source.import?.module ?? source.required?.module) : undefined;
}

/** Also pg-promise's `db.tx(async (t) => …)` and the `$tx` of Prisma client extensions and wrappers (`prismaService.$tx(…)`). */
const TRANSACTION_RUNNERS = new Set(['transaction', '$transaction', 'withTransaction', 'transact', 'runInTransaction', 'inTransaction', 'startTransaction', 'tx', '$tx']);

/**
 * `await prisma.$transaction(async () => { for (const sub of subs) { await prisma.x.deleteMany(…); … } })`: a loop
 * written inside the callback of a transaction runner, whether or not the callback names the transaction. Its
 * author asked for one unit of work, in order.
 */
export function runsInTransactionCallback(node: ts.Node): boolean {
  for (let p: ts.Node | undefined = node.parent; p && !ts.isSourceFile(p); p = p.parent) {
    if (isTransactionCallback(p)) return true;
  }
  return false;
}

/** The function handed to a transaction runner: `db.transaction(async (trx) => …)`, `prisma.$transaction(async () => …)`. */
function isTransactionCallback(fn: ts.Node): boolean {
  const call = fn.parent;
  if (!call || !ts.isCallExpression(call) || !call.arguments.includes(fn as ts.Expression)) return false;
  const { name } = calleeParts(call);
  return name !== undefined && TRANSACTION_RUNNERS.has(name);
}

function isTransactionCallbackParameter(binding: Binding | undefined): boolean {
  return binding !== undefined && binding.kind === 'parameter' && isTransactionCallback(binding.scope);
}

/** Clients that hold one connection and run one command at a time: FTP, SFTP, SSH, IMAP sessions. */
const SINGLE_CONNECTION_MODULES = new Set(['basic-ftp', 'ftp', 'ssh2-sftp-client', 'ssh2', 'node-ssh', 'imapflow', 'imap', 'ssh2-promise', 'jsftp']);

/** `const client = await pool.connect()`, `new Client()` from basic-ftp: a single connection, not a pool. */
function isSingleConnection(binding: Binding | undefined, scopes: ScopeIndex): boolean {
  const declaration = binding?.declaration.parent;
  if (!binding || !declaration || !ts.isVariableDeclaration(declaration) || declaration.name !== binding.declaration || !declaration.initializer) return false;
  let init = stripExpression(declaration.initializer);
  if (ts.isAwaitExpression(init)) init = stripExpression(init.expression);
  if (ts.isNewExpression(init)) {
    const module = moduleOf(binding, scopes);
    return module !== undefined && SINGLE_CONNECTION_MODULES.has(module);
  }
  if (!ts.isCallExpression(init)) return false;
  const { name } = calleeParts(init);
  if (name !== undefined && CONNECTION_FACTORIES.has(name)) return true;
  // `getPrimaryDb(adapter, await getTransaction(adapter, req))`: a wrapper around the one connection.
  return init.arguments.some((argument) => {
    let e = stripExpression(argument);
    if (ts.isAwaitExpression(e)) e = stripExpression(e.expression);
    if (!ts.isCallExpression(e)) return false;
    const inner = calleeParts(e).name;
    return inner !== undefined && CONNECTION_FACTORIES.has(inner);
  });
}

function firstArgumentText(call: ts.CallExpression): string | undefined {
  const first = call.arguments[0] && stripExpression(call.arguments[0]);
  if (!first) return undefined;
  if (ts.isStringLiteralLike(first)) return first.text;
  if (ts.isTemplateExpression(first)) return first.head.text;
  return undefined;
}

/** `mkdir(dir)` without `{ recursive: true }` needs the parent to exist: nested directories go in order. */
function isPlainMkdir(call: ts.CallExpression, name: string | undefined): boolean {
  if (name !== 'mkdir') return false;
  return !call.arguments.some((argument) => {
    const e = stripExpression(argument);
    return ts.isObjectLiteralExpression(e) && e.properties.some((p) =>
      ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'recursive' && p.initializer.kind === ts.SyntaxKind.TrueKeyword);
  });
}

function isGlobal(id: ts.Identifier | undefined, name: string, scopes: ScopeIndex): boolean {
  return id !== undefined && id.text === name && scopes.resolve(id) === undefined;
}

/**
 * Why this call keeps the loop sequential, if it does. `isPerIteration` tells whether a binding is
 * the loop's own (its item, or declared in the body): a stream or page opened per item is not shared.
 */
/** `Tag.findById(id).lean().exec()`: a query builder run at the end of its chain, not a child process. */
function isQueryExecution(call: ts.CallExpression): boolean {
  const callee = stripExpression(call.expression);
  return call.arguments.length === 0 && ts.isPropertyAccessExpression(callee) && ts.isCallExpression(stripExpression(callee.expression));
}

export function sequencingReasonOf(
  call: ts.CallExpression | ts.NewExpression,
  scopes: ScopeIndex,
  isPerIteration: (binding: Binding) => boolean,
): SequencingReason | undefined {
  const { name, receiver, root } = calleeParts(call);
  const rootBinding = root ? scopes.resolve(root) : undefined;

  if (ts.isNewExpression(call)) {
    // `new Promise(r => setTimeout(r, ms))` and friends: hand-made waits.
    return name === 'Promise' && isGlobal(root, 'Promise', scopes) ? 'sleep' : undefined;
  }
  // Promise.all & co. are judged by the loop (a hand-made batch or per-item sub-operations).
  if (isGlobal(root, 'Promise', scopes) && receiver.length === 1) return undefined;

  const fromModule = MODULE_REASONS.get(moduleOf(rootBinding, scopes) ?? '');
  if (fromModule) return fromModule;

  if (isGlobal(root, 'console', scopes)) return 'ordered-output';
  if (name !== undefined && SCHEMA_NAME.test(name)) return 'schema-change';
  if (receiver.includes('schema')) return 'schema-change';
  const sql = firstArgumentText(call);
  if (sql !== undefined && SCHEMA_SQL.test(sql)) return 'schema-change';
  if (isPlainMkdir(call, name)) return 'directory-order';
  if (isGlobal(root, 'process', scopes) && (receiver[1] === 'stdout' || receiver[1] === 'stderr')) return 'ordered-output';

  if (name !== undefined) {
    if (SLEEP_NAME.test(name)) return 'sleep';
    if (RETRY_NAME.test(name)) return 'retry';
    if (LOCK_NAMES.has(name)) return 'lock';
    if (TRANSACTION_NAMES.has(name)) return 'transaction';
    if (LIFECYCLE_NAMES.has(name)) return 'lifecycle';
    if (PROCESS_NAMES.has(name) && !isQueryExecution(call)) return 'process';
  }
  const viaArguments = argumentReason(call, scopes, isPerIteration);
  if (viaArguments) return viaArguments;
  const shared = receiver.length > 0 && !(rootBinding && isPerIteration(rootBinding));
  if (name !== undefined) {
    if (receiver.length === 0) {
      if (RATE_LIMIT_FUNCTIONS.has(name)) return 'rate-limit';
      if (INTERACTIVE_NAMES.has(name)) return 'interactive';
      if (OUTPUT_FUNCTIONS.has(name)) return 'ordered-output';
    } else if (shared) {
      if (RATE_LIMIT_METHODS.has(name)) return 'rate-limit';
      if (INTERACTIVE_NAMES.has(name) && INTERACTIVE_RECEIVER.has(receiver[receiver.length - 1]!)) return 'interactive';
      if (OUTPUT_NAMES.has(name)) return 'ordered-output';
    }
  }
  if (!shared) return undefined;
  if (isSingleConnection(rootBinding, scopes)) return 'shared-session';
  // `dataSource.transaction(async (manager) => { for (…) await manager.insert(…) })`: the callback's parameter is the transaction.
  if (isTransactionCallbackParameter(rootBinding)) return 'transaction';
  // `const prisma = this.prismaService.txClient()`: a name for the client of the caller's transaction.
  if (isTransactionClient(rootBinding)) return 'transaction';
  // `const connection = new IORedis(url)`, `mongoose.connection.db`: commands overlap there, whatever the name.
  const multiplexed = MULTIPLEXED_CLIENT_MODULES.has(moduleOf(rootBinding, scopes) ?? '');
  for (const segment of receiver) {
    if (RATE_LIMIT_RECEIVER.test(segment)) return 'rate-limit';
    if (LOCK_RECEIVER.test(segment)) return 'lock';
    if (TRANSACTION_RECEIVER.test(segment) || TRANSACTION_CLIENT_NAME.test(segment)) return 'transaction';
    if (SHARED_SESSION_RECEIVER.has(segment) && !multiplexed) return 'shared-session';
  }
  if (OUTPUT_RECEIVER.test(receiver[receiver.length - 1]!)) return 'ordered-output';
  return undefined;
}

/** The names an argument passes along: `tx`, `{ transaction }`, `{ transaction: t }`, `{ delayMs: 50 }`. */
function argumentNames(argument: ts.Expression): Array<{ name: string; value: ts.Expression | undefined }> {
  const e = stripExpression(argument);
  if (ts.isIdentifier(e)) return [{ name: e.text, value: e }];
  if (ts.isPropertyAccessExpression(e)) return [{ name: e.name.text, value: undefined }];
  if (!ts.isObjectLiteralExpression(e)) return [];
  const out: Array<{ name: string; value: ts.Expression | undefined }> = [];
  for (const property of e.properties) {
    if (ts.isShorthandPropertyAssignment(property)) out.push({ name: property.name.text, value: property.name });
    else if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) {
      out.push({ name: property.name.text, value: property.initializer });
    }
  }
  return out;
}

/** A transaction or a pacing delay handed to a call made on every iteration. */
function argumentReason(
  call: ts.CallExpression,
  scopes: ScopeIndex,
  isPerIteration: (binding: Binding) => boolean,
): SequencingReason | undefined {
  for (const argument of call.arguments) {
    for (const { name, value } of argumentNames(argument)) {
      const valueRoot = value && stripExpression(value);
      const binding = valueRoot && ts.isIdentifier(valueRoot) ? scopes.resolve(valueRoot) : undefined;
      // A transaction opened inside the loop body belongs to this iteration.
      if (binding && isPerIteration(binding)) continue;
      if (TRANSACTION_ARGUMENT.test(name)) return 'transaction';
      if (isSingleConnection(binding, scopes)) return 'shared-session';
      if (carriesTransaction(binding)) return 'transaction';
      if (PACING_ARGUMENT.test(name) && !(valueRoot && ts.isNumericLiteral(valueRoot) && Number(valueRoot.text) === 0)) return 'sleep';
    }
  }
  return undefined;
}

/** `const ctx = createContext({ user, transaction })`: a context object that carries a transaction. */
function carriesTransaction(binding: Binding | undefined): boolean {
  const declaration = binding?.declaration.parent;
  if (!binding || !declaration || !ts.isVariableDeclaration(declaration) || declaration.name !== binding.declaration || !declaration.initializer) return false;
  let init = stripExpression(declaration.initializer);
  if (ts.isAwaitExpression(init)) init = stripExpression(init.expression);
  const literals = ts.isObjectLiteralExpression(init)
    ? [init]
    : ts.isCallExpression(init) ? init.arguments.map(stripExpression).filter(ts.isObjectLiteralExpression) : [];
  return literals.some((literal) => literal.properties.some((property) =>
    (ts.isShorthandPropertyAssignment(property) || ts.isPropertyAssignment(property)) &&
    (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) && TRANSACTION_ARGUMENT.test(property.name.text)));
}

/** A constant holding the client of the current transaction: `const prisma = this.prismaService.txClient()`. */
function isTransactionClient(binding: Binding | undefined): boolean {
  const init = constInitializer(binding);
  return init !== undefined && viaTransactionClient(init);
}
