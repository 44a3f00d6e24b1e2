// The gate: nothing marked up as gated, and no script or frame whose URL belongs to a
// refused service, runs unless the latest core state allows it.
//
// Markup: <script type="text/plain" data-category="analytics" [data-service="ga"]
// [src="…" | data-src="…"] [data-type="module"]> and <iframe data-category="…"
// data-src="…">. A text/plain script is inert by itself (its src is not even fetched),
// so leaving it alone is the synchronous "before wasm" step.
//
// Scripts and frames that other scripts insert are caught where their URL is set or
// where they are inserted: every attribute path (setAttribute, setAttributeNS,
// setAttributeNode(NS), an Attr's value, the src/type properties) and every insertion
// method (appendChild, insertBefore, replaceChild, append, prepend, before, after,
// replaceWith, insertAdjacentElement), the latter also catching elements made by
// another realm (an iframe's document) whose own prototypes are not ours. A held
// element becomes gated markup (data-category and data-service of the service it
// matched): a script turns text/plain, a frame's URL moves to data-src.
// Until the core has validated the config there is nothing to match against, so every
// inserted script or frame with an http(s) URL is held; once valid, those that match no
// refused service are released, the rest wait for consent. If the config never becomes
// valid they stay held.
//
// What cannot be caught (see the README): code that ran before this script, scripts the
// HTML parser inserts (not marked up as gated), document.write while the page is still
// parsing, an SVG script's href changed through href.baseVal on a connected element, a
// foreign realm's src setter on an element already connected, fetch/XHR/sendBeacon,
// image pixels and CSS.
import { matchesAny } from './utils/patterns.js';

const BLOCKED = 'data-cookiegate-blocked';
const GATED = 'script[type="text/plain"][data-category],iframe[data-category][data-src]:not([src]),' +
  `[${BLOCKED}]`;
const OBSERVE = { childList: true, subtree: true, attributeFilter: ['data-src'], attributeOldValue: true };

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
 * The spellings a URL is matched in: as written, and parsed without user-info, with the
 * host's trailing dot dropped and the path percent-decoded, with and without the query
 * and fragment (a pattern ending in ".js" still catches "x.js?v=3"). Spelling a URL
 * differently must not reach the same server unmatched; over-matching only holds.
 */
export function urlForms(value) {
  const forms = [String(value)];
  const url = webUrl(value);
  if (url) {
    let path = url.pathname;
    try { path = decodeURIComponent(path); } catch (e) { /* malformed escapes: as is */ }
    const base = `${url.protocol}//${url.hostname.replace(/\.+$/, '')}${url.port ? ':' + url.port : ''}${path}`;
    forms.push(base + url.search + url.hash, base, url.href);
  }
  return forms;
}

