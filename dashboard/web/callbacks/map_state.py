"""What the map holds besides the filters: a box or lasso selection (shown as a removable chip) and the camera."""

from __future__ import annotations

from dash import Input, Output, State, ctx, no_update

from dashboard.figures.patches import camera_from_relayout
from dashboard.state.url import encode
from dashboard.web.callbacks.registry import callback
from dashboard.web.ids import ID


@callback(
    Output(ID.BOX, "data", allow_duplicate=True),
    Input(ID.MAP, "selectedData"),
    Input(ID.BOX_REMOVE, "n_clicks"),
    Input(ID.CLEAR, "n_clicks"),
    State(ID.BOX, "data"),
    prevent_initial_call=True,
)
def map_box(selection: dict | None, _remove: int, _clear: int, box: list[str] | None) -> list[str]:
    """The ids of the events a box or lasso drew round (plotly's selectedData); removing the chip, Clear, Esc
    or a click on empty space take it away. A selection of no event is no selection."""
    if ctx.triggered_id != ID.MAP:
        return [] if box else no_update
    points = (selection or {}).get("points") or []
    ids = set()
    for point in points:  # an event's id, or a cluster mark's ids
        data = point.get("customdata")
        ids.update([data] if isinstance(data, str) else [i for i in data if isinstance(i, str)]
                   if isinstance(data, list) else [])
    return sorted(ids)


@callback(
    Output(ID.BOX_CHIP, "hidden"),
    Output(ID.BOX_CHIP_TEXT, "children"),
    Input(ID.BOX, "data"),
    prevent_initial_call=True,  # the URL, once read, sets the box (``sync_url``)
)
def box_chip(box: list[str] | None) -> tuple[bool, str]:
    """The box selection in words, on screen for as long as it filters the views."""
    if not box:
        return True, ""
    words = f"Map selection: {len(box)} event{'s' if len(box) != 1 else ''}"
    if not encode({"box": box}):
        words += " (too many to keep in the link)"
    return False, words


@callback(
    Output(ID.CAMERA, "data", allow_duplicate=True),
    Input(ID.MAP, "relayoutData"),
    prevent_initial_call=True,
)
def camera_from_map(relayout: dict | None) -> dict | None:
    """The analyst's pan and zoom, for the URL (plotly reports them after each move)."""
    moved = camera_from_relayout(relayout)
    return moved if moved is not None else no_update
