// The core's functions compiled off the main thread before the page first calls them.
// V8 compiles a WebAssembly module's functions at their first call, and a module posted
// to another thread shares the code compiled so far: a Web Worker
// (./warm-worker.js, cookiegate-warm.js in web/dist) instantiates the page's compiled
// module and makes the runtime's first calls with the runtime's own inputs, and the
// page's instance of that module then finds them compiled. Its answers are thrown away:
// the page asks the core itself, synchronously as ever. In interleaved runs of the
// benchmark page, 8 to 15 ms less main-thread work (tests/perf/FINDINGS.md).
//
// Only the script-tag bundle warms (web/build.mjs; a bundler would copy the glue and the
// bridge into a worker bundle of its own, downloaded twice). Nothing depends on it: when
// no worker can be made or it fails, the page compiles the functions itself, as before.

// How long the core's start waits for the worker once the module is compiled (ms); the
// page then compiles what the worker has not.
const WARM_MS = 250;

/**
 * Starts a worker at once (its script and imports load while the .wasm compiles) and
 * posts it the module when `compiled` has it. Settles when the worker has answered,
 * failed or taken WARM_MS after the module (never rejects); undefined when no worker is
 * tried. Throws when the browser refuses one at once (a cross-origin script's URL,
 * Trusted Types).
 * @param {Promise<WebAssembly.Module>} compiled the core, being compiled
 * @param {[string, unknown[]][]} calls the bridge's method names and their arguments
 * @returns {Promise<void>|undefined}
 */
export function warm(compiled, calls) {
  // No worker for a hidden page (its start waits for no frame either), nor where the
  // site said so or a nonce shows a CSP that no nonce can open for a worker (the browser
  // would report a violation on every page view).
  if (document.hidden || document.querySelector('script[nonce],[data-core-worker=off]')) return undefined;
  const worker = new Worker(new URL('./cookiegate-warm.js', import.meta.url), { type: 'module' });
  // Stopped only once it has answered (its imports done): a worker stopped with a request
  // in flight left that request unfinished for tools that wait for the network to go idle
  // (Playwright's networkidle timed out in a loaded test run). The page stops waiting
  // after WARM_MS all the same.
  return new Promise((done) => {
    const end = () => { worker.terminate(); done(); };
    worker.onmessage = end;
    // Not also reported as the page's own error (window.onerror, a page's error monitor).
    worker.onerror = (e) => { e.preventDefault(); end(); };
    compiled.then((module) => {
      setTimeout(done, WARM_MS);
      worker.postMessage({ module, calls });
    }, () => {
      done();
      worker.postMessage({ calls: [] });  // no module: it answers 0, and is stopped then
    });
  });
}
