// The on/off switches of the preferences dialog (role="switch", ARIA 1.2).

/**
 * Given the UI's h() (./dom.js) and uiText() (./i18n.js), positionally, as
 * ./preferences.js has them (its file may import nothing of ./index.js's), returns
 * `createSwitch(ctx, labelId, on, disabled, change)`: a switch labelled by the element
 * `labelId`, showing "On"/"Off" (or "Always on" when `disabled`, for a required
 * category). A click flips it and calls `change(on)`; `.set(on)` sets it without
 * calling `change`.
 */
export const switches = (h, uiText) =>
  /** @returns {HTMLButtonElement & {set: (on: boolean) => void, sid?: string}} */
  (ctx, labelId, on, disabled, change) => {
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
  };
