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
  // A file box's own button and "no file" words are the browser's, in the browser's language (English
  // on many phones set up by a shop): our button and words stand in front of it, in the page's
  // language. The box itself stays in the form, its label and checks unchanged.
  function ownFileButtons() {
    var words = document.body.dataset;
    document.querySelectorAll("input[type=file]:not([data-own-button])").forEach(function (input) {
      input.dataset.ownButton = "1";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-outline-secondary file-choose";
      button.textContent = words.fileChoose;
      var name = document.createElement("span");
      name.className = "file-name small text-break";
      name.id = (input.id || "file") + "-chosen";
      name.textContent = words.fileNone;
      button.setAttribute("aria-describedby", name.id);
      // Its name begins with the words it shows (WCAG 2.5.3) and says which file it is for.
      var label = input.labels && input.labels.length ? input.labels[0].textContent.trim() : "";
      if (label) { button.setAttribute("aria-label", words.fileChoose + ": " + label); }
      var box = document.createElement("span");
      box.className = "file-pick d-inline-flex flex-wrap align-items-center gap-2";
      input.classList.add("visually-hidden");
      input.setAttribute("tabindex", "-1");
      input.parentNode.insertBefore(box, input);
      box.append(button, name, input);
      button.addEventListener("click", function () { input.click(); });
      input.addEventListener("change", function () {
        name.textContent = input.files.length ? Array.prototype.map.call(input.files, function (f) { return f.name; }).join(", ") : words.fileNone;
      });
    });
  }
  document.addEventListener("DOMContentLoaded", ownFileButtons);
  document.addEventListener("htmx:afterSwap", ownFileButtons);
  document.addEventListener("DOMContentLoaded", focusableScrollBoxes);
  window.addEventListener("resize", focusableScrollBoxes);
})();
