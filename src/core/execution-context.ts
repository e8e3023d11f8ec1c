import { ts } from 'ts-morph';
import { ARGUMENT_PARSER_MODULES } from './effects';
import { outermostExpression, stripExpression as unwrap, lastNameOf } from './index-loop';
import { ARRAY_LOOP_METHODS } from './loop-cost';
import { constInitializer, isFunctionScope, isReferenceIdentifier, memoKind, type FunctionScope, type ImportInfo, type ScopeIndex } from './scope';

/**
 * Where a piece of code runs, and so whether blocking there matters (PRECISION.md: "A loop blocks the
 * event loop when it runs where blocking matters").
 *
 * Matters: async functions, request/message/event handlers, timer callbacks, stream callbacks, promise
 * callbacks — code that runs while a server is serving. Does not matter: module top level and start-up
 * functions, one-shot scripts, worker threads, tests, config files, and synchronous functions whose callers
 * we cannot see cheaply (precision before recall: a plain sync helper is not reported).
 *
 * The nearest enclosing function decides. A callback that is called synchronously (`.map`, `.forEach`,
 * `new Promise(executor)`, an IIFE) runs in its caller's context; a callback handed to a handler registration
 * runs in the handler's context.
 */
export type ExecutionReason =
  // blocking matters
  | 'async-function'
  | 'request-handler'
  | 'event-handler'
  | 'timer'
  | 'promise-callback'
  | 'stream-callback'
  // blocking does not matter
  | 'top-level'
  | 'startup'
  | 'script'
  | 'worker-thread'
  | 'test'
  | 'config-file'
  | 'browser'
  | 'lifecycle'
  | 'class-initializer'
  | 'sync-function';

export interface ExecutionContext {
  blockingMatters: boolean;
  /** Human description for messages: "async function handleRequest", "the 'request' handler"… */
  where: string;
  /** Why: the kind of place the code runs in. */
  reason: ExecutionReason;
}

/** Reasons that mean "this runs once, not while serving": a callback inside inherits them even when async. */
const ONE_SHOT_REASONS: ReadonlySet<ExecutionReason> = new Set<ExecutionReason>([
  'top-level', 'startup', 'script', 'worker-thread', 'test', 'config-file', 'browser', 'lifecycle',
]);

export type FileRole = 'module' | 'script' | 'worker-thread' | 'test' | 'config-file' | 'browser';

