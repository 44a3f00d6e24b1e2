// Shared set-up of the Node tests: they run against the release wasm from the
// Emscripten build (build/wasm/wasm/), or the folder in COOKIEGATE_WASM_DIR.
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

import { createCore } from '../../web/src/wasm/bridge.js';

export const wasmDir = process.env.COOKIEGATE_WASM_DIR
  ? pathToFileURL(process.env.COOKIEGATE_WASM_DIR.replace(/\/?$/, '/'))
  : new URL('../../build/wasm/wasm/', import.meta.url);
export const glueUrl = new URL('cookiegate-core.js', wasmDir);
export const wasmUrl = new URL('cookiegate-core.wasm', wasmDir);

async function loadBuild() {
  try {
    return [(await import(glueUrl.href)).default, await readFile(wasmUrl)];
  } catch (e) {
    throw new Error(`no wasm build in ${wasmDir.pathname} (${e.message}); build it with: ` +
      'emcmake cmake -S . -B build/wasm -G Ninja -DCMAKE_BUILD_TYPE=Release && ' +
      'cmake --build build/wasm');
  }
}
export const [factory, wasmBytes] = await loadBuild();

/** A fresh core on the release module (each has its own instance and heap). */
export const loadCore = (f = factory) => createCore(f, { wasmBinary: wasmBytes });

/**
 * Settles like `promise`, or rejects with a "hung" error after `ms`: a test of a
 * failure path fails by timing out instead of hanging the run.
 */
export function within(ms, promise) {
  let timer;
  const hung = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hung: not settled within ${ms} ms`)), ms);
  });
  return Promise.race([promise, hung]).finally(() => clearTimeout(timer));
}

// 2026-01-01T00:00:00Z and later moments, seconds since the epoch.
export const NOW = 1767225600;
export const DAY = 24 * 60 * 60;

// 32 hex digits = the 16 random bytes of a new consent id.
export const RANDOM = '0123456789abcdef0123456789abcdef';

/** The site config of most tests: one required and two optional categories. */
export const config = {
  policy: { version: '1.0.0', url: '/privacy' },
  categories: [
    { id: 'necessary', required: true, title: 'Necessary' },
    {
      id: 'analytics',
      title: 'Analytics',
      consentMode: ['analytics_storage'],
      services: [{ id: 'matomo', scripts: ['https://stats.example/*'] }],
    },
    {
      id: 'marketing',
      title: 'Marketing',
      consentMode: ['ad_storage', 'ad_user_data', 'ad_personalization'],
      services: [{ id: 'ads' }, { id: 'video' }],
    },
  ],
};
export const configJson = JSON.stringify(config);

/** `Cookie` header text holding one cookie as the core asked it to be set. */
export const header = (cookie) => `${cookie.name}=${cookie.value}`;

export const OPTIONAL = ['analytics', 'marketing'];
export const categoryById = (state, id) => state.categories.find((c) => c.id === id);
