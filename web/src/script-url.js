// Injected first into the script-tag bundle: the bundle's own URL, read while the
// script runs (document.currentScript is null afterwards). It stands in for
// import.meta.url, so the rest of the bundle and the .wasm are fetched from next to
// the script. Loaded as a module (against the placement rule) it has no currentScript:
// the tag is then found by its data-config, or else by its file name (cookiegate*.js),
// as ./script.js reads its data-* from it.
const find = (s) => document.querySelector(`script[src*="cookiegate"]${s}`);
export const scriptTag = /** @type {HTMLScriptElement|null} */ (document.currentScript || find('[data-config]') || find(''));
export const scriptUrl = (scriptTag && scriptTag.src) || location.href;
