import { ts } from 'ts-morph';
import type { ScopeIndex } from '../../scope';
import type { TextEdit } from '../fix';
import { stripExpression as unwrap, lastNameOf } from '../../index-loop';

/**
 * The imports a rewritten call needs, written the way the file already writes them: reuse an existing
 * import of the same export (under whatever local name it has), merge into an existing import of the same
 * module, otherwise add a declaration beside the sync API's own import; `import` or `require` as the file
 * does, `'node:x'` or `'x'` as the file does, its quotes, semicolons and line endings. New names never clash
 * with a name already in the file. Module-level helper constants (`const gzipAsync = promisify(gzip);`) go
 * after the imports. All changes to one statement are rendered together, so edits never overlap.
 */

export interface ImportStyle {
  syntax: 'import' | 'require';
  quote: "'" | '"';
  semicolon: boolean;
  newline: string;
  /** Built-in modules are written `'node:fs'` rather than `'fs'`. */
  nodePrefix: boolean;
}

export interface ModuleExport {
  /** Canonical specifier: `'fs/promises'`, `'util'`, `'crypto'` (no `node:`), or a package name. */
  module: string;
  exportName: string;
  typeOnly?: boolean;
}

const BUILTINS = new Set([
  'fs', 'fs/promises', 'util', 'crypto', 'zlib', 'child_process', 'path', 'os', 'stream', 'events', 'http', 'https', 'net',
  'url', 'buffer', 'worker_threads', 'timers', 'timers/promises', 'readline', 'assert', 'process', 'dns', 'tls', 'vm',
]);
/** Packages whose default import is the module namespace (CommonJS `module.exports`). */
const NAMESPACE_DEFAULTS = new Set(['fs-extra', 'graceful-fs']);

export function canonicalModule(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice(5) : specifier;
}

export function isBuiltinModule(specifier: string): boolean {
  return BUILTINS.has(canonicalModule(specifier));
}

/** `require('m')` → 'm'. */
export function requiredModule(expression: ts.Expression | undefined): string | undefined {
  if (!expression) return undefined;
  const e = unwrap(expression);
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'require' && e.arguments.length === 1) {
    const arg = e.arguments[0]!;
    if (ts.isStringLiteralLike(arg)) return arg.text;
  }
  return undefined;
}

/** `promisify(x)` / `util.promisify(x)`, possibly cast: the promisified expression. */
export function promisifiedArgument(expression: ts.Expression | undefined): ts.Expression | undefined {
  if (!expression) return undefined;
  const e = unwrap(expression);
  if (!ts.isCallExpression(e) || e.arguments.length !== 1) return undefined;
  const callee = unwrap(e.expression);
  const name = lastNameOf(callee);
  return name === 'promisify' ? e.arguments[0] : undefined;
}

function isRequireStatement(statement: ts.Statement): boolean {
  if (!ts.isVariableStatement(statement)) return false;
  return statement.declarationList.declarations.every((d) => {
    let init = d.initializer && unwrap(d.initializer);
    while (init && ts.isPropertyAccessExpression(init)) init = unwrap(init.expression);
    return requiredModule(init) !== undefined;
  });
}

export function isPromisifyConstant(statement: ts.Statement): boolean {
  return ts.isVariableStatement(statement) && statement.declarationList.declarations.every((d) => promisifiedArgument(d.initializer) !== undefined);
}

function isImportLike(statement: ts.Statement): boolean {
  return ts.isImportDeclaration(statement) || ts.isImportEqualsDeclaration(statement) || isRequireStatement(statement);
}

/** The leading run of directives, imports, requires and promisify constants. */
function headerOf(sourceFile: ts.SourceFile): ts.Statement[] {
  const header: ts.Statement[] = [];
  for (const statement of sourceFile.statements) {
    const directive = ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression);
    if (!directive && !isImportLike(statement) && !isPromisifyConstant(statement)) break;
    header.push(statement);
  }
  return header;
}

export function topLevelStatementOf(node: ts.Node): ts.Statement | undefined {
  let n: ts.Node | undefined = node;
  while (n && n.parent && !ts.isSourceFile(n.parent)) n = n.parent;
  return n && n.parent && ts.isSourceFile(n.parent) ? (n as ts.Statement) : undefined;
}

