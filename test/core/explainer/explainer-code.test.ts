import * as assert from 'node:assert/strict';
import { changedLines, compareCode, dedent } from '../../../src/vscode/explainer-code';
import { HASHING, spanOf } from './explainer-fixtures';

describe('explainer code comparison', () => {
  it('marks lines outside the longest common subsequence', () => {
    assert.deepEqual(changedLines(['a', 'b', 'c'], ['a', 'x', 'c', 'd']), { a: [false, true, false], b: [false, true, false, true] });
  });

  it('removes shared indentation only', () => {
    assert.deepEqual(dedent(['    a', '      b', '', '    c']), ['a', '  b', '', 'c']);
  });

  it('shows edits that touch the finding in place, lists the others and new files', () => {
    const loop = spanOf(HASHING, "for (let i = 0; i < 1_000_000; i++) {\n    digest = createHash('sha256').update(digest).digest('hex');\n  }");
    const fix = {
      files: [
        {
          fileName: '/w/hash.ts',
          create: false,
          edits: [
            { span: spanOf(HASHING, "import { createHash } from 'node:crypto';"), newText: "import { Worker } from 'node:worker_threads';" },
            { span: loop, newText: 'digest = await runInWorker({ digest });' },
          ],
        },
        { fileName: '/w/hash.worker.ts', create: true, edits: [], text: '// the loop\nparentPort.postMessage(1);\n' },
      ],
    };
    const code = compareCode(HASHING, loop, fix, 'hash.ts');
    assert.ok(code.fixed.some((l) => l.changed && l.text.includes('runInWorker')));
    assert.ok(code.current.some((l) => l.changed && l.text.startsWith('for (let i = 0')));
    assert.ok(!code.fixed.some((l) => l.text.includes('node:worker_threads')), 'the import edit is far from the loop');
    assert.deepEqual(code.otherChanges.map((c) => c.where), ['Changes line 1', 'Creates hash.worker.ts']);
    assert.equal(code.otherChanges[1]!.text, '// the loop\nparentPort.postMessage(1);');
    // One line of context on each side, unchanged.
    assert.equal(code.current[0]!.text, 'let digest = seed;');
    assert.equal(code.current[0]!.changed, false);
    assert.equal(code.current[code.current.length - 1]!.text, 'return digest;');
  });

  it('handles CRLF text and no fix', () => {
    const text = 'a\r\n  b\r\n  c\r\nd';
    const code = compareCode(text, { start: { line: 1, character: 2 }, end: { line: 2, character: 3 } }, undefined, 'f.ts');
    assert.deepEqual(code.current.map((l) => l.text), ['a', '  b', '  c', 'd']);
    assert.ok(code.current.every((l) => !l.changed));
    assert.deepEqual(code.fixed, []);
    assert.equal(code.fixedCaption, 'No automatic fix');
  });
});
