import * as path from 'node:path';
import * as fs from 'node:fs';
import { activeRules } from './core/engine';
import { parseArgs, USAGE, UsageError, type CliOptions } from './cli/args';
import { collectFiles, InputError } from './cli/files';
import { formatJson } from './cli/formats/json';
import { formatSarif } from './cli/formats/sarif';
import { formatText } from './cli/formats/text';
import { analyzeAll, defaultJobs } from './cli/run';
import { BatchAnalyzer, type BatchConfig } from './cli/batch';
import { fixFile } from './cli/fix-files';
import { runAsCommand } from './cli/command';
import { isCliWorker, startFileWorker } from './cli/file-worker';
import { workerData } from 'node:worker_threads';

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
  const config: BatchConfig = {
    settings: {
      ...(options.rules.length > 0 ? { only: options.rules } : {}),
      ...(options.minSeverity ? { minSeverity: options.minSeverity } : {}),
      ...(Object.keys(options.loopCost).length > 0 ? { loopCost: options.loopCost } : {}),
    },
    types: typesConfig,
  };
  if (options.fix) {
    // Fixes run on the main thread, one file at a time: each file is re-analysed between passes.
    const analyzer = new BatchAnalyzer(config);
    const cwd = process.cwd();
    for (const file of files) {
      let report;
      try {
        report = fixFile(file, config.settings, analyzer.typesFor);
      } catch (error) {
        process.stderr.write(`workload-shape: could not fix ${path.relative(cwd, file)}: ${(error as Error).message}\n`);
        continue;
      }
      const name = path.relative(cwd, file);
      if (report.abandoned) process.stderr.write(`workload-shape: not fixed: ${name}: ${report.abandoned}\n`);
      else if (report.applied.length > 0) {
        const created = report.created.length > 0 ? `; created ${report.created.map((f) => path.relative(cwd, f)).join(', ')}` : '';
        process.stderr.write(`workload-shape: fixed ${name}: ${report.applied.join(', ')}${created}\n`);
      }
    }
  }
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

export { filesAnalysedHere } from './cli/batch';

// In an analysis worker thread (src/cli/run.ts), this bundle analyses the batches it is sent (a
// worker's script is its thread's main module, so this test comes first). dist/cli.js
// (src/cli/launcher.ts) loads the bundle and runs main; run directly, it runs itself.
if (isCliWorker(workerData)) startFileWorker(workerData);
else if (require.main === module) runAsCommand(main);
