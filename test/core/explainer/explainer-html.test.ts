import * as assert from 'node:assert/strict';
import { buildExampleModel, buildFindingExplainer } from '../../../src/vscode/explainer-content';
import { contentSecurityPolicy, escapeHtml, renderExplainerHtml, renderLoadingHtml, type HtmlAssets } from '../../../src/vscode/explainer-html';
import type { ExplainerModel } from '../../../src/vscode/explainer-protocol';
import { blockingLoopFinding, HASHING, SEQUENTIAL, sequentialFinding, sequentialFixes, spanOf } from './explainer-fixtures';

const assets: HtmlAssets = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'bm9uY2Utb2YtdGhpcy1yZW5kZXI=',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/explainer.css',
  renderId: 'r1',
};

function findingModel(): ExplainerModel {
  return buildFindingExplainer({
    target: { uri: 'file:///w/src/dashboard.ts', ruleId: 'sequential-awaits', range: sequentialFinding().span },
    finding: sequentialFinding(),
    text: SEQUENTIAL,
    fileLabel: 'src/dashboard.ts',
    fixes: sequentialFixes(),
    refused: [],
    renderId: 'r1',
  }).model;
}

/** Every page the panel can show. */
const pages: Array<[string, string]> = [
  ['a finding', renderExplainerHtml(findingModel(), assets)],
  ['the example', renderExplainerHtml(buildExampleModel('The problem is gone.'), assets)],
  ['a blocking loop', renderExplainerHtml(buildFindingExplainer({ target: { uri: 'file:///w/h.ts', ruleId: 'blocking-loop', range: blockingLoopFinding().span }, finding: blockingLoopFinding(), text: HASHING, fileLabel: 'h.ts', fixes: [], refused: [], renderId: 'r1' }).model, assets)],
  ['loading', renderLoadingHtml(assets)],
];

function cspOf(html: string): string {
  const metas = [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi)];
  assert.equal(metas.length, 1, 'exactly one CSP meta tag');
  return metas[0]![1]!.replace(/&#39;/g, "'");
}

/** The HTML with the webview's own resource URIs (the only allowed origin) taken out. */
function withoutOwnResources(html: string): string {
  return html.split(assets.cspSource).join('');
}

describe('explainer HTML: security', () => {
  for (const [name, html] of pages) {
    describe(name, () => {
      it('declares a strict CSP before any other resource', () => {
        const csp = cspOf(html);
        const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));
        assert.deepEqual(directives.get('default-src'), ["'none'"]);
        assert.deepEqual(directives.get('script-src'), [`'nonce-${assets.nonce}'`]);
        assert.deepEqual(directives.get('style-src'), [assets.cspSource]);
        assert.deepEqual(directives.get('img-src'), [assets.cspSource]);
        assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*|data:|https?:\/\/(?!file\+\.vscode-resource)/);
        assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<link'), 'the CSP comes before the stylesheet');
      });

      it('gives every script the nonce and a source, and has no inline script text', () => {
        const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
        assert.equal(scripts.length, (html.match(/<script\b/gi) ?? []).length, 'every <script> is closed');
        for (const [, attributes, body] of scripts) {
          assert.match(attributes!, new RegExp(`\\snonce="${assets.nonce.replace(/[+/=]/g, (c) => `\\${c}`)}"`));
          assert.match(attributes!, /\ssrc="[^"]+"/);
          assert.equal(body!.trim(), '');
        }
        if (name !== 'loading') assert.equal(scripts.length, 1);
      });

      it('loads nothing remote and nothing but its own assets', () => {
        assert.doesNotMatch(withoutOwnResources(html), /https?:\/\//i);
        for (const [, url] of html.matchAll(/\s(?:src|href)="([^"]*)"/gi)) assert.ok(url === assets.scriptUri || url === assets.styleUri, `unexpected resource ${url}`);
        assert.doesNotMatch(html, /<(?:iframe|object|embed|base|form|img)\b/i);
      });

      it('has no inline event handlers, style attributes or javascript: URLs', () => {
        assert.doesNotMatch(html, /<[^>]+\son[a-z]+\s*=/i);
        assert.doesNotMatch(html, /<[^>]+\sstyle\s*=/i);
        assert.doesNotMatch(html, /<style\b/i);
        assert.doesNotMatch(html, /javascript:/i);
      });
    });
  }

  it('builds the CSP from the given source and nonce', () => {
    assert.equal(contentSecurityPolicy('vscode-webview://x', 'N'), "default-src 'none'; img-src vscode-webview://x; style-src vscode-webview://x; font-src vscode-webview://x; script-src 'nonce-N'");
  });

  it('escapes a malicious function name, call label and message everywhere they appear', () => {
    const evilName = '<img src=x onerror=alert(1)>';
    const evilCall = '"><script>alert(2)</script>';
    const evilArgument = `fetchUser(customerId, '${evilCall}')`;
    const text = SEQUENTIAL.replace('await fetchUser(customerId)', `await ${evilArgument}`);
    const finding = sequentialFinding(SEQUENTIAL, evilName);
    const first = spanOf(text, `const user = await ${evilArgument};`);
    const second = spanOf(text, 'const orders = await fetchOrders(customerId);');
    finding.span = { start: first.start, end: second.end };
    finding.related = [
      { span: spanOf(text, `await ${evilArgument}`), message: `await 1 of 2: ${evilArgument}` },
      { span: spanOf(text, 'await fetchOrders(customerId)'), message: 'await 2 of 2: fetchOrders(customerId)' },
    ];
    const model = buildFindingExplainer({ target: { uri: 'file:///w/a.ts', ruleId: 'sequential-awaits', range: finding.span }, finding, text, fileLabel: '<b>a.ts</b>', fixes: [], refused: [], renderId: 'r1' }).model;
    assert.ok(model.scenarios[0]!.before.lanes[1]!.label.includes('<script>'), 'the lane label really holds the markup');
    const html = renderExplainerHtml(model, assets);
    assert.doesNotMatch(html, /<img\b/i);
    assert.doesNotMatch(html, /<script>alert/i);
    assert.doesNotMatch(html, /<b>a\.ts/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(html, /&lt;script&gt;alert\(2\)&lt;\/script&gt;/);
    assert.equal((html.match(/<script\b/g) ?? []).length, 1);
  });

  it('shows backtick-quoted names in messages and fix notes as code, escaped', () => {
    const finding = blockingLoopFinding();
    finding.message = 'This loop runs nested loops over `orders` and `<img src=x onerror=alert(3)>` (input-sized)…';
    const html = renderExplainerHtml(
      buildFindingExplainer({ target: { uri: 'file:///w/h.ts', ruleId: 'blocking-loop', range: finding.span }, finding, text: HASHING, fileLabel: 'h.ts', fixes: [], refused: [{ fixId: 'move-to-worker', reason: 'cannot prove `orders` can cross' }], renderId: 'r1' }).model,
      assets,
    );
    assert.match(html, /nested loops over <code>orders<\/code> and <code>&lt;img src=x onerror=alert\(3\)&gt;<\/code>/);
    assert.match(html, /No automatic fix here: cannot prove <code>orders<\/code> can cross/);
    assert.doesNotMatch(html, /<img\b/);
  });

  it('escapes the five HTML specials', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});

