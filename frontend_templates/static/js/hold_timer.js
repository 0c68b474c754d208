/* The hold timer on the Today page (programs/_hold_timer.html): Start → 3 s to get into position →
 * the hold counts down → a beep (WebAudio) and a buzz (navigator.vibrate) at the end. A screen
 * reader hears the start, 10 s left, 3-2-1 and the end (aria-live), not every tick. The seconds
 * held go into the set's "Hold (seconds)" box, also when stopped early. No network, no storage. */
(function () {
  "use strict";
  var READY_S = 3;
  var audio = null;

  function beep(times) {
    // Created on the first press: browsers only allow sound started by a tap.
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return false;
    audio = audio || new Ctx();
    for (var i = 0; i < times; i++) {
      var osc = audio.createOscillator(), gain = audio.createGain(), at = audio.currentTime + i * 0.35;
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.4, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.25);
      osc.connect(gain); gain.connect(audio.destination);
      osc.start(at); osc.stop(at + 0.3);
    }
    return true;
  }

  function setup(box) {
    var seconds = parseInt(box.getAttribute("data-seconds"), 10);
    var left = box.querySelector(".hold-left"), say = box.querySelector(".hold-say"), button = box.querySelector(".hold-start");
    var card = box.closest(".exercise");
    var input = card ? card.querySelector("input[name=hold_s]") : null;
    var startAt = null, tick = null, spoken = {};
    var label = button.textContent;

    function announce(words, key) { if (!spoken[key]) { spoken[key] = true; say.textContent = words; } }
    function state(s) { box.setAttribute("data-state", s); box.classList.toggle("running", s === "ready" || s === "holding"); }

    function end(held, finished) {
      window.clearInterval(tick); tick = null;
      held = Math.max(0, Math.min(seconds, Math.round(held)));
      if (input) input.value = String(held);
      state(finished ? "done" : "stopped");
      left.textContent = finished ? "0" : String(seconds);
      if (finished) {
        box.setAttribute("data-beeped", beep(2) ? "1" : "0");
        box.setAttribute("data-vibrated", navigator.vibrate && navigator.vibrate([200, 100, 200]) ? "1" : "0");
        say.textContent = "Done: " + held + " s held. Log the set below" + (box.hasAttribute("data-per-side") ? ", then the other side." : ".");
      } else {
        say.textContent = held ? "Stopped after " + held + " s." : "Stopped.";
      }
      button.textContent = finished ? "Start again" : label;
    }

    function update() {
      var t = (performance.now() - startAt) / 1000;
      if (t < READY_S) {
        state("ready");
        left.textContent = String(Math.ceil(READY_S - t));
        announce("Get into position: " + READY_S + " seconds.", "ready");
        return;
      }
      var remaining = seconds - (t - READY_S);
      if (remaining <= 0) { end(seconds, true); return; }
      if (box.getAttribute("data-state") !== "holding") { state("holding"); beep(1); }
      left.textContent = String(Math.ceil(remaining));
      announce("Hold: " + seconds + " seconds.", "hold");
      if (remaining <= 10 && seconds > 12) announce("10 seconds left.", "ten");
      if (remaining <= 3 && seconds > 3) announce(Math.ceil(remaining) + " s left.", "c" + Math.ceil(remaining));
    }

    button.addEventListener("click", function () {
      if (tick !== null) {
        var t = (performance.now() - startAt) / 1000;
        end(Math.max(0, t - READY_S), false);
        return;
      }
      beep(0); // unlocks audio inside the tap
      spoken = {};
      startAt = performance.now();
      button.textContent = "Stop";
      box.removeAttribute("data-beeped");
      update();
      tick = window.setInterval(update, 100);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll(".hold-timer"), setup);
})();
