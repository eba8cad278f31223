/* The PDF report's waiting page: poll its status and download the PDF once it is ready.
 * Loaded as a file (the CSP allows no inline script). Without it, the page's link does the
 * same by hand. */
(function () {
  "use strict";

  var box = document.getElementById("report-status");
  if (!box || box.getAttribute("data-state") === "failed") { return; }
  var statusUrl = box.getAttribute("data-status-url");
  var downloadUrl = box.getAttribute("data-download-url");
  var stage = document.getElementById("report-stage");
  var bar = document.getElementById("report-progress");
  var done = document.getElementById("report-done");
  var delay = 700;

  function show(status) {
    stage.textContent = status.text;  // the stage, in the page's language (reports/views.py)
    bar.setAttribute("aria-valuenow", String(status.progress));
    bar.firstElementChild.style.width = status.progress + "%";
    bar.firstElementChild.textContent = status.progress + "%";
  }

  function poll() {
    fetch(statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) {
        if (!status) { return later(); }
        if (status.state === "ready") {
          show(status);
          stage.textContent = box.getAttribute("data-ready-text");
          done.textContent = box.getAttribute("data-done-text");
          window.location.assign(downloadUrl);  // an attachment: this page stays
          return;
        }
        if (status.state === "failed" || status.state === "none") {
          window.location.reload();  // the page says why, with a button to try again
          return;
        }
        show(status);
        later();
      })
      .catch(later);
  }

  function later() {
    delay = Math.min(delay * 1.3, 3000);
    window.setTimeout(poll, delay);
  }

  window.setTimeout(poll, delay);
}());
