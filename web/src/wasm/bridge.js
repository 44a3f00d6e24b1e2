// The JS side of the wasm boundary: loads the module, checks every argument before it
// crosses, and hands back the core's JSON answers as objects. Errors are values here
// too: nothing a caller passes makes a method throw. A wasm trap breaks the module for
// good (its stack and heap are left mid-call), so the first one latches and every
// later call answers wasm_trap, which callers treat as "nothing allowed".
//
// Every boundary function is declared once, in `calls` below: its arguments' kinds,
// in order, with their defaults. One wrapper checks and converts the arguments from
// that table; the caps and the refusals' codes are the core's own (its limits()
// answer, read once when the module has started), so the two sides cannot disagree.

// The core's caps in UTF-8 bytes (core/boundary.hpp), for callers that size an input
// before the core has loaded; the bridge itself checks against the figures the loaded
// core gives (tests/node/limits.test.mjs keeps the two equal). A huge string never
// reaches the wasm heap, which grows for good and never shrinks.
export const MAX_CONFIG_BYTES = 64 * 1024;
export const MAX_COOKIE_HEADER_BYTES = 16 * 1024;
export const MAX_CHOICE_BYTES = 16 * 1024;
export const MAX_PREFERENCES_BYTES = 4 * 1024;
// The consent id's hex digits, a language tag, a region, a source are tiny; the cap
// only keeps a runaway string off the heap (the core checks their real form).
export const MAX_SHORT_BYTES = 1024;

// Exists only on this side: the core cannot answer once it has trapped.
const WASM_TRAP = 500;

// Shaped like the core's own errors: the message starts with the path.
const failure = (code, name, path, message) => ({
  ok: false,
  error: { code, name, path, message: path ? `${path}: ${message}` : message },
});

// The boundary functions: name -> its arguments in order, each [path, kind] or
// [path, kind, default] (used for an undefined argument, as a JS default would be).
// The path names the argument in errors; the kind says how it is checked and what
// crosses for it (`kinds` in createCore). Shapes and meanings: core/boundary.hpp.
const region = ['region', 'short', ''];
const calls = {
  validateConfig: [['config', 'config']],
  // `verifiedCrawler`: the site's server verified the crawler (nothing is allowed).
  evaluate: [['config', 'config'], ['cookie', 'cookie'], ['now', 'seconds'], ['gpc', 'boolean'],
             region, ['verifiedCrawler', 'boolean', false]],
  /** The profile the config gives `region`: {ok, profile, model, region}. */
  resolveRegion: [['config', 'config'], ['region', 'short']],
  choose: [['config', 'config'], ['cookie', 'cookie'], ['now', 'seconds'], ['gpc', 'boolean'],
           ['choice', 'choice'], ['random', 'short'], ['language', 'short'], region,
           ['verifiedCrawler', 'boolean', false]],
  // `source`: 'ui' only for a trusted click on CookieGate's own UI, else 'api'.
  acknowledge: [['config', 'config'], ['cookie', 'cookie'], ['now', 'seconds'],
                ['gpc', 'boolean'], ['source', 'short', 'api'], region],
  /** Another tab changed the cookie: the new state and what the change withdrew. */
  evaluateChange: [['config', 'config'], ['previousCookie', 'cookie'], ['cookie', 'cookie'],
                   ['now', 'seconds'], ['gpc', 'boolean'], region],
  negotiateLanguage: [['config', 'config'], ['preferences', 'preferences']],
  textKeys: [],
};

// An unpaired UTF-16 surrogate is not text: embind's UTF-8 conversion swallows the
// unit after it (the ';' that separates two cookies, say), so the core would read
// something other than what was passed. In `u` mode a pair is one code point, so
// \p{Cs} matches only lone halves.
// UTF-8 is never shorter than UTF-16 units and at most 3 bytes a unit (a pair is 4
// for 2), so only long strings are encoded to be measured.
const overCap = (text, cap) =>
  text.length > cap || (text.length * 3 > cap && new TextEncoder().encode(text).length > cap);

