/**
 * What the explainer panel shows and the messages it exchanges with the extension. Pure data and
 * validators: imported by the extension (explainer-panel.ts) and by the panel's own script
 * (src/webview), so nothing here may import `vscode` or touch the DOM.
 */

export const EXPLAINER_VIEW_TYPE = 'workloadShape.explainer';

export interface ExplainerPosition {
  line: number;
  character: number;
}

/** Where the explainer was opened from: a finding in a document. Same shape as the worker protocol's Span. */
export interface ExplainerTarget {
  uri: string;
  ruleId: string;
  range: { start: ExplainerPosition; end: ExplainerPosition };
}

/**
 * What a stretch of a lane is doing. Waiting (I/O in flight, the thread free) and computing (a
 * thread busy) are the two shapes the whole panel is about; the rest show their consequences.
 */
export type SegmentKind = 'wait' | 'js' | 'cpu' | 'queued' | 'served' | 'overhead';

export interface TimelineSegment {
  /** Milliseconds from the start of the picture. */
  start: number;
  end: number;
  kind: SegmentKind;
  /** What happens, in words, for the text alternative and the step announcements. */
  text: string;
}

export interface TimelineLane {
  /** The lane's name: code (`getUser(id)`) or words (Main thread). */
  label: string;
  labelIsCode: boolean;
  /** A short role under the label: "await 1 of 2", "event loop", "arrives at 60 ms". */
  role: string;
  segments: TimelineSegment[];
  /** A location the panel may ask the extension to reveal (see ExplainerModel.locations). */
  locationId?: string;
}

export interface Timeline {
  heading: string;
  lanes: TimelineLane[];
  /** When the last lane finishes (ms). */
  total: number;
  /** One sentence with the total and why: "about 200 ms: the waits add up". */
  summary: string;
}

export interface CodeLine {
  text: string;
  /** Differs from the other side (removed on the left, added on the right). */
  changed: boolean;
  /** 1-based line number in the file (current side only). */
  line?: number;
}

export interface CodeComparison {
  fileLabel: string;
  currentCaption: string;
  fixedCaption: string;
  current: CodeLine[];
  fixed: CodeLine[];
  /** Edits of the same fix elsewhere in the file, and new files (a worker module). */
  otherChanges: Array<{ where: string; text: string }>;
}

export interface FixOffer {
  /** An opaque id valid for this render only; the extension keeps the fix itself. */
  id: string;
  title: string;
  /** What may behave differently, in words. */
  safetyLabel: string;
  behaviourNote?: string;
}

export type WorkloadShape = 'waiting' | 'computing';

/** Prose with code spans and emphasis, kept structured so code (which may hold backticks or markup) is never parsed. */
export type RichText = Array<string | { code: string } | { strong: string }>;

/** Which "what changes" list applies: Promise.all over awaits, a worker thread, an async API. */
export type CaveatTopic = 'promise-all' | 'worker' | 'async-api';

export interface Scenario {
  id: string;
  shape: WorkloadShape;
  heading: string;
  /** What this code does, in a sentence or two. */
  lead: RichText;
  before: Timeline;
  after: Timeline;
  /** The picture's point in a sentence or two. */
  takeaway: RichText;
  /** Said under the picture: the durations are made up. */
  durationsNote: string;
  code?: CodeComparison;
  fix?: FixOffer;
  /** Why no fix is offered, when none is. */
  noFixReason?: string;
  /** Location id of the finding, for "Go to code". */
  revealId?: string;
}

export interface ExplainerModel {
  mode: 'finding' | 'example';
  /** Page heading: the function's name when opened from a finding. */
  title: string;
  subtitle: string;
  ruleId?: string;
  functionName?: string;
  /** The diagnostic's message. */
  message?: string;
  /** Said above everything, e.g. that the finding is gone and the example is shown instead. */
  notice?: string;
  scenarios: Scenario[];
  /** Which "what changes" lists apply. */
  caveats: CaveatTopic[];
  /** Ids the panel may name in a reveal message, with a label for buttons. */
  locations: Array<{ id: string; label: string }>;
  /** Kept by the webview so the serializer can rebuild the panel after a reload. */
  target?: ExplainerTarget;
}

