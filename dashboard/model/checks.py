"""Rules that span the file: unique ids, declared categories and sources, links, spans, quotes.

They read the raw YAML data (not the validated models) so they still run, and still report, when
some events fail the schema: every problem of a file comes out in one pass.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from dashboard.model.named_files import named_file
from dashboard.model.problems import DataFileError, Problem, Severity
from dashboard.model.schema import parse_partial_date
from dashboard.model.yaml_source import YamlDocument, dotted, read_text

_QUOTE_MARKS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def comparable_text(text: str) -> str:
    """Whitespace and typographic quotes/dashes folded, so a quote typed with straight quotes matches."""
    return re.sub(r"\s+", " ", text.translate(_QUOTE_MARKS)).strip()


def cross_check(doc: YamlDocument, today: dt.date) -> list[Problem]:
    data = doc.data if isinstance(doc.data, dict) else {}
    events = _list(data.get("events"))
    categories = _mapping(data.get("categories"))
    sources = _mapping(data.get("sources"))
    problems: list[Problem] = []

    def report(location: tuple, message: str, severity: Severity = Severity.ERROR) -> None:
        problems.append(Problem(doc.name, doc.line_of(location), dotted(location), message, severity))

    # Sources and categories are mappings: a repeated key is refused as the YAML is read (yaml_source).
    ids = _unique_ids(doc, "events", events, report)
    _unique_ids(doc, "phases", _list(data.get("phases")), report)
    known_ids = list(ids)

    for index, event in enumerate(events):
        if not isinstance(event, dict):
            continue
        here = ("events", index)
        category = event.get("category")
        if isinstance(category, str) and categories and category not in categories:
            report((*here, "category"), f"unknown category {category!r} (declared: {', '.join(categories)})")
        for field in ("responds_to", "related"):
            for n, link in enumerate(_list(event.get(field))):
                if isinstance(link, str) and link not in ids:
                    close = difflib.get_close_matches(link, known_ids, n=1)
                    hint = f"did you mean {close[0]!r}?" if close else "give the id of an event in this file"
                    report((*here, field, n), f"links to unknown event id {link!r} ({hint})")
                elif link == event.get("id"):
                    report((*here, field, n), "an event cannot link to itself (remove the link)")
        # Every place an event names a source: its citations, its disagreements, the reports of a toll over time.
        cited = [((*here, "sources", n, "source"), _mapping(citation).get("source"))
                 for n, citation in enumerate(_list(event.get("sources")))]
        cited += [((*here, "disagreements", n, "sources", m), source)
                  for n, disagreement in enumerate(_list(event.get("disagreements")))
                  for m, source in enumerate(_list(_mapping(disagreement).get("sources")))]
        cited += [((*here, field, n, "source"), _mapping(toll_report).get("source"))
                  for field in ("killed", "injured") for n, toll_report in enumerate(_list(event.get(field)))]
        for location, source in cited:
            if isinstance(source, str) and source not in sources:
                report(location, f"unknown source {source!r} (declared: {', '.join(sources) or 'none'})")
        start, end = _date(event.get("date")), _date(event.get("date_end"))
        if start and end and end.last < start.first:
            report((*here, "date_end"), f"{end} is before the start {start} (a span ends on or after it starts)")
        if start and event.get("status", "occurred") == "occurred" and start.first > today:
            report((*here, "date"), f"{start} is in the future for an event that occurred "
                   "(check the date, or set status: planned)", Severity.WARNING)

    for index, phase in enumerate(_list(data.get("phases"))):
        if isinstance(phase, dict):
            start, end = _date(phase.get("start")), _date(phase.get("end"))
            if start and end and end.last < start.first:
                report(("phases", index, "end"), f"{end} is before the start {start} (a phase ends on or after it starts)")

    problems += _check_quotes(doc, events, sources)
    return problems


def _unique_ids(doc: YamlDocument, space: str, items: list, report) -> dict[str, int]:
    """The ``id`` of each item of the list ``space`` (its index by id); a repeated id is reported where it repeats,
    with the line of its first use."""
    ids: dict[str, int] = {}
    for index, item in enumerate(items):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            if item["id"] in ids:
                first = doc.line_of((space, ids[item["id"]], "id"))
                report((space, index, "id"), f"duplicate id {item['id']!r}, first used on line {first} "
                       f"(ids of {space} must be unique)")
            else:
                ids[item["id"]] = index
    return ids


def _check_quotes(doc: YamlDocument, events: list[dict], sources: dict[str, Any]) -> list[Problem]:
    """A quote from a source with a local copy must appear in it, verbatim."""
    texts: dict[str, str | None] = {}
    problems: list[Problem] = []
    for key, source in sources.items():
        if isinstance(source, dict) and isinstance(source.get("file"), str):
            local = named_file(doc, ("sources", key, "file"), source["file"])
            texts[key] = None
            if local.path is None:
                problems.append(local.problem)
                continue
            try:
                texts[key] = comparable_text(read_text(local.path, what="a copy of the source (text)"))
            except DataFileError as exc:
                problems += [Problem(doc.name, doc.line_of(("sources", key, "file")), f"sources.{key}.file",
                                     f"{source['file']!r}: {problem.message}") for problem in exc.problems]
    for index, event in enumerate(events):
        for n, citation in enumerate(_list(_mapping(event).get("sources"))):
            if not isinstance(citation, dict):
                continue
            text = texts.get(citation.get("source"))
            quote = citation.get("quote")
            if text and isinstance(quote, str) and comparable_text(quote) not in text:
                location = ("events", index, "sources", n, "quote")
                problems.append(Problem(doc.name, doc.line_of(location), dotted(location),
                                        f"not found verbatim in {sources[citation['source']]['file']} "
                                        "(copy the words exactly from the source)"))
    return problems


@dataclass(frozen=True)
class SourceQuotes:
    """How many of a valid file's quotes cite one source, and whether they were checked: those of a source with a
    local copy (``file``, of any kind) were found in it verbatim; the others rest on trust."""

    source: str
    quotes: int
    file: str | None

    @property
    def checked(self) -> bool:
        return self.file is not None


def quote_coverage(sources: Mapping[str, Any], cited: Iterable[str]) -> list[SourceQuotes]:
    """Per source (``Source`` models, by key), the quotes citing it (``cited``: the source key of each quote), most
    quoted first; sources no event quotes are left out."""
    counts = Counter(cited)
    return [SourceQuotes(key, n, sources[key].file) for key, n in counts.most_common() if key in sources]


def _date(value: Any):
    try:
        return parse_partial_date(value) if value is not None else None
    except ValueError:
        return None  # the schema reports it


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _mapping(value: Any) -> dict:
    return value if isinstance(value, dict) else {}
