"""The events file behind a running app: reloaded when it changes, the last good version kept when it breaks."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.model.loading import EventTable, check_events
from dashboard.model.problems import DataFileError, Problem, errors

_NEVER_LOADED = object()


@dataclass
class Snapshot:
    """What the app shows: the last good table, and the problems of the file as it is now (if any)."""

    table: EventTable | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def stale(self) -> bool:
        """The file on disk is broken and an older good version is being shown."""
        return bool(errors(self.problems))


class EventSource:
    """Checks the signature (mtime, size) of every input file on each use (the events file, its places and
    geometry files, the geocode cache); re-validates only when one changed."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._signature: object = _NEVER_LOADED
        self._watched: tuple[Path, ...] = (self.path,)
        self._snapshot = Snapshot(None)

    def _current_signature(self) -> tuple:
        return tuple(_stat(path) for path in self._watched)

    def load(self) -> Snapshot:
        """The first load, before serving: the file must be valid (DataFileError otherwise)."""
        snapshot = self.snapshot()
        if snapshot.table is None or snapshot.stale:
            raise DataFileError(snapshot.problems)
        return snapshot

    def snapshot(self) -> Snapshot:
        signature = self._current_signature()
        with self._lock:
            if signature != self._signature:
                self._signature = signature
                table, problems = check_events(self.path)
                if table is not None:
                    self._watched = table.inputs
                    self._signature = self._current_signature()
                if table is not None and not errors(problems):
                    self._snapshot = Snapshot(table, problems)
                else:
                    self._snapshot = Snapshot(self._snapshot.table, problems)
            return self._snapshot


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size
