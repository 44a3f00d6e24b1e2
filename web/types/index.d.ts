// Hand-written types of the browser entry (web/src/index.js) and of the global
// `CookieGate` of the script-tag bundle. Keep in step with web/src/runtime.js.

export type Signal =
  | 'ad_storage' | 'ad_user_data' | 'ad_personalization' | 'analytics_storage'
  | 'functionality_storage' | 'personalization_storage' | 'security_storage';

export type Prompt = 'consent' | 'reconsent' | 'notice' | 'none';

/** A core error as a value: stable code and name, field path, what to fix. */
export interface CookieGateError {
  code: number;
  name: string;
  path: string;
  message: string;
}

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
  categories: { id: string | null; revision: number; granted: boolean }[];
  services: { id: string | null; granted: boolean }[];
}

/** The core's state (core/boundary.hpp), plus the runtime's pending/failed flags. */
export interface State {
  prompt: Prompt;
  reason: string;
  recordError: { code: number; name: string } | null;
  policy: string | null;
  notice: { kind: 'update' | 'upcoming'; version: string; effective?: string } | null;
  gpcApplied: boolean;
  expiresAt: number | null;
  categories: CategoryState[];
  consentMode: Record<Signal, 'granted' | 'denied'>;
  record: ConsentRecord | null;
  /** Provisional: the core is not ready yet. */
  pending?: boolean;
  /** The core is unavailable: nothing is allowed. */
  failed?: boolean;
}

/** What get() answers and most events carry. */
export interface Consent {
  ready: boolean;
  failed: boolean;
  prompt: Prompt;
  reason: string;
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
  categories: Record<string, boolean>;
  services: Record<string, boolean>;
  /** The stored record as decoded by the core, or null. */
  record: ConsentRecord | null;
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
}

/** The object mountUI() receives (see UiRuntime in web/src/runtime.js). */
export interface Runtime {
  readonly config: Record<string, unknown>;
  readonly ready: Promise<Consent>;
  readonly language: string;
  readonly failed: boolean;
  getState(): State;
  get(): Consent;
  isAllowed(category: string, service?: string): boolean;
  acceptAll(): Promise<Consent>;
  rejectAll(): Promise<Consent>;
  set(categories: Record<string, boolean>, services?: Record<string, boolean>): Promise<Consent>;
  acknowledgeNotice(): Promise<Consent>;
  on<E extends EventName>(event: E, fn: Listener<E>): void;
  off<E extends EventName>(event: E, fn: Listener<E>): void;
}

/** Starts CookieGate once; later calls return the same runtime. */
export function init(config: object | string, options?: InitOptions): Runtime;
/** Settles once: resolves when the core has evaluated the cookie, rejects when it cannot. */
export const ready: Promise<Consent>;
/** null before init(). */
export function get(): Consent | null;
/** From the latest core state; before it only required categories are allowed. */
export function isAllowed(category: string, service?: string): boolean;
export function acceptAll(): Promise<Consent>;
export function rejectAll(): Promise<Consent>;
export function set(categories: Record<string, boolean>, services?: Record<string, boolean>): Promise<Consent>;
export function acknowledgeNotice(): Promise<Consent>;
export function on<E extends EventName>(event: E, fn: Listener<E>): void;
export function off<E extends EventName>(event: E, fn: Listener<E>): void;
/** The bundled banner, or null in a build without one. */
export const mountUI: ((runtime: Runtime) => { open(): void; close(): void; destroy(): void }) | null;
/** Opens the bundled preferences dialog (no-op without the bundled UI). */
export function showPreferences(): Promise<void>;

declare const CookieGate: {
  init: typeof init; ready: typeof ready; get: typeof get; isAllowed: typeof isAllowed;
  acceptAll: typeof acceptAll; rejectAll: typeof rejectAll; set: typeof set;
  acknowledgeNotice: typeof acknowledgeNotice; showPreferences: typeof showPreferences;
  on: typeof on; off: typeof off;
};
export default CookieGate;

declare global {
  interface Window {
    /** Set by the script-tag bundle (cookiegate.js). */
    CookieGate?: typeof CookieGate;
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
