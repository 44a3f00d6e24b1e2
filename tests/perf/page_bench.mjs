// Page benchmark, run on demand (not by ./tests/run_all.sh):
//   node tests/perf/page_bench.mjs [--rounds N] [--json FILE]      (default 15 rounds)
//
// The same article page (tests/perf/pages/article.html) in Debian's Chromium, once per
// contender, served brotli (quality 11) from 127.0.0.1 like a CDN would:
//   - no banner: the baseline every "added" figure is taken against;
//   - CookieGate: whatever snippet tests/perf/pages/cookiegate-head.html holds;
//   - vanilla-cookieconsent, Orejime and Osano cookieconsent, from node_modules
//     (exact-pinned devDependencies), each configured as its own README / examples show.
// Every contender has the same three categories (analytics, marketing, functional) with
// one gated stand-in tag each (tests/perf/pages/vendor/*.js: each sets a timestamp in
// window.__ran when it runs), marked up the way that contender documents gating:
// `<script type="text/plain" data-category>` for CookieGate and vanilla-cookieconsent,
// `<template data-purpose>` for Orejime. Osano cookieconsent does not gate scripts and
// has no categories (one allow/deny answer for the site): the page loads the three
// stand-ins itself from its documented onInitialise / onStatusChange callbacks when
// hasConsented() (tests/perf/pages/osano-body-end.html).
//
// Each round visits every contender; the order alternates (forwards, backwards) from
// round to round, and every visit gets a fresh browser context (cold HTTP cache, no
// cookies or storage). Round 0 is a warm-up and is not counted. Per round and contender:
//   1. a first visit, no throttling: FCP, the page's own LCP, banner visible, long tasks,
//      CLS, bytes; then Accept all (the contender's own button), and in the same context
//      (its cookies, storage and HTTP cache kept, as for a real returning visitor) the
//      page again: the returning-visitor release time. The baseline's "returning visit"
//      is the same page with the stand-ins as plain, ungated <script src> tags, loaded
//      twice so that its second load, the one measured, has them cached too.
//   2. a first visit at CPU ×4 (CDP Emulation.setCPUThrottlingRate): LCP, banner.
//   3. a first visit with a Chromium trace (devtools.timeline categories): main-thread
//      CPU. Traced apart from 1 so that tracing's own cost touches no timing above, and
//      with the banner probe passive, so that its observers are not counted as CPU.
//
// Metrics (times in ms from navigation start, performance.now() of the page):
//   FCP             the paint entry "first-contentful-paint".
//   page's own LCP  the last largest-contentful-paint entry whose element is not part of
//                   the banner's UI (a banner can be the largest thing on the page; what
//                   is measured is whether the page's own content is delayed).
//   banner visible  the first animation frame, or DOM mutation, at which the contender's
//                   banner root (defined per contender below) has a non-empty box and is
//                   neither display:none, visibility:hidden nor at opacity 0 (itself or
//                   an ancestor): Element.checkVisibility. A MutationObserver and a
//                   requestAnimationFrame loop, injected with addInitScript before any
//                   page script, no polling from outside.
//   main-thread CPU the sum of the thread CPU time (trace "tdur") of the top-level tasks
//                   (RunTask) on the page's renderer main thread (CrRendererMain of the
//                   process that committed the page), from navigation until the banner
//                   showed and both the network (500 ms) and the main thread were idle. Chosen over CDP Performance.getMetrics TaskDuration because
//                   the trace names the thread and the task, so the figure is the page's
//                   own work; CPU time rather than wall time because on a shared machine
//                   wall time also counts the time the thread was not scheduled.
//   long tasks      PerformanceObserver "longtask" entries (> 50 ms) on the first visit.
//   CLS             the sum of layout-shift entries without recent input, first visit
//                   (before the click).
//   returning       the time at which the last of the three allowed stand-ins ran.
//   bytes           brotli response bodies (Resource Timing encodedBodySize, checked
//                   against what the server sent), of the first visit before any click:
//                   every response whose path the baseline page did not fetch, plus the
//                   HTML's growth over the baseline page (inline config, markup). A
//                   response from the browser's cache (transferSize 0) is not counted.
//   sync head part  the scripts CookieGate's snippet loads parser-blocking: each
//                   <script src> in cookiegate-head.html without async, defer or
//                   type="module", read from the snippet so it follows its changes.
// Added figures are the contender's median (or p90) minus the baseline's median.
//
// --waterfall N: instead of the comparison, N first visits of CookieGate alone (no
// throttling, one Chromium trace each) and the median of when each of its steps happened:
// every file's request and arrival (Resource Timing), the .wasm compiled and instantiated
// (the page's WebAssembly calls, timed), the runtime chunk and the glue evaluated (trace),
// the banner's host inserted, the core's answer (CookieGate.ready), the banner visible
// and the page's DOMContentLoaded and load; then Accept all and the page again (the
// returning visitor: the same steps, and when the allowed tags ran); and each first
// visit's long tasks (start and end; under the trace, which lengthens them). Where the
// time between the head part and the banner goes, without the cost of a full run.
//
// Sanity checks stop the run (exit 1) rather than print nonsense: each banner appeared on
// every first visit; no stand-in ran (nor was fetched) before the click; all three ran
// on every returning visit, which showed no banner and fetched nothing from the network;
// every response went out brotli; every body size the page saw is the one sent.
//
// Prints a markdown table (for README's Performance section), the targets (encoded
// below) each marked met or missed with its figures, and the machine line.
import { createServer } from 'node:http';
import { readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { cpus, availableParallelism } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import { probe } from './probe.mjs';
import { mainThread, TraceError } from './trace.mjs';
import { inPage, settle } from './wait.mjs';
import { launchBrowser, repoRoot } from '../browser/harness.mjs';

const usage = 'usage: node tests/perf/page_bench.mjs [--rounds N] [--json FILE] | --waterfall N  (N >= 1)';
let args;
try {
  args = parseArgs({ options: { rounds: { type: 'string', default: '15' }, json: { type: 'string' },
    waterfall: { type: 'string' } } }).values;
} catch (e) {
  console.error(`${e.message}\n${usage}`);
  process.exit(2);
}
const ROUNDS = Number(args.waterfall ?? args.rounds);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) {
  console.error(usage);
  process.exit(2);
}

