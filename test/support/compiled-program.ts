import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ts } from 'ts-morph';
// The type check uses the installed compiler: ts-morph's bundled one keeps its lib files in memory only,
// so every program it builds from disk lacks the standard library ("Cannot find global type 'Promise'").
import * as tsc from 'typescript';

/**
 * Programs given as files (name → text), type-checked and run the way a user's project would be:
 * strict, Node16 modules, Node's own types, in a temp folder whose package.json picks CommonJS or ESM.
 * Used by the fix goldens (input and fixed output) and by tests that compile a fix's result.
 */

export type ModuleFormat = 'esm' | 'cjs';

export interface ProgramRun {
  stdout: string;
  stderr: string;
  /** The exit code; 1 when the process was killed or could not start. */
  code: number | null;
}

export interface RunOptions {
  /** Kill the process after this long. */
  timeoutMs?: number;
  /** Files copied as they are, not transpiled (a fake package's package.json and .js under node_modules/). */
  raw?: Record<string, string>;
}

const nodeTypesRoot = path.resolve(__dirname, '../../../node_modules/@types');

/** Strict type-check with Node's types; returns one `file:line: message` per error. */
export function typeCheck(files: Record<string, string>, moduleFormat: ModuleFormat = 'cjs'): string[] {
  return inTempDir('ws-program-tc-', moduleFormat, (dir) => {
    writeFiles(dir, files);
    const program = tsc.createProgram(Object.keys(files).map((f) => path.join(dir, f)), {
      strict: true,
      noEmit: true,
      target: tsc.ScriptTarget.ES2022,
      lib: ['lib.es2022.d.ts'],
      module: tsc.ModuleKind.Node16,
      moduleResolution: tsc.ModuleResolutionKind.Node16,
      types: ['node'],
      typeRoots: [nodeTypesRoot],
      skipLibCheck: true,
    });
    return tsc.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
      return `${where}: ${tsc.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
  });
}

/**
 * Transpile the TypeScript files to JS and run `entry` with Node. Imports keep their `.js` extensions,
 * as Node16 resolution requires; `.mts`/`.cts` become `.mjs`/`.cjs`.
 */
export async function runProgram(
  files: Record<string, string>,
  entry: string,
  moduleFormat: ModuleFormat = 'cjs',
  options: RunOptions = {},
): Promise<ProgramRun> {
  return inTempDir('ws-program-run-', moduleFormat, async (dir) => {
    writeFiles(dir, options.raw ?? {});
    for (const [name, text] of Object.entries(files)) {
      const js = ts.transpileModule(text, {
        fileName: name,
        compilerOptions: {
          target: ts.ScriptTarget.ES2022,
          module: moduleFormat === 'esm' ? ts.ModuleKind.ES2022 : ts.ModuleKind.CommonJS,
          esModuleInterop: true,
        },
      }).outputText;
      writeFiles(dir, { [jsName(name)]: js });
    }
    return new Promise<ProgramRun>((resolve) => {
      execFile(process.execPath, [path.join(dir, jsName(entry))], { cwd: dir, timeout: options.timeoutMs ?? 30_000, encoding: 'utf8' }, (error, stdout, stderr) => {
        resolve({ stdout, stderr, code: error ? ((error as { code?: number }).code ?? 1) : 0 });
      });
    });
  });
}

function jsName(tsName: string): string {
  return tsName.replace(/\.(m|c)?ts$/, (_m, k: string | undefined) => `.${k ?? ''}js`);
}

function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
}

/** A temp project folder for `work`, removed afterwards (also when `work` throws or rejects). */
function inTempDir<T>(prefix: string, moduleFormat: ModuleFormat, work: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: moduleFormat === 'esm' ? 'module' : 'commonjs' }));
    const result = work(dir);
    if (result instanceof Promise) return result.finally(remove) as T;
    remove();
    return result;
  } catch (error) {
    remove();
    throw error;
  }
}
