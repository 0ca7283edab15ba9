"""The command line: thin wrappers that call the core and turn its typed errors into exit code 2.

Commands raise; they do not catch. The core's user-facing errors (``UserError``: a data file's problems, an
export that cannot be made) become what the user reads in one place, ``UserErrors.invoke``.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from dashboard.export.formats import FORMATS, render
from dashboard.export.spec import FORMATS as EXPORT_FORMATS
from dashboard.export.spec import MAX_SCALE, MAX_SIDE, MIN_SCALE, MIN_SIDE, PRESETS, WHATS, preset_help
from dashboard.figures.fonts import FontsMissing
from dashboard.model.checks import SourceQuotes, quote_coverage
from dashboard.model.loading import DEFAULT_DATA, check_events, load_events
from dashboard.model.problems import DataFileError, Problem, UserError, errors, warnings
from geo.errors import WorldDataError
from geo.geocoding import NOMINATIM_URL

EXIT_BAD_INPUT = UserError.exit_code
REPORTED = 100  # problems printed, at most, before "and N more"

data_argument = click.argument("path", type=click.Path(path_type=Path), default=DEFAULT_DATA, required=False)
data_option = click.option("--data", "data_path", type=click.Path(path_type=Path), default=DEFAULT_DATA,
                           show_default=True, metavar="PATH", help="the events file")


class BadInput(click.ClickException):
    """A user error as click shows one: "Error: <message>" on stderr, then its exit code."""

    def __init__(self, error: UserError):
        super().__init__(error.message)
        self.exit_code = error.exit_code


class UserErrors(click.Group):
    """The one place a ``UserError`` from any command becomes what the user reads: a data file's problems one
    a line, then how many ("3 errors; nothing written."); any other its message as click prints errors. Both
    exit with the error's ``exit_code``. Anything else is a bug and keeps its traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DataFileError as exc:
            _report(exc.problems)
            n = len(errors(exc.problems))
            click.echo(f"{n} error{'s' if n != 1 else ''}; nothing written.", err=True)
            sys.exit(exc.exit_code)
        except UserError as exc:
            raise BadInput(exc) from None
        except (WorldDataError, FontsMissing) as exc:  # the project's own data, not the user's: named, with the fix
            raise BadInput(UserError(str(exc))) from None


def _report(problems: list[Problem]) -> None:
    """Each problem, one a line, the first ``REPORTED`` of them (a file of ten thousand broken rows is read from
    the top), then how many more."""
    for problem in problems[:REPORTED]:
        click.echo(str(problem), err=True)
    if len(problems) > REPORTED:
        click.echo(f"…and {len(problems) - REPORTED:,} more problems (fix these first)", err=True)


