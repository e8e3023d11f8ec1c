import * as assert from 'node:assert/strict';
import { awaitInLoop } from '../../../src/core/rules/await-in-loop/await-in-loop';
import { assertBadAndGoodExamples, itRunsEachExample, readDocsPage } from '../../support/rule-docs';
import { describeRule, runRule } from '../../support/rule-tester';

const INDEPENDENT = 'independentIterations';
const LARGE = 'independentIterationsLarge';

/**
 * Teable's dbCreateMultipleField: a loop over a method of the class that creates each field through `model`.
 * Through the client of the caller's transaction the loop is one transaction's work; through the ordinary client it is not.
 */
const fieldsCreatedThrough = (constructorParameters: string, model: string): string => `export class FieldService {
  constructor(${constructorParameters}) {}
  private async dbCreateField(tableId: string, field: FieldInput) {
    return ${model}.create({ data: { ...field, tableId } });
  }
  async dbCreateMultipleField(tableId: string, fields: FieldInput[]) {
    const created: RawField[] = [];
    for (const field of fields) {
      created.push(await this.dbCreateField(tableId, field));
    }
    return created;
  }
}`;

describeRule(awaitInLoop, {
  valid: {
    'a module-level set checked then filled, stream records, and a write that reads its own table': [
      `const seen = new Set<string>();
async function register(email: string) {
  if (seen.has(email)) return;
  await crm.post('/contacts', { email });
  seen.add(email);
}
export async function registerAll(emails: string[]) {
  for (const email of emails) await register(email);
}`,
      `export const handler = async (event: KinesisStreamEvent) => {
  for (const record of event.Records) {
    const change = JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString());
    await ddb.send(new UpdateCommand({ TableName: 'orders', Key: { id: change.id }, UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': change.status } }));
  }
};`,
      `export async function addCards(columnId: string, titles: string[]) {
  for (const title of titles) {
    await pool.query('INSERT INTO cards (column_id, title, position) SELECT $1, $2, COALESCE(MAX(position), 0) + 1 FROM cards WHERE column_id = $1', [columnId, title]);
  }
}`,
    ],
    'one database connection taken from a pool': [
      `export async function copyRows(pool: Pool, ids: string[]) {
  const connection = await pool.getConnection();
  try {
    for (const id of ids) {
      await connection.query('INSERT INTO archive SELECT * FROM orders WHERE id = ?', [id]);
    }
  } finally {
    connection.release();
  }
}`,
    ],
    'process.env written under one name for every item': [
      `export async function lastSecret(ids: string[]) {
  for (const id of ids) {
    process.env.LAST_SECRET = (await sm.send(new GetSecretValueCommand({ SecretId: id }))).SecretString;
  }
}`,
    ],
    'a record read, changed and saved per item, found by a field items may share': [
      `export async function reserve(lines: { sku: string; qty: number }[]) {
  for (const line of lines) {
    const stock = await Stock.findOne({ sku: line.sku });
    if (stock && stock.available >= line.qty) {
      stock.available -= line.qty;
      await stock.save();
    }
  }
}`,
    ],
    'a script of SQL statements, and steps run or handed over whole': [
      `const upgrades = [
  'ALTER TABLE invoices ADD COLUMN due_at timestamptz',
  'UPDATE invoices SET due_at = issued_at + interval \\'30 days\\'',
  'ALTER TABLE invoices ALTER COLUMN due_at SET NOT NULL',
];
export async function upgrade(pool: Pool) {
  for (const sql of upgrades) {
    await pool.query(sql);
  }
}`,
      `export async function applyStatements(conn: Connection, statements: string[]) {
  for (const statement of statements) {
    await conn.execute(statement);
  }
}`,
      `export async function setup(server: Server, middlewares: Middleware[]) {
  for (const middleware of middlewares) {
    await server.use(middleware);
  }
}`,
      `export async function exportAll(exporters: Exporter[], db: Db) {
  const reports: Report[] = [];
  for (const exporter of exporters) {
    reports.push(await exporter.export(db));
  }
  return reports;
}`,
      `export async function store(readings: SensorReading[]) {
  const chronological = [...readings].sort((a, b) => a.at - b.at);
  for (const ev of chronological) {
    await db.insert(readingsTable).values({ id: ev.id, at: ev.at, kind: ev.kind });
  }
}`,
      `export async function issue(dataSource: DataSource, payslipId: string, lines: Line[]) {
  const qr = dataSource.createQueryRunner();
  await qr.connect();
  for (const line of lines) {
    await qr.manager.insert(PayslipLine, { payslipId, code: line.code, amountCents: line.amountCents });
  }
  await qr.release();
}`,
      `export async function catchUp(orderId: string, statuses: string[]) {
  for (const next of statuses) {
    await oms.put(\`orders/\${orderId}/status\`, { json: { status: next } });
  }
}`,
      `// children before parents
const ERASURE_ORDER = ['order_items', 'payments', 'orders', 'customers'] as const;
export async function eraseCustomer(knex: Knex, customerId: string) {
  for (const table of ERASURE_ORDER) {
    await knex(table).where({ customer_id: customerId }).del();
  }
}`,
      `export async function stopAll(services: Record<string, { stop(): Promise<void> }>, shutdownSequence: string[]) {
  for (const name of shutdownSequence) {
    await services[name]!.stop();
  }
}`,
    ],
    'awaiting a plain function of this file': [
      `function normalizeRow(row: Record<string, string>) {
  return { email: row.email?.trim().toLowerCase(), country: (row.country ?? '').toUpperCase().slice(0, 2) };
}
export async function previewImport(rows: Array<Record<string, string>>) {
  const preview = [];
  for (const row of rows) {
    preview.push(await normalizeRow(row));
  }
  return preview;
}`,
    ],
    'a tagged template that writes, or one run on a transaction it was handed': [
      `export async function saveAll(items: Item[]) {
  for (const item of items) {
    await sql\`INSERT INTO audit (id) VALUES (\${item.id})\`;
  }
}`,
      `export async function readAll(tx: Sql, ids: string[]) {
  const rows = [];
  for (const id of ids) {
    rows.push(await tx\`SELECT * FROM orders WHERE id = \${id}\`);
  }
  return rows;
}`,
    ],
    'a collection whose name says steps, word by word': [
      `export async function runAll(ctx: Ctx, beforeHooks: Hook[]) {
  for (const hook of beforeHooks) {
    await hook.run(ctx);
  }
}`,
      {
        name: 'each hook run inside a tracing span and an error wrapper (real-code audit)',
        code: `export class TaskExecutor {
  async callSuccessHooks(payload: unknown, output: unknown, lifecycleHooks: LifecycleHooks) {
    const globalSuccessHooks = lifecycleHooks.getGlobalSuccessHooks();
    for (const hook of globalSuccessHooks) {
      await tryCatch(this._tracer.startActiveSpan('onSuccess()', async (span) => {
        await hook.fn({ payload, output, signal: span.signal });
      }));
    }
  }
}`,
      },
    ],
    'accumulator across iterations': [
      {
        name: 'running total of awaited sizes',
        code: `import { stat } from 'node:fs/promises';
export async function totalSize(paths: string[]) {
  let total = 0;
  for (const p of paths) {
    total += (await stat(p)).size;
  }
  return total;
}`,
      },
      {
        name: 'each request uses the previous response (prev = …)',
        code: `export async function replayEvents(events: Event[]) {
  let prev: Snapshot | undefined;
  for (const event of events) {
    prev = await applyEvent(event, prev);
  }
  return prev;
}`,
      },
      {
        name: 'counter incremented and read in the loop',
        code: `export async function importRows(rows: Row[]) {
  let imported = 0;
  for (const row of rows) {
    await db.rows.insert({ ...row, position: imported });
    imported++;
  }
}`,
      },
      {
        name: 'merging every result into one object',
        code: `export async function loadSettings(sources: string[]) {
  const settings = {};
  for (const source of sources) {
    Object.assign(settings, await readSettings(source));
  }
  return settings;
}`,
      },
      {
        name: 'counting through a shared stats object',
        code: `export async function syncAccounts(accounts: Account[], stats: { synced: number }) {
  for (const account of accounts) {
    await crm.upsertAccount(account.id, account);
    stats.synced += 1;
  }
}`,
      },
      {
        name: 'dedupe set read and written by every iteration',
        code: `export async function crawl(urls: string[]) {
  const seen = new Set<string>();
  for (const url of urls) {
    if (seen.has(url)) continue;
    seen.add(url);
    await indexPage(url);
  }
}`,
      },
    ],
    'pagination / cursor': [
      {
        name: 'do…while over a cursor',
        code: `export async function listAllObjects(s3: S3, bucket: string) {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.listObjectsV2({ Bucket: bucket, ContinuationToken: token });
    keys.push(...(page.Contents ?? []).map((o) => o.Key!));
    token = page.NextContinuationToken;
  } while (token);
  return keys;
}`,
      },
      {
        name: 'while (hasMore)',
        code: `export async function fetchAllIssues(repo: string) {
  const issues = [];
  let page = 1;
  let hasMore = true;
  while (hasMore) {
    const batch = await github.listIssues(repo, { page });
    issues.push(...batch);
    hasMore = batch.length === 100;
    page++;
  }
  return issues;
}`,
      },
      {
        name: 'for…of over page numbers carrying the cursor',
        code: `export async function exportOrders(pageNumbers: number[]) {
  let cursor: string | null = null;
  for (const n of pageNumbers) {
    const result = await shop.orders({ after: cursor, page: n });
    cursor = result.endCursor;
  }
}`,
      },
    ],
    'break or return on result': [
      {
        name: 'return the first mirror that answers',
        code: `export async function firstReachable(mirrors: string[]) {
  for (const mirror of mirrors) {
    const res = await fetch(mirror + '/health');
    if (res.ok) return mirror;
  }
  return undefined;
}`,
      },
      {
        name: 'break once a match is found',
        code: `export async function findOwner(candidates: User[], fileId: string) {
  let owner: User | undefined;
  for (const candidate of candidates) {
    const acl = await storage.getAcl(fileId, candidate.id);
    if (acl.isOwner) {
      owner = candidate;
      break;
    }
  }
  return owner;
}`,
      },
      {
        name: 'continue that depends on an awaited value',
        code: `export async function publishDrafts(drafts: Draft[]) {
  for (const draft of drafts) {
    const exists = await cms.exists(draft.slug);
    if (exists) continue;
    await cms.create(draft.slug, draft);
  }
}`,
      },
      {
        name: 'throw on a failed response stops the remaining items',
        code: `export async function uploadAll(files: string[]) {
  for (const file of files) {
    const res = await fetch(\`https://uploads.example.com/\${file}\`, { method: 'PUT' });
    if (!res.ok) throw new Error(\`upload of \${file} failed: \${res.status}\`);
  }
}`,
      },
      {
        name: 'break to an outer label',
        code: `export async function scan(groups: string[][]) {
  outer: for (const group of groups) {
    for (const id of group) {
      const item = await inventory.get(id);
      if (item.missing) break outer;
    }
  }
}`,
      },
    ],
    'retry and backoff': [
      {
        name: 'attempt counter with backoff',
        code: `export async function fetchWithRetry(url: string) {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await fetch(url);
    } catch {
      await new Promise((r) => setTimeout(r, 2 ** attempt * 100));
    }
  }
  throw new Error('gave up');
}`,
      },
      {
        name: 'backoff schedule with break on success',
        code: `export async function deliver(webhook: Webhook) {
  for (const delayMs of [0, 1000, 5000, 30000]) {
    await sleep(delayMs);
    const res = await post(webhook.url, webhook.body);
    if (res.ok) break;
  }
}`,
      },
      {
        name: 'each item wrapped in p-retry',
        code: `import pRetry from 'p-retry';
export async function syncAll(ids: string[]) {
  for (const id of ids) {
    await pRetry(() => api.sync(id), { retries: 3 });
  }
}`,
      },
    ],
    polling: [
      {
        name: 'poll until the job is done',
        code: `export async function waitForExport(jobId: string) {
  let status = 'pending';
  while (status !== 'done') {
    status = (await exports.get(jobId)).status;
    await sleep(2000);
  }
}`,
      },
      {
        name: 'bounded number of polls over a list of intervals',
        code: `export async function awaitDeployment(id: string, intervals: number[]) {
  for (const ms of intervals) {
    const { state } = await deployments.status(id);
    if (state === 'ready') return;
    await wait(ms);
  }
}`,
      },
    ],
    'throttling: sleep in body': [
      {
        name: 'sleep between API calls',
        code: `export async function notifyAll(users: User[]) {
  for (const user of users) {
    await slack.postMessage(user.slackId, 'Maintenance tonight');
    await sleep(1100);
  }
}`,
      },
      {
        name: 'hand-made delay promise',
        code: `export async function scrape(urls: string[]) {
  const pages = [];
  for (const url of urls) {
    pages.push(await fetch(url).then((r) => r.text()));
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return pages;
}`,
      },
      {
        name: 'setTimeout from timers/promises under another name',
        code: `import { setTimeout as pause } from 'node:timers/promises';
export async function resendInvites(invites: Invite[]) {
  for (const invite of invites) {
    await mailer.send(invite.email, invite.template);
    await pause(250);
  }
}`,
      },
      {
        name: 'hand-made batches (Promise.all per chunk)',
        code: `export async function sendInBatches(batches: Message[][]) {
  for (const batch of batches) {
    await Promise.all(batch.map((m) => queueClient.send(m)));
  }
}`,
      },
      {
        name: 'one Promise.all per group of members',
        code: `export async function notifyGroups(groups: Group[]) {
  for (const group of groups) {
    await Promise.all(group.members.map((m) => notifier.notify(m.id)));
  }
}`,
      },
    ],
    'rate limiter / queue': [
      {
        name: 'Bottleneck limiter',
        code: `import Bottleneck from 'bottleneck';
const limiter = new Bottleneck({ minTime: 200 });
export async function geocodeAll(addresses: string[]) {
  const points = [];
  for (const address of addresses) {
    points.push(await limiter.schedule(() => geocode(address)));
  }
  return points;
}`,
      },
      {
        name: 'p-limit function',
        code: `import pLimit from 'p-limit';
const limit = pLimit(1);
export async function resizeAll(images: string[]) {
  for (const image of images) {
    await limit(() => sharpResize(image));
  }
}`,
      },
      {
        name: 'token bucket before every call',
        code: `export async function enrich(companies: Company[], rateLimiter: RateLimiter) {
  for (const company of companies) {
    await rateLimiter.removeTokens(1);
    company.profile = await clearbit.lookup(company.domain);
  }
}`,
      },
      {
        name: 'adding jobs to a queue in order',
        code: `export async function enqueueEmails(emails: Email[], emailQueue: Queue) {
  for (const email of emails) {
    await emailQueue.add('send', email);
  }
}`,
      },
    ],
    'for await': [
      {
        name: 'for await over a stream',
        code: `export async function countLines(stream: AsyncIterable<string>) {
  const parsed = [];
  for await (const line of stream) {
    parsed.push(await parseLine(line));
  }
  return parsed;
}`,
      },
      {
        name: 'for await nested in the body',
        code: `export async function drain(sources: Source[]) {
  for (const source of sources) {
    await source.prepare();
    for await (const chunk of source.read()) {
      handle(chunk);
    }
  }
}`,
      },
    ],
    'ordered output': [
      {
        name: 'each plugin set up on the app, its answer checked before the next',
        code: `export async function setUp(app: App, plugins: Plugin[]) {
  const loaded: string[] = [];
  for (const plugin of plugins) {
    const result = await plugin.setup(app);
    loaded.push(result.name);
    if (!result.ok) break;
  }
  return loaded;
}`,
      },
      {
        name: 'a long answer sent to the chat in parts',
        code: `import { Bot } from 'grammy';
const bot = new Bot(process.env.BOT_TOKEN!);
bot.command('week', async (ctx) => {
  const report = await forecasts.weekly(ctx.match || 'Oslo');
  for (const chunk of splitForTelegram(report)) {
    await ctx.reply(chunk, { parse_mode: 'Markdown' });
  }
});`,
      },
      {
        name: 'poll options added as reactions, in the order they are numbered',
        code: `client.on('messageCreate', async (message) => {
  if (message.content !== '!poll') return;
  const poll = await message.channel.send('Which day?');
  for (const emoji of ['1️⃣', '2️⃣', '3️⃣']) {
    await poll.react(emoji);
  }
});`,
      },
      {
        name: 'console.log of each result (CLI)',
        code: `export async function main(files: string[]) {
  for (const file of files) {
    const report = await lintFile(file);
    console.log(formatReport(report));
  }
}`,
      },
      {
        name: 'streaming each result to stdout',
        code: `export async function printAll(ids: string[]) {
  for (const id of ids) {
    const record = await store.get(id);
    process.stdout.write(JSON.stringify(record) + '\\n');
  }
}`,
      },
      {
        name: 'express handler writing each chunk to the response',
        code: `import express from 'express';
const app = express();
app.get('/export', async (req, res) => {
  res.setHeader('content-type', 'text/csv');
  for (const id of req.query.ids as string[]) {
    const row = await reports.row(id);
    res.write(toCsv(row));
  }
  res.end();
});`,
      },
      {
        name: 'logger line per processed item',
        code: `export class Reindexer {
  constructor(private readonly logger: Logger, private readonly search: SearchClient) {}
  async reindex(docs: Doc[]) {
    for (const doc of docs) {
      await this.search.index(doc.id, doc);
      this.logger.info(\`indexed \${doc.id}\`);
    }
  }
}`,
      },
      {
        name: 'progress bar ticked per item',
        code: `export async function migrateAvatars(users: User[], bar: ProgressBar) {
  for (const user of users) {
    await storage.copy(user.avatarUrl, \`avatars/\${user.id}.png\`);
    bar.tick();
  }
}`,
      },
    ],
    'same resource written each iteration': [
      {
        name: 'one slot of a row written by every iteration, the last answer wins',
        code: `export async function latestPerDepot(depots: { id: string; name: string }[], categories: string[]) {
  const grid: Record<string, string[]> = {};
  for (const depot of depots) {
    grid[depot.name] = [];
    for (const category of categories) {
      grid[depot.name][0] = await fleet.lastBooked(depot.id, category);
    }
  }
  return grid;
}`,
      },
      {
        name: 'seats taken from one event row, first come first served',
        code: `import { Pool } from 'pg';
const pool = new Pool();
export async function allocate(eventId: string, requests: { donorId: string; seats: number }[]) {
  const confirmed: string[] = [];
  for (const r of requests) {
    const { rowCount } = await pool.query(
      'UPDATE gala_events SET seats_remaining = seats_remaining - $1 WHERE id = $2 AND seats_remaining >= $1',
      [r.seats, eventId],
    );
    if (rowCount === 1) confirmed.push(r.donorId);
  }
  return confirmed;
}`,
      },
      {
        name: 'one wallet row debited per purchase, with ? placeholders',
        code: `import mysql from 'mysql2/promise';
const db = mysql.createPool(process.env.DATABASE_URL!);
export async function debitAll(walletId: number, purchases: { amount: number; sku: string }[]) {
  for (const p of purchases) {
    await db.execute('UPDATE wallets SET balance = balance - ? WHERE id = ? AND balance >= ?', [p.amount, walletId, p.amount]);
  }
}`,
      },
      {
        name: 'appending to one audit file',
        code: `import { appendFile } from 'node:fs/promises';
export async function audit(events: AuditEvent[]) {
  for (const event of events) {
    await appendFile('audit.log', JSON.stringify(event) + '\\n');
  }
}`,
      },
      {
        name: 'checkpoint file rewritten every iteration',
        code: `import * as fs from 'node:fs/promises';
export async function runJob(items: Item[], done: string[]) {
  for (const item of items) {
    await processItem(item);
    await fs.writeFile('checkpoint.json', JSON.stringify({ last: item.id }));
  }
}`,
      },
      {
        name: 'pushing onto one Redis list',
        code: `export async function enqueueAll(redis: Redis, jobs: Job[]) {
  for (const job of jobs) {
    await redis.rpush('jobs:pending', JSON.stringify(job));
  }
}`,
      },
      {
        name: 'the same call with the same arguments every time',
        code: `export async function warmUp(workers: Worker[]) {
  for (const worker of workers) {
    register(worker);
    await cache.refresh();
  }
}`,
      },
    ],
    'transaction / lock': [
      {
        name: 'inserts inside a transaction',
        code: `export async function saveLines(order: Order) {
  await db.transaction(async (tx) => {
    for (const line of order.lines) {
      await tx.insert(orderLines).values({ orderId: order.id, ...line });
    }
  });
}`,
      },
      {
        name: 'mutex around each update',
        code: `import { Mutex } from 'async-mutex';
const mutex = new Mutex();
export async function bumpAll(keys: string[]) {
  for (const key of keys) {
    await mutex.runExclusive(() => counters.bump(key));
  }
}`,
      },
      {
        name: 'TypeORM query runner',
        code: `export async function seedRoles(queryRunner: QueryRunner, roles: string[]) {
  for (const role of roles) {
    await queryRunner.query('INSERT INTO roles(name) VALUES ($1)', [role]);
  }
}`,
      },
    ],
    'index arithmetic': [
      {
        name: 'reads the previous item',
        code: `export async function diffVersions(versions: Version[]) {
  const diffs = [];
  for (let i = 0; i < versions.length; i++) {
    if (i === 0) continue;
    diffs.push(await computeDiff(versions[i - 1], versions[i]));
  }
  return diffs;
}`,
      },
      {
        name: 'entries() index reaching the next row',
        code: `export async function linkChapters(chapters: Chapter[]) {
  for (const [index, chapter] of chapters.entries()) {
    await cms.setNext(chapter.id, chapters[index + 1]?.id);
  }
}`,
      },
      {
        name: 'stepping through in batches of ten',
        code: `export async function backfill(ids: string[]) {
  for (let i = 0; i < ids.length; i += 10) {
    await warehouse.load(ids.slice(i, i + 10));
  }
}`,
      },
      {
        name: 'index changed inside the body',
        code: `export async function parseTokens(tokens: string[]) {
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] === '--skip') i++;
    await handleToken(tokens[i]);
  }
}`,
      },
    ],
    'await in nested function': [
      {
        name: 'forEach(async …) is not a loop the rule looks at',
        code: `export function fireAndForget(users: User[]) {
  users.forEach(async (user) => {
    await audit.log(user.id);
  });
}`,
      },
      {
        name: 'await only inside a callback in the loop',
        code: `export function scheduleReminders(tasks: Task[]) {
  for (const task of tasks) {
    setTimeout(async () => {
      await notifier.remind(task.owner, task.title);
    }, task.dueIn);
  }
}`,
      },
      {
        name: 'loop only collects promises',
        code: `export async function startAll(ids: string[]) {
  const pending: Promise<void>[] = [];
  for (const id of ids) {
    pending.push((async () => { await warm(id); })());
  }
  await Promise.all(pending);
}`,
      },
    ],
    'not a promise (types)': [
      {
        name: 'awaiting a synchronous function',
        types: true,
        code: `interface Price { amount: number }
declare function priceOf(sku: string): Price;
export async function prices(skus: string[]) {
  const out: Price[] = [];
  for (const sku of skus) {
    out.push(await priceOf(sku));
  }
  return out;
}`,
      },
      {
        name: 'awaiting a method that returns a plain value',
        types: true,
        code: `declare const cache: { get(key: string): string | undefined };
export async function lookup(keys: string[]) {
  const values: Record<string, string | undefined> = {};
  for (const key of keys) {
    values[key] = await cache.get(key);
  }
  return values;
}`,
      },
      {
        name: 'promise-returning call, but an accumulator (types do not override dependence)',
        types: true,
        code: `declare function sizeOf(path: string): Promise<number>;
export async function total(paths: string[]) {
  let sum = 0;
  for (const p of paths) {
    sum += await sizeOf(p);
  }
  return sum;
}`,
      },
    ],
    'interactive and processes (CLIs)': [
      {
        name: "each item's helper asks a question, two calls down (a CLI wizard, real-code audit)",
        code: `import { log, multiselect, isCancel } from '@clack/prompts';
async function chooseOptions(target: string, available: SkillOption[]) {
  const chosen = await multiselect({ message: \`Skills for \${target}\`, options: available.map((o) => ({ value: o, label: o.name })) });
  if (isCancel(chosen)) throw new Error('cancelled');
  return chosen as SkillOption[];
}
async function installForTarget(target: string, available: SkillOption[]) {
  const options = await chooseOptions(target, available);
  for (const option of options) log.info(\`\${target}: \${option.name}\`);
  return { target, options };
}
export async function installSkills(targets: string[], available: SkillOption[]) {
  const results = [];
  for (const target of targets) {
    results.push(await installForTarget(target, available));
  }
  return results;
}`,
      },
      {
        name: 'one prompt after another',
        code: `import { input } from '@inquirer/prompts';
export async function askAll(questions: Question[]) {
  const answers: Record<string, string> = {};
  for (const q of questions) {
    answers[q.name] = await input({ message: q.message });
  }
  return answers;
}`,
      },
      {
        name: 'git commands in one repository',
        code: `import { execa } from 'execa';
export async function stageAll(files: string[]) {
  for (const file of files) {
    await execa('git', ['add', file]);
  }
}`,
      },
      {
        name: 'one browser page driven step by step',
        code: `export async function fillForm(page: Page, fields: Field[]) {
  for (const field of fields) {
    await page.fill(field.selector, field.value);
  }
}`,
      },
    ],
    'ordered pipeline': [
      {
        name: 'migrations run in order',
        code: `export async function migrate(db: Db, migrations: Migration[]) {
  for (const migration of migrations) {
    await migration.up(db);
  }
}`,
      },
      {
        name: 'middleware functions called one after another',
        code: `export async function runHooks(hooks: Array<(ctx: Ctx) => Promise<void>>, ctx: Ctx) {
  for (const hook of hooks) {
    await hook(ctx);
  }
}`,
      },
      {
        name: 'replaying recorded changes: the same key may come twice and the last write must win',
        code: `export async function replayChanges(changes: ConfigChange[]) {
  for (const change of changes) {
    if (change.value === null) await redis.del(\`config:\${change.key}\`);
    else await redis.set(\`config:\${change.key}\`, change.value);
  }
}`,
      },
      {
        name: 'domain events projected in the order they happened',
        code: `export async function dispatch(events: DomainEvent[]) {
  for (const event of events) {
    await projections.onCreated(event.payload);
  }
}`,
      },
      {
        name: 'work list that grows while it is processed',
        code: `export async function crawlSite(start: string) {
  const toVisit = [start];
  for (const url of toVisit) {
    const links = await extractLinks(url);
    toVisit.push(...links);
  }
}`,
      },
    ],
    'shared state': [
      {
        name: 'this.* written in the loop',
        code: `export class Importer {
  private lastImported?: string;
  async importAll(ids: string[]) {
    for (const id of ids) {
      await this.api.import(id);
      this.lastImported = id;
    }
  }
}`,
      },
      {
        name: 'failures collected, then read by a closure that throws when there are any (real-code --fix check)',
        code: `export async function restoreSnapshots(snapshots: Snapshot[]) {
  const failures: string[] = [];
  const assertNoFailures = () => {
    if (failures.length) throw new Error('could not restore ' + failures.join(', '));
  };
  for (const snapshot of snapshots) {
    try {
      await storage.restore(snapshot.id);
    } catch {
      failures.push(snapshot.id);
    }
    assertNoFailures();
  }
}`,
      },
      {
        name: 'a dry run of every reversal before the real one, checked in between by a closure (GrowthBook, after our own --fix)',
        code: `export async function reverseRollouts(rollouts: Rollout[]) {
  const failures: string[] = [];
  const assertNoFailures = () => {
    if (failures.length) throw new Error('could not reverse ' + failures.join(', '));
  };
  for (const dryRun of [true, false]) {
    const failed = await Promise.all(rollouts.map((r) => rolloutsApi.restore(r.id, { dryRun }).then(() => undefined, () => r.id)));
    for (const id of failed) if (id) failures.push(id);
    assertNoFailures();
  }
}`,
      },
      {
        name: 'results array also read inside the loop',
        code: `export async function collectUntilFull(ids: string[], max: number) {
  const picked: Item[] = [];
  for (const id of ids) {
    if (picked.length >= max) continue;
    picked.push(await catalog.get(id));
  }
  return picked;
}`,
      },
      {
        name: 'a same-file callee bumps a module-level counter',
        code: `let lastNumber: number | null = null;
async function nextInvoiceNumber(): Promise<number> {
  if (lastNumber === null) lastNumber = await db.maxInvoiceNumber();
  lastNumber += 1;
  return lastNumber;
}
async function issueInvoice(order: Order): Promise<number> {
  const number = await nextInvoiceNumber();
  await db.insertInvoice({ number, orderId: order.id });
  return number;
}
export async function invoiceAll(orders: Order[]) {
  const numbers: number[] = [];
  for (const order of orders) {
    numbers.push(await issueInvoice(order));
  }
  return numbers;
}`,
      },
      {
        name: 'a method of this class that buffers into the instance',
        code: `export class Indexer {
  private buffer: Doc[] = [];
  private async flush() { const docs = this.buffer; this.buffer = []; await this.es.bulk(docs); }
  async add(doc: Doc) {
    this.buffer.push(doc);
    if (this.buffer.length >= 500) await this.flush();
  }
  async reindex(docs: Doc[]) {
    for (const doc of docs) {
      await this.add(doc);
    }
  }
}`,
      },
      {
        name: 'get-or-create: two items may lead to the same record',
        code: `export async function tagPost(rawNames: string[]) {
  const ids: string[] = [];
  for (const raw of rawNames) {
    const slug = raw.trim().toLowerCase();
    let tag = await prisma.tag.findUnique({ where: { slug } });
    if (!tag) tag = await prisma.tag.create({ data: { slug } });
    ids.push(tag.id);
  }
  return ids;
}`,
      },
      {
        name: 'the parameter of a transaction callback is the transaction',
        code: `export async function post(journalId: number, lines: Line[]) {
  await dataSource.transaction(async (manager) => {
    for (const line of lines) {
      await manager.insert(JournalLine, { journalId, account: line.account });
    }
  });
}`,
      },
      {
        name: 'replies into one Slack thread',
        code: `export async function timeline(channel: string, parentTs: string, updates: Update[]) {
  for (const update of updates) {
    await slack.chat.postMessage({ channel, thread_ts: parentTs, text: update.text });
  }
}`,
      },
      {
        name: 'messages to one chat',
        code: `export async function report(bot: Telegraf, chatId: number, lines: string[]) {
  for (const line of lines) {
    await bot.telegram.sendMessage(chatId, line);
  }
}`,
      },
      {
        name: 'read-modify-write of a counter two items may share',
        code: `export async function recordViews(views: PageView[]) {
  for (const view of views) {
    const key = \`views:\${view.day}:\${view.path}\`;
    const current = Number((await redis.get(key)) ?? '0');
    await redis.set(key, String(current + 1));
  }
}`,
      },
      {
        name: 'the latest reading per device, kept by a batch of readings that may name one device twice',
        code: `client.on('message', async (_topic: string, payload: Buffer) => {
  const batch = JSON.parse(payload.toString()) as Reading[];
  for (const r of batch) {
    const key = \`device:\${r.deviceId}:latest\`;
    const prev = await redis.get(key);
    if (!prev || r.ts > JSON.parse(prev).ts) await redis.set(key, JSON.stringify(r));
  }
});`,
      },
      {
        name: 'one FTP connection runs one command at a time',
        code: `import { Client } from 'basic-ftp';
export async function publish(files: string[]) {
  const client = new Client();
  await client.access({ host: 'ftp.example.com' });
  for (const file of files) {
    await client.uploadFrom(file, \`/incoming/\${file}\`);
  }
}`,
      },
      {
        name: 'a fixed key in a shared map (last one wins)',
        code: `export async function latestQuote(symbols: string[], quotes: Map<string, Quote>) {
  for (const symbol of symbols) {
    quotes.set('latest', await market.quote(symbol));
  }
}`,
      },
      {
        name: 'var loop variable',
        code: `export async function legacy(ids) {
  for (var id of ids) {
    await remove(id);
  }
  return id;
}`,
      },
    ],
    'shared receivers and ordering': [
      {
        name: 'hashing files in order',
        code: `import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
export async function digest(files: string[]) {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(await readFile(file));
  }
  return hash.digest('hex');
}`,
      },
      {
        name: 'events emitted in order',
        code: `export async function replay(ids: string[], bus: EventEmitter) {
  for (const id of ids) {
    const event = await store.load(id);
    bus.emit('event', event);
  }
}`,
      },
      {
        name: 'awaiting promises that are already running',
        code: `export async function settleInOrder(pending: Promise<Result>[]) {
  const results: Result[] = [];
  for (const p of pending) {
    results.push(await p);
  }
  return results;
}`,
      },
      {
        name: 'fastify plugins registered in order',
        code: `export async function build(app: FastifyInstance, plugins: FastifyPlugin[]) {
  for (const plugin of plugins) {
    await app.register(plugin);
  }
  return app;
}`,
      },
      {
        name: 'dropping tables in dependency order',
        code: `export async function resetDatabase(knex: Knex, tables: string[]) {
  for (const table of tables) {
    await knex.schema.dropTableIfExists(table);
  }
}`,
      },
      {
        name: 'dropping the partitions a retention pass left behind, through a helper named for it (real-code audit)',
        code: `export async function dropLeftovers(prisma: WebhookDatabase) {
  const leftovers = await prisma.$queryRawUnsafe<{ name: string }[]>(LEFTOVER_PARTITIONS_SQL);
  for (const { name } of leftovers) {
    await dropPartition(prisma, name);
  }
}`,
      },
      {
        name: 'DDL through raw SQL',
        code: `export async function truncateAll(pool: Pool, tables: string[]) {
  for (const table of tables) {
    await pool.query(\`TRUNCATE TABLE \${table} CASCADE\`);
  }
}`,
      },
      {
        name: 'one pg client inside BEGIN/COMMIT',
        code: `export async function insertEvents(pool: Pool, events: Ev[]) {
  const client = await pool.connect();
  await client.query('BEGIN');
  for (const ev of events) {
    await client.query('INSERT INTO events(id, body) VALUES ($1, $2)', [ev.id, ev.body]);
  }
  await client.query('COMMIT');
  client.release();
}`,
      },
      {
        name: 'parents created before children through an id map',
        code: `export async function importTree(nodes: TreeNode[]) {
  const idMap = new Map<string, string>();
  for (const node of nodes) {
    const created = await api.createNode({ parent: idMap.get(node.parentId), name: node.name });
    idMap.set(node.id, created.id);
  }
  return idMap;
}`,
      },
      {
        name: 'collection sorted on purpose',
        code: `export async function sendByPriority(messages: Sms[]) {
  for (const m of messages.sort((a, b) => b.priority - a.priority)) {
    await sms.send(m.to, m.body);
  }
}`,
      },
      {
        name: 'read-modify-write of one JSON file',
        code: `import { readFile, writeFile } from 'node:fs/promises';
export async function upsertAll(entries: Entry[]) {
  for (const entry of entries) {
    const data = JSON.parse(await readFile('db.json', 'utf8'));
    data[entry.id] = entry;
    await writeFile('db.json', JSON.stringify(data));
  }
}`,
      },
      {
        name: 'one Redis counter incremented by every iteration',
        code: `export async function handleAll(redis: Redis, items: Item[]) {
  for (const item of items) {
    await handle(item);
    await redis.incr('stats:processed');
  }
}`,
      },
      {
        name: 'logging in to each account on one client',
        code: `export async function fetchInboxes(client: ImapClient, accounts: Account[]) {
  const inboxes = [];
  for (const account of accounts) {
    await client.login(account.user, account.password);
    inboxes.push(await client.listMessages('INBOX'));
  }
  return inboxes;
}`,
      },
      {
        name: 'nested directories created without recursive',
        code: `import { mkdir } from 'node:fs/promises';
export async function scaffold(dirs: string[]) {
  for (const dir of dirs) {
    await mkdir(dir);
  }
}`,
      },
    ],
    shadowing: [
      {
        name: 'outer counter written though an inner block has its own',
        code: `export async function shipAll(parcels: Parcel[]) {
  let shipped = 0;
  for (const parcel of parcels) {
    {
      let shipped = parcel.items.length;
      stamp(parcel, shipped);
    }
    await carrier.ship(parcel.id);
    shipped++;
  }
  return shipped;
}`,
      },
      {
        name: 'item name shadowed by a callback parameter: the same call every time',
        code: `export async function invalidate(users: User[]) {
  for (const user of users) {
    await search.removeMany(users.map((user) => user.id));
  }
}`,
      },
    ],
    'tests and migrations (real-code audit)': [
      {
        name: 'fixtures created one by one in a test file',
        filename: 'src/projects/projects.e2e.test.ts',
        code: `async function seedProjects(names: string[]) {
  for (const name of names) {
    await db.projects.create({ id: name, name });
  }
}`,
      },
      {
        name: 'a fixture module under integration-tests/__fixtures__',
        filename: 'packages/cart/integration-tests/__fixtures__/carts.ts',
        code: `export async function createCarts(service: CartService, inputs: CartInput[]) {
  const carts = [];
  for (const input of inputs) carts.push(await service.createCarts(input));
  return carts;
}`,
      },
      {
        name: 'a fake store kept beside the code',
        filename: 'src/lib/features/users/fakes/fake-user-store.ts',
        code: `export class FakeUserStore {
  async getMany(ids: number[]) {
    const out = [];
    for (const id of ids) out.push(await this.get(id));
    return out;
  }
  async get(id: number) { return lookup(id); }
}`,
      },
      {
        name: 'a data migration steps through documents in order',
        filename: 'src/predefinedMigrations/v2-v3/migrate-status.ts',
        code: `export async function migrateStatus(db: Db, ids: string[]) {
  for (const id of ids) {
    const latest = await db.execute(\`select status from versions where parent = \${id}\`);
    await db.execute(\`update docs set status = '\${latest}' where id = \${id}\`);
  }
}`,
      },
    ],
    'one transaction or unit of work for every iteration (real-code audit)': [
      `export async function createCarts(data: CartInput[], sharedContext: Context) {
  const created = [];
  for (const cart of data) created.push(await cartService.create([cart], sharedContext));
  return created;
}`,
      `export async function detach(documents: Doc[], user: User, transaction: Transaction) {
  for (const document of documents) {
    await document.update({ collectionId: null }, { transaction });
  }
}`,
      `export async function updateMany(adapter: Adapter, req: Req, ids: string[], data: Data) {
  const db = primaryOf(adapter, await getTransaction(adapter, req));
  const results = [];
  for (const id of ids) results.push(await upsertRow({ id, db, data }));
  return results;
}`,
      `export async function detachDrafts(user: User, documents: Doc[], transaction: Transaction) {
  const ctx = createContext({ user, transaction });
  for (const document of documents) {
    await documentMover(ctx, { document, collectionId: null });
  }
}`,
    ],
    "a Vendure request context carries the request's transaction (real-code audit)": [
      {
        name: "each update through the transaction client's getter (Teable's txClient())",
        code: `export class FieldUpdateService {
  constructor(private readonly prismaService: PrismaService) {}
  async renameAll(fields: Array<{ id: string; name: string }>) {
    for (const field of fields) {
      await this.prismaService.txClient().field.update({ where: { id: field.id }, data: { name: field.name } });
    }
  }
}`,
      },
      {
        name: 'each update through a constant holding the transaction client (Teable, real-code audit)',
        code: `export class FieldSupplementService {
  constructor(private readonly prismaService: PrismaService) {}
  async deleteLookupFieldReference(linkFieldId: string): Promise<string[]> {
    const prisma = this.prismaService.txClient();
    const fieldsRaw = await prisma.field.findMany({ where: { lookupLinkedFieldId: linkFieldId }, select: { id: true } });
    for (const field of fieldsRaw) {
      await prisma.field.update({ data: { lookupLinkedFieldId: null }, where: { id: field.id } });
    }
    return fieldsRaw.map((field) => field.id);
  }
}`,
      },
      {
        name: 'each item written by a method of the class that goes through the transaction client (Teable, real-code audit)',
        code: fieldsCreatedThrough('private readonly prismaService: PrismaService', 'this.prismaService.txClient().field'),
      },
      `import { RequestContext, TransactionalConnection, StockLevel } from '@vendure/core';
export class StockAdjuster {
  constructor(private connection: TransactionalConnection, private stockLevelService: StockLevelService) {}
  async allocate(ctx: RequestContext, lines: OrderLine[]) {
    for (const line of lines) {
      await this.stockLevelService.updateStockAllocatedForLocation(ctx, line.productVariantId, line.locationId, line.quantity);
    }
  }
}`,
      `import { RequestContext } from '../../api/common/request-context';
export class CustomerGroupService {
  async addToGroup(ctx: RequestContext, customers: Customer[], groupId: ID) {
    for (const customer of customers) {
      await this.historyService.createHistoryEntryForCustomer({ ctx, customerId: customer.id, type: 'ADDED_TO_GROUP', data: { groupId } });
    }
  }
}`,
      `import { RequestContext, TransactionalConnection, ProductVariant } from '@vendure/core';
export class Reindexer {
  constructor(private connection: TransactionalConnection) {}
  async load(ctx: RequestContext, ids: ID[]) {
    const out: ProductVariant[] = [];
    for (const id of ids) out.push(await this.connection.getRepository(ctx, ProductVariant).findOneOrFail({ where: { id } }));
    return out;
  }
}`,
    ],
    'a loop inside a transaction callback that does not name the transaction (real-code audit)': [
      `export async function shareWithSubCollections(collectionId: number, members: Member[]) {
  return prisma.$transaction(async () => {
    const subCollections = await getAllSubCollections(collectionId);
    for (const sub of subCollections) {
      await prisma.usersAndCollections.deleteMany({ where: { collectionId: sub.id } });
      await prisma.usersAndCollections.createMany({ data: members.map((m) => ({ ...m, collectionId: sub.id })) });
    }
  });
}`,
      `@Injectable()
export class ViewOrderService {
  constructor(private readonly prismaService: PrismaService, private readonly knex: Knex) {}
  async saveOrder(dbTableName: string, indexField: string, recordIds: string[], indexes: number[]) {
    await this.prismaService.$tx(async (prisma) => {
      for (let i = 0; i < recordIds.length; i++) {
        const sql = this.knex(dbTableName).update({ [indexField]: indexes[i] }).where('__id', recordIds[i]).toQuery();
        await prisma.$executeRawUnsafe(sql);
      }
    });
  }
}`,
      `import pgPromise from 'pg-promise';
const db = pgPromise()(process.env.DATABASE_URL!);
export async function moveItems(items: { id: number; binId: number }[]) {
  await db.tx(async (t) => {
    for (const item of items) await t.none('UPDATE items SET bin_id = $1 WHERE id = $2', [item.binId, item.id]);
  });
}`,
    ],
    'seed data is created once, in order (real-code audit)': [
      {
        name: "Prisma's seed script",
        filename: 'packages/database/src/seed.ts',
        code: `export async function seedSurveys(prisma: PrismaClient, surveys: SurveyInput[]) {
  for (const survey of surveys) {
    await prisma.survey.create({ data: survey });
  }
}`,
      },
      {
        name: 'a seed module by its suffix',
        filename: 'src/database/users.seed.ts',
        code: `export async function seedUsers(users: UserInput[]) {
  for (const user of users) await userRepository.insert(user);
}`,
      },
      {
        name: "a migration by its shape: async up and down steps handed the pool (Logto's alterations)",
        filename: 'packages/schemas/alterations/1.37.0-1770295353-add-default-id-token-config.ts',
        code: `const alteration: AlterationScript = {
  up: async (pool) => {
    const tenants = await pool.any<{ id: string }>(sql\`select id from tenants\`);
    for (const { id: tenantId } of tenants) {
      await pool.query(sql\`insert into logto_configs (tenant_id, key, value) values (\${tenantId}, 'idToken', '{}')\`);
    }
  },
  down: async (pool) => {
    await pool.query(sql\`delete from logto_configs where key = 'idToken'\`);
  },
};
export default alteration;`,
      },
      {
        name: 'a migration by its shape: two exported steps',
        filename: 'src/db/changes/20240101-backfill-slugs.ts',
        code: `export async function up(db: Kysely<unknown>) {
  const posts = await db.selectFrom('posts').select(['id', 'title']).execute();
  for (const post of posts) {
    await db.updateTable('posts').set({ slug: slugify(post.title) }).where('id', '=', post.id).execute();
  }
}
export async function down(db: Kysely<unknown>) {
  await db.updateTable('posts').set({ slug: null }).execute();
}`,
      },
    ],
    "each item's event hook, handed the same event (real-code audit)": [
      `export function createMachine(processes: OrderProcess[]) {
  return {
    onTransitionEnd: async (fromState: State, toState: State, data: TransitionData) => {
      for (const process of processes) {
        if (typeof process.onTransitionEnd === 'function') {
          await awaitPromiseOrObservable(process.onTransitionEnd(fromState, toState, data));
        }
      }
    },
  };
}`,
      `export class Promotion {
  async activate(ctx: Ctx, order: Order) {
    for (const action of this.actions) {
      const promotionAction = this.allActions[action.code];
      await promotionAction.onActivate(ctx, order, action.args, this);
    }
  }
}`,
      `export async function saveAll(doc: Doc, plugins: Plugin[]) {
  for (const plugin of plugins) await plugin.beforeSave(doc);
}`,
    ],
    'order stated by the code (real-code audit)': [
      {
        name: 'a comment says one at a time',
        code: `export async function archiveChildren(children: Doc[], options: Options) {
  // Archived one at a time so that each document's hooks run.
  for (const child of children) {
    await archiveDocument(child, options);
  }
}`,
      },
      {
        name: 'a comment two statements above warns about interleaving writes',
        code: `export async function reindexAll(collections: string[]) {
  // Concurrent writes to the search index interleave on one connection and lose locale data.
  const results: number[] = [];
  try {
    for (const collection of collections) {
      results.push(await reindexCollection(collection));
    }
  } finally {
    await releaseLock();
  }
  return results;
}`,
      },
      {
        name: 'the sequential branch of a flag; the other branch already uses Promise.all',
        code: `export async function runJobs(jobs: Job[], sequential: boolean) {
  const results = [];
  if (sequential) {
    for (const job of jobs) results.push(await runSingleJob(job));
  } else {
    results.push(...(await Promise.all(jobs.map(runSingleJob))));
  }
  return results;
}`,
      },
      {
        name: 'a pacing delay handed to every call',
        code: `export async function runCollections(queue: Item[], envs: Env, delayMs: number) {
  for (const { collection, path } of queue) {
    await processCollection(collection, path, envs, delayMs);
  }
}`,
      },
      {
        name: 'batches cut with chunk(): each round is one bounded query',
        code: `export async function detachChildren(ids: string[]) {
  for (const batch of chunk(ids, 100)) {
    await Document.update({ parentId: null }, { where: { parentId: batch } });
  }
}`,
      },
      {
        name: 'batches cut with chunk() into a const first (seventh audit batch, growthbook)',
        code: `export async function runSnapshotAnalyses(params: AnalysisParams[]) {
  const chunks = chunk(params.map((p) => ({ id: p.id, data: toEngineData(p) })), 10);
  const results: AnalysisResult[][] = [];
  for (const part of chunks) {
    results.push(await runStatsEngine(part));
  }
  return results.flat();
}`,
      },
      {
        name: 'a collection sorted for this loop, by its name',
        code: `export async function resaveChildren(sortedChildren: Doc[]) {
  for (const child of sortedChildren) {
    await api.update({ collection: 'pages', id: child.id, data: breadcrumbsOf(child) });
  }
}`,
      },
    ],
    'nothing to overlap or shared state behind the call (real-code audit)': [
      {
        name: 'the steps of a rollback, after a failed publish (seventh audit batch, growthbook)',
        code: `export async function rollbackCreatedRampSchedules(context: ReqContext, scheduleIds: string[]) {
  const failed: string[] = [];
  for (const id of scheduleIds) {
    try {
      await context.models.rampSchedules.deleteById(id);
    } catch {
      failed.push(id);
    }
  }
  return failed;
}`,
      },
      {
        name: 'restoring the pre-image of what a failed bulk publish changed (seventh audit batch, growthbook)',
        code: `export const genericBulkAdapter = {
  async restorePreImage(context: ReqContext, preImage: PreImage) {
    for (const descendant of preImage.cascadeDescendants) {
      await context.models.configs.dangerousRestore(descendant.id, descendant.snapshot);
    }
  },
};`,
      },
      {
        name: 'an undo closure kept for a publish that must be rewound',
        code: `export async function publishRevision(feature: Feature, addedExperiments: string[]) {
  const undo = async () => {
    for (const experimentId of addedExperiments) {
      await experiments.unlinkFeature(experimentId, feature.id);
    }
  };
  try {
    await features.publish(feature);
  } catch (error) {
    await undo();
    throw error;
  }
}`,
      },
      {
        name: 'a closure of the function that, after waiting, appends to a list and a set every iteration shares',
        code: `export async function listPages(accessToken: string, businesses: Array<{ id: string }>) {
  const seenIds = new Set<string>();
  const allPages: Page[] = [];
  const fetchPaginated = async (startUrl: string) => {
    let nextUrl: string | undefined = startUrl;
    while (nextUrl) {
      const response = await (await fetch(nextUrl)).json();
      for (const page of response.data ?? []) {
        if (!seenIds.has(page.id)) {
          seenIds.add(page.id);
          allPages.push(page);
        }
      }
      nextUrl = response.paging?.next;
    }
  };
  for (const business of businesses) {
    await fetchPaginated(\`https://graph.example.com/\${business.id}/owned_pages?access_token=\${accessToken}\`);
  }
  return allPages;
}`,
      },
      {
        name: 'the awaited helper is an async function of this file that never waits',
        code: `async function quantityOf(links: Link[]) {
  let min = Infinity;
  for (const link of links) min = Math.min(min, link.available / link.required);
  return Number.isFinite(min) ? Math.floor(min) : 0;
}
export async function withQuantities(variants: Variant[], linksById: Map<string, Link[]>) {
  for (const variant of variants) {
    variant.quantity = await quantityOf(linksById.get(variant.id) ?? []);
  }
}`,
      },
      {
        name: 'an async method of this class that never waits',
        code: `export class Scheduler {
  private scheduled = new Map<string, Job>();
  async remove(id: string) {
    clearTimeout(this.scheduled.get(id)?.timer);
    this.scheduled.delete(id);
  }
  async removeAll(ids: string[]) {
    for (const id of ids) await this.remove(id);
  }
}`,
      },
      {
        name: 'an empty list created here is filled by every call',
        code: `export async function sanitizeJoins(joins: Join[], req: Req) {
  const errors: string[] = [];
  const promises: Promise<void>[] = [];
  for (const join of joins) {
    await sanitizeJoin({ join, req, errors, promises });
  }
  await Promise.all(promises);
  return errors;
}`,
      },
      {
        name: 'a helper handed both the items and the callback: its order is the contract',
        code: `export async function eachSeries<T>(items: T[], visit: (item: T) => Promise<void>) {
  for (const item of items) {
    await visit(item);
  }
}`,
      },
      {
        name: 'a recursive walk',
        code: `async function collectIds(rootId: string): Promise<string[]> {
  const ids = [rootId];
  const children = await db.collections.findMany({ where: { parentId: rootId } });
  for (const child of children) {
    ids.push(...(await collectIds(child.id)));
  }
  return ids;
}`,
      },
      {
        name: 'changes applied one on top of another',
        code: `export async function promoteAll(changes: Change[], userId: string) {
  for (const change of changes) {
    await applyChange.execute({ changeId: change.id, userId });
  }
}`,
      },
      {
        name: 'module migrations run one after another',
        code: `export async function migrateModules(modules: Module[], options: Options) {
  for (const mod of modules) {
    await runMigrations(mod, options);
  }
}`,
      },
      {
        name: 'each item runs a chain of hooks',
        code: `export async function beforeDuplicate(locales: string[], field: Field, args: Args) {
  const data: Record<string, unknown> = {};
  for (const locale of locales) {
    for (const hook of field.hooks.beforeDuplicate) {
      await hook({ ...args, locale });
    }
  }
  return data;
}`,
      },
      {
        name: 'the called function of this file queries in a transaction it does not own',
        code: `export async function duplicateAll(ctx: Context, roots: Doc[]) {
  async function duplicate(doc: Doc) {
    const original = await Document.findByPk(doc.id, { transaction: ctx.state.transaction });
    return Document.create({ ...original, id: undefined }, { transaction: ctx.state.transaction });
  }
  const copies = [];
  for (const root of roots) copies.push(await duplicate(root));
  return copies;
}`,
      },
      {
        name: 'the collection is put in order just before the loop',
        code: `export async function updateArtifacts(config: Config, manager: string, files: PackageFile[]) {
  const results = [];
  sortPackageFiles(config, manager, files);
  for (const file of files) {
    results.push(await managerUpdateArtifacts(manager, { packageFileName: file.path }));
  }
  return results;
}`,
      },
      {
        name: 'every iteration rewrites the same record',
        code: `export async function saveLocales(saved: Doc, localeUpdates: Record<string, Data>) {
  for (const [locale, data] of Object.entries(localeUpdates)) {
    await payload.update({ id: saved.id, collection: 'posts', data, locale });
  }
}`,
      },
    ],
  },
  invalid: {
    'a constant list imported from the code is small: no bounded pool needed (real-code audit)': [
      {
        name: 'one report query per UTM parameter',
        code: `import { UTM_PARAMS } from '@/lib/constants';
export async function utmReport(websiteId: string, filters: Filters) {
  const data: Record<string, unknown> = {};
  for (const key of UTM_PARAMS) {
    data[key] = await getUTM(websiteId, { column: key }, filters);
  }
  return data;
}`,
        errors: [{ messageId: 'independentIterations', line: 5, column: 17 }],
      },
      {
        name: 'an imported list with an ordinary name may be large',
        code: `import { regions } from './config';
export async function pingAll() {
  const out: Record<string, unknown> = {};
  for (const region of regions) {
    out[region] = await probe(region);
  }
  return out;
}`,
        errors: [{ messageId: LARGE, line: 5, column: 19 }],
      },
    ],
    'a service whose name mentions seeding is not a seed script': [
      {
        name: 'seeds each tenant on request',
        filename: 'src/services/seed-service.ts',
        code: `export async function seedTenants(tenants: Tenant[]) {
  for (const tenant of tenants) await tenantApi.provision(tenant.id);
}`,
        errors: [{ messageId: LARGE, line: 2, column: 33 }],
      },
    ],
    'an event hook of one service, called for each item': [
      {
        name: 'the receiver is the same every time',
        code: `export async function welcome(users: User[]) {
  for (const user of users) {
    await mailer.onSignup(user);
  }
}`,
        errors: [{ messageId: LARGE, line: 3, column: 5 }],
      },
    ],
    'a client that is not the transaction client': [
      {
        name: 'a constant holding the ordinary Prisma client',
        code: `export class FieldSupplementService {
  constructor(private readonly prismaService: PrismaService) {}
  async clearLookups(fieldIds: string[]) {
    const prisma = this.prismaService.client();
    for (const id of fieldIds) {
      await prisma.field.update({ data: { lookupLinkedFieldId: null }, where: { id } });
    }
  }
}`,
        errors: [{ messageId: LARGE, line: 6, column: 7 }],
      },
      {
        name: 'a method of the class that writes with the ordinary client',
        code: fieldsCreatedThrough('private readonly prisma: PrismaService', 'this.prisma.field'),
        errors: [{ messageId: LARGE, line: 9, column: 20 }],
      },
    ],
    'a request context of another kind carries no transaction': [
      {
        name: 'a RequestContext type of the project itself',
        code: `import { RequestContext } from './types';
export async function profiles(ctx: RequestContext, ids: string[]) {
  const out: Profile[] = [];
  for (const id of ids) out.push(await profileApi.get(ctx, id));
  return out;
}`,
        errors: [{ messageId: LARGE, line: 4, column: 34 }],
      },
    ],
    'one environment variable per item': [
      {
        name: 'secrets loaded into process.env by name',
        code: `export async function loadSecrets(map: Record<string, string>) {
  for (const [name, id] of Object.entries(map)) {
    const { SecretString } = await sm.send(new GetSecretValueCommand({ SecretId: id }));
    if (SecretString) process.env[name] = SecretString;
  }
}`,
        errors: [{ messageId: LARGE, line: 3, column: 30 }],
      },
    ],
    'a Redis client named connection, and the pooled mongoose connection': [
      {
        name: 'BullMQ-style connection to Redis',
        code: `import IORedis from 'ioredis';
const connection = new IORedis(process.env.REDIS_URL!);
export async function profiles(ids: string[]) {
  const out: Record<string, string>[] = [];
  for (const id of ids) {
    out.push(await connection.hgetall(\`profile:\${id}\`));
  }
  return out;
}`,
        errors: [{ messageId: LARGE, line: 6, column: 14 }],
      },
      {
        name: 'a count per collection on mongoose.connection',
        code: `import mongoose from 'mongoose';
export async function stats(names: string[]) {
  const counts: Record<string, number> = {};
  for (const name of names) {
    counts[name] = await mongoose.connection.db!.collection(name).estimatedDocumentCount();
  }
  return counts;
}`,
        errors: [{ messageId: LARGE, line: 5, column: 20 }],
      },
    ],
    'a record found by its own id, and a metric per item': [
      {
        name: 'file names sorted for a stable output, then each read',
        code: `export async function loadSchemas() {
  const files = (await glob('schemas/**/*.json')).sort();
  const schemas = [];
  for (const file of files) {
    schemas.push(JSON.parse(await readFile(file, 'utf8')));
  }
  return schemas;
}`,
        errors: [{ messageId: LARGE, line: 5, column: 29 }],
      },
      {
        name: 'one URL per item replaced',
        code: `export async function publishAll(items: Item[]) {
  for (const item of items) {
    await oms.put(\`items/\${item.id}\`, { json: item });
  }
}`,
        errors: [{ messageId: LARGE, line: 3, column: 5 }],
      },
      {
        name: 'orders are data, not an order of steps',
        code: `export async function archive(orders: Order[]) {
  for (const order of orders) {
    await s3.putObject({ Bucket: 'archive', Key: \`orders/\${order.id}.json\`, Body: JSON.stringify(order) });
  }
}`,
        errors: [{ messageId: LARGE, line: 3, column: 5 }],
      },
      {
        name: 'the cache entry of each device, by its own id, refreshed',
        code: `export async function refresh(devices: Device[]) {
  for (const device of devices) {
    const cached = await redis.get(\`device:\${device.deviceId}\`);
    if (!cached) await redis.set(\`device:\${device.deviceId}\`, JSON.stringify(device));
  }
}`,
        errors: [{ messageId: LARGE, line: 3, column: 20 }],
      },
      {
        name: 'each user record read by id, changed and saved',
        code: `export async function touch(ids: string[], now: Date) {
  for (const id of ids) {
    const user = await User.findById(id);
    user.lastSeenAt = now;
    await user.save();
  }
}`,
        errors: [{ messageId: LARGE, line: 3, column: 18 }],
      },
      {
        name: 'a gauge per table',
        code: `export async function report(tables: string[]) {
  for (const table of tables) {
    const n = await countRows(table);
    metrics.gauge(\`rows.\${table}\`, n);
  }
}`,
        errors: [{ messageId: LARGE, line: 3, column: 15 }],
      },
    ],
    'webhooks the loop only reads from, and a literal list of reads': [
      {
        name: "each hook's endpoint read through its getter, not the hook run",
        code: `export async function notifyAll(hooks: Webhook[], body: string) {
  for (const hook of hooks) {
    await fetch(hook.endpoint(), { method: 'POST', body });
  }
}`,
        errors: [{ messageId: LARGE, line: 3, column: 5 }],
      },
      {
        name: 'probing each registered webhook, kept in a list called hooks',
        code: `export async function probe(hooks: { id: string; url: string }[]) {
  const down: string[] = [];
  for (const hook of hooks) {
    try {
      await fetch(hook.url, { method: 'HEAD' });
    } catch {
      down.push(hook.id);
    }
  }
  return down;
}`,
        errors: [{ messageId: LARGE, line: 5, column: 7 }],
      },
      {
        name: 'dashboard counts from a literal list of SELECTs',
        code: `const COUNTS = ['SELECT count(*) FROM users', 'SELECT count(*) FROM orders', 'SELECT count(*) FROM refunds'];
export async function counts(pool: Pool) {
  const out: number[] = [];
  for (const sql of COUNTS) {
    const { rows } = await pool.query(sql);
    out.push(Number(rows[0].count));
  }
  return out;
}`,
        errors: [{ messageId: INDEPENDENT, line: 5, column: 22 }],
      },
    ],
    'names that only contain a sequencing word': [
      {
        name: 'subscriptionIds is not a list of scripts',
        code: `router.get('/accounts/:id/billing', async (ctx) => {
  const subscriptionIds: string[] = await idsFor(ctx.params.id);
  const subscriptions = [];
  for (const subId of subscriptionIds) {
    const sub = await stripe.subscriptions.retrieve(subId, { expand: ['items.data.price'] });
    subscriptions.push({ id: sub.id, status: sub.status });
  }
  ctx.body = subscriptions;
});`,
        errors: [{ messageId: LARGE, line: 5, column: 17 }],
      },
      {
        name: 'getLatestRelease reads a release, it does not release a lock',
        code: `export async function snapshot(repos: string[]) {
  const rows = [];
  for (const full of repos) {
    const [owner, repo] = full.split('/');
    const { data } = await octokit.rest.repos.getLatestRelease({ owner, repo });
    rows.push([full, data.tag_name]);
  }
  return rows;
}`,
        errors: [{ messageId: LARGE, line: 5, column: 22 }],
      },
      {
        name: 'a Mongoose query run with .exec() is not a child process',
        code: `export async function tagsOf(tagIds: string[]) {
  const tags = [];
  for (const tagId of tagIds) {
    const tag = await Tag.findById(tagId).lean().exec();
    if (tag) tags.push(tag);
  }
  return tags;
}`,
        errors: [{ messageId: LARGE, line: 4, column: 17 }],
      },
      {
        name: 'a SELECT written as a tagged template, keyed by the item',
        code: `import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL!);
export async function snapshots(channels: string[]) {
  const out: Record<string, unknown> = {};
  for (const channel of channels) {
    const [row] = await sql\`SELECT payload FROM channel_snapshots WHERE channel = \${channel}\`;
    out[channel] = row?.payload ?? null;
  }
  return out;
}`,
        errors: [{ messageId: LARGE, line: 6, column: 19 }],
      },
    ],
    'still reported next to the audit filters': [
      {
        name: 'listing restore points is reading, not restoring',
        code: `export async function listRestorePoints(ids: string[]) {
  const points: RestorePoint[] = [];
  for (const id of ids) {
    points.push(await restorePointStore.get(id));
  }
  return points;
}`,
        errors: [{ messageId: LARGE, line: 4, column: 17 }],
      },
      {
        name: 'a rollout is not a rollback',
        code: `export async function rolloutFeatures(featureIds: string[]) {
  for (const id of featureIds) {
    await featureFlags.enable(id);
  }
}`,
        errors: [{ messageId: LARGE, line: 3, column: 5 }],
      },
      {
        name: 'a list held in a const made by a call that does not cut it into batches',
        code: `export async function analyse(params: AnalysisParams[]) {
  const prepared = prepare(params);
  const results: AnalysisResult[] = [];
  for (const item of prepared) {
    results.push(await runStatsEngine(item));
  }
  return results;
}`,
        errors: [{ messageId: LARGE, line: 5, column: 18 }],
      },
      {
        name: 'a closure that only reads what the function set up, and returns its result',
        code: `export async function pagesOf(accessToken: string, businesses: Array<{ id: string }>) {
  const base = 'https://graph.example.com';
  const fetchOwned = async (id: string) => {
    const response = await fetch(\`\${base}/\${id}/owned_pages?access_token=\${accessToken}\`);
    return response.json();
  };
  const pages = [];
  for (const business of businesses) pages.push(await fetchOwned(business.id));
  return pages;
}`,
        errors: [{ messageId: LARGE, line: 8, column: 49 }],
      },
      {
        name: "a helper that only logs through the prompt library's log asks nothing",
        code: `import { log } from '@clack/prompts';
async function installOne(target: string) {
  const res = await fetch(\`https://registry.example.com/skills/\${target}\`);
  log.info(\`fetched \${target}\`);
  return res.json();
}
export async function installAll(targets: string[]) {
  const out = [];
  for (const target of targets) out.push(await installOne(target));
  return out;
}`,
        errors: [{ messageId: LARGE, line: 9, column: 42 }],
      },
      {
        name: 'a create whose id argument names another record',
        code: `export async function notifyAll(recipients: User[], document: Doc) {
  for (const recipient of recipients) {
    await Notification.create({ userId: recipient.id, documentId: document.id, event: 'published' });
  }
}`,
        errors: [{ messageId: LARGE, line: 3, column: 5 }],
      },
      {
        name: 'an async helper of this file that does wait',
        code: `async function loadProfile(id: string) {
  const row = await db.profiles.findOne({ where: { id } });
  return row ?? null;
}
export async function profiles(ids: string[]) {
  const out = [];
  for (const id of ids) out.push(await loadProfile(id));
  return out;
}`,
        errors: [{ messageId: LARGE, line: 7, column: 34 }],
      },
      {
        name: 'a user callback taken from options, over a list built here',
        code: `export async function validate(value: unknown, { filterOptions, relationTo }: Options) {
  const collections = Array.isArray(relationTo) ? relationTo : [relationTo];
  const filters: Record<string, unknown> = {};
  for (const collection of collections) {
    filters[collection] = await filterOptions({ relationTo: collection, value });
  }
  return filters;
}`,
        errors: [{ messageId: LARGE, line: 5, column: 27 }],
      },
      {
        name: 'a called function of this file that opens its own transaction per item',
        code: `export async function archiveAll(docs: Doc[]) {
  async function archive(doc: Doc) {
    return sequelize.transaction(async (t) => Document.update({ archived: true }, { where: { id: doc.id }, transaction: t }));
  }
  for (const doc of docs) await archive(doc);
}`,
        errors: [{ messageId: LARGE, line: 5, column: 27 }],
      },
      {
        name: 'an unrelated comment does not silence the loop',
        code: `export async function fetchAvatars(users: User[]) {
  // Avatars are optional: a missing one is fine.
  for (const user of users) {
    user.avatar = await avatars.get(user.id);
  }
}`,
        errors: [{ messageId: LARGE, line: 4, column: 19 }],
      },
      {
        name: 'a sync config migration inside the body is a transform, not a migration step',
        code: `export async function resolveRules(rules: Rule[], config: Config) {
  const resolved = [];
  for (const rule of rules) {
    const preset = await resolvePreset(rule, config);
    resolved.push(migrateConfig(preset));
  }
  return resolved;
}`,
        errors: [{ messageId: LARGE, line: 4, column: 20 }],
      },
    ],
    'independent fetches pushed in order': [
      {
        name: 'every odds feed asked about one event, its answer named and then collected',
        code: `export async function consensusFor(eventId: string, feeds: readonly OddsFeed[]) {
  const quotes: Odds[] = [];
  for (const feed of feeds) {
    const odds = await feed.latest(eventId);
    quotes.push(odds);
  }
  return quotes;
}`,
        errors: [{ messageId: LARGE, line: 4, column: 18 }],
      },
      {
        name: 'every carrier asked for a quote on the same parcel',
        code: `export class ShippingService {
  constructor(private readonly carriers: CarrierClient[]) {}
  async quotes(parcel: Parcel): Promise<Quote[]> {
    const quotes: Quote[] = [];
    for (const carrier of this.carriers) {
      quotes.push(await carrier.quote(parcel));
    }
    return quotes.sort((a, b) => a.amountCents - b.amountCents);
  }
}`,
        errors: [{ messageId: LARGE, line: 6, column: 19 }],
      },
      {
        name: 'express handler loading users by id',
        code: `import express from 'express';
const app = express();
app.post('/users/batch', async (req, res) => {
  const users = [];
  for (const id of req.body.ids) {
    users.push(await userService.findById(id));
  }
  res.json(users);
});`,
        errors: [{ messageId: LARGE, line: 6, column: 16, related: 1 }],
      },
      {
        name: 'fetch then json per url',
        code: `export async function loadFeeds(feedUrls: string[]) {
  const feeds = [];
  for (const url of feedUrls) {
    const res = await fetch(url);
    feeds.push(await res.json());
  }
  return feeds;
}`,
        errors: [{ messageId: LARGE, line: 4, column: 17 }],
      },
      {
        name: 'service method calling an HTTP client',
        code: `export class CatalogService {
  constructor(private readonly http: HttpClient) {}
  async productsFor(skus: string[]): Promise<Product[]> {
    const products: Product[] = [];
    for (const sku of skus) {
      const product = await this.http.get<Product>(\`/products/\${sku}\`);
      products.push(product);
    }
    return products;
  }
}`,
        errors: [{ messageId: LARGE, line: 6, column: 23 }],
      },
      {
        name: 'CLI reading every file of a directory',
        code: `import { readFile, readdir } from 'node:fs/promises';
import * as path from 'node:path';
export async function loadTemplates(dir: string) {
  const templates: string[] = [];
  for (const name of await readdir(dir)) {
    templates.push(await readFile(path.join(dir, name), 'utf8'));
  }
  return templates;
}`,
        errors: [{ messageId: LARGE, line: 6, column: 20 }],
      },
      {
        name: 'fastify route loading related records',
        code: `export default async function routes(fastify: FastifyInstance) {
  fastify.get('/orders/:id/items', async (request) => {
    const order = await fastify.db.orders.findOne(request.params.id);
    const items = [];
    for (const itemId of order.itemIds) {
      items.push(await fastify.db.items.findOne(itemId));
    }
    return items;
  });
}`,
        errors: [{ messageId: LARGE, line: 6, column: 18 }],
      },
      {
        name: 'fixed list of regions (small literal)',
        code: `export async function healthReport() {
  const results = [];
  for (const region of ['us-east-1', 'eu-west-1', 'ap-south-1']) {
    results.push(await pingRegion(region));
  }
  return results;
}`,
        errors: [{ messageId: INDEPENDENT, line: 4, column: 18 }],
      },
      {
        name: 'static site build reading markdown posts',
        code: `import { readFile } from 'node:fs/promises';
import matter from 'gray-matter';
export async function getStaticProps() {
  const slugs = await listSlugs();
  const posts = [];
  for (const slug of slugs) {
    posts.push(matter(await readFile(\`content/\${slug}.md\`, 'utf8')));
  }
  return { props: { posts } };
}`,
        errors: [{ messageId: LARGE, line: 7, column: 23 }],
      },
      {
        name: 'webhook fan-out to distinct subscriber URLs',
        code: `export async function fanOut(subscribers: Subscriber[], event: WebhookEvent) {
  const body = JSON.stringify(event);
  for (const sub of subscribers) {
    await fetch(sub.url, { method: 'POST', body, headers: { 'x-signature': sign(body, sub.secret) } });
  }
}`,
        errors: [{ messageId: LARGE, line: 4, column: 5 }],
      },
      {
        name: 'repository lookups in a NestJS service',
        code: `export class InvoiceService {
  constructor(private readonly invoices: Repository<Invoice>) {}
  async byIds(ids: number[]) {
    const found: Invoice[] = [];
    for (const id of ids) {
      const invoice = await this.invoices.findOne({ where: { id } });
      if (invoice) found.push(invoice);
    }
    return found;
  }
}`,
        errors: [{ messageId: LARGE, line: 6, column: 23 }],
      },
    ],
    'keyed writes': [
      {
        name: 'a grid of counts, one row per depot and one slot per category',
        code: `const CATEGORIES = ['compact', 'suv', 'van'] as const;
export async function availability(depots: { id: string; name: string }[]) {
  const matrix: Record<string, Record<string, number>> = {};
  for (const depot of depots) {
    matrix[depot.name] = {};
    for (const category of CATEGORIES) {
      matrix[depot.name][category] = await fleet.countAvailable(depot.id, category);
    }
  }
  return matrix;
}`,
        errors: [{ messageId: INDEPENDENT, line: 7, column: 38 }],
      },
      {
        name: 'each row updated by its own id through SQL text',
        code: `import { Pool } from 'pg';
const pool = new Pool();
export async function markShipped(orders: { id: string; trackingNo: string }[]) {
  for (const order of orders) {
    await pool.query('UPDATE orders SET status = $1, tracking_no = $2 WHERE id = $3', ['shipped', order.trackingNo, order.id]);
  }
}`,
        errors: [{ messageId: LARGE, line: 5, column: 5 }],
      },
      {
        name: 'results keyed by user id',
        code: `export async function permissionsByUser(users: User[]) {
  const permissions: Record<string, Permission[]> = {};
  for (const user of users) {
    permissions[user.id] = await authz.permissionsOf(user.id);
  }
  return permissions;
}`,
        errors: [{ messageId: LARGE, line: 4, column: 28 }],
      },
      {
        name: 'Map.set keyed by the item',
        code: `export async function resolveHosts(hosts: string[]) {
  const addresses = new Map<string, string[]>();
  for (const host of hosts) {
    addresses.set(host, await dns.resolve4(host));
  }
  return addresses;
}`,
        errors: [{ messageId: LARGE, line: 4, column: 25 }],
      },
      {
        name: 'for…in over a literal config object',
        code: `const SERVICES = { billing: 'http://billing:8080', search: 'http://search:9200' };
export async function versions() {
  const found: Record<string, string> = {};
  for (const name in SERVICES) {
    found[name] = await getVersion(name);
  }
  return found;
}`,
        errors: [{ messageId: INDEPENDENT, line: 5, column: 19 }],
      },
      {
        name: 'writing results back by index',
        code: `export async function translateAll(texts: string[], target: string) {
  const out: string[] = new Array(texts.length);
  for (let i = 0; i < texts.length; i++) {
    out[i] = await translator.translate(texts[i], target);
  }
  return out;
}`,
        errors: [{ messageId: LARGE, line: 4, column: 14 }],
      },
      {
        name: 'updating each item in place',
        code: `export async function attachAvatars(members: Member[]) {
  for (const member of members) {
    member.avatar = await gravatar.url(member.email);
  }
  return members;
}`,
        errors: [{ messageId: LARGE, line: 3, column: 21 }],
      },
    ],
    'side-effect-only bodies on distinct resources': [
      {
        name: 'deleting temp files',
        code: `import { unlink } from 'node:fs/promises';
import * as path from 'node:path';
export async function cleanTmp(tmpDir: string, names: string[]) {
  for (const name of names) {
    await unlink(path.join(tmpDir, name));
  }
}`,
        errors: [{ messageId: LARGE, line: 5, column: 5 }],
      },
      {
        name: 'deleting S3 objects by key',
        code: `export async function purgeUploads(s3: S3Client, bucket: string, keys: string[]) {
  for (const key of keys) {
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  }
}`,
        errors: [{ messageId: LARGE, line: 3, column: 5 }],
      },
      {
        name: 'sending one email per user',
        code: `export async function sendWelcome(newUsers: User[]) {
  for (const user of newUsers) {
    await mailer.sendMail({ to: user.email, subject: 'Welcome', html: welcomeHtml(user) });
  }
}`,
        errors: [{ messageId: LARGE, line: 3, column: 5 }],
      },
      {
        name: 'expiring sessions by key',
        code: `export async function logoutEverywhere(redis: Redis, sessionIds: string[]) {
  for (const sid of sessionIds) {
    await redis.del(\`session:\${sid}\`);
  }
}`,
        errors: [{ messageId: LARGE, line: 3, column: 5 }],
      },
      {
        name: 'DELETE request per id',
        code: `export async function removeWebhooks(baseUrl: string, ids: string[]) {
  for (const id of ids) {
    await fetch(\`\${baseUrl}/webhooks/\${id}\`, { method: 'DELETE' });
  }
}`,
        errors: [{ messageId: LARGE, line: 3, column: 5 }],
      },
      {
        name: 'saving each entity',
        code: `export async function touchAll(entities: BaseEntity[]) {
  for (const entity of entities) {
    entity.updatedAt = new Date();
    await entity.save();
  }
}`,
        errors: [{ messageId: LARGE, line: 4, column: 5 }],
      },
      {
        name: 'writing one output file per input',
        code: `import { writeFile } from 'node:fs/promises';
export async function emitReports(outDir: string, reports: Report[]) {
  for (const report of reports) {
    await writeFile(\`\${outDir}/\${report.id}.json\`, JSON.stringify(report));
  }
}`,
        errors: [{ messageId: LARGE, line: 4, column: 5 }],
      },
      {
        name: 'one directory per user, recursive',
        code: `import { mkdir } from 'node:fs/promises';
export async function prepareHomes(root: string, users: string[]) {
  for (const user of users) {
    await mkdir(\`\${root}/\${user}/uploads\`, { recursive: true });
  }
}`,
        errors: [{ messageId: LARGE, line: 4, column: 5 }],
      },
    ],
    'a helper handed a loader, not an iteration helper': [
      {
        code: `type BlobLoader = (key: string) => Promise<Uint8Array>;
export async function measureBlobs(keys: string[], load: BlobLoader) {
  const sizes: number[] = [];
  for (const key of keys) {
    const data = await load(key);
    sizes.push(data.byteLength);
  }
  return sizes;
}`,
        errors: [{ messageId: LARGE, line: 5, column: 18 }],
      },
    ],
    'backwards index loops and a prefix taken before any work': [
      {
        code: `export async function loadCarts(ids: string[]) {
  const out: Cart[] = new Array(ids.length);
  for (let i = ids.length - 1; i >= 0; i--) {
    const items = await redis.hgetall(ids[i]);
    out[i] = { id: ids[i], items };
  }
  return out;
}`,
        errors: [{ messageId: LARGE, line: 4, column: 19 }],
      },
      {
        code: `const MAX_PREVIEWS = 3;
export async function previews(urls: string[]) {
  const out: Preview[] = [];
  for (const [i, url] of urls.entries()) {
    if (i >= MAX_PREVIEWS) break;
    const { result } = await ogs({ url });
    out.push({ url, title: result.ogTitle });
  }
  return out;
}`,
        errors: [{ messageId: LARGE, line: 6, column: 24 }],
      },
    ],
    'a method of this class that only reads or fills a cache': [
      {
        code: `export class Users {
  private cache = new Map<string, User>();
  private async load(id: string) {
    const user = await this.db.users.findById(id);
    this.cache.set(id, user);
    return user;
  }
  async many(ids: string[]) {
    const out: User[] = [];
    for (const id of ids) {
      out.push(await this.load(id));
    }
    return out;
  }
}`,
        errors: [{ messageId: LARGE, line: 11, column: 16 }],
      },
    ],
    'storage buckets are not rate limiters': [
      {
        code: `const bucket = storage.bucket('media');
async function describeRenditions(renditions: Record<string, string>) {
  const sizes: Record<string, number> = {};
  for (const [label, objectPath] of Object.entries(renditions)) {
    const [metadata] = await bucket.file(objectPath).getMetadata();
    sizes[label] = Number(metadata.size ?? 0);
  }
  return sizes;
}`,
        errors: [{ messageId: LARGE, line: 5, column: 24 }],
      },
    ],
    'classic for over index': [
      {
        name: 'i < ids.length',
        code: `export async function archive(ids: string[]) {
  for (let i = 0; i < ids.length; i++) {
    await archiveService.archive(ids[i]);
  }
}`,
        errors: [{ messageId: LARGE, line: 3, column: 5 }],
      },
      {
        name: 'cached length and ++i',
        code: `export async function warmCaches(keys: string[]) {
  for (let i = 0, n = keys.length; i < n; ++i) {
    await cdn.prefetch(keys[i]);
  }
}`,
        errors: [{ messageId: LARGE, line: 3, column: 5 }],
      },
      {
        name: 'while over an index',
        code: `export async function refundAll(payments: Payment[]) {
  let i = 0;
  while (i < payments.length) {
    await stripe.refunds.create({ payment_intent: payments[i].intentId });
    i++;
  }
}`,
        errors: [{ messageId: LARGE, line: 4, column: 5 }],
      },
      {
        name: 'updating each row in place through its index',
        code: `export async function checkLinks(rows: LinkRow[]) {
  for (let i = 0; i < rows.length; i++) {
    rows[i].status = (await fetch(rows[i].url, { method: 'HEAD' })).status;
  }
  return rows;
}`,
        errors: [{ messageId: LARGE, line: 3, column: 23 }],
      },
      {
        name: 'index used as a position, not for arithmetic',
        code: `export async function renumber(slides: Slide[]) {
  for (let i = 0; i < slides.length; i++) {
    await slidesApi.update(slides[i].id, { position: i });
  }
}`,
        errors: [{ messageId: LARGE, line: 3, column: 5 }],
      },
    ],
    'large collection → bounded': [
      {
        name: 'rows returned by a query',
        code: `export async function reindexProducts() {
  const rows = await db.query('SELECT id FROM products');
  for (const row of rows) {
    await search.reindex(row.id);
  }
}`,
        errors: [{ messageId: LARGE, line: 4, column: 5 }],
      },
      {
        name: 'user-supplied list in a job payload',
        code: `export async function handleJob(job: { data: { userIds: string[] } }) {
  for (const userId of job.data.userIds) {
    await analytics.recompute(userId);
  }
}`,
        errors: [{ messageId: LARGE, line: 3, column: 5 }],
      },
      {
        name: 'a spread literal is not a small literal',
        code: `export async function pingAll(extra: string[]) {
  for (const host of ['a.internal', ...extra]) {
    await ping(host);
  }
}`,
        errors: [{ messageId: LARGE, line: 3, column: 5 }],
      },
      {
        name: 'const literal array of locales (small)',
        code: `const LOCALES = ['en', 'de', 'fr', 'ja'] as const;
export async function buildBundles() {
  for (const locale of LOCALES) {
    await bundler.build(locale);
  }
}`,
        errors: [{ messageId: INDEPENDENT, line: 4, column: 5 }],
      },
      {
        name: 'Object.entries of a literal (small)',
        code: `const QUEUES = { emails: 'q-emails', sms: 'q-sms' };
export async function purgeQueues(sqs: Sqs) {
  for (const [name, url] of Object.entries(QUEUES)) {
    await sqs.purge(url, name);
  }
}`,
        errors: [{ messageId: INDEPENDENT, line: 4, column: 5 }],
      },
    ],
    'with types': [
      {
        name: 'Promise-returning declared function',
        types: true,
        code: `interface User { id: string }
declare function getUser(id: string): Promise<User>;
export async function users(ids: string[]) {
  const out: User[] = [];
  for (const id of ids) {
    out.push(await getUser(id));
  }
  return out;
}`,
        errors: [{ messageId: LARGE, line: 6, column: 14 }],
      },
      {
        name: 'first await not a promise, second is',
        types: true,
        code: `declare function normalise(path: string): string;
declare function upload(path: string): Promise<void>;
export async function publish(paths: string[]) {
  for (const p of paths) {
    const clean = await normalise(p);
    await upload(clean);
  }
}`,
        errors: [{ messageId: LARGE, line: 6, column: 5 }],
      },
      {
        name: 'union with a promise',
        types: true,
        code: `declare function load(key: string): Promise<string> | string;
export async function loadAll(keys: readonly string[]) {
  const values: Record<string, string> = {};
  for (const key of keys) {
    values[key] = await load(key);
  }
  return values;
}`,
        errors: [{ messageId: LARGE, line: 5, column: 19 }],
      },
      {
        name: 'classic for with a typed client',
        types: true,
        code: `declare const storage: { remove(key: string): Promise<void> };
export async function removeAll(keys: string[]) {
  for (let i = 0; i < keys.length; i++) {
    await storage.remove(keys[i]);
  }
}`,
        errors: [{ messageId: LARGE, line: 4, column: 5 }],
      },
      {
        name: 'untyped (any) result falls back to syntax',
        types: true,
        code: `declare const legacyApi: any;
export async function archiveAll(ids: string[]) {
  for (const id of ids) {
    await legacyApi.archive(id);
  }
}`,
        errors: [{ messageId: LARGE, line: 4, column: 5 }],
      },
    ],
    'destructured loop variable': [
      {
        name: 'object pattern',
        code: `export async function checkSites(sites: Site[]) {
  const statuses: number[] = [];
  for (const { url, timeoutMs } of sites) {
    statuses.push((await fetch(url, { signal: AbortSignal.timeout(timeoutMs) })).status);
  }
  return statuses;
}`,
        errors: [{ messageId: LARGE, line: 4, column: 20 }],
      },
      {
        name: 'Object.entries pairs from a parameter',
        code: `export async function putSecrets(secrets: SecretsManager, values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) {
    await secrets.putSecretValue({ SecretId: \`app/\${name}\`, SecretString: value });
  }
}`,
        errors: [{ messageId: LARGE, line: 3, column: 5 }],
      },
      {
        name: 'entries() with the index used only as a label',
        code: `export async function renderPages(pages: Page[]) {
  const html: string[] = [];
  for (const [index, pageDef] of pages.entries()) {
    html.push(await renderer.render(pageDef, { pageNumber: index + 1 }));
  }
  return html;
}`,
        errors: [{ messageId: LARGE, line: 4, column: 15 }],
      },
    ],
    'filters and per-item error handling': [
      {
        name: 'continue before any await',
        code: `export async function deactivateStale(accounts: Account[]) {
  for (const account of accounts) {
    if (account.lastLogin > Date.now() - 90 * 864e5) continue;
    await accountsApi.deactivate(account.id);
  }
}`,
        errors: [{ messageId: LARGE, line: 4, column: 5 }],
      },
      {
        name: 'errors collected per item',
        code: `export async function importFeeds(feeds: Feed[]) {
  const failures: string[] = [];
  for (const feed of feeds) {
    try {
      await importer.importFeed(feed.url);
    } catch (err) {
      failures.push(\`\${feed.url}: \${(err as Error).message}\`);
    }
  }
  return failures;
}`,
        errors: [{ messageId: LARGE, line: 5, column: 7 }],
      },
      {
        name: 'errors collected per item, and a helper of this file that does not read them',
        code: `export async function importFeeds(feeds: Feed[]) {
  const failures: string[] = [];
  const describe = (feed: Feed) => feed.url.trim();
  for (const feed of feeds) {
    try {
      await importer.importFeed(describe(feed));
    } catch {
      failures.push(describe(feed));
    }
  }
  return failures;
}`,
        errors: [{ messageId: LARGE, line: 6, column: 7 }],
      },
      {
        name: 'error logged in the catch clause',
        code: `export async function syncContacts(contacts: Contact[]) {
  for (const contact of contacts) {
    try {
      await hubspot.upsertContact(contact.email, contact);
    } catch (err) {
      console.error(\`could not sync \${contact.email}\`, err);
    }
  }
}`,
        errors: [{ messageId: LARGE, line: 4, column: 7 }],
      },
      {
        name: "one item's own lookups already in a Promise.all",
        code: `export async function hydrate(orders: Order[]) {
  for (const order of orders) {
    const [customer, lines] = await Promise.all([customers.get(order.customerId), orderLines.list(order.id)]);
    order.customer = customer;
    order.lines = lines;
  }
  return orders;
}`,
        errors: [{ messageId: LARGE, line: 3, column: 31 }],
      },
      {
        name: 'throw caught inside the body',
        code: `export async function verifyAll(certs: Cert[]) {
  const bad: Cert[] = [];
  for (const cert of certs) {
    try {
      const ok = await verifier.verify(cert.pem);
      if (!ok) throw new Error('invalid');
    } catch {
      bad.push(cert);
    }
  }
  return bad;
}`,
        errors: [{ messageId: LARGE, line: 5, column: 18 }],
      },
      {
        name: 'switch with breaks inside the body',
        code: `export async function thumbnails(uploads: Upload[]) {
  for (const upload of uploads) {
    switch (upload.kind) {
      case 'image':
        await images.thumbnailFor(upload.path);
        break;
      default:
        break;
    }
  }
}`,
        errors: [{ messageId: LARGE, line: 5, column: 9 }],
      },
    ],
    'data jobs and migration scripts': [
      {
        name: 'backfill script updating rows by id',
        code: `async function main() {
  const users = await prisma.user.findMany({ where: { slug: null } });
  for (const user of users) {
    await prisma.user.update({ where: { id: user.id }, data: { slug: slugify(user.name) } });
  }
}
main();`,
        errors: [{ messageId: LARGE, line: 4, column: 5 }],
      },
      {
        name: 'copying objects between buckets',
        code: `export async function copyBucket(src: Storage, dst: Storage, keys: string[]) {
  for (const key of keys) {
    const body = await src.getObject(key);
    await dst.putObject(key, body);
  }
}`,
        errors: [{ messageId: LARGE, line: 3, column: 18 }],
      },
      {
        name: 'per-tenant report with nested independent work',
        code: `export async function monthlyReports(tenants: Tenant[]) {
  const reports: Report[] = [];
  for (const tenant of tenants) {
    const invoices = await billing.invoicesFor(tenant.id);
    let sum = 0;
    for (const invoice of invoices) sum += invoice.total;
    reports.push({ tenant: tenant.id, sum });
  }
  return reports;
}`,
        errors: [{ messageId: LARGE, line: 4, column: 22 }],
      },
      {
        name: 'inner loop reported, outer pagination stays silent',
        code: `export async function syncAll(api: Api) {
  let cursor: string | undefined;
  do {
    const page = await api.list({ cursor });
    for (const item of page.items) {
      await mirror.put(item.id, item);
    }
    cursor = page.next;
  } while (cursor);
}`,
        errors: [{ messageId: LARGE, line: 6, column: 7 }],
      },
      {
        name: 'per-item pagination inside an independent outer loop',
        code: `export async function allCommits(repos: string[]) {
  const byRepo: Record<string, Commit[]> = {};
  for (const repo of repos) {
    const commits: Commit[] = [];
    let page = 1;
    while (true) {
      const batch = await gh.commits(repo, page++);
      if (batch.length === 0) break;
      commits.push(...batch);
    }
    byRepo[repo] = commits;
  }
  return byRepo;
}`,
        errors: [{ messageId: LARGE, line: 7, column: 21 }],
      },
    ],
    shadowing: [
      {
        name: 'body-local total shadows the outer one',
        code: `let total = 0;
export async function perFileTotals(files: string[]) {
  const totals: number[] = [];
  for (const file of files) {
    let total = 0;
    total += (await readStats(file)).lines;
    totals.push(total);
  }
  return totals;
}`,
        errors: [{ messageId: LARGE, line: 6, column: 15 }],
      },
      {
        name: 'the item shadows a module variable: writing it is per iteration',
        code: `let user: User | undefined;
export async function enrich(users: User[]) {
  for (let user of users) {
    user = { ...user, profile: await profiles.get(user.id) };
    await store.save(user);
  }
}`,
        errors: [{ messageId: LARGE, line: 4, column: 32 }],
      },
    ],
  },
});

