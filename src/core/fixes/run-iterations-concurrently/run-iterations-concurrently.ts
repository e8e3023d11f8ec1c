import type { Fix } from '../fix';
import { asyncCallback, checkLoopRewrite, mapOver, namesUsedIn, planLoopRewrite, replacementText, resultStatement } from './loop-rewrite';

const FIX_ID = 'run-iterations-concurrently';

export const UNBOUNDED_BEHAVIOUR_NOTE =
  'Every iteration starts before any finishes. If one fails, the others are not stopped: Promise.all rejects with the ' +
  'first failure while the rest keep running (the loop would have stopped at the failing item). Side effects of ' +
  'different items may interleave; results still come back in loop order.';

/**
 * `for (const x of xs) { out.push(await f(x)); }` → `out.push(...(await Promise.all(xs.map(async (x) => f(x)))));`
 * Every iteration becomes an async callback; Promise.all over `map` keeps the results in loop order.
 */
export const runIterationsConcurrentlyFix: Fix = {
  id: FIX_ID,
  ruleIds: ['await-in-loop'],
  available(input) {
    // Once the checks pass, building the text never refuses.
    const checked = checkLoopRewrite(input);
    return checked.ok ? { ok: true } : { ok: false, reason: checked.reason };
  },
  create(input) {
    const plan = planLoopRewrite(input);
    if (!plan.ok) return { ok: false, fixId: FIX_ID, reason: plan.reason };
    const rewrite = plan.rewrite;
    const all = `Promise.all(${mapOver(rewrite, asyncCallback(rewrite))})`;
    const statement = resultStatement(rewrite, all, 'spread', namesUsedIn(input.sourceFile));
    return {
      ok: true,
      fix: {
        fixId: FIX_ID,
        title: 'Run the iterations together with Promise.all (all start at once; the first error wins)',
        safety: 'changes-error-order',
        behaviourNote: UNBOUNDED_BEHAVIOUR_NOTE,
        preferred: input.finding.messageId !== 'independentIterationsLarge',
        edits: [{ start: rewrite.start, end: rewrite.end, newText: replacementText(rewrite, [statement]) }],
        newFiles: [],
      },
    };
  },
};
