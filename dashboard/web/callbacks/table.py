"""The accessible table: filtered like the map, sorted by a header button, on the selected event's page."""

from __future__ import annotations

from typing import Any

from dash import ALL, Input, Output, State, ctx, no_update

from dashboard.state.view import shown_frame
from dashboard.web.callbacks import controls
from dashboard.web.callbacks.registry import callback
from dashboard.web.ids import ID
from dashboard.web.source import current_snapshot
from dashboard.web.table import DEFAULT_STATE, build_table, page_holding, sort_frame


@callback(
    output={"table": Output(ID.TABLE, "children"), "state": Output(ID.TABLE_STATE, "data")},
    inputs={"filters": controls.filters(Input), "selected": Input(ID.SELECTED, "data"),
            "sorts": Input({"type": ID.SORT, "column": ALL}, "n_clicks"),
            "pages": Input({"type": ID.PAGE, "step": ALL}, "n_clicks"), "version": Input(ID.DATA_VERSION, "data"),
            "synced": Input(ID.URL_SYNCED, "data")},
    state={"state": State(ID.TABLE_STATE, "data")},
    prevent_initial_call=True,  # made once the URL is read (``synced``), with its filters: not once before
)
def render_table(*, filters: dict[str, Any], selected: str | None = None, state: dict | None = None,
                 **_inputs: Any) -> dict:
    table = current_snapshot().table
    if table is None:
        return {"table": [], "state": state}
    state = dict(state or DEFAULT_STATE)
    trigger = ctx.triggered_id
    clicked = bool(ctx.triggered and ctx.triggered[0].get("value"))
    if isinstance(trigger, dict) and trigger.get("type") == ID.SORT and clicked:
        same = state["column"] == trigger["column"]
        state.update(column=trigger["column"], ascending=not state["ascending"] if same else True, page=0)
    elif isinstance(trigger, dict) and trigger.get("type") == ID.PAGE and clicked:
        state["page"] = state["page"] + int(trigger["step"])
    elif isinstance(trigger, dict):
        return {"table": no_update, "state": no_update}  # buttons re-rendered, not clicked
    frame = shown_frame(table, controls.view_from(table, filters))
    ordered = sort_frame(frame, state["column"], state["ascending"], table.geography.names)
    holding = page_holding(ordered, selected) if trigger == ID.SELECTED and selected is not None else None
    if holding is not None:
        state["page"] = holding
    elif trigger in controls.FILTER_IDS:
        state["page"] = 0
    return {"table": build_table(ordered, selected=selected, **state), "state": state}
