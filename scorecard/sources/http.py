"""One HTTP session for every fetcher: timeouts, retries with backoff, an on-disk cache.

API keys are never logged or written: the cache strips them from stored requests and
cache keys (``ignored_parameters``), and :func:`redact` scrubs them from any message.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import requests
import requests_cache
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from ..errors import SourceError

#: Query parameters and headers that may carry a secret.
SECRET_PARAMS = ("key", "api_key", "apikey", "X-API-KEY", "x-api-key")
DEFAULT_TIMEOUT = 30.0
CACHE_FILE = "http-cache"  # under <dataset>/.cache/, never named after a key


def redact(text: str, secrets: Iterable[str | None]) -> str:
    """Replace every secret value in ``text`` by ``***``."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def api_key(env_var: str, what: str) -> str:
    """The key in ``env_var``, or a SourceError telling the user how to set it."""
    key = os.environ.get(env_var, "").strip()
    if not key:
        raise SourceError(
            f"{what} needs an API key: set the environment variable {env_var} "
            f"(for example: export {env_var}=...) and run the command again."
        )
    return key


class _TimeoutAdapter(HTTPAdapter):
    def __init__(self, timeout: float, **kwargs: Any) -> None:
        self.timeout = timeout
        super().__init__(**kwargs)

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        return super().send(request, **kwargs)


def make_session(
    cache_dir: Path | None,
    retries: int = 4,
    backoff: float = 1.0,
    timeout: float = DEFAULT_TIMEOUT,
) -> requests.Session:
    """A session with retries on 429/5xx (honouring Retry-After) and a disk cache.

    ``cache_dir=None`` gives an uncached session (for tests that need one).
    Only successful responses are cached, so an interrupted fetch resumes where it
    stopped and nothing is fetched twice.
    """
    session: requests.Session
    if cache_dir is not None:
        Path(cache_dir).mkdir(parents=True, exist_ok=True)
        session = requests_cache.CachedSession(
            str(Path(cache_dir) / CACHE_FILE),
            backend="sqlite",
            allowable_codes=(200,),
            ignored_parameters=list(SECRET_PARAMS),
            match_headers=False,
            stale_if_error=False,
        )
    else:
        session = requests.Session()
    retry = Retry(
        total=retries,
        backoff_factor=backoff,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"GET", "HEAD"}),
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    adapter = _TimeoutAdapter(timeout, max_retries=retry)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.headers["User-Agent"] = "scorecard (legislator scorecard generator)"
    return session


def _checked_get(
    session: requests.Session,
    url: str,
    what: str,
    params: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    secrets: Iterable[str | None] = (),
    keyed: bool = True,
) -> requests.Response:
    """GET ``url``; every failure becomes a clear SourceError naming ``what``.

    ``keyed=False`` is for sources that need no API key: a refusal then says so.
    """
    secrets = list(secrets)
    try:
        resp = session.get(url, params=params, headers=headers)
    except requests.Timeout:
        raise SourceError(f"Fetching {what} timed out; the server did not answer. "
                          "Try again later: what was already fetched is cached.") from None
    except requests.RequestException as exc:
        raise SourceError(redact(f"Fetching {what} failed: {exc}", secrets)) from None
    if resp.status_code in (401, 403):
        if not keyed:
            raise SourceError(f"Fetching {what} was refused ({resp.status_code}) by the "
                              "server. Try again later.")
        raise SourceError(f"Fetching {what} was refused ({resp.status_code}): the API key "
                          "is missing, wrong or not allowed. Check the key and try again.")
    if resp.status_code == 404:
        raise SourceError(f"Fetching {what}: not found (404). Check the number and session.")
    if resp.status_code == 429:
        raise SourceError(f"Fetching {what}: rate limited (429) after several retries. Wait "
                          "and run the command again; what was already fetched is cached.")
    if resp.status_code >= 500:
        raise SourceError(f"Fetching {what}: the server failed ({resp.status_code}) after "
                          "several retries. Try again later; what was fetched is cached.")
    if resp.status_code != 200:
        raise SourceError(f"Fetching {what}: unexpected HTTP status {resp.status_code}.")
    return resp


def get_json(
    session: requests.Session,
    url: str,
    what: str,
    params: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    secrets: Iterable[str | None] = (),
) -> Any:
    """GET ``url`` and return its JSON, turning every failure into a clear SourceError.

    ``what`` names the thing fetched (``"bill S1747 (2019)"``) for the message.
    """
    resp = _checked_get(session, url, what, params, headers, secrets)
    try:
        return resp.json()
    except ValueError:
        raise SourceError(f"Fetching {what}: the answer was not JSON.") from None


def get_bytes(
    session: requests.Session,
    url: str,
    what: str,
    params: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> bytes:
    """GET ``url`` from a source that needs no key (XML, CSV) and return the body."""
    return _checked_get(session, url, what, params, headers, keyed=False).content
