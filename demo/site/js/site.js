// Lantern Hill Tea's own script (first party, no cookies): the video's click-to-load
// placeholder. DOM methods only, so it also runs under the strict-CSP page's Trusted
// Types policy.
(function () {
  // The iframe gets its src from CookieGate once the visitor allows the service;
  // until then the placeholder explains what loading it means.
  function watchVideo(figure) {
    var frame = figure.querySelector('iframe');
    if (!frame) return;
    // CookieGate activates a frame by putting a fresh iframe in its place, so watch
    // the figure, not the original element.
    function check() {
      var current = figure.querySelector('iframe');
      if (current && current.getAttribute('src')) figure.classList.add('is-loaded');
    }
    new MutationObserver(check).observe(figure, {
      subtree: true, childList: true, attributes: true, attributeFilter: ['src'],
    });
    check();
    var button = figure.querySelector('[data-load-video]');
    if (!button) return;
    button.addEventListener('click', function () {
      var cg = window.CookieGate;
      if (!cg) return;
      var category = frame.getAttribute('data-category');
      var service = frame.getAttribute('data-service');
      button.disabled = true;
      // Only this service (and its category) is switched on, on top of what the
      // visitor chose; categories not chosen yet stay to be asked in the banner.
      Promise.resolve(cg.allow(category, service)).then(
        function () { button.disabled = false; },
        function () { button.disabled = false; });
    });
  }
  function start() {
    var figures = document.querySelectorAll('[data-video]');
    for (var i = 0; i < figures.length; i++) watchVideo(figures[i]);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
