"""Fixtures shared by every test, and the test lanes.

Lanes (``./dev test -m ...``): ``slow`` means "left out of the fast lane", so ``-m "not slow"`` is the fast lane.
A test is marked ``slow`` where it says why: it starts a real process, a browser or kaleido, reads a large generated
file, or otherwise takes more than about 0.3 s on a 2-core machine. Two kinds are ``slow`` by what they are, marked
here: everything under ``tests/browser`` is ``browser`` (headless Chromium), and every ``fuzz`` test (hypothesis,
hundreds of generated inputs). ``-m browser`` and ``-m fuzz`` run one kind; ``./dev test`` runs everything, as CI does.
"""

from __future__ import annotations

import atexit
import gc
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.support import BUNDLED, chrome_options, copy_bundled

# The server's cache (the last good versions the app keeps) in a folder of this run, not the user's ~/.cache.
if "CRISIS_CACHE" not in os.environ:
    os.environ["CRISIS_CACHE"] = tempfile.mkdtemp(prefix="crisis-cache-")
    atexit.register(shutil.rmtree, os.environ["CRISIS_CACHE"], ignore_errors=True)

BROWSER_TESTS = Path(__file__).parent / "browser"


@pytest.hookimpl(tryfirst=True)  # before -m selects by these markers
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if BROWSER_TESTS in item.path.parents:
            item.add_marker(pytest.mark.browser)
        if item.get_closest_marker("browser") or item.get_closest_marker("fuzz"):
            item.add_marker(pytest.mark.slow)


def pytest_collection_finish(session: pytest.Session) -> None:
    """What imports and collection built lives for the whole run: kept out of the collector's full passes (about
    0.4 s of the fast lane's 1.2 s of garbage collection)."""
    gc.freeze()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the bundled events file with its sources, safe to edit."""
    return copy_bundled(tmp_path)


@pytest.fixture(scope="session")
def bundled_table():
    """The bundled crisis, loaded once for every test that only reads it. Shared, so never changed: a test that
    edits a frame works on a copy, and this checks at the end of the session that none edited it in place."""
    import pandas as pd

    from dashboard.model.loading import load_events

    table = load_events(BUNDLED)
    yield table
    fresh = load_events(BUNDLED)
    pd.testing.assert_frame_equal(table.frame, fresh.frame, obj="the session's bundled table (a test changed it)")
    assert table.head == fresh.head, "a test changed the session's bundled table"


def pytest_setup_options():
    """Options for dash_duo's Chrome."""
    return chrome_options("--window-size=1400,1800")
