// Starts Redoc (/api/redoc/) with this response's CSP style nonce, so its <style> elements are allowed.
(function () {
  "use strict";
  var el = document.getElementById("redoc-container");
  if (!el || !window.Redoc) return;
  window.Redoc.init(el.dataset.specUrl, { nonce: el.dataset.nonce, hideDownloadButton: false }, el);
})();
