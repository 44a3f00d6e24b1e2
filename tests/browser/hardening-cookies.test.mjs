// Hardening in Chromium, stored state: tampered consent cookies seeded before load,
// cookie tossing from a sibling subdomain (and the __Host- mode), and storage that is
// unavailable (dropped cookie writes, throwing Web Storage, a sandboxed iframe).
// Pages: tests/browser/pages/hardening-*.html with the real bundle and banner.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';

import { createServerCore } from '../../web/dist/server.js';
import {
  PAGE, SANDBOX, assertNothingOptional, banner, events, fresh, idle, open, ran, settled, setup,
  state, waitRan,
} from './hardening-support.mjs';
import { repoRoot, test } from './harness.mjs';
import { tamperedCookieValues } from '../fixtures/tampered-cookies.mjs';

let env;
let core;
let configJson;
let valid;  // a consent cookie value written by the real runtime in Chromium

before(async () => {
  env = await setup();
  core = await createServerCore();
  const html = await readFile(join(repoRoot, 'tests/browser/pages/hardening-page.html'), 'utf8');
  configJson = html.match(/<script type="application\/json" id="cookiegate-config">([\s\S]*?)<\/script>/)[1];
});
after(() => env?.close());

// A record minted by the core itself (what a sibling subdomain or a clock can produce).
function mint(kind, at = Date.now() / 1000, cfg = configJson) {
  const r = core.choose(cfg, '', at, false, { kind }, 'c0ffee'.repeat(6), 'en');
  assert.ok(r.ok, JSON.stringify(r.error));
  return r.cookie.value;
}

// One cold page load per value (a fresh document, the jar holding only that cookie),
// in a reused context: checks the fail-closed picture.
async function expectAskedAgain(context, page, problems, name, value, check = () => {}, via = 'jar') {
  await context.clearCookies();
  if (via === 'header') await page.goto(env.server.url(`/seed?v=${encodeURIComponent(value)}`));
  else await context.addCookies([{ name: 'cookiegate', value, url: env.server.url('/') }]);
  assert.equal((await context.cookies()).filter((c) => c.name === 'cookiegate').length, 1, `${name}: seeded`);
  problems.pageErrors.length = 0;
  await open(context, env.server.url(PAGE), page);
  await waitRan(page, 'inline-necessary');  // the core is up and the gate is live
  const st = await state(page);
  assert.equal(st.prompt, 'consent', `${name}: prompt`);
  assert.equal(st.consentId, null, `${name}: no record`);
  assert.ok(Object.entries(st.categories).every(([id, on]) => on === (id === 'necessary')), `${name}: categories`);
  check(st);
  await page.waitForFunction(() => document.querySelector('cookiegate-ui')?.shadowRoot?.querySelector('.bn'));
  const b = await banner(page);
  assert.equal(b.variant, 'consent', `${name}: banner`);
  assert.ok(b.visible, `${name}: banner visible`);
  await assertNothingOptional(page, problems, name);
  assert.deepEqual(await events(page, 'error'), [], `${name}: a bad record is not a runtime error`);
}

const seeded = (name, value, check) => fresh(env.browser, async (context, problems) =>
  expectAskedAgain(context, await context.newPage(), problems, name, value, check));

