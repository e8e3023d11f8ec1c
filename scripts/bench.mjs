// npm run bench [-- <corpus-dir> | --dense] [--runs N] [--only floor,one,many,default,peer,halves,floor-halves,floor-warm,one-warm,typed] [--baseline <dist-dir>]
// Runs the floor, our CLI (1 thread and worker threads; syntax only, like the floor and the peer;
// and, when a tsconfig.json governs the corpus, with types from it) and the peer side by side, interleaved,
// each in a fresh process, and prints medians, peak memory and ratios. No corpus given: a
// generated one of 2,000 files, services mixed with DTOs, utilities, components and configuration in
// the densities of real repositories; `--dense`: 2,000 async service modules, the stress corpus.
// `--only` keeps some variants (ratios need all five); `--baseline` adds another build's CLI (e.g. a
// copy of dist/ from before a change), 1 thread and default, to the same interleaved runs: on a
// shared machine, A/B side by side is what can be trusted.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { corpusShape, listCorpusFiles } from './bench/corpus-shape.mjs';
import { generateCorpus } from './bench/generate-corpus.mjs';

const args = process.argv.slice(2);
const runsIndex = args.indexOf('--runs');
const runs = runsIndex >= 0 ? Number(args.splice(runsIndex, 2)[1]) : 5;
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? args.splice(onlyIndex, 2)[1].split(',') : undefined;
const denseIndex = args.indexOf('--dense');
const dense = denseIndex >= 0 && Boolean(args.splice(denseIndex, 1));
const baselineIndex = args.indexOf('--baseline');
const baseline = baselineIndex >= 0 ? resolve(args.splice(baselineIndex, 2)[1], 'cli.js') : undefined;
if (baseline && !existsSync(baseline)) {
  console.error(`bench: no CLI at ${baseline}`);
  process.exit(2);
}
let corpus = args[0] ? resolve(args[0]) : undefined;
const scratch = mkdtempSync(join(tmpdir(), 'workload-shape-bench-'));
if (!corpus) {
  corpus = join(scratch, 'corpus');
  generateCorpus(corpus, 2000, 42, { dense });
  console.log(`generated ${dense ? 'dense (async services only)' : 'mixed'} corpus in ${corpus}`);
} else if (!existsSync(corpus)) {
  console.error(`bench: no such corpus: ${corpus}`);
  process.exit(2);
}

console.log(`corpus: ${corpusShape(listCorpusFiles(corpus))}`);
console.log('  (real repositories measured: 27–47 awaits and 0.6–3.8 loops per 1,000 lines; 30–70% of files await)');

/** The tsconfig.json at or above the corpus, which the CLI would use for types by default. */
function governingTsconfig(dir) {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'tsconfig.json'))) return join(d, 'tsconfig.json');
    if (dirname(d) === d) return undefined;
  }
}

