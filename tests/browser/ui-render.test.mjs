// The banner's variants and the preferences dialog render what the state asks for, in
// English, Chinese, bilingual and right-to-left mode, without layout shift, CSP
// violations or anything optional switched on in advance. Screenshots of every variant
// go to build/screenshots/ui/ for review.
import { after, before, describe } from 'node:test';
import { test } from './harness.mjs';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { en as EN, zh as ZH } from '../../web/src/ui/texts.js';
import { en, makeConfig, makeState, openUI, sel, setup, shotDir, zh } from './ui-support.mjs';

let ctx;
before(async () => { ctx = await setup(); });
after(() => ctx?.close());

const modes = {
  en: { language: 'en', ui: {} },
  zh: { language: 'zh', ui: {} },
  bilingual: { language: 'en', ui: { bilingual: ['zh', 'en'] } },
};
// Which texts each mode must show: one language, or both.
const wanted = (mode) => (mode === 'zh' ? [ZH] : mode === 'en' ? [EN] : [ZH, EN]);
const titles = (mode) => (mode === 'zh' ? [zh] : mode === 'en' ? [en] : [zh, en]);
const unwanted = (mode) => (mode === 'zh' ? [EN] : mode === 'en' ? [ZH] : []);

const expectations = {
  consent: (T) => [T.bannerTitle, T.bannerText, T.acceptAll, T.rejectAll, T.customize, T.policyLink],
  reconsent: (T) => [T.reconsentTitle, T.reconsentText.split('{categories}')[0], T.agree, T.refuse],
  update: (T) => [T.noticeUpdateTitle, T.noticeUpdateText.split('{version}')[0], T.dismiss],
  upcoming: (T) => [T.noticeUpcomingTitle, T.dismiss],
};

async function shot(page, name) {
  await page.screenshot({ path: join(shotDir, name + '.png'), animations: 'disabled' });
}

