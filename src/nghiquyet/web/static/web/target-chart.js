/* Target page chart: realised values against the path to the target, plans and forecast.
   Data comes from the json_script block #chart-data (built server-side in web/chart.py). */
(function () {
  "use strict";
  var holder = document.getElementById("target-chart");
  var source = document.getElementById("chart-data");
  if (!holder || !source || typeof echarts === "undefined") { return; }
  var d = JSON.parse(source.textContent);
  var L = d.labels || {};
  var lang = (document.documentElement.lang || "vi").slice(0, 2);
  var fmt = new Intl.NumberFormat(lang === "en" ? "en-GB" : "vi-VN", {
    maximumFractionDigits: Math.max(0, d.decimals == null ? 1 : d.decimals)
  });
  function show(v) { return v == null || isNaN(v) ? "—" : fmt.format(v); }
  function has(list) { return list && list.some(function (v) { return v != null; }); }

  var C = { realised: "#0b4f9c", flows: "#9fbbe0", path: "#6b7480", upper: "#9aa3ad",
            forecast: "#d2691e", plans: "#7a3db8", target: "#a3111b" };
  var series = [];
  if (has(d.flows)) {
    series.push({ name: L.flows, type: "bar", data: d.flows, barMaxWidth: 28,
                  itemStyle: { color: C.flows }, z: 1 });
  }
  if (has(d.path)) {
    series.push({ name: L.path, type: "line", data: d.path, showSymbol: false, connectNulls: true,
                  lineStyle: { type: "dashed", width: 2, color: C.path }, itemStyle: { color: C.path } });
  }
  if (has(d.path_upper)) {
    series.push({ name: L.path_upper, type: "line", data: d.path_upper, showSymbol: false, connectNulls: true,
                  lineStyle: { type: "dotted", width: 2, color: C.upper }, itemStyle: { color: C.upper } });
  }
  if (has(d.threshold)) {
    series.push({ name: L.threshold, type: "line", data: d.threshold, connectNulls: true,
                  showSymbol: d.threshold.filter(function (v) { return v != null; }).length === 1,
                  symbol: "pin", symbolSize: 22,
                  lineStyle: { type: "dashed", width: 2, color: C.target }, itemStyle: { color: C.target } });
  }
  if (has(d.plans)) {
    series.push({ name: L.plans, type: "scatter", data: d.plans, symbol: "diamond", symbolSize: 11,
                  itemStyle: { color: C.plans } });
  }
  if (has(d.forecast)) {
    series.push({ name: L.forecast, type: "line", data: d.forecast, connectNulls: true, symbol: "emptyCircle",
                  symbolSize: 7, lineStyle: { type: [6, 4], width: 2, color: C.forecast },
                  itemStyle: { color: C.forecast } });
  }
  var realised = { name: L.realised, type: "line", data: d.realised, connectNulls: true, symbol: "circle",
                   symbolSize: 8, lineStyle: { width: 3, color: C.realised }, itemStyle: { color: C.realised },
                   z: 5, label: { show: true, position: "top", formatter: function (p) { return show(p.value); },
                   fontSize: 11, color: "#1d232b" } };
  if (d.target != null && (d.kind === "level" || d.kind === "count_units" || d.kind === "cumulative")) {
    var ti = d.years.indexOf(String(d.target_year));
    if (ti >= 0) {
      realised.markPoint = { symbol: "pin", symbolSize: 44, itemStyle: { color: C.target },
        label: { formatter: function () { return show(d.target); }, fontSize: 10, color: "#fff" },
        data: [{ name: L.target, coord: [ti, d.target], value: d.target }] };
    }
  }
  var ai = d.years.indexOf(String(d.at_year));
  if (ai >= 0) {
    realised.markLine = { symbol: "none", silent: true, lineStyle: { color: "#b9c1cb", type: "solid" },
      label: { formatter: String(d.at_year), position: "end", color: "#5a6472" }, data: [{ xAxis: ai }] };
  }
  series.push(realised);

  var chart = echarts.init(holder, null, { renderer: "svg", locale: lang === "en" ? "EN" : "VI" });
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: "Segoe UI, Noto Sans, Liberation Sans, DejaVu Sans, Arial, sans-serif" },
    grid: { left: 64, right: 24, top: 48, bottom: 36, containLabel: false },
    legend: { top: 0, type: "scroll" },
    tooltip: { trigger: "axis", valueFormatter: show },
    xAxis: { type: "category", data: d.years, boundaryGap: has(d.flows) },
    yAxis: { type: "value", scale: !has(d.flows) && d.kind !== "cumulative", name: L.unit || "",
             nameTextStyle: { align: "left" }, axisLabel: { formatter: show } },
    series: series
  });
  // A viewBox lets the SVG scale to any width (the printed page) without a redraw.
  chart.on("finished", function () {
    var svg = holder.querySelector("svg");
    if (svg) {
      svg.setAttribute("viewBox", "0 0 " + chart.getWidth() + " " + chart.getHeight());
      svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
    }
  });
  // Redraw when the box changes size on screen. In print the SVG scales through its viewBox
  // instead (print.css), so a print layout never triggers a redraw at the wrong size.
  var printing = window.matchMedia ? window.matchMedia("print") : { matches: false };
  var redraw = function () { if (!printing.matches) { chart.resize(); } };
  if (typeof ResizeObserver !== "undefined") {
    new ResizeObserver(redraw).observe(holder);
  } else {
    window.addEventListener("resize", redraw);
  }
  window.addEventListener("afterprint", redraw);
  holder.setAttribute("data-ready", "1");
})();
