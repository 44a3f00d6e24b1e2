// Hand-written types of the browser entry (web/src/index.js) and of the global
// `CookieGate` of the script-tag bundle. Keep in step with web/src/runtime.js
// (tests/node/declarations.test.mjs checks every runtime export is declared here).
import type { ConfigArgument } from './config.js';

export type {
  CategoryConfig, ConfigArgument, CookieGateConfig, CookieGateConfigJson, CookieTableRow, LocalizedText, OptionalCategoryConfig,
  PolicyVersion, Recipient, RequiredCategoryConfig, ServiceConfig, TextKey, UiOptions,
} from './config.js';

export type Signal =
  | 'ad_storage' | 'ad_user_data' | 'ad_personalization' | 'analytics_storage'
  | 'functionality_storage' | 'personalization_storage' | 'security_storage';

export type Prompt = 'consent' | 'reconsent' | 'notice' | 'none';

/** Why the visitor is asked (core/boundary.hpp). */
export type Reason =
  | 'none' | 'no_record' | 'invalid_record' | 'expired' | 'future_version'
  | 'major_update' | 'category_changed' | 'service_added'
  /** pipl only: a refusal is 48 hours old, so it may be asked again; nothing changed. */
  | 'reask_after_refusal';

/**
 * A core error as a value: stable code and name, field path, what to fix. Codes
 * 100-110 (config_*), 200-209 (record_*), 300-304 (choice_*) and 400-401 (input_*) are
 * the core's (core/error.hpp); the JS side adds `JsErrorName`s. Every one the runtime
 * emits is also written to the console once: `CookieGate: error CODE NAME: MESSAGE`.
 */
export interface CookieGateError {
  code: number;
  name: string;
  path: string;
  message: string;
}

/**
 * Errors only the JS side raises:
 * - 100 `config_not_json`: the config is not valid JSON (the browser's line and column, within the
 *   config's text) or not an object, or its element/URL is missing;
 * - 401 `input_invalid`: also a string with a lone UTF-16 surrogate (checked before the core);
 * - 500 `wasm_trap`: the core trapped and is disabled for the page;
 * - 501 `wasm_unavailable`: the bridge, the glue or the .wasm did not load (404, CORS, CSP without
 *   'wasm-unsafe-eval', wasmTimeout); the message names the URL and the likely fix;
 * - 502 `runtime_error`: anything else thrown inside the runtime;
 * - 503 `activation_failed`: a gated element could not be activated;
 * - 504 `cookie_not_stored`: the browser refused the consent cookie (cookie.domain,
 *   cookie.secure, cookie.hostPrefix); the choice holds on this page only;
 * - 507 `replay_unconfirmed`: the answer replayed at start-up allowed something the
 *   core, once ready, does not (an entry CookieGate did not write): cleaned up as a
 *   withdrawal;
 * - 508 `chunk_unavailable`: a part loaded on demand did not load: the script tag's
 *   runtime (nothing gated runs), cookiegate-placeholders.js (embeds stay held, without
 *   a placeholder), cookiegate-regional.js (the opt-in banner stands in),
 *   cookiegate-preferences.js (the consent layer, with Reject all, stands in for the
 *   dialog);
 * - 509 `consent_default_late`: Google's tags saw a command (gtag `config`/`event`, a Tag
 *   Manager event) before CookieGate's Consent Mode default, or window.dataLayer was
 *   replaced after it (the default is then pushed again); path `consentMode`;
 * - 510 `placement`: cookiegate.js broke the placement rule (async, defer, a module,
 *   after other scripts, or its inline config after it): what ran before it was not held;
 * - 511 `init_repeated`: init() was called again with another config, or with options
 *   other than the first call's, which do not apply until the page is loaded again.
 */
export type JsErrorName = 'config_not_json' | 'input_invalid' | 'wasm_trap' | 'wasm_unavailable'
  | 'runtime_error' | 'activation_failed' | 'cookie_not_stored' | 'untrusted_event'
  | 'receipt_refused' | 'receipt_unavailable' | 'replay_unconfirmed' | 'chunk_unavailable'
  | 'consent_default_late' | 'placement' | 'init_repeated';

export interface ServiceState { id: string; allowed: boolean }

export interface CategoryState {
  id: string;
  required: boolean;
  allowed: boolean;
  ask: boolean;
  changed: boolean;
  gpc: boolean;
  services: ServiceState[];
}

