"""A first events file from the news: each sentence of an article that reports a dated incident becomes a proposed
event, its date resolved against the article's publication date, its place found in the world gazetteer, its toll
read as written, its category taken from the events file's own vocabulary, the sentence itself its quote.

Libraries do what they are for: pysbd splits sentences, dateparser reads date expressions, text2num reads numbers
written in words, Snowball's English stemmer compares a sentence's words with a category's. What this module adds
is what a curator would do with their answers:

- **Weekdays** ("this Monday", "on Friday", "Earlier this Saturday") are the most recent such day on or before
  publication (dateparser alone reads "this Saturday" as the coming one), "next Monday" the one after.
- **Precision stays honest**: a month named without a day ("In December 2023", "early this January") is that month
  (``YYYY-MM``); a month without a year is its most recent one on or before publication; "last week" is that week,
  Monday to Sunday, as a span. Anything dateparser finds that names no day, month, weekday or year ("now", "three
  hours") dates nothing.
- **A place** is a name in the sentence that the gazetteer holds in a country the article names: a town when the
  sentence puts the event in, at or near it ("in the city of Saravan"), else a province, else a country the
  sentence names; never a place the sentence does not name.
- **Not every dated sentence is an event**: one also needs a toll or a word of a category's label or description.

Every proposal says what it rests on (``Proposal.reasons``: the date expression, the place's words, the toll's
words, the category's words), written as comments above the event in the file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from geo.names import normalise

MAX_QUOTE = 400  # the schema's longest quote: a longer sentence is quoted up to a word before it
MAX_TITLE = 120
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "li", "blockquote", "title"})  # an HTML page's text, a line each
_MONTH_ABBREVIATIONS = {month[:3]: n for n, month in enumerate(MONTHS, 1)} | {"sept": 9}
_RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tonight": 0}
# Words before a name that put an event in, at or near a place ("in the city of Saravan", "near Rask").
_LOCATIVE = re.compile(r"\b(?:in|at|near|outside|from|into|of|on|to)\s+(?:the\s+)?(?:(?:city|town|village|suburbs?|"
                       r"district|region|area|capital|outskirts|port)\s+of\s+)?$", re.IGNORECASE)
# A run of capitalised words (with "and", "al", "ul"… inside a name): a place name may be one of its sub-runs.
_NAME_RUN = re.compile(r"[A-Z][\w’'-]*(?:\s+(?:(?:and|al|ul|el|e|i|of|de)[-\s]+)?[A-Z][\w’'-]*)*")
# Who said it ("Officials said on Tuesday that …", "…, officials in Yerevan said, …"): not where or what happened.
_REPORTING = r"(?:said|says|told\s+\w+|reported|announced|stated)"
_ATTRIBUTIONS = [re.compile(rf"^[^,]{{0,120}}?\b{_REPORTING}\b(?:\s+on\s+\w+)?\s+(?:that\s+)?", re.IGNORECASE),
                 re.compile(rf",\s*[^,]{{0,80}}?\b{_REPORTING}\b\s*(?=,|\.|$)", re.IGNORECASE)]
_NUMBER = r"(\d[\d,]*)"
_QUALIFIER = r"(?:(?:at least|some|about|around|nearly|almost|more than|over|up to)\s+)?"
_KILL_WORDS = r"(?:killed|dead|died|gunned down|lost their lives)"
_HURT_WORDS = r"(?:injured|wounded|hurt)"
# Verb first ("killing 9", "injured 3 others") before number first ("9 people were killed"), whose few words between
# may not hold the other toll's verb ("9 nationals and injured 3": 9 is not the injured).
_KILLED = [re.compile(pattern, re.IGNORECASE) for pattern in (
    rf"(?:killing|killed|gunned down|left)\s+{_QUALIFIER}{_NUMBER}\b",
    rf"(?:death|deaths)\s+of\s+{_QUALIFIER}{_NUMBER}\b",
    rf"{_QUALIFIER}{_NUMBER}\s+(?:(?!{_HURT_WORDS})[\w-]+\s+){{0,4}}?(?:were\s+|was\s+|have been\s+|had been\s+)?"
    rf"{_KILL_WORDS}",
)]
_INJURED = [re.compile(pattern, re.IGNORECASE) for pattern in (
    rf"(?:injuring|wounding|injured|wounded)\s+{_QUALIFIER}{_NUMBER}\b",
    rf"{_NUMBER}\s+injuries",
    rf"{_QUALIFIER}{_NUMBER}\s+(?:(?!{_KILL_WORDS}|and\b)[\w-]+\s+){{0,4}}?(?:were\s+|was\s+)?{_HURT_WORDS}",
)]
_STOP_WORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it", "its", "of", "on", "or",
    "the", "to", "with", "other", "any", "such", "their", "them", "they", "this", "that", "these", "those", "was",
    "were", "who", "whom", "which", "while", "what", "when", "where", "why", "how", "not", "no", "between"})


@dataclass(frozen=True)
class Article:
    """An article to draft from: its text (HTML reduced to its paragraphs), its key among the file's sources."""

    key: str
    path: Path
    title: str
    text: str
    published: dt.date