/** Whole-file facts, computed once per source file on first use. */
export interface FileExecutionFacts {
  role: FileRole;
  /** The file holds boot code (`loaders/`): its named functions run at start-up, its handlers still per request. */
  bootCode: boolean;
  /** Functions (by node) called only from module top level or other start-up functions: `main()`, `bootstrap()`. */
  startupFunctions: ReadonlySet<ts.Node>;
  /** Named functions passed by reference to a handler registration or timer: `app.get('/x', handleX)`. */
  registeredHandlers: ReadonlyMap<ts.Node, ExecutionContext>;
  /** Module specifiers the file imports or requires. */
  modules: ReadonlySet<string>;
  /** The references to each named function of the file, resolved by binding (empty unless the file is a module). */
  references: ReadonlyMap<ts.Node, readonly ts.Identifier[]>;
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

const TIMER_FUNCTIONS = new Set(['setTimeout', 'setInterval', 'setImmediate']);
const REACT_EFFECT_HOOKS = new Set(['useEffect', 'useLayoutEffect', 'useInsertionEffect']);
const H3_HANDLER_FACTORIES = new Set(['defineEventHandler', 'eventHandler', 'defineCachedEventHandler', 'cachedEventHandler', 'defineWebSocketHandler']);
const TIMER_RECEIVERS = new Set(['global', 'globalThis', 'window', 'self', 'timers']);
/** Callbacks these call before returning: they run in the caller's context. */
const SYNC_CALLBACK_METHODS = new Set([
  'map', 'forEach', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'findLast',
  'findLastIndex', 'flatMap', 'sort', 'toSorted', 'from', 'replace', 'replaceAll', 'nextTick',
  'mapValues', 'groupBy', 'sortBy', 'keyBy', 'times',
]);
const EVENT_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'addEventListener']);
/** Events that fire once around start-up or shutdown. */
const LIFECYCLE_EVENTS = new Set([
  'exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGBREAK',
  'uncaughtException', 'uncaughtExceptionMonitor', 'unhandledRejection', 'warning', 'listening', 'ready',
]);
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'delete', 'del', 'patch', 'options', 'head', 'all', 'use']);
/** Receivers that look like an HTTP app or router (last name segment). */
const APP_LIKE = /^(app|api|router|routes?|server|fastify|instance|koa|hono|r)$|(App|Router|Server|Api|Routes)$/;
const FASTIFY_REQUEST_HOOKS = new Set([
  'onRequest', 'preParsing', 'preValidation', 'preHandler', 'preSerialization', 'onSend', 'onResponse', 'onError',
  'onTimeout', 'onRequestAbort',
]);
const MESSAGE_CONSUMER_METHODS = new Set(['subscribe', 'consume', 'process']);
const TEST_FUNCTIONS = new Set([
  'it', 'test', 'describe', 'suite', 'context', 'before', 'after', 'beforeEach', 'afterEach', 'beforeAll', 'afterAll',
  'setup', 'teardown', 'suiteSetup', 'suiteTeardown', 'bench',
]);
const TEST_MODIFIERS = new Set(['each', 'only', 'skip', 'concurrent', 'todo', 'failing', 'fails', 'serial', 'sequential', 'skipIf', 'runIf']);
const STREAM_CLASSES = /(^|\.)(Transform|Writable|Readable|Duplex|PassThrough)$/;
const STREAM_OPTION_METHODS = new Set(['transform', 'flush', 'write', 'writev', 'final', 'read', 'construct']);
const STREAM_CLASS_METHODS = new Set(['_transform', '_flush', '_write', '_writev', '_final', '_read', '_construct']);
const ROUTE_DECORATORS = new Set([
  'Get', 'Post', 'Put', 'Delete', 'Patch', 'Options', 'Head', 'All', 'Search', 'Sse',
  'Query', 'Mutation', 'Subscription', 'ResolveField', 'FieldResolver', 'ResolveProperty',
]);
const MESSAGE_DECORATORS = new Set([
  'MessagePattern', 'EventPattern', 'SubscribeMessage', 'OnEvent', 'Process', 'RabbitSubscribe', 'RabbitRPC',
  'GrpcMethod', 'GrpcStreamMethod', 'OnQueueEvent',
]);
const TIMER_DECORATORS = new Set(['Cron', 'Interval', 'Timeout']);
const WORKER_THREADS = new Set(['worker_threads', 'node:worker_threads']);
const WORKER_APIS = new Set(['parentPort', 'workerData']);
/** Argument parsers, prompts and spinners: a file importing one is (part of) a command-line tool. */
const CLI_LIBRARIES = new Set([
  ...ARGUMENT_PARSER_MODULES, 'clipanion', '@oclif/core', 'citty',
  'ora', 'inquirer', '@inquirer/prompts', '@clack/prompts', 'prompts', 'enquirer', 'listr', 'listr2', 'cli-progress', 'boxen',
  // Task runners: a gulpfile's tasks run once per build, in a process that serves nothing.
  'gulp', 'grunt', 'jake', 'just-task', 'zx', 'zx/globals',
]);
const SERVER_CALLS = new Set(['listen', 'createServer', 'createSecureServer']);
/** Calls that build the application itself (`NestFactory.create(…)`, `express()`): the function making them is set-up code. */
const APP_FACTORY_MODULES = new Set(['express', 'fastify', 'koa', 'hono', '@hapi/hapi']);
/** What a fastify plugin does while the app is built: plugins, decorators, schemas, parsers, error handlers. */
const FASTIFY_SETUP_METHODS = new Set([
  'register', 'decorate', 'decorateRequest', 'decorateReply', 'addSchema', 'addContentTypeParser', 'setErrorHandler',
  'setNotFoundHandler', 'setValidatorCompiler', 'setSerializerCompiler', 'setReplySerializer', 'setSchemaErrorFormatter',
]);
/** Hooks a framework calls once, at start-up or shutdown (NestJS's lifecycle interfaces). */
const LIFECYCLE_METHODS = new Set([
  'onModuleInit', 'onApplicationBootstrap', 'onModuleDestroy', 'beforeApplicationShutdown', 'onApplicationShutdown',
]);
/** Exports a test runner calls once per run (vitest/jest/playwright global set-up and teardown). */
const SETUP_EXPORTS = new Set(['setup', 'teardown', 'globalSetup', 'globalTeardown']);
/** Libraries only tests import: a file importing one is test code (a global set-up file, a test helper). */
const TEST_LIBRARIES = /^(vitest(\/.*)?|@vitest\/.+|@jest\/(globals|types)|@playwright\/test|node:test|mocha|chai|sinon|supertest|testcontainers|@testcontainers\/.+)$/;
/** A cron expression (5 to 7 fields of digits, `*`, ranges, steps or day/month names) or a cron nickname: `'0 * * * *'`, `'@hourly'`. */
const CRON_EXPRESSION = /^\s*(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|(([\d*?/,LW#-]+|[A-Za-z]{3}([-,][A-Za-z]{3})*)\s+){4,6}([\d*?/,LW#-]+|[A-Za-z]{3}([-,][A-Za-z]{3})*))\s*$/;
/** Job schedulers whose callbacks run while the process serves: node-cron, node-schedule, cron, croner, agenda, toad-scheduler. */
const AGENDA_MODULES = new Set(['agenda', '@hokify/agenda']);
const BULLMQ_MODULES = new Set(['bullmq', 'bullmq-pro', '@taskforcesh/bullmq-pro']);
/** Object keys whose function value a message consumer calls per message (kafkajs `consumer.run({ eachMessage })`, sqs-consumer). */
const CONSUMER_CALLBACK_KEYS = new Set(['eachMessage', 'eachBatch', 'handleMessage', 'handleMessageBatch']);
/** tRPC procedure kinds: `publicProcedure.input(…).query(fn)`. */
const RPC_PROCEDURE_METHODS = new Set(['query', 'mutation', 'subscription']);

// File names: basename or immediate parent directory only, so a checkout under ~/test/ is not mistaken for tests.
const WORKER_FILE = /(^|[/\\.\-_])worker\.[cm]?[jt]sx?$/i;
const TEST_FILE = /[._](test|spec|e2e-spec|e2e)\.[cm]?[jt]sx?$|(^|[/\\])(__tests__|__mocks__)[/\\]/i;
/** `login-test.ts`, `cart-spec.ts`: test files in some projects, but `ab-test.ts` or `load-test.ts` may be a feature. Tests only if they register some. */
const DASHED_TEST_FILE = /-(test|spec|e2e)\.[cm]?[jt]sx?$/i;
/**
 * A file directly in a `test/` (`tests/`, `e2e/`, `spec/`) folder is test code when it looks like it: it registers
 * tests, imports a test library, or is named as test support. (A checkout or a folder of examples called `tests`
 * holding ordinary modules is not.)
 */
const TEST_DIR_FILE = /(^|[/\\])(test|tests|e2e|spec)[/\\][^/\\]+$/i;
const TEST_SUPPORT_NAME = /(^|[/\\])[^/\\]*(helper|util|fixture|factor(y|ies)|setup|teardown|mock|fake|stub|seed|support|context|harness|env)[^/\\]*\.[cm]?[jt]sx?$/i;
/**
 * Test doubles and fixtures kept beside the code (`fakes/fake-user-store.ts`, `user-store.mock.ts`,
 * `integration-tests/__fixtures__/cart.ts`): they only run under tests. A `mock-server/` feature is product code.
 */
const TEST_DOUBLE_FILE = /(^|[/\\])(__fixtures__|integration-tests|__integration__)[/\\]|(^|[/\\])(fakes?|mocks|stubs|__fakes__)[/\\][^/\\]+$|(^|[/\\])fake[-_.][^/\\]+$|[._-](fake|mock|stub)\.[cm]?[jt]sx?$/i;
/**
 * Test support modules by their name, wherever they are: `test-support.ts`, `test-utils.ts`, `testHelpers.ts`,
 * `test_harness.ts`. Only tests import them.
 */
const TEST_SUPPORT_FILE = /(^|[/\\])tests?[-_]?(support|utils?|helpers?|harness)\.[cm]?[jt]sx?$/i;
const CONFIG_FILE = /\.config\.[cm]?[jt]s$|(^|[/\\])(gulpfile|gruntfile|jakefile)(\.[\w-]+)?\.[cm]?[jt]s$/i;
/**
 * Test-runner set-up files, by basename: `global-setup.ts`, `globalTeardown.ts`, `vitest.setup.ts`, `setupTests.ts`,
 * `test-setup.ts`. The runner calls them once per run, before or after the tests.
 */
const TEST_SETUP_FILE = /(^|[/\\._-])(global[-_.]?(setup|teardown)|setup[-_.]?tests?|tests?[-_.]?(setup|teardown)|(vitest|jest|playwright|mocha)[-_.](setup|teardown))([-_.][^/\\]*)?\.[cm]?[jt]sx?$/i;
/**
 * Folders of one-shot code, as one of the file's three nearest folders: `scripts/`, `bin/`, `migrations/`…
 * (Not `commands/`: Discord bots and CQRS handlers keep per-message code there.)
 */
const SCRIPT_DIR = /(^|[/\\])(scripts?|bin|migrations?|seeds?|seeders|codegen)([/\\][^/\\]+){1,3}$/i;
/** Migrations and their generators, anywhere in the last three path segments (`createMigration.ts`, `predefinedMigrations/v2/index.ts`). */
const MIGRATION_PATH = /migrat(e|ion|or)[^/\\]*([/\\][^/\\]+){0,2}$/i;
/**
 * A package that is a command-line tool by its name (`create-foo-app`, `packages/create-foo`, `foo-cli`, `cli`):
 * any folder on the path. Not every `create-*` folder: feature folders such as `create-user/` hold handlers.
 */
const CLI_PACKAGE_DIR = /(^|[/\\])(create-[\w.-]*-app|[\w.-]*-cli(-v\d+)?|cli(-v\d+)?)[/\\]|(^|[/\\])packages[/\\]create-[\w.-]+[/\\]/i;
/** `loaders/`: the boot code of frameworks such as Medusa and of many Express starters; its named functions run at start-up. */
const LOADER_DIR = /(^|[/\\])loaders?([/\\][^/\\]+){1,3}$/i;

// ---------------------------------------------------------------------------------------------
// Small syntax helpers

/** The name a callee is called by: `foo` for `foo()`, `bar` for `x.y.bar()`. */
function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  return lastNameOf(unwrap(call.expression));
}

function receiverOf(call: ts.CallExpression | ts.NewExpression): ts.Expression | undefined {
  const callee = unwrap(call.expression);
  return ts.isPropertyAccessExpression(callee) ? unwrap(callee.expression) : undefined;
}

/** Last name segment of an expression: `app` for `app`, `router` for `this.router`. */
function lastName(expression: ts.Expression | undefined): string | undefined {
  return expression && lastNameOf(unwrap(expression));
}

function stringValue(node: ts.Node | undefined): string | undefined {
  if (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) return node.text;
  return undefined;
}

function isAsync(fn: FunctionScope): boolean {
  return ts.canHaveModifiers(fn) && (ts.getModifiers(fn)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ?? false);
}

function isFunctionValue(node: ts.Node): node is ts.FunctionExpression | ts.ArrowFunction {
  return ts.isFunctionExpression(node) || ts.isArrowFunction(node);
}

function propertyNameText(name: ts.PropertyName | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  return undefined;
}

function parameterName(fn: FunctionScope, index: number): string | undefined {
  const parameter = fn.parameters[index];
  return parameter && ts.isIdentifier(parameter.name) ? parameter.name.text : undefined;
}

function decoratorNames(node: ts.Node): string[] {
  if (!ts.canHaveDecorators(node)) return [];
  const names: string[] = [];
  for (const decorator of ts.getDecorators(node) ?? []) {
    let e = decorator.expression;
    if (ts.isCallExpression(e)) e = e.expression;
    const name = lastNameOf(e);
    if (name) names.push(name);
  }
  return names;
}

/** The name a function is known by: its own name, the variable or property it is assigned to. */
export function functionName(fn: FunctionScope): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name.text;
  if (ts.isMethodDeclaration(fn) || ts.isGetAccessorDeclaration(fn) || ts.isSetAccessorDeclaration(fn)) {
    return propertyNameText(fn.name);
  }
  const outer = outermostExpression(fn);
  const holder = outer.parent;
  if (holder && ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) return holder.name.text;
  if (holder && (ts.isPropertyAssignment(holder) || ts.isPropertyDeclaration(holder))) return propertyNameText(holder.name);
  // `exports.postUpload = async (req, res) => …`, `module.exports.handler = function () {…}`
  if (holder && ts.isBinaryExpression(holder) && holder.operatorToken.kind === ts.SyntaxKind.EqualsToken && holder.right === outer &&
      ts.isPropertyAccessExpression(holder.left)) {
    return holder.left.name.text;
  }
  return undefined;
}

function classNameOf(member: ts.Node): string | undefined {
  const cls = member.parent;
  return cls && ts.isClassLike(cls) && cls.name ? cls.name.text : undefined;
}

/** The nearest function-like ancestor of `node` (or `node` itself), or a class initializer boundary. */
function enclosingFunction(node: ts.Node): FunctionScope | ts.ClassStaticBlockDeclaration | ts.PropertyDeclaration | undefined {
  let previous: ts.Node | undefined;
  for (let n: ts.Node | undefined = node; n && !ts.isSourceFile(n); previous = n, n = n.parent) {
    if (isFunctionScope(n)) return n;
    if (ts.isClassStaticBlockDeclaration(n)) return n;
    if (ts.isPropertyDeclaration(n) && previous !== undefined && previous === n.initializer) return n;
  }
  return undefined;
}

/** `(function () {…})()` / `(async () => {…})()`: runs right where it is written. */
function isImmediatelyInvoked(fn: FunctionScope): boolean {
  if (!isFunctionValue(fn)) return false;
  const outer = outermostExpression(fn);
  const parent = outer.parent;
  return !!parent && ts.isCallExpression(parent) && parent.expression === outer;
}

/** The call (or `new`) a function is passed to as an argument, with the argument's position. */
function callTakingArgument(fn: ts.Node): { call: ts.CallExpression | ts.NewExpression; index: number } | undefined {
  const outer = outermostExpression(fn);
  const parent = outer.parent;
  if (parent && (ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments) {
    const index = parent.arguments.indexOf(outer as ts.Expression);
    if (index >= 0) return { call: parent, index };
  }
  return undefined;
}

/** What verdicts may look up beyond syntax: bindings (bullmq's `Worker` is not worker_threads'), and the file's imports. */
interface Lookup {
  scopes: ScopeIndex;
  /** Module specifiers the file imports or requires. */
  modules: ReadonlySet<string>;
}

/** The import (or `require`) an identifier, or the root of `a.b`, is bound to. */
function importOf(expression: ts.Expression | undefined, scopes: ScopeIndex): ImportInfo | undefined {
  if (!expression) return undefined;
  let e = unwrap(expression);
  while (ts.isPropertyAccessExpression(e)) e = unwrap(e.expression);
  if (!ts.isIdentifier(e)) return undefined;
  const binding = scopes.resolve(e);
  return binding?.import ?? binding?.required;
}

/** The module a callee comes from: `Worker` imported from 'bullmq', `cron.schedule` with `cron` from 'node-cron'. */
function calleeModule(call: ts.CallExpression | ts.NewExpression, scopes: ScopeIndex): string | undefined {
  return importOf(call.expression, scopes)?.module;
}

function isCronExpression(node: ts.Node | undefined): boolean {
  const text = stringValue(node);
  return text !== undefined && CRON_EXPRESSION.test(text) && /[\d*@]/.test(text);
}

/** `publicProcedure.input(schema).query`, `t.procedure.use(auth).mutation`: a tRPC procedure builder chain. */
function isProcedureChain(receiver: ts.Expression | undefined, scopes: ScopeIndex): boolean {
  let e = receiver && unwrap(receiver);
  for (let depth = 0; e && depth < 32; depth++) {
    if (ts.isCallExpression(e)) {
      e = unwrap(e.expression);
    } else if (ts.isPropertyAccessExpression(e)) {
      if (/procedure$/i.test(e.name.text)) return true;
      e = unwrap(e.expression);
    } else if (ts.isIdentifier(e)) {
      if (/procedure$/i.test(e.text)) return true;
      // `const authed = t.procedure.use(isAuthed)` … `authed.input(schema).mutation(…)`: a procedure under another name.
      const initializer = constInitializer(scopes.resolve(e));
      if (!initializer) return false;
      e = unwrap(initializer);
    } else {
      return false;
    }
  }
  return false;
}

/** The key a value is stored under in an object literal: `changelog` in `{ changelog: t.procedure.query(…) }`. */
function propertyKeyOf(node: ts.Node): string | undefined {
  const parent = outermostExpression(node).parent;
  return parent && ts.isPropertyAssignment(parent) ? propertyNameText(parent.name) : undefined;
}

/**
 * Job schedulers and queue consumers: their callbacks run on the main thread, per job or message, while the
 * process serves (node-cron, node-schedule, cron, croner, agenda, toad-scheduler; bullmq, pg-boss).
 */
function jobVerdict(call: ts.CallExpression | ts.NewExpression, index: number, name: string | undefined, lookup: Lookup): ExecutionContext | undefined {
  if (!name || index < 1) return undefined;
  const module = calleeModule(call, lookup.scopes);
  const args: readonly ts.Expression[] = call.arguments ?? [];
  if (ts.isNewExpression(call)) {
    if (name === 'Worker' && module !== undefined && BULLMQ_MODULES.has(module)) return matters('event-handler', 'the BullMQ job processor');
    if (name === 'CronJob' || (name === 'Cron' && module === 'croner')) return matters('timer', 'a cron job');
    if ((name === 'AsyncTask' || name === 'Task') && module === 'toad-scheduler') return matters('timer', 'a scheduled task');
    return undefined;
  }
  if (name === 'scheduleJob') return matters('timer', 'a node-schedule job');
  if (name === 'schedule' && (module === 'node-cron' || isCronExpression(args[0]))) return matters('timer', 'a node-cron job');
  if (name === 'Cron' && module === 'croner') return matters('timer', 'a cron job');
  const receiver = receiverOf(call);
  if (!receiver || stringValue(args[0]) === undefined) return undefined;
  if (name === 'define' && [...AGENDA_MODULES].some((m) => lookup.modules.has(m))) return matters('timer', `the Agenda job '${stringValue(args[0])}'`);
  if (name === 'work' && lookup.modules.has('pg-boss')) return matters('event-handler', `the pg-boss '${stringValue(args[0])}' worker`);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// What a call does with a function it is given

/**
 * The verdict about a callback, from the call that receives it:
 * - `final`: the callback's own context, known without looking further out;
 * - `inherit`: runs in the caller's context (sync iteration, promise executor, unknown sync callee);
 * - `promise`: a `.then`/`.catch`/`.finally` callback;
 * - `unknown`: an unknown callee; an async callback there is judged as an async function.
 */
type CallbackVerdict =
  | { kind: 'final'; context: ExecutionContext }
  | { kind: 'inherit' }
  | { kind: 'promise'; method: string }
  | { kind: 'unknown'; callee: string | undefined };

const matters = (reason: ExecutionReason, where: string): ExecutionContext => ({ blockingMatters: true, reason, where });
const silent = (reason: ExecutionReason, where: string): ExecutionContext => ({ blockingMatters: false, reason, where });

type RoutePath = { kind: 'path'; text: string } | { kind: 'other-string' } | { kind: 'expression' } | { kind: 'none' };

/** What the first argument of `x.get(…)` says about it being a route: `'/users/:id'` is a path, `'key'` is not. */
function routePathOf(call: ts.CallExpression): RoutePath {
  const first = call.arguments[0];
  if (!first) return { kind: 'none' };
  const text = stringValue(first);
  if (text !== undefined) return text.startsWith('/') || text === '*' ? { kind: 'path', text } : { kind: 'other-string' };
  if (ts.isTemplateExpression(first) || ts.isRegularExpressionLiteral(first) || ts.isArrayLiteralExpression(first)) {
    return { kind: 'path', text: first.getText() };
  }
  return { kind: 'expression' };
}

/** `app.get('/x', fn)`, `router.use(fn)`, `app.route('/x').post(fn)`, `fastify.addHook('onRequest', fn)`. */
function routeVerdict(call: ts.CallExpression, index: number, method: string, fn: ts.Node | undefined): ExecutionContext | undefined {
  const receiver = receiverOf(call);
  if (!receiver) return undefined;
  if (method === 'addHook') {
    const hook = stringValue(call.arguments[0]);
    if (index < 1 || hook === undefined) return undefined;
    return FASTIFY_REQUEST_HOOKS.has(hook) ? matters('request-handler', `the '${hook}' hook`) : silent('lifecycle', `the '${hook}' hook`);
  }
  if (!ROUTE_METHODS.has(method)) return undefined;
  const handler = fn && isFunctionScope(fn) ? fn : undefined;
  // `request.get(url, (err, res, body) => …)` is an HTTP client's completion callback, not a route;
  // Express error middleware `(err, req, res, next)` is a route.
  const first = handler ? parameterName(handler, 0) : undefined;
  if (handler && first && /^(err|error|e)$/.test(first) && handler.parameters.length < 4) return undefined;
  const verb = method === 'use' ? undefined : method === 'del' ? 'DELETE' : method.toUpperCase();
  const label = (path: string | undefined): string =>
    verb ? `the ${verb}${path ? ` ${path}` : ''} handler` : `the middleware registered with ${lastName(receiver) ?? 'app'}.use`;

  // `app.route('/x').get(fn)`: the path sits on the receiver call.
  if (ts.isCallExpression(receiver) && calleeName(receiver) === 'route') {
    return matters('request-handler', label(stringValue(receiver.arguments[0])));
  }
  const path = routePathOf(call);
  if (path.kind === 'path') return index >= 1 ? matters('request-handler', label(path.text)) : undefined;
  // `cache.get('key', loader)`, `request.get('http://…', cb)`: a string that is not a route path.
  if (path.kind === 'other-string') return undefined;
  const appLike = APP_LIKE.test(lastName(receiver) ?? '');
  if (method === 'use') {
    const looksLikeMiddleware = handler !== undefined && /^(req|request|ctx|context|c)$/.test(parameterName(handler, 0) ?? '');
    return appLike || looksLikeMiddleware ? matters('request-handler', label(undefined)) : undefined;
  }
  // `app.get(ROUTES.users, handler)`: a path held in a variable, on something that looks like an app.
  return appLike && index >= 1 ? matters('request-handler', label(undefined)) : undefined;
}

function eventVerdict(call: ts.CallExpression, index: number, method: string): ExecutionContext | undefined {
  if (EVENT_METHODS.has(method)) {
    if (index < 1) return undefined;
    const event = stringValue(call.arguments[0]);
    const noun = method === 'addEventListener' ? 'listener' : 'handler';
    if (event === undefined) {
      const receiver = lastName(receiverOf(call));
      return matters('event-handler', `an event ${noun}${receiver ? ` on ${receiver}` : ''}`);
    }
    if (LIFECYCLE_EVENTS.has(event)) return silent('lifecycle', `the '${event}' ${noun}`);
    return matters('event-handler', `the '${event}' ${noun}`);
  }
  // `this.onMessage('move', (client, goal) => …)` in a Colyseus room, and other servers that dispatch by message type.
  if (method === 'onMessage' && index === 1) {
    const type = stringValue(call.arguments[0]);
    if (type !== undefined) return matters('event-handler', `the '${type}' message handler`);
  }
  if (MESSAGE_CONSUMER_METHODS.has(method)) {
    const receiver = receiverOf(call);
    // `process.process` does not exist; `queue.process(job => …)`, `channel.consume(q, msg => …)`, `sub.subscribe(…)`.
    if (!receiver) return undefined;
    return matters('event-handler', method === 'subscribe' ? 'a subscription callback' : method === 'consume' ? 'a message consumer' : 'a queue job processor');
  }
  return undefined;
}

/** Test registrations: `it(…)`, `test.each(table)(…)`, `it.skipIf(cond)(…)`, and their skip/only variants. */
function isTestRegistration(callee: ts.Expression): boolean {
  let e = callee;
  if (ts.isCallExpression(e)) e = unwrap(e.expression);
  while (ts.isPropertyAccessExpression(e) && TEST_MODIFIERS.has(e.name.text)) e = unwrap(e.expression);
  return ts.isIdentifier(e) && TEST_FUNCTIONS.has(e.text);
}

/**
 * Google Cloud Functions: `functions.http('translations', (req, res) => …)`, `cloudEvent('orders', (event) => …)`
 * from '@google-cloud/functions-framework'. An instance serves many requests at once (gen2).
 */
function cloudFunctionVerdict(call: ts.CallExpression, callee: ts.Expression, index: number, lookup: Lookup): ExecutionContext | undefined {
  if (index !== 1) return undefined;
  const name = lastNameOf(callee);
  if (name !== 'http' && name !== 'cloudEvent') return undefined;
  const root = ts.isIdentifier(callee) ? callee : ts.isPropertyAccessExpression(callee) ? unwrap(callee.expression) : undefined;
  if (!root || !ts.isIdentifier(root) || importOf(root, lookup.scopes)?.module !== '@google-cloud/functions-framework') return undefined;
  const label = stringValue(call.arguments[0]);
  return matters(name === 'http' ? 'request-handler' : 'event-handler', `the Cloud Function${label ? ` '${label}'` : ''}`);
}

/** Electron's main process: `ipcMain.handle('project:open', async (event) => …)` answers a window; blocking freezes them all. */
function electronIpcVerdict(call: ts.CallExpression, callee: ts.Expression, index: number, lookup: Lookup): ExecutionContext | undefined {
  if (index !== 1 || !ts.isPropertyAccessExpression(callee) || (callee.name.text !== 'handle' && callee.name.text !== 'handleOnce')) return undefined;
  const receiver = unwrap(callee.expression);
  if (!ts.isIdentifier(receiver) || receiver.text !== 'ipcMain' || importOf(receiver, lookup.scopes)?.module !== 'electron') return undefined;
  const channel = stringValue(call.arguments[0]);
  return matters('event-handler', `the ipcMain handler${channel ? ` '${channel}'` : ''}`);
}

/**
 * A VS Code extension's listeners and commands: `vscode.workspace.onDidChangeTextDocument((e) => …)`,
 * `commands.registerCommand('id', () => …)`. They run on the extension host's one thread, which every
 * extension shares: a long loop there stalls all of them (and every keystroke fires an edit event).
 */
function vscodeVerdict(callee: ts.Expression, call: ts.CallExpression, index: number, lookup: Lookup): ExecutionContext | undefined {
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  // The name first: resolving the import walks the scopes, which every callback of a deep nest would pay.
  const name = callee.name.text;
  const listener = /^on(Did|Will)[A-Z]/.test(name) && index === 0;
  const command = (name === 'registerCommand' || name === 'registerTextEditorCommand') && index === 1;
  if (!listener && !command) return undefined;
  if (importOf(callee, lookup.scopes)?.module !== 'vscode') return undefined;
  if (listener) return matters('event-handler', `the ${name} listener`);
  const id = stringValue(call.arguments[0]);
  return matters('event-handler', `the command${id ? ` '${id}'` : ''}`);
}

/** Chat-bot frameworks, whose app or bot object dispatches every incoming message, command or event to a handler. */
const BOT_MODULES = new Set(['@slack/bolt', 'telegraf', 'grammy', 'node-telegram-bot-api', 'discord.js', 'botbuilder', 'tmi.js']);
/** Their registrations: Bolt's `app.event/command/action/message/shortcut/view/options`, Telegraf's and grammY's `bot.command/hears/start/use`… */
const BOT_HANDLER_METHODS = new Set([
  'event', 'command', 'action', 'message', 'shortcut', 'view', 'options', 'function', 'hears', 'start', 'help', 'settings', 'use',
  'callbackQuery', 'inlineQuery', 'chosenInlineResult', 'onText',
]);

/**
 * `bot.command('borrow', async (ctx) => …)` with `const bot = new Telegraf(token)`, `app.event('app_mention', …)` with
 * Bolt's `new App(…)`: a handler the bot runs for every message it receives, while it serves everyone else.
 */
function botVerdict(callee: ts.Expression, call: ts.CallExpression, lookup: Lookup): ExecutionContext | undefined {
  if (!ts.isPropertyAccessExpression(callee) || !BOT_HANDLER_METHODS.has(callee.name.text)) return undefined;
  const receiver = unwrap(callee.expression);
  if (!ts.isIdentifier(receiver)) return undefined;
  const created = constInitializer(lookup.scopes.resolve(receiver));
  const made = created && unwrap(created);
  if (!made || !(ts.isNewExpression(made) || ts.isCallExpression(made)) || !BOT_MODULES.has(importOf(made.expression, lookup.scopes)?.module ?? '')) return undefined;
  const pattern = stringValue(call.arguments[0]);
  return matters('event-handler', `the bot's ${callee.name.text}${pattern ? ` '${pattern}'` : ''} handler`);
}

function callbackVerdict(call: ts.CallExpression | ts.NewExpression, index: number, fn: ts.Node | undefined, lookup: Lookup): CallbackVerdict {
  const name = calleeName(call);
  const job = jobVerdict(call, index, name, lookup);
  if (job) return { kind: 'final', context: job };
  if (ts.isNewExpression(call)) {
    if (name === 'Promise') return { kind: 'inherit' };
    // `new LocalStrategy({ usernameField: 'email' }, async (email, password, done) => …)`: passport calls the verify
    // function on every login attempt.
    const ctor = unwrap(call.expression);
    if (ts.isIdentifier(ctor) && importOf(ctor, lookup.scopes)?.module.startsWith('passport-')) {
      return { kind: 'final', context: matters('request-handler', `the verify function of ${ctor.text}`) };
    }
    return { kind: 'unknown', callee: name };
  }
  const callee = unwrap(call.expression);
  const registered = cloudFunctionVerdict(call, callee, index, lookup) ?? electronIpcVerdict(call, callee, index, lookup) ??
    vscodeVerdict(callee, call, index, lookup) ?? botVerdict(callee, call, lookup);
  if (registered) return { kind: 'final', context: registered };
  // `useEffect(() => { … })` from 'react': effects run after the browser renders, never in server rendering.
  if (index === 0 && name !== undefined && REACT_EFFECT_HOOKS.has(name) && importOf(callee, lookup.scopes)?.module === 'react') {
    return { kind: 'final', context: silent('browser', `a React ${name} callback (browser code)`) };
  }
  if (ts.isIdentifier(callee)) {
    if (TIMER_FUNCTIONS.has(callee.text) && index === 0) return { kind: 'final', context: matters('timer', `a ${callee.text} callback`) };
    if (callee.text === 'queueMicrotask') return { kind: 'inherit' };
    if (callee.text === 'createServer' || callee.text === 'createSecureServer') {
      return { kind: 'final', context: matters('request-handler', `the ${callee.text} request handler`) };
    }
    // Nitro/h3/Nuxt server routes: `export default defineEventHandler(async (event) => …)`.
    if (H3_HANDLER_FACTORIES.has(callee.text) && index === 0) {
      return { kind: 'final', context: matters('request-handler', 'the event handler of a server route') };
    }
    if (callee.text === 'pipeline' || callee.text === 'compose') {
      return { kind: 'final', context: matters('stream-callback', 'a stream pipeline stage') };
    }
    // `export default fp(async (fastify, opts) => …)`: a fastify plugin body runs once, when the app boots.
    if (index === 0 && importOf(callee, lookup.scopes)?.module === 'fastify-plugin') {
      return { kind: 'final', context: silent('startup', 'a fastify plugin') };
    }
  }
  if (isTestRegistration(callee)) return { kind: 'final', context: silent('test', 'test code') };
  if (!name || !ts.isPropertyAccessExpression(callee)) return { kind: 'unknown', callee: name };

  if (name === 'then' || name === 'catch' || name === 'finally') return { kind: 'promise', method: name };
  if (TIMER_FUNCTIONS.has(name) && TIMER_RECEIVERS.has(lastName(callee.expression) ?? '') && index === 0) {
    return { kind: 'final', context: matters('timer', `a ${name} callback`) };
  }
  if (SYNC_CALLBACK_METHODS.has(name)) return { kind: 'inherit' };
  if (name === 'listen' || name === 'register') {
    return { kind: 'final', context: silent('startup', name === 'listen' ? 'the listen callback' : 'a plugin registration') };
  }
  if (name === 'createServer' || name === 'createSecureServer') {
    const module = lastName(callee.expression);
    const what = module === 'net' || module === 'tls' ? 'connection' : 'request';
    return { kind: 'final', context: matters('request-handler', `the ${name} ${what} handler`) };
  }
  // tRPC: `publicProcedure.input(schema).query(({ input }) => …)` answers one call from a client.
  if (RPC_PROCEDURE_METHODS.has(name) && index === 0 && isProcedureChain(callee.expression, lookup.scopes)) {
    const key = propertyKeyOf(call);
    return { kind: 'final', context: matters('request-handler', `the tRPC ${name}${key ? ` ${key}` : ' procedure'}`) };
  }
  const event = eventVerdict(call, index, name);
  if (event) return { kind: 'final', context: event };
  const route = routeVerdict(call, index, name, fn);
  if (route) return { kind: 'final', context: route };
  if (name === 'pipe') return { kind: 'final', context: matters('stream-callback', 'a stream transform') };
  const hook = documentHookOf(call, index);
  if (hook) return { kind: 'final', context: matters('event-handler', `the ${hook} middleware`) };
  return { kind: 'unknown', callee: name };
}

/** Operations a Mongoose schema hook runs around: every save, validation or query of a document. */
const DOCUMENT_HOOK_EVENTS = new Set([
  'save', 'validate', 'remove', 'deleteOne', 'deleteMany', 'updateOne', 'updateMany', 'find', 'findOne', 'findOneAndUpdate',
  'findOneAndDelete', 'findOneAndReplace', 'replaceOne', 'insertMany', 'aggregate', 'init', 'countDocuments', 'estimatedDocumentCount',
]);

/** `schema.pre('save', async function () {…})`: a hook that runs inside every request that saves a document. */
function documentHookOf(call: ts.CallExpression, index: number): string | undefined {
  const callee = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || (callee.name.text !== 'pre' && callee.name.text !== 'post') || index === 0) return undefined;
  const first = call.arguments[0];
  const events = first && ts.isStringLiteralLike(first) ? [first.text]
    : first && ts.isArrayLiteralExpression(first) ? first.elements.map((e) => (ts.isStringLiteralLike(e) ? e.text : '')) : [];
  if (events.length === 0 || !events.every((e) => DOCUMENT_HOOK_EVENTS.has(e))) return undefined;
  return `schema ${callee.name.text}('${events.join("', '")}')`;
}

/**
 * An unknown callee may itself be an argument of a known registration: `app.get('/', wrap((req, res) => …))`,
 * `stream.pipe(through((chunk, enc, cb) => …))`.
 */
function wrappedRegistration(call: ts.CallExpression | ts.NewExpression, lookup: Lookup): ExecutionContext | undefined {
  const outer = callTakingArgument(call);
  if (!outer) return undefined;
  const verdict = callbackVerdict(outer.call, outer.index, undefined, lookup);
  return verdict.kind === 'final' && verdict.context.blockingMatters ? verdict.context : undefined;
}

/**
 * A function stored under `key` in an object literal, judged by the key and the literal's shape:
 * consumer callbacks (`consumer.run({ eachMessage })`, `Consumer.create({ handleMessage })`), cron options
 * (`{ cronTime, onTick }`), GraphQL field configs (`{ type, args, resolve }`), gRPC service implementations,
 * NestJS provider factories (`{ provide, useFactory }`: once, when the container is built).
 */
function memberVerdict(key: string, literal: ts.ObjectLiteralExpression): ExecutionContext | undefined {
  const site = callTakingArgument(literal);
  const siblings = new Set(literal.properties.map((p) => propertyNameText(p.name)));
  if (CONSUMER_CALLBACK_KEYS.has(key) && site) return matters('event-handler', `the ${key} handler`);
  if (key === 'onTick' && (siblings.has('cronTime') || (site && calleeName(site.call) === 'CronJob'))) return matters('timer', 'a cron job');
  if (key === 'useFactory') {
    // `scope: Scope.REQUEST` (or TRANSIENT) builds the provider per request or per injection.
    const scope = literal.properties.find((p) => propertyNameText(p.name) === 'scope');
    if (scope && /REQUEST|TRANSIENT/.test(scope.getText())) return undefined;
    return silent('startup', 'a provider factory');
  }
  if (key === 'resolve' && siblings.has('type') && (site !== undefined || siblings.has('args') || insideFieldsMap(literal))) {
    const field = propertyKeyOf(literal) ?? (site && stringValue(site.call.arguments?.[0]));
    return matters('request-handler', `the GraphQL resolver${field ? ` ${field}` : ''}`);
  }
  if (key === 'resolve' && site && site.index === 1 && ts.isCallExpression(site.call) && RPC_PROCEDURE_METHODS.has(calleeName(site.call) ?? '') &&
      stringValue(site.call.arguments[0]) !== undefined) {
    return matters('request-handler', `the tRPC ${calleeName(site.call)} ${stringValue(site.call.arguments[0])}`);
  }
  if (site && site.index === 1 && calleeName(site.call) === 'addService') return matters('request-handler', `the gRPC method ${key}`);
  return undefined;
}

/** `fields: { report: { type, resolve } }`: a GraphQL object type's field map. */
function insideFieldsMap(literal: ts.ObjectLiteralExpression): boolean {
  const holder = outermostExpression(literal).parent;
  if (!holder || !ts.isPropertyAssignment(holder) || !ts.isObjectLiteralExpression(holder.parent)) return false;
  return propertyKeyOf(holder.parent) === 'fields';
}

// ---------------------------------------------------------------------------------------------
// Per-file facts

const FILE_FACTS = memoKind<ts.SourceFile, FileExecutionFacts>('file execution facts');

/**
 * `'use client'` as the first statement: a React client module, bundled for the browser. It never runs on
 * Node's event loop (the page's own main thread is not what this rule is about).
 */
function isClientModule(sourceFile: ts.SourceFile): boolean {
  for (const statement of sourceFile.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) return false;
    if (statement.expression.text === 'use client') return true;
  }
  return false;
}

/** (A new signal for a role other than 'module' or 'browser' must also keep `roleAtAGlance` from answering for it.) */
function fileRoleFrom(sourceFile: ts.SourceFile, signals: FileSignals): FileRole {
  const fileName = sourceFile.fileName;
  // A file named like a worker script that serves requests or starts workers itself is the main thread.
  if ((WORKER_FILE.test(fileName) && !signals.hasServer && !signals.startsWorkers) || (signals.importsWorkerThreads && signals.usesWorkerApi)) return 'worker-thread';
  if (TEST_FILE.test(fileName) || TEST_DOUBLE_FILE.test(fileName) || TEST_SETUP_FILE.test(fileName) || TEST_SUPPORT_FILE.test(fileName) || signals.importsTestLibrary) return 'test';
  if (TEST_DIR_FILE.test(fileName) && (signals.registersTests || TEST_SUPPORT_NAME.test(fileName))) return 'test';
  if (DASHED_TEST_FILE.test(fileName) && signals.registersTests) return 'test';
  if (signals.refusesMainThread) return 'worker-thread';
  // `workerpool.worker({ renderHeatmap(…) {…} })`: the module a workerpool pool loads in its worker threads.
  if (signals.modules.has('workerpool') && /\bworker\s*\(\s*\{/.test(sourceFile.text)) return 'worker-thread';
  if (CONFIG_FILE.test(fileName) || definesToolConfig(sourceFile)) return 'config-file';
  if (isClientModule(sourceFile)) return 'browser';
  const scriptSignal = sourceFile.text.startsWith('#!') || signals.usesArgv || signals.importsCliLibrary ||
    SCRIPT_DIR.test(fileName) || MIGRATION_PATH.test(fileName) || CLI_PACKAGE_DIR.test(fileName) || definesMigrationSteps(sourceFile);
  if (scriptSignal && !signals.hasServer) return 'script';
  return 'module';
}

/** Modules whose config type or helper a tool's config file imports: `NextConfig` from 'next', `defineConfig` from 'vite'. */
const CONFIG_MODULES = new Set([
  'next', 'vite', 'vitest/config', 'astro/config', '@playwright/test', 'drizzle-kit', 'tsup', 'rollup', 'tailwindcss', 'jest',
  '@jest/types', 'webpack', 'nuxt/config', 'eslint/config',
]);
const CONFIG_NAMES = new Set(['NextConfig', 'defineConfig', 'UserConfig', 'Config', 'PlaywrightTestConfig', 'Configuration']);

/**
 * A tool's config module, whatever its file is called: it imports the tool's config type or helper and has a default
 * export (`const nextConfig: NextConfig = { async redirects() {…} }; export default nextConfig`). The tool loads it
 * when it builds or starts, once.
 */
function definesToolConfig(sourceFile: ts.SourceFile): boolean {
  let importsConfig = false;
  let exportsDefault = false;
  for (const statement of sourceFile.statements) {
    if (ts.isExportAssignment(statement) && !statement.isExportEquals) exportsDefault = true;
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier) || !CONFIG_MODULES.has(statement.moduleSpecifier.text)) continue;
    const named = statement.importClause?.namedBindings;
    if (named && ts.isNamedImports(named) && named.elements.some((e) => CONFIG_NAMES.has((e.propertyName ?? e.name).text))) importsConfig = true;
  }
  return importsConfig && exportsDefault;
}

interface FileSignals {
  importsWorkerThreads: boolean;
  usesWorkerApi: boolean;
  /** `new Worker(…)`: the file starts worker threads, so it runs on the thread that starts them. */
  startsWorkers: boolean;
  usesArgv: boolean;
  importsCliLibrary: boolean;
  importsTestLibrary: boolean;
  hasServer: boolean;
  /** Calls `describe`/`it`/`test`/`beforeEach`… at top level. */
  registersTests: boolean;
  /** `if (isMainThread) throw …` at top level: a module only a worker may load. */
  refusesMainThread: boolean;
  modules: Set<string>;
}

/**
 * Which thread a test is true on: `isMainThread`, `!isWorkerThread`, `!Piscina.isWorkerThread` → true (the main
 * thread); `!isMainThread`, `isWorkerThread` → false (a worker); anything else → undefined.
 */
function mainThreadTest(expression: ts.Expression): boolean | undefined {
  const e = unwrap(expression);
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
    const inner = mainThreadTest(e.operand);
    return inner === undefined ? undefined : !inner;
  }
  const name = lastNameOf(e);
  return name === 'isMainThread' ? true : name === 'isWorkerThread' ? false : undefined;
}

/** `if (isMainThread) throw new Error('load me from a worker')` among the top-level statements. */
function refusesMainThread(sourceFile: ts.SourceFile): boolean {
  return sourceFile.statements.some((statement) => {
    if (!ts.isIfStatement(statement) || mainThreadTest(statement.expression) !== true) return false;
    const then = statement.thenStatement;
    return ts.isThrowStatement(then) || (ts.isBlock(then) && then.statements.length > 0 && ts.isThrowStatement(then.statements[then.statements.length - 1]!));
  });
}

function noteModule(signals: FileSignals, module: string): void {
  if (WORKER_THREADS.has(module)) signals.importsWorkerThreads = true;
  if (CLI_LIBRARIES.has(module)) signals.importsCliLibrary = true;
  if (TEST_LIBRARIES.test(module)) signals.importsTestLibrary = true;
  signals.modules.add(module);
}

/** Named functions: `function f() {}`, `const f = () => {}`, `const f = function () {}`; keyed by the declaring identifier. */
function namedFunctionOf(node: ts.Node): { id: ts.Identifier; fn: FunctionScope } | undefined {
  if (ts.isFunctionDeclaration(node) && node.name && node.body) return { id: node.name, fn: node };
  if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
    const value = unwrap(node.initializer);
    if (isFunctionValue(value)) return { id: node.name, fn: value };
  }
  return undefined;
}

