// The bridge's API on the release wasm: each method's answers for good and bad
// input, and the consent round trip a page goes through.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import {
  DAY, NOW, OPTIONAL, RANDOM, categoryById, config, configJson, header, loadCore,
} from './helpers.mjs';

let core;
before(async () => { core = await loadCore(); });

const withConfig = (patch) => JSON.stringify({ ...config, ...patch });

describe('validateConfig', () => {
  test('accepts a good config and fills in the defaults', () => {
    const r = core.validateConfig(configJson);
    assert.equal(r.ok, true, JSON.stringify(r.error));
    assert.equal(r.config.cookie.storedName, 'cookiegate');
    assert.deepEqual(r.config.categories.map((c) => c.id),
                     ['necessary', 'analytics', 'marketing']);
  });

  const bad = [
    ['text that is not JSON', '{"policy":', 100, 'config_not_json', ''],
    ['a JSON array', '[]', 100, 'config_not_json', ''],
    ['a missing policy', JSON.stringify({ categories: config.categories }),
      102, 'config_missing', 'policy'],
    ['a misspelt field', withConfig({ categorys: [] }),
      103, 'config_unknown_field', 'categorys'],
    ['a wrongly typed field', withConfig({ categories: 'all' }),
      101, 'config_wrong_type', 'categories'],
    ['a duplicate category id',
      withConfig({ categories: [...config.categories, { id: 'analytics', title: 'Again' }] }),
      105, 'config_duplicate_id', 'categories[3].id'],
    ['a pre-ticked optional category',
      withConfig({ categories: [{ id: 'analytics', title: 'A', default: true }] }),
      106, 'config_compliance', 'categories[0].default'],
    ['an expiry over 13 months', withConfig({ expiry: { acceptDays: 400 } }),
      107, 'config_expiry', 'expiry.acceptDays'],
  ];
  for (const [what, text, code, name, path] of bad) {
    test(`rejects ${what} with code, name and path`, () => {
      const r = core.validateConfig(text);
      assert.equal(r.ok, false);
      assert.equal(r.error.code, code);
      assert.equal(r.error.name, name);
      assert.equal(r.error.path, path);
      assert.equal(typeof r.error.message, 'string');
      assert.ok(r.error.message.length > 0);
    });
  }

  test('refuses a scripts pattern without a path, naming the pattern to write instead', () => {
    // Every form of a script URL the gate matches has a path, so a host alone held nothing.
    const withScripts = (scripts) => withConfig({
      categories: [config.categories[0], { ...config.categories[1], services: [{ id: 'ga', scripts }] }],
    });
    const r = core.validateConfig(withScripts(['https://stats.example/*', '*.google-analytics.com']));
    assert.equal(r.ok, false);
    assert.equal(r.error.code, 104);
    assert.equal(r.error.name, 'config_invalid');
    assert.equal(r.error.path, 'categories[1].services[0].scripts[1]');
    assert.equal(r.error.message, 'categories[1].services[0].scripts[1]: "*.google-analytics.com" has no path: '
      + 'write "*.google-analytics.com/*" for every URL on a host, or "*/file.js" for a file');
    for (const ok of ['*.google-analytics.com/*', 'https://*.google-analytics.com/*', '*google-analytics.com*']) {
      assert.equal(core.validateConfig(withScripts([ok])).ok, true, ok);
    }
  });
});

