// Draw every .plot element from the plotly figure in the json_script block its data-figure names.
// A plot that is not shown (at a phone's width some charts show as HTML lists instead; a chart
// whose numbers are open as a table) is drawn when it is shown. At a phone's width the series a
// figure lists in phone.hidden start hidden, one tap on the legend away.
(function () {
  var phone = window.matchMedia("(max-width: 640px)");

  function draw(el) {
    var figure = JSON.parse(document.getElementById(el.dataset.figure).textContent);
    if (phone.matches && figure.phone) {
      (figure.phone.hidden || []).forEach(function (i) { figure.data[i].visible = "legendonly"; });
    }
    el.dataset.drawn = "true";
    Plotly.newPlot(el, figure.data, figure.layout, {responsive: true, displayModeBar: false});
  }

  function drawShown() {
    document.querySelectorAll(".plot").forEach(function (el) {
      if (el.offsetParent === null) { return; }
      if (el.dataset.drawn) { Plotly.Plots.resize(el); } else { draw(el); }
    });
  }

  drawShown();
  phone.addEventListener("change", drawShown);
  document.querySelectorAll(".chart details.as-table").forEach(function (details) {
    details.addEventListener("toggle", drawShown);
  });
})();
