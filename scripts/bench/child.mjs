// One measured run in a fresh process: `node child.mjs <kind> <corpus> <result.json> [jobs]`.
// kinds: floor (TypeScript's parser + a full forEachChild walk), ours (our CLI's main()),
// peer (ESLint + @typescript-eslint/parser with only no-await-in-loop).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { listCorpusFiles } from './corpus-shape.mjs';

const require = createRequire(import.meta.url);
const [kind, corpus, resultFile, jobs] = process.argv.slice(2);
const started = performance.now();

// WORKLOAD_SHAPE_BENCH_PART=i/n: only every n-th file from the i-th (bench.mjs's "two processes" ceilings).
const part = process.env.WORKLOAD_SHAPE_BENCH_PART?.split('/').map(Number);
const myFiles = () => (part ? listCorpusFiles(corpus).filter((_, index) => index % part[1] === part[0]) : listCorpusFiles(corpus));

let detail = {};
// WORKLOAD_SHAPE_BENCH_PASSES=n: do the work n times in this process and time only the last pass
// (bench.mjs's "warm" rows: the same work once V8 has compiled the hot code, without start-up).
const passes = Number(process.env.WORKLOAD_SHAPE_BENCH_PASSES ?? 1);
let lastPass;
async function timedPasses(work) {
  for (let pass = 0; pass < passes; pass++) {
    const wall = performance.now();
    const cpu = process.cpuUsage();
    await work();
    const used = process.cpuUsage(cpu);
    lastPass = { ms: performance.now() - wall, cpuMs: (used.user + used.system) / 1000 };
  }
}

if (kind === 'floor') {
  const ts = require('typescript');
  let nodes = 0;
  await timedPasses(() => {
    nodes = 0;
    for (const file of myFiles()) {
      const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (node) => {
        nodes++;
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
  });
  detail = { nodes };
} else if (kind === 'ours') {
  // WORKLOAD_SHAPE_BENCH_CLI: another build to compare with (bench.mjs --baseline).
  const cli = require(process.env.WORKLOAD_SHAPE_BENCH_CLI ?? '../../dist/cli.js');
  // Keep the report itself out of the timing's noise: write it to a string, not the terminal.
  const write = process.stdout.write.bind(process.stdout);
  let bytes = 0;
  process.stdout.write = (chunk, ...rest) => {
    bytes += chunk.length;
    const cb = rest.find((x) => typeof x === 'function');
    if (cb) cb();
    return true;
  };
  // Syntax only, like the floor and the peer; WORKLOAD_SHAPE_BENCH_TYPES: the default, types from a tsconfig.
  const inputs = part ? myFiles() : [corpus];
  const args = [...(process.env.WORKLOAD_SHAPE_BENCH_TYPES ? [] : ['--no-types']), '--format', 'json', ...inputs];
  if (jobs) args.unshift('--jobs', jobs);
  let code;
  await timedPasses(async () => {
    bytes = 0;
    code = await cli.main(args);
  });
  process.stdout.write = write;
  detail = { exitCode: code, reportBytes: bytes };
} else if (kind === 'peer') {
  const { Linter } = require('eslint');
  const parser = require('@typescript-eslint/parser');
  const linter = new Linter({ configType: 'flat', cwd: corpus });
  const config = [{ files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'], languageOptions: { parser }, rules: { 'no-await-in-loop': 'warn' } }];
  let messages = 0;
  for (const file of listCorpusFiles(corpus)) {
    messages += linter.verify(readFileSync(file, 'utf8'), config, { filename: file }).length;
  }
  detail = { messages };
} else {
  throw new Error(`unknown kind ${kind}`);
}
const ms = performance.now() - started;
const usage = process.resourceUsage();
// CPU time of all threads: less sensitive than wall time to other load on a shared machine.
const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
const timed = passes > 1 ? lastPass : { ms, cpuMs };
writeFileSync(resultFile, JSON.stringify({ kind, jobs: jobs ?? null, ...timed, maxRssMb: usage.maxRSS / 1024, detail }));
