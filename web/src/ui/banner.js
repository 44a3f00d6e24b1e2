// The first layer of the opt-in profile: the consent banner, its re-consent and
// policy-notice variants, and the banner that says the core is unavailable. Each
// function takes the mount's context (./index.js): `ctx.cfg` and `ctx.ui` the config
// in force, `ctx.as` the visitor's choices, `ctx.open` the preferences.
import { h, uid } from './dom.js';
import { btn, choice, pair } from './choices.js';
import { configText, dateOf, inLanguages, langAttrs, listOf, localize, uiText } from './i18n.js';
import { parse } from './markup.js';
import { misconfigured } from './texts.js';

/** The config's `policy.url` as a link, if it is a URL a link may have. */
export function policyLink(ctx) {
  const href = ctx.cfg.policy?.url && /** @type {{href?: string}} */ (parse(`[x](${ctx.cfg.policy.url})`)[0])?.href;
  return href ? h('p', {}, h('a', { href, part: 'link' }, uiText(ctx, 'policyLink'))) : null;
}

/** The core's validated `ui.layout`; before validation, the raw config's spelling. */
export const layout = (ctx) => ctx.ui.layout || (ctx.ui.modal ? 'modal' : 'bar');
/** The attributes that place a first layer. */
export const place = (ctx) => ({ 'data-layout': layout(ctx), 'data-position': ctx.ui.position || null });

const categoryTitle = (ctx, id, l) => {
  const c = (ctx.cfg.categories || []).find((x) => x.id === id);
  return localize(ctx, c?.title, l) || id;
};

// A custom choice that grants (`v`) or refuses the categories `ids` and no other.
const decide = (ctx, ev, layer, ids, v) => ctx.as.set(ev, layer, Object.fromEntries(ids.map((id) => [id, v])), {});

/**
 * A first layer's Reject all, as `(event, layer) => promise`: what the core's
 * `firstLayerReject` says, read at the click (the layer may have been drawn before a
 * placeholder's Load). 'asked': a custom choice refusing the categories the core asks
 * about, so that the decisions the visitor made on the others stand, as a re-ask's
 * Refuse keeps them (a trial's Reject all took back a video just loaded, not on
 * screen, and reloaded the page); otherwise a reject_all. Accept all stays
 * everything: it takes nothing back (a second trial found an Accept all that left a
 * service off surprising). The opt-in banner and pipl's layer (./regional.js) use it.
 */
export const rejectAsked = (ctx) => (ev, layer) => {
  const s = ctx.rt.getState();
  return s.firstLayerReject == 'asked'
    ? decide(ctx, ev, layer, s.categories.filter((c) => c.ask).map((c) => c.id), false) : ctx.as.rejectAll(ev, layer);
};

/**
 * What a re-ask (`prompt` `reconsent`) shows: `[title, text, the Refuse/Agree pair]`, or
 * null when it asks about no category. Its text says they changed, so it names the
 * categories the core calls `changed` (every one asked after a MAJOR change); not one
 * pipl asks again only because its refusal is 48 hours old (asked, not changed).
 * Its choices decide only the categories it names (a custom choice: the others
 * keep the visitor's earlier decisions). Accept all and Reject all would also have
 * granted a category the visitor refused before, or withdrawn one they granted, with
 * neither on screen; the preferences still offer both. With none to name (a MAJOR
 * change under opt-out or notice, or only pipl refusals asked again, shown here when
 * their own layer's file did not load), a pair deciding nothing would let a Refuse
 * refuse nothing: the consent banner's question and pair are shown instead (Accept all
 * decides every category; Reject all what the core asks, see rejectAsked()).
 * `on(fn)` makes the banner's click handler from a choice `fn(event)`.
 */
function reask(ctx, st, on) {
  const asked = st.categories.filter(({ changed }) => changed).map((c) => c.id);
  if (!asked.length) return null;
  const only = (v) => on((ev) => decide(ctx, ev, 'reconsent', asked, v));
  return [
    uiText(ctx, 'reconsentTitle'),
    uiText(ctx, 'reconsentText', (l) => ({ categories: listOf(l, asked.map((id) => categoryTitle(ctx, id, l))) }), true),
    pair(btn(ctx, 'refuse', only(false)), btn(ctx, 'agree', only(true))),
  ];
}

