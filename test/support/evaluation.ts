// Scores the CLI against the evaluation sets in test/fixtures/evaluation: realistic programs written from
// PRECISION.md by engineers who did not read the rules, with `// @expect <rule-id>` at the end of the line
// each expected finding starts on (see that folder's README). The markers are comments, and comments can
// carry intent ("sequential on purpose"), so the sets are copied with the markers removed (lines kept)
// before the CLI reads them. `npm run eval` prints the table; test/cli/evaluation.test.ts holds the line.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { isAnalysableFile } from '../../src/cli/files';
import { RULE_IDS as RULES, type RuleId as EvaluatedRule } from '../../src/core/finding';

export { RULES };

export const EVALUATION_ROOT = resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'evaluation');
const MARKER = /\s*\/\/\s*@expect\s+([\w-]+(?:[ ,]+[\w-]+)*)\s*$/;

export interface RuleScore {
  tp: number;
  fp: number;
  fn: number;
  falsePositives: string[];
  falseNegatives: string[];
}

export interface SetScore {
  set: string;
  rules: Record<EvaluatedRule, RuleScore>;
  /** Files the CLI could not analyse (a parse error or an internal error): each is a failure of its own. */
  unreadable: string[];
}

interface Expected {
  file: string;
  line: number;
  rule: string;
  matched: boolean;
}

interface CliFinding {
  ruleId: string | null;
  file: string;
  line: number;
  endLine: number;
  message: string;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

export function evaluationSets(): string[] {
  const sets = new Set<string>();
  for (const rule of RULES) {
    for (const entry of readdirSync(join(EVALUATION_ROOT, rule), { withFileTypes: true })) if (entry.isDirectory()) sets.add(entry.name);
  }
  return [...sets].sort();
}

/** Runs `cli` (dist/cli.js) over one set of every rule and matches findings to the markers. */
export function scoreSet(cli: string, set: string): SetScore {
  const scratch = mkdtempSync(join(tmpdir(), 'ws-evaluation-'));
  try {
    const expected: Expected[] = [];
    const dirs: string[] = [];
    for (const rule of RULES) {
      const source = join(EVALUATION_ROOT, rule, set);
      if (!existsSync(source)) continue;
      const copy = join(scratch, rule, set);
      cpSync(source, copy, { recursive: true });
      dirs.push(copy);
      for (const file of walk(copy)) {
        if (!isAnalysableFile(file)) continue;
        const lines = readFileSync(file, 'utf8').split('\n');
        lines.forEach((text, i) => {
          const marker = MARKER.exec(text);
          if (!marker) return;
          for (const id of marker[1]!.split(/[ ,]+/)) expected.push({ file, line: i + 1, rule: id, matched: false });
          lines[i] = text.slice(0, marker.index);
        });
        writeFileSync(file, lines.join('\n'));
      }
    }
    let output: string;
    try {
      output = execFileSync(process.execPath, [cli, '--format', 'json', ...dirs], { encoding: 'utf8', maxBuffer: 1 << 28 });
    } catch (error) {
      const failed = error as { status?: number; stdout?: string; stderr?: string };
      if (failed.status !== 1 && failed.status !== 2) throw new Error(`the CLI failed: ${failed.stderr ?? String(error)}`);
      output = failed.stdout ?? '[]';
    }
    const findings = JSON.parse(output) as CliFinding[];
    const rules = Object.fromEntries(RULES.map((r) => [r, { tp: 0, fp: 0, fn: 0, falsePositives: [], falseNegatives: [] }])) as unknown as Record<EvaluatedRule, RuleScore>;
    const unreadable = findings.filter((f) => !f.ruleId).map((f) => `${relative(scratch, f.file)}: ${f.message}`);
    for (const finding of findings) {
      if (!finding.ruleId) continue;
      const score = rules[finding.ruleId as EvaluatedRule];
      const match = expected.find((e) => !e.matched && e.file === finding.file && e.rule === finding.ruleId && e.line >= finding.line && e.line <= finding.endLine);
      if (match) {
        match.matched = true;
        score.tp++;
      } else {
        score.fp++;
        score.falsePositives.push(`${relative(scratch, finding.file)}:${finding.line} ${finding.message.slice(0, 100)}`);
      }
    }
    for (const e of expected) {
      if (e.matched) continue;
      const score = rules[e.rule as EvaluatedRule];
      score.fn++;
      score.falseNegatives.push(`${relative(scratch, e.file)}:${e.line}`);
    }
    return { set, rules, unreadable };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function precisionOf(score: Pick<RuleScore, 'tp' | 'fp'>): number {
  return score.tp + score.fp === 0 ? 1 : score.tp / (score.tp + score.fp);
}

export function recallOf(score: Pick<RuleScore, 'tp' | 'fn'>): number {
  return score.tp + score.fn === 0 ? 1 : score.tp / (score.tp + score.fn);
}

export function sum(scores: ReadonlyArray<Pick<RuleScore, 'tp' | 'fp' | 'fn'>>): { tp: number; fp: number; fn: number } {
  return scores.reduce((a, b) => ({ tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn }), { tp: 0, fp: 0, fn: 0 });
}

function row(name: string, s: Pick<RuleScore, 'tp' | 'fp' | 'fn'>): string {
  return `${name.padEnd(22)} TP ${String(s.tp).padStart(4)} FP ${String(s.fp).padStart(3)} FN ${String(s.fn).padStart(3)}  ` +
    `precision ${precisionOf(s).toFixed(3)}  recall ${recallOf(s).toFixed(3)}`;
}

export function report(scores: readonly SetScore[], verbose: boolean): string {
  const lines: string[] = [];
  for (const score of scores) {
    lines.push(`${score.set}`);
    for (const rule of RULES) {
      const s = score.rules[rule];
      lines.push(`  ${row(rule, s)}`);
      if (verbose) for (const x of [...s.falsePositives.map((f) => `FP ${f}`), ...s.falseNegatives.map((f) => `FN ${f}`)]) lines.push(`      ${x}`);
    }
    lines.push(`  ${row('all', sum(RULES.map((r) => score.rules[r])))}`);
    for (const u of score.unreadable) lines.push(`  !! ${u}`);
  }
  lines.push('all sets');
  for (const rule of RULES) lines.push(`  ${row(rule, sum(scores.map((s) => s.rules[rule])))}`);
  lines.push(`  ${row('all', sum(scores.flatMap((s) => RULES.map((r) => s.rules[r]))))}`);
  return lines.join('\n');
}

// `npm run eval [-- --verbose] [set…]`
if (require.main === module) {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const wanted = args.filter((a) => !a.startsWith('--'));
  const cli = resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
  const sets = wanted.length > 0 ? wanted : evaluationSets();
  console.log(report(sets.map((set) => scoreSet(cli, set)), verbose));
}
