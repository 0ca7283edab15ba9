"""``/embed/timeline`` and ``/embed/map``: only the figure, filling its iframe, for the same URL state as the app.

Each figure is laid out for the pixels of its frame, which only the browser knows: the embed page measures its
figure once drawn (and after a resize, and for the timeline a zoom) and, when that differs from the size it was
laid out for, asks ``/embed/<what>.json?…&frame=W,H`` (the timeline also ``plot=W,H`` and where its lanes' names
were) for the figure laid out for it: the timeline's lanes' names, dates and titles, the map's framing, names
and spread markers.
"""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import plotly
from flask import Flask, Response, abort, jsonify, request, send_file

from dashboard.export.page import figure_page, filling
from dashboard.export.paper import credit
from dashboard.figures.timeline import Frame
from dashboard.figures.views import framed_map_figure, timeline_figure
from dashboard.model.table import EventTable
from dashboard.state.url import CHROME, chrome
from dashboard.state.view import View, shown_frame, view_for
from dashboard.web.card import MAX_LISTED, event_card, listed
from dashboard.web.fallback import FRAMES, discovery_link
from dashboard.web.fonts import FACES_CSS
from dashboard.web.geometry import served
from dashboard.web.ids import ID
from dashboard.web.source import current_snapshot

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
PLOTLY_JS_ROUTE = "/embed/plotly.min.js"
EMBEDDABLE = ("map", "timeline")
PLOT_PX_LIMITS = (20, 4000)
LAYOUT_KEYS = ("plot", "frame", "names")  # what the page says of its figure, beside the view's own state
# The embed's title and credit line, in the figures' font (--font, from the faces' CSS) and palette.
EMBED_STYLE = ("<style>body{font-family:var(--font,sans-serif);color:#1f2328}"
               "header{display:flex;align-items:flex-start;gap:8px}"
               "header h1{font-size:15px;font-weight:600;margin:6px 10px 0;line-height:1.3;flex:1}"
               "header button{font:inherit;font-size:13px;margin:4px 8px 0 0;padding:2px 10px;border:1px solid #8c959f;"
               "border-radius:6px;background:#fff;cursor:pointer}header button[aria-pressed=true]{background:#dbe9ff}"
               "footer p{font-size:11px;color:#57606a;margin:0 10px 6px;line-height:1.35;overflow-wrap:anywhere}"
               "footer a{color:#0a58ca}.hidden{position:absolute;width:1px;height:1px;overflow:hidden;"
               "clip:rect(0 0 0 0);white-space:nowrap}"
               ".events{font-size:12px;margin:0 10px 4px}.events ol{max-height:30vh;overflow:auto;margin:4px 0;"
               "padding-left:22px}.events button{font:inherit;color:#0a58ca;background:none;border:0;padding:2px 0;"
               "cursor:pointer;text-align:start}"
               "#card{position:fixed;right:8px;bottom:8px;left:8px;max-width:480px;margin-left:auto;max-height:70vh;"
               "overflow:auto;background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:10px 12px;"
               "box-shadow:0 4px 16px rgba(0,0,0,.18);font-size:13px;z-index:10}"
               "#card h2{font-size:15px;margin:0 28px 6px 0}#card h3{font-size:13px;margin:8px 0 4px}"
               "#card ul{padding-left:18px;margin:0}#card dl{display:grid;grid-template-columns:auto 1fr;"
               "gap:2px 10px;margin:0 0 6px}#card dt{color:#57606a}#card dd{margin:0}"
               "#card blockquote{margin:4px 0 8px 10px;color:#1f2328}#card .close{position:absolute;top:6px;right:6px;"
               "font-size:18px;line-height:1;background:none;border:0;cursor:pointer;padding:4px 8px}"
               "#card .note{background:#fff3bf;padding:4px 6px;border-radius:4px}"
               # A short frame keeps its height for the figure: its title and credit on one line each.
               "@media (max-height:420px){header h1{font-size:13px;white-space:nowrap;overflow:hidden;"
               "text-overflow:ellipsis}footer p{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}"
               ".events{margin-bottom:0}}</style>").replace("#card", f"#{ID.EMBED_CARD}")
