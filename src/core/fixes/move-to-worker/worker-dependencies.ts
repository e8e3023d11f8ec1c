import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import { ts } from 'ts-morph';
import { createScopeIndex, type Binding, type ScopeIndex } from '../../scope';
import { collectCodeFacts, isFreshValue, isWithin, WORKER_SAFE_GLOBALS, type CodeFacts } from './code-facts';
import { declarationTextForCopy } from './copied-text';
import { isExported, isTopLevel, resolveTypeName } from './local-types';

/**
 * Everything the worker module needs besides the loop: imports re-created with the same specifiers,
 * functions and constants of the file copied when they are self-contained, and the type declarations
 * its code and its input/output types mention. Every answer is either "done" or the reason it cannot be.
 *
 * Imports are the dangerous part: a worker loads its imports afresh, so a module whose top level does
 * something (connects, listens, schedules) would do it again. Only Node built-ins and local modules whose
 * top level is nothing but declarations are re-imported; packages are not (we cannot see their top level).
 */

export type ModuleReader = (absolutePath: string) => string | undefined;

export const readModuleFromDisk: ModuleReader = (absolutePath) => {
  try {
    return fs.readFileSync(absolutePath, 'utf8');
  } catch {
    return undefined;
  }
};

const BUILTINS = new Set(builtinModules);

export function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || BUILTINS.has(specifier);
}

function isRelative(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../');
}

interface FileContext {
  sourceFile: ts.SourceFile;
  scopes: ScopeIndex;
  fileName: string;
}

interface ModuleImports {
  defaultName?: string;
  namespace?: string;
  equals?: string;
  named: Map<string, string>; // local → exported
  requiredWhole?: string;
  requiredNamed: Map<string, string>;
}

interface CopiedDeclaration {
  pos: number;
  text: string;
}

type Outcome = string | undefined; // a reason, or undefined when fine

const MAX_MODULE_DEPTH = 6;

export class WorkerDependencies {
  private readonly valueImports = new Map<string, ModuleImports>();
  private readonly typeImports = new Map<string, ModuleImports>();
  private readonly copied = new Map<ts.Node, CopiedDeclaration>();
  private readonly helperVerdicts = new Map<ts.Node, Outcome | 'pending'>();
  private readonly moduleVerdicts = new Map<string, { outcome: Outcome; file?: FileContext }>();
  private fileMutations: CodeFacts | undefined;
  /** Names the worker module declares at its top level, to detect clashes. */
  readonly topLevelNames = new Map<string, ts.Node | string>();
  /** Two different things that would both need the same top-level name in the worker module. */
  readonly nameClashes: string[] = [];
  private readonly parsedTypeModules = new Map<string, ts.SourceFile | null>();

  constructor(
    private readonly main: FileContext,
    private readonly readModule: ModuleReader,
    /** The specifier the worker module uses to import types from the fixed file (`./input.js`). */
    private readonly mainSpecifier: string,
  ) {}

  private claim(name: string, owner: ts.Node | string): void {
    const previous = this.topLevelNames.get(name);
    if (previous !== undefined && previous !== owner) {
      if (!this.nameClashes.includes(name)) this.nameClashes.push(name);
      return;
    }
    this.topLevelNames.set(name, owner);
  }

  // ---------------------------------------------------------------------------------------------
  // Values

  /** A binding the loop reads that is an import, a function or (for copied functions) a constant. */
  useValue(binding: Binding): Outcome {
    if (binding.import || binding.required) return this.useImport(binding, this.main, 0);
    const fn = functionOf(binding);
    if (fn) return this.useFunction(binding, fn, this.main, true, 0);
    return `\`${binding.name}\` cannot be copied into the worker`;
  }

  private useImport(binding: Binding, file: FileContext, depth: number): Outcome {
    const info = (binding.import ?? binding.required)!;
    const specifier = info.module;
    if (isNodeBuiltin(specifier)) {
      if (file === this.main) this.recordValueImport(binding);
      return undefined;
    }
    if (!isRelative(specifier)) {
      return `the loop uses \`${binding.name}\` from the package '${specifier}': the fix re-imports only Node built-ins and local modules it can check, because a worker runs the top level of every module it imports again`;
    }
    const target = this.checkModule(file, specifier, depth + 1);
    if (target.outcome) return target.outcome;
    const exported = this.checkExport(target.file!, info.exportName, specifier, depth + 1);
    if (exported) return exported;
    if (file === this.main) this.recordValueImport(binding);
    return undefined;
  }

