"""The two figures of a view, from the same builders for the app, the embeds and the exports."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.figures.map import build_map, fit_view
from dashboard.figures.timeline import build_timeline
from dashboard.model.loading import EventTable
from dashboard.state.view import View, map_frame, timeline_frame

Camera = tuple[dict, float]  # (center {lat, lon}, zoom)


def map_figure(table: EventTable, view: View, camera: Camera | None = None) -> go.Figure:
    """The map of the view; ``camera`` or else fitted to every event of the file."""
    frame = table.frame
    return build_map(map_frame(table, view), table.geography, table.head.categories, selected=view.selected,
                     basemap=view.basemap, view=camera or fit_view(frame["lat"].tolist(), frame["lon"].tolist()))


def timeline_figure(table: EventTable, view: View) -> go.Figure:
    return build_timeline(timeline_frame(table, view), categories=table.head.categories, phases=table.head.phases,
                          lanes=view.lanes, strip=view.strip, selected=view.selected, window=view.window,
                          countries=table.geography.names, total_events=len(table.frame))
