/* The weekly meeting, enhanced: running timers, live updates without reload, and taps that
 * survive a few seconds without network. Every action is an ordinary form POST that works
 * without this file; here the same forms are sent with fetch, queued while the network is
 * away and retried in order, so the next tap is never lost. */
(function () {
  "use strict";

  var CYCLE = ["present", "late", "absent", "medical", "substitute"];
  var LABELS = {present: "Present", late: "Late", absent: "Absent", medical: "Medical",
                substitute: "Substitute", "": "Tap to mark"};
  var queue = [];
  var sending = false;
  var audio = null;

  /* --- sound and vibration, where the browser allows them ------------------------- */
  function beep(times) {
    if (navigator.vibrate) { navigator.vibrate(times > 1 ? [200, 100, 200] : 150); }
    if (!audio) { return; }
    for (var i = 0; i < times; i++) {
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.frequency.value = 880;
      gain.gain.value = 0.2;
      osc.connect(gain);
      gain.connect(audio.destination);
      var at = audio.currentTime + i * 0.35;
      osc.start(at);
      osc.stop(at + 0.2);
    }
  }
  function enableSound() {
    if (audio || !(window.AudioContext || window.webkitAudioContext)) { return; }
    audio = new (window.AudioContext || window.webkitAudioContext)();
  }

  /* --- timers --------------------------------------------------------------------- */
  function setUpTimers(root) {
    root.querySelectorAll("[data-timer]").forEach(function (el) {
      el.offset = Number(el.dataset.serverNow) - Date.now();
      el.lastLeft = null;
    });
  }
  function format(seconds) {
    var s = Math.abs(seconds);
    return (seconds < 0 ? "−" : "") + Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }
  function tick() {
    document.querySelectorAll("[data-timer]").forEach(function (el) {
      if (el.offset === undefined) { el.offset = Number(el.dataset.serverNow) - Date.now(); }
      var left = Math.ceil((Number(el.dataset.deadline) - (Date.now() + el.offset)) / 1000);
      var out = el.querySelector("[data-left]");
      if (out) { out.textContent = format(left); }
      el.classList.toggle("timer--low", left <= 10 && left > 0);
      el.classList.toggle("timer--over", left <= 0);
      if (el.lastLeft !== null && el.lastLeft > 10 && left <= 10) { beep(1); }
      if (el.lastLeft !== null && el.lastLeft > 0 && left <= 0) { beep(2); }
      el.lastLeft = left;
    });
  }

  /* --- live regions: poll for the state, swap it in when it changed --------------- */
  function swapLive(container, html) {
    container.innerHTML = html;
    setUpTimers(container);
  }
  function currentVersion(container) {
    var inner = container.querySelector("[data-version]");
    return inner ? inner.dataset.version : null;
  }
  function poll(container) {
    var every = Number(container.dataset.poll) || 3000;
    function once() {
      if (queue.length || document.hidden) { return setTimeout(once, every); }
      var seen = currentVersion(container);  /* the server answers without HTML if unchanged */
      var url = container.dataset.live + (seen === null ? "" : "?since=" + encodeURIComponent(seen));
      fetch(url, {headers: {"X-Requested-With": "fetch"}, cache: "no-store"})
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (data && data.html && String(data.version) !== currentVersion(container)) {
            swapLive(container, data.html);
          }
          netState(false);
        })
        .catch(function () { netState(true); })
        .finally(function () { setTimeout(once, every); });
    }
    setTimeout(once, every);
  }

  /* --- the queue of taps ---------------------------------------------------------- */
  function netState(offline) {
    var el = document.querySelector("[data-netstate]");
    if (!el) { return; }
    if (offline || queue.length) {
      el.hidden = false;
      el.textContent = offline ? "No network: " + queue.length + " tap(s) waiting, retrying…"
                               : "Saving " + queue.length + "…";
    } else {
      el.hidden = true;
    }
  }
  function enqueue(job) {
    queue.push(job);
    netState(false);
    drain();
  }
  function drain() {
    if (sending || !queue.length) { return; }
    sending = true;
    var job = queue[0];
    fetch(job.url, {method: "POST", body: job.body, credentials: "same-origin",
                    headers: {"X-Requested-With": "fetch"}})
      .then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("json") >= 0;
        return (json ? response.json() : Promise.resolve(null)).then(function (data) {
          return {status: response.status, data: data};
        });
      })
      .then(function (result) {
        queue.shift();
        sending = false;
        if (result.data) {
          job.done(result.status, result.data);
        } else {  /* signed out, gone, refused: the server said no, retrying will not help */
          say("That tap was not saved (" + result.status + "). Reload the page.");
        }
        netState(false);
        drain();
      })
      .catch(function () {  /* no network: keep the tap and try again shortly */
        sending = false;
        netState(true);
        setTimeout(drain, 1500);
      });
  }
  function say(message) {
    if (!message) { return; }
    var flashes = document.querySelector(".flashes");
    if (!flashes) {
      flashes = document.createElement("div");
      flashes.className = "flashes";
      flashes.setAttribute("role", "status");
      document.getElementById("content").prepend(flashes);
    }
    var p = document.createElement("p");
    p.className = "flash flash--warning";
    p.textContent = message;
    flashes.replaceChildren(p);
  }

  /* --- roll call: optimistic taps -------------------------------------------------- */
  function showMark(form, mark) {
    var button = form.querySelector("button");
    CYCLE.concat(["none"]).forEach(function (m) { button.classList.remove("tap--" + m); });
    button.classList.add("tap--" + (mark || "none"));
    form.querySelector("[data-mark]").textContent = LABELS[mark || ""];
    button.setAttribute("aria-label", button.dataset.name + ": " +
                        (mark ? LABELS[mark] : "not marked") + ". Tap for the next mark.");
    form.elements.seen.value = mark;
  }
  function countMarked() {
    var out = document.querySelector("[data-marked]");
    if (!out) { return; }
    var forms = document.querySelectorAll("form[data-tap]");
    var marked = 0;
    forms.forEach(function (f) { if (f.elements.seen.value) { marked++; } });
    out.textContent = marked + "/" + forms.length + " marked";
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches("form[data-tap]")) {
      event.preventDefault();
      var seen = form.elements.seen.value;
      var next = seen ? CYCLE[(CYCLE.indexOf(seen) + 1) % CYCLE.length] : CYCLE[0];
      var body = new FormData(form);
      showMark(form, next);
      countMarked();
      var button = form.querySelector("button");
      button.classList.add("is-pending");
      enqueue({url: form.getAttribute("action"), body: body, done: function (status, data) {
        button.classList.remove("is-pending");
        if (status === 409 || status === 200) {
          if (data.status !== form.elements.seen.value && !queue.some(function (j) { return j.form === form; })) {
            showMark(form, data.status);
            countMarked();
          }
          say(data.message);
          if (data.needs_substitute && !queue.length) {
            location.hash = form.parentElement.id;
            location.reload();
          }
        }
      }, form: form});
    } else if (form.matches("form[data-console]")) {
      event.preventDefault();
      enableSound();
      var container = document.querySelector("[data-live]");
      enqueue({url: form.getAttribute("action"), body: new FormData(form), done: function (status, data) {
        if (data && data.html) { swapLive(container, data.html); }
        if (status !== 200) { say(data && data.message); }
        else if (data.message) { say(data.message); }
        if (status === 200 && form.elements.action.value === "end") { location.reload(); }
      }});
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    setUpTimers(document);
    setInterval(tick, 250);
    document.querySelectorAll("[data-live]").forEach(poll);
    var sound = document.querySelector("[data-sound]");
    if (sound) {
      sound.hidden = false;
      sound.addEventListener("click", function () {
        enableSound();
        beep(1);
        sound.hidden = true;
      });
    }
    document.addEventListener("pointerdown", enableSound, {once: true});
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
