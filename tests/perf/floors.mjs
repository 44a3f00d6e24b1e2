// The floors under five of the page benchmark's targets: what any design pays, whatever
// it does. Not run by tests/run_all.sh (two to ten minutes each, with the machine's
// speed); tests/perf/FINDINGS.md quotes their figures.
//
//   node tests/perf/floors.mjs [--rounds N] [--returning | --banner | --trace | --cpu RATE] [--only TEXT,...]
//   (default 20 rounds; needs web/dist built and npm ci: esbuild and terser, Orejime;
//   --only measures the baseline and the versions whose names contain one of the texts;
//   --cpu slows the first-paint visits' CPU RATE times, as the benchmark's CPU ×4 does)
//
// The benchmark's article page (tests/perf/pages/article.html, its gated stand-ins in
// <body>) in Debian's Chromium, served brotli (quality 11) from 127.0.0.1 as
// tests/perf/page_bench.mjs serves it, in versions that differ only in <head> (and in
// how the stand-ins are marked up, and what a banner adds at the end of <body>). Each
// round loads every version in a fresh browser context, in an order that alternates
// from round to round; round 0 is a warm-up.
//
// Without --returning, --banner or --trace: "LCP added ≤ 5 ms". Versions:
//   - nothing added (the baseline);
//   - an empty inline <script>;
//   - an external <script src> of one statement, parser-blocking like any script that
//     must run before the page's own (CookieGate's premise: nothing runs before the gate);
//   - CookieGate's head part (cookiegate.js with the benchmark's inline config) with its
//     runtime answered 404: the head part's work alone, nothing after it runs;
//   - the same head part inlined into the HTML (no request), runtime answered 404;
//   - the gate's hold alone, inlined (web/src/gate/hold.js: no Consent Mode default, no
//     config, no runtime): what a design holding the page's scripts with this hold runs
//     before them, and nothing else;
//   - the least hold: every DOM path the hold replaces (checked in each visit against
//     the hold's own), replaced by a function that only calls the original, and the
//     document observed as the hold observes it: the installation alone, with the least
//     code per path, under any hold that covers the same paths however its bodies are
//     written; and an empty inline <script> between the same marks, the marks' own cost;
//   - CookieGate whole, as the benchmark's snippet (tests/perf/pages/cookiegate-head.html),
//     and the same with its head part inlined;
//   - the head part (runtime 404) with the least banner at the end of <body> (see
//     --banner), parser-blocking, its banner built in a task of its own or at once, and
//     deferred (`defer`, run once the parser is done); and the same file `async` in
//     <head>, after the head part: what each way of loading a banner file costs the
//     page, each also compared with the head part alone;
//   - Orejime, as --banner loads it: what the fastest peer's blocking script costs;
//   - the head part of the returning visitor's trial (see --returning) with its runtime
//     answered 404, also compared with the shipped head part alone: what that design
//     costs every first visit.
// Prints the median first contentful paint of each (the page's LCP is its FCP: its
// largest element is text that is painted first) and what each adds over the baseline
// (every mode: the difference of the medians with its 95% bootstrap interval, and the
// median of the per-round differences; for a version that names one, the same against
// that version too). For the hold alone, the least hold and their control, also the time
// between inline performance.mark() scripts before and after it (its script, and the
// closing marker's), per visit.
//
// With --returning: "a returning visitor's allowed tags run ≤ 8 ms after they would
// with no banner". Each version is visited twice in its context (the first visit fills
// the HTTP cache, and for CookieGate clicks Accept all), and the second is measured: the
// time at which the last of the three stand-ins ran (page_bench.mjs's "returning").
//   - no banner, the stand-ins as plain <script src> (the baseline; the browser's
//     preload scanner finds them while the parser waits);
//   - the same with an empty inline <script> in <head>: a control that adds nothing,
//     so its figure shows the noise of the run;
//   - the same ungated page behind an external <script src> of one statement;
//   - the fastest gate there can be for tags marked up to be held (`<script
//     type="text/plain" data-category src>`, which no preload scanner fetches): a
//     parser-blocking script, external or inline, whose MutationObserver replaces each
//     such tag with a runnable copy the moment the parser adds it, with no decision at
//     all (it releases every tag, consent or not);
//   - CookieGate's head part with its runtime answered 404 (so the hold it installs
//     stays, and nothing of CookieGate releases), beside the fastest gate's release,
//     inline before it and using the DOM methods as they were before the hold wrapped
//     them: what a release done by the head part itself could reach at best (it would
//     still have to read and compare the stored answer);
//   - the fastest gate that decides per visitor, inline: it reads the consent cookie
//     (set on the first visit, as an "accept all" would) and releases as above only if
//     it says so; any design that decides in the browser reads some state of the
//     visitor's synchronously before the first tag can go;
//   - the same reading, after the cookie, a stored answer (localStorage) holding the
//     config's text and its inputs, compared as CookieGate's replay compares them;
//   - CookieGate whole, after Accept all on the first visit;
//   - a trial of the replay and release done by the head part itself (not shipped):
//     CookieGate whole with a head part that reads the stored answer (web/src/replay.js,
//     as the runtime reads it) and releases what it allows (the gate's own release
//     half, as the runtime runs it) before its runtime arrives, and imports the runtime
//     once the released tags have run. Built from web/src here, as web/build.mjs builds
//     cookiegate.js; its brotli size is printed beside the shipped head part's and that
//     of the same build without the trial (the two must match);
//   - a page rendered by its server for each visitor: the server asks the core
//     (cookiegate/server, web/dist/server.js) about the request's consent cookie; when
//     every category is allowed it writes the stand-ins as plain <script src> (as the
//     baseline has them, found by the preload scanner), otherwise gated; with the
//     benchmark's snippet as shipped (what README "On a server" offers today), and, not
//     shipped, on both visits a head part built without installing its hold (the rest
//     of CookieGate as shipped: the runtime installs the hold as it starts): what a
//     server that leaves the hold out for a visitor who allowed everything could reach;
//     once with the rest imported at once, as the shipped head part does, and once only
//     when the page is parsed (DOMContentLoaded: the plain tags have run by then); and
//     once with the
//     shipped snippet itself, given `defer` when every category is allowed (so nothing
//     of CookieGate runs before the page is parsed; its runtime then reports the late
//     placement, error 510, which does not stop the measurement);
//   - the deferred snippet with the stand-ins plain, served as a static page (the server
//     asks nothing): what is the server's and what is the deferred CookieGate's;
//   - an external <script src> of one statement, deferred, the stand-ins plain;
//   - that head part with its runtime answered 404, the stand-ins plain: what running it
//     costs such a page by itself.
//
// With --banner: "banner visible no later than the fastest peer's median". The first
// visit's banner visible (the first animation frame or DOM mutation at which the banner
// element has a box and Element.checkVisibility with opacity and visibility is true, as
// page_bench.mjs defines it, with its probe, tests/perf/probe.mjs) of:
//   - Orejime, the fastest peer in every benchmark run, as page_bench.mjs embeds it;
//   - CookieGate whole;
//   - CookieGate's head part with, in place of cookiegate-runtime.js, the least a file
//     could do to show the banner (tests/perf/pages/banner-floor.mjs: the config, the
//     cookie, the provisional state and the real UI; bundled and minified as
//     web/build.mjs does, the on-demand parts left out): what splitting the runtime so
//     that the banner's first frame needs less code could reach at best;
//   - that least banner as a classic, parser-blocking <script src> at the end of <body>
//     (where Orejime's is), beside the head part with its runtime answered 404 (so its
//     hold is in place and nothing else of CookieGate runs): what a banner file of its
//     own, loaded as Orejime loads, could reach at best; once with the banner built in
//     a task of its own, as the UI builds it, and once built in the parser's task, as
//     the script runs;
//   - the same file deferred (`<script defer>`), and `async` in <head> after the head
//     part (fetched at once, run when it arrives, before or after the parser is done):
//     banner files that do not block the parser while they load.
//
// With --trace: "main-thread CPU added ≤ 15 ms (trace), no long task". Each first visit
// under a Chromium trace, as page_bench.mjs traces it (./trace.mjs: the thread CPU time
// of the top-level tasks on the page's renderer main thread), loaded until the network
// has been idle for 500 ms, then until the version's work is done (its banner built,
// or the core's answer) and the main thread is idle; with the long tasks (> 50 ms) the
// page's Long Tasks API saw in that visit (the probe's performance observers, without
// its banner checks; page_bench.mjs counts them on an untraced visit with its whole
// probe, so these, lengthened by the trace, are not its figures), and the same visits'
// long tasks as the trace shows them (./trace.mjs longTasks()): whether each was a
// rendering frame or ran script, its wall and CPU time, its layouts' and the font
// lookups the browser answered meanwhile. FLOORS_TRACE_DIR=dir keeps
// each visit's trace there, for DevTools (version-number-round.json).
// Versions:
//   - nothing added (the baseline), and an empty inline <script> (the control);
//   - the gate's hold alone, inlined; CookieGate's head part alone (runtime 404);
//   - the head part (runtime 404) and the core's start alone, nothing else: a module
//     script at the end of <body> that imports the bridge and the glue, loads the
//     .wasm and asks the core what the runtime asks it at its start (validateConfig,
//     negotiateLanguage, evaluate), and shows nothing. What a design deciding with
//     this core in the page pays for it on the main thread, whenever it runs it;
//   - the same core's start in a module Web Worker (the same files and calls, the
//     config's text posted to it and the answers posted back): what stays on the main
//     thread when the core runs off it;
//   - the same core's start asked on the main thread through the bridge, with the module
//     compiled in a Web Worker and its functions compiled there by the same calls first,
//     then posted to the page: what stays on the main thread when the core's answers
//     stay synchronous there but its compiling does not;
//   - the least banner's own elements and styles as the parser draws them, no script
//     but one line that opens its popover: its shadow root's HTML and stylesheet,
//     taken from the least banner once it shows (before the first round) and written
//     as a declarative shadow root at the end of <body>. What drawing this banner
//     costs, below any script that builds it; and the same without its slide-in (every
//     animation and transition turned off, as for a visitor who prefers reduced motion);
//   - a plain first layer (a title, a text with the policy's link, Reject all,
//     Accept all and Customize), written by hand as a declarative shadow root with a
//     few lines of styles in the page's own font, drawn by the parser, no script: about
//     the least drawing a banner costs, below this one's look;
//   - the gate's hold alone, inlined, with the core's start in a Web Worker, and the
//     same with that plain first layer: the least a design that holds, decides with this
//     core and shows a banner runs on the main thread (no config read by script, no
//     Consent Mode, no release, no API, no script building the banner), and the same
//     with the least hold in place of the hold (its every part at the least measured);
//   - the head part (runtime 404) and the least banner (see --banner) parser-blocking
//     at the end of <body>, and `async` in <head>: a banner without a core;
//   - the head part, the least banner parser-blocking at the end of <body> and the
//     core's start: the parts every design holding, deciding with this core and
//     showing this banner runs, and nothing else (no release, no API, no Consent Mode
//     update);
//   - CookieGate whole, and the same with no Web Worker compiling its core (a nonce on
//     its config's element: web/src/wasm/warm.js then starts none), and with its banner
//     in the page's own font (`--cg-font`) instead of the default stack; with
//     FLOORS_OTHER_DIST=dir, CookieGate whole from another build's web/dist (copied
//     there before a change), to compare two builds in one interleaved run; Orejime, and
//     Osano cookieconsent: the benchmark's lightest peer, which holds nothing and has no
//     categories (its page loads the stand-ins from its callbacks), so next to the least
//     design it shows what a banner that decides nothing costs in the same visits.
import { createServer } from 'node:http';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import { createHash } from 'node:crypto';
import { build } from 'esbuild';
import { minify } from 'terser';
import { probe } from './probe.mjs';
import { longTasks as traceLongTasks, mainThread } from './trace.mjs';
import { inPage, settle } from './wait.mjs';
import { launchBrowser, repoRoot } from '../browser/harness.mjs';

