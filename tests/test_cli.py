"""The command line's outputs parse and carry the documented fields (in-process; one real process)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.support import BUNDLED, copy_bundled, invoke_cli, line_of, replace_once, run_cli

REQUIRED = {"id", "title", "category", "date", "date_end", "date_precision", "place", "location_precision",
            "country", "border_km", "killed", "injured", "actors", "sources", "origin_country"}


@pytest.fixture(scope="module")
def geojson():
    result = invoke_cli("events", str(BUNDLED), "--format", "geojson")
    assert result.code == 0, result.err
    return json.loads(result.out)


@pytest.mark.slow
def test_validate_bundled_data_as_a_real_process():
    result = run_cli("validate")
    assert result.code == 0, result.err
    assert result.out.startswith("data/events.yaml: OK: 13 events")


def test_geojson_is_a_feature_collection_of_points(geojson):
    assert geojson["type"] == "FeatureCollection"
    assert len(geojson["features"]) == 13
    for feature in geojson["features"]:
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert 40 < lon < 80 and 20 < lat < 40
        assert set(feature["properties"]) >= REQUIRED


def test_geojson_values_are_typed(geojson):
    props = {f["id"]: f["properties"] for f in geojson["features"]}
    rask = props["rask-police-attack-2023-12"]
    assert (rask["date"], rask["date_end"], rask["date_precision"]) == ("2023-12-01", "2023-12-31", "month")
    assert rask["killed"] == 11 and rask["injured"] is None
    assert rask["sources"][0]["quote"].startswith("In December 2023")
    assert props["pakistan-strikes-iran-2024-01-17"]["origin_country"] == "PK"


def test_csv_has_the_same_columns_plus_lat_lon():
    result = invoke_cli("events", "--format", "csv")
    assert result.code == 0
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert len(rows) == 13
    assert REQUIRED | {"lat", "lon"} <= set(rows[0])
    assert rows[0]["killed"] == "11"
    assert json.loads(rows[0]["actors"]) == ["Jaish ul-Adl", "Iranian police"]


def test_json_and_output_file(tmp_path):
    out = tmp_path / "events.json"
    result = invoke_cli("events", "--format", "json", "-o", str(out))
    assert result.code == 0 and result.out == ""
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 13


def test_bad_options_exit_2(tmp_path):
    assert invoke_cli("events", "--format", "xml").code == 2
    unwritable = invoke_cli("events", "-o", str(tmp_path / "missing-dir" / "x.json"))
    assert unwritable.code == 2 and "cannot write" in unwritable.err and "Traceback" not in unwritable.err


def test_events_on_bad_file_writes_nothing(tmp_path):
    bad = tmp_path / "events.yaml"
    bad.write_text("meta: {title: x}\n", encoding="utf-8")
    out = tmp_path / "out.geojson"
    result = invoke_cli("events", str(bad), "-o", str(out), cwd=tmp_path)
    assert result.code == 2 and not out.exists()
    assert "events.yaml:1: sources: required field missing" in result.err


def test_serve_binds_loopback_with_debug_off_by_default():
    from dashboard.cli import serve

    defaults = serve.make_context("serve", []).params
    assert defaults["host"] == "127.0.0.1" and defaults["debug"] is False and defaults["port"] == 8050


def test_user_errors_are_shown_by_one_translation_point(tmp_path, monkeypatch):
    """Every command raises the core's UserError; the group prints it: a data file's problems one a line with
    their count, any other as click's "Error: ..."; both exit 2, with no traceback."""
    from dashboard.export.spec import ExportError
    from dashboard.model.problems import DataFileError, Problem, UserError

    assert issubclass(DataFileError, UserError) and issubclass(ExportError, UserError) and UserError.exit_code == 2
    missing = invoke_cli("events", "nope.yaml", cwd=tmp_path)
    assert (missing.code, missing.out) == (2, "")
    assert missing.err == "nope.yaml: file: no such file (give the path of a YAML file)\n1 error; nothing written.\n"
    empty = invoke_cli("export", "--state", "q=zzzzqqq", "--data", str(BUNDLED), "--out", str(tmp_path / "out"))
    assert (empty.code, empty.out) == (2, "")
    assert empty.err == 'Error: state: the view shows no events (text: "zzzzqqq"); loosen the filters\n'
    assert not (tmp_path / "out").exists()

    def refuse(path):
        raise DataFileError([Problem("b.yaml", 3, "y", "second"), Problem("a.yaml", None, "x", "first")])

    monkeypatch.setattr("dashboard.model.proposals.propose", refuse)
    refused = invoke_cli("places", "a.yaml", cwd=tmp_path)
    assert (refused.code, refused.err) == (2, "a.yaml: x: first\nb.yaml:3: y: second\n2 errors; nothing written.\n")


