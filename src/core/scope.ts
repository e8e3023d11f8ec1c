import { ts } from 'ts-morph';
import { stripExpression as unwrap } from './index-loop';

/**
 * A small lexical binder over compiler nodes: resolves an identifier to the binding it refers to,
 * honouring shadowing, without building a Program. Rules use it to compare names by binding, not text.
 * Bindings are cached per scope, so two references to the same binding get the identical object.
 */

export type BindingKind = 'import' | 'var' | 'let' | 'const' | 'parameter' | 'function' | 'class' | 'catch' | 'enum' | 'other';

export interface ImportInfo {
  /** Module specifier as written, e.g. 'fs', 'node:fs/promises', './db'. */
  module: string;
  /** Exported name; 'default' for a default import, '*' for a namespace import or `import x = require()`. */
  exportName: string;
}

export interface Binding {
  name: string;
  kind: BindingKind;
  /** The declaring identifier. */
  declaration: ts.Identifier;
  /** The node whose scope holds the binding (SourceFile, function-like, block, loop, catch clause). */
  scope: ts.Node;
  import?: ImportInfo;
  /**
   * For `const x = require('mod')` / `const { a: b } = require('mod')`, the same information as an import.
   */
  required?: ImportInfo;
}

export interface ScopeIndex {
  /** The binding an identifier refers to, or undefined for globals/unknown names. */
  resolve(identifier: ts.Identifier): Binding | undefined;
  /** The binding a name would refer to when written at `location`. */
  lookup(name: string, location: ts.Node): Binding | undefined;
  /** The table of answers of one kind about this parse's nodes (see `memoKind`), kept as long as the index. */
  memo<K, V>(kind: MemoKind<K, V>): Map<K, V>;
}

/**
 * One kind of cached answer about a parse's nodes (a function's body summary, a file's facts), kept with
 * that parse's scope index. Not a module-level WeakMap: V8's minor GC cannot collect a WeakMap entry whose
 * value reaches its key (a summary holds bindings, bindings hold declarations, declarations reach the
 * whole tree), so every parsed tree survived into the old generation; on the generated 2,000-file corpus
 * that was 0.6 s of copying in young-generation collections, a ninth of the run.
 */
export interface MemoKind<K, V> {
  readonly name: string;
  /** Type-level only: ties a kind to its key and value types. */
  types?(key: K): V;
}

export function memoKind<K, V>(name: string): MemoKind<K, V> {
  return { name };
}

export type FunctionScope =
  | ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration
  | ts.ConstructorDeclaration | ts.GetAccessorDeclaration | ts.SetAccessorDeclaration;

/**
 * Scope kinds by SyntaxKind, in a table: these tests run for every node on every walk up to a scope
 * (a chain of ten `ts.isX` calls each was a tenth of the binder's time).
 */
const FUNCTION_SCOPE = 1;
const SCOPE = 2;
const SCOPE_KINDS = new Uint8Array(ts.SyntaxKind.Count + 1);
for (const kind of [
  ts.SyntaxKind.FunctionDeclaration, ts.SyntaxKind.FunctionExpression, ts.SyntaxKind.ArrowFunction, ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.Constructor, ts.SyntaxKind.GetAccessor, ts.SyntaxKind.SetAccessor,
]) SCOPE_KINDS[kind] = FUNCTION_SCOPE | SCOPE;
for (const kind of [
  ts.SyntaxKind.SourceFile, ts.SyntaxKind.Block, ts.SyntaxKind.ModuleBlock, ts.SyntaxKind.ForStatement, ts.SyntaxKind.ForInStatement,
  ts.SyntaxKind.ForOfStatement, ts.SyntaxKind.CatchClause, ts.SyntaxKind.CaseBlock, ts.SyntaxKind.ClassExpression,
]) SCOPE_KINDS[kind] = SCOPE;

/**
 * Reverses `items[from..]` in place. Depth-first walks push a node's children and then pop them; turning the
 * freshly pushed tail keeps visits in source order without allocating a child array per node.
 */
export function reverseFrom<T>(items: T[], from: number): void {
  for (let i = from, j = items.length - 1; i < j; i++, j--) {
    const tmp = items[i]!;
    items[i] = items[j]!;
    items[j] = tmp;
  }
}

