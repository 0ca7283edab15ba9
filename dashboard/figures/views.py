"""The two figures of a view, from the same builders for the app, the embeds and the exports."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.cartography import Extent, Scene, build_scene
from dashboard.figures.density import MAX_MARK_PX, cell_side, grid_cells, in_extent, is_dense
from dashboard.figures.map import (
    MapOptions,
    Ring,
    Served,
    app_extent,
    app_positions,
    app_scene,
    build_map,
    camera_showing,
    dense_scene,
    map_ring,
    sight,
    with_key_over_map,
)
from dashboard.figures.timeline import (
    APP_PLOT_PX,
    Frame,
    TimelineContent,
    TimelineOptions,
    build_timeline,
    timeline_content,
)
from dashboard.model.table import EventTable, row_of
from dashboard.state.filters import Filters
from dashboard.state.modes import Framing
from dashboard.state.view import View, filtered, map_frame, state_for, timeline_frame


def fitted_extent(table: EventTable, framing: Framing) -> Extent:
    """The extent the app's first camera is fitted to: the theatre of the file's events, or every event (kept per
    table: it is a pass over every event, ~12 ms at 100,000, and every selection and pan asks for it)."""
    return table.kept.get("fitted extent", framing, lambda: app_extent(table.frame, table.geography, framing=framing))


def _layout(table: EventTable, view: View) -> tuple[pd.DataFrame, Extent, Extent, bool]:
    """(the events the map places, the extent they are placed for: what the view's camera shows, the fitted first
    extent, whether they are too many for markers). A few thousand events: all, placed at the camera's scale (so
    events at one place are grouped as they look at that zoom). More: those in sight, unless those too are too
    many (then the map counts them per grid cell)."""
    frame, fitted = map_frame(table, view), fitted_extent(table, view.framing)
    shown = sight(view.camera, fitted)
    if not is_dense(len(frame)):
        return frame, shown, fitted, False
    in_view = in_extent(frame, shown)
    return (in_view, shown, fitted, False) if not is_dense(len(in_view)) else (frame, shown, fitted, True)


def _scene(table: EventTable, view: View, frame: pd.DataFrame, extent: Extent, fitted: Extent, dense: bool) -> Scene:
    """The scene ``_layout`` describes; behind it, the background events of the time window counted per grid
    cell of what the map shows."""
    scene = dense_scene(frame, table.geography, extent, kept=table.kept) if dense \
        else app_scene(frame, table.geography, extent, table.kept, view.selected)
    if table.background is None:
        return scene
    shown = sight(view.camera, fitted)
    window = Filters(start=view.filters.start, end=view.filters.end)
    around = in_extent(filtered(table, window, background=True), shown.padded(0.5))
    cells = grid_cells(around, cell_side(shown), noun="background event", where=" (ACLED)", hint="")
    return replace(scene, background=cells)


def _placed(table: EventTable, frame: pd.DataFrame, extent: Extent, dense: bool, selected: str | None) -> pd.DataFrame:
    """Where each event's marker is drawn, the ``selected`` event's cluster open (in a map of grid counts, on the
    event's own point, the ring the size of a middling cell mark)."""
    if dense:
        return frame.assign(draw_lon=frame["lon"], draw_lat=frame["lat"], size=MAX_MARK_PX / 2, clustered=False,
                            gathered=False)
    return app_positions(frame, table.geography, extent, selected, table.kept)


def map_drawing(table: EventTable, view: View) -> tuple[Scene, Ring]:
    """The app map's scene of the view (every event at the camera fitted to the file's; past ``DENSE_EVENTS``, the
    events in sight, or counts per grid cell when those are still too many; behind them, the background events)
    and where it rings the selected event."""
    scene, placed = _drawn(table, view)
    return scene, _ring(placed, view.selected)


def _drawn(table: EventTable, view: View) -> tuple[Scene, pd.DataFrame | None]:
    """The map's scene of the view, and when an event is selected the events shown with where each is drawn."""
    frame, extent, fitted, dense = _layout(table, view)
    scene = _scene(table, view, frame, extent, fitted, dense)
    if view.selected is None:
        return scene, None
    # A scene's frame has the drawn positions.
    return scene, _placed(table, frame, extent, dense, view.selected) if dense else scene.frame


def _ring(placed: pd.DataFrame | None, selected: str | None) -> Ring:
    return map_ring(placed, None if placed is None else row_of(placed, selected))


def map_positions(table: EventTable, view: View) -> pd.DataFrame:
    """The app map's events of the view with where each marker is drawn: what a selection needs, no more."""
    frame, extent, _, dense = _layout(table, view)
    return _placed(table, frame, extent, dense, view.selected)


def selection_on_map(table: EventTable, view: View) -> tuple[Ring, dict[str, float] | None, bool]:
    """Where the map rings the selected event, the camera the map moves to so it is in sight (None: it is), and
    whether the map has cluster marks (drawn, or the selected event's opened): then selecting redraws its data (the
    selected event's cluster opens, the one open before closes). One placement of the events answers all three."""
    placed = map_positions(table, view)
    return _ring(placed, view.selected), pan_to_selected(table, view, placed), bool(placed["gathered"].any())


def pan_to_selected(table: EventTable, view: View, placed: pd.DataFrame) -> dict[str, float] | None:
    """The camera to move to so the selected event (among ``placed``: events with their drawn positions) is in
    sight of the view's camera; None when it is, or when no event shown is selected."""
    index = row_of(placed, view.selected)
    return camera_showing(placed.iloc[index], view.camera, fitted_extent(table, view.framing)) \
        if index is not None else None


def opening_camera(table: EventTable, view: View) -> dict[str, float] | None:
    """The camera the app's map opens at: the view's (None: fitted to the events) or, when that does not show the
    selected event, one centred on it."""
    if view.selected is None:
        return view.camera
    return pan_to_selected(table, view, map_positions(table, view)) or view.camera


def opening_state(table: EventTable | None, search: str | None) -> dict:
    """The state a page opened at ``search`` shows first: the URL's (``state_for``), its camera moved to a selected
    event the link's camera does not show."""
    state = state_for(table, search)
    if table is not None:
        state["camera"] = opening_camera(table, View.from_state(state))
    return state


def map_figure(table: EventTable, view: View, served: Served | None = None) -> go.Figure:
    """The app's map of the view (its events filtered and placed once, for the scene, the ring and the opening
    camera); its base layers' GeoJSON and its fonts named where the app serves them, when ``served`` is given."""
    scene, placed = _drawn(table, view)
    opening = (pan_to_selected(table, view, placed) if placed is not None else None) or view.camera
    options = MapOptions(categories=table.head.categories, selected=view.selected, basemap=view.basemap,
                         box=view.filters.ids, camera=opening, served=served)
    return build_map(scene, table.geography, options, _ring(placed, view.selected))


def framed_map_figure(table: EventTable, view: View, served: Served | None = None,
                      frame: tuple[int, int] | None = None) -> go.Figure:
    """The map of the view for a frame of any size (an embed's), its key over the map: laid out for ``frame`` px
    when the page knows its size (the theatre, or every event, framed for it; its names and spread markers
    placed at that scale), else the app's map. A map of counts (past ``DENSE_EVENTS``) or with background
    events stays the app's."""
    frame_events = map_frame(table, view)
    if frame is None or is_dense(len(frame_events)) or table.background is not None:
        return with_key_over_map(map_figure(table, view, served), None)
    scene = build_scene(frame_events, table.geography, *frame, kept=table.kept, framing=view.framing,
                        selected=view.selected)
    options = MapOptions(categories=table.head.categories, selected=view.selected, basemap=view.basemap,
                         box=view.filters.ids, camera=view.camera, served=served)
    return with_key_over_map(build_map(scene, table.geography, options, _ring(scene.frame, view.selected)), frame)


def timeline_options(table: EventTable, view: View, plot_px: tuple[float, float] = APP_PLOT_PX,
                     frame: Frame | None = None) -> TimelineOptions:
    """How the view's timeline is drawn, its titles laid out for a plot of ``plot_px`` (the app's, or an export's),
    its lanes' names and dates for a figure of ``frame`` when the page knows it (an embed's)."""
    return TimelineOptions(categories=table.head.categories, phases=table.head.phases, lanes=view.lanes,
                           strip=view.strip, links=view.links, selected=view.selected, window=view.window,
                           countries=table.geography.names, total_events=len(table.frame), plot_px=plot_px,
                           background=table.background, frame=frame)


def timeline_figure(table: EventTable, view: View, plot_px: tuple[float, float] = APP_PLOT_PX,
                    frame: Frame | None = None) -> go.Figure:
    """The timeline of the view, laid out for a plot of ``plot_px`` in a figure of ``frame`` (``timeline_options``)."""
    return build_timeline(timeline_frame(table, view), timeline_options(table, view, plot_px, frame))


def timeline_of(table: EventTable, view: View, plot_px: tuple[float, float] = APP_PLOT_PX) -> TimelineContent:
    """What the view's events decide in its timeline (what a filter changes), without the figure."""
    return timeline_content(timeline_frame(table, view), timeline_options(table, view, plot_px))
