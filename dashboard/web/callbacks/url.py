"""The address bar and the controls mirror each other; the timeline's zoom sets the time window."""

from __future__ import annotations

from typing import Any

from dash import Input, Output, State, ctx, no_update

from dashboard.figures.timeline import parse_window
from dashboard.figures.views import opening_state
from dashboard.state.url import DEFAULTS, decode, encode
from dashboard.web.callbacks.controls import FILTER_CONTROLS, MODE_CONTROLS
from dashboard.web.callbacks.registry import callback
from dashboard.web.ids import ID
from dashboard.web.source import current_snapshot

URL_CONTROLS = {**FILTER_CONTROLS, **MODE_CONTROLS, "selected": (ID.SELECTED, "data"), "box": (ID.BOX, "data"),
                "camera": (ID.CAMERA, "data")}  # state key -> control


@callback(
    output={"search": Output(ID.URL, "search"), "synced": Output(ID.URL_SYNCED, "data"),
            "camera_reset": Output(ID.CAMERA_RESET, "data"),
            "controls": {key: Output(*control, allow_duplicate=True) for key, control in URL_CONTROLS.items()}},
    inputs={"search": Input(ID.URL, "search"), "reset": Input(ID.RESET, "n_clicks")},
    state={"synced": State(ID.URL_SYNCED, "data"),
           "controls": {key: State(*control) for key, control in URL_CONTROLS.items()}},
    prevent_initial_call="initial_duplicate",
)
def sync_url(search: str | None, reset: int | None, controls: dict[str, Any], synced: bool) -> dict:
    """The URL wins once, on load; the controls after (``write_url``). Reset puts every control back to its default,
    and the map back to the camera fitted to the events."""
    unchanged = {key: no_update for key in URL_CONTROLS}
    table = current_snapshot().table
    all_categories = list(table.head.categories) if table is not None else []
    if ctx.triggered_id == ID.RESET:
        defaults = {key: all_categories if key == "categories" else DEFAULTS[key] for key in URL_CONTROLS}
        return {"search": "", "synced": True, "camera_reset": reset, "controls": defaults}
    if not synced:
        if search is None:  # dcc.Location reports the address when it mounts
            return {"search": no_update, "synced": no_update, "camera_reset": no_update, "controls": unchanged}
        state = opening_state(table, search)
        moved = encode(state) if state["camera"] != decode(search)["camera"] else no_update
        state["categories"] = state["categories"] or all_categories  # none named in the URL: all shown
        return {"search": moved, "synced": True, "camera_reset": no_update, "controls": {key: state[key] for key in URL_CONTROLS}}
    return {"search": _encoded(controls, all_categories, search), "synced": no_update, "camera_reset": no_update,
            "controls": unchanged}


@callback(
    Output(ID.URL, "search", allow_duplicate=True),
    inputs={"controls": {key: Input(*control) for key, control in URL_CONTROLS.items()}},
    state={"search": State(ID.URL, "search"), "synced": State(ID.URL_SYNCED, "data")},
    prevent_initial_call=True,
)
def write_url(controls: dict[str, Any], search: str | None, synced: bool):
    """A control changed: the URL follows (once the URL has been read). A callback of its own, apart from
    ``sync_url``: a view's figures wait for every callback writing what they read (whether the URL was read), and
    would wait for this round trip on every filter."""
    if not synced:
        return no_update
    table = current_snapshot().table
    encoded = _encoded(controls, list(table.head.categories) if table is not None else [], search)
    # The controls the URL itself just set (a link as written by hand: "map=35.7,51.4,7") leave it as it is.
    return no_update if encoded is no_update or encode(decode(search)) == encoded else encoded


def _encoded(controls: dict[str, Any], all_categories: list[str], search: str | None):
    """The URL's query for ``controls``, or no_update when it is ``search`` already."""
    state = dict(controls)
    if set(state["categories"] or ()) >= set(all_categories):
        state["categories"] = []  # all ticked is the default: keep it out of the URL
    encoded = encode(state)
    return encoded if encoded != (search or "") else no_update


@callback(
    Output(ID.DATE_FROM, "value", allow_duplicate=True),
    Output(ID.DATE_TO, "value", allow_duplicate=True),
    Input(ID.TIMELINE, "relayoutData"),
    prevent_initial_call=True,
)
def window_from_timeline(relayout: dict | None) -> tuple:
    """Zooming, panning or brushing the timeline sets the time window every other view filters on."""
    window = parse_window(relayout)
    if window is None:
        return no_update, no_update
    return window