describe('tampered consent cookie seeded before load', () => {
  test('the untampered value is honoured, quoted once too (the seeding works)', async () => {
    await fresh(env.browser, async (context) => {
      const page = await open(context, env.server.url(PAGE));
      await page.evaluate(() => CookieGate.acceptAll());
      await waitRan(page, 'stats');
      valid = (await context.cookies()).find((c) => c.name === 'cookiegate').value;
    });
    assert.match(valid, /^1\.[A-Za-z0-9_-]+$/);
    // RFC 6265 allows a DQUOTE-wrapped value: the core unwraps it once.
    for (const value of [valid, `"${valid}"`]) {
      await fresh(env.browser, async (context, problems) => {
        const page = await open(context, env.server.url(PAGE));
        await waitRan(page, 'inline-marketing');
        const st = await state(page);
        assert.equal(st.method, 'accept_all', value);
        assert.equal(await banner(page), null);
        assert.deepEqual(problems.pageErrors, []);
      }, { cookies: [{ name: 'cookiegate', value, url: env.server.url('/') }] });
    }
  });

  test('each tampered value: no uncaught error, nothing gated runs, the banner asks', async () => {
    assert.ok(valid, 'needs the value from the previous test');
    // Every transport case, and the first, a middle and the last of each kind of byte
    // change (all of those go through the same core in tests/node/server.test.mjs).
    const { bytes, transport } = tamperedCookieValues(valid);
    const kinds = {};
    for (const c of bytes) (kinds[c[0].split(' ')[0]] ||= []).push(c);
    const sample = Object.values(kinds).flatMap((k) => [...new Set([k[0], k[k.length >> 1], k[k.length - 1]])]);
    const pending = [...transport, ...sample];
    const failures = [];
    // Two workers, each one context and page reused across its cases.
    await Promise.all([0, 1].map(() => fresh(env.browser, async (context, problems) => {
      const page = await context.newPage();
      while (pending.length) {
        const [name, value, via] = pending.shift();
        await expectAskedAgain(context, page, problems, name, value, (st) => {
          if (value.trim() !== '') assert.equal(st.reason, 'invalid_record', `${name}: reason`);
        }, via).catch((e) => failures.push(`${name} (${JSON.stringify(value.slice(0, 40))}): ${e.message}`));
      }
    })));
    assert.deepEqual(failures, []);
  });

  test('a record dated in the future (beyond the clock-skew allowance)', () =>
    seeded('future', mint('accept_all', Date.now() / 1000 + 7 * 86400), (st) => {
      assert.equal(st.reason, 'invalid_record');
    }));

  test('an expired record', () =>
    seeded('expired', mint('accept_all', Date.now() / 1000 - 400 * 86400), (st) => {
      assert.equal(st.reason, 'expired');
    }));
});

