"""``scorecard import csv``: hand-made canonical tables, checked against the dataset."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from scorecard.errors import SourceError
from scorecard.sources import ImportRequest, run_import
from tests.conftest import FIXTURES
from tests.sources.replay import snapshot

EXPORT = FIXTURES / "openstates" / "ny_2023-2024"
ROSTER = FIXTURES / "openstates" / "roster"
ASM = "ocd-person/00000000-0000-4000-8000-0000000002"
COMMITTEE_RC = "ny-2023-2024-A2001-lower-2023-05-02-labor"
ROLLCALLS = ("rollcall_id,bill_id,chamber,date,motion,motion_type,committee,result,yes,no,"
             "other,source_url\n")


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    into = tmp_path / "votes"
    run_import("openstates-csv", ImportRequest([EXPORT], into, [ROSTER]))
    return into


def write(folder: Path, **files: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text)
    return folder


def committee_vote(folder: Path, option: str = "no") -> Path:
    """An Assembly committee vote from the minutes, which no source has."""
    return write(
        folder,
        rollcalls=ROLLCALLS + f"{COMMITTEE_RC},2023-2024/A2001,lower,2023-05-02,Assembly Labor "
        "Committee,committee,Labor,pass,2,1,0,https://nyassembly.gov/minutes\n",
        votes="rollcall_id,legislator_id,option,raw\n"
        f"{COMMITTEE_RC},{ASM}01,yes,AYE\n{COMMITTEE_RC},{ASM}02,{option},NAY\n"
        f"{COMMITTEE_RC},{ASM}03,yes,AYE\n")


def run(path: Path, into: Path):  # noqa: ANN201
    return run_import("csv", ImportRequest([path], into))


def test_hand_made_committee_vote(dataset: Path, tmp_path: Path) -> None:
    report = run(committee_vote(tmp_path / "minutes"), dataset)
    assert report.counts["rollcalls"] == (4, 5) and report.counts["votes"] == (16, 19)
    rc = pd.read_csv(dataset / "rollcalls.csv", dtype=str, keep_default_na=False)
    # kept in date order: the committee vote of 2023-05-02 comes before June's votes
    assert rc["date"].tolist() == sorted(rc["date"])
    assert COMMITTEE_RC in rc["rollcall_id"].tolist()
    assert "hand-made CSV" in (dataset / "dataset.yaml").read_text()
    before = snapshot(dataset)
    run(tmp_path / "minutes", dataset)
    assert snapshot(dataset) == before  # importing it again changes nothing


def test_correction_replaces_rows(dataset: Path, tmp_path: Path) -> None:
    rid = "ny-2023-2024-S1002-upper-2024-05-14-1a2b3c04"
    folder = write(tmp_path / "fix", bills="bill_id,session,number,title,same_as,url\n"
                   "2023-2024/S1002,2023-2024,S1002,Language access (corrected title),,\n",
                   rollcalls=ROLLCALLS + f"{rid},2023-2024/S1002,upper,2024-05-14,Floor Vote,"
                   "passage,,pass,3,0,1,https://www.nysenate.gov/\n")
    run(folder, dataset)
    bills = pd.read_csv(dataset / "bills.csv", dtype=str, keep_default_na=False)
    assert bills.set_index("number").at["S1002", "title"] == "Language access (corrected title)"
    rc = pd.read_csv(dataset / "rollcalls.csv", dtype=str, keep_default_na=False)
    assert rc.set_index("rollcall_id").loc[rid, ["yes", "other"]].tolist() == ["3", "1"]
    assert list(rc["rollcall_id"]).index(rid) == 3  # corrected where it stands


def test_same_roll_call_under_a_new_id_is_dropped(dataset: Path, tmp_path: Path) -> None:
    folder = write(tmp_path / "dup", rollcalls=ROLLCALLS + "my-own-id,2023-2024/S1002,upper,"
                   "2024-05-14,Floor Vote,passage,,pass,4,0,0,\n")
    report = run(folder, dataset)
    assert report.counts["rollcalls"] == (4, 4)
    assert any("use its rollcall_id (ny-2023-2024-S1002-upper-2024-05-14-1a2b3c04)" in n
               for n in report.notes)


def test_errors_name_the_file_and_row(dataset: Path, tmp_path: Path) -> None:
    folder = committee_vote(tmp_path / "minutes", option="nay")
    with (folder / "votes.csv").open("a") as fh:
        fh.write(f"no-such-rollcall,{ASM}04,yes,AYE\n")
    before = snapshot(dataset)
    with pytest.raises(SourceError) as err:
        run(folder, dataset)
    message = err.value.message
    assert message.startswith("Cannot import the hand-made tables: 2 problems found "
                              "(nothing was written).")
    assert f"{folder / 'votes.csv'}, row 3: option 'nay' is not one of: yes, no" in message
    assert (f"{folder / 'votes.csv'}, row 5: rollcall_id 'no-such-rollcall' names no roll "
            "call in rollcalls.csv") in message
    assert snapshot(dataset) == before


def test_bad_files(dataset: Path, tmp_path: Path) -> None:
    before = snapshot(dataset)
    odd = write(tmp_path / "odd", notes="a,b\n1,2\n")
    with pytest.raises(SourceError, match="notes.csv: is not a canonical table"):
        run(odd, dataset)
    short = write(tmp_path / "short", votes="rollcall_id,legislator_id,option\nx,y,yes\n")
    with pytest.raises(SourceError, match=r"votes.csv, row 1: lacks column\(s\) raw"):
        run(short, dataset)
    empty = write(tmp_path / "empty", votes="rollcall_id,legislator_id,option,raw\n")
    with pytest.raises(SourceError, match="hold no rows"):
        run(empty, dataset)
    assert snapshot(dataset) == before


def test_cli(dataset: Path, tmp_path: Path) -> None:
    from scorecard.cli import cli

    runner = CliRunner()
    ok = runner.invoke(cli, ["import", "csv", str(committee_vote(tmp_path / "m")), "--into",
                             str(dataset)])
    assert ok.exit_code == 0, ok.output
    assert "votes.csv: 16 -> 19 rows" in ok.output
    bad = runner.invoke(cli, ["import", "csv", str(committee_vote(tmp_path / "b", "nay")),
                              "--into", str(dataset)])
    assert bad.exit_code == 1 and "option 'nay' is not one of" in bad.output
    assert "Traceback" not in bad.output
