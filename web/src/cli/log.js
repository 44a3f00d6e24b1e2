// `cookiegate log …`: the consent log kept by cookiegate/server (README "Proof of
// consent"). Each log command has its options (util.parseArgs), its usage line, a
// check() of its arguments (before the log is opened) and its run(); exit status 0
// done, 1 failed (e.g. verify found a problem, the database is unreachable), 2 wrong usage.
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { CommandError, UsageError, loadCore } from './common.js';
import { recipientLine } from '../server/log.js';

const DB_HELP = '--db LOCATION  a SQLite file or a postgres:// URL (default: $COOKIEGATE_LOG_DB)';
const dbOption = { db: { type: 'string' } };

const POSTGRES = /^postgres(ql)?:\/\//i;
// Answers only in a database the consent log's server has set up.
const HAS_LOG = "SELECT value FROM cg_meta WHERE key = 'schema_version'";

/** A location as it may be printed: a URL's password (in it or as ?password=) masked. */
function withoutPassword(location) {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) return location;
  try {
    const url = new URL(location);
    if (url.password) url.password = '***';
    if (url.searchParams.has('password')) url.searchParams.set('password', '***');
    return url.href;
  } catch {
    return location.replace(/^([^:]+:\/\/[^:@/]*):[^/]*@/, '$1:***@');
  }
}

// A driver's error in words; Node's connect errors to several addresses (localhost:
// ::1 and 127.0.0.1) are an AggregateError with an empty message.
const why = (e) => e.message || (e.errors || []).map((x) => x.message).join('; ') || e.code || String(e);

/**
 * The log at --db (or $COOKIEGATE_LOG_DB), which must already exist: every log command
 * reads or changes one the server created, and a mistyped location must not become a
 * new, empty log (verify would pass it, erase would find nothing in it).
 */
async function openLog(values) {
  const location = values.db || process.env.COOKIEGATE_LOG_DB;
  if (!location) throw new UsageError('say which log: --db consent-log.db (or a postgres:// URL), or set COOKIEGATE_LOG_DB');
  const named = `${values.db ? '--db' : 'COOKIEGATE_LOG_DB'} ${withoutPassword(location)}`;
  const postgres = POSTGRES.test(location);
  // A file or database that holds no log is the user's mistake (exit 2); anything else
  // is one the command cannot get past (exit 1).
  const refused = (e) => {
    if (e instanceof UsageError || e instanceof CommandError) return e;
    if (e.code === 'SQLITE_NOTADB') return new UsageError(`${named} is not a SQLite database; give the consent log's file`);
    if (e.code === '42P01' || /no such table/.test(e.message)) {
      return new UsageError(`${named} holds no consent log (no cg_meta table): check the location; the server creates the log when it first starts`);
    }
    return new CommandError(postgres
      ? `cannot reach the consent log at ${withoutPassword(location)}: ${why(e)} (check the URL, and that PostgreSQL is up)`
      : `cannot open ${named}: ${why(e)}`);
  };
  if (!postgres) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) throw new UsageError(`${named}: not a SQLite file or a postgres:// URL`);
    // openSqliteStore creates a missing file: it is checked for here instead.
    if (!existsSync(location)) throw new UsageError(`${named}: no such file; give the consent log's file (the one the server opens with openSqliteStore)`);
    if (statSync(location).isDirectory()) throw new UsageError(`${named}: it is a folder; give the consent log's file in it`);
    // Looked into read-only first: opening the store switches a file to WAL for good,
    // which another application's database must not get from a mistyped path.
    const { default: Database } = await import('better-sqlite3').catch(() => ({}));
    if (Database) {
      let probe;
      try {
        probe = new Database(location, { readonly: true, fileMustExist: true });
        probe.prepare(HAS_LOG).get();
      } catch (e) {
        throw refused(e);
      } finally {
        probe?.close();
      }
    }
  }
  const { createConsentLog, openStore } = await import('../server.js');
  let store;
  try {
    store = await openStore(location);
  } catch (e) {
    throw refused(e);
  }
  try {
    // Asked before createConsentLog, whose migration would create the tables in a
    // database that holds no log (one the server never used).
    await store.all(HAS_LOG);
    return await createConsentLog({ core: await loadCore(), store });
  } catch (e) {
    await store.close().catch(() => {});
    throw refused(e);
  }
}

// Checked before the log is opened, with the rule log.export applies.
function exportDate(name, value) {
  if (value !== undefined && !Number.isFinite(Date.parse(value))) {
    throw new UsageError(`--${name} ${value}: not a date; give YYYY-MM-DD or an ISO time (e.g. 2026-01-01T12:00:00Z)`);
  }
}

