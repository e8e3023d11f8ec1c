import * as assert from 'node:assert/strict';
import { ts } from 'ts-morph';
import { parseSource } from '../../src/core/engine';
import { createScopeIndex, isReferenceIdentifier, sameFileCallee } from '../../src/core/scope';

/** Find the n-th identifier with this text (0-based) in source order. */
function identifiers(sf: ts.SourceFile, text: string): ts.Identifier[] {
  const out: ts.Identifier[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isIdentifier(n) && n.text === text) out.push(n);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

describe('scope', () => {
  it('resolves a reference to the nearest declaration and honours shadowing', () => {
    const sf = parseSource('a.ts', `const user = 1;\nfunction f(user: number) {\n  return user;\n}\nconst x = user;\n`);
    const scopes = createScopeIndex(sf);
    const [outerDecl, param, inner, outerRef] = identifiers(sf, 'user');
    assert.equal(scopes.resolve(inner!)?.declaration, param);
    assert.equal(scopes.resolve(inner!)?.kind, 'parameter');
    assert.equal(scopes.resolve(outerRef!)?.declaration, outerDecl);
    assert.equal(scopes.resolve(outerRef!), scopes.resolve(outerDecl!), 'one Binding object per binding');
  });

  it('knows imports: named with alias, default, namespace, import = require, require destructuring', () => {
    const sf = parseSource(
      'a.ts',
      `import { readFileSync as rf } from 'fs';\nimport fs from 'node:fs';\nimport * as zlib from 'zlib';\nimport cp = require('child_process');\nconst { execSync: run } = require('child_process');\nconst crypto = require('crypto');\nrf; fs; zlib; cp; run; crypto;\n`,
    );
    const scopes = createScopeIndex(sf);
    const last = (name: string) => identifiers(sf, name).at(-1)!;
    assert.deepEqual(scopes.resolve(last('rf'))?.import, { module: 'fs', exportName: 'readFileSync' });
    assert.deepEqual(scopes.resolve(last('fs'))?.import, { module: 'node:fs', exportName: 'default' });
    assert.deepEqual(scopes.resolve(last('zlib'))?.import, { module: 'zlib', exportName: '*' });
    assert.deepEqual(scopes.resolve(last('cp'))?.import, { module: 'child_process', exportName: '*' });
    assert.deepEqual(scopes.resolve(last('run'))?.required, { module: 'child_process', exportName: 'execSync' });
    assert.deepEqual(scopes.resolve(last('crypto'))?.required, { module: 'crypto', exportName: '*' });
  });

  it('hoists var to the function and keeps let in its block', () => {
    const sf = parseSource('a.ts', `function f() {\n  if (a) { var v = 1; let l = 2; }\n  return [v, l];\n}\n`);
    const scopes = createScopeIndex(sf);
    const v = identifiers(sf, 'v');
    const l = identifiers(sf, 'l');
    assert.equal(scopes.resolve(v[1]!)?.declaration, v[0]);
    assert.equal(scopes.resolve(l[1]!), undefined, 'block-scoped let is not visible after its block');
  });

  it('binds catch variables, loop variables and named function expressions', () => {
    const sf = parseSource('a.ts', `try {} catch (err) { err; }\nfor (const item of items) { item; }\nconst g = function self() { self; };\n`);
    const scopes = createScopeIndex(sf);
    assert.equal(scopes.resolve(identifiers(sf, 'err')[1]!)?.kind, 'catch');
    assert.equal(scopes.resolve(identifiers(sf, 'item')[1]!)?.kind, 'const');
    assert.equal(scopes.resolve(identifiers(sf, 'items')[0]!), undefined, 'a global stays unresolved');
    assert.equal(scopes.resolve(identifiers(sf, 'self')[1]!)?.kind, 'function');
  });

  it('tells references from property names, declarations and types', () => {
    const sf = parseSource('a.ts', `const a = { b: 1 };\na.b;\nlet t: a;\nconst { b: c } = a;\n`);
    const bs = identifiers(sf, 'b');
    assert.deepEqual(bs.map(isReferenceIdentifier), [false, false, false]);
    const as = identifiers(sf, 'a');
    assert.deepEqual(as.map(isReferenceIdentifier), [false, true, false, true]);
  });

  it('finds the function of this file a call runs: helpers, methods past their overloads, arrow properties when asked', () => {
    const sf = parseSource(
      'a.ts',
      [
        'const helper = (x: number) => x + 1;',
        'let later = (x: number) => x;',
        'class Repo {',
        '  load(id: string): string;',
        '  load(id: number): string;',
        '  load(id: unknown): string { return String(id); }',
        '  save = async (row: object) => row;',
        '  twice() {}',
        '  twice2 = 1;',
        '  run() { helper(1); later(2); this.load(3); this.save({}); this.save({}); this.missing(); }',
        '}',
      ].join('\n'),
    );
    const scopes = createScopeIndex(sf);
    const calls: ts.CallExpression[] = [];
    const visit = (n: ts.Node) => {
      if (ts.isCallExpression(n)) calls.push(n);
      ts.forEachChild(n, visit);
    };
    visit(sf);
    const [helper, later, load, save, saveAsProperty, missing] = calls.slice(-6); // String(id) comes first
    assert.equal(sameFileCallee(helper!, scopes)?.getText(sf), '(x: number) => x + 1');
    assert.equal(sameFileCallee(later!, scopes), undefined, 'a let may be reassigned');
    assert.equal(sameFileCallee(load!, scopes)?.getText(sf), 'load(id: unknown): string { return String(id); }');
    assert.equal(sameFileCallee(save!, scopes), undefined, 'a property only when asked');
    assert.equal(sameFileCallee(saveAsProperty!, scopes, { properties: true })?.getText(sf), 'async (row: object) => row');
    assert.equal(sameFileCallee(missing!, scopes), undefined);
  });
});
