// The JS side of the wasm boundary: loads the module, checks every argument before it
// crosses, and hands back the core's JSON answers as objects. Errors are values here
// too: nothing a caller passes makes a method throw. A wasm trap breaks the module for
// good (its stack and heap are left mid-call), so the first one latches and every
// later call answers wasm_trap, which callers treat as "nothing allowed".

// Caps in UTF-8 bytes, the same as the core's; checked here so a huge string never
// reaches the wasm heap, which grows for good and never shrinks.
export const MAX_CONFIG_BYTES = 64 * 1024;
export const MAX_COOKIE_HEADER_BYTES = 16 * 1024;
export const MAX_CHOICE_BYTES = 16 * 1024;
export const MAX_PREFERENCES_BYTES = 4 * 1024;
// The consent id's hex digits and a language tag are tiny; the cap only keeps a
// runaway string off the heap (the core checks their real form).
export const MAX_SHORT_BYTES = 1024;

// Codes of the core's errc (core/error.hpp); wasm_trap exists only on this side.
const INPUT_TOO_LARGE = 400;
const INPUT_INVALID = 401;
const WASM_TRAP = 500;

// Shaped like the core's own errors: the message starts with the path.
const failure = (code, name, path, message) => ({
  ok: false,
  error: { code, name, path, message: path ? `${path}: ${message}` : message },
});

// An unpaired UTF-16 surrogate is not text: embind's UTF-8 conversion swallows the
// unit after it (the ';' that separates two cookies, say), so the core would read
// something other than what was passed. In `u` mode a pair is one code point, so
// \p{Cs} matches only lone halves.
// A string argument: its problem as a failure, or null when it may cross.
function checkString(value, path, cap) {
  if (typeof value !== 'string') {
    return failure(INPUT_INVALID, 'input_invalid', path, 'must be a string');
  }
  if (/\p{Cs}/u.test(value)) {
    return failure(INPUT_INVALID, 'input_invalid', path, 'has a lone UTF-16 surrogate');
  }
  // UTF-8 is never shorter than UTF-16 units and at most 3 bytes a unit (a pair is 4
  // for 2), so only long strings are encoded to be measured.
  if (value.length > cap || (value.length * 3 > cap && new TextEncoder().encode(value).length > cap)) {
    return failure(INPUT_TOO_LARGE, 'input_too_large', path,
                   `is over ${cap} bytes`);
  }
  return null;
}

function checkNow(now) {
  return typeof now === 'number' && Number.isFinite(now)
    ? null
    : failure(INPUT_INVALID, 'input_invalid', 'now',
              'must be seconds since the epoch (a finite number)');
}

function checkGpc(gpc) {
  return typeof gpc === 'boolean'
    ? null
    : failure(INPUT_INVALID, 'input_invalid', 'gpc', 'must be true or false');
}

// The visitor's region as the site's server names it ('US-CA', 'DE'; '' when unknown):
// the core resolves it, so only its type and size are checked here.
const checkRegion = (region) => checkString(region, 'region', MAX_SHORT_BYTES);

function checkCrawler(crawler) {
  return typeof crawler === 'boolean'
    ? null
    : failure(INPUT_INVALID, 'input_invalid', 'verifiedCrawler', 'must be true or false');
}

// JSON text of a value built by the caller, or a failure (cycles, BigInt, ...).
// JSON.stringify writes a lone surrogate as a \ud800 escape: the text crosses intact
// as ASCII and the core's JSON parser refuses the escape (tests/node/server.test.mjs).
function toJson(value, path, cap) {
  let text;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    return { fail: failure(INPUT_INVALID, 'input_invalid', path,
                           `cannot be written as JSON: ${e && e.message}`) };
  }
  const fail = checkString(text, path, cap);
  return fail ? { fail } : { text };
}

