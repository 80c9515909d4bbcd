// Small enhancements; every page works without them. No inline scripts anywhere (CSP).
(function () {
  "use strict";
  // Auto-submit filter forms marked data-autosubmit when a select changes.
  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("form[data-autosubmit]");
    if (form && event.target.tagName === "SELECT") { form.requestSubmit ? form.requestSubmit() : form.submit(); }
  });
  // Copy buttons: <button data-copy="#id"> copies the value or text of the target.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy]");
    if (!button) { return; }
    var target = document.querySelector(button.getAttribute("data-copy"));
    if (!target || !navigator.clipboard) { return; }
    navigator.clipboard.writeText(target.value || target.textContent.trim()).then(function () {
      button.setAttribute("data-copied", "true");
    });
  });
})();
