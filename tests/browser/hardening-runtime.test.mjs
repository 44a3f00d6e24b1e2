// Hardening in Chromium, the running core: wasm that cannot be had (404, wrong MIME
// type, a stalled response, a CSP without 'wasm-unsafe-eval', a trap mid-session),
// re-entrant and repeated calls, and tabs answering at the same moment. The real
// bundle and banner on tests/browser/pages/hardening-page.html.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';

import { createServerCore } from '../../web/dist/server.js';
import {
  PAGE, assertNothingOptional, banner, events, fresh, idle, open, ran, settled, setup, state,
  waitRan,
} from './hardening-support.mjs';
import { repoRoot, test } from './harness.mjs';

let env;
let core;
let configJson;

before(async () => {
  env = await setup();
  core = await createServerCore();
  const html = await readFile(join(repoRoot, 'tests/browser/pages/hardening-page.html'), 'utf8');
  configJson = html.match(/<script type="application\/json" id="cookiegate-config">([\s\S]*?)<\/script>/)[1];
});
after(() => env?.close());

const url = (q = '') => env.server.url(PAGE + q);
const fetches = (path) => env.server.requests.filter((r) => r.split('?')[0] === path).length;
const STATS = '/site/hardening-tp/stats.js';
const acceptButton = (page) => page.locator('cookiegate-ui .bn button', { hasText: 'Accept all' });

// The visible, accessible failure message of the banner.
async function assertUnavailableShown(page, label) {
  await page.waitForFunction(() =>
    document.querySelector('cookiegate-ui')?.shadowRoot?.querySelector('.bn[data-variant=unavailable]'));
  const b = await banner(page);
  assert.equal(b.role, 'alert', `${label}: announced`);
  assert.match(b.text, /cannot be saved right now/, label);
  assert.ok(b.visible, `${label}: visible`);
  await page.waitForFunction(() => document.querySelector('cookiegate-ui').shadowRoot.querySelector('.bn[data-variant=unavailable]').matches(':popover-open'));
}

// Opens the page `q` whose .wasm never arrives on Playwright's fake clock, paused:
// the runtime must not have given up 1 ms before `ms`, and must have at `ms`. The
// timeout is then exact, and costs no real seconds.
async function stalledAt(page, q, ms) {
  await page.clock.install();
  // The installed clock runs on until paused: a minute ahead stays in its future even
  // on a machine slow enough to take seconds between these two calls.
  await page.clock.pauseAt(Date.now() + 60000);
  // The .wasm may be fetched early (a preload), but the glue is imported only once the
  // runtime has armed its timer: from that request on, the fake clock decides.
  const asked = (path) => page.waitForRequest((r) => new URL(r.url()).pathname === path, { timeout: 60000 });
  const requests = Promise.all([asked('/wasm/stall.wasm'), asked('/dist/cookiegate-core.js')]);
  await page.goto(url(q), { waitUntil: 'commit' });
  await requests;
  await page.clock.runFor(ms - 1);
  assert.deepEqual(await events(page, 'error'), [], `failed before ${ms} ms`);
  await page.clock.runFor(1);
  await settled(page);
  await page.clock.resume();  // the rest of the test waits on the page's own timers
}

async function assertFailedClosed(page, problems, label) {
  const st = await state(page);
  assert.equal(st.failed, true, label);
  assert.ok(Object.values(st.categories).every((on) => on === false), `${label}: nothing allowed`);
  assert.equal(await page.evaluate(() => CookieGate.isAllowed('necessary')), false, label);
  const answer = await page.evaluate(() => CookieGate.acceptAll().then(() => 'accepted', (e) => e.name));
  assert.match(answer, /^wasm_/, `${label}: a choice cannot be made`);
  assert.deepEqual(await ran(page), [], `${label}: nothing gated ran`);
  // Nor can it later: every gated script, the required ones too, is still inert.
  assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('script[data-category]')]
    .filter((s) => s.type !== 'text/plain').length), 0, `${label}: a gated script was activated`);
  await assertNothingOptional(page, problems, label);
  assert.equal((await page.context().cookies()).filter((c) => c.name === 'cookiegate').length, 0, label);
}