// Fetching and compiling need nothing from the glue, so they start before it is even
// loaded (the script-tag bundle imports the glue on demand): the two downloads
// overlap, and a returning visitor's gated scripts wait for neither in turn.
async function compile({ wasmUrl, wasmBinary, fetchImpl }) {
  if (wasmBinary) return WebAssembly.compile(wasmBinary);
  if (!wasmUrl) throw new Error('createCore needs wasmUrl or wasmBinary');
  const doFetch = fetchImpl || globalThis.fetch;
  // Each failure names the URL and the likely fix: the site owner reads it in the
  // console (the runtime logs every error).
  const response = await doFetch(wasmUrl, { credentials: 'same-origin' }).catch((e) => {
    throw new Error(`${wasmUrl}: ${e && e.message} (offline? CORS?)`);
  });
  if (!response.ok) {
    throw new Error(`${wasmUrl}: HTTP ${response.status} (set wasmUrl / data-wasm-url?)`);
  }
  try {
    // Streaming compiles while downloading, but browsers only accept it for the
    // application/wasm type; any other server setup still works through a buffer.
    const type = (response.headers && response.headers.get('content-type')) || '';
    if (typeof WebAssembly.compileStreaming === 'function' &&
        type.split(';')[0].trim().toLowerCase() === 'application/wasm') {
      return await WebAssembly.compileStreaming(response);
    }
    return await WebAssembly.compile(await response.arrayBuffer());
  } catch (e) {
    throw new Error(`${wasmUrl}: ${e && e.message} (` +
      (/Security Policy/.test(e && e.message) ? "CSP: add 'wasm-unsafe-eval' to script-src)" : 'not our .wasm?)'));
  }
}

// Instantiating, and the first calls that then compile the core's functions, are tens
// of ms of main-thread work that no paint needs: they wait for the page's next two
// frames. A banner inserted just before is painted at the first and visible at the
// second (it fades in from opacity 0); the core's start no longer sits between them.
// Meanwhile the glue downloads and the .wasm compiles off the main thread. A hidden
// page paints no frames, so it does not wait; nor does any page longer than 100 ms.
const frames = () => new Promise((ok) => {
  if (globalThis.document?.hidden !== false) return ok();  // hidden, or no DOM (Node)
  setTimeout(ok, 100);
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(ok)));
});

/** How long loading may take by default before createCore gives up (ms). */
export const DEFAULT_TIMEOUT_MS = 10000;

/**
 * Loads the core. `factory` is the emscripten module factory (the default export of
 * cookiegate-core.js), or a function of the same shape that loads it first. Give
 * `wasmBinary` (bytes, e.g. read from disk) or `wasmUrl` (fetched with `fetchImpl`,
 * default the global fetch). Rejects when the module cannot be loaded or started, or
 * is not started within `timeout` ms (0: no limit): the caller then runs with nothing
 * allowed.
 * @param {(moduleArg?: object) => Promise<unknown>} factory
 * @param {{wasmUrl?: string|URL, wasmBinary?: ArrayBufferView|ArrayBuffer, fetchImpl?: typeof fetch, timeout?: number}} [options]
 */
