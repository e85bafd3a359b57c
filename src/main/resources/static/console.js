// fullscript-bridge ops console: vanilla JS over the admin API. No data is put into the page as HTML: every value
// goes through textContent. The credentials live only in this tab's sessionStorage.
(function () {
  'use strict';
  const $ = (s) => document.querySelector(s);
  let auth = sessionStorage.getItem('bridgeAuth');
  let tab = 'overview';
  let timer = null;

  async function api(method, path, body) {
    const headers = { 'Authorization': 'Basic ' + auth, 'X-Requested-With': 'XMLHttpRequest', 'Accept': 'application/json' };
    if (method !== 'GET') { headers['X-Bridge-Admin'] = '1'; headers['Content-Type'] = 'application/json'; }
    const r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit' });
    if (r.status === 401) { logout('Log in again: the credentials were refused.'); throw new Error('401'); }
    const text = await r.text();
    const data = text ? JSON.parse(text) : null;
    if (!r.ok) { throw new Error((data && (data.error || data.detail)) || ('HTTP ' + r.status)); }
    return data;
  }

  function status(msg, bad) { const s = $('#status'); s.textContent = msg || ''; s.className = 'status' + (bad ? ' error' : ''); }

  function cell(tr, value, cls) {
    const td = document.createElement('td');
    td.textContent = value === null || value === undefined ? '' : String(value);
    if (cls) { td.className = cls; }
    tr.appendChild(td);
    return td;
  }

  function button(tr, label, cls, onClick) {
    const td = tr.lastElementChild && tr.lastElementChild.dataset.actions ? tr.lastElementChild : document.createElement('td');
    td.dataset.actions = '1';
    const b = document.createElement('button');
    b.type = 'button'; b.textContent = label; b.className = cls; b.addEventListener('click', onClick);
    td.appendChild(b);
    tr.appendChild(td);
    return b;
  }

  function fill(table, rows, render) {
    const tbody = $(table + ' tbody');
    tbody.replaceChildren();
    rows.forEach((row) => { const tr = document.createElement('tr'); render(tr, row); tbody.appendChild(tr); });
    if (!rows.length) { const tr = document.createElement('tr'); const td = cell(tr, 'none', 'muted'); td.colSpan = 20; tbody.appendChild(tr); }
  }

  const time = (t) => (t ? new Date(t).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '');

  async function act(label, fn) {
    try {
      const r = await fn();
      // a replay the bridge refused (e.g. a dead letter whose tenant it cannot establish) says why
      const refused = r && r.refused && r.refused.length
        ? '; refused: ' + r.refused.map((x) => x.messageId + ' ' + x.reason + ' (' + x.detail + ')').join('; ') : '';
      status(label + ' done' + (r && r.affected !== undefined ? ': ' + r.affected + ' affected' : '') + refused, refused !== '');
    }
    catch (e) { status(label + ' failed: ' + e.message, true); }
    refresh();
  }

  // ---- overview ----
  async function overview() {
    const [routes, queues, summary] = await Promise.all([api('GET', '/api/admin/routes'), api('GET', '/api/admin/queues'),
      api('GET', '/api/admin/journal/summary')]);
    if (routes.length) { $('#window').textContent = Math.round(routes[0].windowSeconds) + ' s'; }
    fill('#routes', routes, (tr, r) => {
      tr.dataset.route = r.routeId;
      cell(tr, r.routeId);
      cell(tr, r.status, 'state state-' + r.status);
      cell(tr, r.from, 'muted');
      cell(tr, r.total, 'n total');
      cell(tr, r.failed, 'n failed');
      cell(tr, r.filtered, 'n filtered');
      cell(tr, r.inflight, 'n inflight');
      cell(tr, r.perMinute, 'n rate');
      cell(tr, r.currentErrors, 'n errors' + (r.currentErrors > 0 ? ' hot' : ''));
      if (r.status === 'Started') {
        button(tr, 'stop', 'stop danger', () => { if (confirm('Stop route ' + r.routeId + '?')) { act('stop ' + r.routeId, () => api('POST', '/api/admin/routes/' + encodeURIComponent(r.routeId) + '/stop')); } });
      } else {
        button(tr, 'start', 'start', () => act('start ' + r.routeId, () => api('POST', '/api/admin/routes/' + encodeURIComponent(r.routeId) + '/start')));
      }
    });
    let dead = 0;
    fill('#queues', queues, (tr, q) => {
      tr.dataset.queue = q.queue;
      cell(tr, q.queue);
      cell(tr, q.depth, 'n depth' + (q.deadLetter && q.depth > 0 ? ' hot' : ''));
      cell(tr, q.consumers, 'n');
      cell(tr, q.added, 'n');
      cell(tr, Math.round(q.oldest_age || 0), 'n');
      if (q.deadLetter) { dead += q.depth || 0; }
    });
    $('#dlq-badge').textContent = dead > 0 ? String(dead) : '';
    fill('#journal-summary', Object.entries(summary), (tr, [k, v]) => { tr.dataset.state = k; cell(tr, k, 'state'); cell(tr, v, 'n count'); });
  }

  // ---- dead letters ----
  async function deadLetters() {
    const select = $('#dlq-queue');
    if (!select.options.length) {
      const queues = await api('GET', '/api/admin/dead-letters/queues');
      const any = document.createElement('option'); any.value = ''; any.textContent = 'all DLQ.*'; select.appendChild(any);
      queues.forEach((q) => { const o = document.createElement('option'); o.value = q; o.textContent = q; select.appendChild(o); });
    }
    const params = new URLSearchParams();
    if (select.value) { params.set('queue', select.value); }
    if ($('#dlq-tenant').value) { params.set('tenant', $('#dlq-tenant').value); }
    if ($('#dlq-message-id').value) { params.set('messageId', $('#dlq-message-id').value); }
    const list = await api('GET', '/api/admin/dead-letters?' + params);
    fill('#dead-letters', list, (tr, d) => {
      tr.dataset.messageId = d.messageId || '';
      tr.dataset.brokerId = d.brokerMessageId;
      tr.dataset.queue = d.queue;
      const td = document.createElement('td'); const cb = document.createElement('input'); cb.type = 'checkbox'; cb.className = 'pick'; td.appendChild(cb); tr.appendChild(td);
      cell(tr, d.queue); cell(tr, d.messageId); cell(tr, d.tenant); cell(tr, d.originalQueue);
      cell(tr, d.errorCode, 'error'); cell(tr, d.attempts, 'n'); cell(tr, d.journalState, 'state state-' + d.journalState); cell(tr, d.ageSeconds, 'n');
      button(tr, 'replay', 'replay', () => act('replay ' + d.messageId, () => api('POST', '/api/admin/dead-letters/replay', { queue: d.queue, ids: [d.brokerMessageId] })));
      button(tr, 'discard', 'discard danger', () => { if (confirm('Discard ' + d.messageId + ' for good?')) { act('discard ' + d.messageId, () => api('POST', '/api/admin/dead-letters/discard', { queue: d.queue, ids: [d.brokerMessageId] })); } });
      button(tr, 'body', 'body', async () => {
        const one = await api('GET', '/api/admin/dead-letters?queue=' + encodeURIComponent(d.queue) + '&messageId=' + encodeURIComponent(d.messageId) + '&includeBody=true');
        const pre = $('#dlq-body'); pre.hidden = false; pre.textContent = one.length ? one[0].body : '(gone)';
      });
    });
  }

  function picked() {
    const rows = [...document.querySelectorAll('#dead-letters tbody tr')].filter((tr) => tr.querySelector('.pick:checked'));
    const byQueue = {};
    rows.forEach((tr) => { (byQueue[tr.dataset.queue] = byQueue[tr.dataset.queue] || []).push(Number(tr.dataset.brokerId)); });
    return byQueue;
  }

  async function onSelected(action) {
    const byQueue = picked();
    if (!Object.keys(byQueue).length) { status('select dead letters first', true); return; }
    if (action === 'discard' && !confirm('Discard the selected dead letters for good?')) { return; }
    act(action + ' selected', async () => {
      let affected = 0; const refused = [];
      for (const [queue, ids] of Object.entries(byQueue)) {
        const r = await api('POST', '/api/admin/dead-letters/' + action, { queue, ids });
        affected += r.affected; refused.push(...(r.refused || []));
      }
      return { affected, refused };
    });
  }

  // ---- journal ----
  async function journal() {
    const params = new URLSearchParams();
    const add = (k, sel) => { if ($(sel).value) { params.set(k, $(sel).value); } };
    add('messageId', '#journal-message-id'); add('tenant', '#journal-tenant'); add('ehrPatientId', '#journal-patient'); add('state', '#journal-state');
    if ($('#journal-from').value) { params.set('from', new Date($('#journal-from').value).toISOString()); }
    if ($('#journal-to').value) { params.set('to', new Date($('#journal-to').value).toISOString()); }
    const rows = await api('GET', '/api/admin/journal?' + params);
    fill('#journal', rows, (tr, e) => {
      tr.dataset.messageId = e.messageId; tr.dataset.direction = e.direction;
      cell(tr, time(e.receivedAt)); cell(tr, e.direction); cell(tr, e.tenant); cell(tr, e.messageId); cell(tr, e.correlationId);
      cell(tr, e.routeId, 'muted'); cell(tr, e.messageType); cell(tr, e.state, 'state state-' + e.state); cell(tr, e.matchedBy);
      cell(tr, e.attempts, 'n'); cell(tr, e.replayCount, 'n replays'); cell(tr, e.errorCode, 'error'); cell(tr, time(e.completedAt));
    });
  }

  // ---- reviews ----
  async function reviews() {
    const rows = await api('GET', '/api/admin/reviews');
    $('#review-badge').textContent = rows.length ? String(rows.length) : '';
    fill('#reviews', rows, (tr, r) => {
      cell(tr, r.id); cell(tr, r.tenant); cell(tr, r.clinicId); cell(tr, r.ehrUserId); cell(tr, r.messageId); cell(tr, r.reason);
      const td = document.createElement('td');
      (r.candidateIds || []).filter(Boolean).forEach((c) => {
        const b = document.createElement('button'); b.type = 'button'; b.textContent = 'link ' + c;
        b.addEventListener('click', () => act('resolve ' + r.id, () => api('POST', '/api/admin/reviews/' + r.id + '/resolve', { fullscriptPatientId: c })));
        td.appendChild(b);
      });
      tr.appendChild(td);
      cell(tr, time(r.createdAt));
      button(tr, 'create new', 'resolve-new', () => act('resolve ' + r.id, () => api('POST', '/api/admin/reviews/' + r.id + '/resolve', { createNew: true })));
    });
  }

  // ---- connections ----
  async function connections() {
    const rows = await api('GET', '/api/admin/connections');
    fill('#connections', rows, (tr, c) => {
      cell(tr, c.tenant); cell(tr, c.ehrUserId); cell(tr, c.clinicId); cell(tr, c.resourceOwnerType);
      cell(tr, c.status, 'state state-' + c.status); cell(tr, c.integrationEnabled ? 'on' : 'off', c.integrationEnabled ? '' : 'error');
      cell(tr, time(c.expiresAt));
      const path = '/api/admin/users/' + encodeURIComponent(c.tenant) + '/' + encodeURIComponent(c.ehrUserId) + '/integration';
      button(tr, c.integrationEnabled ? 'switch off' : 'switch on', 'toggle', () => act('integration ' + c.ehrUserId, () => api('PUT', path, { enabled: !c.integrationEnabled })));
      button(tr, 'revoke', 'revoke danger', () => { if (confirm('Revoke this connection of ' + c.ehrUserId + '?')) { act('revoke', () => api('POST', '/api/admin/connections/' + encodeURIComponent(c.id) + '/revoke')); } });
    });
  }

  async function parkedEvents() {
    const rows = await api('GET', '/api/admin/events/parked');
    fill('#parked-events', rows, (tr, p) => {
      tr.dataset.eventId = p.eventId || '';
      cell(tr, p.id); cell(tr, p.eventId); cell(tr, p.eventType); cell(tr, p.clinicId); cell(tr, p.reason, 'error'); cell(tr, time(p.receivedAt));
      button(tr, 'replay', 'replay', () => act('replay event ' + (p.eventId || p.id), () => api('POST', '/api/admin/events/parked/replay', { ids: [p.id] })));
    });
  }

  async function audit() {
    const rows = await api('GET', '/api/admin/audit');
    fill('#audit', rows, (tr, a) => { cell(tr, time(a.at)); cell(tr, a.actor); cell(tr, a.action); cell(tr, a.target); cell(tr, a.selection, 'muted'); cell(tr, a.affected, 'n'); cell(tr, a.outcome, 'muted'); });
  }

  const views = { 'overview': overview, 'dead-letters': deadLetters, 'journal': journal, 'reviews': reviews, 'connections': connections, 'parked-events': parkedEvents, 'audit': audit };

  async function refresh() {
    if (!auth) { return; }
    try {
      await views[tab]();
      if (tab !== 'reviews') { api('GET', '/api/admin/reviews').then((r) => { $('#review-badge').textContent = r.length ? String(r.length) : ''; }).catch(() => {}); }
      $('#last-refresh').textContent = 'updated ' + new Date().toLocaleTimeString();
    } catch (e) {
      if (e.message !== '401') { status('refresh failed: ' + e.message, true); }
    }
  }

  function show(name) {
    tab = views[name] ? name : 'overview';
    document.querySelectorAll('.tab').forEach((s) => { s.hidden = s.id !== 'tab-' + tab; });
    document.querySelectorAll('nav a').forEach((a) => a.classList.toggle('active', a.dataset.tab === tab));
    refresh();
  }

  function schedule() {
    clearInterval(timer);
    // the journal and the dead-letter view keep what the operator typed: only the overview refreshes by itself
    timer = setInterval(() => { if ($('#auto-refresh').checked && tab === 'overview') { refresh(); } }, 5000);
  }

  function enter(user) {
    $('#login-view').hidden = true; $('#console-view').hidden = false;
    $('#whoami').textContent = user || sessionStorage.getItem('bridgeUser') || '';
    show((location.hash || '#overview').slice(1));
    schedule();
  }

  function logout(msg) {
    auth = null; sessionStorage.removeItem('bridgeAuth'); clearInterval(timer);
    $('#console-view').hidden = true; $('#login-view').hidden = false; $('#login-error').textContent = msg || '';
  }

  $('#login-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const user = $('#username').value;
    auth = btoa(unescape(encodeURIComponent(user + ':' + $('#password').value)));
    $('#password').value = '';
    try {
      await api('GET', '/api/admin/routes');
      sessionStorage.setItem('bridgeAuth', auth); sessionStorage.setItem('bridgeUser', user);
      enter(user);
    } catch (e) { if (e.message !== '401') { logout('Login failed: ' + e.message); } }
  });
  $('#logout').addEventListener('click', () => logout(''));
  $('#refresh-now').addEventListener('click', () => refresh());
  window.addEventListener('hashchange', () => show(location.hash.slice(1)));
  $('#dlq-filter').addEventListener('submit', (ev) => { ev.preventDefault(); refresh(); });
  $('#journal-filter').addEventListener('submit', (ev) => { ev.preventDefault(); refresh(); });
  $('#dlq-replay-selected').addEventListener('click', () => onSelected('replay'));
  $('#dlq-discard-selected').addEventListener('click', () => onSelected('discard'));
  $('#dlq-replay-filter').addEventListener('click', () => {
    const queue = $('#dlq-queue').value; const tenant = $('#dlq-tenant').value; const messageId = $('#dlq-message-id').value;
    if (!queue || (!tenant && !messageId)) { status('choose a queue and a tenant or messageId to replay all matching', true); return; }
    if (confirm('Replay every dead letter of ' + queue + ' matching the filter?')) { act('replay matching', () => api('POST', '/api/admin/dead-letters/replay', { queue, tenant, messageId })); }
  });
  $('#dlq-all').addEventListener('change', (ev) => document.querySelectorAll('#dead-letters .pick').forEach((c) => { c.checked = ev.target.checked; }));

  if (auth) { enter(); }
})();
