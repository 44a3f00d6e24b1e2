// The emscripten glue, built by the wasm CMake preset into web/dist/ beside the entry
// (./glue.js imports it from there): its default export is the module factory.
/** Starts the module; moduleArg carries instantiateWasm or wasmBinary (never a fetch). */
declare const factory: (moduleArg?: object) => Promise<unknown>;
export default factory;
