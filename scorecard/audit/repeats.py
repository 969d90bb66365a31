"""Repeated member lists: two roll calls of one bill, or of one chamber on one day, whose
member-by-member votes are identical (a scraper that copied one roll call's members onto
the others, as Open States' NY Assembly votes of 2024-2026 do)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from .findings import Finding, row_refs
from .scope import Scope

#: lists shorter than this are not compared (a small committee can match by chance)
MIN_MEMBERS = 5


def _signatures(votes: pd.DataFrame) -> pd.DataFrame:
    """Per roll call: an order-free hash of its (member, option) pairs (sum and xor of the
    pairs' hashes), its size, and whether it is split (has both a yes and a no)."""
    h = pd.util.hash_pandas_object(votes[["legislator_id", "option"]], index=False).to_numpy(
        dtype=np.uint64)
    codes, ids = pd.factorize(votes["rollcall_id"])
    order = np.argsort(codes, kind="stable")
    sizes = np.bincount(codes, minlength=len(ids))
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    hs = h[order]
    with np.errstate(over="ignore"):
        sig = np.add.reduceat(hs, starts) ^ np.bitwise_xor.reduceat(hs, starts)
    opt = votes["option"].to_numpy()
    yes = np.bincount(codes, weights=(opt == "yes"), minlength=len(ids)) > 0
    no = np.bincount(codes, weights=(opt == "no"), minlength=len(ids)) > 0
    out = pd.DataFrame({"sig": sig, "members": sizes, "split": yes & no},
                       index=pd.Index(ids, name="rollcall_id"))
    return out[out["members"] >= MIN_MEMBERS]


def _same_lists(votes: pd.DataFrame, ids: list[str]) -> list[list[str]]:
    """Groups of ``ids`` whose member lists are exactly equal (the hash only proposes)."""
    lists: dict[frozenset[tuple[str, str]], list[str]] = {}
    for rid in ids:
        v = votes[votes["rollcall_id"] == rid]
        key = frozenset(zip(v["legislator_id"], v["option"], strict=True))
        lists.setdefault(key, []).append(rid)
    return [g for g in lists.values() if len(g) > 1]


def _neighbours(scope: Scope) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The audited roll calls and every roll call sharing a bill or a day with one of them
    (a copy of a scored roll call under a new id is itself unscored), with their votes."""
    if scope.everything:
        return scope.rollcalls, scope.votes
    rc = scope.dataset.rollcalls
    mine = scope.rollcalls
    bills = set(mine.loc[mine["bill_id"] != "", "bill_id"])
    days = set(zip(mine["date"], mine["chamber"], strict=True))
    near = rc["bill_id"].isin(bills) | pd.Series(
        [d in days for d in zip(rc["date"], rc["chamber"], strict=True)], index=rc.index,
        dtype=bool)
    rc = rc[near]
    votes = scope.dataset.votes
    return rc, votes[votes["rollcall_id"].isin(set(rc["rollcall_id"]))]


def repeated_lists(scope: Scope) -> Iterator[Finding]:
    """Roll calls with identical member lists, one finding per set (at least one audited)."""
    rollcalls, all_votes = _neighbours(scope)
    if all_votes.empty:
        return
    audited = set(scope.rollcalls["rollcall_id"])
    sig = _signatures(all_votes)
    rc = rollcalls.set_index("rollcall_id")
    rc = rc.loc[rc.index.intersection(sig.index)]
    table = sig.join(rc[["bill_id", "chamber", "date", "order"]], how="inner")
    seen: set[tuple[str, ...]] = set()
    for label, keys in (("bill", ["bill_id", "chamber"]), ("day", ["date", "chamber"])):
        t = table if label == "day" else table[table["bill_id"] != ""]
        dup = t[t.duplicated([*keys, "sig"], keep=False)]
        for _, g in dup.groupby([*keys, "sig"], sort=True):
            candidates = sorted(g.index)
            votes = all_votes[all_votes["rollcall_id"].isin(candidates)]
            for same in _same_lists(votes, candidates):
                if tuple(same) in seen or not audited.intersection(same):
                    continue
                seen.add(tuple(same))
                first = g.loc[same[0]]
                split = bool(first["split"])
                where = (f"bill {first['bill_id']}" if label == "bill"
                         else f"{scope.platform.chamber_name(str(first['chamber']))} on "
                         f"{first['date']}")
                yield Finding(
                    "warning" if split else "note", "repeated-member-list",
                    f"roll calls {', '.join(same)} ({where}) have identical member-by-member "
                    f"votes ({int(first['members'])} members"
                    + ("; a split vote repeated exactly is almost surely one roll call's "
                       "members copied onto another: check the source" if split else
                       "; all voted alike, which can happen by chance") + ").",
                    row_refs("rollcalls.csv", sorted(int(g.loc[r, "order"]) + 2
                                                     for r in same)),
                    rollcall_id=";".join(same))
