// `cookiegate log …`: the consent log kept by cookiegate/server (README "Proof of
// consent"). Each log command has its options (util.parseArgs), its usage line and its
// run(); exit status 0 done, 1 failed (e.g. verify found a problem), 2 wrong usage.
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';

import { UsageError, loadCore } from './common.js';

const DB_HELP = '--db LOCATION  a SQLite file or a postgres:// URL (default: $COOKIEGATE_LOG_DB)';
const dbOption = { db: { type: 'string' } };

async function openLog(values) {
  const location = values.db || process.env.COOKIEGATE_LOG_DB;
  if (!location) throw new UsageError('say which log: --db consent-log.db (or a postgres:// URL), or set COOKIEGATE_LOG_DB');
  const { createConsentLog, openStore } = await import('../server.js');
  return createConsentLog({ core: await loadCore(), store: await openStore(location) });
}

const consentId = (positionals) => {
  const id = positionals[0];
  if (!id || !/^[0-9a-f]{32}$/.test(id)) throw new UsageError('give the consent id: 32 lower-case hex digits (get() in the page, or the cookie decoded)');
  return id;
};

function printHistory({ consentId: id, entries }) {
  if (!entries.length) { console.log(`no entries for consent id ${id}`); return; }
  for (const e of entries) {
    if (e.erased) { console.log(`#${e.seq} ${e.at} (erased)`); continue; }
    const r = e.record;
    const cats = r.categories.map((c) => `${c.id} ${c.granted ? 'granted' : 'refused'}`).join(', ');
    console.log(`#${e.seq} ${e.at} ${e.event}: ${r.method} via ${r.source}, policy ${r.policy}` +
      ` (acknowledged ${r.acknowledged}), ${e.shown.prompt} ${e.shown.layer} in ${e.shown.language}`);
    console.log(`    ${cats}`);
    const svc = r.services.map((s) => `${s.id} ${s.granted ? 'granted' : 'refused'}`).join(', ');
    if (svc) console.log(`    services: ${svc}`);
    if (e.texts) {
      console.log(`    shown: "${e.texts.texts.bannerTitle}" / ${e.texts.texts.rejectAll} · ${e.texts.texts.acceptAll}; policy ${e.texts.policy.url}`);
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
        async run({ values, positionals }, log) {
          const h = await log.history(consentId(positionals));
          if (values.json) console.log(JSON.stringify(h, null, 2)); else printHistory(h);
          return 0;
        },
      },
      export: {
        usage: 'cookiegate log export [--from DATE] [--to DATE] [--format jsonl|csv] [--out FILE] --db LOCATION',
        summary: 'entries received in [from, to) as JSON Lines or CSV',
        options: { ...dbOption, from: { type: 'string' }, to: { type: 'string' }, format: { type: 'string', default: 'jsonl' }, out: { type: 'string' } },
        async run({ values }, log) {
          const out = values.out ? createWriteStream(values.out) : process.stdout;
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
        async run({ values }, log) {
          const days = Number(String(values['older-than'] ?? '').replace(/d$/, ''));
          if (!values['older-than'] || !Number.isFinite(days) || days < 1) throw new UsageError('give --older-than DAYS (e.g. --older-than 395)');
          const r = await log.purge({ olderThanDays: days });
          console.log(`deleted ${r.deleted} entries older than ${days} days; purge recorded as entry ${r.seq}`);
          return 0;
        },
      },
      erase: {
        usage: 'cookiegate log erase CONSENT_ID --db LOCATION',
        summary: "erase one consent id's personal content (GDPR Art. 17), recorded in the chain",
        options: dbOption,
        async run({ positionals }, log) {
          const r = await log.erase(consentId(positionals));
          console.log(r.erased ? `erased ${r.erased} entries; erasure recorded as entry ${r.seq}` : 'no entries for this consent id');
          return 0;
        },
      },
      verify: {
        usage: 'cookiegate log verify [--anchor SEQ:HASH]... [--json] --db LOCATION',
        summary: 'check the chain: edited, removed or unrecorded erased entries fail',
        options: { ...dbOption, anchor: { type: 'string', multiple: true }, json: { type: 'boolean' } },
        async run({ values }, log) {
          const anchors = (values.anchor || []).map((a) => {
            const m = /^(\d+):([0-9a-f]{64})$/.exec(a);
            if (!m) throw new UsageError(`--anchor "${a}" must be SEQ:HASH as printed by an earlier verify`);
            return { seq: Number(m[1]), hash: m[2] };
          });
          const r = await log.verify({ anchors });
          if (values.json) console.log(JSON.stringify(r, null, 2));
          else {
            for (const p of r.problems) console.log(`entry ${p.seq}: ${p.problem}`);
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
    if (name === undefined || name === 'help' || name === '--help') {
      console.log(`${list}\n\n${DB_HELP}`);
      return 0;
    }
    if (!command) throw new UsageError(`unknown log command "${name}"; one of:\n${list}`);
    let args;
    try {
      args = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
    } catch (e) {
      throw new UsageError(`${e.message}\nusage: ${command.usage}`);
    }
    const log = await openLog(args.values);
    try {
      return await command.run(args, log);
    } finally {
      await log.close();
    }
  },
};
