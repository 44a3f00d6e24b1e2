/**
 * Click-to-load placeholders: until the core allows it, an embed stands in the page's
 * flow as a box of its own size naming its service, why it is not loaded, a "Load"
 * button (allows that service alone, as the visitor's choice) and a "Cookie settings"
 * button (the preferences dialog).
 *
 * Which elements get one:
 * - a gated frame: `<iframe data-category="…" [data-service="…"] data-src="…">` not yet
 *   loaded (also one the gate held after a script inserted it);
 * - any other element marked `data-cookiegate-placeholder` with `data-category` (and
 *   `data-service`): the box a gated script fills (a map, a post, a chat box). It is
 *   hidden while its placeholder shows, and shown again once allowed.
 * `data-cookiegate-placeholder="off"` on either keeps the page's own stand-in instead.
 * None for one the visitor would not see (a trial's hidden conversion frames became
 * large Load boxes, a 1x1 one a box of two buttons to tab to): measured as it would
 * show, its own visibility is not visible (differs from its parent's), or it is a frame
 * at most 2 x 2 px inside its border (a tracking pixel; display: none on itself or an
 * ancestor leaves it 0 x 0), or another element with no box at all. It stays held, and
 * loads as the page wrote it once allowed; a resize observer gives it its placeholder
 * when the page shows it (or the tab it sits in). A change of its own visibility alone
 * is not seen. A visibility it inherits (a closed offcanvas or collapsed panel, which
 * opens with no change of size) the placeholder inherits too: it gets one, hidden and
 * out of the tab order with its container; one visible in a hidden container, visible.
 *
 * The service is the one the gate itself holds the element for (runtime.heldBy): the
 * refused service its URL belongs to, else its data-category / data-service. Titles
 * come from the core's validated config, decisions from the core's state only: nothing
 * shows before the core has answered (the element stays an empty box of its own size).
 * If the core fails, every placeholder names its service and says what the banner says
 * then (settings unavailable, or choices cannot be saved right now), with no Load
 * button: nothing could be allowed.
 *
 * No layout shift: the placeholder takes the element's box as measured just before it
 * is hidden (display, width — or 100% when it filled its container —, aspect ratio,
 * margins); when the service is allowed the element comes back in the same place and
 * focus moves to it if it was on the placeholder.
 */
import css from './placeholder-styles.js';
import * as own from './placeholder-texts.js';

const MARK = 'data-cookiegate-placeholder';
const WANTED = `iframe[data-category][data-src]:not([src]),[${MARK}][data-category]:not(script)`;
const str = (...xs) => xs.find((x) => typeof x === 'string');
let ids = 0;

/**
 * @param {import('../runtime.js').UiRuntime} rt
 * @param {object|null} visitor the runtime's visitorChannel() (a Load click is then the
 *   visitor's choice, source "ui"); without it, the API's allow()
 * @param {(from: Element) => void} openPreferences
 * @param {{en: object, zh: object, misconfigured: object, plain: Function}} shared the
 *   UI's texts (./texts.js) and ./markup.js plain(), handed over by
 *   ./placeholder-loader.js so this file, loaded on demand, does not carry them twice
 * @returns {() => void} removes every placeholder and stops watching
 */
