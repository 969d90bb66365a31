"""One HTTP session for every fetcher: timeouts, retries with backoff, an on-disk cache.

API keys are never logged or written: the cache strips them from stored requests and
cache keys (``ignored_parameters``) and stores no redirect history, :func:`redact` scrubs
them from any message, and a logging filter scrubs the secrets passed to :func:`get_json`
from the records of urllib3 and requests-cache (whose debug logs print request URLs,
query string included). On a redirect to another host every header and query parameter
that may carry a key is dropped (requests itself drops only ``Authorization``).

Retries: 429 and 5xx answers and read timeouts are retried ``retries`` times with
exponential backoff (``backoff`` x 2^n seconds), honouring ``Retry-After`` up to
:data:`MAX_RETRY_AFTER` seconds.

The cache keeps only answers that were read whole and accepted: 200, within the deadline
and the size limit, parsed, and passed by the fetcher's ``validate`` check (an "invalid
key" object, an HTML error page with status 200, a truncated or empty body are never
kept). So a fetch interrupted by an error resumes from the cache when run again:
nothing already fetched is fetched twice, and nothing broken is replayed.

Limits: each request as a whole must finish within :data:`DEFAULT_DEADLINE` seconds, and
a body may hold :data:`MAX_RESPONSE_BYTES` once decompressed (it is read in chunks, so a
gzip bomb stops at the limit); the environment variables :data:`DEADLINE_ENV` and
:data:`MAX_BYTES_ENV` change them.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests
import requests_cache
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ReadTimeoutError
from urllib3.util.retry import Retry

from ...errors import SourceError

#: Query parameters and headers that may carry a secret.
SECRET_PARAMS = ("key", "api_key", "apikey", "X-API-KEY", "x-api-key")
DEFAULT_TIMEOUT = 30.0
#: Longest a request may take as a whole, body included (seconds; a server sending one
#: byte a second never trips the read timeout). The environment variable overrides it.
DEFAULT_DEADLINE = 300.0
DEADLINE_ENV = "SCORECARD_HTTP_DEADLINE"
#: Largest body accepted, once decompressed (a small gzip body can expand to gigabytes).
MAX_RESPONSE_BYTES = 512_000_000
MAX_BYTES_ENV = "SCORECARD_HTTP_MAX_BYTES"
CHUNK = 1 << 16
T = TypeVar("T")
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


class _KeepKeysHome:
    """On a redirect to another host, requests drops ``Authorization`` only: this also
    drops every header and query parameter that may carry a key (:data:`SECRET_PARAMS`)."""

    def rebuild_auth(self, prepared_request: requests.PreparedRequest,
                     response: requests.Response) -> None:
        super().rebuild_auth(prepared_request, response)  # type: ignore[misc]
        old = response.request.url or ""
        if self.should_strip_auth(old, prepared_request.url or ""):  # type: ignore[attr-defined]
            for name in SECRET_PARAMS:
                prepared_request.headers.pop(name, None)
            prepared_request.prepare_url(strip_secrets(prepared_request.url or ""), None)


class _Session(_KeepKeysHome, requests.Session):
    pass


class _CachedSession(_KeepKeysHome, requests_cache.CachedSession):
    pass


def strip_secrets(url: str) -> str:
    """``url`` without the query parameters that may carry a key."""
    parts = urlsplit(url)
    secret = {p.lower() for p in SECRET_PARAMS}
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if k.lower() not in secret]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _setting(env: str, default: float) -> float:
    """A limit from the environment (for a user who needs more), else the default."""
    try:
        value = float(os.environ.get(env, ""))
    except ValueError:
        return default
    return value if value > 0 and value != float("inf") else default


def make_session(
    cache_dir: Path | None,
    retries: int = 4,
    backoff: float = 1.0,
    timeout: float = DEFAULT_TIMEOUT,
    deadline: float | None = None,
    max_bytes: int | None = None,
) -> requests.Session:
    """A session with retries on 429/5xx (honouring Retry-After) and a disk cache.

    ``cache_dir=None`` gives an uncached session (for tests that need one). Nothing is
    cached by the session itself: :func:`get_json` and :func:`get_bytes` store an answer
    once it has been read whole and checked, so an interrupted fetch resumes where it
    stopped, nothing is fetched twice, and a broken answer is never replayed.
    ``deadline`` bounds each request as a whole (seconds, body included), ``max_bytes``
    the size of a body once decompressed (defaults: :data:`DEFAULT_DEADLINE`,
    :data:`MAX_RESPONSE_BYTES`, or the environment variables named there).
    """
    session: requests.Session
    if cache_dir is not None:
        Path(cache_dir).mkdir(parents=True, exist_ok=True)
        session = _CachedSession(
            str(Path(cache_dir) / CACHE_FILE),
            backend="sqlite",
            allowable_codes=(),  # written by _store, after the answer was checked
            ignored_parameters=list(SECRET_PARAMS),
            match_headers=False,
            stale_if_error=False,
        )
    else:
        session = _Session()
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
    limits = _Limits(deadline or _setting(DEADLINE_ENV, DEFAULT_DEADLINE),
                     int(max_bytes or _setting(MAX_BYTES_ENV, MAX_RESPONSE_BYTES)))
    setattr(session, _LIMITS, limits)  # noqa: B010 (the session is a plain object to us)
    return session


@dataclass(frozen=True)
class _Limits:
    deadline: float
    max_bytes: int


_LIMITS = "scorecard_limits"


def _limits(session: requests.Session) -> _Limits:
    found = getattr(session, _LIMITS, None)
    return found if isinstance(found, _Limits) else _Limits(DEFAULT_DEADLINE,
                                                            MAX_RESPONSE_BYTES)


def _mb(n: float) -> str:
    return f"{n / 1e6:,.0f} MB" if n >= 1e6 else f"{n:,.0f} bytes"


def _too_big(what: str, limit: int) -> SourceError:
    return SourceError(f"Fetching {what}: the answer is larger than {_mb(limit)} once "
                       f"decompressed, the limit (set {MAX_BYTES_ENV} to a number of bytes "
                       "to allow more). Nothing was written.")


def _body(resp: requests.Response, what: str, limits: _Limits, started: float) -> bytes:
    """The whole body, read within the deadline and the size limit (decompressed)."""
    if getattr(resp, "from_cache", False):
        return resp.content
    announced = resp.headers.get("Content-Length", "")
    encoded = resp.headers.get("Content-Encoding", "").strip().lower() not in ("", "identity")
    if announced.isdigit() and not encoded and int(announced) > limits.max_bytes:
        resp.close()
        raise _too_big(what, limits.max_bytes)
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            chunk = resp.raw.read1(CHUNK, decode_content=True)
            if not chunk:
                break
            size += len(chunk)
            if size > limits.max_bytes:
                raise _too_big(what, limits.max_bytes)
            chunks.append(chunk)
            if time.monotonic() - started > limits.deadline:
                raise SourceError(
                    f"Fetching {what} took longer than {limits.deadline:.0f} s (the server "
                    f"sent {_mb(size)} so far, too slowly). Try again later (set "
                    f"{DEADLINE_ENV} to a number of seconds to wait longer); what was "
                    "already fetched is cached.")
    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
        resp.close()
        if _timed_out(exc):
            raise SourceError(f"Fetching {what} timed out while the answer was being "
                              "received. Try again later: what was already fetched is "
                              "cached.") from None
        raise SourceError(f"Fetching {what}: the answer was cut off or garbled "
                          f"({type(exc).__name__}). Try again later: what was already "
                          "fetched is cached.") from None
    except SourceError:
        resp.close()
        raise
    body = b"".join(chunks)
    resp._content = body  # requests' own slot for a body read by hand
    return body


def _cache_key(session: requests.Session, request: requests.PreparedRequest) -> str | None:
    cache = getattr(session, "cache", None)
    return None if cache is None else str(cache.create_key(request))


def _store(session: requests.Session, resp: requests.Response, key: str | None) -> None:
    """Cache a checked answer under the request as first made, without its redirect
    history (whose requests may carry the key)."""
    cache = getattr(session, "cache", None)
    if cache is None or key is None or getattr(resp, "from_cache", False):
        return
    resp.history = []
    cache.save_response(resp, cache_key=key)


def _forget(session: requests.Session, key: str | None) -> None:
    cache = getattr(session, "cache", None)
    if cache is not None and key is not None:
        cache.delete(key)


def _checked_get(
    session: requests.Session,
    url: str,
    what: str,
    params: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    secrets: Iterable[str | None] = (),
    keyed: bool = True,
) -> tuple[requests.Response, bytes]:
    """GET ``url``; every failure becomes a clear SourceError naming ``what``.

    ``keyed=False`` is for sources that need no API key: a refusal then says so.
    """
    secrets = [s for s in secrets if s]
    keep_secret(*secrets)
    started = time.monotonic()
    try:
        resp = session.get(url, params=params, headers=headers, stream=True)
    except requests.RequestException as exc:
        if _timed_out(exc):
            raise SourceError(f"Fetching {what} timed out: the server did not answer, "
                              "several times. Try again later: what was already fetched is "
                              "cached.") from None
        raise SourceError(redact(f"Fetching {what} failed: {exc}", secrets)) from None
    if resp.status_code != 200:
        resp.close()
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
    return resp, _body(resp, what, _limits(session), started)


def fetch(
    session: requests.Session,
    url: str,
    what: str,
    read: Callable[[bytes], T],
    params: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    secrets: Iterable[str | None] = (),
    keyed: bool = True,
) -> T:
    """GET ``url`` and return ``read(body)``; the answer is cached only when ``read``
    accepted it (it raises SourceError for an answer that is not what was asked for: an
    error page, a truncated or empty body, an API's refusal), and a cached answer that
    ``read`` refuses is dropped from the cache."""
    request = session.prepare_request(requests.Request("GET", url, params=params,
                                                       headers=headers))
    key = _cache_key(session, request)
    resp, body = _checked_get(session, url, what, params, headers, secrets, keyed)
    try:
        value = read(body)
    except SourceError:
        _forget(session, key)
        raise
    _store(session, resp, key)
    return value


def _json(body: bytes, what: str) -> Any:
    if not body.strip():
        raise SourceError(f"Fetching {what}: the answer was empty. Try again later.")
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        start = body.lstrip()[:1]
        kind = (" It is a web page (HTML)." if start == b"<" else
                " It is cut off (incomplete)." if start in (b"{", b"[") else "")
        raise SourceError(f"Fetching {what}: the answer was not JSON.{kind} Try again later; "
                          "it was not cached.") from None


def get_json(
    session: requests.Session,
    url: str,
    what: str,
    params: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    secrets: Iterable[str | None] = (),
    validate: Callable[[Any], None] | None = None,
) -> Any:
    """GET ``url`` and return its JSON, turning every failure into a clear SourceError.

    ``what`` names the thing fetched (``"bill S1747 (2019)"``) for the message.
    ``validate`` raises SourceError for JSON that is not an answer to keep (an API's
    "invalid key" or error object, a missing field); such an answer is never cached.
    """
    def read(body: bytes) -> Any:
        data = _json(body, what)
        if validate is not None:
            validate(data)
        return data

    return fetch(session, url, what, read, params, headers, secrets)


def get_bytes(session: requests.Session, url: str, what: str,
              validate: Callable[[bytes], None] | None = None) -> bytes:
    """GET ``url`` from a source that needs no key (XML, CSV) and return the body;
    ``validate`` as for :func:`get_json` (an empty body is never kept)."""
    def read(body: bytes) -> bytes:
        if not body.strip():
            raise SourceError(f"Fetching {what}: the answer was empty. Try again later.")
        if validate is not None:
            validate(body)
        return body

    return fetch(session, url, what, read, keyed=False)
