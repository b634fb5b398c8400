// The kiosk tablet keeps counting without a connection (issue 17). Without this
// script every "+1" is a plain form post, as before; with it, each tap is kept on the
// tablet with its own id and time first, and sent to /kiosk/{token}/tellingen when the
// connection allows. The server keeps every id once, so sending again is always safe.
// Written for old tablet browsers: no modules, no arrow functions, no async.
(function () {
  'use strict';
  var root = document.querySelector('[data-kiosk]');
  if (!root || !window.fetch || !window.localStorage || !window.JSON || !window.crypto || !crypto.getRandomValues) {
    return; // the forms work on their own
  }
  var token = root.getAttribute('data-kiosk');
  var store = 'onshuis-kiosk-' + token;
  var upload = '/kiosk/' + token + '/tellingen';
  var cacheName = 'onshuis-kiosk-v1';
  var status = document.getElementById('kiosk-status');
  var pendingLine = document.getElementById('kiosk-pending');
  var problem = document.getElementById('kiosk-problem');
  var total = root.querySelector('[data-total]');
  var sending = false;
  var revoked = false;

  function word(name, n) {
    var text = root.getAttribute('data-' + name + (n === 1 ? '-one' : '-other')) || root.getAttribute('data-' + name) || '';
    return text.replace('{n}', String(n));
  }
  function queue() {
    try {
      return JSON.parse(localStorage.getItem(store)) || [];
    } catch (e) {
      return [];
    }
  }
  function keep(q) {
    localStorage.setItem(store, JSON.stringify(q));
  }
  function uuid() {
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = '';
    for (var i = 0; i < 16; i++) {
      h += (b[i] + 0x100).toString(16).slice(1);
      if (i === 3 || i === 5 || i === 7 || i === 9) {
        h += '-';
      }
    }
    return h;
  }
  function say(text) {
    status.textContent = text;
  }

  // The numbers on the page are the server's; taps still waiting are added to them.
  function show() {
    var q = queue();
    var waiting = {};
    for (var i = 0; i < q.length; i++) {
      waiting[q[i].session] = (waiting[q[i].session] || 0) + 1;
    }
    var counts = root.querySelectorAll('[data-count]');
    var sum = 0;
    for (var j = 0; j < counts.length; j++) {
      var n = Number(counts[j].getAttribute('data-count')) + (waiting[counts[j].getAttribute('data-session')] || 0);
      counts[j].textContent = String(n);
      sum += n;
    }
    if (total) {
      total.textContent = word('total', sum);
    }
    pendingLine.hidden = q.length === 0;
    pendingLine.textContent = q.length ? word('pending', q.length) : '';
    problem.hidden = !revoked;
    problem.textContent = revoked ? word('revoked', q.length) : '';
  }

  // Sent taps become the server's: they move from waiting into the page's numbers.
  function sent(ids) {
    var done = {};
    for (var i = 0; i < ids.length; i++) {
      done[ids[i]] = true;
    }
    var q = queue();
    var rest = [];
    for (var j = 0; j < q.length; j++) {
      if (done[q[j].id]) {
        var el = root.querySelector('[data-count][data-session="' + q[j].session + '"]');
        if (el) {
          el.setAttribute('data-count', String(Number(el.getAttribute('data-count')) + 1));
        }
      } else {
        rest.push(q[j]);
      }
    }
    keep(rest);
    remember();
  }

  function flush() {
    var q = queue();
    if (sending || revoked || q.length === 0) {
      show();
      return;
    }
    sending = true;
    var batch = q.slice(0, 500);
    var again = false;
    // Flaky Wi-Fi can leave a request hanging: give up after a while and try again.
    var abort = window.AbortController ? new AbortController() : null;
    var timer = abort ? setTimeout(function () { abort.abort(); }, 8000) : 0;
    fetch(upload, {
      method: 'POST', headers: {'Content-Type': 'application/json'}, credentials: 'omit', cache: 'no-store',
      signal: abort ? abort.signal : undefined,
      body: JSON.stringify(batch.map(function (t) { return {id: t.id, at: t.at, session: Number(t.session) || undefined}; }))
    }).then(function (r) {
      if (r.status === 200) {
        return r.json().then(function (a) {
          sent(a.ids || []);
          again = queue().length > 0;
        });
      }
      if (r.status === 403 || r.status === 404) {
        revoked = true;
        return null;
      }
      if (r.status === 422) {
        // Taps the server will never take (too old, or a wrong clock): let them go.
        return r.json().then(function (a) {
          var bad = {};
          (a.refused || []).forEach(function (p) { bad[p.id] = true; });
          keep(queue().filter(function (t) { return !bad[t.id]; }));
          say(word('dropped', (a.refused || []).length));
          again = true;
        });
      }
      return null; // the server is busy or down: try again later
    }).catch(function () {
      // No connection: the taps wait.
    }).then(function () {
      clearTimeout(timer);
      sending = false;
      show();
      if (again) {
        flush();
      }
    });
  }

  // Keep the page and its files for when the tablet is offline and the page reloads.
  function remember() {
    if (!window.caches) {
      return;
    }
    var files = [location.pathname];
    var links = document.querySelectorAll('link[rel="stylesheet"], link[rel="icon"], script[src]');
    for (var i = 0; i < links.length; i++) {
      files.push(links[i].getAttribute('href') || links[i].getAttribute('src'));
    }
    caches.open(cacheName).then(function (c) { return c.addAll(files); }).catch(function () {});
  }

  function tap(e) {
    e.preventDefault();
    var form = e.currentTarget;
    var q = queue();
    q.push({id: uuid(), at: new Date().toISOString(), session: form.elements.session ? form.elements.session.value : '0'});
    keep(q);
    say(root.getAttribute('data-counted'));
    show();
    flush();
  }

  // Undo takes back a tap that is still waiting; otherwise it asks the server.
  function undo(e) {
    e.preventDefault();
    var q = queue();
    if (q.length > 0) {
      q.pop();
      keep(q);
      say(root.getAttribute('data-undone'));
      show();
      return;
    }
    var form = e.currentTarget;
    var body = [];
    for (var i = 0; i < form.elements.length; i++) {
      var f = form.elements[i];
      if (f.name) {
        body.push(encodeURIComponent(f.name) + '=' + encodeURIComponent(f.value));
      }
    }
    fetch(form.action, {method: 'POST', body: body.join('&'), redirect: 'manual', credentials: 'same-origin',
      headers: {'Content-Type': 'application/x-www-form-urlencoded'}})
      .then(function () { location.reload(); })
      .catch(function () { say(root.getAttribute('data-undo-offline')); });
  }

  var forms = root.querySelectorAll('form[data-tap]');
  for (var i = 0; i < forms.length; i++) {
    forms[i].addEventListener('submit', tap);
  }
  var undoForm = root.querySelector('form[data-undo]');
  if (undoForm) {
    undoForm.addEventListener('submit', undo);
  }
  window.addEventListener('online', flush);
  setInterval(flush, 10000);
  if (navigator.serviceWorker) {
    navigator.serviceWorker.register('/kiosk/sw.js', {scope: '/kiosk/'}).catch(function () {});
  }
  remember();
  show();
  flush();
}());