/** Seed data by its path: `prisma/seed.ts`, `src/seed.ts`, `users.seed.ts`, `seeds/01-users.ts`, `seeders/…`. */
const SEED_PATH = /(^|[/\\])(seeds?|seeders?)([/\\][^/\\]+){1,3}$|(^|[/\\])([^/\\]*[-_.])?seed(s|er)?\.[cm]?[jt]s$/i;

/**
 * A database or data migration by its path (`migrations/…`, `predefinedMigrations/v2/…`, `createMigration.ts`) or by
 * its shape (`definesMigrationSteps`), or a seed: both run once, each step on the data the one before left.
 */
export function isMigrationFile(sourceFile: ts.SourceFile): boolean {
  return MIGRATION_PATH.test(sourceFile.fileName) || SEED_PATH.test(sourceFile.fileName) || definesMigrationSteps(sourceFile);
}

const MIGRATION_SHAPES = new WeakMap<ts.SourceFile, boolean>();

/**
 * A migration by its shape, whatever its folder is called (Logto keeps them in `alterations/`): the module
 * defines an async `up` and `down` step, each handed the tool's connection, side by side — as members of one object
 * (`const alteration = { up: async (pool) => …, down: … }`), as methods of one class (TypeORM's `MigrationInterface`),
 * or as two exported functions. A migration tool runs each step once, in order. (An `up`/`down` pair of plain
 * values or argument-less methods — a key map, an elevator — is not this.)
 */
