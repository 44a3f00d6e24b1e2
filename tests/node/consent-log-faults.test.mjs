// The consent log under faults: every receipt the server acknowledged is in the store
// after (1) the server process is killed mid-load and restarted on the same SQLite
// file and (2) PostgreSQL is restarted (immediate stop, as in a crash) mid-load.
// Clients behave like the browser's queue: a receipt that got no 2xx is sent again.
// Bounded: 240 receipts, 8 clients, a deadline; every wait is on a condition.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';

import Database from 'better-sqlite3';
import pg from 'pg';

import { createServerCore } from '../../web/src/server.js';
import { createConsentLog, openPostgresStore, openSqliteStore } from '../../web/src/server.js';
import { configHash } from '../../web/src/utils/config-hash.js';
import { configJson, wasmDir } from './helpers.mjs';
import { startCluster } from './pg-cluster.mjs';

const RECEIPTS = 240;
const CLIENTS = 8;
const DEADLINE_MS = 60000;
const core = await createServerCore({ wasmDir });
const HASH = await configHash(core.validateConfig(configJson).config);
const now = Date.now() / 1000;

function makeReceipts(n) {
  return Array.from({ length: n }, (_, i) => {
    const kind = ['accept_all', 'reject_all'][i % 2];
    const out = core.choose(configJson, '', now, false, { kind }, randomBytes(16).toString('hex'), 'en');
    assert.equal(out.ok, true);
    return { v: 1, id: randomBytes(16).toString('hex'), cookie: out.cookie.value, config: HASH, language: 'en', prompt: 'consent', layer: 'banner' };
  });
}

// Sends every receipt until each got a 2xx; `target()` is the current URL (it changes
// when the server restarts). Resolves with the acknowledged ids and the failures seen.
function load(receipts, target, onAck) {
  const queue = [...receipts];
  const acked = new Set();
  let failures = 0;
  const deadline = Date.now() + DEADLINE_MS;
  const client = async () => {
    while (acked.size < receipts.length) {
      if (Date.now() > deadline) throw new Error(`deadline: ${acked.size} of ${receipts.length} acknowledged`);
      const r = queue.shift();
      if (!r) { await new Promise((ok) => setImmediate(ok)); continue; }
      let ok = false;
      try {
        const res = await fetch(target(), { method: 'POST', body: JSON.stringify(r), signal: AbortSignal.timeout(5000) });
        await res.arrayBuffer();
        ok = res.status === 200 || res.status === 201;
      } catch { /* the server is down: try again */ }
      if (ok) { acked.add(r.id); onAck(acked); } else { failures += 1; queue.push(r); await new Promise((t) => setTimeout(t, 20)); }
    }
  };
  return Promise.all(Array.from({ length: CLIENTS }, client)).then(() => ({ acked, failures }));
}

function startServer(location) {
  const child = spawn(process.execPath, [new URL('./fixtures/log-server.mjs', import.meta.url).pathname, location],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the log server exited (${code}) before listening`)));
    createInterface({ input: child.stdout }).once('line', (line) => resolve({ child, port: JSON.parse(line).port }));
  });
}

test('every acknowledged receipt survives the server process being killed mid-load (SQLite)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cg-kill-'));
  const file = join(dir, 'log.db');
  let server = await startServer(file);
  let url = `http://127.0.0.1:${server.port}/consent-log`;
  const ackedBeforeKill = new Set();
  let killed = null;
  try {
    const result = load(makeReceipts(RECEIPTS), () => url, (acked) => {
      if (!killed && acked.size >= RECEIPTS / 4) {
        // Kill -9 while requests are in flight, then start again on the same file.
        const old = server.child;
        killed = new Promise((ok) => old.once('exit', ok)).then(async () => {
          for (const id of acked) ackedBeforeKill.add(id);
          server = await startServer(file);
          url = `http://127.0.0.1:${server.port}/consent-log`;
        });
        old.kill('SIGKILL');
      }
    });
    const { acked } = await result;
    await killed;
    assert.ok(ackedBeforeKill.size >= RECEIPTS / 4, 'the kill happened mid-load');
    assert.ok(ackedBeforeKill.size < RECEIPTS, 'the kill happened before the load ended');
    server.child.kill('SIGKILL');
    await new Promise((ok) => server.child.once('exit', ok));

    const db = new Database(file, { readonly: true });
    const stored = new Set(db.prepare("SELECT receipt_id FROM cg_log WHERE kind = 'receipt'").all().map((r) => r.receipt_id));
    const rows = db.prepare("SELECT count(*) AS n FROM cg_log WHERE kind = 'receipt'").get().n;
    db.close();
    for (const id of acked) assert.ok(stored.has(id), `acknowledged receipt ${id} is missing`);
    assert.equal(rows, RECEIPTS, 'a retried receipt was stored twice');
    const log = await createConsentLog({ core, store: await openSqliteStore(file) });
    const v = await log.verify();
    await log.close();
    assert.equal(v.ok, true, JSON.stringify(v.problems));
  } finally {
    server.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('PostgreSQL restarted under load loses no acknowledged receipt', async () => {
  const cluster = await startCluster();
  const log = await createConsentLog({ core, store: await openPostgresStore(cluster.url, { max: 8 }) });
  await log.addConfig(configJson);
  const server = createServer((req, res) => log.handler(req, res));
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${server.address().port}/consent-log`;
  const client = new pg.Client({ connectionString: cluster.url });
  try {
    let restarted = null;
    let ackedAtRestart = 0;
    const { acked } = await load(makeReceipts(RECEIPTS), () => url, (a) => {
      if (!restarted && a.size >= RECEIPTS / 4) { ackedAtRestart = a.size; restarted = cluster.restart(); }
    });
    await restarted;
    assert.ok(ackedAtRestart >= RECEIPTS / 4 && ackedAtRestart < RECEIPTS, 'the restart happened mid-load');
    await client.connect();
    const { rows } = await client.query("SELECT receipt_id FROM cg_log WHERE kind = 'receipt'");
    const stored = new Set(rows.map((r) => r.receipt_id));
    for (const id of acked) assert.ok(stored.has(id), `acknowledged receipt ${id} is missing`);
    assert.equal(rows.length, RECEIPTS, 'a retried receipt was stored twice');
    const started = (await client.query('SELECT pg_postmaster_start_time() AS t')).rows[0].t;
    assert.ok(started.getTime() > Date.now() - DEADLINE_MS, 'the server really was restarted');
    const v = await log.verify();
    assert.equal(v.ok, true, JSON.stringify(v.problems));
  } finally {
    server.close();
    await client.end().catch(() => {});
    await log.close();
    cluster.stop();
  }
});
