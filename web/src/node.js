// The `node` entry: the same wasm core as the browser, reading a request's Cookie
// header on the server so server-side rendering can leave out the tags the visitor
// has not allowed. Same module, same answers as the page.
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

import { createCore } from './core/bridge.js';
import { isAllowed } from './utils/allowed.js';

export * from './core/bridge.js';
export { isAllowed };

// '../dist/' resolves to web/dist/ both from web/src/ and from web/dist/ itself, so
// this file works unbundled and copied next to the module.
const DEFAULT_DIR = new URL('../dist/', import.meta.url);

function dirUrl(dir) {
  if (dir instanceof URL) return dir;
  const url = pathToFileURL(String(dir));
  return url.href.endsWith('/') ? url : new URL(`${url.href}/`);
}

/**
 * Loads the core from `wasmDir` (a folder holding cookiegate-core.js and
 * cookiegate-core.wasm; default: the package's dist/). Create it once at start-up
 * and share it: every call is synchronous and independent.
 */
export async function createServerCore({ wasmDir = DEFAULT_DIR } = {}) {
  const dir = dirUrl(wasmDir);
  const [{ default: factory }, wasmBinary] = await Promise.all([
    import(new URL('cookiegate-core.js', dir).href),
    readFile(new URL('cookiegate-core.wasm', dir)),
  ]);
  const core = await createCore(factory, { wasmBinary });

  return {
    ...core,
    get broken() { return core.broken; },

    /**
     * The state for a request: `cookieHeader` is the raw Cookie header (or ''), `gpc`
     * the Sec-GPC header being "1". On any error the result is `{ error, categories:
     * [] }`, which isAllowed() answers false for everything.
     */
    evaluateRequest(configJson, cookieHeader, { now = Date.now() / 1000, gpc = false } = {}) {
      const result = core.evaluate(configJson, cookieHeader ?? '', now, gpc);
      return result.ok ? result.state : { error: result.error, categories: [] };
    },

    isAllowed,
  };
}
