// The Node entry (web/src/server.js) on the server: the same answers as the bridge for
// the same Cookie header, and isAllowed() saying no to anything not allowed.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { createServerCore, isAllowed } from '../../web/src/server.js';
import {
  DAY, NOW, RANDOM, config, configJson, header, loadCore, wasmDir,
} from './helpers.mjs';
import { tamperedCookieValues } from '../fixtures/tampered-cookies.mjs';

let server;
let bridge;
const cookies = {};
before(async () => {
  server = await createServerCore({ wasmDir });
  bridge = await loadCore();
  for (const kind of ['accept_all', 'reject_all']) {
    const r = bridge.choose(configJson, '', NOW, false, { kind }, RANDOM, 'en');
    assert.equal(r.ok, true, JSON.stringify(r.error));
    cookies[kind] = header(r.cookie);
  }
  const custom = bridge.choose(configJson, '', NOW, false,
                               { kind: 'custom', categories: { marketing: true },
                                 services: { video: false } }, RANDOM, 'en');
  assert.equal(custom.ok, true, JSON.stringify(custom.error));
  cookies.custom = header(custom.cookie);
});

// Flips one character of the value's last four: a valid-looking but altered cookie.
const tamper = (h) => {
  const i = h.length - 3;
  return h.slice(0, i) + (h[i] === 'A' ? 'B' : 'A') + h.slice(i + 1);
};

// [what, header, allowed (category or category/service) when the visitor...]
const table = () => [
  ['no cookie', '', ['necessary']],
  ['no consent cookie among others', 'session=abc; theme=dark', ['necessary']],
  ['accepted all', cookies.accept_all,
    ['necessary', 'analytics', 'analytics/matomo', 'marketing', 'marketing/ads',
     'marketing/video']],
  ['accepted all, among other cookies', `a=1; ${cookies.accept_all}; b=2`,
    ['necessary', 'analytics', 'analytics/matomo', 'marketing', 'marketing/ads',
     'marketing/video']],
  ['rejected all', cookies.reject_all, ['necessary']],
  ['custom: marketing without video', cookies.custom,
    ['necessary', 'marketing', 'marketing/ads']],
  ['a tampered accept', tamper(cookies.accept_all), ['necessary']],
  ['an accept with its value cut short', cookies.accept_all.slice(0, -6), ['necessary']],
  ['two consent cookies (both accepts)', `${cookies.accept_all}; ${cookies.accept_all}`,
    ['necessary']],
  ['two consent cookies (reject and accept)', `${cookies.reject_all}; ${cookies.accept_all}`,
    ['necessary']],
  ['a forged value', 'cookiegate=1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', ['necessary']],
];

// Every category and service of the config, and names it does not have.
const probes = [
  ...config.categories.flatMap((c) => [c.id, ...(c.services || []).map((s) => `${c.id}/${s.id}`)]),
  'unknown', 'analytics/unknown', 'analytics/ads', 'unknown/matomo',
];

describe('server entry', () => {
  test('agrees with the bridge, and allows exactly what was consented to', () => {
    for (const [what, cookieHeader, allowed] of table()) {
      const state = server.evaluateRequest(configJson, cookieHeader, { now: NOW + DAY });
      const direct = bridge.evaluate(configJson, cookieHeader, NOW + DAY, false);
      assert.equal(direct.ok, true, what);
      assert.deepEqual(state, direct.state, what);
      for (const probe of probes) {
        const [category, service] = probe.split('/');
        assert.equal(server.isAllowed(state, category, service), allowed.includes(probe),
                     `${what}: ${probe}`);
      }
    }
  });

  test('an invalid cookie is reported as such, not silently ignored', () => {
    const tampered = server.evaluateRequest(configJson, tamper(cookies.accept_all), { now: NOW });
    assert.equal(tampered.prompt, 'consent');
    assert.equal(tampered.reason, 'invalid_record');
    assert.ok(tampered.recordError);
    const duplicate = server.evaluateRequest(
      configJson, `${cookies.accept_all}; ${cookies.accept_all}`, { now: NOW });
    assert.equal(duplicate.recordError.name, 'record_duplicate');
  });

  // The tampering tests/browser/hardening-cookies.test.mjs does in Chromium (there every
  // transport case and a sample of the byte changes, of its own page's cookie), here all
  // of it on this file's cookie: each value is no consent at all.
  test('every tampered value of a real cookie: no record, only the required category, asked', () => {
    const [name, value] = cookies.accept_all.split(/=(.*)/s);
    const { bytes, transport } = tamperedCookieValues(value);
    assert.ok(bytes.length > 20 && transport.length > 20);
    const failures = [];
    for (const [what, v] of [...bytes, ...transport]) {
      let st;
      try {
        st = server.evaluateRequest(configJson, `${name}=${v}`, { now: NOW });
      } catch (e) {
        failures.push(`${what}: threw ${e.message}`);
        continue;
      }
      const allowed = st.categories.filter((c) => c.allowed).map((c) => c.id);
      const wrong = [
        st.prompt !== 'consent' && `prompt ${st.prompt}`,
        st.record !== null && `record ${JSON.stringify(st.record)}`,
        // An empty or blank value is no cookie at all, not an invalid one.
        v.trim() !== '' && st.reason !== 'invalid_record' && `reason ${st.reason}`,
        JSON.stringify(allowed) !== JSON.stringify(['necessary']) && `allowed ${allowed}`,
      ].filter(Boolean);
      if (wrong.length) failures.push(`${what}: ${wrong.join(', ')}`);
    }
    assert.deepEqual(failures, []);
    // The check can fail: the untampered value is a record.
    assert.equal(server.evaluateRequest(configJson, `${name}=${value}`, { now: NOW }).prompt, 'none');
  });

  test('GPC from the Sec-GPC header refuses by default on a first visit', () => {
    const state = server.evaluateRequest(configJson, '', { now: NOW, gpc: true });
    assert.deepEqual(state, bridge.evaluate(configJson, '', NOW, true).state);
    assert.equal(state.gpcApplied, true);
    assert.equal(server.isAllowed(state, 'analytics'), false);
  });

  test('a failed evaluation allows nothing, not even the required category', () => {
    for (const [cfg, h, opts] of [['{"policy":', '', { now: NOW }],
                                  [configJson, 'a'.repeat(20000), { now: NOW }],
                                  [configJson, '', { now: NaN }],
                                  [undefined, '', { now: NOW }]]) {
      const state = server.evaluateRequest(cfg, h, opts);
      assert.ok(state.error && typeof state.error.name === 'string', JSON.stringify(state));
      for (const probe of probes) {
        const [category, service] = probe.split('/');
        assert.equal(isAllowed(state, category, service), false, probe);
      }
    }
  });

  test('isAllowed says no to anything that is not a state', () => {
    for (const bad of [undefined, null, {}, { categories: 'x' }, 'state', 42]) {
      assert.equal(isAllowed(bad, 'necessary'), false);
    }
    // A category's allowed flag must be exactly true.
    assert.equal(isAllowed({ categories: [{ id: 'a', allowed: 'yes', services: [] }] }, 'a'),
                 false);
  });

  test('the default `now` is the current time', () => {
    const today = Math.floor(Date.now() / 1000);
    const fresh = bridge.choose(configJson, '', today - 60, false, { kind: 'accept_all' },
                                RANDOM, 'en');
    const h = header(fresh.cookie);
    assert.equal(server.isAllowed(server.evaluateRequest(configJson, h), 'analytics'), true);
    // The same cookie read as of a year later has expired: `now` really is used.
    const later = server.evaluateRequest(configJson, h, { now: today + 400 * DAY });
    assert.equal(server.isAllowed(later, 'analytics'), false);
    // And as of a year before, it would lie in the future.
    const earlier = server.evaluateRequest(configJson, h, { now: today - 400 * DAY });
    assert.equal(server.isAllowed(earlier, 'analytics'), false);
  });
});

