// Waiting on a condition inside a measured page. Playwright's waitForFunction and its
// locators first inject Playwright's own script into the page (about 330 KB): in a
// trace of a bare page, 30-40 ms of the page's main thread in one task, which counted
// as the page's CPU and long task, and which delayed whatever the page had still to do
// (a banner shown after `load`, a tag released late). page.evaluate calls a function as
// it is, without it; so the benchmarks poll with that instead, in every measured visit.

// Runs in the page: `predicate(arg)` now and then every `interval` ms (a timer, so the
// page's frames are not touched) until it is truthy, or `timeout` ms have passed. A
// promise it returns is waited for within what is left of `timeout`, and must settle
// truthy.
const poll = (predicate, arg, timeout, interval) => new Promise((ok, no) => {
  const started = performance.now();
  const late = () => new Error(`not within ${timeout} ms: ${predicate}`);
  const tick = () => {
    let value;
    try { value = predicate(arg); } catch (e) { no(e); return; }
    if (value && typeof value.then === 'function') {
      const timer = setTimeout(() => no(late()), Math.max(0, timeout - (performance.now() - started)));
      Promise.resolve(value).finally(() => clearTimeout(timer))
        .then((v) => (v ? ok(v) : no(new Error(`settled ${v}: ${predicate}`))), no);
    } else if (value) ok(value);
    else if (performance.now() - started >= timeout) no(late());
    else setTimeout(tick, interval);
  };
  tick();
});

/**
 * Resolves with the first truthy value of `predicate(arg)`, evaluated in the page (a
 * function that uses nothing of Node's scope; `arg` JSON; the value must be JSON too,
 * not an element), or rejects after `timeout` ms.
 * @param {import('playwright-core').Page} p
 * @param {(arg: any) => any} predicate
 * @param {any} [arg]
 * @param {{timeout?: number, interval?: number}} [options] ms
 */
export const inPage = (p, predicate, arg = null, { timeout = 15000, interval = 50 } = {}) =>
  p.evaluate(`(${poll})(${predicate}, ${JSON.stringify(arg)}, ${timeout}, ${interval})`);

/**
 * Resolves once the page's main thread is idle: its next frame is done and an idle
 * period has started (or 2 s have passed).
 * @param {import('playwright-core').Page} p
 */
export const settle = (p) => p.evaluate(() => new Promise((ok) =>
  requestAnimationFrame(() => setTimeout(() => requestIdleCallback(ok, { timeout: 2000 }), 0))));
