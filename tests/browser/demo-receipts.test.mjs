// The demo's consent log: a visitor's Accept on the real banner becomes a receipt in
// demo/server.mjs's log (cookiegate/server as shipped, on SQLite), stored as the core
// decoded it, with the exact texts the banner showed; the panel lists it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { banner, clickBanner, open, shot, startDemo, withContext } from './demo-support.mjs';

let demo;
before(async () => { demo = await startDemo(); });
after(async () => { await demo?.close(); });

test("the visitor's Accept is a receipt in the log, with the texts shown, and in the panel", { timeout: 60000 }, async () => {
  await withContext(demo, async (context) => {
    const page = await context.newPage();
    await open(demo, page, '/zh/');
    const shown = {
      title: await banner(page).locator('h2').first().textContent(),
      accept: await banner(page).getByRole('button', { name: '全部接受' }).textContent(),
    };
    await clickBanner(page, '全部接受');
    const item = page.locator('[data-panel="receipts"] li[data-event="consent"]');
    await item.waitFor();
    const id = await page.evaluate(() => window.CookieGate.get().consentId);
    const { entries } = await demo.server.consentLog.history(id);
    assert.equal(entries.length, 1);
    const [e] = entries;
    assert.equal(e.event, 'consent');
    assert.equal(e.record.method, 'accept_all');
    assert.equal(e.record.source, 'ui');
    assert.deepEqual(e.shown, { language: 'zh', prompt: 'consent', layer: 'banner' });
    // The texts the log points to are the ones the banner showed.
    assert.equal(e.texts.texts.bannerTitle, shown.title.trim());
    assert.equal(e.texts.texts.acceptAll, shown.accept.trim());
    const pageTitles = await page.evaluate(() => JSON.parse(document.getElementById('cookiegate-config').textContent)
      .categories.map((c) => (typeof c.title === 'string' ? c.title : c.title.zh)));
    assert.deepEqual(e.texts.categories.map((c) => c.title), pageTitles);
    assert.equal(await item.getAttribute('data-source'), 'ui');
    assert.match(await item.textContent(), new RegExp(shown.title.trim()));
    // The panel redraws its lists at every event (demo/site/demo-panel/panel.js), so the
    // <li> found above may be replaced meanwhile; its section stays.
    await page.locator('[data-panel="receipts"]').scrollIntoViewIfNeeded();
    await shot(page, '20-receipt-in-panel');
    assert.equal((await demo.server.consentLog.verify()).ok, true);
  });
});
