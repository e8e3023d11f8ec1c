import { ts } from 'ts-morph';
import { isArrayTypeNode } from '../../array-kind';
import type { SyncApi } from '../../rules/blocking-sync-call/sync-apis';
import type { ScopeIndex } from '../../scope';
import { stripExpression as unwrap, lastNameOf } from '../../index-loop';

/**
 * How a sync call becomes its async twin, beyond what the rule's table (`sync-apis.ts`) says. The table
 * knows the replacement's module, export and kind; this file knows where "same arguments, awaited" is not
 * the whole story: replacements whose result or arguments differ (`openSync` gives an fd, `open()` a
 * FileHandle), promisified forms whose TypeScript types come out wrong (`promisify(scrypt)` resolves
 * `unknown`), and calls whose arguments decide whether the swap is exact (an fd where a path is expected,
 * `throwIfNoEntry`, `execSync`'s Buffer-or-string result).
 */

export interface PromisifyCast {
  /** Type names to import from the crypto module. */
  types: readonly string[];
  /** The ` as …` text, given the local name of each type. */
  text(local: Readonly<Record<string, string>>): string;
}

export type AsyncShape =
  | {
      kind: 'promise';
      /** 'fs/promises' (written with or without `node:` by the file's habit) or the sync module itself (fs-extra, glob). */
      module: string;
      exportName: string;
    }
  | {
      kind: 'promisify';
      exportName: string;
      /** TypeScript only: promisify's inferred type is wrong for overloaded callbacks. */
      cast?: PromisifyCast;
      /** `exec`/`execFile` resolve `{ stdout, stderr }`, not the output itself. */
      childProcess?: 'exec' | 'execFile';
    }
  | { kind: 'refused'; reason: string };

const BUILTIN_FS = new Set(['fs', 'node:fs', 'graceful-fs']);

/**
 * Promisified crypto functions whose callback forms are overloaded: TypeScript infers `Promise<unknown>` (and
 * too few parameters) for them, so the promisified function is given the sync form's signature.
 */
const CASTS: ReadonlyMap<string, PromisifyCast> = new Map<string, PromisifyCast>([
  ['scryptSync', {
    types: ['BinaryLike', 'ScryptOptions'],
    text: (t) => ` as (password: ${t.BinaryLike}, salt: ${t.BinaryLike}, keylen: number, options?: ${t.ScryptOptions}) => Promise<Buffer>`,
  }],
  ['checkPrimeSync', {
    types: ['LargeNumberLike', 'CheckPrimeOptions'],
    text: (t) => ` as (candidate: ${t.LargeNumberLike}, options?: ${t.CheckPrimeOptions}) => Promise<boolean>`,
  }],
  ['randomFillSync', {
    types: [],
    text: () => ' as <T extends NodeJS.ArrayBufferView>(buffer: T, offset?: number, size?: number) => Promise<T>',
  }],
]);

/** Sync APIs the table lists as drop-in but whose async twin differs. */
const NOT_DROP_IN: ReadonlyMap<string, (module: string) => string | undefined> = new Map<string, (module: string) => string | undefined>([
  ['openSync', () => 'openSync returns a numeric file descriptor, but open() from fs/promises returns a FileHandle: the code that uses the descriptor has to change too'],
  ['globSync', (module) => (BUILTIN_FS.has(module) ? "fs.globSync returns an array, but glob from 'fs/promises' returns an async iterator: the code that uses the result has to change too" : undefined)],
  ['generatePrimeSync', () => "generatePrime's promisified form cannot keep generatePrimeSync's result type (ArrayBuffer or bigint, depending on options.bigint) without a hand-written wrapper"],
]);

