"""Which roll calls each platform entry scores (DESIGN.md section 4, "Selected roll calls").

Pure functions over the dataset's tables. The result has one row per (entry, roll call)
with the entry's place in the platform, its position and weight.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from .dataset import Dataset
from .errors import Problems
from .platform import Platform, PlatformEntry

Scope = Literal["period", "lifetime"]

SELECTED_COLUMNS = [
    "entry", "order", "section_id", "demand_id", "position", "weight", "session",
    "rollcall_id", "rc_order", "bill_id", "number", "chamber", "date", "motion",
    "motion_type", "committee", "source_url",
]


@dataclass
class Selection:
    """Selected roll calls of one scope, and what could not be found."""

    rows: pd.DataFrame
    #: print numbers of entries that are not in bills.csv: (entry key, numbers, session)
    missing: list[tuple[str, str, str]] = field(default_factory=list)


def entry_in_period(platform: Platform, pe: PlatformEntry) -> bool:
    """``period.sessions`` filters bill entries by their session."""
    sessions = platform.model.period.sessions
    if not sessions or not pe.entry.number:
        return True
    return pe.entry.session in sessions


def _rollcalls_with_bills(ds: Dataset) -> pd.DataFrame:
    rc = ds.rollcalls.rename(columns={"order": "rc_order"})
    rc = rc.merge(ds.bills[["bill_id", "session", "number"]], on="bill_id", how="left")
    return rc.fillna({"session": "", "number": ""})


def _pick(entry_rc: pd.DataFrame, pe: PlatformEntry) -> pd.DataFrame:
    e = pe.entry
    if isinstance(e.votes, list):
        chosen = entry_rc[entry_rc["rollcall_id"].isin(e.votes)]
    else:
        passage = entry_rc[entry_rc["motion_type"] == "passage"]
        if e.votes == "final":
            ordered = passage.sort_values(["date", "rc_order"], kind="stable")
            chosen = ordered.groupby("chamber", sort=False).tail(1)
        else:
            chosen = passage
    if e.committee:
        chosen = pd.concat([chosen, entry_rc[entry_rc["motion_type"] == "committee"]])
    return chosen.drop_duplicates("rollcall_id")


def check_selection(platform: Platform, ds: Dataset, problems: Problems) -> None:
    """Errors for ``votes:``/``rollcalls:`` lists naming roll calls the data lacks."""
    known = set(ds.rollcalls["rollcall_id"])
    file = str(platform.path)
    for pe in platform.entries():
        e = pe.entry
        for key, ids in (("rollcalls", e.rollcalls),
                         ("votes", e.votes if isinstance(e.votes, list) else [])):
            for i, rid in enumerate(ids):
                if rid not in known:
                    problems.error(
                        file, f"{key} names roll call {rid!r}, which is not in "
                        f"{ds.folder / 'rollcalls.csv'} (demand {pe.demand.id!r}); check the id",
                        platform.where((*pe.path, key, i)))


def select(platform: Platform, ds: Dataset, scope: Scope) -> Selection:
    """The roll calls every entry scores, for the period or for the lifetime."""
    rc = _rollcalls_with_bills(ds)
    by_number = {k: g for k, g in rc[rc["number"] != ""].groupby(["session", "number"])}
    by_id = rc.set_index("rollcall_id", drop=False)
    known_bills = set(zip(ds.bills["session"], ds.bills["number"], strict=True))
    period = platform.model.period
    parts: list[pd.DataFrame] = []
    missing: list[tuple[str, str, str]] = []
    for pe in platform.entries():
        e = pe.entry
        if scope == "period" and not entry_in_period(platform, pe):
            continue
        if e.number:
            found = [by_number[(e.session, n)] for n in e.numbers if (e.session, n) in by_number]
            absent = [n for n in e.numbers if (e.session, n) not in known_bills]
            if absent:
                missing.append((pe.key, " / ".join(absent), e.session or ""))
            if not found:
                continue
            chosen = _pick(pd.concat(found), pe)
        else:
            ids = [r for r in e.rollcalls if r in by_id.index]
            chosen = by_id.loc[ids].reset_index(drop=True)
        if chosen.empty:
            continue
        chosen = chosen.assign(
            entry=pe.key, order=pe.order, section_id=pe.section.id, demand_id=pe.demand.id,
            position=e.position, weight=float(e.weight),
        )
        if e.session:
            chosen["session"] = e.session
        parts.append(chosen)
    rows = (pd.concat(parts, ignore_index=True) if parts
            else pd.DataFrame(columns=SELECTED_COLUMNS))
    rows["session"] = rows["session"].where(rows["session"] != "", rows["date"].str[:4])
    if scope == "period":
        if period.start:
            rows = rows[rows["date"] >= period.start.isoformat()]
        if period.end:
            rows = rows[rows["date"] <= period.end.isoformat()]
    rows = rows.reindex(columns=SELECTED_COLUMNS).reset_index(drop=True)
    return Selection(rows=rows, missing=missing)
