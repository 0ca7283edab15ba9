"""An embed's event card: what a reader of a report sees on a click, a tap or Enter on an event, the facts the
app's detail panel gives (date and place with their precision, casualties, what sources disagree on, each source
with its quote), as data the embed page writes as text (``/embed/event/<id>.json``)."""

from __future__ import annotations

from urllib.parse import urlencode

from dashboard.figures.style import casualty_text
from dashboard.model.schema import SOURCE_KINDS
from dashboard.model.table import EventTable, row_of
from dashboard.web.detail import alternative_phrase, date_phrase, place_phrase, safe_link, source_title

MAX_LISTED = 300  # events an embed lists for the keyboard (the latest, past this: a list, not a data dump)


def event_card(table: EventTable, event_id: str, app_root: str) -> dict | None:
    """The card of ``event_id`` (None for an id the data does not hold); its links only ``http(s)``, and a link to
    the event in the app at ``app_root``."""
    index = row_of(table.frame, event_id)
    if index is None:
        return None
    row = table.frame.iloc[index]
    disagreements = [d["note"] + alternative_phrase(d) for d in row["disagreements"]]
    sources = [{"title": source_title(c),
                "kind": SOURCE_KINDS.get(c.get("kind"), ""), "url": safe_link(c.get("url")), "quote": c["quote"]}
               for c in row["sources"]]
    return {"id": event_id, "title": row["title"], "date": date_phrase(row), "place": place_phrase(row),
            "casualties": casualty_text(row["killed"], row["injured"]), "disagreements": disagreements,
            "sources": sources, "view": f"{app_root}?{urlencode({'sel': event_id})}"}


def listed(table: EventTable, ids: list[str]) -> list[tuple[str, str]]:
    """(id, "date · title") of the events an embed shows, for its keyboard list: in time order, the last
    ``MAX_LISTED`` when there are more."""
    frame = table.frame
    shown = frame[frame["id"].isin(set(ids))].tail(MAX_LISTED)
    return [(i, f"{date} · {title}") for i, date, title in zip(shown["id"], shown["date_text"], shown["title"],
                                                                strict=True)]
