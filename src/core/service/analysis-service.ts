import { ts } from 'ts-morph';
import { analyzeSourceFile, parseProblemOf, parseSource, type AnalysisSettings } from '../engine';
import { analyzeFileOnDisk } from '../file-analysis';
import type { Finding, TextRange } from '../finding';
import { lineIndex } from '../line-index';
import { fixesFor } from '../fixes';
import { projectFactsFor } from '../project-facts';
import type { ContentChange, EditorFinding, EditorFix, EditorSettings, Span } from './protocol';
import { TypeServices } from './type-services';

/**
 * The editor's analysis state, kept inside the analysis worker: one source file per open document,
 * updated incrementally (`ts.updateSourceFile`) so a keystroke in a large file costs a re-parse of
 * the changed region, not of the file.
 */
interface OpenDocument {
  fileName: string;
  version: number;
  text: string;
  sourceFile: ts.SourceFile;
  /** The findings of the last analysis of this version, for code actions. */
  lastFindings?: { version: number; findings: Finding[] };
}

function toSettings(settings: EditorSettings): AnalysisSettings {
  return { severities: settings.severities, loopCost: settings.loopCost };
}

/** Anything that maps offsets to lines: a SourceFile, or a bare line index for text we did not keep. */
interface LineMap {
  getLineAndCharacterOfPosition(position: number): { line: number; character: number };
}

function lineMapOf(text: string): LineMap {
  return { getLineAndCharacterOfPosition: lineIndex(text) };
}

export function spanOf(sourceFile: LineMap, range: TextRange): Span {
  const start = sourceFile.getLineAndCharacterOfPosition(range.start);
  const end = sourceFile.getLineAndCharacterOfPosition(range.end);
  return { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } };
}

export function toEditorFinding(sourceFile: LineMap, finding: Finding): EditorFinding {
  return {
    ruleId: finding.ruleId,
    messageId: finding.messageId,
    message: finding.message,
    severity: finding.severity,
    span: spanOf(sourceFile, finding.range),
    related: finding.related.map((r) => ({ span: spanOf(sourceFile, r.range), message: r.message })),
    data: finding.data,
  };
}

function sameSpan(a: Span, b: Span): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

export class AnalysisService {
  private readonly documents = new Map<string, OpenDocument>();
  private readonly types = new TypeServices();

  open(uri: string, fileName: string, version: number, text: string): void {
    const sourceFile = parseSource(fileName, text);
    this.documents.set(uri, { fileName, version, text, sourceFile });
    this.types.setOverlay(fileName, version, text);
  }

  /** Apply VS Code content changes (in order) and re-parse incrementally. Returns false if the document is unknown. */
  change(uri: string, version: number, changes: readonly ContentChange[]): boolean {
    const doc = this.documents.get(uri);
    if (!doc) return false;
    let { text, sourceFile } = doc;
    for (const change of changes) {
      const newText = text.slice(0, change.rangeOffset) + change.text + text.slice(change.rangeOffset + change.rangeLength);
      const range = ts.createTextChangeRange(ts.createTextSpan(change.rangeOffset, change.rangeLength), change.text.length);
      sourceFile = ts.updateSourceFile(sourceFile, newText, range);
      text = newText;
    }
    doc.text = text;
    doc.sourceFile = sourceFile;
    doc.version = version;
    doc.lastFindings = undefined;
    this.types.setOverlay(doc.fileName, version, text);
    return true;
  }

  close(uri: string): void {
    const doc = this.documents.get(uri);
    if (doc) this.types.removeOverlay(doc.fileName);
    this.documents.delete(uri);
  }

  versionOf(uri: string): number | undefined {
    return this.documents.get(uri)?.version;
  }

