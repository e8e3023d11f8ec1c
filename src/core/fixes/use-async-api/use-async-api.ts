import { ts } from 'ts-morph';
import { parseProblemOf, parseSource } from '../../engine';
import type { TextRange } from '../../finding';
import { aliasedSyncNames, memberNameOf, syncApiCallOf } from '../../rules/blocking-sync-call/sync-api-call';
import { isReferenceIdentifier, type Binding, type ScopeIndex } from '../../scope';
import { applyTextEdits, detectCodeStyle, type Fix, type FixInput, type FixOutcome, type TextEdit } from '../fix';
import { argumentProblem, asyncShapeOf, childProcessCall, type ChildProcessCall } from './async-call-shape';
import { awaitPositionOf, lostUpdateReason, needsParentheses } from './await-position';
import {
  canonicalModule,
  ImportPlanner,
  isBuiltinModule,
  namesInFile,
  promisifiedArgument,
  requiredModule,
  topLevelStatementOf,
  type ImportStyle,
} from './module-imports';
import { stripExpression as unwrap } from '../../index-loop';

/**
 * `readFileSync(p, 'utf8')` → `await readFile(p, 'utf8')` (import from 'node:fs/promises' added), and
 * `pbkdf2Sync(…)` → `await pbkdf2Async(…)` with `const pbkdf2Async = promisify(pbkdf2);` at module level,
 * for a `blocking-sync-call` finding inside an async function. The call is re-resolved from the tree; the
 * imports follow the file's habits. See the docs page for what is refused and why.
 */

const FIX_ID = 'use-async-api';

/** The call expression exactly at the finding's range. Iterative descent. */
function callAt(sourceFile: ts.SourceFile, range: TextRange): ts.CallExpression | undefined {
  let node: ts.Node = sourceFile;
  for (;;) {
    if (ts.isCallExpression(node) && node.getStart(sourceFile) === range.start && node.getEnd() === range.end) return node;
    let next: ts.Node | undefined;
    ts.forEachChild(node, (child) => {
      if (!next && child.getStart(sourceFile) <= range.start && child.getEnd() >= range.end) next = child;
    });
    if (!next) return undefined;
    node = next;
  }
}

function hasOptionalChain(callee: ts.Expression): boolean {
  for (let e: ts.Expression = callee; ; ) {
    if ((ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isCallExpression(e)) && e.questionDotToken) return true;
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
    else return false;
  }
}

/** Is the binding read anywhere besides `except` (the rewritten callee)? */
function isUsedElsewhere(binding: Binding, except: ts.Identifier, sourceFile: ts.SourceFile, scopes: ScopeIndex): boolean {
  const stack: ts.Node[] = [sourceFile];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isIdentifier(node)) {
      if (node !== except && node !== binding.declaration && node.text === binding.name && isReferenceIdentifier(node) && scopes.resolve(node) === binding) return true;
      continue;
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return false;
}

function isImportLikeStatement(statement: ts.Statement | undefined): boolean {
  if (!statement) return false;
  if (ts.isImportDeclaration(statement) || ts.isImportEqualsDeclaration(statement)) return true;
  return ts.isVariableStatement(statement) && statement.declarationList.declarations.some((d) => {
    let init = d.initializer && unwrap(d.initializer);
    while (init && ts.isPropertyAccessExpression(init)) init = unwrap(init.expression);
    return requiredModule(init) !== undefined;
  });
}

/** `import`/`require`, quotes, semicolons, newline and `node:` habit, from the sync API's own import first. */
function importStyleOf(input: FixInput, module: string, anchor: ts.Statement | undefined, via: 'import' | 'require' | undefined): ImportStyle {
  const { sourceFile, text } = input;
  const code = detectCodeStyle(text);
  let syntax = via;
  const statements = sourceFile.statements;
  if (!syntax) {
    if (statements.some((s) => ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s))) syntax = 'import';
    else if (statements.some((s) => isImportLikeStatement(s))) syntax = 'require';
    else syntax = input.project.moduleFormat === 'esm' || /\.[cm]?tsx?$/i.test(input.fileName) ? 'import' : 'require';
  }
  let quote = code.quote;
  let semicolon = code.semicolons;
  if (anchor) {
    const anchorText = anchor.getText(sourceFile);
    const q = /(?:require\(\s*|from\s*)(['"])/.exec(anchorText)?.[1];
    if (q === "'" || q === '"') quote = q;
    semicolon = anchorText.trimEnd().endsWith(';');
  }
  let nodePrefix: boolean;
  if (isBuiltinModule(module)) nodePrefix = module.startsWith('node:');
  else {
    const specifiers: string[] = [];
    for (const s of statements) {
      if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier)) specifiers.push(s.moduleSpecifier.text);
      else if (ts.isVariableStatement(s)) for (const d of s.declarationList.declarations) specifiers.push(requiredModule(d.initializer) ?? '');
    }
    const written = specifiers.filter(isBuiltinModule);
    nodePrefix = written.length === 0 || written.some((b) => b.startsWith('node:'));
  }
  return { syntax, quote, semicolon, newline: code.newline, nodePrefix };
}