/** Every name the file declares or refers to (property names excluded): a new name must avoid them all. */
export function namesInFile(sourceFile: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const stack: ts.Node[] = [sourceFile];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isIdentifier(node)) {
      const p = node.parent;
      const propertyName =
        (ts.isPropertyAccessExpression(p) && p.name === node) ||
        (ts.isQualifiedName(p) && p.right === node) ||
        ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isPropertySignature(p) ||
          ts.isMethodSignature(p) || ts.isGetAccessorDeclaration(p) || ts.isSetAccessorDeclaration(p) || ts.isEnumMember(p)) && p.name === node) ||
        ((ts.isBindingElement(p) || ts.isImportSpecifier(p) || ts.isExportSpecifier(p)) && p.propertyName === node);
      if (!propertyName) names.add(node.text);
      continue;
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return names;
}

interface StatementPlan {
  removed: Set<ts.Node>;
  added: string[];
  importsAfter: string[];
  constantsAfter: string[];
}

interface NewDeclaration {
  specifier: string;
  elements: Array<{ text: string; typeOnly: boolean }>;
}

type NamedList = { list: ts.NamedImports | ts.ObjectBindingPattern; elements: ts.NodeArray<ts.ImportSpecifier | ts.BindingElement> };

function namedListOf(statement: ts.Statement): NamedList | undefined {
  if (ts.isImportDeclaration(statement)) {
    const bindings = statement.importClause?.namedBindings;
    return bindings && ts.isNamedImports(bindings) ? { list: bindings, elements: bindings.elements } : undefined;
  }
  if (ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1) {
    const name = statement.declarationList.declarations[0]!.name;
    return ts.isObjectBindingPattern(name) ? { list: name, elements: name.elements } : undefined;
  }
  return undefined;
}

function hasComments(text: string, start: number, end: number): boolean {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text.slice(start, end));
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (token === ts.SyntaxKind.SingleLineCommentTrivia || token === ts.SyntaxKind.MultiLineCommentTrivia) return true;
  }
  return false;
}

export class ImportPlanner {
  private readonly header: ts.Statement[];
  private readonly plans = new Map<ts.Statement, StatementPlan>();
  private readonly newDeclarations: NewDeclaration[] = [];
  private readonly constants: string[] = [];
  private readonly constantsFollow: ts.Statement[] = [];

  constructor(
    private readonly sourceFile: ts.SourceFile,
    private readonly scopes: ScopeIndex,
    private readonly style: ImportStyle,
    private readonly usedNames: Set<string>,
    /** Where new import declarations go: the statement that imports the sync API, when it is top-level. */
    private readonly anchor: ts.Statement | undefined,
  ) {
    this.header = headerOf(sourceFile);
  }

  specifierFor(module: string): string {
    return BUILTINS.has(module) ? `${this.style.nodePrefix ? 'node:' : ''}${module}` : module;
  }

  /** A name no binding in the file uses yet (then reserved). */
  freeName(candidates: readonly string[]): string {
    const pick = candidates.find((c) => !this.usedNames.has(c)) ?? this.numbered(candidates[candidates.length - 1]!);
    this.usedNames.add(pick);
    return pick;
  }

  private numbered(base: string): string {
    for (let i = 2; ; i++) if (!this.usedNames.has(`${base}${i}`)) return `${base}${i}`;
  }

  private visible(local: string, declaration: ts.Identifier, location: ts.Node): boolean {
    return this.scopes.lookup(local, location)?.declaration === declaration;
  }

