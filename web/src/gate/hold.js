// The gate's first half (./gating.js describes the whole gate): from the first moment,
// every script or frame the page inserts, or points at an http(s) URL, is held — made
// inert and marked — until the second half (./release.js) has a config to match URLs
// against. This half is what the script tag's synchronous head part carries, so it
// decides nothing: it holds, and remembers what it saw (which scripts never started,
// which shadow roots exist) for the second half to act on.
import { BLOCKED, FRAMES } from './names.js';

const OBSERVE = { childList: true, subtree: true, attributeFilter: ['data-src'], attributeOldValue: true };
const SKIP = {};  // intercept(): the write must not happen

// Without a DOM (plain Node importing `cookiegate`, server rendering) nothing here runs.
const E = typeof Element == 'function' ? Element.prototype : {};
const N = typeof Node == 'function' ? Node.prototype : {};
const nativeSet = E.setAttribute;
const nativeRemove = E.removeAttribute;
export const set = (el, name, value) => nativeSet.call(el, name, value);
export const unset = (el, name) => nativeRemove.call(el, name);

/** An http(s) URL resolved against the page, or null (javascript:, data:, junk). */
export function webUrl(value) {
  try {
    const url = new URL(String(value).trim(), document.baseURI);
    return /^https?:$/.test(url.protocol) ? url : null;
  } catch (e) {
    return null;
  }
}

// The attribute that carries an element's URL: src on scripts, iframes and embeds,
// href (or xlink:href) on SVG scripts, data on objects. '' for anything else.
export function urlAttr(el) {
  const name = el.localName;
  if (name === 'script') return el.namespaceURI === 'http://www.w3.org/2000/svg' ? 'href' : 'src';
  return name === 'iframe' || name === 'embed' ? 'src' : name === 'object' ? 'data' : '';
}
export const urlOf = (el) => (urlAttr(el) === 'href'
  ? el.getAttribute('href') ?? el.getAttribute('xlink:href') : el.getAttribute(urlAttr(el)));

let held = null;
// The types a browser runs (a JSON data island or JSON-LD carrying data-category is data).
const RUNNABLE = /^((text|application)\/(java|ecma)script|module)?$/i;

/**
 * Installs the hold once per page (later calls return the same one): every inserted
 * script or frame with an http(s) URL is held while `match` is null.
 * @returns {{match: ((url: string) => object|null)|null,
 *   refused: ((script: Element) => object|null)|null,
 *   observed: ((records: MutationRecord[]) => void)|null,
 *   done: WeakSet<Element>, known: WeakSet<Element>, seen: WeakSet<Element>, parsed: WeakSet<Element>,
 *   early: WeakSet<Element>, roots: Set<Node>,
 *   watch: (root: ShadowRoot) => void, inspect: (node: Node) => void}}
 *   `match` (set by the second half): the refused service a URL belongs to, or null;
 *   `refused` (set by it too): what keeps a script marked with data-category from running;
 *   `observed`: called with every batch of DOM mutations after this half's own look
 */
