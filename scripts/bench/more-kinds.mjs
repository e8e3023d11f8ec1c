// The files a real TypeScript server repository holds besides its async services: entity and DTO
// modules, pure utilities, React components and configuration. generate-corpus.mjs mixes them with
// its service modules in the proportions measured on real repositories (see its header).

const cap = (s) => s[0].toUpperCase() + s.slice(1);

/** Entity, DTO and validation module: types, an enum, a class with accessors, mappers; no awaits, no loops. */
export function dtoModule(e, r) {
  const E = cap(e);
  const max = 20 + Math.floor(r() * 200);
  return `import { z } from 'zod';
import type { ${E} } from './${e}.types';

export enum ${E}Status {
  Active = 'active',
  Archived = 'archived',
  Pending = 'pending',
}

export const ${e}CreateSchema = z.object({
  ownerId: z.string().uuid(),
  name: z.string().min(1).max(${max}),
  status: z.nativeEnum(${E}Status).default(${E}Status.Pending),
  tags: z.array(z.string().max(40)).max(20).default([]),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

export const ${e}UpdateSchema = ${e}CreateSchema.partial().extend({
  id: z.string().uuid(),
});

export type ${E}CreateInput = z.infer<typeof ${e}CreateSchema>;
export type ${E}UpdateInput = z.infer<typeof ${e}UpdateSchema>;

export interface ${E}Dto {
  id: string;
  name: string;
  status: ${E}Status;
  tags: readonly string[];
  createdAt: string;
  updatedAt: string;
  owner?: { id: string; displayName: string };
}

export interface ${E}Row {
  id: string;
  name: string;
  status: string;
  tags: string | null;
  created_at: Date;
  updated_at: Date;
  owner_id: string;
  owner_name?: string | null;
}

export class ${E}Entity {
  constructor(
    public readonly id: string,
    private name: string,
    private status: ${E}Status,
    private readonly tags: string[],
    private readonly createdAt: Date,
    private updatedAt: Date,
  ) {}

  get displayName(): string {
    return this.name.trim() || \`${E} \${this.id.slice(0, 8)}\`;
  }

  get isActive(): boolean {
    return this.status === ${E}Status.Active;
  }

  rename(name: string): void {
    if (name.length > ${max}) throw new RangeError('name too long');
    this.name = name;
    this.touch();
  }

  archive(): void {
    if (this.status === ${E}Status.Archived) return;
    this.status = ${E}Status.Archived;
    this.touch();
  }

  private touch(): void {
    this.updatedAt = new Date();
  }

  toDto(owner?: ${E}Dto['owner']): ${E}Dto {
    return {
      id: this.id,
      name: this.displayName,
      status: this.status,
      tags: [...this.tags],
      createdAt: this.createdAt.toISOString(),
      updatedAt: this.updatedAt.toISOString(),
      ...(owner ? { owner } : {}),
    };
  }
}

export function ${e}FromRow(row: ${E}Row): ${E}Entity {
  const status = Object.values(${E}Status).includes(row.status as ${E}Status) ? (row.status as ${E}Status) : ${E}Status.Pending;
  return new ${E}Entity(row.id, row.name, status, row.tags ? row.tags.split(',') : [], row.created_at, row.updated_at);
}

export function ${e}OwnerOf(row: ${E}Row): ${E}Dto['owner'] {
  return row.owner_name ? { id: row.owner_id, displayName: row.owner_name } : undefined;
}

export const is${E}Dto = (value: unknown): value is ${E}Dto =>
  typeof value === 'object' && value !== null && 'id' in value && 'status' in value;

export type ${E}Sort = 'name' | 'createdAt' | 'updatedAt';
export const ${e}DefaultSort: ${E}Sort = 'updatedAt';
`;
}

