"""votes.csv rows from each roll call's resolved members, in key order."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import chain

import numpy as np
import pandas as pd

from ...errors import SourceError


def vote_rows(rollcalls: Iterable[tuple[str, Sequence[str], Sequence[str], Sequence[str]]],
              twice: str | None) -> pd.DataFrame:
    """votes.csv from ``(rollcall_id, legislator_ids, options, raw codes)``, one per roll
    call, given in rollcall_id order; each roll call's rows are sorted by legislator, so
    the merge has nothing to sort. ``twice`` ends the error for a roll call that lists
    one person twice (two source ids resolved to one legislator); None skips that check
    (the ids are known to be distinct).

    The rows are put in order in one pass over all of them, not one sort per roll call:
    a stable sort by roll call, then legislator (each id coded by its rank among the
    distinct ids). 258,000 votes of 6,500 roll calls: 0.18 -> 0.10 s.
    """
    rids: list[str] = []
    lids: list[Sequence[str]] = []
    options: list[Sequence[str]] = []
    codes: list[Sequence[str]] = []
    for rid, ids, opts, raw in rollcalls:
        rids.append(rid)
        lids.append(ids)
        options.append(opts)
        codes.append(raw)
    sizes = np.fromiter(map(len, lids), dtype=np.intp, count=len(lids))
    which = np.repeat(np.arange(len(rids)), sizes)  # each row's roll call
    n = int(sizes.sum())
    flat = np.fromiter(chain.from_iterable(lids), dtype=object, count=n)
    rank, distinct = pd.factorize(flat, sort=True)  # codes in the ids' sorted order
    key = which * max(len(distinct), 1) + rank
    order = np.argsort(key, kind="stable")
    if twice is not None and n > 1:
        ordered = key[order]
        again = np.flatnonzero(ordered[1:] == ordered[:-1])  # one person twice in a roll call
        if len(again):
            i = int(which[order[again[0]]])
            members = list(lids[i])
            both = sorted({x for x in members if members.count(x) > 1})
            raise SourceError(f"Roll call {rids[i]} would list {', '.join(both)} twice: {twice}")

    def column(values: Iterable[str]) -> np.ndarray:
        return np.fromiter(values, dtype=object, count=n)[order]

    return pd.DataFrame({"rollcall_id": np.asarray(rids, dtype=object)[which[order]],
                         "legislator_id": flat[order],
                         "option": column(chain.from_iterable(options)),
                         "raw": column(chain.from_iterable(codes))}, dtype=object)