/**
 * The banner for `kind` of prompt: 'consent', 'reconsent' (the categories the core calls
 * `changed`, see reask()), 'update' or 'upcoming' (a policy notice, `st.notice`); or
 * 'stand-in', the consent layer where a preferences dialog that did not load was opened,
 * whose Close runs `close`.
 */
export function buildBanner(ctx, kind, st, close) {
  const tid = uid();
  const did = uid();
  const as = ctx.as;
  // A click on one of this banner's choices: `fn` makes it, told the layer for the
  // receipt (the re-ask's own say 'reconsent'; a re-ask naming no category shows the
  // consent banner's); an error shows in the banner.
  // The stand-in for a preferences dialog that did not load is the consent layer, not
  // modal, with Close (`close`) in place of Customize.
  const standIn = kind == 'stand-in';
  const on = (fn) => (e) => choice(ctx, e, (ev) => fn(ev, kind == 'reconsent' || standIn ? 'consent' : kind), e.target.closest('.bn'));
  let title, body, buttons;
  const customize = btn(ctx, 'customize', (e) => ctx.open(e.currentTarget), true);
  const re = kind === 'reconsent' && reask(ctx, st, on);
  if (re) {
    [title, body, buttons] = re;
    buttons = [buttons, customize];
  } else if (kind === 'update' || kind === 'upcoming') {
    const n = st.notice || {};
    const up = kind === 'upcoming';
    title = uiText(ctx, up ? 'noticeUpcomingTitle' : 'noticeUpdateTitle');
    body = [
      uiText(ctx, up ? 'noticeUpcomingText' : 'noticeUpdateText',
        (l) => ({ version: n.version ?? '', date: dateOf(l, n.effective) }), true),
      up && ctx.cfg.policy?.upcoming?.summary ? configText(ctx, ctx.cfg.policy.upcoming.summary, true) : null,
    ];
    buttons = [btn(ctx, 'dismiss', on(as.acknowledgeNotice)), customize];
  } else {
    title = uiText(ctx, 'bannerTitle');
    body = uiText(ctx, 'bannerText', null, true);
    // The stand-in for the preferences refuses everything, as they do.
    buttons = [pair(btn(ctx, 'rejectAll', on(standIn ? as.rejectAll : rejectAsked(ctx))), btn(ctx, 'acceptAll', on(as.acceptAll))), standIn ? btn(ctx, 'close', close, true) : customize];
  }
  const modalLayout = layout(ctx) === 'modal';
  const modal = !standIn && modalLayout;
  return h(
    modal ? 'dialog' : 'div',
    {
      class: 'bn',
      part: 'banner',
      role: modal ? null : 'dialog',
      'aria-modal': modal ? 'true' : null,
      'aria-labelledby': tid,
      'aria-describedby': did,
      'data-variant': kind,
      ...place(ctx),
      ...(standIn && modalLayout && { 'data-layout': 'box' }),
      tabindex: '-1',
      ...langAttrs(ctx),
    },
    // Title, short text and policy link first, then the choices.
    h('div', { class: 'tx' },
      h('h2', { id: tid, part: 'title' }, title),
      h('div', { id: did, part: 'text' }, body),
      policyLink(ctx)),
    h('div', { class: 'bs', part: 'actions' }, buttons),
  );
}

/** The banner saying choices cannot be saved now; `close` runs on its Close button. */
export function buildFailure(ctx, close) {
  // A broken config is the site's to fix, not an outage to wait out.
  const f = ctx.rt.failure;
  const site = f && (f.code < 200 || f.path === 'config');
  return h(
    'div',
    { class: 'bn', part: 'banner', role: 'alert', 'data-variant': 'unavailable', ...place(ctx), 'data-layout': layout(ctx) === 'modal' ? 'box' : layout(ctx), ...langAttrs(ctx) },
    h('p', { part: 'text' }, site ? inLanguages(ctx, (l) => misconfigured[l.slice(0, 2)] || misconfigured.en) : uiText(ctx, 'unavailable')),
    h('div', { class: 'bs', part: 'actions' }, btn(ctx, 'close', close, true)),
  );
}
