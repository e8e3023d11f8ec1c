import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText } from '../../../../src/core/engine';
import type { Finding } from '../../../../src/core/finding';
import { applyTextEdits } from '../../../../src/core/fixes/fix';
import { typeCheck } from '../../../support/compiled-program';
import { fixCase, loadGoldenCases, type GoldenCase } from '../../../support/fix-golden';
import { FIX_ID, GOLDENS_DIR, INPUT_FILE, blockingFindings, handFinding, runFix, runGolden, type CaseOptions } from './golden-program';

const cases = loadGoldenCases<CaseOptions>(GOLDENS_DIR);

function fixed(c: GoldenCase): { output: string; outcome: ReturnType<typeof fixCase>['outcome'] } {
  const result = fixCase(c, 'blocking-sync-call', FIX_ID);
  assert.ok(result.outcome.ok, result.outcome.ok ? '' : `refused: ${result.outcome.reason}`);
  return { output: result.output!, outcome: result.outcome };
}

/** Findings keyed by rule and the text they point at, as a multiset. */
function findingKeys(text: string): Map<string, number> {
  const keys = new Map<string, number>();
  for (const f of analyzeText(INPUT_FILE, text).findings) {
    const key = `${f.ruleId}: ${text.slice(f.range.start, f.range.end)}`;
    keys.set(key, (keys.get(key) ?? 0) + 1);
  }
  return keys;
}