@dataclass(frozen=True)
class DateFound:
    value: str  # YYYY-MM-DD or YYYY-MM
    end: str | None  # the last day of a span ("last week"), else None
    expression: str  # the words it was read from


@dataclass(frozen=True)
class PlaceFound:
    place: dict  # the event's ``place`` mapping
    words: str  # the words it was found by


@dataclass
class Proposal:
    id: str
    title: str
    category: str
    date: DateFound
    place: PlaceFound
    actors: list[str]
    killed: int | None
    injured: int | None
    citations: list[dict]
    reasons: list[str]
    disagreements: list[dict] = field(default_factory=list)

    def key(self) -> tuple:
        """The incident: its day (or month), its place and its category."""
        return self.date.value, tuple(sorted(self.place.place.items())), self.category


class _Paragraphs(HTMLParser):
    """The text of an HTML page's paragraphs, headings and list items, a line each; scripts and styles left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._open: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("script", "style", "noscript"):
            self._skip += 1
        elif tag in _BLOCKS:
            self._open.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "noscript"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCKS and self._open:
            text = " ".join(self._open.pop().split())
            if text:
                self.lines.append(text)

    def handle_data(self, data: str) -> None:
        if self._open and not self._skip:
            self._open[-1] += data


def article_text(raw: str, is_html: bool) -> str:
    """An article's text: plain text as it is; HTML as its paragraphs, one per line."""
    if not is_html:
        return raw
    parser = _Paragraphs()
    parser.feed(raw)
    parser.close()
    return "\n".join(parser.lines)


def paragraphs(text: str) -> list[list[str]]:
    """The sentences of each paragraph (a line), as written: each is a verbatim quote."""
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)
    return [[sentence.strip() for sentence in segmenter.segment(paragraph) if sentence.strip()]
            for paragraph in text.splitlines() if paragraph.strip()]


def _weekday_before(published: dt.date, weekday: int, following: bool) -> dt.date:
    if following:
        return published + dt.timedelta(days=(weekday - published.weekday() - 1) % 7 + 1)
    return published - dt.timedelta(days=(published.weekday() - weekday) % 7)


def _month_before(published: dt.date, month: int, year: int | None) -> str:
    if year is None:
        year = published.year if month <= published.month else published.year - 1
    return f"{year:04d}-{month:02d}"


