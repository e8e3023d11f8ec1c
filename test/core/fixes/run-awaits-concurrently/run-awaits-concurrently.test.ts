import * as assert from 'node:assert/strict';
import { analyzeText, parseSource } from '../../../../src/core/engine';
import type { Finding } from '../../../../src/core/finding';
import { applyTextEdits } from '../../../../src/core/fixes/fix';
import { runAwaitsConcurrentlyFix } from '../../../../src/core/fixes/run-awaits-concurrently/run-awaits-concurrently';
import { createScopeIndex } from '../../../../src/core/scope';
import { runProgram, typeCheck } from '../../../support/compiled-program';
import { loadGoldenCases } from '../../../support/fix-golden';
import {
  FACTS,
  GOLDENS_DIR,
  INPUT_FILE,
  findingFor,
  handFinding,
  parseRun,
  programFiles,
  ruleFindings,
  runFix,
  timingOf,
  type CaseOptions,
} from './golden-program';

const cases = loadGoldenCases<CaseOptions>(GOLDENS_DIR);

function fixedText(input: string, types: boolean): { output: string; finding: Finding; outcome: ReturnType<typeof runFix> } {
  const { finding } = findingFor(input, types);
  const outcome = runFix(input, finding, types);
  assert.ok(outcome.ok, outcome.ok ? '' : `refused: ${outcome.reason}`);
  return { output: applyTextEdits(input, outcome.fix.edits), finding, outcome };
}

