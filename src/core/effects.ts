import { ts } from 'ts-morph';
import { outermostExpression, lastNameOf } from './index-loop';
import { constInitializer, memoKind, type Binding, type ScopeIndex } from './scope';

/**
 * The effects model: what resource a call touches and whether it reads or writes it, and whether
 * the call expresses an intent to run in sequence (sleeps, locks, transactions, lifecycle).
 * PRECISION.md, rules 2 and 3.
 *
 * The model is deliberately lopsided: a call is a *read* only when something positive says so (an
 * fs/HTTP/SQL/cache API we know, or a name whose verb reads: get/find/list/load/fetch…); anything
 * else is a write or unknown, and those conflict with everything except an access to a resource that
 * is provably different (two literal file paths, two literal cache keys). A missed opportunity costs
 * less than advice that breaks code.
 */
export type Access = 'read' | 'write' | 'unknown';

export type SequencingIntent = 'sleep' | 'lock' | 'transaction' | 'lifecycle' | 'rate-limit' | 'retry';

export interface CallEffect {
  /**
   * A key naming what is touched: 'fs:<path>', 'cache:<receiver>#<key>', 'http:<url text>',
   * 'receiver:<text>', 'module:<specifier>'… undefined when unknown. Path and key parts that are
   * names are written `{name@declarationOffset}` (or `{text}` for unresolved ones) so two keys
   * compare by binding; a part that is not understood at all is written `?<text>`.
   */
  resource: string | undefined;
  access: Access;
  intent: SequencingIntent | undefined;
  /** Short human label for messages, e.g. "getUser(id)". */
  label: string;
  /**
   * What the classification rests on: a known API (fs, HTTP clients, SQL text, caches, timers…) or
   * only the words of a name (`getUser` reads). Consumers may trust a name less, e.g. when a
   * "read" is awaited only for its side effect.
   */
  basis?: 'api' | 'name';
  /** A receiver whose every call is sequence-sensitive (one page, one stream, one prompt). */
  ordered?: true;
  /** A write that tells someone (send, publish, notify, email, postMessage…) rather than one that stores something. */
  notification?: true;
  /** A write that only drops a cached copy (`redis.del(key)` on a cache key, a CDN invalidation): nothing is stored. */
  invalidation?: true;
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

/** First word of a function or method name that means "only reads". */
const READ_VERBS = new Set([
  'get', 'fetch', 'load', 'read', 'find', 'list', 'count', 'search', 'lookup', 'retrieve', 'exists', 'exist', 'has',
  'stat', 'lstat', 'readdir', 'readlink', 'realpath', 'access', 'mget', 'hget', 'hgetall', 'hmget', 'smembers', 'sismember',
  'lrange', 'zrange', 'zscore', 'ttl', 'head', 'describe', 'download', 'resolve', 'check', 'verify', 'validate', 'compute',
  'calculate', 'parse', 'render', 'format', 'hash', 'compare', 'is', 'can', 'estimate', 'preview', 'peek', 'inspect',
  'aggregate', 'distinct', 'glob', 'query', 'select', 'detect', 'analyze', 'analyse', 'summarize', 'summarise',
  'translate', 'tokenize', 'encode', 'decode', 'fetchAll', 'scan', 'collect', 'gather', 'resolveMx', 'lookupService',
  'first', 'all', 'one', 'many', 'single', 'maybeSingle', 'toArray', 'findOne', 'paginate', 'explain', 'measure',
  'sum', 'avg', 'average', 'min', 'max', 'total', 'stats', 'diff', 'whoami', 'ping',
  'evaluate', 'predict', 'recommend', 'suggest', 'classify', 'embed', 'transcribe', 'obtain', 'view', 'show',
]);

/** A first word that means "changes something" (`saveUser`, `processOrder`, `buildIndex`). */
const WRITE_VERBS = new Set([
  'set', 'put', 'post', 'patch', 'delete', 'del', 'remove', 'rm', 'rmdir', 'unlink', 'insert', 'update', 'upsert', 'save',
  'create', 'destroy', 'exec', 'execute', 'run', 'write', 'append', 'mkdir', 'mkdtemp', 'rename', 'copy', 'cp', 'move', 'mv',
  'chmod', 'chown', 'symlink', 'link', 'truncate', 'send', 'publish', 'emit', 'push', 'enqueue', 'dispatch', 'notify',
  'track', 'record', 'add', 'incr', 'incrby', 'increment', 'decr', 'decrby', 'decrement', 'expire', 'persist', 'store',
  'upload', 'install', 'clear', 'reset', 'invalidate', 'purge', 'mark', 'apply', 'assign', 'attach', 'detach', 'replace',
  'sync', 'ensure', 'output', 'make', 'claim', 'consume', 'pop', 'shift', 'take', 'next', 'reserve', 'allocate', 'charge',
  'refund', 'pay', 'transfer', 'approve', 'reject', 'cancel', 'archive', 'restore', 'revoke', 'grant', 'invite',
  'subscribe', 'unsubscribe', 'schedule', 'trigger', 'fire', 'kill', 'spawn', 'fork', 'generate', 'import', 'export',
  'seed', 'register', 'log', 'cache', 'hset', 'hdel', 'lpush', 'rpush', 'sadd', 'srem', 'zadd', 'mset', 'setex', 'getset',
  'submit', 'enroll', 'provision', 'deploy', 'build', 'compile', 'bundle', 'process', 'handle', 'touch', 'lease',
  'bump', 'toggle', 'merge', 'mutate', 'modify', 'edit', 'change', 'retain', 'prune', 'clean', 'wipe', 'drop', 'alter',
  'bulk', 'batch', 'sign', 'signup', 'email', 'sms', 'print', 'replay', 'undo', 'redo', 'refresh', 'rebuild', 'reindex',
  'queue', 'emit', 'broadcast', 'reply', 'respond', 'pipe', 'flush', 'ack', 'nack', 'confirm', 'complete',
  'finish', 'close', 'open', 'suspend', 'resume', 'ban', 'block', 'unblock', 'follow', 'unfollow',
  'like', 'unlike', 'vote', 'rate', 'review', 'comment', 'reply', 'share', 'upvote', 'downvote',
  'place', 'book', 'purchase', 'buy', 'sell', 'hold', 'issue', 'mint', 'redeem', 'fulfil', 'fulfill', 'ship', 'deliver',
  'settle', 'capture', 'void', 'enable', 'disable', 'activate', 'deactivate', 'checkout', 'rotate', 'renew', 'extend',
]);

/** A later word that still means "changes something" (`getOrCreateUser`, `findOneAndUpdate`, `fetchAndStore`). */
const WRITE_WORDS_ANYWHERE = new Set([
  'create', 'update', 'delete', 'insert', 'upsert', 'save', 'set', 'remove', 'write', 'store', 'put', 'post', 'patch',
  'destroy', 'increment', 'decrement', 'incr', 'decr', 'claim', 'consume', 'reserve', 'assign', 'append', 'push', 'pop',
  'send', 'publish', 'enqueue', 'dispatch', 'notify', 'upload', 'sync', 'persist', 'purge', 'invalidate', 'clear', 'reset',
  'drop', 'replace', 'modify', 'mutate', 'touch', 'bump', 'toggle', 'exec', 'execute', 'generate', 'refresh',
]);

/** Words anywhere in a name (or receiver) that make the call sequence-sensitive. */
const INTENT_WORDS: ReadonlyMap<string, SequencingIntent> = new Map<string, SequencingIntent>([
  ...['sleep', 'delay', 'wait', 'pause', 'nap', 'timeout', 'tick', 'settimeout', 'setimmediate', 'yield'].map((w) => [w, 'sleep'] as const),
  ...['lock', 'locks', 'unlock', 'acquire', 'release', 'mutex', 'semaphore', 'exclusive', 'redlock', 'lockfile'].map((w) => [w, 'lock'] as const),
  ...['transaction', 'transactions', 'transact', 'transacting', 'begin', 'commit', 'rollback', 'savepoint', 'tx', 'trx', 'txn']
    .map((w) => [w, 'transaction'] as const),
  ...['retry', 'retries', 'backoff', 'poll', 'polling', 'attempt'].map((w) => [w, 'retry'] as const),
  ...['throttle', 'throttled', 'limiter', 'ratelimit', 'bottleneck'].map((w) => [w, 'rate-limit'] as const),
  // Tokens, credentials and connections are set up for what follows (an SDK caches the token, a pool hands out the connection).
  ...['token', 'tokens', 'credential', 'credentials', 'csrf', 'xsrf', 'connection', 'connections'].map((w) => [w, 'lifecycle'] as const),
]);

/** First word of a name that is a lifecycle step: the rest of the code assumes it has happened. */
const LIFECYCLE_VERBS = new Set([
  'connect', 'disconnect', 'reconnect', 'login', 'logout', 'signin', 'signout', 'auth', 'authenticate', 'authorize',
  'init', 'initialize', 'initialise', 'flush', 'drain', 'start', 'stop', 'restart', 'listen', 'end', 'migrate',
  'setup', 'teardown', 'shutdown', 'dispose', 'bootstrap', 'boot', 'ready', 'mount', 'unmount', 'goto', 'navigate',
  'reload', 'warmup', 'prepare', 'once', 'pipeline', 'finished', 'up', 'down', 'use', 'launch', 'terminate', 'abort',
  'open', 'close', 'listen', 'unref',
]);

const GUARD_VERBS = new Set(['validate', 'assert', 'ensure']);
const SCHEMA_RECEIVER = /schema|validator|^(joi|yup|zod|z|ajv)$/i;

/**
 * A guard that exists to throw before what follows acts on the input: `await this.validateUniqueName(name)`,
 * `await assertCanEdit(user)` with the result thrown away, or a schema's validation (`await contextSchema.validateAsync(value)`,
 * `await validator.validate(dto)`) whose result is the checked input. With Promise.all a create would start even
 * when the input is refused. An awaited answer from a service that happens to be named so
 * (`const vat = await vies.validateVat(number)`) is a read like any other.
 */
export function isGuardCall(operation: ts.Node, resultDiscarded: boolean): boolean {
  if (!ts.isCallExpression(operation)) return false;
  const callee = strip(operation.expression);
  const name = lastNameOf(callee);
  if (name === undefined || !GUARD_VERBS.has(nameWords(name)[0] ?? '')) return false;
  if (resultDiscarded) return true;
  const receiver = ts.isPropertyAccessExpression(callee) ? strip(callee.expression) : undefined;
  const receiverName = receiver && lastNameOf(receiver);
  return receiverName !== undefined && SCHEMA_RECEIVER.test(receiverName);
}

/** What `open…` opens when it is a lifecycle step (`openConnection`, `openDb`); `openInvoices` lists open invoices. */
const OPENED_THINGS = new Set([
  'connection', 'conn', 'db', 'database', 'session', 'file', 'browser', 'page', 'tab', 'window', 'stream', 'socket',
  'channel', 'port', 'client', 'pool', 'tunnel', 'transaction', 'tx', 'store', 'handle', 'fd', 'context', 'device',
  'sftp', 'ssh', 'shell', 'editor', 'dialog', 'modal',
]);

/** The methods of a fetch `Body` (a `Request` or a `Response`) that read it: `await req.json()`, `await res.text()`. */
export const BODY_READERS: ReadonlySet<string> = new Set(['json', 'text', 'blob', 'arrayBuffer', 'formData', 'bytes']);
const INCOMING_REQUEST = /^(req|request|incoming|incomingRequest)$/;

/** Receivers that, when named like this, mean "inside a transaction / session". */
const TRANSACTION_RECEIVER_WORDS = new Set(['tx', 'trx', 'txn', 'transaction', 'session', 'queryrunner']);

/** Receivers whose every call is sequence-sensitive: interactive prompts, one browser page, one stream. */
const ORDERED_RECEIVERS = new Set([
  'inquirer', 'prompts', 'enquirer', 'rl', 'readline', 'prompt', 'page', 'browser', 'driver', 'tab', 'frame', 'socket', 'ws',
  'websocket', 'stream', 'writer', 'reader', 'cursor', 'iterator', 'terminal', 'term', 'shell', 'ssh', 'sftp', 'ftp',
  'stdin', 'stdout', 'stderr', 'process', 'child', 'worker', 'port', 'channel', 'git', 'repl', 'editor', 'spinner', 'console',
]);

const INTERACTIVE_MODULES = new Set([
  'inquirer', '@inquirer/prompts', 'prompts', 'enquirer', 'readline', 'node:readline', 'readline/promises',
  'node:readline/promises', '@clack/prompts',
]);
const INTERACTIVE_NAMES = new Set(['prompt', 'ask', 'question', 'confirm', 'input', 'password', 'checkbox', 'rawlist', 'expand', 'editor']);

/** Methods in a call chain that neither read nor write by themselves (query builders, response bodies, promise plumbing). */
const CHAIN_NEUTRAL = new Set([
  'then', 'catch', 'finally', 'json', 'text', 'blob', 'arrayBuffer', 'formData', 'exec', 'lean', 'where', 'andWhere',
  'orWhere', 'whereIn', 'whereNot', 'whereNotIn', 'whereNull', 'whereNotNull', 'whereBetween', 'limit', 'offset', 'skip',
  'take', 'orderBy', 'order', 'sort', 'groupBy', 'having', 'join', 'leftJoin', 'rightJoin', 'innerJoin', 'from', 'into',
  'table', 'populate', 'project', 'returning', 'values', 'eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'is', 'like', 'ilike',
  'match', 'filter', 'range', 'include', 'with', 'timeout', 'signal', 'headers', 'set', 'query', 'type', 'accept', 'auth',
  'field', 'attach', 'expect', 'collection', 'db', 'model', 'getRepository', 'createQueryBuilder', 'getManager', 'as',
  'distinct', 'columns', 'fields', 'asc', 'desc', 'not', 'or', 'and', 'on', 'using', 'cache', 'hint', 'maxTimeMS',
  'batchSize', 'allowDiskUse', 'collation', 'comment', 'readPreference', 'options', 'timeoutMs',
  'promise', 'toPromise', 'unwrap', 'data',
]);

const PROMISE_PLUMBING = new Set(['then', 'catch', 'finally']);

/** Query-builder steps: a builder awaited with only these (`knex('t').where(…).orderBy(…)`) runs a SELECT. */
const QUERY_BUILDER_STEPS = new Set([
  'where', 'andWhere', 'orWhere', 'whereIn', 'whereNot', 'whereNotIn', 'whereNull', 'whereNotNull', 'whereBetween',
  'orderBy', 'limit', 'offset', 'join', 'leftJoin', 'innerJoin', 'groupBy', 'having', 'columns',
]);

const FS_MODULES = new Set([
  'fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'fs-extra', 'graceful-fs', 'mz/fs', 'fs-extra/esm', 'fast-glob',
  'glob', 'globby', 'tiny-glob', 'rimraf', 'mkdirp', 'del', 'make-dir', 'move-file', 'cpy', 'jsonfile', 'load-json-file',
  'write-json-file', 'fs-jetpack',
]);
const FS_RECEIVER_NAMES = new Set(['fs', 'fsp', 'fse', 'fsPromises', 'fsExtra', 'promises']);
const FS_READS = new Set([
  'readFile', 'stat', 'lstat', 'readdir', 'access', 'exists', 'readlink', 'realpath', 'pathExists', 'readJson', 'readJSON',
  'opendir', 'glob', 'globby', 'fg', 'fastGlob', 'loadJsonFile', 'statfs', 'read', 'inspect', 'list', 'find', 'existsAsync',
]);
const FS_WRITES = new Set([
  'writeFile', 'appendFile', 'mkdir', 'rm', 'rmdir', 'unlink', 'rename', 'copyFile', 'cp', 'symlink', 'link', 'chmod',
  'chown', 'lchown', 'truncate', 'utimes', 'lutimes', 'outputFile', 'outputJson', 'outputJSON', 'writeJson', 'writeJSON',
  'ensureDir', 'ensureFile', 'ensureLink', 'ensureSymlink', 'emptyDir', 'remove', 'move', 'copy', 'mkdtemp', 'mkdirp',
  'mkdirs', 'rimraf', 'deleteAsync', 'makeDirectory', 'writeJsonFile', 'moveFile', 'write', 'dir', 'file', 'append',
]);
/**
 * `open(path, 'w')` from fs/promises: a handle that must be closed again (and, for writing, a file emptied).
 * Started beside something that fails, it is left open: a lifecycle step, like a connection.
 */
const FS_HANDLE_OPENERS = new Set(['open']);
/**
 * Calls that create every missing directory above the path they are given (`outputFile` writes a file
 * into them): what they touch starts at the path's first part, not at the path itself.
 */
const FS_CREATES_PARENTS = new Set(['ensureDir', 'ensureFile', 'mkdirp', 'mkdirs', 'makeDirectory', 'outputFile', 'outputJson', 'outputJSON', 'makeDir']);

/** `mkdir(path, { recursive: true })` (or options that cannot be read: they may say so). */
function createsParents(call: ts.CallExpression, method: string): boolean {
  if (FS_CREATES_PARENTS.has(method)) return true;
  if (method !== 'mkdir') return false;
  const options = call.arguments[1] && strip(call.arguments[1]);
  if (!options) return false;
  if (!ts.isObjectLiteralExpression(options)) return !ts.isNumericLiteral(options) && !ts.isStringLiteralLike(options);
  return options.properties.some((p) => !ts.isPropertyAssignment(p) ||
    (ts.isIdentifier(p.name) && p.name.text === 'recursive' && p.initializer.kind !== ts.SyntaxKind.FalseKeyword));
}

/** fs calls taking two paths (source, destination): the key covers both, so it is the whole file system. */
const FS_TWO_PATHS = new Set(['rename', 'copyFile', 'cp', 'symlink', 'link', 'move', 'copy', 'moveFile', 'ensureLink', 'ensureSymlink']);

const HTTP_MODULES = new Set([
  'axios', 'got', 'ky', 'superagent', 'node-fetch', 'undici', 'cross-fetch', 'isomorphic-fetch', 'needle', 'request',
  'request-promise', 'request-promise-native', 'phin', 'bent', 'ofetch', 'wretch', 'supertest', 'make-fetch-happen',
]);
const HTTP_FUNCTION_NAMES = new Set(['fetch', 'axios', 'got', 'ky', 'superagent', 'needle', 'ofetch', '$fetch', 'request']);
const HTTP_METHOD_READS = new Set(['get', 'head', 'options']);
const HTTP_METHOD_WRITES = new Set(['post', 'put', 'patch', 'delete', 'del']);

const CACHE_MODULES = new Set(['ioredis', 'redis', '@redis/client', 'node-cache', 'lru-cache', 'keyv', 'memcached', 'cache-manager', '@upstash/redis']);
const CACHE_RECEIVER = /^(cache|redis|memcache|memcached|kv|keyv|lru)$|Cache$|Redis$|^(cache|redis)[A-Z]/;
const CACHE_READS = new Set(['get', 'has', 'mget', 'exists', 'hget', 'hgetall', 'hmget', 'ttl', 'pttl', 'smembers', 'sismember', 'lrange', 'zrange', 'zscore', 'keys', 'scan', 'getBuffer', 'peek', 'strlen', 'type', 'llen', 'scard', 'zcard']);
const CACHE_WRITES = new Set(['set', 'del', 'delete', 'incr', 'incrby', 'decr', 'decrby', 'expire', 'pexpire', 'setex', 'psetex', 'mset', 'hset', 'hdel', 'hmset', 'hincrby', 'lpush', 'rpush', 'lpop', 'rpop', 'sadd', 'srem', 'zadd', 'zrem', 'getset', 'getdel', 'setnx', 'append', 'unlink', 'flushall', 'flushdb', 'clear', 'reset', 'wrap', 'take']);

const SLEEP_MODULES = new Set(['timers/promises', 'node:timers/promises', 'delay', 'sleep-promise', 'timers', 'node:timers']);
const RATE_LIMIT_MODULES = new Set(['p-limit', 'p-throttle', 'bottleneck', 'p-queue', 'async-sema', 'limiter', 'rate-limiter-flexible', 'p-ratelimit', 'throttled-queue']);
const LOCK_MODULES = new Set(['async-mutex', 'proper-lockfile', 'redlock', 'async-lock']);
const RETRY_MODULES = new Set(['p-retry', 'async-retry', 'retry', 'promise-retry', 'exponential-backoff', 'p-wait-for', 'wait-on']);
/** Plain calls that queue work behind a limiter (`limit(() => …)`); as methods these are query-builder words. */
const RATE_LIMIT_FUNCTIONS = new Set(['limit', 'limiter', 'throttle', 'throttled', 'schedule', 'queued']);
/** ORM reads of one record by its key (Prisma, Mongoose, TypeORM, Sequelize): `findUnique(…)`, `findById(id)`, `findOneBy({ id })`. */
export const SINGLE_RECORD_READS: ReadonlySet<string> = new Set([
  'findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findOne', 'findOneOrFail', 'findById', 'findByPk', 'findOneBy', 'findOneByOrFail',
]);
const PROCESS_MODULES = new Set(['child_process', 'node:child_process', 'execa', 'zx', 'shelljs', 'cross-spawn', 'node:process', 'process']);
/**
 * Git subcommands that only read the repository and take no lock: `git rev-parse --short HEAD` for a build
 * stamp, `git log -1` for a date. (`status` and `diff` may refresh the index and take its lock: not these.)
 */
const READ_ONLY_GIT = new Set(['rev-parse', 'rev-list', 'log', 'show', 'describe', 'cat-file', 'ls-tree', 'ls-files', 'merge-base', 'for-each-ref']);

/**
 * A child process that runs one read-only git command, written out in full: `execa('git', ['rev-parse', 'HEAD'])`,
 * `exec('git describe --tags')`, zx's `$\`git log -1\``. A command with shell operators, or any part built at run
 * time in the command's place, may do anything.
 */
function isReadOnlyGit(expression: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression): boolean {
  const readOnlyLine = (line: string): boolean => {
    const words = /^git\s+([\w-]+)(\s|$)/.exec(line);
    return words !== null && READ_ONLY_GIT.has(words[1]!) && !/[;&|<>`$]/.test(line);
  };
  if (ts.isTaggedTemplateExpression(expression)) {
    const template = expression.template;
    return ts.isNoSubstitutionTemplateLiteral(template) ? readOnlyLine(template.text) : readOnlyLine(template.head.text) && /^git\s+[\w-]+\s/.test(template.head.text);
  }
  const [command, args] = (expression.arguments ?? []).map(strip);
  if (!command || !ts.isStringLiteralLike(command)) return false;
  if (command.text !== 'git') return readOnlyLine(command.text);
  const first = args && ts.isArrayLiteralExpression(args) ? args.elements[0] : undefined;
  return first !== undefined && ts.isStringLiteralLike(first) && READ_ONLY_GIT.has(first.text);
}

/** A call of a child-process module: it may change anything, unless it only reads a git repository. */
function processEffect(expression: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression): Classified {
  return { resource: 'process', access: isReadOnlyGit(expression) ? 'read' : 'write', basis: 'api' };
}

const SQL_READ = /^\s*(\(\s*)?(select|show|explain|describe|desc|values|table)\b/i;
const SQL_WRITE = /^\s*(insert|update|delete|merge|replace|upsert|create|drop|alter|truncate|grant|revoke|call|copy|vacuum|analyze|refresh|reindex|cluster|comment|do|notify|listen|with)\b/i;
const SQL_TRANSACTION = /^\s*(begin|start\s+transaction|commit|rollback|savepoint|release\s+savepoint|end|abort|set\s+transaction|prepare\s+transaction)\b/i;
const SQL_LOCK = /\bfor\s+(update|share|no\s+key\s+update|key\s+share)\b|^\s*lock\b|\bpg_advisory|\bget_lock\s*\(/i;
const SQL_METHODS = new Set(['query', 'execute', 'exec', 'raw', 'run', 'all', 'get', 'each', 'prepare', 'one', 'oneOrNone', 'many', 'manyOrNone', 'any', 'none', 'result', 'queryRaw', '$queryRaw', '$queryRawUnsafe', '$executeRaw', '$executeRawUnsafe', 'unsafe', 'sql', 'queryOne', 'queryAll', 'first']);

/** Option keys that put a call inside a transaction or a lock: `find({ transaction: t })`, `{ session }`, `{ lock: … }`. */
const TRANSACTION_OPTION_KEYS = new Set(['transaction', 'session', 'tx', 'trx', 'txn']);
const LOCK_OPTION_KEYS = new Set(['lock']);

// ---------------------------------------------------------------------------------------------
// Names

/** `getUserById` → ['get', 'user', 'by', 'id']; `$queryRaw` → ['query', 'raw']; `HTTP_GET` → ['http', 'get']. */
const wordsCache = new Map<string, readonly string[]>();

export function nameWords(name: string): readonly string[] {
  const cached = wordsCache.get(name);
  if (cached) return cached;
  if (wordsCache.size > 10_000) wordsCache.clear(); // names repeat within a project; keep the cache bounded
  const words = name
    .replace(/[$_\-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  wordsCache.set(name, words);
  return words;
}

export type Verdict = { kind: 'intent'; intent: SequencingIntent } | { kind: 'write' } | { kind: 'read' } | { kind: 'neutral' } | { kind: 'unknown' };

/** Words that name a lock step only as the verb: `releaseLock()`, `acquire()`, but `getLatestRelease()` reads a release. */
const VERB_ONLY_INTENT_WORDS = new Set(['release', 'acquire']);

function intentOfWords(words: readonly string[]): SequencingIntent | undefined {
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const intent = INTENT_WORDS.get(word);
    if (intent && !(i > 0 && VERB_ONLY_INTENT_WORDS.has(word) && READ_VERBS.has(words[0]!))) return intent;
  }
  return undefined;
}

const CONJUNCTIONS = new Set(['and', 'or', 'then']);
const PREPOSITIONS = new Set(['for', 'of', 'by', 'with', 'from', 'per', 'in', 'on', 'at']);

/**
 * A later word of a name that is a second verb which changes something: `findOneAndUpdate`, `getOrCreateUser`,
 * `fetchAndStore`, `userCreate`, `selectForUpdate` (a row lock). After a read verb only a conjunction starts a
 * second verb, and after a preposition a word is its object: `getClaim`, `getPostById` and `historyForClaim` read.
 */
function laterWriteVerb(words: readonly string[]): boolean {
  const afterRead = READ_VERBS.has(words[0]!);
  for (let i = 1; i < words.length; i++) {
    const word = words[i]!;
    if (!WRITE_WORDS_ANYWHERE.has(word)) continue;
    const before = words[i - 1]!;
    if (word === 'update' && before === 'for') return true;
    if (afterRead ? CONJUNCTIONS.has(before) : !PREPOSITIONS.has(before)) return true;
  }
  return false;
}

const TRANSLATION_WORDS = new Set(['i18n', 'intl', 'translate', 'translation', 'translations', 'translator', 'dictionary']);
const TRANSLATION_GETTERS = new Set(['get', 'init', 'create', 'use']);

/**
 * `await getTranslate()`, `await getI18nInstance()`, `await getTranslations('auth')`, `await getDictionary(lang)`: getting
 * the translation function of this request or process. It is loaded once and cached, then handed out: set-up
 * for the text that follows, with no I/O worth overlapping. (`loadTranslations(locale, 'checkout')` fetches a namespace: a
 * load like any other.)
 */
function isTranslationSetup(words: readonly string[]): boolean {
  if (words.length < 2 || !TRANSLATION_GETTERS.has(words[0]!)) return false;
  const rest = words.slice(1);
  return rest.some((w) => TRANSLATION_WORDS.has(w)) && rest.every((w) => TRANSLATION_WORDS.has(w) || w === 'instance' || w === 'server');
}

/** What a function or method name says about the call, from its words. */
export function verdictOfName(name: string, options: { method: boolean } = { method: true }): Verdict {
  const words = nameWords(name);
  if (words.length === 0) return { kind: 'unknown' };
  const intent = intentOfWords(words);
  if (intent) return { kind: 'intent', intent };
  if (isTranslationSetup(words)) return { kind: 'intent', intent: 'lifecycle' };
  const first = words[0]!;
  if (LIFECYCLE_VERBS.has(first) && !(first === 'open' && words.length > 1 && !OPENED_THINGS.has(words[1]!))) {
    return { kind: 'intent', intent: 'lifecycle' };
  }
  if (!options.method && (INTERACTIVE_NAMES.has(name) || name === 'select')) return { kind: 'unknown' };
  if (first === 'open' && words.length > 1) return laterWriteVerb(words) ? { kind: 'write' } : { kind: 'unknown' };
  if (WRITE_VERBS.has(first) || laterWriteVerb(words)) return { kind: 'write' };
  if (READ_VERBS.has(first) || READ_VERBS.has(name)) return { kind: 'read' };
  return { kind: 'unknown' };
}

// ---------------------------------------------------------------------------------------------
// Call shapes

function strip(expression: ts.Expression): ts.Expression {
  let e = expression;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e) ||
         ts.isSatisfiesExpression(e) || ts.isAwaitExpression(e)) {
    e = e.expression;
  }
  return e;
}

interface ChainLink {
  name: string;
  call: ts.CallExpression | ts.TaggedTemplateExpression;
}

interface CallChain {
  /** Method calls from the innermost (first evaluated) to the outermost. */
  links: ChainLink[];
  /** What the first method is called on: `db.users` in `db.users.find().lean()`, or a plain call such as `knex('users')`. */
  base: ts.Expression;
  /** The base is itself a call of a plain function (`fetch(url)`, `knex('users')`). */
  baseCall: ts.CallExpression | ts.NewExpression | undefined;
}

/** Decompose `a.b.m1(x).m2(y)` into base `a.b` and links m1, m2 (innermost first). */
function chainOf(call: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression): CallChain {
  const links: ChainLink[] = [];
  let current: ts.Expression = call;
  for (;;) {
    const stripped = strip(current);
    if ((ts.isCallExpression(stripped) || ts.isTaggedTemplateExpression(stripped))) {
      const callee = strip(ts.isCallExpression(stripped) ? stripped.expression : stripped.tag);
      if (ts.isPropertyAccessExpression(callee)) {
        links.push({ name: callee.name.text, call: stripped });
        current = callee.expression;
        continue;
      }
      if (ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression)) {
        links.push({ name: callee.argumentExpression.text, call: stripped });
        current = callee.expression;
        continue;
      }
    }
    links.reverse();
    const base = stripped;
    const baseCall = ts.isCallExpression(base) || ts.isNewExpression(base) ? base : undefined;
    return { links, base, baseCall };
  }
}

/**
 * `const coll = this._getCollection(); … await coll.updateOne(…)`: a local handle the object gave out is the object's,
 * so its receiver is what it was made from (`this._getCollection()`), and a later `this.getById(id)` is not on a
 * certainly different object. Only for handles made from `this`: other locals keep their own name.
 */
function thisDerivedOrigin(base: ts.Expression, scopes: ScopeIndex): ts.Expression | undefined {
  const e = strip(base);
  if (!ts.isIdentifier(e)) return undefined;
  const init = constInitializer(scopes.resolve(e));
  const origin = init && strip(ts.isAwaitExpression(strip(init)) ? (strip(init) as ts.AwaitExpression).expression : init);
  return origin && (ts.isCallExpression(origin) || ts.isPropertyAccessExpression(origin)) && receiverRoot(origin)?.kind === ts.SyntaxKind.ThisKeyword
    ? origin
    : undefined;
}

/** The identifier (or `this`) at the root of a receiver expression, skipping calls: `knex('t').where()` → knex. */
function receiverRoot(expression: ts.Expression): ts.Identifier | ts.ThisExpression | undefined {
  let e: ts.Expression = expression;
  for (;;) {
    e = strip(e);
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) e = e.expression;
    else if (ts.isCallExpression(e)) e = e.expression;
    else if (ts.isNewExpression(e)) e = e.expression;
    else break;
  }
  if (ts.isIdentifier(e)) return e;
  if (e.kind === ts.SyntaxKind.ThisKeyword) return e as ts.ThisExpression;
  return undefined;
}

/** The last property name of a receiver (`this.userRepo` → userRepo, `db.users` → users, `redis` → redis). */
function receiverName(expression: ts.Expression): string | undefined {
  const e = strip(expression);
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isCallExpression(e)) return receiverName(e.expression);
  return undefined;
}

function importOf(identifier: ts.Identifier, scopes: ScopeIndex): { module: string; exportName: string } | undefined {
  const binding = scopes.resolve(identifier);
  return binding?.import ?? binding?.required;
}

function compactText(node: ts.Node): string {
  return node.getText().replace(/\s+/g, ' ').trim();
}

function argumentLabel(argument: ts.Expression): string {
  const a = strip(argument);
  if (ts.isObjectLiteralExpression(a)) return a.properties.length === 0 ? '{}' : '{…}';
  if (ts.isArrowFunction(a) || ts.isFunctionExpression(a)) return '() => …';
  return compactText(argument);
}

/** "getUser(id)", "db.users.findMany({…})", "fetch(`/api/orders`)". */
export function labelOf(expression: ts.Expression): string {
  const e = strip(expression);
  if (ts.isCallExpression(e) || ts.isNewExpression(e)) {
    const prefix = ts.isNewExpression(e) ? 'new ' : '';
    const callee = compactText(e.expression);
    const args = (e.arguments ?? []).map(argumentLabel).join(', ');
    const shortCallee = callee.length > 48 ? `…${callee.slice(callee.length - 47)}` : callee;
    return `${prefix}${shortCallee}(${args.length <= 28 ? args : '…'})`;
  }
  const text = compactText(e);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

// ---------------------------------------------------------------------------------------------
// Resource keys

function refText(expression: ts.Expression, scopes: ScopeIndex, depth = 0): string | undefined {
  const e = strip(expression);
  if (ts.isIdentifier(e)) {
    const binding = scopes.resolve(e);
    if (binding && binding.kind === 'const') {
      const literal = constStringOf(binding);
      if (literal !== undefined) return escapeLiteral(literal);
      // `const jsonPath = path.join(dir, \`${name}.json\`)`: the key is what the constant was built from.
      const built = depth < 3 ? constKeyOf(binding, scopes, depth + 1) : undefined;
      if (built !== undefined) return built;
    }
    return binding ? `{${e.text}@${binding.declaration.getStart()}}` : `{${e.text}}`;
  }
  if (ts.isPropertyAccessExpression(e)) {
    const root = receiverRoot(e);
    const chainIsPlain = (() => {
      let x: ts.Expression = e;
      while (ts.isPropertyAccessExpression(x)) x = x.expression;
      return ts.isIdentifier(x) || x.kind === ts.SyntaxKind.ThisKeyword;
    })();
    if (!chainIsPlain || !root) return undefined;
    const binding = ts.isIdentifier(root) ? scopes.resolve(root) : undefined;
    return `{${compactText(e)}${binding ? `@${binding.declaration.getStart()}` : ''}}`;
  }
  return undefined;
}

function constKeyOf(binding: Binding, scopes: ScopeIndex, depth: number): string | undefined {
  const declaration = binding.declaration.parent;
  if (!ts.isVariableDeclaration(declaration) || declaration.name !== binding.declaration || !declaration.initializer) return undefined;
  const init = strip(declaration.initializer);
  if (!ts.isTemplateExpression(init) && !ts.isCallExpression(init) && !ts.isBinaryExpression(init)) return undefined;
  return keyText(init, scopes, depth);
}

function constStringOf(binding: Binding): string | undefined {
  const declaration = binding.declaration.parent;
  if (ts.isVariableDeclaration(declaration) && declaration.name === binding.declaration && declaration.initializer) {
    const init = strip(declaration.initializer);
    if (ts.isStringLiteralLike(init)) return init.text;
  }
  return undefined;
}

function escapeLiteral(text: string): string {
  return text.replace(/[{}?]/g, (c) => encodeURIComponent(c));
}

/**
 * A path-like key as text: literal parts as written, names as `{name@offset}`; undefined when a part
 * is not understood (a call, a conditional…).
 */
function keyText(expression: ts.Expression, scopes: ScopeIndex, depth = 0): string | undefined {
  const e = strip(expression);
  if (ts.isStringLiteralLike(e)) return escapeLiteral(e.text);
  if (ts.isTemplateExpression(e)) {
    let out = escapeLiteral(e.head.text);
    for (const span of e.templateSpans) {
      const ref = refText(span.expression, scopes, depth);
      if (ref === undefined) return undefined;
      out += ref + escapeLiteral(span.literal.text);
    }
    return out;
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = keyText(e.left, scopes, depth);
    const right = keyText(e.right, scopes, depth);
    return left !== undefined && right !== undefined ? left + right : undefined;
  }
  if (ts.isCallExpression(e) && isPathJoin(e, scopes)) {
    const parts: string[] = [];
    for (const argument of e.arguments) {
      const part = keyText(argument, scopes, depth);
      // A later absolute part resets path.resolve; give up rather than model it.
      if (part === undefined || (parts.length > 0 && part.startsWith('/'))) return undefined;
      parts.push(part);
    }
    return parts.join('/');
  }
  return refText(e, scopes, depth);
}

function isPathJoin(call: ts.CallExpression, scopes: ScopeIndex): boolean {
  const callee = strip(call.expression);
  let name: string | undefined;
  let root: ts.Identifier | undefined;
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
    name = callee.name.text;
    root = callee.expression;
  } else if (ts.isIdentifier(callee)) {
    name = callee.text;
    root = callee;
  }
  if (!root || (name !== 'join' && name !== 'resolve')) return false;
  const info = importOf(root, scopes);
  if (info) return info.module === 'path' || info.module === 'node:path' || info.module === 'path/posix' || info.module === 'node:path/posix';
  return root !== callee && root.text === 'path';
}

function normalisePathKey(key: string): string {
  const absolute = key.startsWith('/');
  const parts = key.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  return (absolute ? '/' : '') + parts.join('/');
}

function keySegments(key: string, separator: RegExp): string[] {
  return key.split(separator).filter((p) => p !== '' && p !== '.');
}

/**
 * Are two keys certainly different things? Compared part by part: equal parts continue, two different
 * literal parts decide "different", a name against anything else (or `..`) means "may be the same".
 * A key that is a prefix of the other (a directory and a file inside it) may be the same.
 */
function keysDiffer(a: string, b: string, separator: RegExp): boolean {
  if (a.startsWith('?') || b.startsWith('?')) return false;
  if (a.startsWith('/') !== b.startsWith('/')) return false;
  const sa = keySegments(a, separator);
  const sb = keySegments(b, separator);
  if (sa.includes('..') || sb.includes('..')) return false; // `a/../b` is `b`
  const n = Math.min(sa.length, sb.length);
  for (let i = 0; i < n; i++) {
    const x = sa[i]!;
    const y = sb[i]!;
    if (x === y) continue;
    if (!x.includes('{') && !y.includes('{')) return true;
    // `report-{id}.json` and `report-{id}.csv`: names with different fixed endings (or beginnings) differ whatever fills them.
    return i === sa.length - 1 && i === sb.length - 1 && fixedEndsDiffer(x, y);
  }
  return false;
}

function fixedEndsDiffer(x: string, y: string): boolean {
  const prefix = (k: string) => k.slice(0, k.indexOf('{') < 0 ? k.length : k.indexOf('{'));
  const suffix = (k: string) => k.slice(k.lastIndexOf('}') + 1);
  const px = prefix(x), py = prefix(y), sx = suffix(x), sy = suffix(y);
  const prefixesDiffer = !px.startsWith(py) && !py.startsWith(px);
  const suffixesDiffer = !sx.endsWith(sy) && !sy.endsWith(sx);
  return prefixesDiffer || suffixesDiffer;
}

/** May two resource keys name the same thing? Only fs paths and cache keys can be told apart; everything else may. */
export function resourcesMayOverlap(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return true;
  if (a === b) return true;
  if (a.startsWith('fs:') && b.startsWith('fs:')) return fsKeysMayOverlap(a.slice(3), b.slice(3));
  if (a.startsWith('cache:') && b.startsWith('cache:')) {
    const [receiverA, keyA = '?'] = splitOnce(a.slice(6), '#');
    const [receiverB, keyB = '?'] = splitOnce(b.slice(6), '#');
    if (receiverA !== receiverB) return true;
    return !keysDiffer(keyA, keyB, /[:/]+/);
  }
  return true;
}

/**
 * The service a URL's text names: the host of `'https://api.stripe.com/v1/…'`, or the configuration constant it
 * starts from (`\`\${CATALOG_URL}/v1/…\``, a base URL per service by convention). Undefined when the text
 * starts any other way (a variable, a relative path): then it may be any service.
 */
function hostOf(urlText: string): string | undefined {
  const text = urlText.replace(/^[`'"]/, '');
  const literal = /^https?:\/\/([^/?#`'"$]+)/i.exec(text);
  if (literal) return literal[1]!.toLowerCase();
  const constant = /^\$\{([A-Z][A-Z0-9_]*)\}/.exec(text);
  return constant ? `\${${constant[1]}}` : undefined;
}

/**
 * Two file-system paths. A key marked `+` belongs to a call that creates every missing directory above its
 * path (`mkdir(path.join(dir, 'src'), { recursive: true })` may create `dir`): another call needs it done
 * when its path is anywhere under the first part. Two such calls do not need each other (creating a
 * directory that exists is no error for them), so they compare by their own paths.
 */
function fsKeysMayOverlap(a: string, b: string): boolean {
  const createsA = a.startsWith('+');
  const createsB = b.startsWith('+');
  const keyA = createsA ? a.slice(1) : a;
  const keyB = createsB ? b.slice(1) : b;
  if (createsA === createsB) return !keysDiffer(keyA, keyB, /[\\/]+/);
  const creator = createsA ? keyA : keyB;
  const first = keySegments(creator, /[\\/]+/)[0] ?? '';
  return !keysDiffer((creator.startsWith('/') ? '/' : '') + first, createsA ? keyB : keyA, /[\\/]+/);
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

function fsKey(call: ts.CallExpression, method: string, scopes: ScopeIndex): string {
  if (FS_TWO_PATHS.has(method)) return 'fs:?*';
  const first = call.arguments[0];
  if (!first) return 'fs:?*';
  const key = keyText(first, scopes);
  if (key === undefined) return `fs:?${compactText(first)}`;
  // `fs:+…`: the call may create the path's parents too (see fsKeysMayOverlap).
  return `fs:${createsParents(call, method) ? '+' : ''}${normalisePathKey(key)}`;
}

// ---------------------------------------------------------------------------------------------
// Classifiers for known APIs

interface Classified {
  resource: string | undefined;
  access: Access;
  intent?: SequencingIntent;
  basis?: 'api' | 'name';
  ordered?: true;
}

function fromVerdict(verdict: Verdict, resource: string | undefined, basis: 'api' | 'name' = 'name'): Classified | undefined {
  switch (verdict.kind) {
    case 'intent':
      return { resource, access: 'unknown', intent: verdict.intent, basis };
    case 'write':
      return { resource, access: 'write', basis };
    case 'read':
      return { resource, access: 'read', basis };
    default:
      return undefined;
  }
}

function fsAccess(method: string): Access | undefined {
  if (FS_READS.has(method)) return 'read';
  if (FS_WRITES.has(method)) return 'write';
  return undefined;
}

/** The text of a SQL argument (string literal, template head, `sql\`…\`` tag, or a const bound to one). */
function sqlTextOf(expression: ts.Expression | undefined, scopes: ScopeIndex): string | undefined {
  if (!expression) return undefined;
  const e = strip(expression);
  if (ts.isStringLiteralLike(e)) return e.text;
  if (ts.isTemplateExpression(e)) return e.head.text + ' x';
  if (ts.isTaggedTemplateExpression(e)) {
    const template = e.template;
    return ts.isNoSubstitutionTemplateLiteral(template) ? template.text : template.head.text + ' x';
  }
  if (ts.isObjectLiteralExpression(e)) {
    for (const property of e.properties) {
      if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && (property.name.text === 'text' || property.name.text === 'sql')) {
        return sqlTextOf(property.initializer, scopes);
      }
    }
    return undefined;
  }
  if (ts.isIdentifier(e)) {
    const binding = scopes.resolve(e);
    if (binding?.kind === 'const') {
      const declaration = binding.declaration.parent;
      if (ts.isVariableDeclaration(declaration) && declaration.initializer) {
        const init = strip(declaration.initializer);
        if (ts.isStringLiteralLike(init) || ts.isTemplateExpression(init) || ts.isTaggedTemplateExpression(init)) return sqlTextOf(init, scopes);
      }
    }
  }
  return undefined;
}

function looksLikeSql(text: string): boolean {
  return SQL_READ.test(text) || SQL_WRITE.test(text) || SQL_TRANSACTION.test(text) || SQL_LOCK.test(text);
}

function classifySql(sql: string): Classified {
  const table = /\b(?:from|into|update|join)\s+["`[]?([\w.]+)/i.exec(sql)?.[1];
  const resource = table ? `table:${table.toLowerCase()}` : 'sql:?';
  if (SQL_TRANSACTION.test(sql)) return { resource, access: 'unknown', intent: 'transaction' };
  if (SQL_LOCK.test(sql)) return { resource, access: 'unknown', intent: 'lock' };
  if (SQL_READ.test(sql) && !/\b(insert|update|delete)\b/i.test(sql.replace(/'[^']*'/g, ''))) return { resource, access: 'read' };
  if (SQL_WRITE.test(sql)) return { resource, access: 'write' };
  return { resource, access: 'unknown' };
}

function httpMethodOfOptions(options: ts.Expression | undefined): Access | 'none' {
  if (!options) return 'none';
  const e = strip(options);
  if (!ts.isObjectLiteralExpression(e)) return 'unknown';
  for (const property of e.properties) {
    if (ts.isSpreadAssignment(property)) return 'unknown';
    const name = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? property.name.text : undefined;
    if (name !== 'method') continue;
    if (!ts.isPropertyAssignment(property)) return 'unknown';
    const value = strip(property.initializer);
    if (!ts.isStringLiteralLike(value)) return 'unknown';
    const method = value.text.toLowerCase();
    if (HTTP_METHOD_READS.has(method)) return 'read';
    if (HTTP_METHOD_WRITES.has(method)) return 'write';
    return 'unknown';
  }
  return 'none';
}

/** `fetch(url, init)`, `axios(url | config)`, `got(url, options)`: GET unless a method says otherwise. */
function classifyHttpFunctionCall(call: ts.CallExpression): Classified {
  const [first, second] = call.arguments;
  const url = first ? compactText(first) : '?';
  const firstStripped = first && strip(first);
  const fromConfig = firstStripped && ts.isObjectLiteralExpression(firstStripped) ? httpMethodOfOptions(firstStripped) : 'none';
  const fromOptions = httpMethodOfOptions(second);
  const method = fromConfig !== 'none' ? fromConfig : fromOptions;
  const access: Access = method === 'none' ? 'read' : method;
  return { resource: `http:${url}`, access };
}

function isHttpRoot(root: ts.Identifier, scopes: ScopeIndex): boolean {
  const info = importOf(root, scopes);
  if (info) return HTTP_MODULES.has(info.module);
  return !scopes.resolve(root) && HTTP_FUNCTION_NAMES.has(root.text);
}

function isFsRoot(root: ts.Identifier, scopes: ScopeIndex): boolean {
  const info = importOf(root, scopes);
  if (info) return FS_MODULES.has(info.module) || ((info.module === 'fs' || info.module === 'node:fs') && info.exportName === 'promises');
  return !scopes.resolve(root) && FS_RECEIVER_NAMES.has(root.text);
}

function isCacheReceiver(receiver: ts.Expression, root: ts.Identifier | ts.ThisExpression | undefined, scopes: ScopeIndex): boolean {
  if (root && ts.isIdentifier(root)) {
    const module = clientModuleOf(root, scopes);
    if (module !== undefined && CACHE_MODULES.has(module)) return true;
  }
  const name = receiverName(receiver);
  return name !== undefined && CACHE_RECEIVER.test(name);
}

/**
 * The module a client comes from: an import (`import redis from './redis'` aside, `import { redis } from
 * '@upstash/redis'`), or what a const was made with (`const connection = new IORedis(url)`, `createClient()`).
 */
function clientModuleOf(root: ts.Identifier, scopes: ScopeIndex): string | undefined {
  const direct = importOf(root, scopes);
  if (direct) return direct.module;
  const initializer = constInitializer(scopes.resolve(root));
  const init = initializer && strip(initializer);
  if (!init || (!ts.isNewExpression(init) && !ts.isCallExpression(init))) return undefined;
  const maker = strip(init.expression);
  const makerRoot = ts.isIdentifier(maker) ? maker : ts.isPropertyAccessExpression(maker) && ts.isIdentifier(strip(maker.expression)) ? strip(maker.expression) as ts.Identifier : undefined;
  return makerRoot ? importOf(makerRoot, scopes)?.module : undefined;
}

/** Argument parsers: `await yargs(hideBin(process.argv)).option(…).parse()` reads the command line, a CLI's first step. */
export const ARGUMENT_PARSER_MODULES: ReadonlySet<string> = new Set(['yargs', 'yargs/yargs', 'commander', 'cac', 'meow', 'sade', 'minimist', 'mri', 'arg']);

function moduleIntent(module: string): SequencingIntent | undefined {
  if (SLEEP_MODULES.has(module)) return 'sleep';
  if (ARGUMENT_PARSER_MODULES.has(module)) return 'lifecycle';
  if (RATE_LIMIT_MODULES.has(module)) return 'rate-limit';
  if (LOCK_MODULES.has(module)) return 'lock';
  if (RETRY_MODULES.has(module)) return 'retry';
  return undefined;
}

/** `{ transaction: t }`, `{ session }`, `{ lock: true }` among the arguments; or a request context that holds the transaction. */
function optionIntent(call: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression, scopes: ScopeIndex): SequencingIntent | undefined {
  if (ts.isTaggedTemplateExpression(call)) return undefined;
  const contexts = namesContextType(call, scopes);
  // `this.connection.getRepository(ctx, Order).save(order)`: the context handed to a call down the receiver chain.
  for (let e = strip(call.expression); contexts && (ts.isPropertyAccessExpression(e) || ts.isCallExpression(e)); e = strip(e.expression)) {
    if (ts.isCallExpression(e) && e.arguments.some((a) => isTransactionalContext(strip(a), scopes))) return 'transaction';
  }
  for (const argument of call.arguments ?? []) {
    const e = strip(argument);
    if (contexts && isTransactionalContext(e, scopes)) return 'transaction';
    if (!ts.isObjectLiteralExpression(e)) continue;
    for (const property of e.properties) {
      const name = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? property.name.text : undefined;
      if (!name) continue;
      if (TRANSACTION_OPTION_KEYS.has(name)) return 'transaction';
      if (LOCK_OPTION_KEYS.has(name)) return 'lock';
      const value = !contexts ? undefined : ts.isShorthandPropertyAssignment(property) ? property.name : ts.isPropertyAssignment(property) ? strip(property.initializer) : undefined;
      if (value && isTransactionalContext(value, scopes)) return 'transaction';
    }
  }
  return undefined;
}

/**
 * Request contexts that carry the request's database transaction: Vendure's `RequestContext` (a resolver marked
 * `@Transaction()` puts its query runner there, and `connection.getRepository(ctx, …)` and every service called
 * with `ctx` use it). Calls handed one run on one connection, in order: overlapping them gains nothing, and work
 * still running when the transaction ends fails. Known by the declared type and where it is imported from
 * (`@vendure/core`, or Vendure's own `…/request-context`).
 */
const TRANSACTIONAL_CONTEXT_TYPES: ReadonlyMap<string, RegExp> = new Map([['RequestContext', /^@vendure\/core$|(^|\/)request-context$/]]);

const CONTEXT_TYPE_MENTIONS = memoKind<'file', boolean>('files that name a transactional context type');

/** Whether the file's text names such a type at all: looked at once per file, not for every argument of every call. */
function namesContextType(node: ts.Node, scopes: ScopeIndex): boolean {
  const known = scopes.memo(CONTEXT_TYPE_MENTIONS);
  let names = known.get('file');
  if (names === undefined) {
    const text = node.getSourceFile().text;
    known.set('file', (names = [...TRANSACTIONAL_CONTEXT_TYPES.keys()].some((type) => text.includes(type))));
  }
  return names;
}

function isTransactionalContext(e: ts.Node, scopes: ScopeIndex): boolean {
  if (!ts.isIdentifier(e)) return false;
  const declaration = scopes.resolve(e)?.declaration.parent;
  const type = declaration && (ts.isParameter(declaration) || ts.isVariableDeclaration(declaration)) ? declaration.type : undefined;
  if (!type || !ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return false;
  const modules = TRANSACTIONAL_CONTEXT_TYPES.get(type.typeName.text);
  const imported = modules && scopes.resolve(type.typeName)?.import;
  return imported !== undefined && modules!.test(imported.module);
}

/** `new Promise(resolve => setTimeout(resolve, ms))` and friends. */
function classifyNewPromise(expression: ts.NewExpression): Classified {
  const executor = expression.arguments?.[0];
  let intent: SequencingIntent | undefined = 'lifecycle'; // an event or callback wrapped by hand: ordered by what it waits for
  if (executor && (ts.isArrowFunction(executor) || ts.isFunctionExpression(executor))) {
    const stack: ts.Node[] = [executor.body];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (ts.isCallExpression(node)) {
        const callee = strip(node.expression);
        const name = lastNameOf(callee) ?? '';
        if (name === 'setTimeout' || name === 'setImmediate' || name === 'nextTick') {
          intent = 'sleep';
          break;
        }
      }
      ts.forEachChild(node, (child) => {
        stack.push(child);
      });
    }
  }
  return { resource: undefined, access: 'unknown', intent };
}

/** `Promise.all([a(), b()])`: the combination of its elements. */
function classifyPromiseCombinator(call: ts.CallExpression, scopes: ScopeIndex): Classified {
  const list = call.arguments[0] && strip(call.arguments[0]);
  if (!list || !ts.isArrayLiteralExpression(list) || list.elements.length === 0) return { resource: undefined, access: 'unknown' };
  let access: Access = 'read';
  let basis: 'api' | 'name' = 'api';
  for (const element of list.elements) {
    const e = strip(element);
    if (!(ts.isCallExpression(e) || ts.isNewExpression(e) || ts.isTaggedTemplateExpression(e))) return { resource: undefined, access: 'unknown' };
    const effect = classifyOperation(e, scopes);
    if (effect.intent) return { resource: undefined, access: 'unknown', intent: effect.intent };
    if (effect.basis !== 'api') basis = 'name';
    if (effect.access === 'unknown') access = 'unknown';
    else if (effect.access === 'write' && access === 'read') access = 'write';
  }
  return { resource: undefined, access, basis };
}

function classifyPlainCall(call: ts.CallExpression | ts.NewExpression, callee: ts.Identifier, scopes: ScopeIndex): Classified {
  const name = callee.text;
  const info = importOf(callee, scopes);
  if (info) {
    const module = info.module;
    const exported = info.exportName === '*' || info.exportName === 'default' ? name : info.exportName;
    const intent = moduleIntent(module);
    if (intent) return { resource: `module:${module}`, access: 'unknown', intent, basis: 'api' };
    if (INTERACTIVE_MODULES.has(module)) return { resource: 'tty', access: 'unknown', basis: 'api' };
    if (PROCESS_MODULES.has(module)) return processEffect(call);
    if (FS_MODULES.has(module) && ts.isCallExpression(call)) {
      if (FS_HANDLE_OPENERS.has(exported)) return { resource: 'fs:?*', access: 'unknown', intent: 'lifecycle', basis: 'api' };
      const access = fsAccess(exported) ?? (module.includes('glob') ? 'read' : undefined);
      if (access) return { resource: fsKey(call, exported, scopes), access, basis: 'api' };
      return { resource: 'fs:?*', access: 'unknown', basis: 'api' };
    }
    if (HTTP_MODULES.has(module) && ts.isCallExpression(call)) return { ...classifyHttpFunctionCall(call), basis: 'api' };
  } else if (!scopes.resolve(callee)) {
    if (HTTP_FUNCTION_NAMES.has(name) && ts.isCallExpression(call)) return { ...classifyHttpFunctionCall(call), basis: 'api' };
    if (name === 'setTimeout' || name === 'setImmediate') return { resource: undefined, access: 'unknown', intent: 'sleep', basis: 'api' };
    if (name === 'require') return { resource: undefined, access: 'unknown' };
  }
  // `query('SELECT …', [id])` from the project's own db module (`export const query = (text, params) => pool.query(text, params)`,
  // perhaps imported under another name): the SQL text says what it does, as for `pool.query`.
  const exportedName = info && info.exportName !== '*' && info.exportName !== 'default' ? info.exportName : name;
  if (SQL_METHODS.has(exportedName) && ts.isCallExpression(call)) {
    const sql = sqlTextOf(call.arguments[0], scopes);
    if (sql !== undefined && looksLikeSql(sql)) return { ...classifySql(sql), basis: 'api' };
  }
  if (INTERACTIVE_NAMES.has(name)) return { resource: 'tty', access: 'unknown', basis: 'name' };
  if (RATE_LIMIT_FUNCTIONS.has(name)) return { resource: undefined, access: 'unknown', intent: 'rate-limit', basis: 'name' };
  const verdict = verdictOfName(name, { method: false });
  return fromVerdict(verdict, undefined) ?? { resource: undefined, access: 'unknown' };
}

function sqlVerdict(sql: string): Verdict {
  const c = classifySql(sql);
  if (c.intent) return { kind: 'intent', intent: c.intent };
  return c.access === 'read' ? { kind: 'read' } : c.access === 'write' ? { kind: 'write' } : { kind: 'unknown' };
}

/**
 * What one method of a chain says, and whether a known API says it. `undefined` for links that
 * say nothing in a chain (query-builder steps, `.then`, `.json()`).
 */
/** Chain steps that put a query inside a transaction or a lock: `.session(s)`, `.transacting(trx)`, `.forUpdate()`. */
const LINK_INTENTS: ReadonlyMap<string, SequencingIntent> = new Map<string, SequencingIntent>([
  ['session', 'transaction'], ['transacting', 'transaction'], ['useTransaction', 'transaction'], ['setQueryRunner', 'transaction'],
  ['forUpdate', 'lock'], ['forShare', 'lock'], ['forNoKeyUpdate', 'lock'], ['forKeyShare', 'lock'], ['setLock', 'lock'],
  ['lock', 'lock'], ['skipLocked', 'lock'], ['noWait', 'lock'],
]);

function verdictOfLink(link: ChainLink, onlyLink: boolean, scopes: ScopeIndex): { verdict: Verdict; basis: 'api' | 'name' } | undefined {
  const name = link.name;
  const call = link.call;
  const linkIntent = LINK_INTENTS.get(name);
  if (linkIntent && !onlyLink) return { verdict: { kind: 'intent', intent: linkIntent }, basis: 'api' };
  // SQL text decides for query-like methods: db.query('SELECT …'), $queryRaw`…`.
  if (SQL_METHODS.has(name)) {
    const sql = ts.isTaggedTemplateExpression(call) ? sqlTextOf(call, scopes) : sqlTextOf(call.arguments[0], scopes);
    if (sql !== undefined && looksLikeSql(sql)) return { verdict: sqlVerdict(sql), basis: 'api' };
    if (!onlyLink && CHAIN_NEUTRAL.has(name)) return undefined; // Model.find().exec()
    if (name === 'query' || name === 'raw' || name === 'unsafe' || name === 'sql' || name === 'prepare') return { verdict: { kind: 'unknown' }, basis: 'name' };
    if (name === '$executeRaw' || name === '$executeRawUnsafe' || name === 'run' || name === 'exec' || name === 'execute') {
      return { verdict: { kind: 'write' }, basis: 'api' };
    }
  } else if (!onlyLink && CHAIN_NEUTRAL.has(name)) {
    return undefined;
  }
  // AWS SDK v3: client.send(new GetObjectCommand(…)) reads, client.send(new PutObjectCommand(…)) writes.
  if (name === 'send' && ts.isCallExpression(call) && call.arguments.length >= 1) {
    const command = strip(call.arguments[0]!);
    if (ts.isNewExpression(command) && ts.isIdentifier(command.expression) && /Command$/.test(command.expression.text)) {
      const verdict = verdictOfName(command.expression.text.replace(/Command$/, ''));
      return { verdict: verdict.kind === 'read' || verdict.kind === 'intent' ? verdict : { kind: 'write' }, basis: 'api' };
    }
  }
  if (HTTP_METHOD_READS.has(name)) return { verdict: { kind: 'read' }, basis: 'name' };
  if (HTTP_METHOD_WRITES.has(name)) return { verdict: { kind: 'write' }, basis: 'name' };
  return { verdict: verdictOfName(name), basis: 'name' };
}

/**
 * Classify one awaited operation: a call (possibly a chain such as `db.select().from(t).where(…)`),
 * a `new` expression or a tagged template (`sql\`…\``).
 */
export function classifyOperation(expression: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression, scopes: ScopeIndex): CallEffect {
  // Asked again about the same call by grouping, by the pacing and read-only checks of the methods it calls,
  // by loop analysis and by the fixes; the answer depends on the call and the file only. Never changed once made.
  const known = scopes.memo(OPERATION_EFFECTS);
  let effect = known.get(expression);
  if (!effect) known.set(expression, (effect = computeOperationEffect(expression, scopes)));
  return effect;
}

const OPERATION_EFFECTS = memoKind<ts.Node, CallEffect>('effects of operations');

function computeOperationEffect(expression: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression, scopes: ScopeIndex): CallEffect {
  const label = labelOf(expression);
  const classified = classifyInner(expression, scopes);
  const intent = classified.intent ?? optionIntent(expression, scopes);
  const effect: CallEffect = { resource: classified.resource, access: classified.access, intent, label };
  if (classified.basis) effect.basis = classified.basis;
  if (classified.ordered) effect.ordered = true;
  if (effect.access === 'write' && (isNotification(expression) || isWebhookPost(expression))) effect.notification = true;
  if (effect.access === 'write' && dropsCachedCopy(expression, effect.resource)) effect.invalidation = true;
  return effect;
}

/**
 * What an awaited operation does, for grouping awaits that run one after another. A retry wrapper around
 * one call (`withRetry(() => api.track(no))`, `pRetry(() => fetch(url))`) repeats *that* call until it
 * succeeds; it says nothing about the order between it and the next await, so the wrapped call decides.
 * (Polling — `pollUntil(() => job.status())` — waits for something to happen, and stays a sequencing step.)
 */
export function classifyAwaitedOperation(expression: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression, scopes: ScopeIndex): CallEffect {
  const effect = classifyOperation(expression, scopes);
  if (effect.intent !== 'retry' || !ts.isCallExpression(expression)) return effect;
  const callee = strip(expression.expression);
  const name = lastNameOf(callee) ?? '';
  if (nameWords(name).some((w) => w === 'poll' || w === 'polling' || w === 'wait' || w === 'until')) return effect;
  const wrapped = expression.arguments.map(retriedCall).filter((c): c is ts.CallExpression => c !== undefined);
  if (wrapped.length !== 1) return effect;
  const inner = classifyOperation(wrapped[0]!, scopes);
  return inner.intent ? effect : { ...inner, label: effect.label };
}

/** `() => api.read(x)`, `async () => { return await api.read(x); }`: the one call a callback makes. */
function retriedCall(argument: ts.Expression): ts.CallExpression | undefined {
  const fn = strip(argument);
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  let body: ts.Node = fn.body;
  if (ts.isBlock(body)) {
    if (body.statements.length !== 1) return undefined;
    const only = body.statements[0]!;
    if (!ts.isReturnStatement(only) || !only.expression) return undefined;
    body = only.expression;
  }
  const call = strip(body as ts.Expression);
  return ts.isCallExpression(call) ? call : undefined;
}

const KYSELY_WRITES = new Set(['insertInto', 'updateTable', 'deleteFrom', 'replaceInto', 'mergeInto']);

function kyselyAccess(links: readonly ChainLink[]): Access | undefined {
  let reads = false;
  for (const link of links) {
    if (KYSELY_WRITES.has(link.name)) return 'write';
    if (link.name === 'selectFrom') reads = true;
  }
  return reads ? 'read' : undefined;
}

/**
 * The client of the current transaction, fetched by a getter: `this.prismaService.txClient().record.findMany()`,
 * `getTxClient()`, `this.transactionManager`. Inside a transaction it is the transaction's one connection, whose
 * queries run one at a time (and Prisma's interactive transactions do not take concurrent queries); code written
 * against it is meant to join whatever transaction its caller opened. (Not a tracing `getTransaction()`.)
 */
export const TRANSACTION_CLIENT_NAME = /^(get)?([tT]x|[tT]rx|[tT]xn|[tT]ransaction)(Client|Manager|Connection)$/;

/** Does the receiver chain go through a transaction client (`txClient()`, `this.trxManager`)? */
export function viaTransactionClient(base: ts.Expression): boolean {
  for (let e: ts.Expression = strip(base); ; ) {
    if (ts.isCallExpression(e)) e = strip(e.expression);
    else if (ts.isPropertyAccessExpression(e)) {
      if (TRANSACTION_CLIENT_NAME.test(e.name.text)) return true;
      e = strip(e.expression);
    } else return ts.isIdentifier(e) && TRANSACTION_CLIENT_NAME.test(e.text);
  }
}

function isTransactionReceiverName(name: string): boolean {
  const lower = name.toLowerCase();
  if (TRANSACTION_RECEIVER_WORDS.has(lower)) return true;
  const words = nameWords(name);
  const first = words[0];
  const last = words[words.length - 1];
  return (first === 'tx' || first === 'trx' || first === 'txn') || last === 'transaction' || last === 'tx' || last === 'trx';
}

/**
 * `const res = await fetch(url); … await res.json()`: reading the body of a response this code fetched reads
 * that response and nothing else (the request was the call that touched the server).
 */
function responseBodyRead(expression: ts.CallExpression, scopes: ScopeIndex): Classified | undefined {
  const callee = strip(expression.expression);
  if (expression.arguments.length > 0 || !ts.isPropertyAccessExpression(callee) || !BODY_READERS.has(callee.name.text)) return undefined;
  const target = strip(callee.expression);
  if (!ts.isIdentifier(target)) return undefined;
  const init = constInitializer(scopes.resolve(target));
  // `strip` also looks through the `await` the response was taken with.
  const request = init && strip(init);
  if (!request || !ts.isCallExpression(request)) return undefined;
  const requested = classifyInner(request, scopes);
  if (!requested.resource?.startsWith('http:') || requested.basis !== 'api') return undefined;
  return { resource: `response:${target.text}`, access: 'read', basis: 'api' };
}

function classifyInner(expression: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression, scopes: ScopeIndex): Classified {
  if (ts.isNewExpression(expression)) {
    const ctor = strip(expression.expression);
    if (ts.isIdentifier(ctor) && ctor.text === 'Promise' && !scopes.resolve(ctor)) return { ...classifyNewPromise(expression), basis: 'api' };
    return { resource: undefined, access: 'unknown' };
  }
  if (ts.isTaggedTemplateExpression(expression)) {
    const tag = strip(expression.tag);
    if (ts.isIdentifier(tag)) {
      if (tag.text === 'sql' || tag.text === 'SQL') return { ...classifySql(sqlTextOf(expression, scopes) ?? ''), basis: 'api' };
      if (tag.text === '$') return processEffect(expression); // zx
    }
  }

  const { links, base, baseCall } = chainOf(expression);
  const bodyRead = ts.isCallExpression(expression) ? responseBodyRead(expression, scopes) : undefined;
  if (bodyRead) return bodyRead;
  const root = receiverRoot(base);
  const rootImport = root && ts.isIdentifier(root) ? importOf(root, scopes) : undefined;

  // Promise.all / allSettled / race / any: the combination of what they wait for.
  if (links.length >= 1 && ts.isIdentifier(base) && base.text === 'Promise' && !scopes.resolve(base)) {
    const first = links[0]!;
    if (ts.isCallExpression(first.call) && ['all', 'allSettled', 'race', 'any'].includes(first.name)) {
      const combined = classifyPromiseCombinator(first.call, scopes);
      if (first.name === 'race' || first.name === 'any') return { ...combined, access: combined.access === 'read' ? 'read' : 'unknown' };
      return combined;
    }
    return { resource: undefined, access: 'unknown' };
  }

  const receiverText = compactText(thisDerivedOrigin(base, scopes) ?? base);
  const baseName = receiverName(base);

  // Module-level intents: limit(() => …) from p-limit, sleep from timers/promises, mutex.runExclusive from async-mutex.
  if (rootImport) {
    const intent = moduleIntent(rootImport.module);
    if (intent) return { resource: `module:${rootImport.module}`, access: 'unknown', intent, basis: 'api' };
    if (INTERACTIVE_MODULES.has(rootImport.module)) return { resource: 'tty', access: 'unknown', basis: 'api' };
    if (PROCESS_MODULES.has(rootImport.module)) return processEffect(expression);
  }

  // No method at all: a plain function call `getUser(id)`, `fetch(url)`, `sleep(100)`.
  if (links.length === 0) {
    if (ts.isCallExpression(base) || ts.isNewExpression(base)) {
      const callee = strip(base.expression);
      // `readBoundedBodyText(request, MAX)`, `parseJsonBody(req)`: a helper reading the body of the request that
      // came in, as `await req.json()` does. The handler checks its input before it acts on it.
      if (ts.isIdentifier(callee) && ts.isCallExpression(base) && nameWords(callee.text).includes('body') &&
          base.arguments.some((a) => isIncomingRequest(a, scopes))) {
        return { resource: 'request:body', access: 'unknown', intent: 'lifecycle', basis: 'name' };
      }
      if (ts.isIdentifier(callee)) return classifyPlainCall(base, callee, scopes);
    }
    return { resource: undefined, access: 'unknown' };
  }

  // `await req.json()`, `await ctx.request.formData()`: reading the request that came in. Handlers read and
  // check their input before they act on it; it is the first step, not something to overlap.
  if (links.length === 1 && BODY_READERS.has(links[0]!.name) && baseName !== undefined && INCOMING_REQUEST.test(baseName)) {
    return { resource: `receiver:${receiverText}`, access: 'unknown', intent: 'lifecycle', basis: 'name' };
  }

  // `authenticate.call(this, req, res)`, `handle.apply(this, args)`: the function called is `authenticate`, and its
  // name says what it does, as for `authenticate(req, res)`. (Only the name: the arguments are shifted by `this`.)
  if (links.length === 1 && ts.isIdentifier(base) && (links[0]!.name === 'call' || links[0]!.name === 'apply')) {
    return fromVerdict(verdictOfName(base.text, { method: false }), undefined) ?? { resource: undefined, access: 'unknown' };
  }

  // Receivers that imply an intent: tx.*, trx.*, session.*, mutex.*, limiter.*; one page, stream or prompt.
  const names = [baseName, root && ts.isIdentifier(root) ? root.text : undefined].filter((n): n is string => n !== undefined);
  // (A Redis client named `connection`, as BullMQ code names it, is a cache client: its calls say what they do.)
  const namedIntent = !(links.length === 1 && isCacheReceiver(base, root, scopes));
  if (viaTransactionClient(base)) return { resource: `receiver:${receiverText}`, access: 'unknown', intent: 'transaction', basis: 'name' };
  for (const name of names) {
    if (isTransactionReceiverName(name)) return { resource: `receiver:${receiverText}`, access: 'unknown', intent: 'transaction', basis: 'name' };
    const intent = namedIntent ? intentOfWords(nameWords(name)) : undefined;
    if (intent) return { resource: `receiver:${receiverText}`, access: 'unknown', intent, basis: 'name' };
    if (ORDERED_RECEIVERS.has(name)) return { resource: `receiver:${receiverText}`, access: 'unknown', basis: 'name', ordered: true };
  }

  // fs.promises.readFile(p), fsp.writeFile(p, d), fs.readFile(p) with fs from 'fs/promises'.
  const firstLink = links[0]!;
  if (root && ts.isIdentifier(root) && !baseCall && isFsRoot(root, scopes) && ts.isCallExpression(firstLink.call)) {
    if (FS_HANDLE_OPENERS.has(firstLink.name)) return { resource: 'fs:?*', access: 'unknown', intent: 'lifecycle', basis: 'api' };
    const access = fsAccess(firstLink.name);
    if (access && links.slice(1).every((l) => PROMISE_PLUMBING.has(l.name))) {
      return { resource: fsKey(firstLink.call, firstLink.name, scopes), access, basis: 'api' };
    }
    return { resource: 'fs:?*', access: 'unknown', basis: 'api' };
  }

  // Caches: redis.get(key) vs redis.set(key, v).
  if (!baseCall && links.length === 1 && isCacheReceiver(base, root, scopes) && ts.isCallExpression(firstLink.call)) {
    const method = firstLink.name;
    const keyArgument = firstLink.call.arguments[0];
    const single = !['mget', 'mset', 'del', 'unlink', 'exists'].includes(method) || firstLink.call.arguments.length <= 1;
    const key = keyArgument && single ? keyText(keyArgument, scopes) : undefined;
    const resource = `cache:${receiverText}#${key ?? '?'}`;
    if (CACHE_READS.has(method)) return { resource, access: 'read', basis: 'api' };
    if (CACHE_WRITES.has(method)) return { resource, access: 'write', basis: 'api' };
  }

  // HTTP clients: axios.get(url), got.post(url), ky.delete(url).
  if (root && ts.isIdentifier(root) && !baseCall && isHttpRoot(root, scopes)) {
    const method = firstLink.name;
    const call = firstLink.call;
    const url = ts.isCallExpression(call) && call.arguments[0] ? compactText(call.arguments[0]) : '?';
    const rest = links.slice(1).every((l) => CHAIN_NEUTRAL.has(l.name));
    if (rest && HTTP_METHOD_READS.has(method)) return { resource: `http:${url}`, access: 'read', basis: 'api' };
    if (HTTP_METHOD_WRITES.has(method)) return { resource: `http:${url}`, access: 'write', basis: 'api' };
    if (rest && method === 'request' && ts.isCallExpression(call)) return { ...classifyHttpFunctionCall(call), basis: 'api' };
  }

  // Kysely: `db.selectFrom('t')….executeTakeFirst()` reads, `insertInto`/`updateTable`/`deleteFrom` write; the
  // `execute…` that runs the query says nothing by itself.
  const kysely = kyselyAccess(links);
  if (kysely) return { resource: `receiver:${receiverText}`, access: kysely, basis: 'api' };

  // A chain: any intent or write wins; otherwise the outermost link that means something decides.
  let operative: { verdict: Verdict; basis: 'api' | 'name' } | undefined;
  let builderSteps = false;
  const resource = `receiver:${receiverText}`;
  for (let i = links.length - 1; i >= 0; i--) {
    if (QUERY_BUILDER_STEPS.has(links[i]!.name)) builderSteps = true;
    const said = verdictOfLink(links[i]!, links.length === 1 && !baseCall, scopes);
    if (!said) continue;
    if (said.verdict.kind === 'intent' || said.verdict.kind === 'write') return fromVerdict(said.verdict, resource, said.basis)!;
    operative ??= said;
  }
  if (baseCall) {
    // `fetch(url).then(r => r.json())`, `knex('users').where(…).first()`: the plain call counts too.
    const callee = strip(baseCall.expression);
    const baseEffect: Classified = ts.isIdentifier(callee) ? classifyPlainCall(baseCall, callee, scopes) : { resource: undefined, access: 'unknown' };
    if (baseEffect.intent || baseEffect.access === 'write') return baseEffect;
    if (operative === undefined && builderSteps) return { resource, access: 'read', basis: 'name' };
    if (operative === undefined) return baseEffect;
    if (baseEffect.access === 'read' && operative.verdict.kind === 'read') return baseEffect;
  }
  if (operative?.verdict.kind === 'read') return { resource, access: 'read', basis: operative.basis };
  if (operative === undefined && builderSteps && links.length > 1) return { resource, access: 'read', basis: 'name' };
  return { resource, access: 'unknown' };
}

/**
 * The effect of one call. Kept for the loop rules; `classifyOperation` also takes tagged templates.
 */
export function classifyCall(call: ts.CallExpression | ts.NewExpression, scopes: ScopeIndex): CallEffect {
  return classifyOperation(call, scopes);
}

/** Do two effects need to stay in order? Reads commute with reads; a write conflicts with any access to the same resource. */
export function conflicts(a: CallEffect, b: CallEffect): boolean {
  if (a.intent || b.intent) return true;
  if (a.access === 'read' && b.access === 'read') return false;
  // A write or an unknown access may touch anything, unless the two resources are provably different.
  return resourcesMayOverlap(a.resource, b.resource);
}

/**
 * Who serves a resource, for telling two services apart: an object (`receiver:this.geo`, the client of a
 * `cache:` key), the HTTP endpoint of a URL, the file system, SQL. Undefined when it cannot be said.
 */
function ownerOf(resource: string | undefined): { kind: 'object' | 'http' | 'fs' | 'sql'; path: string[] } | undefined {
  if (!resource) return undefined;
  if (resource.startsWith('receiver:')) return { kind: 'object', path: resource.slice('receiver:'.length).split('.') };
  if (resource.startsWith('cache:')) return { kind: 'object', path: resource.slice('cache:'.length).split('#')[0]!.split('.') };
  if (resource.startsWith('http:')) return { kind: 'http', path: [resource] };
  if (resource.startsWith('fs:')) return { kind: 'fs', path: [] };
  if (resource.startsWith('table:') || resource.startsWith('sql:')) return { kind: 'sql', path: [] };
  return undefined;
}

/** Certainly two different services: an object and an HTTP endpoint, two objects not nested in each other. */
function differentOwners(a: string | undefined, b: string | undefined): boolean {
  const oa = ownerOf(a);
  const ob = ownerOf(b);
  if (!oa || !ob) return false;
  if (oa.kind !== ob.kind) return true;
  if (oa.kind === 'http') {
    // Two services by their hosts (a write to one and a read of the other; two writes stay in order above).
    const hostA = hostOf(a!.slice(5));
    const hostB = hostOf(b!.slice(5));
    return hostA !== undefined && hostB !== undefined && hostA !== hostB;
  }
  if (oa.kind !== 'object') return false; // two files, two statements: the effects model compares those
  const pa = oa.path;
  const pb = ob.path;
  const n = Math.min(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    if (pa[i] === pb[i]) continue;
    if (namedTablesDiffer(pa[i]!, pb[i]!) && !/[()[\]]/.test(pa.slice(0, i).join('.'))) return true;
    return !/[()[\]]/.test(pa.slice(0, i + 1).join('.') + pb.slice(0, i + 1).join('.'));
  }
  return false; // one receiver is the other, or holds it
}

/**
 * `knex('page_views')` and `knex('articles')`, `db.collection('users')` and `db.collection('orders')`: the same
 * function asked for two differently named tables or collections. (Other receivers built by calls may be one object.)
 */
function namedTablesDiffer(a: string, b: string): boolean {
  const ma = /^([\w$]+)\((['"`])([\w.-]+)\2\)$/.exec(a);
  const mb = /^([\w$]+)\((['"`])([\w.-]+)\2\)$/.exec(b);
  return ma !== null && mb !== null && ma[1] === mb[1] && ma[3] !== mb[3];
}

/** First words of names that tell someone something: `sendWelcome`, `publish`, `notifyOwner`, `emailReceipt`. */
const NOTIFY_WORDS = new Set([
  'send', 'email', 'mail', 'sms', 'notify', 'publish', 'emit', 'broadcast', 'alert', 'announce', 'ping', 'trigger', 'tweet', 'text',
]);
/** Notifications that acknowledge or settle something (`ack`, `sendResponse`…) are not free-standing announcements. */
const SETTLING_WORDS = new Set(['ack', 'nack', 'acknowledge', 'confirm', 'complete', 'finish', 'done', 'resolve', 'reply', 'respond', 'delete']);

/** `fetch(SLACK_WEBHOOK, { method: 'POST', … })`, `axios.post(webhookUrl, …)`: a message to a webhook. */
function isWebhookPost(expression: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression): boolean {
  if (!ts.isCallExpression(expression) || !expression.arguments[0]) return false;
  return /webhook|hooks\.slack\.com|discord(app)?\.com\/api\/webhooks/i.test(expression.arguments[0].getText());
}

/** `ses.send(new SendEmailCommand(…))`, `slack.chat.postMessage(…)`, `mailer.sendWelcome(…)`, `sns.publish(…)`. */
function isNotification(expression: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression): boolean {
  const { links, baseCall } = chainOf(expression);
  const names = links.map((l) => l.name);
  if (baseCall) {
    const callee = strip(baseCall.expression);
    if (ts.isIdentifier(callee)) names.push(callee.text);
  }
  for (const link of links) {
    if (link.name !== 'send' || !ts.isCallExpression(link.call)) continue;
    const command = link.call.arguments[0] && strip(link.call.arguments[0]);
    if (command && ts.isNewExpression(command) && ts.isIdentifier(command.expression)) names.push(command.expression.text.replace(/Command$/, ''));
  }
  // Not when any name settles something (`sendPaymentConfirmation`: a payment step, not a notice).
  if (names.some((name) => nameWords(name).some((w) => SETTLING_WORDS.has(w)))) return false;
  return names.some((name) => {
    const words = nameWords(name);
    return NOTIFY_WORDS.has(words[0] ?? '') || (words[0] === 'post' && (words[1] === 'message' || words[1] === 'to'));
  });
}

/** Receivers of content delivery networks and HTTP caches. */
const CDN_RECEIVER = /cdn|cache|cloudflare|fastly|akamai|varnish|bunny/i;
/** Methods that drop a cached entry. */
const CACHE_DROP_METHODS = new Set(['del', 'unlink', 'delete', 'invalidate', 'evict', 'purge', 'hdel']);

/**
 * `redis.del(\`profile:\${id}\`)` on a cache key, `cloudfront.send(new CreateInvalidationCommand(…))`,
 * `cdn.purge(path)`: calls that only make a cache forget something.
 */
function dropsCachedCopy(expression: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression, resource: string | undefined): boolean {
  const { links } = chainOf(expression);
  const last = links[links.length - 1];
  if (!last) return false;
  if (resource?.startsWith('cache:') && !resource.endsWith('#?') && CACHE_DROP_METHODS.has(last.name)) return true;
  // `cdn.purge(url)`, `cloudflare.zones.purgeCache(…)` (a queue's `purge()` deletes its messages: not this).
  if ((last.name === 'purge' || last.name === 'purgeCache') && ts.isCallExpression(last.call) && CDN_RECEIVER.test(compactText(last.call.expression))) return true;
  if (last.name !== 'send' || !ts.isCallExpression(last.call)) return false;
  const command = last.call.arguments[0] && strip(last.call.arguments[0]);
  return command !== undefined && ts.isNewExpression(command) && ts.isIdentifier(command.expression) && /^Create\w*Invalidation(Command)?$/.test(command.expression.text);
}

/**
 * Two calls on different objects, neither a sequencing step: `await catalog.lookup(sku)` and
 * `await warehouse.level(sku)`, `await s3.send(put)` and `await prisma.user.findUnique(…)`, an email and
 * a Slack message. PRECISION.md orders a write with any access to the *same* resource and unknown calls
 * on the *same* receiver; different receivers are different resources (decisions 0005 and 0006). Still
 * kept in order: a call of unknown kind awaited only for what it does (result discarded), receivers
 * nested in one another (`db` and `db.users`) or built by calls (`db.collection('a')`), and two writes
 * unless both are notifications. Whether the later call refers to the record the earlier one stored is
 * the caller's check.
 */
export function independentOperations(a: CallEffect, b: CallEffect, aResultUsed: boolean, bResultUsed: boolean): boolean {
  if (a.intent || b.intent || a.ordered || b.ordered) return false;
  if ((a.access === 'unknown' && !aResultUsed) || (b.access === 'unknown' && !bResultUsed)) return false;
  // Two writes stay in order unless both only tell someone (an email and a Slack message): a stored write then
  // another (foreign keys, an audit row of what was sent), or a store then its announcement or acknowledgement.
  // Dropping cached copies (a cache key, a CDN path) stores nothing either: it pairs with another drop or a notice.
  if (a.access === 'write' && b.access === 'write' && !((a.notification || a.invalidation) && (b.notification || b.invalidation))) return false;
  return differentOwners(a.resource, b.resource);
}

// ---------------------------------------------------------------------------------------------
// Pure calls: what may sit between two awaits without ordering anything

const PURE_GLOBAL_FUNCTIONS = new Set([
  'String', 'Number', 'Boolean', 'BigInt', 'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'encodeURIComponent',
  'decodeURIComponent', 'encodeURI', 'decodeURI', 'structuredClone', 'Symbol',
]);
const PURE_NAMESPACES: ReadonlyMap<string, ReadonlySet<string> | 'all'> = new Map<string, ReadonlySet<string> | 'all'>([
  ['Math', 'all'],
  ['JSON', new Set(['parse', 'stringify'])],
  ['Object', new Set(['keys', 'values', 'entries', 'fromEntries', 'freeze', 'getOwnPropertyNames', 'is', 'hasOwn', 'create'])],
  ['Array', new Set(['isArray', 'from', 'of'])],
  ['Number', new Set(['isInteger', 'isFinite', 'isNaN', 'isSafeInteger', 'parseInt', 'parseFloat'])],
  ['String', new Set(['fromCharCode', 'fromCodePoint', 'raw'])],
  ['Date', new Set(['parse', 'UTC'])], // not Date.now(): reading the clock is about *when*, so it stays in place
  ['Buffer', new Set(['from', 'byteLength', 'isBuffer', 'concat', 'alloc'])],
]);
const PURE_METHODS = new Set([
  'map', 'filter', 'reduce', 'reduceRight', 'find', 'findIndex', 'findLast', 'findLastIndex', 'some', 'every', 'slice',
  'concat', 'join', 'includes', 'indexOf', 'lastIndexOf', 'flat', 'flatMap', 'at', 'keys', 'values', 'entries',
  'toString', 'toFixed', 'toPrecision', 'toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase', 'trim',
  'trimStart', 'trimEnd', 'split', 'substring', 'substr', 'startsWith', 'endsWith', 'replace', 'replaceAll', 'padStart',
  'padEnd', 'repeat', 'charAt', 'charCodeAt', 'codePointAt', 'localeCompare', 'normalize', 'toISOString', 'toJSON',
  'getTime', 'valueOf', 'toSorted', 'toReversed', 'toSpliced', 'with', 'match', 'matchAll', 'test', 'toLocaleString',
  'toDateString', 'toTimeString', 'toUTCString', 'getFullYear', 'getMonth', 'getDate', 'getDay', 'getHours',
  'getMinutes', 'getSeconds', 'getMilliseconds', 'getUTCFullYear', 'getUTCMonth', 'getUTCDate', 'getTimezoneOffset',
]);
const PURE_CONSTRUCTORS = new Set([
  'Date', 'Map', 'Set', 'WeakMap', 'WeakSet', 'URL', 'URLSearchParams', 'RegExp', 'Array', 'Error', 'TypeError',
  'RangeError', 'Intl.NumberFormat', 'Intl.DateTimeFormat', 'TextEncoder', 'TextDecoder',
]);
const PATH_FUNCTIONS = new Set(['join', 'resolve', 'basename', 'dirname', 'extname', 'relative', 'normalize', 'parse', 'format', 'isAbsolute']);

/**
 * A call that changes nothing outside its result: `Math.max`, `JSON.stringify`, `items.map(…)`,
 * `path.join`, `new Map()`. Callbacks passed to array methods are judged separately (their own calls
 * are in the same accesses list).
 */
export function isPureCall(call: ts.CallExpression | ts.NewExpression, scopes: ScopeIndex): boolean {
  const callee = strip(call.expression);
  if (ts.isNewExpression(call)) {
    const text = compactText(callee);
    if (!PURE_CONSTRUCTORS.has(text)) return false;
    if (text === 'Date' && (call.arguments?.length ?? 0) === 0) return false; // the current time
    const root = receiverRoot(callee);
    return !(root && ts.isIdentifier(root) && scopes.resolve(root));
  }
  if (ts.isIdentifier(callee)) return isKnownSynchronousCall(call, scopes);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const method = callee.name.text;
  const target = strip(callee.expression);
  if (ts.isIdentifier(target)) {
    const namespace = builtinNamespaceVerdict(target, method, scopes);
    if (namespace !== undefined) return namespace;
    if (isPathModuleFunction(target, method, scopes)) return true;
  }
  if (PURE_METHODS.has(method)) return true;
  // `url.searchParams.get('page')`: a query-string lookup.
  if (SEARCH_PARAMS_READS.has(method) && ts.isPropertyAccessExpression(target) && target.name.text === 'searchParams') return true;
  if (INTL_FORMAT_METHODS.has(method) && isIntlFormatter(target, scopes)) return true;
  if (REQUEST_READ_METHODS.has(method) && isIncomingRequest(target, scopes) && (method !== 'get' || isHeaderName(call.arguments?.[0]))) return true;
  // `q.split(' ').pop()`, `[...ids].sort()`: changing an array made by the expression itself changes nothing else.
  return FRESH_VALUE_MUTATORS.has(method) && isFreshValue(target, scopes);
}

const SEARCH_PARAMS_READS = new Set(['get', 'getAll', 'has']);

/** Methods of `Intl` formatters and collators: they compute a string or a number and change nothing. */
const INTL_FORMAT_METHODS = new Set(['format', 'formatToParts', 'formatRange', 'formatRangeToParts', 'compare', 'select', 'of', 'resolvedOptions']);

/** `const due = new Intl.DateTimeFormat('en-GB', …)` (or the same created inline): an `Intl` formatter. */
function isIntlFormatter(target: ts.Expression, scopes: ScopeIndex): boolean {
  let e: ts.Expression | undefined = target;
  if (ts.isIdentifier(e)) {
    const initializer = constInitializer(scopes.resolve(e));
    e = initializer && strip(initializer);
  }
  if (!e || !ts.isNewExpression(e)) return false;
  const ctor = strip(e.expression);
  if (!ts.isPropertyAccessExpression(ctor)) return false;
  const owner = strip(ctor.expression);
  return ts.isIdentifier(owner) && owner.text === 'Intl' && !scopes.resolve(owner);
}

/** `req.get('x-debug')`, `req.header('accept')`, `c.req.param('id')`, `req.accepts('json')`: lookups in the request that came in. */
const REQUEST_READ_METHODS = new Set(['get', 'header', 'is', 'accepts', 'acceptsLanguages', 'param', 'query', 'cookie']);

/** `'x-debug'`, `'Accept-Language'`: `req.get(name)` reads a header (a playwright-style `request.get('/api')` is a request). */
function isHeaderName(argument: ts.Expression | undefined): boolean {
  return argument !== undefined && ts.isStringLiteralLike(argument) && /^[A-Za-z][\w-]*$/.test(argument.text);
}

/** The request a handler received: a parameter named `req`/`request`, or `c.req` / `ctx.request` of a handler's parameter. */
export function isIncomingRequest(expression: ts.Expression, scopes: ScopeIndex): boolean {
  const e = strip(expression);
  if (ts.isIdentifier(e)) return INCOMING_REQUEST.test(e.text) && scopes.resolve(e)?.kind === 'parameter';
  if (ts.isPropertyAccessExpression(e) && (e.name.text === 'req' || e.name.text === 'request')) {
    const holder = strip(e.expression);
    return ts.isIdentifier(holder) && scopes.resolve(holder)?.kind === 'parameter';
  }
  return false;
}

const FRESH_VALUE_MUTATORS = new Set(['pop', 'shift', 'push', 'unshift', 'sort', 'reverse', 'splice', 'fill', 'add', 'set', 'delete']);

/** An array or collection created right here: a literal, a spread copy, or the result of a pure call. */
function isFreshValue(expression: ts.Expression, scopes: ScopeIndex): boolean {
  const e = strip(expression);
  if (ts.isArrayLiteralExpression(e) || ts.isObjectLiteralExpression(e)) return true;
  if (ts.isNewExpression(e)) return isPureCall(e, scopes);
  if (!ts.isCallExpression(e) || !isPureCall(e, scopes)) return false;
  // Only calls that build a new array: `find`/`at` hand back an element that lives elsewhere.
  const callee = strip(e.expression);
  return ts.isPropertyAccessExpression(callee) && FRESH_RESULT_METHODS.has(callee.name.text);
}

const FRESH_RESULT_METHODS = new Set([
  'split', 'slice', 'concat', 'map', 'filter', 'flat', 'flatMap', 'toSorted', 'toReversed', 'toSpliced', 'with', 'match',
  'keys', 'values', 'entries', 'from', 'of', 'fromEntries',
]);

/**
 * `JSON.parse(text)`, `Math.max(…)`, `Object.keys(x)`, `path.join(…)`, `parseInt(s)`: built-ins that return a
 * plain value. (Not methods by name: `repo.find()` may well be a query.)
 */
export function isKnownSynchronousCall(call: ts.CallExpression, scopes: ScopeIndex): boolean {
  const callee = strip(call.expression);
  if (ts.isIdentifier(callee)) return (PURE_GLOBAL_FUNCTIONS.has(callee.text) && !scopes.resolve(callee)) || isPathFunction(callee, callee.text, scopes);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const target = strip(callee.expression);
  return ts.isIdentifier(target) && (builtinNamespaceVerdict(target, callee.name.text, scopes) ?? isPathModuleFunction(target, callee.name.text, scopes));
}

/** `Math.max`, `JSON.parse` on the global namespace (not a local named `Math`): whether it is pure; undefined if not such a namespace. */
function builtinNamespaceVerdict(target: ts.Identifier, method: string, scopes: ScopeIndex): boolean | undefined {
  const namespace = PURE_NAMESPACES.get(target.text);
  if (!namespace || scopes.resolve(target)) return undefined;
  return namespace === 'all' || namespace.has(method);
}

/** `path.join` on node's `path` module (imported, or the global-looking `path` when nothing else is bound). */
function isPathModuleFunction(target: ts.Identifier, method: string, scopes: ScopeIndex): boolean {
  if (!PATH_FUNCTIONS.has(method)) return false;
  const info = importOf(target, scopes);
  return info ? info.module === 'path' || info.module === 'node:path' : target.text === 'path' && !scopes.resolve(target);
}

const LOG_METHODS = new Set(['log', 'info', 'debug', 'warn', 'error', 'trace', 'fatal', 'verbose', 'silly', 'notice']);
const LOGGER_NAMES = /^(console|log|logger|_logger|_log)$|Logger$/;

/**
 * `console.log(…)`, `logger.info(…)`, `req.log.debug(…)`, `this.logger.warn(…)`: output for people, not
 * state another operation reads. Between two awaits it can move after them (its line comes out later).
 */
export function isLoggingCall(call: ts.CallExpression | ts.NewExpression, scopes: ScopeIndex): boolean {
  if (!ts.isCallExpression(call)) return false;
  const callee = strip(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !LOG_METHODS.has(callee.name.text)) return false;
  const receiver = strip(callee.expression);
  const name = lastNameOf(receiver);
  if (name === undefined || !LOGGER_NAMES.test(name)) return false;
  // `console` must be the global one; a local `log` or `logger` may be anything, but a logger is what they name.
  return name !== 'console' || !ts.isIdentifier(receiver) || !scopes.resolve(receiver);
}

const METRIC_METHODS = new Set(['increment', 'inc', 'decrement', 'dec', 'gauge', 'histogram', 'timing', 'timer', 'observe', 'distribution', 'count', 'record', 'mark']);
const METRIC_RECEIVERS = /^(metrics|_metrics|stats|statsd|dogstatsd|telemetry|meter|monitor|monitoring|counter|histogram|gauge)$|(Metrics|Stats|Counter|Histogram|Gauge|Meter)$/;
const CLOCK_READS = new Map([['performance', 'now'], ['Date', 'now']]);

/** `performance.now()`, `Date.now()` on the globals. */
export function isClockRead(call: ts.CallExpression | ts.NewExpression, scopes: ScopeIndex): boolean {
  if (!ts.isCallExpression(call)) return false;
  const callee = strip(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const receiver = strip(callee.expression);
  return ts.isIdentifier(receiver) && CLOCK_READS.get(receiver.text) === callee.name.text && !scopes.resolve(receiver);
}

const DATE_LIBRARIES = new Set(['date-fns', 'date-fns-tz', 'dayjs', 'moment', 'moment-timezone', 'luxon']);
/** Calls on a date library that change its settings rather than compute a date. */
const DATE_LIBRARY_SETTINGS = new Set(['extend', 'locale', 'updateLocale', 'defineLocale', 'setDefault', 'setDefaultOptions']);
/** Steps of a date library's chain that shift, round or format a date: a calendar value, not a timing. */
const CALENDAR_STEPS = new Set(['subtract', 'add', 'startOf', 'endOf', 'format', 'minus', 'plus', 'set', 'toISODate', 'toFormat', 'toSQLDate', 'tz', 'utc']);

/** `dayjs` in `dayjs().subtract(1, 'day')`, `DateTime` in `DateTime.now()`: imported from a date library. */
function fromDateLibrary(root: ts.Identifier | ts.ThisExpression | undefined, scopes: ScopeIndex): boolean {
  const module = root && ts.isIdentifier(root) ? importOf(root, scopes)?.module : undefined;
  return module !== undefined && DATE_LIBRARIES.has(module);
}

/** The call made on this call's value, when it is a calendar step: `dayjs()` in `dayjs().subtract(14, 'day')`. */
function shiftedByCalendarStep(call: ts.CallExpression): boolean {
  const access = call.parent;
  return ts.isPropertyAccessExpression(access) && access.expression === call && CALENDAR_STEPS.has(access.name.text) &&
    ts.isCallExpression(access.parent) && access.parent.expression === access;
}

/** A span of time written as constants: `7 * 86_400_000`, `WINDOW_DAYS * DAY_MS`, `ONE_HOUR` (not 0, no variables). */
function isConstantDuration(expression: ts.Expression, scopes: ScopeIndex, depth = 0): boolean {
  const e = strip(expression);
  if (ts.isNumericLiteral(e)) return Number(e.text.replace(/_/g, '')) > 0;
  if (ts.isIdentifier(e) && depth < 4) {
    const initializer = constInitializer(scopes.resolve(e));
    return initializer !== undefined && isConstantDuration(initializer, scopes, depth + 1);
  }
  if (ts.isBinaryExpression(e) && depth < 8) {
    const op = e.operatorToken.kind;
    if (op !== ts.SyntaxKind.AsteriskToken && op !== ts.SyntaxKind.PlusToken && op !== ts.SyntaxKind.SlashToken) return false;
    return isConstantDuration(e.left, scopes, depth + 1) && isConstantDuration(e.right, scopes, depth + 1);
  }
  return false;
}

/**
 * A calendar computation: a date library's function or chain (`subDays(startOfDay(new Date()), 1)`,
 * `dayjs().subtract(14, 'day').format('YYYY-MM-DD')`, `DateTime.now().minus({ days: 7 })`), a clock read such a
 * function takes or such a chain shifts, and a clock read shifted by a constant span (`Date.now() - 7 * DAY`).
 * Between two awaits it can move above them: its value changes by the milliseconds an await takes, which a date
 * shifted by days or rounded to one does not show. A clock read kept as it is (`const t = Date.now()`,
 * `dayjs().diff(start)`) is a timing, and stays where it is.
 */
export function isCalendarComputation(call: ts.CallExpression | ts.NewExpression, scopes: ScopeIndex): boolean {
  const clock = ts.isNewExpression(call)
    ? ts.isIdentifier(call.expression) && call.expression.text === 'Date' && (call.arguments?.length ?? 0) === 0 && !scopes.resolve(call.expression)
    : isClockRead(call, scopes);
  if (clock) {
    const outer = outermostExpression(call).parent;
    // `new Date(Date.now() - WINDOW_DAYS * 86_400_000)`, `Date.now() - 7 * DAY`: the edge of a window of time.
    if (outer && ts.isBinaryExpression(outer) && strip(outer.left) === call && isConstantDuration(outer.right, scopes) &&
        (outer.operatorToken.kind === ts.SyntaxKind.MinusToken || outer.operatorToken.kind === ts.SyntaxKind.PlusToken)) return true;
    // `startOfDay(new Date())`, `dayjs(Date.now())`: the clock read handed to a date library's function.
    const takes = outer && ts.isCallExpression(outer) && outer.arguments.some((a) => strip(a) === call) ? strip(outer.expression) : undefined;
    return takes !== undefined && ts.isIdentifier(takes) && fromDateLibrary(takes, scopes);
  }
  if (!ts.isCallExpression(call) || !fromDateLibrary(receiverRoot(call.expression), scopes)) return false;
  const callee = strip(call.expression);
  // `moment.locale('fr')`, `dayjs.extend(utc)`, `moment.tz.setDefault(zone)`: they change the library for everyone.
  if (ts.isPropertyAccessExpression(callee) && DATE_LIBRARY_SETTINGS.has(callee.name.text)) return false;
  // The library's own clock reads (`dayjs()`, `moment()`, `DateTime.now()`) count only when a calendar step follows.
  // (date-fns's own functions compute a date from their arguments, or a day: `startOfToday()`.)
  const readsClock = (ts.isIdentifier(callee) && call.arguments.length === 0 && !importOf(callee, scopes)?.module.startsWith('date-fns')) ||
    (ts.isPropertyAccessExpression(callee) && callee.name.text === 'now');
  return !readsClock || shiftedByCalendarStep(call);
}

/**
 * A log line or a metric (`metrics.increment('checkout.preview')`, `statsd.timing(…)`): instrumentation, not
 * state another operation reads. Between two awaits it can move after them; what changes is only when the
 * line is written.
 */
export function isInstrumentationCall(call: ts.CallExpression | ts.NewExpression, scopes: ScopeIndex): boolean {
  if (isLoggingCall(call, scopes)) return true;
  if (!ts.isCallExpression(call)) return false;
  const callee = strip(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const receiver = strip(callee.expression);
  const method = callee.name.text;
  if (!METRIC_METHODS.has(method)) return false;
  const name = lastNameOf(receiver);
  return name !== undefined && METRIC_RECEIVERS.test(name);
}

function isPathFunction(callee: ts.Identifier, name: string, scopes: ScopeIndex): boolean {
  if (!PATH_FUNCTIONS.has(name)) return false;
  const info = importOf(callee, scopes);
  return info !== undefined && (info.module === 'path' || info.module === 'node:path');
}
