"""Importers and fetchers: each turns one source into the canonical tables.

Every source module exposes one function per command, taking a request object and
returning an :class:`ImportReport`. The command line finds them through the tables
below, so adding a source never touches ``cli.py``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from ..destinations import dataset_folder
from ..errors import SourceError
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


def run_import(source: str, request: ImportRequest) -> ImportReport:
    """Run the importer named ``source`` (after checking that ``--into`` may be written)."""
    run = _resolve(IMPORTERS, source, "import")
    with dataset_folder(request.into):
        return run(request)


def run_fetch(source: str, request: FetchRequest) -> ImportReport:
    """Run the fetcher named ``source`` (after checking that ``--into`` may be written)."""
    run = _resolve(FETCHERS, source, "fetch")
    with dataset_folder(request.into):
        return run(request)
