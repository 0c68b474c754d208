/* The framing coach: would this camera view pass the server's quality gate? Live checks over the
 * last second of frames, worded with the gate's own reason codes and one-line fixes, which the page
 * renders from workers/quality.py (json_script "gate-reasons"); a check whose code is not in that
 * table is skipped. Coach-only hints (phone level) come from the same page ("coach-hints").
 * window.MirrorCoach(reasons, hints) -> coach (or MirrorCoach.fromPage()); coach.add(sample) -> verdict
 * {ok, code, message}; coach.show(box, verdict, okText) puts it in a status line.
 * Landmarks are [x, y, visibility] normalised; world landmarks [x, y, z] in metres. */
(function () {
  "use strict";

  var WINDOW_S = 1.0;
  var MIN_PASS = 0.8; // like the gate: required landmarks seen in >= 80 % of frames
  var VIS = 0.5;
  var FEET = [27, 28, 29, 30, 31, 32];
  var BODY = [11, 12, 23, 24, 25, 26];
  var MAX_TURN_DEG = 30; // hip line out of the image plane (world landmarks), as the gate
  var MIN_HEIGHT = 0.45; // nose -> lowest foot, share of the frame height: nearer than ~3-4 m
  var MIN_LUMA = 45; // mean brightness 0-255
  var MAX_ROLL_DEG = 5; // DOMAIN: a 5 deg roll already moves plié offsets by a few % leg length
  // Order = what to fix first. The gate does not reject a tilted phone, so "level" is a hint that
  // never blocks recording.
  var ORDER = ["no_person", "not_upright", "multiple_people", "feet_not_visible", "low_visibility", "not_frontal"];

  function seen(lm, idx) {
    return idx.every(function (i) { var p = lm[i]; return p[2] >= VIS && p[0] >= 0 && p[0] <= 1 && p[1] >= 0 && p[1] <= 1; });
  }

  function failures(s) {
    var f = {};
    var lm = s.landmarks;
    if (!lm) { if (s.side_by_side) f.multiple_people = true; else f.no_person = true; return f; }
    if (s.mismatch) f.multiple_people = true; // the two pose passes disagree: two people (the gate's rule)
    var hipY = (lm[23][1] + lm[24][1]) / 2, ankleY = (lm[27][1] + lm[28][1]) / 2;
    if (!(lm[0][1] < hipY && hipY < ankleY)) f.not_upright = true;
    if (!seen(lm, FEET)) f.feet_not_visible = true;
    var height = Math.max(lm[31][1], lm[32][1], lm[29][1], lm[30][1]) - lm[0][1];
    if (!seen(lm, BODY) || height < MIN_HEIGHT || (s.luma !== null && s.luma < MIN_LUMA)) f.low_visibility = true;
    if (s.world && s.world.length) {
      var a = s.world[23], b = s.world[24];
      var turn = Math.atan2(Math.abs(a[2] - b[2]), Math.abs(a[0] - b[0])) * 180 / Math.PI;
      if (turn > MAX_TURN_DEG) f.not_frontal = true;
    }
    return f;
  }

  function poseRoll(s) {
    // Both feet down and apart: the ankle line is horizontal, so its angle is the camera's roll.
    // In pixels (normalised x and y have different scales).
    if (!s.landmarks || !seen(s.landmarks, [27, 28])) return null;
    var a = s.frame[27], b = s.frame[28], dx = a[0] - b[0], dy = a[1] - b[1];
    if (Math.abs(dx) < 0.05 * s.width || Math.abs(dy) > Math.abs(dx) * 0.3) return null; // feet together or one raised
    return Math.atan2(dy, Math.abs(dx)) * 180 / Math.PI;
  }

  function MirrorCoach(reasons, hints) {
    this.reasons = reasons;
    this.hints = hints || {};
    this.samples = [];
    this.sensorRoll = null;
    var self = this;
    window.addEventListener("deviceorientation", function (e) {
      // Phone held upright (beta near 90): gamma is its sideways roll.
      if (e.gamma === null || e.beta === null) return;
      self.sensorRoll = Math.abs(e.beta) > 45 ? e.gamma : null;
    });
  }

  MirrorCoach.prototype.message = function (code) { return this.reasons[code] || this.hints[code] || ""; };

  MirrorCoach.prototype.add = function (s) {
    var roll = this.sensorRoll !== null ? this.sensorRoll : poseRoll(s);
    this.samples.push({ t: s.t, fail: failures(s), roll: roll });
    while (this.samples.length && this.samples[0].t < s.t - WINDOW_S) this.samples.shift();
    var n = this.samples.length, self = this;
    for (var i = 0; i < ORDER.length; i++) {
      var code = ORDER[i];
      if (!this.reasons[code]) continue;
      var bad = this.samples.filter(function (x) { return x.fail[code]; }).length;
      if (bad > n * (1 - MIN_PASS)) return { ok: false, code: code, message: self.message(code), hint: null };
    }
    var rolls = this.samples.map(function (x) { return x.roll; }).filter(function (r) { return r !== null; });
    var median = window.MirrorFormulas.median(rolls);
    var tilted = median !== null && Math.abs(median) > MAX_ROLL_DEG && this.hints.level;
    return { ok: true, code: null, message: "", hint: tilted ? "level" : null, hintMessage: tilted ? this.hints.level : "", roll: median };
  };

  // Both camera pages word a verdict the same way: the page's "ready" line (plus the tip), or the fix.
  MirrorCoach.prototype.show = function (box, verdict, okText) {
    box.textContent = verdict.ok ? okText + (verdict.hint ? " Tip: " + verdict.hintMessage : "") : verdict.message;
    box.className = verdict.ok ? "coach ok" : "coach fix";
  };
  // The gate's words and the coach hints, from the page's json_script blocks.
  MirrorCoach.fromPage = function () {
    function read(id) { return JSON.parse(document.getElementById(id).textContent); }
    return new MirrorCoach(read("gate-reasons"), read("coach-hints"));
  };
  window.MirrorCoach = MirrorCoach;
})();
