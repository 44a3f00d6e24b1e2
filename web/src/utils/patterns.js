// The config's `scripts`, `cookies` and `storage` patterns: literal text where `*`
// matches any run of characters, matched against the whole string.

const cache = new Map();

// A URL pattern's host compares as a parsed URL's does: lower case, an IDN as punycode,
// no trailing dot, no default port ("https://Stats.Example.com:443/*" is
// "https://stats.example.com/*"). Cookie and storage patterns are left as written.
function normalise(pattern) {
  const m = /^([a-z][a-z\d+.-]*:)?(\/\/)?([^/?#*@\s]+\.[^/?#*@\s]+)(\/.*)?$/i.exec(pattern);
  if (!m || (!m[2] && !m[4])) return pattern;
  try {
    const host = new URL(`${m[1] || 'https:'}//${m[3]}`).host.replace(/\.(?=:|$)/, '');
    return (m[1] || '').toLowerCase() + (m[2] || '') + host + (m[4] || '');
  } catch (e) {
    return pattern;
  }
}

/** @returns {(text: string) => boolean} */
export function compile(pattern) {
  let re = cache.get(pattern);
  if (!re) {
    const body = normalise(String(pattern)).split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    re = new RegExp('^' + body + '$', 's');
    cache.set(pattern, re);
  }
  return (text) => re.test(text);
}

export const matchesAny = (patterns, text) =>
  (patterns || []).some((p) => compile(p)(text));
