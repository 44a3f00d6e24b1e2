// Gated elements and third-party scripts: nothing runs unless the latest core state
// allows its category (and service).
//
// Markup: <script type="text/plain" data-category="analytics" [data-service="ga"]
// [src="…" | data-src="…"] [data-type="module"]> and <iframe data-category="…"
// data-src="…">. A text/plain script is inert by itself (its src is not even
// fetched), so leaving it alone is the synchronous "before wasm" step; this module
// only ever turns elements on. On pages enforcing Trusted Types use src=, not
// data-src=, on gated scripts: copying a URL string into script.src is a TT sink.
//
// Dynamically injected scripts whose URL matches a service's `scripts` patterns are
// caught where the URL is set: the `src` property and setAttribute of script
// elements are wrapped, and a blocked script gets type="text/plain" before it can be
// inserted, whichever insertion method is used later. What cannot be caught:
// document.write, scripts inside parsed HTML fragments (createContextualFragment) and
// parser-inserted scripts not marked up as gated (a MutationObserver neutralises
// those on a best-effort basis only), fetch/XHR/sendBeacon, image pixels, iframes
// not marked up, and anything that ran before this script.
import { matchesAny } from './utils/patterns.js';

const GATED = 'script[type="text/plain"][data-category],iframe[data-category][data-src]:not([src])';
const BLOCKED = 'data-cookiegate-blocked';

/**
 * @param {(category: string, service?: string) => boolean} allowed the latest state
 * @param {{category: string, id: string, scripts?: string[]}[]} services from the config
 * @param {(element: Element, error: Error) => void} onError an element could not be
 *   activated
 */
