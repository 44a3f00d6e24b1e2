// The npm route in Chromium, with apps bundled the way users bundle them
// (app-support.mjs): the README's npm example as written (onAllowed starts Matomo for
// a returning visitor too), the Consent Mode default before the page's own gtag
// snippet, the API's snapshot and unsubscribe, and allow() for click-to-load.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';

import { buildApp, readmeBlock } from './app-support.mjs';
import { launchBrowser, repoRoot, startServer, test, until, withProblems } from './harness.mjs';

// The README's own cookiegate.json, as written.
const config = readmeBlock('### In an app (npm)', 'json');
// What the README said before: a change listener, which reading stored consent never fires.
const OLD_EXAMPLE = `import { init, isAllowed, on, showPreferences } from 'cookiegate';
import config from './cookiegate.json';
init(config);
on('change', () => { if (isAllowed('analytics', 'matomo')) startMatomo(); });
document.querySelector('#privacy').onclick = () => showPreferences();
`;
// The test's own entry: the example, plus the API on window for the test to drive.
const MAIN = "import './example.js';\nimport * as CookieGate from 'cookiegate';\nwindow.CookieGate = CookieGate;\n";
const WIDGET = `const s = document.createElement('script');
s.src = 'https://stats.example.com/matomo.js';
document.head.appendChild(s);
`;
const ORDER = `import * as CookieGate from 'cookiegate';
import config from './cookiegate.json';
import './widget.js';
CookieGate.init(config);
window.CookieGate = CookieGate;
`;
const shared = { 'cookiegate.json': config, 'widget.js': WIDGET, 'main.js': ORDER, 'other.js': "import './widget.js';\n" };
const GTAG = `<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}
  gtag('js', new Date()); gtag('config', 'G-TEST');</script>`;

const pages = new Map();
let server;
let browser;
let apps;

