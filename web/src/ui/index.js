/**
 * CookieGate's visible part: the banner (first layer), the notices, the preferences
 * dialog and the floating "Cookie settings" button. It renders what the core's state
 * asks for and hands clicks back to the runtime; it never decides who may do what.
 *
 * Config `ui` options (all optional, validated by the core):
 * - `layout` ("bar"): the first layer as a `bar` along the bottom or top edge, a `box`
 *   in a corner, or a centred `modal` dialog that blocks the page until a choice is
 *   made (`modal: true` is the older spelling). Every layout has Reject all on the
 *   first layer, next to Accept all and styled the same.
 * - `position`: bar "bottom" (default) or "top"; box "bottom-right" (default) or
 *   "bottom-left"; modal "center".
 * - `floatingButton` (true): once a choice is made, keep a small button in the corner
 *   that reopens the preferences (withdrawal as easy as consent). Elements with a
 *   `data-cookiegate-open` attribute do the same, whatever this option says.
 * - `bilingual` (e.g. ["zh", "en"]): show every text in these languages side by side,
 *   in this order, for sites whose legal texts are authoritative in both.
 *
 * Theming: `--cg-*` CSS custom properties set on `cookiegate-ui` or any ancestor, and
 * `::part()` names (README "Theming" lists both, with defaults; ./styles.js has them).
 * Accept all and Reject all are both `part="choice"` and read the same properties:
 * equal weight by construction.
 *
 * Texts: built-in `en` and `zh` (./texts.js); `config.texts[lang][key]` overrides any
 * of them and may add languages. Texts are rendered as text; `[label](url)` is the only
 * markup (https:, http:, mailto: or relative URLs; anything else becomes plain text).
 * Each language's direction (`dir`) is the core's answer (`config.directions`).
 *
 * Regions: with a config's `regions`, the first layer is the one the core's
 * `state.regional` names; every layer other than opt-in (and the opt-out link, the GPC
 * confirmation and conflict, pipl's separate sheets) is ./regional.js, loaded on demand.
 */
import { en, misconfigured, zh } from './texts.js';
import { parse, plain } from './markup.js';
import css from './styles.js';
import { mountPlaceholders } from './placeholder-loader.js';

const BUILTIN = { en, zh };
let ids = 0;
const uid = () => 'cg' + ++ids;

