// Small behaviours of the admin pages; every page also works without them.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }
  ready(function () {
    // Order settings: "Disabled" greys out every other field.
    document.querySelectorAll("select[data-toggles]").forEach(function (select) {
      var target = document.getElementById(select.dataset.toggles);
      var sync = function () { target.disabled = select.value === "disabled"; };
      select.addEventListener("change", sync);
      sync();
    });
    // Order settings: Processing Order Status only with Custom Order Status.
    document.querySelectorAll("select[data-enables]").forEach(function (select) {
      var target = document.getElementById(select.dataset.enables);
      var sync = function () { target.disabled = select.value !== select.dataset.enableValue; };
      select.addEventListener("change", sync);
      sync();
    });
    // Order settings: Pending Orders is offered with the companion module only.
    document.querySelectorAll("select[data-reveals]").forEach(function (select) {
      var target = document.getElementById(select.dataset.reveals);
      var sync = function () {
        target.hidden = select.value !== select.dataset.revealValue;
        target.querySelectorAll("select").forEach(function (field) { field.disabled = target.hidden; });
      };
      select.addEventListener("change", sync);
      sync();
    });
    // Order details: Cancel Order opens its confirm dialog in place (without JavaScript the
    // link reloads the page with the dialog open).
    document.querySelectorAll("[data-opens-dialog]").forEach(function (opener) {
      var dialog = document.getElementById(opener.dataset.opensDialog);
      if (!dialog || typeof dialog.showModal !== "function") { return; }
      opener.addEventListener("click", function (event) {
        event.preventDefault();
        dialog.showModal();
        var first = dialog.querySelector("select");
        if (first) { first.focus(); }
      });
    });
    document.querySelectorAll("[data-closes-dialog]").forEach(function (closer) {
      var dialog = document.getElementById(closer.dataset.closesDialog);
      if (!dialog || typeof dialog.close !== "function") { return; }
      closer.addEventListener("click", function (event) {
        event.preventDefault();
        dialog.close();
      });
    });
    // A dialog the page opened (a refused confirm, a link with ?cancel=1) is modal too.
    document.querySelectorAll("dialog[open]").forEach(function (dialog) {
      if (typeof dialog.showModal === "function") { dialog.close(); dialog.showModal(); }
    });
    // All Orders: a new page size applies at once.
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
    // Order details: Save Order only once a field of the address has changed.
    document.querySelectorAll("form[data-save-when-changed]").forEach(function (form) {
      var buttons = document.querySelectorAll("button[form='" + form.id + "'], #" + form.id + " button[type=submit]");
      var fields = form.querySelectorAll("input:not([type=hidden]), select, textarea");
      var initial = Array.prototype.map.call(fields, function (f) { return f.value; });
      var invalid = form.querySelector("[aria-invalid=true]") !== null;
      var sync = function () {
        var changed = invalid || Array.prototype.some.call(fields, function (f, i) { return f.value !== initial[i]; });
        buttons.forEach(function (b) { b.disabled = !changed; });
      };
      fields.forEach(function (f) { f.addEventListener("input", sync); });
      sync();
    });
    // SKU matching: the catalogue picker searches as the merchant types.
    document.querySelectorAll("form.catalogue-search[data-results]").forEach(function (form) {
      var input = form.querySelector("input[name=q]");
      var timer = null, asked = 0;
      var load = function (page) {
        var params = new URLSearchParams(new FormData(form));
        if (page) { params.set("page", page); }
        var ticket = ++asked;
        fetch(form.dataset.results + "?" + params.toString(), {credentials: "same-origin"})
          .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
          .then(function (html) {
            if (ticket !== asked) { return; }  // an older answer after a newer one
            var current = document.getElementById("catalogue-results");
            var holder = document.createElement("div");
            holder.innerHTML = html;
            current.replaceWith(holder.firstElementChild);
          })
          .catch(function () { form.submit(); });
      };
      input.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () { load(); }, 250);
      });
      form.addEventListener("submit", function (event) { event.preventDefault(); load(); });
      form.parentElement.addEventListener("click", function (event) {
        var link = event.target.closest("a[data-page]");
        if (link) { event.preventDefault(); load(link.dataset.page); }
      });
    });
  });
})();
