// The core's functions compiled off the main thread before the page first calls them.
// V8 compiles a WebAssembly module's functions at their first call, and a module posted
// to another thread shares the code compiled so far: a Web Worker
// (./warm-worker.js, cookiegate-warm.js in web/dist) instantiates the page's compiled
// module and makes the runtime's first calls with the runtime's own inputs, and the
// page's instance of that module then finds them compiled. Its answers are thrown away:
// the page asks the core itself, synchronously as ever. Measured on the benchmark page:
// the core's start cost the main thread about 20 ms less (tests/perf/FINDINGS.md).
//
// Only the script-tag bundle warms (web/build.mjs; a bundler would copy the glue and the
// bridge into a worker bundle of its own, downloaded twice). Nothing depends on it: when
// no worker can be made or it fails, the page compiles the functions itself, as before.

// How long the core's start waits for the worker at most (ms); a worker slower than that
// is stopped, and the page compiles what it has not.
const WARM_MS = 250;

/**
 * Warms `module` with `calls` in a worker; settles when the worker has answered, failed
 * or taken WARM_MS (never rejects). undefined when no worker is tried; throws when the
 * browser refuses one at once (a cross-origin script's URL, Trusted Types).
 * @param {WebAssembly.Module} module the compiled core
 * @param {[string, unknown[]][]} calls the bridge's method names and their arguments
 * @returns {Promise<void>|undefined}
 */
export function warm(module, calls) {
  // A page whose scripts carry nonces has a CSP that a worker cannot pass by nonce (and
  // often Trusted Types, which refuse a worker's URL as a string): the browser would
  // report a violation for nothing.
  if (document.querySelector('script[nonce]')) return undefined;
  const worker = new Worker(new URL('./cookiegate-warm.js', import.meta.url), { type: 'module' });
  return new Promise((done) => {
    const end = () => { worker.terminate(); done(); };
    worker.onmessage = worker.onerror = end;
    setTimeout(end, WARM_MS);
    worker.postMessage({ module, calls });
  });
}
