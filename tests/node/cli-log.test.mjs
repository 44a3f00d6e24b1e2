// The `cookiegate log ...` commands (web/bin/cookiegate.mjs, the package's bin) on a
// SQLite log: what each prints, and the exit status a script can rely on (0 done,
// 1 failed, 2 wrong usage), run as the package runs it (web/src, the core from web/dist).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';

import Database from 'better-sqlite3';

import { createServerCore } from '../../web/src/server.js';
import { createConsentLog, openSqliteStore } from '../../web/src/server.js';
import { configHash } from '../../web/src/utils/config-hash.js';
import { NOW, configJson, wasmDir } from './helpers.mjs';
import { freePort, startCluster } from './pg-cluster.mjs';

const bin = new URL('../../web/bin/cookiegate.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'cg-cli-'));
const db = join(dir, 'log.db');
let id;
let other;

async function cli(...args) {
  const env = typeof args.at(-1) === 'object' ? { ...process.env, ...args.pop() } : process.env;
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (e) {
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

before(async () => {
  const core = await createServerCore({ wasmDir });
  const log = await createConsentLog({ core, store: await openSqliteStore(db), now: () => NOW * 1000 });
  const hash = await log.addConfig(configJson);
  assert.equal(hash, await configHash(core.validateConfig(configJson).config));
  const send = async (kind, prior = '', t = NOW) => {
    const out = core.choose(configJson, prior, t, false, { kind, source: 'ui' }, randomBytes(16).toString('hex'), 'en');
    const r = await log.accept({ v: 1, id: randomBytes(16).toString('hex'), cookie: out.cookie.value, config: hash, language: 'en', prompt: 'consent', layer: 'banner' });
    assert.equal(r.status, 201);
    return { id: out.state.record.id, header: `${out.cookie.name}=${out.cookie.value}` };
  };
  const first = await send('accept_all');
  await send('reject_all', first.header, NOW + 10);
  id = first.id;
  other = (await send('accept_all')).id;
  await log.close();
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('help lists every log command', async () => {
  assert.match((await cli('help')).stdout, /cookiegate log /);
  const r = await cli('log', 'help');
  assert.equal(r.code, 0);
  for (const c of ['history', 'export', 'purge', 'retention', 'erase', 'verify']) assert.match(r.stdout, new RegExp(`cookiegate log ${c}`));
});

test('history prints the decisions and the texts shown', async () => {
  const r = await cli('log', 'history', id, '--db', db);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /consent: accept_all via ui, policy 1\.0\.0/);
  // Each value with its name: a trial read "consent consent in en".
  assert.match(r.stdout, /\(acknowledged [^)]*\), prompt consent, layer \S+, language en\n/);
  assert.match(r.stdout, /withdrawal: reject_all via ui/);
  assert.match(r.stdout, /shown: "Cookies on this site" \/ Reject all · Accept all \(a first layer the receipt did not name: texts inferred from its prompt\)/);
  const json = JSON.parse((await cli('log', 'history', id, '--json', '--db', db)).stdout);
  assert.equal(json.entries.length, 2);
});

// An old receipt whose layer is a bare 'placeholder' (before placeholders named their
// category), for an Accept all: the record does not tell which embed's Load it was.
// A review found its text printed with the template's braces ({service}, {category}).
test('history of an old bare placeholder receipt says the embed is not known', async () => {
  const file = join(dir, 'placeholder.db');
  const core = await createServerCore({ wasmDir });
  const log = await createConsentLog({ core, store: await openSqliteStore(file), now: () => NOW * 1000 });
  const hash = await log.addConfig(configJson);
  const out = core.choose(configJson, '', NOW, false, { kind: 'accept_all', source: 'ui' }, randomBytes(16).toString('hex'), 'en');
  assert.equal((await log.accept({ v: 1, id: randomBytes(16).toString('hex'), cookie: out.cookie.value, config: hash, language: 'en', prompt: 'consent', layer: 'placeholder' })).status, 201);
  await log.close();
  const r = await cli('log', 'history', out.state.record.id, '--db', file);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /\{(service|category)\}|no layer/);
  assert.match(r.stdout, /shown: a placeholder's text \(which embed: not in the receipt, nor told by the record\) \/ Load \(a placeholder's Load the receipt did not name\)/);
});

// A notice acknowledged after a minor version removed marketing: the record keeps the
// decision on it, which names no category of the new config (id null). Printed as
// "null refused" and "null=0" before.
test('history and export name a decision on a removed category as unknown', async () => {
  const file = join(dir, 'removed.db');
  const core = await createServerCore({ wasmDir });
  const log = await createConsentLog({ core, store: await openSqliteStore(file), now: () => NOW * 1000 });
  const cfg = JSON.parse(configJson);
  const fewerJson = JSON.stringify({ ...cfg, policy: { ...cfg.policy, version: '1.1.0' },
    categories: cfg.categories.filter((c) => c.id !== 'marketing') });
  const hash = await log.addConfig(fewerJson);
  const given = core.choose(configJson, '', NOW, false, { kind: 'custom', categories: { analytics: true, marketing: false } },
    randomBytes(16).toString('hex'), 'en');
  const ack = core.acknowledge(fewerJson, `${given.cookie.name}=${given.cookie.value}`, NOW + 60, false, 'ui');
  assert.equal((await log.accept({ v: 1, id: randomBytes(16).toString('hex'), cookie: ack.cookie.value, config: hash,
    language: 'en', prompt: 'notice', layer: 'banner' })).status, 201);
  await log.close();
  const r = await cli('log', 'history', given.state.record.id, '--db', file);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /analytics granted/);
  assert.match(r.stdout, /\(unknown id\) refused/);
  assert.doesNotMatch(r.stdout, /null/);
  const csv = await cli('log', 'export', '--format', 'csv', '--db', file);
  assert.equal(csv.code, 0, csv.stderr);
  assert.match(csv.stdout, /(^|[ ,"])\(unknown\)=0( |,|")/m);
  assert.doesNotMatch(csv.stdout, /null=/);
});

test('export writes JSON Lines or CSV', async () => {
  const r = await cli('log', 'export', '--format', 'csv', '--db', db);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim().split('\n').length, 4);
  const out = join(dir, 'x.jsonl');
  assert.equal((await cli('log', 'export', '--from', '2025-12-31', '--out', out, '--db', db)).code, 0);
  assert.equal(readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).length, 3);
});

