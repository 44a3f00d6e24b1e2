// The npm package bundled by webpack 5 with its defaults, in Chromium. webpack loads
// every chunk, CookieGate's own included (the bridge, the glue, the placeholders),
// through a <script> element, and the gate holds inserted scripts until the core has
// validated the config: CookieGate's own files must still arrive (the core never
// started before), while the app's own lazy chunk stays held as any inserted script is:
// until the config is valid, and until consent when a refused service's pattern covers
// its URL.
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';

import { buildWebpackApp, readmeBlock } from './app-support.mjs';
import { launchBrowser, startServer, test, withProblems } from './harness.mjs';

// The app's own lazy chunk records what CookieGate said when it ran.
const LAZY = `import { get, isAllowed } from 'cookiegate';
export function run() {
  const st = get();
  window.__lazy = { ready: !!(st && st.ready), selfStats: isAllowed('analytics', 'self-stats') };
}
`;
// The README's npm example, the API on window for the test, and a lazy chunk of the app.
const MAIN = `import * as CookieGate from 'cookiegate';
import { init } from 'cookiegate';
window.CookieGate = CookieGate;
init(window.APP_CONFIG);
import('./lazy.js').then((m) => m.run());
`;

let server;
let browser;
const readme = JSON.parse(readmeBlock('### In an app (npm)', 'json'));

// The README's config; with `selfStats`, a service whose pattern covers every file of
// the app (CookieGate's chunks included), as a site that self-hosts its analytics
// under its own origin may write one.
function page(selfStats) {
  const config = structuredClone(readme);
  if (selfStats) {
    config.categories[1].services.push({ id: 'self-stats', scripts: [`${server.origin}/app/*`] });
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>webpack app</title>
<script>window.APP_CONFIG = ${JSON.stringify(config)};</script>
<script defer src="/app/main.js"></script></head>
<body><button id="privacy">Privacy</button>
<iframe data-category="media" data-service="youtube" data-src="/frame.html" title="video"></iframe></body></html>`;
}

before(async () => {
  const app = await buildWebpackApp('webpack-default', { 'main.js': MAIN, 'lazy.js': LAZY }, 'main.js');
  server = await startServer({
    mounts: { '/app/': app },
    handle: (_req, res, url) => {
      const html = { '/plain.html': () => page(false), '/self-stats.html': () => page(true),
        '/frame.html': () => '<!doctype html><title>frame</title>' }[url.pathname];
      if (!html) return false;
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(html());
      return true;
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const fresh = (fn) => withProblems(browser, async (context, problems) => fn(await context.newPage(), problems));

// Resolves with the core's first answer, or fails with the runtime's error: without its
// own chunks the core never starts, and error 501 comes only after wasmTimeout (10 s).
const started = (p) => p.evaluate(() => new Promise((ok, fail) => {
  const cg = window.CookieGate;
  cg.on('error', (d) => fail(new Error(`error ${d.code} ${d.name}: ${d.message}`)));
  cg.ready.then(() => ok(cg.get()), fail);
}));

describe('webpack 5, default settings', () => {
  test('the core starts, and the app\'s lazy chunk loads once the config is valid', async () => {
    await fresh(async (p, problems) => {
      await p.goto(server.url('/plain.html'));
      await p.waitForFunction(() => window.CookieGate);
      const st = await started(p);
      assert.equal(st.categories.analytics, false);
      await p.locator('cookiegate-ui .bn').waitFor();
      await p.waitForFunction(() => window.__lazy);
      assert.deepEqual(await p.evaluate(() => window.__lazy), { ready: true, selfStats: false });
      // The placeholder for the held video came from CookieGate's placeholders chunk.
      await p.locator('cookiegate-placeholder').waitFor();
      assert.deepEqual(problems.pageErrors, []);
      assert.deepEqual(problems.console, []);
    });
  });

  test('a refused service covering the app\'s files holds the app\'s chunk, not CookieGate\'s', async () => {
    await fresh(async (p, problems) => {
      await p.goto(server.url('/self-stats.html'));
      await p.waitForFunction(() => window.CookieGate);
      await started(p);
      await p.locator('cookiegate-placeholder').waitFor();
      assert.equal(await p.evaluate(() => window.__lazy), undefined);
      // The app's chunk sits in the page, held, until the visitor allows self-stats.
      const held = await p.evaluate(() => [...document.scripts]
        .filter((s) => s.type === 'text/plain' && s.dataset.service === 'self-stats').length);
      assert.equal(held, 1);
      await p.evaluate(() => window.CookieGate.acceptAll());
      await p.waitForFunction(() => window.__lazy);
      assert.deepEqual(await p.evaluate(() => window.__lazy), { ready: true, selfStats: true });
      assert.deepEqual(problems.pageErrors, []);
    });
  });
});
