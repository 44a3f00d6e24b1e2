// Keyboard-only use: the banner is reached first, Reject needs no more key presses
// than Accept, the preferences dialog traps focus, Escape closes it and focus goes
// back where it came from.
import { after, before, describe } from 'node:test';
import { test } from './harness.mjs';
import assert from 'node:assert/strict';
import { en as EN, zh as ZH } from '../../web/src/ui/texts.js';
import { focused, makeConfig, openUI, sel, setup, tabUntil } from './ui-support.mjs';

let ctx;
before(async () => { ctx = await setup(); });
after(() => ctx?.close());

async function withUI(opts, fn) {
  const context = await ctx.browser.newContext();
  try {
    const { page, problems } = await openUI(ctx, context, opts);
    await page.locator(opts.variant === 'none' ? sel.fab : sel.banner).waitFor();
    await fn(page);
    assert.deepEqual(problems.violations, []);
    assert.deepEqual(problems.pageErrors, []);
  } finally {
    await context.close();
  }
}
const isButton = (label) => (f) => f && f.tag === 'button' && f.text === label;
const calls = (page) => page.evaluate(() => window.cg.calls);

describe('banner by keyboard', () => {
  test('Reject all takes no more Tab presses than Accept all, and both come before the page', async () => {
    // Each count starts on a fresh page: blurring keeps Chromium's Tab starting point.
    const presses = {};
    for (const [name, match] of [['reject', isButton(EN.rejectAll)], ['accept', isButton(EN.acceptAll)], ['page', (f) => f?.id === 'page-button']]) {
      await withUI({ variant: 'consent' }, async (page) => { presses[name] = await tabUntil(page, match); });
    }
    assert.ok(presses.reject <= presses.accept, JSON.stringify(presses));
    assert.ok(presses.accept < presses.page, 'banner is reached before the page content');
  });

  test('reject all with the keyboard alone', async () => {
    await withUI({ variant: 'consent' }, async (page) => {
      await tabUntil(page, isButton(EN.rejectAll));
      // Focus is visible: a solid ring of at least 2px around the focused button.
      const ring = await page.evaluate(() => {
        const b = document.querySelector('cookiegate-ui').shadowRoot.activeElement;
        const s = getComputedStyle(b);
        return { style: s.outlineStyle, wide: parseFloat(s.outlineWidth) >= 2, visible: b.matches(':focus-visible') };
      });
      assert.deepEqual(ring, { style: 'solid', wide: true, visible: true });
      await page.keyboard.press('Enter');
      await page.locator(sel.banner).waitFor({ state: 'detached' });
      assert.deepEqual(await calls(page), [['rejectAll']]);
      await page.waitForFunction(() => /saved/.test(document.querySelector('cookiegate-ui').shadowRoot.querySelector('[role=status]').textContent));
      // Focus does not fall to <body>: it lands on the way back to the preferences.
      assert.equal((await focused(page)).text, EN.openPreferences);
    });
  });

  test('accept all with the keyboard alone (Space)', async () => {
    await withUI({ variant: 'consent' }, async (page) => {
      await tabUntil(page, isButton(EN.acceptAll));
      await page.keyboard.press('Space');
      await page.locator(sel.banner).waitFor({ state: 'detached' });
      assert.deepEqual(await calls(page), [['acceptAll']]);
    });
  });

  test('dismiss a policy update notice with the keyboard', async () => {
    await withUI({ variant: 'update' }, async (page) => {
      await tabUntil(page, isButton(EN.dismiss));
      await page.keyboard.press('Enter');
      await page.locator(sel.banner).waitFor({ state: 'detached' });
      assert.deepEqual(await calls(page), [['acknowledgeNotice']]);
    });
  });

  test('customize: choose one category with the keyboard and save', async () => {
    await withUI({ variant: 'consent' }, async (page) => {
      await tabUntil(page, isButton(EN.customize));
      await page.keyboard.press('Enter');
      await page.locator(sel.dialog).waitFor();
      assert.ok((await focused(page)).inDialog, 'focus moves into the dialog');
      // The first switch reached is Analytics: the required one is not focusable.
      await tabUntil(page, (f) => f.role === 'switch');
      assert.equal(await page.evaluate(() => {
        const a = document.querySelector('cookiegate-ui').shadowRoot.activeElement;
        return a.closest('section').dataset.category;
      }), 'analytics');
      await page.keyboard.press('Space');
      await tabUntil(page, isButton(EN.save));
      await page.keyboard.press('Enter');
      await page.locator(sel.dialog).waitFor({ state: 'detached' });
      assert.deepEqual(await calls(page), [['set', { analytics: true, marketing: false }, { matomo: true, ads: false }]]);
      await page.locator(sel.banner).waitFor({ state: 'detached' });
    });
  });
});

