// node docs/real-audit/score.mjs <batch-dir> [--against <repository> <cli-findings.json> <source-root>]...
// Prints TP / FP and precision by rule and by repository from a batch's verdicts (<repository>[-part].jsonl).
// With --against, scores another build's findings for that repository instead of the judged ones:
// run `node dist/cli.js --no-types --format json <dirs> > out.json` over the same source, and name the
// folder the paths start with. A finding is matched to a verdict by file, line and rule; findings with
// no verdict are counted as unjudged (a new finding needs a reviewer), verdicts with no finding as gone.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const args = process.argv.slice(2);
const batch = args.shift();
if (!batch) {
  console.error('usage: score.mjs <batch-dir> [--against <repository> <cli-findings.json> <source-root>]...');
  process.exit(2);
}
const against = new Map();
while (args.length > 0) {
  const flag = args.shift();
  if (flag !== '--against' || args.length < 3) {
    console.error(`score.mjs: expected --against <repository> <cli-findings.json> <source-root>, got ${flag}`);
    process.exit(2);
  }
  const [repository, file, root] = args.splice(0, 3);
  const findings = JSON.parse(readFileSync(file, 'utf8')).map((f) => ({ file: relative(resolve(root), f.file), line: f.line, rule: f.ruleId }));
  against.set(repository, findings);
}

const keyOf = (v) => `${v.file}:${v.line}:${v.rule}`;
const verdictsByRepository = new Map();
for (const name of readdirSync(batch).filter((n) => n.endsWith('.jsonl')).sort()) {
  const repository = name.replace(/(-[a-z])?\.jsonl$/, '');
  const lines = readFileSync(join(batch, name), 'utf8').split('\n').filter((l) => l.trim() !== '');
  const list = verdictsByRepository.get(repository) ?? [];
  for (const line of lines) list.push(JSON.parse(line));
  verdictsByRepository.set(repository, list);
}

const table = new Map();
const count = (group, verdict) => {
  const row = table.get(group) ?? { TP: 0, FP: 0, unjudged: 0, gone: 0 };
  row[verdict]++;
  table.set(group, row);
};
for (const [repository, verdicts] of verdictsByRepository) {
  const judged = new Map(verdicts.map((v) => [keyOf(v), v]));
  const findings = against.get(repository);
  if (!findings) {
    for (const v of verdicts) for (const group of [v.rule, repository, 'all']) count(group, v.verdict);
    continue;
  }
  const seen = new Set();
  for (const f of findings) {
    const v = judged.get(keyOf(f));
    seen.add(keyOf(f));
    for (const group of [f.rule, repository, 'all']) count(group, v ? v.verdict : 'unjudged');
  }
  for (const v of verdicts) if (!seen.has(keyOf(v))) for (const group of [v.rule, repository, 'all']) count(group, 'gone');
}

const showGone = against.size > 0;
console.log(`${'group'.padEnd(34)} ${'TP'.padStart(4)} ${'FP'.padStart(4)} precision${showGone ? '  unjudged  gone' : ''}`);
for (const [group, row] of [...table].sort(([a], [b]) => (a === 'all') - (b === 'all') || a.localeCompare(b))) {
  const precision = row.TP + row.FP > 0 ? (row.TP / (row.TP + row.FP)).toFixed(2) : '-';
  console.log(`${group.padEnd(34)} ${String(row.TP).padStart(4)} ${String(row.FP).padStart(4)} ${precision.padStart(9)}${showGone ? `${String(row.unjudged).padStart(10)}${String(row.gone).padStart(6)}` : ''}`);
}