describe('banner variants', () => {
  for (const [mode, m] of Object.entries(modes)) {
    for (const variant of Object.keys(expectations)) {
      test(`${variant} banner shows its texts (${mode})`, async () => {
        const context = await ctx.browser.newContext({ viewport: { width: 1000, height: 720 } });
        try {
          const { page, problems } = await openUI(ctx, context, { variant, language: m.language, config: makeConfig({ ui: m.ui }) });
          const banner = page.locator(sel.banner);
          await banner.waitFor();
          const text = await banner.innerText();
          for (const T of wanted(mode)) for (const s of expectations[variant](T)) assert.ok(text.includes(s), `missing "${s}" in:\n${text}`);
          for (const T of unwanted(mode)) {
            for (const k of ['rejectAll', 'dismiss', 'agree', 'refuse']) assert.ok(!text.includes(T[k]), `other language leaked (${k}):\n${text}`);
          }
          assert.equal(await banner.getAttribute('data-variant'), variant);
          if (variant === 'reconsent') {
            for (const t of titles(mode)) {
              assert.ok(text.includes(t.analytics), 'names the changed category');
              assert.ok(!text.includes(t.marketing) && !text.includes(t.necessary), 'names only the changed category');
            }
          }
          if (variant === 'update') assert.match(text, /1\.3\.0/);
          if (variant === 'upcoming') {
            assert.match(text, /2\.0\.0/);
            assert.match(text, mode === 'en' ? /March 1, 2027/ : /2027年3月1日/);
            if (mode !== 'zh') assert.match(text, /new analytics provider/);
            if (mode !== 'en') assert.match(text, /新增一家统计服务商/);
          }
          if (mode === 'bilingual') {
            // Each language's part is marked with its lang so screen readers switch voice.
            assert.equal(await page.locator(`${sel.banner} .bi > [lang=zh]`).count(), await page.locator(`${sel.banner} .bi > [lang=en]`).count());
            assert.ok((await page.locator(`${sel.banner} .bi > [lang=zh]`).count()) >= 1);
          } else {
            assert.equal(await banner.getAttribute('lang'), m.language);
          }
          const link = page.locator(`${sel.banner} a`);
          assert.equal(await link.getAttribute('href'), '/privacy');
          await shot(page, `banner-${variant}-${mode}`);
          assert.deepEqual(problems.violations, []);
          assert.deepEqual(problems.pageErrors, []);
        } finally {
          await context.close();
        }
      });
    }

    test(`preferences dialog shows categories, services and cookie tables (${mode})`, async () => {
      const context = await ctx.browser.newContext({ viewport: { width: 1000, height: 900 } });
      try {
        const { page, problems } = await openUI(ctx, context, { variant: 'consent', language: m.language, config: makeConfig({ ui: m.ui }) });
        await page.evaluate(() => window.cg.ui.open());
        const dialog = page.locator(sel.dialog);
        await dialog.waitFor();
        // Categories are disclosures, collapsed at first: open each to read its details.
        for (const t of await dialog.locator('section h3 > button').all()) await t.click();
        const text = await dialog.innerText();
        for (const T of wanted(mode)) for (const s of [T.preferencesTitle, T.save, T.acceptAll, T.rejectAll, T.alwaysOn, T.services, T.cookiePurpose]) assert.ok(text.includes(s), `missing "${s}"`);
        for (const t of titles(mode)) for (const s of Object.values(t)) assert.ok(text.includes(s), `missing category "${s}"`);
        assert.match(text, /_pk_id/);
        assert.match(text, mode === 'en' ? /13 months/ : /13 个月/);
        assert.equal(await dialog.getAttribute('aria-modal'), 'true');
        for (const a of ['aria-labelledby', 'aria-describedby']) {
          const id = await dialog.getAttribute(a);
          assert.ok((await page.locator(`cookiegate-ui [id="${id}"]`).innerText()).length > 3, `${a} names real text`);
        }
        await shot(page, `preferences-${mode}`);
        assert.deepEqual(problems.violations, []);
      } finally {
        await context.close();
      }
    });
  }

  test('the unavailable message is shown, as an alert, when the core failed', async () => {
    const context = await ctx.browser.newContext();
    try {
      const { page } = await openUI(ctx, context, { variant: 'pending', failed: true });
      const alert = page.locator('cookiegate-ui [role=alert]');
      await alert.waitFor();
      assert.match(await alert.innerText(), new RegExp(EN.unavailable.slice(0, 30)));
      assert.equal(await page.locator(`${sel.banner} button`, { hasText: EN.acceptAll }).count(), 0, 'no choices offered that cannot be saved');
      await shot(page, 'banner-unavailable-en');
    } finally {
      await context.close();
    }
  });

  test('a core failure after start-up replaces the banner with the unavailable message', async () => {
    const context = await ctx.browser.newContext();
    try {
      const { page } = await openUI(ctx, context, { variant: 'consent' });
      await page.locator(sel.banner).waitFor();
      await page.evaluate(() => window.cg.fail());
      await page.locator('cookiegate-ui [role=alert][data-variant=unavailable]').waitFor();
      // The persistent "open preferences" path says so too instead of offering switches.
      await page.locator('cookiegate-ui [role=alert] button').click();
      await page.locator(sel.banner).waitFor({ state: 'detached' });
      await page.click('#open-link');
      await page.locator('cookiegate-ui [role=alert]').waitFor();
      assert.equal(await page.locator(sel.dialog).count(), 0);
    } finally {
      await context.close();
    }
  });

  test('before the core is ready: nothing while a consent cookie may hold a choice', async () => {
    const context = await ctx.browser.newContext();
    try {
      const { page } = await openUI(ctx, context, { variant: 'pending' });
      await page.waitForFunction(() => document.querySelector('cookiegate-ui')?.shadowRoot);
      assert.equal(await page.locator(sel.banner).count(), 0);
      assert.equal(await page.locator(sel.fab).count(), 0, 'no preferences before the real state');
      await page.evaluate((s) => window.cg.setState(s, 'zh'), makeState('consent'));
      await page.locator(sel.banner).waitFor();
      assert.match(await page.locator(sel.banner).innerText(), new RegExp(ZH.bannerTitle));
    } finally {
      await context.close();
    }
  });

  test('a page that removes the UI host gets it back, visible, on the next state', async () => {
    // Also the path of a state event that comes before the host is attached.
    const context = await ctx.browser.newContext();
    try {
      const { page } = await openUI(ctx, context, { variant: 'pending' });
      await page.waitForFunction(() => document.querySelector('cookiegate-ui'));
      await page.evaluate(() => document.body.replaceChildren(...[...document.body.children].filter((e) => e.localName !== 'cookiegate-ui')));
      await page.evaluate((s) => window.cg.setState(s), makeState('consent'));
      await page.locator(sel.banner).waitFor({ state: 'visible' });
      assert.ok(await page.locator(sel.banner).evaluate((b) => b.matches(':popover-open')));
      assert.equal(await page.evaluate(() => document.body.firstElementChild.localName), 'cookiegate-ui');
    } finally {
      await context.close();
    }
  });

  test('before the core is ready without a cookie: the banner shows at once; Customize waits for the state', async () => {
    const context = await ctx.browser.newContext();
    try {
      const { page } = await openUI(ctx, context, { variant: 'pending-consent' });
      await page.locator(sel.banner).waitFor();
      await page.locator(`${sel.banner} button`, { hasText: EN.customize }).click();
      assert.equal(await page.locator(sel.dialog).count(), 0);
      await page.evaluate((s) => window.cg.setState(s), makeState('consent'));
      await page.locator(sel.dialog).waitFor();
    } finally {
      await context.close();
    }
  });
});