/** A module-level `const x = promisify(<module>.<exportName>)` the file already has, visible at the call. */
function existingPromisified(sourceFile: ts.SourceFile, scopes: ScopeIndex, module: string, exportName: string, call: ts.CallExpression): string | undefined {
  const isTheExport = (expression: ts.Expression): boolean => {
    const e = unwrap(expression);
    if (ts.isIdentifier(e)) {
      const binding = scopes.resolve(e);
      const info = binding?.import ?? binding?.required;
      return !!info && canonicalModule(info.module) === module && info.exportName === exportName;
    }
    if (ts.isPropertyAccessExpression(e) && e.name.text === exportName) {
      const receiver = unwrap(e.expression);
      const required = requiredModule(receiver);
      if (required !== undefined) return canonicalModule(required) === module;
      if (!ts.isIdentifier(receiver)) return false;
      const info = scopes.resolve(receiver)?.import ?? scopes.resolve(receiver)?.required;
      return !!info && (info.exportName === '*' || info.exportName === 'default') && canonicalModule(info.module) === module;
    }
    return false;
  };
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const argument = promisifiedArgument(declaration.initializer);
      if (!argument || !ts.isIdentifier(declaration.name) || !isTheExport(argument)) continue;
      if (scopes.lookup(declaration.name.text, call)?.declaration === declaration.name) return declaration.name.text;
    }
  }
  return undefined;
}

const TIMING_NOTE =
  'While the call waits, the event loop serves other requests, timers and callbacks, so their work may now interleave with this function: shared state can change between the code before and after the call.';
const THREAD_POOL_NOTE = ' The work runs on the libuv thread pool (4 threads by default), so many calls at once queue there.';
const EXEC_NOTE =
  " The command's stderr is now captured instead of being copied to this process's stderr, and a failing command rejects with an error whose exit status is in `code` (execSync's error has it in `status`).";

