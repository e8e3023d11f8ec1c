import * as fs from 'node:fs';
import * as path from 'node:path';
import { ts } from 'ts-morph';
import { analyzeText, parseProblemOf, parseSource, type AnalysisSettings } from '../core/engine';
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
/** How many names are declared twice in one scope (`Cannot redeclare block-scoped variable`, `Duplicate identifier`): TypeScript's binder tells. */
function redeclarations(file: string, text: string): number {
  const sourceFile = parseSource(file, text);
  (ts as unknown as { bindSourceFile(file: ts.SourceFile, options: ts.CompilerOptions): void }).bindSourceFile(sourceFile, {});
  const diagnostics = (sourceFile as unknown as { bindDiagnostics?: readonly ts.Diagnostic[] }).bindDiagnostics ?? [];
  return diagnostics.filter((d) => d.code === 2451 || d.code === 2300).length;
}

export function fixFile(file: string, settings: AnalysisSettings, typesFor?: (fileName: string, text: string) => TypeOracle | undefined): FileFixReport {
  const report: FileFixReport = { file, applied: [], created: [] };
  const original = fs.readFileSync(file, 'utf8');
  const project = projectFactsFor(file);
  const pending: NewFile[] = [];
  const taken = new Set<string>();
  const facts = { ...project, fileExists: (f: string) => taken.has(path.resolve(f)) || project.fileExists(f) };
  let text = original;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const sourceFile = parseSource(file, text);
    if (parseProblemOf(sourceFile)) break;
    // Type answers are only valid for the text on disk, i.e. the first pass.
    const types = pass === 0 ? typesFor?.(file, text) : undefined;
    const result = analyzeText(file, text, settings, types);
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
      report.abandoned = `fixes conflicted (${(error as Error).message})`;
      return { ...report, applied: [], created: [] };
    }
    const problem = parseProblemOf(parseSource(file, next));
    if (problem) {
      report.abandoned = `a fix produced code that does not parse (${problem.message}); file left unchanged`;
      return { ...report, applied: [], created: [] };
    }
    // Each fix picks its new names (`concurrency2`) against this pass's text, not against the other fixes of the
    // pass: two in one scope may pick the same. Then only the first is applied now, and the rest are found again,
    // against a text that has its names, in the next pass.
    if (redeclarations(file, next) > redeclarations(file, text)) {
      if (chosen.length === 1) {
        report.abandoned = `a fix declared a name twice in one scope; file left unchanged`;
        return { ...report, applied: [], created: [] };
      }
      chosen.length = 1;
      next = applyTextEdits(text, chosen[0]!.edits);
      const alone = parseProblemOf(parseSource(file, next));
      if (alone) {
        report.abandoned = `a fix produced code that does not parse (${alone.message}); file left unchanged`;
        return { ...report, applied: [], created: [] };
      }
    }
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
    if (fs.existsSync(newFile.fileName)) {
      report.abandoned = `would overwrite ${newFile.fileName}; file left unchanged`;
      return { ...report, applied: [], created: [] };
    }
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
