// The runtime: one state object, fed only by the core's answers. Everything that must
// hold before the core is ready (gated elements inert, Consent Mode default denied,
// third-party scripts blocked) is set up synchronously in createRuntime; decisions
// wait for the core, and calls made meanwhile are queued, never lost.
import { consentDefault, consentDefaultFor, consentUpdate } from './consent-mode.js';
import { consentModeOrder } from './consent-mode-order.js';
import { installGate } from './gating.js';
import { ownFile } from './gate/own.js';
import { clearReplay, overreach, readReplay, REPLAY_KEY, storeReplay } from './replay.js';
import { watchTabs } from './tabs.js';
import { cookiePairs, deleteCookies, deleteStorage, writeCookie } from './utils/cookies.js';
import { createEmitter } from './utils/events.js';
import { isAllowed as allowedIn, misnamed } from './utils/allowed.js';
import {
  ACCEPT_ALL, allowing, asError, certainLanguage, custom, decisions, detailOf, DISMISS, error, eventsDue, firstLanguage, gpcDefaultDue,
  provisional, queuedState, readConfig, REJECT_ALL, remoteChangeDue, settleQueue, snapshots, storedNameOf,
  STRICTER, toCleanUp, wasStored, withdrawnData,
} from './runtime-state.js';

/**
 * What the UI's mountUI(runtime) receives. Keep in step with web/src/ui/.
 * @typedef {object} UiRuntime
 * @property {object} config before the core is ready the site's config as JSON.parse
 *   gave it; from 'ready' on the core's validated, normalised config (validateConfig's
 *   `config`, plus the banner's own `ui` member). For texts only, never for decisions.
 * @property {() => State} getState the latest core state (core/boundary.hpp shape),
 *   or before the core is ready a provisional one with `pending: true` (prompt
 *   'consent' when there is no consent cookie, else 'none'; only required
 *   categories allowed). After a failure: `failed: true`, nothing allowed.
 * @property {string} language the negotiated language; may change at 'ready' and when
 *   <html lang> changes (a 'state' event).
 * @property {boolean} languagePending `language` is not yet the core's answer, nor
 *   certain to be it (runtime-state.js certainLanguage()): the UI waits for 'ready'
 *   (bilingual texts do not). Stays true after a failure, which the UI shows first.
 * @property {boolean} failed the core is unavailable: choices cannot be saved now.
 * @property {{code: number, name: string, path: string, message: string}|null} failure
 *   why (config_* codes 100-199, or path "config": the site's config is wrong).
 * @property {() => Promise<Consent>} acceptAll
 * @property {() => Promise<Consent>} rejectAll
 * @property {(categories: Record<string, boolean>, services?: Record<string, boolean>)
 *   => Promise<Consent>} set a custom choice (unlisted ones are refused or keep a
 *   still-valid decision; refusing a required category is an error).
 * @property {() => Promise<Consent>} acknowledgeNotice
 * @property {() => Promise<Consent>} dismiss the banner was closed without a choice
 *   (choice `dismiss`: a refusal of what is still undecided under opt-in and pipl,
 *   nothing decided under opt-out and notice)
 * @property {() => Promise<Consent>} switchToStricter the visitor takes the strictest
 *   rules (choice `stricter`, offered when `regional.stricterOffered`; refused, 400
 *   choice_invalid, elsewhere)
 * @property {(category: string, service?: string) => Promise<Consent>} allow
 *   click-to-load: that service (and its category) on top of the visitor's choices
 * @property {(el: Element) => ({category?: string, service?: string}|null)} heldBy
 *   what keeps a gated element from running now ({} before the core is ready, null
 *   when it may run)
 * @property {(detail: {code: number, name: string, path: string, message: string})
 *   => void} reportError emits an 'error' event (and logs it) for the UI
 * @property {(event: EventName, fn: (detail: any) => void) => void} on
 * @property {(event: EventName, fn: (detail: any) => void) => void} off
 */
