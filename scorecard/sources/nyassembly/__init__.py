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
from ..core.identity import OVERRIDES_FILE, load_overrides
from ..core.ledger import merged_notes, need_roster, write_ledger_import
from ..core.request import ImportReport, ImportRequest
from ..core.roster import load_roster
from .convert import SOURCE, Parsed, build_tables, notes, read_pages, resolve
from .names import AssemblyResolver

__all__ = ["import_nyassembly", "import_parsed"]


def import_parsed(parsed: Parsed, into: Path, rosters: list[Path], fetched_at: str,
                  what: str) -> ImportReport:
    """Resolve, build, merge and write what :func:`~.convert.read_pages` read."""
    if not parsed.rollcalls:
        return ImportReport(SOURCE, Path(into), notes=[
            f"{parsed.pages} Assembly page(s) read; none holds a roll call (they say there "
            "are no votes for the bill), so nothing was imported."])
    roster = load_roster(rosters, cache_dir=Path(into) / ".cache")
    resolver = AssemblyResolver(roster, load_overrides(Path(into) / OVERRIDES_FILE, roster))
    ledger = resolve(parsed, resolver)
    tables = build_tables(parsed, ledger, resolver)
    meta = {
        "source": "NY Assembly bill pages (nyassembly.gov/leg/)",
        "jurisdiction": "NY",
        "sessions": sorted(parsed.sessions),
        "fetched_at": fetched_at or parsed.latest or None,
        "notes": merged_notes(into, SOURCE, notes(parsed, ledger)),
    }
    summary = (f"{parsed.pages} Assembly page(s), {len(parsed.rollcalls)} roll calls, "
               f"{parsed.n_votes} member votes")
    more = []
    if parsed.empty_pages:
        more.append(f"{len(parsed.empty_pages)} page(s) say there are no votes for the bill "
                    "(nothing to import from them): " + ", ".join(parsed.empty_pages[:10])
                    + (" ..." if len(parsed.empty_pages) > 10 else ""))
    report = write_ledger_import(Path(into), SOURCE, tables, meta, ledger, summary, more)
    report.warnings = parsed.warnings + report.warnings
    return report


def import_nyassembly(req: ImportRequest) -> ImportReport:
    """``scorecard import nyassembly PAGE... --into DIR --roster ROSTER [--session S]``."""
    if not req.paths:
        raise SourceError("Give the saved pages: scorecard import nyassembly pages/ --into "
                          "votes/ny --roster people/data/ny")
    need_roster(req.rosters)
    parsed = read_pages(req.paths, req.sessions)
    return import_parsed(parsed, req.into, req.rosters, "", ", ".join(map(str, req.paths)))
