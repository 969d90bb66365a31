"""Open States bulk session CSV export (format 2.1) -> canonical tables."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from scorecard.errors import SourceError
from scorecard.sources import ImportRequest, run_import
from scorecard.sources.openstates.bulk import motion_type, normalise_session, rollcall_id
from scorecard.sources.openstates.exports import parse_bool, parse_list
from tests.conftest import FIXTURES
from tests.sources.replay import snapshot

EXPORT = FIXTURES / "openstates" / "ny_2023-2024"
ROSTER = FIXTURES / "openstates" / "roster"
CSV_DIR = "ny/2023-2024"
SEN = "ocd-person/00000000-0000-4000-8000-0000000001"
ASM = "ocd-person/00000000-0000-4000-8000-0000000002"


def zip_of(folder: Path, dest: Path, skip: tuple[str, ...] = ()) -> Path:
    with zipfile.ZipFile(dest, "w") as zf:
        for p in sorted(folder.rglob("*")):
            if p.is_file() and p.name not in skip:
                zf.write(p, str(p.relative_to(folder)))
    return dest


def run(path: Path, into: Path, rosters: tuple[Path, ...] = ()):  # noqa: ANN201
    return run_import("openstates-csv", ImportRequest([path], into, list(rosters)))


def table(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)


def test_both_chambers_committee_excused_same_as(tmp_path: Path) -> None:
    into = tmp_path / "votes"
    report = run(EXPORT, into)
    bills = table(into, "bills").set_index("number")
    assert list(bills.index) == ["A2001", "S1001", "S1002"]
    assert bills.at["S1001", "same_as"] == "A2001" and bills.at["A2001", "same_as"] == "S1001"
    assert bills.at["S1001", "bill_id"] == "2023-2024/S1001"
    assert bills.at["S1001", "title"].endswith('in relation to "farm laborers"')
    assert bills.at["S1002", "url"] == "https://openstates.org/ny/bills/2023-2024/S1002/"

    rc = table(into, "rollcalls")
    assert list(rc["rollcall_id"]) == [
        "ny-2023-2024-S1001-upper-2023-03-01-1a2b3c01",
        "ny-2023-2024-A2001-lower-2023-06-06-1a2b3c02",
        "ny-2023-2024-A2001-upper-2023-06-07-1a2b3c03",  # the Senate votes on the A print
        "ny-2023-2024-S1002-upper-2024-05-14-1a2b3c04",
    ]
    assert list(rc["chamber"]) == ["upper", "lower", "upper", "upper"]
    assert list(rc["motion_type"]) == ["committee", "passage", "passage", "passage"]
    assert list(rc["committee"]) == ["Labor", "", "", ""]
    assert list(rc["date"]) == ["2023-03-01", "2023-06-06", "2023-06-07", "2024-05-14"]
    assert list(rc[["yes", "no", "other"]].itertuples(index=False, name=None)) == [
        ("2", "1", "0"), ("3", "1", "1"), ("2", "1", "1"), ("4", "0", "0")]
    assert rc.at[0, "source_url"] == "https://www.nysenate.gov/legislation/bills/2023/S1001"

    votes = table(into, "votes").set_index(["rollcall_id", "legislator_id"])
    assert len(votes) == 16
    assert votes.loc[("ny-2023-2024-A2001-lower-2023-06-06-1a2b3c02", ASM + "04"),
                     "option"] == "excused"
    assert votes.loc[("ny-2023-2024-S1002-upper-2024-05-14-1a2b3c04", SEN + "04"),
                     "option"] == "absent"

    sponsors = table(into, "sponsors")
    assert sponsors.values.tolist() == [
        ["2023-2024/A2001", ASM + "01", "primary"],
        ["2023-2024/A2001", "openstates:brooks-ferris", "cosponsor"],
        ["2023-2024/S1001", SEN + "01", "primary"],
        ["2023-2024/S1001", SEN + "03", "cosponsor"],
    ]
    # the declared-count mismatch is reported with its file and row
    mismatch = [w for w in report.warnings if "declared counts differ" in w]
    assert mismatch == [
        f"{EXPORT / CSV_DIR / 'ny_2023-2024_votes.csv'}, row 5: roll call "
        "ny-2023-2024-S1002-upper-2024-05-14-1a2b3c04: the declared counts differ from the "
        "member votes (yes 4 declared, 3 listed, other 0 declared, 1 listed)"]
    # without a roster: the name without an id is reported, everyone gets a row
    assert report.unresolved == [
        "openstates:brooks-ferris Brooks-Ferris (lower, 2023-01-01..2024-12-31): no roster "
        "given"]
    legislators = table(into, "legislators")
    assert len(legislators) == 9 and set(legislators["chamber"]) == {"upper", "lower"}
    meta = (into / "dataset.yaml").read_text()
    assert "Open States bulk CSV" in meta and "fetched_at: '2024-07-01'" in meta


def test_roster_resolves_names_and_gives_roles(tmp_path: Path) -> None:
    into = tmp_path / "votes"
    report = run(EXPORT, into, (ROSTER,))
    assert report.unresolved == []
    votes = table(into, "votes")
    assert ASM + "05" in set(votes["legislator_id"])  # "Brooks-Ferris", no id in the export
    assert not any(v.startswith("openstates:") for v in votes["legislator_id"])
    legislators = table(into, "legislators").set_index("legislator_id")
    assert legislators.at[ASM + "05", "name"] == "Angela Brooks-Ferris"
    assert legislators.at[SEN + "01", "district"] == "10"
    assert not any("got a row in legislators.csv" in w for w in report.warnings)
    assert "2023-2024/A2001" in set(table(into, "sponsors").query(
        f"legislator_id == '{ASM}05'")["bill_id"])


def test_two_names_of_one_person_are_kept_once(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    shutil.copytree(EXPORT, folder)
    with (folder / CSV_DIR / "ny_2023-2024_vote_people.csv").open("a") as fh:
        fh.write("p17,ocd-vote/1a2b3c02-5e6f-4a7b-8c9d-0e1f2a3b4c02,yes,A. Brooks-Ferris,,\n")
    into = tmp_path / "votes"
    report = run(folder, into, (ROSTER,))
    assert report.unresolved == []
    assert any("two source names resolved to the same person" in w for w in report.warnings)
    votes = table(into, "votes")
    assert list(votes.duplicated(["rollcall_id", "legislator_id"])) == [False] * len(votes)
    assert (votes["legislator_id"] == ASM + "05").sum() == 1


def test_zip_equals_folder_and_second_import_changes_nothing(tmp_path: Path) -> None:
    archive = zip_of(EXPORT, tmp_path / "ny_2023-2024.zip")
    run(EXPORT, tmp_path / "a")
    run(archive, tmp_path / "b")
    for name in ("bills", "rollcalls", "votes", "sponsors", "legislators"):
        assert (tmp_path / "a" / f"{name}.csv").read_bytes() == (
            tmp_path / "b" / f"{name}.csv").read_bytes()
    before = snapshot(tmp_path / "b")
    report = run(archive, tmp_path / "b")
    assert snapshot(tmp_path / "b") == before
    assert report.counts["votes"] == (16, 16)


@pytest.mark.parametrize("text, expected", [
    ("['passage']", ["passage"]), ("['reading-3', 'passage']", ["reading-3", "passage"]),
    ("[]", []), ("", []), ('["bill"]', ["bill"]), ("{passage,committee-passage}",
                                                   ["passage", "committee-passage"]),
])
def test_parse_list(text: str, expected: list[str]) -> None:
    assert parse_list(text) == expected


@pytest.mark.parametrize("text", ["__import__('os').system('true')", "[1, 2]", "['a'",
                                  "passage", "{'a': 1}"])
def test_parse_list_refuses_anything_but_a_list_of_strings(text: str) -> None:
    with pytest.raises((ValueError, SyntaxError)):
        parse_list(text)


def test_parse_bool() -> None:
    assert parse_bool("True") and parse_bool("true") and not parse_bool("False")
    assert not parse_bool("")
    with pytest.raises(ValueError):
        parse_bool("maybe")


@pytest.mark.parametrize("classes, committee, expected", [
    (["passage"], False, "passage"), (["reading-3", "passage"], False, "passage"),
    (["committee-passage"], False, "committee"), (["passage"], True, "committee"),
    (["amendment-passage"], False, "amendment"), (["reading-2"], False, "procedural"),
    (["veto-override"], False, "other"), ([], False, "other"),
])
def test_motion_type(classes: list[str], committee: bool, expected: str) -> None:
    assert motion_type(classes, committee) == expected


def test_session_and_rollcall_id() -> None:
    assert normalise_session("2023-2024") == "2023-2024"
    assert normalise_session("20232024") == "2023-2024"
    assert normalise_session("89") == "89"
    assert rollcall_id("ny", "2023-2024", "S1747", "upper", "2023-06-07",
                       "ocd-vote/3f0c9d6e-1111-2222-3333-444455556666") == (
        "ny-2023-2024-S1747-upper-2023-06-07-3f0c9d6e")
    assert rollcall_id("tx", "89 Special 1", "HB1", "lower", "2025-08-01", "ocd-vote/ab") == (
        "tx-89-Special-1-HB1-lower-2025-08-01-ab")


# ------------------------------------------------------------------ bad input


@pytest.fixture
def dataset(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A dataset folder that already holds an import: errors must leave it unchanged."""
    into = tmp_path / "votes"
    run(EXPORT, into)
    return into, snapshot(into)


