"""The controls that make up the view, as Dash dependencies grouped by name, and the View built from them.

Callbacks take the filters as one ``filters`` dict (Dash's dict-style arguments) and the display modes by
name, and build one typed ``View`` with ``view_from``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dash import Input, State

from dashboard.model.table import EventTable
from dashboard.state.view import View
from dashboard.web.ids import ID

FILTER_CONTROLS = {  # Filters field -> (component, property)
    "categories": (ID.CATEGORY, "value"),
    "actors": (ID.ACTOR, "value"),
    "countries": (ID.COUNTRY, "value"),
    "text": (ID.SEARCH, "value"),
    "start": (ID.DATE_FROM, "value"),
    "end": (ID.DATE_TO, "value"),
    "disputed": (ID.DISPUTED, "value"),
}
FILTER_IDS = [component for component, _ in FILTER_CONTROLS.values()]
MAP_BOX = (ID.BOX, "data")
MODE_CONTROLS = {"lanes": (ID.LANES, "value"), "strip": (ID.STRIP, "value"), "basemap": (ID.BASEMAP, "value"),
                 "framing": (ID.FRAMING, "value"), "links": (ID.LINKS, "value")}


def filters(kind: type[Input] | type[State] = State) -> dict:
    """The filter controls and the map's box/lasso selection (its ids), as one group of dependencies."""
    return {**{name: kind(*control) for name, control in FILTER_CONTROLS.items()}, "box": kind(*MAP_BOX)}


def modes(kind: type[Input] | type[State] = State, names: tuple[str, ...] = tuple(MODE_CONTROLS)) -> dict:
    return {name: kind(*MODE_CONTROLS[name]) for name in names}


def view_from(table: EventTable, filter_values: Mapping[str, Any], selected: str | None = None,
              camera: dict[str, float] | None = None, **mode_values: str | None) -> View:
    return View.from_controls(filter_values, list(table.head.categories), selected=selected, camera=camera,
                              **mode_values)
