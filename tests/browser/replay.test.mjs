// Replay of the core's last answer for a returning visitor (web/src/replay.js), in
// Debian's Chromium. The server holds the glue and the .wasm until a test releases
// them, so "ran before the core was there" is observed, not timed. Every input of the
// evaluation that changes must miss the replay; a broken entry is ignored.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';

import { coreBuildId } from '../../web/core-build-id.mjs';
import { collectProblems, launchBrowser, repoRoot, shownAboveDialog, startServer, test } from './harness.mjs';

const dist = join(repoRoot, 'web/dist');
const pages = join(repoRoot, 'tests/browser/pages');
const KEY = 'cookiegate:answer';

let server;
let browser;
let hold = null;  // while set, the glue and the .wasm are answered only once it resolves
let release = () => {};
let heldRequests = 0;

let coreGone = false;  // while set, the .wasm is answered 404
let slowTag = null;  // while set, stats-slow.js and necessary-held.js are answered only once it resolves
let releaseTag = () => {};
let streamed = null;  // {early}: whether the stream page's tag was requested before its second part
const tagRequested = { seen: false, ok: () => {}, promise: null };
function awaitTag() {
  tagRequested.seen = false;
  tagRequested.promise = new Promise((ok) => { tagRequested.ok = ok; });
}

function holdCore() {
  hold = new Promise((ok) => { release = () => { hold = null; ok(); }; });
}

