import type { Fix } from '../fix';

/** Placeholder: replaced by the real fix. */
export const runIterationsBoundedFix: Fix = {
  id: 'run-iterations-bounded',
  ruleIds: ['await-in-loop'],
  create() {
    return { ok: false, fixId: 'run-iterations-bounded', reason: 'not implemented yet' };
  },
};
