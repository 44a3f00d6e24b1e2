// The warm-up's answers taken as the page's own (web/src/wasm/bridge.js, `warm`): the
// core's answers to the calls a Web Worker made on the same module, reused only for the
// same function and arguments, or a later `now` inside the validity window the core
// gave with a state (core/boundary.hpp, validUntil). Every other call makes the page's
// own instance first, synchronously, and is answered by it. Here the "worker" is a
// second instance in the same process, recording its crossings as warm-worker.js does.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';

import { createCore } from '../../web/src/wasm/bridge.js';
import { configJson, DAY, factory, header, NOW, RANDOM, wasmBytes } from './helpers.mjs';

// Every instance of the module made in this process, and how.
let made = [];
const native = { instantiate: WebAssembly.instantiate, Instance: WebAssembly.Instance };
beforeEach(() => {
  made = [];
  WebAssembly.instantiate = (...args) => { made.push('async'); return native.instantiate(...args); };
  WebAssembly.Instance = new Proxy(native.Instance, {
    construct(target, args) { made.push('sync'); return Reflect.construct(target, args); },
  });
});
afterEach(() => Object.assign(WebAssembly, native));

/** The crossings a warm-up making `calls` records (limits first, as createCore asks). */
async function warmUp(calls) {
  const crossings = [];
  const core = await createCore(factory, { wasmBinary: wasmBytes, record: (...c) => crossings.push(c) });
  for (const [name, args] of calls) core[name](...args);
  made = [];  // the warm-up's own instance is not the page's
  return crossings;
}
/** The page's core, started from `crossings` as the warm-up's answer. */
const pageCore = (crossings) => createCore(factory, { wasmBinary: wasmBytes, warm: () => Promise.resolve(crossings) });
/** The same call answered by a core of its own, no warm-up: what the core says. */
async function fresh(name, args) {
  const core = await createCore(factory, { wasmBinary: wasmBytes });
  const answer = core[name](...args);
  made = [];
  return answer;
}

// A visitor who accepted everything at NOW: a record whose expiry gives evaluate's
// state a validity window that ends.
const accepted = async () => {
  const core = await createCore(factory, { wasmBinary: wasmBytes });
  const r = core.choose(configJson, '', NOW, false, { kind: 'accept_all' }, RANDOM, 'en');
  assert.equal(r.ok, true, JSON.stringify(r.error));
  return header(r.cookie);
};
const evaluateArgs = (cookie, now = NOW, gpc = false, region = '', crawler = false) =>
  [configJson, cookie, now, gpc, region, crawler];

describe('the warm-up\'s answers stand for the page\'s first calls', () => {
  test('the same calls: answered as the core answers them, with no instance on the page', async () => {
    const cookie = await accepted();
    const calls = [['validateConfig', [configJson]], ['negotiateLanguage', [configJson, ['zh-CN', 'en']]],
      ['evaluate', evaluateArgs(cookie)]];
    const core = await pageCore(await warmUp(calls));
    const want = [];
    for (const [name, args] of calls) want.push(await fresh(name, args));
    assert.deepEqual(calls.map(([name, args]) => core[name](...args)), want);
    assert.deepEqual(made, []);
    // The first other call makes the page's own instance, once, synchronously.
    const chosen = core.choose(configJson, cookie, NOW + 60, false, { kind: 'reject_all' }, RANDOM, 'en');
    assert.equal(chosen.ok, true);
    assert.deepEqual(made, ['sync']);
    assert.deepEqual(chosen, await fresh('choose', [configJson, cookie, NOW + 60, false, { kind: 'reject_all' }, RANDOM, 'en']));
    assert.equal(core.broken, false);
  });

  test('a later now inside the state\'s validity window: the same answer, no instance', async () => {
    const cookie = await accepted();
    const core = await pageCore(await warmUp([['evaluate', evaluateArgs(cookie)]]));
    const until = (await fresh('evaluate', evaluateArgs(cookie))).state.validUntil;
    assert.ok(Number.isSafeInteger(until) && until > NOW + DAY, `validUntil ${until}`);
    const times = [NOW, NOW + 1, until - 1];
    const want = [];
    for (const now of times) want.push(await fresh('evaluate', evaluateArgs(cookie, now)));
    assert.deepEqual(times.map((now) => core.evaluate(...evaluateArgs(cookie, now))), want);
    assert.deepEqual(made, []);
  });
});

