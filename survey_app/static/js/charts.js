/* Every chart of every page: draw the Plotly figure embedded as JSON beside its container
 * (<div data-figure="ID"> reads <script type="application/json" id="ID">), fitted to the
 * screen it is on. Loaded as a file (the CSP allows no inline script). Without Plotly the
 * tables beside the charts stay.
 *
 * No mode bar: the chart is one image to assistive technology (role="img", its label says
 * what it shows), and a control inside an image can be reached by no one. */
(function () {
  "use strict";

  var CONFIG = { responsive: true, displayModeBar: false, displaylogo: false };
  var PHONE = "(max-width: 575.98px)";
  var FIT_ROUNDS = 6;
  var HEATMAP_ROW_CHARS = 18;

  /* A card heading that already names the chart (data-headed): drop the figure's own title
   * on the page (the PDF keeps it) and give the space back. */
  function forPage(layout, headed) {
    layout = layout || {};
    var margin = layout.margin || {};
    if (headed) {
      var legendOnTop = layout.legend && layout.legend.y >= 1 && layout.showlegend !== false;
      layout.title = { text: "" };
      margin.t = legendOnTop ? 48 : Math.min(margin.t || 40, 40);
    }
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
   * in the table), no colour bars (the cells carry their values), fewer ticks, and no bar
   * text squeezed below a readable size (the table beside the chart has every figure). */
  function forPhone(data, layout) {
    layout.font = layout.font || {};
    layout.font.size = 11;
    layout.uniformtext = { minsize: 9, mode: "hide" };
    data.forEach(function (trace) {
      if (trace.type === "scatter" && trace.mode === "markers+text" && trace.customdata) {
        trace.text = trace.customdata.map(function (c) { return String(c[3]); });
        trace.textposition = "middle center";
        trace.textfont = { size: 10, color: "#ffffff" };
        trace.marker.size = 18;
      }
      if (trace.type === "bar" && trace.textposition === "inside") { trace.text = null; }
      if (trace.type === "heatmap") {
        trace.showscale = false;
        // Row names on two short lines at most: the teams' columns need the width.
        if (Array.isArray(trace.y)) {
          trace.y = trace.y.map(function (label) { return window.chartFit.shortLines(label, HEATMAP_ROW_CHARS, 2); });
        }
      }
    });
    (layout.annotations || []).forEach(function (a) {
      if (a.name === "hidden") { a.font = Object.assign({}, a.font, { size: 9 }); }
    });
    (layout.annotations || []).forEach(function (a) {
      if (a.xref === "paper" && a.yref === "paper") {
        a.text = twoLines(a.text);
        a.font = a.font || {};
        a.font.size = 10;
      }
    });
    // Level x tick labels: Plotly would turn crowded ones on end (and into the legend below),
    // fit() breaks or thins them instead.
    var cartesian = data.some(function (t) { return ["bar", "scatter", "heatmap"].indexOf(t.type || "scatter") !== -1; });
    if (cartesian) { layout.xaxis = layout.xaxis || {}; }
    Object.keys(layout).forEach(function (name) {
      var axis = layout[name];
      if (/^xaxis\d*$/.test(name) && axis && (axis.tickangle === undefined || axis.tickangle === "auto")) {
        axis.tickangle = 0;
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
    var layout = forPage(figure.layout, node.hasAttribute("data-headed"));
    var data = figure.data || [];
    if (window.matchMedia && window.matchMedia(PHONE).matches) {
      forPhone(data, layout);
    }
    var rounds = 0;
    function fitted() {
      rounds += 1;
      if (rounds <= FIT_ROUNDS && window.chartFit.fit(node, data, layout)) {
        return window.Plotly.react(node, data, layout, CONFIG).then(fitted);
      }
      node.classList.add("chart-ready");
    }
    window.Plotly.newPlot(node, data, layout, CONFIG).then(fitted);
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

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawCharts);
  } else {
    drawCharts();
  }
})();
