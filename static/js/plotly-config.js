// plotly.js names outside hosts by default: cdn.plot.ly for map outlines (topojsonURL) and
// cloud.plotly.com for "edit in Chart Studio" (plotlyServerURL), with a logo linking to plotly.com.
// Every chart of the site keeps to the site's own host: map outlines would be read from its static
// files (the cartesian bundle draws no maps, so none is ever asked for), and nothing is sent out.
(function () {
  Plotly.setPlotConfig({
    topojsonURL: document.currentScript.dataset.static,
    plotlyServerURL: "",
    showSendToCloud: false,
    showEditInChartStudio: false,
    showLink: false,
    displaylogo: false,
  });
})();
