// The script-tag bundle's synchronous head part (dist/cookiegate.js): only what must
// hold before any other script runs, kept small because the page's first paint waits
// for it.
//   <script type="application/json" id="cookiegate-config">{…}</script>
//   <script src="/cookiegate.js" data-config="#cookiegate-config"></script>
// It must be the first script in <head>, loaded plainly (not async, defer or as a
// module): only what runs after it can be held. It installs the gate (every script or
// frame the page inserts with an http(s) URL is held until the core has validated the
// config, or for good if it never does), pushes the Consent Mode default from the
// inline config, and defines window.CookieGate. Then it imports the rest (runtime and
// banner: dist/cookiegate-runtime.js, next to this file), which does not block the
// parser. Calls made on CookieGate before the rest has arrived are queued and run in
// order once it has; each returns a promise of the real call's result. If the rest
// cannot be loaded, nothing gated runs and the failure is error 508 chunk_unavailable
// (console and 'error' event); queued calls and `ready` reject with it.
// data-config: "#id" of an inline JSON script (place it before this tag, so the
// Consent Mode default is pushed synchronously) or a URL to fetch (then the default
// waits for the fetch). Without data-config, call CookieGate.init(config) yourself.
// Optional: data-wasm-url, data-reload-on-withdrawal="false", data-ui="off" (no
// bundled banner; drive the API yourself).
import { holdGate, set, unset, urlAttr, urlOf, webUrl } from './gate/hold.js';
import { consentDefault, consentDefaultFor, consentUpdate, SIGNALS } from './consent-mode.js';
import { scriptTag as me, scriptUrl } from './script-url.js';

// The rest of CookieGate: ./script-runtime.js in source, dist/cookiegate-runtime.js in
// the bundle. The bundle (web/build.mjs defines __COOKIEGATE_PRELOAD__) imports dist's
// file next to this one by its URL: a classic script's import() resolves against
// about:blank when it came from another origin without CORS.
const rest = () => (typeof __COOKIEGATE_PRELOAD__ == 'string' ? import(new URL('./cookiegate-runtime.js', scriptUrl).href)
  : import('./script-runtime.js'));

