"""The events file format, as pydantic models: what a curator may write and what each field means.

A file holds ``meta``, the ``sources`` its events cite, the ``categories`` vocabulary (label, colour,
description), optional named ``phases`` and the ``events``. Field-level rules live here; rules that
span the file (unique ids, links, declared categories) live in ``dashboard.model.checks``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass
from typing import Annotated, Any, Literal
from urllib.parse import urlparse

import pycountry
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag, model_validator


@dataclass(frozen=True, order=True)
class PartialDate:
    """A day (``2024-01-16``) or a whole month when that is all a source says (``2023-12``)."""

    first: dt.date
    last: dt.date
    precision: str

    def __str__(self) -> str:
        if self.precision == "on_or_before":
            return f"{ON_OR_BEFORE}{self.last.isoformat()}"
        return self.first.isoformat() if self.precision == "day" else self.first.strftime("%Y-%m")


ON_OR_BEFORE = "on or before "  # an event known only from the day it was reported: "on or before 2024-01-20"
_DATE_FORMS = ("write YYYY-MM-DD, YYYY-MM when only the month is known, or \"on or before YYYY-MM-DD\" when only "
               "the day it was reported is")


def parse_partial_date(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a date ({_DATE_FORMS})")
    text = value.strip()
    if text.lower().startswith(ON_OR_BEFORE):
        day = parse_partial_date(text[len(ON_OR_BEFORE):])
        if day.precision != "day":
            raise ValueError(f"{text!r} is not a date: on or before a day ({_DATE_FORMS})")
        return PartialDate(day.first, day.last, "on_or_before")
    parts = text.split("-")
    try:
        if len(parts) == 3 and len(parts[0]) == 4:
            day = dt.date.fromisoformat(text)
            return PartialDate(day, day, "day")
        if len(parts) == 2 and len(parts[0]) == 4 and len(parts[1]) == 2:
            year, month = int(parts[0]), int(parts[1])
            last_day = calendar.monthrange(year, month)[1]
            return PartialDate(dt.date(year, month, 1), dt.date(year, month, last_day), "month")
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a real date: {exc} ({_DATE_FORMS})") from None
    raise ValueError(f"{text!r} is not a date ({_DATE_FORMS})")


def _within_years(date: PartialDate) -> PartialDate:
    """Dates the figures draw: ``YEARS``. (A timeline's axis reaches a day either side of its events, and pandas'
    timestamps end in 2262: year 1 or 9999 would pass a date check and fail every figure.)"""
    low, high = YEARS
    if not low <= date.first.year <= high:
        raise ValueError(f"{date} is outside the years {low}–{high}, the ones the map and timeline draw (write a date "
                         f"from {low}-01-01 to {high}-12-31)")
    return date


def http_url(value: str) -> str:
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValueError(f"{value!r} is not an http(s) link (write https://…)")
    return value


YEARS = (1900, 2100)
DateValue = Annotated[PartialDate, BeforeValidator(parse_partial_date), AfterValidator(_within_years)]
SLUG_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
COUNTRY_PATTERN = r"^[A-Z]{2}$"
COLOUR_PATTERN = r"^#[0-9a-fA-F]{6}$"
TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$"
PATTERN_HINTS = {
    TIME_PATTERN: "a time of day, HH:MM on the 24-hour clock, e.g. 23:30",
    SLUG_PATTERN: "an id of lower-case letters, digits, '-' or '_'",
    COUNTRY_PATTERN: "an ISO 3166-1 alpha-2 country code: two capital letters, e.g. FR",
    COLOUR_PATTERN: "a hex colour such as #0072B2",
}
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=64)]
CountryCode = Annotated[str, Field(pattern=COUNTRY_PATTERN)]
Colour = Annotated[str, Field(pattern=COLOUR_PATTERN)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
ShortText = Annotated[str, Field(min_length=1, max_length=160)]
MAX_COUNT = 100_000_000  # killed or injured in one event: more than any war's, and within every column's type
Count = Annotated[int, Field(strict=True, ge=0, le=MAX_COUNT)]
Url = Annotated[str, AfterValidator(http_url)]


LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$"  # language[-Script][-REGION]


def language_tag(value: str) -> str:
    """A BCP 47 tag of a language, an optional script and region (``fa``, ``zh-Hant``, ``pt-BR``), each part one
    the ISO registries know (pycountry's ISO 639, 15924 and 3166 tables)."""
    if not re.fullmatch(LANGUAGE_PATTERN, value):
        raise ValueError(f"{value!r} is not a language tag (write a BCP 47 tag such as en, fa, ur, zh-Hans or pt-BR)")
    language, *rest = value.split("-")
    found = [pycountry.languages.get(**{"alpha_2" if len(language) == 2 else "alpha_3": language})]
    found += [pycountry.scripts.get(alpha_4=part) if len(part) == 4 else pycountry.countries.get(alpha_2=part)
              for part in rest if not part.isdigit()]  # a UN M.49 region (419: Latin America) is checked by form only
    if None in found:
        raise ValueError(f"{value!r} names no known language, script or region (write a BCP 47 tag such as en, fa, ur, "
                         "zh-Hans or pt-BR)")
    return value


LanguageTag = Annotated[str, AfterValidator(language_tag)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Meta(Strict):
    """About the file: its title, a free version label, and optionally what overrides the derived geography."""

    title: ShortText
    description: str = ""
    version: str | None = None
    language: LanguageTag = Field("en", description="the language most of the file's text is in, as a BCP 47 tag "
                                  "(en, fa, ur, zh-Hans…): the lang of the app's page, the embeds and the HTML exports")
    places_csv: str | None = Field(None, description="curated places, relative to the events file: they extend the "
                                                     "world gazetteer and win over it")
    focus: list[CountryCode] | None = Field(None, description="the countries drawn in full and bordered "
                                                              "(default: every country the events name)")
    borders: list[tuple[CountryCode, CountryCode]] | None = Field(
        None, description="the borders drawn and measured (default: every land border between the focus countries)")
    extent: tuple[float, float, float, float] | None = Field(
        None, description="west, south, east, north in degrees: the map region (default: around the events)")
    background: str | None = Field(None, description="an ACLED export (CSV), relative to the events file: every "
                                                     "recorded incident around the crisis, drawn faint behind it")
    countries_geojson: str | None = Field(None, description="own country outlines, relative to the events file")
    border_geojson: str | None = Field(None, description="own border lines, relative to the events file")

    @model_validator(mode="after")
    def _extent_is_a_box(self) -> Meta:
        if self.extent is not None:
            west, south, east, north = self.extent
            if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
                raise ValueError(f"extent {list(self.extent)} is not a box (write [west, south, east, north] in degrees, "
                                 "west < east, south < north)")
        return self


SOURCE_KINDS = {"article": "core source", "outside": "other source"}  # kind -> how captions and panels name it


class Source(Strict):
    """Something events cite. ``kind: article``: a core source the file is built from (with ``file``, its quotes
    are checked verbatim against a local copy); ``kind: outside``: any other source, with its URL."""

    title: ShortText
    kind: Literal["article", "outside"]
    publisher: str | None = None
    published: str | None = None
    url: Url | None = None
    file: str | None = Field(None, description="local copy, relative to the events file; quotes are checked against it")


ACLED_EVENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
                     "Strategic developments")


class Category(Strict):
    label: ShortText
    colour: Colour
    description: str = ""
    acled_event_type: Literal[ACLED_EVENT_TYPES] | None = Field(  # type: ignore[valid-type]
        None, description="the ACLED event type this category is, for ACLED-shaped exports")
    acled_sub_event_type: ShortText | None = Field(None, description="ACLED's sub-event type, e.g. Air/drone strike")


class Phase(Strict):
    id: Slug
    label: ShortText
    start: DateValue
    end: DateValue
    description: str = ""


class Coordinates(Strict):
    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]
    source: ShortText