// ---------------------------------------------------------------- contenders

const pagesDir = join(repoRoot, 'tests/perf/pages');
const modules = join(repoRoot, 'node_modules');
const distDir = join(repoRoot, 'web/dist');
const read = (f) => readFileSync(join(pagesDir, f), 'utf8');
const version = (pkg) => JSON.parse(readFileSync(join(modules, pkg, 'package.json'), 'utf8')).version;

const CATEGORIES = ['analytics', 'marketing', 'functional'];
const standIns = (tag) => CATEGORIES.map(tag).join('\n');
const textPlain = standIns((c) => `<script type="text/plain" data-category="${c}" src="/vendor/${c}.js"></script>`);

/**
 * path: the page's URL path. mount: URL prefix -> folder of the contender's files.
 * banner: where its first-layer banner is: `root` (a selector), inside the open shadow
 * root of `host` when given. ui: everything the contender adds to the page (LCP entries
 * inside it are the banner's, not the page's). accept: clicks its own "accept all".
 */
const contenders = {
  baseline: {
    label: 'no banner', path: '/baseline.html', head: '', standIns: textPlain, bodyEnd: '',
  },
  cookiegate: {
    label: 'CookieGate', path: '/cookiegate.html',
    head: read('cookiegate-head.html'), standIns: textPlain, bodyEnd: '',
    mount: ['/cookiegate/', distDir], need: 'node web/build.mjs',
    banner: { host: 'cookiegate-ui', root: '.bn, [part~="banner"]' }, ui: 'cookiegate-ui',
    accept: (p) => p.locator('cookiegate-ui').locator('.bn, [part~="banner"]')
      .getByRole('button', { name: 'Accept all', exact: true }).click(),
  },
  vanilla: {
    label: `vanilla-cookieconsent ${version('vanilla-cookieconsent')}`, path: '/vanilla.html',
    head: read('vanilla-head.html'), standIns: textPlain, bodyEnd: read('vanilla-body-end.html'),
    mount: ['/vanilla/', join(modules, 'vanilla-cookieconsent/dist')], need: 'npm ci',
    banner: { root: '#cc-main .cm' }, ui: '#cc-main',
    accept: (p) => p.click('#cc-main .cm [data-role="all"]'),
  },
  orejime: {
    label: `Orejime ${version('orejime')}`, path: '/orejime.html',
    head: read('orejime-head.html'),
    standIns: standIns((c) => `<template data-purpose="${c}"><script src="/vendor/${c}.js"></script></template>`),
    bodyEnd: read('orejime-body-end.html'),
    mount: ['/orejime/', join(modules, 'orejime/dist')], need: 'npm ci',
    banner: { root: '.orejime-Banner' }, ui: '.orejime-Root, .orejime-Env',
    accept: (p) => p.click('.orejime-Banner [data-testid="orejime-banner-accept"]'),
  },
  osano: {
    label: `Osano cookieconsent ${version('cookieconsent')}`, path: '/osano.html',
    head: read('osano-head.html'), standIns: '', bodyEnd: read('osano-body-end.html'),
    mount: ['/osano/', join(modules, 'cookieconsent/build')], need: 'npm ci',
    banner: { root: '.cc-window' }, ui: '.cc-window, .cc-revoke, .cc-grower',
    accept: (p) => p.click('.cc-window .cc-allow'),
  },
};
const KINDS = Object.keys(contenders);
const PEERS = ['vanilla', 'orejime', 'osano'];
for (const c of Object.values(contenders)) {
  if (c.mount && !existsSync(c.mount[1])) {
    console.error(`missing ${c.mount[1]}: run ${c.need}`);
    process.exit(1);
  }
}
if (!existsSync(join(distDir, 'cookiegate.js'))) {
  console.error(`missing ${join(distDir, 'cookiegate.js')}: run node web/build.mjs`);
  process.exit(1);
}

