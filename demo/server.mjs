// The demo's web server: serves demo/site/ and the shipped bundle (web/dist/, mounted
// at /cookiegate/) on 127.0.0.1. On top of static files it does only what a real
// site's server would do itself:
// - it writes the CookieGate config into each page, as the inline JSON element that
//   the script tag points to (inline, so the Consent Mode default is pushed before
//   any other script runs). Which config: the one picked in the demo panel, sent as
//   `?config=NAME` and remembered in the `cgdemo_config` cookie; base.json otherwise;
// - the strict-CSP pages get their Content-Security-Policy header and a fresh nonce
//   per response (written into the page where it says __NONCE__);
// - the header and footer every page shares (demo/partials/, one per language) are
//   written in where a page says <!-- site-header current="…" --> and
//   <!-- site-footer -->, as a static-site generator would: the link to the current
//   page is marked, and the language switch leads to this page in the other language.
// - it names the visitor's region on the script tag (data-region), as a CDN edge does
//   from its geo header (CF-IPCountry, CloudFront-Viewer-Country). The demo has no
//   geo header, so the panel's region switch stands in for it: `?region=US-CA`,
//   remembered in the demo's own `cgdemo_region` cookie (`?region=` forgets it). A
//   real site takes the region from the request every time and never stores it.
//
// Usage: node demo/server.mjs [--port N] (default 8080, or $PORT; 0 = any free port)
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, stat } from 'node:fs/promises';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
export const siteRoot = resolve(here, 'site');
export const distRoot = resolve(here, '..', 'web', 'dist');
const partialsRoot = resolve(here, 'partials');

// Exactly the strict policy of the README's Security section, plus three additions the page's own
// content needs (each only 'self'): style-src for the site's stylesheet (the banner's
// styles are constructed stylesheets, which style-src does not govern), frame-src for
// the video iframe, img-src for the favicon. Nothing is relaxed for CookieGate.
export function strictPolicy(nonce) {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}' 'strict-dynamic' 'wasm-unsafe-eval'`,
    "connect-src 'self'",
    "base-uri 'none'",
    "object-src 'none'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
    "style-src 'self'",
    "frame-src 'self'",
    "img-src 'self'",
  ].join('; ');
}

const STRICT_PAGES = /^\/(en|zh)\/strict\.html$/;
const CONFIG_COOKIE = 'cgdemo_config';
const REGION_COOKIE = 'cgdemo_region';
// What a geo header carries: ISO 3166-1 alpha-2, or ISO 3166-2 (country-subdivision).
// Anything else is not written into the page (never echoed).
const REGION = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/;
const CG_TAG = '<script src="/cookiegate/cookiegate.js"';
// The empty element in every page that the chosen config is written into.
const CONFIG_SLOT = '<script type="application/json" id="cookiegate-config" data-demo-config="base"></script>';
const CHROME_SLOT = /<!-- site-(header|footer)(?: current="([^"]*)")? -->/g;

// The page's shared header and footer, for a page of the site in /en/ or /zh/.
async function withChrome(html, path, file) {
  const lang = path.split('/')[1];
  if (lang !== 'en' && lang !== 'zh') return html;
  const page = file.slice(file.lastIndexOf(sep) + 1);
  const other = `/${lang === 'en' ? 'zh' : 'en'}/${page === 'index.html' ? '' : page}`;
  const parts = {};
  for (const kind of ['header', 'footer']) {
    parts[kind] = (await readFile(join(partialsRoot, `${kind}.${lang}.html`), 'utf8'))
      .trimEnd().replaceAll('{switch}', other);
  }
  return html.replace(CHROME_SLOT, (_, kind, current) => (current
    ? parts[kind].replace(`<a href="${current}">`, `<a href="${current}" aria-current="page">`)
    : parts[kind]));
}

// Shared with the browser tests' server (tests/browser/harness.mjs).
export const mime = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  // Streaming compilation of the core needs exactly this type.
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Names of the demo configs (configs/NAME.json), for the panel and for validation. */
export async function configNames() {
  const files = await readdir(join(siteRoot, 'configs'));
  return files.filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
}

