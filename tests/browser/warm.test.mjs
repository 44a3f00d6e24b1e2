// The core's functions compiled in a Web Worker before the page first calls them
// (web/src/wasm/warm.js, web/dist/cookiegate-warm.js), in Debian's Chromium: the worker
// gets the page's own compiled module and the runtime's first calls, and the core
// answers them there; the page starts from those answers and makes its own instance
// only at its first other call (the visitor's choice); a page whose scripts carry a
// nonce starts none; a worker that is missing, refused by the page's CSP or never
// answers leaves the page's start as it was, with no error of CookieGate's. Whether it saves main-thread work is the page
// benchmark's to measure (tests/perf), not a timed test's.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';

import { collectProblems, launchBrowser, repoRoot, startServer, test, until } from './harness.mjs';

const dist = join(repoRoot, 'web/dist');
const WARM = '/dist/cookiegate-warm.js';

const config = {
  policy: { version: '1.0.0', url: '/privacy' },
  languages: ['en', 'zh'],
  categories: [
    { id: 'necessary', required: true, title: 'Necessary' },
    { id: 'analytics', title: 'Analytics', services: [{ id: 'stats', title: 'Stats', scripts: ['*/tp/stats.js'] }] },
  ],
};
const page = (configAttrs = '', tagAttrs = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>warm</title>
<link rel="icon" href="data:,">
<script type="application/json" id="cookiegate-config"${configAttrs}>${JSON.stringify(config)}</script>
<script src="/dist/cookiegate.js" data-config="#cookiegate-config" data-reload-on-withdrawal="false"${tagAttrs}></script>
<script>window.__errors = []; CookieGate.on('error', (e) => window.__errors.push(e.code + ' ' + e.message));</script>
<script type="text/plain" data-category="analytics" src="/tp/stats.js"></script>
</head><body><main><h1>Warm</h1></main></body></html>`;
const pages = {
  '/page.html': page(),
  // The nonce on the config's element: this page has no CSP, so it changes nothing else.
  '/nonce.html': page(' nonce="abc"'),
  '/csp.html': page(),
  '/off.html': page('', ' data-core-worker="off"'),
};

// Every Worker the page constructs, what was posted to it and what it answered; and
// every instance of a module the page makes, and how (a synchronous WebAssembly.Instance,
// or WebAssembly.instantiate).
function spyOnWorkers() {
  window.__workers = [];
  window.__instances = [];
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = (what, ...args) => {
    if (what instanceof WebAssembly.Module) window.__instances.push({ how: 'async', at: performance.now() });
    return instantiate(what, ...args);
  };
  WebAssembly.Instance = new Proxy(WebAssembly.Instance, {
    construct(target, args) {
      window.__instances.push({ how: 'sync', at: performance.now() });
      return Reflect.construct(target, args);
    },
  });
  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(url, options) {
      super(url, options);
      const seen = { url: String(url), type: options && options.type, sent: null, replies: [] };
      window.__workers.push(seen);
      this.seen = seen;
      this.addEventListener('message', (e) => { seen.replies.push(e.data); seen.repliedAt = performance.now(); });
      this.addEventListener('error', () => seen.replies.push('error'));
    }
    postMessage(data, ...rest) {
      this.seen.sent = { module: data.module instanceof WebAssembly.Module, calls: data.calls };
      this.seen.postedAt = performance.now();
      return super.postMessage(data, ...rest);
    }
  };
}

let server;
let browser;
let warmFile = null;  // null: web/dist's own; else what the server answers for it

before(async () => {
  assert.ok(existsSync(join(dist, 'cookiegate-warm.js')), 'web/dist missing: run node web/build.mjs');
  server = await startServer({
    mounts: { '/dist/': dist },
    // CookieGate's files cacheable, as a site serves them: the worker's imports of the
    // bridge and the glue then come from the cache (the harness's default forbids it).
    headers: (_req, url) => (url.pathname.startsWith('/dist/') ? { 'Cache-Control': 'public, max-age=3600' } : {}),
    handle: async (_req, res, url) => {
      if (url.pathname === WARM && warmFile) {
        res.writeHead(warmFile.status, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store' });
        res.end(warmFile.body);
        return true;
      }
      if (url.pathname.startsWith('/tp/')) {
        res.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store' });
        res.end('window.__ran = true;');
        return true;
      }
      if (!pages[url.pathname]) return false;
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store',
        ...(url.pathname === '/csp.html' ? { 'Content-Security-Policy': "worker-src 'none'" } : {}) });
      res.end(pages[url.pathname]);
      return true;
    },
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

// Loads `path`, waits for the core, then lets the visitor accept: the core still decides
// on the page (the gated script runs) whatever became of the worker.
async function visit(path) {
  const context = await browser.newContext();
  const problems = await collectProblems(context);
  await context.addInitScript(spyOnWorkers);
  const p = await context.newPage();
  await p.goto(server.url(path));
  await p.evaluate(() => CookieGate.ready);
  await p.evaluate(() => { window.__choiceAt = performance.now(); return CookieGate.acceptAll(); });
  await p.waitForFunction(() => window.__ran === true);
  const got = await p.evaluate(() => ({ workers: window.__workers, errors: window.__errors,
    instances: window.__instances, choiceAt: window.__choiceAt }));
  return { context, p, problems, ...got };
}

// visit(path) with `file` served as cookiegate-warm.js (null: web/dist's own); `check`
// gets the visit, whose context is closed after it.
async function withVisit(path, check, file = null) {
  warmFile = file;
  try {
    const v = await visit(path);
    try {
      await check(v);
    } finally {
      await v.context.close();
    }
  } finally {
    warmFile = null;
  }
}

test('the core\'s first calls are made in a Web Worker first, on the page\'s compiled module', async () => {
  await withVisit('/page.html', async (v) => {
    assert.equal(v.workers.length, 1);
    const [w] = v.workers;
    assert.equal(new URL(w.url).pathname, WARM);
    assert.equal(w.type, 'module');
    // The calls the runtime makes first, with its inputs: the config's text, the page's
    // languages, no consent cookie yet, the time in seconds, no GPC, no region, no crawler.
    assert.equal(w.sent.module, true);
    const text = JSON.stringify(config);
    const [[v1, a1], [v2, a2], [v3, a3]] = w.sent.calls;
    assert.deepEqual([v1, a1], ['validateConfig', [text]]);
    assert.deepEqual([v2, a2[0]], ['negotiateLanguage', text]);
    assert.ok(a2[1].length > 0 && a2[1][0] === 'en', JSON.stringify(a2[1]));
    assert.equal(v3, 'evaluate');
    assert.deepEqual([a3[0], a3[1], a3[3], a3[4], a3[5]], [text, '', false, '', false]);
    assert.ok(Math.abs(a3[2] - Date.now() / 1000) < 600, `now: ${a3[2]}`);
    assert.equal(w.sent.calls.length, 3);
    // Its answer, unless it took longer than the page waits (250 ms; a cold worker on a
    // loaded machine): the three calls answered ok, and every crossing, the core's
    // limits first.
    assert.ok(w.replies.length <= 1, JSON.stringify(w.replies));
    const [reply] = w.replies;
    if (reply) {
      assert.equal(reply.answered, 3);
      assert.deepEqual(reply.crossings.map(([name]) => name), ['limits', 'validateConfig', 'negotiateLanguage', 'evaluate']);
      assert.ok(reply.crossings.every(([, args, text]) => Array.isArray(args) && JSON.parse(text).ok === true));
    }
    if (reply && w.repliedAt < w.postedAt + 250) {
      // The page started from those answers: its own instance came only with the
      // visitor's choice, made at once.
      assert.deepEqual(v.instances.map((i) => i.how), ['sync']);
      assert.ok(v.instances[0].at >= v.choiceAt, `instance at ${v.instances[0].at}, choice at ${v.choiceAt}`);
    } else {
      // Too late: the page instantiated at its start, as without a worker.
      assert.deepEqual(v.instances.map((i) => i.how), ['async']);
    }
    assert.deepEqual(v.errors, []);
    assert.deepEqual(v.problems, { console: [], pageErrors: [], violations: [] });
  });
});

test('the worker makes the calls it is given and answers how many the core answered ok, with its crossings', async () => {
  await withVisit('/nonce.html', async (v) => {
    const text = JSON.stringify(config);
    const ask = (calls) => v.p.evaluate(async (c) => {
      const module = await WebAssembly.compileStreaming(fetch('/dist/cookiegate-core.wasm'));
      const w = new Worker('/dist/cookiegate-warm.js', { type: 'module' });
      const answer = new Promise((ok) => { w.onmessage = (e) => ok(e.data.answered); w.onerror = () => ok('error'); });
      w.postMessage({ module, calls: c });
      return answer.finally(() => w.terminate());
    }, calls);
    const calls = (config) => [['validateConfig', [config]], ['negotiateLanguage', [config, ['zh-CN']]],
      ['evaluate', [config, '', 1800000000, false, '', false]]];
    assert.equal(await ask(calls(text)), 3);
    // A config the core refuses: every call answered, none ok.
    assert.equal(await ask(calls('{"policy": {}}')), 0);
  });
});

for (const [path, why] of [['/nonce.html', 'a page whose scripts carry a nonce'], ['/off.html', 'data-core-worker="off" on the tag']]) {
  test(`${why}: no worker`, async () => {
    await withVisit(path, async (v) => {
      assert.deepEqual(v.workers, []);
      // The page instantiates at its start, as ever.
      assert.deepEqual(v.instances.map((i) => i.how), ['async']);
      assert.ok(v.instances[0].at < v.choiceAt);
      assert.deepEqual(v.errors, []);
      assert.deepEqual(v.problems, { console: [], pageErrors: [], violations: [] });
    });
  });
}

test('a worker the CSP refuses: the browser reports it, CookieGate starts as before', async () => {
  await withVisit('/csp.html', async (v) => {
    assert.equal(v.workers.length <= 1, true);
    assert.deepEqual(v.errors, []);
    assert.deepEqual(v.problems.pageErrors, []);
    await until(() => v.problems.violations.length === 1, 'the CSP violation');
    assert.equal(v.problems.violations[0].directive, 'worker-src');
    assert.match(v.problems.violations[0].blocked, /cookiegate-warm\.js$/);
  });
});

test('a missing cookiegate-warm.js: only the browser\'s 404, CookieGate starts as before', async () => {
  await withVisit('/page.html', async (v) => {
    // Its error event, unless the page had stopped waiting first (250 ms after the module).
    assert.equal(v.workers.length, 1);
    assert.ok(['[]', '["error"]'].includes(JSON.stringify(v.workers[0].replies)), JSON.stringify(v.workers[0].replies));
    assert.deepEqual(v.errors, []);
    // Chromium may log the worker script's 404; nothing else is said.
    assert.deepEqual(v.problems.console.filter((m) => !/\b404\b/.test(m)), []);
    assert.deepEqual(v.problems.pageErrors, []);
  }, { status: 404, body: 'not found' });
});

test('a worker that never answers: the core starts all the same', async () => {
  await withVisit('/page.html', async (v) => {
    assert.equal(v.workers.length, 1);
    assert.equal(v.workers[0].sent.module, true);
    assert.equal(v.workers[0].sent.calls.length, 3);
    assert.deepEqual(v.workers[0].replies, []);
    assert.deepEqual(v.errors, []);
    assert.deepEqual(v.problems, { console: [], pageErrors: [], violations: [] });
  }, { status: 200, body: 'onmessage = () => {};' });
});
