/* Dashboard: draw the Plotly figures embedded as JSON, and sort tables by their headers.
 * Loaded as a file (the CSP allows no inline script). Works without Plotly: the tables stay. */
(function () {
  "use strict";

  var CONFIG = { responsive: true, displayModeBar: false, displaylogo: false };

  /* The card heading already names the chart: drop the figure's own title on the page
   * (the PDF keeps it) and give the space back. */
  function forPage(layout) {
    layout = layout || {};
    var margin = layout.margin || {};
    var legendOnTop = layout.legend && layout.legend.y >= 1 && layout.showlegend !== false;
    layout.title = { text: "" };
    margin.t = legendOnTop ? 48 : Math.min(margin.t || 40, 40);
    layout.margin = margin;
    layout.autosize = true;
    delete layout.width;
    return layout;
  }

  /* Break "<b>Keep up the good work</b>" onto two lines. */
  function twoLines(text) {
    var inner = text.replace(/<\/?b>/g, "");
    var words = inner.split(" ");
    if (words.length < 2 || inner.indexOf("<br>") !== -1) { return text; }  // already two
    var half = Math.ceil(words.length / 2);
    return "<b>" + words.slice(0, half).join(" ") + "<br>" + words.slice(half).join(" ") + "</b>";
  }

  /* A phone has ~330 px for a chart: numbered IPA markers instead of labels (the numbers are
   * in the table), no colour bars (the cells carry their values), fewer ticks. */
  function forPhone(data, layout) {
    layout.font = layout.font || {};
    layout.font.size = 11;
    data.forEach(function (trace) {
      if (trace.type === "scatter" && trace.mode === "markers+text" && trace.customdata) {
        trace.text = trace.customdata.map(function (c) { return String(c[3]); });
        trace.textposition = "middle center";
        trace.textfont = { size: 10, color: "#ffffff" };
        trace.marker.size = 18;
      }
      if (trace.type === "bar" && trace.textposition === "inside") { trace.text = null; }
      if (trace.type === "heatmap") { trace.showscale = false; }
    });
    (layout.annotations || []).forEach(function (a) {
      if (a.xref === "paper" && a.yref === "paper") {
        a.text = twoLines(a.text);
        a.font = a.font || {};
        a.font.size = 10;
      }
    });
    ["xaxis", "yaxis"].forEach(function (name) {
      var axis = layout[name];
      if (axis && axis.tickvals && axis.ticktext && axis.tickvals.length > 6) {
        axis.tickvals = axis.tickvals.filter(function (v, i) { return i % 2 === 0; });
        axis.ticktext = axis.ticktext.filter(function (v, i) { return i % 2 === 0; });
      }
      if (axis && axis.type === "category" && axis.side === "top") { axis.tickangle = 0; }
    });
    layout.margin.r = Math.min(layout.margin.r || 0, 48);
  }

  function drawOne(node) {
    var source = document.getElementById(node.getAttribute("data-figure"));
    if (!source) { return; }
    var figure;
    try {
      figure = JSON.parse(source.textContent);
    } catch (err) {
      // The page's own words (data-error, in its language), else the English.
      node.textContent = node.getAttribute("data-error") ||
        "This chart could not be drawn; its numbers are in the table below.";
      return;
    }
    var layout = forPage(figure.layout);
    var data = figure.data || [];
    if (window.matchMedia && window.matchMedia("(max-width: 575.98px)").matches) {
      forPhone(data, layout);
    }
    window.Plotly.newPlot(node, data, layout, CONFIG).then(function () {
      node.classList.add("chart-ready");
    });
  }

  /* One chart per task, so the page stays responsive while the next ones are drawn. */
  function drawCharts() {
    if (!window.Plotly) { return; }
    var queue = Array.prototype.slice.call(document.querySelectorAll("[data-figure]"));
    function next() {
      var node = queue.shift();
      if (!node) { return; }
      drawOne(node);
      window.setTimeout(next, 0);
    }
    next();
  }

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
    drawCharts();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