describe('fix: use-async-api', () => {
  it('has at least 14 golden cases, at least 5 of them run for the event-loop effect', () => {
    assert.ok(cases.length >= 14, `only ${cases.length} goldens`);
    const effect = cases.filter((c) => c.options.run === 'effect');
    assert.ok(effect.length >= 5, `only ${effect.length} goldens measure the effect`);
  });

  for (const c of cases) {
    const options = c.options;
    const formats = options.moduleFormats ?? ['cjs'];

    describe(`golden: ${c.name}`, () => {
      it('produces exactly output.ts', () => {
        assert.equal(fixed(c).output, c.output);
      });

      it('is a preferred fix that says it changes timing', () => {
        const { outcome } = fixed(c);
        assert.ok(outcome.ok);
        assert.equal(outcome.fix.safety, 'changes-timing');
        assert.equal(outcome.fix.preferred, true);
        assert.match(outcome.fix.title, /^Use await .+ instead of .+ \(other work may run during the wait\)$/);
        assert.match(outcome.fix.behaviourNote ?? '', /event loop serves other requests/);
        assert.equal(outcome.fix.newFiles.length, 0);
      });

      for (const format of formats) {
        it(`input and output type-check strict with Node's types (${format})`, () => {
          // One program for both (each is its own module): errors name the file, `input.ts:` or `output.ts:`.
          assert.deepEqual(typeCheck({ 'input.ts': c.input, 'output.ts': c.output }, format), []);
        });
      }

      it('leaves the rewritten call unreported and adds no finding of any rule', () => {
        const before = findingKeys(c.input);
        const after = findingKeys(c.output);
        const finding = blockingFindings(c.input)[options.finding ?? 0]!;
        const fixedKey = `blocking-sync-call: ${c.input.slice(finding.range.start, finding.range.end)}`;
        const expected = new Map(before);
        expected.set(fixedKey, (expected.get(fixedKey) ?? 0) - 1);
        if (expected.get(fixedKey) === 0) expected.delete(fixedKey);
        assert.deepEqual([...after].sort(), [...expected].sort());
      });

      if (options.run) {
        for (const format of formats) {
          it(`runs like the original${options.run === 'effect' ? ', with the event loop turning during the call' : ''} (${format})`, async function () {
            this.timeout(120_000);
            const original = await runGolden(c.input, format);
            const rewritten = await runGolden(c.output, format);
            assert.equal(original.code, 0, original.stderr + original.output);
            assert.equal(rewritten.code, 0, rewritten.stderr + rewritten.output);
            assert.match(original.output, /^result: /m);
            assert.equal(rewritten.output, original.output);
            if (options.run === 'effect') {
              // The sync call holds the loop for its whole duration: no setImmediate can run until main returns.
              assert.ok(original.turns <= 1, `the original should block the loop, yet it turned ${original.turns} times`);
              // The async twin waits off the loop (thread pool / child process) for tens of milliseconds or more.
              assert.ok(rewritten.turns >= 10, `the fixed code should let the loop turn while it waits, yet it turned ${rewritten.turns} times`);
            }
          });
        }
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Refusals. `snippet` marks a call by hand (the rule may never report it); otherwise the rule's
// first finding is used, which also checks that the rule does report the code.

interface Refusal {
  name: string;
  code: string;
  reason: RegExp;
  snippet?: string;
  fileName?: string;
}

const refusals: Refusal[] = [
  {
    name: 'a request handler that is not async',
    code: `import { readFileSync } from 'node:fs';
declare const app: { get(path: string, handler: (req: unknown, res: { send(body: string): void }) => void): void };
app.get('/page', (req, res) => {
  res.send(readFileSync('page.html', 'utf8'));
});`,
    reason: /the enclosing callback passed to `get` is not async; making it async would change what `get` gets back/,
  },
  {
    name: 'a synchronous .map callback inside an async function',
    code: `import { readFileSync } from 'node:fs';
export async function loadAll(files: string[]): Promise<string[]> {
  return files.map((file) => readFileSync(file, 'utf8'));
}`,
    reason: /the enclosing callback passed to `map` is not async/,
  },
  {
    name: 'a timer callback that is not async',
    code: `import { statSync } from 'node:fs';
setInterval(() => {
  console.log(statSync('data.db').size);
}, 60_000);`,
    reason: /the enclosing callback passed to `setInterval` is not async/,
  },
  {
    name: 'a named sync function (marked by hand: the rule does not report it)',
    code: `import { readFileSync } from 'node:fs';
export function loadConfig(): string {
  return readFileSync('config.json', 'utf8');
}`,
    snippet: `readFileSync('config.json', 'utf8')`,
    reason: /the enclosing function `loadConfig` is not async; making it async would change its callers/,
  },
  {
    name: 'a constructor (marked by hand)',
    code: `import { readFileSync } from 'node:fs';
export class Template {
  readonly text: string;
  constructor(file: string) {
    this.text = readFileSync(file, 'utf8');
  }
}`,
    snippet: `readFileSync(file, 'utf8')`,
    reason: /constructor, which cannot be async/,
  },
  {
    name: 'a class field initializer (marked by hand)',
    code: `import { readFileSync } from 'node:fs';
export class Page {
  template = readFileSync('page.html', 'utf8');
  async render(): Promise<string> { return this.template; }
}`,
    snippet: `readFileSync('page.html', 'utf8')`,
    reason: /class field initializer/,
  },
  {
    name: 'module top level (marked by hand)',
    code: `import { readFileSync } from 'node:fs';
export const config = JSON.parse(readFileSync('config.json', 'utf8'));`,
    snippet: `readFileSync('config.json', 'utf8')`,
    reason: /module top level/,
  },
  {
    name: 'a default parameter value of an async function',
    code: `import { readFileSync } from 'node:fs';
export async function render(template = readFileSync('page.html', 'utf8')): Promise<string> {
  return template.toUpperCase();
}`,
    reason: /default parameter value/,
  },
  {
    name: 'a compound assignment: lost update',
    code: `import { readFileSync } from 'node:fs';
let totalBytes = 0;
export async function count(file: string): Promise<number> {
  totalBytes += readFileSync(file).length;
  return totalBytes;
}`,
    reason: /`totalBytes \+= …` reads `totalBytes` before the wait and writes it after: .*lost update/,
  },
  {
    name: 'a local that a callback also changes: lost update',
    code: `import { readFileSync } from 'node:fs';
declare function onReset(listener: () => void): void;
export async function count(file: string): Promise<number> {
  let bytes = 0;
  onReset(() => { bytes = 0; });
  bytes += readFileSync(file).length;
  return bytes;
}`,
    reason: /`bytes \+= …` reads `bytes` before the wait/,
  },
  {
    name: 'an assignment whose right side read the target first: lost update',
    code: `import { readFileSync } from 'node:fs';
const state = { files: [] as string[] };
export async function add(file: string): Promise<void> {
  state.files = [...state.files, readFileSync(file, 'utf8')];
}`,
    reason: /`state\.files` is read before the wait and written after it/,
  },
  {
    name: 'existsSync has no promise twin (marked by hand: the rule ignores it)',
    code: `import { existsSync } from 'node:fs';
export async function has(file: string): Promise<boolean> {
  return existsSync(file);
}`,
    snippet: 'existsSync(file)',
    reason: /existsSync has no promise twin that returns a boolean: access\(\) from fs\/promises rejects/,
  },
  {
    name: 'spawnSync has no drop-in equivalent',
    code: `import { spawnSync } from 'node:child_process';
export async function build(): Promise<number | null> {
  return spawnSync('make', ['all']).status;
}`,
    reason: /spawnSync has no drop-in async equivalent/,
  },
  {
    name: 'an fd-based call needs a FileHandle',
    code: `import { closeSync, openSync, readSync } from 'node:fs';
export async function head(fd: number): Promise<number> {
  const buffer = Buffer.alloc(16);
  return readSync(fd, buffer, 0, 16, 0);
}`,
    reason: /readSync works on a numeric file descriptor; its async form is the read\(\) method of a FileHandle/,
  },
  {
    name: 'openSync returns an fd, open() a FileHandle',
    code: `import { openSync } from 'node:fs';
export async function openLog(): Promise<number> {
  return openSync('app.log', 'a');
}`,
    reason: /openSync returns a numeric file descriptor, but open\(\) from fs\/promises returns a FileHandle/,
  },
  {
    name: 'readFileSync given a file descriptor',
    code: `import { readFileSync } from 'node:fs';
export async function readAll(fd: number): Promise<string> {
  return readFileSync(fd, 'utf8');
}`,
    reason: /the first argument \(`fd`\) looks like a file descriptor/,
  },
  {
    name: 'statSync with throwIfNoEntry: false',
    code: `import { statSync } from 'node:fs';
export async function size(file: string): Promise<number> {
  return statSync(file, { throwIfNoEntry: false })?.size ?? 0;
}`,
    reason: /statSync\(…, \{ throwIfNoEntry \}\) returns undefined for a missing path/,
  },
  {
    name: 'execSync with the input option',
    code: `import { execSync } from 'node:child_process';
export async function sortLines(text: string): Promise<string> {
  return execSync('sort', { input: text, encoding: 'utf8' });
}`,
    reason: /execSync is given the `input` option, which exec does not have/,
  },
  {
    name: 'execSync with stdio',
    code: `import { execSync } from 'node:child_process';
export async function deploy(): Promise<void> {
  execSync('make deploy', { stdio: 'inherit' });
}`,
    reason: /execSync is given the `stdio` option/,
  },
  {
    name: 'execSync with options the fix cannot see',
    code: `import { execSync, type ExecSyncOptions } from 'node:child_process';
export async function run(command: string, options: ExecSyncOptions): Promise<string> {
  return String(execSync(command, options));
}`,
    reason: /options of execSync are not an object literal/,
  },
  {
    name: 'execFileSync whose second argument could be either',
    code: `import { execFileSync } from 'node:child_process';
declare function argsOrOptions(): any;
export async function run(): Promise<string> {
  const second = argsOrOptions();
  return String(execFileSync('git', second));
}`,
    reason: /cannot tell whether `second` is the argument list or the options of execFileSync/,
  },
  {
    name: 'generatePrimeSync: promisify loses the result type',
    code: `import { generatePrimeSync } from 'node:crypto';
export async function prime(): Promise<ArrayBuffer> {
  return generatePrimeSync(512);
}`,
    reason: /generatePrime's promisified form cannot keep generatePrimeSync's result type/,
  },
  {
    name: 'a module required inside the function, needed at module level for promisify',
    code: `export async function hash(password: string): Promise<string> {
  const crypto = require('crypto');
  return crypto.pbkdf2Sync(password, 'salt', 100_000, 32, 'sha256').toString('hex');
}`,
    reason: /`crypto` is bound inside a function, but the promisified pbkdf2 has to be created once at module level/,
  },
  {
    name: 'fs.globSync returns an array, fs/promises glob an async iterator',
    code: `import { globSync } from 'node:fs';
export async function sources(): Promise<string[]> {
  return globSync('src/**/*.ts');
}`,
    reason: /fs\.globSync returns an array, but glob from 'fs\/promises' returns an async iterator/,
  },
  {
    name: 'optional chaining on the module',
    code: `import * as fs from 'node:fs';
declare const maybeFs: typeof fs | undefined;
export async function read(): Promise<string | undefined> {
  return fs?.readFileSync('a.txt', 'utf8');
}`,
    reason: /optional chaining/,
  },
  {
    name: 'a name that holds one of two sync functions, chosen at run time',
    code: `import * as zlib from 'node:zlib';
const compress = process.env.COMPRESSION === 'br' ? zlib.brotliCompressSync : zlib.gzipSync;
export async function pack(json: string): Promise<Buffer> {
  return compress(json);
}`,
    reason: /`compress` holds one of several synchronous functions, chosen at run time/,
  },
  {
    name: 'a finding that does not point at a call (marked by hand)',
    code: `import { readFileSync } from 'node:fs';
export async function read(): Promise<string> {
  return readFileSync('a.txt', 'utf8');
}`,
    snippet: `'a.txt'`,
    reason: /does not point at a call/,
  },
];

describe('fix: use-async-api refusals', () => {
  it('has a reason for every refusal', () => {
    assert.ok(refusals.length >= 20);
  });
  for (const r of refusals) {
    it(`refuses: ${r.name}`, () => {
      const fileName = r.fileName ?? INPUT_FILE;
      let finding: Finding;
      if (r.snippet) finding = handFinding(r.code, r.snippet);
      else {
        const found = blockingFindings(r.code, fileName);
        assert.ok(found[0], 'the rule should report this code');
        finding = found[0];
      }
      const outcome = runFix(r.code, finding, fileName);
      assert.equal(outcome.ok, false, outcome.ok ? applyTextEdits(r.code, outcome.fix.edits) : '');
      if (!outcome.ok) {
        assert.equal(outcome.fixId, FIX_ID);
        assert.match(outcome.reason, r.reason);
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Small rewrites not worth a golden folder: exact output for one finding, chosen by snippet.

interface Rewrite {
  name: string;
  code: string;
  snippet: string;
  expected: string;
  fileName?: string;
}

const rewrites: Rewrite[] = [
  {
    name: 'a default import beside the named one survives when the named one goes',
    code: `import fs, { readFileSync } from 'fs';
export async function f(): Promise<string> {
  return fs.realpathSync.native('.') + readFileSync('a', 'utf8');
}
`,
    snippet: `readFileSync('a', 'utf8')`,
    expected: `import fs from 'fs';
import { readFile } from 'fs/promises';
export async function f(): Promise<string> {
  return fs.realpathSync.native('.') + await readFile('a', 'utf8');
}
`,
  },
  {
    name: 'an element-access callee on a namespace',
    code: `import * as fs from 'node:fs';
export async function f(): Promise<string> {
  return fs['readFileSync']('a', 'utf8');
}
`,
    snippet: `fs['readFileSync']('a', 'utf8')`,
    expected: `import * as fs from 'node:fs';
export async function f(): Promise<string> {
  return await fs.promises.readFile('a', 'utf8');
}
`,
  },
  {
    name: 'an inline require of fs',
    code: `export async function f(): Promise<string> {
  return require('fs').readFileSync('a', 'utf8');
}
`,
    snippet: `require('fs').readFileSync('a', 'utf8')`,
    expected: `export async function f(): Promise<string> {
  return await require('fs').promises.readFile('a', 'utf8');
}
`,
  },
  {
    name: 'fs.promises imported as promises: reused',
    code: `import { promises as fsp, readFileSync } from 'fs';
export async function f(): Promise<string> {
  return readFileSync('a', 'utf8') + (await fsp.readdir('.')).length;
}
`,
    snippet: `readFileSync('a', 'utf8')`,
    expected: `import { promises as fsp } from 'fs';
export async function f(): Promise<string> {
  return await fsp.readFile('a', 'utf8') + (await fsp.readdir('.')).length;
}
`,
  },
  {
    name: 'fs-extra: named import swapped in place',
    code: `import { readJsonSync, outputFile } from 'fs-extra';
export async function f(): Promise<unknown> {
  await outputFile('b', 'x');
  return readJsonSync('a.json');
}
`,
    snippet: `readJsonSync('a.json')`,
    expected: `import { readJson, outputFile } from 'fs-extra';
export async function f(): Promise<unknown> {
  await outputFile('b', 'x');
  return await readJson('a.json');
}
`,
  },
  {
    name: 'fs-extra: namespace keeps its own promise form',
    code: `import fse from 'fs-extra';
export async function f(): Promise<void> {
  fse.ensureDirSync('out');
}
`,
    snippet: `fse.ensureDirSync('out')`,
    expected: `import fse from 'fs-extra';
export async function f(): Promise<void> {
  await fse.ensureDir('out');
}
`,
  },
  {
    name: 'graceful-fs namespace: fs/promises by the file habit (bare builtins)',
    code: `import * as gfs from 'graceful-fs';
import * as path from 'path';
export async function f(): Promise<string> {
  return gfs.readFileSync(path.join('a', 'b'), 'utf8');
}
`,
    snippet: `gfs.readFileSync(path.join('a', 'b'), 'utf8')`,
    expected: `import * as gfs from 'graceful-fs';
import { readFile } from 'fs/promises';
import * as path from 'path';
export async function f(): Promise<string> {
  return await readFile(path.join('a', 'b'), 'utf8');
}
`,
  },
  {
    name: 'the glob package',
    code: `import { globSync } from 'glob';
export async function f(): Promise<string[]> {
  return globSync('**/*.ts');
}
`,
    snippet: `globSync('**/*.ts')`,
    expected: `import { glob } from 'glob';
export async function f(): Promise<string[]> {
  return await glob('**/*.ts');
}
`,
  },
  {
    name: 'a taken name for the promisified function gets a number',
    code: `import { gzipSync } from 'node:zlib';
const gzipAsync = 'taken';
export async function f(): Promise<Buffer> {
  return gzipSync(gzipAsync);
}
`,
    snippet: 'gzipSync(gzipAsync)',
    expected: `import { gzip } from 'node:zlib';
import { promisify } from 'node:util';

const gzipAsync2 = promisify(gzip);
const gzipAsync = 'taken';
export async function f(): Promise<Buffer> {
  return await gzipAsync2(gzipAsync);
}
`,
  },
  {
    name: 'a JavaScript file gets no type cast',
    fileName: '/project/src/input.js',
    code: `const { scryptSync } = require('crypto');
exports.hash = async function hash(password) {
  return scryptSync(password, 'salt', 32);
};
`,
    snippet: `scryptSync(password, 'salt', 32)`,
    expected: `const { scrypt } = require('crypto');
const { promisify } = require('util');

const scryptAsync = promisify(scrypt);
exports.hash = async function hash(password) {
  return await scryptAsync(password, 'salt', 32);
};
`,
  },
  {
    name: 'no semicolons: a line starting with a parenthesis is guarded',
    code: `import { readFileSync } from 'fs'
export async function f(lines: string[]) {
  lines.push('x')
  readFileSync('a').copy(Buffer.alloc(4))
}
`,
    snippet: `readFileSync('a')`,
    expected: `import { readFile } from 'fs/promises'
export async function f(lines: string[]) {
  lines.push('x')
  ;(await readFile('a')).copy(Buffer.alloc(4))
}
`,
  },
  {
    name: 'a multi-line exec options literal gets the encoding on its own line',
    code: `import { execSync } from 'child_process';
export async function f(dir: string): Promise<Buffer> {
  return execSync('ls', {
    cwd: dir,
    timeout: 1000,
  });
}
`,
    snippet: `execSync('ls', {
    cwd: dir,
    timeout: 1000,
  })`,
    expected: `import { exec } from 'child_process';
import { promisify } from 'util';

const execAsync = promisify(exec);
export async function f(dir: string): Promise<Buffer> {
  return (await execAsync('ls', {
    cwd: dir,
    timeout: 1000,
    encoding: 'buffer',
  })).stdout;
}
`,
  },
  {
    name: 'execFileSync with a typed argument list and no options',
    code: `import { execFileSync } from 'child_process';
export async function f(args: readonly string[]): Promise<string> {
  return execFileSync('git', args).toString();
}
`,
    snippet: `execFileSync('git', args)`,
    expected: `import { execFile } from 'child_process';
import { promisify } from 'util';

const execFileAsync = promisify(execFile);
export async function f(args: readonly string[]): Promise<string> {
  return (await execFileAsync('git', args, { encoding: 'buffer' })).stdout.toString();
}
`,
  },
  {
    name: 'a sync API destructured from the module inside the function',
    code: `import * as fs from 'fs';
export async function f(): Promise<string> {
  const { readFileSync } = fs;
  return readFileSync('a', 'utf8');
}
`,
    snippet: `readFileSync('a', 'utf8')`,
    expected: `import * as fs from 'fs';
import { readFile } from 'fs/promises';
export async function f(): Promise<string> {
  const { readFileSync } = fs;
  return await readFile('a', 'utf8');
}
`,
  },
  {
    name: 'a compound assignment to a local no closure sees is no lost update',
    code: `import { readFileSync } from 'fs';
export async function f(files: string[]): Promise<number> {
  let total = 0;
  total += readFileSync(files[0]!).length;
  return total;
}
`,
    snippet: 'readFileSync(files[0]!)',
    expected: `import { readFile } from 'fs/promises';
export async function f(files: string[]): Promise<number> {
  let total = 0;
  total += (await readFile(files[0]!)).length;
  return total;
}
`,
  },
  {
    name: 'an await already in front of the sync call is not doubled',
    code: `import { readFileSync } from 'fs';
export async function f(): Promise<Buffer> {
  return await readFileSync('a');
}
`,
    snippet: `readFileSync('a')`,
    expected: `import { readFile } from 'fs/promises';
export async function f(): Promise<Buffer> {
  return await readFile('a');
}
`,
  },
  {
    name: 'a module loaded lazily inside the function: the import follows the file, the local binding stays',
    code: `import * as path from 'node:path';
export async function keys(dir: string) {
  const { generateKeyPairSync } = await import('node:crypto');
  return [path.join(dir, 'key.pem'), generateKeyPairSync('ed25519')];
}
`,
    snippet: `generateKeyPairSync('ed25519')`,
    expected: `import * as path from 'node:path';
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';

const generateKeyPairAsync = promisify(generateKeyPair);
export async function keys(dir: string) {
  const { generateKeyPairSync } = await import('node:crypto');
  return [path.join(dir, 'key.pem'), await generateKeyPairAsync('ed25519')];
}
`,
  },
  {
    name: 'an async object method and an existing util namespace import',
    code: `import * as util from 'util';
import { inflateSync } from 'zlib';
export const codec = {
  async decode(data: Buffer): Promise<string> {
    return util.format('%s', inflateSync(data));
  },
};
`,
    snippet: 'inflateSync(data)',
    expected: `import * as util from 'util';
import { inflate } from 'zlib';

const inflateAsync = util.promisify(inflate);
export const codec = {
  async decode(data: Buffer): Promise<string> {
    return util.format('%s', await inflateAsync(data));
  },
};
`,
  },
];

describe('fix: use-async-api small rewrites', () => {
  for (const r of rewrites) {
    it(r.name, () => {
      const fileName = r.fileName ?? INPUT_FILE;
      const outcome = runFix(r.code, handFinding(r.code, r.snippet), fileName);
      assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
      assert.equal(applyTextEdits(r.code, outcome.fix.edits), r.expected);
    });
  }

  it('comments inside import braces are never dropped: the name is appended, the sync one kept', () => {
    const code = `import { pbkdf2Sync /* legacy */ } from 'node:crypto';
export async function f(): Promise<Buffer> {
  return pbkdf2Sync('p', 's', 1, 32, 'sha256');
}
`;
    const outcome = runFix(code, handFinding(code, `pbkdf2Sync('p', 's', 1, 32, 'sha256')`));
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
    assert.equal(applyTextEdits(code, outcome.fix.edits), `import { pbkdf2Sync /* legacy */, pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2Async = promisify(pbkdf2);
export async function f(): Promise<Buffer> {
  return await pbkdf2Async('p', 's', 1, 32, 'sha256');
}
`);
  });

  it('fixing two calls one after the other shares the imports and the promisified constant', () => {
    const code = `import { pbkdf2Sync } from 'node:crypto';

export async function hash(password: string): Promise<Buffer> {
  return pbkdf2Sync(password, 'salt', 1000, 32, 'sha256');
}

export async function check(password: string, key: Buffer): Promise<boolean> {
  return pbkdf2Sync(password, 'salt', 1000, 32, 'sha256').equals(key);
}
`;
    const first = blockingFindings(code)[0]!;
    const once = runFix(code, first);
    assert.ok(once.ok, once.ok ? '' : once.reason);
    const middle = applyTextEdits(code, once.fix.edits);
    const second = blockingFindings(middle)[0]!;
    const twice = runFix(middle, second);
    assert.ok(twice.ok, twice.ok ? '' : twice.reason);
    const output = applyTextEdits(middle, twice.fix.edits);
    assert.equal(output, `import { pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2Async = promisify(pbkdf2);

export async function hash(password: string): Promise<Buffer> {
  return await pbkdf2Async(password, 'salt', 1000, 32, 'sha256');
}

export async function check(password: string, key: Buffer): Promise<boolean> {
  return (await pbkdf2Async(password, 'salt', 1000, 32, 'sha256')).equals(key);
}
`);
    assert.deepEqual(typeCheck({ 'input.ts': output }), []);
    assert.deepEqual(blockingFindings(output), []);
  });

  it('keeps the behaviour note honest for exec: stderr and the error shape', () => {
    const code = `import { execSync } from 'node:child_process';
export async function f(): Promise<string> {
  return execSync('git rev-parse HEAD', { encoding: 'utf8' }).trim();
}
`;
    const outcome = runFix(code, blockingFindings(code)[0]!);
    assert.ok(outcome.ok);
    assert.match(outcome.fix.behaviourNote ?? '', /stderr is now captured/);
    assert.match(outcome.fix.behaviourNote ?? '', /`status`/);
  });
});

describe('fix: use-async-api docs page', () => {
  const docs = fs.readFileSync(path.join(__dirname, '../../../../../src/core/fixes/use-async-api/use-async-api.md'), 'utf8');
  const blocks = [...docs.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

  it('its first before/after example is what the fix does', () => {
    const [before, after] = blocks;
    assert.ok(before && after);
    const finding = blockingFindings(before)[0];
    assert.ok(finding, 'the rule reports the "before" example');
    const outcome = runFix(before, finding);
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
    assert.equal(applyTextEdits(before, outcome.fix.edits), after);
  });

  it('lists every refusal reason the tests meet', () => {
    for (const phrase of ['is not async', 'lost update', 'existsSync', 'spawnSync', 'FileHandle', 'throwIfNoEntry', 'fs.globSync', 'generatePrimeSync', '`input`', 'optional chaining']) {
      assert.ok(docs.includes(phrase), `docs mention ${phrase}`);
    }
  });
});