describe('the consent round trip', () => {
  test('a first visit is asked for every optional category, with nothing allowed', () => {
    const r = core.evaluate(configJson, '', NOW, false);
    assert.equal(r.ok, true, JSON.stringify(r.error));
    assert.equal(r.state.prompt, 'consent');
    assert.equal(r.state.reason, 'no_record');
    assert.equal(r.state.record, null);
    assert.equal(categoryById(r.state, 'necessary').allowed, true);
    for (const id of OPTIONAL) {
      const c = categoryById(r.state, id);
      assert.equal(c.allowed, false, id);
      assert.equal(c.ask, true, id);
      for (const s of c.services) assert.equal(s.allowed, false, s.id);
    }
    assert.ok(Object.values(r.state.consentMode).every((v) => v === 'denied'));
  });

  test('accept_all gives a cookie that evaluates to everything allowed', () => {
    const r = core.choose(configJson, '', NOW, false, { kind: 'accept_all' }, RANDOM, 'en');
    assert.equal(r.ok, true, JSON.stringify(r.error));
    assert.equal(r.cookie.name, 'cookiegate');
    assert.match(r.cookie.value, /^1\.[A-Za-z0-9_-]+$/);
    assert.ok(r.cookie.maxAge > 0);

    const later = core.evaluate(configJson, `other=1; ${header(r.cookie)}`, NOW + DAY, false);
    assert.equal(later.ok, true, JSON.stringify(later.error));
    assert.equal(later.state.prompt, 'none');
    for (const c of later.state.categories) {
      assert.equal(c.allowed, true, c.id);
      for (const s of c.services) assert.equal(s.allowed, true, s.id);
    }
    assert.equal(later.state.consentMode.analytics_storage, 'granted');
    assert.equal(later.state.consentMode.ad_storage, 'granted');
    assert.equal(later.state.record.method, 'accept_all');
    assert.equal(later.state.record.id, RANDOM);
  });

  test('reject_all gives a cookie that evaluates to only the required category', () => {
    const r = core.choose(configJson, '', NOW, false, { kind: 'reject_all' }, RANDOM, 'en');
    assert.equal(r.ok, true, JSON.stringify(r.error));
    const later = core.evaluate(configJson, header(r.cookie), NOW + DAY, false);
    assert.equal(later.state.prompt, 'none');
    assert.equal(categoryById(later.state, 'necessary').allowed, true);
    for (const id of OPTIONAL) {
      const c = categoryById(later.state, id);
      assert.equal(c.allowed, false, id);
      for (const s of c.services) assert.equal(s.allowed, false, s.id);
    }
    assert.equal(later.state.consentMode.analytics_storage, 'denied');
  });

  test('a custom choice allows exactly what was ticked', () => {
    const r = core.choose(configJson, '', NOW, false,
                          { kind: 'custom', categories: { analytics: true } }, RANDOM, 'en');
    assert.equal(r.ok, true, JSON.stringify(r.error));
    const s = core.evaluate(configJson, header(r.cookie), NOW, false).state;
    assert.equal(categoryById(s, 'analytics').allowed, true);
    assert.equal(categoryById(s, 'marketing').allowed, false);
  });

  test('a choice naming an unknown category is refused', () => {
    const r = core.choose(configJson, '', NOW, false,
                          { kind: 'custom', categories: { nosuch: true } }, RANDOM, 'en');
    assert.equal(r.ok, false);
    assert.equal(r.error.name, 'choice_unknown_category');
  });

  test('acknowledging needs a record, and keeps its decisions', () => {
    const none = core.acknowledge(configJson, '', NOW, false);
    assert.equal(none.ok, false);

    const chosen = core.choose(configJson, '', NOW, false, { kind: 'accept_all' }, RANDOM, 'en');
    const minor = withConfig({ policy: { version: '1.1.0', url: '/privacy' } });
    const before = core.evaluate(minor, header(chosen.cookie), NOW + DAY, false);
    assert.equal(before.state.prompt, 'notice');
    assert.equal(before.state.notice.kind, 'update');

    const ack = core.acknowledge(minor, header(chosen.cookie), NOW + DAY, false);
    assert.equal(ack.ok, true, JSON.stringify(ack.error));
    const after = core.evaluate(minor, header(ack.cookie), NOW + 2 * DAY, false);
    assert.equal(after.state.prompt, 'none');
    assert.ok(after.state.categories.every((c) => c.allowed));
  });
});

