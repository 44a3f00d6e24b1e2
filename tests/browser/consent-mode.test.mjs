// Google Consent Mode on the script-tag route, in Debian's Chromium, against the ways a
// real page gets it wrong (found by a new-user trial with Google's standard tag
// snippet). Google's tags treat consent as granted when they process a command before
// any `consent default`: so a config CookieGate cannot use still pushes the
// everything-denied default, init() pushes it as it is called, and a default that came
// after Google's commands, or a dataLayer a page script replaced, is reported (error
// 509). The server holds cookiegate-runtime.js back where "before the rest arrived"
// must be observed rather than timed.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';

import { collectProblems, launchBrowser, repoRoot, startServer, test } from './harness.mjs';

const dist = join(repoRoot, 'web/dist');
const REST = '/dist/cookiegate-runtime.js';
const SIGNALS = ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage',
  'functionality_storage', 'personalization_storage', 'security_storage'];

const base = {
  policy: { version: '1.0.0', url: '/privacy' },
  categories: [
    { id: 'necessary', required: true, title: 'Necessary' },
    { id: 'analytics', title: 'Analytics', consentMode: ['analytics_storage'] },
  ],
};
const withCM = { ...base, consentMode: { enabled: true } };

// Google's standard tag snippet (gtag.js itself is not loaded: the test reads the queue
// it would process, in order).
const GTAG = `<script>window.dataLayer = window.dataLayer || [];
function gtag(){dataLayer.push(arguments);}
gtag('js', new Date()); gtag('config', 'G-TEST');</script>`;
// What the dataLayer held when the page's next script ran, as plain arrays.
const SNAPSHOT = `<script>window.__atStart = JSON.stringify((window.dataLayer || []).map((a) => Array.from(a)));</script>`;
const tag = (attrs = 'data-config="#cookiegate-config"') =>
  `<script src="/dist/cookiegate.js" ${attrs} data-reload-on-withdrawal="false"></script>`;
const inline = (text) => `<script type="application/json" id="cookiegate-config">${text}</script>`;
const html = (head) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>consent mode</title>
<link rel="icon" href="data:,">${head}</head><body><main><h1>Consent Mode</h1></main></body></html>`;

const pages = {
  // A trailing comma: not JSON.
  'not-json': html(inline('{"policy": {"version": "1.0.0", "url": "/privacy"},}') + tag() + SNAPSHOT + GTAG),
  // README, On a page: without data-config, call CookieGate.init(config).
  'init': html(tag('') + `<script>CookieGate.init(${JSON.stringify(withCM)})</script>` + SNAPSHOT + GTAG),
  // JSON, refused by the core: the key misspelt.
  'refused': html(inline(JSON.stringify({ ...base, consentmode: { enabled: true } })) + tag() + GTAG),
  // The config fetched: the default can only come after the fetch, after Google's commands.
  'url': html(tag('data-config="/config.json"') + GTAG),
  // cookiegate.js above Google's snippet, but async: it runs after the snippet.
  'async': html(inline(JSON.stringify(withCM)) + tag('data-config="#cookiegate-config" async') + GTAG),
  // Without data-config, init() called after Google's snippet (a review: told to put
  // cookiegate.js above Google's tag, where it was).
  'init-late': html(tag('') + GTAG + `<script>CookieGate.init(${JSON.stringify(withCM)})</script>`),
  // Google's tag snippet above CookieGate.
  'gtag-first': html(GTAG + inline(JSON.stringify(withCM)) + tag()),
  // A page-data declaration as Google's GTM guide shows it, below CookieGate's tag.
  'replaced': html(inline(JSON.stringify(withCM)) + tag() +
    `<script>dataLayer = [{ pageCategory: 'home' }];</script>` + GTAG),
  // The page replaces dataLayer after CookieGate's last update, before its load (a body
  // streamed in later): an image the server holds keeps the load waiting.
  'replaced-late': html(inline(JSON.stringify(withCM)) + tag() + GTAG +
    `<script>addEventListener('cookiegate:ready', () => { window.dataLayer = [{ pageCategory: 'home' }]; });</script>`)
    .replace('</main>', '<img src="/slow.gif" alt=""></main>'),
  // As README says: config, tag, then Google's snippet.
  'right': html(inline(JSON.stringify(withCM)) + tag() + GTAG),
  // No Consent Mode in the config: nothing is pushed for Google.
  'off': html(inline(JSON.stringify(base)) + tag()),
};

let server;
let browser;
let hold = null;   // while set, the rest is answered only once it resolves
let release = () => {};
let slow = Promise.resolve();
let headHold = null;  // while set, cookiegate.js is answered only once it resolves

before(async () => {
  assert.ok(existsSync(join(dist, 'cookiegate.js')), 'web/dist missing: run node web/build.mjs');
  server = await startServer({
    mounts: { '/dist/': dist },
    handle: async (_req, res, url) => {
      if (url.pathname === '/dist/cookiegate.js' && headHold) await headHold;
      if (url.pathname === REST && hold) {
        await hold;
        return false;
      }
      if (url.pathname === '/slow.gif') {
        await slow;
        res.writeHead(200, { 'Content-Type': 'image/gif', 'Cache-Control': 'no-store' });
        res.end(Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'));
        return true;
      }
      if (url.pathname === '/config.json') {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
        res.end(JSON.stringify(withCM));
        return true;
      }
      const name = url.pathname.slice(1, -5);
      if (!url.pathname.endsWith('.html') || !(name in pages)) return false;
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(pages[name]);
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
  for (const t of ['ready', 'error']) addEventListener('cookiegate:' + t, (e) => window.__events.push({ type: t, detail: e.detail }));
}

async function open(name, fn, { held = false } = {}) {
  if (held) hold = new Promise((ok) => { release = () => { hold = null; ok(); }; });
  const context = await browser.newContext();
  const problems = await collectProblems(context);
  await context.addInitScript(observe);
  try {
    const p = await context.newPage();
    await p.goto(server.url(`/${name}.html`), { waitUntil: 'domcontentloaded' });
    return await fn(p, problems);
  } finally {
    release();
    await context.close();
  }
}

const queue = (p) => p.evaluate(() => (window.dataLayer || []).map((a) => (a && typeof a === 'object' && 'length' in a ? Array.from(a) : a)));
const isDefault = (a) => Array.isArray(a) && a[0] === 'consent' && a[1] === 'default';
const isGoogle = (a) => Array.isArray(a) && (a[0] === 'config' || a[0] === 'js');
function assertAllDenied(entry, why) {
  assert.ok(entry, why);
  for (const s of SIGNALS) assert.equal(entry[2][s], 'denied', `${s} in ${JSON.stringify(entry)}`);
}
const waitFor = (p, type) => p.waitForFunction((t) => window.__events.some((e) => e.type === t), type);
const errorsOf = (p) => p.evaluate(() => window.__events.filter((e) => e.type === 'error').map((e) => e.detail));

test('a config that is not JSON: the everything-denied default is pushed while cookiegate.js runs', async () => {
  await open('not-json', async (p) => {
    const atStart = JSON.parse(await p.evaluate(() => window.__atStart));
    assertAllDenied(atStart.find(isDefault), `no Consent Mode default before the page's next script: ${JSON.stringify(atStart)}`);
    release();
    await waitFor(p, 'error');
    assert.equal((await errorsOf(p))[0].code, 100);
    const q = await queue(p);
    assert.ok(q.findIndex(isDefault) < q.findIndex(isGoogle), `the default after Google's commands: ${JSON.stringify(q)}`);
  }, { held: true });
});

