// The runtime's pure state logic: what a state is made of before the core answers, what
// a page sees of a core state, what a new state changes, what a cookie write or a
// cookie change elsewhere means, and how calls queued before the core was ready settle.
// No DOM, cookies, storage, timers or events here: ./runtime.js reads the browser, calls
// these and carries out what they answer. Every rule stays the core's; these functions
// only read its answers (`allowed`, `record`, `prompt`, `withdrawn`).
import { SIGNALS } from './consent-mode.js';
import { isAllowed } from './utils/allowed.js';

/** An error detail as the core gives it: {code, name, path, message}. */
export const error = (code, name, message) => ({ code, name, path: '', message });
/** An Error carrying a detail's fields, for rejected promises. */
export const asError = (detail) => Object.assign(new Error(detail.message), detail);
/** The plain {code, name, path, message} of a core error or of anything thrown
 *  (502 runtime_error when it carries no code). */
export const detailOf = (e) => (e && typeof e.code === 'number'
  ? { code: e.code, name: e.name, path: e.path || '', message: e.message }
  : error(502, 'runtime_error', String(e && e.message)));

export const list = (v) => (Array.isArray(v) ? v : []);
// Before the core has validated it, the config is only trusted to be JSON: skip
// anything that is not an object instead of throwing at start-up.
const objects = (v) => list(v).filter((x) => x && typeof x === 'object');

/**
 * The site's config as the runtime holds it until the core has validated it.
 * @param {object|string|Error} input the config (object or JSON text), or the Error of
 *   reading it
 * @returns {{config: object, json: string, failure: object|null}} `json` is what the
 *   core is given; `failure` 100 config_not_json when it is not a JSON object (then
 *   `config` is {})
 */
export function readConfig(input) {
  let json = '';
  try {
    if (input instanceof Error) throw input;
    // Text is the config as written (its SyntaxError says where); anything else is what
    // init() was given, named as such (a trial's init(undefined) was told to check commas).
    const text = typeof input == 'string';
    json = text ? input : JSON.stringify(input) ?? '';
    // Checked as JSON gives it (an object whose toJSON() answers a string is a string).
    const config = text || json ? JSON.parse(json) : undefined;
    if (!config || typeof config != 'object' || Array.isArray(config)) throw new Error(`it is ${json.trim().slice(0, 20) || input}`);
    return { config, json, failure: null };
  } catch (e) {
    // A syntax error's line is counted within the config's own text (the browser's
    // message). The Error of reading it says what went wrong itself.
    return { config: {}, json, failure: error(100, 'config_not_json', e === input ? e.message : `the config is not ${e instanceof SyntaxError
      ? 'valid JSON (check commas, quotes and brackets; inline, line 1 is the <script> tag\'s)' : 'a JSON object'}: ${e && e.message}`) };
  }
}

/** The language texts use until the core has negotiated one: the config's first, else "en". */
export const firstLanguage = (config) => (typeof list(config.languages)[0] === 'string' ? config.languages[0] : 'en');

/**
 * The language the core's negotiation will give, when it is certain before the core has
 * loaded; null otherwise. The core (core/language.hpp) answers from the page's first
 * preference (`prefs[0]`: its <html lang>, else the browser's first) whenever one of
 * `languages` shares its primary subtag, taking an exact tag first, so it is certain
 * when one is exact or only one shares it (the core confirms it once ready), or when only
 * one language is offered (default ["en"]).
 * Anything else is the core's to work out: the banner then waits for it rather than
 * slide in in a language it would replace.
 * @param {object} config the raw config
 * @param {string[]} prefs the preferences given to the core, best first
 * @returns {string|null}
 */
export function certainLanguage(config, [first = '']) {
  // The core lower-cases ASCII only (BCP 47): JS's toLowerCase() makes "\u212Ao" "ko".
  if (/[^\0-\x7f]/.test(first)) first = '';
  const primary = (tag) => String(tag).split('-')[0].toLowerCase();
  const offered = list(config.languages ?? ['en']);
  const same = offered.filter((l) => first && primary(l) == primary(first));
  return offered[1] ? same.find((l) => String(l).toLowerCase() == first.toLowerCase()) || (same[1] ? null : same[0] ?? null) : offered[0] ?? null;
}

/** The consent cookie's name in the raw config (the core's `cookie.storedName` from 'ready' on). */
export function storedNameOf(config) {
  const c = (config.cookie && typeof config.cookie === 'object') ? config.cookie : {};
  return (c.hostPrefix ? '__Host-' : '') + (c.name || 'cookiegate');
}

