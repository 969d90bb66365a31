"""Where a bill stands, in words, from bills.csv's optional columns (status, committee,
last_action, last_action_date): the bill page's "Status" and the workbook's Bills sheet."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..model import BILL_STATUS
from ..selection import named_prints

if TYPE_CHECKING:
    from ..build import Scorecard


def bill_statuses(card: Scorecard) -> dict[tuple[str, str], str]:
    """(session, number) -> where the bill stands, in words, for the platform's bills
    whose source recorded it (bills.csv's optional status, committee, last_action,
    last_action_date)."""
    if not any(c in card.dataset.bills.columns for c in BILL_STATUS):
        return {}
    b = card.dataset.bills_named(named_prints(card.platform))
    cols = [b[c].fillna("").astype(str) if c in b.columns else [""] * len(b)
            for c in ("session", "number", *BILL_STATUS)]
    out = {}
    for session, number, status, committee, action, date in zip(*cols, strict=True):
        line = status_line(status.strip(), committee.strip(), action.strip(), date.strip())
        if line:
            out[(session, number)] = line
    return out


def entry_statuses(statuses: dict[tuple[str, str], str], session: str,
                   numbers: Iterable[str]) -> list[tuple[str, str]]:
    """(print number, where it stands) of an entry's prints that the data says it of."""
    return [(n, statuses[(session, n)]) for n in dict.fromkeys(numbers)
            if (session, n) in statuses]


def status_line(status: str, committee: str, action: str, date: str) -> str:
    """``In Assembly Committee (Ways And Means); last action 2024-05-16: REFERRED TO ...``"""
    where = f"{status} ({committee})" if status and committee else status or committee
    last = ": ".join(x for x in (f"last action {date}" if date else "", action) if x)
    if last and not date:
        last = f"last action: {action}"
    return "; ".join(x for x in (where, last) if x)
