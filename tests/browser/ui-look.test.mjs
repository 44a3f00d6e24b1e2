// The look: layouts and positions, categories as disclosures, cookie tables that
// reflow instead of breaking words, right-to-left languages, reduced motion, and the
// equal-weight theming rule: no exposed ::part() or --cg-* property can make Reject
// all look different from Accept all, and README lists exactly what the code exposes.
import { after, before, describe } from 'node:test';
import { test } from './harness.mjs';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeConfig, openUI, repoRoot, rtlConfig, sel, setup } from './ui-support.mjs';
import { en as EN_TEXTS } from '../../web/src/ui/texts.js';

let ctx;
before(async () => { ctx = await setup(); });
after(() => ctx?.close());

async function withPage(opts, fn, contextOpts = {}) {
  const context = await ctx.browser.newContext({ reducedMotion: 'reduce', ...contextOpts });
  try {
    const { page, problems } = await openUI(ctx, context, opts);
    return await fn(page, problems);
  } finally {
    await context.close();
  }
}

const button = (page, where, name) => page.locator(`${where} button`, { hasText: name });

describe('layouts', () => {
  const cases = [
    // [ui, what must hold of the banner's box in a 1280x800 viewport]
    [{ layout: 'bar', position: 'bottom' }, (r) => r.bottom > 760 && r.width > 900 && r.height < 200],
    [{ layout: 'bar', position: 'top' }, (r) => r.top < 40 && r.width > 900 && r.height < 200],
    [{ layout: 'box', position: 'bottom-right' }, (r) => r.right > 1240 && r.bottom > 760 && r.width < 450],
    [{ layout: 'box', position: 'bottom-left' }, (r) => r.left < 40 && r.bottom > 760 && r.width < 450],
    [{ layout: 'modal', position: 'center' }, (r) => Math.abs(r.left + r.width / 2 - 640) < 2 && Math.abs(r.top + r.height / 2 - 400) < 2],
  ];
  for (const [ui, where] of cases) {
    test(`${ui.layout} ${ui.position}: placed there, covering little, Reject and Accept on the first layer`, () =>
      withPage({ variant: 'consent', config: makeConfig({ ui: { ...ui, modal: ui.layout === 'modal' } }) }, async (page, problems) => {
        const banner = page.locator(sel.banner);
        await banner.waitFor();
        assert.equal(await banner.getAttribute('data-layout'), ui.layout);
        const r = await banner.evaluate((b) => b.getBoundingClientRect().toJSON());
        assert.ok(where(r), `${ui.layout} ${ui.position}: ${JSON.stringify(r)}`);
        if (ui.layout !== 'modal') assert.ok(r.width * r.height < 0.25 * 1280 * 800, 'covers under a quarter of the page');
        // As tall as its content: no empty box down to the viewport's edge.
        const gap = await banner.evaluate((b) => b.getBoundingClientRect().bottom -
          Math.max(...[...b.children].map((c) => c.getBoundingClientRect().bottom)) - parseFloat(getComputedStyle(b).paddingBottom));
        assert.ok(gap < 4, `${ui.layout}: ${gap} px of empty box below the content`);
        assert.equal(await banner.evaluate((b) => b.localName), ui.layout === 'modal' ? 'dialog' : 'div');
        for (const name of [EN_TEXTS.rejectAll, EN_TEXTS.acceptAll, EN_TEXTS.customize])
          assert.ok(await button(page, sel.banner, name).isVisible(), `${name} visible`);
        assert.deepEqual(problems.violations, []);
      }, { viewport: { width: 1280, height: 800 } }));
  }

  // A popover's own style is `width: fit-content`: a bar must not shrink to a short text.
  test('a bar spans the page whatever its text: a short banner text, the "unavailable" banner', async () => {
    for (const opts of [{ variant: 'consent', config: makeConfig({ texts: { en: { bannerText: 'Cookies?' } } }) },
      { variant: 'consent', failed: true }]) {
      await withPage(opts, async (page) => {
        const banner = page.locator(sel.banner);
        await banner.waitFor();
        const r = await banner.evaluate((b) => b.getBoundingClientRect().toJSON());
        assert.ok(r.width > 900, `${JSON.stringify(opts)}: ${JSON.stringify(r)}`);
      }, { viewport: { width: 1280, height: 800 } });
    }
  });

  test('every first-layer variant with choices has Reject and Accept, as one part, Customize apart', async () => {
    // The re-ask banner's pair is Refuse and Agree (they decide only what it names).
    for (const [variant, reject, accept] of [['consent', 'rejectAll', 'acceptAll'], ['reconsent', 'refuse', 'agree']]) {
      for (const layout of ['bar', 'box', 'modal']) {
        await withPage({ variant, config: makeConfig({ ui: { layout, modal: layout === 'modal' } }) }, async (page) => {
          await page.locator(sel.banner).waitFor();
          const parts = await page.locator(sel.banner).evaluate((b) =>
            Object.fromEntries([...b.querySelectorAll('button')].map((x) => [x.textContent, x.getAttribute('part')])));
          assert.equal(parts[EN_TEXTS[reject]], 'choice', `${variant} ${layout}`);
          assert.equal(parts[EN_TEXTS[accept]], 'choice', `${variant} ${layout}`);
          assert.equal(parts[EN_TEXTS.customize], 'secondary', `${variant} ${layout}`);
        });
      }
    }
  });

  // Each modal dialog in the top layer has a ::backdrop; two stacked darkened the page
  // twice over (and the banner with it) behind the preferences opened from it.
  test('modal: the preferences opened from the banner dim the page once, not twice', () =>
    withPage({ variant: 'consent', config: makeConfig({ ui: { layout: 'modal', modal: true } }) }, async (page) => {
      await page.locator(sel.banner).waitFor();
      const dimming = () => page.evaluate(() => [...document.querySelector('cookiegate-ui').shadowRoot.querySelectorAll('dialog[open]')]
        .map((d) => [d.className, d.matches(':modal'), getComputedStyle(d, '::backdrop').backgroundColor])
        .filter(([, modal, bg]) => modal && !/^(transparent|rgba\(\d+, \d+, \d+, 0\))$/.test(bg)));
      assert.deepEqual((await dimming()).map(([c]) => c), ['bn'], 'the modal banner alone dims the page');
      await button(page, sel.banner, EN_TEXTS.customize).click();
      await page.locator(sel.dialog).waitFor();
      assert.equal((await dimming()).length, 1, `one backdrop darkens the page: ${JSON.stringify(await dimming())}`);
      // What dims the page at the moment the dialog closes: its 'close' event is a task of
      // its own, and a frame painted before it showed the banner again, dimming the page
      // after the choice (a CI run read it there).
      await page.evaluate(() => {
        const root = document.querySelector('cookiegate-ui').shadowRoot;
        const dg = root.querySelector('dialog.dg');
        const mo = new MutationObserver(() => {
          if (dg.isConnected && dg.open) return;
          mo.disconnect();
          window.atClose = [...root.querySelectorAll('dialog[open]')].map((d) => d.className);
        });
        mo.observe(dg, { attributeFilter: ['open'] });
        mo.observe(root, { childList: true });
      });
      await page.locator(sel.dialog).locator('button', { hasText: EN_TEXTS.rejectAll }).first().click();
      await page.waitForFunction(() => window.atClose);
      assert.deepEqual(await page.evaluate(() => window.atClose), [], 'the banner is gone as the dialog closes');
      await page.locator(sel.dialog).waitFor({ state: 'detached' });
      assert.deepEqual(await dimming(), [], 'nothing dims the page once the visitor has chosen');
    }, { viewport: { width: 1280, height: 800 } }));
});