before(async () => {
  assert.ok(existsSync(join(dist, 'cookiegate.js')), 'web/dist missing: run node web/build.mjs');
  server = await startServer({
    mounts: { '/site/': pages, '/dist/': dist },
    handle: async (_req, res, url) => {
      if (url.pathname === '/site/runtime-tp/stats-slow.js' && slowTag) {
        await slowTag;
        return false;
      }
      if (url.pathname === '/site/runtime-tp/necessary-held.js') {
        await slowTag;
        res.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store' });
        res.end("window.__ran.push({ id: 'necessary-held' });");
        return true;
      }
      if (url.pathname === '/dist/cookiegate-core.wasm' && coreGone) {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('not found');
        return true;
      }
      if (/^\/dist\/cookiegate-core\.(js|wasm)$/.test(url.pathname) && hold) {
        heldRequests += 1;
        await hold;
        return false;  // then served from the mount as usual
      }
      // runtime-basic.html with its config one byte longer (the same meaning), or with a
      // data-region.
      // A page delivered in two parts: the second is sent only once the gated tag of
      // the first has been requested (or after 5 s), so "released while the page was
      // still being parsed" is observed, not timed.
      if (url.pathname === '/site/stream.html') {
        const html = await readFile(join(pages, 'replay-stream.html'), 'utf8');
        const [head, rest] = html.split('<!-- second part -->');
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
        res.write(head + ' '.repeat(4096));  // past Chromium's first parse chunk
        if (url.searchParams.get('hold') === '1') {
          streamed = { early: false };
          await Promise.race([tagRequested.promise, new Promise((ok) => setTimeout(ok, 5000))]);
          streamed.early = tagRequested.seen;
        }
        res.end(rest);
        return true;
      }
      if (url.pathname === '/site/stream-tag.js') {
        tagRequested.seen = true;
        tagRequested.ok();
        res.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store' });
        res.end("window.__ran.push({ id: 'stream-tag' });");
        return true;
      }
      if (url.pathname === '/site/replay.html') {
        let html = await readFile(join(pages, 'runtime-basic.html'), 'utf8');
        if (url.searchParams.get('variant') === 'config') html = html.replace('"policy": {', '"policy":  {');
        // The site's server naming another region for the same visitor.
        if (url.searchParams.get('variant') === 'region') html = html.replace('data-ui="off"', 'data-ui="off" data-region="US-CA"');
        // A Chinese page of a bilingual site, with the banner's UI.
        if (url.searchParams.get('variant') === 'zh') {
          html = html.replace('<html lang="en">', '<html lang="zh">').replace(' data-ui="off"', '')
            .replace('"policy": {', '"languages": ["en", "zh"],\n  "policy": {');
        }
        // A French page of a site offering Chinese and English: which one the core gives
        // (from the browser's languages) is not certain before it has loaded.
        if (url.searchParams.get('variant') === 'fr') {
          html = html.replace('<html lang="en">', '<html lang="fr">').replace(' data-ui="off"', '')
            .replace('"policy": {', '"languages": ["zh", "en"],\n  "policy": {');
        }
        // With the banner's UI and an external tag of the required category.
        if (url.searchParams.get('variant') === 'necessary') {
          html = html.replace(' data-ui="off"', '').replace('</body>',
            '<script type="text/plain" data-category="necessary" src="/site/runtime-tp/necessary-held.js"></script>\n</body>');
        }
        // With the banner's UI, and the preferences asked for by the page's first script
        // after the tag (queued in the head part until the runtime has arrived).
        if (url.searchParams.get('variant') === 'show') {
          html = html.replace(' data-ui="off" ></script>', ' ></script>\n<script>CookieGate.showPreferences();</script>');
        }
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end(html);
        return true;
      }
      return false;
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  release();
  releaseTag();
  await browser?.close();
  await server?.close();
});

function recordEvents() {
  window.__ran = window.__ran || [];
  window.__events = [];
  ['ready', 'consent', 'change', 'notice', 'error'].forEach((type) => {
    addEventListener('cookiegate:' + type, (ev) => window.__events.push({ type, detail: ev.detail }));
  });
}

async function fresh(fn) {
  const context = await browser.newContext();
  const problems = await collectProblems(context);
  await context.addInitScript(recordEvents);
  try {
    return await fn(context, problems);
  } finally {
    release();
    await context.close();
  }
}

const PAGE = '/site/replay.html';
// Uncaught errors, and every error CookieGate reported on the console.
const troubles = (p) => [...p.pageErrors, ...p.console.filter((t) => t.startsWith('CookieGate'))];
const settled = (page) => page.waitForFunction(() =>
  window.__events && window.__events.some((e) => e.type === 'ready' || e.type === 'error'));
const ran = (page) => page.evaluate(() => window.__ran.map((r) => r.id));
const waitRan = (page, id) => page.waitForFunction((i) => window.__ran.some((r) => r.id === i), id, { timeout: 10000 });
const entry = (page) => page.evaluate((k) => JSON.parse(localStorage.getItem(k)), KEY);

// An init script: from the page's start, records when CookieGate's UI host is inserted
// (window.__uiAt), when a tag whose src matches `src` is armed (__armedAt) and when the
// core is ready (__readyAt), gives when the bridge was requested (__bridgeAt()), and
// parks every 200 ms timer, counting them (__parked): the runtime's cap on waiting for
// a replay's tags (TAGS_FIRST_MS) never ends a wait, so what must follow the tags is
// not a race against it.
function watchStart(src) {
  const pattern = new RegExp(src);
  const later = window.setTimeout;
  window.__parked = 0;
  window.setTimeout = (fn, ms, ...args) => (ms === 200 ? (window.__parked += 1, 0) : later(fn, ms, ...args));
  new MutationObserver((records) => {
    for (const n of records.flatMap((r) => [...r.addedNodes])) {
      if (n.localName === 'cookiegate-ui') window.__uiAt ??= performance.now();
      if (n.localName === 'script' && pattern.test(n.src) && n.type !== 'text/plain') window.__armedAt ??= performance.now();
    }
  }).observe(document, { childList: true, subtree: true });
  addEventListener('cookiegate:ready', () => { window.__readyAt = performance.now(); });
  window.__bridgeAt = () => performance.getEntriesByType('resource').find((e) => e.name.endsWith('/cookiegate-bridge.js'))?.startTime;
}

// A visitor's first page view with a choice; returns the page (core ready, entry stored).
async function firstVisit(context, choice, path = PAGE) {
  const page = await context.newPage();
  await page.goto(server.url(path));
  await settled(page);
  await page.evaluate(choice);
  return page;
}

// Loads `path` again with the core held back; resolves once the page's own parser is
// done (DOMContentLoaded), while the glue and the .wasm are still unanswered.
async function returnHeld(page, path = PAGE) {
  holdCore();
  heldRequests = 0;
  await page.goto(server.url(path), { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => document.readyState !== 'loading');
  // A replay arms the gated elements synchronously in the head part, so once the parser
  // is done an armed one is already in the DOM: the checks below read its structure
  // and need no frame to pass first.
}

// Nothing optional was armed: every gated element is still inert (an armed script is a
// fresh runnable copy, which would add a type other than text/plain to the list).
async function assertNothingArmed(page) {
  const inert = await page.evaluate(() => ({
    scripts: [...document.querySelectorAll('script[data-category]:not([data-category="necessary"])')]
      .map((s) => s.type),
    frame: document.querySelector('iframe').getAttribute('src'),
    analytics: CookieGate.isAllowed('analytics'),
  }));
  assert.deepEqual(inert, { scripts: ['text/plain', 'text/plain', 'text/plain', 'text/plain'], frame: null, analytics: false });
  // Not even the required category's tags: before the core, only a replay releases anything.
  assert.deepEqual(await ran(page), [], 'nothing ran before the core');
}

// The core was still held while the page was observed.
async function assertStillHeld(page) {
  assert.ok(hold, 'the core was held');
  // get() is null while the script tag's runtime file is still on its way (under load
  // it can arrive after the parser is done); either way the core has not answered.
  assert.equal(await page.evaluate(() => !!CookieGate.get() && CookieGate.get().ready), false,
    'the core is not ready yet');
}

describe('a returning visitor', () => {
  test('on a Chinese page sees the floating button in Chinese once the core has negotiated the language', () => fresh(async (context, problems) => {
    const zh = `${PAGE}?variant=zh`;
    const page = await firstVisit(context, () => CookieGate.acceptAll(), zh);
    await page.waitForFunction(() => document.querySelector('cookiegate-ui')?.shadowRoot.querySelector('.fb'));
    // The replayed answer acts before the core has negotiated a language (the config's
    // first, "en", until then); the button must follow the core's "zh" when it comes.
    holdCore();
    await page.goto(server.url(zh), { waitUntil: 'domcontentloaded' });
    release();
    await settled(page);
    assert.equal(await page.evaluate(() => CookieGate.get().language), 'zh');
    const fab = await page.waitForFunction(() => {
      const b = document.querySelector('cookiegate-ui')?.shadowRoot.querySelector('.fb');
      return b && b.lang === 'zh' && { lang: b.lang, text: b.textContent };
    }, null, { timeout: 5000 }).then((h) => h.jsonValue(), () => null);
    const seen = await page.evaluate(() => {
      const b = document.querySelector('cookiegate-ui')?.shadowRoot.querySelector('.fb');
      return b && { lang: b.lang, text: b.textContent };
    });
    assert.ok(fab, `the floating button stayed ${JSON.stringify(seen)}`);
    assert.equal(fab.text, 'Cookie 设置');
    assert.equal(await page.evaluate(() => document.querySelector('cookiegate-ui').shadowRoot.querySelectorAll('.fb').length), 1);
    assert.deepEqual(troubles(problems), []);
  }));

  // The replayed answer comes before the core has negotiated the language: on a page
  // whose language only the core can tell, the floating button and the preferences wait
  // for it, rather than come in the config's first language and be built again.
  test('on a page whose language is the core\'s to tell gets the floating button and preferences only in it', () => fresh(async (context, problems) => {
    const fr = `${PAGE}?variant=fr`;
    const page = await firstVisit(context, () => CookieGate.acceptAll(), fr);
    await page.waitForFunction(() => document.querySelector('cookiegate-ui')?.shadowRoot.querySelector('.fb'));
    await page.addInitScript(() => {
      window.__built = [];
      new MutationObserver((_, mo) => {
        const root = document.querySelector('cookiegate-ui')?.shadowRoot;
        if (!root) return;
        mo.disconnect();
        new MutationObserver((records) => {
          for (const n of records.flatMap((r) => [...r.addedNodes])) {
            if (n.nodeType === 1 && n.matches('.fb, dialog')) window.__built.push([n.localName, n.getAttribute('lang') || n.querySelector('[lang]')?.getAttribute('lang')]);
          }
        }).observe(root, { childList: true, subtree: true });
      }).observe(document, { childList: true, subtree: true });
    });
    await returnHeld(page, fr);
    await waitRan(page, 'stats');  // the replay acted
    await page.evaluate(() => { CookieGate.showPreferences(); });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await assertStillHeld(page);
    assert.deepEqual(await page.evaluate(() => window.__built), [], 'built before the core told the language');
    release();
    await settled(page);
    await page.locator('cookiegate-ui dialog[open]').waitFor();
    assert.equal(await page.evaluate(() => CookieGate.get().language), 'en');
    const built = await page.evaluate(() => window.__built);
    assert.ok(built.length > 0 && built.every(([, lang]) => lang === 'en'), JSON.stringify(built));
    assert.deepEqual(troubles(problems), []);
  }));

  // In traces of the benchmark's returning visit the released tags had loaded from the
  // cache at once, yet ran 17-30 ms later: the browser ran the core's start (importing
  // the bridge) and the floating button's first build, tasks queued meanwhile, first.
  test('runs its replayed tags before the core starts loading and before the floating button is built', () => fresh(async (context, problems) => {
    const zh = `${PAGE}?variant=zh`;
    const page = await firstVisit(context, () => CookieGate.acceptAll(), zh);
    await page.waitForFunction(() => document.querySelector('cookiegate-ui')?.shadowRoot.querySelector('.fb'));
    await page.addInitScript(() => {
      const ran = [];
      ran.push = (...r) => Array.prototype.push.apply(ran, r.map((x) => ({ ...x, at: performance.now() })));
      window.__ran = ran;
    });
    await page.addInitScript(watchStart, 'runtime-tp/stats');
    await page.goto(server.url(zh));
    await settled(page);
    await page.waitForFunction(() => window.__uiAt != null);
    const seen = await page.evaluate(() => ({
      tags: window.__ran.filter((r) => /^stats/.test(r.id)).map((r) => [r.id, Math.round(r.at)]),
      bridge: Math.round(window.__bridgeAt()),
      ui: Math.round(window.__uiAt),
      parked: window.__parked,
    }));
    assert.deepEqual(seen.tags.map(([id]) => id), ['stats-slow', 'stats'], 'the replay released both external tags');
    assert.equal(seen.parked, 1, 'the runtime set its cap on the wait (parked here)');
    const last = Math.max(...seen.tags.map(([, at]) => at));
    assert.ok(seen.bridge >= last, `the bridge was requested before the tags ran: ${JSON.stringify(seen)}`);
    assert.ok(seen.ui >= last, `the floating button was built before the tags ran: ${JSON.stringify(seen)}`);
    assert.equal(await page.evaluate(() => CookieGate.get().ready), true);
    assert.deepEqual(troubles(problems), []);
  }));

  test('whose replayed tag\'s server does not answer still gets the core\'s confirmation and the floating button', () => fresh(async (context, problems) => {
    const zh = `${PAGE}?variant=zh`;
    const page = await firstVisit(context, () => CookieGate.acceptAll(), zh);
    await waitRan(page, 'stats-slow');
    slowTag = new Promise((ok) => { releaseTag = () => { slowTag = null; ok(); }; });
    try {
      await page.goto(server.url(zh), { waitUntil: 'commit' });
      await settled(page);
      await page.waitForFunction(() => document.querySelector('cookiegate-ui')?.shadowRoot.querySelector('.fb'));
      const seen = await page.evaluate(() => ({ ready: CookieGate.get().ready, ran: window.__ran.map((r) => r.id) }));
      assert.equal(seen.ready, true, 'the core confirmed the replay');
      assert.ok(!seen.ran.includes('stats-slow'), `the held tag had not run: ${seen.ran}`);
    } finally {
      releaseTag();
    }
    await waitRan(page, 'stats');
    assert.deepEqual(troubles(problems), []);
  }));

  // A review found the banner held back too: the stored answer of a visitor who has not
  // chosen yet asks for the banner, and still releases the required category's tags.
  test('who has not chosen yet sees the banner without waiting for a tag the replay released', () => fresh(async (context, problems) => {
    const path = `${PAGE}?variant=necessary`;
    const page = await context.newPage();
    await page.goto(server.url(path));
    await settled(page);
    await waitRan(page, 'necessary-held');
    // The tag's server does not answer and the cap is parked: the banner and the core's
    // start can only come if they do not wait for the tag.
    await page.addInitScript(watchStart, 'necessary-held');
    slowTag = new Promise((ok) => { releaseTag = () => { slowTag = null; ok(); }; });
    try {
      await page.goto(server.url(path), { waitUntil: 'commit' });
      await settled(page);
      await page.locator('cookiegate-ui .bn').waitFor();
      const seen = await page.evaluate(() => ({
        armed: Math.round(window.__armedAt), ready: Math.round(window.__readyAt), bridge: window.__bridgeAt() != null,
        parked: window.__parked, ran: window.__ran.map((r) => r.id),
      }));
      assert.ok(seen.armed < seen.ready, `the replay released the tag, before the core was ready: ${JSON.stringify(seen)}`);
      assert.ok(!seen.ran.includes('necessary-held'), 'the tag was still held by its server');
      assert.equal(seen.bridge, true, 'the core started');
      assert.equal(seen.parked, 0, 'no wait was set up');
    } finally {
      releaseTag();
    }
    await waitRan(page, 'necessary-held');
    assert.deepEqual(troubles(problems), []);
  }));

  // Found by a new-user trial of a build that made the banner's first build a later task:
  // the floating button was shown after the dialog, above its backdrop (the top layer
  // stacks in the order shown), undimmed and looking clickable.
  test('who asks for the preferences at once sees the dialog above the floating button', () => fresh(async (context, problems) => {
    const show = `${PAGE}?variant=show`;
    const page = await firstVisit(context, () => CookieGate.acceptAll(), show);
    await page.locator('cookiegate-ui dialog[open]').waitFor();
    await page.keyboard.press('Escape');  // a first visit's dialog; the visit that counts is the next
    await page.goto(server.url(show));
    await page.locator('cookiegate-ui dialog[open]').waitFor();
    await settled(page);
    const above = await shownAboveDialog(page);
    assert.ok(above, 'no open dialog');
    assert.deepEqual(above, [], 'shown above the dialog');
    // Closed, the preferences leave the floating button to reopen them, focused.
    await page.keyboard.press('Escape');
    await page.locator('cookiegate-ui button.fb').waitFor();
    assert.equal(await page.locator('cookiegate-ui dialog[open]').count(), 0);
    assert.deepEqual(troubles(problems), []);
  }));

  test('gets the allowed tags before the glue and the .wasm arrive, then the core confirms', () => fresh(async (context, problems) => {
    const page = await firstVisit(context, () => CookieGate.acceptAll());
    await waitRan(page, 'inline-marketing');
    const stored = await entry(page);
    const wasm = readFileSync(join(dist, 'cookiegate-core.wasm'));
    assert.equal(stored.build, coreBuildId(wasm),
      'keyed by the .wasm it came from');
    assert.equal(stored.state.record.method, 'accept_all');
    assert.ok(Number.isInteger(stored.until) && stored.until > stored.at);

    holdCore();
    heldRequests = 0;
    await page.goto(server.url(PAGE), { waitUntil: 'commit' });
    await waitRan(page, 'inline-marketing');
    await waitRan(page, 'inline-analytics');
    await assertStillHeld(page);
    assert.ok(heldRequests >= 1, 'the core was requested and is held');
    const early = await page.evaluate(() => ({
      analytics: CookieGate.isAllowed('analytics', 'stats'),
      update: window.dataLayer.filter((a) => a[0] === 'consent').map((a) => a[1]),
      frame: document.querySelector('iframe').getAttribute('src'),
    }));
    assert.equal(early.analytics, true);
    assert.deepEqual(early.update, ['default', 'update'], 'Consent Mode updated from the replayed signals');
    release();
    await settled(page);
    const state = await page.evaluate(() => CookieGate.get());
    assert.equal(state.ready, true);
    assert.equal(state.method, 'accept_all');
    const ids = await ran(page);
    assert.equal(ids.filter((i) => i === 'inline-marketing').length, 1, 'nothing runs twice on confirmation');
    assert.deepEqual(troubles(problems), []);
  }));

  test('gets its gated external scripts while the page is still parsed; frames and later inline code keep their order', () => fresh(async (context, problems) => {
    awaitTag();
    const page = await firstVisit(context, () => CookieGate.acceptAll(), '/site/stream.html');
    await waitRan(page, 'stream-external-after');
    await page.addInitScript(() => {
      if (window !== top) return;  // the gated frame's own document
      document.addEventListener('DOMContentLoaded', () => {
        window.__frameAtParsed = document.querySelector('iframe').getAttribute('src');
      }, { once: true });
    });
    awaitTag();
    holdCore();
    await page.goto(server.url('/site/stream.html?hold=1'), { waitUntil: 'commit' });
    await waitRan(page, 'stream-external-after');
    await assertStillHeld(page);
    assert.deepEqual(streamed, { early: true }, 'the allowed tag was requested while the page was still being sent');
    const seen = await page.evaluate(() => ({ ran: window.__ran.map((r) => r.id), frame: window.__frameAtParsed }));
    assert.deepEqual(seen.ran, ['stream-tag', 'stream-inline-after', 'stream-external-after'], 'document order');
    // A frame given its URL while the page is parsed can stay on about:blank.
    assert.equal(seen.frame, null, 'no frame was given its URL while the page was parsed');
    await page.waitForFunction(() => document.querySelector('iframe').getAttribute('src'));
    release();
    await settled(page);
    assert.deepEqual(await ran(page), seen.ran, 'nothing runs twice on confirmation');
    assert.deepEqual(troubles(problems), []);
  }));

  test('a refused category is never replayed as allowed', () => fresh(async (context) => {
    const page = await firstVisit(context, () => CookieGate.set({ analytics: true, marketing: false }));
    await waitRan(page, 'inline-analytics');
    holdCore();
    await page.goto(server.url(PAGE), { waitUntil: 'commit' });
    await waitRan(page, 'inline-analytics');
    await assertStillHeld(page);
    assert.equal(await page.evaluate(() => CookieGate.isAllowed('marketing')), false);
    release();
    await settled(page);
    const ids = await ran(page);
    assert.ok(!ids.includes('inline-marketing') && !ids.includes('ads-dynamic'), ids.join());
  }));
});

// Each changed input: nothing optional runs while the core is held, then the core decides.
describe('any change of input misses the replay', () => {
  const misses = {
    'a byte of the config text': { path: `${PAGE}?variant=config` },
    'the region the site names': { path: `${PAGE}?variant=region` },
    'the consent cookie': {
      before: (context) => context.addCookies([{ name: 'cookiegate', value: '1.AAAA', url: server.url('/') }]),
    },
    'Global Privacy Control on': {
      before: (_context, page) => page.addInitScript(() => Object.defineProperty(Navigator.prototype,
        'globalPrivacyControl', { get: () => true, configurable: true })),
    },
    'the clock at the window\'s end': {
      before: async (_context, page) => {
        const { until } = await entry(page);
        await page.addInitScript((t) => { Date.now = () => t * 1000; }, until);
      },
    },
    'the clock before the answer was given': {
      before: async (_context, page) => {
        const { at } = await entry(page);
        await page.addInitScript((t) => { Date.now = () => (t - 1) * 1000; }, at);
      },
    },
    'another core build': {
      before: (_context, page) => page.evaluate((k) => {
        const e = JSON.parse(localStorage.getItem(k));
        e.build = 'f'.repeat(64);
        localStorage.setItem(k, JSON.stringify(e));
      }, KEY),
    },
  };
  for (const [what, { path = PAGE, before: change }] of Object.entries(misses)) {
    test(what, () => fresh(async (context) => {
      const page = await firstVisit(context, () => CookieGate.acceptAll());
      await waitRan(page, 'inline-marketing');
      assert.ok(await entry(page), 'an entry was stored');
      if (change) await change(context, page);
      await returnHeld(page, path);
      await assertStillHeld(page);
      await assertNothingArmed(page);
      release();
      await settled(page);
    }));
  }
});

describe('a broken or forged entry', () => {
  const entries = {
    'not JSON': () => '{"v":1,',
    'a mistyped state': (e) => { e.state.categories[2].allowed = 'yes'; return JSON.stringify(e); },
    'categories that do not match the gate': (e) => { e.gate.pop(); return JSON.stringify(e); },
    'an unknown format': (e) => { e.v += 1; return JSON.stringify(e); },
    'the format before regions (no region kept)': (e) => { e.v = 1; delete e.region; delete e.crawler; return JSON.stringify(e); },
    'a window that is not a number': (e) => { e.until = '9999999999'; return JSON.stringify(e); },
    // What the banner's choices decide: which categories its Reject all refuses, which
    // a re-ask names and decides, which GPC signalled (web/src/ui/banner.js, regional.js).
    'a first-layer Reject that is neither reject_all nor asked': (e) => { e.state.firstLayerReject = 'none'; return JSON.stringify(e); },
    'a category without its ask flag': (e) => { delete e.state.categories[1].ask; return JSON.stringify(e); },
    'a category whose changed flag is a string': (e) => { e.state.categories[1].changed = 'false'; return JSON.stringify(e); },
    'a category without its gpc flag': (e) => { delete e.state.categories[1].gpc; return JSON.stringify(e); },
    // A trial's forged `regional: {}` threw in the UI (r.separate.length), unreported.
    'a regional object without its list of separate consents': (e) => { e.state.regional = {}; return JSON.stringify(e); },
    'a regional answer that is not an object': (e) => { e.state.regional = 'x'; return JSON.stringify(e); },
  };
  for (const [what, forge] of Object.entries(entries)) {
    test(`is ignored: ${what}`, () => fresh(async (context, problems) => {
      const page = await firstVisit(context, () => CookieGate.rejectAll());
      const e = await entry(page);
      // What a forger wants: marketing allowed for a visitor who refused it.
      e.state.categories[2].allowed = true;
      for (const c of e.state.categories) for (const s of c.services) s.allowed = c.allowed;
      await page.evaluate(([k, v]) => localStorage.setItem(k, v), [KEY, forge(e)]);
      await returnHeld(page);
      await assertStillHeld(page);
      await assertNothingArmed(page);
      release();
      await settled(page);
      assert.deepEqual(await ran(page), ['inline-necessary']);
      assert.equal(await page.evaluate(() => CookieGate.get().ready), true);
      assert.deepEqual(troubles(problems), []);
    }));
  }

  test('a well-formed entry the core did not write is cleaned up like a withdrawal', () => fresh(async (context) => {
    const page = await firstVisit(context, () => CookieGate.rejectAll());
    const e = await entry(page);
    e.state.categories[1].allowed = true;
    e.state.categories[1].services[0].allowed = true;
    await page.evaluate(([k, v]) => localStorage.setItem(k, v), [KEY, JSON.stringify(e)]);
    // The core's confirmation differs: an error names it and the page starts again
    // (reloadOnWithdrawal), after which nothing optional runs.
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    // The reload may come before the first document's load event: count navigations.
    let navigations = 0;
    const again = new Promise((ok) => page.on('framenavigated', (f) => {
      if (f === page.mainFrame() && ++navigations === 2) ok();
    }));
    await page.goto(server.url(PAGE), { waitUntil: 'commit' });
    await again;
    await page.waitForLoadState('domcontentloaded');
    await settled(page);
    assert.deepEqual(await ran(page), ['inline-necessary']);
    assert.equal(await page.evaluate((k) => JSON.parse(localStorage.getItem(k)).state.categories[1].allowed, KEY), false);
    // It names what the forged entry let run and the entry, so the page's author can
    // find the script that wrote it.
    const said = errors.find((t) => /replay_unconfirmed/.test(t));
    assert.ok(said, errors.join('\n'));
    assert.match(said, /\(analytics,analytics\.stats\)/);
    assert.match(said, /localStorage "cookiegate:answer"/);
  }));

  // Withdrawals while the core loads: what the replay let run is cleaned up as after
  // any withdrawal, and nothing says the replay was wrong (it was the core's answer to
  // the cookie it was read for).
  async function withdrawnWhileLoading(context, problems, withdraw) {
    const page = await firstVisit(context, () => CookieGate.acceptAll());
    await waitRan(page, 'stats');
    await returnHeld(page);
    await waitRan(page, 'stats');  // replayed
    let navigations = 0;
    const again = new Promise((ok) => page.on('framenavigated', (f) => {
      if (f === page.mainFrame() && ++navigations === 1) ok();
    }));
    await withdraw(page);
    release();
    await again;  // reloadOnWithdrawal
    await page.waitForLoadState('domcontentloaded');
    await settled(page);
    assert.equal(await page.evaluate(() => CookieGate.isAllowed('analytics')), false);
    assert.deepEqual(await ran(page), ['inline-necessary']);
    assert.deepEqual(troubles(problems), []);
  }

  test('a rejectAll() queued while the core loads is a withdrawal, not an unconfirmed replay', () => fresh((context, problems) =>
    withdrawnWhileLoading(context, problems, (page) => page.evaluate(() => { CookieGate.rejectAll(); }))));

  test('another tab\'s refusal while the core loads is a withdrawal, not an unconfirmed replay', () => fresh(async (context, problems) => {
    // The other tab's cookie: a refusal (made in another browser; its only cookie),
    // written into the shared cookie store as that tab would.
    const other = await browser.newContext();
    await other.addInitScript(recordEvents);
    await firstVisit(other, () => CookieGate.rejectAll());
    const refusal = (await other.cookies()).map(({ name, value, domain, path }) => ({ name, value, domain, path }));
    await other.close();
    await withdrawnWhileLoading(context, problems, () => context.addCookies(refusal));
  }));
});

describe('a core that does not load', () => {
  test('takes back what the replayed answer let run, as after a withdrawal, and replays it no more', () => fresh(async (context, problems) => {
    const page = await firstVisit(context, () => CookieGate.acceptAll());
    await waitRan(page, 'stats');
    assert.ok(await entry(page), 'an entry was stored');
    assert.ok((await context.cookies()).some((c) => c.name === '_stats_id'), 'the stats tag set its cookie');
    coreGone = true;
    try {
      let navigations = 0;
      const again = new Promise((ok) => page.on('framenavigated', (f) => {
        if (f === page.mainFrame() && ++navigations === 2) ok();
      }));
      await page.goto(server.url(PAGE), { waitUntil: 'commit' });
      // The page starts again once the core has failed (10 s: far past its 404).
      const restarted = await Promise.race([again.then(() => true),
        new Promise((ok) => setTimeout(() => ok(false), 10000))]);
      assert.ok(restarted, `the page did not start again; ran: ${await ran(page)}`);
      await page.waitForLoadState('domcontentloaded');
      await settled(page);
      assert.equal(await entry(page), null, 'the entry is gone');
      assert.deepEqual(await ran(page), [], 'nothing gated ran on the page after');
      assert.equal(await page.evaluate(() => CookieGate.isAllowed('analytics')), false);
      const names = (await context.cookies()).map((c) => c.name);
      assert.ok(!names.includes('_stats_id'), `the stats cookie was deleted (${names.join(', ')})`);
      assert.ok(problems.console.some((t) => /error 501 wasm_unavailable/.test(t)), problems.console.join('\n'));
    } finally {
      coreGone = false;
    }
  }));
});

describe('storage', () => {
  test('unavailable storage means no replay, and no crash', () => fresh(async (context, problems) => {
    const page = await firstVisit(context, () => CookieGate.acceptAll());
    await waitRan(page, 'inline-marketing');
    await page.addInitScript(() => Object.defineProperty(window, 'localStorage', {
      get() { throw new DOMException('denied', 'SecurityError'); },
    }));
    await returnHeld(page);
    await assertStillHeld(page);
    await assertNothingArmed(page);
    release();
    await settled(page);
    await waitRan(page, 'inline-marketing');
    // The stand-in tags use localStorage themselves and throw; CookieGate reports nothing.
    assert.deepEqual(problems.console.filter((t) => t.startsWith('CookieGate')), []);
    assert.ok(problems.pageErrors.every((e) => /SecurityError: denied/.test(e)), problems.pageErrors.join('\n'));
    assert.equal(await page.evaluate(() => CookieGate.get().ready), true);
  }));

  test('withdrawal clears the entry', () => fresh(async (context) => {
    const page = await firstVisit(context, () => CookieGate.acceptAll());
    await waitRan(page, 'inline-marketing');
    const nav = page.waitForEvent('load');
    await page.evaluate(() => CookieGate.rejectAll());
    await nav;
    await settled(page);
    // The reload after the withdrawal evaluated again: the entry is the refusal's.
    const e = await entry(page);
    assert.equal(e.state.categories[2].allowed, false);
    assert.equal(e.state.record.method, 'reject_all');
  }));
});
