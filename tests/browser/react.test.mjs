// cookiegate/react in Chromium: the README's "Using it with React" example, as
// written, in a React 19 production build (app-support.mjs), plus the natural use that
// once looped — useSyncExternalStore(subscribe, get) straight on the API —
// and the unsubscribe on unmount.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';

import { buildApp, readmeBlock } from './app-support.mjs';
import { collectProblems, launchBrowser, repoRoot, startServer, test } from './harness.mjs';

// The test's entry: init(config) as the README's npm example's entry calls it, then
// renders the README's components and a raw store subscriber.
const MAIN = `import { useState, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import * as CookieGate from 'cookiegate';
import { AnalyticsStatus, Video } from './example.jsx';
import config from './cookiegate.json';

CookieGate.init(config);

window.CookieGate = CookieGate;
window.__calls = 0;
// The natural way to try it: get() as the snapshot, on() as the subscription.
const subscribe = (onChange) => {
  const counted = () => { window.__calls++; onChange(); };
  return CookieGate.on('state', counted);
};
function Raw() {
  const consent = useSyncExternalStore(subscribe, CookieGate.get);
  return <p id="raw">{consent ? consent.prompt : 'not started'}</p>;
}
function App() {
  const [raw, setRaw] = useState(true);
  window.__hideRaw = () => setRaw(false);
  return <main><Video id="abc" /><AnalyticsStatus />{raw && <Raw />}</main>;
}
createRoot(document.getElementById('root')).render(<App />);
`;

let server;
let browser;

before(async () => {
  const out = await buildApp('react', {
    'example.jsx': readmeBlock('### Using it with React', 'jsx'),
    'main.jsx': MAIN,
    // The config the README gives with its npm example (the React example uses it too).
    'cookiegate.json': readmeBlock('### In an app (npm)', 'json'),
  }, 'main.jsx');
  // The React entry leaves React to the app: it must not carry a copy.
  assert.ok(readFileSync(join(repoRoot, 'web/dist/react.js'), 'utf8').length < 2000);
  server = await startServer({
    mounts: { '/app/': out },
    handle: (_req, res, url) => {
      if (url.pathname !== '/') return false;
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>react</title>' +
        '<script type="module" src="/app/main.js"></script></head><body><div id="root"></div></body></html>');
      return true;
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the README React example: placeholder, click-to-load, status, after a reload', async () => {
  const context = await browser.newContext();
  const problems = await collectProblems(context);
  const frames = [];
  await context.route((url) => url.hostname !== '127.0.0.1', (route) => {
    frames.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'text/html', body: '<p>video</p>' });
  });
  try {
    const p = await context.newPage();
    await p.goto(server.url('/'));
    await p.getByText('Analytics is off.').waitFor();
    await p.locator('#raw', { hasText: 'consent' }).waitFor();
    assert.equal(await p.locator('iframe[title="Video"]').count(), 0);
    assert.deepEqual(frames, []);

    // Unmounted, the raw subscriber hears nothing more: its unsubscribe ran.
    await p.evaluate(() => window.__hideRaw());
    await p.locator('#raw').waitFor({ state: 'detached' });
    const calls = await p.evaluate(() => window.__calls);

    await p.getByRole('button', { name: 'Load video' }).click();
    await p.locator('iframe[title="Video"]').waitFor();
    assert.equal(await p.getByRole('button', { name: 'Load video' }).count(), 0);
    const after = await p.evaluate(() => window.CookieGate.get());
    assert.equal(after.prompt, 'consent');  // the banner still asks about analytics, as a first question
    assert.equal(after.services.vimeo, false);
    assert.equal(await p.evaluate(() => window.__calls), calls);
    await p.getByText('Analytics is off.').waitFor();

    await p.evaluate(() => window.CookieGate.acceptAll());
    await p.getByText('Analytics is on.').waitFor();

    await p.reload();
    await p.getByText('Analytics is on.').waitFor();
    await p.locator('iframe[title="Video"]').waitFor();
    await p.locator('#raw', { hasText: 'none' }).waitFor();
    assert.ok(frames.some((u) => u.startsWith('https://www.youtube-nocookie.com/embed/abc')), frames.join());
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.console.filter((m) => !/Failed to load resource/.test(m)), []);
  } finally {
    await context.close();
  }
});
