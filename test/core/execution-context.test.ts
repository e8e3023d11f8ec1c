import * as assert from 'node:assert/strict';
import { ts } from 'ts-morph';
import { parseProblemOf, parseSource } from '../../src/core/engine';
import { executionContextOf, fileExecutionFacts, fileRoleOf, type ExecutionContext, type ExecutionReason } from '../../src/core/execution-context';
import { createScopeIndex } from '../../src/core/scope';

/** The context of the first `probe()` call in `code`. */
function contextOfProbe(code: string, fileName = 'src/case.ts'): ExecutionContext {
  const sourceFile = parseSource(fileName, code);
  const problem = parseProblemOf(sourceFile);
  if (problem) throw new Error(`case does not parse: ${problem.message}`);
  let probe: ts.CallExpression | undefined;
  const stack: ts.Node[] = [sourceFile];
  while (stack.length > 0 && !probe) {
    const node = stack.shift()!;
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'probe') probe = node;
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  if (!probe) throw new Error('case has no probe() call');
  return executionContextOf(probe, createScopeIndex(sourceFile));
}

function expectMatters(code: string, reason: ExecutionReason, where: string, fileName?: string): void {
  assert.deepEqual(contextOfProbe(code, fileName), { blockingMatters: true, reason, where });
}

function expectSilent(code: string, reason: ExecutionReason, fileName?: string): void {
  const context = contextOfProbe(code, fileName);
  assert.equal(context.blockingMatters, false, `expected blocking not to matter, got ${JSON.stringify(context)}`);
  assert.equal(context.reason, reason);
}

