// Type-ahead picker for administrative units: keyboard (arrows, Enter, Escape) and touch.
(function () {
  "use strict";
  function setup(box) {
    var hidden = box.querySelector('[data-role="value"]');
    var input = box.querySelector('[data-role="search"]');
    var list = box.querySelector('[role="listbox"]');
    var timer = null, active = -1, items = [];

    // data-multiple="<field name>": each choice becomes a removable chip carrying a hidden input.
    var multiple = box.dataset.multiple, chosen = box.querySelector('[data-role="chosen"]');

    function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; }
    function addChip(item) {
      var already = Array.prototype.some.call(chosen.querySelectorAll("input"), function (el) { return el.value === String(item.id); });
      if (already) return;
      var li = document.createElement("li");
      li.className = "badge text-bg-light border d-inline-flex align-items-center gap-1 text-wrap text-start";
      var value = document.createElement("input");
      value.type = "hidden"; value.name = multiple; value.value = item.id;
      var text = document.createElement("span"); text.textContent = item.label;
      var remove = document.createElement("button");
      remove.type = "button"; remove.className = "btn-close"; remove.dataset.role = "remove";
      remove.setAttribute("aria-label", box.dataset.removeLabel + " " + item.label);
      li.append(value, text, remove); chosen.appendChild(li);
    }
    function choose(item) {
      if (multiple) { addChip(item); input.value = ""; close(); input.focus(); return; }
      hidden.value = item.id; input.value = item.label; close();
      hidden.dispatchEvent(new Event("change", { bubbles: true }));
    }
    if (multiple) {
      chosen.addEventListener("click", function (e) {
        var button = e.target.closest('[data-role="remove"]');
        if (button) { button.closest("li").remove(); input.focus(); }
      });
    }
    function highlight(index) {
      var options = list.querySelectorAll('[role="option"]');
      options.forEach(function (el, i) { el.classList.toggle("active", i === index); el.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (options[index]) { input.setAttribute("aria-activedescendant", options[index].id); options[index].scrollIntoView({ block: "nearest" }); }
    }
    function render(results) {
      items = results; list.innerHTML = "";
      results.forEach(function (item, i) {
        var li = document.createElement("li");
        li.className = "list-group-item list-group-item-action";
        li.id = input.id + "_opt" + i; li.setAttribute("role", "option"); li.textContent = item.label;
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(item); });
        list.appendChild(li);
      });
      list.hidden = results.length === 0;
      input.setAttribute("aria-expanded", results.length ? "true" : "false");
      active = -1;
    }
    // A message in place of the choices (the search is refused for a while): read, not chosen.
    function showMessage(text) {
      items = []; list.innerHTML = "";
      var li = document.createElement("li");
      li.className = "list-group-item text-danger"; li.setAttribute("role", "status"); li.textContent = text;
      list.appendChild(li); list.hidden = false; active = -1;
    }
    function search() {
      var q = input.value.trim();
      if (q.length < 2) { render([]); return; }
      var url = box.dataset.searchUrl + "&q=" + encodeURIComponent(q);
      // A role's scope chosen in a select next to the picker: search only units of that level.
      var levelFrom = box.dataset.levelFrom && document.getElementById(box.dataset.levelFrom);
      if (levelFrom && (levelFrom.value === "province" || levelFrom.value === "commune")) url += "&level=" + levelFrom.value;
      fetch(url, { headers: { "Accept": "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (input.value.trim() !== q) return;
          if (data.error) { showMessage(data.error); } else { render(data.results); }
        });
    }
    input.addEventListener("input", function () {
      if (hidden) hidden.value = "";
      clearTimeout(timer); timer = setTimeout(search, 200);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown") { e.preventDefault(); highlight(Math.min(active + 1, items.length - 1)); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight(Math.max(active - 1, 0)); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); choose(items[active]); }
      else if (e.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }
  function init(root) { (root || document).querySelectorAll(".unit-picker").forEach(function (box) { if (!box.dataset.ready) { box.dataset.ready = "1"; setup(box); } }); }
  document.addEventListener("DOMContentLoaded", function () { init(); });
  document.addEventListener("htmx:afterSwap", function (e) { init(e.target); });
})();