// The checks of each kind of argument, given the core's limits: each takes the value
// and a refusal of it, and returns what crosses for it or that refusal. A JSON kind
// crosses as text: JSON.stringify writes a lone surrogate as a \ud800 escape, so it
// crosses intact as ASCII and the core's JSON parser refuses the escape
// (tests/node/server.test.mjs).
function checks({ caps, errors }) {
  const invalid = (path, message) =>
    failure(errors.input_invalid, 'input_invalid', path, message);
  const text = (cap, fix = '') => (value, path) => {
    if (typeof value !== 'string') return invalid(path, 'must be a string');
    if (/\p{Cs}/u.test(value)) return invalid(path, 'has a lone UTF-16 surrogate');
    return overCap(value, cap)
      ? failure(errors.input_too_large, 'input_too_large', path, `is over ${cap} bytes${fix}`)
      : { arg: value };
  };
  const json = (cap, fits, shape) => (value, path) => {
    if (!fits(value)) return invalid(path, shape);
    let written;
    try {
      written = JSON.stringify(value);
    } catch (e) {  // cycles, BigInt, ...
      return invalid(path, `cannot be written as JSON: ${e && e.message}`);
    }
    return text(cap)(written, path);
  };
  const plain = (fits, shape) => (value, path) =>
    fits(value) ? { arg: value } : invalid(path, shape);
  const flag = plain((v) => typeof v === 'boolean', 'must be true or false');
  return {
    // Indentation alone took a trial's config (45 KB on one line) over the cap.
    config: text(caps.config, ': minify it (`cookiegate snippet` prints it on one line) or shorten its texts'),
    cookie: text(caps.cookie),
    short: text(caps.short),
    seconds: plain((v) => typeof v === 'number' && Number.isFinite(v),
                   'must be seconds since the epoch (a finite number)'),
    boolean: flag,
    choice: json(caps.choice, (v) => v !== null && typeof v === 'object' && !Array.isArray(v),
                 'must be an object with "kind"'),
    preferences: json(caps.preferences,
                      (v) => Array.isArray(v) && v.every((p) => typeof p === 'string'),
                      'must be an array of language tags'),
  };
}

// Fetching and compiling need nothing from the glue, so they start before it is even
// loaded (the script-tag bundle imports the glue on demand): the two downloads
// overlap, and a returning visitor's gated scripts wait for neither in turn.
async function compile({ wasmUrl, wasmBinary, wasmModule, fetchImpl }) {
  if (wasmModule) return wasmModule;
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
  // Streaming compiles while downloading, but browsers only accept it for the
  // application/wasm type; any other server setup still works through a buffer.
  const type = (response.headers && response.headers.get('content-type')) || '';
  try {
    if (typeof WebAssembly.compileStreaming === 'function' &&
        type.split(';')[0].trim().toLowerCase() === 'application/wasm') {
      return await WebAssembly.compileStreaming(response);
    }
    return await WebAssembly.compile(await response.arrayBuffer());
  } catch (e) {
    // A single-page app's host answers a missing file with its index.html (a trial).
    throw new Error(`${wasmUrl}: ${e && e.message} (` + (/Security Policy/.test(e && e.message)
      ? "CSP: add 'wasm-unsafe-eval' to script-src)" : /html/i.test(type)
        ? 'the server answered HTML, not the .wasm: serve cookiegate-core.wasm at this URL, or set wasmUrl / data-wasm-url)'
        : 'not our .wasm?)'));
  }
}

// Instantiating, and the first calls that then compile the core's functions, are tens
// of ms of main-thread work that no paint needs: they wait for the page's next two
// frames. A banner inserted just before is painted at the first, and its slide-in runs
// on; the core's start no longer sits between the page's paint and the banner's.
// Meanwhile the glue downloads and the .wasm compiles off the main thread. A hidden
// page paints no frames, so it does not wait; nor does any page longer than 100 ms.
const frames = () => new Promise((ok) => {
  if (globalThis.document?.hidden !== false) return ok();  // hidden, or no DOM (Node)
  setTimeout(ok, 100);
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(ok)));
});

// `warm` (see createCore), called at once with the module or the start's failure (a
// timeout stops the worker too): a throw or a rejection is no warm-up, nothing else.
// It settles with the worker's crossings, or anything else for none.
const warming = (warm, compiled, failed) => {
  if (!warm) return undefined;
  const settled = Promise.race([compiled, failed]);
  settled.catch(() => {});  // the start's own failure is reported where it is awaited
  try {
    return Promise.resolve(warm(settled)).catch(() => {});
  } catch (e) {
    return undefined;
  }
};

/** How long loading may take by default before createCore gives up (ms). */
export const DEFAULT_TIMEOUT_MS = 10000;

// The crossings a warm-up made on this very module that can stand for the page's own:
// the same function and arguments, or, for an evaluation, whose answer is a state and
// its validity window (`validUntil`, core/boundary.hpp), a later `now` inside that
// window, as the replay reuses one (../replay.js). Not for the calls that answer
// anything else besides (a choice's record, a change's withdrawals). The core's answer
// to the same inputs; no rule is added here. Only a set with the core's limits in it is
// taken.
const reusable = (crossings) => (crossings?.some?.((c) => c?.[0] == 'limits') ? (name, args) => {
  const at = name == 'evaluate' ? 2 : -1;  // its `now`
  return crossings.find(([n, a, text]) => n == name && a.length == args.length && a.every((x, i) => x === args[i] ||
    (i === at && x <= args[i] && ((u) => u === null || args[i] < u)(JSON.parse(text).state?.validUntil))))?.[2];
} : null);

