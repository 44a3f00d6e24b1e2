// The consent log service: receipts checked by the core, appended to a store, and the
// privacy team's operations (history, export, purge, erase, verify).
//
// A receipt is {v, id, cookie, config, language, prompt, layer}: the consent cookie's
// value, the hash of the config the page ran (utils/config-hash.js), the language and
// the layer the visitor acted on (LAYERS below). The server keeps nothing else of the request (no IP address, no
// user agent, no URL) and never the browser's idea of the decisions: it stores what
// the core decoded from the cookie under the config the hash names.
import { link, verifyChain, GENESIS } from './chain.js';
import { COLUMNS } from './schema.js';
import { configHash, normalisedConfigText, sha256Hex } from '../utils/config-hash.js';
import { en, zh } from '../ui/texts.js';
import * as regionalTexts from '../ui/regional-texts.js';
import * as placeholderTexts from '../ui/placeholder-texts.js';

export const MAX_RECEIPT_BYTES = 8 * 1024;
const RECEIPT_FIELDS = ['v', 'id', 'cookie', 'config', 'language', 'prompt', 'layer'];
const PROMPTS = ['consent', 'reconsent', 'notice', 'none'];
// Where the choice was made: the UI's layers by the name each has as its data-variant
// (web/src/ui/banner.js, regional.js), 'separate:SERVICE' a PIPL separate consent's
// sheet, 'placeholder:CATEGORY[.SERVICE]' a placeholder's Load, 'none' the API.
// 'banner': a first layer not told apart (every first layer's receipt before these
// names, and a site's own banner that names none).
const LAYERS = ['consent', 'reconsent', 'update', 'upcoming', 'opt-out', 'notice', 'pipl', 'gpc-conflict',
  'preferences', 'placeholder', 'separate', 'banner', 'none'];
// Every built-in text a layer can show, stored with each config at addConfig: the
// banner's, and those of the parts loaded on demand.
const BUILTIN = Object.fromEntries(Object.entries({ en, zh }).map(([l, t]) =>
  [l, { ...t, ...regionalTexts[l], ...placeholderTexts[l] }]));
const PAGE = 500;

// Errors shaped like the core's ({code, name, path, message}); 6xx are the log's own.
const CODES = {
  receipt_invalid: 600,          // not a receipt: wrong JSON, field or type
  receipt_unknown_config: 601,   // names a config this server never registered
  receipt_config_mismatch: 602,  // the record was not written under that config
  receipt_stale: 603,            // decodes, but the core holds no valid consent in it
  input_too_large: 400,
  log_unavailable: 610,          // the store failed: retry later
};
/** @typedef {{status: number, body: {ok: false, error: import('../../types/server.js').CookieGateError}}} Refusal */
/** @returns {Refusal} an HTTP answer: the status and an error named by the field */
// `code`: the core's own, for an error the core named (record_*, input_*).
const refusal = (status, name, path, message, code = CODES[name]) => ({
  status,
  body: { ok: false, error: { code, name, path, message: path ? `${path}: ${message}` : message } },
});
const HEX32 = /^[0-9a-f]{32}$/;
const HEX64 = /^[0-9a-f]{64}$/;

const num = (v) => (v == null ? v : Number(v));
const parse = (text) => { try { return JSON.parse(text); } catch { return undefined; } };
const pick = (localized, lang, fallback) => {
  if (localized == null) return undefined;
  if (typeof localized === 'string') return localized;
  return localized[lang] ?? localized[fallback] ?? Object.values(localized)[0];
};

/**
 * What a visitor was shown under a config, in one language: the policy, every text of
 * the banner and dialog (built-in texts with the config's overrides), each category's
 * and service's title and description, and `layer`: the texts of the layer the receipt
 * names (`shown.layer`), see layerTexts().
 * @param {{config: string, builtin: string}} configRow
 * @param {string|{language: string, prompt?: string, layer?: string}} shown the entry's
 *   `shown` (a language alone: no `layer`)
 * @param {object} [record] the entry's decoded record
 * @param {WeakMap} [cache] kept across calls (export, history): the parsed config, the
 *   texts per language and each layer's texts, keyed by the config row, so a million
 *   entries do not parse the config a million times. What it gives back is shared
 *   between the calls that use it: read it, do not change it.
 */