// The scripts CookieGate's snippet loads parser-blocking: classic <script src> without
// async or defer (a module script is deferred).
const attributes = (tag) => Object.fromEntries([...tag.matchAll(
  /([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)]
  .map((m) => [m[1].toLowerCase(), m[2] ?? m[3] ?? m[4] ?? ''])
);
const syncHeadScripts = [...contenders.cookiegate.head.matchAll(/<script\b([^>]*)>/gi)]
  .map((m) => attributes(m[1]))
  .filter((a) => 'src' in a && !('async' in a) && !('defer' in a) && (a.type || '').toLowerCase() !== 'module')
  .map((a) => new URL(a.src, 'http://127.0.0.1/cookiegate.html').pathname);

// ---------------------------------------------------------------- pages and server

const article = read('article.html');
// Function replacers: a snippet's "$&" or "$'" must stay literal.
const page = (c, tags = c.standIns) => article.replace('<!-- banner-head -->', () => c.head)
  .replace('<!-- stand-ins -->', () => tags).replace('<!-- banner-body-end -->', () => c.bodyEnd);
const pages = Object.fromEntries(Object.values(contenders).map((c) => [c.path, page(c)]));
// The release baseline: the same stand-ins with no gating at all.
const UNGATED = '/baseline-tags.html';
pages[UNGATED] = page(contenders.baseline, standIns((c) => `<script src="/vendor/${c}.js"></script>`));
const mounts = Object.fromEntries([['/vendor/', join(pagesDir, 'vendor')],
  ...Object.values(contenders).filter((c) => c.mount).map((c) => c.mount)]);
const mime = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm' };

// Compressed once at the highest quality, as CDNs serve pre-compressed static assets.
const brCache = new Map();
const br = (key, buf) => {
  if (!brCache.has(key)) {
    brCache.set(key, brotliCompressSync(buf, { params: {
      [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: buf.length } }));
  }
  return brCache.get(key);
};

const served = [];  // {path, bytes, encoding} per response, for the sanity checks
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  let body; let type; let cache;
  if (pages[url.pathname]) {
    body = Buffer.from(pages[url.pathname]); type = mime['.html']; cache = 'no-cache';
  } else {
    const prefix = Object.keys(mounts).find((p) => url.pathname.startsWith(p));
    const root = prefix && resolve(mounts[prefix]);
    const file = root && normalize(join(root, decodeURIComponent(url.pathname.slice(prefix.length))));
    if (!file || !file.startsWith(root + sep) || !existsSync(file)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      return res.end('not found');
    }
    body = readFileSync(file); type = mime[extname(file)] || 'application/octet-stream';
    // Versioned static assets: a returning visitor gets them from the cache.
    cache = 'public, max-age=3600';
  }
  const headers = { 'Content-Type': type, 'Cache-Control': cache, Vary: 'Accept-Encoding' };
  if (/\bbr\b/.test(req.headers['accept-encoding'] || '')) {
    body = br(url.pathname, body);
    headers['Content-Encoding'] = 'br';
  }
  headers['Content-Length'] = body.length;
  served.push({ path: url.pathname, bytes: body.length, encoding: headers['Content-Encoding'] || 'identity' });
  res.writeHead(200, headers);
  res.end(body);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;

// ---------------------------------------------------------------- in-page probe

// probe(where): tests/perf/probe.mjs.

// settle(p), the main thread idle: ./wait.mjs.

const resources = (p) => p.evaluate(() => {
  const nav = performance.getEntriesByType('navigation')[0];
  return {
    html: nav.encodedBodySize,
    res: performance.getEntriesByType('resource').map((e) => ({
      path: new URL(e.name).pathname, start: e.startTime, end: e.responseEnd,
      bytes: e.encodedBodySize, transfer: e.transferSize,
      // Served from the browser's cache, not the wire (all of the bench's origin is one):
      // a Web Worker importing what the page has just fetched (cookiegate-warm.js).
      cached: e.transferSize === 0 && e.encodedBodySize > 0,
    })),
  };
});

class SanityError extends Error {}
const insane = (kind, what) => { throw new SanityError(`${contenders[kind].label}: ${what}`); };

async function firstLoad(browser, kind, { throttle = 1, trace = false } = {}) {
  const c = contenders[kind];
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(probe, c.banner ? { ...c.banner, ui: c.ui, passive: trace } : null);
  const p = await context.newPage();
  p.setDefaultTimeout(15000);
  if (throttle !== 1) {
    const cdp = await context.newCDPSession(p);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  }
  if (trace) {
    // toplevel: the tasks (with thread CPU time); devtools.timeline: which renderer
    // committed the page. The disabled-by-default categories triple the trace for nothing.
    await browser.startTracing(p, { categories: ['devtools.timeline', 'toplevel'] });
  }
  // Unthrottled visits wait until nothing has been fetched for 500 ms, so that bytes, CPU,
  // long tasks and layout shifts include what loads after the banner (a core fetched
  // lazily, say), not only what came before it.
  await p.goto(origin + c.path, { waitUntil: throttle === 1 ? 'networkidle' : 'load' });
  if (c.banner) {
    await inPage(p, (poke) => {
      if (poke) window.__benchCheck();
      return window.__bench.visible !== null;
    }, trace, { interval: trace ? 100 : 50 })
      .catch(() => insane(kind, 'the banner did not become visible within 15 s of a first visit'));
  }
  await settle(p);
  const out = { traceCpuMs: null, traceWallMs: null };
  if (trace) Object.assign(out, mainThread(await browser.stopTracing(), origin + c.path));
  const b = await p.evaluate(() => ({ ...window.__bench, ran: window.__ran || null }));
  const { html, res } = await resources(p);
  if (b.ran || res.some((r) => r.path.startsWith('/vendor/'))) {
    insane(kind, `a stand-in ran or was fetched before consent (${JSON.stringify(b.ran)})`);
  }
  Object.assign(out, {
    fcp: b.fcp, lcp: b.lcp, bannerLcp: b.lcpBanner, banner: b.visible, cls: b.cls,
    longTasks: b.longTasks.length, maxLongTask: Math.max(0, ...b.longTasks), html, res,
  });
  return { context, p, out };
}

const ranAll = (p) => inPage(p, (n) => window.__ran && Object.keys(window.__ran).length === n, CATEGORIES.length);

/** First visit, no throttling, then Accept all and the page again in the same context. */
async function visit(browser, kind) {
  const c = contenders[kind];
  const { context, p, out } = await firstLoad(browser, kind);
  try {
    let url = origin + c.path;
    if (c.accept) {
      await c.accept(p).catch((e) => insane(kind, `its accept-all button could not be clicked (${e.message.split('\n')[0]})`));
      await ranAll(p).catch(() => insane(kind, 'Accept all did not run the three stand-ins'));
    } else {
      url = origin + UNGATED;
      await p.goto(url, { waitUntil: 'load' });  // caches the stand-ins, as an accepting visit does
      await ranAll(p).catch(() => insane(kind, 'the ungated stand-ins did not run'));
    }
    // The returning visit is measured with the probe passive (its observers would delay
    // the tags); whether a banner shows is checked once, at the end.
    await context.addInitScript(() => { window.__benchPassive = true; });
    await p.goto(url, { waitUntil: 'load' });
    await ranAll(p).catch(() => insane(kind, 'a returning visitor\'s allowed stand-ins did not run'));
    await settle(p);
    const again = await p.evaluate(() => ({
      ran: Math.max(...Object.values(window.__ran)),
      banner: window.__benchCheck ? (window.__benchCheck(), window.__bench.visible) : null,
      network: performance.getEntriesByType('resource').filter((e) => e.transferSize > 0)
        .map((e) => new URL(e.name).pathname),
    }));
    if (again.banner !== null) insane(kind, 'a banner was shown to a returning visitor who accepted all');
    if (again.network.length) insane(kind, `a returning visit fetched ${again.network.join(', ')} from the network, not the cache`);
    out.returning = again.ran;
    return out;
  } finally {
    await context.close();
  }
}

async function measured(browser, kind, opts) {
  const { context, out } = await firstLoad(browser, kind, opts);
  await context.close();
  return out;
}

// ---------------------------------------------------------------- waterfall

// Runs before any page script, next to probe(): times the steps of CookieGate's start-up
// that Resource Timing does not show.
function stepsProbe() {
  const at = {};
  window.__steps = at;
  const mark = (name) => { if (!(name in at)) at[name] = performance.now(); };
  const W = WebAssembly;
  for (const f of ['compileStreaming', 'compile', 'instantiate', 'instantiateStreaming']) {
    const orig = W[f];
    if (typeof orig !== 'function') continue;
    W[f] = function (...a) {
      mark(`wasm ${f} called`);
      const r = orig.apply(this, a);
      r.then(() => mark(`wasm ${f} done`), () => mark(`wasm ${f} failed`));
      return r;
    };
  }
  // The banner's first-layer element being built, and built again (a new element
  // starts its slide-in over).
  let built = 0;
  const inShadow = new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) if (n.nodeType === 1 && n.matches('.bn')) mark(built++ ? `banner rebuilt (${built})` : 'banner built');
    }
  });
  new MutationObserver((_, mo) => {
    const host = document.querySelector('cookiegate-ui');
    if (!host) return;
    mark('banner host inserted');
    mo.disconnect();
    if (host.shadowRoot) {
      if (host.shadowRoot.querySelector('.bn')) mark(built++ ? `banner rebuilt (${built})` : 'banner built');
      inShadow.observe(host.shadowRoot, { childList: true });
    }
  }).observe(document, { childList: true, subtree: true });
  let api;
  Object.defineProperty(window, 'CookieGate', {
    configurable: true,
    get: () => api,
    set: (v) => {
      api = v;
      mark('head part ran (window.CookieGate)');
      v.ready.then(() => mark('core answered (CookieGate.ready)'), () => mark('CookieGate.ready rejected'));
    },
  });
  document.addEventListener('DOMContentLoaded', () => mark('DOMContentLoaded'));
  addEventListener('load', () => mark('load'));
}