// *.localhost resolves to the loopback in Chromium and is a secure context over http,
// so Secure and __Host- cookies work without TLS; cookiegate.localhost is the parent
// domain that a sibling (evil.cookiegate.localhost) can set cookies for.
describe('cookie tossing from a sibling subdomain', () => {
  const at = (host, path) => env.server.url(path).replace('127.0.0.1', host);
  const site = (q = '') => at('www.cookiegate.localhost', PAGE + q);

  // What a compromised sibling does: plant cookies for the shared parent domain.
  async function toss(context, lines) {
    const evil = await context.newPage();
    await evil.goto(at('evil.cookiegate.localhost', '/site/hardening-tp/frame.html'));
    await evil.evaluate((ls) => { for (const l of ls) document.cookie = l; }, lines);
    await evil.close();
  }

  test('a same-name cookie for the parent domain with a narrower path: asked again', () =>
    fresh(env.browser, async (context, problems) => {
      const page = await open(context, site());
      await page.evaluate(() => CookieGate.acceptAll());
      await waitRan(page, 'stats');
      await toss(context, [`cookiegate=${mint('reject_all')}; Domain=cookiegate.localhost; Path=/site`]);
      const jar = (await context.cookies()).filter((c) => c.name === 'cookiegate');
      assert.deepEqual(jar.map((c) => c.domain).sort(), ['.cookiegate.localhost', 'www.cookiegate.localhost']);

      await page.reload();
      await settled(page);
      await waitRan(page, 'inline-necessary');
      const st = await state(page);
      assert.equal(st.prompt, 'consent');
      assert.equal(st.reason, 'invalid_record');
      assert.equal(st.consentId, null, 'neither copy is trusted');
      assert.equal((await banner(page)).variant, 'consent');
      await assertNothingOptional(page, problems, 'tossed');

      // Answering again clears the copies it can reach, the parent domain's included.
      await page.evaluate(() => CookieGate.acceptAll());
      await waitRan(page, 'stats');
      assert.deepEqual((await context.cookies()).filter((c) => c.name === 'cookiegate').map((c) => c.domain),
        ['www.cookiegate.localhost']);
      await page.reload();
      await settled(page);
      assert.equal((await state(page)).prompt, 'none');
    }));

  // The worst case: the visitor has no record, the sibling plants a complete "accept
  // all". JS cannot see a cookie's domain, so without __Host- it passes for the
  // visitor's own (the documented limitation); with hostPrefix it is never read.
  test('a planted "accept all" for the parent domain: honoured only without hostPrefix', () =>
    fresh(env.browser, async (context, problems) => {
      await toss(context, [`cookiegate=${mint('accept_all')}; Domain=cookiegate.localhost; Path=/`]);
      const plain = await open(context, site());
      assert.equal((await state(plain)).method, 'accept_all', 'the limitation hostPrefix exists for');
      await plain.close();
      const page = await open(context, site('?hostPrefix'));
      await waitRan(page, 'inline-necessary');
      const st = await state(page);
      assert.equal(st.prompt, 'consent');
      assert.equal(st.reason, 'no_record');
      assert.equal((await banner(page)).variant, 'consent');
      await assertNothingOptional(page, problems, 'planted, hostPrefix');
    }));

  test('hostPrefix mode: the tossed cookie is ignored and __Host- cannot be tossed', () =>
    fresh(env.browser, async (context, problems) => {
      const page = await open(context, site('?hostPrefix'));
      await page.evaluate(() => CookieGate.acceptAll());
      await waitRan(page, 'stats');
      const own = (await context.cookies()).filter((c) => c.name === '__Host-cookiegate');
      assert.equal(own.length, 1, 'the choice is stored under the __Host- name');
      assert.equal(own[0].secure, true);
      assert.equal(own[0].path, '/');

      const planted = mint('reject_all', Date.now() / 1000, JSON.stringify({ ...JSON.parse(configJson), cookie: { hostPrefix: true } }));
      await toss(context, [
        `cookiegate=${planted}; Domain=cookiegate.localhost; Path=/site`,
        `__Host-cookiegate=${planted}; Domain=cookiegate.localhost; Path=/; Secure`,
      ]);
      const jar = await context.cookies();
      assert.ok(jar.some((c) => c.name === 'cookiegate' && c.domain === '.cookiegate.localhost'), 'the plain name was planted');
      assert.deepEqual(jar.filter((c) => c.name === '__Host-cookiegate').map((c) => c.domain),
        ['www.cookiegate.localhost'], 'the browser refuses a __Host- cookie with a Domain');

      await page.reload();
      await settled(page);
      await waitRan(page, 'inline-marketing');
      const st = await state(page);
      assert.equal(st.prompt, 'none');
      assert.equal(st.method, 'accept_all', 'the visitor\'s own choice stands');
      assert.equal(await banner(page), null);
      assert.deepEqual(problems.pageErrors, []);
    }));
});

