"""The last good version of an events file, kept on disk: a worker that starts while the file is broken (after a
crash, gunicorn's ``max_requests``, a deploy) serves it with the banner, as a running worker serves the last good
version it loaded.

Each good load copies the events file and every file of its folder it read (places file, geometry, geocode cache,
background, the sources' local copies) into ``<cache>/last-good/<hash of the file's path>/<stem>-<version>/``, in
the same layout, so the copy validates on its own; a pointer file names the latest. The cache is the folder
``$CRISIS_CACHE`` names, else ``~/.cache/crisis-map``: the server's own, not the data's folder (which a deployment
may mount read-only, and which a curator's repository should not collect copies in). Written whole or not at all
(a staging folder renamed into place, the pointer written atomically); a cache that cannot be written keeps
nothing, quietly.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from pathlib import Path

from dashboard.model.atomic import write_atomically
from dashboard.model.table import EventTable

FOLDER = "last-good"
KEPT_VERSIONS = 2  # the latest, and the one before it (a reader may be copying it while a newer one lands)


CACHE_ENV = "CRISIS_CACHE"


def cache_root() -> Path:
    """The server's own cache folder: ``$CRISIS_CACHE``, else ``~/.cache/crisis-map``."""
    return Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "crisis-map")


def _home(events: Path) -> Path:
    return cache_root() / FOLDER / hashlib.sha256(str(events.resolve()).encode("utf-8")).hexdigest()[:16]


def keep(table: EventTable) -> Path | None:
    """Copy the good ``table``'s files (those inside its folder) to its version's folder and point to it; the copy's
    events file, or None when the folder cannot be written."""
    folder = table.path.parent.resolve()
    home = _home(table.path)
    target = home / f"{table.path.stem}-{table.version}"
    named = [table.path.parent / source.file for source in table.head.sources.values() if source.file]
    files = {path.resolve() for path in (*table.inputs, *named) if path.is_file()}
    try:
        if not target.is_dir():
            staging = home / f".{target.name}.{os.getpid()}.partial"
            shutil.rmtree(staging, ignore_errors=True)
            for path in files:
                if path.is_relative_to(folder):
                    copy = staging / path.relative_to(folder)
                    copy.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, copy)
            with contextlib.suppress(FileExistsError, OSError):  # another worker's copy landed first: the same files
                staging.rename(target)
            shutil.rmtree(staging, ignore_errors=True)
        write_atomically(home / f"{table.path.stem}.latest", target.name.encode("utf-8"))
        for old in sorted(home.glob(f"{table.path.stem}-*"), key=lambda p: p.stat().st_mtime)[:-KEPT_VERSIONS]:
            shutil.rmtree(old, ignore_errors=True)
    except OSError:
        return None
    return target / table.path.resolve().relative_to(folder)


def kept(events: Path) -> Path | None:
    """The last good copy of ``events``, or None when none was kept."""
    home = _home(events)
    try:
        name = (home / f"{events.stem}.latest").read_text(encoding="utf-8").strip()
    except OSError:
        return None
    copy = home / name / events.resolve().relative_to(events.parent.resolve())
    return copy if name and copy.is_file() else None
