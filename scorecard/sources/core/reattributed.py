"""People in import messages, by name and id; and re-imports that only change identities.

Every warning names a person as ``Pat Smith (ocd-person/...)``, never by id alone
(:func:`labeller`). When a source is imported again after ``identity_overrides.csv`` or
the roster changed who a source id is, its roll calls come back with the same ids and
the same options but other legislator ids: :func:`reattribution_note` counts those rows
and says who became whom, in one note, instead of a warning per roll call.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

import pandas as pd

from ...tables import as_text

#: People named in one note before "and N more".
MAX_NAMED = 8


def labeller(*legislators: pd.DataFrame | None) -> Callable[[str], str]:
    """``label(id)`` -> ``"Pat Smith (id)"`` from the legislators tables given (the first
    that names the id wins), or the id alone when none does."""
    names: dict[str, str] = {}
    for table in legislators:
        if table is None or table.empty:
            continue
        for lid, name in zip(table["legislator_id"].astype(str), table["name"].astype(str),
                             strict=True):
            if name and name != lid:
                names.setdefault(lid, name)

    def label(lid: str) -> str:
        name = names.get(str(lid))
        return f"{name} ({lid})" if name else str(lid)
    return label


def reattribution_note(old_votes: pd.DataFrame | None, new_votes: pd.DataFrame | None,
                       label: Callable[[str], str]) -> str | None:
    """The note for vote rows of roll calls already in the dataset whose legislator
    changed while their options did not (None when there are none)."""
    if old_votes is None or new_votes is None or old_votes.empty or new_votes.empty:
        return None
    again = set(new_votes["rollcall_id"].unique()) & set(old_votes["rollcall_id"].unique())
    if not again:
        return None
    cols = ["rollcall_id", "legislator_id", "option"]
    old = as_text(old_votes[old_votes["rollcall_id"].isin(again)], cols)
    new = as_text(new_votes[new_votes["rollcall_id"].isin(again)], cols)
    # the rows of each side that the other lacks (a re-import that changes nothing has none)
    old_rows = list(zip(*(old[c].tolist() for c in cols), strict=True))
    new_rows = list(zip(*(new[c].tolist() for c in cols), strict=True))
    old_set, new_set = set(old_rows), set(new_rows)
    gone = old[[r not in new_set for r in old_rows]].reset_index(drop=True)
    came = new[[r not in old_set for r in new_rows]].reset_index(drop=True)
    if gone.empty or came.empty:
        return None
    pairs: Counter[tuple[str, str]] = Counter()
    for rid, rows in came.groupby("rollcall_id"):
        before = gone[gone["rollcall_id"] == rid]
        if len(before) != len(rows):
            continue
        for (_, a), (_, b) in zip(before.sort_values("option").iterrows(),
                                  rows.sort_values("option").iterrows(), strict=True):
            if a["option"] == b["option"]:
                pairs[(a["legislator_id"], b["legislator_id"])] += 1
    n = sum(pairs.values())
    if not n:
        return None
    return (f"{n} vote row(s) of roll calls already in the dataset were re-attributed (the "
            "same votes, now under another legislator: identity_overrides.csv or the roster "
            "changed who they are): " + _who(pairs.items(), label) + ".")


def _who(pairs: Iterable[tuple[tuple[str, str], int]], label: Callable[[str], str]) -> str:
    listed = sorted(pairs, key=lambda p: (-p[1], p[0]))
    shown = [f"{label(a)} -> {label(b)} ({k})" for (a, b), k in listed[:MAX_NAMED]]
    more = len(listed) - MAX_NAMED
    return "; ".join(shown) + (f"; and {more} more" if more > 0 else "")
