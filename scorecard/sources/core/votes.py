"""votes.csv rows from each roll call's resolved members, in key order."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from ...errors import SourceError


def vote_rows(rollcalls: Iterable[tuple[str, Sequence[str], Sequence[str], Sequence[str]]],
              twice: str | None) -> pd.DataFrame:
    """votes.csv from ``(rollcall_id, legislator_ids, options, raw codes)``, one per roll
    call, given in rollcall_id order; each roll call's rows are sorted by legislator, so
    the merge has nothing to sort. ``twice`` ends the error for a roll call that lists
    one person twice (two source ids resolved to one legislator); None skips that check
    (the ids are known to be distinct)."""
    rc_col: list[str] = []
    lid_col: list[str] = []
    opt_col: list[str] = []
    raw_col: list[str] = []
    for rid, lids, options, codes in rollcalls:
        if twice is not None and len(set(lids)) != len(lids):
            both = sorted({x for x in lids if lids.count(x) > 1})
            raise SourceError(f"Roll call {rid} would list {', '.join(both)} twice: {twice}")
        order = sorted(range(len(lids)), key=lids.__getitem__)
        rc_col += [rid] * len(lids)
        lid_col += [lids[j] for j in order]
        opt_col += [options[j] for j in order]
        raw_col += [codes[j] for j in order]
    return pd.DataFrame({"rollcall_id": rc_col, "legislator_id": lid_col, "option": opt_col,
                         "raw": raw_col}, dtype=object)
