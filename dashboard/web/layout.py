"""Components only: what is on the page and how it is labelled. No logic beyond reading the snapshot."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.export.spec import DEFAULT_PRESET, MAX_SCALE, MAX_SIDE, MIN_SCALE, MIN_SIDE, PRESETS
from dashboard.figures.cartography import SIZE_KEY_TITLE, casualty_cap
from dashboard.figures.map import APP_SIZE
from dashboard.figures.style import NO_CLOUD, OFFLINE_CONFIG, size_key
from dashboard.model.live import Snapshot
from dashboard.model.problems import errors
from dashboard.model.table import EventTable
from dashboard.state.filters import options
from dashboard.state.url import DEFAULTS
from dashboard.web.detail import empty_detail
from dashboard.web.ids import ID
from dashboard.web.table import DEFAULT_STATE

GRAPH_CONFIG = {**OFFLINE_CONFIG, "scrollZoom": True, "responsive": True,
                "modeBarButtonsToRemove": [NO_CLOUD, "toImage"]}  # images come from the export panel
PLAYBACK_MS = 1800
SPEEDS = [("Slow", 3600), ("Normal", PLAYBACK_MS), ("Fast", 900)]  # ms per event


def category_options(table) -> list[dict]:
    return [{"label": html.Span([html.Span(className="swatch", style={"backgroundColor": c.colour}), c.label],
                                title=c.description), "value": key}
            for key, c in table.head.categories.items()]


def filter_options(snapshot: Snapshot) -> tuple[list, list, list]:
    table = snapshot.table
    if table is None:
        return [], [], []
    values = options(table.frame)
    countries = [{"label": f"{table.geography.names.get(c, c)} ({c})", "value": c} for c in values["countries"]]
    return category_options(table), values["actors"], countries


def subtitle(table: EventTable | None) -> str:
    """What the header says about the data on screen: how much, which version, which content."""
    if table is None:
        return ""
    return f"{len(table.frame)} events · data version {table.head.meta.version or '–'} · content hash {table.version}"


def page_language(snapshot: Snapshot) -> str:
    """The page's ``lang``: the language of the data on screen (English, the interface's, when none is loaded)."""
    return snapshot.table.head.meta.language if snapshot.table is not None else "en"


def banner(snapshot: Snapshot) -> list:
    """Shown while the file on disk has errors: what is wrong, and that the last good data is on screen."""
    problems = errors(snapshot.problems)
    if not problems:
        return []
    kept = (f"Showing the last good version ({snapshot.table.version})." if snapshot.table
            else "No valid version has been loaded yet.")
    return [html.Div([
        html.Strong(f"The events file has {len(problems)} error{'s' if len(problems) != 1 else ''}. "), kept,
        html.Ul([html.Li(str(p), className="mono") for p in problems[:20]]),
        html.P(f"…and {len(problems) - 20} more" if len(problems) > 20 else "Fix the file and press Refresh data."),
    ], className="banner", role="alert")]


def shortcut(key: str) -> dict:
    """The page script presses this button for ``key`` (a KeyboardEvent.key): no ids written in JavaScript."""
    return {"data-shortcut": key}


DATE_FIELD = {"placeholder": "YYYY-MM-DD", "pattern": r"\d{4}-\d{2}-\d{2}", "maxLength": 10, "size": "11",
              "inputMode": "numeric"}


def dismissible(box_id: str, text_id: str, button_id: str, action: str, kind: str) -> html.Div:
    """A piece of state or a status message shown until its ✕ (or what replaces it) takes it away."""
    return html.Div([html.Span(id=text_id),
                     html.Button("✕", id=button_id, n_clicks=0, title=action, **{"aria-label": action})],
                    id=box_id, className=kind, hidden=True, role="status", **{"aria-live": "polite"})


def labelled(label: str, control, control_id: str, hint: str | None = None) -> html.Div:
    return html.Div([html.Label(label, htmlFor=control_id), control] + ([html.Small(hint, className="muted")] if hint else []),
                    className="control")


# Option lists are dash-bootstrap-components' (native inputs and selects, each with its label): Dash 4's own
# Checklist, RadioItems and Dropdown are ARIA listboxes of labels wrapping inputs, which axe reports as serious
# (nested-interactive, aria-input-field-name, aria-hidden-focus) and which take no ARIA props to fix it.
def radio(component_id: str, label: str, choices: list[tuple[str, str]], value: str) -> html.Fieldset:
    return html.Fieldset([html.Legend(label),
                          dbc.RadioItems(id=component_id, options=[{"label": t, "value": v} for v, t in choices],
                                         value=value, inline=True, class_name="radio")], className="control")


def choices(component_id: str, summary_id: str, label: str, options: list) -> html.Details:
    """A multiple choice among many values (actors, countries): a disclosure holding a checklist, its summary
    saying how many are chosen, so a closed one still shows that it filters."""
    return html.Details([html.Summary([label, " ", html.Span("(any)", id=summary_id, className="muted")]),
                         html.Fieldset([html.Legend(label, className="visually-hidden"),
                                        dbc.Checklist(id=component_id, options=options, value=[],
                                                      class_name="checklist choice-list")])],
                        className="control choices")


def select(component_id: str, options: list[tuple[str, str]], value: str, class_name: str = "") -> dbc.Select:
    """One choice among a few (a native select: its value is a string)."""
    return dbc.Select(id=component_id, options=[{"label": text, "value": key} for key, text in options],
                      value=value, class_name=class_name)


def export_panel() -> html.Details:
    """The "Export & embed" disclosure, closed, its controls not made yet: a page that is only read does not pay
    for their ~50 components (opening it the first time sends them, ``callbacks/export.open_export``)."""
    return html.Details([html.Summary("Export & embed", id=ID.EXPORT_SUMMARY), html.Div(id=ID.EXPORT_BODY)],
                        className="export")


def export_controls() -> list:
    """The export panel's controls: images of exactly the current view, an embeddable snippet and standalone
    HTML."""
    presets = [(key, f"{p.label} ({p.width}×{p.height})") for key, p in PRESETS.items()] + [("custom", "Custom size")]
    default = PRESETS[DEFAULT_PRESET]
    return [
        html.Div([
            radio(ID.EXPORT_WHAT, "Figure", [("composite", "Map + timeline"), ("map", "Map"), ("timeline", "Timeline")],
                  "composite"),
            radio(ID.EXPORT_FORMAT, "Format", [("png", "PNG"), ("svg", "SVG"), ("pdf", "PDF")], "png"),
            labelled("Size", select(ID.EXPORT_PRESET, presets, DEFAULT_PRESET), ID.EXPORT_PRESET),
            html.Div([
                html.Label("Width (px)", htmlFor=ID.EXPORT_WIDTH),
                dcc.Input(id=ID.EXPORT_WIDTH, type="number", min=MIN_SIDE, max=MAX_SIDE, step=10, value=default.width),
                html.Label("Height (px)", htmlFor=ID.EXPORT_HEIGHT),
                dcc.Input(id=ID.EXPORT_HEIGHT, type="number", min=MIN_SIDE, max=MAX_SIDE, step=10, value=default.height),
                html.Label("Scale", htmlFor=ID.EXPORT_SCALE),
                dcc.Input(id=ID.EXPORT_SCALE, type="number", min=MIN_SCALE, max=MAX_SCALE, step=0.5, value=2),
            ], className="control sizes"),
            html.Div([
                html.Label("Title", htmlFor=ID.EXPORT_TITLE),
                dcc.Input(id=ID.EXPORT_TITLE, type="text", placeholder="the events file's title", debounce=True),
                html.Label("Subtitle", htmlFor=ID.EXPORT_SUBTITLE),
                dcc.Input(id=ID.EXPORT_SUBTITLE, type="text", placeholder="events and period shown", debounce=True),
                html.Label("Caption", htmlFor=ID.EXPORT_CAPTION),
                dcc.Input(id=ID.EXPORT_CAPTION, type="text", placeholder="counts, filters and map extent",
                          debounce=True),
                html.Label("Credit", htmlFor=ID.EXPORT_CREDIT),
                dcc.Input(id=ID.EXPORT_CREDIT, type="text", placeholder="sources, map and gazetteer credits",
                          debounce=True),
                html.Label("Map extent", htmlFor=ID.EXPORT_BBOX),
                dcc.Input(id=ID.EXPORT_BBOX, type="text", placeholder="west,south,east,north (empty: the events)",
                          debounce=True),
            ], className="control texts"),
            html.Div([html.Button("Download image", id=ID.EXPORT_BUTTON, n_clicks=0),
                      dcc.Loading(html.Output(id=ID.EXPORT_STATUS, className="muted", role="status"), type="dot")],
                     className="control"),
            dcc.Download(id=ID.DOWNLOAD),
        ], className="export-row"),
        html.Div([
            radio(ID.EMBED_WHAT, "Embed", [("timeline", "Timeline"), ("map", "Map")], "timeline"),
            html.Div([html.Label("Snippet for a web page (this view)", htmlFor=ID.EMBED_SNIPPET),
                      html.Div([dcc.Textarea(id=ID.EMBED_SNIPPET, readOnly=True, className="snippet", value=""),
                                dcc.Clipboard(target_id=ID.EMBED_SNIPPET, id=ID.EMBED_COPY, title="Copy the snippet")],
                               className="snippet-row"),
                      html.Label("For a page that strips iframes: its image, linked to this view",
                                 htmlFor=ID.EMBED_IMAGE_SNIPPET),
                      html.Div([dcc.Textarea(id=ID.EMBED_IMAGE_SNIPPET, readOnly=True, className="snippet", value=""),
                                dcc.Clipboard(target_id=ID.EMBED_IMAGE_SNIPPET, id=ID.EMBED_IMAGE_COPY,
                                              title="Copy the image snippet")],
                               className="snippet-row")], className="control wide"),
            html.Div([html.Button("Standalone HTML: timeline", id=ID.HTML_TIMELINE, n_clicks=0),
                      html.Button("Standalone HTML: map", id=ID.HTML_MAP, n_clicks=0),
                      html.Small("One file, works offline, still interactive.", className="muted")],
                     className="control"),
        ], className="export-row"),
    ]


def map_size_key(table: EventTable | None) -> html.Div | None:
    """The map's size key, under its legend: circles of a few round tolls at the px the map draws them (its
    markers are capped for its panel, ``casualty_cap``); none when no event has casualties."""
    if table is None:
        return None
    tolls = table.frame["killed"].fillna(0) + table.frame["injured"].fillna(0)
    entries = size_key(float(tolls.max()) if len(tolls) else 0.0, casualty_cap(*APP_SIZE))
    if not entries:
        return None
    return html.Div([html.Span(SIZE_KEY_TITLE, className="size-key-title")] + [
        html.Span([html.Span(className="size-key-circle", style={"width": f"{d:.1f}px", "height": f"{d:.1f}px"}),
                   html.Span(label)], className="size-key-entry") for label, d in entries],
        className="size-key", role="img",
        **{"aria-label": f"{SIZE_KEY_TITLE}: marker sizes for " + ", ".join(label for label, _ in entries)})


def chart_description(what: str, table) -> str:
    """The text alternative of a chart: what it shows, and where the same events can be read as text."""
    if table is None:
        return "No valid events file is loaded."
    frame = table.frame
    period = f"{frame['date'].min():%-d %B %Y} to {frame['date_end'].max():%-d %B %Y}" if len(frame) else "no dates"
    countries = ", ".join(sorted({table.geography.names.get(c, c) for c in frame["point_country"].dropna()}))
    shown = (f"Map of {len(frame)} events in {countries or 'no country'}, one marker each, coloured by category"
             if what == "map" else f"Timeline of {len(frame)} events from {period}, one row per category")
    return (f"{shown}. The filters above narrow it; the events table below lists the same events as text, with "
            "their dates, places and casualties, and each opens its sources.")


def build_layout(snapshot: Snapshot) -> html.Div:
    table = snapshot.table
    title = table.head.meta.title if table else "Crisis map & timeline"
    categories, actors, countries = filter_options(snapshot)
    return html.Div([
        dcc.Location(id=ID.URL, refresh=False),
        dcc.Store(id=ID.URL_SYNCED, data=False),
        # Stores that start empty are given no ``data``: a store given ``data=None`` reports a change as it mounts,
        # and every callback reading it would make a round trip for nothing on each page load.
        dcc.Store(id=ID.SELECTED),
        dcc.Store(id=ID.MAP_RING),
        dcc.Store(id=ID.BOX, data=[]),
        dcc.Store(id=ID.CAMERA),
        dcc.Store(id=ID.CAMERA_RESET),
        dcc.Store(id=ID.DATA_VERSION, **({"data": table.version} if table else {})),
        dcc.Store(id=ID.BASE_KEY),
        dcc.Store(id=ID.TABLE_STATE, data=DEFAULT_STATE),
        dcc.Interval(id=ID.TICKER, interval=PLAYBACK_MS, disabled=True),
        html.Header([
            html.Div([html.H1(title, id=ID.TITLE), html.P(subtitle(table), id=ID.SUBTITLE, className="muted")]),
            html.Div([
                html.Output(id=ID.COUNT, className="count", **{"aria-live": "polite"}),
                dismissible(ID.BOX_CHIP, ID.BOX_CHIP_TEXT, ID.BOX_REMOVE, "Remove the map selection", "chip"),
                html.Button("Reset view", id=ID.RESET, n_clicks=0),
                html.Button("Refresh data", id=ID.REFRESH, n_clicks=0, title="Re-read the events file"),
            ], className="header-actions"),
        ], className="header"),
        html.Div(banner(snapshot), id=ID.BANNER),
        html.Section([
            html.Fieldset([html.Legend("Categories"),
                           dbc.Checklist(id=ID.CATEGORY, options=categories,
                                         value=list(table.head.categories) if table else [], inline=True,
                                         class_name="checklist")], className="control categories"),
            choices(ID.ACTOR, ID.ACTOR_SUMMARY, "Actors", actors),
            choices(ID.COUNTRY, ID.COUNTRY_SUMMARY, "Country of the point", countries),
            html.Div([
                labelled("Search", dcc.Input(id=ID.SEARCH, type="search", debounce=0.4,
                                             placeholder="Title, place, actor, “disputed”…", value=""), ID.SEARCH),
                dbc.Checklist(id=ID.DISPUTED, options=[{"label": "Only where sources disagree", "value": "only"}],
                              value=[], class_name="disputed-filter"),
            ]),
            html.Fieldset([html.Legend("Time window"),
                           # Plain text in ISO form: a browser's date input shows its locale's order
                           # (mm/dd/yyyy), which reads wrongly to half the world.
                           html.Div([html.Label("From", htmlFor=ID.DATE_FROM),
                                     dcc.Input(id=ID.DATE_FROM, type="text", debounce=True, **DATE_FIELD),
                                     html.Label("to", htmlFor=ID.DATE_TO),
                                     dcc.Input(id=ID.DATE_TO, type="text", debounce=True, **DATE_FIELD)],
                                    className="dates")],
                          className="control"),
            radio(ID.LANES, "Timeline lanes", [("category", "Category"), ("country", "Country"), ("actor", "First actor")],
                  DEFAULTS["lanes"]),
            radio(ID.STRIP, "Daily strip", [("count", "Events"), ("casualties", "Casualties")], DEFAULTS["strip"]),
            radio(ID.LINKS, "Timeline links", [("selected", "Selected event's"), ("all", "All")], DEFAULTS["links"]),
            radio(ID.FRAMING, "Map frames", [("theatre", "The theatre"), ("all", "Every event")], DEFAULTS["framing"]),
            html.Div([radio(ID.BASEMAP, "Basemap", [("offline", "Offline"), ("osm", "OpenStreetMap"), ("carto", "Carto")],
                            DEFAULTS["basemap"]),
                      dismissible(ID.BASEMAP_NOTE, ID.BASEMAP_NOTE_TEXT, ID.BASEMAP_DISMISS, "Dismiss this note",
                                  "note")]),
        ], className="filters", **{"aria-label": "Filters"}),
        html.Section([
            html.Button("◀ Previous", id=ID.PREV, n_clicks=0, title="Previous event (←)", **shortcut("ArrowLeft")),
            html.Button("▶ Play", id=ID.PLAY, n_clicks=0, **{"aria-pressed": "false"}),
            html.Button("Next ▶", id=ID.NEXT, n_clicks=0, title="Next event (→)", **shortcut("ArrowRight")),
            html.Button("Clear selection", id=ID.CLEAR, n_clicks=0, title="Clear the selection (Esc)",
                        **shortcut("Escape"), **{"data-clears-on-empty-click": "true"}),
            html.Div([html.Label("Speed", htmlFor=ID.SPEED),
                      select(ID.SPEED, [(str(ms), label) for label, ms in SPEEDS], str(PLAYBACK_MS), "speed")],
                     className="inline-control"),
            dbc.Checklist(id=ID.CUMULATIVE, options=[{"label": "Cumulative (earlier events stay shown)",
                                                      "value": "on"}], value=[], class_name="cumulative"),
            html.Small("Arrow keys ← → step through events in time order.", className="muted"),
        ], className="playback", **{"aria-label": "Playback"}),
        export_panel(),
        html.Main([
            html.Section([dcc.Graph(id=ID.MAP, config=GRAPH_CONFIG, style={"height": "640px"}), map_size_key(table),
                          html.P(chart_description("map", table), id=ID.MAP_TEXT, className="visually-hidden")],
                         className="map-panel", **{"aria-label": "Map of events", "aria-describedby": ID.MAP_TEXT,
                                                   "data-empty-click": "clear"}),
            html.Aside(empty_detail(), id=ID.DETAIL, className="detail", **{"aria-live": "polite",
                                                                             "aria-label": "Event detail"}),
            html.Section([dcc.Graph(id=ID.TIMELINE, config=GRAPH_CONFIG, style={"height": "440px"}, clear_on_unhover=True),
                          dcc.Store(id=ID.TIMELINE_HOVERED),
                          html.P(chart_description("timeline", table), id=ID.TIMELINE_TEXT, className="visually-hidden")],
                         className="timeline-panel", **{"aria-label": "Timeline of events",
                                                        "aria-describedby": ID.TIMELINE_TEXT,
                                                        "data-empty-click": "clear"}),
            html.Section([html.H2("Events"), html.Div(id=ID.TABLE)], className="table-panel",
                         **{"aria-label": "Event table"}),
        ], className="views"),
        html.Footer(html.P(["Map: Natural Earth 1:10m (public domain). Places: GeoNames (geonames.org, CC BY 4.0). "
                            "Sources and quotes for each event in the detail "
                            "panel. Share this view by copying the address bar."], className="muted small")),
    ], className="app")
