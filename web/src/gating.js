// The gate: nothing marked up as gated, and no script or frame whose URL belongs to a
// refused service, runs unless the latest core state allows it.
//
// Markup: <script type="text/plain" data-category="analytics" [data-service="ga"]
// [src="…" | data-src="…"] [data-type="module"]> and <iframe data-category="…"
// data-src="…">. A text/plain script is inert by itself (its src is not even fetched),
// so leaving it alone is the synchronous "before wasm" step.
//
// Scripts, frames, embeds and objects that other scripts insert are caught where their
// URL is set or where they are inserted: every attribute path (setAttribute(NS),
// setAttributeNode(NS), removals, element.attributes' named items, an Attr's value,
// nodeValue or textContent, the src/type/data properties) and every insertion method
// (appendChild, insertBefore, replaceChild, append, prepend, before, after,
// replaceWith, replaceChildren on elements, text, comments and fragments;
// insertAdjacentElement; Range.insertNode), the latter also catching elements made by
// another realm (an iframe's document) whose own prototypes are not ours. A held
// element becomes gated markup: a script turns text/plain, a frame's URL moves to
// data-src. Until the core has validated the config there is nothing to match against,
// so every inserted element with an http(s) URL is held; once valid, those that match no
// refused service are released, the rest wait for consent. If the config never becomes
// valid they stay held. Whether an element may run is decided again when it is
// activated, against its URL as it is then.
//
// What cannot be caught (the README lists it): code that ran before this script,
// scripts the HTML parser inserts (not marked up as gated), document.write while the
// page is parsing or after document.open, an SVG script's href.baseVal, another realm's
// own DOM methods, frame navigation by name or location, srcdoc, module imports from
// inline code, closed shadow roots, fetch/XHR/sendBeacon, image pixels and CSS.
import { matchesAny } from './utils/patterns.js';

const BLOCKED = 'data-cookiegate-blocked';
const FRAMES = 'iframe,embed,object';
const GATED = 'script[type="text/plain"][data-category],iframe[data-category][data-src]:not([src]),' +
  `embed[data-category][data-src]:not([src]),object[data-category][data-src]:not([data]),[${BLOCKED}]`;
const OBSERVE = { childList: true, subtree: true, attributeFilter: ['data-src'], attributeOldValue: true };
const SKIP = {};  // intercept(): the write must not happen

// Without a DOM (plain Node importing `cookiegate`, server rendering) nothing here runs.
const E = typeof Element == 'function' ? Element.prototype : {};
const N = typeof Node == 'function' ? Node.prototype : {};
const nativeSet = E.setAttribute;
const nativeRemove = E.removeAttribute;
const set = (el, name, value) => nativeSet.call(el, name, value);

/** An http(s) URL resolved against the page, or null (javascript:, data:, junk). */
export function webUrl(value) {
  try {
    const url = new URL(String(value).trim(), document.baseURI);
    return /^https?:$/.test(url.protocol) ? url : null;
  } catch (e) {
    return null;
  }
}

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

// The attribute that carries an element's URL: src on scripts, iframes and embeds,
// href (or xlink:href) on SVG scripts, data on objects. '' for anything else.
function urlAttr(el) {
  const name = el.localName;
  if (name === 'script') return el.namespaceURI === 'http://www.w3.org/2000/svg' ? 'href' : 'src';
  return name === 'iframe' || name === 'embed' ? 'src' : name === 'object' ? 'data' : '';
}
const urlOf = (el) => (urlAttr(el) === 'href'
  ? el.getAttribute('href') ?? el.getAttribute('xlink:href') : el.getAttribute(urlAttr(el)));

let gate = null;

/**
 * Installs the gate once per page (later calls return the same one) and holds every
 * inserted script or frame with an http(s) URL until configure() is called.
 * @returns {{configure: Function, run: Function, onError: Function}}
 */