export function shownTexts(configRow, shown, record, cache) {
  const { language, prompt, layer } = typeof shown === 'string' ? { language: shown } : shown;
  let parsed = cache?.get(configRow);
  if (!parsed) {
    const cfg = parse(configRow.config) || {};
    parsed = { cfg, builtin: parse(configRow.builtin) || {}, fallback: (cfg.languages || [])[0] || 'en', languages: new Map() };
    cache?.set(configRow, parsed);
  }
  const { cfg, builtin, fallback } = parsed;
  let lang = parsed.languages.get(language);
  if (!lang) {
    const short = language.split('-')[0];
    const base = builtin[language] || builtin[short] || builtin.en || {};
    // A config registered before the regional and placeholder texts were stored with it
    // has only the banner's: the others are this version's.
    const current = BUILTIN[language] || BUILTIN[short] || BUILTIN.en;
    lang = {
      texts: {
        language,
        policy: { version: cfg.policy?.version, url: cfg.policy?.url },
        texts: { ...current, ...base, ...((cfg.texts || {})[language] || {}) },
        categories: (cfg.categories || []).map((c) => ({
          id: c.id,
          required: c.required,
          title: pick(c.title, language, fallback),
          description: pick(c.description, language, fallback),
          services: (c.services || []).map((s) => ({ id: s.id, title: pick(s.title, language, fallback) ?? s.id })),
        })),
      },
      layers: new Map(),
    };
    parsed.languages.set(language, lang);
  }
  if (!layer) return lang.texts;
  // What the layer's texts depend on: the layer, and what the receipt left to the prompt
  // and the record (layerOf); one object per such key.
  const which = layerOf(cfg, { prompt, layer }, record);
  const key = JSON.stringify(which);
  let texts = lang.layers.get(key);
  if (!texts) {
    texts = layerTexts(cfg, lang.texts, language, which, fallback);
    lang.layers.set(key, texts);
  }
  return { ...lang.texts, layer: texts };
}

// Each layer: its title and text keys, and its choice buttons' (the secondary Customize
// and Close left out), as web/src/ui/banner.js, preferences.js, regional.js and
// placeholder.js render them.
const LAYER_TEXTS = {
  consent: ['bannerTitle', 'bannerText', 'rejectAll', 'acceptAll'],
  reconsent: ['reconsentTitle', 'reconsentText', 'refuse', 'agree'],
  update: ['noticeUpdateTitle', 'noticeUpdateText', 'dismiss'],
  upcoming: ['noticeUpcomingTitle', 'noticeUpcomingText', 'dismiss'],
  'opt-out': ['optOutTitle', 'optOutText', 'optOut', 'ok'],
  notice: ['bannerTitle', 'noticeText', 'ok'],
  pipl: ['bannerTitle', 'bannerText', 'refuse', 'agree'],
  separate: ['separateTitle', 'separateText', 'refuse', 'agree'],
  'gpc-conflict': ['gpcConflictTitle', 'gpcConflictText', 'keepOptOut', 'allowSale'],
  preferences: ['preferencesTitle', 'preferencesText', 'rejectAll', 'acceptAll', 'save'],
  placeholder: [null, 'placeholderText', 'placeholderLoad'],
  none: [null, null],
};
/** A separate consent's recipient as one line: name, contact, country; purpose; data. */
export const recipientLine = (layer) => {
  const rc = layer?.service?.recipient;
  return rc ? `${[rc.name, rc.contact, rc.country].filter(Boolean).join(', ')}; purpose: ${rc.purpose}; data: ${rc.data}` : undefined;
};
const fill = (text, vars) => text?.replace(/\{(\w+)\}/g, (m, k) => vars[k] ?? m);

/**
 * Which layer a receipt names, with what its texts depend on: [kind, id, arg, stricter,
 * inferred]. `id` the layer whose texts show ('banner': the one its prompt asks for
 * under opt-in); `arg` the service or category after ':'. An old bare 'placeholder'
 * (before placeholders named their category) gets `arg` from the record where only
 * one embed's Load can have written it (placeholderOf); both are `inferred`.
 * @returns {[string, string, string, boolean, boolean]}
 */
function layerOf(cfg, { prompt, layer }, record) {
  const [kind, arg = ''] = layer.split(':');
  let id = kind;
  if (kind === 'banner') {
    id = prompt === 'reconsent' ? 'reconsent' : prompt === 'notice'
      ? (record && record.acknowledged === cfg.policy?.upcoming?.version ? 'upcoming' : 'update') : 'consent';
  }
  const bare = kind === 'placeholder' && !arg;
  return [kind, id, bare ? placeholderOf(cfg, record) : arg, kind === 'preferences' && !!record?.stricter, kind === 'banner' || bare];
}

/**
 * The embed an old bare 'placeholder' receipt's Load was for, from its record, or ''
 * when the record does not tell. A Load grants its category and either the one service
 * (its siblings refused) or all of the category's: so with one optional category
 * granted, that category; with one of its services granted and another refused,
 * that service. Anything else (two categories granted, a category whose services are
 * all granted: a service's Load or the category's) is left unnamed.
 */
