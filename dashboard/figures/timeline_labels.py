"""Where the timeline's event titles go: full titles, wrapped, placed by a collision layout that measures text.

The layout works in the pixels of the plot the labels will be drawn in (the app's nominal panel, or an
export's exact plot box), with the marker of every event and the selection ring as obstacles. Each label,
most important event first (``MAX_LABELS`` at most), takes the first free spot of its candidates: beside its
marker (right, then left), then above or below it at growing distances, reaching into neighbouring lanes if
need be, joined to its marker by a leader line. A title that fits nowhere is left out; the hover gives it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.figures.measure import LINE_HEIGHT, text_width, wrap_text
from dashboard.figures.obstacles import Obstacles, boxes_along

LABEL_PX = 11.0
PLOTLY_LINE_SPACING = 1.3  # em between the lines of a plotly text (its svg_text_utils LINE_SPACING)
MAX_LINE_SHARE = 0.28  # a wrapped line is at most this share of the plot's width, within these bounds
MIN_LINE_PX, MAX_LINE_PX = 120.0, 230.0
RING_PX = 13.0  # the selection ring's radius: no label sits under it
GAP_PX = 4.0
LABEL_GAP_PX = 3.0  # between two titles, with the line's own leading: stacked titles read as two, not one
RETRIED = 5  # layouts also tried with one of the most important unplaced labels first
MAX_LABELS = 80  # the most important events tried: past that a timeline is a density, read by hover
DAY = pd.Timedelta(days=1)


@dataclass(frozen=True)
class PlotBox:
    """The plot's size in px and what its axes show (with the stretches a broken axis hides), to turn data
    into px and back."""

    width: float
    height: float
    start: pd.Timestamp
    end: pd.Timestamp
    y_low: float
    y_high: float
    breaks: tuple[tuple[pd.Timestamp, pd.Timestamp], ...] = ()

    def _shown_days(self, when: pd.Series) -> np.ndarray:
        """Days from the start to each time, less the hidden days before it."""
        days = ((when - self.start) / DAY).to_numpy(dtype=float)
        for low, high in self.breaks:
            hidden_before = ((when.clip(lower=low, upper=high) - low) / DAY).to_numpy(dtype=float)
            days = days - hidden_before
        return days

    @property
    def _px_per_day(self) -> float:
        shown = (self.end - self.start) / DAY - sum((high - low) / DAY for low, high in self.breaks)
        return self.width / max(shown, 1e-9)

    def x_px(self, x) -> np.ndarray:
        return self._shown_days(pd.to_datetime(pd.Series(x))) * self._px_per_day

    def y_px(self, y) -> np.ndarray:
        return (self.y_high - np.asarray(y, dtype=float)) * self.height / (self.y_high - self.y_low)

    def x_value(self, px: float) -> pd.Timestamp:
        when = self.start + DAY * (px / self._px_per_day)
        for low, high in sorted(self.breaks):
            if when >= low:
                when += high - low
        return when

    @property
    def lane_px(self) -> float:
        """The height of one lane (one unit of y) in px."""
        return self.height / (self.y_high - self.y_low)

    def y_value(self, px: float) -> float:
        return self.y_high - px * (self.y_high - self.y_low) / self.height


@dataclass(frozen=True)
class TimelineLabel:
    position: int  # row of the event in the frame
    text: str  # lines joined by <br>
    x: pd.Timestamp  # the centre of the label's box
    y: float
    leader: tuple[pd.Timestamp, float, pd.Timestamp, float] | None  # from the marker's edge to the label's
    box: tuple[float, float, float, float]  # px in the plot


def importance(frame: pd.DataFrame) -> pd.Series:
    """How much an event's label matters: casualties, then crossing a border, then responding to another."""
    return (frame["killed"].fillna(0).astype(float) + frame["injured"].fillna(0).astype(float)
            + 25 * frame["crossed_border"].fillna(False).astype(float) + 5 * frame["responds_to"].map(bool))


def _inside(box, plot: PlotBox) -> bool:
    return box[0] >= 2 and box[1] >= 2 and box[2] <= plot.width - 2 and box[3] <= plot.height - 2


