"""Every kind of bad input: a located message (FILE:LINE: field: what is wrong (what would be right)), exit 2.

The contract is checked in-process (click's runner, same command, same output streams); a few cases run as
real ``python -m dashboard`` processes for the exit code and the absence of a traceback."""

from __future__ import annotations

import re

import pytest

from tests.support import invoke_cli, line_of, replace_once, run_cli

RASK_PLACE_END = "      precision: exact\n    actors: [Jaish ul-Adl, Iranian police]\n    killed: 11"


def rask_at(lat: float, lon: float):
    """An edit giving the first (Rask) event explicit coordinates."""
    coordinates = f"      coordinates: {{lat: {lat}, lon: {lon}, source: test}}\n"
    return lambda p: replace_once(p, RASK_PLACE_END, RASK_PLACE_END.replace("\n    actors", "\n" + coordinates + "    actors"))


MESSAGE = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+): (?P<field>[^:]+): (?P<message>.+\(.+\).*)$")


CASES = {
    # name: (edit of the bundled copy, needle on the expected line, expected field, words in the message)
    "yaml syntax": (lambda p: replace_once(p, "actors: [Jaish ul-Adl, Iranian police]", "actors: [Jaish ul-Adl, Iranian police"),
                    "killed: 11", "syntax", "expected"),
    "tab indentation": (lambda p: replace_once(p, "    killed: 11\n", "\tkilled: 11\n"), "killed: 11", "indentation", "tab"),
    "wrong type": (lambda p: replace_once(p, "killed: 11", "killed: eleven"), "killed: eleven", "events[0].killed", "integer"),
    "count as text": (lambda p: replace_once(p, "killed: 11", 'killed: "11"'), 'killed: "11"', "events[0].killed", "integer"),
    "negative count": (lambda p: replace_once(p, "killed: 11", "killed: -1"), "killed: -1", "events[0].killed", "greater"),
    "unknown field": (lambda p: replace_once(p, "    killed: 11\n", "    killd: 11\n"), "killd: 11", "events[0].killd",
                      "did you mean 'killed'"),
    "missing field": (lambda p: replace_once(p, '    date: "2023-12"\n', ""), "id: rask-police-attack-2023-12",
                      "events[0].date", "required field missing"),
    "unknown category": (lambda p: replace_once(p, "category: militant_attack", "category: attack"),
                         "category: attack", "events[0].category", "unknown category 'attack'"),
    "duplicate id": (lambda p: replace_once(p, "id: police-station-attack-2024-01-10", "id: rask-police-attack-2023-12"),
                     ("id: rask-police-attack-2023-12", -1), "events[1].id", "duplicate id"),
    "duplicate phase id": (lambda p: replace_once(p, "  - id: de-escalation\n", "  - id: escalation\n"),
                           ("id: escalation", 1), "phases[1].id", "duplicate id 'escalation', first used on line"),
    "duplicate source": (lambda p: replace_once(p, "  article-b:\n", "  article-a:\n"), ("  article-a:", 1),
                         "sources.article-a", "duplicate key, first given on line"),
    "duplicate category": (lambda p: replace_once(p, "  strike:\n", "  militant_attack:\n"), ("  militant_attack:", 1),
                           "categories.militant_attack", "duplicate key, first given on line"),
    "impossible date": (lambda p: replace_once(p, 'date: "2024-01-10"', 'date: "2024-02-30"'), 'date: "2024-02-30"',
                        "events[1].date", "not a real date"),
    "unquoted impossible date": (lambda p: replace_once(p, 'date: "2024-01-10"', "date: 2024-02-30"), "date: 2024-02-30",
                                 "events[1].date", "not a real date"),
    "end before start": (lambda p: replace_once(p, 'date: "2024-01-10"\n', 'date: "2024-01-10"\n    date_end: "2024-01-02"\n'),
                         'date_end: "2024-01-02"', "events[1].date_end", "before the start"),
    "latitude out of range": (rask_at(126.2, 61.4),
                              "coordinates: {lat: 126.2", "events[0].place.coordinates.lat", "less than or equal to 90"),
    "longitude out of range": (rask_at(26.2, 261.4),
                               "coordinates: {lat: 26.2", "events[0].place.coordinates.lon", "less than or equal to 180"),
    "link to unknown id": (lambda p: replace_once(p, "responds_to: [iran-strikes-pakistan-2024-01-16]\n    sources:",
                                                  "responds_to: [iran-strike-pakistan-2024-01-16]\n    sources:"),
                           "responds_to: [iran-strike-pakistan", "events[3].responds_to[0]",
                           "did you mean 'iran-strikes-pakistan-2024-01-16'"),
    "unknown place": (lambda p: replace_once(p, "name: Jakigur", "name: Jakigurr"), "name: Jakigurr",
                      "events[11].place.name", "nearest known: Jakigur"),
    "unknown origin place": (lambda p: replace_once(p, "    origin:\n      country: PK\n",
                                                    "    origin:\n      country: PK\n      place: Atlantisville\n"),
                             "place: Atlantisville", "events[3].origin.place", "unknown place 'Atlantisville, PK'"),
    "unknown country code": (lambda p: replace_once(p, "country: IR\n      precision: exact\n    actors: [Jaish",
                                                    "country: Iran\n      precision: exact\n    actors: [Jaish"),
                             "country: Iran", "events[0].place.country", "ISO 3166"),
    "bad colour": (lambda p: replace_once(p, 'colour: "#E69F00"', "colour: orange"), "colour: orange",
                   "categories.militant_attack.colour", "hex colour"),
    "non-http link": (lambda p: replace_once(p, "url: https://thenews.com.pk/print/1138727",
                                             "url: javascript:alert(1)//thenews.com.pk/print/1138727"),
                      "url: javascript:", "sources.thenews-1138727.url", "http(s)"),
    "quote not verbatim": (lambda p: replace_once(p, "killed at least 11 Iranian police officers.\"", "killed 12 officers.\""),
                           "killed 12 officers.", "events[0].sources[0].quote", "not found verbatim"),
    "python tag": (lambda p: replace_once(p, "title: Jaish ul-Adl attack on the police station in Rask",
                                          "title: !!python/object/apply:os.system ['touch PWNED']"),
                   "!!python/object/apply", "events[0].title", "not allowed"),
    "duplicate key": (lambda p: replace_once(p, "    killed: 11\n", "    killed: 11\n    killed: 12\n"), "killed: 12",
                      "events[0].killed", "duplicate key"),
}