  private recordValueImport(binding: Binding): void {
    const info = (binding.import ?? binding.required)!;
    const entry = entryFor(this.valueImports, info.module);
    const statement = binding.declaration.parent;
    if (binding.required) {
      if (info.exportName === '*') entry.requiredWhole = binding.name;
      else entry.requiredNamed.set(binding.name, info.exportName);
    } else if (ts.isImportEqualsDeclaration(statement)) entry.equals = binding.name;
    else if (info.exportName === 'default') entry.defaultName = binding.name;
    else if (info.exportName === '*') entry.namespace = binding.name;
    else entry.named.set(binding.name, info.exportName);
    this.claim(binding.name, binding.declaration);
  }

  /**
   * A function the loop calls: it must be self-contained (its own parameters and locals, re-importable
   * imports, other such functions, constants with literal values) and must not change anything outside
   * itself, its arguments included (the worker works on copies, so such changes would be lost).
   */
  private useFunction(binding: Binding, fn: FunctionInfo, file: FileContext, copy: boolean, depth: number): Outcome {
    const previous = this.helperVerdicts.get(fn.node);
    if (previous === 'pending') return undefined; // recursion: judged by the outer call
    if (previous !== undefined || this.helperVerdicts.has(fn.node)) return previous;
    this.helperVerdicts.set(fn.node, 'pending');
    const outcome = this.judgeFunction(binding, fn, file, copy, depth);
    this.helperVerdicts.set(fn.node, outcome);
    if (!outcome && copy) {
      for (const statement of fn.statements) this.copied.set(statement, { pos: statement.pos, text: fn.textOf(statement) });
      this.claim(binding.name, binding.declaration);
    }
    return outcome;
  }

  private judgeFunction(binding: Binding, fn: FunctionInfo, file: FileContext, copy: boolean, depth: number): Outcome {
    const name = `\`${binding.name}\``;
    const where = file === this.main ? '' : ` (in ${path.basename(file.fileName)})`;
    if (!fn.implementation.body) return `the loop calls ${name}${where}, whose body is not available`;
    if (fn.isAsync) return `the loop calls ${name}${where}, which is async`;
    if (fn.isGenerator) return `the loop calls ${name}${where}, which is a generator`;
    const facts = collectCodeFacts([fn.implementation], file.scopes, file.sourceFile, { functionRoot: true, subject: `${name}${where}` });
    if (facts.problem) return `the loop calls ${name}${where}, but ${facts.problem.reason}`;
    for (const [global] of facts.globalWrites) return `the loop calls ${name}${where}, which changes \`${global}\` outside itself`;
    for (const [binding2] of facts.writes) return `the loop calls ${name}${where}, which changes \`${binding2.name}\` outside itself`;
    for (const site of facts.mutations) {
      const root = site.root?.text ?? 'an object';
      const own = site.binding && isWithin(site.binding.declaration, fn.implementation.pos, fn.implementation.end);
      if (!own || site.depth > 0 || !holdsFreshObject(site.binding!, facts, file.scopes)) {
        return `the loop calls ${name}${where}, which changes \`${root}\` (line ${lineOf(file.sourceFile, site.node)}), an object it did not create: in a worker only a copy would change`;
      }
    }
    for (const [global] of facts.globals) {
      if (!WORKER_SAFE_GLOBALS.has(global)) return `the loop calls ${name}${where}, which uses the global \`${global}\``;
    }
    for (const [outer] of facts.reads) {
      if (outer === binding) continue;
      const outcome = this.useFromFunction(outer, name + where, file, copy, depth);
      if (outcome) return outcome;
    }
    if (copy) {
      for (const id of facts.typeNames) {
        const outcome = this.useTypeName(id.text, id, fn.implementation, facts.localTypeParameters);
        if (outcome) return outcome;
      }
    }
    return undefined;
  }

