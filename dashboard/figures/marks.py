"""Every kind of mark a map draws, declared once: what its legend entry says, its key's style in the app (MapLibre,
``figures/map.py``) and in print (plotly's ``geo``, ``figures/print_map.py``), its trace's slot in the app's map,
and whether a scene draws it.

Both renderers, both legends and a scene's key list (``Scene.keys``) iterate ``MARKS``; the app's trace order and
the indices its figures are patched at (``MapTrace``) come from the slots. Adding a kind of mark is one entry here
plus its drawing code in each renderer that draws it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING

from dashboard.figures.style import (
    ARROW_LINE,
    ARROW_PRINT_PX,
    ARROW_PX,
    BACKGROUND,
    BORDER_DASH,
    BORDER_LINE,
    DISPUTED,
    INK,
    LEADER,
    MUTED,
    UNCERTAINTY,
)

if TYPE_CHECKING:
    from dashboard.figures.cartography import Scene


@dataclass(frozen=True)
class Mark:
    """One kind of mark. Keyed when it has a ``legend`` and the scene draws it (``drawn``)."""

    legend: str | None = None  # its legend entry; None: never keyed (events, names: what they are is plain)
    app_key: dict | None = None  # the legend key's style on the app's map (a scattermap trace's settings)
    print_key: dict | None = None  # the legend key's style on a printed map (a scattergeo trace's settings)
    slot: int | None = None  # its trace's index in the app's map; None: not a trace there (a layer, print only)
    drawn: Callable[[Scene], bool] | None = None  # whether a scene draws it

    def keyed(self, scene: Scene) -> bool:
        return self.legend is not None and self.drawn is not None and bool(self.drawn(scene))


LABEL_STYLE = {  # names, by kind of place -> (colour, weight, style); both renderers draw them so
    "focus": (INK, "bold", "normal"),
    "country": (MUTED, "normal", "normal"),
    "place": (INK, "normal", "normal"),
    "province": (MUTED, "normal", "italic"),
    "elsewhere": (INK, "bold", "normal"),
}

# In legend order; the slots give the app's trace order (drawn first is under the rest).
MARKS: dict[str, Mark] = {
    "border": Mark(
        "Border between the countries in focus",
        # MapLibre draws the border 3 px wide, dashed, for the screen; print 2.2 (1.65 pt), plotly's dash.
        app_key={"mode": "lines", "line": {"color": BORDER_LINE, "width": 3}},
        print_key={"mode": "lines", "line": {"color": BORDER_LINE, "width": 2.2, "dash": BORDER_DASH}},
        drawn=lambda scene: not scene.border.is_empty),
    "arrow": Mark(
        "Strike (stub: launched off the map)",
        app_key={"mode": "lines", "line": {"color": ARROW_LINE, "width": ARROW_PX}},
        print_key={"mode": "lines", "line": {"color": ARROW_LINE, "width": ARROW_PRINT_PX}},
        slot=1, drawn=lambda scene: bool(scene.arrows[0])),
    "province": Mark(
        "Known only to province: its outline",
        app_key={"mode": "markers", "marker": {"size": 13, "color": UNCERTAINTY, "opacity": 0.4}},
        print_key={"mode": "markers", "marker": {"symbol": "square", "size": 12, "color": UNCERTAINTY, "opacity": 0.4,
                                                 "line": {"color": MUTED, "width": 1}}},
        drawn=lambda scene: any("province" in f["properties"] for f in scene.areas)),
    "halo": Mark(
        "May lie within the shaded circle",
        app_key={"mode": "markers", "marker": {"size": 13, "color": UNCERTAINTY, "opacity": 0.3}},
        print_key={"mode": "markers", "marker": {"symbol": "circle", "size": 13, "color": UNCERTAINTY,
                                                 "opacity": 0.35}},
        drawn=lambda scene: any("radius_km" in f["properties"] for f in scene.areas)),
    "planned": Mark(
        "Planned or announced (open ring)",
        app_key={"mode": "markers", "marker": {"size": 11, "color": INK}},
        print_key={"mode": "markers", "marker": {"symbol": "circle-open", "size": 10, "color": INK, "line": {"width": 2}}},
        slot=7, drawn=lambda scene: bool((scene.frame["status"] == "planned").any())),
    "disputed": Mark(
        "Sources disagree (amber ring)",
        app_key={"mode": "markers", "marker": {"size": 13, "color": DISPUTED}},
        print_key={"mode": "markers", "marker": {"size": 11, "color": MUTED, "line": {"color": DISPUTED, "width": 2.5}}},
        slot=4, drawn=lambda scene: bool(scene.frame["disputed"].any())),
    "spread": Mark(
        "Events at one place, spread around it",
        app_key={"mode": "lines", "line": {"color": LEADER, "width": 1}},
        print_key={"mode": "lines+markers", "line": {"color": LEADER, "width": 1}, "marker": {"size": 4, "color": LEADER}},
        slot=2, drawn=lambda scene: bool(scene.leaders[0])),
    "cluster": Mark(
        "Events at one place: their count",
        app_key={"mode": "markers", "marker": {"size": 15, "color": INK}},
        print_key={"mode": "markers", "marker": {"size": 13, "color": INK, "line": {"color": "white", "width": 1}}},
        slot=8, drawn=lambda scene: bool(scene.clusters)),
    "cluster dots": Mark(slot=9),  # the ring of category dots round each cluster mark
    "density": Mark(
        "Many events: one mark per area (size: count; colour: commonest category)",
        app_key={"mode": "markers", "marker": {"size": 15, "color": MUTED}},
        print_key={"mode": "markers", "marker": {"size": 13, "color": MUTED, "line": {"color": INK, "width": 0.8}}},
        drawn=lambda scene: scene.counts),
    "background": Mark(  # the app only: a printed map keys its background in the caption
        "Background: every recorded incident (ACLED), per area",
        app_key={"mode": "markers", "marker": {"size": 15, "color": BACKGROUND, "opacity": 0.45}},
        slot=0, drawn=lambda scene: scene.background is not None and len(scene.background) > 0),
    "selected": Mark(slot=3),  # a dark disc under the selected marker: a ring round it
    "edges": Mark(slot=5),  # an ink disc a pixel wider than each marker: light colours keep 3:1 against the land
    "events": Mark(slot=6),
    **{f"{kind} names": Mark(slot=10 + i) for i, kind in enumerate(("place", "province", "country", "focus",
                                                                     "elsewhere"))},
}

MapTrace = IntEnum("MapTrace", {kind.upper().replace(" ", "_"): mark.slot  # type: ignore[misc]
                                for kind, mark in sorted(MARKS.items(), key=lambda item: item[1].slot or 0)
                                if mark.slot is not None})
"""The app map's traces by slot (``MapTrace.EVENTS``...), in drawing order."""

APP_TRACES = [kind for kind, mark in sorted(MARKS.items(), key=lambda item: item[1].slot or 0) if mark.slot is not None]
PRINT_KEYED = [kind for kind, mark in MARKS.items() if mark.legend is not None and mark.print_key is not None]
