"""Recorded answers replayed through the shared HTTP session: the one replay module (no network).

Every fetcher gets its session from :func:`scorecard.sources.core.http.make_session`. Tests answer
its requests in one of two ways, both here:

``FakeServer`` (fixture: ``server``)
    Answers below urllib3's retry loop (``HTTPConnectionPool._make_request``), so the whole
    real session runs unchanged: its adapter and timeout, urllib3's ``Retry`` (status and read
    retries, backoff, Retry-After) and the requests-cache on-disk cache. Answers are scripted
    per URL path or per absolute URL; every request that reached the "network" is recorded.
    Backoff sleeps are recorded instead of slept. Use it to test retries, refusals, timeouts
    and caching, and for fetchers that import ``make_session`` inside a function.

``install(monkeypatch, module, host, route)``
    Makes ``module.make_session`` return the real shared session (on-disk cache included)
    with a :class:`Replay` adapter mounted for ``host``; it answers from
    ``route(request) -> (status, body)`` and records every request it saw. The adapter replaces
    urllib3 for that host, so no retries run. Handy when a route is easier to write as a
    function of the request (query strings, pages).

A module's tests get the ``server`` fixture by naming it at module level
(``server = replay.server``): importing it by name would read as an unused import.
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import requests
import urllib3.util.retry
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool
from urllib3.exceptions import ReadTimeoutError
from urllib3.response import HTTPResponse

from scorecard.sources.core import http

# ---- below urllib3: FakeServer --------------------------------------------------------

#: (status, body, headers) or an exception to raise (a timeout); a body that is not bytes
#: is sent as JSON.
Answer = tuple[int, Any, dict[str, str]] | BaseException

#: Environment variables that would send requests through a proxy (a real connection).
PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
              "all_proxy")
_DEFAULT_PORTS = {"http": 80, "https": 443}


class FakeServer:
    """Scripted answers per URL path or absolute URL; every request that reached it is kept.

    ``hits`` holds each request's target (path and query), ``urls`` the same requests as
    absolute URLs, ``headers`` the headers each was sent with. A request nothing is routed
    for gets a 404. Opening a real connection fails the test.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.routes: dict[str, list[Answer]] = {}
        self.hits: list[str] = []  # request targets (path and query)
        self.urls: list[str] = []  # the same requests, as absolute URLs
        self.headers: list[dict[str, str]] = []  # the headers each request was sent with
        self.count: dict[str, int] = defaultdict(int)
        self.sleeps: list[float] = []
        server = self

        def make_request(pool: HTTPConnectionPool, conn: Any, method: str, url: str,
                         **kw: Any) -> HTTPResponse:
            server.headers.append(dict(kw.get("headers") or {}))
            return server.answer(pool, method, url, kw.get("preload_content", True))

        def refuse(conn: Any, *args: Any, **kwargs: Any) -> None:
            raise AssertionError(f"a test tried to connect to {conn.host}:{conn.port}")

        for var in PROXY_VARS:
            monkeypatch.delenv(var, raising=False)
        monkeypatch.setattr(HTTPConnectionPool, "_make_request", make_request)
        monkeypatch.setattr(HTTPConnection, "connect", refuse)
        monkeypatch.setattr(HTTPSConnection, "connect", refuse)
        monkeypatch.setattr(urllib3.util.retry.time, "sleep", self.sleeps.append)

    def route(self, where: str, *answers: Answer) -> None:
        """Answer ``where`` (a path, or an absolute URL without query) with these, in turn;
        the last one repeats."""
        self.routes[where] = list(answers)
        self.count[where] = 0

    def json(self, where: str, body: Any, status: int = 200, **headers: str) -> None:
        self.route(where, (status, body, headers))

    def answer(self, pool: HTTPConnectionPool, method: str, url: str,
               preload: bool) -> HTTPResponse:
        port = "" if pool.port == _DEFAULT_PORTS.get(pool.scheme) else f":{pool.port}"
        origin = f"{pool.scheme}://{pool.host}{port}"
        self.hits.append(url)
        self.urls.append(origin + url)
        path = url.split("?")[0]
        where = origin + path if origin + path in self.routes else path
        answers = self.routes.get(where, [(404, {"success": False, "message": "no route"}, {})])
        answer = answers[min(self.count[where], len(answers) - 1)]
        self.count[where] += 1
        if isinstance(answer, BaseException):
            raise answer
        status, body, headers = answer
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        return HTTPResponse(body=io.BytesIO(data), status=status, preload_content=preload,
                            headers={"Content-Type": "application/json", **headers},
                            reason="OK" if status == 200 else "Error", request_method=method,
                            request_url=url)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> FakeServer:
    return FakeServer(monkeypatch)


def timeout() -> ReadTimeoutError:
    """A read timeout, as urllib3 raises it (an :data:`Answer`)."""
    return ReadTimeoutError(None, "/", "Read timed out. (read timeout=30)")  # type: ignore[arg-type]


# ---- above urllib3: a Replay adapter mounted on the session ---------------------------

Route = Callable[[requests.PreparedRequest], tuple[int, Any]]


class Replay(HTTPAdapter):
    """An adapter that never touches the network."""

    def __init__(self, route: Route) -> None:
        super().__init__()
        self.route = route
        self.seen: list[requests.PreparedRequest] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        self.seen.append(request)
        status, body = self.route(request)
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        raw = HTTPResponse(body=io.BytesIO(data), headers={"Content-Type": "application/json"},
                           status=status, reason="OK" if status == 200 else "Error",
                           preload_content=False)
        return self.build_response(request, raw)


def install(monkeypatch: pytest.MonkeyPatch, module: ModuleType, host: str,
            route: Route) -> Replay:
    adapter = Replay(route)

    def make_session(cache_dir: Path | None, **kwargs: Any) -> requests.Session:
        session = http.make_session(cache_dir, **kwargs)
        session.mount(host, adapter)
        return session

    monkeypatch.setattr(module, "make_session", make_session)
    return adapter


# ---- what a fetch left behind ---------------------------------------------------------


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a folder (except the HTTP cache) and its bytes."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".cache" not in p.parts}
