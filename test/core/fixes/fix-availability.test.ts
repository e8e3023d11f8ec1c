import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ts } from 'ts-morph';
import { analyzeSourceFile, parseProblemOf, parseSource } from '../../../src/core/engine';
import type { Finding } from '../../../src/core/finding';
import { ALL_FIXES, fixesFor, fixInfoFor, fixInfoOf, fixInputFor, type FixContext } from '../../../src/core/fixes';
import type { FixOutcome, ProjectFacts } from '../../../src/core/fixes/fix';
import { createInMemoryProject, mappedOracle, typeOracleForChecker } from '../../../src/core/project-host';
import type { TypeOracle } from '../../../src/core/rule';
import { loadGoldenCases, sourceDirOf } from '../../support/fix-golden';
import { findingAt } from './run-iterations-concurrently/iteration-fix-goldens';
import { REFUSALS } from './run-iterations-concurrently/refusal-cases';

/**
 * The CLI prints `fixable` / `notFixableReason` from `fixInfoFor`, which asks each fix's cheap
 * `available` (no edits built) and stops at the first fix that applies. This suite holds it to the
 * full answer — every fix's `create`, then `fixInfoOf` — on every finding the rules report on every
 * text the other suites use (golden inputs, rule tables, fix tables, the sample project), and holds
 * each `available` to its `create` on hand-made findings at every node of those texts, where the
 * refusals are.
 */

const repo = path.join(sourceDirOf(__dirname), '..', '..', '..');

interface Text {
  origin: string;
  fileName: string;
  text: string;
  types: boolean;
  project: ProjectFacts;
}

function facts(moduleFormat: 'cjs' | 'esm' = 'cjs', dependencies: readonly string[] = []): ProjectFacts {
  return { moduleFormat, dependencies: new Set(dependencies), fileExists: () => false };
}

/** Literal `code:` cases of a table-driven test file (with their literal `types` / `filename`), read from its source. */
function tableCases(file: string): Text[] {
  const source = parseSource(file, fs.readFileSync(file, 'utf8'));
  const out: Text[] = [];
  const literal = (e: ts.Expression | undefined): string | undefined =>
    e && (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) ? e.text : undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isObjectLiteralExpression(node)) {
      const props = new Map<string, ts.Expression>();
      for (const p of node.properties) if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name)) props.set(p.name.text, p.initializer);
      const code = literal(props.get('code'));
      if (code !== undefined) {
        const filename = literal(props.get('filename')) ?? 'case.ts';
        out.push({
          origin: `${path.relative(repo, file)}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`,
          fileName: `/project/src/${filename}`,
          text: code,
          types: props.get('types')?.kind === ts.SyntaxKind.TrueKeyword,
          project: facts(),
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

function testFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'goldens' && entry.name !== 'fixtures') found.push(...testFiles(full));
    else if (entry.isFile() && entry.name.endsWith('.ts')) found.push(full);
  }
  return found;
}

function goldenTexts(): Text[] {
  const fixesDir = path.join(repo, 'test', 'core', 'fixes');
  const out: Text[] = [];
  for (const fixDir of fs.readdirSync(fixesDir, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    for (const c of loadGoldenCases<{ moduleFormats?: Array<'cjs' | 'esm'> }>(path.join(fixesDir, fixDir.name, 'goldens'))) {
      out.push({
        origin: `goldens/${fixDir.name}/${c.name}`,
        fileName: path.join('/project/src', c.options.fileName ?? 'input.ts'),
        text: c.input,
        types: c.options.types ?? false,
        project: facts(c.options.moduleFormat ?? c.options.moduleFormats?.[0], c.options.dependencies),
      });
    }
  }
  return out;
}

function sampleTexts(): Text[] {
  const dir = path.join(repo, 'examples', 'sample-project', 'src');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => ({
    origin: `examples/sample-project/src/${f}`,
    fileName: path.join(dir, f),
    text: fs.readFileSync(path.join(dir, f), 'utf8'),
    types: false,
    project: facts('cjs', ['express']),
  }));
}

const texts: Text[] = [
  ...goldenTexts(),
  ...testFiles(path.join(repo, 'test', 'core', 'rules')).flatMap(tableCases),
  ...testFiles(path.join(repo, 'test', 'core', 'fixes')).flatMap(tableCases),
  ...REFUSALS.map((r) => ({ origin: `refusal: ${r.name}`, fileName: '/project/src/input.ts', text: r.code, types: false, project: facts() })),
  ...sampleTexts(),
];

