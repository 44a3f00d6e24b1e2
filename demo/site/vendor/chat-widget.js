// Stand-in for a third-party chat widget ("Kettle Chat"): a launcher button, a cookie
// that keeps the chat open across pages and a localStorage history. Gated:
// preferences / chat. Built with DOM methods only (the strict-CSP page forbids HTML
// strings under Trusted Types).
(function () {
  var zh = (document.documentElement.lang || '').toLowerCase().indexOf('zh') === 0;
  var button = document.createElement('button');
  button.type = 'button';
  button.className = 'kettle-chat';
  button.textContent = zh ? '咨询茶艺师' : 'Ask a tea master';
  button.setAttribute('aria-expanded', 'false');
  var box = document.createElement('div');
  box.className = 'kettle-chat-box';
  box.hidden = true;
  box.setAttribute('role', 'region');
  box.setAttribute('aria-label', 'Kettle Chat');
  var p = document.createElement('p');
  p.textContent = zh
    ? 'Kettle Chat（演示替身）：您好！想了解哪款茶？'
    : 'Kettle Chat (a demo stand-in): hello! Which tea would you like to know about?';
  box.appendChild(p);
  button.addEventListener('click', function () {
    box.hidden = !box.hidden;
    button.setAttribute('aria-expanded', String(!box.hidden));
    document.cookie = '_demo_chat_open=' + (box.hidden ? '0' : '1') + '; Path=/; Max-Age=2592000; SameSite=Lax';
  });
  function mount() {
    document.body.appendChild(box);
    document.body.appendChild(button);
  }
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
  document.cookie = '_demo_chat=' + Date.now() + '; Path=/; Max-Age=2592000; SameSite=Lax';
  localStorage.setItem('demo_chat_history', JSON.stringify([{ from: 'bot', text: 'hello' }]));
  (window.__ran = window.__ran || []).push('chat');
  (window.__timeline = window.__timeline || []).push('ran:chat');
  dispatchEvent(new CustomEvent('demo:ran', { detail: 'chat' }));
})();
