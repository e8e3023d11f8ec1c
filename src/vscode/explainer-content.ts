import type { EditorFinding, EditorFix, Span } from '../core/service/protocol';
import { compareCode, compareExample, textOf } from './explainer-code';
import type { CaveatTopic, ExplainerModel, ExplainerPosition, ExplainerTarget, FixOffer, RichText, Scenario } from './explainer-protocol';
import { blockingTimelines, loopIterationTimelines, sequentialAwaitTimelines, type LaneSubject, type Offload } from './explainer-timelines';

/**
 * What the explainer shows, built from a finding (its rule, data, related locations), the
 * document's text and the fixes the worker offers; or the built-in example. Pure: no `vscode`, so
 * the model is unit-tested in plain Node. The extension keeps the fix and the locations; the
 * webview only ever gets opaque ids for them.
 */

export interface FindingContext {
  target: ExplainerTarget;
  finding: EditorFinding;
  /** The document's text at the version the finding and fixes were computed for. */
  text: string;
  /** Workspace-relative path, for captions. */
  fileLabel: string;
  fixes: readonly EditorFix[];
  refused: ReadonlyArray<{ fixId: string; reason: string }>;
  /** Unique per render; prefixes the fix id so a message from an older render never matches. */
  renderId: string;
}

export interface BuiltExplainer {
  model: ExplainerModel;
  /** The fix offered in the model, by the id the webview knows it by. */
  fixes: Map<string, EditorFix>;
  /** The ranges the webview may ask to reveal, by id. */
  locations: Map<string, Span>;
}

const DURATIONS_NOTE = 'The durations are made up for the picture; yours depend on your network, disk and data. The shape is what counts.';
const MAX_LABEL = 60;
/** Lanes for awaits beyond this many are not drawn (the list under the picture names them all). */
const MAX_AWAIT_LANES = 8;
const LOOP_MS = 400;
const SYNC_CALL_MS = 150;

/** One line, whitespace collapsed, shortened with an ellipsis: how code appears in a lane label. */
export function codeLabel(code: string): string {
  const flat = code.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_LABEL ? `${flat.slice(0, MAX_LABEL - 1)}…` : flat;
}

function withoutAwait(code: string): string {
  return code.replace(/^\s*await\s+/, '');
}

