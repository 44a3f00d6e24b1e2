// Every way an argument can be refused before it crosses into wasm: errors come back
// as values ({ok:false,error}), nothing throws, and the core stays usable after.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import {
  MAX_CHOICE_BYTES, MAX_CONFIG_BYTES, MAX_COOKIE_HEADER_BYTES, MAX_PREFERENCES_BYTES,
} from '../../web/src/wasm/bridge.js';
import { NOW, RANDOM, configJson, factory, loadCore } from './helpers.mjs';

// Counts the calls that reach the module: a refused argument must never cross
// (a huge string would grow the wasm heap for good even if the core then refused it).
let crossings = 0;
const counting = (options) => factory(options).then((m) => {
  for (const name of ['validateConfig', 'evaluate', 'choose', 'acknowledge', 'evaluateChange',
                      'negotiateLanguage', 'textKeys']) {
    const real = m[name];
    m[name] = (...args) => { crossings++; return real(...args); };
  }
  return m;
});

let core;
before(async () => { core = await loadCore(counting); });

function assertRefused(call, name, path) {
  const crossed = crossings;
  const result = call();
  assert.equal(crossings, crossed, `${name} at ${path} was let into wasm`);
  assert.equal(result.ok, false, `expected ${name}, got ${JSON.stringify(result)}`);
  assert.equal(result.error.name, name);
  assert.equal(result.error.code, name === 'input_too_large' ? 400 : 401);
  assert.equal(result.error.path, path);
  assert.ok(result.error.message.length > 0);
}

const notStrings = [undefined, null, 42, true, {}, ['a'], new String('x'), Symbol('s'),
                    new Uint8Array([123, 125])];

describe('arguments of the wrong type', () => {
  test('a config that is not a string, in every method that takes one', () => {
    for (const bad of notStrings) {
      assertRefused(() => core.validateConfig(bad), 'input_invalid', 'config');
      assertRefused(() => core.evaluate(bad, '', NOW, false), 'input_invalid', 'config');
      assertRefused(() => core.choose(bad, '', NOW, false, { kind: 'reject_all' }, RANDOM, 'en'),
                    'input_invalid', 'config');
      assertRefused(() => core.acknowledge(bad, '', NOW, false), 'input_invalid', 'config');
      assertRefused(() => core.evaluateChange(bad, '', '', NOW, false), 'input_invalid', 'config');
      assertRefused(() => core.negotiateLanguage(bad, ['en']), 'input_invalid', 'config');
    }
  });

  test('a cookie header that is not a string', () => {
    for (const bad of notStrings) {
      assertRefused(() => core.evaluate(configJson, bad, NOW, false), 'input_invalid', 'cookie');
      assertRefused(() => core.acknowledge(configJson, bad, NOW, false), 'input_invalid',
                    'cookie');
      assertRefused(() => core.evaluateChange(configJson, bad, '', NOW, false), 'input_invalid',
                    'previousCookie');
      assertRefused(() => core.evaluateChange(configJson, '', bad, NOW, false), 'input_invalid',
                    'cookie');
    }
  });

  test('a now that is not a finite number', () => {
    for (const bad of [NaN, Infinity, -Infinity, '1767225600', null, undefined, 10n]) {
      assertRefused(() => core.evaluate(configJson, '', bad, false), 'input_invalid', 'now');
      assertRefused(() => core.choose(configJson, '', bad, false, { kind: 'accept_all' }, RANDOM, 'en'),
                    'input_invalid', 'now');
      assertRefused(() => core.acknowledge(configJson, '', bad, false), 'input_invalid', 'now');
      assertRefused(() => core.evaluateChange(configJson, '', '', bad, false), 'input_invalid', 'now');
    }
  });

  test('a gpc that is not a boolean', () => {
    for (const bad of [undefined, null, 1, 'true', {}]) {
      assertRefused(() => core.evaluate(configJson, '', NOW, bad), 'input_invalid', 'gpc');
      assertRefused(() => core.evaluateChange(configJson, '', '', NOW, bad), 'input_invalid', 'gpc');
    }
  });

  test('a choice that is not a JSON-able object', () => {
    const cyclic = { kind: 'custom' };
    cyclic.self = cyclic;
    for (const bad of ['{"kind":"accept_all"}', null, ['accept_all'], 7, cyclic,
                       { kind: 'custom', when: 1n }]) {
      assertRefused(() => core.choose(configJson, '', NOW, false, bad, RANDOM, 'en'),
                    'input_invalid', 'choice');
    }
  });

  test('a choice the core cannot read is refused by the core', () => {
    for (const bad of [{}, { kind: 'maybe' }, { kind: 'custom' }, { kind: 'custom', categories: ['analytics'] },
                       { kind: 'custom', categories: { analytics: 'yes' } }]) {
      const r = core.choose(configJson, '', NOW, false, bad, RANDOM, 'en');
      assert.equal(r.ok, false, JSON.stringify(bad));
      assert.equal(r.error.name, 'choice_invalid', JSON.stringify(bad));
    }
  });

  test('random bytes and language that are not strings', () => {
    assertRefused(() => core.choose(configJson, '', NOW, false, { kind: 'accept_all' }, 123, 'en'),
                  'input_invalid', 'random');
    assertRefused(() => core.choose(configJson, '', NOW, false, { kind: 'accept_all' }, RANDOM, null),
                  'input_invalid', 'language');
  });

  test('too few random hex digits for a new consent id are refused by the core', () => {
    const r = core.choose(configJson, '', NOW, false, { kind: 'accept_all' }, 'abcd', 'en');
    assert.equal(r.ok, false);
    assert.equal(r.error.name, 'choice_random');
  });

  test('language preferences that are not an array of strings', () => {
    for (const bad of ['en', null, [1], ['en', null], { 0: 'en', length: 1 }]) {
      assertRefused(() => core.negotiateLanguage(configJson, bad), 'input_invalid', 'preferences');
    }
  });
});

