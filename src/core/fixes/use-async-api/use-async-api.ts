import type { Fix } from '../fix';

/** Placeholder: replaced by the real fix. */
export const useAsyncApiFix: Fix = {
  id: 'use-async-api',
  ruleIds: ['blocking-sync-call'],
  create() {
    return { ok: false, fixId: 'use-async-api', reason: 'not implemented yet' };
  },
};
