// The shipped JSON Schema (web/config.schema.json) against the core: every config of
// the core's own tables (tests/core/test_config.cpp's malformed table and the fixture
// configs, written out with the core's verdict on each by
// build/native/tests/core/core_tests "[.dump]") plus the demo's and the fuzz corpus's configs
// (judged by the release wasm) goes through ajv too.
// The schema must accept what the core accepts, and refuse what the core refuses —
// except for the reasons a schema cannot express, each listed below with why. A
// listed reason that the schema does express after all fails too, so the list stays
// true.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import Ajv from 'ajv';

import { loadCore } from '../node/helpers.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dumper = join(root, 'build/native/tests/core/core_tests');

// Rows of the core's malformed table a JSON Schema cannot refuse, and why.
const NOT_EXPRESSIBLE = {
  'not JSON': 'not JSON at all',
  'empty text': 'not JSON at all',
  'a byte order mark': 'JSON text level: a leading BOM',
  'trailing garbage': 'not JSON at all',
  'a NUL byte then garbage': 'not JSON at all',
  'invalid UTF-8': 'not text at all',
  'a duplicated key': 'JSON text level: a schema sees the parsed object',
  'a key repeated inside an object in an array': 'JSON text level: a schema sees the parsed object',
  'upcoming equal to current': 'compares two versions',
  'upcoming older than current': 'compares two versions',
  'upcoming on 30 February': 'calendar validity (the pattern checks the form)',
  'duplicate category ids': 'uniqueness of a member across array items',
  'duplicate service ids across categories': 'uniqueness across nested arrays',
  'gpc naming an unknown category': 'a reference to another part of the config',
  'gpc naming the required category': 'a reference to another part of the config',
  'a non-built-in language without texts': 'depends on the values of languages',
  'a non-built-in language missing one text': 'depends on the values of languages',
  'texts for an undeclared language': 'depends on the values of languages',
  'a localized title missing a declared language': 'depends on the values of languages',
  'a localized title in an undeclared language': 'depends on the values of languages',
  'ui.bilingual naming an undeclared language': 'depends on the values of languages',
};

