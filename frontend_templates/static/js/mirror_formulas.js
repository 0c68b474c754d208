/* The mirror's formulas: a line-by-line port of workers/formulas.py (the DOMAIN.md reference),
 * with the same snake_case names so the shared vectors (tests/mirror/formula_vectors.json) check
 * both. A frame is 33 [x_px, y_px, visibility]; a value needing an unseen landmark is null.
 * Browser: window.MirrorFormulas; node: module.exports (the JS test run). */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.MirrorFormulas = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var L_SHOULDER = 11, R_SHOULDER = 12;
  var L_HIP = 23, R_HIP = 24, L_KNEE = 25, R_KNEE = 26, L_ANKLE = 27, R_ANKLE = 28;
  var L_FOOT = 31, R_FOOT = 32;
  var MIN_VISIBILITY = 0.5;
  var LEG = { left: [L_HIP, L_KNEE, L_ANKLE, L_FOOT, R_HIP], right: [R_HIP, R_KNEE, R_ANKLE, R_FOOT, L_HIP] };
  var SIDES = ["left", "right"];
  var UPRIGHT_KNEE_DEG = 165.0, GROUNDED_FRACTION = 0.05, MIN_DEPTH_PCT = 10.0, WINDOW_S = 0.10;
  var BOTTOM_PCT = 2.0; // the bottom: also every sample with the hips within 2 % leg length of the deepest
  var RAISE_FRACTION = 0.10, SKIP_AFTER_LIFT_S = 0.5, BASELINE_S = 1.0, MAX_TOUCHDOWN_S = 1.0;
  var MIN_CALIBRATION_FRAMES = 1, MAX_GAP_S = 0.5;
  var MAX_ROLL_DEG = 15.0, MIN_ROLL_FRAMES = 3, STANDING_FRACTION = 0.03;

  function deg(rad) { return rad * 180 / Math.PI; }
  function seen(frame) {
    for (var i = 1; i < arguments.length; i++) if (!(frame[arguments[i]][2] >= MIN_VISIBILITY)) return false;
    return true;
  }
  function dist(a, b) { return Math.hypot(a[0] - b[0], a[1] - b[1]); }
  var IDENTITY_LANDMARKS = [L_SHOULDER, R_SHOULDER, L_HIP, R_HIP, L_KNEE, R_KNEE];
  var IDENTITY_TOLERANCE = 0.25;
  function identity_distance(a, b) {
    // Two passes' estimates of one frame, in pixels: median landmark distance / mean torso length.
    function mid(p, q) { return [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2, 1]; }
    var torso = 0.5 * [a, b].reduce(function (sum, f) { return sum + dist(mid(f[L_SHOULDER], f[R_SHOULDER]), mid(f[L_HIP], f[R_HIP])); }, 0);
    if (!(torso > 0)) return Infinity;
    return median(IDENTITY_LANDMARKS.map(function (i) { return dist(a[i], b[i]); })) / torso;
  }
  function median(values) {
    var v = values.slice().sort(function (a, b) { return a - b; });
    var n = v.length;
    if (!n) return null;
    return n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
  function medianKnown(values) { return median(values.filter(function (v) { return v !== null && v !== undefined; })); }

  function to_pixels(landmarks, width, height) {
    return landmarks.map(function (p) {
      var vis = p.visibility !== undefined ? p.visibility : p[2];
      return [(p.x !== undefined ? p.x : p[0]) * width, (p.y !== undefined ? p.y : p[1]) * height, vis];
    });
  }
  function medial_sign(xHipThis, xHipOther) {
    var d = xHipOther - xHipThis;
    return (d > 0) - (d < 0);
  }
  function leg_length_px(frame, side) {
    var l = LEG[side];
    if (!seen(frame, l[0], l[1], l[2])) return null;
    return dist(frame[l[0]], frame[l[1]]) + dist(frame[l[1]], frame[l[2]]);
  }
  function knee_angle_deg(frame, side) {
    var l = LEG[side];
    if (!seen(frame, l[0], l[1], l[2])) return null;
    var h = frame[l[0]], k = frame[l[1]], a = frame[l[2]];
    var v1 = [h[0] - k[0], h[1] - k[1]], v2 = [a[0] - k[0], a[1] - k[1]];
    return deg(Math.atan2(Math.abs(v1[0] * v2[1] - v1[1] * v2[0]), v1[0] * v2[0] + v1[1] * v2[1]));
  }
  function is_upright(frame, legLength) {
    for (var i = 0; i < SIDES.length; i++) {
      var angle = knee_angle_deg(frame, SIDES[i]);
      if (angle === null || angle < UPRIGHT_KNEE_DEG) return false;
    }
    return Math.abs(frame[L_ANKLE][1] - frame[R_ANKLE][1]) <= GROUNDED_FRACTION * legLength;
  }
  function knee_toe_offset_pct(frame, side, legLength) {
    var l = LEG[side];
    if (!seen(frame, l[0], l[1], l[3], l[4]) || legLength <= 0) return null;
    var m = medial_sign(frame[l[0]][0], frame[l[4]][0]);
    return (frame[l[1]][0] - frame[l[3]][0]) * (-m) / legLength * 100.0;
  }
  function mid_hip_y(frame) {
    if (!seen(frame, L_HIP, R_HIP)) return null;
    return (frame[L_HIP][1] + frame[R_HIP][1]) / 2.0;
  }
  function depth_pct(hipY, standingHipY, legLength) { return (hipY - standingHipY) / legLength * 100.0; }
  function camera_roll_deg(frames) {
    var axes = [];
    frames.forEach(function (fr) {
      if (seen(fr, L_ANKLE, R_ANKLE, L_SHOULDER, R_SHOULDER)) {
        var dx = (fr[L_SHOULDER][0] + fr[R_SHOULDER][0]) / 2 - (fr[L_ANKLE][0] + fr[R_ANKLE][0]) / 2;
        var dy = (fr[L_SHOULDER][1] + fr[R_SHOULDER][1]) / 2 - (fr[L_ANKLE][1] + fr[R_ANKLE][1]) / 2;
        axes.push(deg(Math.atan2(dx, -dy)));
      }
    });
    if (axes.length < MIN_ROLL_FRAMES) return null;
    var roll = median(axes);
    return Math.abs(roll) <= MAX_ROLL_DEG ? roll : null;
  }
  function level(frame, rollDeg, width, height) {
    var a = rollDeg * Math.PI / 180, c = Math.cos(a), s = Math.sin(a);
    return frame.map(function (p) {
      var dx = p[0] - width / 2, dy = p[1] - height / 2;
      return [width / 2 + c * dx + s * dy, height / 2 - s * dx + c * dy, p[2]];
    });
  }
  function offset_band(pct) {
    if (pct >= 0) return "aligned";
    return pct >= -5 ? "watch" : "concern";
  }
  function hip_line_deg(frame) {
    if (!seen(frame, L_HIP, R_HIP)) return null;
    return deg(Math.atan2(frame[L_HIP][1] - frame[R_HIP][1], Math.abs(frame[L_HIP][0] - frame[R_HIP][0])));
  }
  function pelvic_drop_deg(frame, raised, baselineDeg) {
    var line = hip_line_deg(frame);
    if (line === null) return null;
    return (raised === "left" ? 1.0 : -1.0) * (line - (baselineDeg || 0));
  }
  function drop_band(d) {
    if (d < -5) return "hip_hike";
    if (d < 2) return "level";
    return d <= 5 ? "watch" : "concern";
  }
  function trunk_deg(frame) {
    if (!seen(frame, L_SHOULDER, R_SHOULDER, L_HIP, R_HIP)) return null;
    var sx = (frame[L_SHOULDER][0] + frame[R_SHOULDER][0]) / 2.0, sy = (frame[L_SHOULDER][1] + frame[R_SHOULDER][1]) / 2.0;
    var hx = (frame[L_HIP][0] + frame[R_HIP][0]) / 2.0, hy = (frame[L_HIP][1] + frame[R_HIP][1]) / 2.0;
    return deg(Math.atan2(sx - hx, hy - sy));
  }
  function trunk_lean_deg(frame, stance, baselineDeg) {
    var trunk = trunk_deg(frame);
    if (trunk === null) return null;
    var st = stance === "left" ? L_HIP : R_HIP, ra = stance === "left" ? R_HIP : L_HIP;
    return medial_sign(frame[ra][0], frame[st][0]) * (trunk - (baselineDeg || 0));
  }
  function raised_leg(frame, legLength) {
    if (!seen(frame, L_ANKLE, R_ANKLE)) return null;
    var h = frame[R_ANKLE][1] - frame[L_ANKLE][1], thr = RAISE_FRACTION * legLength;
    if (h >= thr) return "left";
    if (h <= -thr) return "right";
    return "";
  }
  function baseline_deg(samples, liftT) {
    var vals = samples.filter(function (s) { return s[1] !== null && liftT - BASELINE_S <= s[0] && s[0] < liftT; })
      .map(function (s) { return s[1]; });
    return vals.length >= 3 ? median(vals) : null;
  }

  function PlieCounter(legLength, standingHipY) {
    this.leg_length = legLength;
    this.standing_hip_y = standingHipY;
    this.reps = [];
    this.open = [];
    this.valley = 0.0; // shallowest depth since the last rep (standing before the first)
  }
  PlieCounter.prototype.update = function (t, hipY, offsets) {
    if (hipY === null || hipY === undefined) return null;
    var depth = depth_pct(hipY, this.standing_hip_y, this.leg_length);
    if (!this.open.length) {
      this.valley = Math.min(this.valley, depth);
      if (depth >= MIN_DEPTH_PCT && depth - this.valley >= MIN_DEPTH_PCT) this.open.push([t, depth, offsets]);
      return null;
    }
    this.open.push([t, depth, offsets]);
    var deepest = this.open[0];
    this.open.forEach(function (s) { if (s[1] > deepest[1]) deepest = s; });
    if (deepest[1] - depth < MIN_DEPTH_PCT) return null;
    // The engine's +-100 ms and the rest of the bottom by depth (raw frames: see workers/formulas.py).
    var win = this.open.filter(function (s) {
      return Math.abs(s[0] - deepest[0]) <= WINDOW_S + 1e-9 || s[1] >= deepest[1] - BOTTOM_PCT - 1e-9;
    });
    var rep = {
      t_s: deepest[0],
      depth_pct: median(win.map(function (s) { return s[1]; })),
      offset_pct: {}
    };
    SIDES.forEach(function (side) { rep.offset_pct[side] = medianKnown(win.map(function (s) { return s[2][side]; })); });
    this.reps.push(rep);
    this.open = [];
    this.valley = depth;
    return rep;
  };
  PlieCounter.prototype.inRep = function () { return this.open.length > 0; };

  function HoldTimer() {
    this.stance = null;
    this.lift_t_s = null;
    this.hold_s = 0.0;
    this.touchdowns = 0;
    this.ended = false;
    this.prev = null;
    this.downSince = null;
    this.unseen = false;
  }
  HoldTimer.prototype.update = function (t, raised) {
    // Each sample holds until the next one (like counting frames): the interval after a raised
    // sample is held, from lift-off + 0.5 s on.
    if (raised === null || raised === undefined) { this.unseen = true; return; }
    var prev = this.prev;
    this.prev = [t, raised];
    var bridged = !(this.unseen && prev !== null && t - prev[0] > MAX_GAP_S);
    this.unseen = false;
    if (this.ended) return;
    if (this.stance === null) {
      if (raised) { this.stance = raised === "left" ? "right" : "left"; this.lift_t_s = t; }
      return;
    }
    var lifted = this.stance === "right" ? "left" : "right";
    if (prev !== null && prev[1] === lifted && bridged) {
      this.hold_s += Math.max(0.0, t - Math.max(prev[0], this.lift_t_s + SKIP_AFTER_LIFT_S));
    }
    if (raised === lifted) {
      if (this.downSince !== null) { this.touchdowns += 1; this.downSince = null; }
    } else if (raised === "") {
      if (this.downSince === null) this.downSince = t;
      else if (t - this.downSince > MAX_TOUCHDOWN_S) this.ended = true;
    } else {
      this.ended = true;
    }
  };

  function Calibration() { this.lengths = { left: [], right: [] }; this.hip_ys = []; }
  Calibration.prototype.update = function (frame) {
    var l = leg_length_px(frame, "left"), r = leg_length_px(frame, "right"), y = mid_hip_y(frame);
    if (l === null || r === null || y === null) return false;
    if (!is_upright(frame, (l + r) / 2.0)) return false;
    this.lengths.left.push(l);
    this.lengths.right.push(r);
    this.hip_ys.push(y);
    return true;
  };
  Calibration.prototype.ready = function () { return this.hip_ys.length >= MIN_CALIBRATION_FRAMES; };
  Calibration.prototype.leg_length = function () {
    return this.ready() ? (median(this.lengths.left) + median(this.lengths.right)) / 2.0 : null;
  };
  Calibration.prototype.side_leg_length = function (side) { return this.ready() ? median(this.lengths[side]) : null; };
  Calibration.prototype.standing_hip_y = function () { return this.ready() ? median(this.hip_ys) : null; };

  return {
    L_SHOULDER: L_SHOULDER, R_SHOULDER: R_SHOULDER, L_HIP: L_HIP, R_HIP: R_HIP, L_KNEE: L_KNEE, R_KNEE: R_KNEE,
    L_ANKLE: L_ANKLE, R_ANKLE: R_ANKLE, L_FOOT: L_FOOT, R_FOOT: R_FOOT, SIDES: SIDES, MIN_VISIBILITY: MIN_VISIBILITY,
    median: median, to_pixels: to_pixels, medial_sign: medial_sign, leg_length_px: leg_length_px,
    knee_angle_deg: knee_angle_deg, is_upright: is_upright, knee_toe_offset_pct: knee_toe_offset_pct,
    mid_hip_y: mid_hip_y, depth_pct: depth_pct, offset_band: offset_band, hip_line_deg: hip_line_deg,
    pelvic_drop_deg: pelvic_drop_deg, drop_band: drop_band, trunk_deg: trunk_deg, trunk_lean_deg: trunk_lean_deg,
    raised_leg: raised_leg, baseline_deg: baseline_deg, camera_roll_deg: camera_roll_deg, level: level,
    MIN_DEPTH_PCT: MIN_DEPTH_PCT, STANDING_FRACTION: STANDING_FRACTION,
    identity_distance: identity_distance, IDENTITY_TOLERANCE: IDENTITY_TOLERANCE,
    PlieCounter: PlieCounter, HoldTimer: HoldTimer, Calibration: Calibration
  };
});
