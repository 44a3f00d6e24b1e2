// Click-to-load placeholders with the real runtime and banner in Debian's Chromium:
// what they show, what Load allows (and records), keyboard use, Accept all, the
// data-cookiegate-placeholder marker, no layout shift, axe-core, English and Chinese,
// overridden texts and a broken config, and held frames the page hides (none).
// Pages: tests/browser/pages/placeholders.html and placeholders-hidden.html.
// Screenshots: build/screenshots/placeholders/. Needs web/dist (node web/build.mjs).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';

import { collectProblems, launchBrowser, repoRoot, startServer, test, until } from './harness.mjs';

const dist = join(repoRoot, 'web/dist');
const pages = join(repoRoot, 'tests/browser/pages');
const shots = join(repoRoot, 'build/screenshots/placeholders');

const config = (extra = {}) => ({
  policy: { version: '1.0.0', url: '/privacy' },
  languages: ['en', 'zh'],
  categories: [
    { id: 'necessary', required: true, title: { en: 'Necessary', zh: '必要' } },
    { id: 'preferences', title: { en: 'Preferences and features', zh: '偏好与功能' },
      services: [
        { id: 'video', title: { en: 'LeafTube videos', zh: 'LeafTube 视频' }, scripts: ['*/placeholder-tp/video.html'] },
        { id: 'map', title: { en: 'Teamap maps', zh: 'Teamap 地图' } },
      ] },
    { id: 'marketing', title: { en: 'Marketing', zh: '营销' },
      services: [
        { id: 'social', title: { en: 'Chirp posts', zh: 'Chirp 帖子' } },
        { id: 'ads', title: { en: 'Ad conversions', zh: '广告转化' }, scripts: ['*/placeholder-tp/pixel.html'] },
      ] },
  ],
  ...extra,
});
const configs = {
  valid: config(),
  texts: config({ texts: { en: { placeholderLoad: 'Play', placeholderText: 'Paused for {service} ({category}).' } } }),
  // China's first layer (./regional.js): 拒绝 / 同意, Refuse / Agree in English.
  pipl: config({ regions: { CN: { model: 'pipl' }, '*': { model: 'opt-in' } } }),
  // An optional category on by default: the core refuses the whole config.
  broken: config({ categories: [{ id: 'necessary', required: true, title: 'N' },
    { id: 'preferences', title: 'P', default: true, services: [{ id: 'video', title: 'V' }] }] }),
};