def date_in(sentence: str, published: dt.date) -> DateFound | None:
    """The first date the sentence gives, resolved against ``published`` (``None`` when it gives none)."""
    from dateparser.search import search_dates

    base = dt.datetime.combine(published, dt.time(12))
    found = search_dates(sentence, languages=["en"],
                         settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "STRICT_PARSING": False}) or []
    for expression, when in found:
        words = re.findall(r"[a-z]+|\d+", expression.lower())
        weekday = next((WEEKDAYS.index(w) for w in words if w in WEEKDAYS), None)
        month = next((MONTHS.index(w) + 1 for w in words if w in MONTHS), None)
        if month is None:
            month = next((_MONTH_ABBREVIATIONS[w] for w in words if w in _MONTH_ABBREVIATIONS and w != "may"), None)
        day = next((int(w) for w in words if w.isdigit() and 1 <= int(w) <= 31 and len(w) <= 2), None)
        year = next((int(w) for w in words if w.isdigit() and len(w) == 4), None)
        relative = next((w for w in words if w in _RELATIVE_DAYS), None)
        phrase = expression.strip(" ,.;:")
        if month is not None and day is not None:
            return DateFound(f"{year or when.year:04d}-{month:02d}-{day:02d}", None, phrase)
        if month is not None:
            return DateFound(_month_before(published, month, year), None, phrase)
        if weekday is not None:
            following = "next" in words or "coming" in words
            return DateFound(_weekday_before(published, weekday, following).isoformat(), None, phrase)
        if relative is not None:
            return DateFound((published + dt.timedelta(days=_RELATIVE_DAYS[relative])).isoformat(), None, phrase)
        if "last" in words and "week" in words:
            monday = published - dt.timedelta(days=published.weekday() + 7)
            return DateFound(monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat(), phrase)
        if year is not None and len(words) <= 3 and words[-1] == str(year):  # "in 2012": a year, said as one
            return DateFound(f"{year:04d}", None, phrase)
    return None


def tolls_in(sentence: str) -> tuple[int | None, int | None, list[str]]:
    """Killed and injured as written, in digits or words ("at least nine", "one officer"), and the words read."""
    from text_to_num import alpha2digit

    digits = alpha2digit(sentence, "en", threshold=0)
    words: list[str] = []

    def first(patterns: list[re.Pattern]) -> int | None:
        for pattern in patterns:
            if match := pattern.search(digits):
                words.append(match.group(0))
                return int(match.group(1).replace(",", ""))
        return None

    return first(_KILLED), first(_INJURED), words


def countries_named(text: str, names: Mapping[str, str]) -> list[str]:
    """The countries ``text`` names (by the world database's names), most named first."""
    counts = {code: len(re.findall(rf"\b{re.escape(name)}\b", text)) for code, name in names.items() if name}
    return [code for code, n in sorted(counts.items(), key=lambda item: -item[1]) if n]


def _runs(sentence: str) -> list[tuple[str, int]]:
    """Every sub-run of capitalised words (longest first) and where it starts."""
    found = []
    for match in _NAME_RUN.finditer(sentence):
        words = list(re.finditer(r"\S+", match.group(0)))
        for i in range(len(words)):
            for j in range(len(words), i, -1):
                start = match.start() + words[i].start()
                found.append((sentence[start:match.start() + words[j - 1].end()].strip("’'-,"), start))
    return sorted(found, key=lambda item: -len(item[0]))


def without_attribution(sentence: str) -> str:
    """The sentence less who said it: "Officials said on Tuesday that troops fired near Jermuk" is "troops fired
    near Jermuk"; "Fire near Jermuk killed three, officials in Yerevan said." is "Fire near Jermuk killed three."."""
    for pattern in _ATTRIBUTIONS:
        sentence = pattern.sub("", sentence)
    return sentence


def place_in(sentence: str, countries: list[str], world, country_names: Mapping[str, str]) -> PlaceFound | None:
    """Where the sentence puts its event, among the names it puts after "in", "at", "near", "to"…: the last that is
    a town of one of ``countries`` (a sentence sets its scene first: "While ministers met in Islamabad, a cell was
    dismantled near …"); else the last that is a province; else the first that is a country (what follows is often
    background: "… in Pakistan, which has attacked Iran in recent years"); else the only country it names.
    ``None`` when it names none."""
    country_keys = {normalise(name): code for code, name in country_names.items() if name}
    located = [(name, start) for name, start in sorted(_runs(sentence), key=lambda item: (-item[1], -len(item[0])))
               if _LOCATIVE.search(sentence[:start]) and normalise(name) not in WEEKDAYS + MONTHS]
    # The country of which each name is one province, looked up once per name.
    province_of = {name: next((c for c in countries if len(world.provinces(name, c)) == 1), None)
                   for name, _ in located}

    for name, start in located:
        if any(other_start == start and len(other) > len(name) and province_of[other]
               for other, other_start in located):
            continue  # "Jammu" of "in Jammu and Kashmir": the name written is the province's
        for country in countries:
            if towns := world.towns(name, country):
                town = towns[0]
                place = {"name": town.name if town.by_own_name else name, "country": country, "precision": "near"}
                return PlaceFound(place, sentence[max(0, start - 20):start + len(name)].split(" ", 1)[-1])
    for name, _ in located:
        if province_of[name]:  # as written: the name it was found by (the gazetteer's own may be another, not a key)
            return PlaceFound({"province": name, "country": province_of[name], "precision": "province"}, name)
    for name, _ in reversed(located):
        if normalise(name) in country_keys:
            return PlaceFound({"country": country_keys[normalise(name)], "precision": "country"}, name)
    named = countries_named(sentence, country_names)
    if len(named) == 1:
        return PlaceFound({"country": named[0], "precision": "country"}, country_names[named[0]])
    return None


