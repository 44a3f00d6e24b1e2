// The npm browser entry (ESM). The .wasm is located with the `new URL(…,
// import.meta.url)` pattern, which bundlers such as Vite recognise and emit.
import { mountUI } from 'cookiegate:ui';

import api from './browser-api.js';
import { holdGate } from './gate/hold.js';

// Importing `cookiegate` holds inserted scripts and frames at once, as the script tag's
// first statement does: the modules an app imports after it run before the app's own
// init(config) (ES modules run every import before the importer's body), and what they
// insert must wait for the config too. Without a DOM (Node, server rendering) there is
// nothing to hold. (The script tag's runtime file does not import this module: its
// head part holds already.)
if (globalThis.document) {
  holdGate();
  // An app that imports CookieGate and never calls init() (it sits in a component that
  // is not rendered) holds those for good: by the page's load the console says so, a
  // warning, as an app may still call it later (after fetching its config). An import
  // after the load, rare, is not checked.
  addEventListener('load', () => api.get() || console.warn('CookieGate: no init(config) yet at the page\'s load:' +
    ' every inserted script and frame is held until it comes. Call it in the app\'s entry module'));
}

export const {
  init, ready, get, isAllowed, acceptAll, rejectAll, set, allow, acknowledgeNotice, dismiss, switchToStricter, showPreferences, on, off,
  onAllowed,
} = api;
export { mountUI };
export { createRuntime } from './runtime.js';
export default api;
