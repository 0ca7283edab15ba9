"""``draft``: dates read against the publication day, tolls as written, places found in the world gazetteer, the
category from the file's vocabulary; and a file drafted from two articles of a crisis of our own, which
validates, its quotes checked against the copies of the articles."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from dashboard.model.draft import article_text, category_of, date_in, place_in, tolls_in, vocabulary
from dashboard.model.draft_file import draft_into
from dashboard.model.loading import check_events
from dashboard.model.problems import UserError
from dashboard.model.skeleton import write_skeleton
from geo.world import default_world
from tests.support import invoke_cli

MONDAY = dt.date(2024, 1, 29)  # a Monday


@pytest.mark.parametrize(("sentence", "value", "end"), [
    ("This Monday morning, the ministers met.", "2024-01-29", None),  # the day of publication itself
    ("Earlier this Saturday, gunmen attacked a post.", "2024-01-27", None),  # not the coming one
    ("The envoys returned to their posts on Friday.", "2024-01-26", None),
    ("The president will visit next Monday.", "2024-02-05", None),
    ("Then on January 10, they attacked another station.", "2024-01-10", None),
    ("In December 2023, the group attacked a police station.", "2023-12", None),  # a month stays a month
    ("In December, the group attacked a police station.", "2023-12", None),  # the last December before
    ("Tensions rose early this January between the two.", "2024-01", None),
    ("Yesterday a bomb went off in the market.", "2024-01-28", None),
    ("Last week the border crossing was closed.", "2024-01-22", "2024-01-28"),  # Monday to Sunday
])
def test_a_date_is_resolved_against_the_publication_day(sentence, value, end):
    found = date_in(sentence, MONDAY)
    assert (found.value, found.end) == (value, end)


@pytest.mark.parametrize("sentence", [
    "The two sides are now holding talks.", "The clash took three hours and ended.", "And we agree on this.",
])
def test_words_that_give_no_day_month_weekday_or_year_date_nothing(sentence):
    assert date_in(sentence, MONDAY) is None


@pytest.mark.parametrize(("sentence", "killed", "injured"), [
    ("An assailant gunned down at least nine nationals and injured three others.", 9, 3),
    ("They attacked another police station, killing one officer.", 1, None),
    ("The clash ended in the death of one militant and two injuries.", 1, 2),
    ("At least 12 people were wounded in the blast.", None, 12),
    ("The attack killed 1,204 people.", 1204, None),
    ("The ministers met in the capital.", None, None),
])
def test_tolls_are_read_as_written_in_words_or_digits(sentence, killed, injured):
    assert tolls_in(sentence)[:2] == (killed, injured)


@pytest.fixture(scope="module")
def world():
    return default_world()


@pytest.fixture(scope="module")
def names(world):
    return {code: info.name for code, info in world.countries.items()}


@pytest.mark.parametrize(("sentence", "place"), [
    ("Shells fell near Jermuk in Armenia on Tuesday.", {"name": "Jermuk", "country": "AM", "precision": "near"}),
    # The scene first, the event last: the last town after "in", "at", "near"… is where it happened.
    ("While the ministers met in Yerevan, troops clashed near Goris.",
     {"name": "Goris", "country": "AM", "precision": "near"}),
    ("Fighting spread across the province of Gegharkunik.",
     {"name": "Gegharkunik", "country": "AM", "precision": "near"}),  # a town of that name is there too
    ("Azerbaijan said its forces struck positions in Armenia, which has denied attacking Azerbaijan in the past.",
     {"country": "AM", "precision": "country"}),  # the first country after "in", "on"…: the rest is background
    ("Armenia condemned the attack.", {"country": "AM", "precision": "country"}),  # the only country named
    # The province written, not the town that begins its name; as written.
    ("Shells fell on villages in Jammu and Kashmir.", {"province": "Jammu and Kashmir", "country": "IN",
                                                       "precision": "province"}),
])
def test_a_place_is_one_the_sentence_names(world, names, sentence, place):
    assert place_in(sentence, ["AM", "AZ", "IN"], world, names).place == place


def test_a_sentence_naming_no_place_is_placed_nowhere(world, names):
    assert place_in("The talks ended without an agreement.", ["AM", "AZ"], world, names) is None


def test_the_category_is_the_files_own_with_the_words_that_suggested_it():
    categories = {"strike": {"label": "Cross-border strike", "description": "Missile, drone or artillery fire."},
                  "diplomatic": {"label": "Diplomatic step", "description": "Envoys recalled or summoned."}}
    words = vocabulary(categories)
    assert category_of("Drones struck two bases across the border.", words)[0] == "strike"
    assert category_of("The envoys were summoned.", words) == ("diplomatic", ["envoys", "summoned"])
    assert category_of("Nothing of the kind happened.", words) == (None, [])


def test_an_html_article_is_read_as_its_paragraphs():
    page = ("<html><head><title>Clash at Jermuk</title><script>var x = 'Monday';</script></head><body>"
            "<nav>Home</nav><p>On Monday, troops <b>clashed</b> near Jermuk.</p><p>Two were killed.</p></body></html>")
    assert article_text(page, is_html=True) == "Clash at Jermuk\nOn Monday, troops clashed near Jermuk.\nTwo were killed."


FIRST = """Clashes on the Armenia–Azerbaijan border
Armenia's defence ministry said on Tuesday that Azerbaijani troops fired mortars near Jermuk, killing two soldiers.
The foreign ministers are now holding talks in Brussels.
On Wednesday, Azerbaijan summoned the Armenian envoy in Baku.
"""
SECOND = """Border fighting flares
Azerbaijani fire near Jermuk on Tuesday killed three soldiers, officials in Yerevan said, and injured four.
On Thursday, Azerbaijan summoned the Armenian envoy in Baku.
"""


@pytest.fixture()
def drafted(tmp_path, world):
    events = write_skeleton(tmp_path / "crisis", ["AM", "AZ"]).files[0]
    (tmp_path / "first.txt").write_text(FIRST, encoding="utf-8")
    (tmp_path / "second.html").write_text("".join(f"<{tag}>{line}</{tag}>" for tag, line in
                                                  zip(("h1", "p", "p"), SECOND.splitlines(), strict=True)),
                                          encoding="utf-8")
    result = draft_into(events, [tmp_path / "first.txt", tmp_path / "second.html"], dt.date(2023, 9, 14), world)
    return events, result


def test_a_drafted_file_validates_with_its_quotes_checked_against_the_articles(drafted):
    events, result = drafted
    table, problems = check_events(events)
    assert table is not None and not [p for p in problems if p.severity == "error"]
    data = yaml.safe_load(events.read_text(encoding="utf-8"))
    assert data["sources"]["first"] == {"title": "Clashes on the Armenia–Azerbaijan border", "kind": "article",
                                        "published": "2023-09-14", "file": "sources/first.txt"}
    assert (events.parent / "sources" / "second.txt").read_text(encoding="utf-8").startswith("Border fighting flares\n")
    drafted_events = [e for e in data["events"] if e["id"].startswith("draft-")]
    assert {(e["date"], e["category"]) for e in drafted_events} == {("2023-09-12", "strike"),
                                                                    ("2023-09-13", "diplomatic")}
    assert "# draft date: 2023-09-12 from “on Tuesday”, published 2023-09-14" in events.read_text(encoding="utf-8")
    assert len(result.proposals) == 2  # the talks "now" date nothing


def test_the_same_incident_in_two_articles_is_one_event_with_both_sources_and_the_other_toll_kept(drafted):
    events, _ = drafted
    data = yaml.safe_load(events.read_text(encoding="utf-8"))
    strike = next(e for e in data["events"] if e["id"].startswith("draft-2023-09-12"))
    assert strike["place"] == {"name": "Jermuk", "country": "AM", "precision": "near"}
    assert [s["source"] for s in strike["sources"]] == ["first", "second"]
    assert strike["killed"] == 2 and strike["injured"] == 4  # the first article gives no injured
    assert strike["disagreements"] == [{"field": "killed", "alternative": "3", "note": "second gives 3",
                                        "sources": ["second"]}]


def test_another_article_a_day_apart_at_the_same_place_is_the_same_event_with_its_date_disputed(drafted):
    """The second article dates the summoning a day later (Thursday, not Wednesday): one event, the other date kept."""
    events, _ = drafted
    data = yaml.safe_load(events.read_text(encoding="utf-8"))
    summoned = [e for e in data["events"] if e["category"] == "diplomatic"]
    assert len(summoned) == 1 and summoned[0]["date"] == "2023-09-13"
    assert [s["source"] for s in summoned[0]["sources"]] == ["first", "second"]
    assert summoned[0]["disagreements"] == [{"field": "date", "alternative": "2023-09-14",
                                             "note": "second dates it 2023-09-14", "sources": ["second"]}]


def test_a_file_with_comments_after_its_section_keys_is_drafted_into_and_keeps_them(tmp_path, world):
    events = write_skeleton(tmp_path / "crisis", ["AM", "AZ"]).files[0]
    text = events.read_text(encoding="utf-8").replace("\nsources:\n", "\nsources:   # everything events cite\n")
    events.write_text(text.replace("\nevents:\n", "\nevents:   # one per incident\n"), encoding="utf-8")
    (tmp_path / "first.txt").write_text(FIRST, encoding="utf-8")
    assert len(draft_into(events, [tmp_path / "first.txt"], dt.date(2023, 9, 14), world).proposals) == 2
    written = events.read_text(encoding="utf-8")
    assert "sources:   # everything events cite\n" in written and "events:   # one per incident\n" in written


def test_draft_needs_a_file_with_categories_and_says_so(tmp_path, world):
    target = tmp_path / "events.yaml"
    target.write_text("meta:\n  title: x\nevents: []\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(FIRST, encoding="utf-8")
    with pytest.raises(UserError, match="no categories to choose from"):
        draft_into(target, [tmp_path / "a.txt"], dt.date(2023, 9, 14), world)
    result = invoke_cli("draft", str(tmp_path / "a.txt"), "--published", "2023-09-14", "--into", str(target))
    assert result.code == 2 and "no categories to choose from" in result.err
    assert target.read_text(encoding="utf-8") == "meta:\n  title: x\nevents: []\n"
