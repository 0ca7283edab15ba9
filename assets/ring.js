// The selected event's ring on the map, moved without redrawing the map.
//
// The ring is the map figure's "selected" trace (dashboard/figures/map.py, RING_UID). Redrawing a plotly map sends
// every layer's data to MapLibre again (~250 ms with 100,000 events in software GL); a ring needs only its own
// source's data (a few ms). The browser (``select``, at once) and then the server say where the ring goes (store
// "map-ring": {lon, lat, size} lists of one
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

  // Sends the ring to its source only when it differs from what the source holds: the ring changed, or plotly
  // set the source's data since (a redraw that changed the figure's ring, or a new source). Each setData costs
  // MapLibre a worker round trip and two or three frames (~60 ms each in software GL) after every redraw.
  function draw(plot) {
    var map = mapOf(plot), source = map && map.getSource(SOURCE);
    if (!source || plot._ring === undefined) { return; }
    if (!source._ringKept) {
      var setData = source.setData;
      source._ringKept = {send: setData, drawn: null};
      source.setData = function () {
        source._ringKept.drawn = null;
        return setData.apply(this, arguments);
      };
    }
    var kept = source._ringKept, ring = JSON.stringify(plot._ring);
    if (kept.drawn !== ring) {
      kept.drawn = ring;
      kept.send.call(source, features(plot._ring));
    }
  }

  function plotOf(graphId) {
    return document.querySelector("#" + CSS.escape(graphId) + " .js-plotly-plot");
  }

  // The trace named ``name`` as drawn (decoded: a figure's number arrays may arrive as typed arrays), and where
  // the event ``id`` is in it (-1: not there, e.g. counted in a cluster or a grid cell).
  function drawn(plot, name) {
    return plot && plot._fullData && plot._fullData.find(function (trace) { return trace.name === name; });
  }
  function at(trace, id) {
    return trace && trace.customdata ? Array.prototype.indexOf.call(trace.customdata, id) : -1;
  }

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.ring = {
    // The selection, drawn in the browser before the server answers: the map's ring on the event's marker (as the
    // store "map-ring" takes it, returned) and the timeline's ring on its marker (its "selected" trace replaced here
    // with Plotly.react: Dash 4.4 applies a clientside Patch of a figure output with allow_duplicate to an empty
    // figure, and Plotly.restyle of this figure fails in its autorange over the axis' breaks). An
    // event the browser cannot place (in a cluster or a grid cell, or on a timeline of counts) is left to the
    // server, whose answer also brings what this does not draw (the detail, links, the rest dimmed, a pan) and the
    // timeline's "selected" trace whole, so Dash's copy of the figure matches what is drawn again.
    select: function (selected, mapId, timelineId) {
      var none = window.dash_clientside.no_update, ring = none, cleared = selected === null || selected === undefined;
      var events = drawn(plotOf(mapId), "events"), meta = (drawn(plotOf(mapId), "selected") || {}).meta;
      var i = at(events, selected);
      if (cleared) {
        ring = {lon: [null], lat: [null], size: [0]};
      } else if (i >= 0 && meta && typeof meta.pad === "number") {
        var size = events.marker.size, across = typeof size === "number" ? size : size[i];
        ring = {lon: [events.lon[i]], lat: [events.lat[i]], size: [across + meta.pad]};
      }
      var timeline = plotOf(timelineId), dots = drawn(timeline, "events"), j = at(dots, selected);
      var slot = timeline && timeline.data ? timeline.data.findIndex(function (t) { return t.name === "selected"; }) : -1;
      if (slot >= 0 && window.Plotly && (j >= 0 || cleared)) {
        var data = timeline.data.slice();
        data[slot] = Object.assign({}, data[slot], {x: j >= 0 ? [dots.x[j]] : [], y: j >= 0 ? [dots.y[j]] : []});
        window.Plotly.react(timeline, data, timeline.layout);
      }
      return ring;
    },
    // The ring (null: the one the figure was drawn with stands) and the map graph's id: the ring is remembered on
    // the graph's plot and drawn now and after each of its redraws.
    map: function (ring, graphId) {
      var plot = plotOf(graphId);
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
