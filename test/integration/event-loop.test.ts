// Does the extension keep the extension host responsive? The tests run on the extension host's own
// thread, so a timer here is late exactly when that thread is blocked — by us or by anybody else.
// Measured while the extension analyses a generated ~20k-line file with thousands of findings,
// while the user types in it, and while it analyses the whole workspace; an idle window first
// shows what this machine's scheduling alone costs. Figures go to the console (EVENT-LOOP: …)
// and to test-artifacts/event-loop.json.
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { WorkloadShapeApi } from '../../src/extension';
import { analysisOf, api, EXTENSION_ID, fixtureUri, keepFixturesUnsaved, ourDiagnostics, repoRoot, waitFor, writeArtifact } from './workspace-fixture';

/** Generous, so a loaded CI machine does not fail the run; the goal is ≤ 20 ms. */
const MAX_DELAY_MS = 250;
// Our own longest run on the host thread is reported from a CPU profile (goal ≤ 20 ms), not asserted:
// the profile cannot see where one turn of the event loop ends, so pages converted in consecutive turns
// and the garbage collection between them add up into one "run" (58 ms in one run whose event loop was
// never more than 25 ms late). What the user feels, the event loop's delay, is asserted.
const RESOLUTION_MS = 10;
const TICK_MS = 5;
const SAMPLING_US = 500;

