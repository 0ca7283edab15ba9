// Keyboard stepping and clearing the selection by clicking empty space. No network, no dependencies.
(function () {
  "use strict";
  var TYPING = {INPUT: true, TEXTAREA: true, SELECT: true};

  document.addEventListener("keydown", function (event) {
    var target = event.target || {};
    if (TYPING[target.tagName] || target.isContentEditable || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var id = event.key === "ArrowLeft" ? "step-prev" : event.key === "ArrowRight" ? "step-next" :
             event.key === "Escape" ? "clear-selection" : null;
    var button = id && document.getElementById(id);
    if (button) {
      event.preventDefault();
      button.click();
    }
  });

  // A click that is not a drag and hits no point clears the selection (plotly sends nothing for it).
  var GRAPHS = ["map", "timeline"];
  var lastPointClick = 0;
  var hovering = false;  // a point is under the pointer (plotly says so before any click)
  var downAt = null;
  function watch(graphId) {
    var container = document.getElementById(graphId);
    if (!container) { return; }
    // The plot element can be replaced when its figure is redrawn: listen on each new one.
    var plot = container.querySelector(".js-plotly-plot");
    if (plot && plot.on && !plot.clearWatch) {
      plot.clearWatch = true;
      plot.on("plotly_click", function () { lastPointClick = Date.now(); });
      plot.on("plotly_hover", function () { hovering = true; });
      plot.on("plotly_unhover", function () { hovering = false; });
    }
    if (container.dataset.clearWatch) { return; }
    container.dataset.clearWatch = "1";
    container.addEventListener("pointerdown", function (e) { downAt = [e.clientX, e.clientY]; }, true);
    container.addEventListener("click", function (e) {
      var moved = downAt && Math.hypot(e.clientX - downAt[0], e.clientY - downAt[1]) > 4;
      var onControl = e.target.closest(".modebar, .legend, .rangeslider-container, .rangeselector");
      var onPoint = hovering;
      // plotly may report a point click after the DOM click (it waits to tell clicks from double clicks).
      setTimeout(function () {
        if (!moved && !onControl && !onPoint && Date.now() - lastPointClick > 600 && window.dash_clientside &&
            window.dash_clientside.set_props) {
          window.dash_clientside.set_props("selected", {data: null});
        }
      }, 400);
    });
  }
  setInterval(function () { GRAPHS.forEach(watch); }, 500);
})();
