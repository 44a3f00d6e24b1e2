// Policy updates on the demo site: a visitor accepts under the base config, then the
// site switches to another demo config (as the demo panel does). Each flow must show
// the right banner variant and keep the decisions the change does not touch.
import { after, before, describe } from 'node:test';
import { test } from './harness.mjs';
import assert from 'node:assert/strict';
import {
  GATED, banner, bannerVariant, clickAndReload, clickBanner, dialog, open, ran, ready, shot,
  standInCookies, startDemo, storageKeys, waitRan, withContext,
} from './demo-support.mjs';

let demo;
before(async () => { demo = await startDemo(); });
after(async () => { await demo?.close(); });

const T = { timeout: 60000 };

// A returning visitor who accepted everything under the base policy 1.0.0.
async function acceptedUnderBase(page) {
  await open(demo, page, '/en/?config=base');
  assert.equal(await bannerVariant(page), 'consent');
  await clickBanner(page, 'Accept all');
  await waitRan(page, GATED);
  await banner(page).waitFor({ state: 'detached' });
}

// Loads the page under another config; waits until the page's own scripts are done
// (the partner script injected), so "did not run" is a settled fact.
async function switchTo(page, config, path = '/en/') {
  const { got } = await open(demo, page, `${path}?config=${config}`);
  await page.waitForFunction(() => (window.__injected || []).length === 1);
  return got;
}

