"""The timeline: events in lanes over time, spans as bars, phases as bands, links, a daily strip.

Traces in the fixed order of ``TimelineTrace`` (one per layer, whatever the number of events), so
callbacks patch the selection ring or the data without resending the layout.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from dataclasses import dataclass, field, replace
from enum import IntEnum
from typing import NamedTuple

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.date_ticks import date_ticks
from dashboard.figures.density import daily_counts, is_dense
from dashboard.figures.fonts import FONT
from dashboard.figures.measure import LINE_HEIGHT, shortened, text_width
from dashboard.figures.style import BACKGROUND, DISPUTED, GRID, INK, MUTED, SELECTION, alternatives, hover_text, text
from dashboard.figures.timeline_labels import GAP_PX, LABEL_PX, PlotBox, TimelineLabel, place_labels
from dashboard.model.table import row_of
from dashboard.state.filters import facets
from dashboard.state.modes import Lanes, Links, Strip

WHISKER_PX = 2.5  # the thin bar over the month a month-only event lies in
MONTH_ONLY_DAYS = 2  # a month-only event holds this many days either side of mid-month on a broken axis
MIN_BREAK_DAYS = 7
BREAK_SHARE = 0.15
APP_PLOT_PX = (1100.0, 236.0)  # the app's timeline plot (events row) at a 1440 px window: titles are laid out for it
GL_THRESHOLD = 2000  # above this many events, markers use WebGL
DENSE_MARK_PX = (2.0, 16.0)  # a lane-day bar of a timeline of counts: a day wide, within these bounds
KEY_GROUP = "timeline-key"  # the legend group of the timeline's own keys (its encodings beyond category colours)
# The app's rows, in paper fractions: the events over the daily strip (80:20 of the height, 4 % apart).
APP_ROWS = ({"x": [0.0, 1.0], "y": [0.232, 1.0]}, {"x": [0.0, 1.0], "y": [0.0, 0.192]})
PHASE_FILLS = ("rgba(0, 114, 178, 0.07)", "rgba(213, 94, 0, 0.07)", "rgba(0, 158, 115, 0.08)", "rgba(204, 121, 167, 0.08)")
DAY = pd.Timedelta(days=1)
STRIP_TITLE_SHIFT_PX = 30  # a printed strip's title, left of its axis: past its tick labels (a few digits)
PHASE_PX, PHASE_ROW_PX, PHASE_ROWS, PHASE_GAP_PX = 12, 16, 2, 10  # phase names: size, rows above the plot, spacing
MARKER_PX = (5.0, 7.0, 9.0, 11.0, 13.0)  # the sizes a timeline's markers may take, smallest first
LANE_BAND = 0.92  # of a lane's height its markers may spread over (the rest keeps lanes apart)
HIDDEN_SHARE = 0.1  # of the events, at most, a timeline's markers may leave counted in "+N" before they shrink
TICK_FONT_PX = 13.0  # the figure's font: its axes' labels
# A figure of known size (an embed's frame): its lanes' names take at most this share of its width beside their
# lanes; longer, they go above their lanes (where the lanes have the height), else they are shortened.
NAME_SHARE = 0.22
NAME_PX = 11.0
MIN_NAME_PX = 9.0  # the smallest a lane's name beside its lane is set in
STRIP_TITLE_PX = 11.0
TEXT_BOX = 1.4  # the height of a line of text as the browser boxes it, in its size (Noto's ascent and descent)
NAME_LINE_PX = NAME_PX * LINE_HEIGHT + 2  # the line a lane's name takes above its markers
NAME_STANDOFF_PX = 8.0  # between a lane's name and the plot, as plotly sets a tick label
PLOT_PX_MIN = 60.0  # the narrowest plot a timeline is laid out for


@dataclass(frozen=True)
class Frame:
    """A figure's size as the browser drew it (an embed's), and whether its lanes' names were drawn above their
    lanes: a timeline laid out for it sets its lanes' names and names its dates for that size."""

    width: float
    height: float
    names_above: bool = False


class TimelineTrace(IntEnum):
    PHASE_LEGEND = 0
    SPANS = 1
    LINKS = 2
    DISPUTED_DATES = 3
    EVENTS = 4
    LABEL_LEADERS = 5
    LABELS = 6
    STACKS = 7  # "+N" beside a lane's crowded day: the events it could not draw apart
    SELECTION = 8
    STRIP = 9
    BACKGROUND = 10  # ``meta.background``: its events per day, a grey line on the strip's own right-hand axis


Window = tuple[dt.date | None, dt.date | None]


@dataclass(frozen=True)
class TimelineOptions:
    """How a timeline is drawn, beside the events it shows: built once per view (``figures/views.timeline_options``)
    and passed whole to every builder."""

    categories: dict  # the file's categories (id -> Category), in the file's order
    phases: list = field(default_factory=list)
    lanes: Lanes = Lanes.CATEGORY
    strip: Strip = Strip.COUNT
    links: Links = Links.SELECTED  # the selected event's links, or all
    selected: str | None = None
    window: Window = (None, None)  # the time window shown (None: the events' own extent)
    countries: dict[str, str] | None = None  # country names by ISO code, for lanes by country
    total_events: int | None = None  # the file's, when the frame is filtered: WebGL past GL_THRESHOLD of them
    plot_px: tuple[float, float] = APP_PLOT_PX  # the events row's size: titles are laid out for it
    background: pd.DataFrame | None = None  # ``meta.background``'s events, per day on the strip's right-hand axis
    frame: Frame | None = None  # the figure's size, when the page knows it (an embed): see ``Frame``
    name_line_px: float = 0.0  # the top of each lane's band kept for its name, set above it (``fitted_to_frame``)


def lane_of(frame: pd.DataFrame, mode: Lanes, countries: dict[str, str] | None = None) -> pd.Series:
    """The lane each event sits in: its category, the country of its point, or its first actor."""
    if mode == Lanes.COUNTRY:
        return frame["point_country"].map(lambda code: (countries or {}).get(code, code) if code else "Unknown")
    if mode == Lanes.ACTOR:
        return frame["actors"].map(lambda actors: actors[0] if actors else "Unknown")
    return frame["category_label"]


def lane_order(frame: pd.DataFrame, lanes: pd.Series, mode: Lanes, category_labels: list[str]) -> list[str]:
    present = set(lanes.unique())
    if mode == Lanes.CATEGORY:
        return [label for label in category_labels if label in present]
    first_seen = frame.assign(lane=lanes.values).groupby("lane")["date"].min().sort_values()
    return list(first_seen.index)


def swarm(x_px: np.ndarray, lanes: np.ndarray, band_px: float, marker_px: float) -> np.ndarray | None:
    """Vertical offsets (px) that set markers of ``marker_px`` at ``x_px`` apart in their lanes, each as near its
    lane's middle as the markers before it (left to right) leave room for, within ``band_px``: a beeswarm. None
    when some lane cannot hold one day's markers apart in its band."""
    offsets, unplaced = _swarm(x_px, lanes, band_px, marker_px)
    return None if unplaced.any() else offsets


