"""The world's data files missing or damaged: one message naming the file and how to restore it, exit 2, no
traceback (they once gave tracebacks in the CLI, and in the app a banner blaming the events file)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from geo.errors import WorldDataError
from geo.world import DATABASES, DEFAULT_WORLD, check_world
from tests.support import BUNDLED, run_cli


@pytest.fixture
def world_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "world"
    folder.mkdir()
    for name, _, _ in DATABASES:
        (folder / name).symlink_to(DEFAULT_WORLD.parent / name)  # the real files, unchanged
    return folder


def test_the_shipped_world_data_passes_its_check():
    check_world(DEFAULT_WORLD.parent)


# What each database may weigh: the repository keeps every version committed, so growth is a decision. Native-script
# town names went to names.sqlite (8.2 MB) rather than into world.sqlite (which would have grown to 33.7 MB).
BUDGET_MB = {"world.sqlite": 26, "provinces.sqlite": 5, "seas.sqlite": 1.5, "names.sqlite": 9}


def test_the_world_data_stays_within_its_budget():
    sizes = {name: (DEFAULT_WORLD.parent / name).stat().st_size / 1e6 for name, _, _ in DATABASES}
    assert all(sizes[name] <= budget for name, budget in BUDGET_MB.items()), sizes
    assert sum(sizes.values()) <= 40


def test_a_missing_or_damaged_database_is_named_with_how_to_restore_it(world_copy):
    (world_copy / "seas.sqlite").unlink()
    with pytest.raises(WorldDataError, match=r"seas\.sqlite: the world's data is missing; restore it with `git "
                                              r"checkout geo/data`.*tools\.build_seas"):
        check_world(world_copy)
    (world_copy / "seas.sqlite").write_bytes(b"not a database" * 100)
    with pytest.raises(WorldDataError, match=r"seas\.sqlite: the world's data is damaged"):
        check_world(world_copy)
    (world_copy / "seas.sqlite").unlink()
    (world_copy / "seas.sqlite").symlink_to(DEFAULT_WORLD.parent / "seas.sqlite")
    (world_copy / "names.sqlite").unlink()
    with pytest.raises(WorldDataError, match=r"names\.sqlite: the world's data is missing.*tools\.build_names"):
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
