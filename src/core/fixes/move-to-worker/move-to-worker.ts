import * as path from 'node:path';
import { ts } from 'ts-morph';
import { executionContextOf } from '../../execution-context';
import { isFunctionScope, type Binding } from '../../scope';
import { detectCodeStyle, type CodeStyle, type Fix, type FixInput, type FixOutcome, type TextEdit } from '../fix';
import type { CloneabilityOracle } from './cloneability';
import { collectCodeFacts } from './code-facts';
import { lineIndentAt, reindentedText } from './copied-text';
import { analyzeDataFlow, type DataFlow } from './free-variables';
import { callSiteText, runnerText, workerModuleText, type GeneratedNames } from './worker-module';
import { readModuleFromDisk, WorkerDependencies, type ModuleReader } from './worker-dependencies';

/**
 * move-to-worker: a CPU-heavy loop (a `blocking-loop` finding) moves into a new worker module next to the
 * file, and the loop is replaced by an awaited call that runs it on a `worker_threads` Worker. The loop's
 * free variables become the worker's inputs (copied by structured clone); the variables it changes that
 * are used afterwards come back as outputs and are assigned back. Everything that cannot be made to
 * behave the same is refused with the reason (see move-to-worker.md).
 */

const FIX_ID = 'move-to-worker';

/** Contexts where one reused worker beats a thread per call: code that runs once per request or event. */
const REUSE_REASONS = new Set(['request-handler', 'event-handler', 'stream-callback', 'timer']);

export const moveToWorkerFix: Fix = {
  id: FIX_ID,
  ruleIds: ['blocking-loop'],
  create(input) {
    return createMoveToWorker(input, readModuleFromDisk);
  },
};

