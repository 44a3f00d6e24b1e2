// The server entry's cost per request when a server alternates between two configs
// (two sites, or two languages): before, the config's JSON text on every call, which
// the core parses again whenever it differs from the previous call's; after, a
// prepare() handle per config. Also the same config every time, for reference.
//   node tests/perf/server_bench.mjs [--requests N]   (needs build/wasm or web/dist)
import { createServerCore } from '../../web/src/server.js';
import { NOW, RANDOM, config, configJson, header, loadCore, wasmDir } from '../node/helpers.mjs';

const n = Number(process.argv[process.argv.indexOf('--requests') + 1]) || 4000;
const server = await createServerCore({ wasmDir });
const bridge = await loadCore();
const cookie = header(bridge.choose(configJson, '', NOW, false, { kind: 'accept_all' }, RANDOM, 'en').cookie);
const other = { ...config, policy: { ...config.policy, version: '1.0.1' } };
const otherJson = JSON.stringify(other);
const [a, b] = [await server.prepare(config), await server.prepare(other)];
const opts = { now: NOW + 60 };

const cases = {
  'one config, JSON text each call': (i) => server.evaluateRequest(configJson, cookie, opts),
  'two configs alternating, JSON text each call (before)': (i) => server.evaluateRequest(i % 2 ? otherJson : configJson, cookie, opts),
  'two configs alternating, prepare() handles (after)': (i) => (i % 2 ? b : a).evaluateRequest(cookie, opts),
};
const results = {};
for (let round = 0; round < 5; round++) {  // interleaved rounds; the best of each counts
  for (const [name, fn] of Object.entries(cases)) {
    for (let i = 0; i < 100; i++) fn(i);  // warm
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn(i);
    const us = Number(process.hrtime.bigint() - t0) / n / 1000;
    results[name] = Math.min(results[name] ?? Infinity, us);
  }
}
console.log(`server entry, ${n} requests per round, best of 5 rounds (µs per request):`);
for (const [name, us] of Object.entries(results)) console.log(`  ${us.toFixed(1).padStart(7)}  ${name}`);
const before = results['two configs alternating, JSON text each call (before)'];
const after = results['two configs alternating, prepare() handles (after)'];
console.log(`  alternating configs: ${(before / after).toFixed(1)}x faster with handles`);
