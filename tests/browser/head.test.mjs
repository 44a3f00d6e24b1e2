// The script tag's synchronous head part (web/dist/cookiegate.js) on its own, in
// Debian's Chromium: the server holds back the rest (cookiegate-runtime.js) until a
// test releases it, or answers it with 404, so "before the rest arrived" is observed,
// not timed. The head alone must hold gated and inserted scripts and push the Consent
// Mode default; calls made meanwhile run in order once the rest is there; a rest that
// never comes fails closed with error 508.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';

import { collectProblems, launchBrowser, repoRoot, startServer, test, until } from './harness.mjs';

const dist = join(repoRoot, 'web/dist');
const REST = '/dist/cookiegate-runtime.js';
const BRIDGE = '/dist/cookiegate-bridge.js';

const config = {
  policy: { version: '1.0.0', url: '/privacy' },
  consentMode: { enabled: true },
  categories: [
    { id: 'necessary', required: true, title: 'Necessary' },
    { id: 'analytics', title: 'Analytics', services: [{ id: 'stats', title: 'Stats', scripts: ['*/tp/inserted.js'] }] },
  ],
};
// A gated script in markup, and a page script inserting a third-party one.
const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>head part</title>
<link rel="icon" href="data:,">
<script type="application/json" id="cookiegate-config">${JSON.stringify(config)}</script>
<script src="/dist/cookiegate.js" data-config="#cookiegate-config" data-reload-on-withdrawal="false"></script>
<script>
  window.__ran = [];
  window.__consentAtStart = JSON.stringify((window.dataLayer || []).map((a) => Array.from(a)));
  const s = document.createElement('script');
  s.src = '/tp/inserted.js';
  document.head.appendChild(s);
