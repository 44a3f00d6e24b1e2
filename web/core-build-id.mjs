// The core build's id, baked into the bundles by web/build.mjs: the runtime replays a
// stored answer of the core only for the very .wasm that gave it (web/src/replay.js),
// and it needs the id before the .wasm has arrived. 96 bits of the .wasm's SHA-256 tell
// builds apart as well as all 256 (nothing is gained by forging one: whoever can write
// the stored answer can write the cookie it replays), in 16 characters instead of 64:
// the id is random to brotli, so every character is a byte in every bundle that carries
// it. The tests that check or measure the id call this too.
import { createHash } from 'node:crypto';

/** @param {Uint8Array} wasm the .wasm's bytes @returns {string} 16 base64url characters */
export const coreBuildId = (wasm) => createHash('sha256').update(wasm).digest('base64url').slice(0, 16);
