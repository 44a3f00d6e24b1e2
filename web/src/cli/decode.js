// `cookiegate decode --config config.json '<cookie value>'`: for "why does this visitor
// see the banner?". The core decodes the value and evaluates it against the config at
// --now (default: now); both are printed, the stored record as the core read it. An
// expired or newer-policy record is still shown: the core is asked as of a day when
// it was readable. Accepts the cookie's value, `name=value` or a whole Cookie header.
import { UsageError, formatError, loadCore, parseArgs, readConfig } from './common.js';

const DAY = 86400;
const iso = (s) => (s == null ? '-' : new Date(s * 1000).toISOString().replace('.000Z', 'Z'));

const WHY = {
  none: 'nothing to ask: the stored choice holds',
  no_record: 'no consent cookie: a first visit',
  invalid_record: 'the cookie could not be read (see record error): asked as on a first visit',
  expired: 'the record is older than its expiry: asked again',
  future_version: 'the record names a policy newer than the config\'s: not trusted, asked again',
  major_update: 'the policy\'s MAJOR version was raised since: asked again',
  category_changed: 'a category is new or its revision was raised: asked for those only',
  service_added: 'a service was added to a granted category since: asked for that category again',
  reask_after_refusal: 'pipl: the refusal is 48 hours old: its categories may be asked again (nothing changed)',
};

// The core's clock range (core/boundary.cpp to_seconds): 2000-01-01 to 9999-12-31.
const MIN_NOW = 946684800;
const MAX_NOW = 253402300799;

function parseNow(value) {
  if (value === undefined) return Date.now() / 1000;
  let now;
  if (/^\d+(\.\d+)?$/.test(value)) {
    now = Number(value);
    // Date.now() pasted as is: named as the server API names it (web/src/server.js).
    if (now > MAX_NOW && now / 1000 >= MIN_NOW && now / 1000 <= MAX_NOW) {
      throw new UsageError(`--now ${value} looks like milliseconds: give seconds since the epoch (${Math.floor(now / 1000)}) or an ISO date`);
    }
  } else {
    const t = Date.parse(value);
    if (Number.isNaN(t)) throw new UsageError(`--now ${value}: give seconds since the epoch or an ISO date`);
    now = t / 1000;
  }
  // Else the core's "must be seconds since the epoch (a finite number)" for a number.
  if (now < MIN_NOW || now > MAX_NOW) throw new UsageError(`--now ${value}: not a time from 2000 to 9999; give seconds since the epoch or an ISO date`);
  return now;
}

// The record as of a moment it was valid: a policy no record can be newer than, and
// one day further back at a time (20 years at most) until it is not expired.
function readRecord(core, config, header, now) {
  const probe = JSON.stringify({ ...config, policy: { ...config.policy, version: '999999.999999.999999', upcoming: undefined } });
  for (let t = now, i = 0; i < 20 * 366; t -= DAY, i++) {
    const r = core.evaluate(probe, header, t, false);
    if (!r.ok || r.state.recordError) return null;
    if (r.state.record) return { record: r.state.record, asOf: t };
  }
  return null;
}

export default {
  name: 'decode',
  summary: 'decode a consent cookie and evaluate it against a config ("why the banner?")',
  usage: 'cookiegate decode --config CONFIG.json [--now SECONDS|ISO-DATE] [--gpc] [--json] COOKIE',
  async run(argv) {
    const { args, opts } = parseArgs(argv, { config: 'value', now: 'value', gpc: 'flag', json: 'flag' });
    if (!opts.config) throw new UsageError('--config CONFIG.json is required');
    if (args.length !== 1) throw new UsageError('give the cookie value (or the Cookie header) as one argument');
    const text = await readConfig(opts.config);
    const now = parseNow(opts.now);
    const core = await loadCore();
    const valid = core.validateConfig(text);
    if (!valid.ok) {
      console.error(`${opts.config}: ${formatError(valid.error)}`);
      return 1;
    }
    const name = valid.config.cookie.storedName;
    const header = args[0].includes('=') ? args[0].trim() : `${name}=${args[0].trim()}`;
    const r = core.evaluate(text, header, now, !!opts.gpc);
    if (!r.ok) {
      console.error(formatError(r.error));
      return 1;
    }
    const st = r.state;
    const old = !st.record && !st.recordError && (st.reason === 'expired' || st.reason === 'future_version')
      ? readRecord(core, JSON.parse(text), header, now) : null;
    const record = st.record || (old && old.record);
    if (opts.json) {
      console.log(JSON.stringify({ now, state: st, record, recordReadAt: old ? old.asOf : now }, null, 2));
      return 0;
    }
    const out = [];
    out.push(`cookie      ${name}, evaluated at ${iso(now)}${opts.gpc ? ' with GPC' : ''}`);
    if (st.recordError) out.push(`record      unreadable: ${st.recordError.name} (${st.recordError.code})`);
    else if (!record) out.push('record      none');
    else {
      out.push(`record      ${record.id}${old ? ` (read as of ${iso(old.asOf)}: it no longer counts)` : ''}`);
      out.push(`  created   ${iso(record.created)}, updated ${iso(record.updated)}`);
      out.push(`  policy    ${record.policy}, acknowledged ${record.acknowledged}`);
      out.push(`  method    ${record.method}${record.gpcApplied ? ' (GPC applied)' : ''}, language ${record.language}`);
      out.push(`  decisions ${record.categories.map((c) => `${c.id ?? '(unknown id)'} ${c.granted ? 'granted' : 'refused'}` +
        (c.revision > 1 ? ` r${c.revision}` : '')).join(', ')}`);
      const refused = record.services.filter((s) => !s.granted).map((s) => s.id ?? '(unknown id)');
      if (refused.length) out.push(`  refused   services ${refused.join(', ')}`);
    }
    out.push(`banner      ${st.prompt}${st.prompt === 'none' ? '' : ` (${st.reason}: ${WHY[st.reason] || st.reason})`}`);
    if (st.prompt === 'none' && st.reason !== 'none') out.push(`reason      ${st.reason}`);
    if (st.notice) out.push(`notice      ${st.notice.kind} ${st.notice.version}${st.notice.effective ? ` from ${st.notice.effective}` : ''}`);
    if (st.expiresAt) out.push(`expires     ${iso(st.expiresAt)}`);
    for (const c of st.categories) {
      const services = c.services.map((s) => `${s.id} ${s.allowed ? 'yes' : 'no'}`).join(', ');
      const flags = [c.required && 'required', c.ask && 'asked', c.changed && 'changed', c.gpc && 'GPC'].filter(Boolean);
      out.push(`  ${c.allowed ? 'allowed' : 'denied '}   ${c.id}${flags.length ? ` [${flags.join(', ')}]` : ''}` +
        (services ? `: ${services}` : ''));
    }
    console.log(out.join('\n'));
    return 0;
  },
};
