"""What every source says the same way: parties, names, dates and sessions.

Each source maps its own codes (vote options, motion types, chambers) in one place in its
own package; the values several sources share are normalised here, once, at import:

* :func:`party`: ``D``, ``Democrat``, ``Democratic/Working Families`` -> ``Democratic``
  (New York's fusion ballot lines are reduced to their first party, because scores
  compare parties and the ballot lines would split them).
* :func:`sort_name`: ``Jane Q. Smith`` -> ``Smith, Jane Q.`` for a source that gives one
  name only.
* :func:`slug`: text -> ``jane-q-smith``, for ids made from names; :func:`safe_id`: any
  text made safe for an id (``ny-2023-2024-S1747``).
* :func:`is_date`: ``YYYY-MM-DD`` and a real day.
* :func:`session_span`: the dates a session covers.
* :func:`latest_action`: a bill's last action, for bills.csv's last_action columns.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

from ...model import session_years

#: Party codes and spellings the sources use -> the party's name.
PARTY_CODES: dict[str, str] = {
    "D": "Democratic", "Democrat": "Democratic", "R": "Republican", "I": "Independent",
    "ID": "Independent", "L": "Libertarian", "G": "Green", "N": "Nonpartisan",
}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_NOT_ID = re.compile(r"[^A-Za-z0-9_.-]+")


def party(label: str) -> str:
    """The party a source's label names: codes spelled out, fusion lines to the first."""
    main = str(label).split("/")[0].strip()
    return PARTY_CODES.get(main, main)


_SUFFIX = re.compile(r"^(.*?)[\s,]+((?:Jr|Sr)\.?|I{2,3}|IV|V|VI)$", re.IGNORECASE)


def sort_name(name: str) -> str:
    """``"Jane Q. Smith"`` -> ``"Smith, Jane Q."``; a suffix stays with the surname
    (``"Edward A. Rath III"`` -> ``"Rath III, Edward A."``, ``"Peter J. Abbate, Jr."`` ->
    ``"Abbate Jr., Peter J."``); a one-word name or a source id (``legiscan:8641``) as it
    is."""
    name = " ".join(str(name).split())
    if ":" in name:
        return name
    m = _SUFFIX.match(name)
    rest, suffix = (m[1], m[2]) if m else (name, "")
    parts = rest.rsplit(" ", 1)
    if len(parts) != 2:
        return name
    family = f"{parts[1]} {suffix}" if suffix else parts[1]
    return f"{family}, {parts[0]}"


def slug(text: str, empty: str = "") -> str:
    """``"Jane Q. Smith"`` -> ``"jane-q-smith"`` (``empty`` when nothing is left)."""
    return _NOT_SLUG.sub("-", text.lower()).strip("-") or empty


def safe_id(text: str) -> str:
    """``text`` with every run of characters other than letters, digits, ``_.-`` as ``-``."""
    return _NOT_ID.sub("-", text)


def is_date(text: str) -> bool:
    """Whether ``text`` is a real day written ``YYYY-MM-DD``."""
    if not ISO_DATE.match(text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


#: :func:`is_date` of each text seen: a source repeats a few hundred distinct dates over
#: tens of thousands of bill actions.
_is_day = lru_cache(maxsize=4096)(is_date)


def session_span(session: str, first: str = "", last: str = "") -> tuple[str, str]:
    """The dates a session covers: ``2023-2024`` -> 2023-01-01..2024-12-31, else the
    dates given (those of the votes imported)."""
    years = session_years(session)
    if years:
        return f"{years[0]}-01-01", f"{years[1]}-12-31"
    return first, last


def latest_action(actions: list[tuple[Any, Any]]) -> tuple[str, str]:
    """(text, date) of a bill's latest action among ``(date, text)`` pairs in the order the
    source lists them: the last listed of the latest date. An action without a real day
    written YYYY-MM-DD (LegiScan's ``0000-00-00``) is left out: a bad date is never
    written; none: ``("", "")``."""
    date, text = "", None
    for d, t in actions:  # ">=": the last listed of equal dates wins
        if isinstance(d, str) and d >= date and _is_day(d):
            date, text = d, t
    if not date:
        return "", ""
    return " ".join(str(text or "").split()), date
