/* "Log it" from the mirror: one set of the assigned exercise through the programs log API. The
 * entry goes into the same phone-side queue as the Today page (key data-queue-key, entries
 * {body, queuedAt} with an idempotency key) BEFORE it is sent, so an offline practice is sent later,
 * here or by the Today page's log.js; a retry never duplicates a set. */
(function () {
  "use strict";

  function load(key) { try { return JSON.parse(window.localStorage.getItem(key) || "[]"); } catch (e) { return []; } }
  function save(key, entries) { try { window.localStorage.setItem(key, JSON.stringify(entries)); } catch (e) { /* private mode */ } }
  function say(root, message) { var el = document.getElementById("mirror-log-status"); if (el) { el.textContent = message; el.hidden = !message; } }

  var sending = false;
  function flush(root) {
    var key = root.getAttribute("data-queue-key"), url = root.getAttribute("data-log-url");
    var entries = load(key);
    if (sending || !entries.length) return;
    sending = true;
    var entry = entries[0];
    fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": window.csrfToken(document.getElementById("mirror-log")) },
      body: JSON.stringify(entry.body)
    }).then(function (response) {
      sending = false;
      if (response.ok || (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429)) {
        save(key, load(key).filter(function (e) { return e.body.idempotency_key !== entry.body.idempotency_key; }));
        if (response.ok) { say(root, "Logged. Well done."); var f = document.getElementById("mirror-log"); if (f) f.hidden = true; }
        else response.json().catch(function () { return {}; }).then(function (d) { say(root, (d && d.message) || "That set could not be saved."); });
        flush(root);
      } else {
        say(root, "Saved on this phone; it will be sent when the connection is back.");
      }
    }).catch(function () {
      sending = false;
      say(root, "Saved on this phone; it will be sent when the connection is back.");
    });
  }

  function queue(root, form) {
    var data = new FormData(form);
    var body = {
      idempotency_key: window.crypto.randomUUID ? window.crypto.randomUUID() : String(Date.now()) + Math.random(),
      assignment: data.get("assignment"), exercise: data.get("exercise"), date: data.get("date"), note: data.get("note") || ""
    };
    ["reps", "hold_s"].forEach(function (name) { var v = data.get(name); if (v !== null && v !== "") body[name] = parseInt(v, 10); });
    var key = root.getAttribute("data-queue-key");
    var entries = load(key);
    entries.push({ body: body, queuedAt: new Date().toISOString() });
    save(key, entries);
    form.querySelector("button[type=submit]").disabled = true;
    say(root, "Saving…");
    flush(root);
  }

  window.addEventListener("online", function () { var root = document.getElementById("mirror"); if (root) flush(root); });
  window.MirrorLog = { queue: queue, flush: flush };
})();
