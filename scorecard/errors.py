"""Typed errors and the problem collector.

Every error the user can fix is a :class:`ScorecardError`, a ``click.ClickException``:
the command line prints its message (no traceback) and exits with status 1.
Loaders collect every :class:`Problem` they find, then raise once, so a user sees
all the mistakes in a file at the same time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import click

from .safetext import for_terminal

Severity = Literal["error", "warning"]


class ScorecardError(click.ClickException):
    """An input or data problem the user can fix. Exit status 1, no traceback."""

    exit_code = 1

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []

    def format_message(self) -> str:
        """The message as printed: data quoted in it (names, archive members) cannot
        carry terminal escape sequences."""
        return for_terminal(self.message)


class PlatformError(ScorecardError):
    """platform.yaml is missing, does not parse, or breaks the schema."""


class DataError(ScorecardError):
    """A dataset (the canonical vote tables) is missing, malformed or inconsistent."""


class SourceError(ScorecardError):
    """An importer or fetcher could not read its source."""


@dataclass(frozen=True)
class Problem:
    """One finding about one place in one file."""

    file: str
    message: str
    where: str = ""  # "line 12", "row 7", "key sections[0].id (line 4)"
    severity: Severity = "error"

    def __str__(self) -> str:
        place = f"{self.file}, {self.where}" if self.where else self.file
        return f"{place}: {self.message}"


@dataclass
class Problems:
    """Collects errors and warnings; raises them all at once."""

    items: list[Problem] = field(default_factory=list)

    def error(self, file: str, message: str, where: str = "") -> None:
        self.items.append(Problem(file, message, where, "error"))

    def warn(self, file: str, message: str, where: str = "") -> None:
        self.items.append(Problem(file, message, where, "warning"))

    def extend(self, other: Problems) -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def raise_if_errors(
        self, kind: type[ScorecardError], what: str, strict: bool = False
    ) -> None:
        """Raise ``kind`` listing every error (and, with ``strict``, every warning), then
        the warnings too, so that one run shows everything to fix, each once."""
        fatal = self.items if strict else self.errors
        if not fatal:
            return
        n = len(fatal)
        label = "problem" if n == 1 else "problems"
        lines = [f"{what}: {n} {label} found (nothing was written)."]
        lines += [f"  - {p}" for p in fatal]
        if strict and any(p.severity == "warning" for p in fatal):
            lines.append("  (--strict turns warnings into errors; drop it to build anyway.)")
        rest = [p for p in self.items if p not in fatal]
        if rest:
            lines.append(f"Also {len(rest)} warning{'s' if len(rest) > 1 else ''}:")
            lines += [f"  - {p}" for p in rest]
        raise kind("\n".join(lines), fatal + rest)
