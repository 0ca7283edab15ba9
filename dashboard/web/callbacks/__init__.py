"""Module-level callbacks: guard -> read the snapshot -> filter -> build or patch -> return.

Each is a plain function, importable and callable in tests. Figures are sent whole only when their
base changes (data version, lanes, strip, basemap); filtering and selection send ``Patch`` updates.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import plotly.graph_objects as go
from dash import ALL, Dash, Input, Output, Patch, State, ctx, dcc, no_update
from flask import current_app

from dashboard.export.render import PRESETS, ExportError, ExportSpec, file_name, render_bytes, render_for_app
from dashboard.figures.map import HALO_LAYER, MapTrace, halo_layer, map_traces, selection_trace
from dashboard.figures.timeline import TimelineTrace, lanes_and_y, marker_positions, parse_window
from dashboard.figures.timeline import selection_trace as timeline_selection
from dashboard.model.live import Snapshot
from dashboard.state.filters import Filters, apply_filters, step
from dashboard.state.url import DEFAULTS, encode
from dashboard.state.view import View, map_figure, map_frame, shown_frame, state_for, timeline_figure, timeline_frame
from dashboard.web.detail import build_detail, empty_detail
from dashboard.web.ids import ID
from dashboard.web.layout import banner, filter_options
from dashboard.web.table import build_table, page_holding, sort_frame

# Callbacks are declared here, at module level, and attached to each app by ``register``: Dash's global
# ``dash.callback`` list is emptied by the first app that starts, so a second app (tests, gunicorn
# workers re-creating one) would get none.
_CALLBACKS: list[tuple[tuple, dict, Any]] = []
_CLIENTSIDE: list[tuple[str, tuple, dict]] = []


def callback(*args, **kwargs):
    def declare(function):
        _CALLBACKS.append((args, kwargs, function))
        return function
    return declare


def clientside_callback(code: str, *args, **kwargs) -> None:
    _CLIENTSIDE.append((code, args, kwargs))


def register(app: Dash) -> None:
    for args, kwargs, function in _CALLBACKS:
        app.callback(*args, **kwargs)(function)
    for code, args, kwargs in _CLIENTSIDE:
        app.clientside_callback(code, *args, **kwargs)


URL_CONTROLS = [  # (component, property, state key)
    (ID.CATEGORY, "value", "categories"), (ID.ACTOR, "value", "actors"), (ID.COUNTRY, "value", "countries"),
    (ID.SEARCH, "value", "text"), (ID.DATE_FROM, "value", "start"), (ID.DATE_TO, "value", "end"),
    (ID.LANES, "value", "lanes"), (ID.STRIP, "value", "strip"), (ID.BASEMAP, "value", "basemap"),
    (ID.SELECTED, "data", "selected"),
]
FILTER_IDS = [ID.CATEGORY, ID.ACTOR, ID.COUNTRY, ID.SEARCH, ID.DATE_FROM, ID.DATE_TO]


def snapshot() -> Snapshot:
    return current_app.config["EVENT_SOURCE"].snapshot()


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def make_filters(categories, actors, countries, text, start, end, map_selected: dict | None = None) -> Filters:
    """Control values -> Filters. The category boxes list what is shown (all ticked: no restriction);
    a map box/lasso selection (plotly selectedData) becomes an id filter."""
    ids = None
    if map_selected and "points" in map_selected:
        ids = tuple(p["customdata"] for p in map_selected["points"] if isinstance(p.get("customdata"), str))
    table = snapshot().table
    known = table.head.categories if table is not None else {}
    shown = None if categories is None or set(known) <= set(categories) else tuple(categories)
    return Filters(shown, tuple(actors or ()), tuple(countries or ()), text or "", _date(start), _date(end), ids)


def filter_states() -> list[State]:
    return [State(component, "value") for component in FILTER_IDS]


def empty_figure(message: str) -> go.Figure:
    figure = go.Figure()
    figure.update_layout(xaxis={"visible": False}, yaxis={"visible": False}, plot_bgcolor="white",
                         annotations=[{"text": message, "showarrow": False, "font": {"size": 15}}])
    return figure


# --- URL state --------------------------------------------------------------------------------------

@callback(
    Output(ID.URL, "search"),
    Output(ID.URL_SYNCED, "data"),
    *[Output(component, prop, allow_duplicate=True) for component, prop, _ in URL_CONTROLS],
    Input(ID.URL, "search"),
    Input(ID.RESET, "n_clicks"),
    *[Input(component, prop) for component, prop, _ in URL_CONTROLS],
    State(ID.URL_SYNCED, "data"),
    prevent_initial_call="initial_duplicate",
)
def sync_url(search: str | None, _reset: int, *values_and_synced: Any) -> tuple:
    """The query string and the controls mirror each other: the URL wins once, on load; the controls after."""
    *values, synced = values_and_synced
    trigger = ctx.triggered_id
    unchanged = [no_update] * len(URL_CONTROLS)
    table = snapshot().table
    all_categories = list(table.head.categories) if table is not None else []
    if trigger == ID.RESET:
        return ("", True, *[all_categories if key == "categories" else DEFAULTS[key] for _, _, key in URL_CONTROLS])
    if not synced:
        if search is None:
            return (no_update, no_update, *unchanged)  # dcc.Location reports the address when it mounts
        state = state_for(table, search)
        state["categories"] = state["categories"] or all_categories  # none named in the URL: all shown
        return (no_update, True, *[state[key] for _, _, key in URL_CONTROLS])
    state = {key: value for (_, _, key), value in zip(URL_CONTROLS, values, strict=True)}
    if set(state["categories"] or ()) >= set(all_categories):
        state["categories"] = []  # all ticked is the default: keep it out of the URL
    encoded = encode(state)
    return (encoded if encoded != (search or "") else no_update, no_update, *unchanged)


@callback(
    Output(ID.DATE_FROM, "value", allow_duplicate=True),
    Output(ID.DATE_TO, "value", allow_duplicate=True),
    Input(ID.TIMELINE, "relayoutData"),
    prevent_initial_call=True,
)
def window_from_timeline(relayout: dict | None) -> tuple:
    """Zooming, panning or brushing the timeline sets the time window every other view filters on."""
    window = parse_window(relayout)
    if window is None:
        return no_update, no_update
    return window


# --- selection ---------------------------------------------------------------------------------------

@callback(
    Output(ID.SELECTED, "data", allow_duplicate=True),
    Output(ID.TICKER, "disabled", allow_duplicate=True),
    Output(ID.MAP, "clickData"),
    Output(ID.TIMELINE, "clickData"),
    Input(ID.MAP, "clickData"),
    Input(ID.TIMELINE, "clickData"),
    Input({"type": ID.EVENT_LINK, "id": ALL}, "n_clicks"),
    Input(ID.CLEAR, "n_clicks"),
    Input(ID.PREV, "n_clicks"),
    Input(ID.NEXT, "n_clicks"),
    Input(ID.TICKER, "n_intervals"),
    State(ID.SELECTED, "data"),
    *filter_states(),
    State(ID.MAP, "selectedData"),
    prevent_initial_call=True,
)
def select_event(map_click, timeline_click, _links, _clear, _prev, _next, _tick, current, *filters_and_box) -> tuple:
    """One selection, written by every view: map or timeline click, a table/detail link, clear, or a step.

    A consumed click is reset to None so clicking the same point again (after clearing) selects it again.
    """
    trigger = ctx.triggered_id
    keep = (no_update, no_update)
    if trigger == ID.MAP:
        return _clicked_id(map_click), no_update, None, no_update
    if trigger == ID.TIMELINE:
        return _clicked_id(timeline_click), no_update, no_update, None
    if trigger == ID.CLEAR:
        return None, True, *keep
    if isinstance(trigger, dict) and trigger.get("type") == ID.EVENT_LINK:
        return (trigger["id"] if ctx.triggered[0]["value"] else no_update), no_update, *keep
    if trigger in (ID.PREV, ID.NEXT, ID.TICKER):
        table = snapshot().table
        if table is None:
            return no_update, no_update, *keep
        ordered = apply_filters(table.frame, make_filters(*filters_and_box))["id"].tolist()
        chosen = step(ordered, current, -1 if trigger == ID.PREV else 1)
        at_end = trigger == ID.TICKER and ordered and chosen == ordered[-1]
        return chosen, (True if at_end else no_update), *keep
    return no_update, no_update, *keep


def _clicked_id(click: dict | None):
    points = (click or {}).get("points") or []
    event_id = points[0].get("customdata") if points else None
    return event_id if isinstance(event_id, str) else no_update


@callback(
    Output(ID.TICKER, "disabled"),
    Input(ID.PLAY, "n_clicks"),
    State(ID.TICKER, "disabled"),
    prevent_initial_call=True,
)
def toggle_playback(_clicks: int, disabled: bool) -> bool:
    return not disabled


clientside_callback(
    """function(disabled) {
        return [disabled ? '▶ Play' : '❚❚ Pause', disabled ? 'false' : 'true'];
    }""",
    Output(ID.PLAY, "children"),
    Output(ID.PLAY, "aria-pressed"),
    Input(ID.TICKER, "disabled"),
)


# --- views -------------------------------------------------------------------------------------------

@callback(
    Output(ID.MAP, "figure"),
    Output(ID.TIMELINE, "figure"),
    Output(ID.COUNT, "children"),
    Output(ID.BASE_KEY, "data"),
    *[Input(component, "value") for component in FILTER_IDS],
    Input(ID.LANES, "value"),
    Input(ID.STRIP, "value"),
    Input(ID.BASEMAP, "value"),
    Input(ID.MAP, "selectedData"),
    Input(ID.DATA_VERSION, "data"),
    State(ID.SELECTED, "data"),
    State(ID.BASE_KEY, "data"),
)
def render_views(categories, actors, countries, text, start, end, lanes, strip, basemap, map_box, _version,
                 selected, base_key) -> tuple:
    """Whole figures when their base changes; otherwise patches of the data layers only."""
    table = snapshot().table
    if table is None:
        blank = empty_figure("No valid events file loaded")
        return blank, blank, "0 events", None
    view = View(make_filters(categories, actors, countries, text, start, end, map_box), selected,
                lanes or "category", strip or "count", basemap or "offline")
    count = f"{len(shown_frame(table, view))} of {len(table.frame)} events"
    key = f"{table.version}|{view.lanes}|{view.strip}|{view.basemap}"
    if key != base_key:
        return map_figure(table, view), _with_window(timeline_figure(table, view), view.window), count, key

    trigger = ctx.triggered_id
    map_patch = no_update
    if trigger != ID.MAP:
        shown_on_map = map_frame(table, view)
        map_patch = Patch()
        for index, trace in enumerate(map_traces(shown_on_map, selected)):
            map_patch["data"][index] = trace.to_plotly_json()
        map_patch["layout"]["map"]["layers"][HALO_LAYER] = halo_layer(shown_on_map)
    timeline_patch = Patch()
    if trigger not in (ID.DATE_FROM, ID.DATE_TO):
        rebuilt = timeline_figure(table, view)
        timeline_patch["data"] = [trace.to_plotly_json() for trace in rebuilt.data]
        timeline_patch["layout"]["yaxis"] = rebuilt.layout.yaxis.to_plotly_json()
    _patch_window(timeline_patch, view.window)
    return map_patch, timeline_patch, count, no_update


TIMELINE_AXES = ("xaxis", "xaxis2")  # the events row and the strip row share one time axis


def _with_window(figure: go.Figure, window: tuple) -> go.Figure:
    figure.update_xaxes(uirevision=_window_key(window))
    return figure


def _window_key(window: tuple) -> str:
    return f"{window[0] or ''}|{window[1] or ''}"


def _patch_window(patch: Patch, window: tuple) -> None:
    for axis in TIMELINE_AXES:
        if window[0] and window[1]:
            patch["layout"][axis]["range"] = [window[0].isoformat(), (window[1] + dt.timedelta(days=1)).isoformat()]
            patch["layout"][axis]["autorange"] = False
        elif not window[0] and not window[1]:
            patch["layout"][axis]["autorange"] = True
        patch["layout"][axis]["uirevision"] = _window_key(window)


@callback(
    Output(ID.MAP, "figure", allow_duplicate=True),
    Output(ID.TIMELINE, "figure", allow_duplicate=True),
    Output(ID.DETAIL, "children"),
    Input(ID.SELECTED, "data"),
    *filter_states(),
    State(ID.LANES, "value"),
    State(ID.MAP, "selectedData"),
    State(ID.MAP, "relayoutData"),
    State(ID.BASE_KEY, "data"),
    prevent_initial_call=True,
)
def highlight(selected, categories, actors, countries, text, start, end, lanes, map_box, map_view, base_key) -> tuple:
    """Highlight one event everywhere: a few numbers per figure, the map panned to it, its detail panel."""
    table = snapshot().table
    if table is None:
        return no_update, no_update, empty_detail()
    matches = table.frame[table.frame["id"] == selected]
    detail = build_detail(matches.iloc[0], table.frame) if len(matches) else empty_detail()
    if not base_key:  # no figure drawn yet: the first full render draws the selection itself
        return no_update, no_update, detail
    view = View(make_filters(categories, actors, countries, text, start, end, map_box), selected, lanes or "category")
    on_map, on_timeline = map_frame(table, view), timeline_frame(table, view)

    map_patch = Patch()
    ids = on_map["id"].tolist()
    index = ids.index(selected) if selected in ids else None
    map_patch["data"][MapTrace.EVENTS]["selectedpoints"] = [index] if index is not None else None
    map_patch["data"][MapTrace.SELECTION] = selection_trace(on_map, index).to_plotly_json()
    if index is not None:
        row = on_map.iloc[index]
        map_patch["layout"]["map"]["center"] = {"lat": float(row["lat"]), "lon": float(row["lon"])}
        zoom = (map_view or {}).get("map.zoom")
        if zoom:
            map_patch["layout"]["map"]["zoom"] = zoom
        map_patch["layout"]["map"]["uirevision"] = f"selected:{selected}"

    timeline_patch = Patch()
    timeline_ids = on_timeline["id"].tolist()
    position = timeline_ids.index(selected) if selected in timeline_ids else None
    _, y = lanes_and_y(on_timeline, view.lanes, table.head.categories, table.geography.names)
    xs, _ = marker_positions(on_timeline)
    timeline_patch["data"][TimelineTrace.EVENTS]["selectedpoints"] = [position] if position is not None else None
    timeline_patch["data"][TimelineTrace.SELECTION] = timeline_selection(xs, y, position).to_plotly_json()
    return map_patch, timeline_patch, detail


@callback(
    Output(ID.TABLE, "children"),
    Output(ID.TABLE_STATE, "data"),
    *[Input(component, "value") for component in FILTER_IDS],
    Input(ID.MAP, "selectedData"),
    Input(ID.SELECTED, "data"),
    Input({"type": "sort", "column": ALL}, "n_clicks"),
    Input({"type": "page", "step": ALL}, "n_clicks"),
    Input(ID.DATA_VERSION, "data"),
    State(ID.TABLE_STATE, "data"),
)
def render_table(categories, actors, countries, text, start, end, map_box, selected, _sorts, _pages, _version,
                 state) -> tuple:
    """The accessible table: filtered like the map, sorted by a header button, on the selected event's page."""
    table = snapshot().table
    if table is None:
        return [], state
    state = dict(state or {"column": "date", "ascending": True, "page": 0})
    trigger = ctx.triggered_id
    clicked = bool(ctx.triggered and ctx.triggered[0].get("value"))
    if isinstance(trigger, dict) and trigger.get("type") == "sort" and clicked:
        same = state["column"] == trigger["column"]
        state.update(column=trigger["column"], ascending=not state["ascending"] if same else True, page=0)
    elif isinstance(trigger, dict) and trigger.get("type") == "page" and clicked:
        state["page"] = state["page"] + int(trigger["step"])
    elif isinstance(trigger, dict):
        return no_update, no_update  # buttons re-rendered, not clicked
    frame = apply_filters(table.frame, make_filters(categories, actors, countries, text, start, end, map_box))
    ordered = sort_frame(frame, state["column"], state["ascending"])
    holding = page_holding(ordered, selected) if trigger == ID.SELECTED and selected is not None else None
    if holding is not None:
        state["page"] = holding
    elif trigger in FILTER_IDS:
        state["page"] = 0
    return build_table(ordered, selected=selected, **state), state


