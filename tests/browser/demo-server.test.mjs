// The demo server and configs without a browser: what ./demo/serve.sh serves (the
// shipped bundle, correct types, a fresh CSP nonce per response, the config switch
// that cannot be abused), and that every demo config is one the core accepts.
import { after, before, describe } from 'node:test';
import { test } from './harness.mjs';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { configNames, distRoot, siteRoot, startDemoServer } from '../../demo/server.mjs';
import { createServerCore } from '../../web/dist/server.js';

let server;
before(async () => { server = await startDemoServer({ port: 0 }); });
after(async () => { await server?.close(); });

const get = (path, headers = {}) => fetch(server.url(path), { headers, redirect: 'manual' });

// The config a page was served with, read back from its inline JSON element.
async function inlineConfig(response) {
  const html = await response.text();
  const m = html.match(/<script type="application\/json" id="cookiegate-config" data-demo-config="([^"]+)">([^<]*)<\/script>/);
  assert.ok(m, 'the page has its config element filled in');
  return { name: m[1], config: JSON.parse(m[2]), html };
}

describe('demo server', () => {
  test('serves the shipped bundle and wasm from web/dist with the right types', async () => {
    const js = await get('/cookiegate/cookiegate.js');
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type'), /^text\/javascript/);
    assert.deepEqual(Buffer.from(await js.arrayBuffer()), await readFile(join(distRoot, 'cookiegate.js')));
    // The glue is imported as a module: browsers refuse one without a JavaScript type.
    const glue = await get('/cookiegate/cookiegate-core.js');
    assert.equal(glue.status, 200);
    assert.match(glue.headers.get('content-type'), /^text\/javascript/);
    const wasm = await get('/cookiegate/cookiegate-core.wasm');
    assert.equal(wasm.status, 200);
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
    assert.deepEqual(Buffer.from(await wasm.arrayBuffer()), await readFile(join(distRoot, 'cookiegate-core.wasm')));
  });

  test('writes the shared header and footer into every page, this page marked, the switch to its twin', async () => {
    const pages = { '': '/en/', 'article.html': '/en/article.html', 'privacy.html': '/en/privacy.html', 'strict.html': '/en/' };
    for (const [page, current] of Object.entries(pages)) {
      for (const [lang, other] of [['en', 'zh'], ['zh', 'en']]) {
        const html = await (await get(`/${lang}/${page}`)).text();
        assert.doesNotMatch(html, /<!-- site-/, `/${lang}/${page}: a slot was left unfilled`);
        const marked = [...html.matchAll(/<a href="([^"]+)" aria-current="page">/g)].map((m) => m[1]);
        assert.deepEqual(marked, [current.replace('/en/', `/${lang}/`)], `/${lang}/${page}`);
        const twin = `/${other}/${page}`;
        assert.ok(html.includes(`class="lang-switch" href="${twin}"`), `/${lang}/${page}: header switch`);
        assert.match(html.slice(html.indexOf('<footer')), new RegExp(`<a href="${twin}" hreflang="${other}"`),
          `/${lang}/${page}: footer switch`);
      }
    }
  });

  test('sends visitors to the site in their language', async () => {
    assert.equal((await get('/', { 'Accept-Language': 'zh-CN,zh;q=0.9' })).headers.get('location'), '/zh/');
    assert.equal((await get('/', { 'Accept-Language': 'en-GB' })).headers.get('location'), '/en/');
    // Without the slash, relative links (the policy link "./privacy.html") would leave /zh/.
    const bare = await get('/zh?config=minor-update');
    assert.equal(bare.status, 301);
    assert.equal(bare.headers.get('location'), '/zh/?config=minor-update');
  });

  test('gives each strict-CSP response its own nonce, used in the header and every script tag', async () => {
    const nonces = [];
    for (let i = 0; i < 2; i++) {
      const r = await get('/en/strict.html');
      const csp = r.headers.get('content-security-policy');
      const nonce = csp.match(/'nonce-([^']+)'/)[1];
      assert.ok(nonce.length >= 16);
      const html = await r.text();
      assert.ok(!html.includes('__NONCE__'));
      const scripts = html.match(/<script\b[^>]*>/g).filter((s) => !s.includes('application/json'));
      assert.ok(scripts.length >= 5);
      for (const s of scripts) assert.ok(s.includes(`nonce="${nonce}"`), s);
      nonces.push(nonce);
    }
    assert.notEqual(nonces[0], nonces[1]);
    assert.equal((await get('/en/')).headers.get('content-security-policy'), null);
  });

  test('writes the chosen config into the page and remembers the choice', async () => {
    let r = await get('/en/');
    assert.equal((await inlineConfig(r)).name, 'base');
    r = await get('/en/article.html?config=major-update');
    const cookie = r.headers.get('set-cookie');
    assert.match(cookie, /^cgdemo_config=major-update; Path=\/; SameSite=Lax$/);
    const served = await inlineConfig(r);
    assert.equal(served.name, 'major-update');
    assert.deepEqual(served.config,
      JSON.parse(await readFile(join(siteRoot, 'configs', 'major-update.json'), 'utf8')));
    r = await get('/zh/', { Cookie: 'cgdemo_config=major-update' });
    assert.equal((await inlineConfig(r)).config.policy.version, '2.0.0');
  });

  test('ignores unknown or hostile config names and paths outside the site', async () => {
    for (const name of ['../../etc/passwd', 'nope', '"><script>alert(1)</script>', '']) {
      const r = await get(`/en/?config=${encodeURIComponent(name)}`);
      assert.equal(r.headers.get('set-cookie'), null);
      const { name: served, html } = await inlineConfig(r);
      assert.equal(served, 'base');
      assert.ok(!html.includes('alert(1)'));
    }
    const bad = await get('/en/', { Cookie: 'cgdemo_config=../../package' });
    assert.equal((await inlineConfig(bad)).name, 'base');
    for (const path of ['/%2e%2e/server.mjs', '/cookiegate/%2e%2e/src/index.js', '/..%2f..%2fpackage.json']) {
      const r = await get(path);
      assert.ok(r.status === 403 || r.status === 404, `${path}: ${r.status}`);
    }
  });
});