function definesMigrationSteps(sourceFile: ts.SourceFile): boolean {
  let answer = MIGRATION_SHAPES.get(sourceFile);
  if (answer === undefined) {
    answer = /\bdown\b/.test(sourceFile.text) && /\bup\b/.test(sourceFile.text) &&
      (sourceFile.statements.some(holdsUpAndDown) || exportsUpAndDown(sourceFile));
    MIGRATION_SHAPES.set(sourceFile, answer);
  }
  return answer;
}

function exportsUpAndDown(sourceFile: ts.SourceFile): boolean {
  const steps = sourceFile.statements.filter((st): st is ts.FunctionDeclaration =>
    ts.isFunctionDeclaration(st) && (ts.getCombinedModifierFlags(st) & ts.ModifierFlags.Export) !== 0 && isMigrationStep(st));
  return bothStepsIn(steps.map((fn) => fn.name?.text));
}

/** A step as migration tools call it: an async function handed the tool's connection (`up(queryRunner)`, `up: async (pool) =>`). */
function isMigrationStep(fn: ts.Node | undefined): boolean {
  if (!fn || !(ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return false;
  return fn.parameters.length > 0 && (ts.getModifiers(fn)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ?? false);
}

function bothStepsIn(names: Iterable<string | undefined>): boolean {
  const seen = new Set(names);
  return seen.has('up') && seen.has('down');
}

/** `{ up: async (pool) => …, down: async (pool) => … }` or a class with `async up(queryRunner)` and `async down(queryRunner)`. */
function holdsUpAndDown(statement: ts.Statement): boolean {
  const objectHolds = (expression: ts.Expression | undefined): boolean => {
    const value = expression && unwrap(expression);
    if (value === undefined || !ts.isObjectLiteralExpression(value)) return false;
    return bothStepsIn(value.properties.filter((p) => isMigrationStep(ts.isPropertyAssignment(p) ? unwrap(p.initializer) : p)).map((p) => propertyNameText(p.name)));
  };
  if (ts.isClassDeclaration(statement)) return bothStepsIn(statement.members.filter(isMigrationStep).map((m) => propertyNameText(m.name)));
  if (ts.isVariableStatement(statement)) return statement.declarationList.declarations.some((d) => objectHolds(d.initializer));
  if (ts.isExportAssignment(statement)) return objectHolds(statement.expression);
  return false;
}

interface FileWalk {
  signals: FileSignals;
  role: FileRole;
  /** Named functions of the file (`function f`, `const f = () => …`), by their declaring identifier. */
  named: Map<ts.Identifier, FunctionScope>;
  names: Set<string>;
}

const FILE_WALKS = memoKind<ts.SourceFile, FileWalk>('file signals and role');

/**
 * The file's role (test, script, worker, module…) alone: one walk, without the start-up graph and handler
 * references that `fileExecutionFacts` goes on to build (rules that only skip test files need no more).
 */
export function fileRoleOf(sourceFile: ts.SourceFile, scopes: ScopeIndex): FileRole {
  // Asked once per file by each rule: the glance scans the whole text, so it is kept.
  const roles = scopes.memo(FILE_ROLES);
  let role = roles.get(sourceFile);
  if (role === undefined) {
    role = roleAtAGlance(sourceFile) ?? (testAtAGlance(sourceFile) ? 'test' : fileWalk(sourceFile, scopes).role);
    roles.set(sourceFile, role);
  }
  return role;
}

/**
 * Whether `fileRoleFrom` must answer 'test', told without walking the tree: named like a test (or a test's double,
 * set-up or support file), or importing a test library at the top. Only the worker-thread role comes before 'test'
 * there, and it cannot be this file's: it is not named like a worker and never mentions `worker_threads`.
 * (Test suites are most of some repositories' files; the rules say nothing in them.)
 */
function testAtAGlance(sourceFile: ts.SourceFile): boolean {
  const name = sourceFile.fileName;
  if (WORKER_FILE.test(name) || sourceFile.text.includes('worker_threads')) return false;
  if (TEST_FILE.test(name) || TEST_DOUBLE_FILE.test(name) || TEST_SETUP_FILE.test(name) || TEST_SUPPORT_FILE.test(name)) return true;
  return sourceFile.statements.some((statement) =>
    ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && TEST_LIBRARIES.test(statement.moduleSpecifier.text));
}

const FILE_ROLES = memoKind<ts.SourceFile, FileRole>('file roles');

/**
 * 'module' or 'browser' when `fileRoleFrom` must answer it, told without walking the tree: a path no other role
 * is named by, and a text that cannot hold the signals of another role (a `#!`, `argv`, `require(`, worker or
 * workerpool imports). Its imports are then its top-level import declarations, checked by name. Most files of a
 * service are a plain module; most of a web app's components are `'use client'` modules.
 */
function roleAtAGlance(sourceFile: ts.SourceFile): 'module' | 'browser' | undefined {
  const name = sourceFile.fileName;
  if (WORKER_FILE.test(name) || TEST_FILE.test(name) || DASHED_TEST_FILE.test(name) || TEST_DOUBLE_FILE.test(name) || TEST_SETUP_FILE.test(name) || TEST_DIR_FILE.test(name) ||
    TEST_SUPPORT_FILE.test(name) ||
    CONFIG_FILE.test(name) || SCRIPT_DIR.test(name) || MIGRATION_PATH.test(name) || CLI_PACKAGE_DIR.test(name)) return undefined;
  const text = sourceFile.text;
  if (text.startsWith('#!') || text.includes('argv') || text.includes('require(') || text.includes('worker_threads') || text.includes('workerpool')) return undefined;
  if (definesMigrationSteps(sourceFile)) return undefined;
  for (const statement of sourceFile.statements) {
    if (ts.isModuleDeclaration(statement)) return undefined; // imports inside `declare module` blocks
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const module = statement.moduleSpecifier.text;
    if (CLI_LIBRARIES.has(module) || TEST_LIBRARIES.test(module)) return undefined;
  }
  if (refusesMainThread(sourceFile) || definesToolConfig(sourceFile)) return undefined;
  return isClientModule(sourceFile) ? 'browser' : 'module';
}

function fileWalk(sourceFile: ts.SourceFile, scopes: ScopeIndex): FileWalk {
  const walks = scopes.memo(FILE_WALKS);
  const cached = walks.get(sourceFile);
  if (cached) return cached;
  const signals: FileSignals = {
    importsWorkerThreads: false, usesWorkerApi: false, startsWorkers: false, usesArgv: false, importsCliLibrary: false, importsTestLibrary: false, hasServer: false,
    registersTests: false, refusesMainThread: refusesMainThread(sourceFile),
    modules: new Set<string>(),
  };
  const named = new Map<ts.Identifier, FunctionScope>();
  const names = new Set<string>();

  // One iterative walk for the signals and the named functions.
  const stack: ts.Node[] = [sourceFile];
  const push = (child: ts.Node): void => {
    stack.push(child);
  };
  while (stack.length > 0) {
    const node = stack.pop()!;
    switch (node.kind) {
      case ts.SyntaxKind.ImportDeclaration: {
        const spec = (node as ts.ImportDeclaration).moduleSpecifier;
        if (ts.isStringLiteral(spec)) noteModule(signals, spec.text);
        break;
      }
      case ts.SyntaxKind.CallExpression: {
        const call = node as ts.CallExpression;
        const name = calleeName(call);
        if (name === 'require' && call.arguments.length === 1) {
          const module = stringValue(call.arguments[0]);
          if (module !== undefined) noteModule(signals, module);
        } else if (ts.isExpressionStatement(call.parent) && ts.isSourceFile(call.parent.parent) && isTestRegistration(unwrap(call.expression))) {
          signals.registersTests = true;
        } else if (name && SERVER_CALLS.has(name)) {
          signals.hasServer = true;
        } else if (name && ROUTE_METHODS.has(name) && routePathOf(call).kind === 'path' && call.arguments.some((a) => isFunctionValue(unwrap(a)))) {
          signals.hasServer = true;
        }
        break;
      }
      case ts.SyntaxKind.Identifier: {
        const id = node as ts.Identifier;
        if (WORKER_APIS.has(id.text) && !(ts.isPropertyAssignment(id.parent) && id.parent.name === id) && !ts.isShorthandPropertyAssignment(id.parent)) {
          signals.usesWorkerApi = true;
        }
        break;
      }
      case ts.SyntaxKind.NewExpression: {
        const created = (node as ts.NewExpression).expression;
        if (ts.isIdentifier(created) && created.text === 'Worker') signals.startsWorkers = true;
        break;
      }
      case ts.SyntaxKind.PropertyAccessExpression: {
        const access = node as ts.PropertyAccessExpression;
        if (access.name.text === 'argv' && ts.isIdentifier(access.expression) && access.expression.text === 'process') signals.usesArgv = true;
        break;
      }
      case ts.SyntaxKind.MethodDeclaration: {
        if (decoratorNames(node).some((d) => ROUTE_DECORATORS.has(d) || MESSAGE_DECORATORS.has(d))) signals.hasServer = true;
        break;
      }
      default:
        break;
    }
    const found = namedFunctionOf(node);
    if (found) {
      named.set(found.id, found.fn);
      names.add(found.id.text);
    }
    ts.forEachChild(node, push);
  }

  const walk: FileWalk = { signals, role: fileRoleFrom(sourceFile, signals), named, names };
  walks.set(sourceFile, walk);
  return walk;
}

export function fileExecutionFacts(sourceFile: ts.SourceFile, scopes: ScopeIndex): FileExecutionFacts {
  const factsCache = scopes.memo(FILE_FACTS);
  const cached = factsCache.get(sourceFile);
  if (cached) return cached;
  const { signals, role, named, names } = fileWalk(sourceFile, scopes);
  const stack: ts.Node[] = [];
  const push = (child: ts.Node): void => {
    stack.push(child);
  };

  const startupFunctions = new Set<ts.Node>();
  const registeredHandlers = new Map<ts.Node, ExecutionContext>();
  const references = new Map<FunctionScope, ts.Identifier[]>();
  const facts: FileExecutionFacts = {
    role, bootCode: LOADER_DIR.test(sourceFile.fileName), startupFunctions, registeredHandlers, modules: signals.modules, references,
  };
  const lookup: Lookup = { scopes, modules: signals.modules };
  factsCache.set(sourceFile, facts);
  if (role !== 'module' || names.size === 0) return facts;

  // Second walk: the references to each named function, resolved by binding.
  stack.push(sourceFile);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isIdentifier(node)) {
      if (names.has(node.text) && !named.has(node) && isReferenceIdentifier(node)) {
        const binding = scopes.resolve(node);
        const fn = binding && named.get(binding.declaration);
        if (fn) {
          let list = references.get(fn);
          if (!list) references.set(fn, (list = []));
          list.push(node);
        }
      }
      continue;
    }
    ts.forEachChild(node, push);
  }

  // Handlers by reference: `app.get('/x', handleX)`, `setInterval(flush, 1000)`, `ws.on('message', onMessage)`,
  // `consumer.run({ eachMessage: handle })`, `Consumer.create({ queueUrl, handleMessage })`.
  for (const [fn, refs] of references) {
    for (const ref of refs) {
      const context = referenceVerdict(ref, fn, lookup);
      if (context?.blockingMatters) {
        registeredHandlers.set(fn, context);
        break;
      }
    }
  }

  // Start-up functions: every reference is a direct call made at top level, from another start-up function or
  // from a start-up hook (a recursive self-call does not count against it). Fixed point over the call graph.
  growCalledOnlyFrom(
    references,
    startupFunctions,
    lookup,
    (fn) => registeredHandlers.has(fn),
    (host) => host === 'top' || startupFunctions.has(host) || (isFunctionScope(host) && isStartupHost(host, lookup)),
    // Handed to a start-up registration by reference: `fastify.register(plugin)`, `useFactory: loadConfig`.
    (ref, fn) => isStartupReason(referenceVerdict(ref, fn, lookup)),
  );

  return facts;
}

