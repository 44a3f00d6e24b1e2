// Shared by the demo's browser tests: starts demo/server.mjs (the same server
// ./demo/serve.sh runs, serving the shipped web/dist bundle) and Chromium, and knows
// where the demo's stand-ins leave their traces. Every wait is on a condition.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startDemoServer } from '../../demo/server.mjs';
import { repoRoot, startSession } from './harness.mjs';

export const GATED = ['analytics', 'chat', 'pixel', 'recommendations', 'video'];
export const shotDir = join(repoRoot, 'build', 'screenshots', 'demo');

export async function startDemo() {
  await mkdir(shotDir, { recursive: true });
  const server = await startDemoServer({ port: 0 });
  return startSession(server);
}

/** A fresh context (no cookies, no storage) per test; closed afterwards. */
export async function withContext(demo, fn, options = {}) {
  const context = await demo.browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  context.setDefaultTimeout(15000);
  try {
    return await fn(context);
  } finally {
    await context.close();
  }
}

/** Waits until CookieGate has evaluated (or failed) and returns get(). */
export async function ready(page) {
  await page.waitForFunction(() => {
    const g = window.CookieGate && window.CookieGate.get();
    return !!g && (g.ready || g.failed);
  });
  return page.evaluate(() => window.CookieGate.get());
}

/** Opens a path of the demo and waits for CookieGate. */
export async function open(demo, page, path) {
  const response = await page.goto(demo.server.url(path));
  const got = await ready(page);
  return { response, got };
}

export const banner = (page) => page.locator('cookiegate-ui .bn');
export const dialog = (page) => page.locator('cookiegate-ui dialog.dg');

/** The visible banner's variant (consent, reconsent, update, upcoming). */
export async function bannerVariant(page) {
  const b = banner(page);
  await b.waitFor({ state: 'visible' });
  return b.getAttribute('data-variant');
}

export async function clickBanner(page, name) {
  await banner(page).getByRole('button', { name, exact: true }).click();
}

/** Stand-ins that ran, sorted. */
export const ran = (page) => page.evaluate(() => [...(window.__ran || [])].sort());

/** Waits until every id in `ids` has run; on timeout says what did and what the gate saw. */
export async function waitRan(page, ids) {
  try {
    await page.waitForFunction((want) => want.every((id) => (window.__ran || []).includes(id)), ids);
  } catch (e) {
    const seen = await page.evaluate(() => ({
      ran: window.__ran || [], timeline: window.__timeline || [],
      state: window.CookieGate && window.CookieGate.get(),
      scripts: [...document.scripts].map((s) => `${s.getAttribute('type') || ''} ${s.getAttribute('src') || s.getAttribute('data-src') || ''}`),
      iframe: (() => {
        const f = document.querySelector('iframe[data-category]');
        if (!f) return null;
        let inner = null;
        try { inner = { url: f.contentWindow.location.href, ready: f.contentDocument.readyState }; } catch (err) { inner = String(err); }
        return { html: f.outerHTML, inner, cookies: document.cookie.includes('_demo_video') };
      })(),
    })).catch(() => null);
    throw new Error(`waiting for ${ids.join(', ')} to run: ${e.message.split('\n')[0]}\n${JSON.stringify(seen, null, 1)}`);
  }
}

/**
 * What the gate has done to the page's gated markup: how many gated scripts were
 * activated, whether the video iframe got its src, and the state of the script
 * that related-teas.js injected (held = still text/plain).
 */
export function gateTraces(page) {
  return page.evaluate(() => {
    const injected = [...document.scripts].find((s) => (s.getAttribute('src') || '').includes('ad-recommendations'));
    const frame = document.querySelector('iframe[data-service="video"]');
    return {
      activeScripts: [...document.querySelectorAll('script[data-category]')]
        .filter((s) => (s.getAttribute('type') || '') !== 'text/plain').length,
      inertScripts: document.querySelectorAll('script[type="text/plain"][data-category]').length,
      iframeSrc: frame ? frame.getAttribute('src') : null,
      injectedType: injected ? injected.getAttribute('type') : null,
      injectedHeld: injected ? injected.hasAttribute('data-cookiegate-blocked') : null,
    };
  });
}

/** Names of the cookies the stand-ins set (all start with _demo). */
export async function standInCookies(context) {
  return (await context.cookies()).map((c) => c.name).filter((n) => n.startsWith('_demo')).sort();
}

export function storageKeys(page) {
  return page.evaluate(() => {
    const keys = (s) => { const out = []; for (let i = 0; i < s.length; i++) out.push(s.key(i)); return out; };
    return [...keys(localStorage), ...keys(sessionStorage)].filter((k) => k.startsWith('demo_')).sort();
  });
}

export const consentLog = (page) => page.evaluate(() => window.__consentLog || []);

export async function shot(page, name) {
  // A banner caught mid-animation is not where it ends: wait for the finite animations
  // (the banner's slide-in among them) to end, then take the picture.
  await page.evaluate(() => Promise.all(document.getAnimations()
    .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity)
    .map((a) => a.finished.catch(() => {}))));
  await page.screenshot({ path: join(shotDir, name + '.png') });
}

/** Clicks something that makes the page reload, and waits for CookieGate on the new page. */
export async function clickAndReload(page, locator) {
  const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() });
  await locator.click();
  await navigated;
  await page.waitForLoadState('load');
  return ready(page);
}
