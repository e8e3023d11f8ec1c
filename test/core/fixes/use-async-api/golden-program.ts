import * as path from 'node:path';
import { analyzeText } from '../../../../src/core/engine';
import type { Finding } from '../../../../src/core/finding';
import { useAsyncApiFix } from '../../../../src/core/fixes/use-async-api/use-async-api';
import type { FixOutcome, ProjectFacts } from '../../../../src/core/fixes/fix';
import { runProgram } from '../../../support/compiled-program';
import { fixInput, sourceDirOf } from '../../../support/fix-golden';

/**
 * Support for the use-async-api goldens. A golden `input.ts` that runs exports `main(dir)`; the driver below
 * fills `dir` with fixtures (a small file, and when the input names them a 17 MB text file and a gzipped
 * 64 MB buffer), keeps the event loop
 * spinning with a `setImmediate` counter, awaits `main(dir)` and prints the result and how many loop turns
 * happened while it ran. A sync call blocks the loop: no turn can happen until `main` returns. Its async
 * twin waits on the thread pool or a child process while the loop keeps turning.
 */

export const FIX_ID = 'use-async-api';
export const GOLDENS_DIR = path.join(sourceDirOf(__dirname), 'goldens');
export const INPUT_FILE = '/project/src/input.ts';

/** This suite's keys in a golden's case.json (`finding` is the shared harness's). */
export interface CaseOptions {
  /** Module formats to type-check and run (default: CommonJS only). */
  moduleFormats?: Array<'cjs' | 'esm'>;
  /** 'effect': run both and measure the event loop; 'same-output': run both and compare results only. */
  run?: 'effect' | 'same-output';
}

export const FACTS: ProjectFacts = { moduleFormat: 'cjs', dependencies: new Set(), fileExists: () => false };

export const DRIVER = `import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { main } from './input.js';

void zlib;

function describe(value: unknown): string {
  const hash = (data: string | Buffer) => createHash('sha1').update(data).digest('hex').slice(0, 12);
  if (Buffer.isBuffer(value)) return 'Buffer(' + value.length + ') ' + hash(value);
  if (typeof value === 'string') return value.length > 200 ? 'string(' + value.length + ') ' + hash(value) : JSON.stringify(value);
  if (Array.isArray(value)) return '[' + value.map(describe).join(', ') + ']';
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return '{' + Object.keys(record).sort().map((k) => k + ': ' + describe(record[k])).join(', ') + '}';
  }
  return String(value);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-use-async-api-'));
fs.writeFileSync(path.join(dir, 'small.txt'), 'hello from a small file\\n');
/*FIXTURES*/

let turns = 0;
let spinning = true;
const spin = (): void => {
  turns++;
  if (spinning) setImmediate(spin);
};

void (async () => {
  setImmediate(spin);
  await new Promise((resolve) => setTimeout(resolve, 20));
  const before = turns;
  try {
    const result = await main(dir);
    const during = turns - before;
    spinning = false;
    console.log('result: ' + describe(result));
    console.log('turns during main: ' + during);
  } finally {
    spinning = false;
    fs.rmSync(dir, { recursive: true, force: true });
  }
})();
`;

export interface RunReport {
  code: number | null;
  stderr: string;
  /** Every stdout line but the turn count. */
  output: string;
  turns: number;
}

/** Big fixtures cost time to build: the driver builds only those the input names. */
const FIXTURES: Record<string, string> = {
  'big.txt': `fs.writeFileSync(path.join(dir, 'big.txt'), 'a line of the upload, with some padding text\\n'.repeat(400_000));`,
  'big.gz': `fs.writeFileSync(path.join(dir, 'big.gz'), zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024, 'sixteen byte row')));`,
};

export function driverFor(input: string): string {
  const fixtures = Object.entries(FIXTURES).filter(([name]) => input.includes(name)).map(([, code]) => code);
  return DRIVER.replace('/*FIXTURES*/', fixtures.join('\n'));
}

export async function runGolden(text: string, format: 'cjs' | 'esm'): Promise<RunReport> {
  const run = await runProgram({ 'input.ts': text, 'driver.ts': driverFor(text) }, 'driver.ts', format, { timeoutMs: 60_000 });
  const lines = run.stdout.split('\n');
  const turnLine = lines.find((l) => l.startsWith('turns during main: '));
  return {
    code: run.code,
    stderr: run.stderr,
    output: lines.filter((l) => l !== turnLine).join('\n'),
    turns: turnLine ? Number(turnLine.slice('turns during main: '.length)) : Number.NaN,
  };
}

export function blockingFindings(text: string, fileName = INPUT_FILE): Finding[] {
  return analyzeText(fileName, text, { only: ['blocking-sync-call'] }).findings;
}

/** Run the fix directly (not through the registry) on a finding. */
export function runFix(text: string, finding: Finding, fileName = INPUT_FILE, facts: ProjectFacts = FACTS): FixOutcome {
  return useAsyncApiFix.create(fixInput({ finding, fileName, text, project: facts }));
}

/** A finding made by hand for the first occurrence of `snippet` (a call the rule may never report). */
export function handFinding(text: string, snippet: string): Finding {
  const start = text.indexOf(snippet);
  if (start < 0) throw new Error(`snippet not found: ${snippet}`);
  return {
    ruleId: 'blocking-sync-call',
    messageId: 'blockingSyncCall',
    message: 'hand-made finding',
    range: { start, end: start + snippet.length },
    related: [],
    severity: 'warning',
    data: {},
  };
}
