import * as assert from 'node:assert/strict';
import { parseSource } from '../../src/core/engine';
import type { Finding, RuleId } from '../../src/core/finding';
import { applySuppressions } from '../../src/core/suppressions';

const text = [
  'line0();',
  '// workload-shape-disable-next-line sequential-awaits',
  'line2();',
  '// workload-shape-disable-next-line',
  'line4();',
  'line5(); // workload-shape-disable-line blocking-loop, await-in-loop -- measured: fine',
  'line6();',
].join('\n');

function findingAtLine(line: number, ruleId: RuleId): Finding {
  const start = text.split('\n').slice(0, line).join('\n').length + (line > 0 ? 1 : 0);
  return { ruleId, messageId: 'm', message: 'm', range: { start, end: start + 3 }, related: [], severity: 'warning', data: {} };
}

describe('suppressions', () => {
  const sf = parseSource('a.ts', text);
  const kept = (line: number, rule: RuleId) => applySuppressions(sf, [findingAtLine(line, rule)]).length === 1;

  it('disable-next-line with a rule id suppresses only that rule on the next line', () => {
    assert.equal(kept(2, 'sequential-awaits'), false);
    assert.equal(kept(2, 'blocking-loop'), true);
    assert.equal(kept(0, 'sequential-awaits'), true);
  });
  it('disable-next-line without ids suppresses every rule', () => {
    assert.equal(kept(4, 'blocking-sync-call'), false);
  });
  it('disable-line takes a comma list and an ESLint-style "-- reason"', () => {
    assert.equal(kept(5, 'blocking-loop'), false);
    assert.equal(kept(5, 'await-in-loop'), false);
    assert.equal(kept(5, 'sequential-awaits'), true);
    assert.equal(kept(6, 'blocking-loop'), true);
  });
  it('a file-level disable comment suppresses the whole file for its rules', () => {
    const file = parseSource('b.ts', '/* workload-shape-disable blocking-loop */\n' + text);
    const shifted = (f: Finding): Finding => ({ ...f, range: { start: f.range.start + 43, end: f.range.end + 43 } });
    assert.equal(applySuppressions(file, [shifted(findingAtLine(0, 'blocking-loop'))]).length, 0);
    assert.equal(applySuppressions(file, [shifted(findingAtLine(0, 'sequential-awaits'))]).length, 1);
  });
  it('a similar but different word does not suppress', () => {
    const file = parseSource('c.ts', '// workload-shape-disabled-next-line\nx();');
    const f: Finding = { ruleId: 'blocking-loop', messageId: 'm', message: 'm', range: { start: 38, end: 40 }, related: [], severity: 'warning', data: {} };
    assert.equal(applySuppressions(file, [f]).length, 1);
  });
});
