"""The shared HTTP session: retries with backoff, timeouts, cache, keys kept secret.

:class:`~tests.sources.replay.FakeServer` answers below urllib3's retry loop, so the real
session runs unchanged: its adapter, urllib3's ``Retry`` (status and read retries, backoff,
Retry-After) and requests-cache. No test touches the network.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from scorecard.errors import SourceError
from scorecard.sources.core import http
from tests.sources import replay
from tests.sources.replay import FakeServer, timeout

server = replay.server  # the fixture

URL = "https://api.example.org/v1/thing"
KEY = "SECRET-KEY-0123456789"


def get(tmp_path: Path, what: str = "the thing") -> Any:
    session = http.make_session(tmp_path / ".cache")
    return http.get_json(session, URL, what, params={"key": KEY}, secrets=[KEY])


def test_ok_and_cached(server: FakeServer, tmp_path: Path) -> None:
    server.json("/v1/thing", {"a": 1})
    assert get(tmp_path) == {"a": 1}
    assert get(tmp_path) == {"a": 1}
    assert server.hits == [f"/v1/thing?key={KEY}"]  # the second came from the cache
    assert server.sleeps == []


@pytest.mark.parametrize(("status", "message"), [
    (401, "Fetching the thing was refused (401): the API key is missing, wrong or not "
          "allowed. Check the key and try again."),
    (403, "was refused (403)"),
    (404, "Fetching the thing: not found (404). Check the number and session."),
    (418, "unexpected HTTP status 418"),
])
def test_refusals_are_not_retried_nor_cached(server: FakeServer, tmp_path: Path, status: int,
                                             message: str) -> None:
    server.json("/v1/thing", {"success": False}, status=status)
    with pytest.raises(SourceError) as err:
        get(tmp_path)
    assert message in err.value.message
    assert len(server.hits) == 1
    server.json("/v1/thing", {"a": 2})
    assert get(tmp_path) == {"a": 2}  # nothing was cached from the refusal


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_retried_then_recovers(server: FakeServer, tmp_path: Path, status: int) -> None:
    server.route("/v1/thing", (status, {"error": 1}, {}), (status, {"error": 1}, {}),
                 (200, {"a": 3}, {}))
    assert get(tmp_path) == {"a": 3}
    assert len(server.hits) == 3
    assert server.sleeps == [2.0]  # backoff: none before the 1st retry, then 1 x 2^1


@pytest.mark.parametrize(("status", "message"), [
    (429, "Fetching the thing: rate limited (429) after several retries. Wait and run the "
          "command again; what was already fetched is cached."),
    (500, "Fetching the thing: the server failed (500) after several retries. Try again "
          "later; what was fetched is cached."),
])
def test_retried_then_clear_error(server: FakeServer, tmp_path: Path, status: int,
                                  message: str) -> None:
    server.json("/v1/thing", {"error": 1}, status=status)
    with pytest.raises(SourceError) as err:
        get(tmp_path)
    assert err.value.message == message
    assert len(server.hits) == 5  # the first try and 4 retries
    assert server.sleeps == [2.0, 4.0, 8.0]


def test_retry_after_is_honoured_and_capped(server: FakeServer, tmp_path: Path) -> None:
    server.route("/v1/thing", (429, {}, {"Retry-After": "7"}), (429, {}, {"Retry-After": "9999"}),
                 (200, {"a": 4}, {}))
    assert get(tmp_path) == {"a": 4}
    assert server.sleeps == [7.0, http.MAX_RETRY_AFTER]


def test_timeout_retried_then_clear_error(server: FakeServer, tmp_path: Path) -> None:
    server.route("/v1/thing", timeout())
    with pytest.raises(SourceError) as err:
        get(tmp_path)
    assert err.value.message == (
        "Fetching the thing timed out: the server did not answer, several times. Try again "
        "later: what was already fetched is cached.")
    assert len(server.hits) == 5


def test_timeout_then_recovers(server: FakeServer, tmp_path: Path) -> None:
    server.route("/v1/thing", timeout(), (200, {"a": 5}, {}))
    assert get(tmp_path) == {"a": 5} and len(server.hits) == 2


def test_not_json(server: FakeServer, tmp_path: Path) -> None:
    server.route("/v1/thing", (200, b"<html>maintenance</html>", {}))
    with pytest.raises(SourceError, match="Fetching the thing: the answer was not JSON."):
        get(tmp_path)


def test_key_is_never_written_or_logged(server: FakeServer, tmp_path: Path,
                                        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    server.route("/v1/thing", (500, {}, {}), timeout(), (200, {"a": 6}, {}))
    assert get(tmp_path) == {"a": 6}
    server.route("/v1/other", ConnectionResetError("reset by peer"))
    session = http.make_session(tmp_path / ".cache")
    with pytest.raises(SourceError) as err:
        http.get_json(session, "https://api.example.org/v1/other", "the other thing",
                      params={"key": KEY}, secrets=[KEY])
    assert "Fetching the other thing failed" in err.value.message
    assert KEY not in err.value.message and "***" in err.value.message
    assert any("key=" in r.getMessage() for r in caplog.records)  # urls were logged...
    assert KEY not in caplog.text  # ...without the key
    files = list((tmp_path / ".cache").rglob("*"))
    assert files and all(KEY not in f.name for f in files)
    for f in files:
        if f.is_file():
            assert KEY.encode() not in f.read_bytes(), f


def test_redact() -> None:
    assert http.redact("GET /x?key=abc&y=abc", ["abc", None, ""]) == "GET /x?key=***&y=***"

