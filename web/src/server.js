// The server entry (`cookiegate/server`): the same wasm core as the browser, reading a
// request's Cookie header so server-side rendering can leave out the tags the visitor
// has not allowed. Same module, same answers as the page. The browser API is the
// package's root (`cookiegate`) under every condition; this is the only server path.
//
// Misuse is never silent: a config that is neither the config object nor its JSON
// text, or a clock in milliseconds, is an error value naming the fix (and written to
// the console once), and the answer allows nothing.
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

import { createCore } from './wasm/bridge.js';
import { isAllowed, misnamed } from './utils/allowed.js';

// A name the server's code got wrong (isAllowed(state, 'analytic')) is false like any
// unknown one, and said once per name on the console, as the page says it. Bounded: a
// server runs for long, and a name might come from a request.
const told = new Set();
function checkedIsAllowed(state, category, service) {
  let wrong = '';
  try { wrong = state && !state.error && misnamed(state, category, service); } catch { /* no state: false below */ }
  // A name from a request must not start a log line of its own: control characters escaped.
  if (wrong) wrong = wrong.replace(/[\0-\x1f\u2028\u2029]/g, (ch) => JSON.stringify(ch).slice(1, -1));
  if (wrong && !told.has(wrong) && told.size < 100) { told.add(wrong); console.warn(`CookieGate: ${wrong}`); }
  return isAllowed(state, category, service);
}

export * from './wasm/bridge.js';
export { checkedIsAllowed as isAllowed };
// The consent log service (README "Proof of consent"); each store loads its driver
// (better-sqlite3 or pg, optional peer dependencies) only when opened.
export { createConsentLog, shownTexts, MAX_RECEIPT_BYTES } from './server/log.js';
export { openSqliteStore } from './server/sqlite.js';
export { openPostgresStore } from './server/postgres.js';
export { verifyChain, GENESIS } from './server/chain.js';
export { configHash } from './utils/config-hash.js';

// '../dist/' resolves to web/dist/ both from web/src/ and from web/dist/ itself, so
// this file works unbundled and bundled next to the module.
const DEFAULT_DIR = new URL('../dist/', import.meta.url);

// Seconds since the epoch between 2001-09-09 and 2286-11-20. Date.now() is about
// 1.7e12 (milliseconds), so a clock in ms can never pass as seconds.
const MIN_SECONDS = 1e9;
const MAX_SECONDS = 1e10;
// Distinct configs kept prepared at once (each on its own wasm instance, ~1 MiB).
const MAX_PREPARED = 16;

const OPTIONS = ['now', 'gpc', 'region', 'verifiedCrawler'];
const invalid = (path, message) => ({ code: 401, name: 'input_invalid', path, message: `${path}: ${message}` });

/** The config as JSON text, or the error of something that is no config. */
function configText(config) {
  if (typeof config === 'string') return { text: config };
  if (config && typeof config === 'object' && !Array.isArray(config)) {
    try {
      return { text: JSON.stringify(config) };
    } catch (e) {
      return { error: invalid('config', `cannot be written as JSON: ${e && e.message}`) };
    }
  }
  return { error: invalid('config', `must be the config object or its JSON text, not ${config === null ? 'null' : typeof config}`) };
}

function checkClock(now) {
  if (typeof now !== 'number' || !Number.isFinite(now)) {
    return invalid('now', `${String(now)} is not a time: pass seconds since the epoch (Date.now() / 1000)`);
  }
  if (now > MAX_SECONDS && now / 1000 >= MIN_SECONDS && now / 1000 <= MAX_SECONDS) {
    return invalid('now', `${now} looks like milliseconds: pass seconds since the epoch (Date.now() / 1000)`);
  }
  if (now < MIN_SECONDS || now > MAX_SECONDS) {
    return invalid('now', `${now} is not a plausible time in seconds since the epoch (2001-2286): pass Date.now() / 1000`);
  }
  return null;
}

function dirUrl(dir) {
  if (dir instanceof URL) return dir;
  const url = pathToFileURL(String(dir));
  return url.href.endsWith('/') ? url : new URL(`${url.href}/`);
}