export interface ConsentRecord {
  id: string;
  created: number;
  updated: number;
  policy: string;
  acknowledged: string;
  method: string;
  gpcApplied: boolean;
  /** Who made the last change: 'ui' only for a trusted click on CookieGate's own UI. */
  source: 'ui' | 'api';
  language: string;
  /** Format 2 records (configs with `regions`): the profile, region and model in force
   *  at the decision, and whether a sale/sharing grant was given with GPC on. */
  profile?: string;
  region?: string | null;
  model?: Model;
  gpcConsented?: boolean;
  /** The visitor switched to the strictest profile (`profile` is then 'unknown'). */
  stricter?: boolean;
  /** `chosen` (format 2): the visitor chose it; false for a refusal written without a click. */
  categories: { id: string | null; revision: number; granted: boolean; chosen?: boolean }[];
  services: { id: string | null; granted: boolean }[];
}

/** A regional profile's consent model (core/profile.hpp). */
export type Model = 'opt-in' | 'opt-out' | 'notice' | 'pipl';

/** What the regional profile asks of the UI (present when the config has `regions`). */
export interface RegionalState {
  /** The selector that matched: 'US-CA', 'DE', 'EEA', '*' or 'unknown'. */
  profile: string;
  /** The canonical region, or null when unknown. */
  region: string | null;
  model: Model;
  /** The first layer to show now (the model's), or null. */
  firstLayer: Model | null;
  /** A persistent "Do Not Sell or Share My Personal Information" link is required. */
  optOutLink: boolean;
  /** GPC refused sale/sharing: show the "signal honoured" confirmation, no pop-up. */
  gpcHonoured: boolean;
  /** GPC overrides a stored grant of sale/sharing (the visitor may be told and asked). */
  gpcConflict: boolean;
  /** pipl: services awaiting their separate consent, one sheet each. */
  separate: string[];
  /** The visitor may switch to the strictest rules (`switchToStricter()`): opt-out and notice. */
  stricterOffered: boolean;
  /** The profile in force is the visitor's switch to the strictest one. */
  stricterChosen: boolean;
}

/** The core's state (core/boundary.hpp), plus the runtime's pending/failed flags. */
export interface State {
  prompt: Prompt;
  reason: Reason;
  recordError: { code: number; name: string } | null;
  policy: string | null;
  notice: { kind: 'update' | 'upcoming'; version: string; effective?: string } | null;
  gpcApplied: boolean;
  expiresAt: number | null;
  /** Unix seconds: the first instant at which the same inputs (config text, consent
   *  cookie, GPC, core build) give a different state; null when none does. */
  validUntil: number | null;
  /** What the first layer's Reject all refuses: every optional category (a
   *  reject_all), or 'asked': only the categories with `ask`, what stands for the others
   *  kept (a re-ask about some categories while others' decisions stand). */
  firstLayerReject: 'reject_all' | 'asked';
  categories: CategoryState[];
  consentMode: Record<Signal, 'granted' | 'denied'>;
  record: ConsentRecord | null;
  regional?: RegionalState;
  /** Provisional: the core is not ready yet. */
  pending?: boolean;
  /** The core is unavailable: nothing is allowed. */
  failed?: boolean;
}

/** What get() answers and most events carry: frozen, and the same object until the
 *  state changes (a useSyncExternalStore snapshot). */
export interface Consent {
  ready: boolean;
  failed: boolean;
  prompt: Prompt;
  reason: Reason;
  /** The policy version in force now. */
  policyVersion: string | null;
  notice: State['notice'];
  gpcApplied: boolean;
  consentId: string | null;
  created: number | null;
  updated: number | null;
  /** The policy version the stored record was given for. */
  consentedPolicy: string | null;
  method: string | null;
  expiresAt: number | null;
  language: string;
  /** Allowed per category id (an object without a prototype). */
  readonly categories: Readonly<Record<string, boolean>>;
  /** Allowed per service id (an object without a prototype). */
  readonly services: Readonly<Record<string, boolean>>;
  /** The stored record as decoded by the core, or null. */
  record: ConsentRecord | null;
  /** With a config's `regions`: the profile in force and its first layer; else null. */
  regional: RegionalState | null;
}

export interface EventMap {
  ready: Consent;
  consent: Consent;
  change: Consent;
  notice: NonNullable<State['notice']>;
  error: CookieGateError;
  state: State;
}
export type EventName = keyof EventMap;
export type Listener<E extends EventName> = (detail: EventMap[E]) => void;
/** Removes the listener on() added. */
export type Unsubscribe = () => void;

