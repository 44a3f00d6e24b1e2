// Consent receipts end to end in Chromium: the bundled banner and runtime post
// receipts (config log.endpoint) to a real consent log (cookiegate/server on an
// in-memory SQLite store) served by the test. What reaches the server, who it says
// acted, and the queue that survives a log that is down.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';

import { createServerCore } from '../../web/src/server.js';
import { createConsentLog, openSqliteStore } from '../../web/src/server.js';
import { launchBrowser, repoRoot, startServer, test } from './harness.mjs';

const page = readFileSync(join(repoRoot, 'tests/browser/pages/receipts.html'), 'utf8');
const configJson = page.match(/<script type="application\/json" id="cookiegate-config">([\s\S]*?)<\/script>/)[1];

let server;
let browser;
let log;
let down = false;       // while true the log answers 503
let unregistered = false;  // while true receipts name a config the log does not have
let oldLog = false;     // while true the log answers as one older than the layer names
const posts = [];       // every POST as the server saw it: {headers, body, status}

before(async () => {
  log = await createConsentLog({ core: await createServerCore(), store: await openSqliteStore(':memory:') });
  await log.addConfig(configJson);
  server = await startServer({
    mounts: { '/site/': join(repoRoot, 'tests/browser/pages'), '/dist/': join(repoRoot, 'web/dist') },
    handle: async (req, res, url) => {
      if (url.pathname !== '/consent-log') return false;
      const chunks = [];
      for await (const c of req) chunks.push(c);
      const body = Buffer.concat(chunks).toString();
      const layer = JSON.parse(body || '{}').layer;
      const r = down ? { status: 503, body: { ok: false } }
        // Its check, and its refusal, word for word.
        : oldLog && !['banner', 'preferences', 'placeholder', 'none'].includes(layer)
          ? { status: 400, body: { ok: false, error: { code: 600, name: 'receipt_invalid', path: 'layer', message: 'layer: must be one of banner, preferences, placeholder, none' } } }
          : await log.accept(unregistered ? { ...JSON.parse(body), config: 'f'.repeat(64) } : body);
      posts.push({ headers: req.headers, body, status: r.status });
      res.writeHead(r.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(r.body));
      return true;
    },
  });
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.close(); await log?.close(); });

async function fresh(fn) {
  const context = await browser.newContext();
  try { return await fn(context); } finally { await context.close(); }
}
const accepted = (n) => () => posts.filter((p) => p.status === 201).length >= n;
async function until(cond, what) {
  const end = Date.now() + 10000;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 20));
  }
}
const entriesOf = async (consentId) => (await log.history(consentId)).entries;
const banner = (p) => p.locator('cookiegate-ui').getByRole('button', { name: 'Accept all', exact: true });

test("the visitor's Accept becomes a receipt the log stores as theirs, and nothing about the request", () => fresh(async (context) => {
  posts.length = 0;
  const p = await context.newPage();
  await p.goto(server.url('/site/receipts.html?campaign=secret-query'));
  await banner(p).click();
  await until(accepted(1), 'the receipt');
  const sent = posts[0];
  assert.deepEqual(Object.keys(JSON.parse(sent.body)).sort(), ['config', 'cookie', 'id', 'language', 'layer', 'prompt', 'v']);
  assert.doesNotMatch(sent.body, /secret-query|Chrome|Mozilla|127\.0\.0\.1/);
  assert.equal(sent.headers.referer, undefined, 'the page URL (and its query string) leaked as Referer');
  assert.equal(sent.headers.cookie, undefined, 'cookies were sent with the receipt');
  const id = await p.evaluate(() => CookieGate.get().consentId);
  const [entry] = await entriesOf(id);
  assert.equal(entry.event, 'consent');
  assert.equal(entry.record.method, 'accept_all');
  assert.equal(entry.record.source, 'ui');
  assert.deepEqual(entry.shown, { language: 'en', prompt: 'consent', layer: 'consent' });
  assert.equal(entry.texts.texts.acceptAll, 'Accept all');
  assert.deepEqual(entry.texts.layer.choices, ['Reject all', 'Accept all']);
  assert.equal(entry.texts.categories[1].title, 'Analytics');
}));

