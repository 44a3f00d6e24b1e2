// The runtime in Debian's Chromium: gating, storage, withdrawal, Consent Mode, failure
// modes, CSP, tabs. Pages: tests/browser/pages/runtime-*.html, driven through the
// CookieGate API (the banner is off: data-ui="off"). Needs web/dist (node web/build.mjs).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';

import { collectProblems, launchBrowser, repoRoot, startServer, test, until } from './harness.mjs';

const dist = join(repoRoot, 'web/dist');
const strictCsp = "default-src 'none'; script-src 'nonce-cgtest' 'strict-dynamic' 'wasm-unsafe-eval'; " +
  "connect-src 'self'; base-uri 'none'; object-src 'none'; require-trusted-types-for 'script'; " +
  "trusted-types 'none'";
// Scripts allowed, WebAssembly compilation not: the core cannot start.
const noWasmCsp = "script-src 'self' 'unsafe-inline'";

let server;
let browser;
let holdSlow = null;  // while set, stats-slow.js is answered only once it resolves
// stats-slow.js comes first in the pages, yet is answered only once the page has asked
// for stats.js, the script after it (a test's n-th stats-slow.js waits for its n-th
// stats.js): the later script has surely arrived first, so the document order the tests
// see is the runtime's doing, on a fast machine as on a loaded one.
const slow = { asked: 0, stats: 0, waiting: [] };
function wakeSlow() {
  slow.waiting = slow.waiting.filter(([n, ok]) => (n <= slow.stats ? ok() : true));
}
function resetSlow() {
  for (const [, ok] of slow.waiting) ok();  // a request still held ends with its test
  Object.assign(slow, { asked: 0, stats: 0, waiting: [] });
}

