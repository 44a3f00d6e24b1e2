// Stand-in for Google's gtag.js (served locally; nothing leaves the machine). Like the
// real tag it reads the dataLayer queue that was filled before it loaded, then every
// later push. It records each Consent Mode command, in order, in window.__consentLog
// so the demo panel and the tests can check that the "default" came first.
(function () {
  var log = (window.__consentLog = window.__consentLog || []);
  var timeline = (window.__timeline = window.__timeline || []);
  var dataLayer = (window.dataLayer = window.dataLayer || []);

  function handle(entry) {
    // gtag() pushes its `arguments` object: array-like, not an array.
    if (!entry || typeof entry !== 'object' || typeof entry.length !== 'number') return;
    if (entry[0] !== 'consent') return;
    var params = {};
    for (var k in entry[2] || {}) params[k] = entry[2][k];
    var record = { command: String(entry[1]), params: params };
    log.push(record);
    timeline.push('consent:' + record.command);
    dispatchEvent(new CustomEvent('demo:consent', { detail: record }));
  }

  for (var i = 0; i < dataLayer.length; i++) handle(dataLayer[i]);
  var push = dataLayer.push;
  dataLayer.push = function () {
    var result = push.apply(dataLayer, arguments);
    for (var j = 0; j < arguments.length; j++) handle(arguments[j]);
    return result;
  };
  (window.__always = window.__always || []).push('gtag');
  timeline.push('always:gtag');
})();
