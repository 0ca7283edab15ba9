"""A view of the data: filters, the selected event and the display modes, as one typed object.

Built once per callback from the controls (``View.from_controls``) or from a URL query string
(``view_for``); the app, the embeds and the exports all read the same object.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from dashboard.model.table import EventTable
from dashboard.state.filters import Filters, apply_filters, options
from dashboard.state.modes import Basemap, Framing, Lanes, Links, Strip
from dashboard.state.url import DEFAULTS, decode, sanitise


@dataclass(frozen=True)
class View:
    filters: Filters = field(default_factory=Filters)
    selected: str | None = None
    lanes: Lanes = DEFAULTS["lanes"]
    strip: Strip = DEFAULTS["strip"]
    basemap: Basemap = DEFAULTS["basemap"]
    camera: dict[str, float] | None = None  # the map's {lat, lon, zoom} once the analyst moved it; None: fitted
    framing: Framing = DEFAULTS["framing"]  # what the map is fitted to first: the theatre, or every event
    links: Links = DEFAULTS["links"]  # the timeline's links: the selected event's, or all

    @classmethod
    def from_state(cls, state: dict) -> View:
        """From ``url.decode`` output; no categories named means every category."""
        filters = Filters(
            categories=tuple(state["categories"]) or None, actors=tuple(state["actors"]),
            countries=tuple(state["countries"]), text=state["text"] or "",
            start=_date(state["start"]), end=_date(state["end"]), ids=tuple(state["box"]) or None,
            disputed=bool(state["disputed"]),
        )
        return cls(filters, state["selected"], Lanes(state["lanes"]), Strip(state["strip"]), Basemap(state["basemap"]),
                   state["camera"], Framing(state["framing"]), Links(state["links"]))

    @classmethod
    def from_controls(cls, controls: Mapping[str, Any], known_categories: list[str], *, selected: str | None = None,
                      lanes: str | None = None, strip: str | None = None, basemap: str | None = None,
                      camera: dict[str, float] | None = None, framing: str | None = None,
                      links: str | None = None) -> View:
        """From the app's filter controls (keys as ``Filters``' fields, plus ``box``: the ids of a box or lasso
        selection on the map).

        The category boxes list what is shown, so all ticked means no restriction; a box or lasso
        selection on the map becomes an id filter. Missing or malformed values mean no restriction.
        """
        categories = controls.get("categories")
        shown = None if categories is None or set(known_categories) <= set(categories) else tuple(categories)
        box = controls.get("box")
        ids = tuple(i for i in box if isinstance(i, str)) if isinstance(box, list) and box else None
        filters = Filters(shown, tuple(controls.get("actors") or ()), tuple(controls.get("countries") or ()),
                          controls.get("text") or "", _date(controls.get("start")), _date(controls.get("end")), ids,
                          disputed=bool(controls.get("disputed")))
        return cls(filters, selected, _mode(Lanes, lanes), _mode(Strip, strip), _mode(Basemap, basemap), camera,
                   _mode(Framing, framing), _mode(Links, links))

    @property
    def window(self) -> tuple[dt.date | None, dt.date | None]:
        return self.filters.start, self.filters.end


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _mode(mode: type, value: str | None):
    try:
        return mode(value)
    except ValueError:
        return next(iter(mode))


def state_for(table: EventTable | None, search: str | None) -> dict:
    """The URL's state with anything this data does not know dropped (a stale link never empties the view)."""
    state = decode(search)
    if table is None:
        return state
    values = options(table.frame)
    return sanitise(state, categories=list(table.head.categories), ids=table.frame["id"].tolist(),
                    actors=values["actors"], countries=values["countries"])


def view_for(table: EventTable | None, search: str | None) -> View:
    """The view a shared URL describes, for this data: the app's first load, the embeds, the HTML export."""
    return View.from_state(state_for(table, search))


def filtered(table: EventTable, filters: Filters, *, background: bool = False) -> pd.DataFrame:
    """The table's events (or, with ``background``, its background's) passing ``filters``. Copying the rows out is
    most of the cost (~0.2 s at 1,000,000 events), and one interaction asks for the same rows several times (the
    map, the timeline, the count, the table: without a box or a window their filters are one), so the last results
    are kept with the table (``table.kept``)."""
    frame = table.background if background else table.frame
    return table.kept.get("filtered", (background, filters), lambda: apply_filters(frame, filters))


def map_frame(table: EventTable, view: View) -> pd.DataFrame:
    """The map shows its own box selection rather than being filtered by it."""
    return filtered(table, view.filters.without_box())


def timeline_frame(table: EventTable, view: View) -> pd.DataFrame:
    """The timeline shows the time window rather than being filtered by it."""
    return filtered(table, view.filters.without_window())


def shown_frame(table: EventTable, view: View) -> pd.DataFrame:
    return filtered(table, view.filters)