before(async () => {
  assert.ok(existsSync(join(dist, 'cookiegate.js')), 'web/dist missing: run node web/build.mjs');
  server = await startServer({
    mounts: { '/site/': join(repoRoot, 'tests/browser/pages'), '/dist/': dist },
    headers: (_req, url) => {
      if (url.pathname.endsWith('runtime-strict.html')) return { 'Content-Security-Policy': strictCsp };
      if (url.searchParams.get('csp') === 'nowasm') return { 'Content-Security-Policy': noWasmCsp };
      return {};
    },
    // A slow first script: the next ones must still wait for it (document order).
    // A test may hold it for as long as it needs instead (holdSlow).
    handle: async (_req, res, url) => {
      if (url.pathname === '/site/runtime-tp/stats.js') {
        slow.stats += 1;
        wakeSlow();
        return false;
      }
      if (url.pathname !== '/site/runtime-tp/stats-slow.js') return false;
      const n = ++slow.asked;
      await (holdSlow || new Promise((ok) => { slow.waiting.push([n, ok]); wakeSlow(); }));
      res.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store' });
      res.end("window.__ran.push({ id: 'stats-slow' });");
      return true;
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

// Records the runtime's window events from before any page script runs, so none
// can be missed however early the runtime settles.
function recordEvents() {
  window.__ran = [];
  window.__events = [];
  ['ready', 'consent', 'change', 'notice', 'error'].forEach((type) => {
    addEventListener('cookiegate:' + type, (ev) => window.__events.push({ type, detail: ev.detail }));
  });
}

// A fresh context (no cookies, no storage) per test.
async function fresh(fn, { init } = {}) {
  resetSlow();
  const context = await browser.newContext();
  const problems = await collectProblems(context);
  await context.addInitScript(recordEvents);
  if (init) await context.addInitScript(init);
  try {
    return await fn(context, problems);
  } finally {
    await context.close();
  }
}

// Opens a page and waits until the runtime has settled (ready or error).
async function open(context, path, page) {
  page ||= await context.newPage();
  await page.goto(server.url(path));
  await settled(page);
  return page;
}

const settled = (page) => page.waitForFunction(() =>
  window.__events && window.__events.some((e) => e.type === 'ready' || e.type === 'error'));

const ran = (page) => page.evaluate(() => window.__ran.map((r) => r.id));
const waitRan = (page, id) => page.waitForFunction((i) => window.__ran.some((r) => r.id === i), id);
const events = (page, type) => page.evaluate((t) => window.__events.filter((e) => e.type === t), type);
const cookies = (page) => page.evaluate(() => document.cookie.split('; ').filter(Boolean).map((c) => c.split('=')[0]));

// Reloads caused by the page itself (withdrawal) or by the test.
async function reloaded(page, action) {
  const nav = page.waitForEvent('load');
  await action();
  await nav;
  await settled(page);
}

const BASIC = '/site/runtime-basic.html';
const ANALYTICS_IN_ORDER = ['stats-slow', 'stats', 'inline-analytics'];

describe('before consent', () => {
  test('nothing gated runs and the Consent Mode default precedes every tag', () => fresh(async (context) => {
    const page = await open(context, BASIC);
    assert.deepEqual(await ran(page), ['inline-necessary']);
    const info = await page.evaluate(() => ({
      state: CookieGate.get(),
      analytics: CookieGate.isAllowed('analytics'),
      necessary: CookieGate.isAllowed('necessary'),
      frameSrc: document.querySelector('iframe').getAttribute('src'),
      dynamicType: document.querySelector('script[src*="ads-dynamic"]').type,
      defaultFirst: window.__defaultFirst,
      consent: window.dataLayer.filter((a) => a[0] === 'consent').map((a) => [a[1], a[2]]),
    }));
    assert.equal(info.state.prompt, 'consent');
    assert.equal(info.state.consentId, null);
    assert.equal(info.analytics, false);
    assert.equal(info.necessary, true);
    assert.equal(info.frameSrc, null);
    assert.equal(info.dynamicType, 'text/plain', 'the injected third-party script is held');
    assert.equal(info.defaultFirst, true);
    const [first, second] = info.consent;
    assert.equal(first[0], 'default');
    assert.equal(first[1].wait_for_update, 700);
    for (const s of ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage',
      'functionality_storage', 'personalization_storage', 'security_storage']) {
      assert.equal(first[1][s], 'denied', s);
    }
    assert.equal(second[0], 'update', 'an update follows the first evaluation');
    assert.equal(second[1].analytics_storage, 'denied');
    assert.equal(second[1].security_storage, 'granted');
  }));
});

describe('choices', () => {
  test('accept runs every gated script once, in document order, after the Consent Mode update', () => fresh(async (context) => {
    const page = await open(context, BASIC);
    await page.evaluate(() => CookieGate.acceptAll());
    await waitRan(page, 'inline-marketing');
    // The dynamically injected script sits in <head>, so it comes first.
    assert.deepEqual(await ran(page),
      ['inline-necessary', 'ads-dynamic', ...ANALYTICS_IN_ORDER, 'inline-marketing']);
    // In order, yet not one round trip per script: stats.js was requested while the
    // slow one before it was still loading.
    const timing = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('resource')
      .filter((e) => e.name.includes('/runtime-tp/stats'))
      .map((e) => [e.name.split('/').pop(), { start: e.startTime, end: e.responseEnd }])));
    assert.ok(timing['stats.js'].start < timing['stats-slow.js'].end,
      `stats.js waited for stats-slow.js to load: ${JSON.stringify(timing)}`);
    const stats = await page.evaluate(() => window.__ran.find((r) => r.id === 'stats').consent);
    assert.equal(stats[0], 'default:denied/denied');
    assert.equal(stats.at(-1), 'update:granted/granted', 'tags see the granted update first');
    await page.waitForFunction(() => document.querySelector('iframe').getAttribute('src'));
    // Accepting again changes nothing: nothing runs twice.
    await page.evaluate(() => CookieGate.acceptAll());
    await page.evaluate(() => CookieGate.ready);
    assert.equal((await ran(page)).length, 6);
    const consent = await events(page, 'consent');
    assert.equal(consent.length, 1);
    assert.match(consent[0].detail.consentId, /^[0-9a-f]{16,}$/i);
  }));

  test('reject runs nothing optional, and a reload keeps the choice', () => fresh(async (context) => {
    const page = await open(context, BASIC);
    const result = await page.evaluate(() => CookieGate.rejectAll());
    assert.equal(result.prompt, 'none');
    assert.equal(result.categories.analytics, false);
    await reloaded(page, () => page.reload());
    assert.deepEqual(await ran(page), ['inline-necessary']);
    const state = await page.evaluate(() => CookieGate.get());
    assert.equal(state.prompt, 'none');
    assert.equal(state.method, 'reject_all');
  }));

  test('a returning visitor who accepted gets the scripts without any call', () => fresh(async (context) => {
    const page = await open(context, BASIC);
    await page.evaluate(() => CookieGate.acceptAll());
    await waitRan(page, 'inline-marketing');
    await reloaded(page, () => page.reload());
    await waitRan(page, 'inline-marketing');
    const ids = await ran(page);
    assert.deepEqual(ids.filter((i) => i.startsWith('stats') || i === 'inline-analytics'), ANALYTICS_IN_ORDER);
    assert.equal((await page.evaluate(() => CookieGate.get())).prompt, 'none');
  }));

  test('a choice made before the core is ready is queued, not lost', () => fresh(async (context) => {
    const page = await open(context, BASIC + '?early=accept');
    await page.evaluate(() => window.__early);
    await waitRan(page, 'inline-marketing');
    const state = await page.evaluate(() => CookieGate.get());
    assert.equal(state.method, 'accept_all');
    assert.equal(state.prompt, 'none');
    assert.ok((await cookies(page)).includes('cookiegate'));
  }));

  test('a custom choice allows only what was chosen', () => fresh(async (context) => {
    const page = await open(context, BASIC);
    await page.evaluate(() => CookieGate.set({ analytics: true, marketing: false }));
    await waitRan(page, 'inline-analytics');
    const ids = await ran(page);
    assert.ok(!ids.includes('inline-marketing') && !ids.includes('ads-dynamic'));
    assert.equal(await page.evaluate(() => CookieGate.isAllowed('analytics', 'stats')), true);
    assert.equal(await page.evaluate(() => CookieGate.isAllowed('marketing', 'ads')), false);
    assert.equal(await page.evaluate(() => CookieGate.isAllowed('nope')), false);
  }));

  // BASIC opened with its console errors heard, then `calls` run in it: what they
  // returned, the errors, and the cookies before them.
  const refusedChoice = async (context, calls) => {
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await open(context, BASIC, page);
    const before = await cookies(page);
    return { page, errors, before, got: await page.evaluate(calls) };
  };

  test('a service granted in a category the choice refuses is an error, not a silent drop', () => fresh(async (context) => {
    const { page, errors, before, got } = await refusedChoice(context, async () => {
      const heard = [];
      CookieGate.on('error', (e) => heard.push(e.path));
      const name = await CookieGate.set({ analytics: true, marketing: false }, { ads: true }).then(() => 'saved', (e) => e.name);
      return { name, heard, state: CookieGate.get().prompt };
    });
    assert.deepEqual(got, { name: 'choice_invalid', heard: ['services.ads'], state: 'consent' });
    assert.ok(errors.some((e) => /"ads" is a service of "marketing", which this choice does not grant: set that category to true in it too, or leave the service out/.test(e)), errors.join('\n'));
    assert.deepEqual(await ran(page), ['inline-necessary']);
    assert.deepEqual(await cookies(page), before, 'nothing saved');
  }));

  test('set() without categories is an error, not a refusal of everything recorded', () => fresh(async (context) => {
    // A trial's CookieGate.set() with no arguments saved a record refusing everything.
    const { page, errors, before, got } = await refusedChoice(context, async () => {
      const heard = [];
      CookieGate.on('error', (e) => heard.push(e.path));
      const names = [];
      for (const args of [[], [null], [undefined, null]])
        names.push(await CookieGate.set(...args).then(() => 'saved', (e) => e.name));
      return { names, heard, state: CookieGate.get().prompt };
    });
    assert.deepEqual(got, { names: ['choice_invalid', 'choice_invalid', 'choice_invalid'],
      heard: ['choice.categories', 'choice.categories', 'choice.categories'], state: 'consent' });
    assert.ok(errors.some((e) => /choice.categories: must map category ids to true\/false, e.g. {"analytics": true}; to refuse everything, choose reject_all/.test(e)), errors.join('\n'));
    assert.deepEqual(await cookies(page), before, 'nothing saved');
  }));

  test('GPC is recorded as a refusal without a banner', () => fresh(async (context) => {
    const page = await open(context, BASIC);
    await page.waitForFunction(() => CookieGate.get().method === 'gpc_default');
    const state = await page.evaluate(() => CookieGate.get());
    assert.equal(state.prompt, 'none');
    assert.equal(state.gpcApplied, true);
    assert.equal(state.categories.analytics, false);
    assert.deepEqual(await ran(page), ['inline-necessary']);
  }, { init: () => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }) }));
});

