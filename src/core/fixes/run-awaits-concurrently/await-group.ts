import { ts } from 'ts-morph';
import type { Finding } from '../../finding';
import { valueWrapperOf } from '../../independence';

/**
 * The group of awaits a `sequential-awaits` finding points at, re-derived from the tree: the
 * finding only gives offsets, and the code may have changed since it was computed.
 */

/**
 * One awaited statement of the group, in one of the three shapes the fix can combine. `path` holds
 * the properties read from the result (`(await f()).data.items` → ['data', 'items']); the fix turns
 * them into an object pattern.
 */
export type AwaitStep = (
  | {
      kind: 'declare';
      statement: ts.VariableStatement;
      declaration: ts.VariableDeclaration;
      keyword: 'const' | 'let' | 'var';
      await: ts.AwaitExpression;
      path: string[];
    }
  | { kind: 'assign'; statement: ts.ExpressionStatement; target: ts.Expression; await: ts.AwaitExpression; path: string[] }
  | { kind: 'discard'; statement: ts.ExpressionStatement; await: ts.AwaitExpression; path: string[] }
) & {
  /** `JSON.parse(await …)`: a built-in conversion of the awaited value, applied in a `.then` once combined. */
  wrapper?: ts.CallExpression;
  /** `JSON.parse(await …) as Flags`: the conversion's text with the casts written around it, kept in the `.then`. */
  castWrapper?: (conversion: string) => string;
};

/** A statement that sits between two awaits of the group; it moves after the group. */
export interface MovedStatement {
  statement: ts.Statement;
  /** Index of the step it follows (it ran before steps after this one started). */
  after: number;
}

export interface AwaitGroup {
  /** Every statement from the first await to the last, in order. */
  statements: ts.Statement[];
  steps: AwaitStep[];
  moved: MovedStatement[];
  /** Statements between the awaits that a later await needs: they move above the group (set from the rule's grouping). */
  hoisted: ts.Statement[];
  /** The statement just before the group in the same block, if any (for the `;[a] = …` guard). */
  previous: ts.Statement | undefined;
}

export type GroupResult = { ok: true; group: AwaitGroup } | { ok: false; reason: string };

type StatementContainer = ts.Block | ts.SourceFile | ts.ModuleBlock | ts.CaseClause | ts.DefaultClause;

function isStatementContainer(node: ts.Node): node is StatementContainer {
  return ts.isBlock(node) || ts.isSourceFile(node) || ts.isModuleBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node);
}

/** The innermost statement list holding a statement that starts exactly at `start`. */
function containerAt(sourceFile: ts.SourceFile, start: number, end: number): StatementContainer | undefined {
  let found: StatementContainer | undefined;
  let node: ts.Node | undefined = sourceFile;
  while (node) {
    if (isStatementContainer(node) && node.statements.some((s) => s.getStart(sourceFile) === start)) found = node;
    let next: ts.Node | undefined;
    ts.forEachChild(node, (child) => {
      if (!next && child.pos <= start && child.end >= end) next = child;
    });
    node = next;
  }
  return found;
}

function skipParentheses(expression: ts.Expression): ts.Expression {
  let e = expression;
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  return e;
}

/** `AwaitUsing` is `Const | Using`, so the block-scoped bits are compared as a whole. */
export function isUsingDeclaration(list: ts.VariableDeclarationList): boolean {
  const kind = list.flags & ts.NodeFlags.BlockScoped;
  return kind === ts.NodeFlags.Using || kind === ts.NodeFlags.AwaitUsing;
}

function keywordOf(list: ts.VariableDeclarationList): 'const' | 'let' | 'var' | undefined {
  if (isUsingDeclaration(list)) return undefined;
  if (list.flags & ts.NodeFlags.Const) return 'const';
  if (list.flags & ts.NodeFlags.Let) return 'let';
  return 'var';
}

/**
 * `await f()`, `(await f()).data.items`: the await and the properties read from its result.
 * A string when the result is used in a way a pattern cannot express (a cast, `!`, `?.`, `#private`).
 */
