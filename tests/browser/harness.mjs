// Shared browser-test harness: a static server on 127.0.0.1 and Debian's Chromium via
// playwright-core. Used by the runtime, UI and demo tests, so it knows nothing about
// CookieGate itself: callers mount folders and hook response headers (CSP per page).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as nodeTest } from 'node:test';
import { chromium } from 'playwright-core';

// The demo server's MIME table: streaming wasm compilation needs application/wasm,
// and a module script served as text/plain would not run.
import { mime } from '../../demo/server.mjs';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));


/**
 * Serves folders over HTTP on 127.0.0.1 (a random free port).
 * @param {object} opts
 * @param {Record<string,string>} opts.mounts URL prefix ('/', '/dist/') -> folder.
 *   The longest matching prefix wins.
 * @param {(req: import('node:http').IncomingMessage, url: URL) =>
 *   (Record<string,string>|void)} [opts.headers] extra response headers per request
 *   (e.g. a Content-Security-Policy for some pages).
 * @param {(req, res, url: URL) => boolean|Promise<boolean>} [opts.handle] answers a
 *   request itself when it returns true (dynamic routes, forced 404s, delays).
 * @returns {Promise<{origin: string, url: (path: string) => string,
 *   requests: string[], close: () => Promise<void>}>}
 */
export async function startServer({ mounts, headers, handle }) {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const requests = [];
  // Headers up to 64 KiB: tests load pages carrying more cookies than Node's 16 KiB default.
  const server = createServer({ maxHeaderSize: 64 * 1024 }, async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    requests.push(url.pathname + url.search);
    try {
      if (handle && (await handle(req, res, url))) return;
      const extra = (headers && headers(req, url)) || {};
      const prefix = prefixes.find((p) => url.pathname.startsWith(p));
      if (!prefix) return send(res, 404, 'not found', extra);
      const root = resolve(mounts[prefix]);
      let file = normalize(join(root, decodeURIComponent(url.pathname.slice(prefix.length))));
      if (file !== root && !file.startsWith(root + sep)) return send(res, 403, 'forbidden', extra);
      let info = await stat(file).catch(() => null);
      if (info && info.isDirectory()) {
        file = join(file, 'index.html');
        info = await stat(file).catch(() => null);
      }
      if (!info) return send(res, 404, 'not found', extra);
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': mime[extname(file)] || 'application/octet-stream',
        'Cache-Control': 'no-store',
        ...extra,
      });
      res.end(body);
    } catch (e) {
      send(res, 500, String(e));
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: (path) => origin + path,
    requests,
    close: () => new Promise((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}

function send(res, status, text, extra = {}) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...extra });
  res.end(text);
}

// Chromium's headless mode builds a whole browser window for every page, and each
// window's omnibox prepares its popup as two WebUI pages (chrome://omnibox-popup.top-chrome)
// in a renderer of its own: half of the browser tests' CPU (all of tests/browser/ on an
// idle 2-core machine: 1791 CPU-s of all processes, 902 s; without the popups 893 CPU-s,
// 464 s). Beside the C++ builds on 2 cores, that CPU is the suite's wall time.
// Chromium keeps only the last --disable-features switch, so this one repeats the list
// playwright-core 1.65 passes before it (its chromiumSwitches: HTTP stays HTTP, no
// third-party storage partitioning, ...) and adds the two popups.
// tests/browser/harness.test.mjs checks both halves.
export const playwrightDisabledFeatures = [
  'AvoidUnnecessaryBeforeUnloadCheckSync', 'DestroyProfileOnBrowserClose', 'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable', 'LensOverlay', 'MediaRouter', 'PaintHolding',
  'ThirdPartyStoragePartitioning', 'AvoidCorsURLLoaderRestartOnRedirect', 'TcpPortRandomizationWin',
  'OptimizationHints', 'NetworkTimeServiceQuerying', 'AimEnabled', 'PreconnectToSearch',
  'msForceBrowserSignIn', 'msEdgeUpdateLaunchServicesPreferredVersion',
];
// SpareRendererForSitePerProcess: Chromium starts a spare renderer beside every new page
// for the next navigation, in the page's profile; a test's context closes before using
// it, so every context started two renderer processes (a tenth of a page's CPU).
export const disabledFeatures = [...playwrightDisabledFeatures, 'WebUIOmniboxPopup', 'WebUIOmniboxAimPopup',
  'SpareRendererForSitePerProcess'];