/**
 * @typedef {'ready'|'consent'|'change'|'notice'|'error'|'state'} EventName
 * 'ready': the core evaluated the cookie (detail: Consent). 'consent': a consent
 * record exists for the first time (detail: Consent). 'change': a choice here or in
 * another tab changed what is allowed (detail: Consent). 'notice': the state asks to
 * show a policy notice (detail: state.notice). 'error': {code, name, path, message}.
 * 'state': any new state (detail: State), the UI's redraw signal.
 * @typedef {object} State see core/boundary.hpp, plus `pending`/`failed` flags
 * @typedef {ReturnType<ReturnType<typeof createRuntime>['get']>} Consent
 */

// Loaded on demand: web/build.mjs makes each a file of its own in web/dist (the
// bundle's stand-in module fetches it via load(); unbundled it is the module itself).
// The wasm bridge is needed only once the core starts, not for the banner. A bundler
// may load them through <script> elements, which the gate would hold (./gate/own.js).
const chunk = (m) => (m.load ? m.load() : m);
const loadReceipts = () => ownFile(() => import('./receipts.js')).then(chunk);
const loadBridge = () => ownFile(() => import('./wasm/bridge.js')).then(chunk);
const now = () => Math.floor(Date.now() / 1000);
// The core's first calls compile the wasm functions they run: its start (instantiating,
// validating the config, then negotiating, evaluating) was one task of 40-90 ms on 2
// CPUs, a long task (> 50 ms) that holds up the visitor's input. The page gets the main
// thread back between the three. A hidden page is not waited for: its timers are
// throttled to one a second, and it paints nothing anyway.
const pause = () => new Promise((ok) => (document.hidden ? ok() : setTimeout(ok)));
const gpc = () => navigator.globalPrivacyControl === true;
// At most this long (ms) the core's start and the UI's first build give way to a
// replayed answer's scripts (see tagsFirst).
const TAGS_FIRST_MS = 200;

function randomHex() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * @param {object|string} input the config (object or JSON text)
 * @param {object} options
 * @param {Function} [options.factory] the emscripten factory (cookiegate-core.js), or a
 *   function of the same shape that imports it first
 * @param {string|URL} [options.wasmUrl] where the .wasm is
 * @param {boolean} [options.reloadOnWithdrawal=true] reload after a category is
 *   withdrawn, so scripts already running stop
 * @param {number} [options.wasmTimeout=10000] ms the bridge (cookiegate-bridge.js) may
 *   take to arrive, and then the glue and the .wasm to load, before the runtime fails
 *   closed ('error' event, wasm_unavailable); 0: no limit
 * @param {string} [options.coreBuild] the core build's id (web/build.mjs: 96 bits of
 *   the .wasm's SHA-256, base64url): with it the core's last answer is replayed for
 *   identical inputs while the module loads (./replay.js); without it there is no replay
 * @param {string} [options.region] the visitor's region as the site's server or CDN
 *   names it (ISO 3166-2 "US-CA" or ISO 3166-1 "DE"); '' or absent: unknown. It picks
 *   the config's `regions` profile (the core resolves it; CookieGate never geolocates).
 * @param {boolean} [options.verifiedCrawler=false] the site's server verified this
 *   visitor is a crawler (user agent plus reverse and forward DNS): no banner, nothing
 *   optional allowed, no record
 * @param {typeof import('./wasm/warm.js').warm | null} [options.warm] compiles the core's
 *   functions off the main thread first, with this runtime's first calls (the script-tag
 *   bundle's ./wasm/warm.js)
 */