export function holdGate() {
  if (held) return held;
  const done = new WeakSet();     // activated by the second half (original and fresh element)
  const known = new WeakSet();    // scripts known never to have started (see release.js arm())
  const seen = new WeakSet();     // scripts and frames inserted through our insertion methods
  const early = new WeakSet();    // gated frames the parser made with their URL in src
  const parsed = new WeakSet();   // scripts made by an HTML fragment parser
  const roots = new Set([document]);
  const owners = new WeakMap();   // an element's NamedNodeMap -> the element

  // The refused service a URL belongs to; before a config is known, any http(s) URL holds.
  const holder = (value) => (held.match ? held.match(value) : webUrl(value) ? {} : null);

  // Holds `el`, whose URL is being set to `value`: true when it is held. A script keeps
  // its URL (a Trusted Types value stays one) and becomes text/plain, which the browser
  // neither fetches nor runs; a frame has no inert type, so its URL goes to data-src.
  // An empty `value` holds a script whatever its URL (inspect()). A frame marked with a
  // refused category is held whatever its URL: a gated frame a script gives `src`, not
  // `data-src`, loaded (a runnable script marked so was held already, inspect()).
  function hold(el, value) {
    const svc = value === '' || holder(value) ||
      (el.localName !== 'script' && el.hasAttribute('data-category') && webUrl(value) && held.refused?.(el));
    if (!svc) return false;
    // A script an HTML fragment parser made (innerHTML and its kin) never runs, wherever
    // it is put; held, it would run (a fresh copy) once released: left alone unless it is
    // gated markup. A trial's detached innerHTML <script src> ran.
    if (el.localName === 'script' && parsed.has(el) && !el.hasAttribute(BLOCKED) && !el.hasAttribute('data-category')) return false;
    if (el.localName === 'script') {
      const type = el.getAttribute('type');
      // The type it is released with: its own, except gated markup's text/plain. A
      // text/plain or JSON script a trial inserted was released as JavaScript and ran.
      if (!el.hasAttribute(BLOCKED) && type != null && !(/^text\/plain$/i.test(type) && el.hasAttribute('data-category'))) {
        set(el, 'data-type', type);
      }
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
      if (value == null) unset(el, 'data-type'); else set(el, 'data-type', value);
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
      seen.add(el);
      if (done.has(el)) continue;
      const url = urlOf(el);
      if (el.hasAttribute(BLOCKED)) {
        const type = el.getAttribute('type');
        if (script && !/^text\/plain$/i.test(type || '')) {
          if (type != null) set(el, 'data-type', type);
          set(el, 'type', 'text/plain');
        }
        if (!script && url != null) { set(el, 'data-src', url); unset(el, urlAttr(el)); }
      } else if (url != null && hold(el, url) && !script) {
        unset(el, urlAttr(el));
      } else if (script && el.hasAttribute('data-category') && RUNNABLE.test(el.getAttribute('type') || '') &&
                 (!held.refused || held.refused(el))) {
        // Marked for a category but runnable: a page cache re-creating a script CookieGate
        // activated (after a withdrawal without reload), or a page's own mistake. Held
        // like markup until its category is allowed, rather than run and warned about.
        hold(el, '');
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
  for (const [proto, props] of /** @type {[{prototype: object} | undefined, string[]][]} */ ([
    [self.HTMLScriptElement, ['src', 'type']], [self.HTMLIFrameElement, ['src']],
    [self.HTMLEmbedElement, ['src']], [self.HTMLObjectElement, ['data']]])) {
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
  // Runs `write`, markup parsed into `scope`, and marks the scripts it made there, and
  // only those: a script already under `scope`, or made by createElement meanwhile (a
  // custom element's code runs within the write), stays what it was: an empty one runs
  // once given a URL.
  const fragment = (scope, write) => {
    const root = scope && scope.localName === 'template' ? scope.content : scope;
    const scripts = () => (root && root.querySelectorAll ? [...root.querySelectorAll('script')] : []);
    const old = new Set(scripts());
    write();
    for (const el of scripts()) if (!old.has(el) && !known.has(el)) parsed.add(el);
  };
  // Markup with a frame, written into the page: the browser starts a frame's load the
  // moment the parser inserts it, before any observer could look. Such markup is parsed
  // into a detached <template> first (scripts parsed there never run, as with
  // innerHTML), then put in place through the insertion methods above, which hold. A
  // <template>'s own markup goes into its inert content, where nothing loads.
  const framed = (node, v) => node.isConnected && !node.content && /<(iframe|embed|object)/i.test(v);
  const parse = (v, unsafe) => {
    const t = document.createElement('template');
    if (unsafe) t.setHTMLUnsafe(v); else t.innerHTML = v;
    return t.content;
  };
  for (const proto of [E, self.ShadowRoot && ShadowRoot.prototype]) {
    wrapSetter(proto, 'innerHTML', (f) => function innerHTML(v) {
      fragment(this, () => (framed(this, v) ? this.replaceChildren(parse(v)) : f.call(this, v)));
    });
    wrap(proto, 'setHTMLUnsafe', (f) => function setHTMLUnsafe(v) {
      fragment(this, () => (framed(this, v) ? this.replaceChildren(parse(v, 1)) : f.call(this, v)));
    });
  }
  wrapSetter(E, 'outerHTML', (f) => function outerHTML(v) {
    fragment(this.parentNode, () => (framed(this, v) ? this.replaceWith(parse(v)) : f.call(this, v)));
  });
  const PLACES = { beforebegin: 'before', afterbegin: 'prepend', beforeend: 'append', afterend: 'after' };
  wrap(E, 'insertAdjacentHTML', (f) => function insertAdjacentHTML(where, html) {
    const place = PLACES[String(where).toLowerCase()];
    fragment(this.parentNode || this, () => (place && framed(this, html) ? this[place](parse(html)) : f.call(this, where, html)));
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
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) {
        const el = /** @type {HTMLIFrameElement} */ (n);
        // Only what none of our insertion methods saw (the page's own parser made it),
        // and not what the release half activated (moved by an unwrapped path such as
        // moveBefore(), which keeps a frame's document).
        if (seen.has(el) || done.has(el)) continue;
        // Scripts the parser inserted never started (see release.js arm()).
        if (el.localName === 'script') {
          if (!parsed.has(el)) known.add(el);
        } else if (el.matches?.('iframe[data-category]:not([srcdoc])')) {
          // Marked up gated but with its URL in src: the parser started its load as it
          // made it, before any script could look. It is held as if written with
          // data-src (the release half says so), and its load cancelled before the
          // third party's document commits; its request may have gone out. Not when a
          // replayed answer already allows it: it would load twice.
          const url = el.getAttribute('src');
          if (url != null && webUrl(url) && (!held.refused || held.refused(el))) {
            early.add(el);
            if (!el.hasAttribute('data-src')) set(el, 'data-src', url);
            unset(el, 'src');
          }
          // Back, Forward or a reload: the browser points each frame the parser makes
          // again at the URL that frame last had (its session history), whatever the
          // markup says, so a frame allowed before a withdrawal would load again. A gated
          // frame is sent to an empty document before that load commits (tested); only a
          // gated one: a lazy-loading library's data-src frame may hold what the page
          // wrote into it.
          // A frame in a detached tree has no window.
          if (el.hasAttribute('data-src') && !el.hasAttribute('src')) el.contentWindow?.location.replace('about:blank');
        }
      }
    }
    if (held.observed) held.observed(records);
  });
  observer.observe(document, OBSERVE);

  held = {
    match: null,
    refused: null,
    observed: null,
    done,
    known,
    seen,
    parsed,
    early,
    roots,
    watch,
    inspect,
  };
  return held;
}