describe('fairness by construction', () => {
  test('Accept all and Reject all have the same size, colours and font', async () => {
    const context = await ctx.browser.newContext();
    try {
      const { page } = await openUI(ctx, context, { variant: 'consent' });
      const look = (name) => page.locator(`${sel.banner} button`, { hasText: name }).evaluate((b) => {
        const s = getComputedStyle(b);
        const r = b.getBoundingClientRect();
        return { w: Math.round(r.width / 8), h: r.height, bg: s.backgroundColor, fg: s.color, fs: s.fontSize, fw: s.fontWeight, border: s.border, cls: b.className };
      });
      await page.locator(sel.banner).waitFor();
      // Widths differ only by their labels; allow one 8px step.
      const a = await look(EN.acceptAll);
      const r = await look(EN.rejectAll);
      assert.ok(Math.abs(a.w - r.w) <= 1, `widths ${a.w} vs ${r.w}`);
      delete a.w; delete r.w;
      assert.deepEqual(a, r);
    } finally {
      await context.close();
    }
  });

  test('optional categories and services start off; required ones are shown on and locked', async () => {
    const context = await ctx.browser.newContext();
    try {
      const { page } = await openUI(ctx, context, { variant: 'consent' });
      await page.evaluate(() => window.cg.ui.open());
      await page.locator(sel.dialog).waitFor();
      const switches = await page.locator(`${sel.dialog} [role=switch]`).evaluateAll((els) =>
        els.map((e) => ({ cat: e.closest('section').dataset.category, on: e.getAttribute('aria-checked'), disabled: e.disabled })));
      assert.deepEqual(switches, [
        { cat: 'necessary', on: 'true', disabled: true },
        { cat: 'analytics', on: 'false', disabled: false },
        { cat: 'analytics', on: 'false', disabled: false },
        { cat: 'marketing', on: 'false', disabled: false },
        { cat: 'marketing', on: 'false', disabled: false },
      ]);
    } finally {
      await context.close();
    }
  });

  test('switches reflect what the core allows when reopened, and saving sends exactly the switches', async () => {
    const context = await ctx.browser.newContext();
    try {
      const { page } = await openUI(ctx, context, { variant: 'none' });
      await page.locator(sel.fab).click();
      await page.locator(sel.dialog).waitFor();
      const on = () => page.locator(`${sel.dialog} [role=switch][aria-checked=true]:not(:disabled)`).count();
      assert.equal(await on(), 2, 'analytics and matomo, as the state says');
      // A service's switch is inside its category's details.
      await page.locator(`${sel.dialog} section[data-category=marketing] h3 > button`).click();
      await page.locator(`${sel.dialog} section[data-category=marketing] li [role=switch]`).click();
      assert.equal(await page.locator(`${sel.dialog} section[data-category=marketing] h3 + [role=switch]`).getAttribute('aria-checked'), 'true', 'a service switched on turns its category on');
      await page.locator(`${sel.dialog} section[data-category=analytics] h3 + [role=switch]`).click();
      await page.locator(`${sel.dialog} button`, { hasText: EN.save }).click();
      await page.locator(sel.dialog).waitFor({ state: 'detached' });
      const calls = await page.evaluate(() => window.cg.calls);
      assert.deepEqual(calls, [['set', { analytics: false, marketing: true }, { matomo: false, ads: true }]]);
      await page.waitForFunction(() => document.querySelector('cookiegate-ui').shadowRoot.querySelector('[role=status]').textContent.includes('saved'));
    } finally {
      await context.close();
    }
  });

  // The core stores a category whose every service is switched off as refused
  // (core/choice.cpp); a trial's dialog still showed the category On meanwhile.
  test('switching off a category\'s every service shows the category off, as Save stores it', async () => {
    const context = await ctx.browser.newContext();
    try {
      const { page } = await openUI(ctx, context, { variant: 'none' });
      await page.locator(sel.fab).click();
      await page.locator(sel.dialog).waitFor();
      const cat = page.locator(`${sel.dialog} section[data-category=analytics] h3 + [role=switch]`);
      assert.equal(await cat.getAttribute('aria-checked'), 'true');
      await page.locator(`${sel.dialog} section[data-category=analytics] h3 > button`).click();
      await page.locator(`${sel.dialog} section[data-category=analytics] li [role=switch]`).click();
      assert.equal(await cat.getAttribute('aria-checked'), 'false', 'its only service off: the category shows off');
      await page.locator(`${sel.dialog} button`, { hasText: EN.save }).click();
      await page.locator(sel.dialog).waitFor({ state: 'detached' });
      assert.deepEqual(await page.evaluate(() => window.cg.calls), [['set', { analytics: false, marketing: false }, { matomo: false, ads: false }]]);
    } finally {
      await context.close();
    }
  });

  test('the re-ask banner\'s Agree and Refuse decide only the categories it names', async () => {
    for (const [label, v] of [[EN.agree, true], [EN.refuse, false]]) {
      const context = await ctx.browser.newContext();
      try {
        // analytics changed (asked); marketing granted before and not asked.
        const { page } = await openUI(ctx, context, { variant: 'reconsent' });
        await page.locator(`${sel.banner} button`, { hasText: label }).click();
        await page.locator(sel.banner).waitFor({ state: 'detached' });
        assert.deepEqual(await page.evaluate(() => window.cg.calls), [['set', { analytics: v }, {}]]);
      } finally {
        await context.close();
      }
    }
  });

  // After a placeholder's Load (category_changed), a service added or a pipl refusal 48
  // hours old, the first layer's Reject all refuses what the core asks, and a grant not
  // on screen stands (a trial's Reject all took back a video just loaded): the core's
  // firstLayerReject says which (tests/core/test_evaluate.cpp); Accept all always
  // accepts all.
  test('the first layer\'s Reject all refuses only what the core asks when it says so', async () => {
    for (const [firstLayerReject, expected] of [['asked', ['set', { analytics: false }, {}]], ['reject_all', ['rejectAll']]]) {
      const context = await ctx.browser.newContext();
      try {
        const st = { ...makeState('reconsent'), prompt: 'consent', firstLayerReject };
        const { page } = await openUI(ctx, context, { variant: 'consent', state: st });
        await page.locator(`${sel.banner} button`, { hasText: EN.rejectAll }).click();
        await page.locator(sel.banner).waitFor({ state: 'detached' });
        assert.deepEqual(await page.evaluate(() => window.cg.calls), [expected], firstLayerReject);
      } finally {
        await context.close();
      }
    }
    const context = await ctx.browser.newContext();
    try {
      const { page } = await openUI(ctx, context, { variant: 'consent', state: { ...makeState('reconsent'), prompt: 'consent' } });
      await page.locator(`${sel.banner} button`, { hasText: EN.acceptAll }).click();
      await page.locator(sel.banner).waitFor({ state: 'detached' });
      assert.deepEqual(await page.evaluate(() => window.cg.calls), [['acceptAll']]);
    } finally {
      await context.close();
    }
  });

  // The text says "We have changed how we use …": it names what the core calls changed
  // (everything asked after a MAJOR change), never a category asked again only because
  // pipl lets a 48-hour-old refusal be asked again (nothing about it changed).
  test('the re-ask banner names changed categories only: not a pipl refusal asked again', async () => {
    const reask = (reason, analytics, marketing) => {
      const st = makeState('reconsent');
      st.reason = reason;
      // What the core says when every optional category is asked: nothing stands.
      if (analytics.ask && marketing.ask) st.firstLayerReject = 'reject_all';
      st.categories = st.categories.map((c) => (c.id === 'analytics' ? { ...c, ...analytics }
        : c.id === 'marketing' ? { ...c, allowed: false, services: [{ id: 'ads', allowed: false }], ...marketing } : c));
      return st;
    };
    const asked = { ask: true, changed: false };
    for (const [label, state, names, calls] of [
      ['a refusal asked again, alone', reask('reask_after_refusal', asked, asked), null, null],
      ['beside a changed category', reask('category_changed', { ask: true, changed: true }, asked), [en.analytics], { analytics: false }],
      ['a MAJOR change (the core marks every asked category changed)', reask('major_update', { ask: true, changed: true },
        { ask: true, changed: true }), [en.analytics, en.marketing], { analytics: false, marketing: false }],
    ]) {
      const context = await ctx.browser.newContext();
      try {
        const { page } = await openUI(ctx, context, { state });
        const banner = page.locator(sel.banner);
        await banner.waitFor();
        const text = await banner.innerText();
        if (!names) {
          assert.ok(!text.includes(EN.reconsentText.split('{categories}')[0]), `${label}: called a change:\n${text}`);
          assert.ok(text.includes(EN.bannerText), `${label}: not the consent banner's question:\n${text}`);
          await page.locator(`${sel.banner} button`, { hasText: EN.rejectAll }).click();
          await page.locator(sel.banner).waitFor({ state: 'detached' });
          assert.deepEqual(await page.evaluate(() => window.cg.calls), [['rejectAll']], label);
          continue;
        }
        const said = text.slice(text.indexOf(EN.reconsentText.split('{categories}')[0]));
        for (const t of [en.analytics, en.marketing]) assert.equal(said.includes(t), names.includes(t), `${label}: ${t} in:\n${said}`);
        await page.locator(`${sel.banner} button`, { hasText: EN.refuse }).click();
        await page.locator(sel.banner).waitFor({ state: 'detached' });
        assert.deepEqual(await page.evaluate(() => window.cg.calls), [['set', calls, {}]], label);
      } finally {
        await context.close();
      }
    }
  });

  test('a failed save keeps the dialog open and says so', async () => {
    const context = await ctx.browser.newContext();
    try {
      const { page } = await openUI(ctx, context, { variant: 'consent', rejectActions: true });
      await page.evaluate(() => window.cg.ui.open());
      await page.locator(`${sel.dialog} button`, { hasText: EN.save }).click();
      await page.locator(`${sel.dialog} [role=alert]`).waitFor();
      assert.match(await page.locator(sel.live).innerText(), /cannot be saved/);
      assert.equal(await page.locator(sel.dialog).count(), 1);
    } finally {
      await context.close();
    }
  });
});

