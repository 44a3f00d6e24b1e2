// Injected first into the script-tag bundle: the bundle's own URL, read while the
// script runs (document.currentScript is null afterwards). It stands in for
// import.meta.url, so the .wasm is fetched from next to the script.
export const scriptUrl = (document.currentScript && document.currentScript.src) || location.href;
