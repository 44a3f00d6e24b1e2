window.__ran.push('ads');
