"""core.finish: the one way an import ends (resolve, merge, check, write, report)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from scorecard.errors import SourceError
from scorecard.model import TABLES
from scorecard.sources.core.finish import Converted, finish


def _tables(rollcall: str = "rc1", voter: str = "p1") -> dict[str, pd.DataFrame]:
    def frame(name: str, rows: list[tuple[str, ...]]) -> pd.DataFrame:
        return pd.DataFrame(rows, columns=list(TABLES[name]))

    return {
        "legislators": frame("legislators", [("p1", "Ada Lovelace", "Lovelace, Ada",
                                               "Democratic", "upper", "1", "2023-01-01", "",
                                               "")]),
        "bills": frame("bills", [("2023-2024/S1", "2023-2024", "S1", "A bill", "", "")]),
        "rollcalls": frame("rollcalls", [("rc1", "2023-2024/S1", "upper", "2023-03-01",
                                          "Passage", "passage", "", "pass", "1", "0", "0",
                                          "")]),
        "votes": frame("votes", [(rollcall, voter, "yes", "Aye")]),
    }


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_finish_writes_and_reports_rows(tmp_path: Path) -> None:
    report = finish(tmp_path, Converted(_tables(), source="test", meta={"notes": ["test: x"]}))
    assert report.counts == {"legislators": (0, 1), "bills": (0, 1), "rollcalls": (0, 1),
                             "votes": (0, 1)}
    assert (tmp_path / "votes.csv").read_text() == (
        "rollcall_id,legislator_id,option,raw\nrc1,p1,yes,Aye\n")
    first = _files(tmp_path)
    again = finish(tmp_path, Converted(_tables(), source="test", meta={"notes": ["test: x"]}))
    assert again.counts["votes"] == (1, 1) and _files(tmp_path) == first


def test_a_bad_row_of_the_import_is_an_error_and_nothing_is_written(tmp_path: Path) -> None:
    finish(tmp_path, Converted(_tables(), source="test"))
    before = _files(tmp_path)
    with pytest.raises(SourceError) as err:
        finish(tmp_path, Converted(_tables(voter="nobody"), source="test", label="the test"))
    assert "Cannot import the test: the tables it gives" in str(err.value)
    assert (f"{tmp_path / 'votes.csv'}, row 2: legislator_id 'nobody' names no legislator in "
            "legislators.csv") in str(err.value)
    assert _files(tmp_path) == before


def test_a_problem_the_dataset_already_had_is_a_warning(tmp_path: Path) -> None:
    finish(tmp_path, Converted(_tables(), source="test"))
    with open(tmp_path / "votes.csv", "a", encoding="utf-8") as fh:
        fh.write("rc1,ghost,no,Nay\n")  # a hand edit naming nobody
    report = finish(tmp_path, Converted({"bills": _tables()["bills"]}, source="test"))
    assert any("legislator_id 'ghost' names no legislator" in w
               and "already in the dataset" in w for w in report.warnings)
