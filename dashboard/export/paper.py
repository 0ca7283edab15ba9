"""The app's own figures restyled for paper: no range slider, a title, a caption saying what is shown,
credits and the data's version; the composite puts map and timeline on one page under one legend."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.export.spec import ExportJob, ExportSpec
from dashboard.figures.style import FONT, INK, MUTED, text
from dashboard.figures.views import Camera, map_figure, timeline_figure
from dashboard.model.loading import EventTable
from dashboard.model.schema import SOURCE_KINDS
from dashboard.state.filters import Filters
from dashboard.state.view import View, shown_frame

LEGEND_X = 0.8  # composite: the map takes the left four fifths, its legend the rest


def export_figure(table: EventTable, job: ExportJob, camera: Camera | None = None) -> go.Figure:
    """The figure for ``job``: the app's own map or timeline, or both in one composite, styled for paper."""
    spec, view = job.spec, job.view
    if spec.what == "map":
        return _titled(map_figure(table, view, camera), table, view, spec)
    if spec.what == "timeline":
        return _titled(_with_category_legend(_static_timeline(timeline_figure(table, view)), table), table, view, spec)
    return composite_figure(table, view, spec, camera)


def caption(table: EventTable, view: View) -> str:
    shown = len(shown_frame(table, view))
    kinds = Counter(source.kind for source in table.head.sources.values())
    sources = ", ".join(f"{kinds[kind]} {label}{'s' if kinds[kind] != 1 else ''}"
                        for kind, label in SOURCE_KINDS.items() if kinds[kind])
    window = _window_text(view.filters)
    return (f"{shown} of {len(table.frame)} events · {window} · filters: {_filter_text(view.filters)}<br>"
            f"Sources: {sources or 'none'}, cited per event · Map: Natural Earth 1:10m · Places: GeoNames (CC BY 4.0)<br>"
            f"Data: {table.path.name} version {table.head.meta.version or '–'}, content hash {table.version}")


def _window_text(filters: Filters) -> str:
    if not filters.start and not filters.end:
        return "whole period"
    return f"{filters.start or '…'} to {filters.end or '…'}"


def _filter_text(filters: Filters) -> str:
    described = replace(filters, start=None, end=None).describe()
    return "none" if described == "all events" else described


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


def composite_figure(table: EventTable, view: View, spec: ExportSpec, camera: Camera | None = None) -> go.Figure:
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
