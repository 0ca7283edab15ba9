"""Fixtures shared by every test, and the test lanes.

Lanes (``./dev test -m ...``): tests under ``tests/browser`` are marked ``browser`` (headless Chromium);
tests marked ``slow`` start real processes, browsers or kaleido. ``-m "not browser and not slow"`` is the
fast lane; ``./dev test`` alone runs everything, as CI does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import BUNDLED, chrome_options, copy_bundled

BROWSER_TESTS = Path(__file__).parent / "browser"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if BROWSER_TESTS in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the bundled events file with its sources, safe to edit."""
    return copy_bundled(tmp_path)


@pytest.fixture(scope="session")
def bundled_table():
    """The bundled crisis, loaded once for every test that only reads it."""
    from dashboard.model.loading import load_events

    return load_events(BUNDLED)


def pytest_setup_options():
    """Options for dash_duo's Chrome."""
    return chrome_options("--window-size=1400,1800")
