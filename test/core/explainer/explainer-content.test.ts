import * as assert from 'node:assert/strict';
import {
  buildExampleModel,
  buildFindingExplainer,
  chooseFix,
  enclosingFunctionName,
  loopHeaderLabel,
  matchFinding,
  nameFromWhere,
  type FindingContext,
} from '../../../src/vscode/explainer-content';
import type { Timeline } from '../../../src/vscode/explainer-protocol';
import { awaitInLoopFinding, blockingLoopFinding, HASHING, LOOP, SEQUENTIAL, sequentialFinding, sequentialFixes, spanOf, syncCallFinding, UPLOAD } from './explainer-fixtures';

function context(overrides: Partial<FindingContext> & Pick<FindingContext, 'finding' | 'text'>): FindingContext {
  return {
    target: { uri: 'file:///w/src/file.ts', ruleId: overrides.finding.ruleId, range: overrides.finding.span },
    fileLabel: 'src/file.ts',
    fixes: [],
    refused: [],
    renderId: 'render1',
    ...overrides,
  };
}

const labels = (timeline: Timeline) => timeline.lanes.map((l) => l.label);

describe('explainer content: sequential-awaits', () => {
  const built = buildFindingExplainer(context({ finding: sequentialFinding(), text: SEQUENTIAL, fixes: sequentialFixes() }));
  const scenario = built.model.scenarios[0]!;

  it('titles the picture with the function name', () => {
    assert.equal(built.model.functionName, 'loadDashboard');
    assert.match(built.model.title, /^loadDashboard: 2 awaits/);
    assert.equal(built.model.mode, 'finding');
  });

  it('labels one lane per await with the real call, in both timelines, after the thread lane', () => {
    assert.deepEqual(labels(scenario.before), ['JavaScript thread', 'fetchUser(customerId)', 'fetchOrders(customerId)']);
    assert.deepEqual(labels(scenario.after), ['JavaScript thread', 'fetchUser(customerId)', 'fetchOrders(customerId)']);
    assert.ok(scenario.before.lanes.slice(1).every((l) => l.labelIsCode));
  });

  it('draws the waits end to end before (sum) and overlapping after (max)', () => {
    const [first, second] = scenario.before.lanes.slice(1).map((l) => l.segments[0]!);
    assert.ok(second!.start >= first!.end, 'the second wait starts after the first ends');
    const [a, b] = scenario.after.lanes.slice(1).map((l) => l.segments[0]!);
    assert.ok(b!.start < a!.end, 'the waits overlap');
    const waits = scenario.before.lanes.slice(1).map((l) => l.segments[0]!.end - l.segments[0]!.start);
    const sum = waits.reduce((x, y) => x + y, 0);
    const max = Math.max(...waits);
    assert.ok(scenario.before.total >= sum && scenario.before.total < sum + 20, `before ≈ sum (${scenario.before.total} vs ${sum})`);
    assert.ok(scenario.after.total >= max && scenario.after.total < max + 20, `after ≈ max (${scenario.after.total} vs ${max})`);
  });

  it('links each await lane to its location, and the locations to the related spans', () => {
    const finding = sequentialFinding();
    assert.deepEqual(scenario.before.lanes.slice(1).map((l) => l.locationId), ['await-1', 'await-2']);
    assert.deepEqual(built.locations.get('await-1'), finding.related[0]!.span);
    assert.deepEqual(built.locations.get('await-2'), finding.related[1]!.span);
    assert.deepEqual(built.locations.get('finding'), finding.span);
    assert.equal(scenario.revealId, 'finding');
  });

  it('offers the preferred fix under an id of this render, never "disable for this line"', () => {
    assert.ok(scenario.fix);
    assert.ok(scenario.fix.id.startsWith('render1'));
    assert.equal(built.fixes.get(scenario.fix.id)?.fixId, 'run-awaits-concurrently');
    assert.equal(built.fixes.size, 1);
    assert.equal(scenario.fix.safetyLabel, 'Changes error order');
    assert.equal(scenario.noFixReason, undefined);
  });

  it('shows the current and the fixed code side by side with the changed lines marked', () => {
    const code = scenario.code!;
    const current = code.current.map((l) => l.text.trim());
    const fixed = code.fixed.map((l) => l.text.trim());
    assert.ok(current.includes('const user = await fetchUser(customerId);'));
    assert.ok(fixed.includes('const [user, orders] = await Promise.all(['));
    assert.equal(code.current.find((l) => l.text.includes('await fetchUser'))!.changed, true);
    assert.equal(code.fixed.find((l) => l.text.includes('Promise.all'))!.changed, true);
    assert.equal(code.current.find((l) => l.text.includes('return { user, orders }'))!.changed, false);
    assert.equal(code.fixed.find((l) => l.text.includes('return { user, orders }'))!.changed, false);
    // 1-based file line numbers on the current side.
    assert.equal(code.current.find((l) => l.text.includes('await fetchUser'))!.line, sequentialFinding().span.start.line + 1);
  });

  it('keeps the target (for the serializer) and the caveats of Promise.all', () => {
    assert.equal(built.model.target?.ruleId, 'sequential-awaits');
    assert.deepEqual(built.model.caveats, ['promise-all']);
  });

  it('draws at most eight await lanes for a long group, and says so', () => {
    const text = Array.from({ length: 10 }, (_, i) => `  const r${i} = await call${i}();`).join('\n');
    const finding = sequentialFinding(SEQUENTIAL);
    finding.related = Array.from({ length: 10 }, (_, i) => ({ span: spanOf(text, `await call${i}()`), message: `await ${i + 1} of 10: call${i}()` }));
    const big = buildFindingExplainer(context({ finding, text }));
    const lanes = big.model.scenarios[0]!.before.lanes;
    assert.equal(lanes.length, 9);
    assert.equal(lanes[1]!.label, 'call0()');
    assert.ok(big.model.scenarios[0]!.lead.some((p) => typeof p === 'string' && p.includes('first 8 of 10')));
  });
});

