import * as assert from 'node:assert/strict';
import { ts } from 'ts-morph';
import { parseSource } from '../../../src/core/engine';
import { blockingSyncCall } from '../../../src/core/rules/blocking-sync-call/blocking-sync-call';
import { mayResolveByType } from '../../../src/core/rules/blocking-sync-call/sync-api-call';
import { SYNC_APIS, syncApiFor } from '../../../src/core/rules/blocking-sync-call/sync-apis';
import { assertBadAndGoodExamples, itRunsEachExample, readDocsPage } from '../../support/rule-docs';
import { describeRule, runRule } from '../../support/rule-tester';

const M = 'blockingSyncCall';

describeRule(blockingSyncCall, {
  valid: {
    'an async callback at the top level of an object no chat bot made': [
      `import { readFileSync } from 'node:fs';
import { createBus } from './bus';
const bus = createBus();
bus.command('reload', async () => {
  const routes = JSON.parse(readFileSync('routes.json', 'utf8'));
  await bus.publish('routes', routes);
});`,
    ],
    'a lazy require of something else under that name': [
      `app.get('/disk', async (_req, res) => {
  const { execSync: sh } = require('./fake-shell');
  res.type('text').send(sh('df -h'));
});`,
    ],
    'a name that holds a sync function only on one branch': [
      `import * as zlib from 'node:zlib';
const compress = process.env.FAST ? (data: string) => Buffer.from(data) : zlib.gzipSync;
export async function pack(json: string) { return compress(json); }`,
    ],
    'a helper also called at start-up': [
      `import { readFileSync } from 'node:fs';
@Injectable()
export class Templates {
  private cache = new Map<string, string>();
  private read(name: string) {
    return readFileSync(\`templates/\${name}.html\`, 'utf8');
  }
  async onModuleInit() {
    for (const name of ['welcome', 'reset']) this.cache.set(name, this.read(name));
  }
  render(name: string) {
    return this.cache.get(name) ?? '';
  }
}`,
      `import { readFileSync } from 'node:fs';
export class Mailer {
  private read(name: string) {
    return readFileSync(\`templates/\${name}.html\`, 'utf8');
  }
  async send(to: string) {
    await this.transport.send({ to, html: this.read('welcome') });
  }
  schedule() {
    setTimeout(() => {}, 1000);
    return [this.read, 'welcome'];
  }
}`,
      `import { readFileSync } from 'node:fs';
function loadTemplate(name: string) {
  return readFileSync(\`templates/\${name}.html\`, 'utf8');
}
const layout = loadTemplate('layout');
app.get('/page', async (req, res) => {
  res.send(layout + loadTemplate('page'));
});`,
    ],
    'an object whose property only shares a name with a sync API': [
      `import { readFileSync } from 'node:fs';
const config = JSON.parse(readFileSync('config.json', 'utf8'));
const storage = { write: (path: string, data: string) => cache.set(path, data) };
export async function save(path: string, data: string) {
  storage.write(path, data);
  return config;
}`,
    ],
    'startup code': [
      `import { readFileSync } from 'node:fs';
const config = JSON.parse(readFileSync('./config.json', 'utf8'));
export function port() { return config.port; }`,
      `import * as fs from 'fs';
const tlsOptions = { key: fs.readFileSync('certs/key.pem'), cert: fs.readFileSync('certs/cert.pem') };
https.createServer(tlsOptions, app).listen(443);`,
      {
        name: 'async main() called at top level',
        code: `import { readdirSync } from 'fs';
async function main() {
  const plugins = readdirSync('./plugins');
  await loadPlugins(plugins);
}
main().catch((err) => { console.error(err); process.exit(1); });`,
      },
      {
        name: 'NestJS bootstrap() before listen',
        code: `import { readFileSync } from 'fs';
async function bootstrap() {
  const httpsOptions = { key: readFileSync('./secrets/key.pem'), cert: readFileSync('./secrets/cert.pem') };
  const app = await NestFactory.create(AppModule, { httpsOptions });
  await app.listen(3000);
}
bootstrap();`,
      },
      {
        name: 'async function called only from a start-up function',
        code: `import { readFileSync } from 'fs';
async function loadSecrets() {
  return JSON.parse(readFileSync('/run/secrets/app.json', 'utf8'));
}
async function main() {
  const secrets = await loadSecrets();
  await startServer(secrets);
}
void main();`,
      },
      {
        name: 'async IIFE at top level',
        code: `import { execSync } from 'child_process';
(async () => {
  const commit = execSync('git rev-parse HEAD').toString().trim();
  await publish(commit);
})();`,
      },
      {
        name: 'the listen callback writes a pid file once',
        code: `import { writeFileSync } from 'fs';
app.listen(3000, () => {
  writeFileSync('/var/run/app.pid', String(process.pid));
});`,
      },
      {
        name: 'process exit handler',
        code: `import * as fs from 'fs';
process.on('exit', () => {
  fs.writeFileSync('last-run.json', JSON.stringify(stats));
});`,
      },
      {
        name: 'SIGTERM handler flushing state',
        code: `import { appendFileSync } from 'fs';
process.once('SIGTERM', () => {
  appendFileSync('shutdown.log', new Date().toISOString());
  process.exit(0);
});`,
      },
      {
        name: 'fastify plugin registration',
        code: `import { readFileSync } from 'fs';
fastify.register(async (instance) => {
  const schema = JSON.parse(readFileSync('./schema.json', 'utf8'));
  instance.addSchema(schema);
});`,
      },
      {
        name: 'then on a start-up promise at top level',
        code: `import { writeFileSync } from 'fs';
fetchRemoteConfig().then((config) => writeFileSync('config.cache.json', JSON.stringify(config)));`,
      },
      {
        name: 'static class field evaluated at definition',
        code: `import { readFileSync } from 'fs';
export class Templates {
  static readonly layout = readFileSync('views/layout.html', 'utf8');
  async render(body: string) { return Templates.layout.replace('{{body}}', body); }
}`,
      },
    ],
    'one-shot script': [
      {
        name: 'shebang script with an async function',
        code: `#!/usr/bin/env node
import { readFileSync, writeFileSync } from 'fs';
async function convert(input: string) {
  const data = readFileSync(input, 'utf8');
  writeFileSync(input + '.out', await transform(data));
}
convert(process.argv[2]);`,
      },
      {
        name: 'process.argv use without a server',
        code: `import { execSync } from 'child_process';
export async function release() {
  const version = process.argv[2];
  execSync(\`npm version \${version}\`, { stdio: 'inherit' });
}`,
      },
      {
        name: 'a CLI built with commander',
        code: `import { Command } from 'commander';
import { readFileSync } from 'fs';
new Command().argument('<file>').action(async (file: string) => {
  console.log(await lint(readFileSync(file, 'utf8')));
}).parse();`,
      },
      {
        name: 'a file in scripts/',
        filename: 'scripts/generate-types.ts',
        code: `import { writeFileSync } from 'fs';
export async function generate() {
  writeFileSync('src/types.gen.ts', await render());
}`,
      },
      {
        name: 'a migration',
        filename: 'migrations/20240101-add-users.ts',
        code: `import { readFileSync } from 'fs';
export async function up(db: Db) {
  await db.exec(readFileSync(__dirname + '/20240101-add-users.sql', 'utf8'));
}`,
      },
      {
        name: 'a create-*-app package',
        filename: 'packages/create-shop-app/src/scaffold.ts',
        code: `import { mkdirSync, writeFileSync } from 'fs';
export async function scaffold(dir: string) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(\`\${dir}/package.json\`, JSON.stringify(await template()));
}`,
      },
      {
        name: 'a cli/ folder',
        filename: 'src/cli/init.ts',
        code: `import { execSync } from 'child_process';
export async function init() {
  execSync('git init', { stdio: 'inherit' });
}`,
      },
      {
        name: 'a versioned command-line package (packages/cli-v3, real-code audit)',
        filename: 'packages/cli-v3/src/dev/devSupervisor.ts',
        code: `import { readFileSync, unlinkSync } from 'fs';
export async function killWatchdog(pidFile: string) {
  const pid = Number(readFileSync(pidFile, 'utf8'));
  process.kill(pid);
  unlinkSync(pidFile);
}`,
      },
      {
        name: 'a migration generator',
        filename: 'packages/db/src/createMigration.ts',
        code: `import { writeFileSync } from 'fs';
export async function createMigration(name: string) {
  writeFileSync(\`migrations/\${Date.now()}_\${name}.ts\`, await renderMigration(name));
}`,
      },
      {
        name: 'a file using a spinner library',
        code: `import ora from 'ora';
import { rmSync } from 'fs';
export async function clean(dir: string) {
  const spinner = ora('cleaning').start();
  rmSync(dir, { recursive: true, force: true });
  spinner.succeed();
}`,
      },
    ],
    'worker thread': [
      {
        name: 'worker module using parentPort',
        code: `import { parentPort } from 'node:worker_threads';
import { pbkdf2Sync } from 'node:crypto';
parentPort!.on('message', (job: { password: string; salt: string }) => {
  parentPort!.postMessage(pbkdf2Sync(job.password, job.salt, 600_000, 64, 'sha512'));
});`,
      },
      {
        name: 'worker module reading workerData via require',
        code: `const { workerData, parentPort } = require('worker_threads');
const zlib = require('zlib');
async function run() {
  parentPort.postMessage(zlib.gzipSync(workerData.buffer));
}
run();`,
      },
      {
        name: 'a *.worker.ts file',
        filename: 'src/thumbnails.worker.ts',
        code: `import { readFileSync } from 'fs';
export default async function thumbnail(path: string) {
  return resize(readFileSync(path));
}`,
      },
      {
        name: 'a piscina-style hash-worker.ts',
        filename: 'src/hash-worker.ts',
        code: `import { scryptSync } from 'crypto';
export default ({ password, salt }: { password: string; salt: string }) => scryptSync(password, salt, 64);`,
      },
    ],
    'test code': [
      {
        name: 'a *.test.ts file',
        filename: 'src/upload.test.ts',
        code: `import { readFileSync } from 'fs';
it('uploads a file', async () => {
  const fixture = readFileSync('fixtures/photo.jpg');
  await upload(fixture);
});`,
      },
      {
        name: 'test callbacks in a file with another name',
        code: `import * as fs from 'fs';
describe('export', () => {
  beforeEach(async () => { fs.rmSync('out', { recursive: true, force: true }); });
  it('writes the report', async () => { await exportReport('out'); });
});`,
      },
    ],
    'config file': [
      {
        name: 'vite.config.ts',
        filename: 'vite.config.ts',
        code: `import { readFileSync } from 'fs';
export default defineConfig(async () => ({
  server: { https: { key: readFileSync('key.pem'), cert: readFileSync('cert.pem') } },
}));`,
      },
    ],
    'lazy one-time initialisation': [
      `import { readFileSync } from 'fs';
let layout: string | undefined;
app.get('/', (req, res) => {
  layout ??= readFileSync('views/layout.html', 'utf8');
  res.send(layout);
});`,
      `import { readFileSync } from 'fs';
export class Signer {
  private key?: Buffer;
  async sign(data: string) {
    if (!this.key) this.key = readFileSync('keys/private.pem');
    return sign(data, this.key);
  }
}`,
      `import * as fs from 'fs';
let initialized = false;
export async function inlineCss(html: string) {
  if (!initialized) {
    await initWasm(fs.readFileSync(require.resolve('css-inline/index_bg.wasm')));
    initialized = true;
  }
  return inline(html);
}`,
      `import { readFileSync } from 'fs';
let cached: Record<string, string> | undefined;
export async function translations() {
  if (cached) return cached;
  cached = JSON.parse(readFileSync('i18n/en.json', 'utf8'));
  return cached;
}`,
      `import { readFileSync } from 'fs';
let schema: string | undefined;
export const getSchema = async () => schema ?? (schema = readFileSync('schema.graphql', 'utf8'));`,
    ],
    'set-up code': [
      {
        name: 'an async function that wires routes',
        code: `import { readFileSync } from 'fs';
export async function serveAdmin(router: Router, outDir: string) {
  const html = readFileSync(\`\${outDir}/index.html\`, 'utf8');
  router.get('/', (req, res) => res.send(html));
}`,
      },
      {
        name: 'a function in loaders/',
        filename: 'src/loaders/modules.ts',
        code: `import { readdirSync } from 'fs';
export async function loadModules(dir: string) {
  for (const name of readdirSync(dir)) await import(\`\${dir}/\${name}\`);
}`,
      },
    ],
    'sync function not on a hot path': [
      `import { readFileSync } from 'fs';
export function loadTemplate(name: string): string {
  return readFileSync(\`templates/\${name}.html\`, 'utf8');
}`,
      `import * as fs from 'fs';
export class FileStore {
  read(key: string) { return fs.readFileSync(this.pathOf(key)); }
  private pathOf(key: string) { return \`/data/\${key}\`; }
}`,
      `import { mkdirSync } from 'fs';
export class Cache {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }
}`,
      `import { readFileSync } from 'fs';
export class Keys {
  private readonly publicKey = readFileSync('keys/public.pem');
  async verify(token: string) { return verifyJwt(token, this.publicKey); }
}`,
      `import { statSync } from 'fs';
export function isDirectory(path: string) {
  return [path].map((p) => statSync(p).isDirectory())[0];
}`,
      `import { readFileSync } from 'fs';
export const getVersion = () => JSON.parse(readFileSync('package.json', 'utf8')).version;`,
    ],
    'user function named *Sync': [
      `function renderSync(name: string): string { return \`<h1>\${name}</h1>\`; }
export async function page(name: string) { return renderSync(name); }`,
      `import { readFileSync } from './virtual-fs';
export async function load(path: string) { return readFileSync(path); }`,
      `declare function execSync(command: string): string;
export async function run() { return execSync('ls'); }`,
      `const gzipSync = (data: Uint8Array) => data;
export async function pack(data: Uint8Array) { return gzipSync(data); }`,
      `import { transformSync } from 'esbuild';
export async function compile(code: string) { return transformSync(code).code; }`,
    ],
    'bcrypt with a cost for tests': [
      `import { hashSync } from 'bcryptjs';
export async function register(password: string) { return hashSync(password, 4); }`,
    ],
    'a snippet of text written in the source, compressed (real-code audit)': [
      `import { gzipSync } from 'node:zlib';
const MOCK_SITEMAP_INDEX = \`<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://example.com/sitemap/users/1.xml.gz</loc></sitemap>
</sitemapindex>\`;
export default () => ({
  async getSitemapIndex() {
    return { sitemap: gzipSync(Buffer.from(MOCK_SITEMAP_INDEX)) };
  },
});`,
      `import * as zlib from 'zlib';
app.get('/health.gz', (req, res) => {
  res.set('Content-Encoding', 'gzip').send(zlib.gzipSync('{"ok":true}'));
});`,
    ],
    'shadowed module binding': [
      `import * as fs from 'fs';
export async function read(fs: { readFileSync(path: string): string }, path: string) {
  return fs.readFileSync(path);
}`,
      `import { readFileSync } from 'fs';
export async function read(path: string) {
  const readFileSync = (p: string) => memoryVolume.get(p);
  return readFileSync(path);
}`,
      `const fs = require('fs');
export async function handler(event: { path: string }) {
  const fs = createMemFs();
  return fs.readFileSync(event.path);
}`,
      `import * as zlib from 'zlib';
export async function compress(data: Buffer, options: { zlib: { gzipSync(b: Buffer): Buffer } }) {
  const { zlib } = options;
  return zlib.gzipSync(data);
}`,
    ],
    'method on another object': [
      `export class Loader {
  async load(path: string) { return this.cache.readFileSync(path); }
}`,
      `import { Volume } from 'memfs';
const vol = Volume.fromJSON({ '/a.txt': 'a' });
export async function read() { return vol.readFileSync('/a.txt', 'utf8'); }`,
      `import { fs as memfs } from 'memfs';
export async function read(path: string) { return memfs.readFileSync(path); }`,
      `import * as fs from 'fs';
export async function read(path: string) { return fs.promises.readFileSync?.(path); }`,
    ],
    'async API already': [
      `import { readFile } from 'node:fs/promises';
app.get('/report', async (req, res) => res.send(await readFile('report.html', 'utf8')));`,
      `import * as fs from 'fs';
export async function load(path: string) { return fs.promises.readFile(path, 'utf8'); }`,
      `import { pbkdf2 } from 'crypto';
import { promisify } from 'util';
export async function hash(password: string, salt: string) {
  return promisify(pbkdf2)(password, salt, 600_000, 64, 'sha512');
}`,
      `import { execFile } from 'child_process';
app.post('/convert', (req, res) => {
  execFile('convert', [req.body.path, 'out.png'], (err) => res.sendStatus(err ? 500 : 200));
});`,
      `import * as zlib from 'zlib';
import { promisify } from 'util';
export async function compress(data: Buffer) { return promisify(zlib.gzip)(data); }`,
    ],
    'not reported by design': [
      {
        name: 'existsSync is a single stat',
        code: `import { existsSync } from 'fs';
app.get('/avatar/:id', (req, res) => {
  res.sendFile(existsSync(\`avatars/\${req.params.id}.png\`) ? \`avatars/\${req.params.id}.png\` : 'avatars/default.png');
});`,
      },
      {
        name: 'synchronous logging to stderr',
        code: `import { writeSync } from 'fs';
export async function handle(job: Job) {
  writeSync(2, \`job \${job.id} started\\n\`);
  await job.run();
}`,
      },
      {
        name: 'writeSync to process.stdout.fd',
        code: `import * as fs from 'fs';
setInterval(() => fs.writeSync(process.stdout.fd, '.'), 1000);`,
      },
      {
        name: 'sync randomBytes for a small token',
        code: `import { randomBytes } from 'crypto';
app.post('/session', (req, res) => res.json({ token: randomBytes(32).toString('hex') }));`,
      },
    ],
    'inside a type position': [
      `import * as fs from 'fs';
export async function read(reader: typeof fs.readFileSync, path: string) { return reader(path); }`,
      `import { readFileSync } from 'fs';
type Reader = typeof readFileSync;
export async function choose(): Promise<ReturnType<Reader>> { return Buffer.alloc(0); }`,
    ],
    'not a route': [
      {
        name: 'cache loader keyed by a string at top level',
        code: `import * as fs from 'fs';
cache.get('settings', () => JSON.parse(fs.readFileSync('settings.json', 'utf8')));`,
      },
      {
        name: 'HTTP client completion callback at top level',
        code: `import { writeFileSync } from 'fs';
request.get('https://example.com/data.json', (err, response, body) => {
  writeFileSync('data.json', body);
});`,
      },
    ],
    'test doubles and client modules (real-code audit)': [
      {
        name: 'a fake store kept in fakes/',
        filename: 'src/lib/features/addons/fakes/fake-addon-store.ts',
        code: `import { readFileSync } from 'node:fs';
export class FakeAddonStore {
  async getAll() {
    return JSON.parse(readFileSync('fixtures/addons.json', 'utf8'));
  }
}`,
      },
      {
        name: 'a fixture module under integration-tests/__fixtures__',
        filename: 'packages/product/integration-tests/__fixtures__/product.ts',
        code: `import * as fs from 'fs';
export async function loadProducts() {
  return JSON.parse(fs.readFileSync(__dirname + '/products.json', 'utf8'));
}`,
      },
    ],
    'framework start-up hooks': [
      {
        name: "a passport strategy's options, built once when the module loads",
        code: `import passport from 'passport';
import { readFileSync } from 'node:fs';
import { Strategy as JwtStrategy, ExtractJwt } from 'passport-jwt';
passport.use(new JwtStrategy({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: readFileSync('keys/public.pem') },
  async (payload, done) => done(null, { id: payload.sub })));`,
      },
      {
        name: 'NestJS onModuleInit loading certificates',
        code: `import { readFileSync } from 'node:fs';
@Injectable()
export class SigningKeys implements OnModuleInit {
  private keys = new Map<string, Buffer>();
  async onModuleInit() {
    for (const kid of await this.registry.activeKids()) this.keys.set(kid, readFileSync(\`keys/\${kid}.pem\`));
  }
}`,
      },
      {
        name: 'a private method called only from onApplicationBootstrap',
        code: `import * as fs from 'fs';
export class TemplateCache implements OnApplicationBootstrap {
  private templates: Record<string, string> = {};
  async onApplicationBootstrap() {
    await this.compileAll('views');
  }
  private async compileAll(dir: string) {
    for (const name of fs.readdirSync(dir)) this.templates[name] = await compile(fs.readFileSync(\`\${dir}/\${name}\`, 'utf8'));
  }
}`,
      },
      {
        name: 'a provider factory',
        code: `import { readFileSync } from 'fs';
@Module({
  providers: [{
    provide: 'GEOIP',
    useFactory: async () => openDatabase(readFileSync('data/GeoLite2-City.mmdb')),
  }],
})
export class GeoModule {}`,
      },
      {
        name: 'a fastify plugin wrapped in fastify-plugin by name',
        code: `import fp from 'fastify-plugin';
import { readFileSync } from 'node:fs';
async function jwtKeys(app: App) {
  const publicKey = readFileSync(process.env.JWT_PUBLIC_KEY_PATH!, 'utf8');
  app.decorate('verifyToken', (token: string) => verify(token, publicKey));
}
export default fp(jwtKeys, { name: 'jwt-keys' });`,
      },
      {
        name: 'an untyped fastify plugin adding a schema',
        code: `import { readFileSync } from 'fs';
module.exports = async function (fastify, opts) {
  fastify.addSchema(JSON.parse(readFileSync(\`\${__dirname}/invoice.schema.json\`, 'utf8')));
};`,
      },
      {
        name: 'a function that builds the express app',
        code: `import express from 'express';
import { readFileSync } from 'fs';
export async function buildApp() {
  const app = express();
  app.locals.openapi = JSON.parse(readFileSync('openapi.json', 'utf8'));
  app.locals.docs = await renderDocs(app.locals.openapi);
  return app;
}`,
      },
      {
        name: 'an async SIGTERM handler registered by name',
        code: `import { writeFileSync } from 'fs';
async function drain() {
  await queue.close();
  writeFileSync('/var/run/app.drained', new Date().toISOString());
}
process.once('SIGTERM', drain);`,
      },
    ],
    'test-runner set-up': [
      {
        name: 'exported global setup and teardown',
        code: `import { execSync } from 'node:child_process';
export async function setup() {
  execSync('docker run -d --name redis-it -p 6390:6379 redis:7', { stdio: 'ignore' });
  await waitForPort(6390);
}
export async function teardown() {
  execSync('docker rm -f redis-it', { stdio: 'ignore' });
}`,
      },
      {
        name: 'a jest global setup file',
        filename: 'config/jest/global-setup.ts',
        code: `const { execSync } = require('child_process');
module.exports = async () => {
  execSync('npm run db:reset', { stdio: 'inherit' });
};`,
      },
      {
        name: 'a playwright global setup exported by name',
        code: `import { writeFileSync } from 'fs';
async function globalSetup() {
  writeFileSync('.auth/admin.json', JSON.stringify(await signIn('admin')));
}
export default globalSetup;`,
      },
      {
        name: 'a helper that starts test containers',
        code: `import { GenericContainer } from 'testcontainers';
import { writeFileSync } from 'fs';
export async function startMinio() {
  const container = await new GenericContainer('minio/minio').withCommand(['server', '/data']).start();
  writeFileSync('.minio-endpoint', container.getHost());
  return container;
}`,
      },
    ],
    'typed value that is not the module (with a type checker)': [
      {
        name: 'a method of a class of ours named readFileSync',
        types: true,
        code: `class Snapshot {
  constructor(private readonly entries: Map<string, string>) {}
  readFileSync(path: string) { return this.entries.get(path) ?? ''; }
}
declare const snapshot: Snapshot;
async function serve(path: string) { return snapshot.readFileSync(path); }`,
      },
      {
        name: 'a parameter typed as our own in-memory interface',
        types: true,
        code: `interface VirtualDisk { writeFileSync(path: string, data: string): void }
async function save(disk: VirtualDisk, id: string, body: string) {
  disk.writeFileSync(\`/drafts/\${id}\`, body);
}`,
      },
    ],
    'development-only branches (real-code audit)': [
      {
        name: 'a dev-only branch: production reads the cached copy',
        code: `import fs from 'node:fs';
let errorHtml: Buffer | undefined;
app.use(async (ctx, next) => {
  if (env.isDevelopment) {
    ctx.body = fs.readFileSync('error.dev.html');
  } else {
    ctx.body = errorHtml ??= fs.readFileSync('error.prod.html');
  }
});`,
      },
    ],
  },

  invalid: {
    'a Cloud Function and an Electron IPC handler': [
      {
        name: 'a passport-local verify function, called on every login attempt',
        code: `import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import crypto from 'crypto';
passport.use(new LocalStrategy({ usernameField: 'email' }, async (email, password, done) => {
  const { rows } = await pool.query('SELECT id, hash, salt FROM adjusters WHERE email = $1', [email]);
  const hash = crypto.pbkdf2Sync(password, rows[0].salt, 310000, 64, 'sha512');
  return done(null, crypto.timingSafeEqual(hash, rows[0].hash) ? { id: rows[0].id } : false);
}));`,
        errors: [{ messageId: M, line: 6, column: 16 }],
      },
      {
        name: 'an event-driven Cloud Function',
        code: `import * as functions from '@google-cloud/functions-framework';
import fs from 'node:fs';
functions.cloudEvent('thumbnails', (event: { data: { name: string } }) => {
  fs.writeFileSync(\`/tmp/\${event.data.name}.seen\`, '1');
});`,
        errors: [{ messageId: M, line: 4, column: 3 }],
      },
      {
        name: 'an ipcMain handler in the Electron main process',
        code: `import { ipcMain } from 'electron';
import { readFileSync } from 'node:fs';
ipcMain.handle('project:open', async (_event, file: string) => JSON.parse(readFileSync(file, 'utf8')));`,
        errors: [{ messageId: M, line: 3, column: 75 }],
      },
      {
        name: 'a Telegraf command, set up at the top level of a bot',
        code: `const { Telegraf } = require('telegraf');
const { execFileSync } = require('child_process');
const bot = new Telegraf(process.env.TELEGRAM_TOKEN);
bot.command('receipt', async (ctx) => {
  const pdf = execFileSync('wkhtmltopdf', ['-', '-'], { input: ctx.message.text });
  await ctx.replyWithDocument({ source: pdf, filename: 'receipt.pdf' });
});
bot.launch();`,
        errors: [{ messageId: M, line: 5, column: 15 }],
      },
      {
        name: 'a Slack Bolt event handler',
        code: `import { App } from '@slack/bolt';
import { gzipSync } from 'node:zlib';
const app = new App({ token: process.env.SLACK_BOT_TOKEN, signingSecret: process.env.SLACK_SIGNING_SECRET });
app.event('app_mention', async ({ event, client }) => {
  const file = gzipSync(Buffer.from(await exportFor(event.text)));
  await client.files.uploadV2({ channel_id: event.channel, file, filename: 'export.csv.gz' });
});`,
        errors: [{ messageId: M, line: 5, column: 16 }],
      },
    ],
    'a procedure under another name, and a lazy require renamed': [
      {
        name: 'a tRPC mutation on a procedure made with .use',
        code: `import { initTRPC } from '@trpc/server';
import { execFileSync } from 'node:child_process';
const t = initTRPC.create();
const authed = t.procedure.use(isAuthed);
export const router = t.router({
  clone: authed.mutation(async ({ input }) => execFileSync('git', ['clone', input.url])),
});`,
        errors: [{ messageId: M, line: 6, column: 47 }],
      },
      {
        name: 'child_process required inside the handler under another name',
        code: `app.get('/disk', async (_req, res) => {
  const { execSync: sh } = require('node:child_process');
  res.type('text').send(sh('df -h'));
});`,
        errors: [{ messageId: M, line: 3, column: 25 }],
      },
    ],
    'bcrypt in a request handler, and a helper only handlers call': [
      {
        code: `import { readFileSync } from 'node:fs';
@Injectable()
export class NotificationService {
  private render(template: string, name: string) {
    return readFileSync(\`templates/\${template}.html\`, 'utf8').replace('{{name}}', name);
  }
  async sendWelcome(userId: string) {
    const user = await this.users.findById(userId);
    await this.ses.send(new SendEmailCommand({ Content: { Simple: { Body: { Html: { Data: this.render('welcome', user.name) } } } } }));
  }
}`,
        errors: [{ messageId: M, line: 5, column: 12 }],
      },
      {
        code: `import * as zlib from 'node:zlib';
const compress = process.env.COMPRESSION === 'br' ? zlib.brotliCompressSync : zlib.gzipSync;
export const compressJson = async (ctx: { body: unknown }) => {
  ctx.body = compress(JSON.stringify(ctx.body));
};`,
        errors: [{ messageId: M, line: 4, column: 14 }],
      },
      {
        code: `import bcrypt from 'bcryptjs';
app.post('/login', async (req, res) => {
  const user = await users.findByEmail(req.body.email);
  if (!user || !bcrypt.compareSync(req.body.password, user.passwordHash)) return res.status(401).end();
  res.json({ id: user.id });
});`,
        errors: [{ messageId: M, line: 4, column: 17 }],
      },
      {
        code: `import { readFileSync } from 'node:fs';
function renderInvite(team: string) {
  return readFileSync('templates/invite.html', 'utf8').replace('{{team}}', team);
}
app.post('/invites', async (req, res) => {
  res.send(renderInvite(req.body.team));
});`,
        errors: [{ messageId: M, line: 3, column: 10 }],
      },
    ],
    'reached through an object, and inside a Mongoose document hook': [
      {
        code: `import { readFileSync, writeFileSync } from 'node:fs';
const storage = { read: readFileSync, write: writeFileSync };
export const handleUpload = async (req: UploadRequest) => {
  const data = new Uint8Array(await req.arrayBuffer());
  storage.write(\`/srv/uploads/\${req.fileName}\`, data);
  return data.byteLength;
};`,
        errors: [{ messageId: M, line: 5, column: 3 }],
      },
      {
        code: `import mongoose, { Schema } from 'mongoose';
import { pbkdf2Sync, randomUUID } from 'crypto';
const AccountSchema = new Schema({ email: String, password: String, salt: String, hash: String });
AccountSchema.pre('save', function () {
  this.salt = randomUUID();
  this.hash = pbkdf2Sync(this.password, this.salt, 210_000, 64, 'sha512').toString('hex');
});
export const Account = mongoose.model('Account', AccountSchema);`,
        errors: [{ messageId: M, line: 6, column: 15 }],
      },
    ],
    'another name for the function, and requests that only look like routes': [
      {
        code: `import * as fs from 'node:fs';
const readFile = fs.readFileSync;
router.get('/i18n/:locale', async (ctx) => {
  ctx.body = JSON.parse(readFile(\`locales/\${ctx.params.locale}.json\`, 'utf8'));
});`,
        errors: [{ messageId: M, line: 4, column: 25 }],
      },
      {
        code: `import axios from 'axios';
import { unzipSync } from 'zlib';
export class PriceFeed {
  async refresh(vendor: string) {
    const prices = await axios
      .get(\`\${this.baseUrl}/\${vendor}/prices.json.gz\`, { responseType: 'arraybuffer' })
      .then((res) => JSON.parse(unzipSync(Buffer.from(res.data)).toString('utf8')));
    return prices;
  }
}`,
        errors: [{ messageId: M, line: 7, column: 33 }],
      },
    ],
    'express handler': [
      {
        code: `import { readFileSync } from 'fs';
app.get('/report', (req, res) => {
  res.send(readFileSync('./report.html', 'utf8'));
});`,
        errors: [{ messageId: M, line: 3, column: 12 }],
      },
      {
        code: `import * as fs from 'node:fs';
router.post('/upload/:id', requireAuth, (req, res) => {
  fs.writeFileSync(\`/tmp/\${req.params.id}\`, req.body);
  res.sendStatus(201);
});`,
        errors: [{ messageId: M, line: 3, column: 3 }],
      },
      {
        code: `const fs = require('fs');
app.use((req, res, next) => {
  const banner = fs.readFileSync('banner.txt', 'utf8');
  res.locals.banner = banner;
  next();
});`,
        errors: [{ messageId: M, line: 3, column: 18 }],
      },
      {
        code: `import { readFileSync } from 'fs';
app.route('/book').get((req, res) => {
  res.json(JSON.parse(readFileSync('book.json', 'utf8')));
});`,
        errors: [{ messageId: M, line: 3, column: 23 }],
      },
      {
        name: 'handler passed by reference',
        code: `import { readdirSync } from 'fs';
function listUploads(request: Request, response: Response) {
  response.json(readdirSync('/uploads'));
}
app.get('/uploads', listUploads);`,
        errors: [{ messageId: M, line: 3, column: 17 }],
      },
      {
        name: 'handler wrapped in a helper',
        code: `import { readFileSync } from 'fs';
router.get('/terms', withCache((q, s) => {
  s.send(readFileSync('terms.html', 'utf8'));
}));`,
        errors: [{ messageId: M, line: 3, column: 10 }],
      },
      {
        name: 'Next.js-style API route',
        code: `import { readFileSync } from 'fs';
export default function handler(req: NextApiRequest, res: NextApiResponse) {
  res.status(200).json(JSON.parse(readFileSync('data/products.json', 'utf8')));
}`,
        errors: [{ messageId: M, line: 3, column: 35 }],
      },
    ],
    'other HTTP frameworks': [
      {
        name: 'fastify route',
        code: `import { statSync } from 'node:fs';
fastify.get('/files/:name', async (request, reply) => {
  const info = statSync(\`/data/\${request.params.name}\`);
  return { size: info.size };
});`,
        errors: [{ messageId: M, line: 3, column: 16 }],
      },
      {
        name: 'fastify route options',
        code: `import { readFileSync } from 'fs';
fastify.route({ method: 'GET', url: '/logo', handler(request, reply) {
  reply.type('image/png').send(readFileSync('logo.png'));
} });`,
        errors: [{ messageId: M, line: 3, column: 32 }],
      },
      {
        name: 'Koa middleware',
        code: `import { readFileSync } from 'fs';
app.use(async (ctx, next) => {
  ctx.state.flags = JSON.parse(readFileSync('flags.json', 'utf8'));
  await next();
});`,
        errors: [{ messageId: M, line: 3, column: 32 }],
      },
      {
        name: 'http.createServer',
        code: `import http from 'node:http';
import { readFileSync } from 'node:fs';
http.createServer((req, res) => {
  res.end(readFileSync('index.html'));
}).listen(8080);`,
        errors: [{ messageId: M, line: 4, column: 11 }],
      },
      {
        name: 'NestJS @Get() method',
        code: `import { readFileSync } from 'fs';
@Controller('docs')
export class DocsController {
  @Get(':name')
  read(@Param('name') name: string) {
    return readFileSync(\`docs/\${name}.md\`, 'utf8');
  }
}`,
        errors: [{ messageId: M, line: 6, column: 12 }],
      },
      {
        name: 'GraphQL resolver',
        code: `import { readFileSync } from 'fs';
export const resolvers = {
  Query: {
    license: () => readFileSync('LICENSE', 'utf8'),
  },
};`,
        errors: [{ messageId: M, line: 4, column: 20 }],
      },
    ],
    'async service method': [
      {
        code: `import { writeFileSync } from 'fs';
export class UserService {
  async exportUsers(path: string) {
    const users = await this.repo.findAll();
    writeFileSync(path, JSON.stringify(users));
  }
}`,
        errors: [{ messageId: M, line: 5, column: 5 }],
      },
      {
        code: `import { readFileSync } from 'fs';
export async function handleUpload(file: { path: string }) {
  const bytes = readFileSync(file.path);
  await storage.put(file.path, bytes);
}`,
        errors: [{ messageId: M, line: 3, column: 17 }],
      },
      {
        code: `import { copyFileSync } from 'fs';
export const archive = async (path: string) => {
  copyFileSync(path, \`/archive/\${Date.now()}\`);
  await db.audit.insert({ path });
};`,
        errors: [{ messageId: M, line: 3, column: 3 }],
      },
      {
        name: 'async method of an object literal',
        code: `import * as fs from 'fs';
export const storage = {
  async save(name: string, data: Buffer) {
    fs.writeFileSync(\`/data/\${name}\`, data);
  },
};`,
        errors: [{ messageId: M, line: 4, column: 5 }],
      },
      {
        name: 'sync .map callback inside an async function',
        code: `import { readFileSync } from 'fs';
export async function bundle(paths: string[]) {
  const sources = paths.map((p) => readFileSync(p, 'utf8'));
  return minify(sources.join('\\n'));
}`,
        errors: [{ messageId: M, line: 3, column: 36 }],
      },
      {
        name: 'local helper inside an async function',
        code: `import { readFileSync } from 'fs';
export async function render(view: string) {
  function partial(name: string) { return readFileSync(\`views/\${name}.html\`, 'utf8'); }
  return partial(view);
}`,
        errors: [{ messageId: M, line: 3, column: 43 }],
      },
      {
        name: 'several calls in one function',
        code: `import { mkdirSync, writeFileSync } from 'fs';
export async function saveReport(id: string, body: string) {
  mkdirSync(\`/reports/\${id}\`, { recursive: true });
  writeFileSync(\`/reports/\${id}/index.html\`, body);
}`,
        errors: [{ messageId: M, line: 3, column: 3 }, { messageId: M, line: 4, column: 3 }],
      },
    ],
    'aliased import': [
      {
        code: `import { readFileSync as readConfig } from 'fs';
export async function reload() {
  return JSON.parse(readConfig('./settings.json', 'utf8'));
}`,
        errors: [{ messageId: M, line: 3, column: 21 }],
      },
      {
        code: `const { execSync: run } = require('child_process');
export async function deploy(tag: string) {
  run(\`docker push registry/app:\${tag}\`);
}`,
        errors: [{ messageId: M, line: 3, column: 3 }],
      },
    ],
    'namespace import': [
      {
        code: `import * as fs from 'fs';
export async function remove(path: string) {
  fs.rmSync(path, { recursive: true, force: true });
}`,
        errors: [{ messageId: M, line: 3, column: 3 }],
      },
      {
        code: `import * as zlib from 'node:zlib';
export async function unpack(body: Buffer) {
  return zlib.inflateSync(body).toString();
}`,
        errors: [{ messageId: M, line: 3, column: 10 }],
      },
      {
        name: 'import = require',
        code: `import fs = require('fs');
export async function touch(path: string) {
  fs.utimesSync(path, new Date(), new Date());
}`,
        errors: [{ messageId: M, line: 3, column: 3 }],
      },
      {
        name: 'destructured from the namespace',
        code: `import * as fs from 'fs';
const { readdirSync } = fs;
export async function plugins() {
  return readdirSync('./plugins');
}`,
        errors: [{ messageId: M, line: 4, column: 10 }],
      },
    ],
    'default import': [
      {
        code: `import fs from 'fs';
export async function size(path: string) {
  return fs.lstatSync(path).size;
}`,
        errors: [{ messageId: M, line: 3, column: 10 }],
      },
      {
        code: `import crypto from 'node:crypto';
export async function deriveKey(secret: string, salt: string) {
  return crypto.scryptSync(secret, salt, 32);
}`,
        errors: [{ messageId: M, line: 3, column: 10 }],
      },
      {
        name: 'fs-extra default import',
        code: `import fse from 'fs-extra';
export async function readManifest(dir: string) {
  return fse.readJsonSync(\`\${dir}/manifest.json\`);
}`,
        errors: [{ messageId: M, line: 3, column: 10 }],
      },
    ],
    'require destructuring': [
      {
        code: `const { readFileSync } = require('node:fs');
export async function readLog(name: string) {
  return readFileSync(\`/var/log/\${name}\`, 'utf8');
}`,
        errors: [{ messageId: M, line: 3, column: 10 }],
      },
      {
        name: 'require inline',
        code: `export async function readLog(name: string) {
  return require('fs').readFileSync(\`/var/log/\${name}\`, 'utf8');
}`,
        errors: [{ messageId: M, line: 2, column: 10 }],
      },
      {
        name: 'require inside the function',
        code: `export async function version() {
  const cp = require('child_process');
  return cp.execSync('git describe --tags').toString();
}`,
        errors: [{ messageId: M, line: 3, column: 10 }],
      },
    ],
    'node: prefix': [
      {
        code: `import { readdirSync } from 'node:fs';
export async function listBackups() {
  return readdirSync('/backups').filter((f) => f.endsWith('.tar'));
}`,
        errors: [{ messageId: M, line: 3, column: 10 }],
      },
      {
        code: `import { spawnSync } from 'node:child_process';
export async function thumbnail(path: string) {
  return spawnSync('convert', [path, '-resize', '200x200', 'thumb.png']);
}`,
        errors: [{ messageId: M, line: 3, column: 10 }],
      },
    ],
    crypto: [
      {
        code: `import { pbkdf2Sync } from 'crypto';
app.post('/login', (req, res) => {
  const hash = pbkdf2Sync(req.body.password, user.salt, 600_000, 64, 'sha512');
  res.json({ ok: hash.equals(user.hash) });
});`,
        errors: [{ messageId: M, line: 3, column: 16 }],
      },
      {
        code: `import { randomFillSync } from 'node:crypto';
export async function nonce() {
  return randomFillSync(Buffer.alloc(1024 * 1024));
}`,
        errors: [{ messageId: M, line: 3, column: 10 }],
      },
      {
        code: `import { generateKeyPairSync } from 'crypto';
export async function createTenant(name: string) {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 4096 });
  await db.tenants.insert({ name, publicKey, privateKey });
}`,
        errors: [{ messageId: M, line: 3, column: 37 }],
      },
      {
        code: `import * as crypto from 'crypto';
export async function expand(key: Buffer) {
  return crypto.hkdfSync('sha256', key, 'salt', 'info', 64);
}`,
        errors: [{ messageId: M, line: 3, column: 10 }],
      },
    ],
    zlib: [
      {
        name: 'a constant with a value spliced in is not a snippet of the source',
        code: `import { gzipSync } from 'node:zlib';
export async function sitemapFor(user: { handle: string }) {
  const page = \`<urlset><url><loc>https://example.com/profile/\${user.handle}</loc></url></urlset>\`;
  return gzipSync(Buffer.from(page));
}`,
        errors: [{ messageId: M, line: 4, column: 10 }],
      },
      {
        code: `import { gzipSync } from 'zlib';
app.get('/export', (req, res) => {
  res.set('Content-Encoding', 'gzip').send(gzipSync(JSON.stringify(bigReport)));
});`,
        errors: [{ messageId: M, line: 3, column: 44 }],
      },
      {
        code: `import { gunzipSync } from 'zlib';
export async function readArchive(key: string) {
  return gunzipSync(await s3.get(key)).toString('utf8');
}`,
        errors: [{ messageId: M, line: 3, column: 10 }],
      },
      {
        code: `import { brotliCompressSync } from 'zlib';
export async function precompress(html: string) {
  await cache.set('page', brotliCompressSync(html));
}`,
        errors: [{ messageId: M, line: 3, column: 27 }],
      },
      {
        code: `import { deflateSync } from 'zlib';
export class Packer {
  async pack(data: Buffer) { return deflateSync(data); }
}`,
        errors: [{ messageId: M, line: 3, column: 37 }],
      },
    ],
    child_process: [
      {
        code: `import { execSync } from 'child_process';
app.post('/deploy', (req, res) => {
  const out = execSync(\`./deploy.sh \${req.body.env}\`).toString();
  res.send(out);
});`,
        errors: [{ messageId: M, line: 3, column: 15 }],
      },
      {
        code: `import { execFileSync } from 'child_process';
export async function pdfToText(path: string) {
  return execFileSync('pdftotext', [path, '-']).toString();
}`,
        errors: [{ messageId: M, line: 3, column: 10 }],
      },
    ],
    'timer callback': [
      {
        code: `import { writeFileSync } from 'fs';
setInterval(() => {
  writeFileSync('stats.json', JSON.stringify(collectStats()));
}, 60_000);`,
        errors: [{ messageId: M, line: 3, column: 3 }],
      },
      {
        code: `import { unlinkSync } from 'fs';
export function scheduleCleanup(path: string) {
  setTimeout(() => unlinkSync(path), 3_600_000);
}`,
        errors: [{ messageId: M, line: 3, column: 20 }],
      },
      {
        name: 'timer callback passed by reference',
        code: `import { appendFileSync } from 'fs';
function flushMetrics() {
  appendFileSync('metrics.log', metrics.drain().join('\\n'));
}
setInterval(flushMetrics, 10_000);`,
        errors: [{ messageId: M, line: 3, column: 3 }],
      },
      {
        code: `import { renameSync } from 'fs';
setImmediate(() => renameSync('upload.tmp', 'upload.bin'));`,
        errors: [{ messageId: M, line: 2, column: 20 }],
      },
      {
        name: '@Cron() job',
        code: `import { readdirSync, rmSync } from 'fs';
export class CleanupJob {
  @Cron('0 * * * *')
  purge() {
    for (const f of readdirSync('/tmp/uploads')) rmSync(\`/tmp/uploads/\${f}\`);
  }
}`,
        errors: [{ messageId: M, line: 5, column: 21 }, { messageId: M, line: 5, column: 50 }],
      },
    ],
    'message handler': [
      {
        code: `import { appendFileSync } from 'fs';
wss.on('connection', (ws) => {
  ws.on('message', (data) => {
    appendFileSync('chat.log', data.toString());
  });
});`,
        errors: [{ messageId: M, line: 4, column: 5 }],
      },
      {
        code: `import { execSync } from 'child_process';
process.on('message', (task: { cmd: string }) => {
  process.send!(execSync(task.cmd).toString());
});`,
        errors: [{ messageId: M, line: 3, column: 17 }],
      },
      {
        code: `import { readFileSync } from 'fs';
socket.on('data', (chunk) => {
  const dictionary = readFileSync('dictionary.txt', 'utf8');
  socket.write(translate(chunk.toString(), dictionary));
});`,
        errors: [{ messageId: M, line: 3, column: 22 }],
      },
      {
        name: 'custom emitter event',
        code: `import { writeFileSync } from 'fs';
orders.on('created', (order: Order) => {
  writeFileSync(\`invoices/\${order.id}.json\`, JSON.stringify(order));
});`,
        errors: [{ messageId: M, line: 3, column: 3 }],
      },
      {
        name: 'main thread listening to a worker',
        code: `import { Worker } from 'node:worker_threads';
import { writeFileSync } from 'node:fs';
const worker = new Worker('./resize.js');
worker.on('message', (result: { name: string; data: Uint8Array }) => {
  writeFileSync(\`out/\${result.name}\`, result.data);
});`,
        errors: [{ messageId: M, line: 5, column: 3 }],
      },
      {
        name: 'onmessage assignment',
        code: `import { appendFileSync } from 'fs';
ws.onmessage = (event) => {
  appendFileSync('events.log', String(event.data));
};`,
        errors: [{ messageId: M, line: 3, column: 3 }],
      },
      {
        name: 'NestJS @MessagePattern()',
        code: `import { readFileSync } from 'fs';
export class ReportsController {
  @MessagePattern('report.get')
  getReport(id: string) { return readFileSync(\`reports/\${id}.json\`, 'utf8'); }
}`,
        errors: [{ messageId: M, line: 4, column: 34 }],
      },
    ],
    'stream and promise callbacks': [
      {
        name: 'Transform option',
        code: `import { Transform } from 'stream';
import { gzipSync } from 'zlib';
export const compressor = new Transform({
  transform(chunk, encoding, callback) {
    callback(null, gzipSync(chunk));
  },
});`,
        errors: [{ messageId: M, line: 5, column: 20 }],
      },
      {
        name: 'Writable subclass',
        code: `import { Writable } from 'stream';
import { appendFileSync } from 'fs';
export class FileSink extends Writable {
  _write(chunk: Buffer, encoding: string, callback: () => void) {
    appendFileSync('sink.log', chunk);
    callback();
  }
}`,
        errors: [{ messageId: M, line: 5, column: 5 }],
      },
      {
        name: 'then callback in a sync helper',
        code: `import { writeFileSync } from 'fs';
export function refreshRates() {
  return fetchRates().then((rates) => writeFileSync('rates.json', JSON.stringify(rates)));
}`,
        errors: [{ messageId: M, line: 3, column: 39 }],
      },
    ],
    'not one-time, not set-up': [
      {
        name: 'a tick that must not overlap itself: its flag is cleared again',
        code: `import { gzipSync } from 'zlib';
export class OutboxRelay {
  private running = false;
  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const rows = await this.db.selectFrom('outbox').selectAll().limit(5_000).execute();
      await this.s3.put('outbox.json.gz', gzipSync(JSON.stringify(rows)));
    } finally {
      this.running = false;
    }
  }
}`,
        errors: [{ messageId: M, line: 9, column: 43 }],
      },
      {
        name: 'a guard that does not cache',
        code: `import { readFileSync } from 'fs';
export async function banner(custom?: string) {
  if (!custom) return readFileSync('banner.txt', 'utf8');
  return custom;
}`,
        errors: [{ messageId: M, line: 3, column: 23 }],
      },
      {
        name: 'a cache assigned on every call',
        code: `import { readFileSync } from 'fs';
let latest: string;
app.get('/latest', (req, res) => {
  latest = readFileSync('latest.json', 'utf8');
  res.send(latest);
});`,
        errors: [{ messageId: M, line: 4, column: 12 }],
      },
      {
        name: 'a handler inside a set-up function',
        code: `import { readFileSync } from 'fs';
export async function mountDocs(router: Router) {
  router.get('/docs/:page', (req, res) => res.send(readFileSync(\`docs/\${req.params.page}.html\`, 'utf8')));
}`,
        errors: [{ messageId: M, line: 3, column: 52 }],
      },
      {
        name: 'a handler in loaders/',
        filename: 'src/loaders/express.ts',
        code: `import { readFileSync } from 'fs';
export default async function expressLoader(app: Application) {
  app.get('/status', (req, res) => res.json(JSON.parse(readFileSync('status.json', 'utf8'))));
}`,
        errors: [{ messageId: M, line: 3, column: 56 }],
      },
      {
        name: 'a feature folder named create-*',
        filename: 'src/features/create-user/handler.ts',
        code: `import { writeFileSync } from 'fs';
export async function createUser(input: { id: string }) {
  writeFileSync(\`users/\${input.id}.json\`, JSON.stringify(input));
}`,
        errors: [{ messageId: M, line: 3, column: 3 }],
      },
      {
        name: 'a bot command runs per message',
        filename: 'src/commands/quote.ts',
        code: `import { readFileSync } from 'fs';
export async function execute(interaction: Interaction) {
  const quotes = readFileSync('quotes.txt', 'utf8').split('\\n');
  await interaction.reply(quotes[Math.floor(Math.random() * quotes.length)]);
}`,
        errors: [{ messageId: M, line: 3, column: 18 }],
      },
      {
        name: 'CommonJS exports of an async handler',
        code: `const fs = require('fs');
exports.postIngest = async (req, res) => {
  for (const name of fs.readdirSync('uploads')) await ingest(name);
  res.sendStatus(204);
};`,
        errors: [{ messageId: M, line: 3, column: 22 }],
      },
    ],
    'job schedulers in a serving process': [
      {
        name: 'a node-cron task',
        code: `import cron from 'node-cron';
import { execFileSync } from 'child_process';
cron.schedule('15 3 * * *', async () => {
  const out = execFileSync('certbot', ['renew', '--quiet']).toString();
  await notify(out);
});
app.listen(8080);`,
        errors: [{ messageId: M, line: 4, column: 15 }],
      },
      {
        name: "cron's CronJob",
        code: `import { CronJob } from 'cron';
import { writeFileSync } from 'fs';
new CronJob('*/5 * * * *', () => {
  writeFileSync('heartbeat.json', JSON.stringify({ at: Date.now() }));
}).start();`,
        errors: [{ messageId: M, line: 4, column: 3 }],
      },
      {
        name: 'an Agenda job',
        code: `import Agenda from 'agenda';
import { gzipSync } from 'zlib';
const agenda = new Agenda({ db: { address: process.env.MONGO_URL! } });
agenda.define('archive audit log', async () => {
  await bucket.put('audit.gz', gzipSync(await auditLog.dump()));
});`,
        errors: [{ messageId: M, line: 5, column: 32 }],
      },
    ],
    'queue consumers': [      {
        name: 'a NATS subscription callback in an options object',
        code: `import { appendFileSync } from 'fs';
nc.subscribe('orders.created', { callback: (_err, msg) => appendFileSync('orders.ndjson', msg.string() + '\\n') });`,
        errors: [{ messageId: M, line: 2, column: 59 }],
      },
      {
        name: 'an inline BullMQ processor',
        code: `import { Worker } from 'bullmq';
import { readFileSync } from 'fs';
export const mailer = new Worker('emails', async (job) => {
  const template = readFileSync(\`templates/\${job.data.template}.mjml\`, 'utf8');
  await send(job.data.to, render(template, job.data));
}, { connection });`,
        errors: [{ messageId: M, line: 4, column: 20 }],
      },
      {
        name: 'a kafkajs eachMessage handler passed by name',
        code: `import { inflateSync } from 'zlib';
function ingest({ message }: EachMessagePayload) {
  return store.insert(JSON.parse(inflateSync(message.value!).toString()));
}
export async function startIngest() {
  await consumer.run({ eachMessage: ingest });
}`,
        errors: [{ messageId: M, line: 3, column: 34 }],
      },
      {
        name: 'a sync sqs-consumer handler passed by name',
        code: `import { Consumer } from 'sqs-consumer';
import { appendFileSync } from 'fs';
function handleMessage(message: { Body?: string }) {
  appendFileSync('events.ndjson', (message.Body ?? '') + '\\n');
}
Consumer.create({ queueUrl: process.env.EVENTS_QUEUE!, handleMessage }).start();`,
        errors: [{ messageId: M, line: 4, column: 3 }],
      },
    ],
    'RPC procedures and resolvers': [

      {
        name: 'a tRPC query',
        code: `import { readdirSync } from 'fs';
export const mediaRouter = router({
  albums: publicProcedure.query(() => readdirSync('/srv/media').filter((d) => !d.startsWith('.'))),
});`,
        errors: [{ messageId: M, line: 3, column: 39 }],
      },
      {
        name: 'a GraphQL field resolver in a field config',
        code: `import { readFileSync } from 'fs';
export const Query = new GraphQLObjectType({
  name: 'Query',
  fields: {
    licence: { type: GraphQLString, args: { id: { type: GraphQLID } }, resolve: (_src, { id }) => readFileSync(\`licences/\${id}.txt\`, 'utf8') },
  },
});`,
        errors: [{ messageId: M, line: 5, column: 99 }],
      },
      {
        name: 'a gRPC method',
        code: `import { scryptSync } from 'crypto';
server.addService(auth.Auth.service, {
  verify(call, callback) {
    callback(null, { ok: scryptSync(call.request.password, call.request.salt, 64).equals(call.request.hash) });
  },
});`,
        errors: [{ messageId: M, line: 4, column: 26 }],
      },
    ],
    'handlers known by their type, export or parameters': [
      {
        name: 'a sync Next.js app-router GET',
        filename: 'app/api/fonts/[name]/route.ts',
        code: `import { readFileSync } from 'node:fs';
export function GET(_request: Request, { params }: { params: { name: string } }) {
  return new Response(readFileSync(\`public/fonts/\${params.name}.woff2\`), { headers: { 'Content-Type': 'font/woff2' } });
}`,
        errors: [{ messageId: M, line: 3, column: 23 }],
      },
      {
        name: 'a typed express RequestHandler',
        code: `import type { RequestHandler } from 'express';
import { execFileSync } from 'child_process';
export const diskUsage: RequestHandler = (_req, res) => {
  res.send(execFileSync('df', ['-h', '/data']).toString());
};`,
        errors: [{ messageId: M, line: 4, column: 12 }],
      },
      {
        name: 'a router.param callback',
        code: `import { statSync } from 'fs';
router.param('file', (req, res, next, name) => {
  req.fileSize = statSync(\`/srv/files/\${name}\`).size;
  next();
});`,
        errors: [{ messageId: M, line: 3, column: 18 }],
      },
    ],
    'script-looking file that runs a server': [
      {
        name: 'process.argv for the port, handlers are hot',
        code: `import { readFileSync } from 'fs';
const port = Number(process.argv[2] ?? 3000);
app.get('/', (req, res) => res.send(readFileSync('index.html', 'utf8')));
app.listen(port);`,
        errors: [{ messageId: M, line: 3, column: 37 }],
      },
    ],
    'with a type checker': [
      {
        name: 'the fs module injected as a typed dependency',
        types: true,
        code: `declare module 'node:fs' { export function readFileSync(path: string, encoding: 'utf8'): string; }
interface Storage { disk: typeof import('node:fs') }
class InvoiceRenderer {
  constructor(private readonly storage: Storage) {}
  async render(id: string) {
    return this.storage.disk.readFileSync(\`/invoices/\${id}.html\`, 'utf8');
  }
}`,
        errors: [{ messageId: M, line: 6, column: 12 }],
      },
      {
        name: "a field typed as zlib's function",
        types: true,
        code: `declare module 'node:zlib' { export function brotliCompressSync(data: string): Uint8Array; }
type Packer = { pack: typeof import('node:zlib').brotliCompressSync };
declare const packer: Packer;
async function archive(rows: string[]) {
  return packer.pack(rows.join('\\n'));
}`,
        errors: [{ messageId: M, line: 5, column: 10 }],
      },
      {
        name: 'a Pick of the fs module',
        types: true,
        code: `declare module 'fs' { export function appendFileSync(path: string, data: string): void; }
function auditTo(log: Pick<typeof import('fs'), 'appendFileSync'>) {
  return async (req: { url: string }, res: { end(): void }) => {
    log.appendFileSync('audit.log', req.url + '\\n');
    res.end();
  };
}`,
        errors: [{ messageId: M, line: 4, column: 5 }],
      },
      {
        types: true,
        code: `import { readFileSync } from 'node:fs';
export async function handle(path: string): Promise<string> {
  return readFileSync(path, 'utf8');
}`,
        errors: [{ messageId: M, line: 3, column: 10 }],
      },
    ],
  },
});

