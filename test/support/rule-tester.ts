import * as assert from 'node:assert/strict';
import { analyzeSourceFile, parseProblemOf, parseSource, type AnalysisSettings } from '../../src/core/engine';
import type { Finding, Severity } from '../../src/core/finding';
import { createInMemoryProject, typeOracleForChecker } from '../../src/core/project-host';
import type { Rule } from '../../src/core/rule';

/**
 * Table-driven rule tests in the manner of ESLint's RuleTester: `valid` programs must stay silent,
 * `invalid` programs must produce exactly the listed findings (message id and 1-based location).
 * Cases are grouped by the reason they must (not) fire; each case is its own mocha test, and a
 * duplicated case fails the table.
 */

export interface ValidCase {
  code: string;
  /** Short title; defaults to the first meaningful line of code. */
  name?: string;
  filename?: string;
  /** Analyse with a type checker (an in-memory project with the ES2022 lib). */
  types?: boolean;
  settings?: AnalysisSettings;
}

export interface ExpectedFinding {
  messageId: string;
  line: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** Number of related locations, when the rule reports them. */
  related?: number;
  /** The severity the rule gives the finding when the user sets none. */
  severity?: Severity;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
}

export interface RuleTable {
  valid: Record<string, Array<ValidCase | string>>;
  invalid: Record<string, InvalidCase[]>;
}

export function runRule(rule: Rule, testCase: ValidCase): { findings: Finding[]; lineCol: (offset: number) => { line: number; column: number } } {
  const filename = testCase.filename ?? 'case.ts';
  const settings: AnalysisSettings = { ...testCase.settings, only: [rule.meta.id] };
  if (testCase.types) {
    const project = createInMemoryProject({ [`/${filename}`]: testCase.code });
    const program = project.getProgram().compilerObject;
    const sourceFile = program.getSourceFile(`/${filename}`)!;
    const findings = analyzeSourceFile(sourceFile, settings, typeOracleForChecker(program.getTypeChecker()));
    return { findings, lineCol: lineColIn(sourceFile) };
  }
  const sourceFile = parseSource(filename, testCase.code);
  const problem = parseProblemOf(sourceFile);
  if (problem) throw new Error(`test case does not parse: ${problem.message}`);
  return { findings: analyzeSourceFile(sourceFile, settings), lineCol: lineColIn(sourceFile) };
}

function lineColIn(sourceFile: import('ts-morph').ts.SourceFile) {
  return (offset: number) => {
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(offset);
    return { line: line + 1, column: character + 1 };
  };
}

function titleOf(testCase: ValidCase): string {
  if (testCase.name) return testCase.name;
  const line = testCase.code
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l && !l.startsWith('//') && !l.startsWith('import') && !l.startsWith('declare'));
  return (line ?? testCase.code.trim()).slice(0, 70);
}

function normalise(c: ValidCase | string): ValidCase {
  return typeof c === 'string' ? { code: c } : c;
}

export function describeRule(rule: Rule, table: RuleTable): void {
  const seen = new Set<string>();
  const key = (c: ValidCase) => JSON.stringify([c.code.trim(), c.filename ?? '', c.types ?? false, c.settings ?? {}]);
  const checkDuplicate = (c: ValidCase) => {
    const k = key(c);
    if (seen.has(k)) throw new Error(`${rule.meta.id}: duplicate test case: ${titleOf(c)}`);
    seen.add(k);
  };

  describe(rule.meta.id, () => {
    describe('valid', () => {
      for (const [reason, cases] of Object.entries(table.valid)) {
        describe(reason, () => {
          for (const raw of cases) {
            const testCase = normalise(raw);
            checkDuplicate(testCase);
            it(titleOf(testCase), () => {
              const { findings, lineCol } = runRule(rule, testCase);
              assert.deepEqual(
                findings.map((f) => `${f.messageId} at ${lineCol(f.range.start).line}:${lineCol(f.range.start).column}: ${f.message}`),
                [],
                'expected no findings',
              );
            });
          }
        });
      }
    });
    describe('invalid', () => {
      for (const [reason, cases] of Object.entries(table.invalid)) {
        describe(reason, () => {
          for (const testCase of cases) {
            checkDuplicate(testCase);
            if (testCase.errors.length === 0) throw new Error(`${rule.meta.id}: invalid case without errors: ${titleOf(testCase)}`);
            it(titleOf(testCase), () => {
              const { findings, lineCol } = runRule(rule, testCase);
              const actual = findings.map((f, i) => {
                const expected = testCase.errors[i];
                const start = lineCol(f.range.start);
                const end = lineCol(f.range.end);
                const got: ExpectedFinding = { messageId: f.messageId, line: start.line };
                if (expected?.column !== undefined) got.column = start.column;
                if (expected?.endLine !== undefined) got.endLine = end.line;
                if (expected?.endColumn !== undefined) got.endColumn = end.column;
                if (expected?.related !== undefined) got.related = f.related.length;
                if (expected?.severity !== undefined) got.severity = f.severity;
                return got;
              });
              assert.deepEqual(actual, testCase.errors);
              for (const f of findings) {
                assert.ok(f.message.length > 0 && !/\{\{/.test(f.message), `message has unfilled placeholders: ${f.message}`);
              }
            });
          }
        });
      }
    });
  });
}
