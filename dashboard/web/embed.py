"""``/embed/timeline`` and ``/embed/map``: only the figure, filling its iframe, for the same URL state as the app."""

from __future__ import annotations

from pathlib import Path

import plotly
import plotly.io as pio
from flask import Flask, Response, abort, request, send_file

from dashboard.model.live import EventSource
from dashboard.state.view import View, map_figure, state_for, timeline_figure

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
PLOTLY_JS_ROUTE = "/embed/plotly.min.js"
PAGE_STYLE = "<style>html,body{margin:0;height:100%;overflow:hidden}#figure{height:100vh;width:100vw}</style>"


def embed_html(source: EventSource, what: str, query: str) -> str | None:
    table = source.snapshot().table
    if table is None:
        return None
    view = View.from_state(state_for(table, query))
    figure = map_figure(table, view) if what == "map" else timeline_figure(table, view)
    figure.update_layout(autosize=True, width=None, height=None)
    page = pio.to_html(figure, include_plotlyjs=PLOTLY_JS_ROUTE, full_html=True, default_width="100%",
                       default_height="100%", div_id="figure", config={"responsive": True, "displaylogo": False})
    return page.replace("<head>", f"<head><title>{what.capitalize()} · embedded</title>{PAGE_STYLE}", 1)


def register_embed_routes(server: Flask, source: EventSource) -> None:
    @server.route("/embed/<what>")
    def embed(what: str) -> Response:
        if what not in ("map", "timeline"):
            abort(404)
        page = embed_html(source, what, request.query_string.decode("utf-8", "replace"))
        if page is None:
            abort(503)
        return Response(page, mimetype="text/html")

    @server.route(PLOTLY_JS_ROUTE)
    def plotly_js() -> Response:
        return send_file(PLOTLY_JS, mimetype="application/javascript", max_age=86400)