class Place(Strict):
    """Where: a named place, or only the province (or country), or explicit coordinates; or at sea: a named marine
    area, optionally off a coastal town (its name and country)."""

    name: str | None = None
    province: str | None = None
    country: CountryCode | None = None
    sea: ShortText | None = None
    precision: Literal["exact", "near", "province", "country", "sea"]
    coordinates: Coordinates | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _enough_to_place(self) -> Place:
        if self.country is None and not self.sea:
            raise ValueError("a place needs its country (or, at sea, the sea area: sea: …)")
        if self.name and self.country is None:
            raise ValueError(f"the town {self.name!r} needs its country (add country: …)")
        if self.precision == "sea" and not self.sea:
            raise ValueError("precision 'sea' needs the sea area (add sea: …, e.g. Red Sea)")
        if self.sea and self.precision in ("province", "country"):
            raise ValueError(f"an event at sea is at precision sea (anywhere in the area), near (off a named town) "
                             f"or exact (its coordinates), not '{self.precision}'")
        if self.precision == "country" and self.country is None:
            raise ValueError("precision 'country' needs the country")
        if self.coordinates is None and self.precision in ("exact", "near") and not self.name:
            raise ValueError(f"precision '{self.precision}' needs a name or coordinates (or use precision: "
                             f"{'sea' if self.sea else 'province'})")
        if self.coordinates is None and self.precision == "province" and not self.province:
            raise ValueError("precision 'province' needs the province (add province: …)")
        return self


