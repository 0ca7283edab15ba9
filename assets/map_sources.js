// A map update hands MapLibre only the sources whose data changed.
//
// plotly.js (4.1) sets the GeoJSON of every source of every scattermap trace on each update of a map, changed or
// not; MapLibre then re-tiles each source in its worker and draws again as each batch comes back. A category filter
// on the bundled crisis re-sent 30 sources and drew 5 frames (~400 ms in software GL) where two sources had changed.
// This wraps the method of plotly's map trace that sends a source's data so that it sends only data that differs
// from what that source last got (from it, or from plotly adding the source). The map's style layers that plotly
// itself would re-add on every update are kept by the figure (dashboard/figures/map.py, ``slot``).
//
// Plotly.js internals relied on, tested by tests/browser/test_map_updates.py: a drawn scattermap trace's object at
// gd._fullData[i]._glTrace, whose prototype has addSource(kind, options) and setSourceData(kind, options), with the
// data at options.geojson.
(function () {
  "use strict";
  var patched = false;

  function keepSources(plot) {
    var drawn = !patched && plot._fullData && plot._fullData.find(function (trace) {
      return trace._glTrace && trace._glTrace.setSourceData && trace._glTrace.addSource;
    });
    if (!drawn) { return; }
    var proto = Object.getPrototypeOf(drawn._glTrace);
    var send = proto.setSourceData, add = proto.addSource;
    function sent(trace) { return trace._sentSources || (trace._sentSources = {}); }
    proto.addSource = function (kind, options) {
      sent(this)[kind] = JSON.stringify(options.geojson);
      return add.apply(this, arguments);
    };
    proto.setSourceData = function (kind, options) {
      var data = JSON.stringify(options.geojson);
      if (sent(this)[kind] === data) { return; }
      sent(this)[kind] = data;
      return send.apply(this, arguments);
    };
    patched = true;
  }

  // Each plotly graph, as it appears: patched once its first map is drawn (the prototype is shared by every map).
  var observer = new MutationObserver(function () {
    if (patched) { observer.disconnect(); return; }
    document.querySelectorAll(".js-plotly-plot").forEach(function (plot) {
      if (!plot._keepsSources && plot.on) {
        plot._keepsSources = true;
        plot.on("plotly_afterplot", function () { keepSources(plot); });
        keepSources(plot);
      }
    });
  });
  observer.observe(document.documentElement, {childList: true, subtree: true});
})();
