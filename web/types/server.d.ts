// Hand-written types of the server entry `cookiegate/server` (web/src/server.js): the
// same core on a server.
import type { CookieGateConfig, CookieGateError, State } from './index.js';

export type { CookieGateConfig, CookieGateError, State } from './index.js';

export type Result<T> = ({ ok: true } & T) | { ok: false; error: CookieGateError };

export interface CookieInstruction {
  name: string;
  value: string;
  maxAge: number;
  domain: string;
  path: string;
  sameSite: string;
  secure: boolean;
}

export interface Choice {
  kind: 'accept_all' | 'reject_all' | 'custom' | 'allow' | 'gpc_default';
  categories?: Record<string, boolean>;
  services?: Record<string, boolean>;
}

/** What a change took away (core/boundary.hpp): every category and service allowed
 *  before and not after, a withdrawn category's services included, in config order. */
export interface Withdrawn {
  categories: string[];
  services: { category: string; id: string }[];
}

export interface Core {
  readonly broken: boolean;
  memoryBytes(): number;
  validateConfig(configJson: string): Result<{ config: Record<string, unknown> }>;
  evaluate(configJson: string, cookieHeader: string, now: number, gpc: boolean): Result<{ state: State }>;
  choose(configJson: string, cookieHeader: string, now: number, gpc: boolean, choice: Choice,
         randomHex: string, language: string):
    Result<{ cookie: CookieInstruction; state: State; withdrawn: Withdrawn }>;
  /** `withdrawn` is always empty here: acknowledging decides nothing. */
  acknowledge(configJson: string, cookieHeader: string, now: number, gpc: boolean):
    Result<{ cookie: CookieInstruction; state: State; withdrawn: Withdrawn }>;
  /** A cookie changed from outside (another tab): both headers evaluated at `now`. */
  evaluateChange(configJson: string, previousCookieHeader: string, cookieHeader: string,
                 now: number, gpc: boolean): Result<{ state: State; withdrawn: Withdrawn }>;
  negotiateLanguage(configJson: string, preferences: string[]): Result<{ language: string }>;
  textKeys(): Result<{ keys: string[]; builtin: string[] }>;
}

export interface RequestOptions {
  /** Seconds since the epoch (default Date.now() / 1000); milliseconds are refused. */
  now?: number;
  /** The request's Sec-GPC header is "1". */
  gpc?: boolean;
}

/** A request's state; on any error `{error, categories: []}` (nothing allowed). */
export type RequestState = State | { error: CookieGateError; categories: [] };

/** A config validated once (ServerCore.prepare), for many requests. */
export interface PreparedConfig {
  readonly ok: true;
  /** The core's normalised config: every default filled in. */
  readonly config: Record<string, unknown>;
  evaluateRequest(cookieHeader: string | undefined | null, options?: RequestOptions): RequestState;
  isAllowed: typeof isAllowed;
}

export interface ServerCore extends Core {
  /** The state for a request's Cookie header; `config` is the object or its JSON text. */
  evaluateRequest(config: CookieGateConfig | string, cookieHeader: string | undefined | null,
                  options?: RequestOptions): RequestState;
  /** Validates `config` once; the handle's evaluateRequest never parses it again. */
  prepare(config: CookieGateConfig | string): Promise<PreparedConfig | { ok: false; error: CookieGateError }>;
  isAllowed: typeof isAllowed;
}

/** How long loading may take by default before createCore gives up (ms). */
export const DEFAULT_TIMEOUT_MS: number;

export const MAX_CONFIG_BYTES: number;
export const MAX_COOKIE_HEADER_BYTES: number;
export const MAX_CHOICE_BYTES: number;
export const MAX_PREFERENCES_BYTES: number;
export const MAX_SHORT_BYTES: number;

export function createCore(factory: (moduleArg?: object) => Promise<unknown>,
                           options: { wasmUrl?: string | URL; wasmBinary?: ArrayBufferView | ArrayBuffer;
                                      fetchImpl?: typeof fetch;
                                      /** ms before loading gives up (default 10000, 0: none) */
                                      timeout?: number }): Promise<Core>;
export function createServerCore(options?: { wasmDir?: string | URL }): Promise<ServerCore>;
export function isAllowed(state: { categories?: unknown } | null | undefined, category: string,
                          service?: string | null): boolean;