const usage = 'usage: node tests/perf/floors.mjs [--rounds N] [--returning | --banner | --trace | --cpu RATE] [--only TEXT,...]  (N >= 1, RATE >= 1)';
let rounds; let returning; let banner; let traced; let only; let cpu;
try {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '20' },
    returning: { type: 'boolean', default: false }, banner: { type: 'boolean', default: false },
    trace: { type: 'boolean', default: false },
    only: { type: 'string' }, cpu: { type: 'string', default: '1' } } });
  rounds = Number(values.rounds);
  cpu = Number(values.cpu);
  if (!(cpu >= 1)) throw new Error(`--cpu ${values.cpu}: give a slowdown rate of 1 or more`);
  ({ returning, banner, trace: traced } = values);
  if (cpu !== 1 && (returning || banner || traced)) throw new Error('--cpu applies to first paint only');
  only = values.only?.split(',').map((t) => t.trim()).filter(Boolean);
  if (returning + banner + traced > 1) throw new Error('--returning, --banner and --trace measure different visits: give one');
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
const brotli = (buf) => brotliCompressSync(buf, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } });
const article = read('article.html');
const snippet = read('cookiegate-head.html');
const otherDist = process.env.FLOORS_OTHER_DIST;
const categories = ['analytics', 'marketing', 'functional'];
const held = categories
  .map((c) => `<script type="text/plain" data-category="${c}" src="/vendor/${c}.js"></script>`).join('\n');
const ungated = categories.map((c) => `<script src="/vendor/${c}.js"></script>`).join('\n');
const page = (head, standIns = held, bodyEnd = '') => article.replace('<!-- banner-head -->', () => head)
  .replace('<!-- stand-ins -->', () => standIns).replace('<!-- banner-body-end -->', () => bodyEnd);
// The fastest release of held tags: no decision, no state, one observer.
const releaseAll = 'new MutationObserver((records) => { for (const r of records) for (const n of r.addedNodes) '
  + "if (n.localName === 'script' && n.type === 'text/plain' && n.dataset.category) { "
  + "const s = document.createElement('script'); s.src = n.src; n.replaceWith(s); } })"
  + '.observe(document.documentElement, { childList: true, subtree: true });\n';
// The fastest gates that decide: the consent cookie, then also a stored answer (the
// config's text and the inputs, as CookieGate's replay keeps them); the first visit
// stores both, as a visitor's "accept all" would.
// The snippet's inline config: its element as written, and its text as a JS literal.
const configInline = /<script type="application\/json" id="cookiegate-config">([\s\S]*?)<\/script>/.exec(snippet);
const configElement = configInline[0];
const configText = JSON.stringify(configInline[1]);
const hasCookie = '/(?:^|; )floor_consent=all(?:;|$)/.test(document.cookie)';
const setCookie = "document.cookie = 'floor_consent=all; path=/; max-age=3600'";
const byCookie = `const consented = ${hasCookie} || (${setCookie}, true);\n`
  + `if (consented) ${releaseAll}`;
const byStoredAnswer = `const config = ${configText}; const at = Math.floor(Date.now() / 1000);\n`
  + "let consented = false;\n"
  + `if (${hasCookie}) {\n`
  + "  const e = JSON.parse(localStorage.getItem('floor:answer') || 'null');\n"
  + "  consented = !!e && e.config === config && e.cookie === 'floor_consent=all' && e.gpc === (navigator.globalPrivacyControl === true)"
  + " && at >= e.at && at < e.until && e.state.analytics && e.state.marketing && e.state.functional;\n"
  + "} else {\n"
  + `  ${setCookie};\n`
  + "  localStorage.setItem('floor:answer', JSON.stringify({ config, cookie: 'floor_consent=all', gpc: navigator.globalPrivacyControl === true,"
  + " at, until: at + 3600, state: { analytics: true, marketing: true, functional: true } }));\n"
  + "  consented = true;\n"
  + "}\n"
  + `if (consented) ${releaseAll}`;
// The same, with the DOM methods taken before CookieGate's hold wraps them.
const releaseNative = 'const create = Document.prototype.createElement; const replace = Element.prototype.replaceWith; '
  + "const setSrc = Object.getOwnPropertyDescriptor(HTMLScriptElement.prototype, 'src').set;\n"
  + releaseAll.replace("document.createElement('script')", "create.call(document, 'script')")
    .replace('s.src = n.src', 'setSrc.call(s, n.src)').replace('n.replaceWith(s)', 'replace.call(n, s)');

// The snippet's script tag, pointed at another folder, or replaced by the head part's
// own text. Under /alone/ only cookiegate.js exists: the runtime it imports from next to
// itself (for the inline one: next to the page) is answered 404.
const tag = /<script src="\/cookiegate\/cookiegate\.js"( data-config="[^"]*")><\/script>/;
if (!tag.test(snippet)) throw new Error('tests/perf/pages/cookiegate-head.html: no <script src="/cookiegate/cookiegate.js" data-config>');
const headPart = readFileSync(join(dist, 'cookiegate.js'), 'utf8');
if (/<\/script/i.test(headPart)) throw new Error('cookiegate.js contains "</script": it cannot be inlined as is');
// In the page: whether the banner element of `where` ({ host?, root }) is there (and,
// with `visible`, has a box and is visible), found as the probe (./probe.mjs) finds it.
const bannerIn = (where) => {
  const els = where.host ? [...document.querySelectorAll(where.host)].map((h) => h.shadowRoot?.querySelector(where.root))
    : [document.querySelector(where.root)];
  return els.some((el) => el && (!where.visible || (el.checkVisibility({ visibilityProperty: true, opacityProperty: true })
    && el.getBoundingClientRect().height > 0)));
};
// The banner elements, as the probe finds them.
const cookiegateBanner = { host: 'cookiegate-ui', root: '.bn, [part~="banner"]' };
const orejimeBanner = { root: '.orejime-Banner' };
const osanoBanner = { root: '.cc-window' };
// The snippet with its head part loaded from `src` instead.
const headFrom = (src) => snippet.replace(tag, (m, config) => `<script src="${src}"${config}></script>`);
const headAlone = headFrom('/alone/cookiegate.js');
const headInlined = snippet.replace(tag, (m, config) => `<script${config}>${headPart}</script>`);
// terser over esbuild's output, with web/build.mjs's options for a file pages download.
const minifyAsBuilt = async (code, module) => (await minify(code, {
  module, ecma: 2020, compress: { passes: 2 }, format: { comments: false } })).code;