@click.group(cls=UserErrors, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Linked map and timeline of a curated crisis: validate, geocode, export and serve events files."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(serve)


@cli.command()
@data_argument
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD", help="Date to judge 'in the future' against.")
@click.option("--quotes", is_flag=True,
              help="Also say, per source, how many quotes were checked against its local copy and how many rest on trust.")
def validate(path: Path, today: dt.datetime | None, quotes: bool) -> None:
    """Check an events file; print each problem as FILE:LINE: field: message (the first 100). Exit 2 on errors."""
    table, problems = check_events(path, today=today.date() if today else None)
    _report(problems)
    n_errors, n_warnings = len(errors(problems)), len(warnings(problems))
    if table is None or n_errors:
        click.echo(f"{path}: {n_errors} error{'s' if n_errors != 1 else ''}, {n_warnings} warning"
                   f"{'s' if n_warnings != 1 else ''}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    frame = table.frame
    if quotes:
        _report_quotes(path, quote_coverage(table.head.sources, (c["source"] for cs in frame["sources"] for c in cs)))
    click.echo(f"{path}: OK: {len(frame)} events, {frame['place'].nunique()} places, "
               f"{len(table.head.categories)} categories, {len(table.head.phases)} phases, "
               f"{n_warnings} warning{'s' if n_warnings != 1 else ''}; version {table.version}")


def _report_quotes(path: Path, coverage: list[SourceQuotes]) -> None:
    for source in coverage:
        checked = (f"checked against {source.file}" if source.checked
                   else "on trust (no local copy: give the source a file: to check them)")
        click.echo(f"  {source.source}: {source.quotes} quote{'s' if source.quotes != 1 else ''} {checked}")
    checked = sum(source.quotes for source in coverage if source.checked)
    trusted = sum(source.quotes for source in coverage if not source.checked)
    click.echo(f"{path}: quotes: {checked} checked against local copies, {trusted} on trust")


@cli.command()
@data_argument
@click.option("--online", is_flag=True, help="Ask OpenStreetMap Nominatim (1 request/s) for places the places file lacks.")
@click.option("--refresh", is_flag=True, help="Re-resolve places already in the cache.")
@click.option("--user-agent", default=None, metavar="UA", help="User agent for Nominatim (its policy requires a real one).")
@click.option("--nominatim-url", default=NOMINATIM_URL, show_default=True, metavar="URL",
              help="A Nominatim server of your own, instead of OpenStreetMap's.")
def geocode(path: Path, online: bool, refresh: bool, user_agent: str | None, nominatim_url: str) -> None:
    """Resolve every event's place into the cache file next to the data (offline unless --online)."""
    from dashboard.model.geocode_file import geocode_file

    summary = geocode_file(path, online=online, refresh=refresh, user_agent=user_agent, nominatim_url=nominatim_url,
                           progress=lambda items, label: click.progressbar(items, label=label, file=sys.stderr))
    click.echo(f"{summary.cache_path}: {summary.resolved} places resolved "
               f"({summary.by_provider_text()}); {len(summary.unknown)} unknown")
    failures = summary.unknown + ([summary.online_failure] if summary.online_failure else [])
    if failures:
        _report(failures)
        sys.exit(EXIT_BAD_INPUT)


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("--countries", required=True, metavar="CODES",
              help="the countries of the crisis, ISO 3166-1 alpha-2 codes separated by spaces or commas: 'AM AZ'")
@click.option("--title", default=None, metavar="TEXT", help="the crisis's title (default: from the countries' names)")
def new(folder: Path, countries: str, title: str | None) -> None:
    """Start a crisis: a folder with an events file that validates, an empty places file and a sources folder."""
    from dashboard.model.skeleton import write_skeleton

    codes = [code for code in countries.replace(",", " ").split() if code]
    skeleton = write_skeleton(folder, codes, title)
    for path in skeleton.files:
        click.echo(str(path))
    events = skeleton.files[0]
    click.echo(f"next: replace the example events, then `python -m dashboard validate {events}` and "
               f"`python -m dashboard serve --data {events}`", err=True)


@cli.command()
@click.argument("articles", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--published", required=True, type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="the articles' publication date: 'Monday' is the last Monday on or before it")
@click.option("--into", "target", required=True, type=click.Path(path_type=Path, dir_okay=False, exists=True),
              metavar="EVENTS.yaml", help="the events file to add to (start one with `new`); its categories are used")
def draft(articles: tuple[Path, ...], published: dt.datetime, target: Path) -> None:
    """Propose events from news articles (plain text or HTML): one per sentence reporting a dated incident."""
    from dashboard.model.draft_file import draft_into
    from geo.world import default_world

    drafted = draft_into(target, list(articles), published.date(), default_world())
    for proposal in drafted.proposals:
        click.echo(f"{proposal.date.value}  {proposal.category:<14} {proposal.title}")
    click.echo(f"{target}: {len(drafted.proposals)} proposed event{'s' if len(drafted.proposals) != 1 else ''} from "
               f"{len(drafted.articles)} article{'s' if len(drafted.articles) != 1 else ''}, each under '# draft' "
               "comments saying what it rests on; the file validates. Check each against its article, then delete "
               "its comments.", err=True)


@cli.command()
@data_argument
@click.option("--write", "write_rows", is_flag=True,
              help="append the best candidate for each name to the file's places file (meta.places_csv)")
def places(path: Path, write_rows: bool) -> None:
    """Propose places-file rows for the names the gazetteers cannot place (unknown or ambiguous), with sources."""
    from dashboard.model.proposals import append_rows, propose, rows_csv

    proposals, places_file = propose(path)
    if not proposals:
        click.echo(f"{path}: every place is known; nothing to propose", err=True)
        return
    for proposal in proposals:
        found = f"{len(proposal.candidates)} candidate{'s' if len(proposal.candidates) != 1 else ''}"
        click.echo(f"{proposal.problem}; {found}" + ("" if proposal.candidates else
                                                     " (give place.coordinates with their source)"), err=True)
        if proposal.candidates:
            click.echo(rows_csv(proposal.rows(), header=False), nl=False)
    if write_rows:
        if places_file is None:
            raise UserError(f"{path}: meta.places_csv: the file names no places file (add `places_csv: places.csv` "
                           "under meta, then run this again)")
        best = [proposal.rows()[0] for proposal in proposals if proposal.candidates]
        append_rows(places_file, best)
        click.echo(f"wrote {len(best)} row{'s' if len(best) != 1 else ''} to {places_file}; check each, then validate",
                   err=True)


@cli.command()
@data_argument
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="geojson", show_default=True, metavar="|".join(FORMATS),
              help="the file format")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="File to write (default stdout).")
def events(path: Path, fmt: str, output: Path | None) -> None:
    """Write the resolved events as GeoJSON, CSV, JSON or ACLED-shaped CSV."""
    table = load_events(path)
    _report(table.warnings)
    text = render(table.frame, fmt, table.head.categories)
    if output is None:
        click.echo(text, nl=False)
    else:
        from dashboard.model.atomic import write_atomically

        try:
            write_atomically(output, text.encode("utf-8"))
        except OSError as exc:
            raise UserError(f"{output}: cannot write: {exc.strerror} (choose a writable path; nothing was left "
                            "under its name)") from None
        click.echo(f"wrote {len(table.frame)} events to {output}", err=True)


@cli.command()
@click.option("--what", type=click.Choice(WHATS), default="composite", show_default=True, metavar="|".join(WHATS),
              help="the map, the timeline, or both on one page")
@click.option("--format", type=click.Choice(EXPORT_FORMATS), default="png", show_default=True,
              metavar="|".join(EXPORT_FORMATS), help="images, or standalone interactive HTML")
@click.option("--preset", type=click.Choice(list(PRESETS)), metavar="|".join(PRESETS), help=preset_help())
@click.option("--width", type=click.IntRange(MIN_SIDE, MAX_SIDE), metavar="PX",
              help=f"{MIN_SIDE}-{MAX_SIDE}; default the preset's")
@click.option("--height", type=click.IntRange(MIN_SIDE, MAX_SIDE), metavar="PX",
              help=f"{MIN_SIDE}-{MAX_SIDE}; default the preset's")
@click.option("--scale", type=click.FloatRange(MIN_SCALE, MAX_SCALE), default=1.0, show_default=True, metavar="S",
              help=f"{MIN_SCALE}-{MAX_SCALE}; multiplies the pixels, for print resolution")
@click.option("--state", default="", metavar="QUERY", help="the view, as in the app's address bar: 'cat=strike&from=2024-01-10'")
@click.option("--views", type=click.Path(path_type=Path), metavar="FILE",
              help="batch: a file of views (one state per line, or YAML)")
@click.option("--bbox", metavar="W,S,E,N", help="the map's extent in degrees, e.g. 44,23,76,40 (default: the "
              "file's meta.extent, else around the events shown; widened to the map panel's aspect)")
@click.option("--title", metavar="TEXT", help="default: the events file's title")
@click.option("--subtitle", metavar="TEXT", help="default: how many events, over what period, with what filters")
@click.option("--caption", metavar="TEXT", help="default: counts, filters and the map's extent")
@click.option("--credit", metavar="TEXT", help="default: sources, map and gazetteer credits, the data's version")
@data_option
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), required=True, metavar="DIR",
              help="directory to write into")