describe('await-in-loop finding shape', () => {
  const code = `export async function resolveHosts(hosts: string[]) {
  const addresses = new Map<string, string[]>();
  for (const host of hosts) {
    addresses.set(host, await dns.resolve4(host));
  }
  return addresses;
}`;

  it('spans the await and points back at the loop header', () => {
    const { findings } = runRule(awaitInLoop, { code });
    assert.equal(findings.length, 1);
    const [finding] = findings;
    assert.equal(code.slice(finding!.range.start, finding!.range.end), 'await dns.resolve4(host)');
    assert.equal(finding!.data.collection, 'hosts');
    assert.equal(finding!.related.length, 1);
    const related = finding!.related[0]!;
    assert.equal(code.slice(related.range.start, related.range.end), 'for (const host of hosts)');
    assert.equal(related.message, 'the loop over hosts');
  });

  it('shortens a long collection expression in the message', () => {
    const { findings } = runRule(awaitInLoop, {
      code: `export async function f(ctx: Ctx) {
  for (const id of ctx.request.body.payload.items.filter((item) => item.enabled)) {
    await remove(id);
  }
}`,
    });
    assert.equal(findings.length, 1);
    const collection = String(findings[0]!.data.collection);
    assert.ok(collection.length <= 40 && collection.endsWith('…'), collection);
  });
});

describe('await-in-loop docs page', () => {
  // Every example marked ❌ must be reported and every example marked ✅ must not: the page cannot drift from the rule.
  const { page, examples } = readDocsPage(awaitInLoop);

  it('has bad and good examples, including a bounded pool', () => {
    assertBadAndGoodExamples(examples);
    assert.ok(examples.some((e) => !e.bad && e.code.includes('pLimit')), 'a bounded-pool example');
  });
  itRunsEachExample(awaitInLoop, examples);
  it('documents the setting, every message and when not to use it', () => {
    assert.ok(page.includes('workloadShape.rules.await-in-loop.severity'));
    for (const id of ['independentIterations', 'independentIterationsLarge']) assert.ok(page.includes(`\`${id}\``), id);
    assert.ok(page.includes('## When not to use it'));
    assert.ok(page.includes('## What changes with `Promise.all`'));
  });
});
