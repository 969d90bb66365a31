"""One HTTP session for every fetcher: timeouts, retries with backoff, an on-disk cache.

API keys are never logged or written: the cache strips them from stored requests and
cache keys (``ignored_parameters``), :func:`redact` scrubs them from any message, and a
logging filter scrubs the secrets passed to :func:`get_json` from the records of urllib3
and requests-cache (whose debug logs print request URLs, query string included).

Retries: 429 and 5xx answers and read timeouts are retried ``retries`` times with
exponential backoff (``backoff`` x 2^n seconds), honouring ``Retry-After`` up to
:data:`MAX_RETRY_AFTER` seconds. Only 200 answers are cached, so a fetch interrupted by
an error resumes from the cache when run again: nothing already fetched is fetched twice.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import requests
import requests_cache
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ReadTimeoutError
from urllib3.util.retry import Retry

from ...errors import SourceError

#: Query parameters and headers that may carry a secret.
SECRET_PARAMS = ("key", "api_key", "apikey", "X-API-KEY", "x-api-key")
DEFAULT_TIMEOUT = 30.0
CACHE_FILE = "http-cache"  # under <dataset>/.cache/, never named after a key
#: Longest wait a Retry-After header may impose before a retry (seconds).
MAX_RETRY_AFTER = 60.0
#: Loggers whose records may carry request URLs.
_LOGGERS = ("urllib3", "urllib3.connectionpool", "urllib3.util.retry", "requests_cache",
            "requests_cache.session", "requests_cache.policy.actions",
            "requests_cache.backends.base", "requests_cache.backends.sqlite")


class _RedactSecrets(logging.Filter):
    """Scrubs known secrets from log records before any handler sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.secrets: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            message = record.getMessage()
            clean = redact(message, self.secrets)
            if clean != message:
                record.msg, record.args = clean, None
        return True


_FILTER = _RedactSecrets()
for _name in _LOGGERS:
    logging.getLogger(_name).addFilter(_FILTER)


def keep_secret(*secrets: str | None) -> None:
    """Scrub these values from every log record of the HTTP libraries."""
    _FILTER.secrets.update(s for s in secrets if s)


class _CappedRetry(Retry):
    """urllib3's Retry, with Retry-After capped so a server cannot stall us for hours."""

    def get_retry_after(self, response: Any) -> float | None:
        after = super().get_retry_after(response)
        return None if after is None else min(after, MAX_RETRY_AFTER)


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


def _timed_out(exc: BaseException) -> bool:
    """A timeout, also when urllib3 retried it and requests wrapped it in ConnectionError."""
    seen: BaseException | None = exc
    for _ in range(10):  # the chain is short; never loop on a cycle
        if seen is None:
            break
        if isinstance(seen, requests.Timeout | ReadTimeoutError | TimeoutError):
            return True
        reason = getattr(seen, "reason", None)
        if isinstance(reason, BaseException) and reason is not seen:
            seen = reason
            continue
        nested = seen.args[0] if seen.args and isinstance(seen.args[0], BaseException) else None
        seen = nested if nested is not seen else None
    return False


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
    retry = _CappedRetry(
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
    secrets = [s for s in secrets if s]
    keep_secret(*secrets)
    try:
        resp = session.get(url, params=params, headers=headers)
    except requests.RequestException as exc:
        if _timed_out(exc):
            raise SourceError(f"Fetching {what} timed out: the server did not answer, "
                              "several times. Try again later: what was already fetched is "
                              "cached.") from None
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


def get_bytes(session: requests.Session, url: str, what: str) -> bytes:
    """GET ``url`` from a source that needs no key (XML, CSV) and return the body."""
    return _checked_get(session, url, what, keyed=False).content
