"""scorecard import legiscan-csv: LegiScan's CSV datasets (a folder or a ZIP)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from scorecard.errors import SourceError
from scorecard.sources import ImportRequest, run_import

REAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "realdata" / \
    "legiscan_csv_mi_2019_2020"

FILES = {
    "bills.csv": (
        "bill_id,session_id,bill_number,status,status_desc,status_date,title,description,"
        "committee_id,committee,last_action_date,last_action,url,state_link\n"
        "11,1638,HB4001,4,Passed,2019-05-14,Forfeiture,Long title,0,,2019-05-14,Signed,"
        "https://legiscan.com/MI/bill/HB4001/2019,http://legislature.mi.gov/HB4001\n"),
    "people.csv": (
        "people_id,name,first_name,middle_name,last_name,suffix,nickname,party_id,party,"
        "role_id,role,district,followthemoney_eid,votesmart_id,opensecrets_id,ballotpedia,"
        "knowwho_pid,committee_id\n"
        "1,Ada Lovelace,Ada,,Lovelace,,,1,D,1,Rep,HD-001,,,,,,0\n"
        "2,Alan Turing,Alan,,Turing,,,2,R,1,Rep,HD-002,,,,,,0\n"
        "3,Grace Hopper,Grace,,Hopper,,,1,D,1,Rep,HD-003,,,,,,0\n"),
    "rollcalls.csv": (
        "bill_id,roll_call_id,date,chamber,description,yea,nay,nv,absent,total\n"
        "11,101,2020-03-01,House,House Third Reading: Roll Call # 7,2,1,0,0,3\n"
        "11,102,2020-03-02,House,House Third Reading: Roll Call # 8,3,0,0,0,3\n"),
    "votes.csv": (
        "roll_call_id,people_id,vote,vote_desc\n"
        "101,1,1,Yea\n101,2,2,Nay\n101,3,1,Yea\n"
        "102,1,1,Yea\n102,2,2,Nay\n102,3,4,Absent\n"),
    "sponsors.csv": "bill_id,people_id,position\n11,3,2\n11,1,1\n",
    "history.csv": "bill_id,date,chamber,sequence,action\n11,2019-01-10,House,1,Introduced\n",
}


def write_fixture(folder: Path, **changes: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in {**FILES, **changes}.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_fixture_becomes_canonical_tables(tmp_path: Path) -> None:
    src = write_fixture(tmp_path / "MI" / "2019-2020_100th_Legislature" / "csv")
    report = run_import("legiscan-csv", ImportRequest([src], tmp_path / "votes"))
    out = tmp_path / "votes"
    assert (out / "rollcalls.csv").read_text().splitlines()[1:] == [
        "mi-2019-2020-HB4001-lower-2020-03-01-ls101,2019-2020/HB4001,lower,2020-03-01,"
        "House Third Reading: Roll Call # 7,passage,,,2,1,0,"
        "https://legiscan.com/MI/rollcall/HB4001/id/101",
        "mi-2019-2020-HB4001-lower-2020-03-02-ls102,2019-2020/HB4001,lower,2020-03-02,"
        "House Third Reading: Roll Call # 8,passage,,,3,0,0,"
        "https://legiscan.com/MI/rollcall/HB4001/id/102",
    ]
    assert "legiscan:2,no,Nay" in (out / "votes.csv").read_text()
    assert (out / "sponsors.csv").read_text().splitlines()[1:] == [
        "2019-2020/HB4001,legiscan:1,primary", "2019-2020/HB4001,legiscan:3,cosponsor"]
    legislators = (out / "legislators.csv").read_text()
    assert "legiscan:1,Ada Lovelace,\"Lovelace, Ada\",Democratic,lower,1," in legislators
    # roll call 102 declares 3 yea, the members give 2 yea and 1 nay: named by file and row
    mismatch = [w for w in report.warnings if "differ from the member votes" in w]
    assert len(mismatch) == 1 and f"{src}/rollcalls.csv, row 3: roll call " in mismatch[0]
    assert any("history.csv" in n for n in report.notes)


def test_zip_gives_the_same_dataset_as_its_folder(tmp_path: Path) -> None:
    src = write_fixture(tmp_path / "x")
    archive = tmp_path / "MI_2019-2020_100th_Legislature_CSV.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name in FILES:
            zf.write(src / name, f"MI/2019-2020_100th_Legislature/csv/{name}")
    run_import("legiscan-csv", ImportRequest([archive], tmp_path / "a"))
    run_import("legiscan-csv", ImportRequest([src], tmp_path / "b"))
    a, b = files(tmp_path / "a"), files(tmp_path / "b")
    assert a.pop("dataset.yaml") and b.pop("dataset.yaml") and a == b


def test_import_twice_is_byte_identical(tmp_path: Path) -> None:
    src = write_fixture(tmp_path / "src")
    run_import("legiscan-csv", ImportRequest([src], tmp_path / "votes"))
    first = files(tmp_path / "votes")
    run_import("legiscan-csv", ImportRequest([src], tmp_path / "votes"))
    assert files(tmp_path / "votes") == first


@pytest.mark.parametrize(("changes", "message"), [
    ({"votes.csv": "roll_call_id,people_id\n101,1\n"},
     "votes.csv: lacks the column(s) vote, vote_desc"),
    ({"rollcalls.csv": FILES["rollcalls.csv"].replace(",101,", ",x1,")},
     "rollcalls.csv, row 2: roll_call_id 'x1' is not a whole number"),
])
def test_bad_files_are_errors_and_nothing_is_written(tmp_path: Path, changes: dict[str, str],
                                                     message: str) -> None:
    src = write_fixture(tmp_path / "src")
    out = tmp_path / "votes"
    run_import("legiscan-csv", ImportRequest([src], out))
    before = files(out)
    write_fixture(src, **changes)
    with pytest.raises(SourceError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run_import("legiscan-csv", ImportRequest([src], out))
    assert files(out) == before


def test_missing_file_and_no_dataset(tmp_path: Path) -> None:
    src = write_fixture(tmp_path / "src")
    (src / "people.csv").unlink()
    with pytest.raises(SourceError, match="people.csv: is missing"):
        run_import("legiscan-csv", ImportRequest([src], tmp_path / "votes"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(SourceError, match="no bills.csv found"):
        run_import("legiscan-csv", ImportRequest([tmp_path / "empty"], tmp_path / "votes"))
    assert not (tmp_path / "votes").exists()


@pytest.mark.skipif(not REAL.exists(), reason=f"real LegiScan CSV sample not found ({REAL})")
def test_real_michigan_2019_2020(tmp_path: Path) -> None:
    out = tmp_path / "votes"
    report = run_import("legiscan-csv", ImportRequest([REAL], out))
    assert report.counts["rollcalls"] == (0, 3701)  # every roll call of rollcalls.csv
    assert report.counts["votes"] == (0, 162282)  # every member vote of votes.csv
    assert report.counts["bills"] == (0, 4448) and report.counts["legislators"] == (0, 150)
    assert not [w for w in report.warnings if "differ from the member votes" in w]
    rollcalls = (out / "rollcalls.csv").read_text()
    assert ("mi-2019-2020-HB4001-lower-2019-02-26-ls810856,2019-2020/HB4001,lower,2019-02-26,"
            in rollcalls)
    first = files(out)
    run_import("legiscan-csv", ImportRequest([REAL], out))
    assert files(out) == first