def vocabulary(categories: Mapping[str, Mapping]) -> dict[str, dict[str, int]]:
    """Each category's words and their weight: its key's and label's 2, its description's 1, less the words that
    say nothing."""
    def words(text: str) -> set[str]:
        return {word for word in re.findall(r"[a-z]+", text.lower()) if word not in _STOP_WORDS and len(word) > 2}

    return {key: {**dict.fromkeys(words(str(c.get("description", ""))), 1),
                  **dict.fromkeys(words(f"{key} {c.get('label', '')}"), 2)}
            for key, c in categories.items()}


@cache
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def _stem(word: str) -> str:
    """"strikes", "struck"… are not one word to it, but "strikes" and "strike", "fired" and "fire" are."""
    return _stemmer().stemWord(word)


def category_of(sentence: str, words_of: Mapping[str, Mapping[str, int]]) -> tuple[str | None, list[str]]:
    """The category whose words the sentence shares most, by weight (compared by their stems: "strikes" is
    "strike", "attacked" "attack"; a tie goes to the file's first), and the sentence's words that suggested it;
    ``None`` when it shares none."""
    said = {_stem(word): word for word in re.findall(r"[a-z]+", sentence.lower()) if word not in _STOP_WORDS}
    best, best_words, best_score = None, [], 0
    for key, weights in words_of.items():
        shared = {_stem(w): weight for w, weight in weights.items() if _stem(w) in said}
        if sum(shared.values()) > best_score:
            best, best_words, best_score = key, sorted(said[stem] for stem in shared), sum(shared.values())
    return best, best_words


def slug(text: str) -> str:
    """An id's or key's words: lower-case ASCII letters and digits, '-' between ('' when none)."""
    return re.sub(r"[^a-z0-9]+", "-", normalise(text).encode("ascii", "ignore").decode()).strip("-")


def _cut(text: str, limit: int) -> str:
    """``text`` up to ``limit`` characters, cut at a word: still verbatim."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0]


def _title(sentence: str) -> str:
    """The sentence as the event's title, cut at a word (and said to be) when long."""
    cut = _cut(sentence, MAX_TITLE)
    return cut.rstrip(".,;:") if cut == sentence else cut.rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def propose(article: Article, categories: Mapping[str, Mapping], world, country_names: Mapping[str, str],
            known_actors: Iterable[str] = (), file_countries: Iterable[str] = ()) -> list[Proposal]:
    """Every sentence of ``article`` that reports a dated incident, as a proposed event. Places are looked for in
    the countries the article names, then in those of the file's events (``file_countries``)."""
    countries = list(dict.fromkeys([*countries_named(article.text, country_names), *file_countries]))
    words_of = vocabulary(categories)
    actors = sorted(set(known_actors), key=len, reverse=True)
    proposals = []
    for sentence, place, before in _with_places(paragraphs(article.text), countries, world, country_names):
        date = date_in(sentence, article.published)
        if date is None or date.value > article.published.isoformat():
            continue
        killed, injured, toll_words = tolls_in(sentence)
        category, category_words = category_of(without_attribution(sentence), words_of)
        if killed is None and injured is None and not category_words:
            continue  # dated, but nothing says it reports an incident
        if place is None and before is not None:  # "Then …, they attacked another police station": its country
            country = before.place["country"]
            place = PlaceFound({"country": country, "precision": "country"},
                               f"the sentence before, in its paragraph: {before.words}")
        if place is None:
            continue  # no place named: nothing to draw it at without inventing one
        category = category or next(iter(categories))
        reasons = [f"date: {date.value}{' to ' + date.end if date.end else ''} from “{date.expression}”, "
                   f"published {article.published.isoformat()}",
                   f"place: {place.place.get('name') or place.place.get('province') or place.place['country']} "
                   f"({place.place['precision']}) from “{place.words}”"]
        if toll_words:
            reasons.append("toll: from " + ", ".join(f"“{w}”" for w in toll_words))
        reasons.append(f"category: {category} from " + (", ".join(f"“{w}”" for w in category_words)
                                                        if category_words else "nothing (the first of the file's)"))
        named_actors = [a for a in actors if re.search(rf"\b{re.escape(a)}\b", sentence)]
        named_actors += [country_names[c] for c in countries_named(sentence, country_names)
                         if country_names[c] not in named_actors]
        where = place.place.get("name") or place.place.get("province") or country_names[place.place["country"]]
        proposals.append(Proposal(
            id=f"draft-{date.value}-{slug(where)[:40] or 'event'}-{category}", title=_title(sentence),
            category=category, date=date, place=place, actors=named_actors[:6], killed=killed, injured=injured,
            citations=[{"source": article.key, "quote": _cut(sentence, MAX_QUOTE)}], reasons=reasons))
    return proposals


