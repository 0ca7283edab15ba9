"""Publication exports: PNG, SVG and PDF through kaleido, and standalone offline HTML, of exactly a view.

Figures come from the same builders as the app (``dashboard.state.view``); exports only restyle them for
paper (no range slider, a title, a caption saying what is shown, credits and the data's version).
Many images are rendered through one browser session (kaleido's sync server), not one browser each.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, replace
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from dashboard.figures.style import FONT, INK, MUTED, text
from dashboard.model.loading import EventTable
from dashboard.state.filters import Filters
from dashboard.state.url import decode_strict
from dashboard.state.view import View, map_figure, shown_frame, timeline_figure

WHATS = ("map", "timeline", "composite")
IMAGE_FORMATS = ("png", "svg", "pdf")
FORMATS = (*IMAGE_FORMATS, "html")
PRESETS = {  # name: (width, height, label) in CSS pixels; scale multiplies for print resolution
    "slide": (1600, 900, "16:9 slide"),
    "a4-column": (960, 1280, "A4 column (portrait)"),
    "square": (1080, 1080, "Square social card"),
}
MAX_SIDE = 5000
LEGEND_X = 0.8  # composite: the map takes the left four fifths, its legend the rest
INSTALL_CHROME = ("No Chrome or Chromium was found for image export. On Debian: apt-get install -y chromium "
                  "(./dev run does it); elsewhere install Chrome, or set BROWSER_PATH to a Chromium-based browser.")


class ExportError(Exception):
    """An export that cannot be made; the message says why and what would work."""


@dataclass(frozen=True)
class ExportSpec:
    what: str = "composite"
    fmt: str = "png"
    width: int = 1600
    height: int = 900
    scale: float = 1.0
    state: str = ""

    def checked(self) -> ExportSpec:
        if self.what not in WHATS:
            raise ExportError(f"what: {self.what!r} is not one of {', '.join(WHATS)}")
        if self.fmt not in FORMATS:
            raise ExportError(f"format: {self.fmt!r} is not one of {', '.join(FORMATS)}")
        if not (100 <= self.width <= MAX_SIDE and 100 <= self.height <= MAX_SIDE):
            raise ExportError(f"size: {self.width}x{self.height} px is outside 100..{MAX_SIDE} px on each side")
        if not 1 <= self.scale <= 4:
            raise ExportError(f"scale: {self.scale} is outside 1..4")
        return self


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


def caption(table: EventTable, view: View) -> str:
    shown = len(shown_frame(table, view))
    outside = sum(source.kind == "outside" for source in table.head.sources.values())
    articles = sum(source.kind == "article" for source in table.head.sources.values())
    window = _window_text(view.filters)
    return (f"{shown} of {len(table.frame)} events · {window} · filters: {_filter_text(view.filters)}<br>"
            f"Sources: {articles} articles and {outside} outside sources, cited per event · Map: Natural Earth 1:10m<br>"
            f"Data: {table.path.name} version {table.head.meta.version or '–'}, content hash {table.version}")


def _window_text(filters: Filters) -> str:
    if not filters.start and not filters.end:
        return "whole period"
    return f"{filters.start or '…'} to {filters.end or '…'}"


def _filter_text(filters: Filters) -> str:
    described = replace(filters, start=None, end=None).describe()
    return "none" if described == "all events" else described


def export_figure(table: EventTable, spec: ExportSpec, camera: tuple[dict, float] | None = None) -> go.Figure:
    """The figure for ``spec``: the app's own map or timeline, or both in one composite, styled for paper."""
    view = view_of(table, spec.state)
    if spec.what == "map":
        figure = _titled(map_figure(table, view, camera), table, view, spec)
    elif spec.what == "timeline":
        figure = _titled(_with_category_legend(_static_timeline(timeline_figure(table, view)), table), table, view, spec)
    else:
        figure = composite_figure(table, view, spec, camera)
    return figure


def _static_timeline(figure: go.Figure) -> go.Figure:
    figure.update_xaxes(rangeslider_visible=False)
    return figure


def _with_category_legend(figure: go.Figure, table: EventTable) -> go.Figure:
    """On its own, the timeline needs the colour key the map's legend gives in the app."""
    for trace in figure.data:
        trace.showlegend = False
    for category in table.head.categories.values():
        figure.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=category.label, showlegend=True,
                                    marker={"color": category.colour, "size": 11}, hoverinfo="skip"), row=1, col=1)
    figure.update_layout(showlegend=True, legend={"x": 1.01, "y": 1, "xanchor": "left", "yanchor": "top",
                                                   "font": {"size": 12}, "title": {"text": "Category"}})
    return figure


def _titled(figure: go.Figure, table: EventTable, view: View, spec: ExportSpec) -> go.Figure:
    figure.update_layout(
        width=spec.width, height=spec.height, paper_bgcolor="white",
        title={"text": f"<b>{text(table.head.meta.title)}</b>", "x": 0.01, "xanchor": "left", "y": 0.985,
               "font": {"size": 20, "color": INK}},
        margin={"t": 64, "b": 124, "l": 16, "r": 260 if spec.what == "timeline" else 16},
    )
    figure.add_annotation(text=text(caption(table, view)).replace("&lt;br&gt;", "<br>"), xref="paper", yref="paper",
                          x=0, y=0, xanchor="left", yanchor="top", yshift=-48, showarrow=False, align="left",
                          font={"size": 11, "color": MUTED, "family": FONT}, name="caption")
    return figure