/** Findings of every rule, and the type oracle a fix gets (through the position mapping, as in the CLI and the editor). */
function analyse(t: Text): { findings: Finding[]; types?: TypeOracle } {
  if (!t.types) return { findings: analyzeSourceFile(parseSource(t.fileName, t.text)) };
  const program = createInMemoryProject({ [t.fileName]: t.text }).getProgram().compilerObject;
  const programFile = program.getSourceFile(t.fileName)!;
  const findings = analyzeSourceFile(programFile, {}, typeOracleForChecker(program.getTypeChecker()));
  return { findings, types: mappedOracle(programFile, () => program.getTypeChecker(), t.text) };
}

function answerOf(outcome: FixOutcome): { ok: boolean; reason?: string } {
  return outcome.ok ? { ok: true } : { ok: false, reason: outcome.reason };
}

/** `create`, caught as fixesFor catches it. */
function created(fix: (typeof ALL_FIXES)[number], input: ReturnType<typeof fixInputFor>): { ok: boolean; reason?: string } {
  try {
    return answerOf(fix.create(input));
  } catch (error) {
    return { ok: false, reason: `internal error: ${(error as Error).message}` };
  }
}

function availableOf(fix: (typeof ALL_FIXES)[number], input: ReturnType<typeof fixInputFor>): { ok: boolean; reason?: string } {
  try {
    const a = fix.available!(input);
    return a.ok ? { ok: true } : { ok: false, reason: a.reason };
  } catch (error) {
    return { ok: false, reason: `internal error: ${(error as Error).message}` };
  }
}

describe('fix availability: the cheap answer equals the full one', () => {
  it('reads enough texts to mean something', () => {
    assert.ok(texts.length > 300, `only ${texts.length} texts`);
    assert.ok(ALL_FIXES.some((f) => f.available), 'some fix has a cheap availability check');
  });

  it('fixInfoFor = fixInfoOf(fixesFor) on every finding the rules report, and each fix\'s available = create', () => {
    let findings = 0;
    let fixable = 0;
    const reasons = new Set<string>();
    for (const t of texts) {
      if (parseProblemOf(parseSource(t.fileName, t.text))) continue;
      const { findings: found, types } = analyse(t);
      const sourceFile = parseSource(t.fileName, t.text);
      for (const finding of found) {
        findings++;
        const context: FixContext = { fileName: t.fileName, text: t.text, sourceFile, types, project: t.project };
        const full = fixInfoOf(fixesFor(finding, context));
        const cheap = fixInfoFor(finding, context);
        assert.deepEqual(cheap, full, `${t.origin}: ${finding.ruleId} at ${finding.range.start}`);
        if (full.fixable) fixable++;
        else if (full.reason) reasons.add(full.reason);
        const input = fixInputFor(finding, context);
        for (const fix of ALL_FIXES) {
          if (!fix.available || !fix.ruleIds.includes(finding.ruleId)) continue;
          assert.deepEqual(availableOf(fix, input), created(fix, input), `${t.origin}: ${fix.id} on ${finding.ruleId} at ${finding.range.start}`);
        }
      }
    }
    assert.ok(findings > 200 && fixable > 100 && reasons.size > 3, `${findings} findings, ${fixable} fixable, ${reasons.size} reasons: too few to compare`);
  });

  it('each iteration fix\'s available = create for an await-in-loop finding claimed at every node (refusals included)', () => {
    const iterationFixes = ALL_FIXES.filter((f) => f.available && f.ruleIds.includes('await-in-loop'));
    assert.ok(iterationFixes.length >= 2);
    let offered = 0;
    let refused = 0;
    for (const t of texts.filter((x) => /\bawait\b/.test(x.text) && /\b(for|while)\b/.test(x.text))) {
      const sourceFile = parseSource(t.fileName, t.text);
      if (parseProblemOf(sourceFile)) continue;
      const template = findingAt('await x', 'await x');
      const ranges: Array<[number, number]> = [];
      const visit = (node: ts.Node): void => {
        if (ts.isAwaitExpression(node)) ranges.push([node.getStart(sourceFile), node.end]);
        if (ts.isForOfStatement(node) || ts.isForInStatement(node) || ts.isForStatement(node) || ts.isWhileStatement(node)) ranges.push([node.getStart(sourceFile), node.end]);
        ts.forEachChild(node, visit);
      };
      visit(sourceFile);
      for (const [start, end] of ranges) {
        const finding: Finding = { ...template, range: { start, end } };
        const input = fixInputFor(finding, { fileName: t.fileName, text: t.text, sourceFile, project: t.project });
        for (const fix of iterationFixes) {
          const full = created(fix, input);
          assert.deepEqual(availableOf(fix, input), full, `${t.origin}: ${fix.id} at ${start}-${end}`);
          if (full.ok) offered++;
          else refused++;
        }
      }
    }
    assert.ok(offered > 50 && refused > 50, `${offered} offered, ${refused} refused: too few to compare`);
  });
});
