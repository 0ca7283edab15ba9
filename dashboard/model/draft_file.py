"""``draft``'s proposals written into an events file: each article copied into ``sources/`` as a core source (so its
quotes are checked), the proposed events appended, each under comments saying what it rests on. The file's own
text, comments and order are kept: the new lines are inserted, nothing is re-emitted. The result is validated
before it is kept; a file that would not validate is left as it was, and the problems are reported.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from dashboard.model.atomic import write_atomically
from dashboard.model.draft import Article, Proposal, article_text, merge, propose, slug
from dashboard.model.loading import check_events
from dashboard.model.problems import DataFileError, Problem, UserError, errors
from dashboard.model.yaml_source import load_yaml

SOURCES_FOLDER = "sources"
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*):")


@dataclass(frozen=True)
class Drafted:
    path: Path
    articles: list[Article]
    proposals: list[Proposal]


def read_articles(paths: list[Path], published: dt.date, taken: set[str]) -> list[Article]:
    """The articles, each keyed by its file name (unique among ``taken``: the file's sources)."""
    articles = []
    for path in paths:
        try:
            raw = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"{path}: cannot read it as UTF-8 text ({exc.__class__.__name__}); save the article as "
                            "plain text or HTML in UTF-8") from exc
        text = article_text(raw, path.suffix.lower() in (".html", ".htm"))
        if not text.strip():
            raise UserError(f"{path}: the article has no text to draft from")
        key = base = slug(path.stem) or "article"
        n = 1
        while key in taken:
            n += 1
            key = f"{base}-{n}"
        taken.add(key)
        first_line = text.strip().splitlines()[0].strip()
        title = first_line if len(first_line) <= 160 else f"Article {path.name}"
        articles.append(Article(key, path, title, text, published))
    return articles


def _block(lines: list[str], key: str) -> tuple[int, int] | None:
    """The lines of a top-level ``key:`` block: (its line, the line after its last), or None."""
    starts = [(i, m.group(1)) for i, line in enumerate(lines) if (m := _TOP_KEY.match(line))]
    for n, (i, name) in enumerate(starts):
        if name == key:
            end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
            while end > i + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
                end -= 1  # comments and blank lines before the next key belong to it
            return i, end
    return None


def _opens_block(line: str) -> bool:
    """``key:`` alone on its line (a comment after it allowed): a block whose lines follow, not ``key: {}``."""
    return line.split("#", 1)[0].rstrip().endswith(":")


def _indented(text: str, indent: str) -> list[str]:
    return [indent + line if line else line for line in text.splitlines()]


def _event_yaml(proposal: Proposal) -> str:
    event = {"id": proposal.id, "title": proposal.title, "category": proposal.category, "date": proposal.date.value}
    if proposal.date.end:
        event["date_end"] = proposal.date.end
    event["place"] = proposal.place.place
    if proposal.actors:
        event["actors"] = proposal.actors
    for name in ("killed", "injured"):
        if getattr(proposal, name) is not None:
            event[name] = getattr(proposal, name)
    event["description"] = proposal.citations[0]["quote"]
    event["sources"] = proposal.citations
    if proposal.disagreements:
        event["disagreements"] = proposal.disagreements
    comments = "".join(f"# draft {reason}\n" for reason in proposal.reasons)
    return comments + yaml.safe_dump([event], sort_keys=False, allow_unicode=True, width=110)


def _source_yaml(article: Article, file: str) -> str:
    source = {"title": article.title, "kind": "article", "published": article.published.isoformat(), "file": file}
    return yaml.safe_dump({article.key: source}, sort_keys=False, allow_unicode=True, width=110)


def draft_into(target: Path, paths: list[Path], published: dt.date, world) -> Drafted:
    """Propose events from the articles at ``paths`` and write them into the events file ``target`` (which must
    exist and hold ``sources``, ``categories`` and ``events`` blocks, as ``new`` writes them)."""
    doc = load_yaml(target)  # safe, bounded, and a clear error for a file that is not YAML
    original, data = target.read_text(encoding="utf-8"), doc.data
    if not isinstance(data, dict) or not isinstance(data.get("categories"), dict) or not data["categories"]:
        raise UserError(f"{target}: no categories to choose from; start the file with `python -m dashboard new`")
    sources = data.get("sources") if isinstance(data.get("sources"), dict) else {}
    articles = read_articles(paths, published, set(sources))
    events = [event for event in data.get("events") or [] if isinstance(event, dict)]
    known_actors = {actor for event in events for actor in event.get("actors") or [] if isinstance(actor, str)}
    places = [event.get("place") for event in events]
    file_countries = [place["country"] for place in places if isinstance(place, dict) and place.get("country")]
    names = {code: info.name for code, info in world.countries.items()}
    proposals = merge(p for article in articles
                      for p in propose(article, data["categories"], world, names, known_actors, file_countries))
    existing = {event.get("id") for event in events}
    proposals = [p for p in proposals if p.id not in existing]
    lines = original.splitlines()
    sources_block, events_block = _block(lines, "sources"), _block(lines, "events")
    if sources_block is None or events_block is None or not _opens_block(lines[sources_block[0]]) \
            or not _opens_block(lines[events_block[0]]):
        raise UserError(f"{target}: draft needs block 'sources:' and 'events:' sections, as `python -m dashboard new` "
                        "writes them")
    item = next((line[:len(line) - len(line.lstrip())] for line in lines[events_block[0] + 1:events_block[1]]
                 if line.lstrip().startswith("- ")), "")
    copies: list[Path] = []
    new_sources: list[str] = []
    folder = target.parent / SOURCES_FOLDER
    for article in articles:
        copy = folder / f"{article.key}.txt"
        new_sources += _indented(_source_yaml(article, f"{SOURCES_FOLDER}/{copy.name}"), "  ")
        if not copy.exists():
            folder.mkdir(exist_ok=True)
            copy.write_text(article.text, encoding="utf-8")
            copies.append(copy)
    new_events = [line for p in proposals for line in _indented(_event_yaml(p), item)]
    at_sources, at_events = sources_block[0] + 1, events_block[1]
    first, second = sorted([(at_sources, new_sources), (at_events, new_events)])
    updated = lines[:first[0]] + first[1] + lines[first[0]:second[0]] + second[1] + lines[second[0]:]
    write_atomically(target, ("\n".join(updated) + "\n").encode("utf-8"))
    _, problems = check_events(target, use_cache=False)
    if errors(problems):
        write_atomically(target, original.encode("utf-8"))
        for copy in copies:
            copy.unlink(missing_ok=True)
        raise DataFileError([Problem(p.path, p.line, p.field, f"{p.message} (in the draft; the file is left as it "
                                     "was)", p.severity) for p in errors(problems)])
    return Drafted(target, articles, proposals)

