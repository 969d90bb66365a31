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


def _neighbours(scope: Scope) -> np.ndarray:
    """Which rows of the dataset's roll calls to compare: the audited ones and every roll
    call sharing a bill or a day with one of them (a copy of a scored roll call under a
    new id is itself unscored)."""
    rc = scope.dataset.rollcalls
    if scope.everything:
        return np.ones(len(rc), dtype=bool)
    mine = scope.rollcalls
    bills = set(mine.loc[mine["bill_id"] != "", "bill_id"])
    days = set(zip(mine["date"], mine["chamber"], strict=True))
    on_day = rc["date"].isin({d for d, _ in days}).to_numpy(dtype=bool, copy=True)
    at = np.flatnonzero(on_day)  # then the chamber, of the roll calls of those dates only
    on_day[at] = [d in days for d in zip(rc["date"].to_numpy(dtype=object)[at],
                                         rc["chamber"].to_numpy(dtype=object)[at],
                                         strict=True)]
    return rc["bill_id"].isin(bills).to_numpy(dtype=bool) | on_day


def _party_codes(scope: Scope) -> np.ndarray:
    """Per person (``all_codes.people``): a code of the party of their last role in
    legislators.csv (no party: a party of its own, "")."""
    legs = scope.dataset.legislators.drop_duplicates("legislator_id", keep="last")
    party = pd.Series(legs["party"].to_numpy(dtype=object),
                      index=legs["legislator_id"].to_numpy(dtype=object))
    codes, _ = pd.factorize(party.reindex(scope.all_codes.people).fillna("").to_numpy(
        dtype=object))
    return np.asarray(codes, dtype=np.int64)


def _compared_votes(scope: Scope, near: np.ndarray) -> np.ndarray:
    """Per vote: whether its roll call is one of ``near``."""
    return np.append(near, False)[scope.all_codes.rollcall]  # position -1: no roll call


def _lists(scope: Scope, mask: np.ndarray) -> tuple[pd.DataFrame, np.ndarray]:
    """Per compared roll call with votes: its rollcalls.csv fields, an order-free hash of
    its (member, option) pairs (sum and xor of the pairs' hashes), its size and whether it
    is split (has both a yes and a no) and whether along party lines (every party's
    members who voted yes or no voted alike); with every vote's pair code, sorted by roll
    call (a roll call's exact member list: its pairs, sorted). ``mask``: the votes
    compared (:func:`_compared_votes`)."""
    codes = scope.all_codes
    where, pair = codes.rollcall[mask], codes.legislator[mask] * len(codes.options) + \
        codes.option[mask]
    order = np.argsort(where, kind="stable")
    where, pair = where[order], pair[order]
    present, starts, sizes = np.unique(where, return_index=True, return_counts=True)
    h = pd.util.hash_array(pair)
    said_yes, said_no = codes.chose("yes")[mask][order], codes.chose("no")[mask][order]
    yes = np.add.reduceat(said_yes, starts)
    no = np.add.reduceat(said_no, starts)
    party = _party_codes(scope)[codes.legislator[mask][order]]
    n_parties = int(party.max(initial=0)) + 1
    key = where * n_parties + party  # one per (roll call, party): split within a party?
    crossed = np.intersect1d(key[said_yes], key[said_no]) // n_parties
    with np.errstate(over="ignore"):
        sig = np.add.reduceat(h, starts) ^ np.bitwise_xor.reduceat(h, starts)
    rc = scope.dataset.rollcalls
    table = pd.DataFrame({
        "rollcall_id": rc["rollcall_id"].to_numpy(dtype=object)[present],
        "bill_id": rc["bill_id"].to_numpy(dtype=object)[present],
        "chamber": rc["chamber"].to_numpy(dtype=object)[present],
        "date": rc["date"].to_numpy(dtype=object)[present],
        "order": rc["order"].to_numpy()[present],
        "sig": sig, "members": sizes, "split": (yes > 0) & (no > 0),
        "party_line": ~np.isin(present, crossed), "start": starts})
    return table[table["members"] >= MIN_MEMBERS].reset_index(drop=True), pair


def repeated_lists(scope: Scope) -> Iterator[Finding]:
    """Roll calls with identical member lists, one finding per set (at least one audited).

    The hash only proposes: roll calls of one bill (or day) with equal hashes are then
    grouped by their exact member lists (the sorted pair codes)."""
    mask = _compared_votes(scope, _neighbours(scope))
    if not mask.any():
        return
    table, pair = _lists(scope, mask)
    audited = set(scope.rollcalls["rollcall_id"])
    col = {c: table[c].tolist() for c in ("rollcall_id", "bill_id", "chamber", "date",
                                           "order", "members", "split", "party_line")}
    seen: set[tuple[str, ...]] = set()
    for label, keys in (("bill", ["bill_id", "chamber"]), ("day", ["date", "chamber"])):
        t = table if label == "day" else table[table["bill_id"] != ""]
        dup = t[t.duplicated([*keys, "sig"], keep=False)].sort_values("rollcall_id")
        lists: dict[tuple[object, ...], list[int]] = {}
        for i, start, size, *at in zip(dup.index, dup["start"], dup["members"],
                                       *(dup[k] for k in keys), strict=True):
            exact = np.sort(pair[start:start + size]).tobytes()
            lists.setdefault((*at, exact), []).append(i)
        for rows in lists.values():
            same = [str(col["rollcall_id"][i]) for i in rows]
            if len(same) < 2 or tuple(same) in seen or not audited.intersection(same):
                continue
            seen.add(tuple(same))
            i = rows[0]
            where = (f"bill {col['bill_id'][i]}" if label == "bill"
                     else f"{scope.platform.chamber_name(str(col['chamber'][i]))} on "
                     f"{col['date'][i]}")
            # a party-line split repeats by nature on a day of party-line votes; within
            # one bill, or across party lines, an exact repeat points at a copied list
            expected = label == "day" and col["party_line"][i]
            yield Finding(
                "warning" if col["split"][i] and not expected else "note",
                "repeated-member-list",
                f"roll calls {', '.join(same)} ({where}) have identical member-by-member "
                f"votes ({col['members'][i]} members"
                + ("; all voted alike, which can happen by chance" if not col["split"][i]
                   else "; a party-line vote (each party's members voted alike), which "
                   "repeats by nature on a day of such votes" if expected else
                   "; a split vote repeated exactly is almost surely one roll call's "
                   "members copied onto another: check the source") + ").",
                row_refs("rollcalls.csv", sorted(col["order"][r] + 2 for r in rows)),
                rollcall_id=";".join(same))
