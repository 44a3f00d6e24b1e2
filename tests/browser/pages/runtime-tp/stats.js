window.__ran.push({ id: 'stats', consent: (window.dataLayer || []).filter(function (a) { return a[0] === 'consent'; }).map(function (a) { return a[1] + ':' + a[2].analytics_storage + '/' + a[2].ad_storage; }) });
document.cookie = '_stats_id=1; path=/';
document.cookie = '_stats_deep=1; path=/site';
localStorage.setItem('stats_local', '1');
sessionStorage.setItem('stats_session', '1');
localStorage.setItem('unrelated', 'keep');