async function waterfall(browser, visits) {
  const rows = new Map();  // step -> [ms per visit]
  const add = (name, ms) => { if (ms != null) (rows.get(name) || rows.set(name, []).get(name)).push(ms); };
  const longTasks = [];  // per visit: [start, duration] of each long task (ms)
  const c = contenders.cookiegate;
  for (let i = 0; i <= visits; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(probe, { ...c.banner, ui: c.ui, passive: false });
    await context.addInitScript(stepsProbe);
    const p = await context.newPage();
    await browser.startTracing(p, { categories: ['devtools.timeline', 'v8', 'toplevel'] });
    await p.goto(origin + c.path, { waitUntil: 'networkidle' });
    await inPage(p, () => window.__bench.visible !== null);
    await settle(p);
    const traceText = (await browser.stopTracing()).toString();
    if (process.env.BENCH_TRACE_DIR) writeFileSync(join(process.env.BENCH_TRACE_DIR, `waterfall-${i}.json`), traceText);
    const trace = JSON.parse(traceText);
    const got = await p.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      return {
        steps: window.__steps, visible: window.__bench.visible, lcp: window.__bench.lcp, fcp: window.__bench.fcp,
        longTasks: window.__bench.longTasks.map((d, k) => [window.__bench.longTaskStarts[k], d]),
        origin: performance.timeOrigin, responseEnd: nav.responseEnd,
        res: performance.getEntriesByType('resource').map((e) => ({
          path: new URL(e.name).pathname, start: e.startTime, request: e.requestStart, end: e.responseEnd,
          initiator: e.initiatorType,
        })),
      };
    });
    // Accept all, then the page again in the same context: the returning visitor.
    await c.accept(p);
    await ranAll(p);
    await p.goto(origin + c.path, { waitUntil: 'load' });
    await ranAll(p);
    await settle(p);
    const back = await p.evaluate(() => ({
      steps: window.__steps, ran: Math.max(...Object.values(window.__ran)),
      res: performance.getEntriesByType('resource').map((e) => ({ path: new URL(e.name).pathname, end: e.responseEnd })),
    }));
    await context.close();
    if (i === 0) continue;  // warm-up
    for (const [k, v] of Object.entries(back.steps)) add(`returning: ${k}`, v);
    for (const r of back.res) add(`returning: ${r.path} received (cache)`, r.end);
    add('returning: the three allowed tags have run', back.ran);
    longTasks.push(got.longTasks);
    add('HTML received', got.responseEnd);
    add('page FCP', got.fcp);
    add('page LCP', got.lcp);
    for (const r of got.res) {
      add(`${r.path} requested (${r.initiator})`, r.start);
      add(`${r.path} received`, r.end);
    }
    for (const [k, v] of Object.entries(got.steps)) add(k, v);
    add('banner visible', got.visible);
    // Script compilation and evaluation from the trace, in the page's clock: trace
    // timestamps (µs) are aligned through the first contentful paint, which both see.
    const events = trace.traceEvents || trace;
    const fcp = events.find((e) => e.name === 'firstContentfulPaint');
    if (!fcp || got.fcp == null) continue;
    const ms = (ts) => (ts - fcp.ts) / 1000 + got.fcp;
    for (const e of events) {
      const url = e.args?.data?.url || e.args?.data?.fileName || e.args?.fileName || '';
      if (e.ph !== 'X' || !/\/cookiegate\//.test(url)) continue;
      if (!/^(EvaluateScript|v8\.evaluateModule|v8\.compileModule|v8\.compile|CompileScript)$/.test(e.name)) continue;
      const file = new URL(url).pathname;
      add(`${file} ${e.name} start`, ms(e.ts));
      add(`${file} ${e.name} end (${(e.dur / 1000).toFixed(1)} ms)`.replace(/ \(.*\)/, ''), ms(e.ts + e.dur));
    }
  }
  const lines = [...rows].map(([name, xs]) => [quantile(xs, 0.5), name, xs.length]).sort((a, b) => a[0] - b[0]);
  console.log(`CookieGate first visit, ${visits} visits (+1 warm-up), medians in ms from navigation start:`);
  for (const [m, name, n] of lines) console.log(`${m.toFixed(0).padStart(6)}  ${name}${n < visits ? ` (${n}/${visits} visits)` : ''}`);
  console.log('Long tasks (> 50 ms) of each first visit, ms from navigation start (start–end), under the trace:');
  longTasks.forEach((spans, i) => console.log(`  visit ${i + 1}: ${spans.map(([at, d]) => `${at.toFixed(0)}–${(at + d).toFixed(0)}`).join(', ') || 'none'}`));
}

