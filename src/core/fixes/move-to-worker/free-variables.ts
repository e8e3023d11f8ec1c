import { ts } from 'ts-morph';
import type { TypeOracle } from '../../rule';
import { isFunctionScope, isReferenceIdentifier, type Binding, type ScopeIndex } from '../../scope';
import { cloneabilityForChecker, typeNodeCloneability, parseTypeText, type CloneabilityOracle, type CloneVerdict } from './cloneability';
import { collectCodeFacts, globalProblem, isFreshValue, isWithin, type CodeFacts, type MutationSite } from './code-facts';
import { holdsFreshObject, isFunctionBinding, isNodeBuiltin, lineOf, type WorkerDependencies } from './worker-dependencies';

/**
 * The loop's data flow across the thread boundary. Inputs are the bindings it reads that are declared
 * outside it (copied into the worker); outputs are the bindings it writes — or whose objects it changes —
 * that are used after it (returned and assigned back). Objects cross as copies, so a change to an object
 * that someone else also holds would be lost: such changes are refused unless the object is provably the
 * function's own (created fresh, not shared) and can be replaced by the worker's copy.
 */

export interface ValueInput {
  binding: Binding;
  name: string;
  type: string;
  /** Assigned in the loop: a `let` in the worker. */
  reassigned: boolean;
}

export interface ValueOutput {
  binding: Binding;
  name: string;
  type: string;
  /** For a declaration moved into the worker: its keyword, re-used to declare the result. */
  declaredWith?: 'const' | 'let' | 'var';
}

export interface DataFlow {
  inputs: ValueInput[];
  outputs: ValueOutput[];
  /** `const` declarations whose object the loop changes and that must become `let` to take the worker's copy. */
  constToLet: ts.VariableDeclarationList[];
  facts: CodeFacts;
}

export interface DataFlowContext {
  sourceFile: ts.SourceFile;
  scopes: ScopeIndex;
  types: (TypeOracle & CloneabilityOracle) | undefined;
  /** The function the loop is in (already known to be async). */
  enclosing: ts.Node;
  /** Folded declarations, then the loop statement. */
  region: readonly ts.Statement[];
  deps: WorkerDependencies;
}

type Result<T> = { ok: true; value: T } | { ok: false; reason: string };
const fail = <T>(reason: string): Result<T> => ({ ok: false, reason });

const NO_TYPES_HINT = 'run with a tsconfig for type information';

