import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ts } from 'ts-morph';
import { analyzeText, parseSource } from '../../../../src/core/engine';
import type { Finding } from '../../../../src/core/finding';
import { applyTextEdits, type Fix, type FixOutcome } from '../../../../src/core/fixes/fix';
import { runProgram, typeCheck } from '../../../support/compiled-program';
import { findingsOf, fixCase, fixInput, loadGoldenCases, sourceDirOf, type GoldenCase } from '../../../support/fix-golden';

/**
 * Golden and execution tests shared by run-iterations-concurrently and run-iterations-bounded.
 *
 * A golden folder may add, beside input.ts/output.ts/case.json (read by the lead's harness):
 *   driver.ts   a program importing the fixed file as `./subject.js` and the fake I/O as `./io.js`;
 *               original and fixed are both run with it: stdout must be identical, and the fake
 *               I/O's concurrency report (stderr) must show the promised overlap.
 *   case.json   extra keys: "run": { "effect": "unbounded" | "bounded", "formats": ["cjs", "esm"], "startedTogether": n },
 *               "preferred": boolean, "typings": [fixture .d.ts names], "typeCheck": ["cjs", "esm"].
 */

export const FIXTURES = path.join(sourceDirOf(__dirname), 'fixtures');
const FILE_NAME = '/project/src/input.ts';

/** This suite's keys in a golden's case.json. */
interface CaseExtras {
  /** `startedTogether`: calls started before the first ends, when not every call (a second await per item waits for the first). */
  run?: { effect: 'unbounded' | 'bounded'; formats?: Array<'cjs' | 'esm'>; startedTogether?: number };
  preferred?: boolean;
  typings?: string[];
  typeCheck?: Array<'cjs' | 'esm'>;
}

function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

function typingsFor(c: GoldenCase<CaseExtras>): Record<string, string> {
  const names = c.options.typings ?? (c.options.dependencies ?? []).filter((d) => d === 'p-limit' || d === 'p-map').map((d) => `${d}.d.ts`);
  return Object.fromEntries(names.map((n) => [n, fixture(n)]));
}

/** Fake p-limit / p-map packages in the module format of the run (p-limit 3 style CJS, p-limit 4+ style ESM). */
function fakePackages(dependencies: readonly string[], format: 'cjs' | 'esm'): Record<string, string> {
  const files: Record<string, string> = {};
  const sources: Record<string, [string, string]> = { 'p-limit': ['limit.js', 'pLimit'], 'p-map': ['map.js', 'pMap'] };
  for (const dependency of dependencies) {
    const source = sources[dependency];
    if (!source) continue;
    const [file, name] = source;
    const body = fixture(path.join('packages', dependency, file));
    files[`node_modules/${dependency}/package.json`] = JSON.stringify({ name: dependency, main: 'index.js', ...(format === 'esm' ? { type: 'module' } : {}) });
    files[`node_modules/${dependency}/index.js`] = `${body}\n${format === 'esm' ? `export default ${name};` : `module.exports = ${name};`}\n`;
  }
  return files;
}

export interface ConcurrencyReport {
  calls: number;
  maxInFlight: number;
  startedBeforeFirstEnd: number;
}

function concurrencyOf(stderr: string, label: string): ConcurrencyReport {
  const line = stderr.split(/\r?\n/).find((l) => l.startsWith('CONCURRENCY '));
  assert.ok(line, `${label}: no concurrency report on stderr:\n${stderr}`);
  const rest = stderr.split(/\r?\n/).filter((l) => l.trim() && !l.startsWith('CONCURRENCY '));
  assert.deepEqual(rest, [], `${label}: unexpected stderr`);
  return JSON.parse(line.slice('CONCURRENCY '.length)) as ConcurrencyReport;
}

function findingKey(finding: Finding, text: string): string {
  return `${finding.ruleId}/${finding.messageId}/${text.slice(finding.range.start, finding.range.end)}`;
}

