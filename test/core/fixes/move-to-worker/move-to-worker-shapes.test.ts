import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { ts } from 'ts-morph';
import { analyzeText, parseSource } from '../../../../src/core/engine';
import type { Finding } from '../../../../src/core/finding';
import { createMoveToWorker } from '../../../../src/core/fixes/move-to-worker/move-to-worker';
import { createScopeIndex } from '../../../../src/core/scope';
import { runProgram, typeCheck } from '../../../support/compiled-program';
import { sourceDirOf } from '../../../support/fix-golden';
import { fixesFor, preferredFix } from '../../../../src/core/fixes';
import { applyTextEdits, type ProposedFix } from '../../../../src/core/fixes/fix';
import { readerFor, runMoveToWorker, type RunOptions } from './move-to-worker-harness';

/**
 * Shapes beyond the goldens: fresh names and files, labels, styles, reuse of existing imports, types from
 * the checker, deep changes to the loop's own objects. Each result is also type-checked.
 */

function fixed(code: string, options: RunOptions = {}): { fix: ProposedFix; output: string; worker: string; workerName: string } {
  const { outcome } = runMoveToWorker(code, options);
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
  const file = outcome.fix.newFiles[0]!;
  return { fix: outcome.fix, output: applyTextEdits(code, outcome.fix.edits), worker: file.text, workerName: path.basename(file.fileName) };
}

function compiles(result: { output: string; worker: string; workerName: string }, format: 'esm' | 'cjs', extra: Record<string, string> = {}): void {
  assert.deepEqual(typeCheck({ 'input.ts': result.output, [result.workerName]: result.worker, ...extra }, format), []);
}

const HASH = `import { createHash } from 'node:crypto';

export async function stretch(seed: string): Promise<string> {
  let digest = seed;
  for (let i = 0; i < 100_000; i++) {
    digest = createHash('sha256').update(digest).digest('hex');
  }
  return digest;
}
`;