describe('blocking-sync-call docs page', () => {
  // Every example marked ❌ must be reported once and every example marked ✅ must not: the page cannot drift from the rule.
  const { page, examples } = readDocsPage(blockingSyncCall);

  it('has bad and good examples', () => {
    assertBadAndGoodExamples(examples);
  });
  itRunsEachExample(blockingSyncCall, examples);
  it('documents the setting, the message and when not to use it', () => {
    assert.ok(page.includes('workloadShape.rules.blocking-sync-call.severity'));
    for (const id of Object.keys(blockingSyncCall.meta.messages)) assert.ok(page.includes(`\`${id}\``), id);
    assert.ok(page.includes('## When not to use it'));
  });
});

describe('blocking-sync-call message data', () => {
  it('names the callee as written, the place and the replacement a fix needs', () => {
    const code = `import { readFileSync as readConfig } from 'node:fs';
export async function reload() { return readConfig('a.json', 'utf8'); }`;
    const { findings } = runRule(blockingSyncCall, { code });
    assert.equal(findings.length, 1);
    const f = findings[0]!;
    assert.equal(code.slice(f.range.start, f.range.end), "readConfig('a.json', 'utf8')");
    assert.deepEqual(f.data, {
      callee: 'readConfig (readFileSync)',
      where: 'async function reload',
      replacement: "readFile from 'node:fs/promises'",
      module: 'node:fs',
      syncName: 'readFileSync',
      family: 'fs',
      replacementModule: 'node:fs/promises',
      replacementName: 'readFile',
      replacementKind: 'promise',
      context: 'async-function',
    });
  });
  it('joins a callee split over lines', () => {
    const code = `import fs from 'fs';
export async function load() {
  return fs
    .readFileSync('x');
}`;
    const { findings } = runRule(blockingSyncCall, { code });
    assert.equal(findings[0]?.data.callee, 'fs.readFileSync');
  });
});

