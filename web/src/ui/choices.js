// The choice buttons and what a click on one does. Every function that needs the mount
// takes its context (./index.js): `ctx.live` the status region, `ctx.rt` the runtime.
import { h } from './dom.js';
import { langAttrs, uiText } from './i18n.js';

/** Tells screen readers the UI text `key` (a polite live region), in its language: the
 *  page's may have changed since the region was made (a trial heard 您的选择已保存 with no
 *  lang); in bilingual mode each part carries its own. */
export const announce = (ctx, key) => {
  Object.assign(ctx.live, langAttrs(ctx)).replaceChildren(...uiText(ctx, key));
};

// Two kinds of button and no third: every `choice` (Accept all, Reject all, Agree,
// Refuse, Save, Got it) looks the same, so neither Accept nor Reject can be styled weaker;
// `secondary` ones (Customize, Close) are visibly lesser.
/** A button labelled with the UI text `key`. */
export const btn = (ctx, key, click, secondary) =>
  h('button', { type: 'button', class: secondary ? 'bt sc' : 'bt cb', part: secondary ? 'secondary' : 'choice', click }, uiText(ctx, key));
/** Reject and accept side by side, of equal width. */
export const pair = (reject, accept) => h('div', { class: 'pr' }, reject, accept);

/**
 * Runs a visitor's choice: `fn(e)` makes it, `where` is the layer that shows an error,
 * `done` runs once it is saved. A choice counts only for a trusted user event: a page
 * script's .click() on these buttons (the shadow root is open) reaches the runtime too,
 * which refuses it (error 505 untrusted_event, console and event); the layer stays as
 * it is, as nothing failed and nothing was chosen.
 */
export function choice(ctx, e, fn, where, done) {
  if (e?.isTrusted) {
    ctx.chose();
    return act(ctx, () => fn(e), where, done);
  }
  Promise.resolve().then(() => fn(e)).catch(() => {});
}

// On failure the visitor is told, the layer stays open, and nothing optional is
// assumed allowed (the runtime fails closed).
function act(ctx, fn, where, done) {
  return Promise.resolve()
    .then(() => fn())
    .then(
      () => {
        done?.();
        announce(ctx, 'saved');
      },
      () => {
        announce(ctx, 'unavailable');
        const box = where?.isConnected && where;
        if (box && !box.querySelector('.er'))
          box.append(h('p', { class: 'er', role: 'alert' }, uiText(ctx, 'unavailable')));
      },
    );
}
