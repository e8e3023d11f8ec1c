import { ts } from 'ts-morph';
import { detectCodeStyle, type Fix } from '../fix';

const MARKER = 'workload-shape-disable-next-line';

/** Nodes inside which a new line of text would change the program (or JSX, where `//` is text). */
function isTextContext(node: ts.Node): boolean {
  return (
    ts.isTemplateExpression(node) ||
    ts.isNoSubstitutionTemplateLiteral(node) ||
    ts.isStringLiteral(node) ||
    ts.isJsxElement(node) ||
    ts.isJsxFragment(node) ||
    ts.isJsxText(node) ||
    ts.isJsxSelfClosingElement(node)
  );
}

function textContextAt(sourceFile: ts.SourceFile, position: number): boolean {
  let node: ts.Node | undefined = sourceFile;
  while (node) {
    if (node !== sourceFile && isTextContext(node)) return true;
    let next: ts.Node | undefined;
    ts.forEachChild(node, (child) => {
      if (!next && child.getStart(sourceFile) < position && position < child.getEnd()) next = child;
    });
    node = next;
  }
  return false;
}

/**
 * Inserts `// workload-shape-disable-next-line <rule-id>` above the finding's first line, with
 * that line's indentation; extends an existing comment there instead of stacking a second one.
 */
export const disableNextLineFix: Fix = {
  id: 'disable-next-line',
  ruleIds: ['sequential-awaits', 'await-in-loop', 'blocking-loop', 'blocking-sync-call'],
  create({ finding, text, sourceFile }) {
    const style = detectCodeStyle(text);
    const lineStart = text.lastIndexOf('\n', finding.range.start - 1) + 1;
    if (textContextAt(sourceFile, lineStart)) {
      return { ok: false, fixId: 'disable-next-line', reason: 'the line starts inside a string, template or JSX, where a comment line would change the program' };
    }
    const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
    const title = `Disable ${finding.ruleId} for this line`;
    // An existing disable comment on the line above: add this rule to it.
    const previousEnd = lineStart - 1 - (text[lineStart - 2] === '\r' ? 1 : 0);
    if (lineStart > 0) {
      const previousStart = text.lastIndexOf('\n', previousEnd - 1) + 1;
      const previous = text.slice(previousStart, previousEnd);
      const match = new RegExp(`^([ \\t]*//\\s*${MARKER})((?:[ \\t]+[\\w-]+,?)*)[ \\t]*$`).exec(previous);
      if (match) {
        if (match[2]!.split(/[\s,]+/).includes(finding.ruleId)) {
          return { ok: false, fixId: 'disable-next-line', reason: 'the line is already disabled for this rule' };
        }
        const insertAt = previousStart + match[1]!.length + match[2]!.length;
        const separator = match[2]!.trim() ? ', ' : ' ';
        return {
          ok: true,
          fix: { fixId: 'disable-next-line', title, safety: 'preserves-behaviour', preferred: false, edits: [{ start: insertAt, end: insertAt, newText: `${separator}${finding.ruleId}` }], newFiles: [] },
        };
      }
    }
    return {
      ok: true,
      fix: {
        fixId: 'disable-next-line',
        title,
        safety: 'preserves-behaviour',
        preferred: false,
        edits: [{ start: lineStart, end: lineStart, newText: `${indent}// ${MARKER} ${finding.ruleId}${style.newline}` }],
        newFiles: [],
      },
    };
  },
};
