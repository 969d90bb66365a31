"""The NY Assembly's bill pages: both layouts, short names, checks, merging with the Senate."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from scorecard.build import score_platform
from scorecard.cli import cli
from scorecard.errors import SourceError
from scorecard.sources import ImportReport, ImportRequest
from scorecard.sources.core.roster import load_roster
from scorecard.sources.nyassembly.importer import import_nyassembly
from scorecard.sources.nyassembly.names import parse_short, speaker_on
from scorecard.sources.nyassembly.pages import parse_page, print_number
from scorecard.sources.nyopenleg.mirror import import_ny_mirror
from tests.builders import make_platform
from tests.conftest import FIXTURES
from tests.sources import assembly_pages as ap
from tests.sources.assembly_pages import Vote, current_page, earlier_page
from tests.sources.replay import snapshot

E854 = ap.real_e854()
real = pytest.mark.skipif(E854 is None or not ap.ROSTER.exists(),
                          reason="../shared/realdata (nyassembly_pages, openstates_people_ny) "
                                 "is absent")
LAYOUTS = {"current": current_page, "earlier": earlier_page}
HEASTIE = "ocd-person/2049da3a-132c-47b4-b53d-c28b574fff63"
MICHAEL_MILLER = "ocd-person/ef98fc54-6fdd-4941-91fa-220e0406ce8a"  # MillerMG@nyassembly.gov
MELISSA_MILLER = "ocd-person/dbf06797-edd3-40c0-9ade-df8ad694e581"  # MillerML@nyassembly.gov
NAMES = ap.fictional_surnames(6)


def read(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)


def run(paths: list[Path], into: Path, roster: Path, sessions: list[str] | None = None
        ) -> ImportReport:
    return import_nyassembly(ImportRequest(paths, into, [roster],
                                          options={"sessions": sessions or []}))


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    folder = tmp_path / "roster"
    ap.fictional_roster(folder, NAMES)
    return folder


def write(folder: Path, name: str, raw: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(raw)
    return folder / name


# --- the real roll call, both layouts ----------------------------------------------------


@real
@pytest.mark.realdata
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_real_e854(tmp_path: Path, layout: str) -> None:
    assert E854 is not None
    page = write(tmp_path / "pages", "E00854-2019.html",
                 LAYOUTS[layout]([Vote("03/30/2020", E854)]))
    report = run([page], tmp_path / "ds", ap.ROSTER)
    ds = tmp_path / "ds"
    rc = read(ds, "rollcalls")
    assert rc.to_dict("records") == [{
        "rollcall_id": "ny-assembly-2019-E854-floor-2020-03-30", "bill_id": "2019-2020/E854",
        "chamber": "lower", "date": "2020-03-30", "motion": "Assembly Vote",
        "motion_type": "passage", "committee": "", "result": "", "yes": "90", "no": "34",
        "other": "23", "source_url": "https://nyassembly.gov/leg/?default_fld=&leg_video=&bn="
        "E00854&term=2019&Floor%26nbspVotes=Y"}]
    votes = read(ds, "votes")
    assert len(votes) == 147 and votes["legislator_id"].is_unique
    assert votes["option"].value_counts().to_dict() == {"yes": 90, "no": 34, "excused": 23}
    raw = {"current": {"Yes", "No", "ER"}, "earlier": {"Y", "NO", "ER"}}[layout]
    assert set(votes["raw"]) == raw
    # every name resolves to a roster person who held an Assembly seat on 2020-03-30
    roster = load_roster([ap.ROSTER])
    assert set(votes["legislator_id"]) <= set(roster.people)
    legislators = read(ds, "legislators")
    lower = legislators[(legislators["chamber"] == "lower")
                        & (legislators["start_date"] <= "2020-03-30")
                        & ((legislators["end_date"] == "") |
                           (legislators["end_date"] >= "2020-03-30"))]
    assert set(votes["legislator_id"]) <= set(lower["legislator_id"])
    # ... by the roster's own roles, except two whose roster terms start later (its
    # older terms are missing): matched among all Assembly members, and reported
    unseated = {roster.people[i].name for i in votes["legislator_id"]
                if not roster.people[i].roles_in("lower", "2020-03-30", "2020-03-30")}
    assert unseated == {"Joe DeStefano", "Fred Thiele"}
    assert any("Joe DeStefano" in w and "Fred Thiele" in w for w in report.warnings)
    assert not (ds / "unresolved.csv").exists() and not report.unresolved
    by = dict(zip(votes["legislator_id"], votes["option"], strict=True))
    assert by[HEASTIE] == "yes"  # "Mr. Speaker" / "Mr Spkr": the Speaker then
    # initials tell the Millers apart (the roster's e-mail addresses spell them)
    codes = {name: code for code, name in E854}
    assert by[MICHAEL_MILLER] == {"Yes": "yes", "No": "no"}.get(codes["Miller MG"], "excused")
    assert by[MELISSA_MILLER] == {"Yes": "yes", "No": "no"}.get(codes["Miller ML"], "excused")
    assert len({MICHAEL_MILLER, MELISSA_MILLER} & set(by)) == 2


@real
@pytest.mark.realdata
def test_real_e854_same_votes_in_both_layouts(tmp_path: Path) -> None:
    assert E854 is not None
    got = []
    for layout, make in sorted(LAYOUTS.items()):
        page = write(tmp_path / layout, "E00854-2019.html", make([Vote("03/30/2020", E854)]))
        run([page], tmp_path / f"ds-{layout}", ap.ROSTER)
        got.append(read(tmp_path / f"ds-{layout}", "votes")[
            ["rollcall_id", "legislator_id", "option"]])
    pd.testing.assert_frame_equal(got[0], got[1])


def test_speaker_mapping() -> None:
    assert speaker_on("2020-03-30").name == "Carl Heastie"  # type: ignore[union-attr]
    assert speaker_on("2010-05-01").name == "Sheldon Silver"  # type: ignore[union-attr]
    assert speaker_on("1990-01-01") is None


def test_short_names() -> None:
    assert (parse_short("Miller MG").surname, parse_short("Miller MG").initials) == (
        "miller", "mg")
    assert parse_short("De La Rosa").initials == "" and parse_short("Ra").surname == "ra"
    assert parse_short("Pheffer Amato").surname == "pheferamato".replace("fer", "ffer")
    assert print_number("A03675") == "A3675" and print_number("e00854") == "E854"


# --- synthetic pages (fictional members) -------------------------------------------------


def members(codes: str, names: list[str] = NAMES) -> list[tuple[str, str]]:
    table = {"Y": "Yes", "N": "No", "E": "ER", "A": "AB", "V": "NV", "L": "EL"}
    return [(table[c], n) for c, n in zip(codes, names, strict=False)]


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_several_roll_calls_keep_their_members(tmp_path: Path, roster: Path,
                                               layout: str) -> None:
    page = LAYOUTS[layout]([
        Vote("06/10/2020", members("YYNNEA")),
        Vote("06/10/2020", members("NNYY", NAMES[2:])),  # same day: -2
        Vote("01/12/2021", members("YVL", NAMES[:3]), motion="Motion to Reconsider"),
    ], bill="A00200")
    report = run([write(tmp_path / "p", "A00200-2019.html", page)], tmp_path / "ds", roster)
    assert not report.warnings
    ids = dict(zip(NAMES, (f"ocd-person/aaaaaaaa-0000-0000-0000-{i:012d}" for i in
                           range(1, 7)), strict=True))
    votes = read(tmp_path / "ds", "votes")
    got = {rid: dict(zip(g["legislator_id"], g["option"], strict=True))
           for rid, g in votes.groupby("rollcall_id")}
    base = "ny-assembly-2019-A200-floor-"
    assert got == {
        f"{base}2020-06-10": {ids[NAMES[0]]: "yes", ids[NAMES[1]]: "yes", ids[NAMES[2]]: "no",
                              ids[NAMES[3]]: "no", ids[NAMES[4]]: "excused",
                              ids[NAMES[5]]: "absent"},
        f"{base}2020-06-10-2": {ids[NAMES[2]]: "no", ids[NAMES[3]]: "no",
                                ids[NAMES[4]]: "yes", ids[NAMES[5]]: "yes"},
        f"{base}2021-01-12": {ids[NAMES[0]]: "yes", ids[NAMES[1]]: "not voting",
                              ids[NAMES[2]]: "other"},
    }
    rc = read(tmp_path / "ds", "rollcalls").set_index("rollcall_id")
    assert rc.loc[f"{base}2021-01-12", "motion"] == "Motion to Reconsider"
    assert rc.loc[f"{base}2020-06-10", ["yes", "no", "other"]].tolist() == ["2", "2", "2"]


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_identical_member_lists_warn(tmp_path: Path, roster: Path, layout: str) -> None:
    same = members("YYNNEA")
    page = LAYOUTS[layout]([Vote("06/09/2025", same), Vote("01/12/2026", same)],
                           bill="A01250", term=2025)
    report = run([write(tmp_path / "p", "A01250-2025.html", page)], tmp_path / "ds", roster)
    assert any("roll calls 1 (2025-06-09) and 2 (2026-01-12) of A1250 list the same 6 "
               "members with the same votes" in w and "#5748" in w for w in report.warnings)
    assert len(read(tmp_path / "ds", "rollcalls")) == 2  # a warning, not an error


def test_no_votes_page_imports_nothing(tmp_path: Path, roster: Path) -> None:
    page = write(tmp_path / "p", "A00001-2019.html", ap.no_votes_page())
    report = run([page], tmp_path / "ds", roster)
    assert report.counts == {} and "nothing was imported" in report.notes[0]
    assert snapshot(tmp_path / "ds") == {}


@pytest.mark.parametrize("raw, message", [
    (b"<html><body><p>Bill search</p><table><tr><td>x</td></tr></table></body></html>",
     "is not an Assembly bill page with votes in either known layout"),
    (b"", "is empty"),
    (b"<html><body><table><caption><span>DATE:</span><span>03/30/2020</span>Assembly Vote"
     b"</caption></table></body></html>", "has no 'YEA/NAY: n/m' totals"),
    (b"<html><body><table><caption><span>DATE:</span><span>03/30/2020</span><span>"
     b"YEA/NAY: 1/0</span></caption></table></body></html>", "lists no members"),
])
def test_malformed_page_is_a_clear_error(tmp_path: Path, roster: Path, raw: bytes,
                                         message: str) -> None:
    good = write(tmp_path / "p", "A00002-2019.html", current_page([Vote("06/10/2020",
                                                                        members("YN"))]))
    run([good], tmp_path / "ds", roster)
    before = snapshot(tmp_path / "ds")
    bad = write(tmp_path / "p", "A00003-2019.html", raw)
    with pytest.raises(SourceError, match="A00003-2019.html") as err:
        run([tmp_path / "p"], tmp_path / "ds", roster)
    assert message in str(err.value)
    assert snapshot(tmp_path / "ds") == before
    result = CliRunner().invoke(cli, ["import", "nyassembly", str(bad), "--into",
                                      str(tmp_path / "ds"), "--roster", str(roster)])
    assert result.exit_code == 1 and "A00003-2019.html" in result.output
    assert "Traceback" not in result.output
    assert snapshot(tmp_path / "ds") == before


def test_longer_than_the_chamber_is_an_error(tmp_path: Path, roster: Path) -> None:
    many = [("Yes", f"Member {chr(65 + i // 26)}{chr(65 + i % 26)}") for i in range(151)]
    page = write(tmp_path / "p", "A00004-2019.html", current_page([Vote("06/10/2020", many)]))
    with pytest.raises(SourceError, match=r"A00004-2019.html: roll call 1 \(floor, "
                                          r"2020-06-10\) lists 151 members, more than the "
                                          "Assembly's 150 seats"):
        run([page], tmp_path / "ds", roster)
    assert not (tmp_path / "ds").exists()


def test_member_twice_and_unknown_code_are_errors(tmp_path: Path, roster: Path) -> None:
    twice = write(tmp_path / "a", "A00005-2019.html", current_page(
        [Vote("06/10/2020", [("Yes", NAMES[0]), ("No", NAMES[0])])]))
    with pytest.raises(SourceError, match=f"lists {NAMES[0]} twice"):
        run([twice], tmp_path / "ds", roster)
    odd = write(tmp_path / "b", "A00006-2019.html", current_page(
        [Vote("06/10/2020", [("Maybe", NAMES[0])])]))
    with pytest.raises(SourceError, match=f"A00006-2019.html: roll call 1 .*{NAMES[0]} has "
                                          "the unknown vote code 'Maybe'"):
        run([odd], tmp_path / "ds", roster)


def test_caption_totals_checked(tmp_path: Path, roster: Path) -> None:
    page = write(tmp_path / "p", "A00007-2019.html", current_page(
        [Vote("06/10/2020", members("YYN"), yea=3, nay=1)]))
    report = run([page], tmp_path / "ds", roster)
    assert any("caption says YEA/NAY 3/1, its member list has 2 yes and 1 no" in w
               for w in report.warnings)
    rc = read(tmp_path / "ds", "rollcalls")
    assert rc[["yes", "no", "other"]].values.tolist() == [["3", "1", "0"]]


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_videoconference_mark(tmp_path: Path, roster: Path, layout: str) -> None:
    page = write(tmp_path / "p", "A00008-2019.html", LAYOUTS[layout](
        [Vote("06/10/2020", [("Yes‡", NAMES[0]), ("No", NAMES[1])])], bill="A00008"))
    parsed = parse_page(page.read_bytes(), str(page))
    assert [(m.name, m.code, m.remote) for m in parsed.rollcalls[0].members] == [
        (NAMES[0], "Y" if layout == "earlier" else "YES", True),
        (NAMES[1], "NO", False)]
    run([page], tmp_path / "ds", roster)
    votes = read(tmp_path / "ds", "votes")
    assert votes[["option", "raw"]].values.tolist()[0][0] == "yes"
    assert {r for r in votes["raw"] if "‡" in r} == {("Y‡" if layout == "earlier" else "Yes‡")}
    assert "1 member vote(s) were cast by videoconference" in (
        tmp_path / "ds" / "dataset.yaml").read_text(encoding="utf-8")


def test_committee_table(tmp_path: Path, roster: Path) -> None:
    page = write(tmp_path / "p", "A00009-2019.html", earlier_page([
        Vote("05/14/2019", members("YYN"), committee="Codes",
             motion="Favorable refer to committee Ways and Means"),
        Vote("06/10/2019", members("YYNNEA"))], bill="A00009"))
    run([page], tmp_path / "ds", roster)
    rc = read(tmp_path / "ds", "rollcalls").set_index("rollcall_id")
    row = rc.loc["ny-assembly-2019-A9-committee-codes-2019-05-14"]
    assert (row["motion_type"], row["committee"], row["motion"]) == (
        "committee", "Codes", "Favorable refer to committee Ways and Means")
    assert rc.loc["ny-assembly-2019-A9-floor-2019-06-10", "motion_type"] == "passage"


def test_page_named_otherwise_needs_a_session(tmp_path: Path, roster: Path) -> None:
    page = write(tmp_path / "p", "Bill Search.html", current_page(
        [Vote("06/10/2020", members("YN"))], bill="A00010", term=2019))
    run([page], tmp_path / "ds", roster, sessions=["2019-2020"])
    assert read(tmp_path / "ds", "bills")["bill_id"].tolist() == ["2019-2020/A10"]
    # without --session, the term its own links name
    run([page], tmp_path / "ds1", roster)
    assert read(tmp_path / "ds1", "bills")["bill_id"].tolist() == ["2019-2020/A10"]
    bare = write(tmp_path / "q", "saved.html", b"<html><body><table><caption>DATE: "
                 b"06/10/2020 YEA/NAY: 1/0</caption><tr><td>" + NAMES[0].encode()
                 + b"</td><td>Y</td></tr></table></body></html>")
    with pytest.raises(SourceError, match="saved.html: cannot tell its session"):
        run([bare], tmp_path / "ds2", roster)
    with pytest.raises(SourceError, match="saved.html: cannot tell which bill it is"):
        run([bare], tmp_path / "ds2", roster, sessions=["2019"])


def test_unresolved_and_overrides(tmp_path: Path, roster: Path) -> None:
    page = write(tmp_path / "p", "A00011-2019.html", current_page(
        [Vote("06/10/2020", [("Yes", NAMES[0]), ("No", "Nobody"), ("Yes", "Mr. Speaker")])],
        bill="A00011"))
    report = run([page], tmp_path / "ds", roster)
    votes = read(tmp_path / "ds", "votes")
    assert {"nyassembly:Nobody", "nyassembly:Mr. Speaker"} <= set(votes["legislator_id"])
    unresolved = read(tmp_path / "ds", "unresolved")
    assert set(unresolved["source_id"]) == {"nyassembly:Nobody", "nyassembly:Mr. Speaker"}
    assert len(report.unresolved) == 2
    (tmp_path / "ds" / "identity_overrides.csv").write_text(
        "source_id,legislator_id,note\nnyassembly:Mr. Speaker,"
        "ocd-person/aaaaaaaa-0000-0000-0000-000000000006,the Speaker of this test\n",
        encoding="utf-8")
    run([page], tmp_path / "ds", roster)
    votes = read(tmp_path / "ds", "votes")
    assert "ocd-person/aaaaaaaa-0000-0000-0000-000000000006" in set(votes["legislator_id"])
    assert "nyassembly:Mr. Speaker" not in set(votes["legislator_id"])
    assert read(tmp_path / "ds", "unresolved")["source_id"].tolist() == ["nyassembly:Nobody"]


def test_import_twice_is_byte_identical(tmp_path: Path, roster: Path) -> None:
    pages = tmp_path / "p"
    write(pages, "A00012-2019.html", current_page([Vote("06/10/2020", members("YYNNEA"))],
                                                  bill="A00012"))
    write(pages, "S00012-2019.html", earlier_page([Vote("06/11/2020", members("NYNYAE"))],
                                                  bill="S00012"))
    run([pages], tmp_path / "ds", roster)
    first = snapshot(tmp_path / "ds")
    run([pages], tmp_path / "ds", roster)
    assert snapshot(tmp_path / "ds") == first


def test_senate_and_assembly_votes_score_one_entry(tmp_path: Path) -> None:
    """The mirror's Senate votes on S100/A200 and the Assembly page of A200 land on one
    bill, and ``votes: final`` scores both chambers."""
    roster = tmp_path / "roster"
    roster.mkdir()
    for f in (FIXTURES / "nymirror" / "roster").iterdir():
        (roster / f.name).write_bytes(f.read_bytes())
    ids = ap.fictional_roster(roster, NAMES)
    ds = tmp_path / "votes"
    import_ny_mirror(ImportRequest([FIXTURES / "nymirror"], ds, [roster]))
    page = write(tmp_path / "p", "A00200-2019.html", current_page(
        [Vote("06/08/2020", members("YYNNEA"))], bill="A00200"))
    run([page], ds, roster)
    bills = read(ds, "bills").set_index("bill_id")
    assert bills.loc["2019-2020/A200", "same_as"] == "S100"  # the mirror's, kept
    assert bills.loc["2019-2020/A200", "title"] == "Relates to fair labor"
    rc = read(ds, "rollcalls")
    assert set(rc[rc["bill_id"] == "2019-2020/A200"]["chamber"]) == {"upper", "lower"}
    platform = make_platform(tmp_path / "platform.yaml", [
        {"number": "S100", "same_as": ["A200"], "session": "2019-2020",
         "position": "support", "votes": "final"}], data=str(ds))
    card = score_platform(platform)
    receipts = card.scores.receipts
    assert set(receipts["rollcall_id"]) == {"ny-senate-2019-A200-floor-2020-06-10",
                                            "ny-assembly-2019-A200-floor-2020-06-08"}
    scored = set(receipts["legislator_id"])
    assert {ids[NAMES[0]], ids[NAMES[2]]} <= scored  # Assembly members
    assert "ocd-person/00000000-0000-0000-0000-000000000001" in scored  # a senator


def test_cli_import(tmp_path: Path, roster: Path) -> None:
    write(tmp_path / "p", "A00013-2019.html", current_page([Vote("06/10/2020",
                                                                 members("YN"))]))
    result = CliRunner().invoke(cli, ["import", "nyassembly", str(tmp_path / "p"), "--into",
                                      str(tmp_path / "ds"), "--roster", str(roster)])
    assert result.exit_code == 0, result.output
    assert "1 Assembly page(s), 1 roll calls, 2 member votes" in result.output


def test_entries_read_exactly_whatever_their_markup() -> None:
    caption = "<table><caption>DATE: 01/02/2020 Assembly Vote YEA/NAY: 1/0</caption></table>"

    def entry(*parts: tuple[str, str]) -> str:
        return ("<div class='vote-name extra'>" + "".join(
            f"<div class='{c}'> <span>{t}</span> </div>" for c, t in parts) + "</div>")

    page = parse_page((caption + entry(("name", "Alton"), ("vote", "Yes‡"))
                       + entry(("vote", "No"), ("name", "De La Rosa"))).encode(), "x.html")
    assert [tuple(m) for m in page.rollcalls[0].members] == [
        ("Alton", "YES", "Yes‡", True), ("De La Rosa", "NO", "No", False)]
    with pytest.raises(SourceError, match="x.html: roll call 1 .* holds two votes"):
        parse_page((caption + entry(("vote", "Yes"), ("vote", "No"), ("name", "A"))).encode(),
                   "x.html")
    with pytest.raises(SourceError, match="lacks its vote or name"):
        parse_page((caption + entry(("vote", "Yes"))).encode(), "x.html")
    with pytest.raises(SourceError, match="come before any roll-call table"):
        parse_page((entry(("vote", "Yes"), ("name", "A")) + caption).encode(), "x.html")