function placeholderOf(cfg, record) {
  if (!record) return '';
  const granted = (list, id) => (list || []).some((x) => x.id === id && x.granted);
  const cats = (cfg.categories || []).filter((c) => !c.required && granted(record.categories, c.id));
  if (cats.length !== 1) return '';
  const ids = (cats[0].services || []).map((s) => s.id);
  if (!ids.length) return cats[0].id;
  const on = ids.filter((id) => granted(record.services, id));
  return on.length === 1 && ids.length > 1 ? `${cats[0].id}.${on[0]}` : '';
}

/**
 * The texts of the one layer a receipt names (layerOf): {id, title, text, choices},
 * `inferred` for what the receipt did not name ('banner': the layer its prompt asks for
 * under opt-in; a bare 'placeholder': its embed from the record, else no text),
 * `service` ({id, title, recipient}) for a separate consent, `service` and `category`
 * for a placeholder. Placeholders filled as the UI fills them, except the re-ask's
 * {categories} (which categories it named is not in the receipt).
 */
function layerTexts(cfg, shown, language, [kind, id, arg, stricter, inferred], fallback) {
  const [titleKey, textKey, ...choiceKeys] = LAYER_TEXTS[id] || LAYER_TEXTS.none;
  const t = shown.texts;
  const category = (c) => shown.categories.find((x) => x.id === c);
  const vars = {
    version: id === 'upcoming' ? cfg.policy?.upcoming?.version : cfg.policy?.version,
    date: cfg.policy?.upcoming?.effective,
  };
  const out = { id: kind };
  if (inferred) out.inferred = true;
  if (kind === 'separate') {
    const svc = (cfg.categories || []).flatMap((c) => c.services || []).find((s) => s.id === arg) || { id: arg };
    const rc = svc.recipient || {};
    let country = rc.country;
    try {
      country = `${new Intl.DisplayNames([language], { type: 'region' }).of(rc.country)} (${rc.country})`;
    } catch {
      // A runtime without region names: the ISO code alone, as the UI does.
    }
    vars.service = pick(svc.title, language, fallback) || svc.id;
    out.service = {
      id: svc.id, title: vars.service,
      recipient: { name: rc.name, contact: rc.contact, country, purpose: pick(rc.purpose, language, fallback), data: pick(rc.data, language, fallback) },
    };
  }
  if (kind === 'placeholder' && arg) {
    const [c, s] = arg.split('.');
    const cat = category(c);
    const svc = s && cat.services.find((x) => x.id === s);
    vars.category = cat.title ?? c;
    vars.service = svc ? svc.title : s || vars.category;
    out.category = c;
    if (s) out.service = { id: s, title: vars.service };
  }
  out.title = titleKey ? fill(t[titleKey], vars) : undefined;
  // A bare placeholder whose embed the record does not tell: its text would name none.
  out.text = textKey && !(kind === 'placeholder' && !arg) ? fill(t[textKey], vars) : undefined;
  out.choices = choiceKeys.map((k) => t[k]);
  if (stricter) out.choices.push(t.stricter);
  return out;
}

// A decision's kind from the record itself and the entry before it for this consent
// id: never from what the browser says happened.
//   late        the record is older than the one already stored (a receipt retried
//               after a newer one arrived): not the visitor's state now
//   consent     the first record of this id, or the same id's decisions given under a
//               new policy version (a renewed consent after a MAJOR change)
//   gpc_default the first record, written by the core for a GPC signal
//   withdrawal  something granted before is refused now (a category, or a service
//               decided before)
//   notice      nothing decided differently: a policy notice acknowledged
//   change      any other change of the decisions; repeat: nothing changed at all
function eventOf(record, previous, has) {
  if (!previous) {
    if (record.created !== record.updated) return 'change';
    return record.method === 'gpc_default' ? 'gpc_default' : 'consent';
  }
  if (record.updated < previous.updated) return 'late';
  // Only the decisions on what the receipt's config has (`has`: its decisionKeys): one
  // kept by an acknowledgment after its category or service was removed or moved names
  // nothing (id null), and the previous record's on something since removed is gone,
  // not changed.
  const granted = (r) => new Map([...r.categories.filter((c) => c.id !== null).map((c) => [`c:${c.id}`, c.granted]),
    ...r.services.filter((v) => v.id !== null).map((v) => [`s:${v.id}`, v.granted])].filter(([k]) => has.has(k)));
  const before = granted(previous);
  const after = granted(record);
  // A service never decided before (its category was refused) refused now withdraws nothing.
  for (const [k, v] of before) if (v && after.get(k) === false) return 'withdrawal';
  const same = before.size === after.size && [...after].every(([k, v]) => before.get(k) === v);
  if (record.policy !== previous.policy) return 'consent';
  if (same) return previous.acknowledged !== record.acknowledged ? 'notice' : 'repeat';
  return 'change';
}

