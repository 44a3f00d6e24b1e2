// The UI inside the shipped script-tag bundle (web/dist/cookiegate.js + .wasm), driven
// by the real core: language negotiation, a keyboard choice stored in the cookie, the
// way back into the preferences after a reload, under a strict CSP with Trusted Types.
// Needs web/dist (node web/build.mjs).
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { en as EN, zh as ZH } from '../../web/src/ui/texts.js';
import { collectProblems, launchBrowser, repoRoot, startServer, test } from './harness.mjs';
import { focused, sel, tabUntil } from './ui-support.mjs';

const dist = join(repoRoot, 'web/dist');
const csp = "default-src 'none'; script-src 'nonce-cgtest' 'strict-dynamic' 'wasm-unsafe-eval'; " +
  "connect-src 'self'; style-src 'none'; base-uri 'none'; object-src 'none'; " +
  "require-trusted-types-for 'script'; trusted-types 'none'";

let server;
let browser;
before(async () => {
  assert.ok(existsSync(join(dist, 'cookiegate.js')), 'web/dist missing: run node web/build.mjs');
  server = await startServer({
    mounts: { '/site/': join(repoRoot, 'tests/browser/pages'), '/dist/': dist },
    headers: (_req, url) => (url.pathname.endsWith('.html') ? { 'Content-Security-Policy': csp } : {}),
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function site(locale, fn) {
  const context = await browser.newContext({ locale });
  const problems = await collectProblems(context);
  try {
    const page = await context.newPage();
    await page.goto(server.url('/site/ui-bundle.html'));
    await page.waitForFunction(() => window.CookieGate && window.CookieGate.get() && window.CookieGate.get().ready);
    await fn(page, context);
    assert.deepEqual(problems.violations, [], 'strict CSP: nothing blocked');
    assert.deepEqual(problems.pageErrors, []);
  } finally {
    await context.close();
  }
}

describe('the UI in the shipped bundle', () => {
  test('first visit in English: reject by keyboard, stored; after reload no banner, preferences reopen all off', async () => {
    await site('en-GB', async (page) => {
      const banner = page.locator(sel.banner);
      await banner.waitFor();
      assert.match(await banner.innerText(), new RegExp(EN.bannerTitle));
      assert.equal(await banner.getAttribute('lang'), 'en');
      await tabUntil(page, (f) => f.text === EN.rejectAll);
      await page.keyboard.press('Enter');
      await banner.waitFor({ state: 'detached' });
      assert.equal(await page.evaluate(() => window.CookieGate.get().categories.analytics), false);
      assert.ok(await page.evaluate(() => document.cookie.includes('cookiegate=')), 'the choice was stored');
      await page.reload();
      await page.waitForFunction(() => window.CookieGate.get()?.ready);
      await page.locator(sel.fab).waitFor();
      assert.equal(await page.locator(sel.banner).count(), 0, 'no banner once answered');
      await page.focus('#open-link');
      await page.keyboard.press('Enter');
      await page.locator(sel.dialog).waitFor();
      const on = await page.locator(`${sel.dialog} [role=switch]`).evaluateAll((s) => s.map((e) => e.getAttribute('aria-checked')));
      assert.deepEqual(on, ['true', 'false', 'false', 'false', 'false']);
      // Change of mind: analytics on, saved through the real core.
      await page.locator(`${sel.dialog} section[data-category=analytics] h3 + [role=switch]`).click();
      await page.locator(`${sel.dialog} button`, { hasText: EN.save }).click();
      await page.locator(sel.dialog).waitFor({ state: 'detached' });
      assert.deepEqual(await page.evaluate(() => {
        const g = window.CookieGate.get();
        return [g.categories.analytics, g.categories.marketing, g.services.stats];
      }), [true, false, true]);
      assert.equal((await focused(page)).id, 'open-link', 'focus returned');
    });
  });

  test('a Chinese browser gets the Chinese banner, chosen by the core', async () => {
    await site('zh-CN', async (page) => {
      const banner = page.locator(sel.banner);
      await page.waitForFunction(() => window.CookieGate.get().language === 'zh');
      await page.locator(`${sel.banner}[lang=zh]`).waitFor();
      const text = await banner.innerText();
      assert.match(text, new RegExp(ZH.bannerTitle));
      assert.match(text, new RegExp(ZH.rejectAll));
      await page.locator(`${sel.banner} button`, { hasText: ZH.acceptAll }).click();
      await banner.waitFor({ state: 'detached' });
      assert.equal(await page.evaluate(() => window.CookieGate.get().categories.marketing), true);
    });
  });

  // A trial's single-page app switched to Chinese by setting <html lang> (as i18n
  // routers do without a new page view): the banner stayed English.
  test('a page that switches <html lang> gets the banner in its new language, and the choice records it', async () => {
    await site('en-US', async (page) => {
      await page.locator(`${sel.banner}[lang=en]`).waitFor();
      const heard = page.evaluate(() => new Promise((ok) => window.CookieGate.on('state', () => ok(window.CookieGate.get().language))));
      await page.evaluate(() => { document.documentElement.lang = 'zh-CN'; });
      assert.equal(await heard, 'zh');
      const banner = page.locator(`${sel.banner}[lang=zh]`);
      await banner.waitFor();
      assert.match(await banner.innerText(), new RegExp(ZH.bannerTitle));
      await page.locator(`${sel.banner} button`, { hasText: ZH.rejectAll }).click();
      await banner.waitFor({ state: 'detached' });
      assert.equal(await page.evaluate(() => window.CookieGate.get().record.language), 'zh');
      // The status read to screen readers says so in the language it is in.
      assert.deepEqual(await page.evaluate(() => {
        const live = document.querySelector('cookiegate-ui').shadowRoot.querySelector('[role=status]');
        return [live.lang, live.textContent];
      }), ['zh', ZH.saved]);
      // Another change of the attribute that negotiates the same language says nothing new.
      const again = await page.evaluate(async () => {
        let n = 0;
        const off = window.CookieGate.on('state', () => { n++; });
        document.documentElement.lang = 'zh-Hans';
        // The observer's callback is the microtask queued by the change: it has run after this.
        await Promise.resolve();
        off();
        return n;
      });
      assert.equal(again, 0);
      // The floating button, there after the choice, follows a switch back.
      await page.locator(sel.fab, { hasText: ZH.openPreferences }).waitFor();
      await page.evaluate(() => { document.documentElement.lang = 'en'; });
      await page.locator(sel.fab, { hasText: EN.openPreferences }).waitFor();
    });
  });
});
