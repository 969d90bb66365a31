"""``scorecard fetch nyassembly``: the Assembly's bill pages, fetched politely, kept, imported.

Which bills: the platform's (``--platform``: each entry's number and its ``same_as``
companions; ``--session`` then keeps those sessions only), or ``--session S --bill N``;
and the same-as companions the dataset already knows for them (``bills.csv``, e.g. from
the mirror), because the Assembly votes on a substituted Senate print on that print.

How: one request at a time through the shared HTTP session (timeouts, retries with
backoff on 429/5xx, the on-disk cache in ``DIR/.cache/``), ``--delay`` seconds between
requests (default :data:`DEFAULT_DELAY`), an identifying User-Agent, no key. Each page
is checked (it must parse in a known layout) and kept as ``DIR/pages/<PRINT>-<first
year>.html`` (``A03675-2019.html``), its first line an HTML comment naming the address
and date it was fetched. A re-run fetches only the pages missing there (or, with
``--committee``, those fetched without committee votes); ``--refresh`` fetches them all
again, past the cache (for the votes taken since).
Then the pages are imported as ``scorecard import nyassembly`` imports them.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import requests

from ...errors import SourceError
from ...model import bill_id
from ..core.http import get_bytes, make_session
from ..core.merge import read_existing
from ..core.nysessions import ny_session, targets
from ..core.people import People
from ..core.request import FetchRequest, ImportReport
from . import DEFAULT_DELAY
from .convert import PAGE_URL, SOURCE, page_file_name, read_pages
from .pages import assembly_print, parse_page

COMMITTEE_PARAM = "&Committee%26nbspVotes=Y"
PAGES_DIR = "pages"
_MARK = "<!-- scorecard fetch nyassembly: "
#: waits between requests (tests replace it)
sleep: Callable[[float], None] = time.sleep


def user_agent() -> str:
    try:
        v = version("scorecard")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        v = "dev"
    return (f"scorecard/{v} (open-source legislator scorecard generator; reads NY Assembly "
            "bill pages one at a time, with a pause between requests)")


def page_url(number: str, year: int, committee: bool) -> str:
    return PAGE_URL.format(print=assembly_print(number), year=year) + (
        COMMITTEE_PARAM if committee else "")


def _wanted(req: FetchRequest) -> list[tuple[int, str]]:
    if req.platform is None and not req.bills:
        raise SourceError("Say which bills to fetch: --platform platform.yaml, or --session "
                          "2019 --bill A3675 (repeatable). Fetching a whole session is not "
                          "supported: it is thousands of pages.")
    wanted = targets(req)
    bills = read_existing(Path(req.into), "bills")
    if bills is None:
        return wanted
    same = dict(zip(bills["bill_id"], bills["same_as"], strict=True))
    out = list(wanted)
    for year, number in wanted:
        for other in str(same.get(bill_id(ny_session(year), number), "")).split(";"):
            if other.strip() and (year, other.strip()) not in out:
                out.append((year, other.strip()))
    return sorted(out)


def _kept(path: Path, committee: bool) -> bool:
    """Whether a page already kept serves this fetch."""
    if not path.is_file():
        return False
    if not committee:
        return True
    with open(path, encoding="utf-8", errors="replace") as fh:
        first = fh.readline()
    return first.startswith(_MARK) and COMMITTEE_PARAM in first


def _forget(session: requests.Session, url: str) -> None:
    """Drop an answer that is no page from the HTTP cache, so a re-run asks again."""
    cache = getattr(session, "cache", None)
    if cache is not None:
        cache.delete(urls=[url])


def _save(path: Path, raw: bytes, url: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    today = dt.datetime.now(dt.UTC).date().isoformat()
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(f"{_MARK}{url} (fetched {today}) -->\n".encode() + raw)
    tmp.replace(path)


def _fetch_one(session: requests.Session, number: str, year: int, committee: bool,
               path: Path, folder: Path, refresh: bool) -> None:
    """Fetch one page (past the cache with ``refresh``), check that it is one, keep it."""
    url = page_url(number, year, committee)
    what = f"the Assembly page of {number} ({ny_session(year)})"
    if refresh:
        _forget(session, url)
    raw = get_bytes(session, url, what)
    try:
        parse_page(raw, url)
    except SourceError as exc:
        _forget(session, url)
        raise SourceError(f"Fetching {what}: {exc.message} Nothing was kept of it; the "
                          f"pages already fetched are in {folder}.") from None
    _save(path, raw, url)


def fetch_nyassembly(req: FetchRequest) -> ImportReport:
    """``scorecard fetch nyassembly --into DIR --roster ROSTER [--platform F] [--session S]
    [--bill N]... [--committee] [--delay SECONDS]``."""
    wanted = _wanted(req)
    people = People(SOURCE, Path(req.into), list(req.rosters), required=True, cache=True)
    committee = bool(req.option("committee"))
    given = req.option("delay")
    delay = DEFAULT_DELAY if given is None else float(given)
    if delay < 0:
        raise SourceError(f"--delay {delay} is negative: give the seconds to wait between "
                          "requests (e.g. --delay 2).")
    folder = Path(req.into) / PAGES_DIR
    session = make_session(Path(req.into) / ".cache")
    session.headers["User-Agent"] = user_agent()
    paths = [folder / page_file_name(number, year) for year, number in wanted]
    refresh = bool(req.option("refresh"))
    todo = [(w, p) for w, p in zip(wanted, paths, strict=True)
            if refresh or not _kept(p, committee)]
    progress = None
    if req.progress and todo:
        from rich.progress import Progress

        progress = Progress(transient=True)
        progress.start()
        task = progress.add_task("Fetching Assembly pages", total=len(todo))
    try:
        for fetched, ((year, number), path) in enumerate(todo):
            if fetched and delay:
                sleep(delay)
            _fetch_one(session, number, year, committee, path, folder, refresh)
            if progress is not None:
                progress.update(task, advance=1)
    finally:
        if progress is not None:
            progress.stop()
    fetched = len(todo)
    # local import: the package's __init__ builds on this module's siblings
    from .importer import import_parsed

    parsed = read_pages(paths, [])
    today = dt.datetime.now(dt.UTC).date().isoformat()
    return import_parsed(parsed, people, today, f"the Assembly pages in {folder}", [
        f"{fetched} page(s) fetched from the Assembly's website, {len(paths) - fetched} "
        f"already kept in {folder}"])
