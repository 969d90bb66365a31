"""What every vote importer does after reading its source: resolve people, check, merge, write.

An importer turns its source into :class:`Converted` tables whose people are still
*source* ids (``openstates:jane-smith``, ``legiscan:8641``) wherever the source gave no
roster id; votes and sponsors rows carry the chamber and session each person was seen
in (private columns ``_chamber`` and ``_session``). :func:`finish` resolves them all at
once through the roster, adds the legislators.csv rows, raises every error before
anything is written, merges into the dataset (:mod:`.merge`) and fills the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ...errors import Problems, SourceError
from ...model import KEYS, TABLES, base_print
from ...platform import load_platform
from ...tables import dataset_stage, read_table
from .merge import write_import
from .people import People
from .request import FetchRequest, ImportReport

PRIVATE = ["_chamber", "_session"]


@dataclass
class Converted:
    """The canonical tables read from one source file or response, and report lines."""

    tables: dict[str, pd.DataFrame]
    sessions: list[str] = field(default_factory=list)
    first: str = ""
    last: str = ""
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def warn_counts_differ(conv: Converted, mismatched: list[str], limit: int) -> None:
    """Warn of roll calls whose declared counts differ from their member votes: the
    first ``limit`` in full, then how many more."""
    conv.warnings += mismatched[:limit]
    if len(mismatched) > limit:
        conv.warnings.append(f"... and {len(mismatched) - limit} more roll calls whose "
                             "declared counts differ from the member votes")


def session_span(session: str, first: str = "", last: str = "") -> tuple[str, str]:
    """The dates a session covers: ``2023-2024`` -> 2023-01-01..2024-12-31, else the
    dates given (those of the votes imported)."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", session)
    if m:
        return f"{m[1]}-01-01", f"{m[2] or m[1]}-12-31"
    return first, last


def known_legislators(folder: Path) -> set[str]:
    """Legislator ids the dataset folder already holds."""
    if not (Path(folder) / "legislators.csv").exists():
        return set()
    problems = Problems()
    df = read_table(Path(folder), "legislators", problems)
    return set(df["legislator_id"]) if df is not None else set()


def _remap(df: pd.DataFrame, people: People, name: str, warnings: list[str]) -> pd.DataFrame:
    """Source ids -> resolved ids, using the private chamber and session columns."""
    if "_session" not in df.columns:
        return df
    sources = {key[0] for key in people.ledger.seen}
    ids = df["legislator_id"]
    mask = ids.isin(sources).to_numpy()
    out = df.drop(columns=PRIVATE)
    if not mask.any():
        return out.reset_index(drop=True)
    keys = zip(ids[mask].tolist(), df.loc[mask, "_chamber"].tolist(),
               df.loc[mask, "_session"].tolist(), strict=True)
    resolved = [people.id_of(*k) for k in keys]
    changed = np.zeros(len(df), dtype=bool)
    changed[np.flatnonzero(mask)] = [r != o for r, o in zip(resolved, ids[mask].tolist(),
                                                             strict=True)]
    out.loc[mask, "legislator_id"] = resolved
    if not changed.any():
        return out.reset_index(drop=True)
    # two source names may resolve to one person: look where an id changed
    key = list(KEYS[name]) if name != "sponsors" else ["bill_id", "legislator_id"]
    near = out[key[0]].isin(out.loc[changed, key[0]].unique()).to_numpy()
    twice = np.zeros(len(out), dtype=bool)
    twice[np.flatnonzero(near)] = out[near].duplicated(key, keep="last").to_numpy()
    if twice.any():
        example = out[twice].iloc[0]
        warnings.append(f"{name}: {int(twice.sum())} row(s) name a person already listed once "
                        f"(e.g. {example['legislator_id']} in {example[key[0]]}): two source "
                        "names resolved to the same person; the last row is kept")
        out = out[~twice]
    return out.reset_index(drop=True)


def finish(conversions: list[Converted], people: People, into: Path, source: str,
           label: str, meta: dict[str, Any], problems: Problems) -> ImportReport:
    """Resolve, check, gather and write the tables of one import; raise before writing."""
    problems.raise_if_errors(SourceError, f"Cannot import {label}")
    if not conversions or all(c.tables["rollcalls"].empty and c.tables["bills"].empty
                              for c in conversions):
        raise SourceError(f"{label}: no bills or roll calls found; nothing was written.")
    people.resolve()
    warnings: list[str] = []
    tables: dict[str, pd.DataFrame] = {}
    for name in ("bills", "rollcalls", "votes", "sponsors"):
        parts = [c.tables[name] for c in conversions if name in c.tables]
        df = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
            columns=list(TABLES[name]))
        tables[name] = _remap(df, people, name, warnings)
    tables["bills"] = tables["bills"].drop_duplicates("bill_id", keep="last")
    firsts = [c.first for c in conversions if c.first]
    lasts = [c.last for c in conversions if c.last]
    ids = set(tables["votes"]["legislator_id"].unique()) | set(
        tables["sponsors"]["legislator_id"].unique())
    legislators, more = people.legislators(
        ids, known_legislators(into), min(firsts, default=""), max(lasts, default=""))
    tables["legislators"] = legislators
    with dataset_stage(Path(into)) as stage:  # swapped in whole, unresolved.csv included
        merged = write_import(stage, tables, meta, source)
        people.write_unresolved(stage)
    report = ImportReport(source, Path(into), merged.counts)
    report.unresolved = people.unresolved
    for c in conversions:
        report.warnings += c.warnings
        report.notes += c.notes
    report.warnings += ([str(p) for p in problems.warnings] + warnings + more
                        + people.warnings + merged.warnings)
    report.notes += merged.notes
    return report


def wanted_bills(req: FetchRequest, source: str,
                whole_session: str) -> tuple[str, list[tuple[str, str]]]:
    """The state and the (session, number) pairs a fetch asks for (``whole_session``: how
    to get every bill of a session instead, for the message when none is named)."""
    platform = load_platform(req.platform) if req.platform else None
    state = (req.state or (platform.model.jurisdiction if platform else "") or "").strip()
    if not re.fullmatch(r"[A-Za-z]{2}", state) or state.upper() == "US":
        raise SourceError(f"Give the state: scorecard fetch {source} --state NY ... (or a "
                          "--platform whose jurisdiction is a state).")
    wanted: list[tuple[str, str]] = []
    if platform is not None:
        for e in platform.bill_entries():
            if e.entry.session and (not req.sessions or e.entry.session in req.sessions):
                wanted += [(e.entry.session, n) for n in e.entry.numbers]
    if req.bills:
        if not req.sessions:
            raise SourceError("--bill needs --session (e.g. --session 2023-2024 --bill S1747).")
        wanted += [(s, base_print(b)) for s in req.sessions for b in req.bills]
    if not wanted:
        raise SourceError(
            "Say which bills to fetch: --platform platform.yaml, or --session S --bill N. "
            + whole_session)
    return state.lower(), list(dict.fromkeys(wanted))


def none_fetched(origin: str, state: str, missing: list[str]) -> SourceError:
    """The error when a source has none of the bills asked for (``missing``)."""
    return SourceError(f"{origin} has none of the bills asked for in {state.upper()} ("
                       + ", ".join(missing[:10]) + "). Check the numbers and --session; "
                       "nothing was written.")


def warn_missing(report: ImportReport, origin: str, missing: list[str]) -> ImportReport:
    """``report``, warning of the bills asked for that ``origin`` does not have."""
    if missing:
        report.warnings.append(f"{origin} has no bill " + ", ".join(missing) + "; check the "
                               "numbers and sessions in the platform.")
    return report
