// The public API over a single runtime: what the global CookieGate and the npm
// entry's named exports are. Usable before init(): listeners are kept, calls wait.
import { createRuntime } from './runtime.js';

/** @typedef {typeof import('../types/index.js').default} PublicApi what web/types declares */
/** @typedef {(consent: import('../types/index.js').Consent) => void} OnAllowedListener */
/** @typedef {import('../types/index.js').CookieGateConfig | import('../types/index.js').CookieGateConfigJson
 *    | string} ConfigInput every config init()'s declaration takes (ConfigArgument picks one per call) */

/**
 * The API's type is the declared one (web/types/index.d.ts), so checkJs (web/tsconfig.json)
 * fails when the two drift; init() also takes an Error, a config the script tag could not
 * read, which the runtime reports (config_not_json).
 * @param {Parameters<typeof createRuntime>[1] & {mountUI?: Function|null}} defaults what
 *   every init() starts from: the core's factory and .wasm URL, the build's UI
 */
export function createApi(defaults) {
  let runtime = null;
  let first, firstOptions;  // the config and options init() started from, as JSON
  let ui = null;  // what mountUI returned: { open, close, destroy }
  const early = [];  // on() before init()
  let started;
  const initialised = new Promise((ok) => { started = ok; });
  let settle;
  const ready = new Promise((resolve, reject) => { settle = { resolve, reject }; });
  ready.catch(() => {});  // an 'error' event reports it; awaiting callers still see it
  const later = (fn) => (...args) => (runtime ? fn(runtime, ...args) : initialised.then((rt) => fn(rt, ...args)));

  /** @type {Omit<PublicApi, 'init'> & {init: (config: ConfigInput | Error,
   *    options?: Parameters<PublicApi['init']>[1]) => ReturnType<PublicApi['init']>}} */
  const api = {
    /**
     * Starts CookieGate once (later calls return the same runtime).
     * options: wasmUrl, reloadOnWithdrawal (default true), ui (default true: mount the
     * bundled banner when there is one).
     */
    init(config, options = {}) {
      // Again with the same config (StrictMode, a remount) is silent; another one is not
      // applied, and a hot reload of the module that calls init() would not know.
      // As JSON, so the script tag's inline text and the same config as an object compare.
      // Options too when given (a region learnt later was dropped without a word); a call
      // without them only asks for the runtime.
      // Keys in any order (a trial's same config, written with its keys in another order,
      // was told it was another).
      const canon = (v) => JSON.stringify(v, (_, x) => (x && typeof x == 'object' && !Array.isArray(x)
        ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x));
      let json = config, opts;
      try { opts = canon(options); } catch { /* compared as it is */ }
      try { json = canon(typeof config == 'string' ? JSON.parse(config) : config); } catch { /* not JSON: the runtime reports it */ }
      if (runtime) {
        if (json !== first || (opts != '{}' && opts !== firstOptions)) {
          runtime.reportError({ code: 511, name: 'init_repeated', path: '', message: `init() again, with ${json !== first ? 'another config' : 'other options'}` +
            ': they apply only after a reload. Call init() once, in the app\'s entry module' });
        }
        return runtime;
      }
      // A misspelt option was ignored without a word (a trial's reloadOnWithdrawl: false
      // still reloaded); a boolean written as an attribute's text is not false, and a
      // wasmTimeout of "10s" is no limit (the bridge refuses a verifiedCrawler that is not
      // a boolean itself: input_invalid).
      const flags = ['reloadOnWithdrawal', 'ui'];
      const known = ['wasmUrl', 'wasmTimeout', 'region', 'verifiedCrawler', ...flags];
      for (const [k, v] of Object.entries(options)) {
        if (!known.includes(k)) console.warn(`CookieGate: init(): no option "${k}" (${known.join(', ')})`);
        else if (v !== undefined && (flags.includes(k) ? typeof v != 'boolean' : k == 'wasmTimeout' && !(typeof v == 'number' && v >= 0 && v < 2 ** 31))) {
          console.warn(`CookieGate: init(): ${k} must be ${flags.includes(k) ? 'true or false' : 'a number of ms (0: no limit)'}, not ${typeof v == 'string' ? `"${v}"` : v}`);
        }
      }
      first = json;
      firstOptions = opts;
      runtime = createRuntime(config, { ...defaults, ...options });
      for (const [name, fn] of early.splice(0)) runtime.on(name, fn);
      runtime.ready.then(settle.resolve, settle.reject);
      started(runtime);
      if (options.ui !== false && typeof defaults.mountUI === 'function') {
        try { ui = defaults.mountUI(runtime, runtime.visitorChannel()); } catch (e) { setTimeout(() => { throw e; }); }
      }
      return runtime;
    },
    ready,
    get: () => (runtime ? runtime.get() : null),
    isAllowed: (category, service) => (runtime ? runtime.isAllowed(category, service) : false),
    acceptAll: later((rt) => rt.acceptAll()),
    rejectAll: later((rt) => rt.rejectAll()),
    set: later((rt, categories, services) => rt.set(categories, services)),
    /** Click-to-load: allows `category` (only `service` of it, when given) on top of
     *  the visitor's choices; other categories keep their decision or stay to be asked. */
    allow: later((rt, category, service) => rt.allow(category, service)),
    acknowledgeNotice: later((rt) => rt.acknowledgeNotice()),
    /** The banner was closed without a choice (choice `dismiss`; README "Regions"). */
    dismiss: later((rt) => rt.dismiss()),
    /** The visitor takes the strictest rules (choice `stricter`; README "Regions"). */
    switchToStricter: later((rt) => rt.switchToStricter()),
    /** Opens the bundled preferences dialog (same as a click on [data-cookiegate-open]). */
    showPreferences: later(async () => { if (ui) ui.open(); }),
    /** Returns the function that removes the listener. */
    on(name, fn) {
      if (runtime) runtime.on(name, fn); else early.push([name, fn]);
      return () => api.off(name, fn);
    },
    off(name, fn) {
      if (runtime) runtime.off(name, fn);
      else early.splice(0, early.length, ...early.filter(([n, f]) => n !== name || f !== fn));
    },
    /**
     * Runs fn(get()) once, as soon as the core allows `category` (and `service`): now,
     * once the stored consent has been read, or after a choice here or in another tab.
     * Returns a function that cancels it.
     * @param {string} category
     * @param {string|null|undefined|OnAllowedListener} service or, without one, fn
     * @param {OnAllowedListener} [fn]
     */
    onAllowed(category, service, fn) {
      if (typeof service === 'function' && fn === undefined) { fn = service; service = null; }
      // A trial's onAllowed('media', fn, 'youtube') ran fn for the whole category, and
      // onAllowed('analytics', 'matomo') threw once allowed: said now, and nothing runs.
      if (typeof fn !== 'function' || (service != null && typeof service !== 'string')) {
        console.error(`CookieGate: onAllowed("${category}", …): give (category, service, function) or (category, function); nothing will run`);
        return () => {};
      }
      let done = false;
      const check = () => {
        const c = api.get();
        if (!done && c?.ready && api.isAllowed(category, /** @type {string|null} */ (service))) { stop(); fn(c); }
      };
      const off = api.on('state', check);
      const stop = () => { done = true; off(); };
      check();
      return stop;
    },
  };
  return api;
}
