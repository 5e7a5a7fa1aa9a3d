// Behaviour that CSP forbids inline: auto-submitting selects, confirmation prompts, and
// keyboard access to the table boxes that scroll sideways on a narrow screen.
(function () {
  "use strict";
  // With scripts on, what only a page without them needs (the language's "Change" button) steps aside.
  document.documentElement.classList.add("js");
  document.addEventListener("change", function (e) {
    if (e.target.matches("select[data-autosubmit]")) { e.target.form.submit(); }
  });
  document.addEventListener("submit", function (e) {
    var message = e.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { e.preventDefault(); }
  });
  // A box that scrolls must take the focus, or a keyboard user cannot scroll it (WCAG 2.1.1);
  // only while it scrolls, so that a table that fits adds no stop to the tab order.
  function focusableScrollBoxes() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) {
        if (!box.hasAttribute("tabindex")) { box.setAttribute("tabindex", "0"); box.dataset.scrollFocus = "1"; }
      } else if (box.dataset.scrollFocus) {
        box.removeAttribute("tabindex"); delete box.dataset.scrollFocus;
      }
    });
  }
  document.addEventListener("DOMContentLoaded", focusableScrollBoxes);
  window.addEventListener("resize", focusableScrollBoxes);
})();
