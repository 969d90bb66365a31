"""Importers and fetchers: each turns one source into the canonical tables.

Every source module exposes one function per command, taking a request object and
returning an :class:`ImportReport`. The command line finds them through the tables
below, so adding a source never touches ``cli.py``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from ..errors import SourceError
from ..tables import recover_dataset
from .core.request import FetchRequest, ImportReport, ImportRequest

__all__ = ["FetchRequest", "ImportReport", "ImportRequest", "run_fetch", "run_import"]

#: ``scorecard import SOURCE`` -> "module:function" in this package.
IMPORTERS: dict[str, str] = {
    "ny-mirror": "nyopenleg.mirror:import_ny_mirror",
    "openstates-csv": "openstates.bulk:import_openstates_csv",
    "legiscan": "legiscan.dataset:import_legiscan",
    "congress": "congress.source:import_congress",
    "csv": "csvfile:import_csv",
    "roster": "core.roster:import_roster",
}

#: ``scorecard fetch SOURCE`` -> "module:function" in this package.
FETCHERS: dict[str, str] = {
    "nysenate": "nyopenleg.api:fetch_nysenate",
    "openstates": "openstates.bulk:fetch_openstates",
    "legiscan": "legiscan.dataset:fetch_legiscan",
    "congress": "congress.source:fetch_congress",
}


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


def _recovered(report: ImportReport, done: list[str]) -> ImportReport:
    report.warnings[:0] = done
    return report


def run_import(source: str, request: ImportRequest) -> ImportReport:
    """Run the importer named ``source`` (first finishing or undoing an interrupted one)."""
    run = _resolve(IMPORTERS, source, "import")
    done = recover_dataset(request.into)
    return _recovered(run(request), done)


def run_fetch(source: str, request: FetchRequest) -> ImportReport:
    """Run the fetcher named ``source`` (first finishing or undoing an interrupted one)."""
    run = _resolve(FETCHERS, source, "fetch")
    done = recover_dataset(request.into)
    return _recovered(run(request), done)