export function analyzeDataFlow(context: DataFlowContext): Result<DataFlow> {
  const { sourceFile, scopes, region, enclosing, deps } = context;
  const start = region[0]!.getStart(sourceFile);
  const end = region[region.length - 1]!.end;
  const facts = collectCodeFacts(region, scopes, sourceFile);
  if (facts.problem) return fail(facts.problem.reason);
  for (const [name, id] of facts.globalWrites) return fail(`the loop assigns the global \`${name}\` (line ${lineOf(sourceFile, id)})`);
  for (const [name, id] of facts.globals) {
    const problem = globalProblem(name);
    if (problem) return fail(`the loop uses \`${name}\` (line ${lineOf(sourceFile, id)}): ${problem}`);
  }

  // Every outer binding, in order of first use.
  const outer = new Map<Binding, ts.Node>();
  for (const [binding, site] of facts.reads) outer.set(binding, site);
  for (const [binding, site] of facts.writes) if (!outer.has(binding)) outer.set(binding, site);
  const ordered = [...outer].sort((a, b) => a[1].pos - b[1].pos);

  const mutated = new Map<Binding, MutationSite>();
  for (const site of facts.mutations) {
    if (site.binding && !isWithin(site.binding.declaration, region[0]!.pos, end) && !mutated.has(site.binding)) mutated.set(site.binding, site);
  }

  const valueBindings: Binding[] = [];
  for (const [binding] of ordered) {
    const written = facts.writes.has(binding) || mutated.has(binding);
    if (binding.import || binding.required) {
      if (written) return fail(`the loop changes \`${binding.name}\`, imported from '${(binding.import ?? binding.required)!.module}': a worker has its own copy of every module`);
      const outcome = deps.useValue(binding);
      if (outcome) return fail(outcome);
      continue;
    }
    if (!written && isFunctionBinding(binding)) {
      const outcome = deps.useValue(binding);
      if (outcome) return fail(outcome);
      continue;
    }
    if (binding.kind === 'class') return fail(`the loop uses the class \`${binding.name}\`: the fix does not copy classes into the worker`);
    if (binding.kind === 'enum') return fail(`the loop uses the enum \`${binding.name}\`: the fix does not copy enums into the worker`);
    if (binding.kind === 'function' || binding.kind === 'other') return fail(`the loop uses \`${binding.name}\`, which cannot be copied into the worker`);
    valueBindings.push(binding);
  }

  // Types and cloneability of every value that crosses, before judging changes (deep changes need them).
  const typed = new Map<Binding, { type: string; primitive: boolean }>();
  for (const binding of valueBindings) {
    const reassigned = facts.writes.has(binding);
    const judged = judgeValue(context, binding, reassigned ? binding.declaration : facts.reads.get(binding) ?? binding.declaration);
    if (!judged.ok) return judged;
    typed.set(binding, judged.value);
  }
  const nothingShared = valueBindings.every((b) => typed.get(b)!.primitive) &&
    [...facts.reads.keys()].every((b) => !(b.import || b.required) || isNodeBuiltin((b.import ?? b.required)!.module));

  // Changes to objects.
  for (const site of facts.mutations) {
    const line = lineOf(sourceFile, site.node);
    if (!site.binding) {
      if (site.root) return fail(`the loop changes the global \`${site.root.text}\` (line ${line})`);
      return fail(`the loop changes an object it cannot trace to a variable (line ${line}): in a worker only a copy would change`);
    }
    const binding = site.binding;
    const local = isWithin(binding.declaration, region[0]!.pos, end);
    if (local) {
      const fresh = holdsFreshObject(binding, facts, scopes);
      if (site.depth === 0 && fresh) continue;
      if (site.depth > 0 && fresh && nothingShared) continue;
      if (site.depth === 0) {
        return fail(`the loop changes \`${binding.name}\` (line ${line}), which may be an object from outside the loop: in a worker only a copy would change`);
      }
      return fail(`the loop changes an object inside \`${binding.name}\` (line ${line}) that may be shared with code outside the loop: in a worker only a copy would change`);
    }
    if (site.depth > 0) {
      return fail(`the loop changes an object inside \`${binding.name}\` (line ${line}): in a worker only a copy would change, and code holding that object would not see it`);
    }
    if (!isWithin(binding.declaration, enclosing.pos, enclosing.end) || binding.kind === 'parameter' || !isOwnFreshObject(binding, context, start, end)) {
      return fail(`the loop changes \`${binding.name}\` (line ${line}), an object that comes from outside the loop: in a worker only a copy would change, and its other holders would not see it`);
    }
  }

  const inputs: ValueInput[] = [];
  const outputs: ValueOutput[] = [];
  const constToLet: ts.VariableDeclarationList[] = [];
  for (const binding of valueBindings) {
    const reassigned = facts.writes.has(binding);
    const changed = reassigned || mutated.has(binding);
    const { type } = typed.get(binding)!;
    inputs.push({ binding, name: binding.name, type, reassigned });
    if (!changed) continue;
    if (!isWithin(binding.declaration, enclosing.pos, enclosing.end)) {
      return fail(`the loop changes \`${binding.name}\`, declared outside the function: other code could use it while the worker runs`);
    }
    const use = usesOutside(binding, context, start, end);
    if (use.hazard) {
      return fail(`\`${binding.name}\` is also used by a function created before the loop (line ${lineOf(sourceFile, use.hazard)}), which could run while the worker computes and would see the old value`);
    }
    if (!use.after) continue;
    if (binding.kind === 'const') {
      const declaration = binding.declaration.parent;
      if (!ts.isVariableDeclaration(declaration) || declaration.name !== binding.declaration || !ts.isVariableDeclarationList(declaration.parent)) {
        return fail(`\`${binding.name}\` would have to take the worker's copy, but it is declared in a way the fix cannot change to \`let\``);
      }
      if (!constToLet.includes(declaration.parent)) constToLet.push(declaration.parent);
    }
    outputs.push({ binding, name: binding.name, type });
  }

  // Declarations moved into the worker whose variables are used after the loop come back as results.
  for (const statement of region.slice(0, -1)) {
    if (!ts.isVariableStatement(statement)) continue;
    const keyword = keywordOf(statement.declarationList);
    for (const declaration of statement.declarationList.declarations) {
      const id = declaration.name as ts.Identifier;
      const binding = scopes.resolve(id);
      if (!binding) return fail(`cannot resolve \`${id.text}\``);
      const use = usesOutside(binding, context, start, end);
      if (use.hazard) return fail(`\`${binding.name}\` is used by a function created before the loop (line ${lineOf(sourceFile, use.hazard)})`);
      if (!use.after) continue;
      const judged = judgeValue(context, binding, binding.declaration);
      if (!judged.ok) return judged;
      // Only the loop assigned it: after the move nothing does, so it becomes a `const`.
      const declaredWith = keyword === 'let' && !use.written ? 'const' : keyword;
      outputs.push({ binding, name: binding.name, type: judged.value.type, declaredWith });
    }
  }

  for (const id of facts.typeNames) {
    const outcome = deps.useTypeName(id.text, id, { pos: region[0]!.pos, end }, facts.localTypeParameters);
    if (outcome) return fail(outcome);
  }
  // If the loop throws part-way, the original leaves partial results in its variables; the worker's are lost.
  const guard = catchingTryAround(region[region.length - 1]!, enclosing);
  const assignedBack = outputs.find((o) => !o.declaredWith);
  if (guard && assignedBack) {
    return fail(`the loop is inside a \`try\` (line ${lineOf(sourceFile, guard)}) that handles its errors, and \`${assignedBack.name}\` is used after it: if the loop throws part-way, the original keeps the partial value, the worker's would be lost`);
  }
  const escaped = declaredInLoopUsedOutside(context, region[region.length - 1]!);
  if (escaped) {
    return fail(`\`${escaped.text}\` is declared inside the loop and used after it (line ${lineOf(sourceFile, escaped)}); declare it before the loop`);
  }
  return { ok: true, value: { inputs, outputs, constToLet, facts } };
}

