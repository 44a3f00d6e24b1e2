// Stand-in for an analytics tag ("Tally Analytics"): sets a visitor cookie, a session
// cookie and a localStorage key, like the real ones do. Gated: analytics / tally.
(function () {
  var year = 60 * 60 * 24 * 395;
  var id = localStorage.getItem('demo_analytics_id') ||
    'TA1.' + Math.floor(Math.random() * 1e9) + '.' + Math.floor(Date.now() / 1000);
  document.cookie = '_demo_ga=' + id + '; Path=/; Max-Age=' + year + '; SameSite=Lax';
  document.cookie = '_demo_ga_session=' + Date.now() + '; Path=/; Max-Age=1800; SameSite=Lax';
  localStorage.setItem('demo_analytics_id', id);
  localStorage.setItem('demo_analytics_pages',
    String(Number(localStorage.getItem('demo_analytics_pages') || 0) + 1));
  if (typeof window.gtag === 'function') window.gtag('event', 'page_view', { page_path: location.pathname });
  (window.__ran = window.__ran || []).push('analytics');
  (window.__timeline = window.__timeline || []).push('ran:analytics');
  dispatchEvent(new CustomEvent('demo:ran', { detail: 'analytics' }));
})();
