import type { Timeline, TimelineLane, TimelineSegment } from './explainer-protocol';

/**
 * The pictures: lanes over time, before and after the fix. We never know how long the user's calls
 * take, so the durations are made up (and the panel says so); what the pictures get right is the
 * shape: waits that add up versus waits that overlap, a thread that is busy versus one that is free.
 */

/** Made-up durations of I/O waits (ms), varied so that the sum and the maximum differ visibly. */
const WAIT_MS = [120, 80, 150, 60, 100, 90, 130, 70];
/** JavaScript between awaits: starting a call, resuming after one (ms). Small next to the waits. */
const TICK_MS = 4;

export interface LaneSubject {
  /** Code as written (`getUser(id)`), or words. */
  label: string;
  locationId?: string;
}

function waitOf(index: number): number {
  return WAIT_MS[index % WAIT_MS.length]!;
}

function segment(start: number, end: number, kind: TimelineSegment['kind'], text: string): TimelineSegment {
  return { start, end, kind, text };
}

function threadLane(segments: TimelineSegment[]): TimelineLane {
  return { label: 'JavaScript thread', labelIsCode: false, role: 'the event loop: one thread', segments };
}

function plus(values: number[]): string {
  return values.map((v) => `${v}`).join(' + ');
}

/** Independent awaits of one function: end to end (sum), then together with Promise.all (max). */
export function sequentialAwaitTimelines(calls: readonly LaneSubject[], functionName: string): { before: Timeline; after: Timeline } {
  const n = calls.length;
  const waits = calls.map((_, i) => waitOf(i));

  const beforeThread: TimelineSegment[] = [];
  const beforeLanes: TimelineLane[] = [];
  let t = 0;
  calls.forEach((call, i) => {
    beforeThread.push(segment(t, t + TICK_MS, 'js', i === 0 ? `runs ${functionName} up to the first await and starts ${call.label}` : `resumes and starts ${call.label}`));
    t += TICK_MS;
    beforeLanes.push({
      label: call.label,
      labelIsCode: true,
      role: `await ${i + 1} of ${n}`,
      segments: [segment(t, t + waits[i]!, 'wait', `waits ${waits[i]} ms for ${call.label}`)],
      locationId: call.locationId,
    });
    t += waits[i]!;
  });
  beforeThread.push(segment(t, t + TICK_MS, 'js', 'resumes with the last result'));
  const beforeTotal = t + TICK_MS;
  const sum = waits.reduce((a, b) => a + b, 0);

  const startAll = n * TICK_MS;
  const afterLanes: TimelineLane[] = calls.map((call, i) => ({
    label: call.label,
    labelIsCode: true,
    role: `in Promise.all, ${i + 1} of ${n}`,
    segments: [segment((i + 1) * TICK_MS, (i + 1) * TICK_MS + waits[i]!, 'wait', `waits ${waits[i]} ms for ${call.label}`)],
    locationId: call.locationId,
  }));
  const lastAnswer = Math.max(...afterLanes.map((lane) => lane.segments[0]!.end));
  const afterThread = [segment(0, startAll, 'js', `starts all ${n} calls, one right after another`), segment(lastAnswer, lastAnswer + TICK_MS, 'js', 'resumes once the slowest has answered')];
  const longest = Math.max(...waits);

  return {
    before: {
      heading: 'Now: one await after another',
      lanes: [threadLane(beforeThread), ...beforeLanes],
      total: beforeTotal,
      summary: `Done after about ${beforeTotal} ms: the waits add up (${plus(waits)} = ${sum} ms).`,
    },
    after: {
      heading: 'With Promise.all: the waits overlap',
      lanes: [threadLane(afterThread), ...afterLanes],
      total: lastAnswer + TICK_MS,
      summary: `Done after about ${lastAnswer + TICK_MS} ms: the slowest wait (${longest} ms) sets the pace.`,
    },
  };
}

/**
 * Iterations of a loop that each await the same call: one after another, then together. With a
 * pool (large or unknown collections), at most `pool` run at once.
 */
