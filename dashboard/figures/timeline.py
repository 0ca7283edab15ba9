"""The timeline: events in lanes over time, spans as bars, phases as bands, links, a daily strip.

Traces in the fixed order of ``TimelineTrace`` (one per layer, whatever the number of events), so
callbacks patch the selection ring or the data without resending the layout.
"""

from __future__ import annotations

import datetime as dt
from enum import IntEnum

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.figures.style import FONT, GRID, INK, MUTED, SELECTION, hover_text, text

LABEL_CHARS = 30
MAX_LABELS = 14
LABEL_WIDTH = 0.22  # share of the plot a 30-character label takes at the usual width
GL_THRESHOLD = 2000  # above this many events, markers use WebGL
PHASE_FILLS = ("rgba(0, 114, 178, 0.07)", "rgba(213, 94, 0, 0.07)", "rgba(0, 158, 115, 0.08)", "rgba(204, 121, 167, 0.08)")
DAY = pd.Timedelta(days=1)


class TimelineTrace(IntEnum):
    PHASE_LEGEND = 0
    SPANS = 1
    LINKS = 2
    EVENTS = 3
    LABELS = 4
    SELECTION = 5
    STRIP = 6


def lane_of(frame: pd.DataFrame, mode: str, countries: dict[str, str] | None = None) -> pd.Series:
    """The lane each event sits in: its category, the country of its point, or its first actor."""
    if mode == "country":
        return frame["point_country"].map(lambda code: (countries or {}).get(code, code) if code else "Unknown")
    if mode == "actor":
        return frame["actors"].map(lambda actors: actors[0] if actors else "Unknown")
    return frame["category_label"]


def lane_order(frame: pd.DataFrame, lanes: pd.Series, mode: str, category_labels: list[str]) -> list[str]:
    present = list(dict.fromkeys(lanes))
    if mode == "category":
        return [label for label in category_labels if label in present]
    first_seen = frame.assign(lane=lanes.values).groupby("lane")["date"].min().sort_values()
    return list(first_seen.index)


def positions(frame: pd.DataFrame, lanes: pd.Series, order: list[str]) -> pd.Series:
    """y of each event: its lane row, events on the same day and lane fanned out so none hides another."""
    base = lanes.map({lane: len(order) - 1 - i for i, lane in enumerate(order)}).astype(float)
    group = [lanes.values, frame["date"].values]
    rank = frame.groupby(group).cumcount()
    size = frame.groupby(group)["id"].transform("size")
    spread = 0.6 / size.clip(lower=1)
    return base + (rank - (size - 1) / 2) * spread.clip(upper=0.22)


def lanes_and_y(frame: pd.DataFrame, lanes: str, categories: dict,
                countries: dict[str, str] | None = None) -> tuple[list[str], pd.Series]:
    """The lanes in display order and the y of every event."""
    lane_labels = lane_of(frame, lanes, countries)
    order = lane_order(frame, lane_labels, lanes, [c.label for c in categories.values()])
    return order, positions(frame, lane_labels, order) if len(frame) else pd.Series(dtype=float)


def marker_positions(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """(x of each event's marker, whether it is a single day): mid-day, or the middle of a span."""
    day_events = frame["date_precision"].eq("day") & frame["date_end_text"].isna()
    middle = frame["date"] + (frame["date_end"] + DAY - frame["date"]) / 2
    return (frame["date"] + DAY / 2).where(day_events, middle), day_events


def build_timeline(frame: pd.DataFrame, *, categories: dict, phases: list, lanes: str = "category",
                   strip: str = "count", selected: str | None = None,
                   window: tuple[dt.date | None, dt.date | None] = (None, None),
                   countries: dict[str, str] | None = None, total_events: int | None = None) -> go.Figure:
    """The whole timeline figure for the (already filtered) frame."""
    order, y = lanes_and_y(frame, lanes, categories, countries)
    figure = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.8, 0.2], vertical_spacing=0.04)
    start, end = _extent(frame, phases)
    x_range = [window[0] or start, window[1] or end]
    axis_days = (pd.Timestamp(x_range[1]) - pd.Timestamp(x_range[0])) / DAY
    for trace in timeline_traces(frame, y, strip=strip, selected=selected, axis_days=axis_days,
                                 gl=(total_events or len(frame)) > GL_THRESHOLD):
        figure.add_trace(trace, row=2 if trace.name == "strip" else 1, col=1)
    figure.update_layout(
        font={"family": FONT, "color": INK, "size": 13},
        margin={"l": 8, "r": 12, "t": 48, "b": 8},
        plot_bgcolor="white", paper_bgcolor="white",
        showlegend=False, hovermode="closest", clickmode="event", dragmode="zoom",
        hoverlabel={"font": {"family": FONT, "size": 13}, "bgcolor": "white"},
        uirevision="timeline",
        shapes=phase_shapes(phases),
        annotations=phase_annotations(phases, end),
        bargap=0.0,
    )
    # Both rows share one x range (make_subplots ties them); set it on both so either can be read back.
    figure.update_xaxes(range=[_day(x_range[0]), _day(x_range[1], end=True)])
    figure.update_xaxes(type="date", gridcolor=GRID,
                        showspikes=True, spikemode="across", spikethickness=1, spikecolor=MUTED, spikedash="dot",
                        tickformat="%-d %b\n%Y", row=1, col=1)
    figure.update_xaxes(type="date", gridcolor=GRID, tickformat="%-d %b\n%Y", row=2, col=1,
                        rangeslider={"visible": True, "thickness": 0.07, "bgcolor": "#f6f8fa"})
    figure.update_yaxes(tickvals=list(range(len(order))), ticktext=[text(label) for label in reversed(order)],
                        range=[-0.7, max(len(order), 1) - 0.3], gridcolor=GRID, zeroline=False, fixedrange=True,
                        automargin=True, row=1, col=1)
    figure.update_yaxes(title={"text": "events/day" if strip == "count" else "casualties/day", "font": {"size": 11}},
                        gridcolor=GRID, fixedrange=True, rangemode="tozero", row=2, col=1, nticks=3)
    return figure