export interface InitOptions {
  /** Where the .wasm is (default: next to the script / module). */
  wasmUrl?: string | URL;
  /** Reload after a category is withdrawn so running scripts stop (default true). */
  reloadOnWithdrawal?: boolean;
  /** Milliseconds the core may take to load before CookieGate fails closed with an
   *  `error` event (`wasm_unavailable`); default 10000, 0 for no limit. */
  wasmTimeout?: number;
  /** Mount the bundled banner when the build has one (default true). */
  ui?: boolean;
  /** The visitor's region as the site's server or CDN names it: ISO 3166-2 ('US-CA')
   *  or ISO 3166-1 ('DE'); '' or absent = unknown (the config's opt-in `unknown`
   *  profile). Read only with a config's `regions`; CookieGate never geolocates. */
  region?: string;
  /** The site's server verified a crawler (user agent plus reverse and forward DNS):
   *  no banner, nothing optional allowed, no record. Default false. */
  verifiedCrawler?: boolean;
}

/** The object mountUI() receives (see UiRuntime in web/src/runtime.js). */
export interface Runtime {
  /** The raw config until the core is ready, then the core's validated, normalised one. */
  readonly config: Record<string, unknown>;
  readonly ready: Promise<Consent>;
  readonly language: string;
  /** `language` is not yet the core's answer, nor certain to be it: a UI waits for
   *  'ready' rather than show one it would then replace. Stays true after a failure
   *  (`failed` comes first then); a missing value counts as false. */
  readonly languagePending?: boolean;
  readonly failed: boolean;
  /** Why it failed, or null; config_* codes (100-199): the site's config is wrong. */
  readonly failure: CookieGateError | null;
  getState(): State;
  get(): Consent;
  isAllowed(category: string, service?: string): boolean;
  acceptAll(): Promise<Consent>;
  rejectAll(): Promise<Consent>;
  set(categories: Record<string, boolean>, services?: Record<string, boolean>): Promise<Consent>;
  allow(category: string, service?: string): Promise<Consent>;
  /** What keeps a gated element from running now: the refused category (and service)
   *  the gate holds it for, `{}` before the core is ready, null when it may run. */
  heldBy(el: Element): { category?: string; service?: string } | null;
  /** Emits an 'error' event (and logs it to the console) for a failure of the UI's own,
   *  such as a part loaded on demand that did not load (508 chunk_unavailable). */
  reportError(detail: CookieGateError): void;
  acknowledgeNotice(): Promise<Consent>;
  /** The banner was closed without a choice (choice `dismiss`): under opt-in and pipl a
   *  refusal of what is still undecided, under opt-out and notice nothing is decided. */
  dismiss(): Promise<Consent>;
  /** The visitor takes the strictest rules (choice `stricter`): offered when
   *  `regional.stricterOffered`, refused (choice_invalid) elsewhere. */
  switchToStricter(): Promise<Consent>;
  on<E extends EventName>(event: E, fn: Listener<E>): Unsubscribe;
  off<E extends EventName>(event: E, fn: Listener<E>): void;
  /** The way in for a banner's clicks, handed out once: the bundled banner takes it at
   *  init(); with `ui: false` (`data-ui="off"`) a site's own banner may. null once taken. */
  visitorChannel(): VisitorChannel | null;
}

/**
 * A banner's choices as the visitor's own (`record.source: "ui"`). Each method takes the
 * click's event first: only a trusted user event (`event.isTrusted`, not a script's
 * `click()`) makes the choice; any other is refused with error 505 untrusted_event
 * (console and 'error' event) and changes nothing. `layer` says where the visitor
 * chose, for the receipt sent to `log.endpoint`, so the consent log shows that layer's
 * texts (README "Proof of consent"); any other value, or none, is sent as "banner": a
 * first layer the log cannot name.
 */
export interface VisitorChannel {
  acceptAll(event: Event, layer?: ChoiceLayer): Promise<Consent>;
  rejectAll(event: Event, layer?: ChoiceLayer): Promise<Consent>;
  set(event: Event, layer: ChoiceLayer | undefined, categories: Record<string, boolean>,
      services?: Record<string, boolean>): Promise<Consent>;
  allow(event: Event, layer: ChoiceLayer | undefined, category: string, service?: string): Promise<Consent>;
  acknowledgeNotice(event: Event, layer?: ChoiceLayer): Promise<Consent>;
  dismiss(event: Event, layer?: ChoiceLayer): Promise<Consent>;
  switchToStricter(event: Event, layer?: ChoiceLayer): Promise<Consent>;
}
/** The bundled UI's layers by their `data-variant`; `separate:SERVICE` a PIPL separate
 *  consent's sheet, `placeholder:CATEGORY[.SERVICE]` a placeholder's Load. */
export type ChoiceLayer = 'consent' | 'reconsent' | 'update' | 'upcoming' | 'opt-out' | 'notice' | 'pipl'
  | 'gpc-conflict' | 'preferences' | 'placeholder' | `placeholder:${string}` | `separate:${string}` | 'banner';

