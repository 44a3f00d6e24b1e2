// `cookiegate check config.json…`: the core's verdict on each config, with every
// error the core can find, not just the first: after each error the offending member or
// list entry is left out (a missing text is filled in, a required member gets the core's
// example value) and the config checked again, until it passes or the next error could
// only be a consequence of the earlier ones. Exit status 1 when any config has errors.
import { UsageError, errorLines, loadCore, parseArgs, readConfig } from './common.js';
import { MAX_CONFIG_BYTES } from '../wasm/bridge.js';

// `categories[1].services[0].id` -> ['categories', 1, 'services', 0, 'id']: a [n] index
// as a number, a .name (digits too: `texts.en.1`) as a string.
const tokens = (path) => [...path.matchAll(/\[(\d+)\]|\.?([^.[\]]+)/g)].map((m) => (m[1] != null ? Number(m[1]) : m[2]));
const step = (out, k) => (typeof k === 'number' ? `${out}[${k}]` : out ? `${out}.${k}` : k);

// The object or array holding the member at `path` and that member's key (a name, or
// an index for an array element), or null. `create` makes missing objects on the way;
// an element is never made.
function holder(value, path, create) {
  const keys = tokens(path);
  const last = keys.pop();
  let parent = value;
  for (const k of keys) {
    if (!parent || typeof parent !== 'object') return null;
    if (create && parent[k] === undefined) parent[k] = {};
    parent = parent[k];
  }
  const ok = !!parent && typeof parent === 'object' &&
    (typeof last === 'string' ? !Array.isArray(parent) : Array.isArray(parent) && !create);
  return ok ? { parent, last } : null;
}

// The lists an entry of which can be left out with nothing else depending on it (a
// language or a category left out would make errors of what names it).
const LEAVES = /\.(scripts|cookies|storage|consentMode)\[\d+\]$/;

// Removes the member at `path`, or an entry of a LEAVES list; false when there is none
// (a missing member, another list's entry, the whole config). The entries after a
// removed one move up: `Renumbering` keeps the indices the errors are reported with
// those of the file as written.
function leaveOut(value, path) {
  const at = holder(value, path, false);
  if (!at || !Object.hasOwn(at.parent, at.last) || Array.isArray(at.parent) && !LEAVES.test(path)) return false;
  if (Array.isArray(at.parent)) at.parent.splice(/** @type {number} */ (at.last), 1);
  else delete at.parent[at.last];
  return true;
}

// Paths between the config checked now (entries left out) and the file as written:
// for each list (by its path as written), the indices as written that were left out.
class Renumbering {
  constructor() { this.gone = new Map(); }

  // The path as written for a path in the config as it is now.
  written(path) {
    let out = '';
    for (const k of tokens(path)) {
      let i = k;
      if (typeof k === 'number') for (const g of this.gone.get(out) ?? []) if (g <= i) i += 1;
      out = step(out, i);
    }
    return out;
  }

  // `path` (as written) is an entry now left out.
  leftOut(path) {
    const m = /^(.*)\[(\d+)\]$/.exec(path);
    if (!m) return;
    const list = this.gone.get(m[1]) ?? [];
    list.push(Number(m[2]));
    this.gone.set(m[1], list.sort((a, b) => a - b));
  }

  // The path now of a path as written (the reverse of written()).
  current(path) {
    let out = '';
    let now = '';
    for (const k of tokens(path)) {
      const before = typeof k === 'number' ? (this.gone.get(out) ?? []).filter((g) => g < k).length : 0;
      out = step(out, k);
      now = step(now, typeof k === 'number' ? k - before : k);
    }
    return now;
  }
}

// A text the config must give and does not (a language without built-in texts): a
// stand-in is put there instead, so that every missing key is reported, not the first.
function fillIn(value, path) {
  const at = holder(value, path, true);
  if (!at || Object.hasOwn(at.parent, at.last)) return false;
  at.parent[at.last] = at.last;
  return true;
}

// A required member left out is then missing, an error at the same path: the core's
// own example value goes there instead (102's message ends "e.g. <JSON>)"), so that
// the errors after it are found too. False when the error is not that.
// An id gets the example with a suffix no other id has (the example "analytics" beside
// a real category "analytics" was a duplicate id, blamed on the real one).
function standIn(value, path, error) {
  const eg = error.name === 'config_missing' && error.path === path && /e\.g\. (.*)\)$/.exec(error.message);
  const at = eg && holder(value, path, true);
  if (!at) return false;
  try {
    const v = JSON.parse(eg[1]);
    at.parent[at.last] = at.last === 'id' ? `${v}-stand-in-${JSON.stringify(value).length}` : v;
    return true;
  } catch {
    return false;
  }
}

