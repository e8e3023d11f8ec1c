import * as assert from 'node:assert/strict';
import { ts } from 'ts-morph';
import { isKnownArray } from '../../src/core/array-kind';
import { parseSource } from '../../src/core/engine';
import { createScopeIndex } from '../../src/core/scope';

/** `declarations` then `probe(<expression>)`: is the expression known to be an array, for a fix and for a cost estimate? */
function verdicts(declarations: string, expression: string): { fix: boolean; cost: boolean } {
  const sf = parseSource('a.ts', `${declarations}\nprobe(${expression});\n`);
  const scopes = createScopeIndex(sf);
  const last = sf.statements.at(-1) as ts.ExpressionStatement;
  const argument = (last.expression as ts.CallExpression).arguments[0]!;
  return { fix: isKnownArray(argument, scopes, undefined), cost: isKnownArray(argument, scopes, undefined, { trustMethodNames: true }) };
}

describe('array-kind', () => {
  const cases: Array<[string, string, string, { fix: boolean; cost: boolean }]> = [
    ['an array literal', '', '[1, 2]', { fix: true, cost: true }],
    ['a const built from an array literal by .map', 'const ids = [1, 2].map((n) => n * 2);', 'ids', { fix: true, cost: true }],
    ['.map of an unknown receiver: a fix cannot be sure, a cost estimate can', 'declare const rows: any;', 'rows.map((r: any) => r.id)', { fix: false, cost: true }],
    ['awaiting an unknown call', 'declare function load(): Promise<any>;', 'await load()', { fix: false, cost: false }],
    ['awaiting a .filter result', 'declare const q: any;', 'await q.filter(Boolean)', { fix: false, cost: true }],
    ['split with a separator', "const text = 'a,b';", "text.split(',')", { fix: true, cost: true }],
    ['split with no separator: the whole text in one item', "const text = 'a,b';", 'text.split()', { fix: true, cost: false }],
    ['a const annotated as a readonly array', 'declare const tags: readonly string[];', 'tags', { fix: true, cost: true }],
    ['a const annotated as something else', 'declare const tags: Set<string>;', 'tags', { fix: false, cost: false }],
    ['a let, which may hold anything later', 'let list = [1];', 'list', { fix: false, cost: false }],
    ['a string', "const name = 'abc';", 'name', { fix: false, cost: false }],
    ['Object.keys and Array.from', 'declare const o: object;', 'Object.keys(o)', { fix: true, cost: true }],
  ];
  for (const [title, declarations, expression, expected] of cases) {
    it(title, () => assert.deepEqual(verdicts(declarations, expression), expected));
  }
});