// The only way this file creates DOM: elements, attributes and text nodes, never HTML
// (a Trusted Types page allows nothing else).
function h(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const k in attrs) {
    const v = attrs[k];
    if (v == null || v === false) continue;
    if (typeof v === 'function') e.addEventListener(k, v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  e.append(...kids.flat(9).filter((x) => x != null));
  return e;
}

/**
 * Mounts the UI. Returns `{ open, close, destroy }`: `open()` shows the preferences
 * (what a site's own "Cookie settings" link calls), `close()` hides them.
 * @param {object} rt the runtime: config, getState(), language, failed, acceptAll(),
 *   rejectAll(), set(categories, services), acknowledgeNotice(), dismiss(),
 *   switchToStricter(), on(event, fn)
 * @param {object} [visitor] the runtime's visitorChannel(): the same choices
 *   (acceptAll, rejectAll, set, acknowledgeNotice, dismiss, switchToStricter) taking (event, layer,
 *   ...args), recorded as the visitor's. Without it, the API's.
 */
export function mountUI(rt, visitor) {
  const as = visitor || {
    acceptAll: () => rt.acceptAll(), rejectAll: () => rt.rejectAll(),
    set: (e, l, c, s) => rt.set(c, s), acknowledgeNotice: () => rt.acknowledgeNotice(), dismiss: () => rt.dismiss(),
    switchToStricter: () => rt.switchToStricter(),
  };
  // The runtime's config: the raw JSON until the core is ready, then the core's
  // validated one. Read again before every render.
  let cfg, ui, fallback;
  const sync = () => {
    cfg = rt.config || {};
    ui = cfg.ui || {};
    fallback = (cfg.languages || [])[0] || 'en';
  };
  // Until the core has validated the config its directions are unknown: left-to-right,
  // and the banner is rebuilt once they are known (they are part of its key).
  const dirOf = (l) => (cfg.directions?.[l] === 'rtl' ? 'rtl' : 'ltr');
  sync();
  const host = document.createElement('cookiegate-ui');
  const root = host.attachShadow({ mode: 'open' });
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch {
    // No constructable stylesheets (very old browsers): unstyled but usable.
  }
  const live = h('div', { class: 'vh', role: 'status', 'aria-live': 'polite' });
  root.append(live);
  let banner, bannerKey, fab, dlg, dismissedFailure, wanted;
  const watch = new MutationObserver(() => host.isConnected || render());

  const builtin = (l) => BUILTIN[l] || BUILTIN[String(l).split('-')[0].toLowerCase()];
  // Only own string values count: a language named "constructor" must not find
  // Object.prototype's.
  const str = (...xs) => xs.find((x) => typeof x === 'string');
  const text = (l, k) =>
    str(cfg.texts?.[l]?.[k], builtin(l)?.[k], cfg.texts?.[fallback]?.[k], builtin(fallback)?.[k], en[k]);
  const loc = (v, l) =>
    typeof v === 'string' ? v : (v && str(v[l], v[fallback], ...Object.values(v))) || '';
  const langs = () =>
    Array.isArray(ui.bilingual) && ui.bilingual.length > 1
      ? ui.bilingual.map(String)
      : [rt.language || fallback];
  const rich = (s, vars) =>
    parse(s, vars).map((x) => (typeof x === 'string' ? x : h('a', { href: x.href, part: 'link' }, x.label)));

  // One text in every shown language: `get(lang)` gives the raw text, `vars(lang)` its
  // placeholders. Blocks go side by side in bilingual mode; inline texts are joined.
  function tx(get, vars, block, attrs = {}) {
    const ls = langs();
    const one = (l, attrs) => h(block ? 'p' : 'span', attrs, rich(get(l), vars?.(l)));
    if (ls.length < 2) return block ? [one(ls[0], attrs)] : rich(get(ls[0]), vars?.(ls[0]));
    const parts = ls.map((l) => one(l, { lang: l, dir: dirOf(l) }));
    return block ? [h('div', { class: 'bi' }, parts)] : parts.flatMap((p, i) => (i ? [' / ', p] : [p]));
  }
  const T = (key, vars, block) => tx((l) => text(l, key), vars, block);
  // A config value may fall back to another language (or be a name, like a cookie's):
  // its own first strong character sets its direction, so English inside an Arabic
  // dialog keeps its punctuation where it belongs.
  const L = (value, block) => tx((l) => loc(value, l), null, block, { dir: 'auto' });
  const label = (k) => langs().map((l) => plain(text(l, k))).join(' / ');
  const say = (key) => {
    live.textContent = label(key);
  };
  // The top-level elements carry the language; in bilingual mode each part does.
  const langAttrs = () => {
    const ls = langs();
    return ls.length > 1 ? { lang: ls[0] } : { lang: ls[0], dir: dirOf(ls[0]) };
  };
  // Two kinds of button and no third: every `choice` (Accept all, Reject all, Save,
  // Got it) looks the same, so neither Accept nor Reject can be styled weaker;
  // `secondary` ones (Customize, Close) are visibly lesser.
  const btn = (key, click, secondary) =>
    h('button', { type: 'button', class: secondary ? 'bt sc' : 'bt cb', part: secondary ? 'secondary' : 'choice', click }, T(key));
  const pair = (reject, accept) => h('div', { class: 'pr' }, reject, accept);
  const state = () => {
    try {
      return rt.failed ? null : rt.getState();
    } catch {
      return null;
    }
  };
  // Before the core is ready the runtime's provisional state may already ask for
  // consent (no consent cookie): the banner shows at once and choices are queued. The
  // dialog and the floating button wait for the real state: only it knows the switches.
  const usable = (st) => st && Array.isArray(st.categories);
  const ready = (st) => usable(st) && !st.pending;

  // Runs a choice; on failure the visitor is told, the dialog stays open, and nothing
  // optional is assumed allowed (the runtime fails closed).
  // A choice counts only for a trusted user event: a page script's .click() on these
  // buttons (the shadow root is open) is ignored, never recorded as the visitor's.
  function choice(e, fn, where, done) {
    if (e && e.isTrusted) return act(() => fn(e), where, done);
    console.warn('CookieGate: ignored a click that no user made; scripts choose through the API');
  }

  function act(fn, where, done) {
    return Promise.resolve()
      .then(() => fn())
      .then(
        () => {
          done?.();
          say('saved');
        },
        () => {
          say('unavailable');
          const box = where?.isConnected && where;
          if (box && !box.querySelector('.er'))
            box.append(h('p', { class: 'er', role: 'alert' }, T('unavailable')));
        },
      );
  }

  function policyLink() {
    const href = cfg.policy?.url && /** @type {{href?: string}} */ (parse(`[x](${cfg.policy.url})`)[0])?.href;
    return href ? h('p', {}, h('a', { href, part: 'link' }, T('policyLink'))) : null;
  }

  const listOf = (l, names) => {
    try {
      return new Intl.ListFormat(l, { type: 'conjunction' }).format(names);
    } catch {
      return names.join(', ');
    }
  };
  const dateOf = (l, d) => {
    const t = typeof d === 'number' ? d * 1000 : Date.parse(d);
    try {
      return new Intl.DateTimeFormat(l, { dateStyle: 'long', timeZone: 'UTC' }).format(t);
    } catch {
      return String(d ?? '');
    }
  };
  const catTitle = (id, l) => {
    const c = (cfg.categories || []).find((x) => x.id === id);
    return loc(c?.title, l) || id;
  };

  // The core's validated `ui.layout`; before validation, the raw config's spelling.
  const layout = () => ui.layout || (ui.modal ? 'modal' : 'bar');
  const place = () => ({ 'data-layout': layout(), 'data-position': ui.position || null });

  function buildBanner(kind, st) {
    const tid = uid();
    const did = uid();
    let title, body, buttons;
    const choose = [
      pair(
        btn('rejectAll', (e) => choice(e, (ev) => as.rejectAll(ev, 'banner'), e.target.closest('.bn'))),
        btn('acceptAll', (e) => choice(e, (ev) => as.acceptAll(ev, 'banner'), e.target.closest('.bn')))),
      btn('customize', (e) => open(e.currentTarget), true),
    ];
    if (kind === 'reconsent') {
      const asked = st.categories.filter((c) => c.ask || c.changed).map((c) => c.id);
      title = T('reconsentTitle');
      body = T('reconsentText', (l) => ({ categories: listOf(l, asked.map((id) => catTitle(id, l))) }), true);
      buttons = choose;
    } else if (kind === 'update' || kind === 'upcoming') {
      const n = st.notice || {};
      const up = kind === 'upcoming';
      title = T(up ? 'noticeUpcomingTitle' : 'noticeUpdateTitle');
      body = [
        T(up ? 'noticeUpcomingText' : 'noticeUpdateText',
          (l) => ({ version: n.version ?? '', date: dateOf(l, n.effective) }), true),
        up && cfg.policy?.upcoming?.summary ? L(cfg.policy.upcoming.summary, true) : null,
      ];
      buttons = [
        btn('dismiss', (e) => choice(e, (ev) => as.acknowledgeNotice(ev, 'banner'), e.target.closest('.bn'))),
        btn('customize', (e) => open(e.currentTarget), true),
      ];
    } else {
      title = T('bannerTitle');
      body = T('bannerText', null, true);
      buttons = choose;
    }
    const modal = layout() === 'modal';
    const el = h(
      modal ? 'dialog' : 'div',
      {
        class: 'bn',
        part: 'banner',
        role: modal ? null : 'dialog',
        'aria-modal': modal ? 'true' : null,
        'aria-labelledby': tid,
        'aria-describedby': did,
        'data-variant': kind,
        ...place(),
        tabindex: '-1',
        ...langAttrs(),
      },
      // Title, short text and policy link first, then the choices.
      h('div', { class: 'tx' },
        h('h2', { id: tid, part: 'title' }, title),
        h('div', { id: did, part: 'text' }, body),
        policyLink()),
      h('div', { class: 'bs', part: 'actions' }, buttons),
    );
    return el;
  }

  function buildFailure() {
    // A broken config is the site's to fix, not an outage to wait out.
    const f = rt.failure;
    const site = f && (f.code < 200 || f.path === 'config');
    return h(
      'div',
      { class: 'bn', part: 'banner', role: 'alert', 'data-variant': 'unavailable', ...place(), 'data-layout': layout() === 'modal' ? 'box' : layout(), ...langAttrs() },
      h('p', { part: 'text' }, site ? tx((l) => misconfigured[l.slice(0, 2)] || misconfigured.en) : T('unavailable')),
      h('div', { class: 'bs', part: 'actions' }, btn('close', () => {
        dismissedFailure = true;
        render();
      }, true)),
    );
  }

  const show = (el) => {
    root.append(el);
    if (el.localName === 'dialog') {
      // Escape is not a choice; should the browser close it anyway, it comes back.
      el.addEventListener('cancel', (e) => e.preventDefault());
      el.addEventListener('close', () => el === banner && el.showModal());
      el.addEventListener('keydown', trap);
      el.showModal();
      el.focus();
    } else {
      // The top layer sits above any z-index the page can set; where popovers are
      // unsupported the element is still position: fixed at the highest z-index.
      el.popover = 'manual';
      el.showPopover?.();
    }
  };

  // State events may come before <body> exists, and a page framework may replace the
  // body or its children (Turbo, pjax, htmx): (re)attach, since the top layer only
  // holds connected elements. The banner and button are rebuilt; an open dialog keeps
  // its switches and becomes modal again.
  function attach() {
    if (!document.body) return false;
    if (!host.isConnected) {
      // First in <body> so the first Tab reaches the banner; it takes no space (CLS 0).
      document.body.prepend(host);
      // From the first attach on, a swapped body puts it back at once, not at the
      // next state.
      watch.observe(document.documentElement, { childList: true, subtree: true });
      banner?.remove();
      fab?.remove();
      regional?.reset();
      banner = fab = bannerKey = null;
      if (dlg) {
        dlg.removeAttribute('open');
        dlg.showModal();
        dlg.focus();
      }
    }
    return true;
  }

  // The regional layers (./regional.js, a file of their own in web/dist) are fetched
  // the first time the core's answer names one; should they fail to load, the opt-in
  // banner stands in, so the visitor can still refuse.
  let regional, regionalLoad, regionalFailed;
  function loadRegional() {
    regionalLoad ||= import('./regional.js').then((/** @type {OnDemand<typeof import('./regional.js')>} */ m) => (m.load ? m.load() : m)).then((m) => {
      // Positional, in the order ./regional.js names them: no property names shipped.
      regional = m.mountRegional(h, T, L, loc, uid, btn, pair, label, langs, langAttrs, place, policyLink, root, as,
        BUILTIN, choice, open, show, render, () => cfg);
    }, (e) => {
      regionalFailed = true;
      rt.reportError?.({ code: 508, name: 'chunk_unavailable', path: '', message: `cookiegate-regional.js did not load (${e && e.message})` });
    }).then(render);
  }

  function render() {
    sync();
    if (!attach()) return;
    const st = state();
    const failed = !!rt.failed;
    const r = ready(st) && st.regional;
    // '' for none, whatever the answer's shape: it is part of the banner's key below.
    const first = (r && r.firstLayer !== 'opt-in' && r.firstLayer) || '';
    const pend = !regional && !regionalFailed && r && (first || r.optOutLink || r.gpcHonoured || r.gpcConflict || r.separate.length || r.stricterOffered || r.stricterChosen);
    if (pend) loadRegional();
    const kind = failed
      ? dismissedFailure ? '' : 'unavailable'
      : !usable(st) ? ''
      // The profile, hence the first layer, is the core's to resolve: none before.
      : cfg.regions && st.pending ? ''
      : st.prompt === 'notice' ? st.notice?.kind === 'upcoming' ? 'upcoming' : 'update'
      : st.prompt === 'consent' || st.prompt === 'reconsent' ? first && !regionalFailed ? regional ? 'regional' : 'wait' : st.prompt : '';
    // The position is not part of it: what the core adds at 'ready' is only its default
    // ("bottom", where an unset one is placed anyway), and a rebuilt banner fades in
    // again, as if it had only just come. A position that changes the layout rebuilds.
    const key = [kind, first, langs().map(dirOf).join(), langs().join(), layout(), kind === 'reconsent' && JSON.stringify(st.categories)].join('|');
    const hadFocus = !!root.activeElement && !!banner?.contains(root.activeElement);
    if (key !== bannerKey) {
      banner?.remove();
      banner = null;
      bannerKey = key;
      if (kind && kind !== 'wait') show((banner = kind === 'unavailable' ? buildFailure() : kind === 'regional' ? regional.layer(st) : buildBanner(kind, st)));
    }
    const own = regional?.extras(r ? st : {});
    const wantFab = !kind && ready(st) && ui.floatingButton !== false && !pend && !own;
    if (wantFab && !fab) {
      fab = h('button', { type: 'button', class: 'fb', part: 'floating-button', click: (e) => open(e.currentTarget), ...langAttrs() },
        T('openPreferences'));
      show(fab);
    } else if (!wantFab && fab) {
      fab.remove();
      fab = null;
    }
    // A keyboard user whose banner just went away would otherwise land on <body>.
    if (hadFocus && !dlg && !root.activeElement) (fab || banner)?.focus();
    if (wanted && ready(st)) {
      const from = wanted;
      wanted = null;
      open(from);
    }
  }

  function focusables(box) {
    return [...box.querySelectorAll('button:not(:disabled),a[href],[tabindex="0"]')].filter(
      (e) => e.getClientRects().length,
    );
  }
  // Tab and Shift+Tab cycle inside a modal dialog instead of leaving for the browser UI.
  function trap(e) {
    if (e.key !== 'Tab') return;
    const f = focusables(e.currentTarget);
    const first = f[0];
    const last = f[f.length - 1];
    const at = root.activeElement;
    if (e.shiftKey ? at === first || at === e.currentTarget : at === last) {
      e.preventDefault();
      (e.shiftKey ? last : first)?.focus();
    }
  }

  function sw(labelId, on, disabled, change) {
    const label = h('span', {});
    const b = h('button', { type: 'button', role: 'switch', class: 'sw', part: 'switch', 'aria-labelledby': labelId, disabled },
      h('span', { class: 'tr' }), label);
    b.set = (v) => {
      b.setAttribute('aria-checked', String(v));
      label.replaceChildren(...T(disabled ? 'alwaysOn' : v ? 'on' : 'off'));
    };
    b.set(on);
    b.addEventListener('click', () => {
      const v = b.getAttribute('aria-checked') !== 'true';
      b.set(v);
      change(v);
    });
    return b;
  }

  function buildDialog(st) {
    const cats = {};
    const svcs = {};
    const tid = uid();
    const did = uid();
    const sections = (cfg.categories || []).map((c) => {
      const sc = st.categories.find((x) => x.id === c.id) || {};
      const req = !!(c.required || sc.required);
      const ctid = uid();
      const svcSwitches = [];
      // Nothing optional starts on unless the core says it is allowed.
      cats[c.id] = req || sc.allowed === true;
      const catSwitch = sw(ctid, cats[c.id], req, (v) => {
        cats[c.id] = v;
        for (const s of svcSwitches) {
          s.set(v);
          svcs[s.sid] = v;
        }
      });
      const services = (c.services || []).map((s) => {
        const sid = uid();
        svcs[s.id] = req || sc.services?.find((x) => x.id === s.id)?.allowed === true;
        const s1 = sw(sid, svcs[s.id], req, (v) => {
          svcs[s.id] = v;
          // A service cannot run inside a refused category: turning one on turns it on.
          if (v && !cats[c.id]) {
            cats[c.id] = true;
            catSwitch.set(true);
          }
        });
        s1.sid = s.id;
        svcSwitches.push(s1);
        return h('li', { class: 'sr' }, h('span', { id: sid }, L(s.title || s.id)), s1);
      });
      // On a narrow screen each row becomes a block whose cells show their column's
      // name (data-label), instead of four columns too narrow for whole words.
      const cols = ['cookieName', 'cookieProvider', 'cookiePurpose', 'cookieDuration'];
      const cell = (i, v) => h('td', { 'data-label': label(cols[i]) }, h('span', { dir: 'auto' }, v));
      const rows = (c.cookieTable || []).map((r) =>
        h('tr', {}, cell(0, r.name), cell(1, r.provider), cell(2, L(r.purpose)), cell(3, L(r.duration))));
      // A disclosure: the title button shows or hides the details; the switch stays
      // outside it, visible and operable while they are collapsed.
      const pid = uid();
      const toggle = h('button', {
        type: 'button', class: 'dx', part: 'category-toggle', id: ctid, 'aria-expanded': 'false', 'aria-controls': pid,
        click: () => {
          const on = toggle.getAttribute('aria-expanded') !== 'true';
          toggle.setAttribute('aria-expanded', String(on));
          panel.hidden = !on;
        },
      }, h('span', { class: 'cv', 'aria-hidden': 'true' }), L(c.title || c.id));
      const panel = h('div', { class: 'cp', part: 'category-details', id: pid, hidden: true },
        c.description ? L(c.description, true) : null,
        services.length ? [h('h4', {}, T('services')), h('ul', {}, services)] : null,
        rows.length
          ? h('div', { class: 'tb', part: 'cookie-table' }, h('table', {},
            h('thead', {}, h('tr', {}, cols.map((k) => h('th', { scope: 'col' }, T(k))))),
            h('tbody', {}, rows)))
          : null);
      return h('section', { class: 'ct', part: 'category', 'aria-labelledby': ctid, 'data-category': c.id },
        h('div', { class: 'ch' }, h('h3', {}, toggle), catSwitch),
        panel);
    });
    const optional = () => {
      const out = {};
      for (const c of cfg.categories || []) if (!c.required) out[c.id] = !!cats[c.id];
      return out;
    };
    const d = h('dialog', { class: 'dg', part: 'dialog', 'aria-modal': 'true', 'aria-labelledby': tid, 'aria-describedby': did, ...langAttrs() },
      h('div', { class: 'hd' }, h('h2', { id: tid, part: 'title' }, T('preferencesTitle')), btn('close', () => close(), true)),
      h('div', { class: 'bd' }, h('div', { id: did, part: 'text' }, T('preferencesText', null, true)), sections,
        regional?.rules(st, (e) => choice(e, (ev) => as.switchToStricter(ev, 'preferences'), d, close))),
      h('div', { class: 'ft' }, h('div', { class: 'bs', part: 'actions' },
        pair(
          btn('rejectAll', (e) => choice(e, (ev) => as.rejectAll(ev, 'preferences'), d, close)),
          btn('acceptAll', (e) => choice(e, (ev) => as.acceptAll(ev, 'preferences'), d, close))),
        btn('save', (e) => choice(e, (ev) => as.set(ev, 'preferences', optional(), { ...svcs }), d, close)))));
    return d;
  }

  let opener;
  function open(from) {
    sync();
    if (dlg || !attach()) return;
    const st = state();
    if (!ready(st)) {
      // Core unavailable: say so instead of offering switches that cannot be saved.
      if (rt.failed) {
        dismissedFailure = false;
        render();
        banner?.focus?.();
      } else wanted = from || document.activeElement;
      return;
    }
    opener = from && from.focus ? from : document.activeElement;
    dlg = buildDialog(st);
    dlg.addEventListener('close', () => {
      dlg.remove();
      dlg = null;
      const back = opener?.isConnected ? opener : fab || banner;
      opener = null;
      back?.focus();
    });
    // Escape closes through the native cancel -> close path.
    dlg.addEventListener('keydown', trap);
    root.append(dlg);
    dlg.showModal();
    // Start on the dialog itself so a screen reader reads title and description first.
    dlg.tabIndex = -1;
    dlg.focus();
  }
  function close() {
    dlg?.close();
  }

  const onDocClick = (e) => {
    const t = e.target.closest?.('[data-cookiegate-open]');
    if (t) {
      e.preventDefault();
      open(t);
    }
  };
  // Delegated on the document, so links in a swapped-in body work too.
  document.addEventListener('click', onDocClick);
  rt.on?.('state', render);
  rt.on?.('error', render);
  if (document.body) render();
  else document.addEventListener('DOMContentLoaded', render, { once: true });
  const unmountPlaceholders = mountPlaceholders(rt, visitor, open);

  return {
    open: () => open(document.activeElement),
    close,
    destroy() {
      document.removeEventListener('click', onDocClick);
      watch.disconnect();
      unmountPlaceholders();
      regional?.destroy();
      close();
      host.remove();
    },
  };
}
