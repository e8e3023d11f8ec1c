import { ts } from 'ts-morph';
import type { CodeStyle, TextEdit } from '../fix';

/**
 * How the bounded fix limits concurrency: the project's own p-limit or p-map when it already
 * depends on one, otherwise a small helper function written into the file (no new dependency).
 */
export type Limiter = 'p-limit' | 'p-map' | 'helper';

export function chooseLimiter(dependencies: ReadonlySet<string>): Limiter {
  if (dependencies.has('p-limit')) return 'p-limit';
  if (dependencies.has('p-map')) return 'p-map';
  return 'helper';
}

/** How the file imports things: `import x from`, `import x = require()`, or `const x = require()`. */
type ModuleStyle = 'import' | 'import-equals' | 'require';

function requiredModule(initializer: ts.Expression | undefined): string | undefined {
  if (!initializer || !ts.isCallExpression(initializer)) return undefined;
  const callee = initializer.expression;
  const [argument] = initializer.arguments;
  if (!ts.isIdentifier(callee) || callee.text !== 'require' || !argument || !ts.isStringLiteral(argument)) return undefined;
  return argument.text;
}

/** A top-level `require` statement: `const x = require('m')` (name undefined for `const { a } = require('m')`). */
function requireStatement(statement: ts.Statement): { name: string | undefined; module: string } | undefined {
  if (!ts.isVariableStatement(statement) || statement.declarationList.declarations.length !== 1) return undefined;
  const declaration = statement.declarationList.declarations[0]!;
  const module = requiredModule(declaration.initializer);
  return module !== undefined ? { name: ts.isIdentifier(declaration.name) ? declaration.name.text : undefined, module } : undefined;
}

function isPrologue(statement: ts.Statement): boolean {
  return ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression);
}

export interface ImportPlan {
  /** The local name to call. */
  name: string;
  /** The edit adding the import, absent when the file already imports the package. */
  edit: TextEdit | undefined;
}

/**
 * The local name of a package's default export in this file, importing it once if needed: after
 * the file's last leading import, in the file's own style (project format when it has none).
 */
export function ensureDefaultImport(
  sourceFile: ts.SourceFile,
  module: string,
  preferredName: string,
  taken: ReadonlySet<string>,
  style: CodeStyle,
  moduleFormat: 'esm' | 'cjs',
  isTypeScript: boolean,
  freshName: (base: string, taken: ReadonlySet<string>) => string,
): ImportPlan {
  let moduleStyle: ModuleStyle | undefined;
  let lastImport: ts.Statement | undefined;
  let lastPrologue: ts.Statement | undefined;
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (ts.isStringLiteral(statement.moduleSpecifier) && statement.moduleSpecifier.text === module && clause?.name && !clause.isTypeOnly) {
        return { name: clause.name.text, edit: undefined };
      }
      moduleStyle = 'import';
      lastImport = statement;
    } else if (ts.isImportEqualsDeclaration(statement)) {
      const reference = statement.moduleReference;
      if (ts.isExternalModuleReference(reference) && ts.isStringLiteral(reference.expression) && reference.expression.text === module) {
        return { name: statement.name.text, edit: undefined };
      }
      moduleStyle ??= 'import-equals';
      lastImport = statement;
    } else if (requireStatement(statement)) {
      const required = requireStatement(statement)!;
      if (required.module === module && required.name) return { name: required.name, edit: undefined };
      moduleStyle ??= 'require';
      lastImport = statement;
    } else if (isPrologue(statement) && !lastImport) {
      lastPrologue = statement;
    } else if (lastImport || !isPrologue(statement)) {
      break;
    }
  }
  // No imports to copy: TypeScript compiles `import x from` for either format; plain CommonJS JavaScript needs require.
  moduleStyle ??= moduleFormat === 'esm' || isTypeScript ? 'import' : 'require';
  const name = freshName(preferredName, taken);
  const q = style.quote;
  const semicolon = style.semicolons ? ';' : '';
  const line =
    moduleStyle === 'import' ? `import ${name} from ${q}${module}${q}${semicolon}` :
    moduleStyle === 'import-equals' ? `import ${name} = require(${q}${module}${q})${semicolon}` :
    `const ${name} = require(${q}${module}${q})${semicolon}`;
  const after = lastImport ?? lastPrologue;
  if (after) return { name, edit: { start: after.end, end: after.end, newText: `${style.newline}${line}` } };
  // No imports yet: first line of the file, after a shebang.
  const shebang = /^#![^\n]*\n/.exec(sourceFile.text);
  const at = shebang ? shebang[0].length : 0;
  return { name, edit: { start: at, end: at, newText: `${line}${style.newline}` } };
}

