// The demo's region switch in Chromium: the panel stands in for a CDN's geo header,
// the server writes data-region on the script tag, and the core's profile for that
// region decides what runs on a first visit (demo/site/configs/regional.json).
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, test } from './harness.mjs';
import { GATED, clickAndReload, ran, ready, shot, startDemo, waitRan, withContext } from './demo-support.mjs';

let demo;
before(async () => { demo = await startDemo(); });
after(async () => { await demo?.close(); });

const T = { timeout: 60000 };

// Picks `region` in the panel and visits the page from it (a first visit).
async function visitFrom(page, region) {
  await page.goto(demo.server.url('/en/article.html'));
  await ready(page);
  await page.locator('#dp-region').selectOption(region);
  const got = await clickAndReload(page, page.locator('[data-panel-action="apply-region"]'));
  // The panel redraws a task after each event: wait for the one showing the core's profile.
  const dd = page.locator('[data-fact="region"] dd');
  await page.waitForFunction(() => / → profile /.test(document.querySelector('[data-fact="region"] dd')?.textContent));
  const fact = await dd.textContent();
  return { got, fact };
}

describe('demo: visitor region', () => {
  test('US-CA: the opt-out profile, optional stand-ins run until the visitor opts out', T, async () => {
    await withContext(demo, async (context) => {
      const page = await context.newPage();
      const { got, fact } = await visitFrom(page, 'US-CA');
      assert.equal(await page.locator('script[src$="/cookiegate.js"]').getAttribute('data-region'), 'US-CA');
      assert.deepEqual({ profile: got.regional.profile, model: got.regional.model, link: got.regional.optOutLink },
        { profile: 'US-CA', model: 'opt-out', link: true });
      assert.equal(fact, 'US-CA → profile US-CA (opt-out)');
      // The article has no video; every other stand-in is on it.
      await waitRan(page, GATED.filter((id) => id !== 'video'));
      await shot(page, 'regions-us-ca');
    });
  });

  test('CN: after Agree, each separate sheet names its recipient, purpose and the personal information sent', T, async () => {
    const config = JSON.parse(readFileSync(join(repoRoot, 'demo/site/configs/regional.json'), 'utf8'));
    const recipients = Object.fromEntries(config.categories.flatMap((c) => c.services || [])
      .filter((s) => s.recipient).map((s) => [s.id, s.recipient]));
    await withContext(demo, async (context) => {
      const page = await context.newPage();
      await visitFrom(page, 'CN');
      // Agree grants the categories; the separate consents are then asked one by one.
      await page.locator('cookiegate-ui .bn[data-variant=pipl] .pr > button', { hasText: 'Agree' }).click();
      const shown = [];
      for (let i = 0; i < Object.keys(recipients).length; ++i) {
        const sheet = page.locator('cookiegate-ui .bn[data-variant=separate]');
        await sheet.waitFor();
        const id = await sheet.getAttribute('data-service');
        shown.push(id);
        const rc = recipients[id];
        const rows = await sheet.locator('dl').evaluate((dl) => Object.fromEntries(
          [...dl.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling.textContent])));
        const { 'Country or region': country, ...rest } = rows;
        assert.ok(country.endsWith(`(${rc.country})`), `${id}: ${country}`);
        assert.deepEqual(rest, {
          Recipient: rc.name, Contact: rc.contact, Purpose: rc.purpose.en, 'Personal information provided': rc.data.en,
        }, id);
        if (i === 0) await shot(page, 'regions-cn-separate');
        await sheet.locator('.pr > button', { hasText: 'Refuse' }).click();
        await page.locator(`cookiegate-ui .bn[data-variant=separate][data-service="${id}"]`).waitFor({ state: 'detached' });
      }
      assert.deepEqual(shown.sort(), Object.keys(recipients).sort(), 'one sheet for each service with a recipient');
      assert.equal(await page.locator('cookiegate-ui .bn[data-variant=separate]').count(), 0);
    });
  });

  for (const [region, profile, model] of [['DE', 'EEA', 'opt-in'], ['CN', 'CN', 'pipl'], ['', 'unknown', 'opt-in']]) {
    test(`${region || 'no geo header'}: ${model}, nothing optional runs before a choice`, T, async () => {
      await withContext(demo, async (context) => {
        const page = await context.newPage();
        const { got } = await visitFrom(page, region);
        assert.deepEqual([got.regional.profile, got.regional.model], [profile, model]);
        assert.equal(got.prompt, 'consent');
        assert.deepEqual(Object.entries(got.categories).filter(([, v]) => v).map(([k]) => k), ['necessary']);
        // The page has settled: the first-party plugin's injection has happened and is held.
        await page.waitForFunction(() => (window.__injected || []).length === 1);
        assert.deepEqual(await ran(page), []);
        await page.locator(`cookiegate-ui .bn[data-variant=${model === 'pipl' ? 'pipl' : 'consent'}]`).waitFor();
        await shot(page, `regions-${region || 'unknown'}`);
      });
    });
  }
});
