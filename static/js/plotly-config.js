// The vendored bundle's defaults name no outside host (scripts/vendor-plotly): map outlines would
// be read from /static/vendor/, nothing is sent to Chart Studio, no logo links away. Here the
// outlines' folder follows the site's own static URL (a site served under a path prefix); the
// cartesian bundle draws no maps, so none is ever asked for.
(function () {
  Plotly.setPlotConfig({topojsonURL: document.currentScript.dataset.static});
})();