// Wraps every function the instance exports so that, once window.__trap is set, the
// next call into the core throws the RuntimeError a real trap (unreachable, out of
// bounds) throws. The core's calls marshal strings through its exported allocator.
// The page's own instance is made either way: by WebAssembly.instantiate, or, when it
// starts from the warm-up worker's answers, by `new WebAssembly.Instance` at its first
// other call (web/src/wasm/bridge.js). Wrapping only the first, the test passed only
// when the worker was slow (a loaded machine) and failed on an idle one.
function injectTrap() {
  window.__trap = false;
  const wrap = (result) => {
    const inst = result.instance || result;
    const exports = {};
    for (const [name, value] of Object.entries(inst.exports)) {
      exports[name] = typeof value !== 'function' ? value : function trapping(...args) {
        if (window.__trap) throw new WebAssembly.RuntimeError('unreachable (injected by the test)');
        return value.apply(this, args);
      };
    }
    return result.instance ? { instance: { exports }, module: result.module } : { exports };
  };
  for (const fn of ['instantiate', 'instantiateStreaming']) {
    const real = WebAssembly[fn];
    WebAssembly[fn] = function instantiate(...args) { return real.apply(this, args).then(wrap); };
  }
  const RealInstance = WebAssembly.Instance;
  WebAssembly.Instance = function Instance(module, imports) { return wrap(new RealInstance(module, imports)); };
}

// Holds the core's start until the test calls window.__release(): its compiling too,
// as the page may start from the warm-up worker's answers without instantiating.
function holdCore() {
  let release;
  const gate = new Promise((ok) => { release = ok; });
  window.__release = release;
  for (const fn of ['compile', 'compileStreaming', 'instantiate', 'instantiateStreaming']) {
    const real = WebAssembly[fn];
    WebAssembly[fn] = function held(...args) { return gate.then(() => real.apply(this, args)); };
  }
}

// gated inline scripts report to window.__ran; this keeps a copy across reloads.
function logAcrossReloads() {
  let log;
  try {
    log = JSON.parse(sessionStorage.getItem('__ranlog') || '[]');
  } catch (e) {
    return;  // the blank document before the first navigation has no storage
  }
  window.__ranLog = log;
  window.__ran = [];
  window.__ran.push = function push(...ids) {
    log.push(...ids);
    sessionStorage.setItem('__ranlog', JSON.stringify(log));
    return Array.prototype.push.apply(this, ids);
  };
}

