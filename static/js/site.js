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
  // Lists of many choices (select[data-searchable], core.forms.SearchableSelectMultiple) become pickers
  // that filter as one types (Tom Select, static/vendor/tom-select/). The label moves to the picker's
  // text box, which keeps the list box's description; the line saying how to choose swaps to the
  // picker's. Without JavaScript, or if Tom Select did not load, the list box stays as it is.
  function enhanceSearchables(root) {
    if (typeof window.TomSelect !== "function") { return; }
    root.querySelectorAll("select[data-searchable]").forEach(function (select) {
      if (select.tomselect) { return; }
      var noResults = select.getAttribute("data-no-results") || "";
      var picker = new window.TomSelect(select, {
        plugins: { remove_button: { title: select.getAttribute("data-remove-label") || "" } },
        maxOptions: null,
        // Once an option is picked the typed letters go, ready for the next search.
        clearAfterSelect: true,
        placeholder: select.getAttribute("data-placeholder") || "",
        hidePlaceholder: true,
        render: {
          no_results: function (data, escape) { return '<div class="no-results">' + escape(noResults) + "</div>"; }
        }
      });
      // The list box stays in the form, out of reach (Tom Select takes it out of the tab order), and now
      // unlabelled: screen readers meet the picker only.
      select.setAttribute("aria-hidden", "true");
      var described = select.getAttribute("aria-describedby");
      if (described) { picker.control_input.setAttribute("aria-describedby", described); }
      var howto = select.id && document.getElementById(select.id + "_howto");
      if (howto) {
        howto.querySelectorAll("[data-without-js]").forEach(function (part) { part.hidden = true; });
        howto.querySelectorAll("[data-with-js]").forEach(function (part) { part.hidden = false; });
      }
    });
  }
  // A control marked data-shown-when="<name>" data-shown-value="<value>" (core.forms.shown_when) matters
  // only for that answer of its form's field <name>: its field hides for any other answer. The server
  // ignores what it holds then; without JavaScript it simply always shows.
  function answerOf(form, name) {
    var control = form.elements.namedItem(name);
    if (!control) { return null; }
    if (typeof RadioNodeList !== "undefined" && control instanceof RadioNodeList) { return control.value; }
    if (control.type === "radio" || control.type === "checkbox") { return control.checked ? control.value : ""; }
    return control.value;
  }
  function applyShownWhen(root) {
    root.querySelectorAll("[data-shown-when]").forEach(function (control) {
      var form = control.form;
      var field = control.closest(".field");
      if (!form || !field) { return; }
      var name = control.getAttribute("data-shown-when");
      var wanted = control.getAttribute("data-shown-value");
      var update = function () { field.hidden = answerOf(form, name) !== wanted; };
      if (!control.hasAttribute("data-shown-bound")) {
        control.setAttribute("data-shown-bound", "");
        form.addEventListener("change", function (event) {
          if (event.target && event.target.name === name) { update(); }
        });
      }
      update();
    });
  }
  // The summary of a form's errors (templates/includes/form_errors.html) takes the focus when the page
  // opens, so that it is read first; each of its links puts the focus in its field, on the picker when
  // the list box became one, with the field's label in view.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".error-summary a[href^='#']");
    if (!link) { return; }
    var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!target) { return; }
    var control = target.tomselect ? target.tomselect.control_input : target;
    var field = target.closest(".field") || target.closest("fieldset");
    event.preventDefault();
    (field || control).scrollIntoView({ block: "start" });
    control.focus({ preventScroll: true });
  });
  function focusErrorSummary(root) {
    var summary = root.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  }
  function enhance(root) {
    enhanceSearchables(root);
    applyShownWhen(root);
  }
  var resizeTimer;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(markScrollRegions, 150);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    markScrollRegions();
    var root = event.target instanceof Element ? event.target : document;
    enhance(root);
    focusErrorSummary(root);
  });
  markScrollRegions();
  enhance(document);
  focusErrorSummary(document);
})();
