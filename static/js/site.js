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
  // A table wider than its box scrolls sideways. Keyboard users can scroll it only if it takes
  // focus (WCAG 2.1.1), so a region that overflows becomes a tab stop named after its table; one
  // that fits is left alone, adding no empty tab stop. Measured again on resize and htmx swaps.
  function markScrollRegions() {
    document.querySelectorAll(".table-scroll").forEach(function (region) {
      if (region.scrollWidth > region.clientWidth) {
        region.setAttribute("tabindex", "0");
        var caption = region.querySelector("caption");
        var section = region.closest("[aria-labelledby]");
        if (caption) {
          region.setAttribute("role", "region");
          region.setAttribute("aria-label", caption.textContent.trim());
        } else if (section) {
          region.setAttribute("role", "region");
          region.setAttribute("aria-labelledby", section.getAttribute("aria-labelledby"));
        }
      } else if (region.getAttribute("tabindex") === "0") {
        ["tabindex", "role", "aria-label", "aria-labelledby"].forEach(function (name) { region.removeAttribute(name); });
      }
    });
  }
  // The main navigation's menu button (base.html): hidden until now, so that without JavaScript the
  // links simply show. On a phone the stylesheet folds the list behind it (.has-menu); the button
  // opens and closes it, and Escape closes it and puts the focus back on the button.
  var menu = document.querySelector(".main-nav .menu-toggle[aria-controls]");
  if (menu) {
    var nav = menu.closest(".main-nav");
    var setOpen = function (open) { menu.setAttribute("aria-expanded", open ? "true" : "false"); };
    menu.hidden = false;
    nav.classList.add("has-menu");
    menu.addEventListener("click", function () { setOpen(menu.getAttribute("aria-expanded") !== "true"); });
    nav.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.getAttribute("aria-expanded") === "true" && menu.offsetParent !== null) {
        setOpen(false);
        menu.focus();
      }
    });
  }
  var resizeTimer;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(markScrollRegions, 150);
  });
  document.addEventListener("htmx:afterSettle", markScrollRegions);
  markScrollRegions();
})();