// The attribute that carries an element's URL: src on scripts and iframes, href (or
// xlink:href) on SVG scripts. '' for anything else.
function urlAttr(el) {
  const name = el.localName;
  if (name === 'script') return el.namespaceURI === 'http://www.w3.org/2000/svg' ? 'href' : 'src';
  return name === 'iframe' ? 'src' : '';
}
const urlOf = (el) => (el.localName === 'script' && urlAttr(el) === 'href'
  ? el.getAttribute('href') ?? el.getAttribute('xlink:href') : el.getAttribute('src'));

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
  const fragment = new WeakSet(); // made by the HTML fragment parser: "already started"
  const warned = new WeakSet();
  const roots = new Set([document]);
  const pending = new Map();      // activated external scripts that have not run yet
  let chain = Promise.resolve();

  // The refused service a URL belongs to; before configure(), any http(s) URL holds.
  function holder(value) {
    if (!services) return webUrl(value) ? {} : null;
    const forms = urlForms(value);
    return services.find((s) => !allowed(s.category, s.id) && forms.some((f) => matchesAny(s.scripts, f))) || null;
  }

  // Holds `el` whose URL attribute `name` is being set to `value`. A script keeps its
  // URL (a Trusted Types value stays one) and becomes text/plain, which the browser
  // neither fetches nor runs; a frame has no inert type, so its URL goes to data-src
  // and the caller must not write it (true).
  function hold(el, name, value) {
    if (done.has(el) || name !== urlAttr(el) || value == null) return false;
    const svc = holder(value);
    if (!svc) return false;
    if (el.localName === 'script') {
      const type = el.getAttribute('type');
      if (!el.hasAttribute(BLOCKED) && type != null) set(el, 'data-type', type);
      set(el, 'type', 'text/plain');
    } else {
      set(el, 'data-src', value);
    }
    set(el, BLOCKED, '');
    if (svc.id) { set(el, 'data-category', svc.category); set(el, 'data-service', svc.id); }
    return el.localName !== 'script';
  }

  // Every attribute write goes through here: true swallows it (a held frame's URL went
  // to data-src; a held script keeps text/plain and its wanted type goes to data-type).
  function intercept(el, qualified, value) {
    if (!el || el.nodeType !== 1 || done.has(el) || !urlAttr(el)) return false;
    const name = String(qualified).toLowerCase().replace(/^xlink:/, '');
    if (name === 'type' && el.hasAttribute(BLOCKED)) {
      if (value == null) nativeRemove.call(el, 'data-type'); else set(el, 'data-type', value);
      return true;
    }
    return hold(el, name, value);
  }

  // An element (or a fragment's elements) about to be inserted: a URL already on it,
  // written by a path that was not ours, is held now, before the browser sees it.
  function inspect(node) {
    if (!node || (node.nodeType !== 1 && node.nodeType !== 11)) return;
    const list = node.nodeType === 1 && urlAttr(node) ? [node] : [];
    if (node.firstElementChild) list.push(...node.querySelectorAll('script,iframe'));
    for (const el of list) {
      const url = urlOf(el);
      if (url != null && !el.hasAttribute(BLOCKED) && hold(el, urlAttr(el), url)) nativeRemove.call(el, 'src');
    }
  }

  function wrap(proto, name, make) {
    const orig = proto && proto[name];
    if (typeof orig === 'function') proto[name] = make(orig);
  }
  function wrapSetter(proto, name, make) {
    const d = proto && Object.getOwnPropertyDescriptor(proto, name);
    if (d && d.set) Object.defineProperty(proto, name, { ...d, set: make(d.set) });
  }

  wrap(E, 'setAttribute', (f) => function setAttribute(n, v) {
    return intercept(this, n, v) ? undefined : f.call(this, n, v);
  });
  wrap(E, 'setAttributeNS', (f) => function setAttributeNS(ns, n, v) {
    return intercept(this, String(n).split(':').pop(), v) ? undefined : f.call(this, ns, n, v);
  });
  for (const m of ['setAttributeNode', 'setAttributeNodeNS']) {
    wrap(E, m, (f) => function setAttributeNode(a) {
      return a && intercept(this, a.localName, a.value) ? null : f.call(this, a);
    });
  }
  wrap(E, 'removeAttribute', (f) => function removeAttribute(n) {
    return intercept(this, n, null) ? undefined : f.call(this, n);
  });
  wrap(E, 'toggleAttribute', (f) => function toggleAttribute(n, force) {
    return String(n).toLowerCase() === 'type' && this.hasAttribute && this.hasAttribute(BLOCKED)
      ? true : f.call(this, n, force);
  });
  wrapSetter(Attr.prototype, 'value', (f) => function value(v) {
    if (!intercept(this.ownerElement, this.name, v)) f.call(this, v);
  });
  for (const [proto, props] of [[HTMLScriptElement.prototype, ['src', 'type']], [HTMLIFrameElement.prototype, ['src']]]) {
    for (const p of props) {
      wrapSetter(proto, p, (f) => function setter(v) { if (!intercept(this, p, v)) f.call(this, v); });
    }
  }
  for (const m of ['appendChild', 'insertBefore', 'replaceChild']) {
    wrap(N, m, (f) => function insert(node, ...rest) { inspect(node); return f.call(this, node, ...rest); });
  }
  for (const m of ['append', 'prepend', 'before', 'after', 'replaceWith']) {
    wrap(E, m, (f) => function insert(...nodes) { nodes.forEach(inspect); return f.apply(this, nodes); });
    wrap(DocumentFragment.prototype, m, (f) => function insert(...nodes) { nodes.forEach(inspect); return f.apply(this, nodes); });
  }
  wrap(E, 'insertAdjacentElement', (f) => function insertAdjacentElement(where, el) {
    inspect(el);
    return f.call(this, where, el);
  });

  // Scripts the HTML fragment parser makes (innerHTML and friends; React creates its
  // <script> elements that way) are "already started" and never run when re-inserted:
  // they are remembered so that activation makes a fresh element for them.
  const parsed = (scope) => { for (const s of scope.querySelectorAll('script')) fragment.add(s); };
  for (const proto of [E, ShadowRoot.prototype]) {
    wrapSetter(proto, 'innerHTML', (f) => function innerHTML(v) { f.call(this, v); parsed(this); });
  }
  wrapSetter(E, 'outerHTML', (f) => function outerHTML(v) {
    const parent = this.parentNode;
    f.call(this, v);
    if (parent && parent.querySelectorAll) parsed(parent);
  });
  wrap(E, 'insertAdjacentHTML', (f) => function insertAdjacentHTML(where, html) {
    f.call(this, where, html);
    parsed(this.parentNode && this.parentNode.querySelectorAll ? this.parentNode : this);
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
    } else if (el.localName === 'iframe' && el.hasAttribute('src')) {
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

  // Turns `el` on. A script is made afresh where the fragment parser made it or the
  // browser has no Trusted Types (Firefox marks even a text/plain script as started);
  // the fresh one goes right after the original, which stays (inert) so that a
  // framework holding it can still update or remove it. Otherwise — and always under
  // Trusted Types, where a fresh element cannot be given code without a policy — the
  // original is taken out, given its type (and its data-src as src), and put back: a
  // text/plain script never started, so it runs, nonce and all. A frame gets its src
  // in place. Only http(s) URLs are ever activated.
  function arm(el) {
    const attr = urlAttr(el);
    const data = el.getAttribute('data-src');
    const url = data ?? urlOf(el);
    if (url != null && !webUrl(url)) throw new Error(`only http(s) URLs are activated, not "${url.slice(0, 40)}"`);
    done.add(el);
    nativeRemove.call(el, BLOCKED);
    if (el.localName === 'iframe') return set(el, 'src', url);
    const parent = el.parentNode;
    const next = el.nextSibling;
    let s = el;
    if (fragment.has(el) || !window.trustedTypes) {
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

  // Released: held before the config was known and matching no service of it.
  function permitted(el) {
    const cat = el.getAttribute('data-category');
    if (cat == null) return !!services;
    return allowed(cat, el.getAttribute('data-service') || undefined);
  }

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
      if (declared) for (const el of root.querySelectorAll('script[data-category],iframe[data-category]')) lint(el);
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
        if (done.has(el) && el.localName === 'iframe' && url && url !== r.oldValue && permitted(el)) {
          if (webUrl(url)) set(el, 'src', url);
        }
        continue;
      }
      for (const n of r.addedNodes) {
        if (n.nodeType !== 1) continue;
        if (n.matches(GATED) || n.querySelector(GATED) || n.shadowRoot) again = true;
      }
    }
    if (again && started) run();
  });
  observer.observe(document, OBSERVE);

  function run() {
    started = true;
    for (const el of gated()) if (el.localName === 'iframe' && permitted(el)) tryArm(el);
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
      // Held while nothing was known: those of a service now wait for its consent.
      for (const root of roots) {
        for (const el of root.querySelectorAll(`[${BLOCKED}]:not([data-category])`)) {
          const forms = urlForms(el.getAttribute('data-src') ?? urlOf(el));
          const svc = services.find((s) => forms.some((f) => matchesAny(s.scripts, f)));
          if (svc) { set(el, 'data-category', svc.category); set(el, 'data-service', svc.id); }
        }
      }
    },
    /** Activates every allowed element (in document order) not yet active. */
    run,
    /** (element, error): an element could not be activated. */
    onError: null,
  };
  return gate;
}
