import { ts } from 'ts-morph';
import { isAtLeast, type FileResult, type Finding, type ParseProblem, type RuleId, type Severity, type SeveritySetting, type TextRange } from './finding';
import { DEFAULT_LOOP_COST_THRESHOLDS, type LoopCostThresholds, type Rule, type RuleContext, type RuleVisitor, type TypeOracle } from './rule';
import { ALL_RULES } from './rules';
import { reverseFrom, scopeIndexFor } from './scope';
import { applySuppressions } from './suppressions';

export interface AnalysisSettings {
  /** Severity per rule; 'off' disables it. Without one, each finding has the severity its rule gives it. */
  severities?: Partial<Record<RuleId, SeveritySetting>>;
  /** Only these rules (the CLI's --rule). */
  only?: readonly RuleId[];
  /** Only findings at least this severe (the CLI's --min-severity); all when unset. */
  minSeverity?: Severity;
  loopCost?: Partial<LoopCostThresholds>;
}

export function scriptKindFor(fileName: string): ts.ScriptKind {
  if (/\.tsx$/i.test(fileName)) return ts.ScriptKind.TSX;
  if (/\.jsx$/i.test(fileName)) return ts.ScriptKind.JSX;
  if (/\.[mc]?js$/i.test(fileName)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

export function parseSource(fileName: string, text: string): ts.SourceFile {
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, /*setParentNodes*/ true, scriptKindFor(fileName));
}

/** The first syntax error of a file, if any (the parser recovers; we refuse to analyse a broken tree). */
export function parseProblemOf(sourceFile: ts.SourceFile): ParseProblem | undefined {
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics;
  const first = diagnostics?.[0];
  if (!first) return undefined;
  return {
    message: ts.flattenDiagnosticMessageText(first.messageText, '\n'),
    range: { start: first.start, end: first.start + first.length },
  };
}

function formatMessage(template: string, data: Record<string, string | number>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}

export function activeRules(settings: AnalysisSettings = {}): Rule[] {
  return ALL_RULES.filter((rule) => {
    if (settings.only && settings.only.length > 0 && !settings.only.includes(rule.meta.id)) return false;
    return (settings.severities?.[rule.meta.id] ?? rule.meta.defaultSeverity) !== 'off';
  });
}

/** Run every active rule over one parsed file: one tree walk, dispatching by node kind. */
export function analyzeSourceFile(sourceFile: ts.SourceFile, settings: AnalysisSettings = {}, types?: TypeOracle): Finding[] {
  const rules = activeRules(settings);
  if (rules.length === 0) return [];
  const findings: Finding[] = [];
  const scopes = scopeIndexFor(sourceFile);
  const loopCost = { ...DEFAULT_LOOP_COST_THRESHOLDS, ...settings.loopCost };
  const rangeOf = (node: ts.Node): TextRange => ({ start: node.getStart(sourceFile), end: node.getEnd() });

  // Handlers by node kind, in an array indexed by kind: looked up at every node of the file.
  const dispatch: Array<Array<(node: ts.Node) => void> | undefined> = new Array(ts.SyntaxKind.Count).fill(undefined);
  for (const rule of rules) {
    const severitySetting = settings.severities?.[rule.meta.id];
    const chosen = severitySetting && severitySetting !== 'off' ? severitySetting : undefined;
    const context: RuleContext = {
      sourceFile,
      scopes,
      types,
      loopCost,
      rangeOf,
      report(descriptor) {
        const template = rule.meta.messages[descriptor.messageId];
        if (template === undefined) throw new Error(`${rule.meta.id}: unknown messageId '${descriptor.messageId}'`);
        const range = descriptor.range ?? (descriptor.node ? rangeOf(descriptor.node) : undefined);
        if (!range) throw new Error(`${rule.meta.id}: report needs a node or a range`);
        const severity = chosen ?? descriptor.severity ?? rule.meta.defaultSeverity;
        if (settings.minSeverity && !isAtLeast(severity, settings.minSeverity)) return;
        const data = descriptor.data ?? {};
        findings.push({
          ruleId: rule.meta.id,
          messageId: descriptor.messageId,
          message: formatMessage(template, data),
          range,
          related: descriptor.related ?? [],
          severity,
          data,
        });
      },
    };
    const visitor: RuleVisitor = rule.create(context);
    for (const [kind, handler] of Object.entries(visitor)) {
      if (!handler) continue;
      (dispatch[Number(kind)] ??= []).push(handler);
    }
  }

  // Iterative walk: deeply nested generated files must not overflow the stack.
  const stack: ts.Node[] = [sourceFile];
  const pushChild = (child: ts.Node): void => {
    stack.push(child);
  };
  while (stack.length > 0) {
    const node = stack.pop()!;
    const handlers = dispatch[node.kind];
    if (handlers) for (const handler of handlers) handler(node);
    const mark = stack.length;
    ts.forEachChild(node, pushChild);
    // Keep source order for the children (stack pops last-first).
    reverseFrom(stack, mark);
  }

  findings.sort((a, b) => a.range.start - b.range.start || a.ruleId.localeCompare(b.ruleId));
  return applySuppressions(sourceFile, findings);
}

/** Parse and analyse one file's text. A file with syntax errors yields a parse problem and no findings. */
export function analyzeText(fileName: string, text: string, settings: AnalysisSettings = {}, types?: TypeOracle): FileResult {
  return analyzeTextKeepingTree(fileName, text, settings, types).result;
}

/** Like analyzeText, and also returns the parse, for callers that go on to compute fixes. */
export function analyzeTextKeepingTree(
  fileName: string,
  text: string,
  settings: AnalysisSettings = {},
  types?: TypeOracle,
  parsed?: ts.SourceFile,
): { result: FileResult; sourceFile: ts.SourceFile } {
  const sourceFile = parsed && parsed.text === text ? parsed : parseSource(fileName, text);
  const parseProblem = parseProblemOf(sourceFile);
  if (parseProblem) return { result: { fileName, findings: [], parseProblem }, sourceFile };
  return { result: { fileName, findings: analyzeSourceFile(sourceFile, settings, types) }, sourceFile };
}