describe('explainer HTML: content and accessibility', () => {
  const html = pages[0]![1];

  it('titles the page with the function name and names the real calls in the lanes', () => {
    assert.match(html, /<h1><code>loadDashboard<\/code>: 2 awaits, one after another<\/h1>/);
    assert.match(html, /data-label="fetchUser\(customerId\)"/);
    assert.match(html, /data-label="fetchOrders\(customerId\)"/);
  });

  it('gives each lane a text alternative with its durations, and hides the drawing from screen readers', () => {
    const lanes = [...html.matchAll(/<li class="lane"[\s\S]*?<\/li>/g)].map((m) => m[0]);
    assert.ok(lanes.length >= 6);
    for (const lane of lanes) {
      assert.match(lane, /<svg class="track"[^>]*aria-hidden="true"/);
      assert.match(lane, /<span class="sr-only">[^<]*\bfrom \d+ to \d+ ms[^<]*<\/span>/);
    }
    assert.match(html, /<span class="sr-only">fetchUser\(customerId\) \(await 1 of 2\): waits 120 ms/);
  });

  it('labels each timeline figure with a heading and its summary', () => {
    const figures = [...html.matchAll(/<figure class="timeline" aria-labelledby="([^"]+)" aria-describedby="([^"]+)"/g)];
    assert.equal(figures.length, 2);
    for (const [, labelledBy, describedBy] of figures) {
      assert.match(html, new RegExp(`<h3 id="${labelledBy}">`));
      assert.match(html, new RegExp(`<p class="summary" id="${describedBy}">`));
    }
  });

  it('uses real buttons with text, typed as buttons', () => {
    const buttons = [...html.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/g)];
    assert.ok(buttons.length >= 5);
    for (const [, attributes, text] of buttons) {
      assert.match(attributes!, /type="button"/);
      assert.notEqual(text!.replace(/<[^>]+>/g, '').trim(), '');
    }
    assert.match(html, /data-action="apply-fix" data-fix-id="r1-fix"/);
    assert.match(html, /data-action="reveal" data-location-id="finding"[^>]*>Go to code</);
    assert.match(html, /data-action="reveal" data-location-id="await-1"/);
  });

  it('marks removed and added lines as del and ins', () => {
    assert.match(html, /<span class="line removed">.*<del>\s*const user = await fetchUser\(customerId\);<\/del>/);
    assert.match(html, /<span class="line added">.*<ins>\s*const \[user, orders\] = await Promise\.all\(\[<\/ins>/);
  });

  it('keeps the target in the page for the webview state, escaped as an attribute', () => {
    const state = /data-state="([^"]*)"/.exec(html)![1]!.replace(/&quot;/g, '"');
    assert.equal(JSON.parse(state).target.uri, 'file:///w/src/dashboard.ts');
  });

  it('has the guide, the two ideas and the honest list', () => {
    for (const heading of ['Which one do I need?', 'Two ideas', 'What Promise.all changes', 'How this works in Node.js']) assert.ok(html.includes(`>${heading}</h2>`), heading);
    assert.match(pages[1]![1], />What a worker thread costs<\/h2>/);
    assert.match(pages[1]![1], /class="notice"[^>]*>The problem is gone\./);
  });

  it('offers no fix button in the example', () => {
    assert.doesNotMatch(pages[1]![1], /data-action="apply-fix"/);
    assert.doesNotMatch(pages[1]![1], /data-action="reveal"/);
  });
});