def _swarm(x_px: np.ndarray, lanes: np.ndarray, band_px: float, marker_px: float) -> tuple[np.ndarray, np.ndarray]:
    """``swarm``'s offsets, and which markers found no room (left on their lane's middle, unplaced). Events of
    one day stand in a column centred on the lane, as many as its band holds; a lone event takes the spot nearest
    the middle that its neighbours leave, or, when only a neighbouring day's marker (days closer than a marker)
    is in the way, the nearest spot clear of its own day's."""
    unplaced = np.zeros(len(x_px), dtype=bool)
    gap = marker_px + 1.0
    half = (band_px - marker_px) / 2
    fits = int(np.floor(2 * half / gap + 1e-9)) + 1 if half >= 0 else 0  # a day's column, at most
    offsets = np.zeros(len(x_px))
    for lane in np.unique(lanes):
        rows = np.flatnonzero(lanes == lane)
        rows = rows[np.argsort(x_px[rows], kind="stable")]
        placed: list[tuple[float, float]] = []  # (x, offset) of the markers set, left to right
        columned: set[int] = set()
        for row in rows:
            if row in columned:
                continue
            x = x_px[row]
            while placed and placed[0][0] < x - gap:  # markers a marker's width to the left no longer matter
                placed.pop(0)
            day = rows[x_px[rows] == x]
            if len(day) > 1:
                shown = min(len(day), fits)
                for k, member in enumerate(day):
                    columned.add(int(member))
                    if k < shown:
                        offsets[member] = (k - (shown - 1) / 2) * gap
                        placed.append((x, offsets[member]))
                    else:
                        unplaced[member] = True
                continue
            clear = [(dy, float(np.sqrt(gap ** 2 - (x - px) ** 2)), px == x) for px, dy in placed]
            candidates = [c for c in sorted([0.0] + [dy + s * room for dy, room, _ in clear for s in (1, -1)], key=abs)
                          if abs(c) <= half + 1e-9]
            chosen = next((c for c in candidates if all(abs(c - dy) >= room - 1e-6 for dy, room, _ in clear)),
                          next((c for c in candidates if all(abs(c - dy) >= room - 1e-6
                                                             for dy, room, same in clear if same)), None))
            if chosen is None:
                unplaced[row] = True
                continue
            offsets[row] = chosen
            placed.append((x, chosen))
    return offsets, unplaced


class Stacking(NamedTuple):
    """Where a timeline's events sit: its lanes in display order, each event's y, the markers' size (px) and which
    events a crowded day leaves without a marker of their own (counted in a "+N" beside their day's)."""

    lanes: list[str]
    y: pd.Series
    marker_px: float
    hidden: np.ndarray


def stacking(frame: pd.DataFrame, options: TimelineOptions) -> Stacking:
    """Each event in its lane, set apart from its neighbours in a beeswarm laid out for the plot's size
    (``options.plot_px``), the markers made smaller until the lanes hold all but ``HIDDEN_SHARE`` of the events
    apart (down to ``MARKER_PX[0]``); the events a crowded day still cannot hold apart are counted beside it, never
    drawn over each other. Past ``DENSE_EVENTS`` (a timeline of counts per lane and day), each on its lane's own
    row."""
    lane_labels, order = _lanes(frame, options)
    none_hidden = np.zeros(len(frame), dtype=bool)
    if not len(frame):
        return Stacking(order, pd.Series(dtype=float), MARKER_PX[-1], none_hidden)
    base = _lane_rows(lane_labels, order)
    if is_dense(len(frame)):
        return Stacking(order, base, MARKER_PX[0], none_hidden)
    xs, own_marker = marker_positions(frame)
    plot = _plot_box(frame, options, xs, own_marker, len(order))
    marked = np.flatnonzero(own_marker.to_numpy())  # a span is a bar on its lane's middle, not in the swarm
    x_px, lanes = plot.x_px(xs)[marked], base.to_numpy()[marked]
    lane_px = plot.lane_px
    offsets, hidden = np.zeros(len(frame)), none_hidden.copy()
    # A lane named above its markers keeps the top of its band for its name: its markers swarm in the rest.
    band, below_name = lane_px * LANE_BAND - options.name_line_px, options.name_line_px / 2
    for size in [s for s in MARKER_PX[::-1] if s <= _marker_size(len(frame))]:
        offsets[marked], hidden[marked] = _swarm(x_px, lanes, band, size)
        if hidden.sum() <= HIDDEN_SHARE * len(frame):  # one crowded day does not shrink every marker
            break
    return Stacking(order, base + (offsets - below_name) / lane_px, size, hidden)


def lanes_and_y(frame: pd.DataFrame, options: TimelineOptions) -> tuple[list[str], pd.Series]:
    """The lanes in display order and the y of every event (``stacking``)."""
    stacked = stacking(frame, options)
    return stacked.lanes, stacked.y


def _plot_box(frame: pd.DataFrame, options: TimelineOptions, xs: pd.Series, own_marker: pd.Series,
              lanes: int) -> PlotBox:
    """The events row of ``options.plot_px`` showing the view's window (else the events' own span, empty stretches
    broken out), ``lanes`` lanes tall."""
    if frame.empty:
        start, end = _extent(frame, options.phases)
        start, end, breaks = pd.Timestamp(start), pd.Timestamp(end) + DAY, []
    else:
        start, end, breaks = axis_plan(frame, xs, own_marker)
    window = options.window
    low = pd.Timestamp(window[0]) if window[0] else start
    high = pd.Timestamp(window[1]) + DAY if window[1] else end
    shown = tuple((a, b) for a, b in breaks if a >= low and b <= high)
    return PlotBox(*options.plot_px, low, high, *lane_range(lanes), shown)


def _lane_rows(lane_labels: pd.Series, order: list[str]) -> pd.Series:
    """The y of each lane's own row (the first lane on top), for the events whose lanes are ``lane_labels``."""
    codes = pd.Categorical(lane_labels, categories=order).codes  # vectorised: lanes are few, events many
    return pd.Series(len(order) - 1 - codes, index=lane_labels.index, dtype=float)


def _lanes(frame: pd.DataFrame, options: TimelineOptions) -> tuple[pd.Series, list[str]]:
    """(each event's lane, the lanes in display order)."""
    lane_labels = lane_of(frame, options.lanes, options.countries)
    return lane_labels, lane_order(frame, lane_labels, options.lanes, [c.label for c in options.categories.values()])


def selected_xy(frame: pd.DataFrame, position: int | None, options: TimelineOptions) -> tuple[pd.Series, pd.Series]:
    """Where the timeline draws the event at row ``position`` of ``frame`` (x, y as one-row series; empty for
    None). A timeline of counts draws every event on its lane's row, so only that row is placed (at 1,000,000
    events, placing them all took ~0.25 s of every selection)."""
    if position is None:
        return pd.Series(dtype="datetime64[ns]"), pd.Series(dtype=float)
    if not is_dense(len(frame)):
        _, y = lanes_and_y(frame, options)
        xs, _ = marker_positions(frame)
        return xs.iloc[[position]], y.iloc[[position]]
    lane_labels, order = _lanes(frame, options)
    xs, _ = marker_positions(frame.iloc[[position]])
    return xs, _lane_rows(lane_labels.iloc[[position]], order)


