// The gate in Chromium against the ways real pages insert tags: a config that is late,
// broken or missing; every DOM path that can give a script or frame its URL; URLs
// spelt differently; javascript: frames; markup mistakes; framework-made scripts,
// stalled third parties, document.write, shadow roots. Pages are made per test by the
// server below; third-party hosts (connect.facebook.net, tp.example, cdn.example) are
// answered by the browser context's router, which also records every request to them.
// COOKIEGATE_TEST_DIST runs the same tests against another build of web/dist.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';

import { build } from 'esbuild';

import { collectProblems, launchBrowser, repoRoot, startServer, test, until } from './harness.mjs';

const dist = process.env.COOKIEGATE_TEST_DIST || join(repoRoot, 'web/dist');

const CONFIG = {
  policy: { version: '1.0.0', url: '/privacy' },
  categories: [
    { id: 'necessary', required: true, title: 'Necessary' },
    { id: 'analytics', title: 'Analytics',
      services: [{ id: 'stats', scripts: ['https://tp.example/stats*', '*/tp/stats*'] }] },
    { id: 'marketing', title: 'Marketing', services: [{ id: 'meta', scripts: ['https://connect.facebook.net/*'] }] },
    { id: 'preferences', title: 'Preferences' },
  ],
};
const configJson = JSON.stringify(CONFIG);

// The Meta Pixel's way of loading itself, plus an unrelated library loaded the same way.
const INJECTS = `<script>
(function (d) {
  function add(url) { var t = d.createElement('script'); t.async = true; t.src = url;
    var s = d.getElementsByTagName('script')[0]; s.parentNode.insertBefore(t, s); }
  add('https://connect.facebook.net/en_US/fbevents.js');
  add('https://cdn.example/lib.js');
})(document);
</script>`;

/**
 * A page: `tag` is the attributes of cookiegate.js's tag, `config` the inline JSON
 * (null: none), `configAfter` places it after the tag.
 */
function page({ tag = 'data-config="#cg"', config = configJson, configAfter = false, head = INJECTS, body = '' } = {}) {
  const cfg = config == null ? '' : `<script type="application/json" id="cg">${config}</script>`;
  const cg = `<script src="/dist/cookiegate.js" ${tag} data-ui="off"></script>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>gate</title>
${configAfter ? '' : cfg}${cg}${configAfter ? cfg : ''}
${head}</head><body><p id="content">Article</p>${body}</body></html>`;
}

let server;
let browser;
// The React 19 fixture, built for production as an app would ship it.
const appDir = mkdtempSync(join(tmpdir(), 'cookiegate-react-'));
const pages = new Map();   // path -> html
const holds = new Map();   // path -> promise the response waits for
const requested = new Set();

