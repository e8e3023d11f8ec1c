import type { RuleId, Severity, SeveritySetting } from '../finding';
import type { FixSafety } from '../fixes/fix';
import type { LoopCostThresholds } from '../rule';

/**
 * The typed, discriminated protocol between the extension host and the analysis worker.
 * Positions are VS Code-shaped (0-based line, UTF-16 character) so the host only copies numbers.
 */

export interface Position {
  line: number;
  character: number;
}

export interface Span {
  start: Position;
  end: Position;
}

export interface EditorFinding {
  ruleId: RuleId;
  messageId: string;
  message: string;
  severity: Severity;
  span: Span;
  related: Array<{ span: Span; message: string }>;
  data: Record<string, string | number>;
}

export interface EditorSettings {
  severities: Partial<Record<RuleId, SeveritySetting>>;
  loopCost: LoopCostThresholds;
  useTypes: boolean;
}

export interface ContentChange {
  rangeOffset: number;
  rangeLength: number;
  text: string;
}

export interface EditorFileEdit {
  /** The file the edit applies to (the analysed document, or a new file to create). */
  fileName: string;
  create: boolean;
  edits: Array<{ span: Span; newText: string }>;
  /** For new files: the whole text. */
  text?: string;
}

export interface EditorFix {
  fixId: string;
  title: string;
  safety: FixSafety;
  behaviourNote?: string;
  preferred: boolean;
  files: EditorFileEdit[];
}

export type Request =
  | { kind: 'open'; id: number; uri: string; fileName: string; version: number; text: string }
  | { kind: 'change'; id: number; uri: string; version: number; changes: ContentChange[] }
  | { kind: 'close'; id: number; uri: string }
  | { kind: 'analyze'; id: number; uri: string; version: number; settings: EditorSettings }
  /** Like analyze, answered with findings in pages (see finding-pages.ts): for publishing diagnostics. */
  | { kind: 'diagnose'; id: number; uri: string; version: number; settings: EditorSettings }
  | { kind: 'fixes'; id: number; uri: string; version: number; settings: EditorSettings; span: Span; ruleId: RuleId }
  | { kind: 'analyzeFiles'; id: number; files: string[]; settings: EditorSettings }
  | { kind: 'cancel'; id: number; target: number };

export type Response =
  | { kind: 'ok'; id: number }
  | { kind: 'analysis'; id: number; uri: string; version: number; findings: EditorFinding[]; parseProblem?: string; ms: number; usedTypes: boolean }
  | { kind: 'fixes'; id: number; uri: string; version: number; fixes: EditorFix[]; refused: Array<{ fixId: string; reason: string }> }
  | { kind: 'diagnosis'; id: number; uri: string; version: number; pages: string[]; total: number; parseProblem?: string; ms: number; usedTypes: boolean }
  | { kind: 'files'; id: number; results: Array<{ fileName: string; pages: string[]; total: number; problem?: string }> }
  | { kind: 'stale'; id: number }
  | { kind: 'cancelled'; id: number }
  | { kind: 'error'; id: number; message: string };

export type RequestWithoutId = Request extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;