test('CookieGate.init(config) before the rest has arrived pushes the default as it is called', async () => {
  await open('init', async (p, problems) => {
    const atStart = JSON.parse(await p.evaluate(() => window.__atStart));
    assertAllDenied(atStart.find(isDefault), `init() pushed no default before the page's next script: ${JSON.stringify(atStart)}`);
    release();
    await waitFor(p, 'ready');
    const q = await queue(p);
    assert.equal(q.filter(isDefault).length, 1, `one default: ${JSON.stringify(q)}`);
    assert.deepEqual(await errorsOf(p), []);
    assert.deepEqual(problems.console, []);
  }, { held: true });
});

test('a config the core refuses pushes the everything-denied default when it fails', async () => {
  await open('refused', async (p) => {
    await waitFor(p, 'error');
    const [first] = await errorsOf(p);
    assert.ok(first.code >= 100 && first.code < 200, JSON.stringify(first));
    assert.match(first.path, /consentmode/);
    const q = await queue(p);
    assertAllDenied(q.find(isDefault), `no default after a refused config: ${JSON.stringify(q)}`);
    assert.ok(!JSON.stringify(q).includes('granted'), JSON.stringify(q));
    // Google's snippet ran before the default the failure pushed: that is said too, with
    // the config as the fix (the snippet is below cookiegate.js already; a trial was told
    // to move it there).
    await p.waitForFunction(() => window.__events.some((e) => e.type === 'error' && e.detail.code === 509));
    const late = (await errorsOf(p)).find((e) => e.code === 509);
    assert.match(late.message, /pushed only when CookieGate failed: fix the error above/);
    assert.doesNotMatch(late.message, /above Google/);
  });
});

test('Google tag commands queued before the default are reported: a config fetched by URL', async () => {
  await open('url', async (p, problems) => {
    await waitFor(p, 'ready');
    await p.waitForFunction(() => window.__events.some((e) => e.type === 'error'));
    const late = (await errorsOf(p)).find((e) => e.code === 509);
    assert.ok(late, JSON.stringify(await errorsOf(p)));
    assert.equal(late.name, 'consent_default_late');
    assert.equal(late.path, 'consentMode');
    assert.match(late.message, /"config"/);
    // cookiegate.js is above Google's tag already: the fetch is what made the default late
    // (a trial was told to move the tag where it was).
    assert.match(late.message, /"config" was queued before the default: its config is fetched by URL; put consent-default\.js above Google.s tag, or load cookiegate\.js plainly, with an inline config, above it$/);
    assert.doesNotMatch(late.message, /put cookiegate\.js/);
    assert.ok(problems.console.some((t) => t.includes('error 509 consent_default_late')), problems.console.join('\n'));
  });
});

