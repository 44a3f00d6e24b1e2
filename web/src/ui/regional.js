/**
 * The regional layers: what a config's `regions` profile shows instead of, or after,
 * the opt-in banner. Each one renders a field of the core's `regional` answer
 * (core/boundary.hpp); none decides anything:
 * - first layer `opt-out`: a short notice, Opt out (reject_all) and OK (the `dismiss`
 *   choice: under opt-out it records that the notice was shown and decides nothing, so
 *   the defaults keep running) of equal weight, and with `optOutLink` the "Do Not Sell
 *   or Share My Personal Information" link (CCPA 1798.135(a)(1)), which opens the
 *   preferences;
 * - first layer `notice`: text, policy link, OK (`dismiss`) and the preferences, where
 *   everything optional can be refused;
 * - first layer `pipl`: 同意 / 拒绝 (accept_all / reject_all) of equal weight; closing it
 *   (× or Escape) is the `dismiss` choice, a refusal (PIPL: closing counts as refusing);
 * - `separate`: one sheet per service awaiting a separate consent (PIPL Art. 23, 29,
 *   39) with what those articles say the individual must be told: the recipient's
 *   name, contact and country, its purpose and the personal information provided;
 *   同意 / 拒绝 there is a choice naming that service only;
 * - `gpcConflict`: the GPC signal against an earlier grant of sale or sharing: keep the
 *   opt-out (those categories refused) or grant them again (11 CCR 7025(c)(3));
 * - `gpcHonoured`: a non-modal confirmation, closable (11 CCR 7025(c)(6));
 * - `stricterOffered`: a section of the preferences offering the strictest rules (the
 *   `stricter` choice: nothing optional runs until the visitor agrees); once
 *   `stricterChosen`, a line saying they are in force;
 * - `optOutLink`, persistent: every element marked `data-cookiegate-opt-out-link` opens
 *   the preferences (an empty one gets the link's text); without one, a small button in
 *   the corner takes the floating button's place, so the link never depends on the
 *   site's markup.
 * web/build.mjs emits this file as dist/cookiegate-regional.js, fetched by ./index.js
 * only when the core's answer needs one of these layers: an opt-in page never pays for it.
 */
import { en, zh } from './regional-texts.js';

// A sheet's rows put each label above its value: beside it, the longest label left the
// values a few letters wide in a narrow box.
const CSS = `.x{position:absolute;inset-block-start:.25em;inset-inline-end:.25em;min-width:2.75em;min-height:2.75em;
padding:0;font:inherit;font-size:1.25em;line-height:1;color:inherit;background:none;border:0;border-radius:var(--r);cursor:pointer}
.bn:has(>.x){padding-inline-end:3.5em}
.ln{padding:0;font:inherit;color:var(--l);text-decoration:underline;text-underline-offset:.15em;background:none;border:0;cursor:pointer}
dl{margin:calc(var(--s)*.5) 0 0}dt{font-weight:600}dd{margin:0 0 .4em;overflow-wrap:anywhere}`;

/**
 * Takes the mount's context (./index.js: `root`, `as` the visitor's choices, `cfg` the
 * config in force, `open`, `show`, `render`) and, positionally (this file may import
 * nothing of ./index.js's, or it would carry a copy), the UI's helpers of ./dom.js,
 * ./i18n.js, ./choices.js and ./banner.js, and the built-in texts to extend.
 * @returns {{layer: (st: object) => Element, extras: (st: object) => boolean,
 *   rules: (st: object, act: (e: Event) => void) => Element|null,
 *   reset: () => void, destroy: () => void}} `layer` builds the first layer the core
 *   names; `extras` shows what else the answer asks for and returns true when it
 *   shows its own persistent opt-out link or a layer (the floating button's place); `rules` is
 *   the preferences' section on the stricter rules, `act` the dialog's stricter choice
 */
