"""People in import messages, by name and id; and re-imports that only change identities.

Every warning names a person as ``Pat Smith (ocd-person/...)``, never by id alone
(:func:`labeller`). When a source is imported again after ``identity_overrides.csv`` or
the roster changed who a source id is, its roll calls come back with the same ids and
the same options but other legislator ids: :func:`reattribution_note` counts those rows
and says who became whom, in one note, instead of a warning per roll call; and
:func:`drop_reattributed` takes out of legislators.csv the rows of an id that the
re-import left with no vote and no sponsorship (otherwise it stayed listed as a member
who held the seat and never voted: a phantom beside the person it became).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable

import numpy as np
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


def reattributed(old_votes: pd.DataFrame | None,
                 new_votes: pd.DataFrame | None) -> Counter[tuple[str, str]]:
    """(old legislator, new legislator) -> vote rows of roll calls already in the dataset
    whose legislator changed while their options did not."""
    pairs: Counter[tuple[str, str]] = Counter()
    if old_votes is None or new_votes is None or old_votes.empty or new_votes.empty:
        return pairs
    again = set(new_votes["rollcall_id"].unique()) & set(old_votes["rollcall_id"].unique())
    if not again:
        return pairs
    cols = ["rollcall_id", "legislator_id", "option"]
    old = as_text(old_votes[old_votes["rollcall_id"].isin(again)], cols)
    new = as_text(new_votes[new_votes["rollcall_id"].isin(again)], cols)
    # the rows of each side that the other lacks (a re-import that changes nothing has none)
    gone_mask, came_mask = _unmatched(old, new, cols)
    gone = old[gone_mask].reset_index(drop=True)
    came = new[came_mask].reset_index(drop=True)
    if gone.empty or came.empty:
        return pairs
    before_by = dict(iter(gone.groupby("rollcall_id")))
    for rid, rows in came.groupby("rollcall_id"):
        before = before_by.get(rid)
        if before is None or len(before) != len(rows):
            continue
        a, b = before.sort_values("option"), rows.sort_values("option")
        for a_opt, a_lid, b_opt, b_lid in zip(a["option"].tolist(), a["legislator_id"].tolist(),
                                              b["option"].tolist(), b["legislator_id"].tolist(),
                                              strict=True):
            if a_opt == b_opt:
                pairs[(a_lid, b_lid)] += 1
    return pairs


def reattribution_note(pairs: Counter[tuple[str, str]],
                       label: Callable[[str], str]) -> str | None:
    """The note for the re-attributed vote rows (None when there are none)."""
    n = sum(pairs.values())
    if not n:
        return None
    return (f"{n} vote row(s) of roll calls already in the dataset were re-attributed (the "
            "same votes, now under another legislator: identity_overrides.csv or the roster "
            "changed who they are): " + _who(pairs.items(), label) + ".")


def moved_sponsors(old: pd.DataFrame, new: pd.DataFrame,
                   pairs: Iterable[tuple[str, str]]) -> pd.DataFrame:
    """``old`` sponsors without the rows this import moved to another legislator: a bill's
    sponsor row under an id whose votes were re-attributed, when the import lists the
    same bill under the id they went to. (Sponsors are otherwise united across sources,
    so the old row would stay beside the new one: one sponsorship counted twice.)"""
    moves = pd.DataFrame(list(pairs), columns=["legislator_id", "_to"])
    if old.empty or new.empty or moves.empty:
        return old
    hit = old[["bill_id", "legislator_id"]].reset_index().merge(moves, on="legislator_id")
    listed = set(zip(new["bill_id"].astype(str), new["legislator_id"].astype(str),
                     strict=True))
    drop = [i for i, bill, to in zip(hit["index"], hit["bill_id"].astype(str),
                                     hit["_to"].astype(str), strict=True)
            if (bill, to) in listed]
    return old.drop(index=drop) if drop else old


def _ids(*tables: pd.DataFrame | None) -> set[str]:
    return {str(i) for t in tables if t is not None and not t.empty
            for i in t["legislator_id"].unique()}


def drop_reattributed(legislators: pd.DataFrame, old: dict[str, pd.DataFrame | None],
                      merged: dict[str, pd.DataFrame], imported: pd.DataFrame | None,
                      roster_ids: Collection[str], label: Callable[[str], str],
                      ) -> tuple[pd.DataFrame, str | None]:
    """``legislators`` without the ids that had votes or sponsorships before this import
    and have none after it, unless this import gives them a row or they are people of
    the roster it was given (a roster lists who held a seat, voting or not); and the
    note naming them (None when there are none). A fresh import of the same inputs
    would not list them either; people with no votes from the start are kept."""
    before = _ids(old.get("votes"), old.get("sponsors"))
    after = _ids(merged.get("votes"), merged.get("sponsors"))
    gone = sorted(before - after - _ids(imported) - set(roster_ids))
    if not gone:
        return legislators, None
    keep = ~legislators["legislator_id"].astype(str).isin(gone)
    shown = ", ".join(label(i) for i in gone[:MAX_NAMED])
    more = f" and {len(gone) - MAX_NAMED} more" if len(gone) > MAX_NAMED else ""
    return legislators[keep].reset_index(drop=True), (
        f"{len(gone)} legislator(s) left legislators.csv: every vote and sponsorship they "
        f"had is now under another legislator ({shown}{more}).")


def _unmatched(a: pd.DataFrame, b: pd.DataFrame,
               cols: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Which rows of ``a`` have no row of ``b`` with the same values in ``cols``, and which
    rows of ``b`` none of ``a``: one integer code per row (the columns factorized
    together), compared as arrays."""
    n = len(a)
    key = np.zeros(n + len(b), dtype=np.int64)
    width = 1.0
    for col in cols:
        codes, uniques = pd.factorize(np.concatenate([a[col].to_numpy(dtype=object),
                                                      b[col].to_numpy(dtype=object)]))
        width *= len(uniques) + 1
        if width >= 2.0**62:  # the combined code would overflow: compare row tuples
            rows_a = list(zip(*(a[c].tolist() for c in cols), strict=True))
            rows_b = list(zip(*(b[c].tolist() for c in cols), strict=True))
            set_a, set_b = set(rows_a), set(rows_b)
            return (np.array([r not in set_b for r in rows_a], dtype=bool),
                    np.array([r not in set_a for r in rows_b], dtype=bool))
        key = key * (len(uniques) + 1) + codes
    return ~np.isin(key[:n], key[n:]), ~np.isin(key[n:], key[:n])


def _who(pairs: Iterable[tuple[tuple[str, str], int]], label: Callable[[str], str]) -> str:
    listed = sorted(pairs, key=lambda p: (-p[1], p[0]))
    shown = [f"{label(a)} -> {label(b)} ({k})" for (a, b), k in listed[:MAX_NAMED]]
    more = len(listed) - MAX_NAMED
    return "; ".join(shown) + (f"; and {more} more" if more > 0 else "")
