// Small progressive enhancements for the shell; every page works without them.
// Loaded with `defer` from base.html. No inline scripts anywhere (Content Security Policy).
(function () {
  "use strict";

  var dropdowns = function () {
    return document.querySelectorAll("details.dropdown");
  };

  // Opening one menu closes the others.
  document.addEventListener(
    "toggle",
    function (event) {
      var opened = event.target;
      if (!(opened instanceof HTMLDetailsElement) || !opened.classList.contains("dropdown")) {
        return;
      }
      if (!opened.open) {
        return;
      }
      dropdowns().forEach(function (other) {
        if (other !== opened) {
          other.open = false;
        }
      });
    },
    true
  );

  // A click outside, or Escape, closes any open menu (Escape returns focus to its summary).
  document.addEventListener("click", function (event) {
    dropdowns().forEach(function (menu) {
      if (menu.open && !menu.contains(event.target)) {
        menu.open = false;
      }
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    dropdowns().forEach(function (menu) {
      if (menu.open) {
        menu.open = false;
        var summary = menu.querySelector("summary");
        if (summary) {
          summary.focus();
        }
      }
    });
  });
})();