export function asyncShapeOf(api: SyncApi, module: string): AsyncShape {
  const special = NOT_DROP_IN.get(api.name)?.(module);
  if (special) return { kind: 'refused', reason: special };
  const { replacement } = api;
  switch (replacement.kind) {
    case 'file-handle':
      return {
        kind: 'refused',
        reason: `${api.name} works on a numeric file descriptor; its async form is the ${replacement.exportName}() method of a FileHandle from open() in fs/promises, so the code that opens and closes the file has to change too`,
      };
    case 'different-shape':
      if (api.name === 'existsSync' || api.name === 'pathExistsSync') {
        return {
          kind: 'refused',
          reason: `${api.name} has no promise twin that returns a boolean: access() from fs/promises rejects when the path is missing, so the condition around the call has to be rewritten (a try/catch), which is a person's job`,
        };
      }
      if (api.name === 'spawnSync') {
        return {
          kind: 'refused',
          reason: "spawnSync has no drop-in async equivalent: it returns the finished process's status and output, while spawn returns a running process to listen to (use a promisified execFile if the output is all you need)",
        };
      }
      return { kind: 'refused', reason: `${api.name} has no drop-in async equivalent: ${replacement.text}` };
    case 'promise': {
      const target = replacement.module === 'node:fs/promises' ? 'fs/promises' : replacement.module;
      return { kind: 'promise', module: target, exportName: replacement.exportName };
    }
    case 'promisify': {
      const childProcess = api.name === 'execSync' ? 'exec' : api.name === 'execFileSync' ? 'execFile' : undefined;
      return { kind: 'promisify', exportName: replacement.exportName, cast: CASTS.get(api.name), childProcess };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Arguments that decide whether the swap is exact

/** fs/promises' readFile/writeFile/appendFile/truncate take a path or a FileHandle, never a numeric fd. */
const PATH_OR_HANDLE_FIRST = new Set(['readFileSync', 'writeFileSync', 'appendFileSync', 'truncateSync']);
const FD_NAME = /^(fd|fileDescriptor|descriptor)$|Fd$|Descriptor$/;

/** Does an expression look like a file descriptor: a number, `x.fd`, a name like `fd`, or the result of `openSync`? */
function looksLikeFd(argument: ts.Expression, scopes: ScopeIndex): string | undefined {
  const e = unwrap(argument);
  if (ts.isNumericLiteral(e)) return e.text;
  if (ts.isPropertyAccessExpression(e) && e.name.text === 'fd') return e.getText();
  if (ts.isIdentifier(e)) {
    if (FD_NAME.test(e.text)) return e.text;
    const declaration = scopes.resolve(e)?.declaration.parent;
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) {
      const init = unwrap(declaration.initializer);
      if (ts.isCallExpression(init)) {
        const callee = unwrap(init.expression);
        const name = lastNameOf(callee) ?? '';
        if (name === 'openSync') return e.text;
      }
    }
  }
  return undefined;
}

function propertyNamed(literal: ts.ObjectLiteralExpression, name: string): ts.ObjectLiteralElementLike | undefined {
  return literal.properties.find((p) => {
    const key = p.name;
    return key !== undefined && (ts.isIdentifier(key) || ts.isStringLiteral(key)) && key.text === name;
  });
}

function hasSpread(literal: ts.ObjectLiteralExpression): boolean {
  return literal.properties.some((p) => ts.isSpreadAssignment(p));
}

/** A problem with the call's arguments that makes the async form behave differently, or undefined. */
export function argumentProblem(api: SyncApi, call: ts.CallExpression, scopes: ScopeIndex): string | undefined {
  const args = call.arguments;
  if (args.some((a) => ts.isSpreadElement(a))) return `the arguments of ${api.name} are spread from an array, so the fix cannot check them`;
  if (PATH_OR_HANDLE_FIRST.has(api.name) && args[0]) {
    const fd = looksLikeFd(args[0], scopes);
    if (fd !== undefined) {
      return `the first argument (\`${fd}\`) looks like a file descriptor; ${api.replacement.exportName} from fs/promises takes a path or a FileHandle, not a number`;
    }
  }
  if ((api.name === 'statSync' || api.name === 'lstatSync') && args[1]) {
    const options = unwrap(args[1]);
    if (!ts.isObjectLiteralExpression(options) || hasSpread(options)) {
      return `the fix cannot see whether the options of ${api.name} set throwIfNoEntry (${api.replacement.exportName} from fs/promises always rejects for a missing path)`;
    }
    const throwIfNoEntry = propertyNamed(options, 'throwIfNoEntry');
    if (throwIfNoEntry && !(ts.isPropertyAssignment(throwIfNoEntry) && throwIfNoEntry.initializer.kind === ts.SyntaxKind.TrueKeyword)) {
      return `${api.name}(…, { throwIfNoEntry }) returns undefined for a missing path, but ${api.replacement.exportName} from fs/promises rejects instead`;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// child_process: execSync / execFileSync

export interface ChildProcessCall {
  /** Is the returned output used (not a bare statement)? When it is not, neither `.stdout` nor an encoding is needed. */
  resultUsed: boolean;
  /** Text to insert so the async call resolves a Buffer like the sync one (no `encoding` given). */
  insertion?: { at: number; text: string };
}

function isResultDiscarded(call: ts.CallExpression): boolean {
  let node: ts.Node = call;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  return ts.isExpressionStatement(node.parent) || ts.isVoidExpression(node.parent);
}

/** Is `expression` the argument list of execFileSync (not its options)? undefined when it cannot be told. */
function isArgumentList(expression: ts.Expression, scopes: ScopeIndex): boolean | undefined {
  const e = unwrap(expression);
  if (ts.isArrayLiteralExpression(e)) return true;
  if (ts.isObjectLiteralExpression(e)) return false;
  if (!ts.isIdentifier(e)) return undefined;
  const declaration = scopes.resolve(e)?.declaration.parent;
  if (!declaration || !(ts.isVariableDeclaration(declaration) || ts.isParameter(declaration))) return undefined;
  const type = declaration.type;
  if (type) {
    if (isArrayTypeNode(type)) return true;
    if (ts.isTypeLiteralNode(type)) return false;
  }
  const init = declaration.initializer && unwrap(declaration.initializer);
  if (init && ts.isArrayLiteralExpression(init)) return true;
  if (init && ts.isObjectLiteralExpression(init)) return false;
  return undefined;
}

/**
 * execSync/execFileSync → promisified exec/execFile: `.stdout` of the resolved object is the sync result,
 * provided the encoding agrees (sync: Buffer unless `encoding` is given; promisified: utf8 strings unless it
 * is given), and provided no option exists only in the sync form (`input`, `stdio`).
 */
export function childProcessCall(
  kind: 'exec' | 'execFile',
  call: ts.CallExpression,
  scopes: ScopeIndex,
  quote: string,
): { ok: true; shape: ChildProcessCall } | { ok: false; reason: string } {
  const name = kind === 'exec' ? 'execSync' : 'execFileSync';
  const args = call.arguments;
  let options: ts.Expression | undefined;
  let last: ts.Expression | undefined = args[0];
  if (kind === 'exec') {
    options = args[1];
    last = args[1] ?? args[0];
  } else if (args[1]) {
    const list = isArgumentList(args[1], scopes);
    if (list === undefined && !args[2]) {
      return { ok: false, reason: `the fix cannot tell whether \`${args[1].getText()}\` is the argument list or the options of execFileSync` };
    }
    options = list === false ? args[1] : args[2];
    last = args[2] ?? args[1];
  }
  const resultUsed = !isResultDiscarded(call);
  if (!last) return { ok: false, reason: `${name} is called without a command` };
  const given = options && unwrap(options);
  if (given && !(ts.isIdentifier(given) && given.text === 'undefined')) {
    const literal = given;
    if (!ts.isObjectLiteralExpression(literal) || hasSpread(literal)) {
      return { ok: false, reason: `the options of ${name} are not an object literal, so the fix cannot see whether they set encoding, input or stdio` };
    }
    for (const syncOnly of ['input', 'stdio']) {
      if (propertyNamed(literal, syncOnly)) {
        return { ok: false, reason: `${name} is given the \`${syncOnly}\` option, which ${kind} does not have` };
      }
    }
    if (propertyNamed(literal, 'encoding') || !resultUsed) return { ok: true, shape: { resultUsed } };
    return { ok: true, shape: { resultUsed, insertion: encodingInsertion(literal, quote) } };
  }
  if (!resultUsed) return { ok: true, shape: { resultUsed } };
  return { ok: true, shape: { resultUsed, insertion: { at: last.getEnd(), text: `, { encoding: ${quote}buffer${quote} }` } } };
}

/** `{ cwd }` → `{ cwd, encoding: 'buffer' }`, keeping a multi-line literal multi-line. */
function encodingInsertion(literal: ts.ObjectLiteralExpression, quote: string): { at: number; text: string } {
  const property = `encoding: ${quote}buffer${quote}`;
  const sourceFile = literal.getSourceFile();
  const text = sourceFile.text;
  const properties = literal.properties;
  const lastProperty = properties[properties.length - 1];
  if (!lastProperty) return emptyLiteral(literal, property);
  const inner = text.slice(literal.getStart(sourceFile), literal.getEnd());
  if (!inner.includes('\n')) return { at: lastProperty.getEnd(), text: `, ${property}` };
  const lineStart = text.lastIndexOf('\n', lastProperty.getStart(sourceFile)) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  if (properties.hasTrailingComma) {
    const comma = text.indexOf(',', lastProperty.getEnd());
    return { at: comma + 1, text: `${newline}${indent}${property},` };
  }
  return { at: lastProperty.getEnd(), text: `,${newline}${indent}${property}` };
}

function emptyLiteral(literal: ts.ObjectLiteralExpression, property: string): { at: number; text: string } {
  // `{}` or `{ }`: replace the inside by inserting after `{`; the closing brace stays.
  const start = literal.getStart(literal.getSourceFile());
  const inner = literal.getSourceFile().text.slice(start + 1, literal.getEnd() - 1);
  return { at: start + 1, text: inner.length === 0 ? ` ${property} ` : ` ${property}` };
}
