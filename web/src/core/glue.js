// The emscripten glue (cookiegate-core.js, next to the entry), imported when the core
// starts rather than with the entry: the banner can show before it arrives, and it
// downloads alongside the .wasm. A plain relative import() is what bundlers such as
// Vite split into a chunk of its own.
//
// Its factory (evaluating the glue, instantiating the module; the first calls then
// compile the core's functions) is tens of ms of main-thread work that no paint needs:
// it runs after the page's next two frames — the banner, inserted just before, is
// painted at its first and visible at its second (it fades in from opacity 0) — not
// between them. Meanwhile the glue downloads and the .wasm compiles off the main
// thread. A hidden page paints no frames, so it does not wait; nor longer than 100 ms.
const frames = () => new Promise((ok) => {
  if (typeof requestAnimationFrame != 'function' || document.hidden) return ok();
  const t = setTimeout(ok, 100);
  requestAnimationFrame(() => requestAnimationFrame(() => { clearTimeout(t); setTimeout(ok); }));
});

export default (moduleArg) => {
  const glue = import('./cookiegate-core.js');
  return frames().then(() => glue).then((g) => g.default(moduleArg));
};
