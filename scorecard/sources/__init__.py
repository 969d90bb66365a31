"""Importers and fetchers: each turns one source into the canonical tables.

The registry. Every module or package in this folder except ``core`` is a source and
lists its commands in ``COMMANDS`` (:class:`~.core.request.Command`: the verb, the
source's name, the function taking a request and returning an :class:`ImportReport`,
a one-line summary and the source's own options). The command line learns of sources
only from here, so adding a source never touches ``cli.py``: see
docs/adding-a-source.md.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from ..destinations import dataset_folder
from ..errors import SourceError
from .core.request import Command, FetchRequest, ImportReport, ImportRequest, Option

__all__ = ["Command", "FetchRequest", "ImportReport", "ImportRequest", "Option", "commands",
           "options", "run_fetch", "run_import"]


@cache
def _all() -> tuple[Command, ...]:
    found: list[Command] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name == "core" or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        found += getattr(module, "COMMANDS", ())
    seen: dict[tuple[str, str], Command] = {}
    for c in found:
        if (c.verb, c.name) in seen:
            raise RuntimeError(f"two sources register 'scorecard {c.verb} {c.name}'")
        seen[(c.verb, c.name)] = c
    return tuple(sorted(found, key=lambda c: (c.verb, c.name)))


def commands(verb: str) -> dict[str, Command]:
    """``scorecard <verb> SOURCE``: source name -> its command, in name order."""
    return {c.name: c for c in _all() if c.verb == verb}


def options(verb: str) -> list[Option]:
    """Every source option of ``verb``, once each (two sources may share one)."""
    out: dict[str, Option] = {}
    for c in commands(verb).values():
        for o in c.options:
            if out.setdefault(o.dest, o) != o:
                raise RuntimeError(f"sources declare {o.flag} differently")
    return list(out.values())


def _command(verb: str, source: str) -> Command:
    table = commands(verb)
    if source not in table:
        raise SourceError(f"Unknown source {source!r} for 'scorecard {verb}'. "
                          f"Choose one of: {', '.join(table)}.")
    return table[source]


def _recovered(report: ImportReport, done: list[str]) -> ImportReport:
    report.warnings[:0] = done
    return report


def run_import(source: str, request: ImportRequest) -> ImportReport:
    """Run the importer named ``source``: check that ``--into`` may be written, then
    finish or undo an interrupted import there, then import."""
    from ..staging import recover_dataset

    run = _command("import", source).load()
    with dataset_folder(request.into):
        done = recover_dataset(request.into)
        return _recovered(run(request), done)


def run_fetch(source: str, request: FetchRequest) -> ImportReport:
    """Run the fetcher named ``source`` (the same checks and recovery as an import)."""
    from ..staging import recover_dataset

    run = _command("fetch", source).load()
    with dataset_folder(request.into):
        done = recover_dataset(request.into)
        return _recovered(run(request), done)
