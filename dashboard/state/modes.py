"""The view's display modes: how the timeline is laned, what its strip counts, what the map frames and what lies
under it."""

from __future__ import annotations

from enum import StrEnum


class Lanes(StrEnum):
    CATEGORY = "category"
    COUNTRY = "country"
    ACTOR = "actor"


class Strip(StrEnum):
    COUNT = "count"
    CASUALTIES = "casualties"


class Framing(StrEnum):
    """What the map frames first: the theatre (where most events and casualties are; the rest pointed to at its
    edge) or every event."""

    THEATRE = "theatre"
    ALL = "all"


class Links(StrEnum):
    """Which ``responds_to`` and ``related`` links the timeline draws: the selected event's (a crisis of hundreds of
    events drawn with all of them is a web of lines), or all."""

    SELECTED = "selected"
    ALL = "all"


class Basemap(StrEnum):
    OFFLINE = "offline"
    OSM = "osm"
    CARTO = "carto"

    @property
    def online(self) -> bool:
        """Tiles from a server on the internet (the app's own style otherwise)."""
        return self is not Basemap.OFFLINE
