// The preferences dialog: the policy link, one section per category (a disclosure with
// its services and cookie table, and a switch), Reject all / Accept all / Save. Its
// switches start from the core's state; nothing optional starts on unless the core says
// it is allowed.
// web/build.mjs emits this file as dist/cookiegate-preferences.js, fetched by ./index.js
// when a visitor is about to open the dialog (a pointer over the UI or a key in it) or
// opens it: a page view that never opens it does not download it (about 1.3 KiB brotli
// of JavaScript and styles that had to arrive before the banner as part of the runtime).
import css from './preferences-styles.js';
import { switches } from './switches.js';

/**
 * Takes the UI's shadow root, to adopt the dialog's styles into, and, positionally
 * (this file may import nothing of ./index.js's, or it would carry a copy), the UI's
 * helpers of ./dom.js, ./choices.js, ./i18n.js and ./banner.js.
 * @returns {(ctx: object, st: object, stricter?: (act: (e: Event) => void) => Element|null) => HTMLDialogElement}
 *   what builds the dialog
 */
export function mountPreferences(root, h, uid, btn, choice, pair, configText, langAttrs, plainText, uiText, policyLink) {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch {
    // No constructable stylesheets (very old browsers): unstyled but usable.
  }
  const createSwitch = switches(h, uiText);
  return buildPreferences;

  /**
   * Builds the dialog (not yet shown) for the core's state `st`.
   * @param {object} ctx the mount's context (./index.js): `cfg`, `as`, `close`
   * @param {object} st the core's state (core/boundary.hpp)
   * @param {((act: (e: Event) => void) => Element|null)|undefined} stricter the
   *   regional layers' section on the stricter rules, given the dialog's stricter choice
   * @returns {HTMLDialogElement}
   */
  function buildPreferences(ctx, st, stricter) {
    const as = ctx.as;
    const cats = {};
    const svcs = {};
    const tid = uid();
    const did = uid();
    const sections = (ctx.cfg.categories || []).map((c) => {
      const sc = st.categories.find((x) => x.id === c.id) || {};
      const req = !!(c.required || sc.required);
      const ctid = uid();
      const svcSwitches = [];
      cats[c.id] = req || sc.allowed === true;
      const catSwitch = createSwitch(ctx, ctid, cats[c.id], req, (v) => {
        cats[c.id] = v;
        for (const s of svcSwitches) {
          s.set(v);
          svcs[s.sid] = v;
        }
      });
      const services = (c.services || []).map((s) => {
        const sid = uid();
        svcs[s.id] = req || sc.services?.find((x) => x.id === s.id)?.allowed === true;
        const s1 = createSwitch(ctx, sid, svcs[s.id], req, (v) => {
          svcs[s.id] = v;
          // A service cannot run inside a refused category: turning one on turns it on;
          // and every service off refuses the category (core/choice.cpp), shown so.
          if (v !== cats[c.id] && (v || svcSwitches.every((x) => !svcs[x.sid]))) {
            cats[c.id] = v;
            catSwitch.set(v);
          }
        });
        s1.sid = s.id;
        svcSwitches.push(s1);
        return h('li', { class: 'sr' }, h('span', { id: sid }, configText(ctx, s.title || s.id)), s1);
      });
      // On a narrow screen each row becomes a block whose cells show their column's
      // name (data-label), instead of four columns too narrow for whole words.
      const cols = ['cookieName', 'cookieProvider', 'cookiePurpose', 'cookieDuration'];
      const cell = (i, v) => h('td', { 'data-label': plainText(ctx, cols[i]) }, h('span', { dir: 'auto' }, v));
      const rows = (c.cookieTable || []).map((r) =>
        h('tr', {}, cell(0, r.name), cell(1, r.provider), cell(2, configText(ctx, r.purpose)), cell(3, configText(ctx, r.duration))));
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
      }, h('span', { class: 'cv', 'aria-hidden': 'true' }), configText(ctx, c.title || c.id));
      const panel = h('div', { class: 'cp', part: 'category-details', id: pid, hidden: true },
        c.description ? configText(ctx, c.description, true) : null,
        services.length ? [h('h4', {}, uiText(ctx, 'services')), h('ul', {}, services)] : null,
        rows.length
          ? h('div', { class: 'tb', part: 'cookie-table' }, h('table', {},
            h('thead', {}, h('tr', {}, cols.map((k) => h('th', { scope: 'col' }, uiText(ctx, k))))),
            h('tbody', {}, rows)))
          : null);
      return h('section', { class: 'ct', part: 'category', 'aria-labelledby': ctid, 'data-category': c.id },
        h('div', { class: 'ch' }, h('h3', {}, toggle), catSwitch),
        panel);
    });
    const optional = () => {
      const out = {};
      for (const c of ctx.cfg.categories || []) if (!c.required) out[c.id] = !!cats[c.id];
      return out;
    };
    const close = ctx.close;
    // A click on one of the dialog's choices: `fn` makes it; saved, the dialog closes.
    const on = (fn) => (e) => choice(ctx, e, (ev) => fn(ev, 'preferences'), d, close);
    const d = /** @type {HTMLDialogElement} */ (h('dialog', { class: 'dg', part: 'dialog', 'aria-modal': 'true', 'aria-labelledby': tid, 'aria-describedby': did, ...langAttrs(ctx) },
      h('div', { class: 'hd' }, h('h2', { id: tid, part: 'title' }, uiText(ctx, 'preferencesTitle')), btn(ctx, 'close', () => close(), true)),
      // The policy link as on the first layer: on a return visit this dialog is the only
      // place to withdraw, and what is withdrawn is explained there.
      h('div', { class: 'bd' }, h('div', { id: did, part: 'text' }, uiText(ctx, 'preferencesText', null, true)), policyLink(ctx), sections,
        stricter?.(on(as.switchToStricter))),
      h('div', { class: 'ft' }, h('div', { class: 'bs', part: 'actions' },
        pair(
          btn(ctx, 'rejectAll', on(as.rejectAll)),
          btn(ctx, 'acceptAll', on(as.acceptAll))),
        btn(ctx, 'save', on((ev, layer) => as.set(ev, layer, optional(), { ...svcs })))))));
    return d;
  }
}
