"""The command line: thin click commands that call one library function each.

Library errors are ``ScorecardError`` (a ``click.ClickException``): they print a clear
message, no traceback, and exit with status 1. Usage errors exit with status 2.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import sources
from .errors import Problem
from .safetext import for_terminal

if TYPE_CHECKING:
    from .card import Scorecard

PLATFORM_HELP = "The platform file (default: platform.yaml in the current folder)."
DATA_HELP = "Dataset folder (default: the platform's 'data:' key, relative to the platform file)."
STRICT_HELP = "Treat warnings (unknown keys, bills missing from the data...) as errors."


def _echo(text: str, **kwargs: Any) -> None:
    """``click.secho`` of text that may quote data: control characters are shown escaped,
    so a name from a source cannot recolour the terminal or retitle its window."""
    click.secho(for_terminal(text), **kwargs)


def _warn(problems: list[Problem] | list[str]) -> None:
    for p in problems:
        _echo(f"Warning: {p}", fg="yellow", err=True)


@contextmanager
def _progress(label: str) -> Iterator[Callable[[str], None]]:
    """Name each step of long work on a terminal; silent otherwise.

    Plain lines rather than a spinner: a spinner runs a thread, and the site writer
    forks a worker process, which must not happen while another thread holds a lock.
    """
    if not sys.stderr.isatty():
        yield lambda step: None
        return
    yield lambda step: _echo(f"{label}: {step}...", err=True, dim=True)


#: The cyclic garbage collector's thresholds for a command (Python's are 700, 10, 10): a
#: command is one short process that allocates millions of objects (frames, pages'
#: contexts) and makes few reference cycles; with the default, a demo build ran 270
#: collections, 0.15-0.2 s of its CPU (docs/performance.md). Memory freed by reference
#: counting, nearly all of it, is freed as before.
GC_THRESHOLD = (20_000, 20, 10)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="scorecard")
def cli() -> None:
    """Legislator scorecards: platform.yaml + roll-call votes -> scores, site, workbook.

    \b
    A typical year:
      scorecard import ny-mirror ny_legislation/ --into votes/ny --roster people/data/ny
      scorecard validate                # check platform.yaml against its data
      scorecard build                   # write output/: site, scorecard.xlsx, data/
    Try it on the bundled fictional demo: run `scorecard build` in the repository.
    """
    import gc

    gc.set_threshold(*GC_THRESHOLD)


@cli.command()
@click.option("--platform", "platform_path", type=click.Path(path_type=Path),
              default=Path("platform.yaml"), show_default=True, help=PLATFORM_HELP)
@click.option("--data", "data_dir", type=click.Path(path_type=Path), help=DATA_HELP)
@click.option("--out", type=click.Path(path_type=Path), default=Path("output"),
              show_default=True, help="Output folder; replaced only when the build succeeds.")
@click.option("--strict", is_flag=True, help=STRICT_HELP)
def build(platform_path: Path, data_dir: Path | None, out: Path, strict: bool) -> None:
    """Score the platform and write the site, the workbook and data/ into --out.

    The previous output stays untouched unless the whole build succeeds: everything
    is written to a temporary folder first, then swapped in.
    """
    from .build import build as run_build

    with _progress("Building the scorecard") as step:
        card = run_build(platform_path, data_dir, out, strict=strict, on_step=step)
    _warn(card.warnings)
    t = card.scores.table
    scored = int(t["score"].notna().sum())
    period = card.scores.period.selection.rows["rollcall_id"].nunique()
    lifetime = card.scores.lifetime.selection.rows["rollcall_id"].nunique()
    also = f" ({lifetime} for the lifetime score)" if lifetime != period else ""
    _echo(f"Scored {scored} of {len(t)} legislators on {period} roll calls in the "
               f"period{also}; wrote {out}/: the site (open {out}/index.html), "
               "scorecard.xlsx and data/.")
    for line in _unscored(card):
        _echo(line)
    click.echo(f"{card.audit.summary()}; every finding is in {out}/data/audit.csv "
               "(scorecard audit lists them).")
    if card.fictional:
        _echo("Note: this dataset is fictional sample data.")


def _unscored(card: Scorecard) -> list[str]:
    """One line per chamber whose members have no score because the dataset holds no
    roll call of that chamber at all (the count above would not say why): the scoring's
    own reason for them (``scoring.no_chamber_votes``), counted."""
    from .scoring import no_chamber_votes

    t = card.scores.table
    lines = []
    for chamber, rows in t[t["score"].isna()].groupby("chamber", sort=True):
        name = card.platform.chamber_name(str(chamber))
        n = int((rows["why_no_score"] == no_chamber_votes(name)).sum())
        if n:
            lines.append(f"The {name}'s {n} member(s) have no score: the data hold no "
                         f"{name} roll call (docs/adding-votes.md says how to add them).")
    return lines


@cli.command()
@click.option("--platform", "platform_path", type=click.Path(path_type=Path),
              default=Path("platform.yaml"), show_default=True, help=PLATFORM_HELP)
@click.option("--data", "data_dir", type=click.Path(path_type=Path), help=DATA_HELP)
@click.option("--strict", is_flag=True, help=STRICT_HELP)
def validate(platform_path: Path, data_dir: Path | None, strict: bool) -> None:
    """Check platform.yaml and its dataset without writing anything.

    Reports every problem with its file and line or row: schema errors, unknown keys,
    bad or inconsistent vote data, platform bills the data lacks, and members with no
    vote recorded on a scored roll call.
    """
    from .build import validate as run_validate

    card, warnings = run_validate(platform_path, data_dir, strict=strict)
    _warn(warnings)
    ds = card.dataset
    _echo(f"OK: {platform_path} ({sum(1 for _ in card.platform.entries())} entries) and "
               f"{ds.folder} ({len(ds.rollcalls)} roll calls, {len(ds.votes)} votes) are valid"
               + (f", with {len(warnings)} warning(s)." if warnings else "."))


@cli.command()
@click.option("--platform", "platform_path", type=click.Path(path_type=Path),
              default=Path("platform.yaml"), show_default=True, help=PLATFORM_HELP)
@click.option("--data", "data_dir", type=click.Path(path_type=Path), help=DATA_HELP)
@click.option("--all", "everything", is_flag=True,
              help="Audit every roll call of the dataset, not only the scored ones.")
@click.option("--strict", is_flag=True, help="Exit with status 1 when the audit finds errors.")
def audit(platform_path: Path, data_dir: Path | None, everything: bool, strict: bool) -> None:
    """Audit the vote data behind the scores, and list every finding.

    Member votes against declared totals and the chamber's seats, repeated member
    lists, seat-holders with no record, votes from members with no seat, one person
    voting twice, sources that disagree, platform bills with no roll call and no
    sponsor, legislators without party or district, unresolved names, and overrides
    that change nothing. Each finding is an error, a warning or a note, with the rows
    behind it. Every build runs the same audit (data/audit.csv). Nothing is changed.
    """
    from .audit import run_audit
    from .build import score_platform
    from .errors import DataError

    card = score_platform(platform_path, data_dir)
    result = run_audit(card.platform, card.dataset, card.scores, everything=everything)
    for f in result.findings:
        color = {"error": "red", "warning": "yellow"}.get(f.severity)
        click.secho(f"{f.severity.capitalize()}: {f.message}", fg=color)
        for ref in f.rows:
            click.echo(f"    {ref}")
    click.echo(f"{result.summary()}.")
    if strict and result.errors:
        raise DataError(f"{len(result.errors)} audit error(s) with --strict: fix the data "
                        "(or record a correction in overrides.csv), then audit again.")


@cli.command()
@click.option("--platform", "platform_path", type=click.Path(path_type=Path),
              default=Path("platform.yaml"), show_default=True, help=PLATFORM_HELP)
@click.option("--data", "data_dir", type=click.Path(path_type=Path), help=DATA_HELP)
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Folder for the letters; replaced only when every letter is written.")
def review(platform_path: Path, data_dir: Path | None, out: Path) -> None:
    """Write a letter to every legislator before publication: the right of reply.

    One printable HTML letter per legislator (DIR/<slug>.html) listing every vote and
    sponsorship that will be scored, how each counts, the provisional score and how to
    reply (platform.yaml's review: deadline and contact), and DIR/letters.csv for a mail
    merge (name, seat, email and office address from the dataset's contacts.csv).
    Record the replies in the dataset's replies.csv: each is shown beside its vote.

    \b
    Example:
      scorecard review --out letters/
    """
    from .review import review as run_review

    card = run_review(platform_path, data_dir, out)
    r = card.platform.model.review
    if not (r.deadline and r.contact):
        click.secho("Warning: platform.yaml has no review: {deadline: ..., contact: ...}; "
                    "the letters do not say by when or where to reply.", fg="yellow",
                    err=True)
    n = len(card.scores.table)
    click.echo(f"Wrote {n} letter{'' if n == 1 else 's'} to {out}/ (one HTML file per "
               f"legislator, ready to print) and {out}/letters.csv for a mail merge.")


def _report(report: sources.ImportReport) -> None:
    for table, (before, after) in report.counts.items():
        _echo(f"  {table}.csv: {before} -> {after} rows")
    _warn(report.warnings)
    if report.unresolved:
        _echo(f"{len(report.unresolved)} name(s) could not be matched to the roster "
                    "and keep a source id:", fg="yellow", err=True)
        for name in report.unresolved:
            _echo(f"  {name}", err=True)
    for note in report.notes:
        _echo(note)


def _sources_help(verb: str) -> str:
    """The one-line list of sources for a command's help (from the registry)."""
    table = sources.commands(verb)
    width = max(len(n) for n in table) + 2
    return "\n".join(f"  {n.ljust(width)}{c.summary}" for n, c in table.items())


def _with_source_options(verb: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Add every source's own options (from the registry) to a command."""
    def add(f: Callable[..., None]) -> Callable[..., None]:
        for o in reversed(sources.options(verb)):
            kind: Any = click.Choice(list(o.choices)) if o.choices else o.type
            owners = [n for n, c in sources.commands(verb).items() if o in c.options]
            if o.is_flag:
                f = click.option(o.flag, o.dest, is_flag=True, default=None,
                                 help=f"{o.help} [{', '.join(owners)}]")(f)
                continue
            f = click.option(o.flag, o.dest, type=kind, multiple=o.multiple,
                             help=f"{o.help} [{', '.join(owners)}]")(f)
        return f
    return add


def _source_options(verb: str, source: str, given: dict[str, Any]) -> dict[str, Any]:
    """The source's own options; one another source owns, given here, is a usage error."""
    mine = {o.dest for o in sources.commands(verb)[source].options}
    flags = {o.dest: o.flag for o in sources.options(verb)}
    wrong = [flags[d] for d, v in given.items() if d not in mine and v not in (None, ())]
    if wrong:
        raise click.UsageError(f"{', '.join(wrong)} is not an option of "
                               f"'scorecard {verb} {source}'.")
    return {d: (list(v) if isinstance(v, tuple) else v) for d, v in given.items() if d in mine}


@cli.command("import", help=f"""Import vote data from files into a dataset folder (merging
with what is there).

\b
SOURCE is one of:
{_sources_help("import")}

Importing the same source twice changes nothing. Names that cannot be matched
to the roster keep a source id and are listed; map them in DIR/identity_overrides.csv.

\b
Example:
  scorecard import ny-mirror ny_legislation --into votes/ny --roster people/data/ny
""")
@click.argument("source", type=click.Choice(list(sources.commands("import"))))
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--into", type=click.Path(path_type=Path), required=True,
              help="Dataset folder to create or add to.")
@click.option("--roster", "rosters", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Roster to resolve names to stable ids (repeatable).")
@_with_source_options("import")
def import_(source: str, paths: tuple[Path, ...], into: Path, rosters: tuple[Path, ...],
            **extra: Any) -> None:
    req = sources.ImportRequest(paths=list(paths), into=into, rosters=list(rosters),
                                progress=sys.stderr.isatty(),
                                options=_source_options("import", source, extra))
    report = sources.run_import(source, req)
    _echo(f"Imported {source} into {into}:")
    _report(report)


@cli.command(help=f"""Fetch vote data from an online source into a dataset folder.

\b
SOURCE is one of (API keys come from environment variables):
{_sources_help("fetch")}

Responses are cached under DIR/.cache/: an interrupted fetch resumes where it
stopped, and nothing is fetched twice.

\b
Examples:
  scorecard fetch nysenate --platform platform.yaml --into votes/ny --roster people/data/ny
  scorecard fetch congress --chamber house --year 2020 --roll 11 --roll 13 --into votes/us
""")
@click.argument("source", type=click.Choice(list(sources.commands("fetch"))))
@click.option("--into", type=click.Path(path_type=Path), required=True,
              help="Dataset folder to create or add to (its .cache/ keeps responses).")
@click.option("--platform", "platform_path", type=click.Path(exists=True, path_type=Path),
              help="Fetch every bill this platform names, companions included.")
@click.option("--session", "sessions", multiple=True, help="Session, e.g. 2023 (repeatable).")
@click.option("--bill", "bills", multiple=True, help="Bill print number, e.g. S1747 (repeatable).")
@click.option("--roster", "rosters", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Roster to resolve names to stable ids (repeatable).")
@_with_source_options("fetch")
def fetch(source: str, into: Path, platform_path: Path | None, sessions: tuple[str, ...],
          bills: tuple[str, ...], rosters: tuple[Path, ...], **extra: Any) -> None:
    req = sources.FetchRequest(into=into, platform=platform_path, sessions=list(sessions),
                               bills=list(bills), rosters=list(rosters),
                               progress=sys.stderr.isatty(),
                               options=_source_options("fetch", source, extra))
    report = sources.run_fetch(source, req)
    _echo(f"Fetched {source} into {into}:")
    _report(report)


@cli.command()
@click.argument("legislators", nargs=-1, required=True, metavar="ID_OR_NAME ID_OR_NAME...")
@click.option("--platform", "platform_path", type=click.Path(path_type=Path),
              default=Path("platform.yaml"), show_default=True, help=PLATFORM_HELP)
@click.option("--data", "data_dir", type=click.Path(path_type=Path), help=DATA_HELP)
def compare(legislators: tuple[str, ...], platform_path: Path, data_dir: Path | None) -> None:
    """Compare two or more legislators side by side: scores, ranks, sections, votes.

    Each legislator is named by id, by page slug, or by name (case and accents do not
    matter; part of a name is enough when only one legislator matches). Scores are
    never compared across chambers: the output says so when the chambers differ.

    \b
    Example:
      scorecard compare "Ada Lovelace" s2 jane-smith-upper-4
    """
    from .build import score_platform
    from .compare import comparison, find_legislator
    from .render.text import format_comparison

    if len(legislators) < 2:
        raise click.UsageError("name at least 2 legislators to compare.")
    card = score_platform(platform_path, data_dir)
    rows = [find_legislator(card, q) for q in legislators]
    _echo(format_comparison(comparison(card, rows)), nl=False)


@cli.command()
@click.argument("legislator", metavar="ID_OR_NAME")
@click.option("--platform", "platform_path", type=click.Path(path_type=Path),
              default=Path("platform.yaml"), show_default=True, help=PLATFORM_HELP)
@click.option("--data", "data_dir", type=click.Path(path_type=Path), help=DATA_HELP)
@click.option("--out", type=click.Path(path_type=Path),
              help="Also write the printable one-page HTML briefing to this file.")
def brief(legislator: str, platform_path: Path, data_dir: Path | None,
          out: Path | None) -> None:
    """Print a one-page briefing on a legislator, for an endorsement committee.

    Who they are, their score, grade, rank, lifetime score and participation, the
    per-section scores, every scored vote (aligned or against) and their sponsorships.
    The legislator is named by id, page slug or name, as for `scorecard compare`.

    \b
    Examples:
      scorecard brief "Ada Lovelace"
      scorecard brief s1 --out ada.html    # printable page, styles included
    """
    from .build import score_platform
    from .compare import briefing, find_legislator
    from .render.text import format_briefing

    if out is not None:
        from .build import protected_paths
        from .destinations import check_brief_out

        check_brief_out(out, protected_paths(platform_path, data_dir))
    card = score_platform(platform_path, data_dir)
    row = find_legislator(card, legislator)
    _echo(format_briefing(briefing(card, row)), nl=False)
    if out is not None:
        from .render.briefings import write_briefing

        write_briefing(card, str(row["legislator_id"]), out)
        _echo(f"Wrote the printable briefing to {out}.")


def main() -> None:
    """Console-script entry point."""
    import gc

    try:
        cli(prog_name="scorecard")
    finally:
        # The process ends here: without this, its exit runs a last collection over every
        # object still alive (0.2-0.3 s of CPU after a demo build) only to free memory the
        # system takes back anyway. Frozen objects are left to the exit's ordinary
        # clean-up (files are closed, exit handlers run, as before).
        gc.freeze()
