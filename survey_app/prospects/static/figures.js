// Draws every Plotly figure of the page: <div class="js-figure" data-figure="ID"> reads its
// figure from <script type="application/json" id="ID">. No inline script, so the CSP holds.
(function () {
  "use strict";
  function draw() {
    document.querySelectorAll(".js-figure").forEach(function (el) {
      var source = document.getElementById(el.dataset.figure);
      if (!source || !window.Plotly) { return; }
      var fig = JSON.parse(source.textContent);
      window.Plotly.newPlot(el, fig.data, fig.layout, {
        responsive: true, displaylogo: false, modeBarButtonsToRemove: ["select2d", "lasso2d"]
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
