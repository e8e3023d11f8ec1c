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

/**
 * Parse with every node's `parent` set. The parser's own `setParentNodes` walks the tree with a generic
 * work-list, a tenth of the CLI's time on the generated corpus; `walkSettingParents` does it at half that.
 */
export function parseSource(fileName: string, text: string): ts.SourceFile {
  const sourceFile = parseWithoutParents(fileName, text);
  walkSettingParents(sourceFile);
  return sourceFile;
}

function parseWithoutParents(fileName: string, text: string): ts.SourceFile {
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, /*setParentNodes*/ false, scriptKindFor(fileName));
}

/** Below this depth the walks recurse; deeper subtrees (`a + b + … + z` of generated code) use an explicit stack. */
const RECURSION_LIMIT = 256;

/**
 * One walk over the tree below `root`: sets every node's `parent`, JSDoc included, as the parser's
 * `setParentNodes` does, and calls `visit` on each node but JSDoc in source order, a node before its children.
 */
export function walkSettingParents(root: ts.Node, visit?: (node: ts.Node) => void): void {
  const walk = (node: ts.Node, depth: number): void => {
    visit?.(node);
    ts.forEachChild(node, (child) => {
      (child as { parent: ts.Node }).parent = node;
      if (depth < RECURSION_LIMIT) walk(child, depth + 1);
      else walkDeep(child);
    });
    bindJsDoc(node);
  };
  const walkDeep = (top: ts.Node): void => {
    const stack: ts.Node[] = [top];
    const push = (child: ts.Node): void => {
      stack.push(child);
    };
    while (stack.length > 0) {
      const node = stack.pop()!;
      visit?.(node);
      const mark = stack.length;
      ts.forEachChild(node, push);
      for (let i = mark; i < stack.length; i++) (stack[i] as { parent: ts.Node }).parent = node;
      // Keep source order for the children (stack pops last-first).
      reverseFrom(stack, mark);
      bindJsDoc(node);
    }
  };
  walk(root, 0);
}

/** JSDoc comments hang off their node (`node.jsDoc`) outside `forEachChild`: their trees get parents, no visits. */
function bindJsDoc(node: ts.Node): void {
  const docs = (node as { jsDoc?: ts.Node[] }).jsDoc;
  if (!docs) return;
  for (const doc of docs) {
    (doc as { parent: ts.Node }).parent = node;
    walkSettingParents(doc);
  }
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
  if (rules.length === 0) {
    walkSettingParents(sourceFile);
    return [];
  }
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

  // One walk sets the parents (a tree from parseSource or a program has them; one from analyzeTextKeepingTree
  // does not yet) and lists the nodes some rule handles, in source order. Handlers run once the whole tree has
  // its parents: they look at the nodes below theirs.
  const handled: ts.Node[] = [];
  walkSettingParents(sourceFile, (node) => {
    if (dispatch[node.kind]) handled.push(node);
  });
  for (const node of handled) for (const handler of dispatch[node.kind]!) handler(node);

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
  // analyzeSourceFile sets the parents of a tree parsed here as it walks it: one walk, not two.
  const sourceFile = parsed && parsed.text === text ? parsed : parseWithoutParents(fileName, text);
  const parseProblem = parseProblemOf(sourceFile);
  if (parseProblem) {
    walkSettingParents(sourceFile);
    return { result: { fileName, findings: [], parseProblem }, sourceFile };
  }
  return { result: { fileName, findings: analyzeSourceFile(sourceFile, settings, types) }, sourceFile };
}
