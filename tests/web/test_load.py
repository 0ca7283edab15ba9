"""A bounded load with live edits against the deployment (gunicorn with its settings, loopback only): every
request answered, the last good data served while the file is broken. Outcomes only: no timing is asserted
(``benchmarks/bench_capacity.py`` measures)."""

from __future__ import annotations

import json
import urllib.request

import pytest

from benchmarks.bench_capacity import BROKEN, KINDS, gunicorn, run_load

pytestmark = pytest.mark.slow  # a real server process and concurrent clients


def test_concurrent_clients_and_alternating_bad_edits_fail_no_request(data_copy):
    with gunicorn(data_copy) as url:
        tally = run_load(url, data_copy, clients=8, cycles=4, edits=6)  # stops by itself: 8 x 4 cycles
        assert tally.failures == []
        assert {kind: len(tally.seconds[kind]) for kind in KINDS} == {kind: 32 for kind in KINDS}
        assert BROKEN not in data_copy.read_text(encoding="utf-8")  # an even number of edits: good again
        layout = json.loads(urllib.request.urlopen(url + "/_dash-layout", timeout=30).read())
        assert "13 events" in json.dumps(layout)
