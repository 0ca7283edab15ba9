"""Exports are whole or absent: on a full disk (a real 64 kB tmpfs) or an unwritable folder, ``export`` and
``events -o`` exit 2 with the path and the reason, and leave nothing under a final name (nor a temporary file)."""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

import pytest

from dashboard.model.atomic import write_atomically
from tests.support import BUNDLED, invoke_cli


@pytest.fixture
def full_disk(tmp_path: Path):
    """A 64 kB filesystem: far smaller than an HTML export (plotly.js alone is megabytes)."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"mounting a tmpfs needs root: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def _files(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.rglob("*"))


@pytest.mark.slow  # an HTML export drawn
def test_an_export_to_a_full_disk_leaves_nothing_and_exits_2(full_disk):
    run = invoke_cli("export", "--data", str(BUNDLED), "--what", "timeline", "--format", "html", "--out",
                     str(full_disk))
    assert run.code == 2 and "No space left on device" in run.err and "nothing was left under its name" in run.err
    assert str(full_disk) in run.err and "Traceback" not in run.err
    assert _files(full_disk) == []  # no partial file under its name, no temporary file either


def test_events_to_a_full_disk_leaves_the_older_file_and_exits_2(full_disk):
    target = full_disk / "events.geojson"
    target.write_bytes(b"{}")  # the last good export, which a failed one must not destroy
    (full_disk / "filler").write_bytes(b"x" * 56_000)  # the disk nearly full: the new GeoJSON does not fit
    run = invoke_cli("events", str(BUNDLED), "--format", "geojson", "-o", str(target))
    assert run.code == 2 and str(target) in run.err and "nothing was left" in run.err
    assert _files(full_disk) == ["events.geojson", "filler"] and target.read_bytes() == b"{}"


def test_an_out_folder_that_cannot_be_made_is_exit_2(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    run = invoke_cli("export", "--data", str(BUNDLED), "--what", "timeline", "--format", "html", "--out",
                     str(blocker / "exports"))
    assert run.code == 2 and "cannot create the folder" in run.err and "Traceback" not in run.err


@pytest.mark.slow  # an HTML export drawn
def test_a_whole_export_leaves_no_temporary_file(tmp_path):
    run = invoke_cli("export", "--data", str(BUNDLED), "--what", "timeline", "--format", "html", "--out", str(tmp_path))
    assert run.code == 0 and [name for name in _files(tmp_path) if name.endswith(".part")] == []
    assert len(_files(tmp_path)) == 1


def test_a_file_written_whole_gets_the_mode_an_ordinary_file_would(tmp_path):
    """The temporary file is private while written; the file under its name is not (an export shared from a
    folder, a resolved file served by a web server)."""
    target = tmp_path / "out.bin"
    write_atomically(target, b"data")
    ordinary = tmp_path / "ordinary.bin"
    ordinary.write_bytes(b"data")
    assert stat.S_IMODE(target.stat().st_mode) == stat.S_IMODE(ordinary.stat().st_mode)