describe('withdrawal', () => {
  test('turning a category off deletes its cookies and storage and reloads', () => fresh(async (context) => {
    const page = await open(context, BASIC);
    await page.evaluate(() => CookieGate.acceptAll());
    await waitRan(page, 'inline-marketing');
    assert.ok((await cookies(page)).includes('_stats_deep'));
    await reloaded(page, () => page.evaluate(() => { CookieGate.set({ analytics: false, marketing: true }); }));
    const after = await page.evaluate(() => ({
      cookies: document.cookie,
      local: Object.keys(localStorage).sort(),
      session: Object.keys(sessionStorage),
      state: CookieGate.get(),
    }));
    assert.doesNotMatch(after.cookies, /_stats/);
    assert.match(after.cookies, /_ads=1/, 'other services keep theirs');
    // CookieGate's own entry (the core's last answer, web/src/replay.js) stays.
    assert.deepEqual(after.local, ['ads_key', 'cookiegate:answer', 'unrelated']);
    assert.deepEqual(after.session, []);
    assert.equal(after.state.categories.analytics, false);
    await waitRan(page, 'inline-marketing');
    assert.ok(!(await ran(page)).includes('stats'));
  }));
});

describe('elements added later', () => {
  test('dynamically added gated elements and injected third-party scripts wait for consent', () => fresh(async (context) => {
    const page = await open(context, BASIC);
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.type = 'text/plain';
      s.dataset.category = 'analytics';
      s.text = "window.__ran.push({ id: 'added-later' })";
      document.body.append(s);
      const t = document.createElement('script');
      t.setAttribute('src', '/site/runtime-tp/stats.js?injected');
      document.body.append(t);
    });
    // Held, by structure rather than "a frame later nothing ran": the injected script
    // was made inert, and no live copy of a gated analytics script exists.
    await page.waitForFunction(() => document.querySelector('script[src$="stats.js?injected"]').type === 'text/plain');
    assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('script[data-category="analytics"]')]
      .filter((s) => s.type !== 'text/plain').length), 0);
    assert.deepEqual(await ran(page), ['inline-necessary']);
    await page.evaluate(() => CookieGate.set({ analytics: true, marketing: false }));
    await waitRan(page, 'added-later');
    await page.waitForFunction(() => window.__ran.filter((r) => r.id === 'stats').length === 2);
    // Consent given: new elements run at once; non-consented services stay held.
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.type = 'text/plain';
      s.setAttribute('data-category', 'analytics');
      s.text = "window.__ran.push({ id: 'added-after-consent' })";
      document.body.append(s);
      const ad = document.createElement('script');
      ad.src = '/site/runtime-tp/ads.js';
      ad.type = 'text/javascript';
      document.body.append(ad);
    });
    await waitRan(page, 'added-after-consent');
    assert.equal(await page.evaluate(() => document.querySelector('script[src$="ads.js"]').type), 'text/plain');
    assert.ok(!(await ran(page)).includes('ads'));
  }));
});

