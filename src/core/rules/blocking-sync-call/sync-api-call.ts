import { ts } from 'ts-morph';
import type { TypeOracle } from '../../rule';
import type { ImportInfo, ScopeIndex } from '../../scope';
import { SYNC_API_MODULES, SYNC_API_NAMES, syncApiFor, type SyncApi } from './sync-apis';
import { stripExpression as unwrap } from '../../index-loop';

/**
 * Which known sync API a call invokes, resolved by binding (never by name alone): `readFileSync` must be
 * imported or required from 'fs' for `readFileSync(…)` to count; `fs` must be bound to the module for
 * `fs.readFileSync(…)` to count. A user's own `renderSync`, `this.cache.readFileSync()` or a parameter named
 * `fs` are not the module.
 */

export interface SyncApiCall {
  api: SyncApi;
  /** The module specifier the binding came from, as written ('node:fs', 'fs-extra'). */
  module: string;
  /** The callee as written, e.g. `fs.readFileSync`, `rf`. */
  calleeText: string;
  /** Reached through `const f = cond ? a.xSync : a.ySync`: every branch's name, once each; `api` is the first's, the call may be either. */
  oneOfSeveral?: string[];
}

/**
 * Local names bound to a sync API under another name, from the file's top-level imports and requires:
 * `import { readFileSync as readConfig } from 'fs'`, `const { execSync: run } = require('child_process')`.
 * Lets the per-call test stay a set lookup on the callee's text.
 */
export function aliasedSyncNames(sourceFile: ts.SourceFile): Set<string> {
  const aliases = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement)) {
      const spec = statement.moduleSpecifier;
      const bindings = statement.importClause?.namedBindings;
      if (!ts.isStringLiteral(spec) || !SYNC_API_MODULES.has(spec.text) || !bindings || !ts.isNamedImports(bindings)) continue;
      for (const element of bindings.elements) {
        if (element.propertyName && SYNC_API_NAMES.has(element.propertyName.text)) aliases.add(element.name.text);
      }
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        // `const readFile = fs.readFileSync;`, `const compress = brotli ? zlib.brotliCompressSync : zlib.gzipSync;`
        const init = declaration.initializer && unwrap(declaration.initializer);
        if (ts.isIdentifier(declaration.name) && init && aliasBranches(init).every((branch) => ts.isPropertyAccessExpression(branch) && SYNC_API_NAMES.has(branch.name.text))) {
          aliases.add(declaration.name.text);
        }
        // `const storage = { write: writeFileSync }`: `.write` may be the API (resolved per call).
        if (ts.isIdentifier(declaration.name) && init && ts.isObjectLiteralExpression(init)) {
          for (const property of init.properties) {
            const value = ts.isPropertyAssignment(property) ? unwrap(property.initializer) : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
            if (value && ts.isIdentifier(value) && property.name && ts.isIdentifier(property.name) && (SYNC_API_NAMES.has(value.text) || aliases.has(value.text))) {
              aliases.add(`.${property.name.text}`);
            }
          }
        }
        addRenamedElements(declaration, aliases);
      }
    }
  }
  // `const { execSync: sh } = require('node:child_process')` inside a handler: a lazy require, renamed there.
  if (sourceFile.text.includes('require(')) {
    const stack: ts.Node[] = [sourceFile];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (ts.isVariableDeclaration(node) && node.initializer && ts.isCallExpression(unwrap(node.initializer))) addRenamedElements(node, aliases);
      ts.forEachChild(node, (child) => {
        stack.push(child);
      });
    }
  }
  return aliases;
}

/** `{ execSync: run }` of a declaration: `run` names a sync API under another name. */
function addRenamedElements(declaration: ts.VariableDeclaration, aliases: Set<string>): void {
  if (!ts.isObjectBindingPattern(declaration.name)) return;
  for (const element of declaration.name.elements) {
    const exported = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : undefined;
    if (exported && SYNC_API_NAMES.has(exported) && ts.isIdentifier(element.name)) aliases.add(element.name.text);
  }
}

/** `a ? b : c` → [b, c] (each unwrapped); anything else → [it]. */
function aliasBranches(init: ts.Expression): ts.Expression[] {
  return ts.isConditionalExpression(init) ? [unwrap(init.whenTrue), unwrap(init.whenFalse)] : [init];
}

/** The module a namespace-like binding stands for: `import * as fs`, `import fs from`, `const fs = require(…)`. */
function namespaceModule(info: ImportInfo | undefined): string | undefined {
  return info && (info.exportName === '*' || info.exportName === 'default') ? info.module : undefined;
}

function moduleOfReceiver(receiver: ts.Expression, scopes: ScopeIndex): string | undefined {
  const e = unwrap(receiver);
  if (ts.isIdentifier(e)) {
    const binding = scopes.resolve(e);
    return binding ? namespaceModule(binding.import ?? binding.required) : undefined;
  }
  // `require('fs').readFileSync(…)`
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'require' && e.arguments.length === 1) {
    const arg = e.arguments[0]!;
    if (ts.isStringLiteralLike(arg) && !scopes.resolve(e.expression)) return arg.text;
  }
  return undefined;
}