describe('preferences dialog', () => {
  test('categories are disclosures: collapsed, switch operable without expanding, details inside', () =>
    withPage({ variant: 'consent' }, async (page) => {
      await page.locator(sel.banner).waitFor();
      await page.evaluate(() => window.cg.ui.open());
      await page.locator(sel.dialog).waitFor();
      const section = page.locator(`${sel.dialog} section[data-category=analytics]`);
      const toggle = section.locator('h3 > button');
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
      const panelId = await toggle.getAttribute('aria-controls');
      const panel = page.locator(`cookiegate-ui [id="${panelId}"]`);
      assert.equal(await panel.isVisible(), false, 'collapsed by default');
      assert.equal(await section.locator('table').isVisible(), false, 'the cookie table is inside');
      // The switch works while collapsed, and is named by the category.
      const sw = section.locator('.ch [role=switch]');
      assert.ok(await sw.isVisible());
      assert.equal(await sw.getAttribute('aria-checked'), 'false');
      await sw.click();
      assert.equal(await sw.getAttribute('aria-checked'), 'true');
      assert.equal(await panel.isVisible(), false, 'toggling the switch does not expand');
      assert.equal(await sw.evaluate((s) => s.getRootNode().getElementById(s.getAttribute('aria-labelledby')).textContent), 'Analytics');
      // Keyboard: Enter on the title expands; again collapses.
      await toggle.focus();
      await page.keyboard.press('Enter');
      assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
      assert.ok(await panel.isVisible());
      const inside = await panel.innerText();
      for (const s of ['Counts visits', EN_TEXTS.services, 'Matomo', '_pk_id', '13 months']) assert.ok(inside.includes(s), s);
      await page.keyboard.press('Space');
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
      assert.equal(await panel.isVisible(), false);
    }));

  // A long-worded config at a phone's width: the table becomes labelled blocks, and
  // no word is split across lines (each word's text has a single client rect).
  for (const [mode, language, config] of [
    ['en', 'en', makeConfig()],
    ['zh', 'zh', makeConfig()],
    ['rtl', 'ar', rtlConfig()],
  ]) {
    test(`cookie tables reflow at 360px without breaking words (${mode})`, () =>
      withPage({ variant: 'consent', language, config: longTable(config) }, async (page) => {
        await page.locator(sel.banner).waitFor();
        await page.evaluate(() => window.cg.ui.open());
        await page.locator(sel.dialog).waitFor();
        for (const t of await page.locator(`${sel.dialog} .ct h3 > button`).all()) await t.click();
        const r = await page.locator(sel.dialog).evaluate((d) => {
          const broken = [];
          const cells = [...d.querySelectorAll('td')];
          for (const td of cells) {
            if (td.scrollWidth > td.clientWidth) broken.push('overflows: ' + td.textContent);
            const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              // Words of scripts with spaces; CJK text may break between any two ideographs.
              for (const m of n.data.matchAll(/[\p{L}\p{N}_.-]+/gu)) {
                if (/\p{Script=Han}/u.test(m[0])) continue;
                const range = document.createRange();
                range.setStart(n, m.index);
                range.setEnd(n, m.index + m[0].length);
                const tops = new Set([...range.getClientRects()].map((x) => Math.round(x.top)));
                if (tops.size > 1) broken.push(m[0]);
              }
            }
          }
          const labelled = cells.every((td) => getComputedStyle(td, '::before').content.length > 2);
          return { broken, cells: cells.length, labelled, block: getComputedStyle(cells[0]).display,
            sideways: d.querySelector('.bd').scrollWidth > d.querySelector('.bd').clientWidth };
        });
        assert.ok(r.cells >= 8);
        assert.deepEqual(r.broken, []);
        assert.equal(r.labelled, true, 'each cell shows its column name');
        assert.notEqual(r.block, 'table-cell', 'rows became blocks');
        assert.equal(r.sideways, false, 'no sideways scrolling');
      }, { viewport: { width: 360, height: 740 } }));
  }

  // A visitor trial: at 375-414 px the zh dialog's 保存选择 (Save choices) sat beside the
  // Reject/Accept pair, one character per line (Chinese may break between any two).
  for (const width of [320, 375, 390, 414]) {
    test(`zh at ${width} px: no button label broken inside a word, in the banner or the dialog`, () =>
      withPage({ variant: 'consent', language: 'zh' }, async (page) => {
        await page.locator(sel.banner).waitFor();
        await page.evaluate(() => window.cg.ui.open());
        await page.locator(sel.dialog).waitFor();
        const split = await page.evaluate(() => [...document.querySelector('cookiegate-ui').shadowRoot.querySelectorAll('button.bt')]
          .filter((b) => b.getClientRects().length)
          .map((b) => {
            const range = document.createRange();
            range.selectNodeContents(b);
            return [b.textContent, new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size];
          })
          .filter(([, lines]) => lines > 1));
        assert.deepEqual(split, []);
      }, { viewport: { width, height: 740 } }));
  }

  test('a wide screen keeps the table a table', () =>
    withPage({ variant: 'consent', config: longTable(makeConfig()) }, async (page) => {
      await page.locator(sel.banner).waitFor();
      await page.evaluate(() => window.cg.ui.open());
      await page.locator(`${sel.dialog} section[data-category=analytics] h3 > button`).click();
      assert.equal(await page.locator(`${sel.dialog} section[data-category=analytics] td`).first()
        .evaluate((td) => getComputedStyle(td).display), 'table-cell');
    }, { viewport: { width: 1280, height: 800 } }));
});

