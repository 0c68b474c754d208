// Dancer page: refresh the streak and season compliance after a set is saved, without a reload.
// The programs panel's log.js marks a log button "saved" once the server has the set; we watch for
// that and ask the summary endpoint (streak/compliance only) for the new numbers.
(function () {
  "use strict";
  var box = document.getElementById("dancer-stats");
  if (!box) { return; }
  var url = box.getAttribute("data-summary-url");
  var streak = document.getElementById("streak-value");
  var pct = document.getElementById("season-pct");
  var behind = document.getElementById("behind-tag");
  var pending = null;

  function refresh() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        streak.textContent = String(data.streak_weeks);
        streak.setAttribute("data-streak", String(data.streak_weeks));
        if (behind) { behind.hidden = !data.behind; }
        pct.textContent = data.season_pct === null ? "–" : Math.round(data.season_pct) + "%";
      })
      .catch(function () { /* offline: the numbers refresh on the next saved set or reload */ });
  }

  function schedule() {
    if (pending) { window.clearTimeout(pending); }
    pending = window.setTimeout(function () { pending = null; refresh(); }, 150);
  }

  var observer = new MutationObserver(function (mutations) {
    mutations.forEach(function (m) {
      if (m.target.classList && m.target.classList.contains("saved")) { schedule(); }
    });
  });
  document.querySelectorAll(".log-button").forEach(function (button) {
    observer.observe(button, { attributes: true, attributeFilter: ["class"] });
  });
})();