describe('failing closed', () => {
  test('an invalid config: nothing gated runs, the error names the field', () => fresh(async (context) => {
    const page = await open(context, '/site/runtime-badconfig.html');
    const errors = await events(page, 'error');
    assert.equal(errors.length, 1);
    assert.match(errors[0].detail.name, /^config_/);
    assert.match(errors[0].detail.path, /^categories\[0\]/);
    assert.deepEqual(await ran(page), []);
    assert.equal(await page.evaluate(() => document.querySelector('script[src*="ads-dynamic"]').type), 'text/plain');
  }));

  for (const [name, path] of [
    ['a missing .wasm', '/site/runtime-nowasm.html'],
    ["a CSP without 'wasm-unsafe-eval'", BASIC + '?csp=nowasm'],
  ]) {
    test(`${name}: nothing gated runs and an error event says why`, () => fresh(async (context) => {
      const page = await open(context, path);
      const errors = await events(page, 'error');
      assert.equal(errors.length, 1);
      assert.equal(errors[0].detail.name, 'wasm_unavailable');
      const rejected = await page.evaluate(() => CookieGate.acceptAll().then(() => 'accepted', (e) => e.name));
      assert.equal(rejected, 'wasm_unavailable');
      assert.equal(await page.evaluate(() => CookieGate.isAllowed('necessary')), false);
      assert.equal(await page.evaluate(() => CookieGate.get().failed), true);
      assert.deepEqual(await ran(page), []);
      assert.equal(await page.evaluate(() => document.querySelector('script[src*="ads-dynamic"]').type), 'text/plain');
      const consent = await page.evaluate(() => window.dataLayer.filter((a) => a[0] === 'consent').map((a) => a[2].analytics_storage));
      assert.ok(consent.every((v) => v === 'denied'));
    }));
  }
});

describe('strict CSP', () => {
  test('nonce + strict-dynamic + Trusted Types: works with zero violations', () => fresh(async (context, problems) => {
    const page = await open(context, '/site/runtime-strict.html');
    assert.deepEqual(await ran(page), ['inline-necessary']);
    await page.evaluate(() => CookieGate.acceptAll());
    await waitRan(page, 'inline-marketing');
    assert.deepEqual(await ran(page), ['inline-necessary', ...ANALYTICS_IN_ORDER, 'inline-marketing']);
    assert.deepEqual(await page.evaluate(() => window.__violations || []), []);
    assert.deepEqual(problems.violations, []);
    assert.deepEqual(problems.console, []);
    assert.deepEqual(problems.pageErrors, []);
  }));

  test('without Trusted Types, scripts are activated as fresh elements, in order', () => fresh(async (context, problems) => {
    const page = await open(context, BASIC);
    assert.equal(await page.evaluate(() => 'trustedTypes' in window), false);
    await page.evaluate(() => CookieGate.acceptAll());
    await waitRan(page, 'inline-marketing');
    assert.deepEqual(await ran(page),
      ['inline-necessary', 'ads-dynamic', ...ANALYTICS_IN_ORDER, 'inline-marketing']);
    // A fresh element follows each inert original, attributes carried over; the
    // original stays where it was (a framework may still hold it), inert.
    assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('script[type="text/plain"][data-category]')]
      .map((s) => [s.getAttribute('data-category'), s.nextElementSibling.type, s.nextElementSibling.getAttribute('data-category')])
      .map(([cat, type, next]) => type === 'text/javascript' && next === cat)),
    [true, true, true, true, true, true]);
    assert.equal(await page.evaluate(() => document.querySelectorAll('script[data-service="stats"][type="text/javascript"]').length), 2);
    assert.deepEqual(problems.pageErrors, []);
  }, { init: () => { delete window.trustedTypes; } }));
});

describe('stored record', () => {
  test('a tossed duplicate consent cookie makes the visitor be asked again', () => fresh(async (context) => {
    const page = await open(context, BASIC);
    await page.evaluate(() => CookieGate.acceptAll());
    await waitRan(page, 'inline-marketing');
    await page.evaluate(() => { document.cookie = 'cookiegate=tossed; path=/site'; });
    await reloaded(page, () => page.reload());
    const state = await page.evaluate(() => CookieGate.get());
    assert.equal(state.prompt, 'consent');
    assert.equal(state.reason, 'invalid_record');
    assert.equal(state.categories.analytics, false);
    assert.deepEqual(await ran(page), ['inline-necessary']);
    // Answering again clears the copies it can reach, so the next visit is clean.
    await page.evaluate(() => CookieGate.acceptAll());
    await waitRan(page, 'inline-marketing');
    assert.equal((await cookies(page)).filter((c) => c === 'cookiegate').length, 1);
    await reloaded(page, () => page.reload());
    assert.equal((await page.evaluate(() => CookieGate.get())).prompt, 'none');
  }));
});

