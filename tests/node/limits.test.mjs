// The bridge checks arguments against the caps and codes the core gives (its limits()
// answer), not against copies of its own: a core with other caps is obeyed, a module
// without the answer does not start, and the caps the bridge exports for callers that
// size inputs before loading are the core's.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  MAX_CHOICE_BYTES, MAX_CONFIG_BYTES, MAX_COOKIE_HEADER_BYTES, MAX_PREFERENCES_BYTES,
  MAX_SHORT_BYTES, createCore,
} from '../../web/src/wasm/bridge.js';
import { NOW, RANDOM, configJson, factory, wasmBytes } from './helpers.mjs';

// The release module, with its limits() answer replaced by `change(answer)`.
const withLimits = (change) => (options) => factory(options).then((m) => {
  const real = m.limits;
  m.limits = () => JSON.stringify(change(JSON.parse(real())));
  return m;
});

test('the core gives its caps and refusal codes', async () => {
  const m = await factory({ instantiateWasm(imports, receive) {
    WebAssembly.instantiate(wasmBytes, imports).then((r) => receive(r.instance, r.module));
    return {};
  } });
  assert.deepEqual(JSON.parse(m.limits()), {
    ok: true,
    caps: {
      config: MAX_CONFIG_BYTES, cookie: MAX_COOKIE_HEADER_BYTES, choice: MAX_CHOICE_BYTES,
      preferences: MAX_PREFERENCES_BYTES, short: MAX_SHORT_BYTES,
    },
    errors: { input_too_large: 400, input_invalid: 401 },
  });
});

test('a smaller cap in the core is the one the bridge refuses at', async () => {
  const core = await createCore(withLimits((l) => ({ ...l, caps: { ...l.caps, cookie: 8 } })),
                                { wasmBinary: wasmBytes });
  const refused = core.evaluate(configJson, 'a=1234567', NOW, false);
  assert.equal(refused.ok, false);
  assert.equal(refused.error.name, 'input_too_large');
  assert.equal(refused.error.path, 'cookie');
  assert.equal(refused.error.message, 'cookie: is over 8 bytes');
  assert.equal(core.evaluate(configJson, 'a=123456', NOW, false).ok, true);
});

test('the codes of refusals are the core\'s', async () => {
  const core = await createCore(
    withLimits((l) => ({ ...l, errors: { input_too_large: 9400, input_invalid: 9401 } })),
    { wasmBinary: wasmBytes });
  assert.equal(core.evaluate(configJson, 42, NOW, false).error.code, 9401);
  assert.equal(core.choose(configJson, '', NOW, false, { kind: 'x'.repeat(MAX_CHOICE_BYTES) },
                           RANDOM, 'en').error.code, 9400);
});

test('a module without limits() does not start: nothing could be checked before crossing',
  async () => {
    const without = (options) => factory(options).then((m) => {
      m.limits = () => { throw new Error('no such function'); };
      return m;
    });
    await assert.rejects(createCore(without, { wasmBinary: wasmBytes }), /gave no limits/);
  });
