// Stand-in for the analytics category's third-party tag: records when it ran.
(window.__ran = window.__ran || {}).analytics = performance.now();
