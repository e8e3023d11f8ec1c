import type { Fix } from '../fix';

/** Placeholder: replaced by the real fix. */
export const moveToWorkerFix: Fix = {
  id: 'move-to-worker',
  ruleIds: ['blocking-loop'],
  create() {
    return { ok: false, fixId: 'move-to-worker', reason: 'not implemented yet' };
  },
};
