"""Who held a seat on each audited roll call, and who voted: seat-holders with no record,
votes from members with no seat, and one person voting twice under two ids."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..dataset import seats_held
from .findings import Finding, row_refs
from .scope import Scope

#: members named in one sentence before "and N more"
MAX_NAMED = 5


@dataclass
class Seats:
    """Seat-holders per roll call, matched with the votes (integer keys, vectorised)."""

    holders: pd.DataFrame  # rollcall_id, legislator_id, role_row (legislators.csv), start_date
    holder_voted: np.ndarray  # per holders row: has a vote row on the roll call
    vote_seated: np.ndarray  # per scope.votes row: the voter held a seat in its chamber


def match_seats(scope: Scope) -> Seats:
    """Join every audited roll call to the roles held in its chamber on its date."""
    legs = scope.dataset.legislators
    legs = legs.assign(role_row=np.arange(2, len(legs) + 2))
    rc = scope.rollcalls[["rollcall_id", "chamber", "date"]]
    days = rc[["chamber", "date"]].drop_duplicates()
    held = seats_held(days, legs, on=["chamber"], keep=["role_row"])
    held = held[["chamber", "date", "legislator_id", "role_row", "start_date"]].sort_values(
        "start_date", ascending=False, kind="stable").drop_duplicates(
        ["chamber", "date", "legislator_id"])  # a dated role before an undated one
    holders = rc.merge(held, on=["chamber", "date"])[["rollcall_id", "legislator_id",
                                                        "role_row", "start_date"]]
    votes = scope.votes
    rcs = pd.Index(rc["rollcall_id"].unique())
    people = pd.Index(pd.unique(pd.concat([holders["legislator_id"],
                                           votes["legislator_id"]], ignore_index=True)))
    n = max(len(people), 1)
    hk = rcs.get_indexer(holders["rollcall_id"]).astype(np.int64) * n + people.get_indexer(
        holders["legislator_id"])
    vk = rcs.get_indexer(votes["rollcall_id"]).astype(np.int64) * n + people.get_indexer(
        votes["legislator_id"])
    return Seats(holders.reset_index(drop=True), np.isin(hk, vk), np.isin(vk, hk))


def _named(scope: Scope, ids: list[str]) -> str:
    shown = ", ".join(f"{scope.name(i)} ({i})" if scope.name(i) != i else i
                      for i in ids[:MAX_NAMED])
    return shown + (f" and {len(ids) - MAX_NAMED} more" if len(ids) > MAX_NAMED else "")


def no_record(scope: Scope, seats: Seats) -> Iterator[Finding]:
    """Seat-holders with no vote row on a floor roll call: "no record", not counted. A role
    with no start date may not have begun yet: those gaps are notes, not warnings."""
    floor = set(scope.rollcalls.loc[scope.rollcalls["motion_type"] != "committee",
                                    "rollcall_id"])
    gaps = seats.holders[~seats.holder_voted & seats.holders["rollcall_id"].isin(floor)]
    undated = gaps["start_date"] == ""
    for rid, g in gaps[~undated].groupby("rollcall_id", sort=True):
        ids = g["legislator_id"].tolist()
        yield Finding(
            "warning", "no-record",
            f"roll call {rid}: no vote row for {len(ids)} member(s) who held a seat that day "
            f"({_named(scope, ids)}); they are shown as 'no record' for it and it does not "
            "count for them. Check the source's member list.",
            row_refs("legislators.csv", g["role_row"].tolist()), rollcall_id=str(rid))
    for rid, g in gaps[undated].groupby("rollcall_id", sort=True):
        ids = g["legislator_id"].tolist()
        yield Finding(
            "note", "no-record",
            f"roll call {rid}: no vote row for {len(ids)} member(s) whose role in "
            f"legislators.csv has no start date ({_named(scope, ids)}): they may not have "
            "held the seat yet. Complete the roster's term dates to tell.",
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
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(text.lower().replace(".", " ").split())


def same_person_twice(scope: Scope) -> Iterator[Finding]:
    """Two vote rows on one roll call from two ids with the same name: one person counted
    twice (an unresolved source id beside the roster id). A row repeated under one id is
    already an error when the dataset is loaded."""
    names = scope.dataset.legislators.drop_duplicates("legislator_id")
    plain = pd.Series([_plain(n) for n in names["name"]], index=names["legislator_id"])
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
