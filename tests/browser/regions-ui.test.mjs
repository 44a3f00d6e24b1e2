// The regional first layers in Chromium, on the script-tag bundle with its UI: each
// row of the regions table that touches the UI (tests/fixtures/regions/config.json).
// The layers render the core's `regional` answer; these tests click them as a visitor
// does and read back what the core then allows.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';

import { collectProblems, launchBrowser, repoRoot, shownAboveDialog, startServer, test } from './harness.mjs';

const dist = join(repoRoot, 'web/dist');
const configText = readFileSync(join(repoRoot, 'tests/fixtures/regions/config.json'), 'utf8');
const LINK = 'Do Not Sell or Share My Personal Information';
const CHUNK = '/dist/cookiegate-regional.js';

// ?region=X → data-region="X"; &lang=zh → <html lang="zh">; &crawler → data-verified-crawler;
// &mark → the page has its own opt-out link element; &major → the policy's MAJOR
// version raised (2.0.0: returning visitors are asked again).
function page(url) {
  const q = url.searchParams;
  const region = q.get('region');
  const cfg = JSON.parse(configText);
  const text = q.has('major') ? JSON.stringify({ ...cfg, policy: { ...cfg.policy, version: '2.0.0' } }) : configText;
  return `<!doctype html><html lang="${q.get('lang') || 'en'}"><head><meta charset="utf-8">
<script type="application/json" id="cfg">${text}</script>
<script src="/dist/cookiegate.js" data-config="#cfg"${region === null ? '' : ` data-region="${region}"`}${q.has('crawler') ? ' data-verified-crawler="true"' : ''}></script>
<script>window.__events = []; ['ready', 'error', 'change', 'consent'].forEach((t) =>
  addEventListener('cookiegate:' + t, (e) => window.__events.push({ type: t, detail: e.detail })));</script>
</head><body><main><h1>Regions</h1><p>A page.</p>${q.has('mark') ? '<footer><a data-cookiegate-opt-out-link></a></footer>' : ''}</main></body></html>`;
}

let server;
let browser;
let holdWasm = null;  // a promise the .wasm response waits for, when set
let wasmAsked = null;
let failChunk = false;
let holdChunk = null;  // a promise the regional chunk's response waits for, when set
let chunkAsked = null;

