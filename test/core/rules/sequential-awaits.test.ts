import * as assert from 'node:assert/strict';
import { sequentialAwaits } from '../../../src/core/rules/sequential-awaits/sequential-awaits';
import { assertBadAndGoodExamples, itRunsEachExample, readDocsPage } from '../../support/rule-docs';
import { describeRule, runRule, type ExpectedFinding } from '../../support/rule-tester';

/** A finding starting at the first await statement of a group; `related` is the number of awaits in it. */
const at = (line: number, column: number, related?: number): ExpectedFinding =>
  related === undefined ? { messageId: 'sequential', line, column } : { messageId: 'sequential', line, column, related };

/** A helper of the file that already reads what the next await reads (GrowthBook's Slack messages); its guard differs in one line. */
const SAME_READ_TWICE = `import { getEvent } from '../models/EventModel';
export const describeActor = async (eventId: string) => {
  const event = await getEvent(eventId);
  if (!event || !event.data?.user) return 'an unknown user';
  const { user } = event.data;
  if (user.type === 'system') return 'an automated process';
  return user.name ?? user.email ?? 'unknown';
};
const buildFeatureUpdatedMessage = async (featureId: string, eventId: string): Promise<SlackMessage> => {
  const actor = await describeActor(eventId);
  const event = await getEvent(eventId);
  let changeBlocks: Block[] = [];
  if (event?.data?.changes) changeBlocks = formatChanges(event.data.changes);
  return { text: \`\${actor} updated \${featureId}\`, blocks: changeBlocks };
};
export { buildFeatureUpdatedMessage };`;