function keywordOf(list: ts.VariableDeclarationList): 'const' | 'let' | 'var' {
  if (list.flags & ts.NodeFlags.Const) return 'const';
  if (list.flags & ts.NodeFlags.Let) return 'let';
  return 'var';
}

// ---------------------------------------------------------------------------------------------
// Where else a binding is used

interface OutsideUse {
  /** Used after the loop (or again in a later iteration of a loop around it). */
  after: boolean;
  /** A use inside a function created before the loop: it could run while the worker computes. */
  hazard?: ts.Node;
  /** Uses before the loop, outside nested functions. */
  before: ts.Identifier[];
  /** Assigned anywhere outside the loop (after its declaration). */
  written: boolean;
}

/** Is the identifier assigned here (`x = …`, `x += …`, `x++`, `[x] = …`, `for (x of …)`)? */
function isWriteReference(id: ts.Identifier): boolean {
  let node: ts.Node = id;
  for (let parent = node.parent; parent; node = parent, parent = parent.parent) {
    if (ts.isParenthesizedExpression(parent) || ts.isNonNullExpression(parent) || ts.isSpreadElement(parent) || ts.isSpreadAssignment(parent) ||
        ts.isShorthandPropertyAssignment(parent) || ts.isArrayLiteralExpression(parent) || ts.isObjectLiteralExpression(parent) ||
        (ts.isPropertyAssignment(parent) && parent.initializer === node)) continue;
    if (ts.isBinaryExpression(parent)) return parent.left === node && parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
    if (ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) {
      return parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken;
    }
    if (ts.isForOfStatement(parent) || ts.isForInStatement(parent)) return parent.initializer === node;
    return false;
  }
  return false;
}

function usesOutside(binding: Binding, context: DataFlowContext, start: number, end: number): OutsideUse {
  const { scopes, enclosing } = context;
  const result: OutsideUse = { after: false, before: [], written: false };
  const regionPos = Math.min(start, context.region[0]!.pos);
  const stack: ts.Node[] = [binding.scope];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.pos >= regionPos && node.end <= end && node !== binding.scope) continue; // the loop itself
    if (ts.isIdentifier(node)) {
      if (node.text !== binding.name || node === binding.declaration || !isReferenceIdentifier(node) || scopes.resolve(node) !== binding) continue;
      if (isWriteReference(node)) result.written = true;
      const closure = nestedFunctionOf(node, enclosing);
      if (closure) {
        // Created before the loop, or again and again around it: it may run while the worker computes.
        if (closure.getStart() < start || insideLoopAround(closure, context.region[context.region.length - 1]!, enclosing)) result.hazard ??= node;
        else result.after = true;
        continue;
      }
      if (node.pos >= end || insideLoopAround(node, context.region[context.region.length - 1]!, enclosing)) result.after = true;
      else result.before.push(node);
      continue;
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return result;
}