// The gate's hold alone (web/src/gate/hold.js: every DOM path a tag can load through),
// inlined, nothing else of CookieGate (no Consent Mode default, no config read, no
// runtime). Bundled and minified as web/build.mjs builds the head part.
const holdOnly = !returning && !banner && await minifyAsBuilt((await build({
  stdin: { contents: `import { holdGate } from ${JSON.stringify(join(repoRoot, 'web/src/gate/hold.js'))};\nholdGate();\n`,
    resolveDir: repoRoot },
  bundle: true, minify: true, format: 'iife', target: 'es2020', legalComments: 'none', platform: 'browser', write: false,
})).outputFiles[0].text, false);
if (holdOnly && /<\/script/i.test(holdOnly)) throw new Error('the hold contains "</script": it cannot be inlined as is');
if (holdOnly) {
  console.log(`the gate's hold alone, inlined: ${holdOnly.length} B of script, ${brotli(Buffer.from(holdOnly)).length} B brotli`);
}
// The least any hold covering the same DOM paths runs before the page's scripts: each
// method and setter the gate's hold replaces (web/src/gate/hold.js), replaced by one
// that only calls the original, and the document observed as the hold observes it.
// Nothing is held: it is the installation alone, with the least code per path. The
// visit checks that it replaces exactly what the hold replaces (`replacedPaths`).
const leastHold = '(()=>{const E=Element.prototype,N=Node.prototype,D=Document.prototype;'
  + 'const w=(p,n)=>{const f=p&&p[n];if(typeof f=="function")p[n]=function(...a){return f.apply(this,a)}};'
  + 'const s=(p,n)=>{const d=p&&Object.getOwnPropertyDescriptor(p,n);'
  + 'if(d&&d.set)Object.defineProperty(p,n,{...d,set(v){d.set.call(this,v)}})};'
  + 'for(const m of["setAttribute","setAttributeNS","setAttributeNode","setAttributeNodeNS","removeAttribute",'
  + '"removeAttributeNS","removeAttributeNode","toggleAttribute","insertAdjacentElement","attachShadow",'
  + '"insertAdjacentHTML"])w(E,m);'
  + 'const a=Object.getOwnPropertyDescriptor(E,"attributes");Object.defineProperty(E,"attributes",{...a,get(){return a.get.call(this)}});'
  + 'for(const m of["setNamedItem","setNamedItemNS","removeNamedItem","removeNamedItemNS"])w(NamedNodeMap.prototype,m);'
  + 's(Attr.prototype,"value");s(N,"nodeValue");s(N,"textContent");s(HTMLScriptElement.prototype,"src");'
  + 's(HTMLScriptElement.prototype,"type");s(HTMLIFrameElement.prototype,"src");s(HTMLEmbedElement.prototype,"src");'
  + 's(HTMLObjectElement.prototype,"data");for(const m of["appendChild","insertBefore","replaceChild"])w(N,m);'
  + 'for(const p of[E,CharacterData.prototype,DocumentFragment.prototype,D])'
  + 'for(const m of["append","prepend","before","after","replaceWith","replaceChildren"])w(p,m);'
  + 'for(const m of["insertNode","surroundContents"])w(Range.prototype,m);w(D,"createElement");w(D,"createElementNS");'
  + 'for(const p of[E,ShadowRoot.prototype]){s(p,"innerHTML");w(p,"setHTMLUnsafe")}s(E,"outerHTML");'
  + 'new MutationObserver(()=>{}).observe(document,{childList:true,subtree:true,attributeFilter:["data-src"],attributeOldValue:true})})()';
// What a hold replaced, in the page: every own method, getter and setter of the
// prototypes a tag can load through that is no longer the browser's own.
const replacedPaths = () => {
  const out = [];
  for (const c of ['Element', 'Node', 'CharacterData', 'DocumentFragment', 'Document', 'NamedNodeMap', 'Attr',
    'HTMLScriptElement', 'HTMLIFrameElement', 'HTMLEmbedElement', 'HTMLObjectElement', 'Range', 'ShadowRoot']) {
    const proto = self[c] && self[c].prototype;
    for (const n of proto ? Object.getOwnPropertyNames(proto) : []) {
      const d = Object.getOwnPropertyDescriptor(proto, n);
      for (const [k, f] of [['', d.value], [' get', d.get], [' set', d.set]]) {
        if (typeof f == 'function' && n !== 'constructor' && !/\[native code\]/.test(String(f))) out.push(`${c}.${n}${k}`);
      }
    }
  }
  return out.sort();
};
// The least banner (see bundleFloor), `async`, for <head> after the head part.
const bannerAsync = '\n<script src="/floor/banner.js" async></script>';
// The core's start and nothing else, for the end of <body>: what the runtime asks the
// core as it starts (web/src/runtime.js), from the files pages download; the answer is
// kept for the check that it came.
// `answers(text)` loads the core and resolves with its answers; the page and the worker
// below run the same module code.
const askCore = "import { createCore } from '/cookiegate/cookiegate-bridge.js';\n"
  + "import factory from '/cookiegate/cookiegate-core.js';\n"
  + 'const answers = async (text) => {\n'
  + "  const core = await createCore(factory, { wasmUrl: '/cookiegate/cookiegate-core.wasm' });\n"
  + '  return [core.validateConfig(text), core.negotiateLanguage(text, [...navigator.languages]),\n'
  + '    core.evaluate(text, "", Math.floor(Date.now() / 1000), false)];\n'
  + '};\n';
const coreStart = `<script type="module">\n${askCore}`
  + "window.__coreAnswers = await answers(document.getElementById('cookiegate-config').textContent);\n"
  + '</script>';
// The same in a module Web Worker, and the page's side of it.
const coreWorker = `${askCore}onmessage = async ({ data: text }) => postMessage(await answers(text));\n`;
const coreInWorker = "<script>const w = new Worker('/floor/core-worker.js', { type: 'module' });\n"
  + 'w.onmessage = ({ data }) => { window.__coreAnswers = data; };\n'
  + "w.postMessage(document.getElementById('cookiegate-config').textContent);</script>";
// The same core's start with the module compiled in a Web Worker and its functions
// compiled there by the same calls (V8 compiles a module's functions lazily, at their
// first call, and a module posted to another thread shares the code compiled so far),
// then instantiated and asked on the main thread through the bridge as the runtime asks
// it: the core's answers stay synchronous on the page. The bridge compiles what it is
// given with WebAssembly.compile; here that hands back the worker's module.
const warmWorker = "import factory from '/cookiegate/cookiegate-core.js';\n"
  + 'onmessage = async ({ data: text }) => {\n'
  + "  const m = await WebAssembly.compileStreaming(fetch('/cookiegate/cookiegate-core.wasm'));\n"
  + '  const core = await factory({ instantiateWasm(imports, receive) {\n'
  + '    WebAssembly.instantiate(m, imports).then((i) => receive(i, m)); return {}; } });\n'
  + "  core.limits(); core.validateConfig(text); core.negotiateLanguage(text, JSON.stringify([...navigator.languages]));\n"
  + "  core.evaluate(text, '', Math.floor(Date.now() / 1000), false, '', false);\n"
  + '  postMessage(m);\n'
  + '};\n';
if (!askCore.includes("{ wasmUrl: '/cookiegate/cookiegate-core.wasm' }")) throw new Error('askCore no longer loads the .wasm by wasmUrl');
const coreWarmed = '<script type="module">\n'
  + "const w = new Worker('/floor/core-warm-worker.js', { type: 'module' });\n"
  + "w.postMessage(document.getElementById('cookiegate-config').textContent);\n"
  + 'const warmed = await new Promise((ok) => { w.onmessage = ({ data }) => ok(data); });\n'
  + 'const compile = WebAssembly.compile; const given = new Uint8Array(0);\n'
  + 'WebAssembly.compile = (b) => (b === given ? Promise.resolve(warmed) : compile(b));\n'
  + askCore.replace("{ wasmUrl: '/cookiegate/cookiegate-core.wasm' }", '{ wasmBinary: given }')
  + "window.__coreAnswers = await answers(document.getElementById('cookiegate-config').textContent);\n"
  + '</script>';
