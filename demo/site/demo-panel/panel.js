// The demo panel: not part of the fictional website. It shows live what CookieGate
// decided, which stand-in scripts ran, the cookies and storage present, the Consent
// Mode commands in order, the stored record as the core decoded it and this visitor's
// receipts in the server's consent log (with the texts each was shown), and lets you
// switch demo configs. It only reads: every decision comes from CookieGate's API and
// events (the consent cookie's value is shown raw, never parsed here).
//
// Loaded as a classic script in <head>, right after CookieGate, so its listeners are
// in place before the core's first evaluation; it draws once the body exists. DOM
// methods only (the strict-CSP page allows no HTML strings).
(function () {
  var CONFIGS = [
    ['base', 'Base policy 1.0.0'],
    ['minor-update', 'Minor update: policy 1.1.0 (a notice, choices kept)'],
    ['major-update', 'Major update: policy 2.0.0 (everything asked again)'],
    ['category-revision', 'Category revision: analytics changed (only it is asked again)'],
    ['upcoming-change', 'Upcoming change: 2.0.0 announced for a future date'],
    ['regional', 'Regional: EU opt-in, US opt-out, China PIPL, Japan notice'],
  ];
  // The visitor's region as a CDN's geo header would name it (the server writes it into
  // the script tag's data-region); only the regional config reads it.
  var REGIONS = [
    ['', 'No geo header (unknown: opt-in)'],
    ['DE', 'DE — Germany (EEA: opt-in)'],
    ['US-CA', 'US-CA — California (opt-out, GPC binding)'],
    ['US-NY', 'US-NY — New York (US: opt-out)'],
    ['CN', 'CN — China (PIPL: separate consent)'],
    ['JP', 'JP — Japan (notice)'],
    ['BR', 'BR — Brazil (*: opt-in)'],
  ];
  // The gated stand-ins: [id, category, service, how it is gated].
  var STAND_INS = [
    ['analytics', 'analytics', 'tally', 'script tag, text/plain'],
    ['pixel', 'marketing', 'pixel', 'script tag, text/plain'],
    ['chat', 'preferences', 'chat', 'script tag, text/plain'],
    ['video', 'preferences', 'video', 'iframe, click-to-load'],
    ['recommendations', 'marketing', 'recommendations', 'injected by another script'],
  ];
  var lastState = null;  // the full state of the last cookiegate:state event
  var receipts = null;   // GET /demo-log/mine: this visitor's consent log history
  var fetching = false;
  var events = [];
  var root = null;
  var scheduled = false;

  function h(tag, attrs) {
    var el = document.createElement(tag);
    for (var k in attrs || {}) {
      if (attrs[k] == null || attrs[k] === false) continue;
      if (k === 'text') el.textContent = attrs[k];
      else if (typeof attrs[k] === 'function') el.addEventListener(k, attrs[k]);
      else el.setAttribute(k, attrs[k] === true ? '' : attrs[k]);
    }
    for (var i = 2; i < arguments.length; i++) {
      var kid = arguments[i];
      if (kid == null) continue;
      if (Array.isArray(kid)) kid.forEach(function (x) { if (x != null) el.appendChild(x); });
      else el.appendChild(typeof kid === 'string' ? document.createTextNode(kid) : kid);
    }
    return el;
  }
  function section(name, title) {
    var body = h('div', { 'data-panel': name });
    return { el: h('section', { class: 'dp-section' }, h('h3', { text: title }), body), body: body };
  }
  var yes = function (v) { return h('span', { class: v ? 'dp-yes' : 'dp-no', text: v ? 'yes' : 'no' }); };
  var time = function (s) { return typeof s === 'number' ? new Date(s * 1000).toISOString().replace('.000', '') : '—'; };

  function currentConfig() {
    var el = document.getElementById('cookiegate-config');
    return (el && el.getAttribute('data-demo-config')) || 'base';
  }

  function currentRegion() {
    var tag = document.querySelector('script[src$="/cookiegate.js"]');
    return (tag && tag.getAttribute('data-region')) || '';
  }

  function lang() {
    return (document.documentElement.lang || 'en').toLowerCase().indexOf('zh') === 0 ? 'zh' : 'en';
  }

  function cookies() {
    return document.cookie.split(';').map(function (c) { return c.trim(); }).filter(Boolean);
  }
  function storageKeys(kind) {
    var out = [];
    try {
      var s = window[kind];
      for (var i = 0; i < s.length; i++) out.push(s.key(i));
    } catch (e) { /* storage disabled */ }
    return out.sort();
  }

  // Forget this visitor: every cookie and storage key the page can see (the config
  // choice excepted), so the next load is a first visit again.
  function resetVisitor() {
    cookies().forEach(function (c) {
      var name = c.split('=')[0];
      if (name !== 'cgdemo_config' && name !== 'cgdemo_region') document.cookie = name + '=; Path=/; Max-Age=0';
    });
    try { localStorage.clear(); sessionStorage.clear(); } catch (e) { /* disabled */ }
    location.assign(location.pathname);
  }

  function build() {
    var select = h('select', { id: 'dp-config', 'aria-label': 'Demo config' },
      CONFIGS.map(function (c) {
        return h('option', { value: c[0], selected: c[0] === currentConfig() }, c[1]);
      }));
    var region = h('select', { id: 'dp-region', 'aria-label': 'Visitor region' },
      REGIONS.map(function (r) {
        return h('option', { value: r[0], selected: r[0] === currentRegion() }, r[1]);
      }));
    var controls = h('div', { class: 'dp-controls' },
      h('label', { for: 'dp-config', text: 'Policy config' }), select,
      h('label', { for: 'dp-region', text: 'Visitor region (stands in for the CDN\'s geo header)' }), region,
      h('div', { class: 'dp-buttons' },
        h('button', { type: 'button', 'data-panel-action': 'apply-config', click: function () {
          location.assign(location.pathname + '?config=' + encodeURIComponent(select.value));
        } }, 'Load this config'),
        h('button', { type: 'button', 'data-panel-action': 'apply-region', click: function () {
          location.assign(location.pathname + '?config=regional&region=' + encodeURIComponent(region.value));
        } }, 'Visit from this region'),
        h('button', { type: 'button', 'data-panel-action': 'reset', click: resetVisitor },
          'Forget me (clear cookies and storage)'),
        h('button', { type: 'button', 'data-cookiegate-open': true }, 'Open cookie settings')),
      h('p', { class: 'dp-note' },
        h('a', { href: '/configs/' + currentConfig() + '.json', target: '_blank' }, 'View this config'),
        ' · ',
        h('a', { href: '/' + lang() + '/strict.html' }, 'Strict-CSP page'),
        ' · ',
        h('a', { href: '/' + (lang() === 'zh' ? 'en' : 'zh') + '/' }, lang() === 'zh' ? 'English site' : 'Chinese site')));
    var parts = {
      decision: section('decision', 'What CookieGate decided'),
      standins: section('stand-ins', 'Stand-in scripts'),
      cookies: section('cookies', 'Cookies and storage'),
      consent: section('consent-mode', 'Consent Mode commands (in order)'),
      record: section('record', 'Stored record, decoded by the core'),
      receipts: section('receipts', 'Consent log on the server (this visitor)'),
      events: section('events', 'cookiegate:* events'),
    };
    root.replaceChildren.apply(root, [
      h('header', { class: 'dp-head' },
        h('h2', { text: 'CookieGate demo panel' }),
        h('p', { class: 'dp-sub', text: 'Not part of the website: a live look at what the consent runtime does. ' +
          '演示面板，不属于网站本身。' })),
      controls,
    ].concat(Object.keys(parts).map(function (k) { return parts[k].el; })));
    root.__parts = parts;
    render();
  }

  function render() {
    scheduled = false;
    if (!root || !root.__parts) return;
    var p = root.__parts;
    var cg = window.CookieGate;
    var got = cg && cg.get ? cg.get() : null;

    // Decision: the API's summary plus, per category, what the core asked for.
    var rows = [];
    var full = lastState && Array.isArray(lastState.categories) ? lastState.categories : [];
    var cats = got && got.categories ? Object.keys(got.categories) : full.map(function (c) { return c.id; });
    cats.forEach(function (id) {
      var st = full.filter(function (c) { return c.id === id; })[0] || {};
      rows.push(h('tr', { 'data-category': id },
        h('th', { scope: 'row', text: id }), h('td', {}, yes(got ? got.categories[id] : st.allowed)),
        h('td', { text: st.required ? 'required' : st.ask ? 'ask' : st.changed ? 'changed' : '' })));
      (st.services || []).forEach(function (s) {
        rows.push(h('tr', { 'data-service': s.id, class: 'dp-service' },
          h('th', { scope: 'row', text: '↳ ' + s.id }),
          h('td', {}, yes(got && got.services ? got.services[s.id] : s.allowed)), h('td')));
      });
    });
    var facts = got
      ? [['ready', String(got.ready)], ['failed', String(got.failed)], ['prompt', got.prompt],
        ['reason', got.reason], ['policy in force', got.policyVersion],
        ['notice', got.notice ? got.notice.kind + ' ' + (got.notice.version || '') +
          (got.notice.effective ? ' on ' + got.notice.effective : '') : '—'],
        ['consented policy', got.consentedPolicy || '—'], ['method', got.method || '—'],
        ['consent id', got.consentId || '—'], ['updated', time(got.updated)],
        ['expires', time(got.expiresAt)], ['banner language', got.language], ['config', currentConfig()],
        ['region', got.regional ? (got.regional.region || 'unknown') + ' → profile ' + got.regional.profile +
          ' (' + got.regional.model + ')' : currentRegion() || '—']]
      : [['status', cg ? 'starting…' : 'CookieGate did not load (see the console)']];
    p.decision.body.replaceChildren(
      h('dl', { class: 'dp-facts' }, facts.map(function (f) {
        return h('div', { 'data-fact': f[0] }, h('dt', { text: f[0] }), h('dd', { text: String(f[1]) }));
      })),
      h('table', { class: 'dp-table' },
        h('thead', {}, h('tr', {}, h('th', { text: 'category / service' }), h('th', { text: 'allowed' }), h('th', { text: 'state' }))),
        h('tbody', {}, rows)));

    var ran = window.__ran || [];
    var injected = window.__injected || [];
    p.standins.body.replaceChildren(
      h('table', { class: 'dp-table' },
        h('thead', {}, h('tr', {}, h('th', { text: 'stand-in' }), h('th', { text: 'gated by' }), h('th', { text: 'ran' }))),
        h('tbody', {}, STAND_INS.map(function (s) {
          var note = s[0] === 'recommendations' && injected.length && ran.indexOf(s[0]) < 0 ? ' (injected, held)' : '';
          return h('tr', { 'data-stand-in': s[0] },
            h('th', { scope: 'row', text: s[0] }),
            h('td', { text: s[1] + ' / ' + s[2] + ' — ' + s[3] }),
            h('td', {}, yes(ran.indexOf(s[0]) >= 0), note));
        }))),
      h('p', { class: 'dp-note', text: 'Always run (no consent needed): ' + ((window.__always || []).join(', ') || 'none') }));

    var jar = cookies();
    p.cookies.body.replaceChildren(
      h('ul', { class: 'dp-list' }, jar.length ? jar.map(function (c) {
        return h('li', { text: c.length > 90 ? c.slice(0, 87) + '…' : c });
      }) : h('li', { text: 'no cookies' })),
      h('p', { text: 'localStorage: ' + (storageKeys('localStorage').join(', ') || 'empty') }),
      h('p', { text: 'sessionStorage: ' + (storageKeys('sessionStorage').join(', ') || 'empty') }));

    var log = window.__consentLog || [];
    p.consent.body.replaceChildren(h('ol', { class: 'dp-list' }, log.length ? log.map(function (e) {
      var granted = Object.keys(e.params).filter(function (k) { return e.params[k] === 'granted'; });
      return h('li', { 'data-command': e.command },
        h('strong', { text: e.command }), ' ',
        granted.length ? 'granted: ' + granted.join(', ') : 'all denied',
        e.params.wait_for_update != null ? ' (wait_for_update ' + e.params.wait_for_update + ' ms)' : '');
    }) : h('li', { text: 'none yet' })));

    var record = lastState ? lastState.record : null;
    // Focusable, so keyboard users can scroll a long record.
    p.record.body.replaceChildren(h('pre', { class: 'dp-pre', tabindex: '0', 'aria-label': 'Stored record', text: record ? JSON.stringify(record, null, 2)
      : lastState ? 'no valid record' + (lastState.recordError ? ' (' + lastState.recordError.name + ')' : '') : '—' }));

    var entries = receipts && receipts.entries ? receipts.entries.slice().reverse() : [];
    p.receipts.body.replaceChildren(
      h('p', { class: 'dp-note', text: 'Receipts the banner sent to /consent-log, as the server\'s core decoded them ' +
        '(demo/server.mjs, SQLite), newest first, with the texts shown.' }),
      h('ol', { class: 'dp-list', reversed: true }, entries.length ? entries.map(function (e) {
        // An erased entry keeps its place in the chain with nothing of the visitor's:
        // no shown, record or texts (null).
        if (!e.shown || !e.record) {
          return h('li', { 'data-receipt': String(e.seq), 'data-event': e.event, 'data-erased': e.erased },
            h('strong', { text: e.erased ? 'erased' : (e.event || e.kind || 'entry') }), ' ' + String(e.at || '').replace('.000', '') +
            (e.erased ? ' — its content removed' + (e.erasedBy ? ' by entry #' + e.erasedBy : '') + ' (GDPR Art. 17)' : ''));
        }
        var r = e.record;
        var t = e.texts || { texts: {}, categories: [] };
        // The layer the visitor acted on, with its own texts (the server's shownTexts).
        var l = t.layer || { choices: [] };
        var rc = l.service && l.service.recipient;
        var decided = (r.categories || []).map(function (c) {
          var shown = t.categories.filter(function (x) { return x.id === c.id; })[0];
          return (shown ? shown.title : c.id) + (c.granted ? ' ✓' : ' ✗');
        }).join(', ');
        return h('li', { 'data-receipt': String(e.seq), 'data-event': e.event, 'data-source': r.source, 'data-layer': e.shown.layer },
          h('strong', { text: e.event }), ' ' + e.at.replace('.000', '') + ' — ' + r.method + ' via ' + r.source +
          ' (' + e.shown.prompt + ' ' + e.shown.layer + ', ' + e.shown.language + ')',
          h('br'), 'shown: ' + (l.title || l.text ? '“' + (l.title || l.text) + '” ' : 'no layer (the API) ') +
          l.choices.map(function (c) { return '[' + c + ']'; }).join(' ') + (l.inferred ? ' (inferred: the receipt named no layer)' : '') +
          ', policy ' + ((t.policy || {}).version || ''),
          rc ? [h('br'), h('span', { text: 'recipient: ' + [rc.name, rc.contact, rc.country].join(', ') + '; purpose: ' + rc.purpose + '; data: ' + rc.data })] : null,
          h('br'), decided);
      }) : h('li', { text: 'no receipts yet' })));

    p.events.body.replaceChildren(h('ol', { class: 'dp-list' }, events.length ? events.slice(-12).map(function (e) {
      return h('li', { text: e });
    }) : h('li', { text: 'none yet' })));
  }

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    setTimeout(render, 0);
  }

  // The receipt is posted after the decision is stored, so the log may not have it
  // yet: ask again (a few times) until its last entry is the record the page holds.
  function loadReceipts(tries) {
    if (fetching) return;
    fetching = true;
    fetch('/demo-log/mine', { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (body) {
      fetching = false;
      receipts = body;
      schedule();
      var rec = lastState && lastState.record;
      // The newest entry with a record (an erased one has none).
      var withRecord = (body.entries || []).filter(function (x) { return x.record; });
      var last = withRecord.length ? withRecord[withRecord.length - 1].record : null;
      var current = !rec || (last && last.updated === rec.updated && last.acknowledged === rec.acknowledged &&
        last.method === rec.method && last.source === rec.source);
      if (!current && tries > 0) setTimeout(function () { loadReceipts(tries - 1); }, 300);
    }, function () { fetching = false; });
  }

  addEventListener('cookiegate:state', function (e) {
    lastState = e.detail;
    schedule();
    if (!e.detail.pending) loadReceipts(10);
  });
  ['ready', 'consent', 'change', 'notice', 'error'].forEach(function (name) {
    addEventListener('cookiegate:' + name, function (e) {
      var d = e.detail;
      events.push(name + (name === 'error' && d ? ': ' + (d.message || d.name) : ''));
      schedule();
    });
  });
  ['demo:ran', 'demo:consent', 'demo:injected'].forEach(function (n) { addEventListener(n, schedule); });

  function start() {
    root = document.getElementById('demo-panel');
    if (root) build();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
