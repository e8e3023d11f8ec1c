import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runIterationsBoundedFix } from '../../../../src/core/fixes/run-iterations-bounded/run-iterations-bounded';
import { sourceDirOf } from '../../../support/fix-golden';
import { applied, describeIterationFixGoldens, findingAt, runFix } from '../run-iterations-concurrently/iteration-fix-goldens';
import { REFUSALS } from '../run-iterations-concurrently/refusal-cases';

const fix = runIterationsBoundedFix;

describe('fix: run-iterations-bounded', () => {
  describeIterationFixGoldens(fix.id, path.join(sourceDirOf(__dirname), 'goldens'), { maxInFlight: 8 });

  describe('refuses what the unbounded fix refuses, with the same reason', () => {
    for (const refusal of REFUSALS.filter((r) => r.at.startsWith('await'))) {
      it(refusal.name, () => {
        const outcome = runFix(fix, refusal.code, findingAt(refusal.code, refusal.at), ['p-limit']);
        assert.equal(outcome.ok, false, 'the fix was offered');
        assert.match(outcome.ok ? '' : outcome.reason, refusal.reason);
      });
    }

    it('a loop that is the body of an if without braces (the limit needs a statement of its own)', () => {
      const text = `export async function maybe(ids: string[], go: boolean) {
  if (go) for (const id of ids) await touch(id);
}`;
      const outcome = runFix(fix, text, findingAt(text, 'await touch'));
      assert.equal(outcome.ok, false);
      assert.match(outcome.ok ? '' : outcome.reason, /nowhere to be declared/);
    });
  });

  describe('on hand-made findings', () => {
    const loop = `export async function touchAll(ids: string[]) {
  for (const id of ids) {
    await touch(id);
  }
}
`;

    it('prefers p-limit when the project has both p-limit and p-map', () => {
      assert.equal(applied(runFix(fix, loop, findingAt(loop, 'await touch'), ['p-map', 'p-limit']), loop), `import pLimit from 'p-limit';
export async function touchAll(ids: string[]) {
  const concurrency = 8;
  const limit = pLimit(concurrency);
  await Promise.all(ids.map((id) => limit(async () => {
    await touch(id);
  })));
}
`);
    });

    it('does not take a name the file already uses', () => {
      const text = `import { limit } from './config';
export async function touchAll(ids: string[], concurrency: number) {
  for (const id of ids) {
    await touch(id, limit, concurrency);
  }
}
`;
      assert.equal(applied(runFix(fix, text, findingAt(text, 'await touch'), ['p-limit']), text), `import { limit } from './config';
import pLimit from 'p-limit';
export async function touchAll(ids: string[], concurrency: number) {
  const concurrency2 = 8;
  const limit2 = pLimit(concurrency2);
  await Promise.all(ids.map((id) => limit2(async () => {
    await touch(id, limit, concurrency);
  })));
}
`);
    });

    it('puts the import after a shebang and a "use strict" prologue in plain CommonJS JavaScript', () => {
      const text = `#!/usr/bin/env node
'use strict';
async function main(ids) {
  for (const id of ids) {
    await touch(id);
  }
}
`;
      const outcome = runFix(fix, text, findingAt(text, 'await touch'), ['p-map'], 'cjs', '/project/src/cli.js');
      assert.equal(applied(outcome, text), `#!/usr/bin/env node
'use strict';
const pMap = require('p-map');
async function main(ids) {
  const concurrency = 8;
  await pMap(ids, async (id) => {
    await touch(id);
  }, { concurrency });
}
`);
    });

    it('writes an untyped helper into a JavaScript file', () => {
      const text = `export async function touchAll(ids) {\n  for (const id of ids) await touch(id);\n}\n`;
      const output = applied(runFix(fix, text, findingAt(text, 'await touch'), [], 'esm', '/project/src/a.mjs'), text);
      assert.match(output, /await mapWithConcurrency\(ids, concurrency, async \(id\) => touch\(id\)\);/);
      assert.match(output, /\nasync function mapWithConcurrency\(items, limit, fn\) \{\n/);
      assert.doesNotMatch(output, /: Promise|<T, R>| as T/);
    });

    it('is preferred for a large collection and not for a small one, and names its limiter in the title', () => {
      const small = runFix(fix, loop, findingAt(loop, 'await touch', 'independentIterations'), ['p-map']);
      const large = runFix(fix, loop, findingAt(loop, 'await touch', 'independentIterationsLarge'), ['p-map']);
      assert.ok(small.ok && large.ok);
      assert.equal(small.fix.preferred, false);
      assert.equal(large.fix.preferred, true);
      assert.match(large.fix.title, /up to 8 .*p-map.*first error wins/);
      assert.equal(large.fix.safety, 'changes-error-order');
    });
  });

  describe('docs page', () => {
    it('shows what the fix really writes, for each limiter', () => {
      const docs = fs.readFileSync(path.join(sourceDirOf(__dirname), '../../../../src/core/fixes/run-iterations-bounded/run-iterations-bounded.md'), 'utf8');
      const text = `async function f(codes: string[]) {\n  const rates: Rate[] = [];\n  for (const code of codes) {\n    rates.push(await fetchRate(code));\n  }\n}\n`;
      for (const dependencies of [['p-limit'], ['p-map'], []]) {
        const lines = applied(runFix(fix, text, findingAt(text, 'await fetchRate'), dependencies), text).split('\n');
        const call = lines.find((l) => l.includes('const rates'))!.trim();
        assert.ok(docs.includes(call), `the docs show: ${call}`);
      }
      assert.match(docs, /## Why 8/);
    });
  });
});
