"""Shared look: fonts, neutral colours, the sizes that encode casualties and location precision."""

from __future__ import annotations

import html
import math

import numpy as np
import pandas as pd

from dashboard.figures.direction import isolate

# The one palette of the page and the figures; the page's CSS variables (--ink, …) are served from it.
# Text colours pass WCAG AA on their backgrounds (ink on white 15.8:1, muted 6.4:1; tested).
PALETTE = {
    "ink": "#1f2328",
    "muted": "#57606a",
    "line": "#d0d7de",
    "panel": "#f6f8fa",
    "accent": "#0a58ca",
    "focus": "#0a58ca",
    "selected": "#fff3bf",
}
# plotly's modebar offers "Share chart", which uploads the figure and its data to Plotly's cloud. This tool
# sends nothing anywhere: every graph (app, embeds, standalone HTML) starts from this config.
NO_CLOUD = "sendChartToCloud"
OFFLINE_CONFIG = {"displaylogo": False, "showSendToCloud": False, "modeBarButtonsToRemove": [NO_CLOUD]}

INK = PALETTE["ink"]
MUTED = PALETTE["muted"]
GRID = PALETTE["line"]
# The map's colours. The border and the strike arrows differ in hue, lightness and dash, so they stay apart
# for colour-blind readers and in greyscale print: a purple dashed border, ink-black arrows with heads.
BORDER_LINE = "#7b3294"
BORDER_DASH = "dash"
BORDER_DASH_PATTERN = [3, 1.6]  # MapLibre's dash, in line widths
ARROW_LINE = "#4a4f57"  # strikes: dark enough to read on land and sea (7:1 on the land), thin so events stay on top
ARROW_PX, ARROW_PRINT_PX = 1.6, 1.3  # screen px; print px (1 pt)
SELECTION = "#111111"
LAND = "#eceae4"
LAND_FOCUS = "#fbfaf6"
OUTLINE = "#8c959f"
SEA = "#eef3f7"
UNCERTAINTY = "#6e7781"
LEADER = "#57606a"
BACKGROUND = "#6e7781"  # the background events (meta.background): grey, behind every category colour
DISPUTED = "#8a5a00"  # a ring round an event sources disagree on (dark amber: apart from every category colour)

PRECISION_LABEL = {"exact": "the place itself", "near": "near the place", "province": "province only",
                   "country": "country only", "sea": "sea area only"}
DATE_PRECISION_LABEL = {"day": "day", "week": "within about a week", "month": "month only",  # ACLED's 1, 2, 3
                        "on_or_before": "known from the day it was reported"}


def palette_css() -> str:
    """The palette as CSS custom properties, for the page's stylesheet."""
    return ":root {" + " ".join(f"--{name}: {colour};" for name, colour in PALETTE.items()) + "}\n"


MARKER_PX = 9.0  # an event's marker with no casualties
CASUALTY_SCALE = 3.2  # px of diameter per square root of killed + injured
KEY_VALUES = (1, 10, 100, 1_000, 10_000)  # the tolls a size key may show


def casualty_size(killed: pd.Series, injured: pd.Series, *, cap: float = 30.0) -> list[float]:
    """Marker diameter in px: area grows with killed + injured (square-root scale), capped."""
    total = killed.fillna(0).astype(float) + injured.fillna(0).astype(float)
    return [min(cap, MARKER_PX + CASUALTY_SCALE * math.sqrt(value)) for value in total]


def size_key(largest: float, cap: float) -> list[tuple[str, float]]:
    """What a size key shows for tolls up to ``largest`` with markers capped at ``cap`` px: up to three round tolls
    and their diameters, the last one reaching the cap read as "and more"."""
    key: list[tuple[str, float]] = []
    for value in KEY_VALUES:
        if value > largest:
            break
        diameter = MARKER_PX + CASUALTY_SCALE * math.sqrt(value)
        if diameter >= cap:
            key.append((f"{value:,}+", cap))
            break
        key.append((f"{value:,}", diameter))
    return key[-3:]


