window.__ran.push({ id: 'stream-external-after' });
