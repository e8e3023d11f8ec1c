import type { Fix } from '../fix';

/** Placeholder: replaced by the real fix. */
export const runIterationsConcurrentlyFix: Fix = {
  id: 'run-iterations-concurrently',
  ruleIds: ['await-in-loop'],
  create() {
    return { ok: false, fixId: 'run-iterations-concurrently', reason: 'not implemented yet' };
  },
};
