// Small bar charts of monthly phasing; data comes from json_script blocks named in data-source
// (dashboards.charts.bar_spec). The year runs in the page's reading direction, and every number
// shown (ticks, hover) is the server's text in the page's digits.
document.querySelectorAll(".chart[data-source]").forEach(function (el) {
  var spec = JSON.parse(document.getElementById(el.dataset.source).textContent);
  var traces = spec.series.map(function (s) {
    return {type: "bar", name: s.name, x: spec.months, y: s.values, text: s.text, textposition: "none",
            hovertemplate: "%{x}: %{text}<extra>" + (spec.series.length > 1 ? s.name : "") + "</extra>"};
  });
  Plotly.newPlot(el, traces, {
    margin: {l: spec.rtl ? 20 : 60, r: spec.rtl ? 60 : 20, t: spec.series.length > 1 ? 40 : 10, b: 40},
    font: {family: "Vazirmatn, Tahoma, sans-serif"}, barmode: "group", showlegend: spec.series.length > 1,
    legend: {orientation: "h", y: 1.02, yanchor: "bottom", x: spec.rtl ? 1 : 0, xanchor: spec.rtl ? "right" : "left"},
    hoverlabel: {font: {family: "Vazirmatn, Tahoma, sans-serif"}},
    xaxis: {autorange: spec.rtl ? "reversed" : true, fixedrange: true, automargin: true},
    yaxis: {tickvals: spec.yaxis.tickvals, ticktext: spec.yaxis.ticktext, side: spec.rtl ? "right" : "left",
            fixedrange: true, automargin: true}
  }, {displayModeBar: false, responsive: true});
});