/**
 * Loads the core from `wasmDir` (a folder holding cookiegate-core.js and
 * cookiegate-core.wasm; default: the package's dist/). Create it once at start-up and
 * share it: every call is synchronous and independent.
 * @param {{wasmDir?: string|URL}} [options] a path or a file: URL
 */
export async function createServerCore({ wasmDir = DEFAULT_DIR } = {}) {
  const dir = dirUrl(wasmDir);
  const [{ default: factory }, wasmBinary] = await Promise.all([
    import(new URL('cookiegate-core.js', dir).href),
    readFile(new URL('cookiegate-core.wasm', dir)),
  ]);
  const instance = () => createCore(factory, { wasmBinary });
  const core = await instance();

  const logged = new Set();
  function denied(error) {
    const line = `CookieGate: error ${error.code} ${error.name}: ${error.message}`;
    if (!logged.has(line)) { logged.add(line); console.error(line); }
    return { error, categories: [] };
  }

  // `region`: what the site's server or CDN names (e.g. the CF-IPCountry header; a
  // missing header is ''); `verifiedCrawler`: the site verified the crawler itself.
  // An option not among these is an error, not ignored: a misspelt `gpc` let the
  // categories the visitor's Global Privacy Control refuses run.
  function evaluateOn(on, text, cookieHeader, options) {
    const unknown = options && Object.keys(options).find((k) => !OPTIONS.includes(k));
    if (unknown) return denied(invalid(`options.${unknown}`, `not an option of evaluateRequest (${OPTIONS.join(', ')})`));
    const { now = Date.now() / 1000, gpc = false, region = '', verifiedCrawler = false } = options || {};
    const clock = checkClock(now);
    if (clock) return denied(clock);
    const result = on.evaluate(text, cookieHeader ?? '', now, gpc, region ?? '', verifiedCrawler);
    return result.ok ? result.state : denied(result.error);
  }

  // text -> promise of a core instance whose one-entry config cache holds that text:
  // alternating configs on one instance would parse on every call.
  const prepared = new Map();

  return {
    ...core,
    get broken() { return core.broken; },

    /**
     * The state for a request: `config` is the config object or its JSON text,
     * `cookieHeader` the raw Cookie header (or ''), `gpc` the Sec-GPC header being "1",
     * `now` seconds since the epoch, `region` the visitor's region as the site's server
     * or CDN names it ('US-CA'; '' or absent: unknown), `verifiedCrawler` true only for a
     * crawler the site verified (user agent plus reverse and forward DNS). On any error the result is `{ error, categories:
     * [] }`, which isAllowed() answers false for everything.
     */
    evaluateRequest(config, cookieHeader, options) {
      const cfg = configText(config);
      return cfg.error ? denied(cfg.error) : evaluateOn(core, cfg.text, cookieHeader, options);
    },

    /**
     * Validates `config` once and returns a handle for many requests:
     * `{ ok: true, config, evaluateRequest(cookieHeader, options), isAllowed }` (config is
     * the core's normalised one), or `{ ok: false, error }`. Each distinct config gets
     * a core instance of its own, so handles of different configs never re-parse.
     */
    async prepare(config) {
      const cfg = configText(config);
      if (cfg.error) return { ok: false, error: cfg.error };
      let pending = prepared.get(cfg.text);
      if (!pending) {
        if (prepared.size >= MAX_PREPARED) prepared.delete(prepared.keys().next().value);
        pending = instance();
        prepared.set(cfg.text, pending);
      }
      const own = await pending;
      const valid = own.validateConfig(cfg.text);
      if (!valid.ok) {
        prepared.delete(cfg.text);
        return valid;
      }
      return Object.freeze({
        ok: true,
        config: valid.config,
        evaluateRequest: (cookieHeader, options) => evaluateOn(own, cfg.text, cookieHeader, options),
        isAllowed: checkedIsAllowed,
      });
    },

    isAllowed: checkedIsAllowed,
  };
}

/**
 * Opens the store a location names: a postgres:// or postgresql:// URL is
 * PostgreSQL, anything else a SQLite file.
 */
export async function openStore(location, options) {
  if (/^postgres(ql)?:\/\//i.test(String(location))) {
    const { openPostgresStore } = await import('./server/postgres.js');
    return openPostgresStore(location, options);
  }
  const { openSqliteStore } = await import('./server/sqlite.js');
  return openSqliteStore(location, options);
}
