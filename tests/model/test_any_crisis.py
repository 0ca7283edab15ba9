"""Any crisis, anywhere: a names-only file of another region validates, serves and exports with no places or
geometry file; a new crisis starts from one command; what the gazetteer cannot place gets candidates."""

from __future__ import annotations

import csv
import io
import shutil

import pytest

from dashboard.export.render import render_bytes
from dashboard.export.spec import ExportSpec
from dashboard.model.loading import check_events, load_events
from dashboard.web.app import create_app
from tests.support import SECOND_CRISIS, invoke_cli, replace_once

# Each load of the names-only crisis places every name through the world gazetteer and insets India and Pakistan (about
# 0.3 s): the tests that load it are slow, left out of the fast lane.
loads_it = pytest.mark.slow


@pytest.fixture(scope="module")
def second():
    return load_events(SECOND_CRISIS)


@pytest.fixture
def second_copy(tmp_path):
    target = tmp_path / "events.yaml"
    shutil.copy(SECOND_CRISIS, target)
    return target


def test_the_fixture_is_names_only():
    assert sorted(p.name for p in SECOND_CRISIS.parent.iterdir()) == ["events.yaml"]
    text = SECOND_CRISIS.read_text(encoding="utf-8")
    assert "coordinates:" not in text and "places_csv" not in text and "geojson" not in text


@loads_it
def test_it_validates_with_no_warnings(second):
    assert second.problems == []
    assert len(second.frame) == 12


@loads_it
def test_every_point_falls_in_the_country_it_names(second):
    frame = second.frame
    assert (frame["point_country"] == frame["country"]).all(), frame[["id", "country", "point_country"]]
    assert set(frame["location_provider"]) == {"gazetteer"}
    assert all(source.startswith("GeoNames ") for source in frame["location_source"])  # which row of which source


@loads_it
def test_its_border_is_derived_and_measured(second):
    assert set(second.geography.borders) == {("IN", "PK")}
    assert second.geography.focus == {"IN", "PK"}
    frame = second.frame.set_index("id")
    assert frame.loc["shelling-poonch-2025-05-07", "border_km"] < 30  # Poonch lies on the Line of Control
    assert frame.loc["ceasefire-2025-05-10", "border_km"] > 300  # New Delhi does not
    strikes = second.frame[second.frame["origin_country"].notna()]
    starts = [second.geography.country_of(lon, lat) for lat, lon in zip(strikes["origin_lat"], strikes["origin_lon"],
                                                                           strict=True)]
    assert starts == strikes["origin_country"].tolist()  # every arrow starts in the launching country


@loads_it
def test_it_serves(second):
    client = create_app(SECOND_CRISIS).server.test_client()
    assert client.get("/").status_code == 200
    layout = client.get("/_dash-layout").get_data(as_text=True)
    assert "India–Pakistan crisis, April–May 2025" in layout and "12 events" in layout
    embed = client.get("/embed/map?cat=strike").get_data(as_text=True)
    assert "strike-bahawalpur-2025-05-07" in embed


@loads_it
def test_it_exports(second):
    html = render_bytes(second, ExportSpec("composite", "html", 1600, 900, 1, "cat=strike")).decode("utf-8")
    assert "strike-muridke-2025-05-07" in html and "pahalgam-attack-2025-04-22" not in html


@pytest.mark.slow
def test_it_exports_an_image(second):
    from PIL import Image

    png = render_bytes(second, ExportSpec("composite", "png", 1600, 900, 1, ""))
    assert Image.open(io.BytesIO(png)).size == (1600, 900)


@loads_it
def test_a_name_several_towns_bear_is_an_error_listing_them(second_copy, tmp_path):
    replace_once(second_copy, "      name: Jammu\n", "      name: Srinagar\n")
    result = invoke_cli("validate", str(second_copy), cwd=tmp_path)
    assert result.code == 2
    assert "'Srinagar' is 2 places in IN: Srinagar (Kashmir, IN; population 1,206,419" in result.err
    assert "Uttarakhand" in result.err and "add place.province to say which" in result.err
    replace_once(second_copy, "      name: Srinagar\n", "      name: Srinagar\n      province: Kashmir\n")
    assert invoke_cli("validate", str(second_copy), cwd=tmp_path).code == 0  # the province says which