// ---------------------------------------------------------------- run

const browser = await launchBrowser();
if (args.waterfall) {
  try {
    await waterfall(browser, ROUNDS);
  } finally {
    await browser.close().catch(() => {});
    server.close();
  }
  process.exit(0);
}
const runs = Object.fromEntries(KINDS.map((k) => [k, []]));
const throttled = Object.fromEntries(KINDS.map((k) => [k, []]));
const traced = Object.fromEntries(KINDS.map((k) => [k, []]));
const started = Date.now();
let chromiumVersion;
try {
  for (let round = 0; round <= ROUNDS; round++) {
    const order = round % 2 ? [...KINDS].reverse() : KINDS;
    const r = {}; const t = {}; const x = {};
    for (const k of order) r[k] = await visit(browser, k);
    for (const k of [...order].reverse()) t[k] = await measured(browser, k, { throttle: 4 });
    for (const k of order) x[k] = await measured(browser, k, { trace: true });
    if (round === 0) continue;
    for (const k of KINDS) { runs[k].push(r[k]); throttled[k].push(t[k]); traced[k].push(x[k]); }
    process.stderr.write(`round ${round}/${ROUNDS} (${order.join(', ')}) ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  }
} catch (e) {
  if (!(e instanceof SanityError || e instanceof TraceError)) throw e;
  console.error(`page_bench: ${e.message} — no figures printed`);
  process.exit(1);
} finally {
  chromiumVersion = browser.version();
  await browser.close().catch(() => {});
  server.close();
}
const seconds = Math.round((Date.now() - started) / 1000);

function fail(msg) {
  console.error(`page_bench: ${msg} — no figures printed`);
  process.exit(1);
}
// Every response went out brotli-compressed, or the byte counts mean nothing.
const plain = served.filter((s) => s.encoding !== 'br');
if (plain.length) {
  fail(`not brotli: ${[...new Set(plain.map((s) => s.path))].join(', ')} (Chromium did not ask for br)`);
}
// The page's own account of each body's size must match what the server sent.
for (const v of Object.values(runs).flat()) {
  for (const r of v.res) {
    const sent = brCache.get(r.path);
    if (!sent || sent.length !== r.bytes) fail(`${r.path}: the page saw ${r.bytes} B, the server sent ${sent && sent.length} B`);
  }
}

// The snippet's parser-blocking scripts were fetched on every CookieGate first visit (or
// the head-part figure below would be a silent 0).
for (const path of syncHeadScripts) {
  if (!runs.cookiegate.every((v) => v.res.some((r) => r.path === path))) {
    fail(`${path}, a parser-blocking script of cookiegate-head.html, was not fetched on every first visit`);
  }
}

// ---------------------------------------------------------------- statistics

// Linear interpolation between closest ranks (the common "type 7" quantile).
function quantile(xs, q) {
  const s = xs.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (i - lo);
}
const med = (xs) => quantile(xs, 0.5);
const p90 = (xs) => quantile(xs, 0.9);
const max = (xs) => Math.max(...xs);

const baselinePaths = new Set(runs.baseline.flatMap((v) => v.res.map((r) => r.path)));
const baseHtml = med(runs.baseline.map((v) => v.html));
// Bytes the contender adds to the page: responses the baseline did not fetch + HTML growth.
const addedBytes = (v) => v.res.filter((r) => !r.cached && !baselinePaths.has(r.path)).reduce((s, r) => s + r.bytes, 0) +
  (v.html - baseHtml);
const sum = (v, f) => v.res.filter((r) => !r.cached && f(r)).reduce((s, r) => s + r.bytes, 0);

const base = (set, f) => med(set.baseline.map(f));
const series = {
  bytes: { set: runs, f: addedBytes, unit: 'B' },
  fcp: { set: runs, f: (v) => v.fcp, unit: 'ms', added: true },
  lcp: { set: runs, f: (v) => v.lcp, unit: 'ms', added: true },
  lcp4: { set: throttled, f: (v) => v.lcp, unit: 'ms', added: true },
  banner: { set: runs, f: (v) => v.banner, unit: 'ms' },
  banner4: { set: throttled, f: (v) => v.banner, unit: 'ms' },
  cpu: { set: traced, f: (v) => v.traceCpuMs, unit: 'ms', added: true },
  wall: { set: traced, f: (v) => v.traceWallMs, unit: 'ms', added: true },
  longTasks: { set: runs, f: (v) => v.longTasks, unit: 'n' },
  maxLongTask: { set: runs, f: (v) => v.maxLongTask, unit: 'ms' },
  cls: { set: runs, f: (v) => v.cls, unit: '' },
  returning: { set: runs, f: (v) => v.returning, unit: 'ms' },
};
/** Values of a series for a contender; "added" series are taken against the baseline's median. */
const values = (key, kind) => {
  const s = series[key];
  const offset = s.added ? base(s.set, s.f) : 0;
  return s.set[kind].map(s.f).map((x) => x - offset);
};
const summary = Object.fromEntries(KINDS.map((k) => [k, Object.fromEntries(Object.keys(series).map((key) => {
  const xs = values(key, k);
  return [key, { median: med(xs), p90: p90(xs), max: max(xs) }];
}))]));

const KiB = 1024;
const fmt = (x, unit, sign = false) => {
  if (Number.isNaN(x)) return '–';
  if (unit === 'B') return `${(x / KiB).toFixed(1)} KiB`;
  const s = sign && x >= 0 ? '+' : '';
  if (unit === 'ms') return `${s}${x.toFixed(0)} ms`;
  return Number.isInteger(x) ? String(x) : x.toFixed(unit === 'n' ? 1 : 3);
};

// ---------------------------------------------------------------- the table

const out = [];
const cpuModel = (readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m) || [])[1]
  || cpus()[0]?.model || 'unknown';
const machine = `Machine: ${availableParallelism()} CPUs (nproc), ${cpuModel}; Chromium ${chromiumVersion}; ` +
  `Node ${process.version}. ${ROUNDS} rounds (+1 warm-up, not counted), ${seconds} s; medians (p90). ` +
  'Served brotli (quality 11) from 127.0.0.1, no network throttling, a fresh browser context per ' +
  'visit, contenders interleaved, order alternating each round.';
const cols = ['cookiegate', ...PEERS, 'baseline'];
out.push(`| metric | ${cols.map((k) => contenders[k].label).join(' | ')} |`);
out.push(`|---|${cols.map(() => '---:').join('|')}|`);
const cell = (key, k, { sign = false, withP90 = true } = {}) => {
  const s = summary[k][key]; const unit = series[key].unit;
  return withP90 ? `${fmt(s.median, unit, sign)} (${fmt(s.p90, unit, sign)})` : fmt(s.median, unit, sign);
};
const baseCell = (key) => {
  const s = series[key];
  const xs = s.set.baseline.map(s.f);
  return `${fmt(med(xs), s.unit)} (${fmt(p90(xs), s.unit)})`;
};
const rows = [
  ['bytes on the wire added (brotli)', (k) => cell('bytes', k, { withP90: false }), () => '–'],
  ['page\'s own FCP added', (k) => cell('fcp', k, { sign: true }), () => `${baseCell('fcp')} FCP`],
  ['page\'s own LCP added', (k) => cell('lcp', k, { sign: true }), () => `${baseCell('lcp')} LCP`],
  ['page\'s own LCP added, CPU ×4', (k) => cell('lcp4', k, { sign: true }), () => `${baseCell('lcp4')} LCP`],
  ['banner visible', (k) => cell('banner', k), () => '–'],
  ['banner visible, CPU ×4', (k) => cell('banner4', k), () => '–'],
  ['main-thread CPU added (trace)', (k) => cell('cpu', k, { sign: true }), () => `${baseCell('cpu')} CPU`],
  ['long tasks > 50 ms (worst visit)', (k) => `${fmt(summary[k].longTasks.median, 'n')} (${fmt(summary[k].longTasks.max, 'n')})`,
    () => `${fmt(summary.baseline.longTasks.median, 'n')} (${fmt(summary.baseline.longTasks.max, 'n')})`],
  ['CLS (worst visit)', (k) => `${fmt(summary[k].cls.median, '')} (${fmt(summary[k].cls.max, '')})`,
    () => `${fmt(summary.baseline.cls.median, '')} (${fmt(summary.baseline.cls.max, '')})`],
  ['returning visitor: allowed tags have run', (k) => cell('returning', k), () => `${baseCell('returning')} ungated`],
];
for (const [label, f, fb] of rows) {
  out.push(`| ${label} | ${cols.map((k) => (k === 'baseline' ? fb() : f(k))).join(' | ')} |`);
}

// ---------------------------------------------------------------- targets

const cg = summary.cookiegate;
const cgRes = runs.cookiegate.map((v) => v.res);
const medBytes = (f) => med(cgRes.map((res) => res.filter((r) => !r.cached && f(r)).reduce((s, r) => s + r.bytes, 0)));
// The .wasm as fetched; a page that did not fetch it on a first visit: web/dist's file.
const fetchedWasm = cgRes.some((res) => res.some((r) => r.path.endsWith('.wasm')));
const wasmBytes = fetchedWasm ? medBytes((r) => r.path.endsWith('.wasm')) : readdirSync(distDir)
  .filter((f) => f.endsWith('.wasm')).reduce((n, f) => n + br(`dist:${f}`, readFileSync(join(distDir, f))).length, 0);
const headBytes = medBytes((r) => syncHeadScripts.includes(r.path));
const fastestPeer = PEERS.reduce((a, b) => (summary[a].banner.median <= summary[b].banner.median ? a : b));
const releaseLimit = summary.baseline.returning.median + 8;
const targets = [
  { name: 'page\'s own LCP added ≤ 5 ms, no throttling', value: cg.lcp.median, limit: 5, unit: 'ms', sign: true },
  { name: 'page\'s own LCP added ≤ 10 ms, CPU ×4', value: cg.lcp4.median, limit: 10, unit: 'ms', sign: true },
  { name: 'returning visitor: allowed tags run ≤ no banner (ungated) + 8 ms', value: cg.returning.median,
    limit: releaseLimit, unit: 'ms' },
  { name: 'main-thread CPU added ≤ 15 ms (trace)', value: cg.cpu.median, limit: 15, unit: 'ms', sign: true },
  { name: 'no long task (> 50 ms)', value: cg.longTasks.median, limit: 0, unit: 'n',
    note: `worst visit ${fmt(cg.longTasks.max, 'n')}, longest ${fmt(cg.maxLongTask.max, 'ms')}` },
  { name: 'CLS 0', value: cg.cls.median, limit: 0, unit: '', note: `worst visit ${fmt(cg.cls.max, '')}` },
  { name: `banner visible ≤ the fastest peer's median (${contenders[fastestPeer].label})`, value: cg.banner.median,
    limit: summary[fastestPeer].banner.median, unit: 'ms' },
  { name: '.wasm ≤ 24 KiB (brotli)', value: wasmBytes, limit: 24 * KiB, unit: 'B',
    note: fetchedWasm ? null : 'not fetched on a first visit: web/dist\'s file' },
  { name: 'everything the page downloads for CookieGate ≤ 40 KiB (brotli)', value: cg.bytes.median, limit: 40 * KiB, unit: 'B' },
  { name: `synchronous head part ≤ 2 KiB (brotli: ${syncHeadScripts.join(', ') || 'none'})`, value: headBytes,
    limit: 2 * KiB, unit: 'B' },
];
for (const t of targets) t.met = t.value <= t.limit;
out.push('');
out.push('| target (medians, same run) | CookieGate | limit | |');
out.push('|---|---:|---:|---|');
for (const t of targets) {
  out.push(`| ${t.name} | ${fmt(t.value, t.unit, t.sign)}${t.note ? ` (${t.note})` : ''} | ${fmt(t.limit, t.unit)} | ` +
    `${t.met ? 'met' : '**missed**'} |`);
}
out.push('');
out.push(machine);

// What each contender's first visit fetched, beyond the baseline page (medians).
out.push('');
for (const k of ['cookiegate', ...PEERS]) {
  const paths = [...new Set(runs[k].flatMap((v) => v.res.map((r) => r.path)))].filter((x) => !baselinePaths.has(x));
  const parts = paths.map((path) => {
    const got = runs[k].map((v) => v.res.find((r) => r.path === path)).filter(Boolean);
    return `${path} ${fmt(med(got.map((r) => r.bytes)), 'B')} (received by ${fmt(med(got.map((r) => r.end)), 'ms')})`;
  });
  const htmlGrowth = med(runs[k].map((v) => v.html - baseHtml));
  out.push(`- ${contenders[k].label}: ${parts.join(', ')}; HTML +${fmt(htmlGrowth, 'B')}; ` +
    `banner visible at ${fmt(summary[k].banner.median, 'ms')}.`);
}
const bannerLcp = ['cookiegate', ...PEERS].filter((k) => runs[k].some((v) => v.bannerLcp !== null));
if (bannerLcp.length) {
  out.push('');
  out.push(`The banner itself was a largest-contentful-paint candidate for: ${bannerLcp.map((k) =>
    contenders[k].label).join(', ')} (not counted as the page's own LCP).`);
}

console.log(out.join('\n'));

if (args.json) {
  const strip = (v) => ({ ...v, res: v.res.map(({ path, bytes, start, end, cached }) => ({ path, bytes, start, end, cached })) });
  writeFileSync(args.json, JSON.stringify({
    machine: { cpus: availableParallelism(), cpuModel, chromium: chromiumVersion, node: process.version },
    rounds: ROUNDS, seconds, contenders: Object.fromEntries(KINDS.map((k) => [k, contenders[k].label])),
    syncHeadScripts, summary,
    targets: targets.map(({ name, value, limit, unit, met }) => ({ name, value, limit, unit, met })),
    visits: Object.fromEntries(KINDS.map((k) => [k, {
      first: runs[k].map(strip), throttled: throttled[k].map(strip), traced: traced[k].map(strip),
    }])),
  }, null, 1));
}
