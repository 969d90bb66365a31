"""Roll-call totals: the member votes against the totals the source declared, and against
the chamber's seats that day (more voters than seats is an error)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from ..checks import describe_differences
from .findings import Finding, row_refs
from .scope import Scope
from .seats import Seats


def declared_totals(scope: Scope) -> Iterator[Finding]:
    """A roll call whose declared yes/no/other totals differ from its member votes."""
    rc = scope.rollcalls.reset_index(drop=True)
    j = scope.vote_rollcall()
    on = j >= 0

    def count(mask: np.ndarray) -> np.ndarray:
        return np.bincount(j[on & mask], minlength=len(rc))

    yes, no = scope.codes.chose("yes"), scope.codes.chose("no")
    diffs = describe_differences(rc, {"yes": count(yes), "no": count(no),
                                      "other": count(~yes & ~no)})
    for i in np.flatnonzero((diffs != "").to_numpy()):
        rid = str(rc.at[i, "rollcall_id"])
        yield Finding(
            "warning", "declared-totals",
            f"roll call {rid}: {diffs.iat[i]}. The source's count and its member list "
            "disagree: check the member votes against the official record (an override "
            "can correct a member's vote).",
            row_refs("rollcalls.csv", [int(rc.at[i, "order"]) + 2]), rollcall_id=rid)


def voters_and_seats(scope: Scope, seats: Seats) -> Iterator[Finding]:
    """More member votes on a roll call than members held seats in its chamber that day."""
    rc = scope.rollcalls
    for i in np.flatnonzero(seats.voters > seats.held):
        info = rc.iloc[i]
        chamber = scope.platform.chamber_name(str(info["chamber"]))
        yield Finding(
            "error", "more-voters-than-seats",
            f"roll call {info['rollcall_id']}: {seats.voters[i]} member votes, but only "
            f"{seats.held[i]} members held a seat in the {chamber} on {info['date']} "
            "(legislators.csv). Some votes belong to another roll call or chamber, or the "
            "roster's term dates are wrong.",
            row_refs("rollcalls.csv", [int(info["order"]) + 2]),
            rollcall_id=str(info["rollcall_id"]))
