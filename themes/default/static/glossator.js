// Two small enhancements; every page reads in full without them.
// 1. Sidenotes, margin notes and glosses fold behind their toggles on narrow screens (the
//    stylesheet shows every note when this script does not run).
// 2. A glossary term shows its definition, and a citation its formatted reference, on hover
//    and on keyboard focus, below the word so it never covers it; Escape closes it. Without
//    the script they are plain links to the glossary and the bibliography.
(function () {
  "use strict";

  // A note's toggle says whether it is open; the note, the element it controls, follows.
  function setOpen(toggle, open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    var note = document.getElementById(toggle.getAttribute("aria-controls"));
    if (note) note.classList.toggle("is-open", open);
  }

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest("button.note-toggle");
    if (!toggle) return;
    setOpen(toggle, toggle.getAttribute("aria-expanded") !== "true");
  });

  var popover = null;
  var owner = null;

  function hide() {
    if (popover) popover.remove();
    popover = null;
    owner = null;
  }

  function show(term) {
    if (owner === term) return;
    var definition = document.getElementById(term.getAttribute("aria-describedby"));
    if (!definition) return;
    hide();
    popover = document.createElement("div");
    popover.className = "term-popover";
    popover.setAttribute("role", "tooltip");
    popover.innerHTML = definition.innerHTML;
    document.body.appendChild(popover);
    owner = term;
    var box = term.getBoundingClientRect();
    var width = popover.offsetWidth;
    var page = document.documentElement.clientWidth;
    var left = Math.max(8, Math.min(box.left, page - width - 8));
    popover.style.left = window.scrollX + left + "px";
    popover.style.top = window.scrollY + box.bottom + 6 + "px";
  }

  function termOf(target) {
    return target && target.closest
      ? target.closest("a.term[aria-describedby], a.citation[aria-describedby]")
      : null;
  }

  document.addEventListener("mouseover", function (event) {
    var term = termOf(event.target);
    if (term) show(term);
    else if (popover && !popover.contains(event.target)) hide();
  });
  document.addEventListener("focusin", function (event) {
    var term = termOf(event.target);
    if (term) show(term);
    else hide();
  });
  document.addEventListener("focusout", function (event) {
    if (termOf(event.target) === owner) hide();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    if (popover) {
      hide();
      return;
    }
    var toggle = document.activeElement;
    if (toggle && toggle.matches && toggle.matches("button.note-toggle[aria-expanded=true]")) {
      setOpen(toggle, false);
    }
  });
  window.addEventListener("resize", hide);
})();