/**
 * @param {object} [options]
 * @param {object} [options.store] from openSqliteStore() or openPostgresStore() (required:
 *   a TypeError names it when missing)
 * @param {object} [options.core] from createServerCore() (cookiegate's node entry; required)
 * @param {() => number} [options.now] ms since the epoch
 * @param {string|string[]} [options.allowOrigin] origins whose pages may post
 *   receipts cross-origin (CORS); same-origin needs nothing
 */
export async function createConsentLog({ store, core, now = () => Date.now(), allowOrigin = [] } = {}) {
  if (!store || typeof store.transaction !== 'function') throw new TypeError('createConsentLog: give a store (openSqliteStore or openPostgresStore)');
  if (!core || typeof core.evaluate !== 'function') throw new TypeError('createConsentLog: give the core (await createServerCore())');
  await store.migrate();
  const origins = new Set([allowOrigin].flat().filter(Boolean));
  const configs = new Map();  // hash -> {source, storedName, policy: [versions], languages}

  async function loadConfig(hash) {
    if (configs.has(hash)) return configs.get(hash);
    const row = (await store.all('SELECT source FROM cg_configs WHERE hash = ?', [hash]))[0];
    if (!row) return null;
    return remember(hash, row.source);
  }
  function remember(hash, source) {
    const valid = core.validateConfig(source);
    if (!valid.ok) return null;
    const c = valid.config;
    const entry = {
      source,
      storedName: c.cookie.storedName,
      versions: [c.policy.version, c.policy.upcoming && c.policy.upcoming.version].filter(Boolean),
      languages: c.languages,
      // category id -> its service ids: what a layer's 'separate:' and 'placeholder:' may name
      services: new Map(c.categories.map((k) => [k.id, k.services.map((v) => v.id)])),
      // what a record's decisions may name under this config, keyed as eventOf() keys them
      decisionKeys: new Set(c.categories.flatMap((k) => [`c:${k.id}`, ...k.services.map((v) => `s:${v.id}`)])),
    };
    configs.set(hash, entry);
    return entry;
  }

  /** Registers a config the site serves; returns its hash. Throws the core's error. */
  async function addConfig(config) {
    const source = typeof config === 'string' ? config : JSON.stringify(config);
    const valid = core.validateConfig(source);
    if (!valid.ok) throw Object.assign(new Error(valid.error.message), valid.error);
    const hash = await configHash(valid.config);
    await store.transaction(async (tx) => {
      await tx.run('INSERT INTO cg_configs (hash, source, config, builtin, first_seen) VALUES (?, ?, ?, ?, ?) ' +
        'ON CONFLICT (hash) DO NOTHING',
      [hash, source, normalisedConfigText(valid.config), JSON.stringify(BUILTIN), now()]);
    });
    remember(hash, source);
    return hash;
  }

  /**
   * Checks a receipt: {status, body} for a refusal, or {receipt, record}.
   * @returns {Promise<Refusal | {receipt: object, record: import('../../types/server.js').ConsentRecord,
   *   config: {services: Map<string, string[]>, decisionKeys: Set<string>}}>} `config`: the
   *   registered config the hash names
   */
  async function check(input) {
    let text = input;
    if (Buffer.isBuffer(input) || input instanceof Uint8Array) text = Buffer.from(input).toString('utf8');
    else if (input && typeof input === 'object') text = JSON.stringify(input);
    if (typeof text !== 'string') return refusal(400, 'receipt_invalid', '', 'the body must be a JSON receipt');
    if (Buffer.byteLength(text) > MAX_RECEIPT_BYTES) {
      return refusal(413, 'input_too_large', '', `the receipt is over ${MAX_RECEIPT_BYTES} bytes`);
    }
    const r = parse(text);
    if (!r || typeof r !== 'object' || Array.isArray(r)) return refusal(400, 'receipt_invalid', '', 'the body is not a JSON object');
    for (const k of Object.keys(r)) {
      if (!RECEIPT_FIELDS.includes(k)) return refusal(400, 'receipt_invalid', k, `unknown field; a receipt has ${RECEIPT_FIELDS.join(', ')}`);
    }
    if (r.v !== 1) return refusal(400, 'receipt_invalid', 'v', 'must be 1');
    if (typeof r.id !== 'string' || !HEX32.test(r.id)) return refusal(400, 'receipt_invalid', 'id', 'must be 32 lower-case hex digits');
    if (typeof r.cookie !== 'string' || r.cookie.length > 1024) return refusal(400, 'receipt_invalid', 'cookie', 'must be the consent cookie value (at most 1024 characters)');
    if (typeof r.config !== 'string' || !HEX64.test(r.config)) return refusal(400, 'receipt_invalid', 'config', 'must be the config hash: 64 lower-case hex digits');
    if (!PROMPTS.includes(r.prompt)) return refusal(400, 'receipt_invalid', 'prompt', `must be one of ${PROMPTS.join(', ')}`);
    const layer = typeof r.layer === 'string' ? r.layer.split(':') : [];
    if (!LAYERS.includes(layer[0]) || layer.length > 2) {
      return refusal(400, 'receipt_invalid', 'layer', `must be one of ${LAYERS.join(', ')} (separate:SERVICE, placeholder:CATEGORY[.SERVICE])`);
    }
    const cfg = await loadConfig(r.config);
    if (!cfg) return refusal(400, 'receipt_unknown_config', 'config', 'no config with this hash was registered on this server (log.addConfig)');
    // The service or category a separate consent's sheet or a placeholder names: one of
    // this config's, so the log can show what that layer said.
    const [kind, named] = layer;
    const [c, v, more] = (named ?? '').split('.');
    const known = kind === 'separate' ? [...cfg.services.values()].some((ids) => ids.includes(named))
      : named === undefined || (kind === 'placeholder' && more === undefined && cfg.services.has(c) && (v === undefined || cfg.services.get(c).includes(v)));
    if (!known) {
      return refusal(400, 'receipt_invalid', 'layer', kind === 'separate' ? `separate: "${named ?? ''}" is not a service of this config`
        : kind === 'placeholder' ? `placeholder: "${named}" is not a category (or category.service) of this config` : `${kind} names nothing after ":"`);
    }
    if (typeof r.language !== 'string' || !cfg.languages.includes(r.language)) {
      return refusal(400, 'receipt_invalid', 'language', `must be one of the config's languages (${cfg.languages.join(', ')})`);
    }
    // The core decodes the value, strictly, as it would in the browser.
    const out = core.evaluate(cfg.source, `${cfg.storedName}=${r.cookie}`, now() / 1000, false);
    if (!out.ok) return refusal(400, out.error.name, 'cookie', out.error.message, out.error.code);
    const st = out.state;
    if (st.recordError) {
      return refusal(400, st.recordError.name, 'cookie', `the core refused the consent value (${st.recordError.name})`, st.recordError.code);
    }
    const rec = st.record;
    if (!rec) return refusal(400, 'receipt_stale', 'cookie', `the consent value holds no valid consent under this config (${st.reason})`);
    // A decision may name nothing under this config: acknowledging a notice keeps the
    // record's decisions as they were given, so one on a service since moved to another
    // category (keyed by category and service, core/codec.hpp), or on a service or a
    // category since removed, stays in the record. Only a record given under another
    // version, then acknowledged under this config, can hold an unknown category: a
    // choice writes its config's categories and no other, so a record given under one of
    // this config's own versions with one was written under another config.
    if ((cfg.versions.includes(rec.policy) && rec.categories.some((c) => c.id === null)) ||
        !(cfg.versions.includes(rec.policy) || cfg.versions.includes(rec.acknowledged))) {
      return refusal(400, 'receipt_config_mismatch', 'cookie', 'the consent value was not written under the config this hash names');
    }
    return { receipt: r, record: rec, config: cfg };
  }

  /** Checks and appends one receipt: {status, body} for an HTTP answer. */
  async function accept(input) {
    const checked = await check(input);
    if ('status' in checked) return checked;
    const { receipt: r, record, config: cfg } = checked;
    try {
      const at = now();
      const result = await store.transaction(async (tx) => {
        const head = await lockHead(tx);
        if ((await tx.all('SELECT seq FROM cg_log WHERE receipt_id = ?', [r.id])).length) return { duplicate: true };
        // The visitor's state before this receipt: the newest entry that is not itself late
        // (a late one is older than the entry before it).
        const previous = (await tx.all("SELECT content FROM cg_log WHERE consent_id = ? AND kind = 'receipt' ORDER BY seq DESC", [record.id]))
          .map((row) => parse(row.content)).find((c) => c && c.event !== 'late');
        const content = JSON.stringify({
          v: 1, receipt: r.id, consentId: record.id, config: r.config, event: eventOf(record, previous && previous.record, cfg.decisionKeys),
          shown: { language: r.language, prompt: r.prompt, layer: r.layer }, record, cookie: r.cookie, received: at,
        });
        const [entry] = await append(tx, head, [{ kind: 'receipt', at, consent_id: record.id, receipt_id: r.id, config_hash: r.config, content }]);
        return { seq: entry.seq };
      });
      return { status: result.duplicate ? 200 : 201, body: { ok: true, ...result } };
    } catch (e) {
      // The store's own error (hosts, paths, auth) is the operator's, not every visitor's.
      console.error('cookiegate consent log: a receipt could not be stored:', e);
      return refusal(503, 'log_unavailable', '', 'the log could not store the receipt now; retry later');
    }
  }

  // First thing in every writing transaction: the head row, locked, so appends from
  // several servers (PostgreSQL) take turns. SQLite's BEGIN IMMEDIATE already holds
  // the write lock. {seq, hash}, or null while the log is empty.
  async function lockHead(tx) {
    const row = (await tx.all(`SELECT seq, hash FROM cg_head WHERE id = 1${store.kind === 'postgres' ? ' FOR UPDATE' : ''}`))[0];
    return row && num(row.seq) > 0 ? { seq: num(row.seq), hash: row.hash } : null;
  }

  // Inside a transaction, after lockHead: links new entries after the head and stores them.
  async function append(tx, head, entries) {
    const linked = link(head, entries.map((e) => ({ consent_id: null, receipt_id: null, config_hash: null, erased_by: null, ...e })));
    for (const e of linked) {
      await tx.run(`INSERT INTO cg_log (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [e.seq, e.at, e.kind, e.consent_id, e.receipt_id, e.config_hash, e.content, e.digest, e.prev, e.hash, e.erased_by]);
    }
    const last = linked[linked.length - 1];
    await tx.run('UPDATE cg_head SET seq = ?, hash = ? WHERE id = 1', [last.seq, last.hash]);
    return linked;
  }

  // Rows in seq order, a page at a time (no long-running cursor on the connection);
  // `from` another reader than the store: a snapshot (verify).
  async function* rows(where = '1 = 1', params = [], from = store) {
    let after = 0;
    for (;;) {
      const page = await from.all(`SELECT ${COLUMNS} FROM cg_log WHERE seq > ? AND (${where}) ORDER BY seq LIMIT ${PAGE}`, [after, ...params]);
      for (const row of page) yield { ...row, seq: num(row.seq), at: num(row.at), erased_by: num(row.erased_by) };
      if (page.length < PAGE) return;
      after = num(page[page.length - 1].seq);
    }
  }

  const view = (row) => {
    const c = row.content == null ? null : parse(row.content);
    return {
      seq: row.seq, at: new Date(row.at).toISOString(), kind: row.kind,
      event: c?.event ?? null, consentId: row.consent_id, config: row.config_hash,
      shown: c?.shown ?? null, record: c?.record ?? null, details: row.kind === 'receipt' ? undefined : c,
      erased: row.content == null, erasedBy: row.erased_by ?? undefined, hash: row.hash, prev: row.prev,
    };
  };

  // What an entry was shown (shownTexts), or null (no receipt, erased, its config gone);
  // `cache`: one per call (textsCache()), each config row read once, and what shownTexts
  // made of it kept for the next entries under that config.
  const textsCache = () => ({ rows: new Map(), texts: new WeakMap() });
  async function textsOf(v, cache) {
    if (!v.shown || !v.config) return null;
    const { rows: cfgRows } = cache;
    if (!cfgRows.has(v.config)) cfgRows.set(v.config, (await store.all('SELECT config, builtin FROM cg_configs WHERE hash = ?', [v.config]))[0]);
    const cfgRow = cfgRows.get(v.config);
    return cfgRow ? shownTexts(cfgRow, v.shown, v.record, cache.texts) : null;
  }

  /** One consent id's entries, each with the texts it was shown. */
  async function history(consentId) {
    if (typeof consentId !== 'string' || !HEX32.test(consentId)) throw new TypeError('history(consentId): a consent id is 32 lower-case hex digits');
    const out = [];
    const cache = textsCache();
    for await (const row of rows('consent_id = ?', [consentId])) {
      const v = view(row);
      out.push({ ...v, texts: await textsOf(v, cache) });
    }
    return { consentId, entries: out };
  }

  const CSV_COLUMNS = ['seq', 'at', 'kind', 'event', 'consent_id', 'config', 'language', 'prompt', 'layer',
    'method', 'source', 'policy', 'acknowledged', 'categories', 'services', 'erased', 'hash',
    'shown_title', 'shown_choices', 'recipient'];
  // `id=1 id=0 …`; an id the receipt's config no longer has is null (README "Proof of consent").
  const decisions = (list) => (list || []).map((x) => `${x.id ?? '(unknown)'}=${x.granted ? 1 : 0}`).join(' ');
  const csvCell = (v) => {
    const s = v == null ? '' : String(v);
    // Quote, and defuse spreadsheet formulas (a cell starting with = + - @).
    const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
    return /[",\n\r]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
  };

  /**
   * Entries received in [from, to) (Dates, ms or ISO strings; both optional) as lines of
   * JSON Lines or CSV (with a header line). An async iterable of strings, each ending
   * in "\n". A receipt's line carries the layer it names with that layer's texts
   * (`shownLayer`, history's `texts.layer`; CSV: its title, its choices and a separate
   * consent's recipient).
   * @param {{from?: Date|number|string, to?: Date|number|string, format?: string}} [options]
   */
  async function* exportEntries({ from, to, format = 'jsonl' } = {}) {
    if (!['jsonl', 'csv'].includes(format)) throw new TypeError(`export: format "${format}" is not jsonl or csv`);
    const ms = (v, name) => {
      if (v == null) return null;
      const t = v instanceof Date ? v.getTime() : typeof v === 'number' ? v : Date.parse(v);
      if (!Number.isFinite(t)) throw new TypeError(`export: ${name} "${v}" is not a date (use YYYY-MM-DD or an ISO time)`);
      return t;
    };
    const lo = ms(from, 'from') ?? 0;
    const hi = ms(to, 'to') ?? Number.MAX_SAFE_INTEGER;
    if (format === 'csv') yield `${CSV_COLUMNS.join(',')}\n`;
    const cache = textsCache();
    for await (const row of rows('at >= ? AND at < ?', [lo, hi])) {
      const v = view(row);
      const layer = (await textsOf(v, cache))?.layer;
      if (format === 'jsonl') { yield `${JSON.stringify(layer ? { ...v, shownLayer: layer } : v)}\n`; continue; }
      const rec = v.record || {};
      const cells = [v.seq, v.at, v.kind, v.event, v.consentId, v.config, v.shown?.language, v.shown?.prompt, v.shown?.layer,
        rec.method, rec.source, rec.policy, rec.acknowledged,
        decisions(rec.categories), decisions(rec.services), v.erased ? 1 : 0, v.hash,
        layer?.title ?? layer?.text, layer?.choices.join(' · '), recipientLine(layer)];
      yield `${cells.map(csvCell).join(',')}\n`;
    }
  }

  /**
   * Deletes entries received before `before` (or more than `olderThanDays` ago), the
   * oldest first and never out of order, and records the purge in the chain.
   * @param {{olderThanDays?: number, before?: Date|number}} [options]
   */
  async function purge({ olderThanDays, before } = {}) {
    let cutoff = before instanceof Date ? before.getTime() : before;
    if (olderThanDays != null) {
      if (!(Number.isFinite(olderThanDays) && olderThanDays >= 1)) throw new TypeError('purge: olderThanDays must be a number of days, at least 1');
      cutoff = now() - olderThanDays * 86400000;
    }
    if (!Number.isFinite(cutoff)) throw new TypeError('purge: give olderThanDays (e.g. 395) or before (a Date)');
    return store.transaction(async (tx) => {
      const head = await lockHead(tx);
      // The first entry to keep: entries before it all go, even one whose clock ran
      // behind, so the log stays a contiguous chain.
      const keep = (await tx.all('SELECT seq, prev FROM cg_log WHERE at >= ? ORDER BY seq LIMIT 1', [cutoff]))[0];
      const firstSeq = keep ? num(keep.seq) : (head ? head.seq : 0) + 1;
      const firstPrev = keep ? keep.prev : (head ? head.hash : GENESIS);
      const { changes } = await tx.run('DELETE FROM cg_log WHERE seq < ?', [firstSeq]);
      const at = now();
      const content = JSON.stringify({ v: 1, before: new Date(cutoff).toISOString(), deleted: changes, firstSeq, firstPrev, at });
      const [entry] = await append(tx, head, [{ kind: 'purge', at, content }]);
      return { deleted: changes, seq: entry.seq };
    });
  }

  /**
   * GDPR Art. 17: removes one consent id's personal content (its record, cookie value,
   * shown language) from every entry, keeps each entry's digest so the chain still
   * verifies, and appends an erasure entry naming the erased entries (not the id).
   */
  async function erase(consentId) {
    if (typeof consentId !== 'string' || !HEX32.test(consentId)) throw new TypeError('erase(consentId): a consent id is 32 lower-case hex digits');
    return store.transaction(async (tx) => {
      const head = await lockHead(tx);
      const seqs = (await tx.all('SELECT seq FROM cg_log WHERE consent_id = ? ORDER BY seq', [consentId])).map((r) => num(r.seq));
      if (!seqs.length) return { erased: 0, seq: null };
      const at = now();
      const content = JSON.stringify({ v: 1, entries: seqs, at });
      const erasureSeq = (head ? head.seq : 0) + 1;
      await tx.run('UPDATE cg_log SET content = NULL, consent_id = NULL, erased_by = ? WHERE consent_id = ?', [erasureSeq, consentId]);
      const [entry] = await append(tx, head, [{ kind: 'erasure', at, content }]);
      return { erased: seqs.length, seq: entry.seq };
    }).then(async (r) => {
      // SQLite: the old content also sits in the write-ahead file until it is reused.
      if (r.erased) await store.afterErase?.();
      return r;
    });
  }

  /**
   * Checks the whole chain and the stored configs; `anchors`: [{seq, hash}] noted
   * earlier from `head`. The head and every entry come from one snapshot: read apart,
   * entries appended in between looked like entries added outside the log (a trial's
   * verify failed on a live log).
   */
  async function verify({ anchors = [] } = {}) {
    return store.read(async (snapshot) => {
      const headRow = (await snapshot.all('SELECT seq, hash FROM cg_head WHERE id = 1'))[0];
      const head = headRow && num(headRow.seq) > 0 ? { seq: num(headRow.seq), hash: headRow.hash } : null;
      const chain = await verifyChain(rows('1 = 1', [], snapshot), head, anchors);
      // history() shows the texts each receipt's config held, from the normalised text
      // stored at addConfig, which is what the key hashes (utils/config-hash.js): one that
      // no longer hashes to its key was changed. Hashing the stored text, not the source
      // normalised again, keeps a log verifiable across CookieGate versions whose core
      // normalises differently.
      const problems = [...chain.problems];
      for (const c of await snapshot.all('SELECT hash, config FROM cg_configs ORDER BY hash')) {
        if (await sha256Hex(c.config) !== c.hash) {
          problems.push({ seq: null, config: c.hash, problem: 'its stored normalised config was changed (it no longer hashes to its key)' });
        }
      }
      return { ...chain, ok: problems.length === 0, problems };
    });
  }

  /** The body of a node:http / Express request as text, at most `limit` bytes. */
  function readBody(req, limit) {
    return new Promise((resolve) => {
      const declared = Number(req.headers['content-length']);
      if (declared > limit) { resolve({ tooLarge: true }); req.resume(); return; }
      const chunks = [];
      let size = 0;
      let done = false;
      req.on('data', (c) => {
        if (done) return;
        size += c.length;
        if (size > limit) { done = true; resolve({ tooLarge: true }); req.resume(); return; }
        chunks.push(c);
      });
      req.on('end', () => { if (!done) { done = true; resolve({ body: Buffer.concat(chunks) }); } });
      req.on('error', () => { if (!done) { done = true; resolve({ body: null }); } });
    });
  }

  /**
   * A request handler for node:http and Express (`app.post('/consent-log',
   * log.handler)`, with or without a body parser before it). For Fastify:
   * `fastify.post('/consent-log', async (req, reply) => { const r = await
   * log.accept(req.body); reply.code(r.status).send(r.body); })`.
   */
  async function handler(req, res) {
    const origin = req.headers.origin;
    const headers = { 'content-type': 'application/json', 'cache-control': 'no-store' };
    if (origin && origins.has(origin)) Object.assign(headers, { 'access-control-allow-origin': origin, vary: 'Origin' });
    const send = (status, body) => { res.writeHead(status, headers); res.end(body === undefined ? undefined : JSON.stringify(body)); };
    if (req.method === 'OPTIONS') {
      if (origin && origins.has(origin)) {
        headers['access-control-allow-methods'] = 'POST';
        headers['access-control-allow-headers'] = 'content-type';
        headers['access-control-max-age'] = '86400';
      }
      return send(204);
    }
    if (req.method !== 'POST') { headers.allow = 'POST, OPTIONS'; return send(405, refusal(405, 'receipt_invalid', '', 'send receipts with POST').body); }
    let input;
    if (req.body !== undefined && req.readableEnded !== false && (typeof req.body === 'string' || Buffer.isBuffer(req.body) || typeof req.body === 'object')) {
      input = req.body;  // a framework's body parser already read it
    } else {
      const got = await readBody(req, MAX_RECEIPT_BYTES);
      if (got.tooLarge) return send(413, refusal(413, 'input_too_large', '', `the receipt is over ${MAX_RECEIPT_BYTES} bytes`).body);
      input = got.body;
    }
    const r = await accept(input);
    return send(r.status, r.body);
  }

  return {
    addConfig, accept, handler, history, export: exportEntries, purge, erase, verify,
    close: () => store.close(),
  };
}
