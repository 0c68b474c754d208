/* The CSRF token for the pages' own API posts (log.js, mirror_log.js, upload.js): Django's csrftoken
 * cookie, else the hidden csrfmiddlewaretoken field of the given form (when the cookie is not
 * readable). One function on window, loaded before the scripts that post. */
(function () {
  "use strict";
  window.csrfToken = function (form) {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var input = form ? form.querySelector("input[name=csrfmiddlewaretoken]") : null;
    return input ? input.value : "";
  };
})();
