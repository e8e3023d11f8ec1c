import * as assert from 'node:assert/strict';
import { ts } from 'ts-morph';
import { parseSource } from '../../src/core/engine';
import { asLoop, estimateLoopCost, isNonTrivialRegex, type HeavyLoop, type LoopCost, type LoopCostReason, type LoopNode } from '../../src/core/loop-cost';
import { DEFAULT_LOOP_COST_THRESHOLDS, type LoopCostThresholds } from '../../src/core/rule';
import { createScopeIndex } from '../../src/core/scope';

/** The loop right after a `/*loop*\/` marker, or else the first loop of the file. */
function loopIn(sourceFile: ts.SourceFile): LoopNode {
  const marker = sourceFile.text.indexOf('/*loop*/');
  let found: LoopNode | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    const loop = asLoop(node);
    if (loop && (marker < 0 || loop.getStart(sourceFile) > marker)) {
      found = loop;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  if (!found) throw new Error('no loop in test code');
  return found;
}

function cost(code: string, thresholds: Partial<LoopCostThresholds> = {}): LoopCost & { text: (node: ts.Node) => string } {
  const sourceFile = parseSource('case.ts', code);
  const scopes = createScopeIndex(sourceFile);
  const result = estimateLoopCost(loopIn(sourceFile), { scopes, loopCost: { ...DEFAULT_LOOP_COST_THRESHOLDS, ...thresholds } });
  return Object.assign(result, { text: (node: ts.Node) => node.getText(sourceFile) });
}

function assertHeavy<R extends LoopCostReason>(result: LoopCost, reason: R): asserts result is Extract<HeavyLoop, { reason: R }> {
  assert.equal(result.heavy, true, `expected heavy (${reason}), got ${JSON.stringify(result.heavy ? result.reason : result.why)}`);
  assert.equal(result.heavy && result.reason, reason);
}

describe('loop-cost', () => {
  describe('largeBound', () => {
    it('counts a plain constant bound', () => {
      const r = cost('for (let i = 0; i < 1e7; i++) { sum += i; }');
      assertHeavy(r, 'largeBound');
      assert.deepEqual(r.detail, { count: 10_000_000 });
      assert.equal(r.text(r.evidence), '1e7');
    });
    it('reads numeric separators and while-loop counters declared outside', () => {
      const r = cost('let n = 0;\nwhile (n < 5_000_000) { n++; }');
      assertHeavy(r, 'largeBound');
      assert.deepEqual(r.detail, { count: 5_000_000 });
    });
    it('resolves const bounds and arithmetic', () => {
      const r = cost('const SIZE = 1000 * 1000;\nfor (let i = 0; i < SIZE; i += 1) work(i);');
      assertHeavy(r, 'largeBound');
      assert.deepEqual(r.detail, { count: 1_000_000 });
      assert.equal(r.text(r.evidence), 'SIZE');
    });
    it('divides by the step and subtracts the start', () => {
      assert.equal(cost('for (let i = 0; i < 1e6; i += 1000) work(i);').heavy, false);
      const r = cost('for (let i = 5000; i < 30000; i++) work(i);');
      assertHeavy(r, 'largeBound');
      assert.deepEqual(r.detail, { count: 25_000 });
    });
    it('counts down from a constant start', () => {
      const r = cost('for (let i = 50_000; i > 0; i--) work(i);');
      assertHeavy(r, 'largeBound');
      assert.deepEqual(r.detail, { count: 50_000 });
    });
    it('takes a chunk as large as a large loop for the list it is cut from, and a small chunk for its size', () => {
      // A bulk insert in batches of 10,000: each batch is at most the list, so building its values is linear work.
      const batches = 'import { createHash } from "node:crypto";\nconst BATCH = 10_000;\nexport async function upsert(tx: Tx, contacts: Contact[]) {\n  for (let i = 0; i < contacts.length; i += BATCH) {\n    const batch = contacts.slice(i, i + BATCH);\n    await tx.insert(/*loop*/batch.map((k) => k.name));\n  }\n}';
      assert.equal(cost(batches).heavy, false);
      // The same chunk with a costly step per item is that step over the list.
      const hashed = batches.replace('batch.map((k) => k.name)', 'batch.map((k) => createHash("sha256").update(k.name).digest("hex"))');
      assertHeavy(cost(hashed), 'heavyOperation');
      // Chunks of a constant list of 20,000 (a 20,000 x 10,000 nest) still count as large.
      assertHeavy(cost('export async function grid() {\n  const all = new Array(20_000).fill(0);\n  for (let i = 0; i < 100; i++) for (const v of all.slice(i, i + 10_000)) cell(i, v);\n}'), 'largeBound');
    });

    it('treats a geometric counter as logarithmic', () => {
      assert.equal(cost('for (let i = 1; i < 1e9; i *= 2) work(i);').heavy, false);
      assert.equal(cost('let n = 1e9;\nwhile (n > 1) { n = Math.floor(n / 2); }').heavy, false);
    });
    it('takes the square root of an `i * i` test', () => {
      assert.equal(cost('for (let i = 2; i * i <= 1e6; i++) check(i);').heavy, false); // 1,000 iterations
      const r = cost('for (let i = 2; i * i <= 1e10; i++) check(i);');
      assertHeavy(r, 'largeBound');
      assert.deepEqual(r.detail, { count: 99_998 });
    });
    it('multiplies constant bounds down a chain of nested loops, citing the biggest factor', () => {
      const r = cost('for (let y = 0; y < 200; y++) {\n  for (let x = 0; x < 300; x++) plot(x, y);\n}');
      assertHeavy(r, 'largeBound');
      assert.deepEqual(r.detail, { count: 60_000 });
      assert.equal(r.text(r.evidence), '300');
      assert.equal(r.nest.length, 1);
    });
    it('sizes `Array.from({ length })` and `new Array(n)` collections', () => {
      const r = cost('Array.from({ length: 20_000 }).forEach((_, i) => grid.push(i));');
      assertHeavy(r, 'largeBound');
      assert.deepEqual(r.detail, { count: 20_000 });
      assert.equal(cost('for (const _ of new Array(64)) tick();').heavy, false);
      const t = cost('const TABLE = new Float64Array(1 << 20);\nfor (let i = 0; i < TABLE.length; i++) TABLE[i] = Math.sin(i);');
      assertHeavy(t, 'largeBound');
      assert.deepEqual(t.detail, { count: 1_048_576 });
    });
    it('honours the threshold setting', () => {
      assert.equal(cost('for (let i = 0; i < 5000; i++) work(i);').heavy, false);
      assertHeavy(cost('for (let i = 0; i < 5000; i++) work(i);', { largeIterationCount: 1000 }), 'largeBound');
    });
    it('sees a constant-size chunk through Math.min and consts', () => {
      const code = 'function step(items: Item[], start: number) {\n  const end = Math.min(start + 500, items.length);\n  for (let i = start; i < end; i++) render(items[i]);\n}';
      assert.equal(cost(code, { largeIterationCount: 400 }).heavy, true);
      assert.equal(cost(code).heavy, false);
    });
  });

  describe('nestedInput', () => {
    it('flags a cross product of two parameters', () => {
      const r = cost('function join(users: User[], orders: Order[]) {\n  for (const u of users) {\n    for (const o of orders) if (o.userId === u.id) u.orders.push(o);\n  }\n}');
      assertHeavy(r, 'nestedInput');
      assert.deepEqual(r.detail.collections, ['`users`', '`orders`']);
      assert.equal(r.detail.depth, 2);
      assert.ok(r.text(r.evidence).startsWith('for (const o of orders)'));
    });
    it('does not count an inner collection taken from the outer element (rows and their own cells)', () => {
      const r = cost('function sum(rows: Row[]) {\n  let t = 0;\n  for (const row of rows) for (const cell of row.cells) t += cell;\n  return t;\n}');
      assert.equal(r.heavy, false);
    });
    it('does not count an inner collection built from a local of the outer body', () => {
      assert.equal(cost('function parse(lines: string[]) {\n  for (const line of lines) {\n    const fields = line.split(",");\n    for (const f of fields) out.push(f);\n  }\n}').heavy, false);
    });
    it('counts pairwise comparisons `for (j = i + 1; j < n; j++)`', () => {
      const r = cost('function pairs(points: P[]) {\n  for (let i = 0; i < points.length; i++)\n    for (let j = i + 1; j < points.length; j++) d(points[i], points[j]);\n}');
      assertHeavy(r, 'nestedInput');
      assert.deepEqual(r.detail.collections, ['`points`', '`points`']);
    });
    it('finds a cross product below a derived loop (pixels of each image)', () => {
      const r = cost('function blur(images: Img[]) {\n  for (const img of images) {\n    for (let y = 0; y < img.height; y++)\n      for (let x = 0; x < img.width; x++) px(img, x, y);\n  }\n}');
      assertHeavy(r, 'nestedInput');
      assert.deepEqual(r.detail.collections, ['`img.height`', '`img.width`']);
    });
    it('treats array methods with inline callbacks as loops', () => {
      const r = cost('function match(users: User[], orders: Order[]) {\n  return users.map((u) => orders.filter((o) => o.userId === u.id));\n}');
      assertHeavy(r, 'nestedInput');
      assert.ok(r.text(r.evidence).startsWith('orders.filter'));
    });
    it('does not nest over literals, small constants or imports', () => {
      assert.equal(cost('function f(items: Item[]) {\n  for (const item of items) for (const k of ["a", "b", "c"]) use(item[k]);\n}').heavy, false);
      assert.equal(cost('function f(items: Item[]) {\n  for (const item of items) for (let c = 0; c < 4; c++) use(item, c);\n}').heavy, false);
      assert.equal(cost('import { LOCALES } from "./config";\nfunction f(items: Item[]) {\n  for (const item of items) for (const l of LOCALES) use(item, l);\n}').heavy, false);
      assert.equal(cost('const LIMITS = { a: 1, b: 2 };\nfunction f(items: Item[]) {\n  for (const item of items) for (const k of Object.keys(LIMITS)) use(item, k);\n}').heavy, false);
    });
    it('honours nestedDepth', () => {
      const code = 'function f(a: number[], b: number[]) {\n  for (const x of a) for (const y of b) use(x, y);\n}';
      assert.equal(cost(code, { nestedDepth: 3 }).heavy, false);
      assertHeavy(cost(code, { nestedDepth: 2 }), 'nestedInput');
    });
    it('counts query results and `this` state as input-sized', () => {
      const r = cost('class S {\n  readers: Reader[] = [];\n  async run() {\n    const posts = await db.query("select * from posts");\n    /*loop*/for (const p of posts) for (const r of this.readers) link(p, r);\n  }\n}');
      assertHeavy(r, 'nestedInput');
      assert.deepEqual(r.detail.collections, ['`posts`', '`this.readers`']);
    });
  });

  describe('heavyOperation', () => {
    it('finds hashing over an input collection', () => {
      const r = cost('import * as crypto from "node:crypto";\nfunction f(users: User[]) {\n  for (const u of users) u.digest = crypto.createHash("sha256").update(u.email).digest("hex");\n}');
      assertHeavy(r, 'heavyOperation');
      assert.equal(r.detail.operation, 'crypto.createHash');
      assert.equal(r.detail.collection, '`users`');
      assert.equal(r.text(r.evidence), 'crypto.createHash("sha256")');
    });
    it('resolves named imports and require()', () => {
      assertHeavy(cost('import { pbkdf2Sync } from "crypto";\nfunction f(ps: string[]) {\n  return ps.map((p) => pbkdf2Sync(p, salt, 1e5, 64, "sha512"));\n}'), 'heavyOperation');
      assertHeavy(cost('const zlib = require("zlib");\nfunction f(files: Buffer[]) {\n  for (const b of files) out.push(zlib.gzipSync(b));\n}'), 'heavyOperation');
    });
    it('ignores a user function that merely has a heavy name', () => {
      assert.equal(cost('function createHash(s: string) { return s; }\nfunction f(xs: string[]) {\n  for (const x of xs) createHash(x);\n}').heavy, false);
    });
    it('finds JSON and sort, also as a callback reference', () => {
      assertHeavy(cost('function f(lines: string[]) {\n  return lines.map(JSON.parse);\n}'), 'heavyOperation');
      const r = cost('function f(groups: G[]) {\n  for (const g of groups) g.items.sort((a, b) => a.rank - b.rank);\n}');
      assertHeavy(r, 'heavyOperation');
      assert.equal(r.detail.operation, '.sort()');
    });
    it('needs an input-sized loop: a handful of literals or a small bound is fine', () => {
      assert.equal(cost('for (const k of ["a", "b"]) out[k] = JSON.stringify(cfg[k]);').heavy, false);
      assert.equal(cost('for (let i = 0; i < 3; i++) copies.push(structuredClone(base));').heavy, false);
    });
    it('only counts regexes that can backtrack', () => {
      assert.equal(cost('function f(lines: string[]) {\n  for (const l of lines) out.push(l.replace(/\\s+/g, " "));\n}').heavy, false);
      const r = cost('const RE = /^(\\w+\\s?)+$/;\nfunction f(lines: string[]) {\n  for (const l of lines) if (RE.test(l)) n++;\n}');
      assertHeavy(r, 'heavyOperation');
      assert.equal(r.detail.operation, '.test() with a backtracking regular expression');
      assertHeavy(cost('function f(words: string[], q: string) {\n  for (const w of words) if (new RegExp(q).test(w)) n++;\n}'), 'heavyOperation');
    });
    it('finds the quadratic copy of a growing accumulator', () => {
      const r = cost('function index(users: User[]) {\n  return users.reduce((acc, u) => ({ ...acc, [u.id]: u }), {});\n}');
      assertHeavy(r, 'heavyOperation');
      assert.equal(r.detail.operation, 'a copy of the growing `acc`');
      const s = cost('function f(chunks: Buffer[]) {\n  let all = Buffer.alloc(0);\n  for (const c of chunks) all = Buffer.concat([all, c]);\n}');
      assertHeavy(s, 'heavyOperation');
      assert.equal(s.detail.operation, 'a copy of the growing `all`');
    });
    it('does not count string += (V8 builds ropes: linear)', () => {
      assert.equal(cost('function f(rows: Row[]) {\n  let html = "";\n  for (const r of rows) html += `<tr>${r.name}</tr>`;\n  return html;\n}').heavy, false);
    });
  });

  describe('yielding and chunking', () => {
    it('a loop that awaits is never heavy itself, and leaves its inner loops to be judged alone', () => {
      const r = cost('async function f(ids: string[]) {\n  for (const id of ids) {\n    const u = await get(id);\n    for (let i = 0; i < 1e7; i++) spin();\n  }\n}');
      assert.deepEqual({ heavy: r.heavy, why: !r.heavy && r.why, nest: r.nest.length }, { heavy: false, why: 'yields', nest: 0 });
    });
    it('for await yields', () => {
      const r = cost('async function f(stream: AsyncIterable<string>) {\n  for await (const line of stream) JSON.parse(line);\n}');
      assert.equal(!r.heavy && r.why, 'yields');
    });
    it('an await inside a nested function does not make the loop yield', () => {
      assertHeavy(cost('function f(xs: string[], ys: string[]) {\n  for (const x of xs) for (const y of ys) later(async () => { await g(x, y); });\n}'), 'nestedInput');
    });
    it('an async array callback is not a loop body', () => {
      const sourceFile = parseSource('case.ts', 'items.map(async (x) => { await g(x); });');
      let loops = 0;
      const visit = (n: ts.Node): void => {
        if (asLoop(n)) loops++;
        ts.forEachChild(n, visit);
      };
      visit(sourceFile);
      assert.equal(loops, 0);
    });
    it('a loop that hands the rest to setImmediate and returns is chunked', () => {
      const r = cost('function step(rows: Row[], from: number, done: () => void) {\n  for (let i = from; i < rows.length; i++) {\n    rows[i].hash = createHash("md5").update(rows[i].body).digest("hex");\n    if (Date.now() - t0 > 10) { setImmediate(() => step(rows, i + 1, done)); return; }\n  }\n  done();\n}');
      assert.equal(!r.heavy && r.why, 'chunked');
    });
  });

  describe('isNonTrivialRegex', () => {
    const cases: Array<[string, boolean]> = [
      ['\\s+', false], ['^(\\d+)-(\\d+)$', false], ['[a-z]+@[a-z]+\\.com', false],
      ['^(\\w+\\s?)+$', true], ['(a|aa)*b', true], ['(["\'])(.*?)\\1', true], ['^(?=.*\\d)', true], ['^(.*),(.*)$', true],
      // A repeated run that must end at a delimiter it cannot match splits one way only (real-code audit: a domain prefix).
      ['^([a-zA-Z0-9-]+\\.)+[a-zA-Z]{2,}', false], ['^([^,]+,)*[^,]+$', false], ['^(?:\\w+\\/)+$', false],
      // …but not when the run can match the delimiter, the delimiter is optional or a letter, or the group nests.
      ['^([\\w.]+\\.)+$', true], ['^(.+,)+$', true], ['^([a-z]+x)+$', true], ['^(\\w+\\.?)+$', true], ['^((\\w+)\\.)+$', true],
    ];
    for (const [pattern, expected] of cases) {
      it(`${pattern} → ${expected}`, () => assert.equal(isNonTrivialRegex(pattern), expected));
    }
  });
});