</script>
<script type="text/plain" data-category="analytics" src="/tp/gated.js"></script>
</head><body><main><h1>Head part</h1></main><footer><a href="#settings" data-cookiegate-open>Cookie settings</a></footer></body></html>`;

// The same page with an inline config that is not JSON (a trailing comma); and with the
// config fetched from /cfg.json by a tag that stands twice (a template that pasted it
// twice runs it twice, as a page-swap library re-creating it does).
const fetched = '<script src="/dist/cookiegate.js" data-config="/cfg.json" data-reload-on-withdrawal="false"></script>';
// The same page in another language, its config offering English and Chinese: in
// Chinese, where the core's answer is certain before it has loaded (one Chinese
// offered); in French, where it is not (the core goes on to the browser's languages).
const inLanguage = (lang, languages) => page.replace('<html lang="en">', `<html lang="${lang}">`)
  .replace(JSON.stringify(config), JSON.stringify({ ...config, languages }));
const withWasmUrl = (url) => page.replace('data-config="#cookiegate-config"', `data-config="#cookiegate-config" data-wasm-url="${url}"`);
const pages = {
  '/page.html': page,
  '/zh.html': inLanguage('zh', ['en', 'zh']),
  '/fr.html': inLanguage('fr', ['en', 'zh']),
  '/not-json.html': page.replace(`${JSON.stringify(config)}</script>`, `${JSON.stringify(config).replace(/}$/, ',}')}</script>`),
  '/twice-fetched.html': page.replace(/<script src="\/dist\/cookiegate\.js"[^>]*><\/script>/, fetched + fetched),
  // The .wasm served from elsewhere, named by the tag; and an empty data-wasm-url, as a
  // template with an unset variable writes it.
  '/wasm-url.html': withWasmUrl('/elsewhere/core.wasm'),
  '/wasm-url-empty.html': withWasmUrl(''),
  // Attribute values the README does not list (a trial's data-ui="false" still showed
  // the banner, its data-reload-on-withdrawal="no" still reloaded), and a config element
  // without type="application/json", which the browser runs as a script.
  '/attrs.html': page.replace('data-config="#cookiegate-config" data-reload-on-withdrawal="false"',
    'data-config="#cookiegate-config" data-ui="false" data-reload-on-withdrawal="no" data-core-worker="false" data-verified-crawler="yes"'),
  '/untyped.html': page.replace('<script type="application/json" id="cookiegate-config">', '<script id="cookiegate-config">'),
  // An id that is not a CSS identifier (it starts with a digit): "#1-cfg" is no selector.
  '/digit-id.html': page.replace('id="cookiegate-config"', 'id="1-cfg"').replace('data-config="#cookiegate-config"', 'data-config="#1-cfg"'),
};

let server;
let browser;
const holds = new Map();  // path -> what releases it: answered only once released
let release = () => {};   // releases every hold
let gone = false;         // the rest is answered with 404

before(async () => {
  assert.ok(existsSync(join(dist, 'cookiegate.js')), 'web/dist missing: run node web/build.mjs');
  server = await startServer({
    mounts: { '/dist/': dist },
    handle: async (_req, res, url) => {
      if (url.pathname === REST && gone) { res.writeHead(404); res.end('gone'); return true; }
      // Answered once released, as below or from the mount.
      if (holds.has(url.pathname)) await holds.get(url.pathname).held;
      if (url.pathname === '/cfg.json') {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
        res.end(JSON.stringify(config));
        return true;
      }
      if (url.pathname.startsWith('/tp/')) {
        const id = url.pathname.slice(4, -3);
        res.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store' });
        res.end(`window.__ran.push(${JSON.stringify(id)});`);
        return true;
      }
      if (url.pathname === '/elsewhere/core.wasm') {
        res.writeHead(200, { 'Content-Type': 'application/wasm', 'Cache-Control': 'no-store' });
        res.end(readFileSync(join(dist, 'cookiegate-core.wasm')));
        return true;
      }
      const html = pages[url.pathname];
      if (!html) return false;
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(html);
      return true;
    },
  });
  browser = await launchBrowser();
});
after(async () => {
  release();
  await browser?.close();
  await server?.close();
});

function observe() {
  window.__events = [];
  window.__warnings = [];
  const warn = console.warn;
  console.warn = (...args) => { window.__warnings.push(args.join(' ')); warn.apply(console, args); };
  for (const t of ['ready', 'error']) addEventListener('cookiegate:' + t, (e) => window.__events.push({ type: t, detail: e.detail }));
}

// Every first-layer banner element built, and whether the core had answered then.
function banners() {
  window.__banners = [];
  const inShadow = new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (n.nodeType === 1 && n.matches('.bn')) {
          window.__banners.push({ el: n, beforeReady: !window.__events.some((e) => e.type === 'ready') });
        }
      }
    }
  });
  new MutationObserver((_, mo) => {
    const host = document.querySelector('cookiegate-ui');
    if (!host?.shadowRoot) return;
    mo.disconnect();
    for (const n of host.shadowRoot.querySelectorAll('.bn')) window.__banners.push({ el: n, beforeReady: !window.__events.some((e) => e.type === 'ready') });
    inShadow.observe(host.shadowRoot, { childList: true });
  }).observe(document, { childList: true, subtree: true });
}

// `held`: true holds the rest, a path or a list of paths those.
async function open(fn, { held = false, missing = false, banners: watchBanners = false, path = '/page.html' } = {}) {
  gone = missing;
  for (const heldPath of held === true ? [REST] : held ? [held].flat() : []) {
    let ok;
    holds.set(heldPath, { held: new Promise((r) => { ok = r; }), release: () => { holds.delete(heldPath); ok(); } });
  }
  release = () => { for (const h of [...holds.values()]) h.release(); };
  const context = await browser.newContext();
  const problems = await collectProblems(context);
  await context.addInitScript(observe);
  if (watchBanners) await context.addInitScript(banners);
  const requested = [];
  context.on('request', (r) => requested.push(new URL(r.url()).pathname));
  try {
    const p = await context.newPage();
    await p.goto(server.url(path), { waitUntil: 'domcontentloaded' });
    return await fn(p, requested, problems);
  } finally {
    release();
    await context.close();
    gone = false;
  }
}

// What the head alone must have done by the time the page is parsed.
async function heldAlone(p, requested) {
  await p.waitForFunction(() => document.readyState !== 'loading');
  assert.ok(requested.includes(REST), 'the head part did not import the rest');
  assert.ok(!requested.includes('/dist/cookiegate-core.wasm'), 'the core was requested before the rest arrived');
  const seen = await p.evaluate(() => ({
    consent: JSON.parse(window.__consentAtStart),
    inserted: document.querySelector('script[src="/tp/inserted.js"]').getAttribute('type'),
    ran: window.__ran,
    api: typeof window.CookieGate?.acceptAll,
    get: window.CookieGate.get(),
  }));
  const dflt = seen.consent.find((a) => a[0] === 'consent' && a[1] === 'default');
  assert.ok(dflt, `no Consent Mode default before the page's next script: ${JSON.stringify(seen.consent)}`);
  assert.equal(dflt[2].analytics_storage, 'denied');
  assert.equal(dflt[2].ad_storage, 'denied');
  assert.equal(seen.inserted, 'text/plain', 'the inserted third-party script was not held');
  assert.deepEqual(seen.ran, [], 'a script ran before consent');
  assert.equal(seen.api, 'function', 'window.CookieGate is missing before the rest arrived');
  assert.equal(seen.get, null);
}

