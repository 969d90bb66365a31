"""``scorecard fetch nyassembly``: recorded pages replayed through the real HTTP session."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import requests
from click.testing import CliRunner

from scorecard.cli import cli
from scorecard.errors import SourceError
from scorecard.sources import FetchRequest
from scorecard.sources.nyassembly import fetch as fetch_module
from scorecard.sources.nyassembly.fetch import fetch_nyassembly
from tests.builders import make_platform
from tests.sources import assembly_pages as ap
from tests.sources import replay
from tests.sources.assembly_pages import Vote, current_page
from tests.sources.replay import FakeServer

server = replay.server
NAMES = ap.fictional_surnames(4)
PAGE1 = current_page([Vote("06/10/2020", [("Yes", NAMES[0]), ("No", NAMES[1])])],
                     bill="A00001")
PAGE2 = current_page([Vote("06/11/2020", [("No", NAMES[2]), ("ER", NAMES[3])])],
                     bill="A00002")
HTML = {"Content-Type": "text/html; charset=utf-8"}


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    waits: list[float] = []
    monkeypatch.setattr(fetch_module, "sleep", waits.append)
    return waits


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    ap.fictional_roster(tmp_path / "roster", NAMES)
    return tmp_path / "roster"


def req(tmp_path: Path, roster: Path, *bills: str, delay: float = 0.0,
        committee: bool | None = None, refresh: bool | None = None) -> FetchRequest:
    return FetchRequest(into=tmp_path / "ds", sessions=["2019"], bills=list(bills),
                        rosters=[roster], options={"delay": delay, "committee": committee,
                                                   "refresh": refresh})


def test_fetch_keeps_pages_and_imports_them(server: FakeServer, tmp_path: Path, roster: Path,
                                            no_sleep: list[float]) -> None:
    server.route("/leg/", (503, b"busy", {}), (200, PAGE1, HTML), (200, PAGE2, HTML))
    report = fetch_nyassembly(req(tmp_path, roster, "A1", "A2", delay=1.5))
    # the 503 was retried with backoff by the shared session, then both pages fetched
    assert len(server.hits) == 3 and server.hits[0] == server.hits[1]
    assert server.hits[1] == ("/leg/?default_fld=&leg_video=&bn=A00001&term=2019"
                              "&Floor%26nbspVotes=Y")
    assert "bn=A00002&term=2019" in server.hits[2]
    assert no_sleep == [1.5]  # one pause, between the two pages
    pages = tmp_path / "ds" / "pages"
    assert sorted(p.name for p in pages.iterdir()) == ["A00001-2019.html", "A00002-2019.html"]
    kept = (pages / "A00001-2019.html").read_bytes()
    assert kept.startswith(b"<!-- scorecard fetch nyassembly: https://nyassembly.gov/leg/?")
    assert kept.endswith(PAGE1)
    rc = pd.read_csv(tmp_path / "ds" / "rollcalls.csv", dtype=str)
    assert rc["rollcall_id"].tolist() == ["ny-assembly-2019-A1-floor-2020-06-10",
                                          "ny-assembly-2019-A2-floor-2020-06-11"]
    assert report.notes[0].startswith("2 page(s) fetched")


def test_rerun_fetches_only_what_is_missing(server: FakeServer, tmp_path: Path,
                                            roster: Path) -> None:
    server.route("/leg/", (200, PAGE1, HTML), *[(500, b"down", {})] * 6)
    with pytest.raises(SourceError, match=r"the Assembly page of A2 \(2019-2020\): the server "
                                          r"failed \(500\)"):
        fetch_nyassembly(req(tmp_path, roster, "A1", "A2"))
    pages = tmp_path / "ds" / "pages"
    assert [p.name for p in pages.iterdir()] == ["A00001-2019.html"]  # kept for the re-run
    assert not (tmp_path / "ds" / "rollcalls.csv").exists()  # nothing imported
    hits = len(server.hits)
    server.route("/leg/", (200, PAGE2, HTML))
    fetch_nyassembly(req(tmp_path, roster, "A1", "A2"))
    assert len(server.hits) == hits + 1 and "bn=A00002" in server.hits[-1]
    # everything kept: no request at all
    fetch_nyassembly(req(tmp_path, roster, "A1", "A2"))
    assert len(server.hits) == hits + 1
    # a page deleted by hand comes back from the HTTP cache, still without a request
    (pages / "A00001-2019.html").unlink()
    fetch_nyassembly(req(tmp_path, roster, "A1", "A2"))
    assert len(server.hits) == hits + 1 and (pages / "A00001-2019.html").exists()
    # --refresh asks again for every page, past the pages kept and the cache
    later = current_page([Vote("06/10/2020", [("Yes", NAMES[0]), ("No", NAMES[1])]),
                          Vote("01/12/2021", [("No", NAMES[0]), ("No", NAMES[1])])],
                         bill="A00001")
    server.route("/leg/", (200, later, HTML), (200, PAGE2, HTML))
    fetch_nyassembly(req(tmp_path, roster, "A1", "A2", refresh=True))
    assert len(server.hits) == hits + 3
    rc = pd.read_csv(tmp_path / "ds" / "rollcalls.csv", dtype=str)
    assert "ny-assembly-2019-A1-floor-2021-01-12" in set(rc["rollcall_id"])


def test_committee_votes_refetch_pages_kept_without_them(server: FakeServer, tmp_path: Path,
                                                          roster: Path) -> None:
    server.route("/leg/", (200, PAGE1, HTML))
    fetch_nyassembly(req(tmp_path, roster, "A1"))
    fetch_nyassembly(req(tmp_path, roster, "A1", committee=True))
    assert len(server.hits) == 2 and server.hits[1].endswith("&Committee%26nbspVotes=Y")
    fetch_nyassembly(req(tmp_path, roster, "A1", committee=True))
    assert len(server.hits) == 2


def test_an_answer_that_is_no_page_is_not_kept(server: FakeServer, tmp_path: Path,
                                               roster: Path) -> None:
    server.route("/leg/", (200, b"<html><body>Service unavailable</body></html>", HTML))
    with pytest.raises(SourceError, match=r"Fetching the Assembly page of A1 \(2019-2020\): "
                                          r".* is not an Assembly bill page") as err:
        fetch_nyassembly(req(tmp_path, roster, "A1"))
    assert "Nothing was kept of it" in str(err.value)
    assert not (tmp_path / "ds" / "pages").exists()
    # nor cached: the re-run asks the server again
    server.route("/leg/", (200, PAGE1, HTML))
    fetch_nyassembly(req(tmp_path, roster, "A1"))
    assert len(server.hits) == 2 and (tmp_path / "ds" / "pages" / "A00001-2019.html").exists()


def test_identifying_user_agent(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                roster: Path) -> None:
    def route(request: requests.PreparedRequest) -> tuple[int, bytes]:
        return 200, PAGE1

    adapter = replay.install(monkeypatch, fetch_module, "https://nyassembly.gov", route)
    fetch_nyassembly(req(tmp_path, roster, "A1"))
    agent = adapter.seen[0].headers["User-Agent"]
    assert agent.startswith("scorecard/") and "NY Assembly" in agent


def test_platform_bills_and_known_companions(server: FakeServer, tmp_path: Path,
                                             roster: Path) -> None:
    ds = tmp_path / "ds"
    ds.mkdir()
    (ds / "bills.csv").write_text("bill_id,session,number,title,same_as,url\n2019-2020/A1,"
                                  "2019-2020,A1,A title,S5,\n", encoding="utf-8")
    platform = make_platform(tmp_path / "platform.yaml", [
        {"number": "A1", "session": "2019-2020", "position": "support"}])
    no_votes = ap.no_votes_page("S00005")
    server.route("/leg/", (200, PAGE1, HTML), (200, no_votes, HTML))
    report = fetch_nyassembly(FetchRequest(into=ds, platform=platform, rosters=[roster],
                                           options={"delay": 0}, progress=True))
    assert sorted(p.name for p in (ds / "pages").iterdir()) == ["A00001-2019.html",
                                                               "S00005-2019.html"]
    assert any("say there are no votes" in n for n in report.notes)


def test_needs_bills_and_a_roster(tmp_path: Path, roster: Path) -> None:
    with pytest.raises(SourceError, match="Say which bills to fetch"):
        fetch_nyassembly(FetchRequest(into=tmp_path / "ds", rosters=[roster]))
    with pytest.raises(SourceError, match="--roster"):
        fetch_nyassembly(FetchRequest(into=tmp_path / "ds", sessions=["2019"], bills=["A1"]))
    with pytest.raises(SourceError, match="--delay -1.0 is negative"):
        fetch_nyassembly(req(tmp_path, roster, "A1", delay=-1.0))


def test_cli_fetch(server: FakeServer, tmp_path: Path, roster: Path) -> None:
    server.route("/leg/", (200, PAGE1, HTML))
    result = CliRunner().invoke(cli, ["fetch", "nyassembly", "--session", "2019", "--bill",
                                      "A1", "--delay", "0", "--into", str(tmp_path / "ds"),
                                      "--roster", str(roster)])
    assert result.exit_code == 0, result.output
    assert "1 page(s) fetched" in result.output