class Origin(Strict):
    """Where a strike was launched from: the launching country and, optionally, a place in it, the coordinates of a
    base or a ship (anywhere: at sea, or another country's territory), or the sea area its ships were in."""

    country: CountryCode
    place: str | None = None
    coordinates: Coordinates | None = None
    sea: ShortText | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _one_start(self) -> Origin:
        if sum(value is not None for value in (self.place, self.coordinates, self.sea)) > 1:
            raise ValueError("give the origin's place, its coordinates or its sea area, only one of them")
        return self


class Citation(Strict):
    source: Slug
    quote: Annotated[str, Field(min_length=3, max_length=400)]
    supports: str | None = Field(None, description="what the quote supports, e.g. 'date', 'place'")


class Disagreement(Strict):
    """Sources that disagree on a field: the event keeps what its core source supports; this keeps the rest."""

    field: Literal["date", "place", "killed", "injured", "actors", "other"]
    alternative: str | None = None
    note: Text
    sources: list[Slug] = Field(default_factory=list)


class TollReport(Strict):
    """One figure of a toll as reported on a day: tolls change ("6 killed" on the first morning, "9" the next)."""

    value: Count
    as_of: DateValue
    source: Slug

    @model_validator(mode="after")
    def _a_day(self) -> TollReport:
        if self.as_of.precision != "day":
            raise ValueError(f"as_of {self.as_of} is not a day (write the day the figure was reported: YYYY-MM-DD)")
        return self


# A toll: one figure, or its figures as reported over time (the views show the latest, ACLED exports the lowest).
# Tagged by shape, so a bad value gets the one message of what it looks like, not one per kind of toll.
TOLL_TAGS = ("figure", "reports")  # in an error's location, not fields: messages leave them out
Toll = Annotated[Annotated[Count, Tag("figure")] | Annotated[list[TollReport], Field(min_length=1), Tag("reports")],
                 Discriminator(lambda value: "reports" if isinstance(value, list) else "figure")]


def latest(toll: int | list[TollReport] | None) -> int | None:
    """The figure the views show: the one figure, or the latest reported (of one day, the last listed)."""
    if toll is None or isinstance(toll, int):
        return toll
    return max(enumerate(toll), key=lambda pair: (pair[1].as_of.first, pair[0]))[1].value


_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$")


def parse_zone(text: str) -> dt.tzinfo:
    """A time zone as a curator writes it: an IANA name ("Asia/Tehran", "UTC") or a UTC offset ("+03:30",
    "UTC-5"). ValueError says what would be right."""
    if match := _OFFSET.match(text.strip()):
        sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
        if hours > (14 if sign == "+" else 12) or minutes > 59:  # what its message says: -12:00 to +14:00
            raise ValueError(f"{text!r} is not a UTC offset (from -12:00 to +14:00)")
        offset = dt.timedelta(hours=hours, minutes=minutes)
        return dt.timezone(-offset if sign == "-" else offset)
    try:
        return zoneinfo.ZoneInfo(text.strip())
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"{text!r} is not a time zone (write an IANA name such as Asia/Tehran, or a UTC offset "
                         "such as +03:30)") from exc


