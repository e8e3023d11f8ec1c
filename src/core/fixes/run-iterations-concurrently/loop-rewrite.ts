import { ts } from 'ts-morph';
import { scriptKindFor } from '../../engine';
import { detectCodeStyle, type CodeStyle, type FixInput } from '../fix';
import { isKnownArray } from '../../array-kind';
import { checkIterations, type IterationFacts } from './iteration-safety';
import { awaitAt, loopFormOf, type LoopForm } from './loop-form';
import { indentationAt, TextAssembly, type InnerEdit } from './text-assembly';

/**
 * Shared by run-iterations-concurrently and run-iterations-bounded: everything about turning a
 * loop body into an async callback over the items, and where its results go. The two fixes only
 * differ in how the callbacks are scheduled (all at once, or a few at a time).
 */
export interface LoopRewrite {
  /** The region of the original text the new code replaces. */
  start: number;
  end: number;
  /** Indentation of the replaced region's first line; undefined when other code precedes it on that line. */
  indent: string | undefined;
  /** The loop sits in a statement list, so statements may be added before it. */
  inStatementList: boolean;
  style: CodeStyle;
  isTypeScript: boolean;
  /** Comments from the parts of the loop that do not survive, to keep above the new code. */
  comments: string[];
  /** The items as an expression (`users`, `Object.keys(config)`). */
  items: string;
  /** The items are known to be an array, so `.map` applies; otherwise `Array.from(items, …)`. */
  itemsAreArray: boolean;
  /** The collection a `for…of` loop walks, for type questions about it (other loops make their items). */
  collection: ts.Expression | undefined;
  /** The callback's parameter list, without parentheses (`user`, `{ id, name }`, `slide, i`). */
  parameters: string;
  /** The callback's body: an expression (parenthesised where needed) or a block. */
  body: string;
  result: ResultTarget;
}

export type ResultTarget =
  | { kind: 'none' }
  /** `const rates: Rate[] = [];` right before the loop: declared again, holding the results. */
  | { kind: 'fresh'; keyword: string; name: string; type: string | undefined; flatten: boolean }
  /** An existing array the results are appended to, in loop order. */
  | { kind: 'append'; name: string; flatten: boolean }
  /** `byId[key] = value` / `byId.set(key, value)`: the callbacks return `[key, value]`, written back in loop order. */
  | { kind: 'entries'; name: string; method: 'index' | 'set' };

export type LoopRewritePlan = { ok: true; rewrite: LoopRewrite } | { ok: false; reason: string };

function strip(expression: ts.Expression): ts.Expression {
  let e = expression;
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  return e;
}

/** Every name the code uses or declares (property names excepted): new names must avoid them. */
export function namesUsedIn(root: ts.Node): Set<string> {
  const names = new Set<string>();
  const stack: ts.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isIdentifier(node)) {
      const parent = node.parent;
      const isPropertyName = parent && ((ts.isPropertyAccessExpression(parent) && parent.name === node) ||
        (ts.isPropertyAssignment(parent) && parent.name === node));
      if (!isPropertyName) names.add(node.text);
      continue;
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return names;
}

