"""The event table: a real HTML table (the accessible alternative to the charts), sorted and paged on the server."""

from __future__ import annotations

import math

import pandas as pd
from dash import html

from dashboard.figures.style import alternatives, casualty_text, toll_history
from dashboard.model.table import row_of
from dashboard.web.detail import event_button
from dashboard.web.ids import ID

PAGE_SIZE = 15
COLUMNS = [  # (column, header, sort key)
    ("date", "Date", "date"),
    ("title", "Event", "title"),
    ("category_label", "Category", "category_label"),
    ("place", "Place", "place"),
    ("point_country", "Country", "country_shown"),
    ("casualties", "Killed / injured", "casualties"),
]
SORTABLE = {key for _, _, key in COLUMNS}
DEFAULT_STATE = {"column": "date", "ascending": True, "page": 0}


SHOWN = ["id", "date_text", "time_text", "title", "category_label", "place", "killed", "injured", "toll_reports", "disagreements"]


def sort_frame(frame: pd.DataFrame, column: str, ascending: bool, countries: dict[str, str] | None = None) -> pd.DataFrame:
    """The columns the table shows (``country_shown``: the country's name), sorted by ``column``, then date and id.
    Casualties sort by killed, then injured (9 killed and 3 injured rank below 11 killed); countries by their
    names, as shown; text without regard to case. Frames come in date and id order (``build_frame``, the ACLED
    reader) and the sort is stable, so only the column is sorted (a hundred thousand rows: the rest are taken
    once, in order)."""
    if column not in SORTABLE:
        column = "date"
    codes = frame["point_country"]
    country_shown = codes.map({code: _country(code, countries) for code in codes.dropna().unique()}).fillna("–")
    if column == "casualties":
        keys = pd.DataFrame({"killed": frame["killed"].fillna(-1).astype(float),
                             "injured": frame["injured"].fillna(-1).astype(float)})
        order = keys.sort_values(["killed", "injured"], ascending=ascending, kind="stable").index
    else:
        key = country_shown if column == "country_shown" else frame[column]
        folded = key.str.casefold() if pd.api.types.is_string_dtype(key) else key
        order = folded.sort_values(ascending=ascending, kind="stable").index
    return frame.loc[order, SHOWN].assign(country_shown=country_shown.loc[order])


def _country(code, countries: dict[str, str] | None) -> str:
    if not isinstance(code, str) or not code:
        return "–"
    return (countries or {}).get(code, code)


def _with_alternative(shown: str, field: str, other: dict[str, str]) -> list:
    """A cell's value, and what other sources give for it, marked so it is seen and read out."""
    if field not in other:
        return [html.Bdi(shown)]
    return [html.Bdi(shown), html.Span([" (disputed: ", html.Bdi(other[field]), ")"], className="disputed-mark",
                             title="Sources disagree; the detail panel says which")]


def page_holding(ordered: pd.DataFrame, event_id: str | None) -> int | None:
    """The page on which ``event_id`` sits in the sorted frame (None when it is not there)."""
    position = row_of(ordered, event_id)
    return position // PAGE_SIZE if position is not None else None


def build_table(ordered: pd.DataFrame, *, column: str, ascending: bool, page: int, selected: str | None) -> list:
    """The table for a frame already sorted by ``sort_frame`` (which names the countries)."""
    pages = max(1, math.ceil(len(ordered) / PAGE_SIZE))
    page = max(0, min(page, pages - 1))
    rows = ordered.iloc[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
    header = html.Tr([
        html.Th(html.Button([label, html.Span(_arrow(key == column, ascending), **{"aria-hidden": "true"})],
                            id={"type": ID.SORT, "column": key}, className="sort-button", n_clicks=0),
                scope="col", **{"aria-sort": ("ascending" if ascending else "descending") if key == column else "none"})
        for _, label, key in COLUMNS
    ])
    body = [
        html.Tr([
            html.Td(_with_alternative(f"{row.date_text} {row.time_text}" if isinstance(row.time_text, str)
                                      else row.date_text, "date", other)),
            html.Td(event_button(row.id, row.title)),
            html.Td(html.Bdi(row.category_label)),
            html.Td(_with_alternative(row.place, "place", other)),
            html.Td(html.Bdi(row.country_shown)),
            html.Td(_casualties_cell(row, other)),
        ], className="selected-row" if row.id == selected else None, **({"aria-selected": "true"} if row.id == selected else {}))
        for row in rows.itertuples(index=False)
        for other in [alternatives(row.disagreements)]
    ]
    header_of = {key: header for _, header, key in COLUMNS}
    caption = (f"{len(ordered)} events, sorted by {header_of.get(column, 'Date')} "
               f"({'ascending' if ascending else 'descending'}); page {page + 1} of {pages}")
    return [
        html.Table([html.Caption(caption), html.Thead(header), html.Tbody(body)], className="events-table"),
        html.Div([
            html.Button("‹ Previous page", id={"type": ID.PAGE, "step": -1}, n_clicks=0, disabled=page == 0),
            html.Span(f"Page {page + 1} of {pages}", className="muted"),
            html.Button("Next page ›", id={"type": ID.PAGE, "step": 1}, n_clicks=0, disabled=page >= pages - 1),
        ], className="pager"),
    ]


def _casualties_cell(row, other: dict[str, str]) -> list:
    shown = casualty_text(row.killed, row.injured) if not (pd.isna(row.killed) and pd.isna(row.injured)) else "–"
    disputed = [f"{field} {other[field]}" for field in ("killed", "injured") if field in other]
    history = toll_history(row.toll_reports)
    changed = [html.Span(" (changed)", className="disputed-mark", title=f"As reported: {history}")] if history else []
    if not disputed:
        return [shown, *changed]
    return [shown, *changed, html.Span(f" (disputed: {', '.join(disputed)})", className="disputed-mark",
                                       title="Sources disagree; the detail panel says which")]


def _arrow(active: bool, ascending: bool) -> str:
    return (" ▲" if ascending else " ▼") if active else " ↕"
