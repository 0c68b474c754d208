/* Offline use of the mirror and the framing coach (mirror/offline.py, frontend_templates/mirror/sw.js).
 * On those pages (data-offline="keep"): register the service worker and make sure this page itself
 * is kept, then say it will open offline. On the login page (data-offline="forget"): delete the kept
 * pages, so the next person to sign in on this phone never sees them. The log queue in localStorage
 * is left alone: unsent sets are never lost. window.offlineReady resolves to true once kept. */
(function () {
  "use strict";
  var script = document.currentScript;
  var mode = script ? script.getAttribute("data-offline") : null;
  var supported = "serviceWorker" in navigator && "caches" in window;
  if (!supported) { window.offlineReady = Promise.resolve(false); return; }
  if (mode === "forget") {
    window.offlineReady = caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n.indexOf("studiohealth-mirror-pages-") === 0; })
        .map(function (n) { return caches.delete(n); }));
    }).then(function () { return false; });
    return;
  }
  function keep(worker) {
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) { resolve(Boolean(event.data && event.data.kept)); };
      worker.postMessage({ type: "keep-page", url: location.href }, [channel.port2]);
    });
  }
  window.offlineReady = navigator.serviceWorker.register(script.getAttribute("data-worker"), { scope: script.getAttribute("data-scope") })
    .then(function () { return navigator.serviceWorker.ready; })
    .then(function (registration) { return keep(registration.active); })
    .then(function (kept) {
      var note = document.getElementById("offline-status");
      if (note && kept) { note.textContent = "Ready to open on this phone without a connection."; note.hidden = false; }
      return kept;
    }, function () { return false; });
})();
