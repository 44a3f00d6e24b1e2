// The runtime's pure state logic (web/src/runtime-state.js), fed with the release core's
// own answers where it reads one: what a page sees before and after the core answers,
// which events a new state makes due, what a withdrawal deletes, what a cookie write and
// a change in another tab mean, and how calls queued before the core was ready settle.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import {
  ACCEPT_ALL, allowing, certainLanguage, custom, decisions, detailOf, DISMISS, eventsDue, firstLanguage, gpcDefaultDue, provisional,
  queuedState, readConfig, REJECT_ALL, remoteChangeDue, settleQueue, snapshots, storedNameOf, toCleanUp, wasStored,
  withdrawnData,
} from '../../web/src/runtime-state.js';
import { NOW, RANDOM, config, configJson, header, loadCore } from './helpers.mjs';

let core;
before(async () => { core = await loadCore(); });

const answer = (r) => {
  assert.equal(r.ok, true, JSON.stringify(r.error));
  return r;
};
const firstVisit = () => answer(core.evaluate(configJson, '', NOW, false)).state;
const choose = (choice, cookie = '', json = configJson) =>
  answer(core.choose(json, cookie, NOW, false, choice, RANDOM, 'en'));

describe('the config before the core has read it', () => {
  test('an object and its JSON text read the same', () => {
    const a = readConfig(config);
    const b = readConfig(configJson);
    assert.equal(a.failure, null);
    assert.deepEqual(a.config, config);
    assert.equal(a.json, configJson);
    assert.deepEqual(b, a);
  });

  for (const [what, input, message] of [
    // A syntax error gets the fix the CLI's check gives, and where its line 1 is: a
    // trial counted the browser's "line 4" from the top of the HTML file.
    ['text that is not JSON', '{"policy":', /^the config is not valid JSON \(check commas, quotes and brackets; inline, line 1 is the <script> tag's\): \S/],
    // Inline configs stand on lines of their own: the text is quoted without them.
    ['a JSON array', '\n  []\n', /^the config is not a JSON object: it is \[\]$/],
    ['null', 'null', /^the config is not a JSON object: it is null$/],
    ['a JSON string', '"x"', /^the config is not a JSON object: it is "x"$/],
    // Said as it is: a trial's failed fetch was called "not a JSON object".
    ['the Error of reading it', new Error('the config cfg.json could not be loaded: HTTP 404'), /^the config cfg\.json could not be loaded: HTTP 404$/]]) {
    test(`${what} is 100 config_not_json, with an empty config`, () => {
      const r = readConfig(input);
      assert.equal(r.failure.code, 100);
      assert.equal(r.failure.name, 'config_not_json');
      assert.match(r.failure.message, message);
      assert.deepEqual(r.config, {});
    });
  }

  test('the first language and the cookie name come from the raw config, with defaults', () => {
    assert.equal(firstLanguage({ languages: ['de', 'en'] }), 'de');
    assert.equal(firstLanguage({}), 'en');
    assert.equal(firstLanguage({ languages: [7] }), 'en');
    assert.equal(firstLanguage({ languages: 'de' }), 'en');
    assert.equal(storedNameOf({}), 'cookiegate');
    assert.equal(storedNameOf({ cookie: { name: 'cc' } }), 'cc');
    assert.equal(storedNameOf({ cookie: { name: 'cc', hostPrefix: true } }), '__Host-cc');
    assert.equal(storedNameOf({ cookie: 'cc' }), 'cookiegate');
  });
});

describe('the provisional state', () => {
  test('has the shape of the core\'s state, every signal denied', () => {
    const p = provisional(config, false, 'consent', true);
    const core1 = firstVisit();
    for (const k of Object.keys(core1)) if (k !== 'regional') assert.ok(k in p, `missing ${k}`);
    assert.deepEqual(Object.keys(p.consentMode).sort(), Object.keys(core1.consentMode).sort());
    assert.ok(Object.values(p.consentMode).every((v) => v === 'denied'));
    assert.equal(p.pending, true);
    assert.equal(p.failed, false);
    assert.equal(p.reason, 'no_record');
    assert.equal(p.policy, '1.0.0');
  });

  test('allows the required categories only, and asks for the optional ones', () => {
    const p = provisional(config, false, 'consent', true);
    assert.deepEqual(p.categories.map((c) => [c.id, c.allowed, c.ask]),
      [['necessary', true, false], ['analytics', false, true], ['marketing', false, true]]);
    assert.ok(p.categories.flatMap((c) => c.services).every((s) => s.allowed === false));
    // The page's view agrees with the core's first answer on what is allowed.
    assert.equal(decisions(p), decisions(firstVisit()));
  });

  test('after a failure allows nothing and is not pending', () => {
    const p = provisional(config, true, 'none', false);
    assert.equal(p.failed, true);
    assert.equal(p.pending, false);
    assert.equal(p.reason, 'none');
    assert.ok(p.categories.every((c) => c.allowed === false));
  });

  test('skips categories and services that are not objects', () => {
    const p = provisional({ categories: [null, 'x', { id: 'a', services: [1, { id: 's' }] }] }, false, 'consent', true);
    assert.deepEqual(p.categories.map((c) => [c.id, c.services.map((s) => s.id)]), [['a', ['s']]]);
    assert.deepEqual(provisional({ categories: 'all' }, false, 'consent', true).categories, []);
  });
});

describe('the page\'s snapshot of a state', () => {
  test('maps the core\'s answer per category and service, frozen and without a prototype', () => {
    const { state } = choose(custom({ analytics: true }, {}));
    const snap = snapshots()(state, true, 'en');
    assert.ok(Object.isFrozen(snap) && Object.isFrozen(snap.categories));
    assert.equal(Object.getPrototypeOf(snap.categories), null);
    assert.equal(snap.categories.toString, undefined);
    assert.deepEqual({ ...snap.categories }, { necessary: true, analytics: true, marketing: false });
    assert.deepEqual({ ...snap.services }, { matomo: true, ads: false, video: false });
    assert.equal(snap.ready, true);
    assert.equal(snap.language, 'en');
    assert.equal(snap.method, state.record.method);
    assert.equal(snap.consentId, state.record.id);
    assert.equal(snap.policyVersion, '1.0.0');
  });

  test('is the same object until the state, readiness or language changes', () => {
    const get = snapshots();
    const s = firstVisit();
    const a = get(s, true, 'en');
    assert.equal(get(s, true, 'en'), a);
    assert.notEqual(get(s, false, 'en'), a);
    const b = get(s, false, 'en');
    assert.notEqual(get(s, false, 'de'), b);
    assert.notEqual(get({ ...s }, false, 'de'), get(s, false, 'de'));
  });

  test('allows nothing of a failed state', () => {
    const s = { ...choose(ACCEPT_ALL).state, failed: true };
    const snap = snapshots()(s, false, 'en');
    assert.equal(snap.failed, true);
    assert.ok(Object.values(snap.categories).every((v) => v === false));
  });
});

describe('what a new state makes due', () => {
  test('a first choice: the consent and change events', () => {
    const prev = firstVisit();
    const next = choose(ACCEPT_ALL).state;
    assert.deepEqual(eventsDue(prev, next, 'choice'), ['consent', 'change']);
    assert.deepEqual(eventsDue(prev, next, 'remote'), ['consent', 'change']);
    // At 'ready' the 'ready' event carries it; a queued state is not a decision yet.
    assert.deepEqual(eventsDue(prev, next, 'ready'), []);
    assert.deepEqual(eventsDue(prev, { ...next, record: null }, 'queued'), []);
  });

  test('a choice that decides what was decided: no change event, no new consent', () => {
    const first = choose(REJECT_ALL);
    const again = choose(REJECT_ALL, header(first.cookie));
    assert.deepEqual(eventsDue(first.state, again.state, 'choice'), []);
    // A change of mind after the first record: a change, not a new consent.
    const all = choose(ACCEPT_ALL, header(first.cookie));
    assert.deepEqual(eventsDue(first.state, all.state, 'remote'), ['change']);
  });

  test('a notice: when newly asked for, or at ready', () => {
    const notice = { ...firstVisit(), prompt: 'notice', notice: { kind: 'update' } };
    const none = { ...firstVisit(), prompt: 'none' };
    assert.deepEqual(eventsDue(none, notice, 'remote'), ['notice']);
    assert.deepEqual(eventsDue(notice, notice, 'remote'), []);
    assert.deepEqual(eventsDue(notice, notice, 'ready'), ['notice']);
    assert.deepEqual(eventsDue(notice, none, 'ready'), []);
  });

  test('a withdrawal the core names is cleaned up, but not from a state that ran nothing', () => {
    const all = choose(ACCEPT_ALL);
    const off = choose(REJECT_ALL, header(all.cookie));
    assert.deepEqual(off.withdrawn.categories.sort(), ['analytics', 'marketing']);
    assert.equal(toCleanUp(all.state, off.withdrawn), off.withdrawn);
    assert.equal(toCleanUp({ ...all.state, pending: true }, off.withdrawn), null);
    assert.equal(toCleanUp({ ...all.state, failed: true }, off.withdrawn), null);
    assert.equal(toCleanUp(all.state, { categories: [], services: [] }), null);
    assert.equal(toCleanUp(all.state, null), null);
  });

  test('what a withdrawal deletes: the withdrawn services\' cookies and storage keys; what still-allowed ones list stays', () => {
    const json = JSON.stringify({
      ...config,
      categories: [
        config.categories[0],
        { id: 'analytics', title: 'Analytics', services: [{ id: 'matomo', cookies: ['_pk_id', '_ads'], storage: ['pk'] }] },
        { id: 'marketing', title: 'Marketing', services: [{ id: 'ads', cookies: ['_ads', '_ads2'] }, { id: 'video', storage: ['yt'] }] },
      ],
    });
    const valid = answer(core.validateConfig(json)).config;
    const all = choose(ACCEPT_ALL, '', json);
    const off = choose(custom({ analytics: true, marketing: false }, {}), header(all.cookie), json);
    assert.deepEqual(withdrawnData(valid, off.withdrawn, off.state),
      { cookies: ['_ads', '_ads2'], storage: ['yt'], keep: { cookies: ['_pk_id', '_ads'], storage: ['pk'] } });
    const none = choose(custom({ analytics: true, marketing: true }, {}), header(all.cookie), json);
    assert.deepEqual(withdrawnData(valid, none.withdrawn, none.state).cookies, []);
    const nothing = choose(REJECT_ALL, header(all.cookie), json);
    assert.deepEqual(withdrawnData(valid, nothing.withdrawn, nothing.state),
      { cookies: ['_pk_id', '_ads', '_ads', '_ads2'], storage: ['pk', 'yt'], keep: { cookies: [], storage: [] } });
    // Calls queued while the core loaded: Reject all, then Accept all. The first named
    // everything for clean-up; the state at the end allows it all again, and it stays.
    const again = choose(ACCEPT_ALL, header(nothing.cookie), json);
    assert.deepEqual(withdrawnData(valid, nothing.withdrawn, again.state),
      { cookies: [], storage: [], keep: { cookies: ['_pk_id', '_ads', '_ads', '_ads2'], storage: ['pk', 'yt'] } });
  });
});

describe('cookies written and changed elsewhere', () => {
  test('a write is stored when the pair written is among the cookie\'s pairs read back', () => {
    assert.equal(wasStored('cg=new', 'cg=new'), true);
    assert.equal(wasStored('cg=new', 'cg=planted; cg=new'), true);
    assert.equal(wasStored('cg=new', 'cg=new; cg=planted'), true);
    assert.equal(wasStored('cg=new', 'cg=other'), false);
    assert.equal(wasStored('cg=new', 'cg=new2'), false);
    assert.equal(wasStored('cg=new', ''), false);
  });

  test('a change elsewhere is evaluated only by a ready core, with a stored cookie', () => {
    // ready, failed, unstored, message, cookie now, cookie last seen
    assert.equal(remoteChangeDue(true, false, false, null, 'cg=b', 'cg=a'), true);
    assert.equal(remoteChangeDue(true, false, false, null, 'cg=a', 'cg=a'), false);
    assert.equal(remoteChangeDue(true, false, false, { from: 'tab' }, 'cg=a', 'cg=a'), true);
    assert.equal(remoteChangeDue(false, false, false, { from: 'tab' }, 'cg=b', 'cg=a'), false);
    assert.equal(remoteChangeDue(true, true, false, { from: 'tab' }, 'cg=b', 'cg=a'), false);
    assert.equal(remoteChangeDue(true, false, true, { from: 'tab' }, 'cg=b', 'cg=a'), false);
  });

  test('GPC alone deciding everything is stored as a decision once', () => {
    assert.equal(gpcDefaultDue({ gpcApplied: true, record: null, prompt: 'none' }), true);
    assert.equal(gpcDefaultDue({ gpcApplied: true, record: {}, prompt: 'none' }), false);
    assert.equal(gpcDefaultDue({ gpcApplied: true, record: null, prompt: 'consent' }), false);
    assert.equal(gpcDefaultDue(firstVisit()), false);
  });
});

describe('calls made before the core was ready', () => {
  test('a choice takes the provisional banner away; allow() and API calls on a quiet page do not', () => {
    const p = provisional(config, false, 'consent', true);
    const q = queuedState(p, 'choice', REJECT_ALL);
    assert.equal(q.prompt, 'none');
    assert.equal(q.reason, 'none');
    assert.equal(decisions(q), decisions(p));
    assert.equal(queuedState(p, 'choice', DISMISS).prompt, 'none');
    assert.equal(queuedState(p, 'choice', allowing('analytics', 'matomo')), null);
    assert.equal(queuedState(p, 'acknowledge', undefined), null);
    assert.equal(queuedState({ ...p, prompt: 'none' }, 'choice', ACCEPT_ALL), null);
  });

  test('settle in order, each on the state the last one left', () => {
    const order = [];
    const queue = ['a', 'b', 'c'].map((id) => ({ id, resolve: () => order.push(id), reject: assert.fail }));
    const settled = [];
    const out = settleQueue(queue, '', (q, st) => st + q.id, assert.fail, settled);
    assert.equal(out, 'abc');
    assert.equal(queue.length, 0);
    for (const r of settled) r();
    assert.deepEqual(order, ['a', 'b', 'c']);
  });

  test('a refused call is rejected and reported, and the rest still apply', () => {
    const rejected = [];
    const reported = [];
    const refused = Object.assign(new Error('categories.x: unknown'), { code: 400, name: 'choice_invalid', path: 'categories.x' });
    const queue = [
      { id: 'a', resolve: 'ra', reject: assert.fail },
      { id: 'bad', resolve: 'rbad', reject: (e) => rejected.push(e) },
      { id: 'c', resolve: 'rc', reject: assert.fail },
    ];
    const settled = [];
    const out = settleQueue(queue, '', (q, st) => { if (q.id === 'bad') throw refused; return st + q.id; },
      (d) => reported.push(d), settled);
    assert.equal(out, 'ac');
    assert.deepEqual(settled, ['ra', 'rc']);
    assert.deepEqual(rejected, [refused]);
    assert.deepEqual(reported, [detailOf(refused)]);
    assert.equal(reported[0].code, 400);
  });

  test('a trap stops settling: its call is rejected, the trap rethrown, the rest left queued', () => {
    const trap = Object.assign(new Error('unreachable'), { code: 500, name: 'wasm_trap', path: '' });
    const rejected = [];
    const queue = [
      { id: 'trap', resolve: 'r1', reject: (e) => rejected.push(e) },
      { id: 'later', resolve: 'r2', reject: assert.fail },
    ];
    assert.throws(() => settleQueue(queue, '', () => { throw trap; }, assert.fail, []), trap);
    assert.deepEqual(rejected, [trap]);
    assert.deepEqual(queue.map((q) => q.id), ['later']);
  });

  test('anything thrown without a code is 502 runtime_error', () => {
    assert.deepEqual(detailOf(new TypeError('x is undefined')),
      { code: 502, name: 'runtime_error', path: '', message: 'x is undefined' });
    assert.deepEqual(detailOf({ code: 400, name: 'choice_invalid', message: 'm' }),
      { code: 400, name: 'choice_invalid', path: '', message: 'm' });
  });
});

describe('the choices the API makes', () => {
  test('are the core\'s choice kinds, and the core takes each', () => {
    assert.equal(choose(ACCEPT_ALL).state.categories.every((c) => c.allowed), true);
    assert.equal(choose(REJECT_ALL).state.categories.filter((c) => c.allowed).map((c) => c.id).join(), 'necessary');
    const cats = { analytics: true };
    const c = custom(cats, { ads: true });
    assert.notEqual(c.categories, cats);  // a copy: a caller's later edit is not the choice
    assert.deepEqual(allowing('marketing', 'video'), { kind: 'allow', categories: { marketing: true }, services: { video: true } });
    assert.deepEqual(allowing('analytics').services, {});
    const s = choose(allowing('marketing', 'video')).state;
    const m = s.categories.find((x) => x.id === 'marketing');
    assert.equal(m.allowed, true);
    assert.deepEqual(m.services.map((v) => [v.id, v.allowed]), [['ads', false], ['video', true]]);
  });
});

// Before the core has loaded the banner is drawn only in a language the core's
// negotiation is certain to give (else it waits): certainLanguage() must never name
// another one than the core, and must name one for the usual pages.
describe('the language before the core has negotiated', () => {
  const configFor = (languages) => {
    const keys = answer(core.textKeys()).keys;
    const texts = Object.fromEntries(languages.filter((l) => !['en', 'zh'].includes(l))
      .map((l) => [l, Object.fromEntries(keys.map((k) => [k, `${k} (${l})`]))]));
    return { ...config, ...(languages.length ? { languages } : {}), ...(Object.keys(texts).length ? { texts } : {}) };
  };
  test('certain for the usual pages: an exact tag, one language sharing the primary subtag, one offered', () => {
    assert.equal(certainLanguage(configFor(['en', 'zh']), ['zh', 'en-US']), 'zh');
    assert.equal(certainLanguage(configFor(['en', 'de']), ['en-US', 'en']), 'en');
    assert.equal(certainLanguage(configFor(['en', 'zh-CN', 'zh-TW']), ['ZH-tw']), 'zh-TW');
    assert.equal(certainLanguage(configFor([]), ['fr']), 'en');
    assert.equal(certainLanguage(configFor(['de']), ['fr']), 'de');
  });
  test('not certain where the core chooses by script, region or a later preference', () => {
    assert.equal(certainLanguage(configFor(['en', 'zh-CN', 'zh-TW']), ['zh-HK']), null);
    assert.equal(certainLanguage(configFor(['en', 'zh']), ['fr', 'zh']), null);
    assert.equal(certainLanguage(configFor(['en', 'zh']), []), null);
  });
  test('whenever it names a language, the core\'s negotiation gives the same', () => {
    const offers = [[], ['en', 'zh'], ['zh', 'en'], ['en', 'de'], ['en-GB', 'en'], ['en', 'zh-CN', 'zh-TW'],
      ['zh-Hans', 'zh-Hant'], ['sr-Latn', 'sr-Cyrl', 'en'], ['pt', 'pt-BR'], ['de'], ['en', 'zh-Hant'], ['en', 'ko'], ['kk', 'en']];
    const prefs = ['zh', 'zh-HK', 'zh-TW', 'zh-Hans-CN', 'ZH-cn', 'en-US', 'EN', 'en-GB', 'de-AT', 'fr', 'sr', 'sr-Latn',
      'pt-PT', 'pt-br', 'en_US', ' zh', 'zh-', 'zh--x', 'x-zh', '\u212Ao', '\u212A\u212A', 'k\u0131'];
    let named = 0;
    for (const languages of offers) {
      const cfg = configFor(languages);
      const json = JSON.stringify(cfg);
      for (const first of prefs) {
        for (const rest of [[], ['en'], ['zh-TW', 'de']]) {
          const list = [first, ...rest];
          const guess = certainLanguage(cfg, list);
          if (guess === null) continue;
          named += 1;
          assert.equal(guess, answer(core.negotiateLanguage(json, list)).language, `${JSON.stringify(languages)} for ${list}`);
        }
      }
    }
    assert.ok(named > 100, `only ${named} combinations named a language`);
  });
});

