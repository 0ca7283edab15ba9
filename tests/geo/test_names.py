"""Place names in their own script: the keys ``geo.names.normalise`` makes for every script, the towns and provinces
the real world databases find by them, and 'did you mean' hints in the script typed."""

from __future__ import annotations

import sqlite3

import pytest

from geo.gazetteer import WorldGazetteer
from geo.names import normalise, script
from geo.world import DEFAULT_NAMES, DEFAULT_WORLD


@pytest.fixture(scope="module")
def world() -> WorldGazetteer:
    return WorldGazetteer()


# (as a curator may write it, country, GeoNames' own name of the town, its latitude and longitude roughly)
TOWNS = [
    ("اسلام آباد", "PK", "Islamabad", 33.72, 73.04),  # Urdu and Persian
    ("سراوان", "IR", "Sarāvān", 27.37, 62.33),
    ("تهران", "IR", "Tehran", 35.69, 51.42),
    ("کراچی", "PK", "Karachi", 24.86, 67.01),  # Urdu
    ("कराची", "PK", "Karachi", 24.86, 67.01),  # Hindi
    ("Карачи", "PK", "Karachi", 24.86, 67.01),  # Russian
    ("卡拉奇", "PK", "Karachi", 24.86, 67.01),  # Chinese
    ("ירושלים", "IL", "Jerusalem", 31.77, 35.22),  # Hebrew
    ("กรุงเทพมหานคร", "TH", "Bangkok", 13.75, 100.50),  # Thai
    ("Łódź", "PL", "Łódź", 51.77, 19.47),  # Latin, with a letter no accent folding makes ASCII
]


@pytest.mark.parametrize(("written", "country", "name", "lat", "lon"), TOWNS)
def test_towns_are_found_by_their_names_in_their_own_script(world, written, country, name, lat, lon):
    found = world.geocode({"city": written}, country_codes=country)
    assert found is not None, written
    assert found.raw["place"] == name and found.raw["country"] == country
    assert found.latitude == pytest.approx(lat, abs=0.05) and found.longitude == pytest.approx(lon, abs=0.05)


@pytest.mark.parametrize(("a", "b"), [
    ("كراچي", "کراچی"),  # Arabic yeh and kaf, Persian yeh and keheh
    ("تهرانى", "تهرانی"),  # alef maksura, Persian yeh
    ("كرمان", "کرمان"),  # Arabic kaf, Persian keheh
    ("صوبہ", "صوبه"),  # Urdu heh goal, Arabic heh
    ("مكة", "مکه"),  # teh marbuta, heh
    ("اسلام‌آباد", "اسلام آباد"),  # a zero-width non-joiner where a space may be written
    ("إسلام آباد", "اسلام اباد"),  # hamza and madda on alef
    ("كَرَاچِي", "کراچی"),  # harakat
    ("كراـــچي", "کراچی"),  # tatweel
    ("۱۲ بهمن", "12 بهمن"), ("١٢", "12"),  # Persian and Arabic-Indic digits
])
def test_arabic_script_spellings_fold_to_one_key(a, b):
    assert normalise(a) == normalise(b)


def test_persian_and_arabic_spellings_find_the_same_town(world):
    """GeoNames spells Karachi 'کراچی' and Sialkot 'سیالکوٹ' with Persian yeh and keheh only."""
    for persian, arabic in (("کراچی", "كراچي"), ("سیالکوٹ", "سيالكوٹ"), ("سیالکوٹ", "سيالکوٹ")):
        assert world.geocode({"city": persian}, country_codes="PK").raw["source"] == \
            world.geocode({"city": arabic}, country_codes="PK").raw["source"]


def test_urdu_aspiration_heh_stays_a_letter_of_its_own():
    assert normalise("کھ") != normalise("که")


