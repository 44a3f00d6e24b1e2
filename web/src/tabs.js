// Other tabs of the site learn about a change at once through a BroadcastChannel;
// where that is missing (or the message was missed while frozen), re-reading the
// cookie when the tab regains focus catches up.

export function watchTabs(onRemote) {
  let channel = null;
  try {
    channel = new BroadcastChannel('cookiegate');
    channel.onmessage = () => onRemote(true);
  } catch (e) { /* no BroadcastChannel: focus fallback only */ }
  const check = () => { if (document.visibilityState !== 'hidden') onRemote(false); };
  addEventListener('focus', check);
  document.addEventListener('visibilitychange', check);
  return {
    notify() { try { channel?.postMessage('change'); } catch (e) { /* closed */ } },
  };
}
