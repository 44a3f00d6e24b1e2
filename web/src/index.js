// The npm browser entry (ESM). The .wasm is located with the `new URL(…,
// import.meta.url)` pattern, which bundlers such as Vite recognise and emit.
import factory from 'cookiegate:glue';
import { mountUI } from 'cookiegate:ui';

import { createApi } from './api.js';

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