// A second run in this document: another script inserted the tag anew (a page-swap
// library re-creating the scripts of the <body> it swapped in). The first run's gate,
// Consent Mode default and CookieGate stay in charge: a second gate would hold for good
// what the first releases, a second stand-in would replace the one the runtime answers
// through, and a second preload would fetch the .wasm again. Only the rest (the module
// already loaded, not fetched again) says so. `.ready`: an element with id="CookieGate"
// is window.CookieGate too, and must not turn the gate off.
if (self.CookieGate?.ready) rest().then((m) => m.again(), () => {});
else {
  holdGate();

  const current = !!document.currentScript;
  // Whether the page was still being parsed: the rest checks the placement rule with it.
  const parsing = document.readyState === 'loading';
  const source = me && me.getAttribute('data-config');
  const inline = source && source[0] === '#' && document.getElementById(source.slice(1));
  // The config as it is now (the runtime starts from this very text), and the Consent
  // Mode default before any tag can run. Text that is not JSON is the runtime's to report;
  // whether it wanted Consent Mode cannot be known, and Google's tags run as granted
  // without a default, so it gets the everything-denied one (fail closed). cmDefault
  // answers true then.
  const config = inline ? inline.textContent : null;
  const cmDefault = (c) => {
    try { consentDefaultFor(typeof c == 'string' ? JSON.parse(c) : c); } catch (e) { consentDefault(500); return true; }
  };
  const notJson = cmDefault(config);

  const queue = [];   // [method, args, resolve, reject] until the rest has loaded
  let failure = null;
  // The rest's API once it has loaded. The stand-in's methods forward to it from then on:
  // a page may keep them (`const { rejectAll } = CookieGate` in <head>), and a call
  // through such a reference must act, not wait in a queue nobody empties any more.
  let real = null;
  let settle;
  const ready = new Promise((ok, no) => { settle = [ok, no]; });
  ready.catch(() => {});  // the 'error' event reports it; awaiting callers still see it
  const later = (name, args) => (failure ? Promise.reject(failure)
    : new Promise((ok, no) => queue.push([name, args, ok, no])));
  // Declared as window.CookieGate's type (web/types/index.d.ts); the loops add the methods.
  const api = /** @type {import('../types/index.js').ScriptTagCookieGate} */ ({ ready, get: () => (real ? real.get() : null), isAllowed: (...a) => !!real && real.isAllowed(...a) });
  for (const name of ['init', 'acceptAll', 'rejectAll', 'set', 'allow', 'acknowledgeNotice', 'dismiss', 'switchToStricter', 'showPreferences', 'off']) {
    api[name] = (...args) => (real ? real[name](...args) : later(name, args));
  }
  // init(config) pushes the default as it is called, as data-config does: Google's tag
  // snippet after it would run before the rest arrives.
  const init = api.init;
  api.init = (c, o) => (cmDefault(c), init(c, o));
  // on() and onAllowed() answer a function that undoes them, as the real ones do.
  for (const name of ['on', 'onAllowed']) {
    api[name] = (...args) => {
      if (real) return real[name](...args);
      if (failure && name === 'on' && args[0] === 'error') queueMicrotask(() => args[1](failure));
      const undo = later(name, args);
      undo.catch(() => {});
      return () => { undo.then((f) => f(), () => {}); };
    };
  }
  window.CookieGate = api;
  // A "Cookie settings" link clicked before the banner's own listener exists (the rest
  // still loading, or init() not yet called) opens the preferences once it can, as a
  // queued showPreferences() does; the banner's listener, on the document, goes first
  // and marks the click handled from then on.
  // Without a banner to open (data-ui="off", or the rest failed to load) the link is left
  // to do what its href says.
  addEventListener('click', (e) => {
    if (!e.defaultPrevented && !failure && me?.getAttribute('data-ui') !== 'off' &&
        /** @type {Element} */ (e.target).closest?.('[data-cookiegate-open]')) {
      e.preventDefault();
      Promise.resolve(api.showPreferences()).catch(() => {});
    }
  });

  // The rest of CookieGate, given what this part set up (one gate, one Consent Mode
  // default).
  rest().then((m) => {
    const started = m.start({
      me, config, current, parsing, notJson,
      gate: { holdGate, set, unset, urlAttr, urlOf, webUrl },
      consentMode: { consentDefault, consentDefaultFor, consentUpdate, SIGNALS },
    });
    started.ready.then(settle[0], settle[1]);
    // Set before the queue is run: a queued call's callback that calls CookieGate again
    // reaches the rest directly.
    real = started;
    for (const [name, args, ok, no] of queue.splice(0)) {
      try { Promise.resolve(real[name](...args)).then(ok, no); } catch (e) { no(e); }
    }
    for (const name of Object.keys(real)) if (name !== 'ready') api[name] = real[name];
  }).catch((e) => {
    const detail = { code: 508, name: 'chunk_unavailable', path: '', message: `cookiegate-runtime.js did not load` +
      ` (${e && e.message}): serve it next to cookiegate.js; until then no banner shows and nothing gated runs` };
    // Reported once the page's own listeners (scripts after this tag) can exist.
    const report = () => {
      failure = Object.assign(new Error(detail.message), detail);
      console.error(`CookieGate: error 508 chunk_unavailable: ${detail.message}`);
      settle[1](failure);
      for (const [name, args, , no] of queue.splice(0)) {
        if (name === 'on' && args[0] === 'error') try { args[1](detail); } catch (err) { setTimeout(() => { throw err; }); }
        no(failure);
      }
      dispatchEvent(new CustomEvent('cookiegate:error', { detail }));
    };
    if (document.readyState === 'loading') addEventListener('DOMContentLoaded', report, { once: true });
    else report();
  });
}
