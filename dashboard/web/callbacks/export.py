"""Export and embed from the page: images of exactly the view on screen, standalone HTML, the iframe snippet."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from dash import Input, Output, State, ctx, dcc, no_update

from dashboard.export.render import render_bytes, render_for_app
from dashboard.export.spec import PRESETS, ExportSpec, file_name
from dashboard.model.problems import UserError
from dashboard.state.url import encode
from dashboard.state.view import state_for
from dashboard.web.callbacks.registry import callback, clientside_callback
from dashboard.web.fallback import FRAMES
from dashboard.web.ids import ID
from dashboard.web.layout import export_controls
from dashboard.web.source import current_snapshot

# What the panel's fields stand on. It always shows a size, so a size field left empty or out of its range (the
# browser then sends None) is 0 px and refused, never quietly replaced by a default size.
PANEL_DEFAULTS = replace(ExportSpec(), width=0, height=0)


@callback(
    Output(ID.EXPORT_BODY, "children"),
    Input(ID.EXPORT_SUMMARY, "n_clicks"),
    State(ID.EXPORT_BODY, "children"),
    prevent_initial_call=True,
)
def open_export(_clicks, made) -> list:
    """The panel's controls, made the first time it is opened (a click or a key on its summary); then kept, with
    what was typed in them, as it closes and opens again."""
    return no_update if made else export_controls()


@callback(
    Output(ID.EXPORT_WIDTH, "value"),
    Output(ID.EXPORT_HEIGHT, "value"),
    Input(ID.EXPORT_PRESET, "value"),
    prevent_initial_call=True,
)
def apply_preset(preset: str) -> tuple:
    if preset not in PRESETS:
        return no_update, no_update
    return PRESETS[preset].width, PRESETS[preset].height


@callback(
    output={"download": Output(ID.DOWNLOAD, "data"), "status": Output(ID.EXPORT_STATUS, "children")},
    inputs={"clicks": Input(ID.EXPORT_BUTTON, "n_clicks")},
    # The panel's fields, named as a views file's keys (ExportSpec.from_mapping).
    state={"values": {"state": State(ID.URL, "search"), "what": State(ID.EXPORT_WHAT, "value"),
                      "format": State(ID.EXPORT_FORMAT, "value"), "width": State(ID.EXPORT_WIDTH, "value"),
                      "height": State(ID.EXPORT_HEIGHT, "value"), "scale": State(ID.EXPORT_SCALE, "value"),
                      "title": State(ID.EXPORT_TITLE, "value"), "subtitle": State(ID.EXPORT_SUBTITLE, "value"),
                      "caption": State(ID.EXPORT_CAPTION, "value"), "credit": State(ID.EXPORT_CREDIT, "value"),
                      "bbox": State(ID.EXPORT_BBOX, "value"), "ids": State(ID.BOX, "data")}},
    prevent_initial_call=True,
    messages=ID.EXPORT_STATUS,
)
def export_image(*, values: dict[str, Any], **_inputs: Any) -> dict:
    """An image of exactly the view on screen (its URL state and any box or lasso selection on the map), with
    the texts typed in the panel, downloaded from the page. A refusal is shown under the button (``messages``)."""
    table = current_snapshot().table
    if table is None:
        raise UserError("no valid events file is loaded.")
    # A text left empty is one not filled in: its placeholder says what is used instead.
    spec = ExportSpec.from_mapping({key: value for key, value in values.items() if value != ""}, PANEL_DEFAULTS)
    content = render_for_app(table, spec)
    return {"download": dcc.send_bytes(content, file_name(spec)),
            "status": f"Downloaded {file_name(spec)} ({len(content):,} bytes)."}


@callback(
    Output(ID.DOWNLOAD, "data", allow_duplicate=True),
    Output(ID.EXPORT_STATUS, "children", allow_duplicate=True),
    Input(ID.HTML_TIMELINE, "n_clicks"),
    Input(ID.HTML_MAP, "n_clicks"),
    State(ID.URL, "search"),
    State(ID.BOX, "data"),
    prevent_initial_call=True,
    messages=ID.EXPORT_STATUS,
)
def export_html(_timeline, _map, search, box) -> tuple:
    """One HTML file of the map or the timeline of the view on screen; a refusal (a view with no events) is
    shown under the image export's button (``messages``), as the image export's are."""
    table = current_snapshot().table
    if table is None:
        raise UserError("no valid events file is loaded.")
    what = "map" if ctx.triggered_id == ID.HTML_MAP else "timeline"
    # The URL state minus anything the export would refuse (the app ignores it anyway).
    spec = ExportSpec.from_mapping({"what": what, "format": "html", "state": encode(state_for(table, search)),
                                    "ids": box})
    content = render_bytes(table, spec)
    return dcc.send_bytes(content, file_name(spec)), f"Downloaded {file_name(spec)} ({len(content):,} bytes)."


# The snippets for the view on screen: its iframe (as ``fallback.frame_html`` writes it for oEmbed), and for a page
# that strips iframes its image, linked to the view in the app. FRAMES: each embed's title and size.
clientside_callback(
    """function(search, what) {
        var frames = FRAMES, frame = frames[what], origin = window.location.origin, query = search || '';
        function quoted(text) { return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;'); }
        var image = origin + '/embed/' + what + '.png' + (query ? query + '&' : '?') + 'w=' + frame[1] + '&h=' + frame[2];
        return [
            '<iframe src="' + quoted(origin + '/embed/' + what + query) + '" width="100%" height="' + frame[2] +
                '" style="border:0" loading="lazy" title="' + quoted(frame[0]) + '"></iframe>',
            '<a href="' + quoted(origin + '/' + query) + '"><img src="' + quoted(image) + '" width="' + frame[1] +
                '" height="' + frame[2] + '" style="max-width:100%;height:auto" alt="' + quoted(frame[0]) +
                ' (image; the link opens the interactive view)"></a>'
        ];
    }""".replace("FRAMES", json.dumps(FRAMES)),
    Output(ID.EMBED_SNIPPET, "value"),
    Output(ID.EMBED_IMAGE_SNIPPET, "value"),
    Input(ID.URL, "search"),
    Input(ID.EMBED_WHAT, "value"),
)
