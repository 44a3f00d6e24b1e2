// A trap inside wasm leaves the module mid-call (stack pointer, heap), so the bridge
// must latch: the call that trapped and every later one answer wasm_trap.
//
// Two honest ways to trap:
//  1. Real, inside the release module: the test takes all of its heap through the
//     module's own exported malloc, so the core's next allocation fails and libc++
//     (built without exceptions) aborts. The module itself traps.
//  2. Real trap, foreign module: the factory is wrapped so `evaluate` runs a tiny
//     wasm function made of `unreachable`. The RuntimeError is a genuine wasm trap,
//     but not one raised by our core.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { NOW, RANDOM, configJson, factory, loadCore } from './helpers.mjs';

function assertTrapped(result) {
  assert.equal(result.ok, false, JSON.stringify(result));
  assert.equal(result.error.name, 'wasm_trap');
  assert.equal(result.error.code, 500);
}

// Allocates until even 8 bytes fail: the heap cannot grow past its maximum.
function exhaustHeap(module) {
  let taken = 0;
  for (let size = 1 << 20; size >= 8; size >>= 1) {
    while (module._malloc(size) !== 0) taken += size;
  }
  return taken;
}

describe('a trap latches the core as broken', () => {
  test('heap exhaustion inside the release module (a real abort in the core)', async () => {
    let module;
    const printed = [];
    const capturing = (options) =>
      factory({ ...options, printErr: (text) => printed.push(text) })
        .then((m) => { module = m; return m; });
    const core = await loadCore(capturing);
    assert.equal(core.evaluate(configJson, '', NOW, false).ok, true);

    const taken = exhaustHeap(module);
    // The build caps memory (MAXIMUM_MEMORY): a runaway cannot take the whole tab.
    assert.ok(core.memoryBytes() <= 64 * 1024 * 1024, `memory ${core.memoryBytes()}`);
    assert.ok(taken > 32 * 1024 * 1024, `took only ${taken} bytes`);

    // A config the core has not cached yet: parsing it needs fresh allocations.
    const trapped = core.validateConfig(configJson.replace('/privacy', '/privacy-2'));
    assertTrapped(trapped);
    assert.equal(core.broken, true);
    // The module's own abort() ran: this trap came from inside the core.
    assert.deepEqual(printed.filter((t) => /Aborted/.test(t)).length, 1);

    // Every method, even with good input, now refuses: the caller treats it as denied.
    assertTrapped(core.evaluate(configJson, '', NOW, false));
    assertTrapped(core.choose(configJson, '', NOW, false, { kind: 'accept_all' }, RANDOM, 'en'));
    assertTrapped(core.acknowledge(configJson, '', NOW, false));
    assertTrapped(core.negotiateLanguage(configJson, ['en']));
    assertTrapped(core.textKeys());
    assertTrapped(core.validateConfig(configJson));
    // Input checks still come first: a bad argument is named as such.
    assert.equal(core.validateConfig(1).error.name, 'input_invalid');
  });

  test('a RuntimeError from a real unreachable trap (foreign module) latches too', async () => {
    // (module (func (export "trap") unreachable))
    const trapBytes = new Uint8Array([
      0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 7, 8, 1, 4, 116, 114,
      97, 112, 0, 0, 10, 5, 1, 3, 0, 0, 11,
    ]);
    const { instance } = await WebAssembly.instantiate(trapBytes);
    assert.throws(() => instance.exports.trap(), WebAssembly.RuntimeError);

    let arm = false;
    const wrapped = (options) => factory(options).then((m) => {
      const real = m.evaluate;
      m.evaluate = (...args) => (arm ? instance.exports.trap() : real(...args));
      return m;
    });
    const core = await loadCore(wrapped);
    assert.equal(core.evaluate(configJson, '', NOW, false).ok, true);
    arm = true;
    const r = core.evaluate(configJson, '', NOW, false);
    assertTrapped(r);
    assert.match(r.error.message, /unreachable/);
    arm = false;  // even with the fault gone, the latch holds
    assertTrapped(core.evaluate(configJson, '', NOW, false));
    assertTrapped(core.textKeys());
  });

  test('a trap in one core leaves another core alone', async () => {
    let module;
    const capturing = (options) => factory({ ...options, printErr: () => {} })
      .then((m) => { module = m; return m; });
    const broken = await loadCore(capturing);
    const healthy = await loadCore();
    exhaustHeap(module);
    assertTrapped(broken.evaluate(configJson, '', NOW, false));
    assert.equal(healthy.evaluate(configJson, '', NOW, false).ok, true);
    assert.equal(healthy.broken, false);
  });
});