function longTable(config) {
  const c = structuredClone(config);
  c.categories[1].cookieTable.push(
    { name: 'cookiegate_consent_state', provider: 'cookiegate.example.com', purpose: { en: 'Remembers which categories the visitor allowed', zh: '记住访客允许了哪些类别', ar: 'يتذكر الفئات التي سمح بها الزائر' }, duration: { en: '12 months', zh: '12 个月', ar: '12 شهرًا' } },
    { name: '_ga_MEASUREMENTID', provider: 'Google Analytics', purpose: { en: 'Distinguishes visitors for statistics', zh: '区分访客以便统计', ar: 'يميّز الزوار لأغراض الإحصاء' }, duration: { en: '2 years', zh: '2 年', ar: 'سنتان' } },
  );
  return c;
}

describe('right-to-left', () => {
  test('an Arabic config renders right-to-left, banner and dialog, by the core\'s direction', () =>
    withPage({ variant: 'consent', language: 'ar', config: rtlConfig() }, async (page) => {
      const banner = page.locator(sel.banner);
      await banner.waitFor();
      assert.equal(await banner.getAttribute('dir'), 'rtl');
      assert.equal(await banner.getAttribute('lang'), 'ar');
      assert.equal(await banner.evaluate((b) => getComputedStyle(b).direction), 'rtl');
      await page.evaluate(() => window.cg.ui.open());
      const dialog = page.locator(sel.dialog);
      await dialog.waitFor();
      assert.equal(await dialog.getAttribute('dir'), 'rtl');
      // The title is at the right edge, the close button at the left.
      const [title, closeBtn] = await dialog.evaluate((d) =>
        [d.querySelector('h2').getBoundingClientRect().right, d.querySelector('.hd button').getBoundingClientRect().left]);
      assert.ok(title > closeBtn);
    }));

  test('without the core\'s directions (before validation) text stays left-to-right', () =>
    withPage({ variant: 'consent', language: 'ar', config: { ...rtlConfig(), directions: undefined } }, async (page) => {
      await page.locator(sel.banner).waitFor();
      assert.equal(await page.locator(sel.banner).getAttribute('dir'), 'ltr');
    }));
});