/** The fix with an injectable module reader (tests read local modules from memory). */
export function createMoveToWorker(input: FixInput, readModule: ModuleReader): FixOutcome {
  const refuse = (reason: string): FixOutcome => ({ ok: false, fixId: FIX_ID, reason });
  const { sourceFile, text, finding } = input;

  if (!/\.(m|c)?tsx?$/i.test(input.fileName) || /\.d\.(m|c)?ts$/i.test(input.fileName)) {
    return refuse('only TypeScript files are fixed: the worker module is written in TypeScript');
  }
  if (!ts.isExternalModule(sourceFile)) {
    return refuse('the file has no imports or exports (it is a script): adding the worker\'s imports would turn it into a module');
  }
  const loop = findLoop(sourceFile, finding.range.start, finding.range.end);
  if (!loop) {
    const call = findNode(sourceFile, finding.range.start, finding.range.end);
    return refuse(call && ts.isCallExpression(call)
      ? 'only loop statements (`for`, `for…of`, `while`) are moved to a worker; rewrite the array method call as a loop first'
      : 'the finding does not point at a loop statement in this text (was the file changed since it was analysed?)');
  }
  const statement = ts.isLabeledStatement(loop.parent) ? loop.parent : loop;
  const enclosing = enclosingFunction(statement);
  if (!enclosing) return refuse('the loop is not inside a function: the fix needs an async function to await the worker');
  const block = statement.parent;
  if (!ts.isBlock(block) && !ts.isCaseClause(block) && !ts.isDefaultClause(block)) {
    return refuse('the loop is not a statement of a block (it is the body of another statement); wrap it in braces first');
  }
  const enclosingName = functionNameOf(enclosing);
  if (!isAsync(enclosing)) {
    return refuse(`the function around the loop (${enclosingName ? `\`${enclosingName}\`` : 'an anonymous function'}) is not async, so it cannot await the worker's result without changing its callers`);
  }

  const style = detectCodeStyle(text);
  const types = input.types as (typeof input.types & CloneabilityOracle) | undefined;
  const moduleFormat = /\.mts$/i.test(input.fileName) ? 'esm' : /\.cts$/i.test(input.fileName) ? 'cjs' : input.project.moduleFormat;
  const mainStem = path.basename(input.fileName).replace(/\.(m|c)?tsx?$/i, '');
  const jsExtension = /\.mts$/i.test(input.fileName) ? '.mjs' : /\.cts$/i.test(input.fileName) ? '.cjs' : '.js';
  const tsExtension = /\.mts$/i.test(input.fileName) ? '.mts' : /\.cts$/i.test(input.fileName) ? '.cts' : '.ts';
  const mainSpecifier = `./${mainStem}${jsExtension}`;

  // Declarations right before the loop whose variables only the loop fills move with it, when they can.
  const siblings = block.statements;
  const index = siblings.indexOf(statement);
  const loopFacts = collectCodeFacts([statement], input.scopes, sourceFile);
  const changedByLoop = new Set<Binding>([...loopFacts.writes.keys(), ...loopFacts.mutations.flatMap((m) => (m.binding ? [m.binding] : []))]);
  let foldable = 0;
  for (let i = index - 1; i >= 0; i--) {
    const candidate = siblings[i]!;
    if (!ts.isVariableStatement(candidate) || !declaresOnlyChangedVariables(candidate, changedByLoop, input)) break;
    foldable++;
  }

  let analysis: { flow: DataFlow; deps: WorkerDependencies; region: ts.Statement[] } | undefined;
  let reason = '';
  for (let folded = foldable; folded >= 0 && !analysis; folded--) {
    const region = siblings.slice(index - folded, index + 1);
    const deps = new WorkerDependencies({ sourceFile, scopes: input.scopes, fileName: input.fileName }, readModule, mainSpecifier);
    const flow = analyzeDataFlow({ sourceFile, scopes: input.scopes, types, enclosing, region, deps });
    if (flow.ok) analysis = { flow: flow.value, deps, region };
    else if (folded === foldable || !reason) reason = flow.reason;
  }
  if (!analysis) return refuse(reason);
  const { flow, deps, region } = analysis;
  if (deps.nameClashes.length > 0) {
    return refuse(`the worker module would need two different things named \`${deps.nameClashes[0]}\` at its top level`);
  }

  // Names: fresh in the fixed file and in the worker module.
  const context = executionContextOf(loop, input.scopes);
  const reused = REUSE_REASONS.has(context.reason);
  const baseName = enclosingName ?? (reused ? 'handler' : 'loop');
  const mainNames = identifierTexts(sourceFile);
  const workerUsed = new Set<string>([...deps.topLevelNames.keys(), ...identifierTexts(sourceFile, region[0]!.pos, region[region.length - 1]!.end)]);
  const names = pickNames(baseName, mainNames, workerUsed, flow);
  if (!names) return refuse('could not find free names for the generated code');
  for (const reserved of ['parentPort', 'workerData']) {
    if (deps.topLevelNames.has(reserved)) {
      return refuse(`the loop uses the name \`${reserved}\`, which the worker module needs for itself`);
    }
  }
  const workerFile = freshWorkerFileName(input, mainStem, baseName, tsExtension);
  if (!workerFile) return refuse('could not find a free file name for the worker module');
  const workerJs = path.basename(workerFile).replace(/\.(m|c)?ts$/i, (m) => m.replace('ts', 'js'));
  const workerSpecifier = `./${workerJs}`;

  // Main file: imports, the runner, the call, and `const` → `let` where a copy must be taken back.
  const edits: TextEdit[] = [];
  const importText = mainImports(input, style, names, moduleFormat, workerSpecifier, reused);
  if (importText.edit) edits.push(importText.edit);
  const top = topLevelStatementOf(enclosing);
  const runnerAt = attachedCommentStart(text, top, sourceFile);
  const where = typeof finding.data.where === 'string' && /^the /.test(finding.data.where) ? finding.data.where : undefined;
  const origin = enclosingName ? `\`${enclosingName}\`` : where ?? 'an anonymous function';
  const runner = runnerText({ style, names, moduleFormat, workerJs, origin, reused });
  const previousLine = text.slice(text.lastIndexOf('\n', runnerAt - 2) + 1, Math.max(runnerAt - 1, 0));
  const separate = runnerAt > 0 && previousLine.trim() !== '' ? style.newline : '';
  edits.push({ start: runnerAt, end: runnerAt, newText: separate + runner + style.newline + style.newline });

  const regionStart = region[0]!.getStart(sourceFile);
  const indent = lineIndentAt(text, regionStart);
  const callText = callSiteText({
    style,
    names,
    indent,
    inputs: flow.inputs.map((i) => i.name),
    assigned: flow.outputs.filter((o) => !o.declaredWith).map((o) => o.name),
    declared: flow.outputs.flatMap((o) => (o.declaredWith ? [{ name: o.name, keyword: o.declaredWith }] : [])),
  });
  edits.push({ start: regionStart, end: statement.end, newText: callText });
  for (const list of flow.constToLet) {
    const keywordStart = list.getStart(sourceFile);
    edits.push({ start: keywordStart, end: keywordStart + 'const'.length, newText: 'let' });
  }
  if (edits.some((e, i) => edits.some((f, j) => i !== j && e.start < f.end && f.start < e.end))) {
    return refuse('the generated edits would overlap');
  }

  const body = reindentedText(sourceFile, region, regionStart, statement.end, style.indentUnit);
  const workerText = workerModuleText({
    style,
    names,
    origin: `${origin} in ${path.basename(input.fileName)}`,
    imports: deps.importLines(style.quote, style.semicolons ? ';' : ''),
    declarations: deps.declarations(),
    inputs: flow.inputs,
    outputs: flow.outputs,
    body,
    reused,
  });

  const copies = flow.inputs.length > 0 ? `copies ${flow.inputs.map((i) => `\`${i.name}\``).join(', ')} into the worker` : 'sends nothing to the worker';
  const results = flow.outputs.length > 0 ? `; ${flow.outputs.map((o) => `\`${o.name}\``).join(', ')} come${flow.outputs.length === 1 ? 's' : ''} back as ${flow.outputs.length === 1 ? 'a copy' : 'copies'}` : '';
  return {
    ok: true,
    fix: {
      fixId: FIX_ID,
      title: 'Move this loop to a worker thread (it runs off the main thread; inputs and results are copied)',
      safety: 'changes-timing',
      behaviourNote:
        `The loop now runs on a worker thread while the function awaits it, so other requests, timers and I/O run meanwhile. ` +
        `The call ${copies}${results}: objects are copies (changes inside the loop reach the main thread only through the results, ` +
        `and results are not the same objects as before), and errors thrown by the loop arrive as copies (custom error classes become plain errors). ` +
        (reused ? 'One worker is started on first use and reused (about tens of milliseconds once); calls queue on it. '
          : 'Each call starts a worker thread, which costs tens of milliseconds. ') +
        `The worker module must be compiled next to this file (tsc does; a bundler needs it as its own entry point).`,
      preferred: true,
      edits,
      newFiles: [{ fileName: workerFile, text: workerText }],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Finding the loop and its function

function findNode(sourceFile: ts.SourceFile, start: number, end: number): ts.Node | undefined {
  let node: ts.Node | undefined = sourceFile;
  let best: ts.Node | undefined;
  while (node) {
    if (node !== sourceFile && node.getStart(sourceFile) === start && node.end === end) best = node;
    let next: ts.Node | undefined;
    ts.forEachChild(node, (child) => {
      if (!next && child.pos <= start && child.end >= end) next = child;
    });
    node = next;
  }
  return best;
}

function findLoop(sourceFile: ts.SourceFile, start: number, end: number): ts.IterationStatement | undefined {
  let node: ts.Node | undefined = sourceFile;
  while (node) {
    if (node !== sourceFile && node.getStart(sourceFile) === start && node.end === end && ts.isIterationStatement(node, false)) return node;
    let next: ts.Node | undefined;
    ts.forEachChild(node, (child) => {
      if (!next && child.pos <= start && child.end >= end) next = child;
    });
    node = next;
  }
  return undefined;
}

function enclosingFunction(node: ts.Node): ts.Node | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (isFunctionScope(p)) return p;
    if (ts.isClassStaticBlockDeclaration(p) || ts.isSourceFile(p)) return undefined;
  }
  return undefined;
}

function isAsync(fn: ts.Node): boolean {
  return ts.canHaveModifiers(fn) && (ts.getModifiers(fn) ?? []).some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
}

function functionNameOf(fn: ts.Node): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name.text;
  if ((ts.isMethodDeclaration(fn) || ts.isGetAccessorDeclaration(fn)) && ts.isIdentifier(fn.name)) return fn.name.text;
  let holder = fn.parent;
  while (holder && (ts.isParenthesizedExpression(holder) || ts.isAsExpression(holder) || ts.isSatisfiesExpression(holder))) holder = holder.parent;
  if (holder && ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) return holder.name.text;
  if (holder && (ts.isPropertyAssignment(holder) || ts.isPropertyDeclaration(holder)) && ts.isIdentifier(holder.name)) return holder.name.text;
  return undefined;
}

function topLevelStatementOf(node: ts.Node): ts.Node {
  let n = node;
  while (n.parent && !ts.isSourceFile(n.parent)) n = n.parent;
  return n;
}

/** Where to insert before `statement` so that the comments attached to it stay attached to it. */
function attachedCommentStart(text: string, statement: ts.Node, sourceFile: ts.SourceFile): number {
  let start = statement.getStart(sourceFile);
  const comments = ts.getLeadingCommentRanges(text, statement.getFullStart()) ?? [];
  for (let i = comments.length - 1; i >= 0; i--) {
    const between = text.slice(comments[i]!.end, start);
    if ((between.match(/\n/g) ?? []).length > 1) break; // a blank line: the comment belongs to what is above
    start = comments[i]!.pos;
  }
  return text.lastIndexOf('\n', start - 1) + 1;
}

/** A `const`/`let` statement right before the loop whose every variable the loop changes (`const out = []`). */
function declaresOnlyChangedVariables(statement: ts.VariableStatement, changed: ReadonlySet<Binding>, input: FixInput): boolean {
  const list = statement.declarationList;
  const kind = list.flags & ts.NodeFlags.BlockScoped;
  if (kind === ts.NodeFlags.Using || kind === ts.NodeFlags.AwaitUsing) return false;
  if ((ts.getModifiers(statement) ?? []).length > 0) return false;
  return list.declarations.every((d) => {
    if (!ts.isIdentifier(d.name)) return false;
    const binding = input.scopes.resolve(d.name);
    return !!binding && changed.has(binding);
  });
}

// ---------------------------------------------------------------------------------------------
// Names and files

function identifierTexts(sourceFile: ts.SourceFile, start = 0, end = Number.MAX_SAFE_INTEGER): Set<string> {
  const out = new Set<string>();
  const stack: ts.Node[] = [sourceFile];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.end < start || node.pos > end) continue;
    if (ts.isIdentifier(node)) out.add(node.text);
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return out;
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function pickNames(base: string, mainNames: ReadonlySet<string>, workerNames: ReadonlySet<string>, flow: DataFlow): GeneratedNames | undefined {
  const camel = base.charAt(0).toLowerCase() + base.slice(1);
  const valueNames = new Set([...flow.inputs, ...flow.outputs].map((v) => v.name));
  for (let n = 1; n < 100; n++) {
    const stem = `${camel}Loop${n === 1 ? '' : n}`;
    const Stem = pascal(stem);
    const names: GeneratedNames = {
      loopFunction: stem,
      inputType: `${Stem}Input`,
      outputType: `${Stem}Output`,
      replyType: `${Stem}Reply`,
      runner: `run${Stem}InWorker`,
      workerSlot: `${stem}Worker`,
      startWorker: `start${Stem}Worker`,
      result: `${stem}Result`,
      parameter: 'input',
      workerClass: 'Worker',
      pathModule: 'path',
    };
    const generatedMain = [names.runner, names.inputType, names.outputType, names.replyType, names.workerSlot, names.startWorker, names.result];
    const generatedWorker = [names.loopFunction, names.inputType, names.outputType, names.replyType];
    if (generatedMain.some((g) => mainNames.has(g)) || generatedWorker.some((g) => workerNames.has(g))) continue;
    for (const candidate of ['input', 'loopInput', 'workerInput']) {
      if (!workerNames.has(candidate) && !valueNames.has(candidate)) {
        names.parameter = candidate;
        break;
      }
    }
    if (workerNames.has(names.parameter) || valueNames.has(names.parameter)) return undefined;
    return names;
  }
  return undefined;
}

function freshWorkerFileName(input: FixInput, mainStem: string, baseName: string, extension: string): string | undefined {
  const dir = path.dirname(input.fileName);
  for (let n = 1; n < 100; n++) {
    const candidate = path.join(dir, `${mainStem}.${baseName}-worker${n === 1 ? '' : `-${n}`}${extension}`);
    const compiled = candidate.replace(/\.(m|c)?ts$/i, (m) => m.replace('ts', 'js'));
    if (!input.project.fileExists(candidate) && !input.project.fileExists(compiled)) return candidate;
  }
  return undefined;
}

/** The imports the runner needs in the fixed file (reusing existing ones), as one insertion. */
function mainImports(input: FixInput, style: CodeStyle, names: GeneratedNames, moduleFormat: 'esm' | 'cjs', workerSpecifier: string, reused: boolean):
    { edit?: TextEdit } {
  const { sourceFile } = input;
  const semi = style.semicolons ? ';' : '';
  const q = style.quote;
  const lines: string[] = [];
  const existingWorker = existingImport(sourceFile, ['worker_threads', 'node:worker_threads'], 'Worker');
  const used = identifierTexts(sourceFile);
  if (existingWorker) names.workerClass = existingWorker;
  else {
    names.workerClass = used.has('Worker') ? 'ThreadWorker' : 'Worker';
    lines.push(`import { Worker${names.workerClass === 'Worker' ? '' : ` as ${names.workerClass}`} } from ${q}node:worker_threads${q}${semi}`);
  }
  if (moduleFormat === 'cjs') {
    const existingPath = existingImport(sourceFile, ['path', 'node:path'], '*');
    if (existingPath) names.pathModule = existingPath;
    else {
      names.pathModule = used.has('path') ? 'nodePath' : 'path';
      lines.push(`import * as ${names.pathModule} from ${q}node:path${q}${semi}`);
    }
  }
  const typeNames = [names.inputType, names.outputType, ...(reused ? [names.replyType] : [])];
  lines.push(`import type { ${typeNames.join(', ')} } from ${q}${workerSpecifier}${q}${semi}`);

  const imports = sourceFile.statements.filter((s) => ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s));
  const nl = style.newline;
  if (imports.length > 0) {
    // After the last import's line (a trailing comment stays with its import).
    const lineEnd = input.text.indexOf('\n', imports[imports.length - 1]!.end);
    const at = lineEnd === -1 ? input.text.length : input.text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    return { edit: { start: at, end: at, newText: nl + lines.join(nl) } };
  }
  const first = sourceFile.statements[0];
  const at = first ? input.text.lastIndexOf('\n', first.getStart(sourceFile, true) - 1) + 1 : 0;
  return { edit: { start: at, end: at, newText: lines.join(nl) + nl + nl } };
}

/** The local name of an existing import (`name` '*' for a namespace or default import of a module). */
function existingImport(sourceFile: ts.SourceFile, modules: readonly string[], name: string): string | undefined {
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier) || !modules.includes(statement.moduleSpecifier.text)) continue;
    const clause = statement.importClause;
    if (!clause || clause.isTypeOnly) continue;
    if (name === '*') {
      if (clause.namedBindings && ts.isNamespaceImport(clause.namedBindings)) return clause.namedBindings.name.text;
      if (clause.name) return clause.name.text;
      continue;
    }
    if (clause.namedBindings && ts.isNamedImports(clause.namedBindings)) {
      for (const element of clause.namedBindings.elements) {
        if ((element.propertyName ?? element.name).text === name && !element.isTypeOnly) return element.name.text;
      }
    }
  }
  return undefined;
}