/**
 * Grows `members` to a fixed point over the call graph: a function joins when every reference to it is a direct
 * call whose host `hostJoins` accepts (a recursive self-call does not count against it) or a non-call reference
 * `referenceJoins` accepts, and at least one reference counts. `excluded` functions never join.
 */
function growCalledOnlyFrom<F extends ts.Node, R extends ts.Node>(
  references: ReadonlyMap<F, readonly R[]>,
  members: Set<ts.Node>,
  lookup: Lookup,
  excluded: (fn: F) => boolean,
  hostJoins: (host: ts.Node | 'top') => boolean,
  referenceJoins: (ref: R, fn: F) => boolean,
): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (const [fn, refs] of references) {
      if (members.has(fn) || excluded(fn)) continue;
      let outside = 0;
      let ok = true;
      for (const ref of refs) {
        const outer = outermostExpression(ref);
        if (!(ts.isCallExpression(outer.parent) && outer.parent.expression === outer)) {
          ok = referenceJoins(ref, fn);
          if (!ok) break;
          outside++;
          continue;
        }
        const host = startupHostOf(outer.parent, lookup);
        if (host === fn) continue;
        ok = hostJoins(host);
        if (!ok) break;
        outside++;
      }
      if (ok && outside > 0) {
        members.add(fn);
        changed = true;
      }
    }
  }
}