def export(views: Path | None, data_path: Path, out: Path, **values) -> None:
    """Export views as PNG, SVG, PDF or standalone HTML (one browser session for a whole batch)."""
    from dashboard.export.render import export_many
    from dashboard.export.spec import ExportSpec, prepare
    from dashboard.export.views_file import prepare_views, read_views

    defaults = ExportSpec.from_mapping(values)  # the other options are named as a views file's keys
    table = load_events(data_path)
    jobs = prepare_views(table, views, read_views(views, defaults)) if views else [prepare(table, defaults)]
    written = export_many(table, jobs, out, progress=lambda items, label: click.progressbar(
        items, label=label, file=sys.stderr, item_show_func=lambda job: job.spec.what if job else None))
    for path in written:
        click.echo(str(path))


@cli.command()
@data_option
@click.option("--host", default="127.0.0.1", show_default=True, metavar="HOST",
              help="Interface to bind; 0.0.0.0 exposes it to the network.")
@click.option("--port", type=click.IntRange(1, 65535), default=8050, show_default=True, metavar="PORT",
              help="TCP port to listen on")
@click.option("--debug", is_flag=True, help="Dash debug mode (reloader, error pages). Never on a shared host.")
@click.option("--frame-origins", default="", metavar="ORIGINS",
              help="Space-separated origins allowed to frame the app (default: none).")
@click.option("--embed-origins", default="*", show_default=True, metavar="ORIGINS",
              help="Space-separated origins allowed to frame /embed/* ('*': any).")
def serve(data_path: Path, host: str, port: int, debug: bool, frame_origins: str, embed_origins: str) -> None:
    """Serve the linked map and timeline at http://HOST:PORT."""
    from dashboard.model.live import EventSource
    from dashboard.web.app import create_app

    source = EventSource(data_path)
    source.load()  # the one load: the app serves this table until the file changes
    app = create_app(source, frame_origins=frame_origins.split(), embed_origins=embed_origins.split(), warm=True)
    click.echo(f"Serving {data_path} at http://{host}:{port}/ (Ctrl+C to stop)", err=True)
    app.run(host=host, port=port, debug=debug)


def main() -> None:
    try:
        cli.main(prog_name="python -m dashboard", standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(130)