describe('blocking-sync-call: when the type checker is asked', () => {
  // Asking builds the program: only calls that may hold a sync API binding could not see are asked about.
  const ask = (code: string): boolean[] => {
    const sourceFile = parseSource('case.ts', code);
    const calls: ts.CallExpression[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) calls.push(node);
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    return calls.map((call) => mayResolveByType(call, sourceFile));
  };
  it('a call named like a sync function, whatever holds it', () => {
    assert.deepEqual(ask(`export async function f(deps: Deps) { return deps.files.readFileSync('a'); }`), [true]);
  });
  it('any call in a file that writes a type query for a module or sync function of the table', () => {
    assert.deepEqual(ask(`import { gzipSync } from 'node:zlib';
interface Codec { compress: typeof gzipSync }
export async function f(codec: Codec) { return codec.compress('a'); }`), [true]);
    assert.deepEqual(ask(`import * as fs from 'fs';
type Disk = Pick<typeof fs, 'appendFileSync'>;
export async function f(disk: Disk) { return disk.write('a'); }`), [true]);
    assert.deepEqual(ask(`type Z = typeof import('zlib');
export async function f(z: Z) { return z.pack('a'); }`), [true]);
  });
  it('not otherwise: importing the module, or typeof on something else, is not enough', () => {
    assert.deepEqual(ask(`import * as fs from 'fs';
import { gzip } from 'zlib';
export async function f(codec: Codec) { if (typeof codec === 'object') return codec.compress('a'); }`), [false]);
  });
});