describe('demo region switch (standing in for a CDN geo header)', () => {
  const tagOf = (html) => html.match(/<script src="\/cookiegate\/cookiegate\.js"[^>]*>/)[0];

  test('?region= writes data-region on the script tag and remembers it; ?region= (empty) forgets it', async () => {
    let r = await get('/en/article.html?config=regional&region=US-CA');
    const cookies = r.headers.getSetCookie();
    assert.deepEqual(cookies, ['cgdemo_config=regional; Path=/; SameSite=Lax', 'cgdemo_region=US-CA; Path=/; SameSite=Lax']);
    assert.match(tagOf(await r.text()), /data-region="US-CA"/);
    r = await get('/zh/strict.html', { Cookie: 'cgdemo_region=CN' });
    assert.match(tagOf(await r.text()), /^<script src="\/cookiegate\/cookiegate\.js" data-region="CN" data-config/);
    r = await get('/en/?region=', { Cookie: 'cgdemo_region=CN' });
    assert.deepEqual(r.headers.getSetCookie(), ['cgdemo_region=; Path=/; Max-Age=0; SameSite=Lax']);
    assert.doesNotMatch(tagOf(await r.text()), /data-region/);
  });

  test('never echoes what is not a region code', async () => {
    for (const region of ['"><script>alert(1)</script>', 'usa', 'US-CALIF', 'de']) {
      const r = await get(`/en/?region=${encodeURIComponent(region)}`);
      assert.equal(r.headers.get('set-cookie'), null, region);
      const html = await r.text();
      assert.doesNotMatch(tagOf(html), /data-region/, region);
      assert.ok(!html.includes('alert(1)'));
    }
    const r = await get('/en/', { Cookie: 'cgdemo_region="><b>x' });
    assert.doesNotMatch(tagOf(await r.text()), /data-region/);
  });

  test('the regional config names a profile for each region the panel offers', async () => {
    const core = await createServerCore();
    const text = await readFile(join(siteRoot, 'configs', 'regional.json'), 'utf8');
    const panel = await readFile(join(siteRoot, 'demo-panel', 'panel.js'), 'utf8');
    const offered = [...panel.matchAll(/\['([A-Z-]*)', '[^']*\((?:[^)]*)\)'\]/g)].map((m) => m[1]);
    assert.deepEqual(offered, ['', 'DE', 'US-CA', 'US-NY', 'CN', 'JP', 'BR']);
    const models = offered.map((region) => core.evaluateRequest(text, '', { region }).regional.model);
    assert.deepEqual(models, ['opt-in', 'opt-in', 'opt-out', 'opt-out', 'pipl', 'notice', 'opt-in']);
  });
});

describe('demo configs', () => {
  test('every demo config is valid for the core, with the versions the panel promises', async () => {
    const core = await createServerCore();
    const names = await configNames();
    assert.deepEqual(names, ['base', 'category-revision', 'major-update', 'minor-update', 'regional', 'upcoming-change']);
    const versions = {};
    for (const name of names) {
      const text = await readFile(join(siteRoot, 'configs', name + '.json'), 'utf8');
      const result = core.validateConfig(text);
      assert.equal(result.ok, true, `${name}: ${JSON.stringify(result.error)}`);
      versions[name] = result.config.policy.version;
    }
    assert.deepEqual(versions, {
      base: '1.0.0', 'category-revision': '1.0.1', 'major-update': '2.0.0',
      'minor-update': '1.1.0', regional: '1.0.0', 'upcoming-change': '1.0.0',
    });
  });

  test('each update config changes only what its name says, so the flows keep other choices', async () => {
    const read = async (n) => JSON.parse(await readFile(join(siteRoot, 'configs', n + '.json'), 'utf8'));
    const base = await read('base');
    const without = (c, ...keys) => {
      const copy = structuredClone(c);
      delete copy.policy.version;
      delete copy.policy.upcoming;
      for (const k of keys) for (const cat of copy.categories) delete cat[k];
      return copy;
    };
    for (const n of ['minor-update', 'major-update', 'upcoming-change']) {
      assert.deepEqual(without(await read(n)), without(base), n);
    }
    const revised = await read('category-revision');
    assert.deepEqual(revised.categories.filter((c) => c.revision).map((c) => [c.id, c.revision]), [['analytics', 2]]);
    assert.deepEqual(without(revised, 'revision', 'description'), without(base, 'revision', 'description'));
  });
});
