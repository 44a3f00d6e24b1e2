// What a parser-blocking head part costs the page's first paint, whatever it does: the
// floor under the page benchmark's "LCP added ≤ 5 ms" target. Not run by
// tests/run_all.sh (about two minutes); README "Performance" quotes its figures.
//
//   node tests/perf/head_floor.mjs [--rounds N]      (default 20; needs web/dist built)
//
// The benchmark's article page (tests/perf/pages/article.html, its gated stand-ins in
// <body>) in Debian's Chromium, served brotli (quality 11) from 127.0.0.1 as
// tests/perf/page_bench.mjs serves it, in six versions that differ only in <head>:
//   - nothing added (the baseline);
//   - an empty inline <script>;
//   - an external <script src> of one statement, parser-blocking like any script that
//     must run before the page's own (CookieGate's premise: nothing runs before the gate);
//   - CookieGate's head part (cookiegate.js with the benchmark's inline config) with its
//     runtime answered 404: the head part's work alone, nothing after it runs;
//   - the same head part inlined into the HTML (no request), runtime answered 404;
//   - CookieGate whole, as the benchmark's snippet (tests/perf/pages/cookiegate-head.html).
// Each round loads every version once, in a fresh browser context, in an order that
// alternates from round to round; round 0 is a warm-up. Prints the median first
// contentful paint of each (the page's LCP is its FCP: its largest element is text that
// is painted first) and what each adds over the baseline's median, with the p90.
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import { launchBrowser, repoRoot } from '../browser/harness.mjs';

const usage = 'usage: node tests/perf/head_floor.mjs [--rounds N]  (N >= 1)';
let rounds;
try {
  rounds = Number(parseArgs({ options: { rounds: { type: 'string', default: '20' } } }).values.rounds);
} catch (e) {
  console.error(`${e.message}\n${usage}`);
  process.exit(2);
}
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error(usage);
  process.exit(2);
}

const dist = join(repoRoot, 'web/dist');
const pagesDir = join(repoRoot, 'tests/perf/pages');
if (!existsSync(join(dist, 'cookiegate.js'))) {
  console.error(`missing ${join(dist, 'cookiegate.js')}: run node web/build.mjs`);
  process.exit(1);
}
const read = (f) => readFileSync(join(pagesDir, f), 'utf8');
const article = read('article.html');
const snippet = read('cookiegate-head.html');
const standIns = ['analytics', 'marketing', 'functional']
  .map((c) => `<script type="text/plain" data-category="${c}" src="/vendor/${c}.js"></script>`).join('\n');
const page = (head) => article.replace('<!-- banner-head -->', () => head)
  .replace('<!-- stand-ins -->', () => standIns).replace('<!-- banner-body-end -->', '');

// The snippet's script tag, pointed at another folder, or replaced by the head part's
// own text. Under /alone/ only cookiegate.js exists: the runtime it imports from next to
// itself (for the inline one: next to the page) is answered 404.
const tag = /<script src="\/cookiegate\/cookiegate\.js"( data-config="[^"]*")><\/script>/;
if (!tag.test(snippet)) throw new Error('tests/perf/pages/cookiegate-head.html: no <script src="/cookiegate/cookiegate.js" data-config>');
const headPart = readFileSync(join(dist, 'cookiegate.js'), 'utf8');
if (/<\/script/i.test(headPart)) throw new Error('cookiegate.js contains "</script": it cannot be inlined as is');
const versions = {
  'nothing added': { path: '/baseline.html', head: '' },
  'an empty inline <script>': { path: '/inline-empty.html', head: '<script>window.floor = 1</script>' },
  'an external <script src> of one statement': { path: '/blocking-empty.html', head: '<script src="/floor.js"></script>' },
  'CookieGate head part alone (runtime 404)': { path: '/alone/head.html', expect: '508',
    head: snippet.replace(tag, (m, config) => `<script src="/alone/cookiegate.js"${config}></script>`) },
  'CookieGate head part inlined, alone (runtime 404)': { path: '/alone/inline.html', expect: '508',
    head: snippet.replace(tag, (m, config) => `<script${config}>${headPart}</script>`) },
  'CookieGate whole (the benchmark snippet)': { path: '/whole.html', head: snippet, expect: 'banner' },
};
const pages = Object.fromEntries(Object.values(versions).map((v) => [v.path, page(v.head)]));

const mime = { '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm' };
const compressed = new Map();
const br = (key, buf) => {
  if (!compressed.has(key)) {
    compressed.set(key, brotliCompressSync(buf, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }));
  }
  return compressed.get(key);
};
const server = createServer((req, res) => {
  const path = new URL(req.url, 'http://127.0.0.1').pathname;
  let body; let type = 'text/html; charset=utf-8';
  if (pages[path]) body = Buffer.from(pages[path]);
  else if (path === '/floor.js') { body = Buffer.from('window.floor = 1;\n'); type = mime['.js']; }
  else {
    const file = /^\/cookiegate\/[a-z-]+\.(js|wasm)$/.test(path) ? join(dist, path.slice('/cookiegate/'.length))
      : path === '/alone/cookiegate.js' ? join(dist, 'cookiegate.js')
        : /^\/vendor\/[a-z]+\.js$/.test(path) ? join(pagesDir, path) : null;
    if (!file || !existsSync(file)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      return res.end('not found');
    }
    body = readFileSync(file); type = mime[extname(file)];
  }
  const sent = br(path, body);
  res.writeHead(200, { 'Content-Type': type, 'Content-Encoding': 'br', 'Content-Length': sent.length,
    'Cache-Control': pages[path] ? 'no-cache' : 'public, max-age=3600' });
  res.end(sent);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await launchBrowser();
const names = Object.keys(versions);
const fcp = Object.fromEntries(names.map((n) => [n, []]));
try {
  for (let round = 0; round <= rounds; round++) {
    for (const name of round % 2 ? [...names].reverse() : names) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const p = await context.newPage();
      // Each version is what its name says, or the figures would be nonsense.
      const { expect } = versions[name];
      const failed = expect === '508' && p.waitForEvent('console', {
        predicate: (m) => m.type() === 'error' && m.text().includes('error 508'), timeout: 15000 });
      await p.goto(origin + versions[name].path, { waitUntil: 'load' });
      if (expect === 'banner') await p.locator('cookiegate-ui').waitFor({ state: 'attached', timeout: 15000 });
      if (failed) await failed.catch(() => { throw new Error(`${name}: no error 508 (runtime not loaded) in the console`); });
      const at = await p.evaluate(() => new Promise((ok) => new PerformanceObserver((l) => {
        for (const e of l.getEntries()) if (e.name === 'first-contentful-paint') ok(e.startTime);
      }).observe({ type: 'paint', buffered: true })));
      if (round > 0) fcp[name].push(at);
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.close();
}

const quantile = (values, q) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const base = quantile(fcp[names[0]], 0.5);
console.log(`First contentful paint, ${rounds} rounds (medians; p90 in brackets), added over "${names[0]}":`);
for (const n of names) {
  const med = quantile(fcp[n], 0.5);
  const p90 = quantile(fcp[n], 0.9);
  console.log(`  ${n.padEnd(50)} ${String(Math.round(med)).padStart(4)} ms (${Math.round(p90)})` +
    (n === names[0] ? '' : `   ${med - base >= 0 ? '+' : ''}${Math.round(med - base)} ms (${p90 - base >= 0 ? '+' : ''}${Math.round(p90 - base)})`));
}
