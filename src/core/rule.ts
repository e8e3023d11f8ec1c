import type { ts } from 'ts-morph';
import type { RelatedLocation, RuleId, Severity, TextRange } from './finding';
import type { ScopeIndex } from './scope';

/** Settings a user can give per rule (severity lives beside it, in AnalysisSettings). */
export interface LoopCostThresholds {
  /** A numeric loop bound at or above this is "large". */
  largeIterationCount: number;
  /** Nesting depth over input-sized collections that counts as heavy. */
  nestedDepth: number;
}

export const DEFAULT_LOOP_COST_THRESHOLDS: LoopCostThresholds = {
  largeIterationCount: 10_000,
  nestedDepth: 2,
};

export interface RuleMeta {
  id: RuleId;
  type: 'problem' | 'suggestion';
  /** One sentence, shown in docs and SARIF. */
  description: string;
  /** Message templates by id; placeholders are `{{name}}`. */
  messages: Record<string, string>;
  defaultSeverity: Severity;
}

/**
 * What the type checker can tell, when a project with a tsconfig is available.
 * Every answer may be `undefined`: "don't know", in which case rules fall back to syntax.
 */
export interface TypeOracle {
  /** Is the expression's type a Promise or other thenable (or a union containing one)? */
  isThenable(expression: ts.Expression): boolean | undefined;
  /** The type of an expression as text, for messages and for fixes that keep annotations. */
  typeText?(expression: ts.Expression): string | undefined;
  /**
   * Any other type question: `question` gets the checker and the program's node matching
   * `expression` (our parse and the program's are different trees). Fixes use it for questions
   * only they ask, such as "can this value be copied to a worker thread?".
   */
  withChecker?<T>(expression: ts.Expression, question: (checker: ts.TypeChecker, node: ts.Expression) => T): T | undefined;
}

export interface ReportDescriptor {
  messageId: string;
  /** Either a node (its trimmed range is used) or an explicit range. */
  node?: ts.Node;
  range?: TextRange;
  data?: Record<string, string | number>;
  related?: RelatedLocation[];
  /**
   * This finding's severity when the user set none for the rule, if it differs from the rule's
   * `defaultSeverity`: a rule may rank what it sees by the strength of its evidence. The user's
   * setting for the rule still decides every finding's severity.
   */
  severity?: Severity;
}

export interface RuleContext {
  readonly sourceFile: ts.SourceFile;
  readonly scopes: ScopeIndex;
  /** Present only when a tsconfig/project gave type information. */
  readonly types: TypeOracle | undefined;
  readonly loopCost: LoopCostThresholds;
  report(descriptor: ReportDescriptor): void;
  /** The range of a node without its leading trivia. */
  rangeOf(node: ts.Node): TextRange;
}

/** Visitor keyed by SyntaxKind; the engine walks each file once and dispatches to every rule. */
export type RuleVisitor = Partial<Record<ts.SyntaxKind, (node: ts.Node) => void>>;

export interface Rule {
  meta: RuleMeta;
  create(context: RuleContext): RuleVisitor;
}

export function docsUrl(id: RuleId): string {
  return `https://github.com/workload-shape/workload-shape/blob/main/src/core/rules/${id}/${id}.md`;
}
