// The phone visit form (docs/self-service.md): keep what was typed on the phone, send it without
// losing it on a poor connection, and resend it without making a second visit (the hidden token).
(function () {
  "use strict";
  function store() {
    try { return window.localStorage; } catch (e) { return null; }
  }
  var ls = store();

  document.querySelectorAll("[data-clear-draft]").forEach(function (el) {
    if (ls) ls.removeItem(el.getAttribute("data-clear-draft"));
  });

  var form = document.querySelector("form[data-draft]");
  if (!form) return;
  var key = form.getAttribute("data-draft");
  var fields = form.querySelectorAll("[data-keep]");

  function save() {
    if (!ls) return;
    var draft = {};
    fields.forEach(function (f) { draft[f.getAttribute("data-keep")] = f.value; });
    ls.setItem(key, JSON.stringify(draft));
  }

  var saved = null;
  try { saved = ls && JSON.parse(ls.getItem(key) || "null"); } catch (e) { saved = null; }
  if (saved) {
    fields.forEach(function (f) {
      var name = f.getAttribute("data-keep");
      if (saved[name]) f.value = saved[name];
    });
  }
  save();
  form.addEventListener("input", save);

  var status = document.getElementById("visit-position");
  var locate = document.getElementById("visit-locate");
  if (locate && status) {
    locate.addEventListener("click", function () {
      if (!navigator.geolocation) { status.textContent = status.dataset.refused; return; }
      navigator.geolocation.getCurrentPosition(function (pos) {
        form.querySelector("[name=latitude]").value = pos.coords.latitude.toFixed(6);
        form.querySelector("[name=longitude]").value = pos.coords.longitude.toFixed(6);
        form.querySelector("[name=position_accuracy]").value = Math.round(pos.coords.accuracy);
        status.textContent = status.dataset.found.replace("{metres}", Math.round(pos.coords.accuracy));
        save();
      }, function () {
        status.textContent = status.dataset.refused;
      }, { enableHighAccuracy: true, timeout: 20000 });
    });
  }

  var failed = document.getElementById("visit-send-failed");
  var button = document.getElementById("visit-send");
  form.addEventListener("submit", function (event) {
    if (!window.fetch || !window.FormData) return;
    event.preventDefault();
    save();
    if (failed) failed.hidden = true;
    if (button) button.disabled = true;
    fetch(form.action || window.location.href, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "X-Visit-Send": "1" }
    }).then(function (response) {
      // Saved: the server names the page to go to (204), so that its confirmation is shown there
      // and not used up by a redirect followed inside fetch.
      if (response.status === 204 && response.headers.get("X-Location")) {
        if (ls) ls.removeItem(key);
        window.location.assign(response.headers.get("X-Location"));
        return null;
      }
      if (response.ok && response.redirected) {
        if (ls) ls.removeItem(key);
        window.location.assign(response.url);
        return null;
      }
      return response.text().then(function (html) {
        if (response.status === 400) {
          // The server refused something (a photo, a date): show its page, which says what and where.
          document.open(); document.write(html); document.close();
        } else {
          throw new Error("HTTP " + response.status);
        }
      });
    }).catch(function () {
      if (failed) { failed.hidden = false; failed.focus && failed.scrollIntoView(); }
      if (button) button.disabled = false;
    });
  });
})();