interface Delay {
  /** Longest delay of a 10 ms timer beyond its due time (monitorEventLoopDelay), ms. */
  maxMs: number;
  p99Ms: number;
  meanMs: number;
  /** Longest gap between two runs of a 5 ms interval, beyond the 5 ms, ms. */
  maxTickGapMs: number;
  /** Share of the window the thread was busy (performance.eventLoopUtilization). */
  utilization: number;
  durationMs: number;
  /**
   * From a CPU profile of the host thread: the longest stretch of samples with our extension's
   * code on the stack (garbage collection inside it included), and all our samples. Counted in
   * samples, so time the OS took the thread away (a loaded machine) does not count as ours.
   */
  ownLongestSliceMs: number;
  ownCpuMs: number;
  /** The same for other extensions (VS Code's TypeScript support is the big one). */
  othersLongestSliceMs: number;
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { url: string; functionName: string }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

type Owner = 'ours' | 'others' | 'gc' | 'idle' | 'host';

/** Whose code each sample ran: ours (the extension's bundle), another extension's, GC, idle, VS Code. */
function attribute(profile: CpuProfile, ownPrefix: string): { ownLongestSliceMs: number; ownCpuMs: number; othersLongestSliceMs: number } {
  const owner = new Map<number, Owner>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const ownerOf = (id: number): Owner => {
    const known = owner.get(id);
    if (known) return known;
    const frame = byId.get(id)!.callFrame;
    let result: Owner;
    if (frame.functionName === '(idle)') result = 'idle';
    else if (frame.functionName === '(garbage collector)') result = 'gc';
    else if (frame.url.startsWith(ownPrefix)) result = 'ours';
    else if (/\/extensions\/[^/]+\/(dist|out)\//.test(frame.url)) result = 'others';
    else {
      const up = parent.get(id);
      result = up === undefined ? 'host' : ownerOf(up);
      if (result === 'idle' || result === 'gc') result = 'host';
    }
    owner.set(id, result);
    return result;
  };
  // A sample's delta includes time the thread was descheduled: count at most two intervals.
  const cap = (2 * SAMPLING_US) / 1000;
  let own = 0;
  let ownRun = 0;
  let ownLongest = 0;
  let othersRun = 0;
  let othersLongest = 0;
  let last: Owner = 'idle';
  profile.samples.forEach((id, i) => {
    const ms = Math.min(cap, (profile.timeDeltas[i] ?? 0) / 1000);
    // Garbage collection belongs to the run it interrupts.
    const who = ownerOf(id) === 'gc' ? last : ownerOf(id);
    if (who === 'ours') {
      own += ms;
      ownRun += ms;
      ownLongest = Math.max(ownLongest, ownRun);
    } else if (ownerOf(id) !== 'gc') ownRun = 0;
    if (who === 'others') {
      othersRun += ms;
      othersLongest = Math.max(othersLongest, othersRun);
    } else if (ownerOf(id) !== 'gc') othersRun = 0;
    last = who;
  });
  return { ownLongestSliceMs: round(ownLongest), ownCpuMs: Math.round(own), othersLongestSliceMs: round(othersLongest) };
}

/**
 * Records event-loop delay on this thread between start and stop, and a CPU profile to tell our
 * share from everybody else's. With WORKLOAD_SHAPE_PROFILE_HOST=1 the profiles are kept in
 * test-artifacts/host-<phase>.cpuprofile (open them in Chrome DevTools or VS Code).
 */
class EventLoopProbe {
  private readonly histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  private readonly session = new Session();
  private timer: NodeJS.Timeout | undefined;
  private last = 0;
  private maxGap = 0;
  private started = 0;
  private utilization = performance.eventLoopUtilization();

  constructor(private readonly ownPrefix: string) {}

  async start(): Promise<void> {
    this.session.connect();
    await this.post('Profiler.enable');
    await this.post('Profiler.setSamplingInterval', { interval: SAMPLING_US });
    await this.post('Profiler.start');
    this.histogram.reset();
    this.histogram.enable();
    this.maxGap = 0;
    this.started = this.last = performance.now();
    this.utilization = performance.eventLoopUtilization();
    this.timer = setInterval(() => {
      const now = performance.now();
      this.maxGap = Math.max(this.maxGap, now - this.last - TICK_MS);
      this.last = now;
    }, TICK_MS);
  }

  async stop(phase: string): Promise<Delay> {
    clearInterval(this.timer);
    this.histogram.disable();
    const utilization = performance.eventLoopUtilization(this.utilization).utilization;
    const durationMs = Math.round(performance.now() - this.started);
    // Stopping the profiler serializes the profile on this thread; the measurement is over by then.
    const { profile } = (await this.post('Profiler.stop')) as { profile: CpuProfile };
    this.session.disconnect();
    if (process.env.WORKLOAD_SHAPE_PROFILE_HOST === '1') writeFileSync(join(repoRoot, 'test-artifacts', `host-${phase}.cpuprofile`), JSON.stringify(profile));
    // The histogram records the whole interval between timer runs (at least the resolution).
    const ms = (ns: number) => Math.max(0, round(ns / 1e6 - RESOLUTION_MS));
    return {
      maxMs: ms(this.histogram.max),
      p99Ms: ms(this.histogram.percentile(99)),
      meanMs: ms(this.histogram.mean),
      maxTickGapMs: round(Math.max(0, this.maxGap)),
      utilization: round(utilization, 3),
      durationMs,
      ...attribute(profile, this.ownPrefix),
    };
  }

  private post(method: string, params: object = {}): Promise<unknown> {
    return new Promise((resolve, reject) => this.session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  }
}

function assertResponsive(delay: Delay): void {
  assert.ok(delay.maxMs < MAX_DELAY_MS, `event loop blocked for ${delay.maxMs} ms (our longest run ${delay.ownLongestSliceMs} ms, other extensions' ${delay.othersLongestSliceMs} ms)`);
}

function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** One block with a finding of every rule; BLOCK_LINES lines. */
function block(i: number): string {
  return `export async function handler${i}(id: string): Promise<number> {
  const base = await fetchBase(id);
  const names = await fetchNames(id);
  for (const name of names) {
    await save(name);
  }
  let acc = 0;
  for (let k = 0; k < 100_000; k++) {
    acc += (k * ${i}) % 7;
  }
  const raw = readFileSync(id, 'utf8');
  return base + acc + raw.length;
}

`;
}
const BLOCK_LINES = 14;
const FINDINGS_PER_BLOCK = 4;
const HEADER = `// Generated by test/integration/event-loop.test.ts; removed after the test.
import { readFileSync } from 'node:fs';

declare function fetchBase(id: string): Promise<number>;
declare function fetchNames(id: string): Promise<string[]>;
declare function save(name: string): Promise<void>;

`;

function generatedSource(blocks: number, from = 0): string {
  let text = HEADER;
  for (let i = from; i < from + blocks; i++) text += block(i);
  return text;
}

/**
 * Editor features through which VS Code's own TypeScript support re-reads the whole 20k-line file
 * on every keystroke (outline for breadcrumbs and sticky scroll, folding, semantic tokens, its
 * diagnostics): 40–110 ms slices of other extensions' code on the host thread in our profiles.
 * Off while we measure ourselves; the floor phase shows them at their defaults.
 */
const QUIET_EDITOR: Record<string, unknown> = {
  'breadcrumbs.enabled': false,
  'editor.stickyScroll.enabled': false,
  'editor.folding': false,
  'editor.semanticHighlighting.enabled': false,
  'typescript.validate.enable': false,
};

async function setGlobal(settings: Record<string, unknown>, restore = false): Promise<void> {
  for (const [key, value] of Object.entries(settings)) {
    await vscode.workspace.getConfiguration().update(key, restore ? undefined : value, vscode.ConfigurationTarget.Global);
  }
}

const LARGE_BLOCKS = 1430; // ≈ 20,000 lines, 5,720 findings
const WORKSPACE_FILES = 120;
const BLOCKS_PER_FILE = 12; // ≈ 170 lines, 48 findings each

describe('event loop of the extension host', function () {
  this.timeout(240_000);
  const generated = fixtureUri('src/generated');
  const large = fixtureUri('src/generated/large.ts');
  const figures: Record<string, Delay> = {};
  const facts: Record<string, number> = {};
  let workloadShape: WorkloadShapeApi;
  let document: vscode.TextDocument | undefined;
  let ownPrefix = '';

  before(async () => {
    workloadShape = await api();
    await keepFixturesUnsaved();
    ownPrefix = pathToFileURL(join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist')).href + '/';
    rmSync(generated.fsPath, { recursive: true, force: true });
    mkdirSync(generated.fsPath, { recursive: true });
    const largeText = generatedSource(LARGE_BLOCKS);
    writeFileSync(large.fsPath, largeText);
    for (let f = 0; f < WORKSPACE_FILES; f++) {
      writeFileSync(vscode.Uri.joinPath(generated, `module-${String(f).padStart(3, '0')}.ts`).fsPath, generatedSource(BLOCKS_PER_FILE, f * BLOCKS_PER_FILE));
    }
    facts.largeFileLines = largeText.split('\n').length;
    facts.workspaceGeneratedLines = WORKSPACE_FILES * (HEADER.split('\n').length + BLOCKS_PER_FILE * BLOCK_LINES);
  });

  after(async () => {
    if (document?.isDirty) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('workloadShape').update('enable', undefined, vscode.ConfigurationTarget.Global);
    await setGlobal(QUIET_EDITOR, true);
    rmSync(generated.fsPath, { recursive: true, force: true });
    // The workspace analysis left diagnostics on files nobody opened; later tests start without them.
    const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
    const analysedOnly: vscode.Uri[] = [];
    workloadShape.collection.forEach((uri) => {
      if (!open.has(uri.toString()) || uri.fsPath.startsWith(generated.fsPath)) analysedOnly.push(uri);
    });
    for (const uri of analysedOnly) workloadShape.collection.delete(uri);
    const path = writeArtifact('event-loop.json', { unit: 'ms', ...figures, facts });
    const line = (name: string) => {
      const d = figures[name];
      return d
        ? `${name} max ${d.maxMs} ms / p99 ${d.p99Ms} ms (ours: longest ${d.ownLongestSliceMs} ms, total ${d.ownCpuMs} ms; other extensions' longest ${d.othersLongestSliceMs} ms)`
        : `${name} not measured`;
    };
    console.log(`EVENT-LOOP: ${['idle', 'vscodeOpensLargeFile', 'largeFile', 'typingInLargeFile', 'workspaceAnalysis'].map(line).join('; ')} → ${path}`);
  });

  it('idle: what the machine alone costs', async () => {
    const probe = new EventLoopProbe(ownPrefix);
    await probe.start();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    figures.idle = await probe.stop('idle');
  });

  it('VS Code opening the large file (extension disabled, its TypeScript support on): the floor', async () => {
    await vscode.workspace.getConfiguration('workloadShape').update('enable', false, vscode.ConfigurationTarget.Global);
    const probe = new EventLoopProbe(ownPrefix);
    await probe.start();
    document = await vscode.workspace.openTextDocument(large);
    await vscode.window.showTextDocument(document, { preview: false });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    figures.vscodeOpensLargeFile = await probe.stop('vscodeOpensLargeFile');
    assert.deepEqual(ourDiagnostics(large), []);
  });

  it('analysing the large file keeps the event loop free', async () => {
    assert.ok(document);
    await setGlobal(QUIET_EDITOR);
    const probe = new EventLoopProbe(ownPrefix);
    await probe.start();
    const started = performance.now();
    const analysed = analysisOf(workloadShape, document, 120_000);
    await vscode.workspace.getConfiguration('workloadShape').update('enable', undefined, vscode.ConfigurationTarget.Global);
    const { count, total } = await analysed;
    const delay = (figures.largeFile = await probe.stop('largeFile'));
    facts.largeFileFindings = total;
    facts.largeFileFirstAnalysisMs = Math.round(performance.now() - started);
    assert.equal(total, LARGE_BLOCKS * FINDINGS_PER_BLOCK);
    // VS Code shows at most 1,000 diagnostics per file: 999 findings and a notice of the rest.
    assert.equal(count, 1000);
    assert.equal(ourDiagnostics(large).length, 1000);
    assertResponsive(delay);
  });

  it('typing in the large file keeps the event loop free', async () => {
    assert.ok(document);
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    // Type `// ok` at the end of a line in the middle of the file, one keystroke at a time.
    const line = Math.floor(document.lineCount / 2);
    const probe = new EventLoopProbe(ownPrefix);
    await probe.start();
    const started = performance.now();
    for (const character of ' // ok') {
      await editor.edit((b) => b.insert(document!.lineAt(line).range.end, character));
    }
    const { total } = await analysisOf(workloadShape, document, 120_000);
    const delay = (figures.typingInLargeFile = await probe.stop('typingInLargeFile'));
    facts.largeFileReanalysisAfterTypingMs = Math.round(performance.now() - started);
    assert.equal(total, LARGE_BLOCKS * FINDINGS_PER_BLOCK);
    assertResponsive(delay);
  });

  it('analysing the whole workspace keeps the event loop free', async () => {
    const probe = new EventLoopProbe(ownPrefix);
    await probe.start();
    const started = performance.now();
    const result = await vscode.commands.executeCommand<{ files: number; findings: number; cancelled: boolean }>('workloadShape.analyseWorkspace');
    const delay = (figures.workspaceAnalysis = await probe.stop('workspaceAnalysis'));
    facts.workspaceFiles = result.files;
    facts.workspaceFindings = result.findings;
    facts.workspaceAnalysisMs = Math.round(performance.now() - started);
    assert.equal(result.cancelled, false);
    assert.ok(result.files >= WORKSPACE_FILES + 1, `files analysed: ${result.files}`);
    // The large file is open: its live diagnostics stand, the others come from this analysis.
    assert.ok(result.findings >= WORKSPACE_FILES * BLOCKS_PER_FILE * FINDINGS_PER_BLOCK, `findings: ${result.findings}`);
    const sample = vscode.Uri.joinPath(generated, 'module-007.ts');
    await waitFor(() => ourDiagnostics(sample).length === BLOCKS_PER_FILE * FINDINGS_PER_BLOCK, 'the diagnostics of a generated module');
    assertResponsive(delay);
  });
});
