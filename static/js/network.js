// The network page's node-link picture is for wide screens: when the screen is wide (now
// or later), ask for it (/g/<slug>/network/picture, same period and focus) and put it in
// place, so a phone neither builds nor downloads it. Without JavaScript, the link in its
// place shows the page with the picture in it.
(function () {
  "use strict";
  var figure = document.querySelector("figure[data-picture]");
  if (!figure || !window.fetch || !window.matchMedia) return;
  var wide = window.matchMedia("(min-width: 48rem)");  // as .wide-only in app.css
  var asked = false;

  function failed() {
    asked = false;
    var note = figure.querySelector(".netfig__fallback");
    if (note) note.firstChild.textContent = "The picture could not be loaded. ";
  }

  function load() {
    if (asked || !wide.matches || figure.querySelector("svg")) return;
    asked = true;
    figure.setAttribute("aria-busy", "true");
    fetch(figure.getAttribute("data-picture"), { credentials: "same-origin" })
      .then(function (response) {
        // Signed out meanwhile: the answer is the sign-in page, not a picture.
        if (!response.ok || response.redirected) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (drawing) {
        if (drawing.lastIndexOf("<svg", 0) !== 0) throw new Error("not a picture");
        figure.innerHTML = drawing;
      })
      .catch(failed)
      .then(function () { figure.removeAttribute("aria-busy"); });
  }

  load();
  if (wide.addEventListener) wide.addEventListener("change", load);
})();
