// The visitor's region reaches the core from the page: `data-region` on the script tag
// and init(config, {region}) (what the site's server or CDN edge names). The browser's
// states must be the server entry's for the same inputs (tests/fixtures/regions/).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';

import { collectProblems, launchBrowser, repoRoot, startServer, test } from './harness.mjs';
import { createServerCore } from '../../web/src/server.js';

const dist = join(repoRoot, 'web/dist');
const configText = readFileSync(join(repoRoot, 'tests/fixtures/regions/config.json'), 'utf8');
const escape = (s) => s.replace(/"/g, '&quot;');

// ?region=X: the tag carries data-region="X" (absent without the parameter); &crawler:
// data-verified-crawler="true";
// ?init=X: no data-config, the page calls CookieGate.init(config, {region: X}) (&number:
// X as a number, a page's mistake).
function page(url) {
  const region = url.searchParams.get('region');
  const init = url.searchParams.get('init');
  const tag = init === null
    ? `<script src="/dist/cookiegate.js" data-config="#cfg" data-ui="off"${region === null ? '' : ` data-region="${escape(region)}"`}${
      url.searchParams.has('crawler') ? ' data-verified-crawler="true"' : ''}></script>`
    : `<script src="/dist/cookiegate.js" data-ui="off"></script>
       <script>CookieGate.init(document.getElementById('cfg').textContent, { region: ${url.searchParams.has('number') ? Number(init) : JSON.stringify(init)} });</script>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<script type="application/json" id="cfg">${configText}</script>
${tag}
<script>window.__events = []; ['ready', 'error'].forEach((t) =>
  addEventListener('cookiegate:' + t, (e) => window.__events.push({ type: t, detail: e.detail })));</script>
</head><body><p>regions</p></body></html>`;
}

let server;
let browser;
let serverCore;

before(async () => {
  assert.ok(existsSync(join(dist, 'cookiegate.js')), 'web/dist missing: run node web/build.mjs');
  server = await startServer({
    mounts: { '/dist/': dist },
    handle: (_req, res, url) => {
      if (url.pathname !== '/regions.html') return false;
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(page(url));
      return true;
    },
  });
  browser = await launchBrowser();
  serverCore = await createServerCore({ wasmDir: dist });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

// The page's state once the core answered, with the server entry's for the same inputs.
async function visit(query, { gpc = false } = {}) {
  const context = await browser.newContext();
  const problems = await collectProblems(context);
  try {
    const p = await context.newPage();
    if (gpc) {
      await p.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl',
        { get: () => true, configurable: true }));
    }
    await p.goto(server.url(`/regions.html?${query}`));
    await p.waitForFunction(() => window.__events.some((e) => e.type === 'ready' || e.type === 'error'));
    const got = await p.evaluate(() => ({ events: window.__events.map((e) => e.type), state: CookieGate.get(),
      now: Math.floor(Date.now() / 1000) }));
    return { ...got, problems };
  } finally {
    await context.close();
  }
}

const allowed = (state) => Object.entries(state.categories).filter(([, v]) => v).map(([k]) => k).sort();

describe('the region reaches the core', () => {
  const rows = [
    // [query, gpc, profile, model, allowed before any choice]
    ['region=US-CA', false, 'US-CA', 'opt-out', ['analytics', 'marketing', 'necessary']],
    ['region=US-CA', true, 'US-CA', 'opt-out', ['analytics', 'necessary']],
    ['region=DE', false, 'EEA', 'opt-in', ['necessary']],
    ['region=CA-QC', false, 'CA-QC', 'opt-in', ['necessary']],
    ['region=CN', false, 'CN', 'pipl', ['necessary']],
    ['region=XX', false, 'unknown', 'opt-in', ['necessary']],
    ['', false, 'unknown', 'opt-in', ['necessary']],
    ['init=US-CA', false, 'US-CA', 'opt-out', ['analytics', 'marketing', 'necessary']],
    ['init=CN', false, 'CN', 'pipl', ['necessary']],
  ];
  for (const [query, gpc, profile, model, expected] of rows) {
    test(`${query || 'no data-region'}${gpc ? ' + GPC' : ''} → ${profile} (${model}), as on the server`, async () => {
      const { events, state, now, problems } = await visit(query, { gpc });
      assert.deepEqual(events, ['ready'], problems.console.join('\n'));
      assert.equal(state.regional.profile, profile);
      assert.equal(state.regional.model, model);
      assert.deepEqual(allowed(state), expected);
      assert.equal(state.categories.health, false, 'a sensitive category is opt-in everywhere');
      const region = new URLSearchParams(query).get('region') ?? new URLSearchParams(query).get('init') ?? '';
      const onServer = serverCore.evaluateRequest(configText, '', { region, gpc, now });
      assert.deepEqual(state.regional, onServer.regional, 'the same regional answer as the server entry');
      assert.deepEqual(allowed(state), onServer.categories.filter((c) => c.allowed).map((c) => c.id).sort());
      assert.deepEqual(problems.pageErrors, []);
    });
  }

  test('a verified crawler: no prompt, nothing optional, and a choice is refused without a record', async () => {
    const context = await browser.newContext();
    try {
      const p = await context.newPage();
      await p.goto(server.url('/regions.html?region=US-CA&crawler=1'));
      await p.waitForFunction(() => window.__events.some((e) => e.type === 'ready' || e.type === 'error'));
      const st = await p.evaluate(() => CookieGate.get());
      assert.equal(st.prompt, 'none');
      assert.deepEqual(allowed(st).filter((c) => c !== 'necessary'), []);
      const refused = await p.evaluate(() => CookieGate.acceptAll().then(() => 'taken', (e) => e.path));
      assert.equal(refused, 'verifiedCrawler');
      assert.deepEqual((await context.cookies()).map((c) => c.name), [], 'no consent cookie');
      assert.deepEqual(allowed(await p.evaluate(() => CookieGate.get())).filter((c) => c !== 'necessary'), []);
    } finally {
      await context.close();
    }
  });

  test('a region that is not a string fails closed, visibly', async () => {
    const { events, state, problems } = await visit('init=49&number=1');
    assert.deepEqual(events, ['error']);
    assert.deepEqual(allowed(state), [], 'nothing allowed');
    assert.ok(problems.console.some((t) => /region/.test(t)), problems.console.join('\n'));
  });
});
