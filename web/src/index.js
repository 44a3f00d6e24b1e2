// The npm browser entry (ESM). The .wasm is located with the `new URL(…,
// import.meta.url)` pattern, which bundlers such as Vite recognise and emit.
import factory from 'cookiegate:glue';
import { mountUI } from 'cookiegate:ui';

import { createApi } from './api.js';

const api = createApi({
  factory,
  wasmUrl: new URL('./cookiegate-core.wasm', import.meta.url),
  mountUI,
});

export const {
  init, ready, get, isAllowed, acceptAll, rejectAll, set, allow, acknowledgeNotice, showPreferences, on, off,
  onAllowed,
} = api;
export { mountUI };
export { createRuntime } from './runtime.js';
export default api;
