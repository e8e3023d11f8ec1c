import type { Rule } from '../../rule';

/** Placeholder: replaced by the real rule. */
export const blockingSyncCall: Rule = {
  meta: {
    id: 'blocking-sync-call',
    type: 'suggestion',
    description: 'TODO',
    messages: {},
    defaultSeverity: 'warning',
  },
  create() {
    return {};
  },
};
