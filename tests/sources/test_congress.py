"""The Congress importer: unitedstates/congress JSON and the chambers' XML into canonical tables.

Fixtures (tests/fixtures/congress/, see its README.md) are hand-written in the real formats.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from scorecard.sources import ImportRequest, run_import
from scorecard.sources.congress.json_format import motion_type_for, option_for
from scorecard.sources.congress.xml_format import (
    congress_of,
    house_date,
    motion_type_for_question,
    rollcall_url,
    senate_date,
)

from ..conftest import FIXTURES

CONGRESS = FIXTURES / "congress"
VOTES = CONGRESS / "data" / "116" / "votes" / "2020"
ROSTER = [CONGRESS / "roster" / "legislators-current.csv",
          CONGRESS / "roster" / "legislators-historical.csv"]


def run(paths: list[Path], into: Path, rosters: list[Path] | None = None):  # type: ignore[no-untyped-def]
    return run_import("congress", ImportRequest(paths=paths, into=into,
                                                rosters=ROSTER if rosters is None else rosters))


def read(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)


def test_json_roll_calls_become_canonical_tables(tmp_path: Path) -> None:
    report = run([CONGRESS / "data"], tmp_path)
    assert report.counts == {"rollcalls": (0, 4), "bills": (0, 2), "votes": (0, 17),
                             "legislators": (0, 9)}
    assert report.unresolved == [] and report.warnings == []
    assert (tmp_path / "rollcalls.csv").read_text() == (
        "rollcall_id,bill_id,chamber,date,motion,motion_type,committee,result,yes,no,other,"
        "source_url\n"
        "us-house-2020-11,116/HR535,lower,2020-01-10,On Agreeing to the Amendment: Amendment 2 "
        "to H R 535,amendment,,Agreed to,2,1,2,http://clerk.house.gov/evs/2020/roll011.xml\n"
        "us-house-2020-13,116/HR535,lower,2020-01-10,On Passage: H R 535 PFAS Action Act,"
        "passage,,Passed,1,1,2,http://clerk.house.gov/evs/2020/roll013.xml\n"
        'us-senate-2020-36,,upper,2020-02-11,"On the Nomination PN1325: Pat Example, of '
        'Alabama, to be United States Circuit Judge for the Eleventh Circuit",nomination,,'
        "Nomination Confirmed,2,1,1,http://www.senate.gov/legislative/LIS/roll_call_votes/"
        "vote1162/vote_116_2_00036.xml\n"
        "us-senate-2020-40,116/SJRES68,upper,2020-02-13,On the Joint Resolution S.J.Res. 68,"
        "passage,,Joint Resolution Passed,2,2,0,http://www.senate.gov/legislative/LIS/"
        "roll_call_votes/vote1162/vote_116_2_00040.xml\n"
    )
    bills = read(tmp_path, "bills")
    assert bills.to_dict("records") == [
        {"bill_id": "116/HR535", "session": "116", "number": "HR535", "title": "PFAS Action Act",
         "same_as": "", "url": "https://www.congress.gov/bill/116th-congress/house-bill/535"},
        {"bill_id": "116/SJRES68", "session": "116", "number": "SJRES68",
         "title": "A joint resolution directing the removal of an example", "same_as": "",
         "url": "https://www.congress.gov/bill/116th-congress/senate-joint-resolution/68"},
    ]
    meta = (tmp_path / "dataset.yaml").read_text()
    assert "jurisdiction: US" in meta and "'116'" in meta and "fetched_at: '2021-07-07'" in meta


def test_options_and_senators_mapped_to_bioguide(tmp_path: Path) -> None:
    report = run([VOTES / "h13", VOTES / "s36", VOTES / "s40"], tmp_path)
    votes = read(tmp_path, "votes")
    got = {(r.rollcall_id, r.legislator_id): (r.option, r.raw) for r in votes.itertuples()}
    assert got[("us-house-2020-13", "A000001")] == ("yes", "Yea")
    assert got[("us-house-2020-13", "B000002")] == ("no", "Nay")
    assert got[("us-house-2020-13", "C000003")] == ("abstain", "Present")
    assert got[("us-house-2020-13", "E000005")] == ("not voting", "Not Voting")
    # LIS ids through the roster (V000013 only in legislators-historical.csv)
    assert got[("us-senate-2020-36", "S000010")] == ("yes", "Yea")
    assert got[("us-senate-2020-36", "V000013")] == ("not voting", "Not Voting")
    # the Vice President's tie-breaking vote is not a member vote
    assert len(votes[votes["rollcall_id"] == "us-senate-2020-40"]) == 4
    assert any("Vice President" in n and "us-senate-2020-40" in n for n in report.notes)


def test_one_role_row_per_member_covering_their_roll_calls(tmp_path: Path) -> None:
    run([CONGRESS / "data"], tmp_path)
    leg = read(tmp_path, "legislators").set_index("legislator_id")
    assert leg.loc["A000001"].to_dict() == {
        "name": "Ada Abbot", "sort_name": "Abbot, Ada", "party": "Democratic",
        "chamber": "lower", "district": "NC-12", "start_date": "2020-01-10",
        "end_date": "2020-01-10", "url": "https://abbot.house.example"}
    # nickname and suffix from the roster; a delegate's at-large seat; bioguide page as url
    assert leg.loc["E000005", ["name", "sort_name", "district"]].tolist() == [
        "Ned Ellison Jr.", "Ellison, Ned", "GA-05"]
    assert leg.loc["D000004", "district"] == "DC-AL"
    assert leg.loc["B000002", "url"] == "https://bioguide.congress.gov/search/bio/B000002"
    assert leg.loc["S000010", ["chamber", "district", "start_date", "end_date"]].tolist() == [
        "upper", "WA", "2020-02-11", "2020-02-13"]


def test_roles_widen_on_later_imports(tmp_path: Path) -> None:
    run([VOTES / "s40"], tmp_path)
    run([VOTES / "s36"], tmp_path)
    leg = read(tmp_path, "legislators")
    rows = leg[leg["legislator_id"] == "S000010"]
    assert rows[["start_date", "end_date"]].values.tolist() == [["2020-02-11", "2020-02-13"]]


def test_importing_twice_changes_nothing(tmp_path: Path) -> None:
    run([CONGRESS / "data"], tmp_path)
    first = {p.name: p.read_bytes() for p in tmp_path.glob("*.csv")}
    report = run([CONGRESS / "data"], tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.glob("*.csv")} == first
    assert report.counts["votes"] == (17, 17)


def test_roll_calls_stay_in_order_whatever_the_import_order(tmp_path: Path) -> None:
    """Same-date ties are broken by row order, so roll 13 must follow roll 11."""
    run([VOTES / "h13"], tmp_path)
    run([VOTES / "h11"], tmp_path)
    assert read(tmp_path, "rollcalls")["rollcall_id"].tolist() == [
        "us-house-2020-11", "us-house-2020-13"]


def test_the_chambers_xml_gives_the_same_tables_as_json(tmp_path: Path) -> None:
    run([VOTES / "h13", VOTES / "s36"], tmp_path / "json")
    report = run([CONGRESS / "xml"], tmp_path / "xml")
    assert report.warnings == []
    for name in ("votes", "legislators", "bills"):
        assert read(tmp_path / "xml", name).equals(read(tmp_path / "json", name)), name
    xml_rc, json_rc = read(tmp_path / "xml", "rollcalls"), read(tmp_path / "json", "rollcalls")
    assert xml_rc.drop(columns="source_url").equals(json_rc.drop(columns="source_url"))
    assert xml_rc["source_url"].tolist() == [
        "https://clerk.house.gov/evs/2020/roll013.xml",
        "https://www.senate.gov/legislative/LIS/roll_call_votes/vote1162/vote_116_2_00036.xml"]
    assert "House Clerk and Senate roll-call XML" in (tmp_path / "xml" / "dataset.yaml").read_text()


def test_xml_totals_that_disagree_with_the_members_are_warned(tmp_path: Path) -> None:
    xml = (CONGRESS / "xml" / "roll013.xml").read_bytes()
    stub = b"<total-stub>Totals</total-stub>\r\n"
    assert xml.count(stub + b"<yea-total>1</yea-total>") == 1
    path = tmp_path / "roll013.xml"
    path.write_bytes(xml.replace(stub + b"<yea-total>1", stub + b"<yea-total>2"))
    report = run([path], tmp_path / "votes")
    assert report.warnings == [
        f"{path.resolve()}: the declared totals (yes 2, no 1, other 2) differ from the members "
        "listed (yes 1, no 1, other 2)."]
    assert read(tmp_path / "votes", "rollcalls")["yes"].tolist() == ["2"]


@pytest.mark.parametrize(("raw", "option"), [
    ("Yea", "yes"), ("Aye", "yes"), ("Guilty", "yes"), ("Nay", "no"), ("No", "no"),
    ("Not Guilty", "no"), ("Not Voting", "not voting"), ("Present", "abstain"),
    ("Present, Giving Live Pair", "paired"), ("Pelosi", "other"),
])
def test_options(raw: str, option: str) -> None:
    assert option_for(raw) == option


@pytest.mark.parametrize(("category", "motion_type"), [
    ("passage", "passage"), ("passage-suspension", "passage"), ("veto-override", "passage"),
    ("amendment", "amendment"), ("nomination", "nomination"), ("cloture", "procedural"),
    ("recommit", "procedural"), ("procedural", "procedural"), ("quorum", "procedural"),
    ("treaty", "other"), ("conviction", "other"), ("leadership", "other"),
    ("unknown", "other"), ("something new", "other"),
])
def test_motion_type_from_category(category: str, motion_type: str) -> None:
    assert motion_type_for(category) == motion_type


@pytest.mark.parametrize(("question", "motion_type"), [
    ("On Passage", "passage"),
    ("On Passage of the Bill", "passage"),
    ("On Motion to Suspend the Rules and Pass", "passage"),
    ("On Motion to Suspend the Rules and Pass, as Amended", "passage"),
    ("On Motion to Concur in the Senate Amendments", "passage"),
    ("On Agreeing to the Resolution", "passage"),
    ("On the Joint Resolution", "passage"),
    ("On the Conference Report", "passage"),
    ("On Overriding the Veto", "passage"),
    ("On the Motion (Motion to Concur in the House Amendment to S. 1790)", "passage"),
    ("On Agreeing to the Amendment", "amendment"),
    ("On the Amendment S.Amdt. 1617", "amendment"),
    ("On the Cloture Motion", "procedural"),
    ("On Cloture on the Motion to Proceed", "procedural"),
    ("On Motion to Recommit with Instructions", "procedural"),
    ("On Ordering the Previous Question", "procedural"),
    ("On Approving the Journal", "procedural"),
    ("On Motion to Table", "procedural"),
    ("On the Motion (Motion to Waive All Applicable Budgetary Discipline Re: Amdt. No. 1617)",
     "procedural"),
    ("Call of the House", "procedural"),
    ("On the Nomination", "nomination"),
    ("On the Resolution of Ratification", "other"),
    ("Guilty or Not Guilty", "other"),
    ("Election of the Speaker", "other"),
])
def test_xml_questions_classified(question: str, motion_type: str) -> None:
    assert motion_type_for_question(question) == motion_type


@pytest.mark.parametrize(("text", "iso"), [
    ("10-Jan-2020", "2020-01-10"), ("6-May-2013", "2013-05-06"), ("1-January-2014", "2014-01-01"),
])
def test_house_dates(text: str, iso: str) -> None:
    assert house_date(text, "f") == iso


@pytest.mark.parametrize(("text", "iso"), [
    ("February 11, 2020,  02:15 PM", "2020-02-11"), ("June 6, 2013, 10:34 AM", "2013-06-06"),
    ("January 1, 2014", "2014-01-01"),
])
def test_senate_dates(text: str, iso: str) -> None:
    assert senate_date(text, "f") == iso


def test_official_urls() -> None:
    assert congress_of(2020) == (116, 2) and congress_of(2019) == (116, 1)
    assert rollcall_url("h", 2020, 13) == "https://clerk.house.gov/evs/2020/roll013.xml"
    assert rollcall_url("h", 2019, 1234) == "https://clerk.house.gov/evs/2019/roll1234.xml"
    assert rollcall_url("s", 2020, 36) == (
        "https://www.senate.gov/legislative/LIS/roll_call_votes/vote1162/vote_116_2_00036.xml")


def test_folders_are_searched_for_roll_call_files_only(tmp_path: Path) -> None:
    """data.xml beside data.json is GovTrack's derived format, and bills have data.json
    files too: neither is read from a folder."""
    folder = tmp_path / "in" / "h13"
    shutil.copytree(VOTES / "h13", folder)
    (folder / "data.xml").write_text('<roll where="house" session="116" year="2020"/>')
    bill = tmp_path / "in" / "bills" / "hr" / "hr535"
    bill.mkdir(parents=True)
    (bill / "data.json").write_text('{"bill_id": "hr535-116"}')
    report = run([tmp_path / "in"], tmp_path / "votes")
    assert report.counts["rollcalls"] == (0, 1)


def test_a_session_that_runs_into_the_next_year_keeps_its_year(tmp_path: Path) -> None:
    """The Senate's vote 290 of the 2020 session was taken on 2021-01-01: roll calls are
    numbered per session, so the id keeps the session's year and the date is the day's."""
    data = json.loads((VOTES / "s40" / "data.json").read_text())
    data.update(number=290, date="2021-01-01T13:30:00-05:00", vote_id="s290-116.2020")
    folder = tmp_path / "in" / "s290"
    folder.mkdir(parents=True)
    (folder / "data.json").write_text(json.dumps(data))
    xml = (CONGRESS / "xml" / "vote_116_2_00036.xml").read_text()
    xml = xml.replace("<vote_number>36</vote_number>", "<vote_number>291</vote_number>").replace(
        "February 11, 2020,  02:15 PM</vote_date>", "January 1, 2021,  02:15 PM</vote_date>")
    (tmp_path / "in" / "vote_116_2_00291.xml").write_text(xml)
    run([tmp_path / "in"], tmp_path / "votes")
    rows = read(tmp_path / "votes", "rollcalls")[["rollcall_id", "date", "source_url"]]
    assert rows.values.tolist() == [
        ["us-senate-2020-290", "2021-01-01",
         "http://www.senate.gov/legislative/LIS/roll_call_votes/vote1162/vote_116_2_00040.xml"],
        ["us-senate-2020-291", "2021-01-01",
         "https://www.senate.gov/legislative/LIS/roll_call_votes/vote1162/vote_116_2_00291.xml"]]