test("a page script clicking the banner's button chooses nothing; the API's choice is logged as the API's", () => fresh(async (context) => {
  posts.length = 0;
  const p = await context.newPage();
  await p.goto(server.url('/site/receipts.html'));
  await banner(p).waitFor();
  await p.evaluate(() => {
    const root = document.querySelector('cookiegate-ui').shadowRoot;
    [...root.querySelectorAll('button')].find((b) => b.textContent === 'Accept all').click();
  });
  await p.evaluate(() => CookieGate.ready);
  assert.equal(await p.evaluate(() => CookieGate.get().consentId), null, 'a script click made a choice');
  assert.equal(await banner(p).isVisible(), true);
  await p.evaluate(() => CookieGate.set({ analytics: true }));
  await until(accepted(1), 'the receipt');
  assert.equal(posts.length, 1, 'the script click sent a receipt');
  const id = await p.evaluate(() => CookieGate.get().consentId);
  const [entry] = await entriesOf(id);
  assert.equal(entry.record.source, 'api');
  assert.equal(entry.record.method, 'custom');
  assert.equal(entry.shown.layer, 'none');
  assert.deepEqual(entry.texts.layer.choices, [], 'the API showed no layer');
}));

test('a receipt the log could not take is queued and sent on the next page view', () => fresh(async (context) => {
  posts.length = 0;
  down = true;
  const p = await context.newPage();
  await p.goto(server.url('/site/receipts.html'));
  await p.locator('cookiegate-ui').getByRole('button', { name: 'Reject all', exact: true }).click();
  await until(() => posts.length >= 1, 'the first attempt');
  const queued = await p.evaluate(() => JSON.parse(localStorage.getItem('cookiegate:receipts')));
  assert.equal(queued.length, 1);
  down = false;
  await p.reload();
  await until(accepted(1), 'the retried receipt');
  await p.waitForFunction(() => JSON.parse(localStorage.getItem('cookiegate:receipts') || '[]').length === 0);
  const id = await p.evaluate(() => CookieGate.get().consentId);
  const entries = await entriesOf(id);
  assert.equal(entries.length, 1);
  assert.equal(entries[0].record.method, 'reject_all');
  assert.equal(entries[0].record.source, 'ui');
  assert.equal(JSON.parse(posts.at(-1).body).id, queued[0].id, 'the retry is the same receipt');
}));

// A trial's receipts were refused (a config edited on the page, not registered on the
// log) and the page said only "answered 400": the log's own reason now reaches it.
test("a receipt the log refuses: the error names the log's reason and the endpoint", () => fresh(async (context) => {
  posts.length = 0;
  unregistered = true;
  try {
    const p = await context.newPage();
    const said = p.waitForEvent('console', { predicate: (m) => /error 506 receipt_refused/.test(m.text()) });
    await p.goto(server.url('/site/receipts.html'));
    await banner(p).click();
    const text = (await said).text();
    assert.match(text, /\/consent-log answered 400 \(receipt_unknown_config: config: no config with this hash was registered/);
    assert.match(text, /the receipt is dropped/);
  } finally {
    unregistered = false;
  }
}));

// Unreachable (offline, or a cross-origin log without allowOrigin): said, and kept.
test('a log that cannot be reached: error 506 receipt_unavailable names it, and the receipt stays queued', () => fresh(async (context) => {
  const p = await context.newPage();
  await p.route('**/consent-log', (route) => route.abort());
  const said = p.waitForEvent('console', { predicate: (m) => /error 506 receipt_unavailable/.test(m.text()) });
  await p.goto(server.url('/site/receipts.html'));
  await banner(p).click();
  assert.match((await said).text(), /\/consent-log could not be reached: offline, or cross-origin without allowOrigin; kept for the next page/);
  assert.equal(await p.evaluate(() => JSON.parse(localStorage.getItem('cookiegate:receipts')).length), 1);
}));

// Pages run today's runtime before the log is upgraded: a log older than the layer
// names refuses `layer: "consent"` (400 receipt_invalid, path layer), and the receipt,
// refused for good, was dropped: a lost proof of consent. It is sent once more under
// the old coarse name ('banner'; 'placeholder' for 'placeholder:…').
test('a log older than the layer names: the receipt is sent again under the coarse name, and kept', () => fresh(async (context) => {
  posts.length = 0;
  oldLog = true;
  try {
    const p = await context.newPage();
    const errors = [];
    p.on('console', (m) => { if (/error 506/.test(m.text())) errors.push(m.text()); });
    await p.goto(server.url('/site/receipts.html'));
    await banner(p).click();
    await until(accepted(1), 'the receipt sent again');
    await p.waitForFunction(() => JSON.parse(localStorage.getItem('cookiegate:receipts') || '[]').length === 0);
    assert.deepEqual(posts.map((x) => [x.status, JSON.parse(x.body).layer]), [[400, 'consent'], [201, 'banner']]);
    assert.equal(JSON.parse(posts[1].body).id, JSON.parse(posts[0].body).id, 'the same receipt');
    const [entry] = await entriesOf(await p.evaluate(() => CookieGate.get().consentId));
    assert.equal(entry.record.method, 'accept_all');
    assert.equal(entry.shown.layer, 'banner');
    assert.deepEqual(errors, []);
  } finally {
    oldLog = false;
  }
}));
