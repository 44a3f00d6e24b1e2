// Stand-in for the marketing category's third-party tag: records when it ran.
(window.__ran = window.__ran || {}).marketing = performance.now();
