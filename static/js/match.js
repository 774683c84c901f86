// "Who fits this need?" on the give-referral form: asks /g/<slug>/match.json with the
// need typed so far and lists the members who fit; a click fills the receiver.
// Without JavaScript the box stays hidden and the form works as before.
(function () {
  var box = document.getElementById("match-hint");
  var need = document.getElementById("need");
  var select = document.getElementById("receiver");
  if (!box || !need || !select || !window.fetch) return;
  var urls = JSON.parse(box.getAttribute("data-urls") || "{}");
  var groupSelect = document.getElementById("group");
  var button = document.getElementById("match-hint-button");
  var status = document.getElementById("match-hint-status");
  var list = document.getElementById("match-hint-list");
  var timer = null, asked = "", seq = 0, feedbackUrl = "";
  var tokenInput = document.querySelector('input[name="csrf_token"]');
  if (!Object.keys(urls).length) return;
  box.hidden = false;

  function url() {
    var key = groupSelect && urls[groupSelect.value] ? groupSelect.value : Object.keys(urls)[0];
    return urls[key];
  }

  function say(text) { status.textContent = text; }

  function pick(result) {
    var option = Array.prototype.find.call(select.options, function (o) {
      return o.value === String(result.id);
    });
    if (!option) { say(result.name + " is not in the list of members you can refer to."); return; }
    option.hidden = false;
    select.value = option.value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
    say("Referring to " + result.name + ". You can still change it above.");
    select.focus();
  }

  function show(results) {
    list.textContent = "";
    if (!results.length) { say("Nobody fits those words yet: try describing the problem."); return; }
    say(results.length === 1 ? "One member fits:" : results.length + " members fit, best first:");
    results.forEach(function (r) {
      var li = document.createElement("li");
      var b = document.createElement("button");
      b.type = "button";
      b.className = "matchhint__pick";
      var name = document.createElement("strong");
      name.textContent = r.name;
      var meta = document.createElement("span");
      meta.className = "matchhint__meta";
      meta.textContent = [r.category, r.business].filter(Boolean).join(" · ");
      var why = document.createElement("span");
      why.className = "matchhint__why";
      why.textContent = r.sentence ? r.why + ": “" + r.sentence + "”" : r.why;
      b.appendChild(name); b.appendChild(meta); b.appendChild(why);
      b.addEventListener("click", function () { pick(r); });
      li.appendChild(b);
      if (feedbackUrl) li.appendChild(verdicts(r));
      list.appendChild(li);
    });
  }

  // "Good fit" / "Wrong person" on a suggestion. The need typed here belongs to the
  // referral being written, so the server keeps no text from this form (source=give).
  function verdicts(r) {
    var box = document.createElement("div");
    box.className = "matchhint__verdicts";
    [["good", "Good fit"], ["wrong", "Wrong person"]].forEach(function (pair) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "button button--secondary button--small";
      b.textContent = pair[1];
      b.setAttribute("aria-label", pair[1] + ": " + r.name);
      b.addEventListener("click", function () { tell(r, pair[0], box); });
      box.appendChild(b);
    });
    return box;
  }

  function tell(r, verdict, box) {
    var body = new URLSearchParams();
    body.set("q", asked);
    body.set("member", String(r.id));
    body.set("position", String(r.position));
    body.set("source", "give");
    body.set("verdict", verdict);
    if (tokenInput) body.set("csrf_token", tokenInput.value);
    fetch(feedbackUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json();
    }).then(function (reply) {
      box.textContent = reply.message || reply.error || "Could not send that just now.";
    }).catch(function () { box.textContent = "Could not send that just now."; });
  }

  function ask(force) {
    var q = need.value.trim();
    if (q.length < 3) { if (force) say("Type a few words about what they need first."); return; }
    if (q === asked && !force) return;
    asked = q;
    var mine = ++seq;
    say("Looking…");
    fetch(url() + "?q=" + encodeURIComponent(q.slice(0, 1000)), {
      headers: { "Accept": "application/json" }, credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (reply) {
      if (mine !== seq) return;
      if (!reply.ok) { list.textContent = ""; say(reply.body.error || "Could not match just now."); return; }
      feedbackUrl = reply.body.feedback_url || "";
      show(reply.body.results);
    }).catch(function () { if (mine === seq) say("Could not match just now."); });
  }

  button.addEventListener("click", function () { ask(true); });
  need.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { ask(false); }, 600);
  });
  if (groupSelect) groupSelect.addEventListener("change", function () { asked = ""; ask(false); });
})();
