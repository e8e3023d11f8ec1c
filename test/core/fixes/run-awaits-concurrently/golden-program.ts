import * as fs from 'node:fs';
import * as path from 'node:path';
import { ts } from 'ts-morph';
import { analyzeSourceFile, parseSource } from '../../../../src/core/engine';
import type { Finding } from '../../../../src/core/finding';
import { fixesFor } from '../../../../src/core/fixes';
import type { FixOutcome, ProjectFacts } from '../../../../src/core/fixes/fix';
import { createInMemoryProject, typeOracleForChecker } from '../../../../src/core/project-host';
import { isFunctionScope } from '../../../../src/core/scope';
import { sourceDirOf } from '../../../support/fix-golden';

/**
 * Support for the run-awaits-concurrently goldens: every golden `input.ts` imports fake I/O from
 * `./fake-io.js` and exports `main()`; `driver.ts` runs it and prints the result and the I/O events.
 * Also: a finding built by hand (the group a careful reader would mark), and running the fix with
 * a type checker that also sees `fake-io.ts` (the shared harness's checker sees the input alone).
 */

export const FIX_ID = 'run-awaits-concurrently';
export const GOLDENS_DIR = path.join(sourceDirOf(__dirname), 'goldens');
export const FAKE_IO = fs.readFileSync(path.join(GOLDENS_DIR, 'fake-io.ts'), 'utf8');
export const DRIVER = fs.readFileSync(path.join(GOLDENS_DIR, 'driver.ts'), 'utf8');
export const INPUT_FILE = '/project/src/input.ts';

/** This suite's keys in a golden's case.json (`types` is the shared harness's). */
export interface CaseOptions {
  /** Module formats to type-check and run (default: CommonJS only). */
  moduleFormats?: Array<'cjs' | 'esm'>;
}

export const FACTS: ProjectFacts = { moduleFormat: 'cjs', dependencies: new Set(), fileExists: () => false };

/** `await` expressions of a statement at its own function level, outermost only. */
function outerAwaits(statement: ts.Node): ts.AwaitExpression[] {
  const found: ts.AwaitExpression[] = [];
  const stack: ts.Node[] = [statement];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node !== statement && isFunctionScope(node)) continue;
    if (ts.isAwaitExpression(node)) {
      found.push(node);
      continue;
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return found.sort((a, b) => a.pos - b.pos);
}

/**
 * The finding a reader would mark: in the first statement list holding two or more statements
 * that await, the range from the first such statement to the last, relating each await.
 */
export function handFinding(text: string): Finding | undefined {
  const sourceFile = parseSource(INPUT_FILE, text);
  const queue: ts.Node[] = [sourceFile];
  while (queue.length > 0) {
    const node = queue.shift()!;
    if (ts.isSourceFile(node) || ts.isBlock(node) || ts.isModuleBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node)) {
      const awaiting = node.statements.filter((s) => outerAwaits(s).length > 0);
      if (awaiting.length >= 2) {
        const first = awaiting[0]!;
        const last = awaiting[awaiting.length - 1]!;
        const inGroup = node.statements.slice(node.statements.indexOf(first), node.statements.indexOf(last) + 1);
        const related = inGroup.flatMap(outerAwaits).map((a) => ({
          range: { start: a.getStart(sourceFile), end: a.getEnd() },
          message: 'await',
        }));
        return {
          ruleId: 'sequential-awaits',
          messageId: 'hand',
          message: 'hand-made finding',
          range: { start: first.getStart(sourceFile), end: last.getEnd() },
          related,
          severity: 'warning',
          data: {},
        };
      }
    }
    ts.forEachChild(node, (child) => {
      queue.push(child);
    });
  }
  return undefined;
}

function typedProgram(text: string) {
  const project = createInMemoryProject({ [INPUT_FILE]: text, '/project/src/fake-io.ts': FAKE_IO });
  const program = project.getProgram().compilerObject;
  return { sourceFile: program.getSourceFile(INPUT_FILE)!, types: typeOracleForChecker(program.getTypeChecker()) };
}

/** What the rule reports on a golden input (with the fake I/O module beside it when typed). */
export function ruleFindings(text: string, types: boolean): Finding[] {
  if (types) {
    const typed = typedProgram(text);
    return analyzeSourceFile(typed.sourceFile, { only: ['sequential-awaits'] }, typed.types);
  }
  return analyzeSourceFile(parseSource(INPUT_FILE, text), { only: ['sequential-awaits'] });
}

/** Run the fix through the registry, with a type checker when asked. */
export function runFix(text: string, finding: Finding, types: boolean): FixOutcome {
  const context = types ? { fileName: INPUT_FILE, text, ...typedProgram(text), project: FACTS } : { fileName: INPUT_FILE, text, project: FACTS };
  const outcome = fixesFor(finding, context).find((o) => (o.ok ? o.fix.fixId : o.fixId) === FIX_ID);
  if (!outcome) throw new Error(`${FIX_ID} was not considered for the finding`);
  return outcome;
}

/** The rule's finding for the hand-marked group when the rule reports it, else the hand-made one. */
export function findingFor(text: string, types: boolean): { finding: Finding; fromRule: boolean } {
  const hand = handFinding(text);
  if (!hand) throw new Error('the input has no group of awaits');
  const fromRule = ruleFindings(text, types).find((f) => f.range.start < hand.range.end && hand.range.start < f.range.end);
  return fromRule ? { finding: fromRule, fromRule: true } : { finding: hand, fromRule: false };
}

export function programFiles(input: string): Record<string, string> {
  return { 'input.ts': input, 'fake-io.ts': FAKE_IO, 'driver.ts': DRIVER };
}

export interface IoEvent {
  event: 'start' | 'end';
  name: string;
  at: number;
}

export function parseRun(stdout: string): { result: string; events: IoEvent[] } {
  const lines = stdout.split('\n');
  const marker = lines.findIndex((l) => l.startsWith('@@events '));
  if (marker < 0) throw new Error(`the driver printed no events:\n${stdout}`);
  return { result: lines.slice(0, marker).join('\n'), events: JSON.parse(lines[marker]!.slice('@@events '.length)) as IoEvent[] };
}

export interface Timing {
  /** Every call started before any call ended. */
  allStartedBeforeAnyEnded: boolean;
  /** From the first start to the last end, ms. */
  span: number;
  /** The longest single call, ms. */
  max: number;
  calls: number;
}

export function timingOf(events: readonly IoEvent[]): Timing {
  const starts = events.filter((e) => e.event === 'start');
  const ends = events.filter((e) => e.event === 'end');
  const durations = starts.map((s) => {
    const end = ends.find((e) => e.name === s.name && e.at >= s.at);
    return end ? end.at - s.at : Number.NaN;
  });
  const firstEnd = events.findIndex((e) => e.event === 'end');
  const lastStart = events.map((e) => e.event).lastIndexOf('start');
  return {
    allStartedBeforeAnyEnded: firstEnd > lastStart,
    span: Math.max(...ends.map((e) => e.at)) - Math.min(...starts.map((e) => e.at)),
    max: Math.max(...durations),
    calls: starts.length,
  };
}
