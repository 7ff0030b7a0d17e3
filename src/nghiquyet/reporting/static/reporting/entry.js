/* Inline checks on the entry form: the same rules the server applies (validation.py), shown
   while typing. The server checks again on save; this only spares a round trip. */
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form) return;
  var warnPercent = parseFloat(form.dataset.warnPercent || "0") || 0;
  var rulesEl = document.getElementById("form-rules");
  var rules = rulesEl ? JSON.parse(rulesEl.textContent) : [];
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input[data-id]"));
  var byId = {};
  inputs.forEach(function (el) { byId[el.dataset.id] = el; });
  var symbols = { lte: "≤", gte: "≥", eq: "=", lt: "<", gt: ">" };

  function fmt(n) {
    var parts = (Math.round(n * 100) / 100).toString().split(".");
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    return parts.join(",");
  }

  // Same reading as validation.parse_number: "1.234,5", "1234.5", "12,5".
  function parse(text) {
    text = (text || "").replace(/[\s\u00a0]/g, "");
    if (text === "" || text === "-" || text === "—") return null;
    if (!/^[+-]?(\d+([.,]\d+)*)?([.,]\d+)?$/.test(text) || !/\d/.test(text)) return NaN;
    if (text.indexOf(",") >= 0 && text.indexOf(".") >= 0) {
      var dec = text.lastIndexOf(",") > text.lastIndexOf(".") ? "," : ".";
      var th = dec === "," ? "." : ",";
      text = text.split(th).join("").replace(dec, ".");
    } else if (text.indexOf(",") >= 0) {
      if (text.split(",").length > 2) return NaN;
      text = text.replace(",", ".");
    } else if (/^[+-]?\d{1,3}(\.\d{3})+$/.test(text)) {
      text = text.split(".").join("");
    } else if (text.split(".").length > 2) {
      return NaN;
    }
    return parseFloat(text);
  }

  function ownProblems(el, v) {
    if (v === null) return [];
    if (isNaN(v)) return ["“" + el.value + "” không phải là số."];
    if (el.dataset.bool && v !== 0 && v !== 1) return ["Chỉ nhận 0 (không) hoặc 1 (có)."];
    if (el.dataset.integer && Math.abs(v - Math.round(v)) > 1e-9) return ["Phải là số nguyên."];
    var out = [];
    if (el.dataset.min !== undefined && v < parseFloat(el.dataset.min)) out.push("Không được nhỏ hơn " + fmt(parseFloat(el.dataset.min)) + ".");
    if (el.dataset.max !== undefined && v > parseFloat(el.dataset.max)) out.push("Không được lớn hơn " + fmt(parseFloat(el.dataset.max)) + ".");
    return out;
  }

  function check(a, cmp, b) {
    if (cmp === "lte") return a <= b + 1e-9;
    if (cmp === "gte") return a + 1e-9 >= b;
    if (cmp === "eq") return Math.abs(a - b) <= 1e-9;
    if (cmp === "lt") return a < b;
    return a > b;
  }

  function render() {
    var values = {}, errors = {}, warns = {};
    inputs.forEach(function (el) {
      var v = parse(el.value);
      values[el.dataset.id] = v;
      var p = ownProblems(el, v);
      if (p.length) errors[el.dataset.id] = p;
    });
    rules.forEach(function (r) {
      var a = values[r.left], b = values[r.right];
      if (a === null || b === null || a === undefined || b === undefined || isNaN(a) || isNaN(b)) return;
      if (errors[r.left] || errors[r.right]) return;
      if (!check(a, r.cmp, b)) {
        var detail = byId[r.left].dataset.name + " (" + fmt(a) + ") phải " + symbols[r.cmp] + " " +
          (byId[r.right] ? byId[r.right].dataset.name : "") + " (" + fmt(b) + ")";
        (errors[r.left] = errors[r.left] || []).push((r.message ? r.message + ": " : "") + detail + ".");
      }
    });
    inputs.forEach(function (el) {
      var id = el.dataset.id, v = values[id];
      if (!errors[id] && v !== null && el.dataset.prev !== undefined && warnPercent) {
        var prev = parseFloat(el.dataset.prev);
        if (prev !== 0) {
          var change = (v - prev) / Math.abs(prev) * 100;
          if (Math.abs(change) > warnPercent + 1e-9) {
            warns[id] = ["Cảnh báo: " + (change > 0 ? "tăng " : "giảm ") + fmt(Math.abs(change)) + "% so với kỳ trước (" + fmt(prev) + "); kiểm tra lại nếu không đúng."];
          }
        }
      }
      var box = document.getElementById("m-" + id);
      box.textContent = "";
      (errors[id] || []).forEach(function (m) { var s = document.createElement("span"); s.className = "msg-error"; s.textContent = m; box.appendChild(s); });
      (warns[id] || []).forEach(function (m) { var s = document.createElement("span"); s.className = "msg-warn"; s.textContent = m; box.appendChild(s); });
      if (errors[id]) el.setAttribute("aria-invalid", "true"); else el.removeAttribute("aria-invalid");
      var tr = el.closest("tr");
      tr.classList.toggle("has-error", !!errors[id]);
      tr.classList.toggle("has-warning", !errors[id] && !!warns[id]);
    });
  }

  inputs.forEach(function (el) { el.addEventListener("input", render); el.addEventListener("blur", render); });
})();
