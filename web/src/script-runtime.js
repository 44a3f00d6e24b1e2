// The rest of the script-tag bundle (dist/cookiegate-runtime.js): the runtime and the
// banner, imported by the head part (./script.js) as soon as it has run, so that the
// page's parser does not wait for it. It reuses what the head set up — the one gate,
// the Consent Mode default — through link(): web/build.mjs points this chunk's imports
// of ./gate/hold.js and ./consent-mode.js at ./head-link.js, so no second copy exists.
import api, { coreUrl } from './browser-api.js';
import { link } from './head-link.js';
import { lateBecause } from './consent-mode-order.js';

const say = (what) => console.error(`CookieGate: ${what}`);
// How long a config fetched by URL (data-config="/path") may take, in ms: as long as the
// core's module may (wasmTimeout's default).
const CONFIG_MS = 1e4;
// Placement mistakes are errors 510 once the runtime exists (console and 'error' event,
// so a site's monitoring hears of them too); until then they wait here (a config still
// being fetched, or read at DOMContentLoaded); without a config, the console only.
const placement = [];
/** @type {(message: string) => void} */
let report = (message) => { placement.push(message); };

/** Said when cookiegate.js runs again in the same document (./script.js), doing nothing else. */
export const again = () => report('cookiegate.js ran again: another script inserted it anew (e.g. a page-swap' +
  ' library replacing <body>); this run did nothing. Keep it in <head>.');

/**
 * Starts CookieGate from the script tag's attributes.
 * @param {object} head what the head part hands over (./script.js)
 * @param {HTMLScriptElement|null} head.me the script tag
 * @param {string|null} head.config the inline config's text as the head read it
 * @param {boolean} head.current whether the tag ran as a classic script (currentScript)
 * @param {boolean} head.parsing whether the page was still being parsed when it ran
 * @param {boolean} [head.notJson] whether the inline config the head read is not JSON
 * @param {import('./head-link.js').HeadModules['gate']} head.gate the head's own gate (./head-link.js)
 * @param {import('./head-link.js').HeadModules['consentMode']} head.consentMode and its Consent Mode functions
 * @returns {typeof api} the API the head's window.CookieGate forwards to
 */