test('the head part alone holds scripts and pushes the Consent Mode default; calls queued meanwhile run in order', () =>
  open(async (p, requested, problems) => {
    await heldAlone(p, requested);
    // Refuse, then accept: in that order, the last call wins.
    await p.evaluate(() => {
      window.__order = [];
      window.__early = [];
      window.CookieGate.on('ready', () => window.__early.push('ready'));
      window.__calls = [
        window.CookieGate.rejectAll().then(() => window.__order.push('reject')),
        window.CookieGate.acceptAll().then((c) => { window.__order.push('accept'); return c.categories.analytics; }),
      ];
    });
    assert.deepEqual(await p.evaluate(() => window.__ran), []);
    release();
    const allowed = await p.evaluate(() => Promise.all(window.__calls).then((r) => r[1]));
    assert.equal(allowed, true, 'acceptAll() queued after rejectAll() did not decide');
    await p.waitForFunction(() => window.__ran.includes('inserted') && window.__ran.includes('gated'));
    const after = await p.evaluate(() => ({
      order: window.__order, early: window.__early, analytics: window.CookieGate.get().categories.analytics,
      cookie: document.cookie.includes('cookiegate='),
    }));
    assert.deepEqual(after.order, ['reject', 'accept']);
    assert.deepEqual(after.early, ['ready'], 'a listener added before the rest arrived missed "ready"');
    assert.equal(after.analytics, true);
    assert.ok(after.cookie, 'the choice was not stored');
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.violations, []);
  }, { held: true }));

test('a rest that cannot be loaded fails closed: error 508 on the console and as an event, queued calls reject', () =>
  open(async (p, requested, problems) => {
    await p.evaluate(() => {
      window.__errors = [];
      window.CookieGate.on('error', (d) => window.__errors.push(d.code));
      window.__queued = window.CookieGate.acceptAll().then(() => 'resolved', (e) => e.code);
      window.__ready = window.CookieGate.ready.then(() => 'resolved', (e) => e.code);
    });
    await p.waitForFunction(() => window.__events.some((e) => e.type === 'error'));
    const seen = await p.evaluate(async () => ({
      events: window.__events.map((e) => [e.type, e.detail.code, e.detail.name]),
      listener: window.__errors,
      queued: await window.__queued,
      ready: await window.__ready,
      later: await window.CookieGate.rejectAll().then(() => 'resolved', (e) => e.code),
      inserted: document.querySelector('script[src="/tp/inserted.js"]').getAttribute('type'),
    }));
    assert.deepEqual(seen.events, [['error', 508, 'chunk_unavailable']]);
    assert.deepEqual(seen.listener, [508], 'an error listener added before the failure was not called');
    assert.equal(seen.queued, 508);
    assert.equal(seen.ready, 508);
    assert.equal(seen.later, 508);
    assert.equal(seen.inserted, 'text/plain');
    await p.waitForLoadState('networkidle');
    assert.deepEqual(await p.evaluate(() => window.__ran), [], 'a script ran without the runtime');
    assert.ok(!requested.includes('/dist/cookiegate-core.wasm'));
    assert.ok(problems.console.some((t) => /CookieGate: error 508 chunk_unavailable: cookiegate-runtime\.js/.test(t)),
      problems.console.join('\n'));
    assert.deepEqual(problems.pageErrors, []);
    // No banner will ever open: a "Cookie settings" link does what its href says.
    await p.click('a[data-cookiegate-open]');
    assert.equal(await p.evaluate(() => location.hash), '#settings');
  }, { missing: true }));

