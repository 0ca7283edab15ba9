"""What goes over the wire: every response compressed where the client takes it (brotli, else gzip), and what never
changes under its URL kept by the browser for a year.

flask-compress compresses. A bundle (plotly.js alone is 4.8 MB) is compressed once per process and encoding and
kept: compressing it for each request would cost ~160 ms of the server's time per page. Everything else (the page,
callbacks, the map's GeoJSON, embeds) is compressed as it is sent: it differs per request.

flask-compress would compress a file streamed from disk (an asset) chunk by chunk and never close the file (a
ResourceWarning per asset served): streamed responses are left as they are, and the assets are read whole first.

Dash already names its bundles by version (``.v4_4_1m…``) and serves them for a year; its assets carry their
modification time (``?m=…``), which makes their URLs just as unique, so they are kept as long.
"""

from __future__ import annotations

from dash import Dash
from flask import Flask, Request, Response, request
from flask_compress import Compress

# Dash's routes for bundles and the app's fonts: the same bytes under a URL for the life of the process.
STATIC_PREFIXES = ("_dash-component-suites/", "fonts/")
YEAR = 365 * 24 * 3600
# Brotli's quality 5: plotly.js 4.8 MB -> 1.29 MB in ~150 ms, once (11 would take 9 s for 14 % less).
BROTLI_QUALITY = 5
COMPRESSED_TYPES = ["text/html", "text/css", "text/plain", "text/javascript", "application/javascript",
                    "application/json", "application/geo+json", "image/svg+xml", "image/x-icon",
                    "image/vnd.microsoft.icon", "font/ttf", "font/otf"]


class StaticCache:
    """Compressed static bodies by ``encoding;path``. Per-request bodies get the empty key (see ``static_key``) and
    are neither looked up nor kept. Bounded by the bundles and fonts a server has."""

    def __init__(self) -> None:
        self._bodies: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        return self._bodies.get(key)

    def set(self, key: str, value: bytes) -> None:
        if not key.endswith(";"):
            self._bodies[key] = value


def static_key(prefix: str, assets: str):
    """flask-compress' cache key: the path of a bundle or font under ``prefix`` (the app's routes' root), or of an
    asset under ``assets`` with its version (``?m=``), else empty."""
    roots = tuple(prefix + root for root in STATIC_PREFIXES)

    def key(sent: Request) -> str:
        static = sent.path.startswith(roots) or (sent.path.startswith(assets) and "m" in sent.args)
        if sent.method != "GET" or not static:
            return ""
        return f"{sent.path}?{sent.query_string.decode('latin-1')}" if sent.query_string else sent.path
    return key


def compact(app: Dash) -> None:
    """Compress ``app``'s responses and keep its versioned assets in browsers for a year."""
    server: Flask = app.server
    prefix = app.config.routes_pathname_prefix
    assets = prefix + app.config.assets_url_path.lstrip("/") + "/"
    server.config.update(COMPRESS_ALGORITHM=["br", "gzip"], COMPRESS_BR_LEVEL=BROTLI_QUALITY,
                         COMPRESS_MIMETYPES=COMPRESSED_TYPES, COMPRESS_CACHE_BACKEND=StaticCache,
                         COMPRESS_CACHE_KEY=static_key(prefix, assets), COMPRESS_STREAMS=False)
    server.extensions["compress"] = Compress(server)

    @server.after_request  # registered after flask-compress', so it runs before it
    def keep_versioned_assets(response: Response) -> Response:
        if not request.path.startswith(assets) or response.status_code != 200:
            return response
        response.direct_passthrough = False
        response.make_sequence()  # read whole, the file closed with the response
        if "m" in request.args:
            response.cache_control.no_cache = None
            response.cache_control.public, response.cache_control.max_age = True, YEAR
            response.cache_control.immutable = True
        return response
