import * as path from 'node:path';
import * as fs from 'node:fs';
import { activeRules } from './core/engine';
import { parseArgs, USAGE, UsageError, type CliOptions } from './cli/args';
import { collectFiles, InputError } from './cli/files';
import { formatJson } from './cli/formats/json';
import { formatSarif } from './cli/formats/sarif';
import { formatText } from './cli/formats/text';
import { analyzeAll, defaultJobs } from './cli/run';
import type { BatchConfig } from './cli/batch';

declare const WORKLOAD_SHAPE_VERSION: string | undefined;

function version(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return typeof WORKLOAD_SHAPE_VERSION === 'string' ? WORKLOAD_SHAPE_VERSION : '0.0.0';
  }
}

function fail(message: string): number {
  process.stderr.write(`workload-shape: ${message}\n`);
  return 2;
}

function progressReporter(): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (done < total && now - last < 100) return;
    last = now;
    process.stderr.write(done < total ? `\r\u001b[Kworkload-shape: ${done}/${total} files` : '\r\u001b[K');
  };
}

export async function main(argv: readonly string[]): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) return fail(`${error.message} (see 'workload-shape --help')`);
    throw error;
  }
  if (options.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (options.version) {
    process.stdout.write(version() + '\n');
    return 0;
  }
  let files: string[];
  try {
    files = collectFiles(options.inputs);
  } catch (error) {
    if (error instanceof InputError) return fail(error.message);
    throw error;
  }
  let typesConfig: BatchConfig['types'] = options.types ? { mode: 'nearest' } : { mode: 'none' };
  if (options.project) {
    const tsconfig = path.resolve(options.project);
    if (!fs.existsSync(tsconfig) || !fs.statSync(tsconfig).isFile()) return fail(`no such tsconfig: ${options.project}`);
    typesConfig = { mode: 'explicit', tsconfig };
  }
  const config: BatchConfig = { settings: options.rules.length > 0 ? { only: options.rules } : {}, types: typesConfig };
  const jobs = options.jobs ?? defaultJobs(files.length, config);
  const { entries, unreadable } = await analyzeAll(files, config, jobs, progressReporter());

  const cwd = process.cwd();
  const out =
    options.format === 'json'
      ? formatJson(entries)
      : options.format === 'sarif'
        ? formatSarif(entries, activeRules(config.settings), cwd, version())
        : formatText(entries, cwd, Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
  await new Promise<void>((resolve) => process.stdout.write(out, () => resolve()));
  if (unreadable > 0) return 2;
  return entries.length > 0 ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // Never a stack trace for the user; the one line says what broke.
      process.stderr.write(`workload-shape: internal error: ${(error as Error)?.message ?? String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