describe('fix: run-awaits-concurrently', () => {
  it('has at least 14 golden cases', () => {
    assert.ok(cases.length >= 14, `only ${cases.length} goldens`);
  });

  for (const c of cases) {
    const options = c.options;
    const types = options.types ?? false;
    const formats = options.moduleFormats ?? ['cjs'];

    describe(`golden: ${c.name}`, () => {
      it('produces exactly output.ts', () => {
        assert.equal(fixedText(c.input, types).output, c.output);
      });

      it('offers a preferred fix that says it changes error order', () => {
        const { outcome } = fixedText(c.input, types);
        assert.ok(outcome.ok);
        assert.equal(outcome.fix.safety, 'changes-error-order');
        assert.equal(outcome.fix.preferred, true);
        assert.match(outcome.fix.title, /^Run \d+ awaits concurrently with Promise\.all/);
        assert.match(outcome.fix.behaviourNote ?? '', /first rejection/);
        assert.equal(outcome.fix.newFiles.length, 0);
      });

      it('is reported by the sequential-awaits rule on the same group', () => {
        const hand = handFinding(c.input)!;
        const reported = ruleFindings(c.input, types).map((f) => ({ range: f.range, related: f.related.map((r) => r.range.start) }));
        assert.deepEqual(reported, [{ range: hand.range, related: hand.related.map((r) => r.range.start) }]);
      });

      for (const format of formats) {
        it(`input and output type-check strict (${format})`, () => {
          assert.deepEqual(typeCheck(programFiles(c.input), format), [], 'the golden input itself must compile');
          assert.deepEqual(typeCheck(programFiles(c.output), format), []);
        });
      }

      it('leaves no finding at the spot and no new finding of any rule', () => {
        const before = analyzeText(INPUT_FILE, c.input).findings;
        const after = analyzeText(INPUT_FILE, c.output).findings;
        const { finding } = findingFor(c.input, types);
        const endInOutput = finding.range.end + (c.output.length - c.input.length);
        const left = after.filter((f) => f.ruleId === 'sequential-awaits' && f.range.start < endInOutput && finding.range.start < f.range.end);
        assert.deepEqual(left, []);
        const counts = (list: typeof before) => {
          const map = new Map<string, number>();
          for (const f of list) map.set(`${f.ruleId}/${f.messageId}`, (map.get(`${f.ruleId}/${f.messageId}`) ?? 0) + 1);
          return map;
        };
        const was = counts(before);
        const newOnes = [...counts(after)].filter(([key, n]) => n > (was.get(key) ?? 0)).map(([key]) => key);
        assert.deepEqual(newOnes, []);
      });

      for (const format of formats) {
        it(`runs like the original, with the awaits overlapping (${format})`, async () => {
          const original = await runProgram(programFiles(c.input), 'driver.ts', format);
          const fixed = await runProgram(programFiles(c.output), 'driver.ts', format);
          assert.equal(original.code, 0, original.stderr + original.stdout);
          assert.equal(fixed.code, 0, fixed.stderr + fixed.stdout);
          const before = parseRun(original.stdout);
          const after = parseRun(fixed.stdout);
          assert.equal(after.result, before.result);
          assert.deepEqual(after.events.map((e) => e.name).filter((_, i) => after.events[i]!.event === 'start').sort(),
            before.events.map((e) => e.name).filter((_, i) => before.events[i]!.event === 'start').sort());

          const was = timingOf(before.events);
          const now = timingOf(after.events);
          assert.ok(was.calls >= 2 && !was.allStartedBeforeAnyEnded, `the original should wait for some call first: ${JSON.stringify(before.events)}`);
          assert.ok(now.allStartedBeforeAnyEnded, `every call should start before any ends: ${JSON.stringify(after.events)}`);
          // At least half the possible saving (original span − longest call), with room for a loaded machine.
          assert.ok(now.span < was.span - 0.5 * (was.span - now.max), `fixed span ${now.span} vs original ${was.span}, longest call ${now.max}`);
        });
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Refusals: the group is marked by hand (the rule may never report these), the fix re-checks.

interface Refusal {
  name: string;
  code: string;
  reason: RegExp;
  types?: boolean;
  /** Build the finding differently from the hand-marked group. */
  finding?: (code: string) => Finding;
}

const DECLARES = `
interface User { id: string; name: string }
declare function getUser(id: string): Promise<User>;
declare function getOrders(id: string): Promise<number[]>;
declare function saveUser(user: User): Promise<void>;
declare function sleep(ms: number): Promise<void>;
declare function normalize(user: User): User;
`;

const refusals: Refusal[] = [
  {
    name: 'the second await reads the first result',
    code: `${DECLARES}async function f(id: string) {
  const user = await getUser(id);
  const orders = await getOrders(user.id);
  return orders;
}`,
    reason: /second await \(`getOrders\(user\.id\)`\) reads `user`, written by the first/,
  },
  {
    name: 'a later operand reads a variable written by a statement that would move',
    code: `${DECLARES}async function f(id: string) {
  const user = await getUser(id);
  const key = user.id;
  const orders = await getOrders(key);
  return orders;
}`,
    reason: /reads `key`, set by `const key = user\.id;` before it/,
  },
  {
    name: 'mixed const and let where the let is reassigned',
    code: `${DECLARES}async function f(id: string) {
  let user = await getUser(id);
  const orders = await getOrders(id);
  user = normalize(user);
  return [user, orders];
}`,
    reason: /`user` is declared with `let` and reassigned later, while `orders` is `const`/,
  },
  {
    name: 'var mixed with const',
    code: `${DECLARES}async function f(id: string) {
  var user = await getUser(id);
  const orders = await getOrders(id);
  return [user, orders];
}`,
    reason: /mixes `var` with `let`\/`const`/,
  },
  {
    name: 'new variables and assignments in one group',
    code: `${DECLARES}class C {
  user?: User;
  async f(id: string) {
    this.user = await getUser(id);
    const orders = await getOrders(id);
    return orders;
  }
}`,
    reason: /both declares new variables \(`orders`\) and assigns existing ones \(`this\.user`\)/,
  },
  {
    name: 'a compound assignment reads its target before the await',
    code: `${DECLARES}async function f(id: string) {
  let total = 0;
  total += (await getOrders(id)).length;
  const user = await getUser(id);
  return [total, user];
}`,
    reason: /`\+=` reads its target before the await/,
  },
  {
    name: 'an await used inside a larger expression',
    code: `${DECLARES}async function f(id: string) {
  const label = 'user ' + (await getUser(id)).name;
  const orders = await getOrders(id);
  return [label, orders];
}`,
    reason: /not a whole statement of the form .*const label = 'user ' \+ \(await getUser\(id\)\)\.name;/,
  },
  {
    name: 'a cast on the awaited value',
    code: `${DECLARES}async function f(id: string) {
  const user = (await getUser(id)) as unknown as { id: number };
  const orders = await getOrders(id);
  return [user, orders];
}`,
    reason: /the awaited value is cast or asserted/,
  },
  {
    name: 'an annotated declaration that reads a property of the result',
    code: `${DECLARES}async function f(id: string) {
  const name: string = (await getUser(id)).name;
  const orders = await getOrders(id);
  return [name, orders];
}`,
    reason: /`name` is annotated and reads `\.name` of the awaited value/,
  },
  {
    name: 'inside a try whose catch reads how far the awaits got',
    code: `${DECLARES}async function f(id: string) {
  let user: User | undefined;
  let orders: number[] | undefined;
  try {
    user = await getUser(id);
    orders = await getOrders(id);
  } catch {
    return { user, orders };
  }
  return { user, orders };
}`,
    reason: /inside this `try`, the `catch`\/`finally`/,
  },
  {
    name: 'inside a try whose handler falls through with the results assigned so far',
    code: `${DECLARES}async function f(id: string) {
  let user: User | undefined;
  let orders: number[] = [];
  try {
    user = await getUser(id);
    orders = await getOrders(id);
  } catch (err) {
    console.warn(err);
  }
  return { user, orders };
}`,
    reason: /a failure leaves the results already assigned for the code after it; with Promise\.all none would be/,
  },
  {
    name: 'a write then a read of what may be the same thing',
    code: `${DECLARES}async function f(user: User) {
  await saveUser(user);
  const fresh = await getUser(user.id);
  return fresh;
}`,
    reason: /`saveUser\(user\)` \(first await\) writes and `getUser\(user\.id\)` \(second await\) reads what may be the same resource/,
  },
  {
    name: 'a deliberate sleep between calls',
    code: `${DECLARES}async function f(id: string) {
  await sleep(100);
  const user = await getUser(id);
  return user;
}`,
    reason: /`sleep\(100\)` looks like a deliberate sleep step/,
  },
  {
    name: 'a later call on `this` may read the field the first await sets',
    code: `${DECLARES}class C {
  user?: User;
  orders: number[] = [];
  async loadOrders() { return getOrders(this.user!.id); }
  async f(id: string) {
    this.user = await getUser(id);
    this.orders = await this.loadOrders();
  }
}`,
    reason: /calls a method of `this`, which may read `this\.user` set by the first await/,
  },
  {
    name: 'a module variable assigned before a later call',
    code: `${DECLARES}let current: User | undefined;
let orders: number[] = [];
async function f(id: string) {
  current = await getUser(id);
  orders = await getOrders(id);
}`,
    reason: /`current` lives outside this function, and the second await \(`getOrders\(id\)`\) may read it before the first await sets it/,
  },
  {
    name: 'a local `Promise` shadows the built-in',
    code: `${DECLARES}async function f(id: string) {
  const Promise = globalThis.Promise;
  const user = await getUser(id);
  const orders = await getOrders(id);
  return [user, orders, Promise];
}`,
    reason: /`Promise` is a local name here/,
  },
  {
    name: 'a class declaration between the awaits cannot move (it is not hoisted)',
    code: `${DECLARES}async function f(id: string) {
  const user = await getUser(id);
  class Local { n = 1; }
  const orders = await getOrders(id);
  return [user, orders, new Local()];
}`,
    reason: /the statement `class Local \{ n = 1; \}` between the awaits cannot be moved/,
  },
  {
    name: 'a log between the awaits would change order',
    code: `${DECLARES}async function f(id: string) {
  const user = await getUser(id);
  console.log(user.name);
  const orders = await getOrders(id);
  return [user, orders];
}`,
    reason: /`console\.log\(user\.name\)` \(between the awaits\) may change and `getOrders\(id\)` \(a later await\) reads/,
  },
  {
    name: 'a statement between writes what a later await assigns',
    code: `${DECLARES}async function f(id: string) {
  let user: User | undefined;
  let orders: number[] = [];
  user = await getUser(id);
  orders = [];
  orders = await getOrders(id);
  return [user, orders];
}`,
    reason: /`orders = \[\];` writes `orders`, which a later await also assigns/,
  },
  {
    name: 'a plain value is not worth a Promise.all (with types)',
    code: `${DECLARES}async function f(id: string) {
  const n = await 42;
  const user = await getUser(id);
  return [n, user];
}`,
    types: true,
    reason: /`42` is not a promise, so there is nothing to overlap/,
  },
  {
    name: '`using` declarations dispose in order',
    code: `${DECLARES}declare function open(): Promise<{ [Symbol.dispose](): void }>;
async function f() {
  using a = await open();
  using b = await open();
}`,
    reason: /`using` declarations dispose their value in order/,
  },
  {
    name: 'several declarations in one statement',
    code: `${DECLARES}async function f(id: string) {
  const user = await getUser(id), x = 1;
  const orders = await getOrders(id);
  return [user, x, orders];
}`,
    reason: /declares several variables cannot be combined/,
  },
  {
    name: 'a stale finding whose range no longer starts at a statement',
    code: `${DECLARES}async function f(id: string) {
  const user = await getUser(id);
  const orders = await getOrders(id);
  return [user, orders];
}`,
    finding: (code) => {
      const hand = handFinding(code)!;
      return { ...hand, range: { start: hand.range.start + 3, end: hand.range.end } };
    },
    reason: /no longer matches the finding/,
  },
  {
    name: 'a `@ts-expect-error` comment would move off its line',
    code: `${DECLARES}async function f(id: string) {
  const user = await getUser(id);
  // @ts-expect-error the id is a number in old records
  const orders = await getOrders(Number(id));
  return [user, orders];
}`,
    reason: /the comment `\/\/ @ts-expect-error the id is a number/,
  },
  {
    name: 'a moved line without `;` would run into the next statement',
    code: `${DECLARES}async function f(id: string) {
  const user = await getUser(id);
  const name = user.name
  const orders = await getOrders(id);
  (globalThis as { last?: unknown }).last = [name, orders];
}`,
    reason: /would run into each other .* add the missing semicolons first/,
  },
  {
    name: 'two Promise.all batches back to back',
    code: `${DECLARES}async function f(id: string, other: string) {
  const [user, orders] = await Promise.all([getUser(id), getOrders(id)]);
  const [friend, theirs] = await Promise.all([getUser(other), getOrders(other)]);
  return [user, orders, friend, theirs];
}`,
    reason: /the second await \(`Promise\.all\(…\)`\) is a `Promise\.all`\/`allSettled` right after another; back-to-back batches are often deliberate/,
  },
  {
    name: 'an await that repeats an element of the Promise.all before it',
    code: `${DECLARES}async function f(id: string) {
  const [user, orders] = await Promise.all([getUser(id), getOrders(id)]);
  const again = await getUser(id);
  return [user, orders, again];
}`,
    reason: /the second await \(`getUser\(id\)`\) repeats an operation of the other/,
  },
  {
    name: 'a destructuring default calls a function',
    code: `${DECLARES}declare function fallbackName(): string;
async function f(id: string) {
  const { name = fallbackName() } = await getUser(id);
  const orders = await getOrders(id);
  return [name, orders];
}`,
    reason: /destructuring defaults of the first await call functions/,
  },
];

function refusalOf(r: Refusal): string {
  const finding = r.finding ? r.finding(r.code) : handFinding(r.code);
  assert.ok(finding, 'the refusal case has no group of awaits');
  const outcome = runFix(r.code, finding, r.types ?? false);
  assert.equal(outcome.ok, false, outcome.ok ? `offered:\n${applyTextEdits(r.code, outcome.fix.edits)}` : '');
  return outcome.ok ? '' : outcome.reason;
}

describe('fix: run-awaits-concurrently refuses, with the reason', () => {
  for (const r of refusals) {
    it(r.name, () => {
      assert.match(refusalOf(r), r.reason);
    });
  }
});

describe('fix: run-awaits-concurrently on odd input', () => {
  const code = `${DECLARES}async function f(id: string) {
  const user = await getUser(id);
  // between
  const orders = await getOrders(id);
  return [user, orders];
}
`;

  it('never throws, whatever range a finding claims', () => {
    const sourceFile = parseSource(INPUT_FILE, code);
    const scopes = createScopeIndex(sourceFile);
    const hand = handFinding(code)!;
    let offered = 0;
    const starts = [hand.range.start];
    for (let start = -1; start <= code.length + 1; start += 7) starts.push(start);
    for (const start of starts) {
      for (const end of [start, start + 1, start + 40, code.length, code.length + 5, hand.range.end]) {
        for (const related of [[], hand.related]) {
          const finding: Finding = { ...hand, range: { start, end }, related };
          const outcome = runAwaitsConcurrentlyFix.create({
            finding, fileName: INPUT_FILE, text: code, sourceFile, scopes, types: undefined, project: FACTS,
          });
          if (outcome.ok) offered++;
          else assert.ok(outcome.reason.length > 10);
        }
      }
    }
    assert.ok(offered >= 1, 'the real range should still be fixable');
  });

  const fixedCode = (text: string): string => {
    const outcome = runFix(text, handFinding(text)!, false);
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
    return applyTextEdits(text, outcome.fix.edits);
  };

  it('keeps comments from every corner of the statements', () => {
    const text = `${DECLARES}async function f(id: string) {
  const user = /* a */ await /* b */ getUser(id) /* c */; // d
  const orders /* e */ = await getOrders(id); /* f */
  return [user, orders];
}
`;
    assert.equal(fixedCode(text), `${DECLARES}async function f(id: string) {
  /* a */
  /* b */
  /* c */
  /* e */
  const [user, orders] = await Promise.all([
    getUser(id), // d
    getOrders(id), /* f */
  ]);
  return [user, orders];
}
`);
  });

  it('keeps `let` when every declaration of the group is `let`', () => {
    const text = `${DECLARES}async function f(id: string) {
  let user = await getUser(id);
  let orders = await getOrders(id);
  user = normalize(user);
  return [user, orders];
}`;
    assert.match(fixedCode(text), /\n  let \[user, orders\] = await Promise\.all\(\[getUser\(id\), getOrders\(id\)\]\);\n  user = normalize\(user\);/);
  });

  it('moves a function declaration between the awaits after them (it is hoisted)', () => {
    const text = `${DECLARES}async function f(id: string) {
  const user = await getUser(id);
  function label() { return 'x'; }
  const orders = await getOrders(id);
  return [user, orders, label()];
}`;
    assert.match(fixedCode(text), /\n  const \[user, orders\] = await Promise\.all\(\[getUser\(id\), getOrders\(id\)\]\);\n  function label\(\) \{ return 'x'; \}\n  return/);
  });

  it('says in the behaviour note when statements move after the group', () => {
    const text = `${DECLARES}async function f(id: string) {
  const user = await getUser(id);
  const name = user.name;
  const orders = await getOrders(id);
  return [name, orders];
}`;
    const outcome = runFix(text, handFinding(text)!, false);
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
    assert.match(outcome.fix.behaviourNote ?? '', /statement between the awaits now runs after all of them/);
    assert.match(outcome.fix.title, /^Run 2 awaits concurrently/);
  });

  it('puts a leading `;` before `[a, b] = …` only when the previous line could swallow it', () => {
    const base = (previous: string) => `${DECLARES}let user: User | undefined
let orders: number[] = []
async function f(id: string) {
  let u: User | undefined
  let o: number[] = []
  ${previous}
  u = await getUser(id)
  o = await getOrders(id)
  return [u, o]
}`;
    const fixedWith = (previous: string) => {
      const text = base(previous);
      const outcome = runFix(text, handFinding(text)!, false);
      assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
      return outcome.fix.edits[0]!.newText;
    };
    assert.match(fixedWith('if (id) { o = [] }'), /^\[u, o\] = /);
    assert.match(fixedWith('const x = { id }'), /^;\[u, o\] = /);
    assert.match(fixedWith('o.push(1);'), /^\[u, o\] = /);
  });
});