  /** A binding a copied (or checked) function reads from outside itself. */
  private useFromFunction(outer: Binding, user: string, file: FileContext, copy: boolean, depth: number): Outcome {
    if (outer.import || outer.required) return this.useImport(outer, file, depth);
    const fn = functionOf(outer);
    if (fn) return this.useFunction(outer, fn, file, copy, depth);
    const constant = constantOf(outer);
    if (constant && ts.isSourceFile(outer.scope)) {
      if (!isLiteralValue(constant.initializer!)) return `the loop calls ${user}, which uses \`${outer.name}\`, declared outside it with a value that is not a literal`;
      if (this.isChangedInFile(outer, file)) return `the loop calls ${user}, which uses \`${outer.name}\`, a module constant that the file changes`;
      if (copy) {
        const statement = constant.parent.parent as ts.VariableStatement;
        const keyword = 'const';
        const text = `${keyword} ${constant.getText(file.sourceFile)};`;
        this.copied.set(constant, { pos: statement.pos, text: statement.declarationList.declarations.length === 1 ? declarationTextForCopy(statement, file.sourceFile) : text });
        this.claim(outer.name, outer.declaration);
        if (constant.type) return this.useTypeNamesIn(constant.type, undefined, new Set());
      }
      return undefined;
    }
    return `the loop calls ${user}, which uses \`${outer.name}\`, declared outside it`;
  }

  /** A constant's object changed anywhere in the file (`const` itself cannot be reassigned). */
  private isChangedInFile(binding: Binding, file: FileContext): boolean {
    if (file !== this.main) return false; // other modules: `checkModule` refuses any module state changes
    this.fileMutations ??= collectCodeFacts(this.main.sourceFile.statements.length > 0 ? this.main.sourceFile.statements : [this.main.sourceFile],
      this.main.scopes, this.main.sourceFile);
    return this.fileMutations.mutations.some((m) => m.binding === binding);
  }

  // ---------------------------------------------------------------------------------------------
  // Local modules

  private checkModule(from: FileContext, specifier: string, depth: number): { outcome: Outcome; file?: FileContext } {
    const resolved = resolveLocalModule(path.dirname(from.fileName), specifier, this.readModule);
    if (!resolved) return { outcome: `cannot read the module '${specifier}' to check that loading it in a worker has no side effects` };
    const cached = this.moduleVerdicts.get(resolved.fileName);
    if (cached) return cached;
    if (depth > MAX_MODULE_DEPTH) return { outcome: `the modules imported from '${specifier}' nest too deeply to check` };
    const sourceFile = ts.createSourceFile(resolved.fileName, resolved.text, ts.ScriptTarget.Latest, true,
      /\.tsx$/i.test(resolved.fileName) ? ts.ScriptKind.TSX : /\.[mc]?js$/i.test(resolved.fileName) ? ts.ScriptKind.JS : ts.ScriptKind.TS);
    const file: FileContext = { sourceFile, scopes: createScopeIndex(sourceFile), fileName: resolved.fileName };
    const verdict: { outcome: Outcome; file?: FileContext } = { outcome: undefined, file };
    this.moduleVerdicts.set(resolved.fileName, verdict); // cycles: assumed fine while being checked
    verdict.outcome = this.checkModuleTopLevel(file, specifier, depth);
    return verdict;
  }