export function freshName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base) && !isReserved(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}${n}`)) return `${base}${n}`;
}

const RESERVED = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export',
  'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super',
  'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'let', 'static', 'yield', 'await',
  'implements', 'interface', 'package', 'private', 'protected', 'public', 'arguments', 'eval', 'undefined',
]);

function isReserved(name: string): boolean {
  return RESERVED.has(name) || !/^[A-Za-z_$][\w$]*$/.test(name);
}

/** `users` → `user`, `entries` → `entry`, `addresses` → `address`; otherwise `item`. */
export function singular(name: string | undefined): string {
  if (!name) return 'item';
  const patterns: Array<[RegExp, string]> = [[/ies$/, 'y'], [/(ss|x|ch|sh|us)es$/, '$1'], [/([^s])s$/, '$1']];
  for (const [pattern, replacement] of patterns) {
    if (pattern.test(name)) {
      const result = name.replace(pattern, replacement);
      return isReserved(result) ? 'item' : result;
    }
  }
  return 'item';
}

/** The last name in a collection expression: `req.body.ids` → `ids`. */
function collectionName(collection: ts.Expression): string | undefined {
  const e = strip(collection);
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return undefined;
}

/** Does an expression need parentheses to be the receiver of `.map`? */
function needsParenthesesAsReceiver(expression: ts.Expression): boolean {
  const e = expression;
  return !(ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isCallExpression(e) ||
    ts.isParenthesizedExpression(e) || ts.isArrayLiteralExpression(e) || ts.isObjectLiteralExpression(e) ||
    e.kind === ts.SyntaxKind.ThisKeyword || ts.isNonNullExpression(e));
}

function isStatementListParent(node: ts.Node): boolean {
  return ts.isBlock(node) || ts.isSourceFile(node) || ts.isModuleBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node);
}

/** The loop's first statement: the loop, or `let i = 0;` before a `while` index loop. */
function firstStatementOf(form: LoopForm): ts.Statement {
  return form.kind === 'index' && form.declaration ? form.declaration : form.statement;
}

function previousStatement(statement: ts.Statement): ts.Statement | undefined {
  const container = statement.parent;
  if (!isStatementListParent(container)) return undefined;
  const statements = (container as ts.Block).statements;
  return statements[statements.indexOf(statement) - 1];
}

/** `const rates: Rate[] = [];` as the statement right before the loop, declaring the collector. */
function freshCollectorDeclaration(form: LoopForm, facts: IterationFacts, sourceFile: ts.SourceFile): ts.VariableStatement | undefined {
  const collector = facts.collector;
  if (!collector || (collector.kind !== 'push' && collector.kind !== 'scatter')) return undefined;
  const previous = previousStatement(firstStatementOf(form));
  if (!previous || !ts.isVariableStatement(previous) || previous.modifiers?.length) return undefined;
  const list = previous.declarationList;
  if (list.declarations.length !== 1 || !(list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const))) return undefined;
  const declaration = list.declarations[0]!;
  if (declaration.name !== collector.binding.declaration || declaration.exclamationToken) return undefined;
  const init = declaration.initializer;
  if (!init || !ts.isArrayLiteralExpression(init) || init.elements.length > 0) return undefined;
  // A comment inside the declaration would have nowhere to go.
  if (previous.getText(sourceFile).includes('/')) return undefined;
  return previous;
}

/** `Invoice[]` for an array declared as `Invoice[]`, `readonly Invoice[]`, `Array<Invoice>`…; undefined when not written. */
function elementArrayType(binding: { declaration: ts.Identifier }, sourceFile: ts.SourceFile): string | undefined {
  const declaration = binding.declaration.parent;
  let type = (ts.isVariableDeclaration(declaration) || ts.isParameter(declaration)) && declaration.name === binding.declaration ? declaration.type : undefined;
  if (type && ts.isTypeOperatorNode(type) && type.operator === ts.SyntaxKind.ReadonlyKeyword) type = type.type;
  let element: ts.TypeNode | undefined;
  if (type && ts.isArrayTypeNode(type)) element = type.elementType;
  else if (type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && ['Array', 'ReadonlyArray'].includes(type.typeName.text)) {
    element = type.typeArguments?.[0];
  }
  if (!element) return undefined;
  const text = element.getText(sourceFile);
  const bare = ts.isTypeReferenceNode(element) || ts.isArrayTypeNode(element) || ts.isTypeLiteralNode(element) ||
    ts.isParenthesizedTypeNode(element) || ts.isTupleTypeNode(element) || element.kind >= ts.SyntaxKind.FirstKeyword && element.kind <= ts.SyntaxKind.LastKeyword;
  return bare ? `${text}[]` : `(${text})[]`;
}

/** What the checks of a loop rewrite established: everything the text needs, and nothing textual yet. */
interface CheckedLoop {
  form: LoopForm;
  facts: IterationFacts;
  /** `const rates: Rate[] = [];` right before the loop, redeclared with the results; undefined when results are appended or absent. */
  freshDeclaration: ts.VariableStatement | undefined;
  /** Where the replaced region starts. */
  start: number;
}

export type LoopRewriteCheck = ({ ok: true } & CheckedLoop) | { ok: false; reason: string };

/**
 * Every reason a loop rewrite can be refused, in the order planLoopRewrite met them when it built
 * the text as it went (the first reason is the one reported), without building any text: the
 * CLI's `fixable` asks only this (docs/decisions/0007). planLoopRewrite runs it first, and then
 * only assembles text, which never refuses.
 */
export function checkLoopRewrite(input: FixInput): LoopRewriteCheck {
  const { finding, sourceFile, scopes, types } = input;
  const awaited = awaitAt(sourceFile, finding.range.start, finding.range.end);
  if (!awaited) return { ok: false, reason: 'the code changed since the finding: there is no await at its position' };
  const formResult = loopFormOf(awaited, scopes, sourceFile, finding.related[0]?.range.start);
  if (!formResult.ok) return formResult;
  const form = formResult.form;

  for (const name of ['Promise', 'Array', 'Object']) {
    if (scopes.lookup(name, form.loop)) return { ok: false, reason: `\`${name}\` is redefined here, so the rewrite could not use the built-in` };
  }

  const check = checkIterations(form, sourceFile, scopes, types);
  if (!check.ok) return check;
  const facts = check.facts;

  if (form.kind === 'index') {
    if (!isKnownArray(form.collection, scopes, types)) {
      const what = form.collection.getText(sourceFile);
      return { ok: false, reason: `cannot tell that \`${what}\` is an array: an index loop over a string or an array-like would not become \`.map\`` };
    }
  }
  const collector = facts.collector;
  if (collector?.kind === 'scatter' && !ts.isBlock(form.body)) return { ok: false, reason: 'the loop body has no braces' };
  let start = firstStatementOf(form).getStart(sourceFile);
  let freshDeclaration: ts.VariableStatement | undefined;
  if (collector && (collector.kind === 'push' || collector.kind === 'scatter')) {
    freshDeclaration = freshCollectorDeclaration(form, facts, sourceFile);
    if (freshDeclaration) {
      start = freshDeclaration.getStart(sourceFile);
    } else {
      const receiver = collector.kind === 'scatter'
        ? collector.receivers[0]!
        : ((collector.statement.expression as ts.CallExpression).expression as ts.PropertyAccessExpression).expression;
      if (!isKnownArray(receiver, scopes, types)) {
        return { ok: false, reason: `cannot tell that \`${collector.binding.name}\` is an array, so its \`push\` may not take several items` };
      }
    }
  }
  return { ok: true, form, facts, freshDeclaration, start };
}

