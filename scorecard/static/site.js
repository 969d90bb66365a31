/* scorecard: sorting and filtering of the chamber tables, and "find your legislator".
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

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table.roster"), makeSortable);
    Array.prototype.forEach.call(document.querySelectorAll(".table-tools"), setupFilters);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-find]"), setupFind);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
