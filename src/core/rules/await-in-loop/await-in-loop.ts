import { ts } from 'ts-morph';
import { fileRoleOf, isMigrationFile } from '../../execution-context';
import type { Rule } from '../../rule';
import { isFunctionScope } from '../../scope';
import { analyseLoop } from './loop-dependence';
import { isSmallLiteralCollection, loopShapeOf, stripExpression } from './loop-shape';

const MAX_COLLECTION_TEXT = 40;

/**
 * The loop whose iterations a node (an await, or an inner loop) holds up: the innermost loop whose
 * body contains it, within the same function. An await in a header that runs every time round
 * (`while (await more())`) makes that loop sequential by construction, so it yields no loop.
 */
export function enclosingLoop(node: ts.Node): ts.IterationStatement | undefined {
  let child: ts.Node = node;
  for (let p: ts.Node | undefined = node.parent; p; child = p, p = p.parent) {
    if (isFunctionScope(p) || ts.isClassStaticBlockDeclaration(p) || ts.isSourceFile(p)) return undefined;
    if (ts.isIterationStatement(p, false)) {
      if (child === p.statement) return p;
      // `for (const x of await list())`: evaluated once, before the first iteration.
      if ((ts.isForOfStatement(p) || ts.isForInStatement(p)) && child === p.expression) continue;
      return undefined;
    }
  }
  return undefined;
}

function collectionText(expression: ts.Expression, sourceFile: ts.SourceFile): string {
  const text = expression.getText(sourceFile).replace(/\s+/g, ' ');
  return text.length > MAX_COLLECTION_TEXT ? `${text.slice(0, MAX_COLLECTION_TEXT - 1)}…` : text;
}

export const awaitInLoop: Rule = {
  meta: {
    id: 'await-in-loop',
    type: 'suggestion',
    description: 'An await inside a loop whose iterations are independent: they wait one after another but could run together.',
    messages: {
      independentIterations:
        'Each iteration of this loop over {{collection}} waits for the previous one, but the iterations are independent: ' +
        'they could run together with Promise.all.',
      independentIterationsLarge:
        'Each iteration of this loop over {{collection}} waits for the previous one, but the iterations are independent: ' +
        'they could run together. The collection may be large: use a bounded pool (limit concurrency) rather than an unbounded Promise.all.',
      relatedLoop: 'the loop over {{collection}}',
    },
    defaultSeverity: 'warning',
  },
  create(context) {
    const { sourceFile, scopes, types } = context;
    // Tests and their doubles: fixtures are set up one after another on purpose (ids, timestamps, order
    // asserted later), and a few milliseconds of test time is not what a reviewer asks to change.
    // Asked lazily: most files have no await in a loop.
    let inTests: boolean | undefined;
    // Migrations run once, usually inside the migration's transaction, and step through the data in order.
    const isTestFile = (): boolean =>
      (inTests ??= isMigrationFile(sourceFile) || fileRoleOf(sourceFile, scopes) === 'test');
    // Each loop is judged once, from its first await; loops without an await are never looked at.
    const judged = new Set<ts.IterationStatement>();
    const reportedLoops = new Set<ts.IterationStatement>();

    /** An await counts for `loop` unless it sits in an inner loop that already has its own finding. */
    const countsFor = (awaited: ts.AwaitExpression, loop: ts.IterationStatement): boolean => {
      for (let inner = enclosingLoop(awaited); inner && inner !== loop; inner = enclosingLoop(inner)) {
        if (reportedLoops.has(inner)) return false;
      }
      return types?.isThenable(stripExpression(awaited.expression)) !== false;
    };

    /** Reports the loop if its iterations are independent; true when it did. */
    const judge = (loop: ts.IterationStatement): boolean => {
      if (isTestFile()) return false;
      const shape = loopShapeOf(loop, scopes);
      if (!shape) return false;
      const verdict = analyseLoop(shape, scopes);
      if (!verdict.independent) return false;
      const reported = verdict.perItemAwaits.find((awaited) => countsFor(awaited, loop));
      if (!reported) return false;
      const collection = collectionText(shape.collection, sourceFile);
      const small = isSmallLiteralCollection(shape.collection, scopes);
      context.report({
        messageId: small ? 'independentIterations' : 'independentIterationsLarge',
        node: reported,
        data: { collection },
        related: [{
          range: { start: loop.getStart(sourceFile), end: loop.statement.pos },
          message: awaitInLoop.meta.messages.relatedLoop!.replace('{{collection}}', collection),
        }],
      });
      reportedLoops.add(loop);
      return true;
    };

    return {
      [ts.SyntaxKind.AwaitExpression](node) {
        // From the innermost loop outwards: when an inner loop must stay sequential (pagination per
        // user), the loop around it may still be independent. Stop at the first finding.
        for (let loop = enclosingLoop(node); loop && !judged.has(loop); loop = enclosingLoop(loop)) {
          judged.add(loop);
          if (judge(loop)) return;
        }
      },
    };
  },
};
