// Roster enhancement: sort and filter in the browser without a reload. The links and the form keep
// working without JavaScript (the server sorts and filters from the same query parameters).
(function () {
  "use strict";
  var table = document.getElementById("roster-table");
  if (!table) { return; }
  var tbody = table.tBodies[0];
  var headers = Array.prototype.slice.call(table.querySelectorAll("thead th[data-sort-key]"));
  var form = document.getElementById("roster-filters");
  var count = document.getElementById("roster-count");
  var params = new URLSearchParams(window.location.search);
  var state = { sort: params.get("sort") || "name", dir: params.get("dir") || "asc" };
  // One page of a longer roster: the server sorts and filters over every page, so headings and
  // filters reload through their links and the form instead of reordering only the rows shown.
  var paged = table.hasAttribute("data-paged");

  function rows() {
    return Array.prototype.slice.call(tbody.rows).filter(function (r) { return r.hasAttribute("data-s-name"); });
  }
  var NUMERIC = { knee_left: 1, knee_right: 1, drop_left: 1, drop_right: 1, compliance: 1, streak: 1, flag: 1 };
  function value(row, key) {
    var raw = row.getAttribute("data-s-" + key) || "";
    return NUMERIC[key] ? parseFloat(raw) : raw;
  }
  function compare(a, b, key) {
    var va = value(a, key), vb = value(b, key);
    if (NUMERIC[key]) { return va - vb; }
    return va < vb ? -1 : (va > vb ? 1 : 0);  // code-point order, as Python sorts strings
  }
  function sortRows() {
    var list = rows();
    list.sort(function (a, b) {
      var c = compare(a, b, state.sort);
      if (state.dir === "desc") { c = -c; }
      return c !== 0 ? c : compare(a, b, "name");  // ties: always by name, like the server
    });
    list.forEach(function (r) { tbody.appendChild(r); });
    headers.forEach(function (th) {
      var key = th.getAttribute("data-sort-key");
      th.setAttribute("aria-sort", key === state.sort ? (state.dir === "asc" ? "ascending" : "descending") : "none");
    });
  }
  function syncUrl() {
    var p = new URLSearchParams(window.location.search);
    p.set("sort", state.sort);
    p.set("dir", state.dir);
    if (form) {
      Array.prototype.forEach.call(form.querySelectorAll("select"), function (s) {
        if (s.value) { p.set(s.name, s.value); } else { p.delete(s.name); }
      });
      form.querySelector("input[name=sort]").value = state.sort;
      form.querySelector("input[name=dir]").value = state.dir;
    }
    window.history.replaceState(null, "", "?" + p.toString());
    // Keep the no-JS links right for whoever copies one.
    headers.forEach(function (th) {
      var key = th.getAttribute("data-sort-key");
      var q = new URLSearchParams(p.toString());
      q.set("sort", key);
      q.set("dir", key === state.sort && state.dir === "asc" ? "desc" : "asc");
      th.querySelector("a.sort").setAttribute("href", "?" + q.toString());
    });
  }
  function applyFilters() {
    if (!form) { return; }
    var cls = (form.querySelector("[data-filter=class]") || {}).value || "";
    var age = (form.querySelector("[data-filter=age]") || {}).value || "";
    var show = (form.querySelector("[data-filter=show]") || {}).value || "all";
    var shown = 0, all = rows();
    all.forEach(function (r) {
      var ok = true;
      if (cls && (" " + r.getAttribute("data-classes") + " ").indexOf(" " + cls + " ") < 0) { ok = false; }
      if (age && r.getAttribute("data-age") !== age) { ok = false; }
      if (show === "flagged" && r.getAttribute("data-flagged") !== "1") { ok = false; }
      if (show === "behind" && r.getAttribute("data-behind") !== "1") { ok = false; }
      if (show === "valgus_low_compliance" && r.getAttribute("data-vlc") !== "1") { ok = false; }
      r.hidden = !ok;
      if (ok) { shown += 1; }
    });
    if (count) { count.textContent = "Showing " + shown + " of " + count.getAttribute("data-total") + " dancers."; }
  }

  headers.forEach(function (th) {
    th.querySelector("a.sort").addEventListener("click", function (event) {
      var key = th.getAttribute("data-sort-key");
      // Filtered-out rows are not in the page when the server filtered; sorting what is here is right.
      if (paged) { return; }
      event.preventDefault();
      state.dir = key === state.sort && state.dir === "asc" ? "desc" : "asc";
      state.sort = key;
      sortRows();
      syncUrl();
    });
  });
  if (form) {
    // Rows the server already filtered out are absent, so a client filter can only narrow; to widen,
    // submit the form (a normal GET) so the server sends every row again.
    var serverNarrowed = paged || rows().length < parseInt(count && count.getAttribute("data-total") || "0", 10);
    Array.prototype.forEach.call(form.querySelectorAll("select"), function (s) {
      s.addEventListener("change", function () {
        if (serverNarrowed) { form.submit(); return; }
        applyFilters();
        syncUrl();
      });
    });
  }
  table.setAttribute("data-enhanced", "1");
})();