  /** An expression (or type) that names `wanted` at `location` through an import the file already has. */
  existingReference(wanted: ModuleExport, location: ts.Node): { text: string; statement: ts.Statement } | undefined {
    const fsPromises = wanted.module === 'fs/promises';
    for (const statement of this.sourceFile.statements) {
      if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.importClause) {
        const module = canonicalModule(statement.moduleSpecifier.text);
        const clause = statement.importClause;
        const typeOnlyClause = clause.isTypeOnly;
        if (module === wanted.module) {
          const bindings = clause.namedBindings;
          if (bindings && ts.isNamedImports(bindings)) {
            for (const element of bindings.elements) {
              if ((element.propertyName ?? element.name).text !== wanted.exportName) continue;
              if (!wanted.typeOnly && (typeOnlyClause || element.isTypeOnly)) continue;
              if (wanted.typeOnly || this.visible(element.name.text, element.name, location)) return { text: element.name.text, statement };
            }
          } else if (bindings && ts.isNamespaceImport(bindings)) {
            if (wanted.typeOnly || (!typeOnlyClause && this.visible(bindings.name.text, bindings.name, location))) {
              return { text: `${bindings.name.text}.${wanted.exportName}`, statement };
            }
          }
          if (clause.name && !wanted.typeOnly && !typeOnlyClause && (BUILTINS.has(module) || NAMESPACE_DEFAULTS.has(module)) &&
              this.visible(clause.name.text, clause.name, location)) {
            return { text: `${clause.name.text}.${wanted.exportName}`, statement };
          }
        }
        // `import { promises as fsp } from 'fs'`
        if (fsPromises && !wanted.typeOnly && module === 'fs' && !typeOnlyClause && clause.namedBindings && ts.isNamedImports(clause.namedBindings)) {
          for (const element of clause.namedBindings.elements) {
            if ((element.propertyName ?? element.name).text === 'promises' && !element.isTypeOnly && this.visible(element.name.text, element.name, location)) {
              return { text: `${element.name.text}.${wanted.exportName}`, statement };
            }
          }
        }
      } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference) &&
          ts.isStringLiteral(statement.moduleReference.expression) && canonicalModule(statement.moduleReference.expression.text) === wanted.module) {
        if (wanted.typeOnly || this.visible(statement.name.text, statement.name, location)) return { text: `${statement.name.text}.${wanted.exportName}`, statement };
      } else if (ts.isVariableStatement(statement) && !wanted.typeOnly) {
        for (const declaration of statement.declarationList.declarations) {
          const required = requiredModule(declaration.initializer);
          if (required === undefined) continue;
          const module = canonicalModule(required);
          const viaFs = fsPromises && module === 'fs';
          if (module !== wanted.module && !viaFs) continue;
          if (ts.isIdentifier(declaration.name) && !viaFs) {
            if (this.visible(declaration.name.text, declaration.name, location)) return { text: `${declaration.name.text}.${wanted.exportName}`, statement };
          } else if (ts.isObjectBindingPattern(declaration.name)) {
            for (const element of declaration.name.elements) {
              const exported = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : ts.isIdentifier(element.name) ? element.name.text : undefined;
              if (!ts.isIdentifier(element.name) || element.dotDotDotToken) continue;
              if (viaFs ? exported !== 'promises' : exported !== wanted.exportName) continue;
              if (!this.visible(element.name.text, element.name, location)) continue;
              return { text: viaFs ? `${element.name.text}.${wanted.exportName}` : element.name.text, statement };
            }
          }
        }
      }
    }
    return undefined;
  }

  /**
   * A name for `wanted` usable at `location`: an existing import, or a new one (merged into an import of the
   * same module when there is one). `names` are the local names to try, best first.
   */
  refer(wanted: ModuleExport, location: ts.Node, names: readonly string[] = [wanted.exportName]): string {
    const atModuleLevel = ts.isSourceFile(location);
    const existing = this.existingReference(wanted, location);
    if (existing) {
      if (atModuleLevel) this.constantsFollow.push(existing.statement);
      return existing.text;
    }
    const local = this.freeName(names);
    const { exportName } = wanted;
    const importSyntax = this.style.syntax === 'import' || wanted.typeOnly === true;
    const elementText = importSyntax
      ? `${exportName === local ? exportName : `${exportName} as ${local}`}`
      : `${exportName === local ? exportName : `${exportName}: ${local}`}`;

    const target = this.mergeTarget(wanted, importSyntax);
    if (target) {
      const alreadyTypeOnly = ts.isImportDeclaration(target) && target.importClause?.isTypeOnly === true;
      this.planFor(target).added.push(wanted.typeOnly && !alreadyTypeOnly ? `type ${elementText}` : elementText);
      if (atModuleLevel) this.constantsFollow.push(target);
      return local;
    }
    const specifier = this.specifierFor(wanted.module);
    let declaration = this.newDeclarations.find((d) => d.specifier === specifier);
    if (!declaration) {
      declaration = { specifier, elements: [] };
      this.newDeclarations.push(declaration);
    }
    declaration.elements.push({ text: elementText, typeOnly: wanted.typeOnly === true });
    return local;
  }

  /** An existing top-level import (or `const { … } = require(…)`) of the module to add a name to. */
  private mergeTarget(wanted: ModuleExport, importSyntax: boolean): ts.Statement | undefined {
    let found: ts.Statement | undefined;
    for (const statement of this.sourceFile.statements) {
      if (importSyntax && ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) &&
          canonicalModule(statement.moduleSpecifier.text) === wanted.module) {
        const clause = statement.importClause;
        if (!clause?.namedBindings || !ts.isNamedImports(clause.namedBindings)) continue;
        if (clause.isTypeOnly && !wanted.typeOnly) continue;
        // Prefer the statement that imports the sync API (the in-place swap reads best), else the first.
        if (statement === this.anchor) return statement;
        found ??= statement;
      } else if (!importSyntax && ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1) {
        const declaration = statement.declarationList.declarations[0]!;
        const required = requiredModule(declaration.initializer);
        if (required === undefined || canonicalModule(required) !== wanted.module || !ts.isObjectBindingPattern(declaration.name)) continue;
        if (!ts.isCallExpression(unwrap(declaration.initializer!))) continue;
        if (statement === this.anchor) return statement;
        found ??= statement;
      }
    }
    return found;
  }

  private planFor(statement: ts.Statement): StatementPlan {
    let plan = this.plans.get(statement);
    if (!plan) {
      plan = { removed: new Set(), added: [], importsAfter: [], constantsAfter: [] };
      this.plans.set(statement, plan);
    }
    return plan;
  }

  /** Drop an import specifier or require-destructured element the rewrite left unused. */
  remove(element: ts.ImportSpecifier | ts.BindingElement): void {
    const statement = topLevelStatementOf(element);
    if (statement && namedListOf(statement)) this.planFor(statement).removed.add(element);
  }

  /** A module-level constant (`const gzipAsync = promisify(gzip);`), placed after the imports and `follow`. */
  addConstant(text: string, follow: readonly ts.Statement[] = []): void {
    this.constants.push(text);
    this.constantsFollow.push(...follow);
  }

  private semicolon(): string {
    return this.style.semicolon ? ';' : '';
  }

  private declarationText(declaration: NewDeclaration): string {
    const q = this.style.quote;
    const allTypes = declaration.elements.every((e) => e.typeOnly);
    if (this.style.syntax === 'require' && !declaration.elements.some((e) => e.typeOnly)) {
      return `const { ${declaration.elements.map((e) => e.text).join(', ')} } = require(${q}${declaration.specifier}${q})${this.semicolon()}`;
    }
    const elements = declaration.elements.map((e) => (e.typeOnly && !allTypes ? `type ${e.text}` : e.text));
    return `import ${allTypes ? 'type ' : ''}{ ${elements.join(', ')} } from ${q}${declaration.specifier}${q}${this.semicolon()}`;
  }

  /** The text edits for every planned change. */
  edits(): TextEdit[] {
    const sourceFile = this.sourceFile;
    const text = sourceFile.text;
    const nl = this.style.newline;
    const importLike = sourceFile.statements.filter(isImportLike);
    const declarationAnchor = this.anchor ?? this.header.filter(isImportLike).pop() ?? importLike[importLike.length - 1];
    const declarations = this.newDeclarations.map((d) => this.declarationText(d));
    const edits: TextEdit[] = [];

    const latest = (statements: readonly (ts.Statement | undefined)[]): ts.Statement | undefined =>
      statements.reduce<ts.Statement | undefined>((a, s) => (s && (!a || s.pos > a.pos) ? s : a), undefined);
    const constantAnchor = this.constants.length > 0
      ? latest([this.header[this.header.length - 1], ...this.constantsFollow, declarations.length > 0 ? declarationAnchor : undefined])
      : undefined;

    if (declarationAnchor) this.planFor(declarationAnchor).importsAfter.push(...declarations);
    else if (declarations.length > 0 || this.constants.length > 0) {
      // No import at all: start the file with the new lines (after any leading comments).
      const first = sourceFile.statements[0];
      const at = first ? first.getStart(sourceFile) : text.length;
      const lines = [...declarations, ...(declarations.length > 0 && this.constants.length > 0 ? [''] : []), ...this.constants];
      edits.push({ start: at, end: at, newText: `${lines.join(nl)}${nl}${first ? nl : ''}` });
    }
    if (constantAnchor) this.planFor(constantAnchor).constantsAfter.push(...this.constants);

    for (const [statement, plan] of this.plans) edits.push(this.renderStatement(statement, plan));
    return edits;
  }

  private renderStatement(statement: ts.Statement, plan: StatementPlan): TextEdit {
    const sourceFile = this.sourceFile;
    const text = sourceFile.text;
    const nl = this.style.newline;
    const start = statement.getStart(sourceFile);
    const end = statement.getEnd();
    let own: string | undefined = text.slice(start, end);
    const named = namedListOf(statement);
    if (named && (plan.removed.size > 0 || plan.added.length > 0)) own = this.rebuiltStatement(statement, named, plan);

    const after: string[] = [...plan.importsAfter];
    if (plan.constantsAfter.length > 0) {
      if (!isPromisifyConstant(statement)) after.push('');
      after.push(...plan.constantsAfter);
    }
    if (own !== undefined) return { start, end, newText: own + after.map((line) => nl + line).join('') };
    while (after[0] === '') after.shift();
    if (after.length > 0) return { start, end, newText: after.join(nl) };
    // The statement goes entirely: take its line with it.
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const before = text.slice(lineStart, start);
    const rest = /^[ \t]*(\r?\n)?/.exec(text.slice(end))![0];
    return before.trim() === '' && rest.endsWith('\n') ? { start: lineStart, end: end + rest.length, newText: '' } : { start, end, newText: '' };
  }

  /** The statement with its `{ … }` list changed; undefined when nothing is left of it. */
  private rebuiltStatement(statement: ts.Statement, named: NamedList, plan: StatementPlan): string | undefined {
    const sourceFile = this.sourceFile;
    const text = sourceFile.text;
    const start = statement.getStart(sourceFile);
    const listStart = named.list.getStart(sourceFile);
    const listEnd = named.list.getEnd();
    const listText = text.slice(listStart, listEnd);
    const splice = (replacement: string, from = listStart, to = listEnd): string =>
      text.slice(start, from) + replacement + text.slice(to, statement.getEnd());

    if (hasComments(text, listStart, listEnd)) {
      // Comments inside the braces: never rebuild (they would be lost); only append, keep what was there.
      if (plan.added.length === 0) return text.slice(start, statement.getEnd());
      const last = named.elements[named.elements.length - 1];
      // After the last element's own trailing comment (`a /* why */`), which stays with it.
      const trailing = last ? ts.getTrailingCommentRanges(text, last.getEnd()) : undefined;
      const at = last ? (trailing?.[trailing.length - 1]?.end ?? last.getEnd()) : listStart + 1;
      const insertion = last ? `, ${plan.added.join(', ')}` : ` ${plan.added.join(', ')} `;
      return splice(text.slice(listStart, at) + insertion + text.slice(at, listEnd));
    }

    // A name swapped for another (`pbkdf2Sync` → `pbkdf2`) keeps its place in the list.
    const added = [...plan.added];
    const all: string[] = [];
    for (const element of named.elements) {
      if (!plan.removed.has(element)) all.push(element.getText(sourceFile));
      else if (added.length > 0) all.push(added.shift()!);
    }
    all.push(...added);
    if (all.length === 0) {
      if (ts.isImportDeclaration(statement) && statement.importClause?.name) {
        // `import fs, { readFileSync } from 'fs'` → `import fs from 'fs'`
        return splice('', statement.importClause.name.getEnd(), listEnd);
      }
      return undefined;
    }
    const trailingComma = named.elements.hasTrailingComma;
    if (!listText.includes('\n')) {
      const padded = listText.length > 2 ? listText[1] === ' ' : true;
      const pad = padded ? ' ' : '';
      return splice(`{${pad}${all.join(', ')}${trailingComma ? ',' : ''}${pad}}`);
    }
    const nl = this.style.newline;
    const first = named.elements[0];
    const lineIndent = (at: number): string => /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', at - 1) + 1))![0];
    const indent = first ? lineIndent(first.getStart(sourceFile)) : '  ';
    const closeIndent = lineIndent(listEnd - 1);
    return splice(`{${nl}${indent}${all.join(`,${nl}${indent}`)}${trailingComma ? ',' : ''}${nl}${closeIndent}}`);
  }
}
