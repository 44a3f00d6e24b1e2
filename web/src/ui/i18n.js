// The UI's languages: which texts it shows, in which language(s) and direction, and
// values localized for a language (lists, dates). Every function takes the mount's
// context (./index.js): `ctx.cfg` the config in force, `ctx.ui` its `ui` member,
// `ctx.fallback` the config's first language, `ctx.rt.language` the negotiated one.
import { en, zh } from './texts.js';
import { h } from './dom.js';
import { parse, plain } from './markup.js';

/** The built-in texts per language (./regional.js adds its own keys to them). */
export const BUILTIN = { en, zh };

/** Reads the runtime's config again: the raw JSON until the core is ready, then the
 *  core's validated one. Called before every render. */
export function syncConfig(ctx) {
  ctx.cfg = ctx.rt.config || {};
  ctx.ui = ctx.cfg.ui || {};
  ctx.fallback = (ctx.cfg.languages || [])[0] || 'en';
}

// Until the core has validated the config its directions are unknown: left-to-right,
// and the banner is rebuilt once they are known (they are part of its key).
/** The writing direction of language `l`, the core's answer (`config.directions`). */
export const direction = (ctx, l) => (ctx.cfg.directions?.[l] === 'rtl' ? 'rtl' : 'ltr');

const builtin = (l) => BUILTIN[l] || BUILTIN[String(l).split('-')[0].toLowerCase()];
// Only own string values count: a language named "constructor" must not find
// Object.prototype's.
const firstString = (...xs) => xs.find((x) => typeof x === 'string');

/** The raw text `key` in language `l`: the config's, else the built-in, else the
 *  fallback language's, else English. */
export const textOf = (ctx, l, key) => firstString(ctx.cfg.texts?.[l]?.[key], builtin(l)?.[key],
  ctx.cfg.texts?.[ctx.fallback]?.[key], builtin(ctx.fallback)?.[key], en[key]);

/** A config value in language `l`: a string as it is, a map of language -> text by `l`,
 *  else the fallback language, else any; '' when there is none. */
export const localize = (ctx, value, l) =>
  typeof value === 'string' ? value : (value && firstString(value[l], value[ctx.fallback], ...Object.values(value))) || '';

/** Whether `ui.bilingual` shows its languages side by side, whatever is negotiated. */
export const bilingual = (ctx) => Array.isArray(ctx.ui.bilingual) && ctx.ui.bilingual.length > 1;

/** The languages shown: `ui.bilingual`'s (side by side) or the negotiated one. */
export const shownLanguages = (ctx) => (bilingual(ctx) ? ctx.ui.bilingual.map(String) : [ctx.rt.language || ctx.fallback]);

// Text nodes and links: `[label](url)` is the only markup a text may hold.
const rich = (s, vars) =>
  parse(s, vars).map((x) => (typeof x === 'string' ? x : h('a', { href: x.href, part: 'link' }, x.label)));

/**
 * One text in every shown language, as nodes: `get(lang)` gives the raw text,
 * `vars(lang)` its placeholders. `block` texts are paragraphs, side by side in bilingual
 * mode; inline texts are joined with " / ".
 * @returns {(Node|string)[]}
 */
export function inLanguages(ctx, get, vars, block, attrs = {}) {
  const ls = shownLanguages(ctx);
  const one = (l, attrs) => h(block ? 'p' : 'span', attrs, rich(get(l), vars?.(l)));
  if (ls.length < 2) return block ? [one(ls[0], attrs)] : rich(get(ls[0]), vars?.(ls[0]));
  const parts = ls.map((l) => one(l, { lang: l, dir: direction(ctx, l) }));
  return block ? [h('div', { class: 'bi' }, parts)] : parts.flatMap((p, i) => (i ? [' / ', p] : [p]));
}

/** The UI text `key` (./texts.js, or the config's `texts`) in every shown language. */
export const uiText = (ctx, key, vars, block) => inLanguages(ctx, (l) => textOf(ctx, l, key), vars, block);

// A config value may fall back to another language (or be a name, like a cookie's):
// its own first strong character sets its direction, so English inside an Arabic
// dialog keeps its punctuation where it belongs.
/** A config value (a string or language -> text) in every shown language. */
export const configText = (ctx, value, block) => inLanguages(ctx, (l) => localize(ctx, value, l), null, block, { dir: 'auto' });

/** The UI text `key` as one plain string (for attributes and announcements). */
export const plainText = (ctx, key) => shownLanguages(ctx).map((l) => plain(textOf(ctx, l, key))).join(' / ');

/** `lang` and `dir` of a top-level element; in bilingual mode each part carries its own. */
export const langAttrs = (ctx) => {
  const ls = shownLanguages(ctx);
  return ls.length > 1 ? { lang: ls[0] } : { lang: ls[0], dir: direction(ctx, ls[0]) };
};

/** "a, b and c" in language `l` (Intl.ListFormat; commas where it is missing). */
export const listOf = (l, names) => {
  try {
    return new Intl.ListFormat(l, { type: 'conjunction' }).format(names);
  } catch {
    return names.join(', ');
  }
};

/** A date (seconds since the epoch, or a date string) in language `l`, long style, UTC. */
export const dateOf = (l, d) => {
  const t = typeof d === 'number' ? d * 1000 : Date.parse(d);
  try {
    return new Intl.DateTimeFormat(l, { dateStyle: 'long', timeZone: 'UTC' }).format(t);
  } catch {
    return String(d ?? '');
  }
};
