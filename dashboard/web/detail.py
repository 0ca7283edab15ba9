"""The detail panel for one event: everything an analyst needs to judge it, each source with its quote."""

from __future__ import annotations

from urllib.parse import urlparse

import pandas as pd
from dash import html

from dashboard.figures.style import DATE_PRECISION_LABEL, PRECISION_LABEL, casualty_text, toll_history, with_time
from dashboard.model.schema import SOURCE_KINDS
from dashboard.model.table import EventTable
from dashboard.web.ids import ID


def safe_link(url: str | None) -> str | None:
    """Only http(s) links reach an href; anything else is shown as text, not linked."""
    if url and urlparse(url).scheme in ("http", "https"):
        return url
    return None


def event_button(event_id: str, label: str) -> html.Button:
    """A link-like button to an event, its title running in its own direction (``dir="auto"``)."""
    return html.Button(label, id={"type": ID.EVENT_LINK, "id": event_id}, className="link-button", n_clicks=0,
                       dir="auto")


def empty_detail() -> list:
    return [html.H2("Event detail"),
            html.P("Select an event on the map, the timeline or in the table to see its sources here.", className="muted")]


def _given(value) -> bool:
    """A value the file gave (pandas shows absent text and numbers as None, NaN or NA)."""
    return value is not None and not (not isinstance(value, (list, dict)) and pd.isna(value)) and value != ""


def date_phrase(row: pd.Series) -> str:
    """An event's date as the panel and the embeds' cards say it: with its precision, and its end if it has one."""
    date = (with_time(row["date_text"], row["time_text"], row["utc_text"]) if _given(row["time_text"])
            else f"{row['date_text']} ({DATE_PRECISION_LABEL[row['date_precision']]})")  # a time is of a day
    return f"{date} to {row['date_end_text']}" if _given(row["date_end_text"]) else date


def place_phrase(row: pd.Series) -> str:
    """An event's place as a card says it: the name as written, its country, its precision."""
    where = f"{row['place']}, {row['country_name']}" if _given(row["country"]) else row["place"]  # at sea: the sea's name
    return f"{where} ({PRECISION_LABEL.get(row['location_precision'])})"


def alternative_phrase(disagreement: dict) -> str:
    """What other sources give, as the panel and the cards add it to a disagreement's note ("" when none)."""
    alternative = disagreement["alternative"]
    return f" Alternative {disagreement['field']}: {alternative}." if alternative else ""


def source_title(citation: dict) -> str:
    """A cited source's title, with its publisher when the file names one."""
    return citation["title"] + (f" ({citation['publisher']})" if citation.get("publisher") else "")


def build_detail(row: pd.Series, table: EventTable) -> list:
    date = date_phrase(row)
    # Text from the file is isolated (<bdi>) in the panel's English: a Persian place keeps its own direction. At sea
    # there is no country (NaN, which is truthy): the place is the sea area's name alone.
    where = [html.Bdi(row["place"])] + ([", ", html.Bdi(row["country_name"])] if _given(row["country"]) else [])
    place = [*where, f" ({PRECISION_LABEL.get(row['location_precision'])})"]
    border = "" if pd.isna(row["border_km"]) else f"{row['border_km']:.0f} km from the border"
    facts = [
        ("Date", date),
        ("Category", [html.Bdi(row["category_label"]), " · planned" if row["status"] == "planned" else ""]),
        ("Place", place),
        ("Border", border or "not computed (location known only to province level)"),
        ("Casualties", casualty_text(row["killed"], row["injured"])
         + (f" (the latest figures; as reported: {history})" if (history := toll_history(row["toll_reports"])) else "")),
        ("Actors", [part for i, actor in enumerate(row["actors"]) for part in ([", "] if i else []) + [html.Bdi(actor)]]
         or "not stated"),
    ]
    if _given(row["origin_country"]):
        crossed = "crossed the border" if _given(row["crossed_border"]) and bool(row["crossed_border"]) \
            else "did not cross a border"
        facts.append(("Launched from", f"{row['origin_country']} ({crossed})"))
    if _given(row["location_note"]):
        facts.append(("Location note", html.Bdi(row["location_note"])))
    children: list = [
        html.H2(row["title"], dir="auto"),
        html.Dl([part for label, value in facts for part in (html.Dt(label), html.Dd(value))], className="facts"),
        html.P(row["description"], dir="auto"),
    ]
    for disagreement in row["disagreements"]:
        children.append(html.P([html.Strong("Sources disagree. "), html.Bdi(disagreement["note"]),
                                alternative_phrase(disagreement)],
                               className="disagreement", role="note"))
    children.append(html.H3("Sources"))
    children.append(html.Ul([_source_item(c) for c in row["sources"]], className="sources"))
    links = _links(row, table)
    if links:
        children += [html.H3("Linked events"), html.Ul(links, className="links")]
    children.append(html.P(f"events file line {row['line']} · id {row['id']}", className="muted small"))
    return children


def _source_item(citation: dict) -> html.Li:
    title = source_title(citation)
    url = safe_link(citation.get("url"))
    heading = html.A(title, href=url, target="_blank", rel="noopener noreferrer", dir="auto") if url \
        else html.Span(title, dir="auto")
    kind = f" · {SOURCE_KINDS[citation['kind']]}" if citation.get("kind") in SOURCE_KINDS else ""
    parts = [heading, html.Span(kind, className="muted"), html.Blockquote(f"“{citation['quote']}”", dir="auto")]
    if citation.get("supports"):
        parts.append(html.P(["Supports: ", html.Bdi(citation["supports"])], className="muted small"))
    return html.Li(parts)


def _links(row: pd.Series, table: EventTable) -> list:
    frame = table.frame
    event_id, linked = row["id"], [*row["responds_to"], *row["related"]]
    # Only the titles needed, and one pass over the links: a file may hold a hundred thousand events.
    named = frame[frame["id"].isin(linked)] if linked else frame.iloc[0:0]
    titles = dict(zip(named["id"], named["title"], strict=True))
    items = []
    for relation, ids in (("responds to", row["responds_to"]), ("related to", row["related"])):
        items += [html.Li([f"{relation.capitalize()}: ", event_button(i, titles.get(i, i))]) for i in ids]
    # Few events answer others, of up to a million: found once per table.
    responding = frame.iloc[table.kept.get("responding", None, lambda: _responding_rows(frame))]
    answered_by = responding.loc[[event_id in ids for ids in responding["responds_to"]]]
    items += [html.Li(["Answered by: ", event_button(i, t)])
              for i, t in zip(answered_by["id"], answered_by["title"], strict=True)]
    return items


def _responding_rows(frame: pd.DataFrame):
    """Row positions of the events that respond to another."""
    return (frame["responds_to"].map(len) > 0).to_numpy().nonzero()[0]