// Node's error codes for an --out file that cannot be written, in words.
const unwritable = { ENOENT: 'no such folder', EISDIR: 'it is a folder', EACCES: 'permission denied', EROFS: 'read-only file system' };

/** The --out file open for writing, or a UsageError saying why it cannot be. */
async function openOut(file) {
  const out = createWriteStream(file);
  try {
    await new Promise((resolve, reject) => out.once('open', resolve).once('error', reject));
  } catch (e) {
    throw new UsageError(`--out ${file}: cannot write there: ${unwritable[e.code] ? `${unwritable[e.code]} (${e.code})` : e.code || e.message}`);
  }
  return out;
}

const consentId = (positionals) => {
  const id = positionals[0];
  if (!id || !/^[0-9a-f]{32}$/.test(id)) throw new UsageError('give the consent id: 32 lower-case hex digits (get() in the page, or the cookie decoded)');
  return id;
};

// The layers a receipt names (web/src/server/log.js LAYERS), as history prints them.
const LAYER_NAMES = {
  consent: 'the consent banner', reconsent: 'the re-ask banner', update: 'the policy-update notice',
  upcoming: 'the upcoming-policy notice', 'opt-out': 'the opt-out notice', notice: 'the notice-only first layer',
  pipl: 'the PIPL first layer', separate: 'a PIPL separate consent', 'gpc-conflict': 'the GPC conflict',
  preferences: 'the preferences dialog', placeholder: "a placeholder's Load", none: 'the API',
  banner: 'a first layer the receipt did not name: texts inferred from its prompt',
};

function printHistory({ consentId: id, entries }) {
  if (!entries.length) { console.log(`no entries for consent id ${id}`); return; }
  for (const e of entries) {
    if (e.erased) { console.log(`#${e.seq} ${e.at} (erased)`); continue; }
    const r = e.record;
    // An id the receipt's config no longer has (README "Proof of consent") is null.
    const said = (x) => `${x.id ?? '(unknown id)'} ${x.granted ? 'granted' : 'refused'}`;
    const cats = r.categories.map(said).join(', ');
    console.log(`#${e.seq} ${e.at} ${e.event}: ${r.method} via ${r.source}, policy ${r.policy}` +
      ` (acknowledged ${r.acknowledged}), prompt ${e.shown.prompt}, layer ${e.shown.layer}, language ${e.shown.language}`);
    console.log(`    ${cats}`);
    const svc = r.services.map(said).join(', ');
    if (svc) console.log(`    services: ${svc}`);
    if (e.texts) {
      const l = e.texts.layer;
      const what = l.title ?? l.text;
      // An old bare 'placeholder' receipt whose record does not tell which embed: its
      // text left out (it would name none), its Load still shown.
      const unnamed = l.id === 'placeholder' && l.inferred;
      const shown = what ? `"${what}" / ${l.choices.join(' · ')}`
        : unnamed ? `a placeholder's text (which embed: not in the receipt, nor told by the record) / ${l.choices.join(' · ')}` : 'no layer';
      const name = unnamed ? "a placeholder's Load the receipt did not name" : LAYER_NAMES[l.id];
      console.log(`    shown: ${shown} (${name}${unnamed && what ? ': its embed inferred from the record' : ''}); policy ${e.texts.policy.url}`);
      if (l.service?.recipient) console.log(`    recipient: ${recipientLine(l)}`);
      for (const c of e.texts.categories) console.log(`      ${c.id}: ${c.title}${c.description ? ` — ${c.description}` : ''}`);
    }
    console.log(`    config ${e.config}, entry hash ${e.hash}`);
  }
}

