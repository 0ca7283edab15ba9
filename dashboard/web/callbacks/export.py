"""Export and embed from the page: images of exactly the view on screen, standalone HTML, the iframe snippet."""

from __future__ import annotations

from dash import Input, Output, State, ctx, dcc, no_update

from dashboard.export.render import render_bytes, render_for_app
from dashboard.export.spec import PRESETS, ExportSpec, file_name, parse_bbox
from dashboard.state.url import encode
from dashboard.state.view import state_for
from dashboard.web.callbacks.registry import callback, clientside_callback
from dashboard.web.ids import ID
from dashboard.web.source import current_snapshot


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
    Output(ID.DOWNLOAD, "data"),
    Output(ID.EXPORT_STATUS, "children"),
    Input(ID.EXPORT_BUTTON, "n_clicks"),
    State(ID.URL, "search"),
    State(ID.EXPORT_WHAT, "value"),
    State(ID.EXPORT_FORMAT, "value"),
    State(ID.EXPORT_WIDTH, "value"),
    State(ID.EXPORT_HEIGHT, "value"),
    State(ID.EXPORT_SCALE, "value"),
    State(ID.EXPORT_TITLE, "value"),
    State(ID.EXPORT_SUBTITLE, "value"),
    State(ID.EXPORT_CAPTION, "value"),
    State(ID.EXPORT_CREDIT, "value"),
    State(ID.EXPORT_BBOX, "value"),
    State(ID.BOX, "data"),
    prevent_initial_call=True,
    messages=ID.EXPORT_STATUS,
)
def export_image(_clicks, search, what, fmt, width, height, scale, title, subtitle, caption, credit, bbox,
                 box) -> tuple:
    """An image of exactly the view on screen (its URL state and any box or lasso selection on the map), with
    the texts typed in the panel, downloaded from the page. A refusal is shown under the button (``messages``)."""
    table = current_snapshot().table
    if table is None:
        return no_update, "Export failed: no valid events file is loaded."
    try:
        spec = ExportSpec(what or "composite", fmt or "png", int(width or 0), int(height or 0), float(scale or 1),
                          (search or "").lstrip("?"), title=title or None, subtitle=subtitle or None,
                          caption=caption or None, credit=credit or None, bbox=parse_bbox(bbox),
                          ids=tuple(box or ()) or None)
        content = render_for_app(table, spec)
    except (ValueError, TypeError) as exc:
        return no_update, f"Export failed: {exc}"
    return dcc.send_bytes(content, file_name(spec)), f"Downloaded {file_name(spec)} ({len(content):,} bytes)."


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
        return no_update, "Export failed: no valid events file is loaded."
    what = "map" if ctx.triggered_id == ID.HTML_MAP else "timeline"
    # The URL state minus anything the export would refuse (the app ignores it anyway).
    spec = ExportSpec(what, "html", state=encode(state_for(table, search)).lstrip("?"), ids=tuple(box or ()) or None)
    content = render_bytes(table, spec)
    return dcc.send_bytes(content, file_name(spec)), f"Downloaded {file_name(spec)} ({len(content):,} bytes)."


clientside_callback(
    """function(search, what) {
        var src = window.location.origin + '/embed/' + what + (search || '');
        return '<iframe src="' + src.replace(/"/g, '&quot;') + '" width="100%" height="' +
               (what === 'map' ? 520 : 440) + '" style="border:0" loading="lazy" title="' +
               (what === 'map' ? 'Map of events' : 'Timeline of events') + '"></iframe>';
    }""",
    Output(ID.EMBED_SNIPPET, "value"),
    Input(ID.URL, "search"),
    Input(ID.EMBED_WHAT, "value"),
)
