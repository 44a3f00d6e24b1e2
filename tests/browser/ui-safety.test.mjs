// The UI survives a hostile host page and hostile config texts: CSS cannot hide it, an
// overlay cannot cover it, config texts never become markup or script, and it needs
// nothing a strict CSP or Trusted Types would block.
import { after, before, describe } from 'node:test';
import { test } from './harness.mjs';
import assert from 'node:assert/strict';
import { en as EN } from '../../web/src/ui/texts.js';
import { makeConfig, makeState, openUI, sel, setup } from './ui-support.mjs';

let ctx;
before(async () => { ctx = await setup(); });
after(() => ctx?.close());

describe('hostile host CSS', () => {
  for (const modal of [false, true]) {
    test(`a total reset and a max z-index overlay neither hide nor cover the banner${modal ? ' (modal)' : ''}`, async () => {
      const context = await ctx.browser.newContext({ viewport: { width: 1000, height: 720 } });
      try {
        const { page, problems } = await openUI(ctx, context, { page: 'ui-hostile.html', variant: 'consent', config: makeConfig({ ui: { modal } }) });
        await page.locator(sel.banner).waitFor();
        // The overlay is really on top of the page's content; a modal banner's backdrop
        // is above even that.
        assert.equal(await page.evaluate(() => document.elementFromPoint(5, 5).localName), modal ? 'cookiegate-ui' : 'div');
        for (const name of [EN.acceptAll, EN.rejectAll, EN.customize]) {
          const hit = await page.locator(`${sel.banner} button`, { hasText: name }).evaluate((b) => {
            const r = b.getBoundingClientRect();
            const x = r.left + r.width / 2;
            const y = r.top + r.height / 2;
            const host = document.elementFromPoint(x, y);
            return { visible: r.width > 40 && r.height > 20, host: host?.localName, inner: host?.shadowRoot?.elementFromPoint(x, y) === b };
          });
          assert.deepEqual(hit, { visible: true, host: 'cookiegate-ui', inner: true }, name);
        }
        const look = await page.locator(`${sel.banner} button`).first().evaluate((b) => {
          const s = getComputedStyle(b);
          return { fs: parseFloat(s.fontSize) >= 12, color: s.color !== s.backgroundColor, vis: getComputedStyle(b.closest('.bn')).visibility, op: getComputedStyle(b.getRootNode().host).opacity };
        });
        assert.deepEqual(look, { fs: true, color: true, vis: 'visible', op: '1' });
        await page.locator(`${sel.banner} button`, { hasText: EN.rejectAll }).click();
        await page.locator(sel.banner).waitFor({ state: 'detached' });
        assert.deepEqual(await page.evaluate(() => window.cg.calls), [['rejectAll']]);
        // The way back still works on this page, and its dialog is on top too.
        await page.locator(sel.fab).click();
        await page.locator(sel.dialog).waitFor();
        const top = await page.locator(`${sel.dialog} button`, { hasText: EN.save }).evaluate((b) => {
          const r = b.getBoundingClientRect();
          return b.getRootNode().elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === b;
        });
        assert.ok(top);
        await page.screenshot({ path: `build/screenshots/ui/hostile-page${modal ? '-modal' : ''}.png`, animations: 'disabled' });
        assert.deepEqual(problems.violations, []);
      } finally {
        await context.close();
      }
    });
  }

  test('no style attributes or <style> elements anywhere in the UI', async () => {
    const context = await ctx.browser.newContext();
    try {
      const { page, problems } = await openUI(ctx, context, { variant: 'reconsent' });
      await page.locator(sel.banner).waitFor();
      await page.evaluate(() => window.cg.ui.open());
      await page.locator(sel.dialog).waitFor();
      const found = await page.evaluate(() => {
        const r = document.querySelector('cookiegate-ui').shadowRoot;
        return { style: r.querySelectorAll('[style], style, link').length, sheets: r.adoptedStyleSheets.length, hostStyle: document.querySelector('cookiegate-ui').hasAttribute('style') };
      });
      // Constructed sheets only: the UI's, and the preferences dialog's, adopted when its
      // file arrived (cookiegate-preferences.js).
      assert.deepEqual(found, { style: 0, sheets: 2, hostStyle: false });
      assert.deepEqual(problems.violations, [], 'strict CSP with Trusted Types saw nothing blocked');
    } finally {
      await context.close();
    }
  });
});

// Payloads that would run if any text reached an HTML sink or a javascript: URL.
const corpus = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=1</script>',
  '"><svg onload=window.__pwned=1>',
  '<a href="javascript:window.__pwned=1">x</a>',
  '[click me](javascript:window.__pwned=1)',
  '[click me](JaVaScRiPt:window.__pwned=1)',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[vb](vbscript:msgbox)',
  '[tab](java\tscript:window.__pwned=1)',
  '[nl](java\nscript:window.__pwned=1)',
  '[entity](&#106;avascript:window.__pwned=1)',
  '[spaced]( javascript:window.__pwned=1)',
  '{{constructor.constructor("window.__pwned=1")()}}',
  '${window.__pwned=1}',
  '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
];
const safeSchemes = ['https:', 'http:', 'mailto:'];