describe('tabs', () => {
  test('a choice in one tab reaches the other, and so does a withdrawal', () => fresh(async (context) => {
    const a = await open(context, BASIC);
    const b = await open(context, BASIC);
    await a.evaluate(() => CookieGate.set({ analytics: true, marketing: false }));
    await waitRan(b, 'inline-analytics');
    assert.equal(await b.evaluate(() => CookieGate.isAllowed('analytics')), true);
    assert.equal((await events(b, 'change')).length, 1);
    // Withdrawal in A: both tabs clean up and reload.
    const bReload = b.waitForEvent('load');
    await reloaded(a, () => a.evaluate(() => { CookieGate.rejectAll(); }));
    await bReload;
    await settled(b);
    assert.equal(await b.evaluate(() => CookieGate.isAllowed('analytics')), false);
    assert.deepEqual(await ran(b), ['inline-necessary']);
    assert.doesNotMatch(await b.evaluate(() => document.cookie), /_stats/);
  }));
});

describe('options and notices', () => {
  test('reloadOnWithdrawal off: cleans up, stays on the page, runs nothing more of it', () => fresh(async (context) => {
    const page = await open(context, '/site/runtime-noreload.html');
    await page.evaluate(() => CookieGate.acceptAll());
    await waitRan(page, 'inline-marketing');
    await page.evaluate(() => { window.__samePage = true; });
    await page.evaluate(() => CookieGate.set({ analytics: false, marketing: true }));
    assert.equal(await page.evaluate(() => window.__samePage), true);
    assert.doesNotMatch(await page.evaluate(() => document.cookie), /_stats/);
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.type = 'text/plain';
      s.dataset.category = 'analytics';
      s.text = "window.__ran.push({ id: 'after-withdrawal' })";
      document.body.append(s);
      const t = document.createElement('script');
      t.src = '/site/runtime-tp/stats.js?again';
      document.body.append(t);
    });
    await page.waitForFunction(() => document.querySelector('script[src$="again"]').type === 'text/plain');
    assert.equal((await ran(page)).filter((i) => i === 'stats' || i === 'after-withdrawal').length, 1);
    assert.equal((await events(page, 'change')).length, 2);
  }));

  // A trial with a Turbo-style page cache: Back restores a snapshot of the body and
  // re-creates its scripts so that they run. The copy CookieGate ran for a category is
  // an ordinary script carrying data-category: after a withdrawal it ran again.
  test('reloadOnWithdrawal off: a page cache re-creating an activated script runs it only while allowed', () => fresh(async (context) => {
    const page = await open(context, '/site/runtime-noreload.html');
    await page.evaluate(() => CookieGate.acceptAll());
    await waitRan(page, 'inline-analytics');
    const recreate = () => page.evaluate(() => {
      for (const old of document.querySelectorAll('script[data-category="analytics"]:not([type="text/plain"]):not([src])')) {
        const s = document.createElement('script');
        for (const a of old.attributes) s.setAttribute(a.name, a.value);
        s.text = old.text;
        document.body.append(s);
      }
    });
    await recreate();  // still allowed: runs, as a page cache means it to
    await page.waitForFunction(() => window.__ran.filter((r) => r.id === 'inline-analytics').length === 2);
    await page.evaluate(() => CookieGate.set({ analytics: false, marketing: true }));
    await recreate();
    const count = await page.evaluate(() => window.__ran.filter((r) => r.id === 'inline-analytics').length);
    assert.equal(count, 2, 'the re-created script ran after the withdrawal');
    const held = await page.evaluate(() => [...document.querySelectorAll('script[data-category="analytics"]:not([src])')].at(-1).type);
    assert.equal(held, 'text/plain');
    // Data islands carrying data-category are data, not held (a page cache re-creates
    // them on every visit); a runnable one of no declared category is said, not hidden.
    const said = page.waitForEvent('console', { predicate: (m) => /never runs: the config declares no category "analytcs"/.test(m.text()) });
    const islands = await page.evaluate(() => ['application/json', 'application/ld+json', ''].map((type) => {
      const s = document.createElement('script');
      if (type) s.type = type;
      s.dataset.category = type ? 'analytics' : 'analytcs';
      s.text = type ? '{}' : "window.__ran.push({ id: 'undeclared' })";
      document.body.append(s);
      return s.type;
    }));
    assert.deepEqual(islands.slice(0, 2), ['application/json', 'application/ld+json']);
    assert.equal(islands[2], 'text/plain');
    await said;
    // Allowed again: the held copy runs, once.
    await page.evaluate(() => CookieGate.acceptAll());
    await page.waitForFunction(() => window.__ran.filter((r) => r.id === 'inline-analytics').length >= 3);
  }));

  // A trial's typos failed closed without a word, while the same typo in markup is said.
  test('names the page got wrong are said once each on the console: API calls and an <img data-category>', () => fresh(async (context) => {
    const page = await context.newPage();
    const warnings = [];
    page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
    await open(context, '/site/runtime-noreload.html', page);
    const answers = await page.evaluate(() => [
      CookieGate.isAllowed('analytcs'), CookieGate.isAllowed('analytcs'),
      CookieGate.isAllowed('analytics', 'stast'), CookieGate.isAllowed('necessary'), CookieGate.isAllowed('necessary', 'session'),
      typeof CookieGate.on('chnage', () => {}), typeof CookieGate.on('change', () => {}),
    ]);
    assert.deepEqual(answers, [false, false, false, true, false, 'function', 'function']);
    const ours = warnings.filter((w) => w.startsWith('CookieGate:'));
    const one = (re) => assert.equal(ours.filter((w) => re.test(w)).length, 1, `${re}: ${ours.join('\n')}`);
    one(/isAllowed\("analytcs"\): no such category \(necessary, analytics, marketing\)/);
    one(/isAllowed\("analytics", "stast"\): no such service in "analytics" \(stats\)/);
    // A category without services says so, not "()" (a review).
    one(/isAllowed\("necessary", "session"\): no such service in "necessary" \(none\)/);
    // With the names there are, as a misspelt category's warning lists the ids (a trial).
    one(/on\("chnage"\): no such event \(ready, state, consent, change, notice, error\)$/);
    // With the README's fix (a trial found the warning without one).
    one(/<img [^]*is not held: only <script>, <iframe>, <embed> and <object> are \(load it from a gated script\)/);
    assert.equal(ours.length, 5, ours.join('\n'));
  }));

  // A later trial: the same typo at the top of a module, before the core had answered,
  // said nothing (the ids were not known yet).
  test('a name got wrong before the core has answered is said once it has', () => fresh(async (context) => {
    const page = await context.newPage();
    const warnings = [];
    page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
    await page.goto(server.url('/site/runtime-empty.html'));
    const early = await page.evaluate(async () => {
      const CookieGate = await import('/dist/index.js');
      const config = await (await fetch('/site/runtime-config.json')).json();
      CookieGate.init(config, { ui: false });
      const answers = [CookieGate.isAllowed('analytcs'), CookieGate.isAllowed('analytics', 'stast'), CookieGate.isAllowed('analytcs')];
      const before = CookieGate.get().ready;
      await CookieGate.ready;
      return { answers, before };
    });
    assert.deepEqual(early, { answers: [false, false, false], before: false });
    await until(() => warnings.filter((w) => w.startsWith('CookieGate: isAllowed')).length >= 2, 'the warnings');
    const ours = warnings.filter((w) => w.startsWith('CookieGate: isAllowed'));
    assert.equal(ours.filter((w) => /isAllowed\("analytcs"\): no such category/.test(w)).length, 1, ours.join('\n'));
    assert.equal(ours.filter((w) => /isAllowed\("analytics", "stast"\): no such service in "analytics"/.test(w)).length, 1, ours.join('\n'));
  }));

  test('a withdrawal while earlier scripts still load: the inline code after them stays off', () => fresh(async (context) => {
    const page = await open(context, '/site/runtime-noreload.html');
    // stats-slow.js is held until the withdrawal; inline-analytics, after it in the
    // page, waits for it to have run.
    let release;
    holdSlow = new Promise((ok) => { release = ok; });
    try {
      await page.evaluate(() => { CookieGate.acceptAll(); });
      await page.waitForFunction(() => document.querySelector('script[src$="stats-slow.js"]').type !== 'text/plain');
      await page.evaluate(() => CookieGate.set({ analytics: false, marketing: true }));
    } finally {
      holdSlow = null;
      release();
    }
    await waitRan(page, 'inline-marketing');
    const ids = await ran(page);
    assert.ok(ids.includes('stats-slow'), `inserted before the withdrawal, it still ran: ${ids}`);
    assert.ok(!ids.includes('inline-analytics'), `ran: ${ids}`);
  }));

  test('a minor policy update shows a notice once, until acknowledged', () => fresh(async (context) => {
    const page = await open(context, BASIC);
    await page.evaluate(() => CookieGate.acceptAll());
    await page.goto(server.url('/site/runtime-notice.html'));
    await settled(page);
    const notice = await events(page, 'notice');
    assert.equal(notice.length, 1);
    assert.equal(notice[0].detail.version, '1.1.0');
    assert.equal((await page.evaluate(() => CookieGate.get())).prompt, 'notice');
    await waitRan(page, 'inline-marketing');  // consent stays valid meanwhile
    const acked = await page.evaluate(() => CookieGate.acknowledgeNotice());
    assert.equal(acked.prompt, 'none');
    await reloaded(page, () => page.reload());
    assert.equal((await page.evaluate(() => CookieGate.get())).prompt, 'none');
    assert.equal((await events(page, 'notice')).length, 0);
  }));
});

