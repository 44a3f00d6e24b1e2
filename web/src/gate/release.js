// The gate's second half (./gating.js describes the whole gate): once the core has
// validated the config, URLs are matched against its services' `scripts` patterns, and
// what the latest state allows is activated, in document order. It works on what the
// first half (./hold.js) holds and saw; in the script-tag bundle it arrives with the
// runtime, after the synchronous head part.
import { matchesAny } from '../utils/patterns.js';
import { BLOCKED, FRAMES } from './names.js';
import { set, unset, urlAttr, urlOf, webUrl } from './hold.js';

const GATED = 'script[type="text/plain"][data-category],iframe[data-category][data-src]:not([src]),' +
  `embed[data-category][data-src]:not([src]),object[data-category][data-src]:not([data]),[${BLOCKED}]`;

/**
 * The spellings a URL is matched in: as written, and parsed — without user-info, with
 * the host's trailing dot dropped and the path percent-decoded, with and without query
 * and fragment (a pattern ending in ".js" still catches "x.js?v=3"), under either http
 * scheme and without one (a pattern "host/path" or "//host/path"). Spelling a URL
 * differently must not reach the same server unmatched; over-matching only holds.
 */
export function urlForms(value) {
  const forms = [String(value)];
  const url = webUrl(value);
  if (url) {
    let path = url.pathname;
    try { path = decodeURIComponent(path); } catch (e) { /* malformed escapes: as is */ }
    const host = url.hostname.replace(/\.+$/, '') + (url.port ? ':' + url.port : '');
    for (const rest of [host + path + url.search + url.hash, host + path]) {
      forms.push(`https://${rest}`, `http://${rest}`, `//${rest}`, rest);
    }
    forms.push(url.href);
  }
  return forms;
}

/**
 * The gate over a hold (./hold.js holdGate()).
 * @returns {{configure: Function, run: Function, unload: Function, heldBy: Function, onError: Function, released: Function}}
 */
