/**
 * Loads the click-to-load placeholders (./placeholder.js) only when a page needs them:
 * once the core has answered (or failed) and the document holds a candidate element
 * (a gated frame, or an element marked `data-cookiegate-placeholder`). A page without
 * embeds never downloads them. web/build.mjs emits ./placeholder.js as a file of its
 * own, dist/cookiegate-placeholders.js, which both entries import() from next to
 * themselves; a plain bundler build of this file inlines it instead.
 *
 * If that file cannot be loaded, the embeds stay held (the gate, not the placeholder,
 * holds them) without a placeholder, and the runtime reports error 508
 * `chunk_unavailable` (console and 'error' event) naming the file.
 */
import { en, misconfigured, zh } from './texts.js';
import { plain } from './markup.js';
import { ownFile } from '../gate/own.js';

// Same selector as ./placeholder.js: the elements that get a placeholder.
const WANTED = 'iframe[data-category][data-src]:not([src]),[data-cookiegate-placeholder][data-category]:not(script)';
const FILE = 'cookiegate-placeholders.js';

/**
 * Same shape as ./placeholder.js mountPlaceholders, minus the texts it is handed here.
 * @param {import('../runtime.js').UiRuntime} rt
 * @param {object|null} visitor
 * @param {(from: Element) => void} openPreferences
 * @returns {() => void} removes every placeholder and stops watching
 */
export function mountPlaceholders(rt, visitor, openPreferences) {
  if (!rt.heldBy) return () => {};
  let unmount = null;
  let stopped = false;
  let loading = false;

  const answered = () => {
    if (rt.failed) return true;
    try { const st = rt.getState(); return !!st && !st.pending && !rt.languagePending; } catch { return false; }
  };
  const candidate = () => [...document.querySelectorAll(WANTED)]
    .some((el) => el.getAttribute('data-cookiegate-placeholder') !== 'off');

  function check() {
    if (loading || stopped || !answered() || !candidate()) return;
    loading = true;
    stop();
    // ./placeholder.js in source; the chunk in web/dist (see web/build.mjs).
    ownFile(() => import('./placeholder.js')).then((/** @type {OnDemand<typeof import('./placeholder.js')>} */ m) => (m.load ? m.load() : m)).then((m) => {
      if (stopped) return;
      unmount = m.mountPlaceholders(rt, visitor, openPreferences, { en, zh, misconfigured, plain });
    }, (e) => {
      const detail = { code: 508, name: 'chunk_unavailable', path: '', message: `${FILE} did not load` +
        ` (${e && e.message}): serve it next to cookiegate.js / index.js; until then embeds stay held without a placeholder` };
      if (rt.reportError) rt.reportError(detail);
      else console.error(`CookieGate: error ${detail.code} ${detail.name}: ${detail.message}`);
    });
  }

  const watch = new MutationObserver(check);
  function stop() {
    watch.disconnect();
    rt.off?.('state', check);
    rt.off?.('error', check);
    document.removeEventListener('DOMContentLoaded', check);
  }
  watch.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-cookiegate-placeholder', 'data-category', 'data-src'] });
  rt.on?.('state', check);
  rt.on?.('error', check);
  document.addEventListener('DOMContentLoaded', check, { once: true });
  check();

  return () => {
    stopped = true;
    stop();
    unmount?.();
  };
}
