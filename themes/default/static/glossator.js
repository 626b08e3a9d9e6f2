// Three small enhancements; every page reads in full without them. (One file: a page asks
// the server for as few files as it can.)
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

// 3. The margin keeps up with the text. The stylesheet stacks sidenotes, margin notes and glosses
// as floats, each below the one before: in a crowded passage they fall far behind the lines
// they explain. On a wide screen this script places them itself, each at its line or just
// below, and where one would push the next too far it shortens the one above to its first
// line or two (a gloss then starts with its passage's first words, its lemma). A shortened
// item opens in full, over its neighbours and never over the text, on hover, on a click or
// tap, and from its toggle by the keyboard (Enter opens, Escape closes). A passage and its
// gloss, or a note's number and the note, light up together when either is pointed at or
// focused. Without the script, and on a phone, the stylesheet's layout stands: every item in
// full.
(function () {
  "use strict";

  var ITEMS = ".sidenote, .marginnote, .gloss";
  var WIDE = window.matchMedia("not all and (max-width: 47.5em)");
  var root = document.documentElement;
  // The space kept between two items, and how far an item may stand below its line before the
  // ones above it are shortened, both in lines of the text.
  var GAP = 0.2;
  var CLOSE = 0.07;
  var DRIFT = 2;
  var RISE = 1;
  // The most lines a shortened item keeps.
  var KEPT = 8;

  function items() {
    return Array.prototype.slice.call(document.querySelectorAll("main " + ITEMS));
  }

  function callOf(item) {
    var call = item.previousElementSibling;
    return call && call.classList.contains("note-call") ? call : null;
  }

  // The top of the line the item's reference stands on: the last line box of the visible
  // node before it (the gloss's ◊, the sidenote's number, the word before a margin note).
  function lineTop(item) {
    for (var n = item.previousSibling; n; n = n.previousSibling) {
      var rects = [];
      if (n.nodeType === 1) rects = n.getClientRects();
      else if (n.nodeType === 3 && n.textContent.trim()) {
        var range = document.createRange();
        range.selectNodeContents(n);
        rects = range.getClientRects();
      }
      for (var i = rects.length - 1; i >= 0; i--) {
        if (rects[i].height > 0) return rects[i].top + window.scrollY;
      }
    }
    return item.parentElement.getBoundingClientRect().top + window.scrollY;
  }

  // The marks of a gloss's passage (more than one where it crosses an element).
  function passagesOf(gloss) {
    var slug = gloss.id.replace(/^gloss-/, "");
    return document.querySelectorAll('mark.gloss-passage[data-gloss="' + CSS.escape(slug) + '"]');
  }

  // A gloss's lemma: its passage's first words, as a critical apparatus cites them.
  function lemmaOf(gloss) {
    var passage = passagesOf(gloss)[0];
    if (!passage) return "";
    var words = passage.textContent.trim().split(/\s+/);
    return words.length > 3 ? words.slice(0, 2).join(" ") + " … " + words[words.length - 1] : words.join(" ");
  }

  /**
   * Places items given their lines (`line`), their heights in full and in each shortened form
   * (`heights`, longest first, each with the gap below it), how far one may stand below its line
   * (`drift`) and how far one may rise above it (`rise`); returns each item's top and the form it
   * takes (0 = in full).
   * Items that would overlap form a run, set one below the other as close to their lines as the
   * run allows: the least-squares placement, found by pooling adjacent violators, with no item
   * rising more than `rise` above its line. A run in which an item stands more than `drift`
   * below its line has one item shortened a step, the one that brings the run nearest its lines,
   * and is placed again, until every item is near enough or shortening helps no more; then
   * every item is given back what room allows.
   */
  function place(line, heights, drift, rise) {
    var n = line.length;
    var form = line.map(function () {
      return 0;
    });
    function height(i) {
      return heights[i][form[i]];
    }
    // Places items from..to alone; a run placed apart from its neighbours stays apart when one
    // of its items is shortened, so each run can be placed, and tried, by itself.
    function arrange(from, to) {
      // With o[i] the height of the items above i in the run, t[i] = s[i] + o[i], and "no
      // overlap" is s nondecreasing: an isotonic regression of line[i] - o[i].
      var o = [];
      var wanted = [];
      var offset = 0;
      for (var i = from; i <= to; i++) {
        o.push(offset);
        wanted.push(line[i] - offset);
        offset += height(i);
      }
      var blocks = [];
      for (var j = 0; j < wanted.length; j++) {
        blocks.push({ sum: wanted[j], count: 1 });
        while (blocks.length > 1) {
          var last = blocks[blocks.length - 1];
          var before = blocks[blocks.length - 2];
          if (before.sum / before.count <= last.sum / last.count) break;
          before.sum += last.sum;
          before.count += last.count;
          blocks.pop();
        }
      }
      var top = [];
      var lowest = -Infinity;
      var k = 0;
      blocks.forEach(function (block) {
        for (var m = 0; m < block.count; m++, k++) {
          lowest = Math.max(lowest, wanted[k] - rise);
          top.push(Math.max(block.sum / block.count, lowest) + o[k]);
        }
      });
      return top;
    }
    function shorter(i) {
      for (var f = form[i] + 1; f < heights[i].length; f++) {
        if (heights[i][f] < height(i)) return f;
      }
      return -1;
    }
    function longer(i) {
      for (var f = form[i] - 1; f > 0; f--) {
        if (heights[i][f] > height(i)) return f;
      }
      return 0;
    }
    // How late a run is: the squares of how far its items stand below their lines.
    function lateness(from, top) {
      var sum = 0;
      for (var i = 0; i < top.length; i++) {
        var late = Math.max(0, top[i] - line[from + i]);
        sum += late * late;
      }
      return sum;
    }
    var top = arrange(0, n - 1);
    for (var start = 0; start < n; ) {
      var end = start;
      while (end + 1 < n && top[end + 1] <= top[end] + height(end) + 0.5) end++;
      var worst = 0;
      for (var i = start; i <= end; i++) worst = Math.max(worst, top[i] - line[i]);
      if (worst <= drift) {
        start = end + 1;
        continue;
      }
      // Shorten, a step, the item whose shortening makes the run least late; place the run
      // again and look at it anew from its start.
      var best = -1;
      var bestLate = lateness(start, top.slice(start, end + 1));
      var bestTop = null;
      for (var c = start; c <= end; c++) {
        var was = form[c];
        var next = shorter(c);
        if (next < 0) continue;
        form[c] = next;
        var tried = arrange(start, end);
        var late = lateness(start, tried);
        if (late < bestLate) {
          best = c;
          bestLate = late;
          bestTop = tried;
        }
        form[c] = was;
      }
      if (best < 0) {
        start = end + 1;
        continue;
      }
      form[best] = shorter(best);
      for (var t = 0; t < bestTop.length; t++) top[start + t] = bestTop[t];
    }
    // A step taken early may prove needless once later ones are taken: give each shortened
    // item back a form as long as no item then stands further below its line than allowed,
    // or than it stood before.
    for (var grew = true; grew; ) {
      grew = false;
      for (var g = 0; g < n; g++) {
        if (form[g] === 0) continue;
        var was = form[g];
        form[g] = longer(g);
        var again = arrange(0, n - 1);
        var fits = again.every(function (at, k) {
          return at - line[k] <= Math.max(drift, top[k] - line[k]) + 0.5;
        });
        if (fits) {
          top = again;
          grew = true;
        } else form[g] = was;
      }
    }
    return { top: top, form: form };
  }

  var laidFor = "";

  function clear(list) {
    root.classList.remove("margin-laid");
    for (var i = 0; i < list.length; i++) {
      list[i].removeAttribute("data-short");
      list[i].style.removeProperty("--margin-top");
      list[i].style.removeProperty("--margin-left");
      list[i].style.removeProperty("--margin-width");
      list[i].style.removeProperty("--margin-lines");
    }
    var columns = document.querySelectorAll("[data-margin-room]");
    for (var c = 0; c < columns.length; c++) {
      columns[c].style.removeProperty("padding-bottom");
      columns[c].removeAttribute("data-margin-room");
    }
  }

  function layout() {
    var list = items();
    if (!list.length) return;
    clear(list);
    if (!WIDE.matches) return;
    // Where the stylesheet's floats stand across: the same place, without their stacking.
    // (Across only: a block that clears the floats stands lower while they stack, so the
    // boxes' tops are read once the items are out of the flow.) Each phase reads everything
    // before it writes, so the page is laid out once for it.
    var across = list.map(function (item) {
      var box = item.getBoundingClientRect();
      var parent = item.offsetParent || document.body;
      return {
        left: box.left - parent.getBoundingClientRect().left - parent.clientLeft,
        width: box.width,
      };
    });
    root.classList.add("margin-laid");
    list.forEach(function (item, i) {
      item.style.setProperty("--margin-left", across[i].left + "px");
      item.style.setProperty("--margin-width", across[i].width + "px");
      if (item.classList.contains("gloss") && !item.hasAttribute("data-lemma")) {
        item.setAttribute("data-lemma", lemmaOf(item));
      }
    });
    var text = parseFloat(getComputedStyle(list[0].parentElement).lineHeight) || 30;
    var line = list.map(lineTop);
    var origin = list.map(function (item) {
      var parent = item.offsetParent || document.body;
      return parent.getBoundingClientRect().top + window.scrollY + parent.clientTop;
    });
    // Each item's forms: in full, then keeping fewer lines, one at a time, down to one (a
    // shortened item hides two lines at least, or it is no shorter worth the name). Each height
    // holds the gap below the item: one-line items close up like the entries of an apparatus,
    // which is what lets a crowded paragraph keep its glosses beside it.
    var forms = list.map(function (item) {
      var style = getComputedStyle(item);
      var lineHeight = parseFloat(style.lineHeight) || 20;
      var frame = item.offsetHeight - item.clientHeight + parseFloat(style.paddingTop) +
        parseFloat(style.paddingBottom);
      var full = item.offsetHeight;
      var count = Math.round((full - frame) / lineHeight);
      var form = { kept: [0], heights: [full + GAP * text] };
      for (var k = Math.min(count - 2, KEPT); k >= 2; k--) {
        form.kept.push(k);
        form.heights.push(Math.ceil(k * lineHeight + frame) + GAP * text);
      }
      if (count >= 2) {
        form.kept.push(1);
        form.heights.push(Math.ceil(lineHeight + frame) + CLOSE * text);
      }
      return form;
    });
    var heights = forms.map(function (form) {
      return form.heights;
    });
    // An item may start up to a line above its own, beside the words before its reference.
    var placed = place(line, heights, DRIFT * text, RISE * text);
    var lowest = 0;
    list.forEach(function (item, i) {
      item.style.setProperty("--margin-top", placed.top[i] - origin[i] + "px");
      var form = placed.form[i];
      if (form > 0) {
        item.setAttribute("data-short", "");
        item.style.setProperty("--margin-lines", forms[i].kept[form]);
      }
      lowest = Math.max(lowest, placed.top[i] + heights[i][form]);
    });
    // Items that reach below the text keep the page's foot below them.
    var column = list[list.length - 1].closest("article") || document.querySelector("main");
    var end = column.getBoundingClientRect().bottom + window.scrollY;
    if (lowest > end) {
      column.setAttribute("data-margin-room", "");
      column.style.setProperty("padding-bottom", Math.ceil(lowest - end) + "px");
    }
  }

  // Lays the margin out again when the text's width or length changes (a resize, zoom, a
  // font or image arriving), but not for the room it made itself.
  var pending = false;
  function relayout() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () {
      pending = false;
      var main = document.querySelector("main");
      if (!main) return;
      var key = [WIDE.matches, main.clientWidth, textHeight(main)].join(" ");
      if (key === laidFor) return;
      laidFor = key;
      layout();
    });
  }
  function textHeight(main) {
    var last = main.querySelector("article > :last-child:not(" + ITEMS + ")") || main;
    return Math.round(last.getBoundingClientRect().bottom - main.getBoundingClientRect().top);
  }

  // Hovering or focusing a passage, a note's call or the item lights up the pair.
  function pairOf(target) {
    if (!target || !target.closest) return null;
    var item = target.closest(ITEMS);
    if (!item) {
      var passage = target.closest("mark.gloss-passage");
      var call = target.closest(".note-call");
      if (call) item = call.nextElementSibling;
      else if (passage) item = document.getElementById("gloss-" + passage.getAttribute("data-gloss"));
    }
    if (!item || !item.matches(ITEMS)) return null;
    var parts = [item];
    var call = callOf(item);
    if (call) parts.push(call);
    if (item.classList.contains("gloss")) {
      var marks = passagesOf(item);
      for (var i = 0; i < marks.length; i++) parts.push(marks[i]);
    }
    return parts;
  }
  // Pointing at a passage also shows its shortened gloss in full (`is-peek`), as hovering the
  // gloss itself does; the keyboard opens it with its toggle instead, and Escape closes it.
  var lit = [];
  function light(parts, peek) {
    for (var i = 0; i < lit.length; i++) lit[i].classList.remove("is-paired", "is-peek");
    lit = parts || [];
    for (var j = 0; j < lit.length; j++) lit[j].classList.add("is-paired");
    if (peek && lit.length) lit[0].classList.add("is-peek");
  }
  document.addEventListener("mouseover", function (event) {
    light(pairOf(event.target), true);
  });
  document.addEventListener("focusin", function (event) {
    light(pairOf(event.target), false);
  });

  // A click or tap on a shortened item opens it in full; another closes it. Links in it are
  // followed as usual.
  document.addEventListener("click", function (event) {
    if (!root.classList.contains("margin-laid")) return;
    var item = event.target.closest && event.target.closest(ITEMS);
    if (!item || !item.hasAttribute("data-short") || event.target.closest("a[href]")) return;
    var call = callOf(item);
    var toggle = call && call.querySelector("button.note-toggle");
    if (toggle) toggle.click();
  });

  // Paper has its own layout: the floats, and no room kept below the text.
  window.addEventListener("beforeprint", function () {
    clear(items());
    laidFor = "";
  });
  window.addEventListener("afterprint", relayout);
  WIDE.addEventListener("change", relayout);
  window.addEventListener("resize", relayout);
  window.addEventListener("load", relayout);
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(relayout);
  if (window.ResizeObserver) {
    var main = document.querySelector("main");
    if (main) new ResizeObserver(relayout).observe(main);
  }
  relayout();
})();
