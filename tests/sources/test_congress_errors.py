"""Bad input to ``scorecard import congress``: each a clear message naming the file or row,
exit status 1, no traceback, and nothing written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from scorecard.cli import cli

from ..conftest import FIXTURES

CONGRESS = FIXTURES / "congress"
VOTES = CONGRESS / "data" / "116" / "votes" / "2020"
ROSTER_ARGS = ["--roster", str(CONGRESS / "roster" / "legislators-current.csv"),
               "--roster", str(CONGRESS / "roster" / "legislators-historical.csv")]


def import_(*paths: Path, into: Path, roster: bool = True) -> Result:
    args = ["import", "congress", *map(str, paths), "--into", str(into)]
    return CliRunner().invoke(cli, args + (ROSTER_ARGS if roster else []),
                              catch_exceptions=False)


def assert_refused(result: Result, message: str, into: Path) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.output == f"Error: {message}\n"
    assert not into.exists(), "nothing may be written"


def edited(src: Path, dest: Path, change: Any) -> Path:
    """A copy of a fixture data.json at ``dest``, changed by ``change(data)``."""
    data = json.loads(src.read_text())
    change(data)
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(json.dumps(data))
    return dest


def test_a_file_that_is_not_a_roll_call(tmp_path: Path) -> None:
    bill = tmp_path / "bill.json"
    bill.write_text('{"bill_id": "hr535-116", "titles": []}')
    assert_refused(import_(bill, into=tmp_path / "v"),
                   f"{bill.resolve()}: not a roll call in the unitedstates/congress format (it "
                   "needs 'chamber', 'number', 'date' and 'votes'). Pass the roll calls' "
                   "data.json files, or folders holding them.", tmp_path / "v")


@pytest.mark.parametrize(("name", "content", "message"), [
    ("notes.txt", "hello", "not a roll call: expected a unitedstates/congress data.json or a "
     "House Clerk / Senate roll-call XML file."),
    ("broken.json", '{"chamber": "h", ', "not a roll call: it is not valid JSON (Expecting "
     "property name enclosed in double quotes: line 1 column 18 (char 17))."),
    ("page.xml", "<html><body>Roll call not available</body></html>",
     "not a roll call: it is a web page, not roll-call XML (if fetched: the roll call may not "
     "be published yet, or was vacated)."),
    ("bill.xml", "<billStatus><bill/></billStatus>", "not a roll call: the XML's root is "
     "<billStatus>, not the House Clerk's <rollcall-vote> or the Senate's <roll_call_vote>."),
    ("data.xml", '<roll where="house" session="116" year="2020" roll="13"/>',
     "this is GovTrack's derived XML (<roll>), not a chamber's roll call; import the "
     "data.json beside it instead."),
])
def test_files_of_other_kinds(tmp_path: Path, name: str, content: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content)
    assert_refused(import_(path, into=tmp_path / "v"), f"{path.resolve()}: {message}",
                   tmp_path / "v")


def test_a_roll_call_with_a_missing_field(tmp_path: Path) -> None:
    path = edited(VOTES / "h13" / "data.json", tmp_path / "h13" / "data.json",
                  lambda d: d.pop("date"))
    assert_refused(import_(path, into=tmp_path / "v"),
                   f"{path.resolve()}: the roll call's 'date' is missing or not valid (found "
                   "None).", tmp_path / "v")


def test_a_member_id_the_roster_lacks_is_reported_not_guessed(tmp_path: Path) -> None:
    house = edited(VOTES / "h13" / "data.json", tmp_path / "in" / "h13" / "data.json",
                   lambda d: d["votes"]["Yea"].append(
                       {"display_name": "Newman", "id": "N000099", "party": "R", "state": "NY"}))
    senate = edited(VOTES / "s36" / "data.json", tmp_path / "in" / "s36" / "data.json",
                    lambda d: d["votes"]["Nay"].append(
                        {"display_name": "Newsome (D-CA)", "first_name": "Nia", "id": "S999",
                         "last_name": "Newsome", "party": "D", "state": "CA"}))
    result = import_(tmp_path / "in", into=tmp_path / "v")
    assert result.exit_code == 0, result.output
    assert (
        "2 name(s) could not be matched to the roster and keep a source id:\n"
        f"  N000099 (Newman): not in the roster (first seen in {house.resolve()}, on 1 roll "
        "call(s)); kept as its bioguide id with the name the roll call shows.\n"
        f"  S999 (Newsome (D-CA)): not in the roster (first seen in {senate.resolve()}, on 1 "
        "roll call(s)); kept as congress:S999 with the name the roll call shows.\n"
    ) in result.output
    votes = (tmp_path / "v" / "votes.csv").read_text()
    assert "us-house-2020-13,N000099,yes,Yea" in votes
    assert "us-senate-2020-36,congress:S999,no,Nay" in votes
    legislators = (tmp_path / "v" / "legislators.csv").read_text()
    assert 'congress:S999,Nia Newsome,"Newsome, Nia",Democratic,upper,CA,' in legislators


def test_a_roll_call_filed_under_the_other_chamber(tmp_path: Path) -> None:
    path = tmp_path / "s13" / "data.json"
    path.parent.mkdir()
    shutil.copy(VOTES / "h13" / "data.json", path)
    assert_refused(import_(path, into=tmp_path / "v"),
                   f"{path.resolve()}: the folder says s13 but the file is h13 (chamber 'h', "
                   "number 13). The file is misfiled or damaged.", tmp_path / "v")


def test_senate_ids_in_a_house_roll_call(tmp_path: Path) -> None:
    def to_senate_ids(d: dict[str, Any]) -> None:
        d["votes"]["Yea"][0]["id"] = "S101"
    path = edited(VOTES / "h13" / "data.json", tmp_path / "roll" / "data.json", to_senate_ids)
    assert_refused(import_(path, into=tmp_path / "v"),
                   f"{path.resolve()}: this House roll call should list members by bioguide id,"
                   " but has S101. They look like Senate LIS ids: is this a Senate roll call "
                   "filed as a House one?", tmp_path / "v")


def test_a_vote_id_that_disagrees_with_the_content(tmp_path: Path) -> None:
    path = edited(VOTES / "s36" / "data.json", tmp_path / "x" / "data.json",
                  lambda d: d.update(chamber="h"))
    result = import_(path, into=tmp_path / "v")
    assert_refused(result, f"{path.resolve()}: vote_id 's36-116.2020' disagrees with the "
                   "file's chamber, number, congress and date (h36-116.2020).", tmp_path / "v")


def test_a_member_listed_twice_on_a_roll_call(tmp_path: Path) -> None:
    path = edited(VOTES / "h13" / "data.json", tmp_path / "h13" / "data.json",
                  lambda d: d["votes"]["Nay"].append(d["votes"]["Yea"][0]))
    assert_refused(import_(path, into=tmp_path / "v"),
                   f"{path.resolve()}: A000001 listed more than once on this roll call; the "
                   "file is damaged.", tmp_path / "v")


def test_the_same_roll_call_twice(tmp_path: Path) -> None:
    xml = CONGRESS / "xml" / "roll013.xml"
    result = import_(VOTES / "h13", xml, into=tmp_path / "v")
    assert_refused(result, "Duplicate roll calls: 1 problem found (nothing was written).\n"
                   f"  - {xml.resolve()}: holds roll call us-house-2020-13, which "
                   f"{(VOTES / 'h13' / 'data.json').resolve()} also holds; import one of them.",
                   tmp_path / "v")


def test_the_same_file_twice_is_read_once(tmp_path: Path) -> None:
    result = import_(VOTES / "h13", VOTES / "h13" / "data.json", into=tmp_path / "v")
    assert result.exit_code == 0, result.output
    assert "rollcalls.csv: 0 -> 1 rows" in result.output


def test_no_roster(tmp_path: Path) -> None:
    assert_refused(import_(VOTES / "h13", into=tmp_path / "v", roster=False),
                   "Importing Congress roll calls needs the congress-legislators roster: add "
                   "--roster legislators-current.csv --roster legislators-historical.csv (from "
                   "github.com/unitedstates/congress-legislators) so senators' LIS ids map to "
                   "bioguide ids and members get names and districts.", tmp_path / "v")


def test_a_roster_that_is_not_congress_legislators(tmp_path: Path) -> None:
    roster = tmp_path / "people.csv"
    roster.write_text("id,name\nx,y\n")
    result = CliRunner().invoke(cli, ["import", "congress", str(VOTES / "h13"), "--into",
                                      str(tmp_path / "v"), "--roster", str(roster)])
    assert_refused(result, f"{roster}: not a congress-legislators roster CSV (it lacks "
                   "column(s) bioguide_id, lis_id, last_name, first_name, state, district, "
                   "party, type). Use legislators-current.csv and legislators-historical.csv "
                   "from github.com/unitedstates/congress-legislators.", tmp_path / "v")


def test_a_folder_with_no_roll_calls(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert_refused(import_(tmp_path / "empty", into=tmp_path / "v"),
                   f"No roll-call files found in {tmp_path / 'empty'}: expected data.json "
                   "files (data/<congress>/votes/<year>/h13/data.json) or roll-call XML files.",
                   tmp_path / "v")


def test_a_bad_file_among_good_ones_writes_nothing(tmp_path: Path) -> None:
    into = tmp_path / "v"
    assert import_(VOTES / "h11", into=into).exit_code == 0
    before = {p.name: p.read_bytes() for p in into.iterdir()}
    bad = tmp_path / "notes.txt"
    bad.write_text("hello")
    result = import_(VOTES / "h13", bad, into=into)
    assert result.exit_code == 1
    assert {p.name: p.read_bytes() for p in into.iterdir()} == before


@pytest.mark.parametrize(("row", "message"), [
    ("us-house-2020-99,A000001,excused,typo in the roll call",
     "rollcall_id 'us-house-2020-99' names no roll call in rollcalls.csv"),
    ("us-house-2020-13,Z000999,excused,typo in the member",
     "legislator_id 'Z000999' names no legislator in legislators.csv"),
])
def test_an_override_naming_what_does_not_exist(tmp_path: Path, row: str,
                                                message: str) -> None:
    into = tmp_path / "votes"
    assert import_(VOTES / "h13", into=into).exit_code == 0
    (into / "overrides.csv").write_text(f"rollcall_id,legislator_id,option,note\n{row}\n")
    platform = tmp_path / "platform.yaml"
    platform.write_text(
        "title: T\njurisdiction: US\ndata: votes\nsections:\n  - id: s\n    title: S\n"
        "    demands:\n      - id: d\n        title: D\n        bills:\n"
        "          - rollcalls: [us-house-2020-13]\n            position: support\n")
    result = CliRunner().invoke(cli, ["validate", "--platform", str(platform)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"{into / 'overrides.csv'}, row 2: {message}" in result.output