/** The (module, export) an identifier callee is bound to. */
function importOfIdentifier(id: ts.Identifier, scopes: ScopeIndex): { module: string; exportName: string; oneOfSeveral?: string[] } | undefined {
  const binding = scopes.resolve(id);
  if (!binding) return undefined;
  const info = binding.import ?? binding.required;
  if (info) return info.exportName === '*' || info.exportName === 'default' ? undefined : info;
  // `const readFile = fs.readFileSync;`: another name for the module's function; with a conditional, each
  // branch must be one (the first names it).
  const holder = binding.declaration.parent;
  if (binding.kind === 'const' && ts.isVariableDeclaration(holder) && holder.name === binding.declaration && holder.initializer) {
    const found = aliasBranches(unwrap(holder.initializer)).map((branch) => {
      if (!ts.isPropertyAccessExpression(branch)) return undefined;
      const module = moduleOfReceiver(branch.expression, scopes);
      return module && syncApiFor(module, branch.name.text) ? { module, exportName: branch.name.text } : undefined;
    });
    if (found.length > 0 && found.every((f) => f !== undefined)) {
      return found.length > 1 ? { ...found[0]!, oneOfSeveral: [...new Set(found.map((f) => f!.exportName))] } : found[0];
    }
  }
  // `const { readFileSync } = fs;` where `fs` is the module.
  const element = binding.declaration.parent;
  if (binding.kind === 'const' && ts.isBindingElement(element) && ts.isObjectBindingPattern(element.parent)) {
    const declaration = element.parent.parent;
    if (ts.isVariableDeclaration(declaration) && declaration.initializer) {
      const module = moduleOfReceiver(declaration.initializer, scopes);
      const exported = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : id.text;
      if (module) return { module, exportName: exported };
    }
  }
  return undefined;
}

/** The member a call reaches on an object: `fs.readFileSync` and `fs['readFileSync']` → 'readFileSync'. */
export function memberNameOf(callee: ts.Expression): string | undefined {
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression)) return callee.argumentExpression.text;
  return undefined;
}

/**
 * The sync API `call` invokes, or undefined. Cheap rejections first: the callee's name must be a known
 * sync export (or a known alias of one) before any binding is resolved.
 */
export function syncApiCallOf(call: ts.CallExpression, scopes: ScopeIndex, aliases: ReadonlySet<string>): SyncApiCall | undefined {
  const callee = unwrap(call.expression);
  if (ts.isIdentifier(callee)) {
    if (!SYNC_API_NAMES.has(callee.text) && !aliases.has(callee.text)) return undefined;
    const bound = importOfIdentifier(callee, scopes);
    const api = bound && syncApiFor(bound.module, bound.exportName);
    if (!api || !bound) return undefined;
    return bound.oneOfSeveral ? { api, module: bound.module, calleeText: callee.text, oneOfSeveral: bound.oneOfSeveral } : { api, module: bound.module, calleeText: callee.text };
  }
  const name = memberNameOf(callee);
  if (name === undefined) return undefined;
  if (!SYNC_API_NAMES.has(name)) return aliases.has(`.${name}`) ? objectPropertyApi(callee as ts.PropertyAccessExpression | ts.ElementAccessExpression, name, scopes) : undefined;
  const module = moduleOfReceiver((callee as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression, scopes);
  const api = module && syncApiFor(module, name);
  // `fs\n  .readFileSync` in a chained layout reads as `fs.readFileSync` in a message.
  return api && module ? { api, module, calleeText: callee.getText().replace(/\s+/g, '') } : undefined;
}

/** `storage.write(…)` where `const storage = { write: writeFileSync }` (a const object literal): the API it holds. */
function objectPropertyApi(callee: ts.PropertyAccessExpression | ts.ElementAccessExpression, name: string, scopes: ScopeIndex): SyncApiCall | undefined {
  const receiver = unwrap(callee.expression);
  const binding = ts.isIdentifier(receiver) ? scopes.resolve(receiver) : undefined;
  const holder = binding?.declaration.parent;
  if (!binding || binding.kind !== 'const' || !holder || !ts.isVariableDeclaration(holder) || holder.name !== binding.declaration || !holder.initializer) return undefined;
  const literal = unwrap(holder.initializer);
  if (!ts.isObjectLiteralExpression(literal)) return undefined;
  for (const property of literal.properties) {
    if (!property.name || !ts.isIdentifier(property.name) || property.name.text !== name) continue;
    const value = ts.isPropertyAssignment(property) ? unwrap(property.initializer) : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
    if (!value || !ts.isIdentifier(value)) return undefined;
    const bound = importOfIdentifier(value, scopes);
    const api = bound && syncApiFor(bound.module, bound.exportName);
    return api && bound ? { api, module: bound.module, calleeText: callee.getText().replace(/\s+/g, '') } : undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// By type: the module object or function reached through a value the binder cannot follow

const SYNC_MODULE_REFERENCE = /\b(require|import)\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g;
const typeQueryCache = new WeakMap<ts.SourceFile, boolean>();

function escapeRegExp(text: string): string {
  return text.replace(/[$]/g, '\\$&');
}

/**
 * Does the file write a type query for one of the modules or their sync functions: `typeof fs`,
 * `Pick<typeof fs, …>`, `typeof gzipSync`, `typeof import('node:zlib')`? Only then may a call with another name
 * (`codec.compress(…)`) hold a sync API, so only then is the type checker asked about such calls.
 */
function writesSyncTypeQuery(sourceFile: ts.SourceFile): boolean {
  const cached = typeQueryCache.get(sourceFile);
  if (cached !== undefined) return cached;
  const names = new Set<string>();
  const note = (module: string, local: ts.Identifier, exported: string): void => {
    if (SYNC_API_MODULES.has(module) && (exported === '*' || exported === 'default' || SYNC_API_NAMES.has(exported))) names.add(local.text);
  };
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.importClause) {
      const module = statement.moduleSpecifier.text;
      const { name, namedBindings } = statement.importClause;
      if (name) note(module, name, 'default');
      if (namedBindings && ts.isNamespaceImport(namedBindings)) note(module, namedBindings.name, '*');
      if (namedBindings && ts.isNamedImports(namedBindings)) {
        for (const element of namedBindings.elements) note(module, element.name, (element.propertyName ?? element.name).text);
      }
    } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference) &&
        ts.isStringLiteral(statement.moduleReference.expression)) {
      note(statement.moduleReference.expression.text, statement.name, '*');
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer;
        if (!init || !ts.isCallExpression(init) || !ts.isIdentifier(init.expression) || init.expression.text !== 'require') continue;
        const arg = init.arguments[0];
        if (!arg || !ts.isStringLiteralLike(arg)) continue;
        if (ts.isIdentifier(declaration.name)) note(arg.text, declaration.name, '*');
      }
    }
  }
  const text = sourceFile.text;
  let found = false;
  for (const match of text.matchAll(SYNC_MODULE_REFERENCE)) {
    if (match[1] === 'import' && SYNC_API_MODULES.has(match[2]!) && /\btypeof\s*$/.test(text.slice(Math.max(0, match.index! - 12), match.index))) {
      found = true;
      break;
    }
  }
  if (!found && names.size > 0) {
    found = new RegExp(`\\btypeof\\s+(${[...names].map(escapeRegExp).join('|')})\\b`).test(text);
  }
  typeQueryCache.set(sourceFile, found);
  return found;
}

