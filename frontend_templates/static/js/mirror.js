/* Mirror mode: live practice at the barre. Counts pliés and colours each by the knee-toe band, or
 * times a single-leg hold with the pelvis level, with workers/formulas.py's definitions
 * (mirror_formulas.js). Nothing is recorded or uploaded; "log it" stores only counts through the
 * programs log API, queued on the phone (the Today page's queue key) when offline. */
(function () {
  "use strict";
  var F = window.MirrorFormulas;
  var root = document.getElementById("mirror");
  if (!root || !F) return;
  var test = root.getAttribute("data-test");
  var video = document.getElementById("mirror-video");
  var canvas = document.getElementById("mirror-overlay");
  var statusBox = document.getElementById("mirror-status");
  var startButton = document.getElementById("mirror-start");
  var finishButton = document.getElementById("mirror-finish");
  var words = JSON.parse(document.getElementById("band-words").textContent);
  var SEM = { offset: 2.5, drop: 1.5, lean: 1.5 };
  var COLOURS = { aligned: "#1d6b35", level: "#1d6b35", watch: "#8a5a00", hip_hike: "#8a5a00", concern: "#a1232b", none: "#0b5cad" };
  var coach = window.MirrorCoach.fromPage();
  var session = null;
  var cal = new F.Calibration();
  var counter = null;
  var timer = new F.HoldTimer();
  var maxLeg = 0;
  var before = []; // (t, hip line deg, trunk deg) until lift-off: the stance baseline
  var base = null;
  var drops = [], leans = [];
  var stats = { t: 0, fps: 0, processed: 0, reps: [], finished: false, verdict: null, stance: null, hold_s: 0,
    raised_seen: { left: 0, right: 0, down: 0, unknown: 0 } };
  window.mirrorStats = stats; // read by the browser tests and the fps measurement

  function fmt(v, sem, unit) { return v === null ? "not seen" : (v >= 0 ? "+" : "−") + Math.abs(v).toFixed(1) + " ± " + sem.toFixed(1) + " " + unit; }
  function text(id, value) { var el = document.getElementById(id); if (el) el.textContent = value; }

  function draw(frame) {
    var ctx = canvas.getContext("2d");
    canvas.width = video.videoWidth; canvas.height = video.videoHeight;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    if (!frame) return;
    var leg = counter ? counter.leg_length : (cal.leg_length() || maxLeg);
    ctx.lineWidth = Math.max(3, canvas.width / 200);
    if (test === "plie") {
      var measured = roll.deg === null ? frame : F.level(frame, roll.deg, canvas.width, canvas.height); // as onPlie
      F.SIDES.forEach(function (side) {
        var knee = frame[side === "left" ? F.L_KNEE : F.R_KNEE], foot = frame[side === "left" ? F.L_FOOT : F.R_FOOT];
        // Coloured by band only while bending: standing in turnout the knees sit inside the toes.
        var off = leg && counter && counter.inRep() ? F.knee_toe_offset_pct(measured, side, cal.side_leg_length(side)) : null;
        var floorY = Math.max(foot[1], frame[side === "left" ? F.L_ANKLE : F.R_ANKLE][1]);
        ctx.setLineDash([]);
        ctx.strokeStyle = off === null ? COLOURS.none : COLOURS[F.offset_band(off)];
        ctx.beginPath(); ctx.moveTo(knee[0], knee[1]); ctx.lineTo(knee[0], floorY); ctx.stroke(); // knee plumb line
        ctx.setLineDash([8, 6]);
        ctx.strokeStyle = "#ffffff";
        ctx.beginPath(); ctx.moveTo(foot[0], floorY - leg * 0.25); ctx.lineTo(foot[0], floorY + 10); ctx.stroke(); // toe line
      });
    } else {
      var lh = frame[F.L_HIP], rh = frame[F.R_HIP];
      var d = timer.stance && base !== null ? F.pelvic_drop_deg(frame, timer.stance === "left" ? "right" : "left", base.hip) : null;
      ctx.setLineDash([]);
      ctx.strokeStyle = d === null ? COLOURS.none : COLOURS[F.drop_band(d)];
      ctx.beginPath(); ctx.moveTo(lh[0], lh[1]); ctx.lineTo(rh[0], rh[1]); ctx.stroke(); // pelvis line
      ctx.setLineDash([8, 6]); ctx.strokeStyle = "#ffffff";
      var my = (lh[1] + rh[1]) / 2;
      ctx.beginPath(); ctx.moveTo(Math.min(lh[0], rh[0]) - 40, my); ctx.lineTo(Math.max(lh[0], rh[0]) + 40, my); ctx.stroke(); // level
    }
  }

  function addRep(rep) {
    var item = document.createElement("li");
    var parts = F.SIDES.map(function (side) {
      var v = rep.offset_pct[side];
      var band = v === null ? null : F.offset_band(v);
      return (side === "left" ? "Left " : "Right ") + fmt(v, SEM.offset, "%") + (band ? " · " + words.offset[band] : "");
    });
    var worst = F.SIDES.map(function (s) { return rep.offset_pct[s]; }).filter(function (v) { return v !== null; });
    var band = worst.length ? F.offset_band(Math.min.apply(null, worst)) : "none";
    item.className = "rep band-" + band;
    item.textContent = "Plié " + (stats.reps.length + 1) + ": " + parts.join(" · ");
    document.getElementById("mirror-reps").appendChild(item);
    stats.reps.push({ t_s: rep.t_s, depth_pct: rep.depth_pct, offset_pct: rep.offset_pct, band: band });
    text("mirror-count", String(stats.reps.length));
    text("mirror-count-word", stats.reps.length === 1 ? "plié" : "pliés");
  }

  // Camera roll (workers/plie.py): the raw frames until the first descent; once the hips drop 10 %
  // leg length below their highest point, the standing ones (hips within 3 % of it) give the roll,
  // and every frame from then on is measured levelled (the lines stay drawn on the raw image).
  var standingFrames = [], roll = { done: false, deg: null };
  var MAX_STANDING_FRAMES = 600;

  function estimateRoll(s, hipY) {
    // The longest leg seen until the calibration is ready: rolled, the feet are not level and no
    // frame passes as upright (the engine's fallback, its legs' 90th percentile, is alike).
    F.SIDES.forEach(function (side) { var l = F.leg_length_px(s.frame, side); if (l !== null && l > maxLeg) maxLeg = l; });
    var leg = cal.leg_length() || maxLeg;
    if (hipY !== null) standingFrames.push({ frame: s.frame, hip: hipY });
    if (standingFrames.length > MAX_STANDING_FRAMES) standingFrames.shift();
    if (!leg || hipY === null) return;
    var top = Math.min.apply(null, standingFrames.map(function (b) { return b.hip; }));
    if (hipY - top < F.MIN_DEPTH_PCT / 100 * leg) return;
    roll.done = true;
    roll.deg = F.camera_roll_deg(standingFrames.filter(function (b) { return b.hip <= top + F.STANDING_FRACTION * leg; })
      .map(function (b) { return b.frame; }));
    stats.roll_deg = roll.deg;
    if (roll.deg !== null) {
      // Standing leg length and hip height again, from the same frames levelled.
      cal = new F.Calibration();
      standingFrames.forEach(function (b) { cal.update(F.level(b.frame, roll.deg, s.width, s.height)); });
      if (counter && cal.ready()) { counter.leg_length = cal.leg_length(); counter.standing_hip_y = cal.standing_hip_y(); }
      if (Math.abs(roll.deg) >= 2) text("mirror-note", "Phone tilted " + Math.abs(roll.deg).toFixed(0) + "°, corrected.");
    }
    standingFrames = [];
  }

  function onPlie(s) {
    if (!roll.done) estimateRoll(s, F.mid_hip_y(s.frame));
    var frame = roll.deg === null ? s.frame : F.level(s.frame, roll.deg, s.width, s.height);
    // Every upright frame refines the standing leg length and hip height (the engine takes the
    // medians over the whole clip's upright frames).
    if (cal.update(frame) && counter) { counter.leg_length = cal.leg_length(); counter.standing_hip_y = cal.standing_hip_y(); }
    if (!counter) {
      if (!cal.ready()) { text("mirror-live", "Stand tall in second position for a moment…"); return; }
      counter = new F.PlieCounter(cal.leg_length(), cal.standing_hip_y());
      stats.calibrated_t = s.t;
    }
    var offsets = {};
    // Each knee's offset over its own leg's length, as the engine; depth over the mean of the two.
    F.SIDES.forEach(function (side) { offsets[side] = F.knee_toe_offset_pct(frame, side, cal.side_leg_length(side)); });
    var rep = counter.update(s.t, F.mid_hip_y(frame), offsets);
    stats.in_rep = counter.inRep();
    if (rep) addRep(rep);
    text("mirror-live", !counter.inRep() ? "Standing: bend when ready." : F.SIDES.map(function (side) {
      return (side === "left" ? "Left knee " : "Right knee ") + fmt(offsets[side], SEM.offset, "% leg length");
    }).join(" · "));
  }

  function onStance(s) {
    var frame = s.frame;
    F.SIDES.forEach(function (side) { var l = F.leg_length_px(frame, side); if (l !== null && l > maxLeg) maxLeg = l; });
    cal.update(frame);
    var leg = cal.leg_length() || maxLeg;
    if (!leg) return;
    var wasUp = timer.stance !== null;
    if (!wasUp) before.push([s.t, F.hip_line_deg(frame), F.trunk_deg(frame)]);
    var raisedNow = F.raised_leg(frame, leg);
    stats.raised_seen[raisedNow === null ? "unknown" : raisedNow || "down"] += 1;
    timer.update(s.t, raisedNow);
    if (timer.stance === null) { text("mirror-live", "Stand on both feet, then lift one knee and hold."); return; }
    if (!wasUp) {
      var hip = F.baseline_deg(before.map(function (b) { return [b[0], b[1]]; }), timer.lift_t_s);
      var trunk = F.baseline_deg(before.map(function (b) { return [b[0], b[2]]; }), timer.lift_t_s);
      base = { hip: hip === null ? 0 : hip, trunk: trunk === null ? 0 : trunk, measured: hip !== null };
      stats.stance = timer.stance;
      text("mirror-side", "on the " + timer.stance + " leg");
      if (!base.measured) text("mirror-note", "No standing start was seen: the pelvis is not corrected for the phone's tilt.");
    }
    var raised = timer.stance === "left" ? "right" : "left";
    if (!timer.ended && s.t >= timer.lift_t_s + 0.5) {
      var d = F.pelvic_drop_deg(frame, raised, base.hip), lean = F.trunk_lean_deg(frame, timer.stance, base.trunk);
      if (d !== null) drops.push(d);
      if (lean !== null) leans.push(lean);
    }
    stats.hold_s = timer.hold_s; stats.lift_t_s = timer.lift_t_s; stats.touchdowns = timer.touchdowns; stats.ended = timer.ended;
    var med = F.median(drops);
    var holdSem = Math.max(0.3, stats.fps ? 1 / stats.fps : 0.3);
    text("mirror-hold", timer.hold_s.toFixed(1) + " ± " + holdSem.toFixed(1) + " s");
    text("mirror-live", med === null ? "Hold it…" : "Pelvis " + fmt(med, SEM.drop, "°") + " · " + words.pelvis[F.drop_band(med)]);
  }

  var stopAfter = parseFloat(root.getAttribute("data-stop-after")) || null;

  function onFrame(s) {
    if (stats.finished) return;
    if (stopAfter !== null && s.t >= stopAfter) { finish(); return; } // a timed practice ends itself
    stats.t = s.t; stats.fps = session ? session.fps : 0; stats.processed += 1;
    var verdict = coach.add(s);
    stats.verdict = verdict.code;
    coach.show(statusBox, verdict, "Framing looks right.");
    draw(s.frame);
    // The coach only advises; what is measured rests on each landmark's own visibility (an unseen
    // one makes that value unknown, as on the server).
    if (!s.frame) return;
    if (test === "plie") onPlie(s); else onStance(s);
    text("mirror-fps", stats.fps ? stats.fps.toFixed(1) + " frames per second" : "");
  }

  function summary() {
    var box = document.getElementById("mirror-summary");
    var form = document.getElementById("mirror-log");
    box.hidden = false;
    if (test === "plie") {
      var n = stats.reps.length;
      var aligned = stats.reps.filter(function (r) { return r.band === "aligned"; }).length;
      stats.aligned_share = n ? aligned / n : null;
      text("mirror-result", n ? n + " plié" + (n === 1 ? "" : "s") + ", " + aligned + " of " + n +
        " with both knees over the toes (" + Math.round(100 * aligned / n) + " %)." : "No plié counted: bend until the hips drop a hand's width, then rise.");
      if (form) { form.elements.reps.value = String(n); form.elements.note.value = n ? "Mirror: " + aligned + " of " + n + " pliés knees over the toes" : ""; }
    } else {
      var med = F.median(drops), lean = F.median(leans);
      text("mirror-result", timer.stance === null ? "No single-leg hold seen: lift one knee and hold." :
        (timer.stance === "left" ? "Left" : "Right") + " leg: held " + timer.hold_s.toFixed(1) + " ± " +
        Math.max(0.3, stats.fps ? 1 / stats.fps : 0.3).toFixed(1) + " s" +
        (timer.touchdowns ? " with " + timer.touchdowns + " touch-down" + (timer.touchdowns > 1 ? "s" : "") : "") +
        (med === null ? "" : "; pelvis " + fmt(med, SEM.drop, "°") + " (" + words.pelvis[F.drop_band(med)] + ")") +
        (lean !== null && lean > 5 ? "; leaning over the standing leg to help" : "") + ".");
      if (form) { form.elements.hold_s.value = String(Math.round(timer.hold_s)); form.elements.note.value = timer.stance ? "Mirror: " + timer.stance + " leg held " + timer.hold_s.toFixed(1) + " s" : ""; }
    }
    if (form) form.hidden = test === "plie" ? !stats.reps.length : timer.stance === null;
  }

  startButton.addEventListener("click", function () {
    startButton.disabled = true;
    statusBox.textContent = "Loading the mirror (first time only, then it works offline)…";
    window.MirrorPose.start({
      video: video, base: root.getAttribute("data-pose-base"), facingMode: "user", onFrame: onFrame,
      onError: function () { statusBox.textContent = "The mirror stopped on this phone. Reload the page to try again."; }
    }).then(function (s) {
      session = s;
      startButton.hidden = true;
      finishButton.disabled = false;
      statusBox.textContent = "Step back until your whole body, feet included, is in the picture.";
    }, function (err) {
      startButton.disabled = false;
      statusBox.textContent = err && err.name === "NotAllowedError" ?
        "The camera is blocked. Allow the camera for this site in the browser settings, then try again." :
        "This phone's browser cannot run the live mirror. You can still film and upload a clip.";
    });
  });

  function finish() {
    if (stats.finished) return;
    window.MirrorPose.stop(session);
    stats.finished = true; stats.fps = session ? session.fps : 0;
    finishButton.hidden = true;
    document.querySelector(".mirror-stage").hidden = true;
    document.getElementById("mirror-live").hidden = true;
    statusBox.textContent = "Finished. The camera is off.";
    statusBox.className = "coach";
    document.getElementById("mirror-again").hidden = false;
    if (timer.stance !== null) timer.ended = true;
    summary();
  }
  finishButton.addEventListener("click", finish);

  var form = document.getElementById("mirror-log");
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.MirrorLog.queue(root, form);
    });
    window.MirrorLog.flush(root);
  }
})();
