// The demo site's own pages (the banner has its own audits: ui-screenshots.test.mjs) pass
// axe-core in both colour schemes, with the stand-ins running and the panel filled.
import { after, before, describe } from 'node:test';
import { test } from './harness.mjs';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { GATED, open, startDemo, waitRan } from './demo-support.mjs';

const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PATHS = ['/en/', '/en/article.html', '/en/privacy.html', '/zh/', '/zh/article.html', '/zh/privacy.html'];

let demo;
before(async () => { demo = await startDemo(); });
after(async () => { await demo?.close(); });

// One test per page: a whole scheme's six audits in one test outran its time limit on a
// busy CI machine (two of 90 s each), and a failure now names its page.
for (const colorScheme of ['light', 'dark']) {
  describe(`demo pages in the ${colorScheme} scheme`, () => {
    // One context: the consent given once holds for every page's test.
    let context;
    before(async () => {
      context = await demo.browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
      context.setDefaultTimeout(15000);
      const page = await context.newPage();
      await open(demo, page, '/en/');
      await page.evaluate(() => window.CookieGate.acceptAll());
      await waitRan(page, GATED);
      await page.close();
    }, { timeout: 120000 });
    after(async () => { await context?.close(); });

    for (const path of PATHS) {
      test(`${path} has no accessibility violations (${colorScheme})`, async () => {
        // A page of its own: a test that ran out of time cannot drive the next one's.
        const page = await context.newPage();
        await open(demo, page, path);
        // Every page has these; only the home pages have the video.
        await waitRan(page, ['analytics', 'chat', 'pixel', 'recommendations']);
        await page.addScriptTag({ content: axeSource });
        const violations = await page.evaluate(async () => {
          const r = await window.axe.run(document, { exclude: [['cookiegate-ui']] });
          return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        });
        assert.deepEqual(violations, [], path);
        await page.close();
      });
    }
  });
}
