import * as assert from 'node:assert/strict';
import { parseSource } from '../../../../src/core/engine';
import type { Finding } from '../../../../src/core/finding';
import { createScopeIndex } from '../../../../src/core/scope';
import { createMoveToWorker } from '../../../../src/core/fixes/move-to-worker/move-to-worker';
import { readerFor, runMoveToWorker, type RunOptions } from './move-to-worker-harness';

/**
 * Inputs the fix must not touch, each with the reason it gives (matched on a stable key phrase).
 * `loopAfter: '/*loop*\/'` makes a finding by hand for loops the rule (rightly) does not report.
 */

interface Refusal {
  name: string;
  code: string;
  reason: RegExp;
  options?: RunOptions;
}

const HAND = { loopAfter: '/*loop*/' };
/** A hand-made finding for the first loop of the file. */
const FIRST = { loopAfter: '' };

const refusals: Refusal[] = [
  {
    name: 'a function input',
    code: `export async function apply(items: number[], transform: (n: number) => number): Promise<number> {
  let total = 0;
  for (const a of items) {
    for (const b of items) total += transform(a * b);
  }
  return total;
}
`,
    reason: /`transform` is a function, which cannot be sent to a worker thread/,
  },
  {
    name: 'a class instance input',
    code: `class Ledger {
  entries: number[] = [];
  total(): number {
    return this.entries.length;
  }
}

export async function weigh(ledger: Ledger, items: number[]): Promise<number> {
  let sum = 0;
  for (const a of items) {
    for (const b of items) sum += ledger.entries.length + a * b;
  }
  return sum;
}
`,
    reason: /`ledger` is an instance of class `Ledger`, which has methods/,
  },
  {
    name: '`this` in the loop',
    code: `export class Scorer {
  weights: number[] = [1, 2, 3];

  async score(items: number[]): Promise<number> {
    let total = 0;
    for (const a of items) {
      for (const b of items) total += a * b * this.weights.length;
    }
    return total;
  }
}
`,
    reason: /uses `this` \(line 7\)/,
  },
  {
    name: '`await` in the loop',
    code: `declare function load(id: number): Promise<number>;

export async function sum(): Promise<number> {
  let total = 0;
  /*loop*/ for (let i = 0; i < 100_000; i++) {
    total += await load(i);
  }
  return total;
}
`,
    options: HAND,
    reason: /the loop awaits \(line 6\)/,
  },
  {
    name: 'a function that is not async',
    code: `export function pairs(items: number[]): number {
  let total = 0;
  /*loop*/ for (const a of items) {
    for (const b of items) total += a * b;
  }
  return total;
}
`,
    options: HAND,
    reason: /the function around the loop \(`pairs`\) is not async/,
  },
  {
    name: 'an import whose module has side effects when loaded',
    code: `import { weight } from './db';

export async function weigh(items: number[]): Promise<number> {
  let total = 0;
  for (const a of items) {
    for (const b of items) total += weight(a * b);
  }
  return total;
}
`,
    options: {
      files: {
        'db.ts': `export function weight(n: number): number {\n  return n * 2;\n}\nstartServer();\nfunction startServer(): void {}\n`,
      },
    },
    reason: /the module '\.\/db' runs code when it is loaded \(line 4: `startServer\(\);`\), and a worker would run it again/,
  },
  {
    name: 'a local module that keeps state',
    code: `import { remember } from './memo';

export async function warm(items: number[]): Promise<number> {
  let total = 0;
  for (const a of items) {
    for (const b of items) total += remember(a * b);
  }
  return total;
}
`,
    options: {
      files: {
        'memo.ts': `const seen: Record<number, number> = {};\nexport function remember(n: number): number {\n  seen[n] = (seen[n] ?? 0) + 1;\n  return seen[n]!;\n}\n`,
      },
    },
    reason: /the module '\.\/memo' changes its own state \(`seen`/,
  },
  {
    name: 'an import of a module that cannot be read',
    code: `import { weight } from './missing';

export async function weigh(items: number[]): Promise<number> {
  let total = 0;
  for (const a of items) {
    for (const b of items) total += weight(a * b);
  }
  return total;
}
`,
    reason: /cannot read the module '\.\/missing'/,
  },
  {
    name: 'an import from a package',
    code: `import { clamp } from 'lodash';

export async function clampAll(items: number[]): Promise<number> {
  let total = 0;
  for (const a of items) {
    for (const b of items) total += clamp(a * b, 0, 10);
  }
  return total;
}
`,
    reason: /`clamp` from the package 'lodash'/,
  },
  {
    name: 'a type from a package, without type information',
    code: `import type { Pool } from 'pg';

export async function weigh(pool: Pool): Promise<number> {
  let total = 0;
  for (let i = 0; i < 100_000; i++) total += pool ? i : 0;
  return total;
}
`,
    reason: /cannot prove `pool` can cross to a worker thread: it has the type `Pool`, imported from 'pg'; run with a tsconfig for type information/,
  },
  {
    name: 'a `var` declared in the loop and used after it',
    code: `export async function last(n: number): Promise<number> {
  for (let i = 0; i < 100_000; i++) {
    var seen = i * n;
  }
  return seen;
}
`,
    reason: /`seen` is declared inside the loop and used after it \(line 5\)/,
  },
  {
    name: 'a variable assigned back when a `try` around the loop handles its errors',
    code: `export async function partial(items: number[]): Promise<number> {
  let total = 0;
  const start = Date.now();
  try {
    for (const a of items) {
      for (const b of items) total += a * b;
    }
  } catch {
    return -total;
  }
  return total + start * 0;
}
`,
    reason: /the loop is inside a `try` \(line 4\) that handles its errors, and `total` is used after it/,
  },
  {
    name: 'a script file (no imports or exports)',
    code: `async function total(n: number): Promise<number> {
  let sum = 0;
  for (let i = 0; i < 100_000; i++) sum += i * n;
  return sum;
}
`,
    options: FIRST,
    reason: /the file has no imports or exports \(it is a script\)/,
  },
  {
    name: 'a variable read by closures created around the loop, inside an outer loop',
    code: `export async function batches(items: number[], readers: Array<() => number>): Promise<number> {
  let total = 0;
  for (let round = 1; round <= 3; round++) {
    for (let i = 0; i < 100_000; i++) total += items[i % items.length]! * round;
    readers.push(() => total);
  }
  return total;
}
`,
    options: { loopAfter: 'for (let i' },
    reason: /`total` is also used by a function created before the loop \(line 5\)/,
  },
  {
    name: 'two different functions of the same name needed by the worker',
    code: `function fmt(n: number): number {
  return n % 7;
}

function score(n: number): number {
  return fmt(n) * 3;
}

export async function rate(n: number): Promise<number> {
  function fmt(x: number): number {
    return x % 5;
  }
  let total = 0;
  for (let i = 0; i < 100_000; i++) total += fmt(i) + score(i + n);
  return total;
}
`,
    reason: /two different things named `fmt`/,
  },
  {
    name: 'a Buffer input',
    code: `export async function xorAll(buf: Buffer): Promise<number> {
  let x = 0;
  for (let i = 0; i < 100_000; i++) x ^= buf[i % buf.length]!;
  return x;
}
`,
    reason: /`buf` is a Buffer: it would arrive on the other side as a plain Uint8Array/,
  },
  {
    name: 'a Promise input',
    code: `export async function wait(ready: Promise<number>): Promise<number> {
  let x = 0;
  for (let i = 0; i < 100_000; i++) x += typeof ready === 'object' ? i : 0;
  return x + (await ready);
}
`,
    reason: /`ready` is a Promise, which cannot be sent to a worker thread/,
  },
  {
    name: 'an object with methods (a connection-like interface)',
    code: `interface Connection {
  id: number;
  on(event: string, listener: () => void): void;
}

export async function stamp(connection: Connection): Promise<number> {
  let x = 0;
  for (let i = 0; i < 100_000; i++) x = (x + i * connection.id) % 97;
  return x;
}
`,
    reason: /`connection` has a method `on`, and functions cannot be sent to a worker thread/,
  },
  {
    name: 'a parameter array changed by the loop',
    code: `export async function scramble(items: number[]): Promise<number> {
  for (let i = 0; i < 100_000; i++) items[i % items.length] = i;
  return items.length;
}
`,
    reason: /the loop changes `items` \(line 2\), an object that comes from outside the loop/,
  },
  {
    name: 'objects of an input changed through a loop variable',
    code: `interface Row {
  score: number;
  value: number;
}

export async function rank(rows: Row[]): Promise<number> {
  for (const row of rows) {
    for (const other of rows) row.score += other.value;
  }
  return rows.length;
}
`,
    reason: /the loop changes `row` \(line 8\), which may be an object from outside the loop/,
  },
  {
    name: '`console` in the loop',
    code: `export async function noisy(items: number[]): Promise<void> {
  for (const a of items) {
    for (const b of items) console.log(a * b);
  }
}
`,
    reason: /`console` output from a worker thread is forwarded asynchronously/,
  },
  {
    name: '`return` in the loop',
    code: `export async function find(items: number[]): Promise<number> {
  /*loop*/ for (const a of items) {
    for (const b of items) if (a * b === 42) return a;
  }
  return -1;
}
`,
    options: HAND,
    reason: /the loop returns from the function around it \(line 3\)/,
  },
  {
    name: '`break` to a label outside the loop',
    code: `export async function search(items: number[]): Promise<number> {
  let found = -1;
  outer: for (const goal of [1, 2]) {
    /*loop*/ for (let i = 0; i < 100_000; i++) {
      if (items[i % items.length] === goal) {
        found = i;
        break outer;
      }
    }
  }
  return found;
}
`,
    options: HAND,
    reason: /jumps to the label `outer` outside it \(line 7\)/,
  },
  {
    name: 'a variable also used by a function created before the loop',
    code: `export async function progress(items: number[], watch: (read: () => number) => void): Promise<number> {
  let total = 0;
  watch(() => total);
  for (const a of items) {
    for (const b of items) total += a * b;
  }
  return total;
}
`,
    reason: /`total` is also used by a function created before the loop \(line 3\)/,
  },
  {
    name: 'a module-level variable changed by the loop',
    code: `let calls = 0;

export async function count(items: number[]): Promise<number> {
  for (const a of items) {
    for (const b of items) calls += a * b;
  }
  return calls;
}
`,
    reason: /the loop changes `calls`, declared outside the function/,
  },
  {
    name: 'a loop at the top level',
    code: `let total = 0;
/*loop*/ for (let i = 0; i < 100_000; i++) total += i;
export { total };
`,
    options: HAND,
    reason: /not inside a function/,
  },
  {
    name: 'a copied helper that changes its argument',
    code: `function bump(xs: number[]): void {
  xs.push(1);
}

export async function grow(items: number[]): Promise<number> {
  const out: number[] = [];
  for (const a of items) {
    for (const b of items) if (a < b) bump(out);
  }
  return out.length;
}
`,
    reason: /the loop calls `bump`, which changes `xs` \(line 2\), an object it did not create/,
  },
  {
    name: 'a helper that captures module state',
    code: `let factor = 2;

function scale(n: number): number {
  return n * factor;
}

export async function scaled(items: number[]): Promise<number> {
  let total = 0;
  for (const a of items) {
    for (const b of items) total += scale(a * b);
  }
  factor++;
  return total;
}
`,
    reason: /the loop calls `scale`, which uses `factor`, declared outside it/,
  },
  {
    name: 'an untyped value without type information',
    code: `export async function sum(items: any): Promise<number> {
  let total = 0;
  for (const a of items) {
    for (const b of items) total += a * b;
  }
  return total;
}
`,
    reason: /cannot prove `items` can cross to a worker thread: it has type `any`/,
  },
  {
    name: 'a result whose type cannot be told',
    code: `export async function squares(n: number): Promise<number> {
  const out = [];
  for (let i = 0; i < 100_000; i++) out.push(i * n);
  return out.length;
}
`,
    reason: /cannot prove `out` can cross to a worker thread: run with a tsconfig/,
  },
  {
    name: '`arguments` in the loop',
    code: `export async function total(): Promise<number> {
  let sum = 0;
  for (let i = 0; i < 100_000; i++) sum += arguments.length * i;
  return sum;
}
`,
    options: FIRST,
    reason: /uses `arguments` of the function around it/,
  },
  {
    name: '`import.meta` in the loop',
    code: `export async function here(): Promise<number> {
  let n = 0;
  for (let i = 0; i < 100_000; i++) n += import.meta.url.length;
  return n;
}
`,
    options: { ...FIRST, moduleFormat: 'esm' },
    reason: /uses `import.meta` \(line 3\)/,
  },
  {
    name: 'a generator',
    code: `export async function* numbers(): AsyncGenerator<number> {
  /*loop*/ for (let i = 0; i < 100_000; i++) {
    yield i;
  }
}
`,
    options: HAND,
    reason: /the loop yields \(line 3\)/,
  },
  {
    name: 'a JavaScript file',
    code: `export async function sum(n) {
  let total = 0;
  for (let i = 0; i < 100_000; i++) total += i * n;
  return total;
}
`,
    options: { ...FIRST, fileName: 'input.js' },
    reason: /only TypeScript files are fixed/,
  },
  {
    name: 'a loop that is the body of another statement',
    code: `export async function maybe(flag: boolean): Promise<number> {
  let total = 0;
  if (flag) /*loop*/ for (let i = 0; i < 100_000; i++) total += i;
  return total;
}
`,
    options: HAND,
    reason: /not a statement of a block/,
  },
  {
    name: 'a timer started in the loop',
    code: `export async function later(n: number): Promise<void> {
  for (let i = 0; i < 100_000; i++) {
    if (i === n) setTimeout(() => undefined, 10);
  }
}
`,
    options: FIRST,
    reason: /timers started in the worker would fire after it has sent its result/,
  },
  {
    name: 'a class used in the loop',
    code: `class Point {
  constructor(readonly x: number) {}
}

export async function build(n: number): Promise<number> {
  let last = 0;
  for (let i = 0; i < 100_000; i++) last = new Point(i * n).x;
  return last;
}
`,
    reason: /uses the class `Point`/,
  },
];

describe('fix: move-to-worker (refusals)', () => {
  for (const r of refusals) {
    it(`refuses ${r.name}`, () => {
      const { outcome } = runMoveToWorker(r.code, r.options);
      assert.equal(outcome.ok, false, 'the fix must not be offered');
      const reason = outcome.ok ? '' : outcome.reason;
      assert.doesNotMatch(reason, /internal error/);
      assert.match(reason, r.reason);
    });
  }

  it('refuses an array-method loop finding (only statements move)', () => {
    const text = `export async function f(items: number[]): Promise<number> {\n  let t = 0;\n  items.forEach((a) => {\n    for (const b of items) t += a * b;\n  });\n  return t;\n}\n`;
    const fileName = '/project/src/input.ts';
    const start = text.indexOf('items.forEach');
    const end = text.indexOf('});') + 2;
    const finding: Finding = {
      ruleId: 'blocking-loop', messageId: 'nestedInput', message: 'm', range: { start, end }, related: [], severity: 'warning', data: {},
    };
    const sourceFile = parseSource(fileName, text);
    const outcome = createMoveToWorker({
      finding, fileName, text, sourceFile, scopes: createScopeIndex(sourceFile), types: undefined,
      project: { moduleFormat: 'cjs', dependencies: new Set(), fileExists: () => false },
    }, readerFor({}));
    assert.equal(outcome.ok, false);
    assert.match(outcome.ok ? '' : outcome.reason, /only loop statements/);
  });
});