/**
 * The state before the core has answered (or after it failed): the core's State shape
 * (core/boundary.hpp), every Consent Mode signal denied, and at most the required
 * categories allowed.
 * @param {object} config the raw config
 * @param {boolean} failed the core is unavailable: `failed: true`, not `pending`
 * @param {import('../types/index.js').Prompt} prompt 'consent' when there is no consent cookie; on failure, the prompt the state had
 * @param {boolean} ok whether the required categories count as allowed
 * @returns {import('../types/index.js').State}
 */
export function provisional(config, failed, prompt, ok) {
  const signals = /** @type {import('../types/index.js').State['consentMode']} */ ({});
  for (const s of SIGNALS) signals[s] = 'denied';
  return {
    pending: !failed, failed, prompt, reason: prompt === 'consent' ? 'no_record' : 'none',
    recordError: null, policy: (config.policy && config.policy.version) || null, notice: null,
    gpcApplied: false, firstLayerReject: 'reject_all', expiresAt: null, validUntil: null, record: null, consentMode: signals,
    categories: objects(config.categories).map((c) => ({
      id: c.id, required: !!c.required, allowed: ok && !!c.required, ask: !c.required,
      changed: false, gpc: false,
      services: objects(c.services).map((s) => ({ id: s.id, allowed: ok && !!c.required })),
    })),
  };
}

/** Every allowed flag of a state in one string: equal strings, equal decisions. */
export const decisions = (st) => st.categories.map((c) =>
  [c.allowed, ...list(c.services).map((s) => s.allowed)].join()).join(';');

/**
 * The page's view of a state (the API's get()): one frozen snapshot per state, the same
 * object until the state, readiness or language changes, as useSyncExternalStore needs.
 * Maps have no prototype, so get().categories.toString is not mistaken for a category.
 * @returns {(state: object, ready: boolean, language: string) => import('../types/index.js').Consent}
 */
export function snapshots() {
  let snap = null;
  let snapOf = null;
  return (s, ready, language) => {
    if (snap && snapOf === s && snap.ready === ready && snap.language === language) return snap;
    const rec = s.record || {};
    const categories = Object.create(null);
    const svcs = Object.create(null);
    for (const c of s.categories) {
      categories[c.id] = isAllowed(s, c.id);
      for (const v of list(c.services)) svcs[v.id] = isAllowed(s, c.id, v.id);
    }
    snapOf = s;
    return (snap = Object.freeze({
      ready, failed: !!s.failed, prompt: s.prompt, reason: s.reason,
      policyVersion: s.policy, notice: s.notice || null, gpcApplied: !!s.gpcApplied,
      consentId: rec.id || null, created: rec.created ?? null, updated: rec.updated ?? null,
      consentedPolicy: rec.policy || null, method: rec.method || null,
      expiresAt: s.expiresAt ?? null, language, categories: Object.freeze(categories),
      services: Object.freeze(svcs),
      record: s.record || null,  // as decoded by the core: what was agreed to, when, how
      // With a config's `regions`: the profile in force and what its first layer is
      // (core/boundary.hpp `regional`); null without regions or before the core is ready.
      regional: s.regional || null,
    }));
  };
}

/**
 * The events a new state makes due, in the order they are emitted ('state' always comes
 * first and is not listed): 'consent' for the first record (except at 'ready', whose
 * own event says it), 'change' when a choice here or elsewhere changed a decision,
 * 'notice' when a notice is newly asked for, or asked for at 'ready'.
 * @param {'ready'|'choice'|'remote'|'queued'|'error'} why where `next` comes from
 * @returns {('consent'|'change'|'notice')[]}
 */
export const eventsDue = (prev, next, why) => /** @type {('consent'|'change'|'notice')[]} */ ([
  why !== 'ready' && !prev.record && next.record && 'consent',
  (why === 'choice' || why === 'remote') && decisions(prev) !== decisions(next) && 'change',
  next.prompt === 'notice' && (prev.prompt !== 'notice' || why === 'ready') && 'notice',
].filter(Boolean));

/**
 * What to clean up after the core's answer of what a change withdrew
 * ({categories, services}): only what was withdrawn from a state of the core's (before
 * it was ready nothing ran); null for nothing.
 */
export const toCleanUp = (prev, withdrawn) => (!prev.pending && !prev.failed && withdrawn &&
  (withdrawn.categories.length || withdrawn.services.length) ? withdrawn : null);

