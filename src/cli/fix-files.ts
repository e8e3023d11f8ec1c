import * as fs from 'node:fs';
import * as path from 'node:path';
import { ts } from 'ts-morph';
import { analyzeTextKeepingTree, parseProblemOf, parseSource, type AnalysisSettings } from '../core/engine';
import type { TypeOracle } from '../core/rule';
import { fixesFor, preferredFix } from '../core/fixes';
import { applyTextEdits, type NewFile, type ProposedFix } from '../core/fixes/fix';
import { projectFactsFor } from '../core/project-facts';

export interface FileFixReport {
  file: string;
  applied: string[];
  created: string[];
  /** Set when the file was left untouched although fixes were found. */
  abandoned?: string;
}

const MAX_PASSES = 5;

/**
 * Apply the preferred fix of every fixable finding in one file. Overlapping fixes wait for the next
 * pass (the file is re-analysed in between). The file is written only if every pass produced code
 * that parses; new files are created only where nothing exists, and the original is replaced
 * atomically so an interrupted run never leaves half a file.
 */
/**
 * A fixed text, parsed once: its first syntax error, or else how many names it declares twice in one scope
 * (`Cannot redeclare block-scoped variable`, `Duplicate identifier`), which TypeScript's binder tells.
 */
function inspect(file: string, text: string): { problem: string | undefined; redeclared: number } {
  const sourceFile = parseSource(file, text);
  const problem = parseProblemOf(sourceFile);
  if (problem) return { problem: problem.message, redeclared: 0 };
  (ts as unknown as { bindSourceFile(file: ts.SourceFile, options: ts.CompilerOptions): void }).bindSourceFile(sourceFile, {});
  const diagnostics = (sourceFile as unknown as { bindDiagnostics?: readonly ts.Diagnostic[] }).bindDiagnostics ?? [];
  return { problem: undefined, redeclared: diagnostics.filter((d) => d.code === 2451 || d.code === 2300).length };
}

export function fixFile(file: string, settings: AnalysisSettings, typesFor?: (fileName: string, text: string) => TypeOracle | undefined): FileFixReport {
  const report: FileFixReport = { file, applied: [], created: [] };
  const original = fs.readFileSync(file, 'utf8');
  const project = projectFactsFor(file);
  const pending: NewFile[] = [];
  const taken = new Set<string>();
  const facts = { ...project, fileExists: (f: string) => taken.has(path.resolve(f)) || project.fileExists(f) };
  let text = original;
  /** Names declared twice in `text` (the original may have some): asked once a pass has fixes to weigh. */
  let redeclared: number | undefined;
  const unchanged = (reason: string): FileFixReport => ({ ...report, abandoned: reason, applied: [], created: [] });
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const sourceFile = parseSource(file, text);
    if (parseProblemOf(sourceFile)) break;
    // Type answers are only valid for the text on disk, i.e. the first pass.
    const types = pass === 0 ? typesFor?.(file, text) : undefined;
    // One parse for the analysis and the fixes (the fixes' ranges come from it).
    const result = analyzeTextKeepingTree(file, text, settings, types, sourceFile).result;
    const chosen: ProposedFix[] = [];
    let end = -1;
    for (const finding of result.findings) {
      const fix = preferredFix(fixesFor(finding, { fileName: file, text, sourceFile, types, project: facts }));
      if (!fix || fix.edits.length === 0) continue;
      const starts = Math.min(...fix.edits.map((e) => e.start));
      if (starts < end) continue; // overlaps an earlier fix: next pass
      end = Math.max(...fix.edits.map((e) => e.end));
      chosen.push(fix);
    }
    if (chosen.length === 0) break;
    let next: string;
    try {
      next = applyTextEdits(text, chosen.flatMap((f) => f.edits));
    } catch (error) {
      return unchanged(`fixes conflicted (${(error as Error).message})`);
    }
    let after = inspect(file, next);
    if (after.problem) return unchanged(`a fix produced code that does not parse (${after.problem}); file left unchanged`);
    redeclared ??= inspect(file, text).redeclared;
    // Each fix picks its new names (`concurrency2`) against this pass's text, not against the other fixes of the
    // pass: two in one scope may pick the same. Then only the first is applied now, and the rest are found again,
    // against a text that has its names, in the next pass.
    if (after.redeclared > redeclared && chosen.length > 1) {
      chosen.length = 1;
      next = applyTextEdits(text, chosen[0]!.edits);
      after = inspect(file, next);
      if (after.problem) return unchanged(`a fix produced code that does not parse (${after.problem}); file left unchanged`);
    }
    if (after.redeclared > redeclared) return unchanged('a fix declared a name twice in one scope; file left unchanged');
    redeclared = after.redeclared;
    for (const fix of chosen) {
      report.applied.push(fix.fixId);
      for (const newFile of fix.newFiles) {
        const absolute = path.resolve(path.dirname(file), newFile.fileName);
        taken.add(absolute);
        pending.push({ fileName: absolute, text: newFile.text });
      }
    }
    text = next;
  }
  if (text === original) return report;
  for (const newFile of pending) {
    if (fs.existsSync(newFile.fileName)) return unchanged(`would overwrite ${newFile.fileName}; file left unchanged`);
  }
  for (const newFile of pending) {
    fs.writeFileSync(newFile.fileName, newFile.text, { flag: 'wx' });
    report.created.push(newFile.fileName);
  }
  const temporary = `${file}.workload-shape-${process.pid}.tmp`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
  return report;
}