/**
 * The function whose start-up-ness decides about a call: walks out through code that runs right where it
 * is written (IIFEs, sync iteration callbacks, promise executors, `.then` chains on start-up calls).
 */
function startupHostOf(call: ts.Node, lookup: Lookup): ts.Node | 'top' {
  let n: ts.Node = call;
  for (;;) {
    const fn = enclosingFunction(n);
    if (!fn) return 'top';
    if (!isFunctionScope(fn)) return fn;
    if (isImmediatelyInvoked(fn)) {
      n = outermostExpression(fn).parent;
      continue;
    }
    const site = callTakingArgument(fn);
    if (site) {
      const verdict = callbackVerdict(site.call, site.index, fn, lookup);
      if (verdict.kind === 'inherit' || verdict.kind === 'promise') {
        n = site.call;
        continue;
      }
    }
    return fn;
  }
}

/** What a reference to a named function registers it as: a call argument, or a keyed member of an options object. */
function referenceVerdict(ref: ts.Identifier, fn: FunctionScope, lookup: Lookup): ExecutionContext | undefined {
  const site = callTakingArgument(ref);
  if (site) {
    const verdict = callbackVerdict(site.call, site.index, fn, lookup);
    return verdict.kind === 'final' ? verdict.context : undefined;
  }
  const holder = outermostExpression(ref).parent;
  if (holder && (ts.isPropertyAssignment(holder) || ts.isShorthandPropertyAssignment(holder)) && ts.isObjectLiteralExpression(holder.parent)) {
    const key = propertyNameText(holder.name);
    return key ? memberVerdict(key, holder.parent) : undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The model

/** Either the function's own context, or how to derive it from the context of the code around it. */
type FunctionVerdict = { final: ExecutionContext } | { derive: (outer: ExecutionContext) => ExecutionContext; from: ts.Node };

/** An async function inside code whose context is `outer`. */
function asyncWithin(outer: ExecutionContext, where: string): ExecutionContext {
  if (outer.blockingMatters || ONE_SHOT_REASONS.has(outer.reason)) return outer;
  return matters('async-function', where);
}

function asyncWhere(fn: FunctionScope, fallback: string): string {
  const name = functionName(fn);
  if (ts.isMethodDeclaration(fn)) {
    const cls = classNameOf(fn);
    return `async method ${cls ? `${cls}.` : ''}${name ?? '(computed)'}`;
  }
  return name ? `async function ${name}` : fallback;
}

/** `(req, res)`, `(_req, res)`, `(request, reply)`, `(ctx, next)`: a sync function with these parameters is an HTTP handler. */
function looksLikeHttpHandler(fn: FunctionScope): boolean {
  const first = parameterName(fn, 0);
  const second = parameterName(fn, 1);
  if (!first || !second) return false;
  if (/^_?(req|request)$/.test(first) && /^_?(res|response|reply)$/.test(second)) return true;
  return first === 'ctx' && second === 'next';
}

/** Handler types of HTTP frameworks: `export const health: RequestHandler = (_, res) => …` (express, Next.js, fastify, Hono, SvelteKit). */
const HANDLER_TYPE = /^(\w+\.)?(RequestHandler|ErrorRequestHandler|NextApiHandler|RouteHandlerMethod|MiddlewareHandler)\b/;
/** Route modules export their handlers by HTTP verb (Next.js app router `route.ts`, SvelteKit `+server.ts`, Astro endpoints). */
const HTTP_VERB_EXPORTS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/** The request handler a function's declared type or exported verb name says it is. */
function declaredHandler(fn: FunctionScope): ExecutionContext | undefined {
  const holder = outermostExpression(fn).parent;
  if (holder && ts.isVariableDeclaration(holder) && holder.type && HANDLER_TYPE.test(holder.type.getText())) {
    return matters('request-handler', `the request handler ${functionName(fn) ?? ''}`.trim());
  }
  const name = functionName(fn);
  if (name && HTTP_VERB_EXPORTS.has(name) && isExportedTopLevel(fn)) return matters('request-handler', `the ${name} route handler`);
  // Next.js `getServerSideProps`, Remix `loader`/`action`, SvelteKit `load` in `+page.server.ts`: run for every request.
  if (name && (REQUEST_DATA_EXPORTS.has(name) || (name === 'load' && SVELTEKIT_SERVER_FILE.test(fn.getSourceFile().fileName))) && isExportedTopLevel(fn)) {
    return matters('request-handler', `the ${name} data function`);
  }
  return undefined;
}

const REQUEST_DATA_EXPORTS = new Set(['getServerSideProps', 'loader', 'action']);
const SVELTEKIT_SERVER_FILE = /\+(page|layout)\.server\.[cm]?[jt]s$/;
/** Next.js data functions that run when the site is built (or revalidated in the background), not per request. */
const BUILD_TIME_EXPORTS = new Set(['getStaticProps', 'getStaticPaths', 'generateStaticParams']);

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false);
}

/** Is a top-level name exported by a separate statement: `export default setup`, `export { teardown }`, `module.exports = setup`? */
function exportedByName(sourceFile: ts.SourceFile, name: string): boolean {
  for (const statement of sourceFile.statements) {
    if (ts.isExportAssignment(statement) && ts.isIdentifier(statement.expression) && statement.expression.text === name) return true;
    if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause) &&
        statement.exportClause.elements.some((e) => (e.propertyName ?? e.name).getText() === name)) return true;
    if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) &&
        statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(statement.expression.right) &&
        statement.expression.right.text === name && /^(module\.)?exports(\.\w+)?$/.test(statement.expression.left.getText())) return true;
  }
  return false;
}

/** `export function setup()`, `export const teardown = async () => …`, `exports.setup = …`, `export default setup`: a top-level export. */
function isExportedTopLevel(fn: FunctionScope): boolean {
  if (ts.isFunctionDeclaration(fn)) {
    return ts.isSourceFile(fn.parent) && (hasModifier(fn, ts.SyntaxKind.ExportKeyword) || (fn.name !== undefined && exportedByName(fn.parent, fn.name.text)));
  }
  const holder = outermostExpression(fn).parent;
  if (holder && ts.isVariableDeclaration(holder)) {
    const statement = holder.parent.parent;
    return ts.isVariableStatement(statement) && ts.isSourceFile(statement.parent) && ts.isIdentifier(holder.name) &&
      (hasModifier(statement, ts.SyntaxKind.ExportKeyword) || exportedByName(statement.parent, holder.name.text));
  }
  if (holder && ts.isBinaryExpression(holder) && ts.isPropertyAccessExpression(holder.left)) {
    return /^(module\.)?exports$/.test(holder.left.expression.getText());
  }
  return false;
}

/**
 * A fastify plugin by its signature: a function stored in a `FastifyPluginAsync`/`FastifyPluginCallback` variable, or
 * `(fastify: FastifyInstance, opts)`. (A helper `(app: FastifyInstance, id: string)` called per request is not one.)
 */
function isFastifyPlugin(fn: FunctionScope): boolean {
  const holder = outermostExpression(fn).parent;
  if (holder && ts.isVariableDeclaration(holder) && holder.type && /^Fastify(Plugin\w*)\b/.test(holder.type.getText())) return true;
  const [first, second, third] = fn.parameters;
  if (!first || fn.parameters.length > 3) return false;
  // Typed `(x: FastifyInstance, …)`, or untyped `(fastify, opts, done)`.
  const typed = first.type !== undefined && /^FastifyInstance\b/.test(first.type.getText());
  if (!typed && !(first.type === undefined && ts.isIdentifier(first.name) && first.name.text === 'fastify' && second)) return false;
  if (!second) return ts.isFunctionDeclaration(fn) && hasModifier(fn, ts.SyntaxKind.DefaultKeyword);
  const secondName = ts.isIdentifier(second.name) ? second.name.text : '';
  const secondType = second.type?.getText() ?? '';
  const thirdName = third && ts.isIdentifier(third.name) ? third.name.text : 'done';
  return (/^_?(opts|options)$/.test(secondName) || /Options\b/.test(secondType)) && /^_?(done|next)$/.test(thirdName);
}

/**
 * Framework hooks that run once, at start-up or shutdown, whatever they contain: NestJS lifecycle methods
 * (`onModuleInit`, `onApplicationBootstrap`…), provider factories (`useFactory`), a test runner's exported global
 * `setup`/`teardown`, fastify plugins. Handlers they register are still handlers (judged by their own call).
 */
function startupHookOf(fn: FunctionScope, lookup: Lookup): ExecutionContext | undefined {
  const parent = outermostExpression(fn).parent;
  const classMember = ts.isMethodDeclaration(fn) && ts.isClassLike(fn.parent) ? fn : parent && ts.isPropertyDeclaration(parent) && ts.isClassLike(parent.parent) ? parent : undefined;
  if (classMember) {
    const key = propertyNameText(classMember.name);
    const cls = classMember.parent as ts.ClassLikeDeclaration;
    const qualified = `${cls.name ? `${cls.name.text}.` : ''}${key ?? '(computed)'}`;
    if (key && LIFECYCLE_METHODS.has(key)) return silent('lifecycle', `the lifecycle hook ${qualified}`);
    if (ts.isMethodDeclaration(fn) && startupMethodsOf(cls, lookup).has(fn)) return silent('startup', `start-up method ${qualified}`);
    return undefined;
  }
  const member = ts.isMethodDeclaration(fn) ? fn : parent && ts.isPropertyAssignment(parent) ? parent : undefined;
  if (member && ts.isObjectLiteralExpression(member.parent)) {
    const key = propertyNameText(member.name);
    const verdict = key ? memberVerdict(key, member.parent) : undefined;
    return verdict && !verdict.blockingMatters ? verdict : undefined;
  }
  const name = functionName(fn);
  if (name && SETUP_EXPORTS.has(name) && isExportedTopLevel(fn)) return silent('startup', `the set-up hook ${name}`);
  // knex/Sequelize seeds and migrations by their signature: `export async function seed(knex: Knex)`, `up(queryInterface)`.
  if (name && MIGRATION_STEPS.has(name) && isExportedTopLevel(fn) && takesMigrationTool(fn)) return silent('script', `the ${name} step of a seed or migration`);
  // A BullMQ sandboxed processor (`(job: SandboxedJob) => …`) runs in a child process or worker thread of its own.
  if (fn.parameters.some((p) => p.type !== undefined && /^SandboxedJob\b/.test(p.type.getText()))) return silent('worker-thread', 'a sandboxed BullMQ processor');
  if (name && BUILD_TIME_EXPORTS.has(name) && isExportedTopLevel(fn)) return silent('startup', `the build-time data function ${name}`);
  // Next.js `instrumentation.ts`: `export async function register()` runs once when the server process boots.
  if (name === 'register' && isExportedTopLevel(fn) && (/(^|[/\\])instrumentation\.[cm]?[jt]s$/.test(fn.getSourceFile().fileName) || /\bNEXT_RUNTIME\b/.test(fn.getText()))) {
    return silent('startup', 'the Next.js instrumentation hook register');
  }
  if (isFastifyPlugin(fn)) return silent('startup', `the fastify plugin${name ? ` ${name}` : ''}`);
  return undefined;
}