export function start(head) {
  link(head);
  const { me, config } = head;
  const source = me?.getAttribute('data-config');

  // The .wasm, asked for the moment this file has arrived (with data-config: without it
  // init() may never be called). The bridge's own fetch found it only once the bridge
  // had arrived and run, after the banner was built: a round trip and the banner's work
  // later. Not earlier than this file: fetched alongside it, it delayed this file, and
  // so the banner, in every measured visit (tests/perf/FINDINGS.md). The bridge's fetch
  // reuses it (CORS, same-origin credentials, as here), so it is fetched once; a failed
  // preload is only a lost head start, reported when the bridge asks. Low priority: the
  // bridge, imported next, goes first. Not for an inline config that is not JSON: init()
  // reports it and never starts the core, so the .wasm would be fetched for nothing.
  // Here rather than in the head part, whose every byte the page's first paint waits for.
  // An empty data-wasm-url counts as absent (a template's unset variable): resolved, it
  // named the page itself.
  const wasmAttr = me?.getAttribute('data-wasm-url');
  const wasmUrl = wasmAttr ? new URL(wasmAttr, document.baseURI) : null;
  if (source && !head.notJson) {
    document.head.append(Object.assign(document.createElement('link'), {
      rel: 'preload', as: 'fetch', crossOrigin: '', fetchPriority: 'low', href: wasmUrl || coreUrl,
    }));
  }

  // What ran before the tag cannot have been held: say so, naming the fix.
  const how = !head.current ? 'as a module or injected by another script'
    : me.async || me.defer ? `with ${me.async ? 'async' : 'defer'}` : '';
  // Every script before the tag in document order: one in <body> counts as well. For a
  // tag that did not run as the parser reached it, no count: what the parser had reached
  // by then is not known here (this runs later), and "0 before the tag" misled a trial
  // whose gtag and Hotjar below an async tag had run first.
  const runs = (s) => !s.type || /^(text|application)\/(java|ecma)script$|^module$/i.test(s.type);
  const scripts = [...document.scripts];
  // An inline config without type="application/json" is run by the browser too (a
  // SyntaxError): it is not a script placed before the tag, and a trial told so moved
  // nothing. Read all the same; said with its fix.
  const configElement = source?.[0] === '#' && document.getElementById(source.slice(1));
  if (configElement?.localName === 'script' && runs(configElement)) {
    placement.push(`the inline config ${source} has no type="application/json", so the browser ran it as a script: add the type`);
  }
  const before = scripts.slice(0, Math.max(0, scripts.indexOf(me))).filter((s) => s !== configElement && runs(s));
  if (how || before.length || !head.parsing) {
    placement.push(`cookiegate.js was loaded ${how || 'after other scripts'}: scripts that ran before it` +
      `${how ? '' : ` (${before.length} before the tag)`} cannot be held. Load it with a plain <script src> as the` +
      ' first script in <head>, after its inline JSON config.');
  }
  const init = (c) => {
    const rt = api.init(c);
    report = (message) => rt.reportError({ code: 510, name: 'placement', path: '', message });
    // After the head has attached the page's queued on('error') listeners.
    for (const message of placement.splice(0)) queueMicrotask(() => report(message));
  };

  const options = me ? {
    reloadOnWithdrawal: me.getAttribute('data-reload-on-withdrawal') !== 'false',
    ui: me.getAttribute('data-ui') !== 'off',
    // Written by the site's server or CDN edge (e.g. from CF-IPCountry); see README "Regions".
    region: me.getAttribute('data-region') || '',
    verifiedCrawler: me.getAttribute('data-verified-crawler') === 'true',
  } : {};
  if (wasmUrl) options.wasmUrl = wasmUrl;
  // A value the README's table does not list means the default, which a trial's
  // data-ui="false" (the banner showed) and data-reload-on-withdrawal="no" (the page
  // reloaded) took for the opposite: said, with the value to write.
  for (const [name, ...values] of [['ui', 'off'], ['core-worker', 'off'], ['reload-on-withdrawal', 'false', 'true'],
    ['verified-crawler', 'true', 'false']]) {
    const v = me?.getAttribute(`data-${name}`);
    if (v != null && !values.includes(v)) console.warn(`CookieGate: data-${name}="${v}" is ignored: write "${values[0]}" or leave it out`);
  }
  // The tag's attributes hold for the page's own init() calls too (without data-config
  // the page calls it); an option the call names wins.
  const apiInit = api.init;
  api.init = (c, o) => apiInit(c, { ...options, ...o });
  // Error 509's fix: why the default came after Google's tag when the tag knows (a trial
  // was told to put cookiegate.js above Google's tag, where it was).
  const late = [how && `cookiegate.js was loaded ${how}`,
    source ? source[0] != '#' && 'its config is fetched by URL' : 'init() was called after Google\'s tag'].filter(Boolean);
  if (late.length) lateBecause(`: ${late.join(' and ')}; put consent-default.js above Google's tag, or load cookiegate.js plainly, with an inline config, above it`);

  if (source == null) {
    report = say;
    placement.splice(0).forEach(say);
    // Nothing to start from: everything inserted stays held until init() is called.
    const check = () => {
      if (!api.get()) say('no config: add data-config="#id-of-the-json" to the script tag or call CookieGate.init(config); until then every inserted script and frame is held');
    };
    // The page's own init() calls, queued in the head, run right after start().
    if (document.readyState === 'complete') setTimeout(check); else addEventListener('load', check);
  } else if (!source) {
    init(new Error('data-config is empty: give it "#id-of-the-json" (an inline config) or the config\'s URL,' +
      ' or remove it and call CookieGate.init(config)'));
  } else if (source[0] === '#') {
    const inline = () => {
      const el = document.getElementById(source.slice(1));
      // Found only now: it stands after the tag, so the Consent Mode default could not
      // be pushed before the scripts between them.
      if (el && head.parsing) placement.push(`the inline config ${source} stands after cookiegate.js: place it before the script tag.`);
      init(el ? el.textContent : new Error(`data-config="${source}" names no element: give the config's <script type="application/json"> the id ${source.slice(1)}`));
    };
    if (config != null) init(config);
    else if (document.readyState !== 'loading') inline();
    else document.addEventListener('DOMContentLoaded', inline);
  } else {
    // An element with that id: the '#' was left out, and the 404 alone did not say so.
    const id = document.getElementById(source) ? `; to use the element with id="${source}", write data-config="#${source}"` : '';
    // A server that never answers fails as one that refuses, after CONFIG_MS: until
    // then the page has no banner and everything stays held, and a trial's hanging
    // config said nothing at all. (Browsers without AbortSignal.timeout wait as before.)
    fetch(new URL(source, document.baseURI), { credentials: 'same-origin', signal: AbortSignal.timeout?.(CONFIG_MS) })
      .then((r) => (r.ok ? r.text() : Promise.reject(new Error(`HTTP ${r.status}${id}`))))
      // A page answered in its place (an error page, a wrong path that a server answers
      // with HTML): said as such, not as a JSON syntax error on line 1 of an inline config.
      .then((text) => (/^\s*</.test(text) ? new Error(`the config ${source} is not JSON: it is HTML; is the URL right?`) : text),
        (e) => new Error(`the config ${source} could not be loaded: ${e.name == 'TimeoutError' ? `no answer within ${CONFIG_MS} ms` : e.message}`))
      .then(init);
  }
  return api;
}