// UTF-8 conversion of a lone surrogate (embind's) swallowed the byte after it, so the
// ';' after "y=\ud800" vanished and the core saw one cookie "y" and one consent cookie:
// the planted duplicate was hidden and the second (accept) record was honoured.
describe('strings that are not valid UTF-16', () => {
  const lone = ['\ud800', '\udfff', 'a\udc00b', '\ud83d'];

  test('a lone surrogate cannot hide a duplicate consent cookie', () => {
    const [reject, accept] = [cookies.reject_all, cookies.accept_all];
    const state = server.evaluateRequest(configJson, `y=\ud800;${reject}; ${accept}`, { now: NOW });
    assert.equal(state.error && state.error.name, 'input_invalid', JSON.stringify(state).slice(0, 200));
    assert.equal(state.error.path, 'cookie');
    for (const probe of probes) {
      const [category, service] = probe.split('/');
      assert.equal(server.isAllowed(state, category, service), false, probe);
    }
    // A correctly paired surrogate (an emoji) is text, and the duplicate is still seen.
    const paired = server.evaluateRequest(configJson, `y=\ud83d\ude00;${reject}; ${accept}`, { now: NOW });
    assert.equal(paired.recordError && paired.recordError.name, 'record_duplicate');
  });

  test('is refused in every argument, naming it; string arguments before they cross', () => {
    const refused = (r, path) => {
      assert.equal(r.ok, false, `${path}: ${JSON.stringify(r).slice(0, 200)}`);
      assert.equal(r.error.name, 'input_invalid', path);
      assert.equal(r.error.code, 401, path);
      assert.equal(r.error.path, path);
    };
    const cfg = (s) => configJson.replace('"Necessary"', JSON.stringify('Nec' + s).replace(/\\u[0-9a-f]{4}/g, () => s));
    for (const s of lone) {
      refused(bridge.validateConfig(cfg(s)), 'config');
      refused(bridge.evaluate(cfg(s), '', NOW, false), 'config');
      refused(bridge.evaluate(configJson, `a=${s}`, NOW, false), 'cookie');
      refused(bridge.acknowledge(configJson, `a=${s}`, NOW, false), 'cookie');
      refused(bridge.choose(configJson, `a=${s}`, NOW, false, { kind: 'accept_all' }, RANDOM, 'en'), 'cookie');
      refused(bridge.choose(configJson, '', NOW, false, { kind: 'accept_all' }, RANDOM + s, 'en'), 'random');
      refused(bridge.choose(configJson, '', NOW, false, { kind: 'accept_all' }, RANDOM, 'en' + s), 'language');
      // Arguments passed as JSON cross as ASCII escapes (\ud800), which the core's
      // parser refuses: refused too, by the core, naming the argument.
      for (const choice of [{ kind: 'custom', categories: { [`analytics${s}`]: true } },
                            { kind: 'custom', categories: { analytics: true }, note: s }]) {
        const r = bridge.choose(configJson, '', NOW, false, choice, RANDOM, 'en');
        assert.equal(r.ok, false, JSON.stringify(choice));
        assert.deepEqual([r.error.code, r.error.name, r.error.path], [300, 'choice_invalid', 'choice']);  // as README's 401 row says
      }
      refused(bridge.negotiateLanguage(configJson, ['en', `zh${s}`]), 'preferences');
    }
    assert.equal(bridge.broken, false);
    assert.equal(bridge.evaluate(configJson, cookies.accept_all, NOW, false).ok, true);
  });
});