  private checkModuleTopLevel(file: FileContext, specifier: string, depth: number): Outcome {
    const sf = file.sourceFile;
    const runsCode = (statement: ts.Node): string =>
      `the module '${specifier}' runs code when it is loaded (line ${lineOf(sf, statement)}: \`${firstLine(statement.getText(sf))}\`), and a worker would run it again`;
    for (const statement of sf.statements) {
      if (ts.isImportDeclaration(statement)) {
        if (statement.importClause?.isTypeOnly) continue;
        if (!ts.isStringLiteral(statement.moduleSpecifier)) return runsCode(statement);
        const inner = statement.moduleSpecifier.text;
        if (isNodeBuiltin(inner)) continue;
        if (!statement.importClause) return runsCode(statement); // a side-effect import
        if (!isRelative(inner)) return `the module '${specifier}' imports the package '${inner}', whose top level the fix cannot check`;
        const nested = this.checkModule(file, inner, depth + 1);
        if (nested.outcome) return nested.outcome;
        continue;
      }
      if (ts.isImportEqualsDeclaration(statement)) {
        if (statement.isTypeOnly) continue;
        const reference = statement.moduleReference;
        if (!ts.isExternalModuleReference(reference) || !ts.isStringLiteral(reference.expression)) continue;
        const inner = reference.expression.text;
        if (isNodeBuiltin(inner)) continue;
        if (!isRelative(inner)) return `the module '${specifier}' imports the package '${inner}', whose top level the fix cannot check`;
        const nested = this.checkModule(file, inner, depth + 1);
        if (nested.outcome) return nested.outcome;
        continue;
      }
      if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isEmptyStatement(statement)) continue;
      if (ts.isFunctionDeclaration(statement)) continue;
      if (isAmbient(statement)) continue;
      if (ts.isEnumDeclaration(statement)) {
        if (statement.members.every((m) => !m.initializer || isLiteralValue(m.initializer))) continue;
        return runsCode(statement);
      }
      if (ts.isClassDeclaration(statement)) {
        if (classRunsCodeWhenDeclared(statement)) return runsCode(statement);
        continue;
      }
      if (ts.isVariableStatement(statement)) {
        const list = statement.declarationList;
        if (!(list.flags & ts.NodeFlags.Const)) {
          return `the module '${specifier}' keeps mutable state (\`${firstLine(statement.getText(sf))}\`), which a worker's copy of the module would not share`;
        }
        for (const declaration of list.declarations) {
          if (!declaration.initializer || !(isLiteralValue(declaration.initializer) || isFunctionValue(declaration.initializer))) return runsCode(statement);
        }
        continue;
      }
      if (ts.isExportDeclaration(statement)) {
        if (statement.isTypeOnly || !statement.moduleSpecifier) continue;
        if (!ts.isStringLiteral(statement.moduleSpecifier)) return runsCode(statement);
        const inner = statement.moduleSpecifier.text;
        if (isNodeBuiltin(inner)) continue;
        if (!isRelative(inner)) return `the module '${specifier}' re-exports the package '${inner}', whose top level the fix cannot check`;
        const nested = this.checkModule(file, inner, depth + 1);
        if (nested.outcome) return nested.outcome;
        continue;
      }
      if (ts.isExportAssignment(statement)) {
        const e = statement.expression;
        if (ts.isIdentifier(e) || isLiteralValue(e) || isFunctionValue(e)) continue;
        return runsCode(statement);
      }
      return runsCode(statement);
    }
    // Functions that change module-level objects keep state the main thread would not see.
    const facts = collectCodeFacts(sf.statements.length > 0 ? sf.statements : [sf], file.scopes, sf);
    for (const site of facts.mutations) {
      if (site.binding && ts.isSourceFile(site.binding.scope)) {
        return `the module '${specifier}' changes its own state (\`${site.binding.name}\`, line ${lineOf(sf, site.node)}), which a worker's copy of the module would not share`;
      }
    }
    return undefined;
  }

  /** The export `name` of a checked module, used by the loop: functions must be self-contained, classes are refused. */
  private checkExport(file: FileContext, name: string, specifier: string, depth: number): Outcome {
    if (name === '*') {
      // A namespace import: every exported function may be called.
      for (const statement of file.sourceFile.statements) {
        if (ts.isFunctionDeclaration(statement) && statement.name && isExported(statement)) {
          const binding = file.scopes.lookup(statement.name.text, statement);
          const fn = binding && functionOf(binding);
          const outcome = binding && fn ? this.useFunction(binding, fn, file, false, depth) : undefined;
          if (outcome) return outcome;
        }
      }
      return undefined;
    }
    const local = exportedLocal(file.sourceFile, name);
    if (!local) return `cannot find the export \`${name}\` of '${specifier}' to check it`;
    if (local === 'literal') return undefined;
    const binding = file.scopes.lookup(local.text, local);
    if (!binding) return `cannot find the export \`${name}\` of '${specifier}' to check it`;
    const fn = functionOf(binding);
    if (fn) return this.useFunction(binding, fn, file, false, depth);
    const constant = constantOf(binding);
    if (constant?.initializer && isLiteralValue(constant.initializer)) return undefined;
    if (binding.kind === 'class') return `the loop uses the class \`${name}\` from '${specifier}': its instances cannot cross between threads`;
    return `the loop uses \`${name}\` from '${specifier}', which is neither a function nor a literal constant`;
  }

  // ---------------------------------------------------------------------------------------------
  // Types

  /**
   * A type name used by copied code (`owner`: the loop or a copied function; its own type parameters and
   * local types come along with it).
   */
  useTypeName(name: string, location: ts.Node, owner: ts.Node | { pos: number; end: number } | undefined, ownTypeParameters: ReadonlySet<string>): Outcome {
    const target = resolveTypeName(name, location);
    const ownedBy = (node: ts.Node): boolean => owner !== undefined && isWithin(node, owner.pos, owner.end);
    switch (target.kind) {
      case 'global':
        return undefined;
      case 'type-parameter':
        if (ownedBy(target.declaration) || ownTypeParameters.has(name)) return undefined;
        return `the loop uses the type parameter \`${name}\` of the function around it`;
      case 'namespace':
        return `the loop uses the namespace \`${name}\``;
      case 'import': {
        if (this.valueImportProvides(target.module, name)) return undefined;
        const entry = entryFor(this.typeImports, target.module);
        if (ts.isImportEqualsDeclaration(target.statement)) return `the loop uses the type \`${name}\` of an \`import = require()\``;
        if (target.exportName === 'default') entry.defaultName = name;
        else if (target.exportName === '*') entry.namespace = name;
        else entry.named.set(name, target.exportName);
        this.claim(name, `import ${target.module}#${target.exportName}`);
        return undefined;
      }
      case 'interface':
      case 'type-alias':
      case 'class':
      case 'enum': {
        const declarations: ts.Node[] = target.kind === 'interface' ? target.declaration : [target.declaration];
        const first = declarations[0]!;
        if (ownedBy(first)) return undefined;
        if (!isTopLevel(first)) return `the loop uses the type \`${name}\`, declared inside a function`;
        if (declarations.every(isExported)) {
          // Type-only imports are erased: the worker never loads the fixed file.
          entryFor(this.typeImports, this.mainSpecifier).named.set(name, name);
          this.claim(name, first);
          return undefined;
        }
        if (target.kind === 'class' || target.kind === 'enum') return `the loop uses the ${target.kind} \`${name}\` as a type, and it is not exported for the worker to import`;
        if (declarations.some((d) => this.copied.has(d))) return undefined;
        for (const declaration of declarations) {
          this.copied.set(declaration, { pos: declaration.pos, text: declarationTextForCopy(declaration, this.main.sourceFile) });
        }
        this.claim(name, first);
        for (const declaration of declarations) {
          const outcome = this.useTypeNamesIn(declaration, declaration, new Set());
          if (outcome) return outcome;
        }
        return undefined;
      }
    }
  }

  /** Every type name in `node` (a type, or a copied declaration). */
  useTypeNamesIn(node: ts.Node, owner: ts.Node | undefined, ownTypeParameters: ReadonlySet<string>, printedAt?: ts.Node): Outcome {
    const stack: ts.Node[] = [node];
    while (stack.length > 0) {
      const n = stack.pop()!;
      let id: ts.Identifier | undefined;
      if (ts.isTypeReferenceNode(n)) id = leftmostName(n.typeName);
      else if (ts.isExpressionWithTypeArguments(n) && (ts.isIdentifier(n.expression) || ts.isPropertyAccessExpression(n.expression))) id = leftmostName(n.expression);
      else if (ts.isTypeQueryNode(n)) return `the type \`${n.getText()}\` refers to a value`;
      else if (ts.isImportTypeNode(n)) return printedAt ? undefined : `the type \`${n.getText()}\` imports another module`;
      if (id) {
        const outcome = this.useTypeName(id.text, printedAt && n.getSourceFile() !== this.main.sourceFile ? printedAt : id, owner, ownTypeParameters);
        if (outcome) return outcome;
      }
      ts.forEachChild(n, (child) => {
        stack.push(child);
      });
    }
    return undefined;
  }

  private valueImportProvides(module: string, name: string): boolean {
    const entry = this.valueImports.get(module);
    return !!entry && (entry.defaultName === name || entry.namespace === name || entry.equals === name || entry.named.has(name));
  }

  /**
   * Types exported by local modules, found by syntax, so that `items: Item[]` with `Item` from './types'
   * can be judged without a type checker. Only direct declarations (no re-exports from elsewhere).
   */
  readonly importedType = (module: string, exportName: string, fromFile: string): Array<ts.InterfaceDeclaration | ts.TypeAliasDeclaration> | undefined => {
    if (!isRelative(module) || exportName === '*' || exportName === 'default') return undefined;
    const resolved = resolveLocalModule(path.dirname(fromFile), module, this.readModule);
    if (!resolved) return undefined;
    let sourceFile = this.parsedTypeModules.get(resolved.fileName);
    if (sourceFile === undefined) {
      sourceFile = ts.createSourceFile(resolved.fileName, resolved.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
      this.parsedTypeModules.set(resolved.fileName, sourceFile);
    }
    if (!sourceFile) return undefined;
    let local = exportName;
    for (const statement of sourceFile.statements) {
      if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) if (element.name.text === exportName) local = (element.propertyName ?? element.name).text;
      }
    }
    const found: Array<ts.InterfaceDeclaration | ts.TypeAliasDeclaration> = [];
    for (const statement of sourceFile.statements) {
      if ((ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) && statement.name.text === local &&
          (local !== exportName || isExported(statement))) found.push(statement);
    }
    return found.length > 0 ? found : undefined;
  };

  // ---------------------------------------------------------------------------------------------
  // Output

  /** Value imports (Node built-ins first, then local modules), and type-only imports, as separate lists. */
  importLines(quote: string, semi: string): { values: string[]; types: string[] } {
    const q = (s: string): string => `${quote}${s}${quote}`;
    const named = (map: ReadonlyMap<string, string>, separator: string): string =>
      [...map].map(([local, exported]) => (local === exported ? local : `${exported}${separator}${local}`)).join(', ');
    const lines: string[] = [];
    const types: string[] = [];
    for (const [module, entry] of sortedEntries(this.valueImports)) {
      if (entry.equals) lines.push(`import ${entry.equals} = require(${q(module)})${semi}`);
      if (entry.namespace) lines.push(`import * as ${entry.namespace} from ${q(module)}${semi}`);
      if (entry.defaultName || entry.named.size > 0) {
        const parts = [entry.defaultName, entry.named.size > 0 ? `{ ${named(entry.named, ' as ')} }` : undefined].filter(Boolean);
        lines.push(`import ${parts.join(', ')} from ${q(module)}${semi}`);
      }
      if (entry.requiredWhole) lines.push(`const ${entry.requiredWhole} = require(${q(module)})${semi}`);
      if (entry.requiredNamed.size > 0) lines.push(`const { ${named(entry.requiredNamed, ': ')} } = require(${q(module)})${semi}`);
    }
    for (const [module, entry] of sortedEntries(this.typeImports)) {
      if (entry.namespace) types.push(`import type * as ${entry.namespace} from ${q(module)}${semi}`);
      if (entry.defaultName) types.push(`import type ${entry.defaultName} from ${q(module)}${semi}`);
      if (entry.named.size > 0) types.push(`import type { ${named(entry.named, ' as ')} } from ${q(module)}${semi}`);
    }
    return { values: lines, types };
  }

  /** Copied declarations in their original order. */
  declarations(): string[] {
    return [...this.copied.values()].sort((a, b) => a.pos - b.pos).map((c) => c.text);
  }

  /** Does the worker module already import from `module` (to merge `worker_threads`)? */
  importsFrom(module: string): boolean {
    return this.valueImports.has(module);
  }
}