const tmp = mkdtempSync(join(tmpdir(), 'cookiegate-schema-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function coreTables() {
  assert.ok(existsSync(dumper), `${dumper} is missing: build the native tests first ` +
    '(cmake -S . -B build/native -G Ninja && cmake --build build/native --target core_tests)');
  const out = join(tmp, 'cases.json');
  execFileSync(dumper, ['[.dump]'], {
    env: { ...process.env, COOKIEGATE_CONFIG_CASES: out }, stdio: ['ignore', 'ignore', 'inherit'],
  });
  const tables = JSON.parse(readFileSync(out, 'utf8'));
  const bytes = (row) => ({ ...row, bytes: Buffer.from(row.hex, 'hex') });
  return { valid: tables.valid.map(bytes), invalid: tables.invalid.map(bytes) };
}

const files = (dir) => readdirSync(join(root, dir)).filter((f) => f.endsWith('.json'))
  .map((f) => ({ what: `${dir}/${f}`, bytes: readFileSync(join(root, dir, f)) }));

const schema = JSON.parse(readFileSync(join(root, 'web/config.schema.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: true });
const validate = ajv.compile(schema);

// The parsed config, or null when the text is not a JSON object a schema could see.
function parsed(bytes) {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) return null;
    return JSON.parse(text);
  } catch (e) {
    return null;
  }
}

const schemaVerdict = (value) => (validate(value) ? 'accepted'
  : `refused: ${validate.errors.slice(0, 3).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`);

describe('config.schema.json agrees with the core', async () => {
  const core = await loadCore();
  const tables = coreTables();

  test('the tables were read (the premise)', () => {
    assert.ok(tables.invalid.length >= 40, `${tables.invalid.length} malformed rows`);
    assert.ok(tables.valid.length >= 2);
    for (const name of Object.keys(NOT_EXPRESSIBLE)) {
      assert.ok(tables.invalid.some((r) => r.what === name), `"${name}" is no longer a row of the core's table`);
    }
  });

  test('every valid config of the core is valid for the schema', () => {
    const valid = [...tables.valid, ...files('demo/site/configs'),
      ...files('tests/fuzz/corpus/fuzz_parse_config').filter((f) => core.validateConfig(f.bytes.toString('utf8')).ok)];
    assert.ok(valid.length >= 7);
    for (const { what, bytes, verdict } of valid) {
      const r = verdict || core.validateConfig(bytes.toString('utf8'));
      assert.equal(r.ok, true, `${what}: the core refuses it: ${JSON.stringify(r)}`);
      assert.equal(schemaVerdict(parsed(bytes)), 'accepted', what);
    }
  });

  test('every malformed config of the core is refused by the schema, where a schema can say why', () => {
    const problems = [];
    for (const row of tables.invalid) {
      const r = row.verdict;
      assert.equal(r.ok, false, `${row.what}: the core accepts it`);
      const value = parsed(row.bytes);
      const verdict = value === null ? 'not JSON' : schemaVerdict(value);
      const exempt = NOT_EXPRESSIBLE[row.what];
      if (!exempt && verdict === 'accepted') {
        problems.push(`${row.what}: the core refuses it (${r.name} at "${r.path}") but the schema accepts it`);
      }
      if (exempt && verdict.startsWith('refused')) {
        problems.push(`${row.what}: listed as not expressible (${exempt}) but the schema refuses it (${verdict}): drop it from the list`);
      }
    }
    assert.deepEqual(problems, []);
  });

  test('the schema knows exactly the core\'s text keys', () => {
    const keys = core.textKeys();
    assert.equal(keys.ok, true);
    const inSchema = Object.keys(schema.properties.texts.additionalProperties.properties);
    assert.deepEqual([...inSchema].sort(), [...keys.keys].sort());
  });

  test('the schema refuses the common config mistakes that the core refuses', () => {
    const base = { policy: { version: '1.0.0', url: '/privacy' }, categories: [{ id: 'a', title: 'A' }] };
    for (const [what, config] of [
      ['a misspelt member', { ...base, polcy: {} }],
      ['a numeric version', { ...base, policy: { version: 1, url: '/p' } }],
      ['an optional category on by default', { ...base, categories: [{ id: 'a', title: 'A', default: true }] }],
      ['a scripts pattern naming a host but no path',
        { ...base, categories: [{ id: 'a', title: 'A', services: [{ id: 's', scripts: ['*.google-analytics.com'] }] }] }],
    ]) {
      assert.equal(core.validateConfig(JSON.stringify(config)).ok, false, what);
      assert.notEqual(schemaVerdict(config), 'accepted', what);
    }
  });

  // The schema's regular expression for a pattern without a path, spelling by spelling
  // against the core's rule (core/lexical.cpp, has_url_path); cookie and storage
  // patterns are names and need none.
  test('the schema and the core agree on which scripts patterns have a path', () => {
    const base = { policy: { version: '1.0.0', url: '/privacy' } };
    const withService = (service) => ({ ...base, categories: [{ id: 'a', title: 'A', services: [{ id: 's', ...service }] }] });
    const refused = ['x.com', '*.x.com', 'https://x.com', 'http://x.com', '//x.com', 'HTTPS://X.COM', 'x.com:8080',
      'https://x.com:443', 'https:x.com', 'https://', 'https:', '//', 'analytics.js', '*analytics.js', 'x*y', ':x',
      // A host and "/" alone, as an address bar shows one: its home page only.
      'x.com/', 'https://x.com/', '//x.com/', '*.x.com/', '/', '1a:x/'];
    const accepted = ['*', '*analytics*', '*.example.com/*', '/js/a.js', 'https://x.com/*', 'x.com/a.js',
      '//x.com/*', 'x.com*', 'https://x.com*', 'localhost:8080/*', '*/vendor/analytics.js',
      '///x', 'https:/x', ':/x', '1a:x/y'];
    for (const [pattern, want] of [...refused.map((p) => [p, false]), ...accepted.map((p) => [p, true])]) {
      const config = withService({ scripts: [pattern] });
      const r = core.validateConfig(JSON.stringify(config));
      assert.equal(r.ok, want, `${pattern}: the core says ${JSON.stringify(r.error ?? 'ok')}`);
      assert.equal(schemaVerdict(config) === 'accepted', want, `${pattern}: the schema says ${schemaVerdict(config)}`);
    }
    for (const names of [{ cookies: ['x.com'] }, { storage: ['x.com'] }]) {
      assert.equal(core.validateConfig(JSON.stringify(withService(names))).ok, true, JSON.stringify(names));
      assert.equal(schemaVerdict(withService(names)), 'accepted', JSON.stringify(names));
    }
  });
});
