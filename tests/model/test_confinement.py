"""Files an events file names stay inside its folder, and every input is a regular file: a places file, source copy,
background or geometry file outside the folder (by an absolute path, ``..`` or a symlink), a symlink loop, a pipe or
a device is refused with a problem located at the field naming it, and no message shows a byte of the target."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dashboard.model.loading import check_events
from tests.support import edited_bundled, invoke_cli, line_of, run_cli

SECRET = "root-secret-0123456789"  # what a file outside the folder holds: no message may show it


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder for the events file, beside a file it must never read."""
    (tmp_path / "secret.csv").write_text(f"{SECRET},x\n1,2\n", encoding="utf-8")
    crisis = tmp_path / "crisis"
    crisis.mkdir()
    return crisis


def _problems(path: Path) -> list:
    return check_events(path)[1]


def _set(key: str, value: str):
    def edit(document: dict) -> None:
        document["meta"][key] = value
    return edit


@pytest.mark.parametrize("key", ["places_csv", "background", "countries_geojson"])
@pytest.mark.parametrize("name", ["../secret.csv", "{outside}/secret.csv", "link.csv"], ids=["dotdot", "absolute",
                                                                                           "symlink"])
def test_a_named_file_outside_the_folder_is_refused_unread(outside, key, name):
    (outside / "link.csv").symlink_to(outside.parent / "secret.csv")
    events = edited_bundled(outside, _set(key, name.format(outside=outside.parent)))
    table, problems = check_events(events)
    refused = [p for p in problems if p.field == f"meta.{key}"]
    assert table is None and len(refused) == 1, problems
    assert "outside the events file's folder" in refused[0].message
    assert refused[0].line == line_of(events, f"{key}:")
    assert not any(SECRET in str(p) for p in problems)


def test_a_source_copy_outside_the_folder_is_refused_and_no_quote_is_looked_for(outside):
    def edit(document: dict) -> None:
        key = next(iter(document["sources"]))
        document["sources"][key]["file"] = "../secret.csv"
    events = edited_bundled(outside, edit)
    problems = _problems(events)
    refused = [p for p in problems if p.field.startswith("sources.") and p.field.endswith(".file")]
    assert len(refused) == 1 and "outside the events file's folder" in refused[0].message
    assert not any("verbatim" in p.message for p in problems)  # no yes-or-no about a guessed quote
    assert not any(SECRET in str(p) for p in problems)


def test_a_name_outside_is_refused_whether_or_not_the_file_exists(outside):
    """"Not found" for a missing file outside, "outside" for one there, would answer whether a file exists."""
    events = edited_bundled(outside, _set("places_csv", "../no-such-file.csv"))
    [refused] = [p for p in _problems(events) if p.field == "meta.places_csv"]
    assert "outside the events file's folder" in refused.message


def test_a_symlink_loop_a_directory_and_a_pipe_are_refused(outside):
    for name, said in (("loop.csv", "symlink loop"), ("folder.csv", "is a directory"),
                       ("pipe.csv", "not a regular file")):
        folder = outside / name.removesuffix(".csv")
        folder.mkdir()
        {"loop.csv": lambda path: path.symlink_to(path), "folder.csv": Path.mkdir,
         "pipe.csv": os.mkfifo}[name](folder / name)
        events = edited_bundled(folder, _set("places_csv", name))
        [refused] = [p for p in _problems(events) if p.field == "meta.places_csv"]
        assert said in refused.message, (name, refused)


@pytest.mark.slow  # processes
def test_validate_refuses_a_pipe_or_a_device_at_once_with_exit_2(tmp_path):
    os.mkfifo(tmp_path / "events.yaml")
    for path in (tmp_path / "events.yaml", Path("/dev/zero")):
        run = run_cli("validate", str(path), timeout=30)  # a pipe read would block; /dev/zero never ends
        assert run.code == 2 and "not a regular file" in run.err + run.out and "Traceback" not in run.err


def test_validate_prints_a_refused_places_file_located_and_nothing_of_it(outside):
    events = edited_bundled(outside, _set("places_csv", str(outside.parent / "secret.csv")))
    run = invoke_cli("validate", str(events))
    assert run.code == 2 and "meta.places_csv" in run.err + run.out
    assert SECRET not in run.err + run.out