/** Where the rewrite's statements go, known from the checks alone: what run-iterations-bounded needs to know before building. */
export function placementOf(checked: CheckedLoop, text: string): { indent: string | undefined; inStatementList: boolean } {
  return { indent: indentationAt(text, checked.start), inStatementList: isStatementListParent(checked.form.statement.parent) };
}

export function planLoopRewrite(input: FixInput): LoopRewritePlan {
  const checked = checkLoopRewrite(input);
  if (!checked.ok) return checked;
  const { text, sourceFile, scopes, types } = input;
  const { form, facts } = checked;

  const assembly = new TextAssembly(text);
  const taken = namesUsedIn(form.statement);
  const style = detectCodeStyle(text);
  const isTypeScript = [ts.ScriptKind.TS, ts.ScriptKind.TSX].includes(scriptKindFor(input.fileName));

  // The items, and the callback's parameters.
  let items: string;
  let itemsAreArray: boolean;
  let parameters: string;
  const innerEdits: InnerEdit[] = [];
  const collectionText = (): string => {
    const copied = assembly.copyNode(form.collection, sourceFile);
    return needsParenthesesAsReceiver(form.collection) ? `(${copied})` : copied;
  };
  if (form.kind === 'for-of') {
    itemsAreArray = isKnownArray(form.collection, scopes, types);
    items = itemsAreArray ? collectionText() : assembly.copyNode(form.collection, sourceFile);
    parameters = assembly.copyNode(form.itemName, sourceFile);
  } else if (form.kind === 'for-in') {
    itemsAreArray = true;
    const object = assembly.copyNode(form.collection, sourceFile);
    const comma = ts.isBinaryExpression(strip(form.collection)) && (strip(form.collection) as ts.BinaryExpression).operatorToken.kind === ts.SyntaxKind.CommaToken;
    items = `Object.keys(${comma ? `(${object})` : object})`;
    parameters = assembly.copyNode(form.itemName, sourceFile);
  } else if (form.kind === 'index') {
    itemsAreArray = true;
    items = collectionText();
    const named = singular(collectionName(form.collection));
    const item = !taken.has(named) ? named : freshName('item', taken);
    const substitute = facts.itemReads.length > 0 && !facts.itemSlotWritten;
    if (substitute) for (const access of facts.itemReads) innerEdits.push({ start: access.getStart(sourceFile), end: access.end, newText: item });
    const indexName = form.index.name;
    if (substitute) parameters = facts.indexUsed ? `${item}, ${indexName}` : item;
    // Without substitution (an `xs[i]` is written) every `xs[i]` keeps using the index.
    else if (facts.indexUsed || facts.itemReads.length > 0) parameters = `${freshName(`_${item}`, taken)}, ${indexName}`;
    else parameters = '';
    const length = `${form.collection.getText(sourceFile)}.length`;
    for (const use of facts.lengthAliasUses) innerEdits.push({ start: use.getStart(sourceFile), end: use.end, newText: length });
    // The `while` form's `i++;` goes, with the line it stood on.
    if (form.increment) innerEdits.push({ start: form.increment.pos, end: form.increment.end, newText: '' });
  } else {
    return { ok: false, reason: 'unknown loop form' }; // unreachable: every LoopForm is one of the three (the compiler cannot narrow ItemLoop's kind)
  }
  const collector = facts.collector;
  // Scattered pushes go to an array of the iteration's own, which the callback returns.
  const local = collector?.kind === 'scatter' ? freshName(`${collector.binding.name}OfItem`, namesUsedIn(sourceFile)) : undefined;
  if (collector?.kind === 'scatter') {
    for (const receiver of collector.receivers) innerEdits.push({ start: receiver.getStart(sourceFile), end: receiver.end, newText: local! });
  }
  for (const node of facts.continues) {
    const ended = node.getText(sourceFile).trimEnd().endsWith(';');
    const returned = local ? `return ${local}` : 'return';
    innerEdits.push({ start: node.getStart(sourceFile), end: node.end, newText: ended ? `${returned};` : returned });
  }
  const editsWithin = (start: number, end: number): InnerEdit[] => innerEdits.filter((e) => e.start >= start && e.end <= end);
  const copyWithEdits = (node: ts.Node): string => {
    const start = node.getStart(sourceFile);
    return assembly.copy(start, node.end, editsWithin(start, node.end));
  };
  /** An expression as an arrow's body: without a leading `await` (the async callback awaits it), wrapped if it is an object. */
  const asArrowBody = (expression: ts.Expression): string => {
    const inner = ts.isAwaitExpression(expression) ? expression.expression : expression;
    const copied = copyWithEdits(inner);
    return ts.isObjectLiteralExpression(strip(inner)) && !ts.isParenthesizedExpression(inner) ? `(${copied})` : copied;
  };

  // The callback's body.
  let body: string;
  const { body: loopBody } = form;
  const soleStatement = ts.isBlock(loopBody) ? (loopBody.statements.length === 1 ? loopBody.statements[0] : undefined) : loopBody;
  /** What the callback returns for a collector: the pushed value, or `[key, value]` for a keyed write. */
  const collectedValue = (c: Exclude<typeof collector, undefined | { kind: 'scatter' }>, asBody: boolean): string => {
    if (c.kind === 'push') return asBody ? asArrowBody(c.value) : copyWithEdits(ts.isAwaitExpression(c.value) ? c.value.expression : c.value);
    return `[${copyWithEdits(c.key!)}, ${copyWithEdits(c.value)}]${isTypeScript ? ' as const' : ''}`;
  };
  if (collector?.kind === 'scatter' && ts.isBlock(loopBody)) {
    const statements = loopBody.statements;
    const inner = indentationAt(text, statements[0]!.getStart(sourceFile)) ?? `${indentationAt(text, form.statement.getStart(sourceFile)) ?? ''}${style.indentUnit}`;
    const semicolon = style.semicolons ? ';' : '';
    const type = isTypeScript ? elementArrayType(collector.binding, sourceFile) : undefined;
    const opening = loopBody.getStart(sourceFile) + 1;
    const closing = statements[statements.length - 1]!.end;
    body = assembly.copy(loopBody.getStart(sourceFile), loopBody.end, [
      ...editsWithin(loopBody.getStart(sourceFile), loopBody.end),
      { start: opening, end: opening, newText: `${style.newline}${inner}const ${local}${type ? `: ${type}` : ''} = []${semicolon}` },
      { start: closing, end: closing, newText: `${style.newline}${inner}return ${local}${semicolon}` },
    ]);
  } else if (collector?.kind === 'scatter') {
    return { ok: false, reason: 'the loop body has no braces' }; // refused by checkLoopRewrite already
  } else if (collector && soleStatement === collector.statement) {
    body = collectedValue(collector, true);
  } else if (collector) {
    const value = collectedValue(collector, false);
    const ended = collector.statement.getText(sourceFile).trimEnd().endsWith(';');
    const start = loopBody.getStart(sourceFile);
    body = assembly.copy(start, loopBody.end, [
      ...editsWithin(start, loopBody.end),
      { start: collector.statement.getStart(sourceFile), end: collector.statement.end, newText: `return ${value}${ended ? ';' : ''}` },
    ]);
  } else if (ts.isBlock(loopBody)) {
    body = copyWithEdits(loopBody);
  } else if (ts.isExpressionStatement(loopBody)) {
    body = asArrowBody(loopBody.expression);
  } else {
    const indent = indentationAt(text, form.statement.getStart(sourceFile)) ?? '';
    body = `{${style.newline}${indent}${style.indentUnit}${copyWithEdits(loopBody)}${style.newline}${indent}}`;
  }

  // Where the results go.
  let result: ResultTarget = { kind: 'none' };
  const start = checked.start;
  if (collector && collector.kind !== 'push' && collector.kind !== 'scatter') {
    result = { kind: 'entries', name: collector.binding.name, method: collector.kind };
  } else if (collector) {
    const flatten = collector.kind === 'scatter';
    const declaration = checked.freshDeclaration;
    if (declaration) {
      const variable = declaration.declarationList.declarations[0]!;
      result = {
        kind: 'fresh',
        keyword: declaration.declarationList.flags & ts.NodeFlags.Const ? 'const' : 'let',
        name: collector.binding.name,
        type: variable.type?.getText(sourceFile),
        flatten,
      };
    } else {
      result = { kind: 'append', name: collector.binding.name, flatten };
    }
  }

  const roots: ts.Node[] = [form.statement];
  if (firstStatementOf(form) !== form.statement) roots.unshift(firstStatementOf(form));
  if (result.kind === 'fresh') roots.unshift(previousStatement(firstStatementOf(form))!);
  const end = form.statement.end;
  return {
    ok: true,
    rewrite: {
      start,
      end,
      indent: indentationAt(text, start),
      inStatementList: isStatementListParent(form.statement.parent),
      style,
      isTypeScript,
      comments: assembly.droppedComments(roots, sourceFile, start, end),
      items,
      itemsAreArray,
      collection: form.kind === 'for-of' ? form.collection : undefined,
      parameters,
      body,
      result,
    },
  };
}

