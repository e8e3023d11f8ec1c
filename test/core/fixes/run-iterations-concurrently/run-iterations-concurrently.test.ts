import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ts } from 'ts-morph';
import { parseSource } from '../../../../src/core/engine';
import { runIterationsBoundedFix } from '../../../../src/core/fixes/run-iterations-bounded/run-iterations-bounded';
import { runIterationsConcurrentlyFix } from '../../../../src/core/fixes/run-iterations-concurrently/run-iterations-concurrently';
import { loadGoldenCases, sourceDirOf } from '../../../support/fix-golden';
import { applied, describeIterationFixGoldens, findingAt, runFix } from './iteration-fix-goldens';
import { REFUSALS } from './refusal-cases';

const fix = runIterationsConcurrentlyFix;

describe('fix: run-iterations-concurrently', () => {
  describeIterationFixGoldens(fix.id, path.join(sourceDirOf(__dirname), 'goldens'));

  describe('refuses, with the reason', () => {
    for (const refusal of REFUSALS) {
      it(refusal.name, () => {
        const start = refusal.code.indexOf(refusal.at);
        const finding = refusal.at.startsWith('await')
          ? findingAt(refusal.code, refusal.at)
          : { ...findingAt(refusal.code.replace(refusal.at, `await ${refusal.at}`), `await ${refusal.at}`), range: { start, end: start + refusal.at.length } };
        const outcome = runFix(fix, refusal.code, finding);
        assert.equal(outcome.ok, false, 'the fix was offered');
        assert.equal(outcome.ok ? '' : outcome.fixId, fix.id);
        assert.match(outcome.ok ? '' : outcome.reason, refusal.reason);
      });
    }
  });

  describe('on hand-made findings', () => {
    it('keeps console output that happens before the first await (it still runs in loop order)', () => {
      const text = `export async function show(ids: string[]) {
  for (const id of ids) {
    console.log('loading', id);
    await touch(id);
  }
}`;
      assert.equal(applied(runFix(fix, text, findingAt(text, 'await touch')), text), `export async function show(ids: string[]) {
  await Promise.all(ids.map(async (id) => {
    console.log('loading', id);
    await touch(id);
  }));
}`);
    });

    it('wraps a lone non-expression statement body in braces', () => {
      const text = `export async function some(ids: string[]) {
  for (const id of ids)
    if (id) await touch(id);
}`;
      assert.equal(applied(runFix(fix, text, findingAt(text, 'await touch')), text), `export async function some(ids: string[]) {
  await Promise.all(ids.map(async (id) => {
    if (id) await touch(id);
  }));
}`);
    });

    it('rewrites a loop that is the body of an if without braces as one statement', () => {
      const text = `export async function maybe(ids: string[], go: boolean) {
  if (go) for (const id of ids) await touch(id);
}`;
      assert.equal(applied(runFix(fix, text, findingAt(text, 'await touch')), text), `export async function maybe(ids: string[], go: boolean) {
  if (go) await Promise.all(ids.map(async (id) => touch(id)));
}`);
    });

    it('picks an item name that does not shadow what the body uses', () => {
      const text = `export async function notify(users: string[], user: string) {
  for (let i = 0; i < users.length; i++) {
    await send(user, users[i]);
  }
}`;
      assert.equal(applied(runFix(fix, text, findingAt(text, 'await send')), text), `export async function notify(users: string[], user: string) {
  await Promise.all(users.map(async (item) => {
    await send(user, item);
  }));
}`);
    });

    it('keeps `xs[i]` as written when an iteration writes its own slot', () => {
      const text = `export async function normalise(paths: string[]) {
  for (let i = 0; i < paths.length; i++) {
    paths[i] = await realpath(paths[i]);
  }
}`;
      assert.equal(applied(runFix(fix, text, findingAt(text, 'await realpath')), text), `export async function normalise(paths: string[]) {
  await Promise.all(paths.map(async (_path, i) => {
    paths[i] = await realpath(paths[i]);
  }));
}`);
    });

    it('is preferred for a small collection and not for a large one', () => {
      const text = `export async function a(ids: string[]) {
  for (const id of ids) await touch(id);
}`;
      const small = runFix(fix, text, findingAt(text, 'await touch', 'independentIterations'));
      const large = runFix(fix, text, findingAt(text, 'await touch', 'independentIterationsLarge'));
      assert.ok(small.ok && large.ok);
      assert.equal(small.fix.preferred, true);
      assert.equal(large.fix.preferred, false);
      assert.match(small.fix.title, /first error wins/);
    });
  });

  describe('on odd input', () => {
    it('never throws, whatever range a finding claims (both iteration fixes, every node of every golden input)', () => {
      const inputs = [
        ...loadGoldenCases(path.join(sourceDirOf(__dirname), 'goldens')),
        ...loadGoldenCases(path.join(sourceDirOf(__dirname), '..', 'run-iterations-bounded', 'goldens')),
      ].map((c) => c.input);
      let offered = 0;
      for (const text of [...inputs, ...REFUSALS.map((r) => r.code), '', 'for (;;) {}', 'await x;']) {
        const sourceFile = parseSource('/project/src/input.ts', text);
        const ranges: Array<[number, number]> = [[0, 0], [0, text.length], [text.length, text.length + 5], [-3, 2]];
        const visit = (node: ts.Node): void => {
          ranges.push([node.getStart(sourceFile), node.end], [node.pos, node.end]);
          ts.forEachChild(node, visit);
        };
        visit(sourceFile);
        for (const [start, end] of ranges) {
          const finding = { ...findingAt('await x', 'await x'), range: { start, end } };
          for (const candidate of [fix, runIterationsBoundedFix]) {
            const outcome = runFix(candidate, text, finding, ['p-limit']);
            if (outcome.ok) offered++;
            else assert.ok(outcome.reason.length > 0);
          }
        }
      }
      assert.ok(offered > 0, 'some real ranges are still fixable');
    });
  });

  describe('docs page', () => {
    it('shows what the fix really writes', () => {
      const docs = fs.readFileSync(path.join(sourceDirOf(__dirname), '../../../../src/core/fixes/run-iterations-concurrently/run-iterations-concurrently.md'), 'utf8');
      const text = `async function f(codes: string[]) {\n  const rates: Rate[] = [];\n  for (const code of codes) {\n    rates.push(await fetchRate(code));\n  }\n}\n`;
      const line = applied(runFix(fix, text, findingAt(text, 'await fetchRate')), text).split('\n')[1]!.trim();
      assert.equal(line, 'const rates: Rate[] = await Promise.all(codes.map(async (code) => fetchRate(code)));');
      assert.ok(docs.includes(line));
      assert.match(docs, /## When it is not offered/);
    });
  });
});
