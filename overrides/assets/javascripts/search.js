/* The edition's search: every numbered paragraph, note and index entry is a result of its own.
 *
 * Loaded only when a reader starts to search (the header's small loader in
 * overrides/partials/search.html), or when a page is opened from a search result (`?h=` in its
 * address: the paragraph is marked). Reads the static index build_tools/web/search_index.py
 * writes into `search/`: a small manifest, then only the term shards of the words typed and the
 * record chunks of the results shown, all from the site's own folder (relative to the page, so
 * any path prefix works). Nothing from any other host.
 *
 * Ranking: every word must occur (if none has them all, the closest are shown and said to be
 * so); BM25 over paragraph-sized records; a record holding the words as the exact phrase
 * typed comes first, then by how close together they stand. The last word, while it is typed,
 * also matches as a prefix.
 *
 * `tokens` must fold text exactly as search_index.py's `tokens` does.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-ed-search]");
  if (!root || window.edSearch) { return; }
  var input = root.querySelector(".md-search__input");
  var status = root.querySelector(".md-search-result__meta");
  var list = root.querySelector(".md-search-result__list");
  var toggle = document.getElementById("__search");
  // The site's root, from this script's own address as the page names it (assets/javascripts/
  // search.js, relative to the page): right under any path prefix, whatever page loaded it.
  var siteRoot = new URL("../../", new URL(root.getAttribute("data-ed-search") || "assets/javascripts/search.js",
                                          document.baseURI));   // the page's address, or its <base> (404.html)
  var PAGE = 10;
  var APOSTROPHES = /[\u2018\u2019\u02bc`\u00b4]/g;
  var WORD = /[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu;
  var RAW_WORD = /[\p{L}\p{N}\p{M}\u00ad]+(?:['\u2018\u2019\u02bc`\u00b4\-\u2010\u2011][\p{L}\p{N}\p{M}\u00ad]+)*/gu;

  function fold(text) {
    var out = text.replace(APOSTROPHES, "'").replace(/[\u2010\u2011]/g, "-").replace(/\u00ad/g, "");
    return out.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(APOSTROPHES, "'");
  }

  function wordTerms(word) {
    if (word.slice(-2) === "'s") { word = word.slice(0, -2); }
    return word.replace(/'/g, "").split("-").filter(Boolean);
  }

  /* [{t: term, p: position, joined: bool}] */
  function tokens(text) {
    var out = [], position = 0, match;
    var folded = fold(text);
    WORD.lastIndex = 0;
    while ((match = WORD.exec(folded)) !== null) {
      var parts = wordTerms(match[0]);
      if (parts.length > 1) { out.push({t: parts.join(""), p: position, joined: true}); }
      for (var i = 0; i < parts.length; i++) { out.push({t: parts[i], p: position, joined: false}); position++; }
    }
    return out;
  }

  /* ---- fetching the index ------------------------------------------------------------- */

  function inflate(buffer) {
    var bytes = new Uint8Array(buffer);
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      return new Response(stream).text();
    }
    return Promise.resolve(new TextDecoder().decode(bytes)); // a server that already inflated it
  }

  function getJSON(path, gzipped) {
    return fetch(new URL(path, siteRoot), {cache: gzipped ? "default" : "no-cache"}).then(function (response) {
      if (!response.ok) { throw new Error(path + ": " + response.status); }
      return gzipped ? response.arrayBuffer().then(inflate) : response.text();
    }).then(JSON.parse);
  }

  var manifest = null, shards = {}, chunks = {}, stop = {};

  function loadManifest() {
    if (!manifest) {
      manifest = getJSON("search/index.json", false).then(function (m) {
        m.stop.forEach(function (w) { stop[w] = true; });
        return m;
      });
    }
    return manifest;
  }

  function shardIndex(m, term) {
    var lo = 0, hi = m.shards.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (m.shards[mid] <= term) { lo = mid; } else { hi = mid - 1; }
    }
    return lo;
  }

  function shard(m, n) {
    if (!shards[n]) { shards[n] = getJSON("search/t/" + m.id + "-" + n + ".bin", true); }
    return shards[n];
  }

  function chunk(m, n) {
    if (!chunks[n]) { chunks[n] = getJSON("search/d/" + m.id + "-" + n + ".bin", true); }
    return chunks[n];
  }

  function decode(run) {
    var found = new Map(), rid = 0, i = 0;
    while (i < run.length) {
      rid += run[i];
      var length = run[i + 1], n = run[i + 2], positions = new Array(n), p = 0;
      i += 3;
      for (var k = 0; k < n; k++) { p += run[i + k]; positions[k] = p; }
      i += n;
      found.set(rid, {dl: length, pos: positions});
    }
    return found;
  }

  function mergeInto(target, postings) {
    postings.forEach(function (hit, rid) {
      var had = target.get(rid);
      if (!had) { target.set(rid, {dl: hit.dl, pos: hit.pos.slice()}); return; }
      had.pos = had.pos.concat(hit.pos).sort(function (a, b) { return a - b; });
    });
  }

  /* The postings of one query word: the term itself, or, for the word being typed, every term
   * it begins (the most frequent 40). */
  function slotPostings(m, slot) {
    var first = shardIndex(m, slot.t);
    var last = slot.prefix ? shardIndex(m, slot.t + "\uffff") : first;
    var wanted = [];
    for (var n = first; n <= last && n < first + 3; n++) { wanted.push(shard(m, n)); }
    return Promise.all(wanted).then(function (loaded) {
      var terms = [];
      loaded.forEach(function (table) {
        if (slot.prefix) {
          Object.keys(table).forEach(function (term) {
            if (term.lastIndexOf(slot.t, 0) === 0) { terms.push([term, table[term]]); }
          });
        } else if (Object.prototype.hasOwnProperty.call(table, slot.t)) {
          terms.push([slot.t, table[slot.t]]);
        }
      });
      terms.sort(function (a, b) { return b[1].length - a[1].length; });
      var postings = new Map();
      terms.slice(0, 40).forEach(function (entry) { mergeInto(postings, decode(entry[1])); });
      return postings;
    });
  }

  /* ---- ranking -------------------------------------------------------------------------- */

  function has(sorted, value) {
    var lo = 0, hi = sorted.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] === value) { return true; }
      if (sorted[mid] < value) { lo = mid + 1; } else { hi = mid - 1; }
    }
    return false;
  }

  function nearest(sorted, value) {
    var best = Infinity;
    for (var i = 0; i < sorted.length; i++) { best = Math.min(best, Math.abs(sorted[i] - value)); }
    return best;
  }

  /* 0 for the exact phrase, else the least total distance from the phrase's shape. */
  function distance(slots, hits) {
    var best = Infinity, anchor = hits[0];
    if (slots.length < 2) { return 0; }
    for (var a = 0; a < anchor.pos.length && best > 0; a++) {
      var total = 0;
      for (var i = 1; i < slots.length; i++) {
        var expected = anchor.pos[a] + slots[i].p - slots[0].p;
        total += has(hits[i].pos, expected) ? 0 : nearest(hits[i].pos, expected);
      }
      best = Math.min(best, total);
    }
    return best;
  }

  function rank(m, slots, postings) {
    var k1 = 1.2, b = 0.75, scores = [];
    var idf = postings.map(function (p) { return Math.log(1 + (m.records - p.size + 0.5) / (p.size + 0.5)); });
    var candidates = new Set(postings[0].keys());
    var all = true;
    postings.slice(1).forEach(function (p) {
      candidates.forEach(function (rid) { if (!p.has(rid)) { candidates.delete(rid); } });
    });
    if (candidates.size === 0) {  // no record has every word: the ones with most of them
      all = false;
      postings.forEach(function (p) { p.forEach(function (_hit, rid) { candidates.add(rid); }); });
    }
    candidates.forEach(function (rid) {
      var score = 0, hits = [], count = 0;
      postings.forEach(function (p, i) {
        var hit = p.get(rid);
        if (!hit) { return; }
        count++;
        hits.push(hit);
        var tf = hit.pos.length;
        score += idf[i] * tf * (k1 + 1) / (tf + k1 * (1 - b + b * hit.dl / m.avgdl)) * (slots[i].prefix ? 0.8 : 1);
      });
      if (count === slots.length) {
        var gap = distance(slots, hits);
        score += gap === 0 ? 1000 : 50 / (1 + gap);
        // what an entry is about opens it: a glossary term, a register's name
        if (gap === 0 && hits[0].pos[0] <= 1) { score += 25; }
      }
      scores.push({rid: rid, score: score + count * 100});
    });
    scores.sort(function (x, y) { return y.score - x.score || x.rid - y.rid; });
    return {all: all, results: scores};
  }

  /* ---- showing results ------------------------------------------------------------------ */

  function escapeHTML(text) {
    return text.replace(/[&<>"]/g, function (c) { return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;"}[c]; });
  }

  function matcher(slots) {
    var exact = {}, prefixes = [];
    slots.forEach(function (slot) { if (slot.prefix) { prefixes.push(slot.t); } else { exact[slot.t] = true; } });
    return function (rawWord) {
      return tokens(rawWord).some(function (tok) {
        return exact[tok.t] || prefixes.some(function (p) { return tok.t.lastIndexOf(p, 0) === 0; });
      });
    };
  }

  function snippet(text, matches) {
    var words = [], match;
    RAW_WORD.lastIndex = 0;
    while ((match = RAW_WORD.exec(text)) !== null) {
      words.push({start: match.index, end: match.index + match[0].length, hit: matches(match[0])});
    }
    var best = 0, bestCount = -1;
    for (var i = 0; i < words.length; i++) {  // the 12-word window with the most hits
      if (!words[i].hit) { continue; }
      var count = 0;
      for (var j = i; j < Math.min(words.length, i + 12); j++) { if (words[j].hit) { count++; } }
      if (count > bestCount) { bestCount = count; best = i; }
    }
    var from = Math.max(0, best - 10), to = Math.min(words.length, best + 26);
    var start = from === 0 ? 0 : words[from].start, end = to === words.length ? text.length : words[to - 1].end;
    var html = "", at = start;
    for (var k = from; k < to; k++) {
      if (!words[k].hit) { continue; }
      html += escapeHTML(text.slice(at, words[k].start)) + "<mark>" + escapeHTML(text.slice(words[k].start, words[k].end)) + "</mark>";
      at = words[k].end;
    }
    html += escapeHTML(text.slice(at, end));
    return (start > 0 ? "… " : "") + html + (end < text.length ? " …" : "");
  }

  function target(url, query) {
    var hash = url.indexOf("#");
    var path = hash < 0 ? url : url.slice(0, hash), fragment = hash < 0 ? "" : url.slice(hash);
    return new URL(path + "?h=" + encodeURIComponent(query) + fragment, siteRoot).href;
  }

  function say(text) { status.textContent = text; }

  var current = 0;  // the newest search; an older one that finishes late is dropped

  function show(m, query, slots, ranked, from) {
    var page = ranked.results.slice(from, from + PAGE);
    var wanted = {};
    page.forEach(function (r) { wanted[Math.floor(r.rid / m.chunk)] = true; });
    return Promise.all(Object.keys(wanted).map(function (n) {
      return chunk(m, Number(n)).then(function (records) { return [Number(n), records]; });
    })).then(function (loaded) {
      var byChunk = {};
      loaded.forEach(function (pair) { byChunk[pair[0]] = pair[1]; });
      var matches = matcher(slots), html = "";
      page.forEach(function (r) {
        var record = byChunk[Math.floor(r.rid / m.chunk)][r.rid % m.chunk];
        html += '<li class="md-search-result__item"><a class="md-search-result__link" href="' +
          escapeHTML(target(record[0], query)) + '"><article class="md-search-result__article md-typeset">' +
          '<span class="ed-search-title">' + escapeHTML(record[1]) + "</span><p>" +
          snippet(record[2], matches) + "</p></article></a></li>";
      });
      var more = list.querySelector(".ed-search-more");
      if (more) { more.parentNode.removeChild(more); }
      list.insertAdjacentHTML("beforeend", html);
      if (ranked.results.length > from + PAGE) {
        list.insertAdjacentHTML("beforeend", '<li class="ed-search-more"><button type="button" class="md-button">' +
          "Show more results</button></li>");
        list.querySelector(".ed-search-more button").addEventListener("click", function () {
          show(m, query, slots, ranked, from + PAGE).then(function () {
            var links = list.querySelectorAll(".md-search-result__link");
            if (links[from + PAGE]) { links[from + PAGE].focus(); }
          });
        });
      }
    });
  }

  /* A phrase with common words ("the form of global"): the index leaves those words out, so the
   * first results are checked against their text, and the ones holding the phrase word for word
   * come first. */
  var VERIFY = 24;

  function verifyPhrase(m, query, ranked) {
    var words = tokens(query).filter(function (tok) { return !tok.joined; });
    var typing = !/\s$/.test(query);
    if (words.length < 2 || !words.some(function (tok) { return stop[tok.t]; })) { return ranked; }
    var top = ranked.results.slice(0, VERIFY), wanted = {};
    top.forEach(function (r) { wanted[Math.floor(r.rid / m.chunk)] = true; });
    return Promise.all(Object.keys(wanted).map(function (n) {
      return chunk(m, Number(n)).then(function (records) { return [Number(n), records]; });
    })).then(function (loaded) {
      var byChunk = {};
      loaded.forEach(function (pair) { byChunk[pair[0]] = pair[1]; });
      top.forEach(function (r) {
        var text = tokens(byChunk[Math.floor(r.rid / m.chunk)][r.rid % m.chunk][2]).filter(function (tok) { return !tok.joined; });
        for (var i = 0; i + words.length <= text.length; i++) {
          var k = 0;
          while (k < words.length && (text[i + k].t === words[k].t ||
                 (typing && k === words.length - 1 && text[i + k].t.lastIndexOf(words[k].t, 0) === 0))) { k++; }
          if (k === words.length) { r.score += 2000; break; }
        }
      });
      top.sort(function (x, y) { return y.score - x.score || x.rid - y.rid; });
      return {all: ranked.all, results: top.concat(ranked.results.slice(VERIFY))};
    });
  }

  function slotsOf(query) {
    var slots = [], seen = {};
    var all = tokens(query).filter(function (tok) { return !tok.joined; });
    var typing = !/\s$/.test(query);
    all.forEach(function (tok, i) {
      if (stop[tok.t] || seen[tok.t]) { return; }
      seen[tok.t] = true;
      slots.push({t: tok.t, p: tok.p, prefix: typing && i === all.length - 1 && tok.t.length >= 2});
    });
    return slots;
  }

  function search() {
    var query = input.value, mine = ++current;
    if (!query.trim()) { list.innerHTML = ""; say("Type to search every paragraph of the edition"); return; }
    loadManifest().then(function (m) {
      var slots = slotsOf(query);
      if (mine !== current) { return null; }
      if (!slots.length) {
        list.innerHTML = "";
        say("Add a less common word: “the”, “of” and the like are not indexed");
        return null;
      }
      return Promise.all(slots.map(function (slot) { return slotPostings(m, slot); })).then(function (postings) {
        if (mine !== current) { return null; }
        var ranked = rank(m, slots, postings);
        return verifyPhrase(m, query, ranked);
      }).then(function (ranked) {
        if (!ranked || mine !== current) { return null; }
        var n = ranked.results.length;
        list.innerHTML = "";
        say(n === 0 ? "Nothing found" : !ranked.all ? "No place has all these words; the closest:" :
          n === 1 ? "1 place found" : n.toLocaleString("en") + " places found");
        return n ? show(m, query.trim(), slots, ranked, 0) : null;
      });
    }).catch(function (error) {
      if (mine !== current) { return; }
      list.innerHTML = "";
      say(location.protocol === "file:" ?
        "Search needs the edition served by a web server (e.g. python -m http.server -d site), not opened as a file." :
        "Search is not available: " + error.message);
    });
  }

  /* ---- the box: open, close, keys -------------------------------------------------------- */

  function open() { if (toggle) { toggle.checked = true; } }

  function close() {
    if (toggle) { toggle.checked = false; }
    input.blur();
  }

  var timer = 0;
  input.addEventListener("input", function () {
    open();
    clearTimeout(timer);
    timer = setTimeout(search, 120);
  });
  input.addEventListener("focus", open);
  root.addEventListener("keydown", function (event) {
    var links = Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link, .ed-search-more button"));
    var at = links.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" && links.length) {
      event.preventDefault();
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      if (at === 0) { input.focus(); } else { links[at - 1].focus(); }
    } else if (event.key === "Enter" && document.activeElement === input && links.length) {
      event.preventDefault();
      links[0].click();
    }
  });

  /* ---- arriving from a result: the place marked ------------------------------------------ */

  function markArrival() {
    var query = new URLSearchParams(location.search).get("h");
    var id = decodeURIComponent(location.hash.slice(1));
    var place = id && document.getElementById(id);
    if (!query || !place) { return; }
    place.classList.add("ed-search-target");
    loadManifest().then(function (m) { markWords(place, matcher(slotsOf(query))); return m; }).catch(function () {
      markWords(place, matcher(tokens(query).filter(function (t) { return !t.joined; })));
    });
  }

  function markWords(place, matches) {
    var walker = document.createTreeWalker(place, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentNode.closest(".para-num, sup, button, .ed-search-mark") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [], node;
    while ((node = walker.nextNode())) { nodes.push(node); }
    nodes.forEach(function (text) {
      var value = text.nodeValue, match, pieces = [], at = 0;
      RAW_WORD.lastIndex = 0;
      while ((match = RAW_WORD.exec(value)) !== null) {
        if (!matches(match[0])) { continue; }
        pieces.push(document.createTextNode(value.slice(at, match.index)));
        var mark = document.createElement("mark");
        mark.className = "ed-search-mark";
        mark.textContent = match[0];
        pieces.push(mark);
        at = match.index + match[0].length;
      }
      if (!pieces.length) { return; }
      pieces.push(document.createTextNode(value.slice(at)));
      var parent = text.parentNode;
      pieces.forEach(function (piece) { parent.insertBefore(piece, text); });
      parent.removeChild(text);
    });
  }

  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = new URL("assets/stylesheets/search.css", siteRoot).href;
  document.head.appendChild(style);

  window.edSearch = {tokens: tokens, search: search};
  // Marked once the page has loaded and the theme's and the edition's scripts have set it up
  // (marks set earlier could be lost when they rework the paragraph).
  if (document.readyState === "complete") { requestAnimationFrame(markArrival); }
  else { window.addEventListener("load", function () { requestAnimationFrame(markArrival); }, {once: true}); }
  if (document.activeElement === input || input.value) { open(); }
  if (input.value) { search(); }
})();
