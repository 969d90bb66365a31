"""Two merge rules that make an import order-independent (used by :func:`tables.merge_table`).

* **rollcalls.csv order.** Every import leaves the file sorted by date, then by
  ``rollcall_id`` with the numbers inside ids compared as numbers (``...-2`` before
  ``...-10``, ``us-house-2020-11`` before ``us-house-2020-13``). Importers give the roll
  calls of one bill on one day ids in the order they were taken, so "the later row"
  (DESIGN.md section 4) stays the later vote, and importing A then B, B then A, or A and
  B in one call writes the same file.
* **Terms from votes widen, never shorten.** A legislators.csv row an importer made from
  vote dates (the roster had no term for them: its flag column :data:`FROM_VOTES` is
  true) is united with every existing row of the same person, chamber and district that
  it overlaps: the row keeps the earliest start and the latest end. Terms from a roster
  are replaced by key as before (the roster is the authority on terms).
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

#: Private column of a legislators frame: the row's dates come from votes, not a roster.
FROM_VOTES = "_from_votes"
_PART = re.compile(r"(\d+)")
_OPEN_START, _OPEN_END = "0000-00-00", "9999-99-99"


def natural_key(text: str) -> tuple[tuple[int, int, str], ...]:
    """``"a-10"`` sorts after ``"a-2"``: digit runs compare as numbers."""
    return tuple(map(_part_key, filter(None, _PART.split(text))))


@lru_cache(maxsize=1 << 16)
def _part_key(part: str) -> tuple[int, int, str]:
    """One part of :func:`natural_key` (a digit run or the text between two): the parts
    of roll call ids repeat (``ny-senate-``, years, dates), so each is keyed once."""
    return (1, int(part), "") if part.isdigit() else (0, 0, part)


def order_rollcalls(rc: pd.DataFrame) -> pd.DataFrame:
    """Roll calls by date, then natural ``rollcall_id`` order (see the module docstring)."""
    if len(rc) < 2:
        return rc.reset_index(drop=True)
    keys = [(d, natural_key(i)) for d, i in zip(rc["date"].tolist(),
                                                rc["rollcall_id"].tolist(), strict=True)]
    order = sorted(range(len(keys)), key=keys.__getitem__)
    return rc.iloc[order].reset_index(drop=True)


def _overlap(a: tuple[str, str], b: tuple[str, str]) -> bool:
    return (a[0] or _OPEN_START) <= (b[1] or _OPEN_END) and (b[0] or _OPEN_START) <= (
        a[1] or _OPEN_END)


def _clusters(recs: list[dict[str, object]]) -> list[list[dict[str, object]]]:
    """Rows grouped so that each vote-made row (``_v``) joins every row it overlaps."""
    parent = list(range(len(recs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, r in enumerate(recs):
        if r["_v"]:
            for j, s in enumerate(recs):
                if j != i and _overlap((str(r["start_date"]), str(r["end_date"])),
                                       (str(s["start_date"]), str(s["end_date"]))):
                    parent[find(i)] = find(j)
    clusters: dict[int, list[dict[str, object]]] = {}
    for i, r in enumerate(recs):
        clusters.setdefault(find(i), []).append(r)
    return list(clusters.values())


def widen_terms(base: pd.DataFrame, from_votes: pd.DataFrame) -> pd.DataFrame:
    """``base`` rows with the vote-made rows ``from_votes`` united into those they overlap.

    Both frames have the legislators.csv columns, as text. The united row takes its other
    columns (name, party, url) from the earliest of the rows united, so any import order
    gives the same row.
    """
    if from_votes.empty:
        return base
    group = ["legislator_id", "chamber", "district"]
    touched = set(map(tuple, from_votes[group].to_numpy().tolist()))
    in_base = pd.Series([tuple(k) in touched for k in base[group].to_numpy().tolist()],
                        index=base.index, dtype=bool)
    keep = base[~in_base]
    rows = pd.concat([base[in_base].assign(_v=False), from_votes.assign(_v=True)],
                     ignore_index=True)
    out = []
    groups: dict[tuple[str, ...], list[dict[str, object]]] = {}
    for rec in rows.to_dict("records"):  # one pass, not a frame per group
        groups.setdefault(tuple(str(rec[c]) for c in group), []).append(rec)
    for key in sorted(groups):
        for members in _clusters(groups[key]):
            first = min(members, key=lambda r: (str(r["start_date"]) or _OPEN_START,
                                                str(r["end_date"]) or _OPEN_END))
            row = dict(first)
            starts = [str(r["start_date"]) for r in members]
            ends = [str(r["end_date"]) for r in members]
            row["start_date"] = "" if "" in starts else min(starts)
            row["end_date"] = "" if "" in ends else max(ends)
            out.append(row)
    united = pd.DataFrame(out, columns=rows.columns).drop(columns="_v")
    return pd.concat([keep, united], ignore_index=True)