// The .wasm was found only by the bridge, once it had arrived and run (after the
// banner was built): the head part asks for it the moment the runtime has arrived.
test('once the runtime has arrived, the .wasm is requested before the bridge has run, and fetched once', () =>
  open(async (p, requested, problems) => {
    await p.waitForFunction(() => performance.getEntriesByType('resource')
      .some((e) => e.name.endsWith('/dist/cookiegate-core.wasm') && e.responseEnd > 0));
    assert.ok(requested.includes(BRIDGE), 'the bridge was not requested');
    assert.ok(!requested.includes('/dist/cookiegate-core.js'), 'the bridge ran while the test held it');
    release();
    await p.evaluate(() => window.CookieGate.ready);
    // The warm-up worker (web/src/wasm/warm.js) imports the bridge and the glue too: from
    // the cache on a site, anew from this server, which forbids caching; a worker the page
    // stopped waiting for may still be importing them when the core is ready.
    const worker = requested.includes('/dist/cookiegate-warm.js') ? 1 : 0;
    const times = (f) => requested.filter((r) => r === f).length;
    await until(() => times(BRIDGE) === 1 + worker && times('/dist/cookiegate-core.js') === 1 + worker,
      `the bridge and the glue fetched ${1 + worker} times each (now ${times(BRIDGE)} and ${times('/dist/cookiegate-core.js')})`);
    for (const f of [REST, '/dist/cookiegate-core.wasm']) assert.equal(times(f), 1, `${f} was fetched ${times(f)} times`);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.violations, []);
    assert.deepEqual(problems.console, []);
  }, { held: BRIDGE }));

// The banner shows from the runtime's provisional state, before the core answers. Built
// again at the answer (the core fills in defaults the raw config leaves out, such as
// ui.position), it faded in a second time: visible only once the core had answered.
test('the banner shown before the core answered is the same element after it, not built again', () =>
  open(async (p) => {
    await p.evaluate(() => window.CookieGate.ready);
    const seen = await p.evaluate(() => ({
      built: window.__banners.map((b) => b.beforeReady),
      same: window.__banners[0]?.el === document.querySelector('cookiegate-ui').shadowRoot.querySelector('.bn'),
    }));
    assert.deepEqual(seen.built, [true], 'the banner was not built once, before the core answered');
    assert.ok(seen.same, 'the banner is another element after the core answered');
  }, { banners: true }));

// A zh page's banner came in English before the core answered, then slid in again in
// Chinese (a demo check): before the answer it is drawn only in the language the core
// will give, else not at all.
test('before the core answers, the banner is in the page\'s language, or waits for the core', async () => {
  const textsOf = () => window.__banners.map((b) => ({
    beforeReady: b.beforeReady, lang: b.el.getAttribute('lang'), text: b.el.textContent,
  }));
  await open(async (p) => {
    await p.waitForFunction(() => window.__banners.length > 0);
    const early = await p.evaluate(textsOf);
    assert.equal(early[0].beforeReady, true, 'the banner waited for the core although its language was certain');
    assert.match(early[0].text, /全部拒绝/, early[0].text);
    assert.doesNotMatch(early[0].text, /Reject all/, early[0].text);
    release();
    await p.evaluate(() => window.CookieGate.ready);
    assert.equal((await p.evaluate(textsOf)).length, 1, 'the banner was built again when the core answered');
  }, { held: BRIDGE, banners: true, path: '/zh.html' });
  // What "no banner yet" is measured against: the runtime has started and two frames have
  // passed, by which the English page (a certain language) shows its banner.
  const started = (p) => p.waitForFunction(() => window.CookieGate.get() !== null)
    .then(() => p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))));
  await open(async (p) => {
    await started(p);
    assert.equal(await p.evaluate(() => window.__banners.length), 1, 'the control page showed no banner by then');
  }, { held: BRIDGE, banners: true });
  await open(async (p) => {
    await started(p);
    assert.deepEqual(await p.evaluate(textsOf), [], 'a banner was drawn before the core chose a language for a French page');
    release();
    await p.evaluate(() => window.CookieGate.ready);
    await p.waitForFunction(() => window.__banners.length > 0);
    const shown = await p.evaluate(textsOf);
    assert.equal(shown.length, 1);
    assert.equal(shown[0].lang, 'en', 'not the browser\'s language (Chromium here: en-US)');
  }, { held: BRIDGE, banners: true, path: '/fr.html' });
  // An app whose i18n sets <html lang> after the tag has run: the certainty is taken again.
  await open(async (p) => {
    await started(p);
    await p.evaluate(() => { document.documentElement.lang = 'zh'; });
    await p.waitForFunction(() => window.__banners.length > 0);
    const early = await p.evaluate(textsOf);
    assert.equal(early[0].beforeReady, true);
    assert.equal(early[0].lang, 'zh');
  }, { held: BRIDGE, banners: true, path: '/fr.html' });
});

