// Upload with a progress bar through the JSON API, then go to the live status page.
// Without JavaScript the same form posts to the page itself (progressive enhancement).
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  var bar = document.getElementById("upload-progress");
  var status = document.getElementById("upload-status");
  var errorBox = document.getElementById("upload-error");
  var button = form.querySelector("button[type=submit]");

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var field = form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
    bar.hidden = true;
    status.textContent = "";
    button.disabled = false;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var data = new FormData(form);
    data.set("mirrored", document.getElementById("id_mirrored").checked ? "true" : "false");
    data.delete("csrfmiddlewaretoken");
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.dataset.apiUrl);
    xhr.setRequestHeader("X-CSRFToken", csrfToken());
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable) return;
      var pct = Math.round((e.loaded / e.total) * 100);
      bar.value = pct;
      bar.textContent = pct + "%";
      status.textContent = "Uploading " + pct + "%";
    });
    xhr.addEventListener("load", function () {
      var body = {};
      try { body = JSON.parse(xhr.responseText); } catch (ignored) { body = {}; }
      if (xhr.status === 200 || xhr.status === 201) {
        status.textContent = "Uploaded. Opening the analysis…";
        window.location.assign(form.dataset.statusUrlTemplate.replace("00000000-0000-0000-0000-000000000000", body.analysis));
      } else {
        showError(body.message || "The upload failed. Please try again.");
      }
    });
    xhr.addEventListener("error", function () { showError("The connection dropped. Please try again."); });
    errorBox.hidden = true;
    bar.hidden = false;
    bar.value = 0;
    button.disabled = true;
    status.textContent = "Checking and uploading…";
    xhr.send(data);
  });
})();
