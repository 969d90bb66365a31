"""Which roll calls each platform entry scores (DESIGN.md section 4, "Selected roll calls").

Pure functions over the dataset's tables. The result has one row per (entry, roll call)
with the entry's place in the platform, its position and weight.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from .dataset import Dataset
from .errors import Problems
from .model import session_years
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
    #: entries none of whose prints is in bills.csv: (entry key, numbers, session)
    missing: list[tuple[str, str, str]] = field(default_factory=list)
    #: entries with some prints in bills.csv: entry key -> the prints that are not
    absent_prints: dict[str, list[str]] = field(default_factory=dict)


def committee_label(motion_type: str, committee: str) -> str:
    """``"Health committee vote"`` for a committee roll call, "" for any other."""
    if motion_type != "committee":
        return ""
    committee = str(committee or "").strip()
    if not committee:
        return "committee vote"
    return (committee if committee.lower().endswith("committee") else
            f"{committee} committee") + " vote"


def committee_motion(motion: str, motion_type: str, committee: str) -> str:
    """A roll call's motion as shown: a committee vote always names its committee
    (``Health committee: Favorable``), once."""
    motion, committee = str(motion or ""), str(committee or "")
    if motion_type != "committee":
        return motion
    if not committee:
        return motion if "committee" in motion.lower() else f"Committee vote: {motion}"
    if committee.lower() in motion.lower():
        return motion
    label = committee if committee.lower().endswith("committee") else f"{committee} committee"
    return f"{label}: {motion}" if motion else f"{label} vote"


def session_in_period(platform: Platform, session: str | None) -> bool:
    """Whether a session's votes count for the period: every session does when
    ``period.sessions`` names none."""
    sessions = platform.model.period.sessions
    return not sessions or session in sessions


def in_period_dates(platform: Platform, dates: pd.Series) -> np.ndarray:
    """Which ``dates`` (ISO text) fall within the period's start and end, when it sets them."""
    keep = np.ones(len(dates), dtype=bool)
    period = platform.model.period
    if period.start:
        keep &= (dates >= period.start.isoformat()).to_numpy(dtype=bool)
    if period.end:
        keep &= (dates <= period.end.isoformat()).to_numpy(dtype=bool)
    return keep


def period_entries(platform: Platform) -> set[str]:
    """The keys of the platform entries the period scores (:func:`entry_in_period`)."""
    return {pe.key for pe in platform.entries() if entry_in_period(platform, pe)}


def entry_in_period(platform: Platform, pe: PlatformEntry) -> bool:
    """``period.sessions`` filters bill entries by their session (named roll calls are
    always in: the period's dates decide for them)."""
    return not pe.entry.number or session_in_period(platform, pe.entry.session)


def named_prints(platform: Platform) -> set[tuple[str, str]]:
    """(session, number) of every print the platform's bill entries name."""
    return {(pe.entry.session or "", n) for pe in platform.bill_entries()
            for n in pe.entry.numbers}


def session_of(date: str, sessions: list[str]) -> str:
    """The session (``2023-2024``) whose years include ``date``, else the date's year."""
    year = int(date[:4])
    for s in sorted(set(sessions)):
        years = session_years(s)
        if years and years[0] <= year <= years[1]:
            return s
    return date[:4]


def _rollcalls_with_bills(ds: Dataset, bills: pd.DataFrame, listed: set[str]) -> pd.DataFrame:
    """The roll calls on ``bills`` or named in ``listed`` (the only ones an entry can
    select), in file order, with their bill's session and number ("" for none)."""
    rc = ds.rollcalls
    rc = rc[(rc["bill_id"].isin(set(bills["bill_id"])) | rc["rollcall_id"].isin(listed))
            .to_numpy(dtype=bool)].rename(columns={"order": "rc_order"})
    rc = rc.merge(ds.bills[["bill_id", "session", "number"]], on="bill_id", how="left")
    return rc.fillna({"session": "", "number": ""})