def timeline_traces(frame: pd.DataFrame, y: pd.Series, *, strip: str, selected: str | None, gl: bool,
                    axis_days: float) -> list:
    """The data layers, in ``TimelineTrace`` order."""
    xs, day_events = marker_positions(frame)
    ids = frame["id"].tolist()
    selected_index = ids.index(selected) if selected in ids else None
    scatter = go.Scattergl if gl else go.Scatter
    spans = frame[~day_events]
    return [
        go.Scatter(x=[None], y=[None], name="phases", hoverinfo="skip", showlegend=False),
        go.Bar(
            base=spans["date"].dt.strftime("%Y-%m-%d").tolist(),
            x=[(e + DAY - s).total_seconds() * 1000 for s, e in zip(spans["date"], spans["date_end"], strict=True)],
            y=y[~day_events].tolist(), orientation="h", width=0.34,
            marker={"color": spans["colour"].tolist(), "opacity": 0.55, "line": {"width": 0}},
            customdata=spans["id"].tolist(), hovertext=hover_text(spans), hoverinfo="text", name="spans",
        ),
        links_trace(frame, xs, y),
        scatter(
            x=xs.tolist(), y=y.tolist(), mode="markers",
            # Spans are drawn by their bars; their (invisible) marker keeps one point per event for selection.
            marker={"color": frame["colour"].tolist(), "size": [_marker_size(len(frame)) if d else 0 for d in day_events],
                    "line": {"width": 1, "color": "white"},
                    "symbol": ["circle-open" if s == "planned" else "circle" for s in frame["status"]], "opacity": 1.0},
            customdata=ids, hovertext=hover_text(frame), hoverinfo="text", name="events",
            selectedpoints=[selected_index] if selected_index is not None else None,
            unselected={"marker": {"opacity": 0.35}},
        ),
        labels_trace(frame, xs, y, axis_days),
        selection_trace(xs, y, selected_index),
        strip_trace(frame, strip),
    ]


def selection_trace(xs: pd.Series, y: pd.Series, index: int | None) -> go.Scatter:
    """An open ring around the selected event."""
    chosen = [index] if index is not None else []
    return go.Scatter(x=xs.iloc[chosen].tolist(), y=y.iloc[chosen].tolist(), mode="markers", hoverinfo="skip", name="selected",
                      marker={"size": 24, "color": "rgba(0,0,0,0)", "line": {"width": 3, "color": SELECTION}})


def labels_trace(frame: pd.DataFrame, marker_x: pd.Series, y: pd.Series, axis_days: float) -> go.Scatter:
    """Short labels for the key events, placed so no two overlap in a lane."""
    chosen = key_events(frame, marker_x, y, axis_days)
    positions_ = [position for position, _ in chosen]
    titles = [_short(title) for title in frame["title"].iloc[positions_]]
    return go.Scatter(x=marker_x.iloc[positions_].tolist(), y=(y.iloc[positions_] + 0.32).tolist(), mode="text",
                      text=[text(t) for t in titles], textposition=[anchor for _, anchor in chosen],
                      textfont={"size": 11, "color": INK}, hoverinfo="skip", name="labels")


def key_events(frame: pd.DataFrame, marker_x: pd.Series, y: pd.Series, axis_days: float) -> list[tuple[int, str]]:
    """(position, text anchor) of the events worth a label: most casualties and cross-border first.

    Labels near the right end grow leftwards and near the left end rightwards so none is cut off; a label
    is kept only if its extent does not meet an already placed label in the same lane.
    """
    if frame.empty:
        return []
    importance = (frame["killed"].fillna(0).astype(float) + frame["injured"].fillna(0).astype(float)
                  + 25 * frame["crossed_border"].fillna(False).astype(float) + 5 * frame["responds_to"].map(bool))
    days = ((marker_x - marker_x.min()) / DAY).reset_index(drop=True)
    span = max(float(days.max()), 1.0)
    width = max(axis_days, span) * LABEL_WIDTH
    placed: list[tuple[int, float, float, int]] = []  # position, left, right, lane
    anchors: dict[int, str] = {}
    for position in importance.reset_index(drop=True).sort_values(ascending=False, kind="stable").index[:200]:
        x, lane = float(days.iloc[position]), round(float(y.iloc[position]))
        share = x / span
        anchor, grow_left = ("middle left", 1.0) if share > 0.8 else ("middle right", 0.0) if share < 0.2 \
            else ("middle center", 0.5)
        left, right = x - width * grow_left, x + width * (1 - grow_left)
        if all(other_lane != lane or right <= other_left or left >= other_right
               for _, other_left, other_right, other_lane in placed):
            placed.append((position, left, right, lane))
            anchors[position] = anchor
        if len(placed) >= MAX_LABELS:
            break
    return sorted(anchors.items())


