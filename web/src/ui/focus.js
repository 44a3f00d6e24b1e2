// Keyboard focus inside the UI's modal dialogs.

/** What Tab can reach in `box` now: enabled buttons, links and tabindex="0", if rendered. */
export function focusables(box) {
  return [...box.querySelectorAll('button:not(:disabled),a[href],[tabindex="0"]')].filter(
    (e) => e.getClientRects().length,
  );
}

/**
 * A keydown listener for a modal dialog in `root` (the UI's shadow root): Tab and
 * Shift+Tab cycle inside the dialog instead of leaving for the browser UI.
 * @param {ShadowRoot} root
 * @returns {(e: KeyboardEvent) => void}
 */
export const trapFocus = (root) => (e) => {
  if (e.key !== 'Tab') return;
  const f = focusables(e.currentTarget);
  const first = f[0];
  const last = f[f.length - 1];
  const at = root.activeElement;
  if (e.shiftKey ? at === first || at === e.currentTarget : at === last) {
    e.preventDefault();
    (e.shiftKey ? last : first)?.focus();
  }
};
