import * as assert from 'node:assert/strict';
import { ts } from 'ts-morph';
import { parseProblemOf, parseSource } from '../../src/core/engine';
import { executionContextOf, fileExecutionFacts, type ExecutionContext, type ExecutionReason } from '../../src/core/execution-context';
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
    it('a file in a scripts/ directory', () => {
      expectSilent(`export async function seed() { probe(); }`, 'script', 'scripts/seed-db.ts');
    });
    it('command-line packages and migrations by path', () => {
      expectSilent(`export async function scaffold() { probe(); }`, 'script', 'packages/create-shop-app/src/scaffold.ts');
      expectSilent(`export async function scaffold() { probe(); }`, 'script', 'packages/create-shop/src/index.ts');
      expectSilent(`export async function init() { probe(); }`, 'script', 'tools/acme-cli/src/init.ts');
      expectSilent(`export async function up() { probe(); }`, 'script', 'src/db/predefinedMigrations/v2/index.ts');
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
    it('a *.config.ts file', () => {
      expectSilent(`export default defineConfig(async () => ({ key: probe() }));`, 'config-file', 'vite.config.ts');
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