// A page keeps references to CookieGate's methods taken before the rest arrived (a
// revoke button wired in <head>): once the rest is there, they must act at once, never
// wait in a queue nobody empties, or a withdrawal would be silently dropped.
test('methods taken from the stand-in before the rest arrived work after it has', () =>
  open(async (p, requested) => {
    await heldAlone(p, requested);
    await p.evaluate(() => {
      const { acceptAll, rejectAll, get, isAllowed, on } = window.CookieGate;
      window.__kept = { acceptAll, rejectAll, get, isAllowed, on };
      // A kept call that never settles is the defect itself: answer that instead of hanging.
      window.__settled = (pr) => Promise.race([pr, new Promise((ok) => setTimeout(() => ok('never settled'), 5000))]);
    });
    release();
    await p.evaluate(() => window.CookieGate.ready);
    assert.equal(await p.evaluate(() => window.__settled(window.__kept.acceptAll().then((c) => c.categories.analytics))), true,
      'acceptAll() taken from the stand-in did not consent');
    await p.waitForFunction(() => window.__ran.includes('gated'));
    const seen = await p.evaluate(async () => {
      const k = window.__kept;
      const changes = [];
      k.on('change', (c) => changes.push(c.categories.analytics));
      const withdrawn = await window.__settled(k.rejectAll().then((c) => c.categories.analytics));
      return { withdrawn, changes, get: k.get()?.categories.analytics ?? null, allowed: k.isAllowed('analytics') };
    });
    assert.equal(seen.withdrawn, false, 'rejectAll() taken from the stand-in did not withdraw');
    assert.deepEqual(seen.changes, [false], 'on() taken from the stand-in did not listen');
    assert.equal(seen.get, false, 'get() taken from the stand-in still answers null');
    assert.equal(seen.allowed, false);
  }, { held: true }));

// A trial on a throttled network: the footer link clicked before the rest had arrived did
// nothing, ever (a returning visitor wanting to withdraw saw no banner and no dialog).
test('a "Cookie settings" link clicked before the rest arrived opens the preferences once it has', () =>
  open(async (p, requested, problems) => {
    await heldAlone(p, requested);
    await p.click('a[data-cookiegate-open]');
    assert.equal(await p.evaluate(() => location.hash), '', 'the link navigated instead');
    release();
    await p.waitForFunction(() => !!document.querySelector('cookiegate-ui')?.shadowRoot?.querySelector('dialog.dg[open]'));
    assert.deepEqual(problems.pageErrors, []);
  }, { held: true }));

// The .wasm was preloaded (109 KB, and Chrome's "preloaded but not used" warning) for an
// inline config that is not JSON, which the runtime reports and never gives the core.
test('an inline config that is not JSON: error 100, and no .wasm is requested', () =>
  open(async (p, requested, problems) => {
    await p.waitForFunction(() => window.__events.some((e) => e.type === 'error'));
    assert.deepEqual(await p.evaluate(() => window.__events.map((e) => [e.type, e.detail.name])), [['error', 'config_not_json']]);
    assert.ok(requested.includes(REST), 'the runtime was not requested');
    await p.waitForLoadState('networkidle');
    assert.ok(!requested.some((r) => r.endsWith('.wasm')), `requested: ${requested.join(', ')}`);
    assert.equal(await p.evaluate(() => document.querySelectorAll('link[rel="preload"]').length), 0);
    assert.deepEqual(problems.pageErrors, []);
  }, { path: '/not-json.html' }));

