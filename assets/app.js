// Keyboard shortcuts and clearing the selection by clicking empty space. No network, no dependencies.
// No component id is written here: the layout marks its elements (dashboard/web/layout.py):
//   [data-shortcut="<KeyboardEvent.key>"]  a button pressed by that key;
//   [data-empty-click]                     a panel whose graph clears the selection on a click that hits no point;
//   [data-clears-on-empty-click]           the button pressed for it (Clear selection), so the app's own
//                                          selection callback runs (and stops playback).
// Listeners sit on the document, so redrawn plots need no re-attaching.
(function () {
  "use strict";
  var TYPING = {INPUT: true, TEXTAREA: true, SELECT: true};

  document.addEventListener("keydown", function (event) {
    var target = event.target || {};
    if (TYPING[target.tagName] || target.isContentEditable || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var button = document.querySelector('[data-shortcut="' + CSS.escape(event.key) + '"]');
    if (button) {
      event.preventDefault();
      button.click();
    }
  });

  var downAt = null;
  document.addEventListener("pointerdown", function (event) {
    downAt = [event.clientX, event.clientY];
  }, true);

  document.addEventListener("click", function (event) {
    var panel = event.target.closest && event.target.closest("[data-empty-click]");
    if (!panel) { return; }
    var moved = downAt && Math.hypot(event.clientX - downAt[0], event.clientY - downAt[1]) > 4;
    var onControl = event.target.closest(".modebar, .legend, .rangeslider-container, .rangeselector");
    var plot = panel.querySelector(".js-plotly-plot");
    // plotly keeps the points under the pointer in _hoverdata: a click then is a click on a point.
    var onPoint = plot && plot._hoverdata && plot._hoverdata.length > 0;
    var clear = document.querySelector("[data-clears-on-empty-click]");
    if (!moved && !onControl && !onPoint && clear) {
      clear.click();
    }
  });
})();
