"""Type and reference checks of the canonical tables (scorecard.checks.check_tables)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from scorecard.checks import MAX_DIGITS, MAX_LISTED, check_tables
from scorecard.model import TABLES


def tables(**rows: list[tuple[str, ...]]) -> dict[str, pd.DataFrame]:
    """A valid little dataset; ``rows`` replaces a table's rows."""
    base: dict[str, list[tuple[str, ...]]] = {
        "legislators": [("p1", "Ada", "", "D", "upper", "1", "2021-01-01", "", "")],
        "bills": [("b1", "2023-2024", "S1", "", "", "")],
        "rollcalls": [("r1", "b1", "upper", "2023-05-01", "Passage", "passage", "", "", "1",
                       "0", "0", "")],
        "votes": [("r1", "p1", "yes", "Y")],
        "sponsors": [],
        "overrides": [],
    }
    base.update(rows)
    return {name: pd.DataFrame(r, columns=list(TABLES[name]), dtype=object) if r else
            pd.DataFrame({c: pd.Series([], dtype=object) for c in TABLES[name]})
            for name, r in base.items()}


def found(t: dict[str, pd.DataFrame]) -> list[tuple[str, str, str, str]]:
    return [(Path(p.file).name, p.where, p.severity, p.message)
            for p in check_tables(t, "data").items]


def test_a_valid_dataset_has_no_problem() -> None:
    assert found(tables()) == []


def test_values_are_checked_with_file_and_spreadsheet_row() -> None:
    got = found(tables(votes=[("r1", "p1", "yes", "Y"), ("r1", "", "maybe", "?")],
                       rollcalls=[("r1", "b1", "upper", "2023-13-01", "P", "passage", "", "",
                                   "x", "", "", "")]))
    assert ("votes.csv", "row 3", "error", "legislator_id is empty; every row needs one") in got
    assert ("votes.csv", "row 3", "error",
            "option 'maybe' is not one of: yes, no, absent, excused, abstain, not voting, "
            "paired, other") in got
    assert ("rollcalls.csv", "row 2", "error", "date '2023-13-01' is not a date; write dates "
            "as YYYY-MM-DD (e.g. 2023-06-12)") in got
    assert ("rollcalls.csv", "row 2", "error", f"yes 'x' must be a whole number of at most "
            f"{MAX_DIGITS} digits, or empty") in got


def test_references_and_duplicates() -> None:
    got = found(tables(votes=[("r1", "p1", "yes", "Y"), ("r1", "p1", "no", "N"),
                              ("r9", "p9", "yes", "Y")]))
    assert ("votes.csv", "row 3", "error", "duplicate row: rollcall_id=r1, legislator_id=p1 "
            "already appears in row 2; keep one") in got
    assert ("votes.csv", "row 4", "error", "rollcall_id 'r9' names no roll call in "
            "rollcalls.csv") in got
    assert ("votes.csv", "row 4", "error", "legislator_id 'p9' names no legislator in "
            "legislators.csv") in got


def test_declared_totals_that_differ_from_the_member_votes_are_a_warning() -> None:
    got = found(tables(votes=[("r1", "p1", "no", "N")]))
    assert got == [("rollcalls.csv", "row 2", "warning",
                    "roll call r1: yes declared 1, member votes give 0; no declared 0, "
                    "member votes give 1")]


def test_an_end_before_the_start_is_an_error() -> None:
    got = found(tables(legislators=[("p1", "Ada", "", "D", "upper", "1", "2021-01-01",
                                     "2020-01-01", "")]))
    assert got == [("legislators.csv", "row 2", "error", "end_date is before start_date")]


def test_many_rows_with_one_problem_are_listed_then_counted() -> None:
    votes = [("r1", f"p{i}", "yes", "Y") for i in range(2, 2 + MAX_LISTED + 5)]
    got = [g for g in found(tables(votes=votes)) if g[0] == "votes.csv"]
    assert len(got) == MAX_LISTED + 1
    assert got[-1] == ("votes.csv", "", "error",
                       "... and 5 more rows naming no legislator in legislators.csv")
