"""The two figures of a view, from the same builders for the app, the embeds and the exports."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.cartography import Scene
from dashboard.figures.map import app_extent, app_positions, app_scene, build_map, camera_showing
from dashboard.figures.timeline import APP_PLOT_PX, build_timeline
from dashboard.model.loading import EventTable
from dashboard.state.view import View, map_frame, timeline_frame


def map_scene(table: EventTable, view: View) -> Scene:
    """The app's map scene of the view, at the camera fitted to every event of the file."""
    return app_scene(map_frame(table, view), table.geography, app_extent(table.frame, table.geography))


def map_positions(table: EventTable, view: View) -> pd.DataFrame:
    """The app map's events of the view with where each marker is drawn: what a selection needs, no more."""
    return app_positions(map_frame(table, view), app_extent(table.frame, table.geography))


def opening_camera(table: EventTable, view: View) -> dict[str, float] | None:
    """The camera the app's map opens at: the view's (None: fitted to the events) or, when that does not show the
    selected event, one centred on it."""
    if view.selected is None:
        return view.camera
    positions = map_positions(table, view)
    chosen = positions[positions["id"] == view.selected]
    if chosen.empty:
        return view.camera
    return camera_showing(chosen.iloc[0], view.camera, app_extent(table.frame, table.geography)) or view.camera


def map_figure(table: EventTable, view: View) -> go.Figure:
    """The app's map of the view."""
    return build_map(map_scene(table, view), table.geography, table.head.categories, selected=view.selected,
                     basemap=view.basemap, box=view.filters.ids, camera_view=opening_camera(table, view))


def timeline_figure(table: EventTable, view: View, plot_px: tuple[float, float] = APP_PLOT_PX) -> go.Figure:
    """The timeline of the view, its titles laid out for a plot of ``plot_px`` (the app's, or an export's)."""
    return build_timeline(timeline_frame(table, view), categories=table.head.categories, phases=table.head.phases,
                          lanes=view.lanes, strip=view.strip, selected=view.selected, window=view.window,
                          countries=table.geography.names, total_events=len(table.frame), plot_px=plot_px)
