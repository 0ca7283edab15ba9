// A category or disputed filter answered in the browser first, on the timeline: the events' own marks and titles
// hidden and shown at once, from what the page has, before the server's figures (lanes, titles and counts laid out
// again) replace them.
//
// The timeline's figure names the event of each mark: its "events" and "spans" traces in their customdata, its
// "disputed dates", titles ("labels") and their leaders in meta.ids (dashboard/figures/timeline.py); its "events"
// trace carries in meta.facets what those filters test (dashboard/state/filters.py, ``facets``). The browser
// remembers each event's marks from every figure the server drew with the same lanes, so an event filtered out and
// back in is drawn again from memory. This never builds a mark: it keeps, drops and brings back the server's.
//
// The map is left to the server. Measured in headless Chromium with software GL (74 events, medians of 12): a map
// answered here first was drawn later, not sooner (707-762 ms against 518-672 ms): MapLibre had not finished tiling
// the browser's answer when the server's arrived and set its sources again. The timeline answered here first is
// drawn in ~110 ms instead of ~320-440 ms, and the map is no later for it.
//
// While a filter it cannot test is on (text, actors, countries, a box on the map), it only hides.
// Plotly.js relied on, tested by tests/browser/test_filter_first.py: a graph's figure at gd.data and gd.layout, its
// decoded traces at gd._fullData (each with the index of its trace), and Plotly.react.
(function () {
  "use strict";
  var MARKS = ["spans", "disputed dates", "events", "labels", "label leaders"];
  var POINT = ["x", "y", "base", "width", "customdata", "hovertext", "text"];
  var MARKER = ["color", "size", "symbol", "opacity"];
  var memory = {facets: new Map(), marks: {}, lanes: null};

  function isArray(value) {
    return Array.isArray(value) || ArrayBuffer.isView(value);
  }

  function idsOf(full) {
    return full.meta && full.meta.ids ? full.meta.ids : full.customdata;
  }

  function fullOf(plot, index) {
    return plot._fullData.find(function (full) { return full.index === index; });
  }

  // Each point's own values (the attributes given per point), by event id: several points for an event drawn as a
  // segment (its separator included).
  function pointsById(full) {
    var n = isArray(full.x) ? full.x.length : 0, ids = idsOf(full), byId = new Map();
    var own = POINT.filter(function (key) { return isArray(full[key]) && full[key].length === n; });
    var marker = MARKER.filter(function (key) {
      return full.marker && isArray(full.marker[key]) && full.marker[key].length === n;
    });
    for (var k = 0; k < n && ids; k++) {
      if (typeof ids[k] !== "string") { continue; }
      var point = {marker: {}};
      own.forEach(function (key) { point[key] = full[key][k]; });
      marker.forEach(function (key) { point.marker[key] = full.marker[key][k]; });
      if (!byId.has(ids[k])) { byId.set(ids[k], []); }
      byId.get(ids[k]).push(point);
    }
    return byId;
  }

  // What the server drew: each event's marks and facets, remembered (a figure of the browser's own is not). Marks
  // are placed in lanes: those remembered from a figure of other lanes (a category gone takes its lane with it, and
  // the lanes above move down) are forgotten, so an event is never brought back into another event's lane.
  function learn(plot) {
    if (plot._firstAnswer === plot.data) { return; }
    var axis = plot.layout.yaxis || {}, lanes = JSON.stringify([axis.tickvals, axis.ticktext]);
    if (lanes !== memory.lanes) {
      memory.marks = {};
      memory.lanes = lanes;
    }
    plot.data.forEach(function (trace, index) {
      var full = fullOf(plot, index);
      if (!full || MARKS.indexOf(trace.name) < 0) { return; }
      var marks = memory.marks[trace.name] || (memory.marks[trace.name] = new Map());
      pointsById(full).forEach(function (points, id) { marks.set(id, points); });
      var facets = full.meta && full.meta.facets, ids = full.customdata;
      for (var k = 0; facets && ids && k < ids.length; k++) {
        memory.facets.set(ids[k], {category: facets.category[k], disputed: facets.disputed[k]});
      }
    });
  }

  // Whether an event passes the filters tested here (undefined: not known here, the event stays as drawn).
  function passes(categories, disputedOnly) {
    var shown = categories ? new Set(categories) : null;  // none given: every category
    return function (id) {
      var facet = memory.facets.get(id);
      if (!facet) { return undefined; }
      return (!shown || shown.has(facet.category)) && (!disputedOnly || facet.disputed);
    };
  }

  // ``trace`` with ``points`` (each with its event's id); none is one point at no position, as the server sends an
  // empty trace.
  function withPoints(trace, points) {
    var own = new Set(), marker = new Set();
    points.forEach(function (point) {
      Object.keys(point).forEach(function (key) { if (key !== "marker" && key !== "id") { own.add(key); } });
      Object.keys(point.marker).forEach(function (key) { marker.add(key); });
    });
    var out = Object.assign({}, trace, {marker: Object.assign({}, trace.marker)});
    var empty = points.length === 0;
    (empty ? ["x", "y"] : Array.from(own)).forEach(function (key) {
      out[key] = empty ? [null] : points.map(function (point) { return point[key]; });
    });
    marker.forEach(function (key) {
      out.marker[key] = empty ? [key === "size" ? 0 : null] : points.map(function (point) { return point.marker[key]; });
    });
    if (trace.meta && trace.meta.ids) {
      out.meta = Object.assign({}, trace.meta, {ids: points.map(function (point) { return point.id; })});
    }
    return out;
  }

  // One trace of event marks for the events ``test`` keeps: those drawn, then (unless ``onlyHide``) those
  // remembered; null when that is what is drawn.
  function refiltered(trace, full, test, onlyHide) {
    var marks = memory.marks[trace.name], drawn = idsOf(full) || [], order = [], seen = new Set();
    Array.prototype.forEach.call(drawn, function (id) {
      if (typeof id === "string" && !seen.has(id)) { seen.add(id); order.push(id); }
    });
    var before = order.length;
    if (!onlyHide) {
      marks.forEach(function (_, id) { if (!seen.has(id)) { seen.add(id); order.push(id); } });
    }
    var keep = order.filter(function (id, k) {
      var verdict = test(id);
      return verdict === undefined ? k < before : verdict;
    });
    if (keep.length === before && keep.every(function (id, k) { return id === order[k]; })) { return null; }
    var points = [];
    keep.forEach(function (id) {
      (marks.get(id) || []).forEach(function (point) { points.push(Object.assign({id: id}, point)); });
    });
    var out = withPoints(trace, points);
    if (trace.selectedpoints) {  // the selection is by index: the same event's new one
      var at = keep.indexOf(drawn[trace.selectedpoints[0]]);
      out.selectedpoints = at >= 0 ? [at] : [];
    }
    return out;
  }

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.filter = {
    // The filter controls' values (as the server's ``View.from_controls`` reads them) and the timeline's id.
    first: function (categories, disputed, text, actors, countries, box, timelineId) {
      var plot = document.querySelector("#" + CSS.escape(timelineId) + " .js-plotly-plot");
      if (!window.Plotly || !plot || !plot.data || !plot._fullData) { return; }
      learn(plot);
      var test = passes(categories, Array.isArray(disputed) ? disputed.length > 0 : !!disputed);
      var onlyHide = !!((text && text.trim()) || (actors && actors.length) || (countries && countries.length)
                        || (box && box.length));
      var changed = false;
      var data = plot.data.map(function (trace, index) {
        var full = fullOf(plot, index);
        if (!full || !memory.marks[trace.name]) { return trace; }
        var out = refiltered(trace, full, test, onlyHide);
        changed = changed || out !== null;
        return out || trace;
      }).map(function (trace) {
        // The links name their events by row of the events trace, whose rows are about to move.
        return trace.meta && trace.meta.pairs ? Object.assign({}, trace, {meta: {x: trace.meta.x, y: trace.meta.y}})
                                              : trace;
      });
      if (changed) {
        plot._firstAnswer = data;
        window.Plotly.react(plot, data, plot.layout);
      }
    }
  };
})();