describe('layout', () => {
  test('no layout shift; the host takes no space', async () => {
    const context = await ctx.browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(ctx.server.url('/tests/browser/pages/ui-fake.html'));
      await page.evaluate(() => {
        window.__shift = 0;
        const add = (entries) => { for (const e of entries) window.__shift += e.value; };
        const observer = new PerformanceObserver((l) => add(l.getEntries()));
        observer.observe({ type: 'layout-shift', buffered: true });
        // Entries not yet delivered to the callback count too.
        window.__shifted = () => { add(observer.takeRecords()); return window.__shift; };
      });
      const before = await page.locator('h1').boundingBox();
      await page.waitForFunction(() => window.cg);
      await page.evaluate((o) => window.cg.boot(o), { config: makeConfig(), state: makeState('consent'), language: 'en' });
      await page.locator(sel.banner).waitFor();
      // Out of the page's flow by construction: the banner is in the top layer.
      assert.equal(await page.locator(sel.banner).evaluate((el) => el.matches(':popover-open')), true);
      // Measured once the banner's entrance has played out: its frames are rendered.
      await page.locator(sel.banner).evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
      assert.deepEqual(await page.locator('h1').boundingBox(), before);
      assert.equal(await page.evaluate(() => window.__shifted()), 0);
      assert.equal(await page.evaluate(() => document.querySelector('cookiegate-ui').getBoundingClientRect().height), 0);
    } finally {
      await context.close();
    }
  });

  for (const variant of ['consent', 'upcoming']) {
    test(`fits a 320px wide screen (${variant}, bilingual)`, async () => {
      const context = await ctx.browser.newContext({ viewport: { width: 320, height: 640 } });
      try {
        const { page } = await openUI(ctx, context, { variant, config: makeConfig({ ui: { bilingual: ['zh', 'en'] } }) });
        await page.locator(sel.banner).waitFor();
        const fits = (s) => page.locator(s).evaluate((el) => {
          const r = el.getBoundingClientRect();
          // Rendered ones: a collapsed category's details are hidden.
          const buttons = [...el.querySelectorAll('button')].filter((b) => b.getClientRects().length).map((b) => b.getBoundingClientRect());
          return r.left >= 0 && r.right <= innerWidth && el.scrollWidth <= el.clientWidth &&
            buttons.every((b) => b.left >= r.left && b.right <= r.right && b.width > 0);
        });
        assert.ok(await fits(sel.banner), 'banner');
        await shot(page, `banner-${variant}-320px`);
        await page.evaluate(() => window.cg.ui.open());
        await page.locator(sel.dialog).waitFor();
        assert.ok(await fits(sel.dialog), 'dialog');
        assert.ok(await page.locator(`${sel.dialog} .bd`).evaluate((b) => b.scrollWidth <= b.clientWidth), 'no sideways scrolling');
        await shot(page, `preferences-320px`);
      } finally {
        await context.close();
      }
    });
  }

  test('right-to-left languages render mirrored', async () => {
    const context = await ctx.browser.newContext({ viewport: { width: 1000, height: 720 } });
    try {
      const config = makeConfig({
        languages: ['ar', 'en'],
        directions: { ar: 'rtl', en: 'ltr' }, // as the core answers (core/language.hpp)
        texts: { ar: { bannerTitle: 'ملفات تعريف الارتباط', acceptAll: 'قبول الكل', rejectAll: 'رفض الكل', customize: 'تخصيص' } },
      });
      const { page } = await openUI(ctx, context, { variant: 'consent', language: 'ar', config });
      const banner = page.locator(sel.banner);
      await banner.waitFor();
      assert.equal(await banner.getAttribute('dir'), 'rtl');
      assert.match(await banner.innerText(), /رفض الكل/);
      const x = (name) => page.locator(`${sel.banner} button`, { hasText: name }).evaluate((b) => b.getBoundingClientRect().left);
      assert.ok((await x('رفض الكل')) > (await x('قبول الكل')), 'first button on the right');
      await shot(page, 'banner-consent-rtl');
    } finally {
      await context.close();
    }
  });

  test('prefers-reduced-motion turns the animation off', async () => {
    const context = await ctx.browser.newContext({ reducedMotion: 'reduce' });
    try {
      const { page } = await openUI(ctx, context, { variant: 'consent' });
      await page.locator(sel.banner).waitFor();
      assert.equal(await page.locator(sel.banner).evaluate((b) => getComputedStyle(b).animationName), 'none');
      await page.emulateMedia({ reducedMotion: 'no-preference' });
      assert.notEqual(await page.locator(sel.banner).evaluate((b) => getComputedStyle(b).animationName), 'none');
    } finally {
      await context.close();
    }
  });

  test('dark scheme screenshots', async () => {
    const context = await ctx.browser.newContext({ colorScheme: 'dark', viewport: { width: 1000, height: 900 } });
    try {
      const { page } = await openUI(ctx, context, { variant: 'consent', language: 'zh' });
      await page.locator(sel.banner).waitFor();
      const bg = await page.locator(sel.banner).evaluate((b) => getComputedStyle(b).backgroundColor);
      assert.equal(bg, 'rgb(31, 32, 36)');
      await shot(page, 'banner-consent-zh-dark');
      await page.evaluate(() => window.cg.ui.open());
      await page.locator(sel.dialog).waitFor();
      await shot(page, 'preferences-zh-dark');
    } finally {
      await context.close();
    }
  });

  test('a theme set through --cg-* custom properties applies', async () => {
    const context = await ctx.browser.newContext();
    try {
      const { page } = await openUI(ctx, context, { variant: 'consent' });
      await page.locator(sel.banner).waitFor();
      // A CSSOM rule, which the page's CSP allows (as a site's own stylesheet would be).
      await page.evaluate(() => {
        const s = new CSSStyleSheet();
        s.replaceSync('body { --cg-button-bg: rgb(0, 90, 0); --cg-bg: rgb(250, 250, 240); }');
        document.adoptedStyleSheets = [s];
      });
      const look = await page.locator(`${sel.banner} button`).first().evaluate((b) => [getComputedStyle(b).backgroundColor, getComputedStyle(b.closest('.bn')).backgroundColor]);
      assert.deepEqual(look, ['rgb(0, 90, 0)', 'rgb(250, 250, 240)']);
    } finally {
      await context.close();
    }
  });
});