const cores = availableParallelism();
const allVariants = [
  { id: 'floor', name: 'floor: ts.createSourceFile + walk', kind: 'floor' },
  { id: 'one', name: 'workload-shape CLI, 1 thread', kind: 'ours', jobs: '1' },
  { id: 'many', name: `workload-shape CLI, ${cores} threads`, kind: 'ours', jobs: String(cores) },
  { id: 'default', name: 'workload-shape CLI, default', kind: 'ours' },
  { id: 'peer', name: 'peer: ESLint + typescript-eslint (no-await-in-loop)', kind: 'peer' },
  // What any threading could reach on this machine: two independent processes at once, half the files each,
  // nothing shared. Wall time is the slower of the two.
  { id: 'halves', name: `ceiling: ${cores} CLI processes at once, 1/${cores} each`, kind: 'ours', parts: cores },
  // The same for the floor: what the TypeScript parser alone gains from the second core on this machine.
  { id: 'floor-halves', name: `floor: ${cores} processes at once, 1/${cores} each`, kind: 'floor', parts: cores },
  // Warm: the same work twice in one process, the second pass timed. Against the rows above, this
  // separates what V8's warm-up (interpreting and compiling the hot code) costs from the steady work.
  { id: 'floor-warm', name: 'floor, second pass in one process', kind: 'floor', passes: 2 },
  { id: 'one-warm', name: 'workload-shape CLI, 1 thread, second pass', kind: 'ours', jobs: '1', passes: 2 },
  // The CLI's default when a tsconfig.json governs the corpus: type information from it (a program).
  ...(governingTsconfig(corpus) ? [{ id: 'typed', name: 'workload-shape CLI, types from the tsconfig', kind: 'ours', types: true }] : []),
  ...(baseline
    ? [
        { id: 'baseline-one', name: 'baseline CLI, 1 thread', kind: 'ours', jobs: '1', cli: baseline },
        { id: 'baseline-default', name: 'baseline CLI, default', kind: 'ours', cli: baseline },
      ]
    : []),
];
const variants = allVariants.filter((v) => !only || only.includes(v.id) || (baseline && v.id.startsWith('baseline-') && only.includes(v.id.slice(9))));
const samples = new Map(variants.map((v) => [v.name, []]));

/**
 * Other work on the machine (a test suite, a build) makes wall times meaningless, and on 2 cores it
 * hides any gain from threads. Before each run, wait (up to a minute) until at least 90% of the
 * cores were idle for a second; runs that started on a busy machine are counted and reported.
 */
function cpuTimes() {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { idle: line[3] + line[4], total: line.reduce((a, b) => a + b, 0) };
}
let busyStarts = 0;
function waitForQuiet() {
  if (!existsSync('/proc/stat')) return;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const before = cpuTimes();
    execFileSync('sleep', ['1']);
    const after = cpuTimes();
    const idle = (after.idle - before.idle) / Math.max(1, after.total - before.total);
    if (idle >= 0.9) return;
    if (Date.now() > deadline) {
      busyStarts++;
      return;
    }
  }
}
const child = new URL('./bench/child.mjs', import.meta.url).pathname;

/** `parts` processes at once, each on its share of the files: the slowest one's wall time, all CPU, the largest RSS. */
async function runParts(v, env) {
  const results = await Promise.all(Array.from({ length: v.parts }, (_, i) => new Promise((resolvePart, reject) => {
    const out = join(scratch, `result-${i}.json`);
    const proc = spawn(process.execPath, [child, v.kind, corpus, out], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...env, WORKLOAD_SHAPE_BENCH_PART: `${i}/${v.parts}` } });
    proc.on('error', reject);
    proc.on('exit', () => resolvePart(JSON.parse(readFileSync(out, 'utf8'))));
  })));
  return {
    ms: Math.max(...results.map((r) => r.ms)),
    cpuMs: results.reduce((a, r) => a + r.cpuMs, 0),
    maxRssMb: Math.max(...results.map((r) => r.maxRssMb)),
    // Counts add up over the parts (report bytes, nodes walked); an exit code would not.
    detail: Object.fromEntries(Object.keys(results[0].detail).filter((k) => k !== 'exitCode').map((k) => [k, results.reduce((a, r) => a + r.detail[k], 0)])),
  };
}

