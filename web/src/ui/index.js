/**
 * CookieGate's visible part: the banner (first layer), the notices, the preferences
 * dialog and the floating "Cookie settings" button. It renders what the core's state
 * asks for and hands clicks back to the runtime; it never decides who may do what.
 *
 * Config `ui` options (all optional, validated by the core):
 * - `layout` ("bar"): the first layer as a `bar` along the bottom or top edge, a `box`
 *   in a corner, or a centred `modal` dialog that blocks the page until a choice is
 *   made (`modal: true` is the older spelling). Every layout has Reject all on the
 *   first layer, next to Accept all and styled the same (Refuse next to Agree on a
 *   re-ask, for the categories it names: ./banner.js).
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
 *
 * The preferences dialog is ./preferences.js, loaded on demand too: when a visitor is
 * about to open it (a pointer over the UI, or a key in it) or opens it.
 */
import css from './styles.js';
import { h, uid } from './dom.js';
import { trapFocus } from './focus.js';
import { BUILTIN, bilingual, configText, direction, langAttrs, localize, plainText, shownLanguages, syncConfig, uiText } from './i18n.js';
import { buildBanner, buildFailure, layout, place, policyLink, rejectAsked } from './banner.js';
import { btn, choice, pair } from './choices.js';
import { mountPlaceholders } from './placeholder-loader.js';
import { ownFile } from '../gate/own.js';

/**
 * What every part of the UI is given (./i18n.js, ./banner.js, ./preferences.js,
 * ./choices.js, ./switches.js, ./regional.js), one per mount.
 * @typedef {object} MountContext
 * @property {object} rt the runtime (UiRuntime in ../runtime.js)
 * @property {ShadowRoot} root the UI's shadow root
 * @property {object} as the visitor's choices: acceptAll, rejectAll, set,
 *   acknowledgeNotice, dismiss, switchToStricter, each taking (event, layer, ...args)
 * @property {HTMLElement} live the polite status region (./choices.js announce())
 * @property {object} [cfg] the config in force, `ui` its `ui` member, `fallback` its first
 *   language: set by syncConfig() (./i18n.js) before every render
 * @property {object} [ui]
 * @property {string} [fallback]
 * @property {() => void} chose a visitor's click made a choice on one of the layers
 *   (./choices.js choice())
 * @property {(from?: Element) => void} open shows the preferences; focus returns to `from`
 * @property {() => void} close closes them
 * @property {() => void} render draws what the core's state asks for
 * @property {(el: Element) => void} show puts a layer in the top layer
 */
/**
 * Mounts the UI. Returns `{ open, close, destroy }`: `open()` shows the preferences
 * (what a site's own "Cookie settings" link calls), `close()` hides them, `destroy()`
 * removes the UI and stops listening: nothing brings it back.
 * @param {object} rt the runtime: config, getState(), language, failed, acceptAll(),
 *   rejectAll(), set(categories, services), acknowledgeNotice(), dismiss(),
 *   switchToStricter(), on(event, fn), off(event, fn)
 * @param {object} [visitor] the runtime's visitorChannel(): the same choices
 *   (acceptAll, rejectAll, set, acknowledgeNotice, dismiss, switchToStricter) taking (event, layer,
 *   ...args), recorded as the visitor's, and tagsFirst: a promise the first build waits
 *   for (a returning visitor's replayed scripts run first). Without it, the API's.
 */