test('verify: 0 on an intact log, 1 with the entry named after an edit', async () => {
  const ok = await cli('log', 'verify', '--db', db);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /^ok: 3 entries; head 3:[0-9a-f]{64}$/m);
  const anchor = ok.stdout.match(/head (\d+:[0-9a-f]{64})/)[1];
  const raw = new Database(db);
  const row = raw.prepare('SELECT content FROM cg_log WHERE seq = 2').get();
  raw.prepare('UPDATE cg_log SET content = ? WHERE seq = 2').run(row.content.replace('reject_all', 'accept_all'));
  const bad = await cli('log', 'verify', '--db', db);
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /entry 2: its content was changed/);
  raw.prepare('UPDATE cg_log SET content = ? WHERE seq = 2').run(row.content);
  // A stored config's text changed: named by its hash.
  const cfg = raw.prepare('SELECT hash, config FROM cg_configs').get();
  raw.prepare('UPDATE cg_configs SET config = ? WHERE hash = ?').run(cfg.config.replace('Analytics', 'Essential'), cfg.hash);
  const changed = await cli('log', 'verify', '--db', db);
  assert.equal(changed.code, 1);
  assert.match(changed.stdout, new RegExp(`^config ${cfg.hash}: its stored normalised config was changed`, 'm'));
  raw.prepare('UPDATE cg_configs SET config = ? WHERE hash = ?').run(cfg.config, cfg.hash);
  raw.close();
  assert.equal((await cli('log', 'verify', '--anchor', anchor, '--db', db)).code, 0);
  assert.equal((await cli('log', 'verify', '--anchor', `3:${'0'.repeat(64)}`, '--db', db)).code, 1);
});

test('erase and purge are recorded and keep verify passing', async () => {
  const e = await cli('log', 'erase', id, '--db', db);
  assert.equal(e.code, 0, e.stderr);
  assert.match(e.stdout, /erased 2 entries; erasure recorded as entry 4/);
  assert.match((await cli('log', 'history', id, '--db', db)).stdout, /no entries/);
  const p = await cli('log', 'retention', '--older-than', '1', '--db', db);
  assert.equal(p.code, 0, p.stderr);
  // Entries 1-3 were received on 2026-01-01; the erasure entry (4) is recent and stays.
  assert.match(p.stdout, /deleted 3 entries older than 1 days; purge recorded as entry 5/);
  const v = await cli('log', 'verify', '--db', db);
  assert.equal(v.code, 0, v.stdout);
  assert.equal((await cli('log', 'history', other, '--db', db)).stdout.includes('no entries'), true);
});

test('wrong usage exits 2 and says what to do', async () => {
  for (const args of [['log', 'nope'], ['log', 'history', '--db', db], ['log', 'history', 'xyz', '--db', db],
    ['log', 'verify'], ['log', 'purge', '--db', db], ['log', 'verify', '--db', db, '--bogus']]) {
    const r = await cli(...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^cookiegate( log)?: /);
  }
});

// One line naming what is wrong, not a stack trace (the usage line may follow).
const oneLine = (r, re) => {
  assert.match(r.stderr, re);
  assert.doesNotMatch(r.stderr, /\n\s+at |Error:/, r.stderr);
  assert.ok(r.stderr.trim().split('\n').length <= 2, r.stderr);
};

