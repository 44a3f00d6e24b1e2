// Stand-in for an advertising partner's recommendation script ("Brightleaf"). Nobody
// marks it up: the site's related-teas widget injects it after the page has loaded,
// the way CMS plugins do. Its URL matches the "recommendations" service's `scripts`
// pattern, so CookieGate holds it until marketing is allowed.
(function () {
  var zh = (document.documentElement.lang || '').toLowerCase().indexOf('zh') === 0;
  document.cookie = '_demo_rec=' + Date.now() + '; Path=/; Max-Age=2592000; SameSite=Lax';
  localStorage.setItem('demo_rec_seen', JSON.stringify(['oolong', 'white-peony']));
  var box = document.querySelector('[data-partner-slot]');
  if (box) {
    box.textContent = zh
      ? 'Brightleaf 推荐（广告合作方，演示替身）：喜欢乌龙的人也买了白牡丹。'
      : 'Brightleaf picks (advertising partner, demo stand-in): people who like oolong also bought White Peony.';
    box.classList.remove('partner-held');
  }
  (window.__ran = window.__ran || []).push('recommendations');
  (window.__timeline = window.__timeline || []).push('ran:recommendations');
  dispatchEvent(new CustomEvent('demo:ran', { detail: 'recommendations' }));
})();
