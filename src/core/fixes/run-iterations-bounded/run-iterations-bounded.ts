import { scriptKindFor } from '../../engine';
import { ts } from 'ts-morph';
import type { Fix, TextEdit } from '../fix';
import {
  asyncCallback, checkLoopRewrite, freshName, mapOver, namesUsedIn, placementOf, planLoopRewrite, replacementText, resultStatement,
} from '../run-iterations-concurrently/loop-rewrite';
import { appendHelper, chooseLimiter, ensureDefaultImport, existingHelper, HELPER_NAME, helperSource, type Limiter } from './concurrency-limiter';

const FIX_ID = 'run-iterations-bounded';

/** How many iterations may be in flight at once: enough to hide most latency, few enough for a connection pool or a rate limit. */
export const MAX_CONCURRENCY = 8;

const TITLES: Record<Limiter, string> = {
  'p-limit': `Run up to ${MAX_CONCURRENCY} iterations at a time with p-limit (the first error wins; queued items still run)`,
  'p-map': `Run up to ${MAX_CONCURRENCY} iterations at a time with p-map (the first error wins)`,
  helper: `Run up to ${MAX_CONCURRENCY} iterations at a time with a small pool function (the first error wins)`,
};

const ON_FAILURE: Record<Limiter, string> = {
  'p-limit': 'If one fails, Promise.all rejects with the first failure, but the items already queued still run (p-limit does not cancel them).',
  'p-map': 'If one fails, p-map rejects with the first failure and starts no further item; those already running finish in the background.',
  helper: 'If one fails, the pool rejects with the first failure and starts no further item; those already running finish in the background.',
};

const NOWHERE_TO_DECLARE = 'the loop does not stand on its own line in a block, so the limit has nowhere to be declared';

function behaviourNote(limiter: Limiter): string {
  return `Up to ${MAX_CONCURRENCY} iterations run at once instead of one after another (tune the \`concurrency\` constant). ` +
    `${ON_FAILURE[limiter]} Side effects of different items may interleave; results still come back in loop order.`;
}

/**
 * Like run-iterations-concurrently, but never more than MAX_CONCURRENCY iterations in flight: the
 * shape for collections that may be large (file descriptors, connection pools, rate limits).
 */
export const runIterationsBoundedFix: Fix = {
  id: FIX_ID,
  ruleIds: ['await-in-loop'],
  available(input) {
    const checked = checkLoopRewrite(input);
    if (!checked.ok) return { ok: false, reason: checked.reason };
    const placement = placementOf(checked, input.text);
    return !placement.inStatementList || placement.indent === undefined ? { ok: false, reason: NOWHERE_TO_DECLARE } : { ok: true };
  },
  create(input) {
    const plan = planLoopRewrite(input);
    if (!plan.ok) return { ok: false, fixId: FIX_ID, reason: plan.reason };
    const rewrite = plan.rewrite;
    if (!rewrite.inStatementList || rewrite.indent === undefined) {
      return { ok: false, fixId: FIX_ID, reason: NOWHERE_TO_DECLARE };
    }
    const { sourceFile, text, project } = input;
    const style = rewrite.style;
    const semicolon = style.semicolons ? ';' : '';
    const taken = namesUsedIn(sourceFile);
    const limiter = chooseLimiter(project.dependencies);
    const concurrency = freshName('concurrency', taken);
    const statements = [`const ${concurrency} = ${MAX_CONCURRENCY}${semicolon}`];
    const edits: TextEdit[] = [];
    const isTypeScript = [ts.ScriptKind.TS, ts.ScriptKind.TSX].includes(scriptKindFor(input.fileName));

    if (limiter === 'p-limit' || limiter === 'p-map') {
      const imported = ensureDefaultImport(
        sourceFile, limiter, limiter === 'p-limit' ? 'pLimit' : 'pMap', taken, style, project.moduleFormat, isTypeScript, freshName,
      );
      if (imported.edit) edits.push(imported.edit);
      if (limiter === 'p-limit') {
        const limit = freshName('limit', taken);
        statements.push(`const ${limit} = ${imported.name}(${concurrency})${semicolon}`);
        const callback = `(${rewrite.parameters}) => ${limit}(async () => ${rewrite.body})`;
        statements.push(resultStatement(rewrite, `Promise.all(${mapOver(rewrite, callback)})`, 'loop', taken));
      } else {
        const options = concurrency === 'concurrency' ? '{ concurrency }' : `{ concurrency: ${concurrency} }`;
        // p-map infers its items' type from the list: from a list typed `any` it gets `unknown`, where the loop's
        // item was `any`, and every use of it would stop compiling. Spread into an array, the list is `any[]`.
        // (Asked of the checker: without types nothing tells an `any` list, and such a run keeps the list as is.)
        const anyList = isTypeScript && rewrite.collection !== undefined &&
          input.types?.withChecker?.(rewrite.collection, (checker, node) => (checker.getTypeAtLocation(node).flags & ts.TypeFlags.Any) !== 0) === true;
        const list = anyList ? `[...${rewrite.items}]` : rewrite.items;
        statements.push(resultStatement(rewrite, `${imported.name}(${list}, ${asyncCallback(rewrite)}, ${options})`, 'loop', taken));
      }
    } else {
      let helper = existingHelper(sourceFile);
      if (!helper) {
        helper = freshName(HELPER_NAME, taken);
        edits.push(appendHelper(text, helperSource(helper, isTypeScript, style), style));
      }
      statements.push(resultStatement(rewrite, `${helper}(${rewrite.items}, ${concurrency}, ${asyncCallback(rewrite)})`, 'loop', taken));
    }

    edits.push({ start: rewrite.start, end: rewrite.end, newText: replacementText(rewrite, statements) });
    return {
      ok: true,
      fix: {
        fixId: FIX_ID,
        title: TITLES[limiter],
        safety: 'changes-error-order',
        behaviourNote: behaviourNote(limiter),
        preferred: input.finding.messageId === 'independentIterationsLarge',
        edits,
        newFiles: [],
      },
    };
  },
};
