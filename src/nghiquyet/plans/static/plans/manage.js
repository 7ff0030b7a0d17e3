/* Plan and task editors: small helpers, the forms work without them.
   - a text box above a long <select> hides the options that do not match (accents ignored);
   - budget fields only for programs and projects; targets of the chosen resolution only;
   - the day of the period only for recurring tasks; "every commune" swaps the lead unit field. */
(function () {
  "use strict";
  function fold(s) {
    return (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "d").toLowerCase();
  }
  function show(el, on) { if (el) { el.hidden = !on; } }

  document.querySelectorAll("input.option-filter").forEach(function (box) {
    var select = document.getElementById(box.dataset.filterFor);
    if (!select) { return; }
    var options = Array.prototype.slice.call(select.options);
    box.addEventListener("input", function () {
      var words = fold(box.value).split(/\s+/).filter(Boolean);
      options.forEach(function (o) {
        var text = fold(o.text);
        var hit = !o.value || o.selected || words.every(function (w) { return text.indexOf(w) >= 0; });
        o.hidden = !hit;
        o.disabled = !hit && !o.selected;
      });
    });
  });

  var kind = document.getElementById("id_kind");
  var budget = document.getElementById("budget-fields");
  if (kind && budget) {
    var toggleBudget = function () {
      var on = kind.value === "program" || kind.value === "project";
      var filled = Array.prototype.some.call(budget.querySelectorAll("input"), function (i) { return i.value; });
      show(budget, on || filled);  /* never hide a value the server would refuse */
    };
    kind.addEventListener("change", toggleBudget);
    toggleBudget();
  }

  var resolution = document.getElementById("id_resolution");
  if (resolution) {
    var toggleTargets = function () {
      var any = false;
      document.querySelectorAll(".target-group").forEach(function (g) {
        var on = g.dataset.resolution === resolution.value || !!g.querySelector("input:checked");
        any = any || on;
        show(g, on);
      });
      show(document.getElementById("targets-empty"), !any);
    };
    resolution.addEventListener("change", toggleTargets);
    toggleTargets();
  }

  var recurrence = document.getElementById("id_recurrence");
  var dueDay = document.getElementById("due-day-row");
  if (recurrence && dueDay) {
    var toggleDay = function () {
      var input = dueDay.querySelector("input");
      show(dueDay, ["monthly", "quarterly", "yearly"].indexOf(recurrence.value) >= 0 || (input && input.value));
    };
    recurrence.addEventListener("change", toggleDay);
    toggleDay();
  }

  var bulk = document.getElementById("id_bulk");
  if (bulk) {
    var toggleBulk = function () {
      show(document.getElementById("bulk-fields"), bulk.checked);
      show(document.getElementById("lead-fields"), !bulk.checked);
    };
    bulk.addEventListener("change", toggleBulk);
    toggleBulk();
  }

  document.querySelectorAll("form[data-confirm]").forEach(function (f) {
    f.addEventListener("submit", function (e) {
      if (!window.confirm(f.dataset.confirm)) { e.preventDefault(); }
    });
  });
})();
