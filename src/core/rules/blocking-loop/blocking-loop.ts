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

const BLOCKS = 'blocking the event loop: no other request, timer or I/O callback runs until it finishes.';
const TAIL = `${BLOCKS} Move it to a worker thread.`;

export const blockingLoop: Rule = {
  meta: {
    id: 'blocking-loop',
    type: 'problem',
    description: 'A CPU-heavy loop running where it blocks the event loop (async functions, handlers, timers); move it to a worker thread or split it into chunks.',
    messages: {
      largeBound: `This loop runs {{count}} iterations synchronously in {{where}}, ${TAIL}`,
      nestedInput: `This loop runs nested loops over {{collection}} (input-sized) synchronously in {{where}}: the work multiplies with the input, ${BLOCKS} {{remedy}}`,
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

const WORKER_REMEDY = 'Move it to a worker thread.';
/** A join: for each item the inner loop searches the other list for a key. Less work beats more threads. */
const LOOKUP_REMEDY = 'For every item it searches {{searched}} with {{lookup}}: build a Map or Set of {{searched}} once before the loop, keyed by what the search compares, and each lookup takes constant time (or move the loop to a worker thread).';

const SEARCH_METHODS = new Set(['find', 'findIndex', 'findLast', 'findLastIndex', 'some', 'every', 'filter']);
const MEMBERSHIP_METHODS = new Set(['includes', 'indexOf', 'lastIndexOf']);

/**
 * `roles.find((r) => r.userId === u.id)`, `ids.includes(row.id)`: an inner loop that looks an item up by
 * equality, which a Map or Set built once answers in constant time. A search by range or by a computed
 * score (`r.start <= t && t < r.end`) is not: an index keyed by value does not answer it.
 */
function lookupIn(inner: LoopNode): string | undefined {
  // `for (const order of orders) { if (order.userId === user.id) … }`: the same search, written out.
  if (ts.isForOfStatement(inner)) {
    let body: ts.Statement = inner.statement;
    if (ts.isBlock(body) && body.statements.length === 1) body = body.statements[0]!;
    return ts.isIfStatement(body) && !body.elseStatement && comparesByEquality(body.expression) ? 'a test of equal keys' : undefined;
  }
  if (!ts.isCallExpression(inner) || !ts.isPropertyAccessExpression(inner.expression)) return undefined;
  const method = inner.expression.name.text;
  if (MEMBERSHIP_METHODS.has(method)) return `.${method}()`;
  if (!SEARCH_METHODS.has(method)) return undefined;
  const callback = inner.arguments[0];
  if (!callback || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) return undefined;
  return comparesByEquality(callback.body) ? `.${method}()` : undefined;
}

/** The predicate is equality tests joined by `&&` (`r.userId === u.id && r.env === env`), maybe in a `return`. */
function comparesByEquality(body: ts.Node): boolean {
  let e: ts.Node = body;
  if (ts.isBlock(e)) {
    if (e.statements.length !== 1 || !ts.isReturnStatement(e.statements[0]!) || !e.statements[0].expression) return false;
    e = e.statements[0].expression;
  }
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  if (!ts.isBinaryExpression(e)) return false;
  const op = e.operatorToken.kind;
  if (op === ts.SyntaxKind.AmpersandAmpersandToken) return comparesByEquality(e.left) && comparesByEquality(e.right);
  return op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
}

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
      const lookup = cost.detail.depth === 2 ? lookupIn(inner) : undefined;
      const join = lookup ? { lookup, searched: cost.detail.collections[1]! } : undefined;
      data = {
        collection: cost.detail.collections.join(' and '),
        where,
        remedy: join ? fill(LOOKUP_REMEDY, join) : WORKER_REMEDY,
        ...join,
      };
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
  // A cost that holds whatever the data (a stated count, work slow by design) is a warning; one that holds
  // only if lists the code does not size are large is information: on real code most are small.
  context.report({ messageId: cost.reason, node: loop, data, related, severity: cost.sizeInferred ? 'info' : undefined });
}
