(function () {
  "use strict";
  // The verdicts, most severe first, as the page's data lists them (with their glyphs).
  var VERDICTS = JSON.parse(document.getElementById("facts-verdicts").textContent);
  var ORDER = VERDICTS.order;
  var GLYPH = VERDICTS.glyph;
  var FAILING = VERDICTS.failing;
  var ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#x27;": "'"};
  var rank = {};
  ORDER.forEach(function (v, i) { rank[v] = i; });
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var data = JSON.parse(document.getElementById("facts-data").textContent);
  var matrix = document.getElementById("matrix");
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[name=verdict]"));
  var search = document.getElementById("search");
  var status = document.getElementById("status");
  var heads = matrix.querySelectorAll(".mh .sh");
  var width = heads.length;
  var rowsByFact = {};
  each(matrix.querySelectorAll(".mr"), function (row) { rowsByFact[row.dataset.f] = row; });
  var groups = matrix.querySelectorAll(".mg");
  var facts = Array.prototype.map.call(document.querySelectorAll("details.fact"), function (d) {
    var index = +d.dataset.f;
    var row = rowsByFact[index];
    var cells = {};
    each(row.querySelectorAll(".cells > span"), function (el) {
      var col = parseInt(el.style.gridColumnStart, 10) - 1;
      el.dataset.col = String(col);
      // As drawn by the server: apply() then touches only the cells that change.
      cells[col] = {el: el, col: col, mentions: [], best: el.className.slice(2), at: col + 1};
    });
    var mentions = (data[index] || []).map(function (entry) {
      var m = {col: entry[0], v: entry[1], html: entry[2], text: null, show: true, li: null};
      if (cells[m.col]) { cells[m.col].mentions.push(m); }
      return m;
    });
    var text = d.querySelector("summary").textContent + " " +
               d.querySelector(".meta").textContent;
    var f = {index: index, id: d.querySelector(".fid").textContent, details: d, row: row,
             list: d.querySelector("ol.mentions"),
             text: text.toLowerCase(), mentions: mentions, drawn: null,
             cells: Object.keys(cells).map(function (k) { return cells[k]; })};
    d.addEventListener("toggle", function () { if (d.open) { draw(f); } });
    return f;
  });
  var byIndex = {};
  facts.forEach(function (f) { byIndex[f.index] = f; });

  function plain(m) {
    if (m.text === null) {
      m.text = m.html.replace(/<[^>]*>/g, "").replace(/&(amp|lt|gt|quot|#x27);/g,
        function (e) { return ENTITIES[e]; }).toLowerCase();
    }
    return m.text;
  }

  // A fact's sentences become elements only when it is opened, and again when the filter
  // changes while it is open.
  function draw(f) {
    if (!f.list) { return; }
    var shown = f.mentions.filter(function (m) { return m.show; });
    var key = shown.length + ":" + shown.map(function (m) { return f.mentions.indexOf(m); })
      .join(",");
    if (f.drawn === key) { return; }
    f.mentions.forEach(function (m) { m.li = null; });
    f.list.innerHTML = shown.map(function (m) { return m.html; }).join("");
    each(f.list.children, function (li, i) { shown[i].li = li; });
    f.drawn = key;
  }

  function apply() {
    var on = {};
    boxes.forEach(function (b) { on[b.value] = b.checked; });
    var query = search.value.trim().toLowerCase();
    var colOn = new Uint8Array(width);
    var shownFacts = 0, shownMentions = 0, allMentions = 0;
    facts.forEach(function (f) {
      var factHit = !query || f.text.indexOf(query) >= 0;
      var any = false;
      f.mentions.forEach(function (m) {
        m.show = !!on[m.v] && (factHit || plain(m).indexOf(query) >= 0);
        allMentions += 1;
        if (m.show) { shownMentions += 1; }
      });
      f.cells.forEach(function (cell) {
        var best = null;
        cell.mentions.forEach(function (m) {
          if (m.show && (best === null || rank[m.v] < rank[best])) { best = m.v; }
        });
        if (best !== cell.best) {
          cell.best = best;
          cell.el.hidden = best === null;
          if (best !== null) {
            cell.el.className = "v-" + best;
            cell.el.textContent = GLYPH[best];
          }
        }
        if (best !== null) { any = true; colOn[cell.col] = 1; }
      });
      var visible = any || (f.mentions.length === 0 && !!on.unmentioned && factHit);
      if (f.row.hidden === visible) { f.row.hidden = !visible; f.details.hidden = !visible; }
      if (visible) { shownFacts += 1; }
      if (f.details.open) { draw(f); }
    });
    each(groups, function (group) {
      var next = group.nextElementSibling, any = false;
      while (next && !next.classList.contains("mg")) {
        if (!next.hidden) { any = true; break; }
        next = next.nextElementSibling;
      }
      group.hidden = !any;
    });
    // The columns of sources with nothing left to show close up.
    var at = new Int32Array(width), shownSources = 0;
    for (var c = 0; c < width; c++) {
      if (colOn[c]) { shownSources += 1; at[c] = shownSources; }
      heads[c].hidden = !colOn[c];
      if (colOn[c] && heads[c].style.gridColumnStart !== String(at[c])) {
        heads[c].style.gridColumn = String(at[c]);
      }
    }
    matrix.style.setProperty("--n", String(Math.max(shownSources, 1)));
    facts.forEach(function (f) {
      f.cells.forEach(function (cell) {
        if (cell.best !== null && cell.at !== at[cell.col]) {
          cell.at = at[cell.col];
          cell.el.style.gridColumn = String(cell.at);
        }
      });
    });
    status.textContent = "Showing " + shownFacts + " of " + facts.length + " facts, " +
      shownMentions + " of " + allMentions + " mentions, " + shownSources + " of " +
      width + " sources.";
  }

  var timer = null;
  search.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(apply, 150);
  });
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  function setBoxes(test) {
    boxes.forEach(function (b) { b.checked = test(b.value); });
    apply();
  }
  document.getElementById("only-failing").addEventListener("click", function () {
    setBoxes(function (v) { return FAILING.indexOf(v) >= 0; });
  });
  document.getElementById("show-all").addEventListener("click", function () {
    search.value = "";
    setBoxes(function () { return true; });
  });
  document.getElementById("expand").addEventListener("click", function () {
    facts.forEach(function (f) {
      if (!f.details.hidden) { f.details.open = true; draw(f); }
    });
  });
  document.getElementById("collapse").addEventListener("click", function () {
    facts.forEach(function (f) { f.details.open = false; });
  });

  // Show a fact, or one of its mentions (even one the filter hides), and flash it.
  function reveal(f, m) {
    if (!f) { return; }
    f.details.hidden = false;
    f.details.open = true;
    if (m && !m.show) { m.show = true; }
    draw(f);
    var target = (m && m.li) || f.details;
    target.scrollIntoView({block: "center"});
    if (m && m.li) {
      m.li.classList.remove("flash");
      void m.li.offsetWidth;
      m.li.classList.add("flash");
    }
  }
  matrix.addEventListener("click", function (event) {
    var el = event.target.closest(".mr .cells > span");
    if (!el) { return; }
    var f = byIndex[el.closest(".mr").dataset.f];
    var col = +el.dataset.col;
    var cell = f && f.cells.filter(function (x) { return x.col === col; })[0];
    if (!cell) { return; }
    reveal(f, cell.mentions.filter(function (m) { return m.show; })[0] || cell.mentions[0]);
  });
  // A cell's tooltip is written when the pointer first reaches it.
  matrix.addEventListener("mouseover", function (event) {
    var el = event.target.closest(".mr .cells > span");
    if (!el || el.title) { return; }
    var f = byIndex[el.closest(".mr").dataset.f];
    var col = +el.dataset.col;
    var cell = f.cells.filter(function (x) { return x.col === col; })[0];
    var tally = {};
    cell.mentions.forEach(function (m) { tally[m.v] = (tally[m.v] || 0) + 1; });
    el.title = f.id + " \u00d7 " + heads[col].title + ": " + ORDER.filter(function (v) {
      return tally[v]; }).map(function (v) { return tally[v] + " " + v; }).join(", ");
  });
  function fromHash() {
    var found = /^#f(\d+)(?:m(\d+))?$/.exec(location.hash);
    if (found) {
      var f = byIndex[found[1]];
      reveal(f, f && found[2] !== undefined ? f.mentions[+found[2]] : null);
    }
  }
  window.addEventListener("hashchange", fromHash);
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#f']");
    if (link && link.getAttribute("href") === location.hash) { fromHash(); }   // same link again
  });
  apply();
  fromHash();
  document.documentElement.dataset.ready = "1";
})();
