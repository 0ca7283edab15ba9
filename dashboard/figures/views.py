"""The two figures of a view, from the same builders for the app, the embeds and the exports."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.cartography import Extent, Scene
from dashboard.figures.density import MAX_MARK_PX, cell_side, grid_cells, in_extent, is_dense
from dashboard.figures.map import (
    app_extent,
    app_positions,
    app_scene,
    build_map,
    camera_showing,
    dense_scene,
    visible_extent,
)
from dashboard.figures.style import text
from dashboard.figures.timeline import APP_PLOT_PX, build_timeline
from dashboard.model.loading import EventTable
from dashboard.state.filters import Filters, apply_filters
from dashboard.state.view import View, map_frame, timeline_frame


def in_sight(table: EventTable, view: View) -> Extent:
    """What the app's map shows: the view's camera, else the camera fitted to every event of the file."""
    if view.camera:
        return visible_extent({"lat": view.camera["lat"], "lon": view.camera["lon"]}, view.camera["zoom"])
    return app_extent(table.frame, table.geography)


def _dense_layout(table: EventTable, view: View) -> tuple[pd.DataFrame, Extent, bool]:
    """(the events the map places, the extent they are placed for, whether they are too many for markers). A few
    thousand events: all, at the fitted camera. More: those in sight, for the view's camera, unless those too
    are too many (then the map counts them per grid cell)."""
    frame, fitted = map_frame(table, view), app_extent(table.frame, table.geography)
    if not is_dense(len(frame)):
        return frame, fitted, False
    shown = in_sight(table, view)
    in_view = in_extent(frame, shown)
    return (in_view, shown, False) if not is_dense(len(in_view)) else (frame, shown, True)


def follows_camera(table: EventTable, view: View) -> bool:
    """Whether the map's data depend on its camera (too many events for markers all at once)."""
    return is_dense(len(map_frame(table, view)))


def map_scene(table: EventTable, view: View) -> Scene:
    """The app's map scene of the view: every event at the camera fitted to the file's; past ``DENSE_EVENTS``, the
    events in sight, or counts per grid cell when those are still too many; behind them, the background events
    of the time window counted per grid cell of the view."""
    frame, extent, dense = _dense_layout(table, view)
    scene = dense_scene(frame, table.geography, extent) if dense else app_scene(frame, table.geography, extent)
    if table.background is None:
        return scene
    shown = in_sight(table, view)
    window = Filters(start=view.filters.start, end=view.filters.end)
    around = in_extent(apply_filters(table.background, window), shown.padded(0.5))
    cells = grid_cells(around, cell_side(shown))
    cells["hover"] = [f"<b>{count:,} background event{'s' if count != 1 else ''}</b> (ACLED) · {int(killed):,} killed"
                      f"<br>mostly {text(label)}"
                      for count, killed, label in zip(cells["count"], cells["killed"], cells["category_label"],
                                                      strict=True)]
    return replace(scene, background=cells, keys=[*scene.keys, "background"] if len(cells) else scene.keys)


def map_positions(table: EventTable, view: View) -> pd.DataFrame:
    """The app map's events of the view with where each marker is drawn: what a selection needs, no more (in a
    map of grid counts, an event's own point)."""
    frame, extent, dense = _dense_layout(table, view)
    if dense:  # the ring sits on the event's own point, the size of a middling cell mark
        return frame.assign(draw_lon=frame["lon"], draw_lat=frame["lat"], size=MAX_MARK_PX / 2)
    return app_positions(frame, extent)


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
                          countries=table.geography.names, total_events=len(table.frame), plot_px=plot_px,
                          background=table.background)
