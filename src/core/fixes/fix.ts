import type { ts } from 'ts-morph';
import type { Finding, RuleId } from '../finding';
import type { TypeOracle } from '../rule';
import type { ScopeIndex } from '../scope';

/**
 * Fixes transform; rules detect. A fix takes a finding and the file it was found in and returns
 * text edits (never a mutated tree) plus any new files, or the reason it cannot be done safely.
 */

export interface TextEdit {
  /** 0-based offsets into the original text. */
  start: number;
  end: number;
  newText: string;
}

export interface NewFile {
  /** Absolute path (or, in tests, a path relative to the fixed file's folder). Never overwrites. */
  fileName: string;
  text: string;
}

/** What the fix changes about behaviour, if anything; fixes that change it are never applied by "fix all on save". */
export type FixSafety = 'preserves-behaviour' | 'changes-timing' | 'changes-error-order';

export interface ProposedFix {
  fixId: string;
  title: string;
  safety: FixSafety;
  /** Plain-language note on what may behave differently (shown in docs/tooltips/CLI output). */
  behaviourNote?: string;
  /** The fix to prefer when several apply to the same finding. */
  preferred: boolean;
  edits: TextEdit[];
  newFiles: NewFile[];
}

export type FixOutcome = { ok: true; fix: ProposedFix } | { ok: false; fixId: string; reason: string };

/** Facts about the project the fixed file lives in. */
export interface ProjectFacts {
  /** 'esm' when package.json has "type": "module" or the file is .mts (and tsconfig module is node16/nodenext/esnext), else 'cjs'. */
  moduleFormat: 'esm' | 'cjs';
  /** Names of dependencies in the nearest package.json (dependencies + devDependencies). */
  dependencies: ReadonlySet<string>;
  /** Does a file exist (for new worker modules: never overwrite)? */
  fileExists(fileName: string): boolean;
}

export interface FixInput {
  finding: Finding;
  fileName: string;
  text: string;
  sourceFile: ts.SourceFile;
  scopes: ScopeIndex;
  types: TypeOracle | undefined;
  project: ProjectFacts;
}

/** Whether a fix can be made, and if not why: exactly what `create` would answer, without its edits. */
export type FixAvailability = { ok: true } | { ok: false; reason: string };

export interface Fix {
  id: string;
  /** The rules whose findings this fix handles. */
  ruleIds: readonly RuleId[];
  /** Cheap availability + the edits; must never throw for bad input (return ok:false with a reason). */
  create(input: FixInput): FixOutcome;
  /**
   * Optional: the same answer as `create` (ok, or the same reason) without building any text, for
   * reports that only say whether a finding is fixable. Absent: `create` is asked instead.
   * test/core/fixes/fix-availability.test.ts holds every fix's `available` to `create`.
   */
  available?(input: FixInput): FixAvailability;
}

/** Apply non-overlapping edits to a text. Throws if edits overlap (a fix bug, never silently lost code). */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.start < cursor) throw new Error(`overlapping edits at offset ${edit.start}`);
    out += text.slice(cursor, edit.start) + edit.newText;
    cursor = edit.end;
  }
  return out + text.slice(cursor);
}

/** The file's formatting habits, so generated code looks like its neighbours. */
export interface CodeStyle {
  newline: '\n' | '\r\n';
  indentUnit: string;
  quote: "'" | '"';
  semicolons: boolean;
}

let lastStyle: { text: string; style: CodeStyle } | undefined;

/** Memoised for the last text: a file with many findings asks once per finding. */
export function detectCodeStyle(text: string): CodeStyle {
  if (lastStyle?.text !== text) lastStyle = { text, style: computeCodeStyle(text) };
  return lastStyle.style;
}

function computeCodeStyle(text: string): CodeStyle {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/(?<!\r)\n/g) ?? []).length;
  const newline = crlf > lf ? '\r\n' : '\n';
  // JSDoc continuation lines (" * …") are indented by one space past their block: not an indent unit.
  const indents = (text.match(/^[ \t]+(?=[^\s*])/gm) ?? []);
  let indentUnit = '  ';
  if (indents.filter((i) => i.startsWith('\t')).length > indents.length / 2) indentUnit = '\t';
  else {
    const widths = indents.map((i) => i.length).filter((n) => n > 0);
    const smallest = widths.length ? Math.min(...widths) : 2;
    indentUnit = ' '.repeat(smallest >= 2 && smallest <= 8 ? smallest : 2);
  }
  const singles = (text.match(/'[^'\n]*'/g) ?? []).length;
  const doubles = (text.match(/"[^"\n]*"/g) ?? []).length;
  const statementsEnds = text.match(/[^\s{}(,;]\s*$/gm)?.length ?? 0;
  const semis = (text.match(/;\s*$/gm) ?? []).length;
  return { newline, indentUnit, quote: doubles > singles ? '"' : "'", semicolons: semis >= statementsEnds / 3 || semis > 0 };
}
