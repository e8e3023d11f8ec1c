import type { Fix } from '../fix';

/** Placeholder: replaced by the real fix. */
export const runAwaitsConcurrentlyFix: Fix = {
  id: 'run-awaits-concurrently',
  ruleIds: ['sequential-awaits'],
  create() {
    return { ok: false, fixId: 'run-awaits-concurrently', reason: 'not implemented yet' };
  },
};