# --- live data ---------------------------------------------------------------------------------------

@callback(
    Output(ID.DATA_VERSION, "data"),
    Output(ID.BANNER, "children"),
    Output(ID.CATEGORY, "options"),
    Output(ID.ACTOR, "options"),
    Output(ID.COUNTRY, "options"),
    Output(ID.SUBTITLE, "children"),
    Input(ID.REFRESH, "n_clicks"),
    State(ID.DATA_VERSION, "data"),
    prevent_initial_call=True,
)
def refresh_data(_clicks: int, shown_version: str | None) -> tuple:
    """Re-read the file: new data when it changed and is valid; the errors, over the last good data, when not."""
    current = snapshot()
    version = current.table.version if current.table else None
    categories, actors, countries = filter_options(current)
    table = current.table
    subtitle = (f"{len(table.frame)} events · data version {table.head.meta.version or '–'} · content hash {table.version}"
                if table else "")
    return (version if version != shown_version else no_update, banner(current), categories, actors, countries, subtitle)


clientside_callback(
    """async function(basemap) {
        if (!basemap || basemap === 'offline') { return ''; }
        const probe = basemap === 'osm' ? 'https://tile.openstreetmap.org/0/0/0.png'
                                        : 'https://a.basemaps.cartocdn.com/light_all/0/0/0.png';
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), 4000);
        try {
            await fetch(probe, {mode: 'no-cors', signal: controller.signal});
            return 'Online tiles loaded; the offline outlines stay on top.';
        } catch (error) {
            dash_clientside.set_props('BASEMAP_ID', {value: 'offline'});
            return 'Tiles could not be reached: back to the offline basemap.';
        } finally {
            clearTimeout(timer);
        }
    }""".replace("BASEMAP_ID", ID.BASEMAP),
    Output(ID.BASEMAP_NOTE, "children"),
    Input(ID.BASEMAP, "value"),
)