/**
 * Loads the core. `factory` is the emscripten module factory (the default export of
 * cookiegate-core.js), or a function of the same shape that loads it first. Give
 * `wasmBinary` (bytes, e.g. read from disk), `wasmUrl` (fetched with `fetchImpl`,
 * default the global fetch) or `wasmModule` (already compiled). `warm`, given the
 * module being compiled, may make the first calls elsewhere first (./warm.js, which
 * gives up 250 ms after the module). When it settles with its crossings
 * ([name, args, answer text][], `record` below), the calls it made are answered with
 * its answers and the page makes its own instance only at the first other call,
 * synchronously (a visitor who never chooses never instantiates on the main thread);
 * otherwise it is instantiated once warm's promise settles. `record(name, args, text)`
 * is told every crossing this core makes. Rejects when the module cannot be loaded or
 * started, or is not started within `timeout` ms (0: no limit): the caller then runs
 * with nothing allowed.
 * @param {(moduleArg?: object) => Promise<unknown>} factory
 * @param {{wasmUrl?: string|URL, wasmBinary?: ArrayBufferView|ArrayBuffer, wasmModule?: WebAssembly.Module,
 *   fetchImpl?: typeof fetch, timeout?: number, warm?: (compiled: Promise<WebAssembly.Module>) => Promise<unknown>|undefined,
 *   record?: (name: string, args: unknown[], text: string) => void}} [options]
 */
export async function createCore(factory, { wasmUrl, wasmBinary, wasmModule, fetchImpl, timeout = DEFAULT_TIMEOUT_MS,
  warm, record } = {}) {
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
  const compiled = compile({ wasmUrl, wasmBinary, wasmModule, fetchImpl });
  compiled.catch(fail);  // a 404 fails at once, not when the glue has arrived
  const warmed = warming(warm, compiled, failed);
  let reuse = null;       // the warm-up's answers, when the page starts from them
  let instantiate = null;  // then: makes the page's own instance, synchronously
  let lazy;
  const started = new Promise((ok) => { lazy = ok; });
  const moduleArg = {
    // Always ours: left alone, the glue fetches the .wasm by itself and fails in
    // Node (fetch of a file path) or waits forever on errors.
    instantiateWasm(imports, receiveInstance) {
      compiled
        .then((m) => Promise.all([warmed, frames()]).then(([crossings]) => {
          reuse = reusable(crossings);
          // The glue's start finishes within receiveInstance (emscripten 3.1.6), so the
          // exports are there when it returns; Chromium allows this synchronous
          // instance on the main thread (it refuses only modules over 8 MB).
          if (reuse) {
            instantiate = () => { instantiate = null; receiveInstance(new WebAssembly.Instance(m, imports), m); };
            return lazy(moduleArg);
          }
          return WebAssembly.instantiate(m, imports).then((i) => receiveInstance(i, m));
        }))
        .catch(fail);
      return {};
    },
    // An abort the glue reports outside one of our calls disables the core too.
    onAbort(what) {
      broken = broken || failure(WASM_TRAP, 'wasm_trap', '', `wasm aborted: ${what}`);
    },
  };
  const module = await Promise.race([
    Promise.resolve().then(() => factory(moduleArg)).catch((e) => {
      throw new Error(`cookiegate-core.js: ${e && e.message} (next to the script? CORS?)`);
    }),
    started,
    failed,
  ]).finally(() => { if (timer) clearTimeout(timer); });

  // One place where a call crosses, its answer is read and a trap is caught.
  function call(name, args) {
    if (broken) return broken;
    try {
      const text = reuse?.(name, args) || (instantiate?.(), module[name](...args));
      if (record) record(name, args, text);
      return JSON.parse(text);
    } catch (e) {
      broken = failure(WASM_TRAP, 'wasm_trap', '',
                       `${name} failed, the core is disabled: ${e && e.message}`);
      return broken;
    }
  }

  // The core's caps and codes, once: a module without them is not one this bridge
  // can check arguments for, so the core does not start.
  const limits = call('limits', []);
  if (!limits.ok) throw new Error(`cookiegate-core.wasm gave no limits (${limits.error.message})`);
  const kinds = checks(limits);

  const core = {
    /** True once a trap has disabled the core. */
    get broken() { return broken !== null; },
    /** Bytes of wasm memory now (it only grows): for leak tests. */
    memoryBytes: () => (instantiate && instantiate(), module.HEAP8.buffer.byteLength),
  };
  // One wrapper for every declared function: each argument (or its default) checked
  // in order, the first refusal answered, else the converted arguments cross.
  for (const [name, params] of Object.entries(calls)) {
    core[name] = (...values) => {
      const args = [];
      for (const [i, [path, kind, fallback]] of params.entries()) {
        const value = values[i] === undefined && params[i].length > 2 ? fallback : values[i];
        const checked = kinds[kind](value, path);
        if (!('arg' in checked)) return checked;
        args.push(checked.arg);
      }
      return call(name, args);
    };
  }
  // Built in a loop from the table, so TypeScript cannot see the methods: the cast is
  // checked by tests/node/boundary_errors.test.mjs, which calls every declared one.
  return /** @type {import('../../types/server.js').Core} */ (core);
}