const MIGRATION_STEPS = new Set(['seed', 'up', 'down', 'run']);

function takesMigrationTool(fn: FunctionScope): boolean {
  const first = fn.parameters[0];
  if (!first) return false;
  const type = first.type?.getText() ?? '';
  const name = ts.isIdentifier(first.name) ? first.name.text : '';
  return /^(Knex|QueryInterface|MigrationBuilder|Sequelize|DataSource|QueryRunner)\b/.test(type) || /^(knex|queryInterface|pgm)$/.test(name);
}

function isStartupReason(context: ExecutionContext | undefined): boolean {
  return context !== undefined && !context.blockingMatters && (context.reason === 'startup' || context.reason === 'lifecycle');
}

const startupHostCache = new WeakMap<ts.Node, boolean>();

/** Code whose callees run at start-up when only it calls them: start-up hooks, set-up functions, `listen`/`register` callbacks. */
function isStartupHost(fn: FunctionScope, lookup: Lookup): boolean {
  let answer = startupHostCache.get(fn);
  if (answer === undefined) {
    const site = callTakingArgument(fn);
    const verdict = site ? callbackVerdict(site.call, site.index, fn, lookup) : undefined;
    answer = startupHookOf(fn, lookup) !== undefined || registersHandlers(fn, lookup) ||
      (verdict?.kind === 'final' && isStartupReason(verdict.context));
    startupHostCache.set(fn, answer);
  }
  return answer;
}

const STARTUP_METHODS = memoKind<ts.ClassLikeDeclaration, ReadonlySet<ts.Node>>('start-up methods');
const NO_METHODS: ReadonlySet<ts.Node> = new Set();

/**
 * Private methods called only from the class's lifecycle hooks, directly or through other such methods
 * (`async onModuleInit() { await this.loadSchemas(); }`): they run once too. Private, so every caller is in the class.
 */
function startupMethodsOf(cls: ts.ClassLikeDeclaration, lookup: Lookup): ReadonlySet<ts.Node> {
  const startupMethodsCache = lookup.scopes.memo(STARTUP_METHODS);
  const cached = startupMethodsCache.get(cls);
  if (cached) return cached;
  startupMethodsCache.set(cls, NO_METHODS); // no cycles through startupHostOf
  const hooks = new Set<ts.Node>();
  for (const member of cls.members) {
    if (ts.isMethodDeclaration(member) && member.body && LIFECYCLE_METHODS.has(propertyNameText(member.name) ?? '')) hooks.add(member);
  }
  if (hooks.size === 0) return NO_METHODS;
  const references = new Map<ts.MethodDeclaration, ts.PropertyAccessExpression[]>();
  for (const [method, uses] of privateMethodUses(cls, lookup.scopes)) {
    if (!hooks.has(method) && uses.length > 0) references.set(method, uses);
  }
  if (references.size === 0) return NO_METHODS;

  const startup = new Set<ts.Node>();
  growCalledOnlyFrom(
    references,
    startup,
    lookup,
    () => false,
    (host) => host !== 'top' && (hooks.has(host) || startup.has(host)),
    () => false,
  );
  startupMethodsCache.set(cls, startup);
  return startup;
}

function verdictOf(fn: FunctionScope, facts: FileExecutionFacts, lookup: Lookup): FunctionVerdict {
  const registered = facts.registeredHandlers.get(fn);
  if (registered) return { final: registered };
  if (facts.startupFunctions.has(fn)) return { final: silent('startup', `start-up function ${functionName(fn) ?? ''}`.trim()) };

  const async = isAsync(fn);
  const parent = outermostExpression(fn).parent;

  if (isImmediatelyInvoked(fn)) return { derive: (outer) => outer, from: parent };

  // A callback: the call that receives it decides.
  const site = callTakingArgument(fn);
  if (site) {
    const verdict = callbackVerdict(site.call, site.index, fn, lookup);
    switch (verdict.kind) {
      case 'final':
        return { final: verdict.context };
      case 'inherit':
        return { derive: (outer) => outer, from: site.call };
      case 'promise':
        return {
          derive: (outer) =>
            outer.blockingMatters || ONE_SHOT_REASONS.has(outer.reason) ? outer : matters('promise-callback', `a promise .${verdict.method} callback`),
          from: site.call,
        };
      case 'unknown': {
        const wrapped = wrappedRegistration(site.call, lookup);
        if (wrapped) return { final: wrapped };
        // `router.param('id', (req, res, next, id) => …)`, `passport.authenticate(…)(req, res)`: the parameters say it serves a request.
        if (looksLikeHttpHandler(fn)) return { final: matters('request-handler', `a request handler passed to ${verdict.callee ?? 'a function'}`) };
        if (async) return { derive: (outer) => asyncWithin(outer, `an async callback${verdict.callee ? ` passed to ${verdict.callee}` : ''}`), from: site.call };
        return { derive: (outer) => outer, from: site.call };
      }
    }
  }

  const hook = startupHookOf(fn, lookup);
  if (hook) return { final: hook };

  // Object literal members: stream options, route options, consumer callbacks, GraphQL resolvers, gRPC methods.
  const member = ts.isMethodDeclaration(fn) ? fn : parent && ts.isPropertyAssignment(parent) ? parent : undefined;
  if (member && ts.isObjectLiteralExpression(member.parent)) {
    const key = propertyNameText(member.name);
    const literal = member.parent;
    const literalSite = callTakingArgument(literal);
    if (key && literalSite && ts.isNewExpression(literalSite.call) && STREAM_CLASSES.test(literalSite.call.expression.getText()) && STREAM_OPTION_METHODS.has(key)) {
      return { final: matters('stream-callback', `a stream ${key} callback`) };
    }
    if (key === 'handler' && literal.properties.some((p) => /^(method|path|url)$/.test(propertyNameText(p.name) ?? ''))) {
      return { final: matters('request-handler', 'the route handler') };
    }
    const keyed = key ? memberVerdict(key, literal) : undefined;
    if (keyed) return { final: keyed };
    if (key && insideResolverMap(literal)) return { final: matters('request-handler', `the GraphQL resolver ${key}`) };
    // An options object handed to a registration: `nc.subscribe('orders', { callback })`, `app.get('/x', { handler })`.
    if (literalSite) {
      const verdict = callbackVerdict(literalSite.call, literalSite.index, fn, lookup);
      if (verdict.kind === 'final' && verdict.context.blockingMatters) return { final: verdict.context };
    }
  }

  // Class members: decorated handlers, stream implementations.
  if ((ts.isMethodDeclaration(fn) && ts.isClassLike(fn.parent)) || (parent && ts.isPropertyDeclaration(parent) && ts.isClassLike(parent.parent))) {
    const holder: ts.MethodDeclaration | ts.PropertyDeclaration = ts.isMethodDeclaration(fn) ? fn : (parent as ts.PropertyDeclaration);
    const key = propertyNameText(holder.name) ?? '(computed)';
    const qualified = `${classNameOf(holder) ? `${classNameOf(holder)}.` : ''}${key}`;
    for (const decorator of decoratorNames(holder)) {
      if (ROUTE_DECORATORS.has(decorator)) return { final: matters('request-handler', `the @${decorator}() handler ${qualified}`) };
      if (MESSAGE_DECORATORS.has(decorator)) return { final: matters('event-handler', `the @${decorator}() handler ${qualified}`) };
      if (TIMER_DECORATORS.has(decorator)) return { final: matters('timer', `the @${decorator}() job ${qualified}`) };
    }
    const cls = holder.parent;
    if (STREAM_CLASS_METHODS.has(key) && ts.isClassLike(cls) && extendsStreamClass(cls)) {
      return { final: matters('stream-callback', `the stream method ${qualified}`) };
    }
    // `@Processor('mail') class MailProcessor extends WorkerHost { process(job) {…} }` (@nestjs/bullmq).
    if (key === 'process' && ts.isClassLike(cls) && decoratorNames(cls).includes('Processor')) {
      return { final: matters('event-handler', `the queue job processor ${qualified}`) };
    }
  }

  // `ws.onmessage = (event) => …`
  if (parent && ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      parent.right === outermostExpression(fn) && ts.isPropertyAccessExpression(parent.left) && /^on[a-z]+$/.test(parent.left.name.text)) {
    const name = parent.left.name.text;
    return { final: /^on(exit|beforeexit)$/.test(name) ? silent('lifecycle', `the ${name} handler`) : matters('event-handler', `the ${name} handler`) };
  }

  if (ts.isConstructorDeclaration(fn)) return { final: silent('sync-function', `the constructor of ${classNameOf(fn) ?? 'a class'}`) };
  // A function that wires routes or starts listening is set-up code, whatever calls it.
  if (registersHandlers(fn, lookup)) return { final: silent('startup', `set-up function ${functionName(fn) ?? ''}`.trim()) };
  if (facts.bootCode && namedLocal(fn) && !(fn.parent && enclosingFunction(fn.parent))) {
    return { final: silent('startup', `boot function ${functionName(fn) ?? ''}`.trim()) };
  }

  const where = async ? asyncWhere(fn, 'an async function') : undefined;
  // A named helper declared inside another function is called from there: it runs in that context.
  const outerFn = fn.parent ? enclosingFunction(fn.parent) : undefined;
  const isLocalHelper = outerFn !== undefined && !ts.isMethodDeclaration(fn) && namedLocal(fn);
  if (isLocalHelper) {
    return { derive: (outer) => (async ? asyncWithin(outer, where!) : outer), from: fn.parent };
  }
  const declared = declaredHandler(fn);
  if (declared) return { final: declared };
  if (looksLikeHttpHandler(fn)) {
    const name = functionName(fn);
    // `export default function handler(req, res)` reads better as "the request handler" than "…handler handler".
    return { final: matters('request-handler', name && name !== 'handler' ? `the request handler ${name}` : 'the request handler') };
  }
  if (async) return { final: matters('async-function', where!) };
  const name = functionName(fn);
  const kind = ts.isMethodDeclaration(fn) || ts.isGetAccessorDeclaration(fn) || ts.isSetAccessorDeclaration(fn) ? 'method' : 'function';
  const qualified = kind === 'method' && classNameOf(fn) ? `${classNameOf(fn)}.${name ?? ''}` : name;
  return { final: silent('sync-function', qualified ? `sync ${kind} ${qualified}` : `a sync ${kind}`) };
}

/**
 * Like `executionContextOf`, and a plain sync function of this file called only where blocking matters runs
 * there too (see `calledOnlyWhereBlockingMatters`): `readFileSync` in a helper the handler calls, a nested
 * loop in `buildDistanceMatrix(sites)` that the route calls. `notFromLoops` (for loops): a helper called
 * inside a caller's loop is judged at that loop, which follows helpers one call deep, so it is left to it.
 */
export function executionContextThroughCallers(node: ts.Node, scopes: ScopeIndex, options: { notFromLoops?: boolean } = {}): ExecutionContext {
  const context = executionContextOf(node, scopes);
  if (context.blockingMatters || context.reason !== 'sync-function') return context;
  const fn = enclosingFunction(node);
  if (fn && ts.isMethodDeclaration(fn)) {
    const calls = privateMethodCalls(fn, scopes);
    const caller = calls && callersWhereBlockingMatters(fn, calls, scopes, options.notFromLoops === true);
    return caller ? matters(caller.reason, `method ${classNameOf(fn) ? `${classNameOf(fn)}.` : ''}${functionName(fn) ?? ''}, called from ${caller.where}`) : context;
  }
  if (!fn || !isFunctionScope(fn) || !namedLocal(fn) || (fn.parent && enclosingFunction(fn.parent))) return context;
  const caller = calledOnlyWhereBlockingMatters(fn, fileExecutionFacts(node.getSourceFile(), scopes), scopes, options.notFromLoops === true);
  return caller ? matters(caller.reason, `function ${functionName(fn) ?? ''}, called from ${caller.where}`) : context;
}

const PRIVATE_METHOD_USES = memoKind<ts.ClassLikeDeclaration, Map<ts.MethodDeclaration, ts.PropertyAccessExpression[]>>('uses of private methods');