// A trial's mistyped --db got "ok: 0 entries" from verify and "no entries" from erase:
// a new, empty log had been created under the wrong name.
test('a --db file that does not exist is refused (exit 2), and not created', async () => {
  const typo = join(dir, 'consent-lgo.db');
  for (const args of [['history', id], ['export'], ['purge', '--older-than', '1'], ['retention', '--older-than', '1'],
    ['erase', id], ['verify'], ['verify', '--db', join(dir, 'nowhere', 'log.db')]]) {
    const r = await cli('log', ...args, ...(args.includes('--db') ? [] : ['--db', typo]));
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    oneLine(r, /^cookiegate log: --db .*(consent-lgo|nowhere\/log)\.db: no such file; give the consent log's file/);
    assert.equal(r.stdout, '');
  }
  assert.equal(existsSync(typo), false);
  const env = await cli('log', 'verify', { COOKIEGATE_LOG_DB: typo });
  assert.equal(env.code, 2);
  oneLine(env, /^cookiegate log: COOKIEGATE_LOG_DB .*consent-lgo\.db: no such file/);
  assert.equal(existsSync(typo), false);
});

test('a file that holds no consent log is refused (exit 2), and left unchanged', async () => {
  const other = join(dir, 'other.db');
  const raw = new Database(other);
  raw.exec('CREATE TABLE t (x)');
  raw.close();
  const r = await cli('log', 'verify', '--db', other);
  assert.equal(r.code, 2, r.stdout + r.stderr);
  oneLine(r, /^cookiegate log: --db .*other\.db holds no consent log/);
  const after = new Database(other);
  assert.deepEqual(after.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((t) => t.name), ['t']);
  // Not switched to WAL either (the store's opening would have done it for good).
  assert.equal(after.pragma('journal_mode', { simple: true }), 'delete');
  after.close();
  const text = join(dir, 'notes.txt');
  writeFileSync(text, 'not a database, but long enough to be read as one '.repeat(40));
  const t = await cli('log', 'verify', '--db', text);
  assert.equal(t.code, 2, t.stdout + t.stderr);
  oneLine(t, /^cookiegate log: --db .*notes\.txt is not a SQLite database/);
});

test('bad arguments are usage errors naming the argument and what it takes, not stack traces', async () => {
  const out = join(dir, 'never.csv');
  for (const [args, re] of [
    [['export', '--format', 'xml', '--out', out], /^cookiegate log: --format xml: give jsonl or csv/],
    [['export', '--from', 'yesterday'], /^cookiegate log: --from yesterday: not a date; give YYYY-MM-DD or an ISO time/],
    [['export', '--to', '2026-13-45'], /^cookiegate log: --to 2026-13-45: not a date/],
    [['export', '--out', join(dir, 'nowhere', 'x.csv')], /^cookiegate log: --out .*nowhere\/x\.csv: cannot write there: no such folder \(ENOENT\)/],
    [['verify', '--db', 'mysql://u:secret@x/site'], /^cookiegate log: --db mysql:\/\/u:\*\*\*@x\/site: not a SQLite file or a postgres:\/\/ URL/],
    // A retention period of 0 would delete every entry: refused, saying why, not only how.
    [['purge', '--older-than', '0'], /^cookiegate log: --older-than 0: give a number of days, 1 or more \(e\.g\. --older-than 395\); 0 would delete every entry/],
    [['retention', '--older-than', 'soon'], /^cookiegate log: --older-than soon: give a number of days, 1 or more/],
  ]) {
    const r = await cli('log', ...args, ...(args.includes('--db') ? [] : ['--db', db]));
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    oneLine(r, re);
    assert.doesNotMatch(r.stderr, /secret/);
  }
  assert.equal(existsSync(out), false);
});

describe('a PostgreSQL log that cannot be reached or is not there', () => {
  let cluster;
  before(async () => { cluster = await startCluster(); });
  after(() => cluster && cluster.stop());

  test('a closed port or an unknown database: exit 1, the URL named without its password', async () => {
    const port = await freePort();
    const closed = await cli('log', 'verify', '--db', `postgres://site:s3cret@127.0.0.1:${port}/site`);
    assert.equal(closed.code, 1, closed.stderr);
    oneLine(closed, new RegExp(`^cookiegate log: cannot reach the consent log at postgres://site:\\*\\*\\*@127\\.0\\.0\\.1:${port}/site: .*ECONNREFUSED`));
    assert.doesNotMatch(closed.stderr, /s3cret/);
    const unknown = await cli('log', 'history', id, '--db', cluster.url.replace(/\/postgres$/, '/nosuchdb'));
    assert.equal(unknown.code, 1, unknown.stderr);
    oneLine(unknown, /^cookiegate log: cannot reach the consent log at postgres:\/\/postgres@127\.0\.0\.1:\d+\/nosuchdb: database "nosuchdb" does not exist/);
  });

  test('a database without the log: exit 2, and no tables created in it', async () => {
    const r = await cli('log', 'verify', '--db', cluster.url);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    oneLine(r, /^cookiegate log: --db postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres holds no consent log/);
    const again = await cli('log', 'verify', '--db', cluster.url);
    assert.equal(again.code, 2, 'the first run created the log');
  });
});