function hostileConfig(payload, textKeys) {
  const texts = { en: Object.fromEntries(textKeys.map((k) => [k, `${k} ${payload} {categories} {version} {date}`])) };
  const cfg = makeConfig({ texts, ui: {} });
  cfg.policy.url = 'javascript:window.__pwned=1';
  cfg.policy.upcoming.summary = { en: payload, zh: payload };
  for (const c of cfg.categories) {
    c.title = { en: `${c.id} ${payload}`, zh: payload };
    c.description = { en: payload, zh: payload };
    for (const s of c.services || []) s.title = payload;
    c.cookieTable = [{ name: payload, provider: payload, purpose: { en: payload }, duration: { en: payload } }];
  }
  return cfg;
}

describe('XSS corpus in every text field', () => {
  test('the detector works: the same payload through innerHTML does fire', async () => {
    const page = await ctx.browser.newPage();
    try {
      await page.goto(ctx.server.url('/tests/browser/pages/ui-fake.html?nocsp'));
      await page.evaluate((p) => { document.body.insertAdjacentHTML('beforeend', p); }, corpus[0]);
      await page.waitForFunction(() => window.__pwned === 1);
    } finally {
      await page.close();
    }
  });

  test('every payload stays inert text in every variant and the dialog (no CSP to help)', async () => {
    const keys = Object.keys(EN);
    const allowed = ['a', 'button', 'dialog', 'div', 'h2', 'h3', 'h4', 'li', 'p', 'section', 'span', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul'];
    const context = await ctx.browser.newContext();
    try {
      for (const payload of corpus) {
        const page = await context.newPage();
        const dialogs = [];
        page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
        const errors = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        // No CSP on this page: only the UI's own care keeps these inert.
        await page.goto(ctx.server.url('/tests/browser/pages/ui-fake.html?nocsp'));
        await page.waitForFunction(() => window.cg);
        await page.evaluate((o) => window.cg.boot(o), { config: hostileConfig(payload, keys), state: makeState('consent'), language: 'en' });
        for (const variant of ['consent', 'reconsent', 'update', 'upcoming', 'dialog']) {
          if (variant === 'dialog') {
            await page.evaluate(() => window.cg.ui.open());
            await page.locator(sel.dialog).waitFor();
          } else {
            await page.evaluate((s) => window.cg.setState(s), makeState(variant));
            await page.locator(`${sel.banner}[data-variant=${variant}]`).waitFor();
          }
          const seen = await page.evaluate(() => {
            const r = document.querySelector('cookiegate-ui').shadowRoot;
            return {
              tags: [...new Set([...r.querySelectorAll('*')].map((e) => e.localName))].sort(),
              hrefs: [...r.querySelectorAll('a')].map((a) => a.getAttribute('href')),
              handlers: [...r.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name)),
              text: r.textContent,
            };
          });
          assert.deepEqual(seen.tags.filter((t) => !allowed.includes(t)), [], `${variant}: unexpected elements for ${payload}`);
          assert.deepEqual(seen.handlers, []);
          // What a click would open, by the same WHATWG URL parser browsers use.
          for (const h of seen.hrefs) assert.ok(safeSchemes.includes(new URL(h, 'https://site.example/').protocol), `${variant}: unsafe href ${h}`);
          // The payload's visible text is still there, as text.
          assert.ok(seen.text.includes(payload.includes('](') ? payload.slice(1, payload.indexOf(']')) : payload.slice(0, 8)), `${variant}: payload text missing for ${payload}`);
        }
        assert.equal(await page.evaluate(() => window.__pwned), undefined, `${payload} executed`);
        assert.deepEqual(dialogs, []);
        assert.deepEqual(errors, []);
        await page.close();
      }
    } finally {
      await context.close();
    }
  });

  test('the policy link with a javascript: URL is dropped; a relative one is kept', async () => {
    const context = await ctx.browser.newContext();
    try {
      const cfg = makeConfig();
      cfg.policy.url = ' javascript:alert(1)';
      const { page } = await openUI(ctx, context, { variant: 'consent', config: cfg });
      await page.locator(sel.banner).waitFor();
      assert.equal(await page.locator(`${sel.banner} a`).count(), 0);
      const text = { en: { bannerText: 'Read [our policy](/privacy#cookies) or [mail us](mailto:dpo@example.com) or [this](javascript:alert(1)).' } };
      const { page: p2 } = await openUI(ctx, context, { variant: 'consent', config: makeConfig({ texts: text }) });
      await p2.locator(sel.banner).waitFor();
      assert.deepEqual(await p2.locator(`${sel.banner} a`).evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')])), [
        ['our policy', '/privacy#cookies'], ['mail us', 'mailto:dpo@example.com'], ['Privacy policy', '/privacy'],
      ]);
      assert.match(await p2.locator(sel.banner).innerText(), /\[this\]\(javascript:alert\(1\)\)/);
    } finally {
      await context.close();
    }
  });
});
