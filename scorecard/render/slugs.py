"""Safe, unique, stable file names for pages: legislators, demands and bills (the page
paths themselves are in :mod:`.formats`).

A slug has only ``a-z``, ``0-9`` and ``-``: no path separators, no dots, so no name
can escape the output folder. Two legislators with the same name get different slugs
(the district, then a counter), decided in a fixed order so every build agrees.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..model import bill_id

if TYPE_CHECKING:
    from ..card import Scorecard


def slugify(text: str, fallback: str = "item") -> str:
    """``"José Peralta Jr."`` -> ``"jose-peralta-jr"``; never empty, never a path."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].strip("-") or fallback


def unique_slugs(items: Iterable[tuple[str, str, str]]) -> dict[str, str]:
    """Map each id to a unique slug from (id, name, qualifier) triples.

    The name's slug is used alone when it is unique; otherwise ``name-qualifier``
    (e.g. the chamber and district); otherwise a numeric suffix. Items are taken in
    sorted id order so that the result does not depend on input order.
    """
    triples = sorted(items)
    # a name with no Latin letters (Arabic, Chinese...) falls back to the id's letters
    base: dict[str, str] = {i: slugify(name, slugify(i, "legislator")) for i, name, _ in triples}
    count: dict[str, int] = {}
    for slug in base.values():
        count[slug] = count.get(slug, 0) + 1
    out: dict[str, str] = {}
    used: set[str] = set()
    for ident, _name, qualifier in triples:
        slug = base[ident]
        if count[slug] > 1 and qualifier:
            slug = f"{slug}-{slugify(qualifier, '')}".strip("-")
        candidate, n = slug, 2
        while candidate in used:
            candidate = f"{slug}-{n}"
            n += 1
        used.add(candidate)
        out[ident] = candidate
    return out


def legislator_slugs(table: object) -> dict[str, str]:
    """Slugs for the scores table's legislators (name, qualified by chamber and district)."""
    import pandas as pd

    assert isinstance(table, pd.DataFrame)
    return unique_slugs(
        (str(r.legislator_id), str(r.name), f"{r.chamber}-{r.district}")
        for r in table[["legislator_id", "name", "chamber", "district"]].itertuples(index=False)
    )


def demand_slugs(card: Scorecard) -> dict[str, str]:
    """demand id -> file slug (ids are already tame; slugify keeps them safe and unique)."""
    ids = [d.id for s in card.platform.model.sections for d in s.demands]
    return unique_slugs((d, d, "") for d in ids)


def bill_slugs(card: Scorecard) -> dict[str, str]:
    """``session/number`` of every platform bill entry -> file slug (``s1747-2019-2020``)."""
    keys = {bill_id(pe.entry.session or "", pe.entry.number or "")
            for pe in card.platform.bill_entries()}
    return unique_slugs((k, f"{k.split('/', 1)[1]}-{k.split('/', 1)[0]}", "") for k in keys)
