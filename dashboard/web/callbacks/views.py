"""The map and the timeline: drawn whole when their base changes, otherwise edited (filters, window, selection)."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from dash import ClientsideFunction, Input, Output, State, ctx, no_update

from dashboard.figures.map import camera
from dashboard.figures.patches import (
    base_key,
    camera_edits,
    first_figures,
    highlight_edits,
    map_data_edits,
    timeline_data_edits,
    window_edits,
)
from dashboard.figures.views import fitted_extent
from dashboard.model.table import row_of
from dashboard.state.view import shown_frame
from dashboard.web.callbacks import controls
from dashboard.web.callbacks.registry import callback, clientside_callback, to_patch
from dashboard.web.detail import build_detail, empty_detail
from dashboard.web.geometry import served
from dashboard.web.ids import ID
from dashboard.web.source import current_snapshot


def empty_figure(message: str) -> go.Figure:
    figure = go.Figure()
    figure.update_layout(xaxis={"visible": False}, yaxis={"visible": False}, plot_bgcolor="white",
                         annotations=[{"text": message, "showarrow": False, "font": {"size": 15}}])
    return figure


@callback(
    output={"map": Output(ID.MAP, "figure"), "timeline": Output(ID.TIMELINE, "figure"),
            "count": Output(ID.COUNT, "children"), "drawn": Output(ID.BASE_KEY, "data"),
            "ring": Output(ID.MAP_RING, "data", allow_duplicate=True)},
    inputs={"filters": controls.filters(Input), **controls.modes(Input), "version": Input(ID.DATA_VERSION, "data"),
            "synced": Input(ID.URL_SYNCED, "data"), "camera_reset": Input(ID.CAMERA_RESET, "data"),
            "camera_view": Input(ID.CAMERA, "data")},
    state={"selected": State(ID.SELECTED, "data"), "drawn_key": State(ID.BASE_KEY, "data")},
    prevent_initial_call=True,  # drawn once the URL is read (``synced``), at its camera
)
def render_views(*, filters: dict[str, Any], lanes: str | None = None, strip: str | None = None,
                 basemap: str | None = None, framing: str | None = None, links: str | None = None,
                 selected: str | None = None,
                 drawn_key: str | None = None,
                 version: str | None = None, synced: bool = True, camera_reset: int | None = None,
                 camera_view: dict | None = None) -> dict:
    """Whole figures when their base changes; otherwise edits of the data layers and the time window only.

    Nothing is drawn before the URL's state is read (so the first drawing is the linked view, at its camera).
    On Reset the map also goes back to the camera fitted to the events. A pan or zoom redraws the map's data for
    what it shows: events at one place grouped as they look at that zoom, names and pointers for that view."""
    unchanged = {"map": no_update, "timeline": no_update, "count": no_update, "drawn": no_update, "ring": no_update}
    if not synced:
        return unchanged
    table = current_snapshot().table
    if table is None:
        blank = empty_figure("No valid events file loaded")
        return {"map": blank, "timeline": blank, "count": "0 events", "drawn": None, "ring": None}
    # A new framing refits the map: the camera the analyst left belongs to the other one.
    view = controls.view_from(table, filters, selected, None if ctx.triggered_id == ID.FRAMING else camera_view,
                              lanes=lanes, strip=strip, basemap=basemap, framing=framing, links=links)
    # The rows the map and the table filter to as well (kept: apply_filters), so counting them costs nothing more.
    count = f"{len(shown_frame(table, view))} of {len(table.frame)} events"
    key = base_key(table, view)
    if key != drawn_key:
        the_map, timeline = first_figures(table, view, served(table))
        return {"map": the_map, "timeline": timeline, "count": count, "drawn": key, "ring": None}
    triggered = {trigger.split(".")[0] for trigger in ctx.triggered_prop_ids}
    if triggered == {ID.CAMERA}:
        map_edits, ring = map_data_edits(table, view)
        return {**unchanged, "map": to_patch(map_edits), "ring": ring}
    map_edits, ring = map_data_edits(table, view)
    if camera_reset and ID.CAMERA_RESET in triggered:
        center, zoom = camera(fitted_extent(table, view.framing))
        map_edits = {**map_edits, **camera_edits({**center, "zoom": zoom}, f"reset:{camera_reset}")}
    # A window change moves the time axis only.
    data = {} if ctx.triggered_id in (ID.DATE_FROM, ID.DATE_TO) else timeline_data_edits(table, view)
    return {"map": to_patch(map_edits), "timeline": to_patch({**data, **window_edits(view.window)}), "count": count,
            "drawn": no_update, "ring": ring}


@callback(
    output={"map": Output(ID.MAP, "figure", allow_duplicate=True),
            "timeline": Output(ID.TIMELINE, "figure", allow_duplicate=True), "detail": Output(ID.DETAIL, "children"),
            "camera": Output(ID.CAMERA, "data", allow_duplicate=True),
            "ring": Output(ID.MAP_RING, "data", allow_duplicate=True)},
    inputs={"selected": Input(ID.SELECTED, "data")},
    state={"filters": controls.filters(State), **controls.modes(State, ("lanes", "links")),
           "camera_view": State(ID.CAMERA, "data"), "drawn_key": State(ID.BASE_KEY, "data")},
    prevent_initial_call=True,
)
def highlight(*, selected: str | None, filters: dict[str, Any], lanes: str | None = None, links: str | None = None,
              camera_view: dict | None = None, drawn_key: str | None = None) -> dict:
    """Highlight one event everywhere: its ring on the map (moved by the browser: the map is redrawn only to pan
    to an event out of sight, and the camera goes in the URL with it), its ring on the timeline, its detail."""
    table = current_snapshot().table
    unchanged = {"map": no_update, "timeline": no_update, "camera": no_update, "ring": no_update}
    if table is None:
        return {**unchanged, "detail": empty_detail()}
    index = row_of(table.frame, selected)
    detail = build_detail(table.frame.iloc[index], table) if index is not None else empty_detail()
    if not drawn_key:  # no figure drawn yet: the first full render draws the selection itself
        return {**unchanged, "detail": detail}
    view = controls.view_from(table, filters, selected, camera_view, lanes=lanes, links=links)
    edits = highlight_edits(table, view)
    return {"map": to_patch(edits.map_edits) if edits.map_edits else no_update,
            "timeline": to_patch(edits.timeline_edits), "detail": detail, "camera": edits.camera or no_update,
            "ring": edits.ring}


# The browser draws a hovered event's links on the timeline (assets/links.js): no round trip per hover.
clientside_callback(
    ClientsideFunction(namespace="links", function_name="hover"),
    Output(ID.TIMELINE_HOVERED, "data"),
    Input(ID.TIMELINE, "hoverData"),
    State(ID.TIMELINE, "id"),
)


# A selection is drawn in the browser first (assets/ring.js): both rings on the markers the page already has, before
# ``highlight``'s answer brings the rest.
clientside_callback(
    ClientsideFunction(namespace="ring", function_name="select"),
    Output(ID.MAP_RING, "data", allow_duplicate=True),
    Input(ID.SELECTED, "data"),
    State(ID.MAP, "id"),
    State(ID.TIMELINE, "id"),
    prevent_initial_call=True,
)


# A category or disputed filter is answered on the timeline in the browser first (assets/filter.js, which says why
# not on the map): the events' marks hidden and shown at once, before ``render_views``' figures replace them. The
# filters it tests are its inputs; the others (which it cannot test) make it only hide.
clientside_callback(
    ClientsideFunction(namespace="filter", function_name="first"),
    *(Input(*controls.FILTER_CONTROLS[name]) for name in ("categories", "disputed")),
    *(State(*controls.FILTER_CONTROLS[name]) for name in ("text", "actors", "countries")),
    State(*controls.MAP_BOX),
    State(ID.TIMELINE, "id"),
    prevent_initial_call=True,
)


# The browser moves the map's ring (assets/ring.js): a few milliseconds, where redrawing the map takes ~250 ms.
clientside_callback(
    ClientsideFunction(namespace="ring", function_name="map"),
    Input(ID.MAP_RING, "data"),
    State(ID.MAP, "id"),
)