describe('wasm unavailable', { concurrency: true }, () => {
  for (const [name, q] of [
    ['a missing .wasm (404)', '?wasm=/missing.wasm'],
    ["a CSP without 'wasm-unsafe-eval'", '?csp=nowasm'],
  ]) {
    test(`${name}: error event, nothing runs, the banner says choices cannot be saved`, () =>
      fresh(env.browser, async (context, problems) => {
        const page = await open(context, url(q));
        const errors = await events(page, 'error');
        assert.equal(errors.length, 1);
        assert.equal(errors[0].name, 'wasm_unavailable');
        await assertUnavailableShown(page, name);
        await assertFailedClosed(page, problems, name);
      }));
  }

  test('wrong MIME type (text/plain): loads through the ArrayBuffer fallback, gates as usual', () =>
    fresh(env.browser, async (context, problems) => {
      const page = await open(context, url('?wasm=/wasm/plain.wasm'));
      assert.deepEqual(await events(page, 'error'), []);
      await waitRan(page, 'inline-necessary');
      assert.equal((await banner(page)).variant, 'consent');
      await assertNothingOptional(page, problems, 'text/plain');
      await acceptButton(page).click();
      await waitRan(page, 'inline-marketing');
      assert.equal((await state(page)).method, 'accept_all');
      assert.ok(fetches('/wasm/plain.wasm') > 0);
      assert.deepEqual(problems.pageErrors, []);
    }));

  test('a stalled response: fails closed at the wasmTimeout, not before; a queued choice is refused', () =>
    fresh(env.browser, async (context, problems) => {
      const page = await context.newPage();
      await stalledAt(page, '?wasm=/wasm/stall.wasm&timeout=3000', 3000);
      const errors = await events(page, 'error');
      assert.equal(errors.length, 1);
      assert.equal(errors[0].name, 'wasm_unavailable');
      assert.match(errors[0].message, /within 3000 ms/);
      // The choice made meanwhile (on the provisional banner's behalf) was queued, then refused.
      assert.deepEqual(await page.evaluate(() => window.__early), { queued: true, answer: 'wasm_unavailable' });
      await assertUnavailableShown(page, 'stalled');
      await assertFailedClosed(page, problems, 'stalled');
      assert.deepEqual(await events(page, 'consent'), [], 'the queued choice stored nothing');
    }, {
      init: () => addEventListener('DOMContentLoaded', () => {
        if (!window.CookieGate) return;  // the blank gated iframe
        // get() is null until the script tag's runtime file has arrived (the head part
        // queues calls meanwhile), then the provisional state until the core answers.
        const st = CookieGate.get();
        const queued = !st || (!st.ready && !st.failed);
        window.__early = { queued };
        CookieGate.acceptAll().then(() => { window.__early.answer = 'accepted'; },
          (e) => { window.__early.answer = e.name; });
      }),
    }));

  test('a stalled response without options: the default timeout (10 s) applies', () =>
    fresh(env.browser, async (context, problems) => {
      const page = await context.newPage();
      await stalledAt(page, '?wasm=/wasm/stall.wasm', 10000);
      const errors = await events(page, 'error');
      assert.match(errors[0].message, /within 10000 ms/);
      await assertUnavailableShown(page, 'stalled, default');
      await assertNothingOptional(page, problems, 'stalled, default');
    }));

  // Found by a new-user trial: webpack's default chunk loading inserts the bridge chunk
  // as a <script> element, which the gate holds until the core has validated the config;
  // the timer started only once the bridge had run, so nothing ever said why.
  test('a stalled cookiegate-bridge.js: fails closed at the wasmTimeout, naming the file', () =>
    fresh(env.browser, async (context, problems) => {
      const page = await context.newPage();
      await page.route('**/cookiegate-bridge.js', () => {});  // never answered
      await page.clock.install();
      await page.clock.pauseAt(Date.now() + 60000);
      const asked = page.waitForRequest((r) => new URL(r.url()).pathname.endsWith('/cookiegate-bridge.js'), { timeout: 60000 });
      await page.goto(url('?timeout=2000'), { waitUntil: 'commit' });
      await asked;  // the runtime arms its timer as it asks for the bridge
      await page.clock.runFor(1999);
      assert.deepEqual(await events(page, 'error'), [], 'failed before 2000 ms');
      await page.clock.runFor(1);
      await settled(page);
      await page.clock.resume();
      const errors = await events(page, 'error');
      assert.equal(errors.length, 1);
      assert.equal(errors[0].name, 'wasm_unavailable');
      assert.match(errors[0].message, /cookiegate-bridge\.js did not arrive within 2000 ms \(raise wasmTimeout\?\)/);
      await assertUnavailableShown(page, 'bridge stalled');
      await assertFailedClosed(page, problems, 'bridge stalled');
    }));

  test('a trap mid-session: the click fails closed with an error event and an alert', () =>
    fresh(env.browser, async (context, problems) => {
      const page = await open(context, url());
      await waitRan(page, 'inline-necessary');
      assert.equal((await banner(page)).variant, 'consent');
      await page.evaluate(() => { window.__trap = true; });
      await acceptButton(page).click();
      await page.waitForFunction(() => window.__events.some((e) => e.type === 'error'));
      const errors = await events(page, 'error');
      assert.equal(errors.length, 1);
      assert.equal(errors[0].name, 'wasm_trap');
      await assertUnavailableShown(page, 'trap');
      const st = await state(page);
      assert.equal(st.failed, true);
      assert.ok(Object.values(st.categories).every((on) => on === false));
      const ids = await ran(page);
      assert.deepEqual(ids, ['inline-necessary'], 'only what ran before the trap');
      await assertNothingOptional(page, problems, 'trap');
      assert.deepEqual(await events(page, 'consent'), []);
      // Everything later is refused too, whatever the latched trap.
      assert.equal(await page.evaluate(() => CookieGate.rejectAll().then(() => 'ok', (e) => e.name)), 'wasm_trap');
    }, { init: injectTrap }));

  test('a trap after consent: everything is denied from then on, added scripts stay inert', () =>
    fresh(env.browser, async (context, problems) => {
      const page = await open(context, url('?noreload'));
      await page.evaluate(() => CookieGate.acceptAll());
      await waitRan(page, 'inline-marketing');
      await page.evaluate(() => { window.__trap = true; });
      assert.equal(await page.evaluate(() => CookieGate.rejectAll().then(() => 'ok', (e) => e.name)), 'wasm_trap');
      assert.equal(await page.evaluate(() => CookieGate.isAllowed('analytics')), false);
      await assertUnavailableShown(page, 'trap after consent');
      await page.evaluate(() => {
        const s = document.createElement('script');
        s.type = 'text/plain';
        s.dataset.category = 'analytics';
        s.text = "window.__ran.push('added-after-trap')";
        document.body.append(s);
      });
      // Still inert, and no runnable copy of it was made: it cannot run later either.
      assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('script')]
        .filter((s) => s.text.includes('added-after-trap')).map((s) => s.type)), ['text/plain']);
      assert.ok(!(await ran(page)).includes('added-after-trap'));
      assert.deepEqual(problems.pageErrors, []);
    }, { init: injectTrap }));
});