function awaitedResult(expression: ts.Expression): { await: ts.AwaitExpression; path: string[]; wrapper?: ts.CallExpression; castWrapper?: (conversion: string) => string } | string | undefined {
  // `JSON.parse(await readFile(p, 'utf8'))`: the conversion moves into a `.then` of the operation.
  const wrapped = valueWrapperOf(expression);
  if (wrapped) {
    const castWrapper = castsBetween(expression, wrapped.call);
    return castWrapper ? { await: wrapped.inner, path: [], wrapper: wrapped.call, castWrapper } : { await: wrapped.inner, path: [], wrapper: wrapped.call };
  }
  const path: string[] = [];
  let e = skipParentheses(expression);
  while (ts.isPropertyAccessExpression(e)) {
    if (e.questionDotToken || ts.isPrivateIdentifier(e.name)) return awaitInside(e) ? 'the awaited value is read with `?.` or a `#private` name' : undefined;
    path.unshift(e.name.text);
    e = skipParentheses(e.expression);
  }
  if (ts.isAwaitExpression(e)) return { await: e, path };
  let inner = e;
  while (ts.isAsExpression(inner) || ts.isNonNullExpression(inner) || ts.isSatisfiesExpression(inner) || ts.isTypeAssertionExpression(inner)) {
    inner = skipParentheses(inner.expression);
  }
  if (inner !== e && ts.isAwaitExpression(inner)) return 'the awaited value is cast or asserted (`as`, `!`, `satisfies`), which cannot be kept per element';
  return undefined;
}

/**
 * The casts (`as T`, `<T>`, `satisfies T`, `!`) written around `call` in `expression`, as a function that writes
 * them around another text, or undefined when there are none. Dropping them would change the declared
 * variable's type (`as Record<string, Flag>` on `JSON.parse`'s `any`), and code using it could stop compiling.
 */
function castsBetween(expression: ts.Expression, call: ts.CallExpression): ((conversion: string) => string) | undefined {
  const layers: Array<(text: string) => string> = [];
  for (let e = skipParentheses(expression); e !== call; ) {
    if (ts.isAsExpression(e)) {
      const type = e.type.getText();
      layers.unshift((text) => `${text} as ${type}`);
    } else if (ts.isSatisfiesExpression(e)) {
      const type = e.type.getText();
      layers.unshift((text) => `${text} satisfies ${type}`);
    } else if (ts.isTypeAssertionExpression(e)) {
      const type = e.type.getText();
      layers.unshift((text) => `<${type}>${text}`);
    } else if (ts.isNonNullExpression(e)) {
      layers.unshift((text) => `${text}!`);
    } else {
      return undefined;
    }
    e = skipParentheses(e.expression);
  }
  if (layers.length === 0) return undefined;
  return (conversion) => layers.reduce((text, layer) => layer(text), conversion);
}

function awaitInside(node: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || ts.isFunctionLike(n)) return;
    if (ts.isAwaitExpression(n)) found = true;
    else ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

/** The await step a statement is, or why it is an await statement the fix cannot combine. */
export function stepOf(statement: ts.Statement): AwaitStep | string | undefined {
  if (ts.isVariableStatement(statement)) {
    const keyword = keywordOf(statement.declarationList);
    const declarations = statement.declarationList.declarations;
    const results = declarations.map((d) => (d.initializer ? awaitedResult(d.initializer) : undefined));
    const problem = results.find((r): r is string => typeof r === 'string');
    if (results.every((r) => r === undefined)) return undefined;
    if (!keyword) return '`using` declarations dispose their value in order and cannot be combined';
    if (declarations.length !== 1) return 'a statement that declares several variables cannot be combined';
    if (problem) return problem;
    const declaration = declarations[0]!;
    const result = results[0] as { await: ts.AwaitExpression; path: string[] };
    return { kind: 'declare', statement, declaration, keyword, ...result };
  }
  if (!ts.isExpressionStatement(statement)) return undefined;
  const expression = skipParentheses(statement.expression);
  if (ts.isAwaitExpression(expression)) return { kind: 'discard', statement, await: expression, path: [] };
  if (ts.isBinaryExpression(expression) && expression.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      expression.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
    const result = awaitedResult(expression.right);
    if (result === undefined) return undefined;
    if (expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) {
      return `\`${expression.operatorToken.getText()}\` reads its target before the await, so it cannot be combined`;
    }
    if (typeof result === 'string') return result;
    return { kind: 'assign', statement, target: expression.left, ...result };
  }
  return undefined;
}

