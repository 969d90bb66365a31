"""New York's two-year sessions, shared by the NY sources (Open Legislation, the Assembly).

NY sessions start in odd years (``2019-2020``); a source names one by its first year
(``term=2019``, ``Session: 2019``), a user by either year or the pair. :func:`targets`
reads the bills a NY fetch asks for (``--platform``, ``--session``, ``--bill``).
"""

from __future__ import annotations

import re

from ...errors import SourceError
from ...model import base_print
from .request import FetchRequest, platform_bills


def ny_session(year: int) -> str:
    """Session year 2019 (or 2020) -> ``2019-2020``: NY sessions start in odd years."""
    start = year if year % 2 else year - 1
    return f"{start}-{start + 1}"


def session_year(session: str) -> int:
    """``2023``, ``2024`` or ``2023-2024`` -> 2023 (the odd year that starts it)."""
    m = re.fullmatch(r"\s*(\d{4})(?:\s*-\s*(\d{4}))?\s*", str(session))
    if not m:
        raise SourceError(f"--session {session!r} is not a session: give a year such as 2023 "
                          "or a session such as 2023-2024.")
    year = int(m.group(1))
    return year if year % 2 else year - 1


def unique_id(base: str, used: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... when the same day holds several roll calls."""
    rid, n = base, 1
    while rid in used:
        n += 1
        rid = f"{base}-{n}"
    used.add(rid)
    return rid


def targets(req: FetchRequest) -> list[tuple[int, str]]:
    """The (session year, base print number) pairs to fetch, sorted, without repeats."""
    years = [session_year(s) for s in req.sessions]
    out: set[tuple[int, str]] = set()
    if req.platform is not None:
        for session, numbers in platform_bills(req.platform):
            year = session_year(session)
            if years and year not in years:
                continue
            out.update((year, n) for n in numbers)
        if not out:
            raise SourceError(f"{req.platform} names no bills" + (
                f" in session(s) {', '.join(req.sessions)}" if years else "") + " to fetch.")
    if req.bills:
        if not years:
            raise SourceError("Give the session of the bills: --session 2023 "
                              "(or --platform FILE to fetch the platform's bills).")
        for number in req.bills:
            n = base_print(number)
            if not re.fullmatch(r"[A-Z]+\d+", n):
                raise SourceError(f"--bill {number!r} is not a print number such as S1747.")
            out.update((y, n) for y in years)
    if not out:
        raise SourceError("Nothing to fetch: give --bill NUMBER with --session YEAR, or "
                          "--platform FILE. (Fetching a whole session is not supported: it "
                          "is thousands of requests; use the ny-mirror importer for that.)")
    return sorted(out)
