"""The map and the timeline: drawn whole when their base changes, otherwise edited (filters, window, selection)."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from dash import Input, Output, State, ctx, no_update

from dashboard.figures.patches import (
    base_key,
    first_figures,
    highlight_edits,
    map_data_edits,
    timeline_data_edits,
    window_edits,
)
from dashboard.state.view import shown_frame
from dashboard.web.callbacks import controls
from dashboard.web.callbacks.registry import callback, to_patch
from dashboard.web.detail import build_detail, empty_detail
from dashboard.web.ids import ID
from dashboard.web.source import current_snapshot


def empty_figure(message: str) -> go.Figure:
    figure = go.Figure()
    figure.update_layout(xaxis={"visible": False}, yaxis={"visible": False}, plot_bgcolor="white",
                         annotations=[{"text": message, "showarrow": False, "font": {"size": 15}}])
    return figure


@callback(
    output={"map": Output(ID.MAP, "figure"), "timeline": Output(ID.TIMELINE, "figure"),
            "count": Output(ID.COUNT, "children"), "drawn": Output(ID.BASE_KEY, "data")},
    inputs={"filters": controls.filters(Input), **controls.modes(Input), "version": Input(ID.DATA_VERSION, "data")},
    state={"selected": State(ID.SELECTED, "data"), "drawn_key": State(ID.BASE_KEY, "data")},
)
def render_views(*, filters: dict[str, Any], lanes: str | None = None, strip: str | None = None,
                 basemap: str | None = None, selected: str | None = None, drawn_key: str | None = None,
                 version: str | None = None) -> dict:
    """Whole figures when their base changes; otherwise edits of the data layers and the time window only."""
    table = current_snapshot().table
    if table is None:
        blank = empty_figure("No valid events file loaded")
        return {"map": blank, "timeline": blank, "count": "0 events", "drawn": None}
    view = controls.view_from(table, filters, selected, lanes=lanes, strip=strip, basemap=basemap)
    count = f"{len(shown_frame(table, view))} of {len(table.frame)} events"
    key = base_key(table, view)
    if key != drawn_key:
        the_map, timeline = first_figures(table, view)
        return {"map": the_map, "timeline": timeline, "count": count, "drawn": key}
    trigger = ctx.triggered_id
    # The map shows its own box selection rather than being filtered by it; a window change moves the axis only.
    map_patch = no_update if trigger == ID.MAP else to_patch(map_data_edits(table, view))
    data = {} if trigger in (ID.DATE_FROM, ID.DATE_TO) else timeline_data_edits(table, view)
    return {"map": map_patch, "timeline": to_patch({**data, **window_edits(view.window)}), "count": count,
            "drawn": no_update}


@callback(
    output={"map": Output(ID.MAP, "figure", allow_duplicate=True),
            "timeline": Output(ID.TIMELINE, "figure", allow_duplicate=True), "detail": Output(ID.DETAIL, "children")},
    inputs={"selected": Input(ID.SELECTED, "data")},
    state={"filters": controls.filters(State), **controls.modes(State, ("lanes",)),
           "map_view": State(ID.MAP, "relayoutData"), "drawn_key": State(ID.BASE_KEY, "data")},
    prevent_initial_call=True,
)
def highlight(*, selected: str | None, filters: dict[str, Any], lanes: str | None = None,
              map_view: dict | None = None, drawn_key: str | None = None) -> dict:
    """Highlight one event everywhere: a few numbers per figure (the map panned to it only when out of sight),
    its detail panel."""
    table = current_snapshot().table
    if table is None:
        return {"map": no_update, "timeline": no_update, "detail": empty_detail()}
    matches = table.frame[table.frame["id"] == selected]
    detail = build_detail(matches.iloc[0], table.frame) if len(matches) else empty_detail()
    if not drawn_key:  # no figure drawn yet: the first full render draws the selection itself
        return {"map": no_update, "timeline": no_update, "detail": detail}
    view = controls.view_from(table, filters, selected, lanes=lanes)
    map_edits, timeline_edits = highlight_edits(table, view, camera=map_view)
    return {"map": to_patch(map_edits), "timeline": to_patch(timeline_edits), "detail": detail}
