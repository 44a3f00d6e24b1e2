// The one piece of markup config texts may use: [label](url). Everything else is
// text, rendered with text nodes only. A link whose URL is not https:, http:, mailto:
// or relative is dropped and its label kept as text.

// URLs may not contain whitespace or control characters: the URL parser strips tabs
// and newlines, so "java\nscript:" would otherwise look relative to a regex.
const TOKEN = /\[([^\][\n]{1,300})\]\(([^()\s\x00-\x1f\x7f]{1,2048})\)|\{(\w{1,32})\}/g;

/** The URL if it may become a link, else null. Scheme detection is the browser's own
 *  URL parser, so what we check is what a click would open. */
export function safeUrl(raw) {
  try {
    return /^(https?|mailto):$/.test(new URL(raw, 'https://relative.invalid/').protocol)
      ? raw
      : null;
  } catch {
    return null;
  }
}

/**
 * Splits a text into strings and {label, href} links, filling {placeholders} from
 * `vars` (unknown ones stay as written). Never returns markup.
 * @param {string} s
 * @param {Record<string,string>} [vars]
 * @returns {(string|{label:string,href:string})[]}
 */
export function parse(s, vars = {}) {
  const out = [];
  let at = 0;
  s = String(s ?? '');
  for (const m of s.matchAll(TOKEN)) {
    out.push(s.slice(at, m.index));
    at = m.index + m[0].length;
    if (m[3]) out.push(m[3] in vars ? String(vars[m[3]]) : m[0]);
    else {
      const href = safeUrl(m[2]);
      out.push(href ? { label: m[1], href } : m[1]);
    }
  }
  out.push(s.slice(at));
  return out.filter((x) => x !== '');
}

/** The same text without link syntax, for announcements. */
export const plain = (s, vars) =>
  parse(s, vars).map((x) => (typeof x === 'string' ? x : x.label)).join('');