/** What the webview keeps with `setState` (and the serializer gets back after a reload). */
export interface ExplainerWebviewState {
  target?: ExplainerTarget;
  /** The render whose animation already played (no replay on every re-show). */
  playedRender?: string;
}

// ---------------------------------------------------------------------------------------------
// Messages. Every message the extension receives is untrusted input: parse, then check the ids
// against what this render sent.

export type WebviewToExtension =
  | { type: 'applyFix'; fixId: string }
  | { type: 'reveal'; locationId: string }
  | { type: 'refresh' };

export type ExtensionToWebview =
  | { type: 'fixResult'; fixId: string; outcome: 'applied' | 'stale' | 'failed'; text: string }
  | { type: 'documentChanged'; text: string };

const ID = /^[A-Za-z0-9_-]{1,64}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasOnlyKeys(value: Record<string, unknown>, keys: readonly string[]): boolean {
  return Object.keys(value).every((key) => keys.includes(key));
}

/** A message from the webview, or undefined when it is not exactly one of ours. */
export function parseWebviewMessage(raw: unknown): WebviewToExtension | undefined {
  if (!isRecord(raw)) return undefined;
  switch (raw.type) {
    case 'applyFix':
      return hasOnlyKeys(raw, ['type', 'fixId']) && typeof raw.fixId === 'string' && ID.test(raw.fixId) ? { type: 'applyFix', fixId: raw.fixId } : undefined;
    case 'reveal':
      return hasOnlyKeys(raw, ['type', 'locationId']) && typeof raw.locationId === 'string' && ID.test(raw.locationId)
        ? { type: 'reveal', locationId: raw.locationId }
        : undefined;
    case 'refresh':
      return hasOnlyKeys(raw, ['type']) ? { type: 'refresh' } : undefined;
    default:
      return undefined;
  }
}

/** A message from the extension (the webview checks too: it only ever talks to its own extension, but cheaply). */
export function parseExtensionMessage(raw: unknown): ExtensionToWebview | undefined {
  if (!isRecord(raw) || typeof raw.text !== 'string') return undefined;
  if (raw.type === 'documentChanged') return { type: 'documentChanged', text: raw.text };
  if (raw.type === 'fixResult' && typeof raw.fixId === 'string' && (raw.outcome === 'applied' || raw.outcome === 'stale' || raw.outcome === 'failed')) {
    return { type: 'fixResult', fixId: raw.fixId, outcome: raw.outcome, text: raw.text };
  }
  return undefined;
}

function isPosition(value: unknown): value is ExplainerPosition {
  return (
    isRecord(value) &&
    Number.isSafeInteger(value.line) &&
    Number.isSafeInteger(value.character) &&
    (value.line as number) >= 0 &&
    (value.character as number) >= 0
  );
}

const MAX_URI_LENGTH = 4096;

/**
 * A target from an untrusted source (command arguments, restored webview state): a string uri, a
 * rule id of the right form and a well-formed range; the caller still checks the rule id is ours.
 */
export function parseExplainerTarget(raw: unknown): ExplainerTarget | undefined {
  if (!isRecord(raw)) return undefined;
  const { uri, ruleId, range } = raw;
  if (typeof uri !== 'string' || uri.length === 0 || uri.length > MAX_URI_LENGTH) return undefined;
  if (typeof ruleId !== 'string' || !/^[a-z][a-z-]{0,63}$/.test(ruleId)) return undefined;
  if (!isRecord(range) || !isPosition(range.start) || !isPosition(range.end)) return undefined;
  const { start, end } = range;
  if (end.line < start.line || (end.line === start.line && end.character < start.character)) return undefined;
  return { uri, ruleId, range: { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } } };
}

export function parseWebviewState(raw: unknown): ExplainerWebviewState {
  if (!isRecord(raw)) return {};
  const state: ExplainerWebviewState = {};
  const target = parseExplainerTarget(raw.target);
  if (target) state.target = target;
  if (typeof raw.playedRender === 'string' && ID.test(raw.playedRender)) state.playedRender = raw.playedRender;
  return state;
}
