// Shared setup for the hardening browser tests (tests/browser/hardening-*.test.mjs):
// one server for the hardening pages and the real bundle, with the .wasm routes that
// misbehave on purpose, and helpers that watch a page from before its first script.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { collectProblems, repoRoot, startServer, startSession } from './harness.mjs';

export const dist = join(repoRoot, 'web/dist');
export const PAGE = '/site/hardening-page.html';
export const SANDBOX = '/site/hardening-sandbox.html';
export const OPTIONAL = ['stats', 'inline-analytics', 'inline-marketing'];

/**
 * Server + browser for one test file. Extra .wasm routes:
 *   /wasm/plain.wasm  the real module served as text/plain (no streaming compile)
 *   /wasm/stall.wasm  headers never sent: the request hangs until the server closes
 *   /wasm/cors.wasm   the real module with Access-Control-Allow-Origin: * (opaque origins)
 *   /seed?v=VALUE     answers with Set-Cookie: cookiegate=VALUE as given
 *   /order            the hardening page as the answer to a POST (an order form) and
 *                     to a GET; server.orders counts each method
 * and `?csp=nowasm` on a page: a CSP without 'wasm-unsafe-eval'. The modules the script
 * imports (the glue /dist/cookiegate-core.js and the on-demand /dist/cookiegate-*.js)
 * always come with Access-Control-Allow-Origin: * (a module import is a CORS request,
 * and an opaque-origin frame's is cross-origin).
 */
export async function setup() {
  assert.ok(existsSync(join(dist, 'cookiegate.js')), 'web/dist missing: run node web/build.mjs');
  const wasm = await readFile(join(dist, 'cookiegate-core.wasm'));
  const glue = await readFile(join(dist, 'cookiegate-core.js'));
  const page = await readFile(join(repoRoot, 'tests/browser/pages/hardening-page.html'));
  const orders = { POST: 0, GET: 0 };
  const server = await startServer({
    mounts: { '/site/': join(repoRoot, 'tests/browser/pages'), '/dist/': dist },
    // Scripts allowed, WebAssembly compilation not: the core cannot start.
    headers: (_req, url) => (url.searchParams.get('csp') === 'nowasm'
      ? { 'Content-Security-Policy': "script-src 'self' 'unsafe-inline'" } : {}),
    handle: (req, res, url) => {
      const send = (type, extra = {}, body = wasm) => {
        res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store', ...extra });
        res.end(body);
        return true;
      };
      switch (url.pathname) {
        case '/dist/cookiegate-core.js':
          return send('text/javascript', { 'Access-Control-Allow-Origin': '*' }, glue);
        case '/dist/cookiegate-runtime.js':
        case '/dist/cookiegate-bridge.js':
        case '/dist/cookiegate-placeholders.js':
        case '/dist/cookiegate-receipts.js':
          return readFile(join(dist, url.pathname.slice('/dist/'.length)))
            .then((body) => send('text/javascript', { 'Access-Control-Allow-Origin': '*' }, body));
        case '/wasm/plain.wasm': return send('text/plain; charset=utf-8');
        case '/wasm/cors.wasm': return send('application/wasm', { 'Access-Control-Allow-Origin': '*' });
        case '/wasm/stall.wasm': return true;  // never answered; close() ends it
        case '/order':
          orders[req.method] = (orders[req.method] || 0) + 1;
          req.resume();  // the form body is not needed
          return send('text/html; charset=utf-8', {}, page);
        case '/seed':  // a raw Set-Cookie, for values the DevTools protocol refuses
          res.writeHead(200, { 'Content-Type': 'text/plain', 'Set-Cookie': `cookiegate=${url.searchParams.get('v')}; Path=/` });
          res.end('seeded');
          return true;
        default: return false;
      }
    },
  });
  server.orders = orders;
  return startSession(server);
}

// Runs in the page before any of its scripts: the runtime's window events and a
// place where gated scripts report (window.__ran, created by the page too).
function recordEvents() {
  window.__ran = window.__ran || [];
  window.__events = [];
  ['ready', 'consent', 'change', 'notice', 'error'].forEach((type) => {
    addEventListener('cookiegate:' + type, (ev) => window.__events.push({ type, detail: ev.detail }));
  });
}

/**
 * A fresh context (no cookies, no storage) with problems recorded; `init` scripts run
 * before the page's own. `cookies` are seeded before the first page loads.
 */
export async function fresh(browser, fn, { init = [], cookies = [] } = {}) {
  const context = await browser.newContext();
  const problems = await collectProblems(context);
  await context.addInitScript(recordEvents);
  for (const s of [].concat(init)) await context.addInitScript(s);
  if (cookies.length) await context.addCookies(cookies);
  try {
    return await fn(context, problems);
  } finally {
    await context.close();
  }
}

/** Waits until the runtime settled in `frame` (a Page or a Frame): ready or error. */
export const settled = (frame, timeout) => frame.waitForFunction(() =>
  window.__events && window.__events.some((e) => e.type === 'ready' || e.type === 'error'),
null, timeout ? { timeout } : undefined);

export async function open(context, url, page) {
  page ||= await context.newPage();
  await page.goto(url);
  await settled(page);
  return page;
}

export const ran = (frame) => frame.evaluate(() => window.__ran.slice());
export const events = (frame, type) =>
  frame.evaluate((t) => window.__events.filter((e) => e.type === t).map((e) => e.detail), type);
export const state = (frame) => frame.evaluate(() => CookieGate.get());

/** What the banner (in the UI's open shadow root) shows now, or null. */
export const banner = (frame) => frame.evaluate(() => {
  const host = document.querySelector('cookiegate-ui');
  const el = host && host.shadowRoot && host.shadowRoot.querySelector('.bn');
  if (!el) return null;
  const box = el.getBoundingClientRect();
  return {
    variant: el.getAttribute('data-variant'),
    role: el.getAttribute('role'),
    text: el.textContent.replace(/\s+/g, ' ').trim(),
    visible: box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden',
    buttons: [...el.querySelectorAll('button')].map((b) => b.textContent.trim()),
  };
});

/** Waits until the gated script `id` has run in `frame`. */
export async function waitRan(frame, id) {
  await frame.waitForFunction((i) => window.__ran.includes(i), id);
}

/** Lets pending work (microtasks, one task, a frame) finish before a negative check. */
export const idle = (frame) =>
  frame.evaluate(() => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok))));

/**
 * Asserts the fail-closed picture: nothing optional ran, no uncaught error, and every
 * optional gated script is still inert: no live copy of it exists, so it cannot run
 * later either (the runtime activates a script by inserting a fresh, runnable copy).
 */
export async function assertNothingOptional(frame, problems, label = '') {
  const ids = await ran(frame);
  for (const id of OPTIONAL) assert.ok(!ids.includes(id), `${label}: ${id} ran without consent (${ids})`);
  const live = await frame.evaluate(() => [...document.querySelectorAll('script[data-category]')]
    .filter((s) => s.getAttribute('data-category') !== 'necessary' && s.type !== 'text/plain')
    .map((s) => s.getAttribute('src') || s.text.trim()));
  assert.deepEqual(live, [], `${label}: a gated script was activated`);
  const src = await frame.evaluate(() => document.querySelector('iframe[data-category]').getAttribute('src'));
  assert.equal(src, null, `${label}: the gated iframe was loaded`);
  if (problems) assert.deepEqual(problems.pageErrors, [], `${label}: uncaught errors`);
}