describe('demo: policy updates', () => {
  test('minor update: a dismissable notice, every choice kept', T, async () => {
    await withContext(demo, async (context) => {
      const page = await context.newPage();
      await acceptedUnderBase(page);
      const got = await switchTo(page, 'minor-update');
      assert.equal(got.prompt, 'notice');
      assert.equal(got.policyVersion, '1.1.0');
      assert.equal(await bannerVariant(page), 'update');
      assert.match(await banner(page).textContent(), /1\.1\.0/);
      // Consent stays valid: everything runs while the notice is shown.
      await waitRan(page, GATED);
      assert.deepEqual(Object.values(got.categories), [true, true, true, true]);
      await shot(page, '20-minor-update-notice');

      await clickBanner(page, 'Got it');
      await banner(page).waitFor({ state: 'detached' });
      await page.reload();
      const again = await ready(page);
      assert.equal(again.prompt, 'none');
      assert.equal(await banner(page).count(), 0);
      await waitRan(page, GATED);
    });
  });

  test('major update: every optional category is asked again and nothing runs until then', T, async () => {
    await withContext(demo, async (context) => {
      const page = await context.newPage();
      await acceptedUnderBase(page);
      const got = await switchTo(page, 'major-update');
      assert.equal(got.prompt, 'reconsent');
      assert.equal(got.reason, 'major_update');
      assert.equal(await bannerVariant(page), 'reconsent');
      const text = await banner(page).textContent();
      for (const title of ['Preferences and features', 'Analytics', 'Marketing']) assert.ok(text.includes(title), title);
      assert.deepEqual(await ran(page), []);
      assert.deepEqual(got.categories, { necessary: true, preferences: false, analytics: false, marketing: false });
      await shot(page, '21-major-update-reconsent');

      // Every category is asked, so agreeing grants them all.
      await clickBanner(page, 'Agree');
      await waitRan(page, GATED);
      const now = await page.evaluate(() => window.CookieGate.get());
      assert.equal(now.consentedPolicy, '2.0.0');
      assert.equal(now.prompt, 'none');
    });
  });

  test('category revision: only the changed category is asked again, the others keep running', T, async () => {
    await withContext(demo, async (context) => {
      const page = await context.newPage();
      await acceptedUnderBase(page);
      const got = await switchTo(page, 'category-revision');
      assert.equal(got.prompt, 'reconsent');
      assert.equal(got.reason, 'category_changed');
      assert.equal(await bannerVariant(page), 'reconsent');
      const text = await banner(page).textContent();
      assert.ok(text.includes('Analytics'));
      assert.ok(!text.includes('Marketing') && !text.includes('Preferences and features'), text);
      assert.deepEqual(got.categories, { necessary: true, preferences: true, analytics: false, marketing: true });
      await waitRan(page, ['chat', 'pixel', 'recommendations', 'video']);
      assert.ok(!(await ran(page)).includes('analytics'));
      await shot(page, '22-category-revision-reconsent');

      await clickBanner(page, 'Agree');
      await waitRan(page, ['analytics']);
      const now = await page.evaluate(() => window.CookieGate.get());
      assert.deepEqual(Object.values(now.categories), [true, true, true, true]);
    });
  });

  // The re-ask banner names only the changed categories, so its two choices decide only
  // those: "Agree" granted every category before (one the visitor had refused too), and
  // "Refuse" withdrew every earlier grant as well, a choice the banner never showed.
  test('category revision: Agree grants only the changed category, an earlier refusal stands', T, async () => {
    await withContext(demo, async (context) => {
      const page = await context.newPage();
      await open(demo, page, '/en/?config=base');
      await page.evaluate(() => window.CookieGate.set({ preferences: true, analytics: true, marketing: false }));
      const got = await switchTo(page, 'category-revision');
      assert.equal(got.prompt, 'reconsent');
      assert.deepEqual(got.categories, { necessary: true, preferences: true, analytics: false, marketing: false });
      await clickBanner(page, 'Agree');
      await banner(page).waitFor({ state: 'detached' });
      const now = await page.evaluate(() => window.CookieGate.get());
      assert.deepEqual(now.categories, { necessary: true, preferences: true, analytics: true, marketing: false });
      assert.equal(now.prompt, 'none');
      await page.reload();
      assert.deepEqual((await ready(page)).categories, now.categories);
    });
  });

  test('category revision: Refuse refuses only the changed category, earlier grants stand', T, async () => {
    await withContext(demo, async (context) => {
      const page = await context.newPage();
      await acceptedUnderBase(page);
      await switchTo(page, 'category-revision');
      assert.equal(await bannerVariant(page), 'reconsent');
      await clickBanner(page, 'Refuse');
      await banner(page).waitFor({ state: 'detached' });
      const now = await page.evaluate(() => window.CookieGate.get());
      assert.deepEqual(now.categories, { necessary: true, preferences: true, analytics: false, marketing: true });
      assert.equal(now.prompt, 'none');
      await waitRan(page, ['chat', 'pixel', 'recommendations', 'video']);
      assert.ok(!(await ran(page)).includes('analytics'));
    });
  });

  // A re-ask allows nothing while it waits, so refusing it withdrew nothing, and the
  // cookies and storage the stand-ins set under the earlier grant stayed on the device;
  // the same refusal from "Cookie settings" under an unchanged policy deleted them.
  // Nothing ran on the re-ask's page, so nothing needs a reload to stop.
  const ALL_COOKIES = ['_demo_chat', '_demo_ga', '_demo_ga_session', '_demo_px', '_demo_px_seen', '_demo_rec', '_demo_video'];
  const ALL_KEYS = ['demo_analytics_id', 'demo_analytics_pages', 'demo_chat_history', 'demo_px_queue', 'demo_rec_seen'];
  // Accepted under the base config, with every stand-in's cookies and storage keys set:
  // what a later refusal must clean up after.
  async function storedUnderBase(page, context) {
    await acceptedUnderBase(page);
    await page.waitForFunction(() => (window.__injected || []).length === 1);
    assert.deepEqual(await standInCookies(context), ALL_COOKIES);
    assert.deepEqual(await storageKeys(page), ALL_KEYS);
  }
  // Refuses on the re-ask's page and waits for the answer; says whether the page stayed.
  async function refuseOnReask(page, refuse) {
    await page.evaluate(() => { window.__samePage = true; });
    await refuse();
    await page.waitForFunction(() => window.CookieGate.get()?.prompt === 'none');
    await banner(page).waitFor({ state: 'detached' });
    return page.evaluate(() => window.__samePage === true);
  }
  const refusals = {
    Refuse: (page) => clickBanner(page, 'Refuse'),
    'Customize, then Reject all': async (page) => {
      await clickBanner(page, 'Customize');
      await dialog(page).waitFor({ state: 'visible' });
      await dialog(page).getByRole('button', { name: 'Reject all' }).click();
    },
  };
  for (const [how, refuse] of Object.entries(refusals)) {
    test(`major update refused (${how}): the earlier grant's cookies and storage are deleted, without a reload`, T, async () => {
      await withContext(demo, async (context) => {
        const page = await context.newPage();
        await storedUnderBase(page, context);
        await switchTo(page, 'major-update');
        assert.equal(await bannerVariant(page), 'reconsent');
        assert.deepEqual(await ran(page), []);
        assert.equal(await refuseOnReask(page, () => refuse(page)), true, 'the page reloaded, though nothing on it ran');
        const now = await page.evaluate(() => window.CookieGate.get());
        assert.deepEqual(now.categories, { necessary: true, preferences: false, analytics: false, marketing: false });
        assert.deepEqual(await standInCookies(context), []);
        assert.deepEqual(await storageKeys(page), []);
        assert.deepEqual(await ran(page), []);
        assert.ok((await context.cookies()).some((c) => c.name === 'cookiegate'));
      });
    });
  }

  // The same refusal by a page script before the core is ready (an inline script right
  // after cookiegate.js): it waits in the runtime's queue, and the core's answer to it
  // named the clean-up, which the queue's settling dropped with all but the state.
  test('major update refused by a call queued before the core is ready: the earlier grant\'s cookies and storage are deleted, without a reload', T, async () => {
    await withContext(demo, async (context) => {
      const page = await context.newPage();
      await storedUnderBase(page, context);
      // The bridge held: the runtime is there, the core is not, so the call is queued.
      let release;
      const held = new Promise((ok) => { release = ok; });
      let asked;
      const bridgeAsked = new Promise((ok) => { asked = ok; });
      await page.route('**/cookiegate-bridge.js', async (route) => { asked(); await held; await route.continue(); });
      await page.goto(demo.server.url('/en/?config=major-update'), { waitUntil: 'commit' });
      await bridgeAsked;
      const early = await page.evaluate(() => {
        window.__samePage = true;
        window.__early = window.CookieGate.rejectAll();
        return window.CookieGate.get().ready;
      });
      assert.equal(early, false, 'the core was ready before the call: nothing was queued');
      release();
      const now = await page.evaluate(() => window.__early);
      assert.deepEqual(now.categories, { necessary: true, preferences: false, analytics: false, marketing: false });
      assert.equal(now.method, 'reject_all');
      await page.waitForFunction(() => (window.__injected || []).length === 1);
      assert.equal(await page.evaluate(() => window.__samePage === true), true, 'the page reloaded, though nothing on it ran');
      assert.deepEqual(await standInCookies(context), []);
      assert.deepEqual(await storageKeys(page), []);
      assert.deepEqual(await ran(page), []);
      await page.unroute('**/cookiegate-bridge.js');
    });
  });

  test('category revision refused: the revised category\'s earlier cookies and storage are deleted, the others kept', T, async () => {
    await withContext(demo, async (context) => {
      const page = await context.newPage();
      await storedUnderBase(page, context);
      await switchTo(page, 'category-revision');
      assert.equal(await bannerVariant(page), 'reconsent');
      await waitRan(page, ['chat', 'pixel', 'recommendations', 'video']);
      assert.equal(await refuseOnReask(page, () => clickBanner(page, 'Refuse')), true);
      assert.deepEqual(await standInCookies(context), ALL_COOKIES.filter((c) => !c.startsWith('_demo_ga')));
      assert.deepEqual(await storageKeys(page), ALL_KEYS.filter((k) => !k.startsWith('demo_analytics')));
      assert.ok(!(await ran(page)).includes('analytics'));
    });
  });

  test('upcoming change: a notice naming the version and date, choices kept', T, async () => {
    await withContext(demo, async (context) => {
      const page = await context.newPage();
      await acceptedUnderBase(page);
      const got = await switchTo(page, 'upcoming-change');
      assert.equal(got.prompt, 'notice');
      assert.equal(got.notice.kind, 'upcoming');
      assert.equal(await bannerVariant(page), 'upcoming');
      const text = await banner(page).textContent();
      assert.match(text, /2\.0\.0/);
      assert.match(text, /2030/);
      assert.match(text, /newsletters/);
      await waitRan(page, GATED);
      await shot(page, '23-upcoming-change-notice');

      await clickBanner(page, 'Got it');
      await banner(page).waitFor({ state: 'detached' });
      await page.reload();
      assert.equal((await ready(page)).prompt, 'none');
      assert.equal(await banner(page).count(), 0);
    });
  });

  test('the update banners speak Chinese on the Chinese site', T, async () => {
    await withContext(demo, async (context) => {
      const page = await context.newPage();
      await open(demo, page, '/zh/');
      await bannerVariant(page);
      await clickBanner(page, '全部接受');
      await waitRan(page, GATED);

      await switchTo(page, 'upcoming-change', '/zh/');
      assert.equal(await bannerVariant(page), 'upcoming');
      let text = await banner(page).textContent();
      assert.match(text, /我们的隐私政策即将变更/);
      assert.match(text, /2\.0\.0/);
      assert.match(text, /2030/);
      assert.match(text, /电子报/);
      await shot(page, '26-zh-upcoming-change');
      await clickBanner(page, '知道了');
      await banner(page).waitFor({ state: 'detached' });

      // Then a revision of one category (policy 1.0.1, newer than the record's 1.0.0).
      await switchTo(page, 'category-revision', '/zh/');
      assert.equal(await bannerVariant(page), 'reconsent');
      text = await banner(page).textContent();
      assert.match(text, /请重新确认您的选择/);
      assert.ok(text.includes('统计分析') && !text.includes('营销'), text);
      await shot(page, '25-zh-category-revision');
      await clickBanner(page, '同意');
      await waitRan(page, ['analytics']);
    });
  });

  test('the demo panel switches configs without editing files', T, async () => {
    await withContext(demo, async (context) => {
      const page = await context.newPage();
      await acceptedUnderBase(page);
      const panel = page.locator('#demo-panel');
      await panel.getByLabel('Demo config').selectOption('minor-update');
      const got = await clickAndReload(page, panel.getByRole('button', { name: 'Load this config' }));
      assert.equal(got.policyVersion, '1.1.0');
      assert.equal(await bannerVariant(page), 'update');
      assert.equal(await page.locator('#cookiegate-config').getAttribute('data-demo-config'), 'minor-update');
      // The choice sticks while browsing: the next page uses the same config.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Journal' }).click();
      await page.waitForURL(/article\.html$/);
      assert.equal((await ready(page)).policyVersion, '1.1.0');
      await shot(page, '24-panel-config-switch');
    });
  });
});