describe('arguments over their caps', () => {
  // Multi-byte text: the caps count UTF-8 bytes, not JS string length.
  const bytes = (n) => 'é'.repeat(n / 2);  // 2 bytes each

  test('a config over 64 KiB', () => {
    assert.equal(MAX_CONFIG_BYTES, 64 * 1024);
    assertRefused(() => core.validateConfig(' '.repeat(MAX_CONFIG_BYTES + 1)), 'input_too_large',
                  'config');
    assertRefused(() => core.evaluate(bytes(MAX_CONFIG_BYTES + 2), '', NOW, false),
                  'input_too_large', 'config');
    // At the cap it crosses (and is then simply not JSON).
    const atCap = core.validateConfig(' '.repeat(MAX_CONFIG_BYTES));
    assert.equal(atCap.error.name, 'config_not_json');
  });

  test('a cookie header over 16 KiB', () => {
    assert.equal(MAX_COOKIE_HEADER_BYTES, 16 * 1024);
    assertRefused(() => core.evaluate(configJson, 'a'.repeat(MAX_COOKIE_HEADER_BYTES + 1), NOW, false),
                  'input_too_large', 'cookie');
    assertRefused(() => core.evaluate(configJson, bytes(MAX_COOKIE_HEADER_BYTES + 2), NOW, false),
                  'input_too_large', 'cookie');
    assertRefused(() => core.evaluateChange(configJson, bytes(MAX_COOKIE_HEADER_BYTES + 2), '', NOW, false),
                  'input_too_large', 'previousCookie');
    assertRefused(() => core.evaluateChange(configJson, '', 'a'.repeat(MAX_COOKIE_HEADER_BYTES + 1), NOW, false),
                  'input_too_large', 'cookie');
    const atCap = core.evaluate(configJson, `x=${'a'.repeat(MAX_COOKIE_HEADER_BYTES - 2)}`,
                                NOW, false);
    assert.equal(atCap.ok, true);
  });

  test('a choice over 16 KiB', () => {
    assert.equal(MAX_CHOICE_BYTES, 16 * 1024);
    const big = { kind: 'custom', categories: { analytics: true }, pad: 'x'.repeat(MAX_CHOICE_BYTES) };
    assertRefused(() => core.choose(configJson, '', NOW, false, big, RANDOM, 'en'),
                  'input_too_large', 'choice');
  });

  test('language preferences over 4 KiB', () => {
    assert.equal(MAX_PREFERENCES_BYTES, 4 * 1024);
    const many = Array.from({ length: 1000 }, (_, i) => `x-${i}`);
    assertRefused(() => core.negotiateLanguage(configJson, many), 'input_too_large', 'preferences');
  });

  test('random bytes and language of absurd length', () => {
    const long = 'a'.repeat(100_000);
    assertRefused(() => core.choose(configJson, '', NOW, false, { kind: 'accept_all' }, long, 'en'),
                  'input_too_large', 'random');
    assertRefused(() => core.choose(configJson, '', NOW, false, { kind: 'accept_all' }, RANDOM, long),
                  'input_too_large', 'language');
  });
});

describe('inputs that cross but are hostile', () => {
  test('a now far outside any real date is answered, not trapped', () => {
    for (const now of [1e300, -1e300, 2 ** 63, -(2 ** 63), 0, -1, 0.5]) {
      const r = core.evaluate(configJson, '', now, false);
      assert.equal(typeof r.ok, 'boolean', String(now));
      if (r.ok) assert.ok(r.state.categories.filter((c) => !c.required).every((c) => !c.allowed));
    }
    assert.equal(core.broken, false);
  });

  test('NUL bytes in strings are answered, not trapped', () => {
    for (const s of ['cookiegate=1.\u0000AAAA', '\u0000']) {
      const r = core.evaluate(configJson, s, NOW, false);
      assert.equal(r.ok, true, JSON.stringify(r));
      assert.ok(r.state.categories.filter((c) => !c.required).every((c) => !c.allowed));
      assert.equal(core.validateConfig(s).ok, false);
    }
    assert.equal(core.broken, false);
  });

  // UTF-8 conversion would mangle them (tests/node/server.test.mjs shows the harm).
  test('lone surrogates are refused before they cross', () => {
    for (const s of ['\ud800', 'a\udc00b']) {
      assertRefused(() => core.evaluate(configJson, s, NOW, false), 'input_invalid', 'cookie');
      assertRefused(() => core.validateConfig(s), 'input_invalid', 'config');
    }
  });

  test('a config nested deeper than the core allows is an error, not a stack overflow', () => {
    const deep = `{"ui":${'['.repeat(30000)}${']'.repeat(30000)}}`;
    const r = core.validateConfig(deep);
    assert.equal(r.ok, false);
    assert.equal(r.error.name, 'config_not_json');
    assert.equal(core.validateConfig(configJson).ok, true);
  });

  test('after all refusals the core still answers', () => {
    assert.equal(core.broken, false);
    assert.equal(core.evaluate(configJson, '', NOW, false).ok, true);
  });
});