// A plain first layer, written by hand (a title, a text with the policy's
// link, Reject all / Accept all / Customize), in a declarative shadow root as the product
// isolates its UI, styled in a few lines in the page's own font and weights (the text
// inherits Georgia; the title is bold, as the page's headings are), no slide-in: what
// drawing a banner costs at least, below CookieGate's look (no top layer, no focus
// handling). Markup only: nothing in it acts.
const plainLayer = '<cookiegate-ui><template shadowrootmode="open"><style>'
  + '.bn{position:fixed;inset:auto 1rem 1rem;max-width:60rem;margin:0 auto;padding:1rem;color:#222;background:#fff;'
  + 'border:1px solid #767a85;z-index:2147483647}h2{margin:0;font-size:1.1em}p{margin:.4em 0 .8em}'
  + 'button{font:inherit;min-height:2.75em;padding:.4em 1em;margin:0 .5em .5em 0}</style>'
  + '<section class="bn" aria-labelledby="t"><h2 id="t">We use cookies</h2><p>We and our partners use cookies to count '
  + 'visits, show ads that match your interests and remember your preferences. You can change your choice at any time. '
  + '<a href="/privacy">Privacy policy</a></p><button type="button">Reject all</button><button type="button">Accept all'
  + '</button><button type="button">Customize</button></section></template></cookiegate-ui>';
