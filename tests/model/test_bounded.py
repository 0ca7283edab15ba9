"""Bounded work: aliases may not repeat more text than a quarter of the size cap (a few aliases of a 1 MB string
once took a 9.6 MB file to 7.5 GB), and a file with thousands of problems prints the first hundred and a count."""

from __future__ import annotations

from dashboard.cli import REPORTED
from dashboard.model.loading import check_events
from dashboard.model.yaml_source import MAX_EXPANSION_BYTES
from tests.support import invoke_cli


def test_aliases_repeating_megabytes_of_text_are_refused_at_their_line(tmp_path):
    text = "x" * 1_000_000
    repeats = MAX_EXPANSION_BYTES // len(text) + 2
    lines = ["meta:", f"  title: &big {text}", "notes:"] + ["  - *big" for _ in range(repeats)]
    path = tmp_path / "events.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size < 2 * len(text)  # the file itself is small
    table, problems = check_events(path)
    assert table is None and [p.field for p in problems] == ["aliases"]
    assert "repeat more than" in problems[0].message and problems[0].line == 2  # the text repeated


def test_a_few_aliases_of_short_values_still_load(tmp_path):
    """Aliases are YAML: a short repeated value is fine (the bundled file's shape with one alias)."""
    lines = ["meta:", "  title: &t Short", "notes:", "  - *t", "  - *t"]
    path = tmp_path / "events.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, problems = check_events(path)
    assert "aliases" not in {p.field for p in problems}


def test_validate_prints_the_first_problems_and_how_many_more(tmp_path):
    events = "\n".join(f"  - id: e{i}\n    title: T" for i in range(REPORTED + 50))
    path = tmp_path / "events.yaml"
    path.write_text("meta:\n  title: Many broken events\ncategories: {}\nevents:\n" + events + "\n", encoding="utf-8")
    run = invoke_cli("validate", str(path))
    lines = [line for line in run.err.splitlines() if line.strip()]
    assert run.code == 2 and len(lines) == REPORTED + 2  # the problems shown, "and N more", the summary
    assert "more problems" in lines[-2]