@loads_it  # seven times
def test_an_unknown_name_gets_candidates_and_proposed_rows(second_copy, tmp_path):
    replace_once(second_copy, "      name: Rajaori\n", "      name: Rajouri\n")
    result = invoke_cli("validate", str(second_copy), cwd=tmp_path)
    assert result.code == 2 and "unknown place 'Rajouri, IN'" in result.err and "Rajaori" in result.err
    proposed = invoke_cli("places", str(second_copy), cwd=tmp_path)
    assert proposed.code == 0
    rows = list(csv.reader(io.StringIO(proposed.out)))
    assert rows[0][:5] == ["Rajouri", "Rajaori", "town", "Kashmir", "IN"] and rows[0][8].startswith("GeoNames 1258891")
    refused = invoke_cli("places", str(second_copy), "--write", cwd=tmp_path)
    assert refused.code == 2 and "meta.places_csv" in refused.err  # written only where the file says

    replace_once(second_copy, '  version: "2025-05-fixture-1"\n', '  version: "2025-05-fixture-1"\n  places_csv: places.csv\n')
    missing = invoke_cli("validate", str(second_copy), cwd=tmp_path)
    assert missing.code == 2 and "meta.places_csv: 'places.csv' not found next to the events file" in missing.err
    assert invoke_cli("places", str(second_copy), "--write", cwd=tmp_path).code == 0  # makes it
    assert invoke_cli("validate", str(second_copy), cwd=tmp_path).code == 0  # the proposed row places it
    assert "Rajouri,Rajaori,town,Kashmir,IN" in (tmp_path / "places.csv").read_text(encoding="utf-8")


@loads_it
def test_a_country_the_geometry_lacks_is_an_error_at_its_line(second_copy, tmp_path):
    replace_once(second_copy, "      name: Kotli\n      country: PK", "      name: Kotli\n      country: QZ")
    result = invoke_cli("validate", str(second_copy), cwd=tmp_path)
    assert result.code == 2
    assert "events[6].place.country: QZ is not a country in the world geometry" in result.err


@loads_it
def test_meta_overrides_focus_borders_and_extent(second_copy):
    replace_once(second_copy, '  version: "2025-05-fixture-1"\n', '  version: "2025-05-fixture-1"\n  focus: [IN, PK, CN]\n'
                 "  extent: [60, 20, 90, 40]\n")
    table = load_events(second_copy)
    assert set(table.geography.borders) == {("IN", "PK"), ("CN", "IN"), ("CN", "PK")}  # a tripoint region
    assert {"AF", "NP", "BD"} <= set(table.geography.countries)  # the context of the extent given


@loads_it
def test_a_border_between_non_neighbours_is_an_error(second_copy, tmp_path):
    replace_once(second_copy, '  version: "2025-05-fixture-1"\n', '  version: "2025-05-fixture-1"\n  focus: [IN, PK, IR]\n'
                 "  borders: [[IN, PK], [IN, IR]]\n")
    result = invoke_cli("validate", str(second_copy), cwd=tmp_path)
    assert result.code == 2 and "meta.borders: IN and IR share no land border" in result.err
    table, problems = check_events(second_copy)
    assert table is None and problems


def test_a_new_crisis_starts_from_one_command_and_validates(tmp_path):
    result = invoke_cli("new", str(tmp_path / "caucasus"), "--countries", "AM AZ", cwd=tmp_path)
    assert result.code == 0, result.err
    events = tmp_path / "caucasus" / "events.yaml"
    assert events.exists() and (tmp_path / "caucasus" / "places.csv").exists()
    table = load_events(events)
    assert set(table.frame["place"]) == {"Yerevan", "Baku"} and set(table.geography.borders) == {("AM", "AZ")}
    again = invoke_cli("new", str(tmp_path / "caucasus"), "--countries", "AM AZ", cwd=tmp_path)
    assert again.code == 2 and "exists already" in again.err  # never overwrites a curator's work
    unknown = invoke_cli("new", str(tmp_path / "elsewhere"), "--countries", "AM QQ", cwd=tmp_path)
    assert unknown.code == 2 and "QQ not in the world geometry" in unknown.err


@loads_it
def test_own_geometry_files_that_miss_an_event_are_an_error(second_copy, tmp_path):
    import json

    from shapely.geometry import mapping

    from geo.world import default_world

    india = {"type": "Feature", "properties": {"iso_a2": "IN", "name": "India"},
             "geometry": mapping(default_world().outline("IN"))}
    (tmp_path / "own.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [india]}))
    (tmp_path / "own-borders.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": []}))
    replace_once(second_copy, '  version: "2025-05-fixture-1"\n', '  version: "2025-05-fixture-1"\n'
                 "  countries_geojson: own.geojson\n  border_geojson: own-borders.geojson\n")
    result = invoke_cli("validate", str(second_copy), cwd=tmp_path)
    assert result.code == 2
    assert "events[2].place.country: point (33.7215, 73.0433) lies outside every country of the geometry" in result.err
    assert "extend meta.countries_geojson to cover it" in result.err
