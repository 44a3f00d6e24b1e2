// The core's functions compiled off the main thread before the page first calls them.
// V8 compiles a WebAssembly module's functions at their first call, and a module posted
// to another thread shares the code compiled so far: a Web Worker
// (./warm-worker.js, cookiegate-warm.js in web/dist) instantiates the page's compiled
// module and makes the runtime's first calls with the runtime's own inputs. It answers
// with every crossing it made (the function, the arguments as they crossed, the core's
// answer): the page's start takes those answers as its own calls' (./bridge.js, only
// for the same inputs) and makes its own instance only at its first other call, whose
// code the worker's calls have partly compiled already. In interleaved runs of the
// benchmark page, the compiling alone took 7 to 15 ms of main-thread work off
// (tests/perf/FINDINGS.md).
//
// Only the script-tag bundle warms (web/build.mjs; a bundler would copy the glue and the
// bridge into a worker bundle of its own, downloaded twice). Nothing depends on it: when
// no worker can be made or it fails, the page compiles the functions itself, as before.

// How long the core's start waits for the worker once the module is compiled (ms); the
// page then instantiates and calls as if there were no worker.
const WARM_MS = 250;

/**
 * Starts a worker at once (its script and imports load while the .wasm compiles) and
 * posts it the module when `compiled` has it. Settles when the worker has answered
 * (with its crossings, [name, args, answer text][]), failed or taken WARM_MS after the
 * module (with nothing; never rejects); undefined when no worker is tried. Throws when
 * the browser refuses one at once (a cross-origin script's URL, Trusted Types).
 * @param {Promise<WebAssembly.Module>} compiled the core, being compiled
 * @param {[string, unknown[]][]} calls the bridge's method names and their arguments
 * @returns {Promise<[string, unknown[], string][]|undefined>|undefined}
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
  return new Promise(/** @param {(crossings?: [string, unknown[], string][]) => void} done */ (done) => {
    const end = (crossings) => { worker.terminate(); done(crossings); };
    worker.onmessage = (e) => end(e.data && e.data.crossings);
    // Not also reported as the page's own error (window.onerror, a page's error monitor).
    worker.onerror = (e) => { e.preventDefault(); end(); };
    compiled.then((module) => {
      setTimeout(() => done(), WARM_MS);
      worker.postMessage({ module, calls });
    }, () => {
      done();
      worker.postMessage({ calls: [] });  // no module: it answers 0, and is stopped then
    });
  });
}
