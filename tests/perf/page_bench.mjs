// Page benchmark, run on demand (not by ./tests/run_all.sh):
//   node tests/perf/page_bench.mjs [--rounds N]      (default 15)
// Loads the same article page (tests/perf/pages/article.html) with CookieGate, with
// vanilla-cookieconsent 3.x (devDependency) and with no banner, in Debian's Chromium,
// served brotli-compressed from 127.0.0.1 like a CDN would. Contenders are interleaved
// and their order alternates each round; every visit gets a fresh browser context
// (cold HTTP cache, no cookies); one more CookieGate visit per round holds the glue
// and the .wasm back until the banner shows, to measure what the banner needs. Prints
// a markdown table: median / p90 per contender, the CookieGate / vanilla ratio, the
// targets of issue 6 and the machine.
import { createServer } from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { cpus, availableParallelism } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import { build } from 'esbuild';
import { launchBrowser, repoRoot } from '../browser/harness.mjs';

const argRounds = process.argv.indexOf('--rounds');
const ROUNDS = argRounds > 0 ? Number(process.argv[argRounds + 1]) : 15;
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) {
  console.error('usage: node tests/perf/page_bench.mjs [--rounds N]  (N >= 1)');
  process.exit(2);
}

const pagesDir = join(repoRoot, 'tests/perf/pages');
const distDir = join(repoRoot, 'web/dist');
const vanillaDir = join(repoRoot, 'node_modules/vanilla-cookieconsent/dist');
for (const [dir, fix] of [[join(distDir, 'cookiegate.js'), 'node web/build.mjs'],
  [join(vanillaDir, 'cookieconsent.umd.js'), 'npm ci']]) {
  if (!existsSync(dir)) { console.error(`missing ${dir}: run ${fix}`); process.exit(1); }
}

// ---------------------------------------------------------------- pages and server

const snippet = (f) => readFileSync(join(pagesDir, f), 'utf8');
const article = snippet('article.html');
const page = (head, bodyEnd) => article
  .replace('<!-- banner-head -->', head).replace('<!-- banner-body-end -->', bodyEnd);
const pages = {
  '/baseline.html': page('', ''),
  '/cookiegate.html': page(snippet('cookiegate-head.html'), ''),
  '/vanilla.html': page(snippet('vanilla-head.html'), snippet('vanilla-body-end.html')),
};
const mounts = { '/cookiegate/': distDir, '/vanilla/': vanillaDir, '/vendor/': join(pagesDir, 'vendor') };
const mime = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm' };

// Compressed once at the highest quality, as CDNs serve pre-compressed static assets.
const brCache = new Map();
const br = (key, buf) => {
  if (!brCache.has(key)) {
    brCache.set(key, brotliCompressSync(buf, { params: {
      [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: buf.length } }));
  }
  return brCache.get(key);
};

const served = [];  // {path, bytes, encoding} per response, for the sanity check
// While set, the core's files (glue and .wasm) are answered only once it resolves: what
// the banner needs is then measured, not what happened to arrive before it showed.
let holdCore = null;
const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (holdCore && url.pathname.startsWith('/cookiegate/cookiegate-core')) await holdCore;
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

// ---------------------------------------------------------------- in-page probes

// Runs before any page script. Records when the banner is first visible (laid out,
// not display:none / visibility:hidden, non-empty box), long tasks, layout shifts.
// A MutationObserver catches the DOM change that shows the banner at once; a
// requestAnimationFrame loop catches anything shown without a mutation.
function probe() {
  const b = { visible: null, longTasks: [], cls: 0, loaded: false };
  window.__bench = b;
  const banner = () => {
    const host = document.querySelector('cookiegate-ui');
    return (host && host.shadowRoot && host.shadowRoot.querySelector('.bn')) ||
      document.querySelector('#cc-main .cm');
  };
  const observed = new WeakSet();
  let mo;
  const check = () => {
    if (b.visible !== null) return;
    const now = performance.now();
    const host = document.querySelector('cookiegate-ui');
    if (host && host.shadowRoot && !observed.has(host.shadowRoot)) {
      observed.add(host.shadowRoot);
      mo.observe(host.shadowRoot, { subtree: true, childList: true, attributes: true });
    }
    const el = banner();
    if (el && el.isConnected && el.checkVisibility({ visibilityProperty: true }) &&
        el.getBoundingClientRect().height > 0) {
      b.visible = now;
      mo.disconnect();
    }
  };
  mo = new MutationObserver(check);
  mo.observe(document, { subtree: true, childList: true, attributes: true });
  const frame = () => {
    check();
    // Without a banner (baseline, returning visitor) stop polling once the page loaded.
    if (b.visible === null && !(b.loaded && performance.now() > 3000)) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  addEventListener('load', () => { b.loaded = true; });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) b.longTasks.push(e.duration); })
    .observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) if (!e.hadRecentInput) b.cls += e.value;
  }).observe({ type: 'layout-shift', buffered: true });
}

