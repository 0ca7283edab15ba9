"""One filter feeding every view, and stepping through events in time order. Pure functions on the frame."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

import pandas as pd


@dataclass(frozen=True)
class Filters:
    """What the analyst narrowed the events to. Empty means 'no restriction'."""

    categories: tuple[str, ...] | None = None  # None: every category; (): none
    actors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    text: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    ids: tuple[str, ...] | None = None  # a box or lasso selection on the map; None = no box
    disputed: bool = False  # only events sources disagree on

    def without_window(self) -> Filters:
        """For the timeline, which shows the window rather than being filtered by it."""
        return replace(self, start=None, end=None)

    def without_box(self) -> Filters:
        """For the map, which shows its own box selection rather than being filtered by it."""
        return replace(self, ids=None)

    def describe(self) -> str:
        """A caption-ready summary of the active filters."""
        parts = []
        if self.start or self.end:
            parts.append(f"{self.start or '…'} to {self.end or '…'}")
        if self.categories is not None:
            parts.append("categories: " + (", ".join(self.categories) or "none"))
        if self.actors:
            parts.append("actors: " + ", ".join(self.actors))
        if self.countries:
            parts.append("countries: " + ", ".join(self.countries))
        if self.text:
            parts.append(f'text: "{self.text}"')
        if self.disputed:
            parts.append("disputed only")
        if self.ids is not None:
            parts.append(f"{len(self.ids)} selected on the map")
        return "; ".join(parts) or "all events"


def facets(frame: pd.DataFrame) -> dict[str, list]:
    """What the browser needs to answer the category boxes and the disputed switch itself, before the server's
    figures (``assets/filter.js``), for each event of ``frame``: its category and whether sources disagree on it, as
    ``filter_mask`` tests them. Columns of one list each: the timeline's figure carries them in its events' ``meta``."""
    return {"category": frame["category"].tolist(), "disputed": frame["disputed"].astype(bool).tolist()}


SEARCHED_COLUMNS = ("title", "description", "place", "province", "category_label", "country_name", "time_text",
                    "utc_text")


def filter_mask(frame: pd.DataFrame, filters: Filters) -> pd.Series:
    """Boolean mask of the events passing every filter. Spans pass a window they overlap."""
    mask = pd.Series(True, index=frame.index)
    if filters.categories is not None:
        mask &= frame["category"].isin(filters.categories)
    if filters.countries:
        mask &= frame["point_country"].isin(filters.countries)
    if filters.actors:
        wanted = set(filters.actors)
        mask &= frame["actors"].map(lambda actors: not wanted.isdisjoint(actors))
    if filters.start:
        mask &= frame["date_end"] >= pd.Timestamp(filters.start)
    if filters.end:
        mask &= frame["date"] <= pd.Timestamp(filters.end)
    if filters.text.strip():
        needle = filters.text.strip().casefold()
        haystack = frame[list(SEARCHED_COLUMNS)].fillna("").astype(str).agg(" ".join, axis=1)
        # Flags are searchable as words: "disputed", "month only", "province only", "planned"…
        haystack = haystack + " " + frame["actors"].map(" ".join) + " " + frame["flags"].map(
            lambda flags: " ".join(flag.replace("_", " ") for flag in flags))
        mask &= haystack.str.casefold().str.contains(needle, regex=False)
    if filters.disputed:
        mask &= frame["disputed"]
    if filters.ids is not None:
        mask &= frame["id"].isin(filters.ids)
    return mask


def apply_filters(frame: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The events passing every filter. Nothing filtered out: the frame itself, shallowly (pandas copies on write:
    the table's frame stays as it is). A loaded table's rows are asked for through ``state.view.filtered``, which
    keeps the last results."""
    mask = filter_mask(frame, filters)
    return frame.iloc[:] if mask.all() else frame[mask]


def step(ordered_ids: Sequence[str], current: str | None, direction: int) -> str | None:
    """The next (+1) or previous (-1) id in time order; from nothing, the first (or last)."""
    if not ordered_ids:
        return None
    if current not in ordered_ids:
        return ordered_ids[0] if direction > 0 else ordered_ids[-1]
    position = list(ordered_ids).index(current) + direction
    return ordered_ids[max(0, min(position, len(ordered_ids) - 1))]


def options(frame: pd.DataFrame) -> dict[str, list[str]]:
    """The values the filters can take in this frame, sorted for display."""
    actors = sorted({actor for actors in frame["actors"] for actor in actors}, key=str.casefold)
    return {
        "actors": actors,
        "countries": sorted(c for c in frame["point_country"].dropna().unique()),
    }
