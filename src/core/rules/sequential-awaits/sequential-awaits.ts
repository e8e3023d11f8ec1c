import type { Rule } from '../../rule';

/** Placeholder: replaced by the real rule. */
export const sequentialAwaits: Rule = {
  meta: {
    id: 'sequential-awaits',
    type: 'suggestion',
    description: 'TODO',
    messages: {},
    defaultSeverity: 'warning',
  },
  create() {
    return {};
  },
};
