"""Results kept per event frame: what is costly to compute over a hundred thousand events and asked for again by
the next request (the fitted extent, the events that answer others, the rows a filter leaves)."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import TypeVar

import pandas as pd

T = TypeVar("T")


class FrameMemo:
    """Up to ``size`` results, each kept for one frame (while that frame lives: a reloaded file's new frame never
    gets an old one's) and one key; the oldest goes first. Requests run in threads: changes hold a lock."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._kept: dict[tuple[int, Hashable], tuple[weakref.ref, object]] = {}
        self._lock = threading.Lock()

    def get(self, frame: pd.DataFrame, key: Hashable, compute: Callable[[], T]) -> T:
        kept = self._kept.get((id(frame), key))
        if kept is not None and kept[0]() is frame:
            return kept[1]  # type: ignore[return-value]
        value = compute()
        with self._lock:
            while len(self._kept) >= self.size:
                self._kept.pop(next(iter(self._kept)))
            self._kept[id(frame), key] = (weakref.ref(frame), value)
        return value

    def clear(self) -> None:
        """Forget every result (benchmarks time the work, not the memory of it)."""
        with self._lock:
            self._kept.clear()


PER_FRAME = FrameMemo(32)  # small results: extents, row positions
# What a view's figures are drawn or edited with: many analysts opening one crisis ask for the same ones (the first
# render of the default view, the same few filters), and each costs tens to hundreds of milliseconds to build.
PER_VIEW = FrameMemo(64)
