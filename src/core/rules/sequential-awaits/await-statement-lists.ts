import { ts } from 'ts-morph';
import { stripExpression as strip } from '../../index-loop';
import { awaitOfResult } from '../../independence';
import { isFunctionScope } from '../../scope';

type StatementList = ts.Block | ts.SourceFile | ts.ModuleBlock | ts.CaseClause | ts.DefaultClause;

function isStatementList(node: ts.Node): node is StatementList {
  return ts.isBlock(node) || ts.isSourceFile(node) || ts.isModuleBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node);
}

/** The await at a statement's top: `await f();`, `x = (await f()).data;`, `const { a } = await f();`. */
function isAwaitStatement(node: ts.Node): boolean {
  if (ts.isExpressionStatement(node)) {
    const e = strip(node.expression);
    if (ts.isAwaitExpression(e)) return true;
    return ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken && awaitOfResult(e.right) !== undefined;
  }
  if (ts.isVariableStatement(node)) {
    // `const x = await f()`, and `const t = \`${(await f()).title}\``: the model decides whether an await inside counts.
    const declarations = node.declarationList.declarations;
    return declarations.length === 1 && declarations[0]!.initializer !== undefined;
  }
  return false;
}

/**
 * The statement lists of one function body (nested blocks included, nested functions excluded) in
 * which at least two statements contain an await at this function's level: the only places a group
 * can form. `awaits` are the function's own awaits and `for await` loops (see `ownerOfAwait`); from
 * each, its enclosing statements are marked up to the body.
 */
export function awaitStatementLists(owner: ts.Node, body: ts.Node, awaits: readonly ts.Node[]): AwaitPlaces {
  const marked = new Map<StatementList, Set<ts.Node>>();
  /** Awaits per innermost statement: two or more in one statement may overlap inside its expression. */
  const perStatement = new Map<ts.Statement, number>();
  const countIn = (awaited: ts.Node): void => {
    let node: ts.Node = awaited.parent;
    while (node !== owner && !isStatementNode(node)) node = node.parent;
    if (node !== owner) perStatement.set(node as ts.Statement, (perStatement.get(node as ts.Statement) ?? 0) + 1);
  };

  const markUp = (from: ts.Node): void => {
    for (let node: ts.Node = from; node !== owner && node.parent; node = node.parent) {
      const parent = node.parent;
      if (!isStatementList(parent)) continue;
      let set = marked.get(parent);
      if (!set) marked.set(parent, (set = new Set()));
      if (set.has(node)) return; // the statements above were marked by an earlier await
      set.add(node);
      if (parent === body) return;
    }
  };

  for (const node of awaits) {
    markUp(node);
    if (ts.isAwaitExpression(node)) countIn(node);
  }

  const lists: Array<readonly ts.Statement[]> = [];
  for (const [list, statements] of marked) {
    // A group needs two statements that *are* awaits (`await f()`, `x = await f()`, `const x = await f()`).
    let awaitStatements = 0;
    for (const statement of statements) if (isAwaitStatement(statement)) awaitStatements++;
    if (awaitStatements >= 2) lists.push(list.statements);
  }
  // Source order, so findings come out in the order a reader meets them.
  lists.sort((a, b) => a[0]!.pos - b[0]!.pos);
  const inline: ts.Statement[] = [];
  for (const [statement, count] of perStatement) if (count >= 2) inline.push(statement);
  inline.sort((a, b) => a.pos - b.pos);
  return { lists, inline };
}

/**
 * The function (or, for a top-level await, the file) whose body an await or a `for await` loop belongs to;
 * undefined inside a class nested in it (a computed member name), which no statement list of the function holds.
 */
export function ownerOfAwait(node: ts.Node): ts.Node | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (isFunctionScope(p) || ts.isSourceFile(p)) return p;
    if (ts.isClassLike(p)) return undefined;
  }
  return undefined;
}

export interface AwaitPlaces {
  /** Statement lists with two or more await statements: where groups of statements can form. */
  lists: Array<readonly ts.Statement[]>;
  /** Statements that hold two or more awaits themselves (`return { a: await f(), b: await g() }`). */
  inline: ts.Statement[];
}

function isStatementNode(node: ts.Node): boolean {
  return ts.isStatement(node) || ts.isVariableStatement(node);
}
