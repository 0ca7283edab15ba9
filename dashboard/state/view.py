"""A view of the data: the URL state turned into filters and the two figures, shared by the app and exports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.map import build_map, fit_view
from dashboard.figures.timeline import build_timeline
from dashboard.model.loading import EventTable
from dashboard.state.filters import Filters, apply_filters, options
from dashboard.state.url import DEFAULTS, decode, sanitise


@dataclass(frozen=True)
class View:
    filters: Filters = field(default_factory=Filters)
    selected: str | None = None
    lanes: str = DEFAULTS["lanes"]
    strip: str = DEFAULTS["strip"]
    basemap: str = DEFAULTS["basemap"]

    @classmethod
    def from_state(cls, state: dict) -> View:
        """From ``url_state.decode`` output; no categories named means every category."""
        filters = Filters(
            categories=tuple(state["categories"]) or None, actors=tuple(state["actors"]),
            countries=tuple(state["countries"]), text=state["text"] or "",
            start=dt.date.fromisoformat(state["start"]) if state["start"] else None,
            end=dt.date.fromisoformat(state["end"]) if state["end"] else None,
        )
        return cls(filters, state["selected"], state["lanes"], state["strip"], state["basemap"])

    @property
    def window(self) -> tuple[dt.date | None, dt.date | None]:
        return self.filters.start, self.filters.end


def state_for(table: EventTable | None, search: str | None) -> dict:
    """The URL's state with anything this data does not know dropped (a stale link never empties the view)."""
    state = decode(search)
    if table is None:
        return state
    values = options(table.frame)
    return sanitise(state, categories=list(table.head.categories), ids=table.frame["id"].tolist(),
                    actors=values["actors"], countries=values["countries"])


def map_frame(table: EventTable, view: View) -> pd.DataFrame:
    """The map shows its own box selection rather than being filtered by it."""
    return apply_filters(table.frame, view.filters.without_box())


def timeline_frame(table: EventTable, view: View) -> pd.DataFrame:
    """The timeline shows the time window rather than being filtered by it."""
    return apply_filters(table.frame, view.filters.without_window())


def shown_frame(table: EventTable, view: View) -> pd.DataFrame:
    return apply_filters(table.frame, view.filters)


def map_figure(table: EventTable, view: View, camera: tuple[dict, float] | None = None) -> go.Figure:
    """The map of the view; ``camera`` (center, zoom) or else fitted to every event of the file."""
    frame = table.frame
    return build_map(map_frame(table, view), table.geography, table.head.categories, selected=view.selected,
                     basemap=view.basemap, view=camera or fit_view(frame["lat"].tolist(), frame["lon"].tolist()))


def timeline_figure(table: EventTable, view: View) -> go.Figure:
    return build_timeline(timeline_frame(table, view), categories=table.head.categories, phases=table.head.phases,
                          lanes=view.lanes, strip=view.strip, selected=view.selected, window=view.window,
                          countries=table.geography.names, total_events=len(table.frame))