def place_labels(frame: pd.DataFrame, xs: pd.Series, y: pd.Series, sizes: list[float], plot: PlotBox,
                 segments: list | None = None, reserved: list | None = None) -> list[TimelineLabel]:
    """Labels for as many events as fit, most important first; none overlaps another label, a marker, the
    selection ring or a ``reserved`` box (px in the plot: lanes' names set in it), and none leaves the plot.

    Greedy placement can let one label take the only spot of a more important neighbour's; so the layout is
    also tried with each of the ``RETRIED`` most important labels that found no spot placed first, and the
    layout naming the most important events is kept.
    """
    if frame.empty:
        return []
    layout = _Layout(frame, xs, y, sizes, plot, segments or [], reserved or [])
    weight = importance(frame).reset_index(drop=True)
    order = list(weight.sort_values(ascending=False, kind="stable").index[:MAX_LABELS])
    best = layout.place(order)
    for missing in [p for p in order[:RETRIED] if p not in {label.position for label in best}]:
        tried = layout.place([missing, *[p for p in order if p != missing]])
        if _score(tried, weight) > _score(best, weight):
            best = tried
    return sorted(best, key=lambda label: label.position)


def _segment_boxes(segments: list, plot: PlotBox) -> np.ndarray:
    """Obstacle boxes along each drawn line (x0, y0, x1, y1 in data): links, whiskers and other dates."""
    if not segments:
        return np.empty((0, 4))
    x0, y0, x1, y1 = zip(*segments, strict=True)
    return boxes_along(np.column_stack([plot.x_px(x0), plot.y_px(y0)]), np.column_stack([plot.x_px(x1), plot.y_px(y1)]))


def _score(labels: list[TimelineLabel], weight: pd.Series) -> tuple[float, int]:
    return float(sum(weight.iloc[label.position] for label in labels)), len(labels)


class _Layout:
    """The plot's markers in px and each event's wrapped title, ready to place in any order."""

    def __init__(self, frame: pd.DataFrame, xs: pd.Series, y: pd.Series, sizes: list[float], plot: PlotBox,
                 segments: list, reserved: list):
        self.frame, self.plot, self.lane_px = frame, plot, plot.lane_px
        self.px_x, self.px_y = plot.x_px(xs), plot.y_px(y)
        self.radius = np.maximum(np.asarray(sizes, dtype=float) / 2, 3.0)
        keep_clear = np.maximum(self.radius, RING_PX)
        self.markers = np.vstack([np.column_stack([self.px_x - keep_clear, self.px_y - keep_clear,
                                                   self.px_x + keep_clear, self.px_y + keep_clear]),
                                  _segment_boxes(segments, plot), np.asarray(reserved, dtype=float).reshape(-1, 4)])
        self.max_line = min(MAX_LINE_PX, max(MIN_LINE_PX, plot.width * MAX_LINE_SHARE))

    def place(self, order: list[int]) -> list[TimelineLabel]:
        obstacles = Obstacles(self.markers)
        placed: list[TimelineLabel] = []
        for position in order:
            label = self._place_one(position, obstacles)
            if label is not None:
                x0, y0, x1, y1 = label.box
                obstacles.add((x0 - LABEL_GAP_PX, y0 - LABEL_GAP_PX, x1 + LABEL_GAP_PX, y1 + LABEL_GAP_PX))
                placed.append(label)
        return placed

    def _place_one(self, position: int, obstacles: Obstacles) -> TimelineLabel | None:
        plot = self.plot
        x, yy = float(self.px_x[position]), float(self.px_y[position])
        if not 0 <= x <= plot.width:
            return None
        lines = wrap_text(str(self.frame["title"].iloc[position]), self.max_line, LABEL_PX)
        if not lines:
            return None
        width = max(text_width(line, LABEL_PX) for line in lines)
        height = ((len(lines) - 1) * PLOTLY_LINE_SPACING + LINE_HEIGHT) * LABEL_PX  # as the browser boxes it
        radius = float(self.radius[position])
        reach = max(radius, RING_PX) + GAP_PX
        candidates = [(x + reach, yy - height / 2, False), (x - reach - width, yy - height / 2, False)]
        # Above or below, at growing distances; a leader line keeps the title tied to its marker when it
        # reaches into a neighbouring lane.
        for step in range(1, 1 + max(2, int(2.5 * self.lane_px // (height + GAP_PX)))):
            rise = reach + (step - 1) * (height + GAP_PX)
            for dx in (-width * 0.15, -width * 0.85, -width * 0.5, width * 0.2, -width * 1.2):
                candidates += [(x + dx, yy - rise - height, True), (x + dx, yy + rise, True)]
        for left, top, leader in candidates:
            box = (left, top, left + width, top + height)
            if _inside(box, plot) and obstacles.free(box):
                line = None
                if leader:
                    end_y = top + height if top < yy else top
                    start_y = yy - radius if end_y < yy else yy + radius
                    line = (plot.x_value(x), plot.y_value(start_y),
                            plot.x_value(min(max(x, left), left + width)), plot.y_value(end_y))
                return TimelineLabel(int(position), "<br>".join(lines), plot.x_value(left + width / 2),
                                     plot.y_value(top + height / 2), line, box)
        return None
