"""Merging imports: the same roll call from two sources is kept once (sources/merge.py)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from scorecard.model import TABLES
from scorecard.sources import ImportRequest, run_import
from scorecard.sources.core.merge import find_same_rollcalls, merge_bills, merge_sponsors
from scorecard.tables import merge_table
from tests.conftest import FIXTURES
from tests.sources.replay import snapshot

OPENSTATES = FIXTURES / "openstates" / "ny_2023-2024"
LEGISCAN = FIXTURES / "legiscan" / "ny_2023-2024"
ROSTER = FIXTURES / "openstates" / "roster"


def imp(source: str, path: Path, into: Path):  # noqa: ANN201
    kind = "openstates-csv" if source == "os" else "legiscan"
    return run_import(kind, ImportRequest([path], into, [ROSTER]))


def rollcall_ids(into: Path) -> list[str]:
    return list(pd.read_csv(into / "rollcalls.csv", dtype=str)["rollcall_id"])


def test_open_states_then_legiscan(tmp_path: Path) -> None:
    into = tmp_path / "votes"
    imp("os", OPENSTATES, into)
    report = imp("ls", LEGISCAN, into)
    # LegiScan's committee vote and both floor votes on S1001/A2001 are Open States' ones
    assert rollcall_ids(into) == [
        "ny-2023-2024-S1001-upper-2023-03-01-1a2b3c01",
        "ny-2023-2024-A2001-lower-2023-06-06-1a2b3c02",
        "ny-2023-2024-A2001-upper-2023-06-07-1a2b3c03",
        "ny-2023-2024-S1002-upper-2024-05-14-1a2b3c04",
        "ny-2023-2024-A2002-lower-2024-05-20-ls1300004",  # only LegiScan has it
    ]
    assert report.counts["votes"] == (16, 21)
    assert ("3 roll call(s) from legiscan were already in the dataset from another source; "
            "the ones already there are kept (same bill or same-as companion, chamber, date "
            "and motion type).") in report.notes
    disagree = [w for w in report.warnings if "they disagree" in w]
    assert disagree == [
        "roll call ny-2023-2024-A2001-lower-2023-06-06-ls1300002 from legiscan (2023-2024/"
        "A2001, lower, 2023-06-06) is already in the dataset as ny-2023-2024-A2001-lower-"
        "2023-06-06-1a2b3c02, which is kept; they disagree: 1 member(s) voted differently "
        "(Daniel Kowalski (ocd-person/00000000-0000-4000-8000-000000000204) excused vs not "
        "voting)",
        "roll call ny-2023-2024-A2001-upper-2023-06-07-ls1300003 from legiscan (2023-2024/"
        "A2001, upper, 2023-06-07) is already in the dataset as ny-2023-2024-A2001-upper-"
        "2023-06-07-1a2b3c03, which is kept; they disagree: 1 member(s) voted differently "
        "(Harold Okafor (ocd-person/00000000-0000-4000-8000-000000000104) excused vs absent)",
    ]
    bills = pd.read_csv(into / "bills.csv", dtype=str, keep_default_na=False)
    assert bills.set_index("number").at["S1001", "title"].endswith('"farm laborers"')  # first


def test_legiscan_then_open_states(tmp_path: Path) -> None:
    into = tmp_path / "votes"
    imp("ls", LEGISCAN, into)
    report = imp("os", OPENSTATES, into)
    assert rollcall_ids(into) == [
        "ny-2023-2024-S1001-upper-2023-03-01-ls1300001",
        "ny-2023-2024-A2001-lower-2023-06-06-ls1300002",
        "ny-2023-2024-A2001-upper-2023-06-07-ls1300003",
        "ny-2023-2024-S1002-upper-2024-05-14-1a2b3c04",
        "ny-2023-2024-A2002-lower-2024-05-20-ls1300004",
    ]
    assert sum("they disagree" in w for w in report.warnings) == 2


def test_merged_dataset_passes_the_checks(tmp_path: Path) -> None:
    from scorecard.dataset import load_dataset

    into = tmp_path / "votes"
    imp("os", OPENSTATES, into)
    imp("ls", LEGISCAN, into)
    ds = load_dataset(into)  # raises on any error
    assert len(ds.rollcalls) == 5 and len(ds.votes) == 21
    assert "were also in a source imported earlier" in (into / "dataset.yaml").read_text()


def test_a_b_a_leaves_a_b(tmp_path: Path) -> None:
    into = tmp_path / "votes"
    imp("os", OPENSTATES, into)
    imp("ls", LEGISCAN, into)
    after_ab = snapshot(into)
    imp("os", OPENSTATES, into)
    assert snapshot(into) == after_ab
    imp("ls", LEGISCAN, into)
    assert snapshot(into) == after_ab


# ------------------------------------------------------------------ the rule, unit by unit


def frame(name: str, rows: list[dict[str, str]]) -> pd.DataFrame:
    return pd.DataFrame([{c: r.get(c, "") for c in TABLES[name]} for r in rows],
                        columns=list(TABLES[name]))


def rc(rid: str, bill: str, chamber: str = "upper", date: str = "2023-06-07",
       kind: str = "passage", yes: str = "", no: str = "", motion: str = "") -> dict[str, str]:
    return {"rollcall_id": rid, "bill_id": bill, "chamber": chamber, "date": date,
            "motion_type": kind, "yes": yes, "no": no, "motion": motion}


BILLS = frame("bills", [
    {"bill_id": "2023-2024/S1001", "session": "2023-2024", "number": "S1001",
     "same_as": "A2001"},
    {"bill_id": "2023-2024/A2001", "session": "2023-2024", "number": "A2001", "same_as": ""},
])


def test_same_as_companion_matches() -> None:
    old = frame("rollcalls", [rc("senate-on-S", "2023-2024/S1001")])
    new = frame("rollcalls", [rc("senate-on-A", "2023-2024/A2001")])
    assert find_same_rollcalls(old, BILLS, new, BILLS.iloc[0:0]) == {
        "senate-on-A": "senate-on-S"}


@pytest.mark.parametrize("change", [{"chamber": "lower"}, {"date": "2023-06-08"},
                                    {"motion_type": "committee"},
                                    {"bill_id": "2021-2022/S1001"}])
def test_different_roll_calls_do_not_match(change: dict[str, str]) -> None:
    old = frame("rollcalls", [rc("a", "2023-2024/S1001")])
    new = frame("rollcalls", [{**rc("b", "2023-2024/S1001"), **change}])
    assert find_same_rollcalls(old, BILLS, new, BILLS) == {}


def test_same_id_is_the_same_source_and_tallies_pick_among_candidates() -> None:
    old = frame("rollcalls", [rc("a1", "2023-2024/S1001", yes="40", no="20"),
                              rc("a2", "2023-2024/S1001", yes="61", no="1")])
    new = frame("rollcalls", [rc("a1", "2023-2024/S1001", yes="40", no="20"),
                              rc("b2", "2023-2024/S1001", yes="61", no="1")])
    assert find_same_rollcalls(old, BILLS, new, BILLS) == {"b2": "a2"}


def test_votes_on_no_bill_match_by_motion() -> None:
    old = frame("rollcalls", [rc("x", "", kind="nomination", motion="Confirm  J. Doe")])
    new = frame("rollcalls", [rc("y", "", kind="nomination", motion="confirm j. doe"),
                              rc("z", "", kind="nomination", motion="Confirm R. Roe")])
    assert find_same_rollcalls(old, BILLS, new, BILLS) == {"y": "x"}


def test_bills_keep_first_title_and_unite_companions() -> None:
    old = frame("bills", [{"bill_id": "s/S1", "session": "s", "number": "S1", "title": "Old",
                           "same_as": "A1", "url": ""}])
    new = frame("bills", [{"bill_id": "s/S1", "session": "s", "number": "S1", "title": "New",
                           "same_as": "A9", "url": "https://x"},
                          {"bill_id": "s/S2", "session": "s", "number": "S2", "title": "T"}])
    out = merge_bills(old, new)
    assert out[["title", "same_as", "url"]].values.tolist() == [
        ["Old", "A1;A9", "https://x"], ["T", "", ""]]


def test_sponsors_are_united_primary_wins() -> None:
    old = frame("sponsors", [{"bill_id": "b", "legislator_id": "p1", "role": "primary"},
                             {"bill_id": "b", "legislator_id": "p2", "role": "cosponsor"},
                             {"bill_id": "c", "legislator_id": "p9", "role": "primary"}])
    new = frame("sponsors", [{"bill_id": "b", "legislator_id": "p1", "role": "cosponsor"},
                             {"bill_id": "b", "legislator_id": "p3", "role": "cosponsor"}])
    out = merge_sponsors(old, new)
    assert sorted(out.values.tolist()) == [["b", "p1", "primary"], ["b", "p2", "cosponsor"],
                                           ["b", "p3", "cosponsor"]]


def test_rollcalls_reimported_in_place() -> None:
    a = frame("rollcalls", [rc("a1", ""), rc("a2", "")])
    b = frame("rollcalls", [rc("b1", "")])
    ab = merge_table("rollcalls", merge_table("rollcalls", a.iloc[0:0], a), b)
    again = merge_table("rollcalls", ab, frame("rollcalls", [rc("a1", "", yes="5"),
                                                             rc("a2", ""), rc("a3", "")]))
    # one date: natural id order, whatever the import order
    assert list(again["rollcall_id"]) == ["a1", "a2", "a3", "b1"]
    assert again.loc[0, "yes"] == "5"
