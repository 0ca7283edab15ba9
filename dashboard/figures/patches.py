"""How to update a drawn figure without resending it: the edits a filter, a window or a selection makes.

Only this module (next to the builders) knows the figures' insides: trace and layer indices, axis names,
uirevision keys, timeline positions. Edits are plain ``{path: value}`` mappings (no Dash here); the app
applies them as a ``dash.Patch``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

import plotly.graph_objects as go

from dashboard.figures.density import is_dense
from dashboard.figures.map import HALO_LAYER, Ring, Served, halo_layer, map_traces
from dashboard.figures.map import selection_trace as map_selection
from dashboard.figures.marks import MapTrace
from dashboard.figures.timeline import TimelineTrace, has_links, selected_xy
from dashboard.figures.timeline import selection_trace as timeline_selection
from dashboard.figures.views import (
    map_drawing,
    map_figure,
    selection_on_map,
    timeline_figure,
    timeline_of,
    timeline_options,
)
from dashboard.model.table import EventTable, row_of
from dashboard.state.view import View, timeline_frame

Edits = dict[tuple[str | int, ...], Any]
T = TypeVar("T")
TIMELINE_AXES = ("xaxis", "xaxis2")  # the events row and the strip row share one time axis
Window = tuple[dt.date | None, dt.date | None]


def base_key(table: EventTable, view: View) -> str:
    """What a figure's base depends on: when it changes the figures are drawn whole, otherwise edited."""
    return f"{table.version}|{view.lanes}|{view.strip}|{view.basemap}|{view.framing}"


def _kept(table: EventTable, view: View, what: str, build: Callable[[], T], *also: Hashable) -> T:
    """``build()``'s result for this table and view, kept with the table for the next request asking the same (a
    reloaded file starts afresh); the callers never change what they are given back."""
    return table.kept.get("view", (what, repr(view), *also), build)


def first_figures(table: EventTable, view: View, served: Served | None = None) -> tuple[go.Figure, go.Figure]:
    """The map (naming what the app serves, when ``served`` is given) and the timeline drawn whole, the timeline
    showing the view's time window."""
    def build() -> tuple[go.Figure, go.Figure]:
        timeline = timeline_figure(table, view)
        timeline.update_xaxes(uirevision=_window_key(view.window))
        return map_figure(table, view, served), timeline
    return _kept(table, view, "first figures", build, served)


def map_data_edits(table: EventTable, view: View) -> tuple[Edits, Ring]:
    """The map's data layers and halos for the view's filters (the base layers stay), and where the selected event's
    ring is in them."""
    def build() -> tuple[Edits, Ring]:
        scene, ring = map_drawing(table, view)
        traces = map_traces(scene, view.selected, view.filters.ids, ring, view.basemap)
        edits: Edits = {("data", index): trace.to_plotly_json() for index, trace in enumerate(traces)}
        edits["layout", "map", "layers", HALO_LAYER] = halo_layer(scene, view.basemap)
        return edits, ring
    return _kept(table, view, "map data", build)


def timeline_data_edits(table: EventTable, view: View) -> Edits:
    """The timeline's traces, lanes and axis breaks for the view's filters (nothing else of the figure is built)."""
    return _kept(table, view, "timeline data", lambda: _timeline_data_edits(table, view))


def _timeline_data_edits(table: EventTable, view: View) -> Edits:
    content = timeline_of(table, view)
    edits: Edits = {("data",): [trace.to_plotly_json() for trace in content.traces],
                    # The events shown decide where the axis is broken, and so its marks and phase names.
                    ("layout", "shapes"): content.shapes, ("layout", "annotations"): content.annotations}
    edits.update({("layout", "yaxis", key): value for key, value in content.lanes_axis().items()})
    for axis in TIMELINE_AXES:
        edits["layout", axis, "rangebreaks"] = content.rangebreaks
    return edits


