// The respondent's survey: live progress and a usable error summary. No inline scripts (CSP).
(function () {
  "use strict";

  var form = document.getElementById("survey-form");
  if (!form) {
    return;
  }
  var answeredEl = document.getElementById("progress-answered");
  var bar = document.querySelector("#survey-progress .progress");
  var fill = bar ? bar.querySelector(".progress-bar") : null;

  function isAnswered(container) {
    if (container.querySelector("input:checked")) {
      return true;
    }
    var select = container.querySelector("select");
    return Boolean(select && select.value);
  }

  function updateProgress() {
    var questions = form.querySelectorAll("[data-question]");
    var answered = 0;
    questions.forEach(function (q) {
      if (isAnswered(q)) {
        answered += 1;
      }
    });
    var total = questions.length;
    if (answeredEl) {
      answeredEl.textContent = String(answered);
    }
    if (bar && fill) {
      bar.setAttribute("aria-valuenow", String(answered));
      fill.style.width = (total ? Math.round((100 * answered) / total) : 0) + "%";
    }
  }

  form.addEventListener("change", updateProgress);
  updateProgress();

  // The language picker saves what was typed, then shows the form in that language
  // (survey_app/surveys/views.py, LANGUAGE_ACTION); without scripts it is a plain link.
  document.querySelectorAll("a[data-switch-form]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var target = document.getElementById(link.getAttribute("data-switch-form"));
      if (!target) {
        return;
      }
      event.preventDefault();
      var action = document.createElement("input");
      action.type = "hidden";
      action.name = "action";
      action.value = "language:" + link.getAttribute("data-language");
      target.appendChild(action);
      target.submit(); // no validation: a draft keeps whatever is there
    });
  });

  // The error summary: announce it, and let its links move focus to the question.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) {
        return;
      }
      var input = document.getElementById(link.getAttribute("href").slice(1));
      if (!input) {
        return;
      }
      event.preventDefault();
      var question = document.getElementById(link.dataset.focusQuestion) || input;
      question.scrollIntoView({ block: "start" });
      input.focus({ preventScroll: true });
    });
  }
})();
