import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText } from '../../../../src/core/engine';
import type { Finding } from '../../../../src/core/finding';
import { applyTextEdits, type ProposedFix } from '../../../../src/core/fixes/fix';
import { runProgram, typeCheck } from '../../../support/compiled-program';
import { loadGoldenCases, sourceDirOf, type GoldenCase } from '../../../support/fix-golden';
import { extraFilesOf, possibleTicksOf, runMoveToWorker, ticksOf, type FixRun } from './move-to-worker-harness';

/**
 * Golden cases: the whole expected file and worker module, written by hand; both type-check strict;
 * the rule no longer fires there and nothing new fires; and the fixed program, run beside the original,
 * prints the same and keeps its event loop responsive while the loop runs (a 10 ms interval keeps ticking).
 */

const cases = loadGoldenCases(path.join(sourceDirOf(__dirname), 'goldens'));

interface Applied {
  run: FixRun;
  fix: ProposedFix;
  output: string;
  workerName: string;
  workerText: string;
}

const applied = new Map<string, Applied>();

function apply(c: GoldenCase): Applied {
  const cached = applied.get(c.name);
  if (cached) return cached;
  const run = runMoveToWorker(c.input, {
    fileName: c.options.fileName,
    moduleFormat: c.options.moduleFormat,
    types: c.options.types,
    files: extraFilesOf(c),
    dependencies: c.options.dependencies,
    findingIndex: c.options.finding,
  });
  assert.ok(run.outcome.ok, run.outcome.ok ? '' : `refused: ${run.outcome.reason}`);
  const fix = run.outcome.fix;
  assert.equal(fix.newFiles.length, 1);
  const worker = fix.newFiles[0]!;
  assert.equal(path.dirname(worker.fileName), path.dirname(run.fileName), 'the worker module sits next to the file');
  const result: Applied = { run, fix, output: applyTextEdits(c.input, fix.edits), workerName: path.basename(worker.fileName), workerText: worker.text };
  applied.set(c.name, result);
  return result;
}

function counts(findings: readonly Finding[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of findings) out.set(`${f.ruleId}/${f.messageId}`, (out.get(`${f.ruleId}/${f.messageId}`) ?? 0) + 1);
  return out;
}

describe('fix: move-to-worker (goldens)', function () {
  this.timeout(120_000);
  it('has at least 8 golden cases', () => {
    assert.ok(cases.length >= 8, `only ${cases.length} golden cases`);
  });

  for (const c of cases) {
    describe(c.name, () => {
      const format = c.options.moduleFormat ?? 'cjs';
      const inputName = c.options.fileName ?? 'input.ts';

      it('produces the expected file and worker module', () => {
        const a = apply(c);
        assert.equal(a.output, c.output);
        const expectedNames = Object.keys(c.newFiles);
        assert.deepEqual([a.workerName], expectedNames, 'worker module name');
        assert.equal(a.workerText, c.newFiles[a.workerName]);
        assert.equal(a.fix.safety, 'changes-timing');
        assert.match(a.fix.behaviourNote ?? '', /copies|copy/);
      });

      it(`type-checks strict (${format})`, () => {
        const files = extraFilesOf(c);
        assert.deepEqual(typeCheck({ [inputName]: c.input, ...files }, format), [], 'the input itself');
        assert.deepEqual(typeCheck({ [inputName]: c.output, ...c.newFiles, ...files }, format), []);
      });

      it('leaves no blocking-loop finding there and adds no finding', () => {
        const a = apply(c);
        const before = analyzeText(a.run.fileName, c.input).findings;
        const after = analyzeText(a.run.fileName, c.output).findings;
        const expected = counts(before);
        const key = `blocking-loop/${a.run.finding.messageId}`;
        expected.set(key, (expected.get(key) ?? 1) - 1);
        for (const [k, n] of counts(after)) assert.ok(n <= (expected.get(k) ?? 0), `new finding ${k} in the output`);
        for (const [name, text] of Object.entries(c.newFiles)) {
          assert.deepEqual(analyzeText(path.join(path.dirname(a.run.fileName), name), text).findings.map((f) => f.ruleId), [], 'worker module findings');
        }
      });

      const driver = path.join(c.dir, 'driver.ts');
      if (fs.existsSync(driver)) {
        it('runs like the original, and the event loop keeps ticking while it computes', async () => {
          const driverText = fs.readFileSync(driver, 'utf8');
          const files = extraFilesOf(c);
          const original = await runProgram({ [inputName]: c.input, ...files, 'driver.ts': driverText }, 'driver.ts', format);
          const fixed = await runProgram({ [inputName]: c.output, ...c.newFiles, ...files, 'driver.ts': driverText }, 'driver.ts', format);
          assert.equal(original.code, 0, original.stderr);
          assert.equal(fixed.code, 0, fixed.stderr);
          assert.ok(original.stdout.length > 0, 'the driver prints its results');
          assert.equal(fixed.stdout, original.stdout);
          const before = ticksOf(original.stderr);
          const after = ticksOf(fixed.stderr);
          assert.ok(before.length > 0 && before.length === after.length, `tick reports: ${original.stderr} / ${fixed.stderr}`);
          for (const n of before) assert.ok(n < 3, `the original should block the event loop (ticks ${before.join(', ')})`);
          // Relative to how long the call took, so a fast idle machine and a loaded one judge alike:
          // a free event loop fires most of the ticks it could; a blocked one fires almost none.
          const possible = possibleTicksOf(fixed.stderr);
          after.forEach((n, i) => {
            const could = possible[i] ?? 0;
            assert.ok(n >= 4 && n >= could * 0.4, `the fixed code should leave the event loop free (ticks ${n} of a possible ${could})`);
          });
        });
      }
    });
  }
});
