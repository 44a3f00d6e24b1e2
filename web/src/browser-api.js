// The one API of a page: what the npm entry (./index.js) exports, by name and as its
// default, and what the script tag's runtime file (./script-runtime.js) hands to the
// head part. A module of its own so that the runtime file imports the API without the
// npm entry's named exports, which it never uses and a minifier must keep (reading a
// property could run a getter).
import factory from 'cookiegate:glue';
import { warm } from 'cookiegate:warm';
import { mountUI } from 'cookiegate:ui';

import { createApi } from './api.js';

/** The .wasm shipped beside this file: the default `wasmUrl` (the script tag's runtime preloads it). */
export const coreUrl = new URL('./cookiegate-core.wasm', import.meta.url);

export default createApi({
  factory,
  wasmUrl: coreUrl,
  mountUI,
  warm,
  // Baked in by web/build.mjs: the id of the .wasm shipped beside this file (from its SHA-256). A
  // stored answer of another core build is never replayed.
  coreBuild: typeof __COOKIEGATE_CORE_BUILD__ === 'string' ? __COOKIEGATE_CORE_BUILD__ : '',
});
