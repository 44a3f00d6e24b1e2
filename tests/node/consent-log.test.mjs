// The consent log service (cookiegate/server), the same tests against both stores:
// SQLite (a temporary file) and PostgreSQL (a throw-away cluster this file starts on
// 127.0.0.1 and removes). Receipts are made the way the browser makes them: the core
// chooses, the cookie value and the config's hash are posted.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

import Database from 'better-sqlite3';
import pg from 'pg';

import { createServerCore } from '../../web/src/server.js';
import { createConsentLog, openPostgresStore, openSqliteStore } from '../../web/src/server.js';
import { configHash } from '../../web/src/utils/config-hash.js';
import { DAY, NOW, config, wasmDir } from './helpers.mjs';
import { startCluster } from './pg-cluster.mjs';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const core = await createServerCore({ wasmDir });
const zhConfig = {
  ...config,
  languages: ['en', 'zh'],
  categories: config.categories.map((c) => ({ ...c, title: { en: c.title, zh: `${c.title}（中文）` } })),
};
const zhJson = JSON.stringify(zhConfig);
const otherJson = JSON.stringify({
  policy: { version: '1.0.0', url: '/privacy' },
  categories: [{ id: 'necessary', required: true, title: 'N' }, { id: 'stats', title: 'Stats' }],
});
const hashOf = async (json) => configHash(core.validateConfig(json).config);
const HASH = await hashOf(zhJson);
const OTHER_HASH = await hashOf(otherJson);

const rid = () => randomBytes(16).toString('hex');
const cookieOf = (out) => { assert.equal(out.ok, true, JSON.stringify(out.error)); return out.cookie; };
// A receipt as the browser sends it, for a choice the core made at `t` (seconds).
function receiptFor(choice, { json = zhJson, hash = HASH, t = NOW, prior = '', language = 'en', source } = {}) {
  const out = core.choose(json, prior, t, false, { ...choice, ...(source ? { source } : {}) }, rid(), language);
  const cookie = cookieOf(out);
  return {
    receipt: { v: 1, id: rid(), cookie: cookie.value, config: hash, language, prompt: 'consent', layer: 'banner' },
    header: `${cookie.name}=${cookie.value}`,
    record: out.state.record,
  };
}

const stores = {
  sqlite: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-log-'));
    const file = join(dir, 'log.db');
    const raw = new Database(file);
    return {
      store: await openSqliteStore(file),
      raw: async (sql, params = []) => (/^\s*select/i.test(sql) ? raw.prepare(sql).all(...params) : (raw.prepare(sql).run(...params), [])),
      cleanup: async () => { raw.close(); rmSync(dir, { recursive: true, force: true }); },
    };
  },
  postgres: async () => {
    const cluster = await startCluster();
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    let n = 0;
    return {
      store: await openPostgresStore(cluster.url),
      raw: async (sql, params = []) => (await client.query(sql.replace(/\?/g, () => `$${++n}`), params).finally(() => { n = 0; })).rows,
      cleanup: async () => { await client.end(); cluster.stop(); },
    };
  },
};