def broken_copy(tmp_path: Path, file: str, old: str, new: str) -> Path:
    folder = tmp_path / "broken"
    shutil.copytree(EXPORT, folder)
    path = folder / CSV_DIR / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return folder


def expect_error(path: Path, dataset: tuple[Path, dict[str, bytes]], *parts: str) -> str:
    into, before = dataset
    with pytest.raises(SourceError) as err:
        run(path, into)
    message = err.value.message
    for part in parts:
        assert part in message
    assert snapshot(into) == before
    return message


def test_missing_csv_in_zip(tmp_path: Path, dataset: tuple[Path, dict[str, bytes]]) -> None:
    archive = zip_of(EXPORT, tmp_path / "ny.zip", skip=("ny_2023-2024_votes.csv",))
    message = expect_error(archive, dataset, str(archive), "ny_2023-2024_votes.csv missing")
    assert "CSV format version 2.1" in message


def test_not_a_zip(tmp_path: Path, dataset: tuple[Path, dict[str, bytes]]) -> None:
    fake = tmp_path / "ny_2023-2024.zip"
    fake.write_bytes(b"<html>Rate limit exceeded</html>")
    expect_error(fake, dataset, f"{fake} is not a ZIP file")


def test_missing_column(tmp_path: Path, dataset: tuple[Path, dict[str, bytes]]) -> None:
    folder = broken_copy(tmp_path, "ny_2023-2024_vote_people.csv", "voter_id,", "person,")
    expect_error(folder, dataset, "ny_2023-2024_vote_people.csv, row 1",
                 "column(s) voter_id missing")


