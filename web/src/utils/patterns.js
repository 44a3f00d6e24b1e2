// The config's `scripts`, `cookies` and `storage` patterns: literal text where `*`
// matches any run of characters, matched against the whole string.

const cache = new Map();

/** @returns {(text: string) => boolean} */
export function compile(pattern) {
  let re = cache.get(pattern);
  if (!re) {
    const body = String(pattern).split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    re = new RegExp('^' + body + '$', 's');
    cache.set(pattern, re);
  }
  return (text) => re.test(text);
}

export const matchesAny = (patterns, text) =>
  (patterns || []).some((p) => compile(p)(text));
