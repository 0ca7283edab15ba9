"""How well ``draft`` reads articles: the curated events it finds with the right date and place, and the
proposals that are no event of the curated file.

    python -m benchmarks.bench_draft tests/fixtures/draft/bundled.yaml [more specs]

A spec (YAML, paths relative to it) names the articles and their publication date (one for all, or each its
own), the countries of the new file they are drafted into (``new``'s skeleton: no places file, only the world
gazetteer), the curated reference file, and ``dated``: the reference's events whose day or month the articles' own
words give. A proposal finds an event when it has the event's date (its day, or a day within the month the file
gives) and a place that agrees with the event's: the same town, or the province or country it lies in (an article
that says only "in Pakistan" is drafted at country precision: that is right, not a miss). It prints figures; tests
never judge it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
from pathlib import Path

import yaml

from dashboard.model.draft import Proposal
from dashboard.model.draft_file import draft_into
from dashboard.model.loading import load_events
from dashboard.model.skeleton import write_skeleton
from geo.names import normalise
from geo.world import default_world


def agrees(proposal: Proposal, event: dict, point_country: str | None) -> bool:
    """The proposal has the event's date and a place that agrees with the event's."""
    # The event's day, or a day within the month the curated file gives.
    if not proposal.date.value.startswith(str(event["date"])):
        return False
    place, curated = proposal.place.place, event["place"]
    if place["precision"] == "country":
        return place["country"] == point_country
    if place["precision"] == "province":
        return place["country"] == point_country and normalise(place["province"]) == normalise(curated.get("province") or "")
    return normalise(place["name"]) == normalise(curated.get("name") or "")


def measure(spec_path: Path) -> None:
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    folder = spec_path.parent
    reference = load_events(folder / spec["reference"])
    events = {e["id"]: e for e in yaml.safe_load((folder / spec["reference"]).read_text(encoding="utf-8"))["events"]}
    countries = dict(zip(reference.frame["id"], reference.frame["point_country"], strict=True))
    with tempfile.TemporaryDirectory() as scratch:
        skeleton = write_skeleton(Path(scratch) / "crisis", list(spec["countries"]))
        # Articles as paths (published on ``published``) or as {path, published}: drafted a date at a time.
        articles = [a if isinstance(a, dict) else {"path": a, "published": spec["published"]}
                    for a in spec["articles"]]
        proposals: list[Proposal] = []
        for published in dict.fromkeys(str(a["published"]) for a in articles):
            paths = [folder / a["path"] for a in articles if str(a["published"]) == published]
            proposals += draft_into(skeleton.files[0], paths, dt.date.fromisoformat(published),
                                    default_world()).proposals
    # One proposal per event and one event per proposal: a second proposal at the same day and place is not
    # the same event found twice. The dated events are matched first.
    matched: dict[str, Proposal] = {}
    for event_id in [*spec["dated"], *(i for i in events if i not in spec["dated"])]:
        taken = [id(p) for p in matched.values()]
        match = next((p for p in proposals
                      if id(p) not in taken and agrees(p, events[event_id], countries[event_id])), None)
        if match is not None:
            matched[event_id] = match
    found = [event_id for event_id in spec["dated"] if event_id in matched]
    false = [p for p in proposals if all(p is not m for m in matched.values())]
    print(f"\n{spec_path}: {len(proposals)} proposals from {len(spec['articles'])} articles")
    print(f"  dated events found with the right date and place: {len(found)} of {len(spec['dated'])}")
    for event_id, words in spec["dated"].items():
        print(f"    {'found ' if event_id in found else 'missed'}  {event_id} (“{words}”)")
    print("  proposals matched to other curated events (by date and place only: read them):")
    for event_id, proposal in matched.items():
        if event_id not in spec["dated"]:
            print(f"    {event_id} <- {proposal.title[:80]}")
    print(f"  proposals that are no curated event: {len(false)} of {len(proposals)}")
    for proposal in false:
        print(f"    {proposal.date.value}  {proposal.place.place}  {proposal.title[:70]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("specs", nargs="+", type=Path)
    for spec in parser.parse_args().specs:
        measure(spec)


if __name__ == "__main__":
    main()
