// Stand-in for an advertising pixel ("Brightleaf Ads"): drops its click-id cookies and
// queues a conversion in sessionStorage. A real pixel would also request an image
// from its own server; this one stays on the machine. Gated: marketing / pixel.
(function () {
  var ninety = 60 * 60 * 24 * 90;
  document.cookie = '_demo_px=fb.1.' + Date.now() + '; Path=/; Max-Age=' + ninety + '; SameSite=Lax';
  document.cookie = '_demo_px_seen=1; Path=/; Max-Age=' + ninety + '; SameSite=Lax';
  sessionStorage.setItem('demo_px_queue', JSON.stringify([{ event: 'PageView', at: Date.now() }]));
  (window.__ran = window.__ran || []).push('pixel');
  (window.__timeline = window.__timeline || []).push('ran:pixel');
  dispatchEvent(new CustomEvent('demo:ran', { detail: 'pixel' }));
})();