for (const [name, open] of Object.entries(stores)) {
  describe(`consent log on ${name}`, () => {
    let env;
    let log;
    let clock = NOW * 1000;
    const count = async () => Number((await env.raw('SELECT count(*) AS n FROM cg_log'))[0].n);
    before(async () => {
      env = await open();
      log = await createConsentLog({ store: env.store, core, now: () => clock });
      assert.equal(await log.addConfig(zhJson), HASH);
      assert.equal(await log.addConfig(otherJson), OTHER_HASH);
    });
    after(async () => { await log?.close(); await env?.cleanup(); });

    test('stores what the core decoded from the cookie, not anything the browser claims', async () => {
      const { receipt, record } = receiptFor({ kind: 'custom', categories: { analytics: true } }, { source: 'ui', language: 'zh' });
      const r = await log.accept(JSON.stringify(receipt));
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const [row] = await env.raw('SELECT content, consent_id FROM cg_log WHERE receipt_id = ?', [receipt.id]);
      const content = JSON.parse(row.content);
      assert.deepEqual(content.record, record);
      assert.equal(content.record.source, 'ui');
      assert.equal(row.consent_id, record.id);
      assert.deepEqual(content.shown, { language: 'zh', prompt: 'consent', layer: 'banner' });
      assert.equal(content.event, 'consent');
      // Nothing about the request besides the receipt: no IP, user agent or URL fields.
      assert.deepEqual(Object.keys(content).sort(), ['config', 'consentId', 'cookie', 'event', 'receipt', 'received', 'record', 'shown', 'v']);
      // A browser's own copy of the decisions is not even accepted.
      const claimed = await log.accept({ ...receipt, id: rid(), decisions: { marketing: true } });
      assert.equal(claimed.status, 400);
      assert.equal(claimed.body.error.path, 'decisions');
    });

    test('a click-to-load placeholder\'s Load is logged with its own layer', async () => {
      const { receipt } = receiptFor({ kind: 'allow', categories: { analytics: true } }, { source: 'ui' });
      const r = await log.accept(JSON.stringify({ ...receipt, layer: 'placeholder' }));
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const [row] = await env.raw('SELECT content FROM cg_log WHERE receipt_id = ?', [receipt.id]);
      assert.equal(JSON.parse(row.content).shown.layer, 'placeholder');
      const unknown = await log.accept({ ...receipt, id: rid(), layer: 'popup' });
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.error.path, 'layer');
    });

    test('a retried receipt is stored once', async () => {
      const before = await count();
      const { receipt } = receiptFor({ kind: 'accept_all' });
      assert.equal((await log.accept(receipt)).status, 201);
      const again = await log.accept(receipt);
      assert.equal(again.status, 200);
      assert.equal(again.body.duplicate, true);
      assert.equal(await count(), before + 1);
    });

    test('a notice acknowledged after a service moved to a refused category is stored', async () => {
      // Decisions are keyed by category and service: the acknowledged record keeps its
      // decision on matomo in analytics, which names nothing once matomo is in marketing
      // (refused: nothing is asked). The log refused such a receipt as from another config.
      const moved = { ...zhConfig, policy: { ...zhConfig.policy, version: '1.1.0' },
        categories: zhConfig.categories.map((c) => c.id === 'analytics' ? { ...c, services: [] }
          : c.id === 'marketing' ? { ...c, services: [...c.services, { id: 'matomo' }] } : c) };
      const movedJson = JSON.stringify(moved);
      await log.addConfig(movedJson);
      const chosen = receiptFor({ kind: 'custom', categories: { analytics: true, marketing: false } });
      assert.equal(core.evaluate(movedJson, chosen.header, NOW + 60, false).state.prompt, 'notice');
      const ack = cookieOf(core.acknowledge(movedJson, chosen.header, NOW + 60, false, 'ui'));
      const r = await log.accept({ v: 1, id: rid(), cookie: ack.value, config: await hashOf(movedJson),
        language: 'en', prompt: 'notice', layer: 'banner' });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    });

    test('a notice acknowledged after a category was removed is stored', async () => {
      // A minor version that drops marketing: the acknowledged record keeps the decision
      // given under 1.0.0, which names no category of 1.1.0. The log refused it as a
      // value from another config (receipt_config_mismatch), so the acknowledgment went
      // unrecorded.
      const fewer = { ...zhConfig, policy: { ...zhConfig.policy, version: '1.1.0' },
        categories: zhConfig.categories.filter((c) => c.id !== 'marketing') };
      const fewerJson = JSON.stringify(fewer);
      await log.addConfig(fewerJson);
      const chosen = receiptFor({ kind: 'custom', categories: { analytics: true, marketing: false } });
      assert.equal((await log.accept(chosen.receipt)).status, 201);
      assert.equal(core.evaluate(fewerJson, chosen.header, NOW + 60, false).state.prompt, 'notice');
      const ack = cookieOf(core.acknowledge(fewerJson, chosen.header, NOW + 60, false, 'ui'));
      const receipt = { v: 1, id: rid(), cookie: ack.value, config: await hashOf(fewerJson),
        language: 'en', prompt: 'notice', layer: 'banner' };
      const r = await log.accept(receipt);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const [row] = await env.raw('SELECT content FROM cg_log WHERE receipt_id = ?', [receipt.id]);
      const { record, event } = JSON.parse(row.content);
      assert.equal(record.acknowledged, '1.1.0');
      assert.deepEqual(record.categories.filter((c) => c.id !== null).map((c) => [c.id, c.granted]).sort(),
        [['analytics', true], ['necessary', true]]);
      // What the visitor did: acknowledged the notice, not changed a decision.
      assert.equal(event, 'notice');
    });

    // A review: the first version of the test above let through any acknowledged record
    // with an unknown category, such as one written under another config (same cookie
    // name and version) and acknowledged under this one's upcoming notice.
    test('an acknowledged record from another config is still refused', async () => {
      const withUpcoming = JSON.stringify({ ...zhConfig, policy: { ...zhConfig.policy, upcoming: { version: '1.1.0', effective: '2030-01-01' } } });
      await log.addConfig(withUpcoming);
      const foreign = receiptFor({ kind: 'accept_all' }, { json: otherJson, hash: OTHER_HASH });
      const ack = cookieOf(core.acknowledge(withUpcoming, foreign.header, NOW + 60, false, 'ui'));
      const r = await log.accept({ v: 1, id: rid(), cookie: ack.value, config: await hashOf(withUpcoming),
        language: 'en', prompt: 'notice', layer: 'banner' });
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.error.name, 'receipt_config_mismatch');
    });

    test('forged receipts are refused with the reason and leave nothing behind', async () => {
      const before = await count();
      const good = receiptFor({ kind: 'accept_all' }).receipt;
      const foreign = receiptFor({ kind: 'accept_all' }, { json: otherJson, hash: OTHER_HASH }).receipt;
      const flipped = good.cookie.slice(0, -2) + (good.cookie.at(-2) === 'A' ? 'B' : 'A') + good.cookie.at(-1);
      const cases = [
        ['a cookie value from another config', { ...foreign, config: HASH }, 400, 'receipt_config_mismatch'],
        ['an unknown config hash', { ...good, config: 'f'.repeat(64) }, 400, 'receipt_unknown_config'],
        ['a bit-flipped cookie value', { ...good, cookie: flipped }, 400, null],
        ['a garbage cookie value', { ...good, cookie: 'hello' }, 400, 'record_format'],
        ['an empty cookie value', { ...good, cookie: '' }, 400, 'record_empty'],
        ['a future-dated record', receiptFor({ kind: 'accept_all' }, { t: NOW + 3 * DAY }).receipt, 400, 'record_future'],
        ['a language the config does not have', { ...good, language: 'fr' }, 400, 'receipt_invalid'],
        ['a wrong receipt id', { ...good, id: 'x' }, 400, 'receipt_invalid'],
        ['garbage', 'not json {', 400, 'receipt_invalid'],
        ['an array', '[1,2]', 400, 'receipt_invalid'],
        ['a 1 MB body', JSON.stringify({ ...good, cookie: 'A'.repeat(1 << 20) }), 413, 'input_too_large'],
      ];
      for (const [what, body, status, code] of cases) {
        const r = await log.accept(typeof body === 'string' ? body : JSON.stringify(body));
        assert.equal(r.status, status, `${what}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.ok, false, what);
        if (code) assert.equal(r.body.error.name, code, what);
        // README: every error is {code, name, path, message} (a trial found record_* without a code).
        assert.equal(typeof r.body.error.code, 'number', `${what}: ${JSON.stringify(r.body)}`);
        assert.match(r.body.error.message, /\S/, what);
      }
      assert.equal(await count(), before, 'a refused receipt left an entry');
      assert.equal((await log.verify()).ok, true);
    });

    test('over HTTP: 201 for a receipt, 413 for 1 MB without reading it all, 405 for GET', async () => {
      const server = createServer((req, res) => log.handler(req, res));
      await new Promise((r) => server.listen(0, '127.0.0.1', r));
      const url = `http://127.0.0.1:${server.address().port}/consent-log`;
      try {
        const ok = await fetch(url, { method: 'POST', body: JSON.stringify(receiptFor({ kind: 'reject_all' }).receipt) });
        assert.equal(ok.status, 201);
        const big = await fetch(url, { method: 'POST', body: 'x'.repeat(1 << 20) });
        assert.equal(big.status, 413);
        assert.equal((await big.json()).error.name, 'input_too_large');
        assert.equal((await fetch(url)).status, 405);
      } finally {
        server.close();
      }
    });

    test('a body a framework already parsed (Express with express.json()) is taken as is', async () => {
      const { receipt } = receiptFor({ kind: 'accept_all' });
      let status;
      let body = '';
      const req = { method: 'POST', headers: {}, body: receipt, readableEnded: true, on() {} };
      const res = { writeHead(s) { status = s; }, end(b) { body = b; } };
      await log.handler(req, res);
      assert.equal(status, 201, body);
      await log.handler({ ...req, body: { ...receipt, id: rid(), cookie: 'x' } }, res);
      assert.equal(status, 400);
      assert.equal(JSON.parse(body).error.path, 'cookie');
    });

    test("history shows one consent id's decisions with the texts each was shown", async () => {
      const first = receiptFor({ kind: 'accept_all' }, { source: 'ui', language: 'zh' });
      await log.accept(first.receipt);
      clock += 60000;
      const second = receiptFor({ kind: 'custom', categories: { analytics: true, marketing: false } },
        { prior: first.header, t: NOW + 60, source: 'api' });
      await log.accept(second.receipt);
      const h = await log.history(first.record.id);
      assert.equal(h.entries.length, 2);
      const [a, b] = h.entries;
      assert.equal(a.event, 'consent');
      assert.equal(a.record.method, 'accept_all');
      assert.equal(a.record.source, 'ui');
      assert.equal(a.texts.language, 'zh');
      assert.equal(a.texts.categories.find((c) => c.id === 'analytics').title, 'Analytics（中文）');
      assert.equal(a.texts.texts.acceptAll, '全部接受');
      assert.equal(b.event, 'withdrawal');
      assert.equal(b.record.source, 'api');
      assert.equal(b.texts.categories.find((c) => c.id === 'analytics').title, 'Analytics');
    });

    // A trial's log called a grant a withdrawal, a notice a consent and a renewed consent
    // a notice, and a receipt retried after a newer one looked like the visitor's state.
    test('events: a service refused that was never decided is no withdrawal; notice, renewed consent, late', async () => {
      const eventsOf = async (id) => (await log.history(id)).entries.map((e) => e.event);
      const at = (s) => { clock = (NOW + s) * 1000; return NOW + s; };
      // Reject all, then the marketing category with one of its two services.
      const rejected = receiptFor({ kind: 'reject_all' }, { t: at(0) });
      await log.accept(rejected.receipt);
      const some = receiptFor({ kind: 'custom', categories: { marketing: true }, services: { ads: true, video: false } },
        { prior: rejected.header, t: at(60) });
      assert.equal(some.record.services.find((v) => v.id === 'video').granted, false);
      await log.accept(some.receipt);
      assert.deepEqual(await eventsOf(rejected.record.id), ['consent', 'change']);
      // Accept all under 1.0.0, the 1.1.0 notice acknowledged, 2.0.0 agreed to again.
      const minorJson = JSON.stringify({ ...zhConfig, policy: { ...zhConfig.policy, version: '1.1.0' } });
      const majorJson = JSON.stringify({ ...zhConfig, policy: { ...zhConfig.policy, version: '2.0.0' } });
      await log.addConfig(minorJson);
      await log.addConfig(majorJson);
      const accepted = receiptFor({ kind: 'accept_all' }, { t: at(120) });
      await log.accept(accepted.receipt);
      const ack = core.acknowledge(minorJson, accepted.header, at(180), false, 'ui');
      const ackCookie = cookieOf(ack);
      const r1 = await log.accept({ v: 1, id: rid(), cookie: ackCookie.value, config: await hashOf(minorJson), language: 'en', prompt: 'notice', layer: 'banner' });
      assert.equal(r1.status, 201, JSON.stringify(r1.body));
      const renewed = receiptFor({ kind: 'accept_all' }, { json: majorJson, hash: await hashOf(majorJson), prior: `${ackCookie.name}=${ackCookie.value}`, t: at(240) });
      assert.equal((await log.accept({ ...renewed.receipt, prompt: 'reconsent' })).status, 201);
      assert.deepEqual(await eventsOf(accepted.record.id), ['consent', 'notice', 'consent']);
      // Accept all could not be sent (the log was down); Reject all a minute later was;
      // then the first receipt is sent again.
      const first = receiptFor({ kind: 'accept_all' }, { t: at(300) });
      const second = receiptFor({ kind: 'reject_all' }, { prior: first.header, t: at(360) });
      await log.accept(second.receipt);
      await log.accept(first.receipt);
      // The next is compared with the visitor's state (Reject all), not the late entry.
      const third = receiptFor({ kind: 'reject_all' }, { prior: second.header, t: at(420) });
      await log.accept(third.receipt);
      assert.deepEqual(await eventsOf(first.record.id), ['change', 'late', 'repeat']);
      assert.equal((await log.verify()).ok, true);
    });

    test('verify while receipts are being appended: one snapshot, no false alarm', async () => {
      const writes = [];
      for (let i = 0; i < 60; i += 1) writes.push(log.accept(receiptFor({ kind: 'accept_all' }).receipt));
      const checks = [];
      for (let i = 0; i < 6; i += 1) checks.push(log.verify());
      await Promise.all(writes);
      for (const v of await Promise.all(checks)) assert.equal(v.ok, true, JSON.stringify(v.problems));
    });

    // A trial rewrote a stored config's titles and verify still said ok, while history
    // showed the rewritten texts as what the visitor saw.
    test('verify finds a stored config whose normalised text was changed', async () => {
      assert.equal((await log.verify()).ok, true);
      const [row] = await env.raw('SELECT config FROM cg_configs WHERE hash = ?', [HASH]);
      await env.raw('UPDATE cg_configs SET config = ? WHERE hash = ?', [row.config.replace('Analytics', 'Essential'), HASH]);
      const v = await log.verify();
      assert.equal(v.ok, false);
      assert.deepEqual(v.problems, [{ seq: null, config: HASH, problem: 'its stored normalised config was changed (it no longer hashes to its key)' }]);
      await env.raw('UPDATE cg_configs SET config = ? WHERE hash = ?', [row.config, HASH]);
      assert.equal((await log.verify()).ok, true);
    });

    test('export: a period as JSON Lines and as CSV', async () => {
      const from = new Date(clock + 1000);
      clock += 2000;
      await log.accept(receiptFor({ kind: 'reject_all' }, { t: clock / 1000 }).receipt);
      await log.accept(receiptFor({ kind: 'accept_all' }, { t: clock / 1000 }).receipt);
      clock += 2000;
      const lines = [];
      for await (const l of log.export({ from, to: new Date(clock) })) lines.push(JSON.parse(l));
      assert.deepEqual(lines.map((l) => l.record.method), ['reject_all', 'accept_all']);
      const csv = [];
      for await (const l of log.export({ from, format: 'csv' })) csv.push(l);
      assert.equal(csv.length, 3);
      assert.match(csv[0], /^seq,at,kind,event,consent_id/);
      // Then the layer's title and choices, and a separate consent's recipient (none here).
      assert.match(csv[2], /,accept_all,api,1\.0\.0,1\.0\.0,[a-z=1 ]*marketing=1[a-z=1 ]*,[a-z=01 ]*,0,[0-9a-f]{64},Cookies on this site,Reject all · Accept all,\n$/);
      assert.match(csv[1], /,reject_all,api,.*marketing=0/);
    });

    test('erasing a consent id removes its content, records the erasure and verify still passes', async () => {
      const a = receiptFor({ kind: 'accept_all' });
      await log.accept(a.receipt);
      await log.accept(receiptFor({ kind: 'reject_all' }, { prior: a.header, t: NOW + 5 }).receipt);
      const other = receiptFor({ kind: 'accept_all' });
      await log.accept(other.receipt);
      const r = await log.erase(a.record.id);
      assert.equal(r.erased, 2);
      assert.equal((await log.history(a.record.id)).entries.length, 0);
      const left = await env.raw('SELECT count(*) AS n FROM cg_log WHERE content LIKE ?', [`%${a.record.id}%`]);
      assert.equal(Number(left[0].n), 0, 'the consent id is still in some content');
      assert.equal((await log.history(other.record.id)).entries.length, 1);
      const v = await log.verify();
      assert.equal(v.ok, true, JSON.stringify(v.problems));
      // A retry of an erased receipt is not stored again.
      assert.equal((await log.accept(a.receipt)).status, 200);
    });

    test('verify detects an edited, a deleted, a silently emptied and a cut-off entry', async () => {
      for (let i = 0; i < 3; i++) await log.accept(receiptFor({ kind: 'accept_all' }).receipt);
      const v0 = await log.verify();
      assert.equal(v0.ok, true, JSON.stringify(v0.problems));
      const rows = await env.raw("SELECT seq, content FROM cg_log WHERE kind = 'receipt' AND content IS NOT NULL ORDER BY seq DESC LIMIT 3");
      const [last, mid, early] = rows;
      const restore = async (seq, content) => env.raw('UPDATE cg_log SET content = ? WHERE seq = ?', [content, seq]);

      await env.raw('UPDATE cg_log SET content = ? WHERE seq = ?', [mid.content.replace('"granted":true', '"granted":false'), mid.seq]);
      let v = await log.verify();
      assert.equal(v.ok, false);
      assert.ok(v.problems.some((p) => Number(p.seq) === Number(mid.seq) && /changed/.test(p.problem)), JSON.stringify(v.problems));
      await restore(mid.seq, mid.content);

      await env.raw('UPDATE cg_log SET content = NULL, consent_id = NULL WHERE seq = ?', [early.seq]);
      v = await log.verify();
      assert.ok(v.problems.some((p) => Number(p.seq) === Number(early.seq) && /erasure/.test(p.problem)), JSON.stringify(v.problems));
      const full = (await env.raw('SELECT * FROM cg_log WHERE seq < 0'));
      assert.deepEqual(full, []);
      await env.raw('UPDATE cg_log SET content = ?, consent_id = ? WHERE seq = ?', [early.content, JSON.parse(early.content).consentId, early.seq]);
      assert.equal((await log.verify()).ok, true);

      const saved = (await env.raw('SELECT * FROM cg_log WHERE seq = ?', [mid.seq]))[0];
      await env.raw('DELETE FROM cg_log WHERE seq = ?', [mid.seq]);
      v = await log.verify();
      assert.ok(v.problems.some((p) => /missing/.test(p.problem)), JSON.stringify(v.problems));
      const cols = Object.keys(saved);
      await env.raw(`INSERT INTO cg_log (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, cols.map((c) => saved[c]));
      assert.equal((await log.verify()).ok, true);

      await env.raw('DELETE FROM cg_log WHERE seq = ?', [last.seq]);
      v = await log.verify();
      assert.ok(v.problems.some((p) => /head/.test(p.problem)), JSON.stringify(v.problems));
    });
  });

  describe(`retention on ${name}`, () => {
    let env;
    let log;
    let clock = NOW * 1000;
    before(async () => {
      env = await open();
      log = await createConsentLog({ store: env.store, core, now: () => clock });
      await log.addConfig(zhJson);
    });
    after(async () => { await log?.close(); await env?.cleanup(); });

    test('purge deletes the oldest entries and records it; deleting them without a purge fails verify', async () => {
      for (let day = 0; day < 4; day++) {
        clock = (NOW + day * DAY) * 1000;
        await log.accept(receiptFor({ kind: 'accept_all' }, { t: NOW + day * DAY }).receipt);
      }
      clock = (NOW + 3 * DAY + 60) * 1000;
      const r = await log.purge({ olderThanDays: 2 });
      assert.equal(r.deleted, 2);
      const v = await log.verify();
      assert.equal(v.ok, true, JSON.stringify(v.problems));
      assert.equal(v.entries, 3);
      // Someone deleting the oldest remaining entry by hand is caught.
      await env.raw('DELETE FROM cg_log WHERE seq = (SELECT min(seq) FROM cg_log)');
      const bad = await log.verify();
      assert.equal(bad.ok, false);
      assert.match(bad.problems[0].problem, /should start at entry/);
    });
  });
}

// GDPR Art. 17: an erased visitor's content must not stay readable in the SQLite file
// (a trial found it with `strings` after erase, gone only after VACUUM).
test('SQLite: an erased consent id is not left in the database file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cg-erase-'));
  const file = join(dir, 'log.db');
  const log = await createConsentLog({ store: await openSqliteStore(file), core, now: () => NOW * 1000 });
  try {
    await log.addConfig(zhJson);
    const a = receiptFor({ kind: 'accept_all' });
    await log.accept(a.receipt);
    await log.accept(receiptFor({ kind: 'reject_all' }, { prior: a.header, t: NOW + 5 }).receipt);
    await log.accept(receiptFor({ kind: 'accept_all' }).receipt);
    assert.equal((await log.erase(a.record.id)).erased, 2);
    // While the log is open: the database file and its write-ahead file.
    for (const f of readdirSync(dir)) {
      assert.equal(readFileSync(join(dir, f)).includes(a.record.id), false, `${f} still holds ${a.record.id}`);
    }
  } finally {
    await log.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

// GDPR Art. 7(1), PIPL Art. 14, 23, 39: the log must say which layer the visitor acted
// on and what it said. A privacy team's trial found every entry shown as "Cookies on this
// site / Reject all · Accept all", whatever was on screen (the re-ask's Refuse, a policy
// notice's Got it, the regional layers, a PIPL separate consent with no recipient).
test('history and export show the texts of the layer each receipt names', async () => {
  const regionalJson = readFileSync(join(repoRoot, 'demo/site/configs/regional.json'), 'utf8');
  const upcomingJson = readFileSync(join(repoRoot, 'demo/site/configs/upcoming-change.json'), 'utf8');
  const log = await createConsentLog({ store: await openSqliteStore(':memory:'), core, now: () => NOW * 1000 });
  try {
    const hashes = { regional: await log.addConfig(regionalJson), upcoming: await log.addConfig(upcomingJson) };
    const jsons = { regional: regionalJson, upcoming: upcomingJson };
    const post = async (layer, { prompt = 'consent', language = 'en', region = '', choice = { kind: 'accept_all' }, config = 'regional' } = {}) => {
      const out = core.choose(jsons[config], '', NOW, false, { ...choice, source: 'ui' }, rid(), language, region);
      const id = rid();
      const r = await log.accept({ v: 1, id, cookie: cookieOf(out).value, config: hashes[config], language, prompt, layer });
      return { r, consentId: out.state.record.id };
    };
    const shown = async (layer, options) => {
      const { r, consentId } = await post(layer, options);
      assert.equal(r.status, 201, `${layer}: ${JSON.stringify(r.body)}`);
      const [e] = (await log.history(consentId)).entries;
      return e.texts.layer;
    };
    const pick = ({ id, title, choices }) => ({ id, title, choices });

    assert.deepEqual(pick(await shown('consent')), { id: 'consent', title: 'Cookies on this site', choices: ['Reject all', 'Accept all'] });
    const reask = await shown('reconsent', { prompt: 'reconsent', choice: { kind: 'custom', categories: { analytics: false } } });
    assert.deepEqual(pick(reask), { id: 'reconsent', title: 'Please review your choices', choices: ['Refuse', 'Agree'] });
    const update = await shown('update', { prompt: 'notice' });
    assert.deepEqual(pick(update), { id: 'update', title: 'Our privacy policy has changed', choices: ['Got it'] });
    assert.match(update.text, /version 1\.0\.0/);
    const upcoming = await shown('upcoming', { prompt: 'notice', config: 'upcoming' });
    assert.deepEqual(pick(upcoming), { id: 'upcoming', title: 'Our privacy policy is changing', choices: ['Got it'] });
    assert.match(upcoming.text, /Version 2\.0\.0 .* 2030-01-01/);
    assert.deepEqual(pick(await shown('opt-out', { region: 'US-CA', choice: { kind: 'reject_all' } })),
      { id: 'opt-out', title: 'Your privacy choices', choices: ['Opt out', 'OK'] });
    const notice = await shown('notice', { region: 'JP', choice: { kind: 'dismiss' } });
    assert.deepEqual(pick(notice), { id: 'notice', title: 'Cookies on this site', choices: ['OK'] });
    assert.match(notice.text, /You can refuse the optional ones/);
    assert.deepEqual(pick(await shown('pipl', { language: 'zh', region: 'CN' })),
      { id: 'pipl', title: '本网站使用 Cookie', choices: ['拒绝', '同意'] });
    const separate = await shown('separate:video', { language: 'zh', region: 'CN', choice: { kind: 'custom', categories: { preferences: true }, services: { video: true } } });
    assert.deepEqual(pick(separate), { id: 'separate', title: '单独同意：LeafTube 视频', choices: ['拒绝', '同意'] });
    assert.match(separate.text, /单独同意/);
    assert.deepEqual({ ...separate.service.recipient, country: separate.service.recipient.country.slice(-4) }, {
      name: 'StreamTube Inc.', contact: 'privacy@streamtube.example', country: '(US)',
      purpose: '播放嵌入的视频并记住您的播放器设置；StreamTube 还会使用观看数据推荐视频',
      data: 'IP 地址、设备和浏览器标识符、观看的视频及观看时长',
    });
    assert.equal(separate.service.id, 'video');
    assert.deepEqual(pick(await shown('gpc-conflict', { region: 'US-CA' })),
      { id: 'gpc-conflict', title: 'Your opt-out signal conflicts with an earlier choice', choices: ['Keep my opt-out', 'Allow selling and sharing'] });
    assert.deepEqual(pick(await shown('preferences')),
      { id: 'preferences', title: 'Privacy preferences', choices: ['Reject all', 'Accept all', 'Save choices'] });
    const placeholder = await shown('placeholder:preferences.video', { choice: { kind: 'allow', categories: { preferences: true }, services: { video: true } } });
    assert.deepEqual(pick(placeholder), { id: 'placeholder', title: undefined, choices: ['Load'] });
    assert.equal(placeholder.text, 'Not loaded: LeafTube videos needs your permission for “Preferences and features”.');
    assert.deepEqual(pick(await shown('none')), { id: 'none', title: undefined, choices: [] });
    // A receipt made before layers were told apart: readable, and said to be inferred.
    const old = await shown('banner', { prompt: 'reconsent' });
    assert.deepEqual({ ...pick(old), inferred: old.inferred }, { id: 'banner', title: 'Please review your choices', choices: ['Refuse', 'Agree'], inferred: true });

    // A layer the config cannot have shown is refused, naming the field.
    for (const layer of ['popup', 'separate', 'separate:nope', 'placeholder:preferences.nope', 'consent:video']) {
      const { r } = await post(layer);
      assert.equal(r.status, 400, layer);
      assert.equal(r.body.error.path, 'layer', layer);
    }

    // The export says the same, in both formats.
    const lines = [];
    for await (const l of log.export()) lines.push(JSON.parse(l));
    const sep = lines.find((l) => l.shown?.layer === 'separate:video');
    assert.equal(sep.shownLayer.service.recipient.name, 'StreamTube Inc.');
    const csv = [];
    for await (const l of log.export({ format: 'csv' })) csv.push(l);
    assert.match(csv[0], /,shown_title,shown_choices,recipient\n$/);
    assert.ok(csv.some((l) => l.includes('Please review your choices,Refuse · Agree,')), csv.join(''));
    assert.ok(csv.some((l) => l.includes('StreamTube Inc.')));
    assert.equal((await log.verify()).ok, true);
  } finally {
    await log.close();
  }
});

// A review found old receipts whose layer is a bare 'placeholder' (before placeholders
// named their category) shown with the template's braces: "Not loaded: {service} needs
// your permission for “{category}”." The README says old receipts stay readable.
test('an old bare placeholder receipt: its embed from the record where it tells, else no text; inferred', async () => {
  const regionalJson = readFileSync(join(repoRoot, 'demo/site/configs/regional.json'), 'utf8');
  const log = await createConsentLog({ store: await openSqliteStore(':memory:'), core, now: () => NOW * 1000 });
  try {
    const hash = await log.addConfig(regionalJson);
    const post = async (choice, prior = '') => {
      const out = core.choose(regionalJson, prior, NOW, false, { ...choice, source: 'ui' }, rid(), 'en', '');
      const r = await log.accept({ v: 1, id: rid(), cookie: cookieOf(out).value, config: hash, language: 'en', prompt: 'consent', layer: 'placeholder' });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return (await log.history(out.state.record.id)).entries[0].texts.layer;
    };
    // One service's Load on a first visit: its category granted, its sibling refused.
    const svc = await post({ kind: 'allow', categories: { preferences: true }, services: { video: true } });
    assert.deepEqual({ ...svc }, {
      id: 'placeholder', inferred: true, category: 'preferences', service: { id: 'video', title: 'LeafTube videos' },
      title: undefined, text: 'Not loaded: LeafTube videos needs your permission for “Preferences and features”.', choices: ['Load'],
    });
    // A category's Load: every service of it granted, as a service's Load after the
    // others were granted would leave it: the record does not tell which.
    const cat = await post({ kind: 'allow', categories: { marketing: true } });
    assert.deepEqual({ ...cat }, { id: 'placeholder', inferred: true, title: undefined, text: undefined, choices: ['Load'] });
    // Everything granted: nothing to tell either.
    const all = await post({ kind: 'accept_all' });
    assert.equal(all.text, undefined);
    assert.equal(all.inferred, true);

    const out = [];
    for await (const l of log.export()) out.push(l);
    for await (const l of log.export({ format: 'csv' })) out.push(l);
    assert.ok(!out.join('').includes('{service}') && !out.join('').includes('{category}'), out.join(''));
  } finally {
    await log.close();
  }
});

// A review measured export at 0.51 ms an entry with a 63 KB config: every row parsed
// the config and the built-in texts again (minutes for a million entries). They are
// parsed once per config, the texts made once per language and layer.
test('export parses each config once, however many entries it has', async () => {
  const regionalJson = readFileSync(join(repoRoot, 'demo/site/configs/regional.json'), 'utf8');
  const log = await createConsentLog({ store: await openSqliteStore(':memory:'), core, now: () => NOW * 1000 });
  const realParse = JSON.parse;
  try {
    const hash = await log.addConfig(regionalJson);
    const layers = ['consent', 'preferences', 'separate:video', 'placeholder:preferences.video', 'placeholder'];
    for (let i = 0; i < 60; i++) {
      const out = core.choose(regionalJson, '', NOW, false, { kind: 'accept_all', source: 'ui' }, rid(), i % 2 ? 'en' : 'zh', '');
      const r = await log.accept({ v: 1, id: rid(), cookie: cookieOf(out).value, config: hash, language: i % 2 ? 'en' : 'zh', prompt: 'consent', layer: layers[i % layers.length] });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    }
    const before = [];
    for await (const l of log.export()) before.push(l);
    // Large texts parsed: the stored config and built-in texts (an entry's content is
    // a few hundred bytes).
    let big = 0;
    JSON.parse = (text, ...rest) => { if (typeof text === 'string' && text.length > 4096) big += 1; return realParse(text, ...rest); };
    const lines = [];
    for await (const l of log.export()) lines.push(l);
    for await (const l of log.export({ format: 'csv' })) lines.push(l);
    JSON.parse = realParse;
    assert.equal(big, 4, 'the config and the built-in texts, once per export');
    assert.deepEqual(lines.slice(0, before.length), before);
    // Each entry its own language's texts, though entries share them.
    const sep = before.map((l) => realParse(l)).filter((l) => l.shown?.layer === 'separate:video');
    assert.equal(sep.length, 12);
    assert.ok(sep.every((l) => l.shownLayer.title === (l.shown.language === 'zh' ? '单独同意：LeafTube 视频' : 'Separate consent: LeafTube videos')), JSON.stringify(sep.map((l) => l.shownLayer.title)));
  } finally {
    JSON.parse = realParse;
    await log.close();
  }
});
