// The selected event's ring on the map, moved without redrawing the map.
//
// The ring is the map figure's "selected" trace (dashboard/figures/map.py, RING_UID). Redrawing a plotly map sends
// every layer's data to MapLibre again (~250 ms with 100,000 events in software GL); a ring needs only its own
// source's data (a few ms). The server says where the ring goes (store "map-ring": {lon, lat, size} lists of one
// point, size a marker diameter in px as the trace draws it, a null position for no selection; null for the store:
// the ring the figure was drawn with). This writes that into the source plotly made for the trace, when it changes
// and after each redraw of the map (a redraw sends the trace as plotly last got it: the figure's own, which the
// server keeps the same, or an older one after a resize).
//
// Plotly.js internals relied on, tested by tests/browser: the MapLibre map of a graph at
// gd._fullLayout.map._subplot.map; a scattermap trace's circle source named "source-<uid>-circle", its radius read
// from each point's "mrc" property (half the size, as the figure gives sizes as a list); a trace's layer kept
// visible while it has a point (the null one when nothing is selected).
(function () {
  "use strict";
  var UID = "selected-ring";
  var SOURCE = "source-" + UID + "-circle";

  function mapOf(plot) {
    var full = plot && plot._fullLayout;
    var subplot = full && full.map && full.map._subplot;
    return subplot && subplot.map;
  }

  function features(ring) {
    var lon = (ring && ring.lon) || [], lat = (ring && ring.lat) || [], size = (ring && ring.size) || [];
    var points = [];
    lon.forEach(function (x, i) {  // no selection is a point at no position (null), which draws nothing
      if (x !== null && lat[i] !== null) {
        points.push({type: "Feature", geometry: {type: "Point", coordinates: [x, lat[i]]}, properties: {mrc: size[i] / 2}});
      }
    });
    return {type: "FeatureCollection", features: points};
  }

  function draw(plot) {
    var map = mapOf(plot), source = map && map.getSource(SOURCE);
    if (source && plot._ring !== undefined) {
      source.setData(features(plot._ring));
    }
  }

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.ring = {
    // The ring (null: the one the figure was drawn with stands) and the map graph's id: the ring is remembered on
    // the graph's plot and drawn now and after each of its redraws.
    map: function (ring, graphId) {
      var plot = document.querySelector("#" + CSS.escape(graphId) + " .js-plotly-plot");
      if (!plot) { return; }
      plot._ring = ring === null ? undefined : ring;
      if (!plot._ringFollowsRedraws && plot.on) {
        plot._ringFollowsRedraws = true;
        plot.on("plotly_afterplot", function () { draw(plot); });
      }
      draw(plot);
    }
  };
})();
