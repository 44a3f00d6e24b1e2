// 100 000 calls must not grow wasm memory: a leak of even one small allocation per
// call (emmalloc: 16 bytes or more) would need over 1.5 MiB, more than the free heap
// of the 1 MiB initial memory, and memory growth is visible in its byte length (the
// second test checks that premise).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DAY, NOW, RANDOM, configJson, factory, header, loadCore } from './helpers.mjs';

test('100 000 mixed calls leave wasm memory the same size', async () => {
  const core = await loadCore();
  const accepted = core.choose(configJson, '', NOW, false, { kind: 'accept_all' }, RANDOM, 'en');
  assert.equal(accepted.ok, true);
  const good = header(accepted.cookie);
  const tampered = good.slice(0, -2) + (good.endsWith('AA') ? 'BB' : 'AA');

  const calls = [
    () => core.evaluate(configJson, good, NOW + DAY, false),
    () => core.evaluate(configJson, tampered, NOW + DAY, true),
    () => core.evaluate(configJson, `${good}; ${good}`, NOW, false),
    () => core.evaluate('{"policy":', '', NOW, false),  // an error answer
    () => core.choose(configJson, good, NOW + DAY, false,
                      { kind: 'custom', categories: { marketing: false } }, RANDOM, 'en'),
    () => core.validateConfig(configJson),
    () => core.negotiateLanguage(configJson, ['zh-CN', 'en']),
    () => core.acknowledge(configJson, good, NOW + DAY, false),
    () => core.textKeys(),
  ];
  const run = (n) => {
    for (let i = 0; i < n; i++) {
      const r = calls[i % calls.length]();
      if (typeof r.ok !== 'boolean') assert.fail(`call ${i} gave ${JSON.stringify(r)}`);
    }
  };

  run(1000);  // warm-up: allocator pools and first-use growth settle here
  const before = core.memoryBytes();
  run(100_000);
  assert.equal(core.broken, false);
  assert.equal(core.memoryBytes(), before,
               `memory grew from ${before} to ${core.memoryBytes()} bytes`);
  // The memory seen through the glue's heap view is the module's real memory.
  assert.ok(before >= 1024 * 1024);
});

test('the measurement sees a leak of 16 bytes per call', async () => {
  // The premise of the test above: 100 000 small leaked allocations do not fit in
  // the free heap, so a per-call leak would show as growth.
  let module;
  const core = await loadCore((options) => factory(options).then((m) => { module = m; return m; }));
  for (let i = 0; i < 1000; i++) core.evaluate(configJson, '', NOW, false);
  const before = core.memoryBytes();
  for (let i = 0; i < 100_000; i++) assert.notEqual(module._malloc(16), 0);
  assert.ok(core.memoryBytes() > before, `memory stayed at ${before} bytes`);
});
