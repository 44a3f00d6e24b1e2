// Hand-written types of the server entry `cookiegate/server` (web/src/server.js): the
// same core on a server.
import type { ConfigArgument, CookieGateError, Model, State } from './index.js';

export type { CookieGateConfig, CookieGateConfigJson, CookieGateError, Model, State } from './index.js';

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
  /** `dismiss`: the banner was closed without a choice (a refusal under opt-in and
   *  pipl; under opt-out and notice nothing is written as consent). `stricter`: the
   *  visitor switches to the strictest profile (regional.stricterOffered). */
  kind: 'accept_all' | 'reject_all' | 'custom' | 'allow' | 'gpc_default' | 'dismiss' | 'stricter';
  categories?: Record<string, boolean>;
  services?: Record<string, boolean>;
  /** 'ui' only for a trusted click on CookieGate's own UI; default 'api'. */
  source?: 'ui' | 'api';
}

/** What a change took away (core/boundary.hpp): every category and service allowed
 *  before and not after, a withdrawn category's services included, in config order.
 *  As `cleanup`: what to delete the cookies and storage of, that plus what the record
 *  stored before granted (in force or not) and the new record refuses. */
export interface Withdrawn {
  categories: string[];
  services: { category: string; id: string }[];
}

export interface Core {
  readonly broken: boolean;
  memoryBytes(): number;
  validateConfig(configJson: string): Result<{ config: Record<string, unknown> }>;
  /** `region`: ISO 3166 code from the site's server ('' = unknown); read only with `regions`. */
  evaluate(configJson: string, cookieHeader: string, now: number, gpc: boolean, region?: string,
           verifiedCrawler?: boolean): Result<{ state: State }>;
  resolveRegion(configJson: string, region: string):
    Result<{ profile: string | null; model: Model | null; region: string | null }>;
  choose(configJson: string, cookieHeader: string, now: number, gpc: boolean, choice: Choice,
         randomHex: string, language: string, region?: string, verifiedCrawler?: boolean):
    Result<{ cookie: CookieInstruction; state: State; withdrawn: Withdrawn; cleanup: Withdrawn }>;
  /** `withdrawn` and `cleanup` are always empty here: acknowledging decides nothing. */
  acknowledge(configJson: string, cookieHeader: string, now: number, gpc: boolean,
              source?: 'ui' | 'api', region?: string):
    Result<{ cookie: CookieInstruction; state: State; withdrawn: Withdrawn; cleanup: Withdrawn }>;
  /** A cookie changed from outside (another tab): both headers evaluated at `now`. */
  evaluateChange(configJson: string, previousCookieHeader: string, cookieHeader: string,
                 now: number, gpc: boolean, region?: string):
    Result<{ state: State; withdrawn: Withdrawn; cleanup: Withdrawn }>;
  negotiateLanguage(configJson: string, preferences: string[]): Result<{ language: string }>;
  textKeys(): Result<{ keys: string[]; builtin: string[] }>;
}

