import { ts } from 'ts-morph';
import type { ImportInfo, ScopeIndex } from '../../scope';
import { SYNC_API_MODULES, SYNC_API_NAMES, syncApiFor, type SyncApi } from './sync-apis';

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
}

function unwrap(expression: ts.Expression): ts.Expression {
  let e = expression;
  while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
  return e;
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
        if (!ts.isObjectBindingPattern(declaration.name)) continue;
        for (const element of declaration.name.elements) {
          const exported = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : undefined;
          if (exported && SYNC_API_NAMES.has(exported) && ts.isIdentifier(element.name)) aliases.add(element.name.text);
        }
      }
    }
  }
  return aliases;
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
function importOfIdentifier(id: ts.Identifier, scopes: ScopeIndex): { module: string; exportName: string } | undefined {
  const binding = scopes.resolve(id);
  if (!binding) return undefined;
  const info = binding.import ?? binding.required;
  if (info) return info.exportName === '*' || info.exportName === 'default' ? undefined : info;
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
    return api && bound ? { api, module: bound.module, calleeText: callee.text } : undefined;
  }
  let name: string | undefined;
  if (ts.isPropertyAccessExpression(callee)) name = callee.name.text;
  else if (ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression)) name = callee.argumentExpression.text;
  if (name === undefined || !SYNC_API_NAMES.has(name)) return undefined;
  const module = moduleOfReceiver((callee as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression, scopes);
  const api = module && syncApiFor(module, name);
  // `fs\n  .readFileSync` in a chained layout reads as `fs.readFileSync` in a message.
  return api && module ? { api, module, calleeText: callee.getText().replace(/\s+/g, '') } : undefined;
}