describe('re-entrancy and repeated calls', () => {
  test('rejectAll inside a change handler of acceptAll: the last choice wins, nothing runs', () =>
    fresh(env.browser, async (context, problems) => {
      const page = await open(context, url());
      await waitRan(page, 'inline-necessary');
      const statsBefore = fetches(STATS);
      const reload = page.waitForEvent('load');
      await page.evaluate(() => {
        CookieGate.on('change', function once() {
          CookieGate.off('change', once);
          CookieGate.rejectAll();
        });
        CookieGate.acceptAll();
      });
      await reload;  // the inner call withdrew what the outer one had just allowed
      await settled(page);
      await waitRan(page, 'inline-necessary');
      const st = await state(page);
      assert.equal(st.method, 'reject_all');
      assert.equal(st.prompt, 'none');
      // Structurally: nothing optional of the new page is armed, so nothing can run later.
      await assertNothingOptional(page, problems, 'after the inner rejectAll');
      assert.deepEqual(await page.evaluate(() => window.__ranLog), ['inline-necessary', 'inline-necessary'],
        'across both page loads, only the necessary script ran');
      assert.equal(fetches(STATS), statsBefore, 'the gated external script was never fetched');
      assert.deepEqual(problems.pageErrors, []);
    }, { init: logAcrossReloads }));

  test('acceptAll inside a change handler of a custom choice: every script runs once', () =>
    fresh(env.browser, async (context, problems) => {
      const page = await open(context, url('?noreload'));
      const statsBefore = fetches(STATS);
      const result = await page.evaluate(() => {
        CookieGate.on('change', function once() {
          CookieGate.off('change', once);
          window.__inner = CookieGate.acceptAll();
        });
        return CookieGate.set({ analytics: true, marketing: false });
      });
      assert.equal(result.categories.marketing, true, 'the outer call reports the final state');
      await page.evaluate(() => window.__inner);
      await waitRan(page, 'inline-marketing');
      await waitRan(page, 'stats');
      await page.waitForFunction(() => document.querySelector('iframe[data-category]').getAttribute('src'));
      await idle(page);
      assert.deepEqual((await ran(page)).sort(), ['inline-analytics', 'inline-marketing', 'inline-necessary', 'stats']);
      assert.equal(fetches(STATS) - statsBefore, 1);
      assert.equal((await events(page, 'change')).length, 2);
      assert.equal((await events(page, 'consent')).length, 1);
      await page.reload();
      await settled(page);
      assert.equal((await state(page)).method, 'accept_all', 'the stored record is the last choice');
      assert.deepEqual(problems.pageErrors, []);
    }));

  test('init called again (even with another config) keeps the first runtime and one banner', () =>
    fresh(env.browser, async (context, problems) => {
      const page = await open(context, url());
      const same = await page.evaluate(() => {
        const other = { categories: [{ id: 'necessary', required: true }, { id: 'x' }], cookie: { hostPrefix: true } };
        const a = CookieGate.init(other);
        const b = CookieGate.init(other, { ui: true });
        return a === b && a.config.categories.length === 3;
      });
      assert.equal(same, true);
      await idle(page);
      assert.equal(await page.evaluate(() => document.querySelectorAll('cookiegate-ui').length), 1);
      await page.evaluate(() => CookieGate.acceptAll());
      await waitRan(page, 'inline-marketing');
      await idle(page);
      assert.deepEqual((await ran(page)).sort(), ['inline-analytics', 'inline-marketing', 'inline-necessary', 'stats']);
      assert.deepEqual((await context.cookies()).map((c) => c.name), ['cookiegate']);
      assert.equal((await events(page, 'ready')).length, 1);
      assert.deepEqual(problems.pageErrors, []);
    }));

  test('double click on Accept after ready: one activation, one record', () =>
    fresh(env.browser, async (context, problems) => {
      const page = await open(context, url());
      const statsBefore = fetches(STATS);
      await acceptButton(page).dblclick();
      await waitRan(page, 'inline-marketing');
      await waitRan(page, 'stats');
      await idle(page);
      assert.deepEqual((await ran(page)).sort(), ['inline-analytics', 'inline-marketing', 'inline-necessary', 'stats']);
      assert.equal(fetches(STATS) - statsBefore, 1);
      assert.equal((await events(page, 'consent')).length, 1);
      assert.equal((await context.cookies()).filter((c) => c.name === 'cookiegate').length, 1);
      assert.deepEqual(problems.pageErrors, []);
    }));

  test('a script\'s click on Accept all allows nothing and says so: error 505 on the console and as an event', () =>
    fresh(env.browser, async (context, problems) => {
      const page = await open(context, url());
      await acceptButton(page).evaluate((b) => b.click());
      await page.waitForFunction(() => window.__events.some((e) => e.type === 'error' && e.detail.name === 'untrusted_event'));
      assert.equal(await page.evaluate(() => CookieGate.isAllowed('analytics')), false);
      assert.ok(await acceptButton(page).isVisible(), 'the banner stays');
      // The banner says nothing about saving failing: nothing failed, nothing was chosen.
      assert.equal(await page.locator('cookiegate-ui .bn .er').count(), 0);
      assert.ok(problems.console.some((t) => /error 505 untrusted_event/.test(t)), problems.console.join('\n'));
      assert.deepEqual(problems.pageErrors, []);
    }));

  test('clicks and calls queued before the core is ready: applied in order, the last one wins', () =>
    fresh(env.browser, async (context, problems) => {
      const page = await context.newPage();
      await page.goto(url());
      // The provisional banner, while the core is held back.
      await acceptButton(page).dblclick();
      await page.evaluate(() => {
        window.__calls = [CookieGate.acceptAll(), CookieGate.set({ analytics: true, marketing: false })];
        if (CookieGate.get().ready) throw new Error('the core was not held');
      });
      await page.evaluate(() => window.__release());
      await settled(page);
      const answers = await page.evaluate(() => Promise.all(window.__calls).then((r) => r.map((s) => s.method)));
      assert.deepEqual(answers, ['custom', 'custom'], 'every queued call resolves with the settled state');
      await waitRan(page, 'inline-analytics');
      await waitRan(page, 'stats');
      await idle(page);
      assert.deepEqual((await ran(page)).sort(), ['inline-analytics', 'inline-necessary', 'stats']);
      const st = await state(page);
      assert.equal(st.method, 'custom');
      assert.equal(st.categories.marketing, false);
      // Listeners hear of the early choice like of any other.
      assert.equal((await events(page, 'consent')).length, 1);
      assert.equal((await events(page, 'change')).length, 1);
      assert.equal(await page.evaluate(() => document.querySelector('iframe[data-category]').getAttribute('src')), null);
      assert.deepEqual(problems.pageErrors, []);
    }, { init: holdCore }));
});

