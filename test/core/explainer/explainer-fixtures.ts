// Findings as the analysis worker reports them, built over small sources with spans found by
// searching the text (never copied from the output under test).
import type { EditorFinding, EditorFix, Span } from '../../../src/core/service/protocol';

export function spanOf(text: string, needle: string, from = 0): Span {
  const start = text.indexOf(needle, from);
  if (start < 0) throw new Error(`"${needle}" is not in the text`);
  return { start: positionAt(text, start), end: positionAt(text, start + needle.length) };
}

export function positionAt(text: string, offset: number): Span['start'] {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

export const SEQUENTIAL = `interface User { id: string }
declare function fetchUser(id: string): Promise<User>;
declare function fetchOrders(id: string): Promise<string[]>;

export async function loadDashboard(customerId: string) {
  const user = await fetchUser(customerId);
  const orders = await fetchOrders(customerId);
  return { user, orders };
}
`;

export function sequentialFinding(text = SEQUENTIAL, fn = 'loadDashboard'): EditorFinding {
  const first = 'const user = await fetchUser(customerId);';
  const second = 'const orders = await fetchOrders(customerId);';
  const a = spanOf(text, first);
  const b = spanOf(text, second);
  return {
    ruleId: 'sequential-awaits',
    messageId: 'sequential',
    message: `2 independent awaits run one after another in ${fn}: fetchUser(customerId), fetchOrders(customerId). They could overlap with Promise.all.`,
    severity: 'warning',
    span: { start: a.start, end: b.end },
    related: [
      { span: spanOf(text, 'await fetchUser(customerId)'), message: 'await 1 of 2: fetchUser(customerId)' },
      { span: spanOf(text, 'await fetchOrders(customerId)'), message: 'await 2 of 2: fetchOrders(customerId)' },
    ],
    data: { count: 2, fn, calls: 'fetchUser(customerId), fetchOrders(customerId)' },
  };
}

export function sequentialFixes(text = SEQUENTIAL): EditorFix[] {
  const finding = sequentialFinding(text);
  return [
    {
      fixId: 'disable-next-line',
      title: 'Disable sequential-awaits for this line',
      safety: 'preserves-behaviour',
      preferred: false,
      files: [{ fileName: '/w/src/dashboard.ts', create: false, edits: [{ span: { start: { line: finding.span.start.line, character: 0 }, end: { line: finding.span.start.line, character: 0 } }, newText: '  // workload-shape-disable-next-line sequential-awaits\n' }] }],
    },
    {
      fixId: 'run-awaits-concurrently',
      title: 'Run 2 awaits concurrently with Promise.all (all start even if one fails)',
      safety: 'changes-error-order',
      behaviourNote: 'Promise.all starts both operations at once.',
      preferred: true,
      files: [
        {
          fileName: '/w/src/dashboard.ts',
          create: false,
          edits: [{ span: finding.span, newText: 'const [user, orders] = await Promise.all([\n    fetchUser(customerId),\n    fetchOrders(customerId),\n  ]);' }],
        },
      ],
    },
  ];
}

export const LOOP = `declare function fetchExchangeRate(currency: string): Promise<number>;

export async function ratesFor(currencies: string[]): Promise<number[]> {
  const rates: number[] = [];
  for (const currency of currencies) {
    rates.push(await fetchExchangeRate(currency));
  }
  return rates;
}
`;

export function awaitInLoopFinding(messageId = 'independentIterations'): EditorFinding {
  return {
    ruleId: 'await-in-loop',
    messageId,
    message: 'Each iteration of this loop over currencies waits for the previous one…',
    severity: 'warning',
    span: spanOf(LOOP, 'await fetchExchangeRate(currency)'),
    related: [{ span: spanOf(LOOP, 'for (const currency of currencies)'), message: 'the loop over currencies' }],
    data: { collection: 'currencies' },
  };
}

export const HASHING = `import { createHash } from 'node:crypto';

export async function fingerprint(seed: string): Promise<string> {
  let digest = seed;
  for (let i = 0; i < 1_000_000; i++) {
    digest = createHash('sha256').update(digest).digest('hex');
  }
  return digest;
}
`;

export function blockingLoopFinding(): EditorFinding {
  const header = 'for (let i = 0; i < 1_000_000; i++) {';
  const start = spanOf(HASHING, header).start;
  const closing = HASHING.indexOf('  }\n', HASHING.indexOf(header)) + 3;
  return {
    ruleId: 'blocking-loop',
    messageId: 'largeBound',
    message: 'This loop runs 1,000,000 iterations synchronously in async function fingerprint, blocking the event loop…',
    severity: 'warning',
    span: { start, end: positionAt(HASHING, closing) },
    related: [{ span: spanOf(HASHING, '1_000_000'), message: 'This bound makes 1,000,000 iterations.' }],
    data: { count: '1,000,000', where: 'async function fingerprint' },
  };
}

export const UPLOAD = `import * as zlib from 'node:zlib';
import { execSync } from 'node:child_process';

export async function upload(req: { body: { data: string } }, res: { json(v: unknown): void }) {
  const compressed = zlib.gzipSync(Buffer.from(req.body.data));
  const head = execSync('git rev-parse HEAD');
  res.json({ stored: compressed.length, head });
}
`;

export function syncCallFinding(call: 'zlib' | 'child_process'): EditorFinding {
  const zlib = call === 'zlib';
  return {
    ruleId: 'blocking-sync-call',
    messageId: 'blockingSyncCall',
    message: zlib ? 'zlib.gzipSync blocks the event loop in the request handler upload…' : 'execSync blocks the event loop in the request handler upload…',
    severity: 'warning',
    span: spanOf(UPLOAD, zlib ? 'zlib.gzipSync(Buffer.from(req.body.data))' : "execSync('git rev-parse HEAD')"),
    related: [],
    data: {
      callee: zlib ? 'zlib.gzipSync' : 'execSync',
      where: 'the request handler upload',
      replacement: zlib ? "gzip from 'node:zlib' wrapped in util.promisify (it runs on the libuv thread pool)" : "exec from 'node:child_process' wrapped in util.promisify",
      family: call,
    },
  };
}
