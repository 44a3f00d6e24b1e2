// The demo site's own pages (the banner has its own audits in ui-a11y.test.mjs) pass
// axe-core in both colour schemes, with the stand-ins running and the panel filled.
import { after, before } from 'node:test';
import { test } from './harness.mjs';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { GATED, open, startDemo, waitRan, withContext } from './demo-support.mjs';

const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let demo;
before(async () => { demo = await startDemo(); });
after(async () => { await demo?.close(); });

for (const colorScheme of ['light', 'dark']) {
  test(`demo pages have no accessibility violations (${colorScheme})`, { timeout: 90000 }, async () => {
    await withContext(demo, async (context) => {
      const page = await context.newPage();
      await open(demo, page, '/en/');
      await page.evaluate(() => window.CookieGate.acceptAll());
      await waitRan(page, GATED);
      for (const path of ['/en/', '/en/article.html', '/en/privacy.html', '/zh/', '/zh/article.html', '/zh/privacy.html']) {
        await open(demo, page, path);
        // Every page has these; only the home pages have the video.
        await waitRan(page, ['analytics', 'chat', 'pixel', 'recommendations']);
        await page.addScriptTag({ content: axeSource });
        const violations = await page.evaluate(async () => {
          const r = await window.axe.run(document, { exclude: [['cookiegate-ui']] });
          return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        });
        assert.deepEqual(violations, [], path);
      }
    }, { colorScheme });
  });
}
