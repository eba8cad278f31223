/* Dashboard tables: sort them by their headers. The charts are drawn by charts.js.
 * Loaded as a file (the CSP allows no inline script). */
(function () {
  "use strict";

  /* ---- Sortable tables: <table data-sortable>, a <button class="sort-btn"> in each <th>. */

  function cellValue(row, col, kind) {
    var cell = row.children[col];
    var raw = cell ? (cell.getAttribute("data-sort") || cell.textContent).trim() : "";
    if (kind === "number") {
      return raw === "" ? null : parseFloat(raw);
    }
    return raw.toLowerCase();
  }

  function sortTable(table, th, col) {
    var kind = th.getAttribute("data-kind") || "text";
    var current = th.getAttribute("aria-sort");
    // Numbers start high-to-low (the biggest gap first); text starts A to Z.
    var next = current === "descending" ? "ascending"
      : current === "ascending" ? "descending"
        : (kind === "number" ? "descending" : "ascending");
    var dir = next === "ascending" ? 1 : -1;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, col, kind);
      var y = cellValue(b, col, kind);
      if (x === null && y === null) { return 0; }
      if (x === null) { return 1; }  // missing values always last
      if (y === null) { return -1; }
      if (x < y) { return -dir; }
      if (x > y) { return dir; }
      return 0;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", next);
    var status = document.getElementById("dash-status");
    if (status) {
      // The sentence in the page's language (data-ascending / data-descending hold it with a
      // "{column}" slot), else the English.
      var sentence = status.getAttribute("data-" + next);
      var column = th.textContent.trim();
      status.textContent = sentence ? sentence.replace("{column}", column)
        : "Sorted by " + column + ", " + next + ".";
    }
  }

  function initSorting() {
    var tables = document.querySelectorAll("table[data-sortable]");
    Array.prototype.forEach.call(tables, function (table) {
      var buttons = table.querySelectorAll("thead .sort-btn");
      Array.prototype.forEach.call(buttons, function (button) {
        button.addEventListener("click", function () {
          var th = button.closest("th");
          sortTable(table, th, Array.prototype.indexOf.call(th.parentNode.children, th));
        });
      });
    });
  }

  function init() {
    initSorting();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
