// node --test: the shared vectors against the browser's port (static/js/mirror_formulas.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const F = require("../../frontend_templates/static/js/mirror_formulas.js");
const V = JSON.parse(readFileSync(new URL("./formula_vectors.json", import.meta.url)));

function frame(name) {
  const sparse = V.frames[name];
  return Array.from({ length: 33 }, (_, i) => sparse[String(i)] || [0, 0, 0]);
}
const arg = (a) => (Array.isArray(a) ? a.map(arg) : typeof a === "string" && a.startsWith("@") ? frame(a.slice(1)) : a);
function close(actual, expected, what) {
  if (typeof expected === "number") assert.ok(Math.abs(actual - expected) <= V.tolerance, `${what}: ${actual} != ${expected}`);
  else assert.deepEqual(actual, expected, what);
}

for (const c of V.cases) {
  test(`${c.fn} ${JSON.stringify(c.args.slice(1, 3))}`, () => {
    close(F[c.fn](...c.args.map(arg)), c.expected, c.fn);
  });
}

for (const c of V.level) {
  test(`level ${c.roll_deg}`, () => {
    const out = F.level(arg(c.frame), c.roll_deg, c.width, c.height);
    for (const [index, want] of Object.entries(c.expected)) want.forEach((v, k) => close(out[Number(index)][k], v, `point ${index}`));
    if ("then_roll" in c) close(F.camera_roll_deg([out, out, out]), c.then_roll, "roll");
  });
}

for (const name of ["plie_counter", "plie_counter_rise_jitter", "plie_counter_sparse", "plie_counter_bottom"]) test(`${name} sequence`, () => {
  const s = V.sequences[name];
  const counter = new F.PlieCounter(s.leg_length, s.standing_hip_y);
  for (const [t, y, offsets] of s.samples) counter.update(t, y, offsets);
  assert.equal(counter.reps.length, s.expected_reps.length);
  counter.reps.forEach((rep, i) => {
    const want = s.expected_reps[i];
    close(rep.t_s, want.t_s, "t_s");
    close(rep.depth_pct, want.depth_pct, "depth");
    close(rep.offset_pct.left, want.offset_pct.left, "left");
    close(rep.offset_pct.right, want.offset_pct.right, "right");
  });
});

for (const name of ["hold_timer", "hold_timer_short_gap"]) test(`${name} sequence`, () => {
  const s = V.sequences[name];
  const timer = new F.HoldTimer();
  for (const [t, raised] of s.samples) timer.update(t, raised);
  assert.equal(timer.stance, s.expected.stance);
  assert.equal(timer.touchdowns, s.expected.touchdowns);
  assert.equal(timer.ended, s.expected.ended);
  close(timer.lift_t_s, s.expected.lift_t_s, "lift");
  close(timer.hold_s, s.expected.hold_s, "hold");
});

test("calibration sequence", () => {
  const s = V.sequences.calibration;
  const cal = new F.Calibration();
  for (const name of s.frames) cal.update(frame(name.slice(1)));
  close(cal.leg_length(), s.expected.leg_length, "leg");
  close(cal.standing_hip_y(), s.expected.standing_hip_y, "hip");
  for (const [side, want] of Object.entries(s.expected.side_leg_length)) close(cal.side_leg_length(side), want, side);
});