describe('tabs answering at the same time', () => {
  // The decision the stored cookie holds, read by the same core in Node.
  function stored(jar) {
    const c = jar.find((x) => x.name === 'cookiegate');
    const st = core.evaluateRequest(configJson, `cookiegate=${c.value}`);
    return { id: st.record.id, method: st.record.method, analytics: st.categories.find((x) => x.id === 'analytics').allowed };
  }

  for (const [round, first] of [[1, 'accept'], [2, 'reject'], [3, 'accept']]) {
    test(`round ${round}: accept in one tab, reject in the other, one consistent end state`, () =>
      fresh(env.browser, async (context, problems) => {
        const [a, b] = await Promise.all([open(context, url('?noreload')), open(context, url('?noreload'))]);
        const calls = {
          accept: () => a.evaluate(() => CookieGate.acceptAll().then((s) => s.consentId)),
          reject: () => b.evaluate(() => CookieGate.rejectAll().then((s) => s.consentId)),
        };
        const order = first === 'accept' ? ['accept', 'reject'] : ['reject', 'accept'];
        await Promise.all(order.map((k) => calls[k]()));
        const want = stored(await context.cookies());
        for (const [name, tab] of [['A', a], ['B', b]]) {
          await tab.waitForFunction((w) => {
            const g = CookieGate.get();
            return g.consentId === w.id && g.method === w.method && g.categories.analytics === w.analytics;
          }, want).catch(async (e) => {
            throw new Error(`tab ${name} disagrees with the cookie ${JSON.stringify(want)}: ` +
              `${JSON.stringify(await state(tab))} (${e.message})`);
          });
          assert.equal(await tab.evaluate(() => CookieGate.isAllowed('analytics')), want.analytics);
        }
        assert.equal((await context.cookies()).filter((c) => c.name === 'cookiegate').length, 1);
        assert.deepEqual(problems.pageErrors, []);
      }));
  }

  // The interleaving those rounds hit only sometimes, made certain: the other tab's
  // cookie lands between this tab's write and its read-back. Its cookie was stored, then
  // replaced: not refused (that would be a 504 and a tab deaf to the others for good).
  test('the other tab writes between this tab\'s write and its read-back: this tab takes the cookie there is', () =>
    fresh(env.browser, async (context, problems) => {
      const b = await open(context, url('?noreload'));
      const r = core.choose(configJson, '', Date.now() / 1000, false, { kind: 'accept_all' }, 'c0ffee'.repeat(6), 'en');
      assert.ok(r.ok, JSON.stringify(r.error));
      await b.evaluate((other) => {
        const own = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
        let pending = true;
        Object.defineProperty(document, 'cookie', {
          configurable: true,
          get() { return own.get.call(this); },
          set(text) {
            own.set.call(this, text);
            if (pending && text.startsWith('cookiegate=')) {
              pending = false;
              own.set.call(this, `cookiegate=${other}; Max-Age=3600; Path=/; SameSite=Lax`);
            }
          },
        });
      }, r.cookie.value);
      await b.evaluate(() => CookieGate.rejectAll());
      const want = stored(await context.cookies());
      assert.equal(want.method, 'accept_all', 'the other tab\'s cookie is the one stored');
      await b.waitForFunction((w) => {
        const g = CookieGate.get();
        return g.consentId === w.id && g.method === w.method && g.categories.analytics === w.analytics;
      }, want).catch(async (e) => {
        throw new Error(`the tab disagrees with the cookie ${JSON.stringify(want)}: ${JSON.stringify(await state(b))} (${e.message})`);
      });
      assert.equal(await b.evaluate(() => CookieGate.isAllowed('analytics')), true);
      assert.deepEqual((await events(b, 'error')).map((e) => e.name), []);
      assert.deepEqual(problems.pageErrors, []);
    }));
});

