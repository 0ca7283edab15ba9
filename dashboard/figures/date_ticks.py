"""The dates a time axis of known pixels names: a regular step, each label measured, none running into another.

plotly picks date ticks by itself when the axis' pixels are unknown (the app's panel follows its window). Where
they are known (an embed laid out for its frame, a printed page), the ticks are chosen here instead: plotly's
own choice ignores the axis' breaks, so two ticks either side of a break can sit a few px apart, their labels
over each other ("17 Dec 2023" over "9 Jan 2024")."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from dashboard.figures.measure import text_width
from dashboard.figures.style import text
from dashboard.figures.timeline_labels import PlotBox

TICK_GAP_PX = 14.0  # between two dates' labels: what keeps them reading as two
BREAK_MARK_PX = 16.0  # the break's sign ("//") on the axis, which no date's label may cover
# Steps from finest to coarsest: pandas offsets, and how a date is named at that step (the year under the first
# date and under the first of each year).
STEPS = (("D", "%-d %b"), ("2D", "%-d %b"), ("W-MON", "%-d %b"), ("2W-MON", "%-d %b"), ("MS", "%b"),
         ("2MS", "%b"), ("QS", "%b"), ("6MS", "%b"), ("YS", "%Y"), ("2YS", "%Y"), ("5YS", "%Y"), ("10YS", "%Y"))


class DateTicks(NamedTuple):
    values: list[str]  # dates, YYYY-MM-DD
    labels: list[str]  # plotly text (a line break before a year)


def date_ticks(plot: PlotBox, size: float) -> DateTicks:
    """The dates to name under ``plot``'s time axis in labels of ``size`` px: the finest step of ``STEPS`` whose
    labels, measured, keep ``TICK_GAP_PX`` apart on average; then, left to right, each date whose label clears
    the one kept before it (a date in a break is not on the axis, and two either side of a break may be close)."""
    marks = [float(x) for x in plot.x_px([low for low, _ in plot.breaks])] if plot.breaks else []
    for step, form in STEPS:
        dates, widths = _candidates(plot, step, form, size)
        if dates and plot.width / len(dates) >= max(widths) + TICK_GAP_PX:
            kept = _apart(plot.x_px(dates), widths, plot.width, marks)
            return DateTicks([dates[i].strftime("%Y-%m-%d") for i in kept], _labels([dates[i] for i in kept], form))
    # An axis too short for any step (a few days in a narrow frame): the first day whose label fits clear.
    dates, widths = _candidates(plot, "D", "%-d %b", size)
    kept = _apart(plot.x_px(dates), widths, plot.width, marks)[:1] if dates else []
    return DateTicks([dates[i].strftime("%Y-%m-%d") for i in kept], _labels([dates[i] for i in kept], "%-d %b"))


def _candidates(plot: PlotBox, step: str, form: str, size: float) -> tuple[list[pd.Timestamp], list[float]]:
    """The dates of ``step`` on the axis (none in a break), and their labels' widths in px, measured as if each
    carried its year (a date kept may take over the year of one dropped before it)."""
    dates = [d for d in pd.date_range(plot.start.ceil("D"), plot.end, freq=step)
             if not any(low <= d < high for low, high in plot.breaks)]
    return dates, [max(text_width(d.strftime(form), size), text_width(str(d.year), size)) for d in dates]


def _apart(xs, widths: list[float], plot_width: float, marks: list[float]) -> list[int]:
    """The positions of the dates whose centred labels clear the label kept before them by ``TICK_GAP_PX`` and
    every break's sign at ``marks`` (px)."""
    kept: list[int] = []
    right_edge = float("-inf")
    for i, (x, width) in enumerate(zip(xs, widths, strict=True)):
        clear_of_marks = all(abs(x - mark) >= width / 2 + BREAK_MARK_PX / 2 for mark in marks)
        inside = width / 2 <= x <= plot_width - width / 2  # past the plot, a label meets the axes' own
        if inside and clear_of_marks and x - width / 2 >= right_edge + TICK_GAP_PX:
            kept.append(i)
            right_edge = x + width / 2
    return kept


def _labels(dates: list[pd.Timestamp], form: str) -> list[str]:
    """Each date named at its step; the first date, and the first of each new year, with the year under it."""
    labels, year = [], None
    for date in dates:
        label = text(date.strftime(form))
        labels.append(label + f"<br>{date.year}" if "%Y" not in form and date.year != year else label)
        year = date.year
    return labels