test('a choice made later is not answered from the warm-up\'s: only an evaluation is reused inside its window', async () => {
  const args = (now) => [configJson, '', now, false, { kind: 'accept_all' }, RANDOM, 'en'];
  const core = await pageCore(await warmUp([['choose', args(NOW)]]));
  const want = await fresh('choose', args(NOW + 1));
  assert.deepEqual(core.choose(...args(NOW + 1)), want);
  assert.deepEqual(made, ['sync']);
});

describe('any change of input is answered by the page\'s own instance', () => {
  const base = async () => {
    const cookie = await accepted();
    return { cookie, crossings: await warmUp([['validateConfig', [configJson]],
      ['negotiateLanguage', [configJson, ['en']]], ['evaluate', evaluateArgs(cookie)]]) };
  };
  const misses = {
    'the config text (one byte)': ({ cookie }) => ['evaluate', [configJson + ' ', cookie, NOW, false, '', false]],
    'the cookie': () => ['evaluate', evaluateArgs('')],
    'GPC': ({ cookie }) => ['evaluate', evaluateArgs(cookie, NOW, true)],
    'the region': ({ cookie }) => ['evaluate', evaluateArgs(cookie, NOW, false, 'DE')],
    'a verified crawler': ({ cookie }) => ['evaluate', evaluateArgs(cookie, NOW, false, '', true)],
    'a now before the answer\'s': ({ cookie }) => ['evaluate', evaluateArgs(cookie, NOW - 1)],
    'a now at the end of its window': async ({ cookie }) =>
      ['evaluate', evaluateArgs(cookie, (await fresh('evaluate', evaluateArgs(cookie))).state.validUntil)],
    'the language preferences': () => ['negotiateLanguage', [configJson, ['zh']]],
    'another config validated': () => ['validateConfig', [configJson.replace('1.0.0', '1.0.1')]],
  };
  for (const [what, make] of Object.entries(misses)) {
    test(what, async () => {
      const b = await base();
      const [name, args] = await make(b);
      const want = await fresh(name, args);
      const core = await pageCore(b.crossings);
      assert.deepEqual(made, []);
      assert.deepEqual(core[name](...args), want);
      assert.deepEqual(made, ['sync']);
    });
  }
});

describe('without usable crossings the page instantiates at its start, as without a worker', () => {
  for (const [what, crossings] of [['no answer (a worker that failed or was too slow)', undefined],
    ['crossings without the core\'s limits', [['validateConfig', [configJson], '{"ok":true}']]],
    ['not a list', { validateConfig: '{"ok":true}' }]]) {
    test(what, async () => {
      const want = await fresh('validateConfig', [configJson]);
      const core = await pageCore(crossings);
      assert.deepEqual(made, ['async']);
      assert.deepEqual(core.validateConfig(configJson), want);
    });
  }
});

test('a trap while the page makes its instance latches wasm_trap, as a trap in a call does', async () => {
  const core = await pageCore(await warmUp([['validateConfig', [configJson]]]));
  WebAssembly.Instance = new Proxy(native.Instance, { construct() { throw new Error('instance refused'); } });
  const r = core.evaluate(...evaluateArgs(''));
  assert.equal(r.ok, false);
  assert.equal(r.error.name, 'wasm_trap');
  assert.match(r.error.message, /instance refused/);
  assert.equal(core.broken, true);
  // The warm-up's answers are not given out once the core is broken.
  assert.equal(core.validateConfig(configJson).error?.name, 'wasm_trap');
});
