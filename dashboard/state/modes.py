"""The view's display modes: how the timeline is laned, what its strip counts, what lies under the map."""

from __future__ import annotations

from enum import StrEnum


class Lanes(StrEnum):
    CATEGORY = "category"
    COUNTRY = "country"
    ACTOR = "actor"


class Strip(StrEnum):
    COUNT = "count"
    CASUALTIES = "casualties"


class Basemap(StrEnum):
    OFFLINE = "offline"
    OSM = "osm"
    CARTO = "carto"
