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
    // All Orders: a new page size applies at once.
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  });
})();
