"""Who held a seat on each audited roll call, and who voted: seat-holders with no record,
votes from members with no seat, and one person voting twice under two ids."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .findings import Finding, Severity, row_refs
from .scope import Scope

#: members named in one sentence before "and N more"
MAX_NAMED = 5


@dataclass
class Seats:
    """Who held a seat on each audited roll call, matched with its votes (integer codes)."""

    held: np.ndarray  # per scope.rollcalls row: members holding a seat in its chamber that day
    voters: np.ndarray  # per scope.rollcalls row: its vote rows
    gaps: pd.DataFrame  # seat-holders with no vote row on a floor roll call (see _gaps)
    vote_seated: np.ndarray  # per scope.votes row: the voter held a seat in its chamber


#: dates as day numbers, made non-negative, and the span of one chamber's keys
_OFFSET = 1 << 39
_SPAN = 1 << 40


def _days(dates: pd.Series, missing: int) -> np.ndarray:
    """ISO dates (YYYY-MM-DD, checked at load) as day numbers + _OFFSET; "" as ``missing``."""
    d = np.asarray(dates.to_numpy(dtype=object), dtype="datetime64[D]").astype(np.int64)
    nat = d == np.iinfo(np.int64).min
    d = d + _OFFSET
    d[nat] = missing
    return d


def match_seats(scope: Scope) -> Seats:
    """Every audited roll call against the roles held in its chamber on its date.

    Interval logic on integer keys, never a roll call x seat-holder join: the roll calls
    sorted by (chamber, date); each role of legislators.csv covers one range of them; one
    person's overlapping roles in a chamber merged into disjoint ranges, so that counts of
    distinct holders are a running sum and each vote finds its voter's range by binary
    search. Seat-holders without a vote row are listed only where the counts say some are.
    """
    rc = scope.rollcalls
    n = len(rc)
    legs = scope.dataset.legislators
    chambers = pd.Index(pd.unique(rc["chamber"].to_numpy(dtype=object)))
    rc_chamber = chambers.get_indexer(rc["chamber"]).astype(np.int64)
    rc_key = rc_chamber * _SPAN + _days(rc["date"], 0)
    order = np.argsort(rc_key, kind="stable")  # roll calls by chamber, then date
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    sorted_key = rc_key[order]
    chamber = chambers.get_indexer(legs["chamber"]).astype(np.int64)
    lo = np.searchsorted(sorted_key, chamber * _SPAN + _days(legs["start_date"], 0), "left")
    hi = np.searchsorted(sorted_key, chamber * _SPAN + _days(legs["end_date"], _SPAN - 1),
                         "right")
    roles = np.flatnonzero((chamber >= 0) & (hi > lo))  # rows of legislators.csv that count
    person = scope.all_codes.people.get_indexer(legs["legislator_id"]).astype(np.int64)

    # one person's ranges in one chamber, made disjoint (a later range starts where the
    # furthest earlier one ended): keys ascending, so a running maximum resets per key
    width = n + 1
    key = person[roles] * len(chambers) + chamber[roles]
    by = np.lexsort((lo[roles], key))
    key, first, last = key[by], lo[roles][by], hi[roles][by]
    reach = np.maximum.accumulate(key * width + last) if len(key) else key
    first = np.maximum(first, np.concatenate([[-1], reach[:-1]]) - key * width)
    disjoint = last > first
    key, first, last = key[disjoint], first[disjoint], last[disjoint]
    held = np.cumsum(np.bincount(first, minlength=width) - np.bincount(last, minlength=width))

    j = scope.vote_rollcall()  # per vote: its roll call's row in rc (-1: none)
    on = j >= 0
    s = np.append(rank, -1)[j]  # its roll call's place in the sorted order
    vkey = scope.codes.legislator * len(chambers) + np.append(rc_chamber, 0)[j]
    seated = np.zeros(len(j), dtype=bool)
    if len(key):
        p = np.maximum(np.searchsorted(key * width + first, vkey * width + s, "right") - 1, 0)
        seated = on & (key[p] == vkey) & (s >= first[p]) & (s < last[p])
    voters = np.bincount(j[on], minlength=n)
    missing = held[:n][rank] - np.bincount(j[seated], minlength=n)  # vote keys are unique
    floor = (rc["motion_type"] != "committee").to_numpy()
    gaps = _gaps(scope, np.sort(rank[floor & (missing > 0)]), order, roles, lo, hi, person, s,
                 seated)
    return Seats(held[:n][rank], voters, gaps, seated)


def _gaps(scope: Scope, wanted: np.ndarray, order: np.ndarray, roles: np.ndarray,
          lo: np.ndarray, hi: np.ndarray, person: np.ndarray, s: np.ndarray,
          seated: np.ndarray) -> pd.DataFrame:
    """The seat-holders with no vote row on the roll calls ``wanted`` (places in the sorted
    order): rollcall_id, legislator_id, role_row and start_date of the role that held the
    seat (the latest-starting, a dated role before an undated one, then the first in
    legislators.csv); per roll call in that order of preference."""
    legs = scope.dataset.legislators
    a = np.searchsorted(wanted, lo[roles])
    count = np.searchsorted(wanted, hi[roles]) - a
    role = np.repeat(roles, count)
    within = np.arange(len(role)) - np.repeat(np.cumsum(count) - count, count)
    place = wanted[np.repeat(a, count) + within]
    n_people = len(scope.all_codes.people)
    voted = seated & np.isin(s, wanted)
    absent = ~np.isin(place * n_people + person[role],
                      s[voted] * n_people + scope.codes.legislator[voted])
    role, place = role[absent], place[absent]
    gaps = pd.DataFrame({
        "place": place, "person": person[role], "role_row": role + 2,
        "start_date": legs["start_date"].to_numpy(dtype=object)[role],
        "legislator_id": legs["legislator_id"].to_numpy(dtype=object)[role],
        "rollcall_id": scope.rollcalls["rollcall_id"].to_numpy(dtype=object)[order[place]],
    }).sort_values(["place", "start_date", "role_row"], ascending=[True, False, True],
                   kind="stable").drop_duplicates(["place", "person"])
    return gaps[["rollcall_id", "legislator_id", "role_row", "start_date"]].reset_index(
        drop=True)


def _named(scope: Scope, ids: list[str]) -> str:
    shown = ", ".join(f"{scope.name(i)} ({i})" if scope.name(i) != i else i
                      for i in ids[:MAX_NAMED])
    return shown + (f" and {len(ids) - MAX_NAMED} more" if len(ids) > MAX_NAMED else "")


def no_record(scope: Scope, seats: Seats) -> Iterator[Finding]:
    """Seat-holders with no vote row on a floor roll call: "no record", not counted. A role
    with no start date may not have begun yet: those gaps are notes, not warnings."""
    gaps = seats.gaps
    undated = gaps["start_date"] == ""
    kinds: tuple[tuple[Severity, pd.Series, str, str], ...] = (
        ("warning", ~undated, "who held a seat that day",
         "; they are shown as 'no record' for it and it does not count for them. "
         "Check the source's member list."),
        ("note", undated, "whose role in legislators.csv has no start date",
         ": they may not have held the seat yet. Complete the roster's term dates "
         "to tell."))
    for severity, rows, who, what in kinds:
        for rid, g in gaps[rows].groupby("rollcall_id", sort=True):
            ids = g["legislator_id"].tolist()
            yield Finding(
                severity, "no-record",
                f"roll call {rid}: no vote row for {len(ids)} member(s) {who} "
                f"({_named(scope, ids)}){what}",
                row_refs("legislators.csv", g["role_row"].tolist()), rollcall_id=str(rid))


def no_seat(scope: Scope, seats: Seats) -> Iterator[Finding]:
    """A vote from someone who held no seat in that chamber on that date (it is counted)."""
    votes = scope.votes[~seats.vote_seated]
    for rid, lid, row in zip(votes["rollcall_id"], votes["legislator_id"], votes["file_row"],
                             strict=True):
        yield Finding(
            "warning", "vote-without-seat",
            f"{_named(scope, [str(lid)])} voted on {rid} but held no seat in that chamber on "
            "that date in "
            "legislators.csv; the vote is counted. Check the legislator's term dates.",
            row_refs("votes.csv", [row]), rollcall_id=str(rid), legislator_id=str(lid))


def _plain(name: str) -> str:
    text = name if name.isascii() else unicodedata.normalize("NFKD", name).encode(
        "ascii", "ignore").decode()
    return " ".join(text.lower().replace(".", " ").split())


def same_person_twice(scope: Scope) -> Iterator[Finding]:
    """Two vote rows on one roll call from two ids with the same name: one person counted
    twice (an unresolved source id beside the roster id). A row repeated under one id is
    already an error when the dataset is loaded."""
    names = scope.dataset.legislators.drop_duplicates("legislator_id")
    plain = pd.Series([_plain(n) for n in names["name"].to_numpy(dtype=object)],
                      index=names["legislator_id"])
    plain = plain[(plain != "") & plain.duplicated(keep=False)]  # names two ids share
    if plain.empty:
        return
    votes = scope.votes[scope.votes["legislator_id"].isin(set(plain.index))]
    votes = votes.assign(person=votes["legislator_id"].map(plain))
    twice = votes[votes.duplicated(["rollcall_id", "person"], keep=False)]
    for (rid, _), g in twice.groupby(["rollcall_id", "person"], sort=True):
        ids = g["legislator_id"].tolist()
        yield Finding(
            "error", "same-person-twice",
            f"roll call {rid}: {scope.name(ids[0])} has {len(ids)} vote rows under "
            f"different ids ({', '.join(ids)}); if they are one person, map the ids in "
            "identity_overrides.csv and import again.",
            row_refs("votes.csv", g["file_row"].tolist()), rollcall_id=str(rid),
            legislator_id=";".join(ids))