/** The nearest `try` (with a `catch` or `finally`) whose protected block holds the loop, within the function. */
function catchingTryAround(loop: ts.Node, enclosing: ts.Node): ts.TryStatement | undefined {
  let child: ts.Node = loop;
  for (let p = loop.parent; p && p !== enclosing; child = p, p = p.parent) {
    if (ts.isTryStatement(p) && p.tryBlock === child) return p;
  }
  return undefined;
}

/** A use outside the loop of something declared inside it (`var` and function declarations hoist out). */
function declaredInLoopUsedOutside(context: DataFlowContext, loop: ts.Node): ts.Identifier | undefined {
  const stack: ts.Node[] = [context.enclosing];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node === loop) continue;
    if (ts.isIdentifier(node)) {
      if (!isReferenceIdentifier(node)) continue;
      const binding = context.scopes.resolve(node);
      if (binding && isWithin(binding.declaration, loop.pos, loop.end)) return node;
      continue;
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return undefined;
}

/** The outermost function between `node` and the enclosing function, if any. */
function nestedFunctionOf(node: ts.Node, enclosing: ts.Node): ts.Node | undefined {
  let found: ts.Node | undefined;
  for (let p = node.parent; p && p !== enclosing; p = p.parent) if (isFunctionScope(p) || ts.isClassLike(p)) found = p;
  return found;
}

/** Is `node` inside a loop (within the function) that also contains the extracted loop? Then it runs after it, too. */
function insideLoopAround(node: ts.Node, loop: ts.Node, enclosing: ts.Node): boolean {
  for (let p = node.parent; p && p !== enclosing; p = p.parent) {
    if (ts.isIterationStatement(p, false) && loop.pos >= p.pos && loop.end <= p.end) return true;
  }
  return false;
}

/**
 * Is the object in `binding` the function's own: a local variable initialised (and only ever assigned)
 * with a fresh object, and not handed to anyone before the loop (only used as `b.x`, `b[i]`, `b.m()`)?
 * Then replacing it with the worker's copy after the loop changes nothing anyone else can see.
 */
