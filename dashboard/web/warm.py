"""A page's first figures, built while the browser is still loading the page's scripts.

The browser asks for a page's figures ~1.5 s after the page itself: Dash's bundles and plotly.js load and run first.
Building them is the slowest answer of a first visit, most of it the process's first use of the geometry and the
fonts: 0.6 s for the bundled crisis, 0.9 s for the 74-event Red Sea fixture, in a fresh process. So serving the page
starts building them, for the view its address opens on, in one background thread per process. The figures
callback then finds them kept with the table (``table.kept``) or waits for the build under way (``Kept.get``): they
are never built twice, and what the callback answers is what it would have built.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor

from dashboard.figures.map import Served
from dashboard.figures.patches import first_figures
from dashboard.figures.views import opening_state
from dashboard.model.table import EventTable
from dashboard.state.view import View

EXTENSION = "crisis_first_figures"  # where the app's Warmer is kept on its Flask server


class Warmer:
    """Builds the first figures of each page served, one page at a time, in a thread of its own made on first use
    (after a server forks its workers)."""

    def __init__(self) -> None:
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def page_served(self, table: EventTable, search: str, served: Served) -> Future:
        """Start building the figures the page at ``search`` opens on, with ``table``."""
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="first figures")
            pool = self._pool
        return pool.submit(first_figures, table, View.from_state(opening_state(table, search)), served)

    def idle(self) -> None:
        """Wait for the builds started so far (a test, before it asks for the figures)."""
        with self._lock:
            pool = self._pool
        if pool is not None:
            pool.submit(lambda: None).result()  # one thread: done after everything submitted before it
