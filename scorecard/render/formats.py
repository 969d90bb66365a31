"""How every output writes a number, a score, a list of words, a link and a page path.

The site, the briefings, the workbook and the terminal text all take these from here, so
a score is rounded one way, a list joined one way, an address from the data becomes a
link by one rule, and a page is named one way wherever it is linked from.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import pandas as pd

from ..scoring import round_half_up

#: Said on every page, card and sheet built from fictional data.
BANNER = "Sample data: fictional legislators"
#: An address from the data becomes a link only when it is a web address (no
#: ``javascript:``, ``data:`` or ``file:``) with no space, quote or angle bracket.
WEB_ADDRESS = re.compile(r"(?i)https?://[^\s\"<>]+$")


# ---- numbers -------------------------------------------------------------------------


def missing(x: Any) -> bool:
    """True for None, NaN and pandas' NA."""
    if x is None or x is pd.NA:
        return True
    return isinstance(x, float) and math.isnan(x)


def shown(x: Any) -> str:
    """A score as displayed: rounded half up, '' when there is none."""
    return "" if missing(x) else _shown(float(x))


@lru_cache(maxsize=65536)
def _shown(x: float) -> str:
    return str(round_half_up(x))


def sort_key(x: Any) -> str:
    """A number for the table script's ``data-sort`` ('' sorts last)."""
    return "" if missing(x) else f"{float(x):.6f}"


def percent(x: Any) -> str:
    """``0.756`` -> ``"76%"``; '' when there is none."""
    return "" if missing(x) else f"{round_half_up(100 * float(x))}%"


def number(x: float) -> str:
    """``2.0`` -> ``"2"``, ``0.5`` -> ``"0.5"``, ``0.8`` as it is."""
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


# ---- words ---------------------------------------------------------------------------


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else many or word + 's'}"


def verb(n: int, one: str, many: str) -> str:
    """The verb agreeing with ``n``: ``verb(1, "was", "were")``."""
    return one if n == 1 else many


def join_words(items: Sequence[str]) -> str:
    """``["a", "b", "c"]`` -> ``"a, b and c"``."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# ---- links and pages -----------------------------------------------------------------


def web_url(x: Any) -> str:
    """``x`` when it is a web address (:data:`WEB_ADDRESS`), else ''.

    Escaping makes text safe inside an attribute or a cell, not the link itself: an
    address from the data becomes a link only when it is a web address.
    """
    text = "" if missing(x) else str(x).strip()
    return text if WEB_ADDRESS.match(text) else ""


def legislator_page(slug: str) -> str:
    """A legislator's page, relative to the site's root (the site, its links and the
    workbook's links all name it so)."""
    return f"legislators/{slug}.html"


def demand_page(slug: str) -> str:
    return f"demands/{slug}.html"


def bill_page(slug: str) -> str:
    return f"bills/{slug}.html"


def briefing_page(slug: str) -> str:
    return f"briefings/{slug}.html"


def share_image(slug: str) -> str:
    return f"share/{slug}.png"
