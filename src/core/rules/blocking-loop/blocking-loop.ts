import { ts } from 'ts-morph';
import { executionContextThroughCallers, fileRoleOf } from '../../execution-context';
import type { RelatedLocation } from '../../finding';
import { ARRAY_LOOP_METHODS, asLoop, estimateLoopCost, loopHeaderEnd, type HeavyLoop, type LoopNode } from '../../loop-cost';
import { type Rule, type RuleContext } from '../../rule';

/**
 * A CPU-heavy loop where blocking the event loop matters (async functions, request/message/event
 * handlers, timers). The cost model is `loop-cost.ts`; where code runs is `execution-context.ts`.
 * Only the outermost heavy loop of a synchronous nest is reported: its inner loops are part of it.
 */

const TAIL = 'blocking the event loop: no other request, timer or I/O callback runs until it finishes. Move it to a worker thread.';

export const blockingLoop: Rule = {
  meta: {
    id: 'blocking-loop',
    type: 'problem',
    description: 'A CPU-heavy loop running where it blocks the event loop (async functions, handlers, timers); move it to a worker thread or split it into chunks.',
    messages: {
      largeBound: `This loop runs {{count}} iterations synchronously in {{where}}, ${TAIL}`,
      nestedInput: `This loop runs nested loops over {{collection}} (input-sized) synchronously in {{where}}: the work multiplies with the input, ${TAIL}`,
      heavyOperation: `This loop calls {{operation}} on every iteration over {{collection}} synchronously in {{where}}, ${TAIL}`,
      // Texts of the related locations.
      boundRelated: 'This bound makes {{count}} iterations.',
      innerLoopRelated: 'This inner loop over {{collection}} does not depend on the outer one: their iterations multiply.',
      operationRelated: '{{operation}} runs on every iteration.',
    },
    defaultSeverity: 'warning',
  },
  create(context) {
    /** Loops already judged as part of an enclosing synchronous loop. */
    const judged = new WeakSet<ts.Node>();

    // A script, a test or a config file: no loop of it runs where blocking matters. (A worker's file may also hold
    // the main thread's side, `if (isMainThread) { … }`: where each loop runs is asked below.)
    let wholeFileSilent: boolean | undefined;
    const check = (loop: LoopNode): void => {
      if (judged.has(loop)) return;
      if ((wholeFileSilent ??= !['module', 'worker-thread'].includes(fileRoleOf(context.sourceFile, context.scopes)))) return;
      // The cost first: most loops are cheap, and finding where a function runs (its callers, its registration)
      // costs about as much as walking a loop. The nest a loop judges runs in the same synchronous turn, so it
      // shares the loop's context, whatever that is.
      const cost = estimateLoopCost(loop, context);
      for (const inner of cost.nest) judged.add(inner);
      if (!cost.heavy) return;
      const where = executionContextThroughCallers(loop, context.scopes, { notFromLoops: true });
      if (!where.blockingMatters) return;
      report(context, loop, cost, where.where);
    };

    const onStatement = (node: ts.Node): void => check(node as ts.IterationStatement);
    return {
      [ts.SyntaxKind.ForStatement]: onStatement,
      [ts.SyntaxKind.ForOfStatement]: onStatement,
      [ts.SyntaxKind.ForInStatement]: onStatement,
      [ts.SyntaxKind.WhileStatement]: onStatement,
      [ts.SyntaxKind.DoStatement]: onStatement,
      [ts.SyntaxKind.CallExpression]: (node) => {
        // Cheap rejection first: most calls are not `xs.map(…)`-like.
        const callee = (node as ts.CallExpression).expression;
        if (!ts.isPropertyAccessExpression(callee) || !ARRAY_LOOP_METHODS.has(callee.name.text)) return;
        const loop = asLoop(node);
        if (loop) check(loop);
      },
    };
  },
};

function fill(template: string, data: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => data[key] ?? whole);
}

function report(context: RuleContext, loop: LoopNode, cost: HeavyLoop, where: string): void {
  const messages = blockingLoop.meta.messages;
  const related: RelatedLocation[] = [];
  let data: Record<string, string>;
  switch (cost.reason) {
    case 'largeBound': {
      data = { count: cost.detail.count.toLocaleString('en-US'), where };
      related.push({ range: context.rangeOf(cost.evidence), message: fill(messages.boundRelated!, data) });
      break;
    }
    case 'nestedInput': {
      const inner = cost.detail.innerLoop;
      data = { collection: cost.detail.collections.join(' and '), where };
      related.push({
        range: { start: inner.getStart(context.sourceFile), end: loopHeaderEnd(inner) },
        message: fill(messages.innerLoopRelated!, { collection: cost.detail.collections[cost.detail.collections.length - 1]! }),
      });
      break;
    }
    case 'heavyOperation': {
      data = { operation: cost.detail.operation, collection: cost.detail.collection, where };
      related.push({ range: context.rangeOf(cost.evidence), message: fill(messages.operationRelated!, data) });
      break;
    }
  }
  context.report({ messageId: cost.reason, node: loop, data, related });
}
