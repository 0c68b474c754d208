/* Offline-tolerant set logging for the programs "today" panel.
 *
 * Each tap becomes an entry with its own idempotency key, stored in localStorage BEFORE it is sent.
 * A failed post (offline, timeout, 5xx) keeps the entry and retries with back-off and whenever the
 * browser comes back online or the page is opened again; the server answers a repeated key with the
 * first row, so retries never duplicate a set. A 401/403 means the session expired (or the login
 * changed): every entry is KEPT, the dancer is asked to log in again, and the queue is sent when the
 * page opens after the login. Any other 4xx answer (e.g. a date outside the program) cannot succeed
 * later: that entry is dropped and the dancer is told.
 */
(function () {
  "use strict";

  var MAX_DELAY_MS = 60000;
  var LOGIN_PATH = "/login/";

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function Queue(panel) {
    this.panel = panel;
    this.url = panel.getAttribute("data-log-url");
    this.storageKey = panel.getAttribute("data-queue-key");
    this.status = panel.querySelector(".sync-status");
    this.delay = 2000;
    this.timer = null;
    this.sending = false;
  }

  Queue.prototype.load = function () {
    try { return JSON.parse(window.localStorage.getItem(this.storageKey) || "[]"); } catch (e) { return []; }
  };

  Queue.prototype.save = function (entries) {
    try { window.localStorage.setItem(this.storageKey, JSON.stringify(entries)); } catch (e) { /* private mode: best effort */ }
  };

  Queue.prototype.add = function (entry) {
    var entries = this.load();
    entries.push(entry);
    this.save(entries);
    this.show();
    this.flush();
  };

  Queue.prototype.remove = function (key) {
    this.save(this.load().filter(function (e) { return e.body.idempotency_key !== key; }));
  };

  Queue.prototype.show = function (message) {
    if (!this.status) return;
    var waiting = this.load().length;
    var text = message || (waiting ? waiting + (waiting === 1 ? " set is" : " sets are") +
      " saved on this phone and will be sent when the connection is back." : "");
    this.status.textContent = text;
    this.status.hidden = !text;
  };

  Queue.prototype.askToLogIn = function () {
    // Not an error of the set: keep everything and say how to get it sent.
    if (!this.status) return;
    var waiting = this.load().length;
    var next = window.location.pathname + window.location.search;
    var link = document.createElement("a");
    link.href = LOGIN_PATH + "?next=" + encodeURIComponent(next);
    link.className = "log-in-again";
    link.textContent = "Log in again";
    this.status.textContent = "You were logged out. " + waiting + (waiting === 1 ? " set is" : " sets are") +
      " saved on this phone. ";
    this.status.appendChild(link);
    this.status.appendChild(document.createTextNode(" and they will be sent."));
    this.status.hidden = false;
  };

  Queue.prototype.retryLater = function () {
    var self = this;
    if (this.timer) return;
    this.timer = window.setTimeout(function () { self.timer = null; self.flush(); }, this.delay);
    this.delay = Math.min(this.delay * 2, MAX_DELAY_MS);
  };

  Queue.prototype.flush = function () {
    var self = this;
    if (this.sending) return;
    var entries = this.load();
    if (!entries.length) { this.show(); return; }
    var entry = entries[0];
    this.sending = true;
    fetch(this.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": window.csrfToken(this.panel), "Accept": "application/json" },
      body: JSON.stringify(entry.body)
    }).then(function (response) {
      self.sending = false;
      if (response.ok) {
        self.remove(entry.body.idempotency_key);
        self.delay = 2000;
        markSaved(self.panel, entry.body);
        self.flush();
      } else if (response.status === 401 || response.status === 403) {
        self.askToLogIn();  // no retry loop: sending again cannot work until she logs in
      } else if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
        self.remove(entry.body.idempotency_key);
        adjustCount(self.panel, entry.body, -1);
        return response.json().catch(function () { return {}; }).then(function (data) {
          self.show((data && data.message) || "That set could not be saved.");
          self.flush();
        });
      } else {
        self.show();
        self.retryLater();
      }
    }).catch(function () {
      self.sending = false;
      self.show();
      self.retryLater();
    });
  };

  function findItem(panel, body) {
    var items = panel.querySelectorAll(".exercise");
    for (var i = 0; i < items.length; i++) {
      if (items[i].getAttribute("data-assignment") === body.assignment &&
          items[i].getAttribute("data-exercise") === body.exercise) return items[i];
    }
    return null;
  }

  function adjustCount(panel, body, delta) {
    var item = findItem(panel, body);
    if (!item) return;
    var counter = item.querySelector(".sets-done");
    var change = delta;
    if (body.side) {
      // One side of a per-side set: the whole-set count moves only when the two sides pair up.
      var left = item.querySelector(".left-done"), right = item.querySelector(".right-done");
      var side = body.side === "left" ? left : right;
      if (!side) return;
      var before = Math.min(parseInt(left.textContent, 10), parseInt(right.textContent, 10));
      side.textContent = String(Math.max(0, parseInt(side.textContent, 10) + delta));
      change = Math.min(parseInt(left.textContent, 10), parseInt(right.textContent, 10)) - before;
    }
    var value = Math.max(0, parseInt(counter.textContent, 10) + change);
    counter.textContent = String(value);
    var dose = item.querySelector(".done");
    var target = parseInt((dose.textContent.match(/of (\d+)/) || [0, 0])[1], 10);
    item.classList.toggle("complete", target > 0 && value >= target);
  }

  function markSaved(panel, body) {
    // Other pages (e.g. the dancer dashboard) refresh their numbers on this event or the "saved" class.
    panel.dispatchEvent(new CustomEvent("programs:logged", { bubbles: true, detail: body }));
    var item = findItem(panel, body);
    if (!item) return;
    var button = item.querySelector(body.side ? ".log-button[value=" + body.side + "]" : ".log-button");
    if (button) {
      button.classList.add("saved");
      window.setTimeout(function () { button.classList.remove("saved"); }, 1200);
    }
  }

  function entryFrom(form, submitter) {
    var data = new FormData(form);
    var body = {
      idempotency_key: newKey(),
      assignment: data.get("assignment"),
      exercise: data.get("exercise"),
      date: data.get("date")
    };
    ["reps", "hold_s"].forEach(function (name) {
      var value = data.get(name);
      if (value !== null && value !== "") body[name] = parseInt(value, 10);
    });
    if (submitter && submitter.name === "side") body.side = submitter.value;  // per-side: which side
    // A score is sent only when the dancer gave it: an untouched slider is not a 0 or a 5.
    if (data.get("with_pain")) body.pain = parseInt(data.get("pain"), 10);
    if (data.get("with_effort")) body.effort = parseInt(data.get("effort"), 10);
    return { body: body, queuedAt: new Date().toISOString() };
  }

  function init(panel) {
    var queue = new Queue(panel);
    panel.querySelectorAll(".log-form").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var entry = entryFrom(form, event.submitter);
        adjustCount(panel, entry.body, 1);
        queue.add(entry);
      });
      form.querySelectorAll(".slider").forEach(function (slider) {
        var out = form.querySelector("." + slider.getAttribute("data-out"));
        var advice = form.querySelector(".pain-advice");
        var from = parseInt(slider.getAttribute("data-advice-from") || "", 10);
        slider.addEventListener("input", function () {
          if (out) out.textContent = slider.value;
          var box = form.querySelector("input[name=" + slider.getAttribute("data-box") + "]");
          if (box) box.checked = true;
          if (advice && !isNaN(from)) advice.hidden = parseInt(slider.value, 10) < from;
        });
      });
    });
    // Sets still queued from an earlier visit are not in the server-rendered counts yet: show them.
    queue.load().forEach(function (entry) {
      var item = findItem(panel, entry.body);
      var day = item && item.querySelector("input[name=date]");
      if (item && (!day || !entry.body.date || day.value === entry.body.date)) adjustCount(panel, entry.body, 1);
    });
    window.addEventListener("online", function () { queue.delay = 2000; queue.flush(); });
    queue.show();
    queue.flush();
  }

  function start() { document.querySelectorAll(".today-panel").forEach(init); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
