"""The view in the query string: one schema of (encode, decode) pairs; unknown or bad keys are ignored.

``?cat=strike,diplomatic&from=2024-01-10&to=2024-01-20&sel=<id>&lanes=country`` opens that view. Values
that do not decode (a bad date, an unknown lane mode) are dropped, never an error page; values that
decode but are unknown to the current data (a category the file lacks) are dropped by ``sanitise``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlencode

LANE_MODES = ("category", "country", "actor")
STRIP_MODES = ("count", "casualties")
BASEMAPS = ("offline", "osm", "carto")
MAX_VALUE_LENGTH = 500


def _list(text: str) -> list[str]:
    return [part for part in (p.strip() for p in text.split(",")) if part]


def _date(text: str) -> str:
    return dt.date.fromisoformat(text).isoformat()


def _choice(choices: tuple[str, ...]) -> Callable[[str], str]:
    def decode(text: str) -> str:
        if text not in choices:
            raise ValueError(text)
        return text
    return decode


def _join(values: list[str]) -> str:
    return ",".join(values)


# key in the URL -> (state field, encode, decode)
SCHEMA: dict[str, tuple[str, Callable[[Any], str], Callable[[str], Any]]] = {
    "cat": ("categories", _join, _list),
    "actor": ("actors", _join, _list),
    "country": ("countries", _join, _list),
    "q": ("text", str, str),
    "from": ("start", str, _date),
    "to": ("end", str, _date),
    "lanes": ("lanes", str, _choice(LANE_MODES)),
    "strip": ("strip", str, _choice(STRIP_MODES)),
    "base": ("basemap", str, _choice(BASEMAPS)),
    "sel": ("selected", str, str),
}

DEFAULTS: dict[str, Any] = {
    "categories": [], "actors": [], "countries": [], "text": "", "start": None, "end": None,
    "lanes": "category", "strip": "count", "basemap": "offline", "selected": None,
}


def decode(search: str | None) -> dict[str, Any]:
    """Query string -> view state (defaults for anything missing, unknown or malformed)."""
    state = dict(DEFAULTS)
    try:
        parsed = parse_qs((search or "").lstrip("?"), keep_blank_values=False, max_num_fields=50)
    except ValueError:
        return state
    for key, values in parsed.items():
        if key not in SCHEMA or not values or len(values[-1]) > MAX_VALUE_LENGTH:
            continue
        name, _, decoder = SCHEMA[key]
        try:
            state[name] = decoder(values[-1])
        except ValueError:
            continue
    return state


def encode(state: dict[str, Any]) -> str:
    """View state -> query string, leaving out defaults so shared links stay short."""
    pairs = []
    for key, (name, encoder, _) in SCHEMA.items():
        value = state.get(name)
        if value in (None, "", []) or value == DEFAULTS[name]:
            continue
        pairs.append((key, encoder(value)))
    return "?" + urlencode(pairs, safe=",:") if pairs else ""


def sanitise(state: dict[str, Any], *, categories: list[str], actors: list[str], countries: list[str],
             ids: list[str]) -> dict[str, Any]:
    """Drop values the current data does not know (a stale link must not filter everything away)."""
    clean = dict(state)
    clean["categories"] = [c for c in state["categories"] if c in categories]
    clean["actors"] = [a for a in state["actors"] if a in actors]
    clean["countries"] = [c for c in state["countries"] if c in countries]
    if clean["selected"] not in ids:
        clean["selected"] = None
    return clean
