// An enhancement only: the pages work without it. A form posts once per click,
// so a double click on "Submit" or "Start a PTA" sends a single request.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.posted) {
      event.preventDefault();
      return;
    }
    form.dataset.posted = "1";
  });
  // A page shown again from the Back button may be posted again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-posted]").forEach(function (form) {
      delete form.dataset.posted;
    });
  });
  // The error summary takes the focus, so a screen reader reads it first.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
})();