SIZE_SLACK_PX = 2  # a plot this close to the size it was laid out for keeps its layout
# Re-asks for the timeline laid out for the plot as drawn. No ids, no data: the page's own figure and URL.
FIT_TITLES_SCRIPT = """<script>
(function () {
  "use strict";
  var gd = document.getElementById("figure"), asked = null, budget = 3, latest = 0, fontsReady = false;
  var query = new URL(window.location.href);
  // The view's own time window, and a zoom's: a zoom asks for the timeline laid out for what it shows.
  var window_ = [query.searchParams.get("from"), query.searchParams.get("to")];
  function ask(drawn) {
    var url = new URL(query);
    url.pathname += ".json";
    url.searchParams.set("plot", drawn.plot.join(","));
    url.searchParams.set("frame", drawn.frame.join(","));
    url.searchParams.set("names", (gd.layout.meta || {}).names_above ? "above" : "beside");
    ["from", "to"].forEach(function (key, i) {
      if (window_[i]) { url.searchParams.set(key, window_[i]); } else { url.searchParams.delete(key); }
    });
    asked = url.search; budget -= 1;
    var mine = ++latest;
    gd.setAttribute("data-laid-out", "false");
    fetch(url).then(function (r) { return r.ok ? r.json() : null; }).then(function (figure) {
      if (mine !== latest) { return; }  // an answer overtaken by a later request (the frame changed meanwhile)
      if (!figure) { gd.setAttribute("data-laid-out", "true"); return; }  // kept as drawn
      figure.layout.uirevision = asked;  // the axes take the range laid out, not one a zoom left
      Plotly.react(gd, figure.data, figure.layout, gd._context);
    });
  }
  function drawn() {
    var full = gd._fullLayout;
    return {plot: [Math.round(full.xaxis._length), Math.round(full.yaxis._length)],
            frame: [Math.round(full.width), Math.round(full.height)]};
  }
  function fit() {
    var full = gd._fullLayout;
    if (!full || !full.xaxis || !fontsReady) { return; }
    // Done when what is drawn is what was laid out, or after a few tries (a size the layout keeps moving).
    if (budget <= 0) { gd.setAttribute("data-laid-out", "true"); return; }
    var now = drawn(), meta = gd.layout.meta || {}, laid = meta.plot_px || [0, 0], frame = meta.frame || [0, 0];
    var near = function (a, b) { return Math.abs(a - b) <= SLACK; };
    if (near(now.plot[0], laid[0]) && near(now.plot[1], laid[1]) && near(now.frame[0], frame[0])
        && near(now.frame[1], frame[1])) { gd.setAttribute("data-laid-out", "true"); return; }
    ask(now);
  }
  gd.on("plotly_afterplot", fit);
  gd.on("plotly_relayout", function (change) {
    var low = change["xaxis.range[0]"] || change["xaxis2.range[0]"], high = change["xaxis.range[1]"] || change["xaxis2.range[1]"];
    var range = change["xaxis.range"] || change["xaxis2.range"];
    if (range) { low = range[0]; high = range[1]; }
    if (change["xaxis.autorange"] || change["xaxis2.autorange"]) {
      window_ = [query.searchParams.get("from"), query.searchParams.get("to")];
    } else if (low && high) {
      window_ = [String(low).slice(0, 10), String(high).slice(0, 10)];
    } else { return; }
    budget = 3; ask(drawn());
  });
  window.addEventListener("resize", function () { budget = 3; });
  // The page's text reflows as its fonts arrive, and the figure's size with it: it is measured after.
  document.fonts.ready.then(function () { fontsReady = true; fit(); });
})();
</script>""".replace("SLACK", str(SIZE_SLACK_PX))


