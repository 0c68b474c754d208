/* studiohealth's service worker (mirror/offline.py): the mirror and the framing coach open and run
 * with the network off once they have been opened online. Two caches, named by a digest of the
 * shell's bytes so a deploy replaces them: the static shell (CSS, JS, the vendored pose model;
 * cache first) and the last copy of the two pages (network first; the copy only when offline).
 * Nothing else is touched: API calls, other pages and every non-GET go to the network as usual. */
"use strict";
var VERSION = "{{ version }}";
var PREFIX = "studiohealth-mirror-";
var SHELL = PREFIX + "shell-" + VERSION;
var PAGES = PREFIX + "pages-" + VERSION;
var PRECACHE = {{ precache|safe }};
var OFFLINE_PAGES = {{ pages|safe }}.map(function (p) { return new RegExp(p); });

self.addEventListener("install", function (event) {
  // cache: "reload" skips the HTTP cache, so the shell is the server's current bytes.
  event.waitUntil(caches.open(SHELL).then(function (cache) {
    return cache.addAll(PRECACHE.map(function (url) { return new Request(url, { cache: "reload" }); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(PREFIX) === 0 && name !== SHELL && name !== PAGES;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function isOfflinePage(url) {
  return OFFLINE_PAGES.some(function (re) { return re.test(url.pathname); });
}

function pageNetworkFirst(request) {
  return caches.open(PAGES).then(function (cache) {
    return fetch(request).then(function (response) {
      // Only a page the server really showed this user is kept; a redirect (logged out) or an
      // error drops the old copy, so a signed-out phone does not keep showing it.
      if (response.ok && !response.redirected && response.type === "basic") cache.put(request, response.clone());
      else cache.delete(request, { ignoreSearch: false });
      return response;
    }, function () {
      return cache.match(request).then(function (hit) {
        return hit || cache.match(request, { ignoreSearch: true });
      }).then(function (hit) {
        return hit || new Response("<!doctype html><title>Offline</title><p>You are offline, and this page has not been opened on this phone before. Open it once with a connection.</p>",
          { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (PRECACHE.indexOf(url.pathname) !== -1) {
    event.respondWith(caches.open(SHELL).then(function (cache) {
      return cache.match(url.pathname).then(function (hit) { return hit || fetch(request); });
    }));
  } else if (request.mode === "navigate" && isOfflinePage(url)) {
    event.respondWith(pageNetworkFirst(request));
  }
});

// A page opened before the worker took over (the first visit) asks to be kept (js/offline.js);
// the reply says the page will open offline.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "keep-page") return;
  var url = new URL(data.url, self.location.origin);
  var port = event.ports[0];
  if (url.origin !== self.location.origin || !isOfflinePage(url)) { port.postMessage({ kept: false }); return; }
  event.waitUntil(caches.open(PAGES).then(function (cache) {
    return cache.match(url.href).then(function (hit) {
      return hit || fetch(url.href, { credentials: "same-origin" }).then(function (response) {
        if (response.ok && !response.redirected) return cache.put(url.href, response);
        throw new Error("not kept: " + response.status);
      });
    });
  }).then(function () { port.postMessage({ kept: true }); }, function () { port.postMessage({ kept: false }); }));
});