SUGGESTING = {"unknown place", "unknown origin place"}  # a did-you-mean search over every town name of a country: slow


@pytest.mark.parametrize("case", [pytest.param(case, marks=pytest.mark.slow) if case in SUGGESTING else case for case in CASES])
def test_bad_input_is_located_and_exits_2(case, data_copy, tmp_path):
    edit, needle, field, words = CASES[case]
    edit(data_copy)
    result = invoke_cli("validate", str(data_copy), cwd=tmp_path)
    assert result.code == 2, result
    assert "Traceback" not in result.err
    lines = [m for m in map(MESSAGE.match, result.err.splitlines()) if m]
    assert lines, result.err
    expected_line = line_of(data_copy, *needle) if isinstance(needle, tuple) else line_of(data_copy, needle)
    hits = [m for m in lines if m["field"] == field and int(m["line"]) == expected_line]
    assert hits, f"no message for {field} at line {expected_line}:\n{result.err}"
    assert words in hits[0]["message"]
    assert hits[0]["path"] == "events.yaml"
    assert not (tmp_path / "PWNED").exists()


@pytest.mark.slow  # a did-you-mean search over every town name of a country (about 0.3 s)
def test_all_problems_of_a_file_come_in_one_pass(data_copy, tmp_path):
    replace_once(data_copy, "killed: 11", "killed: eleven")
    replace_once(data_copy, "category: security_operation", "category: raid")
    replace_once(data_copy, "name: Jakigur", "name: Nowhere")
    replace_once(data_copy, 'date: "2024-01-10"', 'date: "2024-13-10"')
    result = invoke_cli("validate", str(data_copy), cwd=tmp_path)
    assert result.code == 2
    fields = {m["field"] for m in map(MESSAGE.match, result.err.splitlines()) if m}
    assert {"events[0].killed", "events[11].category", "events[1].date"} <= fields
    assert result.err.splitlines()[-1].startswith(f"{data_copy}: 4 errors")


