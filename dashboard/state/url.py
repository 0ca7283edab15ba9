"""The view in the query string: one schema of (encode, decode) pairs; unknown or bad keys are ignored.

``?cat=strike,diplomatic&from=2024-01-10&to=2024-01-20&sel=<id>&lanes=country`` opens that view; ``box=<id>,<id>``
is a box or lasso selection on the map, ``map=<lat>,<lon>,<zoom>`` the map's camera. Values
that do not decode (a bad date, an unknown lane mode) are dropped, never an error page; values that
decode but are unknown to the current data (a category the file lacks) are dropped by ``sanitise``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from typing import Any
from urllib.parse import parse_qs, urlencode

from dashboard.state.modes import Basemap, Framing, Lanes, Links, Strip

MAX_VALUE_LENGTH = 500
# A selection of a few hundred ids; longer ones stay in the app, out of the link. With the other keys (each at most
# ``MAX_VALUE_LENGTH``, a few in use) a link stays within gunicorn's 8,190-byte request line (gunicorn_conf.py).
MAX_LENGTHS = {"box": 6_000}


def _list(text: str) -> list[str]:
    return [part for part in (p.strip() for p in text.split(",")) if part]


def _date(text: str) -> str:
    return dt.date.fromisoformat(text).isoformat()


def _choice(mode: type[StrEnum]) -> Callable[[str], StrEnum]:
    def decode(text: str) -> StrEnum:
        return mode(text)  # ValueError for anything else
    return decode


def _one_of(mode: type[StrEnum]) -> str:
    return "one of " + ", ".join(mode)


def _join(values: list[str]) -> str:
    return ",".join(values)


def _flag(text: str) -> list[str]:
    """A switch: on as ``only`` (the checkbox's value), or any of 1, true, yes."""
    if text.casefold() in ("only", "1", "true", "yes"):
        return ["only"]
    raise ValueError(text)


def _camera(text: str) -> dict[str, float]:
    lat, lon, zoom = (float(part) for part in text.split(","))  # ValueError unless exactly three numbers
    if not (-85.06 <= lat <= 85.06 and -180 <= lon <= 180 and 0 <= zoom <= 22):
        raise ValueError(text)
    return {"lat": lat, "lon": lon, "zoom": zoom}


def _camera_text(camera: dict[str, float]) -> str:
    return f"{camera['lat']:.4f},{camera['lon']:.4f},{camera['zoom']:.2f}"


# key in the URL -> (state field, encode, decode)
SCHEMA: dict[str, tuple[str, Callable[[Any], str], Callable[[str], Any]]] = {
    "cat": ("categories", _join, _list),
    "actor": ("actors", _join, _list),
    "country": ("countries", _join, _list),
    "q": ("text", str, str),
    "from": ("start", str, _date),
    "to": ("end", str, _date),
    "lanes": ("lanes", str, _choice(Lanes)),
    "strip": ("strip", str, _choice(Strip)),
    "base": ("basemap", str, _choice(Basemap)),
    "frame": ("framing", str, _choice(Framing)),
    "links": ("links", str, _choice(Links)),
    "sel": ("selected", str, str),
    "disputed": ("disputed", _join, _flag),
    "box": ("box", _join, _list),
    "map": ("camera", _camera_text, _camera),
}

HINTS = {
    "cat": "category ids, comma-separated", "actor": "actor names, comma-separated",
    "country": "ISO codes, comma-separated", "q": "search text", "from": "a date YYYY-MM-DD", "to": "a date YYYY-MM-DD",
    "lanes": _one_of(Lanes), "strip": _one_of(Strip), "base": _one_of(Basemap), "frame": _one_of(Framing),
    "links": _one_of(Links), "sel": "an event id",
    "disputed": "only (events sources disagree on)", "box": "event ids selected on the map, comma-separated",
    "map": "the map's centre and zoom: latitude,longitude,zoom",
}

DEFAULTS: dict[str, Any] = {
    "categories": [], "actors": [], "countries": [], "text": "", "start": None, "end": None,
    "lanes": Lanes.CATEGORY, "strip": Strip.COUNT, "basemap": Basemap.OFFLINE, "framing": Framing.THEATRE,
    "links": Links.SELECTED, "selected": None, "disputed": [],
    "box": [], "camera": None,
}


# An embed's own keys, beside its view's: "0" hides its title or its credit line (a host page with its own).
CHROME = ("title", "credit")


def chrome(search: str | None) -> dict[str, bool]:
    """Which parts of an embed's frame its URL shows: ``{"title": True, "credit": True}`` unless set to 0."""
    parsed = parse_qs((search or "").lstrip("?"), max_num_fields=50)
    return {key: parsed.get(key, ["1"])[-1] != "0" for key in CHROME}


def decode(search: str | None) -> dict[str, Any]:
    """Query string -> view state (defaults for anything missing, unknown or malformed)."""
    return decode_strict(search)[0]


def decode_strict(search: str | None) -> tuple[dict[str, Any], list[str]]:
    """The state, and what was ignored in it: the app ignores those, the command line refuses them."""
    state = dict(DEFAULTS)
    problems: list[str] = []
    try:
        parsed = parse_qs((search or "").lstrip("?"), keep_blank_values=True, max_num_fields=50)
    except ValueError as exc:
        return state, [f"not a query string ({exc})"]
    for key, values in parsed.items():
        if key not in SCHEMA:
            problems.append(f"unknown key {key!r} (known: {', '.join(SCHEMA)})")
            continue
        if not values[-1]:
            continue
        if not fits(key, values[-1]):
            problems.append(f"{key}: longer than {MAX_LENGTHS.get(key, MAX_VALUE_LENGTH)} characters")
            continue
        name, _, decoder = SCHEMA[key]
        try:
            state[name] = decoder(values[-1])
        except ValueError:
            problems.append(f"{key}: {values[-1]!r} is not valid ({HINTS[key]})")
    return state, problems


def fits(key: str, text: str) -> bool:
    """Whether a value is short enough to be read back from a link."""
    return len(text) <= MAX_LENGTHS.get(key, MAX_VALUE_LENGTH)


def encode(state: dict[str, Any]) -> str:
    """View state -> query string, leaving out defaults so shared links stay short (and values too long to be
    read back: the app says so where it shows them)."""
    pairs = []
    for key, (name, encoder, _) in SCHEMA.items():
        value = state.get(name)
        if value in (None, "", []) or value == DEFAULTS[name]:
            continue
        if fits(key, encoded := encoder(value)):
            pairs.append((key, encoded))
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
    known = set(ids)
    clean["box"] = [i for i in state["box"] if i in known]
    return clean