const page = (head) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>app</title>
<script>window.__matomo = 0; window.startMatomo = function () { window.__matomo++; };</script>
${head}</head><body><button id="privacy">Privacy</button></body></html>`;

before(async () => {
  const files = (example) => ({ 'example.js': example, 'main.js': MAIN, 'cookiegate.json': config });
  apps = {
    readme: await buildApp('npm-readme', files(readmeBlock('### In an app (npm)', 'js')), 'main.js'),
    old: await buildApp('npm-old', files(OLD_EXAMPLE), 'main.js'),
    // A module imported after `cookiegate` but before init() runs (ES modules run every
    // import before the importer's body) inserts Matomo's script at its top level.
    order: await buildApp('npm-order', { 'cookiegate.json': config, 'widget.js': WIDGET, 'main.js': ORDER }, 'main.js'),
    // Two pages sharing the widget: Rolldown puts it in a chunk of its own, which the
    // first page's chunk imports, so it runs before the code bundled into that chunk
    // (cookiegate's included) unless the build keeps the source's order.
    shared: await buildApp('npm-shared', shared, ['main.js', 'other.js']),
    strict: await buildApp('npm-strict', shared, ['main.js', 'other.js'], { strictExecutionOrder: true }),
    // Imports CookieGate and never calls init() (it sat in a component never rendered).
    noinit: await buildApp('npm-noinit', { 'widget.js': WIDGET,
      'main.js': "import * as CookieGate from 'cookiegate';\nimport './widget.js';\nwindow.CookieGate = CookieGate;\n" }, 'main.js'),
  };
  const snippet = spawnSync(process.execPath, [join(repoRoot, 'web/bin/cookiegate.mjs'), 'snippet', '--npm',
    join(repoRoot, 'tests/fixtures/cli/cookiegate.json')], { encoding: 'utf8' });
  assert.equal(snippet.status, 0, snippet.stderr);
  const module = (app) => `<script type="module" src="/${app}/main.js"></script>`;
  pages.set('/readme.html', page(module('readme')));
  pages.set('/old.html', page(module('old')));
  pages.set('/order.html', page(module('order')));
  pages.set('/shared.html', page(module('shared')));
  pages.set('/strict.html', page(module('strict')));
  pages.set('/noinit.html', page(module('noinit')));
  // Consent Mode: the README's head (the script, then gtag), the CLI's inline snippet,
  // and the page without either (where gtag's config comes before any default).
  pages.set('/gtag-script.html', page(`<script src="/dist/consent-default.js" data-wait-for-update="500"></script>\n${GTAG}\n${module('readme')}`));
  pages.set('/gtag-snippet.html', page(`${snippet.stdout}\n${GTAG}\n${module('readme')}`));
  pages.set('/gtag-alone.html', page(`${GTAG}\n${module('readme')}`));
  server = await startServer({
    mounts: { '/dist/': join(repoRoot, 'web/dist'), '/readme/': apps.readme, '/old/': apps.old, '/order/': apps.order,
      '/shared/': apps.shared, '/strict/': apps.strict, '/noinit/': apps.noinit },
    handle: (_req, res, url) => {
      if (!pages.has(url.pathname)) return false;
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(pages.get(url.pathname));
      return true;
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const fresh = (fn) => withProblems(browser, fn);

const ready = (p) => p.waitForFunction(() => window.CookieGate && window.CookieGate.get() && window.CookieGate.get().ready);

async function visit(p, path) {
  await p.goto(server.url(path));
  await ready(p);
}

describe('the README npm example', () => {
  test('starts Matomo after Accept, and again for the returning visitor', async () => {
    await fresh(async (context, problems) => {
      const p = await context.newPage();
      await visit(p, '/readme.html');
      assert.equal(await p.evaluate(() => window.__matomo), 0);
      await p.evaluate(() => window.CookieGate.acceptAll());
      await p.waitForFunction(() => window.__matomo === 1);
      await p.reload();
      await ready(p);
      await p.waitForFunction(() => window.__matomo === 1);
      // Once: a later state (another choice) does not start it again.
      await p.evaluate(() => window.CookieGate.allow('media', 'youtube'));
      assert.equal(await p.evaluate(() => window.__matomo), 1);
      assert.deepEqual(problems.pageErrors, []);
    });
  });

  test('(premise) the old change-listener example missed the returning visitor', async () => {
    await fresh(async (context) => {
      const p = await context.newPage();
      await visit(p, '/old.html');
      await p.evaluate(() => window.CookieGate.acceptAll());
      await p.waitForFunction(() => window.__matomo === 1);
      await p.reload();
      await ready(p);
      await p.evaluate(() => window.CookieGate.ready.then(() => null));  // 'ready' has been emitted
      assert.equal(await p.evaluate(() => window.__matomo), 0);
    });
  });
});

describe('the gate on the npm route', () => {
  // Matomo's URL answered by a stand-in that records when it ran; returns what was fetched.
  async function fakeMatomo(context) {
    const fetched = [];
    await context.route('https://stats.example.com/**', (route) => {
      fetched.push(route.request().url());
      return route.fulfill({ contentType: 'text/javascript', body: 'window.__matomoRan = true;' });
    });
    return fetched;
  }

  for (const [what, path] of [['a module imported next, before init(),', '/order.html'],
                              ['nor one shared with another page, with strictExecutionOrder (README),', '/strict.html']]) {
    test(`holds from the import of \`cookiegate\`: ${what} cannot run Matomo`, async () => {
      await fresh(async (context, problems) => {
        const fetched = await fakeMatomo(context);
        const p = await context.newPage();
        await visit(p, path);
        assert.deepEqual(fetched, [], 'Matomo was fetched before consent');
        const held = await p.evaluate(() => [...document.scripts].filter((s) => s.src.includes('stats.example.com'))
          .map((s) => [s.type, s.dataset.service]));
        assert.deepEqual(held, [['text/plain', 'matomo']]);
        await p.evaluate(() => window.CookieGate.acceptAll());
        await p.waitForFunction(() => window.__matomoRan === true);
        assert.deepEqual(problems.pageErrors, []);
      });
    });
  }

  test('(premise) without strictExecutionOrder, Rolldown ran the shared module before cookiegate', async () => {
    await fresh(async (context) => {
      const fetched = await fakeMatomo(context);
      const p = await context.newPage();
      await visit(p, '/shared.html');
      await p.waitForFunction(() => window.__matomoRan === true);
      assert.deepEqual(fetched, ['https://stats.example.com/matomo.js']);
      assert.equal(await p.evaluate(() => window.CookieGate.isAllowed('analytics', 'matomo')), false);
    });
  });
});