/**
 * May the type checker find a sync API behind this call, which binding could not resolve? Its name is one of the
 * table's (`this.deps.files.readFileSync(…)`), or the file writes a type query for a module of the table (a field
 * typed `typeof gzipSync` called as `codec.compress(…)`). Anything else is not asked about: asking builds the program.
 */
export function mayResolveByType(call: ts.CallExpression, sourceFile: ts.SourceFile): boolean {
  const callee = unwrap(call.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text
    : ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression) ? callee.argumentExpression.text : undefined;
  if (name === undefined) return false;
  return SYNC_API_NAMES.has(name) || writesSyncTypeQuery(sourceFile);
}

/** The module a declaration belongs to: `declare module 'fs' { … }`, or the package of a `.d.ts` under node_modules. */
function declaringModule(declaration: ts.Node): string | undefined {
  for (let n: ts.Node | undefined = declaration.parent; n; n = n.parent) {
    if (ts.isModuleDeclaration(n) && ts.isStringLiteral(n.name)) return n.name.text;
    if (ts.isSourceFile(n)) {
      const match = /[/\\]node_modules[/\\](?:@types[/\\])?((?:@[^/\\]+[/\\])?[^/\\]+)[/\\]/.exec(n.fileName);
      return match ? match[1]!.replace(/\\/g, '/') : undefined;
    }
  }
  return undefined;
}

/**
 * The sync API `call` invokes according to the type checker: the declaration of the signature it resolves to is
 * one of the table's functions, in its module's declarations. Catches what binding cannot see: a module injected
 * as `typeof fs` (`this.deps.files.readFileSync(…)`), a field typed `typeof gzipSync`, `Pick<typeof fs, …>`. A
 * user's own `readFileSync` method or an in-memory `fs` resolves to the user's declaration and does not count.
 */
export function syncApiCallByType(call: ts.CallExpression, types: TypeOracle): SyncApiCall | undefined {
  const callee = unwrap(call.expression);
  if (!ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee) && !ts.isElementAccessExpression(callee)) return undefined;
  const resolved = types.withChecker?.(call, (checker, node) => {
    if (!ts.isCallExpression(node)) return undefined;
    const declaration = checker.getResolvedSignature(node)?.declaration;
    if (!declaration || !ts.isFunctionDeclaration(declaration) || !declaration.name || !SYNC_API_NAMES.has(declaration.name.text)) return undefined;
    const module = declaringModule(declaration);
    return module ? { module, name: declaration.name.text } : undefined;
  });
  const api = resolved && syncApiFor(resolved.module, resolved.name);
  return api && resolved ? { api, module: resolved.module, calleeText: callee.getText().replace(/\s+/g, '') } : undefined;
}