export function isFunctionScope(node: ts.Node): node is FunctionScope {
  return (SCOPE_KINDS[node.kind]! & FUNCTION_SCOPE) !== 0;
}

function isScopeNode(node: ts.Node): boolean {
  return (SCOPE_KINDS[node.kind]! & SCOPE) !== 0;
}

/**
 * The function a binding names in this file: `function f() {}`, or `const f = () => …` / `const f = function () {}`
 * (`anyVariable`: also a `let` or `var` holding one, which may be reassigned later).
 */
export function functionOfBinding(binding: Binding | undefined, options: { anyVariable?: boolean } = {}): ts.FunctionLikeDeclaration | undefined {
  const declaration = binding?.declaration.parent;
  if (!binding || !declaration) return undefined;
  if (ts.isFunctionDeclaration(declaration) && declaration.name === binding.declaration) return declaration;
  const init = initializerOf(binding, options);
  const value = init && unwrap(init);
  return value && (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) ? value : undefined;
}

/**
 * What a `const` declared under a plain name (not destructured) was initialised with: `<init>` in
 * `const x = <init>` (`anyVariable`: also a `let` or `var`, which may be reassigned later).
 */
export function constInitializer(binding: Binding | undefined): ts.Expression | undefined {
  return initializerOf(binding, {});
}

function initializerOf(binding: Binding | undefined, options: { anyVariable?: boolean }): ts.Expression | undefined {
  const declaration = binding?.declaration.parent;
  if (!binding || !declaration || !ts.isVariableDeclaration(declaration) || declaration.name !== binding.declaration) return undefined;
  return binding.kind === 'const' || options.anyVariable ? declaration.initializer : undefined;
}

/**
 * The function of this file a call runs: `helper(x)` (see functionOfBinding) or `this.helper(x)` (see
 * classMethodNamed, from the class around the call).
 */
export function sameFileCallee(call: ts.CallExpression, scopes: ScopeIndex, options: { properties?: boolean } = {}): ts.FunctionLikeDeclaration | undefined {
  const callee = unwrap(call.expression);
  if (ts.isIdentifier(callee)) return functionOfBinding(scopes.resolve(callee));
  if (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword) return classMethodNamed(call, callee.name.text, options);
  return undefined;
}

/**
 * The method called `name` of the class around `from` (`properties`: or a property holding an arrow or
 * function expression). Overload signatures are skipped; two candidates, or a member of that name that is
 * not a function, give undefined.
 */
export function classMethodNamed(from: ts.Node, name: string, options: { properties?: boolean } = {}): ts.FunctionLikeDeclaration | undefined {
  let cls: ts.Node | undefined = from.parent;
  while (cls && !ts.isClassLike(cls)) cls = cls.parent;
  if (!cls || !ts.isClassLike(cls)) return undefined;
  let found: ts.FunctionLikeDeclaration | undefined;
  for (const member of cls.members) {
    if (!member.name || !ts.isIdentifier(member.name) || member.name.text !== name) continue;
    if (ts.isMethodDeclaration(member) && !member.body) continue;
    let fn: ts.FunctionLikeDeclaration | undefined;
    if (ts.isMethodDeclaration(member)) fn = member;
    else if (options.properties && ts.isPropertyDeclaration(member) && member.initializer) {
      const value = unwrap(member.initializer);
      if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) fn = value;
    }
    if (!fn || found) return undefined;
    found = fn;
  }
  return found;
}

/** Every identifier a binding name (possibly a destructuring pattern) declares. */
export function collectBindingIdentifiers(name: ts.BindingName, out: ts.Identifier[] = []): ts.Identifier[] {
  if (ts.isIdentifier(name)) {
    out.push(name);
  } else {
    for (const element of name.elements) {
      if (ts.isBindingElement(element)) collectBindingIdentifiers(element.name, out);
    }
  }
  return out;
}

/** [A-Za-z0-9_$]: a keyword never has one of these right before or after it. */
function isAsciiIdentifierPart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;
}

