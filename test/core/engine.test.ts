import * as assert from 'node:assert/strict';
import { analyzeText, parseProblemOf, parseSource } from '../../src/core/engine';
import { createInMemoryProject, mappedOracle, typeOracleForChecker } from '../../src/core/project-host';
import { ts } from 'ts-morph';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeFileOnDisk } from '../../src/core/file-analysis';

describe('engine', () => {
  it('reports the first syntax error and no findings for a file that does not parse', () => {
    const result = analyzeText('broken.ts', 'async function f() {\n  const a = await ;\n}\n');
    assert.equal(result.findings.length, 0);
    assert.ok(result.parseProblem);
    assert.equal(result.parseProblem.range.start, 'async function f() {\n  const a = await '.length);
  });

  it('parses TSX as TSX', () => {
    assert.equal(parseProblemOf(parseSource('a.tsx', 'const x = <div>{1}</div>;')), undefined);
    assert.ok(parseProblemOf(parseSource('a.ts', 'const x = <div>{1}</div>;')));
  });

  it('survives any nesting the parser itself accepts', () => {
    const nested = (depth: number) => `export async function f() {\n  const x = ${'['.repeat(depth)}await g()${']'.repeat(depth)};\n  await h(x);\n}\n`;
    // Find the deepest nesting TypeScript's (recursive) parser accepts in this process, then analyse it.
    let lo = 10;
    let hi = 20_000;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      try {
        parseSource('deep.ts', nested(mid));
        lo = mid;
      } catch {
        hi = mid - 1;
      }
    }
    assert.ok(lo > 100, `the parser accepts ${lo} levels`);
    // The parser's own limit moves a little within one process (V8's frames are smaller once its code is
    // optimised), so re-parsing at exactly `lo` can overflow in the parser before our code runs at all;
    // 95% of it is still far deeper than anything our analysis could take recursively.
    assert.doesNotThrow(() => analyzeText('deep.ts', nested(Math.floor(lo * 0.95))));
  });

  it('turns a file too deep even for the parser into an unreadable outcome, not a crash', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-engine-'));
    const file = path.join(dir, 'deeper.ts');
    fs.writeFileSync(file, `const x = ${'('.repeat(50_000)}1${')'.repeat(50_000)};`);
    const outcome = analyzeFileOnDisk(file, {});
    assert.equal(outcome.kind, 'unreadable');
    assert.match(outcome.kind === 'unreadable' ? outcome.problem.reason : '', /too deeply nested/);
  });

  it('settings can turn a rule off and restrict to chosen rules', () => {
    const code = `import { readFileSync } from 'fs';\nexport async function h() {\n  return readFileSync('a');\n}\n`;
    const all = analyzeText('h.ts', code).findings.map((f) => f.ruleId);
    assert.ok(all.includes('blocking-sync-call'));
    assert.deepEqual(analyzeText('h.ts', code, { severities: { 'blocking-sync-call': 'off' } }).findings, []);
    assert.deepEqual(analyzeText('h.ts', code, { only: ['blocking-loop'] }).findings, []);
    assert.deepEqual(analyzeText('h.ts', code, { severities: { 'blocking-sync-call': 'error' } }).findings.map((f) => f.severity), ['error']);
  });

  it('a rule may rank its findings by evidence; a severity the user sets applies to all of them', () => {
    // Heavy whatever the data (a stated count), and heavy only if two unsized lists are large.
    const code = `export async function h(users: User[], orders: Order[]) {
  let n = 0;
  for (let i = 0; i < 5_000_000; i++) n += i % 7;
  for (const u of users) for (const o of orders) if (o.userId === u.id) n++;
  return n;
}
`;
    const ranked = analyzeText('h.ts', code, { only: ['blocking-loop'] }).findings;
    assert.deepEqual(ranked.map((f) => [f.messageId, f.severity]), [['largeBound', 'warning'], ['nestedInput', 'info']]);
    const chosen = analyzeText('h.ts', code, { only: ['blocking-loop'], severities: { 'blocking-loop': 'warning' } }).findings;
    assert.deepEqual(chosen.map((f) => [f.messageId, f.severity]), [['largeBound', 'warning'], ['nestedInput', 'warning']]);
  });
});

describe('type oracle', () => {
  const project = createInMemoryProject({
    '/t.ts': `declare function f(): Promise<number>;\ndeclare const n: number;\ndeclare const u: number | Promise<number>;\ndeclare const a: any;\ndeclare const thenable: { then(cb: (v: number) => void): void };\nf(); n; u; a; thenable;\n`,
  });
  const program = project.getProgram().compilerObject;
  const oracle = typeOracleForChecker(program.getTypeChecker());
  const sf = program.getSourceFile('/t.ts')!;
  it('answers true for promises, unions with a promise and thenables; false for plain values; unknown for any', () => {
    const statements = sf.statements.slice(-5).map((s) => (s as ts.ExpressionStatement).expression);
    assert.deepEqual(statements.map((e) => oracle.isThenable(e)), [true, false, true, undefined, true]);
  });

  it('answers questions on our own parse through the program by position (mappedOracle)', () => {
    const text = 'declare const rows: Array<{ id: number }>;\nrows;\n';
    const typed = createInMemoryProject({ '/m.ts': text }).getProgram().compilerObject;
    const mapped = mappedOracle(typed.getSourceFile('/m.ts'), () => typed.getTypeChecker(), text)!;
    const ours = parseSource('/m.ts', text);
    const expression = (ours.statements[1] as ts.ExpressionStatement).expression;
    assert.equal(mapped.withChecker?.(expression, (checker, node) => checker.typeToString(checker.getTypeAtLocation(node))), '{ id: number; }[]');
    assert.equal(mapped.typeText?.(expression), '{ id: number; }[]');
    assert.equal(mappedOracle(typed.getSourceFile('/m.ts'), () => typed.getTypeChecker(), text + ' '), undefined, 'no answers for a different text');
  });
});
