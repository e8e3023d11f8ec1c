import * as assert from 'node:assert/strict';
import { parseExplainerTarget, parseExtensionMessage, parseWebviewMessage, parseWebviewState } from '../../../src/vscode/explainer-protocol';

describe('explainer protocol: messages from the webview', () => {
  it('accepts exactly the three message shapes', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'applyFix', fixId: 'r1-fix' }), { type: 'applyFix', fixId: 'r1-fix' });
    assert.deepEqual(parseWebviewMessage({ type: 'reveal', locationId: 'await-2' }), { type: 'reveal', locationId: 'await-2' });
    assert.deepEqual(parseWebviewMessage({ type: 'refresh' }), { type: 'refresh' });
  });

  it('rejects anything else', () => {
    const rejected: unknown[] = [
      undefined,
      null,
      'applyFix',
      [],
      { type: 'applyFix' },
      { type: 'applyFix', fixId: 42 },
      { type: 'applyFix', fixId: '' },
      { type: 'applyFix', fixId: 'x'.repeat(65) },
      { type: 'applyFix', fixId: '../../etc' },
      { type: 'applyFix', fixId: 'r1-fix', uri: 'file:///etc/passwd' },
      { type: 'reveal', locationId: 'finding', range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } } },
      { type: 'reveal', uri: 'file:///etc/passwd' },
      { type: 'refresh', target: {} },
      { type: 'runCommand', command: 'workbench.action.terminal.new' },
    ];
    for (const raw of rejected) assert.equal(parseWebviewMessage(raw), undefined, JSON.stringify(raw));
  });
});

describe('explainer protocol: messages to the webview', () => {
  it('accepts fix results and document changes', () => {
    assert.deepEqual(parseExtensionMessage({ type: 'fixResult', fixId: 'a', outcome: 'applied', text: 't' }), { type: 'fixResult', fixId: 'a', outcome: 'applied', text: 't' });
    assert.deepEqual(parseExtensionMessage({ type: 'documentChanged', text: 't' }), { type: 'documentChanged', text: 't' });
  });

  it('rejects unknown outcomes and types', () => {
    assert.equal(parseExtensionMessage({ type: 'fixResult', fixId: 'a', outcome: 'maybe', text: 't' }), undefined);
    assert.equal(parseExtensionMessage({ type: 'html', text: '<b>' }), undefined);
    assert.equal(parseExtensionMessage({ type: 'documentChanged' }), undefined);
  });
});

describe('explainer protocol: targets and state', () => {
  const target = { uri: 'file:///w/a.ts', ruleId: 'sequential-awaits', range: { start: { line: 3, character: 2 }, end: { line: 4, character: 10 } } };

  it('accepts a well-formed target and copies only its known fields', () => {
    assert.deepEqual(parseExplainerTarget({ ...target, extra: 'dropped', range: { ...target.range, extra: 1 } }), target);
  });

  it('rejects malformed targets', () => {
    const bad: unknown[] = [
      { ...target, uri: '' },
      { ...target, uri: 7 },
      { ...target, uri: 'x'.repeat(5000) },
      { ...target, ruleId: 'Sequential Awaits' },
      { ...target, range: { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } } },
      { ...target, range: { start: { line: 1.5, character: 0 }, end: { line: 2, character: 0 } } },
      { ...target, range: { start: { line: 5, character: 0 }, end: { line: 4, character: 0 } } },
      { ...target, range: { start: { line: 4, character: 9 }, end: { line: 4, character: 3 } } },
      { ...target, range: undefined },
    ];
    for (const raw of bad) assert.equal(parseExplainerTarget(raw), undefined, JSON.stringify(raw));
  });

  it('reads back the state the webview kept, dropping what does not parse', () => {
    assert.deepEqual(parseWebviewState({ target, playedRender: 'abc_1' }), { target, playedRender: 'abc_1' });
    assert.deepEqual(parseWebviewState({ target: { uri: 1 }, playedRender: '<x>' }), {});
    assert.deepEqual(parseWebviewState(undefined), {});
  });
});
