// Progressive enhancement for the campaign pages; every page works without it.
(function () {
  "use strict";

  function copyText(text, button) {
    function done() {
      const label = button.textContent;
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = label; }, 1500);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done);
      return;
    }
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    document.body.removeChild(area);
    done();
  }

  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      const target = document.getElementById(button.dataset.copyTarget);
      if (target) { copyText(target.value || target.textContent.trim(), button); }
    });
  });

  // Select the whole link when a read-only link field gets focus, ready for Ctrl+C.
  document.querySelectorAll("input.link-field, textarea.link-field").forEach(function (field) {
    field.addEventListener("focus", function () { field.select(); });
  });

  // The company select on the campaign form: show that company's teams at once.
  document.querySelectorAll("[data-refresh-button]").forEach(function (select) {
    select.addEventListener("change", function () {
      const button = document.getElementById(select.dataset.refreshButton);
      if (button) { button.click(); }
    });
  });
})();
