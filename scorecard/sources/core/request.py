"""What a command asks of a source (a request) and what the source did (a report)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class ImportRequest:
    """``scorecard import SOURCE PATH... --into DIR [--roster PATH]...``"""

    paths: list[Path]
    into: Path
    rosters: list[Path] = field(default_factory=list)
    progress: bool = False  # show a progress bar (only on a terminal)
    #: ``--session``: for sources whose files do not say their session (nyassembly)
    sessions: list[str] = field(default_factory=list)


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
    #: ``--committee``: committee votes too (nyassembly)
    committee: bool = False
    #: ``--delay``: seconds between requests, None for the source's default (nyassembly)
    delay: float | None = None


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
