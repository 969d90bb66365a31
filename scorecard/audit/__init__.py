"""The data audit: what a reader should know before trusting a score.

``run_audit`` checks the scored roll calls (or, with ``everything``, the whole dataset)
and returns an :class:`Audit`: findings with a severity (error, warning, note), a plain
sentence and the rows behind each. Every build runs it (data/audit.csv, the methodology's
"Audit" section, the workbook's Audit sheet); ``scorecard audit`` prints it. The audit
reports; it never changes the data.

Checks, one module per group: :mod:`.tallies` (declared totals, voters against seats),
:mod:`.seats` (no record, no seat, one person twice), :mod:`.repeats` (repeated member
lists), :mod:`.coverage` (platform, roster, unresolved names, overrides, sources),
:mod:`.replies` (the right of reply: a correction must be backed by an override).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from . import coverage, repeats, replies, seats, tallies
from .findings import AUDIT_COLUMNS, SEVERITIES, Audit, Finding, Severity
from .scope import Scope, audit_scope

if TYPE_CHECKING:
    from ..dataset import Dataset
    from ..platform import Platform
    from ..scoring import Scores

#: checks that read only the scope (the seat checks share one join, below)
CHECKS: list[Callable[[Scope], Iterable[Finding]]] = [
    tallies.declared_totals, seats.same_person_twice, repeats.repeated_lists,
    coverage.idle_entries, coverage.roster_gaps, coverage.unresolved_names,
    coverage.idle_overrides, coverage.source_disagreements, replies.replies_backed,
]


def run_audit(platform: Platform, dataset: Dataset, scores: Scores,
              everything: bool = False) -> Audit:
    """Every finding about the scored roll calls (``everything``: about all of them)."""
    scope = audit_scope(platform, dataset, scores, everything)
    found: list[Finding] = []
    held = seats.match_seats(scope)
    found += tallies.voters_and_seats(scope, held)
    found += seats.no_record(scope, held)
    found += seats.no_seat(scope, held)
    for check in CHECKS:
        found += check(scope)
    return Audit(found, scope="all" if everything else "scored",
                 rollcalls=len(scope.rollcalls))


__all__ = ["AUDIT_COLUMNS", "SEVERITIES", "Audit", "Finding", "Severity", "run_audit"]
