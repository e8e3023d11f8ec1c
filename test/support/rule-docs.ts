import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Rule } from '../../src/core/rule';
import { runRule } from './rule-tester';

/**
 * A rule's docs page (`src/core/rules/<id>/<id>.md`) tested against the rule, so the page cannot drift
 * from it: every ```ts block whose first line is a `// ❌ …` comment must be reported once, and every
 * `// ✅ …` block not at all.
 */

export interface DocsExample {
  /** The block's first line, `// ❌ …` or `// ✅ …`: the test's title. */
  title: string;
  bad: boolean;
  code: string;
}

/** The page's text and its marked examples, in page order. */
export function readDocsPage(rule: Rule): { page: string; examples: DocsExample[] } {
  const id = rule.meta.id;
  // Tests run from out/test/support; the page lives beside the rule's source.
  const page = fs.readFileSync(path.resolve(__dirname, '../../../src/core/rules', id, `${id}.md`), 'utf8');
  const examples = [...page.matchAll(/```ts\n(\/\/ (❌|✅)[^\n]*)\n([\s\S]*?)```/g)].map((m) => ({ title: m[1]!, bad: m[2] === '❌', code: m[3]! }));
  return { page, examples };
}

export function assertBadAndGoodExamples(examples: readonly DocsExample[]): void {
  assert.ok(examples.filter((e) => e.bad).length >= 3, 'at least three ❌ examples');
  assert.ok(examples.filter((e) => !e.bad).length >= 3, 'at least three ✅ examples');
}

/** One test per example, titled by its comment line: ❌ reported exactly once, ✅ not reported. */
export function itRunsEachExample(rule: Rule, examples: readonly DocsExample[]): void {
  for (const example of examples) {
    it(example.title, () => {
      const { findings } = runRule(rule, { code: example.code });
      if (example.bad) assert.equal(findings.length, 1, 'one finding');
      else assert.deepEqual(findings.map((f) => f.message), []);
    });
  }
}