function isOwnFreshObject(binding: Binding, context: DataFlowContext, start: number, end: number): boolean {
  const declaration = binding.declaration.parent;
  if (!ts.isVariableDeclaration(declaration) || declaration.name !== binding.declaration) return false;
  if (!isFreshValue(declaration.initializer, context.scopes)) return false;
  const use = usesOutside(binding, context, start, end);
  if (use.hazard) return false;
  for (const ref of use.before) {
    const parent = ref.parent;
    const member = (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === ref;
    if (member) continue;
    if (ts.isBinaryExpression(parent) && parent.left === ref && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        isFreshValue(parent.right, context.scopes)) continue;
    return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Types

/** Can the value cross, and what is its type, as text the worker module can use? */
function judgeValue(context: DataFlowContext, binding: Binding, site: ts.Node): Result<{ type: string; primitive: boolean }> {
  const name = `\`${binding.name}\``;
  const evidence = declaredEvidence(binding, context.scopes);
  const types = context.types;
  let typeText: string | undefined;
  let typeNode: ts.TypeNode | undefined;
  let printed = false;

  if (types) {
    const fromChecker = ts.isIdentifier(site) ? types.typeText?.(site) : undefined;
    // The annotation as written (its names are the file's own) unless the loop sees a narrower type.
    const annotated = evidence?.typeNode && fromChecker !== undefined && types.typeText?.(binding.declaration) === fromChecker;
    if (fromChecker !== undefined && !annotated) {
      typeText = fromChecker;
      typeNode = parseTypeText(fromChecker);
      printed = true;
    }
  }
  if (typeText === undefined && evidence?.typeNode) {
    typeNode = evidence.typeNode;
    typeText = evidence.typeNode.getText(context.sourceFile);
  } else if (typeText === undefined && evidence?.text) {
    typeText = evidence.text;
    typeNode = parseTypeText(evidence.text);
    printed = true;
  }

  if (typeText === undefined || !typeNode) {
    const hint = types ? 'its type is `any` or unknown' : NO_TYPES_HINT;
    return fail(`cannot prove ${name} can cross to a worker thread: ${hint}`);
  }

  let verdict: CloneVerdict | undefined;
  if (evidence?.json && /^any$/.test(typeText.trim())) verdict = { ok: true };
  if (!verdict && ts.isIdentifier(site)) {
    verdict = types?.cloneability?.(site) ?? types?.withChecker?.(site, (checker, node) => cloneabilityForChecker(checker)(node));
  }
  verdict ??= typeNodeCloneability(typeNode, printed ? context.region[context.region.length - 1] : undefined, context.deps.importedType);
  if (!verdict.ok) {
    if (verdict.definite) return fail(`${name} ${verdict.why}`);
    return fail(`cannot prove ${name} can cross to a worker thread: it ${verdict.why}${types ? '' : `; ${NO_TYPES_HINT}`}`);
  }
  if (/\bimport\(/.test(typeText)) {
    const rewritten = relativeImportTypes(typeText, context.sourceFile.fileName);
    if (!rewritten) return fail(`${name} has the type \`${typeText}\`, which the worker module cannot name`);
    typeText = rewritten;
  } else {
    const outcome = context.deps.useTypeNamesIn(typeNode, undefined, new Set(), printed ? context.region[context.region.length - 1] : undefined);
    if (outcome) return fail(outcome);
  }
  return { ok: true, value: { type: typeText, primitive: isPrimitiveType(typeNode) } };
}

interface Evidence {
  typeNode?: ts.TypeNode;
  text?: string;
  /** The value comes straight from `JSON.parse` (always cloneable, typed `any`). */
  json?: boolean;
}

/** What the declaration says about a binding's type, without a checker. */
function declaredEvidence(binding: Binding, scopes: ScopeIndex, depth = 0): Evidence | undefined {
  const declaration = binding.declaration.parent;
  if (ts.isParameter(declaration) && declaration.name === binding.declaration) {
    if (declaration.type) return { typeNode: declaration.type };
    return declaration.initializer ? literalEvidence(declaration.initializer, scopes, false, depth) : undefined;
  }
  if (ts.isVariableDeclaration(declaration) && declaration.name === binding.declaration) {
    if (declaration.type) return { typeNode: declaration.type };
    if (!declaration.initializer) return undefined;
    const isConst = ts.isVariableDeclarationList(declaration.parent) && !!(declaration.parent.flags & ts.NodeFlags.Const);
    return literalEvidence(declaration.initializer, scopes, isConst, depth);
  }
  if (ts.isBindingElement(declaration)) {
    // `const { a } = JSON.parse(text)`: parts of parsed JSON are JSON too.
    let top: ts.Node = declaration;
    while (ts.isBindingElement(top) || ts.isObjectBindingPattern(top) || ts.isArrayBindingPattern(top)) top = top.parent;
    if (ts.isVariableDeclaration(top) && !top.type && top.initializer && isJsonParse(top.initializer, scopes) && !declaration.dotDotDotToken &&
        ts.isVariableDeclarationList(top.parent) && top.parent.flags & ts.NodeFlags.Const) return { text: 'any', json: true };
  }
  return undefined;
}

function isJsonParse(expression: ts.Expression, scopes: ScopeIndex): boolean {
  let e = expression;
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  return ts.isCallExpression(e) && e.arguments.length === 1 && ts.isPropertyAccessExpression(e.expression) &&
    ts.isIdentifier(e.expression.expression) && e.expression.expression.text === 'JSON' && !scopes.resolve(e.expression.expression) &&
    e.expression.name.text === 'parse';
}

function literalEvidence(initializer: ts.Expression, scopes: ScopeIndex, isConst: boolean, depth: number): Evidence | undefined {
  let e = initializer;
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  if (ts.isIdentifier(e) && depth < 4) {
    // `let h = seed`: the type of `seed` (a literal type would be widened, and evidence types are already wide).
    const source = scopes.resolve(e);
    const evidence = source && source.kind !== 'import' && !source.required ? declaredEvidence(source, scopes, depth + 1) : undefined;
    return evidence && (isConst || !evidence.json) ? evidence : undefined;
  }
  if (ts.isPropertyAccessExpression(e) && e.name.text === 'length' && !ts.isPropertyAccessChain(e)) return { text: 'number' };
  if (ts.isBinaryExpression(e) && depth < 4) {
    // `salt + password`, `n * 2`: a primitive when the operands say which.
    const left = primitiveEvidence(literalEvidence(e.left, scopes, true, depth + 1));
    const right = primitiveEvidence(literalEvidence(e.right, scopes, true, depth + 1));
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.PlusToken && (left === 'string' || right === 'string')) return { text: 'string' };
    const arithmetic = op === ts.SyntaxKind.PlusToken || op === ts.SyntaxKind.MinusToken || op === ts.SyntaxKind.AsteriskToken ||
      op === ts.SyntaxKind.SlashToken || op === ts.SyntaxKind.PercentToken || op === ts.SyntaxKind.AsteriskAsteriskToken;
    if (arithmetic && left === 'number' && right === 'number') return { text: 'number' };
    return undefined;
  }
  if (ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) {
    if (ts.isTypeReferenceNode(e.type) && e.type.typeName.getText() === 'const') return undefined;
    // `JSON.parse(text) as Order[]`: JSON by construction, typed as written.
    return { typeNode: e.type, json: isJsonParse(e.expression, scopes) };
  }
  if (isJsonParse(e, scopes) && isConst) return { text: 'any', json: true };
  if (ts.isNumericLiteral(e) || (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(e.operand))) return { text: 'number' };
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) || ts.isTemplateExpression(e)) return { text: 'string' };
  if (e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword) return { text: 'boolean' };
  if (ts.isBigIntLiteral(e)) return { text: 'bigint' };
  if (ts.isNewExpression(e) && ts.isIdentifier(e.expression) && !scopes.resolve(e.expression) && e.typeArguments?.length &&
      ['Map', 'Set'].includes(e.expression.text)) {
    return { text: `${e.expression.text}<${e.typeArguments.map((t) => t.getText()).join(', ')}>` };
  }
  if (ts.isArrayLiteralExpression(e) && e.elements.length > 0) {
    if (e.elements.every((x) => ts.isNumericLiteral(x))) return { text: 'number[]' };
    if (e.elements.every((x) => ts.isStringLiteral(x))) return { text: 'string[]' };
  }
  return undefined;
}

/** 'string' / 'number' when the evidence is exactly that keyword type. */
function primitiveEvidence(evidence: Evidence | undefined): string | undefined {
  const text = evidence?.text ?? (evidence?.typeNode && (evidence.typeNode.kind === ts.SyntaxKind.StringKeyword ? 'string'
    : evidence.typeNode.kind === ts.SyntaxKind.NumberKeyword ? 'number' : undefined));
  return text === 'string' || text === 'number' ? text : undefined;
}

function isPrimitiveType(node: ts.TypeNode): boolean {
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
    case ts.SyntaxKind.NumberKeyword:
    case ts.SyntaxKind.BooleanKeyword:
    case ts.SyntaxKind.BigIntKeyword:
    case ts.SyntaxKind.UndefinedKeyword:
    case ts.SyntaxKind.NullKeyword:
    case ts.SyntaxKind.LiteralType:
    case ts.SyntaxKind.TemplateLiteralType:
      return true;
    case ts.SyntaxKind.ParenthesizedType:
      return isPrimitiveType((node as ts.ParenthesizedTypeNode).type);
    case ts.SyntaxKind.UnionType:
      return (node as ts.UnionTypeNode).types.every(isPrimitiveType);
    default:
      return false;
  }
}

/**
 * Types the checker prints as `import("…").Item` (from modules the file does not import): keep relative
 * specifiers (with the `.js` extension Node16 resolution wants), make absolute ones beside or below the file
 * relative, and give up on packages.
 */
function relativeImportTypes(typeText: string, fileName: string): string | undefined {
  const dir = fileName.replace(/[/\\][^/\\]*$/, '');
  let failed = false;
  const out = typeText.replace(/import\("([^"]+)"\)/g, (whole, target: string) => {
    let relative: string;
    if (target.startsWith('./') || target.startsWith('../')) relative = target;
    else if (target.startsWith(dir + '/') && !target.includes('/node_modules/')) relative = `./${target.slice(dir.length + 1)}`;
    else {
      failed = true;
      return whole;
    }
    relative = relative.replace(/\.d$/, '');
    return `import("${/\.[cm]?js$/.test(relative) ? relative : `${relative}.js`}")`;
  });
  return failed ? undefined : out;
}