// The main thread is idle: the next frame is done and an idle period has started.
const settle = (p) => p.evaluate(() => new Promise((ok) =>
  requestAnimationFrame(() => setTimeout(() => requestIdleCallback(ok, { timeout: 2000 }), 0))));

const libraryPath = { cookiegate: '/cookiegate/', vanilla: '/vanilla/' };

async function readResources(p) {
  return p.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const res = performance.getEntriesByType('resource').map((e) => ({
      path: new URL(e.name).pathname, start: e.startTime, end: e.responseEnd, bytes: e.encodedBodySize,
      transfer: e.transferSize,
    }));
    return { nav: { bytes: nav.encodedBodySize, end: nav.responseEnd }, res };
  });
}

async function cpuSeconds(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  return { task: m.TaskDuration, script: m.ScriptDuration };
}

/**
 * The bytes CookieGate's banner needs: a first visit with the core held back until the
 * banner is visible (it must show without it), counting the library's responses by then.
 */
async function criticalVisit(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  let release;
  holdCore = new Promise((ok) => { release = ok; });
  try {
    await context.addInitScript(probe);
    const p = await context.newPage();
    await p.goto(`${origin}/cookiegate.html`, { waitUntil: 'domcontentloaded' });
    await p.waitForFunction(() => window.__bench.visible !== null, null, { timeout: 30000 });
    const { nav, res } = await readResources(p);
    const lib = res.filter((r) => r.path.startsWith(libraryPath.cookiegate));
    if (lib.some((r) => r.path.includes('cookiegate-core'))) throw new Error('the core was not held back');
    return { criticalLibBytes: lib.reduce((s, r) => s + r.bytes, 0), htmlBytes: nav.bytes, resources: lib };
  } finally {
    holdCore = null;
    release();
    await context.close();
  }
}

/**
 * One visit in a fresh context. kind: 'baseline' | 'cookiegate' | 'vanilla'.
 * throttle: CPU slowdown factor (1 = none). returning: accept, then load again.
 */