export function mountPlaceholders(rt, visitor, openPreferences, { en: en0, zh, misconfigured, plain }) {
  if (!rt.heldBy) return () => {};  // a runtime that cannot say what holds an element
  const en = { ...en0, ...own.en };
  const BUILTIN = { en, zh: { ...zh, ...own.zh } };
  const shown = new Map();  // element -> {host, root, key, saved display, loading}
  let sheet;
  let queued = false;
  // Elements not seen (see above), watched until they have a box to take. Observing
  // one again is a no-op in Chromium, Gecko and WebKit (not the fresh observation, and
  // so the fresh notification, the spec says), so each render may ask again. Only
  // while held and in the page (`watched`, the last render's): a single-page app's tag
  // manager inserts a hidden frame per route, and an observer keeps what it watches.
  const resized = new ResizeObserver(() => later());
  let watched = new Set();

  function text(key, vars) {
    const cfg = rt.config || {};
    const lang = rt.language || 'en';
    const first = (cfg.languages || [])[0] || 'en';
    const builtin = (l) => BUILTIN[l] || BUILTIN[String(l).split('-')[0].toLowerCase()];
    const s = str(cfg.texts?.[lang]?.[key], builtin(lang)?.[key], cfg.texts?.[first]?.[key], builtin(first)?.[key], en[key]);
    return plain(s, vars);
  }
  const loc = (v, id) => {
    const lang = rt.language;
    return typeof v === 'string' ? v
      : (v && str(v[lang], v[(rt.config?.languages || [])[0]], ...Object.values(v))) || id;
  };

  // Measured before the element is hidden: the box the placeholder must take; false
  // when the visitor would not see the element (see above).
  function size(host, el) {
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    const parent = el.parentElement;
    const ps = parent && getComputedStyle(parent);
    const own = cs.visibility != ps?.visibility;  // not inherited: the host inherits that
    if (own && cs.visibility != 'visible' ||
      (el.localName == 'iframe' ? el.clientWidth < 3 && el.clientHeight < 3 : !r.width && !r.height)) return;
    const inner = parent ? parent.clientWidth - parseFloat(ps.paddingLeft) - parseFloat(ps.paddingRight) : -9;
    const set = (k, v) => host.style.setProperty('--cgp-' + k, v);
    if (own) set('vis', 'visible');
    set('display', cs.display === 'inline' ? 'inline-block' : cs.display);
    if (r.width) set('width', Math.abs(r.width - inner) < 1 ? '100%' : r.width + 'px');
    if (r.width && r.height) set('ratio', `${r.width} / ${r.height}`);
    set('margin', [cs.marginTop, cs.marginRight, cs.marginBottom, cs.marginLeft].join(' '));
    set('align', cs.verticalAlign);
    return 1;
  }

  // The element's own inline display is kept on it while hidden: a copy of the element
  // (a page cache's snapshot, put back on Back) carries the hiding, and must show with
  // the original's display once loaded, not with CookieGate's none.
  const KEPT = 'data-cookiegate-display';
  function hide(el, host) {
    const st = el.style;
    const kept = el.getAttribute(KEPT);
    const saved = kept != null ? kept.split('!') : [st.getPropertyValue('display'), st.getPropertyPriority('display')];
    if (kept != null) st.setProperty('display', ...saved);  // measured as it will show
    if (!size(host, el)) return;
    el.before(host);
    el.setAttribute(KEPT, saved.join('!'));
    st.setProperty('display', 'none', 'important');
    return saved;
  }

  function reveal(el, p) {
    const moveFocus = p.loading || !!p.root.activeElement;
    p.host.remove();
    el.style.setProperty('display', ...p.saved);
    el.removeAttribute(KEPT);
    if (!el.getAttribute('style')) el.removeAttribute('style');
    shown.delete(el);
    if (moveFocus && el.isConnected) {
      // The loaded embed takes the placeholder's place, and the keyboard user with it.
      if (el.tabIndex < 0 && el.localName !== 'iframe') el.tabIndex = -1;
      el.focus();
    }
  }

  function build(p, el, held, failed) {
    const nid = `cgp${++ids}`;
    const cat = (rt.config?.categories || []).find((c) => c.id === held.category) || {};
    const svc = (cat.services || []).find((s) => s.id === held.service);
    const vars = {
      service: svc ? loc(svc.title, svc.id) : held.service ? held.service : loc(cat.title, held.category),
      category: loc(cat.title, held.category),
    };
    // h(tag, attrs, ...children): hyperscript, as ./dom.js's (this file carries no copy of it).
    const h = (tag, attrs, ...kids) => {
      const e = document.createElement(tag);
      for (const k in attrs) e.setAttribute(k, attrs[k]);
      e.append(...kids);
      return e;
    };
    const lang = rt.language || 'en';
    const box = h('div', { class: 'ph', role: 'group', 'aria-labelledby': nid, lang,
      dir: /^(ar|he|fa|ur|ps|yi|dv|ckb)\b/i.test(lang) ? 'rtl' : 'ltr' },
    h('p', { class: 'nm', id: nid }, vars.service));
    if (failed) {
      // As the banner words it: a broken config is the site's to fix, not an outage.
      const f = rt.failure;
      box.append(h('p', {}, f && (f.code < 200 || f.path === 'config')
        ? misconfigured[lang.slice(0, 2)] || misconfigured.en : text('unavailable')));
    } else {
      const load = h('button', { type: 'button', class: 'bt' }, text('placeholderLoad'));
      const prefs = h('button', { type: 'button', class: 'ln' }, text('openPreferences'));
      load.addEventListener('click', (e) => allow(e, p, held, box));
      prefs.addEventListener('click', () => openPreferences(prefs));
      box.append(h('p', {}, text('placeholderText', vars)), h('div', { class: 'bs' }, load, prefs));
    }
    p.root.replaceChildren(box);
  }

  // A Load click is the visitor's only when a user made it: the runtime refuses a
  // script's click with an error event (untrusted_event). When a real one cannot be
  // saved the placeholder says so and stays.
  function allow(e, p, held, box) {
    p.loading = e.isTrusted;
    // The receipt names the embed's category and service: the log shows this text.
    const done = visitor ? visitor.allow(e, `placeholder:${held.category}${held.service ? '.' + held.service : ''}`, held.category, held.service)
      : e.isTrusted ? rt.allow(held.category, held.service) : Promise.reject();
    done.catch(() => {
      p.loading = false;
      if (e.isTrusted && !box.querySelector('.er')) {
        const er = document.createElement('p');
        er.className = 'er';
        er.setAttribute('role', 'alert');  // the role property is not reflected everywhere
        er.textContent = text('unavailable');
        box.append(er);
      }
    });
  }

  function render() {
    queued = false;
    const failed = !!rt.failed;
    let st = null;
    try { st = failed ? null : rt.getState(); } catch { /* treated as not ready */ }
    // Not before the language is the core's either (runtime.js languagePending).
    if (!failed && (!st || st.pending || rt.languagePending)) return;
    const cats = rt.config?.categories || [];
    const seen = new Set();
    const unseen = new Set();
    for (const el of document.querySelectorAll(WANTED)) {
      if (el.getAttribute(MARK) === 'off') continue;
      let held = failed ? {} : rt.heldBy(el);
      if (!held) continue;
      if (!held.category) held = { category: el.getAttribute('data-category'), service: el.getAttribute('data-service') || undefined };
      // A category the config lacks, or a service its category lacks, never runs: no
      // Load could allow it (the gate already warns about it).
      const cat = cats.find((c) => c.id === held.category);
      if (!failed && (!cat || held.service && !cat.services?.some((v) => v.id === held.service))) continue;
      seen.add(el);
      const key = [failed, held.category, held.service, rt.language].join('\n');
      let p = shown.get(el);
      // A node the page put right before the embed goes before its placeholder too.
      if (p && el.previousElementSibling !== p.host) el.before(p.host);
      if (p?.key === key) continue;
      if (!p) {
        const host = document.createElement('cookiegate-placeholder');
        const saved = hide(el, host);
        if (!saved) { resized.observe(el); unseen.add(el); continue; }
        const root = host.attachShadow({ mode: 'open' });
        try {
          if (!sheet) { sheet = new CSSStyleSheet(); sheet.replaceSync(css); }
          root.adoptedStyleSheets = [sheet];
        } catch { /* no constructable stylesheets: unstyled but usable */ }
        p = { host, root, saved };
        shown.set(el, p);
      }
      p.key = key;
      build(p, el, held, failed);
    }
    for (const [el, p] of shown) if (!seen.has(el)) reveal(el, p);
    // Also one hidden by CookieGate from now on: a change the observer must not report
    // (its loop would be cut short, with an error event).
    for (const el of watched) if (!unseen.has(el)) resized.unobserve(el);
    watched = unseen;
  }
  const later = () => {
    if (!queued) { queued = true; queueMicrotask(render); }
  };

  // Embeds a framework renders later get theirs too; one it removes takes its
  // placeholder with it.
  const watch = new MutationObserver((records) => {
    for (const r of records) {
      // Also what the page inserts while placeholders show: it may stand right before one's embed.
      if (shown.size || r.removedNodes.length && watched.size) return later();
      for (const n of r.addedNodes) {
        if (n.nodeType === 1 && (/** @type {Element} */ (n).matches(WANTED) ||
          /** @type {Element} */ (n).querySelector(WANTED))) return later();
      }
    }
  });
  watch.observe(document, { childList: true, subtree: true });
  rt.on?.('state', render);
  rt.on?.('error', later);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', render, { once: true });
  else render();

  return () => {
    watch.disconnect();
    resized.disconnect();
    rt.off?.('state', render);
    rt.off?.('error', later);
    for (const [el, p] of shown) reveal(el, p);
  };
}
