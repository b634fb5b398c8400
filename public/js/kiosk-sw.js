// The kiosk's service worker (issue 17), served as /kiosk/sw.js for the scope /kiosk/:
// when the tablet is offline and the kiosk page is loaded again, it comes from the
// cache (kept by kiosk.js and by every page load here), with its stylesheet and
// script. Online, the network always answers first, so a revoked link shows as such.
var cacheName = 'onshuis-kiosk-v1';

self.addEventListener('install', function () {
  self.skipWaiting();
});

self.addEventListener('activate', function (e) {
  e.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', function (e) {
  var req = e.request;
  if (req.method !== 'GET') {
    return;
  }
  var url = new URL(req.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (req.mode === 'navigate' && /^\/kiosk\/[a-z0-9]+$/.test(url.pathname)) {
    e.respondWith(fetch(req).then(function (res) {
      if (res.ok) {
        var copy = res.clone();
        caches.open(cacheName).then(function (c) { return c.put(url.pathname, copy); });
      }
      return res;
    }).catch(function () {
      return caches.match(url.pathname).then(function (hit) { return hit || Response.error(); });
    }));
    return;
  }
  if (url.pathname.indexOf('/static/') === 0) {
    e.respondWith(caches.match(req).then(function (hit) {
      return hit || fetch(req);
    }));
  }
});