/** The first line of a loop, without its opening brace: `for (let i = 0; i < n; i++)`. */
export function loopHeaderLabel(code: string): string {
  const firstLine = code.split(/\r?\n/)[0] ?? code;
  return codeLabel(firstLine.replace(/\s*\{\s*$/, ''));
}

/** "async function fingerprint" → fingerprint; the `where` phrases of execution-context.ts that end in a name. */
export function nameFromWhere(where: string): string | undefined {
  const match =
    /^async (?:function|method) (.+)$/.exec(where) ??
    /^the request handler (.+)$/.exec(where) ??
    /^the @\w+\(\) (?:handler|job) (.+)$/.exec(where) ??
    /^the GraphQL resolver (.+)$/.exec(where) ??
    /^the stream method (.+)$/.exec(where);
  const name = match?.[1]?.trim();
  return name && /^[\w$#.]+$/.test(name) ? name : undefined;
}

const NOT_FUNCTIONS = new Set(['if', 'for', 'while', 'switch', 'catch', 'with', 'function', 'return', 'do', 'else', 'try', 'finally']);

/** A function header ending right before a `{`: its name, if it is a function with one. */
function nameOfHeader(header: string): string | undefined {
  // Each pattern is anchored at the end of the header, so an earlier function in the same text never matches.
  const params = String.raw`\([^;{}]*\)\s*(?::[^;{}]*)?`;
  const patterns = [
    new RegExp(String.raw`function\s*\*?\s*([A-Za-z_$][\w$]*)\s*(?:<[^>]*>)?\s*${params}$`),
    new RegExp(String.raw`([A-Za-z_$][\w$]*)\s*(?::[^=;{}]*)?=\s*(?:async\s*)?(?:function\s*\*?\s*[\w$]*\s*${params}|(?:<[^>]*>)?${params}\s*=>|[A-Za-z_$][\w$]*\s*=>)$`),
    new RegExp(String.raw`([A-Za-z_$][\w$]*)\s*:\s*(?:async\s*)?(?:function\s*\*?\s*[\w$]*\s*${params}|${params}\s*=>)$`),
    new RegExp(String.raw`(?:^|[\s;{}])(?:(?:public|private|protected|static|async|override|readonly)\s+)*\*?([A-Za-z_$][\w$]*)\s*(?:<[^>]*>)?\s*${params}$`),
  ];
  for (const pattern of patterns) {
    const name = pattern.exec(header)?.[1];
    if (name && !NOT_FUNCTIONS.has(name)) return name;
  }
  return undefined;
}

/**
 * The name of the innermost named function around `offset`, found by walking out through the
 * blocks that enclose it. Only a caption (await-in-loop findings carry no function name): braces in
 * strings or comments can mislead it, and then the panel says "this function".
 */
export function enclosingFunctionName(text: string, offset: number): string | undefined {
  let depth = 0;
  for (let i = Math.min(offset, text.length) - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 125 /* } */) depth++;
    else if (c === 123 /* { */) {
      if (depth > 0) {
        depth--;
        continue;
      }
      const header = text.slice(Math.max(0, i - 400), i).replace(/\s+$/, '');
      const name = nameOfHeader(header);
      if (name) return name;
    }
  }
  return undefined;
}

function offsetOfSpanStart(text: string, span: Span): number {
  let offset = 0;
  for (let line = 0; line < span.start.line; line++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset + span.start.character;
}

function fnNameOf(finding: EditorFinding, text: string): string | undefined {
  const fn = finding.data.fn;
  if (typeof fn === 'string' && fn !== '') return fn;
  const where = finding.data.where;
  const named = typeof where === 'string' ? nameFromWhere(where) : undefined;
  return named ?? enclosingFunctionName(text, offsetOfSpanStart(text, finding.span));
}

const SAFETY_LABELS: Record<EditorFix['safety'], string> = {
  'preserves-behaviour': 'Keeps behaviour',
  'changes-timing': 'Changes timing',
  'changes-error-order': 'Changes error order',
};

/** The fix the panel offers: the preferred one, never "disable for this line" (that explains nothing). */
export function chooseFix(fixes: readonly EditorFix[]): EditorFix | undefined {
  const real = fixes.filter((f) => f.fixId !== 'disable-next-line');
  return real.find((f) => f.preferred) ?? real[0];
}

function list(codes: readonly string[]): RichText {
  const out: RichText = [];
  codes.forEach((code, i) => {
    if (i > 0) out.push(i === codes.length - 1 ? ', then for ' : ', then ');
    out.push({ code });
  });
  return out;
}

function plain(text: string): string {
  return text.replace(/`/g, '');
}

function offloadOf(family: unknown): Offload {
  return family === 'child_process' ? 'child-process' : 'thread-pool';
}

interface RuleScenario {
  scenario: Omit<Scenario, 'id' | 'code' | 'fix' | 'noFixReason' | 'revealId' | 'durationsNote'>;
  title: string;
  caveats: CaveatTopic[];
}

function sequentialAwaitsScenario(context: FindingContext, fn: string): RuleScenario {
  const { finding, text } = context;
  const calls: LaneSubject[] = finding.related.map((r, i) => ({ label: codeLabel(withoutAwait(textOf(text, r.span))) || `await ${i + 1}`, locationId: `await-${i + 1}` }));
  if (calls.length === 0) {
    const named = String(finding.data.calls ?? '').split(', ').filter((c) => c !== '');
    calls.push(...named.map((label) => ({ label: codeLabel(label) })));
  }
  const shown = calls.slice(0, MAX_AWAIT_LANES);
  const { before, after } = sequentialAwaitTimelines(shown, fn);
  const more = calls.length - shown.length;
  return {
    title: `${fn}: ${calls.length} awaits, one after another`,
    caveats: ['promise-all'],
    scenario: {
      shape: 'waiting',
      heading: 'Waiting, one thing at a time',
      lead: [
        { code: fn },
        ' waits for ',
        ...list(calls.map((c) => c.label)),
        `. None of these calls needs another's result, yet each starts only when the one before it has answered.${more > 0 ? ` (The picture shows the first ${shown.length} of ${calls.length}.)` : ''}`,
      ],
      before,
      after,
      takeaway: [
        'Promise.all turns the sum of the waits into the longest of them. It is still one JavaScript thread doing the same work: this is ',
        { strong: 'concurrency' },
        ', not parallelism. The thread was idle during every wait; now the waits overlap instead of queuing.',
      ],
    },
  };
}