// Forced colours (Windows High Contrast) replace every background with the system's
// Canvas: a trial found the On and Off switches alike there, their knob and fill being
// backgrounds.
describe('forced colours', () => {
  test('On and Off switches look different in forced colours; the usual look is unchanged', () =>
    withPage({ variant: 'consent' }, async (page) => {
      await page.evaluate(() => window.cg.ui.open());
      await page.locator(sel.dialog).waitFor();
      const on = page.locator(`${sel.dialog} section[data-category=analytics] > .ch > [role=switch]`);
      const off = page.locator(`${sel.dialog} section[data-category=marketing] > .ch > [role=switch]`);
      await on.click();
      // Focus off the switch: its ring is not what tells On from Off.
      await page.locator(`${sel.dialog} h2`).click();
      assert.deepEqual([await on.getAttribute('aria-checked'), await off.getAttribute('aria-checked')], ['true', 'false']);
      const look = (sw) => sw.evaluate((b) => {
        const t = b.querySelector('.tr');
        const s = getComputedStyle(t);
        return { fill: s.backgroundColor, edge: s.borderTopColor, knob: getComputedStyle(t, '::after').backgroundColor };
      });
      // The light scheme's defaults (README "Custom properties"): --cg-switch-on's fill
      // (--cg-button-bg) and --cg-button-fg's knob when on, --cg-border's edge and knob when off.
      const usual = { on: { fill: 'rgb(29, 63, 143)', edge: 'rgb(29, 63, 143)', knob: 'rgb(255, 255, 255)' },
        off: { fill: 'rgba(0, 0, 0, 0)', edge: 'rgb(118, 122, 133)', knob: 'rgb(118, 122, 133)' } };
      assert.deepEqual({ on: await look(on), off: await look(off) }, usual);
      await page.emulateMedia({ forcedColors: 'active' });
      await page.waitForFunction(() => matchMedia('(forced-colors: active)').matches);
      // One switch in both states, at the same place: the pixels can differ only by its state.
      const offPixels = await off.locator('.tr').screenshot();
      await off.click();
      await page.locator(`${sel.dialog} h2`).click();
      assert.equal(await off.getAttribute('aria-checked'), 'true');
      const onPixels = await off.locator('.tr').screenshot();
      assert.ok(!onPixels.equals(offPixels), 'the switch renders the same pixels On and Off in forced colours');
      await off.click();
      await page.locator(`${sel.dialog} h2`).click();
      const forced = { on: await look(on), off: await look(off) };
      assert.notEqual(forced.on.knob, forced.on.fill, `the On knob stands out of its fill: ${JSON.stringify(forced)}`);
      assert.notEqual(forced.off.knob, forced.off.fill, `the Off knob is drawn: ${JSON.stringify(forced)}`);
      await page.emulateMedia({ forcedColors: 'none' });
      assert.deepEqual({ on: await look(on), off: await look(off) }, usual);
    }));
});

