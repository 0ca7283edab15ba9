"""Any query string, on the app's URL and its embeds, is a page or a clean refusal: never a server error
(hypothesis, derandomized; the app is the real one, its requests real Dash and Flask requests)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.bench_interaction import _payload
from dashboard.state.url import SCHEMA
from dashboard.web.app import create_app
from tests.support import BUNDLED

QUERIES = settings(max_examples=80, deadline=None, derandomize=True, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
keys = st.sampled_from(sorted(SCHEMA)) | st.text(max_size=8)
values = (st.text(max_size=60) | st.sampled_from(["2024-01-17", "2024-13-01", "strike", "27.4,62.3,6",
                                                   "nan,inf,-1e309", "pakistan-strikes-iran-2024-01-17", ""])
          | st.text(alphabet="0123456789,.-e", max_size=30))
queries = st.lists(st.tuples(keys, values), max_size=8).map(
    lambda pairs: "&".join(f"{quote(key)}={quote(value)}" for key, value in pairs)) | st.text(max_size=120)

pytestmark = pytest.mark.fuzz  # hundreds of generated requests: the full suite only


@pytest.fixture(scope="module")
def app():
    return create_app(BUNDLED)


@QUERIES
@given(query=queries, path=st.sampled_from(["/embed/map", "/embed/timeline", "/embed/timeline.json", "/embed/map.json"]))
def test_embeds_answer_any_query_without_a_server_error(app, query, path):
    suffix = "&plot=800,400&frame=1000,500&names=beside" if path.endswith(".json") else ""
    response = app.server.test_client().get(f"{path}?{query}{suffix}")
    assert response.status_code < 500, (path, query)


@QUERIES
@given(query=queries)
def test_the_app_reads_any_query_without_a_server_error(app, query):
    """The app's URL is read by its URL callback: the request the browser sends for it."""
    values = {"url.search": "?" + query, "url-synced.data": False}
    response = app.server.test_client().post("/_dash-update-component",
                                             json=_payload(app, "sync_url", values, ["url.search"]))
    assert response.status_code in (200, 204), (query, response.data[:300])
