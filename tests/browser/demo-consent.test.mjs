// The demo site's consent flows, clicked through the real banner and dialog in
// Chromium: first visit, accept, reject, custom choice, withdrawal, the video's
// click-to-load placeholder, the injected third-party script and Consent Mode order.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { repoRoot, test } from './harness.mjs';
import assert from 'node:assert/strict';
import {
  GATED, banner, bannerVariant, clickAndReload, clickBanner, consentLog, dialog, gateTraces,
  open, ran, ready, shot, standInCookies, startDemo, storageKeys, waitRan, withContext,
} from './demo-support.mjs';

let demo;
before(async () => { demo = await startDemo(); });
after(async () => { await demo?.close(); });

const T = { timeout: 60000 };

describe('demo: consent flows', () => {
  test('first visit shows the consent banner and runs no stand-in', T, async () => {
    await withContext(demo, async (context) => {
      const page = await context.newPage();
      const { got } = await open(demo, page, '/en/');
      assert.equal(got.failed, false);
      assert.equal(got.prompt, 'consent');
      assert.equal(await bannerVariant(page), 'consent');
      // The first-party plugin has injected the partner script by now (after load).
      await page.waitForFunction(() => (window.__injected || []).length === 1);
      assert.deepEqual(await ran(page), []);
      const traces = await gateTraces(page);
      assert.equal(traces.activeScripts, 0);
      assert.equal(traces.iframeSrc, null);
      assert.equal(traces.injectedType, 'text/plain');
      assert.deepEqual(await standInCookies(context), []);
      assert.deepEqual(await storageKeys(page), []);
      // Nothing optional pre-ticked: every optional category and service is off.
      assert.deepEqual(got.categories, { necessary: true, preferences: false, analytics: false, marketing: false });
      assert.ok(Object.values(got.services).every((v) => v === false));
      await shot(page, '01-first-visit-banner');
    });
  });

  test('accept all runs every stand-in; after a reload there is no banner and they run again', T, async () => {
    await withContext(demo, async (context) => {
      const page = await context.newPage();
      await open(demo, page, '/en/');
      await bannerVariant(page);
      await clickBanner(page, 'Accept all');
      await waitRan(page, GATED);
      await banner(page).waitFor({ state: 'detached' });
      assert.deepEqual(await standInCookies(context),
        ['_demo_chat', '_demo_ga', '_demo_ga_session', '_demo_px', '_demo_px_seen', '_demo_rec', '_demo_video']);
      assert.deepEqual(await storageKeys(page),
        ['demo_analytics_id', 'demo_analytics_pages', 'demo_chat_history', 'demo_px_queue', 'demo_rec_seen']);
      // Every cookie and storage key the stand-ins and CookieGate set is disclosed in the
      // preferences' tables (a visitor trial found _demo_px_seen and the storage keys
      // missing; a review, CookieGate's own).
      const listed = JSON.parse(readFileSync(join(repoRoot, 'demo/site/configs/base.json'), 'utf8'))
        .categories.flatMap((c) => (c.cookieTable || []).map((r) => r.name));
      const own = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('cookiegate:')));
      assert.ok(own.includes('cookiegate:answer'), own.join());
      const unlisted = [...await standInCookies(context), ...await storageKeys(page), ...own].filter((n) => !listed.includes(n));
      assert.deepEqual(unlisted, []);
      const got = await page.evaluate(() => window.CookieGate.get());
      assert.equal(got.method, 'accept_all');
      assert.match(got.consentId, /^[0-9a-f]{8,}/i);
      await shot(page, '02-accepted');

      await page.reload();
      const again = await ready(page);
      assert.equal(again.prompt, 'none');
      await waitRan(page, GATED);
      assert.equal(await banner(page).count(), 0);
      assert.deepEqual(await ran(page), [...GATED].sort());
      await shot(page, '03-accepted-reload');
    });
  });

  test('reject all runs nothing, also after a reload', T, async () => {
    await withContext(demo, async (context) => {
      const page = await context.newPage();
      await open(demo, page, '/en/article.html');
      await bannerVariant(page);
      await clickBanner(page, 'Reject all');
      await banner(page).waitFor({ state: 'detached' });
      const got = await page.evaluate(() => window.CookieGate.get());
      assert.equal(got.method, 'reject_all');
      assert.deepEqual(got.categories, { necessary: true, preferences: false, analytics: false, marketing: false });
      await page.waitForFunction(() => (window.__injected || []).length === 1);
      assert.deepEqual(await ran(page), []);
      assert.equal((await gateTraces(page)).activeScripts, 0);
      await shot(page, '04-rejected');

      await page.reload();
      const again = await ready(page);
      assert.equal(again.prompt, 'none');
      await page.waitForFunction(() => (window.__injected || []).length === 1);
      assert.equal(await banner(page).count(), 0);
      assert.deepEqual(await ran(page), []);
      const traces = await gateTraces(page);
      assert.equal(traces.activeScripts, 0);
      assert.equal(traces.injectedType, 'text/plain');
      assert.deepEqual(await standInCookies(context), []);
    });
  });

  test('a custom choice runs exactly the chosen category', T, async () => {
    await withContext(demo, async (context) => {
      const page = await context.newPage();
      await open(demo, page, '/en/');
      await bannerVariant(page);
      await clickBanner(page, 'Customize');
      const dlg = dialog(page);
      await dlg.waitFor({ state: 'visible' });
      const analytics = dlg.locator('section[data-category="analytics"] .ch [role="switch"]');
      assert.equal(await analytics.getAttribute('aria-checked'), 'false');
      await analytics.click();
      assert.equal(await analytics.getAttribute('aria-checked'), 'true');
      await shot(page, '05-custom-dialog');
      await dlg.getByRole('button', { name: 'Save choices' }).click();
      await dlg.waitFor({ state: 'detached' });
      await waitRan(page, ['analytics']);
      const got = await page.evaluate(() => window.CookieGate.get());
      assert.equal(got.method, 'custom');
      assert.deepEqual(got.categories, { necessary: true, preferences: false, analytics: true, marketing: false });
      await page.waitForFunction(() => (window.__injected || []).length === 1);
      assert.deepEqual(await ran(page), ['analytics']);

      await page.reload();
      await ready(page);
      await waitRan(page, ['analytics']);
      await page.waitForFunction(() => (window.__injected || []).length === 1);
      assert.deepEqual(await ran(page), ['analytics']);
      assert.deepEqual(await standInCookies(context), ['_demo_ga', '_demo_ga_session']);
    });
  });

  test('withdrawal from "Cookie settings" deletes the stand-ins\' cookies and storage', T, async () => {
    await withContext(demo, async (context) => {
      const page = await context.newPage();
      await open(demo, page, '/en/');
      await bannerVariant(page);
      await clickBanner(page, 'Accept all');
      await waitRan(page, GATED);
      assert.equal((await standInCookies(context)).length, 7);

      await page.locator('footer').getByRole('link', { name: 'Cookie settings' }).click();
      const dlg = dialog(page);
      await dlg.waitFor({ state: 'visible' });
      await shot(page, '06-settings-before-withdrawal');
      // Withdrawing reloads the page (the default), so running scripts stop.
      const got = await clickAndReload(page, dlg.getByRole('button', { name: 'Reject all' }));
      assert.equal(got.prompt, 'none');
      assert.deepEqual(got.categories, { necessary: true, preferences: false, analytics: false, marketing: false });
      assert.deepEqual(await standInCookies(context), []);
      assert.deepEqual(await storageKeys(page), []);
      await page.waitForFunction(() => (window.__injected || []).length === 1);
      assert.deepEqual(await ran(page), []);
      // The consent cookie itself stays: it now records the refusal.
      assert.ok((await context.cookies()).some((c) => c.name === 'cookiegate'));
      await shot(page, '07-after-withdrawal');
    });
  });

  test('the video placeholder loads the video on click and allows only that service', T, async () => {
    await withContext(demo, async (context) => {
      const page = await context.newPage();
      await open(demo, page, '/en/');
      await bannerVariant(page);
      const figure = page.locator('figure.video');
      // At the top of the viewport, clear of the banner at the bottom.
      await figure.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      assert.equal((await gateTraces(page)).iframeSrc, null);
      await shot(page, '08-video-placeholder');
      // CookieGate's own placeholder, named after the service in the config.
      const placeholder = figure.getByRole('group', { name: 'LeafTube videos' });
      await placeholder.getByRole('button', { name: 'Load' }).click();
      await waitRan(page, ['video']);
      await placeholder.waitFor({ state: 'detached' });
      const got = await page.evaluate(() => window.CookieGate.get());
      assert.equal(got.services.video, true);
      assert.equal(got.services.chat, false);
      assert.equal(got.categories.analytics, false);
      assert.equal(got.categories.marketing, false);
      // The other categories were not chosen: the banner still asks about them (a
      // custom choice refused them and hid it for good).
      assert.notEqual(got.prompt, 'none');
      assert.equal((await gateTraces(page)).iframeSrc, '/vendor/video-player.html');
      assert.deepEqual(await ran(page), ['video']);
      assert.ok((await standInCookies(context)).includes('_demo_video'));
      await shot(page, '09-video-loaded');
    });
  });

  test('a script injected by another script is held until marketing is allowed', T, async () => {
    await withContext(demo, async (context) => {
      const page = await context.newPage();
      await open(demo, page, '/en/');
      await page.waitForFunction(() => (window.__injected || []).length === 1);
      let traces = await gateTraces(page);
      assert.equal(traces.injectedType, 'text/plain');
      assert.equal(traces.injectedHeld, true);
      assert.ok(!(await ran(page)).includes('recommendations'));
      assert.match(await page.locator('[data-partner-slot]').textContent(), /appear here if you allow/);

      await bannerVariant(page);
      await clickBanner(page, 'Accept all');
      await waitRan(page, ['recommendations']);
      traces = await gateTraces(page);
      assert.notEqual(traces.injectedType, 'text/plain');
      // It was injected once and released once: no second copy ran.
      assert.equal(await page.evaluate(() => window.__ran.filter((x) => x === 'recommendations').length), 1);
      assert.match(await page.locator('[data-partner-slot]').textContent(), /Brightleaf picks/);
      await shot(page, '10-injected-released');
    });
  });

  test('the Consent Mode default comes first, all denied, and updates follow each decision', T, async () => {
    await withContext(demo, async (context) => {
      const page = await context.newPage();
      await open(demo, page, '/en/');
      await page.waitForFunction(() => (window.__consentLog || []).length >= 2);
      // The default was queued before the gtag stand-in itself ran.
      const first = await page.evaluate(() => {
        const e = window.dataLayer[0];
        return e && [e[0], e[1]];
      });
      assert.deepEqual(first, ['consent', 'default']);
      let log = await consentLog(page);
      assert.equal(log[0].command, 'default');
      const signals = ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage',
        'functionality_storage', 'personalization_storage', 'security_storage'];
      for (const s of signals) assert.equal(log[0].params[s], 'denied', s);
      assert.equal(log[0].params.wait_for_update, 500);
      assert.ok(log.slice(1).every((e) => e.command === 'update'));
      // Before any choice only the strictly necessary signal is granted.
      const beforeChoice = log[log.length - 1].params;
      assert.deepEqual(signals.filter((s) => beforeChoice[s] === 'granted'), ['security_storage']);

      await bannerVariant(page);
      await clickBanner(page, 'Accept all');
      await waitRan(page, GATED);
      log = await consentLog(page);
      assert.equal(log.filter((e) => e.command === 'default').length, 1);
      assert.ok(log.slice(1).every((e) => e.command === 'update'));
      const last = log[log.length - 1].params;
      for (const s of signals) assert.equal(last[s], 'granted', s);
      // Every stand-in ran after the default and after an update.
      const timeline = await page.evaluate(() => window.__timeline);
      const firstRun = timeline.findIndex((e) => e.startsWith('ran:'));
      assert.equal(timeline[0], 'consent:default');
      assert.ok(timeline.indexOf('consent:update') < firstRun, timeline.join());
    });
  });

  test('the demo panel shows the decisions, the stand-ins and the record decoded by the core', T, async () => {
    await withContext(demo, async (context) => {
      const page = await context.newPage();
      await open(demo, page, '/en/');
      const panel = page.locator('#demo-panel');
      await panel.locator('[data-panel="decision"] tr[data-category="analytics"]').waitFor();
      // The panel redraws on the core's first state event: no record on a first visit.
      await page.waitForFunction(() =>
        /no valid record/.test(document.querySelector('#demo-panel [data-panel="record"]').textContent));
      await bannerVariant(page);
      await clickBanner(page, 'Accept all');
      await waitRan(page, GATED);
      const id = await page.evaluate(() => window.CookieGate.get().consentId);
      await page.waitForFunction((consentId) => {
        const text = document.querySelector('#demo-panel [data-panel="record"]').textContent;
        return text.includes(consentId);
      }, id);
      assert.match(await panel.locator('[data-panel="decision"] tr[data-category="analytics"]').textContent(), /yes/);
      assert.match(await panel.locator('[data-panel="stand-ins"] tr[data-stand-in="pixel"]').textContent(), /yes/);
      assert.match(await panel.locator('[data-panel="consent-mode"]').textContent(), /^default/);
      assert.match(await panel.locator('[data-panel="cookies"]').textContent(), /_demo_ga=/);
      await panel.scrollIntoViewIfNeeded();
      await shot(page, '11-panel');
    });
  });
});