KEY_SHARE = 0.25  # of the frame, at most, the map's key covers when the page opens (else it starts hidden)
# The map is laid out for its frame as drawn (``/embed/map.json?…&frame=W,H``: its theatre framed for that size,
# names and spread markers placed at that scale), again after a resize; its key shows when it covers at most
# KEY_SHARE of the frame, and the Key button shows or hides it.
MAP_SCRIPT = """<script>
(function () {
  "use strict";
  var gd = document.getElementById("figure"), button = document.getElementById("KEY_ID"), chosen = null;
  var asked = null, budget = 3, latest = 0, fontsReady = false;
  function keyFits() {
    var legend = gd.querySelector(".legend"), full = gd._fullLayout;
    if (!legend) { return false; }
    var box = legend.getBoundingClientRect();
    return box.width * box.height <= SHARE * full.width * full.height;
  }
  function show(on) {
    button.setAttribute("aria-pressed", on ? "true" : "false");
    return Plotly.relayout(gd, {showlegend: on});
  }
  function fit() {
    var full = gd._fullLayout;
    if (!full || !full.map || !fontsReady) { return; }
    var frame = [Math.round(full.width), Math.round(full.height)], laid = (gd.layout.meta || {}).frame || [0, 0];
    if (Math.abs(frame[0] - laid[0]) <= SLACK && Math.abs(frame[1] - laid[1]) <= SLACK || budget <= 0) {
      if (chosen === null && full.showlegend !== false) {
        chosen = keyFits();  // shown where it leaves the map room, until the reader says otherwise
        show(chosen).then(function () { gd.setAttribute("data-laid-out", "true"); });
      } else { gd.setAttribute("data-laid-out", "true"); }
      return;
    }
    var url = new URL(window.location.href);
    url.pathname += ".json";
    url.searchParams.set("frame", frame.join(","));
    if (url.search === asked) { return; }
    asked = url.search; budget -= 1;
    var mine = ++latest;
    gd.setAttribute("data-laid-out", "false");
    fetch(url).then(function (r) { return r.ok ? r.json() : null; }).then(function (figure) {
      if (mine !== latest) { return; }  // an answer overtaken by a later request (the frame changed meanwhile)
      if (!figure) { gd.setAttribute("data-laid-out", "true"); return; }
      figure.layout.showlegend = chosen === null ? true : chosen;  // measured once, as the app draws it
      figure.layout.uirevision = asked;
      Plotly.react(gd, figure.data, figure.layout, gd._context);
    });
  }
  gd.on("plotly_afterplot", fit);
  button.addEventListener("click", function () { chosen = button.getAttribute("aria-pressed") !== "true"; show(chosen); });
  window.addEventListener("resize", function () { budget = 3; });
  // The page's text reflows as its fonts arrive, and the figure's size with it: it is measured after.
  document.fonts.ready.then(function () { fontsReady = true; fit(); });
})();
</script>""".replace("KEY_ID", ID.EMBED_KEY).replace("SHARE", str(KEY_SHARE)).replace("SLACK", str(SIZE_SLACK_PX))


# A card for the event clicked, tapped or chosen from the list; Escape or the close button closes it and gives the
# focus back. The card's text is the server's data set as text (textContent), never as markup.
CARD_SCRIPT = """<script>
(function () {
  "use strict";
  var gd = document.getElementById("figure"), card = document.getElementById("CARD"), opener = null;
  function add(parent, tag, text, attributes) {
    var element = document.createElement(tag);
    if (text) { element.textContent = text; }
    Object.keys(attributes || {}).forEach(function (name) { element.setAttribute(name, attributes[name]); });
    parent.appendChild(element);
    return element;
  }
  function hide() {
    card.hidden = true;
    if (opener) { opener.focus(); }
  }
  function show(id, from) {
    fetch("event/" + encodeURIComponent(id) + ".json").then(function (r) { return r.ok ? r.json() : null; })
      .then(function (event) {
        if (!event) { return; }
        opener = from || null;
        card.replaceChildren();
        var close = add(card, "button", "\u00d7", {"type": "button", "class": "close", "aria-label": "Close"});
        close.addEventListener("click", hide);
        add(card, "h2", event.title, {"id": "CARD_TITLE", "dir": "auto"});
        var facts = add(card, "dl");
        [["Date", event.date], ["Place", event.place], ["Casualties", event.casualties]].forEach(function (fact) {
          add(facts, "dt", fact[0]);
          add(facts, "dd", fact[1], {"dir": "auto"});
        });
        event.disagreements.forEach(function (note) { add(card, "p", "Sources disagree. " + note, {"class": "note"}); });
        add(card, "h3", "Sources");
        var list = add(card, "ul");
        event.sources.forEach(function (source) {
          var item = add(list, "li");
          if (source.url) {
            add(item, "a", source.title, {"href": source.url, "target": "_blank", "rel": "noopener", "dir": "auto"});
          } else {
            add(item, "span", source.title, {"dir": "auto"});
          }
          if (source.kind) { add(item, "span", " \u00b7 " + source.kind); }
          add(item, "blockquote", "\u201c" + source.quote + "\u201d", {"dir": "auto"});
        });
        add(add(card, "p"), "a", "Open in the app", {"href": event.view, "target": "_blank", "rel": "noopener"});
        card.hidden = false;
        close.focus();
      });
  }
  gd.on("plotly_click", function (e) {
    var id = e.points && e.points[0] && e.points[0].customdata;
    if (typeof id === "string") { show(id, null); }
  });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape" && !card.hidden) { hide(); } });
  document.querySelectorAll("button[data-event]").forEach(function (button) {
    button.addEventListener("click", function () { show(button.getAttribute("data-event"), button); });
  });
})();
</script>""".replace("CARD_TITLE", ID.EMBED_CARD_TITLE).replace("CARD", ID.EMBED_CARD)