// A snippet whose head part is given `defer`.
const deferred = (s) => s.replace(/(<script src="[^"]*cookiegate\.js"[^>]*)><\/script>/, '$1 defer></script>');
const orejime = { path: '/b/orejime.html', head: read('orejime-head.html'),
  standIns: categories.map((c) => `<template data-purpose="${c}"><script src="/vendor/${c}.js"></script></template>`).join('\n'),
  bodyEnd: read('orejime-body-end.html') };
// As page_bench.mjs embeds it (tests/perf/pages/osano-*.html).
const osano = { path: '/b/osano.html', head: read('osano-head.html'), standIns: '', bodyEnd: read('osano-body-end.html') };
const firstPaint = {
  'nothing added': { path: '/baseline.html', head: '' },
  'an empty inline <script>': { path: '/inline-empty.html', head: '<script>window.floor = 1</script>' },
  'an external <script src> of one statement': { path: '/blocking-empty.html', head: '<script src="/floor.js"></script>' },
  'CookieGate head part alone (runtime 404)': { path: '/alone/head.html', expect: '508', head: headAlone },
  'CookieGate head part inlined, alone (runtime 404)': { path: '/alone/inline.html', expect: '508',
    head: headInlined },
  // Marked before and after: the time between the marks is the parser reading, compiling
  // and running it, plus the closing marker script (and the hold's observer seeing it).
  'the gate\'s hold alone, inlined (nothing else of CookieGate)': { path: '/hold-inline.html',
    expect: 'hold', timed: true, head: "<script>performance.mark('floor-before')</script>"
      + `<script>${holdOnly}</script><script>performance.mark('floor-after')</script>` },
  'the least hold: the same DOM paths replaced by pass-throughs, and the observer': { path: '/hold-least.html',
    expect: 'hold', least: true, timed: true, head: "<script>performance.mark('floor-before')</script>"
      + `<script>${leastHold}</script><script>performance.mark('floor-after')</script>` },
  // The marks' own cost: the parser running an inline script between them.
  'an empty inline <script> between the marks (the control)': { path: '/inline-marked.html', timed: true,
    head: "<script>performance.mark('floor-before')</script><script>window.floor = 1</script>"
      + "<script>performance.mark('floor-after')</script>" },
  'CookieGate whole (the benchmark snippet)': { path: '/whole.html', head: snippet, expect: 'banner' },
  // Under /cookiegate/, so that the inlined head part finds the runtime next to the page.
  'CookieGate whole, its head part inlined': { path: '/cookiegate/inline-whole.html', expect: 'banner',
    head: headInlined },
  ...Object.fromEntries(Object.entries({
    'the least banner at the end of <body>, parser-blocking': 'banner.js"',
    'the same, built at once': 'banner-now.js"',
    'the same, deferred': 'banner.js" defer',
  }).map(([name, script], i) => [`head part (runtime 404) + ${name}`, {
    path: `/alone/banner-end-${i}.html`, expect: '508', shows: cookiegateBanner, than: 'CookieGate head part alone (runtime 404)',
    head: headAlone, bodyEnd: `<script src="/floor/${script}></script>` }])),
  'head part (runtime 404) + the least banner, async in <head>': { path: '/alone/banner-async.html', expect: '508',
    shows: cookiegateBanner, than: 'CookieGate head part alone (runtime 404)', head: headAlone + bannerAsync },
  'Orejime (the fastest peer in the benchmark)': { ...orejime, shows: orejimeBanner },
  // What the returning visitor's trial (see --returning) costs every first visit: the
  // larger parser-blocking part, and its read of the (empty) stored answer.
  'trial: the head part replaying and releasing, alone (runtime 404)': { path: '/alone/trial.html', expect: '508',
    than: 'CookieGate head part alone (runtime 404)',
    head: headFrom('/alone/trial.js') },
};
const returningVisit = {
  'no banner, tags ungated': { path: '/r/baseline.html', head: '', standIns: ungated },
  'an empty inline <script>, tags ungated (a control: adds nothing)': { path: '/r/inline-empty.html',
    head: '<script>window.floor = 1</script>', standIns: ungated },
  'an external <script src> of one statement, tags ungated': { path: '/r/blocking-empty.html',
    head: '<script src="/floor.js"></script>', standIns: ungated },
  'fastest gate, external: release every tag as parsed': { path: '/r/release-external.html',
    head: '<script src="/release.js"></script>' },
  'fastest gate, inline: release every tag as parsed': { path: '/r/release-inline.html',
    head: `<script>${releaseAll}</script>` },
  'CookieGate head part alone (runtime 404), fastest release': { path: '/alone/release.html',
    head: `<script>${releaseNative}</script>\n${headAlone}` },
  'fastest gate that decides, inline: reads the consent cookie': { path: '/r/decide-cookie.html',
    head: `<script>${byCookie}</script>` },
  'the same, reading a stored answer as well (localStorage)': { path: '/r/decide-stored.html',
    head: `<script>${byStoredAnswer}</script>` },
  'CookieGate whole, after Accept all': { path: '/r/whole.html', head: snippet, expect: 'banner' },
  'trial: CookieGate whole, its head part replaying and releasing': { path: '/trial/whole.html',
    head: headFrom('/trial/cookiegate.js'), expect: 'banner',
    replays: true, than: 'CookieGate whole, after Accept all' },
  'server-rendered: all allowed, tags plain, the snippet as shipped': { path: '/server-shipped/whole.html',
    expect: 'banner', rendered: '/cookiegate/', than: 'CookieGate whole, after Accept all' },
  'server-rendered: all allowed, tags plain, the head part not holding': { path: '/server/whole.html',
    expect: 'banner', rendered: '/server/', than: 'CookieGate whole, after Accept all' },
  'server-rendered, the same, the runtime imported once the page is parsed': { path: '/server-late/whole.html',
    expect: 'banner', rendered: '/server-late/', than: 'CookieGate whole, after Accept all' },
  'server-rendered: all allowed, tags plain, CookieGate whole deferred': { path: '/server-defer/whole.html',
    expect: 'banner', rendered: '/cookiegate/', deferred: true, than: 'CookieGate whole, after Accept all' },
  'the same page served as is, not rendered (CookieGate whole deferred, tags ungated)': { path: '/defer/whole.html',
    head: deferred(snippet), standIns: ungated, expect: 'banner' },
  'an external <script src> of one statement, deferred, tags ungated': { path: '/r/deferred-empty.html',
    head: '<script src="/floor.js" defer></script>', standIns: ungated },
  'the head part not holding (runtime 404), tags ungated': { path: '/server-alone/head.html',
    head: headFrom('/server-alone/cookiegate.js'), standIns: ungated },
};
const bannerVisible = {
  'Orejime (the fastest peer)': { ...orejime, banner: orejimeBanner },
  'CookieGate whole': { path: '/b/whole.html', head: snippet, banner: cookiegateBanner },
  'CookieGate head part, the least runtime that shows the banner': { path: '/floor/page.html',
    head: headFrom('/floor/cookiegate.js'), banner: cookiegateBanner },
  'the head part (runtime 404), the least banner parser-blocking at the end of <body>': { path: '/alone/banner-end.html',
    head: headAlone, bodyEnd: '<script src="/floor/banner.js"></script>', banner: cookiegateBanner },
  'the same, the banner built in the parser\'s task': { path: '/alone/banner-end-now.html',
    head: headAlone, bodyEnd: '<script src="/floor/banner-now.js"></script>', banner: cookiegateBanner },
  'the same, deferred (built in a task of its own)': { path: '/alone/banner-end-defer.html',
    head: headAlone, bodyEnd: '<script src="/floor/banner.js" defer></script>', banner: cookiegateBanner },
  'the same, async in <head> after the head part (built in a task of its own)': { path: '/alone/banner-async.html',
    head: headAlone + bannerAsync, banner: cookiegateBanner },
};
const mainThreadWork = {
  'nothing added': { path: '/baseline.html', head: '' },
  'an empty inline <script> (the control)': { path: '/inline-empty.html', head: '<script>window.floor = 1</script>' },
  'the gate\'s hold alone, inlined': { path: '/hold-inline.html', expect: 'hold', head: `<script>${holdOnly}</script>` },
  'CookieGate head part alone (runtime 404)': { path: '/alone/head.html', expect: '508', head: headAlone },
  'head part (runtime 404) + the core\'s start alone (no UI)': { path: '/alone/core.html', expect: '508', core: true,
    head: headAlone, bodyEnd: coreStart },
  'head part (runtime 404) + the core\'s start in a Web Worker (no UI)': { path: '/alone/core-worker.html', expect: '508',
    core: true, head: headAlone, bodyEnd: coreInWorker },
  'head part (runtime 404) + the core\'s start, warmed in a Web Worker, asked on the main thread (no UI)': {
    path: '/alone/core-warmed.html', expect: '508', core: true, head: headAlone, bodyEnd: coreWarmed },
  'the least banner\'s elements and styles, drawn by the parser (no script, no head part)': { path: '/drawn.html',
    shows: cookiegateBanner, drawn: true, head: '' },
  'the same, without its slide-in': { path: '/drawn-still.html', shows: cookiegateBanner, drawn: 'still', head: '' },
  'a plain first layer drawn by the parser (page font, few styles; no script, no head part)': { path: '/plain.html',
    shows: cookiegateBanner, plain: true, head: '', bodyEnd: plainLayer },
  // The least a design holding, deciding with this core and showing a banner runs on the
  // main thread: the hold, the core off it, a banner that costs next to nothing to draw.
  'the gate\'s hold alone, inlined + the core\'s start in a Web Worker (no UI)': { path: '/hold-worker.html',
    expect: 'hold', core: true, head: `${configElement}<script>${holdOnly}</script>`, bodyEnd: coreInWorker },
  'the gate\'s hold alone, inlined + the core\'s start in a Web Worker + the plain first layer': { path: '/hold-worker-plain.html', expect: 'hold', core: true,
    shows: cookiegateBanner, plain: true, head: `${configElement}<script>${holdOnly}</script>`, bodyEnd: `${plainLayer}\n${coreInWorker}` },
  // The same with the least hold (checked against the hold above, so measured with it):
  // each of the three parts at the least measured.
  'the least hold + the core\'s start in a Web Worker + the plain first layer': { path: '/least-worker-plain.html',
    expect: 'hold', least: true, core: true, shows: cookiegateBanner, plain: true,
    head: `${configElement}<script>${leastHold}</script>`, bodyEnd: `${plainLayer}\n${coreInWorker}` },
  'head part (runtime 404) + the least banner, parser-blocking at the end of <body>': { path: '/alone/banner-end.html',
    expect: '508', shows: cookiegateBanner, head: headAlone, bodyEnd: '<script src="/floor/banner.js"></script>' },
  'head part (runtime 404) + the least banner, async in <head>': { path: '/alone/banner-async.html', expect: '508',
    shows: cookiegateBanner, head: headAlone + bannerAsync },
  'head part (runtime 404) + the least banner at the end of <body> + the core\'s start': { path: '/alone/banner-core.html',
    expect: '508', shows: cookiegateBanner, core: true, head: headAlone,
    bodyEnd: `<script src="/floor/banner.js"></script>\n${coreStart}` },
  'CookieGate whole (the benchmark snippet)': { path: '/whole.html', head: snippet, expect: 'banner', ready: true,
    shows: cookiegateBanner },
  // The same without the Web Worker that compiles the core's functions (web/src/wasm/warm.js
  // starts none on a page whose scripts carry a nonce; this page has no CSP, so the
  // nonce on the config's element changes nothing else).
  'CookieGate whole, no worker compiling the core (a nonce on the config\'s element)': { path: '/whole-unwarmed.html',
    head: snippet.replace('id="cookiegate-config"', 'id="cookiegate-config" nonce="n"'), expect: 'banner', ready: true,
    shows: cookiegateBanner, than: 'CookieGate whole (the benchmark snippet)' },
  // The same with the banner in the page's own font (the article's Georgia, serif) in
  // place of CookieGate's default stack (system-ui first): what a first face the page
  // itself never uses costs the renderer.
  'CookieGate whole, its banner in the page\'s font (--cg-font)': { path: '/whole-page-font.html',
    head: `${snippet}\n<style>cookiegate-ui{--cg-font:Georgia,serif}</style>`, expect: 'banner', ready: true,
    shows: cookiegateBanner, than: 'CookieGate whole (the benchmark snippet)' },
  ...(otherDist && { 'CookieGate whole, the other build (FLOORS_OTHER_DIST)': { path: '/other-whole.html',
    head: snippet.replaceAll('/cookiegate/', '/other/'), expect: 'banner', ready: true, shows: cookiegateBanner,
    than: 'CookieGate whole (the benchmark snippet)' } }),
  'Orejime (the fastest peer in the benchmark)': { ...orejime, shows: orejimeBanner },
  'Osano cookieconsent (the lightest peer: holds nothing, no categories)': { ...osano, shows: osanoBanner },
};
// --only: the baseline, the versions whose names contain one of the texts, and those
// they are compared with.
const every = returning ? returningVisit : banner ? bannerVisible : traced ? mainThreadWork : firstPaint;
const picked = (n, i) => !only || i === 0 || only.some((t) => n.includes(t));
const keep = new Set(Object.keys(every).filter(picked));
for (const n of [...keep]) if (every[n].than) keep.add(every[n].than);
if (only && keep.size < 2) {
  console.error(`--only ${only.join(',')}: no version's name contains it\n${usage}`);
  process.exit(2);
}
const versions = Object.fromEntries(Object.entries(every).filter(([n]) => keep.has(n)));
const pages = Object.fromEntries(Object.values(versions).filter((v) => !v.rendered)
  .map((v) => [v.path, page(v.head, v.standIns, v.bodyEnd)]));

// The banner floor's runtime file, built as web/build.mjs builds the real one (esbuild,
// then terser); the regional layers and placeholders stay out, as they are files of
// their own there, and so does the gate's hold, which the real runtime file takes from
// the head part (./gate/own.js, the UI's pass for those files, is the hold's).
const ownStub = { name: 'own-stub', setup(b) {
  b.onResolve({ filter: /\/gate\/own\.js$/ }, () => ({ path: 'own', namespace: 'own-stub' }));
  b.onLoad({ filter: /.*/, namespace: 'own-stub' }, () => ({ contents: 'export const ownFile = (load) => load();', loader: 'js' }));
} };
// The UI builds its first banner in a task of its own (the long-task target); `atOnce`
// builds it in the task that mounts it.
const firstBuild = 'else Promise.resolve(visitor?.tagsFirst).then(() => setTimeout(render));';
const builtAtOnce = { name: 'built-at-once', setup(b) {
  b.onLoad({ filter: /[\\/]ui[\\/]index\.js$/ }, ({ path }) => {
    const source = readFileSync(path, 'utf8');
    if (!source.includes(firstBuild)) throw new Error(`web/src/ui/index.js no longer says: ${firstBuild}`);
    return { contents: source.replace(firstBuild, () => 'else render();'), loader: 'js' };
  });
} };
// `classic`: the same code as a classic script (an IIFE) for the end of <body>, where it
// runs as the parser reaches it, as Orejime's does; it reads the inline config itself,
// as there is no runtime to hand it over.
async function bundleFloor({ classic = false, atOnce = false } = {}) {
  const out = await build({
    ...(classic ? { stdin: { contents: "import { start } from './banner-floor.mjs';\n"
      + "start({ config: document.getElementById('cookiegate-config').textContent });\n", resolveDir: pagesDir } }
      : { entryPoints: [join(pagesDir, 'banner-floor.mjs')] }),
    bundle: true, minify: true, format: classic ? 'iife' : 'esm',
    target: 'es2020', charset: 'utf8', write: false, external: ['./regional.js', './placeholder.js'],
    plugins: atOnce ? [ownStub, builtAtOnce] : [ownStub],
  });
  if (/createElement\(\s*"template"|setHTMLUnsafe/.test(out.outputFiles[0].text)) throw new Error('banner-floor: the hold was bundled');
  return Buffer.from(await minifyAsBuilt(out.outputFiles[0].text, !classic));
}
// The trial's head part: web/src/script.js bundled as web/build.mjs bundles it
// (IIFE, the core build's id, the runtime imported by its URL next to the file, then
// terser), with, once the inline config's text is known, the replay read and the
// release run as the runtime runs them at its start (web/src/runtime.js). The runtime
// it imports is the shipped one: it reads the same stored answer and confirms it with
// the core; what the trial's release activated is in the shared hold's `done` set.
// The Consent Mode update goes first, as the runtime's does, so that a released Google
// tag finds it. As the runtime holds back its own next steps for the replayed tags
// (`tagsFirst` in web/src/runtime.js: an answer that shows no banner, a visible page,
// at most 200 ms), the trial imports the runtime only once the page is parsed and the
// tags it released have run: arriving from the cache, the runtime's first run came
// before them. (The runtime's `released()` alone settles at once here: the parser has
// not reached the tags yet.)
const src = (f) => join(repoRoot, 'web/src', f);
const trialAt = '  const notJson = cmDefault(config);\n';
const trialMark = 'cookiegate-trial-replayed';  // checked on the returning visit: a miss would measure the runtime's replay
const trialRest = '  rest().then((m) => {\n';
const trialCode = [
  `import { readReplay } from ${JSON.stringify(src('replay.js'))};`,
  `import { installGate } from ${JSON.stringify(src('gating.js'))};`,
  `import { storedNameOf } from ${JSON.stringify(src('runtime-state.js'))};`,
  `import { cookiePairs } from ${JSON.stringify(src('utils/cookies.js'))};`,
  `import { isAllowed } from ${JSON.stringify(src('utils/allowed.js'))};`,
  `import { consentUpdate } from ${JSON.stringify(src('consent-mode.js'))};`,
  'export function replayInHead(me, text) {',
  '  let config; try { config = JSON.parse(text); } catch (e) { return undefined; }',
  '  if (!config || typeof config != "object") return undefined;',
  '  const r = readReplay({ build: __COOKIEGATE_CORE_BUILD__, config: text, cookie: cookiePairs(storedNameOf(config)),',
  '    gpc: navigator.globalPrivacyControl === true, region: (me && me.getAttribute("data-region")) || "",',
  '    crawler: !!me && me.getAttribute("data-verified-crawler") === "true", now: Math.floor(Date.now() / 1000) });',
  '  if (!r) return undefined;',
  `  performance.mark(${JSON.stringify(trialMark)});`,
  '  if (r.consentMode && config.consentMode && config.consentMode.enabled === true) consentUpdate(r.state.consentMode);',
  '  const gate = installGate();',
  '  gate.configure((c, s) => isAllowed(r.state, c, s), r.gate);',
  '  gate.run();',
  '  const parsed = new Promise((ok) => (document.readyState === "loading" ? addEventListener("DOMContentLoaded", ok, { once: true }) : ok()));',
  '  const ran = parsed.then(() => gate.released()).catch(() => {});',
  '  if (document.hidden || r.state.prompt !== "none") return undefined;',
  '  return Promise.race([ran, new Promise((ok) => setTimeout(ok, 200))]);',
  '}',
].join('\n');
// web/src/script.js with each [text, replacement] applied; a text it no longer holds
// stops the run (the build would silently be the shipped one).
const scriptEdits = (name, edits, prefix = '') => ({ name, setup(b) {
  b.onLoad({ filter: /[\\/]web[\\/]src[\\/]script\.js$/ }, ({ path }) => {
    let source = readFileSync(path, 'utf8');
    for (const [at, by] of edits) {
      if (!source.includes(at)) throw new Error(`web/src/script.js no longer says: ${at}`);
      source = source.replace(at, () => by);
    }
    return { contents: prefix + source, loader: 'js' };
  });
} });
const trialHead = { name: 'trial-head', setup(b) {
  b.onResolve({ filter: /^cookiegate:trial$/ }, () => ({ path: 'trial', namespace: 'trial' }));
  b.onLoad({ filter: /.*/, namespace: 'trial' }, () => ({ contents: trialCode, loader: 'js', resolveDir: src('.') }));
  scriptEdits('trial-script', [
    [trialAt, `${trialAt}  const tagsFirst = !notJson && config != null ? replayInHead(me, config) : undefined;\n`],
    [trialRest, '  Promise.resolve(tagsFirst).then(rest).then((m) => {\n'],
  ], "import { replayInHead } from 'cookiegate:trial';\n").setup(b);
} };
const runtimeByUrl = { name: 'runtime-by-url', setup(b) {
  b.onResolve({ filter: /script-runtime\.js$/ }, () => ({ path: './script-runtime.js', external: true }));
} };
// The head part of the server-rendered versions: the same, without installing the hold.
const holdAt = '  holdGate();\n';
const noHold = scriptEdits('no-hold', [[holdAt, '']]);
// And the same, importing the rest of CookieGate only once the page is parsed (so the
// plain tags have run): as the runtime starts, it installs the hold.
const lateRest = scriptEdits('late-rest', [[holdAt, ''], [trialRest, '  new Promise((ok) => (document.readyState === "loading"'
  + ' ? addEventListener("DOMContentLoaded", ok, { once: true }) : ok())).then(rest).then((m) => {\n']]);
async function bundleHead(plugins = []) {
  const out = await build({
    entryPoints: [src('script.js')], bundle: true, minify: true, format: 'iife', target: 'es2020',
    legalComments: 'none', platform: 'browser', write: false, inject: [src('script-url.js')],
    define: { __COOKIEGATE_CORE_BUILD__: JSON.stringify(createHash('sha256')
      .update(readFileSync(join(dist, 'cookiegate-core.wasm'))).digest('base64url').slice(0, 22)),
    'import.meta.url': 'scriptUrl', __COOKIEGATE_PRELOAD__: '"cookiegate-core.wasm"' },
    plugins: [runtimeByUrl, ...plugins],
  });
  const code = await minifyAsBuilt(out.outputFiles[0].text, false);
  if (/script-runtime/.test(code)) throw new Error('the trial head part still refers to script-runtime.js');
  return Buffer.from(code);
}
const trialHeadPart = !banner && !traced && await bundleHead([trialHead]);
const noHoldHeadPart = returning && await bundleHead([noHold]);
const lateHeadPart = returning && await bundleHead([lateRest]);
// The server-rendered version's server asks the core, as a site would (README "On a server").
const rendered = Object.fromEntries(Object.values(versions).filter((v) => v.rendered).map((v) => [v.path, v]));
const site = Object.keys(rendered).length && await (await import(join(dist, 'server.js'))).createServerCore()
  .then((gate) => gate.prepare(JSON.parse(configText)));
if (site && !site.ok) throw new Error(`the benchmark's config: ${site.error.message}`);
// A version's head part is the same file on both visits, so that the returning visit
// finds every file in the cache (one file that left its hold out only when the server
// says so would be cached alike); on the first visit the stand-ins are text/plain, so
// nothing runs before Accept all (without the head part's hold, the runtime installs it
// as it starts). The core is asked on every request; the two pages it can choose between
// are compressed once (brotli at quality 11 on every request would add to the server's
// time).
let renderedAll = 0;
function render(v, cookieHeader) {
  const state = site.evaluateRequest(cookieHeader || '', { gpc: false });
  const all = categories.every((c) => site.isAllowed(state, c));
  if (all) renderedAll++;
  const head = headFrom(`${v.rendered}cookiegate.js`);
  return br(`${v.path} ${all}`, Buffer.from(page(all && v.deferred ? deferred(head) : head, all ? ungated : held)));
}
if (trialHeadPart) {
  const size = (b) => brotli(b).length;
  const shipped = size(readFileSync(join(dist, 'cookiegate.js')));
  const control = size(await bundleHead());
  if (control !== shipped) {
    throw new Error(`the trial's build of the head part without the trial is ${control} B, the shipped one ${shipped} B: build them alike`);
  }
  console.log(`head part, brotli: shipped ${shipped} B, built here without the trial ${control} B, ` +
    `with the replay and release ${size(trialHeadPart)} B (+${size(trialHeadPart) - control} B)`);
}
const floorRuntime = banner && await bundleFloor();
const floorClassic = !returning && await bundleFloor({ classic: true });
const floorAtOnce = !returning && !traced && await bundleFloor({ classic: true, atOnce: true });
if (floorRuntime) {
  const size = (b) => `${(brotli(b).length / 1024).toFixed(1)} KiB`;
  console.log(`the least runtime that shows the banner: ${size(floorRuntime)} brotli ` +
    `(cookiegate-runtime.js: ${size(readFileSync(join(dist, 'cookiegate-runtime.js')))}); as a classic script: ${size(floorClassic)}`);
}

const mime = { '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm', '.css': 'text/css; charset=utf-8' };
const compressed = new Map();
const br = (key, buf) => {
  if (!compressed.has(key)) {
    compressed.set(key, brotli(buf));
  }
  return compressed.get(key);
};
const server = createServer((req, res) => {
  const path = new URL(req.url, 'http://127.0.0.1').pathname;
  let body; let type = 'text/html; charset=utf-8';
  if (rendered[path]) {
    // Rendered for this request: not cached by the browser.
    const sent = render(rendered[path], req.headers.cookie);
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Encoding': 'br', 'Content-Length': sent.length,
      'Cache-Control': 'no-cache' });
    return res.end(sent);
  }
  if (pages[path]) body = Buffer.from(pages[path]);
  else if (path === '/floor.js') { body = Buffer.from('window.floor = 1;\n'); type = mime['.js']; }
  else if (path === '/release.js') { body = Buffer.from(releaseAll); type = mime['.js']; }
  else if (path === '/floor/cookiegate-runtime.js' && floorRuntime) { body = floorRuntime; type = mime['.js']; }
  else if (path === '/floor/banner.js' && floorClassic) { body = floorClassic; type = mime['.js']; }
  else if (path === '/floor/banner-now.js' && floorAtOnce) { body = floorAtOnce; type = mime['.js']; }
  else if (path === '/floor/core-worker.js' && traced) { body = Buffer.from(coreWorker); type = mime['.js']; }
  else if (path === '/floor/core-warm-worker.js' && traced) { body = Buffer.from(warmWorker); type = mime['.js']; }
  else if (/^\/(trial\/cookiegate|alone\/trial)\.js$/.test(path) && trialHeadPart) { body = trialHeadPart; type = mime['.js']; }
  else if (/^\/server(-alone)?\/cookiegate\.js$/.test(path) && noHoldHeadPart) { body = noHoldHeadPart; type = mime['.js']; }
  else if (path === '/server-late/cookiegate.js' && lateHeadPart) { body = lateHeadPart; type = mime['.js']; }
  else {
    const file = /^\/(cookiegate|floor|trial|server|server-late)\/[a-z-]+\.(js|wasm)$/.test(path) ? join(dist, path.replace(/^\/[a-z-]+\//, ''))
      : /^\/orejime\/[a-z-]+\.(js|css)$/.test(path) ? join(repoRoot, 'node_modules/orejime/dist', path.slice('/orejime/'.length))
      : otherDist && /^\/other\/[a-z-]+\.(js|wasm)$/.test(path) ? join(otherDist, path.slice('/other/'.length))
      : /^\/osano\/[a-z.]+\.(js|css)$/.test(path) ? join(repoRoot, 'node_modules/cookieconsent/build', path.slice('/osano/'.length))
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

// A first visit, checking that the version is what its name says (or the figures would
// be nonsense).
async function visitChecked(p, name, waitUntil = 'load') {
  const { expect } = versions[name];
  const failed = expect === '508' && p.waitForEvent('console', {
    predicate: (m) => m.type() === 'error' && m.text().includes('error 508'), timeout: 15000 });
  await p.goto(origin + versions[name].path, { waitUntil });
  if (expect === 'banner') await inPage(p, () => !!document.querySelector('cookiegate-ui'));
  const { shows } = versions[name];
  if (shows) {
    await inPage(p, bannerIn, shows).catch(() => { throw new Error(`${name}: no banner was built`); });
  }
  if (failed) await failed.catch(() => { throw new Error(`${name}: no error 508 (runtime not loaded) in the console`); });
  if ((versions[name].drawn || versions[name].plain) && !await inPage(p, bannerIn, { ...shows, visible: true }, { timeout: 0 })
    .catch(() => false)) {
    throw new Error(`${name}: the banner is not visible`);
  }
  // The hold replaces the setter of a script's src (and much else): a native one means it did not run.
  if (expect === 'hold' && await p.evaluate(() => /\[native code\]/
    .test(String(Object.getOwnPropertyDescriptor(HTMLScriptElement.prototype, 'src').set)))) {
    throw new Error(`${name}: the hold was not installed`);
  }
  // The least hold must replace what the hold replaces, no more and no less.
  if (expect === 'hold') {
    const paths = await p.evaluate(replacedPaths);
    if (!versions[name].least) holdPaths ??= paths;
    else if (!holdPaths) throw new Error(`${name} is checked against the hold: measure "hold alone" too (--only)`);
    else if (paths.join() !== holdPaths.join()) {
      throw new Error(`${name} replaces other paths than the hold: ${paths.filter((x) => !holdPaths.includes(x))} more,`
        + ` ${holdPaths.filter((x) => !paths.includes(x))} missing`);
    }
  }
}
let holdPaths;

// The first visit's first contentful paint.
async function firstContentfulPaint(p, name) {
  await visitChecked(p, name);
  if (versions[name].timed) {
    parserHeld = await p.evaluate(() => performance.measure('floor', 'floor-before', 'floor-after').duration);
  }
  return p.evaluate(() => new Promise((ok) => new PerformanceObserver((l) => {
    for (const e of l.getEntries()) if (e.name === 'first-contentful-paint') ok(e.startTime);
  }).observe({ type: 'paint', buffered: true })));
}

// The first visit's main-thread CPU (ms) under a trace, until the version's work is done
// and the page idle; its long tasks go to `longTasks`.
async function mainThreadCpu(p, name) {
  const v = versions[name];
  await p.addInitScript(probe, null);
  await browser.startTracing(p, { categories: ['devtools.timeline', 'toplevel'] });
  let work;
  try {
    await visitChecked(p, name, 'networkidle');
    if (v.core) {
      const failed = await inPage(p, () => window.__coreAnswers?.filter((a) => !a.ok))
        .catch(() => { throw new Error(`${name}: the core did not answer`); });
      if (failed.length) throw new Error(`${name}: the core answered ${JSON.stringify(failed)}`);
    }
    if (v.ready) {
      await inPage(p, () => window.CookieGate.ready.then(() => true))
        .catch(() => { throw new Error(`${name}: CookieGate.ready did not settle`); });
    }
    await settle(p);
  } finally {
    work = await browser.stopTracing();
  }
  if (process.env.FLOORS_TRACE_DIR) {
    writeFileSync(join(process.env.FLOORS_TRACE_DIR, `version-${names.indexOf(name)}-${round}.json`), work);
  }
  longTasks = await p.evaluate(() => window.__bench.longTasks);
  traceLong = traceLongTasks(work, origin + v.path);
  return mainThread(work, origin + v.path).traceCpuMs;
}

const ranAll = (p) => inPage(p, (n) => window.__ran && Object.keys(window.__ran).length === n, categories.length);

// The second visit's time at which all three stand-ins had run.
async function returningRelease(p, name) {
  const url = origin + versions[name].path;
  await p.goto(url, { waitUntil: 'load' });
  if (versions[name].expect === 'banner') {
    await p.locator('cookiegate-ui').locator('.bn, [part~="banner"]')
      .getByRole('button', { name: 'Accept all', exact: true }).click();
  }
  await ranAll(p).catch(() => { throw new Error(`${name}: the stand-ins did not run on the first visit`); });
  const allBefore = renderedAll;
  await p.goto(url, { waitUntil: 'load' });
  await ranAll(p).catch(() => { throw new Error(`${name}: the stand-ins did not run on the returning visit`); });
  // Checked once the core has answered: what the runtime fetches or shows comes late.
  if (versions[name].expect === 'banner') {
    await p.evaluate(() => Promise.race([window.CookieGate.ready.then(() => true),
      new Promise((ok, no) => { setTimeout(() => no(new Error('not settled in 15 s')), 15000); })]))
      .catch((e) => { throw new Error(`${name}: the core did not answer on the returning visit (${e.message})`); });
  }
  if (versions[name].replays && !await p.evaluate((m) => performance.getEntriesByName(m).length === 1, trialMark)) {
    throw new Error(`${name}: the head part did not replay the stored answer (so the runtime's replay was measured)`);
  }
  if (versions[name].rendered && renderedAll !== allBefore + 1) {
    throw new Error(`${name}: the server did not find every category allowed on the returning visit alone`);
  }
  const again = await p.evaluate(() => ({
    ran: Math.max(...Object.values(window.__ran)),
    // The runtime answered 404 is asked for again; anything else must come from the cache.
    network: performance.getEntriesByType('resource').filter((e) => e.transferSize > 0 && e.responseStatus !== 404)
      .map((e) => new URL(e.name).pathname),
  }));
  if (again.network.length) throw new Error(`${name}: the returning visit fetched ${again.network.join(', ')} from the network`);
  if (versions[name].expect === 'banner' && await p.locator('cookiegate-ui').locator('.bn, [part~="banner"]').count()) {
    throw new Error(`${name}: a banner was shown to a returning visitor who accepted all`);
  }
  return again.ran;
}

// The first visit's banner visible, as page_bench.mjs's probe sees it.
async function firstBanner(p, name) {
  const { banner: where } = versions[name];
  await p.addInitScript(probe, { ...where, ui: where.host || where.root, passive: false });
  await p.goto(origin + versions[name].path, { waitUntil: 'load' });
  await inPage(p, () => window.__bench.visible != null)
    .catch(() => { throw new Error(`${name}: no banner became visible`); });
  const ran = await p.evaluate(() => window.__ran);
  if (ran) throw new Error(`${name}: a stand-in ran before consent`);
  return p.evaluate(() => window.__bench.visible);
}

// The least banner's elements and styles, taken from a page that shows it, for the
// version that has the parser draw them.
async function drawBanner() {
  pages['/capture.html'] = page(headAlone, held, '<script src="/floor/banner.js"></script>');
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const p = await context.newPage();
    await p.goto(`${origin}/capture.html`, { waitUntil: 'load' });
    await inPage(p, bannerIn, cookiegateBanner);
    const { css, html, attributes, elements } = await p.evaluate((host) => {
      const h = document.querySelector(host);
      return {
        elements: h.shadowRoot.querySelectorAll('*').length,
        css: h.shadowRoot.adoptedStyleSheets.map((s) => [...s.cssRules].map((r) => r.cssText).join('\n')).join('\n'),
        html: h.shadowRoot.innerHTML,
        attributes: [...h.attributes].map((a) => ` ${a.name}="${a.value.replaceAll('&', '&amp;').replaceAll('"', '&quot;')}"`).join(''),
      };
    }, cookiegateBanner.host);
    if (!css || /<\/(style|script)/i.test(css + html)) throw new Error('the least banner\'s styles or elements cannot be written as they are');
    for (const v of Object.values(versions).filter((w) => w.drawn)) {
      pages[v.path] = page('', held, `<${cookiegateBanner.host}${attributes}><template shadowrootmode="open"><style>${css}`
        + `${v.drawn === 'still' ? '\n*{animation:none!important;transition:none!important}' : ''}</style>`
        + `${html}</template></${cookiegateBanner.host}>\n<script>{ const r = document.querySelector(${JSON.stringify(cookiegateBanner.host)})`
        + ".shadowRoot; const p = r.querySelector('[popover]'); if (p) p.showPopover(); else r.querySelector('dialog').showModal(); }</script>");
    }
    console.log(`the least banner drawn by the parser: ${elements} elements in ${html.length} B, ${css.length} B of styles`);
  } finally {
    await context.close();
  }
}
const browser = await launchBrowser();
const names = Object.keys(versions);
const times = Object.fromEntries(names.map((n) => [n, []]));
// A `timed` version's time between its marks, per visit.
let parserHeld;
const parserHeldBy = Object.fromEntries(names.map((n) => [n, []]));
// A traced visit's long tasks (ms), as the page's Long Tasks API saw them.
let longTasks;
let round;
const longTasksBy = Object.fromEntries(names.map((n) => [n, []]));
// The same visit's long tasks as the trace shows them (./trace.mjs longTasks()).
let traceLong;
const traceLongBy = Object.fromEntries(names.map((n) => [n, []]));
try {
  if (Object.values(versions).some((v) => v.drawn)) await drawBanner();
  for (round = 0; round <= rounds; round++) {
    for (const name of round % 2 ? [...names].reverse() : names) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const p = await context.newPage();
      if (cpu !== 1) await (await context.newCDPSession(p)).send('Emulation.setCPUThrottlingRate', { rate: cpu });
      parserHeld = undefined; longTasks = undefined; traceLong = undefined;
      const at = await (returning ? returningRelease : banner ? firstBanner : traced ? mainThreadCpu : firstContentfulPaint)(p, name);
      if (round > 0) times[name].push(at);
      if (round > 0 && parserHeld !== undefined) parserHeldBy[name].push(parserHeld);
      if (round > 0 && longTasks) longTasksBy[name].push(longTasks);
      if (round > 0 && traceLong) traceLongBy[name].push(traceLong);
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.close();
}

// A median (the mean of the middle two for an even count).
const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const quantile = (values, q) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];
// How far the difference of two medians can be trusted: a 95% bootstrap interval
// (each sample resampled on its own, 2000 times) and the median of the per-round
// differences (each round visits both versions). Targets of 5 and 8 ms sit inside
// run-to-run spreads of 10-20 ms on a 2-CPU machine, so a figure alone decides nothing.
const resample = (values) => values.map(() => values[Math.floor(Math.random() * values.length)]);
function compare(sample, baseline) {
  const diffs = Array.from({ length: 2000 }, () => median(resample(sample)) - median(resample(baseline)));
  return { lo: quantile(diffs, 0.025), hi: quantile(diffs, 0.975), paired: median(sample.map((v, i) => v - baseline[i])) };
}
const signed = (v) => `${v >= 0 ? '+' : ''}${Math.round(v)}`;
const base = median(times[names[0]]);
console.log(`${returning ? 'Returning visitor, all three stand-ins have run' : banner ? 'Banner visible'
  : traced ? 'Main-thread CPU (trace)' : 'First contentful paint'}`
  + `${cpu !== 1 ? `, CPU ×${cpu}` : ''}, ` +
  `${rounds} rounds: median ms (p90); added over "${names[0]}": difference of medians ` +
  '[95% bootstrap interval], median of the per-round differences:');
for (const n of names) {
  const med = median(times[n]);
  let line = `  ${n.padEnd(64)} ${String(Math.round(med)).padStart(4)} ms (${Math.round(quantile(times[n], 0.9))})`;
  if (n !== names[0]) {
    const c = compare(times[n], times[names[0]]);
    line += `   ${signed(med - base)} ms [${signed(c.lo)}, ${signed(c.hi)}], paired ${signed(c.paired)}`;
  }
  const { than } = versions[n];
  if (than) {
    const c = compare(times[n], times[than]);
    line += `\n  ${''.padEnd(74)} over "${than}": ${signed(med - median(times[than]))} ms [${signed(c.lo)}, ${signed(c.hi)}], paired ${signed(c.paired)}`;
  }
  console.log(line);
}
for (const n of names.filter((v) => parserHeldBy[v].length)) {
  const ms = parserHeldBy[n];
  console.log(`  ${n}: between the marks around its script ${median(ms).toFixed(1)} ms median`
    + ` (p90 ${quantile(ms, 0.9).toFixed(1)}, least ${Math.min(...ms).toFixed(1)})`);
}
if (traced) {
  console.log('Long tasks (> 50 ms), as the page\'s Long Tasks API saw them: median per visit (most in one visit), '
    + 'visits with any, the longest (ms):');
  for (const n of names) {
    const visits = longTasksBy[n];
    const counts = visits.map((l) => l.length);
    console.log(`  ${n.padEnd(64)} ${median(counts)} (${Math.max(...counts)}), in ${counts.filter(Boolean).length}`
      + ` of ${visits.length}, longest ${Math.round(Math.max(0, ...visits.flat()))} ms`);
  }
  // What those tasks were: a task is long in wall time, and its thread can spend much of
  // that waiting (layout asking the browser process for fonts, say), so the figures part
  // wall from CPU time and say whether any of the version's script ran in it.
  // The task that commits the page (the new document and its window) comes before the
  // page's time origin: the page's Long Tasks API does not report it, so the medians
  // leave it out.
  console.log('Long tasks (> 50 ms wall) in the trace, from the one that committed the page on: of the tasks, '
    + 'the commit / rendering frames that ran no script / tasks that ran script / others; then, leaving the commit '
    + 'out, visits with any, and median wall, CPU, and layout wall and CPU time (ms) and the font lookups the '
    + 'browser answered, during them:');
  for (const n of names) {
    const visits = traceLongBy[n].map((l) => l.filter((t) => !t.commit));
    const commits = traceLongBy[n].flat().filter((t) => t.commit).length;
    const all = visits.flat();
    const med = (f) => (all.length ? Math.round(median(all.map(f))) : '–');
    console.log(`  ${n.padEnd(64)} ${commits} / ${all.filter((t) => t.frame && !t.script).length}`
      + ` / ${all.filter((t) => t.script).length} / ${all.filter((t) => !t.frame && !t.script).length};`
      + ` in ${visits.filter((l) => l.length).length} of ${visits.length}; wall ${med((t) => t.wallMs)}, CPU ${med((t) => t.cpuMs)},`
      + ` layout ${med((t) => t.layoutWallMs)} (CPU ${med((t) => t.layoutCpuMs)}); fonts ${med((t) => t.fontRequests)}`
      + `; scripts named in them: ${[...new Set(all.flatMap((t) => t.scripts))].join(', ') || 'none'}`);
  }
}
