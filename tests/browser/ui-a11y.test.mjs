// axe-core audits of every banner variant and the preferences dialog, in light and
// dark, English, Chinese and bilingual: no serious or critical violations.
import { after, before, describe } from 'node:test';
import { test } from './harness.mjs';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeConfig, openUI, repoRoot, sel, setup } from './ui-support.mjs';

let ctx;
let axeSource;
before(async () => {
  ctx = await setup();
  axeSource = await readFile(join(repoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8');
});
after(() => ctx?.close());

// axe walks open shadow roots; the context is the UI's host element.
async function audit(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const r = await window.axe.run({ include: [['cookiegate-ui']] }, {
      resultTypes: ['violations', 'passes'],
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return {
      violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ') + ' ' + n.failureSummary) })),
      passes: r.passes.map((p) => p.id),
    };
  });
  return result;
}

const modes = {
  en: { language: 'en', ui: {} },
  zh: { language: 'zh', ui: {} },
  bilingual: { language: 'en', ui: { bilingual: ['zh', 'en'] } },
};

describe('axe-core', () => {
  for (const scheme of ['light', 'dark']) {
    for (const [mode, m] of Object.entries(modes)) {
      test(`banners and dialog: no serious or critical violations (${scheme}, ${mode})`, async () => {
        // Reduced motion: axe must see final colours, not a frame mid-animation.
        const context = await ctx.browser.newContext({ colorScheme: scheme, reducedMotion: 'reduce' });
        try {
          for (const variant of ['consent', 'reconsent', 'update', 'upcoming']) {
            const { page } = await openUI(ctx, context, { variant, language: m.language, config: makeConfig({ ui: m.ui }) });
            await page.locator(sel.banner).waitFor();
            const r = await audit(page);
            const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
            assert.deepEqual(bad, [], `${variant}: ${JSON.stringify(bad, null, 1)}`);
            // The audit really looked at colours: contrast was checked and passed.
            assert.ok(r.passes.includes('color-contrast'), `${variant}: contrast not audited`);
            if (variant === 'consent') {
              await page.evaluate(() => window.cg.ui.open());
              await page.locator(sel.dialog).waitFor();
              const d = await audit(page);
              const badD = d.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
              assert.deepEqual(badD, [], `dialog: ${JSON.stringify(badD, null, 1)}`);
              assert.ok(d.passes.includes('color-contrast'));
              assert.ok(d.passes.includes('aria-toggle-field-name') || d.passes.includes('button-name'));
            }
            await page.close();
          }
        } finally {
          await context.close();
        }
      });
    }
  }

  for (const scheme of ['light', 'dark']) {
    test(`modal banner, floating button and unavailable message (${scheme})`, async () => {
      const context = await ctx.browser.newContext({ colorScheme: scheme, reducedMotion: 'reduce' });
      try {
        const cases = [
          [{ variant: 'consent', config: makeConfig({ ui: { modal: true } }) }, sel.banner],
          [{ variant: 'none' }, sel.fab],
          [{ variant: 'pending', failed: true }, 'cookiegate-ui [role=alert]'],
        ];
        for (const [opts, what] of cases) {
          const { page } = await openUI(ctx, context, opts);
          await page.locator(what).waitFor();
          const r = await audit(page);
          const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
          assert.deepEqual(bad, [], `${what}: ${JSON.stringify(bad, null, 1)}`);
          assert.ok(r.passes.includes('color-contrast'), `${what}: contrast not audited`);
          await page.close();
        }
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
      const r = await audit(page);
      assert.ok(r.violations.some((v) => v.impact === 'serious' || v.impact === 'critical'), JSON.stringify(r.violations));
    } finally {
      await context.close();
    }
  });
});
