// The wasm stack has no overflow check (it would cost ~1 KB): an overflow would
// silently overwrite the module's static data. So the heaviest calls must stay far
// below the 64 KiB the build gives the stack (wasm/CMakeLists.txt). The test paints
// the idle stack, runs the calls, and measures how deep they wrote.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { NOW, RANDOM, factory, header, loadCore, wasmBytes } from './helpers.mjs';

const STACK_SIZE = 64 * 1024;
const BUDGET = 16 * 1024;

// The stack grows down from the initial value of the module's first global,
// __stack_pointer (an i32.const in the global section).
function stackTop(bytes) {
  let i = 8;
  const leb = () => {
    let value = 0;
    let shift = 0;
    let b;
    do {
      b = bytes[i++];
      value |= (b & 0x7f) << shift;
      shift += 7;
    } while (b & 0x80);
    return value;
  };
  while (i < bytes.length) {
    const id = bytes[i++];
    const size = leb();
    if (id === 6) {
      leb();  // count
      const [type, mutable, op] = [bytes[i++], bytes[i++], bytes[i++]];
      assert.deepEqual([type, mutable, op], [0x7f, 1, 0x41], 'first global: mutable i32.const');
      return leb();
    }
    i += size;
  }
  throw new Error('no global section');
}

// The largest config the core accepts in shape: 32 categories, 128 services, texts,
// and every `ui` option.
function bigConfig() {
  const categories = [{ id: 'necessary', required: true, title: 'Necessary' }];
  for (let i = 0; i < 31; i++) {
    categories.push({
      id: `c${i}`,
      title: { en: 'T'.repeat(100), zh: '标题' },
      description: 'D'.repeat(400),
      services: Array.from({ length: 4 }, (_, k) => ({ id: `s${i}-${k}`, scripts: ['https://x/*'] })),
    });
  }
  // Deep nesting is no longer valid anywhere in a config (the core checks `ui` too):
  // the deepest text the parser accepts is measured below, on its own.
  return JSON.stringify({ policy: { version: '1.0.0', url: '/p' }, languages: ['en', 'zh'],
                          categories, ui: { layout: 'box', position: 'bottom-left', bilingual: ['zh', 'en'] } });
}

test('the heaviest calls use a small part of the wasm stack', async () => {
  let module;
  const core = await loadCore((options) => factory(options).then((m) => { module = m; return m; }));
  const top = stackTop(wasmBytes);
  const bottom = top - STACK_SIZE;
  // Between calls no wasm frame is live, so the whole stack below the top is free.
  const PAINT = 0xa5;
  module.HEAPU8.fill(PAINT, bottom + 256, top - 64);

  const config = bigConfig();
  assert.equal(core.validateConfig(config).ok, true);
  const accepted = core.choose(config, '', NOW, false, { kind: 'accept_all' }, RANDOM, 'zh');
  assert.equal(accepted.ok, true);
  assert.equal(core.evaluate(config, header(accepted.cookie), NOW, true).ok, true);
  assert.equal(core.acknowledge(config, header(accepted.cookie), NOW, false).ok, true);
  const deep = `{"ui":${'['.repeat(31)}${']'.repeat(31)},"policy":1}`;
  assert.equal(core.validateConfig(deep).ok, false);

  let lowest = bottom + 256;
  while (lowest < top - 64 && module.HEAPU8[lowest] === PAINT) lowest++;
  const used = top - lowest;
  assert.ok(used > 64, 'the calls must have used the painted stack');
  assert.ok(used < BUDGET, `the calls used ${used} bytes of stack`);
});