  analyze(uri: string, settings: EditorSettings): { findings: EditorFinding[]; parseProblem?: string; usedTypes: boolean } | undefined {
    const doc = this.documents.get(uri);
    if (!doc) return undefined;
    const problem = parseProblemOf(doc.sourceFile);
    if (problem) {
      // While the user is mid-edit the file often does not parse: keep quiet rather than guess.
      doc.lastFindings = { version: doc.version, findings: [] };
      return { findings: [], parseProblem: problem.message, usedTypes: false };
    }
    const oracle = settings.useTypes ? this.types.oracleFor(doc.fileName, doc.text) : undefined;
    const findings = analyzeSourceFile(doc.sourceFile, toSettings(settings), oracle);
    doc.lastFindings = { version: doc.version, findings };
    return { findings: findings.map((f) => toEditorFinding(doc.sourceFile, f)), usedTypes: oracle !== undefined };
  }

  /** Fixes for the finding of `ruleId` at `span` in the current version of a document. */
  fixes(uri: string, settings: EditorSettings, span: Span, ruleId: string): { fixes: EditorFix[]; refused: Array<{ fixId: string; reason: string }> } | undefined {
    const doc = this.documents.get(uri);
    if (!doc) return undefined;
    if (!doc.lastFindings || doc.lastFindings.version !== doc.version) this.analyze(uri, settings);
    const finding = doc.lastFindings?.findings.find((f) => f.ruleId === ruleId && sameSpan(spanOf(doc.sourceFile, f.range), span));
    if (!finding) return { fixes: [], refused: [] };
    const oracle = settings.useTypes ? this.types.oracleFor(doc.fileName, doc.text) : undefined;
    const outcomes = fixesFor(finding, { fileName: doc.fileName, text: doc.text, sourceFile: doc.sourceFile, types: oracle, project: projectFactsFor(doc.fileName) });
    const fixes: EditorFix[] = [];
    const refused: Array<{ fixId: string; reason: string }> = [];
    for (const outcome of outcomes) {
      if (!outcome.ok) {
        refused.push({ fixId: outcome.fixId, reason: outcome.reason });
        continue;
      }
      const fix = outcome.fix;
      fixes.push({
        fixId: fix.fixId,
        title: fix.title,
        safety: fix.safety,
        behaviourNote: fix.behaviourNote,
        preferred: fix.preferred,
        files: [
          { fileName: doc.fileName, create: false, edits: fix.edits.map((e) => ({ span: spanOf(doc.sourceFile, e), newText: e.newText })) },
          ...fix.newFiles.map((n) => ({ fileName: n.fileName, create: true, edits: [], text: n.text })),
        ],
      });
    }
    return { fixes, refused };
  }

  /** Analyse files from disk (whole-workspace analysis); open documents use their editor text. */
  analyzeFiles(files: readonly string[], settings: EditorSettings): Array<{ fileName: string; findings: EditorFinding[]; problem?: string }> {
    const results: Array<{ fileName: string; findings: EditorFinding[]; problem?: string }> = [];
    const openByFile = new Map([...this.documents.values()].map((d) => [d.fileName, d]));
    for (const fileName of files) {
      const open = openByFile.get(fileName);
      if (open) {
        const findings = parseProblemOf(open.sourceFile) ? [] : analyzeSourceFile(open.sourceFile, toSettings(settings));
        results.push({ fileName, findings: findings.map((f) => toEditorFinding(open.sourceFile, f)) });
        continue;
      }
      const outcome = analyzeFileOnDisk(fileName, toSettings(settings), settings.useTypes ? (f, t) => this.types.oracleFor(f, t) : undefined);
      if (outcome.kind === 'unreadable') {
        results.push({ fileName, findings: [], problem: outcome.problem.reason });
        continue;
      }
      if (outcome.result.parseProblem) {
        results.push({ fileName, findings: [], problem: outcome.result.parseProblem.message });
        continue;
      }
      const lines = lineMapOf(outcome.text);
      results.push({ fileName, findings: outcome.result.findings.map((f) => toEditorFinding(lines, f)) });
    }
    return results;
  }
}
