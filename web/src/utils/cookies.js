// Writing the consent cookie and removing what withdrawn services left behind. The
// consent value itself is never parsed here: the core reads the raw document.cookie.
import { matchesAny } from './patterns.js';

/**
 * document.cookie, or '' where reading it throws: an opaque origin (a sandboxed
 * iframe, a data: URL) has no cookies, and the session must still work there.
 */
export function readCookies() {
  try {
    return document.cookie;
  } catch (e) {
    return '';
  }
}

/** Writes a cookie as the core described it: {name, value, maxAge, domain, path, sameSite, secure}. */
export function writeCookie(c) {
  let text = `${c.name}=${c.value}; Max-Age=${Math.max(0, Math.floor(+c.maxAge || 0))}` +
    `; Path=${c.path || '/'}; SameSite=${c.sameSite || 'Lax'}`;
  if (c.domain) text += `; Domain=${c.domain}`;
  // Secure on plain http would make the browser drop the cookie altogether; a
  // __Host- cookie is dropped without it, and http://localhost (a secure context)
  // accepts it.
  const host = String(c.name).startsWith('__Host-') && window.isSecureContext;
  if (c.secure !== false && (location.protocol === 'https:' || host)) text += '; Secure';
  // Unwritable (opaque origin): the choice still holds for this page's session.
  try { document.cookie = text; } catch (e) { /* nothing can be stored */ }
}

const names = () => readCookies().split(';')
  .map((part) => part.split('=')[0].trim()).filter(Boolean);

/**
 * The `name=value` pairs of one cookie name, duplicates kept, as a Cookie header: all
 * the core needs to read (the page's other cookies may exceed its cap on the header).
 * Canonical ("a=1; a=2"): the page's other cookies, and where they stand, do not change
 * the text, so a stored answer's inputs compare equal (./replay.js).
 */
export const cookiePairs = (name) => readCookies().split(';').map((p) => p.trim())
  .filter((p) => p.split('=')[0] === name).join('; ');

// A cookie is deleted only with the domain and path it was set with, which JS cannot
// read: try host-only, the host and every parent domain, and every path prefix.
function domains() {
  const host = location.hostname;
  const out = [''];
  if (/^[\d.]+$/.test(host) || host.includes(':')) return out.concat(host);
  const labels = host.split('.');
  for (let i = 0; i < labels.length - 1; i++) out.push(labels.slice(i).join('.'));
  return out;
}

function paths() {
  const out = new Set(['/']);
  const parts = location.pathname.split('/');
  for (let i = parts.length; i > 1; i--) {
    const p = parts.slice(0, i).join('/');
    if (p) { out.add(p); out.add(p.endsWith('/') ? p : p + '/'); }
  }
  return [...out];
}

/**
 * Expires every visible cookie whose name matches one of `patterns`, except `keep` and
 * the names that match one of `kept`. Cookies scoped to other paths or HttpOnly ones are
 * invisible to JS and stay.
 * @returns {string[]} the names that were expired
 */
export function deleteCookies(patterns, keep, kept) {
  const doomed = [...new Set(names())].filter((n) => n !== keep && matchesAny(patterns, n) && !matchesAny(kept, n));
  for (const name of doomed) {
    for (const d of domains()) {
      for (const p of paths()) {
        document.cookie = `${name}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=${p}` +
          (d ? `; Domain=${d}` : '');
      }
    }
  }
  return doomed;
}

/** Removes localStorage and sessionStorage keys matching `patterns`, not `kept`. */
export function deleteStorage(patterns, kept) {
  const removed = [];
  for (const kind of ['localStorage', 'sessionStorage']) {
    try {
      const store = window[kind];
      const keys = [];
      for (let i = 0; i < store.length; i++) keys.push(store.key(i));
      for (const k of keys) if (matchesAny(patterns, k) && !matchesAny(kept, k)) { store.removeItem(k); removed.push(k); }
    } catch (e) { /* storage disabled: nothing can have been stored */ }
  }
  return removed;
}