// The preload is asked for by the runtime file once it has arrived, not by the head part
// (whose bytes the page's first paint waits for): it must still name the tag's
// data-wasm-url, and the bridge's fetch must reuse it (one request, none for dist's).
test('data-wasm-url: the .wasm is preloaded from that URL once the runtime has arrived, and fetched once', () =>
  open(async (p, requested, problems) => {
    assert.equal(await p.evaluate(() => document.querySelectorAll('link[rel="preload"]').length), 0,
      'preloaded before the runtime arrived');
    release();
    await p.evaluate(() => window.CookieGate.ready);
    await p.waitForLoadState('networkidle');
    const links = await p.evaluate(() => [...document.querySelectorAll('link[rel="preload"]')]
      .map((l) => [l.as, l.crossOrigin, new URL(l.href).pathname]));
    assert.deepEqual(links, [['fetch', 'anonymous', '/elsewhere/core.wasm']]);
    assert.equal(requested.filter((r) => r === '/elsewhere/core.wasm').length, 1, requested.join(', '));
    assert.ok(!requested.includes('/dist/cookiegate-core.wasm'), requested.join(', '));
    assert.deepEqual(problems.pageErrors, []);
  }, { held: true, path: '/wasm-url.html' }));

// An empty data-wasm-url resolved to the page's own URL: the page was preloaded and then
// fetched as the .wasm, and the core failed with error 501.
test('an empty data-wasm-url means the default: the .wasm next to the script', () =>
  open(async (p, requested, problems) => {
    await p.evaluate(() => window.CookieGate.ready);
    await p.waitForLoadState('networkidle');
    const links = await p.evaluate(() => [...document.querySelectorAll('link[rel="preload"]')].map((l) => new URL(l.href).pathname));
    assert.deepEqual(links, ['/dist/cookiegate-core.wasm']);
    assert.equal(requested.filter((r) => r === '/wasm-url-empty.html').length, 1, requested.join(', '));
    assert.deepEqual(await p.evaluate(() => window.__events.map((e) => e.type)), ['ready']);
    assert.deepEqual(problems.pageErrors, []);
  }, { path: '/wasm-url-empty.html' }));

// A page-swap library (Turbo and the like) that replaces <body> re-creates its scripts,
// so a tag placed there ran a second time: it said it had been "loaded with async" and
// preloaded the .wasm again.
test('cookiegate.js inserted again by another script: error 510 says it ran again, and nothing is loaded twice', () =>
  open(async (p, requested, problems) => {
    await p.evaluate(() => window.CookieGate.ready);
    await p.evaluate(() => new Promise((ok, no) => {
      window.__first = window.CookieGate;
      const old = document.querySelector('script[src="/dist/cookiegate.js"]');
      const s = document.createElement('script');
      for (const a of old.attributes) s.setAttribute(a.name, a.value);
      s.onload = ok;
      s.onerror = no;
      document.body.append(s);
    }));
    await p.waitForFunction(() => window.__events.some((e) => e.type === 'error'));
    const placement = problems.console.filter((t) => /error 510 placement/.test(t));
    assert.equal(placement.length, 1, problems.console.join('\n'));
    assert.match(placement[0], /cookiegate\.js ran again[^]*another script[^]*page-swap[^]*<head>/);
    assert.doesNotMatch(placement[0], /async/);
    assert.deepEqual(await p.evaluate(() => window.__events.filter((e) => e.type === 'error').map((e) => e.detail.code)), [510]);
    await p.waitForLoadState('networkidle');
    const seen = await p.evaluate(() => ({
      same: window.CookieGate === window.__first,
      uis: document.querySelectorAll('cookiegate-ui').length,
      preloads: [...document.querySelectorAll('link[rel="preload"]')].map((l) => new URL(l.href).pathname),
    }));
    assert.deepEqual(seen, { same: true, uis: 1, preloads: ['/dist/cookiegate-core.wasm'] });
    for (const f of [REST, '/dist/cookiegate-core.wasm']) {
      assert.equal(requested.filter((r) => r === f).length, 1, `${f} was fetched ${requested.filter((r) => r === f).length} times`);
    }
    assert.deepEqual(problems.pageErrors, []);
  }));

// Said while the config was still being fetched, the second run's 510 reached the
// console only: the runtime that sends 'error' events did not exist yet.
test('a second run said before a fetched config has arrived is still an error event', () =>
  open(async (p, requested, problems) => {
    await p.waitForFunction(() => !!window.CookieGate);
    // Both runs' imports of the rest resolve with this one, the second run's first.
    await p.evaluate((rest) => import(rest), REST);
    // The server hears of the fetch a moment after the page has sent it (a CI run read
    // the list too early).
    await until(() => requested.includes('/cfg.json'), 'the config asked for (and held)');
    release();
    await p.waitForFunction(() => window.__events.some((e) => e.type === 'error'));
    const errors = await p.evaluate(() => window.__events.filter((e) => e.type === 'error').map((e) => e.detail));
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(errors[0].code, 510);
    assert.match(errors[0].message, /cookiegate\.js ran again/);
    assert.equal(problems.console.filter((t) => /ran again/.test(t)).length, 1, problems.console.join('\n'));
    await p.evaluate(() => window.CookieGate.ready);
    assert.deepEqual(problems.pageErrors, []);
  }, { held: '/cfg.json', path: '/twice-fetched.html' }));

