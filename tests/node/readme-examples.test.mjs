// The README's configs and markup, as written: each config is one the core accepts, and
// every category and service the example markup gates on is declared by the config
// it goes with (the gate warns about, and never runs, a tag of an undeclared one). The
// npm and React examples run in Chromium (tests/browser/npm-route.test.mjs, react.test.mjs).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { createServerCore } from '../../web/src/server.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The code blocks of `lang` in the README section under `heading` (up to the next heading). */
function blocks(heading, lang) {
  const at = readme.indexOf(`\n${heading}\n`);
  assert.ok(at >= 0, `README has no "${heading}"`);
  const rest = readme.slice(at + heading.length + 2);
  const section = rest.slice(0, rest.search(/\n#{2,3} /) >>> 0);
  return [...section.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
}

/** category id -> its service ids, from the core's own reading of the config. */
const declared = (config) => new Map(config.categories.map((c) => [c.id, (c.services || []).map((s) => s.id)]));

let core;
before(async () => { core = await createServerCore({ wasmDir: join(root, 'web/dist') }); });

describe('the README\'s examples fit their configs', () => {
  test('On a page (script tag): the inline config is valid and declares what the markup gates', () => {
    const html = blocks('### On a page (script tag)', 'html').join('\n');
    const json = html.match(/<script type="application\/json" id="cookiegate-config">([\s\S]*?)<\/script>/)[1];
    const r = core.validateConfig(json);
    assert.equal(r.ok, true, JSON.stringify(r.error));
    const cats = declared(r.config);
    const gated = [...html.matchAll(/<(script|iframe)\b([^>]*data-category="([^"]+)"[^>]*)>/g)];
    assert.ok(gated.length >= 2, 'the example gates a script and a frame');
    for (const [tag, , attrs, category] of gated) {
      assert.ok(cats.has(category), `${tag}: category "${category}" is not in the example's config`);
      const service = attrs.match(/data-service="([^"]+)"/)?.[1];
      if (service) assert.ok(cats.get(category).includes(service), `${tag}: service "${service}" is not in "${category}"`);
    }
  });

  test('In an app (npm) and Using it with React: cookiegate.json is valid and declares what the examples use', () => {
    const [json] = blocks('### In an app (npm)', 'json');
    assert.ok(json, 'the npm section shows its cookiegate.json');
    const r = core.validateConfig(json);
    assert.equal(r.ok, true, JSON.stringify(r.error));
    const cats = declared(r.config);
    const code = [...blocks('### In an app (npm)', 'js'), ...blocks('### Using it with React', 'jsx')].join('\n');
    const uses = [...code.matchAll(/(?:onAllowed|allow|useAllowed)\('([^']+)'(?:, '([^']+)')?/g),
      ...code.matchAll(/<Consent category="([^"]+)"(?: service="([^"]+)")?/g)];
    assert.ok(uses.length >= 3, 'the examples name categories');
    for (const [call, category, service] of uses) {
      assert.ok(cats.has(category), `${call}: category "${category}" is not in cookiegate.json`);
      if (service) assert.ok(cats.get(category).includes(service), `${call}: service "${service}" is not in "${category}"`);
    }
    // The types check imports it from its JSON file (tests/types/example.ts).
    assert.equal(readFileSync(join(root, 'tests/types/cookiegate.json'), 'utf8'), json,
      'tests/types/cookiegate.json is not the README\'s cookiegate.json');
  });
});