describe('reduced motion', () => {
  test('no transition or animation anywhere when reduced', () =>
    withPage({ variant: 'consent' }, async (page) => {
      await page.locator(sel.banner).waitFor();
      await page.evaluate(() => window.cg.ui.open());
      await page.locator(sel.dialog).waitFor();
      const moving = () => page.evaluate(() => {
        const out = [];
        const all = [...document.querySelector('cookiegate-ui').shadowRoot.querySelectorAll('*')];
        for (const e of all)
          for (const p of [null, '::before', '::after']) {
            const cs = getComputedStyle(e, p);
            const t = cs.transitionDuration.split(',').some((d) => parseFloat(d) > 0);
            if (t || cs.animationName !== 'none') out.push(e.className + (p || ''));
          }
        return out;
      });
      assert.deepEqual(await moving(), []);
      await page.emulateMedia({ reducedMotion: 'no-preference' });
      assert.ok((await moving()).length > 0, 'the probe sees motion when it is allowed');
    }));
});

// ---------------------------------------------------------------------------------
// Equal weight under theming.

// What a page can set, as documented: README's tables, read back here.
async function documented() {
  const readme = await readFile(join(repoRoot, 'README.md'), 'utf8');
  const section = (title) => {
    const at = readme.indexOf(`### ${title}`);
    assert.ok(at >= 0, `README has a "${title}" section`);
    const end = readme.indexOf('\n#', at + 4);
    return readme.slice(at, end < 0 ? undefined : end);
  };
  const first = (text, re) => [...text.matchAll(re)].map((m) => m[1]);
  return {
    properties: first(section('Custom properties'), /^\| `(--cg-[a-z-]+)`/gm).sort(),
    parts: first(section('Parts'), /^\| `([a-z-]+)`/gm).sort(),
  };
}