describe('fix: move-to-worker (shapes)', function () {
  this.timeout(60_000);

  it('never overwrites a file: picks the next free worker module name', () => {
    const result = fixed(HASH, { existing: ['input.stretch-worker.ts', 'input.stretch-worker-2.js'] });
    assert.equal(result.workerName, 'input.stretch-worker-3.ts');
    assert.match(result.output, /path\.join\(__dirname, 'input\.stretch-worker-3\.js'\)/);
  });

  it('picks fresh names when the file already uses the generated ones', () => {
    const code = HASH + `\nexport function runStretchLoopInWorker(): void {}\n`;
    const result = fixed(code);
    assert.match(result.output, /function runStretchLoop2InWorker\(input: StretchLoop2Input\): Promise<StretchLoop2Output>/);
    assert.match(result.worker, /function stretchLoop2\(input: StretchLoop2Input\): StretchLoop2Output/);
    compiles(result, 'cjs');
  });

  it('moves a labelled loop with its label, and a `continue` to it', () => {
    const code = `export async function count(limit: number): Promise<number> {
  let found = 0;
  rows: for (let i = 0; i < 100_000; i++) {
    for (let j = 0; j < 3; j++) {
      if ((i + j) % limit === 0) continue rows;
    }
    found++;
  }
  return found;
}
`;
    const result = fixed(code);
    assert.match(result.worker, /\n {2}rows: for \(let i = 0; i < 100_000; i\+\+\) \{\n/);
    assert.match(result.output, /const \{ found \} = await runCountLoopInWorker\(\{ limit \}\);/);
    compiles(result, 'cjs');
  });

  it('starts a line that begins with `(` with a semicolon when the file has none', () => {
    const code = `export async function total(n: number): Promise<number> {
  let sum = 0
  const label = 'sum'
  for (let i = 0; i < 100_000; i++) sum += i % n
  return label.length + sum
}
`;
    const result = fixed(code);
    assert.match(result.output, /\n {2};\(\{ sum \} = await runTotalLoopInWorker\(\{ sum, n \}\)\)\n/);
    assert.doesNotMatch(result.worker, /;\n/);
    compiles(result, 'cjs');
  });

  it('keeps `var` for a moved `var` declaration', () => {
    const code = `export async function total(n: number): Promise<number> {
  var sum = 0;
  for (let i = 0; i < 100_000; i++) sum += i % n;
  return sum;
}
`;
    const result = fixed(code);
    assert.match(result.output, /var \{ sum \} = await runTotalLoopInWorker\(\{ n \}\);/);
    compiles(result, 'cjs');
  });

  it('keeps `let` for a moved declaration assigned again after the loop', () => {
    const code = `export async function total(n: number): Promise<number> {
  let sum = 0;
  for (let i = 0; i < 100_000; i++) sum += i % n;
  sum *= 2;
  return sum;
}
`;
    const result = fixed(code);
    assert.match(result.output, /let \{ sum \} = await runTotalLoopInWorker\(\{ n \}\);\n {2}sum \*= 2;/);
    compiles(result, 'cjs');
  });

  it('leaves the lines of a multi-line template literal as they are', () => {
    const code = `export async function render(n: number): Promise<string> {
    let out = '';
    if (n > 0) {
        for (let i = 0; i < 100_000; i++) {
            out = \`row \${i % n}
        indented by the string itself\`;
        }
    }
    return out;
}
`;
    const result = fixed(code);
    const expected = '    for (let i = 0; i < 100_000; i++) {\n        out = `row ${i % n}\n        indented by the string itself`;\n    }\n';
    assert.ok(result.worker.includes(expected), result.worker);
    assert.match(result.output, /\n {8}\(\{ out \} = await runRenderLoopInWorker\(\{ out, n \}\)\);\n {4}\}\n/);
    compiles(result, 'cjs');
  });

  it('copies a pure helper declared inside the function', () => {
    const code = `export async function spread(n: number): Promise<number> {
  function mix(a: number, b: number): number {
    return (a * 31 + b) % 1_000_003;
  }
  let acc = 1;
  for (let i = 0; i < 100_000; i++) acc = mix(acc, i + n);
  return acc;
}
`;
    const result = fixed(code);
    assert.match(result.worker, /\nfunction mix\(a: number, b: number\): number \{\n {2}return \(a \* 31 \+ b\) % 1_000_003;\n\}\n/);
    compiles(result, 'cjs');
  });

  it('re-uses the file\'s imports of Worker and path', () => {
    const code = `import * as nodePath from 'path';
import { Worker as Thread } from 'node:worker_threads';

export const here = nodePath.basename(__filename) + String(Thread.name);

${HASH.replace("import { createHash } from 'node:crypto';\n", "import { createHash } from 'node:crypto';\n")}`;
    const result = fixed(code);
    assert.match(result.output, /new Thread\(nodePath\.join\(__dirname, 'input\.stretch-worker\.js'\), \{ workerData: input \}\)/);
    assert.doesNotMatch(result.output, /import \{ Worker \}/);
    compiles(result, 'cjs');
  });

  it('aliases Worker when the file has its own `Worker`', () => {
    const code = `export class Worker {}\n\n${HASH}`;
    const result = fixed(code, { moduleFormat: 'esm' });
    assert.match(result.output, /import \{ Worker as ThreadWorker \} from 'node:worker_threads';/);
    assert.match(result.output, /new ThreadWorker\(new URL\('\.\/input\.stretch-worker\.js', import\.meta\.url\)/);
    compiles(result, 'esm');
  });

  it('accepts an imported type with type information and imports it as a type in the worker', () => {
    const files = { 'types.ts': 'export interface Item {\n  weight: number;\n}\n' };
    const code = `import type { Item } from './types.js';

export async function weigh(items: Item[]): Promise<number> {
  let total = 0;
  for (const a of items) {
    for (const b of items) total += a.weight * b.weight;
  }
  return total;
}
`;
    const result = fixed(code, { types: true, files, moduleFormat: 'esm' });
    assert.match(result.worker, /import type \{ Item \} from '\.\/types\.js';/);
    assert.match(result.worker, /items: Item\[\];/);
    compiles(result, 'esm', files);
  });

  it('names a type the file does not import the way the checker prints it, with a Node16 specifier', () => {
    const files = {
      'types.ts': 'export interface Item {\n  weight: number;\n}\n',
      'factory.ts': "import type { Item } from './types.js';\n\nexport function make(n: number): Item[] {\n  return Array.from({ length: n }, (_, i) => ({ weight: i }));\n}\n",
    };
    const code = `import { make } from './factory.js';

export async function weigh(n: number): Promise<number> {
  const items = make(n);
  let total = 0;
  for (const a of items) {
    for (const b of items) total += a.weight * b.weight;
  }
  return total;
}
`;
    const result = fixed(code, { types: true, files, moduleFormat: 'esm' });
    assert.match(result.worker, /items: import\("\.\/types\.js"\)\.Item\[\];/);
    compiles(result, 'esm', files);
  });

  it('accepts a plain type imported from a local module without type information (reading the module)', () => {
    const files = { 'types.ts': 'export interface Item {\n  weight: number;\n  tags: string[];\n}\n' };
    const code = `import type { Item } from './types';

export async function weigh(items: Item[]): Promise<number> {
  let total = 0;
  for (const a of items) {
    for (const b of items) total += a.weight * b.weight;
  }
  return total;
}
`;
    const result = fixed(code, { files });
    assert.match(result.worker, /import type \{ Item \} from '\.\/types';/);
    compiles(result, 'cjs', files);
    const methods = { 'types.ts': 'export interface Item {\n  weight: number;\n  describe(): string;\n}\n' };
    const { outcome } = runMoveToWorker(code, { files: methods });
    assert.equal(outcome.ok, false);
    assert.match(outcome.ok ? '' : outcome.reason, /`items` has a method `describe`/);
  });

  it('accepts deep changes to objects the loop creates when nothing it reads is shared', () => {
    const code = `export async function table(n: number): Promise<number> {
  const grid: number[][] = [];
  for (let i = 0; i < 100_000; i++) {
    grid.push([]);
    for (let j = 0; j < 3; j++) grid[i]!.push(i * j * n);
  }
  return grid.length;
}
`;
    const result = fixed(code);
    assert.match(result.output, /const \{ grid \} = await runTableLoopInWorker\(\{ n \}\);/);
    compiles(result, 'cjs');
  });

  it('refuses deep changes to objects the loop creates when it also reads shared objects', () => {
    const code = `export async function table(rows: number[][]): Promise<number> {
  const grid: number[][] = [];
  for (let i = 0; i < 100_000; i++) {
    grid.push(rows[i % rows.length]!);
    grid[i]!.push(i);
  }
  return grid.length;
}
`;
    const { outcome } = runMoveToWorker(code);
    assert.equal(outcome.ok, false);
    assert.match(outcome.ok ? '' : outcome.reason, /changes an object inside `grid` \(line 5\) that may be shared/);
  });

  it('reuses one worker in a request handler and says so', () => {
    const code = `interface App {
  get(path: string, handler: (req: { query: string }, res: { end(body: string): void }) => Promise<void>): void;
}

export function mount(app: App): void {
  app.get('/sum', async (req, res) => {
    const n: number = req.query.length;
    let sum = 0;
    for (let i = 0; i < 100_000; i++) sum += i % (n + 1);
    res.end(String(sum));
  });
}
`;
    const result = fixed(code, { moduleFormat: 'esm' });
    assert.match(result.output, /handlerLoopWorker \?\?= startHandlerLoopWorker\(\);/);
    assert.match(result.worker, /parentPort\?\.on\('message'/);
    assert.match(result.fix.behaviourNote ?? '', /started on first use and reused/);
    assert.equal(result.workerName, 'input.handler-worker.ts');
    compiles(result, 'esm');
  });

  it('spawns per call in a plain async function and says so', () => {
    const result = fixed(HASH);
    assert.match(result.fix.behaviourNote ?? '', /Each call starts a worker thread/);
    assert.equal(result.fix.safety, 'changes-timing');
    assert.equal(result.fix.preferred, true);
    assert.match(result.fix.title, /copied/);
  });

  it('keeps CRLF line endings in the file and the worker module', () => {
    const result = fixed(HASH.replace(/\n/g, '\r\n'));
    assert.doesNotMatch(result.output.replace(/\r\n/g, ''), /\n/);
    assert.doesNotMatch(result.worker.replace(/\r\n/g, ''), /\n/);
  });

  it('moves `while`, `do…while` and `for…in` loops', () => {
    const loops = {
      while: `export async function collatz(start: number): Promise<number> {
  let n = start;
  let steps = 0;
  while (n !== 1 && steps < 100_000) {
    n = n % 2 === 0 ? n / 2 : 3 * n + 1;
    steps++;
  }
  return steps;
}
`,
      do: `export async function spin(seed: number): Promise<number> {
  let x = seed;
  let i = 0;
  do {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    i++;
  } while (i < 100_000);
  return x;
}
`,
      forIn: `export async function keys(body: string): Promise<number> {
  const data = JSON.parse(body);
  let total = 0;
  for (const key in data) {
    for (let i = 0; i < 100_000; i++) total += key.length * i;
  }
  return total;
}
`,
    };
    for (const [kind, code] of Object.entries(loops)) {
      const result = fixed(code, kind === 'forIn' ? {} : { loopAfter: '' });
      assert.match(result.output, /= await run\w+LoopInWorker\(/, kind);
      compiles(result, 'cjs');
    }
  });

  it('accepts a loop inside a `try` when its results are declared with it', () => {
    const code = `export async function guarded(items: number[]): Promise<number> {
  try {
    let total = 0;
    for (const a of items) {
      for (const b of items) total += a * b;
    }
    return total;
  } catch {
    return -1;
  }
}
`;
    const result = fixed(code);
    assert.match(result.output, /\n {4}const \{ total \} = await runGuardedLoopInWorker\(\{ items \}\);\n/);
    compiles(result, 'cjs');
  });

  it('keeps a trailing comment with its import and separates the runner from code above it', () => {
    const code = `import { createHash } from 'node:crypto'; // hashing
export async function stretch(seed: string): Promise<string> {
  let digest = seed;
  for (let i = 0; i < 100_000; i++) digest = createHash('sha256').update(digest).digest('hex');
  return digest;
}
`;
    const result = fixed(code);
    assert.ok(result.output.startsWith(`import { createHash } from 'node:crypto'; // hashing\nimport { Worker } from 'node:worker_threads';\n`), result.output);
    assert.match(result.output, /from '\.\/input\.stretch-worker\.js';\n\n\/\*\* Runs the loop/);
    compiles(result, 'cjs');
  });

  it('handles a loop with no inputs and no results', () => {
    const code = `export async function check(): Promise<void> {
  for (let i = 0; i < 100_000; i++) {
    if (i < 0) throw new RangeError('impossible');
  }
}
`;
    const result = fixed(code);
    assert.match(result.output, /\n {2}await runCheckLoopInWorker\(\{\}\);\n/);
    assert.match(result.worker, /export type CheckLoopInput = Record<string, never>;/);
    assert.match(result.worker, /function checkLoop\(\): CheckLoopOutput \{/);
    assert.match(result.worker, /return \{\};/);
    compiles(result, 'cjs');
  });

  it('the reused worker (CommonJS) answers in order, passes errors back, survives a crash and lets the process exit', async () => {
    const code = `interface App {
  get(path: string, handler: (req: { query: string }) => Promise<string>): void;
}

export function mount(app: App): void {
  app.get('/sum', async (req) => {
    const q: string = req.query;
    let sum = 0;
    for (let i = 0; i < 300_000; i++) {
      if (q === 'bad') throw new RangeError('bad query');
      if (q === 'odd') throw { reason: 'odd', retry: () => 1 };
      sum += (i * q.length) % 7;
    }
    return String(sum);
  });
}
`;
    const result = fixed(code);
    assert.match(result.output, /handlerLoopWorker \?\?= startHandlerLoopWorker\(\);/);
    compiles(result, 'cjs');
    const driver = `import { mount } from './input.js';

type Handler = (req: { query: string }) => Promise<string>;
let handler: Handler | undefined;
mount({
  get(_path, h) {
    handler = h;
  },
});

async function call(query: string): Promise<void> {
  try {
    console.log(query, await handler!({ query }));
  } catch (error) {
    console.log(query, 'rejected', error instanceof RangeError ? error.message : 'with another error');
  }
}

async function main(): Promise<void> {
  await call('abc');
  await call('bad');
  await call('odd');
  await call('abcd');
  await Promise.all([call('x'), call('yy'), call('bad')]);
}

void main();
`;
    const original = await runProgram({ 'input.ts': code, 'driver.ts': driver }, 'driver.ts', 'cjs');
    const after = await runProgram({ 'input.ts': result.output, [result.workerName]: result.worker, 'driver.ts': driver }, 'driver.ts', 'cjs', { timeoutMs: 20_000 });
    assert.equal(original.code, 0, original.stderr);
    assert.equal(after.code, 0, `the process must exit on its own: ${after.stderr}`);
    assert.equal(after.stdout, original.stdout);
    assert.match(after.stdout, /^abc \d+\nbad rejected bad query\nodd rejected with another error\nabcd \d+\nx \d+\nyy \d+\nbad rejected bad query\n$/);
  });

  it('never throws on real code: every loop of the engine\'s own sources gets a fix or a reason', () => {
    const dir = path.resolve(sourceDirOf(__dirname), '../../../../src/core');
    let loops = 0;
    let offered = 0;
    for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const fileName = path.join(dir, name);
      const text = fs.readFileSync(fileName, 'utf8');
      const sourceFile = parseSource(fileName, text);
      const scopes = createScopeIndex(sourceFile);
      const stack: ts.Node[] = [sourceFile];
      while (stack.length > 0) {
        const node = stack.pop()!;
        ts.forEachChild(node, (child) => {
          stack.push(child);
        });
        if (!ts.isIterationStatement(node, false)) continue;
        loops++;
        const finding: Finding = {
          ruleId: 'blocking-loop', messageId: 'largeBound', message: 'm', range: { start: node.getStart(sourceFile), end: node.end },
          related: [], severity: 'warning', data: {},
        };
        const outcome = createMoveToWorker({
          finding, fileName, text, sourceFile, scopes, types: undefined,
          project: { moduleFormat: 'cjs', dependencies: new Set(), fileExists: () => false },
        }, readerFor({}));
        if (outcome.ok) {
          offered++;
          applyTextEdits(text, outcome.fix.edits);
        } else {
          assert.ok(outcome.reason.length > 10, `${name}: an empty reason`);
        }
      }
    }
    assert.ok(loops > 50, `only ${loops} loops`);
    assert.ok(offered < loops, 'most engine loops are in sync functions and must be refused');
  });

  it('is offered through the fix registry for the rule\'s finding, and is the preferred fix', () => {
    const fileName = '/project/src/input.ts';
    const finding = analyzeText(fileName, HASH, { only: ['blocking-loop'] }).findings[0];
    assert.ok(finding);
    const outcomes = fixesFor(finding, { fileName, text: HASH, project: { moduleFormat: 'cjs', dependencies: new Set(), fileExists: () => false } });
    const preferred = preferredFix(outcomes);
    assert.equal(preferred?.fixId, 'move-to-worker');
  });
});
