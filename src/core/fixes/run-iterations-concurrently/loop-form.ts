import { ts } from 'ts-morph';
import { isStepByOne, isZero, mentionsBinding, refersTo, stripExpression as strip } from '../../index-loop';
import { collectBindingIdentifiers, isFunctionScope, type Binding, type ScopeIndex } from '../../scope';

/**
 * The loop a finding points into, re-derived from the tree (a finding is only a range): the
 * nearest loop whose body holds the await, and what each iteration is given.
 */
export type LoopForm =
  | ItemLoop
  | IndexLoop;

interface LoopFormBase {
  loop: ts.ForOfStatement | ts.ForInStatement | ts.ForStatement | ts.WhileStatement;
  /** What gets replaced: the loop, or the labelled statement around it. */
  statement: ts.Statement;
  body: ts.Statement;
  /** The collection as written (`users`, `Object.entries(map)`, `rows` of `rows.length`). */
  collection: ts.Expression;
  /** Bindings the header declares afresh for each iteration. */
  itemBindings: Set<Binding>;
  label: string | undefined;
}

export interface ItemLoop extends LoopFormBase {
  kind: 'for-of' | 'for-in';
  loop: ts.ForOfStatement | ts.ForInStatement;
  /** The declared name or pattern, kept as the callback's parameter. */
  itemName: ts.BindingName;
}

export interface IndexLoop extends LoopFormBase {
  kind: 'index';
  loop: ts.ForStatement | ts.WhileStatement;
  index: Binding;
  /** `n` of `for (let i = 0, n = xs.length; i < n; i++)`: shared by every iteration. */
  headerAliases: Set<Binding>;
  /** The `while` form: `let i = 0;` right before the loop, and the body's last statement `i++;`. */
  declaration?: ts.VariableStatement;
  increment?: ts.ExpressionStatement;
}

export type LoopFormResult = { ok: true; form: LoopForm } | { ok: false; reason: string };

/** The await expression exactly at the finding's range. */
export function awaitAt(sourceFile: ts.SourceFile, start: number, end: number): ts.AwaitExpression | undefined {
  let node: ts.Node = sourceFile;
  for (;;) {
    if (ts.isAwaitExpression(node) && node.getStart(sourceFile) === start && node.end === end) return node;
    let next: ts.Node | undefined;
    ts.forEachChild(node, (child) => {
      if (!next && child.pos <= start && end <= child.end) next = child;
    });
    if (!next) return undefined;
    node = next;
  }
}

/** The innermost loop, in the node's own function, whose body holds it (the node: an await, or an inner loop). */
function enclosingLoop(node: ts.Node): ts.IterationStatement | string {
  let child: ts.Node = node;
  for (let p: ts.Node | undefined = node.parent; p; child = p, p = p.parent) {
    if (isFunctionScope(p) || ts.isClassStaticBlockDeclaration(p) || ts.isSourceFile(p)) return 'the await is not inside a loop of its own function';
    if (ts.isIterationStatement(p, false)) {
      if (child === p.statement) return p;
      // `for (const x of await list())`: evaluated once, before the first iteration.
      if ((ts.isForOfStatement(p) || ts.isForInStatement(p)) && child === p.expression) continue;
      return 'the await is in the loop header, which runs every time round';
    }
  }
  return 'the await is not inside a loop';
}

/** `a`, `this.a`, `req.body.ids`: names the same array every time it is evaluated. */
export function isStableReference(expression: ts.Expression): boolean {
  let e = strip(expression);
  while (ts.isPropertyAccessExpression(e) && !e.questionDotToken) e = strip(e.expression);
  return ts.isIdentifier(e) || e.kind === ts.SyntaxKind.ThisKeyword;
}

function lengthTarget(expression: ts.Expression): ts.Expression | undefined {
  const e = strip(expression);
  if (ts.isPropertyAccessExpression(e) && !e.questionDotToken && e.name.text === 'length' && isStableReference(e.expression)) return e.expression;
  return undefined;
}

const INDEX_SHAPE = 'only index loops of the form `for (let i = 0; i < xs.length; i++)` are rewritten';

function indexForm(loop: ts.ForStatement, scopes: ScopeIndex): Omit<IndexLoop, 'statement' | 'label'> | string {
  const init = loop.initializer;
  if (!init || !ts.isVariableDeclarationList(init) || !(init.flags & ts.NodeFlags.Let)) return INDEX_SHAPE;
  const [first, ...rest] = init.declarations;
  if (!first || !ts.isIdentifier(first.name) || !isZero(first.initializer) || rest.length > 1) return INDEX_SHAPE;
  const index = scopes.resolve(first.name);
  if (!index) return INDEX_SHAPE;
  const aliases = new Map<Binding, ts.Expression>();
  for (const declaration of rest) {
    const target = declaration.initializer && lengthTarget(declaration.initializer);
    const alias = ts.isIdentifier(declaration.name) ? scopes.resolve(declaration.name) : undefined;
    if (!target || !alias) return INDEX_SHAPE;
    aliases.set(alias, target);
  }
  const condition = loop.condition && strip(loop.condition);
  if (!condition || !ts.isBinaryExpression(condition) || condition.operatorToken.kind !== ts.SyntaxKind.LessThanToken ||
      !refersTo(condition.left, index, scopes)) return INDEX_SHAPE;
  let collection = lengthTarget(condition.right);
  const right = strip(condition.right);
  if (!collection && ts.isIdentifier(right)) {
    const alias = scopes.resolve(right);
    collection = alias ? aliases.get(alias) : undefined;
  }
  if (!collection || !loop.incrementor || !isStepByOne(loop.incrementor, index, scopes)) return INDEX_SHAPE;
  return {
    kind: 'index',
    loop,
    body: loop.statement,
    collection,
    itemBindings: new Set(),
    index,
    headerAliases: new Set(aliases.keys()),
  };
}