// Every computed property that could make one button weaker than another.
const WEIGHT = ['color', 'backgroundColor', 'backgroundImage', 'borderTopWidth', 'borderTopStyle', 'borderTopColor',
  'borderBottomWidth', 'borderBottomColor', 'borderLeftWidth', 'borderLeftColor', 'borderRightWidth', 'borderRightColor',
  'borderTopLeftRadius', 'borderBottomRightRadius', 'fontFamily', 'fontSize', 'fontWeight', 'fontStyle', 'letterSpacing',
  'textTransform', 'textDecorationLine', 'textDecorationColor', 'paddingTop', 'paddingLeft', 'paddingRight', 'paddingBottom',
  'opacity', 'outlineStyle', 'outlineWidth', 'outlineColor', 'boxShadow', 'filter', 'visibility', 'display', 'cursor',
  'minHeight', 'lineHeight', 'transform', 'scale', 'mixBlendMode', 'textShadow'];

// The styles and size of Accept all and Reject all, wherever they are shown.
function weights(page) {
  return page.evaluate((props) => {
    const root = document.querySelector('cookiegate-ui').shadowRoot;
    const out = [];
    for (const box of root.querySelectorAll('.bn, dialog.dg[open]')) {
      const [reject, accept] = [...box.querySelectorAll('.pr > button')];
      const of = (b) => {
        const cs = getComputedStyle(b);
        const r = b.getBoundingClientRect();
        return { ...Object.fromEntries(props.map((p) => [p, cs[p]])), width: Math.round(r.width), height: Math.round(r.height) };
      };
      out.push({ where: box.className, reject: of(reject), accept: of(accept) });
    }
    return out;
  }, WEIGHT);
}

// A snapshot of every element's computed style, to prove a setting reached something.
function everything(page) {
  return page.evaluate(() => {
    const root = document.querySelector('cookiegate-ui').shadowRoot;
    return [...root.querySelectorAll('*')].map((e) => {
      const cs = getComputedStyle(e);
      const bd = e.localName === 'dialog' ? getComputedStyle(e, '::backdrop').backgroundColor : '';
      return [cs.color, cs.backgroundColor, cs.borderTopColor, cs.borderTopLeftRadius, cs.paddingTop, cs.fontFamily,
        cs.fontSize, cs.boxShadow, cs.outlineColor, cs.textDecorationColor, bd].join();
    }).join('\n');
  });
}

// A distinctive value for each kind of property.
function valueFor(name) {
  if (name.includes('radius')) return '13px';
  if (name.includes('space')) return '23px';
  if (name.includes('font-size')) return '27px';
  if (name.includes('font')) return 'monospace';
  if (name.includes('shadow')) return '5px 6px 0 rgb(1, 2, 3)';
  return 'rgb(201, 7, 97)';
}

const PART_STYLE = 'color: rgb(1, 120, 3) !important; background: rgb(4, 5, 160) !important; border: 7px dotted rgb(8, 9, 10) !important; ' +
  'font-size: 31px !important; font-weight: 300 !important; font-family: monospace !important; padding: 13px 17px !important; ' +
  'opacity: .6 !important; outline: 5px solid rgb(200, 0, 0) !important; box-shadow: 3px 3px rgb(0, 200, 0) !important; ' +
  'text-decoration: line-through !important; letter-spacing: 2px !important; border-radius: 0 !important; width: 140px; min-height: 70px; ' +
  'text-transform: uppercase; filter: blur(1px); display: flex; line-height: 2';

