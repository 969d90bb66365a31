"""What the audit finds: findings with a severity, a plain sentence and the rows behind them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

Severity = Literal["error", "warning", "note"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "note")

#: the columns of data/audit.csv
AUDIT_COLUMNS = ["severity", "check", "rollcall_id", "legislator_id", "message", "rows"]

#: rows named in one finding before "and N more"
MAX_ROWS = 25


def row_refs(file: str, rows: Iterable[int]) -> tuple[str, ...]:
    """``("votes.csv row 12", ...)``: spreadsheet rows (the header is row 1), the first
    MAX_ROWS then "... and N more"; row 0 (a row overrides.csv added) is named so."""
    rows = [int(r) for r in rows]
    out = [f"{file} row {r}" if r > 0 else f"{file} (no row: added by overrides.csv)"
           for r in rows[:MAX_ROWS]]
    if len(rows) > MAX_ROWS:
        out.append(f"... and {len(rows) - MAX_ROWS} more {file} rows")
    return tuple(out)


@dataclass(frozen=True)
class Finding:
    """One thing the audit found. It reports; it never changes the data."""

    severity: Severity
    check: str  # short stable name, e.g. "declared-totals"
    message: str  # a plain sentence
    rows: tuple[str, ...] = ()  # "votes.csv row 12", ...
    rollcall_id: str = ""
    legislator_id: str = ""

    def __str__(self) -> str:
        behind = f" [{'; '.join(self.rows)}]" if self.rows else ""
        return f"{self.severity}: {self.message}{behind}"


@dataclass
class Audit:
    """Every finding of one audit run, in a stable order."""

    findings: list[Finding] = field(default_factory=list)
    scope: str = "scored"  # "scored" (the platform's roll calls) or "all"
    rollcalls: int = 0  # roll calls audited

    def __post_init__(self) -> None:
        rank = {s: i for i, s in enumerate(SEVERITIES)}
        self.findings = sorted(self.findings, key=lambda f: (
            rank[f.severity], f.check, f.rollcall_id, f.legislator_id, f.message))

    def of(self, severity: Severity) -> list[Finding]:
        return [f for f in self.findings if f.severity == severity]

    @property
    def errors(self) -> list[Finding]:
        return self.of("error")

    def counts(self) -> dict[Severity, int]:
        return {s: len(self.of(s)) for s in SEVERITIES}

    def summary(self) -> str:
        """``"Audit of 40 scored roll calls: 0 errors, 2 warnings, 5 notes"``."""
        c = self.counts()
        what = "scored roll calls" if self.scope == "scored" else "roll calls (all)"
        words = ", ".join(f"{n} {s}{'' if n == 1 else 's'}" for s, n in c.items())
        return f"Audit of {self.rollcalls} {what}: {words}"

    def frame(self) -> pd.DataFrame:
        """data/audit.csv: one row per finding."""
        return pd.DataFrame([(f.severity, f.check, f.rollcall_id, f.legislator_id, f.message,
                              "; ".join(f.rows)) for f in self.findings], columns=AUDIT_COLUMNS)
