// The regional table (tests/fixtures/regions/table.json, which tests/core/test_regions.cpp
// runs through the boundary) through the server entry: each row gives the expected
// answer, and the same state as the browser's bridge for the same region and cookie.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';

import { createServerCore } from '../../web/src/server.js';
import { loadCore, wasmDir } from './helpers.mjs';

const dir = new URL('../fixtures/regions/', import.meta.url);
const base = JSON.parse(readFileSync(new URL('config.json', dir), 'utf8'));
const { rows } = JSON.parse(readFileSync(new URL('table.json', dir), 'utf8'));
// 2025-06-01T12:00:00Z: the instant the Catch2 table runs at.
const NOW = 1748779200;
const RANDOM = '000102030405060708090a0b0c0d0e0f';

// JSON-pointer edits: {path, value} sets, {path, remove: true} removes.
function edited(edits = []) {
  const config = structuredClone(base);
  for (const e of edits) {
    const keys = e.path.split('/').slice(1);
    const last = keys.pop();
    const parent = keys.reduce((o, k) => o[k], config);
    if (e.remove) delete parent[last];
    else parent[last] = e.value;
  }
  return config;
}

let server;
let bridge;
before(async () => {
  server = await createServerCore({ wasmDir });
  bridge = await loadCore();
});

function cookieAfter(row, configJson) {
  let cookie = '';
  for (const step of row.steps ?? []) {
    const out = server.choose(configJson, cookie, NOW + step.at, step.gpc ?? false, step.choice,
                              RANDOM, 'en', step.region ?? '');
    assert.equal(out.ok, true, JSON.stringify(out.error));
    cookie = `${out.cookie.name}=${out.cookie.value}`;
  }
  return cookie;
}

const byId = (list, id) => list.find((x) => x.id === id);

function check(expect, st) {
  for (const key of ['profile', 'model', 'region', 'firstLayer', 'optOutLink', 'gpcHonoured', 'gpcConflict', 'separate', 'stricterOffered', 'stricterChosen']) {
    if (key in expect) assert.deepEqual(st.regional[key], expect[key], `regional.${key}`);
  }
  for (const key of ['prompt', 'gpcApplied']) {
    if (key in expect) assert.equal(st[key], expect[key], key);
  }
  if ('record' in expect) assert.equal(st.record !== null, expect.record, 'record');
  for (const [id, v] of Object.entries(expect.allowed ?? {})) {
    assert.equal(byId(st.categories, id).allowed, v, `category ${id}`);
    assert.equal(server.isAllowed(st, id), v, `isAllowed ${id}`);
  }
  for (const [id, v] of Object.entries(expect.ask ?? {})) assert.equal(byId(st.categories, id).ask, v, `ask ${id}`);
  for (const [id, v] of Object.entries(expect.services ?? {})) {
    const owner = st.categories.find((c) => byId(c.services, id));
    assert.equal(byId(owner.services, id).allowed, v, `service ${id}`);
  }
  if (expect.recordCategories) assert.deepEqual(st.record.categories.map((c) => c.id), expect.recordCategories);
  if ('validUntilIn' in expect) assert.equal(st.validUntil, NOW + expect.validUntilIn);
}

describe('regional profiles through the server entry', () => {
  test('the table has a row for every regional profile case (30 or more)', () => assert.ok(rows.length >= 30));

  for (const row of rows) {
    test(row.name, () => {
      const config = edited(row.configEdits);
      if (row.error) {
        const st = server.evaluateRequest(config, '', { now: NOW, region: 'DE' });
        assert.equal(st.error.name, row.error.name);
        assert.equal(st.error.path, row.error.path);
        assert.deepEqual(st.categories, []);
        return;
      }
      const configJson = JSON.stringify(config);
      const cookie = cookieAfter(row, configJson);
      const atEval = row.evaluateEdits ? JSON.stringify(edited(row.evaluateEdits)) : configJson;
      const options = { now: NOW, gpc: row.gpc ?? false, verifiedCrawler: row.crawler ?? false };
      if ('region' in row) options.region = row.region;  // absent stays absent
      const st = server.evaluateRequest(atEval, cookie, options);
      assert.equal(st.error, undefined, JSON.stringify(st.error));
      check(row.expect, st);
      // The browser's bridge, given the same region (data-region) and cookie, agrees.
      const inBrowser = bridge.evaluate(atEval, cookie, NOW, options.gpc, row.region ?? '', options.verifiedCrawler);
      assert.equal(inBrowser.ok, true);
      assert.deepEqual(st, inBrowser.state);
    });
  }

  test('a region that is no string is refused before it reaches the core', () => {
    const st = server.evaluateRequest(base, '', { now: NOW, region: 42 });
    assert.equal(st.error.name, 'input_invalid');
    assert.equal(st.error.path, 'region');
    assert.equal(server.isAllowed(st, 'necessary'), false);
  });

  test('a verified crawler cannot be given consent: the choice is refused, no cookie', () => {
    const out = bridge.choose(JSON.stringify(base), '', NOW, false, { kind: 'accept_all' }, 'ab'.repeat(16), 'en', 'US-CA', true);
    assert.equal(out.ok, false);
    assert.equal(out.error.path, 'verifiedCrawler');
    assert.equal(out.cookie, undefined);
    const notBool = bridge.choose(JSON.stringify(base), '', NOW, false, { kind: 'accept_all' }, 'ab'.repeat(16), 'en', 'US-CA', 'yes');
    assert.equal(notBool.error.name, 'input_invalid');
  });

  test('resolveRegion names the profile the core would apply', () => {
    const out = server.resolveRegion(JSON.stringify(base), 'us-ny');
    assert.deepEqual(out, { ok: true, profile: '*', model: 'opt-out', region: 'US-NY' });
  });
});