describeRule(sequentialAwaits, {
  valid: {
    'a file handle opened beside a query': [
      `import { open } from 'node:fs/promises';
export async function exportCsv(db: Knex, path: string) {
  const rows = await db('orders').select('id', 'total');
  const fh = await open(path, 'w');
  try {
    for (const r of rows) await fh.write(\`\${r.id},\${r.total}\\n\`);
  } finally {
    await fh.close();
  }
}`,
    ],
    'a formatter that is not Intl, and a probe whose answer decides the next call': [
      `const fmt = makeFormatter();
export async function receipt(orderId: string, locale: string) {
  const order = await orders.get(orderId);
  const total = fmt.format(order.totalCents);
  const footer = await cms.getFooter(locale);
  return { order, total, footer };
}`,
    ],
    'data dependency': [
      `app.get('/users/:id', async (req, res) => {
  const user = await db.users.findById(req.params.id);
  const orders = await db.orders.findMany({ where: { userId: user.id } });
  res.json({ user, orders });
});`,
      `async function loadRepo(name: string) {
  const response = await fetch(\`https://api.github.com/repos/\${name}\`);
  const body = await response.json();
  return body;
}`,
      `async function me(auth: AuthClient, api: ApiClient) {
  const { token } = await auth.getToken();
  const profile = await api.get('/me', { headers: { Authorization: \`Bearer \${token}\` } });
  return profile;
}`,
      `async function crawl(start: string) {
  let page = await fetchPage(start);
  page = await fetchPage(page.next);
  return page;
}`,
      `async function importRows(file: string) {
  let count = 0;
  await readRows(file, (row: Row) => { count += row.size; });
  const summary = await summarizeImport(file, count);
  return summary;
}`,
      `async function loadMembers(table: string) {
  const ids: string[] = [];
  await scanTable(table, (row: Row) => ids.push(row.id));
  const users = await loadUsers(ids);
  return users;
}`,
      `async function teamOf(id: string) {
  const user = await getUser(id);
  const teamId = user.teamId;
  const team = await getTeam(teamId);
  return team;
}`,
    ],
    shadowing: [
      `async function getThread(id: string) {
  const post = await getPost(id);
  const replies = await getReplies(post.replyIds.filter((id: string) => id !== post.id));
  return { post, replies };
}`,
      `async function load(id: string) {
  let user = null;
  if (id) {
    const user = { id };
    track(user);
  }
  user = await getUser(id);
  const profile = await getProfile(user);
  return profile;
}`,
    ],
    'two writes to two services, and a write and a read of one service': [
      `export async function checkout(order: Order) {
  await fetch(\`\${PAYMENTS_URL}/charges\`, { method: 'POST', body: JSON.stringify({ amount: order.total }) });
  await fetch(\`\${MAILER_URL}/receipts\`, { method: 'POST', body: JSON.stringify({ to: order.email }) });
}`,
      `export async function track(sku: string) {
  await fetch(\`\${CATALOG_URL}/views\`, { method: 'POST', body: JSON.stringify({ sku }) });
  const product = await fetch(\`\${CATALOG_URL}/products/\${sku}\`).then((r) => r.json());
  return product;
}`,
    ],
    'a cached copy dropped around a stored write': [
      `export async function rename(userId: string, name: string) {
  await redis.del(\`profile:\${userId}\`);
  await prisma.user.update({ where: { id: userId }, data: { name } });
}`,
      `export async function publishPost(post: Post) {
  await db.query('UPDATE posts SET published = true WHERE id = $1', [post.id]);
  await cache.del(\`post:\${post.id}\`);
}`,
    ],
    'write then read same resource': [
      `import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
export async function scaffold(dir: string, manifest: object) {
  await mkdir(path.join(dir, 'src'), { recursive: true });
  await writeFile(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
}`,
      `import fse from 'fs-extra';
export async function writeBuildInfo(outDir: string, info: object) {
  await fse.ensureDir(\`\${outDir}/meta\`);
  await fse.writeJson(\`\${outDir}/build-info.json\`, info);
}`,
      `import { mkdir, writeFile } from 'node:fs/promises';
async function writeReport(report: string) {
  await mkdir('dist/reports', { recursive: true });
  await writeFile('dist/reports/summary.txt', report);
}`,
      `import * as fs from 'node:fs/promises';
async function roundTrip(file: string, data: string) {
  await fs.writeFile(file, data);
  const check = await fs.readFile(file, 'utf8');
  return check === data;
}`,
      `async function createAndList(api: string, item: Item) {
  await fetch(\`\${api}/items\`, { method: 'POST', body: JSON.stringify(item) });
  const items = await fetch(\`\${api}/items\`).then((r) => r.json());
  return items;
}`,
      `async function addTag(pool: Pool, name: string) {
  await pool.query('INSERT INTO tags (name) VALUES ($1)', [name]);
  const { rows } = await pool.query('SELECT count(*) FROM tags');
  return rows[0];
}`,
      `async function warm(redis: Redis, user: User) {
  await redis.set(\`user:\${user.id}\`, JSON.stringify(user));
  const cached = await redis.get(\`user:\${user.id}\`);
  return cached;
}`,
      `import fs from 'node:fs/promises';
async function clean() {
  await fs.rm('dist', { recursive: true, force: true });
  await fs.mkdir('dist');
}`,
      `async function rename(prisma: PrismaClient, id: string, name: string) {
  await prisma.user.update({ where: { id }, data: { name } });
  const users = await prisma.user.findMany();
  return users;
}`,
      `import axios from 'axios';
async function submit(order: Order) {
  await axios.post('/api/orders', order);
  const { data } = await axios.get('/api/orders');
  return data;
}`,
      `import { writeFile, readFile } from 'fs/promises';
import path from 'node:path';
async function regenerate(outDir: string, html: string) {
  await writeFile(path.join(outDir, 'index.html'), html);
  const written = await readFile(path.join(outDir, 'index.html'), 'utf8');
  return written.length;
}`,
    ],
    'writes stay in order': [
      `async function placeOrder(db: Db, order: Order, items: Item[]) {
  await db.orders.insert(order);
  await db.orderItems.insertMany(items);
}`,
      `async function rename(db: Db, cache: Cache, id: string, name: string) {
  await db.users.update({ id }, { name });
  await cache.del(\`user:\${id}\`);
}`,
      `async function welcome(user: User) {
  await sendWelcomeEmail(user);
  await sendSlackNotification(user);
}`,
      `import { writeFile } from 'node:fs/promises';
async function save(reportPath: string, summaryPath: string, a: string, b: string) {
  await writeFile(reportPath, a);
  await writeFile(summaryPath, b);
}`,
    ],
    'same receiver': [
      `class ReportJob {
  async run(repo: Repo) {
    await repo.refreshViews();
    await repo.recalculateTotals();
  }
}`,
      `async function release(git: SimpleGit, version: string) {
  await git.add('.');
  await git.commit(\`release \${version}\`);
}`,
      `async function login(page: Page) {
  await page.fill('#email', 'a@b.c');
  await page.click('#submit');
}`,
      `async function settle(stripe: Stripe, customerId: string, invoiceId: string) {
  await stripe.customers.update(customerId, { balance: 0 });
  await stripe.invoices.pay(invoiceId);
}`,
    ],
    'this/module state': [
      `class ProfileService {
  private user?: User;
  async init(id: string) {
    this.user = await this.users.findOne(id);
    const permissions = await this.permissions.findForUser(this.user.id);
    return permissions;
  }
}`,
      `class App {
  private config?: Config;
  async loadConfig() { this.config = await readConfig(); }
  async loadRoutes() { return readRoutes(this.config!.routesDir); }
  async start() {
    await this.loadConfig();
    const routes = await this.loadRoutes();
    return routes;
  }
}`,
      `let settings: Settings | undefined;
export async function boot() {
  settings = await fetchSettings();
  const flags = await fetchFlags();
  return flags;
}`,
      `class Store {
  items: Item[] = [];
  async refresh() {
    this.items = await this.api.getItems();
    const view = await this.getVisibleItems();
    return view;
  }
}`,
      `let requests = 0;
export async function proxy(url: string) {
  const first = await fetchJson(url, () => requests++);
  const second = await fetchJson(url + '/meta');
  return [first, second];
}`,
    ],
    'sleep/lock/transaction/lifecycle': [
      {
        name: 'the authentication step called through .call(this, …) still comes first (real-code audit)',
        code: `export function createApiMiddleware(server: OAuthProvider) {
  return async function handler(this: Context, req: Request, res: Response, clientId: string) {
    const { deviceId } = await authenticate.call(this, req, res);
    const client = await server.clientManager.getClient(clientId);
    return { deviceId, client };
  };
}`,
      },
      {
        code: `import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { readFile } from 'fs/promises';
const argv = await yargs(hideBin(process.argv)).option('bump', { default: 'patch' }).parse();
const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { version: string };
console.log(argv.bump, pkg.version);`,
        filename: 'scripts/release.mts',
      },
      `export async function reserveSeat(seats: SeatRepository, holds: HoldRepository, seatId: string) {
  const seat = await seats.selectForUpdate(seatId);
  const hold = await holds.findActiveHold(seatId);
  return { seat, hold };
}`,
      `import { setTimeout as sleep } from 'node:timers/promises';
async function pollTwice(url: string) {
  const first = await fetch(url);
  await sleep(1000);
  const second = await fetch(url);
  return [first, second];
}`,
      `async function backoff(url: string) {
  const a = await getStatus(url);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const b = await getStatus(url);
  return a === b;
}`,
      `async function transfer(db: Knex, from: string, to: string) {
  await db.transaction(async (trx) => {
    const source = await trx('accounts').where({ id: from }).first();
    const target = await trx('accounts').where({ id: to }).first();
    return [source, target];
  });
}`,
      `async function move(pool: Pool, from: string, to: string) {
  const client = await pool.connect();
  await client.query('BEGIN');
  const a = await client.query('SELECT * FROM accounts WHERE id = $1', [from]);
  const b = await client.query('SELECT * FROM accounts WHERE id = $1', [to]);
  return [a, b];
}`,
      `async function run(prisma: PrismaClient) {
  await prisma.$transaction(async (db) => {
    const users = await db.user.findMany();
    const posts = await db.post.findMany();
    return { users, posts };
  });
}`,
      `async function connectAll(redis: RedisClient, mongo: MongoClient) {
  await redis.connect();
  await mongo.connect();
}`,
      `async function session(api: ApiClient) {
  await api.login('svc', 'secret');
  const me = await api.get('/me');
  return me;
}`,
      `async function pump(source: AsyncIterable<Chunk>) {
  const header = await readHeader();
  for await (const chunk of source) consume(chunk);
  const footer = await readFooter();
  return [header, footer];
}`,
      `import pLimit from 'p-limit';
const limit = pLimit(1);
async function both() {
  const a = await limit(() => fetchA());
  const b = await limit(() => fetchB());
  return [a, b];
}`,
      `import { input } from '@inquirer/prompts';
async function ask() {
  const name = await input({ message: 'Name?' });
  const email = await input({ message: 'Email?' });
  return { name, email };
}`,
      `async function critical(mutex: Mutex) {
  const release = await mutex.acquire();
  const balance = await getBalance();
  release();
  const limits = await getLimits();
  return [balance, limits];
}`,
      `async function report(orders: OrdersRepo, id: string) {
  const order = await orders.findOne(id, { lock: { mode: 'pessimistic_write' } });
  const lines = await orders.findLines(id, { lock: { mode: 'pessimistic_write' } });
  return [order, lines];
}`,
    ],
    'control dependency': [
      `async function show(id: string) {
  const user = await getUser(id);
  if (!user) throw new NotFoundError(id);
  const orders = await getOrders(id);
  return { user, orders };
}`,
      `app.get('/a/:id', async (req, res) => {
  const account = await getAccount(req.params.id);
  if (!account) return res.status(404).end();
  const invoices = await getInvoices(req.params.id);
  res.json({ account, invoices });
});`,
      `async function read(cached: boolean) {
  let data;
  if (cached) {
    data = await getFromCache();
  } else {
    data = await fetchFresh();
  }
  return data;
}`,
      `async function prepare(file: string) {
  if (await exists(file)) {
    return;
  }
  const template = await getTemplate();
  return template;
}`,
      `async function orders(ids: string[]) {
  for (const id of ids) {
    const user = await getUser(id);
    if (!user.active) continue;
    const orders = await getOrders(id);
    print(user, orders);
  }
}`,
      `async function maybe(flag: boolean) {
  const a = await getA();
  if (flag) {
    const b = await getB();
    return b;
  }
  return a;
}`,
    ],
    'try/catch per await': [
      `async function tolerant(id: string) {
  let user;
  try { user = await getUser(id); } catch { user = null; }
  let orders;
  try { orders = await getOrders(id); } catch { orders = []; }
  return { user, orders };
}`,
      `async function traced(id: string) {
  let step = 'user';
  try {
    const user = await getUser(id);
    step = 'orders';
    const orders = await getOrders(id);
    return { user, orders };
  } catch (err) {
    logger.error(\`failed at \${step}\`, err);
    throw err;
  }
}`,
    ],
    'not a promise (types)': [
      {
        code: `declare function getCount(): number;
declare function getName(): string;
async function f() {
  const count = await getCount();
  const name = await getName();
  return name + count;
}`,
        types: true,
      },
      {
        code: `interface User { id: string }
declare function getUser(id: string): Promise<User>;
declare function computeTotal(items: number[]): number;
async function f(id: string, items: number[]) {
  const user = await getUser(id);
  const total = await computeTotal(items);
  return { user, total };
}`,
        types: true,
      },
      {
        code: `declare const cache: Map<string, string>;
declare function lookup(key: string): string | undefined;
async function f() {
  const a = await lookup('a');
  const b = await lookup('b');
  return [a, b, cache.size];
}`,
        types: true,
      },
      {
        code: `interface User { id: string }
declare function getUser(id: string): Promise<User>;
declare function countLocal(): number;
declare function getTeam(id: string): Promise<{ name: string }>;
async function f(id: string) {
  const user = await getUser(id);
  const local = await countLocal();
  const team = await getTeam(id);
  return { user, local, team };
}`,
        types: true,
      },
    ],
    'already started promises': [
      `async function both() {
  const pa = getA();
  const pb = getB();
  const a = await pa;
  const b = await pb;
  return [a, b];
}`,
      `async function chained(userPromise: Promise<User>, ordersPromise: Promise<Order[]>) {
  const user = await userPromise.then((u) => u.profile);
  const orders = await ordersPromise.catch(() => []);
  return { user, orders };
}`,
    ],
    'single operation': [
      `async function one(id: string) {
  const user = await getUser(id);
  return user;
}`,
      `async function passthrough(id: string) {
  return await getUser(id);
}`,
      `async function settled(value: number) {
  const a = await getA();
  const b = await Promise.resolve(value);
  return a + b;
}`,
      `async function all(id: string) {
  const [user, orders] = await Promise.all([getUser(id), getOrders(id)]);
  return { user, orders };
}`,
      `const handler = async (id: string) => await getUser(id);`,
    ],
    'awaits in other positions': [
      `app.get('/u/:id', async (req, res) => {
  res.write(await getUser(req.params.id));
  res.end(await getOrders(req.params.id));
});`,
      `async function pick(flag: boolean) {
  const a = flag ? await getA() : await getB();
  const c = await getC();
  return [a, c];
}`,
      `async function fallback() {
  const primary = (await getPrimary()) ?? (await getSecondary());
  const other = await getOther();
  return [primary, other];
}`,
    ],
    'statements between with effects': [
      `class Loader {
  loaded = 0;
  async load(id: string) {
    const user = await this.users.findOne(id);
    this.loaded++;
    const orders = await this.orders.findMany(id);
    return { user, orders };
  }
}`,
    ],
    'reads awaited for their effect': [
      `async function start() {
  await loadEnv();
  const config = await loadConfig();
  return config;
}`,
      `app.post('/items', async (req, res) => {
  await validateBody(req.body);
  await checkPermissions(req.user);
  res.status(201).end();
});`,
    ],
    'unknown operations': [
      `async function ci() {
  await build();
  await runTests();
}`,
      `async function site(dir: string) {
  await processImages(dir);
  await renderPages(dir);
}`,
      `async function pipeline(job: Job) {
  const normalized = await normalize(job.input);
  const enriched = await enrich(job.input);
  return [normalized, enriched];
}`,
    ],
    'unknown calls on different receivers, not lookups': [
      `app.post('/checkout', async (req, res) => {
  await inventory.holdItems(req.body.items);
  await billing.chargeCard(req.body.card);
  res.status(201).end();
});`,
      `async function publish(post: Post) {
  const stored = await posts.insertDraft(post);
  const note = await notifier.announce(post.title);
  return { stored, note };
}`,
      `async function capture(page: Page, browser: Browser) {
  const title = await page.title();
  const version = await browser.version();
  return { title, version };
}`,
      `async function sameClient(db: Db) {
  const users = await db.users.byTenant('t1');
  const all = await db.everything();
  return [users, all];
}`,
      `async function collections(db: Db) {
  const a = await db.collection('users').tally();
  const b = await db.collection('orders').tally();
  return [a, b];
}`,
      `export class Checkout {
  async run(id: string) {
    const cart = await this.cartFor(id);
    const quote = await this.quoteFor(id);
    return { cart, quote };
  }
}`,
    ],
    'plain-value helpers with conditional results': [
      `function limitsFor(plan: string) {
  return { maxQueued: plan === 'pro' ? 500 : 25, priority: plan === 'pro' ? 1 : 5 };
}
app.post('/jobs', async (req, res) => {
  const limits = await limitsFor(req.user.plan);
  const queued = await redis.llen(\`jobs:\${req.user.id}\`);
  res.json({ limits, queued });
});`,
    ],
    'files that may be the same': [
      `import { writeFile } from 'node:fs/promises';
import path from 'node:path';
async function save(dir: string, a: string, b: string, data: string) {
  const first = path.join(dir, \`\${a}.json\`);
  const second = path.join(dir, \`\${b}.json\`);
  await writeFile(first, data);
  await writeFile(second, data);
}`,
    ],
    'polling and batches of computed lists': [
      `async function ready(jobs: JobApi, cache: CacheApi) {
  const job = await pollUntil(() => jobs.status('j1'));
  const warm = await cache.stats();
  return { job, warm };
}`,
      `async function notifyAll(users: User[]) {
  const sent = await Promise.all(users.map((u) => mailer.lookupTemplate(u.locale)));
  const audit = await auditLog.recent();
  return { sent, audit };
}`,
    ],
    'methods of one object (types)': [
      {
        code: `interface Repo { product(sku: string): Promise<{ sku: string }>; zones(country: string): Promise<string[]> }
export async function page(repo: Repo, sku: string, country: string) {
  const product = await repo.product(sku);
  const zones = await repo.zones(country);
  return { product, zones };
}`,
        types: true,
      },
    ],
    'a nested await that is not a body read': [
      `export async function chain(id: string) {
  const user = await (await users.connection()).findById(id);
  const orders = await (await orderDb.open()).list(id);
  return { user, orders };
}`,
    ],
    'a statement between that needs an earlier result': [
      `export async function page(id: string) {
  const user = await getUser(id);
  const key = \`orders:\${user.accountId}\`;
  const orders = await cache.get(key);
  return { user, orders };
}`,
      `export async function page(id: string) {
  let orders: Order[] = [];
  const user = await getUser(id);
  orders = [];
  orders = await getOrders(id);
  return { user, orders };
}`,
    ],
    'reading the request that came in': [
      `export async function POST(req: NextRequest) {
  const { markdown } = await req.json();
  const dir = await mkdtemp(path.join(tmpdir(), 'export-'));
  return NextResponse.json({ dir, size: markdown.length });
}`,
      {
        name: "through a helper that reads and size-checks the body (real-code audit)",
        code: `export async function action({ request, params }: ActionFunctionArgs) {
  const repoSnapshot = await resolveRepoSnapshot(params.projectId!);
  const read = await readBoundedBodyText(request, MAX_MESSAGE_BODY_BYTES);
  if (!read.ok) return tooLarge();
  return json({ repoSnapshot, text: read.text });
}`,
      },
    ],
    'a catch that answers by which call failed': [
      `app.get('/connect/:id/payouts', async (req, res) => {
  try {
    const account = await stripe.accounts.retrieve(req.params.id);
    const payouts = await ledger.get('/payouts', { params: { account: req.params.id } });
    res.json({ account, payouts });
  } catch (err) {
    if (err instanceof Stripe.errors.StripeError) res.status(402).end();
    else if (axios.isAxiosError(err)) res.status(502).end();
    else throw err;
  }
});`,
    ],
    'a later operand reads what the earlier one assigns through a local function': [
      `export async function completeSignIn(code: string) {
  let accessToken = '';
  const authHeaders = () => ({ Authorization: \`Bearer \${accessToken}\` });
  accessToken = (await oauth.exchangeCode(code)).access_token;
  const res = await fetch('https://gitlab.com/api/v4/user', { headers: authHeaders() });
  return res.json();
}`,
      `async function sync(id: string) {
  let cursor = 0;
  function nextPage() { cursor += 1; return cursor; }
  const first = await api.list({ page: nextPage() });
  const second = await api.other({ page: nextPage() });
  return [first, second];
}`,
    ],
    'awaits inside one expression that must stay apart': [
      `async function pick() {
  return { a: await getA(), b: flag ? await getB() : null };
}`,
      `async function both(id: string) {
  return [await getUser(id), (await getOrders(id)) ?? []];
}`,
      `async function chained(id: string) {
  return { user: await getUser(id), orders: await getOrders((await getUser(id)).id) };
}`,
      `async function logged(id: string) {
  return { user: await getUser(id), mark: audit(id), orders: await getOrders(id) };
}`,
    ],
    'an async helper of this file that writes, or remembers, called twice': [
      `async function notify(url: string) {
  await fetch(url, { method: 'POST' });
}
export async function deploy() {
  await notify('https://hooks.example.com/a');
  await notify('https://hooks.example.com/b');
}`,
      `const seen = new Set<string>();
async function visit(url: string) {
  seen.add(url);
  return (await fetch(url)).status;
}
export async function both() {
  const a = await visit('/a');
  const b = await visit('/b');
  return [a, b, seen.size];
}`,
    ],
    'a migration (the function changes the schema)': [
      `export async function migrate(client: Client, dir: string) {
  await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY)');
  const { rows } = await client.query('SELECT name FROM schema_migrations');
  const files = (await readdir(dir)).filter((f: string) => f.endsWith('.sql')).sort();
  return { rows, files };
}`,
    ],
    'writes that must land first': [
      `async function seed(prisma: PrismaClient) {
  await prisma.country.createMany({ data: [{ code: 'DE' }] });
  await prisma.user.upsert({ where: { email: 'a@b.c' }, create: { email: 'a@b.c', countryCode: 'DE' }, update: {} });
}`,
      `async function register(user: NewUser) {
  await db.users.insert(user);
  await mailer.sendWelcome(user.email);
}`,
      `async function handle(message: Message, deps: Deps) {
  await deps.store.putMany(message.rows);
  await message.ack();
}`,
      `async function place(orderId: string, lines: Line[]) {
  await knex('orders').insert({ id: orderId, placedAt: new Date() });
  const inserted = await knex('order_lines').insert(lines.map((l) => ({ ...l, orderId })));
  return inserted;
}`,
      `async function attach(s3: S3Client, key: string, body: Buffer, fileName: string) {
  await s3.send(new PutObjectCommand({ Bucket: 'files', Key: key, Body: body }));
  const row = await filesRepo.createRecord({ key, fileName });
  return row;
}`,
      `async function notified(order: Order) {
  await slack.chat.postMessage({ channel: '#orders', text: order.id });
  await db.notifications.insert({ orderId: order.id, channel: 'slack' });
}`,
    ],
    'order stated in a comment': [
      `async function sync(gh: Octokit) {
  // Sequential on purpose: GitHub's secondary rate limit trips on bursts.
  const repos = await gh.rest.repos.listForOrg({ org: 'acme' });
  const teams = await gh.rest.teams.list({ org: 'acme' });
  return { repos, teams };
}`,
      `async function seed(api: Api) {
  const admin = await api.getAdmin();
  const guest = await api.getGuest(); // must run after the admin lookup: it reuses the admin session
  return [admin, guest];
}`,
    ],
    'timing and clocks': [
      `async function measure() {
  const start = Date.now();
  const a = await fetch('/a');
  const mid = Date.now();
  const b = await fetch('/b');
  return [a, b, mid - start, Date.now() - mid];
}`,
      `async function measure2() {
  const a = await fetch('/a');
  const t1 = performance.now();
  const b = await fetch('/b');
  return [a, b, t1];
}`,
      `import dayjs from 'dayjs';
export async function syncTimings(feeds: FeedClient, started: dayjs.Dayjs) {
  const rss = await feeds.getRss();
  const rssMs = dayjs().diff(started);
  const atom = await feeds.getAtom();
  return { rss, atom, rssMs };
}`,
      `export async function lag(api: Api, startedAt: number) {
  const first = await api.getStatus();
  const waited = Date.now() - startedAt;
  const second = await api.getHealth();
  return { first, second, waited };
}`,
      `import dayjs from 'dayjs';
export async function localisedDigest(api: Api, user: User) {
  const inbox = await api.getInbox(user.id);
  dayjs.locale(user.locale);
  const agenda = await api.getAgenda(user.id);
  return { inbox, agenda };
}`,
      `import moment from 'moment';
export async function stamps(api: Api) {
  const first = await api.getStatus();
  const at = moment();
  const second = await api.getHealth();
  return { first, second, at: at.valueOf() };
}`,
    ],
    'same-file functions without promises': [
      `function computeHash(s: string): string { return s; }
function sizeOf(s: string) { return s.length; }
async function digest(s: string) {
  const h = await computeHash(s);
  const n = await sizeOf(s);
  return [h, n];
}`,
      `class Pricing {
  private tax(total: number): number { return total * 0.2; }
  private shipping(weight: number) { return weight > 10 ? 0 : 5; }
  async quote(total: number, weight: number) {
    const tax = await this.tax(total);
    const shipping = await this.shipping(weight);
    return total + tax + shipping;
  }
}`,
    ],
    'already concurrent or repeated': [
      `async function batches(ids: string[]) {
  const first = await Promise.all(ids.slice(0, 10).map(getUser));
  const second = await Promise.all(ids.slice(10, 20).map(getUser));
  return [...first, ...second];
}`,
      `async function check(url: string) {
  const a = await fetch(url);
  const b = await fetch(url);
  return a.status === b.status;
}`,
    ],
    'shared objects between': [
      `async function fill(ctx: Ctx, id: string) {
  const user = await getUser(id);
  ctx.user = user;
  const settings = await getSettings(id);
  return settings;
}`,
      `async function remember(cache: Map<string, User>, id: string) {
  const user = await getUser(id);
  cache.set(id, user);
  const team = await getTeam(id);
  return team;
}`,
      `async function init() {
  const user = await getUser();
  window.currentUser = user;
  const prefs = await getPrefs();
  return prefs;
}`,
    ],
    'transactions bound by options': [
      `async function move(t: Transaction, from: number, to: number) {
  const a = await Account.findByPk(from, { transaction: t });
  const b = await Account.findByPk(to, { transaction: t });
  return [a, b];
}`,
      `async function withSession(session: ClientSession) {
  const a = await User.findOne({ name: 'a' }).session(session);
  const b = await User.findOne({ name: 'b' }).session(session);
  return [a, b];
}`,
      `async function migrateData(dataSource: DataSource) {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  await queryRunner.startTransaction();
  const users = await queryRunner.manager.find(User);
  const teams = await queryRunner.manager.find(Team);
  await queryRunner.commitTransaction();
  return [users, teams];
}`,
    ],
    'getting the translation function is set-up, cached and without I/O (real-code audit)': [
      `import { getTranslate } from '@/lingodotdev/server';
export default async function BillingPage(props: { params: Promise<{ workspaceId: string }> }) {
  const t = await getTranslate();
  const session = await getServerSession(authOptions);
  return renderBilling(t, session);
}`,
      `import { getI18nInstance } from '@documenso/lib/client-only/providers/i18n-server';
export const sendRejectionEmail = async (documentId: number, language: string) => {
  const document = await prisma.envelope.findFirstOrThrow({ where: { id: documentId } });
  const i18n = await getI18nInstance(language);
  return renderEmail(i18n, document);
};`,
    ],
    "the class paces its own requests (real-code audit)": [
      `import { RateLimit } from 'async-sema';
export class NotionClient {
  private limiter = RateLimit(3);
  private async call<T>(request: () => Promise<T>): Promise<T> {
    await this.limiter();
    return request();
  }
  private async fetchPageInfo(id: string) {
    return this.call(() => this.client.pages.retrieve({ page_id: id }));
  }
  private async fetchBlocks(id: string) {
    return this.call(() => this.client.blocks.children.list({ block_id: id }));
  }
  async fetchPage(id: string) {
    const info = await this.fetchPageInfo(id);
    const children = await this.fetchBlocks(id);
    return { ...info, children };
  }
}`,
    ],
    'a guard that throws on bad input comes first (real-code audit)': [
      `export class ContextService {
  async createContextField(value: ContextFieldInput) {
    const contextField = await contextSchema.validateAsync(value);
    const createdField = await this.contextFieldStore.create(value);
    return createdField;
  }
}`,
      `export async function rename(user: User, projectId: string, name: string) {
  await assertCanEdit(user, projectId);
  const project = await projects.findById(projectId);
  return { ...project, name };
}`,
      `export async function publish(bundle: Bundle, registry: Registry) {
  await this.ensureWritable(registry);
  const latest = await registry.latest(bundle.name);
  return latest;
}`,
    ],
    'a migration runs once, each step on what the last left (real-code audit)': [
      {
        name: "a migration by its shape in a folder not named for migrations (Logto's alterations)",
        filename: 'packages/schemas/alterations/1.5.0-1684837981-add-manage-tenant-scope.ts',
        code: `const alteration: AlterationScript = {
  up: async (pool) => {
    const { id: scopeId } = await pool.one<{ id: string }>(sql\`select id from scopes where name = 'manage:tenant'\`);
    const { id: roleId } = await pool.one<{ id: string }>(sql\`select id from roles where name = 'user'\`);
    await pool.query(sql\`insert into roles_scopes (role_id, scope_id) values (\${roleId}, \${scopeId})\`);
  },
  down: async (pool) => {
    await pool.query(sql\`delete from roles_scopes where scope_id in (select id from scopes where name = 'manage:tenant')\`);
  },
};
export default alteration;`,
      },
      {
        name: "a TypeORM migration class in a folder of another name",
        filename: 'src/database/schema-changes/AddOwners1700000000000.ts',
        code: `export class AddOwners1700000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const users = await userRepository.find({ where: { role: 'owner' } });
    const teams = await teamRepository.find({ where: { ownerId: IsNull() } });
    await queryRunner.query('UPDATE teams SET owner_id = $1 WHERE id = $2', [users[0].id, teams[0].id]);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('UPDATE teams SET owner_id = NULL');
  }
}`,
      },
      {
        name: 'a data migration boots the app, then reads and rewrites',
        filename: 'apps/api/migrations/expire-at/expire-at.migration.ts',
        code: `import { NestFactory } from '@nestjs/core';
export async function run() {
  const app = await NestFactory.create(AppModule, { logger: false });
  const organizations = await organizationRepository.find({});
  const environments = await environmentRepository.find({});
  await app.close();
  return { organizations, environments };
}`,
      },
    ],
    "a Vendure request context carries the request's transaction (real-code audit)": [
      {
        name: "a transaction client fetched by its getter (Teable's txClient()) is the open transaction's connection",
        code: `export class FieldSupplementService {
  constructor(private readonly prismaService: PrismaService) {}
  async prepareLink(tableId: string, foreignTableId: string) {
    const table = await this.prismaService.txClient().tableMeta.findUniqueOrThrow({ where: { id: tableId } });
    const foreignTable = await this.prismaService.txClient().tableMeta.findUniqueOrThrow({ where: { id: foreignTableId } });
    return { table, foreignTable };
  }
}`,
      },
      `import { RequestContext } from '../../common/request-context';
export class ChannelResolver {
  async createChannel(ctx: RequestContext, input: CreateChannelInput) {
    const superAdminRole = await this.roleService.getSuperAdminRole(ctx);
    const customerRole = await this.roleService.getCustomerRole(ctx);
    return { superAdminRole, customerRole };
  }
}`,
      `import { RequestContext, TransactionalConnection, Order, Customer } from '@vendure/core';
export class Summary {
  constructor(private connection: TransactionalConnection) {}
  async of(ctx: RequestContext, orderId: ID, customerId: ID) {
    const order = await this.connection.getRepository(ctx, Order).findOne({ where: { id: orderId } });
    const customer = await this.connection.getRepository(ctx, Customer).findOne({ where: { id: customerId } });
    return { order, customer };
  }
}`,
    ],
    "a handle the object gave out is the object's: a write through it, then a read through the object (real-code audit)": [
      `export class RevisionModel extends BaseModel<Revision> {
  async cancelScheduledPublish(id: string, userId: string) {
    const filter = { id, organization: this.context.org.id };
    const coll = this._dangerousGetCollection();
    await coll.updateOne({ ...filter, status: { $in: ACTIVE_DRAFT_STATUSES } }, { $set: { autoPublishOnApproval: false, updatedBy: userId } });
    const updated = await this.getById(id);
    if (!updated) throw new Error('Revision not found');
    return updated;
  }
}`,
    ],
    "the same read twice: a helper of this file already awaits what the next await reads (real-code audit)": [
      SAME_READ_TWICE,
    ],
    'processes, browsers and streams': [
      `import { execa } from 'execa';
import { readFile } from 'node:fs/promises';
export async function release(cwd: string, message: string) {
  await execa('git', ['commit', '-am', message], { cwd });
  const changelog = await readFile(\`\${cwd}/CHANGELOG.md\`, 'utf8');
  return changelog.split('\\n')[0];
}`,
      `import { $ } from 'zx';
import { readFile } from 'node:fs/promises';
export async function stamp() {
  const status = await $\`git status --porcelain\`;
  const pkg = await readFile('package.json', 'utf8');
  return { dirty: status.stdout.length > 0, pkg };
}`,
      `async function gitInfo() {
  const { stdout: branch } = await exec('git rev-parse --abbrev-ref HEAD');
  const { stdout: sha } = await exec('git rev-parse HEAD');
  return { branch, sha };
}`,
      `async function scrape(page: Page, url: string) {
  await page.goto(url);
  const title = await page.title();
  const html = await page.content();
  return { title, html };
}`,
      `async function copy(input: Readable, output: Writable) {
  await pipeline(input, output);
  await once(output, 'close');
}`,
      `test('login', async ({ page }) => {
  await expect(page.getByText('a')).toBeVisible();
  await expect(page.getByText('b')).toBeVisible();
});`,
    ],
    'tokens, connections and queues': [
      `async function call(api: Api) {
  const token = await getAccessToken();
  const data = await getDashboardData();
  return { token, data };
}`,
      `async function twoConnections(pool: Pool) {
  const a = await pool.getConnection();
  const b = await pool.getConnection();
  return [a, b];
}`,
      `async function take(queue: Queue) {
  const first = await queue.get();
  const second = await queue.get();
  return [first, second];
}`,
      `async function log(database: Database) {
  await database.run('INSERT INTO logs (m) VALUES (?)', 'x');
  const rows = await database.all('SELECT * FROM logs');
  return rows;
}`,
    ],
    'suppressed': [
      `async function f(id: string) {
  // workload-shape-disable-next-line sequential-awaits
  const user = await getUser(id);
  const orders = await getOrders(id);
  return { user, orders };
}`,
    ],
    'test files (real-code audit)': [
      {
        name: 'assertions read two files one after another in a test',
        filename: 'packages/apply-release-plan/src/index.test.ts',
        code: `it('bumps both packages', async () => {
  const pkgA = await readJson(pkgPathA);
  const pkgB = await readJson(pkgPathB);
  expect([pkgA.version, pkgB.version]).toEqual(['1.1.0', '2.0.1']);
});`,
      },
      {
        name: 'a fixture helper under integration-tests/__fixtures__',
        filename: 'packages/cart/integration-tests/__fixtures__/seed.ts',
        code: `export async function seed(service: CartService) {
  const region = await service.createRegions({ name: 'EU' });
  const customer = await service.createCustomers({ email: 'a@b.c' });
  return { region, customer };
}`,
      },
    ],
  },

  invalid: {
    'a body that is not the request that came in': [
      {
        name: 'an email body template read by id, next to the recipient',
        code: `export async function preview(templateId: string, userId: string) {
  const body = await loadBodyTemplate(templateId);
  const user = await users.findById(userId);
  return render(body, user);
}`,
        errors: [at(2, 3, 2)],
      },
    ],
    'reads called through .call(this, …): their names still say what they do': [
      {
        name: 'two loaders bound to the request context',
        code: `export async function dashboard(this: RequestContext, userId: string) {
  const user = await loadUser.call(this, userId);
  const orders = await loadOrders.call(this, userId);
  return { user, orders };
}`,
        errors: [at(2, 3, 2)],
      },
    ],
    'an answer from a service named validate…, not a guard': [
      {
        name: 'a VAT number checked by an API next to a rates read',
        code: `export async function quote(order: Order) {
  const vat = await vies.validateVat(order.vatNumber);
  const rates = await shipping.rates(order.country);
  return { vat, rates };
}`,
        errors: [at(2, 3, 2)],
      },
    ],
    'translations loaded or texts translated: real requests': [
      {
        name: 'a text translated into two languages by an API',
        code: `export async function localise(text: string) {
  const fr = await translateText(text, 'fr');
  const de = await translateText(text, 'de');
  return { fr, de };
}`,
        errors: [at(2, 3, 2)],
      },
      {
        name: 'a namespace of translations fetched next to the catalog',
        code: `export async function page(locale: string) {
  const catalog = await fetchCatalog(locale);
  const messages = await loadTranslations(locale, 'storefront');
  return { catalog, messages };
}`,
        errors: [at(2, 3, 2)],
      },
    ],
    'methods of a class that paces nothing': [
      {
        name: 'two reads through helpers that only call the client',
        code: `export class NotionClient {
  private async fetchPageInfo(id: string) {
    return this.client.pages.retrieve({ page_id: id });
  }
  private async fetchBlocks(id: string) {
    return this.client.blocks.children.list({ block_id: id });
  }
  async fetchPage(id: string) {
    const info = await this.fetchPageInfo(id);
    const children = await this.fetchBlocks(id);
    return { ...info, children };
  }
}`,
        errors: [at(9, 5, 2)],
      },
    ],
    'the same reads outside a migration': [
      {
        name: 'an up/down pair that is a key map, not migration steps',
        filename: 'src/games/controls.ts',
        code: `const keys = { up: 'ArrowUp', down: 'ArrowDown' };
export async function loadSession(playerId: string) {
  const player = await players.findById(playerId);
  const scores = await leaderboard.topScores(10);
  return { player, scores, keys };
}`,
        errors: [at(3, 3, 2)],
      },
      {
        name: "an elevator's up and down take no connection",
        filename: 'src/building/elevator.ts',
        code: `export class Elevator {
  async up() { await this.motor.step(1); }
  async down() { await this.motor.step(-1); }
}
export async function status(buildingId: string) {
  const floors = await floorRepository.findByBuilding(buildingId);
  const alarms = await alarmRepository.openFor(buildingId);
  return { floors, alarms };
}`,
        errors: [at(6, 3, 2)],
      },
      {
        name: 'a service that reads two repositories',
        filename: 'apps/api/src/app/organizations/organization.service.ts',
        code: `export async function overview() {
  const organizations = await organizationRepository.find({});
  const environments = await environmentRepository.find({});
  return { organizations, environments };
}`,
        errors: [at(2, 3, 2)],
      },
    ],
    'a handle made from something other than this keeps its own name': [
      {
        name: 'an audit collection and the users repository of the object',
        code: `export class AccountService {
  async closeAccount(id: string, db: Db) {
    const audit = db.collection('audit');
    await audit.insertOne({ type: 'account.closed', accountId: id, at: new Date() });
    const owner = await this.users.findById(id);
    return owner;
  }
}`,
        errors: [at(4, 5, 2)],
      },
    ],
    'a helper of this file that reads something else': [
      {
        name: 'the helper awaits another event than the one read next',
        code: SAME_READ_TWICE.replace('await getEvent(eventId);\n  if (!event', 'await getEvent(`parent:${eventId}`);\n  if (!event'),
        errors: [at(10, 3, 2)],
      },
    ],
    'a request context of another kind carries no transaction': [
      {
        name: 'a RequestContext type of the project itself',
        code: `import type { RequestContext } from './context';
export async function summary(ctx: RequestContext, orderId: string, customerId: string) {
  const order = await ordersApi.get(ctx, orderId);
  const customer = await customersApi.get(ctx, customerId);
  return { order, customer };
}`,
        errors: [at(3, 3, 2)],
      },
    ],
    'a formatter call between, and two probes whose results are thrown away': [
      {
        name: 'an Intl formatter between the two reads',
        code: `const money = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' });
export async function receipt(orderId: string, locale: string) {
  const order = await orders.get(orderId);
  const total = money.format(order.totalCents / 100);
  const footer = await cms.getFooter(locale);
  return { order, total, footer };
}`,
        errors: [at(3, 3, 2)],
      },
      {
        name: 'a readiness probe pings two backends',
        code: `app.get('/ready', async (_req, res) => {
  try {
    await db.ping();
    await cache.ping();
    res.sendStatus(204);
  } catch {
    res.sendStatus(503);
  }
});`,
        errors: [at(3, 5, 2)],
      },
    ],
    'independent reads': [
      {
        name: 'the edge of a time window computed between the two reads',
        code: `const WINDOW_DAYS = 7;
export async function campaignProgress(req: Request, res: Response) {
  const campaign = await db.collection('campaigns').findOne({ _id: req.params.id });
  const since = new Date(Date.now() - WINDOW_DAYS * 86_400_000);
  const recent = await db.collection('donations').find({ campaignId: req.params.id, createdAt: { $gte: since } }).limit(25).toArray();
  res.json({ campaign, recent });
}`,
        errors: [at(3, 3, 2)],
      },
      {
        name: 'two GETs through a fetch-and-parse helper of this file',
        code: `async function json<T>(url: string, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(url, { headers });
  if (!res.ok) throw new Error(\`\${url} -> HTTP \${res.status}\`);
  return res.json() as Promise<T>;
}
program.argument('<package>').action(async (pkg: string, opts: { repo: string }) => {
  const packument = await json<Packument>(\`https://registry.npmjs.org/\${pkg}\`);
  const release = await json<Release>(\`https://api.github.com/repos/\${opts.repo}/releases/latest\`);
  console.log(packument.name, release.tag_name);
});`,
        errors: [at(7, 3, 2)],
      },
      {
        name: 'a date window computed with date-fns between the two reads',
        code: `import { startOfDay, subDays } from 'date-fns';
adminRouter.get('/admin/metrics/yesterday', async (_req, res) => {
  const signups = await prisma.user.count({ where: { createdAt: { gte: subDays(startOfDay(new Date()), 1) } } });
  const until = startOfDay(new Date());
  const revenue = await prisma.payment.aggregate({ _sum: { amountCents: true }, where: { paidAt: { lt: until } } });
  res.json({ signups, revenue });
});`,
        errors: [at(3, 3, 2)],
      },
      {
        name: 'a dayjs date shifted and formatted between the two queries',
        code: `import dayjs from 'dayjs';
import db from '../lib/mysql';
export async function pipelineOverview(req: Request, res: Response) {
  const [openReqs] = await db.query('SELECT id FROM requisitions WHERE recruiter_id = ?', [req.params.id]);
  const since = dayjs().subtract(14, 'day').format('YYYY-MM-DD');
  const [recentApps] = await db.query('SELECT id FROM applications WHERE recruiter_id = ? AND created_at >= ?', [req.params.id, since]);
  res.json({ openReqs, recentApps });
}`,
        errors: [at(4, 3, 2)],
      },
      {
        name: 'a read verb whose object is a word that could be a verb (claim, post)',
        code: `export function claimBalanceHandler(claims: ClaimsGateway, posts: PostsApi) {
  return async (req: Request, res: Response) => {
    const claim = await claims.getClaim(req.params.id);
    const post = await posts.getPostById(req.params.postId);
    res.json({ reserve: claim.reserveCents, post: post.title });
  };
}`,
        errors: [at(3, 5, 2)],
      },
      {
        code: `app.get('/users/:id', async (req, res) => {
  const user = await getUser(req.params.id);
  const orders = await getOrders(req.params.id);
  res.json({ user, orders });
});`,
        errors: [at(2, 3, 2)],
      },
      {
        code: `fastify.get('/stats', async (request, reply) => {
  const { rows } = await fastify.pg.query('SELECT count(*) FROM users');
  const visits = await fastify.redis.get('visits');
  return { users: rows[0].count, visits };
});`,
        errors: [at(2, 3, 2)],
      },
      {
        code: `export class AccountService {
  constructor(private readonly profiles: ProfileRepository, private readonly settings: SettingsRepository) {}

  async getAccount(userId: string) {
    const profile = await this.profiles.findOne({ where: { userId } });
    const settings = await this.settings.findOne({ where: { userId } });
    return { profile, settings };
  }
}`,
        errors: [at(5, 5, 2)],
      },
      {
        code: `export const resolvers = {
  Query: {
    dashboard: async (_: unknown, { id }: { id: string }, { dataSources }: Context) => {
      const user = await dataSources.users.getUser(id);
      const orders = await dataSources.orders.listOrders(id);
      return { user, orders };
    },
  },
};`,
        errors: [at(4, 7, 2)],
      },
    ],
    'different resources': [
      {
        code: `import { execa } from 'execa';
import { readFile } from 'node:fs/promises';
export const buildInfo = (cwd: string) => ({
  name: 'build-info',
  setup(build: { onLoad(o: object, f: () => Promise<object>): void }) {
    build.onLoad({ filter: /.*/ }, async () => {
      const git = await execa('git', ['rev-parse', '--short', 'HEAD'], { cwd });
      const pkgJson = await readFile(\`\${cwd}/package.json\`, 'utf8');
      return { contents: JSON.stringify({ commit: git.stdout.trim(), pkg: JSON.parse(pkgJson) }) };
    });
  },
});`,
        errors: [at(7, 7, 2)],
      },
      {
        code: `import { writeFile } from 'node:fs/promises';
async function emit(manifest: string, report: string) {
  await writeFile('dist/manifest.json', manifest);
  await writeFile('dist/report.json', report);
}`,
        errors: [at(3, 3, 2)],
      },
      {
        code: `import * as fs from 'node:fs/promises';
async function emit(outDir: string, a: string, b: string) {
  await fs.writeFile(\`\${outDir}/a.json\`, a);
  await fs.writeFile(\`\${outDir}/b.json\`, b);
}`,
        errors: [at(3, 3, 2)],
      },
      {
        code: `import { writeFile } from 'node:fs/promises';
import path from 'node:path';
async function publish(outDir: string, html: string, xml: string) {
  await writeFile(path.join(outDir, 'index.html'), html);
  await writeFile(path.join(outDir, 'sitemap.xml'), xml);
}`,
        errors: [at(4, 3, 2)],
      },
      {
        code: `async function snapshot(redis: Redis, users: number, orders: number) {
  await redis.set('stats:users', users);
  await redis.set('stats:orders', orders);
}`,
        errors: [at(2, 3, 2)],
      },
      {
        code: `import { promises as fs } from 'node:fs';
async function mail(report: unknown) {
  await fs.writeFile('out/report.json', JSON.stringify(report));
  const template = await fs.readFile('templates/email.html', 'utf8');
  return template;
}`,
        errors: [at(3, 3, 2)],
      },
    ],
    'http GETs': [
      {
        code: `async function home() {
  const users = await fetch('/api/users').then((r) => r.json());
  const posts = await fetch('/api/posts').then((r) => r.json());
  return { users, posts };
}`,
        errors: [at(2, 3, 2)],
      },
      {
        code: `import axios from 'axios';
async function overview(id: string) {
  const { data: repo } = await axios.get(\`/repos/\${id}\`);
  const { data: issues } = await axios.get(\`/repos/\${id}/issues\`);
  const { data: pulls } = await axios.get(\`/repos/\${id}/pulls\`);
  return { repo, issues, pulls };
}`,
        errors: [at(3, 3, 3)],
      },
      {
        code: `import got from 'got';
async function prices() {
  const btc = await got('https://api.example.com/btc').json();
  const eth = await got('https://api.example.com/eth').json();
  return { btc, eth };
}`,
        errors: [at(3, 3, 2)],
      },
      {
        code: `async function weather(city: string, token: string) {
  const current = await fetch(\`/weather/\${city}\`, { method: 'GET', headers: { token } });
  const forecast = await fetch(\`/forecast/\${city}\`, { headers: { token } });
  return { current, forecast };
}`,
        errors: [at(2, 3, 2)],
      },
      {
        code: `async function mirror(http: HttpClient) {
  const upstream = await http.get('/upstream/health');
  const local = await http.head('/health');
  return [upstream, local];
}`,
        errors: [at(2, 3, 2)],
      },
    ],
    'mixed reads on different tables': [
      {
        code: `async function dashboard(prisma: PrismaClient, userId: string) {
  const user = await prisma.user.findUnique({ where: { id: userId } });
  const orderCount = await prisma.order.count({ where: { userId } });
  const settings = await prisma.settings.findFirst({ where: { userId } });
  return { user, orderCount, settings };
}`,
        errors: [at(2, 3, 3)],
      },
      {
        code: `async function profile(knex: Knex, id: string) {
  const user = await knex('users').where({ id }).first();
  const orders = await knex('orders').where({ user_id: id }).orderBy('created_at', 'desc');
  return { user, orders };
}`,
        errors: [at(2, 3, 2)],
      },
      {
        code: `async function feed(db: Database, id: string) {
  const author = await db.select().from(users).where(eq(users.id, id));
  const latest = await db.select().from(posts).where(eq(posts.authorId, id)).limit(10);
  return { author, latest };
}`,
        errors: [at(2, 3, 2)],
      },
      {
        code: `async function page(id: string) {
  const user = await User.findById(id).lean();
  const orders = await Order.find({ user: id }).sort({ createdAt: -1 }).limit(10).exec();
  return { user, orders };
}`,
        errors: [at(2, 3, 2)],
      },
      {
        code: `async function report(pool: Pool) {
  const users = await pool.query('SELECT id, email FROM users WHERE active');
  const teams = await pool.query(\`SELECT id, name FROM teams\`);
  return { users: users.rows, teams: teams.rows };
}`,
        errors: [at(2, 3, 2)],
      },
      {
        code: `async function download(s3: S3Client, bucket: string) {
  const config = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'config.json' }));
  const listing = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  return { config, listing };
}`,
        errors: [at(2, 3, 2)],
      },
    ],
    destructuring: [
      {
        code: `async function load(supabase: SupabaseClient, id: string) {
  const { data: user } = await supabase.from('users').select('*').eq('id', id).single();
  const { data: posts } = await supabase.from('posts').select('*').eq('author_id', id);
  return { user, posts };
}`,
        errors: [at(2, 3, 2)],
      },
      {
        code: `async function counts(conn: Connection) {
  const [rows] = await conn.execute('SELECT * FROM jobs WHERE state = ?', ['queued']);
  const [[{ total }]] = await conn.execute('SELECT COUNT(*) AS total FROM workers');
  return { rows, total };
}`,
        errors: [at(2, 3, 2)],
      },
      {
        code: `async function lists(pool: Pool) {
  const { rows: users } = await pool.query('SELECT * FROM users');
  const { rows: [latest = null] = [] } = await pool.query('SELECT * FROM events ORDER BY id DESC LIMIT 1');
  return { users, latest };
}`,
        errors: [at(2, 3, 2)],
      },
    ],
    'lookups on different receivers (verbs the model does not know)': [
      {
        code: `router.get('/support/accounts/:id', async (req, res) => {
  const account = await accounts.byId(req.params.id);
  const flags = await featureFlags.forApp('support-console');
  res.render('account', { account, flags });
});`,
        errors: [at(2, 3, 2)],
      },
      {
        code: `export class QuoteService {
  constructor(private readonly catalog: Catalog, private readonly warehouse: Warehouse) {}
  async quote(sku: string, site: string) {
    const item = await this.catalog.lookup(sku);
    const onHand = await this.warehouse.level(sku, site);
    return { item, onHand };
  }
}`,
        errors: [at(4, 5, 2)],
      },
      {
        code: `const resolvers = {
  Query: {
    async orderActivity(_p: unknown, args: { orderId: string }, ctx: Context) {
      const shipments = await ctx.dataSources.shipments.byOrder(args.orderId);
      const refunds = await ctx.dataSources.refunds.byOrder(args.orderId);
      return { shipments, refunds };
    },
  },
};`,
        errors: [at(4, 7, 2)],
      },
      {
        code: `export async function billingOverview(req: Request, res: Response) {
  const invoices = await billingApi.openInvoices(req.params.customerId);
  const method = await walletApi.defaultMethod(req.params.customerId);
  res.json({ invoices, method });
}`,
        errors: [at(2, 3, 2)],
      },
    ],
    'a log line between (the finding stands; the fix refuses to reorder the log)': [
      {
        code: `async function load(id: string) {
  const user = await getUser(id);
  console.log('loaded user', user.id);
  const orders = await getOrders(id);
  return { user, orders };
}`,
        errors: [at(2, 3, 2)],
      },
      {
        code: `export async function reconcile(db: Client, url: string, month: string) {
  const { rows } = await db.query('SELECT ref FROM accounts WHERE month = $1', [month]);
  this.logger.info({ count: rows.length }, 'loaded local accounts');
  const partner = await fetch(\`\${url}/exports?month=\${month}\`);
  return { rows, partner };
}`,
        errors: [at(2, 3, 2)],
      },
    ],
    'a try whose handler leaves the function': [
      {
        code: `export async function account(req: Request, res: Response) {
  let user: User | null;
  let unread: Note[];
  try {
    user = await UserModel.findById(req.params.id).lean();
    unread = await NotificationModel.find({ userId: req.params.id }).lean();
  } catch (err) {
    req.log.error({ err }, 'lookup failed');
    return res.status(503).end();
  }
  res.render('account', { user, unread });
}`,
        errors: [at(5, 5, 2)],
      },
    ],
    'a try at the end of a middleware, and a batch joined by an unknown lookup': [
      {
        code: `export async function layoutData(req: Request, res: Response, next: NextFunction) {
  try {
    res.locals.menu = await menuService.tree(req.params.locale);
    res.locals.footer = await footerService.links(req.params.region);
    next();
  } catch (err) {
    next(err);
  }
}`,
        errors: [at(3, 5, 2)],
      },
      {
        code: `app.get('/admin/orgs/:orgId', async (req, res) => {
  const [org, used] = await Promise.all([orgs.byId(req.params.orgId), seats.used(req.params.orgId)]);
  const news = await announcements.current('admin-console');
  res.render('org', { org, used, news });
});`,
        errors: [at(2, 3, 2)],
      },
    ],
    'a request and the reading of its body': [
      {
        code: `export async function info(name: string) {
  const meta = await (await fetch(\`https://registry.npmjs.org/\${name}\`)).json();
  const stats = await (await fetch(\`https://api.npmjs.org/downloads/\${name}\`)).json();
  return { meta, stats };
}`,
        errors: [at(2, 3, 2)],
      },
    ],
    'a statement a later await needs moves above the group': [
      {
        code: `export async function searchHandler(req: Request, res: Response) {
  const userId = String(req.headers['x-user-id'] ?? 'anon');
  const hits = await es.search({ index: 'articles', q: req.query.q });
  const recentKey = \`recent-searches:\${userId}\`;
  const recent = await redis.lrange(recentKey, 0, 9);
  res.json({ hits, recent });
}`,
        errors: [at(3, 3, 2)],
      },
    ],
    'an awaited value passed through a built-in conversion': [
      {
        code: `import * as fsp from 'node:fs/promises';
export async function templates(dir: string, manifestPath: string) {
  const entries = await fsp.readdir(dir);
  const manifest = JSON.parse(await fsp.readFile(manifestPath, 'utf8'));
  return { entries, manifest };
}`,
        errors: [at(3, 3, 2)],
      },
    ],
    'a bag of functions (types)': [
      {
        code: `type Loader<K, V> = (key: K) => Promise<V>;
interface PageLoaders { product: Loader<string, { sku: string }>; zones: Loader<string, string[]> }
export async function page(loaders: PageLoaders, sku: string, country: string) {
  const product = await loaders.product(sku);
  const zones = await loaders.zones(country);
  return { product, zones };
}`,
        types: true,
        errors: [at(4, 3, 2)],
      },
    ],
    'joining a Promise.all, and retried reads': [
      {
        code: `export async function profilePage(req: Request, res: Response) {
  const [profile, count] = await Promise.all([profiles.get(req.params.id), followers.count(req.params.id)]);
  const badgeList = await badges.listFor(req.params.id);
  res.json({ profile, count, badgeList });
}`,
        errors: [at(2, 3, 2)],
      },
      {
        code: `import pRetry from 'p-retry';
export async function notice(ship: ShipmentApi, crm: CustomerApi, no: string, id: string) {
  const tracking = await pRetry(() => ship.status(no));
  const contact = await pRetry(() => crm.contact(id));
  return { tracking, contact };
}`,
        errors: [at(3, 3, 2)],
      },
    ],
    'files that differ by their fixed parts': [
      {
        code: `import { writeFile } from 'node:fs/promises';
import path from 'node:path';
export async function exportUsage(outDir: string, month: string, json: string, csv: string) {
  const jsonPath = path.join(outDir, \`usage-\${month}.json\`);
  const csvPath = path.join(outDir, \`usage-\${month}.csv\`);
  await writeFile(jsonPath, json);
  await writeFile(csvPath, csv);
  return [jsonPath, csvPath];
}`,
        errors: [at(6, 3, 2)],
      },
    ],
    'a fresh array changed between': [
      {
        code: `router.get('/search', async (ctx) => {
  const q = String(ctx.query.q ?? '');
  const results = await search.query(q);
  const last = q.split(/\\s+/).pop();
  const suggestions = await suggest.terms(q);
  ctx.body = { results, last, suggestions };
});`,
        errors: [at(3, 3, 2)],
      },
    ],
    'different services: a write and a read, or two notifications': [
      {
        code: `avatarRouter.put('/me/avatar', async (req, res) => {
  const key = \`avatars/\${req.user.id}/\${randomUUID()}\`;
  await s3.send(new PutObjectCommand({ Bucket, Key: key, Body: req.file.buffer }));
  const previous = await prisma.user.findUniqueOrThrow({ where: { id: req.user.id } });
  res.json({ key, previous: previous.avatarKey });
});`,
        errors: [at(3, 3, 2)],
      },
      {
        code: `export async function announce(booking: Booking) {
  await ses.send(new SendEmailCommand({ Destination: { ToAddresses: [booking.email] } }));
  await slack.chat.postMessage({ channel: '#front-desk', text: booking.reference });
}`,
        errors: [at(2, 3, 2)],
      },
      {
        code: `export const handler: S3Handler = async (event) => {
  const userId = event.Records[0]!.s3.object.key.split('/')[1]!;
  await redis.del(\`profile:\${userId}\`);
  await cloudfront.send(new CreateInvalidationCommand({ DistributionId, InvalidationBatch: { CallerReference: userId, Paths: { Quantity: 1, Items: [\`/avatars/\${userId}.png\`] } } }));
};`,
        errors: [at(3, 3, 2)],
      },
    ],
    'expression statements': [
      {
        code: `import fs from 'node:fs/promises';
async function ensureDirs() {
  await fs.mkdir('logs', { recursive: true });
  await fs.mkdir('tmp', { recursive: true });
}`,
        errors: [at(3, 3, 2)],
      },
      {
        code: `import { access } from 'node:fs/promises';
async function preflight(configPath: string, dataDir: string) {
  await access(configPath);
  await access(dataDir);
}`,
        errors: [at(3, 3, 2)],
      },
      {
        code: `async function logout(redis: Redis, sid: string) {
  await redis.del('session:current');
  await redis.del('csrf:current');
}`,
        errors: [at(2, 3, 2)],
      },
    ],
    'assignments to properties': [
      {
        code: `export class AdminComponent {
  users: User[] = [];
  roles: Role[] = [];

  async ngOnInit() {
    this.users = await this.userService.findAll();
    this.roles = await this.roleService.findAll();
  }
}`,
        errors: [at(6, 5, 2)],
      },
      {
        code: `async function build(id: string) {
  const result: Partial<Dashboard> = {};
  result.user = await getUser(id);
  result.orders = await getOrders(id);
  return result;
}`,
        errors: [at(3, 3, 2)],
      },
      {
        code: `router.use(async (ctx, next) => {
  ctx.state.user = await loadUser(ctx.headers.authorization);
  ctx.state.flags = await loadFlags();
  await next();
});`,
        errors: [at(2, 3, 2)],
      },
      {
        code: `async function refresh(id: string) {
  let user: User;
  let orders: Order[];
  user = await getUser(id);
  orders = await getOrders(id);
  return { user, orders };
}`,
        errors: [at(4, 3, 2)],
      },
    ],
    'three or more': [
      {
        code: `export async function getDashboard(userId: string) {
  const user = await userRepo.findById(userId);
  const orders = await orderRepo.findByUser(userId);
  const notifications = await notificationRepo.listUnread(userId);
  const recommendations = await recommender.getFor(userId);
  return { user, orders, notifications, recommendations };
}`,
        errors: [at(2, 3, 4)],
      },
      {
        code: `@Injectable()
export class ReportsService {
  constructor(private readonly sales: SalesRepository, private readonly stock: StockRepository, private readonly staff: StaffRepository) {}

  async monthly(month: string) {
    const sales = await this.sales.sumByMonth(month);
    const stock = await this.stock.countAll();
    const staff = await this.staff.findActive();
    return { sales, stock, staff };
  }
}`,
        errors: [at(6, 5, 3)],
      },
    ],
    'a try whose handler falls through with partial results (reported; the fix is refused)': [
      {
        code: `async function partial(id: string) {
  let user: User | undefined;
  let orders: Order[] = [];
  try {
    user = await getUser(id);
    orders = await getOrders(id);
  } catch (err) {
    logger.warn(err);
  }
  return { user, orders };
}`,
        errors: [at(5, 5, 2)],
      },
      {
        code: `export async function account(id: string) {
  let user: User | null = null;
  let unread: Note[] = [];
  try {
    user = await UserModel.findById(id).lean();
    unread = await NotificationModel.find({ userId: id }).lean();
  } catch (err) {
    log.error(err);
  }
  return { user, unread };
}`,
        errors: [at(5, 5, 2)],
      },
    ],
    'logs, metrics and timers for them between the awaits': [
      {
        code: `async function timed(id: string) {
  const user = await getUser(id);
  metrics.increment('user.loaded');
  const orders = await getOrders(id);
  return { user, orders };
}`,
        errors: [at(2, 3, 2)],
      },
      {
        code: `app.get('/preview/:id', async (c) => {
  const product = await catalog.getProduct(c.req.param('id'));
  statsd.timing('preview.product', 1);
  const t0 = performance.now();
  const rates = await shippingRates.forCountry('US');
  log.debug({ ms: performance.now() - t0 }, 'rates loaded');
  return c.json({ product, rates });
});`,
        errors: [at(2, 3, 2)],
      },
    ],
    'an async helper of this file that only reads, called twice': [
      {
        code: `async function probe(url: string) {
  const started = Date.now();
  const res = await fetch(url).catch(() => null);
  return { ok: !!res && res.ok, ms: Date.now() - started };
}
export async function status() {
  const api = await probe('https://api.example.com/healthz');
  const docs = await probe('https://docs.example.com/');
  return { api, docs };
}`,
        errors: [at(7, 3, 2)],
      },
      {
        code: `async function latestVersion(name: string): Promise<string> {
  const res = await fetch(\`https://registry.npmjs.org/\${encodeURIComponent(name)}\`);
  if (!res.ok) throw new Error(\`\${name}: HTTP \${res.status}\`);
  const body = (await res.json()) as { 'dist-tags': { latest: string } };
  return body['dist-tags'].latest;
}
async function main() {
  const typescript = await latestVersion('typescript');
  const nodeTypes = await latestVersion('@types/node');
  console.log({ typescript, nodeTypes });
}`,
        errors: [at(8, 3, 2)],
      },
    ],
    'a part of each result assigned to a field': [
      {
        code: `async function buildDashboard(from: Date, to: Date) {
  const dashboard = { generatedAt: new Date().toISOString() } as Dashboard;
  dashboard.revenueCents = (await pool.query('SELECT sum(amount_cents) AS v FROM payments WHERE paid_at >= $1 AND paid_at < $2', [from, to])).rows[0].v;
  dashboard.activeUsers = (await pool.query('SELECT count(DISTINCT user_id) AS v FROM page_views WHERE viewed_at >= $1 AND viewed_at < $2', [from, to])).rows[0].v;
  return dashboard;
}`,
        errors: [at(3, 3, 2)],
      },
    ],
    'a write to one service and a read of another, a query string read between, SQL through a helper': [
      {
        code: `app.get('/api/products/:sku', async (c) => {
  const sku = c.req.param('sku');
  await fetch(\`\${POSTHOG_HOST}/capture/\`, { method: 'POST', body: JSON.stringify({ event: 'product_viewed', sku }) });
  const res = await fetch(\`\${CATALOG_URL}/v1/products/\${sku}\`);
  return c.json(await res.json());
});`,
        errors: [at(3, 3, 2)],
      },
      {
        code: `export async function loader({ params, request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const listing = await fetch(\`\${CMS_URL}/api/listings/\${params.slug}\`).then((r) => r.json());
  const page = Math.max(1, Number(url.searchParams.get('reviews') ?? 1));
  const reviews = await prisma.review.findMany({ where: { listingSlug: params.slug }, skip: (page - 1) * 10, take: 10 });
  return json({ listing, reviews, page });
}`,
        errors: [at(3, 3, 2)],
      },
      {
        code: `import { query as dbQuery } from '../db';
export async function wardBoard(wardId: string) {
  const { rows: staff } = await dbQuery('SELECT id, role FROM rota WHERE ward_id = $1', [wardId]);
  const { rows: beds } = await dbQuery('SELECT bed_no FROM beds WHERE ward_id = $1', [wardId]);
  return { staff, beds };
}`,
        errors: [at(3, 3, 2)],
      },
    ],
    'a write to one named table and a read of another; a request header tested between': [
      {
        code: `router.get('/articles/:slug', async (req, res) => {
  await knex('page_views').insert({ path: req.path });
  const article = await knex('articles').where({ slug: req.params.slug }).first();
  res.json(article);
});`,
        errors: [{ messageId: 'sequential', line: 2, column: 3, related: 2 }],
      },
      {
        code: `router.get('/flights/:code', async (req, res) => {
  const status = await getFlightStatus(req.params.code);
  if (req.get('x-debug') === '1') {
    logger.debug({ code: req.params.code }, 'board lookup');
  }
  const gates = await getGateMap(String(req.query.airport ?? 'LHR'));
  res.json({ status, gates });
});`,
        errors: [{ messageId: 'sequential', line: 2, column: 3, related: 2 }],
      },
    ],
    'awaits side by side in one expression': [
      {
        code: `async function view(id: string) {
  return { user: await getUser(id), orders: await getOrders(id) };
}`,
        errors: [at(2, 3, 2)],
      },
      {
        code: `async function greet() {
  const msg = \`\${await getName()} has \${await getCount()} items\`;
  return msg;
}`,
        errors: [at(2, 3, 2)],
      },
      {
        code: `app.get('/sku/:sku', async (request, reply) => {
  const { sku } = request.params;
  return reply.send({ inStock: (await inventory.stockFor(sku)) > 0, reviews: await reviewsApi.summary(sku) });
});`,
        errors: [at(3, 3, 2)],
      },
    ],
    'an await inside a declaration, then another': [
      {
        code: `export async function announce(pr: MergedPr) {
  const title = \`\${(await jira.issues.getIssue({ issueIdOrKey: pr.issueKey })).fields.summary} (\${pr.issueKey})\`;
  const { data: author } = await octokit.rest.users.getByUsername({ username: pr.authorLogin });
  return \`\${title} by \${author.login}\`;
}`,
        errors: [at(2, 3, 2)],
      },
      {
        code: `function sumCharges(charges: { data: Charge[] }, currency: string) {
  const mine = charges.data.filter((c) => c.currency === currency);
  return { gross: mine.reduce((n, c) => n + c.amount, 0) };
}
export async function overview(customerId: string) {
  const totals = sumCharges(await stripe.charges.list({ customer: customerId }), 'eur');
  const disputes = await stripe.disputes.list({ limit: 100 });
  return { totals, disputes };
}`,
        errors: [at(6, 3, 2)],
      },
    ],
    'statements between': [
      {
        code: `async function card(id: string) {
  const user = await getUser(id);
  const name = user.name.trim();
  const orders = await getOrders(id);
  return { name, orders };
}`,
        errors: [at(2, 3, 2)],
      },
      {
        code: `async function summary(id: string) {
  const account = await getAccount(id);
  function format(n: number) { return n.toFixed(2); }
  type Row = { id: string };
  const balance = await getBalance(id);
  return format(balance) + account.id;
}`,
        errors: [at(2, 3, 2)],
      },
      {
        code: `async function collect(id: string) {
  const ids: string[] = [];
  const a = await getA(id);
  ids.push(a.id);
  const b = await getB(id);
  return [ids, b];
}`,
        errors: [at(3, 3, 2)],
      },
      {
        code: `async function totals(id: string) {
  const invoices = await listInvoices(id);
  const sum = invoices.map((i: Invoice) => i.amount).reduce((a: number, b: number) => a + b, 0);
  const limit = Math.max(sum, 100);
  const credits = await listCredits(id);
  return { limit, credits };
}`,
        errors: [at(2, 3, 2)],
      },
    ],
    'with types': [
      {
        code: `interface User { id: string; name: string }
interface Order { id: string; total: number }
declare function getUser(id: string): Promise<User>;
declare function getOrders(userId: string): Promise<Order[]>;
export async function page(id: string) {
  const user = await getUser(id);
  const orders = await getOrders(id);
  return { user, orders };
}`,
        types: true,
        errors: [at(6, 3, 2)],
      },
      {
        code: `interface Repo<T> { findOne(id: string): Promise<T | undefined>; findAll(): Promise<T[]> }
interface Team { id: string }
interface Project { id: string }
class Overview {
  constructor(private teams: Repo<Team>, private projects: Repo<Project>) {}
  async load(id: string) {
    const team = await this.teams.findOne(id);
    const projects = await this.projects.findAll();
    return { team, projects };
  }
}`,
        types: true,
        errors: [at(7, 5, 2)],
      },
      {
        code: `declare function getConfig(): Promise<Record<string, string>> | undefined;
declare function getSecrets(): PromiseLike<string[]>;
async function boot() {
  const config = await getConfig();
  const secrets = await getSecrets();
  return { config, secrets };
}`,
        types: true,
        errors: [at(4, 3, 2)],
      },
      {
        code: `declare const api: any;
async function f(id: string) {
  const user = await api.getUser(id);
  const orders = await api.listOrders(id);
  return { user, orders };
}`,
        types: true,
        errors: [at(3, 3, 2)],
      },
      {
        code: `declare const sqlite: { all(sql: string): Promise<unknown[]>; get(sql: string): Promise<unknown> };
async function q() {
  const users = await sqlite.all('SELECT * FROM users');
  const settings = await sqlite.get('SELECT * FROM settings WHERE id = 1');
  return { users, settings };
}`,
        types: true,
        errors: [at(3, 3, 2)],
      },
    ],
    'maximal runs': [
      {
        code: `async function f(id: string) {
  const a = await getA(id);
  const b = await getB(id);
  const c = await getC(a.id);
  return [b, c];
}`,
        errors: [at(2, 3, 2)],
      },
      {
        code: `async function f(id: string) {
  const a = await getA(id);
  const b = await getB(id);
  audit.record(a, b);
  const c = await getC(id);
  const d = await getD(id);
  return [c, d];
}`,
        errors: [at(2, 3, 2), at(5, 3, 2)],
      },
      {
        code: `async function f(id: string) {
  const a = await getA(id);
  const b = await getB(id);
  const c = await getC(a);
  const d = await getD(id);
  return [b, c, d];
}`,
        errors: [at(2, 3, 2), at(4, 3, 2)],
      },
      {
        code: `async function f(pool: Pool, id: string) {
  await pool.query('UPDATE users SET seen = now() WHERE id = $1', [id]);
  const a = await getA(id);
  const b = await getB(id);
  return [a, b];
}`,
        errors: [at(3, 3, 2)],
      },
    ],
    'nested blocks': [
      {
        code: `async function f(id: string, full: boolean) {
  if (full) {
    const user = await getUser(id);
    const orders = await getOrders(id);
    return { user, orders };
  }
  return null;
}`,
        errors: [at(3, 5, 2)],
      },
      {
        code: `async function f(id: string) {
  try {
    const user = await getUser(id);
    const orders = await getOrders(id);
    return { user, orders };
  } catch (err) {
    logger.error(err);
    throw err;
  }
}`,
        errors: [at(3, 5, 2)],
      },
      {
        code: `async function f(ids: string[]) {
  for (const id of ids) {
    const user = await getUser(id);
    const orders = await getOrders(id);
    print(user, orders);
  }
}`,
        errors: [at(3, 5, 2)],
      },
      {
        code: `async function f(kind: string, id: string) {
  switch (kind) {
    case 'full': {
      const user = await getUser(id);
      const orders = await getOrders(id);
      return { user, orders };
    }
    default:
      return null;
  }
}`,
        errors: [at(4, 7, 2)],
      },
      {
        code: `async function f(kind: string, id: string) {
  switch (kind) {
    case 'full':
      const user = await getUser(id);
      const orders = await getOrders(id);
      return { user, orders };
  }
}`,
        errors: [at(4, 7, 2)],
      },
    ],
    'top level and callbacks': [
      {
        code: `import { readFile } from 'node:fs/promises';
const pkg = JSON.parse(await readFile('package.json', 'utf8'));
const config = await readFile('config.yaml', 'utf8');
const schema = await readFile('schema.graphql', 'utf8');
console.log(pkg.name, config.length, schema.length);`,
        filename: 'script.mts',
        errors: [at(2, 1, 3)],
      },
      {
        code: `const api = {
  handler: async (id: string) => {
    const user = await getUser(id);
    const orders = await getOrders(id);
    return { user, orders };
  },
};`,
        errors: [at(3, 5, 2)],
      },
      {
        code: `export default async function handler(req: Req, res: Res) {
  const session = await getSession(req);
  const products = await listProducts();
  res.json({ session, products });
}`,
        errors: [at(2, 3, 2)],
      },
      {
        code: `queue.process(async function work(job: Job) {
  const template = await loadTemplate(job.data.template);
  const recipient = await getRecipient(job.data.userId);
  return render(template, recipient);
});`,
        errors: [at(2, 3, 2)],
      },
    ],
    'services and frameworks': [
      {
        code: `export async function loader({ params }: LoaderArgs) {
  const project = await getProject(params.id);
  const members = await getProjectMembers(params.id);
  const activity = await getActivity(params.id);
  return json({ project, members, activity });
}`,
        errors: [at(2, 3, 3)],
      },
      {
        code: `io.on('connection', (socket) => {
  socket.on('join', async ({ roomId, userId }) => {
    const room = await getRoom(roomId);
    const member = await getMember(userId);
    socket.emit('joined', { room, member });
  });
});`,
        errors: [at(3, 5, 2)],
      },
      {
        code: `async function profile(db: Firestore, uid: string) {
  const userSnap = await db.collection('users').doc(uid).get();
  const ordersSnap = await db.collection('orders').where('uid', '==', uid).get();
  return { user: userSnap.data(), orders: ordersSnap.docs };
}`,
        errors: [at(2, 3, 2)],
      },
      {
        code: `async function billing(stripe: Stripe, customer: string) {
  const invoices = await stripe.invoices.list({ customer });
  const subscriptions = await stripe.subscriptions.list({ customer });
  return { invoices, subscriptions };
}`,
        errors: [at(2, 3, 2)],
      },
      {
        code: `class Reports {
  constructor(private api: Api) {}
  private async fetchSales(month: string) { return this.api.get(\`/sales/\${month}\`); }
  private async fetchCosts(month: string) { return this.api.get(\`/costs/\${month}\`); }
  async build(month: string) {
    const sales = await this.fetchSales(month);
    const costs = await this.fetchCosts(month);
    return { sales, costs };
  }
}`,
        errors: [at(6, 5, 2)],
      },
      {
        code: `(async () => {
  const users = await loadUsers();
  const products = await loadProducts();
  console.log(users.length, products.length);
})();`,
        errors: [at(2, 3, 2)],
      },
      {
        code: `async function* pages() {
  const a = await getPageA();
  const b = await getPageB();
  yield [a, b];
}`,
        errors: [at(2, 3, 2)],
      },
      {
        code: `async function perms(id: string) {
  // fetch the user in order to check permissions later
  const user = await getUser(id);
  const roles = await getRoles(id);
  return { user, roles };
}`,
        errors: [at(3, 3, 2)],
      },
      {
        code: `async function main() {
  const config = await Deno.readTextFile('./config.json');
  const schema = await Deno.readTextFile('./schema.json');
  return [config, schema];
}`,
        errors: [at(2, 3, 2)],
      },
      {
        code: `@Injectable()
export class PreferencesService {
  constructor(@Inject(CACHE_MANAGER) private cacheManager: Cache) {}
  async both() {
    const theme = await this.cacheManager.get('theme');
    const locale = await this.cacheManager.get('locale');
    return { theme, locale };
  }
}`,
        errors: [at(5, 5, 2)],
      },
      {
        code: `async function sync(id: string) {
  const local = await readLocal(id);
  const remote = await fetchRemote(id);
  await saveMerged(merge(local, remote));
}`,
        errors: [at(2, 3, 2)],
      },
    ],
    shadowing: [
      {
        code: `async function loadPage(user: User, feedIds: string[]) {
  const profile = await getProfile(user.id);
  const feed = await getFeed(feedIds.map((profile) => profile));
  return { profile, feed };
}`,
        errors: [at(2, 3, 2)],
      },
      {
        code: `let config: Config | undefined;
async function load() {
  const config = await readConfig('app.json');
  const secrets = await readSecrets('secrets.json');
  return { config, secrets };
}`,
        errors: [at(3, 3, 2)],
      },
    ],
  },
});