describe('what a change withdrew, named by the core', () => {
  // marketing without services: comparing service lists in JS missed its withdrawal.
  const noServices = withConfig({
    categories: config.categories.map((c) => (c.id === 'marketing' ? { ...c, services: undefined } : c)),
  });
  const empty = { categories: [], services: [] };

  test('choose names a withdrawn category that has no services', () => {
    const all = core.choose(noServices, '', NOW, false, { kind: 'accept_all' }, RANDOM, 'en');
    assert.equal(all.ok, true, JSON.stringify(all.error));
    assert.deepEqual(all.withdrawn, empty);
    const off = core.choose(noServices, header(all.cookie), NOW + 60, false,
                            { kind: 'custom', categories: { marketing: false } }, RANDOM, 'en');
    assert.equal(off.ok, true, JSON.stringify(off.error));
    assert.deepEqual(off.withdrawn, { categories: ['marketing'], services: [] });
  });

  test('reject all withdraws every optional category and its services; acknowledge nothing', () => {
    const all = core.choose(configJson, '', NOW, false, { kind: 'accept_all' }, RANDOM, 'en');
    const none = core.choose(configJson, header(all.cookie), NOW + 60, false, { kind: 'reject_all' }, RANDOM, 'en');
    assert.deepEqual(none.withdrawn, {
      categories: ['analytics', 'marketing'],
      services: [{ category: 'analytics', id: 'matomo' }, { category: 'marketing', id: 'ads' },
                 { category: 'marketing', id: 'video' }],
    });
    const minor = withConfig({ policy: { version: '1.1.0', url: '/privacy' } });
    const ack = core.acknowledge(minor, header(all.cookie), NOW + 60, false);
    assert.equal(ack.ok, true, JSON.stringify(ack.error));
    assert.deepEqual(ack.withdrawn, empty);
  });

  test('evaluateChange: the state of the new cookie and what it withdrew from the old one', () => {
    const all = core.choose(noServices, '', NOW, false, { kind: 'accept_all' }, RANDOM, 'en');
    const off = core.choose(noServices, header(all.cookie), NOW + 60, false,
                            { kind: 'custom', categories: { marketing: false } }, RANDOM, 'en');
    const change = core.evaluateChange(noServices, header(all.cookie), header(off.cookie), NOW + 120, false);
    assert.equal(change.ok, true, JSON.stringify(change.error));
    assert.equal(categoryById(change.state, 'marketing').allowed, false);
    assert.equal(categoryById(change.state, 'analytics').allowed, true);
    assert.deepEqual(change.withdrawn, { categories: ['marketing'], services: [] });
    const back = core.evaluateChange(noServices, header(off.cookie), header(all.cookie), NOW + 120, false);
    assert.deepEqual(back.withdrawn, empty);
    const gone = core.evaluateChange(noServices, header(all.cookie), '', NOW + 120, false);
    assert.equal(gone.state.prompt, 'consent');
    assert.deepEqual(gone.withdrawn.categories, ['analytics', 'marketing']);
  });
});

describe('what a refusal cleans up after: the stored grants, in force or not', () => {
  // A re-ask allows nothing while it waits, so its Refuse withdrew nothing, and the
  // trackers' cookies set under the earlier grant stayed on the device.
  const everything = {
    categories: ['analytics', 'marketing'],
    services: [{ category: 'analytics', id: 'matomo' }, { category: 'marketing', id: 'ads' },
               { category: 'marketing', id: 'video' }],
  };
  const empty = { categories: [], services: [] };
  const major = withConfig({ policy: { version: '2.0.0', url: '/privacy' } });

  test('a MAJOR update\'s re-ask refused names every earlier grant in cleanup, and withdraws nothing', () => {
    const all = core.choose(configJson, '', NOW, false, { kind: 'accept_all' }, RANDOM, 'en');
    assert.equal(core.evaluate(major, header(all.cookie), NOW + 60, false).state.reason, 'major_update');
    const refused = core.choose(major, header(all.cookie), NOW + 60, false, { kind: 'reject_all' }, RANDOM, 'en');
    assert.equal(refused.ok, true, JSON.stringify(refused.error));
    assert.deepEqual(refused.withdrawn, empty);
    assert.deepEqual(refused.cleanup, everything);
    // Another tab sees the same through evaluateChange.
    const change = core.evaluateChange(major, header(all.cookie), header(refused.cookie), NOW + 90, false);
    assert.deepEqual(change.withdrawn, empty);
    assert.deepEqual(change.cleanup, everything);
  });

  test('a withdrawal under the same policy cleans up what it withdrew; a record that refused, nothing', () => {
    const all = core.choose(configJson, '', NOW, false, { kind: 'accept_all' }, RANDOM, 'en');
    const none = core.choose(configJson, header(all.cookie), NOW + 60, false, { kind: 'reject_all' }, RANDOM, 'en');
    assert.deepEqual(none.cleanup, everything);
    const again = core.choose(major, header(none.cookie), NOW + 120, false, { kind: 'reject_all' }, RANDOM, 'en');
    assert.deepEqual(again.cleanup, empty);
  });
});