describe('storage unavailable', () => {
  test('cookie writes silently dropped: the choice holds for the session only', () =>
    fresh(env.browser, async (context, problems) => {
      const page = await open(context, env.server.url(PAGE));
      assert.equal((await banner(page)).variant, 'consent');
      await assertNothingOptional(page, problems, 'before');
      const st = await page.evaluate(() => CookieGate.set({ analytics: true, marketing: false }));
      assert.equal(st.categories.analytics, true);
      await waitRan(page, 'inline-analytics');
      assert.equal(await page.evaluate(() => document.cookie), '', 'nothing was stored');
      assert.equal(await page.evaluate(() => CookieGate.isAllowed('analytics')), true);
      // Returning to the tab re-reads the (empty) cookie: the session's choice stays.
      await page.evaluate(() => dispatchEvent(new Event('focus')));
      await idle(page);
      assert.equal((await state(page)).categories.analytics, true);
      assert.ok(!(await ran(page)).includes('inline-marketing'));
      assert.deepEqual(problems.pageErrors, []);
      // A new page load has no stored decision: asked again, nothing optional runs.
      await page.reload();
      await settled(page);
      await waitRan(page, 'inline-necessary');
      assert.equal((await state(page)).prompt, 'consent');
      await assertNothingOptional(page, problems, 'after reload');
    }, {
      init: () => {
        const d = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
        Object.defineProperty(Document.prototype, 'cookie', { ...d, set() { /* dropped */ } });
      },
    }));

  test('localStorage and sessionStorage throwing: choices and withdrawal still work', () =>
    fresh(env.browser, async (context, problems) => {
      const page = await open(context, env.server.url(PAGE + '?noreload'));
      await page.evaluate(() => CookieGate.acceptAll());
      await waitRan(page, 'inline-marketing');
      // Withdrawal cleans up storage too: it must not trip over the throwing getters.
      const st = await page.evaluate(() => CookieGate.set({ analytics: false, marketing: true }));
      assert.equal(st.categories.analytics, false);
      assert.equal(st.categories.marketing, true);
      await page.reload();
      await settled(page);
      await waitRan(page, 'inline-marketing');
      const ids = await ran(page);
      assert.ok(!ids.includes('stats') && !ids.includes('inline-analytics'), String(ids));
      assert.equal((await state(page)).prompt, 'none');
      assert.deepEqual(problems.pageErrors, []);
      assert.deepEqual(await events(page, 'error'), []);
    }, {
      init: () => {
        for (const name of ['localStorage', 'sessionStorage']) {
          Object.defineProperty(window, name, {
            configurable: true,
            get() { throw new DOMException(`${name} is disabled`, 'SecurityError'); },
          });
        }
      },
    }));

  // The framed page lives in an opaque origin: document.cookie and Web Storage throw
  // SecurityError, and its fetch of the .wasm is cross-origin (CORS).
  const frameOf = async (page) => {
    await page.waitForFunction(() => document.querySelector('iframe'));
    const frame = page.frames().find((f) => f !== page.mainFrame());
    await frame.waitForFunction(() => window.__events);
    await settled(frame);
    return frame;
  };

  test('sandboxed iframe: no uncaught error, the session works, nothing runs unasked', () =>
    fresh(env.browser, async (context, problems) => {
      const page = await context.newPage();
      await page.goto(env.server.url(SANDBOX + '?wasm=/wasm/cors.wasm'));
      const frame = await frameOf(page);
      assert.equal(await frame.evaluate(() => { try { return document.cookie; } catch (e) { return e.name; } }), 'SecurityError');
      await waitRan(frame, 'inline-necessary');
      assert.equal((await state(frame)).prompt, 'consent');
      assert.equal((await banner(frame)).variant, 'consent');
      await assertNothingOptional(frame, problems, 'sandboxed');
      assert.deepEqual(await events(frame, 'error'), []);
      // A choice made in the session is honoured in the session.
      await frame.evaluate(() => CookieGate.set({ analytics: true, marketing: false }));
      await waitRan(frame, 'stats');
      assert.equal(await frame.evaluate(() => CookieGate.isAllowed('analytics')), true);
      assert.ok(!(await ran(frame)).includes('inline-marketing'));
      assert.equal(await banner(frame), null);
      assert.deepEqual(problems.pageErrors, []);
    }));

  test('sandboxed iframe without CORS on the .wasm: fails closed with an error event', () =>
    fresh(env.browser, async (context, problems) => {
      const page = await context.newPage();
      await page.goto(env.server.url(SANDBOX + '?wasm=/dist/cookiegate-core.wasm'));
      const frame = await frameOf(page);
      const errors = await events(frame, 'error');
      assert.equal(errors.length, 1);
      assert.equal(errors[0].name, 'wasm_unavailable');
      await frame.waitForFunction(() => document.querySelector('cookiegate-ui')?.shadowRoot?.querySelector('.bn[role=alert]'));
      await assertNothingOptional(frame, problems, 'sandboxed, no core');
      assert.equal(await ran(frame).then((ids) => ids.length), 0);
    }));
});

