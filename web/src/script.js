// The script-tag bundle: the global CookieGate, started from the tag's attributes.
//   <script type="application/json" id="cookiegate-config">{…}</script>
//   <script src="/cookiegate.js" data-config="#cookiegate-config"></script>
// It must be the first script in <head>, loaded plainly (not async, defer or as a
// module): only what runs after it can be held. From its first moment every script or
// frame the page inserts with an http(s) URL is held, until the core has validated the
// config (then those of no refused service are released), or for good if it never does.
// data-config: "#id" of an inline JSON script (place it before this tag, so the
// Consent Mode default is pushed synchronously) or a URL to fetch (then the default
// waits for the fetch). Without data-config, call CookieGate.init(config) yourself.
// Optional: data-wasm-url, data-reload-on-withdrawal="false", data-ui="off" (no
// bundled banner; drive the API yourself).
import api from './index.js';
import { installGate } from './gating.js';

installGate();
window.CookieGate = api;

// document.currentScript is null in a module; the tag is then found by its attribute.
const me = document.currentScript || document.querySelector('script[src*="cookiegate"][data-config]');
const say = (what) => console.error(`CookieGate: ${what}`);

// What ran before this script cannot have been held: say so, naming the fix.
(() => {
  const how = !document.currentScript ? 'as a module or injected by another script'
    : me.async || me.defer ? `with ${me.async ? 'async' : 'defer'}` : '';
  const head = document.head ? [...document.head.querySelectorAll('script')] : [];
  const before = head.slice(0, Math.max(0, head.indexOf(me))).filter((s) => !s.type ||
    /^(text|application)\/(java|ecma)script$|^module$/i.test(s.type));
  if (how || before.length || document.readyState !== 'loading') {
    say(`cookiegate.js was loaded ${how || 'after other scripts'}: scripts that ran before it` +
      ` (${before.length} in <head>) cannot be held. Load it with a plain <script src> as the` +
      ' first script in <head>, after its inline JSON config.');
  }
})();

const options = me ? {
  reloadOnWithdrawal: me.getAttribute('data-reload-on-withdrawal') !== 'false',
  ui: me.getAttribute('data-ui') !== 'off',
} : {};
if (me && me.hasAttribute('data-wasm-url')) options.wasmUrl = new URL(me.getAttribute('data-wasm-url'), document.baseURI);
const source = me && me.getAttribute('data-config');

if (!source) {
  // Nothing to start from: everything inserted stays held until init() is called.
  addEventListener('load', () => {
    if (!api.get()) say('no config: add data-config="#id-of-the-json" to the script tag or call CookieGate.init(config); until then every inserted script and frame is held');
  });
} else if (source[0] === '#') {
  const inline = () => {
    const el = document.querySelector(source);
    api.init(el ? el.textContent : new Error(`data-config="${source}" names no element: give the config's <script type="application/json"> the id ${source.slice(1)}`), options);
  };
  if (document.querySelector(source) || document.readyState !== 'loading') inline();
  else document.addEventListener('DOMContentLoaded', inline);
} else {
  fetch(new URL(source, document.baseURI), { credentials: 'same-origin' })
    .then((r) => (r.ok ? r.text() : Promise.reject(new Error(`HTTP ${r.status}`))))
    .catch((e) => new Error(`the config ${source} could not be loaded: ${e.message}`))
    .then((config) => api.init(config, options));
}
