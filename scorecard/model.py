"""The canonical vote tables (DESIGN.md section 2) and the closed vocabularies.

Every importer writes exactly these tables; scoring never knows where data came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

#: Vote options, after every source's own codes are mapped once, at import.
OPTIONS: Final = ("yes", "no", "absent", "excused", "abstain", "not voting", "paired", "other")
#: Options that are cast votes (they count towards participation).
CAST: Final = frozenset({"yes", "no"})
#: Options governed by the ``scoring.absent`` rule.
ABSENT_LIKE: Final = frozenset({"absent", "not voting", "abstain"})
#: Options governed by the ``scoring.excused`` rule.
EXCUSED_LIKE: Final = frozenset({"excused", "paired", "other"})

MOTION_TYPES: Final = ("passage", "committee", "amendment", "procedural", "nomination", "other")
CHAMBERS: Final = ("upper", "lower")
SPONSOR_ROLES: Final = ("primary", "cosponsor")

#: file stem -> columns, in order. Every dataset folder holds these CSV files.
TABLES: Final[dict[str, tuple[str, ...]]] = {
    "legislators": (
        "legislator_id", "name", "sort_name", "party", "chamber", "district",
        "start_date", "end_date", "url",
    ),
    "bills": ("bill_id", "session", "number", "title", "same_as", "url"),
    "rollcalls": (
        "rollcall_id", "bill_id", "chamber", "date", "motion", "motion_type", "committee",
        "result", "yes", "no", "other", "source_url",
    ),
    "votes": ("rollcall_id", "legislator_id", "option", "raw"),
    "sponsors": ("bill_id", "legislator_id", "role"),
    "overrides": ("rollcall_id", "legislator_id", "option", "note"),
    # the right of reply (optional, hand-made): see votes/README.md
    "replies": ("legislator_id", "rollcall_id", "bill", "date", "reply", "decision"),
    "corrections": ("date", "legislator_id", "what", "why"),
    "contacts": ("legislator_id", "email", "address"),
}

#: Columns a table may have after its own (DESIGN.md section 7), in this order. A file or
#: a source that has them keeps them through every read, merge and write; none is required.
OPTIONAL_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "bills": ("status", "committee", "last_action", "last_action_date"),
}
#: Where a bill stands, as its source last said: these optional bills.csv columns travel
#: together (the row with the later ``last_action_date`` gives all four).
BILL_STATUS: Final = OPTIONAL_COLUMNS["bills"]
#: Columns an importer adds to its tables for the merge; never written to a file.
PRIVATE_COLUMNS: Final = frozenset({"_chamber", "_session", "_from_votes"})


def columns(name: str, present: Iterable[str]) -> list[str]:
    """The columns ``name``'s file is written with, given the columns ``present`` in its
    rows: the table's own, then its optional ones present, then any other column a user
    added (kept, in the order first seen; the scorecard does not use them)."""
    own = TABLES[name]
    seen = [c for c in dict.fromkeys(present) if c not in own and c not in PRIVATE_COLUMNS]
    optional = [c for c in OPTIONAL_COLUMNS.get(name, ()) if c in seen]
    return [*own, *optional, *(c for c in seen if c not in optional)]


#: decisions on a legislator's reply (replies.csv)
DECISIONS: Final = ("noted", "corrected")

#: Tables a dataset must have; the others may be absent (read as empty).
REQUIRED_TABLES: Final = ("legislators", "bills", "rollcalls", "votes")

#: Columns that uniquely identify a row (used by checks and by merging imports).
KEYS: Final[dict[str, tuple[str, ...]]] = {
    "legislators": ("legislator_id", "chamber", "district", "start_date"),
    "bills": ("bill_id",),
    "rollcalls": ("rollcall_id",),
    "votes": ("rollcall_id", "legislator_id"),
    "sponsors": ("bill_id", "legislator_id", "role"),
    "overrides": ("rollcall_id", "legislator_id"),
    "replies": ("legislator_id", "rollcall_id", "bill", "date"),
    "corrections": ("date", "legislator_id", "what"),
    "contacts": ("legislator_id",),
}

#: Columns that must not be empty.
REQUIRED_VALUES: Final[dict[str, tuple[str, ...]]] = {
    "legislators": ("legislator_id", "name", "chamber"),
    "bills": ("bill_id", "session", "number"),
    "rollcalls": ("rollcall_id", "chamber", "date", "motion_type"),
    "votes": ("rollcall_id", "legislator_id", "option"),
    "sponsors": ("bill_id", "legislator_id", "role"),
    "overrides": ("rollcall_id", "legislator_id", "option"),
    "replies": ("legislator_id", "date", "reply", "decision"),
    "corrections": ("date", "what", "why"),
    "contacts": ("legislator_id",),
}

#: Date columns (ISO 8601, YYYY-MM-DD); end_date may be empty.
DATE_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "legislators": ("start_date", "end_date"),
    "bills": ("last_action_date",),
    "rollcalls": ("date",),
    "replies": ("date",),
    "corrections": ("date",),
}

#: Integer columns (may be empty when the source declared no total).
INT_COLUMNS: Final[dict[str, tuple[str, ...]]] = {"rollcalls": ("yes", "no", "other")}

DATASET_META: Final = "dataset.yaml"
#: Files imports leave in a dataset for the audit: names not matched to the roster, and
#: roll calls two sources disagree on.
UNRESOLVED_FILE: Final = "unresolved.csv"
DISAGREEMENTS_FILE: Final = "disagreements.csv"
DATASET_META_KEYS: Final = ("source", "jurisdiction", "sessions", "fetched_at", "notes")


def session_years(session: str) -> tuple[int, int] | None:
    """``"2023-2024"`` -> (2023, 2024); ``"2019"`` -> (2019, 2019); ``"116"`` -> None."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", str(session).strip())
    return (int(m.group(1)), int(m.group(2) or m.group(1))) if m else None


def bill_id(session: str, number: str) -> str:
    """The canonical bill id: ``<session>/<number>``, e.g. ``2019-2020/S1747``."""
    return f"{session}/{number}"


def base_print(number: str) -> str:
    """A print number without its amendment letter: ``S1747B`` -> ``S1747``.

    Also removes spaces (``S 1747`` -> ``S1747``) and upper-cases the prefix.
    """
    n = number.replace(" ", "").upper()
    i = len(n)
    while i > 0 and n[i - 1].isalpha() and any(c.isdigit() for c in n[:i - 1]):
        i -= 1
    return n[:i]
