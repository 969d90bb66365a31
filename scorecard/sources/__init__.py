"""Importers and fetchers: each turns one source into the canonical tables.

Every source module exposes one function per command, taking a request object and
returning an :class:`ImportReport`. The command line finds them through the tables
below, so adding a source never touches ``cli.py``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SourceError

#: ``scorecard import SOURCE`` -> "module:function" in this package.
IMPORTERS: dict[str, str] = {
    "ny-mirror": "nymirror:import_ny_mirror",
    "openstates-csv": "openstates:import_openstates_csv",
    "legiscan": "legiscan:import_legiscan",
    "congress": "congress:import_congress",
    "csv": "csvfile:import_csv",
    "roster": "roster:import_roster",
}

#: ``scorecard fetch SOURCE`` -> "module:function" in this package.
FETCHERS: dict[str, str] = {
    "nysenate": "nysenate:fetch_nysenate",
    "openstates": "openstates:fetch_openstates",
    "legiscan": "legiscan:fetch_legiscan",
    "congress": "congress:fetch_congress",
}


@dataclass
class ImportRequest:
    """``scorecard import SOURCE PATH... --into DIR [--roster PATH]...``"""

    paths: list[Path]
    into: Path
    rosters: list[Path] = field(default_factory=list)
    progress: bool = False  # show a progress bar (only on a terminal)


@dataclass
class FetchRequest:
    """``scorecard fetch SOURCE --into DIR [options]``; each source uses what it needs."""

    into: Path
    platform: Path | None = None
    sessions: list[str] = field(default_factory=list)
    bills: list[str] = field(default_factory=list)
    state: str | None = None
    chamber: str | None = None
    year: int | None = None
    rolls: list[int] = field(default_factory=list)
    rosters: list[Path] = field(default_factory=list)
    progress: bool = False


@dataclass
class ImportReport:
    """What an import or fetch did, printed by the command line."""

    source: str
    into: Path
    #: table -> (rows before, rows after)
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: names that could not be resolved to a roster person (kept with a source id)
    unresolved: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _resolve(table: dict[str, str], source: str, verb: str) -> Callable[..., ImportReport]:
    if source not in table:
        raise SourceError(
            f"Unknown source {source!r} for 'scorecard {verb}'. "
            f"Choose one of: {', '.join(sorted(table))}."
        )
    module_name, func = table[source].split(":")
    try:
        module = importlib.import_module(f"{__name__}.{module_name}")
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.endswith(module_name):
            raise SourceError(f"The {source!r} source is not available in this version.") from None
        raise
    return getattr(module, func)


def run_import(source: str, request: ImportRequest) -> ImportReport:
    """Run the importer named ``source``."""
    return _resolve(IMPORTERS, source, "import")(request)


def run_fetch(source: str, request: FetchRequest) -> ImportReport:
    """Run the fetcher named ``source``."""
    return _resolve(FETCHERS, source, "fetch")(request)