def _quoted_time(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):  # YAML 1.1 reads 23:30 unquoted as 1410 (base 60)
        raise ValueError(f"{value!r} is not a time: write it in quotes, time: \"HH:MM\" (YAML reads 23:30 without "
                         "quotes as a number)")
    return value


class Event(Strict):
    id: Slug
    title: ShortText
    category: Slug
    date: DateValue
    date_end: DateValue | None = None
    time: Annotated[str, BeforeValidator(_quoted_time), Field(pattern=TIME_PATTERN)] | None = Field(
        None, description="local time of day, HH:MM")
    timezone: str | None = Field(None, description="the time's zone: an IANA name or a UTC offset")
    status: Literal["occurred", "planned"] = "occurred"
    place: Place
    origin: Origin | None = None
    actors: list[ShortText] = Field(default_factory=list)
    killed: Toll | None = None
    injured: Toll | None = None
    description: Text
    sources: Annotated[list[Citation], Field(min_length=1)]
    responds_to: list[Slug] = Field(default_factory=list)
    related: list[Slug] = Field(default_factory=list)
    disagreements: list[Disagreement] = Field(default_factory=list)

    @model_validator(mode="after")
    def _time_of_a_day_in_a_zone(self) -> Event:
        if (self.time is None) != (self.timezone is None):
            raise ValueError("a time needs its timezone and a timezone its time (give both: time: \"23:30\", "
                             "timezone: Asia/Tehran or +03:30)")
        if self.time is not None and self.date.precision != "day":
            raise ValueError(f"a time needs a day, not {self.date} (give the day, or leave the time out)")
        if self.timezone is not None:
            parse_zone(self.timezone)
        return self

    def instant(self) -> dt.datetime | None:
        """The moment, in UTC (naive), of an event given a time; None otherwise."""
        if self.time is None or self.timezone is None:
            return None
        local = dt.datetime.combine(self.date.first, dt.time.fromisoformat(self.time), parse_zone(self.timezone))
        return local.astimezone(dt.UTC).replace(tzinfo=None)


class FileHead(Strict):
    """Everything but the events, which are validated one by one so one bad event hides no other."""

    meta: Meta
    sources: dict[Slug, Source]
    categories: Annotated[dict[Slug, Category], Field(min_length=1)]
    phases: list[Phase] = Field(default_factory=list)
    events: Annotated[list[Any], Field(min_length=1)]


FIELD_HINTS: dict[str, str] = {
    "date": "YYYY-MM-DD, or YYYY-MM when only the month is known",
    "date_end": "YYYY-MM-DD on or after date",
    "start": "YYYY-MM-DD",
    "end": "YYYY-MM-DD",
    "lat": "a number from -90 to 90",
    "lon": "a number from -180 to 180",
    "country": "an ISO 3166-1 alpha-2 country code: two capital letters, e.g. FR",
    "colour": "a hex colour such as #0072B2",
    "killed": f"a whole number from 0 to {MAX_COUNT:,}, or a list of {{value, as_of, source}} as the figure changed; "
              "leave it out when not reported",
    "injured": f"a whole number from 0 to {MAX_COUNT:,}, or a list of {{value, as_of, source}} as the figure changed; "
               "leave it out when not reported",
    "url": "an http(s):// address",
    "id": "lower-case letters, digits, '-' or '_'",
    "category": "one of the categories declared in the file",
    "precision": "exact, near, province, country or sea",
    "status": "occurred or planned",
    "kind": "article (a core source) or outside (any other source)",
    "sources": "a list of {source, quote}",
    "quote": "a short verbatim quote, 3 to 400 characters",
    "title": "a short text, up to 160 characters",
    "actors": "a list of names",
    "field": "date, place, killed, injured, actors or other",
    "acled_event_type": "one of " + ", ".join(ACLED_EVENT_TYPES),
}
