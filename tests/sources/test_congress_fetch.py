"""``scorecard fetch congress``: the House Clerk's and the Senate's XML, replayed offline.

The recorded responses are the hand-written fixtures in tests/fixtures/congress/xml/, shaped
exactly like the chambers' published files. :class:`~tests.sources.replay.FakeServer` answers
below urllib3, so the real shared session (retries, on-disk cache) runs; no test touches the
network.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from scorecard.cli import cli
from scorecard.sources.congress.source import ROSTER_URLS

from ..conftest import FIXTURES
from . import replay
from .replay import Answer, FakeServer

server = replay.server  # the fixture

CONGRESS = FIXTURES / "congress"
HOUSE_13 = "https://clerk.house.gov/evs/2020/roll013.xml"
SENATE_36 = ("https://www.senate.gov/legislative/LIS/roll_call_votes/vote1162/"
             "vote_116_2_00036.xml")
ROSTER_ARGS = ["--roster", str(CONGRESS / "roster" / "legislators-current.csv"),
               "--roster", str(CONGRESS / "roster" / "legislators-historical.csv")]


def fetch(into: Path, *args: str, roster: bool = True):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["fetch", "congress", "--into", str(into), *args,
                                    *(ROSTER_ARGS if roster else [])], catch_exceptions=False)


def xml(name: str) -> bytes:
    return (CONGRESS / "xml" / name).read_bytes()


def file(body: bytes, content_type: str = "text/xml", status: int = 200) -> Answer:
    return (status, body, {"Content-Type": content_type})


def test_fetch_a_house_roll_call(server: FakeServer, tmp_path: Path) -> None:
    server.route(HOUSE_13, file(xml("roll013.xml")))
    into = tmp_path / "votes"
    result = fetch(into, "--chamber", "house", "--year", "2020", "--roll", "13")
    assert result.exit_code == 0, result.output
    assert "Fetched congress into" in result.output
    assert (into / "rollcalls.csv").read_text().splitlines()[1] == (
        "us-house-2020-13,116/HR535,lower,2020-01-10,On Passage: H R 535 PFAS Action Act,"
        "passage,,Passed,1,1,2,https://clerk.house.gov/evs/2020/roll013.xml")
    assert (into / "votes.csv").read_text() == (
        "rollcall_id,legislator_id,option,raw\n"
        "us-house-2020-13,A000001,yes,Yea\n"
        "us-house-2020-13,B000002,no,Nay\n"
        "us-house-2020-13,C000003,abstain,Present\n"
        "us-house-2020-13,E000005,not voting,Not Voting\n")
    meta = (into / "dataset.yaml").read_text()
    assert "source: U.S. House Clerk and Senate roll-call XML" in meta
    assert "fetched_at:" in meta
    assert (into / ".cache").is_dir()
    assert server.urls == [HOUSE_13]


def test_fetch_a_senate_roll_call_with_the_roster_from_the_web(server: FakeServer,
                                                               tmp_path: Path) -> None:
    """With no --roster, the congress-legislators CSVs are fetched too (same session)."""
    server.route(SENATE_36, file(xml("vote_116_2_00036.xml")))
    for url, name in zip(ROSTER_URLS, ("legislators-current.csv", "legislators-historical.csv"),
                         strict=True):
        server.route(url, file((CONGRESS / "roster" / name).read_bytes(), "text/csv"))
    into = tmp_path / "votes"
    result = fetch(into, "--chamber", "senate", "--year", "2020", "--roll", "36", roster=False)
    assert result.exit_code == 0, result.output
    assert (into / "votes.csv").read_text() == (
        "rollcall_id,legislator_id,option,raw\n"
        "us-senate-2020-36,S000010,yes,Yea\n"
        "us-senate-2020-36,T000011,yes,Yea\n"
        "us-senate-2020-36,U000012,no,Nay\n"
        "us-senate-2020-36,V000013,not voting,Not Voting\n")
    rollcall = (into / "rollcalls.csv").read_text().splitlines()[1]
    assert rollcall.startswith(
        'us-senate-2020-36,,upper,2020-02-11,"On the Nomination PN1325: Pat Example, of '
        'Alabama, to be United States Circuit Judge for the Eleventh Circuit",nomination,,'
        "Nomination Confirmed,2,1,1,")
    assert server.urls == [*ROSTER_URLS, SENATE_36]


def test_nothing_is_fetched_twice(server: FakeServer, tmp_path: Path) -> None:
    server.route(HOUSE_13, file(xml("roll013.xml")))
    into = tmp_path / "votes"
    for _ in range(2):
        result = fetch(into, "--chamber", "house", "--year", "2020", "--roll", "13")
        assert result.exit_code == 0, result.output
    assert len(server.urls) == 1


def test_an_answer_from_the_other_chamber(server: FakeServer, tmp_path: Path) -> None:
    server.route(HOUSE_13, file(xml("vote_116_2_00036.xml")))
    result = fetch(tmp_path / "v", "--chamber", "house", "--year", "2020", "--roll", "13")
    assert result.exit_code == 1
    assert result.output == (f"Error: {HOUSE_13}: expected a House roll call but this is a "
                             "Senate one (<roll_call_vote>).\n")
    assert not (tmp_path / "v" / "votes.csv").exists()
    assert server.urls == [HOUSE_13]


def test_an_answer_for_another_roll_call(server: FakeServer, tmp_path: Path) -> None:
    url = "https://clerk.house.gov/evs/2020/roll014.xml"
    server.route(url, file(xml("roll013.xml")))
    result = fetch(tmp_path / "v", "--chamber", "house", "--year", "2020", "--roll", "14")
    assert result.exit_code == 1
    assert result.output == (f"Error: {url}: asked for House roll call 14 of 2020 but the "
                             "answer is roll call 13 of 2020.\n")
    assert server.urls == [url]


@pytest.mark.parametrize(("status", "body", "message"), [
    (404, b"", "Fetching House roll call 13 of 2020: not found (404). Check the number and "
     "session."),
    (403, b"", "Fetching House roll call 13 of 2020 was refused (403) by the server. Try "
     "again later."),
    (200, b'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x.dtd">\r\n<html>'
     b"<head><title>Roll call not available</title></head></html>",
     f"{HOUSE_13}: not a roll call: it is a web page, not roll-call XML (if fetched: the roll "
     "call may not be published yet, or was vacated)."),
])
def test_failed_answers(server: FakeServer, tmp_path: Path, status: int, body: bytes,
                       message: str) -> None:
    server.route(HOUSE_13, file(body, "text/html", status))
    result = fetch(tmp_path / "v", "--chamber", "house", "--year", "2020", "--roll", "13")
    assert result.exit_code == 1
    assert result.output == f"Error: {message}\n"
    assert server.urls == [HOUSE_13]  # asked once: a refusal is not retried


@pytest.mark.parametrize(("args", "message"), [
    ([], "Fetching Congress roll calls needs --chamber house or --chamber senate."),
    (["--chamber", "house"], "Fetching Congress roll calls needs --year (e.g. --year 2020)."),
    (["--chamber", "house", "--year", "2020"],
     "Fetching Congress roll calls needs at least one --roll NUMBER (e.g. --roll 13 --roll "
     "36)."),
])
def test_what_fetch_needs(server: FakeServer, tmp_path: Path, args: list[str],
                          message: str) -> None:
    result = fetch(tmp_path / "v", *args)
    assert result.exit_code == 1
    assert result.output == f"Error: {message}\n"
    assert server.urls == []