def numbers(values: pd.Series) -> np.ndarray:
    """A column as a float array for a trace: plotly takes an array whole where it checks a list item by item
    (tens of milliseconds per trace at 10,000 points), and an empty frame's column is typed as numbers too."""
    return values.to_numpy(dtype=float)


def text(value) -> str:
    """Data text made safe for plotly's HTML-like labels: shown as typed, never interpreted, and right-to-left text
    isolated so it runs in its own direction (``figures/direction.py``)."""
    return html.escape(isolate("" if value is None or value is pd.NA else str(value)), quote=False)


def casualty_text(killed, injured) -> str:
    parts = []
    if not pd.isna(killed):
        parts.append(f"{int(killed)} killed")
    if not pd.isna(injured):
        parts.append(f"{int(injured)} injured")
    return ", ".join(parts) or "casualties not reported"


def with_time(date: str, time_text, utc_text) -> str:
    """A date with the local time, its zone and the moment in UTC ("2024-01-17 23:30 Asia/Karachi (18:30 UTC)") when
    the event gives a time; else the date as it is (a missing time is NaN in a string column)."""
    return f"{date} {time_text} ({utc_text})" if isinstance(time_text, str) and time_text else date


def toll_history(reports) -> str:
    """How a toll given over time went, each field its figures by the day reported ("killed 6 (2024-01-17) → 9
    (2024-01-18)"); '' for an event whose tolls are one figure each. The views show the latest (``killed``)."""
    fields: dict[str, list[str]] = {}
    for report in reports if reports is not None else ():
        fields.setdefault(report["field"], []).append(f"{report['value']} ({report['as_of']})")
    return "; ".join(f"{field} {' → '.join(figures)}" for field, figures in fields.items() if len(figures) > 1)


def lowest_toll(reports, field: str, figure):
    """The lowest figure of ``field`` ever reported (ACLED's rule for fatalities): of a toll given over time, its
    lowest; else the one ``figure``."""
    values = [report["value"] for report in reports if report["field"] == field] if reports is not None else []
    return min(values) if values else figure


def alternatives(disagreements) -> dict[str, str]:
    """Field -> what other sources give, for an event's disagreements (the event keeps its core source's)."""
    return {d["field"]: str(d["alternative"]) for d in disagreements or () if d.get("alternative") not in (None, "")}


def disputed_line(disagreements) -> str:
    """'Sources disagree: date 2024-01-18 · killed 10', or '' when none do."""
    if not disagreements:
        return ""
    other = alternatives(disagreements)
    fields = [f"{field} {other[field]}" if field in other else field
              for field in dict.fromkeys(d["field"] for d in disagreements)]
    return "Sources disagree: " + " · ".join(fields)


def hover_text(frame: pd.DataFrame) -> list[str]:
    """Title, date (with precision), place (with precision), casualties, and what sources disagree on."""
    rows = []
    for row in frame.itertuples(index=False):
        date = row.date_text if row.date_precision == "day" else f"{row.date_text} ({DATE_PRECISION_LABEL[row.date_precision]})"
        date = with_time(date, row.time_text, row.utc_text)
        if isinstance(row.date_end_text, str) and row.date_end_text:  # a missing end is NaN in a string column
            date = f"{date} – {row.date_end_text}"
        rows.append(
            f"<b>{text(row.title)}</b><br>{text(date)} · {text(row.category_label)}<br>"
            f"{text(row.place)} ({PRECISION_LABEL.get(row.location_precision, row.location_precision)})<br>"
            f"{casualty_text(row.killed, row.injured)}"
            + (f"<br>{text(history)}" if (history := toll_history(row.toll_reports)) else "")
            + (f"<br><i>{text(disputed_line(row.disagreements))}</i>" if row.disagreements else "")
        )
    return rows