function awaitInLoopScenario(context: FindingContext, fn: string | undefined, fix: EditorFix | undefined): RuleScenario {
  const { finding, text } = context;
  const collection = plain(String(finding.data.collection ?? 'the collection'));
  const call: LaneSubject = { label: codeLabel(withoutAwait(textOf(text, finding.span))) || 'the awaited call', locationId: 'finding' };
  const large = finding.messageId === 'independentIterationsLarge';
  const bounded = fix ? fix.fixId === 'run-iterations-bounded' : large;
  const pool = bounded ? 3 : undefined;
  const { before, after } = loopIterationTimelines(call, collection, bounded ? 6 : 3, pool);
  return {
    title: `${fn ?? 'This loop'}: one iteration at a time`,
    caveats: ['promise-all'],
    scenario: {
      shape: 'waiting',
      heading: 'Waiting, one iteration at a time',
      lead: [
        fn ? { code: fn } : 'This function',
        ' loops over ',
        { code: collection },
        ' and awaits ',
        { code: call.label },
        ' in every iteration. The iterations do not depend on each other, yet each one starts only when the previous one has finished.',
      ],
      before,
      after,
      takeaway: [
        'The same calls on the same single thread, but their waits overlap: that is ',
        { strong: 'concurrency' },
        bounded
          ? `. The collection may be large, so the picture keeps at most ${pool} in flight (the fix sets its own limit): an unbounded Promise.all over a user-sized list can exhaust connections, file handles or rate limits.`
          : '. The loop now takes about as long as its slowest item.',
      ],
    },
  };
}

function blockingLoopScenario(context: FindingContext, fn: string | undefined): RuleScenario {
  const { finding, text } = context;
  const where = String(finding.data.where ?? 'code where blocking matters');
  const header = loopHeaderLabel(textOf(text, finding.span));
  const work: LaneSubject = { label: header || 'the loop', locationId: 'finding' };
  const { before, after } = blockingTimelines(work, LOOP_MS, 'worker');
  const collection = plain(String(finding.data.collection ?? 'its input'));
  const lookup = finding.data.lookup === undefined ? undefined : plain(String(finding.data.searched ?? 'the other list'));
  const why =
    finding.messageId === 'largeBound'
      ? `runs ${String(finding.data.count ?? 'many')} iterations without a pause.`
      : finding.messageId === 'nestedInput'
        ? `runs nested loops over ${collection}: the work multiplies with the input's size.`
        : finding.messageId === 'heavyOperation'
          ? `calls ${plain(String(finding.data.operation ?? 'a costly operation'))} on every iteration over ${collection}.`
          : 'does a lot of work without a pause.';
  return {
    title: `${fn ?? 'This loop'}: computing on the event loop`,
    caveats: ['worker'],
    scenario: {
      shape: 'computing',
      heading: 'Computing on the main thread',
      lead: [`In ${where}, `, { code: work.label }, ` ${why} Computing never gives the thread back: until the loop ends, no other request, timer or I/O callback runs.`],
      before,
      after,
      takeaway: [
        'Nothing here is waiting, so Promise.all would not help: the thread is busy, not idle. A second thread helps: the worker computes while the main thread serves everyone else. That is ',
        { strong: 'parallelism' },
        '. (Splitting the loop into chunks with setImmediate is the other remedy: the thread stays responsive, but the work takes longer in total.)',
        ...(lookup
          ? [' Here, though, the inner loop searches ', { code: lookup }, ' by key: index it once, in a Map or Set, and the nest becomes one pass. Doing less work beats adding threads.']
          : []),
      ],
    },
  };
}

