window.__ran.push('stats');
