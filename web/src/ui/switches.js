// The on/off switches of the preferences dialog (role="switch", ARIA 1.2).
import { h } from './dom.js';
import { uiText } from './i18n.js';

/**
 * A switch labelled by the element `labelId`, showing "On"/"Off" (or "Always on" when
 * `disabled`, for a required category). A click flips it and calls `change(on)`;
 * `.set(on)` sets it without calling `change`.
 * @returns {HTMLButtonElement & {set: (on: boolean) => void, sid?: string}}
 */
export function createSwitch(ctx, labelId, on, disabled, change) {
  const label = h('span', {});
  const b = /** @type {HTMLButtonElement & {set: (on: boolean) => void, sid?: string}} */ (h('button', { type: 'button', role: 'switch', class: 'sw', part: 'switch', 'aria-labelledby': labelId, disabled },
    h('span', { class: 'tr' }), label));
  b.set = (v) => {
    b.setAttribute('aria-checked', String(v));
    label.replaceChildren(...uiText(ctx, disabled ? 'alwaysOn' : v ? 'on' : 'off'));
  };
  b.set(on);
  b.addEventListener('click', () => {
    const v = b.getAttribute('aria-checked') !== 'true';
    b.set(v);
    change(v);
  });
  return b;
}
