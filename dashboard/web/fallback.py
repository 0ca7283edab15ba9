"""What an embed offers a page that cannot frame it: an image of the same view, and oEmbed.

- ``/embed/timeline.png?<view>&w=800&h=450`` (and ``.svg``, and ``/embed/map.*``): the view drawn by the exports'
  figure model (``export/paper.py``) at the size the URL asks, kept per view and size with the data, for a page or
  a print that strips iframes (the app's export panel gives a snippet linking it to the full view).
- ``/oembed?url=<a page of this app>&maxwidth=&maxheight=``: the iframe a CMS that embeds by URL puts in its page
  (oEmbed 1.0, ``rich``), with the image as its thumbnail; every page of the app names it in a discovery link.
"""

from __future__ import annotations

import hashlib
import html
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from flask import Flask, Response, abort, jsonify, request

from dashboard.export.render import render_for_app
from dashboard.export.spec import MAX_SIDE, MIN_SIDE, ExportError, ExportSpec
from dashboard.model.table import EventTable
from dashboard.state.url import CHROME, chrome
from dashboard.web.source import current_snapshot

IMAGE_TYPES = {"png": "image/png", "svg": "image/svg+xml"}
# What each embed is called and the size it opens at, in the app's snippet, oEmbed and the image fallback.
FRAMES = {"timeline": ("Timeline of events", 800, 440), "map": ("Map of events", 800, 520)}
SIZE_KEYS = ("w", "h")  # an image URL's size, beside the view's own keys
IMAGE_WAIT_S = 30.0  # an image asked for while another export is drawn waits its turn (a page asks for several)
IMAGE_MAX_AGE = 300  # s: the URL names a view, not a data version, so a reloaded file shows within minutes
OEMBED_ROUTE = "/oembed"


def image_spec(what: str, fmt: str, args: list[tuple[str, str]]) -> ExportSpec:
    """The export an image URL asks for: its view (every key but the size and the embed's own) at ``w`` x ``h`` px
    (the embed's size by default), without its title or credit when the URL hides them. ExportError, naming the
    field, for anything the exports would refuse."""
    _, width, height = FRAMES[what]
    size = dict(arg for arg in args if arg[0] in SIZE_KEYS)
    try:
        width, height = int(size.get("w", width)), int(size.get("h", height))
    except ValueError:
        raise ExportError(f"size: w and h are whole pixels, {MIN_SIDE}..{MAX_SIDE}") from None
    state = urlencode([arg for arg in args if arg[0] not in (*SIZE_KEYS, *CHROME)])
    hidden = {key: "" for key, shown in chrome(urlencode(args)).items() if not shown}  # "": no title, no credit
    return ExportSpec.from_mapping({"what": what, "format": fmt, "width": width, "height": height, "state": state,
                                    **hidden})


def image_of(table: EventTable, spec: ExportSpec) -> bytes:
    """The view's image, drawn once per view and size for this data (``table.kept``)."""
    return table.kept.get("embed image", spec, lambda: render_for_app(table, spec, wait=IMAGE_WAIT_S))


def frame_html(src: str, what: str, width: int | str = "100%", height: int | None = None) -> str:
    """The iframe of an embed at ``src``: titled, borderless, loaded when scrolled to."""
    title, _, default_height = FRAMES[what]
    return (f'<iframe src="{html.escape(src)}" width="{width}" height="{height or default_height}" style="border:0" '
            f'loading="lazy" title="{html.escape(title)}"></iframe>')


def discovery_link(page_url: str, title: str) -> str:
    """The oEmbed discovery link for the app page or embed at ``page_url``."""
    href = f"{request.url_root.rstrip('/')}{OEMBED_ROUTE}?url={quote(page_url, safe='')}"
    return f'<link rel="alternate" type="application/json+oembed" href="{html.escape(href)}" title="{html.escape(title)}">'


def _embedded(url: str) -> tuple[str, str] | None:
    """(which embed, its query) for a URL of this app's pages (the app's own view is its timeline); None for any
    other URL."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.netloc != request.host:
        return None
    path = parts.path.rstrip("/") or "/"
    what = {"/": "timeline", "/embed/timeline": "timeline", "/embed/map": "map"}.get(path)
    return (what, parts.query) if what else None


def _limited(asked: str | None, default: int) -> int:
    try:
        return max(MIN_SIDE, min(int(asked), default)) if asked else default
    except ValueError:
        return default


def register_fallback_routes(server: Flask) -> None:
    @server.route("/embed/<what>.<fmt>")
    def embed_image(what: str, fmt: str) -> Response:
        if what not in FRAMES or fmt not in IMAGE_TYPES:
            abort(404)
        table = current_snapshot().table
        if table is None:
            abort(503)
        try:
            data = image_of(table, image_spec(what, fmt, list(request.args.items(multi=True))))
        except ExportError as exc:
            busy = str(exc).startswith("busy")
            response = Response(str(exc), status=503 if busy else 400, mimetype="text/plain")
            if busy:
                response.headers["Retry-After"] = "3"
            return response
        response = Response(data, mimetype=IMAGE_TYPES[fmt])
        response.cache_control.public, response.cache_control.max_age = True, IMAGE_MAX_AGE
        response.set_etag(hashlib.sha256(data).hexdigest()[:32])
        return response.make_conditional(request)

    @server.route(OEMBED_ROUTE)
    def oembed() -> Response:
        if request.args.get("format", "json") != "json":
            abort(501)  # oEmbed: a format the provider does not give
        embedded = _embedded(request.args.get("url", ""))
        table = current_snapshot().table
        if embedded is None:
            abort(404)
        if table is None:
            abort(503)
        what, query = embedded
        title, width, height = FRAMES[what]
        width = _limited(request.args.get("maxwidth"), width)
        height = _limited(request.args.get("maxheight"), height)
        root = request.url_root.rstrip("/")
        view = urlencode(parse_qsl(query))
        suffix = f"?{view}" if view else ""
        thumbnail = f"{root}/embed/{what}.png?" + urlencode([*parse_qsl(query), ("w", width), ("h", height)])
        return jsonify({
            "version": "1.0", "type": "rich", "provider_name": "Crisis map & timeline", "provider_url": f"{root}/",
            "title": f"{table.head.meta.title}: {title.lower()}",
            "html": frame_html(f"{root}/embed/{what}{suffix}", what, width, height), "width": width, "height": height,
            "thumbnail_url": thumbnail, "thumbnail_width": width, "thumbnail_height": height,
        })
