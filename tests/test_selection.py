"""Which roll calls each entry scores (scorecard.selection), on a hand-made dataset."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scorecard.dataset import load_dataset
from scorecard.errors import Problems
from scorecard.platform import load_platform
from scorecard.selection import SELECTED_COLUMNS, check_selection, select, session_of

from .builders import make_dataset, make_platform

VOTES = {"rc-s1-cmte": {"s1": "yes"}, "rc-s1-early": {"s1": "yes"},
         "rc-a1-final": {"s1": "no"}, "rc-a1-lower": {"a1": "yes"}, "rc-s2": {"s1": "yes"},
         "rc-s9": {"s1": "yes"}, "rc-nom": {"s1": "yes"}}


def selected(tmp_path: Path, entries: list[dict[str, Any]], scope: str = "period",
             period: dict[str, Any] | None = None) -> list[tuple[str, str]]:
    make_dataset(tmp_path / "votes", VOTES)
    platform = load_platform(make_platform(tmp_path / "platform.yaml", entries, period=period))
    sel = select(platform, load_dataset(tmp_path / "votes"), scope)  # type: ignore[arg-type]
    assert list(sel.rows.columns) == SELECTED_COLUMNS
    return list(zip(sel.rows["entry"], sel.rows["rollcall_id"], strict=True))


def test_final_passage_is_the_last_passage_vote_per_chamber_across_companions(
        tmp_path: Path) -> None:
    got = selected(tmp_path, [{"number": "S1", "same_as": ["A1"], "session": "2023-2024",
                               "position": "support"}])
    # upper: S1's early vote is superseded by the companion A1's later one; lower: A1's
    assert got == [("d1#1", "rc-a1-final"), ("d1#1", "rc-a1-lower")]


def test_votes_all_keeps_every_passage_vote_and_committee_adds_committee_votes(
        tmp_path: Path) -> None:
    got = selected(tmp_path, [{"number": "S1", "same_as": ["A1"], "session": "2023-2024",
                               "position": "support", "votes": "all", "committee": True}])
    assert sorted(r for _, r in got) == ["rc-a1-final", "rc-a1-lower", "rc-s1-cmte",
                                         "rc-s1-early"]
    assert [r for _, r in got][0] == "rc-s1-cmte"  # in date order


def test_named_roll_calls_and_a_missing_bill(tmp_path: Path) -> None:
    make_dataset(tmp_path / "votes", VOTES)
    platform = load_platform(make_platform(tmp_path / "platform.yaml", [
        {"rollcalls": ["rc-nom"], "label": "A nomination", "position": "oppose"},
        {"number": "S404", "session": "2023-2024", "position": "support"}]))
    sel = select(platform, load_dataset(tmp_path / "votes"), "period")
    assert sel.rows[["entry", "rollcall_id", "position"]].values.tolist() == [
        ["d1#1", "rc-nom", "oppose"]]
    # a roll call with no bill takes the session its date falls in
    assert sel.rows["session"].tolist() == ["2023-2024"]
    assert sel.missing == [("d1#2", "S404", "2023-2024")]


def test_period_sessions_and_dates_limit_the_period_not_the_lifetime(tmp_path: Path) -> None:
    entries = [{"number": "S2", "session": "2023-2024", "position": "support"},
               {"number": "S9", "session": "2021-2022", "position": "support"}]
    period = {"sessions": ["2023-2024"], "end": "2024-01-01"}
    assert selected(tmp_path, entries, "period", period) == []  # S2's vote is after the end
    assert selected(tmp_path, entries, "lifetime", period) == [("d1#1", "rc-s2"),
                                                               ("d1#2", "rc-s9")]


def test_check_selection_names_a_roll_call_the_data_lacks(tmp_path: Path) -> None:
    make_dataset(tmp_path / "votes", VOTES)
    platform = load_platform(make_platform(tmp_path / "platform.yaml", [
        {"rollcalls": ["rc-nope"], "label": "Missing", "position": "oppose"}]))
    problems = Problems()
    check_selection(platform, load_dataset(tmp_path / "votes"), problems)
    (p,) = problems.errors
    assert p.file == str(tmp_path / "platform.yaml") and p.where.startswith("line ")
    assert "rollcalls names roll call 'rc-nope', which is not in" in p.message


def test_session_of() -> None:
    assert session_of("2024-03-01", ["2021-2022", "2023-2024"]) == "2023-2024"
    assert session_of("2019-03-01", ["2023-2024"]) == "2019"