function entryFor(map: Map<string, ModuleImports>, module: string): ModuleImports {
  let entry = map.get(module);
  if (!entry) map.set(module, (entry = { named: new Map(), requiredNamed: new Map() }));
  return entry;
}

function sortedEntries(map: ReadonlyMap<string, ModuleImports>): Array<[string, ModuleImports]> {
  // Node built-ins first, then local modules, each alphabetically.
  return [...map].sort(([a], [b]) => Number(isRelative(a)) - Number(isRelative(b)) || a.localeCompare(b));
}

function leftmostName(name: ts.EntityName | ts.Expression): ts.Identifier | undefined {
  let n: ts.Node = name;
  while (ts.isQualifiedName(n) || ts.isPropertyAccessExpression(n)) n = ts.isQualifiedName(n) ? n.left : n.expression;
  return ts.isIdentifier(n) ? n : undefined;
}

export function lineOf(sourceFile: ts.SourceFile, node: ts.Node): number {
  return sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
}

function firstLine(text: string): string {
  const line = text.split(/\r?\n/)[0]!.trim();
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}

function isAmbient(statement: ts.Statement): boolean {
  return ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.DeclareKeyword);
}

/** Does declaring the class run code (decorators, static blocks, static initialisers that are not literals)? */
function classRunsCodeWhenDeclared(declaration: ts.ClassDeclaration): boolean {
  if (ts.getDecorators(declaration)?.length) return true;
  for (const member of declaration.members) {
    if (ts.canHaveDecorators(member) && ts.getDecorators(member)?.length) return true;
    if (ts.isClassStaticBlockDeclaration(member)) return true;
    if (ts.isPropertyDeclaration(member) && (ts.getModifiers(member) ?? []).some((m) => m.kind === ts.SyntaxKind.StaticKeyword) &&
        member.initializer && !isLiteralValue(member.initializer) && !isFunctionValue(member.initializer)) return true;
  }
  for (const clause of declaration.heritageClauses ?? []) {
    if (clause.token === ts.SyntaxKind.ExtendsKeyword && clause.types.some((t) => !ts.isIdentifier(t.expression))) return true;
  }
  return false;
}

