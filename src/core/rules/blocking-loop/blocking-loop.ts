import type { Rule } from '../../rule';

/** Placeholder: replaced by the real rule. */
export const blockingLoop: Rule = {
  meta: {
    id: 'blocking-loop',
    type: 'suggestion',
    description: 'TODO',
    messages: {},
    defaultSeverity: 'warning',
  },
  create() {
    return {};
  },
};
