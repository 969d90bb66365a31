"""The audit's seat matching (interval logic on integer codes) against the straightforward
join it replaced, kept here as the reference: every roll call joined to every role held in
its chamber on its date. Random small datasets: overlapping and undated roles, one person
in both chambers, committee roll calls, votes from people with no seat."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from scorecard.audit.scope import Codes, Scope
from scorecard.audit.seats import match_seats
from scorecard.dataset import Dataset, seats_held
from scorecard.tables import empty_table

DATES = ["", "2023-01-02", "2023-01-05", "2023-01-09", "2023-02-01", "2023-03-15"]
CHAMBERS = ["upper", "lower"]


def reference(rollcalls: pd.DataFrame, legislators: pd.DataFrame,
              votes: pd.DataFrame) -> tuple[pd.Series, dict[str, list[tuple]], np.ndarray]:
    """Seat-holders per roll call, the floor gaps per roll call (legislator_id, role_row,
    start_date, in order) and which votes were seated: the previous implementation."""
    legs = legislators.assign(role_row=np.arange(2, len(legislators) + 2))
    rc = rollcalls[["rollcall_id", "chamber", "date"]]
    days = rc[["chamber", "date"]].drop_duplicates()
    held = seats_held(days, legs, on=["chamber"], keep=["role_row"])
    held = held[["chamber", "date", "legislator_id", "role_row", "start_date"]].sort_values(
        "start_date", ascending=False, kind="stable").drop_duplicates(
        ["chamber", "date", "legislator_id"])
    holders = rc.merge(held, on=["chamber", "date"])
    voted = set(zip(votes["rollcall_id"], votes["legislator_id"], strict=True))
    holder_voted = np.array([(r, lid) in voted for r, lid in zip(
        holders["rollcall_id"], holders["legislator_id"], strict=True)], dtype=bool)
    seated_pairs = set(zip(holders["rollcall_id"], holders["legislator_id"], strict=True))
    vote_seated = np.array([(r, lid) in seated_pairs for r, lid in zip(
        votes["rollcall_id"], votes["legislator_id"], strict=True)], dtype=bool)
    floor = set(rollcalls.loc[rollcalls["motion_type"] != "committee", "rollcall_id"])
    gaps = holders[~holder_voted & holders["rollcall_id"].isin(floor)]
    by_rc = {str(rid): list(zip(g["legislator_id"], g["role_row"], g["start_date"],
                                strict=True))
             for rid, g in gaps.groupby("rollcall_id", sort=True)}
    counts = holders.groupby("rollcall_id").size().reindex(rollcalls["rollcall_id"],
                                                           fill_value=0)
    return counts, by_rc, vote_seated


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    people = [f"p{i}" for i in range(draw(st.integers(1, 7)))]
    roles = []
    for _ in range(draw(st.integers(0, 12))):
        start = draw(st.sampled_from(DATES))
        ends = [""] + [d for d in DATES[1:] if d >= start]
        roles.append({"legislator_id": draw(st.sampled_from(people)),
                      "name": "x", "sort_name": "x", "party": "",
                      "chamber": draw(st.sampled_from(CHAMBERS)),
                      "district": draw(st.sampled_from(["1", "2", "3"])),
                      "start_date": start, "end_date": draw(st.sampled_from(ends)),
                      "url": ""})
    legs = pd.DataFrame(roles, columns=list(empty_table("legislators").columns))
    legs = legs.drop_duplicates(["legislator_id", "chamber", "district", "start_date"])
    legs = legs.reset_index(drop=True)
    n_rc = draw(st.integers(0, 6))
    rcs = pd.DataFrame({
        "rollcall_id": [f"r{i}" for i in range(n_rc)],
        "chamber": [draw(st.sampled_from(CHAMBERS)) for _ in range(n_rc)],
        "date": [draw(st.sampled_from(DATES[1:])) for _ in range(n_rc)],
        "motion_type": [draw(st.sampled_from(["passage", "committee"]))
                        for _ in range(n_rc)],
        "order": range(n_rc)}).astype({"rollcall_id": object, "chamber": object,
                                       "date": object, "motion_type": object})
    known = sorted(set(legs["legislator_id"]))
    pairs = [(r, p) for r in rcs["rollcall_id"] for p in known]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True)) if pairs else []
    chosen = draw(st.permutations(chosen))
    votes = pd.DataFrame(chosen, columns=["rollcall_id", "legislator_id"]).assign(
        option="yes", file_row=lambda v: np.arange(2, len(v) + 2))
    return Dataset(Path("."), legs, empty_table("bills"), rcs, votes,
                   empty_table("sponsors"), empty_table("overrides"), {})


@settings(max_examples=300, deadline=None)
@given(datasets())
def test_seats_match_the_straightforward_join(ds: Dataset) -> None:
    codes = Codes.of(ds)
    scope = Scope(None, ds, None, True, ds.rollcalls, ds.votes, set(), codes,  # type: ignore
                  codes)
    seats = match_seats(scope)
    counts, gaps, vote_seated = reference(ds.rollcalls, ds.legislators, ds.votes)
    assert seats.held.tolist() == counts.tolist()
    assert seats.voters.tolist() == ds.votes.groupby("rollcall_id").size().reindex(
        ds.rollcalls["rollcall_id"], fill_value=0).tolist()
    assert seats.vote_seated.tolist() == vote_seated.tolist()
    mine = {str(rid): list(zip(g["legislator_id"], g["role_row"], g["start_date"],
                               strict=True))
            for rid, g in seats.gaps.groupby("rollcall_id", sort=True)}
    assert mine == gaps
