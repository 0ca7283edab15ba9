"""The events file behind a running app: reloaded when it changes (off the request path), the last good version
kept when it breaks."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.model.last_good import keep, kept
from dashboard.model.loading import check_events
from dashboard.model.problems import DataFileError, Problem, errors
from dashboard.model.table import EventTable

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
    geometry files, the geocode cache); re-validates only when one changed, in a background thread: requests
    meanwhile get the last snapshot at once, never wait for a reload (a 100,000-row file takes seconds)."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._signature: object = _NEVER_LOADED
        self._watched: tuple[Path, ...] = (self.path,)
        self._snapshot = Snapshot(None)
        self._reload: threading.Thread | None = None

    def _current_signature(self) -> tuple:
        return tuple(_stat(path) for path in self._watched)

    def load(self) -> Snapshot:
        """The first load, before serving: the file must be valid (DataFileError otherwise)."""
        snapshot = self.snapshot(wait=True)
        if snapshot.table is None or snapshot.stale:
            raise DataFileError(snapshot.problems)
        return snapshot

    def snapshot(self, *, wait: bool = False) -> Snapshot:
        """What to show now. A changed input starts a reload in the background; this returns the last snapshot
        without waiting for it, unless ``wait`` (the Refresh button: the analyst asked for the file as it is now)
        or nothing was ever loaded (there is nothing else to show)."""
        signature = self._current_signature()
        with self._lock:
            if signature != self._signature and (self._reload is None or not self._reload.is_alive()):
                first = self._signature is _NEVER_LOADED
                self._signature = signature
                self._reload = threading.Thread(target=self._load, name=f"reload {self.path.name}", daemon=True)
                self._reload.start()
                wait = wait or first
            running, snapshot = self._reload, self._snapshot
        if wait and running is not None:
            running.join()
            return self.snapshot() if self._current_signature() != self._signature else self._snapshot
        return snapshot

    def _load(self) -> None:
        try:
            table, problems = check_events(self.path)
        except BaseException as exc:  # a background thread: whatever went wrong (pyo3's PanicException is no
            # Exception) is shown as the file's problem, and the last good table stays
            table, problems = None, [Problem(self.path.name, None, "file", f"could not be loaded: {exc}")]
        good = table is not None and not errors(problems)
        # A worker starting on a broken file (a crash, max_requests, a deploy) serves the last good version kept
        # on disk, with the banner, as a running worker serves the last good version it loaded.
        fallback = _kept_table(self.path) if not good and self._snapshot.table is None else None
        with self._lock:
            if table is not None:
                self._watched = table.inputs
                self._signature = self._current_signature()
            self._snapshot = Snapshot(table, problems) if good else Snapshot(self._snapshot.table or fallback, problems)
        if good:
            keep(table)


def _kept_table(path: Path) -> EventTable | None:
    """The last good version of ``path`` kept on disk (``last_good``), loaded; None when there is none (or it no
    longer loads: the world database changed under it)."""
    copy = kept(path)
    if copy is None:
        return None
    try:
        table, problems = check_events(copy)
    except Exception:  # a kept copy that no longer loads is no fallback; the banner still shows the file's problems
        return None
    return table if table is not None and not errors(problems) else None


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size
