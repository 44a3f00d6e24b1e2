// The floating button, which the sweep in ui-screenshots.test.mjs does not reach, under
// axe-core in both schemes; and the audit that sweep uses (auditUI in ui-support.mjs),
// shown to catch a real violation. The sweep audits every banner variant, the modal
// layout, the unavailable message and the preferences dialog in every language, scheme
// and width.
import { after, before, describe } from 'node:test';
import { test } from './harness.mjs';
import assert from 'node:assert/strict';
import { auditUI, openUI, sel, setup } from './ui-support.mjs';

let ctx;
before(async () => { ctx = await setup(); });
after(() => ctx?.close());

describe('axe-core', () => {
  for (const scheme of ['light', 'dark']) {
    test(`the floating button: no serious or critical violations (${scheme})`, async () => {
      const context = await ctx.browser.newContext({ colorScheme: scheme, reducedMotion: 'reduce' });
      try {
        const { page } = await openUI(ctx, context, { variant: 'none' });
        await page.locator(sel.fab).waitFor();
        const r = await auditUI(page);
        assert.deepEqual(r.bad, [], JSON.stringify(r.bad, null, 1));
        assert.ok(r.passes.includes('color-contrast'), 'contrast not audited');
      } finally {
        await context.close();
      }
    });
  }

  test('the audit catches a real violation (a nameless switch), so a pass means something', async () => {
    const context = await ctx.browser.newContext();
    try {
      const { page } = await openUI(ctx, context, { variant: 'consent' });
      await page.evaluate(() => window.cg.ui.open());
      await page.locator(sel.dialog).waitFor();
      await page.evaluate(() => {
        for (const s of document.querySelector('cookiegate-ui').shadowRoot.querySelectorAll('[role=switch]')) {
          s.removeAttribute('aria-labelledby');
          s.replaceChildren();
        }
      });
      const r = await auditUI(page);
      assert.ok(r.bad.length > 0, JSON.stringify(r));
      assert.equal(r.switchNamesPassed, false);
    } finally {
      await context.close();
    }
  });
});