export function describeIterationFixGoldens(fixId: string, goldensDir: string, options: { maxInFlight?: number } = {}): void {
  const cases = loadGoldenCases<CaseExtras>(goldensDir);
  describe('goldens', () => {
    it('finds its golden cases', () => {
      assert.ok(cases.length > 0, `no golden cases under ${goldensDir}`);
    });
    for (const c of cases) {
      const format = c.options.moduleFormat ?? 'cjs';
      let memo: ReturnType<typeof fixCase> | undefined;
      const fixed = () => (memo ??= fixCase(c, 'await-in-loop', fixId));
      const output = (): string => {
        const { outcome, output: text } = fixed();
        assert.ok(outcome.ok, `${c.name}: refused: ${outcome.ok ? '' : outcome.reason}`);
        return text!;
      };

      describe(c.name, () => {
        it('produces the expected file', () => {
          assert.equal(output(), c.output);
        });

        it('states its safety, and whether it is preferred', () => {
          const { fix } = fixed();
          assert.ok(fix, 'refused');
          assert.equal(fix.safety, 'changes-error-order');
          assert.ok(fix.behaviourNote && /first/.test(fix.behaviourNote), 'the behaviour note names the error-order change');
          const finding = findingsOf('await-in-loop', FILE_NAME, c.input, c.options.types ?? false)[c.options.finding ?? 0]!;
          const expected = c.options.preferred ?? (fixId === 'run-iterations-bounded'
            ? finding.messageId === 'independentIterationsLarge'
            : finding.messageId !== 'independentIterationsLarge');
          assert.equal(fix.preferred, expected);
          assert.deepEqual(fix.newFiles, []);
        });

        for (const checkFormat of c.options.typeCheck ?? [format]) {
          it(`type-checks strict, input and output (${checkFormat})`, () => {
            const support = { 'io.ts': fixture('io.ts'), ...typingsFor(c) };
            assert.deepEqual(typeCheck({ 'subject.ts': c.input, ...support }, checkFormat), [], 'the input itself');
            assert.deepEqual(typeCheck({ 'subject.ts': c.output, ...support }, checkFormat), []);
          });
        }

        it('leaves no finding at the loop and adds none of any rule', () => {
          const before = analyzeText(FILE_NAME, c.input).findings;
          const target = findingsOf('await-in-loop', FILE_NAME, c.input, false)[c.options.finding ?? 0]!;
          const remaining = before
            .filter((f) => !(f.ruleId === target.ruleId && f.range.start === target.range.start))
            .map((f) => findingKey(f, c.input));
          const after = analyzeText(FILE_NAME, output());
          assert.equal(after.parseProblem, undefined);
          for (const finding of after.findings) {
            const key = findingKey(finding, output());
            const at = remaining.indexOf(key);
            assert.ok(at >= 0, `new or remaining finding after the fix: ${key}`);
            remaining.splice(at, 1);
          }
        });

        const driver = path.join(c.dir, 'driver.ts');
        if (c.options.run && fs.existsSync(driver)) {
          const run = c.options.run;
          for (const runFormat of run.formats ?? [format]) {
            it(`runs with the same output and the promised concurrency (${runFormat})`, async function () {
              this.timeout(60_000);
              const support = { 'io.ts': fixture('io.ts'), 'main.ts': fs.readFileSync(driver, 'utf8') };
              const packages = fakePackages(c.options.dependencies ?? [], runFormat);
              const [original, rewritten] = await Promise.all([
                runProgram({ 'subject.ts': c.input, ...support }, 'main.ts', runFormat, { raw: packages, timeoutMs: 60_000 }),
                runProgram({ 'subject.ts': output(), ...support }, 'main.ts', runFormat, { raw: packages, timeoutMs: 60_000 }),
              ]);
              assert.equal(original.code, 0, `original failed:\n${original.stdout}\n${original.stderr}`);
              assert.equal(rewritten.code, 0, `fixed failed:\n${rewritten.stdout}\n${rewritten.stderr}`);
              assert.ok(original.stdout.trim().length > 0, 'the driver prints the results');
              assert.equal(rewritten.stdout, original.stdout);

              const before = concurrencyOf(original.stderr, 'original');
              const after = concurrencyOf(rewritten.stderr, 'fixed');
              assert.equal(after.calls, before.calls, 'the same number of calls');
              assert.ok(before.calls >= 3, 'enough calls to see overlap');
              assert.equal(before.maxInFlight, 1, 'the original loop runs one call at a time');
              if (run.effect === 'unbounded') {
                assert.equal(after.startedBeforeFirstEnd, run.startedTogether ?? after.calls, 'every item starts before any call finishes');
              } else {
                const limit = options.maxInFlight ?? 8;
                assert.ok(after.calls > limit, `more calls (${after.calls}) than the limit, or the bound proves nothing`);
                assert.ok(after.maxInFlight > 1, `calls overlap (max in flight ${after.maxInFlight})`);
                assert.ok(after.maxInFlight <= limit, `at most ${limit} in flight (saw ${after.maxInFlight})`);
              }
            });
          }
        }
      });
    }
  });
}

/** A finding for the await at `marker`'s first occurrence (hand-made: refusals must not depend on the rule reporting). */
export function findingAt(text: string, marker: string, messageId = 'independentIterationsLarge'): Finding {
  const start = text.indexOf(marker);
  assert.ok(start >= 0, `marker not found: ${marker}`);
  const sourceFile = parseSource(FILE_NAME, text);
  let end = -1;
  const visit = (node: ts.Node): void => {
    if (end < 0 && ts.isAwaitExpression(node) && node.getStart(sourceFile) === start) end = node.end;
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  assert.ok(end > start, `no await expression starts at: ${marker}`);
  return { ruleId: 'await-in-loop', messageId, message: '', range: { start, end }, related: [], severity: 'warning', data: { collection: 'items' } };
}

export function runFix(fix: Fix, text: string, finding: Finding, dependencies: string[] = [], moduleFormat: 'cjs' | 'esm' = 'cjs', fileName = FILE_NAME): FixOutcome {
  return fix.create(fixInput({ finding, fileName, text, project: { moduleFormat, dependencies: new Set(dependencies), fileExists: () => false } }));
}

export function applied(outcome: FixOutcome, text: string): string {
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
  return applyTextEdits(text, outcome.fix.edits);
}

/** Does the rule itself report a loop at this await? (Refusal tables note where fix and rule disagree.) */
export function ruleReportsAt(text: string, finding: Finding): boolean {
  return findingsOf('await-in-loop', FILE_NAME, text, false).some((f) => f.range.start === finding.range.start);
}