export function mountRegional(ctx, h, uiText, configText, localize, uid, btn, pair, plainText, shownLanguages, langAttrs,
  place, policyLink, texts, choice, rejectAsked) {
  // Built-in texts of these layers; a config's texts still win (./i18n.js textOf()).
  for (const [l, t] of Object.entries({ en, zh })) for (const k in t) texts[l][k] ??= t[k];
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    ctx.root.adoptedStyleSheets = [...ctx.root.adoptedStyleSheets, sheet];
  } catch {
    // As ./index.js: unstyled but usable.
  }
  let last = null;        // the latest state, for clicks on a layer built earlier
  let extra = null;       // the one extra layer shown: conflict, separate sheet or confirmation
  let extraKey = '';
  let link = null;        // the own persistent opt-out link
  let linkLang = '';      // ... and the languages it is in
  const written = new WeakMap();  // a page's marked element -> the text CookieGate put in it
  let confirmed = false;  // the visitor closed the GPC confirmation on this page

  // A keyboard user whose layer just went away lands on the persistent link, on the
  // layer that took its place (pipl's separate sheet after 同意: focus on the sheet, which
  // names itself by its title and text, as the preferences dialog does), or on the
  // floating button; never on <body> (./index.js does the same with its floating button).
  const refocus = () => ctx.root.activeElement || (link || extra || ctx.root.querySelector('.fb'))?.focus();
  const on = (fn) => (e) => choice(ctx, e, fn, e.target.closest('.bn'), refocus);
  const prefs = (e) => {
    e.preventDefault();
    ctx.open(e.currentTarget);
  };
  const closer = (click) =>
    h('button', { type: 'button', class: 'x', part: 'secondary', 'aria-label': plainText(ctx, 'close'), click }, '×');

  function shell(variant, title, body, buttons, attrs) {
    const tid = uid();
    const did = uid();
    return h('div', {
      class: 'bn', part: 'banner', role: 'dialog', 'aria-labelledby': tid, 'aria-describedby': did,
      'data-variant': variant, ...place(ctx), tabindex: '-1', ...langAttrs(ctx), ...attrs,
    },
    h('div', { class: 'tx' },
      h('h2', { id: tid, part: 'title' }, title),
      h('div', { id: did, part: 'text' }, body),
      policyLink(ctx)),
    h('div', { class: 'bs', part: 'actions' }, buttons));
  }

  function layer(st) {
    last = st;
    const r = st.regional;
    // Each click names its layer for the receipt: the core's name of it.
    const f = r.firstLayer;
    const dismiss = on((ev) => ctx.as.dismiss(ev, f));
    if (r.firstLayer === 'opt-out') {
      return shell('opt-out', uiText(ctx, 'optOutTitle'), [
        uiText(ctx, 'optOutText', null, true),
        r.optOutLink ? h('p', {}, h('button', { type: 'button', class: 'ln', part: 'link', 'data-opt-out-link': '', click: prefs }, uiText(ctx, 'optOutLink'))) : null,
      ], pair(btn(ctx, 'optOut', on((ev) => ctx.as.rejectAll(ev, f))), btn(ctx, 'ok', dismiss)));
    }
    if (r.firstLayer === 'notice') {
      return shell('notice', uiText(ctx, 'bannerTitle'), uiText(ctx, 'noticeText', null, true), [btn(ctx, 'ok', dismiss), btn(ctx, 'customize', prefs, true)]);
    }
    const el = shell('pipl', uiText(ctx, 'bannerTitle'), uiText(ctx, 'bannerText', null, true), [
      // 拒绝 refuses what the core still asks, as the opt-in banner's Reject all (./banner.js).
      pair(btn(ctx, 'refuse', on((ev) => rejectAsked(ctx)(ev, f))), btn(ctx, 'agree', on((ev) => ctx.as.acceptAll(ev, f)))),
      btn(ctx, 'customize', prefs, true),
    ]);
    // Last in tab order, first thing in the corner.
    el.append(closer(dismiss));
    el.addEventListener('keydown', (e) => e.key === 'Escape' && !e.defaultPrevented && dismiss(e));
    return el;
  }

  // The categories the signal refuses now (the core's per-category `gpc`).
  const signalled = (v) => Object.fromEntries(last.categories.filter((c) => c.gpc && !c.required).map((c) => [c.id, v]));
  const conflict = () => shell('gpc-conflict', uiText(ctx, 'gpcConflictTitle'), uiText(ctx, 'gpcConflictText', null, true),
    pair(btn(ctx, 'keepOptOut', on((ev) => ctx.as.set(ev, 'gpc-conflict', signalled(false), {}))),
      btn(ctx, 'allowSale', on((ev) => ctx.as.set(ev, 'gpc-conflict', signalled(true), {})))));

  const honoured = () => h('div', {
    class: 'bn', part: 'banner', role: 'status', 'data-variant': 'gpc-honoured', 'data-layout': 'box', ...langAttrs(ctx),
  }, h('p', { part: 'text' }, uiText(ctx, 'gpcHonoured')), closer(() => {
    confirmed = true;
    ctx.render();
  }));

  function sheet(id) {
    let svc = null;
    for (const c of ctx.cfg.categories || []) for (const s of c.services || []) if (s.id === id) svc = s;
    const rc = svc.recipient || {};
    const l = shownLanguages(ctx)[0];
    let country = rc.country;
    try {
      country = `${new Intl.DisplayNames([l], { type: 'region' }).of(rc.country)} (${rc.country})`;
    } catch {
      // An engine without region names: the ISO code alone.
    }
    const row = (k, v) => (v ? [h('dt', {}, uiText(ctx, k)), h('dd', { dir: 'auto' }, v)] : null);
    // The receipt names the sheet's service: the log shows its recipient (PIPL Art. 23, 39).
    const choose = (v) => on((ev) => ctx.as.set(ev, 'separate:' + id, {}, { [id]: v }));
    return shell('separate', uiText(ctx, 'separateTitle', (lang) => ({ service: localize(ctx, svc.title, lang) || id })), [
      uiText(ctx, 'separateText', null, true),
      h('dl', {},
        row('recipient', rc.name), row('contact', rc.contact), row('country', country),
        row('cookiePurpose', rc.purpose && configText(ctx, rc.purpose)), row('personalInformation', rc.data && configText(ctx, rc.data))),
    ], pair(btn(ctx, 'refuse', choose(false)), btn(ctx, 'agree', choose(true))), { 'data-service': id });
  }

  const marked = () => [...document.querySelectorAll('[data-cookiegate-opt-out-link]')];
  const onDocClick = (e) => {
    const t = e.target.closest?.('[data-cookiegate-opt-out-link]');
    if (t && last?.regional?.optOutLink) {
      e.preventDefault();
      ctx.open(t);
    }
  };
  document.addEventListener('click', onDocClick);

  function extras(st) {
    last = st;
    const r = st.regional;
    const lang = shownLanguages(ctx).join();
    // One extra layer at a time, the most pressing first; none over a first layer.
    let make = null;
    let key = '';
    if (r && !r.firstLayer) {
      if (r.gpcConflict) [key, make] = ['conflict', conflict];
      else if (r.separate.length && (ctx.cfg.categories || []).some((c) => (c.services || []).some((s) => s.id === r.separate[0]))) {
        [key, make] = ['separate ' + r.separate[0], () => sheet(r.separate[0])];
      } else if (r.gpcHonoured && !confirmed) [key, make] = ['honoured', honoured];
    }
    key += '|' + lang;
    if (key !== extraKey) {
      extra?.remove();
      extra = null;
      extraKey = key;
      if (make) ctx.show((extra = make()));
    }
    const want = !!r?.optOutLink;
    const sites = marked();
    for (const el of sites) {
      if (!want) continue;
      // An empty one gets the text, and keeps following the language (<html lang> set
      // again) while it holds only what was put there; the page's own text is its own.
      if (!el.textContent.trim() || el.textContent === written.get(el)) {
        el.textContent = plainText(ctx, 'optOutLink');
        written.set(el, el.textContent);
      }
      if (el.localName === 'a' && !el.hasAttribute('href')) el.setAttribute('href', '#');
    }
    const own = want && !sites.length && !r.firstLayer;
    if (link && (!own || linkLang !== lang)) {
      link.remove();
      link = null;
    }
    if (own && !link) {
      link = h('button', { type: 'button', class: 'fb', part: 'floating-button', 'data-opt-out-link': '', click: prefs, ...langAttrs(ctx) }, uiText(ctx, 'optOutLink'));
      linkLang = lang;
      ctx.show(link);
    }
    // The floating button would cover a layer placed in the same corner.
    return own || !!extra;
  }

  function rules(st, act) {
    const r = st.regional;
    if (r?.stricterChosen) return h('p', { part: 'stricter' }, uiText(ctx, 'stricterChosen'));
    if (!r?.stricterOffered) return null;
    const id = uid();
    return h('section', { class: 'ct', part: 'stricter', 'aria-labelledby': id },
      h('h3', { id }, uiText(ctx, 'stricterTitle')), uiText(ctx, 'stricterText', null, true), btn(ctx, 'stricter', act));
  }

  function reset() {
    extra?.remove();
    link?.remove();
    extra = link = null;
    extraKey = '';
  }

  return {
    layer,
    extras,
    rules,
    reset,
    destroy() {
      document.removeEventListener('click', onDocClick);
      reset();
    },
  };
}