def marker_positions(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """(x of each event's marker, whether it has a marker of its own): mid-day for a day, the middle of the
    month for a month-only date (its whisker spans the month: uncertainty, not duration); an event with an end
    date is a bar, its marker invisible."""
    has_end = frame["date_end_text"].fillna("").astype(str).ne("")
    middle = frame["date"] + (frame["date_end"] + DAY - frame["date"]) / 2
    day = frame["date_precision"].eq("day") & ~has_end
    return (frame["date"] + DAY / 2).where(day, middle), ~has_end


def occupied(frame: pd.DataFrame, xs: pd.Series, own_marker: pd.Series) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """The stretches of time the events stand on, merged: a day, a span, or a few days about the middle of a
    month-only date (the rest of its month is uncertainty, which a broken axis may hide). ``xs`` and
    ``own_marker`` as ``marker_positions`` gives them."""
    month_only = own_marker & frame["date_precision"].eq("month")
    starts = frame["date"].where(~month_only, xs - MONTH_ONLY_DAYS * DAY)
    ends = (frame["date_end"] + DAY).where(~month_only, xs + MONTH_ONLY_DAYS * DAY)
    # Sorted by start, a stretch begins where an event starts after every earlier one has ended (vectorised:
    # a hundred thousand events).
    order = np.argsort(starts.to_numpy(), kind="stable")
    begin, finish = starts.to_numpy()[order], ends.to_numpy()[order]
    reach = np.maximum.accumulate(finish)
    first = np.r_[True, begin[1:] > reach[:-1]]
    last = np.r_[first[1:], True]
    return [(pd.Timestamp(a), pd.Timestamp(b)) for a, b in zip(begin[first], reach[last], strict=True)]


def axis_plan(frame: pd.DataFrame, xs: pd.Series,
              own_marker: pd.Series) -> tuple[pd.Timestamp, pd.Timestamp, list[tuple[pd.Timestamp, pd.Timestamp]]]:
    """(start, end, breaks) of the default time axis: from a day before the first event to a day after the last,
    with every empty stretch longer than ``MIN_BREAK_DAYS`` (or ``BREAK_SHARE`` of the axis) hidden, so a month
    known only by its name, or a quiet fortnight, does not take the width the crisis needs."""
    stretches = occupied(frame, xs, own_marker)
    # Whole days throughout: the axis' range and breaks are given to plotly as dates.
    start, end = (stretches[0][0] - DAY).floor("D"), (stretches[-1][1] + DAY).ceil("D")
    longest = max(MIN_BREAK_DAYS * DAY, (end - start) * BREAK_SHARE)
    breaks = [((before[1] + DAY).ceil("D"), (after[0] - DAY).floor("D")) for before, after in itertools.pairwise(stretches)
              if after[0] - before[1] > longest]
    return start, end, breaks


@dataclass(frozen=True)
class TimelineContent:
    """What the events shown decide in a timeline: its traces (in ``TimelineTrace`` order, then the keys), its lanes,
    its time axis (range and breaks) and the shapes and notes drawn on it. ``build_timeline`` sets it in a figure; a
    filter sends it alone, as edits of the figure drawn."""

    traces: list
    lanes: list[str]
    x_range: list[str]
    rangebreaks: list[dict]
    shapes: list[dict]
    annotations: list[dict]
    background_most: float
    plot_px: tuple[float, float] = APP_PLOT_PX  # the events row's size the titles were laid out for
    lane_names: LaneNames | None = None  # set for a figure of known size (``Frame``); else the full names beside
    dates: tuple[list[str], list[str]] | None = None  # the dates named (values, labels) on an axis of known px

    def lanes_axis(self) -> dict:
        """The events row's y axis: a tick per lane, top to bottom, named beside it (unless above it); its grid
        line through the lane's markers (under its name, when the name is above them)."""
        names = self.lane_names.beside if self.lane_names else [text(label) for label in self.lanes]
        shift = self.lane_names.marker_shift if self.lane_names else 0.0
        size = self.lane_names.size if self.lane_names else TICK_FONT_PX
        return {"tickvals": [lane - shift for lane in range(len(self.lanes))], "ticktext": names[::-1],
                "tickfont": {"size": size},
                "showticklabels": not (self.lane_names and self.lane_names.above),
                "range": list(lane_range(len(self.lanes)))}


class LaneNames(NamedTuple):
    """How a figure of known size names its lanes: beside them (shortened to its share of the width if need be)
    or above them."""

    above: bool
    beside: list[str]  # the names beside the lanes, top lane first (plotly text)
    marker_shift: float = 0.0  # how far (in lanes) the markers sit below their lane's middle, under names above
    size: float = TICK_FONT_PX  # of the names beside the lanes


def timeline_content(frame: pd.DataFrame, options: TimelineOptions) -> TimelineContent:
    """The timeline's content for the (already filtered) frame; titles laid out for a plot of ``options.plot_px``;
    the background's events counted per day on the strip's right-hand axis."""
    options, names = fitted_to_frame(frame, options)
    phases, strip, selected, background = options.phases, options.strip, options.selected, options.background
    order, y, marker_px, hidden = stacking(frame, options)
    xs, own_marker = marker_positions(frame)
    plot = _plot_box(frame, options, xs, own_marker, len(order))
    over_lanes = names_above(order, plot) if names and names.above else []
    x_range, breaks = [plot.start, plot.end], list(plot.breaks)
    dense = is_dense(len(frame))
    layers = (dense_traces(frame, y, xs, strip=strip, selected=selected, plot=plot) if dense else
              timeline_traces(frame, y, xs, own_marker, options, plot=plot, marker_px=marker_px, hidden=hidden,
                              gl=(options.total_events or len(frame)) > GL_THRESHOLD,
                              reserved=[note["box"] for note in over_lanes]))
    layers[TimelineTrace.STRIP].update(xaxis="x2", yaxis="y2")  # the strip's row
    behind = background_trace(background, strip)
    keys = key_traces(frame, own_marker, bool(breaks), dense=dense, background=background, stacked=bool(hidden.any()))
    return TimelineContent(
        traces=[*layers, behind, *keys], lanes=order, x_range=[_day(x_range[0]), _day(x_range[1])],
        rangebreaks=[{"bounds": [_day(low), _day(high)]} for low, high in breaks],
        shapes=phase_shapes(phases) + break_shapes(breaks),
        annotations=(phase_annotations(phases, plot) + break_annotations(breaks)
                     + ([] if dense else link_arrows(frame, xs, y, options))  # counts draw no links
                     + [{key: value for key, value in note.items() if key != "box"} for note in over_lanes]),
        background_most=float(max(behind.y if behind.y is not None and len(behind.y) else (0,))),
        plot_px=options.plot_px, lane_names=names, dates=tuple(date_ticks(plot, TICK_FONT_PX)) if options.frame else None)


def _lane_px(options: TimelineOptions, lanes: int) -> float:
    """The height of one lane in px in a plot of ``options.plot_px`` (``PlotBox.lane_px``, without the time axis)."""
    low, high = lane_range(lanes)
    return options.plot_px[1] / (high - low)


def _names_px(order: list[str]) -> float:
    return max([text_width(str(name), TICK_FONT_PX) for name in order] + [0.0]) + NAME_STANDOFF_PX


def fitted_to_frame(frame: pd.DataFrame, options: TimelineOptions) -> tuple[TimelineOptions, LaneNames | None]:
    """For a figure of known size (``options.frame``): how its lanes are named, and the options with the plot's
    width it then has (the names' room given to the plot, or taken from it, when they move from where the figure
    drawn had them). Above their lanes when beside they would take more than ``NAME_SHARE`` of its width and every
    lane has a line of free height over its markers; else beside, each shortened to that share."""
    if options.frame is None:
        return options, None
    _, order = _lanes(frame, options)
    names_px = _names_px(order)
    share = NAME_SHARE * options.frame.width
    drawn_above = options.frame.names_above

    def with_plot_width(change: float) -> TimelineOptions:
        width, height = options.plot_px
        return replace(options, plot_px=(max(width + change, PLOT_PX_MIN), height))

    if names_px > share and not is_dense(len(frame)):
        above = replace(with_plot_width(0.0 if drawn_above else min(names_px, share)), name_line_px=NAME_LINE_PX)
        lane_px = _lane_px(above, len(order))
        if lane_px * LANE_BAND - NAME_LINE_PX >= TEXT_BOX * LABEL_PX:  # room left for a "+N" count's line
            return above, LaneNames(True, [text(name) for name in order], NAME_LINE_PX / 2 / lane_px)
    beside = with_plot_width(-min(names_px, share) if drawn_above else 0.0)
    # Lanes closer than a line of the axis' text: their names in smaller text, down to the smallest legible.
    lane_px = _lane_px(beside, len(order))
    # In half px, so a plot a few px taller or shorter (as the browser draws it) keeps the same names.
    size = max(min(TICK_FONT_PX, math.floor(2 * lane_px / TEXT_BOX) / 2), MIN_NAME_PX)
    every = max(1, math.ceil(size * TEXT_BOX / max(lane_px, 1e-6) - 1e-6))  # closer still: every other lane named
    return beside, LaneNames(False, [text(shortened(str(name), share - NAME_STANDOFF_PX, size)) if i % every == 0 else ""
                                     for i, name in enumerate(order)], size=size)


def names_above(order: list[str], plot: PlotBox) -> list[dict]:
    """The lanes' names set above their lanes, at the plot's left edge, in the line each lane's band keeps free
    over its markers (``name_line_px``); each with its box in px (``box``: an obstacle the titles keep clear of)."""
    notes = []
    for i, name in enumerate(order):
        row = len(order) - 1 - i
        top = float(plot.y_px([row])[0]) - plot.lane_px * LANE_BAND / 2
        width = text_width(str(name), NAME_PX)
        notes.append({"text": text(name), "xref": "x domain", "x": 0, "xanchor": "left", "xshift": 2,
                      "yref": "y", "y": row, "yanchor": "top", "yshift": plot.lane_px * LANE_BAND / 2,
                      "showarrow": False, "font": {"size": NAME_PX, "color": MUTED},
                      "box": (0.0, top - GAP_PX, width + 4 + GAP_PX, top + NAME_LINE_PX + GAP_PX)})
    return notes


def build_timeline(frame: pd.DataFrame, options: TimelineOptions) -> go.Figure:
    """The whole timeline figure for the (already filtered) frame (``timeline_content``, set in its two rows)."""
    content = timeline_content(frame, options)
    plot_px = content.plot_px
    axes = timeline_axes(content, options, APP_ROWS)
    if options.frame and not _strip_title_fits(axes["yaxis2"]["title"]["text"], plot_px[1], content):
        axes["yaxis2"]["title"]["text"] = ""  # its bars' hover says what they count
    return go.Figure(data=content.traces, layout={
        "font": {"family": FONT, "color": INK, "size": 13},
        "margin": {"l": 8, "r": 12, "t": 48, "b": 8},
        "plot_bgcolor": "white", "paper_bgcolor": "white",
        "showlegend": True, "hovermode": "closest", "clickmode": "event", "dragmode": "zoom",
        "legend": {"orientation": "h", "x": 0, "y": -0.02, "yanchor": "top", "yref": "container", "font": {"size": 11},
                   "itemclick": False, "itemdoubleclick": False},
        "hoverlabel": {"font": {"family": FONT, "size": 13}, "bgcolor": "white"},
        "uirevision": "timeline",
        # What titles were laid out for, and where the lanes' names went (an embed checks both).
        "meta": {"plot_px": [round(plot_px[0]), round(plot_px[1])],
                 "names_above": bool(content.lane_names and content.lane_names.above),
                 "frame": [round(options.frame.width), round(options.frame.height)] if options.frame else None},
        "shapes": content.shapes, "annotations": content.annotations, "bargap": 0.0, **axes,
    })


def _strip_title_fits(title: str, events_px: float, content: TimelineContent) -> bool:
    """Whether the strip's upright title, beside lanes' names, stays within the strip's row and the gap above it
    (the rows' heights follow the events row's, as ``APP_ROWS`` divides the figure)."""
    if content.lane_names and content.lane_names.above:
        return True  # no names beside the lanes for it to run into
    (events, strip) = APP_ROWS
    room = events_px * (strip["y"][1] - strip["y"][0] + events["y"][0] - strip["y"][1]) / (events["y"][1] - events["y"][0])
    return text_width(title, STRIP_TITLE_PX) <= room


def timeline_axes(content: TimelineContent, options: TimelineOptions, rows: tuple[dict, dict]) -> dict[str, dict]:
    """The layout's axes: the events row over the daily strip, in their domains ``rows`` ({x, y} in paper fractions),
    sharing one time axis (set on both, so either can be read back), and the background's per day on the strip's
    right-hand axis."""
    events, strip = rows
    time = {"range": content.x_range, "rangebreaks": content.rangebreaks, "type": "date", "gridcolor": GRID,
            "tickformat": "%-d %b\n%Y"}
    if content.dates is not None:  # named for the axis' known px (``date_ticks``)
        time.update(tickmode="array", tickvals=content.dates[0], ticktext=content.dates[1])
    most = content.background_most
    counting = options.strip == Strip.COUNT
    return {
        "xaxis": {"anchor": "y", "domain": events["x"], "matches": "x2", "showticklabels": False, **time,
                  "showspikes": True, "spikemode": "across", "spikethickness": 1, "spikecolor": MUTED,
                  "spikedash": "dot"},
        "xaxis2": {"anchor": "y2", "domain": strip["x"], **time,
                   "rangeslider": {"visible": True, "thickness": 0.07, "bgcolor": "#f6f8fa"}},
        "yaxis": {"anchor": "x", "domain": events["y"], **content.lanes_axis(), "gridcolor": GRID, "zeroline": False,
                  "fixedrange": True, "automargin": True},
        "yaxis2": {"anchor": "x2", "domain": strip["y"],
                   "title": {"font": {"size": STRIP_TITLE_PX}, "text": "events/day" if counting else "casualties/day"},
                   "gridcolor": GRID, "fixedrange": True, "rangemode": "tozero", "nticks": 3},
        "yaxis3": {"overlaying": "y2", "side": "right", "rangemode": "tozero", "showgrid": False, "fixedrange": True,
                   "tickvals": [0, round(most, 1)], "range": [0, most * 1.05 or 1],
                   "visible": options.background is not None, "tickfont": {"color": BACKGROUND},
                   "title": {"text": "background" if counting else "bg. killed",
                             "font": {"size": 11, "color": BACKGROUND}}},
    }


@dataclass(frozen=True)
class Placement:
    """Where a page of other figures (``export/paper.py``) sets a timeline: its rows' domains, its lanes' names
    (wrapped to the page), the size of its tick labels and how many dates its axis names, and the legend its keys
    go to (shown only when ``keyed``)."""

    rows: tuple[dict, dict]
    lane_text: list[str]
    tick_px: float
    date_ticks: int
    legend: str
    keyed: bool


@dataclass(frozen=True)
class PagedTimeline:
    """A static timeline's parts, for a page to add to its own: traces, axes, shapes and notes."""

    traces: list
    axes: dict[str, dict]
    shapes: list[dict]
    annotations: list[dict]


def on_page(content: TimelineContent, options: TimelineOptions, placement: Placement) -> PagedTimeline:
    """The timeline set on a printed page: no range slider, fixed margins, the page's tick sizes; its keys, ungrouped
    (a horizontal legend flows them into rows), in the page's legend; phase bands and names, axis breaks and link
    arrows placed against the events row (not the page), in data units."""
    axes = timeline_axes(content, options, placement.rows)
    del axes["xaxis2"]["rangeslider"]
    axes["xaxis2"]["nticks"] = placement.date_ticks
    axes["yaxis"].update(automargin=False, tickfont={"size": placement.tick_px}, ticktext=placement.lane_text)
    axes["yaxis3"].update(anchor="x2", tickfont={"size": placement.tick_px, "color": BACKGROUND})
    drawn_links = any(note.get("showarrow") for note in content.annotations)
    traces = [trace.update(showlegend=placement.keyed and trace.legendgroup == KEY_GROUP
                           and (drawn_links or trace.name != KEY_TEXT["link"]), legendgroup=None,
                           legend=placement.legend) for trace in content.traces]
    shapes = [{**shape, "yref": "y domain"} for shape in content.shapes]
    notes = [{**note, **({"yref": "y domain"} if note.get("yref") == "paper" else {})}
             for note in content.annotations]
    # The strip's title, upright, runs past a short strip into the lane names above it: on a page it lies level
    # beside the strip's ticks, in the lane names' column.
    title = axes["yaxis2"].pop("title")
    notes.append({"text": title["text"], "showarrow": False, "xref": "x2 domain", "x": 0, "xanchor": "right",
                  "xshift": -STRIP_TITLE_SHIFT_PX, "yref": "y2 domain", "y": 0.5, "yanchor": "middle",
                  "font": {"size": placement.tick_px, "color": MUTED}})
    return PagedTimeline(traces, axes, shapes, notes)


def lane_range(lanes: int) -> tuple[float, float]:
    """The events row's y range: every lane, with room above the top one and below the bottom one."""
    return -0.7, max(lanes, 1) - 0.3


def timeline_traces(frame: pd.DataFrame, y: pd.Series, xs: pd.Series, own_marker: pd.Series,
                    options: TimelineOptions, *, gl: bool, plot: PlotBox, marker_px: float, hidden: np.ndarray,
                    reserved: list | None = None) -> list:
    """The data layers, in ``TimelineTrace`` order; ``xs`` and ``own_marker`` as ``marker_positions`` gives."""
    strip, selected = options.strip, options.selected
    ids = frame["id"].tolist()
    selected_index = row_of(frame, selected)
    scatter = go.Scattergl if gl else go.Scatter
    # Bars: an event with an end date (how long it lasted), and, thin as a whisker, the month a month-only
    # event lies somewhere in (when, not how long): its dot sits at the middle.
    month_only = own_marker & frame["date_precision"].eq("month")
    barred = ~own_marker | month_only
    spans = frame[barred]
    lane_units_per_px = (plot.y_high - plot.y_low) / plot.height
    # A whisker is cut to the part of its month the axis shows: plotly draws no bar across a break.
    bar_starts, bar_ends = spans["date"], spans["date_end"] + DAY
    if plot.breaks and month_only.any():
        bar_starts, bar_ends = _visible_stretch(bar_starts, bar_ends, xs[barred], plot)
    sizes = [marker_px if d and not h else 0 for d, h in zip(own_marker, hidden, strict=True)]
    links, others = links_trace(frame, xs, y, options), disputed_dates_trace(frame, xs, y)
    segments = []
    if not gl:  # lines are obstacles for titles; past thousands of events the plot is a density and they are not
        # A selected event's links come and go with the selection: titles are laid out without them.
        lines = (links, others) if options.links is Links.ALL else (others,)
        segments = [(x0, y0, x1, y1) for trace in lines
                    for x0, y0, x1, y1 in zip(trace.x[::3], trace.y[::3], trace.x[1::3], trace.y[1::3], strict=True)]
        segments += [(start, lane, end, lane) for start, end, lane in zip(bar_starts, bar_ends, y[barred], strict=True)]
    labels = place_labels(frame, xs, y, sizes, plot, segments, reserved)
    return [
        go.Scatter(x=[None], y=[None], name="phases", hoverinfo="skip", showlegend=False),
        go.Bar(
            base=bar_starts.dt.strftime("%Y-%m-%d").tolist(),
            x=[(e - s).total_seconds() * 1000 for s, e in zip(bar_starts, bar_ends, strict=True)],
            y=y[barred].tolist(), orientation="h",
            width=[WHISKER_PX * lane_units_per_px if m else 0.34 for m in month_only[barred]],
            marker={"color": spans["colour"].tolist(), "opacity": 0.55, "line": {"width": 0}},
            customdata=spans["id"].tolist(), hovertext=hover_text(spans), hoverinfo="text", name="spans",
        ),
        links,
        others,
        scatter(
            x=xs.tolist(), y=y.tolist(), mode="markers",
            # Spans are drawn by their bars; their (invisible) marker keeps one point per event for selection.
            marker={"color": frame["colour"].tolist(), "size": sizes,
                    "line": {"width": 1, "color": INK},  # light colours keep 3:1 against the white plot
                    "symbol": event_symbols(frame), "opacity": 1.0},
            customdata=ids, hovertext=hover_text(frame), hoverinfo="text", name="events",
            selectedpoints=[selected_index] if selected_index is not None else None,
            unselected={"marker": {"opacity": 0.35}},
            # Every event of the view (the map's markers are some of them): the browser's first answer to a filter.
            meta={"facets": facets(frame)},
        ),
        *labels_traces(labels, frame["id"]),
        stacks_trace(frame, xs, y, hidden, plot, marker_px),
        selection_trace(xs, y, selected_index),
        strip_trace(frame, strip),
    ]


def dense_traces(frame: pd.DataFrame, y: pd.Series, xs: pd.Series, *, strip: Strip, selected: str | None,
                 plot: PlotBox) -> list:
    """The layers of a timeline of more events than dots can show, in ``TimelineTrace`` order: one bar per lane and
    day, as wide as a day is (so days never cover each other), darker the more events it holds; no titles, links
    or bars of spans; the selection ring and the strip as ever."""
    days = daily_counts(frame, y)
    share = np.sqrt(days["count"] / days["count"].max()) if len(days) else days["count"]
    hidden = sum(((high - low) / DAY for low, high in plot.breaks), 0.0)
    day_px = plot.width / max((plot.end - plot.start) / DAY - hidden, 1.0)
    width = float(np.clip(day_px * 0.9, DENSE_MARK_PX[0], DENSE_MARK_PX[1]))
    tall = min(plot.lane_px * 0.6, 28.0)
    empty = {"x": [], "y": [], "hoverinfo": "skip"}
    return [
        go.Scatter(x=[None], y=[None], name="phases", hoverinfo="skip", showlegend=False),
        go.Bar(**empty, orientation="h", name="spans"),
        go.Scatter(**empty, mode="lines", name="links"),
        go.Scatter(**empty, mode="lines", name="other dates"),
        go.Scatter(x=(days["day"] + DAY / 2).to_numpy(), y=days["y"].to_numpy(), mode="markers",
                   # A bar a day wide and most of a lane tall: a vertical line mark, its width the day's.
                   # (An open symbol is stroked in the marker's colour.)
                   marker={"symbol": "line-ns-open", "size": tall, "color": days["colour"].to_numpy(),
                           "opacity": (0.25 + 0.75 * share).round(3).to_numpy(), "line": {"width": width}},
                   hovertext=days["hover"].to_numpy(), hoverinfo="text", name="events",
                   # Built from checked data: plotly's check of each colour costs ~8 ms per 1,000 lane-days.
                   _validate=False),
        go.Scatter(**empty, mode="lines", name="label leaders"),
        go.Scatter(**empty, mode="text", name="labels"),
        go.Scatter(**empty, mode="text", name="stacks"),
        selection_trace(xs, y, row_of(frame, selected)),
        strip_trace(frame, strip, dense=True),
    ]


def _visible_stretch(starts: pd.Series, ends: pd.Series, middles: pd.Series, plot: PlotBox) -> tuple[pd.Series, pd.Series]:
    """Each [start, end) cut to the stretch between breaks (and the axis' ends) that holds its middle."""
    cuts = sorted([plot.start, plot.end] + [edge for low, high in plot.breaks for edge in (low, high)])
    shown = list(zip(cuts[::2], cuts[1::2], strict=False))  # (axis start, first break), ..., (last break, end)
    new_starts, new_ends = starts.copy(), ends.copy()
    for i, middle in middles.items():
        for low, high in shown:
            if low <= middle <= high:
                new_starts[i], new_ends[i] = max(starts[i], low), min(ends[i], high)
    return new_starts, new_ends


def selection_trace(xs: pd.Series, y: pd.Series, index: int | None) -> go.Scatter:
    """An open ring around the selected event."""
    chosen = [index] if index is not None else []
    return go.Scatter(x=xs.iloc[chosen].tolist(), y=y.iloc[chosen].tolist(), mode="markers", hoverinfo="skip", name="selected",
                      marker={"size": 24, "color": "rgba(0,0,0,0)", "line": {"width": 3, "color": SELECTION}})


def stacks_trace(frame: pd.DataFrame, xs: pd.Series, y: pd.Series, hidden: np.ndarray, plot: PlotBox,
                 marker_px: float) -> go.Scatter:
    """"+N" just right of each lane's day whose ``hidden`` events found no room of their own, on the lane's middle;
    its hover names them (each is in the table, and selecting one rings it there)."""
    rows = frame[hidden]
    groups = rows.groupby([np.round(y[hidden]).to_numpy(), xs[hidden].to_numpy()], sort=True)
    xs_out, ys_out, texts, hovers = [], [], [], []
    for (_, when), members in groups:
        xs_out.append(plot.x_value(float(plot.x_px([when])[0]) + marker_px + 4))
        ys_out.append(float(y.loc[members.index].mean()))  # the markers' middle (below a name set above them)
        texts.append(f"+{len(members)}")
        hovers.append("<br>".join(f"{text(row.date_text)} · {text(row.title)}" for row in members.itertuples()))
    return go.Scatter(x=xs_out, y=ys_out, mode="text", text=texts, textposition="middle right",
                      textfont={"size": LABEL_PX, "color": INK}, hovertext=hovers, hoverinfo="text", name="stacks")


def labels_traces(labels: list[TimelineLabel], ids: pd.Series) -> list[go.Scatter]:
    """(leader lines, titles): each title centred on the box the layout gave it; each point names its event (of
    ``ids``, the events' ids by row) in ``meta.ids``, so the browser hides them with it (``assets/filter.js``)."""
    xs: list = []
    ys: list = []
    leader_ids: list = []
    for label in labels:
        if label.leader is not None:
            x0, y0, x1, y1 = label.leader
            xs += [x0, x1, None]
            ys += [y0, y1, None]
            leader_ids += [ids.iloc[label.position]] * 3
    leaders = go.Scatter(x=xs, y=ys, mode="lines", line={"color": "#8c959f", "width": 0.8}, hoverinfo="skip",
                         name="label leaders", meta={"ids": leader_ids})
    titles = go.Scatter(x=[label.x for label in labels], y=[label.y for label in labels], mode="text",
                        text=["<br>".join(text(line) for line in label.text.split("<br>")) for label in labels],
                        textposition="middle center", textfont={"size": LABEL_PX, "color": INK},
                        customdata=[label.position for label in labels], hoverinfo="skip", name="labels",
                        meta={"ids": [ids.iloc[label.position] for label in labels]})
    return [leaders, titles]


def event_symbols(frame: pd.DataFrame) -> list[str]:
    """Each event's marker: a dot; open when planned or announced; pointing back in time (◀) when it is known only
    from the day it was reported: it happened on or before that day."""
    return [("triangle-left" if precision == "on_or_before" else "circle") + ("-open" if status == "planned" else "")
            for status, precision in zip(frame["status"], frame["date_precision"], strict=True)]


KEY_TEXT = {
    "planned": "Planned or announced",
    "on_or_before": "On or before: known from the day reported (◀)",
    "month": "Month only (whisker)",
    "span": "Lasted days (bar)",
    "link": "Responds to (arrow)",
    "disputed": "Other date claimed",
    "break": "// Axis skips empty days",
    "stack": "+N: more events that day (hover)",
    "density": "Many events: one bar per lane and day (darker: more)",
    "background": "Background per day (ACLED, right-hand axis)",
}
MAX_ARROWS = 60  # link arrowheads are annotations: past this many, the dotted lines alone


def printed_keys(frame: pd.DataFrame, options: TimelineOptions) -> list[str]:
    """The keys a printed timeline of ``frame`` may show (``KEY_TEXT``'s): what a page sizes its legend for before
    it knows the plot's size (so "+N" counts wherever a lane holds two events on one day)."""
    xs, own_marker = marker_positions(frame)
    broken = bool(frame.size) and bool(axis_plan(frame, xs, own_marker)[2])
    lanes = lane_of(frame, options.lanes, options.countries)
    crowded = bool(frame.size) and bool(frame.groupby([lanes.to_numpy(), xs.to_numpy()]).size().max() > 1)
    present = _present_keys(frame, own_marker, broken, is_dense(len(frame)), options.background, crowded)
    present["link"] = present["link"] and bool(link_pairs(frame, options))
    return [KEY_TEXT[key] for key, shown in present.items() if shown]


def _present_keys(frame: pd.DataFrame, own_marker: pd.Series, broken: bool, dense: bool,
                  background: pd.DataFrame | None, stacked: bool = False) -> dict[str, bool]:
    single = not dense
    return {
        "background": background is not None,
        "density": dense,
        "planned": single and (frame["status"] == "planned").any(),
        "on_or_before": single and frame["date_precision"].eq("on_or_before").any(),
        "month": single and (own_marker & frame["date_precision"].eq("month")).any(),
        "span": single and (~own_marker).any(),
        "link": single and has_links(frame),
        "disputed": single and any("date" in alternatives(d) for d in frame["disagreements"]),
        "break": broken,
        "stack": stacked,
    }


def key_traces(frame: pd.DataFrame, own_marker: pd.Series, broken: bool, dense: bool = False,
               background: pd.DataFrame | None = None, stacked: bool = False) -> list[go.Scatter]:
    """Legend keys (no points) for every encoding the timeline shows beyond the category colours (a timeline of
    counts draws none of the single events' marks). Links are keyed where events have them: the app draws a
    selected event's; a printed page keys them only when it draws some (``on_page``)."""
    present = _present_keys(frame, own_marker, broken, dense, background, stacked)
    styles = {
        "stack": {"mode": "text", "text": ["+N"], "textfont": {"size": LABEL_PX, "color": INK}},
        "background": {"mode": "lines", "line": {"color": BACKGROUND, "width": 1.5, "dash": "dot"}},
        "density": {"mode": "markers", "marker": {"symbol": "line-ns-open", "size": 12, "color": MUTED, "line": {"width": 4}}},
        "planned": {"mode": "markers", "marker": {"symbol": "circle-open", "size": 10, "color": INK, "line": {"width": 2}}},
        "on_or_before": {"mode": "markers", "marker": {"symbol": "triangle-left", "size": 10, "color": MUTED}},
        "month": {"mode": "lines+markers", "line": {"color": MUTED, "width": 2}, "marker": {"size": 8, "color": MUTED}},
        "span": {"mode": "lines", "line": {"color": MUTED, "width": 7}},
        "link": {"mode": "lines", "line": {"color": "#6e7781", "width": 1.4, "dash": "dot"}},
        "disputed": {"mode": "lines+markers", "line": {"color": DISPUTED, "width": 1.4, "dash": "dash"},
                     "marker": {"symbol": "circle-open", "size": 9, "color": DISPUTED, "line": {"width": 2}}},
        "break": {"mode": "lines", "line": {"color": MUTED, "width": 1, "dash": "dot"}},
    }
    return [go.Scatter(x=[None], y=[None], name=KEY_TEXT[key], legendgroup=KEY_GROUP, hoverinfo="skip",
                       showlegend=True, **styles[key]) for key, shown in present.items() if shown]


def has_links(frame: pd.DataFrame) -> bool:
    """Whether any event of ``frame`` responds to or is related to another."""
    return any(len(r) + len(s) for r, s in zip(frame["responds_to"], frame["related"], strict=True))


def link_pairs(frame: pd.DataFrame, options: TimelineOptions) -> list[tuple[int, int]]:
    """(row of an event, row of one it responds to or is related to), both shown: every link, or only the selected
    event's (what it answers and what answers it)."""
    where = {event_id: i for i, event_id in enumerate(frame["id"])}
    chosen = where.get(options.selected) if options.selected is not None else None
    if options.links is not Links.ALL and chosen is None:
        return []
    pairs = []
    for i, (responds, related) in enumerate(zip(frame["responds_to"], frame["related"], strict=True)):
        for other in [*responds, *related]:
            j = where.get(other)
            if j is not None and (options.links is Links.ALL or chosen in (i, j)):
                pairs.append((i, j))
    return pairs


def link_arrows(frame: pd.DataFrame, marker_x: pd.Series, y: pd.Series, options: TimelineOptions) -> list[dict]:
    """Arrowheads on the dotted links drawn, pointing from an event to the one responding to it."""
    return [{"x": marker_x.iloc[i], "y": float(y.iloc[i]), "ax": marker_x.iloc[j], "ay": float(y.iloc[j]),
             "xref": "x", "yref": "y", "axref": "x", "ayref": "y", "showarrow": True, "arrowhead": 2, "arrowsize": 1,
             "arrowwidth": 1.2, "arrowcolor": "#6e7781", "standoff": 8, "startstandoff": 8, "text": ""}
            for i, j in link_pairs(frame, options)[:MAX_ARROWS]]


def disputed_dates_trace(frame: pd.DataFrame, marker_x: pd.Series, y: pd.Series) -> go.Scatter:
    """Where sources give another date: a dashed whisker from the event to an open amber mark on that date."""
    xs: list = []
    ys: list = []
    texts: list = []
    ids: list = []
    for i, disagreements in enumerate(frame["disagreements"]):
        other = alternatives(disagreements).get("date")
        try:
            when = pd.Timestamp(dt.date.fromisoformat(other)) + DAY / 2 if other else None
        except ValueError:
            when = None  # an alternative that is not a day (a month, a phrase) is in the hover and detail only
        if when is not None:
            xs += [marker_x.iloc[i], when, None]
            ys += [y.iloc[i], y.iloc[i], None]
            texts += ["", f"Other sources: {other}", ""]
            ids += [frame["id"].iloc[i]] * 3  # the event of each point, its separator included (assets/filter.js)
    return go.Scatter(x=xs, y=ys, mode="lines+markers", line={"color": DISPUTED, "width": 1.4, "dash": "dash"},
                      marker={"symbol": ["circle-open" if t else "circle" for t in texts],
                              "size": [9 if t else 0 for t in texts], "color": DISPUTED, "line": {"width": 2}},
                      # Not hoverable: it starts on the event's own dot, and the event's hover names the other date.
                      hoverinfo="skip", name="disputed dates", meta={"ids": ids})


def links_trace(frame: pd.DataFrame, marker_x: pd.Series, y: pd.Series, options: TimelineOptions) -> go.Scatter:
    """Connectors from events to the events they respond to or are related to (``link_pairs``). Its meta holds every
    link among the events shown (rows of the events trace) and what it draws: the app's browser draws a hovered
    event's links in it, and the selected event's again after (assets/links.js)."""
    xs: list = []
    ys: list = []
    for i, j in link_pairs(frame, options):
        xs += [marker_x.iloc[j], marker_x.iloc[i], None]
        ys += [y.iloc[j], y.iloc[i], None]
    every = [[i, j] for i, j in link_pairs(frame, replace(options, links=Links.ALL))]
    return go.Scatter(x=xs, y=ys, mode="lines", line={"color": "#6e7781", "width": 1.4, "dash": "dot"},
                      hoverinfo="skip", name="links", meta={"pairs": every, "x": xs, "y": ys})


def strip_trace(frame: pd.DataFrame, strip: Strip, dense: bool = False) -> go.Bar | go.Scatter:
    """Events (or killed + injured) per day. An event known only to its month counts on every day of it, a
    share each (1/31 of an event, or of its casualties, on each day of December): present, not invented. A bar a
    day; past ``DENSE_EVENTS``, one stepped outline of the days instead (every day of the span, none left out),
    which reads the same at hundreds of days and costs the browser one shape, not one per day, in the strip and
    again in its range slider (measured: a timeline update at 100,000 events 450 -> 170 ms)."""
    daily = per_day(frame, strip)
    hover = "%{x|%-d %b %Y}: %{y}<extra></extra>"
    if not dense or daily.empty:
        return go.Bar(x=daily.index + DAY / 2, y=daily.round(3).to_numpy(),
                      width=DAY.total_seconds() * 1000 * 0.8, marker={"color": MUTED},
                      hovertemplate=hover, name="strip")
    every_day = daily.reindex(pd.date_range(daily.index.min(), daily.index.max() + DAY, freq="D"), fill_value=0.0)
    return go.Scatter(x=every_day.index, y=every_day.round(3).to_numpy(), mode="lines", fill="tozeroy",
                      line={"shape": "hv", "width": 0.6, "color": MUTED}, fillcolor=MUTED,
                      hovertemplate=hover, name="strip")


def per_day(frame: pd.DataFrame, strip: Strip) -> pd.Series:
    """Events (or casualties) per day, indexed by day; a month-only event a share on each day of its month."""
    values = (frame["killed"].fillna(0).astype(float) + frame["injured"].fillna(0).astype(float)
              if strip == Strip.CASUALTIES else pd.Series(1.0, index=frame.index))
    days = ((frame["date_end"] - frame["date"]) / DAY + 1).astype(int).where(frame["date_precision"].ne("day"), 1)
    # One row per day each event stands on (vectorised: thousands of events), its share of the value on each.
    repeat = np.repeat(np.arange(len(frame)), days.to_numpy())
    offsets = pd.Series(repeat).groupby(repeat).cumcount().to_numpy()
    dates = frame["date"].to_numpy()[repeat] + offsets * np.timedelta64(1, "D")
    shares = (values / days).to_numpy()[repeat]
    return pd.Series(shares, index=pd.DatetimeIndex(dates)).groupby(level=0).sum()


def background_trace(background: pd.DataFrame | None, strip: Strip) -> go.Scatter:
    """The background events (or their killed) per day, on the strip's right-hand axis: the crisis against
    everything recorded around it."""
    daily = (per_day(background, strip) if background is not None and len(background)
             else pd.Series(dtype=float, index=pd.DatetimeIndex([])))
    what = "killed" if strip == Strip.CASUALTIES else "events"
    return go.Scatter(x=daily.index + DAY / 2, y=daily.round(3).to_numpy(), mode="lines",
                      line={"color": BACKGROUND, "width": 1.5, "shape": "hvh", "dash": "dot"}, xaxis="x2", yaxis="y3",
                      hovertemplate=f"%{{x|%-d %b %Y}}: %{{y}} background {what} (ACLED)<extra></extra>",
                      name="background", showlegend=False)


def break_shapes(breaks: list[tuple[pd.Timestamp, pd.Timestamp]]) -> list[dict]:
    """A dotted line where the axis skips an empty stretch."""
    return [{"type": "line", "xref": "x", "yref": "paper", "x0": _day(low), "x1": _day(low), "y0": 0, "y1": 1,
             "line": {"color": MUTED, "width": 1, "dash": "dot"}, "layer": "above"} for low, _ in breaks]


def break_annotations(breaks: list[tuple[pd.Timestamp, pd.Timestamp]]) -> list[dict]:
    """The break sign on the axis, saying what is skipped."""
    return [{"x": _day(low), "xref": "x", "y": 0, "yref": "paper", "text": "//", "showarrow": False,
             "font": {"size": 12, "color": MUTED}, "bgcolor": "white", "yanchor": "middle",
             "hovertext": f"No events {low:%-d %b %Y} – {high - DAY:%-d %b %Y}: the axis skips them"}
            for low, high in breaks]


def phase_shapes(phases: list) -> list[dict]:
    return [{"type": "rect", "xref": "x", "yref": "paper", "x0": _day(p.start.first), "x1": _day(p.end.last, end=True),
             "y0": 0, "y1": 1, "fillcolor": PHASE_FILLS[i % len(PHASE_FILLS)], "line": {"width": 0}, "layer": "below"}
            for i, p in enumerate(phases)]


def phase_annotations(phases: list, plot: PlotBox) -> list[dict]:
    """Phase names above their bands, measured, in the first of ``PHASE_ROWS`` rows where each clears the names
    already there; a name that fits no row is shortened, with an ellipsis, to the room left before its neighbour,
    its full name kept for hover. A phase starting before the axis is named from the axis' start, a name that would
    run past the plot's right edge ends at it: none is cut off or left off while it has room."""
    rows: list[list[tuple[float, float]]] = [[] for _ in range(PHASE_ROWS)]
    annotations = []
    for phase in phases:
        first, last = pd.Timestamp(phase.start.first), pd.Timestamp(phase.end.last) + DAY
        if last <= plot.start or first >= plot.end:
            continue  # outside the time window shown
        label = phase.label
        width = text_width(label, PHASE_PX, bold=True)
        left = min(float(plot.x_px([max(first, plot.start)])[0]), plot.width - width)
        left = max(left, 0.0)
        free = [_room(taken, left, plot.width) for taken in rows]
        row = max(range(PHASE_ROWS), key=lambda r: (free[r] >= width, free[r], -r))
        shown = label if free[row] >= width else shortened(label, free[row], PHASE_PX, bold=True)
        if not shown:
            continue  # no room at all: the band's colour still marks the phase
        rows[row].append((left, left + text_width(shown, PHASE_PX, bold=True)))
        annotations.append({
            "x": plot.x_value(left).strftime("%Y-%m-%d %H:%M:%S"), "xanchor": "left", "xref": "x",
            "y": 1.0, "yref": "paper", "yanchor": "bottom", "yshift": PHASE_ROW_PX * row,
            "text": f"<b>{text(shown)}</b>", "showarrow": False, "font": {"size": PHASE_PX, "color": MUTED},
            **({"hovertext": text(label)} if shown != label else {}),
        })
    return annotations


def _room(taken: list[tuple[float, float]], left: float, right_edge: float) -> float:
    """The px free on a row of names from ``left`` to the next name (or ``right_edge``); 0 where a name is."""
    if any(a - PHASE_GAP_PX < left < b + PHASE_GAP_PX for a, b in taken):
        return 0.0
    return min([a - PHASE_GAP_PX for a, _ in taken if a >= left] + [right_edge]) - left


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