export interface RequestOptions {
  /** Seconds since the epoch (default Date.now() / 1000); milliseconds are refused. */
  now?: number;
  /** The request's Sec-GPC header is "1". */
  gpc?: boolean;
  /** The visitor's region from the site's server or CDN ('US-CA', 'DE'); absent: unknown. */
  region?: string;
  /** A crawler the site verified (user agent plus reverse and forward DNS): nothing allowed. */
  verifiedCrawler?: boolean;
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
  evaluateRequest<const C>(config: ConfigArgument<C>, cookieHeader: string | undefined | null,
                  options?: RequestOptions): RequestState;
  /** Validates `config` once; the handle's evaluateRequest never parses it again. */
  prepare<const C>(config: ConfigArgument<C>): Promise<PreparedConfig | { ok: false; error: CookieGateError }>;
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

// The consent log service (README "Proof of consent").
export type ConsentRecord = NonNullable<State['record']>;

export interface ConsentLogStore {
  readonly kind: 'sqlite' | 'postgres';
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export function openSqliteStore(file: string, options?: { busyTimeout?: number }): Promise<ConsentLogStore>;
export function openPostgresStore(connection: string | Record<string, unknown>, options?: { max?: number }): Promise<ConsentLogStore>;
/** A postgres:// URL opens PostgreSQL, anything else a SQLite file. */
export function openStore(location: string, options?: Record<string, unknown>): Promise<ConsentLogStore>;


/** What the browser posts: no IP address, no user agent, no URL. */
export interface Receipt {
  v: 1;
  /** 32 hex digits, random: retries of one receipt are stored once. */
  id: string;
  /** The consent cookie's value. */
  cookie: string;
  /** SHA-256 (hex) of the config the core normalised (configHash). */
  config: string;
  language: string;
  prompt: 'consent' | 'reconsent' | 'notice' | 'none';
  /** The layer clicked (ChoiceLayer in index.d.ts), 'none' for the API; 'banner' a first
   *  layer not named (receipts made before layers were told apart). */
  layer: string;
}

export interface LogEntry {
  seq: number;
  at: string;
  kind: 'receipt' | 'erasure' | 'purge';
  event: 'consent' | 'change' | 'withdrawal' | 'notice' | 'gpc_default' | 'repeat' | 'late' | null;
  consentId: string | null;
  config: string | null;
  shown: { language: string; prompt: string; layer: string } | null;
  /** As the core decoded it from the cookie value, never the browser's copy. */
  record: ConsentRecord | null;
  details?: Record<string, unknown>;
  erased: boolean;
  erasedBy?: number;
  hash: string;
  prev: string;
}

export interface ShownTexts {
  language: string;
  policy: { version: string; url: string };
  texts: Record<string, string>;
  categories: { id: string; required: boolean; title: string; description?: string;
                services: { id: string; title: string }[] }[];
  /** The layer the receipt names, with its texts (placeholders filled). */
  layer?: ShownLayer;
}

export interface ShownLayer {
  /** The receipt's layer without its `:` part. */
  id: string;
  title?: string;
  text?: string;
  /** The labels of its choice buttons, in order. */
  choices: string[];
  /** A receipt with layer 'banner' named no layer: these are the texts of the first
   *  layer its prompt asks for under opt-in. An old bare 'placeholder' named no embed:
   *  its category and service are the record's (only where the record tells), else
   *  `text` is left out. */
  inferred?: true;
  /** A separate consent's service (with its recipient), or a placeholder's. */
  service?: { id: string; title: string; recipient?: { name: string; contact?: string; country: string; purpose: string; data: string } };
  /** A placeholder's category. */
  category?: string;
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  head: { seq: number; hash: string } | null;
  /** An entry's problem (`seq`), or a stored config's (`seq` null, `config` its hash). */
  problems: ({ seq: number; problem: string } | { seq: null; config: string; problem: string })[];
}

/** What handler() uses of a node:http (or Express) request and response. */
export interface RequestLike {
  method?: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  on(event: string, listener: (...args: any[]) => void): unknown;
}
export interface ResponseLike {
  writeHead(status: number, headers?: Record<string, string>): unknown;
  end(body?: string): unknown;
}

export interface ConsentLog {
  /** Registers a config the site serves; resolves to its hash. Rejects with the core's error. */
  addConfig(config: string | Record<string, unknown>): Promise<string>;
  /** Checks and stores one receipt (a body: text, bytes or parsed JSON). */
  accept(body: unknown): Promise<{ status: number; body: { ok: true; seq?: number; duplicate?: true } | { ok: false; error: CookieGateError } }>;
  /** node:http / Express handler (POST; OPTIONS for CORS). */
  handler(req: RequestLike, res: ResponseLike): Promise<void>;
  history(consentId: string): Promise<{ consentId: string; entries: (LogEntry & { texts: ShownTexts | null })[] }>;
  export(options?: { from?: Date | number | string; to?: Date | number | string; format?: 'jsonl' | 'csv' }): AsyncIterable<string>;
  purge(options: { olderThanDays?: number; before?: Date | number }): Promise<{ deleted: number; seq: number }>;
  erase(consentId: string): Promise<{ erased: number; seq: number | null }>;
  verify(options?: { anchors?: { seq: number; hash: string }[] }): Promise<VerifyResult>;
  close(): Promise<void>;
}

export function createConsentLog(options: {
  store: ConsentLogStore;
  core: ServerCore;
  now?: () => number;
  allowOrigin?: string | string[];
}): Promise<ConsentLog>;

export function configHash(validatedConfig: unknown): Promise<string>;
export function shownTexts(configRow: { config: string; builtin: string },
  shown: string | { language: string; prompt?: string; layer?: string }, record?: ConsentRecord | null,
  /** Kept across calls: the parsed config and texts, shared by the results (read only). */
  cache?: WeakMap<object, unknown>): ShownTexts;
export function verifyChain(rows: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>,
  head: { seq: number; hash: string } | null, anchors?: { seq: number; hash: string }[]): Promise<VerifyResult>;
export const GENESIS: string;
export const MAX_RECEIPT_BYTES: number;