/** Pure utilities: formatting, parsing, small collections helpers; a couple of loops, no awaits. */
export function utilModule(e, r) {
  const E = cap(e);
  const size = 2 + Math.floor(r() * 30);
  return `const DEFAULT_LOCALE = 'en-US';

export function slugify${E}(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\\u0300-\\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function format${E}Amount(cents: number, currency = 'USD', locale = DEFAULT_LOCALE): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100);
}

export function parse${E}DateRange(from?: string, to?: string): { from: Date; to: Date } {
  const end = to ? new Date(to) : new Date();
  const start = from ? new Date(from) : new Date(end.getTime() - ${size} * 24 * 60 * 60 * 1000);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) {
    throw new TypeError('invalid date range');
  }
  return start <= end ? { from: start, to: end } : { from: end, to: start };
}

export function chunk${E}s<T>(items: readonly T[], size = ${size}): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

export function pick${E}Fields<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const key of keys) {
    if (key in value) out[key] = value[key];
  }
  return out;
}

export function ${e}Initials(displayName: string): string {
  const parts = displayName.trim().split(/\\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  const first = parts[0][0] ?? '';
  const last = parts.length > 1 ? parts[parts.length - 1][0] ?? '' : '';
  return (first + last).toUpperCase();
}

export function is${E}Id(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f-]{36}$/i.test(value);
}

export function clamp${E}Limit(limit: unknown, fallback = 50, max = 500): number {
  const n = typeof limit === 'string' ? Number.parseInt(limit, 10) : typeof limit === 'number' ? limit : Number.NaN;
  if (!Number.isFinite(n) || n <= 0) return fallback;
  return Math.min(Math.floor(n), max);
}

export function ${e}Label(count: number): string {
  return count === 1 ? '1 ${e}' : \`\${count.toLocaleString(DEFAULT_LOCALE)} ${e}s\`;
}

export const ${e}Comparators = {
  name: (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name),
  newest: (a: { createdAt: string }, b: { createdAt: string }) => b.createdAt.localeCompare(a.createdAt),
} as const;
`;
}

/** A React component with a form handler that calls the API; client code, one or two awaits. */
export function componentModule(e, r) {
  const E = cap(e);
  const pageSize = 10 + Math.floor(r() * 40);
  return `'use client';
import { useCallback, useMemo, useState } from 'react';
import type { ${E}Dto } from '../dto/${e}.dto';

interface ${E}TableProps {
  items: ${E}Dto[];
  canEdit: boolean;
  onChanged?: (item: ${E}Dto) => void;
}

export function ${E}Table({ items, canEdit, onChanged }: ${E}TableProps) {
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(0);
  const [saving, setSaving] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const visible = useMemo(() => {
    const q = query.trim().toLowerCase();
    const matching = q ? items.filter((item) => item.name.toLowerCase().includes(q)) : items;
    return matching.slice(page * ${pageSize}, (page + 1) * ${pageSize});
  }, [items, query, page]);

  const archive = useCallback(
    async (item: ${E}Dto) => {
      setSaving(item.id);
      setError(null);
      try {
        const response = await fetch(\`/api/${e}s/\${item.id}/archive\`, { method: 'POST' });
        if (!response.ok) throw new Error(\`archive failed: \${response.status}\`);
        const updated = (await response.json()) as ${E}Dto;
        onChanged?.(updated);
      } catch (err) {
        setError(err instanceof Error ? err.message : String(err));
      } finally {
        setSaving(null);
      }
    },
    [onChanged],
  );

  return (
    <div className="${e}-table">
      <input
        type="search"
        placeholder="Search ${e}s"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setPage(0);
        }}
      />
      {error && <p role="alert">{error}</p>}
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Status</th>
            <th>Updated</th>
            {canEdit && <th />}
          </tr>
        </thead>
        <tbody>
          {visible.map((item) => (
            <tr key={item.id}>
              <td>{item.name}</td>
              <td>{item.status}</td>
              <td>{new Date(item.updatedAt).toLocaleDateString()}</td>
              {canEdit && (
                <td>
                  <button disabled={saving === item.id} onClick={() => void archive(item)}>
                    Archive
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <nav>
        <button disabled={page === 0} onClick={() => setPage((p) => p - 1)}>
          Previous
        </button>
        <button disabled={(page + 1) * ${pageSize} >= items.length} onClick={() => setPage((p) => p + 1)}>
          Next
        </button>
      </nav>
    </div>
  );
}
`;
}

