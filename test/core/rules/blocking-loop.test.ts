import * as assert from 'node:assert/strict';
import { blockingLoop } from '../../../src/core/rules/blocking-loop/blocking-loop';
import { assertBadAndGoodExamples, itRunsEachExample, readDocsPage } from '../../support/rule-docs';
import { describeRule, runRule } from '../../support/rule-tester';

/*
 * Locations are 1-based and point at the loop's first token (`for`, `while`, `do`, or the receiver of
 * `xs.map(…)`). Code in functions is indented by two spaces, so a loop at the top of a body is at column 3.
 */

describeRule(blockingLoop, {
  valid: {
    'the same small message sent to every client': [
      `const wss = new WebSocketServer({ port: 8080 });
function broadcast(gameId: string, payload: unknown): void {
  for (const client of wss.clients) {
    if (client.readyState === WebSocket.OPEN && (client as GameSocket).gameId === gameId) client.send(JSON.stringify(payload));
  }
}`,
      `const wss = new WebSocketServer({ port: 8080 });
const rooms = new Map<string, Set<WebSocket>>();
wss.on('connection', (socket, req) => {
  const room = new URL(req.url ?? '/', 'http://localhost').searchParams.get('room') ?? 'lobby';
  socket.on('message', (raw) => {
    const msg = JSON.parse(raw.toString()) as { type: string; body: string };
    for (const peer of rooms.get(room) ?? []) {
      if (peer !== socket) peer.send(JSON.stringify({ from: 'peer', body: msg.body }));
    }
    for (const client of wss.clients) client.send(JSON.stringify({ type: 'reload' }));
  });
});`,
    ],
    "the lines a command printed: exec buffers at most a megabyte (real-code audit)": [
      `import { promisify } from 'node:util';
import { exec } from 'node:child_process';
const execAsync = promisify(exec);
export const getImages = async () => {
  const { stdout } = await execAsync("docker images --format '{{json .}}'");
  return stdout.trim().split('\\n').filter(Boolean).map((line) => JSON.parse(line) as DockerImage);
};`,
      `export async function getSwarmNodes(run: Runner) {
  const result = await run('docker node ls --format json');
  const lines = result.stdout.split('\\n');
  const nodes = [];
  for (const line of lines) if (line) nodes.push(JSON.parse(line));
  return nodes;
}`,
    ],
    'a multi-get of a few keys returns a few values': [
      `app.get('/audit/events', async (req, res) => {
  const limit = Math.min(Number(req.query.limit ?? 50), 200);
  const raw = await redis.lrange('audit:recent', 0, limit - 1);
  res.json(raw.map((r) => JSON.parse(r)));
});
io.on('connection', (socket) => {
  socket.on('chat:history', async (matchId: string, ack: (messages: unknown[]) => void) => {
    const raw = await redis.lrange(\`chat:\${matchId}\`, -50, -1);
    ack(raw.map((r) => JSON.parse(r)));
  });
});`,
      `import Redis from 'ioredis';
const redis = new Redis();
app.get('/badges', async (req, res) => {
  const ids = String(req.query.ids).split(',').slice(0, 25);
  const raw = await redis.mget(ids.map((id) => \`badge:\${id}\`));
  res.json(raw.map((r) => (r ? JSON.parse(r) : null)));
});`,
    ],
    'lists kept inside records read one by one': [
      `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function payable(claimId: string) {
  const claim = await prisma.claim.findUniqueOrThrow({ where: { id: claimId }, include: { lineItems: true } });
  const policy = await prisma.policy.findUnique({ where: { number: claim.policyNumber } });
  const coverages = policy?.coverages ?? [];
  const due: Record<string, number> = {};
  for (const item of claim.lineItems) {
    for (const coverage of coverages) {
      if (coverage.category === item.category) due[item.category] = Math.min(coverage.limit, (due[item.category] ?? 0) + item.amount);
    }
  }
  return due;
}`,
    ],
    'patterns compiled for later, and a chunk of a fixed size': [
      `export async function monthlyTriangle(rates: number[]) {
  const cells: number[] = [];
  for (let m = 0; m < 12; m++) {
    for (let k = 0; k < m; k++) cells.push(rates[k]! * (m - k));
  }
  return cells;
}`,
      `app.post('/pages', async (req, res) => {
  const rows: { id: string; score: number }[] = req.body.rows;
  const pages: number[] = [];
  for (let p = 0; p * 100 < rows.length; p++) {
    let sum = 0;
    for (const row of rows.slice(p * 100, p * 100 + 100)) sum += row.score;
    pages.push(sum);
  }
  res.json({ pages });
});`,
      `export async function loadRules(db: Db) {
  const rows = await db.select('pattern', 'label').from('redaction_rules');
  return rows.map((r: { pattern: string; label: string }) => ({ label: r.label, re: new RegExp(r.pattern, 'g') }));
}`,
      `import { createHmac } from 'node:crypto';
app.post('/verify', async (req, res) => {
  const items: { body: string; sig: string }[] = req.body.items;
  const bad: number[] = [];
  for (let start = 0; start < items.length; start += 200) {
    items.slice(start, start + 200).forEach((item, i) => {
      if (createHmac('sha256', key).update(item.body).digest('hex') !== item.sig) bad.push(start + i);
    });
    await new Promise((r) => setImmediate(r));
  }
  res.json({ bad });
});`,
    ],
    'a list its validation schema caps': [
      `import { z } from 'zod';
const Body = z.object({ recipients: z.array(z.string().email()).nonempty().max(50) });
app.post('/invites', async (req, res) => {
  const { recipients } = Body.parse(req.body);
  for (let i = 0; i < recipients.length; i++) {
    for (let j = i + 1; j < recipients.length; j++) {
      if (recipients[i] === recipients[j]) return res.status(400).json({ duplicate: recipients[i] });
    }
  }
  res.json(await sendInvites(recipients));
});`,
      `const schema = { body: { type: 'object', properties: { points: { type: 'array', maxItems: 50, items: { type: 'number' } } } } };
fastify.post('/smooth', { schema }, async (request) => {
  const points = (request.body as { points: number[] }).points;
  return points.map((p, i) => points.reduce((sum, q, j) => sum + q / (1 + Math.abs(i - j)), 0));
});`,
    ],
    'JSON of each message of a batch the queue hands over, and of each cell of a CSV line': [
      `export const consumer = kafka.consumer({ groupId: 'audit' });
await consumer.run({
  eachBatch: async ({ batch, resolveOffset }) => {
    const events = batch.messages.map((m) => JSON.parse(m.value!.toString()) as AuditEvent);
    await audit.insertMany(events);
    resolveOffset(batch.messages[batch.messages.length - 1]!.offset);
  },
});`,
      `export const handler = async (event: SQSEvent) => {
  const orders = event.Records.map((r) => JSON.parse(r.body) as Order);
  await ddb.send(new BatchWriteCommand({ RequestItems: { orders: orders.map((o) => ({ PutRequest: { Item: o } })) } }));
};`,
      `function parseMessage(body: string): ImpactMessage {
  return JSON.parse(body) as ImpactMessage;
}
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const results = await Promise.allSettled(event.Records.map((r) => sendImpactEmail(parseMessage(r.body))));
  return { batchItemFailures: results.flatMap((r, i) => (r.status === 'rejected' ? [{ itemIdentifier: event.Records[i]!.messageId }] : [])) };
};`,
      `function toCsv(rows: Array<Record<string, unknown>>, columns: string[]): string {
  return rows.map((r) => columns.map((c) => JSON.stringify(r[c] ?? '')).join(',')).join('\\n');
}
export async function exportUsers(out: string) {
  await writeFile(out, toCsv(await db.users.findMany(), ['id', 'email', 'plan']));
}`,
    ],
    'a helper with a heavy loop called from start-up code': [
      `function pairwise(points: number[][]): number {
  let worst = 0;
  for (const a of points) for (const b of points) worst = Math.max(worst, Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!));
  return worst;
}
const spread = pairwise(loadFixturePoints());
export async function report() {
  return { spread };
}`,
    ],
    'a list sorted in a loop that does not grow it': [
      `app.post('/jobs/drain', (req, res) => {
  const pending: Job[] = req.body.jobs.slice(0, 50);
  const done: string[] = [];
  while (pending.length > 0) {
    pending.sort((a, b) => b.priority - a.priority);
    const job = pending.shift()!;
    done.push(job.id);
  }
  res.json(done);
});`,
    ],
    'a search with a bound, or one that waits': [
      `import { createHash } from 'node:crypto';
export async function shortId(seed: string) {
  let attempt = 0;
  let id = '';
  while (attempt < 5) {
    id = createHash('sha1').update(seed + attempt).digest('hex').slice(0, 8);
    if (!taken.has(id)) break;
    attempt++;
  }
  return id;
}`,
      `import { createHash } from 'node:crypto';
export async function freeSlug(base: string) {
  let slug = base;
  let n = 0;
  while (await exists(slug)) {
    slug = \`\${base}-\${createHash('md5').update(String(++n)).digest('hex').slice(0, 4)}\`;
  }
  return slug;
}`,
    ],
    'the words of a few items, not of a payload': [
      `app.get('/authors/:id/wordcloud', async (req, res) => {
  const docs = await Article.find({ author: req.params.id }, { body: 1 }).limit(20).lean();
  const counts: Record<string, number> = {};
  for (const doc of docs) {
    for (const token of doc.body.toLowerCase().match(/[a-z]+/g) ?? []) counts[token] = (counts[token] ?? 0) + 1;
  }
  res.json(counts);
});`,
      `export async function titles(products: { title: string }[]) {
  const words = new Set<string>();
  for (const p of products.slice(0, 20)) {
    for (const w of p.title.split(' ')) words.add(w);
  }
  return [...words];
}`,
    ],
    'a workerpool worker module': [
      `import workerpool from 'workerpool';
workerpool.worker({
  async heatmap(samples: Sample[], width: number, height: number) {
    const out = new Float32Array(width * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        for (const s of samples) out[y * width + x] += s.v / (1 + (s.x - x) ** 2 + (s.y - y) ** 2);
      }
    }
    return Array.from(out);
  },
});`,
    ],
    'a repeated run that ends at a delimiter it cannot match splits one way (real-code audit)': [
      {
        name: 'a domain prefix stripped from each endpoint: the repeated part ends at a dot it cannot match (real-code audit)',
        code: `export class MockServerService {
  async handle(requests: Array<{ endpoint: string; name: string }>, path: string) {
    for (const request of requests) {
      const endpoint = request.endpoint.replace(/^([a-zA-Z0-9-]+\\.)+[a-zA-Z]{2,}/, '');
      if (endpoint === path) return request;
    }
    return undefined;
  }
}`,
      },
    ],
    'a short alternation on each item': [
      `export async function kinds(rows: { ua: string }[]) {
  return rows.map((r) => (/bot|spider/i.test(r.ua) ? 'bot' : 'human'));
}`,
    ],
    'small literal collection': [
      `export async function renderLocales(page: Page) {
  for (const locale of ['en', 'fr', 'de']) {
    page.bundles[locale] = JSON.stringify(page.messages[locale]);
  }
}`,
      `const CHANNELS = { email: 1, sms: 2, push: 3 };
export async function notifyAll(user: User) {
  for (const channel of Object.keys(CHANNELS).sort()) {
    await send(channel, user);
  }
}`,
      `const LEVELS = ['debug', 'info', 'warn', 'error'];
app.get('/levels', (req, res) => {
  res.json(LEVELS.map((l) => ({ name: l, pattern: JSON.stringify(l) })));
});`,
      `const LIMITS = { free: 10, pro: 100, team: 1000 };
export async function plans(users: User[]) {
  for (const plan in LIMITS) {
    for (const tier of ['monthly', 'yearly']) log(plan, tier);
  }
}`,
      `import { SUPPORTED_CURRENCIES } from './config';
export async function pricesFor(products: Product[]) {
  return products.map((p) => SUPPORTED_CURRENCIES.map((c) => convert(p.price, c)));
}`,
    ],
    'small constant bound': [
      `export async function connectWithRetry(url: string) {
  for (let attempt = 0; attempt < 5; attempt++) {
    try { return await connect(url); } catch { await sleep(2 ** attempt * 100); }
  }
}`,
      `app.post('/board', (req, res) => {
  const board: number[][] = [];
  for (let row = 0; row < 8; row++) {
    for (let col = 0; col < 8; col++) board.push([row, col]);
  }
  res.json(board);
});`,
      `export async function percentiles(samples: number[]) {
  const out: number[] = [];
  for (let p = 0; p <= 100; p += 5) out.push(quantile(samples, p / 100));
  return out;
}`,
      `export async function bitLength(n: number) {
  let bits = 0;
  for (let v = 1; v < 1e12; v *= 2) bits++;
  return bits;
}`,
      `export async function sampleEvery(buffer: Float32Array) {
  for (let i = 0; i < 1_000_000; i += 10_000) emit(buffer[i]);
}`,
      {
        name: 'below a raised threshold',
        code: `export async function warmCache() {
  for (let i = 0; i < 50_000; i++) cache.set(i, i * i);
}`,
        settings: { loopCost: { largeIterationCount: 100_000 } },
      },
    ],
    'single loop over input with a cheap body': [
      `app.post('/cart/total', (req, res) => {
  let total = 0;
  for (const item of req.body.items) total += item.price * item.quantity;
  res.json({ total });
});`,
      `export async function ids(userRepo: Repo) {
  const users = await userRepo.findAll();
  return users.filter((u) => u.active).map((u) => u.id);
}`,
      `export async function renderTable(rows: Row[]) {
  let html = '<table>';
  for (const row of rows) html += \`<tr><td>\${row.name}</td><td>\${row.email}</td></tr>\`;
  return html + '</table>';
}`,
      `export async function normalise(lines: string[]) {
  return lines.map((line) => line.trim().replace(/\\s+/g, ' '));
}`,
      `export async function matchDates(lines: string[]) {
  const dates: string[] = [];
  for (const line of lines) {
    const m = /^(\\d{4})-(\\d{2})-(\\d{2})/.exec(line);
    if (m) dates.push(m[0]);
  }
  return dates;
}`,
    ],
    'inner loop over each element\'s own data (linear, not a cross product)': [
      `export async function sumCells(sheet: Sheet) {
  let total = 0;
  for (const row of sheet.rows) {
    for (const cell of row.cells) total += cell.value;
  }
  return total;
}`,
      `app.post('/csv', (req, res) => {
  const records = [];
  for (const line of req.body.text.split('\\n')) {
    const fields = line.split(',');
    for (const field of fields) records.push(field.trim());
  }
  res.json(records);
});`,
      `export async function flattenOrders(customers: Customer[]) {
  return customers.flatMap((c) => c.orders.map((o) => ({ customer: c.id, order: o.id })));
}`,
    ],
    'await in body with cheap sync part': [
      `export async function loadUsers(ids: string[]) {
  const users = [];
  for (const id of ids) users.push(await db.users.findById(id));
  return users;
}`,
      `export async function importFiles(paths: string[]) {
  for (const path of paths) {
    const text = await fs.promises.readFile(path, 'utf8');
    await store(JSON.parse(text));
  }
}`,
      `export async function syncAll(api: Api) {
  let cursor: string | undefined;
  do {
    const page = await api.list({ cursor });
    for (const item of page.items) index.set(item.id, item);
    cursor = page.next;
  } while (cursor);
}`,
      `export async function reindex(users: User[], groups: Group[]) {
  for (const user of users) {
    for (const group of groups) {
      await db.memberships.upsert({ user: user.id, group: group.id });
    }
  }
}`,
      `export async function rehash(users: User[]) {
  for (const user of users) {
    user.hash = await bcrypt.hash(user.password, 12);
  }
}`,
    ],
    'for await': [
      `export async function ingest(stream: AsyncIterable<string>) {
  for await (const line of stream) {
    const event = JSON.parse(line);
    counts[event.type] = (counts[event.type] ?? 0) + 1;
  }
}`,
      `export async function hashChunks(file: AsyncIterable<Buffer>) {
  const hash = createHash('sha256');
  for await (const chunk of file) hash.update(chunk);
  return hash.digest('hex');
}`,
    ],
    'loop already chunked with setImmediate': [
      `import { setImmediate as yieldToLoop } from 'node:timers/promises';
export async function scoreAll(items: Item[]) {
  for (let i = 0; i < items.length; i++) {
    items[i].score = JSON.stringify(items[i]).length;
    if (i % 500 === 0) await yieldToLoop();
  }
}`,
      `export async function buildIndex(docs: Doc[], terms: string[]) {
  for (const doc of docs) {
    for (const term of terms) if (doc.text.includes(term)) add(term, doc);
    await new Promise((resolve) => setImmediate(resolve));
  }
}`,
      `app.post('/hash', (req, res) => {
  const rows = req.body.rows;
  const step = (from: number) => {
    const end = Math.min(from + 200, rows.length);
    for (let i = from; i < end; i++) rows[i].digest = createHash('sha1').update(rows[i].body).digest('hex');
    if (end < rows.length) setImmediate(() => step(end));
    else res.json(rows);
  };
  step(0);
});`,
      `export async function processAll(rows: Row[]) {
  const start = Date.now();
  for (let i = 0; i < rows.length; i++) {
    rows[i].data = JSON.parse(rows[i].raw);
    if (Date.now() - start > 10) { setImmediate(() => processAll(rows.slice(i + 1))); return; }
  }
}`,
      // A chunk of 500 items and the words of each: the parts of every item, not 500 passes over the input.
      `const CHUNK = 500;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
catalogEvents.on('catalog.published', async () => {
  const { rows: tracks } = await pool.query<{ id: number; title: string; artist: string }>('SELECT id, title, artist FROM tracks WHERE published');
  const next = new Map<string, number[]>();
  for (let start = 0; start < tracks.length; start += CHUNK) {
    for (const track of tracks.slice(start, start + CHUNK)) {
      for (const token of \`\${track.title} \${track.artist}\`.toLowerCase().split(/\\W+/)) {
        const ids = next.get(token);
        if (ids) ids.push(track.id);
        else next.set(token, [track.id]);
      }
    }
    await yieldToEventLoop();
  }
  titleIndex = next;
});`,
    ],
    'worker thread': [
      {
        filename: 'src/resize.worker.ts',
        code: `import { parentPort } from 'node:worker_threads';
parentPort!.on('message', (img: { width: number; height: number; data: Uint8Array }) => {
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) blur(img, x, y);
  }
  parentPort!.postMessage(img);
});`,
      },
      {
        filename: 'src/hashing.ts',
        code: `import { parentPort } from 'worker_threads';
import { pbkdf2Sync } from 'crypto';
parentPort?.on('message', (passwords: string[]) => {
  parentPort!.postMessage(passwords.map((p) => pbkdf2Sync(p, 'salt', 100000, 64, 'sha512')));
});`,
      },
    ],
    'startup code': [
      `const SINE_TABLE = new Float64Array(1 << 20);
for (let i = 0; i < SINE_TABLE.length; i++) SINE_TABLE[i] = Math.sin((i / SINE_TABLE.length) * Math.PI * 2);
export function sine(x: number) { return SINE_TABLE[Math.floor(x) & 0xfffff]; }`,
      `function buildPrimeSieve() {
  const sieve = new Uint8Array(10_000_000);
  for (let i = 2; i < 10_000_000; i++) if (!sieve[i]) for (let j = i * 2; j < 10_000_000; j += i) sieve[j] = 1;
  return sieve;
}
const SIEVE = buildPrimeSieve();
export const isPrime = (n: number) => SIEVE[n] === 0;`,
      `async function main() {
  const rows = await loadFixtures();
  for (const a of rows) for (const b of rows) link(a, b);
}
main();`,
      `server.listen(3000, () => {
  for (let i = 0; i < 100_000; i++) pool.push(allocate());
});`,
    ],
    'one-shot script': [
      {
        filename: 'scripts/seed.ts',
        code: `import { createHash } from 'node:crypto';
async function seed(users: User[]) {
  for (const user of users) user.hash = createHash('sha256').update(user.password).digest('hex');
  await db.users.insertMany(users);
}
seed(JSON.parse(readFileSync('users.json', 'utf8')));`,
      },
      {
        code: `#!/usr/bin/env node
async function run(files: string[]) {
  for (let i = 0; i < 50_000_000; i++) checksum ^= i;
  for (const f of files) for (const g of files) compare(f, g);
}
run(process.argv.slice(2));`,
      },
    ],
    'sync utility not on a hot path': [
      `export function levenshtein(a: string, b: string): number {
  const dp: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    dp.push([]);
    for (let j = 0; j <= b.length; j++) dp[i]!.push(i === 0 ? j : j === 0 ? i : 0);
  }
  return dp[a.length]![b.length]!;
}`,
      `export function countPrimes(limit: number) {
  let count = 0;
  for (let n = 2; n < 1_000_000; n++) if (isPrime(n)) count++;
  return count;
}`,
    ],
    'test code': [
      {
        filename: 'src/matrix.test.ts',
        code: `it('multiplies large matrices', async () => {
  for (let i = 0; i < 1e6; i++) m.set(i, i);
});`,
      },
      {
        name: 'a test support module by its name, beside the code (real-code audit)',
        filename: 'internal-packages/dashboard-agent/src/test-support.ts',
        code: `export async function seedCards(store: MemoryStore, cards: Card[], stored: Card[]) {
  for (const card of cards) {
    for (const existing of stored) {
      if (existing.title === card.title && existing.owner !== card.owner) store.conflicts.push([card.id, existing.id]);
    }
  }
}`,
      },
    ],
    'heavy work in a nested function, not in the loop body': [
      `export async function register(users: User[], bus: Bus) {
  for (const user of users) {
    bus.once(user.id, () => audit(user));
  }
}`,
      `export async function fanOut(users: User[], orders: Order[]) {
  await Promise.all(users.map(async (u) => {
    for (const o of orders) if (o.userId === u.id) await notify(u, o);
  }));
}`,
    ],
    'names that only look heavy': [
      `function createHash(value: string) { return value.length; }
export async function keys(items: Item[]) {
  return items.map((i) => createHash(i.name));
}`,
      `export async function sortedCopy(items: Item[]) {
  for (const item of items) item.tags = [...item.tags];
  return [3, 1, 2].sort();
}`,
    ],
    'collections capped before the loop': [
      `app.post('/events', async (request, reply) => {
  const events = (request.body as { events?: Evt[] }).events ?? [];
  if (events.length > 25) {
    return reply.code(413).send({ error: 'at most 25 events' });
  }
  const messages = events.map((e) => JSON.stringify(e));
  await queue.publish('events', messages);
});`,
      `export async function poll(sqs: SQSClient, QueueUrl: string) {
  const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
  for (const m of Messages) handle(JSON.parse(m.Body!));
}`,
      `app.get('/feed', async (req, res) => {
  const rows = await db.query('SELECT payload FROM feed WHERE user_id = $1 ORDER BY id DESC LIMIT 20', [req.params.id]);
  res.json(rows.map((r) => JSON.parse(r.payload)));
});`,
      `app.get('/latest', async (req, res) => {
  const docs = await Post.find({ author: req.params.id }).sort({ at: -1 }).limit(10).lean();
  res.json(docs.map((d) => JSON.parse(d.body)));
});`,
    ],
    'not an array, or nothing to wait for (types)': [
      {
        code: `interface Option<T> { map<U>(fn: (value: T) => U): Option<U> }
interface User { email: string }
declare const users: { byEmail(e: string): Promise<Option<User>> };
declare function createHash(a: string): { update(s: string): { digest(e: 'hex'): string } };
export async function avatar(email: string) {
  const user = await users.byEmail(email);
  return user.map((u) => createHash('md5').update(u.email).digest('hex'));
}`,
        types: true,
      },
      {
        code: `interface Endpoint { host: string; port: number }
declare const topology: { current(): Promise<readonly [Endpoint, Endpoint, Endpoint]> };
export async function describe() {
  const endpoints = await topology.current();
  const out: string[] = [];
  for (const ep of endpoints) out.push(JSON.stringify(ep));
  return out;
}`,
        types: true,
      },
    ],
    'records, filtered reads and cheap regexes per record': [
      `export async function reviewQueue(authorId: string) {
  const pending = await Ticket.find({ status: 'pending' }, 'subject body').lean();
  const premium = await prisma.user.findMany({ where: { isPremium: true }, select: { id: true, bio: true } });
  const words = new Set<string>();
  for (const t of pending) for (const w of t.body.split(/\\s+/)) words.add(w);
  for (const u of premium) for (const w of u.bio.split(/\\s+/)) words.add(w);
  const { rows } = await pool.query('SELECT body FROM notes WHERE author_id = $1', [authorId]);
  for (const row of rows) for (const w of row.body.split(/\\s+/)) words.add(w);
  return words;
}`,
      `app.get('/users', async (req, res) => {
  const users = await db.users.findMany({ where: { teamId: req.params.team } });
  res.json(users.filter((u) => /^admin/.test(u.role)));
});`,
      `export class SearchService {
  async rebuildFor(tenant: string) {
    const docs = await this.db('documents').where({ tenant }).select('id', 'body');
    const index = new Map<string, number[]>();
    for (const doc of docs) {
      for (const word of doc.body.split(/\\W+/)) index.set(word, [...(index.get(word) ?? []), doc.id]);
    }
    return index;
  }
}`,
    ],
    'sandboxed processors and cheap helpers': [
      `import type { SandboxedJob } from 'bullmq';
import { createHash } from 'node:crypto';
function fingerprint(fields: Record<string, string>) { return createHash('sha1').update(JSON.stringify(fields)).digest('hex'); }
export default async function (job: SandboxedJob<{ records: Array<{ fields: Record<string, string> }> }>) {
  return job.data.records.map((r) => fingerprint(r.fields));
}`,
      `function label(row: Row) { return \`\${row.first} \${row.last}\`.trim(); }
app.get('/people', async (req, res) => {
  const rows = await db.people.findMany({ where: { team: req.params.team } });
  res.json(rows.map((r) => label(r)));
});`,
    ],
    'accumulators, output rows and lists of one item': [
      `export async function dropAll(metadatas: EntityMetadata[]) {
  const databases: string[] = [];
  metadatas.forEach((metadata) => {
    if (metadata.database && databases.indexOf(metadata.database) === -1) databases.push(metadata.database);
  });
  return databases;
}`,
      `export async function junctionRows(owners: Entity[], related: Entity[]) {
  const bulk: Row[] = [];
  owners.forEach((owner) => {
    related.forEach((other) => {
      bulk.push({ ownerId: owner.id, relatedId: other.id });
    });
  });
  await db.junction.insertMany(bulk);
}`,
      `export async function keysOf(rows: Row[], columns: Column[]) {
  return rows.map((row) => {
    const parts: string[] = [];
    columns.forEach((c) => parts.push(String(row[c.name])));
    return parts.sort().join('|');
  });
}`,
    ],
    'thresholds from settings': [
      {
        name: 'nested depth raised to 3',
        code: `export async function crossJoin(users: User[], roles: Role[]) {
  for (const u of users) for (const r of roles) grant(u, r);
}`,
        settings: { loopCost: { nestedDepth: 3 } },
      },
    ],
    'schema and configuration collections are small by nature (real-code audit)': [
      `export async function planCrawl(http: AxiosInstance) {
  const robots = await http.get<string>('/robots.txt');
  const sitemap = await http.get<string>('/sitemap.xml');
  const disallow = parseRobots(robots.data);
  return parseSitemap(sitemap.data).filter((u) => !disallow.some((d) => new URL(u).pathname.startsWith(d)));
}`,
      `export async function afterRead(rows: Row[], field: BlocksField) {
  for (const row of rows) {
    const block = field.blocks.find((b) => b.slug === row.blockType);
    if (block) row.label = block.label;
  }
}`,
      `export async function importStrategies(dto: ImportDto) {
  const supportedStrategies = await strategyService.getStrategies();
  return dto.data.featureStrategies.filter((s) => !supportedStrategies.find((known) => known.name === s.name));
}`,
      `export async function findField(path: string, fields: Field[]) {
  let current = fields;
  for (const segment of path.split('.')) {
    const field = current.find((f) => f.name === segment);
    if (field?.fields) current = field.fields;
  }
  return current;
}`,
      `export async function applyTemplate(users: User[], template: SettingsTemplate) {
  for (const user of users) {
    for (const [key, value] of Object.entries(template)) if (user.settings[key] === undefined) user.settings[key] = value;
  }
}`,
      `export async function cleanFeatures(features: Feature[]) {
  return features.map(({ strategies, ...rest }) => ({ ...rest, strategies: strategies.sort(byOrder) }));
}`,
    ],
    'a cross product the code asks for is output-sized (real-code audit)': [
      `export async function tagFeatures(featureNames: string[], addedTags: Tag[], user: User) {
  const rows = featureNames.flatMap((featureName) =>
    addedTags.map((tag) => ({ featureName, tagType: tag.type, tagValue: tag.value, createdBy: user.id })));
  await featureTagStore.tagFeatures(rows);
}`,
      `export async function grantAccess(groups: number[], roleIds: number[], projectId: string) {
  const rows = groups.flatMap((group) => roleIds.map((role) => ({ group_id: group, role_id: role, project: projectId })));
  await db('group_role').insert(rows);
}`,
    ],
    'JSON of one field while shaping a row or writing a message (real-code audit)': [
      `export async function fetchHistory(userUid: string) {
  const history = await prisma.userHistory.findMany({ where: { userUid } });
  return history.map((h) => ({ ...h, request: JSON.stringify(h.request), response: h.response ? JSON.stringify(h.response) : null }));
}`,
      `export async function validateTrailers(values: unknown[]) {
  const errors: string[] = [];
  for (const value of values) {
    if (typeof value !== 'string') errors.push(\`Invalid trailer: \${JSON.stringify(value)}\`);
  }
  return errors;
}`,
      `export async function rulesByKey(priceLists: PriceList[]) {
  const byKey = new Map<string, Rule>();
  for (const list of priceLists) byKey.set(JSON.stringify(list.rules), list.rules);
  return byKey;
}`,
    ],
    'not Node server code (real-code audit)': [
      {
        name: "a React effect's stream reader runs in the browser, never in server rendering",
        filename: 'app/components/agent/AgentView.tsx',
        code: `import { useEffect } from 'react';
export function AgentView({ url, onParts }: { url: string; onParts: (p: Part[]) => void }) {
  useEffect(() => {
    const abort = new AbortController();
    const readInput = async () => {
      const reader = (await fetch(url, { signal: abort.signal })).body!.getReader();
      const pending: Part[] = [];
      while (!abort.signal.aborted) {
        const { done, value } = await reader.read();
        if (done) return;
        const batch: Part[] = JSON.parse(new TextDecoder().decode(value));
        for (const part of batch) for (const other of pending) if (other.toolCallId === part.toolCallId) Object.assign(other, part);
        onParts(pending);
      }
    };
    void readInput();
    return () => abort.abort();
  }, [url]);
  return null;
}`,
      },
      {
        name: 'React.useLayoutEffect, through the namespace import',
        filename: 'app/components/Grid.tsx',
        code: `import * as React from 'react';
export function Grid({ rows, events }: { rows: Row[]; events: TimelineEvent[] }) {
  React.useLayoutEffect(() => {
    const apply = async () => {
      for (const row of rows) for (const event of events) if (event.id === row.eventId) row.events.push(event);
    };
    void apply();
  }, [rows, events]);
  return null;
}`,
      },
      {
        name: "a 'use client' module runs in the browser",
        filename: 'src/components/ImportPreview/index.tsx',
        code: `'use client'
export async function processFileData(rows: Row[], fields: string[]) {
  for (const row of rows) for (const other of rows) if (row.id === other.parentId) row.children.push(other);
}`,
      },
      {
        name: 'a fake store used only by tests',
        filename: 'src/lib/features/toggles/fakes/fake-toggle-store.ts',
        code: `export class FakeToggleStore {
  toggles: Toggle[] = [];
  async removeAll(toRemove: Toggle[]) {
    this.toggles = this.toggles.filter((t) => !toRemove.some((r) => r.name === t.name));
  }
}`,
      },
    ],
  },

  invalid: {
    'the lines of an upload, not of a command': [
      {
        name: 'NDJSON posted by a client, parsed line by line',
        code: `app.post('/import', async (req, res) => {
  const body: string = req.body.ndjson;
  const rows = body.trim().split('\\n').map((line) => JSON.parse(line));
  res.json({ count: await store.insertMany(rows) });
});`,
        errors: [{ messageId: 'heavyOperation', line: 3, column: 16 }],
      },
    ],
    'a multi-get of every key a pattern matches': [
      {
        name: 'JSON of every cached snapshot, keys from a KEYS scan',
        code: `import Redis from 'ioredis';
const redis = new Redis();
app.get('/snapshots', async (_req, res) => {
  const keys = await redis.keys('snapshot:*');
  const values = await redis.mget(...keys);
  res.json(values.map((v) => JSON.parse(v!)));
});`,
        errors: [{ messageId: 'heavyOperation', line: 6, column: 12 }],
      },
    ],
    'work in a helper the handler calls, hashing in a method, a size the client sends': [
      {
        name: 'a nested loop in a plain helper that only a route calls',
        code: `function similarity(docs: { id: string; vec: number[] }[]): number[][] {
  const n = docs.length;
  const out: number[][] = [];
  for (let i = 0; i < n; i++) {
    out.push([]);
    for (let j = 0; j < n; j++) out[i]!.push(dot(docs[i]!.vec, docs[j]!.vec));
  }
  return out;
}
router.post('/similarity', async (ctx) => {
  ctx.body = similarity(ctx.request.body.docs);
});`,
        errors: [{ messageId: 'nestedInput', line: 4, column: 3, severity: 'info' }],
      },
      {
        name: 'a method of the same class that hashes a few times per item',
        code: `import { createHash } from 'node:crypto';
export class TokenIndex {
  async rebuild(tokens: string[]) {
    const slots = new Set<number>();
    for (const token of tokens) {
      for (const slot of this.slotsOf(token)) slots.add(slot);
    }
    this.slots = slots;
  }
  private slotsOf(token: string): number[] {
    const out: number[] = [];
    for (let seed = 0; seed < 4; seed++) out.push(createHash('sha1').update(seed + token).digest().readUInt32LE(0));
    return out;
  }
}`,
        errors: [{ messageId: 'heavyOperation', line: 5, column: 5 }],
      },
      {
        name: 'a grid as large as the numbers in the request headers',
        code: `app.post('/render', async (req, res) => {
  const width = Number(req.headers['x-width']);
  const height = parseInt(String(req.query.h), 10);
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) out[y * width + x] = shade(x, y);
  }
  res.end(Buffer.from(out));
});`,
        errors: [{ messageId: 'nestedInput', line: 5, column: 3 }],
      },
      {
        name: 'the same list with no cap in its schema',
        code: `import { z } from 'zod';
const Body = z.object({ recipients: z.array(z.string().email()).nonempty() });
app.post('/invites', async (req, res) => {
  const { recipients } = Body.parse(req.body);
  for (let i = 0; i < recipients.length; i++) {
    for (let j = i + 1; j < recipients.length; j++) {
      if (recipients[i] === recipients[j]) return res.status(400).json({ duplicate: recipients[i] });
    }
  }
  res.json(await sendInvites(recipients));
});`,
        errors: [{ messageId: 'nestedInput', line: 5, column: 3 }],
      },
      {
        name: 'inflating every message of a Kafka batch',
        code: `import { inflateSync } from 'node:zlib';
await consumer.run({
  eachBatch: async ({ batch }) => {
    const docs = batch.messages.map((m) => JSON.parse(inflateSync(m.value!).toString()));
    await index.bulk(docs);
  },
});`,
        errors: [{ messageId: 'heavyOperation', line: 4, column: 18 }],
      },
    ],
    'an enum bound, a server file named like a worker, a body read into bytes, records and dictionaries': [
      {
        name: 'a bound from a const enum member',
        code: `const enum Work { Rounds = 250_000 }
export async function stretch(seed: string) {
  let h = seed;
  for (let i = 0; i < Work.Rounds; i++) h = mix(h, i);
  return h;
}`,
        errors: [{ messageId: 'largeBound', line: 4, column: 3, severity: 'warning' }],
      },
      {
        name: 'a route in a file named image-worker.ts that also starts worker threads',
        filename: 'src/image-worker.ts',
        code: `import { Worker } from 'node:worker_threads';
app.post('/resize', (req, res) => {
  new Worker('./resize.js', { workerData: req.body }).once('message', (m) => res.json(m));
});
app.post('/dedupe', async (req, res) => {
  const a: string[] = req.body.a;
  const b: string[] = req.body.b;
  const both: string[] = [];
  for (const x of a) for (const y of b) if (x === y) both.push(x);
  res.json(both);
});`,
        errors: [{ messageId: 'nestedInput', line: 9, column: 3 }],
      },
      {
        name: 'hashing chunks of an uploaded body read into bytes',
        code: `import { createHash } from 'node:crypto';
app.put('/blobs', async (c) => {
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  const sums: string[] = [];
  for (let i = 0; i < bytes.length; i += 1) {
    if (bytes[i] === 10) sums.push(createHash('sha1').update(bytes.subarray(0, i)).digest('hex'));
  }
  return c.json(sums);
});`,
        errors: [{ messageId: 'heavyOperation', line: 5, column: 3 }],
      },
      {
        name: 'a record per row, reshaped and serialised into NDJSON',
        code: `app.get('/events.ndjson', async (req, res) => {
  const rows = await db('events').where('tenant_id', req.query.tenant);
  let out = '';
  for (const row of rows) out += JSON.stringify({ id: row.id, type: row.type, at: row.created_at }) + '\\n';
  res.send(out);
});`,
        errors: [{ messageId: 'heavyOperation', line: 4, column: 3 }],
      },
      {
        name: 'every series of a by-key dictionary sorted',
        code: `app.get('/latency', async (_req, res) => {
  const byHost: Record<string, number[]> = await loadSamples();
  const p99: Record<string, number> = {};
  Object.entries(byHost).forEach(([host, xs]) => {
    xs.sort((a, b) => a - b);
    p99[host] = xs[Math.floor(xs.length * 0.99)]!;
  });
  res.json(p99);
});`,
        errors: [{ messageId: 'heavyOperation', line: 4, column: 3 }],
      },
      {
        name: 'the tokens of every article of a whole collection',
        code: `export class Search {
  async rebuild() {
    const docs = await this.articles.find({}, { projection: { body: 1 } }).toArray();
    const index = new Map<string, Set<string>>();
    for (const doc of docs) {
      for (const token of doc.body.match(/\\w{3,}/g) ?? []) {
        if (!index.has(token)) index.set(token, new Set());
        index.get(token)!.add(doc._id);
      }
    }
    this.index = index;
  }
}`,
        errors: [{ messageId: 'nestedInput', line: 5, column: 5 }],
      },
      {
        name: 'the tokens of every article, read with a Mongoose projection',
        code: `app.post('/admin/search/reindex', async (_req, res) => {
  const docs = await Article.find({}, { title: 1, body: 1 }).lean();
  const index: Record<string, Record<string, number>> = {};
  for (const doc of docs) {
    for (const token of \`\${doc.title} \${doc.body}\`.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
      const postings = (index[token] ??= {});
      postings[String(doc._id)] = (postings[String(doc._id)] ?? 0) + 1;
    }
  }
  res.json({ terms: Object.keys(index).length });
});`,
        errors: [{ messageId: 'nestedInput', line: 4, column: 3 }],
      },
    ],
    'a worklist sorted again on every iteration': [
      {
        name: 'Dijkstra with the frontier kept as an array',
        code: `fastify.get('/delivery/eta', async (request) => {
  const dist = new Float64Array(graph.length).fill(Infinity);
  const frontier: number[] = [Number(request.query.from)];
  dist[frontier[0]!] = 0;
  while (frontier.length > 0) {
    frontier.sort((a, b) => dist[b]! - dist[a]!);
    const node = frontier.pop()!;
    for (const edge of graph[node]!) {
      const d = dist[node]! + edge.seconds;
      if (d < dist[edge.to]!) {
        dist[edge.to] = d;
        frontier.push(edge.to);
      }
    }
  }
  return { eta: dist[Number(request.query.to)] };
});`,
        errors: [{ messageId: 'heavyOperation', line: 5, column: 3, severity: 'info' }],
      },
    ],
    'a set grown to a large size': [
      {
        name: 'half a million unique codes',
        code: `export async function POST(request: Request) {
  const codes = new Set<string>();
  while (codes.size < 500_000) codes.add(Math.random().toString(36).slice(2, 12));
  return Response.json({ count: codes.size });
}`,
        errors: [{ messageId: 'largeBound', line: 3, column: 3 }],
      },
    ],
    'a search that hashes until it finds, and the words of every item a message carries': [
      {
        name: 'a proof of work in a signup handler',
        code: `import { createHash, randomUUID } from 'node:crypto';
app.post('/signup', async (req, res) => {
  const prefix = '0'.repeat(6);
  const challenge = randomUUID();
  let nonce = 0;
  let digest: string;
  do {
    nonce++;
    digest = createHash('sha256').update(\`\${challenge}:\${nonce}\`).digest('hex');
  } while (!digest.startsWith(prefix));
  res.json({ nonce });
});`,
        errors: [{ messageId: 'heavyOperation', line: 7, column: 3, severity: 'warning' }],
      },
      {
        name: 'a proof of work whose hash is a helper of the file',
        code: `import { createHash } from 'node:crypto';
import express from 'express';

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const app = express();
app.post('/challenge', (req, res) => {
  const seed = String(req.body.seed);
  let nonce = 0;
  let digest = '';
  do {
    nonce++;
    digest = sha256(seed + nonce);
  } while (!digest.startsWith('00000'));
  res.json({ nonce, digest });
});`,
        errors: [{ messageId: 'heavyOperation', line: 13, column: 3 }],
      },
      {
        name: 'an index rebuilt from the catalog a pub/sub message carries',
        code: `sub.on('message', (_channel: string, message: string) => {
  const catalog = JSON.parse(message) as { products: { id: string; name: string }[] };
  const next = new Map<string, Set<string>>();
  for (const product of catalog.products) {
    for (const token of product.name.toLowerCase().split(/[^a-z0-9]+/)) {
      let ids = next.get(token);
      if (!ids) next.set(token, (ids = new Set()));
      ids.add(product.id);
    }
  }
  index = next;
});`,
        errors: [{ messageId: 'nestedInput', line: 4, column: 3 }],
      },
    ],
    'the words of every document a client sent': [
      {
        name: 'an inverted index built from the request body',
        code: `export async function POST(req: Request) {
  const { docs } = (await req.json()) as { docs: { id: string; body: string }[] };
  const index: Record<string, Record<string, number>> = {};
  for (const doc of docs) {
    for (const word of doc.body.toLowerCase().split(/[^a-z0-9]+/)) {
      const postings = (index[word] ??= {});
      postings[doc.id] = (postings[doc.id] ?? 0) + 1;
    }
  }
  return Response.json({ terms: Object.keys(index).length });
}`,
        errors: [{ messageId: 'nestedInput', line: 4, column: 3 }],
      },
    ],
    'a long alternation tried on every row': [
      {
        name: 'user agents classified with a long alternation over every page view',
        code: `const BOT_RE = /(bot|crawler|spider|crawling|headless|lighthouse|pingdom|(?:python|go|java)-http|curl\\/)/i;
export async function breakdown(views: { userAgent: string }[]) {
  return views.reduce<Record<string, number>>((acc, v) => {
    const kind = BOT_RE.test(v.userAgent) ? 'bot' : 'human';
    acc[kind] = (acc[kind] ?? 0) + 1;
    return acc;
  }, {});
}`,
        errors: [{ messageId: 'heavyOperation', line: 3, column: 10 }],
      },
    ],
    'still reported next to the audit filters': [
      {
        name: 'a distance matrix: a map inside a map over the same points',
        code: `export async function distances(points: Point[]) {
  return points.map((a) => points.map((b) => Math.hypot(a.x - b.x, a.y - b.y)));
}`,
        errors: [{ messageId: 'nestedInput', line: 2, column: 10 }],
      },
      {
        name: 'a whole item decoded on every iteration',
        code: `export async function decodeEvents(rows: { body: string }[]) {
  return rows.map((row) => JSON.parse(row.body));
}`,
        errors: [{ messageId: 'heavyOperation', line: 2, column: 10, severity: 'info' }],
      },
      {
        name: 'a password hash checked against every previous one',
        code: `import bcrypt from 'bcryptjs';
export async function reusedBefore(password: string, previous: string[]) {
  return previous.some((hash) => bcrypt.compareSync(password, hash));
}`,
        errors: [{ messageId: 'heavyOperation', line: 3, column: 10, severity: 'warning' }],
      },
      {
        name: 'words of a text split on spaces are input-sized (a path split on dots is not)',
        code: `export async function repeatedWords(text: string) {
  const words = text.split(' ');
  let pairs = 0;
  for (const a of words) for (const b of words) if (a === b) pairs++;
  return pairs;
}`,
        errors: [{ messageId: 'nestedInput', line: 4, column: 3 }],
      },
      {
        name: 'destructured from the options object, named as data',
        code: `export async function expand(params: { items: Item[]; ids: string[] }) {
  const { items } = params;
  const idsToFetch: string[] = [];
  items.forEach((item) => {
    if (!idsToFetch.some((id) => id === item.ref)) idsToFetch.push(item.ref);
  });
  return idsToFetch;
}`,
        errors: [{ messageId: 'nestedInput', line: 4, column: 3 }],
      },
    ],
    'large constant bound': [
      {
        code: `export async function estimatePi() {
  let inside = 0;
  for (let i = 0; i < 1e7; i++) {
    const x = Math.random(), y = Math.random();
    if (x * x + y * y <= 1) inside++;
  }
  return (4 * inside) / 1e7;
}`,
        errors: [{ messageId: 'largeBound', line: 3, column: 3, endLine: 6, endColumn: 4, related: 1, severity: 'warning' }],
      },
      {
        code: `app.get('/spin', (req, res) => {
  let n = 0;
  while (n < 5_000_000) {
    n++;
  }
  res.send(String(n));
});`,
        errors: [{ messageId: 'largeBound', line: 3, column: 3 }],
      },
      {
        code: `const ROUNDS = 100_000;
export async function stretchKey(password: string) {
  let hash = password;
  for (let round = 0; round < ROUNDS; round++) hash = sha256(hash + round);
  return hash;
}`,
        errors: [{ messageId: 'largeBound', line: 4, column: 3 }],
      },
      {
        code: `export async function renderHeatmap(values: number[]) {
  const canvas = createCanvas(512, 512);
  for (let y = 0; y < 512; y++) {
    for (let x = 0; x < 512; x++) canvas.set(x, y, colour(values, x, y));
  }
  return canvas;
}`,
        errors: [{ messageId: 'largeBound', line: 3, column: 3, related: 1 }],
      },
      {
        code: `app.get('/fixtures', (req, res) => {
  const rows = Array.from({ length: 200_000 }).map((_, i) => ({ id: i, name: \`user \${i}\` }));
  res.json(rows);
});`,
        errors: [{ messageId: 'largeBound', line: 2, column: 16 }],
      },
      {
        code: `emitter.on('recalculate', () => {
  let i = 0;
  do {
    totals[i % 10] += weights[i % 7];
    i++;
  } while (i < 2_000_000);
});`,
        errors: [{ messageId: 'largeBound', line: 3, column: 3 }],
      },
      {
        code: `export async function countdown() {
  for (let i = 1_000_000; i > 0; i--) tick(i);
}`,
        errors: [{ messageId: 'largeBound', line: 2, column: 3 }],
      },
      {
        name: 'labelled loop: the range starts at the keyword',
        code: `export async function findTriple() {
  outer: for (let a = 1; a < 1000; a++) {
    for (let b = a; b < 1000; b++) {
      if (isTriple(a, b)) break outer;
    }
  }
}`,
        errors: [{ messageId: 'largeBound', line: 2, column: 10, endLine: 6, endColumn: 4 }],
      },
    ],
    'nested loops over input': [
      {
        name: 'a server-side helper that is only named useEffect is not a React effect',
        filename: 'src/jobs/reconcile.ts',
        code: `import { useEffect } from './effects';
export function registerReconcile(accounts: Account[], ledgers: Ledger[]) {
  useEffect(async () => {
    for (const account of accounts) for (const ledger of ledgers) if (ledger.accountId === account.id) account.balance += ledger.amount;
  });
}`,
        errors: [{ messageId: 'nestedInput', line: 4, column: 5 }],
      },
      {
        name: 'every earlier item for each item, by an index bounded by the outer one',
        code: `export async function loader({ params }: { params: { showId: string } }) {
  const downloads: { ip: string; at: number }[] = await db.downloadsOf(params.showId);
  let unique = 0;
  for (let i = 0; i < downloads.length; i++) {
    let repeat = false;
    for (let j = 0; j < i; j++) {
      if (downloads[i].ip === downloads[j].ip && Math.abs(downloads[i].at - downloads[j].at) < 60_000) { repeat = true; break; }
    }
    if (!repeat) unique++;
  }
  return { unique };
}`,
        errors: [{ messageId: 'nestedInput', line: 4, column: 3 }],
      },
      {
        name: 'a module whose name only ends like a test helper (contest-utils) is product code',
        filename: 'src/contests/contest-utils.ts',
        code: `export async function duplicateEntries(contestId: string) {
  const entries: { id: string; email: string }[] = await db.entriesOf(contestId);
  const duplicates: string[] = [];
  for (const entry of entries) {
    for (const other of entries) if (other.id !== entry.id && other.email === entry.email) duplicates.push(entry.id);
  }
  return duplicates;
}`,
        errors: [{ messageId: 'nestedInput', line: 4, column: 3 }],
      },
      {
        name: 'the lines of one order against the whole catalog',
        code: `import { Order, Product } from './models';
app.get('/orders/:id/invoice', async (req, res) => {
  const order = await Order.findById(req.params.id).lean();
  const products = await Product.find().lean();
  const lines = [];
  for (const line of order.lines) {
    for (const product of products) if (String(product._id) === String(line.productId)) lines.push({ ...line, name: product.name });
  }
  res.json({ lines });
});`,
        errors: [{ messageId: 'nestedInput', line: 6, column: 3 }],
      },
      {
        name: 'every pair of one list, by the items after each',
        code: `import { createServer } from 'node:http';
import { json } from 'node:stream/consumers';
createServer(async (req, res) => {
  const listings = (await json(req)) as { id: string; address: string }[];
  const duplicates: string[] = [];
  listings.forEach((a, i) => {
    for (const b of listings.slice(i + 1)) if (a.address === b.address) duplicates.push(b.id);
  });
  res.end(JSON.stringify({ duplicates }));
}).listen(8080);`,
        errors: [{ messageId: 'nestedInput', line: 6, column: 3 }],
      },
      {
        code: `export async function attachOrders(users: User[], orders: Order[]) {
  for (const user of users) {
    for (const order of orders) {
      if (order.userId === user.id) user.orders.push(order);
    }
  }
}`,
        errors: [{ messageId: 'nestedInput', line: 2, column: 3, related: 1 }],
      },
      {
        code: `app.post('/blur', async (req, res) => {
  const img = await decodePng(req.body);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      img.data[y * img.width + x] = average(img, x, y);
    }
  }
  res.send(encodePng(img));
});`,
        errors: [{ messageId: 'nestedInput', line: 3, column: 3 }],
      },
      {
        code: `export async function closestPair(points: Point[]) {
  let best = Infinity;
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) best = Math.min(best, distance(points[i]!, points[j]!));
  }
  return best;
}`,
        errors: [{ messageId: 'nestedInput', line: 3, column: 3 }],
      },
      {
        code: `queue.process(async (job) => {
  const { a, b } = job.data;
  const c: number[][] = [];
  for (let i = 0; i < a.length; i++) {
    c.push([]);
    for (let j = 0; j < b[0].length; j++) {
      let sum = 0;
      for (let k = 0; k < b.length; k++) sum += a[i][k] * b[k][j];
      c[i].push(sum);
    }
  }
  return c;
});`,
        errors: [{ messageId: 'nestedInput', line: 4, column: 3 }],
      },
      {
        code: `class ReportsController {
  @Get('duplicates')
  duplicates(@Query() query: Filter) {
    const rows = this.repo.find(query);
    const dupes = [];
    for (const a of rows) for (const b of rows) if (a !== b && a.email === b.email) dupes.push(a);
    return dupes;
  }
}`,
        errors: [{ messageId: 'nestedInput', line: 6, column: 5 }],
      },
      {
        code: `export async function similarity(docs: Doc[]) {
  const result = [];
  for (const doc of docs) {
    for (let i = 0; i < doc.vector.length; i++) {
      for (let j = 0; j < doc.vector.length; j++) result.push(doc.vector[i] * doc.vector[j]);
    }
  }
  return result;
}`,
        errors: [{ messageId: 'nestedInput', line: 3, column: 3 }],
      },
      {
        name: 'the outer loop awaits: the nested pair inside is reported on its own',
        code: `export async function reconcile(accounts: Account[], ledger: Entry[]) {
  for (const account of accounts) {
    const balance = await bank.balance(account.id);
    for (const entry of ledger) {
      for (const other of ledger) if (entry.ref === other.ref) check(account, balance, entry, other);
    }
  }
}`,
        errors: [{ messageId: 'nestedInput', line: 4, column: 5 }],
      },
    ],
    'hashing in loop': [
      {
        code: `import bcrypt from 'bcrypt';
app.post('/users/import', (req, res) => {
  for (const user of req.body.users) {
    user.passwordHash = bcrypt.hashSync(user.password, 12);
  }
  res.sendStatus(204);
});`,
        errors: [{ messageId: 'heavyOperation', line: 3, column: 3, related: 1, severity: 'warning' }],
      },
      {
        code: `import { pbkdf2Sync } from 'node:crypto';
export async function deriveKeys(secrets: string[]) {
  return secrets.map((s) => pbkdf2Sync(s, SALT, 310_000, 32, 'sha256'));
}`,
        errors: [{ messageId: 'heavyOperation', line: 3, column: 10, severity: 'warning' }],
      },
      {
        code: `import * as crypto from 'crypto';
export async function fingerprint(files: Buffer[]) {
  const sums: string[] = [];
  for (const file of files) sums.push(crypto.createHash('sha256').update(file).digest('hex'));
  return sums;
}`,
        errors: [{ messageId: 'heavyOperation', line: 4, column: 3, severity: 'info' }],
      },
      {
        code: `const crypto = require('crypto');
channel.consume('webhooks', (msg) => {
  const events = JSON.parse(msg.content.toString()).events;
  for (const event of events) {
    event.valid = crypto.createHmac('sha256', SECRET).update(event.body).digest('hex') === event.signature;
  }
});`,
        errors: [{ messageId: 'heavyOperation', line: 4, column: 3 }],
      },
      {
        code: `import { scryptSync } from 'crypto';
export class AuthService {
  async verifyAll(attempts: Attempt[]) {
    return attempts.filter((a) => scryptSync(a.password, a.salt, 64).equals(a.expected));
  }
}`,
        errors: [{ messageId: 'heavyOperation', line: 4, column: 12, severity: 'warning' }],
      },
    ],
    'compression in loop': [
      {
        code: `import * as zlib from 'node:zlib';
app.post('/archive', (req, res) => {
  const parts = [];
  for (const doc of req.body.documents) parts.push(zlib.gzipSync(JSON.stringify(doc)));
  res.json(parts.map((p) => p.toString('base64')));
});`,
        errors: [{ messageId: 'heavyOperation', line: 4, column: 3 }],
      },
      {
        code: `import { brotliCompressSync } from 'zlib';
export async function packAssets(assets: Asset[]) {
  for (const asset of assets) asset.compressed = brotliCompressSync(asset.body);
}`,
        errors: [{ messageId: 'heavyOperation', line: 3, column: 3 }],
      },
    ],
    'JSON in loop': [
      {
        code: `export async function parseLog(text: string) {
  const events = [];
  for (const line of text.split('\\n')) {
    if (line) events.push(JSON.parse(line));
  }
  return events;
}`,
        errors: [{ messageId: 'heavyOperation', line: 3, column: 3 }],
      },
      {
        code: `export async function decodeAll(rows: { payload: string }[]) {
  return rows.map((r) => r.payload).map(JSON.parse);
}`,
        errors: [{ messageId: 'heavyOperation', line: 2, column: 10 }],
      },
      {
        code: `wss.on('connection', (socket) => {
  socket.on('message', (data) => {
    const { subscribers } = parse(data);
    for (const sub of subscribers) sub.send(JSON.stringify(snapshot));
  });
});`,
        errors: [{ messageId: 'heavyOperation', line: 4, column: 5 }],
      },
      {
        name: 'the same shared book for every client: a local name for module state',
        code: `const wss = new WebSocketServer({ port: 9001 });
const books = new Map<string, OrderBook>();
matchingEngine.on('trade', (symbol: string) => {
  const book = books.get(symbol);
  if (!book) return;
  wss.clients.forEach((client) => {
    if (client.readyState === WebSocket.OPEN) client.send(JSON.stringify({ type: 'book', book }));
  });
});`,
        errors: [{ messageId: 'heavyOperation', line: 6, column: 3 }],
      },
    ],
    'sort in loop': [
      {
        code: `export async function leaderboard(groups: Group[]) {
  for (const group of groups) {
    group.players.sort((a, b) => b.score - a.score);
  }
  return groups;
}`,
        errors: [{ messageId: 'heavyOperation', line: 2, column: 3 }],
      },
      {
        code: `app.get('/medians', async (req, res) => {
  const series = await db.series.findMany();
  res.json(series.map((s) => s.values.toSorted((a, b) => a - b)[s.values.length >> 1]));
});`,
        errors: [{ messageId: 'heavyOperation', line: 3, column: 12 }],
      },
    ],
    'regex on input': [
      {
        code: `const LINE = /^(\\S+) (\\S+) (\\S+) \\[(.*)\\] "(.*)" (\\d+)/;
channel.consume('logs', (msg) => {
  const lines = msg.content.toString().split('\\n');
  for (const line of lines) {
    const m = LINE.exec(line);
    if (m) store(m);
  }
});`,
        errors: [{ messageId: 'heavyOperation', line: 4, column: 3 }],
      },
      {
        code: `app.get('/search', (req, res) => {
  const hits = [];
  for (const product of catalog.products(req.query.category)) {
    if (new RegExp(req.query.q, 'i').test(product.name)) hits.push(product);
  }
  res.json(hits);
});`,
        errors: [{ messageId: 'heavyOperation', line: 3, column: 3 }],
      },
      {
        code: `export async function validateEmails(emails: string[]) {
  return emails.filter((e) => /^([a-zA-Z0-9_.-])+@(([a-zA-Z0-9-])+\\.)+([a-zA-Z0-9]{2,4})+$/.test(e));
}`,
        errors: [{ messageId: 'heavyOperation', line: 2, column: 10 }],
      },
    ],
    'structuredClone and accumulator copies': [
      {
        code: `export async function snapshots(states: State[]) {
  const history = [];
  for (const state of states) history.push(structuredClone(state));
  return history;
}`,
        errors: [{ messageId: 'heavyOperation', line: 3, column: 3 }],
      },
      {
        code: `app.get('/users/by-id', async (req, res) => {
  const users = await db.users.findMany();
  res.json(users.reduce((acc, u) => ({ ...acc, [u.id]: u }), {}));
});`,
        errors: [{ messageId: 'heavyOperation', line: 3, column: 12 }],
      },
      {
        code: `export async function concatAll(chunks: Buffer[]) {
  let all = Buffer.alloc(0);
  for (const chunk of chunks) all = Buffer.concat([all, chunk]);
  return all;
}`,
        errors: [{ messageId: 'heavyOperation', line: 3, column: 3 }],
      },
      {
        code: `export async function collect(pages: Page[]) {
  let items: Item[] = [];
  pages.forEach((page) => {
    items = [...items, ...page.items];
  });
  return items;
}`,
        errors: [{ messageId: 'heavyOperation', line: 3, column: 3 }],
      },
    ],
    'input through fallbacks, copies and lists of patterns': [
      {
        code: `import cities from './cities.json';
app.get('/suggest', (req, res) => {
  const q = req.query.q as string;
  const close = [];
  for (const city of cities) {
    for (let i = 0; i < q.length; i++) {
      if (city.name[i] !== q[i]) close.push(city);
    }
  }
  res.json(close);
});`,
        errors: [{ messageId: 'nestedInput', line: 5, column: 3 }],
      },
      {
        code: `app.post('/contacts/duplicates', (req, res) => {
  const contacts: Contact[] = req.body.contacts ?? [];
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < contacts.length; i++) {
    for (let j = i + 1; j < contacts.length; j++) {
      if (contacts[i].email === contacts[j].email) pairs.push([contacts[i].id, contacts[j].id]);
    }
  }
  res.json(pairs);
});`,
        errors: [{ messageId: 'nestedInput', line: 4, column: 3 }],
      },
      {
        code: `app.post('/rank', (req, res) => {
  const queries: string[][] = req.body.queries;
  const out: Record<string, string[]> = {};
  for (const terms of queries) {
    const ranked = [...corpus].sort((a, b) => score(b, terms) - score(a, terms));
    out[terms.join(' ')] = ranked.slice(0, 20).map((d) => d.id);
  }
  res.json(out);
});`,
        errors: [{ messageId: 'heavyOperation', line: 4, column: 3 }],
      },
      {
        code: `import { createHash } from 'node:crypto';
router.post('/uploads/:id/complete', async (ctx) => {
  const parts = await partStore.load(ctx.params.id);
  const root = parts.reduce((acc, part) => createHash('sha256').update(acc).update(part).digest('hex'), '');
  ctx.body = { root };
});`,
        errors: [{ messageId: 'heavyOperation', line: 4, column: 16 }],
      },
      {
        code: `export async function moderate(page: Comment[], bannedPatterns: RegExp[]) {
  let flagged = 0;
  for (const doc of page) {
    for (const re of bannedPatterns) {
      if (re.test(doc.body)) flagged++;
    }
  }
  return flagged;
}`,
        errors: [{ messageId: 'heavyOperation', line: 3, column: 3 }],
      },
      {
        code: `declare function createHash(algorithm: 'sha256'): { update(s: string): { digest(e: 'hex'): string } };
app.post('/fingerprints', async (req, res) => {
  res.json(req.body.items.map((item: string) => createHash('sha256').update(item).digest('hex')));
});`,
        errors: [{ messageId: 'heavyOperation', line: 3, column: 12 }],
      },
      {
        code: `interface Cache { get(key: string): string | undefined; set(key: string, v: string): void }
declare const cache: Cache;
declare function createHash(a: 'sha256'): { update(s: string): { digest(e: 'hex'): string } };
export async function check(tokens: string[]) {
  const out: string[] = [];
  for (const token of tokens) {
    let digest = await cache.get(token);
    if (digest === undefined) digest = createHash('sha256').update(token).digest('hex');
    out.push(digest);
  }
  return out;
}`,
        types: true,
        errors: [{ messageId: 'heavyOperation', line: 6, column: 3 }],
      },
    ],
    'text, buffers, dictionaries and whole tables': [
      {
        code: `const LINE = /^(\\S+) \\S+ \\S+ \\[([^\\]]+)\\] "(\\w+) ([^"]*?) HTTP/;
router.post('/logs/analyze', async (ctx) => {
  const raw: string = ctx.request.body;
  let hits = 0;
  for (const line of raw.split('\\n')) {
    if (LINE.exec(line)) hits++;
  }
  ctx.body = { hits };
});`,
        errors: [{ messageId: 'heavyOperation', line: 5, column: 3 }],
      },
      {
        code: `import pako from 'pako';
const segments: Array<{ tenant: string; lines: string[] }> = [];
app.post('/logs', async (req) => { segments.push(req.body); });
setTimeout(async () => {
  const batch = segments.splice(0, segments.length);
  const out: Uint8Array[] = [];
  batch.forEach((seg) => out.push(pako.gzip(seg.lines.join('\\n'))));
  await archive.put(out);
}, 10_000);`,
        errors: [{ messageId: 'heavyOperation', line: 7, column: 3 }],
      },
      {
        code: `const catalog: Record<string, { title: string }> = {};
feed.on('product', (p) => { catalog[p.sku] = { title: p.title }; });
router.get('/catalog/search', (ctx) => {
  let re: RegExp;
  try {
    re = new RegExp(String(ctx.query.pattern), 'i');
  } catch {
    ctx.status = 400;
    return;
  }
  const matches: string[] = [];
  for (const sku in catalog) {
    if (re.test(catalog[sku].title)) matches.push(sku);
  }
  ctx.body = matches;
});`,
        errors: [{ messageId: 'heavyOperation', line: 12, column: 3 }],
      },
      {
        code: `export class SearchService {
  async rebuild() {
    const docs = await this.db('documents').select('id', 'title', 'body');
    const index = new Map<string, Set<number>>();
    for (const doc of docs) {
      const tokens = doc.body.toLowerCase().split(/[^a-z0-9]+/);
      for (const token of tokens) {
        if (!index.has(token)) index.set(token, new Set());
        index.get(token)!.add(doc.id);
      }
    }
    return index;
  }
}`,
        errors: [{ messageId: 'nestedInput', line: 5, column: 5 }],
      },
      {
        name: 'the words of every live listing: a filter that only leaves out retired rows',
        code: `app.post('/admin/search/reindex', async (_req, res) => {
  const listings = await mongo.db('realestate').collection('listings')
    .find({ status: 'active' }, { projection: { _id: 1, title: 1, description: 1 } }).toArray();
  const index = new Map<string, Set<string>>();
  for (const doc of listings) {
    for (const token of \`\${doc.title} \${doc.description}\`.toLowerCase().split(/[^a-z0-9]+/)) {
      if (!index.has(token)) index.set(token, new Set());
      index.get(token)!.add(String(doc._id));
    }
  }
  res.json({ terms: index.size });
});`,
        errors: [{ messageId: 'nestedInput', line: 5, column: 3 }],
      },
      {
        name: 'the words of every published post, read with Prisma and with SQL',
        code: `export async function rebuildTagCloud() {
  const posts = await prisma.post.findMany({ where: { published: true }, select: { id: true, body: true } });
  const counts = new Map<string, number>();
  for (const post of posts) {
    for (const word of post.body.split(/\\s+/)) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const { rows } = await pool.query('SELECT id, body FROM comments WHERE deleted_at IS NULL');
  for (const row of rows) {
    for (const word of row.body.split(/\\s+/)) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return counts;
}`,
        errors: [{ messageId: 'nestedInput', line: 4, column: 3 }, { messageId: 'nestedInput', line: 8, column: 3 }],
      },
      {
        code: `interface Player { id: string; x: number; y: number; visible: Set<string> }
declare const players: Map<string, Player>;
setInterval(() => {
  players.forEach((me) => {
    for (const other of players.values()) {
      if ((other.x - me.x) ** 2 + (other.y - me.y) ** 2 < 160000) me.visible.add(other.id);
    }
  });
}, 50);`,
        types: true,
        errors: [{ messageId: 'nestedInput', line: 4, column: 3 }],
      },
    ],
    'helpers, regex tables and deny lists': [
      {
        code: `function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1);
  }
  return prev[b.length];
}
app.get('/search/fuzzy', async (req, res) => {
  const q = String(req.query.q ?? '');
  const all = await products.find({}).toArray();
  const close = [];
  for (const p of all) if (editDistance(q, p.name) <= 3) close.push(p);
  res.json(close);
});`,
        errors: [{ messageId: 'heavyOperation', line: 12, column: 3 }],
      },
      {
        code: `const patterns = { error: /\\b(ERROR|FATAL)\\b/, slow: /took (\\d{4,})ms/ };
app.post('/logs/analyze', (req, res) => {
  const text: string = req.body;
  let errors = 0;
  for (const line of text.split('\\n')) {
    if (patterns.error.test(line)) errors++;
  }
  res.json({ errors });
});`,
        errors: [{ messageId: 'heavyOperation', line: 5, column: 3 }],
      },
      {
        code: `declare let denyList: RegExp[];
app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
  const payload = JSON.stringify(request.body);
  for (const rule of denyList) {
    if (rule.test(payload)) return reply.code(403).send();
  }
});`,
        errors: [{ messageId: 'heavyOperation', line: 4, column: 3 }],
      },
      {
        code: `export class Prices {
  async buildVariants(catalog: Node, variants: Array<{ name: string; markup: number }>) {
    const result: Record<string, Node> = {};
    for (const v of variants) {
      const copy: Node = JSON.parse(JSON.stringify(catalog));
      result[v.name] = copy;
    }
    return result;
  }
}`,
        errors: [{ messageId: 'heavyOperation', line: 4, column: 5 }],
      },
    ],
    'countdowns, grown lists, converted text and regex lists': [
      {
        code: `import { createHmac } from 'node:crypto';
export class Keys {
  async derive(passphrase: string, salt: string) {
    let block = createHmac('sha256', passphrase).update(salt).digest();
    let rounds = 200_000;
    while (rounds-- > 0) {
      block = createHmac('sha256', passphrase).update(block).digest();
    }
    return block;
  }
}`,
        errors: [{ messageId: 'largeBound', line: 6, column: 5 }],
      },
      {
        code: `import { createHash } from 'node:crypto';
export async function vouchers(campaignId: string, count: number) {
  const codes: string[] = [];
  let seq = 0;
  while (codes.length < count) {
    codes.push(createHash('sha256').update(\`\${campaignId}:\${seq++}\`).digest('hex').slice(0, 10));
  }
  return codes;
}`,
        errors: [{ messageId: 'heavyOperation', line: 5, column: 3 }],
      },
      {
        code: `export default function diff(req: NextApiRequest, res: NextApiResponse) {
  const a: string[] = String(req.body.before ?? '').split('\\n');
  const b: string[] = String(req.body.after ?? '').split('\\n');
  let same = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) if (a[i] === b[j]) same++;
  }
  res.json({ same });
}`,
        errors: [{ messageId: 'nestedInput', line: 5, column: 3 }],
      },
      {
        code: `import blocklist from './blocklist.json';
const PATTERNS: RegExp[] = (blocklist as string[]).map((w) => new RegExp(w, 'gi'));
app.post('/comments/import', async (req, res) => {
  const incoming: Array<{ text: string }> = req.body.comments ?? [];
  for (const comment of incoming) {
    for (const re of PATTERNS) comment.text = comment.text.replace(re, '***');
  }
  res.json(incoming);
});`,
        errors: [{ messageId: 'heavyOperation', line: 5, column: 3 }],
      },
    ],
    'hidden scans, many passes and capped grids': [
      {
        name: 'a list a timer replaces with a read, scanned for every candidate',
        code: `let suppressedEmails: string[] = [];
setInterval(async () => {
  suppressedEmails = await redis.sMembers('outreach:suppressed');
}, 5 * 60_000);
app.post('/campaigns/:id/audience', async (req, res) => {
  const pool: any[] = await Candidate.findAll({ where: { talentPoolId: req.params.id }, raw: true });
  const sendable = pool.filter((c) => !suppressedEmails.includes(String(c.email).toLowerCase()));
  res.json({ total: pool.length, sendable: sendable.length });
});`,
        errors: [{ messageId: 'nestedInput', line: 7, column: 20 }],
      },
      {
        code: `router.post('/audiences/:id/diff', async (ctx) => {
  const incoming: string[] = ctx.request.body.memberIds;
  const current: string[] = await knex('audience_members').where({ audience_id: ctx.params.id }).pluck('member_id');
  const added: string[] = [];
  for (const id of incoming) {
    if (!current.includes(id)) added.push(id);
  }
  ctx.body = added;
});`,
        errors: [{ messageId: 'nestedInput', line: 5, column: 3 }],
      },
      {
        code: `export async function publish(contestId: string) {
  const rows = await db.select().from(submissions).where(eq(submissions.contestId, contestId));
  const sorted = [...rows].sort((a, b) => b.score - a.score);
  return rows.map((row) => ({ id: row.id, rank: sorted.indexOf(row) + 1 }));
}`,
        errors: [{ messageId: 'nestedInput', line: 4, column: 10 }],
      },
      {
        code: `app.get('/graphs/:id/rank', async (req, res) => {
  const nodes: string[] = await graphs.nodesOf(req.params.id);
  let delta = Infinity;
  let iteration = 0;
  while (delta > 1e-6 && iteration < 100) {
    delta = 0;
    for (const node of nodes) delta += weightOf(node);
    iteration++;
  }
  res.json({ iteration });
});`,
        errors: [{ messageId: 'nestedInput', line: 5, column: 3 }],
      },
      {
        code: `io.on('connection', (socket) => {
  socket.on('life:advance', (payload: { width: number; height: number; cells: number[] }) => {
    const w = Math.min(payload.width, 2000);
    const h = Math.min(payload.height, 2000);
    let alive = 0;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) alive += payload.cells[y * w + x];
    }
    socket.emit('alive', alive);
  });
});`,
        errors: [{ messageId: 'largeBound', line: 6, column: 5 }],
      },
      {
        code: `const book = { bids: [] as Quote[], asks: [] as Quote[] };
setInterval(() => {
  for (const bid of book.bids) {
    for (const ask of book.asks) {
      if (bid.price >= ask.price) match(bid, ask);
    }
  }
}, 250);`,
        errors: [{ messageId: 'nestedInput', line: 3, column: 3 }],
      },
      {
        code: `import { createHash as digest } from 'node:crypto';
setTimeout(async () => {
  const { rows } = await pool.query('SELECT username FROM users');
  for (const { username } of rows) {
    bloom.add(digest('sha256').update(username).digest().readUInt32BE(0));
  }
}, 5000);`,
        errors: [{ messageId: 'heavyOperation', line: 4, column: 3 }],
      },
      {
        code: `export class Recommendations {
  @Cron('*/10 * * * *')
  async refresh() {
    const users = await this.prisma.user.findMany({ select: { id: true } });
    const items = await this.prisma.item.findMany({ where: { active: true } });
    for (const user of users) {
      const scored: { id: string; score: number }[] = [];
      for (const item of items) {
        scored.push({ id: item.id, score: scoreOf(user, item) });
      }
      this.picks.set(user.id, scored.slice(0, 20));
    }
  }
}`,
        errors: [{ messageId: 'nestedInput', line: 6, column: 5 }],
      },
    ],
    'timer callback': [
      {
        code: `setInterval(() => {
  const primes = [];
  for (let n = 2; n < 200_000; n++) if (isPrime(n)) primes.push(n);
  publish(primes);
}, 60_000);`,
        errors: [{ messageId: 'largeBound', line: 3, column: 3 }],
      },
      {
        code: `function refreshStats(events: Event[]) {
  for (const a of events) for (const b of events) correlate(a, b);
}
setTimeout(() => refreshStats(buffered), 1000);
setInterval(refreshStats, 5000);`,
        errors: [{ messageId: 'nestedInput', line: 2, column: 3 }],
      },
    ],
    'message handler': [
      {
        code: `process.on('message', (msg: { rows: Row[] }) => {
  for (const row of msg.rows) row.hash = createHash('md5').update(row.id).digest('hex');
});`,
        errors: [{ messageId: 'heavyOperation', line: 2, column: 3 }],
      },
      {
        code: `class OrdersConsumer {
  @EventPattern('orders.created')
  handle(payload: { orders: Order[]; customers: Customer[] }) {
    for (const order of payload.orders) {
      order.customer = payload.customers.find((c) => c.id === order.customerId);
    }
  }
}`,
        errors: [{ messageId: 'nestedInput', line: 4, column: 5 }],
      },
      {
        code: `socket.onmessage = (event) => {
  const frames = decode(event.data);
  for (let i = 0; i < frames.length; i++) {
    for (let j = 0; j < frames.length; j++) diff(frames[i], frames[j]);
  }
};`,
        errors: [{ messageId: 'nestedInput', line: 3, column: 3 }],
      },
    ],
    'the main-thread side of a file that is also its worker': [
      {
        name: 'a simulation inline in the server, next to the work it sends to the worker',
        code: `import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import http from 'node:http';
if (isMainThread) {
  http.createServer(async (req, res) => {
    if (req.url === '/settle') return void new Worker(__filename).once('message', (r) => res.end(JSON.stringify(r)));
    let hits = 0;
    for (let i = 0; i < 1_000_000; i++) if (Math.random() < 0.3) hits++;
    res.end(String(hits / 1_000_000));
  }).listen(8080);
} else {
  let total = 0;
  for (let i = 0; i < 5_000_000; i++) total += i % 7;
  parentPort!.postMessage(total);
}`,
        errors: [{ messageId: 'largeBound', line: 7, column: 5 }],
      },
    ],
    'a VS Code listener on the shared extension host': [
      {
        name: 'every line of a document against every other, on each save',
        code: `import { workspace, languages, Diagnostic, Range } from 'vscode';
const collection = languages.createDiagnosticCollection('dupes');
export function activate() {
  workspace.onDidSaveTextDocument((doc) => {
    const lines = doc.getText().split('\\n');
    const found: Diagnostic[] = [];
    lines.forEach((line, i) => {
      if (lines.some((other, j) => j !== i && other.trim() === line.trim() && line.trim().length > 30)) {
        found.push(new Diagnostic(new Range(i, 0, i, line.length), 'Repeated line'));
      }
    });
    collection.set(doc.uri, found);
  });
}`,
        errors: [{ messageId: 'nestedInput', line: 7, column: 5 }],
      },
    ],
    'array methods nested': [
      {
        code: `export async function matchOrders(users: User[], orders: Order[]) {
  return users.map((u) => ({ ...u, orders: orders.filter((o) => o.userId === u.id) }));
}`,
        errors: [{ messageId: 'nestedInput', line: 2, column: 10, endLine: 2, endColumn: 87, related: 1 }],
      },
      {
        code: `app.get('/graph', async (req, res) => {
  const nodes = await db.nodes.findMany();
  const edges: [string, string][] = [];
  nodes.forEach((a) => {
    nodes.forEach((b) => {
      if (a.id !== b.id && near(a, b)) edges.push([a.id, b.id]);
    });
  });
  res.json(edges);
});`,
        errors: [{ messageId: 'nestedInput', line: 4, column: 3 }],
      },
      {
        code: `export async function unused(products: Product[], sales: Sale[]) {
  return products.filter((p) => !sales.some((s) => s.productId === p.id));
}`,
        errors: [{ messageId: 'nestedInput', line: 2, column: 10 }],
      },
      {
        code: `export async function tally(votes: Vote[], candidates: Candidate[]) {
  for (const vote of votes) {
    candidates.forEach((c) => {
      if (c.id === vote.candidate) c.count++;
    });
  }
}`,
        errors: [{ messageId: 'nestedInput', line: 2, column: 3 }],
      },
    ],
    'only the outermost heavy loop': [
      {
        code: `export async function simulate(scenarios: Scenario[]) {
  for (const s of scenarios) {
    for (let step = 0; step < 1_000_000; step++) s.advance();
  }
}`,
        errors: [{ messageId: 'largeBound', line: 2, column: 3 }],
      },
      {
        code: `export async function score(users: User[], items: Item[]) {
  for (const u of users) {
    for (const i of items) {
      for (const j of items) u.score += JSON.stringify(i).length * compare(i, j);
    }
  }
}`,
        errors: [{ messageId: 'nestedInput', line: 2, column: 3 }],
      },
      {
        name: 'two heavy loops in a row: two findings',
        code: `export async function twoPasses(a: number[], b: number[]) {
  for (const x of a) for (const y of b) pair(x, y);
  for (let i = 0; i < 1e6; i++) tick();
}`,
        errors: [
          { messageId: 'nestedInput', line: 2, column: 3 },
          { messageId: 'largeBound', line: 3, column: 3 },
        ],
      },
    ],
    'thresholds from settings': [
      {
        code: `export async function warmUp() {
  for (let i = 0; i < 5000; i++) cache.set(i, fib(i % 30));
}`,
        settings: { loopCost: { largeIterationCount: 1000 } },
        errors: [{ messageId: 'largeBound', line: 2, column: 3 }],
      },
      {
        code: `export async function grid() {
  for (let x = 0; x < 40; x++) for (let y = 0; y < 40; y++) cell(x, y);
}`,
        settings: { loopCost: { largeIterationCount: 1000 } },
        errors: [{ messageId: 'largeBound', line: 2, column: 3 }],
      },
      {
        code: `export async function cube(xs: number[], ys: number[], zs: number[]) {
  for (const x of xs) for (const y of ys) for (const z of zs) plot(x, y, z);
}`,
        settings: { loopCost: { nestedDepth: 3 } },
        errors: [{ messageId: 'nestedInput', line: 2, column: 3 }],
      },
    ],
  },
});