const group = {
  log: {
    summary: 'the consent log (receipts stored by cookiegate/server)',
    commands: {
      history: {
        usage: 'cookiegate log history CONSENT_ID [--json] --db LOCATION',
        summary: "one consent id's entries, with the texts each was shown",
        options: { ...dbOption, json: { type: 'boolean' } },
        check: ({ positionals }) => ({ id: consentId(positionals) }),
        async run({ values, id }, log) {
          const h = await log.history(id);
          if (values.json) console.log(JSON.stringify(h, null, 2)); else printHistory(h);
          return 0;
        },
      },
      export: {
        usage: 'cookiegate log export [--from DATE] [--to DATE] [--format jsonl|csv] [--out FILE] --db LOCATION',
        summary: 'entries received in [from, to) as JSON Lines or CSV',
        options: { ...dbOption, from: { type: 'string' }, to: { type: 'string' }, format: { type: 'string', default: 'jsonl' }, out: { type: 'string' } },
        check({ values }) {
          if (!['jsonl', 'csv'].includes(values.format)) throw new UsageError(`--format ${values.format}: give jsonl or csv`);
          exportDate('from', values.from);
          exportDate('to', values.to);
          return {};
        },
        async run({ values }, log) {
          const out = values.out ? await openOut(values.out) : process.stdout;
          let n = 0;
          for await (const line of log.export({ from: values.from, to: values.to, format: values.format })) {
            if (!out.write(line)) await new Promise((r) => out.once('drain', () => r()));
            n += 1;
          }
          if (values.out) { await new Promise((r) => out.end(() => r())); console.error(`${n} lines written to ${values.out}`); }
          return 0;
        },
      },
      purge: {
        usage: 'cookiegate log purge --older-than DAYS --db LOCATION',
        summary: 'delete entries older than the retention period (recorded in the chain)',
        options: { ...dbOption, 'older-than': { type: 'string' } },
        check({ values }) {
          const given = values['older-than'];
          if (!given) throw new UsageError('give --older-than DAYS (e.g. --older-than 395)');
          const days = Number(given.replace(/d$/, ''));
          if (!Number.isFinite(days) || days < 1) {
            throw new UsageError(`--older-than ${given}: give a number of days, 1 or more (e.g. --older-than 395)` +
              (days <= 0 && /\d/.test(given) ? `; ${given} would delete every entry` : ''));
          }
          return { days };
        },
        async run({ days }, log) {
          const r = await log.purge({ olderThanDays: days });
          console.log(`deleted ${r.deleted} entries older than ${days} days; purge recorded as entry ${r.seq}`);
          return 0;
        },
      },
      erase: {
        usage: 'cookiegate log erase CONSENT_ID --db LOCATION',
        summary: "erase one consent id's personal content (GDPR Art. 17), recorded in the chain",
        options: dbOption,
        check: ({ positionals }) => ({ id: consentId(positionals) }),
        async run({ id }, log) {
          const r = await log.erase(id);
          console.log(r.erased ? `erased ${r.erased} entries; erasure recorded as entry ${r.seq}` : 'no entries for this consent id');
          return 0;
        },
      },
      verify: {
        usage: 'cookiegate log verify [--anchor SEQ:HASH]... [--json] --db LOCATION',
        summary: 'check the chain: edited, removed or unrecorded erased entries fail',
        options: { ...dbOption, anchor: { type: 'string', multiple: true }, json: { type: 'boolean' } },
        check: ({ values }) => ({
          anchors: (values.anchor || []).map((a) => {
            const m = /^(\d+):([0-9a-f]{64})$/.exec(a);
            if (!m) throw new UsageError(`--anchor "${a}" must be SEQ:HASH as printed by an earlier verify`);
            return { seq: Number(m[1]), hash: m[2] };
          }),
        }),
        async run({ values, anchors }, log) {
          const r = await log.verify({ anchors });
          if (values.json) console.log(JSON.stringify(r, null, 2));
          else {
            for (const p of r.problems) console.log(`${p.config ? `config ${p.config}` : `entry ${p.seq}`}: ${p.problem}`);
            console.log(`${r.ok ? 'ok' : 'FAILED'}: ${r.entries} entries; head ${r.head ? `${r.head.seq}:${r.head.hash}` : 'none (empty log)'}`);
          }
          return r.ok ? 0 : 1;
        },
      },
    },
  },
};
group.log.commands.retention = { ...group.log.commands.purge, usage: group.log.commands.purge.usage.replace('purge', 'retention'), summary: 'the same as purge' };

const { commands } = group.log;

export default {
  name: 'log',
  summary: group.log.summary,
  usage: `cookiegate log ${Object.keys(commands).join('|')} [options] (${DB_HELP})`,
  async run(argv) {
    const [name, ...rest] = argv;
    const command = commands[name];
    const list = Object.values(commands).map((c) => `  ${c.usage}\n      ${c.summary}`).join('\n');
    if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
      console.log(`${list}\n\n${DB_HELP}`);
      return 0;
    }
    if (!command) throw new UsageError(`unknown log command "${name}"; one of:\n${list}`);
    if (rest.includes('--help') || rest.includes('-h')) {
      console.log(`usage: ${command.usage}\n    ${command.summary}\n\n${DB_HELP}`);
      return 0;
    }
    let args;
    try {
      args = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
    } catch (e) {
      throw new UsageError(e.message, command.usage);
    }
    try {
      // The arguments are checked before the log is opened: a mistake costs no connection.
      args = { ...args, ...(command.check ? command.check(args) : {}) };
      const log = await openLog(args.values);
      try {
        return await command.run(args, log);
      } finally {
        await log.close();
      }
    } catch (e) {
      if (e instanceof UsageError && !e.usage) e.usage = command.usage;
      throw e;
    }
  },
};
