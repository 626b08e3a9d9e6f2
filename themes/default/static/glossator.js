// Two small enhancements; every page reads in full without them.
// 1. Sidenotes, margin notes and glosses are closed until their toggles open them: on narrow
//    screens beneath their line; on wide ones, where they stand in the margin, to screen
//    readers and the keyboard, which otherwise read the essay's sentence without them (the
//    stylesheet shows every note, and they are read where they stand, without this script).
// 2. A glossary term shows its definition, and a citation its formatted reference, on hover,
//    on keyboard focus and on a first tap, below the word so it never covers it; it stays
//    while the pointer moves onto it; Escape closes it. Without the script they are plain
//    links to the glossary and the bibliography.
(function () {
  "use strict";

  var NOTES = ".sidenote, .marginnote, .gloss";

  function toggleOf(note) {
    return note && note.id
      ? document.querySelector('button.note-toggle[aria-controls="' + note.id + '"]')
      : null;
  }

  // A note's toggle says whether it is open; the note, the element it controls, follows. A
  // closed note is out of the way of screen readers and of the keyboard on every width.
  function setOpen(toggle, open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    var note = document.getElementById(toggle.getAttribute("aria-controls"));
    if (!note) return;
    note.classList.toggle("is-open", open);
    if (open) note.removeAttribute("aria-hidden");
    else note.setAttribute("aria-hidden", "true");
    var inside = note.querySelectorAll("a[href], button");
    for (var i = 0; i < inside.length; i++) {
      if (open) inside[i].removeAttribute("tabindex");
      else inside[i].setAttribute("tabindex", "-1");
    }
  }

  var toggles = document.querySelectorAll("button.note-toggle");
  for (var i = 0; i < toggles.length; i++) setOpen(toggles[i], false);
  // A sidenote's toggle says its number; the note does not say it again.
  var numbers = document.querySelectorAll(".sidenote > .sn-number");
  for (var j = 0; j < numbers.length; j++) numbers[j].setAttribute("aria-hidden", "true");

  // A link to a note (a second reference to a sidenote, an address ending #sn-2) opens it.
  function openTarget(id) {
    var note = id && document.getElementById(id);
    var toggle = note && note.matches(NOTES) ? toggleOf(note) : null;
    if (toggle) setOpen(toggle, true);
  }
  openTarget(decodeURIComponent(location.hash.slice(1)));
  window.addEventListener("hashchange", function () {
    openTarget(decodeURIComponent(location.hash.slice(1)));
  });

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest("button.note-toggle");
    if (!toggle) return;
    setOpen(toggle, toggle.getAttribute("aria-expanded") !== "true");
  });

  var popover = null;
  var owner = null;
  // A preview waits this long, once the pointer has left its word, for the pointer to reach
  // it (`leaving`); another word the pointer crosses on the way takes over after half as long
  // (`switching`).
  var GRACE = 400;
  var leaving = null;
  var switching = null;

  function settle() {
    clearTimeout(leaving);
    clearTimeout(switching);
    leaving = switching = null;
  }

  function hide() {
    settle();
    if (popover) popover.remove();
    popover = null;
    owner = null;
  }

  function show(term) {
    settle();
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

  function inPopover(target) {
    return popover !== null && target instanceof Node && popover.contains(target);
  }

  // The pointer may cross the gap between a word and its preview, and rest on the preview to
  // read it or follow a link in it: the preview closes only when the pointer has been away
  // from both for a moment.
  // Another word on the way to the preview takes over only if the pointer stays on it.
  document.addEventListener("mouseover", function (event) {
    var term = termOf(event.target);
    if (term && (!popover || term === owner)) {
      show(term);
    } else if (inPopover(event.target)) {
      settle();
    } else {
      clearTimeout(switching);
      switching = term
        ? setTimeout(function () {
            show(term);
          }, GRACE / 2)
        : null;
      if (popover && !leaving) leaving = setTimeout(hide, GRACE);
    }
  });

  // A touch does not hover: the first tap on a word shows its preview, a second tap on the
  // same word follows its link, and a tap anywhere else closes the preview.
  var tapped = null;
  document.addEventListener("pointerdown", function (event) {
    tapped = null;
    if (event.pointerType === "mouse") return;
    var term = termOf(event.target);
    if (term) tapped = { term: term, shown: owner === term };
    else if (!inPopover(event.target)) hide();
  });
  document.addEventListener("click", function (event) {
    var term = termOf(event.target);
    if (!term || !tapped || tapped.term !== term) return;
    if (!tapped.shown) {
      event.preventDefault();
      show(term);
    }
  });

  document.addEventListener("focusin", function (event) {
    var term = termOf(event.target);
    if (term) show(term);
    else if (!inPopover(event.target)) hide();
  });
  document.addEventListener("focusout", function (event) {
    if (termOf(event.target) === owner && !inPopover(event.relatedTarget)) hide();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    if (popover) {
      hide();
      return;
    }
    // Escape closes the open note that has the focus, or whose toggle has it, and leaves the
    // focus on the toggle.
    var active = document.activeElement;
    if (!active || !active.closest) return;
    var note = active.closest(NOTES);
    var toggle = note ? toggleOf(note) : active.closest("button.note-toggle");
    if (toggle && toggle.getAttribute("aria-expanded") === "true") {
      toggle.focus();
      setOpen(toggle, false);
    }
  });
  window.addEventListener("resize", hide);
})();
