import type { Rule } from '../../rule';

/** Placeholder: replaced by the real rule. */
export const awaitInLoop: Rule = {
  meta: {
    id: 'await-in-loop',
    type: 'suggestion',
    description: 'TODO',
    messages: {},
    defaultSeverity: 'warning',
  },
  create() {
    return {};
  },
};
