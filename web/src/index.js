// The npm browser entry (ESM). The .wasm is located with the `new URL(…,
// import.meta.url)` pattern, which bundlers such as Vite recognise and emit.
import factory from 'cookiegate:glue';
import { mountUI } from 'cookiegate:ui';

import { createApi } from './api.js';
import { holdGate } from './gate/hold.js';

// Importing `cookiegate` holds inserted scripts and frames at once, as the script tag's
// first statement does: the modules an app imports after it run before the app's own
// init(config) (ES modules run every import before the importer's body), and what they
// insert must wait for the config too. Without a DOM (Node, server rendering) there is
// nothing to hold. The script tag's runtime file (web/build.mjs defines
// __COOKIEGATE_HEAD_HOLDS__ there) imports this module too: its head part holds already.
if (typeof __COOKIEGATE_HEAD_HOLDS__ == 'undefined' && globalThis.document) holdGate();

const api = createApi({
  factory,
  wasmUrl: new URL('./cookiegate-core.wasm', import.meta.url),
  mountUI,
  // Baked in by web/build.mjs: the SHA-256 of the .wasm shipped beside this file. A
  // stored answer of another core build is never replayed.
  coreBuild: typeof __COOKIEGATE_CORE_BUILD__ === 'string' ? __COOKIEGATE_CORE_BUILD__ : '',
});

export const {
  init, ready, get, isAllowed, acceptAll, rejectAll, set, allow, acknowledgeNotice, dismiss, switchToStricter, showPreferences, on, off,
  onAllowed,
} = api;
export { mountUI };
export { createRuntime } from './runtime.js';
export default api;
