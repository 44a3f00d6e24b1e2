// Consent log benchmark: receipts per second accepted, with p50/p99 latency, for
// concurrent clients posting over loopback to the log server (tests/node/fixtures/
// log-server.mjs, in its own process) on SQLite (a temporary file) and on PostgreSQL
// (a throw-away cluster started here and removed afterwards). Bounded in count and
// time: each store gets at most --receipts receipts and --seconds seconds.
//
//   node tests/perf/log_bench.mjs [--receipts 3000] [--clients 16] [--seconds 60] [--store sqlite|postgres|both]
//
// Needs the wasm build (build/wasm) and, for PostgreSQL, Debian's postgresql package.
// Not part of tests/run_all.sh.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

import { createServerCore } from '../../web/src/server.js';
import { configHash } from '../../web/src/utils/config-hash.js';
import { configJson, wasmDir } from '../node/helpers.mjs';
import { startCluster } from '../node/pg-cluster.mjs';

const { values } = parseArgs({
  options: {
    receipts: { type: 'string', default: '3000' },
    clients: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '60' },
    store: { type: 'string', default: 'both' },
  },
});
const RECEIPTS = Number(values.receipts);
const CLIENTS = Number(values.clients);
const SECONDS = Number(values.seconds);

const core = await createServerCore({ wasmDir });
const HASH = await configHash(core.validateConfig(configJson).config);
const now = Date.now() / 1000;
const receipts = Array.from({ length: RECEIPTS }, (_, i) => {
  const out = core.choose(configJson, '', now, false, { kind: i % 3 ? 'accept_all' : 'reject_all', source: 'ui' },
    randomBytes(16).toString('hex'), 'en');
  return JSON.stringify({ v: 1, id: randomBytes(16).toString('hex'), cookie: out.cookie.value, config: HASH, language: 'en', prompt: 'consent', layer: 'banner' });
});

function startServer(location) {
  const child = spawn(process.execPath, [new URL('../node/fixtures/log-server.mjs', import.meta.url).pathname, location],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the log server exited (${code})`)));
    createInterface({ input: child.stdout }).once('line', (line) => resolve({ child, port: JSON.parse(line).port }));
  });
}

async function run(name, location) {
  const { child, port } = await startServer(location);
  const url = `http://127.0.0.1:${port}/consent-log`;
  // Warm up (JIT, connections, prepared statements); not counted.
  for (let i = 0; i < 50; i++) {
    await fetch(url, { method: 'POST', body: JSON.stringify({ ...JSON.parse(receipts[i]), id: randomBytes(16).toString('hex') }) }).then((r) => r.arrayBuffer());
  }
  const latencies = [];
  let next = 0;
  let failed = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const start = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    while (next < receipts.length && performance.now() < deadline) {
      const body = receipts[next++];
      const t = performance.now();
      const res = await fetch(url, { method: 'POST', body });
      await res.arrayBuffer();
      if (res.status === 201) latencies.push(performance.now() - t); else failed += 1;
    }
  }));
  const elapsed = (performance.now() - start) / 1000;
  child.kill();
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(1);
  console.log(`${name.padEnd(10)} ${String(latencies.length).padStart(6)} receipts in ${elapsed.toFixed(1)} s: ` +
    `${(latencies.length / elapsed).toFixed(0)} receipts/s, p50 ${q(0.5)} ms, p99 ${q(0.99)} ms` +
    `${failed ? `, ${failed} refused` : ''}`);
}

console.log(`consent log benchmark: ${RECEIPTS} receipts max, ${CLIENTS} concurrent clients, ${SECONDS} s max per store; ` +
  `${cpus().length} CPUs (${cpus()[0].model}), Node ${process.version}`);
if (values.store !== 'postgres') {
  const dir = mkdtempSync(join(tmpdir(), 'cg-bench-'));
  try { await run('SQLite', join(dir, 'log.db')); } finally { rmSync(dir, { recursive: true, force: true }); }
}
if (values.store !== 'sqlite') {
  const cluster = await startCluster();
  try { await run('PostgreSQL', cluster.url); } finally { cluster.stop(); }
}