async function visit(browser, kind, { throttle = 1, returning = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await context.addInitScript(probe);
    const p = await context.newPage();
    const cdp = await context.newCDPSession(p);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    if (throttle !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    const before = await cpuSeconds(cdp);
    await p.goto(`${origin}/${kind}.html`, { waitUntil: 'load' });
    const out = {};
    if (kind !== 'baseline') {
      await p.waitForFunction(() => window.__bench.visible !== null, null, { timeout: 30000 });
    }
    await settle(p);
    const after = await cpuSeconds(cdp);
    const b = await p.evaluate(() => window.__bench);
    const { nav, res } = await readResources(p);
    out.bannerMs = b.visible;
    out.cpuMs = (after.task - before.task) * 1000;
    out.scriptMs = (after.script - before.script) * 1000;
    out.maxLongTaskMs = Math.max(0, ...b.longTasks);
    out.longTasks = b.longTasks.length;
    out.cls = b.cls;
    out.totalBytes = nav.bytes + res.reduce((s, r) => s + r.bytes, 0);
    const lib = res.filter((r) => r.path.startsWith(libraryPath[kind] || '\0'));
    out.libraryBytes = lib.reduce((s, r) => s + r.bytes, 0);
    out.htmlBytes = nav.bytes;
    // Critical path: the library's responses that had finished when the banner showed
    // (for CookieGate the script bundle and the wasm it must evaluate with), plus the
    // HTML's growth over the baseline page (inline config, markup).
    out.criticalLibBytes = lib.filter((r) => b.visible !== null && r.end <= b.visible)
      .reduce((s, r) => s + r.bytes, 0);
    out.resources = res;
    if (returning) {
      if (kind === 'cookiegate') {
        await p.locator('cookiegate-ui .bn button', { hasText: 'Accept all' }).click();
      } else {
        await p.click('#cc-main .cm [data-role="all"]');
      }
      await p.waitForFunction(() => window.__ran && Object.keys(window.__ran).length === 3);
      await p.goto(`${origin}/${kind}.html`, { waitUntil: 'load' });
      await p.waitForFunction(() => window.__ran && Object.keys(window.__ran).length === 3,
        null, { timeout: 30000 });
      const again = await p.evaluate(() => ({
        ran: Math.max(...Object.values(window.__ran)), banner: window.__bench.visible,
        cached: performance.getEntriesByType('resource').every((e) => e.transferSize === 0),
      }));
      if (again.banner !== null) throw new Error(`${kind}: banner shown to a returning visitor`);
      if (!again.cached) throw new Error(`${kind}: returning visit was not served from the cache`);
      out.returningMs = again.ran;
    }
    return out;
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------- run

const browser = await launchBrowser();
const runs = { baseline: [], cookiegate: [], vanilla: [] };
const throttled = { cookiegate: [], vanilla: [] };
// Bytes before the banner: CookieGate's from visits with the core held back,
// vanilla-cookieconsent's from its ordinary visits (its banner needs all of its files).
const critical = { cookiegate: [], vanilla: runs.vanilla };
const started = Date.now();
// Round 0 warms up the server's brotli cache, the OS and Chromium; it is not counted.
for (let round = 0; round <= ROUNDS; round++) {
  const order = round % 2 ? ['vanilla', 'cookiegate'] : ['cookiegate', 'vanilla'];
  const r = { baseline: await visit(browser, 'baseline') };
  for (const k of order) r[k] = await visit(browser, k, { returning: true });
  const t = {};
  for (const k of [...order].reverse()) t[k] = await visit(browser, k, { throttle: 4 });
  if (round === 0) continue;
  for (const k of Object.keys(r)) runs[k].push(r[k]);
  for (const k of Object.keys(t)) throttled[k].push(t[k]);
  critical.cookiegate.push(await criticalVisit(browser));
  process.stderr.write(`round ${round}/${ROUNDS} (${order.join(' then ')})\n`);
}
const version = browser.version();
await browser.close();
server.close();
const seconds = ((Date.now() - started) / 1000).toFixed(0);

// Every response went out brotli-compressed, or the byte counts mean nothing.
const plain = served.filter((s) => s.encoding !== 'br');
if (plain.length) {
  console.error(`not brotli: ${[...new Set(plain.map((s) => s.path))].join(', ')} — ` +
    'Chromium did not ask for br; the byte figures would be uncompressed');
  process.exit(1);
}

// The page's own account of each body's size must match what the server sent.
for (const kind of ['cookiegate', 'vanilla']) {
  for (const r of runs[kind].flatMap((x) => x.resources)) {
    const sent = brCache.get(r.path);
    if (!sent || sent.length !== r.bytes) {
      console.error(`${r.path}: the page saw ${r.bytes} B, the server sent ${sent && sent.length} B`);
      process.exit(1);
    }
  }
}

// ---------------------------------------------------------------- statistics

// Linear interpolation between closest ranks (the common "type 7" quantile).
function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (i - lo);
}
const med = (xs) => quantile(xs, 0.5);
const p90 = (xs) => quantile(xs, 0.9);
const col = (arr, f) => arr.map(f);

const baseCpu = med(col(runs.baseline, (v) => v.cpuMs));
const baseScript = med(col(runs.baseline, (v) => v.scriptMs));
const baseHtml = med(col(runs.baseline, (v) => v.htmlBytes));
const metric = {
  totalBytes: (v) => v.totalBytes,
  libraryBytes: (v) => v.libraryBytes,
  criticalBytes: (v) => v.criticalLibBytes + (v.htmlBytes - baseHtml),
  bannerMs: (v) => v.bannerMs,
  returningMs: (v) => v.returningMs,
  addedCpuMs: (v) => v.cpuMs - baseCpu,
  addedScriptMs: (v) => v.scriptMs - baseScript,
  longTasks: (v) => v.longTasks,
  maxLongTaskMs: (v) => v.maxLongTaskMs,
  cls: (v) => v.cls,
};
const rows = [
  ['Bytes on the wire, whole page (brotli)', 'totalBytes', runs, 'B'],
  ['… of which the banner library: JS + CSS + wasm', 'libraryBytes', runs, 'B'],
  ['Bytes before the banner can appear (library + inline config)', 'criticalBytes', critical, 'B'],
  ['Banner visible after navigation start, no throttling', 'bannerMs', runs, 'ms'],
  ['Banner visible after navigation start, CPU ×4', 'bannerMs', throttled, 'ms'],
  ['Returning visitor: gated scripts have run (warm cache)', 'returningMs', runs, 'ms'],
  ['Main-thread CPU added over no-banner page', 'addedCpuMs', runs, 'ms'],
  ['… of which script (compile + run)', 'addedScriptMs', runs, 'ms'],
  ['Long tasks (> 50 ms), no throttling', 'longTasks', runs, 'n'],
  ['Longest long task, no throttling', 'maxLongTaskMs', runs, 'ms'],
  ['CLS', 'cls', runs, ''],
];
const fmt = (x, unit) => {
  if (unit === 'B') return `${(x / 1024).toFixed(1)} KiB`;
  if (unit === 'ms') return `${x.toFixed(1)} ms`;
  return Number.isInteger(x) ? String(x) : x.toFixed(unit === 'n' ? 1 : 3);
};
const stat = (set, k, key) => col(set[k], metric[key]);

const out = [];
const cpuModel = (readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m) || [])[1]
  || cpus()[0]?.model || 'unknown';
out.push(`### Page benchmark: CookieGate vs vanilla-cookieconsent ${
  JSON.parse(readFileSync(join(vanillaDir, '../package.json'), 'utf8')).version}`);
out.push('');
out.push(`Machine: ${availableParallelism()} CPUs (nproc), ${cpuModel}; Chromium ${version}; ` +
  `Node ${process.version}. ${ROUNDS} rounds (+1 warm-up, not counted), ${seconds} s. ` +
  'Served brotli (quality 11) from 127.0.0.1, no network throttling; bytes are response ' +
  'bodies as sent (Resource Timing encodedBodySize, checked against the server), headers ' +
  'excluded; CPU from CDP Performance.getMetrics TaskDuration; a fresh browser ' +
  'context per visit; contenders interleaved, order alternating each round.');
out.push('');
out.push('| Metric | CookieGate median | CookieGate p90 | vanilla median | vanilla p90 | CookieGate / vanilla (median) |');
out.push('|---|---:|---:|---:|---:|---:|');
for (const [label, key, set, unit] of rows) {
  const c = stat(set, 'cookiegate', key); const v = stat(set, 'vanilla', key);
  const ratio = med(v) === 0 ? (med(c) === 0 ? '—' : '∞') : `${(med(c) / med(v)).toFixed(2)}×`;
  out.push(`| ${label} | ${fmt(med(c), unit)} | ${fmt(p90(c), unit)} | ${fmt(med(v), unit)} | ` +
    `${fmt(p90(v), unit)} | ${ratio} |`);
}
out.push('');
out.push(`No-banner page: ${fmt(med(col(runs.baseline, (v) => v.totalBytes)), 'B')} on the wire, ` +
  `main-thread CPU ${fmt(baseCpu, 'ms')} (median).`);

// Targets of issue 6, judged on CookieGate's medians (long tasks and CLS on the worst visit).
const cg = (set, key) => stat(set, 'cookiegate', key);
const va = (set, key) => stat(set, 'vanilla', key);
const KiB = 1024;
const targets = [
  ['Bytes before the banner can appear ≤ 8 KiB', med(cg(critical, 'criticalBytes')) <= 8 * KiB,
    fmt(med(cg(critical, 'criticalBytes')), 'B')],
  ['All shipped bytes (JS + CSS + wasm) ≤ 40 KiB', med(cg(runs, 'libraryBytes')) <= 40 * KiB,
    fmt(med(cg(runs, 'libraryBytes')), 'B')],
  ['Banner visible (CPU ×4) ≤ 0.8 × vanilla', med(cg(throttled, 'bannerMs')) <= 0.8 * med(va(throttled, 'bannerMs')),
    `${fmt(med(cg(throttled, 'bannerMs')), 'ms')} vs limit ${fmt(0.8 * med(va(throttled, 'bannerMs')), 'ms')}`],
  ['Returning visitor ≤ vanilla + 10 ms', med(cg(runs, 'returningMs')) <= med(va(runs, 'returningMs')) + 10,
    `${fmt(med(cg(runs, 'returningMs')), 'ms')} vs limit ${fmt(med(va(runs, 'returningMs')) + 10, 'ms')}`],
  ['Added main-thread CPU ≤ 20 ms', med(cg(runs, 'addedCpuMs')) <= 20, fmt(med(cg(runs, 'addedCpuMs')), 'ms')],
  ['No long task over 50 ms (no throttling, every visit)', Math.max(...cg(runs, 'maxLongTaskMs')) <= 50,
    `worst ${fmt(Math.max(...cg(runs, 'maxLongTaskMs')), 'ms')}`],
  ['CLS 0 (every visit)', Math.max(...cg(runs, 'cls')) === 0, `worst ${fmt(Math.max(...cg(runs, 'cls')), '')}`],
];
out.push('');
out.push('| Target (issue 6) | CookieGate | |');
out.push('|---|---|---|');
for (const [name, ok, got] of targets) out.push(`| ${name} | ${got} | ${ok ? 'met' : '**missed**'} |`);

// ---------------------------------------------------------------- what dominates

const brSize = (buf) => brotliCompressSync(buf, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;
out.push('');
out.push('#### What dominates');
out.push('');
const files = [
  ['cookiegate.js', join(distDir, 'cookiegate.js')],
  ['cookiegate-core.js (glue)', join(distDir, 'cookiegate-core.js')],
  ['cookiegate-core.wasm', join(distDir, 'cookiegate-core.wasm')],
  ['cookieconsent.umd.js', join(vanillaDir, 'cookieconsent.umd.js')],
  ['cookieconsent.css', join(vanillaDir, 'cookieconsent.css')],
];
out.push('| File | raw | brotli |');
out.push('|---|---:|---:|');
for (const [name, f] of files) {
  const buf = readFileSync(f);
  out.push(`| ${name} | ${fmt(buf.length, 'B')} | ${fmt(brSize(buf), 'B')} |`);
}

// The bundle by source (esbuild's metafile for the same IIFE build as web/build.mjs),
// each part's minified bytes brotli-compressed alone (parts share context in the real file).
try {
  const web = join(repoRoot, 'web');
  const meta = await build({
    entryPoints: [join(web, 'src/script.js')], bundle: true, minify: true, target: 'es2020',
    legalComments: 'none', format: 'iife', platform: 'browser', write: false, metafile: true,
    outfile: 'cookiegate.js', define: { 'import.meta.url': 'scriptUrl' },
    inject: [join(web, 'src/script-url.js')], logLevel: 'silent',
    plugins: [{ name: 'virtual', setup(b) {
      b.onResolve({ filter: /^cookiegate:glue$/ }, () => ({ path: join(web, 'src/core/glue-script.js') }));
      b.onResolve({ filter: /^\.\/cookiegate-core\.js$/ }, () => ({ path: 'glue', external: true }));
      b.onResolve({ filter: /^cookiegate:ui$/ }, () => ({ path: join(web, 'src/ui/index.js') }));
    } }],
  });
  const inputs = Object.values(meta.metafile.outputs)[0].inputs;
  const groups = {};
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    const g = path.includes('/ui/') ? 'UI (web/src/ui)' : 'runtime + gating (web/src)';
    groups[g] = (groups[g] || 0) + bytesInOutput;
  }
  out.push('');
  out.push('cookiegate.js by source (minified bytes in the bundle): ' +
    Object.entries(groups).sort((a, b) => b[1] - a[1]).map(([g, n]) => `${g} ${fmt(n, 'B')}`).join(', ') + '.');
} catch (e) {
  out.push('', `(bundle breakdown unavailable: ${e.message.split('\n')[0]})`);
}

// The wasm by section: code vs data (string tables, JSON library tables) vs the rest.
{
  const w = readFileSync(join(distDir, 'cookiegate-core.wasm'));
  const names = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export',
    'start', 'element', 'code', 'data', 'datacount'];
  const sizes = {};
  let i = 8;
  const leb = () => { let r = 0; let s = 0; let b; do { b = w[i++]; r |= (b & 0x7f) << s; s += 7; } while (b & 0x80); return r >>> 0; };
  while (i < w.length) {
    const id = w[i++]; const len = leb(); const start = i;
    let name = names[id] || `#${id}`;
    if (id === 0) { const n = leb(); name = `custom "${w.subarray(i, i + n).toString()}"`; }
    sizes[name] = (sizes[name] || 0) + (start + len - start);
    i = start + len;
  }
  out.push('');
  out.push('cookiegate-core.wasm by section (raw): ' + Object.entries(sizes).sort((a, b) => b[1] - a[1])
    .slice(0, 5).map(([n, s]) => `${n} ${fmt(s, 'B')}`).join(', ') + '.');
}
// When each library file finished arriving, against when the banner showed (medians).
const c = (k, set = runs) => med(stat(set, 'cookiegate', k));
const v = (k, set = runs) => med(stat(set, 'vanilla', k));
for (const [kind, label] of [['cookiegate', 'CookieGate'], ['vanilla', 'vanilla-cookieconsent']]) {
  const paths = [...new Set(runs[kind].flatMap((r) => r.resources.map((x) => x.path))
    .filter((x) => x.startsWith(libraryPath[kind])))];
  const parts = paths.map((path) => {
    const got = runs[kind].map((r) => r.resources.find((x) => x.path === path)).filter(Boolean);
    return `${path.split('/').pop()} ${fmt(med(got.map((x) => x.bytes)), 'B')} requested at ` +
      `${fmt(med(got.map((x) => x.start)), 'ms')}, received by ${fmt(med(got.map((x) => x.end)), 'ms')}`;
  });
  out.push('');
  out.push(`${label}, no throttling: ${parts.join('; ')}; banner visible at ${fmt(med(stat(runs, kind, 'bannerMs')), 'ms')}.`);
}
out.push('');
out.push('CookieGate shows a first visit\'s banner from cookiegate.js alone (no consent cookie: ' +
  'nothing to evaluate yet); the glue and the .wasm are requested together as the bundle runs, ' +
  'and a returning visitor\'s gated scripts wait for them to be compiled and to evaluate the ' +
  'cookie. "Bytes before the banner" comes from extra visits with those two held back until ' +
  'the banner showed. vanilla-cookieconsent adds its `cc--anim` class ' +
  '100 ms after building the banner (a fade-in), which is part of its visible time. ' +
  `Added main-thread CPU: CookieGate ${fmt(c('addedCpuMs'), 'ms')} (script ${fmt(c('addedScriptMs'), 'ms')}), ` +
  `vanilla ${fmt(v('addedCpuMs'), 'ms')} (script ${fmt(v('addedScriptMs'), 'ms')}); the rest is ` +
  'style, layout and paint of the banner, plus, for CookieGate, wasm compilation.');

console.log(out.join('\n'));
