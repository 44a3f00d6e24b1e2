// The in-page probe of the page benchmarks (tests/perf/page_bench.mjs, floors.mjs): run
// before any page script with Playwright's addInitScript(probe, where), it records in
// window.__bench the first contentful paint, the page's own and the banner's largest
// contentful paint, long tasks, layout shifts and when the banner became visible
// (page_bench.mjs's header defines each). `where`: the contender's banner and UI
// selectors, or null for the baseline. Passive (where.passive on traced visits, or
// window.__benchPassive set by a later init script on returning visits): no observer and
// no frame loop, whose own work would count as the contender's; the bench calls
// __benchCheck itself, rarely, instead.
export function probe(where) {
  const b = { visible: null, longTasks: [], longTaskStarts: [], cls: 0, fcp: null, lcp: null, lcpBanner: null };
  window.__bench = b;
  const inUi = (el) => {
    for (let n = el; n && where; n = n.parentNode || n.host) {
      if (n.nodeType === 1 && n.matches(where.ui)) return true;
    }
    return false;
  };
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) if (e.name === 'first-contentful-paint') b.fcp = e.startTime;
  }).observe({ type: 'paint', buffered: true });
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) {
      if (e.element && inUi(e.element)) b.lcpBanner = e.startTime; else b.lcp = e.startTime;
    }
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) { b.longTasks.push(e.duration); b.longTaskStarts.push(e.startTime); } })
    .observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) if (!e.hadRecentInput) b.cls += e.value;
  }).observe({ type: 'layout-shift', buffered: true });
  if (!where) return;
  const passive = () => where.passive || window.__benchPassive === true;
  const observed = new WeakSet();
  const banner = () => {
    if (!where.host) return document.querySelector(where.root);
    for (const h of document.querySelectorAll(where.host)) {
      if (!h.shadowRoot) continue;
      if (!passive() && !observed.has(h.shadowRoot)) {
        observed.add(h.shadowRoot);
        mo.observe(h.shadowRoot, { subtree: true, childList: true, attributes: true });
      }
      const el = h.shadowRoot.querySelector(where.root);
      if (el) return el;
    }
    return null;
  };
  const check = () => {
    if (b.visible !== null) return;
    const now = performance.now();
    const el = banner();
    if (el && el.isConnected && el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) { b.visible = now; mo.disconnect(); }
    }
  };
  const mo = new MutationObserver(() => (passive() ? mo.disconnect() : check()));
  window.__benchCheck = check;
  if (where.passive) return;
  mo.observe(document, { subtree: true, childList: true, attributes: true });
  // Until the banner shows: some show it without any DOM mutation (a popover opening,
  // an animation or transition starting), which only a frame loop sees.
  const frame = () => {
    if (passive()) { mo.disconnect(); return; }
    check();
    if (b.visible === null) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}