export const useAsyncApiFix: Fix = {
  id: FIX_ID,
  ruleIds: ['blocking-sync-call'],
  create(input: FixInput): FixOutcome {
    const refuse = (reason: string): FixOutcome => ({ ok: false, fixId: FIX_ID, reason });
    const { sourceFile, text, scopes } = input;

    const call = callAt(sourceFile, input.finding.range);
    if (!call) return refuse('the finding does not point at a call');
    const found = syncApiCallOf(call, scopes, aliasedSyncNames(sourceFile));
    if (!found) return refuse('the call is not one of the synchronous Node.js APIs the rule knows');
    if (found.oneOfSeveral) return refuse(`\`${found.calleeText}\` holds one of several synchronous functions, chosen at run time; each needs its own async form`);
    const { api } = found;
    const shape = asyncShapeOf(api, found.module);
    if (shape.kind === 'refused') return refuse(shape.reason);

    const position = awaitPositionOf(call);
    if (!position.ok) return refuse(position.reason);
    const lostUpdate = lostUpdateReason(call, position.fn, scopes);
    if (lostUpdate) return refuse(lostUpdate);
    const badArgument = argumentProblem(api, call, scopes);
    if (badArgument) return refuse(badArgument);

    const callee = unwrap(call.expression);
    if (hasOptionalChain(call.expression)) return refuse('the call goes through optional chaining (`?.`); rewrite it without it first');

    // How the sync API is bound: a named import/require (`readFileSync`) or a module object (`fs.readFileSync`).
    // A property holding it under another name (`storage.write` for writeFileSync, `codec.compress` typed as
    // gzipSync) is neither: its object has no async sibling, so the async API is imported from the module.
    const receiver = (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) && memberNameOf(callee) === api.name ? unwrap(callee.expression) : undefined;
    const binding = ts.isIdentifier(callee) ? scopes.resolve(callee) : undefined;
    const receiverBinding = receiver && ts.isIdentifier(receiver) ? scopes.resolve(receiver) : undefined;
    const inlineRequire = receiver !== undefined && requiredModule(receiver) !== undefined;
    const bound = binding ?? receiverBinding;
    const boundAtTop = bound !== undefined && ts.isSourceFile(bound.scope);
    const boundStatement = boundAtTop ? topLevelStatementOf(bound.declaration) : undefined;
    const anchor = isImportLikeStatement(boundStatement) ? boundStatement : undefined;
    // A binding made inside a function (`const { execSync } = await import(…)`) says nothing about the file's habit.
    const via = inlineRequire ? 'require' : !boundAtTop ? undefined : bound?.import ? 'import' : bound?.required ? 'require' : undefined;

    const style = importStyleOf(input, found.module, anchor, via);
    const planner = new ImportPlanner(sourceFile, scopes, style, namesInFile(sourceFile), anchor);
    const typescript = /\.[cm]?tsx?$/i.test(input.fileName) && !/\.d\.[cm]?ts$/i.test(input.fileName);
    const syncModule = canonicalModule(found.module);

    let newCallee: string;
    let child: ChildProcessCall | undefined;
    let display: string;
    if (shape.kind === 'promise') {
      if (receiver && syncModule === 'fs' && shape.module === 'fs/promises') newCallee = `${receiver.getText(sourceFile)}.promises.${shape.exportName}`;
      else if (receiver && shape.module === syncModule) newCallee = `${receiver.getText(sourceFile)}.${shape.exportName}`;
      else newCallee = planner.refer({ module: shape.module, exportName: shape.exportName }, call, [shape.exportName, `${shape.exportName}Async`]);
      display = receiver ? newCallee : `${shape.exportName} from '${planner.specifierFor(shape.module)}'`;
    } else {
      if (shape.childProcess) {
        const checked = childProcessCall(shape.childProcess, call, scopes, style.quote);
        if (!checked.ok) return refuse(checked.reason);
        child = checked.shape;
      }
      const reused = existingPromisified(sourceFile, scopes, syncModule, shape.exportName, call);
      if (reused) newCallee = reused;
      else {
        let callback: string;
        const follow: ts.Statement[] = [];
        if (receiver) {
          if (!inlineRequire && !boundAtTop) {
            return refuse(`\`${receiver.getText(sourceFile)}\` is bound inside a function, but the promisified ${shape.exportName} has to be created once at module level`);
          }
          callback = `${receiver.getText(sourceFile)}.${shape.exportName}`;
          if (boundStatement) follow.push(boundStatement);
        } else {
          callback = planner.refer({ module: syncModule, exportName: shape.exportName }, sourceFile, [shape.exportName, `${shape.exportName}Callback`]);
        }
        const promisify = planner.refer({ module: 'util', exportName: 'promisify' }, sourceFile, ['promisify', 'promisifyCallback']);
        // Types come from the import; a `require`d module is `any` and needs no cast.
        const typed = typescript && via !== 'require';
        let cast = '';
        if (shape.cast && typed) {
          const local: Record<string, string> = {};
          for (const type of shape.cast.types) {
            local[type] = planner.refer({ module: syncModule, exportName: type, typeOnly: true }, sourceFile, [type, `Crypto${type}`]);
          }
          cast = shape.cast.text(local);
        }
        newCallee = planner.freeName([`${shape.exportName}Async`]);
        planner.addConstant(`const ${newCallee} = ${promisify}(${callback})${cast}${style.semicolon ? ';' : ''}`, follow);
      }
      display = `promisified ${shape.exportName}`;
    }

    // Drop the sync import when nothing else uses it.
    if (binding && ts.isIdentifier(callee) && boundAtTop && (binding.import || binding.required)) {
      const element = binding.declaration.parent;
      if ((ts.isImportSpecifier(element) || ts.isBindingElement(element)) && !isUsedElsewhere(binding, callee, sourceFile, scopes)) planner.remove(element);
    }

    // The call site: `await` in front, parentheses where precedence needs them, `.stdout` for exec.
    const callStart = call.getStart(sourceFile);
    const stdout = child?.resultUsed === true;
    // `await readFileSync(p)` (a needless await already there) needs no second one.
    const awaited = !stdout && ts.isAwaitExpression(call.parent);
    const parens = !awaited && (stdout || needsParentheses(call));
    // Without semicolons, a statement starting with `(` would continue the previous one.
    let first: ts.Node = call;
    while (first.parent && !ts.isSourceFile(first.parent) && first.parent.getStart(sourceFile) === callStart) first = first.parent;
    const guard = parens && !style.semicolon && ts.isExpressionStatement(first) ? ';' : '';
    const edits: TextEdit[] = [
      { start: callStart, end: call.expression.getEnd(), newText: `${guard}${parens ? '(' : ''}${awaited ? '' : 'await '}${newCallee}` },
      ...planner.edits(),
    ];
    if (child?.insertion) edits.push({ start: child.insertion.at, end: child.insertion.at, newText: child.insertion.text });
    if (parens || stdout) edits.push({ start: call.getEnd(), end: call.getEnd(), newText: `${parens ? ')' : ''}${stdout ? '.stdout' : ''}` });

    // Safety net: the result must parse.
    let output: string;
    try {
      output = applyTextEdits(text, edits);
    } catch (error) {
      return refuse(`internal: ${(error as Error).message}`);
    }
    if (parseProblemOf(parseSource(input.fileName, output)) && !parseProblemOf(sourceFile)) return refuse('internal: the rewritten code would not parse');

    const family = api.family;
    const behaviourNote = TIMING_NOTE + (family === 'crypto' || family === 'zlib' ? THREAD_POOL_NOTE : '') + (child ? EXEC_NOTE : '');
    return {
      ok: true,
      fix: {
        fixId: FIX_ID,
        title: `Use await ${display} instead of ${found.calleeText} (other work may run during the wait)`,
        safety: 'changes-timing',
        behaviourNote,
        preferred: true,
        edits,
        newFiles: [],
      },
    };
  },
};