describe('Consent Mode on the npm route', () => {
  // The dataLayer as [command, name] pairs: 'consent default', 'js', 'config', …
  const commands = (p) => p.evaluate(() => window.dataLayer.map((a) => [a[0], typeof a[1] === 'string' ? a[1] : '']));
  const settled = (p) => p.waitForFunction(() => window.dataLayer.some((a) => a[0] === 'consent' && a[1] === 'update'));

  for (const [what, path] of [['the shipped script before the gtag snippet', '/gtag-script.html'],
                              ['the snippet of `cookiegate snippet --npm`', '/gtag-snippet.html']]) {
    test(`${what}: the default comes first, once`, async () => {
      await fresh(async (context, problems) => {
        const p = await context.newPage();
        await visit(p, path);
        await settled(p);
        const list = await commands(p);
        assert.deepEqual(list[0], ['consent', 'default']);
        assert.ok(list.findIndex((c) => c[0] === 'config') > 0);
        assert.equal(list.filter((c) => c[0] === 'consent' && c[1] === 'default').length, 1, JSON.stringify(list));
        const params = await p.evaluate(() => window.dataLayer[0][2]);
        assert.equal(params.analytics_storage, 'denied');
        assert.equal(params.wait_for_update, 500);
        assert.deepEqual(problems.pageErrors, []);
      });
    });
  }

  test('(premise) without it, gtag got config before the default: error 509 names the npm route\'s fix', async () => {
    await fresh(async (context) => {
      const p = await context.newPage();
      // A trial was told to move cookiegate.js, which the npm route does not have.
      const logged = p.waitForEvent('console', { predicate: (m) => m.text().includes('error 509 consent_default_late') });
      await visit(p, '/gtag-alone.html');
      await settled(p);
      const list = await commands(p);
      const dflt = list.findIndex((c) => c[0] === 'consent' && c[1] === 'default');
      assert.ok(dflt > list.findIndex((c) => c[0] === 'config'), JSON.stringify(list));
      assert.match((await logged).text(), /consent-default\.js, above Google.s tag/);
    });
  });
});