describe('sequential-awaits docs page', () => {
  // Every example marked ❌ must be reported once and every example marked ✅ must not: the page cannot drift from the rule.
  const { page, examples } = readDocsPage(sequentialAwaits);

  it('has bad and good examples', () => {
    assertBadAndGoodExamples(examples);
  });
  itRunsEachExample(sequentialAwaits, examples);
  it('documents the setting, the messages, the behaviour changes and when not to use it', () => {
    assert.ok(page.includes('workloadShape.rules.sequential-awaits.severity'));
    for (const id of Object.keys(sequentialAwaits.meta.messages)) assert.ok(page.includes(`\`${id}\``), id);
    assert.ok(page.includes('## When not to use it'));
    assert.ok(page.includes('## What changes with Promise.all'));
    assert.ok(page.includes('## What is deliberately ignored'));
  });
});

describe('sequential-awaits finding', () => {
  it('spans the group, names the function and the calls, and points at each await', () => {
    const code = `export async function getDashboard(id: string) {
  const user = await getUser(id);
  const orders = await db.orders.findMany({ where: { userId: id } });
  return { user, orders };
}`;
    const { findings } = runRule(sequentialAwaits, { code });
    assert.equal(findings.length, 1);
    const f = findings[0]!;
    assert.equal(code.slice(f.range.start, f.range.end), `const user = await getUser(id);
  const orders = await db.orders.findMany({ where: { userId: id } });`);
    assert.deepEqual(f.data, { count: 2, fn: 'getDashboard', calls: 'getUser(id), db.orders.findMany({…})' });
    assert.equal(f.message, '2 independent awaits run one after another in getDashboard: getUser(id), db.orders.findMany({…}). They could overlap with Promise.all.');
    assert.deepEqual(f.related.map((r) => [code.slice(r.range.start, r.range.end), r.message]), [
      ['await getUser(id)', 'await 1 of 2: getUser(id)'],
      ['await db.orders.findMany({ where: { userId: id } })', 'await 2 of 2: db.orders.findMany({…})'],
    ]);
  });

  it('survives generated code nested deeper than the call stack, and still reports the rest of the file', () => {
    const deep = Array(20_000).fill('a').join(' + ');
    const code = `async function generated() {\n  const a = await getA();\n  const y = ${deep};\n  const b = await getB();\n  return [a, b, y];\n}\n` +
      `async function handwritten(id: string) {\n  const user = await getUser(id);\n  const orders = await getOrders(id);\n  return { user, orders };\n}\n`;
    const { findings } = runRule(sequentialAwaits, { code });
    assert.ok(findings.some((f) => f.data.fn === 'handwritten'), 'the ordinary function is still reported');
  });

  it('ends a group at 32 awaits and leaves an expression with more than 16 alone (generated code stays linear)', () => {
    const statements = Array.from({ length: 100 }, (_, i) => `  const r${i} = await fetch('/r${i}');`).join('\n');
    const { findings } = runRule(sequentialAwaits, { code: `export async function many() {\n${statements}\n  return r0;\n}` });
    assert.deepEqual(findings.map((f) => f.data.count), [32, 32, 32, 4]);
    const wide = Array.from({ length: 17 }, (_, i) => `await fetch('/w${i}')`).join(', ');
    assert.equal(runRule(sequentialAwaits, { code: `export async function wide() { return [${wide}]; }` }).findings.length, 0);
    const sixteen = Array.from({ length: 16 }, (_, i) => `await fetch('/w${i}')`).join(', ');
    assert.deepEqual(runRule(sequentialAwaits, { code: `export async function wide() { return [${sixteen}]; }` }).findings.map((f) => f.data.count), [16]);
  });

  it('names methods, handlers and the top level', () => {
    const fnOf = (code: string, filename = 'case.ts') => runRule(sequentialAwaits, { code, filename }).findings.map((f) => f.data.fn);
    assert.deepEqual(fnOf(`class UserService { async load(id: string) { const a = await getA(id); const b = await getB(id); return [a, b]; } }`), ['UserService.load']);
    assert.deepEqual(fnOf(`app.get('/x', async (req, res) => { const a = await getA(); const b = await getB(); res.json([a, b]); });`), ['the callback passed to app.get']);
    assert.deepEqual(fnOf(`const load = async () => { const a = await getA(); const b = await getB(); return [a, b]; };`), ['load']);
    assert.deepEqual(fnOf(`export {};\nconst a = await getA();\nconst b = await getB();\nconsole.log(a, b);`, 'script.mts'), ["the module's top level"]);
  });
});
