"""What an export is: the figure, format, size and view it shows, checked once, and the file name it gets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from dashboard.model.loading import EventTable
from dashboard.state.url import decode_strict
from dashboard.state.view import View, shown_frame

WHATS = ("map", "timeline", "composite")
IMAGE_FORMATS = ("png", "svg", "pdf")
FORMATS = (*IMAGE_FORMATS, "html")
MIN_SIDE, MAX_SIDE = 100, 5000
MIN_SCALE, MAX_SCALE = 1, 4


class Preset(NamedTuple):
    width: int
    height: int
    label: str


PRESETS = {  # CSS pixels; scale multiplies them for print resolution
    "slide": Preset(1600, 900, "16:9 slide"),
    "a4-column": Preset(960, 1280, "A4 column (portrait)"),
    "square": Preset(1080, 1080, "Square social card"),
}
DEFAULT_PRESET = "slide"


class ExportError(Exception):
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

    def checked(self) -> ExportSpec:
        if self.what not in WHATS:
            raise ExportError(f"what: {self.what!r} is not one of {', '.join(WHATS)}")
        if self.fmt not in FORMATS:
            raise ExportError(f"format: {self.fmt!r} is not one of {', '.join(FORMATS)}")
        if not (MIN_SIDE <= self.width <= MAX_SIDE and MIN_SIDE <= self.height <= MAX_SIDE):
            raise ExportError(f"size: {self.width}x{self.height} px is outside {MIN_SIDE}..{MAX_SIDE} px on each side")
        if not MIN_SCALE <= self.scale <= MAX_SCALE:
            raise ExportError(f"scale: {self.scale} is outside {MIN_SCALE}..{MAX_SCALE}")
        return self


@dataclass(frozen=True)
class ExportJob:
    """A spec checked against the data: what ``prepare`` returns and the renderers take."""

    spec: ExportSpec
    view: View


def prepare(table: EventTable, spec: ExportSpec) -> ExportJob:
    """Check the spec and its view once, before anything is rendered."""
    return ExportJob(spec.checked(), view_of(table, spec.state))


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


def file_name(spec: ExportSpec) -> str:
    """Says what the file shows: what, the state's keys and values, size and scale."""
    state = re.sub(r"[^A-Za-z0-9_.-]+", "_", spec.state.lstrip("?")).strip("_")[:80]
    scale = f"@{spec.scale:g}x" if spec.scale != 1 else ""
    return f"{spec.what}{'_' + state if state else '_all'}_{spec.width}x{spec.height}{scale}.{spec.fmt}"