def _entry_table(entries: list[PlatformEntry]) -> pd.DataFrame:
    """One row per (bill entry, print number) with the entry's attributes."""
    rows = [
        (pe.key, pe.entry.session or "", n,
         pe.entry.votes if isinstance(pe.entry.votes, str) else "list", pe.entry.committee)
        for pe in entries if pe.entry.number for n in pe.entry.numbers
    ]
    return pd.DataFrame(rows, columns=["entry", "session", "number", "mode", "with_committee"])


def _listed(entries: list[PlatformEntry]) -> pd.DataFrame:
    """(entry, rollcall_id) pairs named directly: ``rollcalls:`` entries and ``votes:`` lists."""
    rows = [(pe.key, rid) for pe in entries for rid in pe.entry.rollcalls]
    rows += [(pe.key, rid) for pe in entries if isinstance(pe.entry.votes, list)
             for rid in pe.entry.votes]
    return pd.DataFrame(rows, columns=["entry", "rollcall_id"])


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
    entries = [pe for pe in platform.entries()
               if scope == "lifetime" or entry_in_period(platform, pe)]
    spec = _entry_table(entries)
    listed = _listed(entries)
    named = ds.bills_named(zip(spec["session"], spec["number"], strict=True))
    rc = _rollcalls_with_bills(ds, named, set(listed["rollcall_id"]))
    known_bills = set(zip(named["session"], named["number"], strict=True))
    missing: list[tuple[str, str, str]] = []
    partly: dict[str, list[str]] = {}
    for pe in entries:
        absent = [n for n in pe.entry.numbers if (pe.entry.session, n) not in known_bills]
        if absent and len(absent) == len(pe.entry.numbers):
            missing.append((pe.key, " / ".join(absent), pe.entry.session or ""))
        elif absent:
            partly[pe.key] = absent
    cand = spec.merge(rc[rc["number"] != ""], on=["session", "number"])
    passage = cand[cand["motion_type"] == "passage"]
    final = passage[passage["mode"] == "final"].sort_values(["date", "rc_order"], kind="stable")
    parts = [
        final.groupby(["entry", "chamber"], sort=False).tail(1),
        passage[passage["mode"] == "all"],
        cand[cand["with_committee"] & (cand["motion_type"] == "committee")],
        listed.merge(rc, on="rollcall_id"),
    ]
    rows = pd.concat([p.drop(columns=["mode", "with_committee"], errors="ignore")
                      for p in parts], ignore_index=True)
    rows = rows.drop_duplicates(["entry", "rollcall_id"])
    info = pd.DataFrame(
        [(pe.key, pe.order, pe.section.id, pe.demand.id, pe.entry.position,
          float(pe.entry.weight), float(pe.entry.committee_weight or pe.entry.weight),
          pe.entry.session or "") for pe in entries],
        columns=["entry", "order", "section_id", "demand_id", "position", "weight",
                 "committee_weight", "entry_session"])
    rows = rows.merge(info, on="entry")
    # a committee vote weighs the entry's committee_weight (default: its weight), and its
    # motion names the committee wherever the vote is shown
    is_committee = (rows["motion_type"] == "committee").to_numpy()
    rows["weight"] = rows["weight"].where(~is_committee, rows["committee_weight"])
    rows["motion"] = [committee_motion(m, t, c) for m, t, c in zip(
        rows["motion"], rows["motion_type"], rows["committee"], strict=True)]
    # a roll call's session: its entry's, else its bill's, else the one its date falls in
    session = rows["entry_session"].where(rows["entry_session"] != "", rows["session"])
    undated = session == ""
    if undated.any():
        known = [*ds.bills["session"].unique(), *map(str, ds.meta.get("sessions") or [])]
        session[undated] = rows.loc[undated, "date"].map(lambda d: session_of(d, known))
    rows["session"] = session
    if scope == "period":
        rows = rows[in_period_dates(platform, rows["date"])]
    rows = rows.sort_values(["order", "date", "rc_order"], kind="stable")
    rows = rows.reindex(columns=SELECTED_COLUMNS).reset_index(drop=True)
    return Selection(rows=rows, missing=missing, absent_prints=partly)