before(async () => {
  await build({
    entryPoints: [join(repoRoot, 'tests/browser/fixtures/react-app/app.jsx')],
    outfile: join(appDir, 'app.js'), bundle: true, minify: true, format: 'iife', jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'warning',
  });
  server = await startServer({
    mounts: { '/dist/': dist, '/app/': appDir },
    handle: async (req, res, url) => {
      requested.add(url.pathname);
      if (holds.has(url.pathname)) await holds.get(url.pathname);
      if (pages.has(url.pathname)) {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
        const body = pages.get(url.pathname);
        // [start, rest, when]: the rest of the page is sent once `when` settles.
        if (Array.isArray(body)) {
          res.write(body[0]);
          await body[2];
          res.end(body[1]);
        } else res.end(body);
        return true;
      }
      if (url.pathname === '/config.json') {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
        res.end(configJson);
        return true;
      }
      if (url.pathname.startsWith('/tp/')) return thirdParty(res, url);
      return false;
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  rmSync(appDir, { recursive: true, force: true });
});

// A script records that it ran; a frame is a small page.
function thirdParty(res, url) {
  const html = url.pathname.endsWith('.html');
  res.writeHead(200, { 'Content-Type': html ? 'text/html' : 'text/javascript', 'Cache-Control': 'no-store' });
  res.end(html ? '<p>frame</p>' : `(window.__ran = window.__ran || []).push(${JSON.stringify(url.hostname === '127.0.0.1' ? url.pathname : url.href)});`);
  return true;
}

let n = 0;
/** Serves `html` at a fresh path and returns it. */
function serve(html) {
  const path = `/p${++n}.html`;
  pages.set(path, html);
  return path;
}

/** Something the server answers only once the test calls the returned release(). */
function hold(path) {
  let release;
  holds.set(path, new Promise((ok) => { release = ok; }));
  return () => { holds.delete(path); release(); };
}

function recordEvents() {
  window.__ran = [];
  window.__events = [];
  ['ready', 'change', 'error'].forEach((type) => {
    addEventListener('cookiegate:' + type, (ev) => window.__events.push({ type, detail: ev.detail }));
  });
}

// A fresh context per test: third-party hosts answered (and recorded) by the router.
async function fresh(fn) {
  const context = await browser.newContext();
  const problems = await collectProblems(context);
  const warnings = [];
  context.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  const external = [];
  await context.route((url) => url.hostname !== '127.0.0.1', (route) => {
    const url = new URL(route.request().url());
    external.push(url.href);
    if (url.hostname === 'cdn.example' || url.hostname.startsWith('connect.facebook') || url.hostname === 'tp.example') {
      return route.fulfill({ status: 200, contentType: 'text/javascript',
        body: `(window.__ran = window.__ran || []).push(${JSON.stringify(url.href)});` });
    }
    return route.abort();
  });
  await context.addInitScript(recordEvents);
  try {
    return await fn({ context, problems, warnings, external });
  } finally {
    await context.close();
  }
}

const settled = (page) => page.waitForFunction(() =>
  window.__events.some((e) => e.type === 'ready' || e.type === 'error'));
const ready = (page) => page.waitForFunction(() => window.__events.some((e) => e.type === 'ready'));
const ran = (page) => page.evaluate(() => window.__ran.slice());
const waitRan = (page, id) => page.waitForFunction((i) => window.__ran.includes(i), id);
const FB = 'https://connect.facebook.net/en_US/fbevents.js';
const LIB = 'https://cdn.example/lib.js';

// The state of the injected elements: still inert (held) or not.
const heldUrls = (page) => page.evaluate(() => [...document.querySelectorAll('[data-cookiegate-blocked]')]
  .map((el) => (el.localName !== 'script' ? el.getAttribute('data-src')
    : el.getAttribute('type') === 'text/plain' && (el.getAttribute('src') ?? el.getAttribute('href')))));

async function open(context, path, { wait = settled } = {}) {
  const p = await context.newPage();
  await p.goto(server.url(path));
  await wait(p);
  return p;
}

describe('while the config is not known, every inserted script with a URL is held', () => {
  for (const [label, opts] of [
    ['the inline JSON has a syntax error (a trailing comma)', { config: configJson.replace(/}$/, ',}') }],
    ['data-config names a missing element', { tag: 'data-config="#nope"' }],
  ]) {
    test(`${label}: held for good, and the console says why`, () => fresh(async ({ context, problems, external }) => {
      const p = await open(context, serve(page(opts)));
      await p.waitForLoadState('load');
      assert.deepEqual(external, [], 'no third party was requested');
      assert.deepEqual((await heldUrls(p)).sort(), [LIB, FB].sort());
      await until(() => problems.console.some((m) => /CookieGate/.test(m)), 'a console error');
      if (opts.config) {
        // Chromium counts the line inside the <script> element: the message says so.
        assert.ok(problems.console.some((m) => /not valid JSON \(check commas, quotes and brackets; inline, line 1 is the <script> tag's\): .*line 1 column/.test(m)),
          problems.console.join('\n'));
      }
    }));
  }

  // A first trial's mistakes in data-config: each was held (rightly), but the message
  // did not say what to fix, or no 'error' event came.
  const configErrors = [
    // Empty (a template's unset variable): taken as "no config", console only, no event.
    ['data-config is empty', () => 'data-config=""', /data-config is empty: .*"#id-of-the-json"/],
    // The id without its '#': fetched as a URL, 404, and called "not a JSON object".
    ['data-config names an id without its "#"', () => 'data-config="cg"', /could not be loaded: HTTP 404.*data-config="#cg"/],
    // A URL that answers HTML: "not valid JSON (…; inline, line 1 is the <script> tag's)".
    ['data-config is a URL that answers HTML', () => `data-config="${serve('<!doctype html><p>Not found</p>')}"`,
      /the config \/p\d+\.html is not JSON: it is HTML/],
  ];
  for (const [label, tag, message] of configErrors) {
    test(`${label}: held for good, error 100 names the fix, on the console and as an event`, () =>
      fresh(async ({ context, problems, external }) => {
        const p = await open(context, serve(page({ tag: tag() })), { wait: (pg) => pg.waitForFunction(() => window.__events.some((e) => e.type === 'error')) });
        const errors = await p.evaluate(() => window.__events.filter((e) => e.type === 'error').map((e) => e.detail));
        assert.equal(errors.length, 1, JSON.stringify(errors));
        assert.equal(errors[0].code, 100);
        assert.match(errors[0].message, message);
        assert.doesNotMatch(errors[0].message, /not a JSON object|inline, line 1/);
        assert.ok(problems.console.some((m) => m.includes(errors[0].message)), problems.console.join('\n'));
        await p.waitForLoadState('load');
        assert.deepEqual(external, [], 'no third party was requested');
        assert.deepEqual((await heldUrls(p)).sort(), [LIB, FB].sort());
      }));
  }

  test('the config stands after the tag: held until it is valid, then only the refused service stays held; the console names the fix',
    () => fresh(async ({ context, external, problems }) => {
      const p = await open(context, serve(page({ configAfter: true })), { wait: ready });
      // The Consent Mode default could not be pushed before the scripts between them.
      await until(() => problems.console.some((m) => /#cg.*before the script tag/.test(m)), 'the placement error');
      await waitRan(p, LIB);
      assert.deepEqual(external, [LIB]);
      assert.deepEqual(await heldUrls(p), [FB]);
      await p.evaluate(() => CookieGate.acceptAll());
      await waitRan(p, FB);
    }));

  test('data-config is a URL: held during the fetch', () => fresh(async ({ context, external }) => {
    const release = hold('/config.json');
    const p = await context.newPage();
    await p.goto(server.url(serve(page({ tag: 'data-config="/config.json"', config: null }))));
    await p.waitForFunction(() => document.querySelectorAll('[data-cookiegate-blocked]').length === 2);
    assert.deepEqual(external, []);
    release();
    await ready(p);
    await waitRan(p, LIB);
    assert.deepEqual(external, [LIB]);
    assert.deepEqual(await heldUrls(p), [FB]);
  }));

  // A trial's config server that never answered: no banner, everything held, no word,
  // and Google's tags ran with no Consent Mode default at all.
  test('data-config is a URL that never answers: after 10 s error 100 says so, everything stays held, Consent Mode is denied',
    () => fresh(async ({ context, problems, external }) => {
      const release = hold('/hang.json');
      try {
        const p = await context.newPage();
        await p.goto(server.url(serve(page({ tag: 'data-config="/hang.json"', config: null }))));
        await p.waitForFunction(() => window.__events.some((e) => e.type === 'error'), null, { timeout: 20000 });
        const errors = await p.evaluate(() => window.__events.filter((e) => e.type === 'error').map((e) => e.detail));
        assert.equal(errors.length, 1, JSON.stringify(errors));
        assert.equal(errors[0].code, 100);
        assert.match(errors[0].message, /the config \/hang\.json could not be loaded: no answer within 10000 ms/);
        assert.ok(problems.console.some((m) => m.includes(errors[0].message)), problems.console.join('\n'));
        assert.deepEqual(external, []);
        assert.deepEqual((await heldUrls(p)).sort(), [LIB, FB].sort());
        assert.deepEqual(await p.evaluate(() => [...window.dataLayer].filter((c) => c[0] === 'consent').map((c) => [c[1], c[2].analytics_storage])),
          [['default', 'denied']]);
      } finally {
        release();  // the server's pending answer
      }
    }));

  test('no data-config: held until init(), and the console says so', () => fresh(async ({ context, problems, external }) => {
    const p = await context.newPage();
    await p.goto(server.url(serve(page({ tag: '' }))));
    await p.waitForLoadState('load');
    await p.waitForFunction(() => document.querySelectorAll('[data-cookiegate-blocked]').length === 2);
    assert.deepEqual(external, []);
    await until(() => problems.console.some((m) => /no config/.test(m)), 'the console error');
    await p.evaluate((c) => CookieGate.init(c, { ui: false }), configJson);
    await ready(p);
    await waitRan(p, LIB);
    assert.deepEqual(external, [LIB]);
  }));

  // The tag's attributes are documented for the tag, whoever calls init(): a page
  // calling CookieGate.init(config) itself got the bundled banner despite data-ui="off"
  // (and lost data-region, data-wasm-url and the rest).
  test('no data-config: the page\'s own init(config) still follows the tag\'s attributes (data-ui="off")', () =>
    fresh(async ({ context, problems }) => {
      const p = await context.newPage();
      await p.goto(server.url(serve(page({ tag: '' }))));
      const free = await p.evaluate(async (c) => (await CookieGate.init(c)).visitorChannel() !== null, configJson);
      await ready(p);
      assert.equal(free, true, 'a bundled banner took the visitor channel');
      assert.equal(await p.locator('cookiegate-ui').count(), 0);
      // An option the call names still wins over the tag's.
      const q = await context.newPage();
      await q.goto(server.url(serve(page({ tag: '' }))));
      await q.evaluate((c) => CookieGate.init(c, { ui: true }), configJson);
      await q.locator('cookiegate-ui').waitFor({ state: 'attached' });
      assert.deepEqual(problems.pageErrors, []);
    }));

  for (const tag of ['async', 'defer', 'type="module"']) {
    test(`loaded with ${tag}: the console and an error event name the placement rule`, () => fresh(async ({ context, problems }) => {
      const p = await open(context, serve(page({ tag: `data-config="#cg" ${tag}` })));
      await until(() => problems.console.some((m) => /error 510 placement: cookiegate.js was loaded[^]*first script in <head>/.test(m)), 'the placement error');
      // A site forwarding 'error' events to its monitoring hears of it too (a trial found it console-only).
      await p.waitForFunction(() => window.__events.some((e) => e.type === 'error' && e.detail.code === 510 && e.detail.name === 'placement'));
      assert.equal(await p.evaluate(() => CookieGate.isAllowed('marketing')), false);
    }));
  }

  // A trial's async tag said "0 before the tag" although the page's scripts after it
  // had run first: with async, defer or as a module, it runs after whatever the parser
  // reached meanwhile, so every script already in the page is counted.
  test('loaded with async after the page\'s scripts had run: 510 gives no count of what ran before it', () =>
    fresh(async ({ context, problems }) => {
      const release = hold('/dist/cookiegate.js');
      try {
        const p = await context.newPage();
        await p.goto(server.url(serve(page({ tag: 'data-config="#cg" async' }))), { waitUntil: 'domcontentloaded' });
        release();
        await p.waitForFunction(() => window.__events.some((e) => e.type === 'error' && e.detail.code === 510));
        const [placed] = await p.evaluate(() => window.__events.filter((e) => e.detail?.code === 510).map((e) => e.detail.message));
        // INJECTS and the two scripts it inserted ran before cookiegate.js: not "0 before
        // the tag", nor any count the runtime, arriving later still, cannot know.
        assert.match(placed, /loaded with async: scripts that ran before it cannot be held\. Load it with a plain <script src>/);
        assert.ok(problems.console.some((m) => m.includes('async: scripts that ran before it cannot be held.')), problems.console.join('\n'));
      } finally {
        release();
      }
    }));

  test('placed in <body> after a script: the console names the placement rule', () => fresh(async ({ context, problems }) => {
    const html = page({ tag: '' }).replace(/(<script src="\/dist\/cookiegate.js"[^>]*><\/script>)([^]*)<body>/, '$2<body><script>window.__early = 1;</script>$1');
    assert.match(html, /<body><script>window.__early = 1;<\/script><script src="\/dist\/cookiegate.js"/);
    await open(context, serve(html), { wait: (pg) => pg.waitForLoadState('load') });
    await until(() => problems.console.some((m) => /first script in <head>/.test(m)), 'the placement error');
  }));

  test('loaded as a module without data-config: still found, init() works, the console names the rule', () => fresh(async ({ context, problems }) => {
    const p = await open(context, serve(page({ tag: 'type="module"' })), { wait: (pg) => pg.waitForLoadState('load') });
    await until(() => problems.console.some((m) => /first script in <head>/.test(m)), 'the placement error');
    await p.evaluate((c) => CookieGate.init(c, { ui: false }), configJson);
    await settled(p);
    assert.deepEqual(await p.evaluate(() => window.__events.map((e) => [e.type, e.detail && e.detail.name])), [['ready', undefined]],
      problems.console.join('\n'));
  }));
});

describe('every way of giving a script or frame its URL is held', () => {
  const paths = {
    setAttributeNS: (u) => { const s = document.createElement('script'); s.setAttributeNS(null, 'src', u); document.head.append(s); },
    setAttributeNode: (u) => {
      const s = document.createElement('script'); const a = document.createAttribute('src'); a.value = u;
      s.setAttributeNode(a); document.head.appendChild(s);
    },
    'Element.prototype.setAttribute.call': (u) => {
      const s = document.createElement('script'); Element.prototype.setAttribute.call(s, 'src', u); document.body.appendChild(s);
    },
    'an Attr whose value changes': (u) => {
      const s = document.createElement('script'); s.setAttribute('src', '/tp/nothing.js');
      s.getAttributeNode('src').value = u; document.body.appendChild(s);
    },
    'SVG <script href>': (u) => {
      const svg = document.body.appendChild(document.createElementNS('http://www.w3.org/2000/svg', 'svg'));
      const s = document.createElementNS('http://www.w3.org/2000/svg', 'script'); s.setAttribute('href', u); svg.appendChild(s);
    },
    'another realm\'s script': (u) => {
      const f = document.body.appendChild(document.createElement('iframe'));
      const s = f.contentDocument.createElement('script'); s.src = u; document.body.appendChild(s);
    },
    'another realm\'s script, adopted': (u) => {
      const f = document.body.appendChild(document.createElement('iframe'));
      const s = f.contentDocument.createElement('script'); s.src = u;
      document.body.appendChild(document.adoptNode(s));
    },
    'a fragment made by createContextualFragment': (u) => {
      document.body.append(document.createRange().createContextualFragment(`<script src="${u}"></script>`));
    },
  };

  test('with nothing consented none is requested; after Accept all each runs', () => fresh(async ({ context, external }) => {
    const p = await open(context, serve(page({ head: '' })), { wait: ready });
    const urls = Object.keys(paths).map((_, i) => `https://connect.facebook.net/path${i}.js`);
    for (const [i, fn] of Object.values(paths).entries()) await p.evaluate(fn, urls[i]);
    // Held means inert in the DOM, checked structurally for each path.
    assert.equal((await heldUrls(p)).filter(Boolean).length, urls.length, Object.keys(paths).join(', '));
    assert.deepEqual(external, []);
    await p.evaluate(() => CookieGate.acceptAll());
    await p.waitForFunction((u) => u.every((x) => window.__ran.includes(x)), urls);
  }));

  test('a frame given a refused URL by any path waits for consent', () => fresh(async ({ context, external }) => {
    const p = await open(context, serve(page({ head: '' })), { wait: ready });
    await p.evaluate(() => {
      const a = document.createElement('iframe'); a.src = 'https://connect.facebook.net/frame-a.html'; document.body.append(a);
      const b = document.createElement('iframe'); b.setAttributeNS(null, 'src', 'https://connect.facebook.net/frame-b.html'); document.body.append(b);
    });
    assert.deepEqual((await heldUrls(p)).sort(),
      ['https://connect.facebook.net/frame-a.html', 'https://connect.facebook.net/frame-b.html']);
    assert.deepEqual(external, []);
    await p.evaluate(() => CookieGate.acceptAll());
    await p.waitForFunction(() => [...document.querySelectorAll('iframe')].filter((f) => f.src.includes('frame-')).length === 2);
  }));

  // Markup written into the page (a CMS embed, dangerouslySetInnerHTML): the browser
  // starts a frame's load as the markup is inserted, before any observer could see it.
  test('frames written as HTML into the page wait for consent, before and after the config is valid', () => fresh(async ({ context, external }) => {
    const write = (tag) => {
      const html = (k) => `<p>${k}</p><${tag === 'object' ? 'object data' : `${tag} src`}="https://connect.facebook.net/${tag}-${k}.html"></${tag}>`;
      const box = (k) => document.body.appendChild(Object.assign(document.createElement('div'), { id: `${tag}-${k}` }));
      box('inner').innerHTML = html('inner');
      box('adjacent').insertAdjacentHTML('beforeend', html('adjacent'));
      box('outer').appendChild(document.createElement('span')).outerHTML = html('outer');
      box('unsafe').setHTMLUnsafe(html('unsafe'));
      box('shadow').attachShadow({ mode: 'open' }).innerHTML = html('shadow');
    };
    const release = hold('/dist/cookiegate-core.wasm');
    const p = await open(context, serve(page({ head: '' })), { wait: (pg) => pg.waitForFunction(() => window.CookieGate) });
    await p.evaluate(write, 'iframe');  // no config known yet
    release();
    await ready(p);
    await p.evaluate(write, 'embed');
    await p.evaluate(write, 'object');
    assert.deepEqual(external, []);
    // Written as they were asked for, held: the markup around them is there.
    assert.equal(await p.evaluate(() => document.querySelectorAll('#iframe-inner p, #embed-adjacent p, #object-outer p').length), 3);
    // A <template> in the page keeps its markup in its content, as ever.
    assert.deepEqual(await p.evaluate(() => {
      const t = document.body.appendChild(document.createElement('template'));
      t.innerHTML = '<iframe src="https://connect.facebook.net/template.html"></iframe>';
      return [t.childNodes.length, t.content.firstChild.getAttribute('src')];
    }), [0, 'https://connect.facebook.net/template.html']);
    await p.evaluate(() => CookieGate.acceptAll());
    await p.waitForFunction(() => document.querySelectorAll('iframe[src*="facebook"]').length === 4);
  }));
});

describe('URLs are matched parsed and normalised, not as text', () => {
  test('user-info, a trailing-dot host, upper case and a percent-encoded path are held', () => fresh(async ({ context, external }) => {
    const p = await open(context, serve(page({ head: '' })), { wait: ready });
    const urls = ['https://x@connect.facebook.net/en_US/fbevents.js', 'https://connect.facebook.net./en_US/fbevents.js',
      'https://TP.EXAMPLE/stats.js', 'https://tp.example/%73tats.js', 'https://tp.example:443/stats.js'];
    await p.evaluate((list) => list.forEach((u) => { const s = document.createElement('script'); s.src = u; document.head.append(s); }), urls);
    assert.equal((await heldUrls(p)).length, urls.length);
    assert.deepEqual(external, []);
  }));
});

describe('only http(s) URLs are activated', () => {
  test('a gated frame with a javascript: URL never runs, and the page hears why', () => fresh(async ({ context }) => {
    const p = await open(context, serve(page({ head: '', body:
      '<iframe data-category="analytics" data-src="javascript:parent.__ran.push(\'js-frame\')"></iframe>' +
      '<iframe data-category="analytics" data-src="/tp/ok.html"></iframe>' })), { wait: ready });
    await p.evaluate(() => CookieGate.acceptAll());
    await p.waitForFunction(() => window.__events.some((e) => e.type === 'error' && e.detail.name === 'activation_failed'));
    await p.waitForFunction(() => document.querySelectorAll('iframe[src]').length === 1);
    assert.equal(await p.evaluate(() => document.querySelector('iframe[data-src^="javascript"]').hasAttribute('src')), false);
    assert.deepEqual(await ran(p), []);
  }));
});

describe('markup mistakes are said once per element', () => {
  test('an undeclared category or service, and data-category without type="text/plain"', () => fresh(async ({ context, warnings }) => {
    const p = await open(context, serve(page({ head: '', body:
      '<script type="text/plain" data-category="anlytics">1</script>' +
      '<script type="text/plain" data-category="analytics" data-service="nope">2</script>' +
      '<script type="text/plain" data-category="necessary" data-service="session">3</script>' +
      '<script data-category="analytics">window.__ran.push("ungated")</script>' +
      '<script type="module" data-category="analytics">window.__ran.push("module")</script>' +
      '<iframe data-category="marketing" src="/tp/frame.html"></iframe>' +
      '<script type="text/javascript" data-category="analytics" data-src="/tp/stats-data-src.js"></script>' })), { wait: ready });
    await p.evaluate(() => CookieGate.acceptAll());
    await p.waitForFunction(() => window.__events.some((e) => e.type === 'change'));
    const mine = () => warnings.filter((w) => w.startsWith('CookieGate:'));
    await until(() => mine().length >= 7, 'seven warnings');
    assert.equal(mine().length, 7, mine().join('\n'));
    // Its URL in data-src and no code: the browser ran an empty script and loaded nothing,
    // and the gate will not run it. A trial was told it "ran without consent".
    assert.match(mine().find((w) => w.includes('stats-data-src')), /^CookieGate: <script[^>]*><\/script> never runs: gated scripts need type="text\/plain"$/);
    assert.match(mine().find((w) => w.includes('anlytics')), /declares no category "anlytics"/);
    // As a misspelt category's, a misspelt service's warning lists what is declared (a trial).
    assert.match(mine().find((w) => w.includes('nope')), /declares no service "nope" \(declared: stats\)/);
    // A category without services says so, not "(declared: )" (a review).
    assert.match(mine().find((w) => w.includes('"session"')), /category "necessary" declares no service "session" \(declared: none\)/);
    assert.match(mine().find((w) => w.includes('ungated')), /type="text\/plain"/);
    assert.doesNotMatch(mine().find((w) => w.includes('ungated')), /data-type/);
    // Told only to write text/plain, the owner of a module would make it a classic
    // script, which then fails on its import statements.
    assert.match(mine().find((w) => w.includes('"module"')), /type="text\/plain"[^]*data-type="module"/);
    assert.match(mine().find((w) => w.includes('iframe')), /data-src/);
  }));

  // The commonest mistake with an embed: data-category added, src kept. The parser
  // starts its load as it makes it; a trial's YouTube frame loaded and ran its script
  // while its category was refused, though README said such a frame is held.
  test('a gated frame written with src: its load is cancelled before the third party runs, and it works once allowed',
    () => fresh(async ({ context, warnings }) => {
      const FRAME = 'https://connect.facebook.net/src-frame.html';
      let answer;
      let requests = 0;
      const answered = new Promise((ok) => { answer = ok; });
      await context.route(FRAME, async (route) => {
        requests++;
        await answered;
        await route.fulfill({ status: 200, contentType: 'text/html', body: '<p>third party</p>' }).catch(() => {});
      });
      const p = await context.newPage();
      const outcome = new Promise((ok) => {
        p.on('requestfinished', (r) => { if (r.url() === FRAME) ok('loaded'); });
        p.on('requestfailed', (r) => { if (r.url() === FRAME) ok('cancelled'); });
      });
      await p.goto(server.url(serve(page({ head: '', body:
        `<iframe id="fr" data-category="marketing" data-service="meta" src="${FRAME}"></iframe>` }))), { waitUntil: 'commit' });
      await ready(p);
      // The third party answers only now: a load the gate did not cancel would commit.
      answer();
      assert.equal(await outcome, 'cancelled');
      assert.deepEqual(await p.evaluate(() => {
        const f = document.getElementById('fr');
        return [f.getAttribute('src'), f.getAttribute('data-src'), f.contentWindow.location.href];
      }), [null, FRAME, 'about:blank']);
      const said = () => warnings.find((w) => w.startsWith('CookieGate: <iframe id="fr"'));
      await until(said, 'the markup mistake said');
      assert.match(said(), /loaded without consent: gated frames carry their URL in data-src, not src/);
      // Cancelled before or after it reached the network: at most that one request.
      const first = requests;
      assert.ok(first <= 1, `${first} requests`);
      await p.evaluate(() => CookieGate.acceptAll());
      await until(() => p.frames().some((f) => f.url() === FRAME), 'the frame allowed and loaded');
      assert.equal(requests, first + 1);
      assert.equal(await p.evaluate(() => document.getElementById('fr').getAttribute('src')), FRAME);
    }));

  // A review: the observer took any frame it had not seen inserted for the parser's, so
  // an activated frame moved by moveBefore() (which keeps a frame's document; morphing
  // libraries use it) was blanked for good; and a frame in a detached shadow tree,
  // which has no window, threw in the observer.
  test('an allowed frame moved by moveBefore() keeps loading; a detached one does not break the observer',
    () => fresh(async ({ context, problems }) => {
      const FRAME = 'https://connect.facebook.net/moved.html';
      const p = await open(context, serve(page({ head: '', body:
        `<div id="a"><iframe id="m" data-category="marketing" data-src="${FRAME}"></iframe></div><div id="b"></div>` })), { wait: ready });
      await p.evaluate(() => CookieGate.acceptAll());
      await p.waitForFunction((u) => document.getElementById('m').getAttribute('src') === u, FRAME);
      assert.equal(await p.evaluate(() => typeof Element.prototype.moveBefore), 'function');
      // Resolves after the observer's callback for the move has run.
      const afterMove = () => p.evaluate(() => new Promise((ok) => {
        new MutationObserver((_, o) => { o.disconnect(); setTimeout(ok); }).observe(document.body, { childList: true, subtree: true });
        document.getElementById('b').moveBefore(document.getElementById('m'), null);
      }));
      await afterMove();
      assert.equal(await p.evaluate(() => document.getElementById('m').getAttribute('src')), FRAME);
      await p.evaluate(() => new Promise((ok) => {
        const host = document.createElement('div');
        const root = host.attachShadow({ mode: 'open' });
        root.innerHTML = '<iframe data-category="preferences" src="https://connect.facebook.net/detached.html"></iframe>';
        setTimeout(() => { document.body.append(host); setTimeout(ok); });
      }));
      assert.deepEqual(problems.pageErrors, [], problems.pageErrors.join('\n'));
    }));

  // A review: a returning visitor's replayed answer already allows the frame while the
  // page is still parsed; cancelled and activated again after DOMContentLoaded, it was
  // requested twice and came late.
  test('a gated frame written with src that the replayed answer allows loads once, as parsed', () => fresh(async ({ context }) => {
    const FRAME = 'https://connect.facebook.net/allowed.html';
    let requests = 0;
    await context.route(FRAME, (route) => { requests++; return route.fulfill({ status: 200, contentType: 'text/html', body: '<p>ok</p>' }); });
    const first = await open(context, serve(page({ head: '' })), { wait: ready });
    await first.evaluate(() => CookieGate.acceptAll());
    await first.close();
    let go;
    const html = page({ head: '', body: `<iframe id="fr" data-category="marketing" data-service="meta" src="${FRAME}"></iframe>` });
    const cut = html.indexOf('<iframe');
    const path = serve([html.slice(0, cut), html.slice(cut), new Promise((ok) => { go = ok; })]);
    const p = await context.newPage();
    // Every change of a frame's src: cancelled and activated again, it loses its src and
    // gets it back (its first request may be cancelled before it is counted).
    await p.addInitScript(() => {
      window.__srcChanges = [];
      new MutationObserver((rs) => rs.forEach((r) => window.__srcChanges.push(r.target.getAttribute('src'))))
        .observe(document, { subtree: true, attributeFilter: ['src'] });
    });
    await p.goto(server.url(path), { waitUntil: 'commit' });
    // The runtime started from the replayed answer while the rest of the page waits.
    await p.waitForFunction(() => window.CookieGate?.isAllowed('marketing', 'meta') === true);
    go();
    await p.waitForFunction(() => document.readyState === 'complete');
    await until(() => p.frames().some((f) => f.url() === FRAME), 'the frame loaded');
    assert.equal(await p.evaluate(() => document.getElementById('fr').getAttribute('src')), FRAME);
    assert.deepEqual(await p.evaluate(() => window.__srcChanges), []);
    assert.equal(requests, 1);
  }));

  // The same mistake made by a script (a CMS widget building its embeds): a frame marked
  // with a refused category whose URL no service's pattern covers loaded, where a
  // runnable script marked so is held.
  test('a gated frame a script gives src is held by its category, whichever way the URL is written', () => fresh(async ({ context, external }) => {
    const p = await open(context, serve(page({ head: '' })), { wait: ready });
    await p.evaluate(() => {
      const a = document.createElement('iframe');
      a.setAttribute('data-category', 'preferences');
      a.src = '/tp/pref-a.html';
      document.body.append(a);
      const b = document.createElement('iframe');
      b.setAttribute('data-category', 'preferences');
      document.body.append(b);
      b.setAttribute('src', '/tp/pref-b.html');
      // Not gated: left alone.
      const c = document.createElement('iframe');
      c.src = '/tp/plain.html';
      document.body.append(c);
    });
    await p.waitForFunction(() => document.querySelector('iframe[src="/tp/plain.html"]')?.contentDocument?.body?.textContent === 'frame');
    assert.deepEqual(await p.evaluate(() => [...document.querySelectorAll('iframe[data-category]')]
      .map((f) => [f.getAttribute('src'), f.getAttribute('data-src')])), [[null, '/tp/pref-a.html'], [null, '/tp/pref-b.html']]);
    assert.equal(requested.has('/tp/pref-a.html') || requested.has('/tp/pref-b.html'), false);
    assert.deepEqual(external, []);
    await p.evaluate(() => CookieGate.acceptAll());
    await p.waitForFunction(() => [...document.querySelectorAll('iframe[data-category]')].every((f) => f.contentDocument?.body?.textContent === 'frame'));
  }));

  // The page's own markup runs as the parser reaches it: a plain tag of a refused
  // service ran before anyone asked, and nothing said so (README "What CookieGate
  // cannot block").
  test('a plain tag whose URL is a refused service\'s ran without consent, and says so', () => fresh(async ({ context, warnings }) => {
    const p = await open(context, serve(page({ tag: 'data-config="#cg" data-reload-on-withdrawal="false"', head: '', body:
      '<script src="https://tp.example/stats-plain.js"></script>' +
      '<iframe src="https://connect.facebook.net/plain.html"></iframe>' +
      '<script src="https://cdn.example/other.js"></script><script>window.__inline = 1</script>' +
      // The page's own origin: a pattern over the site's files may cover the bundle
      // that carries CookieGate (a review), which must never be told to be gated.
      '<script src="/tp/stats.js"></script>' +
      // A lazy-loading library's data-src: nothing loaded.
      '<iframe class="lazy" data-src="https://connect.facebook.net/lazy.html"></iframe>' +
      '<script>{ const s = document.createElement("script"); s.src = "https://tp.example/stats.js"; document.body.append(s); }</script>' +
      // One innerHTML made: the browser never runs it, so nothing ran without consent.
      '<div id="inner"></div><script>document.getElementById("inner").innerHTML = \'<script src="https://tp.example/stats-inner.js"><\' + \'/script>\';</script>' })),
    { wait: ready });
    const mine = () => warnings.filter((w) => w.startsWith('CookieGate:'));
    await until(() => mine().length >= 2, 'two warnings');
    const stats = mine().find((w) => w.includes('stats-plain.js'));
    assert.match(stats, /<script src="https:\/\/tp\.example\/stats-plain\.js"><\/script> ran without consent: its URL is service "stats" of category "analytics"/);
    assert.match(stats, /with data-category="analytics" data-service="stats"; gated scripts need type="text\/plain"/);
    assert.match(mine().find((w) => w.includes('plain.html')),
      /loaded without consent: its URL is service "meta" of category "marketing"[^]*data-category="marketing" data-service="meta"; gated frames carry their URL in data-src, not src/);
    // The one the page inserted is held, not run: nothing to say about it.
    assert.equal(await p.evaluate(() => document.querySelectorAll('script[data-cookiegate-blocked]').length), 1);
    // The plain frame, said, is emptied and held once the core has answered.
    await until(() => !p.frames().some((f) => f.url().endsWith('/plain.html')), 'the plain frame emptied');
    assert.equal(await p.evaluate(() => document.querySelector('iframe[data-src$="/plain.html"]')?.getAttribute('data-category')), 'marketing');
    // Allowed, the held one runs; the plain ones are not said again. A tag inserted
    // while allowed, then refused without a reload, ran with consent: not said either.
    await p.evaluate(() => CookieGate.acceptAll());
    await p.waitForFunction(() => window.__ran.includes('https://tp.example/stats.js'));
    await p.evaluate(() => { const s = document.createElement('script'); s.src = 'https://tp.example/stats-later.js'; document.body.append(s); });
    await p.waitForFunction(() => window.__ran.includes('https://tp.example/stats-later.js'));
    await p.evaluate(() => CookieGate.rejectAll());
    // The gate's run after a change checks the markup before the change event is out.
    await p.waitForFunction(() => window.__events.filter((e) => e.type === 'change').length >= 2);
    assert.equal(mine().length, 2, mine().join('\n'));
  }));
});

describe('real pages', () => {
  test('gated scripts made by innerHTML or the way React makes them run once allowed', () => fresh(async ({ context }) => {
    const p = await open(context, serve(page({ head: '' })), { wait: ready });
    await p.evaluate(() => CookieGate.acceptAll());
    await p.evaluate(() => {
      const d = document.createElement('div');
      d.innerHTML = '<script type="text/plain" data-category="analytics" data-src="/tp/inner.js"></script>' +
        '<script type="text/plain" data-category="analytics">window.__ran.push("inner-inline")</script>';
      document.body.append(d);
      const r = document.createElement('div');
      r.innerHTML = '<script></script>';
      const s = r.removeChild(r.firstChild);
      s.setAttribute('type', 'text/plain');
      s.setAttribute('data-category', 'analytics');
      s.setAttribute('data-src', '/tp/react.js');
      document.body.appendChild(s);
    });
    await p.waitForFunction(() => ['/tp/inner.js', 'inner-inline', '/tp/react.js'].every((x) => window.__ran.includes(x)));
  }));

  test('a stalled script holds back no frame', () => fresh(async ({ context }) => {
    const release = hold('/tp/stats-hang.js');
    try {
      const p = await open(context, serve(page({ head: '', body:
        '<iframe id="pref" data-category="preferences" data-src="/tp/pref.html"></iframe>' +
        '<script type="text/plain" data-category="analytics" data-service="stats" data-src="/tp/stats-hang.js"></script>' })), { wait: ready });
      await p.evaluate(() => CookieGate.set({ analytics: true }));
      await p.waitForFunction(() => window.__events.some((e) => e.type === 'change'));
      // The change event comes before the release, and the request reaches the server
      // later still: a suite run once found it not yet there.
      await until(() => requested.has('/tp/stats-hang.js'), 'the stalled script to be requested');
      await p.evaluate(() => CookieGate.set({ analytics: true, preferences: true }));
      await p.waitForFunction(() => document.getElementById('pref').getAttribute('src') === '/tp/pref.html');
      await p.evaluate(() => {
        const f = document.createElement('iframe'); f.id = 'later';
        f.setAttribute('data-category', 'preferences'); f.setAttribute('data-src', '/tp/later.html');
        document.body.append(f);
      });
      await p.waitForFunction(() => document.getElementById('later').getAttribute('src') === '/tp/later.html');
      assert.deepEqual(await ran(p), [], 'the stalled script is still stalled');
    } finally { release(); }
  }));

  test('document.write in an activated script keeps the page and writes after the script', () => fresh(async ({ context }) => {
    const p = await open(context, serve(page({ head: '', body:
      '<script type="text/plain" data-category="marketing">document.write(\'<div id="ad-slot">ad\'); document.write(\'</div>\')</script>' +
      '<p id="after">after</p>' })), { wait: ready });
    await p.evaluate(() => CookieGate.acceptAll());
    await p.waitForFunction(() => document.getElementById('ad-slot'));
    const info = await p.evaluate(() => ({
      content: !!document.getElementById('content'),
      ad: document.getElementById('ad-slot').textContent,
      prev: document.getElementById('ad-slot').previousElementSibling.getAttribute('data-category'),
      next: document.getElementById('ad-slot').nextElementSibling.id,
      api: CookieGate.get().categories.marketing,
    }));
    assert.deepEqual(info, { content: true, ad: 'ad', prev: 'marketing', next: 'after', api: true });
  }));

  test('a gated frame stays the element the page made and follows a new data-src', () => fresh(async ({ context, problems }) => {
    const p = await open(context, serve(page({ head: '', body:
      '<div id="app"><iframe id="media" data-category="preferences" data-src="/tp/v1.html"></iframe></div>' })), { wait: ready });
    await p.evaluate(() => { window.__media = document.getElementById('media'); CookieGate.acceptAll(); });
    await p.waitForFunction(() => window.__media.getAttribute('src') === '/tp/v1.html' && window.__media.isConnected);
    await p.evaluate(() => window.__media.setAttribute('data-src', '/tp/v2.html'));
    await p.waitForFunction(() => window.__media.getAttribute('src') === '/tp/v2.html');
    await p.evaluate(() => document.getElementById('app').removeChild(window.__media));
    assert.deepEqual(problems.pageErrors, []);
  }));

  test('external gated scripts run in document order whichever attribute carries the URL', () => fresh(async ({ context }) => {
    // The first script is answered only after the second was requested.
    let fastAsked;
    const asked = new Promise((ok) => { fastAsked = ok; });
    holds.set('/tp/order-slow.js', asked);
    const watch = setInterval(() => { if (requested.has('/tp/order-fast.js')) { clearInterval(watch); fastAsked(); } }, 5);
    try {
      const p = await open(context, serve(page({ head: '', body:
        '<script type="text/plain" data-category="analytics" data-src="/tp/order-slow.js"></script>' +
        '<script type="text/plain" data-category="analytics" data-src="/tp/order-fast.js"></script>' +
        '<script type="text/plain" data-category="analytics">window.__ran.push("order-inline")</script>' +
        '<script type="text/plain" data-category="analytics" data-type="module" data-src="/tp/order-module.js"></script>' })), { wait: ready });
      await p.evaluate(() => CookieGate.acceptAll());
      await waitRan(p, '/tp/order-module.js');
      assert.deepEqual(await ran(p), ['/tp/order-slow.js', '/tp/order-fast.js', 'order-inline', '/tp/order-module.js']);
    } finally {
      // A failure before the request would leave the timer, and the held response, behind.
      clearInterval(watch);
      holds.delete('/tp/order-slow.js');
      fastAsked();
    }
  }));

  test('gated markup and held scripts inside shadow roots run once allowed', () => fresh(async ({ context }) => {
    const p = await open(context, serve(page({ head: '', body:
      '<div id="dsd"><template shadowrootmode="open"><script type="text/plain" data-category="analytics" data-src="/tp/dsd.js"></script></template></div>' +
      '<script>(function () { var host = document.body.appendChild(document.createElement("div"));' +
      ' var root = host.attachShadow({ mode: "open" });' +
      ' root.innerHTML = \'<script type="text/plain" data-category="analytics">window.__ran.push("shadow-inline")<\' + \'/script>\';' +
      ' var s = document.createElement("script"); s.src = "https://tp.example/stats-shadow.js"; root.appendChild(s); })();</script>' })), { wait: ready });
    assert.deepEqual(await ran(p), []);
    await p.evaluate(() => CookieGate.acceptAll());
    await p.waitForFunction(() => ['/tp/dsd.js', 'shadow-inline', 'https://tp.example/stats-shadow.js'].every((x) => window.__ran.includes(x)));
  }));

  test('a React 19 production build: gated JSX runs once allowed, React keeps updating and unmounting it',
    () => fresh(async ({ context, problems }) => {
      const p = await open(context, serve(page({ head: '', body: '<div id="root"></div><script src="/app/app.js"></script>' })),
        { wait: ready });
      await p.waitForFunction(() => document.getElementById('video'));
      await p.evaluate(() => { window.__video = document.getElementById('video'); CookieGate.acceptAll(); });
      await p.waitForFunction(() => window.__video.getAttribute('src') === '/tp/v1.html' && window.__video.isConnected);
      await waitRan(p, '/tp/react-gated.js');
      await p.evaluate(() => window.__app.setVideo('/tp/v2.html'));
      await p.waitForFunction(() => document.getElementById('video') === window.__video && window.__video.getAttribute('src') === '/tp/v2.html');
      await p.evaluate(() => window.__app.setShown(false));
      await p.waitForFunction(() => document.getElementById('status').textContent === 'hidden');
      assert.equal(await p.evaluate(() => document.getElementById('title').textContent), 'React app', 'the app did not blank');
      assert.deepEqual(await p.evaluate(() => window.__appErrors || []), []);
      assert.deepEqual(problems.pageErrors, []);
      assert.deepEqual(await ran(p), ['/tp/react-gated.js']);
    }));

  test('a fragment swap (htmx, Turbo frames): swapped-in markup waits for consent, then runs; allowed markup runs at once',
    () => fresh(async ({ context }) => {
      const p = await open(context, serve(page({ head: '', body: '<div id="slot"></div>' })), { wait: ready });
      const swap = (id) => p.evaluate((i) => {
        document.getElementById('slot').innerHTML =
          `<script type="text/plain" data-category="analytics">window.__ran.push("swap-${i}")</script>` +
          `<iframe data-category="preferences" data-src="/tp/swap-${i}.html"></iframe>`;
      }, id);
      await swap(1);
      await p.waitForFunction(() => document.querySelector('#slot iframe'));
      assert.equal(await p.evaluate(() => document.querySelector('#slot iframe').hasAttribute('src')), false);
      assert.deepEqual(await ran(p), []);
      await p.evaluate(() => CookieGate.acceptAll());
      await waitRan(p, 'swap-1');
      await swap(2);
      await waitRan(p, 'swap-2');
      await p.waitForFunction(() => document.querySelector('#slot iframe').getAttribute('src') === '/tp/swap-2.html');
      assert.deepEqual(await ran(p), ['swap-1', 'swap-2']);
    }));
});

describe('withdrawal: the core names what was withdrawn', () => {
  test('withdrawing a category without services reloads the page, so its running code stops', () => fresh(async ({ context }) => {
    const path = serve(page({ head: '', body:
      '<script type="text/plain" data-category="preferences">window.__ticks = setInterval(function () {}, 50); window.__ran.push("timer")</script>' }));
    const p = await open(context, path, { wait: ready });
    await p.evaluate(() => CookieGate.acceptAll());
    await waitRan(p, 'timer');
    const reload = p.waitForEvent('load');
    await p.evaluate(() => { window.__before = true; CookieGate.set({ analytics: true, marketing: true, preferences: false }); });
    await reload;
    await ready(p);
    assert.equal(await p.evaluate(() => window.__before), undefined, 'a new page');
    assert.deepEqual(await ran(p), []);
    assert.equal(await p.evaluate(() => CookieGate.get().categories.analytics), true, 'the other decisions kept');
  }));
});


describe('withdrawal: what is deleted', () => {
  // Two services may list the same cookie or storage key (one `_ga` for analytics and
  // for ads): withdrawing one must not delete what the other, still allowed, uses.
  test('a withdrawn service\'s cookies and storage go, except those a still-allowed service lists', () => fresh(async ({ context }) => {
    const config = JSON.stringify({ ...CONFIG, categories: [
      CONFIG.categories[0],
      { ...CONFIG.categories[1], services: [{ ...CONFIG.categories[1].services[0], cookies: ['_shared', '_stats'], storage: ['shared_key'] }] },
      { ...CONFIG.categories[2], services: [{ ...CONFIG.categories[2].services[0], cookies: ['_shared*', '_fbp'], storage: ['shared_key', 'fb_key'] }] },
      CONFIG.categories[3],
    ] });
    const path = serve(page({ config, head: '' }));
    const p = await open(context, path, { wait: ready });
    await p.evaluate(() => CookieGate.acceptAll());
    await p.evaluate(() => {
      for (const c of ['_shared=1', '_shared_x=1', '_stats=1', '_fbp=1']) document.cookie = c + '; path=/';
      for (const k of ['shared_key', 'fb_key']) localStorage.setItem(k, '1');
    });
    const reload = p.waitForEvent('load');
    await p.evaluate(() => CookieGate.set({ analytics: true, marketing: false, preferences: true }));
    await reload;
    await ready(p);
    const left = await p.evaluate(() => ({
      cookies: document.cookie.split('; ').map((c) => c.split('=')[0]).filter((n) => n.startsWith('_')).sort(),
      storage: Object.keys(localStorage).filter((k) => k.endsWith('_key')).sort(),
    }));
    assert.deepEqual(left, { cookies: ['_shared', '_stats'], storage: ['shared_key'] },
      'the ads\' own go (_shared_x matched only their pattern); analytics keeps what it lists too');
  }));
});

describe('session history', () => {
  // Going back to a page, Chromium points each frame the parser makes again at the URL
  // that frame last had (its session history), whatever the markup says: a gated frame
  // let through before a withdrawal on another page would load again on Back. Its
  // request starts as the parser makes the frame, before any script can look; what the
  // gate can do is cancel that load before the third party's document commits.
  test('Back to a page whose gated frame was allowed before a withdrawal elsewhere: its load is cancelled, the frame stays empty',
    () => fresh(async ({ context, external }) => {
      const FRAME = 'https://connect.facebook.net/frame.html';
      const other = serve(page({ head: '' }));
      const path = serve(page({ head: '', body:
        `<iframe id="fr" data-category="marketing" data-service="meta" data-src="${FRAME}"></iframe>` }));
      const p = await open(context, path, { wait: ready });
      await p.evaluate(() => CookieGate.acceptAll());
      await p.waitForFunction(() => document.getElementById('fr').getAttribute('src'));
      await until(() => external.includes(FRAME), 'the allowed frame requested');
      await p.goto(server.url(other));
      await ready(p);
      const reloaded = p.waitForEvent('load');
      await p.evaluate(() => CookieGate.rejectAll());
      await reloaded;
      await ready(p);
      // The third party answers only once the page is ready: by then a load the gate did
      // not cancel would still commit, and one it cancelled has failed.
      let answer;
      const answered = new Promise((ok) => { answer = ok; });
      await context.route(FRAME, async (route) => {
        await answered;
        await route.fulfill({ status: 200, contentType: 'text/html', body: '<script>top.postMessage("third party ran", "*")</script>' }).catch(() => {});
      });
      // Cancelled before the browser issued it, the request has no event at all (seen on
      // an idle machine: the test then waited for good).
      let issued = false;
      p.on('request', (r) => { if (r.url() === FRAME) issued = true; });
      const outcome = new Promise((ok) => {
        p.on('requestfinished', (r) => { if (r.url() === FRAME) ok('loaded'); });
        p.on('requestfailed', (r) => { if (r.url() === FRAME) ok('cancelled'); });
      });
      await p.goBack({ waitUntil: 'commit' });  // the page's load waits for its frame
      await ready(p);
      answer();
      assert.equal(await p.evaluate(() => performance.getEntriesByType('navigation')[0].type), 'back_forward');
      assert.equal(await p.evaluate(() => CookieGate.isAllowed('marketing')), false);
      assert.equal(issued ? await outcome : 'cancelled', 'cancelled');
      // A frame with the third party's document is cross-origin: reading its URL throws.
      assert.equal(await p.evaluate(() => document.getElementById('fr').contentWindow.location.href), 'about:blank');
      assert.equal(await p.evaluate(() => document.getElementById('fr').getAttribute('src')), null);
      await context.unroute(FRAME);
      const before = external.length;
      await p.evaluate(() => CookieGate.acceptAll());
      await until(() => external.slice(before).includes(FRAME), 'the frame allowed again');
    }));
});

describe('frames that are not CookieGate\'s', () => {
  // The session-history cancel (above) is for gated frames only: a lazy-loading
  // library's data-src frame the page writes into, or a srcdoc frame, keeps its document
  // (a review found both emptied).
  test('a page\'s own data-src frame it writes into, and a srcdoc frame, keep their content', () => fresh(async ({ context }) => {
    const path = serve(page({ head: '', body:
      '<iframe id="sd" srcdoc="<p>srcdoc content</p>" data-src="/lazy.html"></iframe>' +
      '<script>var f = document.createElement("iframe"); f.id = "own"; f.setAttribute("data-src", "/lazy.html");' +
      'document.body.appendChild(f); f.contentDocument.write("<p>written by the page</p>"); f.contentDocument.close();</script>' }));
    const p = await open(context, path);
    assert.equal(await p.evaluate(() => document.getElementById('own').contentDocument.body.textContent), 'written by the page');
    await p.waitForFunction(() => document.getElementById('sd').contentDocument?.body?.textContent === 'srcdoc content',
      null, { timeout: 5000 });
  }));
});

describe('what the browser never runs, CookieGate never runs', () => {
  // A second fresh-clone trial: a <script src> made by innerHTML on a detached element
  // and then appended (React's dangerouslySetInnerHTML, a CMS's HTML) is inert in every
  // browser, but the hold held it and the release ran it as a fresh copy: before the
  // config was valid for any URL, after it for one matching a service, once allowed.
  const inert = (tag) => `(function () {
    var d = document.createElement('div');
    d.innerHTML = '<script src="/tp/inert-local-${tag}.js"></scr' + 'ipt><script src="https://tp.example/stats-inert-${tag}.js"></scr' +
      'ipt><script src="https://cdn.example/inert-${tag}.js"></scr' + 'ipt><script type="text/plain" src="/tp/plain-${tag}.js"></scr' + 'ipt>';
    (document.body || document.head).append(d);
    var c = document.createElement('section');
    c.innerHTML = '<p><script src="/tp/inert-nested-${tag}.js"></scr' + 'ipt></p>';
    (document.body || document.head).appendChild(c.firstChild);
    var q = document.createElement('script');
    q.type = 'text/plain';
    q.src = '/tp/plain-created-${tag}.js';
    (document.body || document.head).append(q);
  })();`;
  test('scripts made by innerHTML and inserted, before and after the config and consent, never load', () =>
    fresh(async ({ context, external }) => {
      const p = await open(context, serve(page({ head: `<script>${inert('early')}</script>` })), { wait: ready });
      await p.evaluate(() => CookieGate.acceptAll());
      await p.evaluate(inert('late'));
      // Then a script that does run, inserted after them, and the network quiet.
      await p.evaluate(() => { const s = document.createElement('script'); s.src = '/tp/stats-marker.js'; document.body.append(s); });
      await waitRan(p, '/tp/stats-marker.js');
      await p.waitForLoadState('networkidle');
      const inertRan = (await ran(p)).filter((x) => /inert|plain-/.test(x));
      assert.deepEqual(inertRan, []);
      assert.deepEqual(external.filter((u) => /inert/.test(u)), []);
      assert.deepEqual([...requested].filter((u) => /inert|plain-/.test(u)), []);
      // They stay as the page made them: not marked as held.
      assert.equal(await p.evaluate(() => document.querySelectorAll('script[src*="inert"][data-cookiegate-blocked]').length), 0);
    }));

  // A review of that fix: a custom element's code runs within the write, and a script it
  // makes there is not the parser's; nor does a text/plain script left unheld let a later
  // type change and a text child load its refused URL.
  test('a script a custom element makes during an HTML write, and a text/plain one turned runnable, are still held', () =>
    fresh(async ({ context, external }) => {
      const p = await open(context, serve(page({ head: '' })), { wait: ready });
      await p.evaluate((fb) => {
        customElements.define('my-widget', class extends HTMLElement {
          connectedCallback() { this.s = document.createElement('script'); this.append(this.s); }
        });
        document.body.insertAdjacentHTML('beforeend', '<my-widget></my-widget>');
        document.querySelector('my-widget').s.src = fb;
        const q = document.createElement('script');
        q.type = 'text/plain';
        q.src = fb + '?plain';
        document.head.append(q);
        q.type = 'text/javascript';
        q.text = 'window.__ran.push("plain-turned")';
      }, FB);
      assert.deepEqual((await heldUrls(p)).sort(), [FB, FB + '?plain'].sort());
      await p.waitForLoadState('networkidle');
      assert.deepEqual(external.filter((u) => u.includes('facebook')), []);
      assert.deepEqual((await ran(p)).filter((x) => /facebook|plain-turned/.test(x)), []);
    }));

  // Only the scripts that markup made are the parser's: an empty script already in place
  // runs once given a URL, so it is still held when markup is written beside it.
  test('a script in place when markup is written beside it is still held once given a refused URL', () =>
    fresh(async ({ context }) => {
      const p = await open(context, serve(page({ head: '' })), { wait: ready });
      await p.evaluate((fb) => {
        const s = document.createElement('script');
        document.body.append(s);
        document.body.insertAdjacentHTML('beforeend', '<p>written</p>');
        document.getElementById('content').outerHTML = '<p id="content">rewritten</p>';
        s.src = fb;
      }, FB);
      assert.deepEqual(await heldUrls(p), [FB]);
    }));
});

describe('paths found by an adversarial review', () => {
  const TRACKER = 'https://tp.example/stats-adv.js';

  test('an element made while the config loads and inserted once it is valid is still checked',
    () => fresh(async ({ context, external }) => {
      const release = hold('/config.json');
      const p = await context.newPage();
      await p.goto(server.url(serve(page({ tag: 'data-config="/config.json"', config: null, head: '' }))));
      await p.evaluate(() => {
        window.__s = document.createElement('script'); window.__s.src = 'https://connect.facebook.net/early.js';
        window.__f = document.createElement('iframe'); window.__f.src = 'https://connect.facebook.net/early.html';
      });
      release();
      await ready(p);
      await p.evaluate(() => { document.body.append(window.__s, window.__f); });
      await p.evaluate(() => { window.__s.remove(); document.body.append(window.__s); });
      assert.deepEqual(external, []);
      assert.equal(await p.evaluate(() => window.__f.hasAttribute('src')), false);
      await p.evaluate(() => CookieGate.acceptAll());
      await waitRan(p, 'https://connect.facebook.net/early.js');
    }));

  test('a gated script made with createElement and src= runs after consent, and so does the inline one after it',
    () => fresh(async ({ context }) => {
      const p = await open(context, serve(page({ head: '' })), { wait: ready });
      await p.evaluate((u) => {
        const s = document.createElement('script'); s.type = 'text/plain'; s.dataset.category = 'analytics'; s.src = u;
        document.body.appendChild(s);
        const i = document.createElement('script'); i.type = 'text/plain'; i.dataset.category = 'analytics';
        i.text = 'window.__ran.push("after-src")'; document.body.appendChild(i);
      }, TRACKER);
      await p.evaluate(() => CookieGate.acceptAll());
      await p.waitForFunction((u) => window.__ran.includes(u) && window.__ran.includes('after-src'), TRACKER);
      assert.deepEqual(await ran(p), [TRACKER, 'after-src']);
    }));

  test('a held script stays inert whatever path changes its type back', () => fresh(async ({ context, external }) => {
    const p = await open(context, serve(page({ head: '' })), { wait: ready });
    const ways = [
      (s) => { s.attributes.removeNamedItem('type'); s.remove(); document.head.appendChild(s); },
      (s) => { s.removeAttributeNode(s.getAttributeNode('type')); s.appendChild(document.createTextNode(' ')); },
      (s) => { s.removeAttributeNS(null, 'type'); s.remove(); document.head.append(s); },
      (s) => { s.getAttributeNode('type').nodeValue = 'text/javascript'; s.remove(); document.head.append(s); },
      (s) => { s.getAttributeNode('type').textContent = 'text/javascript'; s.remove(); document.head.append(s); },
    ];
    for (const [i, way] of ways.entries()) {
      await p.evaluate(([u, w]) => {
        const s = document.createElement('script'); s.src = u; document.head.appendChild(s);
        (0, eval)(`(${w})`)(s);
      }, [`${TRACKER}?way=${i}`, way.toString()]);
    }
    assert.deepEqual(external, []);
  }));

  test('an empty script in the page given a URL through its attribute map, or a value that changes, is held',
    () => fresh(async ({ context, external }) => {
      const p = await open(context, serve(page({ head: '' })), { wait: ready });
      await p.evaluate((u) => {
        const s = document.createElement('script'); document.head.appendChild(s);
        const a = document.createAttribute('src'); a.value = u + '?map'; s.attributes.setNamedItem(a);
        let n = 0;
        const t = document.createElement('script');
        t.src = { toString: () => (n++ < 2 ? '/tp/benign.js' : u + '?flip') };
        document.head.appendChild(t);
      }, TRACKER);
      assert.deepEqual(external.filter((u) => u.startsWith(TRACKER)), []);
    }));

  test('inserting next to text, replaceChildren and Range.insertNode are watched too, with another realm\'s elements',
    () => fresh(async ({ context, external }) => {
      const p = await open(context, serve(page({ head: '', body: '<div id="box">text</div>' })), { wait: ready });
      await p.evaluate((u) => {
        const f = document.body.appendChild(document.createElement('iframe'));
        const W = f.contentWindow;
        const make = (q) => { const el = W.document.createElement('script'); W.Element.prototype.setAttribute.call(el, 'src', u + q); return el; };
        const box = document.getElementById('box');
        const text = box.firstChild;
        text.before(make('?before'));
        text.after(make('?after'));
        document.body.appendChild(document.createElement('div')).replaceChildren(make('?replaceChildren'));
        const r = document.createRange(); r.selectNodeContents(box); r.insertNode(make('?range'));
        const c = box.appendChild(document.createComment('c')); c.replaceWith(make('?comment'));
      }, TRACKER);
      assert.deepEqual(external, []);
    }));

  test('embed and object of a refused service are held until consent', () => fresh(async ({ context, external }) => {
    const p = await open(context, serve(page({ head: '' })), { wait: ready });
    await p.evaluate(() => {
      const e = document.createElement('embed'); e.type = 'text/html'; e.src = 'https://connect.facebook.net/embed.html'; document.body.append(e);
      const o = document.createElement('object'); o.type = 'text/html'; o.data = 'https://connect.facebook.net/object.html'; document.body.append(o);
    });
    assert.deepEqual(external, []);
    assert.deepEqual((await heldUrls(p)).sort(), ['https://connect.facebook.net/embed.html', 'https://connect.facebook.net/object.html']);
    await p.evaluate(() => CookieGate.acceptAll());
    await p.waitForFunction(() => document.querySelector('embed').getAttribute('src') && document.querySelector('object').getAttribute('data'));
  }));

  test('gated scripts from a <template>, importNode, cloneNode and setHTMLUnsafe run once allowed', () => fresh(async ({ context }) => {
    const p = await open(context, serve(page({ head: '' })), { wait: ready });
    await p.evaluate(() => {
      const markup = (id) => `<script type="text/plain" data-category="analytics">window.__ran.push("${id}")</script>`;
      const t = document.createElement('template'); t.innerHTML = markup('template'); document.body.append(t.content);
      const u = document.createElement('template'); u.innerHTML = markup('importNode'); document.body.append(document.importNode(u.content, true));
      const d = document.createElement('div'); d.innerHTML = markup('cloneNode'); document.body.append(d.cloneNode(true));
      if (Element.prototype.setHTMLUnsafe) {
        const h = document.body.appendChild(document.createElement('div')); h.setHTMLUnsafe(markup('setHTMLUnsafe'));
      } else window.__ran.push('setHTMLUnsafe');
    });
    await p.evaluate(() => CookieGate.acceptAll());
    await p.waitForFunction(() => ['template', 'importNode', 'cloneNode', 'setHTMLUnsafe'].every((x) => window.__ran.includes(x)));
  }));

  test('patterns written with upper case, a default port or no scheme match the URL they name', () => fresh(async ({ context, external }) => {
    const config = JSON.stringify({ ...CONFIG, categories: [CONFIG.categories[0], { id: 'analytics', title: 'Analytics', services: [
      { id: 'a', scripts: ['https://Stats.Example.com/*'] }, { id: 'b', scripts: ['stats2.example.com/*'] },
      { id: 'c', scripts: ['https://stats3.example.com:443/*'] }] }] });
    const p = await open(context, serve(page({ head: '', config })), { wait: ready });
    await p.evaluate(() => ['https://stats.example.com/a.js', 'https://stats2.example.com/b.js', 'http://stats3.example.com/c.js']
      .forEach((u) => { const s = document.createElement('script'); s.src = u; document.head.append(s); }));
    assert.deepEqual(external, []);
    assert.equal((await heldUrls(p)).length, 3);
  }));

  test('an activated frame pointed at a refused URL after a withdrawal is held again', () => fresh(async ({ context, external }) => {
    const p = await open(context, serve(page({ head: '', tag: 'data-config="#cg" data-reload-on-withdrawal="false"', body:
      '<iframe id="fr" data-category="marketing" data-service="meta" data-src="https://connect.facebook.net/v1.html"></iframe>' })), { wait: ready });
    await p.evaluate(() => CookieGate.acceptAll());
    await p.waitForFunction(() => document.getElementById('fr').getAttribute('src'));
    await p.evaluate(() => CookieGate.rejectAll());
    await p.waitForFunction(() => !CookieGate.isAllowed('marketing'));
    const before = external.length;
    await p.evaluate(() => { document.getElementById('fr').src = 'https://connect.facebook.net/v2.html'; });
    assert.equal(await p.evaluate(() => document.getElementById('fr').getAttribute('data-src')), 'https://connect.facebook.net/v2.html');
    assert.deepEqual(external.slice(before), []);
  }));

  // Without a reload, a trial's allowed video kept playing after Reject all: a frame,
  // unlike a script, can be stopped. It is sent to about:blank, held as gated markup
  // again (the same element, its data-src kept), and loads again once allowed.
  test('a withdrawal without reload unloads the withdrawn category\'s frames; consent again loads them', () =>
    fresh(async ({ context, external }) => {
      const p = await open(context, serve(page({ head: '', tag: 'data-config="#cg" data-reload-on-withdrawal="false"', body:
        '<iframe id="fr" data-category="marketing" data-service="meta" data-src="https://connect.facebook.net/video.html"></iframe>' +
        '<iframe id="other" data-category="preferences" data-src="/tp/prefs.html"></iframe>' })), { wait: ready });
      // What each frame shows, by the browser's own frame tree (the video is cross-origin).
      const shown = () => p.frames().slice(1).map((f) => f.url()).sort();
      const video = 'https://connect.facebook.net/video.html';
      const player = 'https://connect.facebook.net/player.html';
      const prefs = server.url('/tp/prefs.html');
      await p.evaluate(() => { window.__el = document.getElementById('fr'); CookieGate.acceptAll(); });
      await until(() => shown().includes(video) && shown().includes(prefs), 'both frames loaded');
      // A frame a script gives src while its service is allowed (an embed API's player)
      // is let through as it is, never activated by the gate: it stops too.
      await p.evaluate((url) => {
        const f = document.createElement('iframe');
        f.id = 'player';
        f.src = url;
        document.body.append(f);
      }, player);
      await until(() => shown().includes(player), 'the player loaded');
      // A srcdoc frame never shows its src (a trial's adversary): left as the page wrote it.
      await p.evaluate((url) => {
        const f = document.createElement('iframe');
        f.id = 'doc';
        f.setAttribute('srcdoc', '<p>written</p>');
        f.src = url;
        document.body.append(f);
      }, video);
      await p.waitForFunction(() => document.getElementById('doc').contentDocument?.body?.textContent === 'written');
      await p.evaluate(() => document.getElementById('doc').contentDocument.body.append('+ more'));
      const entries = await p.evaluate(() => history.length);
      await p.evaluate(() => CookieGate.set({ analytics: false, marketing: false, preferences: true }));
      await p.waitForFunction(() => !CookieGate.isAllowed('marketing'));
      await until(() => !shown().includes(video) && !shown().includes(player), 'the withdrawn frames unloaded');
      assert.deepEqual(shown(), ['about:blank', 'about:blank', 'about:srcdoc', prefs]);
      assert.deepEqual(await p.evaluate(() => ['fr', 'player'].map((id) => {
        const f = document.getElementById(id);
        return [f.getAttribute('src'), f.getAttribute('data-src')];
      }).concat([[document.getElementById('fr') === window.__el]])), [[null, video], [null, player], [true]]);
      assert.deepEqual(await p.evaluate(() => {
        const f = document.getElementById('doc');
        return [f.getAttribute('src'), f.hasAttribute('data-src'), f.contentDocument.body.textContent];
      }), [video, false, 'written+ more']);
      // Emptied in place of their history entry: Back does not bring a video back.
      assert.equal(await p.evaluate(() => history.length), entries);
      const before = external.filter((u) => u === video || u === player).length;
      await p.evaluate(() => CookieGate.acceptAll());
      await until(() => shown().includes(video) && shown().includes(player), 'the frames loaded again');
      assert.equal(external.filter((u) => u === video || u === player).length, before + 2);
    }));

  test('a config error reaches a cookiegate:error listener added after the tag', () => fresh(async ({ context }) => {
    const p = await context.newPage();
    await p.goto(server.url(serve(page({ config: '{"policy":', head:
      '<script>window.__late = []; addEventListener("cookiegate:error", (e) => window.__late.push(e.detail.name));</script>' }))));
    await p.waitForFunction(() => window.__late.length > 0);
    assert.deepEqual(await p.evaluate(() => window.__late), ['config_not_json']);
  }));
});
