"""core.votes.vote_rows: every roll call's rows sorted by legislator, in one pass."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard.errors import SourceError
from scorecard.sources.core.votes import vote_rows

Rollcall = tuple[str, list[str], list[str], list[str]]


def _one_sort_per_rollcall(rollcalls: list[Rollcall]) -> pd.DataFrame:
    """The rows the way they are defined: each roll call's members sorted by id."""
    rows = []
    for rid, lids, options, codes in rollcalls:
        for j in sorted(range(len(lids)), key=lids.__getitem__):
            rows.append((rid, lids[j], options[j], codes[j]))
    return pd.DataFrame(rows, columns=["rollcall_id", "legislator_id", "option", "raw"],
                        dtype=object) if rows else pd.DataFrame(
        {c: pd.Series([], dtype=object) for c in ["rollcall_id", "legislator_id", "option",
                                                   "raw"]})


@st.composite
def rollcalls(draw: st.DrawFn) -> list[Rollcall]:
    ids = draw(st.lists(st.sampled_from(["ocd-person/b", "ocd-person/a", "nysenate:9",
                                         "nysenate:10", "Z", "é"]), unique=True, max_size=6))
    out = []
    for n in range(draw(st.integers(0, 5))):
        members = draw(st.permutations(ids))[: draw(st.integers(0, len(ids)))]
        opts = [draw(st.sampled_from(["yes", "no", "absent"])) for _ in members]
        out.append((f"rc-{n:02d}", members, opts, [o.upper() for o in opts]))
    return out


@given(rollcalls())
def test_rows_are_each_rollcalls_members_sorted(calls: list[Rollcall]) -> None:
    got = vote_rows(calls, "check the roster")
    expected = _one_sort_per_rollcall(calls)
    assert got.reset_index(drop=True).equals(expected)
    assert got.dtypes.tolist() == [object] * 4
    assert vote_rows(iter(calls), None).equals(got)  # any iterable, no check


def test_a_person_twice_in_a_rollcall_is_an_error_naming_it() -> None:
    calls = [("rc-1", ["a", "b"], ["yes", "no"], ["Y", "N"]),
             ("rc-2", ["c", "b", "c", "b"], ["yes"] * 4, ["Y"] * 4),
             ("rc-3", ["d", "d"], ["yes"] * 2, ["Y"] * 2)]
    with pytest.raises(SourceError, match=r"^Roll call rc-2 would list b, c twice: two ids$"):
        vote_rows(calls, "two ids")
    assert len(vote_rows(calls, None)) == 8  # not checked: kept as given