function unwrapValue(expression: ts.Expression): ts.Expression {
  let e = expression;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
  // `Object.freeze(literal)` is a literal that stays one.
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && ts.isIdentifier(e.expression.expression) &&
      e.expression.expression.text === 'Object' && e.expression.name.text === 'freeze' && e.arguments.length === 1) return unwrapValue(e.arguments[0]!);
  return e;
}

/** A literal value: primitives, regular expressions, and arrays/objects made only of those. */
export function isLiteralValue(expression: ts.Expression): boolean {
  const stack: ts.Expression[] = [expression];
  while (stack.length > 0) {
    const e = unwrapValue(stack.pop()!);
    switch (e.kind) {
      case ts.SyntaxKind.NumericLiteral:
      case ts.SyntaxKind.BigIntLiteral:
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
      case ts.SyntaxKind.TrueKeyword:
      case ts.SyntaxKind.FalseKeyword:
      case ts.SyntaxKind.NullKeyword:
      case ts.SyntaxKind.RegularExpressionLiteral:
        continue;
      case ts.SyntaxKind.PrefixUnaryExpression: {
        const operand = (e as ts.PrefixUnaryExpression).operand;
        if (ts.isNumericLiteral(operand) || ts.isBigIntLiteral(operand)) continue;
        return false;
      }
      case ts.SyntaxKind.ArrayLiteralExpression:
        for (const element of (e as ts.ArrayLiteralExpression).elements) {
          if (ts.isSpreadElement(element)) return false;
          stack.push(element);
        }
        continue;
      case ts.SyntaxKind.ObjectLiteralExpression:
        for (const property of (e as ts.ObjectLiteralExpression).properties) {
          if (!ts.isPropertyAssignment(property) || ts.isComputedPropertyName(property.name)) return false;
          stack.push(property.initializer);
        }
        continue;
      case ts.SyntaxKind.Identifier:
        if ((e as ts.Identifier).text === 'undefined') continue;
        return false;
      default:
        return false;
    }
  }
  return true;
}

