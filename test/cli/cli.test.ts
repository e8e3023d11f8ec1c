import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Black-box tests of the CLI contract: the built dist/cli.js, run as a user runs it. */

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist/cli.js');
const sample = path.join(root, 'examples/sample-project');

function run(args: string[], cwd = root) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonFinding {
  ruleId: string | null;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  message: string;
  fixable: boolean;
}

function tmpDir(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-cli-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const independentAwaits = `declare function getUser(id: string): Promise<{ name: string }>;
declare function getOrders(id: string): Promise<number[]>;
export async function handler(id: string) {
  const user = await getUser(id);
  const orders = await getOrders(id);
  return { user, orders };
}
`;

/** A join of two parameters: heavy only if both lists are large, so blocking-loop ranks it info. */
const joinOfTwoLists = `export async function join(users: { id: string }[], orders: { userId: string }[]) {
  for (const u of users) {
    for (const o of orders) if (o.userId === u.id) tally(u, o);
  }
}
declare function tally(u: unknown, o: unknown): void;
`;

const clean = `export function add(a: number, b: number): number {
  return a + b;
}
`;

describe('CLI', () => {
  before(() => assert.ok(fs.existsSync(cli), 'dist/cli.js is built (npm run build)'));

  describe('sample project', () => {
    it('reports every rule on the bundled sample and stays silent on its traps', () => {
      const { code, stdout } = run(['--format', 'json', sample]);
      assert.equal(code, 1);
      const findings = JSON.parse(stdout) as JsonFinding[];
      const seen = findings.map((f) => `${path.basename(f.file)}:${f.line} ${f.ruleId}`).sort();
      assert.deepEqual(seen, [
        'orders-handler.ts:8 sequential-awaits',
        'pricing.ts:7 await-in-loop',
        'reports.ts:11 blocking-loop',
        'reports.ts:22 blocking-loop',
        'uploads.ts:12 blocking-sync-call',
        'uploads.ts:13 blocking-sync-call',
      ]);
    });
  });

  describe('exit codes and output', () => {
    it('exits 0 and prints nothing in text format when there is nothing to report', () => {
      const dir = tmpDir({ 'a.ts': clean });
      const { code, stdout, stderr } = run([dir]);
      assert.equal(code, 0);
      assert.equal(stdout, '');
      assert.equal(stderr, '');
    });

    it('exits 1 with ESLint-like text: file, line:col, severity, message, rule id, summary', () => {
      const dir = tmpDir({ 'handler.ts': independentAwaits });
      const { code, stdout } = run([dir], dir);
      assert.equal(code, 1);
      const lines = stdout.split('\n');
      assert.equal(lines[0], 'handler.ts');
      assert.match(lines[1]!, /^\s+4:3\s+warning\s+.+\s+sequential-awaits$/);
      assert.match(stdout, /✖ 1 problem \(0 errors, 1 warning\)/);
    });

    it('JSON has 1-based lines and columns and the contract fields', () => {
      const dir = tmpDir({ 'handler.ts': independentAwaits });
      const { code, stdout } = run(['--format', 'json', dir]);
      assert.equal(code, 1);
      const [finding, ...rest] = JSON.parse(stdout) as JsonFinding[];
      assert.equal(rest.length, 0);
      assert.deepEqual(
        { ruleId: finding!.ruleId, file: finding!.file, line: finding!.line, column: finding!.column, endLine: finding!.endLine, severity: finding!.severity },
        { ruleId: 'sequential-awaits', file: path.join(dir, 'handler.ts'), line: 4, column: 3, endLine: 5, severity: 'warning' },
      );
      assert.equal(finding!.endColumn, '  const orders = await getOrders(id);'.length + 1);
      assert.equal(typeof finding!.message, 'string');
      assert.equal(typeof finding!.fixable, 'boolean');
    });

    it('SARIF 2.1.0 carries rules with help and helpUri, and results with locations', () => {
      const dir = tmpDir({ 'src/handler.ts': independentAwaits });
      const { code, stdout } = run(['--format', 'sarif', dir], dir);
      assert.equal(code, 1);
      const sarif = JSON.parse(stdout);
      assert.equal(sarif.version, '2.1.0');
      assert.match(sarif.$schema, /sarif-2\.1\.0/);
      const runEntry = sarif.runs[0];
      assert.equal(runEntry.tool.driver.name, 'workload-shape');
      const ids = runEntry.tool.driver.rules.map((r: { id: string }) => r.id);
      assert.deepEqual(ids, ['sequential-awaits', 'await-in-loop', 'blocking-loop', 'blocking-sync-call']);
      for (const rule of runEntry.tool.driver.rules) {
        assert.match(rule.helpUri, /^https:\/\/.+\.md$/);
        assert.ok(rule.help.text.length > 20, `help text for ${rule.id}`);
        assert.ok(rule.shortDescription.text.length > 10);
      }
      assert.equal(runEntry.results.length, 1);
      const result = runEntry.results[0];
      assert.equal(result.ruleId, 'sequential-awaits');
      assert.equal(runEntry.tool.driver.rules[result.ruleIndex].id, 'sequential-awaits');
      assert.equal(result.level, 'warning');
      const location = result.locations[0].physicalLocation;
      assert.deepEqual(location.artifactLocation, { uri: 'src/handler.ts', uriBaseId: '%SRCROOT%' });
      assert.equal(location.region.startLine, 4);
      assert.equal(location.region.startColumn, 3);
    });

    it('--rule limits the run to the named rules', () => {
      const only = run(['--format', 'json', '--rule', 'blocking-sync-call', sample]);
      const findings = JSON.parse(only.stdout) as JsonFinding[];
      assert.ok(findings.length > 0);
      assert.deepEqual([...new Set(findings.map((f) => f.ruleId))], ['blocking-sync-call']);
      const none = run(['--format', 'json', '--rule', 'sequential-awaits', path.join(sample, 'src/uploads.ts')]);
      assert.equal(none.code, 0);
      assert.deepEqual(JSON.parse(none.stdout), []);
    });

    it('--nested-depth and --large-iteration-count set blocking-loop\'s thresholds, on one thread and on workers', () => {
      const dir = tmpDir({
        'join.ts': joinOfTwoLists,
        'spin.ts': `export async function spin() {
  let x = 0;
  for (let i = 0; i < 50_000; i++) x += i;
  return x;
}
`,
      });
      const rules = (args: string[]) => (JSON.parse(run(['--format', 'json', '--rule', 'blocking-loop', ...args, dir]).stdout) as JsonFinding[]).map((f) => path.basename(f.file)).sort();
      assert.deepEqual(rules([]), ['join.ts', 'spin.ts']);
      assert.deepEqual(rules(['--nested-depth', '3']), ['spin.ts']);
      assert.deepEqual(rules(['--large-iteration-count', '100000']), ['join.ts']);
      assert.deepEqual(rules(['--nested-depth', '3', '--large-iteration-count', '100000', '--jobs', '2']), []);
    });

    it('--min-severity leaves out findings below it, for the report, the exit code and on workers', () => {
      const dir = tmpDir({
        'join.ts': joinOfTwoLists,
      });
      const all = run(['--format', 'json', dir]);
      assert.equal(all.code, 1);
      assert.deepEqual((JSON.parse(all.stdout) as JsonFinding[]).map((f) => [f.ruleId, f.severity]), [['blocking-loop', 'info']]);
      assert.deepEqual(JSON.parse(run(['--format', 'json', '--min-severity', 'info', dir]).stdout).length, 1);
      for (const jobs of ['1', '2']) {
        const warnings = run(['--format', 'json', '--min-severity', 'warning', '--jobs', jobs, dir]);
        assert.equal(warnings.code, 0, `--jobs ${jobs}`);
        assert.deepEqual(JSON.parse(warnings.stdout), []);
      }
      // The sample's other findings are warnings: they stay.
      const sampleWarnings = JSON.parse(run(['--format', 'json', '--min-severity=warning', sample]).stdout) as JsonFinding[];
      assert.deepEqual(sampleWarnings.map((f) => `${path.basename(f.file)}:${f.line}`).sort(), [
        'orders-handler.ts:8', 'pricing.ts:7', 'reports.ts:22', 'uploads.ts:12', 'uploads.ts:13',
      ]);
    });

    it('gives the same findings on one thread and on worker threads', () => {
      const files: Record<string, string> = {};
      for (let i = 0; i < 120; i++) files[`m${i % 7}/f${i}.ts`] = i % 3 === 0 ? independentAwaits : clean;
      const dir = tmpDir(files);
      const one = run(['--format', 'json', '--jobs', '1', dir]);
      const two = run(['--format', 'json', '--jobs', '2', dir]);
      assert.equal(one.code, 1);
      assert.equal(JSON.parse(one.stdout).length, 40);
      assert.equal(two.stdout, one.stdout);
    });
  });

  describe('bad input: one line on stderr, exit 2, never a stack trace', () => {
    const expectUsageFailure = (args: string[], pattern: RegExp) => {
      const { code, stderr, stdout } = run(args);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.match(stderr, pattern);
      assert.equal(stderr.trim().split('\n').length, 1, `one line, got: ${stderr}`);
      assert.doesNotMatch(stderr, /\n\s+at /);
    };

    it('a missing path', () => expectUsageFailure(['does/not/exist'], /^workload-shape: no such file or directory: does\/not\/exist/));
    it('no path at all', () => expectUsageFailure([], /no files or directories given/));
    it('an unknown option', () => expectUsageFailure(['--frobnicate', sample], /unknown option '--frobnicate'/));
    it('an unknown format', () => expectUsageFailure(['--format', 'xml', sample], /unknown format 'xml'/));
    it('an unknown rule', () => expectUsageFailure(['--rule', 'no-such-rule', sample], /unknown rule 'no-such-rule'/));
    it('an unknown severity', () => expectUsageFailure(['--min-severity', 'loud', sample], /unknown severity 'loud' \(expected error, warning, info, hint\)/));
    it('an empty directory', () => expectUsageFailure([tmpDir({})], /no TypeScript files/));
    it('a file that is not TypeScript', () => expectUsageFailure([path.join(root, 'package.json')], /not a TypeScript file/));
    it('a threshold that is not a positive whole number', () => {
      expectUsageFailure(['--nested-depth', 'two', sample], /--nested-depth takes a whole number from 1 to 10/);
      expectUsageFailure(['--large-iteration-count', '-5', sample], /--large-iteration-count takes a positive whole number/);
    });
    it('a missing tsconfig', () => expectUsageFailure(['--project', 'nope/tsconfig.json', sample], /no such tsconfig/));

    it('a binary file is reported and skipped, the rest analysed, exit 2', () => {
      const dir = tmpDir({ 'blob.ts': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]), 'handler.ts': independentAwaits });
      const { code, stdout } = run(['--format', 'json', dir]);
      assert.equal(code, 2);
      const findings = JSON.parse(stdout) as JsonFinding[];
      assert.deepEqual(
        findings.map((f) => [path.basename(f.file), f.ruleId]),
        [['blob.ts', null], ['handler.ts', 'sequential-awaits']],
      );
      assert.match(findings[0]!.message, /binary/);
    });

    it('a file with a syntax error is reported and skipped; the others are analysed', () => {
      const dir = tmpDir({ 'broken.ts': 'export const x = ;\nfunction (\n', 'handler.ts': independentAwaits });
      const { code, stdout } = run(['--format', 'json', dir]);
      assert.equal(code, 1);
      const findings = JSON.parse(stdout) as JsonFinding[];
      assert.deepEqual(findings.map((f) => [path.basename(f.file), f.ruleId, f.severity]), [
        ['broken.ts', null, 'error'],
        ['handler.ts', 'sequential-awaits', 'warning'],
      ]);
      assert.deepEqual([findings[0]!.line, findings[0]!.column], [1, 18]);
      assert.match(findings[0]!.message, /^Parsing error: /);
    });

    it('a deeply nested file does not crash the run', () => {
      const depth = 4000;
      const nested = `export const deep = ${'['.repeat(depth)}1${']'.repeat(depth)};\n`;
      const dir = tmpDir({ 'deep.ts': nested, 'handler.ts': independentAwaits });
      const { code, stdout, stderr } = run(['--format', 'json', dir]);
      assert.ok(code === 1 || code === 2, `exit ${code}: ${stderr}`);
      const findings = JSON.parse(stdout) as JsonFinding[];
      assert.ok(findings.some((f) => f.ruleId === 'sequential-awaits'), 'the healthy file is still analysed');
    });
  });

  describe('type information from the nearest tsconfig', () => {
    // `price` is imported and returns a number: only the checker knows these awaits wait for nothing.
    const pricing = 'export function getPrice(sku: string): number {\n  return sku.length * 100;\n}\n';
    const job = `import { getPrice } from '../lib/pricing';
export async function quote(a: string, b: string) {
  const first = await getPrice(a);
  const second = await getPrice(b);
  return first + second;
}
`;
    const project = () =>
      tmpDir({
        'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'es2022', module: 'commonjs' }, include: ['src', 'lib'] }),
        'lib/pricing.ts': pricing,
        'src/quote.ts': job,
        // Not in the tsconfig's include list: analysed on its own, syntax only, as if there were no tsconfig.
        'scripts/quote.ts': job,
      });
    const flagged = (args: string[]) =>
      (JSON.parse(run(['--format', 'json', ...args]).stdout) as JsonFinding[]).map((f) => `${path.basename(path.dirname(f.file))}/${path.basename(f.file)} ${f.ruleId}`);

    it('a file the tsconfig includes gets types; one it does not is analysed syntactically', () => {
      assert.deepEqual(flagged([project()]), ['scripts/quote.ts sequential-awaits']);
    });

    it('--no-types and --project choose what the checker sees', () => {
      const dir = project();
      assert.deepEqual(flagged(['--no-types', dir]), ['scripts/quote.ts sequential-awaits', 'src/quote.ts sequential-awaits']);
      fs.writeFileSync(path.join(dir, 'all.json'), JSON.stringify({ extends: './tsconfig.json', include: ['src', 'lib', 'scripts'] }));
      assert.deepEqual(flagged(['--project', path.join(dir, 'all.json'), dir]), []);
    });
  });

  describe('walking directories', () => {
    it('skips node_modules, build output and declaration files; takes .ts .tsx .mts .cts', () => {
      const dir = tmpDir({
        'src/a.ts': independentAwaits,
        'src/b.mts': independentAwaits,
        'src/c.cts': independentAwaits,
        'src/d.tsx': independentAwaits,
        'src/types.d.ts': independentAwaits,
        'node_modules/lib/index.ts': independentAwaits,
        'dist/a.ts': independentAwaits,
        'src/notes.md': 'x',
      });
      const { stdout } = run(['--format', 'json', dir]);
      const files = (JSON.parse(stdout) as JsonFinding[]).map((f) => path.relative(dir, f.file)).sort();
      assert.deepEqual(files, ['src/a.ts', 'src/b.mts', 'src/c.cts', 'src/d.tsx']);
    });
  });

  it('--help and --version exit 0', () => {
    const help = run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--format text\|json\|sarif/);
    const version = run(['--version']);
    assert.equal(version.code, 0);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
  });
});
