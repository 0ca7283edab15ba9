"""The font stack served to the browser (``figures/fonts.py``): its ``@font-face`` rules and its files, so the
page, the timeline and the map's names are drawn in the faces their labels were measured with, on any machine."""

from __future__ import annotations

import contextlib
import io
import logging
from pathlib import Path

from flask import Flask, Response, abort, request

from dashboard.figures.fonts import BOLD, FACES, FONTS_ROUTE, ITALIC, font_face_css, font_path, load_font, served_name
from dashboard.model.atomic import write_atomically
from dashboard.model.last_good import cache_root

FACES_CSS = f"/{FONTS_ROUTE}/faces.css"
MAX_AGE = 86400  # a day: the files change only when the system's font packages are upgraded


def font_root() -> str:
    """The absolute URL the fonts are served under, for MapLibre (which fetches them itself)."""
    return f"{request.url_root}{FONTS_ROUTE}/"


def _served() -> dict[str, tuple]:
    return {served_name(face, style): (face, style) for face in FACES for style in (None, BOLD, ITALIC)}


def _file(face, style) -> Path:
    """The file to send: the installed one, or for a face of a collection that face alone, written once into the
    server's cache (a browser cannot pick a face out of a .ttc)."""
    installed = font_path(face, style)
    if installed.suffix != ".ttc":
        return installed
    extracted = cache_root() / FONTS_ROUTE / served_name(face, style)
    if not extracted.is_file():
        extracted.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        with contextlib.closing(load_font(face, style, lazy=False)) as font:
            font.save(buffer)
        write_atomically(extracted, buffer.getvalue())
    return extracted


def register_font_routes(server: Flask) -> None:
    css = font_face_css("")  # relative to faces.css, so the routes work under any prefix

    @server.route(FACES_CSS)
    def faces() -> Response:
        response = Response(css, mimetype="text/css")
        response.cache_control.max_age, response.cache_control.public = MAX_AGE, True
        return response

    @server.route(f"/{FONTS_ROUTE}/<name>")
    def font(name: str) -> Response:
        served = _served().get(name)
        if served is None:
            abort(404)
        mimetype = "font/otf" if name.endswith(".otf") else "font/ttf"
        try:
            path = _file(*served)
        except OSError as exc:  # a cache that cannot be written: the page falls back to the reader's own fonts
            logging.getLogger(__name__).warning("%s: cannot be cut into the cache %s (%s)", name, cache_root(),
                                                exc.strerror or exc)
            abort(503)
        # The bytes, not a stream of the file: a body whole is compressed once and kept (``web/wire.py``).
        response = Response(path.read_bytes(), mimetype=mimetype)
        response.cache_control.max_age, response.cache_control.public = MAX_AGE, True
        stat = path.stat()
        response.set_etag(f"{stat.st_mtime_ns}-{stat.st_size}")
        return response.make_conditional(request)