export const HELPER_NAME = 'mapWithConcurrency';

/**
 * The helper for projects without p-limit or p-map: a fixed number of workers take the next item
 * until none is left, so at most `limit` calls are in flight; results keep the items' order; after
 * a failure no new item starts (like the loop, which stopped at the failing item) and the first
 * error is thrown.
 */
export function helperSource(name: string, typed: boolean, style: CodeStyle): string {
  const i = style.indentUnit;
  const s = style.semicolons ? ';' : '';
  const lines = typed
    ? [
        `/** Runs \`fn\` over \`items\` with at most \`limit\` calls in flight; results keep the order of \`items\`. */`,
        // `T = any`: a list typed `any` (parsed JSON, an untyped library) gives no candidate for T, and without a
        // default T would be `unknown`, where the loop's item was `any`; every use of the item would stop compiling.
        `async function ${name}<T = any, R = unknown>(items: Iterable<T>, limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {`,
        `${i}const list = Array.from(items)${s}`,
        `${i}const results = new Array<R>(list.length)${s}`,
        `${i}let next = 0${s}`,
        `${i}let failed = false${s}`,
        `${i}const worker = async (): Promise<void> => {`,
        `${i}${i}while (!failed && next < list.length) {`,
        `${i}${i}${i}const index = next++${s}`,
        `${i}${i}${i}try {`,
        `${i}${i}${i}${i}results[index] = await fn(list[index] as T, index)${s}`,
        `${i}${i}${i}} catch (error) {`,
        `${i}${i}${i}${i}failed = true${s}`,
        `${i}${i}${i}${i}throw error${s}`,
        `${i}${i}${i}}`,
        `${i}${i}}`,
        `${i}}${s}`,
        `${i}await Promise.all(Array.from({ length: Math.min(limit, list.length) }, worker))${s}`,
        `${i}return results${s}`,
        `}`,
      ]
    : [
        `/** Runs \`fn\` over \`items\` with at most \`limit\` calls in flight; results keep the order of \`items\`. */`,
        `async function ${name}(items, limit, fn) {`,
        `${i}const list = Array.from(items)${s}`,
        `${i}const results = new Array(list.length)${s}`,
        `${i}let next = 0${s}`,
        `${i}let failed = false${s}`,
        `${i}const worker = async () => {`,
        `${i}${i}while (!failed && next < list.length) {`,
        `${i}${i}${i}const index = next++${s}`,
        `${i}${i}${i}try {`,
        `${i}${i}${i}${i}results[index] = await fn(list[index], index)${s}`,
        `${i}${i}${i}} catch (error) {`,
        `${i}${i}${i}${i}failed = true${s}`,
        `${i}${i}${i}${i}throw error${s}`,
        `${i}${i}${i}}`,
        `${i}${i}}`,
        `${i}}${s}`,
        `${i}await Promise.all(Array.from({ length: Math.min(limit, list.length) }, worker))${s}`,
        `${i}return results${s}`,
        `}`,
      ];
  return lines.join(style.newline);
}

/** The helper already in the file (from an earlier fix), if any. */
export function existingHelper(sourceFile: ts.SourceFile): string | undefined {
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text.startsWith(HELPER_NAME) && statement.parameters.length === 3 &&
        statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) &&
        statement.getText(sourceFile).includes('Math.min(limit, list.length)')) {
      return statement.name.text;
    }
  }
  return undefined;
}

/** Appends the helper as the file's last statement (function declarations are hoisted, so it serves every call above). */
export function appendHelper(text: string, helper: string, style: CodeStyle): TextEdit {
  const trailing = /\s*$/.exec(text)![0];
  const at = text.length - trailing.length;
  return { start: at, end: text.length, newText: `${style.newline}${style.newline}${helper}${style.newline}` };
}
