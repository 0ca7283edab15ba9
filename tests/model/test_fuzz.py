"""The loader under arbitrary input (hypothesis): every outcome is a table or the project's own located problems,
never another exception. Derandomized, so CI runs the same examples every time."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.model.loading import check_events
from dashboard.model.problems import Problem, errors
from tests.support import BUNDLED, ROOT, copy_bundled, write_document

FUZZ = settings(max_examples=120, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
ACLED = ROOT / "tests" / "fixtures" / "acled" / "pakistan-iran-2024-01.csv"

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40)
values = st.recursive(scalars, lambda children: st.lists(children, max_size=5)
                      | st.dictionaries(st.text(max_size=12), children, max_size=5), max_leaves=25)
bundled = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
SECTIONS = ("meta", "sources", "categories", "phases", "events")

pytestmark = pytest.mark.fuzz  # hundreds of generated documents: the full suite only


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """One copy of the bundled data (sources, places file) that each example overwrites the events file of."""
    return copy_bundled(tmp_path_factory.mktemp("fuzz")).parent


def outcome(path: Path) -> None:
    """A table, or problems of the project's own kind, each naming the file and a field with a message."""
    table, problems = check_events(path)
    assert all(isinstance(problem, Problem) for problem in problems)
    assert all(problem.path.endswith(path.name) and problem.field and problem.message for problem in problems)
    assert table is not None or errors(problems)


def written(folder: Path, document: object) -> Path:
    """``document`` as the folder's events file."""
    return write_document(folder / "events.yaml", document)


@FUZZ
@given(document=values)
def test_any_yaml_document_is_a_table_or_located_problems(folder, document):
    outcome(written(folder, document))


@FUZZ
@given(section=st.sampled_from(SECTIONS), value=values, drop=st.sets(st.sampled_from(SECTIONS), max_size=2))
def test_the_bundled_file_with_a_section_replaced_or_dropped(folder, section, value, drop):
    """Arbitrary values where the loader expects its sections: deep enough to reach events, places, links."""
    document = {key: content for key, content in bundled.items() if key not in drop}
    document[section] = value
    outcome(written(folder, document))


@FUZZ
@given(event=st.integers(0, len(bundled["events"]) - 1), field=st.text(min_size=1, max_size=12) | st.sampled_from(
    sorted({key for event in bundled["events"] for key in event})), value=values)
def test_one_event_field_set_to_anything(folder, event, field, value):
    document = copy.deepcopy(bundled)
    document["events"][event][field] = value
    outcome(written(folder, document))


mutations = st.lists(st.tuples(st.sampled_from(["flip", "delete", "insert", "repeat"]), st.floats(0, 1),
                               st.integers(1, 64), st.binary(min_size=1, max_size=8)), min_size=1, max_size=6)


def mutated(data: bytes, edits: list[tuple[str, float, int, bytes]]) -> bytes:
    for kind, where, length, payload in edits:
        at = int(where * len(data))
        if kind == "flip":
            data = data[:at] + bytes(b ^ 0xFF for b in data[at:at + length]) + data[at + length:]
        elif kind == "delete":
            data = data[:at] + data[at + length:]
        elif kind == "insert":
            data = data[:at] + payload + data[at:]
        else:  # a run of bytes twice over, as a bad paste makes it
            data = data[:at] + data[at:at + length] + data[at:]
    return data


@pytest.mark.parametrize(("original", "name"), [(BUNDLED, "events.yaml"), (ACLED, "acled.csv")])
@FUZZ
@given(edits=mutations)
def test_byte_mutations_of_real_files(folder, original, name, edits):
    """The bundled events file and an ACLED export, bytes flipped, dropped, inserted or repeated."""
    path = folder / name
    path.write_bytes(mutated(original.read_bytes(), edits))
    outcome(path)