function blockingSyncCallScenario(context: FindingContext, fn: string | undefined): RuleScenario {
  const { finding, text } = context;
  const where = String(finding.data.where ?? 'code where blocking matters');
  const callee = String(finding.data.callee ?? 'This call');
  const call: LaneSubject = { label: codeLabel(textOf(text, finding.span)) || callee, locationId: 'finding' };
  const family = finding.data.family;
  const offload = offloadOf(family);
  const { before, after } = blockingTimelines(call, SYNC_CALL_MS, offload);
  const computing = family === 'crypto' || family === 'zlib';
  const replacement = String(finding.data.replacement ?? 'the asynchronous version');
  return {
    title: `${fn ?? 'This function'}: ${callee} blocks the event loop`,
    caveats: ['async-api'],
    scenario: {
      shape: computing ? 'computing' : 'waiting',
      heading: computing ? 'Computing on the main thread' : 'Waiting on the main thread',
      lead: [
        { code: call.label },
        ` runs synchronously in ${where}: the main thread ${computing ? 'does the computation itself' : family === 'child_process' ? 'waits for the child process' : 'waits for the disk'} and can do nothing else meanwhile. The fix: `,
        replacement,
        '.',
      ],
      before,
      after,
      takeaway: computing
        ? ['The asynchronous version runs the same computation on a thread of libuv\'s pool, beside the main thread: ', { strong: 'parallelism' }, ' without writing a worker yourself.']
        : ['The asynchronous version lets the event loop serve others while the ', family === 'child_process' ? 'child process runs' : 'disk works', ': ', { strong: 'concurrency' }, '. The thread no longer sits idle inside the call.'],
    },
  };
}

/** The model for a finding, with the fix and locations the panel may name. */
export function buildFindingExplainer(context: FindingContext): BuiltExplainer {
  const { finding, text, target, fileLabel, renderId } = context;
  const fix = chooseFix(context.fixes);
  const fn = fnNameOf(finding, text);
  let rule: RuleScenario;
  switch (finding.ruleId) {
    case 'sequential-awaits':
      rule = sequentialAwaitsScenario(context, fn ?? 'This function');
      break;
    case 'await-in-loop':
      rule = awaitInLoopScenario(context, fn, fix);
      break;
    case 'blocking-loop':
      rule = blockingLoopScenario(context, fn);
      break;
    default:
      rule = blockingSyncCallScenario(context, fn);
  }

  const locations = new Map<string, Span>([['finding', finding.span]]);
  finding.related.forEach((r, i) => {
    if (finding.ruleId === 'sequential-awaits') locations.set(`await-${i + 1}`, r.span);
  });

  const fixes = new Map<string, EditorFix>();
  let offer: FixOffer | undefined;
  if (fix) {
    const id = `${renderId}-fix`;
    fixes.set(id, fix);
    offer = { id, title: fix.title, safetyLabel: SAFETY_LABELS[fix.safety], behaviourNote: fix.behaviourNote };
  }
  const refusal = context.refused.find((r) => r.fixId !== 'disable-next-line');
  const noFixReason = fix ? undefined : refusal ? `No automatic fix here: ${refusal.reason}.` : 'No automatic fix for this one; the picture shows what a change would do.';

  const scenario: Scenario = {
    id: 'finding',
    ...rule.scenario,
    durationsNote: DURATIONS_NOTE,
    code: compareCode(text, finding.span, fix, fileLabel),
    fix: offer,
    noFixReason,
    revealId: 'finding',
  };
  return {
    model: {
      mode: 'finding',
      title: rule.title,
      subtitle: `${finding.ruleId} in ${fileLabel}, line ${finding.span.start.line + 1}`,
      ruleId: finding.ruleId,
      functionName: fn,
      message: finding.message,
      scenarios: [scenario],
      caveats: rule.caveats,
      locations: [...locations.keys()].map((id) => ({ id, label: id === 'finding' ? 'Go to code' : `Go to ${id.replace('-', ' ')}` })),
      target,
    },
    fixes,
    locations,
  };
}

