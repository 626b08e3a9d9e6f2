// Search: the field in every page's header, the search page, and the words a result leads to
// marked on arrival. The index is made at build time (glossator's src/search) and written as
// scripts under search/: index.js says what there is, w-*.js hold the words by their first
// letters, d-*.js the documents. Each is loaded with a <script> element the first time a query
// needs it, since fetch() cannot read a site opened from the disk. Without this script the
// field stays hidden and the search page says that searching needs JavaScript.
(function () {
  "use strict";

  var form = document.querySelector("form.site-search");
  if (!form) return;
  var root = form.getAttribute("data-root") || "";
  var base = root + "search/";
  var kinds = (form.getAttribute("data-kinds") || "").split("|");
  function say(name, value) {
    return (form.getAttribute("data-" + name) || "").replace("%s", value);
  }

  // ---- Words: cut and folded exactly as src/search/words.rs does ----
  var WORD = /[\p{Alphabetic}\p{N}\p{M}]+(?:['\u2019][\p{Alphabetic}\p{N}\p{M}]+)*/gu;
  function fold(word) {
    return word
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/\u2019/g, "'")
      .replace(/\u03c2/g, "\u03c3");
  }
  function words(text) {
    var out = [];
    var m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) out.push({ at: m.index, word: m[0], folded: fold(m[0]) });
    return out;
  }

  // Tables keyed by words have no inherited keys: a query for "constructor" is a word.
  function map() {
    return Object.create(null);
  }

  // ---- The index's files, each loaded once ----
  var meta = null;
  var shards = map();
  var chunks = map();
  var loading = map();
  window.glossatorSearch = {
    meta: function (m) {
      // Read again when the field is used again: the site may have been rebuilt since.
      if (meta && meta.stamp !== m.stamp) {
        shards = map();
        chunks = map();
        var index = loading["index.js"];
        loading = map();
        loading["index.js"] = index;
        last.query = null;
      }
      meta = m;
      // Where each chunk of documents starts, written as gaps.
      for (var c = 1; c < meta.chunks.length; c++) meta.chunks[c] += meta.chunks[c - 1];
      meta.keys = map();
      meta.shards.forEach(function (k) {
        meta.keys[k] = true;
      });
      meta.forms = map();
      meta.synonyms.forEach(function (group) {
        group.forEach(function (form) {
          meta.forms[form] = group;
        });
      });
    },
    words: function (stamp, key, entries) {
      if (meta && stamp === meta.stamp) shards[key] = entries;
      else stale = true;
    },
    docs: function (stamp, n, rows) {
      if (meta && stamp === meta.stamp) chunks[n] = rows;
      else stale = true;
    },
  };
  // A part of another index than the one loaded (the site was rebuilt since): the query is
  // run again on the new index.
  var stale = false;
  var fresh = 0;
  function reset() {
    meta = null;
    metaLoad = null;
    shards = map();
    chunks = map();
    loading = map();
    stale = false;
    fresh = Date.now();
  }
  function load(file) {
    if (!loading[file]) {
      loading[file] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        // The index's own name in the address, so that no cache serves a part of another.
        var index = file === "index.js";
        script.src = base + file + (index ? (fresh ? "?t=" + fresh : "") : "?v=" + meta.stamp);
        script.async = true;
        script.onload = function () {
          resolve();
        };
        script.onerror = function () {
          delete loading[file];
          reject(new Error("cannot load " + base + file));
        };
        document.head.appendChild(script);
      });
    }
    return loading[file];
  }
  var metaLoad = null;
  function ready() {
    if (!metaLoad) metaLoad = load("index.js");
    return metaLoad;
  }
  // Each new use of the field asks again what the index is, past any cache.
  function refresh() {
    if (!meta) return;
    fresh = Date.now();
    delete loading["index.js"];
    metaLoad = load("index.js");
  }
  function hex(key) {
    return Array.from(new TextEncoder().encode(key))
      .map(function (b) {
        return (b < 16 ? "0" : "") + b.toString(16);
      })
      .join("");
  }
  // A word is in the shard of the longest key that begins it.
  function homeKey(word) {
    var chars = Array.from(word);
    for (var n = chars.length; n > 0; n--) {
      var key = chars.slice(0, n).join("");
      if (meta.keys[key]) return key;
    }
    return null;
  }
  // The shards that can hold a word beginning with `prefix`. On a large site a short prefix
  // begins many shards: then only its own is read, and more letters narrow it.
  var COMPLETION_SHARDS = 4;
  function keysFor(prefix, completing) {
    var keys = [];
    var home = homeKey(prefix);
    if (home) keys.push(home);
    if (completing) {
      var below = meta.shards.filter(function (k) {
        return k.length > prefix.length && k.indexOf(prefix) === 0;
      });
      if (below.length <= COMPLETION_SHARDS) keys = keys.concat(below);
    }
    return keys;
  }
  function loadShards(keys) {
    return Promise.all(
      keys.map(function (k) {
        return shards[k] ? null : load("w-" + hex(k) + ".js");
      })
    );
  }
  function entry(word) {
    var key = homeKey(word);
    var shard = key && shards[key];
    return shard && Object.prototype.hasOwnProperty.call(shard, word) ? shard[word] : null;
  }
  function postings(e) {
    var docs = [];
    var d = 0;
    for (var i = 0; i < e[0].length; i += 2) {
      d += e[0][i];
      docs.push([d, e[0][i + 1]]);
    }
    return docs;
  }
  // BM25's rarity of a word that `df` documents hold.
  function rarity(df) {
    return Math.log(1 + (meta.documents - df + 0.5) / (df + 0.5));
  }
  function idf(e) {
    return rarity(e[0].length / 2);
  }
  function chunkOf(doc) {
    var lo = 0;
    var hi = meta.chunks.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (meta.chunks[mid] <= doc) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  function row(doc) {
    var n = chunkOf(doc);
    return chunks[n] && chunks[n][doc - meta.chunks[n]];
  }
  function loadRows(docs) {
    var needed = map();
    docs.forEach(function (d) {
      var n = chunkOf(d);
      if (!chunks[n]) needed[n] = true;
    });
    return Promise.all(
      Object.keys(needed).map(function (n) {
        return load("d-" + n + ".js");
      })
    );
  }

  // ---- Queries: words, the word being typed, phrases in quotes ----
  var QUOTES = /["\u201c\u201d\u201e\u00ab\u00bb]/;
  // Clauses, each a list of alternatives, each a list of folded words; a clause is a phrase
  // when its alternative has several words, and the last word is completed as one types.
  function parse(query) {
    var clauses = [];
    var plain = [];
    var parts = query.split(QUOTES);
    parts.forEach(function (part, i) {
      var ws = words(part);
      var found = ws.map(function (w) {
        return w.folded;
      });
      if (!found.length) return;
      if (i % 2 === 1) clauses.push({ alternatives: [found], phrase: true });
      else
        ws.forEach(function (w) {
          plain.push(w.folded);
          // Typed with its accents, a word prefers the spellings that have them.
          var lower = w.word.toLowerCase();
          clauses.push({
            alternatives: [[w.folded]],
            phrase: false,
            accented: lower !== w.folded ? lower : null,
          });
        });
    });
    var last = clauses[clauses.length - 1];
    var open = !/[\s"\u201c\u201d\u201e\u00ab\u00bb]$/.test(query);
    if (last && !last.phrase && open) last.completing = true;
    // A glossary term's spellings stand for each other: the whole query, or a phrase, that is
    // one of them finds the others too.
    var whole = plain.join(" ");
    if (plain.length > 1 && plain.length === clauses.length && meta.forms[whole]) {
      return [{ alternatives: splitForms(meta.forms[whole]), phrase: true }];
    }
    clauses.forEach(function (c) {
      var form = c.alternatives[0].join(" ");
      if (meta.forms[form]) {
        c.alternatives = splitForms(meta.forms[form]);
        c.completing = false;
      }
    });
    return clauses;
  }
  function splitForms(group) {
    return group.map(function (f) {
      return f.split(" ");
    });
  }
  function shardsOf(clauses) {
    var keys = [];
    clauses.forEach(function (c) {
      c.alternatives.forEach(function (alt) {
        alt.forEach(function (w) {
          keys = keys.concat(keysFor(w, c.completing && alt.length === 1 && Array.from(w).length > 1));
        });
      });
    });
    return keys;
  }

  // The words of the index a single word stands for: itself, the words of its stem, and
  // while it is being typed the words it begins.
  function expand(word, completing) {
    var found = map();
    var e = entry(word);
    if (e) {
      found[word] = e;
      (e[1] || []).forEach(function (r) {
        var re = entry(r);
        if (re) found[r] = re;
      });
    }
    if (completing && Array.from(word).length > 1) {
      var more = [];
      keysFor(word, true).forEach(function (k) {
        var shard = shards[k] || {};
        Object.keys(shard).forEach(function (w) {
          if (w.indexOf(word) === 0 && !found[w]) more.push([w, shard[w]]);
        });
      });
      // The commonest completions, so that two letters typed stay quick on a large site.
      more.sort(function (a, b) {
        return b[1][0].length - a[1][0].length;
      });
      more.slice(0, 200).forEach(function (m) {
        found[m[0]] = m[1];
      });
    }
    return found;
  }
  function relativesLoaded(clauses) {
    var keys = [];
    clauses.forEach(function (c) {
      c.alternatives.forEach(function (alt) {
        if (alt.length !== 1) return;
        var e = entry(alt[0]);
        (e && e[1] ? e[1] : []).forEach(function (r) {
          keys = keys.concat(keysFor(r, false));
        });
      });
    });
    return loadShards(keys);
  }

  // Every matching document, best first: [{doc, score, phrases}], and the words to mark.
  function match(clauses) {
    var total = null;
    var marked = map();
    clauses.forEach(function (clause) {
      var scores = new Map();
      clause.alternatives.forEach(function (alt) {
        var hits;
        if (alt.length === 1) {
          // The word's spellings, stems and completions count as one word: one rarity for
          // all (that of the documents holding any), and in each document the best of them,
          // with a little for the others.
          var found = expand(alt[0], clause.completing);
          var best = new Map();
          Object.keys(found).forEach(function (w) {
            marked[w] = true;
            var spelt = clause.accented && (found[w][2] || []).some(function (a) {
              return a.indexOf(clause.accented) === 0;
            });
            var factor = spelt ? 3 : 1;
            postings(found[w]).forEach(function (p) {
              var weight = p[1] * factor;
              var had = best.get(p[0]);
              if (!had) best.set(p[0], [weight, weight]);
              else best.set(p[0], [Math.max(had[0], weight), had[1] + weight]);
            });
          });
          var weight = rarity(best.size);
          hits = new Map();
          best.forEach(function (w, doc) {
            hits.set(doc, { score: weight * (w[0] + 0.3 * (w[1] - w[0])), phrases: null });
          });
        } else {
          // A phrase: documents with every word, checked for the words in order when shown.
          hits = null;
          alt.forEach(function (w) {
            marked[w] = true;
            var e = entry(w);
            var next = new Map();
            if (e) {
              var weight = idf(e);
              postings(e).forEach(function (p) {
                var before = hits ? hits.get(p[0]) : { score: 0 };
                if (before) next.set(p[0], { score: before.score + weight * p[1], phrases: [alt] });
              });
            }
            hits = next;
          });
        }
        hits.forEach(function (hit, doc) {
          var had = scores.get(doc);
          if (!had) scores.set(doc, hit);
          else {
            had.score = Math.max(had.score, hit.score);
            // Found as a word of its own, or by another phrase: any one will do.
            had.phrases = had.phrases && hit.phrases ? had.phrases.concat(hit.phrases) : null;
          }
        });
      });
      if (total === null) {
        total = scores;
        total.forEach(function (hit) {
          hit.checks = hit.phrases ? [hit.phrases] : [];
        });
      } else {
        var both = new Map();
        total.forEach(function (hit, doc) {
          var other = scores.get(doc);
          if (!other) return;
          both.set(doc, {
            score: hit.score + other.score,
            checks: other.phrases ? hit.checks.concat([other.phrases]) : hit.checks,
          });
        });
        total = both;
      }
    });
    var results = [];
    (total || new Map()).forEach(function (hit, doc) {
      results.push({ doc: doc, score: hit.score, checks: hit.checks });
    });
    // Scores that differ by a hair (two works of one author, of different lengths) keep
    // the edition's order.
    results.sort(function (a, b) {
      return Math.round(b.score * 2) - Math.round(a.score * 2) || a.doc - b.doc;
    });
    return { results: results, marked: marked };
  }

  function hasPhraseAt(folded, phrase, i) {
    if (i + phrase.length > folded.length) return false;
    for (var j = 0; j < phrase.length; j++) if (folded[i + j] !== phrase[j]) return false;
    return true;
  }
  function hasPhrase(folded, phrase) {
    for (var i = 0; i + phrase.length <= folded.length; i++) if (hasPhraseAt(folded, phrase, i)) return true;
    return false;
  }
  function passes(result, text) {
    if (!result.checks.length) return true;
    var folded = words(text).map(function (w) {
      return w.folded;
    });
    return result.checks.every(function (phrases) {
      return phrases.some(function (p) {
        return hasPhrase(folded, p);
      });
    });
  }

  // The first `count` results after `from` that pass their phrase checks, with their rows.
  function take(found, from, count) {
    var shown = [];
    var at = from;
    function step() {
      if (shown.length >= count || at >= found.results.length) {
        return Promise.resolve({ shown: shown, next: at });
      }
      // Rows for as many results as are wanted, more where a phrase may turn some away.
      var checked = found.results.slice(at, at + count).some(function (r) {
        return r.checks.length > 0;
      });
      var want = count - shown.length;
      var batch = found.results.slice(at, at + (checked ? Math.max(want * 2, 20) : want));
      return loadRows(
        batch.map(function (r) {
          return r.doc;
        })
      ).then(function () {
        for (var i = 0; i < batch.length && shown.length < count; i++) {
          at++;
          var r = row(batch[i].doc);
          if (r && passes(batch[i], r[4] + " " + r[1])) shown.push({ result: batch[i], row: r });
        }
        return step();
      });
    }
    return step();
  }

  var last = { query: null, promise: null };
  function run(query) {
    return ready().then(function () {
      var clauses = parse(query);
      return loadShards(shardsOf(clauses))
        .then(function () {
          return relativesLoaded(clauses);
        })
        .then(function () {
          return match(clauses);
        });
    });
  }
  function search(query) {
    if (last.query === query) return last.promise;
    last.query = query;
    last.promise = run(query)
      .then(function (found) {
        if (!stale) return found;
        reset();
        return run(query);
      })
      .catch(function (error) {
        last.query = null;
        throw error;
      });
    return last.promise;
  }
  // The rows of results, on the same index as the results.
  function rows(found, from, count) {
    return take(found, from, count).then(function (page) {
      if (!stale) return page;
      reset();
      last.query = null;
      var error = new Error("the search index changed while it was read");
      error.stale = true;
      throw error;
    });
  }

  // ---- Showing a result ----
  function escape(text) {
    return text.replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }
  // Some words either side of the first place found (a phrase's, when the query has one), the
  // marked words in <mark>.
  function snippet(text, marked, phrases, byTitle) {
    var ws = words(text);
    if (!ws.length) return escape(text.slice(0, 200));
    var folded = ws.map(function (w) {
      return w.folded;
    });
    var first = -1;
    for (var i = 0; i < ws.length && first < 0; i++) {
      for (var p = 0; p < phrases.length && first < 0; p++) {
        if (hasPhraseAt(folded, phrases[p], i)) first = i;
      }
    }
    // A document found by its title shows its text from the start.
    for (var j = 0; j < ws.length && first < 0 && !byTitle; j++) {
      if (marked[ws[j].folded]) first = j;
    }
    var from = Math.max(0, (first < 0 ? 0 : first) - 8);
    var to = Math.min(ws.length, from + 30);
    var start = from === 0 ? 0 : ws[from].at;
    var end = to >= ws.length ? text.length : ws[to].at;
    var html = start > 0 ? "… " : "";
    var at = start;
    for (var k = from; k < to; k++) {
      var w = ws[k];
      if (!marked[w.folded]) continue;
      html += escape(text.slice(at, w.at)) + "<mark>" + escape(w.word) + "</mark>";
      at = w.at + w.word.length;
    }
    html += escape(text.slice(at, end));
    if (end < text.length) html = html.replace(/\s+$/, "") + " …";
    return html;
  }
  function markedTitle(title, marked) {
    var ws = words(title);
    var html = "";
    var at = 0;
    ws.forEach(function (w) {
      if (!marked[w.folded]) return;
      html += escape(title.slice(at, w.at)) + "<mark>" + escape(w.word) + "</mark>";
      at = w.at + w.word.length;
    });
    return html + escape(title.slice(at));
  }
  // The result's address from this page, telling the page it opens which words to mark.
  function href(url, marked) {
    var hl = Object.keys(marked).slice(0, 40).join(" ");
    var hash = url.indexOf("#");
    var path = hash < 0 ? url : url.slice(0, hash);
    var fragment = hash < 0 ? "" : url.slice(hash);
    return root + path + "?hl=" + encodeURIComponent(hl) + fragment;
  }
  function describe(item, marked) {
    var r = item.row;
    var title = r[1] || kinds[r[0]];
    return {
      code: r[0],
      kind: kinds[r[0]] || "",
      title: markedTitle(title.length > 90 ? title.slice(0, 88) + "…" : title, marked),
      place: escape(r[2] || ""),
      snippet: snippet(
        r[4],
        marked,
        [].concat.apply([], item.result.checks),
        r[0] !== 0 &&
          words(r[1]).some(function (w) {
            return marked[w.folded];
          })
      ),
      href: href(r[3], marked),
    };
  }
  function resultHtml(d) {
    return (
      '<span class="search-kind">' +
      escape(d.kind) +
      "</span> " +
      '<span class="search-title">' +
      d.title +
      "</span>" +
      (d.place ? ' <span class="search-place">' + d.place + "</span>" : "") +
      '<span class="search-snippet">' +
      d.snippet +
      "</span>"
    );
  }

  // ---- The field in the header: a combobox with its list of results ----
  var input = document.getElementById("site-search-input");
  var list = form.querySelector("[role=listbox]");
  // A scrolling list would take the focus on Tab; the field keeps it (aria-activedescendant).
  list.tabIndex = -1;
  var status = form.querySelector("[role=status]");
  form.hidden = false;
  var active = -1;
  var timer = null;
  var shown = 0;

  function options() {
    return list.querySelectorAll("[role=option]");
  }
  function setActive(i) {
    var all = options();
    if (all[active]) all[active].setAttribute("aria-selected", "false");
    active = all.length ? (i + all.length) % all.length : -1;
    if (active < 0) {
      input.removeAttribute("aria-activedescendant");
      return;
    }
    all[active].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", all[active].id);
    all[active].scrollIntoView({ block: "nearest" });
  }
  function open(isOpen) {
    list.hidden = !isOpen;
    input.setAttribute("aria-expanded", isOpen ? "true" : "false");
    if (!isOpen) {
      active = -1;
      input.removeAttribute("aria-activedescendant");
    }
  }
  function option(html, target, i) {
    var li = document.createElement("li");
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    li.id = "site-search-option-" + i;
    li.className = "search-option";
    li.setAttribute("data-href", target);
    li.innerHTML = html;
    return li;
  }
  function searchPage(query) {
    return root + "search/index.html?q=" + encodeURIComponent(query);
  }
  function update() {
    var query = input.value;
    if (!query.trim()) {
      list.innerHTML = "";
      status.textContent = "";
      open(false);
      return;
    }
    search(query)
      .then(function (found) {
        return rows(found, 0, 7).then(function (page) {
          if (input.value !== query) return;
          list.innerHTML = "";
          // Which query the list shows, for tests and styles: results arrive after typing.
          list.setAttribute("data-query", query);
          page.shown.forEach(function (item, i) {
            var d = describe(item, found.marked);
            var li = option(resultHtml(d), d.href, i);
            li.setAttribute("data-kind", d.code);
            list.appendChild(li);
          });
          shown = page.shown.length;
          if (shown) {
            var all = option(escape(say("all", query)), searchPage(query), shown);
            all.classList.add("search-all");
            list.appendChild(all);
          }
          var more = page.next < found.results.length;
          status.textContent = shown
            ? say("found", more ? shown + "+" : String(shown))
            : say("none", query);
          if (!shown) {
            var none = document.createElement("li");
            none.className = "search-none";
            none.setAttribute("role", "presentation");
            none.textContent = say("none", query);
            list.appendChild(none);
          }
          open(true);
          active = -1;
          input.removeAttribute("aria-activedescendant");
        });
      })
      .catch(function (error) {
        if (error && error.stale) update();
        else status.textContent = say("failed", "");
      });
  }
  function go(target) {
    window.location.href = target;
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(update, 60);
  });
  input.addEventListener("focus", function () {
    refresh();
    ready().catch(function () {});
    if (input.value.trim() && list.children.length) open(true);
  });
  input.addEventListener("keydown", function (event) {
    var all = options();
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (list.hidden && input.value.trim()) {
        update();
        return;
      }
      setActive(active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (!input.value.trim()) return;
      if (active >= 0 && all[active]) go(all[active].getAttribute("data-href"));
      else go(searchPage(input.value));
    } else if (event.key === "Tab") {
      open(false);
    } else if (event.key === "Escape") {
      if (!list.hidden) {
        event.stopPropagation();
        open(false);
      } else input.value = "";
    }
  });
  input.addEventListener("blur", function () {
    setTimeout(function () {
      if (document.activeElement !== input) open(false);
    }, 150);
  });
  // A click on a result keeps the focus in the field until it leads away.
  list.addEventListener("mousedown", function (event) {
    event.preventDefault();
  });
  // A result opens here, or in a new tab as a link would with Ctrl, ⌘ or the middle button.
  function follow(event) {
    var li = event.target.closest("[role=option]");
    if (!li) return;
    var target = li.getAttribute("data-href");
    if (event.button === 1 || event.ctrlKey || event.metaKey || event.shiftKey) {
      event.preventDefault();
      window.open(target, "_blank", "noopener");
    } else if (event.button === 0) go(target);
  }
  list.addEventListener("click", follow);
  list.addEventListener("auxclick", follow);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var t = event.target;
    if (t.closest && t.closest("input, textarea, select, [contenteditable]")) return;
    event.preventDefault();
    input.focus();
    input.select();
  });

  // ---- The search page: every result, fifty at a time ----
  var page = document.querySelector(".search-page .search-form");
  if (page) {
    page.hidden = false;
    var needs = document.querySelector(".search-needs-script");
    if (needs) needs.hidden = true;
    var field = page.querySelector("input[type=search]");
    var results = document.getElementById("search-page-results");
    var count = document.getElementById("search-page-status");
    var moreRow = document.querySelector(".search-more-row");
    var query = new URLSearchParams(window.location.search).get("q") || "";
    field.value = query;
    var state = null;
    var showMore = function () {
      count.textContent = say("searching", "");
      rows(state.found, state.next, 50).then(function (got) {
        var firstNew = null;
        got.shown.forEach(function (item) {
          var d = describe(item, state.found.marked);
          var li = document.createElement("li");
          li.className = "search-result";
          li.setAttribute("data-kind", d.code);
          li.innerHTML =
            '<a href="' +
            escape(d.href) +
            '"><span class="search-kind">' +
            escape(d.kind) +
            '</span> <span class="search-title">' +
            d.title +
            "</span></a>" +
            (d.place ? ' <span class="search-place">' + d.place + "</span>" : "") +
            '<p class="search-snippet">' +
            d.snippet +
            "</p>";
          results.appendChild(li);
          firstNew = firstNew || li.querySelector("a");
        });
        // The button goes once every result is shown: the focus goes on to the first new one.
        if (state.shown > 0 && firstNew && document.activeElement === moreButton) firstNew.focus();
        state.next = got.next;
        state.shown += got.shown.length;
        var more = got.next < state.found.results.length;
        moreRow.hidden = !more;
        count.textContent = state.shown
          ? say("found", more ? state.shown + "+" : String(state.shown))
          : say("none", query);
      });
    };
    var moreButton = moreRow.querySelector("button");
    moreButton.addEventListener("click", showMore);
    if (query.trim()) document.title = query + " · " + document.title;
    if (query.trim()) {
      count.textContent = say("searching", "");
      search(query)
        .then(function (found) {
          state = { found: found, next: 0, shown: 0 };
          showMore();
        })
        .catch(function () {
          count.textContent = say("failed", "");
        });
    } else field.focus();
  }

  // ---- Arriving from a result: the place and its words marked ----
  function markWords(within, wanted) {
    var walker = document.createTreeWalker(within, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      if (node.parentNode.closest("button, .pnum, mark.search-term")) return;
      var text = node.nodeValue;
      var ws = words(text).filter(function (w) {
        return wanted[w.folded];
      });
      if (!ws.length) return;
      var fragment = document.createDocumentFragment();
      var at = 0;
      ws.forEach(function (w) {
        fragment.appendChild(document.createTextNode(text.slice(at, w.at)));
        var mark = document.createElement("mark");
        mark.className = "search-term";
        mark.textContent = w.word;
        fragment.appendChild(mark);
        at = w.at + w.word.length;
      });
      fragment.appendChild(document.createTextNode(text.slice(at)));
      node.parentNode.replaceChild(fragment, node);
    });
  }
  var hl = new URLSearchParams(window.location.search).get("hl");
  if (hl) {
    var wanted = map();
    hl.split(" ").forEach(function (w) {
      if (w) wanted[w] = true;
    });
    // The place the result named, or a whole note or page.
    var place = window.location.hash
      ? document.getElementById(decodeURIComponent(window.location.hash.slice(1)))
      : null;
    var target = place || document.querySelector("main article") || document.getElementById("main");
    if (target) {
      if (place) place.classList.add("search-arrival");
      markWords(target, wanted);
      // A gloss found by its own words: its passage is the place, and the gloss is opened
      // (on a phone it is folded under its toggle) with its words marked too.
      var glossName = place && place.getAttribute("data-gloss");
      var gloss = glossName && document.getElementById("gloss-" + glossName);
      if (gloss) {
        markWords(gloss, wanted);
        var toggle = document.querySelector('button.note-toggle[aria-controls="' + gloss.id + '"]');
        if (toggle && toggle.getAttribute("aria-expanded") === "false" && toggle.getClientRects().length) {
          toggle.click();
        }
      }
      // Without a place, the first word found is brought into view.
      if (!place) {
        var first = target.querySelector("mark.search-term");
        if (first) first.scrollIntoView({ block: "center" });
      }
    }
  }
})();
