// Draw every .plot element from the plotly figure in the json_script block its data-figure names.
document.querySelectorAll(".plot").forEach(function (el) {
  var figure = JSON.parse(document.getElementById(el.dataset.figure).textContent);
  Plotly.newPlot(el, figure.data, figure.layout, {responsive: true, displaylogo: false, displayModeBar: false});
});
