/* Live pose on the camera: the vendored MediaPipe Pose (same BlazePose full model as the server,
 * served from our origin) on the phone's own camera. Frames are handed on with their media
 * timestamps, so whatever uses them counts by time, not by frames; nothing leaves the phone.
 * window.MirrorPose.start({video, base, facingMode, onFrame}) -> Promise<session>. */
(function () {
  "use strict";

  var LUMA_EVERY_S = 0.5;
  var SPLIT_EVERY_S = 0.5; // how often to look for two people side by side while nobody is found
  var SPLIT_HALF = 0.55; // workers/side_by_side.py HALF: a person in the middle is whole in one half

  function lumaOf(video, canvas) {
    // Mean brightness 0-255 of a 32x18 thumbnail: enough to tell "too dark".
    var ctx = canvas.getContext("2d", { willReadFrequently: true });
    ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
    var px = ctx.getImageData(0, 0, canvas.width, canvas.height).data, sum = 0;
    for (var i = 0; i < px.length; i += 4) sum += 0.2126 * px[i] + 0.7152 * px[i + 1] + 0.0722 * px[i + 2];
    return sum / (px.length / 4);
  }

  function makePose(base, cpu) {
    var pose = new window.Pose({ locateFile: function (file) { return base + file; } });
    // The server's settings (workers/pose.py): full model, no landmark smoothing, inference on the
    // CPU (XNNPACK, like the server; WebGL inference is 40x slower without a GPU, see docs/mirror.md).
    pose.setOptions({ modelComplexity: 1, smoothLandmarks: false, enableSegmentation: false,
      minDetectionConfidence: 0.5, minTrackingConfidence: 0.5, selfieMode: false, useCpuInference: cpu });
    var pending = null;
    pose.onResults(function (results) {
      if (!pending) return;
      var done = pending;
      pending = null;
      done(results.poseLandmarks ? {
        image: results.poseLandmarks.map(function (p) { return [p.x, p.y, p.visibility]; }),
        world: (results.poseWorldLandmarks || []).map(function (p) { return [p.x, p.y, p.z]; })
      } : null);
    });
    return {
      pose: pose,
      run: function (image) {
        return new Promise(function (resolve, reject) {
          pending = resolve;
          pose.send({ image: image }).then(function () { if (pending === resolve) { pending = null; resolve(null); } }, reject);
        });
      }
    };
  }

  // Each landmark's left/right counterpart (workers/pose.py MIRROR_INDEX).
  var MIRROR_INDEX = [0, 4, 5, 6, 1, 2, 3, 8, 7, 10, 9];
  for (var i = 11; i < 33; i++) MIRROR_INDEX.push(i % 2 ? i + 1 : i - 1);

  function unmirror(pf) {
    return {
      image: MIRROR_INDEX.map(function (j) { var p = pf.image[j]; return [1 - p[0], p[1], p[2]]; }),
      world: pf.world.length ? MIRROR_INDEX.map(function (j) { var p = pf.world[j]; return [-p[0], p[1], p[2]]; }) : []
    };
  }

  function combine(a, b) {
    // As workers/pose.py combine(): visibility-weighted mean; one pass alone halves visibility.
    if (!a || !b) {
      var one = a || b;
      if (!one) return null;
      return { image: one.image.map(function (p) { return [p[0], p[1], p[2] * 0.5]; }), world: one.world };
    }
    var image = [], world = [];
    for (var k = 0; k < 33; k++) {
      var va = a.image[k][2], vb = b.image[k][2], total = va + vb;
      var wa = total > 0 ? va / total : 0.5, wb = 1 - wa;
      image.push([wa * a.image[k][0] + wb * b.image[k][0], wa * a.image[k][1] + wb * b.image[k][1], 0.5 * total]);
      if (a.world.length && b.world.length) {
        world.push([0, 1, 2].map(function (d) { return wa * a.world[k][d] + wb * b.world[k][d]; }));
      }
    }
    return { image: image, world: world };
  }

  function start(opts) {
    if (!window.Pose) return Promise.reject(new Error("pose_unavailable"));
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return Promise.reject(new Error("no_camera_api"));
    var video = opts.video;
    // Two instances, like the server's flip-symmetrised estimator (workers/pose.py): one sees the
    // frame, the other its mirror image; each keeps its own tracking on its own stream.
    // opts.passes = 1 and opts.cpu = false exist for benchmarks/mirror_fps.py only (docs/mirror.md).
    var cpu = opts.cpu !== false, symmetrise = opts.passes !== 1;
    var direct = makePose(opts.base, cpu), flipped = symmetrise ? makePose(opts.base, cpu) : null;
    var session = { stopped: false, processed: 0, firstWall: null, fps: 0, t: 0, stream: null };
    var lumaCanvas = document.createElement("canvas");
    lumaCanvas.width = 32; lumaCanvas.height = 18;
    var plain = document.createElement("canvas"), mirror = document.createElement("canvas");
    var luma = null, lumaAt = -1, t0 = null;

    var split = false, splitAt = -Infinity, halves = null;
    function splitCheck(frame) {
      // Fresh single-pass models, one per half (no tracking carried over), made on first need.
      halves = halves || [makePose(opts.base, cpu), makePose(opts.base, cpu)];
      var w = frame.width, cut = Math.round(SPLIT_HALF * w), found = [];
      var parts = [[0, cut], [w - cut, w]].map(function (range) {
        var c = document.createElement("canvas");
        c.width = range[1] - range[0]; c.height = frame.height;
        c.getContext("2d").drawImage(frame, range[0], 0, c.width, c.height, 0, 0, c.width, c.height);
        return c;
      });
      return halves[0].run(parts[0]).then(function (r) { found.push(Boolean(r)); return halves[1].run(parts[1]); })
        .then(function (r) { found.push(Boolean(r)); return found[0] && found[1]; });
    }

    function deliver(t, a, b, sideBySide) {
      var w = video.videoWidth, h = video.videoHeight;
      var F = window.MirrorFormulas, ub = b ? unmirror(b) : null, mismatch = false;
      if (a && ub) {
        // The gate's pass-identity rule (workers/pose.py): the two passes found different people.
        mismatch = F.identity_distance(F.to_pixels(a.image, w, h), F.to_pixels(ub.image, w, h)) > F.IDENTITY_TOLERANCE;
      }
      var both = b === undefined ? a : combine(a, ub); // undefined: one pass only
      // As the server: a ghost between two people is "a person here" with nothing measurable.
      if (mismatch) both.image.forEach(function (p) { p[2] = 0; });
      session.processed += 1;
      var now = performance.now();
      if (session.firstWall === null) session.firstWall = now;
      else session.fps = (session.processed - 1) / ((now - session.firstWall) / 1000);
      session.t = t;
      opts.onFrame({
        t: t, width: w, height: h, luma: luma,
        landmarks: both ? both.image : null,
        frame: both ? window.MirrorFormulas.to_pixels(both.image, w, h) : null,
        world: both ? both.world : null,
        mismatch: mismatch,
        side_by_side: !both && Boolean(sideBySide)
      });
    }

    function loop() {
      if (session.stopped) return;
      if (video.readyState < 2 || !video.videoWidth) { window.requestAnimationFrame(loop); return; }
      // The stream's own clock, from its first frame we process (a camera stream's currentTime
      // does not start at 0).
      if (t0 === null) t0 = video.currentTime;
      var t = video.currentTime - t0;
      if (t - lumaAt >= LUMA_EVERY_S) { luma = lumaOf(video, lumaCanvas); lumaAt = t; }
      // One camera frame drawn twice (as is, mirrored), so both passes see the same moment.
      [plain, mirror].forEach(function (c) { c.width = video.videoWidth; c.height = video.videoHeight; });
      plain.getContext("2d").drawImage(video, 0, 0);
      var mctx = mirror.getContext("2d");
      mctx.setTransform(-1, 0, 0, 1, mirror.width, 0);
      mctx.drawImage(video, 0, 0);
      var a = null, b = null;
      direct.run(plain).then(function (r) { a = r; return flipped ? flipped.run(mirror) : null; }).then(function (r) {
        b = r;
        // Nobody whole: two people side by side can hide each other from a one-person detector.
        // As workers/side_by_side.py: is there a person in the left 55 % and one in the right?
        if (a || b) { split = false; return null; }
        if (t - splitAt < SPLIT_EVERY_S) return null;
        splitAt = t;
        return splitCheck(plain).then(function (both) { split = both; });
      }).then(function () {
        if (!session.stopped) deliver(t, a, flipped ? b : undefined, split);
        window.setTimeout(loop, 0);
      }, function (err) {
        session.stopped = true;
        if (opts.onError) opts.onError(err);
      });
    }

    // Warm both graphs up on a blank picture first, so the camera's first seconds are not lost.
    var blank = document.createElement("canvas");
    blank.width = 256; blank.height = 256;
    // One after the other: two solutions loading their WASM at once share emscripten's globals.
    return direct.pose.initialize().then(function () { return direct.run(blank); })
      .then(function () { return flipped && flipped.pose.initialize(); })
      .then(function () { return flipped && flipped.run(blank); })
      .then(function () {
      return navigator.mediaDevices.getUserMedia({
        audio: false,
        video: { facingMode: opts.facingMode || "user", width: { ideal: 1280 }, height: { ideal: 720 } }
      });
    }).then(function (stream) {
      session.stream = stream;
      video.srcObject = stream;
      video.muted = true;
      video.setAttribute("playsinline", "");
      return video.play();
    }).then(function () {
      loop();
      return session;
    });
  }

  function stop(session) {
    if (!session) return;
    session.stopped = true;
    if (session.stream) session.stream.getTracks().forEach(function (track) { track.stop(); });
  }

  window.MirrorPose = { start: start, stop: stop };
})();
