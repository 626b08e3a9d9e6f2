// Folds sidenotes and margin notes behind their toggles on narrow screens. The stylesheet
// shows every note when this script does not run, so no reader depends on it.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest("button.note-toggle");
    if (!toggle) return;
    var open = toggle.getAttribute("aria-expanded") === "true";
    toggle.setAttribute("aria-expanded", open ? "false" : "true");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var toggle = document.activeElement;
    if (toggle && toggle.matches && toggle.matches("button.note-toggle[aria-expanded=true]")) {
      toggle.setAttribute("aria-expanded", "false");
    }
  });
})();