describe('preferences dialog focus', () => {
  test('Tab and Shift+Tab stay inside the dialog', async () => {
    await withUI({ variant: 'consent' }, async (page) => {
      await page.evaluate(() => window.cg.ui.open());
      await page.locator(sel.dialog).waitFor();
      const n = await page.locator(`${sel.dialog} button:not(:disabled)`).count();
      const seen = new Set();
      for (let i = 0; i < n + 3; i++) {
        await page.keyboard.press('Tab');
        const f = await focused(page);
        assert.ok(f.inDialog, `Tab ${i + 1} left the dialog: ${JSON.stringify(f)}`);
        seen.add(f.text);
      }
      assert.ok(seen.has(EN.close) && seen.has(EN.save), 'it cycles through the first and last control');
      for (let i = 0; i < n + 3; i++) {
        await page.keyboard.press('Shift+Tab');
        assert.ok((await focused(page)).inDialog, `Shift+Tab ${i + 1} left the dialog`);
      }
    });
  });

  test('Escape closes it and focus returns to the page element that opened it', async () => {
    await withUI({ variant: 'none' }, async (page) => {
      await page.focus('#open-link');
      await page.keyboard.press('Enter');
      await page.locator(sel.dialog).waitFor();
      await page.keyboard.press('Escape');
      // Escape removes [open] at once; the UI's close() runs at the 'close' event after it.
      await page.locator('cookiegate-ui dialog.dg').waitFor({ state: 'detached' });
      assert.equal((await focused(page)).id, 'open-link');
      assert.deepEqual(await calls(page), [], 'closing is not a choice');
    });
  });

  test('the floating button reopens the preferences; Close returns focus to it', async () => {
    await withUI({ variant: 'none' }, async (page) => {
      await tabUntil(page, isButton(EN.openPreferences));
      await page.keyboard.press('Enter');
      await page.locator(sel.dialog).waitFor();
      await tabUntil(page, isButton(EN.close));
      await page.keyboard.press('Enter');
      await page.locator(sel.dialog).waitFor({ state: 'detached' });
      assert.equal((await focused(page)).text, EN.openPreferences);
    });
  });

  test('withdrawing: reject all from the reopened preferences', async () => {
    await withUI({ variant: 'none' }, async (page) => {
      await page.focus('#open-link');
      await page.keyboard.press('Enter');
      await page.locator(sel.dialog).waitFor();
      await tabUntil(page, isButton(EN.rejectAll));
      await page.keyboard.press('Enter');
      await page.locator(sel.dialog).waitFor({ state: 'detached' });
      assert.deepEqual(await calls(page), [['rejectAll']]);
    });
  });

  // On a return visit the dialog is the only place to withdraw, so it links to the
  // policy as the first layer does (a trial found no link there).
  for (const language of ['en', 'zh']) {
    test(`a return visit's preferences link to the privacy policy, with the banner's words, reached by Tab (${language})`, async () => {
      await withUI({ variant: 'none', language }, async (page) => {
        await page.focus('#open-link');
        await page.keyboard.press('Enter');
        await page.locator(sel.dialog).waitFor();
        const link = page.locator(`${sel.dialog} a[part=link]`);
        assert.equal(await link.count(), 1);
        assert.equal(await link.getAttribute('href'), '/privacy');
        const words = language === 'zh' ? ZH.policyLink : EN.policyLink;
        assert.equal(await link.textContent(), words);
        await tabUntil(page, (f) => f.tag === 'a' && f.text === words && f.inDialog);
      });
    });
  }

  test('floatingButton: false hides the button; data-cookiegate-open still works', async () => {
    await withUI({ variant: 'consent', config: makeConfig({ ui: { floatingButton: false } }) }, async (page) => {
      await tabUntil(page, isButton(EN.acceptAll));
      await page.keyboard.press('Enter');
      await page.locator(sel.banner).waitFor({ state: 'detached' });
      assert.equal(await page.locator(sel.fab).count(), 0);
      await page.click('#open-link');
      await page.locator(sel.dialog).waitFor();
    });
  });
});