function isFunctionValue(expression: ts.Expression): boolean {
  const e = unwrapValue(expression);
  return ts.isArrowFunction(e) || ts.isFunctionExpression(e);
}

interface FunctionInfo {
  node: ts.Node;
  implementation: ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression;
  /** The statements to copy (overloads and implementation, or the variable statement). */
  statements: ts.Node[];
  isAsync: boolean;
  isGenerator: boolean;
  textOf(statement: ts.Node): string;
}

/** A function declaration or a never-reassigned `const f = () => …`, as something we may copy. */
function functionOf(binding: Binding): FunctionInfo | undefined {
  const declaration = binding.declaration.parent;
  const modifiers = (node: ts.Node): readonly ts.ModifierLike[] => (ts.canHaveModifiers(node) ? ts.getModifiers(node) ?? [] : []);
  if (binding.kind === 'function' && ts.isFunctionDeclaration(declaration)) {
    const container = declaration.parent;
    const statements: readonly ts.Statement[] = ts.isSourceFile(container) || ts.isBlock(container) || ts.isModuleBlock(container) ? container.statements : [declaration];
    const siblings = statements.filter((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === binding.name);
    const implementation = siblings.find((s) => s.body) ?? declaration;
    return {
      node: implementation,
      implementation,
      statements: siblings,
      isAsync: modifiers(implementation).some((m) => m.kind === ts.SyntaxKind.AsyncKeyword),
      isGenerator: !!implementation.asteriskToken,
      textOf: (statement) => declarationTextForCopy(statement, statement.getSourceFile()),
    };
  }
  if (binding.kind === 'const' && ts.isVariableDeclaration(declaration) && declaration.initializer) {
    let init = declaration.initializer;
    while (ts.isParenthesizedExpression(init) || ts.isAsExpression(init) || ts.isSatisfiesExpression(init)) init = init.expression;
    if (!ts.isArrowFunction(init) && !ts.isFunctionExpression(init)) return undefined;
    const statement = declaration.parent.parent;
    const single = ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1;
    return {
      node: init,
      implementation: init,
      statements: [single ? statement : declaration],
      isAsync: modifiers(init).some((m) => m.kind === ts.SyntaxKind.AsyncKeyword),
      isGenerator: ts.isFunctionExpression(init) && !!init.asteriskToken,
      textOf: (node) => (single ? declarationTextForCopy(node, node.getSourceFile()) : `const ${node.getText(node.getSourceFile())};`),
    };
  }
  return undefined;
}

export function isFunctionBinding(binding: Binding): boolean {
  return functionOf(binding) !== undefined;
}

function constantOf(binding: Binding): ts.VariableDeclaration | undefined {
  const declaration = binding.declaration.parent;
  if (binding.kind === 'const' && ts.isVariableDeclaration(declaration) && declaration.name === binding.declaration && declaration.initializer &&
      ts.isVariableStatement(declaration.parent.parent)) return declaration;
  return undefined;
}

/** The local identifier behind the export `name`, 'literal' for `export default <literal>`, or undefined. */
function exportedLocal(sourceFile: ts.SourceFile, name: string): ts.Identifier | 'literal' | undefined {
  for (const statement of sourceFile.statements) {
    if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && isExported(statement) && statement.name) {
      const isDefault = (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
      if ((isDefault && name === 'default') || (!isDefault && statement.name.text === name)) return statement.name;
    }
    if (ts.isVariableStatement(statement) && isExported(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.name.text === name) return declaration.name;
      }
    }
    if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) {
        if (element.name.text === name) {
          const local = element.propertyName ?? element.name;
          return ts.isIdentifier(local) ? findDeclaredName(sourceFile, local.text) : undefined;
        }
      }
    }
    if (ts.isExportAssignment(statement) && name === 'default') {
      if (ts.isIdentifier(statement.expression)) return findDeclaredName(sourceFile, statement.expression.text);
      return isLiteralValue(statement.expression) ? 'literal' : undefined;
    }
  }
  return undefined;
}

