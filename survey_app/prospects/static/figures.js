// Draws every Plotly figure of the page: <div class="js-figure" data-figure="ID"> reads its
// figure from <script type="application/json" id="ID">. No inline script, so the CSP holds.
// No mode bar, as on the dashboard: the chart is one image to assistive technology (role="img",
// its label says what it shows), and a control inside an image can be reached by no one.
(function () {
  "use strict";
  function draw() {
    document.querySelectorAll(".js-figure").forEach(function (el) {
      var source = document.getElementById(el.dataset.figure);
      if (!source || !window.Plotly) { return; }
      var fig = JSON.parse(source.textContent);
      window.Plotly.newPlot(el, fig.data, fig.layout, {
        responsive: true, displayModeBar: false, displaylogo: false
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
