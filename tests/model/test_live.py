"""The file behind a running app: reloaded off the request path, the last good data served meanwhile and after a
bad edit. Real files, real threads; no clock is read."""

from __future__ import annotations

import subprocess
import sys
import urllib.request

import pytest

from dashboard.model.live import EventSource
from tests.support import ROOT, free_port, replace_once, wait_for_http
from tests.synthetic import write_acled


@pytest.mark.slow  # a generated file of 20,000 rows
def test_a_changed_file_is_reloaded_in_the_background_and_the_last_snapshot_served_meanwhile(tmp_path):
    csv_path = write_acled(20_000, tmp_path / "acled.csv")
    source = EventSource(csv_path)
    loaded = source.load()
    assert len(loaded.table.frame) == 20_000
    write_acled(100, csv_path)  # the file changes under the running app
    during = source.snapshot()  # starts the reload, does not wait for it
    assert during.table is loaded.table
    after = source.snapshot(wait=True)  # what Refresh asks for: the file as it is now
    assert len(after.table.frame) == 100 and not after.stale


def test_a_broken_edit_keeps_the_last_good_table_and_says_why(data_copy):
    source = EventSource(data_copy)
    good = source.load().table
    replace_once(data_copy, "killed: 11", "killed: eleven")
    broken = source.snapshot(wait=True)
    assert broken.table is good and broken.stale
    assert [problem.field for problem in broken.problems] == ["events[0].killed"]
    replace_once(data_copy, "killed: eleven", "killed: 12")
    fixed = source.snapshot(wait=True)
    assert not fixed.stale and fixed.table is not good and fixed.table.frame["killed"].iloc[0] == 12


@pytest.mark.slow  # a real server process, and a generated file of 60,000 rows
def test_a_serving_process_answers_from_the_last_good_data_while_it_reloads(tmp_path):
    csv_path = tmp_path / "acled.csv"
    write_acled(200, csv_path)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "dashboard", "serve", "--data", str(csv_path), "--port", str(port)],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_http(f"http://127.0.0.1:{port}/", server)
        write_acled(60_000, csv_path)  # seconds to load: the next page must not wait for it
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/embed/map", timeout=30).read().decode()
        assert '"customdata":["' in page and page.count('"IR0') + page.count('"PK0') < 1000  # the 200 rows
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_worker_starting_on_a_broken_file_serves_the_last_good_version_kept_on_disk(data_copy):
    """A new EventSource is a new worker (a crash, max_requests, a deploy): it has loaded nothing, and finds the
    last good version the running one kept in the server's cache (``last_good``)."""
    running = EventSource(data_copy)
    good = running.load().table
    replace_once(data_copy, "killed: 11", "killed: eleven")
    started = EventSource(data_copy).snapshot(wait=True)
    assert started.stale and [problem.field for problem in started.problems] == ["events[0].killed"]
    assert started.table is not None and started.table.version == good.version  # the same data, by content
    assert started.table.frame["killed"].iloc[0] == 11


def test_with_no_kept_version_a_worker_on_a_broken_file_has_nothing_to_show(data_copy):
    replace_once(data_copy, "killed: 11", "killed: eleven")
    started = EventSource(data_copy).snapshot(wait=True)
    assert started.table is None and started.stale