function findDeclaredName(sourceFile: ts.SourceFile, name: string): ts.Identifier | undefined {
  for (const statement of sourceFile.statements) {
    if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name?.text === name) return statement.name;
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.name.text === name) return declaration.name;
      }
    }
  }
  return undefined;
}

/** Find the file a relative specifier points at (`./x.js` written for `./x.ts`, extensionless, or a folder index). */
function resolveLocalModule(fromDir: string, specifier: string, read: ModuleReader): { fileName: string; text: string } | undefined {
  const base = path.resolve(fromDir, specifier);
  const withoutJs = base.replace(/\.(m|c)?js$/, '');
  const candidates = /\.(m|c)?js$/.test(base)
    ? [`${withoutJs}.${/\.mjs$/.test(base) ? 'mts' : /\.cjs$/.test(base) ? 'cts' : 'ts'}`, `${withoutJs}.tsx`, base]
    : /\.(m|c)?tsx?$/.test(base) ? [base]
      : [`${base}.ts`, `${base}.tsx`, `${base}.mts`, `${base}.cts`, path.join(base, 'index.ts'), `${base}.js`, path.join(base, 'index.js')];
  for (const candidate of candidates) {
    const text = read(candidate);
    if (text !== undefined) return { fileName: candidate, text };
  }
  return undefined;
}

/**
 * Does a binding declared in the code always hold an object the code created itself (so changing it
 * changes nothing anyone else holds)?
 */
export function holdsFreshObject(binding: Binding, facts: CodeFacts, scopes: ScopeIndex): boolean {
  let stores = 0;
  for (const store of facts.localStores) {
    if (store.binding !== binding) continue;
    stores++;
    if (!isFreshValue(store.value, scopes)) return false;
  }
  return stores > 0;
}
