// The invite page's mail progress: polls the counts while emails are waiting. Counts only.
(function () {
  "use strict";
  const panel = document.querySelector("[data-mail-progress]");
  if (!panel || !window.fetch) { return; }
  const url = panel.dataset.mailProgress;

  function show(selector, visible) {
    panel.querySelectorAll(selector).forEach(function (node) { node.hidden = !visible; });
  }

  function render(data) {
    ["sent", "queued", "failed", "declined"].forEach(function (name) {
      panel.querySelectorAll('[data-mail-count="' + name + '"]').forEach(function (node) {
        node.textContent = String(data[name]);
      });
    });
    panel.querySelectorAll("[data-mail-reasons]").forEach(function (node) {
      node.textContent = data.reasons.join("; ");
    });
    const bar = panel.querySelector("[data-mail-bar]");
    if (bar) { bar.max = Math.max(1, data.total); bar.value = data.sent + data.failed; }
    show("[data-mail-declined]", data.declined > 0);
    show("[data-mail-failed]", data.failed > 0);
    show("[data-mail-no-consumer]", data.queued > 0 && !data.consumer_running);
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        render(data);
        // Faster while mail is going out; slowly after, in case more is queued elsewhere.
        setTimeout(poll, data.queued > 0 ? 1000 : 10000);
      })
      .catch(function () { setTimeout(poll, 10000); });
  }
  setTimeout(poll, 1000);
})();