def window_edits(window: Window) -> Edits:
    """Both time axes set to the window (autorange when there is none); their uirevision follows it."""
    edits: Edits = {}
    for axis in TIMELINE_AXES:
        if window[0] and window[1]:
            edits["layout", axis, "range"] = [window[0].isoformat(), (window[1] + dt.timedelta(days=1)).isoformat()]
            edits["layout", axis, "autorange"] = False
        elif not window[0] and not window[1]:
            edits["layout", axis, "autorange"] = True
        edits["layout", axis, "uirevision"] = _window_key(window)
    return edits


@dataclass(frozen=True)
class Highlight:
    """What selecting an event changes in the figures: where the map's ring goes (the browser moves it there without
    redrawing the map), the map's edits (none unless it pans to the event), the timeline's edits, and the camera
    the map moves to (None: it stays)."""

    ring: Ring
    map_edits: Edits
    timeline_edits: Edits
    camera: dict[str, float] | None


def highlight_edits(table: EventTable, view: View) -> Highlight:
    """Ringing ``view.selected`` on both figures. The map keeps the analyst's camera (``view.camera``) while the
    event is in sight, and pans to it, at the same zoom, when not; a map with cluster marks is redrawn, the
    selected event's cluster open."""
    return _kept(table, view, "highlight", lambda: _highlight_edits(table, view))


def _highlight_edits(table: EventTable, view: View) -> Highlight:
    selected = view.selected
    ring, moved, clusters = selection_on_map(table, view)
    map_edits: Edits = {}
    if clusters:
        map_edits, ring = map_data_edits(table, view)
    if moved:
        map_edits = {**map_edits, ("data", MapTrace.SELECTED): map_selection(ring, view.basemap).to_plotly_json(),
                     **camera_edits(moved, f"selected:{selected}")}

    on_timeline = timeline_frame(table, view)
    position = row_of(on_timeline, selected)
    xs, y = selected_xy(on_timeline, position, timeline_options(table, view))
    timeline_ring = timeline_selection(xs, y, 0 if position is not None else None)
    timeline_edits: Edits = {("data", TimelineTrace.SELECTION): timeline_ring.to_plotly_json()}
    if not is_dense(len(on_timeline)):  # a timeline of counts has a mark per lane and day, not per event
        timeline_edits["data", TimelineTrace.EVENTS, "selectedpoints"] = [position] if position is not None else None
        if has_links(on_timeline):  # the selected event's links (lines and arrowheads) come and go with it
            content = timeline_of(table, view)
            timeline_edits["data", TimelineTrace.LINKS] = content.traces[TimelineTrace.LINKS].to_plotly_json()
            timeline_edits["layout", "annotations"] = content.annotations
    return Highlight(ring, map_edits, timeline_edits, moved)


def camera_edits(camera_view: dict[str, float], revision: str) -> Edits:
    """The map moved to ``camera_view`` ({lat, lon, zoom}). A new ``revision`` makes plotly apply it over the
    analyst's own pan and zoom, which it otherwise keeps."""
    return {("layout", "map", "center"): {"lat": camera_view["lat"], "lon": camera_view["lon"]},
            ("layout", "map", "zoom"): camera_view["zoom"], ("layout", "map", "uirevision"): revision}


def camera_from_relayout(relayout: dict | None) -> dict[str, float] | None:
    """The map's {lat, lon, zoom} from plotly's relayoutData after a pan or zoom; None for other relayouts."""
    center, zoom = (relayout or {}).get("map.center"), (relayout or {}).get("map.zoom")
    if not isinstance(center, dict) or not isinstance(zoom, int | float):
        return None
    try:
        lon = (float(center["lon"]) + 180) % 360 - 180  # MapLibre counts on past the antimeridian
        return {"lat": round(float(center["lat"]), 4), "lon": round(lon, 4), "zoom": round(zoom, 2)}
    except (KeyError, TypeError, ValueError):
        return None


def _window_key(window: Window) -> str:
    return f"{window[0] or ''}|{window[1] or ''}"