for (let run = 0; run < runs; run++) {
  for (const v of variants) {
    const out = join(scratch, 'result.json');
    waitForQuiet();
    const env = {
      ...process.env,
      ...(v.cli ? { WORKLOAD_SHAPE_BENCH_CLI: v.cli } : {}),
      ...(v.types ? { WORKLOAD_SHAPE_BENCH_TYPES: '1' } : {}),
      ...(v.passes ? { WORKLOAD_SHAPE_BENCH_PASSES: String(v.passes) } : {}),
    };
    if (v.parts) {
      samples.get(v.name).push(await runParts(v, env));
      continue;
    }
    execFileSync(process.execPath, [child, v.kind, corpus, out, ...(v.jobs ? [v.jobs] : [])], { stdio: ['ignore', 'ignore', 'inherit'], env });
    samples.get(v.name).push(JSON.parse(readFileSync(out, 'utf8')));
  }
  process.stderr.write(`run ${run + 1}/${runs} done\n`);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const stats = new Map(
  variants.map((v) => {
    const list = samples.get(v.name);
    const ms = list.map((x) => x.ms);
    return [v.name, { ms: median(ms), min: Math.min(...ms), max: Math.max(...ms), cpu: median(list.map((x) => x.cpuMs)), rss: median(list.map((x) => x.maxRssMb)), detail: list[0].detail }];
  }),
);
console.log(`\nmedians of ${runs} interleaved fresh-process runs (wall time includes process start and module loading)`);
console.log(busyStarts > 0 ? `${busyStarts} runs started on a busy machine (no quiet second within a minute): wall times are suspect\n` : 'every run started on an idle machine\n');
const secs = (ms) => (ms / 1000).toFixed(2);
for (const v of variants) {
  const s = stats.get(v.name);
  console.log(`${v.name.padEnd(55)} ${secs(s.ms).padStart(6)} s wall (${secs(s.min)}–${secs(s.max)}) ${secs(s.cpu).padStart(6)} s cpu ${s.rss.toFixed(0).padStart(5)} MB  ${JSON.stringify(s.detail)}`);
}
if (only) {
  rmSync(scratch, { recursive: true, force: true });
  process.exit(0);
}
const floor = stats.get(variants[0].name).ms;
const one = stats.get(variants[1].name).ms;
const many = stats.get(variants[2].name).ms;
const def = stats.get(variants[3].name).ms;
const peer = stats.get(variants[4].name).ms;
console.log('\nratios');
console.log(`  ours (default) / floor          ${(def / floor).toFixed(2)}x   (target <= 1.5x)`);
console.log(`  ours (1 thread) / floor         ${(one / floor).toFixed(2)}x`);
console.log(`  peer / ours (default)           ${(peer / def).toFixed(2)}x   (target >= 4x)`);
console.log(`  1 thread / ${cores} threads             ${(one / many).toFixed(2)}x   (target >= 1.7x)`);
const halves = variants.find((v) => v.id === 'halves');
if (halves) {
  console.log(`  1 thread / ${cores} processes at once  ${(one / stats.get(halves.name).ms).toFixed(2)}x   (the most any threading could give on this machine)`);
}
const floorHalves = variants.find((v) => v.id === 'floor-halves');
if (floorHalves) {
  console.log(`  floor / floor in ${cores} processes   ${(floor / stats.get(floorHalves.name).ms).toFixed(2)}x   (what the parser alone gains from ${cores} cores here)`);
}
const floorWarm = variants.find((v) => v.id === 'floor-warm');
const oneWarm = variants.find((v) => v.id === 'one-warm');
if (floorWarm && oneWarm) {
  const fw = stats.get(floorWarm.name).ms;
  const ow = stats.get(oneWarm.name).ms;
  console.log(`  warm: ours (1 thread) / floor   ${(ow / fw).toFixed(2)}x   (second passes; warm-up and start-up: floor ${secs(floor - fw)} s, ours ${secs(one - ow)} s)`);
}
const typed = variants.find((v) => v.id === 'typed');
if (typed) {
  const t = stats.get(typed.name).ms;
  console.log(`  ours (types from ${governingTsconfig(corpus)}) / floor ${(t / floor).toFixed(2)}x, peer / ours (types) ${(peer / t).toFixed(2)}x`);
}
const cpu = (i) => stats.get(variants[i].name).cpu;
console.log(`  cpu time: ours (1 thread) / floor ${(cpu(1) / cpu(0)).toFixed(2)}x, peer / ours (1 thread) ${(cpu(4) / cpu(1)).toFixed(2)}x`);
rmSync(scratch, { recursive: true, force: true });