// Turbo, pjax and htmx boost replace <body> with a new one: the UI (a child of the old
// body) must come back under the new body at once, and "Cookie settings" links in the
// new body must keep working (the click is delegated on the document).
describe('a page that swaps its <body>', () => {
  // A new body as those libraries build it: parsed elsewhere, with its own links.
  const swap = (page) => page.evaluate(() => {
    const body = document.createElement('body');
    const a = Object.assign(document.createElement('a'), { href: '#s', id: 'new-link', textContent: 'Cookie settings' });
    a.setAttribute('data-cookiegate-open', '');
    body.append(Object.assign(document.createElement('p'), { textContent: 'the next page' }), a);
    document.body.replaceWith(body);
  });
  const underBody = (page) => page.waitForFunction(() => document.body.firstElementChild?.localName === 'cookiegate-ui');

  test('the banner comes back, shown, under the new body', async () => {
    const context = await ctx.browser.newContext();
    try {
      const { page, problems } = await openUI(ctx, context, { variant: 'consent' });
      await page.locator(sel.banner).waitFor({ state: 'visible' });
      await swap(page);
      await underBody(page);
      await page.locator(sel.banner).waitFor({ state: 'visible' });
      assert.ok(await page.locator(sel.banner).evaluate((b) => b.matches(':popover-open')));
      await page.locator(`${sel.banner} button`, { hasText: EN.rejectAll }).click();
      await page.locator(sel.fab).waitFor({ state: 'visible' });
      assert.deepEqual(problems.pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test('the floating button and the new body\'s settings link open the dialog', async () => {
    const context = await ctx.browser.newContext();
    try {
      const { page, problems } = await openUI(ctx, context, { variant: 'none' });
      await page.locator(sel.fab).waitFor({ state: 'visible' });
      await swap(page);
      await underBody(page);
      await page.locator(sel.fab).waitFor({ state: 'visible' });
      await page.click('#new-link');
      await page.locator(sel.dialog).waitFor({ state: 'visible' });
      assert.ok(await page.locator(sel.dialog).evaluate((d) => d.matches(':modal')));
      await page.keyboard.press('Escape');
      await page.locator('cookiegate-ui dialog.dg').waitFor({ state: 'detached' });
      // A second swap: still one host, the link of the newest body works too.
      await swap(page);
      await underBody(page);
      await page.click('#new-link');
      await page.locator(sel.dialog).waitFor({ state: 'visible' });
      assert.equal(await page.evaluate(() => document.querySelectorAll('cookiegate-ui').length), 1);
      assert.deepEqual(problems.pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test('an open dialog stays open and modal, its switches as they were, focus inside it', async () => {
    const context = await ctx.browser.newContext();
    try {
      const { page, problems } = await openUI(ctx, context, { variant: 'none' });
      await page.locator(sel.fab).click();
      await page.locator(sel.dialog).waitFor({ state: 'visible' });
      const marketing = page.locator(`${sel.dialog} section[data-category=marketing] .ch [role=switch]`);
      assert.equal(await marketing.getAttribute('aria-checked'), 'false');
      await marketing.click();
      assert.equal(await marketing.getAttribute('aria-checked'), 'true');
      await swap(page);
      await underBody(page);
      await page.waitForFunction(() =>
        document.querySelector('cookiegate-ui').shadowRoot.querySelector('dialog.dg')?.matches(':modal'));
      assert.equal(await marketing.getAttribute('aria-checked'), 'true', 'the unsaved switch is kept');
      assert.ok(await page.evaluate(() => {
        const root = document.querySelector('cookiegate-ui').shadowRoot;
        return document.activeElement.localName === 'cookiegate-ui' && !!root.activeElement?.closest('dialog.dg');
      }), 'focus is inside the dialog');
      await page.locator(`${sel.dialog} button`, { hasText: EN.save }).click();
      await page.locator(sel.dialog).waitFor({ state: 'detached' });
      const calls = await page.evaluate(() => window.cg.calls);
      assert.deepEqual(calls.at(-1)[1], { analytics: true, marketing: true });
      assert.deepEqual(problems.pageErrors, []);
    } finally {
      await context.close();
    }
  });
});

describe('destroy()', () => {
  test('removes the UI for good: no later state, error or body swap brings it back', async () => {
    const context = await ctx.browser.newContext();
    try {
      const { page, problems } = await openUI(ctx, context, { variant: 'consent' });
      await page.locator(sel.banner).waitFor();
      await page.evaluate(() => window.cg.ui.destroy());
      assert.equal(await page.locator('cookiegate-ui').count(), 0, 'destroy() removes the host');
      // The room the banner kept clear of focus (web/src/ui/index.js) goes with it.
      await page.waitForFunction(() => getComputedStyle(document.documentElement).scrollPaddingBottom === 'auto');
      // Each of these drew the UI again under <body> before: the listeners outlived destroy().
      await page.evaluate((s) => window.cg.setState(s), makeState('consent'));
      assert.equal(await page.locator('cookiegate-ui').count(), 0, 'a state event after destroy()');
      await page.evaluate(() => window.cg.fail());
      assert.equal(await page.locator('cookiegate-ui').count(), 0, 'an error event after destroy()');
      await page.evaluate(() => new Promise((done) => {
        document.body.replaceWith(document.createElement('body'));
        requestAnimationFrame(() => requestAnimationFrame(done));
      }));
      assert.equal(await page.locator('cookiegate-ui').count(), 0, 'a body swap after destroy()');
      assert.deepEqual(problems.pageErrors, []);
    } finally {
      await context.close();
    }
  });
});
