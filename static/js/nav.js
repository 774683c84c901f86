// Navigation enhancements (the pages work without them):
// - a sub-menu that scrolls sideways on a phone starts with its current tab in view;
// - the group switcher and the tab bar's "More" menu close on Escape or a tap elsewhere.
(function () {
  "use strict";

  function showCurrent(strip) {
    var current = strip.querySelector("[aria-current]");
    if (!current || strip.scrollWidth <= strip.clientWidth) return;
    var left = current.offsetLeft;  // .subnav is position: relative
    var right = left + current.offsetWidth;
    if (left < strip.scrollLeft || right > strip.scrollLeft + strip.clientWidth) {
      strip.scrollLeft = Math.max(0, left - (strip.clientWidth - current.offsetWidth) / 2);
    }
  }

  function markEdges(strip) {
    var more = strip.scrollWidth - strip.clientWidth - strip.scrollLeft > 2;
    strip.classList.toggle("subnav--more-right", more);
    strip.classList.toggle("subnav--more-left", strip.scrollLeft > 2);
  }

  function init() {
    document.querySelectorAll(".subnav").forEach(function (strip) {
      showCurrent(strip);
      markEdges(strip);
      strip.addEventListener("scroll", function () { markEdges(strip); }, { passive: true });
    });

    var menus = document.querySelectorAll("details[data-closes]");
    document.addEventListener("click", function (event) {
      menus.forEach(function (menu) {
        if (menu.open && !menu.contains(event.target)) menu.open = false;
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      menus.forEach(function (menu) {
        if (menu.open) {
          menu.open = false;
          menu.querySelector("summary").focus();
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