export function createGate(allowed, services, onError) {
  const done = new WeakSet();
  const held = new WeakMap();  // blocked script -> the src value exactly as given
  const setAttr = Element.prototype.setAttribute;
  let chain = Promise.resolve();

  // Matched as written, absolute, and without query or fragment: a pattern ending in
  // ".js" still catches "x.js?v=3". Over-matching only holds a script back.
  function blockedService(value) {
    const forms = [String(value)];
    try {
      const url = new URL(forms[0], document.baseURI);
      forms.push(url.href);
      url.search = url.hash = '';
      forms.push(url.href);
    } catch (e) { /* matched as written only */ }
    return services.find((s) => !allowed(s.category, s.id) &&
      forms.some((f) => matchesAny(s.scripts, f))) || null;
  }

  function neutralise(el, value) {
    if (el.hasAttribute(BLOCKED)) return;
    const svc = blockedService(value);
    if (!svc) return;
    if (el.hasAttribute('type')) setAttr.call(el, 'data-type', el.getAttribute('type'));
    setAttr.call(el, BLOCKED, '');
    setAttr.call(el, 'type', 'text/plain');
    setAttr.call(el, 'data-category', svc.category);
    setAttr.call(el, 'data-service', svc.id);
  }

  // Wrapping the prototype (not document.createElement) also covers scripts created
  // by importNode, cloneNode or another realm's createElement then adopted.
  const proto = HTMLScriptElement.prototype;
  const srcDesc = Object.getOwnPropertyDescriptor(proto, 'src');
  const typeDesc = Object.getOwnPropertyDescriptor(proto, 'type');
  Object.defineProperty(proto, 'src', {
    ...srcDesc,
    set(value) {
      neutralise(this, value);
      if (this.hasAttribute(BLOCKED)) held.set(this, value);
      srcDesc.set.call(this, value);
    },
  });
  Object.defineProperty(proto, 'type', {
    ...typeDesc,
    set(value) {
      // A blocked script keeps text/plain; the wanted type is applied on activation.
      if (this.hasAttribute(BLOCKED)) setAttr.call(this, 'data-type', value);
      else typeDesc.set.call(this, value);
    },
  });
  proto.setAttribute = function setAttribute(name, value) {
    const n = String(name).toLowerCase();
    if (n === 'src') {
      neutralise(this, value);
      if (this.hasAttribute(BLOCKED)) held.set(this, value);
    } else if (n === 'type' && this.hasAttribute(BLOCKED)) {
      return setAttr.call(this, 'data-type', value);
    }
    return setAttr.call(this, name, value);
  };

  function arm(old) {
    const type = old.getAttribute('data-type') || 'text/javascript';
    const src = held.has(old) ? held.get(old) : old.getAttribute('data-src');
    if (!window.trustedTypes) {
      // A fresh element: Firefox marks a text/plain script as already started, so
      // neither the original nor a clone of it would ever run there.
      const s = document.createElement('script');
      for (const { name, value } of [...old.attributes]) {
        if (name !== 'type' && name !== 'data-src' && name !== BLOCKED) setAttr.call(s, name, value);
      }
      typeDesc.set.call(s, type);
      s.nonce = old.nonce;  // the attribute is hidden after parsing; the property is not
      if (src != null) srcDesc.set.call(s, src);
      else s.text = old.text;
      return s;
    }
    // Browsers with Trusted Types: under `require-trusted-types-for 'script'` a
    // fresh element cannot get its code (script.text or .src from a string is a
    // violation and a TypeError). A text/plain script never "started" (HTML spec,
    // prepare the script element), so re-inserting the original with a script type
    // runs it, nonce and all, without touching a sink.
    old.removeAttribute(BLOCKED);
    setAttr.call(old, 'type', type);
    if (src != null && !old.hasAttribute('src')) srcDesc.set.call(old, src);
    return old;
  }

  // An iframe gets its URL on a fresh element before insertion: setting `src` on a
  // connected iframe while the page is still loading can be dropped by Chromium,
  // leaving a blank frame.
  function armFrame(old) {
    const f = document.createElement('iframe');
    for (const { name, value } of [...old.attributes]) if (name !== 'data-src') setAttr.call(f, name, value);
    f.src = old.getAttribute('data-src');
    return f;
  }

  async function activate() {
    // External scripts inserted with async = false download in parallel and still run
    // in insertion order (the HTML "in order as soon as possible" list), so a returning
    // visitor does not wait one round trip per script. Inline code runs the moment it
    // is inserted: it waits until the external scripts before it have run.
    let pending = [];
    for (const el of document.querySelectorAll(GATED)) {
      if (done.has(el) || !el.isConnected) continue;
      const inline = el.tagName === 'SCRIPT' && !held.has(el) &&
        !el.hasAttribute('src') && !el.hasAttribute('data-src');
      // Waited for before the consent check, which must see the state of the moment
      // the code runs (a withdrawal may come meanwhile).
      if (inline && pending.length) await Promise.all(pending.splice(0));
      if (!el.isConnected) continue;
      if (!allowed(el.getAttribute('data-category'), el.getAttribute('data-service') || undefined)) continue;
      done.add(el);
      const parent = el.parentNode;
      const next = el.nextSibling;
      let fresh;
      try {
        fresh = el.tagName === 'IFRAME' ? armFrame(el) : arm(el);
      } catch (e) {
        // One element that cannot be armed (e.g. data-src under Trusted Types) must
        // not stop the others; the page hears why.
        onError(el, e);
        continue;
      }
      done.add(fresh);
      // A gated script marked async keeps its own timing: nothing waits for it.
      if (fresh.tagName === 'SCRIPT' && fresh.hasAttribute('src') && !fresh.hasAttribute('async')) {
        fresh.async = false;
        pending.push(new Promise((ok) => {
          fresh.addEventListener('load', ok, { once: true });
          fresh.addEventListener('error', ok, { once: true });
        }));
      }
      el.remove();
      parent.insertBefore(fresh, next);
    }
    // A later run() starts once these have run: its scripts come after them.
    await Promise.all(pending);
  }

  const observer = new MutationObserver((records) => {
    let gated = false;
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (n.nodeType !== 1) continue;
        const scripts = n.tagName === 'SCRIPT' ? [n] : n.querySelectorAll ? n.querySelectorAll('script[src]') : [];
        for (const s of scripts) {
          const t = (s.getAttribute('type') || '').toLowerCase();
          if (s.hasAttribute('src') && t !== 'text/plain' && !done.has(s)) neutralise(s, s.getAttribute('src'));
        }
        if (n.matches(GATED) || n.querySelector(GATED)) gated = true;
      }
    }
    if (gated && started) run();
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });

  let started = false;
  function run() {
    started = true;
    chain = chain.then(activate, activate);
    return chain;
  }

  return {
    /** Activates every allowed element (in document order) not yet active. */
    run,
  };
}
