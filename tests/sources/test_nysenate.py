"""The Open Legislation API v3 fetcher, replaying v3-shaped responses (no network)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pandas as pd
import pytest
import yaml

from scorecard.errors import SourceError
from scorecard.sources import FetchRequest, ImportReport, ImportRequest
from scorecard.sources.core.nysessions import session_year, targets
from scorecard.sources.nyopenleg.api import KEY_ENV, fetch_nysenate
from scorecard.sources.nyopenleg.mirror import import_ny_mirror
from tests.conftest import FIXTURES
from tests.sources.replay import FakeServer, snapshot, timeout

ROSTER = FIXTURES / "nymirror" / "roster"
RESPONSES = FIXTURES / "nysenate"
KEY = "TEST-KEY-7f3a9c"
ANA = "ocd-person/00000000-0000-0000-0000-000000000001"
TOM = "ocd-person/00000000-0000-0000-0000-000000000002"
RITA = "ocd-person/00000000-0000-0000-0000-000000000003"
CARL = "ocd-person/00000000-0000-0000-0000-000000000004"
S1747 = "/api/3/bills/2019/S1747"
A3675 = "/api/3/bills/2019/A3675"


def body(name: str) -> object:
    return json.loads((RESPONSES / name).read_text(encoding="utf-8"))


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> FakeServer:
    monkeypatch.setenv(KEY_ENV, KEY)
    fake = FakeServer(monkeypatch)
    fake.json(S1747, body("S1747-2019.json"))
    fake.json(A3675, body("A3675-2019.json"))
    return fake


def fetch(into: Path, bills: list[str], sessions: list[str] | None = None,
          **kw: object) -> ImportReport:
    req = FetchRequest(into=into, bills=bills, sessions=["2019"] if sessions is None else
                       sessions, rosters=[ROSTER], **kw)  # type: ignore[arg-type]
    return fetch_nysenate(req)


def read(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)


def test_fetch_maps_the_v3_response(server: FakeServer, tmp_path: Path) -> None:
    report = fetch(tmp_path, ["S1747B"])  # the amendment letter is dropped
    # the companion A3675 (where the Senate floor vote is) is fetched too
    assert [h.split("?")[0] for h in server.hits] == [S1747, A3675]
    assert all(h.endswith(f"?view=default&key={KEY}") for h in server.hits)
    assert "2 bills fetched (1 of them same-as companions)" in report.notes[0]

    rc = read(tmp_path, "rollcalls").set_index("rollcall_id")
    floor = rc.loc["ny-senate-2019-A3675-floor-2019-06-17"]
    assert (floor["bill_id"], floor["chamber"], floor["motion_type"], floor["result"]) == (
        "2019-2020/A3675", "upper", "passage", "pass")
    assert (floor["yes"], floor["no"], floor["other"]) == ("2", "1", "1")
    assert floor["motion"] == "Senate floor vote on A3675B"
    again = rc.loc["ny-senate-2019-A3675-floor-2019-06-17-2"]
    assert (again["yes"], again["no"], again["other"]) == ("1", "0", "2")
    committee = rc.loc["ny-senate-2019-S1747-committee-transportation-2019-06-11"]
    assert (committee["motion_type"], committee["committee"], committee["result"]) == (
        "committee", "Transportation", "")

    # where each bill stands (bills.csv's optional columns), in Open Legislation's words;
    # the last action of the latest date (the fixture's, abridged: PASSED SENATE)
    bills = read(tmp_path, "bills").set_index("bill_id")
    assert bills.loc["2019-2020/A3675", ["status", "committee", "last_action",
                                         "last_action_date"]].tolist() == [
        "Signed by Governor", "", "PASSED SENATE", "2019-06-17"]
    assert bills.loc["2019-2020/S1747", "status"] == "Substituted"

    votes = read(tmp_path, "votes").set_index(["rollcall_id", "legislator_id"])
    f = "ny-senate-2019-A3675-floor-2019-06-17"
    assert votes.loc[(f, ANA)].tolist() == ["yes", "AYE"]
    assert votes.loc[(f, RITA)].tolist() == ["yes", "AYEWR"]
    assert votes.loc[(f, TOM)].tolist() == ["no", "NAY"]
    assert votes.loc[(f, "nysenate:99")].tolist() == ["abstain", "ABD"]
    assert votes.loc[(f + "-2", TOM)].tolist() == ["excused", "EXC"]
    assert votes.loc[(f + "-2", RITA)].tolist() == ["absent", "ABS"]

    bills = read(tmp_path, "bills").set_index("bill_id")
    assert bills.loc["2019-2020/S1747", "same_as"] == "A3675"
    assert bills.loc["2019-2020/A3675", "same_as"] == "S1747"
    assert bills.loc["2019-2020/S1747", "url"] == (
        "https://www.nysenate.gov/legislation/bills/2019/S1747")
    sponsors = read(tmp_path, "sponsors").values.tolist()
    assert sponsors == [
        ["2019-2020/A3675", CARL, "primary"],  # multi-sponsor too: kept once
        ["2019-2020/S1747", "nysenate:99", "cosponsor"],
        ["2019-2020/S1747", ANA, "primary"],
        ["2019-2020/S1747", RITA, "cosponsor"],
    ]
    leg = read(tmp_path, "legislators")
    zed = leg[leg["legislator_id"] == "nysenate:99"].iloc[0]
    assert (zed["name"], zed["chamber"], zed["district"]) == ("Zed Unknown", "upper", "40")
    assert report.unresolved and report.unresolved[0].startswith("nysenate:99 Zed Unknown")
    meta = yaml.safe_load((tmp_path / "dataset.yaml").read_text(encoding="utf-8"))
    assert meta["source"] == "NY Senate Open Legislation API v3"
    assert meta["sessions"] == ["2019-2020"]


def test_same_ids_as_the_mirror(server: FakeServer, tmp_path: Path) -> None:
    """A roll call fetched from the API and imported from the mirror has one id."""
    fetch(tmp_path, ["A3675"])
    assert "ny-senate-2019-A3675-floor-2019-06-17" in set(read(tmp_path, "rollcalls")[
        "rollcall_id"])
    # the same two floor votes, as the mirror flattens them
    members = {11: ("Ana Pérez-Smith", "PEREZ-SMITH"), 12: ("Thomas O'Neil Jr.", "O'NEIL"),
               13: ("Rita Moreno", "MORENO"), 99: ("Zed Unknown", "UNKNOWN")}
    floors = [{11: "AYE", 13: "AYEWR", 12: "NAY", 99: "ABD"}, {11: "AYE", 12: "EXC", 13: "ABS"}]
    bill = {"PrintNo": "A3675", "Session": 2019, "Chamber": "ASSEMBLY", "BillType": "Assembly",
            "Title": "Relates to the driver's license access and privacy act", "Actions": [],
            "Sponsors": [], "Votes": [
                {"VoteType": "FLOOR", "Date": "2019-06-17", "Version": "B", "Votes": [
                    {"ID": i, "Name": members[i][0], "Short": members[i][1], "Vote": code}
                    for i, code in floor.items()]} for floor in floors]}
    mirror = tmp_path / "mirror" / "bills" / "2019" / "A3675.json"
    mirror.parent.mkdir(parents=True)
    mirror.write_text(json.dumps(bill), encoding="utf-8")
    import_ny_mirror(ImportRequest([tmp_path / "mirror"], tmp_path / "m", [ROSTER]))

    def floor_votes(folder: Path) -> list[list[str]]:
        votes = read(folder, "votes")
        votes = votes[votes["rollcall_id"].str.startswith("ny-senate-2019-A3675-floor-")]
        return sorted(votes[["rollcall_id", "legislator_id", "option"]].values.tolist())

    assert floor_votes(tmp_path / "m") == floor_votes(tmp_path)
    assert {r[0] for r in floor_votes(tmp_path)} == {
        "ny-senate-2019-A3675-floor-2019-06-17", "ny-senate-2019-A3675-floor-2019-06-17-2"}


def test_key_never_appears(server: FakeServer, tmp_path: Path,
                           caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    server.route(A3675, (500, {}, {}), timeout(), (200, body("A3675-2019.json"), {}))
    report = fetch(tmp_path, ["S1747"])
    assert KEY not in caplog.text and "key=***" in caplog.text
    assert KEY not in repr(report)
    for f in tmp_path.rglob("*"):
        assert KEY not in f.name
        if f.is_file():
            assert KEY.encode() not in f.read_bytes(), f
    server.route(S1747, (401, body("bad-key.json"), {}))
    with pytest.raises(SourceError) as err:
        fetch(tmp_path / "other", ["S1747"])
    assert KEY not in err.value.message


def test_missing_key(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(KEY_ENV, raising=False)
    with pytest.raises(SourceError, match=f"set the environment variable {KEY_ENV}"):
        fetch(tmp_path, ["S1747"])
    assert not tmp_path.joinpath("votes.csv").exists()


@pytest.mark.parametrize(("answers", "message", "hits"), [
    ([(401, body("bad-key.json"), {})],
     "Fetching bill S1747 of the 2019-2020 session was refused (401): the API key is missing, "
     "wrong or not allowed. Check the key and try again.", 1),
    ([(404, body("not-found.json"), {})],
     "Fetching bill S1747 of the 2019-2020 session: not found (404). Check the number and "
     "session.", 1),
    ([(429, {}, {})], "Fetching bill S1747 of the 2019-2020 session: rate limited (429) after "
     "several retries.", 5),
    ([(500, {}, {})], "Fetching bill S1747 of the 2019-2020 session: the server failed (500) "
     "after several retries.", 5),
    ([timeout()], "Fetching bill S1747 of the 2019-2020 session timed out", 5),
    ([(200, b"<html>down for maintenance</html>", {})],
     "Fetching bill S1747 of the 2019-2020 session: the answer was not JSON.", 1),
    ([(200, {"success": False, "message": "Invalid bill id", "responseType": "error"}, {})],
     "Fetching bill S1747 of the 2019-2020 session: the API answered Invalid bill id.", 1),
    ([(200, {"success": True, "result": {"items": []}}, {})],
     "bill S1747 of the 2019-2020 session: the answer lacks result.basePrintNo", 1),
])
def test_http_failures(server: FakeServer, tmp_path: Path, answers: list[object],
                       message: str, hits: int) -> None:
    # a dataset already there stays as it is
    import_ny_mirror(ImportRequest([FIXTURES / "nymirror"], tmp_path, [ROSTER]))
    before = snapshot(tmp_path)
    server.route(S1747, *answers)  # type: ignore[arg-type]
    with pytest.raises(SourceError) as err:
        fetch(tmp_path, ["S1747"])
    assert message in err.value.message
    assert len(server.hits) == hits
    assert snapshot(tmp_path) == before


def shape(mutate: str) -> dict[str, object]:
    data = body("A3675-2019.json")
    result = data["result"]  # type: ignore[index]
    vote = result["votes"]["items"][0]
    if mutate == "code":
        vote["memberVotes"]["items"]["MAYBE"] = {"items": [], "size": 0}
    elif mutate == "date":
        del vote["voteDate"]
    elif mutate == "type":
        vote["voteType"] = "VOICE"
    elif mutate == "member":
        del vote["memberVotes"]["items"]["NAY"]["items"][0]["memberId"]
    elif mutate == "members":
        vote["memberVotes"] = None
    return data  # type: ignore[return-value]


@pytest.mark.parametrize(("mutate", "message"), [
    ("code", "bill A3675 of the 2019-2020 session: votes.items[0] (FLOOR 2019-06-17) has the "
             "unknown vote code 'MAYBE'; known: AYE, AYEWR, NAY, EXC, ABS, ABD."),
    ("date", "votes.items[0] (FLOOR) has no voteDate"),
    ("type", "votes.items[0] has the unknown voteType 'VOICE'"),
    ("member", "memberVotes.items.NAY has no memberId"),
    ("members", "votes.items[0] (FLOOR 2019-06-17) lacks memberVotes.items"),
])
def test_bad_response_shape(server: FakeServer, tmp_path: Path, mutate: str,
                            message: str) -> None:
    server.json(A3675, shape(mutate))
    with pytest.raises(SourceError) as err:
        fetch(tmp_path, ["A3675"])
    assert message in err.value.message
    assert snapshot(tmp_path) == {}


def test_interrupted_fetch_resumes_from_the_cache(server: FakeServer, tmp_path: Path) -> None:
    server.route(A3675, (500, {}, {}))
    with pytest.raises(SourceError, match="A3675 .* the server failed"):
        fetch(tmp_path, ["S1747"])
    assert snapshot(tmp_path) == {}  # nothing written
    assert [h.split("?")[0] for h in server.hits] == [S1747] + [A3675] * 5
    server.hits.clear()
    server.json(A3675, body("A3675-2019.json"))
    fetch(tmp_path, ["S1747"])
    assert [h.split("?")[0] for h in server.hits] == [A3675]  # S1747 came from the cache
    server.hits.clear()
    first = snapshot(tmp_path)
    fetch(tmp_path, ["S1747"])
    assert server.hits == []  # everything cached: nothing fetched twice
    assert {k: v for k, v in snapshot(tmp_path).items() if k != "dataset.yaml"} == {
        k: v for k, v in first.items() if k != "dataset.yaml"}


def test_targets(tmp_path: Path) -> None:
    assert session_year("2023") == session_year("2024") == session_year("2023-2024") == 2023
    req = FetchRequest(into=tmp_path, bills=["s1747b", "A3675"], sessions=["2019", "2023"])
    assert targets(req) == [(2019, "A3675"), (2019, "S1747"), (2023, "A3675"), (2023, "S1747")]
    with pytest.raises(SourceError, match="Give the session of the bills"):
        targets(FetchRequest(into=tmp_path, bills=["S1"]))
    with pytest.raises(SourceError, match="Nothing to fetch"):
        targets(FetchRequest(into=tmp_path, sessions=["2023"]))
    with pytest.raises(SourceError, match="is not a print number"):
        targets(FetchRequest(into=tmp_path, bills=["hello"], sessions=["2023"]))
    with pytest.raises(SourceError, match="is not a session"):
        targets(FetchRequest(into=tmp_path, bills=["S1"], sessions=["last year"]))


def test_platform_targets_include_companions(tmp_path: Path) -> None:
    platform = tmp_path / "platform.yaml"
    platform.write_text(
        "title: T\njurisdiction: NY\nsections:\n- id: s\n  title: S\n  demands:\n"
        "  - id: d\n    title: D\n    bills:\n"
        "    - {number: S1747B, same_as: [A3675], session: 2019-2020, position: support}\n"
        "    - {number: S1, session: 2023-2024, position: oppose}\n", encoding="utf-8")
    req = FetchRequest(into=tmp_path, platform=platform)
    assert targets(req) == [(2019, "A3675"), (2019, "S1747"), (2023, "S1")]
    req = FetchRequest(into=tmp_path, platform=platform, sessions=["2023"])
    assert targets(req) == [(2023, "S1")]


def test_fetch_with_platform(server: FakeServer, tmp_path: Path) -> None:
    platform = tmp_path / "platform.yaml"
    platform.write_text(
        "title: T\njurisdiction: NY\nsections:\n- id: s\n  title: S\n  demands:\n"
        "  - id: d\n    title: D\n    bills:\n"
        "    - {number: S1747, same_as: [A3675], session: 2019-2020, position: support}\n",
        encoding="utf-8")
    fetch_nysenate(FetchRequest(into=tmp_path / "votes", platform=platform, rosters=[ROSTER]))
    assert sorted(h.split("?")[0] for h in server.hits) == [A3675, S1747]
    assert len(read(tmp_path / "votes", "rollcalls")) == 3


def test_cli_fetch(server: FakeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from scorecard.cli import cli

    args = ["fetch", "nysenate", "--into", str(tmp_path), "--session", "2019", "--bill",
            "S1747", "--roster", str(ROSTER)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert f"Fetched nysenate into {tmp_path}:" in result.output
    assert "2 bills fetched (1 of them same-as companions)" in result.output
    assert KEY not in result.output
    monkeypatch.delenv(KEY_ENV)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"set the environment variable {KEY_ENV}" in result.output
