// The parts loaded on demand (web/dist/cookiegate-placeholders.js,
// cookiegate-receipts.js and cookiegate-preferences.js) in Debian's Chromium, script-tag
// bundle: a page without embeds never requests the placeholders, a config without
// log.endpoint never requests the receipts, a visitor who never goes near the UI never
// requests the preferences dialog, a page that needs them does, and a file that cannot
// be loaded fails closed and visibly (error event + console, the embed stays held, the
// first layer stands in for the dialog).
// Needs web/dist (node web/build.mjs).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';

import { collectProblems, launchBrowser, repoRoot, startServer, test } from './harness.mjs';

const dist = join(repoRoot, 'web/dist');
const PH = '/dist/cookiegate-placeholders.js';
const RC = '/dist/cookiegate-receipts.js';
const PF = '/dist/cookiegate-preferences.js';

const config = (log, ui, version = '1.0.0') => ({
  policy: { version, url: '/privacy' },
  ...(ui ? { ui } : {}),
  categories: [
    { id: 'necessary', required: true, title: 'Necessary' },
    { id: 'preferences', title: 'Preferences', services: [{ id: 'video', title: 'Videos', scripts: ['*/tp/video.html'] }] },
  ],
  ...(log ? { log: { endpoint: '/consent-log' } } : {}),
});
const EMBED = '<iframe id="video" data-category="preferences" data-service="video" data-src="/tp/video.html" width="320" height="180" title="Video"></iframe>';
const page = ({ log, embed, modal, version }) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>chunks</title>
<link rel="icon" href="data:,">
<script type="application/json" id="cookiegate-config">${JSON.stringify(config(log, modal && { layout: 'modal' }, version || undefined))}</script>
<script src="/dist/cookiegate.js" data-config="#cookiegate-config" data-reload-on-withdrawal="false"></script>
</head><body><main><h1>Chunks</h1>${embed ? EMBED : ''}<a href="#settings" id="settings" data-cookiegate-open>Cookie settings</a></main></body></html>`;

let server;
let browser;
let missing = new Set();  // chunk paths answered with 404
const held = new Map();  // path -> promise its response waits for
const receipts = [];
before(async () => {
  assert.ok(existsSync(join(dist, 'cookiegate.js')), 'web/dist missing: run node web/build.mjs');
  server = await startServer({
    mounts: { '/dist/': dist },
    handle: async (req, res, url) => {
      if (missing.has(url.pathname)) { res.writeHead(404); res.end('gone'); return true; }
      await held.get(url.pathname);
      if (url.pathname === '/consent-log') {
        let body = '';
        for await (const c of req) body += c;
        receipts.push(JSON.parse(body));
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"ok":true}');
        return true;
      }
      if (url.pathname === '/tp/video.html') { res.writeHead(200, { 'Content-Type': 'text/html' }); res.end('video'); return true; }
      if (url.pathname !== '/page.html') return false;
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(page({ log: url.searchParams.has('log'), embed: url.searchParams.has('embed'), modal: url.searchParams.has('modal'),
        version: url.searchParams.get('policy') }));
      return true;
    },
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

function observe() {
  window.__events = [];
  for (const t of ['ready', 'error']) addEventListener('cookiegate:' + t, (e) => window.__events.push({ type: t, detail: e.detail }));
}

async function open(query, fn, { gone = [] } = {}) {
  missing = new Set(gone);
  const context = await browser.newContext();
  const problems = await collectProblems(context);
  await context.addInitScript(observe);
  const requested = [];
  context.on('request', (r) => requested.push(new URL(r.url()).pathname));
  try {
    const p = await context.newPage();
    await p.goto(server.url(`/page.html?${query}`));
    await p.waitForFunction(() => window.__events.some((e) => e.type === 'ready'));
    return await fn(p, requested, problems);
  } finally {
    await context.close();
    missing = new Set();
  }
}

const accept = (p) => p.evaluate(() => window.CookieGate.acceptAll());
const placeholderShown = (p) => p.waitForFunction(() => document.getElementById('video')?.previousElementSibling?.localName === 'cookiegate-placeholder');
// Requests start within a task of what triggers them; network idle is the condition.
const settled = (p) => p.waitForLoadState('networkidle');

test('a page without embeds nor log.endpoint requests neither file, even after a choice', () => open('', async (p, requested) => {
  await accept(p);
  await settled(p);
  assert.ok(requested.includes('/dist/cookiegate.js'));
  assert.ok(!requested.includes(PH), 'the placeholders were requested without an embed');
  assert.ok(!requested.includes(RC), 'the receipts were requested without log.endpoint');
}));

test('an embed a script inserts after the core answered brings the placeholders then', () => open('', async (p, requested) => {
  await settled(p);
  assert.ok(!requested.includes(PH));
  await p.evaluate((html) => document.querySelector('main').insertAdjacentHTML('beforeend', html), EMBED);
  await placeholderShown(p);
  assert.ok(requested.includes(PH));
  assert.equal(await p.getAttribute('#video', 'src'), null, 'the embed ran before consent');
}));

test('a page with an embed and log.endpoint loads both and they work', () => open('embed&log', async (p, requested) => {
  await placeholderShown(p);
  const before = receipts.length;
  await accept(p);
  await p.waitForFunction(() => document.getElementById('video').getAttribute('src'));
  await new Promise((ok) => { const t = setInterval(() => { if (receipts.length > before) { clearInterval(t); ok(); } }, 20); });
  assert.ok(requested.includes(PH) && requested.includes(RC), requested.join(' '));
}));

test('placeholders that 404: error 508 on the console and as an event, the embed stays held without one', () => open('embed', async (p, requested, problems) => {
  await p.waitForFunction(() => window.__events.some((e) => e.type === 'error'));
  const err = await p.evaluate(() => window.__events.find((e) => e.type === 'error').detail);
  assert.equal(err.code, 508);
  assert.equal(err.name, 'chunk_unavailable');
  assert.match(err.message, /cookiegate-placeholders\.js/);
  assert.ok(problems.console.some((t) => /508 chunk_unavailable/.test(t)), problems.console.join('\n'));
  assert.ok(requested.includes(PH));
  assert.equal(await p.evaluate(() => document.querySelector('cookiegate-placeholder')), null);
  assert.equal(await p.getAttribute('#video', 'src'), null, 'the embed ran without consent');
}, { gone: [PH] }));

test('receipts that 404: error 506 receipt_unavailable, and the choice is still stored', () => open('log', async (p, requested, problems) => {
  const err = await p.evaluate(() => window.__events.find((e) => e.type === 'error')?.detail);
  assert.equal(err?.code, 506);
  assert.equal(err.name, 'receipt_unavailable');
  assert.match(err.message, /cookiegate-receipts\.js/);
  assert.ok(problems.console.some((t) => /506 receipt_unavailable/.test(t)));
  await accept(p);
  assert.match(await p.evaluate(() => document.cookie), /cookiegate=/);
  assert.ok(requested.includes(RC));
}, { gone: [RC] }));

// The preferences dialog (cookiegate-preferences.js): 1.2 KiB that every first visit
// downloaded before its banner, for a dialog most visitors never open.
const ui = (p, css) => p.locator(`cookiegate-ui ${css}`);
const dialogOpen = (p) => p.waitForFunction(() => document.querySelector('cookiegate-ui')?.shadowRoot.querySelector('dialog.dg[open]'));

test('the preferences file is requested once a pointer is over the banner, before any click, and the dialog then opens', () =>
  open('', async (p, requested) => {
    await ui(p, '.bn').waitFor();
    await settled(p);
    assert.ok(!requested.includes(PF), 'the preferences were requested before anyone went near the banner');
    await Promise.all([p.waitForRequest((r) => r.url().endsWith(PF)), ui(p, '.bn h2').hover()]);
    await ui(p, 'button:text-is("Customize")').click();
    await dialogOpen(p);
    assert.equal(await ui(p, '[role=switch][aria-checked=true]:not(:disabled)').count(), 0, 'an optional switch started on');
  }));

// The page with the preferences file held until `fn` calls release(), then clicks
// Customize (the file is asked for on the way: hover, then click).
function withHeldFile(fn) {
  let release;
  held.set(PF, new Promise((ok) => { release = ok; }));
  return open('', async (p) => {
    try {
      await Promise.all([p.waitForRequest((r) => r.url().endsWith(PF)), ui(p, 'button:text-is("Customize")').click()]);
      await fn(p, release);
    } finally {
      release();
      held.delete(PF);
    }
  });
}

test('Customize before the preferences file has arrived: the dialog opens when it does, focused', () =>
  withHeldFile(async (p, release) => {
    assert.equal(await ui(p, 'dialog.dg').count(), 0, 'a dialog without its file');
    release();
    await dialogOpen(p);
    assert.equal(await p.evaluate(() => document.querySelector('cookiegate-ui').shadowRoot.activeElement?.localName), 'dialog');
  }));

// A visitor trial: on a slow connection the dialog opened seconds after Escape, taking
// focus from the link the visitor had moved to.
test('Escape while the preferences file is on its way: the dialog does not open when it arrives', () =>
  withHeldFile(async (p, release) => {
    await p.keyboard.press('Escape');
    release();
    // Its styles adopted: the file has run, and the render after it too, a microtask on.
    await p.waitForFunction(() => document.querySelector('cookiegate-ui').shadowRoot.adoptedStyleSheets.length === 2);
    await p.evaluate(() => new Promise((ok) => setTimeout(ok)));
    assert.equal(await ui(p, 'dialog.dg').count(), 0, 'the dialog opened after Escape');
    await ui(p, 'button:text-is("Customize")').click();
    await dialogOpen(p);
  }));

test('a preferences file that 404s: error 508, and the first layer stands in, so the visitor can still withdraw', () =>
  open('', async (p, requested, problems) => {
    await ui(p, 'button:text-is("Accept all")').click();
    await p.waitForFunction(() => window.CookieGate.isAllowed('preferences'));
    await ui(p, '.fb').click();
    await p.waitForFunction(() => window.__events.some((e) => e.type === 'error'));
    const err = await p.evaluate(() => window.__events.find((e) => e.type === 'error').detail);
    assert.equal(err.code, 508);
    assert.equal(err.name, 'chunk_unavailable');
    assert.match(err.message, /cookiegate-preferences\.js did not load/);
    assert.ok(problems.console.some((t) => /508 chunk_unavailable/.test(t)), problems.console.join('\n'));
    assert.ok(requested.includes(PF));
    // The first layer, with Reject all, where the dialog would have been.
    await ui(p, 'button:text-is("Reject all")').click();
    await p.waitForFunction(() => !window.CookieGate.isAllowed('preferences'));
    await ui(p, '.bn').waitFor({ state: 'detached' });
    await ui(p, '.fb').waitFor();
  }, { gone: [PF] }));

// A review of the stand-in: it stayed after a choice made elsewhere, trapped a modal
// layout's visitor (no Close, Escape reopened it), never showed on a notice layer, and
// one failed fetch disabled the dialog for the rest of the page view.
test('the stand-in for a preferences file that 404s: not modal, closes with Close, goes at a choice made elsewhere; a later open tries again', () =>
  open('modal', async (p, requested) => {
    await p.evaluate(() => window.CookieGate.acceptAll());
    await ui(p, '.fb').waitFor();
    // Opened from the page's own link: Close gives focus back to it.
    await p.click('#settings');
    const standIn = ui(p, '.bn[data-variant=stand-in]');
    await standIn.waitFor();
    assert.equal(await standIn.evaluate((el) => el.localName), 'div', 'a modal stand-in');
    await ui(p, '.bn button:text-is("Close")').click();
    await standIn.waitFor({ state: 'detached' });
    await ui(p, '.fb').waitFor();
    assert.equal(await p.evaluate(() => document.activeElement?.id), 'settings');
    // Again: shown again (the file asked for again), and a choice through the API ends it.
    const asked = requested.filter((r) => r === PF).length;
    await p.evaluate(() => window.CookieGate.showPreferences());
    await standIn.waitFor();
    assert.ok(requested.filter((r) => r === PF).length > asked, 'the file was not asked for again');
    await p.evaluate(() => window.CookieGate.rejectAll());
    await standIn.waitFor({ state: 'detached' });
    // The file back while the stand-in shows: the next open shows the dialog, and
    // closing it without a choice does not bring the stand-in back.
    await p.evaluate(() => window.CookieGate.showPreferences());
    await standIn.waitFor();
    missing = new Set();
    await p.evaluate(() => window.CookieGate.showPreferences());
    await dialogOpen(p);
    await ui(p, 'dialog.dg button:text-is("Close")').click();
    await ui(p, 'dialog.dg').waitFor({ state: 'detached' });
    await ui(p, '.fb').waitFor();
    assert.equal(await standIn.count(), 0, 'the stand-in came back after the dialog');
  }, { gone: [PF] }));

test('the stand-in over a policy notice (OK and Customize only): Reject all is there to refuse', () => open('', async (p) => {
  await p.evaluate(() => window.CookieGate.acceptAll());
  await p.goto(server.url('/page.html?policy=1.1.0'));
  await ui(p, '.bn[data-variant=update]').waitFor();
  await ui(p, 'button:text-is("Customize")').click();
  await ui(p, '.bn[data-variant=stand-in] button:text-is("Reject all")').click();
  await p.waitForFunction(() => !window.CookieGate.isAllowed('preferences'));
}, { gone: [PF] }));

test('a modal first layer does not fetch the preferences file by focusing itself', () => open('modal', async (p, requested) => {
  await ui(p, 'dialog.bn[open]').waitFor();
  await settled(p);
  assert.ok(!requested.includes(PF), 'fetched without a pointer or a key in the UI');
  await Promise.all([p.waitForRequest((r) => r.url().endsWith(PF)), p.keyboard.press('Tab')]);
}));