/** `items.map(callback)`, or `Array.from(items, callback)` for an iterable that may not be an array. */
export function mapOver(rewrite: LoopRewrite, callback: string): string {
  return rewrite.itemsAreArray ? `${rewrite.items}.map(${callback})` : `Array.from(${rewrite.items}, ${callback})`;
}

export function asyncCallback(rewrite: LoopRewrite): string {
  return `async (${rewrite.parameters}) => ${rewrite.body}`;
}

/**
 * The statement that awaits `allResults` and puts the results where the loop put them. Appending
 * to an existing array uses `push(...results)` with `'spread'`; `'loop'` appends one by one instead,
 * which has no argument-count limit (spreading some 150,000 items overflows the stack). Keyed
 * writes are replayed in loop order, so entries keep the order the loop gave them.
 */
export function resultStatement(rewrite: LoopRewrite, allResults: string, append: 'spread' | 'loop', taken: ReadonlySet<string>): string {
  const semicolon = rewrite.style.semicolons ? ';' : '';
  const result = rewrite.result;
  switch (result.kind) {
    case 'none':
      return `await ${allResults}${semicolon}`;
    case 'fresh': {
      const type = result.type && rewrite.isTypeScript ? `: ${result.type}` : '';
      const value = result.flatten ? `(await ${allResults}).flat()` : `await ${allResults}`;
      return `${result.keyword} ${result.name}${type} = ${value}${semicolon}`;
    }
    case 'append': {
      // Per-item arrays are joined one level deep: items that are arrays themselves stay whole.
      const values = result.flatten ? `(await ${allResults}).flat()` : `(await ${allResults})`;
      if (append === 'spread') return `${result.name}.push(...${values})${semicolon}`;
      const item = freshName(singular(result.name) === 'item' ? 'result' : singular(result.name), taken);
      return `for (const ${item} of ${result.flatten ? values : `await ${allResults}`}) ${result.name}.push(${item})${semicolon}`;
    }
    case 'entries': {
      const key = freshName('key', taken);
      const value = freshName('value', taken);
      const write = result.method === 'set' ? `${result.name}.set(${key}, ${value})` : `${result.name}[${key}] = ${value}`;
      return `for (const [${key}, ${value}] of await ${allResults}) ${write}${semicolon}`;
    }
  }
}

/** The replacement text: kept comments first, then the statements, on lines of their own. */
export function replacementText(rewrite: LoopRewrite, statements: readonly string[]): string {
  const separator = `${rewrite.style.newline}${rewrite.indent ?? ''}`;
  return [...rewrite.comments, ...statements].join(separator);
}
