import type { CaveatTopic, CodeComparison, CodeLine, ExplainerModel, ExplainerWebviewState, RichText, Scenario, SegmentKind, Timeline } from './explainer-protocol';

/**
 * The explainer's HTML: rendered whole on the extension side from the model, so the page is
 * complete and readable before (and without) its script, which only animates and sends messages.
 * Pure (no `vscode`): the CSP, the nonce on every script, escaping and the absence of remote
 * content are unit-tested on this output.
 *
 * Security: `default-src 'none'`; scripts only with this render's nonce; styles, images and fonts
 * only from the webview's own resource origin; no inline styles or handlers anywhere (positions in
 * the timeline are SVG attributes, not style attributes), so 'unsafe-inline' is never needed.
 */

export interface HtmlAssets {
  /** `webview.cspSource`. */
  cspSource: string;
  /** Fresh for every render. */
  nonce: string;
  /** `asWebviewUri` of dist/webview.js and media/explainer.css. */
  scriptUri: string;
  styleUri: string;
  /** Identifies this render (animation played once, ids of fixes). */
  renderId: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

const esc = escapeHtml;

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [`default-src 'none'`, `img-src ${cspSource}`, `style-src ${cspSource}`, `font-src ${cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
}

function head(title: string, assets: HtmlAssets): string {
  return `<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${esc(contentSecurityPolicy(assets.cspSource, assets.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${esc(assets.styleUri)}">
<title>${esc(title)}</title>
</head>`;
}

function rich(text: RichText): string {
  return text.map((part) => (typeof part === 'string' ? esc(part) : 'code' in part ? `<code>${esc(part.code)}</code>` : `<strong>${esc(part.strong)}</strong>`)).join('');
}

/**
 * Text from the rules and fixes marks code with backticks (`orders`); shown as code. Each part is
 * escaped on its own, so backticks can only ever produce <code> elements.
 */
function withInlineCode(text: string): string {
  return text
    .split(/`([^`\n]+)`/)
    .map((part, i) => (i % 2 === 1 ? `<code>${esc(part)}</code>` : esc(part)))
    .join('');
}

/** Id-safe fragment (scenario ids are ours, but ids in attributes are escaped and restricted anyway). */
function idPart(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '-');
}

function pct(value: number, scale: number): string {
  return `${((value / scale) * 100).toFixed(3)}%`;
}

const LEGEND: Record<SegmentKind, string> = {
  wait: 'Waiting for I/O (the thread is free)',
  js: 'JavaScript running briefly',
  cpu: 'Computing (the thread is busy)',
  queued: 'Queued: waiting for the main thread',
  served: 'Handled',
  overhead: 'Hand-over: start a thread, copy data',
};

function niceStep(scale: number): number {
  // At most five labels: they must not collide in a narrow panel.
  for (const step of [10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000]) if (scale / step <= 5) return step;
  return Math.ceil(scale / 5);
}

/** Text on a bar wide enough to hold it: the duration, clipped by a nested svg so it never spills. */
function barText(kind: SegmentKind, ms: number): string {
  switch (kind) {
    case 'wait':
      return `${ms} ms`;
    case 'cpu':
      return `${ms} ms busy`;
    case 'queued':
      return `waits ${ms} ms`;
    default:
      return '';
  }
}

function lane(timeline: Timeline, scale: number, laneIndex: number, key: string): string {
  const l = timeline.lanes[laneIndex]!;
  const labelInner = l.labelIsCode ? `<code>${esc(l.label)}</code>` : esc(l.label);
  const label = l.locationId
    ? `<button type="button" class="lane-name link" data-action="reveal" data-location-id="${esc(l.locationId)}" title="Go to this code">${labelInner}</button>`
    : `<span class="lane-name">${labelInner}</span>`;
  const bars = l.segments
    .map((s) => {
      const ms = s.end - s.start;
      const width = Math.max((ms / scale) * 100, 0.4);
      const text = barText(s.kind, ms);
      // Bars below ~9% of the width cannot hold a label legibly.
      const labelSvg =
        text && width >= 9
          ? `<svg class="bar-label label-${s.kind}" x="${pct(s.start, scale)}" y="0" width="${width.toFixed(3)}%" height="24" data-start="${s.start}" data-end="${s.end}"><text x="6" y="16">${esc(text)}</text></svg>`
          : '';
      return `<rect class="seg seg-${s.kind}" x="${pct(s.start, scale)}" y="3" width="${width.toFixed(3)}%" height="18" rx="2" data-start="${s.start}" data-end="${s.end}" data-text="${esc(s.text)}"></rect>${labelSvg}`;
    })
    .join('');
  const description = `${l.label} (${l.role}): ${l.segments.map((s) => `${s.text}, from ${s.start} to ${s.end} ms`).join('; ')}.`;
  return `<li class="lane" data-label="${esc(l.label)}">
<div class="lane-label">${label}<span class="lane-role">${esc(l.role)}</span></div>
<svg class="track" width="100%" height="24" aria-hidden="true" focusable="false" data-key="${esc(key)}">${bars}<line class="playhead" x1="100%" x2="100%" y1="0" y2="24"></line></svg>
<span class="sr-only">${esc(description)}</span>
</li>`;
}

function axis(scale: number): string {
  const step = niceStep(scale);
  const ticks: string[] = [];
  for (let t = 0; t <= scale; t += step) {
    const anchor = t === 0 ? 'start' : t + step > scale && scale - t < step / 3 ? 'end' : 'middle';
    ticks.push(`<line class="tick" x1="${pct(t, scale)}" x2="${pct(t, scale)}" y1="0" y2="5"></line><text class="tick-label" x="${pct(t, scale)}" y="17" text-anchor="${anchor}">${t} ms</text>`);
  }
  return `<div class="lane axis" aria-hidden="true"><div class="lane-label"></div><svg class="track" width="100%" height="20" focusable="false">${ticks.join('')}</svg></div>`;
}

function timelineFigure(timeline: Timeline, scale: number, key: string): string {
  const id = idPart(key);
  return `<figure class="timeline" aria-labelledby="${id}-h" aria-describedby="${id}-sum" data-heading="${esc(timeline.heading)}">
<figcaption><h3 id="${id}-h">${esc(timeline.heading)}</h3></figcaption>
<ul class="lanes">${timeline.lanes.map((_, i) => lane(timeline, scale, i, key)).join('')}</ul>
${axis(scale)}
<p class="summary" id="${id}-sum">${esc(timeline.summary)}</p>
</figure>`;
}

function legend(scenario: Scenario): string {
  const kinds = new Set<SegmentKind>();
  for (const t of [scenario.before, scenario.after]) for (const l of t.lanes) for (const s of l.segments) kinds.add(s.kind);
  const order: SegmentKind[] = ['js', 'wait', 'cpu', 'queued', 'served', 'overhead'];
  return `<ul class="legend" aria-label="Legend">${order
    .filter((k) => kinds.has(k))
    .map((k) => `<li><svg class="swatch" width="22" height="14" aria-hidden="true" focusable="false"><rect class="seg seg-${k}" x="1" y="1" width="20" height="12" rx="2"></rect></svg>${esc(LEGEND[k])}</li>`)
    .join('')}</ul>`;
}

function picture(scenario: Scenario): string {
  const id = idPart(scenario.id);
  const scale = Math.max(scenario.before.total, scenario.after.total);
  return `<div class="picture" data-picture="${esc(scenario.id)}" data-scale="${scale}">
<div class="controls" role="group" aria-label="Animate the timelines">
<button type="button" class="secondary" data-action="play" aria-describedby="${id}-clock">Play</button>
<button type="button" class="secondary" data-action="step" aria-describedby="${id}-clock">Step</button>
<button type="button" class="secondary" data-action="end">Show all</button>
<span class="clock" id="${id}-clock" data-clock>${scale} ms</span>
</div>
<p class="sr-only" aria-live="polite" data-live></p>
${timelineFigure(scenario.before, scale, `${scenario.id}-before`)}
${timelineFigure(scenario.after, scale, `${scenario.id}-after`)}
${legend(scenario)}
<p class="note">${esc(scenario.durationsNote)}</p>
</div>`;
}

function codeLines(lines: readonly CodeLine[], side: 'current' | 'fixed'): string {
  const tag = side === 'current' ? 'del' : 'ins';
  return lines
    .map((l) => {
      // The fixed side gets an empty gutter so its lines start where the current side's do.
      const number = `<span class="ln" aria-hidden="true">${l.line ?? ''}</span>`;
      const text = esc(l.text) || ' ';
      return l.changed ? `<span class="line ${side === 'current' ? 'removed' : 'added'}">${number}<${tag}>${text}</${tag}></span>` : `<span class="line">${number}${text}</span>`;
    })
    // Block-level lines: a newline between them would show as an extra empty line in <pre>.
    .join('');
}

function codeComparison(code: CodeComparison, scenario: Scenario): string {
  const id = idPart(scenario.id);
  const fixed =
    code.fixed.length > 0
      ? `<figure class="code-side"><figcaption id="${id}-fixed-cap">${esc(code.fixedCaption)}</figcaption><pre class="code" tabindex="0" aria-labelledby="${id}-fixed-cap"><code>${codeLines(code.fixed, 'fixed')}</code></pre></figure>`
      : scenario.fix
        ? `<figure class="code-side"><figcaption>${esc(code.fixedCaption)}</figcaption><p class="note">The fix changes other lines only; see below.</p></figure>`
        : '';
  const other =
    code.otherChanges.length > 0
      ? `<details class="other-changes"><summary>The fix also changes ${code.otherChanges.length === 1 ? 'one other place' : `${code.otherChanges.length} other places`}</summary>${code.otherChanges
          .map((c) => `<h4>${esc(c.where)}</h4><pre class="code" tabindex="0"><code>${esc(c.text)}</code></pre>`)
          .join('')}</details>`
      : '';
  return `<div class="code-compare${fixed ? '' : ' single'}">
<figure class="code-side"><figcaption id="${id}-current-cap">${esc(code.currentCaption)}</figcaption><pre class="code" tabindex="0" aria-labelledby="${id}-current-cap"><code>${codeLines(code.current, 'current')}</code></pre></figure>
${fixed}
</div>
${other}`;
}

function actions(scenario: Scenario, model: ExplainerModel): string {
  const id = idPart(scenario.id);
  const buttons: string[] = [];
  const notes: string[] = [];
  if (scenario.fix) {
    buttons.push(`<button type="button" class="primary" data-action="apply-fix" data-fix-id="${esc(scenario.fix.id)}" aria-describedby="${id}-fix-title">Apply fix</button>`);
    notes.push(
      `<p class="fix-title" id="${id}-fix-title">${esc(scenario.fix.title)}</p>`,
      `<p class="fix-note"><span class="badge">${esc(scenario.fix.safetyLabel)}</span> ${withInlineCode(scenario.fix.behaviourNote ?? '')}</p>`,
    );
  } else if (scenario.noFixReason) {
    notes.push(`<p class="fix-note">${withInlineCode(scenario.noFixReason)}</p>`);
  }
  if (scenario.revealId && model.locations.some((l) => l.id === scenario.revealId)) {
    buttons.push(`<button type="button" class="secondary" data-action="reveal" data-location-id="${esc(scenario.revealId)}">Go to code</button>`);
  }
  if (buttons.length === 0 && notes.length === 0) return '';
  return `<div class="fix">
${notes.join('\n')}
<div class="actions">${buttons.join('')}<button type="button" class="secondary" data-action="refresh" hidden>Refresh</button></div>
<p class="status" role="status" data-fix-status></p>
</div>`;
}

function scenarioSection(scenario: Scenario, model: ExplainerModel): string {
  const id = idPart(scenario.id);
  const codeHeading = model.mode === 'finding' ? 'Your code' : 'The code';
  return `<section class="scenario shape-${scenario.shape}" aria-labelledby="${id}-h">
<h2 id="${id}-h">${esc(scenario.heading)}</h2>
<p class="lead">${rich(scenario.lead)}</p>
${picture(scenario)}
<p class="takeaway">${rich(scenario.takeaway)}</p>
${scenario.code ? `<h3>${codeHeading}</h3>${codeComparison(scenario.code, scenario)}` : ''}
${actions(scenario, model)}
</section>`;
}

const IDEAS = `<section aria-labelledby="ideas-h">
<h2 id="ideas-h">Two ideas</h2>
<dl class="ideas">
<div><dt>Concurrency</dt><dd><strong>Dealing with</strong> many things at once. One worker switches to another task whenever the current one has to wait. A single cook starts the rice, chops vegetables while it simmers and fries the eggs while they blanch: nothing happens at the same instant, but no time is spent standing idle.</dd></div>
<div><dt>Parallelism</dt><dd><strong>Doing</strong> many things at once. Several workers at the same instant: a kitchen with three cooks, each on a dish.</dd></div>
</dl>
<p>They are not opposites. A program split into independent tasks (concurrency) can run those tasks on several cores (parallelism) when it has them. As Rob Pike put it: concurrency is about dealing with lots of things at once, parallelism is about doing lots of things at once.</p>
</section>`;

const GUIDE = `<section aria-labelledby="guide-h">
<h2 id="guide-h">Which one do I need?</h2>
<p>First find out what your code spends its time on.</p>
<dl class="guide">
<div><dt>Waiting</dt><dd>Network, database, disk, timers: the CPU sits idle until an answer comes. Start independent waits together (<code>Promise.all</code>, a bounded pool for long lists): <strong>concurrency</strong>. More cores would not help.</dd></div>
<div><dt>Computing</dt><dd>Hashing, compression, parsing huge documents, number crunching: the CPU is busy the whole time. Give the work another thread (<code>worker_threads</code>, or the asynchronous <code>crypto</code> and <code>zlib</code> functions, which use libuv's thread pool): <strong>parallelism</strong>. More concurrency would not help: there is no idle time to fill.</dd></div>
<div><dt>Both</dt><dd>A request that fetches data, then crunches it: overlap the fetches, and move the crunching off the main thread. <strong>Both</strong>.</dd></div>
</dl>
</section>`;

const NODE = `<section aria-labelledby="node-h">
<h2 id="node-h">How this works in Node.js</h2>
<ul>
<li>Your JavaScript runs on one thread, the event loop. <code>await</code> hands the thread back: while one request waits for the database, the loop serves another. That is concurrency, built in.</li>
<li>A long synchronous computation never hands the thread back. Every other request, timer and I/O callback waits until it ends: this is <em>blocking the event loop</em>. Synchronous <code>fs</code>, <code>crypto</code>, <code>zlib</code> and <code>child_process</code> calls do the same.</li>
<li>Extra execution units come from <code>worker_threads</code> (your own code on another thread) and from libuv's thread pool, which runs the asynchronous <code>fs</code>, <code>crypto</code> and <code>zlib</code> calls (4 threads unless <code>UV_THREADPOOL_SIZE</code> says otherwise).</li>
</ul>
</section>`;

const CAVEATS: Record<CaveatTopic, string> = {
  'promise-all': `<section aria-labelledby="caveat-promise-all-h">
<h2 id="caveat-promise-all-h">What Promise.all changes</h2>
<ul>
<li><strong>Everything starts, even if one fails.</strong> <code>Promise.all</code> rejects with the first failure but does not stop the other calls; they keep running. Use <code>Promise.allSettled</code> when you need every outcome.</li>
<li><strong>Side effects may happen in a new order.</strong> If one call must come before another (create, then write; log in, then call; lock, then act), keep those two sequential.</li>
<li><strong>Unbounded fan-out.</strong> Over a large or user-sized list, <code>Promise.all</code> starts everything at once and can exhaust connection pools, file handles or rate limits. Limit it with a pool (p-limit, p-map, or a small function of your own).</li>
<li>Never write <code>items.forEach(async (item) =&gt; …)</code>: nothing waits for it.</li>
<li>Do not start promises early and await them one by one later: if a later one rejects while an earlier one is awaited, its rejection goes unhandled.</li>
</ul>
</section>`,
  worker: `<section aria-labelledby="caveat-worker-h">
<h2 id="caveat-worker-h">What a worker thread costs</h2>
<ul>
<li><strong>Start-up.</strong> A new worker takes tens of milliseconds to start, so it pays only for work well above that. For work that comes often, keep a pool of workers running.</li>
<li><strong>Copies.</strong> Inputs and results are copied between threads (structured clone): big data costs copying time, and functions, class methods and sockets cannot cross at all.</li>
<li><strong>Its own world.</strong> The worker has its own memory and loads its own modules; errors reach the main thread as copies.</li>
<li><strong>The other remedy.</strong> Split the work into chunks and yield between them with <code>setImmediate</code>: the main thread stays responsive, but the whole job takes longer and still uses one core.</li>
</ul>
</section>`,
  'async-api': `<section aria-labelledby="caveat-async-api-h">
<h2 id="caveat-async-api-h">What the asynchronous call changes</h2>
<ul>
<li><strong>Other code runs meanwhile.</strong> While the call is pending, other requests and callbacks run. Code that assumed nothing happens between the call and the next line (read shared state, then write it) needs a second look.</li>
<li><strong>Errors arrive as rejections.</strong> With <code>await</code>, <code>try</code>/<code>catch</code> still catches them.</li>
<li><strong>The pool is small.</strong> libuv runs asynchronous <code>fs</code>, <code>crypto</code> and <code>zlib</code> work on 4 threads by default; many such calls at once queue there.</li>
</ul>
</section>`,
};

function webviewState(model: ExplainerModel): ExplainerWebviewState {
  return model.target ? { target: model.target } : {};
}

export function renderExplainerHtml(model: ExplainerModel, assets: HtmlAssets): string {
  const title = model.functionName && model.title.startsWith(model.functionName)
    ? `<code>${esc(model.functionName)}</code>${esc(model.title.slice(model.functionName.length))}`
    : esc(model.title);
  const header = `<header>
<h1>${title}</h1>
<p class="subtitle">${esc(model.subtitle)}</p>
${model.notice ? `<p class="notice" role="note">${esc(model.notice)}</p>` : ''}
${model.message ? `<blockquote class="problem"><p>${withInlineCode(model.message)}</p></blockquote>` : ''}
</header>`;
  const scenarios = model.scenarios.map((s) => scenarioSection(s, model)).join('\n');
  const caveats = model.caveats.map((c) => CAVEATS[c]).join('\n');
  const body = model.mode === 'finding' ? [header, scenarios, caveats, GUIDE, IDEAS, NODE] : [header, IDEAS, GUIDE, scenarios, caveats, NODE];
  return `<!DOCTYPE html>
<html lang="en">
${head(model.title, assets)}
<body>
<main id="explainer" data-render="${esc(assets.renderId)}" data-state="${esc(JSON.stringify(webviewState(model)))}">
${body.join('\n')}
</main>
<script nonce="${esc(assets.nonce)}" src="${esc(assets.scriptUri)}"></script>
</body>
</html>`;
}

/** Shown while the worker analyses the document (the first analysis with types can take a moment). */
export function renderLoadingHtml(assets: HtmlAssets): string {
  return `<!DOCTYPE html>
<html lang="en">
${head('Concurrency vs parallelism', assets)}
<body>
<main id="explainer" aria-busy="true">
<h1>Concurrency vs parallelism</h1>
<p class="subtitle">Reading your code…</p>
</main>
</body>
</html>`;
}