describe('modal banner', () => {
  test('holds focus, keeps Reject all on the first layer, and blocks the page', async () => {
    await withUI({ variant: 'consent', config: makeConfig({ ui: { modal: true } }) }, async (page) => {
      assert.ok((await focused(page)).inBanner, 'focus starts in the banner');
      const seen = new Set();
      for (let i = 0; i < 8; i++) {
        await page.keyboard.press('Tab');
        const f = await focused(page);
        assert.ok(f.inBanner, `Tab ${i + 1} left the modal banner`);
        seen.add(f.text);
      }
      assert.ok(seen.has(EN.rejectAll) && seen.has(EN.acceptAll));
      await page.keyboard.press('Escape');
      assert.equal(await page.locator(sel.banner).count(), 1, 'Escape is not a choice');
      await tabUntil(page, isButton(EN.rejectAll));
      await page.keyboard.press('Enter');
      await page.locator(sel.banner).waitFor({ state: 'detached' });
      assert.deepEqual(await calls(page), [['rejectAll']]);
    });
  });
});

// WCAG 2.4.11 Focus Not Obscured: a page's own links must not take focus under the
// non-modal banner. A trial tabbed to the demo's footer links (the end of the page) and
// found each one wholly behind the bar, at 1366x768 and on a phone.
describe('focus not obscured by the banner or the floating button (WCAG 2.4.11)', () => {
  // The banner's box and the focused page element's, once the first layer has reserved
  // its room (the root's scroll-padding) and its slide-in is over.
  const boxes = (page) => page.evaluate(() => {
    const b = document.querySelector('cookiegate-ui').shadowRoot.querySelector('.bn').getBoundingClientRect();
    const f = document.activeElement.getBoundingClientRect();
    return { banner: { top: b.top, bottom: b.bottom, left: b.left, right: b.right }, focused: { top: f.top, bottom: f.bottom, left: f.left, right: f.right }, id: document.activeElement.id };
  });
  const overlap = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const reserved = (page) => page.waitForFunction(() => {
    const b = document.querySelector('cookiegate-ui')?.shadowRoot.querySelector('.bn');
    return b && parseFloat(getComputedStyle(document.documentElement).scrollPaddingBottom) >= b.offsetHeight;
  });

  for (const viewport of [{ width: 1366, height: 768 }, { width: 360, height: 740 }]) {
    for (const layout of ['bar', 'box']) {
      test(`${viewport.width}x${viewport.height}, ${layout}: each footer link at the end of a long page is focused clear of the banner`, async () => {
        const context = await ctx.browser.newContext({ viewport, reducedMotion: 'reduce' });
        try {
          const { page, problems } = await openUI(ctx, context, { page: 'ui-long.html', variant: 'consent', config: makeConfig({ ui: { layout } }) });
          await page.locator(sel.banner).waitFor();
          await reserved(page);
          for (const id of ['privacy-link', 'settings-link', 'language-link']) {
            await tabUntil(page, (f) => f?.id === id);
            const r = await boxes(page);
            assert.ok(r.focused.top >= 0 && r.focused.bottom <= viewport.height, `${id} scrolled into view: ${JSON.stringify(r)}`);
            assert.ok(!overlap(r.focused, r.banner), `${id} is under the banner: ${JSON.stringify(r)}`);
          }
          assert.deepEqual(problems.violations, []);
          assert.deepEqual(problems.pageErrors, []);
        } finally {
          await context.close();
        }
      });
    }
  }

  test('a top bar keeps its height clear at the top, and adds no room that would push the page down', async () => {
    const context = await ctx.browser.newContext({ viewport: { width: 1366, height: 768 }, reducedMotion: 'reduce' });
    try {
      const { page } = await openUI(ctx, context, { page: 'ui-long.html', variant: 'consent', config: makeConfig({ ui: { layout: 'bar', position: 'top' } }) });
      await page.locator(sel.banner).waitFor();
      await page.waitForFunction(() => {
        const b = document.querySelector('cookiegate-ui').shadowRoot.querySelector('.bn');
        return parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) >= b.getBoundingClientRect().bottom;
      });
      assert.deepEqual(await page.evaluate(() => {
        const s = getComputedStyle(document.documentElement);
        return [s.scrollPaddingBottom, s.paddingTop, s.paddingBottom];
      }), ['auto', '0px', '0px']);
    } finally {
      await context.close();
    }
  });

  // With its own inline values the page keeps them while the floating button shows too
  // (a review: the button's room overrode a page's scroll-padding for good).
  for (const own of [false, true]) {
    test(`the room is the page's again when the banner goes${own ? ', its own inline scroll-padding and padding untouched, the floating button shown' : ''}`, async () => {
      const context = await ctx.browser.newContext({ viewport: { width: 360, height: 740 }, reducedMotion: 'reduce' });
      try {
        const { page, problems } = await openUI(ctx, context, { page: 'ui-long.html', query: own ? '?own' : '', variant: 'consent',
          config: makeConfig({ ui: { floatingButton: own } }) });
        const root = () => page.evaluate(() => {
          const s = getComputedStyle(document.documentElement);
          return { style: document.documentElement.getAttribute('style'), scroll: s.scrollPaddingBottom, padding: s.paddingBottom };
        });
        const before = await page.evaluate(() => window.own);
        assert.deepEqual(before, own
          ? { style: 'scroll-padding-bottom: 3px; padding-bottom: 2px !important;', scroll: '3px', padding: '2px' }
          : { style: null, scroll: 'auto', padding: '0px' });
        await page.locator(sel.banner).waitFor();
        await reserved(page);
        assert.equal((await root()).style, before.style, 'the page\'s style attribute is not written');
        await tabUntil(page, isButton(EN.rejectAll));
        await page.keyboard.press('Enter');
        await page.locator(sel.banner).waitFor({ state: 'detached' });
        if (own) await page.locator(sel.fab).waitFor();
        await page.waitForFunction((scroll) => getComputedStyle(document.documentElement).scrollPaddingBottom === scroll, before.scroll);
        assert.deepEqual(await root(), before);
        assert.deepEqual(problems.violations, []);
      } finally {
        await context.close();
      }
    });
  }

  // A visitor trial tabbed through the demo after Reject all: a placeholder's Load,
  // scrolled up from below the fold, stopped at the viewport's edge under the floating
  // button, the word "Load" hidden.
  for (const viewport of [{ width: 1280, height: 900 }, { width: 375, height: 740 }]) {
    test(`${viewport.width}x${viewport.height}: after a choice, a link tabbed to below the fold comes clear of the floating button, and no room is added at the end`, async () => {
      const context = await ctx.browser.newContext({ viewport, reducedMotion: 'reduce' });
      try {
        const { page, problems } = await openUI(ctx, context, { page: 'ui-long.html', variant: 'consent' });
        await page.evaluate(() => {
          const a = Object.assign(document.createElement('a'), { href: '#load', id: 'mid-link', textContent: 'Load' });
          document.querySelector('main').append(Object.assign(document.createElement('div'), { style: 'height: 2000px' }), a);
        });
        await tabUntil(page, isButton(EN.rejectAll));
        await page.keyboard.press('Enter');
        const fab = page.locator(sel.fab);
        await fab.waitFor();
        await page.waitForFunction(() => {
          const f = document.querySelector('cookiegate-ui').shadowRoot.querySelector('.fb');
          return parseFloat(getComputedStyle(document.documentElement).scrollPaddingBottom) >= f.offsetHeight;
        });
        assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).paddingBottom), '0px');
        await page.evaluate(() => { document.activeElement?.blur(); scrollTo(0, 0); });
        await tabUntil(page, (f) => f?.id === 'mid-link');
        const r = await page.evaluate(() => {
          const b = document.querySelector('cookiegate-ui').shadowRoot.querySelector('.fb').getBoundingClientRect();
          const f = document.activeElement.getBoundingClientRect();
          return { fab: { top: b.top, bottom: b.bottom, left: b.left, right: b.right }, focused: { top: f.top, bottom: f.bottom, left: f.left, right: f.right } };
        });
        assert.ok(r.focused.top >= 0 && r.focused.bottom <= viewport.height, `scrolled into view: ${JSON.stringify(r)}`);
        assert.ok(!overlap(r.focused, r.fab), `the link is under the floating button: ${JSON.stringify(r)}`);
        // A button the page hides keeps nothing clear (a review: its margins still did).
        await page.evaluate(() => {
          const hide = new CSSStyleSheet();  // the test page's CSP allows no inline <style>
          hide.replaceSync('cookiegate-ui::part(floating-button){display:none}');
          document.adoptedStyleSheets = [...document.adoptedStyleSheets, hide];
        });
        await page.waitForFunction(() => getComputedStyle(document.documentElement).scrollPaddingBottom === 'auto');
        assert.deepEqual(problems.pageErrors, []);
      } finally {
        await context.close();
      }
    });
  }
});