describe('execution-context', () => {
  describe('async functions', () => {
    it('an async function declaration', () => {
      expectMatters(`export async function handleUpload(req: Req) { probe(); }`, 'async-function', 'async function handleUpload');
    });
    it('an async method names its class', () => {
      expectMatters(`class UploadService { async save(data: Buffer) { probe(); } }`, 'async-function', 'async method UploadService.save');
    });
    it('an async arrow assigned to a const', () => {
      expectMatters(`export const handler = async (event: unknown) => { probe(); };`, 'async-function', 'async function handler');
    });
    it('an async generator', () => {
      expectMatters(`async function* lines(path: string) { probe(); yield ''; }`, 'async-function', 'async function lines');
    });
    it('a sync .map callback inside an async function runs in that function', () => {
      expectMatters(`async function thumbnails(files: string[]) { return files.map((f) => probe(f)); }`, 'async-function', 'async function thumbnails');
    });
    it('a promise executor runs in the function that creates the promise', () => {
      expectMatters(`async function load() { return new Promise((resolve) => resolve(probe())); }`, 'async-function', 'async function load');
    });
    it('a named sync helper declared inside an async function runs in it', () => {
      expectMatters(`async function render(name: string) {
  function template() { return probe(name); }
  return template();
}`, 'async-function', 'async function render');
    });
    it('an async callback given to an unknown function, inside a sync helper', () => {
      expectMatters(`function schedule(queue: Queue) { queue.add(async () => { probe(); }); }`, 'async-function', 'an async callback passed to add');
    });
  });

  describe('request handlers', () => {
    it('express route with a path', () => {
      expectMatters(`app.get('/users/:id', (req, res) => { probe(); });`, 'request-handler', 'the GET /users/:id handler');
    });
    it('express route with middleware before the handler', () => {
      expectMatters(`router.post('/upload', requireAuth, (req, res) => { probe(); });`, 'request-handler', 'the POST /upload handler');
    });
    it('middleware registered with use', () => {
      expectMatters(`app.use((req, res, next) => { probe(); next(); });`, 'request-handler', 'the middleware registered with app.use');
    });
    it('a chained app.route(path).put(handler)', () => {
      expectMatters(`app.route('/book').put((req, res) => { probe(); });`, 'request-handler', 'the PUT /book handler');
    });
    it('a handler wrapped in an unknown helper', () => {
      expectMatters(`router.get('/x', withLogging((q, s) => { probe(); }));`, 'request-handler', 'the GET /x handler');
    });
    it('http.createServer callback', () => {
      expectMatters(`http.createServer((req, res) => { probe(); }).listen(80);`, 'request-handler', 'the createServer request handler');
    });
    it('net.createServer callback is a connection handler', () => {
      expectMatters(`net.createServer((socket) => { probe(); });`, 'request-handler', 'the createServer connection handler');
    });
    it('fastify route options handler', () => {
      expectMatters(`fastify.route({ method: 'GET', url: '/', handler(request, reply) { probe(); } });`, 'request-handler', 'the route handler');
    });
    it('fastify onRequest hook', () => {
      expectMatters(`fastify.addHook('onRequest', (request, reply, done) => { probe(); done(); });`, 'request-handler', `the 'onRequest' hook`);
    });
    it('a route path held in a constant, on an app-like receiver', () => {
      expectMatters(`app.get(ROUTES.health, (req, res) => { probe(); });`, 'request-handler', 'the GET handler');
    });
    it('a named function registered by reference', () => {
      expectMatters(`function listUploads(q: Q, s: S) { probe(); }
app.get('/uploads', listUploads);`, 'request-handler', 'the GET /uploads handler');
    });
    it('a sync function taking (req, res) is a handler', () => {
      expectMatters(`export default function handler(req: Req, res: Res) { probe(); }`, 'request-handler', 'the request handler');
    });
    it('a handler typed as one, or exported by HTTP verb from a route module', () => {
      expectMatters(`export const health: RequestHandler = (_req, res) => { res.json(probe()); };`, 'request-handler', 'the request handler health');
      expectMatters(`export function GET(request: Request) { return new Response(probe(request.url)); }`, 'request-handler', 'the GET route handler');
    });
    it('an underscore-prefixed request parameter still reads as a handler', () => {
      expectMatters(`export function robots(_req: Req, res: Res) { res.type('text').send(probe()); }`, 'request-handler', 'the request handler robots');
    });
    it('a (req, res) callback given to an unknown registration', () => {
      expectMatters(`router.param('tenant', (req, res, next, id) => { req.tenant = probe(id); next(); });`, 'request-handler', 'a request handler passed to param');
    });
    it('a GET that is not exported is a plain function', () => {
      expectSilent(`function GET(url: string) { return probe(url); }`, 'sync-function');
    });
    it('a NestJS @Get() method', () => {
      expectMatters(`@Controller('docs')
export class DocsController {
  @Get(':name')
  read(name: string) { return probe(name); }
}`, 'request-handler', 'the @Get() handler DocsController.read');
    });
    it('a GraphQL resolver map', () => {
      expectMatters(`export const resolvers = { Query: { report: () => probe() } };`, 'request-handler', 'the GraphQL resolver report');
    });
  });

  describe('event handlers, timers, streams, promises', () => {
    it(`ws.on('message')`, () => {
      expectMatters(`ws.on('message', (data) => { probe(data); });`, 'event-handler', `the 'message' handler`);
    });
    it(`process.on('message')`, () => {
      expectMatters(`process.on('message', (msg) => { probe(msg); });`, 'event-handler', `the 'message' handler`);
    });
    it('addEventListener', () => {
      expectMatters(`target.addEventListener('message', (event) => { probe(event); });`, 'event-handler', `the 'message' listener`);
    });
    it('a VS Code listener and command run on the shared extension host', () => {
      expectMatters(`import * as vscode from 'vscode';
export function activate() { vscode.workspace.onDidChangeTextDocument((event) => { probe(event); }); }`, 'event-handler', 'the onDidChangeTextDocument listener');
      expectMatters(`import { commands } from 'vscode';
export function activate() { commands.registerCommand('clauses.check', () => { probe(); }); }`, 'event-handler', `the command 'clauses.check'`);
    });
    it("a chat bot's commands and events: grammY, Telegraf, Slack Bolt", () => {
      expectMatters(`import { Bot } from 'grammy';
const bot = new Bot(process.env.BOT_TOKEN!);
bot.command('topbackers', async (ctx) => { probe(ctx); });`, 'event-handler', `the bot's command 'topbackers' handler`);
      expectMatters(`import { App } from '@slack/bolt';
const app = new App({ token: 't' });
app.message(async ({ message }) => { probe(message); });`, 'event-handler', `the bot's message handler`);
    });
    it('a handler registered for one message type: a Colyseus room', () => {
      expectMatters(`import { Room } from 'colyseus';
export class Arena extends Room {
  onCreate() { this.onMessage('move', (client, goal) => { probe(goal); }); }
}`, 'event-handler', `the 'move' message handler`);
    });
    it('one file for both sides of a worker: the main-thread branch serves, the other is the worker', () => {
      const file = (inMain: string, inWorker: string) => `import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import http from 'node:http';
if (isMainThread) {
  http.createServer((req, res) => { ${inMain} res.end(); }).listen(8080);
} else {
  parentPort!.on('message', (bets) => { ${inWorker} });
}`;
      expectMatters(file('probe(req);', 'settle(bets);'), 'request-handler', 'the createServer request handler');
      expectSilent(file('new Worker(__filename);', 'probe(bets);'), 'worker-thread');
      expectSilent(`import { isMainThread } from 'node:worker_threads';
if (!isMainThread) { setInterval(() => { probe(); }, 1000); }`, 'worker-thread');
    });
    it('but not an onDid method of anything else', () => {
      const context = contextOfProbe(`export function activate(bus: Bus) { bus.onDidChange(() => { probe(); }); }`);
      assert.equal(context.blockingMatters, false);
    });
    it('an onmessage property assignment', () => {
      expectMatters(`socket.onmessage = (event) => { probe(event); };`, 'event-handler', 'the onmessage handler');
    });
    it('setInterval callback', () => {
      expectMatters(`setInterval(() => { probe(); }, 60_000);`, 'timer', 'a setInterval callback');
    });
    it('setTimeout callback passed by reference', () => {
      expectMatters(`function flush() { probe(); }
setTimeout(flush, 1000);`, 'timer', 'a setTimeout callback');
    });
    it('a Transform stream option', () => {
      expectMatters(`const t = new Transform({ transform(chunk, enc, cb) { cb(null, probe(chunk)); } });`, 'stream-callback', 'a stream transform callback');
    });
    it('a Writable subclass _write', () => {
      expectMatters(`class Sink extends stream.Writable { _write(chunk: Buffer, enc: string, cb: () => void) { probe(chunk); cb(); } }`, 'stream-callback', 'the stream method Sink._write');
    });
    it('a .then callback in a sync helper', () => {
      expectMatters(`function refresh() { return fetchRates().then((rates) => probe(rates)); }`, 'promise-callback', 'a promise .then callback');
    });
    it('a .then callback inside a handler keeps the handler as the place', () => {
      expectMatters(`app.get('/r', (req, res) => { load().then((x) => probe(x)); });`, 'request-handler', 'the GET /r handler');
    });
    it('@Cron() job', () => {
      expectMatters(`class Jobs { @Cron('* * * * *') rotate() { probe(); } }`, 'timer', 'the @Cron() job Jobs.rotate');
    });
  });

  describe('where blocking does not matter', () => {
    it('module top level', () => {
      expectSilent(`const config = JSON.parse(probe());`, 'top-level');
    });
    it('an async main() called at top level is start-up code', () => {
      expectSilent(`async function main() { probe(); }
main().catch((e) => { console.error(e); process.exit(1); });`, 'startup');
    });
    it('bootstrap() before listen', () => {
      expectSilent(`async function bootstrap() {
  const key = probe();
  const app = await NestFactory.create(AppModule, { httpsOptions: { key } });
  await app.listen(3000);
}
bootstrap();`, 'startup');
    });
    it('an async function called only from a start-up function is start-up code too', () => {
      expectSilent(`async function loadConfig() { return probe(); }
async function main() { const c = await loadConfig(); start(c); }
void main();`, 'startup');
    });
    it('an async function called at start-up and also from a handler is not start-up code', () => {
      expectMatters(`async function loadConfig() { return probe(); }
loadConfig();
app.get('/config', async (req, res) => res.json(await loadConfig()));`, 'async-function', 'async function loadConfig');
    });
    it('an async IIFE at top level', () => {
      expectSilent(`(async () => { probe(); })();`, 'top-level');
    });
    it('a .then at top level', () => {
      expectSilent(`loadSettings().then((s) => probe(s));`, 'top-level');
    });
    it('the listen callback', () => {
      expectSilent(`app.listen(3000, () => { probe(); });`, 'startup');
    });
    it(`process.on('exit') and signals`, () => {
      expectSilent(`process.on('exit', () => { probe(); });`, 'lifecycle');
      expectSilent(`process.once('SIGTERM', () => { probe(); });`, 'lifecycle');
    });
    it('a plain sync helper', () => {
      expectSilent(`export function loadTemplate(name: string) { return probe(name); }`, 'sync-function');
    });
    it('a sync class method and a constructor', () => {
      expectSilent(`class Store { read(key: string) { return probe(key); } }`, 'sync-function');
      expectSilent(`class Store { constructor() { probe(); } }`, 'sync-function');
    });
    it('class field initializers', () => {
      expectSilent(`class Store { data = probe(); }`, 'class-initializer');
      expectSilent(`class Store { static data = probe(); }`, 'top-level');
    });
    it('an HTTP client completion callback is not a route', () => {
      expectSilent(`request.get('http://example.com', (err, res, body) => { probe(body); });`, 'top-level');
    });
    it('a cache loader keyed by a string is not a route', () => {
      expectSilent(`cache.get('settings', () => probe());`, 'top-level');
    });
    it('an async function that wires routes is set-up code; its handlers are not', () => {
      expectSilent(`export async function mount(router: Router) { const html = probe(); router.get('/', (q, s) => s.send(html)); }`, 'startup');
      expectMatters(`export async function mount(router: Router) { router.get('/', (q, s) => s.send(probe())); }`, 'request-handler', 'the GET / handler');
    });
    it('named functions in loaders/ are boot code; their handlers are not', () => {
      expectSilent(`export async function loadPlugins() { probe(); }`, 'startup', 'src/loaders/plugins.ts');
      expectMatters(`export default async function (app: App) { app.get('/s', (q, s) => probe()); }`, 'request-handler', 'the GET /s handler', 'src/loaders/express.ts');
    });
    it('an async function taking (req, res) is a request handler, named after its export', () => {
      expectMatters(`exports.postUpload = async (req, res) => { probe(); };`, 'request-handler', 'the request handler postUpload');
    });
    it('a fastify plugin registration', () => {
      expectSilent(`fastify.register(async (instance) => { probe(); });`, 'startup');
    });
  });

  describe('file roles', () => {
    it('a script with a shebang', () => {
      expectSilent(`#!/usr/bin/env node
async function run() { probe(); }
export { run };`, 'script');
    });
    it('a script reading process.argv', () => {
      expectSilent(`export async function convert() { probe(process.argv[2]); }`, 'script');
    });
    it('process.argv in a file that starts a server is not a script', () => {
      expectMatters(`const port = Number(process.argv[2]);
app.listen(port);
export async function handle() { probe(); }`, 'async-function', 'async function handle');
    });
    it('a file in a tests/ folder is test code when it registers tests or is named as support', () => {
      expectSilent(`describe('orders', () => { it('loads', async () => { probe(); }); });`, 'test', 'tests/orders.ts');
      expectSilent(`export async function createUser() { probe(); }`, 'test', 'test/factories.ts');
    });
    it('an ordinary module that happens to sit in a folder called tests is analysed', () => {
      expectMatters(`export async function loadDashboard(id: string) { probe(id); }`, 'async-function', 'async function loadDashboard', 'cases/tests/dashboard.ts');
    });
    it('a module that refuses to load on the main thread is a worker', () => {
      expectSilent(`import { isMainThread } from 'node:worker_threads';
if (isMainThread) { throw new Error('load me from the pool'); }
export default async function pivot(rows: Row[]) { probe(rows); }`, 'worker-thread');
    });
    it('gulpfiles and task-runner files run once per build', () => {
      expectSilent(`import gulp from 'gulp';
export async function stampVersion() { probe(); }`, 'script', 'tools/release.ts');
      expectSilent(`export async function clean() { probe(); }`, 'config-file', 'gulpfile.ts');
    });
    it('knex seeds and migrations by their signature', () => {
      expectSilent(`import type { Knex } from 'knex';
export async function seed(knex: Knex) { probe(); }`, 'script', 'src/data/countries.ts');
      expectSilent(`export async function up(queryInterface: QueryInterface) { probe(); }`, 'script', 'src/schema/add-users.ts');
    });
    it('a file in a scripts/ directory', () => {
      expectSilent(`export async function seed() { probe(); }`, 'script', 'scripts/seed-db.ts');
    });
    it('command-line packages and migrations by path', () => {
      expectSilent(`export async function scaffold() { probe(); }`, 'script', 'packages/create-shop-app/src/scaffold.ts');
      expectSilent(`export async function scaffold() { probe(); }`, 'script', 'packages/create-shop/src/index.ts');
      expectSilent(`export async function init() { probe(); }`, 'script', 'tools/acme-cli/src/init.ts');
      expectSilent(`export async function up() { probe(); }`, 'script', 'src/db/predefinedMigrations/v2/index.ts');
      expectSilent(`export async function init() { probe(); }`, 'script', 'packages/cli-v3/src/commands/init.ts');
    });
    it('a migration by its shape, in a folder of any name', () => {
      expectSilent(`const alteration = {
  up: async (pool: Pool) => { probe(); },
  down: async (pool: Pool) => { await pool.query('select 1'); },
};
export default alteration;`, 'script', 'packages/schemas/alterations/1.5.0-1684837981-add-scope.ts');
      expectSilent(`export class AddOwners1700000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner) { probe(); }
  async down(queryRunner: QueryRunner) { await queryRunner.query('select 1'); }
}`, 'script', 'src/database/schema-changes/AddOwners1700000000000.ts');
    });
    it('an up/down pair that is not a pair of migration steps', () => {
      expectMatters(`const keys = { up: 'ArrowUp', down: 'ArrowDown' };
export async function move() { probe(); }`, 'async-function', 'async function move', 'src/games/controls.ts');
      expectMatters(`export class Elevator {
  async up() { probe(); }
  async down() { probe(); }
}`, 'async-function', 'async method Elevator.up', 'src/building/elevator.ts');
    });
    it('test support modules by their name, and names that only end like one', () => {
      expectSilent(`export async function seedCards() { probe(); }`, 'test', 'internal-packages/dashboard-agent/src/test-support.ts');
      expectSilent(`export async function render() { probe(); }`, 'test', 'src/testUtils.ts');
      expectMatters(`export async function rank() { probe(); }`, 'async-function', 'async function rank', 'src/contests/contest-utils.ts');
    });
    it('feature folders and bot commands are not scripts', () => {
      expectMatters(`export async function createUser() { probe(); }`, 'async-function', 'async function createUser', 'src/features/create-user/handler.ts');
      expectMatters(`export async function execute() { probe(); }`, 'async-function', 'async function execute', 'src/commands/ping.ts');
    });
    it('a file importing a prompt or spinner library is a script', () => {
      expectSilent(`import ora from 'ora';
export async function clean() { probe(); }`, 'script');
    });
    it('a worker thread module (imports parentPort)', () => {
      expectSilent(`import { parentPort } from 'node:worker_threads';
parentPort!.on('message', async (job) => { parentPort!.postMessage(probe(job)); });`, 'worker-thread');
    });
    it('a main-thread file that creates workers is not a worker', () => {
      expectMatters(`import { Worker } from 'node:worker_threads';
const data = 1;
export async function run() { probe(); return new Worker('./w.js', { workerData: data }); }`, 'async-function', 'async function run');
    });
    it('a *.worker.ts file', () => {
      expectSilent(`export default async function hash(input: Buffer) { return probe(input); }`, 'worker-thread', 'src/hash.worker.ts');
    });
    it('test files and test callbacks', () => {
      expectSilent(`export async function helper() { probe(); }`, 'test', 'src/upload.test.ts');
      expectSilent(`it('reads the fixture', async () => { probe(); });`, 'test');
      expectSilent(`describe.each([1, 2])('case %i', (n) => { probe(n); });`, 'test');
    });
    it('a tests directory only when it is the direct parent, so a checkout under ~/test/ is still analysed', () => {
      expectSilent(`export async function helper() { probe(); }`, 'test', 'test/helpers.ts');
      expectMatters(`export async function helper() { probe(); }`, 'async-function', 'async function helper', '/home/u/test/app/src/helpers.ts');
    });
    it('test-runner set-up files, by name or by what they import', () => {
      expectSilent(`export default async function () { probe(); }`, 'test', 'test/global-setup.ts');
      expectSilent(`export default async function () { probe(); }`, 'test', 'src/globalTeardown.ts');
      expectSilent(`export default async function () { probe(); }`, 'test', 'vitest.setup.ts');
      expectSilent(`import type { GlobalSetupContext } from 'vitest/node';
export default async function ({ provide }: GlobalSetupContext) { provide('url', await probe()); }`, 'test', 'src/db-harness.ts');
      expectSilent(`import { PostgreSqlContainer } from '@testcontainers/postgresql';
export async function startDb() { const c = await new PostgreSqlContainer().start(); probe(c); }`, 'test');
    });
    it('a product file named like set-up is not a test file', () => {
      expectMatters(`export async function run() { probe(); }`, 'async-function', 'async function run', 'src/setup-wizard.ts');
    });
    it('a *.config.ts file', () => {
      expectSilent(`export default defineConfig(async () => ({ key: probe() }));`, 'config-file', 'vite.config.ts');
    });
    it("a tool's config by what it imports and exports, whatever the file is called", () => {
      expectSilent(`import type { NextConfig } from 'next';
const nextConfig: NextConfig = { async redirects() { return probe(); } };
export default nextConfig;`, 'config-file', 'src/site-settings.ts');
      expectSilent(`import { defineConfig } from 'vite';
export default defineConfig(async () => ({ define: { BUILD: probe() } }));`, 'config-file', 'src/build-settings.ts');
    });
  });

  describe('job schedulers', () => {
    it('a node-cron task, by its import', () => {
      expectMatters(`import cron from 'node-cron';
cron.schedule(process.env.SWEEP_CRON!, async () => { probe(); });`, 'timer', 'a node-cron job');
    });
    it('a schedule(…) call with a cron expression, whatever the receiver is called', () => {
      expectMatters(`scheduler.schedule('*/15 * * * *', () => { probe(); });`, 'timer', 'a node-cron job');
    });
    it('a node-schedule job', () => {
      expectMatters(`import schedule from 'node-schedule';
schedule.scheduleJob('nightly-report', '30 2 * * *', async () => { probe(); });`, 'timer', 'a node-schedule job');
    });
    it("cron's CronJob, as arguments and as options", () => {
      expectMatters(`import { CronJob } from 'cron';
export const job = new CronJob('0 */6 * * *', async () => { probe(); }, null, true);`, 'timer', 'a cron job');
      expectMatters(`import { CronJob } from 'cron';
CronJob.from({ cronTime: '0 4 * * *', onTick: () => { probe(); }, start: true });`, 'timer', 'a cron job');
    });
    it('a croner job', () => {
      expectMatters(`import { Cron } from 'croner';
Cron('0 0 * * SUN', { timezone: 'UTC' }, () => { probe(); });`, 'timer', 'a cron job');
    });
    it('an Agenda job definition', () => {
      expectMatters(`import { Agenda } from '@hokify/agenda';
const agenda = new Agenda({ db: { address: mongoUrl } });
agenda.define('purge sessions', async (job) => { probe(job); });`, 'timer', `the Agenda job 'purge sessions'`);
    });
    it('a job scheduled from a start-up hook is still a job', () => {
      expectMatters(`import { CronJob } from 'cron';
export class Reports {
  onModuleInit() { new CronJob('0 7 * * 1', () => this.send(probe())).start(); }
}`, 'timer', 'a cron job');
    });
    it('schedule(…) without a cron expression or node-cron is an unknown callee', () => {
      expectSilent(`planner.schedule('weekly review', async () => { probe(); });`, 'top-level');
    });
  });

  describe('queue consumers', () => {
    it("a BullMQ Worker's processor runs on the main thread, per job", () => {
      expectMatters(`import { Worker } from 'bullmq';
export const thumbnails = new Worker('thumbnails', async (job) => { probe(job.data); }, { connection });`, 'event-handler', 'the BullMQ job processor');
    });
    it("another library's Worker taking a function is not a queue consumer", () => {
      expectSilent(`import { Worker } from './pool';
new Worker('resize', async (task: Task) => { probe(task); });`, 'top-level');
    });
    it('kafkajs eachMessage and eachBatch', () => {
      expectMatters(`void consumer.run({ eachBatch: ({ batch }) => { probe(batch); } });`, 'event-handler', 'the eachBatch handler');
    });
    it('an sqs-consumer handleMessage passed by name', () => {
      expectMatters(`import { Consumer } from 'sqs-consumer';
function handleMessage(message: Message) { probe(message.Body); }
Consumer.create({ queueUrl: process.env.QUEUE_URL!, handleMessage }).start();`, 'event-handler', 'the handleMessage handler');
    });
    it('a pg-boss worker', () => {
      expectMatters(`import PgBoss from 'pg-boss';
const boss = new PgBoss(process.env.DATABASE_URL!);
boss.work('invoice-pdf', async ([job]) => { probe(job); });`, 'event-handler', `the pg-boss 'invoice-pdf' worker`);
    });
    it('the process method of a @Processor() class', () => {
      expectMatters(`@Processor('mail')
export class MailProcessor extends WorkerHost {
  process(job: Job<Mail>) { return probe(job.data); }
}`, 'event-handler', 'the queue job processor MailProcessor.process');
    });
  });

  describe('RPC routers', () => {
    it('a tRPC query procedure', () => {
      expectMatters(`export const appRouter = router({
  releaseNotes: publicProcedure.input(z.string()).query(({ input }) => probe(input)),
});`, 'request-handler', 'the tRPC query releaseNotes');
    });
    it('a tRPC mutation behind middleware', () => {
      expectMatters(`export const rename = t.procedure.use(isAdmin).input(schema).mutation(({ input }) => probe(input));`, 'request-handler', 'the tRPC mutation procedure');
    });
    it('a query(…) that is not a procedure builder', () => {
      expectSilent(`db.query(() => probe());`, 'top-level');
    });
    it('a GraphQL field config with type, args and resolve', () => {
      expectMatters(`export const QueryType = new GraphQLObjectType({
  name: 'Query',
  fields: { invoice: { type: InvoiceType, args: { id: { type: GraphQLID } }, resolve: (_root, args) => probe(args.id) } },
});`, 'request-handler', 'the GraphQL resolver invoice');
    });
    it('a Nexus-style t.field(name, { type, resolve })', () => {
      expectMatters(`t.field('avatar', { type: 'String', resolve(user) { return probe(user); } });`, 'request-handler', 'the GraphQL resolver avatar');
    });
    it('an object with type and resolve that is no field config', () => {
      expectSilent(`const pending = { type: 'deferred', resolve: () => probe() };`, 'sync-function');
    });
    it('a function in an options object handed to a registration', () => {
      expectMatters(`nc.subscribe('audit.events', { queue: 'writers', callback: (err, msg) => { probe(msg); } });`, 'event-handler', 'a subscription callback');
      expectMatters(`app.get('/avatar/:id', { schema, handler(request, reply) { reply.send(probe(request.params)); } });`, 'request-handler', 'the GET /avatar/:id handler');
    });
    it('an options object handed to an unknown call is not a registration', () => {
      expectSilent(`app.use(serveStatic('public', { setHeaders: (res, path) => { probe(path); } }));`, 'sync-function');
    });
    it('a gRPC service implementation', () => {
      expectMatters(`server.addService(proto.Thumbnails.service, { render: (call, callback) => callback(null, probe(call.request)) });`, 'request-handler', 'the gRPC method render');
    });
  });

  describe('framework data functions and server routes', () => {
    it("Next.js instrumentation's register runs once, when the server boots", () => {
      expectSilent(`export async function register() { probe(); }`, 'startup', 'src/instrumentation.ts');
      expectSilent(`export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  probe();
}`, 'startup', 'src/boot-hooks.ts');
    });
    it('but an exported register elsewhere signs a user up', () => {
      expectMatters(`export async function register(email: string) { probe(email); }`, 'async-function', 'async function register', 'src/users/service.ts');
    });
    it('Next.js getStaticProps and getStaticPaths run at build time', () => {
      expectSilent(`export async function getStaticProps() { probe(); return { props: {} }; }`, 'startup', 'pages/blog/[slug].tsx');
      expectSilent(`export const getStaticPaths = async () => { probe(); return { paths: [], fallback: false }; };`, 'startup', 'pages/blog/[slug].tsx');
    });
    it('getServerSideProps and Remix loaders run for every request', () => {
      expectMatters(`export async function getServerSideProps() { probe(); return { props: {} }; }`, 'request-handler', 'the getServerSideProps data function');
      expectMatters(`export const loader = async ({ params }: LoaderArgs) => { probe(params); };`, 'request-handler', 'the loader data function', 'app/routes/orders.tsx');
    });
    it('a Nitro/h3 server route', () => {
      expectMatters(`export default defineEventHandler(async (event) => { probe(event); });`, 'request-handler', 'the event handler of a server route', 'server/api/quote.ts');
    });
  });

  describe('framework start-up hooks', () => {
    it('NestJS onModuleInit and onApplicationBootstrap', () => {
      expectSilent(`export class SchemaStore { async onModuleInit() { probe(); } }`, 'lifecycle');
      expectSilent(`export class Warmup { onApplicationBootstrap = async () => { probe(); }; }`, 'lifecycle');
    });
    it('a private method called only from a lifecycle hook runs once too', () => {
      expectSilent(`export class Dictionary {
  async onModuleInit() { await Promise.all(this.locales.map((l) => this.load(l))); }
  private async load(locale: string) { probe(locale); }
}`, 'startup');
    });
    it('a private method also called from a request path is not start-up code', () => {
      expectMatters(`export class Dictionary {
  async onModuleInit() { await this.load('en'); }
  async translate(locale: string, key: string) { return (await this.load(locale))[key]; }
  private async load(locale: string) { return probe(locale); }
}`, 'async-function', 'async method Dictionary.load');
    });
    it('a public method called from a lifecycle hook may have other callers', () => {
      expectMatters(`export class Dictionary {
  async onModuleInit() { await this.reload(); }
  async reload() { probe(); }
}`, 'async-function', 'async method Dictionary.reload');
    });
    it('a module function called only from a lifecycle hook', () => {
      expectSilent(`async function compileSchemas(dir: string) { return probe(dir); }
export class Validator { async onModuleInit() { this.schemas = await compileSchemas('schemas'); } }`, 'startup');
    });
    it('a handler registered from a lifecycle hook is still a handler', () => {
      expectMatters(`export class Ingest {
  async onModuleInit() { await this.consumer.run({ eachMessage: async ({ message }) => { probe(message); } }); }
}`, 'event-handler', 'the eachMessage handler');
    });
    it('a provider factory runs when the container is built, unless request-scoped', () => {
      expectSilent(`@Module({ providers: [{ provide: TLS, useFactory: async (config: ConfigService) => probe(config) , inject: [ConfigService] }] })
export class TlsModule {}`, 'startup');
      expectMatters(`export const tenant = { provide: TENANT, scope: Scope.REQUEST, useFactory: async (req: Request) => probe(req) };`, 'async-function', 'async function useFactory');
    });
    it("a test runner's exported global setup and teardown", () => {
      expectSilent(`export async function setup() { probe('docker compose up -d'); }`, 'startup');
      expectSilent(`export const teardown = async () => { probe('docker compose down'); };`, 'startup');
      expectSilent(`async function globalSetup() { probe(); }
export default globalSetup;`, 'startup');
    });
    it('a setup function that is not exported is judged by its callers', () => {
      expectMatters(`async function setup(room: Room) { probe(room); }
io.on('connection', (socket) => socket.on('join', (room) => setup(room)));`, 'async-function', 'async function setup');
    });
    it('fastify plugins', () => {
      expectSilent(`import fp from 'fastify-plugin';
export default fp(async (app, opts) => { app.decorate('pricing', probe()); });`, 'startup');
      expectSilent(`export const auth: FastifyPluginAsync = async (app) => { const key = probe(); app.decorateRequest('key', key); };`, 'startup');
      expectSilent(`export default async function metrics(fastify: FastifyInstance, opts: MetricsOptions) { probe(opts); }`, 'startup');
      expectSilent(`module.exports = async function (fastify, opts) { fastify.addSchema(probe()); };`, 'startup');
      expectSilent(`export default async function (fastify, options, done) { probe(); }`, 'startup');
    });
    it('a helper taking the fastify instance is not a plugin', () => {
      expectMatters(`export async function loadUser(app: FastifyInstance, id: string) { return probe(app, id); }`, 'async-function', 'async function loadUser');
    });
    it('a function registered by name as a plugin, or for shutdown, runs once', () => {
      expectSilent(`async function routes(instance: Instance) { probe(); }
fastify.register(routes, { prefix: '/v1' });`, 'startup');
      expectSilent(`async function shutdown() { probe(); await server.close(); }
process.on('SIGTERM', shutdown);`, 'startup');
    });
    it('signing a user up through an API client is not plugin registration', () => {
      expectMatters(`export class Accounts { async signUp(email: string) { probe(); await this.authApi.register(email); } }`, 'async-function', 'async method Accounts.signUp');
    });
    it('a function that builds the app is set-up code', () => {
      expectSilent(`import express from 'express';
export async function createApp() { const banner = probe(); const app = express(); app.locals.banner = banner; return app; }`, 'startup');
      expectSilent(`export async function bootstrap() { const key = probe(); return NestFactory.create(AppModule, { httpsOptions: { key } }); }`, 'startup');
    });
  });

  describe('file facts', () => {
    it('are computed once per source file', () => {
      const sourceFile = parseSource('a.ts', `async function main() {} main();`);
      const scopes = createScopeIndex(sourceFile);
      assert.equal(fileExecutionFacts(sourceFile, scopes), fileExecutionFacts(sourceFile, scopes));
      assert.equal(fileExecutionFacts(sourceFile, scopes).startupFunctions.size, 1);
    });
    it('survive nesting deeper than the parser allows, without recursion', () => {
      // Built with the factory: the parser itself would overflow long before 20,000 levels.
      const probe = ts.factory.createCallExpression(ts.factory.createIdentifier('probe'), undefined, []);
      let statement: ts.Statement = ts.factory.createExpressionStatement(probe);
      // setTimeout(() => { items.forEach(() => { items.forEach(() => { … probe(); }) }) }): every forEach
      // callback inherits from the one around it, so the model must walk all the way out.
      const depth = 20_000;
      for (let i = 0; i <= depth; i++) {
        const arrow = ts.factory.createArrowFunction(undefined, undefined, [], undefined, undefined, ts.factory.createBlock([statement]));
        const callee = i < depth
          ? ts.factory.createPropertyAccessExpression(ts.factory.createIdentifier('items'), 'forEach')
          : ts.factory.createIdentifier('setTimeout');
        statement = ts.factory.createExpressionStatement(ts.factory.createCallExpression(callee, undefined, [arrow]));
      }
      const sourceFile = ts.factory.createSourceFile([statement], ts.factory.createToken(ts.SyntaxKind.EndOfFileToken), ts.NodeFlags.None);
      // Parent pointers, set iteratively (ts.setParentRecursive recurses).
      const stack: ts.Node[] = [sourceFile];
      while (stack.length > 0) {
        const node = stack.pop()!;
        ts.forEachChild(node, (child) => {
          (child as { parent: ts.Node }).parent = node;
          stack.push(child);
        });
      }
      const context = executionContextOf(probe, createScopeIndex(sourceFile));
      assert.deepEqual(context, { blockingMatters: true, reason: 'timer', where: 'a setTimeout callback' });
    });
  });
});