test('Google tag commands queued before the default are reported: cookiegate.js above them but async', async () => {
  let go;
  headHold = new Promise((ok) => { go = ok; });
  try {
    await open('async', async (p) => {
      // The parser has run Google's snippet; only now may cookiegate.js arrive.
      go();
      await p.waitForFunction(() => window.__events.some((e) => e.type === 'error' && e.detail.code === 509));
      const late = (await errorsOf(p)).find((e) => e.code === 509);
      assert.match(late.message, /"config" was queued before the default: cookiegate\.js was loaded with async; put consent-default\.js above Google.s tag, or load cookiegate\.js plainly, with an inline config, above it$/);
      assert.ok((await errorsOf(p)).some((e) => e.code === 510 && /loaded with async/.test(e.message)), JSON.stringify(await errorsOf(p)));
      assert.doesNotMatch(late.message, /put cookiegate\.js/);
    });
  } finally {
    go();
    headHold = null;
  }
});

test('Google tag commands queued before the default are reported: init() called after Google\'s snippet', async () => {
  await open('init-late', async (p) => {
    await p.waitForFunction(() => window.__events.some((e) => e.type === 'error' && e.detail.code === 509));
    const late = (await errorsOf(p)).find((e) => e.code === 509);
    assert.match(late.message, /"config" was queued before the default: init\(\) was called after Google.s tag; put consent-default\.js above Google.s tag/);
  });
});

test('Google tag commands queued before the default are reported: the tag snippet above cookiegate.js', async () => {
  await open('gtag-first', async (p) => {
    await waitFor(p, 'ready');
    await p.waitForFunction(() => window.__events.some((e) => e.type === 'error'));
    const late = (await errorsOf(p)).find((e) => e.code === 509);
    assert.ok(late, JSON.stringify(await errorsOf(p)));
    assert.match(late.message, /"config" was queued before the default: put cookiegate\.js with its inline config, or consent-default\.js, above Google.s tag/);
  });
});

test('a dataLayer replaced after the default is reported, and gets the default again before any update', async () => {
  await open('replaced', async (p) => {
    await waitFor(p, 'ready');
    await p.waitForFunction(() => window.__events.some((e) => e.type === 'error'));
    const late = (await errorsOf(p)).find((e) => e.code === 509);
    assert.ok(late, JSON.stringify(await errorsOf(p)));
    assert.match(late.message, /window\.dataLayer was replaced/);
    const q = await queue(p);
    const at = q.findIndex(isDefault);
    assertAllDenied(q[at], `the replaced dataLayer got no default: ${JSON.stringify(q)}`);
    const update = q.findIndex((a) => Array.isArray(a) && a[0] === 'consent' && a[1] === 'update');
    assert.ok(update > at, `the update before the default: ${JSON.stringify(q)}`);
  });
});

test('a dataLayer replaced after the last update is found by the page\'s load, and gets the default again', async () => {
  let go;
  slow = new Promise((ok) => { go = ok; });
  try {
    await open('replaced-late', async (p) => {
      await waitFor(p, 'ready');
      await p.waitForFunction(() => window.dataLayer.length === 1);  // replaced, load still pending
      assert.deepEqual(await errorsOf(p), []);
      go();
      await p.waitForFunction(() => window.__events.some((e) => e.type === 'error' && e.detail.code === 509));
      const q = await queue(p);
      assertAllDenied(q.find(isDefault), JSON.stringify(q));
      assert.ok(q.some((a) => Array.isArray(a) && a[0] === 'consent' && a[1] === 'update'), JSON.stringify(q));
    });
  } finally {
    go();
    slow = Promise.resolve();
  }
});

test('the README\'s order (config, cookiegate.js, Google\'s snippet) reports nothing; no Consent Mode, nothing pushed', async () => {
  await open('right', async (p, problems) => {
    await waitFor(p, 'ready');
    await p.locator('cookiegate-ui').waitFor({ state: 'attached' });
    assert.deepEqual(await errorsOf(p), []);
    assert.deepEqual(problems.console, []);
    const q = await queue(p);
    assert.ok(q.findIndex(isDefault) === 0, JSON.stringify(q));
    // A returning visitor: the replayed answer's update is checked too.
    await p.evaluate(() => window.CookieGate.acceptAll());
    await p.reload({ waitUntil: 'domcontentloaded' });
    await waitFor(p, 'ready');
    assert.deepEqual(await errorsOf(p), []);
    assert.deepEqual(problems.console, []);
    const again = await queue(p);
    assert.equal(again.findIndex(isDefault), 0, JSON.stringify(again));
    assert.ok(again.some((a) => a[0] === 'consent' && a[1] === 'update' && a[2].analytics_storage === 'granted'), JSON.stringify(again));
  });
  await open('off', async (p, problems) => {
    await waitFor(p, 'ready');
    assert.equal(await p.evaluate(() => window.dataLayer), undefined);
    assert.deepEqual(problems.console, []);
  });
});