let server;
let browser;
const templates = {};
before(async () => {
  assert.ok(existsSync(join(dist, 'cookiegate.js')), 'web/dist missing: run node web/build.mjs');
  await mkdir(shots, { recursive: true });
  for (const name of ['placeholders.html', 'placeholders-hidden.html']) templates[name] = await readFile(join(pages, name), 'utf8');
  server = await startServer({
    mounts: { '/site/': pages, '/dist/': dist },
    handle: (_req, res, url) => {
      const template = templates[url.pathname.replace('/site/', '')];
      if (!template) return false;
      const html = template.replace('{{LANG}}', url.searchParams.get('lang') || 'en')
        .replace('{{REGION}}', url.searchParams.get('region') || '')
        .replace('{{CONFIG}}', JSON.stringify(configs[url.searchParams.get('config') || 'valid']));
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(html);
      return true;
    },
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

// Before any page script: every layout shift (also those right after input, which
// CLS itself forgives: a Load click must not move the page either) and the events.
// A shift painted while the parser was still writing the page, before any placeholder
// existed, is the page's own and goes to __parseShifts: on a loaded machine Chromium
// painted a button before its text was parsed (16x6, then 247x41; clean-clone runs saw
// 0.0001 twice), which no placeholder could cause.
function observe() {
  window.__shifts = [];
  window.__parseShifts = [];
  let placeholderAt = Infinity;
  new MutationObserver((records, mo) => {
    if (records.some((r) => [...r.addedNodes].some((n) => n.localName === 'cookiegate-placeholder'))) {
      placeholderAt = performance.now();
      mo.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
  new PerformanceObserver((list) => {
    // What moved, so that a failure says (a CI run saw 0.0001 with no clue).
    const what = (s) => [s.node?.id || s.node?.localName || s.node?.nodeName || 'gone',
      ...[s.previousRect, s.currentRect].map((r) => `${r.x},${r.y} ${r.width}x${r.height}`)].join(' ');
    const parsed = performance.getEntriesByType('navigation')[0]?.domInteractive || Infinity;
    for (const e of list.getEntries()) {
      const to = e.startTime < Math.min(parsed, placeholderAt) ? window.__parseShifts : window.__shifts;
      to.push({ value: e.value, input: e.hadRecentInput, moved: (e.sources || []).map(what) });
    }
  }).observe({ type: 'layout-shift', buffered: true });
  window.__events = [];
  // Error events, also those no exception raises ("ResizeObserver loop completed with
  // undelivered notifications").
  window.__errors = [];
  addEventListener('error', (e) => window.__errors.push(e.message));
  for (const t of ['ready', 'change', 'consent', 'error']) {
    addEventListener('cookiegate:' + t, (e) => window.__events.push({ type: t, detail: e.detail }));
  }
  // The elements each ResizeObserver watches, as the page's calls leave them:
  // window.__resized() lists them (held hidden frames are watched until they show).
  const watching = new Map();  // observer -> Set of its elements
  const ro = ResizeObserver.prototype;
  const { observe: o, unobserve: u, disconnect: d } = ro;
  const of = (r) => watching.get(r) || watching.set(r, new Set()).get(r);
  ro.observe = function (el, ...rest) { of(this).add(el); return o.call(this, el, ...rest); };
  ro.unobserve = function (el) { of(this).delete(el); return u.call(this, el); };
  ro.disconnect = function () { of(this).clear(); return d.call(this); };
  window.__resized = () => [...watching.values()].flatMap((set) => [...set]);
}

async function open({ lang = 'en', cfg = 'valid', width = 1280, scheme = 'light', file = 'placeholders.html', region = '' } = {}, fn) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme, reducedMotion: 'reduce' });
  const problems = await collectProblems(context);
  await context.addInitScript(observe);
  try {
    const page = await context.newPage();
    await page.goto(server.url(`/site/${file}?lang=${lang}&config=${cfg}&region=${region}`));
    await page.waitForFunction(() => window.__events.some((e) => e.type === 'ready' || e.type === 'error'));
    return await fn(page, problems);
  } finally {
    await context.close();
  }
}

// A placeholder's content, read through its open shadow root; `which` is the id of
// the element it stands in for (the placeholder is inserted right before it).
const ph = (page, which) => page.evaluate((id) => {
  const host = document.getElementById(id).previousElementSibling;
  if (!host || host.localName !== 'cookiegate-placeholder') return null;
  const box = host.shadowRoot.querySelector('.ph');
  const r = host.getBoundingClientRect();
  return {
    name: box.querySelector('.nm').textContent,
    label: host.shadowRoot.getElementById(box.getAttribute('aria-labelledby'))?.textContent,
    role: box.getAttribute('role'),
    lang: box.getAttribute('lang'),
    text: box.textContent,
    buttons: [...box.querySelectorAll('button')].map((b) => b.textContent),
    loadColour: getComputedStyle(box.querySelector('button') || box).backgroundColor,
    rect: [r.x + scrollX, r.y + scrollY, r.width, r.height],  // in the document: a click may scroll
  };
}, which);
const load = (page, which) => page.locator(`#${which}`).locator('xpath=preceding-sibling::cookiegate-placeholder[1]')
  .locator('button.bt');
const rectOf = (page, sel) => page.evaluate((s) => {
  const r = document.querySelector(s).getBoundingClientRect();
  return [r.x + scrollX, r.y + scrollY, r.width, r.height];
}, sel);
// Load on frame `id`'s placeholder: the frame loads, visible, in exactly the
// placeholder's box `box`, with no layout shift but the page's own after a click, and no
// error.
async function loadsInItsBox(page, problems, id, box) {
  await load(page, id).click();
  await frameLoaded(page, id);
  assert.equal(await page.locator(`#${id}`).isVisible(), true, 'the loaded frame stayed hidden');
  assert.deepEqual(await rectOf(page, `#${id}`), box, 'the frame has exactly the placeholder\'s box');
  assert.deepEqual((await page.evaluate(() => window.__shifts)).filter((s) => !s.input), []);
  assert.deepEqual(await page.evaluate(() => window.__errors), []);
  assert.deepEqual(problems.pageErrors, []);
}
const frameLoaded = (page, id) => page.waitForFunction((i) => {
  const f = document.getElementById(i);
  return f.getAttribute('src') && f.contentDocument?.readyState === 'complete' &&
    /playing|loaded/.test(f.contentDocument.body?.textContent);
}, id);
const shot = (page, name) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

describe('click-to-load placeholders', () => {
  test('a gated iframe shows its service, the reason, Load and Cookie settings in its place', async () => {
    await open({}, async (page, problems) => {
      await page.locator('cookiegate-placeholder').first().waitFor();
      const v = await ph(page, 'video');
      assert.equal(v.name, 'LeafTube videos');
      assert.equal(v.role, 'group');
      assert.equal(v.label, 'LeafTube videos', 'the group is named by the service');
      assert.match(v.text, /Not loaded: LeafTube videos needs your permission for “Preferences and features”\./);
      assert.deepEqual(v.buttons, ['Load', 'Cookie settings']);
      assert.notEqual(v.loadColour, 'rgb(255, 105, 180)', 'page CSS reached into the placeholder');
      const s = await ph(page, 'social');
      assert.equal(s.name, 'Chirp posts');
      assert.match(s.text, /“Marketing”/);
      // The frames are hidden and not loaded; the placeholders take their boxes.
      assert.equal(await page.locator('#video').isVisible(), false);
      assert.equal(await page.locator('#video').getAttribute('src'), null);
      assert.equal(v.rect[2], 564, 'width of the 560 px frame and its 2 px borders');
      assert.equal(v.rect[3], 319);
      const main = await rectOf(page, 'main');
      assert.ok(Math.abs(s.rect[2] - main[2]) < 1, 'the full-width embed keeps the column width');
      assert.ok(Math.abs(s.rect[3] - s.rect[2] * 9 / 16) < 1, 'and its 16:9 ratio');
      // Cookie settings opens the preferences dialog.
      await page.locator('#video').locator('xpath=preceding-sibling::cookiegate-placeholder[1]').locator('button.ln').click();
      await page.locator('cookiegate-ui dialog.dg[open]').waitFor();
      assert.deepEqual(problems.pageErrors, []);
    });
  });

  for (const width of [1280, 360]) test(`Load allows that service alone, as the visitor's choice, and the frame takes the placeholder's place (${width} px)`, async () => {
    await open({ width }, async (page, problems) => {
      await page.locator('cookiegate-placeholder').first().waitFor();
      const before = (await ph(page, 'video')).rect;
      await load(page, 'video').click();
      await frameLoaded(page, 'video');
      const c = await page.evaluate(() => CookieGate.get());
      assert.equal(c.record.source, 'ui');
      assert.equal(c.services.video, true);
      assert.equal(c.categories.preferences, true);
      assert.equal(c.services.map, false, 'the other service of the category stays off');
      assert.equal(c.categories.marketing, false);
      assert.equal(c.services.social, false);
      assert.notEqual(c.prompt, 'none', 'the banner still asks about the rest');
      assert.ok(await page.evaluate(() => window.__events.some((e) => e.type === 'change' && e.detail.services.video)));
      // Gone for the video only; the map and the social post still wait.
      assert.equal(await ph(page, 'video'), null);
      assert.ok(await ph(page, 'map'));
      assert.ok(await ph(page, 'social'));
      assert.equal(await page.locator('#social').getAttribute('src'), null);
      assert.deepEqual(await rectOf(page, '#video'), before, 'the frame has exactly the placeholder\'s box');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'video', 'focus moves to the loaded frame');
      const shifts = await page.evaluate(() => window.__shifts);
      assert.deepEqual(shifts, [], 'no layout shift from first paint through show and load');
      assert.deepEqual(problems.pageErrors, []);
      assert.deepEqual(problems.console, []);
    });
  });

  // README: a page that switches <html lang> gets its placeholders in the new language.
  test('a placeholder follows a switch of <html lang>', async () => {
    await open({}, async (page) => {
      await page.locator('cookiegate-placeholder').first().waitFor();
      assert.match((await ph(page, 'video')).text, /Not loaded: LeafTube videos/);
      await page.evaluate(() => { document.documentElement.lang = 'zh'; });
      await page.waitForFunction(() => /LeafTube 视频/.test(document.getElementById('video').previousElementSibling?.shadowRoot?.textContent));
      assert.ok((await ph(page, 'video')).buttons.includes('加载'), JSON.stringify(await ph(page, 'video')));
    });
  });

  // An npm trial: Load, then the banner's Reject all took the video back (a withdrawal,
  // so the page reloaded) though it was not on screen; a re-ask's pair already decided
  // only what it named. Now the first question's refusal refuses only what the core
  // still asks, on the opt-in banner and on pipl's first layer (a review); its Accept all
  // accepts all (a second trial found one that left a service off surprising).
  for (const [variant, button, granted] of [['consent', 'Reject all', false], ['consent', 'Accept all', true],
    ['pipl', 'Refuse', false], ['pipl', 'Agree', true]]) {
    test(`Load, then the ${variant} layer's ${button}: ${granted ? 'everything granted' : 'the categories still asked refused'}, and the video stays`, async () => {
      const where = variant === 'pipl' ? { cfg: 'pipl', region: 'CN' } : {};
      await open(where, async (page, problems) => {
        await page.locator(`cookiegate-ui .bn[data-variant=${variant}]`).waitFor();
        await load(page, 'video').click();
        await frameLoaded(page, 'video');
        await page.locator(`cookiegate-ui .bn[data-variant=${variant}] button`, { hasText: button }).click();
        await page.waitForFunction(() => CookieGate.get().prompt === 'none');
        const c = await page.evaluate(() => CookieGate.get());
        assert.deepEqual([c.categories.preferences, c.services.video, c.services.map], [true, true, granted], 'the Load stands');
        assert.deepEqual([c.categories.marketing, c.services.social, c.services.ads], [granted, granted, granted]);
        assert.equal(c.method, granted ? 'accept_all' : 'custom');
        assert.equal(c.record.source, 'ui');
        assert.ok(await page.locator('#video').isVisible());
        assert.deepEqual(problems.pageErrors, []);
      });
    });
  }

  // A trial's React app wrote data-service="youtub": its placeholder offered a Load
  // that failed ("cannot be saved right now", an outage's words) and still asked after
  // Accept all. What never runs gets no placeholder, as a category the config lacks.
  test('a data-service the category does not declare: no placeholder, the console names it', async () => {
    await open({}, async (page) => {
      await page.locator('cookiegate-placeholder').first().waitFor();
      const warnings = [];
      page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
      await page.evaluate(() => {
        for (const [id, service] of [['typo', 'vidoe'], ['right', 'video']]) {
          const f = document.createElement('iframe');
          Object.assign(f, { id, width: 560, height: 315, title: id });
          f.dataset.category = 'preferences';
          f.dataset.service = service;
          f.dataset.src = '/site/placeholder-tp/other.html';
          document.body.append(f);
        }
      });
      // One render pass places both or neither: once the right one has its placeholder…
      await page.waitForFunction(() => document.getElementById('right').previousElementSibling?.localName === 'cookiegate-placeholder');
      assert.equal(await ph(page, 'typo'), null, 'no Load for a service that never runs');
      await until(() => warnings.some((t) => /declares no service "vidoe"/.test(t)), 'the gate\'s warning naming "vidoe"');
    });
  });

  // A trial's React page inserted a note before its video frame (insertBefore(note,
  // frame)): the note landed between the placeholder and the frame, so Load showed the
  // video below the note, not where the placeholder stood.
  test('a node the page inserts right before a held frame goes before its placeholder', async () => {
    await open({}, async (page) => {
      await placed(page, 'video');
      await page.evaluate(() => {
        const note = document.createElement('p');
        note.id = 'note';
        note.textContent = 'A note the app rendered';
        document.getElementById('video').before(note);
      });
      await page.waitForFunction(() => {
        const host = document.getElementById('video').previousElementSibling;
        return host?.localName === 'cookiegate-placeholder' && host.previousElementSibling?.id === 'note';
      });
    });
  });

  test('Load works from the keyboard: Tab reaches it, Enter loads', async () => {
    await open({}, async (page) => {
      await page.locator('cookiegate-placeholder').first().waitFor();
      let at = null;
      for (let i = 0; i < 40 && !(at && at.text === 'Load' && at.for === 'video'); i++) {
        await page.keyboard.press('Tab');
        at = await page.evaluate(() => {
          const host = document.activeElement;
          const b = host?.shadowRoot?.activeElement;
          return b ? { text: b.textContent, for: host.nextElementSibling?.id } : null;
        });
      }
      assert.deepEqual(at, { text: 'Load', for: 'video' });
      await page.keyboard.press('Enter');
      await frameLoaded(page, 'video');
      const c = await page.evaluate(() => CookieGate.get());
      assert.equal(c.services.video, true);
      assert.equal(c.record.source, 'ui');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'video');
    });
  });

  test('a script\'s click on Load allows nothing', async () => {
    await open({}, async (page) => {
      await page.locator('cookiegate-placeholder').first().waitFor();
      await load(page, 'video').evaluate((b) => b.click());
      await page.waitForFunction(() => window.__events.some((e) => e.type === 'error' && e.detail.name === 'untrusted_event'));
      assert.equal(await page.evaluate(() => CookieGate.get().services.video), false);
      assert.ok(await ph(page, 'video'));
      assert.equal(await page.locator('#video').getAttribute('src'), null);
    });
  });

  test('Accept all on the banner removes every placeholder and loads every embed', async () => {
    await open({}, async (page) => {
      await page.locator('cookiegate-placeholder').first().waitFor();
      await page.locator('cookiegate-ui .bn button', { hasText: 'Accept all' }).click();
      await frameLoaded(page, 'video');
      await frameLoaded(page, 'social');
      assert.equal(await page.locator('cookiegate-placeholder').count(), 0);
      await page.waitForFunction(() => document.getElementById('map').textContent === 'Map loaded');
      assert.equal(await page.locator('#map').isVisible(), true);
      const shifts = await page.evaluate(() => window.__shifts);
      assert.deepEqual(shifts, []);
    });
  });

  // Without a reload (this page's data-reload-on-withdrawal="false") a trial's video
  // played on after Reject all: its frame is emptied and its placeholder is back.
  test('Reject all after Accept all, without a reload: the frames go empty, their placeholders come back, Load works', async () => {
    await open({}, async (page, problems) => {
      await page.locator('cookiegate-placeholder').first().waitFor();
      await page.locator('cookiegate-ui .bn button', { hasText: 'Accept all' }).click();
      await frameLoaded(page, 'video');
      assert.equal(await page.locator('cookiegate-placeholder').count(), 0);
      await page.evaluate(() => CookieGate.rejectAll());
      await page.waitForFunction(() => document.getElementById('video').contentDocument?.URL === 'about:blank' &&
        !document.getElementById('video').hasAttribute('src'));
      assert.equal((await ph(page, 'video'))?.buttons.includes('Load'), true, 'no placeholder with Load');
      await load(page, 'video').click();
      await frameLoaded(page, 'video');
      assert.equal(await page.locator('#video').isVisible(), true);
      assert.deepEqual(problems.pageErrors, []);
    });
  });

  // A trial with a Turbo-style page cache: the body is cloned when leaving, and the clone
  // put back on Back. The clone carries the placeholder's own display: none !important,
  // which Load then took for the frame's own: it loaded, invisible.
  test('a held frame cloned by a page cache and put back shows when loaded', async () => {
    await open({}, async (page) => {
      await page.locator('cookiegate-placeholder').first().waitFor();
      await page.evaluate(() => {
        const snapshot = document.querySelector('main').cloneNode(true);
        for (const host of snapshot.querySelectorAll('cookiegate-placeholder')) host.remove();
        document.querySelector('main').replaceWith(snapshot);
      });
      await page.waitForFunction(() => document.getElementById('video').previousElementSibling?.localName === 'cookiegate-placeholder');
      await load(page, 'video').click();
      await frameLoaded(page, 'video');
      assert.equal(await page.locator('#video').isVisible(), true, 'the loaded frame stayed hidden');
      assert.equal(await page.evaluate(() => document.getElementById('video').getAttribute('style')), null);
    });
  });

  test('a data-cookiegate-placeholder element is covered until its service is allowed', async () => {
    await open({}, async (page) => {
      await page.locator('cookiegate-placeholder').first().waitFor();
      const m = await ph(page, 'map');
      assert.equal(m.name, 'Teamap maps');
      assert.equal(await page.locator('#map').isVisible(), false);
      assert.equal(m.rect[3], 240, 'the placeholder is as tall as the element');
      const before = m.rect;
      await load(page, 'map').click();
      await page.waitForFunction(() => document.getElementById('map').textContent === 'Map loaded');
      assert.equal(await page.locator('#map').isVisible(), true);
      assert.deepEqual(await rectOf(page, '#map'), before);
      assert.equal(await page.evaluate(() => document.activeElement.id), 'map');
      const c = await page.evaluate(() => CookieGate.get());
      assert.equal(c.services.map, true);
      assert.equal(c.services.video, false);
      assert.ok(await ph(page, 'video'), 'the video still waits');
    });
  });

  test('embeds a script adds later get a placeholder, and one it removes takes its placeholder along', async () => {
    await open({}, async (page) => {
      await page.locator('cookiegate-placeholder').nth(2).waitFor();
      await page.evaluate(() => {
        const f = document.createElement('iframe');
        f.id = 'late';
        f.title = 'Late video';
        f.setAttribute('data-category', 'preferences');
        f.setAttribute('data-service', 'video');
        f.setAttribute('data-src', '/site/placeholder-tp/video.html');
        document.querySelector('main').append(f);
      });
      await page.waitForFunction(() => document.getElementById('late').previousElementSibling?.localName === 'cookiegate-placeholder');
      assert.equal((await ph(page, 'late')).name, 'LeafTube videos');
      assert.equal(await page.locator('cookiegate-placeholder').count(), 4);
      await page.evaluate(() => document.getElementById('social').remove());
      await page.waitForFunction(() => document.querySelectorAll('cookiegate-placeholder').length === 3);
    });
  });

  test('Chinese texts and names; texts a config overrides', async () => {
    await open({ lang: 'zh' }, async (page) => {
      await page.locator('cookiegate-placeholder').first().waitFor();
      const v = await ph(page, 'video');
      assert.equal(v.name, 'LeafTube 视频');
      assert.equal(v.lang, 'zh');
      assert.match(v.text, /未加载：LeafTube 视频需要您允许“偏好与功能”。/);
      assert.deepEqual(v.buttons, ['加载', 'Cookie 设置']);
    });
    await open({ cfg: 'texts' }, async (page) => {
      await page.locator('cookiegate-placeholder').first().waitFor();
      const v = await ph(page, 'video');
      assert.deepEqual(v.buttons, ['Play', 'Cookie settings']);
      assert.match(v.text, /Paused for LeafTube videos \(Preferences and features\)\./);
    });
  });

  test('a broken config: the placeholder says settings are unavailable, with no Load button', async () => {
    await open({ cfg: 'broken' }, async (page) => {
      await page.locator('cookiegate-placeholder').first().waitFor();
      const v = await ph(page, 'video');
      assert.equal(v.name, 'V', 'the title as the site wrote it: text only, nothing is decided from it');
      assert.match(v.text, /Cookie settings are not available on this site right now\./);
      assert.deepEqual(v.buttons, []);
      assert.equal(await page.locator('#video').getAttribute('src'), null);
      assert.ok(await page.evaluate(() => window.__events.some((e) => e.type === 'error')));
      await shot(page, 'failure-en-1280');
    });
  });

  for (const scheme of ['light', 'dark']) {
    test(`axe-core: no serious or critical violations on a page with placeholders (${scheme})`, async () => {
      const axe = await readFile(join(repoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8');
      for (const lang of ['en', 'zh']) {
        await open({ lang, scheme }, async (page) => {
          await page.locator('cookiegate-placeholder').nth(2).waitFor();
          await page.evaluate(axe);
          const r = await page.evaluate(async () => {
            const res = await window.axe.run({ include: [['cookiegate-placeholder']] }, {
              resultTypes: ['violations', 'passes'],
              runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
            });
            return {
              bad: res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
                .map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) })),
              passes: res.passes.map((p) => p.id),
            };
          });
          assert.deepEqual(r.bad, [], `${lang}: ${JSON.stringify(r.bad)}`);
          assert.ok(r.passes.includes('color-contrast'), 'contrast was audited');
          assert.ok(r.passes.includes('button-name'));
        });
      }
    });
  }

  test('screenshots: English and Chinese, light and dark, 360 and 1280 px', async () => {
    for (const lang of ['en', 'zh']) {
      for (const scheme of ['light', 'dark']) {
        for (const width of [360, 1280]) {
          await open({ lang, scheme, width }, async (page) => {
            await page.locator('cookiegate-placeholder').nth(2).waitFor();
            // The banner would cover the embeds: refused, they still wait behind placeholders.
            await page.locator('cookiegate-ui .bn button', { hasText: lang === 'zh' ? '全部拒绝' : 'Reject all' }).click();
            await page.locator('cookiegate-ui .bn').waitFor({ state: 'detached' });
            await shot(page, `${lang}-${scheme}-${width}`);
          });
        }
      }
    }
  });
});

