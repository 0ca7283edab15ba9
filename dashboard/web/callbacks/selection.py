"""One selection, written by every view: a map or timeline click, a table or detail link, clear, a step, playback."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dash import ALL, Input, Output, State, ctx, no_update

from dashboard.state.filters import step
from dashboard.state.view import shown_frame
from dashboard.web.callbacks import controls
from dashboard.web.callbacks.registry import callback, clientside_callback
from dashboard.web.ids import ID
from dashboard.web.source import current_snapshot

STEPS = {ID.PREV: -1, ID.NEXT: 1, ID.TICKER: 1}


@callback(
    output={"selected": Output(ID.SELECTED, "data", allow_duplicate=True),
            "stopped": Output(ID.TICKER, "disabled", allow_duplicate=True),
            "window_end": Output(ID.DATE_TO, "value", allow_duplicate=True),
            "map_click": Output(ID.MAP, "clickData"), "timeline_click": Output(ID.TIMELINE, "clickData")},
    inputs={"map_click": Input(ID.MAP, "clickData"), "timeline_click": Input(ID.TIMELINE, "clickData"),
            "clear": Input(ID.CLEAR, "n_clicks"),
            "previous": Input(ID.PREV, "n_clicks"), "following": Input(ID.NEXT, "n_clicks"),
            "tick": Input(ID.TICKER, "n_intervals")},
    state={"current": State(ID.SELECTED, "data"), "filters": controls.filters(State),
           "cumulative": State(ID.CUMULATIVE, "value")},
    prevent_initial_call=True,
)
def select_event(*, map_click: dict | None = None, timeline_click: dict | None = None, current: str | None = None,
                 filters: dict[str, Any] | None = None, cumulative: list | None = None, **_clicks: Any) -> dict:
    """A consumed click is reset to None so clicking the same point again (after clearing) selects it again.
    Stepping follows the filtered events in time order; playback stops at the last.

    Playback steps one event from the one selected now, whatever the timer did meanwhile: a busy browser
    delays a step, never skips one. Cumulative playback ends the time window at the event shown, so the
    events before it stay drawn and the later ones appear as it goes."""
    trigger = ctx.triggered_id
    result = {"selected": no_update, "stopped": no_update, "window_end": no_update, "map_click": no_update,
              "timeline_click": no_update}
    if trigger == ID.MAP:
        return {**result, "selected": _clicked_id(map_click), "map_click": None}
    if trigger == ID.TIMELINE:
        return {**result, "selected": _clicked_id(timeline_click), "timeline_click": None}
    if trigger == ID.CLEAR:
        return {**result, "selected": None}
    table = current_snapshot().table
    if trigger in STEPS and table is not None:
        view = controls.view_from(table, filters or {})
        ordered = shown_frame(table, view)["id"].tolist()
        if trigger == ID.TICKER and cumulative:
            view = replace(view, filters=replace(view.filters, end=None))  # the window follows the playback
            ordered = shown_frame(table, view)["id"].tolist()
        chosen = step(ordered, current, STEPS[trigger])
        at_end = trigger == ID.TICKER and bool(ordered) and chosen == ordered[-1]
        window_end = no_update
        if trigger == ID.TICKER and cumulative and chosen is not None:
            window_end = table.frame.loc[table.frame["id"] == chosen, "date"].iloc[0].date().isoformat()
        return {**result, "selected": chosen, "stopped": True if at_end else no_update, "window_end": window_end}
    return result


def _clicked_id(click: dict | None):
    """The clicked event's id; a cluster mark's first event (selecting it opens the cluster)."""
    points = (click or {}).get("points") or []
    event_id = points[0].get("customdata") if points else None
    if isinstance(event_id, list) and event_id:
        event_id = event_id[0]
    return event_id if isinstance(event_id, str) else no_update


@callback(
    Output(ID.TICKER, "disabled"),
    Input(ID.PLAY, "n_clicks"),
    Input(ID.CLEAR, "n_clicks"),
    State(ID.TICKER, "disabled"),
    prevent_initial_call=True,
)
def toggle_playback(_play: int, _clear: int, disabled: bool) -> bool:
    """Play toggles; Clear (the button, Esc, a click on empty space) stops. Its own callback, not the selection's:
    a tick arriving while the selection callback runs supersedes that call, and a stop riding on it was lost."""
    return True if ctx.triggered_id == ID.CLEAR else not disabled


# An event's name in the table or in a detail's links selects it. In the browser: the table adds a button per row
# on every page it shows, and a server callback on them would make a round trip for each page (the buttons
# arriving), not only for a click.
clientside_callback(
    """function(clicks) {
        var clicked = window.dash_clientside.callback_context.triggered_id;
        var pressed = window.dash_clientside.callback_context.triggered.some(function (t) { return t.value; });
        return clicked && pressed ? clicked.id : window.dash_clientside.no_update;
    }""",
    Output(ID.SELECTED, "data", allow_duplicate=True),
    Input({"type": ID.EVENT_LINK, "id": ALL}, "n_clicks"),
    prevent_initial_call=True,
)


clientside_callback(
    "function(ms) { return parseInt(ms, 10); }",  # a native select's value is a string
    Output(ID.TICKER, "interval"),
    Input(ID.SPEED, "value"),
)


clientside_callback(
    """function(disabled) {
        return [disabled ? '▶ Play' : '❚❚ Pause', disabled ? 'false' : 'true'];
    }""",
    Output(ID.PLAY, "children"),
    Output(ID.PLAY, "aria-pressed"),
    Input(ID.TICKER, "disabled"),
)