const EXAMPLE_WAITING_NOW = `async function loadProfile(id: string) {
  const user = await getUser(id);
  const orders = await getOrders(id);
  return { user, orders };
}`;

const EXAMPLE_WAITING_FIXED = `async function loadProfile(id: string) {
  const [user, orders] = await Promise.all([
    getUser(id),
    getOrders(id),
  ]);
  return { user, orders };
}`;

const EXAMPLE_COMPUTING_NOW = `app.post('/fingerprint', async (req, res) => {
  // about 400 ms of hashing, on the main thread
  const digest = hashAll(req.body.rows);
  res.json({ digest });
});`;

const EXAMPLE_COMPUTING_FIXED = `app.post('/fingerprint', async (req, res) => {
  // hash-worker.js runs hashAll in a worker thread
  const digest = await runWorker('./hash-worker.js', req.body.rows);
  res.json({ digest });
});`;

/** The built-in example: one waiting function, one computing handler. */
export function buildExampleModel(notice?: string): ExplainerModel {
  const waiting = sequentialAwaitTimelines([{ label: 'getUser(id)' }, { label: 'getOrders(id)' }], 'loadProfile');
  const computing = blockingTimelines({ label: 'hashAll(req.body.rows)' }, LOOP_MS, 'worker');
  return {
    mode: 'example',
    title: 'Concurrency vs parallelism',
    subtitle: 'Is your code waiting or computing? Two small examples, and how to tell which one you have.',
    notice,
    scenarios: [
      {
        id: 'example-waiting',
        shape: 'waiting',
        heading: 'Waiting: overlap the waits (concurrency)',
        lead: [{ code: 'loadProfile' }, ' fetches a user and their orders. Neither request needs the other, yet ', { code: 'getOrders(id)' }, ' starts only after ', { code: 'getUser(id)' }, ' has answered.'],
        before: waiting.before,
        after: waiting.after,
        takeaway: ['Promise.all turns the sum of the waits into the longest of them, on the same single thread: ', { strong: 'concurrency' }, '.'],
        durationsNote: DURATIONS_NOTE,
        code: compareExample(EXAMPLE_WAITING_NOW, EXAMPLE_WAITING_FIXED, 'example'),
      },
      {
        id: 'example-computing',
        shape: 'computing',
        heading: 'Computing: add a thread (parallelism)',
        lead: ['A request handler hashes every row of the request: 400 ms of pure computation. Meanwhile another request and a timer have to wait, because the only JavaScript thread is busy.'],
        before: computing.before,
        after: computing.after,
        takeaway: ['Nothing is waiting here, so Promise.all cannot help. A worker thread computes beside the main thread, which stays free: ', { strong: 'parallelism' }, '.'],
        durationsNote: DURATIONS_NOTE,
        code: compareExample(EXAMPLE_COMPUTING_NOW, EXAMPLE_COMPUTING_FIXED, 'example'),
      },
    ],
    caveats: ['promise-all', 'worker'],
    locations: [],
  };
}

function compare(a: ExplainerPosition, b: ExplainerPosition): number {
  return a.line - b.line || a.character - b.character;
}

/** The finding a target names: the same rule and range, else the same rule's finding around the target's start (the code moved a little). */
export function matchFinding(findings: readonly EditorFinding[], target: ExplainerTarget): EditorFinding | undefined {
  const same = findings.filter((f) => f.ruleId === target.ruleId);
  return (
    same.find((f) => compare(f.span.start, target.range.start) === 0 && compare(f.span.end, target.range.end) === 0) ??
    same.find((f) => compare(f.span.start, target.range.start) <= 0 && compare(target.range.start, f.span.end) <= 0)
  );
}
