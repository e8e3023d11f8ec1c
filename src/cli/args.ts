import { isRuleId, isSeverity, RULE_IDS, SEVERITY_ORDER, type RuleId, type Severity } from '../core/finding';
import { DEFAULT_LOOP_COST_THRESHOLDS, type LoopCostThresholds } from '../core/rule';

export type OutputFormat = 'text' | 'json' | 'sarif';

export interface CliOptions {
  inputs: string[];
  format: OutputFormat;
  rules: RuleId[];
  /** Only findings at least this severe are reported, fixed and counted for the exit code. */
  minSeverity: Severity | undefined;
  fix: boolean;
  project: string | undefined;
  /** Use the type checker when a tsconfig is found (default) or never. */
  types: boolean;
  /** Threads analysing files; undefined = decide from the amount of work. */
  jobs: number | undefined;
  /** blocking-loop's thresholds, where given (the editor's `workloadShape.loopCost.*`). */
  loopCost: Partial<LoopCostThresholds>;
  help: boolean;
  version: boolean;
}

export class UsageError extends Error {}

export const USAGE = `Usage: workload-shape [options] <file-or-dir>...

Finds awaits that could overlap (I/O-bound code wants concurrency) and loops or
sync calls that block the event loop (CPU-bound code wants parallelism).

Options:
  --format text|json|sarif   output format (default: text)
  --rule <id>                only this rule; repeatable (${RULE_IDS.join(', ')})
  --min-severity <level>     only findings at least this severe: error, warning, info
                             or hint (default: all); \`warning\` leaves out blocking-loop's
                             findings that depend on list sizes the code does not show
  --fix                      apply the preferred safe fix of every fixable finding
  --project <tsconfig>       tsconfig for type information (default: nearest tsconfig.json)
  --no-types                 syntax only: never build a type-checking program
  --jobs <n>                 analysis threads (default: chosen from the number of files)
  --nested-depth <n>         blocking-loop: nested loops over input-sized lists that count
                             as heavy (default: ${DEFAULT_LOOP_COST_THRESHOLDS.nestedDepth}; 3 when nests of small lists are noise)
  --large-iteration-count <n>
                             blocking-loop: a constant bound this large is heavy (default: ${DEFAULT_LOOP_COST_THRESHOLDS.largeIterationCount})
  -h, --help                 show this help
  -v, --version              show the version

Exit codes: 0 no findings, 1 findings, 2 usage error or unreadable input.`;

export function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = { inputs: [], format: 'text', rules: [], minSeverity: undefined, fix: false, project: undefined, types: true, jobs: undefined, loopCost: {}, help: false, version: false };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i]!;
    let inline: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      inline = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const take = (): string => {
      if (inline !== undefined) return inline;
      const v = value(i, arg);
      i++;
      return v;
    };
    switch (arg) {
      case '--format': {
        const f = take();
        if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`unknown format '${f}' (expected text, json or sarif)`);
        options.format = f;
        break;
      }
      case '--rule': {
        const r = take();
        for (const id of r.split(',')) {
          if (!isRuleId(id)) throw new UsageError(`unknown rule '${id}' (rules: ${RULE_IDS.join(', ')})`);
          if (!options.rules.includes(id)) options.rules.push(id);
        }
        break;
      }
      case '--min-severity': {
        const level = take();
        if (!isSeverity(level)) throw new UsageError(`unknown severity '${level}' (expected ${SEVERITY_ORDER.join(', ')})`);
        options.minSeverity = level;
        break;
      }
      case '--fix':
        options.fix = true;
        break;
      case '--project':
        options.project = take();
        break;
      case '--no-types':
        options.types = false;
        break;
      case '--jobs': {
        const n = Number(take());
        if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError('--jobs takes a whole number from 1 to 64');
        options.jobs = n;
        break;
      }
      case '--nested-depth': {
        const n = Number(take());
        if (!Number.isInteger(n) || n < 1 || n > 10) throw new UsageError('--nested-depth takes a whole number from 1 to 10');
        options.loopCost.nestedDepth = n;
        break;
      }
      case '--large-iteration-count': {
        const n = Number(take());
        if (!Number.isSafeInteger(n) || n < 1) throw new UsageError('--large-iteration-count takes a positive whole number');
        options.loopCost.largeIterationCount = n;
        break;
      }
      case '-h':
      case '--help':
        options.help = true;
        break;
      case '-v':
      case '--version':
        options.version = true;
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}'`);
        options.inputs.push(argv[i]!);
    }
  }
  if (!options.help && !options.version && options.inputs.length === 0) throw new UsageError('no files or directories given');
  return options;
}
