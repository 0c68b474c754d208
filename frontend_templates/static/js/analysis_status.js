// Live status: queued → analysing n% → done / failed. Polls the JSON API while unfinished and
// reloads the page once the analysis ends, so the result is always the server-rendered one.
(function () {
  "use strict";
  var root = document.getElementById("analysis");
  if (!root || root.dataset.poll !== "1" || !window.fetch) return;
  var stateText = document.getElementById("state-text");
  var bar = document.getElementById("analysis-progress");
  var delay = 1500;
  var polls = 0;

  function render(body) {
    if (body.state === "queued") {
      stateText.textContent = "Queued";
    } else if (body.state === "running") {
      stateText.textContent = "Analysing " + body.progress + "%";
      if (bar) { bar.value = body.progress; bar.textContent = body.progress + "%"; }
    }
  }

  function poll() {
    polls += 1;
    fetch(root.dataset.apiUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (body) {
        if (body.state === "done" || body.state === "failed") { window.location.reload(); return; }
        render(body);
        schedule();
      })
      .catch(function () { schedule(); });
  }

  function schedule() {
    // Back off gently for long queues; never hammer the server from a forgotten tab.
    if (polls > 20) delay = Math.min(10000, delay * 1.2);
    if (polls < 600) window.setTimeout(poll, delay);
  }

  schedule();
})();