describe('explainer content: await-in-loop', () => {
  it('labels the iterations with the awaited call and names the enclosing function', () => {
    const built = buildFindingExplainer(context({ finding: awaitInLoopFinding(), text: LOOP }));
    const scenario = built.model.scenarios[0]!;
    assert.equal(built.model.functionName, 'ratesFor');
    assert.deepEqual(labels(scenario.before).slice(1), ['fetchExchangeRate(currency)', 'fetchExchangeRate(currency)', 'fetchExchangeRate(currency)']);
    assert.match(scenario.before.lanes[1]!.role, /currencies/);
    assert.ok(scenario.noFixReason);
  });

  it('keeps at most a pool of three in flight for a possibly large collection', () => {
    const built = buildFindingExplainer(context({ finding: awaitInLoopFinding('independentIterationsLarge'), text: LOOP }));
    const after = built.model.scenarios[0]!.after;
    const waits = after.lanes.slice(1).map((l) => l.segments[0]!);
    assert.equal(waits.length, 6);
    for (const probe of waits.map((w) => w.start + 0.5)) {
      const inFlight = waits.filter((w) => w.start <= probe && probe < w.end).length;
      assert.ok(inFlight <= 3, `${inFlight} in flight at ${probe} ms`);
    }
    assert.ok(waits.some((w, i) => i > 0 && w.start < waits[i - 1]!.end), 'some overlap');
  });
});

describe('explainer content: blocking-loop and blocking-sync-call', () => {
  it('puts the loop header on the main thread before and on a worker thread after', () => {
    const built = buildFindingExplainer(context({ finding: blockingLoopFinding(), text: HASHING }));
    const scenario = built.model.scenarios[0]!;
    assert.equal(built.model.functionName, 'fingerprint');
    assert.equal(scenario.shape, 'computing');
    const main = scenario.before.lanes.find((l) => l.label === 'Main thread')!;
    assert.ok(main.segments.some((s) => s.kind === 'cpu' && s.text.includes('for (let i = 0; i < 1_000_000; i++)')));
    const worker = scenario.after.lanes.find((l) => l.label === 'Worker thread')!;
    assert.ok(worker.segments.some((s) => s.kind === 'cpu' && s.text.includes('for (let i = 0; i < 1_000_000; i++)')));
    assert.ok(!scenario.after.lanes.find((l) => l.label === 'Main thread')!.segments.some((s) => s.kind === 'cpu'), 'the main thread no longer computes');
    assert.deepEqual(built.model.caveats, ['worker']);
  });

  it('makes the queued request wait for the loop before, and not after', () => {
    const scenario = buildFindingExplainer(context({ finding: blockingLoopFinding(), text: HASHING })).model.scenarios[0]!;
    const request = (t: Timeline) => t.lanes.find((l) => l.label === 'Another request')!;
    assert.ok(request(scenario.before).segments.some((s) => s.kind === 'queued'));
    assert.ok(!request(scenario.after).segments.some((s) => s.kind === 'queued'));
  });

  it('hands zlib work to the libuv pool and execSync to a child process', () => {
    const zlib = buildFindingExplainer(context({ finding: syncCallFinding('zlib'), text: UPLOAD })).model;
    assert.equal(zlib.functionName, 'upload');
    assert.ok(labels(zlib.scenarios[0]!.after).includes('libuv thread pool'));
    assert.equal(zlib.scenarios[0]!.shape, 'computing');
    assert.ok(zlib.scenarios[0]!.before.lanes[0]!.segments[0]!.text.includes('zlib.gzipSync(Buffer.from(req.body.data))'));
    const child = buildFindingExplainer(context({ finding: syncCallFinding('child_process'), text: UPLOAD })).model;
    assert.ok(labels(child.scenarios[0]!.after).includes('Child process'));
    assert.equal(child.scenarios[0]!.shape, 'waiting');
    assert.deepEqual(child.caveats, ['async-api']);
  });

  it('for a join, says that an index of the searched list beats a thread; for other nests, does not', () => {
    const takeaway = (data: Record<string, string>) => {
      const finding = { ...blockingLoopFinding(), messageId: 'nestedInput', data: { collection: '`accounts` and `userRoles`', where: 'async function fingerprint', ...data } };
      const parts = buildFindingExplainer(context({ finding, text: HASHING })).model.scenarios[0]!.takeaway;
      return parts.map((p) => (typeof p === 'string' ? p : 'code' in p ? `<${p.code}>` : 'strong' in p ? p.strong : '')).join('');
    };
    assert.match(takeaway({ lookup: '.find()', searched: '`userRoles`' }), /the inner loop searches <userRoles> by key: index it once, in a Map or Set/);
    assert.doesNotMatch(takeaway({}), /Map or Set/);
  });

  it('says why no fix is offered when the worker refused one', () => {
    const scenario = buildFindingExplainer(
      context({ finding: blockingLoopFinding(), text: HASHING, refused: [{ fixId: 'move-to-worker', reason: 'cannot prove `orders` can cross to a worker thread' }] }),
    ).model.scenarios[0]!;
    assert.equal(scenario.fix, undefined);
    assert.match(scenario.noFixReason!, /cannot prove `orders` can cross/);
  });
});

