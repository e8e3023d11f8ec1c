import type { Fix } from '../fix';

/** Placeholder: replaced by the real fix. */
export const disableNextLineFix: Fix = {
  id: 'disable-next-line',
  ruleIds: ['sequential-awaits', 'await-in-loop', 'blocking-loop', 'blocking-sync-call'],
  create() {
    return { ok: false, fixId: 'disable-next-line', reason: 'not implemented yet' };
  },
};
