import * as assert from 'node:assert/strict';
import { analyzeText, parseProblemOf, parseSource, walkSettingParents } from '../../src/core/engine';
import { createInMemoryProject, mappedOracle, typeOracleForChecker } from '../../src/core/project-host';
import { ts } from 'ts-morph';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeFileOnDisk } from '../../src/core/file-analysis';

describe('engine', () => {
  it('reports the first syntax error and no findings for a file that does not parse', () => {
    const result = analyzeText('broken.ts', 'async function f() {\n  const a = await ;\n}\n');
    assert.equal(result.findings.length, 0);
    assert.ok(result.parseProblem);
    assert.equal(result.parseProblem.range.start, 'async function f() {\n  const a = await '.length);
  });

  it('parses TSX as TSX', () => {
    assert.equal(parseProblemOf(parseSource('a.tsx', 'const x = <div>{1}</div>;')), undefined);
    assert.ok(parseProblemOf(parseSource('a.ts', 'const x = <div>{1}</div>;')));
  });

  it('survives any nesting the parser itself accepts', () => {
    const nested = (depth: number) => `export async function f() {\n  const x = ${'['.repeat(depth)}await g()${']'.repeat(depth)};\n  await h(x);\n}\n`;
    // Find the deepest nesting TypeScript's (recursive) parser accepts in this process, then analyse it.
    let lo = 10;
    let hi = 20_000;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      try {
        parseSource('deep.ts', nested(mid));
        lo = mid;
      } catch {
        hi = mid - 1;
      }
    }
    assert.ok(lo > 100, `the parser accepts ${lo} levels`);
    // The parser's own limit moves a little within one process (V8's frames are smaller once its code is
    // optimised), so re-parsing at exactly `lo` can overflow in the parser before our code runs at all;
    // 95% of it is still far deeper than anything our analysis could take recursively.
    assert.doesNotThrow(() => analyzeText('deep.ts', nested(Math.floor(lo * 0.95))));
  });

  it('sets every parent the parser would, JSDoc included, and visits nodes in source order, past its recursion limit too', () => {
    // Each node as "kind@pos-end", its parent the same way: comparable across two parses of one text.
    const id = (node: ts.Node | undefined): string => (node ? `${ts.SyntaxKind[node.kind]}@${node.pos}-${node.end}` : 'none');
    /** Every node with the parent it has, in source order; JSDoc trees after their node's children. Iterative. */
    const parentsOf = (root: ts.Node): string[] => {
      const out: string[] = [];
      const stack: ts.Node[] = [root];
      while (stack.length > 0) {
        const node = stack.pop()!;
        out.push(`${id(node)} < ${id(node.parent)}`);
        const children: ts.Node[] = [];
        ts.forEachChild(node, (child) => {
          children.push(child);
        });
        children.push(...((node as { jsDoc?: ts.Node[] }).jsDoc ?? []));
        stack.push(...children.reverse());
      }
      return out;
    };
    const texts = {
      'service.ts': [
        '/** Loads a user. @param id the user\'s id */',
        'export async function load(id: string): Promise<User> {',
        '  const [a, b] = await Promise.all([fetch(`/u/${id}`), db.query<{ n: number }>("select 1")]);',
        '  for (const x of a.items) if (x?.ok) b.push(x as never);',
        '  return { ...a, tags: b.map((t) => t.name) };',
        '}',
        'class C { /** @deprecated */ @dec() m<T>(this: C, ...rest: T[]) { return rest; } }',
      ].join('\n'),
      'view.tsx': 'export const V = ({ n }: { n: number }) => <ul>{[n].map((i) => <li key={i}>{i}</li>)}</ul>;',
      // A left-deep chain of 3,000 additions: far past the walk's recursion limit.
      'deep.ts': `const x = ${Array.from({ length: 3000 }, (_, i) => `a${i}`).join(' + ')};`,
    };
    for (const [name, text] of Object.entries(texts)) {
      const expected = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true, name.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
      const ours = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, false, name.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
      const visited: string[] = [];
      walkSettingParents(ours, (node) => visited.push(id(node)));
      const wanted = parentsOf(expected);
      assert.deepEqual(parentsOf(ours), wanted, name);
      // Visits: every node but JSDoc, parents before children, in source order.
      const inDocs = new Set<string>();
      const markDocs = (node: ts.Node): void => {
        inDocs.add(id(node));
        ts.forEachChild(node, markDocs);
      };
      const collectDocs = (node: ts.Node): void => {
        for (const doc of (node as { jsDoc?: ts.Node[] }).jsDoc ?? []) markDocs(doc);
        ts.forEachChild(node, collectDocs);
      };
      if (name !== 'deep.ts') collectDocs(expected);
      assert.deepEqual(visited, wanted.map((line) => line.split(' < ')[0]!).filter((node) => !inDocs.has(node)), name);
    }
    assert.ok(parentsOf(parseSource('service.ts', texts['service.ts'])).every((line, i) => i === 0 || !line.endsWith('< none')));
  });

  it('turns a file too deep even for the parser into an unreadable outcome, not a crash', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-engine-'));
    const file = path.join(dir, 'deeper.ts');
    fs.writeFileSync(file, `const x = ${'('.repeat(50_000)}1${')'.repeat(50_000)};`);
    const outcome = analyzeFileOnDisk(file, {});
    assert.equal(outcome.kind, 'unreadable');
    assert.match(outcome.kind === 'unreadable' ? outcome.problem.reason : '', /too deeply nested/);
  });

  it('settings can turn a rule off and restrict to chosen rules', () => {
    const code = `import { readFileSync } from 'fs';\nexport async function h() {\n  return readFileSync('a');\n}\n`;
    const all = analyzeText('h.ts', code).findings.map((f) => f.ruleId);
    assert.ok(all.includes('blocking-sync-call'));
    assert.deepEqual(analyzeText('h.ts', code, { severities: { 'blocking-sync-call': 'off' } }).findings, []);
    assert.deepEqual(analyzeText('h.ts', code, { only: ['blocking-loop'] }).findings, []);
    assert.deepEqual(analyzeText('h.ts', code, { severities: { 'blocking-sync-call': 'error' } }).findings.map((f) => f.severity), ['error']);
  });

  it('a rule may rank its findings by evidence; a severity the user sets applies to all of them', () => {
    // Heavy whatever the data (a stated count), and heavy only if two unsized lists are large.
    const code = `export async function h(users: User[], orders: Order[]) {
  let n = 0;
  for (let i = 0; i < 5_000_000; i++) n += i % 7;
  for (const u of users) for (const o of orders) if (o.userId === u.id) n++;
  return n;
}
`;
    const ranked = analyzeText('h.ts', code, { only: ['blocking-loop'] }).findings;
    assert.deepEqual(ranked.map((f) => [f.messageId, f.severity]), [['largeBound', 'warning'], ['nestedInput', 'info']]);
    const chosen = analyzeText('h.ts', code, { only: ['blocking-loop'], severities: { 'blocking-loop': 'warning' } }).findings;
    assert.deepEqual(chosen.map((f) => [f.messageId, f.severity]), [['largeBound', 'warning'], ['nestedInput', 'warning']]);
  });
});

