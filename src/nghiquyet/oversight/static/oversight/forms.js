// Filter a long list of checkboxes (inspected units) by name, ignoring Vietnamese diacritics.
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  document.querySelectorAll("input.ov-check-filter").forEach(function (box) {
    var list = document.getElementById(box.dataset.filterFor);
    if (!list) { return; }
    box.addEventListener("input", function () {
      var words = fold(box.value).split(/\s+/).filter(Boolean);
      list.querySelectorAll("label").forEach(function (label) {
        var name = fold(label.textContent);
        var checked = label.querySelector("input").checked;
        label.hidden = !checked && !words.every(function (w) { return name.indexOf(w) !== -1; });
      });
    });
  });
})();