describe('blocking-loop docs page', () => {
  // Every example marked ❌ must be reported and every example marked ✅ must not: the page cannot drift from the rule.
  const { page, examples } = readDocsPage(blockingLoop);

  it('has bad and good examples', () => {
    assertBadAndGoodExamples(examples);
  });
  itRunsEachExample(blockingLoop, examples);
  it('documents every setting and message', () => {
    for (const setting of ['workloadShape.rules.blocking-loop.severity', 'workloadShape.loopCost.largeIterationCount', 'workloadShape.loopCost.nestedDepth']) {
      assert.ok(page.includes(setting), setting);
    }
    for (const id of ['largeBound', 'nestedInput', 'heavyOperation']) assert.ok(page.includes(`\`${id}\``), id);
    assert.ok(page.includes('## When not to use it'));
  });
});

describe('blocking-loop related locations and message data', () => {
  const related = (code: string) => {
    const { findings } = runRule(blockingLoop, { code });
    assert.equal(findings.length, 1);
    const f = findings[0]!;
    return { finding: f, texts: f.related.map((r) => code.slice(r.range.start, r.range.end)) };
  };
  it('largeBound points at the bound and formats the count', () => {
    const { finding, texts } = related('export async function spin() {\n  for (let i = 0; i < 1e7; i++) tick();\n}');
    assert.deepEqual(texts, ['1e7']);
    assert.equal(finding.data.count, '10,000,000');
    assert.equal(finding.data.where, 'async function spin');
  });
  it('nestedInput points at the inner loop header and names both collections', () => {
    const { finding, texts } = related('export async function j(users: U[], orders: O[]) {\n  for (const u of users) {\n    for (const o of orders) pair(u, o);\n  }\n}');
    assert.deepEqual(texts, ['for (const o of orders)']);
    assert.equal(finding.data.collection, '`users` and `orders`');
  });
  it('nestedInput of two plain loops offers the worker, not an index', () => {
    const { finding } = related('export async function j(users: U[], orders: O[]) {\n  for (const u of users) {\n    for (const o of orders) pair(u, o);\n  }\n}');
    assert.equal(finding.data.lookup, undefined);
    assert.match(finding.message, /Move it to a worker thread\.$/);
    assert.doesNotMatch(finding.message, /Map or Set/);
  });
  describe('a join (an inner search by key) is answered by an index, not by a thread', () => {
    const joins: Array<[string, string, string]> = [
      ['.find() by one key', 'export async function getAll(accounts: A[], userRoles: R[]) {\n  return accounts.map((u) => {\n    const role = userRoles.find((r) => r.userId === u.id);\n    return { ...u, role };\n  });\n}', '.find()'],
      ['.some() by two keys in a block body', 'export async function missing(wanted: W[], stored: S[]) {\n  return wanted.filter((w) => {\n    return !stored.some((s) => { return s.name === w.name && s.env == w.env; });\n  });\n}', '.some()'],
      ['a for…of whose only statement is an if on equal keys', 'export async function totals(users: U[], orders: O[]) {\n  for (const user of users) {\n    for (const order of orders) {\n      if (order.userId === user.id) user.total += order.amount;\n    }\n  }\n}', 'a test of equal keys'],
      ['.includes() of a known array', 'export async function valid(toggleNames: string[], bad: B[]) {\n  const justNames: string[] = bad.map((b) => b.name);\n  return toggleNames.filter((name) => !justNames.includes(name));\n}', '.includes()'],
    ];
    for (const [name, code, lookup] of joins) {
      it(name, () => {
        const { finding } = related(code);
        assert.equal(finding.messageId, 'nestedInput');
        assert.equal(finding.data.lookup, lookup);
        assert.match(finding.message, new RegExp(`searches \`\\w+\` with ${lookup.replace(/[.()]/g, '\\$&')}: build a Map or Set of`));
        assert.doesNotMatch(finding.message, /Move it to a worker thread\.$/);
      });
    }
    it('a for…of that does more than test equal keys is not a lookup', () => {
      for (const code of [
        'export async function totals(users: U[], orders: O[]) {\n  for (const user of users) {\n    for (const order of orders) {\n      if (order.amount > user.limit) flag(user, order);\n    }\n  }\n}',
        'export async function totals(users: U[], orders: O[]) {\n  for (const user of users) {\n    for (const order of orders) {\n      if (order.userId === user.id) user.total += order.amount;\n      else user.others++;\n    }\n  }\n}',
      ]) {
        const { finding } = related(code);
        assert.equal(finding.data.lookup, undefined);
        assert.match(finding.message, /Move it to a worker thread\.$/);
      }
    });
    it('a search by range is not a lookup: a Map keyed by value cannot answer it', () => {
      const { finding } = related('export async function bucket(events: E[], windows: W[]) {\n  return events.map((e) => windows.find((w) => w.start <= e.at && e.at < w.end));\n}');
      assert.equal(finding.data.lookup, undefined);
      assert.match(finding.message, /Move it to a worker thread\.$/);
    });
  });
  it('heavyOperation points at the call and names the operation and collection', () => {
    const { finding, texts } = related('export async function p(lines: string[]) {\n  for (const line of lines) out.push(JSON.parse(line));\n}');
    assert.deepEqual(texts, ['JSON.parse(line)']);
    assert.deepEqual([finding.data.operation, finding.data.collection], ['JSON.parse', '`lines`']);
  });
});
