// The shop's own "related teas" widget (first party, so it runs without consent).
// After the page has loaded it injects the advertising partner's recommendation
// script, as many CMS plugins do. The site did not mark that script up for
// CookieGate; the runtime recognises its URL (a service `scripts` pattern) and holds
// it until marketing is allowed. Not used on the strict-CSP page: under
// `trusted-types 'none'` no script may set a script URL from a string, so a real
// plugin like this could not work there either.
(function () {
  var PARTNER = '/vendor/ad-recommendations.js';
  function inject() {
    var s = document.createElement('script');
    s.src = PARTNER;
    s.async = true;
    document.head.appendChild(s);
    (window.__injected = window.__injected || []).push(PARTNER);
    (window.__timeline = window.__timeline || []).push('injected:recommendations');
    dispatchEvent(new CustomEvent('demo:injected', { detail: PARTNER }));
  }
  (window.__always = window.__always || []).push('related-teas');
  if (document.readyState === 'complete') inject();
  else addEventListener('load', inject, { once: true });
})();
