// glossator serve: added to the pages it serves, never to a built site. It listens for the
// server's word after each build: `reload` brings the page back at the paragraph the reader
// was at; `failed` shows the build's diagnostics over the last good page; `ok` takes them
// down.
(function () {
  "use strict";

  var script = document.currentScript;
  var KEY = "glossator-serve-position";
  var BLOCKS = "p[id], li[id], dt[id], dd[id], h1[id], h2[id], h3[id], h4[id], h5[id], h6[id], " +
    "blockquote[id], figure[id], tr[id], section[id], aside[id]";
  var host = null;

  // The first block with an id that is still on screen: the paragraph the reader is at.
  function remember() {
    var blocks = document.querySelectorAll(BLOCKS);
    var at = null;
    for (var i = 0; i < blocks.length; i++) {
      var box = blocks[i].getBoundingClientRect();
      if ((box.width || box.height) && box.bottom > 0) { at = { id: blocks[i].id, top: box.top }; break; }
    }
    try {
      sessionStorage.setItem(KEY, JSON.stringify({
        path: location.pathname, id: at && at.id, top: at ? at.top : 0, y: window.scrollY
      }));
    } catch (e) { /* storage refused: the browser's own restoring does */ }
    history.scrollRestoration = "manual";
  }

  function restore() {
    var saved = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(KEY));
      sessionStorage.removeItem(KEY);
    } catch (e) { return; }
    if (!saved || saved.path !== location.pathname) return;
    var placed = null;
    var place = function () {
      // Once the reader scrolls, their place wins over ours.
      if (placed !== null && Math.abs(window.scrollY - placed) > 2) return;
      var target = saved.id && document.getElementById(saved.id);
      if (target) window.scrollBy(0, target.getBoundingClientRect().top - saved.top);
      else window.scrollTo(0, saved.y);
      placed = window.scrollY;
    };
    place();
    // Fonts and images that arrive later move the text; put it back under the reader.
    window.addEventListener("load", place);
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(place);
  }

  function hide() {
    if (host) host.remove();
    host = null;
  }

  function element(name, text, className) {
    var e = document.createElement(name);
    if (text) e.textContent = text;
    if (className) e.className = className;
    return e;
  }

  function show(report) {
    hide();
    host = document.createElement("div");
    host.id = "glossator-serve-overlay";
    // Its own tree, so that neither the theme's styles nor its scripts reach into it.
    var root = host.attachShadow({ mode: "open" });
    var style = element("style");
    style.textContent =
      ":host{all:initial}" +
      "section{position:fixed;left:0;right:0;bottom:0;z-index:2147483647;max-height:60vh;overflow:auto;" +
      "box-sizing:border-box;padding:1rem 1.25rem;background:#fffaf3;color:#1f1f1f;border-top:4px solid #b3261e;" +
      "font:15px/1.45 system-ui,sans-serif;box-shadow:0 -4px 16px rgba(0,0,0,.2)}" +
      "h2{font-size:1rem;margin:0 0 .5rem;color:#b3261e}" +
      "ol{margin:0;padding-left:1.25rem}li{margin:.5rem 0}" +
      ".place{font-family:ui-monospace,monospace;font-weight:600}.help{color:#33507a}" +
      "pre{margin:.25rem 0 0;padding:.5rem;background:#f1ece4;overflow:auto;font-size:13px}" +
      "button{float:right;font:inherit;padding:.1rem .6rem;cursor:pointer}";
    var section = element("section");
    section.setAttribute("role", "alert");
    var close = element("button", "Hide");
    close.type = "button";
    close.addEventListener("click", hide);
    section.appendChild(close);
    section.appendChild(element("h2", "The edition does not build: " + report.errors + " error" +
      (report.errors === 1 ? "" : "s") + ". This page is the last good build."));
    var list = element("ol");
    report.diagnostics.forEach(function (d) {
      var item = element("li");
      item.appendChild(element("div", d.line ? d.file + ":" + d.line : d.file, "place"));
      item.appendChild(element("div", d.severity + ": " + d.message, "message"));
      if (d.help) item.appendChild(element("div", "help: " + d.help, "help"));
      if (d.report) item.appendChild(element("pre", d.report));
      list.appendChild(item);
    });
    section.appendChild(list);
    root.appendChild(style);
    root.appendChild(section);
    document.documentElement.appendChild(host);
  }

  restore();
  if (!window.EventSource || !script) return;
  var query = "?pages=" + encodeURIComponent(script.getAttribute("data-pages") || "") +
    "&since=" + encodeURIComponent(script.getAttribute("data-generation") || "0") +
    "&server=" + encodeURIComponent(script.getAttribute("data-server") || "");
  var events = new EventSource("/__glossator/events" + query);
  // What the page last heard, on its own script element, for tests and the curious.
  var heard = function (word) { script.setAttribute("data-state", word); };
  events.addEventListener("reload", function () {
    heard("reload");
    events.close();
    remember();
    location.reload();
  });
  events.addEventListener("failed", function (e) { heard("failed"); show(JSON.parse(e.data)); });
  events.addEventListener("ok", function () { heard("ok"); hide(); });
})();