describe('blocking-sync-call API table', () => {
  it('lists what Node\'s guide lists, with its async replacement', () => {
    const expected: Array<[string, string, string, string]> = [
      ['fs', 'readFileSync', 'node:fs/promises', 'readFile'],
      ['node:fs', 'writeFileSync', 'node:fs/promises', 'writeFile'],
      ['fs', 'statSync', 'node:fs/promises', 'stat'],
      ['fs', 'readdirSync', 'node:fs/promises', 'readdir'],
      ['crypto', 'pbkdf2Sync', 'node:crypto', 'pbkdf2'],
      ['node:crypto', 'scryptSync', 'node:crypto', 'scrypt'],
      ['crypto', 'randomFillSync', 'node:crypto', 'randomFill'],
      ['crypto', 'generateKeyPairSync', 'node:crypto', 'generateKeyPair'],
      ['zlib', 'gzipSync', 'node:zlib', 'gzip'],
      ['zlib', 'gunzipSync', 'node:zlib', 'gunzip'],
      ['node:zlib', 'deflateSync', 'node:zlib', 'deflate'],
      ['zlib', 'inflateSync', 'node:zlib', 'inflate'],
      ['zlib', 'brotliCompressSync', 'node:zlib', 'brotliCompress'],
      ['child_process', 'execSync', 'node:child_process', 'exec'],
      ['node:child_process', 'execFileSync', 'node:child_process', 'execFile'],
      ['child_process', 'spawnSync', 'node:child_process', 'spawn'],
    ];
    for (const [module, name, replacementModule, replacementName] of expected) {
      const api = syncApiFor(module, name);
      assert.ok(api, `${module} ${name}`);
      assert.equal(api.replacement.module, replacementModule, name);
      assert.equal(api.replacement.exportName, replacementName, name);
      assert.equal(api.reported, true, name);
    }
  });
  it('promisify only for callback APIs, and existsSync listed but not reported', () => {
    assert.equal(syncApiFor('crypto', 'pbkdf2Sync')?.replacement.kind, 'promisify');
    assert.equal(syncApiFor('fs', 'readFileSync')?.replacement.kind, 'promise');
    assert.equal(syncApiFor('fs', 'readSync')?.replacement.kind, 'file-handle');
    assert.equal(syncApiFor('child_process', 'spawnSync')?.replacement.kind, 'different-shape');
    assert.equal(syncApiFor('fs', 'existsSync')?.reported, false);
    assert.equal(syncApiFor('./fs', 'readFileSync'), undefined);
    assert.equal(syncApiFor('fs', 'readFile'), undefined);
  });
  it('has no duplicate (module, name) pairs and every name ends in Sync', () => {
    const seen = new Set<string>();
    for (const api of SYNC_APIS) {
      assert.match(api.name, /Sync$/);
      for (const module of api.modules) {
        const key = `${module} ${api.name}`;
        assert.ok(!seen.has(key), key);
        seen.add(key);
      }
    }
  });
});
