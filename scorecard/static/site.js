/* scorecard: sorting and filtering of the chamber tables, "find your legislator", and
   picking legislators to compare side by side.
   The tables are complete HTML; without this script they still show every row. */
(function () {
  "use strict";

  function cellKey(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var key = cell.getAttribute("data-sort");
    return key === null ? cell.textContent.trim() : key;
  }

  function compare(type, a, b) {
    if (a === "" && b === "") return 0;
    if (a === "") return 1; // empty values sort last either way
    if (b === "") return -1;
    if (type === "num") return parseFloat(a) - parseFloat(b);
    return a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" });
  }

  function makeSortable(table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, index) {
      var type = th.getAttribute("data-type");
      if (!type) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var current = th.getAttribute("aria-sort");
        var first = th.getAttribute("data-first") === "desc" ? "descending" : "ascending";
        var next = current === first ? (first === "ascending" ? "descending" : "ascending") : first;
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", next);
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var sign = next === "ascending" ? 1 : -1;
        rows.forEach(function (r, i) { r._order = i; });
        rows.sort(function (a, b) {
          var ka = cellKey(a, index), kb = cellKey(b, index);
          if (ka === "" || kb === "") return compare(type, ka, kb) || a._order - b._order;
          return sign * compare(type, ka, kb) || a._order - b._order;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }

  function setupFilters(tools) {
    var table = document.getElementById(tools.getAttribute("data-table"));
    if (!table) return;
    var party = tools.querySelector('[data-filter="party"]');
    var text = tools.querySelector('[data-filter="text"]');
    var count = tools.querySelector(".count");
    function apply() {
      var p = party ? party.value : "";
      var q = text ? text.value.trim().toLowerCase() : "";
      var rows = table.tBodies[0].rows, shown = 0;
      for (var i = 0; i < rows.length; i++) {
        var r = rows[i];
        var ok = (!p || r.getAttribute("data-party") === p) &&
                 (!q || (r.getAttribute("data-search") || "").indexOf(q) !== -1);
        r.hidden = !ok;
        if (ok) shown++;
      }
      if (count) count.textContent = "Showing " + shown + " of " + rows.length + " rows";
    }
    if (party) party.addEventListener("change", apply);
    if (text) text.addEventListener("input", apply);
    tools.hidden = false;
    apply();
  }

  function setupFind(form) {
    var input = form.querySelector("input");
    var results = document.getElementById("find-results");
    if (!input || !results) return;
    var rows = Array.prototype.slice.call(document.querySelectorAll("table.roster tbody tr"));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = results.querySelector("a");
      if (first) first.focus();
    });
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      while (results.firstChild) results.removeChild(results.firstChild);
      if (!q) return;
      var isNumber = /^\d+$/.test(q);
      var hits = rows.filter(function (r) {
        if (isNumber) return r.getAttribute("data-district") === q;
        return (r.getAttribute("data-search") || "").indexOf(q) !== -1;
      }).slice(0, 12);
      if (!hits.length) {
        var none = document.createElement("li");
        none.textContent = "No legislator matches \u201c" + input.value.trim() + "\u201d.";
        results.appendChild(none);
        return;
      }
      hits.forEach(function (r) {
        var li = document.createElement("li");
        var link = r.cells[0].querySelector("a");
        var chamber = r.closest("section").querySelector("h2").textContent;
        var label = r.cells[0].textContent.trim();
        if (link) {
          var a = document.createElement("a");
          a.href = link.getAttribute("href");
          a.textContent = label;
          li.appendChild(a);
        } else {
          li.appendChild(document.createTextNode(label));
        }
        var scoreCell = r.querySelector("td.score");
        var score = scoreCell ? scoreCell.textContent.trim() : "";
        var party = r.getAttribute("data-party");
        li.appendChild(document.createTextNode(
          " \u2014 " + chamber + " District " + r.getAttribute("data-district") +
          (party ? ", " + party : "") + (score ? ": score " + score : "")));
        results.appendChild(li);
      });
    });
  }

  /* compare.html: tick 2 to 4 legislators; they are shown side by side, one column each.
     Without this script the chamber tables are the comparison. */
  var MAX_PICKS = 4;

  function setupCompare(panel) {
    var tables = Array.prototype.slice.call(document.querySelectorAll("table.compare-table"));
    var side = panel.querySelector("table.compare-side");
    var status = panel.querySelector(".compare-status");
    var picked = [];
    var boxes = [];
    var bar = document.createElement("div");
    bar.className = "compare-bar";
    bar.hidden = true;
    var barText = document.createElement("span");
    var barLink = document.createElement("a");
    barLink.href = "#compare-panel";
    barLink.textContent = "See them side by side";
    bar.appendChild(barText);
    bar.appendChild(barLink);
    document.querySelector("main").appendChild(bar);

    function text(cell) {
      if (!cell) return "";
      var copy = cell.cloneNode(true);
      Array.prototype.forEach.call(copy.querySelectorAll("abbr, input"), function (n) { n.remove(); });
      return copy.textContent.replace(/\s+/g, " ").trim();
    }

    function render() {
      boxes.forEach(function (b) { b.disabled = !b.checked && picked.length >= MAX_PICKS; });
      while (side.firstChild) side.removeChild(side.firstChild);
      panel.hidden = picked.length === 0;
      status.className = "compare-status";
      bar.hidden = picked.length < 2;
      barText.textContent = picked.length + " picked.";
      if (picked.length < 2) {
        status.textContent = "Pick " + (picked.length ? "one more legislator" : "two to four legislators") +
          " to compare (" + picked.length + " picked).";
        if (!picked.length) return;
      } else {
        var chambers = {};
        picked.forEach(function (r) { chambers[r.closest("table").getAttribute("data-chamber")] = 1; });
        status.className = "compare-status" + (Object.keys(chambers).length > 1 ? " callout callout-strong" : "");
        status.textContent = Object.keys(chambers).length > 1 ?
          "These legislators sit in different chambers: scores are never compared across chambers, each chamber votes on its own roll calls." :
          picked.length + " legislators side by side.";
      }
      var heads = picked[0].closest("table").tHead.rows[0].cells;
      var thead = side.createTHead().insertRow();
      var corner = document.createElement("th");
      corner.scope = "col";
      corner.textContent = "";
      thead.appendChild(corner);
      picked.forEach(function (r) {
        var th = document.createElement("th");
        th.scope = "col";
        var link = r.cells[0].querySelector("a");
        var a = document.createElement("a");
        a.href = link.getAttribute("href");
        a.textContent = text(link);
        th.appendChild(a);
        thead.appendChild(th);
      });
      var body = side.createTBody();
      function addRow(label, values) {
        var tr = body.insertRow();
        var th = document.createElement("th");
        th.scope = "row";
        th.textContent = label;
        tr.appendChild(th);
        values.forEach(function (v) {
          var td = tr.insertCell();
          if (v && v.nodeType) td.appendChild(v); else td.textContent = v;
        });
      }
      addRow("Chamber", picked.map(function (r) { return r.closest("table").getAttribute("data-chamber"); }));
      for (var i = 1; i < heads.length; i++) {
        addRow(text(heads[i]), picked.map(function (r) { return text(r.cells[i]); }));
      }
      addRow("Briefing", picked.map(function (r) {
        var a = document.createElement("a");
        a.href = "briefings/" + r.getAttribute("data-id") + ".html";
        a.textContent = "printable briefing";
        return a;
      }));
    }

    tables.forEach(function (table) {
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var box = document.createElement("input");
        box.type = "checkbox";
        box.className = "compare-pick";
        box.setAttribute("aria-label", "Compare " + text(row.cells[0]));
        box.addEventListener("change", function () {
          if (box.checked) picked.push(row);
          else picked = picked.filter(function (r) { return r !== row; });
          render();
        });
        row.cells[0].insertBefore(box, row.cells[0].firstChild);
        boxes.push(box);
      });
    });
    var clear = panel.querySelector(".compare-clear");
    if (clear) clear.addEventListener("click", function () {
      boxes.forEach(function (b) { b.checked = false; });
      picked = [];
      render();
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table.roster"), makeSortable);
    Array.prototype.forEach.call(document.querySelectorAll(".table-tools"), setupFilters);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-find]"), setupFind);
    Array.prototype.forEach.call(document.querySelectorAll("#compare-panel"), setupCompare);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