before(async () => {
  assert.ok(existsSync(join(dist, 'cookiegate-regional.js')), 'web/dist missing: run node web/build.mjs');
  server = await startServer({
    mounts: { '/dist/': dist },
    handle: async (_req, res, url) => {
      if (url.pathname === CHUNK && holdChunk) {
        chunkAsked?.();
        await holdChunk;
        return false;
      }
      if (url.pathname === CHUNK && failChunk) {
        res.writeHead(404);
        res.end();
        return true;
      }
      if (url.pathname === '/dist/cookiegate-core.wasm' && holdWasm) {
        wasmAsked?.();
        await holdWasm;
        res.writeHead(200, { 'Content-Type': 'application/wasm', 'Cache-Control': 'no-store' });
        res.end(await readFile(join(dist, 'cookiegate-core.wasm')));
        return true;
      }
      if (url.pathname !== '/regions.html') return false;
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(page(url));
      return true;
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const gpcOn = () => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true });

// A fresh visitor (context); `fn(p, open)` where open(query, {gpc}) loads the page in
// this context and waits until the core answered.
async function visitor(fn, { locale = 'en-US' } = {}) {
  const context = await browser.newContext({ locale, reducedMotion: 'reduce' });
  const problems = await collectProblems(context);
  const p = await context.newPage();
  let gpcSet = false;
  const open = async (query, { gpc = false } = {}) => {
    if (gpc && !gpcSet) {
      gpcSet = true;
      await p.addInitScript(gpcOn);
    }
    await p.goto(server.url(`/regions.html?${query}`));
    await p.waitForFunction(() => window.__events.some((e) => e.type === 'ready' || e.type === 'error'));
  };
  try {
    await fn(p, open, problems);
    assert.deepEqual(problems.pageErrors, []);
  } finally {
    await context.close();
  }
}

const ui = 'cookiegate-ui';
// A withdrawal reloads the page (data-reload-on-withdrawal's default), and until the new
// page commits the old one already holds the new answer, so a wait for that answer
// alone passed on the old page and the reads after it raced the reload: wait for the
// new page's load first.
async function reloadedBy(p, action) {
  const load = p.waitForEvent('load');
  await action();
  await load;
}
const allowed = (p) => p.evaluate(() => {
  const s = CookieGate.get();
  return Object.entries(s.categories).filter(([, v]) => v).map(([k]) => k).sort();
});
const consent = (p) => p.evaluate(() => CookieGate.get());
// The texts of the equal-weight pair of a layer, and whether the two look the same.
const pairOf = (p, sel) => p.evaluate((sel) => {
  const box = document.querySelector('cookiegate-ui').shadowRoot.querySelector(sel);
  const bs = [...box.querySelectorAll('.pr > button')];
  const look = (b) => {
    const cs = getComputedStyle(b);
    const r = b.getBoundingClientRect();
    return ['color', 'backgroundColor', 'borderTopColor', 'borderTopWidth', 'fontSize', 'fontWeight', 'fontFamily',
      'paddingTop', 'paddingLeft', 'borderTopLeftRadius', 'textDecorationLine'].map((k) => cs[k]).join()
      + `|${Math.round(r.width)}x${Math.round(r.height)}`;
  };
  return { texts: bs.map((b) => b.textContent), tags: bs.map((b) => b.localName), looks: bs.map(look) };
}, sel);
const visible = (p, sel) => p.locator(`${ui} ${sel}`).isVisible();
// A sheet's rows (<dt> label → <dd> text), in order.
// Agrees on the pipl first layer (`agree`: its label in the page's language) and waits
// for the separate-consent sheet that follows it.
async function agreeThenSheet(p, agree) {
  await p.locator(`${ui} .bn[data-variant=pipl] .pr > button`, { hasText: agree }).click();
  const sheet = p.locator(`${ui} .bn[data-variant=separate]`);
  await sheet.waitFor();
  return sheet;
}
const rows = (sheet) => sheet.locator('dl').evaluate((dl) => Object.fromEntries(
  [...dl.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling.textContent])));

describe('regional first layers', () => {
  test('DE → the opt-in banner, and the regional file is never fetched', async () => {
    await visitor(async (p, open) => {
      const before = server.requests.length;
      await open('region=DE');
      await p.locator(`${ui} .bn[data-variant=consent]`).waitFor();
      const pr = await pairOf(p, '.bn');
      assert.deepEqual(pr.texts, ['Reject all', 'Accept all']);
      assert.equal(server.requests.slice(before).filter((r) => r.startsWith(CHUNK)).length, 0, 'an opt-in page does not pay for the other models');
    });
  });

  test('US-CA → the opt-out notice: Opt out and OK of equal weight, the exact link, optional categories run but not the sensitive one', async () => {
    await visitor(async (p, open, problems) => {
      await open('region=US-CA');
      const notice = p.locator(`${ui} .bn[data-variant=opt-out]`);
      await notice.waitFor();
      const pr = await pairOf(p, '.bn[data-variant=opt-out]');
      assert.deepEqual(pr.texts, ['Opt out', 'OK']);
      assert.deepEqual(pr.tags, ['button', 'button']);
      assert.equal(pr.looks[0], pr.looks[1], 'Opt out and OK look the same');
      assert.equal((await notice.locator('[data-opt-out-link]').textContent()).trim(), LINK);
      assert.deepEqual(await allowed(p), ['analytics', 'marketing', 'necessary']);
      assert.equal((await consent(p)).categories.health, false);
      assert.equal(await visible(p, '.fb'), false, 'no floating button over the notice');

      // The link opens the preferences.
      await notice.locator('[data-opt-out-link]').click();
      await p.locator(`${ui} dialog.dg[open]`).waitFor();
      await p.keyboard.press('Escape');
      await p.locator(`${ui} dialog.dg`).waitFor({ state: 'detached' });

      // OK: the notice goes, nothing is decided, the defaults keep running.
      await notice.locator('.pr > button', { hasText: 'OK' }).click();
      await notice.waitFor({ state: 'detached' });
      const c = await consent(p);
      assert.ok(c.record, 'OK records that the notice was shown');
      assert.deepEqual(await allowed(p), ['analytics', 'marketing', 'necessary']);
      // The persistent link takes the floating button's place and opens the preferences.
      const link = p.locator(`${ui} .fb[data-opt-out-link]`);
      assert.equal((await link.textContent()).trim(), LINK);
      await link.click();
      await p.locator(`${ui} dialog.dg[open]`).waitFor();
      assert.deepEqual(problems.console, []);
      await open('region=US-CA');
      await p.locator(`${ui} .fb[data-opt-out-link]`).waitFor();
      assert.equal(await p.locator(`${ui} .bn`).count(), 0, 'the notice is not shown again');
      assert.deepEqual(await allowed(p), ['analytics', 'marketing', 'necessary']);
      // It follows a change of <html lang>.
      await p.evaluate(() => { document.documentElement.lang = 'zh'; });
      await p.locator(`${ui} .fb[data-opt-out-link]`, { hasText: '请勿出售或共享我的个人信息' }).waitFor();
      assert.equal(await p.locator(`${ui} .fb[data-opt-out-link]`).count(), 1);
    });
  });

  test('US-CA: Opt out refuses every optional category; no notice again on the next page', async () => {
    await visitor(async (p, open) => {
      await open('region=US-CA');
      const notice = p.locator(`${ui} .bn[data-variant=opt-out]`);
      // Refusing what ran reloads the page (withdrawal), so wait for the new page's answer.
      await reloadedBy(p, () => notice.locator('.pr > button', { hasText: 'Opt out' }).click());
      await p.waitForFunction(() => window.CookieGate?.get()?.ready && window.CookieGate.get().record);
      assert.deepEqual(await allowed(p), ['necessary']);
      assert.equal((await consent(p)).method, 'reject_all');
      await open('region=US-CA');
      await p.locator(`${ui} .fb[data-opt-out-link]`).waitFor();
      assert.equal(await visible(p, '.bn'), false);
    });
  });

  test('US-CA: the preferences offer the stricter rules; taking them stops what ran by default, asks under opt-in, and holds from another region', async () => {
    await visitor(async (p, open) => {
      await open('region=US-CA');
      assert.deepEqual(await allowed(p), ['analytics', 'marketing', 'necessary']);
      await p.locator(`${ui} .bn[data-variant=opt-out] .pr > button`, { hasText: 'OK' }).click();
      await p.locator(`${ui} .fb[data-opt-out-link]`).click();
      const section = p.locator(`${ui} dialog.dg[open] [part=stricter]`);
      assert.equal(await section.locator('h3').textContent(), 'Stricter privacy rules');
      // What ran by default is withdrawn (the page reloads): wait for the new page's answer.
      await reloadedBy(p, () => section.locator('button', { hasText: 'Use the stricter rules' }).click());
      await p.waitForFunction(() => window.CookieGate?.get()?.ready && window.CookieGate.get().regional?.stricterChosen);
      assert.deepEqual(await allowed(p), ['necessary']);
      const st = await consent(p);
      assert.equal(st.record.stricter, true);
      assert.equal(st.record.source, 'ui');
      assert.equal(st.regional.model, 'opt-in');
      await p.locator(`${ui} .bn[data-variant=consent]`).waitFor();
      assert.deepEqual((await pairOf(p, '.bn')).texts, ['Reject all', 'Accept all']);
      // Another region, the same visitor: the stricter rules follow them.
      await open('region=US-NY');
      await p.locator(`${ui} .bn[data-variant=consent]`).waitFor();
      assert.equal((await consent(p)).regional.profile, 'unknown');
      assert.deepEqual(await allowed(p), ['necessary']);
      // The preferences now say so, and offer no way back.
      await p.evaluate(() => CookieGate.showPreferences());
      const chosen = p.locator(`${ui} dialog.dg[open] [part=stricter]`);
      assert.match(await chosen.textContent(), /You chose the stricter rules/);
      assert.equal(await chosen.locator('button').count(), 0);
    });
  });

  test('preferences asked for before the regional file arrived open with its stricter section, once it has', async () => {
    await visitor(async (p, open) => {
      await open('region=US-CA');
      await reloadedBy(p, () => p.evaluate(() => CookieGate.switchToStricter()));
      await p.waitForFunction(() => window.CookieGate?.get()?.ready && window.CookieGate.get().regional?.stricterChosen);
      // Another region: its first layer is the core-built opt-in banner, so nothing but
      // the stricter section needs the regional file, which is held back here.
      let release;
      holdChunk = new Promise((ok) => { release = ok; });
      const asked = new Promise((ok) => { chunkAsked = ok; });
      try {
        await open('region=US-NY');
        await asked;
        await p.evaluate(() => CookieGate.showPreferences());
        assert.equal(await p.locator(`${ui} dialog.dg[open]`).count(), 0, 'opened without the regional file');
      } finally {
        holdChunk = chunkAsked = null;
        release();
      }
      const chosen = p.locator(`${ui} dialog.dg[open] [part=stricter]`);
      assert.match(await chosen.textContent(), /You chose the stricter rules/);
    });
  });

  test('DE and CN: the preferences offer no stricter rules (nothing in the config is stricter)', async () => {
    await visitor(async (p, open) => {
      for (const region of ['DE', 'CN']) {
        await open(`region=${region}`);
        await p.evaluate(() => CookieGate.showPreferences());
        await p.locator(`${ui} dialog.dg[open]`).waitFor();
        assert.equal(await p.locator(`${ui} dialog.dg [part=stricter]`).count(), 0, region);
        assert.equal(await p.evaluate(() => CookieGate.switchToStricter().then(() => 'taken', (e) => e.name)), 'choice_invalid', region);
      }
    });
  });

  // A page-swap library replacing <body> while the preferences were open: the UI comes
  // back with the dialog open again, and the persistent link was shown after it, so above
  // the dialog and its backdrop.
  test('US-CA: a body swapped under the open preferences shows nothing above the dialog; closed, the link is back', async () => {
    await visitor(async (p, open) => {
      await open('region=US-CA');
      await reloadedBy(p, () => p.locator(`${ui} .bn[data-variant=opt-out] .pr > button`, { hasText: 'Opt out' }).click());
      await p.waitForFunction(() => window.CookieGate?.get()?.ready && window.CookieGate.get().record);
      await p.locator(`${ui} .fb[data-opt-out-link]`).waitFor();
      await p.evaluate(() => CookieGate.showPreferences());
      await p.locator(`${ui} dialog.dg[open]`).waitFor();
      await p.evaluate(() => document.documentElement.replaceChild(document.body.cloneNode(true), document.body));
      await p.waitForFunction(() => document.querySelector('cookiegate-ui')?.isConnected &&
        !!document.querySelector('cookiegate-ui').shadowRoot.querySelector('dialog.dg[open]'));
      assert.deepEqual(await shownAboveDialog(p), [], 'shown above the dialog');
      await p.keyboard.press('Escape');
      await p.locator(`${ui} .fb[data-opt-out-link]`).waitFor();
    });
  });

  test('US-CA: a site element marked data-cookiegate-opt-out-link becomes the persistent link', async () => {
    await visitor(async (p, open) => {
      await open('region=US-CA&mark');
      await p.locator(`${ui} .bn[data-variant=opt-out] .pr > button`, { hasText: 'OK' }).click();
      const mine = p.locator('footer a[data-cookiegate-opt-out-link]');
      await p.waitForFunction(() => document.querySelector('footer a').textContent !== '');
      assert.equal(await mine.textContent(), LINK);
      assert.equal(await visible(p, '.fb'), true, 'the usual floating button stays: the link is the site\'s');
      assert.equal(await p.locator(`${ui} .fb[data-opt-out-link]`).count(), 0);
      // The text CookieGate put there follows a change of <html lang>, as the rest does.
      await p.evaluate(() => { document.documentElement.lang = 'zh'; });
      await p.waitForFunction(() => document.querySelector('footer a').textContent === '请勿出售或共享我的个人信息');
      await mine.click();
      await p.locator(`${ui} dialog.dg[open]`).waitFor();
    });
  });

  test('US-CA + GPC → "signal honoured", no pop-up, marketing off; the confirmation closes', async () => {
    await visitor(async (p, open) => {
      await open('region=US-CA', { gpc: true });
      const ok = p.locator(`${ui} .bn[data-variant=gpc-honoured]`);
      await ok.waitFor();
      assert.match(await ok.textContent(), /Opt-out preference signal honoured/);
      assert.equal(await ok.getAttribute('role'), 'status', 'a status, not a dialog');
      assert.equal(await p.locator(`${ui} .bn[data-variant=opt-out]`).count(), 0, 'no pop-up');
      assert.equal(await p.locator(`${ui} dialog[open]`).count(), 0);
      assert.deepEqual(await allowed(p), ['analytics', 'necessary']);
      await ok.locator('.x').click();
      await ok.waitFor({ state: 'detached' });
    });
  });

  test('US-CA explicit allow, then GPC → the conflict layer; confirming grants with GPC on, keeping refuses', async () => {
    for (const [button, expected] of [['Allow selling and sharing', true], ['Keep my opt-out', false]]) {
      await visitor(async (p, open) => {
        await open('region=US-CA');
        await p.evaluate(() => CookieGate.set({ marketing: true }));
        await open('region=US-CA', { gpc: true });
        const layer = p.locator(`${ui} .bn[data-variant=gpc-conflict]`);
        await layer.waitFor();
        assert.equal((await consent(p)).categories.marketing, false, 'the signal wins meanwhile');
        const pr = await pairOf(p, '.bn[data-variant=gpc-conflict]');
        assert.deepEqual(pr.texts, ['Keep my opt-out', 'Allow selling and sharing']);
        assert.equal(pr.looks[0], pr.looks[1]);
        await layer.locator('.pr > button', { hasText: button }).click();
        await layer.waitFor({ state: 'detached' });
        await p.waitForFunction((v) => CookieGate.get().categories.marketing === v, expected);
        await open('region=US-CA', { gpc: true });
        assert.equal(await p.locator(`${ui} .bn[data-variant=gpc-conflict]`).count(), 0, `${button}: not asked again`);
        assert.equal((await consent(p)).categories.marketing, expected);
      });
    }
  });

  test('CA → the notice layer: OK and the preferences (a way to refuse), policy link', async () => {
    await visitor(async (p, open) => {
      await open('region=CA');
      const n = p.locator(`${ui} .bn[data-variant=notice]`);
      await n.waitFor();
      assert.equal(await n.locator('a[href="https://example.com/privacy"]').count(), 1);
      await n.locator('button', { hasText: 'Customize' }).click();
      await p.locator(`${ui} dialog.dg[open] button`, { hasText: 'Reject all' }).waitFor();
    });
  });

  test('CN → 同意 / 拒绝 of equal weight, optional denied', async () => {
    await visitor(async (p, open) => {
      await open('region=CN&lang=zh');
      await p.locator(`${ui} .bn[data-variant=pipl]`).waitFor();
      const pr = await pairOf(p, '.bn[data-variant=pipl]');
      assert.deepEqual(pr.texts, ['拒绝', '同意']);
      assert.equal(pr.looks[0], pr.looks[1]);
      assert.deepEqual(await allowed(p), ['necessary']);
    }, { locale: 'zh-CN' });
  });

  test('CN accept all → a separate sheet for cloud-stats with its recipient; 同意 there → cloud-stats runs', async () => {
    await visitor(async (p, open) => {
      await open('region=CN&lang=zh');
      const sheet = await agreeThenSheet(p, '同意');
      assert.equal(await sheet.getAttribute('data-service'), 'cloud-stats');
      const text = await sheet.textContent();
      for (const s of ['Cloud Stats Inc.', 'privacy@cloudstats.example', '(US)']) assert.ok(text.includes(s), `${s} in ${text}`);
      const r = await rows(sheet);
      assert.equal(r['用途'], '统计访问量以改进网站', 'the service\'s own purpose, not its category\'s');
      assert.equal(r['提供的个人信息种类'], '设备标识符、浏览的页面');
      const c = await consent(p);
      assert.equal(c.categories.analytics, true);
      assert.equal(c.services['cloud-stats'], false, 'Accept all never gives the separate consent');
      assert.equal(c.services.matomo, true);
      const pr = await pairOf(p, '.bn[data-variant=separate]');
      assert.deepEqual(pr.texts, ['拒绝', '同意']);
      assert.equal(pr.looks[0], pr.looks[1]);
      await sheet.locator('.pr > button', { hasText: '同意' }).click();
      await sheet.waitFor({ state: 'detached' });
      await p.waitForFunction(() => CookieGate.get().services['cloud-stats'] === true);
      await open('region=CN&lang=zh');
      assert.equal(await p.locator(`${ui} .bn`).count(), 0, 'nothing asked again');
      assert.equal((await consent(p)).services['cloud-stats'], true);
    }, { locale: 'zh-CN' });
  });

  test('CN separate sheet on a phone: values as wide as the sheet, both buttons reachable, no floating button over it', async () => {
    await visitor(async (p, open) => {
      await p.setViewportSize({ width: 360, height: 640 });
      await open('region=CN');
      const sheet = await agreeThenSheet(p, 'Agree');
      assert.equal(await p.locator(`${ui} .fb`).count(), 0, 'the floating button shares the sheet\'s corner');
      const widths = await sheet.evaluate((el) => ({
        sheet: el.getBoundingClientRect().width,
        values: [...el.querySelectorAll('dd')].map((dd) => dd.getBoundingClientRect().width),
      }));
      for (const w of widths.values) assert.ok(w >= widths.sheet * 0.6, `a value ${w}px wide in a sheet of ${widths.sheet}px`);
      for (const label of ['Refuse', 'Agree']) {
        const b = sheet.locator('.pr > button', { hasText: label });
        await b.scrollIntoViewIfNeeded();
        assert.equal(await b.evaluate((el) => {
          const r = el.getBoundingClientRect();
          return el.getRootNode().elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === el;
        }), true, `${label} is not covered`);
      }
      await sheet.locator('.pr > button', { hasText: 'Refuse' }).click();
      await sheet.waitFor({ state: 'detached' });
      await p.locator(`${ui} .fb`).waitFor();
    });
  });

  test('CN in English: the separate sheet names recipient, contact, country, purpose and personal information', async () => {
    await visitor(async (p, open) => {
      await open('region=CN&lang=en');
      const sheet = await agreeThenSheet(p, 'Agree');
      assert.equal(await sheet.getAttribute('data-service'), 'cloud-stats');
      const r = await rows(sheet);
      assert.deepEqual(Object.keys(r), ['Recipient', 'Contact', 'Country or region', 'Purpose', 'Personal information provided']);
      assert.equal(r.Recipient, 'Cloud Stats Inc.');
      assert.equal(r.Contact, 'privacy@cloudstats.example');
      assert.match(r['Country or region'], /\(US\)$/);
      assert.equal(r.Purpose, 'Counting visits to improve the site');
      assert.equal(r['Personal information provided'], 'device identifier, pages viewed');
    });
  });

  test('CN: 拒绝 on the separate sheet names that service only and does not block the site', async () => {
    await visitor(async (p, open) => {
      await open('region=CN&lang=zh');
      const sheet = await agreeThenSheet(p, '同意');
      await sheet.locator('.pr > button', { hasText: '拒绝' }).click();
      await sheet.waitFor({ state: 'detached' });
      const c = await consent(p);
      assert.equal(c.services['cloud-stats'], false);
      assert.equal(c.categories.analytics, true, 'the rest of the category stands');
      assert.equal(await p.locator(`${ui} dialog[open]`).count(), 0, 'nothing modal');
    }, { locale: 'zh-CN' });
  });

  for (const how of ['Escape', '×']) {
    test(`CN closed (${how}) → the dismiss choice, a refusal; no banner again on reload`, async () => {
      await visitor(async (p, open) => {
        await open('region=CN&lang=zh');
        const layer = p.locator(`${ui} .bn[data-variant=pipl]`);
        await layer.waitFor();
        if (how === 'Escape') {
          await layer.locator('.pr > button').first().focus();
          await p.keyboard.press('Escape');
        } else {
          await layer.locator('.x').click();
        }
        await layer.waitFor({ state: 'detached' });
        const c = await consent(p);
        assert.equal(c.method, 'reject_all', 'closing counts as refusing');
        assert.deepEqual(await allowed(p), ['necessary']);
        await open('region=CN&lang=zh');
        assert.equal(await p.locator(`${ui} .bn`).count(), 0);
      }, { locale: 'zh-CN' });
    });
  }

  test('CookieGate.dismiss() is the API\'s way to the same choice', async () => {
    await visitor(async (p, open) => {
      await open('region=CN&lang=zh');
      const c = await p.evaluate(() => CookieGate.dismiss());
      assert.equal(c.method, 'reject_all');
      assert.equal(c.record.source, 'api');
    }, { locale: 'zh-CN' });
  });

  test('data-verified-crawler="true" → no banner, nothing optional runs', async () => {
    await visitor(async (p, open) => {
      await open('region=US-CA&crawler');
      assert.deepEqual(await allowed(p), ['necessary']);
      assert.equal(await p.locator(`${ui} .bn`).count(), 0);
      assert.equal((await consent(p)).record, null);
    });
  });

  test('before the core answers, a config with regions shows no first layer', async () => {
    let release;
    holdWasm = new Promise((ok) => { release = ok; });
    const asked = new Promise((ok) => { wasmAsked = ok; });
    try {
      await visitor(async (p) => {
        await p.goto(server.url('/regions.html?region=US-CA'));
        await asked;
        await p.waitForFunction(() => document.readyState === 'complete' && document.querySelector('cookiegate-ui'));
        assert.equal(await p.locator(`${ui} .bn`).count(), 0, 'no provisional banner: the profile is the core\'s');
        release();
        await p.locator(`${ui} .bn[data-variant=opt-out]`).waitFor();
      });
    } finally {
      holdWasm = null;
      release?.();
    }
  });

  test('without the regional file the opt-in banner stands in, and the page hears why', async () => {
    failChunk = true;
    try {
      await visitor(async (p, open, problems) => {
        await open('region=US-CA');
        await p.locator(`${ui} .bn[data-variant=consent]`).waitFor();
        await p.waitForFunction(() => window.__events.some((e) => e.type === 'error' && e.detail.code === 508));
        // It names the file and the fix, as the other parts loaded on demand do.
        assert.ok(problems.console.some((t) => /cookiegate-regional\.js did not load .*: serve it next to cookiegate\.js/.test(t)), problems.console.join('\n'));
      });
    } finally {
      failChunk = false;
    }
  });

  // After a MAJOR change an opt-out profile asks again (prompt reconsent) about no
  // category in particular: the re-ask's Refuse would have decided nothing and left
  // everything running. Without the opt-out layer the stand-in must still refuse.
  test('without the file, a re-ask under opt-out still offers a Reject all that refuses', async () => {
    await visitor(async (p, open) => {
      await open('region=US-CA');
      await p.evaluate(() => CookieGate.acceptAll());
      failChunk = true;
      try {
        await open('region=US-CA&major');
        assert.equal((await consent(p)).prompt, 'reconsent');
        const bn = p.locator(`${ui} .bn[data-variant=reconsent]`);
        await bn.waitFor();
        await reloadedBy(p, () => bn.locator('.pr > button', { hasText: 'Reject all' }).click());
        await p.waitForFunction(() => window.__events?.some((e) => e.type === 'ready') && CookieGate.get()?.prompt === 'none');
        assert.deepEqual(await allowed(p), ['necessary']);
      } finally {
        failChunk = false;
      }
    });
  });
});

describe('regional layers: keyboard and accessibility', () => {
  let axeSource;
  before(async () => { axeSource = await readFile(join(repoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8'); });
  const audit = async (p) => {
    await p.evaluate(axeSource);
    return p.evaluate(async () => {
      const r = await window.axe.run({ include: [['cookiegate-ui']] }, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      });
      return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
  };

  test('the opt-out notice, the pipl layer, the separate sheet and the conflict layer: no serious axe violations', async () => {
    await visitor(async (p, open) => {
      await open('region=US-CA');
      await p.locator(`${ui} .bn[data-variant=opt-out]`).waitFor();
      assert.deepEqual(await audit(p), []);
      await p.evaluate(() => CookieGate.set({ marketing: true }));
      await open('region=US-CA', { gpc: true });
      await p.locator(`${ui} .bn[data-variant=gpc-conflict]`).waitFor();
      assert.deepEqual(await audit(p), []);
    });
    await visitor(async (p, open) => {
      await open('region=CN&lang=zh');
      await p.locator(`${ui} .bn[data-variant=pipl]`).waitFor();
      assert.deepEqual(await audit(p), []);
      await p.locator(`${ui} .bn[data-variant=pipl] .pr > button`, { hasText: '同意' }).click();
      await p.locator(`${ui} .bn[data-variant=separate]`).waitFor();
      assert.deepEqual(await audit(p), []);
    }, { locale: 'zh-CN' });
  });

  // A trial pressed Enter on 同意 and focus fell to <body> as the separate sheet took the
  // layer's place: a keyboard user had to find it again from the page's start.
  test('CN: Enter on 同意 moves focus into the separate-consent sheet that replaces the layer', async () => {
    await visitor(async (p, open) => {
      await open('region=CN&lang=zh');
      const layer = p.locator(`${ui} .bn[data-variant=pipl]`);
      await layer.waitFor();
      await layer.locator('.pr > button', { hasText: '同意' }).focus();
      await p.keyboard.press('Enter');
      await p.locator(`${ui} .bn[data-variant=separate]`).waitFor();
      // The choice is saved (the status says so) once the layer's focus has moved on.
      await p.waitForFunction(() => document.querySelector('cookiegate-ui').shadowRoot.querySelector('[role=status]').textContent);
      const where = () => p.evaluate(() => {
        const a = document.querySelector('cookiegate-ui').shadowRoot.activeElement;
        return { sheet: !!a?.closest('.bn[data-variant=separate]'), text: a?.matches('.bn') ? 'the sheet' : a?.textContent.trim() ?? null };
      });
      assert.deepEqual(await where(), { sheet: true, text: 'the sheet' }, 'focus on the sheet, which names itself (its title and text)');
      await p.keyboard.press('Tab');
      assert.deepEqual(await where(), { sheet: true, text: '隐私政策' }, 'Tab goes on inside the sheet');
    }, { locale: 'zh-CN' });
  });

  test('Tab from the page start reaches the notice\'s controls in order, and Enter acts', async () => {
    await visitor(async (p, open) => {
      await open('region=US-CA');
      await p.locator(`${ui} .bn[data-variant=opt-out]`).waitFor();
      const seen = [];
      for (let i = 0; i < 4; i++) {
        await p.keyboard.press('Tab');
        seen.push(await p.evaluate(() => document.querySelector('cookiegate-ui').shadowRoot.activeElement?.textContent.trim() ?? null));
      }
      assert.deepEqual(seen, [LINK, 'Privacy policy', 'Opt out', 'OK']);
      await p.keyboard.press('Enter');
      await p.locator(`${ui} .bn[data-variant=opt-out]`).waitFor({ state: 'detached' });
      assert.equal(await p.evaluate(() => document.querySelector('cookiegate-ui').shadowRoot.activeElement?.hasAttribute('data-opt-out-link')), true,
        'focus lands on the persistent link, not on <body>');
    });
  });
});