function declarationListKind(list: ts.VariableDeclarationList): 'var' | 'let' | 'const' {
  if (list.flags & ts.NodeFlags.Const) return 'const';
  if (list.flags & ts.NodeFlags.Let) return 'let';
  // `using` / `await using` behave like const for our purposes.
  if (list.flags & (ts.NodeFlags.Using | ts.NodeFlags.AwaitUsing)) return 'const';
  return 'var';
}

function requireInfo(initializer: ts.Expression | undefined): ImportInfo | undefined {
  if (!initializer) return undefined;
  let expr = initializer;
  while (ts.isParenthesizedExpression(expr) || ts.isAwaitExpression(expr)) expr = expr.expression;
  if (
    ts.isCallExpression(expr) &&
    ((ts.isIdentifier(expr.expression) && expr.expression.text === 'require') || expr.expression.kind === ts.SyntaxKind.ImportKeyword) &&
    expr.arguments.length === 1 &&
    ts.isStringLiteralLike(expr.arguments[0]!)
  ) {
    return { module: expr.arguments[0].text, exportName: '*' };
  }
  return undefined;
}

type Table = Map<string, Binding>;

const INDEX = Symbol('workload-shape scope index');
type IndexedSourceFile = ts.SourceFile & { [INDEX]?: ScopeIndex };

/**
 * The binder of a parsed file, shared by the rules and every fix computed for that parse (a
 * SourceFile is immutable; an edited document is a new SourceFile and gets a new index). Kept on the
 * SourceFile itself, so it lives and dies with the tree (see MemoKind for why not in a WeakMap).
 */
export function scopeIndexFor(sourceFile: ts.SourceFile): ScopeIndex {
  const file = sourceFile as IndexedSourceFile;
  return (file[INDEX] ??= createScopeIndex(sourceFile));
}