export function loopIterationTimelines(call: LaneSubject, collection: string, items: number, pool: number | undefined): { before: Timeline; after: Timeline } {
  const waits = Array.from({ length: items }, (_, i) => waitOf(i));
  const role = (i: number) => `item ${i + 1} of ${collection}`;

  const beforeThread: TimelineSegment[] = [];
  const beforeLanes: TimelineLane[] = [];
  let t = 0;
  waits.forEach((wait, i) => {
    beforeThread.push(segment(t, t + TICK_MS, 'js', i === 0 ? `starts the loop and item 1` : `resumes and starts item ${i + 1}`));
    t += TICK_MS;
    beforeLanes.push({ label: call.label, labelIsCode: true, role: role(i), segments: [segment(t, t + wait, 'wait', `item ${i + 1} waits ${wait} ms`)], locationId: call.locationId });
    t += wait;
  });
  beforeThread.push(segment(t, t + TICK_MS, 'js', 'leaves the loop'));
  const beforeTotal = t + TICK_MS;

  // A pool of `limit` slots: each item starts when a slot frees, in order (as p-limit and our pool do).
  const limit = pool ?? items;
  const slotsFreeAt = Array.from({ length: limit }, () => 0);
  // Starting items keeps the thread busy for a moment each; starts that follow each other directly
  // are drawn as one segment, so the lane does not look like a barcode.
  const afterThread: Array<TimelineSegment & { first: number; last: number }> = [];
  const afterLanes: TimelineLane[] = [];
  let threadFreeAt = 0;
  waits.forEach((wait, i) => {
    const slot = slotsFreeAt.indexOf(Math.min(...slotsFreeAt));
    const start = Math.max(slotsFreeAt[slot]!, threadFreeAt);
    const previous = afterThread[afterThread.length - 1];
    if (previous && previous.end === start) {
      previous.end = start + TICK_MS;
      previous.last = i + 1;
    } else {
      afterThread.push({ ...segment(start, start + TICK_MS, 'js', ''), first: i + 1, last: i + 1 });
    }
    threadFreeAt = start + TICK_MS;
    afterLanes.push({ label: call.label, labelIsCode: true, role: role(i), segments: [segment(threadFreeAt, threadFreeAt + wait, 'wait', `item ${i + 1} waits ${wait} ms`)], locationId: call.locationId });
    slotsFreeAt[slot] = threadFreeAt + wait;
  });
  const threadSegments: TimelineSegment[] = afterThread.map(({ start, end, kind, first, last }) => ({
    start,
    end,
    kind,
    text: first === last ? `starts item ${first}` : pool === undefined && first === 1 && last === items ? `starts all ${items} items, one right after another` : `starts items ${first} to ${last}`,
  }));
  const finished = Math.max(...slotsFreeAt, threadFreeAt);
  threadSegments.push(segment(finished, finished + TICK_MS, 'js', 'resumes once every item has answered'));
  const afterTotal = finished + TICK_MS;

  return {
    before: {
      heading: 'Now: each iteration waits for the previous one',
      lanes: [threadLane(beforeThread), ...beforeLanes],
      total: beforeTotal,
      summary: `${items} items take about ${beforeTotal} ms: the waits add up.`,
    },
    after: {
      heading: pool === undefined ? 'With Promise.all: the iterations overlap' : `With a pool: at most ${pool} at a time`,
      lanes: [threadLane(threadSegments), ...afterLanes],
      total: afterTotal,
      summary:
        pool === undefined
          ? `About ${afterTotal} ms: the slowest item sets the pace.`
          : `About ${afterTotal} ms: a few at a time, so a long list never opens hundreds of connections at once.`,
    },
  };
}

export type Offload = 'worker' | 'thread-pool' | 'child-process';

const OFFLOAD: Record<Offload, { lane: string; role: string; startMs: number; endMs: number; start: string; end: string }> = {
  worker: { lane: 'Worker thread', role: 'worker_threads: a second JavaScript thread', startMs: 30, endMs: 8, start: 'starts a worker thread and copies the input to it', end: 'copies the result back and resumes' },
  'thread-pool': { lane: 'libuv thread pool', role: "Node's own helper threads", startMs: 2, endMs: 2, start: 'hands the work to the thread pool', end: 'resumes with the result' },
  'child-process': { lane: 'Child process', role: 'another process', startMs: 6, endMs: 2, start: 'spawns the child process', end: 'resumes with its output' },
};