/** Configuration read from the environment once at start-up. */
export function configModule(e, r) {
  const E = cap(e);
  const ttl = 30 + Math.floor(r() * 600);
  return `function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(\`missing environment variable \${name}\`);
  return value;
}

function numberFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(n)) throw new Error(\`\${name} must be a number\`);
  return n;
}

export const ${e}Config = Object.freeze({
  tableName: process.env.${E.toUpperCase()}_TABLE ?? '${e}s',
  cacheTtlSeconds: numberFrom('${E.toUpperCase()}_CACHE_TTL', ${ttl}),
  maxPageSize: numberFrom('${E.toUpperCase()}_MAX_PAGE', 500),
  webhookUrl: process.env.${E.toUpperCase()}_WEBHOOK_URL,
  signingSecret: () => required('${E.toUpperCase()}_SIGNING_SECRET'),
  features: {
    exports: process.env.${E.toUpperCase()}_EXPORTS !== 'off',
    audit: process.env.${E.toUpperCase()}_AUDIT === 'on',
  },
});

export type ${E}Config = typeof ${e}Config;
`;
}

/** A NestJS-style service: methods of one to three awaits, mostly dependent on each other; one loop. */
export function nestService(e, r) {
  const E = cap(e);
  const other = ['user', 'team', 'account', 'project'][Math.floor(r() * 4)];
  const O = cap(other);
  return `import { Injectable, NotFoundException, ForbiddenException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { ${E}Entity, ${E}Status, ${e}FromRow } from './${e}.dto';
import type { ${E}CreateInput, ${E}UpdateInput, ${E}Row } from './${e}.dto';
import { ${O}Service } from '../${other}/${other}.service';

@Injectable()
export class ${E}Service {
  constructor(
    @InjectRepository(${E}Entity) private readonly repo: Repository<${E}Row>,
    private readonly ${other}s: ${O}Service,
    private readonly events: EventEmitter2,
  ) {}

  async findOne(id: string): Promise<${E}Entity> {
    const row = await this.repo.findOne({ where: { id } });
    if (!row) throw new NotFoundException(\`${e} \${id} not found\`);
    return ${e}FromRow(row);
  }

  async page(ownerId: string, take: number, skip: number): Promise<{ items: ${E}Entity[]; total: number }> {
    const rows = await this.repo.find({ where: { owner_id: ownerId }, take, skip, order: { updated_at: 'DESC' } });
    const total = await this.repo.count({ where: { owner_id: ownerId } });
    return { items: rows.map(${e}FromRow), total };
  }

  async create(actorId: string, input: ${E}CreateInput): Promise<${E}Entity> {
    const actor = await this.${other}s.findOne(actorId);
    if (!actor.canCreate('${e}')) throw new ForbiddenException();
    const saved = await this.repo.save({
      id: crypto.randomUUID(),
      name: input.name,
      status: input.status,
      tags: input.tags.join(','),
      owner_id: input.ownerId,
      created_at: new Date(),
      updated_at: new Date(),
    });
    this.events.emit('${e}.created', { id: saved.id, actorId });
    return ${e}FromRow(saved);
  }

  async update(actorId: string, input: ${E}UpdateInput): Promise<${E}Entity> {
    const existing = await this.findOne(input.id);
    const actor = await this.${other}s.findOne(actorId);
    if (!actor.canEdit(existing.id)) throw new ForbiddenException();
    if (input.name !== undefined) existing.rename(input.name);
    await this.repo.update({ id: existing.id }, { name: input.name, updated_at: new Date() });
    this.events.emit('${e}.updated', { id: existing.id, actorId });
    return existing;
  }

  async archive(id: string): Promise<void> {
    const entity = await this.findOne(id);
    entity.archive();
    await this.repo.update({ id }, { status: ${E}Status.Archived, updated_at: new Date() });
  }

  summarize(rows: readonly ${E}Row[]): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const row of rows) {
      counts[row.status] = (counts[row.status] ?? 0) + 1;
    }
    return counts;
  }

  async ownerName(id: string): Promise<string | undefined> {
    const entity = await this.findOne(id);
    return entity.displayName;
  }
}
`;
}
