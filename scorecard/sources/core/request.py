"""What a command asks of a source (a request), what the source did (a report), and the
helpers every fetcher uses to read its request."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ...errors import SourceError
from ...model import base_print


@dataclass
class ImportRequest:
    """``scorecard import SOURCE PATH... --into DIR [--roster PATH]...``"""

    paths: list[Path]
    into: Path
    rosters: list[Path] = field(default_factory=list)
    progress: bool = False  # show a progress bar (only on a terminal)
    #: the source's own options (see :class:`Option`), by dest
    options: dict[str, Any] = field(default_factory=dict)


@dataclass
class FetchRequest:
    """``scorecard fetch SOURCE --into DIR [--platform FILE] [--session S] [--bill N]...``
    and the source's own options (:attr:`options`, by their :attr:`Option.dest`)."""

    into: Path
    platform: Path | None = None
    sessions: list[str] = field(default_factory=list)
    bills: list[str] = field(default_factory=list)
    rosters: list[Path] = field(default_factory=list)
    progress: bool = False
    options: dict[str, Any] = field(default_factory=dict)

    def option(self, dest: str) -> Any:
        """The value of one of the source's own options (None when not given)."""
        return self.options.get(dest)


@dataclass(frozen=True)
class Option:
    """A command-line option a source adds to ``scorecard import`` or ``fetch``.

    The command line turns it into a click option; its value reaches the source as
    ``request.options[dest]``. Two sources may declare the same option (``--state``) if
    they declare it the same way.
    """

    flag: str  # "--chamber"
    dest: str  # "chamber"
    help: str
    type: type = str
    choices: tuple[str, ...] = ()
    multiple: bool = False
    #: an on/off switch (``--committee``): True when given, else None
    is_flag: bool = False


@dataclass(frozen=True)
class Command:
    """One ``scorecard import SOURCE`` or ``scorecard fetch SOURCE`` a source provides.

    A source module (or package ``__init__``) lists its commands in ``COMMANDS``; the
    registry (:mod:`scorecard.sources`) finds them, and the command line lists ``summary``
    (one line) in its help. ``run`` names the function as ``"module:function"``, relative
    to :mod:`scorecard.sources` (``"nyopenleg.mirror:import_ny_mirror"``): it is imported
    only when the command runs, so ``scorecard --help`` and every other source's command
    never load a source's code (pandas, requests...). Keep ``COMMANDS`` where importing is
    cheap: a package's ``__init__`` that imports nothing else.
    """

    verb: Literal["import", "fetch"]
    name: str
    run: str
    summary: str
    options: tuple[Option, ...] = ()

    def load(self) -> Callable[..., ImportReport]:
        """The function ``run`` names, imported now."""
        module, _, function = self.run.partition(":")
        found: Callable[..., ImportReport] = getattr(
            importlib.import_module(f"scorecard.sources.{module}"), function)
        return found


#: ``--state``, for the fetchers that ask an API about one state.
STATE = Option("--state", "state", "State code for Open States and LegiScan, e.g. NY.")


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


def wanted_bills(req: FetchRequest, source: str,
                whole_session: str) -> tuple[str, list[tuple[str, str]]]:
    """The state and the (session, number) pairs a fetch asks for (``whole_session``: how
    to get every bill of a session instead, for the message when none is named)."""
    from ...platform import load_platform  # pydantic: only when a fetch runs

    platform = load_platform(req.platform) if req.platform else None
    state = (req.option("state") or (platform.model.jurisdiction if platform else "")
             or "").strip()
    if not re.fullmatch(r"[A-Za-z]{2}", state) or state.upper() == "US":
        raise SourceError(f"Give the state: scorecard fetch {source} --state NY ... (or a "
                          "--platform whose jurisdiction is a state).")
    wanted: list[tuple[str, str]] = []
    for session, numbers in platform_bills(req.platform):
        if session and (not req.sessions or session in req.sessions):
            wanted += [(session, n) for n in numbers]
    if req.bills:
        if not req.sessions:
            raise SourceError("--bill needs --session (e.g. --session 2023-2024 --bill S1747).")
        wanted += [(s, base_print(b)) for s in req.sessions for b in req.bills]
    if not wanted:
        raise SourceError(
            "Say which bills to fetch: --platform platform.yaml, or --session S --bill N. "
            + whole_session)
    return state.lower(), list(dict.fromkeys(wanted))


def none_fetched(origin: str, state: str, missing: list[str]) -> SourceError:
    """The error when a source has none of the bills asked for (``missing``)."""
    return SourceError(f"{origin} has none of the bills asked for in {state.upper()} ("
                       + ", ".join(missing[:10]) + "). Check the numbers and --session; "
                       "nothing was written.")


def warn_missing(report: ImportReport, origin: str, missing: list[str]) -> ImportReport:
    """``report``, warning of the bills asked for that ``origin`` does not have."""
    if missing:
        report.warnings.append(f"{origin} has no bill " + ", ".join(missing) + "; check the "
                               "numbers and sessions in the platform.")
    return report


def platform_bills(path: Path | None) -> list[tuple[str, list[str]]]:
    """(session, print numbers) of every bill entry of the platform at ``path`` (none
    without one): what ``fetch --platform`` asks for."""
    if path is None:
        return []
    from ...platform import load_platform  # pydantic: only when a fetch runs

    return [(e.entry.session or "", list(e.entry.numbers))
            for e in load_platform(path).bill_entries()]
