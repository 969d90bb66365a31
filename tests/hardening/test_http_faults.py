"""Corpus, HTTP faults: broken answers never cached, keys never sent away or written after a
redirect, a deadline per request, a size limit on bodies (gzip bombs included).

Every answer goes through the real shared session (requests-cache on disk included):
:class:`~tests.sources.replay.FakeServer` below urllib3, or a Replay adapter
(:func:`~tests.sources.replay.install`). The slow-server case runs a tiny HTTP server on
127.0.0.1, for a few seconds at most.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from scorecard.errors import SourceError
from scorecard.sources import FetchRequest, run_fetch
from scorecard.sources.congress.source import ROSTER_URLS
from scorecard.sources.core import http
from scorecard.sources.legiscan import api as legiscan_api
from scorecard.sources.nyopenleg.api import KEY_ENV as NYSENATE_KEY_ENV
from scorecard.sources.nyopenleg.api import fetch_nysenate
from scorecard.sources.openstates import api as openstates_api
from tests.conftest import FIXTURES
from tests.sources import replay
from tests.sources import test_legiscan as legiscan_tests
from tests.sources import test_openstates_api as openstates_tests
from tests.sources.replay import FakeServer, install

server = replay.server  # the fixture

HTML = b"<!doctype html><html><body>Service temporarily unavailable</body></html>"
HALF = b'{"success": true, "result": {"basePrintNo": "S17'
EMPTY = b""


def cached_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (folder / ".cache").rglob("*") if p.is_file())


# ---- broken answers are not cached (11 cases) -------------------------------------------

NYSENATE = FIXTURES / "nysenate"
S1747 = "/api/3/bills/2019/S1747"
NYSENATE_KEY = "TEST-KEY-7f3a9c"


@pytest.mark.parametrize(("broken", "message"), [
    (HTML, "the answer was not JSON. It is a web page (HTML)."),
    (HALF, "the answer was not JSON. It is cut off (incomplete)."),
    (EMPTY, "the answer was empty."),
    (json.dumps({"success": False, "message": "API key is invalid",
                 "responseType": "error"}).encode(), "the API answered API key is invalid."),
], ids=["html", "half-json", "empty", "invalid-key"])
def test_nysenate_broken_answer_is_not_cached(server: FakeServer, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch, broken: bytes,
                                              message: str) -> None:
    monkeypatch.setenv(NYSENATE_KEY_ENV, NYSENATE_KEY)
    good = json.loads((NYSENATE / "S1747-2019.json").read_text(encoding="utf-8"))
    server.json("/api/3/bills/2019/A3675",
                json.loads((NYSENATE / "A3675-2019.json").read_text(encoding="utf-8")))
    server.route(S1747, (200, broken, {}))
    req = FetchRequest(into=tmp_path, bills=["S1747"], sessions=["2019"],
                       rosters=[FIXTURES / "nymirror" / "roster"])
    with pytest.raises(SourceError) as err:
        fetch_nysenate(req)
    assert f"Fetching bill S1747 of the 2019-2020 session: {message}" in err.value.message
    server.json(S1747, good)  # the server is well again: the next run asks it again
    fetch_nysenate(req)
    assert [h.split("?")[0] for h in server.hits].count(S1747) == 2
    assert (tmp_path / "votes.csv").exists()


def _broken_first(route: Callable[[requests.PreparedRequest], tuple[int, Any]],
                  hit: Callable[[requests.PreparedRequest], bool], broken: bytes
                  ) -> tuple[Callable[[requests.PreparedRequest], tuple[int, Any]], list[int]]:
    """``route``, answering the first request ``hit`` accepts with ``broken``."""
    asked = [0]

    def answer(request: requests.PreparedRequest) -> tuple[int, Any]:
        if hit(request):
            asked[0] += 1
            if asked[0] == 1:
                return 200, broken
        return route(request)

    return answer, asked


@pytest.mark.parametrize(("broken", "message"), [
    (HTML, "the answer was not JSON. It is a web page (HTML)."),
    (b'{"results": [{"id": "ocd-bill/', "the answer was not JSON. It is cut off"),
    (EMPTY, "the answer was empty."),
], ids=["html", "half-json", "empty"])
def test_openstates_broken_answer_is_not_cached(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path, broken: bytes,
                                                message: str) -> None:
    monkeypatch.setenv("OPENSTATES_API_KEY", openstates_tests.KEY)
    route, asked = _broken_first(openstates_tests.recorded,
                                 lambda r: urlsplit(r.url or "").path == "/bills", broken)
    install(monkeypatch, openstates_api, "https://v3.openstates.org", route)
    with pytest.raises(SourceError) as err:
        openstates_tests.fetch(tmp_path, bills=["S1001"])
    assert f"Fetching Open States bill S 1001 (2023-2024): {message}" in err.value.message
    openstates_tests.fetch(tmp_path, bills=["S1001"])
    assert asked[0] >= 2 and (tmp_path / "votes.csv").exists()


def _op(request: requests.PreparedRequest) -> str:
    return parse_qs(urlsplit(request.url or "").query)["op"][0]


@pytest.mark.parametrize(("broken", "message"), [
    (HTML, "the answer was not JSON. It is a web page (HTML)."),
    (b'{"status": "OK", "sessions": [', "the answer was not JSON. It is cut off"),
    (json.dumps({"status": "ERROR", "alert": {"message": "Invalid API key"}}).encode(),
     "was refused: Invalid API key. Check the key in LEGISCAN_API_KEY"),
], ids=["html", "half-json", "invalid-key"])
def test_legiscan_broken_answer_is_not_cached(monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path, broken: bytes,
                                              message: str) -> None:
    monkeypatch.setenv("LEGISCAN_API_KEY", legiscan_tests.KEY)
    route, asked = _broken_first(legiscan_tests.recorded,
                                 lambda r: _op(r) == "getSessionList", broken)
    install(monkeypatch, legiscan_api, "https://api.legiscan.com", route)
    with pytest.raises(SourceError) as err:
        legiscan_tests.fetch(tmp_path, ["S1001"])
    assert "LegiScan getSessionList" in err.value.message and message in err.value.message
    legiscan_tests.fetch(tmp_path, ["S1001"])
    assert asked[0] == 2 and (tmp_path / "votes.csv").exists()


def test_congress_roster_html_is_not_cached(server: FakeServer, tmp_path: Path) -> None:
    congress = FIXTURES / "congress"
    senate_36 = ("https://www.senate.gov/legislative/LIS/roll_call_votes/vote1162/"
                 "vote_116_2_00036.xml")
    server.route(senate_36, (200, (congress / "xml" / "vote_116_2_00036.xml").read_bytes(),
                             {"Content-Type": "text/xml"}))
    names = ("legislators-current.csv", "legislators-historical.csv")
    server.route(ROSTER_URLS[0], (200, HTML, {"Content-Type": "text/html"}))
    server.route(ROSTER_URLS[1], (200, (congress / "roster" / names[1]).read_bytes(), {}))
    req = FetchRequest(into=tmp_path, options={"chamber": "senate", "year": 2020,
                                               "rolls": [36]})
    with pytest.raises(SourceError) as err:
        run_fetch("congress", req)
    assert "not a congress-legislators roster CSV" in err.value.message
    server.route(ROSTER_URLS[0], (200, (congress / "roster" / names[0]).read_bytes(), {}))
    run_fetch("congress", req)
    assert server.urls.count(ROSTER_URLS[0]) == 2 and (tmp_path / "votes.csv").exists()


# ---- redirects: the key stays home -------------------------------------------------------

KEY = "SECRET-KEY-0123456789"
API = "https://api.example.org/v1/thing"
ELSEWHERE = "https://cdn.elsewhere.example/thing.json"


def test_query_key_not_sent_nor_cached_across_hosts(server: FakeServer, tmp_path: Path
                                                    ) -> None:
    """nysenate and LegiScan put the key in the query string."""
    server.route("/v1/thing", (302, b"", {"Location": f"{ELSEWHERE}?key={KEY}&page=2"}))
    server.route(ELSEWHERE, (200, {"a": 1}, {}))
    session = http.make_session(tmp_path / ".cache")
    assert http.get_json(session, API, "the thing", params={"key": KEY},
                         secrets=[KEY]) == {"a": 1}
    assert server.urls[1] == f"{ELSEWHERE}?page=2"  # the key was not sent to the other host
    assert KEY.encode() not in cached_bytes(tmp_path)
    again = http.make_session(tmp_path / ".cache")  # and the answer was cached
    assert http.get_json(again, API, "the thing", params={"key": KEY}, secrets=[KEY]) == {"a": 1}
    assert len(server.urls) == 2


def test_header_key_not_sent_nor_cached_across_hosts(server: FakeServer, tmp_path: Path
                                                     ) -> None:
    """Open States sends the key in an X-API-KEY header; requests strips Authorization only."""
    server.route("/v1/thing", (302, b"", {"Location": ELSEWHERE}))
    server.route(ELSEWHERE, (200, {"a": 1}, {}))
    session = http.make_session(tmp_path / ".cache")
    for _ in range(3):
        http.get_json(session, API, "the thing", headers={"X-API-KEY": KEY}, secrets=[KEY])
    assert server.headers[0].get("X-API-KEY") == KEY  # the API itself gets it
    assert [h.get("X-API-KEY") for h in server.headers[1:]] == [None]  # the other host never
    assert KEY.encode() not in cached_bytes(tmp_path)


def test_same_host_redirect_keeps_the_key(server: FakeServer, tmp_path: Path) -> None:
    server.route("/v1/thing", (301, b"", {"Location": "https://api.example.org/v2/thing"}))
    server.route("/v2/thing", (200, {"b": 2}, {}))
    session = http.make_session(None)
    assert http.get_json(session, API, "the thing", headers={"X-API-KEY": KEY},
                         secrets=[KEY]) == {"b": 2}
    assert server.headers[1].get("X-API-KEY") == KEY


# ---- a deadline per request --------------------------------------------------------------

@pytest.fixture
def slow_server() -> Iterator[str]:
    """A server on 127.0.0.1 that sends a JSON body one byte every 0.1 s (5 s at most)."""
    body = json.dumps({"padding": "x" * 40}).encode()

    class Drip(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the http.server API)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            for i in range(len(body)):
                try:
                    self.wfile.write(body[i:i + 1])
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.1)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Drip)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/bill"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_server_dripping_bytes_hits_the_deadline(slow_server: str, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    for var in replay.PROXY_VARS:
        monkeypatch.delenv(var, raising=False)
    session = http.make_session(tmp_path / ".cache", timeout=5, deadline=1.0)
    started = time.monotonic()
    with pytest.raises(SourceError) as err:
        http.get_json(session, slow_server, "the slow thing")
    assert time.monotonic() - started < 3.0
    assert err.value.message.startswith(
        "Fetching the slow thing took longer than 1 s (the server sent ")
    assert f"set {http.DEADLINE_ENV} to a number of seconds to wait longer" in err.value.message


# ---- a size limit on bodies --------------------------------------------------------------

def test_gzip_bomb_stops_at_the_limit(server: FakeServer, tmp_path: Path) -> None:
    bomb = gzip.compress(b"[" + b"0," * 3_000_000 + b"0]")  # 6 MB from some 6 kB
    assert len(bomb) < 50_000
    server.route("/v1/thing", (200, bomb, {"Content-Encoding": "gzip"}))
    session = http.make_session(tmp_path / ".cache", max_bytes=1_000_000)
    with pytest.raises(SourceError) as err:
        http.get_json(session, API, "the thing")
    assert err.value.message == (
        "Fetching the thing: the answer is larger than 1 MB once decompressed, the limit "
        f"(set {http.MAX_BYTES_ENV} to a number of bytes to allow more). Nothing was written.")
    assert b"0,0,0,0" not in cached_bytes(tmp_path)


def test_announced_size_over_the_limit(server: FakeServer, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(http.MAX_BYTES_ENV, "1000")
    server.route("/v1/thing", (200, b"[" + b"1," * 1000 + b"1]", {}))
    with pytest.raises(SourceError, match="larger than 1,000 bytes once decompressed"):
        http.get_json(http.make_session(None), API, "the thing")
    monkeypatch.setenv(http.MAX_BYTES_ENV, "100000")  # a user who needs more says so
    assert len(http.get_json(http.make_session(None), API, "the thing")) == 1001