// A site owner's trial: Floodlight-style conversion frames of a refused service, hidden
// by the page (display: none in markup or inserted so by a tag manager, or 1x1), each
// became a visible, full-width "Ad conversions — Load" box with a layout shift, or a 1x1
// box still holding two buttons to tab into. Page: placeholders-hidden.html.
const HIDDEN = ['fl-inline', 'fl-hidden', 'fl-sheet', 'fl-invisible', 'fl-pixel', 'fl-gtm'];
const placed = (page, id) => page.waitForFunction((i) => document.getElementById(i).previousElementSibling?.localName === 'cookiegate-placeholder', id);
const hosts = (page, visible) => page.evaluate((v) => [...document.querySelectorAll('cookiegate-placeholder')]
  .filter((h) => !v || getComputedStyle(h).visibility === 'visible').map((h) => h.nextElementSibling.id), visible);
// The held frames a ResizeObserver watches: ids, or "detached" for one no longer in the page.
const watched = (page) => page.evaluate(() => window.__resized().filter((e) => e.matches('[data-category]'))
  .map((e) => (e.isConnected ? e.id : 'detached')).sort());
const tick = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r))));

describe('held frames the page hides', () => {
  test('get no placeholder, nothing to see or to tab to, and stay held; a frame in view still gets one', async () => {
    await open({ file: 'placeholders-hidden.html' }, async (page, problems) => {
      await placed(page, 'video');
      const got = {};
      for (const id of [...HIDDEN, 'box-hidden', 'later', 'in-tab']) got[id] = await ph(page, id);
      assert.deepEqual(got, Object.fromEntries(Object.keys(got).map((id) => [id, null])), 'a placeholder for a frame no one sees');
      // The closed panel's video has one, hidden with the panel (see below).
      assert.deepEqual(await hosts(page), ['in-panel', 'panel-own', 'video']);
      assert.deepEqual(await hosts(page, 'visible'), ['panel-own', 'video']);
      assert.deepEqual((await ph(page, 'video')).buttons, ['Load', 'Cookie settings']);
      // The keyboard meets the placeholders in view only.
      const reached = new Set();
      for (let i = 0; i < 20; i++) {
        await page.keyboard.press('Tab');
        const at = await page.evaluate(() => document.activeElement?.localName === 'cookiegate-placeholder' && document.activeElement.nextElementSibling.id);
        if (at) reached.add(at);
      }
      assert.deepEqual([...reached].sort(), ['panel-own', 'video']);
      for (const id of HIDDEN) {
        const f = await page.evaluate((i) => {
          const e = document.getElementById(i);
          return { src: e.getAttribute('src'), data: e.getAttribute('data-src'), service: e.getAttribute('data-service') };
        }, id);
        assert.deepEqual(f, { src: null, data: '/site/placeholder-tp/pixel.html', service: 'ads' }, `${id} is held for its service`);
      }
      assert.equal(await page.locator('#fl-inline').getAttribute('style'), 'display:none', 'the page\'s own style is left as it wrote it');
      assert.deepEqual(await page.evaluate(() => window.__shifts), []);
      assert.deepEqual(problems.pageErrors, []);
      assert.deepEqual(await page.evaluate(() => window.__errors), []);
    });
  });

  test('load once allowed, as the page wrote them: still hidden', async () => {
    await open({ file: 'placeholders-hidden.html' }, async (page, problems) => {
      await placed(page, 'video');
      await page.locator('cookiegate-ui .bn button', { hasText: 'Accept all' }).click();
      for (const id of [...HIDDEN, 'video', 'later', 'in-tab', 'in-panel', 'panel-own']) await frameLoaded(page, id);
      assert.equal(await page.locator('cookiegate-placeholder').count(), 0);
      for (const id of [...HIDDEN.filter((i) => i !== 'fl-pixel'), 'later', 'in-tab', 'in-panel']) {
        assert.equal(await page.locator(`#${id}`).isVisible(), false, `${id} shows`);
      }
      assert.deepEqual(await page.evaluate(() => {
        const f = document.getElementById('fl-pixel');
        return [f.clientWidth, f.clientHeight];
      }), [1, 1]);
      assert.equal(await page.locator('#fl-inline').getAttribute('style'), 'display:none');
      assert.equal(await page.locator('[data-cookiegate-display]').count(), 0);
      assert.deepEqual(await page.evaluate(() => window.__shifts), []);
      assert.deepEqual(problems.pageErrors, []);
      assert.deepEqual(await page.evaluate(() => window.__errors), []);
    });
  });

  test('one the page shows later (itself, or the tab it sits in) gets its placeholder then, in the box it shows with', async () => {
    await open({ file: 'placeholders-hidden.html' }, async (page, problems) => {
      await placed(page, 'video');
      for (const [button, id] of [['show-later', 'later'], ['show-tab', 'in-tab']]) {
        assert.equal(await ph(page, id), null, `${id}: a placeholder while hidden`);
        await page.locator(`#${button}`).click();
        await placed(page, id);
        const p = await ph(page, id);
        assert.deepEqual(p.buttons, ['Load', 'Cookie settings']);
        assert.deepEqual(p.rect, await page.evaluate(() => window.__shown), `${id}: not the box the frame showed with`);
        assert.equal(await page.locator(`#${id}`).isVisible(), false);
      }
      const before = (await ph(page, 'later')).rect;
      // Showing is the page's own shift, right after the click; CookieGate adds none.
      await loadsInItsBox(page, problems, 'later', before);
    });
  });

  // Bootstrap's offcanvas, MUI's Collapse, Tailwind's `invisible`: visibility is
  // inherited, and opening the container changes no size a ResizeObserver would see.
  test('one in a container hidden by visibility (an offcanvas) has its placeholder hidden with it, shown when it opens', async () => {
    await open({ file: 'placeholders-hidden.html' }, async (page, problems) => {
      await placed(page, 'video');
      const host = page.locator('#in-panel').locator('xpath=preceding-sibling::cookiegate-placeholder[1]');
      assert.deepEqual((await ph(page, 'in-panel'))?.buttons, ['Load', 'Cookie settings'], 'no placeholder in the closed panel');
      assert.equal(await host.isVisible(), false, 'a placeholder shows in the closed panel');
      assert.equal(await load(page, 'in-panel').evaluate((b) => (b.focus(), b.getRootNode().activeElement === b)), false,
        'a button to focus in the closed panel');
      // A frame that shows itself in the closed panel: so does its placeholder.
      assert.equal(await page.locator('#panel-own').locator('xpath=preceding-sibling::cookiegate-placeholder[1]').isVisible(), true);
      const box = (await ph(page, 'in-panel')).rect;
      assert.deepEqual(box.slice(2), [564, 319], 'not the frame\'s box');
      await page.locator('#show-panel').click();
      assert.equal(await host.isVisible(), true, 'no placeholder once the panel is open');
      assert.deepEqual((await ph(page, 'in-panel')).rect, box);
      await loadsInItsBox(page, problems, 'in-panel', box);
    });
  });

  // A single-page app whose tag manager inserts a hidden conversion frame on each route,
  // and removes it with the route: none may stay watched (and so kept) until destroy().
  test('a hidden frame is watched only while it is held and in the page', async () => {
    await open({ file: 'placeholders-hidden.html' }, async (page, problems) => {
      await placed(page, 'video');
      const hidden = [...HIDDEN, 'box-hidden', 'later', 'in-tab'].sort();
      assert.deepEqual(await watched(page), hidden);
      for (let i = 0; i < 5; i++) {
        await page.evaluate((n) => {
          document.getElementById('route')?.remove();
          const f = document.createElement('iframe');
          f.id = 'route';
          f.style.display = 'none';
          f.src = '/site/placeholder-tp/pixel.html?route=' + n;
          document.querySelector('main').append(f);
        }, i);
        await tick(page);
        assert.equal(await page.locator('#route').getAttribute('data-category'), 'marketing', 'the route\'s frame is not held');
        assert.deepEqual(await watched(page), [...hidden, 'route'].sort());
      }
      await page.evaluate(() => {
        window.__kept = document.getElementById('fl-inline');
        for (const id of ['route', 'fl-gtm', 'fl-inline']) document.getElementById(id).remove();
      });
      await tick(page);
      const left = hidden.filter((id) => id !== 'fl-gtm' && id !== 'fl-inline');
      assert.deepEqual(await watched(page), left);
      // One put back (a cached route shown again) is watched again, and gets its
      // placeholder when it shows.
      await page.evaluate(() => document.querySelector('main').append(window.__kept));
      await tick(page);
      assert.deepEqual(await watched(page), [...left, 'fl-inline'].sort());
      await page.evaluate(() => { window.__kept.style.display = 'block'; });
      await placed(page, 'fl-inline');
      assert.deepEqual((await ph(page, 'fl-inline')).buttons, ['Load', 'Cookie settings']);
      assert.deepEqual(await watched(page), left);
      // Once allowed, none is held: none is watched.
      await page.locator('cookiegate-ui .bn button', { hasText: 'Accept all' }).click();
      await frameLoaded(page, 'later');
      await tick(page);
      assert.deepEqual(await watched(page), []);
      assert.deepEqual(problems.pageErrors, []);
      assert.deepEqual(await page.evaluate(() => window.__errors), []);
    });
  });
});