describe('entries', () => {
  test('the npm browser entry (ESM) finds its .wasm and gates the same way', () => fresh(async (context, problems) => {
    const page = await open(context, '/site/runtime-esm.html');
    assert.deepEqual(await ran(page), ['inline-necessary']);
    const state = await page.evaluate(() => CookieGate.acceptAll());
    assert.equal(state.categories.analytics, true);
    await waitRan(page, 'inline-analytics');
    assert.ok(server.requests.includes('/dist/cookiegate-core.wasm'));
    assert.deepEqual(problems.pageErrors, []);
  }));

  // A trial's listener, added before init() as the README shows, heard each of these
  // twice: replayed as a failure already there, then emitted as it was handled. And
  // init(undefined) was told to check its commas.
  for (const [what, arg, message] of [
    ['undefined', undefined, /^the config is not a JSON object: it is undefined$/],
    ['null', null, /^the config is not a JSON object: it is null$/],
    ['an array', [], /^the config is not a JSON object: it is \[\]$/],
    ['text with a trailing comma', '{"policy": {"version": "1.0.0"},}', /^the config is not valid JSON \(check commas, quotes and brackets; inline, line 1 is the <script> tag's\): \S/],
  ]) {
    test(`init() given ${what}: error 100 once to a listener added before it, naming what it was given`, () => fresh(async (context) => {
      const page = await context.newPage();
      await page.goto(server.url('/site/runtime-empty.html'));
      const heard = await page.evaluate(async (a) => {
        const CookieGate = await import('/dist/index.js');
        const got = [];
        CookieGate.on('error', (e) => got.push(e));
        CookieGate.init(a.undefined ? undefined : a.value, { ui: false });
        await CookieGate.ready.catch(() => {});
        // Replays and emits are microtasks of the failure: a task later all have come.
        await new Promise((ok) => setTimeout(ok));
        return got;
      }, { undefined: arg === undefined, value: arg ?? null });
      assert.equal(heard.length, 1, JSON.stringify(heard));
      assert.equal(heard[0].code, 100);
      assert.match(heard[0].message, message);
    }));
  }

  // The npm route on an empty page: consent-default.js first (with `wait` as its
  // data-wait-for-update, when given; none when `wait` is false), then init() with the
  // fixture config (waitForUpdate 700; without consentMode when `noConsentMode`).
  // Gives the console's warnings and the wait_for_update of each default pushed.
  async function npmRoute(context, { wait, noConsentMode = false, options = { ui: false } } = {}) {
    const page = await context.newPage();
    const warnings = [];
    page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
    await page.goto(server.url('/site/runtime-empty.html'));
    const pushed = await page.evaluate(async (a) => {
      if (a.wait !== false) {
        await new Promise((ok) => {
          const s = document.createElement('script');
          s.src = '/dist/consent-default.js';
          if (a.wait != null) s.setAttribute('data-wait-for-update', a.wait);
          s.onload = ok;
          document.head.append(s);
        });
      }
      const CookieGate = await import('/dist/index.js');
      const config = await (await fetch('/site/runtime-config.json')).json();
      if (a.noConsentMode) delete config.consentMode;
      CookieGate.init(config, a.options);
      await CookieGate.ready;
      return [...(window.dataLayer || [])].filter((c) => c[0] === 'consent' && c[1] === 'default').map((c) => c[2].wait_for_update);
    }, { wait: wait ?? null, noConsentMode, options });
    return { warnings, pushed };
  }

  // A trial's app had consent-default.js in <head> and a config without Consent Mode:
  // Google's tags stayed denied after Accept all, and nothing said why.
  test('consent-default.js with a config that does not turn Consent Mode on: the console says no update will follow', () =>
    fresh(async (context) => {
      const { warnings } = await npmRoute(context, { noConsentMode: true });
      assert.ok(warnings.some((t) => /consent-default\.js pushed Consent Mode's default, but the config does not turn consentMode on: no update follows/.test(t)),
        warnings.join('\n'));
    }));

  // A trial's config waited 2000 ms for the update while consent-default.js, without
  // data-wait-for-update, had told Google's tags 500; nothing said so.
  test('consent-default.js pushed another wait_for_update than the config\'s: the console gives the attribute to write', () =>
    fresh(async (context) => {
      const { warnings, pushed } = await npmRoute(context);
      assert.deepEqual(pushed, [500], 'one default, the script\'s');
      assert.deepEqual(warnings.filter((t) => /to wait/.test(t)), ['CookieGate: consent-default.js told Google\'s tags to wait 500 ms for the update, ' +
        'the config\'s consentMode.waitForUpdate is 700: give it data-wait-for-update="700"'], warnings.join('\n'));
    }));

  test('consent-default.js with the config\'s wait_for_update: nothing said', () => fresh(async (context) => {
    const { warnings, pushed } = await npmRoute(context, { wait: '700' });
    assert.deepEqual(pushed, [700]);
    assert.deepEqual(warnings.filter((t) => t.startsWith('CookieGate:')), []);
  }));

  // A trial's init(config, { wasmURL, reloadOnWithdrawl: false }) was ignored without a word;
  // a later one's wasmTimeout: '5000' (a string of digits) too.
  test('init() options misspelt or of the wrong type are said once each, with the options there are', () => fresh(async (context) => {
    const { warnings } = await npmRoute(context, { wait: false,
      options: { ui: false, wasmURL: '/x.wasm', reloadOnWithdrawl: false, reloadOnWithdrawal: 'false', wasmTimeout: '5000' } });
    const ours = warnings.filter((t) => t.startsWith('CookieGate:'));
    const names = 'wasmUrl, wasmTimeout, region, verifiedCrawler, reloadOnWithdrawal, ui';
    assert.deepEqual(ours, [
      `CookieGate: init(): no option "wasmURL" (${names})`,
      `CookieGate: init(): no option "reloadOnWithdrawl" (${names})`,
      'CookieGate: init(): reloadOnWithdrawal must be true or false, not "false"',
      'CookieGate: init(): wasmTimeout must be a number of ms (0: no limit), not "5000"',
    ]);
  }));

  // README "In an app (npm)": init(config, { ui: false }) and mountUI(runtime).
  test('a banner mounted with mountUI(): open() shows its preferences, showPreferences() does not, clicks count as the API\'s, destroy() is final', () => fresh(async (context, problems) => {
    const page = await open(context, '/site/runtime-esm.html');
    await page.evaluate(() => { window.ui = CookieGate.mountUI(CookieGate.init()); });
    const banner = page.locator('cookiegate-ui .bn');
    await banner.waitFor();
    const dialog = page.locator('cookiegate-ui dialog.dg[open]');
    await page.evaluate(() => CookieGate.showPreferences());
    assert.equal(await dialog.count(), 0, 'showPreferences() reaches only the banner init() mounted');
    await page.evaluate(() => window.ui.open());
    await dialog.waitFor();
    await page.evaluate(() => window.ui.close());
    await dialog.waitFor({ state: 'detached' });
    // Without the visitor channel a script's click is not taken for the visitor's either.
    const warned = page.waitForEvent('console', { predicate: (m) => /ignored a click that no user made/.test(m.text()) });
    await banner.getByRole('button', { name: 'Reject all', exact: true }).evaluate((b) => b.click());
    await warned;
    assert.equal(await page.evaluate(() => CookieGate.get().record), null);
    await banner.getByRole('button', { name: 'Accept all', exact: true }).click();
    await page.waitForFunction(() => CookieGate.get().record?.source);
    assert.equal(await page.evaluate(() => CookieGate.get().record.source), 'api');
    await page.evaluate(() => window.ui.destroy());
    assert.equal(await page.locator('cookiegate-ui').count(), 0);
    await page.evaluate(() => CookieGate.set({ analytics: true, marketing: true }));
    assert.equal(await page.locator('cookiegate-ui').count(), 0, 'no later state brings it back');
    assert.deepEqual(problems.pageErrors, []);
  }));
  // web/types: showPreferences(): Promise<void>, before the runtime has arrived and after
  // (a trial's `.then()` on it threw once the runtime was there).
  test('showPreferences() answers a promise once the runtime is there too', () => fresh(async (context) => {
    const page = await open(context, BASIC);
    assert.equal(await page.evaluate(async () => {
      await CookieGate.ready;
      const answer = CookieGate.showPreferences();
      await answer;
      return answer instanceof Promise;
    }), true);
  }));

  // README "Who acted": a site's own banner claims the visitor channel.
  test('a site\'s own banner records the visitor\'s clicks through visitorChannel(): handed out once, trusted clicks only', () => fresh(async (context, problems) => {
    const page = await open(context, BASIC);
    const again = await page.evaluate(() => {
      const runtime = CookieGate.init();
      const channel = runtime.visitorChannel();
      const button = Object.assign(document.createElement('button'), { id: 'my-save', textContent: 'Save' });
      button.addEventListener('click', (e) => {
        window.__answer = channel.set(e, 'preferences', { analytics: true, marketing: false })
          .then((s) => s.record.source, (err) => err.name);
      });
      document.body.prepend(button);
      return runtime.visitorChannel();
    });
    assert.equal(again, null, 'a second claim gets nothing');
    const logged = page.waitForEvent('console', { predicate: (m) => /error 505 untrusted_event/.test(m.text()) });
    await page.evaluate(() => document.getElementById('my-save').click());
    assert.equal(await page.evaluate(() => window.__answer), 'untrusted_event');
    assert.equal(await page.evaluate(() => CookieGate.isAllowed('analytics')), false, 'a script\'s click chose nothing');
    await logged;
    await page.click('#my-save');
    assert.equal(await page.evaluate(() => window.__answer), 'ui');
    await waitRan(page, 'inline-analytics');
    const st = await page.evaluate(() => CookieGate.get());
    assert.equal(st.record.source, 'ui');
    assert.equal(st.categories.marketing, false);
    assert.deepEqual(problems.pageErrors, []);
  }));
});

describe('tabs without BroadcastChannel', () => {
  test('a tab catches up from the cookie when it regains focus', () => fresh(async (context) => {
    const a = await open(context, BASIC);
    const b = await open(context, BASIC);
    await a.evaluate(() => CookieGate.set({ analytics: true, marketing: false }));
    assert.equal(await b.evaluate(() => CookieGate.isAllowed('analytics')), false);
    await b.evaluate(() => dispatchEvent(new Event('focus')));
    await waitRan(b, 'inline-analytics');
    assert.equal(await b.evaluate(() => CookieGate.isAllowed('analytics')), true);
  }, { init: () => { delete window.BroadcastChannel; } }));
});

describe('one source of truth', () => {
  test('once ready, the runtime (and the UI through it) reads the core\'s validated config', () => fresh(async (context) => {
    const page = await open(context, BASIC);
    const cfg = await page.evaluate(() => CookieGate.init().config);
    // Only the core's normalised config has these: the raw JSON has none of them.
    assert.equal(cfg.cookie.storedName, 'cookiegate');
    assert.equal(cfg.categories[1].revision, 1);
    assert.deepEqual(cfg.categories[2].services[0].cookies, ['_ads']);
    assert.equal(cfg.expiry.acceptDays, 182);
    assert.deepEqual(cfg.languages, ['en']);
  }));
});