export async function createCore(factory, { wasmUrl, wasmBinary, fetchImpl, timeout = DEFAULT_TIMEOUT_MS } = {}) {
  let broken = null;  // the first trap's failure, once latched
  let fail;
  // emscripten 3.1.6's factory promise never settles when instantiateWasm fails, so
  // a 404 or blocked .wasm would hang start-up: this promise rejects instead. A
  // response that never comes (a stalled server or proxy) would hang it as well.
  const failed = new Promise((_, reject) => { fail = reject; });
  const ms = Number(timeout);
  const timer = Number.isFinite(ms) && ms > 0 &&
    setTimeout(() => fail(new Error(`${wasmUrl} or its glue did not arrive within ` +
      `${ms} ms (raise wasmTimeout?)`)), ms);
  const compiled = compile({ wasmUrl, wasmBinary, fetchImpl });
  compiled.catch(fail);  // a 404 fails at once, not when the glue has arrived
  const module = await Promise.race([
    Promise.resolve().then(() => factory({
      // Always ours: left alone, the glue fetches the .wasm by itself and fails in
      // Node (fetch of a file path) or waits forever on errors.
      instantiateWasm(imports, receiveInstance) {
        compiled
          .then((m) => frames().then(() => WebAssembly.instantiate(m, imports)).then((i) => receiveInstance(i, m)))
          .catch(fail);
        return {};
      },
      // An abort the glue reports outside one of our calls disables the core too.
      onAbort(what) {
        broken = broken || failure(WASM_TRAP, 'wasm_trap', '', `wasm aborted: ${what}`);
      },
    })).catch((e) => {
      throw new Error(`cookiegate-core.js: ${e && e.message} (next to the script? CORS?)`);
    }),
    failed,
  ]).finally(() => { if (timer) clearTimeout(timer); });

  // One place where a call crosses, its answer is read and a trap is caught.
  function call(name, args) {
    if (broken) return broken;
    try {
      return JSON.parse(module[name](...args));
    } catch (e) {
      broken = failure(WASM_TRAP, 'wasm_trap', '',
                       `${name} failed, the core is disabled: ${e && e.message}`);
      return broken;
    }
  }

  const first = (...checks) => checks.find((c) => c !== null) || null;

  return {
    /** True once a trap has disabled the core. */
    get broken() { return broken !== null; },
    /** Bytes of wasm memory now (it only grows): for leak tests. */
    memoryBytes: () => module.HEAP8.buffer.byteLength,

    validateConfig(configJson) {
      return checkString(configJson, 'config', MAX_CONFIG_BYTES) ||
        call('validateConfig', [configJson]);
    },

    // `verifiedCrawler`: the site's server verified the crawler (nothing is allowed).
    evaluate(configJson, cookieHeader, now, gpc, region = '', verifiedCrawler = false) {
      return first(checkString(configJson, 'config', MAX_CONFIG_BYTES),
                   checkString(cookieHeader, 'cookie', MAX_COOKIE_HEADER_BYTES),
                   checkNow(now), checkGpc(gpc), checkRegion(region),
                   checkCrawler(verifiedCrawler)) ||
        call('evaluate', [configJson, cookieHeader, now, gpc, region, verifiedCrawler]);
    },

    /** The profile the config gives `region`: {ok, profile, model, region}. */
    resolveRegion(configJson, region) {
      return first(checkString(configJson, 'config', MAX_CONFIG_BYTES), checkRegion(region)) ||
        call('resolveRegion', [configJson, region]);
    },

    choose(configJson, cookieHeader, now, gpc, choice, randomHex, language, region = '', verifiedCrawler = false) {
      const isObject = choice !== null && typeof choice === 'object' &&
        !Array.isArray(choice);
      const json = isObject
        ? toJson(choice, 'choice', MAX_CHOICE_BYTES)
        : { fail: failure(INPUT_INVALID, 'input_invalid', 'choice',
                          'must be an object with "kind"') };
      return first(checkString(configJson, 'config', MAX_CONFIG_BYTES),
                   checkString(cookieHeader, 'cookie', MAX_COOKIE_HEADER_BYTES),
                   checkNow(now), checkGpc(gpc), json.fail || null,
                   checkString(randomHex, 'random', MAX_SHORT_BYTES),
                   checkString(language, 'language', MAX_SHORT_BYTES), checkRegion(region),
                   checkCrawler(verifiedCrawler)) ||
        call('choose', [configJson, cookieHeader, now, gpc, json.text, randomHex,
                        language, region, verifiedCrawler]);
    },

    // `source`: 'ui' only for a trusted click on CookieGate's own UI, else 'api'.
    acknowledge(configJson, cookieHeader, now, gpc, source = 'api', region = '') {
      return first(checkString(configJson, 'config', MAX_CONFIG_BYTES),
                   checkString(cookieHeader, 'cookie', MAX_COOKIE_HEADER_BYTES),
                   checkNow(now), checkGpc(gpc),
                   checkString(source, 'source', MAX_SHORT_BYTES), checkRegion(region)) ||
        call('acknowledge', [configJson, cookieHeader, now, gpc, source, region]);
    },

    /** Another tab changed the cookie: the new state and what the change withdrew. */
    evaluateChange(configJson, previousCookieHeader, cookieHeader, now, gpc, region = '') {
      return first(checkString(configJson, 'config', MAX_CONFIG_BYTES),
                   checkString(previousCookieHeader, 'previousCookie', MAX_COOKIE_HEADER_BYTES),
                   checkString(cookieHeader, 'cookie', MAX_COOKIE_HEADER_BYTES),
                   checkNow(now), checkGpc(gpc), checkRegion(region)) ||
        call('evaluateChange', [configJson, previousCookieHeader, cookieHeader, now, gpc, region]);
    },

    negotiateLanguage(configJson, preferences) {
      const json = Array.isArray(preferences) &&
          preferences.every((p) => typeof p === 'string')
        ? toJson(preferences, 'preferences', MAX_PREFERENCES_BYTES)
        : { fail: failure(INPUT_INVALID, 'input_invalid', 'preferences',
                          'must be an array of language tags') };
      return first(checkString(configJson, 'config', MAX_CONFIG_BYTES),
                   json.fail || null) ||
        call('negotiateLanguage', [configJson, json.text]);
    },

    textKeys() {
      return call('textKeys', []);
    },
  };
}
