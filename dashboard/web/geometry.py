"""The map's base geometry (country fills, outlines, the border) served as GeoJSON, so the app's figures name it
instead of carrying it (``figures.map.base_layers``)."""

from __future__ import annotations

import json

from flask import Flask, Response, abort, request

from dashboard.figures.map import BASE_SOURCES, Served, base_sources
from dashboard.model.table import EventTable
from dashboard.web.fonts import font_root
from dashboard.web.source import current_snapshot

GEOMETRY_PATH = "map-geometry"


def served(table: EventTable) -> Served:
    """Where this request's host serves ``table``'s base GeoJSON (``{name}`` standing for the source's name) and the
    fonts. Absolute URLs: MapLibre fetches them itself, the GeoJSON from a worker, where a relative URL has no base.
    The data version in the GeoJSON's URL makes each version's URL its own, so a browser may keep it."""
    return Served(geometry=f"{request.url_root}{GEOMETRY_PATH}/{table.version}/{{name}}.json", fonts=font_root())


def _geojson(table: EventTable, name: str) -> bytes:
    """One base source's GeoJSON, kept with the table (``table.kept``)."""
    return table.kept.get("geojson", name, lambda: json.dumps(base_sources(table.geography)[name],
                                                              separators=(",", ":")).encode("utf-8"))


def register_geometry_routes(server: Flask) -> None:
    @server.route(f"/{GEOMETRY_PATH}/<version>/<name>.json")
    def geometry(version: str, name: str) -> Response:
        if name not in BASE_SOURCES:
            abort(404)
        table = current_snapshot().table
        if table is None:
            abort(503)
        response = Response(_geojson(table, name), mimetype="application/geo+json")
        # A page still showing an older version gets the current outlines (it redraws whole on its next
        # request); only a URL of the current version may be kept.
        if version == table.version:
            response.cache_control.max_age, response.cache_control.public = 86400, True
        else:
            response.cache_control.no_store = True
        return response
