"""The world's data files missing or damaged: one message naming the file and how to restore it, exit 2, no
traceback (they once gave tracebacks in the CLI, and in the app a banner blaming the events file)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from geo.errors import WorldDataError
from geo.world import DEFAULT_WORLD, check_world
from tests.support import BUNDLED, run_cli


@pytest.fixture
def world_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "world"
    folder.mkdir()
    for name in ("world.sqlite", "provinces.sqlite", "seas.sqlite"):
        (folder / name).symlink_to(DEFAULT_WORLD.parent / name)  # the real files, unchanged
    return folder


def test_the_shipped_world_data_passes_its_check():
    check_world(DEFAULT_WORLD.parent)


def test_a_missing_or_damaged_database_is_named_with_how_to_restore_it(world_copy):
    (world_copy / "seas.sqlite").unlink()
    with pytest.raises(WorldDataError, match=r"seas\.sqlite: the world's data is missing; restore it with `git "
                                              r"checkout geo/data`.*tools\.build_seas"):
        check_world(world_copy)
    (world_copy / "seas.sqlite").write_bytes(b"not a database" * 100)
    with pytest.raises(WorldDataError, match=r"seas\.sqlite: the world's data is damaged"):
        check_world(world_copy)


@pytest.mark.slow  # a process
def test_validate_with_a_damaged_world_exits_2_naming_it(world_copy):
    target = world_copy / "world.sqlite"
    target.unlink()
    shutil.copyfile(DEFAULT_WORLD, target)
    with target.open("r+b") as handle:  # the header overwritten: SQLite no longer knows the file
        handle.write(b"\0" * 100)
    run = run_cli("validate", str(BUNDLED), env={"CRISIS_WORLD_DATA": str(world_copy)})
    assert run.code == 2 and "world.sqlite: the world's data is damaged" in run.err
    assert "Traceback" not in run.err
