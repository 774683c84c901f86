// The network page's heavy pieces are not in the page: the node-link picture (for wide
// screens) and the organizers' give/receive matrix. Each sits in an element with
// data-fragment (its address: same period and focus as the page); on a wide screen (now,
// or once the tablet is turned) the script asks for it and puts it in place, and on a
// phone the matrix comes when its "Show the matrix" link is tapped. So a phone neither
// builds nor downloads what it does not show. Without JavaScript the links in their
// place show the page with them in it.
(function () {
  "use strict";
  var slots = document.querySelectorAll("[data-fragment]");
  if (!slots.length || !window.fetch || !window.matchMedia) return;
  var wide = window.matchMedia("(min-width: 48rem)");  // as .wide-only in app.css

  function failed(slot) {
    slot.removeAttribute("data-asked");
    var note = slot.querySelector(".fragment__fallback");
    if (note && !note.querySelector(".fragment__error")) {
      var error = document.createElement("span");
      error.className = "fragment__error";
      error.textContent = "The " + slot.getAttribute("data-name") + " could not be loaded. ";
      note.insertBefore(error, note.firstChild);
    }
  }

  function load(slot) {
    if (slot.hasAttribute("data-asked") || !slot.querySelector(".fragment__fallback")) return;
    slot.setAttribute("data-asked", "");
    slot.setAttribute("aria-busy", "true");
    fetch(slot.getAttribute("data-fragment"), { credentials: "same-origin" })
      .then(function (response) {
        // Signed out meanwhile: the answer is the sign-in page, not the piece.
        if (!response.ok || response.redirected || !response.headers.get("X-Fragment")) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) { slot.innerHTML = html; })
      .catch(function () { failed(slot); })
      .then(function () { slot.removeAttribute("aria-busy"); });
  }

  function loadWide() {
    if (!wide.matches) return;
    slots.forEach(function (slot) {
      if (slot.getAttribute("data-auto") === "wide") load(slot);
    });
  }

  slots.forEach(function (slot) {
    var link = slot.querySelector(".fragment__fallback a");
    if (!link) return;
    link.addEventListener("click", function (event) {
      event.preventDefault();
      load(slot);
    });
  });
  loadWide();
  if (wide.addEventListener) wide.addEventListener("change", loadWide);
})();
