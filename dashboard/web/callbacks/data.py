"""Live data: re-reading the events file on request, and the online basemap's reachability."""

from __future__ import annotations

from dash import Input, Output, State, no_update

from dashboard.state.modes import Basemap
from dashboard.web.callbacks.registry import callback, clientside_callback
from dashboard.web.ids import ID
from dashboard.web.layout import banner, filter_options, subtitle
from dashboard.web.source import current_snapshot


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
    current = current_snapshot(wait=True)  # asked for: the file as it is now
    version = current.table.version if current.table else None
    categories, actors, countries = filter_options(current)
    return (version if version != shown_version else no_update, banner(current), categories, actors, countries,
            subtitle(current.table))


clientside_callback(
    """async function(basemap, _dismissed) {
        const FELL_BACK = 'Tiles could not be reached, so the map stays on the offline basemap.';
        if (dash_clientside.callback_context.triggered_id === 'DISMISS_ID') { return [true, '']; }
        if (!basemap || basemap === 'OFFLINE') {
            // Set back to offline by the fallback below: say why (this call may finish after the one that
            // fell back, and must not wipe its note).
            if (window.basemapFellBack) { window.basemapFellBack = false; return [false, FELL_BACK]; }
            return [true, ''];
        }
        const probe = basemap === 'OSM' ? 'https://tile.openstreetmap.org/0/0/0.png'
                                        : 'https://a.basemaps.cartocdn.com/light_all/0/0/0.png';
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), 4000);
        try {
            await fetch(probe, {mode: 'no-cors', signal: controller.signal});
            return [false, 'Online tiles loaded; the offline outlines stay on top.'];
        } catch (error) {
            window.basemapFellBack = true;
            dash_clientside.set_props('BASEMAP_ID', {value: 'OFFLINE'});
            return [false, FELL_BACK];
        } finally {
            clearTimeout(timer);
        }
    }""".replace("BASEMAP_ID", ID.BASEMAP).replace("DISMISS_ID", ID.BASEMAP_DISMISS)
       .replace("'OFFLINE'", f"'{Basemap.OFFLINE}'").replace("'OSM'", f"'{Basemap.OSM}'"),
    Output(ID.BASEMAP_NOTE, "hidden"),
    Output(ID.BASEMAP_NOTE_TEXT, "children"),
    Input(ID.BASEMAP, "value"),
    Input(ID.BASEMAP_DISMISS, "n_clicks"),
)


# A closed list of actors or countries says whether it filters: "(any)" or how many are chosen.
for summary, component in ((ID.ACTOR_SUMMARY, ID.ACTOR), (ID.COUNTRY_SUMMARY, ID.COUNTRY)):
    clientside_callback(
        "function(chosen) { return chosen && chosen.length ? '(' + chosen.length + ' chosen)' : '(any)'; }",
        Output(summary, "children"),
        Input(component, "value"),
    )