/**
 * The cookies and storage keys of the withdrawn services (the config's `cookies` and
 * `storage` of each), to delete, and those of the services `st` still allows, to keep:
 * two services may list one name (one `_ga` for analytics and for ads), and what a
 * service the visitor still allows uses stays.
 * @param {object} config the core's validated config
 * @param {{services: {category: string, id: string}[]}} withdrawn the core's answer
 * @param {{categories: {id: string, allowed: boolean, services: {id: string, allowed: boolean}[]}[]}} st
 *   the core's state after the change
 * @returns {{cookies: string[], storage: string[], keep: {cookies: string[], storage: string[]}}}
 */
export function withdrawnData(config, withdrawn, st) {
  const gone = new Set(withdrawn.services.map((v) => v.category + '\n' + v.id));
  const del = { cookies: [], storage: [] };
  const keep = { cookies: [], storage: [] };
  // Also the config as written (a core that never loaded normalised nothing).
  for (const c of objects(config.categories)) {
    for (const v of objects(c.services)) {
      // What `st` allows stays, even when an earlier queued call's answer named it (Reject
      // all, then Accept all, while the core loaded), and so do the required ones.
      const to = c.required || isAllowed(st, c.id, v.id) ? keep : gone.has(c.id + '\n' + v.id) && del;
      if (to) { to.cookies.push(...list(v.cookies)); to.storage.push(...list(v.storage)); }
    }
  }
  return { ...del, keep };
}

/**
 * Whether the consent cookie's pairs as read after a write hold the `name=value` written
 * (a planted copy beside it does not hide it). When not, and they differ from what was
 * there before, another tab's write landed in between; when they are unchanged, the
 * browser refused the cookie (a domain not this host's, Secure on http, blocked cookies).
 */
export const wasStored = (written, cookies) => cookies.split(';').some((p) => p.trim() === written);

/**
 * Whether a possible change of the consent cookie elsewhere (another tab's message, or
 * a look at the cookie) needs the core's evaluation: only once the core is ready, never
 * after a failure or with a refused cookie (re-reading it would ask again on this page),
 * and without a message only when the cookie differs from the last one seen.
 */
export const remoteChangeDue = (ready, failed, unstored, message, cookie, lastCookie) =>
  ready && !failed && !unstored && (!!message || cookie !== lastCookie);

/**
 * The state while a call waits for the core: a choice made meanwhile takes the
 * provisional banner away (not allow(), which leaves the rest to be asked). Null: no
 * change.
 */
export const queuedState = (state, kind, arg) => (kind === 'choice' && arg.kind !== 'allow' && state.prompt !== 'none'
  ? { ...state, prompt: 'none', reason: 'none' } : null);

/**
 * Applies the calls queued before the core was ready, in order, each on the state the
 * previous one left, and empties the queue. A refused call is rejected and reported; a
 * trap (wasm_trap) is rethrown after rejecting its call (the caller fails closed).
 * @param {{resolve: Function, reject: Function}[]} queue
 * @param {object} state the first evaluation
 * @param {(call: object, state: object) => object} apply the call's new state
 * @param {(detail: object) => void} report
 * @param {Function[]} settled receives the resolve functions of the calls that succeeded
 * @returns {object} the state after them all
 */
export function settleQueue(queue, state, apply, report, settled) {
  while (queue.length) {
    const q = queue.shift();
    try {
      state = apply(q, state);
      settled.push(q.resolve);
    } catch (e) {
      q.reject(e);
      const detail = detailOf(e);
      if (detail.name === 'wasm_trap') throw e;
      report(detail);
    }
  }
  return state;
}

/** Whether GPC alone decided everything (honoured categories refused, nothing left to
 *  ask, no record yet): that decision is then stored like any other. */
export const gpcDefaultDue = (state) => !!state.gpcApplied && !state.record && state.prompt === 'none';

/** The choices (core/boundary.hpp `choice`) of the API's calls. */
export const ACCEPT_ALL = { kind: 'accept_all' };
export const REJECT_ALL = { kind: 'reject_all' };
// The banner closed without a choice: what the core makes of it depends on the profile
// (nothing decided under opt-out and notice, a refusal under opt-in and pipl).
export const DISMISS = { kind: 'dismiss' };
export const STRICTER = { kind: 'stricter' };
// What is left missing (undefined, null) is sent as such: the core refuses a custom
// choice naming nothing (set() with nothing is no refusal of everything).
const copy = (o) => o == null ? o : { ...o };
export const custom = (categories, services) => ({ kind: 'custom', categories: copy(categories), services: copy(services) });
/** One service (and its category) on top of what was chosen; the rest is untouched. */
export const allowing = (category, service) => ({ kind: 'allow', categories: { [category]: true },
  services: service ? { [service]: true } : {} });