export function mountUI(rt, visitor) {
  // Without the runtime's channel, the API's calls: they cannot tell a visitor's click
  // from a script's, so the untrusted ones stop here (the channel refuses them itself,
  // with error 505). Each of the channel's choices, `name(event, layer, ...args)`, is the
  // API's `name(...args)`; only those six names are read from `ctx.as`.
  const api = new Proxy({}, {
    get: (_, name) => (e, layer, ...args) => (e?.isTrusted ? rt[name](...args)
      : console.warn('CookieGate: ignored a click that no user made; scripts choose through the API')),
  });
  const host = document.createElement('cookiegate-ui');
  const root = host.attachShadow({ mode: 'open' });
  /** @type {MountContext} */
  const ctx = {
    rt,
    root,
    as: visitor || api,
    // A "Cookie settings" click before the core has answered waits (`wanted`) for that
    // answer, which the dialog's switches need, while the banner already shows. A
    // visitor who answers the banner meanwhile has chosen: the dialog opening after that
    // would ask again what they just answered, so their choice drops the wait. (Opening
    // the dialog first cannot be: without the core's answer it has no switches.)
    chose: () => { wanted = prefsFailed = null; },
    live: h('div', { class: 'vh', role: 'status', 'aria-live': 'polite' }),
    open,
    close,
    render,
    show,
  };
  syncConfig(ctx);
  // WCAG 2.4.11 Focus Not Obscured: a page element the visitor tabs to must not sit
  // under a non-modal first layer. While one is shown, a sheet of ours on the document
  // keeps the layer's height and distance from the edge (twice: a gap above it) clear
  // of focus (technique C43: scroll-padding on the root, the document's scroller) and,
  // for a layer along the bottom, adds as much room after the page's end, so the last
  // links (a footer) can come out from under it too. At the top that room would push
  // the page down (a layout shift): the page's first links can still be under a top
  // bar until scrolled. The page's inline values are never written (an inline
  // !important one wins; its stylesheets' yield while the layer shows), and the sheet
  // empties as the layer goes. The floating button keeps its own height clear the same
  // way (a visitor trial tabbed to a placeholder's Load and found it under the button),
  // but without the room at the end and below any value of the page's own (no
  // !important, no specificity): the button stays for good, and so would they. Nothing
  // for a layer the page hides (no height).
  let room;
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
    room = new CSSStyleSheet();
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, room];
  } catch {
    // No constructable stylesheets (very old browsers): unstyled but usable.
  }
  const fit = new ResizeObserver(() => {
    const b = /** @type {HTMLElement|null} */ (root.querySelector('div.bn'));
    const e = b || /** @type {HTMLElement|null} */ (root.querySelector('.fb'));
    const side = b?.dataset.position === 'top' ? 'top' : 'bottom';
    const px = e?.offsetHeight && e.offsetHeight + 2 * parseFloat(getComputedStyle(e)[side]);
    // The end's room only below a layer along the bottom ('bottom' < 'top').
    room?.replaceSync(!px ? '' : b ? `:root{scroll-padding-${side}:${px}px!important${side < 'top' ? `;padding-bottom:${px}px!important` : ''}}`
      : `:where(:root){scroll-padding-bottom:${px}px}`);
  });
  root.append(ctx.live);
  const trap = trapFocus(root);
  let banner, bannerKey, fab, dlg, dismissedFailure, wanted, forced;
  const watch = new MutationObserver(() => host.isConnected || render());

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
  // Nor do they show before the language is the core's (a returning visitor's replayed
  // answer comes before it): bilingual texts do not depend on it.
  const usable = (st) => st && Array.isArray(st.categories);
  const settled = () => !rt.languagePending || bilingual(ctx);
  const ready = (st) => usable(st) && !st.pending && settled();

  function show(el) {
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
      fit.observe(el);
    }
  }

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

  // A part of the UI in a file of its own in web/dist: `load` import()s it, `got` takes
  // its module; should it not load, error 508, `failed` and what stands in for it.
  // Their helpers go to them positionally, in the order each file names them: no
  // property names shipped.
  const onDemand = (file, load, got, failed) => ownFile(load).then((m) => (m.load ? m.load() : m)).then(got, (e) => {
    failed();
    rt.reportError?.({ code: 508, name: 'chunk_unavailable', path: '', message: `${file} did not load (${e && e.message}): serve it next to cookiegate.js / index.js` });
  }).then(render);

  // The regional layers are fetched the first time the core's answer names one; should
  // they fail to load, the opt-in banner stands in, so the visitor can still refuse.
  let regional, regionalLoad, regionalFailed;
  const loadRegional = () => regionalLoad ||= onDemand('cookiegate-regional.js', () => import('./regional.js'),
    (/** @type {typeof import('./regional.js')} */ m) => {
      regional = m.mountRegional(ctx, h, uiText, configText, localize, uid, btn, pair, plainText, shownLanguages, langAttrs,
        place, policyLink, BUILTIN, choice, rejectAsked);
    }, () => { regionalFailed = true; });

  // The preferences dialog is fetched when a visitor is about to open it (a pointer or
  // a key in the UI: not focus, which a modal first layer takes by itself) or opens it.
  // Should it fail to load, the consent layer stands in for it (`forced`: the state it
  // was opened at; any new state ends it), with Reject all, so they can still refuse or
  // withdraw; the next open tries the file again. `prefsFailed`: an open waits on it.
  let buildPreferences, prefsLoad, prefsFailed;
  const loadPreferences = () => prefsLoad ||= onDemand('cookiegate-preferences.js', () => import('./preferences.js'),
    (/** @type {typeof import('./preferences.js')} */ m) => {
      buildPreferences = m.mountPreferences(root, h, uid, btn, choice, pair, configText, langAttrs, plainText, uiText, policyLink);
    }, () => { prefsLoad = null; prefsFailed = !!wanted; });
  root.addEventListener('pointerover', loadPreferences, { once: true });
  root.addEventListener('keydown', loadPreferences, { once: true });

  // Whether the core's answer names something of ./regional.js that has not arrived
  // (nor failed) yet; it is then requested (the trailing `&& !!loadRegional()`: a
  // promise, so true).
  function regionalPending(st) {
    const r = ready(st) && st.regional;
    return !regional && !regionalFailed && r && (r.firstLayer && r.firstLayer !== 'opt-in' || r.optOutLink || r.gpcHonoured || r.gpcConflict || r.separate.length || r.stricterOffered || r.stricterChosen) && !!loadRegional();
  }

  let destroyed;  // by destroy()
  function render() {
    // A regional file or DOMContentLoaded may still arrive after destroy().
    if (destroyed) return;
    syncConfig(ctx);
    if (!attach()) return;
    const st = state();
    const failed = !!rt.failed;
    const r = ready(st) && st.regional;
    // '' for none, whatever the answer's shape: it is part of the banner's key below.
    const first = (r && r.firstLayer !== 'opt-in' && r.firstLayer) || '';
    const pend = regionalPending(st);
    const kind = failed
      ? dismissedFailure ? '' : 'unavailable'
      : !usable(st) ? ''
      // Not in a language the core's answer would replace (runtime.js languagePending).
      : !settled() ? ''
      : forced === st ? 'stand-in'
      // The profile, hence the first layer, is the core's to resolve: none before.
      : ctx.cfg.regions && st.pending ? ''
      : st.prompt === 'notice' ? st.notice?.kind === 'upcoming' ? 'upcoming' : 'update'
      : st.prompt === 'consent' || st.prompt === 'reconsent' ? first && !regionalFailed ? regional ? 'regional' : 'wait' : st.prompt : '';
    // The position is not part of it: what the core adds at 'ready' is only its default
    // ("bottom", where an unset one is placed anyway), and a rebuilt banner slides in
    // again, as if it had only just come. A position that changes the layout rebuilds.
    const langs = shownLanguages(ctx);
    const key = [kind, first, langs.map((l) => direction(ctx, l)).join(), langs.join(), layout(ctx), kind === 'reconsent' && JSON.stringify(st.categories)].join('|');
    const hadFocus = !!root.activeElement && [banner, fab].some((e) => e?.contains(root.activeElement));
    // The floating button too: a replayed answer can show it before the core has
    // negotiated the page's language, which then changes the key.
    // While the preferences are open nothing is shown (banner, floating button, the
    // regional layers and link): the top layer stacks layers in the order shown, so one
    // shown now would sit above the dialog and its backdrop (a page that asks for the
    // preferences at once, before the first build; a body swapped under the dialog).
    // Closing the dialog renders again.
    if (key !== bannerKey && !dlg) {
      banner?.remove();
      fab?.remove();
      banner = fab = null;
      bannerKey = key;
      if (kind && kind !== 'wait') {
        show((banner = kind === 'unavailable' ? buildFailure(ctx, () => {
          dismissedFailure = true;
          render();
        }) : kind === 'regional' ? regional.layer(st) : buildBanner(ctx, kind, st, () => {
          forced = null;
          render();
          (opener?.isConnected ? opener : fab)?.focus();
        })));
      }
    }
    const own = !dlg && regional?.extras(r ? st : {});
    const wantFab = !kind && ready(st) && ctx.ui.floatingButton !== false && !pend && !own;
    if (wantFab && !fab && !dlg) {
      fab = h('button', { type: 'button', class: 'fb', part: 'floating-button', click: (e) => open(e.currentTarget), ...langAttrs(ctx) },
        uiText(ctx, 'openPreferences'));
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

  let opener;
  function open(from) {
    syncConfig(ctx);
    if (dlg || !attach()) return;
    const st = state();
    // The stricter rules' section is ./regional.js's: the dialog opens once it has
    // arrived (or failed), never without a section the core's answer asks for; and
    // once its own file has arrived (or failed).
    if (!ready(st) || regionalPending(st) || !buildPreferences && !prefsFailed && !!loadPreferences()) {
      // Core unavailable (never ready then): say so instead of offering switches that
      // cannot be saved.
      if (rt.failed) {
        dismissedFailure = false;
        render();
        banner?.focus?.();
      } else wanted = from || document.activeElement;
      return;
    }
    opener = from?.focus ? from : document.activeElement;
    if (!buildPreferences) {
      prefsFailed = false;
      forced = st;
      render();
      banner?.focus();
      return;
    }
    forced = null;
    dlg = buildPreferences(ctx, st, regional && ((act) => regional.rules(st, act)));
    // Escape closes through the native cancel -> close path.
    dlg.onclose = close;
    dlg.addEventListener('keydown', trap);
    root.append(dlg);
    dlg.showModal();
    // Start on the dialog itself so a screen reader reads title and description first.
    dlg.tabIndex = -1;
    dlg.focus();
  }
  // Escape reaches it by the dialog's 'close' event; a choice or Close removes the
  // dialog at once, which takes it out of the top layer: the 'close' event that
  // dialog.close() fires is a task of its own, and a frame painted before it showed the
  // banner again, dimming the page after the choice.
  function close() {
    if (!dlg) return;
    dlg.remove();
    dlg = null;
    render();
    (opener?.isConnected ? opener : fab || banner)?.focus();
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
  // Escape drops an open still waiting (for the core or the dialog's file): a visitor
  // trial's dialog opened seconds later, taking focus from where they had gone.
  const onDocKey = (e) => { if (e.key == 'Escape') wanted = null; };
  document.addEventListener('keydown', onDocKey);
  rt.on?.('state', render);
  rt.on?.('error', render);
  // A task of its own: the runtime's first run (evaluating its module, reading the
  // cookie and storage) and the banner's DOM and styles were one task of 50-90 ms on 2
  // CPUs, the page's one long task (tests/perf/FINDINGS.md).
  // A hidden page's timers are throttled (to 1 s); it renders at once.
  if (!document.body) document.addEventListener('DOMContentLoaded', render, { once: true });
  else if (document.hidden) render();
  else Promise.resolve(visitor?.tagsFirst).then(() => setTimeout(render));
  const unmountPlaceholders = mountPlaceholders(rt, visitor, open);

  return {
    open: () => open(document.activeElement),
    close,
    destroy() {
      destroyed = true;
      rt.off?.('state', render);
      rt.off?.('error', render);
      document.removeEventListener('click', onDocClick);
      document.removeEventListener('keydown', onDocKey);
      watch.disconnect();
      fit.disconnect();
      room?.replaceSync('');
      unmountPlaceholders();
      regional?.destroy();
      close();
      host.remove();
    },
  };
}
