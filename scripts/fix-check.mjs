// node scripts/fix-check.mjs <project-dir>... : does `--fix` break real code?
//
// Copies each project (without node_modules and .git) to a scratch directory, runs the built CLI with `--fix`
// on the copy, and type-checks every file the fixes changed, on its own, before and after: a diagnostic the
// fixed file has and the original had not is a fix that broke the code. The file is checked alone (imports
// unresolved, no @types), which cannot prove a fix right but catches what our fixes can get wrong by
// themselves: a name declared twice, an item typed `unknown`, a statement moved past what it needs. The
// diagnostics that only say a module or its typings are missing here are left out (new imports such as
// 'fs/promises' would otherwise count). Exit code 1 when any fixed file has a new diagnostic.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const ts = require('typescript');
const root = resolve(new URL('..', import.meta.url).pathname);
// WORKLOAD_SHAPE_CLI: another build to check (a copy of dist/ from before a change).
const cli = process.env.WORKLOAD_SHAPE_CLI ? resolve(process.env.WORKLOAD_SHAPE_CLI) : join(root, 'dist/cli.js');

/** Missing modules, typings or globals of the environment: not the fix's doing. */
const ENVIRONMENT = new Set([2307, 2305, 2580, 2591, 2592, 2593, 2688, 2792, 7016]);
/** Node's globals, which a file checked without @types/node does not know (the worker fix writes `__dirname`). */
const NODE_GLOBALS = /^Cannot find name '(__dirname|__filename|require|module|exports|process|Buffer|global|setImmediate|clearImmediate)'/;

const dirs = process.argv.slice(2);
if (dirs.length === 0 || !existsSync(cli)) {
  console.error(dirs.length === 0 ? 'usage: node scripts/fix-check.mjs <project-dir>...' : 'fix-check: run `npm run build` first');
  process.exit(2);
}

function sourceFiles(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(full, out);
    else if (/\.(ts|tsx|mts|cts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

function diagnosticsOf(fileName, text) {
  const options = {
    noEmit: true, noResolve: true, skipLibCheck: true, types: [], strict: false, experimentalDecorators: true,
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, jsx: ts.JsxEmit.Preserve, lib: ['lib.es2022.d.ts'],
  };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile;
  host.getSourceFile = (name, target) => (resolve(name) === fileName ? ts.createSourceFile(name, text, target, true) : read.call(host, name, target));
  const program = ts.createProgram([fileName], options, host);
  const file = program.getSourceFile(fileName);
  return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]
    .filter((d) => !ENVIRONMENT.has(d.code) && !(d.code === 2304 && NODE_GLOBALS.test(ts.flattenDiagnosticMessageText(d.messageText, ' '))))
    .map((d) => `TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
}

let broken = 0;
for (const dir of dirs.map((d) => resolve(d))) {
  const scratch = mkdtempSync(join(tmpdir(), 'workload-shape-fix-check-'));
  const copy = join(scratch, basename(dir));
  cpSync(dir, copy, { recursive: true, filter: (src) => !/[/\\](node_modules|\.git)$/.test(src) });
  // Syntax only: a copy without node_modules has no types to give, and the check is meant for large trees.
  const run = spawnSync(process.execPath, [cli, '--fix', '--no-types', '--format', 'json', copy], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.status === 2) {
    console.error(`${dir}: the CLI failed: ${run.stderr.trim().split('\n').pop()}`);
    process.exitCode = 2;
    continue;
  }
  let changed = 0;
  let withNew = 0;
  for (const fixed of sourceFiles(copy)) {
    const original = join(dir, relative(copy, fixed));
    const before = existsSync(original) ? readFileSync(original, 'utf8') : '';
    const after = readFileSync(fixed, 'utf8');
    if (before === after) continue;
    changed++;
    const had = new Map();
    for (const d of diagnosticsOf(fixed, before)) had.set(d, (had.get(d) ?? 0) + 1);
    const fresh = diagnosticsOf(fixed, after).filter((d) => (had.get(d) ?? 0) > 0 ? (had.set(d, had.get(d) - 1), false) : true);
    if (fresh.length === 0) continue;
    withNew++;
    console.log(`${relative(scratch, fixed)}\n  ${[...new Set(fresh)].slice(0, 5).join('\n  ')}`);
  }
  console.log(`${dir}: ${changed} files changed by --fix, ${withNew} with a new diagnostic`);
  broken += withNew;
  rmSync(scratch, { recursive: true, force: true });
}
if (broken > 0) process.exitCode = 1;
