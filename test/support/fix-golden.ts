import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeSourceFile, parseSource } from '../../src/core/engine';
import type { Finding, RuleId } from '../../src/core/finding';
import { fixesFor } from '../../src/core/fixes';
import { applyTextEdits, type FixInput, type FixOutcome, type ProjectFacts, type ProposedFix } from '../../src/core/fixes/fix';
import { createInMemoryProject, mappedOracle, typeOracleForChecker } from '../../src/core/project-host';
import type { TypeOracle } from '../../src/core/rule';
import { createScopeIndex } from '../../src/core/scope';

/**
 * Golden-file fix tests in the manner of TypeScript's codefix tests: a folder per case holding
 * `input.ts` and the whole expected `output.ts` (and any expected new files under `new/`).
 * The golden outputs are written by hand; `compiled-program.ts` type-checks them (strict, zero errors)
 * and executes original and fixed code side by side.
 *
 *   test/core/fixes/<fix-id>/goldens/<case>/input.ts
 *   test/core/fixes/<fix-id>/goldens/<case>/output.ts
 *   test/core/fixes/<fix-id>/goldens/<case>/new/<file>        (optional: expected new files)
 *   test/core/fixes/<fix-id>/goldens/<case>/case.json         (optional: { "finding": 0, "moduleFormat": "esm", "dependencies": [], "types": true })
 *
 * A fix's suite may read keys of its own from case.json: `loadGoldenCases<ItsOptions>(dir)`.
 */

export interface GoldenOptions {
  finding?: number;
  moduleFormat?: 'esm' | 'cjs';
  dependencies?: string[];
  types?: boolean;
  fileName?: string;
}

export interface GoldenCase<Extra = object> {
  name: string;
  dir: string;
  input: string;
  output: string;
  newFiles: Record<string, string>;
  options: GoldenOptions & Extra;
}

/** Golden folders live in the source tree (tests run from out/, so map back). */
export function sourceDirOf(compiledDir: string): string {
  return compiledDir.replace(`${path.sep}out${path.sep}test${path.sep}`, `${path.sep}test${path.sep}`);
}

/** The case folders under `goldensDir`; `Extra` types the suite's own case.json keys. */
export function loadGoldenCases<Extra = object>(goldensDir: string): Array<GoldenCase<Extra>> {
  if (!fs.existsSync(goldensDir)) return [];
  return fs
    .readdirSync(goldensDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => {
      const dir = path.join(goldensDir, e.name);
      const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
      const options = fs.existsSync(path.join(dir, 'case.json')) ? (JSON.parse(read('case.json')) as GoldenOptions & Extra) : ({} as GoldenOptions & Extra);
      return { name: e.name, dir, input: read('input.ts'), output: read('output.ts'), newFiles: filesIn(path.join(dir, 'new')), options };
    });
}

/** The files of a folder (name → text), or none when it does not exist: a case's `new/`, or a suite's own extra folder. */
export function filesIn(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  if (fs.existsSync(dir)) for (const f of fs.readdirSync(dir)) files[f] = fs.readFileSync(path.join(dir, f), 'utf8');
  return files;
}

/** The findings of one rule on a text, with a type checker over an in-memory project when asked. */
export function analyseCase(ruleId: RuleId, fileName: string, text: string, types: boolean): { findings: Finding[]; oracle?: TypeOracle } {
  if (types) {
    const project = createInMemoryProject({ [fileName]: text });
    const program = project.getProgram().compilerObject;
    const oracle = typeOracleForChecker(program.getTypeChecker());
    return { findings: analyzeSourceFile(program.getSourceFile(fileName)!, { only: [ruleId] }, oracle), oracle };
  }
  return { findings: analyzeSourceFile(parseSource(fileName, text), { only: [ruleId] }) };
}

export function findingsOf(ruleId: RuleId, fileName: string, text: string, types: boolean): Finding[] {
  return analyseCase(ruleId, fileName, text, types).findings;
}

export function factsFor(c: GoldenCase, existing: string[] = []): ProjectFacts {
  return {
    moduleFormat: c.options.moduleFormat ?? 'cjs',
    dependencies: new Set(c.options.dependencies ?? []),
    fileExists: (f) => existing.includes(path.basename(f)),
  };
}

/** Run the rule on a case's input, then the named fix on the chosen finding. */
export function fixCase(c: GoldenCase, ruleId: RuleId, fixId: string): { outcome: FixOutcome; output?: string; fix?: ProposedFix } {
  const fileName = path.join('/project/src', c.options.fileName ?? 'input.ts');
  const { findings, oracle } = analyseCase(ruleId, fileName, c.input, c.options.types ?? false);
  const finding = findings[c.options.finding ?? 0];
  assert.ok(finding, `${c.name}: the rule reported no finding #${c.options.finding ?? 0} on input.ts (got ${findings.length})`);
  // With types, the fix sees the same checker the rule saw (nodes are mapped by position).
  const outcomes = fixesFor(finding, { fileName, text: c.input, project: factsFor(c), types: oracle && mappedTypes(fileName, c.input) });
  const outcome = outcomes.find((o) => (o.ok ? o.fix.fixId : o.fixId) === fixId);
  assert.ok(outcome, `${c.name}: fix ${fixId} was not considered for ${ruleId}`);
  if (!outcome.ok) return { outcome };
  return { outcome, output: applyTextEdits(c.input, outcome.fix.edits), fix: outcome.fix };
}

/** A fix's input for a text parsed on its own, as the registry builds it: for running one fix directly. */
export function fixInput(input: { finding: Finding; fileName: string; text: string; project: ProjectFacts; types?: TypeOracle }): FixInput {
  const sourceFile = parseSource(input.fileName, input.text);
  return { ...input, sourceFile, scopes: createScopeIndex(sourceFile), types: input.types };
}

/** The fix re-parses the text, so its nodes differ from the program's: answer through a position mapping. */
function mappedTypes(fileName: string, text: string): TypeOracle | undefined {
  const project = createInMemoryProject({ [fileName]: text });
  const program = project.getProgram().compilerObject;
  return mappedOracle(program.getSourceFile(fileName), () => program.getTypeChecker(), text);
}
