import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ts } from 'ts-morph';
import { parseSource } from '../../../../src/core/engine';
import type { Finding } from '../../../../src/core/finding';
import type { FixOutcome, ProjectFacts } from '../../../../src/core/fixes/fix';
import { cloneabilityForChecker, type CloneabilityOracle } from '../../../../src/core/fixes/move-to-worker/cloneability';
import { createMoveToWorker } from '../../../../src/core/fixes/move-to-worker/move-to-worker';
import type { ModuleReader } from '../../../../src/core/fixes/move-to-worker/worker-dependencies';
import { createInMemoryProject, findCorrespondingNode, typeOracleForChecker } from '../../../../src/core/project-host';
import type { TypeOracle } from '../../../../src/core/rule';
import { filesIn, findingsOf, fixInput, type GoldenCase } from '../../../support/fix-golden';

/**
 * What the shared golden harness does not cover for this fix: local modules next to the input (the fix
 * reads them to check their top level), a type oracle that also answers the fix's cloneability question,
 * and hand-made findings for inputs the rule does not report.
 */

export const PROJECT_DIR = '/project/src';

/** Extra files of a golden case (`files/<name>`), keyed by name: local modules the input imports, read by the fix. */
export function extraFilesOf(c: GoldenCase): Record<string, string> {
  return filesIn(path.join(c.dir, 'files'));
}

export function readerFor(files: Record<string, string>): ModuleReader {
  return (absolutePath) => {
    if (path.dirname(absolutePath) !== PROJECT_DIR) return undefined;
    return files[path.basename(absolutePath)];
  };
}

/** A type oracle over an in-memory program, answering for nodes of our own syntax-only parse (like project-host's). */
export function oracleFor(fileName: string, text: string, files: Record<string, string>): TypeOracle & CloneabilityOracle {
  const all: Record<string, string> = { [fileName]: text };
  for (const [name, content] of Object.entries(files)) all[path.join(PROJECT_DIR, name)] = content;
  const project = createInMemoryProject(all);
  const program = project.getProgram().compilerObject;
  const checker = program.getTypeChecker();
  const programFile = program.getSourceFile(fileName)!;
  const inner = typeOracleForChecker(checker);
  const cloneability = cloneabilityForChecker(checker);
  const map = <T>(expression: ts.Expression, ask: (e: ts.Expression) => T): T | undefined => {
    const mapped = findCorrespondingNode(programFile, expression);
    return mapped && ts.isExpression(mapped) ? ask(mapped) : undefined;
  };
  return {
    isThenable: (e) => map(e, (m) => inner.isThenable(m)),
    typeText: (e) => map(e, (m) => inner.typeText?.(m)),
    cloneability: (e) => map(e, (m) => cloneability(m)),
  };
}

export interface FixRun {
  outcome: FixOutcome;
  fileName: string;
  finding: Finding;
}

export interface RunOptions {
  fileName?: string;
  moduleFormat?: 'esm' | 'cjs';
  types?: boolean;
  files?: Record<string, string>;
  /** Names of files that already exist next to the input (the fix must not overwrite them). */
  existing?: string[];
  dependencies?: string[];
  /** A finding to use instead of the rule's: the loop after this marker text. */
  loopAfter?: string;
  findingIndex?: number;
}

/** Run the fix on `text`: on the rule's finding, or on a hand-made finding for the loop after a marker. */
export function runMoveToWorker(text: string, options: RunOptions = {}): FixRun {
  const fileName = path.join(PROJECT_DIR, options.fileName ?? 'input.ts');
  const files = options.files ?? {};
  let finding: Finding | undefined;
  if (options.loopAfter !== undefined) {
    finding = handMadeFinding(fileName, text, options.loopAfter);
  } else {
    const findings = findingsOf('blocking-loop', fileName, text, false);
    finding = findings[options.findingIndex ?? 0];
    assert.ok(finding, `the rule reported no finding #${options.findingIndex ?? 0} (got ${findings.length})`);
  }
  const project: ProjectFacts = {
    moduleFormat: options.moduleFormat ?? 'cjs',
    dependencies: new Set(options.dependencies ?? []),
    fileExists: (f) => (options.existing ?? []).includes(path.basename(f)) || path.basename(f) in files,
  };
  const types = options.types ? oracleFor(fileName, text, files) : undefined;
  const outcome = createMoveToWorker(fixInput({ finding, fileName, text, project, types }), readerFor(files));
  return { outcome, fileName, finding };
}

/** A blocking-loop finding for the first loop statement after `marker` (for inputs the rule stays silent on). */
export function handMadeFinding(fileName: string, text: string, marker: string): Finding {
  const sourceFile = parseSource(fileName, text);
  const at = text.indexOf(marker);
  assert.ok(at >= 0, `marker ${marker} not found`);
  let loop: ts.Node | undefined;
  const stack: ts.Node[] = [sourceFile];
  while (stack.length > 0 && !loop) {
    const node = stack.pop()!;
    if (ts.isIterationStatement(node, false) && node.getStart(sourceFile) >= at) loop = node;
    else stack.push(...[...node.getChildren(sourceFile)].reverse());
  }
  assert.ok(loop, 'no loop after the marker');
  return {
    ruleId: 'blocking-loop',
    messageId: 'largeBound',
    message: 'hand-made',
    range: { start: loop.getStart(sourceFile), end: loop.end },
    related: [],
    severity: 'warning',
    data: { where: 'hand-made' },
  };
}

/** `ticks=<n>` lines a driver prints on stderr: how often a 10 ms interval ran during the work. */
export function ticksOf(stderr: string): number[] {
  return [...stderr.matchAll(/ticks=(\d+)/g)].map((m) => Number(m[1]));
}

/** How many 10 ms ticks the driver's timer could have fired in the time the call took. */
export function possibleTicksOf(stderr: string): number[] {
  return [...stderr.matchAll(/elapsed=(\d+)/g)].map((m) => Math.floor(Number(m[1]) / 10));
}