@pytest.mark.parametrize(("written", "key"), [
    ("कराची", "कराची"),  # Devanagari keeps its vowel signs (matras)
    ("बलूचिस्तान", "बलूचिस्तान"),  # and its virama
    ("กรุงเทพมหานคร", "กรุงเทพมหานคร"),  # Thai vowels and tone marks
    ("Ｔｅｈｒａｎ", "tehran"),  # fullwidth Latin is Latin
    ("ガザ", "ガザ"), ("ｶﾞｻﾞ", "ガザ"),  # a voiced kana is not its unvoiced one; halfwidth is full width
    ("카라치", "카라치"),  # Hangul recomposed into syllables
    ("\uf9dc", "\u9686"),  # a CJK compatibility ideograph is its unified ideograph
    ("Sarāvān", "saravan"), ("SARAVAN", "saravan"), ("Koh-i-Sabz", "koh i sabz"),  # Latin accents and case fold
    ("Αθήνα", "αθηνα"), ("Карачи", "карачи"), ("Йошкар-Ола", "иошкар ола"),  # Greek and Cyrillic accents too
    ("ירושלַיִם", "ירושלים"),  # Hebrew vowel points
    ("\u0938\u094d\u200d\u0930", "\u0938\u094d\u0930"),  # a joiner inside an Indic conjunct only shapes it
])
def test_each_script_keeps_its_letters_and_drops_only_optional_marks(written, key):
    assert normalise(written) == key
    assert normalise(key) == key  # a key is its own key


def test_the_script_of_a_key_is_that_of_its_first_letter():
    assert [script(normalise(n)) for n in ("Saravan", "کراچی", "कराची", "Карачи", "卡拉奇", "12")] == \
        ["LATIN", "ARABIC", "DEVANAGARI", "CYRILLIC", "CJK", ""]


@pytest.mark.parametrize(("written", "country", "name"), [
    ("سندھ", "PK", "Sindh"), ("सिंध", "PK", "Sindh"), ("Синд", "PK", "Sindh"), ("信德省", "PK", "Sindh"),
    ("بلوچستان", "PK", "Balochistan"),
    ("سیستان و بلوچستان", "IR", "Sistan and Baluchestan"),  # Natural Earth: 'استان سیستان و بلوچستان'
    ("صوبہ سیستان و بلوچستان", "IR", "Sistan and Baluchestan"),  # Urdu, with its word for province
])
def test_provinces_are_found_by_their_natural_earth_names_in_every_script(world, written, country, name):
    found = world.geocode({"state": written}, country_codes=country, featuretype="state")
    assert found is not None and found.raw["place"] == name


def test_a_province_in_its_own_script_narrows_a_name_several_towns_bear(world):
    fars = world.geocode({"city": "Shiraz", "state": "استان فارس"}, country_codes="IR")
    assert fars.raw["province"] == "Fars"
    assert world.world.same_province("سندھ", "Sindh", "PK") and not world.world.same_province("سندھ", "Punjab", "PK")


@pytest.mark.parametrize(("typed", "country", "hint"), [
    ("کراچ", "PK", "کراچی"),  # Urdu, a letter short
    ("करची", "PK", "कराची"),  # Hindi, a matra short
    ("Карачиь", "PK", "карачи"),  # Russian, a letter too many: the key, lower case
    ("تهرا", "IR", "تهران"),
])
def test_an_unknown_name_gets_hints_in_the_script_typed(world, typed, country, hint):
    assert world.geocode({"city": typed}, country_codes=country) is None
    hints = world.suggestions(typed, country)
    assert hint in hints
    assert {script(normalise(h)) for h in hints} == {script(normalise(typed))}


def test_proposed_rows_for_an_unknown_native_script_name_are_the_towns_its_script_comes_closest_to(world):
    assert world.world.near("کراچ", "PK")[0].name == "Karachi"


def test_latin_input_still_gets_latin_hints(world):
    hints = world.suggestions("Sarvan", "IR")
    assert hints[0] == "Sarāvān" and all(script(normalise(h)) == "LATIN" for h in hints)


def test_the_two_key_tables_split_by_ascii_and_are_read_by_an_index():
    with sqlite3.connect(f"{DEFAULT_NAMES.as_uri()}?mode=ro", uri=True) as names:
        assert names.execute("select count(*) from place_names where key glob '*[^ -~]*'").fetchone() == \
            names.execute("select count(*) from place_names").fetchone()
        plan = " ".join(str(row) for row in names.execute("explain query plan select place from place_names where key = ?",
                                                          ("کراچی",)))
    assert "SEARCH" in plan and "key=?" in plan
    with sqlite3.connect(f"{DEFAULT_WORLD.as_uri()}?mode=ro", uri=True) as latin:
        assert latin.execute("select count(*) from place_names where key glob '*[^ -~]*'").fetchone() == (0,)