/** A short description of a statement for reasons: its first line, shortened. */
export function describeStatement(statement: ts.Node): string {
  const firstLine = statement.getText().split(/\r?\n/)[0]!.trim();
  return firstLine.length > 50 ? `${firstLine.slice(0, 49)}…` : firstLine;
}

/**
 * Find the statements of the finding: those of the enclosing block lying within its range. Steps
 * are the statements whose await the finding relates; the rest move after the group.
 */
export function groupOf(finding: Finding, sourceFile: ts.SourceFile): GroupResult {
  const { start, end } = finding.range;
  const stale: GroupResult = { ok: false, reason: 'the code no longer matches the finding (no statement group at its range); re-run the analysis' };
  if (!(start >= 0 && end > start && end <= sourceFile.end)) return stale;
  const container = containerAt(sourceFile, start, end);
  if (!container) return stale;
  const all = container.statements;
  const firstIndex = all.findIndex((s) => s.getStart(sourceFile) === start);
  const statements: ts.Statement[] = [];
  for (let i = firstIndex; i < all.length && all[i]!.getStart(sourceFile) < end; i++) {
    if (all[i]!.getEnd() > end) return stale;
    statements.push(all[i]!);
  }
  if (statements.length === 0 || statements[statements.length - 1]!.getEnd() !== end) return stale;

  const relatedStarts = new Set(finding.related.map((r) => r.range.start));
  const steps: AwaitStep[] = [];
  const moved: MovedStatement[] = [];
  for (const statement of statements) {
    const step = stepOf(statement);
    const isStep =
      step !== undefined &&
      (relatedStarts.size === 0 ||
        (typeof step === 'string'
          ? relatedAwaitInside(statement, relatedStarts, sourceFile)
          : relatedStarts.has(step.await.getStart(sourceFile))));
    if (isStep) {
      if (typeof step === 'string') return { ok: false, reason: `${step} (\`${describeStatement(statement)}\`)` };
      steps.push(step);
    } else if (relatedAwaitInside(statement, relatedStarts, sourceFile)) {
      return { ok: false, reason: `an await of the group is not a whole statement of the form \`x = await …\`, \`const x = await …\` or \`await …;\` (\`${describeStatement(statement)}\`)` };
    } else {
      if (steps.length === 0) return stale;
      moved.push({ statement, after: steps.length - 1 });
    }
  }
  if (relatedStarts.size > 0 && relatedStarts.size !== steps.length) {
    const unmatched = finding.related.find((r) => !steps.some((s) => s.await.getStart(sourceFile) === r.range.start));
    if (unmatched) {
      const node = nodeAt(sourceFile, unmatched.range.start);
      const text = node ? ` (\`${describeStatement(node)}\`)` : '';
      return { ok: false, reason: `an await of the group is not a whole statement of the form \`x = await …\`, \`const x = await …\` or \`await …;\`${text}` };
    }
  }
  if (steps.length < 2) return { ok: false, reason: 'fewer than two awaits are left in the group' };
  if (steps[steps.length - 1]!.statement !== statements[statements.length - 1]) return stale;
  const firstIndexInBlock = all.indexOf(statements[0]!);
  return { ok: true, group: { statements, steps, moved, hoisted: [], previous: firstIndexInBlock > 0 ? all[firstIndexInBlock - 1] : undefined } };
}

function relatedAwaitInside(statement: ts.Statement, starts: ReadonlySet<number>, sourceFile: ts.SourceFile): boolean {
  for (const s of starts) if (s >= statement.getStart(sourceFile) && s < statement.getEnd()) return true;
  return false;
}

/** The outermost statement-or-expression starting at `start`, for naming an await in a reason. */
function nodeAt(sourceFile: ts.SourceFile, start: number): ts.Node | undefined {
  let node: ts.Node | undefined = sourceFile;
  let best: ts.Node | undefined;
  while (node) {
    let next: ts.Node | undefined;
    ts.forEachChild(node, (child) => {
      if (!next && child.getStart(sourceFile) <= start && child.end > start) next = child;
    });
    if (next && ts.isStatement(next)) best = next;
    node = next;
  }
  return best;
}
