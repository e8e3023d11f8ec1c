// Writes a deterministic corpus of TypeScript files. Same seed, same files, so runs on different days
// compare. Two corpora:
// - mixed (the default): async services (Express handlers, repositories, jobs, NestJS services) beside
//   DTO and entity modules, utilities, React components and configuration, in the shares of MIX below;
// - dense: every file an async service module, with the shapes our rules look at (and many they must
//   ignore). Three to five times as many awaits and ten to sixty times as many loops per line as the
//   real repositories we measured: a stress test of the rules' per-await work.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { componentModule, configModule, dtoModule, nestService, utilModule } from './more-kinds.mjs';

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const entities = ['user', 'order', 'invoice', 'product', 'account', 'session', 'payment', 'shipment', 'review', 'ticket', 'report', 'team'];
const cap = (s) => s[0].toUpperCase() + s.slice(1);

function entityTypes(e) {
  const E = cap(e);
  return `export interface ${E} {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  ownerId: string;
  status: 'active' | 'archived' | 'pending';
  tags: string[];
  metadata: Record<string, unknown>;
}

export interface ${E}Query {
  ownerId?: string;
  status?: ${E}['status'];
  limit?: number;
  cursor?: string;
}
`;
}

function repository(e) {
  const E = cap(e);
  return `export class ${E}Repository {
  constructor(private readonly db: Database, private readonly cache: Cache) {}

  async findById(id: string): Promise<${E} | undefined> {
    const cached = await this.cache.get(\`${e}:\${id}\`);
    if (cached) return JSON.parse(cached) as ${E};
    const row = await this.db.query<${E}>('SELECT * FROM ${e}s WHERE id = $1', [id]);
    if (row) await this.cache.set(\`${e}:\${id}\`, JSON.stringify(row), 60);
    return row;
  }

  async list(query: ${E}Query): Promise<${E}[]> {
    const limit = Math.min(query.limit ?? 50, 500);
    const rows = await this.db.queryAll<${E}>('SELECT * FROM ${e}s WHERE owner_id = $1 LIMIT $2', [query.ownerId, limit]);
    return rows.filter((row) => !query.status || row.status === query.status);
  }

  async save(entity: ${E}): Promise<void> {
    await this.db.execute('UPDATE ${e}s SET status = $2 WHERE id = $1', [entity.id, entity.status]);
    await this.cache.del(\`${e}:\${entity.id}\`);
  }
}
`;
}

function handler(e, r) {
  const E = cap(e);
  const other = entities[Math.floor(r() * entities.length)];
  const O = cap(other);
  return `export async function get${E}Summary(req: Request, res: Response): Promise<void> {
  const id = req.params.id;
  const ${e} = await ${e}Service.load(id);
  const ${other}s = await ${other}Service.listFor(id);
  const audit = await auditLog.recent(id, 10);
  res.json({ ${e}, ${other}s, audit });
}

export async function update${E}(req: Request, res: Response): Promise<void> {
  const id = req.params.id;
  const existing = await ${e}Service.load(id);
  if (!existing) {
    res.status(404).end();
    return;
  }
  const updated = { ...existing, ...req.body, updatedAt: new Date() };
  await ${e}Service.save(updated);
  await events.publish('${e}.updated', { id });
  res.json(updated);
}

export async function export${E}s(req: Request, res: Response): Promise<void> {
  const ids: string[] = req.body.ids;
  const results: ${E}[] = [];
  for (const id of ids) {
    results.push(await ${e}Service.load(id));
  }
  let total = 0;
  for (const item of results) {
    total += await pricing.costOf(item.id);
  }
  res.json({ results, total, related: '${O}' });
}
`;
}

function job(e, r) {
  const n = 1000 + Math.floor(r() * 9000);
  return `export async function reindex${cap(e)}s(batch: Array<{ id: string; body: string }>): Promise<Map<string, number>> {
  const scores = new Map<string, number>();
  for (const doc of batch) {
    let score = 0;
    for (const word of doc.body.split(/\\s+/)) {
      score += word.length > 6 ? 2 : 1;
    }
    scores.set(doc.id, score);
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await search.bulkIndex([...scores.keys()]);
      break;
    } catch (error) {
      await sleep(2 ** attempt * 100);
    }
  }
  const checksum = new Array(${n}).fill(0).reduce((acc, _v, i) => (acc + i * 31) % 65521, 0);
  logger.info('reindexed', { count: batch.length, checksum });
  return scores;
}

export function formatRow(row: Record<string, unknown>, columns: readonly string[]): string {
  return columns
    .map((c) => {
      const v = row[c];
      if (v === null || v === undefined) return '';
      if (v instanceof Date) return v.toISOString();
      return typeof v === 'string' && v.includes(',') ? \`"\${v.replace(/"/g, '""')}"\` : String(v);
    })
    .join(',');
}
`;
}

const header = `import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { Database, Cache } from '../infra/db';
import { logger, events, auditLog, pricing, search, sleep } from '../infra/runtime';
`;

/** The old corpus, every file an async service module (kept as the bench's stress corpus, `--dense`). */
function serviceModule(e, r) {
  const parts = [header, entityTypes(e)];
  const pick = r();
  if (pick < 0.4) parts.push(repository(e), handler(e, r));
  else if (pick < 0.7) parts.push(handler(e, r), job(e, r));
  else parts.push(repository(e), job(e, r));
  parts.push(`declare const ${e}Service: any;\n`);
  return parts.join('\n');
}

// The mixed corpus's share of each kind of file (cumulative), set against nine real repositories
// (atproto, Logto, trigger.dev, hoppscotch, Teable, Postiz, GrowthBook, Papermark, TypeORM): 27–47
// awaits per 1,000 lines (this corpus: 40), 30–70% of files awaiting (51%), but 0.6–3.8 loops per
// 1,000 lines where this corpus has 9.4, which errs towards more work for the rules. `npm run bench`
// prints any corpus's figures.
const MIX = [
  [0.1, 'service', serviceModule, 'ts'],
  [0.25, 'nest-service', nestService, 'ts'],
  [0.5, 'dto', dtoModule, 'ts'],
  [0.65, 'util', utilModule, 'ts'],
  [0.9, 'component', componentModule, 'tsx'],
  [1, 'config', configModule, 'ts'],
];

/**
 * Writes `count` files under `dir`. `dense`: every file an async service module (the stress corpus:
 * 128 awaits and 38 loops per thousand lines, where real repositories have 27–47 and 0.6–3.8);
 * otherwise services mixed with DTOs, utilities, components and configuration like a real repository.
 */
export function generateCorpus(dir, count = 2000, seed = 42, { dense = false } = {}) {
  const r = rng(seed);
  mkdirSync(dir, { recursive: true });
  let lines = 0;
  for (let i = 0; i < count; i++) {
    const e = entities[i % entities.length];
    const sub = join(dir, `module-${Math.floor(i / 100)}`);
    mkdirSync(sub, { recursive: true });
    const pick = dense ? 0 : r(); // dense: the same files as before the mix existed
    const [, kind, make, ext] = dense ? MIX[0] : MIX.find(([upTo]) => pick < upTo);
    const text = make(e, r);
    lines += text.split('\n').length;
    writeFileSync(join(sub, dense ? `${e}-${i}.ts` : `${e}-${i}.${kind}.${ext}`), text);
  }
  return { files: count, lines };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? 'bench-results/corpus';
  const count = Number(process.argv[3] ?? 2000);
  console.log(generateCorpus(dir, count, 42, { dense: process.argv.includes('--dense') }));
}