describe('type oracle', () => {
  const project = createInMemoryProject({
    '/t.ts': `declare function f(): Promise<number>;\ndeclare const n: number;\ndeclare const u: number | Promise<number>;\ndeclare const a: any;\ndeclare const thenable: { then(cb: (v: number) => void): void };\nf(); n; u; a; thenable;\n`,
  });
  const program = project.getProgram().compilerObject;
  const oracle = typeOracleForChecker(program.getTypeChecker());
  const sf = program.getSourceFile('/t.ts')!;
  it('answers true for promises, unions with a promise and thenables; false for plain values; unknown for any', () => {
    const statements = sf.statements.slice(-5).map((s) => (s as ts.ExpressionStatement).expression);
    assert.deepEqual(statements.map((e) => oracle.isThenable(e)), [true, false, true, undefined, true]);
  });

  it('answers questions on our own parse through the program by position (mappedOracle)', () => {
    const text = 'declare const rows: Array<{ id: number }>;\nrows;\n';
    const typed = createInMemoryProject({ '/m.ts': text }).getProgram().compilerObject;
    const mapped = mappedOracle(typed.getSourceFile('/m.ts'), () => typed.getTypeChecker(), text)!;
    const ours = parseSource('/m.ts', text);
    const expression = (ours.statements[1] as ts.ExpressionStatement).expression;
    assert.equal(mapped.withChecker?.(expression, (checker, node) => checker.typeToString(checker.getTypeAtLocation(node))), '{ id: number; }[]');
    assert.equal(mapped.typeText?.(expression), '{ id: number; }[]');
    assert.equal(mappedOracle(typed.getSourceFile('/m.ts'), () => typed.getTypeChecker(), text + ' '), undefined, 'no answers for a different text');
  });
});