def composite_figure(table: EventTable, view: View, spec: ExportSpec,
                     camera: tuple[dict, float] | None = None) -> go.Figure:
    """Map above, timeline and its strip below, one legend, title and caption: a finished figure."""
    the_map = map_figure(table, view, camera)
    timeline = _static_timeline(timeline_figure(table, view))
    figure = make_subplots(rows=3, cols=1, specs=[[{"type": "map"}], [{"type": "xy"}], [{"type": "xy"}]],
                           row_heights=[0.56, 0.34, 0.10], vertical_spacing=0.05, shared_xaxes=False)
    for trace in the_map.data:
        figure.add_trace(trace, row=1, col=1)
    for trace in timeline.data:
        trace.showlegend = False  # the map's legend names the categories once
        figure.add_trace(trace, row=3 if trace.name == "strip" else 2, col=1)
    figure.layout.map.update({k: v for k, v in the_map.layout.map.to_plotly_json().items() if k != "domain"})
    figure.layout.map.domain.x = [0, LEGEND_X - 0.02]
    for axis in ("xaxis", "xaxis2", "yaxis", "yaxis2"):
        settings = {k: v for k, v in timeline.layout[axis].to_plotly_json().items() if k not in ("domain", "anchor")}
        figure.layout[axis].update(settings)
    figure.update_xaxes(matches="x")
    figure.update_layout(
        shapes=[{**shape.to_plotly_json(), "yref": "y domain"} for shape in timeline.layout.shapes],
        annotations=[{**a.to_plotly_json(), "yref": "y domain"} for a in timeline.layout.annotations],
        legend={**the_map.layout.legend.to_plotly_json(), "x": LEGEND_X, "y": 1.0, "yanchor": "top", "xanchor": "left"},
        font=the_map.layout.font, plot_bgcolor="white", paper_bgcolor="white",
        showlegend=True, bargap=0.0,
    )
    return _titled(figure, table, view, spec)


def file_name(spec: ExportSpec) -> str:
    """Says what the file shows: what, the state's keys and values, size and scale."""
    state = re.sub(r"[^A-Za-z0-9_.-]+", "_", spec.state.lstrip("?")).strip("_")[:80]
    scale = f"@{spec.scale:g}x" if spec.scale != 1 else ""
    return f"{spec.what}{'_' + state if state else '_all'}_{spec.width}x{spec.height}{scale}.{spec.fmt}"


def standalone_html(figure: go.Figure, title: str) -> str:
    """One file, plotly.js inline: opens offline, with no server, still interactive."""
    figure = go.Figure(figure)
    figure.update_layout(width=None, height=None, autosize=True)
    return pio.to_html(figure, include_plotlyjs=True, full_html=True, default_width="100%", default_height="100vh",
                       config={"responsive": True, "displaylogo": False}, div_id="figure",
                       ).replace("<head>", f"<head><title>{text(title)}</title>", 1)


def find_chrome() -> str:
    """kaleido's own browser discovery; fail fast with how to install one when there is none."""
    from choreographer.browsers.chromium import Chromium

    path = Chromium.find_browser(skip_local=False)
    if not path or not os.access(path, os.X_OK):  # BROWSER_PATH is taken as given, so check it runs
        raise ExportError(INSTALL_CHROME + (f" ({path} is not an executable)" if path else ""))
    return path


class ImageSession:
    """One browser for many images (kaleido's sync server), closed when the batch is done."""

    def __enter__(self) -> ImageSession:
        import kaleido

        find_chrome()
        kaleido.start_sync_server(silence_warnings=True)
        return self

    def __exit__(self, *exc) -> None:
        import kaleido

        kaleido.stop_sync_server(silence_warnings=True)

    def render(self, figure: go.Figure, spec: ExportSpec) -> bytes:
        try:
            return pio.to_image(figure, format=spec.fmt, width=spec.width, height=spec.height, scale=spec.scale)
        except Exception as exc:  # kaleido reports browser and rendering failures in many types
            raise ExportError(f"rendering failed: {type(exc).__name__}: {exc}") from exc


_APP_RENDER_LOCK = threading.Lock()


def render_for_app(table: EventTable, spec: ExportSpec, camera: tuple[dict, float] | None) -> bytes:
    """One export from the running app, one at a time. Each opens and closes its own browser: a session kept
    open across requests left Chromium's helper threads blocking interpreter exit (seen under pytest)."""
    with _APP_RENDER_LOCK:
        return render_bytes(table, spec, camera)


def render_bytes(table: EventTable, spec: ExportSpec, camera: tuple[dict, float] | None = None,
                 session: ImageSession | None = None) -> bytes:
    """The exported file's content for one spec."""
    spec = spec.checked()
    figure = export_figure(table, spec, camera)
    if spec.fmt == "html":
        return standalone_html(figure, table.head.meta.title).encode("utf-8")
    if session is not None:
        return session.render(figure, spec)
    with ImageSession() as own:
        return own.render(figure, spec)


def export_many(table: EventTable, specs: Iterable[ExportSpec], out: Path,
                progress: Callable[[Iterable, str], object] | None = None) -> list[Path]:
    """Write every spec into ``out`` through one browser session; returns the files written."""
    specs = [spec.checked() for spec in specs]
    for spec in specs:
        view_of(table, spec.state)  # refuse a bad state before any rendering starts
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    needs_browser = any(spec.fmt in IMAGE_FORMATS for spec in specs)
    with (ImageSession() if needs_browser else nullcontext() as session,
          progress(specs, "Exporting") if progress else nullcontext(specs) as bar):
        for spec in bar:
            path = out / file_name(spec)
            path.write_bytes(render_bytes(table, spec, session=session))
            written.append(path)
    return written