export const chromiumArgs = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  `--disable-features=${disabledFeatures.join(',')}`,
];

/** Debian's Chromium with a fresh profile (playwright's launch uses a temporary one). */
export function launchBrowser() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });
}

/** A browser test's time limit unless it sets its own (ms). */
export const TEST_TIMEOUT_MS = 120000;

/**
 * node:test's `test` with a time limit: a wait that never ends (a promise on an event
 * that does not come) fails that test by name, and the rest of the file still runs.
 * Node 20's --test-timeout limits whole files and names no test.
 */
export function test(name, options, fn) {
  if (typeof options === 'function') [fn, options] = [options, {}];
  return nodeTest(name, { timeout: TEST_TIMEOUT_MS, ...options }, fn);
}

/**
 * Waits until `fn()` holds, polled every 20 ms, for at most 20 s; then fails naming
 * `what`. For Node-side conditions: console messages reach the test asynchronously.
 * Polled, so a generous limit costs nothing when the condition comes: two test files
 * and their browsers on 2 busy cores have taken seconds for a request to start.
 */
export async function until(fn, what) {
  for (const end = Date.now() + 20000; !fn();) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 20));
  }
}

/**
 * Records everything that went wrong on a page: console errors, uncaught exceptions and
 * CSP / Trusted Types violations (listened for before any page script runs). Call it
 * on the context before opening pages, or on a page before its first navigation.
 * @param {import('playwright-core').BrowserContext|import('playwright-core').Page} target
 */
export async function collectProblems(target) {
  const problems = { console: [], pageErrors: [], violations: [] };
  const pages = 'pages' in target ? target.pages() : [target];
  const watch = (page) => {
    page.on('console', (m) => { if (m.type() === 'error') problems.console.push(m.text()); });
    page.on('pageerror', (e) => problems.pageErrors.push(String(e)));
  };
  if ('pages' in target) target.on('page', watch);
  pages.forEach(watch);
  await target.exposeBinding('__harnessViolation', (_src, v) => problems.violations.push(v));
  await target.addInitScript(() => {
    addEventListener('securitypolicyviolation', (e) => {
      const v = { directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample };
      (window.__violations = window.__violations || []).push(v);
      // eslint-disable-next-line no-undef
      __harnessViolation(v);
    });
  });
  return problems;
}

/**
 * The UI's layers shown above its open preferences dialog (`localName.className`, in
 * the order shown: the top layer stacks them so); null when no dialog is open.
 * @param {import('playwright-core').Page} page
 */
export const shownAboveDialog = (page) => page.evaluate(() => {
  const order = [...document.querySelector('cookiegate-ui').shadowRoot.children]
    .filter((e) => e.matches('dialog[open], :popover-open')).map((e) => e.localName + '.' + e.className);
  const dialog = order.findIndex((e) => e.startsWith('dialog.dg'));
  return dialog < 0 ? null : order.slice(dialog + 1);
});

/** A fresh context per test: no cookies or storage leak between tests. */
export async function withPage(browser, fn, contextOptions = {}) {
  const context = await browser.newContext(contextOptions);
  try {
    const page = await context.newPage();
    return await fn(page, context);
  } finally {
    await context.close();
  }
}

/** A fresh context per test, with its console errors and page errors collected:
 *  fn(context, problems) (collectProblems above). */
export async function withProblems(browser, fn) {
  const context = await browser.newContext();
  const problems = await collectProblems(context);
  try {
    return await fn(context, problems);
  } finally {
    await context.close();
  }
}

/**
 * A started server plus one launched browser, closed together: what every suite's
 * `before` creates and its `after` closes.
 * @param {Awaited<ReturnType<typeof startServer>>} server
 */
export async function startSession(server) {
  const browser = await launchBrowser();
  return {
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