WHOLE_FILE_CASES = {
    "empty": (b"", "file is empty"),
    "only comments": (b"# nothing here\n", "only comments"),
    "not utf-8": ("meta:\n  title: caf\xe9\n".encode("latin-1"), "not UTF-8"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary content"),
    "a list, not a mapping": (b"- 1\n- 2\n", "expected a mapping"),
    "alias bomb": (
        b"a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        b"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
        b"g: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n", "aliases expand the document"),
    "recursive alias": (b"a: &a [*a]\n", "recursive alias"),
    "over the size cap": (b"# " + b"x" * (16 * 1024 * 1024) + b"\n", "over the"),
}


@pytest.mark.parametrize("case", list(WHOLE_FILE_CASES))
def test_unusable_files_are_refused_with_exit_2(case, tmp_path):
    content, words = WHOLE_FILE_CASES[case]
    path = tmp_path / "events.yaml"
    path.write_bytes(content)
    result = invoke_cli("validate", str(path), cwd=tmp_path)
    assert result.code == 2
    assert "Traceback" not in result.err
    assert result.err.startswith("events.yaml")
    assert words in result.err


def test_missing_file_and_directory(tmp_path):
    missing = invoke_cli("validate", "nope.yaml", cwd=tmp_path)
    assert missing.code == 2 and "nope.yaml: file: no such file" in missing.err
    (tmp_path / "adir").mkdir()
    directory = invoke_cli("validate", "adir", cwd=tmp_path)
    assert directory.code == 2 and "adir: file: is a directory" in directory.err


def test_future_occurred_event_is_a_warning_not_an_error(data_copy, tmp_path):
    result = invoke_cli("validate", str(data_copy), "--today", "2024-01-20", cwd=tmp_path)
    assert result.code == 0, result.err
    assert "warning: 2024-01-26 is in the future" in result.err


def test_point_outside_named_country_is_a_warning(data_copy, tmp_path):
    rask_at(26.97, 64.09)(data_copy)
    result = invoke_cli("validate", str(data_copy), cwd=tmp_path)
    assert result.code == 0
    warning = r"events\.yaml:\d+: events\[0\]\.place\.country: warning: point \(26\.9700, 64\.0900\) lies in PK"
    assert re.search(warning, result.err)


@pytest.mark.slow
@pytest.mark.parametrize("case", ["python tag", "unknown place", "duplicate key"])
def test_a_real_process_exits_2_without_a_traceback(case, data_copy, tmp_path):
    edit, _, field, words = CASES[case]
    edit(data_copy)
    result = run_cli("validate", str(data_copy), cwd=tmp_path)
    assert result.code == 2 and "Traceback" not in result.err
    assert f": {field}: " in result.err and words in result.err
    assert not (tmp_path / "PWNED").exists()


@pytest.mark.slow
def test_a_real_process_refuses_a_missing_file_and_an_alias_bomb(tmp_path):
    missing = run_cli("validate", "nope.yaml", cwd=tmp_path)
    assert missing.code == 2 and missing.err.startswith("nope.yaml: file: no such file") and "Traceback" not in missing.err
    content, words = WHOLE_FILE_CASES["alias bomb"]
    (tmp_path / "events.yaml").write_bytes(content)
    bomb = run_cli("validate", "events.yaml", cwd=tmp_path)
    assert bomb.code == 2 and words in bomb.err and "Traceback" not in bomb.err


@pytest.mark.parametrize("url", ["javascript:alert(1)", " javascript:alert(1)", "JaVaScRiPt:alert(1)",
                                 "java\tscript:alert(1)", "data:text/html,<script>alert(1)</script>",
                                 "vbscript:msgbox(1)", "file:///etc/passwd", "//evil.example/x", "https://"])
def test_only_http_links_are_accepted(url):
    from dashboard.model.schema import http_url

    with pytest.raises(ValueError, match="is not an http"):
        http_url(url)
    assert http_url("https://thenews.com.pk/print/1138727") == "https://thenews.com.pk/print/1138727"
