"""The NY Assembly's own website: per-member Assembly floor (and committee) votes, no key.

Open Legislation has no Assembly floor votes, and Open States' NY Assembly votes of March
2024 to August 2026 repeat one roll call's members on every roll call of a bill voted
more than once (openstates-scrapers issue #5748). The Assembly publishes every roll call,
member by member, on its bill pages; this source reads them:

* ``scorecard fetch nyassembly --into DIR --roster ROSTER [--platform FILE]
  [--session S] [--bill NUMBER]... [--committee] [--delay SECONDS]`` (:mod:`.fetch`)
  fetches the pages politely and keeps them in ``DIR/pages/`` (``A03675-2019.html``);
* ``scorecard import nyassembly PAGE... --into DIR --roster ROSTER [--session S]``
  (:mod:`.convert`) imports saved pages (files or folders).

:mod:`.pages` parses both page layouts, :mod:`.names` resolves the Assembly's short
names to the roster, :mod:`.convert` builds the tables and checks them.
"""

from __future__ import annotations

from pathlib import Path

from ...errors import SourceError
from ..core.finish import Converted, finish
from ..core.people import People
from ..core.request import Command, ImportReport, ImportRequest, Option
from .convert import SOURCE, Parsed, build_tables, notes, read_pages, resolve

__all__ = ["COMMANDS", "import_nyassembly", "import_parsed"]


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


from .fetch import FETCH_OPTIONS, fetch_nyassembly  # noqa: E402  (fetch builds on the above)

COMMANDS = (
    Command("import", SOURCE, import_nyassembly,
            "NY Assembly bill pages saved as HTML (files or a folder)",
            options=(Option("--session", "sessions", "The session of pages not named "
                            "<PRINT>-<YEAR>.html (e.g. 2019).", multiple=True),)),
    Command("fetch", SOURCE, fetch_nyassembly,
            "NY Assembly bill pages (no key): floor votes, kept in DIR/pages/",
            options=FETCH_OPTIONS),
)
