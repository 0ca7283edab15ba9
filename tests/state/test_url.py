"""URL state: one schema, round trips, and anything unknown or malformed ignored."""

from __future__ import annotations

from dashboard.state.url import DEFAULTS, decode, encode, sanitise


def test_round_trip():
    state = {**DEFAULTS, "categories": ["strike", "diplomatic"], "start": "2024-01-10", "end": "2024-01-20",
             "lanes": "country", "selected": "some-id", "text": "Saravan attack"}
    assert decode(encode(state)) == state


def test_defaults_are_left_out():
    assert encode(DEFAULTS) == ""
    assert encode({**DEFAULTS, "lanes": "actor"}) == "?lanes=actor"


def test_unknown_and_malformed_parameters_are_ignored():
    state = decode("?from=2024-02-30&to=yesterday&lanes=bogus&strip=&zzz=1&base=satellite&cat=strike")
    assert state == {**DEFAULTS, "categories": ["strike"]}
    assert decode("%%%&&&==") == DEFAULTS
    assert decode(None) == DEFAULTS
    assert decode("?q=" + "x" * 5000)["text"] == ""


def test_sanitise_drops_values_the_data_does_not_know():
    state = {**DEFAULTS, "categories": ["strike", "nope"], "actors": ["Nobody"], "countries": ["IR", "ZZ"],
             "selected": "missing"}
    clean = sanitise(state, categories=["strike"], actors=["Iran"], countries=["IR"], ids=["a"])
    assert (clean["categories"], clean["actors"], clean["countries"], clean["selected"]) == (["strike"], [], ["IR"], None)


def test_disputed_only_is_a_url_switch():
    assert decode("?disputed=only")["disputed"] == ["only"] and decode("?disputed=1")["disputed"] == ["only"]
    assert decode("?disputed=maybe")["disputed"] == []  # malformed: ignored
    assert encode({**DEFAULTS, "disputed": ["only"]}) == "?disputed=only"