describe('explainer content: the built-in example', () => {
  const model = buildExampleModel();

  it('shows a waiting and a computing scenario with the example calls', () => {
    assert.equal(model.mode, 'example');
    assert.deepEqual(model.scenarios.map((s) => s.shape), ['waiting', 'computing']);
    assert.deepEqual(labels(model.scenarios[0]!.before).slice(1), ['getUser(id)', 'getOrders(id)']);
    assert.ok(model.scenarios.every((s) => s.fix === undefined && s.revealId === undefined));
    assert.deepEqual(model.locations, []);
    assert.deepEqual(model.caveats, ['promise-all', 'worker']);
  });

  it('carries a notice when it stands in for a finding that is gone', () => {
    assert.equal(buildExampleModel('gone').notice, 'gone');
    assert.equal(model.notice, undefined);
  });
});

describe('explainer content: names and matching', () => {
  it('reads a function name from where-phrases that end in one', () => {
    assert.equal(nameFromWhere('async function fingerprint'), 'fingerprint');
    assert.equal(nameFromWhere('async method Reports.build'), 'Reports.build');
    assert.equal(nameFromWhere('the request handler similarOrders'), 'similarOrders');
    assert.equal(nameFromWhere('the @Get() handler UsersController.list'), 'UsersController.list');
    assert.equal(nameFromWhere('a setTimeout callback'), undefined);
    assert.equal(nameFromWhere('the request handler'), undefined);
  });

  it('finds the innermost named function around an offset', () => {
    const text = [
      'function outer() {',
      '  const helper = async (x: number) => {',
      '    if (x) {',
      '      HERE;',
      '    }',
      '  };',
      '}',
      'class Service {',
      '  async load(id: string): Promise<void> {',
      '    for (const a of b) { THERE; }',
      '  }',
      '}',
      'const handlers = { async onMessage(m) { ELSEWHERE; } };',
      'TOP;',
    ].join('\n');
    assert.equal(enclosingFunctionName(text, text.indexOf('HERE')), 'helper');
    assert.equal(enclosingFunctionName(text, text.indexOf('THERE')), 'load');
    assert.equal(enclosingFunctionName(text, text.indexOf('ELSEWHERE')), 'onMessage');
    assert.equal(enclosingFunctionName(text, text.indexOf('TOP')), undefined);
  });

  it('shortens a loop to its header line', () => {
    assert.equal(loopHeaderLabel('for (const a of orders) {\n  work(a);\n}'), 'for (const a of orders)');
    assert.equal(loopHeaderLabel('rows.map((row) => {\n  return hash(row);\n})'), 'rows.map((row) =>');
  });

  it('matches the finding a target names, or the same rule around its start', () => {
    const finding = sequentialFinding();
    const other = { ...awaitInLoopFinding(), span: finding.span };
    const target = { uri: 'file:///x.ts', ruleId: 'sequential-awaits', range: finding.span };
    assert.equal(matchFinding([other, finding], target), finding);
    const moved = { ...target, range: { start: { line: finding.span.start.line, character: finding.span.start.character + 3 }, end: finding.span.start } };
    assert.equal(matchFinding([finding], moved), finding);
    assert.equal(matchFinding([other], target), undefined);
  });

  it('chooses the preferred real fix, else the first real one', () => {
    const [disable, run] = sequentialFixes();
    assert.equal(chooseFix([disable!, run!])?.fixId, 'run-awaits-concurrently');
    assert.equal(chooseFix([disable!]), undefined);
    assert.equal(chooseFix([disable!, { ...run!, preferred: false, fixId: 'a' }, { ...run!, preferred: false, fixId: 'b' }])?.fixId, 'a');
  });
});