describe('the API for frameworks', () => {
  test('get() is one frozen snapshot per state, its maps without a prototype', async () => {
    await fresh(async (context) => {
      const p = await context.newPage();
      await visit(p, '/readme.html');
      const r = await p.evaluate(async () => {
        const cg = window.CookieGate;
        const a = cg.get();
        const same = a === cg.get();
        const before = { frozen: Object.isFrozen(a) && Object.isFrozen(a.categories) && Object.isFrozen(a.services),
          proto: Object.getPrototypeOf(a.categories) === null && Object.getPrototypeOf(a.services) === null,
          toString: 'toString' in a.categories, valueOf: a.services.valueOf === undefined };
        await cg.acceptAll();
        const b = cg.get();
        return { same, before, changed: a !== b, stable: b === cg.get(), analytics: b.categories.analytics,
          old: a.categories.analytics };
      });
      assert.deepEqual(r, { same: true, before: { frozen: true, proto: true, toString: false, valueOf: true },
        changed: true, stable: true, analytics: true, old: false });
    });
  });

  // A trial's app called init() at the top of a component module: a hot reload with an
  // edited config called it again, and the new config was ignored without a word.
  test('a second init() with another config or options: error 511 says it does not apply; the same config again says nothing', async () => {
    await fresh(async (context, problems) => {
      const p = await context.newPage();
      await visit(p, '/readme.html');
      const r = await p.evaluate((text) => {
        const cg = window.CookieGate;
        const errors = [];
        cg.on('error', (e) => errors.push(e));
        const first = cg.get().consentId;
        // The same config as an object and as its JSON text, indented otherwise.
        cg.init(JSON.stringify(JSON.parse(text), null, 4));
        const same = cg.init(JSON.parse(text));
        cg.init(JSON.parse(text), {});
        // The same config with every object's keys in reverse order.
        const reversed = (v) => (v && typeof v === 'object' && !Array.isArray(v)
          ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)]))
          : Array.isArray(v) ? v.map(reversed) : v);
        cg.init(reversed(JSON.parse(text)));
        const errorsAfterSame = errors.length;
        const other = JSON.parse(text);
        other.policy.version = '9.0.0';
        cg.init(other);
        // The same config with options the first call did not have: not applied either.
        cg.init(JSON.parse(text), { region: 'DE' });
        return { same: !!same, errorsAfterSame, errors, unchanged: cg.get().consentId === first };
      }, config);
      assert.equal(r.same, true);
      assert.equal(r.errorsAfterSame, 0, 'StrictMode and remounts call init() again with the same config');
      assert.deepEqual(r.errors.map((e) => [e.code, e.name]), [[511, 'init_repeated'], [511, 'init_repeated']]);
      assert.match(r.errors[0].message, /^init\(\) again, with another config: they apply only after a reload/);
      assert.match(r.errors[1].message, /^init\(\) again, with other options: they apply only after a reload/);
      assert.match(r.errors[0].message, /entry module/);
      assert.equal(r.unchanged, true);
      await until(() => problems.console.some((t) => /511 init_repeated/.test(t)), 'the console to say 511 too');
    });
  });

  test('imported without init(): by the page\'s load the console says what is held and the fix', async () => {
    await fresh(async (context) => {
      const p = await context.newPage();
      const warnings = [];
      p.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
      await p.goto(server.url('/noinit.html'));
      await p.waitForFunction(() => document.readyState === 'complete');
      const said = () => warnings.find((t) => /no init\(config\) yet at the page's load/.test(t));
      await until(said, 'the missing init() warning');
      assert.match(said(), /every inserted script and frame is held until it comes.*entry module/);
      assert.equal(await p.evaluate(() => document.querySelector('script[src*="matomo"]')?.type), 'text/plain', 'held all the same');
    });
  });

  test('on() returns the function that unsubscribes', async () => {
    await fresh(async (context) => {
      const p = await context.newPage();
      await visit(p, '/readme.html');
      const r = await p.evaluate(async () => {
        const cg = window.CookieGate;
        const seen = { kept: 0, removed: 0 };
        cg.on('state', () => { seen.kept++; });
        const off = cg.on('state', () => { seen.removed++; });
        off();
        const stop = cg.onAllowed('analytics', () => { seen.allowed = true; });
        stop();
        await cg.acceptAll();
        return { ...seen, type: typeof off };
      });
      assert.deepEqual(r, { kept: 1, removed: 0, type: 'function' });
    });
  });

  // A trial: onAllowed('media', fn, 'youtube') ran fn for the whole category with the
  // service refused, and onAllowed('analytics', 'matomo') threw once allowed (uncaught).
  test('onAllowed() with its arguments in the wrong order or no function: said at once, nothing runs', async () => {
    await fresh(async (context, problems) => {
      const p = await context.newPage();
      await visit(p, '/readme.html');
      const r = await p.evaluate(async () => {
        const cg = window.CookieGate;
        const seen = [];
        const stops = [cg.onAllowed('analytics', () => seen.push('swapped'), 'matomo'), cg.onAllowed('analytics', 'matomo'),
          cg.onAllowed('analytics', 'matomo', () => seen.push('right'))];
        await cg.acceptAll();
        await new Promise((ok) => { const t = () => (seen.length ? ok() : requestAnimationFrame(t)); t(); });
        return { seen, stops: stops.map((s) => typeof s) };
      });
      assert.deepEqual(r, { seen: ['right'], stops: ['function', 'function', 'function'] });
      assert.equal(problems.console.filter((t) => /onAllowed\("analytics", …\): give \(category, service, function\)/.test(t)).length, 2,
        problems.console.join('\n'));
      assert.deepEqual(problems.pageErrors, []);
    });
  });

  test('allow() on a first visit: one service and its category, the rest still asked', async () => {
    await fresh(async (context) => {
      const p = await context.newPage();
      await visit(p, '/readme.html');
      const got = await p.evaluate(() => window.CookieGate.allow('media', 'youtube'));
      assert.equal(got.services.youtube, true);
      assert.equal(got.services.vimeo, false);
      assert.equal(got.categories.analytics, false);
      assert.equal(got.prompt, 'consent');  // the banner still asks about analytics, as a first question
      // Kept across a reload, and adding to it later keeps it.
      await p.reload();
      await ready(p);
      const later = await p.evaluate(async () => {
        await window.CookieGate.allow('analytics');
        return window.CookieGate.get();
      });
      assert.deepEqual({ ...later.services }, { matomo: true, youtube: true, vimeo: false });
      assert.equal(later.prompt, 'none');
    });
  });
});