describe('the file role alone (fileRoleOf)', () => {
  // Each case: the role the full walk gives, which the quick looks must give too (they only ever answer 'module', 'browser' or 'test').
  const cases: Array<[string, string, string]> = [
    ['src/orders/service.ts', `import { db } from '../db';\nexport async function load(id: string) { return db.order.find(id); }`, 'module'],
    ['src/orders/service.ts', `import { describe, it } from 'vitest';\ndescribe('x', () => { it('y', () => {}); });`, 'test'],
    ['src/tools/report.ts', `import { Command } from 'commander';\nnew Command().action(async () => {});`, 'script'],
    ['src/tools/report.ts', `const args = process.argv.slice(2);\nexport async function run() { return args; }`, 'script'],
    ['src/thumbs/render.ts', `const { parentPort } = require('node:worker_threads');\nparentPort.on('message', () => {});`, 'worker-thread'],
    ['src/thumbs/render.ts', `import { isMainThread } from 'node:worker_threads';\nif (isMainThread) throw new Error('worker only');`, 'worker-thread'],
    ['app/page.tsx', `'use client';\nexport default function Page() { return null; }`, 'browser'],
    ['src/types.ts', `declare module 'x' {\n  import { Readable } from 'stream';\n}\nexport const a = 1;`, 'module'],
    ['src/cli.ts', `#!/usr/bin/env node\nconsole.log('hi');`, 'script'],
    ['config/site.ts', `import type { NextConfig } from 'next';\nconst c: NextConfig = { async redirects() { return []; } };\nexport default c;`, 'config-file'],
    ['src/next-types.ts', `import type { NextConfig } from 'next';\nexport function withSite(c: NextConfig) { return c; }`, 'module'],
    ['src/experiments/ab-test.ts', `import { Controller, Get } from '@nestjs/common';\n@Controller('x') export class AbTest { @Get() async uplift() { return 1; } }`, 'module'],
    ['src/checkout/cart-test.ts', `test('adds an item', async () => { expect(1).toBe(1); });`, 'test'],
    ['src/checkout/cart.test.ts', `export const cases = [1, 2, 3];`, 'test'],
    ['test/functional/orders/orders.ts', `import { expect } from 'chai';\nexport async function check() { expect(await load()).to.equal(1); }`, 'test'],
    ['test/functional/orders/entity/Order.ts', `import { Entity } from 'typeorm';\n@Entity() export class Order {}`, 'module'],
    // Named like a test, yet a worker thread's module: the worker role comes first, so no glance may answer 'test'.
    ['src/thumbs/render.spec.ts', `import { parentPort } from 'node:worker_threads';\nparentPort?.on('message', () => {});`, 'worker-thread'],
    ['src/jobs/worker.ts', `import { expect } from 'vitest';\nexport function check(n: number) { expect(n).toBe(1); }`, 'worker-thread'],
    // A 'use client' module whose other signals come first: no glance may answer 'browser'.
    ['src/ui/orders-table.test.tsx', `'use client';\nexport const rows = [1, 2, 3];`, 'test'],
    ['src/ui/render.tsx', `'use client';\nimport { parentPort } from 'node:worker_threads';\nparentPort?.on('message', () => {});`, 'worker-thread'],
    ['src/ui/checks.tsx', `'use client';\nconst { expect } = require('vitest');\nexport const ok = () => expect(1).toBe(1);`, 'test'],
    ['config/site.ts', `'use client';\nimport type { NextConfig } from 'next';\nconst c: NextConfig = {};\nexport default c;`, 'config-file'],
  ];
  for (const [fileName, code, role] of cases) {
    it(`${fileName}: ${role} (${code.split('\n')[0]!.slice(0, 40)})`, () => {
      const sourceFile = parseSource(fileName, code);
      assert.equal(fileExecutionFacts(sourceFile, createScopeIndex(sourceFile)).role, role);
      assert.equal(fileRoleOf(sourceFile, createScopeIndex(sourceFile)), role);
    });
  }
});
