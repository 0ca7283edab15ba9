"""What an export is: the figure, format, size and view it shows, checked once, and the file name it gets."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import NamedTuple

from dashboard.model.problems import UserError
from dashboard.model.table import EventTable
from dashboard.state.url import decode_strict
from dashboard.state.view import View, shown_frame

WHATS = ("map", "timeline", "composite")
IMAGE_FORMATS = ("png", "svg", "pdf")
FORMATS = (*IMAGE_FORMATS, "html")
MIN_SIDE, MAX_SIDE = 100, 5000
MIN_SCALE, MAX_SCALE = 1, 4
# The most pixels a PNG may have: Chromium draws no bigger canvas (measured with kaleido: 16384 x 16384 is drawn,
# 16400 x 16400 comes back as 3 bytes).
MAX_PIXELS = 16384 * 16384


class Preset(NamedTuple):
    width: int
    height: int
    label: str


# CSS pixels at 96 to the inch, so a PDF page is the size it says and 1 px is 0.75 pt (text of 10 px or more
# prints at 7.5 pt or more); scale multiplies the pixels of a PNG for print resolution (3.125 for 300 dpi).
PRESETS = {
    "slide": Preset(1280, 720, "16:9 slide, 13.33 x 7.5 in"),
    "a4-column": Preset(643, 454, "A4 text column, 17 x 12 cm"),
    "a4-page": Preset(794, 1123, "A4 page, 21 x 29.7 cm"),
    "square": Preset(1080, 1080, "square, 1080 px"),
}
DEFAULT_PRESET = "slide"
# What a user may give for a spec: the keys of a views file entry (and of the command line's options), and the
# ids of a box or lasso selection (the app's).
VIEW_KEYS = ("what", "format", "state", "width", "height", "scale", "preset", "title", "subtitle", "caption", "credit",
             "bbox")
MAPPING_KEYS = (*VIEW_KEYS, "ids")
TEXTS = ("title", "subtitle", "caption", "credit")


class ExportError(UserError):
    """An export that cannot be made; the message says why and what would work."""


def size_for(preset: str | None, width: int | None = None, height: int | None = None) -> tuple[int, int]:
    """(width, height): given sides win, then the preset's, then the default preset's."""
    if preset is not None and preset not in PRESETS:
        raise ExportError(f"preset: {preset!r} is not a preset ({', '.join(PRESETS)})")
    base = PRESETS[preset or DEFAULT_PRESET]
    return width or base.width, height or base.height


def preset_help() -> str:
    return ", ".join(f"{name} ({p.width}x{p.height})" for name, p in PRESETS.items())


@dataclass(frozen=True)
class ExportSpec:
    what: str = "composite"
    fmt: str = "png"
    width: int = PRESETS[DEFAULT_PRESET].width
    height: int = PRESETS[DEFAULT_PRESET].height
    scale: float = 1.0
    state: str = ""
    title: str | None = None  # None: the events file's title
    subtitle: str | None = None  # None: what the view shows (period and filters)
    caption: str | None = None  # None: counts, filters and the map's extent
    credit: str | None = None  # None: sources, geometry and gazetteer credits, the data's version
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north; None: around the events
    ids: tuple[str, ...] | None = None  # a box or lasso selection: only these events

    @classmethod
    def from_mapping(cls, values: Mapping[str, object], defaults: ExportSpec | None = None) -> ExportSpec:
        """The checked spec ``values`` describe, by ``MAPPING_KEYS``: the one way a spec is made from what a user
        gave (the command line's options, an entry of a views file, the app's export panel).

        A key left out or None keeps the value of ``defaults`` (``ExportSpec()`` when None). ``preset`` gives the
        size and a ``width`` or ``height`` given wins over it; ``state`` may start with "?"; ``bbox`` is "W,S,E,N"
        or four numbers; an empty text ("") means none, not the default. Anything wrong raises ExportError,
        its field first ("preset: ...", "bbox: ...").
        """
        unknown = sorted(set(values) - set(MAPPING_KEYS))
        if unknown:
            raise ExportError(f"{', '.join(unknown)}: not a key of an export (one of {', '.join(MAPPING_KEYS)})")
        base = defaults or cls()
        given = {key: value for key, value in values.items() if value is not None}
        width, height = size_for(str(given["preset"])) if "preset" in given else (base.width, base.height)
        return replace(
            base,
            what=str(given.get("what", base.what)),
            fmt=str(given.get("format", base.fmt)),
            width=_number("width", given.get("width", width), int),
            height=_number("height", given.get("height", height), int),
            scale=_number("scale", given.get("scale", base.scale), float),
            state=str(given.get("state", base.state)).lstrip("?"),
            bbox=_bbox(given["bbox"]) if "bbox" in given else base.bbox,
            ids=_ids(given["ids"]) if "ids" in given else base.ids,
            **{key: str(given[key]) for key in TEXTS if key in given},
        ).checked()

    @property
    def pixels(self) -> tuple[int, int]:
        """The width and height of the PNG drawn: the size times the scale, rounded down as Chromium sizes its
        canvas (measured: 643 x 454 px at scale 3.125 is drawn 2009 x 1418, not 2009 x 1419)."""
        return math.floor(self.width * self.scale + 1e-9), math.floor(self.height * self.scale + 1e-9)

    def checked(self) -> ExportSpec:
        if self.what not in WHATS:
            raise ExportError(f"what: {self.what!r} is not one of {', '.join(WHATS)}")
        if self.fmt not in FORMATS:
            raise ExportError(f"format: {self.fmt!r} is not one of {', '.join(FORMATS)}")
        if not (MIN_SIDE <= self.width <= MAX_SIDE and MIN_SIDE <= self.height <= MAX_SIDE):
            raise ExportError(f"size: {self.width}x{self.height} px is outside {MIN_SIDE}..{MAX_SIDE} px on each side")
        if not MIN_SCALE <= self.scale <= MAX_SCALE:
            raise ExportError(f"scale: {self.scale} is outside {MIN_SCALE}..{MAX_SCALE}")
        width, height = self.pixels
        if self.fmt == "png" and width * height > MAX_PIXELS:
            raise ExportError(f"size: {self.width}x{self.height} px at scale {self.scale:g} is {width}x{height} px, "
                              f"{width * height / 1e6:,.0f} million pixels; a PNG holds at most "
                              f"{MAX_PIXELS / 1e6:,.0f} million (16384x16384): lower the size or the scale")
        if self.bbox is not None:
            west, south, east, north = self.bbox
            if not (-180 <= west < east <= 180 and -85 <= south < north <= 85):
                raise ExportError(f"bbox: {','.join(f'{v:g}' for v in self.bbox)} is not west,south,east,north "
                                  "with -180 <= west < east <= 180 and -85 <= south < north <= 85")
        return self


@dataclass(frozen=True)
class ExportJob:
    """A spec checked against the data: what ``prepare`` returns and the renderers take."""

    spec: ExportSpec
    view: View


def prepare(table: EventTable, spec: ExportSpec) -> ExportJob:
    """Check the spec and its view once, before anything is rendered."""
    view = view_of(table, spec.state)
    if spec.ids:
        view = replace(view, filters=replace(view.filters, ids=tuple(spec.ids)))
        if shown_frame(table, view).empty:
            raise ExportError("selection: none of the selected events is in the view; clear the selection")
    return ExportJob(spec.checked(), view)


def view_of(table: EventTable, state: str) -> View:
    """The view a query string describes, refusing what the app would silently ignore."""
    decoded, problems = decode_strict(state)
    categories = list(table.head.categories)
    unknown = [c for c in decoded["categories"] if c not in categories]
    if unknown:
        problems.append(f"cat: unknown categor{'ies' if len(unknown) > 1 else 'y'} {', '.join(unknown)} "
                        f"(one of {', '.join(categories)})")
    if decoded["selected"] and decoded["selected"] not in set(table.frame["id"]):
        problems.append(f"sel: no event has the id {decoded['selected']!r}")
    if problems:
        raise ExportError("state: " + "; ".join(problems))
    view = View.from_state(decoded)
    if shown_frame(table, view).empty:
        raise ExportError(f"state: the view shows no events ({view.filters.describe()}); loosen the filters")
    return view


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """'west,south,east,north' in degrees (spaces allowed), or None when empty; ExportError otherwise."""
    if not value or not value.strip():
        return None
    try:
        numbers = tuple(float(part) for part in value.replace(" ", ",").split(",") if part)
    except ValueError:
        numbers = ()
    if len(numbers) != 4:
        raise ExportError(f"bbox: {value!r} is not four numbers west,south,east,north (e.g. 44,23,76,40)")
    return numbers  # type: ignore[return-value]


def _number(key: str, value: object, kind: type[int] | type[float]) -> int | float:
    try:
        return kind(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        raise ExportError(f"{key}: {value!r} is not {'a whole number of px' if kind is int else 'a number'}") from None


def _bbox(value: object) -> tuple[float, float, float, float] | None:
    if not isinstance(value, list | tuple):
        return parse_bbox(str(value))
    try:
        numbers = tuple(float(part) for part in value)
    except (TypeError, ValueError):
        numbers = ()
    if len(numbers) != 4:
        raise ExportError(f"bbox: {value!r} is not four numbers west,south,east,north (e.g. 44,23,76,40)")
    return numbers  # type: ignore[return-value]


def _ids(value: object) -> tuple[str, ...] | None:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise ExportError(f"ids: {value!r} is not a list of event ids")
    return tuple(str(event) for event in value) or None


def file_name(spec: ExportSpec) -> str:
    """Says what the file shows: what, the state's keys and values, size and scale."""
    state = re.sub(r"[^A-Za-z0-9_.-]+", "_", spec.state.lstrip("?")).strip("_")[:80]
    scale = f"@{spec.scale:g}x" if spec.scale != 1 else ""
    bbox = "_bbox_" + "_".join(f"{v:g}" for v in spec.bbox) if spec.bbox else ""
    selection = f"_{len(spec.ids)}_selected" if spec.ids else ""
    return (f"{spec.what}{'_' + state if state else '_all'}{selection}{bbox}_{spec.width}x{spec.height}{scale}"
            f".{spec.fmt}")
