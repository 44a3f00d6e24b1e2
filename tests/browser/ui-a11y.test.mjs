// axe-core audits of what ui-screenshots.test.mjs does not sweep (the modal banner, the
// floating button, the unavailable message; no serious or critical violations), and of
// the audit itself. That sweep audits every banner variant and the preferences dialog
// in every language, scheme and width; an audit of them here was the same audit again.
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

describe('axe-core', () => {
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