/** Request handling: served in 15 ms; a timer callback: 3 ms. */
const REQUEST_MS = 15;
const TIMER_MS = 3;

/**
 * CPU work on the main thread (a heavy loop, a sync call): it blocks, and a request and a timer that
 * come in meanwhile wait for it; then the same work elsewhere with the main thread free. Its lanes
 * are threads, not code, so they link nowhere ("Go to code" does that).
 */
export function blockingTimelines(work: LaneSubject, workMs: number, offload: Offload): { before: Timeline; after: Timeline } {
  const requestAt = Math.round(workMs * 0.15);
  const timerAt = Math.round(workMs * 0.4);
  const o = OFFLOAD[offload];

  // Before: the work holds the thread; when it ends, the event loop runs timers first, then I/O callbacks.
  const w = workMs;
  const before: Timeline = {
    heading: 'Now: the main thread is blocked',
    lanes: [
      {
        label: 'Main thread',
        labelIsCode: false,
        role: 'the event loop',
        segments: [
          segment(0, w, 'cpu', `runs ${work.label} for ${w} ms; nothing else can run`),
          segment(w, w + TIMER_MS, 'served', 'runs the late timer callback'),
          segment(w + TIMER_MS, w + TIMER_MS + REQUEST_MS, 'served', 'finally answers the other request'),
        ],
      },
      {
        label: 'Another request',
        labelIsCode: false,
        role: `arrives at ${requestAt} ms`,
        segments: [
          segment(requestAt, w + TIMER_MS, 'queued', `waits ${w + TIMER_MS - requestAt} ms for the main thread`),
          segment(w + TIMER_MS, w + TIMER_MS + REQUEST_MS, 'served', 'is answered'),
        ],
      },
      {
        label: 'A timer',
        labelIsCode: false,
        role: `due at ${timerAt} ms`,
        segments: [segment(timerAt, w, 'queued', `is due but waits ${w - timerAt} ms`), segment(w, w + TIMER_MS, 'served', `fires ${w - timerAt} ms late`)],
      },
    ],
    total: w + TIMER_MS + REQUEST_MS,
    summary: `The other request waits ${w + TIMER_MS - requestAt} ms and the timer fires ${w - timerAt} ms late: while the main thread computes, nothing else runs.`,
  };

  const s = o.startMs;
  const done = s + w;
  const after: Timeline = {
    heading: offload === 'worker' ? 'On a worker thread: the main thread stays free' : `Asynchronous: the main thread stays free`,
    lanes: [
      {
        label: 'Main thread',
        labelIsCode: false,
        role: 'the event loop',
        segments: [
          segment(0, s, 'overhead', o.start),
          segment(requestAt, requestAt + REQUEST_MS, 'served', 'answers the other request at once'),
          segment(timerAt, timerAt + TIMER_MS, 'served', 'runs the timer callback on time'),
          segment(done, done + o.endMs, 'overhead', o.end),
        ],
      },
      {
        label: o.lane,
        labelIsCode: false,
        role: o.role,
        segments: [segment(s, done, 'cpu', `runs ${work.label} for ${w} ms`)],
      },
      { label: 'Another request', labelIsCode: false, role: `arrives at ${requestAt} ms`, segments: [segment(requestAt, requestAt + REQUEST_MS, 'served', 'is answered at once')] },
      { label: 'A timer', labelIsCode: false, role: `due at ${timerAt} ms`, segments: [segment(timerAt, timerAt + TIMER_MS, 'served', 'fires on time')] },
    ],
    total: done + o.endMs,
    summary: `The request is answered at once and the timer fires on time. The work itself still takes ${w} ms${s + o.endMs > 4 ? `, plus about ${s + o.endMs} ms to ${offload === 'worker' ? 'start the worker and copy data' : 'start it and collect the output'}` : ''}, but elsewhere.`,
  };
  return { before, after };
}
