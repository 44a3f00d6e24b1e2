// Stand-in for the functional category's third-party tag: records when it ran.
(window.__ran = window.__ran || {}).functional = performance.now();
