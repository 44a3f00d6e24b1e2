// Consent receipts (config `log.endpoint`): after every decision the runtime stores,
// the consent cookie's value, the hash of the config the core validated, the language
// and the banner shown go to the site's consent log, without delaying the page. A
// receipt is queued in localStorage first (bounded) and removed once the log answered:
// one that cannot be sent now is sent again on the next page view. The request
// carries no cookies (credentials omitted), no referrer (so no page URL or query
// string) and nothing about the browser in its body; the server stores what its core
// decodes from the cookie value, never a copy of the decisions.
import { configHash } from './utils/config-hash.js';

const KEY = 'cookiegate:receipts';
const MAX_QUEUED = 20;

const hex = (n) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * @param {object} config the config as the core validated it (validateConfig().config)
 * @param {(detail: object) => void} onError reports {code, name, path, message}
 * @returns null when no log is configured, else {ready, send(cookieValue, shown)};
 *   `ready` resolves once the config hash is known (never rejects).
 */
export function createReceipts(config, onError) {
  const endpoint = config.log && config.log.endpoint;
  if (!endpoint) return null;
  const fail = (name, message) => onError({ code: 506, name, path: 'log.endpoint', message });
  const read = () => {
    try {
      const q = JSON.parse(localStorage.getItem(KEY) || '[]');
      return Array.isArray(q) ? q : [];
    } catch { return []; }
  };
  const write = (q) => { try { localStorage.setItem(KEY, JSON.stringify(q.slice(-MAX_QUEUED))); } catch { /* sent once, not kept */ } };
  const drop = (id) => write(read().filter((r) => r.id !== id));

  let unreachable = false;  // said once a page: every queued receipt fails alike
  function post(receipt) {
    fetch(endpoint, {
      method: 'POST', keepalive: true, credentials: 'omit', referrerPolicy: 'no-referrer',
      headers: { 'content-type': 'application/json' }, body: JSON.stringify(receipt),
    }).then(async (res) => {
      if (res.ok) return drop(receipt.id);
      // The log's own refusal names what to fix (an unregistered config, a wrong URL).
      const b = await res.json().catch(() => 0);
      // A log older than the exact layer names (it knows banner, preferences, placeholder
      // and none, so refuses neither of the last two) would drop the proof: the same
      // receipt once more under its old name, 'placeholder' for 'placeholder:…', else
      // 'banner'. Queued meanwhile under its own name; once only (the old name again).
      if (b?.error?.path == 'layer' && receipt.layer != (receipt.layer = /^pl/.test(receipt.layer) ? 'placeholder' : 'banner')) return post(receipt);
      // A refusal (4xx other than timeouts and rate limits) will not change on retry.
      const final = res.status < 500 && res.status !== 408 && res.status !== 429;
      if (final) drop(receipt.id);
      fail('receipt_refused', `${endpoint} answered ${res.status}${b?.error ? ` (${b.error.name}: ${b.error.message})` : ''}; the receipt is ${final ? 'dropped' : 'kept for the next page'}`);
    }, () => unreachable || (unreachable = true, fail('receipt_unavailable', `${endpoint} could not be reached: offline, or cross-origin without allowOrigin; kept for the next page`)));
  }

  let hash = null;
  const ready = configHash(config).then((h) => {
    hash = h;
    for (const r of read()) post(r);  // the queue of earlier page views
  }, (e) => fail('receipt_unavailable', `receipts cannot be made here (${e && e.message}); the page must be https or localhost`));

  return {
    ready,
    /** After a decision was stored: queue the receipt, then send it. */
    send(cookie, shown) {
      if (!hash) return;
      const receipt = { v: 1, id: hex(16), cookie, config: hash, ...shown };
      write([...read(), receipt]);
      post(receipt);
    },
  };
}
