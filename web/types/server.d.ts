// Hand-written types of `cookiegate/server` (web/src/server/): the consent log service.
import type { CookieGateError, ServerCore, State } from './node.js';

export { createServerCore, isAllowed } from './node.js';
export type { ServerCore } from './node.js';

/** What a store does; open one with openSqliteStore / openPostgresStore / openStore. */
export interface ConsentLogStore {
  readonly kind: 'sqlite' | 'postgres';
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export function openSqliteStore(file: string, options?: { busyTimeout?: number }): Promise<ConsentLogStore>;
export function openPostgresStore(connection: string | Record<string, unknown>, options?: { max?: number }): Promise<ConsentLogStore>;
/** A postgres:// URL opens PostgreSQL, anything else a SQLite file. */
export function openStore(location: string, options?: Record<string, unknown>): Promise<ConsentLogStore>;

export type ConsentRecord = NonNullable<State['record']>;

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
  layer: 'banner' | 'preferences' | 'none';
}

export interface LogEntry {
  seq: number;
  at: string;
  kind: 'receipt' | 'erasure' | 'purge';
  event: 'consent' | 'change' | 'withdrawal' | 'notice' | 'gpc_default' | 'repeat' | null;
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
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  head: { seq: number; hash: string } | null;
  problems: { seq: number; problem: string }[];
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
export function shownTexts(configRow: { config: string; builtin: string }, language: string): ShownTexts;
export function verifyChain(rows: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>,
  head: { seq: number; hash: string } | null, anchors?: { seq: number; hash: string }[]): Promise<VerifyResult>;
export const GENESIS: string;
export const MAX_RECEIPT_BYTES: number;
