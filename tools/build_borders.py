"""Regenerate geo/data/countries.geojson and geo/data/border.geojson from Natural Earth.

Natural Earth 1:10m admin-0 polygons come from the npm package ``world-atlas`` (TopoJSON,
public domain data); ``topojson-client``'s ``topo2geo`` turns them into GeoJSON. Because the
TopoJSON stores each shared boundary once, the two countries' outlines share identical vertices
along their common border, so the border is the exact intersection of their boundaries.

Needs Node.js and npm (run once by a maintainer, not at app run time):

    python -m tools.build_borders --countries IR PK AF --border IR PK \
        --bbox 43 22 78 41 --context-tolerance 0.02

Countries named in ``--countries`` keep full 1:10m detail; every other country that meets the
bounding box is kept, clipped to it and simplified, as context for the offline map.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from pathlib import Path

import pycountry
import shapely
from shapely.geometry import box, mapping, shape
from shapely.ops import linemerge

DATA_DIR = Path(__file__).parent / "data"
WORLD_ATLAS = "world-atlas@2.0.2"
TOPOJSON_CLIENT = "topojson-client@3.1.0"
COORDINATE_DECIMALS = 4  # about 11 m, far finer than the 1:10m source


def natural_earth_countries(workdir: Path) -> list[dict]:
    """Install world-atlas into ``workdir`` and return its 1:10m countries as GeoJSON features."""
    subprocess.run(
        ["npm", "install", "--silent", "--no-save", "--prefix", str(workdir), WORLD_ATLAS, TOPOJSON_CLIENT],
        check=True,
    )
    topology = workdir / "node_modules" / "world-atlas" / "countries-10m.json"
    output = workdir / "countries.geojson"
    with topology.open("rb") as stdin:
        subprocess.run(
            [str(workdir / "node_modules" / ".bin" / "topo2geo"), f"countries={output}"],
            stdin=stdin,
            check=True,
        )
    return json.loads(output.read_text())["features"]


def alpha2(numeric_id: str | None) -> str | None:
    country = pycountry.countries.get(numeric=numeric_id) if numeric_id else None
    return country.alpha_2 if country else None


def polygonal(geometry):
    """Drop the stray lines and points make_valid can leave beside the polygons."""
    return shapely.union_all([part for part in shapely.get_parts(geometry) if part.area > 0])


def rounded(geometry):
    return shapely.set_precision(geometry, 10**-COORDINATE_DECIMALS)


def build(countries: list[str], border: tuple[str, str], bbox: tuple[float, float, float, float],
          context_tolerance: float, workdir: Path) -> tuple[dict, dict]:
    frame = box(*bbox)
    focus = set(countries)
    features, shapes = [], {}
    for feature in natural_earth_countries(workdir):
        code = alpha2(feature.get("id"))
        if code is None or feature["geometry"] is None:
            continue
        raw = shape(feature["geometry"])
        # The raw outlines share their border vertices exactly; make_valid (needed because some
        # Natural Earth polygons self-touch) may split them, so the border is taken from the raw ones.
        shapes[code] = raw
        geometry = polygonal(shapely.make_valid(raw))
        if code not in focus:
            if not geometry.intersects(frame):
                continue
            geometry = geometry.intersection(frame).simplify(context_tolerance)
        features.append({
            "type": "Feature",
            "id": code,
            "properties": {"iso_a2": code, "name": feature["properties"]["name"], "focus": code in focus},
            "geometry": mapping(rounded(geometry)),
        })
    missing = [code for code in (*countries, *border) if code not in shapes]
    if missing:
        raise SystemExit(f"not found in Natural Earth: {', '.join(missing)}")
    shared = shapes[border[0]].boundary.intersection(shapes[border[1]].boundary)
    # Where the outlines only touch at a vertex GEOS returns points too; the border is the lines.
    line = linemerge([part for part in shapely.get_parts(shared) if part.geom_type == "LineString"])
    countries_fc = {"type": "FeatureCollection", "features": sorted(features, key=lambda f: f["id"])}
    border_fc = {"type": "FeatureCollection", "features": [{
        "type": "Feature",
        "id": "-".join(border),
        "properties": {"between": list(border)},
        "geometry": mapping(rounded(line)),
    }]}
    return countries_fc, border_fc


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--countries", nargs="+", default=["IR", "PK", "AF"], metavar="ISO2")
    parser.add_argument("--border", nargs=2, default=["IR", "PK"], metavar="ISO2")
    parser.add_argument("--bbox", nargs=4, type=float, default=[43, 22, 78, 41],
                        metavar=("WEST", "SOUTH", "EAST", "NORTH"))
    parser.add_argument("--context-tolerance", type=float, default=0.02,
                        help="simplification of context countries, in degrees")
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as workdir:
        countries_fc, border_fc = build(args.countries, tuple(args.border), tuple(args.bbox),
                                        args.context_tolerance, Path(workdir))
    args.out.mkdir(parents=True, exist_ok=True)
    for name, collection in (("countries.geojson", countries_fc), ("border.geojson", border_fc)):
        (args.out / name).write_text(json.dumps(collection, separators=(",", ":")) + "\n")
        print(f"wrote {args.out / name}")


if __name__ == "__main__":
    main()