export function createScopeIndex(sourceFile: ts.SourceFile): ScopeIndex {
  const tables = new Map<ts.Node, Table>();

  function add(table: Table, scope: ts.Node, id: ts.Identifier, kind: BindingKind, extra?: Partial<Binding>): void {
    // First declaration wins (later `var x` redeclarations refer to the same binding).
    if (!table.has(id.text)) table.set(id.text, { name: id.text, kind, declaration: id, scope, ...extra });
  }

  function addVariableList(table: Table, scope: ts.Node, list: ts.VariableDeclarationList, wanted: 'block' | 'var'): void {
    const kind = declarationListKind(list);
    if ((kind === 'var') !== (wanted === 'var')) return;
    for (const decl of list.declarations) {
      const req = requireInfo(decl.initializer);
      if (ts.isIdentifier(decl.name)) {
        add(table, scope, decl.name, kind, req ? { required: req } : undefined);
      } else if (req && ts.isObjectBindingPattern(decl.name)) {
        for (const element of decl.name.elements) {
          if (!ts.isIdentifier(element.name)) continue;
          const exported = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
          add(table, scope, element.name, kind, { required: { module: req.module, exportName: exported } });
        }
      } else {
        for (const id of collectBindingIdentifiers(decl.name)) add(table, scope, id, kind);
      }
    }
  }

  /**
   * Where the word `var` (or any `\u` escape, which could spell it) occurs in the file, in order:
   * found once per file, so that a body without a `var` declaration is never walked for one.
   */
  let varWords: number[] | undefined;
  function mayDeclareVar(node: ts.Node): boolean {
    if (!varWords) {
      varWords = [];
      const text = sourceFile.text;
      if (text.includes('\\u')) varWords = [-1]; // escapes: walk every body
      else {
        for (let i = text.indexOf('var'); i >= 0; i = text.indexOf('var', i + 3)) {
          if (!isAsciiIdentifierPart(text.charCodeAt(i - 1)) && !isAsciiIdentifierPart(text.charCodeAt(i + 3))) varWords.push(i);
        }
      }
    }
    if (varWords[0] === -1) return true;
    // The first occurrence at or after node.pos, by binary search.
    let lo = 0;
    let hi = varWords.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (varWords[mid]! < node.pos) lo = mid + 1;
      else hi = mid;
    }
    return lo < varWords.length && varWords[lo]! < node.end;
  }

  /** `var` declarations hoist to the function/file scope. Iterative: nesting depth is the input's to choose. */
  function addHoistedVars(table: Table, scope: ts.Node, node: ts.Node): void {
    // A `var` declaration list is written with the keyword `var`: no such word, nothing to hoist.
    if (!mayDeclareVar(node)) return;
    // Children are pushed in reverse so they pop in source order: the first `var x` stays the declaration.
    const stack: ts.Node[] = [];
    const push = (child: ts.Node): void => {
      stack.push(child);
    };
    const pushChildren = (parent: ts.Node): void => {
      const mark = stack.length;
      ts.forEachChild(parent, push);
      reverseFrom(stack, mark);
    };
    pushChildren(node);
    while (stack.length > 0) {
      const child = stack.pop()!;
      if (isFunctionScope(child) || ts.isClassLike(child)) continue;
      if (ts.isVariableDeclarationList(child)) addVariableList(table, scope, child, 'var');
      pushChildren(child);
    }
  }

  function addBlockDeclarations(table: Table, scope: ts.Node, statements: readonly ts.Statement[]): void {
    for (const statement of statements) {
      if (ts.isVariableStatement(statement)) {
        addVariableList(table, scope, statement.declarationList, 'block');
      } else if (ts.isFunctionDeclaration(statement) && statement.name) {
        add(table, scope, statement.name, 'function');
      } else if (ts.isClassDeclaration(statement) && statement.name) {
        add(table, scope, statement.name, 'class');
      } else if (ts.isEnumDeclaration(statement)) {
        add(table, scope, statement.name, 'enum');
      } else if (ts.isModuleDeclaration(statement) && ts.isIdentifier(statement.name)) {
        add(table, scope, statement.name, 'other');
      } else if (ts.isImportDeclaration(statement) && statement.importClause && ts.isStringLiteral(statement.moduleSpecifier)) {
        const module = statement.moduleSpecifier.text;
        const clause = statement.importClause;
        if (clause.name) add(table, scope, clause.name, 'import', { import: { module, exportName: 'default' } });
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) {
          add(table, scope, bindings.name, 'import', { import: { module, exportName: '*' } });
        } else if (bindings) {
          for (const element of bindings.elements) {
            const exported = (element.propertyName ?? element.name).text;
            add(table, scope, element.name, 'import', { import: { module, exportName: exported } });
          }
        }
      } else if (
        ts.isImportEqualsDeclaration(statement) &&
        ts.isExternalModuleReference(statement.moduleReference) &&
        ts.isStringLiteral(statement.moduleReference.expression)
      ) {
        add(table, scope, statement.name, 'import', { import: { module: statement.moduleReference.expression.text, exportName: '*' } });
      }
    }
  }

  function tableFor(scope: ts.Node): Table {
    let table = tables.get(scope);
    if (table) return table;
    table = new Map();
    tables.set(scope, table);
    if (ts.isSourceFile(scope)) {
      addBlockDeclarations(table, scope, scope.statements);
      addHoistedVars(table, scope, scope);
    } else if (ts.isModuleBlock(scope)) {
      addBlockDeclarations(table, scope, scope.statements);
      addHoistedVars(table, scope, scope);
    } else if (isFunctionScope(scope)) {
      if ((ts.isFunctionExpression(scope)) && scope.name) add(table, scope, scope.name, 'function');
      for (const parameter of scope.parameters) {
        for (const id of collectBindingIdentifiers(parameter.name)) add(table, scope, id, 'parameter');
      }
      if (scope.body && ts.isBlock(scope.body)) addHoistedVars(table, scope, scope.body);
    } else if (ts.isBlock(scope)) {
      addBlockDeclarations(table, scope, scope.statements);
    } else if (ts.isCaseBlock(scope)) {
      for (const clause of scope.clauses) addBlockDeclarations(table, scope, clause.statements);
    } else if (ts.isForStatement(scope) || ts.isForInStatement(scope) || ts.isForOfStatement(scope)) {
      const init = ts.isForStatement(scope) ? scope.initializer : scope.initializer;
      if (init && ts.isVariableDeclarationList(init)) addVariableList(table, scope, init, 'block');
    } else if (ts.isCatchClause(scope)) {
      if (scope.variableDeclaration) {
        for (const id of collectBindingIdentifiers(scope.variableDeclaration.name)) add(table, scope, id, 'catch');
      }
    } else if (ts.isClassExpression(scope) && scope.name) {
      add(table, scope, scope.name, 'class');
    }
    return table;
  }

  /**
   * The nearest scope node at or above `node`, remembered for every node on the way up: without it,
   * resolving each identifier of deeply nested generated code walked all its ancestors (quadratic).
   */
  const scopeOfNode = new Map<ts.Node, ts.Node | undefined>();
  function scopeOf(node: ts.Node | undefined): ts.Node | undefined {
    let path: ts.Node[] | undefined;
    let current = node;
    let found: ts.Node | undefined;
    while (current) {
      if (isScopeNode(current)) {
        found = current;
        break;
      }
      const known = scopeOfNode.get(current);
      if (known !== undefined || scopeOfNode.has(current)) {
        found = known;
        break;
      }
      (path ??= []).push(current);
      current = current.parent;
    }
    if (path) for (const visited of path) scopeOfNode.set(visited, found);
    return found;
  }

  /** Each scope's enclosing scope (null: none), so a lookup climbs scope by scope instead of node by node. */
  const outerScopes = new Map<ts.Node, ts.Node | null>();
  function outerScopeOf(scope: ts.Node): ts.Node | undefined {
    let outer = outerScopes.get(scope);
    if (outer === undefined) outerScopes.set(scope, (outer = scopeOf(scope.parent) ?? null));
    return outer ?? undefined;
  }

  function lookup(name: string, location: ts.Node): Binding | undefined {
    for (let scope = scopeOf(location); scope; scope = outerScopeOf(scope)) {
      const found = tableFor(scope).get(name);
      if (found) return found;
    }
    return undefined;
  }

  /** Rules and fixes resolve the same identifiers again and again (each statement's accesses, each group, each fix). */
  const resolved = new Map<ts.Identifier, Binding | null>();
  const memos = new Map<MemoKind<unknown, unknown>, Map<unknown, unknown>>();

  return {
    resolve(identifier) {
      let binding = resolved.get(identifier);
      if (binding === undefined) resolved.set(identifier, (binding = lookup(identifier.text, identifier) ?? null));
      return binding ?? undefined;
    },
    lookup,
    memo<K, V>(kind: MemoKind<K, V>): Map<K, V> {
      let table = memos.get(kind);
      if (!table) memos.set(kind, (table = new Map()));
      return table as Map<K, V>;
    },
  };
}