export function releaseGate(h) {
  const { done, known, seen, parsed, early, roots, watch, inspect } = h;
  /** @type {(category: string, service?: string) => boolean} */
  let allowed = () => false;
  let services = null;     // [{category, id, scripts}] once the core validated the config
  let declared = null;     // category id -> Set of its service ids
  let started = false;     // run() was called: markup added later is activated at once
  const warned = new WeakSet();
  const pending = new Map();      // activated external scripts that have not run yet
  let chain = Promise.resolve();

  // The refused service a URL belongs to (once configure() has run).
  function matching(value) {
    const forms = urlForms(value);
    return services.find((s) => !allowed(s.category, s.id) && forms.some((f) => matchesAny(s.scripts, f))) || null;
  }

  function discoverRoots() {
    for (const root of [...roots]) {
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) watch(el.shadowRoot);
    }
  }


  // A script that CookieGate activated may call document.write after the page has
  // loaded, which would replace the whole page (and CookieGate's own UI with it). Its
  // markup goes where a parser-time write would have put it, right after the script;
  // a write that belongs to no known script is dropped with a warning.
  const written = new Map();  // script -> [marker, markup so far]
  const docWrite = Document.prototype.write;
  function write(...parts) {
    const cur = document.currentScript;
    if (this !== document || (!done.has(cur) && document.readyState === 'loading')) {
      return docWrite.apply(this, parts);
    }
    if (!cur || !cur.isConnected) {
      console.warn('CookieGate: dropped a document.write() that would have replaced the loaded page');
      return undefined;
    }
    let entry = written.get(cur);
    if (!entry) {
      entry = [document.createTextNode(''), ''];
      cur.after(entry[0]);
      written.set(cur, entry);
      queueMicrotask(() => {
        written.delete(cur);
        const t = document.createElement('template');
        t.innerHTML = entry[1];
        // Scripts in the markup are made afresh through our own hooks, so a written
        // tracker is gated like any other inserted script.
        for (const old of t.content.querySelectorAll('script')) {
          const s = document.createElement('script');
          for (const { name, value } of old.attributes) s.setAttribute(name, value);
          s.async = false;
          s.text = old.text;
          old.replaceWith(s);
        }
        inspect(t.content);
        entry[0].before(t.content);
        entry[0].remove();
      });
    }
    entry[1] += parts.join('');
    return undefined;
  }
  Document.prototype.write = write;
  Document.prototype.writeln = function writeln(...parts) { return write.call(this, ...parts, '\n'); };

  const name = (el) => {
    const html = el.outerHTML;
    return html.length > 160 ? html.slice(0, 157) + '…' : html;
  };

  // Owner mistakes in markup, said once per element: a category or service the config
  // does not declare never runs; data-category without type="text/plain" ran ungated;
  // so did a plain tag whose URL is a refused service's that the gate never saw
  // inserted (the page's own markup, which the parser runs as it reaches it, or one
  // inserted before the gate existed).
  function lint(el) {
    if (warned.has(el) || done.has(el)) return;
    const cat = el.getAttribute('data-category');
    const svc = el.getAttribute('data-service');
    const script = el.localName === 'script';
    const fix = script ? 'gated scripts need type="text/plain"' : 'gated frames carry their URL in data-src, not src';
    let why = '';
    if (cat == null) {
      // Cheap tests first: every plain script and frame of the page comes here on every
      // run. Not one held, one the gate saw inserted and let through (allowed then), one
      // made by innerHTML and its kin (the browser never ran it), nor one of the page's
      // own origin: a pattern over the site's own files may cover the bundle that
      // carries CookieGate, which must not be gated. Only the URL it loaded (src), not a
      // lazy-loading library's data-src.
      if (el.hasAttribute(BLOCKED) || seen.has(el) || parsed.has(el)) return;
      const raw = urlOf(el);
      const url = raw && webUrl(raw);
      const s = url && url.origin != location.origin && matching(raw);
      if (!s) return;
      // Not said to be markup: a snippet that ran before the gate may have inserted it.
      why = `${script ? 'ran' : 'loaded'} without consent: its URL is service "${s.id}" of category "${s.category}", and the` +
        ` gate did not see it inserted: mark it up, or the script that inserts it, with data-category="${s.category}"` +
        ` data-service="${s.id}"; ${fix}`;
    } else if (permitted(el) ||
      // A held one is said only when it can never run.
      (el.hasAttribute(BLOCKED) && declared.has(cat) && (!svc || declared.get(cat).has(svc)))) {
      return;
    } else {
      // An allowed one ran or loaded with consent (a page cache's copy of an activated
      // one). One made by innerHTML and its kin never ran, whatever its type; nor did
      // anything of one with its URL in data-src and no code (an empty script ran).
      const ran = parsed.has(el) || script && !el.hasAttribute('src') && el.hasAttribute('data-src') && !el.text.trim()
        ? 'never runs: ' : `${script ? 'ran' : 'loaded'} without consent: `;
      if (!/^(script|iframe|embed|object)$/.test(el.localName)) {
        why = 'is not held: only <script>, <iframe>, <embed> and <object> are (load it from a gated script)';
      } else if (script && el.getAttribute('type') !== 'text/plain') {
        // A module made text/plain alone would be activated as a classic script, which
        // fails on its first import statement.
        why = ran + fix + (/^module$/i.test(el.type) ? '; keep the module type as data-type="module"' : '');
      } else if (!script && (el.hasAttribute(urlAttr(el)) || early.has(el))) {
        why = ran + fix;
      } else if (!declared.has(cat)) {
        why = `never runs: the config declares no category "${cat}" (declared: ${[...declared.keys()].join(', ') || 'none'})`;
      } else if (svc && !declared.get(cat).has(svc)) {
        why = `never runs: category "${cat}" declares no service "${svc}" (declared: ${[...declared.get(cat)].join(', ') || 'none'})`;
      }
    }
    if (!why) return;
    warned.add(el);
    console.warn(`CookieGate: ${name(el)} ${why}`);
  }

  // Turns `el` on. A script that is not known never to have started, or any script
  // in a browser without Trusted Types (Firefox marks even a text/plain script as
  // started), is run as a fresh copy inserted right after it; the original stays,
  // inert, so a framework holding it can still update or remove it. A known one — and
  // under Trusted Types only those can run, as a fresh element cannot be given code
  // without a policy — is taken out, given its type (and its data-src as src), and put
  // back: it never started, so it runs, nonce and all. A frame gets its URL in place.
  // Only http(s) URLs are ever activated.
  function arm(el) {
    const attr = urlAttr(el);
    const data = el.getAttribute('data-src');
    const url = data ?? urlOf(el);
    if (url != null && !webUrl(url)) throw new Error(`only http(s) URLs are activated, not "${url.slice(0, 40)}"`);
    done.add(el);
    unset(el, BLOCKED);
    if (el.localName !== 'script') return set(el, attr, url);
    const parent = el.parentNode;
    const next = el.nextSibling;
    let s = el;
    if (!known.has(el) || !window.trustedTypes) {
      s = document.createElementNS(el.namespaceURI, 'script');
      for (const { name: n, value } of el.attributes) if (!/^(type|data-src)$/.test(n)) set(s, n, value);
      s.nonce = el.nonce;  // the attribute is hidden after parsing; the property is not
      if (url == null) s.textContent = el.textContent;
      done.add(s);
    } else {
      el.remove();
    }
    set(s, 'type', el.getAttribute('data-type') || 'text/javascript');
    // External scripts inserted with async = false download in parallel and still run
    // in insertion order; the URL is set while the element is detached, so it is
    // prepared only when inserted.
    if (url != null) {
      if (!s.hasAttribute('async')) {
        s.async = false;
        const p = new Promise((ok) => {
          s.addEventListener('load', ok, { once: true });
          s.addEventListener('error', ok, { once: true });
        });
        pending.set(p, s);
        p.then(() => pending.delete(p));
      }
      if (data != null) set(s, attr, url);
    }
    parent.insertBefore(s, s === el ? next : el.nextSibling);
    return s;
  }

  // What keeps `el` from running now: {category, service} of the refused service its
  // URL belongs to (checked at this moment whatever its markup says), else its own
  // refused category (and service); {} while no config is known; null when it may run.
  // An element held while nothing was known, matching no service, is released once
  // the config is valid.
  function heldBy(el) {
    if (!services) return {};
    const url = el.getAttribute('data-src') ?? urlOf(el);
    const svc = url != null && matching(url);
    if (svc) return { category: svc.category, service: svc.id };
    const cat = el.getAttribute('data-category');
    const service = el.getAttribute('data-service') || undefined;
    return cat == null || allowed(cat, service) ? null : { category: cat, service };
  }
  const permitted = (el) => !heldBy(el);

  function tryArm(el) {
    try {
      arm(el);
    } catch (e) {
      // One element that cannot be armed must not stop the others; the page hears why.
      (gate.onError || ((_, err) => console.error('CookieGate:', err.message, el)))(el, e);
    }
  }

  function gated() {
    discoverRoots();
    const list = [];
    for (const root of roots) {
      // Elements that load a URL themselves (an <img> pixel) included: data-category on
      // them holds nothing. Plain scripts and frames too: lint() says which ones a
      // refused service's pattern covers.
      if (declared) {
        for (const el of root.querySelectorAll(`:is(script,${FRAMES},img,link,video,audio,source)[data-category],:is(script,${FRAMES}):not([data-category])`)) lint(el);
      }
      for (const el of root.querySelectorAll(GATED)) if (!done.has(el) && el.isConnected) list.push(el);
    }
    return list;
  }

  // Scripts run in document order: inline code waits for the external scripts
  // activated before it that stand before it (the browser keeps those in order
  // itself), and the scripts after a waiting inline one wait with it. Frames never
  // wait for scripts (run() arms them itself, once the page is parsed).
  // While the page is still being parsed, external scripts are activated as the parser
  // adds them (a returning visitor's tags then load as early as ungated ones), but an
  // inline one's text may not all be there yet: it waits for the parser, and so does
  // every script after it, to keep their order.
  async function activate() {
    for (const el of gated()) {
      if (el.localName !== 'script') continue;
      if (el.getAttribute('data-src') == null && !el.hasAttribute('src') && !el.hasAttribute('href')) {
        if (document.readyState === 'loading' && permitted(el)) return;
        const before = [...pending].filter(([, s]) => s.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
        if (before.length) await Promise.all(before.map(([p]) => p));
      }
      // Checked after the wait: a withdrawal may have come meanwhile.
      if (!done.has(el) && el.isConnected && permitted(el)) tryArm(el);
    }
  }

  // Gated markup added later (a framework render, a body swap) is activated as it
  // comes; an activated frame follows a new data-src (a framework's update).
  h.observed = (records) => {
    let again = false;
    for (const r of records) {
      if (r.type === 'attributes') {
        const el = r.target;
        const url = el.getAttribute('data-src');
        if (done.has(el) && el.localName !== 'script' && url && url !== r.oldValue && permitted(el)) {
          if (webUrl(url)) set(el, urlAttr(el), url);
        }
        continue;
      }
      for (const n of r.addedNodes) {
        if (n.nodeType === 1 && (n.matches(GATED) || n.querySelector(GATED) || n.shadowRoot)) again = true;
      }
    }
    if (again && started) run();
  };

  // A frame given its URL while the page is parsed can stay on about:blank (seen in
  // Chromium): frames wait for the parser, whoever calls run().
  addEventListener('DOMContentLoaded', () => { if (started) run(); }, { once: true });
  function run() {
    started = true;
    if (document.readyState !== 'loading') for (const el of gated()) if (el.localName !== 'script' && permitted(el)) tryArm(el);
    chain = chain.then(activate, activate);
    return chain;
  }

  const gate = {
    /**
     * The core validated the config: from now on URLs are matched against its
     * services' `scripts` patterns, and `allowed(category, service?)` tells what the
     * latest state allows.
     * @param {(category: string, service?: string) => boolean} isAllowed
     * @param {{id: string, services: {id: string, scripts: string[]}[]}[]} categories
     */
    configure(isAllowed, categories) {
      allowed = isAllowed;
      declared = new Map(categories.map((c) => [c.id, new Set(c.services.map((s) => s.id))]));
      services = categories.flatMap((c) => c.services.map((s) => ({ category: c.id, id: s.id, scripts: s.scripts })));
      h.match = matching;
      h.refused = heldBy;
      // What was held while nothing was known now names the service it belongs to.
      for (const root of roots) {
        for (const el of root.querySelectorAll(`[${BLOCKED}]:not([data-category])`)) {
          const forms = urlForms(el.getAttribute('data-src') ?? urlOf(el));
          const svc = services.find((v) => forms.some((f) => matchesAny(v.scripts, f)));
          if (svc) { set(el, 'data-category', svc.category); set(el, 'data-service', svc.id); }
        }
      }
    },
    /** Activates every allowed element (in document order) not yet active. */
    run,
    /**
     * After a withdrawal: each frame showing what is no longer allowed (one the gate
     * activated, one a script gave src while it was allowed, one the page marked up with
     * src that a replayed answer let load) goes to an empty document and is held again,
     * the same element, its URL in data-src, which a script cannot be; it loads again
     * once allowed. A trial's video played on. Taken out and put back without its src
     * (its document goes with it), not navigated: setting or removing src adds a history
     * entry, and Back would load the frame again (measured in Chromium).
     */
    unload() {
      if (!services) return;
      for (const root of roots) {
        // Not a srcdoc frame: it never shows its src, and the page may have written into it.
        for (const el of root.querySelectorAll('iframe[src]:not([srcdoc])')) {
          if (!webUrl(el.getAttribute('src')) || !heldBy(el)) continue;
          // A plain one of the page's markup loaded before anyone asked: said before it is
          // held (the warning names the attributes to add).
          if (!el.hasAttribute('data-category')) lint(el);
          // Put back through the hold's insertion path, which holds it as it holds any
          // frame inserted with a refused URL: its URL to data-src, src gone while detached.
          const [parent, next] = [el.parentNode, el.nextSibling];
          el.remove();
          done.delete(el);
          parent.insertBefore(el, next);
        }
      }
    },
    /** (element) => {category, service} that holds it now, {} before configure(),
     *  null when it may run: what a click-to-load placeholder names and allows. */
    heldBy,
    /** (element, error): an element could not be activated. */
    onError: null,
    /** Settles once every external script activated so far has loaded or failed. */
    released: () => chain.then(() => Promise.all(pending.keys())),
  };
  return gate;
}
