// The hovered event's links on the timeline, drawn in the browser, without a round trip to the server.
//
// The timeline's "links" trace (dashboard/figures/timeline.py, links_trace) draws the selected event's links and
// carries in its meta every link among the events shown ({pairs: [[row, row it answers], ...]}, rows of the
// "events" trace) and what it drew ({x, y}). Hovering an event draws its own links (what it answers and what
// answers it) in that trace; leaving it draws the selected event's again. Plotly.js relied on, tested by
// tests/browser: a graph's figure at gd.data and gd.layout, its decoded traces at gd._fullData, and Plotly.react.
(function () {
  "use strict";

  function indexOf(plot, name) {
    return plot.data.findIndex(function (trace) { return trace.name === name; });
  }

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.links = {
    hover: function (hoverData, graphId) {
      var none = window.dash_clientside.no_update;
      var plot = document.querySelector("#" + CSS.escape(graphId) + " .js-plotly-plot");
      if (!plot || !plot.data || !window.Plotly) { return none; }
      var linksAt = indexOf(plot, "links"), eventsAt = indexOf(plot, "events");
      // The drawn (full) data: a figure's number arrays may arrive encoded (typed arrays), decoded only there.
      var links = plot.data[linksAt], events = plot._fullData && plot._fullData[eventsAt];
      var meta = links && links.meta;
      if (!meta || !meta.pairs || !events) { return none; }
      var points = (hoverData && hoverData.points) || [];
      var point = points.find(function (p) { return p.curveNumber === eventsAt; });
      var hovered = point ? point.pointIndex : null;
      if (hovered === plot._linksHovered) { return none; }
      plot._linksHovered = hovered;
      var x = meta.x, y = meta.y;
      if (hovered !== null) {
        x = [];
        y = [];
        meta.pairs.forEach(function (pair) {
          if (pair[0] === hovered || pair[1] === hovered) {
            x.push(events.x[pair[1]], events.x[pair[0]], null);
            y.push(events.y[pair[1]], events.y[pair[0]], null);
          }
        });
      }
      // Plotly.react with the one trace replaced: a restyle of this figure (axis breaks over a range slider)
      // leaves its annotations at NaN.
      var data = plot.data.slice();
      data[linksAt] = Object.assign({}, links, {x: x, y: y});
      window.Plotly.react(plot, data, plot.layout);
      return hovered;
    }
  };
})();