/**
 * True when the identifier is a reference to a binding (a read or a write), false when it is a
 * property name, a declaration's own name, a label, or a type-only position.
 */
export function isReferenceIdentifier(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (!parent) return false;
  if (ts.isPropertyAccessExpression(parent) && parent.name === id) return false;
  if (ts.isQualifiedName(parent) && parent.right === id) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent) ||
       ts.isPropertySignature(parent) || ts.isMethodSignature(parent) || ts.isGetAccessorDeclaration(parent) ||
       ts.isSetAccessorDeclaration(parent) || ts.isEnumMember(parent)) && parent.name === id) return false;
  if (ts.isBindingElement(parent) && parent.propertyName === id) return false;
  if ((ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isBindingElement(parent) ||
       ts.isFunctionDeclaration(parent) || ts.isFunctionExpression(parent) || ts.isClassDeclaration(parent) ||
       ts.isClassExpression(parent) || ts.isImportSpecifier(parent) || ts.isImportClause(parent) ||
       ts.isNamespaceImport(parent) || ts.isImportEqualsDeclaration(parent) || ts.isEnumDeclaration(parent) ||
       ts.isInterfaceDeclaration(parent) || ts.isTypeAliasDeclaration(parent) || ts.isModuleDeclaration(parent) ||
       ts.isTypeParameterDeclaration(parent)) && (parent as { name?: ts.Node }).name === id) return false;
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return false;
  if (ts.isExportSpecifier(parent) && parent.propertyName === id) return true;
  if (ts.isJsxAttribute(parent)) return false;
  // Types: an identifier inside a type reference is not a value reference.
  let node: ts.Node = parent;
  while (node && !ts.isSourceFile(node)) {
    if (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node)) return ts.isTypeQueryNode(node);
    if (ts.isExpression(node) || ts.isStatement(node)) break;
    node = node.parent;
  }
  return true;
}
