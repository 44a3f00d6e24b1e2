// The script-tag bundle: the global CookieGate, started from the tag's attributes.
//   <script type="application/json" id="cookiegate-config">{…}</script>
//   <script src="/cookiegate.js" data-config="#cookiegate-config"></script>
// data-config: "#id" of an inline JSON script (place it before this tag, so the
// Consent Mode default is pushed synchronously) or a URL to fetch (then the default
// waits for the fetch). Optional: data-wasm-url, data-reload-on-withdrawal="false",
// data-ui="off" (no bundled banner; drive the API yourself).
import api from './index.js';

const me = document.currentScript;
window.CookieGate = api;

if (me && me.hasAttribute('data-config')) {
  const source = me.getAttribute('data-config');
  const options = {
    reloadOnWithdrawal: me.getAttribute('data-reload-on-withdrawal') !== 'false',
    ui: me.getAttribute('data-ui') !== 'off',
  };
  if (me.hasAttribute('data-wasm-url')) options.wasmUrl = new URL(me.getAttribute('data-wasm-url'), document.baseURI);
  const inline = () => {
    const el = document.querySelector(source);
    api.init(el ? el.textContent : new Error(`no config element ${source}`), options);
  };
  if (source[0] === '#') {
    if (document.querySelector(source) || document.readyState !== 'loading') inline();
    else document.addEventListener('DOMContentLoaded', inline);
  } else {
    fetch(new URL(source, document.baseURI), { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.text() : Promise.reject(new Error(`HTTP ${r.status}`))))
      .catch((e) => new Error(`the config ${source} could not be loaded: ${e.message}`))
      .then((config) => api.init(config, options));
  }
}
