// The emscripten glue (cookiegate-core.js, next to the entry), imported when the core
// starts rather than with the entry: the banner can show before it arrives, and it
// downloads alongside the .wasm. A plain relative import() is what bundlers such as
// Vite split into a chunk of its own.
export default (moduleArg) => import('./cookiegate-core.js').then((glue) => glue.default(moduleArg));