const WHILE_SHAPE = 'only `while` loops of the form `let i = 0; while (i < xs.length) { …; i++; }` are rewritten';

/** `let i = 0; while (i < xs.length) { …; i++; }`, with `i` unused after the loop. */
function whileIndexForm(loop: ts.WhileStatement, scopes: ScopeIndex): Omit<IndexLoop, 'statement' | 'label'> | string {
  const condition = strip(loop.expression);
  if (!ts.isBinaryExpression(condition) || condition.operatorToken.kind !== ts.SyntaxKind.LessThanToken) return WHILE_SHAPE;
  const left = strip(condition.left);
  const index = ts.isIdentifier(left) ? scopes.resolve(left) : undefined;
  const collection = lengthTarget(condition.right);
  if (!index || index.kind !== 'let' || !collection) return WHILE_SHAPE;
  const container = loop.parent;
  if (!ts.isBlock(container) && !ts.isSourceFile(container) && !ts.isModuleBlock(container)) return WHILE_SHAPE;
  const statements = container.statements;
  const at = statements.indexOf(loop);
  const declaration = statements[at - 1];
  if (!declaration || !ts.isVariableStatement(declaration) || declaration.declarationList.declarations.length !== 1) return WHILE_SHAPE;
  const variable = declaration.declarationList.declarations[0]!;
  if (variable.name !== index.declaration || !isZero(variable.initializer)) return WHILE_SHAPE;
  if (!ts.isBlock(loop.statement)) return WHILE_SHAPE;
  const increment = loop.statement.statements[loop.statement.statements.length - 1];
  if (!increment || !ts.isExpressionStatement(increment) || !isStepByOne(increment.expression, index, scopes)) return WHILE_SHAPE;
  for (const later of statements.slice(at + 1)) {
    if (mentionsBinding(later, index, scopes)) return `\`${index.name}\` is used after the loop`;
  }
  return { kind: 'index', loop, body: loop.statement, collection, itemBindings: new Set(), index, headerAliases: new Set(), declaration, increment };
}

/**
 * The loop of the finding: the one whose header starts at `loopStart` (the finding's related
 * location; the rule may report a loop around an inner loop that has to stay sequential), or,
 * without it, the innermost loop around the await.
 */
export function loopFormOf(awaited: ts.AwaitExpression, scopes: ScopeIndex, sourceFile: ts.SourceFile, loopStart?: number): LoopFormResult {
  let found = enclosingLoop(awaited);
  while (loopStart !== undefined && typeof found !== 'string' && found.getStart(sourceFile) !== loopStart) found = enclosingLoop(found);
  if (typeof found === 'string') {
    return { ok: false, reason: loopStart === undefined ? found : 'the code changed since the finding: no loop around the await starts where it says' };
  }
  const loop = found;
  const labelled = ts.isLabeledStatement(loop.parent) ? loop.parent : undefined;
  const common = { statement: labelled ?? loop, label: labelled?.label.text };

  if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) {
    if (ts.isForOfStatement(loop) && loop.awaitModifier) return { ok: false, reason: '`for await` consumes a stream one item at a time; it is left as it is' };
    const init = loop.initializer;
    if (!ts.isVariableDeclarationList(init)) {
      return { ok: false, reason: 'the loop assigns an existing variable instead of declaring its own' };
    }
    if (!(init.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const))) {
      return { ok: false, reason: 'the loop variable is declared with `var`, which stays visible after the loop' };
    }
    const declaration = init.declarations[0];
    if (!declaration || init.declarations.length !== 1) return { ok: false, reason: 'the loop header declares more than one variable' };
    const itemBindings = new Set<Binding>();
    for (const id of collectBindingIdentifiers(declaration.name)) {
      const binding = scopes.resolve(id);
      if (binding) itemBindings.add(binding);
    }
    return {
      ok: true,
      form: {
        kind: ts.isForOfStatement(loop) ? 'for-of' : 'for-in',
        loop,
        body: loop.statement,
        collection: loop.expression,
        itemName: declaration.name,
        itemBindings,
        ...common,
      },
    };
  }
  if (ts.isForStatement(loop)) {
    const form = indexForm(loop, scopes);
    if (typeof form === 'string') return { ok: false, reason: form };
    return { ok: true, form: { ...form, ...common } };
  }
  if (ts.isWhileStatement(loop)) {
    if (labelled) return { ok: false, reason: WHILE_SHAPE };
    const form = whileIndexForm(loop, scopes);
    if (typeof form === 'string') return { ok: false, reason: form };
    return { ok: true, form: { ...form, ...common } };
  }
  return { ok: false, reason: '`do…while` loops are not rewritten: their iterations usually depend on the previous one' };
}
