// Small bar charts of monthly phasing; data comes from json_script blocks named in data-source.
// On right-to-left pages the year runs right to left, as on the dashboards' charts.
var rtl = document.documentElement.dir === "rtl";
document.querySelectorAll(".chart[data-source]").forEach(function (el) {
  var spec = JSON.parse(document.getElementById(el.dataset.source).textContent);
  var traces = spec.series.map(function (s) { return {type: "bar", name: s.name, x: spec.months, y: s.values}; });
  Plotly.newPlot(el, traces, {
    margin: {l: 40, r: 40, t: 10, b: 40}, font: {family: "Vazirmatn, Tahoma, sans-serif"},
    showlegend: spec.series.length > 1, legend: {orientation: "h"}, barmode: "group",
    xaxis: {autorange: rtl ? "reversed" : true},
    yaxis: {ticksuffix: spec.suffix || "", separatethousands: true, side: rtl ? "right" : "left"}
  }, {displayModeBar: false, responsive: true});
});
