import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tsc from 'typescript';

/** `workload-shape --fix` end to end, on a copy of the bundled sample project. */

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist/cli.js');
const sample = path.join(root, 'examples/sample-project');

function run(args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A copy inside the repository, so the project's tsconfig finds this repo's @types/node. */
function copySample(name: string): string {
  const dir = path.join(root, 'out', 'tmp', name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(sample, dir, { recursive: true });
  return dir;
}

function typeErrors(projectDir: string): string[] {
  const configPath = path.join(projectDir, 'tsconfig.json');
  const config = tsc.getParsedCommandLineOfConfigFile(configPath, {}, { ...tsc.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
  const program = tsc.createProgram(config.fileNames, { ...config.options, noEmit: true });
  return tsc.getPreEmitDiagnostics(program).map((d) => tsc.flattenDiagnosticMessageText(d.messageText, '\n'));
}

function functionText(file: string, name: string): string {
  const text = fs.readFileSync(file, 'utf8');
  const start = text.indexOf(`export async function ${name}`);
  assert.ok(start >= 0, `${name} in ${file}`);
  return text.slice(start, text.indexOf('\n}\n', start));
}

describe('CLI --fix', () => {
  it('fixes every finding of the sample, leaves the traps alone, and the result type-checks', () => {
    const dir = copySample('fix-sample');
    assert.deepEqual(typeErrors(dir), [], 'the sample compiles before the fix');
    const traps = ['ratesPolitely', 'convertUntilBudget'].map((n) => functionText(path.join(dir, 'src/pricing.ts'), n));
    const latestInvoice = functionText(path.join(dir, 'src/orders-handler.ts'), 'getLatestInvoice');

    const { code, stderr, stdout } = run(['--fix', dir]);
    assert.equal(code, 0, `no findings remain: ${stdout}`);
    const fixedFiles = stderr.trim().split('\n').map((line) => /^workload-shape: fixed (\S+):/.exec(line)?.[1]).map((f) => f && path.basename(f)).sort();
    assert.deepEqual(fixedFiles, ['orders-handler.ts', 'pricing.ts', 'reports.ts', 'uploads.ts']);

    assert.match(fs.readFileSync(path.join(dir, 'src/orders-handler.ts'), 'utf8'), /await Promise\.all\(\[/);
    assert.deepEqual(['ratesPolitely', 'convertUntilBudget'].map((n) => functionText(path.join(dir, 'src/pricing.ts'), n)), traps);
    assert.equal(functionText(path.join(dir, 'src/orders-handler.ts'), 'getLatestInvoice'), latestInvoice);
    const workers = fs.readdirSync(path.join(dir, 'src')).filter((f) => /worker/.test(f));
    assert.equal(workers.length, 2, `two worker modules: ${workers.join(', ')}`);
    assert.deepEqual(typeErrors(dir), [], 'the fixed sample compiles, strict');

    const again = run(['--format', 'json', dir]);
    assert.equal(again.code, 0);
    assert.deepEqual(JSON.parse(again.stdout), []);
  });

  it('three loops of one function, each given its own bounded pool: each gets its own name, and the result compiles', () => {
    // Each fix of one pass picks its names against the same text: the second and third loop both took `concurrency2`.
    const dir = path.join(root, 'out', 'tmp', 'fix-three-loops');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'commonjs', noEmit: true }, include: ['src'] }));
    fs.writeFileSync(path.join(dir, 'src/store.ts'), `export async function save(table: string, id: string): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1, table, id));
}
`);
    const file = path.join(dir, 'src/sync.ts');
    fs.writeFileSync(file, `import { save } from './store';

export async function syncAll(users: { id: string }[], orders: { id: string }[], invoices: { id: string }[]): Promise<void> {
  for (const user of users) {
    await save('users', user.id);
  }
  for (const order of orders) {
    await save('orders', order.id);
  }
  for (const invoice of invoices) {
    await save('invoices', invoice.id);
  }
}
`);
    assert.deepEqual(typeErrors(dir), [], 'compiles before the fix');
    const { code, stderr } = run(['--fix', dir]);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /fixed \S+sync\.ts: run-iterations-bounded, run-iterations-bounded, run-iterations-bounded/);
    const fixed = fs.readFileSync(file, 'utf8');
    assert.equal((fixed.match(/await mapWithConcurrency\(/g) ?? []).length, 3, fixed);
    assert.deepEqual(typeErrors(dir), [], 'compiles after the fix');
  });

  it('never overwrites an existing file: a worker module gets a fresh name', () => {
    const dir = copySample('fix-no-overwrite');
    const taken = path.join(dir, 'src/reports.fingerprint-worker.ts');
    fs.writeFileSync(taken, '// mine\n');
    const { code } = run(['--fix', '--rule', 'blocking-loop', dir]);
    assert.equal(code, 0);
    assert.equal(fs.readFileSync(taken, 'utf8'), '// mine\n');
    const workers = fs.readdirSync(path.join(dir, 'src')).filter((f) => /worker/.test(f)).sort();
    assert.equal(workers.length, 3, workers.join(', '));
  });

  it('--min-severity warning fixes only the warnings: the join blocking-loop ranks info stays as it was', () => {
    const dir = copySample('fix-min-severity');
    const reports = path.join(dir, 'src/reports.ts');
    const joinBefore = functionText(reports, 'similarOrders');
    const { code, stderr } = run(['--fix', '--min-severity', 'warning', '--rule', 'blocking-loop', dir]);
    assert.equal(code, 0, stderr);
    assert.equal(functionText(reports, 'similarOrders'), joinBefore, 'the info finding is not fixed');
    const workers = fs.readdirSync(path.join(dir, 'src')).filter((f) => /worker/.test(f));
    assert.deepEqual(workers, ['reports.fingerprint-worker.ts'], 'only the warning was moved to a worker');
    const left = JSON.parse(run(['--format', 'json', '--rule', 'blocking-loop', dir]).stdout) as Array<{ line: number; severity: string }>;
    const lineOf = (text: string) => fs.readFileSync(reports, 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;
    assert.deepEqual(left.map((f) => f.severity), ['info']);
    assert.ok(left[0]!.line > lineOf('function similarOrders') && left[0]!.line < lineOf('function fingerprint'), 'the join in similarOrders is still reported');
    assert.deepEqual(typeErrors(dir), [], 'compiles after the fix');
  });

  it('leaves a file untouched when nothing is fixable and says nothing about it', () => {
    const dir = copySample('fix-nothing');
    const before = fs.readFileSync(path.join(dir, 'src/infra.ts'), 'utf8');
    const { stderr } = run(['--fix', path.join(dir, 'src/infra.ts')]);
    assert.equal(stderr, '');
    assert.equal(fs.readFileSync(path.join(dir, 'src/infra.ts'), 'utf8'), before);
  });

  it('JSON reports say which findings are fixable', () => {
    const { stdout } = run(['--format', 'json', sample]);
    const findings = JSON.parse(stdout) as Array<{ ruleId: string; fixable: boolean }>;
    assert.ok(findings.length >= 6);
    assert.ok(findings.every((f) => f.fixable), JSON.stringify(findings.filter((f) => !f.fixable)));
  });

  it('JSON gives the reason when a finding has no safe fix, and --fix leaves it alone', () => {
    const dir = path.join(root, 'out', 'tmp', 'fix-refused');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'run.ts');
    const text = `import { spawnSync } from 'node:child_process';\nexport async function build(): Promise<number | null> {\n  return spawnSync('make', ['all']).status;\n}\n`;
    fs.writeFileSync(file, text);
    const report = JSON.parse(run(['--format', 'json', file]).stdout) as Array<{ ruleId: string; fixable: boolean; notFixableReason?: string }>;
    assert.equal(report.length, 1);
    assert.equal(report[0]!.ruleId, 'blocking-sync-call');
    assert.equal(report[0]!.fixable, false);
    assert.match(report[0]!.notFixableReason ?? '', /spawnSync/);
    const fixed = run(['--fix', file]);
    assert.equal(fixed.code, 1);
    assert.equal(fs.readFileSync(file, 'utf8'), text);
  });
});
