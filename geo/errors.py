"""The one root of geo's errors, as geopy has ``GeopyError``: ``except GeoError`` catches any of them.

Each error also keeps the builtin base it has always had (``LookupError`` for a name not found or not
unique, ``ValueError`` for bad input, ``RuntimeError`` for a service out of reach), so code that catches
those still works. geo knows nothing of the dashboard: its callers turn these into located problems.
"""

from __future__ import annotations


class GeoError(Exception):
    """Something geo could not answer: a place unknown or ambiguous, a bad places file, no such border."""


class WorldDataError(GeoError, RuntimeError):
    """The world's data files (``geo/data/*.sqlite``) are missing or damaged: its message names the file and how to
    restore it."""
