"""What is derived from one loaded table and asked for again, kept with that table and dropped with it.

Each ``EventTable`` owns one ``Kept`` (``table.kept``): the rows a filter leaves, a view's figures and edits, the
fitted extent, the countries clipped to a map's frame, a view's bare scene, the base GeoJSON the app serves. A
reloaded file is a new table with an empty ``Kept``; the old table, its geography and everything derived from them
go together when the last request using them ends. Every kind of result is bounded (``SIZES``); the least recently
used goes first. Requests run in threads: changes hold a lock, computing does not; a result being computed is
computed once, and a second request for it waits for it (the page's first figures, warmed as the page is served,
``web/warm.py``, are often asked for while they are built).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import TypeVar

T = TypeVar("T")

SIZES = {
    # What a view's figures are drawn or edited with: many analysts opening one crisis ask for the same ones (the
    # first render of the default view, the same few filters), and each costs tens to hundreds of ms to build.
    "view": 64,
    "filtered": 2,  # the last filter results: each may be most of a large frame
    "fitted extent": 2,  # one per framing (the theatre, every event)
    "theatre": 2,  # which events frame the theatre, per frame of events (an export's caption and map both ask)
    "responding": 1,  # the rows of events that answer others (the detail's 'Answered by')
    "countries": 32,  # countries clipped and simplified to a map's frame, per (extent, width)
    "bare scene": 8,  # a view's countries, border and names without events, per (extent, size)
    "geojson": 3,  # the base layers' GeoJSON the app serves, per source
    "embed image": 16,  # an embed's image fallback (PNG or SVG, tens to hundreds of kB), per view and size
}


class Kept:
    """Results derived from one table, at most ``SIZES[kind]`` of each kind, the least recently used dropped first."""

    def __init__(self) -> None:
        self._kept: dict[str, OrderedDict[Hashable, object]] = {kind: OrderedDict() for kind in SIZES}
        self._computing: dict[tuple[str, Hashable], Future] = {}
        self._lock = threading.Lock()

    def get(self, kind: str, key: Hashable, compute: Callable[[], T]) -> T:
        """The result kept for ``key`` among ``kind``'s, or ``compute()``'s, kept; while another thread computes
        it, that thread's result (or its error). The callers never change what they are given back."""
        store = self._kept[kind]
        with self._lock:
            if key in store:
                store.move_to_end(key)
                return store[key]  # type: ignore[return-value]
            computing = self._computing.get((kind, key))
            if computing is None:
                self._computing[kind, key] = mine = Future()
        if computing is not None:
            return computing.result()
        try:
            value = compute()
        except BaseException as error:
            with self._lock:
                del self._computing[kind, key]
            mine.set_exception(error)
            raise
        with self._lock:
            del self._computing[kind, key]
            store[key] = value
            store.move_to_end(key)
            while len(store) > SIZES[kind]:
                store.popitem(last=False)
        mine.set_result(value)
        return value

    def clear(self) -> None:
        """Forget every result (benchmarks time the work, not the memory of it)."""
        with self._lock:
            for store in self._kept.values():
                store.clear()
