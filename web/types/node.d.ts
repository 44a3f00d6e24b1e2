// Hand-written types of the node entry (web/src/node.js): the same core on a server.
import type { CookieGateError, State } from './index.js';

export type { CookieGateError, State } from './index.js';

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
  kind: 'accept_all' | 'reject_all' | 'custom' | 'gpc_default';
  categories?: Record<string, boolean>;
  services?: Record<string, boolean>;
  /** 'ui' only for a trusted click on CookieGate's own UI; default 'api'. */
  source?: 'ui' | 'api';
}

export interface Core {
  readonly broken: boolean;
  memoryBytes(): number;
  validateConfig(configJson: string): Result<{ config: Record<string, unknown> }>;
  evaluate(configJson: string, cookieHeader: string, now: number, gpc: boolean): Result<{ state: State }>;
  choose(configJson: string, cookieHeader: string, now: number, gpc: boolean, choice: Choice,
         randomHex: string, language: string): Result<{ cookie: CookieInstruction; state: State }>;
  acknowledge(configJson: string, cookieHeader: string, now: number, gpc: boolean,
              source?: 'ui' | 'api'):
    Result<{ cookie: CookieInstruction; state: State }>;
  negotiateLanguage(configJson: string, preferences: string[]): Result<{ language: string }>;
  textKeys(): Result<{ keys: string[]; builtin: string[] }>;
}

export interface ServerCore extends Core {
  /** The state for a request's Cookie header; on error `{error, categories: []}`. */
  evaluateRequest(configJson: string, cookieHeader: string | undefined | null,
                  options?: { now?: number; gpc?: boolean }):
    State | { error: CookieGateError; categories: [] };
  isAllowed: typeof isAllowed;
}

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
