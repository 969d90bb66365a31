"""Recorded API responses replayed through the shared HTTP session (no network).

``install(monkeypatch, module, host, route)`` makes ``module.make_session`` return the
real shared session (retries, on-disk cache) with an adapter mounted for ``host`` that
answers from ``route(request) -> (status, body)`` and records every request it saw.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import requests
from requests.adapters import HTTPAdapter
from urllib3.response import HTTPResponse

from scorecard.sources import http

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


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a folder (except the HTTP cache) and its bytes."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".cache" not in p.parts}