/** Starts CookieGate once; later calls return the same runtime. `config` is the config
 *  object or its JSON text (checked by the core either way); ConfigArgument says which
 *  type TypeScript checks it against, an object literal written here with its
 *  excess-property check. */
export function init<const C>(config: ConfigArgument<C>, options?: InitOptions): Runtime;
/** Settles once: resolves when the core has evaluated the cookie, rejects when it cannot. */
export const ready: Promise<Consent>;
/** null before init(). */
export function get(): Consent | null;
/** From the latest core state; before it only required categories are allowed. */
export function isAllowed(category: string, service?: string): boolean;
export function acceptAll(): Promise<Consent>;
export function rejectAll(): Promise<Consent>;
/**
 * A custom choice: the listed categories and services; unlisted categories keep a
 * standing earlier decision, else are refused. A service set to `true` in a category
 * that stays refused, or a service named without its never-decided category where it
 * runs by default (opt-out, notice), rejects with error 300 `choice_invalid` (path
 * `services.<id>`), and nothing is saved: name the category with it.
 */
export function set(categories: Record<string, boolean>, services?: Record<string, boolean>): Promise<Consent>;
/**
 * Click-to-load: allows `category` — only its `service`, when given — on top of the
 * visitor's choices. Every other decision stays as it was; categories not decided yet
 * stay to be asked.
 */
export function allow(category: string, service?: string): Promise<Consent>;
export function acknowledgeNotice(): Promise<Consent>;
/** The banner was closed without a choice (choice `dismiss`; README "Regions"). */
export function dismiss(): Promise<Consent>;
/** The visitor takes the strictest rules (choice `stricter`; README "Regions"). */
export function switchToStricter(): Promise<Consent>;
/** Returns a function that removes the listener. */
export function on<E extends EventName>(event: E, fn: Listener<E>): Unsubscribe;
export function off<E extends EventName>(event: E, fn: Listener<E>): void;
/**
 * Runs `fn` once, as soon as the core allows `category` (and `service`): at once when
 * it already does, when the stored consent has been read, or after a choice here or
 * in another tab. Returns a function that cancels it.
 */
export function onAllowed(category: string, fn: (consent: Consent) => void): Unsubscribe;
export function onAllowed(category: string, service: string | null | undefined,
                          fn: (consent: Consent) => void): Unsubscribe;
/** Mounts the bundled banner on `runtime` (what init() returned). `destroy()` removes it
 *  and its listeners (`off`); no later state, error or body swap brings it back. */
export function mountUI(runtime: Runtime): { open(): void; close(): void; destroy(): void };
/** Opens the preferences dialog of the banner init() mounted (a no-op without one: with
 *  `ui: false`, or a banner mounted by mountUI(), whose open() does it). */
export function showPreferences(): Promise<void>;

/** A runtime of its own, without the API's queueing (what init() builds on). */
export function createRuntime<const C>(config: ConfigArgument<C> | Error, options: InitOptions & {
  /** The emscripten factory (cookiegate-core.js's default export) or a loader of it. */
  factory: (moduleArg?: object) => Promise<unknown>;
}): Runtime;

declare const CookieGate: {
  init: typeof init; ready: typeof ready; get: typeof get; isAllowed: typeof isAllowed;
  acceptAll: typeof acceptAll; rejectAll: typeof rejectAll; set: typeof set; allow: typeof allow;
  acknowledgeNotice: typeof acknowledgeNotice; dismiss: typeof dismiss;
  switchToStricter: typeof switchToStricter; showPreferences: typeof showPreferences;
  on: typeof on; off: typeof off; onAllowed: typeof onAllowed;
};
export default CookieGate;

/**
 * `window.CookieGate` as the script tag sets it: cookiegate.js defines it at once and
 * queues calls until cookiegate-runtime.js has loaded, so `init()` may answer with a
 * promise of the runtime; meanwhile `get()` is null and `isAllowed()` false. If that
 * file cannot load, queued and later calls reject with 508 chunk_unavailable.
 */
export type ScriptTagCookieGate = Omit<typeof CookieGate, 'init'> & {
  init<const C>(config: ConfigArgument<C>, options?: InitOptions): Runtime | Promise<Runtime>;
};

declare global {
  interface Window {
    /** Set by the script-tag bundle (cookiegate.js). */
    CookieGate?: ScriptTagCookieGate;
  }
  interface WindowEventMap {
    'cookiegate:ready': CustomEvent<Consent>;
    'cookiegate:consent': CustomEvent<Consent>;
    'cookiegate:change': CustomEvent<Consent>;
    'cookiegate:notice': CustomEvent<NonNullable<State['notice']>>;
    'cookiegate:error': CustomEvent<CookieGateError>;
    'cookiegate:state': CustomEvent<State>;
  }
}