def test_vote_people_row_pointing_to_no_vote(tmp_path: Path,
                                             dataset: tuple[Path, dict[str, bytes]]) -> None:
    folder = broken_copy(tmp_path, "ny_2023-2024_vote_people.csv",
                         "p05,ocd-vote/1a2b3c02-5e6f-4a7b-8c9d-0e1f2a3b4c02",
                         "p05,ocd-vote/99999999-0000-0000-0000-000000000000")
    message = expect_error(folder, dataset, "ny_2023-2024_vote_people.csv, row 6",
                           "vote_event_id 'ocd-vote/99999999-0000-0000-0000-000000000000' "
                           "names no vote in")
    assert message.startswith("Cannot import")
    assert "nothing was written" in message


def test_bad_list_literal_and_date(tmp_path: Path,
                                   dataset: tuple[Path, dict[str, bytes]]) -> None:
    folder = broken_copy(tmp_path, "ny_2023-2024_votes.csv", "['committee-passage'],2023-03-01",
                         "\"__import__('os').getcwd()\",2023-13-01")
    expect_error(folder, dataset, "ny_2023-2024_votes.csv, row 2",
                 "is not a list such as ['passage']",
                 "start_date '2023-13-01' is not a date")  # every problem, reported together


def test_missing_path_and_empty_folder(tmp_path: Path,
                                       dataset: tuple[Path, dict[str, bytes]]) -> None:
    expect_error(tmp_path / "nope.zip", dataset, "no such file or folder")
    (tmp_path / "empty").mkdir()
    expect_error(tmp_path / "empty", dataset, "no Open States session CSV files found")


def test_cli_import_and_error(tmp_path: Path) -> None:
    from scorecard.cli import cli

    runner = CliRunner()
    archive = zip_of(EXPORT, tmp_path / "ny_2023-2024.zip")
    ok = runner.invoke(cli, ["import", "openstates-csv", str(archive), "--into",
                             str(tmp_path / "votes"), "--roster", str(ROSTER)])
    assert ok.exit_code == 0, ok.output
    assert "votes.csv: 0 -> 16 rows" in ok.output
    fake = tmp_path / "bad.zip"
    fake.write_bytes(b"not a zip")
    bad = runner.invoke(cli, ["import", "openstates-csv", str(fake), "--into",
                              str(tmp_path / "votes")])
    assert bad.exit_code == 1
    assert f"{fake} is not a ZIP file" in bad.output
    assert "Traceback" not in bad.output
