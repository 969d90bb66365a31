"""The rows of Open Legislation data as parsed, before anyone is resolved.

Shared by the API fetcher (:mod:`.api`) and the mirror importer (:mod:`.mirror`), whose
files are a flattened copy of the same data. Plain Python only (no pandas), so that the
mirror's files can be parsed in a process started before pandas is loaded
(:mod:`..core.ahead`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..core.normalise import latest_action, slug

CODES: dict[str, str] = {"AYE": "yes", "AYEWR": "yes", "NAY": "no", "EXC": "excused",
                         "ABS": "absent", "ABD": "abstain"}
BILL_URL = "https://www.nysenate.gov/legislation/bills/{year}/{number}"


#: Open Legislation's bill status types (its BillStatusType), in words.
STATUS_WORDS: dict[str, str] = {
    "INTRODUCED": "Introduced", "IN_ASSEMBLY_COMM": "In Assembly Committee",
    "IN_SENATE_COMM": "In Senate Committee", "ASSEMBLY_FLOOR": "On the Assembly floor calendar",
    "SENATE_FLOOR": "On the Senate floor calendar", "PASSED_ASSEMBLY": "Passed Assembly",
    "PASSED_SENATE": "Passed Senate", "DELIVERED_TO_GOV": "Delivered to Governor",
    "SIGNED_BY_GOV": "Signed by Governor", "VETOED": "Vetoed", "STRICKEN": "Stricken",
    "LOST": "Lost", "SUBSTITUTED": "Substituted", "ADOPTED": "Adopted",
    "POCKET_APPROVAL": "Pocket approval",
}


def bill_status(status: Any, committee: Any,
                actions: list[tuple[Any, Any]]) -> tuple[str, str, str, str]:
    """bills.csv's (status, committee, last_action, last_action_date) of a bill: its
    status type in words (an unknown one as written), the committee it is in (while it is
    in one), and its latest action (:func:`..core.normalise.latest_action`)."""
    code = str(status or "").strip()
    words = STATUS_WORDS.get(code, code.replace("_", " ").capitalize())
    in_committee = code.endswith("_COMM")
    return (words, str(committee or "").strip() if in_committee else "",
            *latest_action(actions))


def rollcall_base(year: int, number: str, kind: str, date: str, committee: str = "") -> str:
    """``ny-senate-2019-A3675-floor-2019-06-17``; committee votes name the committee."""
    where = f"{kind}-{slug(committee)}" if committee else kind
    return f"ny-senate-{year}-{number}-{where}-{date}"


@dataclass
class Parsed:
    """Rows gathered from the bill files, member ids not yet resolved."""

    bills: list[tuple[str, ...]] = field(default_factory=list)
    rollcalls: list[tuple[Any, ...]] = field(default_factory=list)
    rollcall_session: list[str] = field(default_factory=list)
    #: per roll call: (member ids, options, raw codes), in rollcalls order
    votes: list[tuple[list[int], list[str], list[str]]] = field(default_factory=list)
    n_votes: int = 0
    #: (session, date) -> ids of the members voting that day
    days: dict[tuple[str, str], set[int]] = field(default_factory=dict)
    #: session -> member ids whose names are recorded
    named: dict[str, set[int]] = field(default_factory=dict)
    #: (bill_id, member id, role, chamber, session)
    sponsors: list[tuple[str, int, str, str, str]] = field(default_factory=list)
    #: (member id, chamber, session) -> [first vote date, last vote date, names, shorts,
    #: also a sponsor]; the dates are "" for a member seen only as a sponsor
    members: dict[tuple[int, str, str], list[Any]] = field(default_factory=dict)
    sessions: set[str] = field(default_factory=set)
    skipped_assembly: int = 0
    skipped_other: int = 0
    files: int = 0
    latest: str = ""
    problems: list[str] = field(default_factory=list)
    #: bills read, and digests of the files that are not readable bills (the same bill or
    #: the same bad file given twice is read once)
    bill_ids: set[str] = field(default_factory=set)
    digests: set[bytes] = field(default_factory=set)
    #: files skipped or replaced because the same bill was given again
    repeated: int = 0


def widen_dates(member: list[Any], date: str) -> None:
    """Stretch a ``Parsed.members`` entry's first and last vote dates to cover ``date``."""
    if not member[0] or date < member[0]:
        member[0] = date
    if date > member[1]:
        member[1] = date


def see_member(parsed: Parsed, key: tuple[int, str, str], date: str, name: str,
            short: str) -> None:
    """Record a member seen on ``date`` (a vote), or in the session ("": a sponsor)."""
    m = parsed.members.get(key)
    if m is None:
        parsed.members[key] = [date, date, {name}, {short}, not date]
        return
    if date:
        widen_dates(m, date)
    else:
        m[4] = True
    m[2].add(name)
    m[3].add(short)
