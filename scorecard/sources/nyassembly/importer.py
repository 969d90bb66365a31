"""``scorecard import nyassembly``: saved Assembly bill pages into the canonical tables
(also the last step of ``scorecard fetch nyassembly``)."""

from __future__ import annotations

from pathlib import Path

from ...errors import SourceError
from ..core.finish import Converted, finish
from ..core.people import People
from ..core.request import ImportReport, ImportRequest
from .convert import SOURCE, Parsed, build_tables, notes, read_pages, resolve


def import_parsed(parsed: Parsed, people: People, fetched_at: str, label: str,
                  summary: list[str] | None = None) -> ImportReport:
    """Resolve, build, merge and write what :func:`~.convert.read_pages` read."""
    if not parsed.rollcalls:
        return ImportReport(SOURCE, people.into, notes=[*(summary or []), (
            f"{parsed.pages} Assembly page(s) read; none holds a roll call (they say there "
            "are no votes for the bill), so nothing was imported.")])
    resolve(parsed, people)
    meta = {
        "source": "NY Assembly bill pages (nyassembly.gov/leg/)",
        "jurisdiction": "NY",
        "sessions": sorted(parsed.sessions),
        "fetched_at": fetched_at or parsed.latest or None,
        "notes": notes(parsed, people.ledger),
    }
    lines = [*(summary or []), f"{parsed.pages} Assembly page(s), {len(parsed.rollcalls)} "
             f"roll calls, {parsed.n_votes} member votes"]
    if parsed.empty_pages:
        lines.append(f"{len(parsed.empty_pages)} page(s) say there are no votes for the bill "
                     "(nothing to import from them): " + ", ".join(parsed.empty_pages[:10])
                     + (" ..." if len(parsed.empty_pages) > 10 else ""))
    conv = Converted(build_tables(parsed, people), source=SOURCE, label=label, meta=meta,
                     people=people, sessions=sorted(parsed.sessions),
                     warnings=list(parsed.warnings), notes=lines)
    return finish(people.into, conv)


def import_nyassembly(req: ImportRequest) -> ImportReport:
    """``scorecard import nyassembly PAGE... --into DIR --roster ROSTER [--session S]``."""
    if not req.paths:
        raise SourceError("Give the saved pages: scorecard import nyassembly pages/ --into "
                          "votes/ny --roster people/data/ny")
    people = People(SOURCE, Path(req.into), list(req.rosters), required=True, cache=True)
    parsed = read_pages(req.paths, list(req.options.get("sessions") or []))
    return import_parsed(parsed, people, "", ", ".join(map(str, req.paths)))
