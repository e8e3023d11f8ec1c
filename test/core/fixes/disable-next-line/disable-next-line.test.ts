import * as assert from 'node:assert/strict';
import { analyzeText, parseSource } from '../../../../src/core/engine';
import type { Finding, RuleId } from '../../../../src/core/finding';
import { disableNextLineFix } from '../../../../src/core/fixes/disable-next-line/disable-next-line';
import { applyTextEdits } from '../../../../src/core/fixes/fix';
import { createScopeIndex } from '../../../../src/core/scope';

function finding(text: string, at: string, ruleId: RuleId = 'blocking-sync-call'): Finding {
  const start = text.indexOf(at);
  assert.ok(start >= 0);
  return { ruleId, messageId: 'm', message: 'm', range: { start, end: start + at.length }, related: [], severity: 'warning', data: {} };
}

function fix(text: string, at: string, ruleId?: RuleId) {
  const sourceFile = parseSource('a.ts', text);
  return disableNextLineFix.create({
    finding: finding(text, at, ruleId),
    fileName: '/p/a.ts',
    text,
    sourceFile,
    scopes: createScopeIndex(sourceFile),
    types: undefined,
    project: { moduleFormat: 'cjs', dependencies: new Set(), fileExists: () => false },
  });
}

function fixed(text: string, at: string, ruleId?: RuleId): string {
  const outcome = fix(text, at, ruleId);
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
  return applyTextEdits(text, outcome.fix.edits);
}

describe('fix: disable-next-line', () => {
  it('inserts the comment above the line with its indentation', () => {
    const text = `async function h() {\n    const data = readFileSync('a');\n}\n`;
    assert.equal(fixed(text, 'readFileSync'), `async function h() {\n    // workload-shape-disable-next-line blocking-sync-call\n    const data = readFileSync('a');\n}\n`);
  });

  it('keeps CRLF line endings and tab indentation', () => {
    const text = `async function h() {\r\n\tconst data = readFileSync('a');\r\n}\r\n`;
    assert.equal(fixed(text, 'readFileSync'), `async function h() {\r\n\t// workload-shape-disable-next-line blocking-sync-call\r\n\tconst data = readFileSync('a');\r\n}\r\n`);
  });

  it('extends an existing disable comment instead of stacking another', () => {
    const text = `async function h() {\n  // workload-shape-disable-next-line blocking-loop\n  const data = readFileSync('a');\n}\n`;
    assert.equal(fixed(text, 'readFileSync'), `async function h() {\n  // workload-shape-disable-next-line blocking-loop, blocking-sync-call\n  const data = readFileSync('a');\n}\n`);
  });

  it('works on the first line of a file', () => {
    assert.equal(fixed(`await a();\n`, 'await', 'sequential-awaits'), `// workload-shape-disable-next-line sequential-awaits\nawait a();\n`);
  });

  it('is refused inside a multi-line template literal', () => {
    const text = 'async function h() {\n  const s = `x\n${readFileSync("a")}`;\n}\n';
    const outcome = fix(text, 'readFileSync');
    assert.equal(outcome.ok, false);
    assert.match(outcome.ok ? '' : outcome.reason, /string, template or JSX/);
  });

  it('silences the finding once applied (the engine honours the comment)', () => {
    const text = `import { readFileSync } from 'fs';\nexport async function h() {\n  return readFileSync('a');\n}\n`;
    const before = analyzeText('a.ts', text).findings.filter((f) => f.ruleId === 'blocking-sync-call');
    assert.equal(before.length, 1);
    const after = analyzeText('a.ts', fixed(text, "readFileSync('a')")).findings;
    assert.deepEqual(after, []);
  });
});
