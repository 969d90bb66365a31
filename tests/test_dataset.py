"""Loading a dataset folder (scorecard.dataset): overrides, seats held, errors, as-of."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from scorecard.dataset import apply_overrides, load_dataset, seats_held
from scorecard.errors import DataError

from .builders import make_dataset

VOTES = {"rc-s1-early": {"s1": "yes", "s2": "absent"}}


def test_load_applies_overrides_and_numbers_the_roll_calls(tmp_path: Path) -> None:
    folder = make_dataset(tmp_path / "votes", VOTES, overrides=[
        ("rc-s1-early", "s2", "excused", "was on leave"),
        ("rc-s1-early", "s3", "no", "missing from the record")])
    ds = load_dataset(folder)
    v = ds.votes.set_index("legislator_id")
    assert v.loc["s1", ["option", "raw", "overridden"]].tolist() == ["yes", "AYE", False]
    assert v.loc["s2", ["option", "raw", "overridden", "override_note"]].tolist() == [
        "excused", "ABS", True, "was on leave"]  # the source's code is kept in raw
    assert v.loc["s3", ["option", "raw", "overridden"]].tolist() == ["no", "", True]
    assert ds.rollcalls["order"].tolist() == list(range(len(ds.rollcalls)))
    assert str(ds.rollcalls["yes"].dtype) == "Int64"
    assert ds.as_of == "2024-12-31" and not ds.fictional


def test_as_of_falls_back_to_the_latest_roll_call(tmp_path: Path) -> None:
    folder = make_dataset(tmp_path / "votes", VOTES, meta={"source": "x", "fictional": True})
    ds = load_dataset(folder)
    assert ds.as_of == "2024-04-01" and ds.fictional


def test_apply_overrides_without_overrides_marks_nothing() -> None:
    votes = pd.DataFrame({"rollcall_id": ["r"], "legislator_id": ["p"], "option": ["yes"],
                          "raw": ["Y"]})
    out = apply_overrides(votes, pd.DataFrame(columns=["rollcall_id", "legislator_id",
                                                       "option", "note"]))
    assert out.to_dict("records") == [{"rollcall_id": "r", "legislator_id": "p",
                                       "option": "yes", "raw": "Y", "overridden": False,
                                       "override_note": ""}]


def test_seats_held_on_the_day() -> None:
    legs = pd.DataFrame({"legislator_id": ["a", "b", "c"], "chamber": ["upper"] * 3,
                         "start_date": ["2021-01-01", "2023-06-02", "2021-01-01"],
                         "end_date": ["", "", "2023-06-01"]})
    rows = pd.DataFrame({"rollcall_id": ["r1", "r2"], "chamber": ["upper", "upper"],
                         "date": ["2023-06-01", "2023-06-02"]})
    held = seats_held(rows, legs, on=["chamber"])
    got = sorted(zip(held["rollcall_id"], held["legislator_id"], strict=True))
    assert got == [("r1", "a"), ("r1", "c"), ("r2", "a"), ("r2", "b")]  # end day included


def test_a_missing_folder_and_a_bad_table_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no such dataset folder"):
        load_dataset(tmp_path / "nope")
    folder = make_dataset(tmp_path / "votes", {"rc-s1-early": {"s9": "yes"}})
    before = (folder / "votes.csv").read_bytes()
    with pytest.raises(DataError) as err:
        load_dataset(folder)
    assert "has errors" in err.value.message
    assert any(p.file == str(folder / "votes.csv") and p.where == "row 2"
               and "legislator_id 's9' names no legislator" in p.message
               for p in err.value.problems)
    assert (folder / "votes.csv").read_bytes() == before  # nothing touched


@pytest.mark.parametrize("overrides", [[], [("rc-a1-final", "s3", "no", "a note")]])
def test_votes_on_and_the_audit_codes_are_the_same_with_or_without_the_loaders_codes(
        tmp_path: Path, overrides: list[tuple[str, str, str, str]]) -> None:
    import dataclasses

    import numpy as np

    from scorecard.audit.scope import Codes

    folder = make_dataset(tmp_path / "votes", {
        "rc-a1-final": {"s1": "yes", "s2": "no"}, "rc-a1-lower": {"a1": "yes", "a2": "no"},
        "rc-s2": {"s1": "no", "s2": "excused", "s3": "yes"}}, overrides=overrides)
    ds = load_dataset(folder)
    assert bool(ds.vote_codes) == (not overrides)  # an override changes the rows: none
    bare = dataclasses.replace(ds, vote_codes={})
    for ids in (["rc-s2"], ["rc-a1-final", "rc-s2", "nope"], []):
        want = ds.votes[ds.votes["rollcall_id"].isin(ids)]
        pd.testing.assert_frame_equal(ds.votes_on(ids), want)
        pd.testing.assert_frame_equal(bare.votes_on(ids), want)
    a, b = Codes.of(ds), Codes.of(bare)
    assert a.people.equals(b.people) and a.options.equals(b.options)
    for field in ("rollcall", "legislator", "option"):
        assert np.array_equal(getattr(a, field), getattr(b, field)), field


def test_bills_named_are_the_rows_of_those_prints_in_file_order(tmp_path: Path) -> None:
    ds = load_dataset(make_dataset(tmp_path / "votes", VOTES))
    b = ds.bills
    keys = list(zip(b["session"], b["number"], strict=True))
    for wanted in (keys[::-1], keys[1:2] + [("1999-2000", keys[0][1]), ("", "S1")], []):
        want = b[[k in set(wanted) for k in keys]] if wanted else b.iloc[0:0]
        pd.testing.assert_frame_equal(ds.bills_named(wanted), want)
    assert list(ds.bills_named(keys).columns) == list(b.columns)
