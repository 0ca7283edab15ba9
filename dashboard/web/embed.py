"""``/embed/timeline`` and ``/embed/map``: only the figure, filling its iframe, for the same URL state as the app.

The timeline's titles are laid out for the pixels of its plot, which only the browser knows: the embed page
measures its plot once drawn (and after each resize) and, when that differs from the size the titles were
laid out for, asks ``/embed/timeline.json?…&plot=W,H`` for the figure laid out for it.
"""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import plotly
from flask import Flask, Response, abort, request, send_file

from dashboard.export.page import figure_page, filling
from dashboard.export.paper import credit
from dashboard.figures.views import map_figure, timeline_figure
from dashboard.model.table import EventTable
from dashboard.state.url import CHROME, chrome
from dashboard.state.view import view_for
from dashboard.web.fallback import FRAMES, discovery_link
from dashboard.web.fonts import FACES_CSS
from dashboard.web.geometry import served
from dashboard.web.source import current_snapshot

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
PLOTLY_JS_ROUTE = "/embed/plotly.min.js"
EMBEDDABLE = ("map", "timeline")
PLOT_PX_LIMITS = (60, 4000)
# The embed's title and credit line, in the figures' font (--font, from the faces' CSS) and palette.
EMBED_STYLE = ("<style>body{font-family:var(--font,sans-serif);color:#1f2328}"
               "header h1{font-size:15px;font-weight:600;margin:6px 10px 0;line-height:1.3}"
               "footer p{font-size:11px;color:#57606a;margin:0 10px 6px;line-height:1.35;overflow-wrap:anywhere}"
               "footer a{color:#0a58ca}.hidden{position:absolute;width:1px;height:1px;overflow:hidden;"
               "clip:rect(0 0 0 0);white-space:nowrap}</style>")
SIZE_SLACK_PX = 6  # a plot this close to the size its titles were laid out for keeps them
# Re-asks for the timeline laid out for the plot as drawn. No ids, no data: the page's own figure and URL.
FIT_TITLES_SCRIPT = """<script>
(function () {
  "use strict";
  var gd = document.getElementById("figure"), asked = null, budget = 3;
  function fit() {
    var full = gd._fullLayout;
    if (!full || !full.xaxis || budget <= 0) { return; }
    var drawn = [Math.round(full.xaxis._length), Math.round(full.yaxis._length)];
    var laid = (gd.layout.meta || {}).plot_px || [0, 0];
    if (Math.abs(drawn[0] - laid[0]) <= SLACK && Math.abs(drawn[1] - laid[1]) <= SLACK) { return; }
    if (drawn.join(",") === asked) { return; }
    asked = drawn.join(","); budget -= 1;
    var url = new URL(window.location.href);
    url.pathname += ".json";
    url.searchParams.set("plot", asked);
    fetch(url).then(function (r) { return r.ok ? r.json() : null; }).then(function (figure) {
      if (figure) { Plotly.react(gd, figure.data, figure.layout, gd._context); }
    });
  }
  gd.on("plotly_afterplot", fit);
  window.addEventListener("resize", function () { budget = 3; });
  fit();
})();
</script>""".replace("SLACK", str(SIZE_SLACK_PX))


def embed_figure(table: EventTable, what: str, query: str, plot_px: tuple[float, float] | None = None):
    view = view_for(table, query)
    if what == "map":
        return map_figure(table, view, served(table))
    return timeline_figure(table, view, plot_px) if plot_px else timeline_figure(table, view)


def embed_html(what: str, query: str) -> str | None:
    """The page for ``/embed/<what>?<query>``, or None when no valid data is loaded."""
    table = current_snapshot().table
    if table is None:
        return None
    shown = chrome(query)
    view = urlencode([(key, value) for key, value in parse_qsl(query) if key not in CHROME])
    # Its provenance travels with it: the crisis's title, the credit line its exports carry, a link to the view in
    # the app; a host page with its own hides the title or the credit (title=0, credit=0). The title stays for
    # screen readers.
    heading = f'<h1 class="{"" if shown["title"] else "hidden"}">{html.escape(table.head.meta.title)}</h1>'
    full_view = f"{request.url_root}{'?' + view if view else ''}"
    credit_line = (f'<footer><p>{html.escape(credit(table))} · <a href="{html.escape(full_view)}" target="_blank" '
                   f'rel="noopener">Open the full view</a></p></footer>') if shown["credit"] else ""
    return figure_page(embed_figure(table, what, view), f"{FRAMES[what][0]}: {table.head.meta.title}",
                       language=table.head.meta.language, plotly_js=PLOTLY_JS_ROUTE,
                       # The faces its labels were measured in; its oEmbed, for a CMS that embeds by URL.
                       head=f'<link rel="stylesheet" href="{FACES_CSS}">{EMBED_STYLE}'
                            f'{discovery_link(request.url, table.head.meta.title)}',
                       above=f"<header>{heading}</header>", below=credit_line,
                       tail=FIT_TITLES_SCRIPT if what == "timeline" else "",
                       nonce=request.csp_nonce)  # set per request by flask-talisman (dashboard/web/security.py)


def parse_plot_px(text: str | None) -> tuple[float, float] | None:
    """``W,H`` in pixels, each within ``PLOT_PX_LIMITS``; None for anything else."""
    try:
        width, height = (int(part) for part in (text or "").split(","))
    except ValueError:
        return None
    low, high = PLOT_PX_LIMITS
    return (float(width), float(height)) if low <= width <= high and low <= height <= high else None


def register_embed_routes(server: Flask) -> None:
    @server.route("/embed/<what>")
    def embed(what: str) -> Response:
        if what not in EMBEDDABLE:
            abort(404)
        page = embed_html(what, request.query_string.decode("utf-8", "replace"))
        if page is None:
            abort(503)
        return Response(page, mimetype="text/html")

    @server.route("/embed/timeline.json")
    def embed_timeline_json() -> Response:
        """The timeline for the query's view, its titles laid out for a plot of ``plot=W,H`` pixels."""
        plot_px = parse_plot_px(request.args.get("plot"))
        if plot_px is None:
            abort(400)
        table = current_snapshot().table
        if table is None:
            abort(503)
        query = urlencode([(key, value) for key, value in request.args.items(multi=True) if key != "plot"])
        figure = embed_figure(table, "timeline", query, plot_px)
        return Response(filling(figure).to_json(), mimetype="application/json")

    @server.route(PLOTLY_JS_ROUTE)
    def plotly_js() -> Response:
        return send_file(PLOTLY_JS, mimetype="application/javascript", max_age=86400)
