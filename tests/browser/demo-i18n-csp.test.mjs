// The demo in both languages, and its strict-CSP pages: the banner follows <html lang>,
// a choice made in one language holds in the other, and the strict Content-Security-
// Policy page works end to end with zero violations.
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { collectProblems, test } from './harness.mjs';
import {
  banner, bannerVariant, clickBanner, dialog, open, ran, ready, shot, startDemo, waitRan, withContext,
} from './demo-support.mjs';

let demo;
before(async () => { demo = await startDemo(); });
after(async () => { await demo?.close(); });

const T = { timeout: 60000 };

describe('demo: languages', () => {
  test('the Chinese site shows a Chinese banner, the English site an English one, one choice for both', T, async () => {
    await withContext(demo, async (context) => {
      const page = await context.newPage();
      const { got } = await open(demo, page, '/zh/');
      assert.equal(got.language, 'zh');
      assert.equal(await bannerVariant(page), 'consent');
      assert.equal(await banner(page).getAttribute('lang'), 'zh');
      assert.match(await banner(page).textContent(), /本网站使用 Cookie/);
      await shot(page, '30-zh-banner');

      // The language switch in the header.
      await page.locator('[data-lang-switch]').click();
      await page.waitForURL(/\/en\/$/);
      const en = await ready(page);
      assert.equal(en.language, 'en');
      assert.equal(await banner(page).getAttribute('lang'), 'en');
      await clickBanner(page, 'Accept all');
      await waitRan(page, ['analytics']);

      await page.locator('[data-lang-switch]').click();
      await page.waitForURL(/\/zh\/$/);
      const zh = await ready(page);
      assert.equal(zh.prompt, 'none');
      assert.equal(await banner(page).count(), 0);
      await waitRan(page, ['analytics', 'chat', 'pixel']);
      // The footer link opens the preferences, in Chinese.
      await page.locator('footer').getByRole('link', { name: 'Cookie 设置' }).click();
      const dlg = dialog(page);
      await dlg.waitFor({ state: 'visible' });
      assert.match(await dlg.textContent(), /隐私偏好设置/);
      assert.match(await dlg.textContent(), /统计分析/);
      await shot(page, '31-zh-preferences');
    });
  });

  test('the Chinese privacy policy covers the four categories, withdrawal and updates', T, async () => {
    await withContext(demo, async (context) => {
      const page = await context.newPage();
      await open(demo, page, '/zh/privacy.html');
      const text = await page.locator('main').textContent();
      for (const heading of ['必要', '偏好与功能', '统计分析', '营销', '撤回', '重大变更', '次要变更']) {
        assert.ok(text.includes(heading), heading);
      }
      // The banner's policy link leads to the policy in the page's own language.
      const link = banner(page).locator('a[href]', { hasText: '隐私政策' });
      const href = await link.getAttribute('href');
      assert.equal(new URL(href, page.url()).pathname, '/zh/privacy.html');
    });
  });
});

describe('demo: strict Content-Security-Policy', () => {
  for (const lang of ['en', 'zh']) {
    test(`/${lang}/strict.html works end to end with zero violations`, T, async () => {
      await withContext(demo, async (context) => {
        const problems = await collectProblems(context);
        const page = await context.newPage();
        const { response, got } = await open(demo, page, `/${lang}/strict.html`);
        const csp = response.headers()['content-security-policy'];
        assert.match(csp, /script-src 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic' 'wasm-unsafe-eval'/);
        assert.match(csp, /require-trusted-types-for 'script'; trusted-types 'none'/);
        assert.equal(got.failed, false);
        assert.equal(await bannerVariant(page), 'consent');
        assert.deepEqual(await ran(page), []);

        await clickBanner(page, lang === 'en' ? 'Accept all' : '全部接受');
        await waitRan(page, ['analytics', 'chat', 'pixel', 'video']);
        await page.reload();
        await ready(page);
        await waitRan(page, ['analytics', 'chat', 'pixel', 'video']);
        // The preferences dialog opens and closes under the policy too.
        await page.locator('footer [data-cookiegate-open]').click();
        await dialog(page).waitFor({ state: 'visible' });
        await page.keyboard.press('Escape');
        await dialog(page).waitFor({ state: 'detached' });
        await shot(page, `32-strict-csp-${lang}`);

        const seen = await page.evaluate(() => window.__violations || []);
        assert.deepEqual(problems.violations, []);
        assert.deepEqual(seen, []);
        assert.deepEqual(problems.console, []);
        assert.deepEqual(problems.pageErrors, []);
      });
    });
  }
});