function cookieValue(header, name) {
  for (const part of String(header || '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

// The file under `root` for a URL path, or null when the path leaves it.
function inside(root, rel) {
  const file = normalize(join(root, rel));
  return file === root || file.startsWith(root + sep) ? file : null;
}

async function existingFile(file) {
  let info = await stat(file).catch(() => null);
  if (info && info.isDirectory()) {
    file = join(file, 'index.html');
    info = await stat(file).catch(() => null);
  }
  return info && info.isFile() ? file : null;
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  res.end(body);
}

// The demo's consent log: cookiegate/server as it ships (web/dist/server.js) on SQLite,
// every demo config registered by its hash. POST /consent-log takes receipts; GET
// /demo-log/mine answers the history of the consent id in the request's own cookie
// (the core decodes it), so the panel shows this visitor's receipts and no one else's.
async function startConsentLog(file) {
  if (file !== ':memory:') await mkdir(dirname(file), { recursive: true });
  const { createServerCore, createConsentLog, openSqliteStore } = await import('../web/dist/server.js');
  const core = await createServerCore();
  const log = await createConsentLog({ core, store: await openSqliteStore(file) });
  const configs = {};
  for (const name of await configNames()) {
    configs[name] = JSON.stringify(JSON.parse(await readFile(join(siteRoot, 'configs', name + '.json'), 'utf8')));
    await log.addConfig(configs[name]);
  }
  return {
    log,
    async mine(configName, cookieHeader) {
      const state = core.evaluateRequest(configs[configName] || configs.base, cookieHeader || '');
      return state.record ? log.history(state.record.id) : { consentId: null, entries: [] };
    },
  };
}

/**
 * Starts the demo server.
 * @param {{port?: number, host?: string, quiet?: boolean, logFile?: string}} [opts]
 *   logFile: the consent log's SQLite file (default in memory: gone when it stops)
 * @returns {Promise<{origin: string, url: (p: string) => string, requests: string[],
 *   close: () => Promise<void>}>}
 */
export async function startDemoServer({ port = 8080, host = '127.0.0.1', logFile = ':memory:' } = {}) {
  const known = new Set(await configNames());
  const consentLog = await startConsentLog(logFile);
  const requests = [];
  const server = createServer(async (req, res) => {
    let url;
    try {
      url = new URL(req.url, 'http://127.0.0.1');
    } catch {
      return send(res, 400, 'bad request');
    }
    requests.push(url.pathname + url.search);
    const common = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
    try {
      if (url.pathname === '/consent-log') return await consentLog.log.handler(req, res);
      if (url.pathname === '/demo-log/mine') {
        let chosen = cookieValue(req.headers.cookie, CONFIG_COOKIE);
        if (!known.has(chosen)) chosen = 'base';
        const body = JSON.stringify(await consentLog.mine(chosen, req.headers.cookie));
        res.writeHead(200, { ...common, 'Content-Type': 'application/json' });
        return res.end(body);
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed', common);
      let path;
      try {
        path = decodeURIComponent(url.pathname);
      } catch {
        return send(res, 400, 'bad path', common);
      }
      if (path === '/') {
        // Chinese-first visitors land on the Chinese site; everyone else on English.
        const zh = /^\s*zh\b/i.test(req.headers['accept-language'] || '');
        return send(res, 302, '', { ...common, Location: (zh ? '/zh/' : '/en/') + url.search });
      }
      const fromDist = path.startsWith('/cookiegate/');
      // /en -> /en/, as any static server does: the pages' relative links (the
      // config's "./privacy.html") must resolve inside the language folder.
      if (!path.endsWith('/') && !fromDist) {
        const asDir = inside(siteRoot, path);
        const info = asDir && (await stat(asDir).catch(() => null));
        if (info && info.isDirectory()) {
          return send(res, 301, '', { ...common, Location: url.pathname + '/' + url.search });
        }
      }
      const file = await existingFile(
        fromDist ? inside(distRoot, path.slice('/cookiegate/'.length)) || '' : inside(siteRoot, path) || '',
      );
      if (!file) {
        const hint = fromDist ? ' (the bundle is missing: run `node web/build.mjs` or ./demo/serve.sh)' : '';
        return send(res, 404, 'not found' + hint, common);
      }
      const type = mime[extname(file)] || 'application/octet-stream';
      if (!file.endsWith('.html')) {
        const body = await readFile(file);
        res.writeHead(200, { ...common, 'Content-Type': type, 'Content-Length': body.length });
        return res.end(req.method === 'HEAD' ? undefined : body);
      }

      const headers = { ...common, 'Content-Type': type };
      let html = await readFile(file, 'utf8');

      // The config switch. An unknown name means the base config; it is never echoed.
      const asked = url.searchParams.get('config');
      let chosen = cookieValue(req.headers.cookie, CONFIG_COOKIE);
      if (asked !== null && known.has(asked)) {
        chosen = asked;
        headers['Set-Cookie'] = `${CONFIG_COOKIE}=${asked}; Path=/; SameSite=Lax`;
      }
      if (!chosen || !known.has(chosen)) chosen = 'base';
      const askedRegion = url.searchParams.get('region');
      let region = cookieValue(req.headers.cookie, REGION_COOKIE);
      if (askedRegion !== null && (askedRegion === '' || REGION.test(askedRegion))) {
        region = askedRegion;
        const cookies = [headers['Set-Cookie'], region
          ? `${REGION_COOKIE}=${region}; Path=/; SameSite=Lax`
          : `${REGION_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax`].filter(Boolean);
        headers['Set-Cookie'] = cookies;
      }
      if (region && REGION.test(region)) html = html.replace(CG_TAG, `${CG_TAG} data-region="${region}"`);
      if (html.includes(CONFIG_SLOT)) {
        const json = await readFile(join(siteRoot, 'configs', chosen + '.json'), 'utf8');
        // JSON inside <script> ends at the first "</script": escape every "<".
        const text = JSON.stringify(JSON.parse(json)).replaceAll('<', '\\u003c');
        html = html.replace(CONFIG_SLOT, () =>
          `<script type="application/json" id="cookiegate-config" data-demo-config="${chosen}">${text}</script>`);
      }

      html = await withChrome(html, path, file);

      if (STRICT_PAGES.test(path)) {
        // A fresh nonce per response, or a nonce would be a password written on the door.
        const nonce = randomBytes(18).toString('base64');
        html = html.replaceAll('__NONCE__', nonce);
        headers['Content-Security-Policy'] = strictPolicy(nonce);
      }
      const body = Buffer.from(html);
      headers['Content-Length'] = body.length;
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (e) {
      send(res, 500, String(e && e.message), common);
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, ok);
  });
  const origin = `http://${host}:${server.address().port}`;
  return {
    origin,
    url: (p) => origin + p,
    requests,
    consentLog: consentLog.log,
    close: () => new Promise((ok) => { server.closeAllConnections(); server.close(() => ok()); })
      .then(() => consentLog.log.close()),
  };
}

function parsePort(argv) {
  const i = argv.indexOf('--port');
  const raw = i >= 0 ? argv[i + 1] : (argv.find((a) => a.startsWith('--port=')) || '').slice(7) || process.env.PORT;
  if (raw === undefined || raw === '') return 8080;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`invalid port: ${raw}`);
    process.exit(2);
  }
  return n;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = parsePort(process.argv.slice(2));
  const logFile = resolve(here, '..', 'build', 'demo', 'consent-log.db');
  startDemoServer({ port, logFile }).then(
    async (s) => {
      const missing = !(await existingFile(join(distRoot, 'cookiegate.js')));
      if (missing) console.warn('warning: web/dist/cookiegate.js is missing; run `node web/build.mjs` first');
      console.log(`CookieGate demo: ${s.origin}/  (English ${s.origin}/en/, 中文 ${s.origin}/zh/)`);
      console.log(`Consent log: ${logFile} (node web/bin/cookiegate.mjs log verify --db ${logFile})`);
      console.log('Press Ctrl+C to stop.');
    },
    (e) => {
      console.error(e.code === 'EADDRINUSE' ? `port ${port} is in use; try --port N` : String(e));
      process.exit(1);
    },
  );
}