// What a site owner sees in the console: each error the runtime emits, once, prefixed.
const logged = (problems) => problems.console.filter((l) => l.startsWith('CookieGate:'));

describe('errors reach the console, and the banner tells a broken config from an outage', () => {
  // Built when a test runs: configJson is read from the page in before().
  const edit = (fn) => () => { const c = JSON.parse(configJson); fn(c); return JSON.stringify(c); };
  const mistakes = [
    ['a trailing comma', () => configJson.replace(/\]\s*\}\s*$/, '],}'), 'config_not_json', ''],
    ['"default": true', edit((c) => { c.categories[1].default = true; }), 'config_compliance', 'categories[1].default'],
    ['an upper-case id', edit((c) => { c.categories[2].id = 'Marketing'; }), 'config_invalid', 'categories[2].id'],
    ['a missing title', edit((c) => { delete c.categories[1].title; }), 'config_missing', 'categories[1].title'],
    ['a misspelt field', edit((c) => { c.categories[1].descripton = 'x'; }), 'config_unknown_field', 'categories[1].descripton'],
    ['sameSite "None"', edit((c) => { c.cookie = { sameSite: 'None' }; }), 'config_invalid', 'cookie.sameSite'],
    ['a missing text for a declared language',
      edit((c) => { c.languages = ['en', 'fr']; }), 'config_missing_text', 'texts.fr'],
  ];
  for (const [what, make, name, path] of mistakes) {
    test(`${what}: console.error once with code, name, path; the banner says the site's settings are unavailable`, () =>
      fresh(env.browser, async (context, problems) => {
        const page = await open(context, url(`?config=${encodeURIComponent(make())}`));
        const [err, ...more] = await events(page, 'error');
        assert.deepEqual(more, []);
        assert.equal(err.name, name, err.message);
        assert.ok(err.path.startsWith(path), `${err.path} (${err.message})`);
        // Asked again (a failed choice emits the same error again): still one line.
        await page.evaluate(() => CookieGate.acceptAll().catch(() => {}));
        assert.equal((await events(page, 'error')).length, 2);
        const lines = logged(problems);
        assert.equal(lines.length, 1, lines.join('\n'));
        assert.ok(lines[0].startsWith(`CookieGate: error ${err.code} ${name}: `), lines[0]);
        assert.ok(lines[0].includes(err.message), lines[0]);
        if (path) assert.ok(lines[0].includes(path), lines[0]);
        await page.waitForFunction(() =>
          document.querySelector('cookiegate-ui')?.shadowRoot?.querySelector('.bn[data-variant=unavailable]'));
        const b = await banner(page);
        assert.equal(b.role, 'alert');
        assert.match(b.text, /Cookie settings are not available on this site right now/);
        assert.doesNotMatch(b.text, /try again later/, 'not worded as an outage');
        assert.equal((await state(page)).failed, true);
        await assertNothingOptional(page, problems, what);
      }));
  }

  test('in Chinese: the broken-config wording has its own text', () =>
    fresh(env.browser, async (context, problems) => {
      // Chinese alone: with English offered too, this English page's banner is in English.
      const text = edit((c) => { c.languages = ['zh']; c.categories[1].default = true; })();
      const page = await open(context, url(`?config=${encodeURIComponent(text)}`));
      await page.waitForFunction(() =>
        document.querySelector('cookiegate-ui')?.shadowRoot?.querySelector('.bn[data-variant=unavailable]'));
      assert.match((await banner(page)).text, /本网站的 Cookie 设置暂时不可用/);
      assert.equal(logged(problems).length, 1);
      // Chinese first, English too: the English page's failure says it in English, as the
      // core would have negotiated had the config been valid (once in the config's first).
      const both = await open(context, url(`?config=${encodeURIComponent(edit((c) => {
        c.languages = ['zh', 'en']; c.categories[1].default = true;
      })())}`));
      await both.waitForFunction(() =>
        document.querySelector('cookiegate-ui')?.shadowRoot?.querySelector('.bn[data-variant=unavailable]'));
      assert.match((await banner(both)).text, /Cookie settings are not available on this site right now/);
    }));

  const loading = [
    ['a missing .wasm (404)', '?wasm=/missing.wasm', null, /\/missing\.wasm: HTTP 404 .*wasmUrl/],
    ["a CSP without 'wasm-unsafe-eval'", '?csp=nowasm', null, /cookiegate-core\.wasm: .*'wasm-unsafe-eval' to script-src/],
    ['a missing glue (404)', '', (page) => page.route('**/cookiegate-core.js', (r) => r.fulfill({ status: 404 })),
      /cookiegate-core\.js: .*cookiegate-core\.js.* \(next to the script\? CORS\?\)/],
    ['a .wasm blocked by CORS', '', (page) => page.route('**/cookiegate-core.wasm', (r) => r.abort('accessdenied')),
      /cookiegate-core\.wasm: .*\(offline\? CORS\?\)/],
    ['a stalled .wasm', '?wasm=/wasm/stall.wasm&timeout=2000', null, /\/wasm\/stall\.wasm or its glue did not arrive within 2000 ms \(raise wasmTimeout\?\)/, 2000],
  ];
  for (const [what, q, prepare, expected, stallMs] of loading) {
    test(`${what}: console.error names the URL and the likely fix; the banner says it is an outage`, () =>
      fresh(env.browser, async (context, problems) => {
        const page = await context.newPage();
        if (prepare) await prepare(page);
        // The stalled case is about the message, not the wait: its timeout runs on the fake clock.
        if (stallMs) await stalledAt(page, q, stallMs);
        else await open(context, url(q), page);
        const [err] = await events(page, 'error');
        assert.equal(err.name, 'wasm_unavailable');
        const lines = logged(problems);
        assert.equal(lines.length, 1, lines.join('\n'));
        assert.match(lines[0], /^CookieGate: error 501 wasm_unavailable: the core did not load: /);
        assert.match(lines[0], expected);
        await assertUnavailableShown(page, what);
      }));
  }
});