export function installGate() {
  if (gate) return gate;
  let allowed = () => false;
  let services = null;     // [{category, id, scripts}] once the core validated the config
  let declared = null;     // category id -> Set of its service ids
  let started = false;     // run() was called: markup added later is activated at once
  const done = new WeakSet();     // activated by us (original and fresh element)
  const known = new WeakSet();    // scripts known never to have started (see arm())
  const seen = new WeakSet();     // scripts inserted through our insertion methods
  const parsed = new WeakSet();   // scripts made by an HTML fragment parser
  const warned = new WeakSet();
  const roots = new Set([document]);
  const pending = new Map();      // activated external scripts that have not run yet
  const owners = new WeakMap();   // an element's NamedNodeMap -> the element
  let chain = Promise.resolve();

  // The refused service a URL belongs to; before configure(), any http(s) URL holds.
  function holder(value) {
    if (!services) return webUrl(value) ? {} : null;
    const forms = urlForms(value);
    return services.find((s) => !allowed(s.category, s.id) && forms.some((f) => matchesAny(s.scripts, f))) || null;
  }

  // Holds `el`, whose URL is being set to `value`: true when it is held. A script keeps
  // its URL (a Trusted Types value stays one) and becomes text/plain, which the browser
  // neither fetches nor runs; a frame has no inert type, so its URL goes to data-src.
  function hold(el, value) {
    const svc = holder(value);
    if (!svc) return false;
    if (el.localName === 'script') {
      const type = el.getAttribute('type');
      if (!el.hasAttribute(BLOCKED) && type != null && !/^text\/plain$/i.test(type)) set(el, 'data-type', type);
      set(el, 'type', 'text/plain');
    } else {
      done.delete(el);  // an activated frame pointed at a refused URL is held again
      set(el, 'data-src', value);
    }
    set(el, BLOCKED, '');
    if (svc.id && !el.hasAttribute('data-category')) {
      set(el, 'data-category', svc.category);
      set(el, 'data-service', svc.id);
    }
    return true;
  }

  // Every attribute write and removal goes through here, with the value to write (a
  // Trusted Types value as it is, anything else as a string taken once, so what is
  // checked is what is written); answers the value to write, or SKIP.
  function intercept(el, qualified, value) {
    const attr = el && el.nodeType === 1 ? urlAttr(el) : '';
    if (!attr) return value;
    const name = String(qualified).toLowerCase().replace(/^xlink:/, '');
    const script = el.localName === 'script';
    if (script && done.has(el)) return value;
    if (script && name === 'type' && el.hasAttribute(BLOCKED)) {
      if (value == null) nativeRemove.call(el, 'data-type'); else set(el, 'data-type', value);
      return SKIP;
    }
    if (name !== attr || value == null) return value;
    const v = self.trustedTypes && trustedTypes.isScriptURL(value) ? value : String(value);
    return hold(el, v) && !script ? SKIP : v;
  }
  const guarded = (f, target, name, value) => {
    const v = intercept(target, name, value);
    return v === SKIP ? undefined : f.call(target, name, v);
  };

  // Elements about to be inserted (or a script about to get children, which starts
  // it): whatever paths wrote their attributes, a URL is held and a held element made
  // inert again before the browser sees it.
  function inspect(node) {
    if (!node || (node.nodeType !== 1 && node.nodeType !== 11)) return;
    const list = node.nodeType === 1 && urlAttr(node) ? [node] : [];
    if (node.firstElementChild) list.push(...node.querySelectorAll(`script,${FRAMES}`));
    for (const el of list) {
      const script = el.localName === 'script';
      if (script) seen.add(el);
      if (done.has(el)) continue;
      const url = urlOf(el);
      if (el.hasAttribute(BLOCKED)) {
        const type = el.getAttribute('type');
        if (script && !/^text\/plain$/i.test(type || '')) {
          if (type != null) set(el, 'data-type', type);
          set(el, 'type', 'text/plain');
        }
        if (!script && url != null) { set(el, 'data-src', url); nativeRemove.call(el, urlAttr(el)); }
      } else if (url != null && hold(el, url) && !script) {
        nativeRemove.call(el, urlAttr(el));
      }
    }
  }
  const inserting = (target, nodes) => {
    nodes.forEach(inspect);
    if (target && target.localName === 'script') inspect(target);
  };

  function wrap(proto, name, make) {
    const orig = proto && proto[name];
    if (typeof orig === 'function') proto[name] = make(orig);
  }
  function wrapSetter(proto, name, make) {
    const d = proto && Object.getOwnPropertyDescriptor(proto, name);
    if (d && d.set) Object.defineProperty(proto, name, { ...d, set: make(d.set) });
  }

  wrap(E, 'setAttribute', (f) => function setAttribute(n, v) { return guarded(f, this, n, v); });
  wrap(E, 'setAttributeNS', (f) => function setAttributeNS(ns, n, v) {
    const out = intercept(this, String(n).split(':').pop(), v);
    return out === SKIP ? undefined : f.call(this, ns, n, out);
  });
  const node = (f) => function setAttributeNode(a) {
    const el = this.nodeType === 1 ? this : owners.get(this);
    if (a && intercept(el, a.localName, a.value) === SKIP) return null;
    return f.call(this, a);
  };
  const removal = (f) => function removeAttribute(...args) {
    const a = args[args.length - 1];
    const el = this.nodeType === 1 ? this : owners.get(this);
    return intercept(el, a && a.nodeType === 2 ? a.name : a, null) === SKIP ? null : f.apply(this, args);
  };
  for (const m of ['setAttributeNode', 'setAttributeNodeNS']) wrap(E, m, node);
  for (const m of ['removeAttribute', 'removeAttributeNS', 'removeAttributeNode']) wrap(E, m, removal);
  // element.attributes.setNamedItem(…) and friends: the map is traced to its element.
  const attrs = Object.getOwnPropertyDescriptor(E, 'attributes');
  if (attrs) {
    Object.defineProperty(E, 'attributes', { ...attrs, get() { const m = attrs.get.call(this); owners.set(m, this); return m; } });
    const map = NamedNodeMap.prototype;
    for (const m of ['setNamedItem', 'setNamedItemNS']) wrap(map, m, node);
    for (const m of ['removeNamedItem', 'removeNamedItemNS']) wrap(map, m, removal);
  }
  wrap(E, 'toggleAttribute', (f) => function toggleAttribute(n, force) {
    return String(n).toLowerCase() === 'type' && this.hasAttribute(BLOCKED) ? true : f.call(this, n, force);
  });
  // An attribute node's value, however it is written.
  const attrValue = (f) => function value(v) {
    if (this.nodeType !== 2) return f.call(this, v);
    const out = intercept(this.ownerElement, this.name, v);
    if (out !== SKIP) f.call(this, out);
  };
  wrapSetter(Attr.prototype, 'value', attrValue);
  wrapSetter(N, 'nodeValue', attrValue);
  wrapSetter(N, 'textContent', attrValue);
  for (const [proto, props] of [[self.HTMLScriptElement, ['src', 'type']], [self.HTMLIFrameElement, ['src']],
    [self.HTMLEmbedElement, ['src']], [self.HTMLObjectElement, ['data']]]) {
    for (const p of props) {
      wrapSetter(proto && proto.prototype, p, (f) => function setter(v) {
        const out = intercept(this, p, v);
        if (out !== SKIP) f.call(this, out);
      });
    }
  }
  for (const m of ['appendChild', 'insertBefore', 'replaceChild']) {
    wrap(N, m, (f) => function insert(child, ...rest) { inserting(this, [child]); return f.call(this, child, ...rest); });
  }
  for (const proto of [E, self.CharacterData && CharacterData.prototype, self.DocumentFragment && DocumentFragment.prototype,
    self.Document && Document.prototype]) {
    for (const m of ['append', 'prepend', 'before', 'after', 'replaceWith', 'replaceChildren']) {
      wrap(proto, m, (f) => function insert(...nodes) { inserting(this, nodes); return f.apply(this, nodes); });
    }
  }
  wrap(E, 'insertAdjacentElement', (f) => function insertAdjacentElement(where, el) {
    inspect(el);
    return f.call(this, where, el);
  });
  for (const m of ['insertNode', 'surroundContents']) {
    wrap(self.Range && Range.prototype, m, (f) => function insert(n) { inspect(n); return f.call(this, n); });
  }

  // Which scripts never started, so that putting them back runs them: those made by
  // createElement, and those the page's own parser inserted (a text/plain one never
  // starts). Any other — made by innerHTML (React makes its <script>s that way), a
  // <template>, cloneNode or importNode of those, setHTMLUnsafe — may be "already
  // started" and is run as a fresh copy.
  for (const m of ['createElement', 'createElementNS']) {
    wrap(self.Document && Document.prototype, m, (f) => function create(...args) {
      const el = f.apply(this, args);
      if (el.localName === 'script') known.add(el);
      return el;
    });
  }
  const fragment = (scope) => {
    if (scope && scope.querySelectorAll) for (const el of (scope.content || scope).querySelectorAll('script')) parsed.add(el);
  };
  for (const proto of [E, self.ShadowRoot && ShadowRoot.prototype]) {
    wrapSetter(proto, 'innerHTML', (f) => function innerHTML(v) { f.call(this, v); fragment(this); });
    wrap(proto, 'setHTMLUnsafe', (f) => function setHTMLUnsafe(v) { f.call(this, v); fragment(this); });
  }
  wrapSetter(E, 'outerHTML', (f) => function outerHTML(v) {
    const parent = this.parentNode;
    f.call(this, v);
    fragment(parent);
  });
  wrap(E, 'insertAdjacentHTML', (f) => function insertAdjacentHTML(where, html) {
    f.call(this, where, html);
    fragment(this.parentNode || this);
  });

  // Shadow roots the page creates are watched like the document.
  function watch(root) {
    if (roots.has(root)) return;
    roots.add(root);
    observer.observe(root, OBSERVE);
  }
  wrap(E, 'attachShadow', (f) => function attachShadow(init) {
    const root = f.call(this, init);
    watch(root);
    return root;
  });
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
  // does not declare never runs; data-category without type="text/plain" ran ungated.
  function lint(el) {
    if (warned.has(el) || done.has(el) || el.hasAttribute(BLOCKED)) return;
    const cat = el.getAttribute('data-category');
    const svc = el.getAttribute('data-service');
    let why = '';
    if (el.localName === 'script' && el.getAttribute('type') !== 'text/plain') {
      why = 'ran without consent: gated scripts need type="text/plain"';
    } else if (el.localName !== 'script' && el.hasAttribute(urlAttr(el))) {
      why = 'loaded without consent: gated frames carry their URL in data-src, not src';
    } else if (!declared.has(cat)) {
      why = `never runs: the config declares no category "${cat}" (declared: ${[...declared.keys()].join(', ')})`;
    } else if (svc && !declared.get(cat).has(svc)) {
      why = `never runs: category "${cat}" declares no service "${svc}"`;
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
    nativeRemove.call(el, BLOCKED);
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
    const svc = url != null && holder(url);
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
      if (declared) for (const el of root.querySelectorAll(`script[data-category],:is(${FRAMES})[data-category]`)) lint(el);
      for (const el of root.querySelectorAll(GATED)) if (!done.has(el) && el.isConnected) list.push(el);
    }
    return list;
  }

  // Scripts run in document order: inline code waits for the external scripts
  // activated before it that stand before it (the browser keeps those in order
  // itself), and the scripts after a waiting inline one wait with it. Frames never
  // wait (run() arms them at once).
  async function activate() {
    for (const el of gated()) {
      if (el.localName !== 'script') continue;
      if (el.getAttribute('data-src') == null && !el.hasAttribute('src') && !el.hasAttribute('href')) {
        const before = [...pending].filter(([, s]) => s.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
        if (before.length) await Promise.all(before.map(([p]) => p));
      }
      // Checked after the wait: a withdrawal may have come meanwhile.
      if (!done.has(el) && el.isConnected && permitted(el)) tryArm(el);
    }
  }

  // Gated markup added later (a framework render, a body swap) is activated as it
  // comes; an activated frame follows a new data-src (a framework's update).
  const observer = new MutationObserver((records) => {
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
        if (n.nodeType !== 1) continue;
        // Scripts the page's own parser inserted never started (see arm()).
        if (n.localName === 'script' && !seen.has(n) && !parsed.has(n)) known.add(n);
        if (n.matches(GATED) || n.querySelector(GATED) || n.shadowRoot) again = true;
      }
    }
    if (again && started) run();
  });
  observer.observe(document, OBSERVE);

  function run() {
    started = true;
    for (const el of gated()) if (el.localName !== 'script' && permitted(el)) tryArm(el);
    chain = chain.then(activate, activate);
    return chain;
  }

  gate = {
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
    /** (element) => {category, service} that holds it now, {} before configure(),
     *  null when it may run: what a click-to-load placeholder names and allows. */
    heldBy,
    /** (element, error): an element could not be activated. */
    onError: null,
  };
  return gate;
}
