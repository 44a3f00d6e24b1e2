// Stand-in for a video host's player (LeafTube): like the real ones it sets its own
// cookie as soon as the iframe loads, which is why the iframe waits for consent.
(function () {
  document.cookie = '_demo_video=quality-hd; Path=/; Max-Age=15552000; SameSite=Lax';
  try {
    // Same origin in the demo, so the page's recorder is reachable.
    (parent.__ran = parent.__ran || []).push('video');
    (parent.__timeline = parent.__timeline || []).push('ran:video');
    parent.dispatchEvent(new parent.CustomEvent('demo:ran', { detail: 'video' }));
  } catch (e) { /* opened on its own */ }
})();
