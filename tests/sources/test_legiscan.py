"""LegiScan dataset ZIPs and API -> canonical tables (real samples, NY fixture, replayed API)."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
import requests
from click.testing import CliRunner

from scorecard.errors import SourceError
from scorecard.sources import FetchRequest, ImportRequest, run_fetch, run_import
from scorecard.sources.legiscan import api as legiscan_api
from scorecard.sources.legiscan.dataset import district_of, motion_type, number_of, session_name
from tests.conftest import FIXTURES
from tests.sources.replay import install, snapshot

NY = FIXTURES / "legiscan" / "ny_2023-2024"
NY_FILES = NY / "NY" / "2023-2024_General_Assembly"
ROSTER = FIXTURES / "openstates" / "roster"
SAMPLES = "legiscan_format_samples_non_ny/inst/extdata"
SEN = "ocd-person/00000000-0000-4000-8000-0000000001"
ASM = "ocd-person/00000000-0000-4000-8000-0000000002"
KEY = "ls-test-key-93d1e0"


def table(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)


def run(path: Path, into: Path, rosters: tuple[Path, ...] = ()):  # noqa: ANN201
    return run_import("legiscan", ImportRequest([path], into, list(rosters)))


# ------------------------------------------------------------------ real samples


@pytest.mark.realdata
def test_real_samples_bills_and_sponsors(realdata: Path, tmp_path: Path) -> None:
    into = tmp_path / "votes"
    report = run(realdata / SAMPLES, into)
    bills = table(into, "bills")
    assert sorted(bills["bill_id"]) == ["2011-2012/HB1", "2011-2012/HB2", "2011-2012/HB3",
                                        "2012/HB1044", "2012/HB1045", "2012/HB1046"]
    assert bills.set_index("number").at["HB1", "title"] == (
        "Policy For Securing Health Care Services")
    sponsors = table(into, "sponsors")
    assert len(sponsors) == 5 + 3 + 19  # the Joint Budget Committee is not a legislator
    assert set(sponsors.query("bill_id == '2011-2012/HB1' and role == 'primary'")[
        "legislator_id"]) == {"legiscan:6033"}  # Carl Gatto, listed first, no sponsor type
    legislators = table(into, "legislators").set_index("legislator_id")
    assert legislators.at["legiscan:6033", "name"] == "Carl Gatto"
    assert legislators.at["legiscan:6033", "district"] == "13"  # HD-013
    assert legislators.at["legiscan:6064", "chamber"] == "upper"  # a Sen sponsor
    # the sample vote files belong to bills the samples lack; the bills' roll calls lack
    # vote files: both are reported, none is guessed
    assert any("3 roll call(s) are on bills that have no bill file" in w
               for w in report.warnings)
    assert any("6 roll call(s) listed in bill files have no vote file" in w
               for w in report.warnings)
    assert len(report.unresolved) == 20


@pytest.mark.realdata
def test_real_vote_files(realdata: Path, tmp_path: Path) -> None:
    """The real roll calls, given bill files for the bills they are on."""
    folder = tmp_path / "dataset"
    shutil.copytree(realdata / SAMPLES / "vote", folder / "vote")
    (folder / "bill").mkdir()
    for rc_file in sorted((folder / "vote").glob("*.json")):
        rc = json.loads(rc_file.read_text())["roll_call"]
        bill = {"bill_id": rc["bill_id"], "bill_number": f"SB{rc['bill_id'] % 1000}",
                "state": "AR", "title": "", "sponsors": [], "votes": [], "sasts": [],
                "session": {"session_id": 957, "year_start": 2012, "year_end": 2012,
                            "special": 0, "session_name": "88th General Assembly"}}
        (folder / "bill" / f"{rc['bill_id']}.json").write_text(json.dumps({"bill": bill}))
    into = tmp_path / "votes"
    report = run(folder, into)
    rc = table(into, "rollcalls")
    assert list(rc["rollcall_id"]) == ["ar-2012-SB975-upper-2012-02-14-ls154366",
                                       "ar-2012-SB978-upper-2012-02-14-ls154367",
                                       "ar-2012-SB980-upper-2012-02-14-ls154371"]
    assert list(rc["motion_type"]) == ["procedural"] * 3  # "Introduced and Referred to"
    assert list(rc[["yes", "no", "other"]].itertuples(index=False, name=None)) == [
        ("30", "0", "0"), ("27", "3", "0"), ("22", "8", "0")]
    votes = table(into, "votes")
    assert len(votes) == 90
    assert votes.groupby("rollcall_id")["option"].value_counts().to_dict()[
        ("ar-2012-SB978-upper-2012-02-14-ls154367", "no")] == 3
    assert set(votes["raw"]) == {"Yea", "Nay"}
    assert not any("declared counts" in w for w in report.warnings)  # tallies agree
    assert any("have no people/ file" in w for w in report.warnings)


# ------------------------------------------------------------------ NY fixture


def test_ny_dataset_with_roster(tmp_path: Path) -> None:
    into = tmp_path / "votes"
    report = run(NY, into, (ROSTER,))
    bills = table(into, "bills").set_index("number")
    assert list(bills.index) == ["A2001", "A2002", "S1001"]  # S01001 -> S1001
    assert bills.at["S1001", "same_as"] == "A2001"
    rc = table(into, "rollcalls")
    assert list(rc["rollcall_id"]) == [
        "ny-2023-2024-S1001-upper-2023-03-01-ls1300001",
        "ny-2023-2024-A2001-lower-2023-06-06-ls1300002",
        "ny-2023-2024-A2001-upper-2023-06-07-ls1300003",
        "ny-2023-2024-A2002-lower-2024-05-20-ls1300004"]
    assert list(rc["motion_type"]) == ["committee", "passage", "passage", "passage"]
    votes = table(into, "votes").set_index(["rollcall_id", "legislator_id"])
    assert votes.loc[("ny-2023-2024-A2001-lower-2023-06-06-ls1300002", ASM + "04")].tolist(
        ) == ["not voting", "NV"]
    assert votes.loc[("ny-2023-2024-A2001-upper-2023-06-07-ls1300003", SEN + "04"),
                     "option"] == "absent"
    assert report.unresolved == [
        "legiscan:20299 Walter Pembrook (lower, 2023-01-01..2024-12-31): missing, no lower "
        "member named 'Walter Pembrook' in the roster on 2023-01-01..2024-12-31"]
    assert "legiscan:20299" in set(table(into, "legislators")["legislator_id"])
    assert (into / "unresolved.csv").exists()
    assert [w for w in report.warnings if "declared counts" in w] == [
        f"{NY_FILES / 'vote' / '1300004.json'}: roll call "
        "ny-2023-2024-A2002-lower-2024-05-20-ls1300004: the declared counts (yea 5, nay 1, "
        "nv+absent 0) differ from the member votes (4, 1, 0)"]
    sponsors = table(into, "sponsors")
    assert sponsors.query("bill_id == '2023-2024/S1001'")[["legislator_id", "role"]
                                                          ].values.tolist() == [
        [SEN + "01", "primary"], [SEN + "03", "cosponsor"]]


def test_identity_overrides_are_honoured(tmp_path: Path) -> None:
    into = tmp_path / "votes"
    into.mkdir()
    (into / "identity_overrides.csv").write_text(
        f"source_id,legislator_id,note\nlegiscan:20299,{ASM}05,checked by hand\n")
    report = run(NY, into, (ROSTER,))
    assert report.unresolved == []
    votes = table(into, "votes")
    assert ASM + "05" in set(votes.query(
        "rollcall_id == 'ny-2023-2024-A2002-lower-2024-05-20-ls1300004'")["legislator_id"])
    assert "legiscan:20299" not in set(table(into, "legislators")["legislator_id"])


def test_zip_equals_folder_and_twice_changes_nothing(tmp_path: Path) -> None:
    archive = tmp_path / "NY_2023-2024_General_Assembly.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for p in sorted(NY.rglob("*.json")):
            zf.write(p, str(p.relative_to(NY)))
    run(NY, tmp_path / "a", (ROSTER,))
    run(archive, tmp_path / "b", (ROSTER,))
    for name in ("bills", "rollcalls", "votes", "sponsors", "legislators"):
        assert (tmp_path / "a" / f"{name}.csv").read_bytes() == (
            tmp_path / "b" / f"{name}.csv").read_bytes()
    before = snapshot(tmp_path / "b")
    run(archive, tmp_path / "b", (ROSTER,))
    assert snapshot(tmp_path / "b") == before


@pytest.mark.parametrize("desc, expected", [
    ("Assembly Floor Vote", "passage"), ("Senate Floor Vote", "passage"),
    ("Read the third time and passed and ordered transmitted to the Senate.", "passage"),
    ("Third Reading", "passage"), ("Labor Committee Vote", "committee"),
    ("Do Pass as amended", "committee"), ("Adopt Amendment 2", "amendment"),
    ("Motion to table", "procedural"), ("S Introduced and Referred to S10", "procedural"),
    ("Veto override", "other"), ("Resolution", "other"),
])
def test_motion_type(desc: str, expected: str) -> None:
    assert motion_type(desc) == expected


def test_names_numbers_districts() -> None:
    assert session_name({"year_start": 2023, "year_end": 2024, "special": 0,
                         "session_id": 2003}) == "2023-2024"
    assert session_name({"year_start": 2012, "year_end": 2012, "special": 0,
                         "session_id": 957}) == "2012"
    assert session_name({"year_start": 2021, "year_end": 2021, "special": 1,
                         "session_id": 1850}) == "2021-special-1850"
    assert number_of("NY", "S01747B") == "S1747" and number_of("NY", "A00001") == "A1"
    assert number_of("WY", "HB0001") == "HB0001"  # padding is part of some states' numbers
    assert district_of("HD-013") == "13" and district_of("SD-A") == "A"


# ------------------------------------------------------------------ bad input


@pytest.fixture
def dataset(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    into = tmp_path / "votes"
    run(NY, into)
    return into, snapshot(into)


def expect_error(path: Path, dataset: tuple[Path, dict[str, bytes]], *parts: str) -> None:
    into, before = dataset
    with pytest.raises(SourceError) as err:
        run(path, into)
    for part in parts:
        assert part in err.value.message
    assert snapshot(into) == before


def test_unexpected_shape(tmp_path: Path, dataset: tuple[Path, dict[str, bytes]]) -> None:
    folder = tmp_path / "broken"
    shutil.copytree(NY, folder)
    vote = folder / "NY" / "2023-2024_General_Assembly" / "vote" / "1300002.json"
    doc = json.loads(vote.read_text())
    doc["roll_call"]["votes"][2]["vote_text"] = None
    vote.write_text(json.dumps(doc))
    person = folder / "NY" / "2023-2024_General_Assembly" / "people" / "20101.json"
    person.write_text(json.dumps({"people": [1, 2]}))
    expect_error(folder, dataset, f"{vote}: is not a LegiScan roll_call as expected: "
                 "roll_call.votes[2].vote_text is NoneType, not str",
                 f"{person}: is not a LegiScan person as expected: person is missing")


def test_not_json_not_zip_and_empty(tmp_path: Path,
                                    dataset: tuple[Path, dict[str, bytes]]) -> None:
    folder = tmp_path / "broken"
    shutil.copytree(NY, folder)
    bill = folder / "NY" / "2023-2024_General_Assembly" / "bill" / "A02002.json"
    bill.write_text("{\"bill\": ")
    expect_error(folder, dataset, f"{bill}: is not valid JSON")
    fake = tmp_path / "NY.zip"
    fake.write_text("Too many requests")
    expect_error(fake, dataset, f"{fake} is not a ZIP file")
    (tmp_path / "empty").mkdir()
    expect_error(tmp_path / "empty", dataset, "no LegiScan bill/*.json or vote/*.json")


def test_cli(tmp_path: Path) -> None:
    from scorecard.cli import cli

    runner = CliRunner()
    ok = runner.invoke(cli, ["import", "legiscan", str(NY), "--into", str(tmp_path / "v"),
                             "--roster", str(ROSTER)])
    assert ok.exit_code == 0, ok.output
    assert "rollcalls.csv: 0 -> 4 rows" in ok.output
    assert "Walter Pembrook" in ok.output
    fake = tmp_path / "bad.zip"
    fake.write_text("nope")
    bad = runner.invoke(cli, ["import", "legiscan", str(fake), "--into", str(tmp_path / "v")])
    assert bad.exit_code == 1 and "is not a ZIP file" in bad.output
    assert "Traceback" not in bad.output


# ------------------------------------------------------------------ the API


def _file(kind: str, ident: int) -> dict[str, object]:
    for p in (NY_FILES / kind).glob("*.json"):
        doc = json.loads(p.read_text())
        obj = next(iter(doc.values()))
        if ident in (obj.get("bill_id") if kind == "bill" else None,
                     obj.get("roll_call_id"), obj.get("people_id")):
            return {"status": "OK", **doc}
    return {"status": "ERROR", "alert": {"message": f"Unknown id {ident}"}}


def recorded(request: requests.PreparedRequest) -> tuple[int, object]:
    query = {k: v[0] for k, v in parse_qs(urlsplit(request.url or "").query).items()}
    if query.get("key") != KEY:
        return 200, {"status": "ERROR", "alert": {"message": f"Invalid API key {query.get('key')}"}}
    op = query["op"]
    if op == "getSessionList":
        return 200, json.loads((FIXTURES / "legiscan/api/getSessionList_NY.json").read_text())
    if op == "getMasterList":
        return 200, json.loads((FIXTURES / "legiscan/api/getMasterList_2003.json").read_text())
    kind = {"getBill": "bill", "getRollCall": "vote", "getPerson": "people"}[op]
    return 200, _file(kind, int(query["id"]))


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    monkeypatch.setenv("LEGISCAN_API_KEY", KEY)
    return install(monkeypatch, legiscan_api, "https://api.legiscan.com", recorded)


def fetch(into: Path, bills: list[str], **kw: object):  # noqa: ANN201
    req = FetchRequest(into=into, options={"state": "NY"}, sessions=["2023-2024"], bills=bills,
                       rosters=[ROSTER], **kw)  # type: ignore[arg-type]
    return run_fetch("legiscan", req)


def test_api_gives_the_dataset_rows(api, tmp_path: Path) -> None:  # noqa: ANN001
    fetch(tmp_path / "api", ["S1001", "A2001", "A2002"])
    run(NY, tmp_path / "zip", (ROSTER,))
    for name in ("bills", "rollcalls", "votes", "sponsors", "legislators"):
        assert (tmp_path / "api" / f"{name}.csv").read_text() == (
            tmp_path / "zip" / f"{name}.csv").read_text(), name
    ops = [parse_qs(urlsplit(r.url or "").query)["op"][0] for r in api.seen]
    assert ops[:2] == ["getSessionList", "getMasterList"]
    assert ops.count("getBill") == 3 and ops.count("getRollCall") == 4
    assert ops.count("getPerson") == 10
    cached = b"".join(p.read_bytes() for p in (tmp_path / "api" / ".cache").rglob("*")
                      if p.is_file())
    assert cached and KEY.encode() not in cached
    asked = len(api.seen)
    fetch(tmp_path / "api", ["S1001", "A2001", "A2002"])
    assert len(api.seen) == asked  # everything came from the cache


def test_key_missing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("LEGISCAN_API_KEY", raising=False)
    with pytest.raises(SourceError, match="set the environment variable LEGISCAN_API_KEY"):
        fetch(tmp_path / "votes", ["S1001"])
    assert not (tmp_path / "votes").exists()


def test_key_rejected_is_not_cached(api, monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
                                    tmp_path: Path) -> None:
    monkeypatch.setenv("LEGISCAN_API_KEY", "wrong-key-123")
    with pytest.raises(SourceError) as err:
        fetch(tmp_path / "votes", ["S1001"])
    message = err.value.message
    assert "LegiScan getSessionList (NY) was refused: Invalid API key ***" in message
    assert "wrong-key-123" not in message and "LEGISCAN_API_KEY" in message
    assert snapshot(tmp_path / "votes") == {}
    monkeypatch.setenv("LEGISCAN_API_KEY", KEY)  # the right key now works: no cached refusal
    report = fetch(tmp_path / "votes", ["S1001"])
    assert report.counts["rollcalls"] == (0, 1)


def test_api_unexpected_shape_and_unknown_session(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    monkeypatch.setenv("LEGISCAN_API_KEY", KEY)

    def broken(request: requests.PreparedRequest) -> tuple[int, object]:
        status, body = recorded(request)
        if "op=getBill" in (request.url or ""):
            body = {"status": "OK", "bill": {"bill_id": "not a number"}}
        return status, body

    install(monkeypatch, legiscan_api, "https://api.legiscan.com", broken)
    with pytest.raises(SourceError) as err:
        fetch(tmp_path / "votes", ["S1001"])
    assert "LegiScan getBill S1001 (2023-2024): is not a LegiScan bill as expected: " \
           "bill.bill_id is str, not int" in err.value.message
    with pytest.raises(SourceError, match="LegiScan has no NY session 2019-2020; it has: "
                       "2021-2022, 2023-2024"):
        run_fetch("legiscan", FetchRequest(into=tmp_path / "votes", options={"state": "NY"},
                                           sessions=["2019-2020"], bills=["S1"]))
    assert snapshot(tmp_path / "votes") == {}
