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
    xhr.setRequestHeader("X-CSRFToken", window.csrfToken(form));
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

// Framing coach: film here with the camera preview checked live against the gate's reasons
// (mirror_coach.js). Record stays disabled until framing is right or the dancer overrides; the
// recording becomes the form's file, uploaded by the code above. Without camera/WASM support the
// panel stays hidden and the file input (the phone's camera app) is used as before.
(function () {
  "use strict";
  var panel = document.getElementById("coach");
  if (!panel || !window.MirrorPose || !window.MirrorCoach || !window.MediaRecorder ||
      !navigator.mediaDevices || !window.WebAssembly) return;
  panel.hidden = false;
  var video = document.getElementById("coach-video");
  var statusBox = document.getElementById("coach-status");
  var startButton = document.getElementById("coach-start");
  var recordButton = document.getElementById("coach-record");
  var override = document.getElementById("coach-override");
  var recorded = document.getElementById("coach-recorded");
  var fileInput = document.getElementById("id_file");
  var coach = window.MirrorCoach.fromPage();
  var session = null, recorder = null, chunks = [], framingOk = false;
  window.coachStats = { verdict: null, frames: 0, fps: 0, recordEnabled: false };

  function refresh() {
    var recording = recorder && recorder.state === "recording";
    recordButton.disabled = !session || (!recording && !framingOk && !override.checked);
    recordButton.textContent = recording ? "Stop" : "Record";
    window.coachStats.recordEnabled = !recordButton.disabled;
  }

  function onFrame(s) {
    var verdict = coach.add(s);
    framingOk = verdict.ok;
    window.coachStats.verdict = verdict.code;
    window.coachStats.frames += 1;
    window.coachStats.fps = session ? session.fps : 0;
    window.coachStats.hint = verdict.hint;
    coach.show(statusBox, verdict, "Framing looks right: ready to record.");
    refresh();
  }

  override.addEventListener("change", refresh);
  startButton.addEventListener("click", function () {
    startButton.disabled = true;
    statusBox.textContent = "Starting the camera…";
    window.MirrorPose.start({ video: video, base: panel.getAttribute("data-pose-base"), facingMode: "environment", onFrame: onFrame })
      .then(function (s) { session = s; startButton.hidden = true; refresh(); }, function (err) {
        startButton.disabled = false;
        statusBox.textContent = err && err.name === "NotAllowedError" ?
          "The camera is blocked. Allow it for this site, or choose a video below." :
          "Live framing is not available on this browser. Choose or record a video below.";
      });
  });

  recordButton.addEventListener("click", function () {
    if (recorder && recorder.state === "recording") { recorder.stop(); return; }
    chunks = [];
    recorder = new MediaRecorder(session.stream);
    recorder.addEventListener("dataavailable", function (e) { if (e.data && e.data.size) chunks.push(e.data); });
    recorder.addEventListener("stop", function () {
      var type = (recorder.mimeType || "video/webm").split(";")[0];
      var ext = type.indexOf("mp4") >= 0 ? "mp4" : "webm";
      var file = new File(chunks, "clip." + ext, { type: type });
      var dt = new DataTransfer();
      dt.items.add(file);
      fileInput.files = dt.files;
      recorded.hidden = false;
      recorded.textContent = "Recorded " + Math.round(file.size / 1024) + " KB. Press \"Upload and analyse\", or record again.";
      refresh();
    });
    recorder.start(1000);
    refresh();
  });
})();