/**
 * Every `this.render` of each private method of a class (`private render()`, `#render()`, with a body), found in
 * one walk of the class (a nested class has its own `this`). Private, so no code outside the class uses them.
 */
function privateMethodUses(cls: ts.ClassLikeDeclaration, scopes: ScopeIndex): Map<ts.MethodDeclaration, ts.PropertyAccessExpression[]> {
  const known = scopes.memo(PRIVATE_METHOD_USES);
  let uses = known.get(cls);
  if (uses) return uses;
  uses = new Map();
  const byName = new Map<string, ts.MethodDeclaration>();
  for (const member of cls.members) {
    if (!ts.isMethodDeclaration(member) || !member.body || !(ts.isPrivateIdentifier(member.name) || hasModifier(member, ts.SyntaxKind.PrivateKeyword))) continue;
    const key = propertyNameText(member.name);
    if (key === undefined) continue;
    byName.set(key, member);
    uses.set(member, []);
  }
  if (byName.size > 0) {
    const stack: ts.Node[] = [...cls.members];
    while (stack.length > 0) {
      const node = stack.pop()!;
      const method = ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword ? byName.get(node.name.text) : undefined;
      if (method) uses.get(method)!.push(node as ts.PropertyAccessExpression);
      ts.forEachChild(node, (child) => {
        if (!ts.isClassLike(child)) stack.push(child);
      });
    }
  }
  known.set(cls, uses);
  return uses;
}

/** The calls of a private instance method, when every use of it is a direct `this.render(…)` call. */
function privateMethodCalls(method: ts.MethodDeclaration, scopes: ScopeIndex): ts.CallExpression[] | undefined {
  const cls = method.parent;
  if (!ts.isClassLike(cls) || hasModifier(method, ts.SyntaxKind.StaticKeyword)) return undefined;
  const uses = privateMethodUses(cls, scopes).get(method);
  if (!uses) return undefined;
  const calls: ts.CallExpression[] = [];
  for (const use of uses) {
    if (!ts.isCallExpression(use.parent) || use.parent.expression !== use) return undefined;
    calls.push(use.parent);
  }
  return calls;
}

/** Is this call inside a loop of its function: a loop statement, or the callback of `xs.map(…)`-like calls? */
function callsFromALoop(call: ts.Node): boolean {
  for (let n = call.parent; n && !ts.isSourceFile(n); n = n.parent) {
    if (ts.isIterationStatement(n, false)) return true;
    if (isFunctionScope(n)) {
      const parent = n.parent;
      return ts.isCallExpression(parent) && parent.arguments.some((a) => a === n) && ts.isPropertyAccessExpression(parent.expression) &&
        ARRAY_LOOP_METHODS.has(parent.expression.name.text);
    }
  }
  return false;
}

/** Functions whose callers are being judged: a cycle of helpers calling each other proves nothing. */
const judgingCallers = new Set<ts.Node>();

/**
 * `function renderInvite(…) { readFileSync(…) }` called by the request handler below, and only by code where
 * blocking matters: the helper runs there too. Every reference must be a direct call; one call from start-up
 * code, a script path or an unknown place keeps the helper silent.
 */
function calledOnlyWhereBlockingMatters(fn: FunctionScope, facts: FileExecutionFacts, scopes: ScopeIndex, notFromLoops: boolean): ExecutionContext | undefined {
  const refs = facts.references.get(fn);
  if (!refs || refs.length === 0) return undefined;
  const calls: ts.CallExpression[] = [];
  for (const ref of refs) {
    const call = ref.parent;
    if (!ts.isCallExpression(call) || call.expression !== ref) return undefined;
    calls.push(call);
  }
  return callersWhereBlockingMatters(fn, calls, scopes, notFromLoops);
}

/** The context of the first of these calls of `fn`, when every one of them runs where blocking matters. */
function callersWhereBlockingMatters(fn: FunctionScope, calls: readonly ts.CallExpression[], scopes: ScopeIndex, notFromLoops: boolean): ExecutionContext | undefined {
  if (calls.length === 0 || judgingCallers.has(fn)) return undefined;
  judgingCallers.add(fn);
  try {
    let first: ExecutionContext | undefined;
    for (const call of calls) {
      if (enclosingFunction(call) === fn) continue; // recursion
      if (notFromLoops && callsFromALoop(call)) return undefined;
      const context = executionContextOf(call, scopes);
      if (!context.blockingMatters) return undefined;
      first ??= context;
    }
    return first;
  } finally {
    judgingCallers.delete(fn);
  }
}

/** Does the function's own body (not nested functions) register routes or start a server? Iterative. */
function registersHandlers(fn: FunctionScope, lookup: Lookup): boolean {
  if (!fn.body) return false;
  const stack: ts.Node[] = [fn.body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isCallExpression(node) && isHandlerWiring(node)) return true;
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && createsApp(node, lookup)) return true;
    ts.forEachChild(node, (child) => {
      if (!isFunctionScope(child) && !ts.isClassLike(child)) stack.push(child);
    });
  }
  return false;
}

function isHandlerWiring(call: ts.CallExpression): boolean {
  const name = calleeName(call);
  if (!name) return false;
  if (SERVER_CALLS.has(name)) return receiverOf(call) !== undefined || name !== 'listen';
  const receiver = receiverOf(call);
  if (!receiver) return false;
  // fastify: hooks, plugins and decorators are registered once, while the app is built.
  if (name === 'addHook') return call.arguments.length >= 2 && stringValue(call.arguments[0]) !== undefined && !ts.isObjectLiteralExpression(call.arguments[1]!);
  // (`register` on a receiver named like the instance only: `this.authApi.register(user)` signs a user up.)
  if (FASTIFY_SETUP_METHODS.has(name)) return /^(app|fastify|server|instance)$/.test(lastName(receiver) ?? '') && call.arguments.length >= 1;
  if (!ROUTE_METHODS.has(name)) return false;
  const path = routePathOf(call);
  // A route takes a handler (`app.get('/x', handler)`); `axios.get(url, { timeout })` is a request.
  if (path.kind === 'path') {
    return call.arguments.length >= 2 && (APP_LIKE.test(lastName(receiver) ?? '') || call.arguments.slice(1).some((a) => isFunctionValue(unwrap(a))));
  }
  return name === 'use' && APP_LIKE.test(lastName(receiver) ?? '') && call.arguments.length >= 1;
}

/** `NestFactory.create(AppModule)`, `express()`, `Fastify({ logger })`, `new Koa()`: the function builds the application. */
function createsApp(call: ts.CallExpression | ts.NewExpression, lookup: Lookup): boolean {
  const callee = unwrap(call.expression);
  if (ts.isPropertyAccessExpression(callee)) {
    return ts.isIdentifier(callee.expression) && callee.expression.text === 'NestFactory' && /^create/.test(callee.name.text);
  }
  const bound = ts.isIdentifier(callee) ? importOf(callee, lookup.scopes) : undefined;
  return bound !== undefined && APP_FACTORY_MODULES.has(bound.module) && /^(default|\*|Router|Hono|server|Server)$/.test(bound.exportName);
}

function namedLocal(fn: FunctionScope): boolean {
  if (ts.isFunctionDeclaration(fn)) return fn.name !== undefined;
  const holder = outermostExpression(fn).parent;
  return !!holder && ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name);
}

function extendsStreamClass(cls: ts.ClassLikeDeclaration): boolean {
  for (const clause of cls.heritageClauses ?? []) {
    if (clause.token !== ts.SyntaxKind.ExtendsKeyword) continue;
    for (const type of clause.types) if (STREAM_CLASSES.test(type.expression.getText())) return true;
  }
  return false;
}

/** An object literal that is (inside) the value of a variable or property named `resolvers`. */
function insideResolverMap(literal: ts.ObjectLiteralExpression): boolean {
  let n: ts.Node = literal;
  for (let depth = 0; depth < 4 && n.parent; depth++) {
    const parent = outermostExpression(n).parent;
    if (!parent) return false;
    if ((ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) || ts.isPropertyAssignment(parent)) {
      const name = ts.isVariableDeclaration(parent) ? (parent.name as ts.Identifier).text : propertyNameText(parent.name);
      if (name && /resolvers$/i.test(name)) return true;
      if (ts.isVariableDeclaration(parent)) return false;
      n = parent.parent; // the enclosing object literal
      continue;
    }
    return false;
  }
  return false;
}

/**
 * Which side of `if (isMainThread) { … } else { … }` (or `if (!isMainThread)`, Piscina's `isWorkerThread`) a node is on: a file that holds
 * both the server and its worker runs the first branch on the main thread and the other in the worker.
 */
function threadBranchOf(node: ts.Node): 'main' | 'worker' | undefined {
  for (let child: ts.Node = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (!ts.isIfStatement(parent) || child === parent.expression) continue;
    const main = mainThreadTest(parent.expression);
    if (main === undefined) continue;
    return (child === parent.thenStatement) === main ? 'main' : 'worker';
  }
  return undefined;
}

const EXECUTION_CONTEXTS = memoKind<ts.Node, ExecutionContext>('execution contexts');

const THREAD_TESTS = memoKind<ts.SourceFile, boolean>('files that test which thread they run on');

/** Whether the file's text can hold `isMainThread`/`isWorkerThread` at all: looked at once per file, not per question. */
function mentionsThreadTest(sourceFile: ts.SourceFile, scopes: ScopeIndex): boolean {
  const known = scopes.memo(THREAD_TESTS);
  let mentions = known.get(sourceFile);
  if (mentions === undefined) known.set(sourceFile, (mentions = /is(Main|Worker)Thread/.test(sourceFile.text)));
  return mentions;
}

function fileContext(role: FileRole): ExecutionContext | undefined {
  switch (role) {
    case 'worker-thread':
      return silent('worker-thread', 'a worker thread');
    case 'script':
      return silent('script', 'a one-shot script');
    case 'test':
      return silent('test', 'test code');
    case 'config-file':
      return silent('config-file', 'a config file');
    case 'browser':
      return silent('browser', 'a client component (browser code)');
    case 'module':
      return undefined;
  }
}

/**
 * Where `node` runs and whether blocking there matters. Iterative (no recursion over nesting depth);
 * results are cached per function node, facts per source file.
 */
export function executionContextOf(node: ts.Node, scopes: ScopeIndex): ExecutionContext {
  const sourceFile = node.getSourceFile();
  const facts = fileExecutionFacts(sourceFile, scopes);
  // One file for both sides of a worker: `if (isMainThread) { …server… } else { …work… }`.
  const branch = (facts.role === 'worker-thread' || facts.role === 'module') && mentionsThreadTest(sourceFile, scopes) ? threadBranchOf(node) : undefined;
  if (branch === 'worker') return silent('worker-thread', 'a worker thread');
  const whole = branch === 'main' ? undefined : fileContext(facts.role);
  if (whole) return whole;
  const lookup: Lookup = { scopes, modules: facts.modules };
  const contextCache = scopes.memo(EXECUTION_CONTEXTS);

  const pending: Array<{ fn: ts.Node; derive: (outer: ExecutionContext) => ExecutionContext }> = [];
  let context: ExecutionContext | undefined;
  let n: ts.Node | undefined = node;
  while (!context) {
    const fn = n ? enclosingFunction(n) : undefined;
    if (!fn) {
      context = silent('top-level', 'module top-level code');
      break;
    }
    const cached = contextCache.get(fn);
    if (cached) {
      context = cached;
      break;
    }
    if (ts.isClassStaticBlockDeclaration(fn)) {
      context = silent('top-level', 'a class static block');
      contextCache.set(fn, context);
      break;
    }
    if (ts.isPropertyDeclaration(fn)) {
      const isStatic = ts.getModifiers(fn)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword) ?? false;
      // A static field is evaluated when the class is defined; an instance field on construction.
      context = isStatic ? silent('top-level', 'a static class field initializer') : silent('class-initializer', 'a class field initializer');
      contextCache.set(fn, context);
      break;
    }
    const verdict = verdictOf(fn, facts, lookup);
    if ('final' in verdict) {
      context = verdict.final;
      contextCache.set(fn, context);
      break;
    }
    pending.push({ fn, derive: verdict.derive });
    n = verdict.from;
  }
  for (let i = pending.length - 1; i >= 0; i--) {
    context = pending[i]!.derive(context);
    contextCache.set(pending[i]!.fn, context);
  }
  return context;
}