def _with_places(paragraphs: list[list[str]], countries: list[str], world,
                 country_names: Mapping[str, str]) -> Iterable[tuple[str, PlaceFound | None, PlaceFound | None]]:
    """Each sentence, the place it gives (who said it left out), and the last place a sentence before it in its
    paragraph gave (None for a paragraph's first)."""
    for sentences in paragraphs:
        before = None
        for sentence in sentences:
            place = place_in(without_attribution(sentence), countries, world, country_names)
            yield sentence, place, before
            before = place or before


def _a_day_apart(proposal: Proposal, kept: Proposal) -> bool:
    """The same place and category told by another article a day before or after: one incident, maybe (a day in one
    capital's time is often the next where it landed), kept as one event with the other date as a disagreement."""
    if (proposal.place.place, proposal.category) != (kept.place.place, kept.category) \
            or {c["source"] for c in proposal.citations} & {c["source"] for c in kept.citations} \
            or len(proposal.date.value) != 10 or len(kept.date.value) != 10 or proposal.date.end or kept.date.end:
        return False
    days = dt.date.fromisoformat(proposal.date.value) - dt.date.fromisoformat(kept.date.value)
    return abs(days.days) == 1


def merge(proposals: Iterable[Proposal]) -> list[Proposal]:
    """One event per incident (day, place, category): the sources of all that report it, a ``disagreements`` entry
    where a later one gives another toll, or (another article, a day apart) another date; ids made unique."""
    merged: dict[tuple, Proposal] = {}
    for proposal in proposals:
        kept = merged.get(proposal.key()) or next(
            (other for other in merged.values() if _a_day_apart(proposal, other)), None)
        if kept is None:
            merged[proposal.key()] = replace(proposal, citations=list(proposal.citations),
                                             reasons=list(proposal.reasons), disagreements=[])
            continue
        source = proposal.citations[0]["source"]
        for citation in proposal.citations:
            if citation not in kept.citations:
                kept.citations.append(citation)
        if proposal.date.value != kept.date.value:
            kept.disagreements.append({"field": "date", "alternative": proposal.date.value,
                                       "note": f"{source} dates it {proposal.date.value}", "sources": [source]})
        for name in ("killed", "injured"):
            other = getattr(proposal, name)
            if other is None or other == getattr(kept, name):
                continue
            if getattr(kept, name) is None:
                setattr(kept, name, other)
            else:
                kept.disagreements.append({"field": name, "alternative": str(other),
                                           "note": f"{source} gives {other}", "sources": [source]})
        kept.reasons.append(f"also reported by {source}" + (f", dated {proposal.date.value}: the same incident?"
                                                             if proposal.date.value != kept.date.value else ""))
    seen: dict[str, int] = {}
    result = []
    for proposal in merged.values():
        n = seen[proposal.id] = seen.get(proposal.id, 0) + 1
        result.append(replace(proposal, id=proposal.id if n == 1 else f"{proposal.id}-{n}"))
    return result