def embed_figure(table: EventTable, what: str, view: View, plot_px: tuple[float, float] | None = None,
                 frame: Frame | None = None):
    if what == "map":
        return framed_map_figure(table, view, served(table), (round(frame.width), round(frame.height)) if frame else None)
    return timeline_figure(table, view, plot_px, frame) if plot_px else timeline_figure(table, view)


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
    # The link first: in a short frame the line is cut to one, with an ellipsis (whole in its tooltip).
    credit_text = html.escape(credit(table))
    credit_line = (f'<footer><p title="{credit_text}"><a href="{html.escape(full_view)}" target="_blank" '
                   f'rel="noopener">Open the full view</a> · {credit_text}</p></footer>') if shown["credit"] else ""
    # Each event opens its card: a click or a tap on the figure, or Enter on its entry in the list the keyboard
    # reaches (collapsed under the figure).
    the_view = view_for(table, view)
    shown_ids = shown_frame(table, the_view)["id"].tolist()
    entries = "".join(f'<li><button type="button" data-event="{html.escape(event_id)}" dir="auto">{html.escape(label)}'
                      "</button></li>" for event_id, label in listed(table, shown_ids))
    events = (f'<details class="events"><summary>Events ({len(shown_ids):,}'
              f'{f", the last {MAX_LISTED}" if len(shown_ids) > MAX_LISTED else ""})</summary><ol>{entries}</ol></details>')
    card = f'<section id="{ID.EMBED_CARD}" role="dialog" aria-labelledby="{ID.EMBED_CARD_TITLE}" hidden></section>'
    key_button = (f'<button type="button" id="{ID.EMBED_KEY}" aria-pressed="false" title="Show or hide the map\'s key">'
                  "Key</button>") if what == "map" else ""
    return figure_page(embed_figure(table, what, the_view), f"{FRAMES[what][0]}: {table.head.meta.title}",
                       language=table.head.meta.language, plotly_js=PLOTLY_JS_ROUTE,
                       # The faces its labels were measured in; its oEmbed, for a CMS that embeds by URL.
                       head=f'<link rel="stylesheet" href="{FACES_CSS}">{EMBED_STYLE}'
                            f'{discovery_link(request.url, table.head.meta.title)}',
                       above=f"<header>{heading}{key_button}</header>", below=f"{card}{events}{credit_line}",
                       tail=CARD_SCRIPT + (FIT_TITLES_SCRIPT if what == "timeline" else MAP_SCRIPT),
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

    @server.route("/embed/<what>.json")
    def embed_json(what: str) -> Response:
        """The embed's figure for the query's view laid out for the page's: a figure of ``frame=W,H`` px; for the
        timeline, its plot of ``plot=W,H`` px and its lanes' names drawn ``names=above`` or beside them."""
        if what not in EMBEDDABLE:
            abort(404)
        frame_px, plot_px = parse_plot_px(request.args.get("frame")), parse_plot_px(request.args.get("plot"))
        if frame_px is None or (what == "timeline" and plot_px is None):
            abort(400)
        table = current_snapshot().table
        if table is None:
            abort(503)
        query = urlencode([(key, value) for key, value in request.args.items(multi=True) if key not in LAYOUT_KEYS])
        frame = Frame(*frame_px, names_above=request.args.get("names") == "above")
        figure = embed_figure(table, what, view_for(table, query), plot_px, frame)
        return Response(filling(figure).to_json(), mimetype="application/json")

    @server.route("/embed/event/<event_id>.json")
    def embed_event(event_id: str) -> Response:
        """One event's card, for an embed's reader."""
        table = current_snapshot().table
        if table is None:
            abort(503)
        card = event_card(table, event_id, request.url_root)
        if card is None:
            abort(404)
        return jsonify(card)

    @server.route(PLOTLY_JS_ROUTE)
    def plotly_js() -> Response:
        return send_file(PLOTLY_JS, mimetype="application/javascript", max_age=86400)