describe('the reload after a withdrawal', () => {
  // On the answer to a POST, location.reload() would send the form again (a second
  // order); the reload must be a GET of the same URL.
  for (const via of ['the dialog', 'the API']) {
    test(`on a page answering a POST, withdrawing via ${via} reloads by GET, never re-POSTs`, () =>
      fresh(env.browser, async (context, problems) => {
        const orders = env.server.orders;
        orders.POST = orders.GET = 0;
        const page = await context.newPage();
        await page.goto(env.server.url('/site/hardening-tp/frame.html'));
        const posted = page.waitForEvent('load');
        await page.evaluate(() => {
          const f = document.createElement('form');
          f.method = 'post';
          f.action = '/order';
          f.append(Object.assign(document.createElement('input'), { name: 'tea', value: 'oolong' }));
          document.body.append(f);
          f.submit();
        });
        await posted;
        await settled(page);
        assert.equal(orders.POST, 1);
        await acceptButton(page).click();
        await waitRan(page, 'inline-marketing');
        await page.evaluate(() => { window.__samePage = true; });
        const reloaded = page.waitForEvent('load');
        if (via === 'the API') await page.evaluate(() => { CookieGate.rejectAll(); });
        else {
          await page.locator('cookiegate-ui .fb').click();
          await page.locator('cookiegate-ui dialog.dg button', { hasText: 'Reject all' }).click();
        }
        await reloaded;
        await settled(page);
        assert.equal(await page.evaluate(() => window.__samePage), undefined, 'a new page');
        assert.equal(orders.POST, 1, 'the form was not sent again');
        assert.equal(orders.GET, 1, 'the page was loaded again by GET');
        assert.equal(new URL(page.url()).pathname, '/order');
        assert.equal((await state(page)).categories.analytics, false);
        await assertNothingOptional(page, problems, 'after the withdrawal');
      }));
  }
});