# --- export and embed --------------------------------------------------------------------------------

@callback(
    Output(ID.EXPORT_WIDTH, "value"),
    Output(ID.EXPORT_HEIGHT, "value"),
    Input(ID.EXPORT_PRESET, "value"),
    prevent_initial_call=True,
)
def apply_preset(preset: str) -> tuple:
    if preset not in PRESETS:
        return no_update, no_update
    return PRESETS[preset][0], PRESETS[preset][1]


def _camera(map_view: dict | None) -> tuple[dict, float] | None:
    """The map's current center and zoom, when the analyst has moved it."""
    view = map_view or {}
    center, zoom = view.get("map.center"), view.get("map.zoom")
    return (center, zoom) if center and zoom else None


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
    State(ID.MAP, "relayoutData"),
    prevent_initial_call=True,
)
def export_image(_clicks, search, what, fmt, width, height, scale, map_view) -> tuple:
    """An image of exactly the view on screen (its URL state and map camera), downloaded from the page."""
    table = snapshot().table
    if table is None:
        return no_update, "Export failed: no valid events file is loaded."
    try:
        spec = ExportSpec(what or "composite", fmt or "png", int(width or 0), int(height or 0), float(scale or 1),
                          (search or "").lstrip("?"))
        content = render_for_app(table, spec, _camera(map_view))
    except (ExportError, ValueError, TypeError) as exc:
        return no_update, f"Export failed: {exc}"
    return dcc.send_bytes(content, file_name(spec)), f"Downloaded {file_name(spec)} ({len(content):,} bytes)."


@callback(
    Output(ID.DOWNLOAD, "data", allow_duplicate=True),
    Input(ID.HTML_TIMELINE, "n_clicks"),
    Input(ID.HTML_MAP, "n_clicks"),
    State(ID.URL, "search"),
    prevent_initial_call=True,
)
def export_html(_timeline, _map, search):
    table = snapshot().table
    if table is None:
        return no_update
    what = "map" if ctx.triggered_id == ID.HTML_MAP else "timeline"
    spec = ExportSpec(what, "html", 1600, 900, 1, embed_state(search))
    return dcc.send_bytes(render_bytes(table, spec), file_name(spec))


def embed_state(search: str | None) -> str:
    """The URL state, minus anything the export would refuse (the app ignores it anyway)."""
    return encode(state_for(snapshot().table, search)).lstrip("?")


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