describe('a consent cookie the browser refuses', () => {
  for (const [what, cookie, named] of [
    ['cookie.domain of another site', { domain: 'example.com' }, /cookie\.domain \("example\.com"\)/],
  ]) {
    test(`${what}: an error names the cause and the host; the choice holds on this page`, () =>
      fresh(env.browser, async (context, problems) => {
        const page = await open(context, env.server.url(`${PAGE}?cookie=${encodeURIComponent(JSON.stringify(cookie))}`));
        const st = await page.evaluate(() => CookieGate.acceptAll());
        assert.equal(st.categories.analytics, true);
        await waitRan(page, 'inline-marketing');
        assert.equal((await context.cookies()).length, 0, 'nothing was stored');
        // The core's answer was for the refused cookie: not one to replay for no cookie.
        assert.equal(await page.evaluate(() => localStorage.getItem('cookiegate:answer')), null,
          'the answer for a refused cookie was kept for replay');
        const [err, ...more] = await events(page, 'error');
        assert.deepEqual(more, []);
        assert.equal(err.code, 504);
        assert.equal(err.name, 'cookie_not_stored');
        assert.equal(err.path, 'cookie');
        assert.match(err.message, named);
        assert.match(err.message, /127\.0\.0\.1/);
        assert.match(err.message, /cookie\.domain .*cookie\.secure.*cookie\.hostPrefix/);
        assert.deepEqual(problems.console.filter((l) => l.startsWith('CookieGate:')),
          [`CookieGate: error 504 cookie_not_stored: ${err.message}`]);
        // Neither the tab regaining focus nor another tab's message asks again here.
        await page.evaluate(() => dispatchEvent(new Event('focus')));
        await page.evaluate(() => new BroadcastChannel('cookiegate').postMessage('change'));
        const other = await open(context, env.server.url(`${PAGE}?cookie=${encodeURIComponent(JSON.stringify(cookie))}`));
        await other.evaluate(() => new BroadcastChannel('cookiegate').postMessage('change'));
        await idle(page);
        const now = await state(page);
        assert.equal(now.prompt, 'none');
        assert.equal(now.categories.analytics, true);
        assert.equal(await banner(page), null);
        assert.equal((await state(other)).prompt, 'consent', 'a new page has nothing stored');
        assert.deepEqual(problems.pageErrors, []);
      }));
  }
});

describe('other cookies', () => {
  // Five 3.9 KB cookies (a sibling subdomain can set them) make a Cookie header over
  // the core's 16 KiB cap: only the consent cookie's own pairs may be passed to it.
  const big = (url) => [1, 2, 3, 4, 5].map((i) => ({ name: `big${i}`, value: 'x'.repeat(3900), url }));

  test('16 KiB of other cookies: the stored choice is read, and can be changed and withdrawn', () =>
    fresh(env.browser, async (context, problems) => {
      const page = await open(context, env.server.url(PAGE));
      await page.evaluate(() => CookieGate.acceptAll());
      await waitRan(page, 'stats');
      await context.addCookies(big(env.server.url('/')));
      assert.ok((await page.evaluate(() => document.cookie.length)) > 16 * 1024);
      await page.reload();
      await settled(page);
      await waitRan(page, 'inline-marketing');
      assert.deepEqual(await events(page, 'error'), []);
      const st = await state(page);
      assert.equal(st.method, 'accept_all');
      assert.equal(st.prompt, 'none');
      // Withdrawal works: the page reloads with marketing refused.
      const nav = page.waitForEvent('load');
      await page.evaluate(() => { CookieGate.set({ analytics: true, marketing: false }); });
      await nav;
      await settled(page);
      await waitRan(page, 'stats');
      assert.equal((await state(page)).categories.marketing, false);
      assert.deepEqual(await events(page, 'error'), []);
      assert.deepEqual(problems.pageErrors, []);
    }));

  test('a planted duplicate is still seen among 16 KiB of other cookies', () =>
    fresh(env.browser, async (context, problems) => {
      const page = await open(context, env.server.url(PAGE));
      await page.evaluate(() => CookieGate.acceptAll());
      await waitRan(page, 'stats');
      await context.addCookies(big(env.server.url('/')));
      await page.evaluate((v) => { document.cookie = `cookiegate=${v}; path=/site`; }, mint('reject_all'));
      await page.reload();
      await settled(page);
      await waitRan(page, 'inline-necessary');
      const st = await state(page);
      assert.equal(st.prompt, 'consent');
      assert.equal(st.reason, 'invalid_record');
      await assertNothingOptional(page, problems, 'duplicate among big cookies');
    }));
});