describe('theming keeps Accept and Reject equal', () => {
  test('README lists exactly the custom properties in the styles and the parts the UI exposes', async () => {
    const docs = await documented();
    const css = (await import('../../web/src/ui/styles.js')).default;
    const inCss = [...new Set([...css.matchAll(/--cg-[a-z-]+/g)].map((m) => m[0]))].sort();
    assert.deepEqual(docs.properties, inCss);
    // The opt-in UI's modules (./regional.js's layers and the placeholders have their own).
    const source = (await Promise.all(['index', 'banner', 'preferences', 'choices', 'switches', 'i18n']
      .map((f) => readFile(join(repoRoot, `web/src/ui/${f}.js`), 'utf8')))).join('\n');
    const inJs = [...new Set([...source.matchAll(/part: (?:[^,{}]*\?)?\s*'([a-z-]+)'(?:\s*:\s*'([a-z-]+)')?/g)].flatMap((m) => [m[1], m[2]]).filter(Boolean))].sort();
    assert.deepEqual(docs.parts, inJs);
  });

  test('no documented part or property styles Reject differently from Accept, and each reaches the UI', async () => {
    const docs = await documented();
    const context = await ctx.browser.newContext({ reducedMotion: 'reduce', viewport: { width: 1280, height: 900 } });
    try {
      for (const layout of ['bar', 'box', 'modal']) {
        const { page } = await openUI(ctx, context, { variant: 'consent', config: makeConfig({ ui: { layout, modal: layout === 'modal' } }) });
        await page.locator(sel.banner).waitFor();
        // The preferences too (modal layout: the banner is inert behind it, so open it only for bar).
        if (layout === 'bar') {
          await page.evaluate(() => window.cg.ui.open());
          await page.locator(sel.dialog).waitFor();
          for (const t of await page.locator(`${sel.dialog} .ct h3 > button`).all()) await t.evaluate((b) => b.click());
        }
        // The page's own style sheet, as a site would write it (a constructable sheet:
        // the test page's CSP refuses <style>).
        await page.evaluate(() => {
          window.sheet = new CSSStyleSheet();
          document.adoptedStyleSheets = [window.sheet];
        });
        const apply = (text) => page.evaluate((t) => window.sheet.replaceSync(t), text);
        const check = async (what) => {
          const ws = await weights(page);
          assert.ok(ws.length >= 1);
          for (const w of ws) assert.deepEqual(w.reject, w.accept, `${layout}, ${what}: Reject and Accept differ in ${w.where}`);
        };
        await check('defaults');
        const base = await everything(page);
        for (const part of docs.parts) {
          await apply(`cookiegate-ui::part(${part}) { ${PART_STYLE} } cookiegate-ui::part(${part}):hover { color: red }`);
          await check(`::part(${part})`);
          // (The floating button is not shown while the banner is: not present here.)
          if (layout === 'bar' && part !== 'floating-button') assert.ok(await everything(page) !== base, `::part(${part}) reaches nothing`);
        }
        for (const prop of docs.properties) {
          await apply(`cookiegate-ui { ${prop}: ${valueFor(prop)} }`);
          await check(prop);
          if (layout === 'bar' && prop !== '--cg-focus')
            assert.ok(await everything(page) !== base, `${prop} reaches nothing`);
        }
        // All at once, and the focus ring: Accept focused looks as Reject focused.
        await apply(`cookiegate-ui { ${docs.properties.map((p) => `${p}: ${valueFor(p)}`).join(';')} }`);
        await check('every property');
        await apply('');
        await page.close();
      }
    } finally {
      await context.close();
    }
  });

  test('--cg-radius reaches the buttons and --cg-focus the focus ring, the same for Accept and Reject', () =>
    withPage({ variant: 'consent' }, async (page) => {
      await page.locator(sel.banner).waitFor();
      await page.evaluate(() => {
        const s = new CSSStyleSheet();
        s.replaceSync('cookiegate-ui { --cg-radius: 13px; --cg-focus: rgb(201, 7, 97) }');
        document.adoptedStyleSheets = [s];
      });
      const ring = async (name) => {
        const b = button(page, sel.banner, name);
        await b.focus();
        // Focus by keyboard so :focus-visible applies as it would for a visitor.
        await page.keyboard.press('Shift+Tab');
        await page.keyboard.press('Tab');
        return b.evaluate((x) => {
          const cs = getComputedStyle(x);
          return { radius: cs.borderTopLeftRadius, outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`, focused: x.matches(':focus-visible') };
        });
      };
      const reject = await ring(EN_TEXTS.rejectAll);
      const accept = await ring(EN_TEXTS.acceptAll);
      assert.equal(reject.radius, '13px');
      assert.equal(reject.focused, true);
      assert.match(reject.outline, /rgb\(201, 7, 97\)/);
      assert.deepEqual(reject, accept);
    }));
});