describe('a service added to a granted category', () => {
  test('is asked for with reason service_added instead of riding on the old consent', () => {
    const all = core.choose(configJson, '', NOW, false, { kind: 'accept_all' }, RANDOM, 'en');
    const added = withConfig({
      categories: config.categories.map((c) => (c.id === 'analytics'
        ? { ...c, services: [...c.services, { id: 'newvendor' }] } : c)),
    });
    const st = core.evaluate(added, header(all.cookie), NOW + DAY, false).state;
    assert.equal(st.prompt, 'reconsent');
    assert.equal(st.reason, 'service_added');
    const analytics = categoryById(st, 'analytics');
    assert.equal(analytics.ask, true);
    assert.equal(analytics.changed, true);
    assert.equal(analytics.allowed, false);
    assert.deepEqual(analytics.services.map((s) => s.allowed), [false, false]);
    assert.equal(categoryById(st, 'marketing').allowed, true);
  });
});

describe('validateConfig: ui', () => {
  test('fills in the ui defaults and refuses a misspelt option with its path', () => {
    assert.deepEqual(core.validateConfig(configJson).config.ui,
                     { layout: 'bar', position: 'bottom', modal: false, floatingButton: true, bilingual: [] });
    assert.equal(core.validateConfig(withConfig({ ui: { modal: true } })).config.ui.layout, 'modal');
    const bad = core.validateConfig(withConfig({ ui: { floatingbutton: false } }));
    assert.equal(bad.ok, false);
    assert.equal(bad.error.name, 'config_unknown_field');
    assert.equal(bad.error.path, 'ui.floatingbutton');
  });

  test("gives each language's text direction, which the UI sets as dir", () => {
    const keys = core.textKeys().keys;
    const texts = { ar: Object.fromEntries(keys.map((k) => [k, 'نص'])) };
    const r = core.validateConfig(withConfig({ languages: ['en', 'ar', 'zh'], texts }));
    assert.equal(r.ok, true, JSON.stringify(r.error));
    assert.deepEqual(r.config.directions, { en: 'ltr', ar: 'rtl', zh: 'ltr' });
  });
});

describe('numbers with a fraction or exponent (wasm/strtod.cpp)', () => {
  test('are refused as not whole numbers, and overflow is still an error', () => {
    for (const revision of ['1.5', '2.0', '1e0', '-0.5', '123456789012345678901234567890.5', '1E-400']) {
      const text = configJson.replace('"id":"analytics"', `"id":"analytics","revision":${revision}`);
      const r = core.validateConfig(text);
      assert.equal(r.ok, false, revision);
      assert.equal(r.error.name, 'config_wrong_type', revision);
      assert.equal(r.error.path, 'categories[1].revision', revision);
      assert.match(r.error.message, /whole number/);
    }
    for (const huge of ['1e999999', '-1e400', '1' + '0'.repeat(400) + '.0']) {
      const r = core.validateConfig(configJson.replace('"id":"analytics"', `"id":"analytics","revision":${huge}`));
      assert.equal(r.error.name, 'config_not_json', huge);
    }
    // Whole numbers never go through it.
    const ok = core.validateConfig(configJson.replace('"id":"analytics"', '"id":"analytics","revision":3'));
    assert.equal(ok.ok, true);
    assert.equal(ok.config.categories[1].revision, 3);
  });
});

describe('negotiateLanguage and textKeys', () => {
  const bilingual = withConfig({ languages: ['en', 'zh'] });

  test('picks an exact or primary-subtag match, else the first language', () => {
    assert.equal(core.negotiateLanguage(bilingual, ['zh-Hans-CN', 'en']).language, 'zh');
    assert.equal(core.negotiateLanguage(bilingual, ['fr', 'en-GB']).language, 'en');
    assert.equal(core.negotiateLanguage(bilingual, ['fr']).language, 'en');
    assert.equal(core.negotiateLanguage(bilingual, []).language, 'en');
  });

  test('lists the text keys and the built-in languages', () => {
    const r = core.textKeys();
    assert.equal(r.ok, true);
    assert.ok(r.keys.includes('acceptAll') && r.keys.includes('rejectAll'));
    assert.equal(new Set(r.keys).size, r.keys.length);
    assert.deepEqual(r.builtin, ['en', 'zh']);
  });
});