/**
 * A config as `snippet` writes it inside <script>: on one line, "<" written as \u003c so
 * that "</script>" or "<!--" in a text cannot end or change the element. The page hands
 * the core this text, escapes and all.
 */
export const inlineJson = (value) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * Every error the core reports for `text`, the first one first. A config over the core's
 * cap only as written (indented JSON) is checked as `snippet` prints it: `written` is
 * then its size as written and `compact` as printed (bytes).
 */
export function allErrors(core, text) {
  const first = core.validateConfig(text);
  if (!first.ok && first.error.name === 'input_too_large') {
    let compact = null;
    try { compact = inlineJson(JSON.parse(text)); } catch { /* reported as it is */ }
    if (compact !== null && compact.length < text.length && core.validateConfig(compact).error?.name !== 'input_too_large') {
      return { ...allErrors(core, compact), written: Buffer.byteLength(text), compact: Buffer.byteLength(compact) };
    }
  }
  if (first.ok) return { config: first.config, errors: [] };
  const errors = [first.error];
  let value;
  try {
    value = JSON.parse(text);
  } catch (e) {
    // The core says only that it is not JSON; JSON.parse knows where (its position).
    const at = /at position (\d+)/.exec(e.message);
    if (at && first.error.code === 100) {
      const lines = text.slice(0, Number(at[1])).split('\n');
      const why = e.message.replace(/ in JSON at position \d+.*/, '');
      errors[0] = { ...first.error,
        message: `${first.error.message}: ${why} at line ${lines.length}, column ${lines[lines.length - 1].length + 1}` };
    }
    return { errors };
  }
  const paths = new Renumbering();
  for (let i = 0; i < 100; i++) {
    const last = errors[errors.length - 1];
    const { path, name } = last;
    const now = paths.current(path);
    // A text is filled in, a missing member given the core's example, anything else left out.
    const fixed = name === 'config_missing_text' ? fillIn(value, now)
      : name === 'config_missing' ? standIn(value, now, { ...last, path: now }) : leaveOut(value, now);
    if (!path || !fixed) break;
    if (name !== 'config_missing_text' && name !== 'config_missing') paths.leftOut(path);
    let next = core.validateConfig(JSON.stringify(value));
    if (!next.ok && standIn(value, now, next.error)) next = core.validateConfig(JSON.stringify(value));
    // Passing now, or an error about what was left out or the member that held it (a
    // map left empty by it): nothing more to say.
    if (next.ok) break;
    const held = paths.written(next.error.path);
    const about = (p) => p === held || p.startsWith(held + '.') || p.startsWith(held + '[');
    if (errors.some((e) => about(e.path))) break;
    // The core's message starts with the path too.
    const { path: at, message } = next.error;
    errors.push({ ...next.error, path: held, message: message.startsWith(at) ? held + message.slice(at.length) : message });
  }
  return { errors };
}

export default {
  name: 'check',
  summary: 'check config files with the core: every error, exit status 1 on any',
  usage: 'cookiegate check CONFIG.json...',
  async run(argv) {
    const { args } = parseArgs(argv, {});
    if (!args.length) throw new UsageError('no config file given');
    const core = await loadCore();
    let failed = 0;
    for (const file of args) {
      const { config, errors, written, compact } = allErrors(core, await readConfig(file));
      // Valid on one line, but a page given it as written refuses it.
      if (written) {
        errors.unshift({ code: 400, name: 'input_too_large', path: 'config',
          message: `config: is over ${MAX_CONFIG_BYTES} bytes as written (${written}); ${compact} as ` +
            `\`cookiegate snippet\` prints it, and ${errors.length ? 'then' : 'valid'}: paste what it prints` });
      }
      if (!errors.length) {
        const services = config.categories.reduce((n, c) => n + c.services.length, 0);
        console.log(`${file}: valid (policy ${config.policy.version}, ${config.categories.length} categories,` +
          ` ${services} services, languages ${config.languages.join(' ')})`);
        continue;
      }
      failed++;
      for (const line of errorLines(file, errors)) console.log(line);
    }
    return failed ? 1 : 0;
  },
};
