window.__ran.push({ id: 'ads', consent: (window.dataLayer || []).filter(function (a) { return a[0] === 'consent'; }).map(function (a) { return a[1] + ':' + a[2].analytics_storage + '/' + a[2].ad_storage; }) });
document.cookie = '_ads=1; path=/';
localStorage.setItem('ads_key', '1');
