import * as assert from 'node:assert/strict';
import { shiftRange, type Range } from '../../../src/vscode/explainer-range';

const r = (l1: number, c1: number, l2: number, c2: number): Range => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });

describe('explainer range: following the code through edits', () => {
  const range = r(10, 2, 11, 40);

  it('moves down when lines are inserted above', () => {
    assert.deepEqual(shiftRange(range, [{ range: r(3, 0, 3, 0), text: 'a\nb\n' }]), r(12, 2, 13, 40));
  });

  it('moves up when lines above are deleted', () => {
    assert.deepEqual(shiftRange(range, [{ range: r(3, 0, 5, 0), text: '' }]), r(8, 2, 9, 40));
  });

  it('stays put for edits below', () => {
    assert.deepEqual(shiftRange(range, [{ range: r(20, 0, 20, 0), text: 'x\n' }]), range);
  });

  it('moves along its own line when text is inserted before it there', () => {
    assert.deepEqual(shiftRange(range, [{ range: r(10, 0, 10, 0), text: '  ' }]), r(10, 4, 11, 40));
  });

  it('grows with an edit inside it', () => {
    assert.deepEqual(shiftRange(range, [{ range: r(11, 5, 11, 5), text: 'abc' }]), r(10, 2, 11, 43));
    assert.deepEqual(shiftRange(range, [{ range: r(10, 20, 10, 25), text: 'one\ntwo' }]), r(10, 2, 12, 40));
  });

  it('collapses onto a replacement that swallows it', () => {
    assert.deepEqual(shiftRange(range, [{ range: r(9, 0, 12, 0), text: 'z' }]), r(9, 0, 9, 1));
  });

  it('applies several changes in order', () => {
    assert.deepEqual(shiftRange(range, [{ range: r(20, 0, 20, 0), text: 'x\n' }, { range: r(0, 0, 0, 0), text: '\n' }]), r(11, 2, 12, 40));
  });
});