def test_validate_quotes_counts_each_sources_quotes_as_checked_or_on_trust(bundled_table):
    """Per source, as the file cites it; the sums are every quote of the file."""
    result = invoke_cli("validate", "--quotes", str(BUNDLED))
    assert result.code == 0, result.err
    cited = [c["source"] for citations in bundled_table.frame["sources"] for c in citations]
    with_copy = {key for key, source in bundled_table.head.sources.items() if source.file}
    checked = sum(source in with_copy for source in cited)
    assert f"quotes: {checked} checked against local copies, {len(cited) - checked} on trust" in result.out
    assert "  article-a: 7 quotes checked against sources/000_ca5d4e612607e9a7.txt" in result.out
    assert "  thenews-1138727: 1 quote on trust (no local copy" in result.out


QUOTED_OUTSIDE = "This screengrab shows the Rask Police HQ being targeted by terrorists early on December 15, 2023."


@pytest.mark.parametrize("copy_holds_quote", [True, False])
def test_an_outside_sources_quotes_are_checked_once_it_has_a_local_copy(tmp_path, copy_holds_quote):
    """An outside source (not only a core one) with a ``file:`` has its quotes checked against it."""
    events = copy_bundled(tmp_path)
    (tmp_path / "sources" / "thenews.txt").write_text(
        f"Page text. {QUOTED_OUTSIDE if copy_holds_quote else 'Another caption.'} More text.\n", encoding="utf-8")
    replace_once(events, "    publisher: The News International\n",
                 "    publisher: The News International\n    file: sources/thenews.txt\n")
    result = invoke_cli("validate", "--quotes", str(events))
    if copy_holds_quote:
        assert result.code == 0, result.err
        assert "  thenews-1138727: 1 quote checked against sources/thenews.txt" in result.out
    else:
        assert result.code == 2
        line = line_of(events, QUOTED_OUTSIDE)
        assert f"events.yaml:{line}: events[0].sources[1].quote: not found verbatim in sources/thenews.txt" in result.err


def test_a_province_by_its_common_name_or_iso_code_validates_without_a_warning(tmp_path):
    """'District of Columbia' (GeoNames says 'Washington, D.C.') and 'US-DC' are the province, as written."""
    assert invoke_cli("new", str(tmp_path / "dc"), "--countries", "US IR").code == 0
    events = tmp_path / "dc" / "events.yaml"
    replace_once(events, "    name: New York City\n    country: US\n    precision: exact",
                 "    province: District of Columbia\n    country: US\n    precision: province")
    replace_once(events, "    name: Tehran\n    country: IR\n    precision: exact",
                 "    name: Washington\n    province: US-DC\n    country: US\n    precision: exact")
    result = invoke_cli("validate", str(events))
    assert result.code == 0 and "0 warnings" in result.out, result.out + result.err
    rows = list(csv.DictReader(io.StringIO(invoke_cli("events", str(events), "--format", "csv").out)))
    assert sorted(row["place"] for row in rows) == ["District of Columbia (province)", "Washington"]