export function createRuntime(input, { factory, wasmUrl, reloadOnWithdrawal = true, wasmTimeout, coreBuild = '',
  region = '', verifiedCrawler = false, warm = null } = {}) {
  const events = createEmitter();
  // Every error reaches the console once per page, where a site owner looks first; the
  // 'error' event alone is easy to miss.
  const logged = new Set();
  events.on('error', (d) => {
    const text = `CookieGate: error ${d.code} ${d.name}: ${d.message}`;  // the message starts with the path
    if (!logged.has(text)) { logged.add(text); console.error(text); }
  });
  // `failure` is set once: the core is unavailable, everything stays denied.
  let { config, json: configJson, failure } = readConfig(input);
  // Whether the 'error' event told it: a listener added before that hears it then, not
  // also as a failure already there (on()).
  let failureTold = false;
  let core = null;
  // The page's language preferences, best first, as the core negotiates from them.
  const html = document.documentElement;
  const prefs = () => [html.lang, ...(navigator.languages || [navigator.language])].filter((l) => typeof l === 'string' && l);
  // The core's language (`c`), or before it has loaded its answer only where that is
  // certain: a zh page's banner came in English, then slid in again in Chinese once the
  // core answered (a demo check). Otherwise the UI waits for the core
  // (`languagePending`). Whether either changed.
  let language;
  let languagePending;
  const settleLanguage = (c) => {
    const was = language + languagePending;
    const lang = c ? c.negotiateLanguage(configJson, prefs()) : { language: certainLanguage(config, prefs()) };
    languagePending = !c && !lang.language;
    language = (c ? lang.ok && lang.language : lang.language) || language || firstLanguage(config);
    return was !== language + languagePending;
  };
  settleLanguage(null);
  // A single-page app that switches its language sets <html lang> without a new page
  // view; the banner kept the first one (a trial). The UI draws the new one at 'state'.
  new MutationObserver(() => !failure && settleLanguage(core) && events.emit('state', state))
    .observe(html, { attributes: true, attributeFilter: ['lang'] });
  let lastCookie = null;
  let unstored = false;  // the browser refused the consent cookie: this page only
  let started = false;  // 'ready' was emitted
  let receipts = null;  // config.log: receipts of every stored decision
  const queue = [];     // calls made before the core was ready
  // Who asked: the API, or a trusted click on CookieGate's UI (see visitorChannel).
  const API = { source: 'api', layer: 'none' };

  let storedName = storedNameOf(config);

  // The synchronous first step: before any tag can run. A config CookieGate cannot use
  // gets the everything-denied default whatever it says (see fail()).
  let consentMode = consentDefaultFor(config);
  if (failure) consentDefault(500);
  let orderTold = false;  // error 509 was reported (cmUpdate)

  // Nothing known yet: no consent cookie means the banner can show at once.
  let state = provisional(config, !!failure, failure || !cookiePairs(storedName) ? 'consent' : 'none', !failure);

  const isAllowed = (category, service) => allowedIn(state, category, service);
  // A name the page's code got wrong (isAllowed('analytcs'), on('chnage')) fails closed
  // without a word: said once per name on the console, as a markup mistake is. Only the
  // API's calls: the gate lints its markup itself.
  const told = new Set();
  const tell = (what) => told.has(what) || (told.add(what), console.warn(`CookieGate: ${what}`));
  // Names asked before the core knew the config's ids are checked once it does: a
  // trial's isAllowed('analytic') at the top of a module said nothing. Each pair once
  // (a render loop asks again and again, and a core that never loads never empties it).
  const askedEarly = new Map();
  const checkedIsAllowed = (category, service) => {
    if (!core) askedEarly.set(`${category}\n${service}`, [category, service]);
    // The declared ids are given as the fix (a trial's misspelt service was not).
    const wrong = core && misnamed(state, category, service);
    if (wrong) tell(wrong);
    return isAllowed(category, service);
  };

  // Installed by the script tag already (it holds injected scripts from the first
  // moment); configured once the core has validated the config.
  const gate = installGate();
  gate.onError = (el, e) => events.emit('error', error(503, 'activation_failed',
    `a gated <${el.localName}> of "${el.getAttribute('data-category')}" could not be activated` +
    ` (${e && e.message}); on pages enforcing Trusted Types give gated scripts src=, not data-src=`));

  // A returning visitor: the core's own answer to exactly these inputs, from the last
  // page view, acts now; the core confirms it when ready (see `ready` below).
  // The inputs an answer is replayed for (./replay.js), in one place for reading and storing.
  const inputs = (cookie, at) => ({ build: coreBuild, config: configJson, cookie, gpc: gpc(), region,
    crawler: verifiedCrawler, now: at });
  const replayed = failure ? null : readReplay(inputs(cookiePairs(storedName), now()));
  // Settles once the external scripts a replayed answer released at start-up have run,
  // or after TAGS_FIRST_MS: the core's start (importing the bridge) and the UI's first
  // build wait for it. Tasks queued before a released script has loaded ran before it
  // (traces of the benchmark's returning visit: scripts loaded from the cache ran 17-30
  // ms later); the cap keeps a slow third-party server from holding the core's
  // confirmation. Only for an answer that shows nothing but the floating button: a
  // banner or notice due is not held back for tags.
  let tagsFirst = Promise.resolve();
  if (replayed) {
    state = replayed.state;
    gate.configure(isAllowed, replayed.gate);
    if (consentMode && replayed.consentMode) cmUpdate(state.consentMode);
    // From now on: external scripts as the parser adds them, frames and inline code
    // once it is done (./gate/release.js run()).
    const ran = gate.run().then(() => gate.released()).catch(() => {});
    // A hidden page's timers are throttled (to 1 s), and it paints nothing to give way to.
    if (!document.hidden && state.prompt === 'none') {
      tagsFirst = Promise.race([ran, new Promise((ok) => setTimeout(ok, TAGS_FIRST_MS))]);
    }
  }
  let gateCategories = null;  // the core-validated categories, kept with every answer
  function remember(st, at, cookie) {
    storeReplay(inputs(cookie, at), { state: st, gate: gateCategories, consentMode });
  }

  const snapshot = snapshots();
  const get = () => snapshot(state, !!core && !state.pending, language);

  // What the core named for clean-up (`cleanup`: what was withdrawn, and what the stored
  // record granted that is refused now): the services' cookies and storage keys are deleted.
  function cleanUp(named) {
    const { cookies, storage, keep } = withdrawnData(config, named, state);
    deleteCookies(cookies, storedName, keep.cookies);
    deleteStorage(storage, keep.storage);
  }

  // The one place where a new state takes effect. `withdrawn` is the core's answer of
  // what this change withdrew (what ran here: the page reloads so it stops), `cleanup`
  // of what to delete the data of (a re-ask's refusal names the earlier grants, which
  // ran on no page since, so it reloads nothing); before the core was ready nothing ran,
  // so nothing is.
  function commit(next, why, withdrawn = null, cleanup = withdrawn) {
    const prev = state;
    // At 'ready', a change from the core's first state, not from the provisional one
    // (pending: nothing ran, yet the queued calls' answers name data to delete).
    const erase = toCleanUp(why === 'ready' ? next : prev, cleanup);
    state = next;
    // Frames it no longer allows stop (a failure too), before 'state': a placeholder
    // drawn for it finds the frame held again.
    if (!next.pending) gate.unload();
    if (consentMode) cmUpdate(next.failed ? null : next.consentMode);
    events.emit('state', next);
    for (const name of eventsDue(prev, next, why)) events.emit(name, name === 'notice' ? next.notice : get());
    if (erase) {
      clearReplay();
      cleanUp(erase);
      // A new GET of the page's URL, not reload(): on the answer to a POST, reload()
      // would send the form again. Without the #fragment, else it is no navigation.
      if (reloadOnWithdrawal && toCleanUp(prev, withdrawn)) {
        // Scripts activated before the withdrawal may still run until this page is
        // gone (a response in flight) and set their cookies again: clean up once more.
        addEventListener('pagehide', () => cleanUp(erase), { once: true });
        location.replace(location.href.split('#')[0]);
        return;
      }
    }
    if (!next.failed && !next.pending) gate.run();
  }

  // Whether Google's tags saw the default first (./consent-mode-order.js), told once per
  // page (orderTold, declared above: the replay calls this before the code here has run).
  // Checked before every Consent Mode update (cmUpdate), at a failure and at load.
  function checkOrder(failed) {
    const o = orderTold ? {} : consentModeOrder(window.dataLayer, failed);
    if (o.message) {
      orderTold = true;
      if (o.replaced) {
        // Into the new dataLayer, past the once-per-page guard that counts the old one.
        window.cookiegateConsentDefault = false;
        consentDefaultFor(config) || consentDefault(500);
      }
      events.emit('error', { ...error(509, 'consent_default_late', o.message), path: 'consentMode' });
    }
  }
  function cmUpdate(signals) {
    checkOrder();
    consentUpdate(signals);
  }
  // A dataLayer a page replaces after the last update (a body streamed in later, with
  // Google's page-data snippet) is found by the page's load at the latest.
  addEventListener('load', () => {
    if (consentMode && core && consentModeOrder(window.dataLayer).replaced) { orderTold = false; cmUpdate(state.consentMode); }
  }, { once: true });

  function fail(err) {
    // Whether the config wanted Consent Mode is unknown or moot now; Google's tags run
    // as granted without a default (a no-op when it was pushed already), and those that
    // came first are told (a failed config makes no update to check them at).
    consentDefault(500);
    const first = !failure;
    failure = failure || err;
    if (first) {
      core = null;
      // A replayed answer the core never confirmed (not started, replayed): what it let
      // run is taken back as after a withdrawal (cleaned up, the entry dropped, the page
      // started again).
      const next = provisional(config, true, state.prompt, false);
      commit(next, 'error', !(started || !replayed) && overreach(state, next));
    }
    events.emit('error', err);
    failureTold = true;
    checkOrder(!consentMode);
    for (const q of queue.splice(0)) q.reject(asError(err));
  }

  // A core answer, or an Error carrying the core's {code, name, path, message}.
  function checked(result) {
    if (result.ok) return result;
    throw asError(result.error);
  }

  // A trap disables the core for good; a refused call (e.g. an unknown category in
  // set()) only fails that call.
  function reject(e) {
    const detail = detailOf(e);
    if (detail.name === 'wasm_trap') fail(detail);
    else events.emit('error', detail);
    return Promise.reject(asError(detail));
  }

  // Only the consent cookie's pairs (duplicates kept, so the core still sees a planted
  // copy): the page's other cookies can exceed the core's cap on the header.
  const consentCookies = () => cookiePairs(storedName);

  function evaluate() {
    const t = now();
    const r = checked(core.evaluate(configJson, consentCookies(), t, gpc(), region, verifiedCrawler));
    lastCookie = consentCookies();
    remember(r.state, t, lastCookie);
    return r.state;
  }

  function store(result, before, how) {
    // A second consent cookie (a sibling subdomain's, or another path's) would make
    // every later visit invalid again: clear every copy we can reach first.
    if (before.recordError && before.recordError.name === 'record_duplicate') deleteCookies([storedName]);
    const c = result.cookie;
    const written = c.name + '=' + c.value;
    const prior = consentCookies();
    writeCookie(c);
    lastCookie = consentCookies();
    if (wasStored(written, lastCookie)) {
      remember(result.state, result.at, lastCookie);
    } else if (lastCookie !== prior) {
      // Neither ours nor what was there: another tab's cookie landed between the write
      // and this read (the cookie store is shared, and tabs write at their own pace).
      // Ours was stored and then replaced; the cookie there is now is the decision, taken
      // in as the other tab's change once this choice is committed.
      lastCookie = written;
      queueMicrotask(() => onCookieChange());
    } else {
      // The core's answer is for the refused cookie, not for the cookie there is:
      // replayed on the next page, the core would take it back there.
      clearReplay();
      // A refused cookie (a domain that is not this host's, Secure on http, blocked
      // cookies) is otherwise silent: the visitor would be asked on every page.
      unstored = true;
      // Its path is the config's `cookie`, where each of the fixes it names lives.
      events.emit('error', { ...error(504, 'cookie_not_stored', `${location.hostname} did not store the cookie` +
        ` ${c.name}: check cookie.domain ("${c.domain}"), cookie.secure, cookie.hostPrefix (https only)`), path: 'cookie' });
    }
    tabs.notify();
    receipts?.send(result.cookie.value, { language, prompt: before.prompt, layer: how.layer });
    return result;
  }

  const at = (t, r) => Object.assign(r, { at: t });
  const operations = {
    choice: (before, choice, how, t = now()) => store(at(t, checked(core.choose(configJson, consentCookies(), t, gpc(),
      { ...choice, source: how.source }, randomHex(), language, region, verifiedCrawler))), before, how),
    acknowledge: (before, _, how, t = now()) => store(at(t, checked(core.acknowledge(configJson, consentCookies(), t, gpc(),
      how.source, region))), before, how),
  };

  function request(kind, arg, how = API) {
    if (failure) return reject(failure);
    if (!core) {
      return new Promise((resolve, reject) => {
        queue.push({ kind, arg, how, resolve, reject });
        const waiting = queuedState(state, kind, arg);
        if (waiting) commit(waiting, 'queued');
      });
    }
    try {
      const r = operations[kind](state, arg, how);
      commit(r.state, 'choice', r.withdrawn, r.cleanup);
      return Promise.resolve(get());
    } catch (e) {
      return reject(e);
    }
  }

  function gpcDefault() {
    // GPC refused the honoured categories and nothing else is left to ask: record it
    // so that the decision is stored like any other (and visible in get()).
    if (gpcDefaultDue(state)) {
      request('choice', { kind: 'gpc_default' }).catch(() => {});
    }
  }

  const tabs = watchTabs(onCookieChange);
  function onCookieChange(message) {
    // Before ready the first evaluation reads the cookie anyway; with the cookie
    // refused, re-reading it would ask again on this page.
    if (!remoteChangeDue(!!core, !!failure, unstored, message, consentCookies(), lastCookie)) return;
    try {
      const t = now();
      const r = checked(core.evaluateChange(configJson, lastCookie, consentCookies(), t, gpc(), region));
      lastCookie = consentCookies();
      remember(r.state, t, lastCookie);
      commit(r.state, 'remote', r.withdrawn, r.cleanup);
      gpcDefault();
    } catch (e) {
      fail(detailOf(e));  // an unreadable state: nothing may stay allowed
    }
  }

  const ready = (async () => {
    if (failure) {
      // A config that is not JSON is known while the script tag runs: its error event
      // waits until the page's own listeners (scripts after the tag) can exist.
      if (document.readyState === 'loading') await new Promise((ok) => addEventListener('DOMContentLoaded', ok, { once: true }));
      throw asError(failure);
    }
    await tagsFirst;
    // Receipts (./receipts.js) are a file of their own in web/dist, fetched only for a
    // config with log.endpoint, alongside the core so a decision never waits for them.
    const wantsLog = (c) => !!(c.log && typeof c.log === 'object' && c.log.endpoint);
    const receiptsFile = wantsLog(config) ? loadReceipts() : null;
    receiptsFile?.catch(() => {});
    // The timeout covers the bridge's own arrival too (createCore's timer starts only
    // once it has run): a stalled server fails closed, visibly.
    // 1e4: the bridge's DEFAULT_TIMEOUT_MS, which cannot be imported before it arrives.
    let stop;
    const ms = Number(wasmTimeout ?? 1e4);
    const loaded = await Promise.race([loadBridge(), new Promise((_, no) => {
      if (ms > 0 && ms < 1e9) stop = setTimeout(() => no(new Error(`cookiegate-bridge.js did not arrive within ${ms} ms (raise wasmTimeout?)`)), ms);
    })]).finally(() => clearTimeout(stop)).then((b) => b.createCore((arg) => ownFile(() => factory(arg)), {
      wasmUrl, timeout: wasmTimeout,
      // The calls the start below makes, with its inputs as they are now.
      warm: warm && ((compiled) => warm(compiled, [['validateConfig', [configJson]], ['negotiateLanguage', [configJson, prefs()]],
        ['evaluate', [configJson, consentCookies(), now(), gpc(), region, verifiedCrawler]]])),
    })).catch((e) => {
      throw asError(error(501, 'wasm_unavailable', `the core did not load: ${e && e.message}`));
    });
    await pause();
    const valid = checked(loaded.validateConfig(configJson));
    // From here on the core's normalised config is the one source (`ui` is the
    // banner's, which the core leaves out).
    config = { ui: config.ui, ...valid.config };
    storedName = config.cookie.storedName;
    consentMode = config.consentMode.enabled;
    const pushed = window.cookiegateConsentDefault, wait = config.consentMode.waitForUpdate;
    if (!consentMode && pushed) tell('consent-default.js pushed Consent Mode\'s default, but the config does not turn consentMode on: no update follows, and Google\'s tags stay denied. Set consentMode.enabled: true, or remove consent-default.js');
    // An older consent-default.js (pasted inline before an upgrade) set only `true`.
    else if (consentMode && pushed && pushed.waitForUpdate >= 0 && pushed.waitForUpdate !== wait) tell(`consent-default.js told Google's tags to wait ${pushed.waitForUpdate} ms for the update, the config's consentMode.waitForUpdate is ${wait}: give it data-wait-for-update="${wait}"`);
    if (wantsLog(valid.config)) {
      // Without the file no receipt can be made: reported as receipts report it, and
      // decisions are still stored.
      const made = await (receiptsFile || loadReceipts()).then(
        (m) => m.createReceipts(valid.config, (e) => events.emit('error', e)),
        (e) => events.emit('error', { code: 506, name: 'receipt_unavailable', path: 'log.endpoint',
          message: `cookiegate-receipts.js did not load (${e && e.message}): serve it next to cookiegate.js / index.js; no receipt is sent meanwhile` }));
      receipts = made || null;
      if (receipts) await receipts.ready;  // the config's hash, before any decision is stored
    }
    await pause();
    settleLanguage(loaded);
    core = loaded;
    gate.configure(isAllowed, valid.config.categories);
    gateCategories = valid.config.categories.map((c) => ({
      id: c.id, services: c.services.map((v) => ({ id: v.id, scripts: v.scripts })),
    }));
    const stored = evaluate();
    // Only the core's answer for the very cookie the replay was read for can contradict
    // it: a cookie changed meanwhile (another tab's choice) and the queued calls below
    // are decisions of their own, withdrawals like any other.
    const contradicted = replayed && replayed.cookie === lastCookie && overreach(replayed.state, stored);
    // Queued calls apply on top of the first evaluation before anything is shown, so
    // an early click never flashes the banner again.
    // A trap is rethrown: fail() rejects the rest.
    const settled = [];
    // What the queued calls' answers name for clean-up (`cleanup` holds `withdrawn`), as
    // a call made now would delete it: a refusal of a re-ask, an earlier grant's data.
    const gone = { categories: [], services: [] };
    const add = (named) => { for (const k in gone) gone[k].push(...named[k]); return named; };
    const next = settleQueue(queue, stored, (q, st) => {
      const r = operations[q.kind](st, q.arg, q.how);
      add(r.cleanup);
      return r.state;
    }, (detail) => events.emit('error', detail), settled);
    // Whatever ran on the replay and is not allowed now is cleaned up as after a
    // withdrawal; where the core itself contradicts the replay (an entry it did not
    // write), the page hears why.
    // It names what ran and the entry, as a trial asked: only a script of the page can
    // have written that entry, and the names are what to look for in it.
    if (contradicted && toCleanUp(stored, contradicted)) {
      events.emit('error', error(507, 'replay_unconfirmed', `the stored answer replayed at start-up allowed what the core does not (${
        [...contradicted.categories, ...contradicted.services.map((v) => v.category + '.' + v.id)]
      }): cleaned up as a withdrawal; a script of the page wrote it (localStorage "${REPLAY_KEY}")`));
    }
    // Only what the replay let run needs the reload (withdrawn); nothing else ran here.
    commit(next, 'ready', replayed && add(overreach(replayed.state, next)), gone);
    for (const [c, v] of askedEarly.values()) checkedIsAllowed(c, v);
    askedEarly.clear();
    started = true;
    events.emit('ready', get());
    // An early choice is still a choice made here: listeners hear of it as of any other.
    if (settled.length) {
      if (!stored.record && next.record) events.emit('consent', get());
      if (decisions(stored) !== decisions(next)) events.emit('change', get());
    }
    for (const resolve of settled) resolve(get());
    gpcDefault();
    return get();
  })();
  // Handled here (fail closed, 'error' event); callers awaiting `ready` still see it reject.
  ready.catch((e) => fail(detailOf(e)));

  // The UI's own way in, handed out once (api.js gives it to the bundled UI at init):
  // its choices are recorded as the visitor's (source 'ui') only for a trusted user
  // event. A page script that clicks the banner's buttons makes untrusted events.
  let channelTaken = false;
  // The layer clicked, for the receipt (the names server/log.js renders texts for); any
  // other: 'banner', a first layer the log cannot name.
  const LAYER = /^(consent|reconsent|update|upcoming|opt-out|notice|pipl|gpc-conflict|preferences|placeholder(:[\w-]+(\.[\w-]+)?)?|separate:[\w-]+)$/;
  const asVisitor = (kind, arg) => (event, layer, ...args) => (event && event.isTrusted === true
    ? request(kind, arg(...args), { source: 'ui', layer: LAYER.test(layer) ? layer : 'banner' })
    : reject(error(505, 'untrusted_event', 'a choice on the banner needs a trusted user event (a script\'s click is not the visitor\'s); scripts call the API')));
  function visitorChannel() {
    if (channelTaken) return null;
    channelTaken = true;
    return {
      acceptAll: asVisitor('choice', () => ACCEPT_ALL),
      rejectAll: asVisitor('choice', () => REJECT_ALL),
      set: asVisitor('choice', custom),
      acknowledgeNotice: asVisitor('acknowledge', () => undefined),
      allow: asVisitor('choice', allowing),
      dismiss: asVisitor('choice', () => DISMISS),
      switchToStricter: asVisitor('choice', () => STRICTER),
      // The UI's first build waits for it too (see tagsFirst).
      tagsFirst,
    };
  }

  const runtime = {
    visitorChannel,
    get config() { return config; },
    ready,
    get,
    isAllowed: checkedIsAllowed,
    getState: () => state,
    get language() { return language; },
    // The language is not yet the core's answer, nor certain to be it (certainLanguage()).
    get languagePending() { return languagePending; },
    get failed() { return !!failure; },
    get failure() { return failure; },
    acceptAll: () => request('choice', ACCEPT_ALL),
    rejectAll: () => request('choice', REJECT_ALL),
    set: (categories, svcs) => request('choice', custom(categories, svcs)),
    allow: (category, service) => request('choice', allowing(category, service)),
    // What holds an element (gating.js heldBy): the placeholders' answer of which
    // service an embed belongs to, the same the gate acts on.
    heldBy: (el) => gate.heldBy(el),
    // For the UI's own failures (a part of it that did not load): the 'error' event
    // and the console, as the runtime's own.
    reportError: (detail) => events.emit('error', detail),
    acknowledgeNotice: () => request('acknowledge'),
    dismiss: () => request('choice', DISMISS),
    switchToStricter: () => request('choice', STRICTER),
    on(name, fn) {
      const names = ['ready', 'state', 'consent', 'change', 'notice', 'error'];
      if (!names.includes(name)) tell(`on("${name}"): no such event (${names.join(', ')})`);
      events.on(name, fn);
      // Late listeners still hear about a start-up that already happened.
      if (name === 'ready' && started && !failure) queueMicrotask(() => fn(get()));
      if (name === 'error' && failureTold) { const f = failure; queueMicrotask(() => fn(f)); }
      return () => events.off(name, fn);
    },
    off: events.off,
  };
  return runtime;
}