// The preferences a "Cookie settings" click asked for wait for the core's answer (their
// switches need it), while the banner shows before it. A visitor who answered the banner
// meanwhile got the dialog anyway, after their choice, as if asked again.
test('an early "Cookie settings" click does not open the preferences once the visitor has answered the banner', () =>
  open(async (p, requested, problems) => {
    await heldAlone(p, requested);
    await p.click('a[data-cookiegate-open]');
    holds.get(REST).release();
    const banner = p.locator('cookiegate-ui .bn');
    await banner.getByRole('button', { name: 'Accept all' }).click();
    assert.ok(!requested.includes('/dist/cookiegate-core.js'), 'the core started while the test held its bridge');
    release();
    await p.evaluate(() => window.CookieGate.ready);
    await p.waitForFunction(() => window.CookieGate.get()?.categories.analytics === true);
    const seen = await p.evaluate(() => ({
      dialogs: document.querySelector('cookiegate-ui').shadowRoot.querySelectorAll('dialog.dg').length,
      banners: document.querySelector('cookiegate-ui').shadowRoot.querySelectorAll('.bn').length,
    }));
    assert.deepEqual(seen, { dialogs: 0, banners: 0 }, 'the preferences opened after the visitor answered the banner');
    // Asked for again, they open.
    await p.click('a[data-cookiegate-open]');
    await p.waitForFunction(() => !!document.querySelector('cookiegate-ui')?.shadowRoot?.querySelector('dialog.dg[open]'));
    assert.deepEqual(problems.pageErrors, []);
  }, { held: [REST, BRIDGE] }));

test('a script tag attribute with a value the README does not list: a warning naming the value to write', () =>
  open(async (p, _requested, problems) => {
    await p.evaluate(() => window.CookieGate.ready);
    const warned = await p.evaluate(() => window.__warnings);
    const ours = warned.filter((w) => w.startsWith('CookieGate: data-')).sort();
    assert.deepEqual(ours, [
      'CookieGate: data-core-worker="false" is ignored: write "off" or leave it out',
      'CookieGate: data-reload-on-withdrawal="no" is ignored: write "false" or leave it out',
      'CookieGate: data-ui="false" is ignored: write "off" or leave it out',
      'CookieGate: data-verified-crawler="yes" is ignored: write "true" or leave it out',
    ], warned.join('\n'));
    // Each one is the default, as the warnings say: the banner shows.
    await p.waitForFunction(() => document.querySelector('cookiegate-ui')?.shadowRoot?.querySelector('.bn'));
    assert.deepEqual(problems.console, []);
  }, { path: '/attrs.html' }));

test('a config element without type="application/json": said as such, not as a script before the tag', () =>
  open(async (p, _requested, problems) => {
    await p.evaluate(() => window.CookieGate.ready);
    await until(() => problems.console.some((m) => m.startsWith('CookieGate:')), 'an error');
    const ours = problems.console.filter((m) => m.startsWith('CookieGate:'));
    assert.equal(ours.length, 1, ours.join('\n'));
    assert.match(ours[0], /^CookieGate: error 510 placement: the inline config #cookiegate-config has no type="application\/json", so the browser ran it as a script: add the type$/);
    const errors = await p.evaluate(() => window.__events.filter((e) => e.type === 'error').map((e) => e.detail.name));
    assert.deepEqual(errors, ['placement']);
    // The config is read all the same: the core answered.
    assert.equal(await p.evaluate(() => window.CookieGate.get()?.ready), true);
  }, { path: '/untyped.html' }));

test('data-config="#id" with an id that is no CSS selector (a leading digit) finds its element', () =>
  open(async (p, _requested, problems) => {
    await p.evaluate(() => window.CookieGate.ready);
    assert.equal(await p.evaluate(() => window.CookieGate.get()?.ready), true);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.console, []);
  }, { path: '/digit-id.html' }));