def links_trace(frame: pd.DataFrame, marker_x: pd.Series, y: pd.Series) -> go.Scatter:
    """Connectors from each event to the events it responds to or is related to, both shown."""
    where = {event_id: i for i, event_id in enumerate(frame["id"])}
    xs: list = []
    ys: list = []
    for i, (responds, related) in enumerate(zip(frame["responds_to"], frame["related"], strict=True)):
        for other in [*responds, *related]:
            j = where.get(other)
            if j is not None:
                xs += [marker_x.iloc[j], marker_x.iloc[i], None]
                ys += [y.iloc[j], y.iloc[i], None]
    return go.Scatter(x=xs, y=ys, mode="lines", line={"color": "#6e7781", "width": 1.4, "dash": "dot"},
                      hoverinfo="skip", name="links")


def strip_trace(frame: pd.DataFrame, strip: str) -> go.Bar:
    """Events (or killed + injured) per day, day-dated events only: a month-only date has no day."""
    daily = frame[frame["date_precision"].eq("day")]
    values = (daily["killed"].fillna(0).astype(float) + daily["injured"].fillna(0).astype(float)
              if strip == "casualties" else pd.Series(1.0, index=daily.index))
    per_day = values.groupby(daily["date"]).sum()
    return go.Bar(x=(per_day.index + DAY / 2).tolist(), y=per_day.tolist(), width=DAY.total_seconds() * 1000 * 0.8,
                  marker={"color": "#57606a"}, hovertemplate="%{x|%-d %b %Y}: %{y}<extra></extra>", name="strip")


def phase_shapes(phases: list) -> list[dict]:
    return [{"type": "rect", "xref": "x", "yref": "paper", "x0": _day(p.start.first), "x1": _day(p.end.last, end=True),
             "y0": 0, "y1": 1, "fillcolor": PHASE_FILLS[i % len(PHASE_FILLS)], "line": {"width": 0}, "layer": "below"}
            for i, p in enumerate(phases)]


def phase_annotations(phases: list, axis_end: dt.date | None = None) -> list[dict]:
    """Phase names above their bands, alternating two rows so short neighbouring phases do not collide;
    a phase ending at the right edge is named from its end so the name is not cut off."""
    annotations = []
    for i, phase in enumerate(phases):
        at_edge = axis_end is not None and phase.end.last >= axis_end - dt.timedelta(days=2)
        annotations.append({
            "x": _day(phase.end.last, end=True) if at_edge else _day(phase.start.first),
            "xanchor": "right" if at_edge else "left",
            "xref": "x", "y": 1.0, "yref": "paper", "yanchor": "bottom", "yshift": 16 * (i % 2),
            "text": f"<b>{text(phase.label)}</b>", "showarrow": False, "font": {"size": 12, "color": MUTED},
        })
    return annotations


def parse_window(relayout: dict | None) -> tuple[str | None, str | None] | None:
    """The time window from a timeline relayout event; (None, None) when reset; None when not about time."""
    if not relayout:
        return None
    if relayout.get("xaxis.autorange") or relayout.get("xaxis2.autorange"):
        return None, None
    for axis in ("xaxis", "xaxis2"):
        lo, hi = relayout.get(f"{axis}.range[0]"), relayout.get(f"{axis}.range[1]")
        if lo is None and isinstance(relayout.get(f"{axis}.range"), list):
            lo, hi = relayout[f"{axis}.range"]
        if lo is not None and hi is not None:
            return str(lo)[:10], str(hi)[:10]
    return None


def _extent(frame: pd.DataFrame, phases: list) -> tuple[dt.date, dt.date]:
    starts = [d.date() for d in frame["date"]] + [p.start.first for p in phases]
    ends = [d.date() for d in frame["date_end"]] + [p.end.last for p in phases]
    if not starts:
        today = dt.date.today()
        return today - dt.timedelta(days=30), today
    return min(starts) - dt.timedelta(days=1), max(ends) + dt.timedelta(days=1)


def _day(value, end: bool = False) -> str:
    day = pd.Timestamp(value)
    return (day + DAY if end else day).strftime("%Y-%m-%d")


def _marker_size(events: int) -> int:
    """Smaller markers as events crowd in, so thousands stay readable as a density."""
    return 13 if events <= 500 else 8 if events <= 3000 else 5


def _short(title: str) -> str:
    return title if len(title) <= LABEL_CHARS else title[: LABEL_CHARS - 1].rstrip() + "…"
